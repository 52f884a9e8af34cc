/* test-plan-view.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>
#include <string.h>

#include "pw-block-row.h"
#include "pw-blocks.h"
#include "pw-plan-view.h"
#include "pw-plan-view-private.h"
#include "pw-test-ui.h"

typedef struct
{
  GtkWindow  *window;
  PwPlanView *view;
} Fixture;

static char *
read_shelfie (gsize *len)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root != NULL ? root : ".", "examples", "shelfie",
                                            ".ai", "get-books-implementation-plan.md", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, len, &error);
  g_assert_no_error (error);

  return contents;
}

static void
spin (void)
{
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

/* Runs frames until the view shows all the streamed text. */
static gboolean
caught_up (gpointer data)
{
  return !pw_plan_view_get_behind (data);
}

static void
catch_up (Fixture *f)
{
  pw_test_wait_until (caught_up, f->view);
  spin ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 700);
  f->view = PW_PLAN_VIEW (pw_plan_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  gtk_window_present (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  spin ();
}

static void
show (Fixture *f,
      PwPlan  *plan)
{
  pw_plan_view_set_plan (f->view, plan);
  pw_plan_view_flush (f->view);
  spin ();
}

/* Collects the widgets of @type under @widget. */
static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, out);
}

static GtkLabel *
find_label (Fixture    *f,
            const char *needle)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (GTK_WIDGET (f->view), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      if (strstr (gtk_label_get_text (labels->pdata[i]), needle) != NULL)
        return labels->pdata[i];
    }

  return NULL;
}

static GtkCheckButton *
find_check (Fixture *f,
            guint    step)
{
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();

  collect (GTK_WIDGET (f->view), GTK_TYPE_CHECK_BUTTON, checks);
  for (guint i = 0; i < checks->len; i++)
    {
      GtkWidget *row = gtk_widget_get_parent (checks->pdata[i]);

      if (PW_IS_BLOCK_ROW (row) && pw_block_row_get_step (PW_BLOCK_ROW (row)) == (gint)step)
        return checks->pdata[i];
    }

  return NULL;
}

static void
test_plan_view_shelfie (Fixture       *f,
                        gconstpointer  data)
{
  gsize len;
  g_autofree char *text = read_shelfie (&len);
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, len);
  g_autoptr(GPtrArray) expected = pw_blocks_parse (text, len, 0, 1);
  GListModel *blocks;
  guint n_code = 0, n_heading = 0, n_steps = 0;

  show (f, plan);
  blocks = pw_plan_view_get_blocks (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (blocks), ==, expected->len);
  g_assert_cmpuint (g_list_model_get_n_items (blocks), >, 30);

  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(PwBlock) block = g_list_model_get_item (blocks, i);

      g_assert_cmpint (pw_block_get_kind (block), ==,
                       pw_block_get_kind (g_ptr_array_index (expected, i)));
      n_code += pw_block_get_kind (block) == PW_BLOCK_CODE;
      n_heading += pw_block_get_kind (block) == PW_BLOCK_HEADING;
      n_steps += pw_block_get_step (block) >= 0;
    }
  g_assert_cmpuint (n_code, >=, 1);
  g_assert_cmpuint (n_heading, >=, 8);
  g_assert_cmpuint (n_steps, ==, pw_plan_get_n_steps (plan));

  g_assert_nonnull (find_label (f, "API Endpoint Implementation Plan"));
  pw_plan_view_set_plan (f->view, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (blocks), ==, 0);
}

static void
test_plan_view_escaping (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (
    "# Plan\n\n<b>bold?</b> &amp; <script>alert(1)</script>\n\n"
    "[js](javascript:alert(1)) and [web](https://example.com)\n", -1);
  GtkLabel *label;

  show (f, plan);

  label = find_label (f, "bold?");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==,
                   "<b>bold?</b> &amp; <script>alert(1)</script>");

  label = find_label (f, "js and");
  g_assert_nonnull (label);
  g_assert_null (strstr (gtk_label_get_label (label), "javascript"));
  g_assert_nonnull (strstr (gtk_label_get_label (label), "<a href=\"https://example.com\">"));
  g_assert_cmpuint (gtk_label_get_current_uri (label) == NULL, ==, TRUE);
}

