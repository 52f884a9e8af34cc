/* test-coverage-page.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>
#include <string.h>

#include "pw-coverage-page-private.h"
#include "pw-coverage-row.h"
#include "pw-coverage.h"
#include "pw-export.h"
#include "pw-diff-view.h"
#include "pw-export-dialog.h"
#include "pw-history.h"
#include "pw-new-plan-dialog.h"
#include "pw-notes-revision.h"
#include "pw-plan-page-private.h"
#include "pw-stale.h"
#include "pw-prompt.h"
#include "pw-template.h"
#include "pw-test-repo.h"
#include "pw-test-server.h"
#include "pw-test-ui.h"
#include "pw-window-private.h"

#define STALE_PLAN ".ai/post-api-loans-implementation-plan.md"

static gboolean
page_loaded (gpointer data)
{
  return !pw_coverage_page_get_loading (data)
         && pw_coverage_page_get_rows (data)->len > 0;
}

static PwCoverage *
expected_coverage (const char *dir)
{
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (dir);
  g_autoptr(GError) error = NULL;
  PwCoverage *coverage = pw_coverage_compute (workspace, NULL, &error);

  g_assert_no_error (error);
  return coverage;
}

static PwCoverageRow *
find_row (PwCoveragePage *page,
          const char     *key)
{
  GPtrArray *rows = pw_coverage_page_get_rows (page);

  for (guint i = 0; i < rows->len; i++)
    {
      if (g_str_equal (pw_coverage_row_get_key (g_ptr_array_index (rows, i)), key))
        return g_ptr_array_index (rows, i);
    }

  return NULL;
}

static void
remember_string_cb (GObject    *object,
                    const char *value,
                    char      **out)
{
  g_free (*out);
  *out = g_strdup (value);
}

/* A plan for POST /api/loans whose provenance records the inputs as they
 * are; then the tech stack changes under it. Returns the plan's prompt. */
static char *
write_stale_plan (const char *dir)
{
  char *prompt = pw_test_export_plan (dir, "POST /api/loans", STALE_PLAN,
                                      "# Plan: POST /api/loans\n\n## Implementation Steps\n\n"
                                      "1. [x] Route\n2. [ ] Service\n");

  pw_test_append_file (dir, ".ai/tech-stack.md", "\nRedis for caching.\n");
  return prompt;
}

static void
test_counts_and_activation (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (dir);
  g_autoptr(PwCoverage) expected = expected_coverage (dir);
  g_autofree char *totals = pw_coverage_format_totals (expected);
  g_autofree char *opened = NULL;
  g_autofree char *planned = NULL;
  GtkWidget *window = gtk_window_new ();
  PwCoveragePage *page = PW_COVERAGE_PAGE (pw_coverage_page_new ());
  PwCoverageRow *row;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (page, "open-plan", G_CALLBACK (remember_string_cb), &opened);
  g_signal_connect (page, "plan-endpoint", G_CALLBACK (remember_string_cb), &planned);

  pw_coverage_page_set_workspace (page, workspace);
  g_assert_true (pw_coverage_page_get_loading (page));
  pw_test_wait_until (page_loaded, page);

  g_assert_cmpstr (pw_coverage_page_get_totals_text (page), ==, totals);
  g_assert_cmpuint (pw_coverage_page_get_rows (page)->len, ==, expected->n_endpoints);

  row = find_row (page, "GET /api/books");
  g_assert_cmpstr (pw_coverage_row_get_plan_path (row), ==,
                   ".ai/get-books-implementation-plan.md");
  g_assert_cmpstr (pw_coverage_row_get_progress_text (row), ==, "3 of 8 steps");
  g_assert_false (pw_coverage_row_get_stale (row));
  g_assert_cmpstr (pw_coverage_row_get_progress_text (find_row (page, "POST /api/books")), ==,
                   "Not planned");

  g_assert_true (pw_coverage_page_activate_endpoint (page, "GET /api/books"));
  g_assert_cmpstr (opened, ==, ".ai/get-books-implementation-plan.md");
  g_assert_null (planned);
  g_assert_true (pw_coverage_page_activate_endpoint (page, "POST /api/books"));
  g_assert_cmpstr (planned, ==, "POST /api/books");
  g_assert_false (pw_coverage_page_activate_endpoint (page, "GET /nowhere"));

  pw_test_assert_buttons_named (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_stale_mark (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwCoverage) expected = NULL;
  g_autofree char *totals = NULL;
  g_autofree char *prompt = NULL;
  GtkWidget *window = gtk_window_new ();
  PwCoveragePage *page = PW_COVERAGE_PAGE (pw_coverage_page_new ());
  PwCoverageRow *row;

  prompt = write_stale_plan (dir);
  workspace = pw_test_open_workspace (dir);
  expected = expected_coverage (dir);
  totals = pw_coverage_format_totals (expected);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));

  pw_coverage_page_set_workspace (page, workspace);
  pw_test_wait_until (page_loaded, page);

  g_assert_cmpuint (expected->n_planned, ==, 2);
  g_assert_cmpstr (pw_coverage_page_get_totals_text (page), ==, totals);
  row = find_row (page, "POST /api/loans");
  g_assert_true (pw_coverage_row_get_stale (row));
  g_assert_cmpstr (pw_coverage_row_get_progress_text (row), ==, "1 of 2 steps");
  g_assert_false (pw_coverage_row_get_stale (find_row (page, "GET /api/books")));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
