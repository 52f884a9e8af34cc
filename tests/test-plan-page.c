/* test-plan-page.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>
#include <string.h>

#include "pw-export-dialog.h"
#include "pw-fake-provider.h"
#include "pw-new-plan-dialog.h"
#include "pw-plan-page-private.h"
#include "pw-plan-view.h"
#include "pw-plans-list.h"
#include "pw-window-private.h"
#include "pw-test-ui.h"

/* The Plans page as a person meets it: opening plans from the sidebar the
 * way keys do, what its rows and status line show, which actions a plan
 * allows, and a layout that fits the window at small sizes. */

static const char books_answer[] =
  "# API Endpoint Implementation Plan: GET /api/books\n"
  "\n"
  "## 1. Endpoint Overview\n"
  "Lists books.\n"
  "\n"
  "## 9. Implementation Steps\n"
  "1. Define the query schema\n"
  "2. Write the tests\n";

static gboolean
page_settled (gpointer data)
{
  return !pw_plan_page_get_loading (data);
}

static gboolean
page_idle (gpointer data)
{
  return !pw_plan_page_get_busy (data);
}

static PwWindow *
open_window (const char *dir,
             int         width,
             int         height)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pw_window_open (window, folder, &error));
  g_assert_no_error (error);
  adw_view_stack_set_visible_child_name (window->panes, "plans");

  return window;
}

static void
write_plan (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, ".ai", name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  pw_test_collect (widget, type, found);
  return found->len > 0 ? found->pdata[0] : NULL;
}

static PwPlanSpec *
books_spec (FakeProvider *provider)
{
  PwPlanSpec *spec = pw_plan_spec_new ();

  spec->template_id = g_strdup ("feature-plan");
  spec->endpoints = g_strsplit ("GET /api/books", "|", -1);
  spec->provider = g_object_ref (PW_PROVIDER (provider));
  return spec;
}

static const char *
opened_path (PwPlanPage *page)
{
  PwPlan *plan = pw_plan_page_get_plan (page);
  static char *path;

  g_clear_pointer (&path, g_free);
  if (plan == NULL || pw_plan_get_file (plan) == NULL)
    return NULL;
  path = g_file_get_basename (pw_plan_get_file (plan));
  return path;
}

/* Item 1 of issue 12: a row opens by the keys a person uses, not only by a
 * signal a test emits: activating the row (Enter and Space on a focused
 * row, GtkListBoxRow::activate) and the list's cursor row binding. */
static void
test_list_opens_by_keys (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window;
  PwPlanPage *page;
  GtkListBox *box;
  GtkListBoxRow *first, *second;

  write_plan (dir, "post-books-implementation-plan.md",
              "# API Endpoint Implementation Plan: POST /api/books\n\n"
              "## 9. Implementation Steps\n1. Validate the body\n");
  window = open_window (dir, 1000, 700);
  page = pw_window_get_plan_page (window);
  pw_test_wait_until (page_settled, page);
  box = GTK_LIST_BOX (find_descendant (GTK_WIDGET (page->plans_list), GTK_TYPE_LIST_BOX));
  first = gtk_list_box_get_row_at_index (box, 0);
  second = gtk_list_box_get_row_at_index (box, 1);
  g_assert_nonnull (second);

  /* Enter or Space on the focused row: GtkListBoxRow's activate. */
  g_assert_true (gtk_widget_activate (GTK_WIDGET (first)));
  pw_test_wait_until (page_settled, page);
  g_assert_cmpstr (opened_path (page), ==, "get-books-implementation-plan.md");

  /* The list's keyboard binding on the cursor row. */
  box = GTK_LIST_BOX (find_descendant (GTK_WIDGET (page->plans_list), GTK_TYPE_LIST_BOX));
  second = gtk_list_box_get_row_at_index (box, 1);
  gtk_widget_grab_focus (GTK_WIDGET (second));
  g_signal_emit_by_name (box, "activate-cursor-row");
  pw_test_wait_until (page_settled, page);
  g_assert_cmpstr (opened_path (page), ==, "post-books-implementation-plan.md");
  /* The page's title shows what tells the plan apart; the tooltip all. */
  g_assert_cmpstr (gtk_label_get_text (page->title_label), ==, "POST /api/books");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (page->title_label)), ==,
                   "API Endpoint Implementation Plan: POST /api/books");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A double click activates the row twice: the plan being opened, and then
 * the plan shown, is not read again. */