static void
toggled_cb (PwPlanView *view,
            guint       step,
            gboolean    done,
            gint       *out)
{
  out[0] = step;
  out[1] = done;
  out[2]++;
}

static void
test_plan_view_steps (Fixture       *f,
                      gconstpointer  data)
{
  const char *text =
    "# Plan\n\n## Implementation steps\n\n"
    "1. [ ] One\n2. [ ] Two\n3. [ ] Three\n4. [ ] Four\n5. [ ] Five\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  g_autofree char *before = g_strdup (text);
  gint got[3] = { -1, -1, 0 };
  GtkCheckButton *check;

  show (f, plan);
  g_assert_cmpstr (gtk_label_get_text (find_label (f, "done")), ==, "0 of 5 done");

  /* Exactly the next three open steps are the current batch. */
  for (guint i = 0; i < 5; i++)
    {
      GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (find_check (f, i)));

      g_assert_cmpint (gtk_widget_has_css_class (row, "current-step"), ==, i < 3);
    }

  g_signal_connect (f->view, "step-toggled", G_CALLBACK (toggled_cb), got);
  check = find_check (f, 1);
  g_assert_nonnull (check);
  gtk_widget_activate (GTK_WIDGET (check));
  g_assert_cmpint (got[2], ==, 1);
  g_assert_cmpint (got[0], ==, 1);
  g_assert_cmpint (got[1], ==, TRUE);
  /* The view does not edit the plan, and shows the plan's state. */
  g_assert_cmpstr (pw_plan_get_text (plan, NULL), ==, before);
  g_assert_false (gtk_check_button_get_active (check));

  /* The owner applies it. */
  g_assert_true (pw_plan_set_step_done (plan, 1, TRUE));
  pw_plan_view_flush (f->view);
  spin ();
  g_assert_cmpstr (gtk_label_get_text (find_label (f, "done")), ==, "1 of 5 done");
  g_assert_true (gtk_check_button_get_active (find_check (f, 1)));
  for (guint i = 0; i < 5; i++)
    {
      GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (find_check (f, i)));

      g_assert_cmpint (gtk_widget_has_css_class (row, "current-step"), ==,
                       i == 0 || i == 2 || i == 3);
      g_assert_cmpint (gtk_widget_has_css_class (row, "done-step"), ==, i == 1);
    }
}

static void
test_plan_view_analysis (Fixture       *f,
                         gconstpointer  data)
{
  const char *text =
    "<analysis>\nThink about <b>this</b>.\n\n## Not a heading of the plan\n</analysis>\n\n"
    "# Plan\n\nBody.\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  g_autoptr(GPtrArray) expanders = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GListModel *blocks;
  g_autoptr(PwBlock) first = NULL;
  GtkLabel *label;

  show (f, plan);
  blocks = pw_plan_view_get_blocks (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (blocks), ==, 2);
  first = g_list_model_get_item (blocks, 0);
  g_assert_cmpstr (pw_block_get_text (first), ==, "Plan");
  g_assert_cmpuint (pw_block_get_line (first), ==, 7);

  collect (GTK_WIDGET (f->view), GTK_TYPE_EXPANDER, expanders);
  g_assert_cmpuint (expanders->len, ==, 1);
  g_assert_true (gtk_widget_get_visible (expanders->pdata[0]));
  g_assert_false (gtk_expander_get_expanded (expanders->pdata[0]));
  /* A collapsed expander keeps its child out of the tree: the analysis,
   * rendered (item 9 of issue 12), text as text, headings without marks. */
  collect (gtk_expander_get_child (expanders->pdata[0]), GTK_TYPE_LABEL, labels);
  g_assert_cmpuint (labels->len, ==, 2);
  label = labels->pdata[0];
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Think about <b>this</b>.");
  g_assert_cmpstr (gtk_label_get_text (labels->pdata[1]), ==, "Not a heading of the plan");
}

