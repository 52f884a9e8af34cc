/* bench-wizard-filter.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The new-plan wizard's endpoint filter over 1,000 endpoints (see
 * docs/BENCHMARKS.md): the real dialog, on a generated repository whose API
 * plan lists 1,000 endpoints in 50 groups, on its Subject page. Each
 * keystroke of a few queries (typed, then erased) sets the filter's text
 * as the search entry would and is timed in two parts: the filter itself
 * (every row's match and visibility, pw_new_plan_dialog_set_filter()) and
 * the frame that shows the result (frame clock update to after-paint).
 * Both are measured in the main thread's CPU time, which other processes
 * on a busy machine do not inflate, and in wall time.
 * Run under xvfb-run with GSK_RENDERER=cairo.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pw-new-plan-dialog.h"

#define N_GROUPS 50
#define N_PER_GROUP 20

typedef struct
{
  gint64   frame_start;
  gint64   frame_end;
  gint64   cpu_start;
  gint64   cpu_end;
  gboolean painted;
} Frames;

typedef struct
{
  GArray *filter;
  GArray *frame;
  GArray *total;
} Figures;

/* The main thread's CPU time, in microseconds. */
static gint64
cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static const char * const queries[] = {
  "post resource-37",
  "get /api/resource-12/{id}/sub-7",
  "delete items",
  "zzz no match",
};

static void
write_api_plan (const char *root)
{
  static const char * const methods[] = { "GET", "POST", "PATCH", "DELETE" };
  g_autoptr(GString) text = g_string_new ("# REST API Plan\n\n## 2. Endpoints\n\n");
  g_autofree char *folder = g_build_filename (root, ".ai", NULL);
  g_autofree char *path = g_build_filename (folder, "api-plan.md", NULL);

  for (guint g = 0; g < N_GROUPS; g++)
    {
      g_string_append_printf (text, "### 2.%u Resource %u items\n\n", g + 1, g);
      for (guint e = 0; e < N_PER_GROUP; e++)
        g_string_append_printf (text, "#### %s /api/resource-%u/{id}/sub-%u\n"
                                "Handles sub-resource %u of resource %u.\n\n",
                                methods[e % G_N_ELEMENTS (methods)], g, e, e, g);
    }

  g_assert (g_mkdir_with_parents (folder, 0755) == 0);
  g_assert (g_file_set_contents (path, text->str, text->len, NULL));
}

static void
update_cb (GdkFrameClock *clock,
           Frames        *frames)
{
  if (frames->frame_start == 0)
    {
      frames->frame_start = g_get_monotonic_time ();
      frames->cpu_start = cpu_us ();
    }
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frames        *frames)
{
  frames->frame_end = g_get_monotonic_time ();
  frames->cpu_end = cpu_us ();
  frames->painted = TRUE;
}

static void
wait_frame (GtkWidget *widget,
            Frames    *frames)
{
  frames->frame_start = 0;
  frames->painted = FALSE;
  gtk_widget_queue_draw (widget);
  while (!frames->painted)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A typist's pause: the entry's delayed search-changed runs here, not in
 * the next keystroke's figures. */
static void
pause_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *name,
        GArray     *values)
{
  double *v = (double *) values->data;
  guint n = values->len;

  g_array_sort (values, compare_doubles);
  printf ("%-24s median %6.2f ms   p95 %6.2f ms   max %6.2f ms   (%u keystrokes)\n", name,
          v[n / 2], v[MIN (n - 1, (n * 95) / 100)], v[n - 1], n);
}

static void
add (Figures *figures,
     double   filter_ms,
     double   frame_ms)
{
  double total_ms = filter_ms + frame_ms;

  g_array_append_val (figures->filter, filter_ms);
  g_array_append_val (figures->frame, frame_ms);
  g_array_append_val (figures->total, total_ms);
}

