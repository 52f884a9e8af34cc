/* test-plan-flow.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "pw-blocks.h"
#include "pw-export-dialog.h"
#include "pw-fake-provider.h"
#include "pw-new-plan-dialog.h"
#include "pw-plan-index.h"
#include "pw-plan-page-private.h"
#include "pw-plans-list.h"
#include "pw-walkthrough-window.h"
#include "pw-window-private.h"
#include "pw-lint-list.h"
#include "pw-test-ui.h"
#include "pw-test-repo.h"

/* The planning session end to end, driven through actions against an
 * in-process provider: wizard → generate → tick → export → reopen, and
 * cancel, a provider error with a partial plan, markup-looking text, undo,
 * regenerate keeping ticks, and the walkthrough. */

static const char answer[] =
  "<analysis>\n"
  "The endpoint lists books; it needs pagination and auth.\n"
  "</analysis>\n"
  "\n"
  "# API Endpoint Implementation Plan: GET /api/books\n"
  "\n"
  "## 1. Endpoint Overview\n"
  "Lists the user's books, newest first. Note: `<b>` & `&amp;` stay as text.\n"
  "\n"
  "## 2. Request Details\n"
  "- Method: GET\n"
  "- URL: `/api/books`\n"
  "\n"
  "## 3. Used Types\n"
  "`BookDto`, `BookListResponse`.\n"
  "\n"
  "## 4. Response Details\n"
  "200 with the list; 401 without a session.\n"
  "\n"
  "## 5. Data Flow\n"
  "Route → service → Supabase.\n"
  "\n"
  "## 6. Security Considerations\n"
  "RLS on books.\n"
  "\n"
  "## 7. Error Handling\n"
  "400 for bad query parameters, 500 otherwise.\n"
  "\n"
  "## 8. Performance Considerations\n"
  "Index on (user_id, created_at).\n"
  "\n"
  "## 9. Implementation Steps\n"
  "1. Define the query schema with zod\n"
  "2. Write `listBooks` in the books service\n"
  "3. Add the route handler <script>alert(1)</script>\n"
  "4. Map errors to status codes\n"
  "5. Write the tests\n";

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
page_idle (gpointer data)
{
  return !pw_plan_page_get_busy (data);
}

/* Nothing being read or written: the plan asked for is shown and saved. */
static gboolean
page_settled (gpointer data)
{
  return !pw_plan_page_get_loading (data);
}

static void
open_and_wait (PwPlanPage *page,
               const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (pw_plan_page_open_file (page, path, &error));
  g_assert_no_error (error);
  pw_test_wait_until (page_settled, page);
}

static gboolean
dialog_loaded (gpointer data)
{
  return !pw_new_plan_dialog_get_loading (data);
}

static gboolean
plan_has_200 (gpointer data)
{
  PwPlan *plan = pw_plan_page_get_plan (data);
  gsize length = 0;

  if (plan != NULL)
    pw_plan_get_text (plan, &length);
  return length == 200;
}

/* The toplevel of @type other than the main windows, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  return pw_test_find_toplevel (type);
}

/* The provider goes in the spec, as the page hands it to its PwPlanRun. */
static PwPlanSpec *
books_spec (FakeProvider *provider)
{
  PwPlanSpec *spec = pw_plan_spec_new ();

  spec->template_id = g_strdup ("feature-plan");
  spec->endpoints = g_strsplit ("GET /api/books", "|", -1);
  if (provider != NULL)
    spec->provider = g_object_ref (PW_PROVIDER (provider));
  return spec;
}

/* The wizard's spec names a profile: put the fake provider into it as the
 * dialog emits it, before the window hands it to the page. */
static gboolean
inject_provider_hook (GSignalInvocationHint *hint,
                      guint                  n_params,
                      const GValue          *params,
                      gpointer               data)
{
  PwPlanSpec *spec = g_value_get_boxed (&params[1]);

  g_set_object (&spec->provider, PW_PROVIDER (data));
  return FALSE;
}