wizard_ready (gpointer data)
{
  PwNewPlanDialog *dialog = PW_NEW_PLAN_DIALOG (pw_test_find_toplevel (PW_TYPE_NEW_PLAN_DIALOG));

  return dialog != NULL && !pw_new_plan_dialog_get_loading (dialog)
         && g_strcmp0 (pw_new_plan_dialog_get_page (dialog), "subject") == 0;
}

static gboolean
plan_shown (gpointer data)
{
  return !pw_plan_page_get_loading (data) && pw_plan_page_get_plan (data) != NULL;
}

static gboolean
window_idle (gpointer data)
{
  PwWindow *window = data;

  return (window->coverage_page == NULL || !pw_coverage_page_get_loading (window->coverage_page))
         && (window->plan_page == NULL || window->plan_page->stale_cancellable == NULL);
}

/* The threads the window started (coverage, staleness) end before the
 * window does: a thread still reading templates at exit would find the
 * resources gone. */
static void
destroy_window (PwWindow *window)
{
  pw_test_wait_until (window_idle, window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* From the window: Alt+6 shows the page; an unplanned endpoint starts the
 * wizard on it, a planned one opens its plan. */
static void
test_window_page (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(PwPlanSpec) spec = NULL;
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  PwNewPlanDialog *dialog;
  PwCoveragePage *page;
  PwPlanPage *plan_page;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pw_window_open (window, folder, &error));
  g_assert_no_error (error);
  pw_test_wait_until (pw_test_pane_loaded, pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD));

  g_assert_null (window->coverage_page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-pane", "s",
                                             "coverage"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->panes), ==, "coverage");
  page = window->coverage_page;
  g_assert_nonnull (page);
  pw_test_wait_until (page_loaded, page);

  g_assert_true (pw_coverage_page_activate_endpoint (page, "POST /api/loans"));
  pw_test_wait_until (wizard_ready, NULL);
  dialog = PW_NEW_PLAN_DIALOG (pw_test_find_toplevel (PW_TYPE_NEW_PLAN_DIALOG));
  spec = pw_new_plan_dialog_dup_spec (dialog);
  g_assert_cmpstr (spec->template_id, ==, PW_TEMPLATE_ID_ENDPOINTS_PLAN);
  g_assert_nonnull (spec->endpoints);
  g_assert_cmpstr (spec->endpoints[0], ==, "POST /api/loans");
  g_assert_null (spec->endpoints[1]);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (pw_coverage_page_activate_endpoint (page, "GET /api/books"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (window->panes), ==, "plans");
  plan_page = pw_window_get_plan_page (window);
  pw_test_wait_until (plan_shown, plan_page);

  destroy_window (window);
}

static gboolean
page_stale (gpointer data)
{
  return pw_plan_page_get_stale (data);
}

static gboolean
page_current (gpointer data)
{
  return !pw_plan_page_get_stale (data)
         && !gtk_revealer_get_reveal_child (PW_PLAN_PAGE (data)->stale_revealer);
}