/* One keystroke: the filter's text becomes @text. */
static void
keystroke (PwNewPlanDialog *dialog,
           Frames          *frames,
           const char      *text,
           Figures         *cpu,
           Figures         *wall)
{
  gint64 start = g_get_monotonic_time ();
  gint64 cpu_start = cpu_us ();
  double filter_cpu, filter_wall;

  frames->frame_start = 0;
  frames->painted = FALSE;
  pw_new_plan_dialog_set_filter (dialog, text);
  filter_cpu = (cpu_us () - cpu_start) / 1000.0;
  filter_wall = (g_get_monotonic_time () - start) / 1000.0;
  while (!frames->painted)
    g_main_context_iteration (NULL, TRUE);

  add (cpu, filter_cpu, (frames->cpu_end - frames->cpu_start) / 1000.0);
  add (wall, filter_wall, (frames->frame_end - frames->frame_start) / 1000.0);
  if (g_getenv ("PW_BENCH_VERBOSE") != NULL)
    fprintf (stderr, "%-34s cpu: filter %.2f frame %.2f; visible %u\n", text, filter_cpu,
             (frames->cpu_end - frames->cpu_start) / 1000.0,
             pw_new_plan_dialog_get_n_visible_endpoints (dialog));
  pause_ms (200);
}

static Figures *
figures_new (void)
{
  Figures *figures = g_new0 (Figures, 1);

  figures->filter = g_array_new (FALSE, FALSE, sizeof (double));
  figures->frame = g_array_new (FALSE, FALSE, sizeof (double));
  figures->total = g_array_new (FALSE, FALSE, sizeof (double));
  return figures;
}

static void
figures_report (Figures    *figures,
                const char *clock)
{
  g_autofree char *filter = g_strdup_printf ("%s filter", clock);
  g_autofree char *frame = g_strdup_printf ("%s frame", clock);
  g_autofree char *total = g_strdup_printf ("%s keystroke", clock);

  report (filter, figures->filter);
  report (frame, figures->frame);
  report (total, figures->total);
  g_array_unref (figures->filter);
  g_array_unref (figures->frame);
  g_array_unref (figures->total);
  g_free (figures);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = g_dir_make_tmp ("pw-bench-wizard-XXXXXX", NULL);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  Figures *cpu = figures_new ();
  Figures *wall = figures_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  PwNewPlanDialog *dialog;
  Frames frames = { 0, };
  GdkFrameClock *clock;
  gint64 start;

  gtk_init ();
  adw_init ();
  gtk_source_init ();

  write_api_plan (root);
  folder = g_file_new_for_path (root);
  workspace = pw_workspace_open (folder, NULL, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  dialog = pw_new_plan_dialog_new (NULL, workspace);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1000, 760);
  gtk_window_present (GTK_WINDOW (dialog));
  while (pw_new_plan_dialog_get_loading (dialog))
    g_main_context_iteration (NULL, TRUE);
  pw_new_plan_dialog_set_page (dialog, "subject");
  while (gtk_widget_get_frame_clock (GTK_WIDGET (dialog)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (dialog));
  g_signal_connect (clock, "update", G_CALLBACK (update_cb), &frames);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  wait_frame (GTK_WIDGET (dialog), &frames);
  printf ("wizard open with %u endpoints shown: %.0f ms\n",
          pw_new_plan_dialog_get_n_visible_endpoints (dialog),
          (g_get_monotonic_time () - start) / 1000.0);
  pause_ms (500);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      gsize n = strlen (queries[q]);

      for (gsize i = 1; i <= n; i++)
        {
          g_autofree char *typed = g_strndup (queries[q], i);

          keystroke (dialog, &frames, typed, cpu, wall);
        }
      for (gsize i = n; i > 0; i--)
        {
          g_autofree char *typed = g_strndup (queries[q], i - 1);

          keystroke (dialog, &frames, typed, cpu, wall);
        }
    }

  figures_report (cpu, "CPU");
  figures_report (wall, "wall");

  gtk_window_destroy (GTK_WINDOW (dialog));
  command = g_strdup_printf ("rm -rf '%s'", root);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);

  return 0;
}
