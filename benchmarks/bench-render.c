/* bench-render.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan view with a 1 MB plan (see docs/BENCHMARKS.md):
 *   (a) pw_plan_view_set_plan() to the first frame painted; then the frames
 *       until the list holds every block (the view fills it over frames),
 *       and the frame work (tick to after-paint) of those frames;
 *   (b) streaming it in 4-byte pieces, N pieces per frame: frame work
 *       (tick to after-paint) and the view's own update time, max and p99,
 *       and the cumulative update time at 25/50/75/100 % of the text;
 *   (c) VmRSS and VmHWM with the plan open.
 * Run under xvfb-run with GSK_RENDERER=cairo.
 *   bench-render --screenshot SECONDS   shows the shelfie plan with step 1
 *   ticked instead, for a screenshot.
 */

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pw-code-languages.h"
#include "pw-plan-view.h"
#include "pw-plan-view-private.h"

typedef struct
{
  GtkWidget  *window;
  PwPlanView *view;
  PwPlan     *plan;
  const char *text;
  gsize       len;
  gsize       pos;
  guint       per_frame;
  gint64      tick_start;
  gint64      tick_end;
  gint64      layout_end;
  gint64      paint_end;
  gint64      update_us;
  gboolean    painted;
  gboolean    done;
  GArray     *frames;   /* double, ms */
  GArray     *updates;  /* double, ms */
  GArray     *layouts;  /* double, ms: end of the update phase to end of layout */
  GArray     *paints;   /* double, ms: end of layout to end of paint */
  double      total_update;
  double      marks[8];   /* cumulative update at each eighth of the text */
  guint       over_16;    /* frames whose work took more than 16 ms */
  guint       behind_frames;   /* stream frames after which the view was behind */
  guint       catch_up_frames; /* frames after the last piece until it caught up */
} Bench;