/* A window on the Plans page with the stale plan of write_stale_plan()
 * open, its banner shown; @before gets the plan file's text. */
static PwPlanPage *
open_stale_page (PwWindow    *window,
                 const char  *dir,
                 char       **before)
{
  g_autofree char *path = g_build_filename (dir, STALE_PLAN, NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = NULL;
  PwPlanPage *page;

  prompt = write_stale_plan (dir);
  pw_test_append_history_prompt (dir, prompt);
  g_assert_true (g_file_get_contents (path, before, NULL, NULL));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pw_window_open (window, folder, &error));
  g_assert_no_error (error);
  adw_view_stack_set_visible_child_name (window->panes, "plans");
  page = pw_window_get_plan_page (window);
  g_assert_true (pw_plan_page_open_file (page, STALE_PLAN, &error));
  g_assert_no_error (error);
  pw_test_wait_until (plan_shown, page);
  pw_test_wait_until (page_stale, page);
  g_assert_true (gtk_revealer_get_reveal_child (page->stale_revealer));
  return page;
}

/* The plan file comes to record the tech stack as it is now, and only
 * that changed in its provenance; shown again, the page finds it
 * current. */
static void
assert_recorded_now (PwPlanPage *page,
                     const char *dir,
                     const char *before)
{
  g_autofree char *path = g_build_filename (dir, STALE_PLAN, NULL);
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (dir);
  g_autoptr(PwStaleReport) report = NULL;
  g_autofree char *after = NULL;
  const char *wait_args[2] = { path, NULL };

  report = pw_stale_check (workspace, before, -1, (const char *[]) { "POST /api/loans", NULL });
  g_assert_cmpint (report->state, ==, PW_STALE_STALE);
  for (guint i = 0; i < report->inputs->len; i++)
    {
      PwStaleInput *input = g_ptr_array_index (report->inputs, i);

      g_assert_true (input->changed == g_str_equal (input->id, "tech-stack"));
      if (input->changed)
        wait_args[1] = input->current;
    }
  pw_test_wait_until (pw_test_file_has, wait_args);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (strstr (before, "-->"), ==, strstr (after, "-->"));
  g_clear_pointer (&report, pw_stale_report_free);
  report = pw_stale_check (workspace, after, -1, (const char *[]) { "POST /api/loans", NULL });
  g_assert_cmpint (report->state, ==, PW_STALE_CURRENT);

  pw_plan_page_check_stale (page);
  pw_test_wait_until (page_current, page);
}

/* The Plans page says which input changed under the open plan, shows its
 * diff from the history, and Accept as Reviewed records the new hashes
 * without touching another byte. */
static void
test_plan_page_banner (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *before = NULL;
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  GtkWindow *changes;
  PwDiffView *diff;
  PwPlanPage *page;

  page = open_stale_page (window, dir, &before);
  g_assert_cmpstr (gtk_label_get_label (page->stale_label), ==,
                   "The tech stack changed since this plan was written");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.show-input-changes", NULL));
  changes = GTK_WINDOW (pw_test_find_toplevel (ADW_TYPE_WINDOW));
  g_assert_nonnull (changes);
  g_assert_cmpstr (gtk_window_get_title (changes), ==, "Changes in .ai/tech-stack.md");
  diff = PW_DIFF_VIEW (pw_test_find_type (GTK_WIDGET (changes), PW_TYPE_DIFF_VIEW));
  g_assert_cmpuint (pw_diff_view_get_n_added (diff), >=, 1);
  g_assert_cmpuint (pw_diff_view_get_n_removed (diff), ==, 0);
  gtk_window_destroy (changes);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.accept-reviewed", NULL));
  g_assert_true (page_current (page));
  assert_recorded_now (page, dir, before);

  destroy_window (window);
}

static gboolean
revision_at (gpointer data)
{
  PwNotesRevision *revision = PW_NOTES_REVISION (pw_test_find_toplevel (PW_TYPE_NOTES_REVISION));

  return revision != NULL && g_strcmp0 (pw_notes_revision_get_stage (revision), data) == 0;
}

static gboolean
revision_gone (gpointer data)
{
  return pw_test_find_toplevel (PW_TYPE_NOTES_REVISION) == NULL;
}

