/* test-plan-view-bounds.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plan of any size and shape stays interactive in the view: a 4 MiB
 * single line and a 10 000-level nested list show without a critical, the
 * first frame is drawn, no label holds more than a block's bound of text
 * and no row's margin leaves the window (issue 13, item 5). g_test_init()
 * makes criticals fatal, so a margin out of GTK's range fails the test.
 */

#include "config.h"

#include <gtksourceview/gtksource.h>
#include <string.h>

#include "pw-block-row.h"
#include "pw-blocks.h"
#include "pw-plan-view.h"
#include "pw-plan-view-private.h"
#include "pw-test-ui.h"

#define LONG_LINE (4 * 1024 * 1024)
#define LEVELS 10000

typedef struct
{
  GtkWindow  *window;
  PwPlanView *view;
  gboolean    drawn;
  gsize       longest;  /* the longest label text, in bytes */
  int         widest;   /* the widest block row margin */
  guint       n_rows;
} Fixture;

/* Lets the main loop run what it has, then a few times more. */
static void
settle (void)
{
  guint idle_rounds = 0;

  while (idle_rounds < 10)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        {
          idle_rounds++;
          g_usleep (2000);
        }
    }
}

static gboolean
caught_up (gpointer data)
{
  return !pw_plan_view_get_behind (data);
}

static gboolean
was_drawn (gpointer data)
{
  return ((Fixture *) data)->drawn;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Fixture       *f)
{
  f->drawn = TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->view = PW_PLAN_VIEW (pw_plan_view_new ());
  f->window = g_object_new (GTK_TYPE_WINDOW, "default-width", 900, "default-height", 700,
                            "child", f->view, NULL);
  gtk_window_present (f->window);
  settle ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  settle ();
}

/* Moves every scrolled window under @widget to its end. */
static void
scroll_to_end (GtkWidget *widget)
{
  GtkWidget *child;

  if (GTK_IS_SCROLLED_WINDOW (widget))
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (widget));

      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    }
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    scroll_to_end (child);
}

/* Records the longest label and the widest row margin under @widget. */
static void
measure (Fixture   *f,
         GtkWidget *widget)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget))
    f->longest = MAX (f->longest, strlen (gtk_label_get_text (GTK_LABEL (widget))));
  if (PW_IS_BLOCK_ROW (widget))
    {
      f->widest = MAX (f->widest, gtk_widget_get_margin_start (widget));
      f->n_rows++;
    }
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    measure (f, child);
}

/* Waits for a frame drawn from now on. */
static void
wait_for_frame (Fixture *f)
{
  f->drawn = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (f->view));
  pw_test_wait_until (was_drawn, f);
}

/* Shows @text, waits for the view to catch up and draw, at the top and
 * again at the end (where the deepest blocks are), measuring both. */
static void
show_text (Fixture    *f,
           const char *text,
           gsize       len)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, len);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (f->window));
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), f);

  pw_plan_view_set_plan (f->view, plan);
  pw_plan_view_flush (f->view);
  pw_test_wait_until (caught_up, f->view);
  wait_for_frame (f);
  measure (f, GTK_WIDGET (f->view));

  for (guint round = 0; round < 5; round++)
    {
      scroll_to_end (GTK_WIDGET (f->view));
      settle ();
    }
  wait_for_frame (f);
  measure (f, GTK_WIDGET (f->view));

  g_signal_handler_disconnect (clock, handler);
  g_test_message ("%u rows, longest label %" G_GSIZE_FORMAT " bytes, widest margin %d px",
                  f->n_rows, f->longest, f->widest);
  g_assert_cmpuint (f->n_rows, >, 0);
  g_assert_cmpuint (f->longest, >, 0);
  /* No label shows more than a block's bound of text and its note; no
   * margin pushes a row out of the window. */
  g_assert_cmpuint (f->longest, <=, PW_BLOCK_MAX_TEXT + 256);
  g_assert_cmpint (f->widest, <=, 450);
}

static void
test_bounds_long_line (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("# A long answer\n\n");

  while (text->len < LONG_LINE)
    g_string_append (text, "word **bold** <tag> & ");
  g_string_append (text, "\n\n```\n");
  while (text->len < 2 * LONG_LINE)
    g_string_append (text, "code line without end ");
  g_string_append (text, "\n```\n");

  show_text (f, text->str, text->len);
  g_assert_cmpuint (f->longest, >, PW_BLOCK_MAX_TEXT - 64);
}

static void
test_bounds_deep_nesting (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("# Deep\n\n");

  for (guint i = 0; i < LEVELS; i++)
    g_string_append (text, "- ");
  g_string_append (text, "deepest item\n\n");
  for (guint i = 0; i < LEVELS; i++)
    g_string_append (text, "> ");
  g_string_append (text, "deepest quote\n\n");
  for (guint i = 0; i < LEVELS; i++)
    g_string_append (text, "1. ");
  g_string_append (text, "deepest number\n");

  show_text (f, text->str, text->len);
  g_assert_cmpint (f->widest, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add ("/pw/plan-view-bounds/long-line", Fixture, NULL, fixture_setup,
              test_bounds_long_line, fixture_teardown);
  g_test_add ("/pw/plan-view-bounds/deep-nesting", Fixture, NULL, fixture_setup,
              test_bounds_deep_nesting, fixture_teardown);

  return g_test_run ();
}
