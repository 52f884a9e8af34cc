/* pw-utils.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gsize    pw_estimate_tokens     (const char *text,
                                 gssize      length);
char    *pw_slugify             (const char *text) G_GNUC_WARN_UNUSED_RESULT;
char    *pw_sha256_hex          (const char *data,
                                 gssize      length) G_GNUC_WARN_UNUSED_RESULT;
gboolean pw_path_is_confined    (const char *relative_path);
void     pw_core_ensure_resources (void);

G_END_DECLS