static char *
request_shown (PwNotesRevision *revision)
{
  GtkWidget *view = pw_test_find_type (GTK_WIDGET (revision), GTK_TYPE_TEXT_VIEW);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Revise… adds the changes as an open note on the whole plan, once, and
 * the revision's request carries them; once the new version is accepted,
 * the provenance records the tech stack as it is now and the banner goes.
 * No model is configured (no profile, no key): the offline planner answers
 * with the plan as it was, as in the notes' page test. */
static void
test_plan_page_revise (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *data_home = g_dir_make_tmp ("pw-stale-revise-XXXXXX", NULL);
  g_autofree char *key = g_strdup (g_getenv ("OPENAI_API_KEY"));
  g_autofree char *old_data_home = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autofree char *before = NULL;
  g_autofree char *note = NULL;
  g_autofree char *request = NULL;
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  PwNotesRevision *revision;
  PwPlanPage *page;
  const PwNote *added;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_unsetenv ("OPENAI_API_KEY");
  page = open_stale_page (window, dir, &before);
  pw_test_spin (100);
  note = pw_stale_revision_note (page->stale_report, 0);
  g_assert_nonnull (strstr (note, "The tech stack changed since this plan was written. "
                                  "What changed:\n\n```diff\n"));
  g_assert_nonnull (strstr (note, "\n+Redis for caching.\n"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.revise-stale", NULL));
  pw_test_wait_until (revision_at, "request");
  g_assert_cmpuint (pw_plan_notes_get_n_notes (page->notes), ==, 1);
  added = pw_plan_notes_get_note (page->notes, 0);
  g_assert_cmpint (added->kind, ==, PW_NOTE_ANCHOR_PLAN);
  g_assert_cmpint (added->status, ==, PW_NOTE_STATUS_OPEN);
  g_assert_cmpstr (added->body, ==, note);
  g_assert_true (gtk_revealer_get_reveal_child (page->notes_revealer));
  revision = PW_NOTES_REVISION (pw_test_find_toplevel (PW_TYPE_NOTES_REVISION));
  request = request_shown (revision);
  g_assert_nonnull (strstr (request, "+Redis for caching."));

  /* Asked again, the same window comes up, with the same single note. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.revise-stale", NULL));
  g_assert_cmpuint (pw_plan_notes_get_n_notes (page->notes), ==, 1);

  gtk_widget_activate_action (GTK_WIDGET (revision), "revision.send", NULL);
  pw_test_wait_until (revision_at, "compare");
  g_assert_true (pw_plan_page_get_stale (page));
  gtk_widget_activate_action (GTK_WIDGET (revision), "revision.accept", NULL);
  pw_test_wait_until (revision_gone, NULL);
  g_assert_true (page_current (page));
  g_assert_nonnull (strstr (pw_plan_get_text (pw_plan_page_get_plan (page), NULL),
                            "1. [x] Route\n2. [ ] Service\n"));
  assert_recorded_now (page, dir, before);

  destroy_window (window);
  if (key != NULL)
    g_setenv ("OPENAI_API_KEY", key, TRUE);
  if (old_data_home != NULL)
    g_setenv ("XDG_DATA_HOME", old_data_home, TRUE);
  else
    g_unsetenv ("XDG_DATA_HOME");
  pw_test_remove_tree (g_steal_pointer (&data_home));
}

static gboolean
queue_finished (gpointer data)
{
  PwPlanQueue *queue = pw_coverage_page_get_queue (data);

  return queue != NULL && !PW_COVERAGE_PAGE (data)->queue_task_running;
}

static gboolean
toplevel_shown (gpointer data)
{
  return pw_test_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
totals_are (gpointer data)
{
  return !pw_coverage_page_get_loading (data)
         && g_strcmp0 (pw_coverage_page_get_totals_text (data),
                       "3 of 3 endpoints planned, 0 of 3 steps done") == 0;
}

/* Plan Unplanned: the estimate is asked about, three endpoints are planned
 * against the fake server with a 429 (Retry-After: 1) in the middle, and
 * the three plans wait for review: each is saved from the Save to
 * Repository dialog, and the coverage counts them. */
static void
test_plan_unplanned (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pw-coverage-queue-XXXXXX", NULL);
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  TestServer *server = test_server_new ();
  TestReply *limited;
  GtkWidget *window = gtk_window_new ();
  PwCoveragePage *page = PW_COVERAGE_PAGE (pw_coverage_page_new ());
  AdwMessageDialog *confirm;

  pw_test_write_file (dir, ".ai/api-plan.md",
                      "# REST API Plan\n\n## Endpoints\n\n"
                      "### GET /api/notes\n\nLists notes.\n\n"
                      "### POST /api/notes\n\nCreates a note.\n\n"
                      "### GET /api/notes/{id}\n\nOne note.\n");
  pw_test_write_file (dir, ".ai/tech-stack.md", "Astro, TypeScript\n");
  test_server_add_plan_reply (server, "A");
  limited = test_server_add_reply (server, 429, "application/json", 1,
                                   "{\"error\":{\"message\":\"slow down\"}}", NULL);
  limited->retry_after = g_strdup ("1");
  test_server_add_plan_reply (server, "B");
  test_server_add_plan_reply (server, "C");
  spec->provider_kind = g_strdup ("openai");
  spec->base_url = g_strdup (server->base);
  spec->model = g_strdup ("gpt-x");

  workspace = pw_test_open_workspace (dir);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  pw_coverage_page_set_plan_spec (page, spec);
  pw_coverage_page_set_workspace (page, workspace);
  pw_test_wait_until (page_loaded, page);
  g_assert_cmpstr (pw_coverage_page_get_totals_text (page), ==,
                   "0 of 3 endpoints planned, 0 of 0 steps done");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "coverage.plan-unplanned", NULL));
  pw_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  confirm = ADW_MESSAGE_DIALOG (pw_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (confirm), ==, "Plan 3 Endpoints?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "3 plans, about "));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "cost unknown"));
  g_assert_cmpuint (server->n_requests, ==, 0);
  adw_message_dialog_response (confirm, "plan");

  pw_test_wait_until (queue_finished, page);
  g_assert_cmpuint (pw_plan_queue_get_n_done (pw_coverage_page_get_queue (page)), ==, 3);
  g_assert_cmpuint (server->n_requests, ==, 4);
  /* Nothing is saved before review. */
  g_assert_cmpstr (pw_coverage_page_get_totals_text (page), ==,
                   "0 of 3 endpoints planned, 0 of 0 steps done");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "coverage.review-plans", NULL));
  for (guint i = 0; i < 3; i++)
    {
      PwExportDialog *dialog;
      g_autoptr(GError) error = NULL;

      pw_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (PW_TYPE_EXPORT_DIALOG));
      dialog = PW_EXPORT_DIALOG (pw_test_find_toplevel (PW_TYPE_EXPORT_DIALOG));
      g_assert_true (g_str_has_suffix (pw_export_dialog_get_path (dialog),
                                       "-implementation-plan.md"));
      g_assert_true (pw_export_dialog_save (dialog, &error));
      g_assert_no_error (error);
      pw_test_spin (50);
    }

  pw_test_wait_until (totals_are, page);
  g_assert_cmpstr (pw_coverage_page_get_totals_text (page), ==,
                   "3 of 3 endpoints planned, 0 of 3 steps done");

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin (20);
  test_server_free (server);
  pw_test_remove_tree (g_steal_pointer (&dir));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();
  /* Plan Unplanned talks to a loopback server as an OpenAI-compatible one. */
  g_unsetenv ("PLANWRIGHT_API_KEY");
  g_setenv ("OPENAI_API_KEY", "sk-coverage-test-1234567890", TRUE);

  g_test_add_func ("/pw/coverage-page/counts-and-activation", test_counts_and_activation);
  g_test_add_func ("/pw/coverage-page/stale-mark", test_stale_mark);
  g_test_add_func ("/pw/coverage-page/window-page", test_window_page);
  g_test_add_func ("/pw/plan-page/stale-banner", test_plan_page_banner);
  g_test_add_func ("/pw/plan-page/stale-revise", test_plan_page_revise);
  g_test_add_func ("/pw/coverage-page/plan-unplanned", test_plan_unplanned);

  return g_test_run ();
}