/* Generates through the wizard: Ctrl+N, choose, Generate. */
static PwPlanPage *
generate_with_wizard (PwWindow     *window,
                      FakeProvider *provider)
{
  PwPlanPage *page = pw_window_get_plan_page (window);
  g_autoptr(PwPlanSpec) spec = books_spec (NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-plan", NULL));
  {
    PwNewPlanDialog *dialog = PW_NEW_PLAN_DIALOG (find_toplevel (PW_TYPE_NEW_PLAN_DIALOG));
    g_autoptr(PwPlanSpec) chosen = NULL;

    g_assert_nonnull (dialog);
    pw_test_wait_until (dialog_loaded, dialog);
    g_assert_true (pw_new_plan_dialog_select_template (dialog, "feature-plan"));
    g_assert_true (pw_new_plan_dialog_select_endpoint (dialog, "GET /api/books", TRUE));
    chosen = pw_new_plan_dialog_dup_spec (dialog);
    g_assert_cmpstr (chosen->template_id, ==, spec->template_id);
    g_assert_cmpstr (chosen->endpoints[0], ==, spec->endpoints[0]);
    pw_new_plan_dialog_set_page (dialog, "review");
    g_assert_nonnull (strstr (pw_new_plan_dialog_get_prompt (dialog), "GET /api/books"));
    /* Ctrl+Return: generate and close. */
    g_signal_add_emission_hook (g_signal_lookup ("generate", PW_TYPE_NEW_PLAN_DIALOG), 0,
                                inject_provider_hook, provider, NULL);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "wizard.generate", NULL));
    spin (50);
    g_assert_null (find_toplevel (PW_TYPE_NEW_PLAN_DIALOG));
  }
  g_assert_true (pw_plan_page_get_busy (page));

  return page;
}