static void
test_row_opens_once (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(GCancellable) first_load = NULL;
  PwWindow *window;
  PwPlanPage *page;
  GtkListBox *box;
  PwPlan *shown;

  window = open_window (dir, 1000, 700);
  page = pw_window_get_plan_page (window);
  pw_test_wait_until (page_settled, page);
  box = GTK_LIST_BOX (find_descendant (GTK_WIDGET (page->plans_list), GTK_TYPE_LIST_BOX));

  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (box, 0))));
  g_assert_nonnull (page->open_cancellable);
  first_load = g_object_ref (page->open_cancellable);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (box, 0))));
  g_assert_true (page->open_cancellable == first_load);
  g_assert_false (g_cancellable_is_cancelled (first_load));
  pw_test_wait_until (page_settled, page);
  g_assert_cmpstr (opened_path (page), ==, "get-books-implementation-plan.md");

  shown = pw_plan_page_get_plan (page);
  box = GTK_LIST_BOX (find_descendant (GTK_WIDGET (page->plans_list), GTK_TYPE_LIST_BOX));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (box, 0))));
  g_assert_false (pw_plan_page_get_loading (page));
  g_assert_true (pw_plan_page_get_plan (page) == shown);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
export_enabled (PwPlanPage *page)
{
  return gtk_widget_get_sensitive (page->export_button);
}

/* Item 15: nothing to save from a failed or an empty answer. */
static void
test_export_needs_a_plan (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(FakeProvider) provider = fake_provider_new (books_answer, FAKE_FAIL, 40);
  PwWindow *window = open_window (dir, 1000, 700);
  g_autoptr(PwPlanSpec) spec = books_spec (provider);
  PwPlanPage *page = pw_window_get_plan_page (window);

  pw_plan_page_generate (page, spec);
  pw_test_wait_until (page_idle, page);
  pw_test_wait_until (page_settled, page);
  g_assert_nonnull (pw_plan_page_get_error (page));
  g_assert_false (export_enabled (page));

  provider->mode = FAKE_COMPLETE;
  g_free (provider->answer);
  provider->answer = g_strdup (" \n\n");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.retry", NULL));
  pw_test_wait_until (page_idle, page);
  pw_test_spin (50);
  g_assert_null (pw_plan_page_get_error (page));
  g_assert_false (export_enabled (page));

  g_free (provider->answer);
  provider->answer = g_strdup (books_answer);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.retry", NULL));
  pw_test_wait_until (page_idle, page);
  pw_test_spin (50);
  g_assert_true (export_enabled (page));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
linted (gpointer data)
{
  PwPlanPage *page = data;

  return page->lint_issues != NULL && page->lint_issues->len > 0;
}

/* Item 18: a plan still streaming lacks its last sections; lint waits for
 * its end instead of showing errors that the next words will fix. */
static void
test_no_lint_while_streaming (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(FakeProvider) provider = fake_provider_new (books_answer, FAKE_STALL, 60);
  PwWindow *window = open_window (dir, 1000, 700);
  g_autoptr(PwPlanSpec) spec = books_spec (provider);
  PwPlanPage *page = pw_window_get_plan_page (window);

  pw_plan_page_generate (page, spec);
  pw_test_spin (800);
  g_assert_true (pw_plan_page_get_busy (page));
  g_assert_null (page->lint_issues);
  g_assert_cmpstr (gtk_label_get_label (page->lint_count_label), ==, "");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.stop", NULL));
  pw_test_wait_until (page_idle, page);
  pw_test_wait_until (linted, page);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Item 16: plans of one template differ after the colon; the row shows
 * that part, the tooltip the whole title. */
static void
test_row_shows_distinguishing_title (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir, 1000, 700);
  PwPlanPage *page = pw_window_get_plan_page (window);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char *tooltip;
  GtkListBoxRow *row;

  pw_test_wait_until (page_settled, page);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (find_descendant (GTK_WIDGET (page->plans_list),
                                                                      GTK_TYPE_LIST_BOX)), 0);
  pw_test_collect (GTK_WIDGET (row), GTK_TYPE_LABEL, labels);
  g_assert_cmpuint (labels->len, >, 0);
  g_assert_cmpstr (gtk_label_get_text (labels->pdata[0]), ==, "GET /api/books");
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (row));
  g_assert_nonnull (strstr (tooltip, "API Endpoint Implementation Plan: GET /api/books"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
plan_has_60 (gpointer data)
{
  PwPlan *plan = pw_plan_page_get_plan (data);
  gsize length = 0;

  if (plan != NULL)
    pw_plan_get_text (plan, &length);
  return length == 60;
}

/* Item 12: at 800 px the status line keeps "retrying in N s" and the
 * figures: it wraps rather than cuts, and its tooltip has all of it. */
static void
test_status_line_not_cut (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(FakeProvider) provider = fake_provider_new (books_answer, FAKE_STALL, 60);
  PwWindow *window = open_window (dir, 800, 600);
  g_autoptr(PwPlanSpec) spec = books_spec (provider);
  PwPlanPage *page = pw_window_get_plan_page (window);
  const char *reason = "The server is busy (HTTP 429, too many requests): the rate limit of "
                       "the organisation's tier was reached for this model";
  const char *status;

  pw_plan_page_generate (page, spec);
  pw_test_wait_until (plan_has_60, page);
  pw_test_spin (100);
  g_signal_emit_by_name (page->run, "retrying", 1, 3000, reason);
  pw_test_spin (100);
  status = gtk_label_get_label (page->status_label);
  g_assert_nonnull (strstr (status, "3 s"));
  g_assert_nonnull (strstr (status, reason));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (page->status_label)), ==, status);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (page->status_label)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.stop", NULL));
  pw_test_wait_until (page_idle, page);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* With PW_TEST_SHOTS=DIR, the layout test leaves pictures of what it
 * checked there, to look at. */
static void
save_window (GtkWidget  *window,
             const char *name)
{
  const char *dir = g_getenv ("PW_TEST_SHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  if (dir == NULL)
    return;
  path = g_strdup_printf ("%s/%s-%dx%d.png", dir, name, width, height);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gboolean
in_scroller (GtkWidget *widget)
{
  return gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW) != NULL;
}

/* Every button showing outside a scrolled area lies inside the window,
 * at least as wide as it asks to be. */
static void
assert_buttons_inside (GtkWidget  *window,
                       const char *where)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);
  guint checked = 0;

  pw_test_collect (window, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];
      graphene_rect_t bounds;
      int min = 0;

      if (!gtk_widget_is_drawable (button) || in_scroller (button))
        continue;
      g_assert_true (gtk_widget_compute_bounds (button, window, &bounds));
      gtk_widget_measure (button, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      if (bounds.origin.x < 0 || bounds.origin.y < 0
          || bounds.origin.x + bounds.size.width > width + 0.5
          || bounds.origin.y + bounds.size.height > height + 0.5
          || bounds.size.width + 0.5 < min)
        g_error ("%s: %s “%s” at %.0f,%.0f %.0f×%.0f (min width %d) in a %d×%d window", where,
                 G_OBJECT_TYPE_NAME (button),
                 gtk_widget_get_tooltip_text (button) ? gtk_widget_get_tooltip_text (button) : "",
                 bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height, min,
                 width, height);
      checked++;
    }
  g_assert_cmpuint (checked, >, 5);
}