/* Item 9: the analysis reads as markdown, in full: no markup characters,
 * no scroller of its own; it scrolls with the plan, in the list. */
static void
test_plan_view_analysis_rendered (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("<analysis>\n**Key points:**\n\n");
  g_autoptr(PwPlan) plan = NULL;
  g_autoptr(GPtrArray) expanders = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkExpander *expander;
  int height;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (text, "- Point %u is `code_%u` and *stressed*\n", i, i);
  g_string_append (text, "</analysis>\n\n# Plan\n\n1. A step\n");
  plan = pw_plan_new_from_text (text->str, text->len);
  pw_plan_finish (plan);
  show (f, plan);

  collect (GTK_WIDGET (f->view), GTK_TYPE_EXPANDER, expanders);
  g_assert_cmpuint (expanders->len, ==, 1);
  expander = expanders->pdata[0];
  gtk_expander_set_expanded (expander, TRUE);
  spin ();
  g_assert_null (gtk_widget_get_ancestor (gtk_expander_get_child (expander),
                                          GTK_TYPE_VIEWPORT));
  g_assert_true (gtk_widget_get_ancestor (GTK_WIDGET (expander), GTK_TYPE_LIST_VIEW) != NULL);
  collect (gtk_expander_get_child (expander), GTK_TYPE_LABEL, labels);
  g_assert_cmpuint (labels->len, ==, 61);
  g_assert_cmpstr (gtk_label_get_text (labels->pdata[0]), ==, "Key points:");
  g_assert_nonnull (strstr (gtk_label_get_text (labels->pdata[60]), "Point 59 is code_59 and stressed"));
  for (guint i = 0; i < labels->len; i++)
    g_assert_null (strstr (gtk_label_get_text (labels->pdata[i]), "*"));

  /* In full: its height is its text's, past the window's. */
  height = gtk_widget_get_height (gtk_expander_get_child (expander));
  g_assert_cmpint (height, >, 60 * 14);
}

static void
assert_same (GListModel *model,
             GPtrArray  *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(PwBlock) block = g_list_model_get_item (model, i);

      g_assert_true (pw_block_equal (block, g_ptr_array_index (expected, i)));
    }
}

static void
test_plan_view_streaming (Fixture       *f,
                          gconstpointer  data)
{
  gsize len;
  g_autofree char *text = read_shelfie (&len);
  g_autoptr(PwPlan) stream = pw_plan_new ();
  g_autoptr(PwPlan) whole = pw_plan_new_from_text (text, len);
  g_autoptr(GPtrArray) expected = pw_blocks_parse (text, len, 0, 1);

  pw_blocks_bind_steps (expected, whole);
  show (f, stream);
  for (gsize pos = 0; pos < len; pos += 4)
    {
      pw_plan_append (stream, text + pos, MIN (4, len - pos));
      if (pos % 64 == 0)
        pw_plan_view_flush (f->view);
    }
  pw_plan_view_flush (f->view);
  assert_same (pw_plan_view_get_blocks (f->view), expected);
  g_assert_true (pw_plan_view_get_follow_end (f->view));

  pw_plan_finish (stream);
  pw_plan_view_flush (f->view);
  assert_same (pw_plan_view_get_blocks (f->view), expected);
  spin ();

  /* A one-shot view of the same text shows the same. */
  pw_plan_view_set_plan (f->view, whole);
  assert_same (pw_plan_view_get_blocks (f->view), expected);

  pw_plan_view_scroll_to_line (f->view, 1);
  spin ();
  g_assert_false (pw_plan_view_get_follow_end (f->view));
}

/* Whether @label is drawn inside the list's visible part. */
static gboolean
on_screen (Fixture  *f,
           GtkLabel *label)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  GtkWidget *list;
  graphene_rect_t bounds;

  collect (GTK_WIDGET (f->view), GTK_TYPE_LIST_VIEW, lists);
  g_assert_cmpuint (lists->len, ==, 1);
  list = lists->pdata[0];
  if (label == NULL || !gtk_widget_get_mapped (GTK_WIDGET (label))
      || !gtk_widget_compute_bounds (GTK_WIDGET (label), list, &bounds))
    return FALSE;

  return bounds.origin.y < gtk_widget_get_height (list)
         && bounds.origin.y + bounds.size.height > 0;
}

