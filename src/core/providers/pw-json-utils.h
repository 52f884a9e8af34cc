/* pw-json-utils.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parsing and type-checked access for JSON from the wire, which is
 * untrusted: every accessor returns a neutral value for a missing member
 * or one of another type, and accepts a %NULL object. */

JsonNode   *pw_json_parse           (const char  *data,
                                     gsize        length,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;
JsonNode   *pw_json_parse_chunk     (JsonParser  *parser,
                                     const char  *data,
                                     gsize        length,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;
const char *pw_json_get_string      (JsonObject  *object,
                                     const char  *member);
JsonObject *pw_json_get_object      (JsonObject  *object,
                                     const char  *member);
JsonArray  *pw_json_get_array       (JsonObject  *object,
                                     const char  *member);
gint64      pw_json_get_int         (JsonObject  *object,
                                     const char  *member);
gboolean    pw_json_get_bool        (JsonObject  *object,
                                     const char  *member);
JsonObject *pw_json_array_get_object (JsonArray  *array,
                                     guint        index);
void        pw_json_collect_strings (JsonArray   *array,
                                     const char  *member,
                                     const char  *fallback_member,
                                     GPtrArray   *strings);

G_END_DECLS