static void
check_layout_at (int      width,
                 int      height,
                 gboolean folded)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir, width, height);
  PwPlanPage *page = pw_window_get_plan_page (window);
  g_autofree char *where = NULL;
  g_autoptr(GError) error = NULL;

  pw_test_wait_until (page_settled, page);
  g_assert_true (pw_plan_page_open_file (page, ".ai/get-books-implementation-plan.md", &error));
  pw_test_wait_until (page_settled, page);
  pw_test_spin (300);
  where = g_strdup_printf ("%d×%d", width, height);
  /* A window whose content asks for more grows past the screen's size. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), <=, height);
  g_assert_cmpint (adw_flap_get_folded (page->sidebar_flap), ==, folded);
  assert_buttons_inside (GTK_WIDGET (window), where);
  save_window (GTK_WIDGET (window), "plan");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.toggle-lint", NULL));
  pw_test_spin (500);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, width);
  assert_buttons_inside (GTK_WIDGET (window), where);
  save_window (GTK_WIDGET (window), "plan-lint");

  /* Folded, the sidebar comes back by a button (and F9), over the plan. */
  if (folded)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.show-plans", NULL));
      pw_test_spin (500);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page->plans_list)));
      assert_buttons_inside (GTK_WIDGET (window), where);
      save_window (GTK_WIDGET (window), "plan-sidebar");
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Item 4: from 800×600 up nothing is cut; the sidebar folds below a
 * width; the lint panel does not push the plan out of the window. */