typedef struct
{
  Fixture    *f;
  const char *needle;
} Sought;

static gboolean
sought_on_screen (gpointer data)
{
  Sought *sought = data;

  return on_screen (sought->f, find_label (sought->f, sought->needle));
}

/* Runs frames until a label showing @needle is drawn on screen (a slow
 * machine may need a few). */
static gboolean
wait_on_screen (Fixture    *f,
                const char *needle)
{
  Sought sought = { f, needle };

  pw_test_wait_until (sought_on_screen, &sought);

  return sought_on_screen (&sought);
}

/* While a plan streams the view shows its end, not only its scroll bar;
 * once the reader scrolls up it stays where they are. */
static void
test_plan_view_follows_end (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  GtkAdjustment *adj;
  guint n = 0;

  show (f, plan);
  pw_plan_append (plan, "# A long plan\n\n", -1);
  for (guint round = 0; round < 4; round++)
    {
      g_autofree char *last = NULL;

      for (guint i = 0; i < 60; i++, n++)
        {
          g_autofree char *para = g_strdup_printf ("Paragraph %04u of the streamed plan, long "
                                                   "enough to take a line of its own.\n\n", n);

          for (const char *p = para; *p != '\0'; p += MIN (strlen (p), 7))
            pw_plan_append (plan, p, MIN (strlen (p), 7));
          if (i % 10 == 0)
            spin ();
        }
      catch_up (f);

      last = g_strdup_printf ("Paragraph %04u ", n - 1);
      g_assert_true (pw_plan_view_get_follow_end (f->view));
      g_assert_true (wait_on_screen (f, last));
      g_assert_false (on_screen (f, find_label (f, "Paragraph 0000 ")));
    }

  /* The reader scrolls to the top: more text does not pull them down. */
  collect (GTK_WIDGET (f->view), GTK_TYPE_SCROLLED_WINDOW, lists);
  adj = gtk_scrolled_window_get_vadjustment (lists->pdata[lists->len - 1]);
  gtk_adjustment_set_value (adj, 0);
  spin ();
  g_assert_false (pw_plan_view_get_follow_end (f->view));
  pw_plan_append (plan, "Paragraph 9999 after scrolling up.\n\n", -1);
  spin ();
  g_assert_true (wait_on_screen (f, "A long plan"));
  g_assert_false (on_screen (f, find_label (f, "Paragraph 9999 ")));
}

/* Text that comes faster than rows can be built reaches the list over a
 * few frames, the end still followed, and the blocks end as one-shot's. */
static void
test_plan_view_catch_up (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(GString) text = g_string_new ("# A fast plan\n\n");
  g_autoptr(GPtrArray) expected = NULL;
  GListModel *blocks = pw_plan_view_get_blocks (f->view);

  show (f, plan);
  pw_plan_append (plan, text->str, text->len);
  pw_plan_view_flush (f->view);
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "Paragraph %04u of a plan that streams very fast.\n\n", i);
  pw_plan_append (plan, text->str + strlen ("# A fast plan\n\n"),
                  text->len - strlen ("# A fast plan\n\n"));

  /* One update adds a frame's share, not all 301 blocks. */
  while (g_main_context_iteration (NULL, FALSE) && !pw_plan_view_get_behind (f->view))
    ;
  g_assert_true (pw_plan_view_get_behind (f->view));
  g_assert_cmpuint (g_list_model_get_n_items (blocks), <, 301);

  catch_up (f);

  expected = pw_blocks_parse (text->str, text->len, 0, 1);
  assert_same (blocks, expected);
  g_assert_true (wait_on_screen (f, "Paragraph 0299 "));

  pw_plan_finish (plan);
  spin ();
  assert_same (blocks, expected);
}