static void
test_flow_generate_tick_export_reopen (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(FakeProvider) provider = fake_provider_new (answer, FAKE_COMPLETE, 0);
  PwWindow *window = pw_test_open_window (dir);
  PwPlanPage *page;
  PwPlan *plan;
  PwExportDialog *export;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *after_tick = NULL;
  const char *path = ".ai/get-api-books-implementation-plan.md";
  const char *text;
  gsize length;

  provider->chunk = 16;
  page = generate_with_wizard (window, provider);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->panes), ==, "plans");
  pw_test_wait_until (page_idle, page);

  plan = pw_plan_page_get_plan (page);
  text = pw_plan_get_text (plan, &length);
  g_assert_cmpstr (text, ==, answer);
  g_assert_true (pw_plan_get_has_analysis (plan));
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 5);
  g_assert_null (pw_plan_page_get_error (page));

  /* Tick, undo, redo. */
  pw_plan_page_toggle_step (page, 0, TRUE);
  g_assert_true (pw_plan_get_step (plan, 0)->done);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.undo", NULL));
  g_assert_false (pw_plan_get_step (plan, 0)->done);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.redo", NULL));
  g_assert_true (pw_plan_get_step (plan, 0)->done);

  /* Export: Ctrl+E opens the dialog at the template's path. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-plan", NULL));
  export = PW_EXPORT_DIALOG (find_toplevel (PW_TYPE_EXPORT_DIALOG));
  g_assert_nonnull (export);
  pw_export_dialog_set_path (export, path);
  g_assert_false (pw_export_dialog_get_conflict (export));
  g_assert_true (pw_export_dialog_save (export, &error));
  g_assert_no_error (error);
  spin (50);
  pw_test_wait_until (page_settled, page);

  written = pw_test_read_file (dir, path);
  g_assert_null (strstr (written, "<analysis>"));
  g_assert_nonnull (strstr (written, "- [x] 1. Define the query schema") != NULL
                    ? strstr (written, "- [x] 1. Define the query schema")
                    : strstr (written, "1. [x] Define the query schema"));
  g_assert_nonnull (strstr (written, "<script>alert(1)</script>"));

  /* The page now shows the file: ticking saves it at once. */
  plan = pw_plan_page_get_plan (page);
  g_assert_nonnull (pw_plan_get_file (plan));
  pw_plan_page_toggle_step (page, 2, TRUE);
  pw_test_wait_until (page_settled, page);
  after_tick = pw_test_read_file (dir, path);
  g_assert_cmpint (pw_plan_get_n_done (plan), ==, 2);
  {
    g_autoptr(PwPlan) check = pw_plan_new_from_text (after_tick, -1);

    g_assert_cmpuint (pw_plan_get_n_done (check), ==, 2);
    g_assert_true (pw_plan_get_step (check, 2)->done);
  }

  gtk_window_destroy (GTK_WINDOW (window));

  /* Reopen the repository: the plan is listed with its progress, and
   * opening it shows the ticks. */
  window = pw_test_open_window (dir);
  page = pw_window_get_plan_page (window);
  pw_test_wait_until (page_settled, page);
  {
    GPtrArray *summaries = pw_plan_page_get_summaries (page);
    gboolean found = FALSE;

    for (guint i = 0; i < summaries->len; i++)
      {
        PwPlanSummary *summary = g_ptr_array_index (summaries, i);

        if (g_str_equal (summary->path, path))
          {
            found = TRUE;
            g_assert_cmpuint (summary->n_done, ==, 2);
            g_assert_cmpuint (summary->n_steps, ==, 5);
          }
      }
    g_assert_true (found);
  }
  open_and_wait (page, path);
  plan = pw_plan_page_get_plan (page);
  g_assert_true (pw_plan_get_step (plan, 0)->done);
  g_assert_true (pw_plan_get_step (plan, 2)->done);
  g_assert_false (pw_plan_get_step (plan, 1)->done);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_flow_cancel_keeps_text (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(FakeProvider) provider = fake_provider_new (answer, FAKE_STALL, 200);
  PwWindow *window = pw_test_open_window (dir);
  g_autoptr(PwPlanSpec) spec = books_spec (provider);
  PwPlanPage *page = pw_window_get_plan_page (window);
  gint64 start;
  gsize length;

  pw_plan_page_generate (page, spec);
  pw_test_wait_until (plan_has_200, page);
  spin (50);
  g_assert_true (pw_plan_page_get_busy (page));

  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.stop", NULL));
  pw_test_wait_until (page_idle, page);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  pw_plan_get_text (pw_plan_page_get_plan (page), &length);
  g_assert_cmpuint (length, ==, 200);
  g_assert_true (strncmp (pw_plan_get_text (pw_plan_page_get_plan (page), NULL), answer, 200) == 0);
  g_assert_null (pw_plan_page_get_error (page));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_flow_error_keeps_partial_plan (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(FakeProvider) provider = fake_provider_new (answer, FAKE_FAIL, 300);
  PwWindow *window = pw_test_open_window (dir);
  g_autoptr(PwPlanSpec) spec = books_spec (provider);
  PwPlanPage *page = pw_window_get_plan_page (window);
  const char *error;
  gsize length;

  provider->chunk = 32;
  pw_plan_page_generate (page, spec);
  pw_test_wait_until (page_idle, page);

  error = pw_plan_page_get_error (page);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "HTTP 503"));
  g_assert_nonnull (strstr (error, "(HTTP 503). The "));
  g_assert_false (gtk_widget_get_visible (page->continue_button));
  g_assert_false (gtk_widget_get_visible (page->preferences_button));
  pw_plan_get_text (pw_plan_page_get_plan (page), &length);
  g_assert_cmpuint (length, ==, 300);

  /* Retry runs the same request again. */
  provider->mode = FAKE_COMPLETE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.retry", NULL));
  pw_test_wait_until (page_idle, page);
  g_assert_null (pw_plan_page_get_error (page));
  g_assert_cmpstr (pw_plan_get_text (pw_plan_page_get_plan (page), NULL), ==, answer);
  g_assert_cmpuint (provider->calls, ==, 2);

  /* A rejected key offers Preferences beside Retry. */
  provider->mode = FAKE_FAIL;
  provider->fail_auth = TRUE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.retry", NULL));
  pw_test_wait_until (page_idle, page);
  g_assert_nonnull (strstr (pw_plan_page_get_error (page), "HTTP 401"));
  g_assert_true (gtk_widget_get_visible (page->preferences_button));

  /* A message without a final stop still ends its sentence before the
   * note about the text kept. */
  provider->fail_auth = FALSE;
  provider->fail_message = g_strdup ("The answer stopped before its end marker; it is incomplete");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.retry", NULL));
  pw_test_wait_until (page_idle, page);
  g_assert_nonnull (strstr (pw_plan_page_get_error (page), "it is incomplete. The "));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void collect_label_texts (GtkWidget *widget,
                                 GString   *out);