static void
test_layout_fits (void)
{
  check_layout_at (800, 600, TRUE);
  check_layout_at (1000, 700, FALSE);
  check_layout_at (1280, 800, FALSE);
}

static gboolean
dialog_loaded (gpointer data)
{
  return !pw_new_plan_dialog_get_loading (data);
}

static guint
row_done (PwPlanPage *page,
          const char *path)
{
  GtkListBox *box = GTK_LIST_BOX (find_descendant (GTK_WIDGET (page->plans_list),
                                                   GTK_TYPE_LIST_BOX));

  for (int i = 0; gtk_list_box_get_row_at_index (box, i) != NULL; i++)
    {
      g_autofree char *row_path = NULL;
      guint n_done = 0;

      g_object_get (gtk_list_box_get_row_at_index (box, i), "path", &row_path, "n-done", &n_done,
                    NULL);
      if (g_strcmp0 (row_path, path) == 0)
        return n_done;
    }

  return G_MAXUINT;
}

/* Item 18: a plan saved to the repository and ticked shows its progress in
 * the sidebar and in the wizard's "planned" badge at once, without
 * reopening the repository. */
static void
test_progress_fresh_after_save (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(GString) text = g_string_new (books_answer);
  g_autoptr(FakeProvider) provider = NULL;
  PwWindow *window = open_window (dir, 1000, 700);
  g_autoptr(PwPlanSpec) spec = NULL;
  PwPlanPage *page = pw_window_get_plan_page (window);
  const char *path = ".ai/post-api-books-implementation-plan.md";
  g_autoptr(GError) error = NULL;
  PwExportDialog *export;
  PwNewPlanDialog *wizard;

  g_string_replace (text, "GET /api/books", "POST /api/books", 0);
  provider = fake_provider_new (text->str, FAKE_COMPLETE, 0);
  spec = books_spec (provider);
  g_strfreev (spec->endpoints);
  spec->endpoints = g_strsplit ("POST /api/books", "|", -1);
  pw_test_wait_until (page_settled, page);
  pw_plan_page_generate (page, spec);
  pw_test_wait_until (page_idle, page);
  pw_test_wait_until (page_settled, page);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-plan", NULL));
  export = PW_EXPORT_DIALOG (pw_test_find_toplevel (PW_TYPE_EXPORT_DIALOG));
  g_assert_nonnull (export);
  pw_export_dialog_set_path (export, path);
  g_assert_true (pw_export_dialog_save (export, &error));
  g_assert_no_error (error);
  pw_test_spin (50);
  pw_test_wait_until (page_settled, page);
  g_assert_cmpuint (row_done (page, path), ==, 0);

  pw_plan_page_toggle_step (page, 1, TRUE);
  pw_test_wait_until (page_settled, page);
  pw_test_spin (50);
  g_assert_cmpuint (row_done (page, path), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-plan", NULL));
  wizard = PW_NEW_PLAN_DIALOG (pw_test_find_toplevel (PW_TYPE_NEW_PLAN_DIALOG));
  g_assert_nonnull (wizard);
  pw_test_wait_until (dialog_loaded, wizard);
  g_assert_true (pw_new_plan_dialog_select_template (wizard, "feature-plan"));
  g_assert_cmpstr (pw_new_plan_dialog_get_planned_label (wizard, "POST /api/books"), ==,
                   "planned · 1/2");
  gtk_window_destroy (GTK_WINDOW (wizard));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("pw-page-data-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* Pictures in another language: PW_TEST_SHOTS with LANGUAGE and the
   * build's catalogues in PW_TEST_LOCALEDIR. */
  if (g_getenv ("PW_TEST_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PW_TEST_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/plan-page/list-opens-by-keys", test_list_opens_by_keys);
  g_test_add_func ("/plan-page/row-opens-once", test_row_opens_once);

  g_test_add_func ("/plan-page/export-needs-a-plan", test_export_needs_a_plan);

  g_test_add_func ("/plan-page/no-lint-while-streaming", test_no_lint_while_streaming);

  g_test_add_func ("/plan-page/row-distinguishing-title", test_row_shows_distinguishing_title);

  g_test_add_func ("/plan-page/status-line-not-cut", test_status_line_not_cut);

  g_test_add_func ("/plan-page/layout-fits", test_layout_fits);
  g_test_add_func ("/plan-page/progress-fresh-after-save", test_progress_fresh_after_save);

  return g_test_run ();
}
