/* test-plan-page.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>
#include <string.h>

#include "pw-fake-provider.h"
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

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

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

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (widget, type, found);
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
  spin (50);
  g_assert_null (pw_plan_page_get_error (page));
  g_assert_false (export_enabled (page));

  g_free (provider->answer);
  provider->answer = g_strdup (books_answer);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.retry", NULL));
  pw_test_wait_until (page_idle, page);
  spin (50);
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
  spin (800);
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
  collect (GTK_WIDGET (row), GTK_TYPE_LABEL, labels);
  g_assert_cmpuint (labels->len, >, 0);
  g_assert_cmpstr (gtk_label_get_text (labels->pdata[0]), ==, "GET /api/books");
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (row));
  g_assert_nonnull (strstr (tooltip, "API Endpoint Implementation Plan: GET /api/books"));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("pw-page-data-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/plan-page/list-opens-by-keys", test_list_opens_by_keys);

  g_test_add_func ("/plan-page/export-needs-a-plan", test_export_needs_a_plan);

  g_test_add_func ("/plan-page/no-lint-while-streaming", test_no_lint_while_streaming);

  g_test_add_func ("/plan-page/row-distinguishing-title", test_row_shows_distinguishing_title);

  return g_test_run ();
}