/* A plan cut at the token limit is marked incomplete and offers Continue,
 * which asks for the rest. */
static void
test_flow_truncated_continue (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(FakeProvider) provider = fake_provider_new (answer, FAKE_TRUNCATE, 300);
  PwWindow *window = pw_test_open_window (dir);
  g_autoptr(PwPlanSpec) spec = books_spec (provider);
  PwPlanPage *page = pw_window_get_plan_page (window);
  g_autoptr(GString) texts = NULL;

  provider->chunk = 32;
  provider->warning = g_strdup ("The prompt is larger than the 2048-token context");
  pw_plan_page_generate (page, spec);
  pw_test_wait_until (page_idle, page);

  g_assert_nonnull (strstr (pw_plan_page_get_error (page), "token limit"));
  /* The generation's warning was shown as it came. */
  texts = g_string_new (NULL);
  collect_label_texts (GTK_WIDGET (window), texts);
  g_assert_nonnull (strstr (texts->str, "larger than the 2048-token context"));
  g_assert_true (gtk_widget_get_visible (page->continue_button));
  g_assert_false (gtk_widget_get_visible (page->preferences_button));

  provider->mode = FAKE_COMPLETE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.continue", NULL));
  pw_test_wait_until (page_idle, page);
  g_assert_null (pw_plan_page_get_error (page));
  g_assert_cmpstr (pw_plan_get_text (pw_plan_page_get_plan (page), NULL), ==, answer);
  g_assert_cmpuint (provider->calls, ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
collect_label_texts (GtkWidget *widget,
                     GString   *out)
{
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_label_texts (child, out);
}

static void
test_flow_markup_is_literal (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(FakeProvider) provider = fake_provider_new (answer, FAKE_COMPLETE, 0);
  PwWindow *window = pw_test_open_window (dir);
  g_autoptr(PwPlanSpec) spec = books_spec (provider);
  PwPlanPage *page = pw_window_get_plan_page (window);
  g_autoptr(GString) texts = g_string_new (NULL);
  PwPlanView *view;

  provider->chunk = 64;
  adw_view_stack_set_visible_child_name (window->panes, "plans");
  pw_plan_page_generate (page, spec);
  pw_test_wait_until (page_idle, page);

  view = pw_plan_page_get_plan_view (page);
  pw_plan_view_flush (view);
  spin (200);
  collect_label_texts (GTK_WIDGET (view), texts);
  g_assert_nonnull (strstr (texts->str, "<script>alert(1)</script>"));
  g_assert_nonnull (strstr (texts->str, "&amp;"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_flow_regenerate_keeps_ticks (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(FakeProvider) provider = fake_provider_new (answer, FAKE_COMPLETE, 0);
  PwWindow *window = pw_test_open_window (dir);
  g_autoptr(PwPlanSpec) spec = books_spec (provider);
  PwPlanPage *page = pw_window_get_plan_page (window);
  g_autoptr(GString) changed = g_string_new (answer);
  PwPlan *plan;

  provider->chunk = 64;
  pw_plan_page_generate (page, spec);
  pw_test_wait_until (page_idle, page);
  pw_plan_page_toggle_step (page, 0, TRUE);
  pw_plan_page_toggle_step (page, 3, TRUE);

  /* The new answer rewrites step 4 (index 3) but keeps step 1. */
  g_string_replace (changed, "4. Map errors to status codes", "4. Map service errors to HTTP", 1);
  g_free (provider->answer);
  provider->answer = g_strdup (changed->str);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.regenerate", NULL));
  pw_test_wait_until (page_idle, page);

  plan = pw_plan_page_get_plan (page);
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 5);
  g_assert_true (pw_plan_get_step (plan, 0)->done);
  g_assert_false (pw_plan_get_step (plan, 3)->done);
  g_assert_cmpuint (pw_plan_get_n_done (plan), ==, 1);

  /* Ticks on a plan that is not in the repository: closing asks first. */
  g_assert_false (pw_plan_page_get_has_unsaved_work (page));
  pw_plan_page_toggle_step (page, 1, TRUE);
  g_assert_true (pw_plan_page_get_has_unsaved_work (page));
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window);
  g_assert_nonnull (window->close_dialog);
  adw_message_dialog_response (window->close_dialog, "cancel");
  spin (50);
  g_assert_nonnull (window);
  gtk_window_close (GTK_WINDOW (window));
  adw_message_dialog_response (window->close_dialog, "discard");
  spin (100);
  g_assert_null (window);
}

static void
test_flow_walkthrough (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = pw_test_open_window (dir);
  PwPlanPage *page = pw_window_get_plan_page (window);
  g_autoptr(GError) error = NULL;
  PwWalkthroughWindow *walk;
  PwPlan *plan;
  const char *path = ".ai/get-books-implementation-plan.md";
  guint n_done;

  open_and_wait (page, path);
  plan = pw_plan_page_get_plan (page);
  g_assert_cmpuint (pw_plan_get_n_steps (plan), >, 3);
  n_done = pw_plan_get_n_done (plan);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.walkthrough", NULL));
  walk = PW_WALKTHROUGH_WINDOW (find_toplevel (PW_TYPE_WALKTHROUGH_WINDOW));
  g_assert_nonnull (walk);

  pw_walkthrough_window_set_step (walk, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk), "walkthrough.next", NULL));
  g_assert_cmpuint (pw_walkthrough_window_get_step (walk), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk), "walkthrough.previous", NULL));
  g_assert_cmpuint (pw_walkthrough_window_get_step (walk), ==, 0);

  /* X ticks the step; the page applies it and saves the file. */
  {
    gboolean was_done = pw_plan_get_step (plan, 0)->done;
    g_autofree char *contents = NULL;
    g_autoptr(PwPlan) check = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (walk), "walkthrough.toggle", NULL));
    g_assert_cmpint (pw_plan_get_step (plan, 0)->done, ==, !was_done);
    pw_test_wait_until (page_settled, page);
    contents = pw_test_read_file (dir, path);
    check = pw_plan_new_from_text (contents, -1);
    g_assert_cmpint (pw_plan_get_step (check, 0)->done, ==, !was_done);
    g_assert_cmpuint (pw_plan_get_n_done (check), ==, was_done ? n_done - 1 : n_done + 1);
  }

  gtk_window_destroy (GTK_WINDOW (walk));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first descendant of @widget of @type, or NULL. */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static gboolean
