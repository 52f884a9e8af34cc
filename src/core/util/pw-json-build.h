/* pw-json-build.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void pw_json_build_string  (JsonBuilder *builder,
                            const char  *member,
                            const char  *value);
void pw_json_build_int     (JsonBuilder *builder,
                            const char  *member,
                            gint64       value);
void pw_json_build_boolean (JsonBuilder *builder,
                            const char  *member,
                            gboolean     value);

G_END_DECLS
