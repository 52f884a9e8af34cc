/* bench-templates.c: template parsing, lint and export rendering speed
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-templates [CORPUS_DIR]   (default: $PW_SOURCE_ROOT/../shared/corpus)
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "pw-export.h"
#include "pw-lint.h"
#include "pw-template.h"

#define ROUNDS 20

int
main (int   argc,
      char *argv[])
{
  g_autofree char *corpus = NULL;
  g_autofree char *labels_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PwTemplate) t = NULL;
  g_autoptr(GList) repos = NULL;
  JsonObject *labels;
  gsize total_bytes = 0;
  gint64 start;
  double parse_us, lint_ms, render_ms;

  setlocale (LC_ALL, "C.UTF-8");

  if (argc > 1)
    corpus = g_strdup (argv[1]);
  else
    corpus = g_build_filename (g_getenv ("PW_SOURCE_ROOT") ? g_getenv ("PW_SOURCE_ROOT") : ".",
                               "..", "shared", "corpus", NULL);
  labels_path = g_build_filename (corpus, "labels.json", NULL);
  if (!json_parser_load_from_file (parser, labels_path, NULL))
    {
      fprintf (stderr, "no corpus at %s\n", corpus);
      return 1;
    }

  labels = json_node_get_object (json_parser_get_root (parser));
  repos = json_object_get_members (labels);
  for (GList *l = repos; l != NULL; l = l->next)
    {
      JsonObject *plans = json_object_get_object_member (json_object_get_object_member (labels, l->data),
                                                         "implementation_plans");
      g_autoptr(GList) paths = json_object_get_members (plans);

      for (GList *p = paths; p != NULL; p = p->next)
        {
          g_autofree char *file = g_build_filename (corpus, l->data, p->data, NULL);
          char *contents = NULL;
          gsize length = 0;

          if (g_file_get_contents (file, &contents, &length, NULL))
            {
              g_ptr_array_add (texts, contents);
              total_bytes += length;
            }
        }
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(PwTemplate) parsed = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);

      g_assert (parsed != NULL);
    }
  parse_us = (g_get_monotonic_time () - start) / 1000.0;

  t = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);

  start = g_get_monotonic_time ();
  for (guint r = 0; r < ROUNDS; r++)
    for (guint i = 0; i < texts->len; i++)
      {
        g_autoptr(GPtrArray) issues = pw_lint_check (g_ptr_array_index (texts, i), -1, t);

        g_assert (issues != NULL);
      }
  lint_ms = (g_get_monotonic_time () - start) / 1000.0 / ROUNDS;

  start = g_get_monotonic_time ();
  for (guint r = 0; r < ROUNDS; r++)
    for (guint i = 0; i < texts->len; i++)
      {
        PwProvenance prov = { "feature-plan", "bench", "2026-01-01", NULL };
        g_autofree char *out = pw_export_render_text (g_ptr_array_index (texts, i), -1, t, &prov);

        g_assert (out != NULL);
      }
  render_ms = (g_get_monotonic_time () - start) / 1000.0 / ROUNDS;

  printf ("template parse (built-in feature-plan): %.1f µs each\n", parse_us);
  printf ("lint: %u corpus plans, %" G_GSIZE_FORMAT " bytes: %.2f ms per pass (%.1f MB/s)\n",
          texts->len, total_bytes, lint_ms, total_bytes / (lint_ms * 1000.0));
  printf ("export render: same plans: %.2f ms per pass (%.1f MB/s)\n",
          render_ms, total_bytes / (render_ms * 1000.0));

  return 0;
}