has_no_items (gpointer data)
{
  return g_list_model_get_n_items (data) == 0;
}

/* A plan opened from the command line's path, linted: the list fills only
 * while shown, and activating an issue puts the source view's cursor on
 * its line. */
static void
test_flow_lint_jumps_to_line (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *path = g_build_filename (dir, ".ai", "lint-implementation-plan.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  PwPlanPage *page;
  PwLintList *lint;
  GListModel *issues;
  GtkTextBuffer *buffer;
  GtkTextIter cursor;

  /* No "Security Considerations" section: an error at the line of the
   * heading before where it belongs (line 9). */
  g_file_set_contents (path,
                       "# API Endpoint Implementation Plan: GET /api/books\n\n"
                       "## 1. Endpoint Overview\nLists books.\n\n"
                       "## 2. Request Details\nGET.\n\n"
                       "## 3. Used Types\nBookDto.\n\n"
                       "## 9. Implementation Steps\n1. Write it\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (pw_window_open_plan (window, file, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  page = pw_window_get_plan_page (window);
  pw_test_wait_until (page_settled, page);
  g_assert_nonnull (pw_plan_page_get_plan (page));
  lint = PW_LINT_LIST (find_descendant (GTK_WIDGET (page), PW_TYPE_LINT_LIST));
  g_assert_nonnull (lint);
  issues = pw_lint_list_get_model (lint);

  /* Hidden, the list holds nothing; shown, the issues. */
  spin (400);
  g_assert_cmpuint (g_list_model_get_n_items (issues), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.toggle-lint", NULL));
  pw_test_wait_until (has_items, issues);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.show-view", "s", "source"));
  spin (50);
  pw_lint_list_activate (lint, 0);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (page),
                                                                     GTK_SOURCE_TYPE_VIEW)));
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_line (&cursor) + 1, >, 1);
  {
    g_autofree char *line = NULL;
    GtkTextIter end = cursor;

    gtk_text_iter_forward_to_line_end (&end);
    line = gtk_text_iter_get_text (&cursor, &end);
    g_assert_true (g_str_has_prefix (line, "## "));
  }

  /* Hidden again (once the panel slid away), the rows go. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.toggle-lint", NULL));
  pw_test_wait_until (has_no_items, issues);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The plans of the repository are listed once read in the background;
 * choosing one opens it, selected, and its row carries its path. */
