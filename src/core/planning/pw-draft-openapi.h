/* pw-draft-openapi.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "pw-draft-extract.h"

G_BEGIN_DECLS

PwDraftFacts *pw_draft_extract_openapi (const char  *section,
                                        const char  *document,
                                        JsonNode   **root,
                                        const char  *path,
                                        guint        first_line) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