static char *
build_plan (gsize target)
{
  GString *s = g_string_new ("# Implementation Plan: Library catalogue at scale\n\n");
  guint section = 0;
  guint steps;

  while (s->len < target * 3 / 4)
    {
      section++;
      g_string_append_printf (s,
        "## %u. Component %u\n\n"
        "The component **%u** handles the *catalogue* requests with `listBooks()` and keeps "
        "the page under 300 ms; see [the API plan](https://example.com/api/%u) for details. "
        "Rows carry the open loan, if any, so the list can show a badge without a second "
        "request.\n\n"
        "- Validate `q`, `status` and `tag` with zod;\n"
        "- query the `books` view with a keyset cursor;\n"
        "  - map rows to `BookListItemDto`;\n"
        "- return `200 OK` with the page.\n\n"
        "```ts\n"
        "export async function listBooks%u(query: ListBooksQuery): Promise<Page> {\n"
        "  const rows = await db.from(\"books\").select(\"*\").limit(query.limit);\n"
        "  return { data: rows.map(toDto), total: rows.length };\n"
        "}\n"
        "```\n\n"
        "| Parameter | Type | Rule |\n"
        "|-----------|------|------|\n"
        "| `q` | string | 2–100 characters |\n"
        "| `limit` | integer | 1–100, default 20 |\n\n"
        "> Note: the owner comes from the session, never from the query.\n\n",
        section, section, section, section, section);
    }

  g_string_append (s, "## Implementation steps\n\n");
  for (steps = 1; s->len < target; steps++)
    g_string_append_printf (s, "%u. [ ] Implement part %u of the catalogue: add the query, "
                               "the mapping and a test for `page=%u`.\n", steps, steps, steps);

  return g_string_free (s, FALSE);
}

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static double
median (double *v,
        guint   n)
{
  double *copy = g_memdup2 (v, n * sizeof (double));
  double m;

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (copy[j] < copy[i])
        {
          double t = copy[i];
          copy[i] = copy[j];
          copy[j] = t;
        }
  m = copy[n / 2];
  g_free (copy);

  return m;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static void
stats (GArray *v,
       double *max,
       double *p99)
{
  g_array_sort (v, cmp_double);
  *max = v->len > 0 ? g_array_index (v, double, v->len - 1) : 0;
  *p99 = v->len > 0 ? g_array_index (v, double, MIN (v->len - 1, (guint)(v->len * 0.99))) : 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  b->painted = TRUE;
  if (b->tick_start > 0)
    {
      double ms = (now_us () - b->tick_start) / 1000.0;

      g_array_append_val (b->frames, ms);
      if (ms > 16.0)
        {
          b->over_16++;
          if (g_getenv ("PW_BENCH_VERBOSE") != NULL)
            fprintf (stderr, "frame over 16 ms at byte %zu: %.1f ms (update %.1f, layout %.1f, paint %.1f)\n",
                     b->pos, ms, b->tick_end > 0 ? (b->tick_end - b->tick_start) / 1000.0 : 0,
                     b->layout_end > b->tick_end && b->tick_end > 0 ? (b->layout_end - b->tick_end) / 1000.0 : 0,
                     b->paint_end > b->layout_end ? (b->paint_end - b->layout_end) / 1000.0 : 0);
        }
      if (b->tick_end > 0 && b->layout_end >= b->tick_end && b->paint_end >= b->layout_end)
        {
          ms = (b->layout_end - b->tick_end) / 1000.0;
          g_array_append_val (b->layouts, ms);
          ms = (b->paint_end - b->layout_end) / 1000.0;
          g_array_append_val (b->paints, ms);
        }
      b->tick_start = 0;
      b->tick_end = 0;
    }
}

/* Connected after GTK's own handlers: they mark the end of each phase. */
static void
layout_cb (GdkFrameClock *clock,
           Bench         *b)
{
  b->layout_end = now_us ();
}

static void
paint_cb (GdkFrameClock *clock,
          Bench         *b)
{
  b->paint_end = now_us ();
}

static void
wait_paint (Bench *b)
{
  b->painted = FALSE;
  gtk_widget_queue_draw (b->window);
  while (!b->painted)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
mark_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  Bench *b = user_data;

  b->tick_start = now_us ();

  return G_SOURCE_CONTINUE;
}

static GtkListView *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return GTK_LIST_VIEW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *found = find_list_view (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
stream_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  Bench *b = user_data;
  gint64 start;
  double ms;

  if (b->pos >= b->len)
    {
      /* The frames the view takes to show what it is behind by count too. */
      if (pw_plan_view_get_behind (b->view))
        {
          b->tick_start = now_us ();
          b->tick_end = b->tick_start;
          b->catch_up_frames++;
          return G_SOURCE_CONTINUE;
        }
      b->done = TRUE;
      return G_SOURCE_REMOVE;
    }

  b->tick_start = now_us ();
  for (guint i = 0; i < b->per_frame && b->pos < b->len; i++)
    {
      pw_plan_append (b->plan, b->text + b->pos, MIN (4, b->len - b->pos));
      b->pos += 4;
    }
  start = now_us ();
  pw_plan_view_apply_pending (b->view);
  b->tick_end = now_us ();
  if (pw_plan_view_get_behind (b->view))
    b->behind_frames++;
  ms = (b->tick_end - start) / 1000.0;
  g_array_append_val (b->updates, ms);
  b->total_update += ms;
  for (guint q = 0; q < 8; q++)
    {
      if (b->marks[q] == 0 && b->pos >= b->len * (q + 1) / 8)
        b->marks[q] = b->total_update;
    }

  return G_SOURCE_CONTINUE;
}

static void
print_memory (void)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS") || g_str_has_prefix (lines[i], "VmHWM"))
        printf ("%s\n", lines[i]);
    }
}