/* Languages load in idle time ahead of a plan; unknown ones are harmless,
 * and code in a prepared language shows highlighted. */
static void
test_plan_view_prepare_languages (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(PwPlan) plan = NULL;
  GtkLabel *code;
  PangoAttrList *attrs;

  pw_plan_view_prepare_languages (f->view, (const char *[]) { "nosuchlanguage", "ts", "sql", NULL });
  g_assert_true (pw_plan_view_get_preparing (f->view));
  while (pw_plan_view_get_preparing (f->view))
    g_main_context_iteration (NULL, TRUE);

  /* Already loaded: nothing to do. */
  pw_plan_view_prepare_languages (f->view, (const char *[]) { "ts", NULL });
  g_assert_false (pw_plan_view_get_preparing (f->view));

  plan = pw_plan_new_from_text ("# Plan\n\n```ts\nconst answer: number = 42;\n```\n\n"
                                "```nosuchlanguage\nplain text\n```\n", -1);
  show (f, plan);
  code = find_label (f, "const answer");
  g_assert_nonnull (code);
  attrs = gtk_label_get_attributes (code);
  g_assert_nonnull (attrs);
  g_assert_nonnull (find_label (f, "plain text"));
}

/* An <analysis> that appears while the plan streams, after text that was
 * parsed in place: the blocks end as those of the whole text shown at once. */
static void
test_plan_view_streaming_analysis (Fixture       *f,
                                   gconstpointer  data)
{
  const char *text =
    "A first paragraph before it.\n\n"
    "<analysis>\nThink about it.\n\n## Not a heading of the plan\n- nor an item\n</analysis>\n\n"
    "# Plan\n\n1. First step\n2. Second step\n\n"
    "<analysis>\nA second thought.\n</analysis>\n\nThe end.\n";
  gsize len = strlen (text);
  g_autoptr(PwPlan) stream = pw_plan_new ();
  g_autoptr(PwPlan) whole = pw_plan_new_from_text (text, len);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *blocks = pw_plan_view_get_blocks (f->view);

  show (f, whole);
  for (guint i = 0; i < g_list_model_get_n_items (blocks); i++)
    g_ptr_array_add (expected, g_list_model_get_item (blocks, i));
  g_assert_cmpuint (expected->len, ==, 5);

  pw_plan_view_set_plan (f->view, stream);
  for (gsize pos = 0; pos < len; pos += 3)
    {
      pw_plan_append (stream, text + pos, MIN (3, len - pos));
      pw_plan_view_flush (f->view);
    }
  assert_same (blocks, expected);
  pw_plan_finish (stream);
  pw_plan_view_flush (f->view);
  assert_same (blocks, expected);
}

static GListModel *
list_model (Fixture *f)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  collect (GTK_WIDGET (f->view), GTK_TYPE_LIST_VIEW, lists);
  g_assert_cmpuint (lists->len, ==, 1);

  return G_LIST_MODEL (gtk_list_view_get_model (lists->pdata[0]));
}

/* A big plan reaches the list over a few frames, the block model at once. */
static void
test_plan_view_fill (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("# Big plan\n\n## Implementation steps\n\n");
  g_autoptr(PwPlan) plan = NULL;
  g_autoptr(PwPlan) small = pw_plan_new_from_text ("# Small\n\nText.\n", -1);
  GListModel *blocks;
  gint64 deadline;

  for (guint i = 1; i <= 600; i++)
    g_string_append_printf (text, "%u. [ ] Step number %u\n", i, i);
  plan = pw_plan_new_from_text (text->str, text->len);
  pw_plan_finish (plan);

  pw_plan_view_set_plan (f->view, plan);
  blocks = pw_plan_view_get_blocks (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (blocks), ==, 602);
  /* The first screen is in the list, not yet the rest. */
  g_assert_cmpuint (g_list_model_get_n_items (list_model (f)), >=, 30);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (f)), <, 602);
  spin ();
  g_assert_nonnull (find_label (f, "Big plan"));

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (list_model (f)) < 602 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (f)), ==, 602);
  g_assert_nonnull (find_label (f, "Big plan"));

  /* A flush gives the list everything at once. */
  pw_plan_view_set_plan (f->view, small);
  pw_plan_view_set_plan (f->view, plan);
  pw_plan_view_flush (f->view);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (f)), ==, 602);

  /* A small plan needs no filling. */
  pw_plan_view_set_plan (f->view, small);
  g_assert_cmpuint (g_list_model_get_n_items (list_model (f)), ==, 2);
}