static void
test_flow_list_opens_plan (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = pw_test_open_window (dir);
  PwPlanPage *page = pw_window_get_plan_page (window);
  const char *path = ".ai/get-books-implementation-plan.md";
  g_autofree char *row_path = NULL;
  GtkWidget *list;
  GtkListBox *box;
  GtkListBoxRow *row;
  PwPlan *plan;
  guint n_steps = 0;

  adw_view_stack_set_visible_child_name (window->panes, "plans");
  pw_test_wait_until (page_settled, page);
  list = find_descendant (GTK_WIDGET (page), PW_TYPE_PLANS_LIST);
  g_assert_nonnull (list);
  g_assert_false (pw_plans_list_get_loading (PW_PLANS_LIST (list)));
  box = GTK_LIST_BOX (find_descendant (list, GTK_TYPE_LIST_BOX));
  row = gtk_list_box_get_row_at_index (box, 0);
  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (box, 1));
  g_object_get (row, "path", &row_path, "n-steps", &n_steps, NULL);
  g_assert_cmpstr (row_path, ==, path);
  g_assert_cmpuint (n_steps, >, 3);
  g_assert_null (pw_plan_page_get_plan (page));

  g_signal_emit_by_name (box, "row-activated", row);
  pw_test_wait_until (page_settled, page);
  plan = pw_plan_page_get_plan (page);
  g_assert_nonnull (plan);
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, n_steps);
  row = gtk_list_box_get_selected_row (box);
  g_assert_nonnull (row);
  g_object_get (row, "path", &row_path, NULL);
  g_assert_cmpstr (row_path, ==, path);

  /* Outside the repository: refused at once. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pw_plan_page_open_file (page, "../elsewhere.md", &error));
    g_assert_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_OUTSIDE_ROOT);
    g_assert_true (pw_plan_page_get_plan (page) == plan);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  const char *dir;
  const char *path;
  const char *needle;
} FileWait;

static gboolean
file_contains (gpointer data)
{
  FileWait *wait = data;
  g_autofree char *contents = pw_test_read_file (wait->dir, wait->path);

  return strstr (contents, wait->needle) != NULL;
}

static gboolean
page_has_error (gpointer data)
{
  return pw_plan_page_get_error (data) != NULL;
}

static guint
first_open_step (PwPlan *plan)
{
  for (guint i = 0; i < pw_plan_get_n_steps (plan); i++)
    {
      if (!pw_plan_get_step (plan, i)->done)
        return i;
    }
  g_assert_not_reached ();
}

/* Another program changes the plan file and a tick's save is refused;
 * Keep Mine writes the plan shown, Reload shows the file's. */