static void
load_css (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, "/io/github/planwright/Planwright/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static gboolean
quit_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static int
screenshot (Bench *b,
            guint  seconds)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root != NULL ? root : ".", "examples", "shelfie",
                                            ".ai", "get-books-implementation-plan.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(PwPlan) plan = NULL;
  gboolean quit = FALSE;
  guint step_line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 1;
  plan = pw_plan_new_from_text (text, -1);
  if (pw_plan_get_n_steps (plan) > 0)
    pw_plan_set_step_done (plan, 0, TRUE);
  pw_plan_view_set_plan (b->view, plan);
  step_line = pw_plan_get_n_steps (plan) > 0 ? pw_plan_get_step (plan, 0)->line : 1;
  g_timeout_add (1000, quit_cb, &quit);
  while (!quit)
    g_main_context_iteration (NULL, TRUE);
  pw_plan_view_scroll_to_line (b->view, step_line > 4 ? step_line - 4 : 1);
  quit = FALSE;
  g_timeout_add_seconds (seconds, quit_cb, &quit);
  while (!quit)
    g_main_context_iteration (NULL, TRUE);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  static guint sizes[] = { 256, 1024, 4096 };
  guint n_sizes = G_N_ELEMENTS (sizes);
  Bench b = { 0, };
  g_autofree char *text = NULL;
  GdkFrameClock *clock;
  double first[5];
  double set[5];
  double fill[5];
  double fill_max[5];
  double fill_frames[5];

  /* --print-plan: the generated plan on stdout, for other benchmarks. */
  if (argc > 1 && g_strcmp0 (argv[1], "--print-plan") == 0)
    {
      g_autofree char *plan = build_plan (1024 * 1024);

      fputs (plan, stdout);
      return 0;
    }

  gtk_init ();
  adw_init ();
  gtk_source_init ();
  load_css ();

  b.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b.window), 1000, 760);
  b.view = PW_PLAN_VIEW (pw_plan_view_new ());
  gtk_window_set_child (GTK_WINDOW (b.window), GTK_WIDGET (b.view));
  gtk_window_present (GTK_WINDOW (b.window));

  if (argc > 2 && g_strcmp0 (argv[1], "--screenshot") == 0)
    return screenshot (&b, atoi (argv[2]));

  while (gtk_widget_get_frame_clock (b.window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (b.window);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &b);
  g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), &b);
  g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), &b);
  wait_paint (&b);

  text = build_plan (1024 * 1024);
  b.text = text;
  b.len = strlen (text);
  b.frames = g_array_new (FALSE, FALSE, sizeof (double));
  b.updates = g_array_new (FALSE, FALSE, sizeof (double));
  b.layouts = g_array_new (FALSE, FALSE, sizeof (double));
  b.paints = g_array_new (FALSE, FALSE, sizeof (double));
  printf ("plan: %lu bytes\n", (unsigned long)b.len);

  /* --stream N: only (b), at N pieces per frame (for profiling). */
  if (argc > 2 && g_strcmp0 (argv[1], "--stream") == 0)
    {
      sizes[0] = MAX (1, atoi (argv[2]));
      n_sizes = 1;
      goto stream;
    }

  /* (a) */
  for (guint run = 0; run < G_N_ELEMENTS (first); run++)
    {
      g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, b.len);
      gint64 start;

      GListModel *shown;
      guint mark;
      double unused;

      pw_plan_view_set_plan (b.view, NULL);
      wait_paint (&b);
      start = now_us ();
      pw_plan_view_set_plan (b.view, plan);
      set[run] = (now_us () - start) / 1000.0;
      wait_paint (&b);
      first[run] = (now_us () - start) / 1000.0;

      /* The rest of the blocks reach the list over the next frames. */
      shown = G_LIST_MODEL (gtk_list_view_get_model (find_list_view (GTK_WIDGET (b.view))));
      g_array_set_size (b.frames, 0);
      mark = gtk_widget_add_tick_callback (b.window, mark_tick_cb, &b, NULL);
      while (g_list_model_get_n_items (shown)
             < g_list_model_get_n_items (pw_plan_view_get_blocks (b.view)))
        wait_paint (&b);
      wait_paint (&b);
      gtk_widget_remove_tick_callback (b.window, mark);
      b.tick_start = 0;
      fill[run] = (now_us () - start) / 1000.0;
      fill_frames[run] = b.frames->len;
      stats (b.frames, &fill_max[run], &unused);
      if (run == 0)
        printf ("steps: %u, blocks: %u\n", pw_plan_get_n_steps (plan),
                g_list_model_get_n_items (pw_plan_view_get_blocks (b.view)));
    }
  printf ("(a) set_plan to first frame: median %.1f ms (first %.1f ms); "
          "of which set_plan itself %.1f ms\n",
          median (first, G_N_ELEMENTS (first)), first[0], median (set, G_N_ELEMENTS (set)));
  printf ("(a) all blocks in the list: median %.1f ms after set_plan, %.0f frames, "
          "frame work max %.1f ms (medians)\n",
          median (fill, G_N_ELEMENTS (fill)), median (fill_frames, G_N_ELEMENTS (fill_frames)),
          median (fill_max, G_N_ELEMENTS (fill_max)));

  if (argc > 1 && g_strcmp0 (argv[1], "--only-a") == 0)
    return 0;

  /* (c) */
  printf ("(c) with the 1 MB plan open:\n");
  print_memory ();