static void
test_plan_view_finalize (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text ("# A\n\n- [ ] b\n", -1);
  GtkWidget *view = g_object_ref_sink (pw_plan_view_new ());

  pw_plan_view_set_plan (PW_PLAN_VIEW (view), plan);
  pw_plan_append (plan, "\nmore\n", -1);
  g_assert_finalize_object (view);
  pw_plan_append (plan, "after\n", -1);
}

/* Item 8: an exported plan's provenance comment reads as a short header,
 * an offline draft's comment as a note; neither shows raw, and neither is
 * taken as markup. */
static void
test_plan_view_comments (Fixture       *f,
                         gconstpointer  data)
{
  const char *text =
    "<!-- planwright: template=endpoints-plan model=gpt-4o date=2026-11-21T10:20:30Z "
    "inputs=prd:sha256:0123456789abcdef0123456789abcdef,tech-stack:sha256:fedcba9876543210 -->\n"
    "\n"
    "<!-- Offline draft: written by Planwright without a language model. -->\n"
    "\n"
    "# Plan\n\nBody.\n\n"
    "<!-- planwright: model=<i>odd</i> -->\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkLabel *header, *note, *odd;

  show (f, plan);
  collect (GTK_WIDGET (f->view), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *shown = gtk_label_get_text (labels->pdata[i]);

      g_assert_null (strstr (shown, "<!--"));
      g_assert_null (strstr (shown, "sha256"));
    }

  header = find_label (f, "gpt-4o");
  g_assert_nonnull (header);
  g_assert_nonnull (strstr (gtk_label_get_text (header), "endpoints-plan"));
  g_assert_nonnull (strstr (gtk_label_get_text (header), "2026-11-21"));
  g_assert_null (strstr (gtk_label_get_text (header), "10:20"));
  g_assert_nonnull (strstr (gtk_label_get_text (header), "prd, tech-stack"));
  note = find_label (f, "Offline draft: written by Planwright");
  g_assert_nonnull (note);
  g_assert_cmpstr (gtk_label_get_text (note), ==,
                   "Offline draft: written by Planwright without a language model.");
  odd = find_label (f, "<i>odd</i>");
  g_assert_nonnull (odd);
  g_assert_false (gtk_label_get_use_markup (odd));
}

static GtkWidget *
focus_widget (Fixture *f)
{
  return gtk_root_get_focus (GTK_ROOT (f->window));
}

/* Sends a key press to the view's key controller, as a key would. */
static void
press (Fixture *f,
       guint    keyval)
{
  g_autoptr(GPtrArray) scrollers = g_ptr_array_new ();
  gboolean handled = FALSE;

  collect (GTK_WIDGET (f->view), GTK_TYPE_SCROLLED_WINDOW, scrollers);
  for (guint i = 0; i < scrollers->len; i++)
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (scrollers->pdata[i]);

      for (guint j = 0; j < g_list_model_get_n_items (controllers); j++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, j);

          if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
            g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
        }
    }
  g_assert_true (handled);
  spin ();
}

static void
record_toggle_cb (PwPlanView *view,
                  guint       step,
                  gboolean    done,
                  gint       *toggled)
{
  *toggled = (gint) step;
}

/* Item 5 of issue 12: Tab goes to the steps at once (text takes no focus
 * and no caret), ↑/↓ move from step to step, Space ticks, and the keys
 * scroll the plan. */