static void
test_flow_tick_conflict (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  const char *path = ".ai/get-books-implementation-plan.md";
  g_autofree char *full = g_build_filename (dir, path, NULL);
  PwWindow *window = pw_test_open_window (dir);
  PwPlanPage *page = pw_window_get_plan_page (window);
  g_autofree char *original = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *kept = NULL;
  guint step;

  open_and_wait (page, path);
  original = pw_test_read_file (dir, path);
  changed = g_strconcat (original, "\nAn outside note.\n", NULL);

  g_assert_true (g_file_set_contents (full, changed, -1, NULL));
  step = first_open_step (pw_plan_page_get_plan (page));
  pw_plan_page_toggle_step (page, step, TRUE);
  pw_test_wait_until (page_has_error, page);
  g_assert_true (gtk_widget_get_visible (page->conflict_box));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.keep-mine", NULL));
  pw_test_wait_until (page_settled, page);
  g_assert_null (pw_plan_page_get_error (page));
  kept = pw_test_read_file (dir, path);
  g_assert_null (strstr (kept, "An outside note."));
  {
    g_autoptr(PwPlan) check = pw_plan_new_from_text (kept, -1);

    g_assert_true (pw_plan_get_step (check, step)->done);
  }

  g_assert_true (g_file_set_contents (full, changed, -1, NULL));
  step = first_open_step (pw_plan_page_get_plan (page));
  pw_plan_page_toggle_step (page, step, TRUE);
  pw_test_wait_until (page_has_error, page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.reload", NULL));
  pw_test_wait_until (page_settled, page);
  g_assert_null (pw_plan_page_get_error (page));
  g_assert_nonnull (strstr (pw_plan_get_text (pw_plan_page_get_plan (page), NULL),
                            "An outside note."));
  g_assert_false (pw_plan_get_step (pw_plan_page_get_plan (page), step)->done);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* An edit of the markdown is saved a moment later, in the background, and
 * still when the window closes before that moment. */
static void
test_flow_edit_saved_on_close (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = pw_test_open_window (dir);
  PwPlanPage *page = pw_window_get_plan_page (window);
  FileWait wait = { dir, ".ai/get-books-implementation-plan.md", "A note from the test." };
  GtkTextBuffer *buffer;
  GtkTextIter end;

  open_and_wait (page, wait.path);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.show-view", "s", "source"));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_descendant (GTK_WIDGET (page),
                                                                     GTK_SOURCE_TYPE_VIEW)));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "\nA note from the test.\n", -1);
  g_assert_false (file_contains (&wait));

  gtk_window_destroy (GTK_WINDOW (window));
  pw_test_wait_until (file_contains, &wait);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("pw-flow-data-XXXXXX", NULL);

  /* History goes to the user data dir: keep it out of the real one.
   * (G_TEST_OPTION_ISOLATE_DIRS would also hide GtkSourceView's styles.) */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/plan-flow/generate-tick-export-reopen", test_flow_generate_tick_export_reopen);
  g_test_add_func ("/plan-flow/cancel", test_flow_cancel_keeps_text);
  g_test_add_func ("/plan-flow/error-partial", test_flow_error_keeps_partial_plan);
  g_test_add_func ("/plan-flow/truncated-continue", test_flow_truncated_continue);
  g_test_add_func ("/plan-flow/markup-literal", test_flow_markup_is_literal);
  g_test_add_func ("/plan-flow/regenerate-keeps-ticks", test_flow_regenerate_keeps_ticks);
  g_test_add_func ("/plan-flow/tick-conflict", test_flow_tick_conflict);
  g_test_add_func ("/plan-flow/walkthrough", test_flow_walkthrough);
  g_test_add_func ("/plan-flow/lint-jumps-to-line", test_flow_lint_jumps_to_line);
  g_test_add_func ("/plan-flow/list-opens-plan", test_flow_list_opens_plan);
  g_test_add_func ("/plan-flow/edit-saved-on-close", test_flow_edit_saved_on_close);

  return g_test_run ();
}