stream:
  /* (b) The app loads the highlighting of the languages a repository's
   * inputs name while the model starts answering: do the same with the
   * example repository's tech stack, before the clock runs. */
  {
    g_autofree char *stack = NULL;

    if (g_file_get_contents ("examples/shelfie/.ai/tech-stack.md", &stack, NULL, NULL))
      {
        g_auto(GStrv) languages = pw_code_languages_guess (stack, 3);
        g_autofree char *names = g_strjoinv (" ", languages);

        pw_plan_view_prepare_languages (b.view, (const char * const *)languages);
        while (pw_plan_view_get_preparing (b.view))
          g_main_context_iteration (NULL, TRUE);
        printf ("prepared languages: %s\n", names);
      }
    else
      printf ("prepared languages: none (run from the source root to use the example's tech stack)\n");
  }

  for (guint i = 0; i < n_sizes; i++)
    {
      g_autoptr(PwPlan) plan = pw_plan_new ();
      double fmax, fp99, umax, up99, lmax, lp99, pmax, pp99;

      g_array_set_size (b.frames, 0);
      g_array_set_size (b.updates, 0);
      g_array_set_size (b.layouts, 0);
      g_array_set_size (b.paints, 0);
      memset (b.marks, 0, sizeof b.marks);
      b.over_16 = 0;
      b.behind_frames = 0;
      b.catch_up_frames = 0;
      b.total_update = 0;
      b.pos = 0;
      b.done = FALSE;
      b.plan = plan;
      b.per_frame = sizes[i];
      pw_plan_view_set_plan (b.view, plan);
      wait_paint (&b);
      gtk_widget_add_tick_callback (b.window, stream_tick_cb, &b, NULL);
      while (!b.done)
        g_main_context_iteration (NULL, TRUE);
      wait_paint (&b);
      pw_plan_finish (plan);
      pw_plan_view_flush (b.view);

      stats (b.frames, &fmax, &fp99);
      stats (b.updates, &umax, &up99);
      stats (b.layouts, &lmax, &lp99);
      stats (b.paints, &pmax, &pp99);
      printf ("(b) %u pieces/frame (%u B), %u frames: frame work max %.2f ms p99 %.2f ms; "
              "update max %.2f ms p99 %.2f ms; cumulative update at 25/50/75/100%%: "
              "%.0f/%.0f/%.0f/%.0f ms\n",
              sizes[i], sizes[i] * 4, b.updates->len, fmax, fp99, umax, up99,
              b.marks[1], b.marks[3], b.marks[5], b.marks[7]);
      printf ("    frames over 16 ms: %u; update per eighth of the text:", b.over_16);
      for (guint q = 0; q < 8; q++)
        printf (" %.0f", b.marks[q] - (q > 0 ? b.marks[q - 1] : 0));
      printf (" ms\n");
      printf ("    layout phase max %.2f ms p99 %.2f ms; paint phase max %.2f ms p99 %.2f ms\n",
              lmax, lp99, pmax, pp99);
      printf ("    frames that ended behind the stream: %u; frames to catch up after the last piece: %u\n",
              b.behind_frames, b.catch_up_frames);
      b.plan = NULL;
    }

  printf ("(c) after streaming:\n");
  print_memory ();

  return 0;
}