static void
test_plan_view_keyboard (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("# Plan\n\n");
  g_autoptr(PwPlan) plan = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GtkAdjustment *adj;
  GtkWidget *check;
  gint toggled = -1;
  double before;

  for (guint i = 0; i < 30; i++)
    g_string_append_printf (text, "## Section %u\n\nA paragraph of section %u with `code`.\n\n",
                            i, i);
  g_string_append (text, "## Implementation Steps\n\n1. First\n2. Second\n3. Third\n");
  plan = pw_plan_new_from_text (text->str, text->len);
  pw_plan_finish (plan);
  show (f, plan);
  g_signal_connect (f->view, "step-toggled", G_CALLBACK (record_toggle_cb), &toggled);

  collect (GTK_WIDGET (f->view), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    g_assert_false (gtk_widget_get_focusable (labels->pdata[i]));

  /* One Tab: the first step's check button, brought on screen. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
  spin ();
  check = focus_widget (f);
  g_assert_true (GTK_IS_CHECK_BUTTON (check));
  g_assert_true (check == GTK_WIDGET (find_check (f, 0)));
  g_assert_true (gtk_widget_get_mapped (check));

  press (f, GDK_KEY_Down);
  g_assert_true (focus_widget (f) == GTK_WIDGET (find_check (f, 1)));
  press (f, GDK_KEY_Down);
  press (f, GDK_KEY_Down);
  g_assert_true (focus_widget (f) == GTK_WIDGET (find_check (f, 2)));
  press (f, GDK_KEY_Up);
  g_assert_true (focus_widget (f) == GTK_WIDGET (find_check (f, 1)));

  /* Space activates the check button. */
  g_assert_true (gtk_widget_activate (focus_widget (f)));
  g_assert_cmpint (toggled, ==, 1);

  /* Home, Page Down and End scroll. */
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (
    focus_widget (f), GTK_TYPE_SCROLLED_WINDOW)));
  press (f, GDK_KEY_Home);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  press (f, GDK_KEY_Page_Down);
  before = gtk_adjustment_get_value (adj);
  g_assert_cmpfloat (before, >, 100);
  press (f, GDK_KEY_End);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, before);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add ("/pw/plan-view/shelfie", Fixture, NULL, fixture_setup, test_plan_view_shelfie,
              fixture_teardown);
  g_test_add ("/pw/plan-view/escaping", Fixture, NULL, fixture_setup, test_plan_view_escaping,
              fixture_teardown);
  g_test_add ("/pw/plan-view/steps", Fixture, NULL, fixture_setup, test_plan_view_steps,
              fixture_teardown);
  g_test_add ("/pw/plan-view/analysis", Fixture, NULL, fixture_setup, test_plan_view_analysis,
              fixture_teardown);
  g_test_add ("/pw/plan-view/analysis-rendered", Fixture, NULL, fixture_setup,
              test_plan_view_analysis_rendered, fixture_teardown);
  g_test_add ("/pw/plan-view/streaming", Fixture, NULL, fixture_setup, test_plan_view_streaming,
              fixture_teardown);
  g_test_add ("/pw/plan-view/prepare-languages", Fixture, NULL, fixture_setup,
              test_plan_view_prepare_languages, fixture_teardown);
  g_test_add ("/pw/plan-view/catch-up", Fixture, NULL, fixture_setup,
              test_plan_view_catch_up, fixture_teardown);
  g_test_add ("/pw/plan-view/follows-end", Fixture, NULL, fixture_setup,
              test_plan_view_follows_end, fixture_teardown);
  g_test_add ("/pw/plan-view/streaming-analysis", Fixture, NULL, fixture_setup,
              test_plan_view_streaming_analysis, fixture_teardown);
  g_test_add ("/pw/plan-view/fill", Fixture, NULL, fixture_setup, test_plan_view_fill,
              fixture_teardown);
  g_test_add ("/pw/plan-view/keyboard", Fixture, NULL, fixture_setup, test_plan_view_keyboard,
              fixture_teardown);
  g_test_add ("/pw/plan-view/comments", Fixture, NULL, fixture_setup, test_plan_view_comments,
              fixture_teardown);
  g_test_add_func ("/pw/plan-view/finalize", test_plan_view_finalize);

  return g_test_run ();
}
