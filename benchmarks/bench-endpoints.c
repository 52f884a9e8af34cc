/* bench-endpoints.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times pw_endpoints_extract() over every API plan in the corpus:
 *   bench-endpoints [CORPUS_DIR] [ROUNDS]
 * CORPUS_DIR defaults to $PW_SOURCE_ROOT/../shared/corpus.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "pw-endpoints.h"
#include "pw-md-sections.h"

typedef struct
{
  char  *text;
  gsize  length;
  char  *file;
} Plan;

static void
plan_clear (gpointer data)
{
  Plan *plan = data;

  g_free (plan->text);
  g_free (plan->file);
}

static GArray *
load_plans (const char  *dir,
            GError     **error)
{
  g_autoptr(GArray) plans = g_array_new (FALSE, TRUE, sizeof (Plan));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *labels_path = g_build_filename (dir, "labels.json", NULL);
  g_autoptr(GList) repos = NULL;
  JsonObject *labels;

  g_array_set_clear_func (plans, plan_clear);

  if (!json_parser_load_from_file (parser, labels_path, error))
    return NULL;

  labels = json_node_get_object (json_parser_get_root (parser));
  repos = json_object_get_members (labels);
  for (const GList *l = repos; l != NULL; l = l->next)
    {
      JsonObject *api_plans = json_object_get_object_member (
        json_object_get_object_member (labels, l->data), "api_plans");
      g_autoptr(GList) files = json_object_get_members (api_plans);

      for (const GList *f = files; f != NULL; f = f->next)
        {
          Plan plan = { NULL, 0, NULL };
          g_autofree char *path = g_build_filename (dir, l->data, f->data, NULL);

          if (!g_file_get_contents (path, &plan.text, &plan.length, error))
            return NULL;
          plan.file = g_build_filename (l->data, f->data, NULL);
          g_array_append_val (plans, plan);
        }
    }

  return g_steal_pointer (&plans);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) plans = NULL;
  guint rounds = 200;
  gsize bytes = 0;
  guint n_endpoints = 0;
  gint64 start, elapsed;
  gint64 slowest = 0;
  const char *slowest_file = NULL;

  if (argc > 1)
    dir = g_strdup (argv[1]);
  else if (g_getenv ("PW_SOURCE_ROOT") != NULL)
    dir = g_build_filename (g_getenv ("PW_SOURCE_ROOT"), "..", "shared", "corpus", NULL);
  else
    dir = g_strdup ("../shared/corpus");
  if (argc > 2)
    rounds = MAX (1, atoi (argv[2]));

  plans = load_plans (dir, &error);
  if (plans == NULL)
    {
      fprintf (stderr, "bench-endpoints: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < plans->len; i++)
    {
      Plan *plan = &g_array_index (plans, Plan, i);
      g_autoptr(GPtrArray) endpoints = NULL;
      gint64 t0 = g_get_monotonic_time ();

      endpoints = pw_endpoints_extract (plan->text, plan->length, plan->file);
      t0 = g_get_monotonic_time () - t0;
      bytes += plan->length;
      n_endpoints += endpoints->len;
      if (t0 > slowest)
        {
          slowest = t0;
          slowest_file = plan->file;
        }
    }

  start = g_get_monotonic_time ();
  for (guint r = 0; r < rounds; r++)
    {
      for (guint i = 0; i < plans->len; i++)
        {
          Plan *plan = &g_array_index (plans, Plan, i);
          g_autoptr(GPtrArray) endpoints = pw_endpoints_extract (plan->text, plan->length,
                                                                 plan->file);

          g_assert (endpoints != NULL);
        }
    }
  elapsed = g_get_monotonic_time () - start;

  printf ("plans:            %u\n", plans->len);
  printf ("bytes:            %" G_GSIZE_FORMAT "\n", bytes);
  printf ("endpoints:        %u\n", n_endpoints);
  printf ("rounds:           %u\n", rounds);
  printf ("ms per corpus:    %.3f\n", elapsed / 1000.0 / rounds);
  printf ("MB/s:             %.1f\n", (double) bytes * rounds / elapsed);
  printf ("first-run slowest: %s, %.3f ms\n", slowest_file, slowest / 1000.0);

  /* The Markdown sections and the global sections of the same plans. */
  {
    typedef GPtrArray *(*SectionsFunc) (const char *text, gsize length);
    static const struct { const char *label; SectionsFunc func; } kinds[] = {
      { "ms per corpus, sections:        %.3f (%u sections)\n", pw_md_list_sections },
      { "ms per corpus, global sections: %.3f (%u sections)\n", pw_api_plan_find_global_sections },
    };

    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        guint n_sections = 0;

        start = g_get_monotonic_time ();
        for (guint r = 0; r < rounds; r++)
          for (guint i = 0; i < plans->len; i++)
            {
              Plan *plan = &g_array_index (plans, Plan, i);
              g_autoptr(GPtrArray) sections = kinds[k].func (plan->text, plan->length);

              if (r == 0)
                n_sections += sections->len;
            }
        elapsed = g_get_monotonic_time () - start;
        printf (kinds[k].label, elapsed / 1000.0 / rounds, n_sections);
      }
  }

  /* One big document, every plan eight times over: the time should grow
   * linearly with the size. */
  {
    g_autoptr(GString) big = g_string_new (NULL);
    g_autoptr(GPtrArray) endpoints = NULL;
    gint64 t0;

    for (guint copy = 0; copy < 8; copy++)
      for (guint i = 0; i < plans->len; i++)
        {
          Plan *plan = &g_array_index (plans, Plan, i);

          g_string_append_len (big, plan->text, plan->length);
          g_string_append (big, "\n\n");
        }

    t0 = g_get_monotonic_time ();
    for (guint r = 0; r < 10; r++)
      {
        g_clear_pointer (&endpoints, g_ptr_array_unref);
        endpoints = pw_endpoints_extract (big->str, big->len, "big.md");
      }
    t0 = g_get_monotonic_time () - t0;
    printf ("one %" G_GSIZE_FORMAT "-byte document: %u endpoints, %.3f ms\n",
            big->len, endpoints->len, t0 / 1000.0 / 10);
  }

  return 0;
}
