/* fuzz-endpoints.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for pw_endpoints_extract(): arbitrary bytes in, and every
 * endpoint out must be well formed and point inside the input.  The same
 * bytes go through pw_md_list_sections() and
 * pw_api_plan_find_global_sections(), whose sections must nest and point
 * inside the input too.
 */

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdint.h>
#include <string.h>

#include "pw-endpoints.h"
#include "pw-md-sections.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_sections (GPtrArray *sections,
                size_t     size,
                gboolean   global)
{
  for (guint i = 0; i < sections->len; i++)
    {
      PwMdSection *section = g_ptr_array_index (sections, i);

      g_assert_cmpuint (section->level, >=, 1);
      g_assert_cmpuint (section->level, <=, 6);
      g_assert_cmpuint (section->start, <, section->body_start);
      g_assert_cmpuint (section->body_start, <=, section->end);
      g_assert_cmpuint (section->end, <=, size);
      g_assert_cmpuint (section->line, >=, 1);
      g_assert_true (g_utf8_validate (section->title, -1, NULL));
      g_assert_true (global == (section->kind != NULL));
      if (i > 0)
        g_assert_cmpuint (((PwMdSection *) g_ptr_array_index (sections, i - 1))->start, <,
                          section->start);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *copy = NULL;

  /* An exact-size copy, so that reads past the end trip ASan. */
  copy = g_malloc (size > 0 ? size : 1);
  if (size > 0)
    memcpy (copy, data, size);

  endpoints = pw_endpoints_extract (copy, size, "fuzz.md");
  g_assert_nonnull (endpoints);

  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);
      g_autofree char *key = pw_endpoint_dup_key (endpoint);

      g_assert_nonnull (endpoint->method);
      g_assert_true (endpoint->path[0] == '/');
      g_assert_true (endpoint->raw_path[0] == '/');
      g_assert_null (strchr (endpoint->path, '?'));
      g_assert_cmpuint (endpoint->section_start, <, endpoint->section_end);
      g_assert_cmpuint (endpoint->section_end, <=, size);
      g_assert_cmpuint (endpoint->line, >=, 1);
      g_assert_true (endpoint->title == NULL || g_utf8_validate (endpoint->title, -1, NULL));
      g_assert_true (pw_endpoints_find (endpoints, key) == endpoint);
    }

  node = pw_endpoints_to_json (endpoints);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));

  {
    g_autoptr(GPtrArray) sections = pw_md_list_sections (copy, size);
    g_autoptr(GPtrArray) globals = pw_api_plan_find_global_sections (copy, size);

    check_sections (sections, size, FALSE);
    check_sections (globals, size, TRUE);
  }

  return 0;
}
