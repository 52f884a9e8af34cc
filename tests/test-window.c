/* test-window.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <string.h>
#include <unistd.h>

#include "pw-export-dialog.h"
#include "pw-history-window.h"
#include "pw-fake-provider.h"
#include "pw-new-plan-dialog.h"
#include "pw-plans-list.h"
#include "pw-preferences-window.h"
#include "pw-test-repo.h"
#include "pw-test-ui.h"
#include "pw-toast.h"
#include "pw-window-private.h"

static const char stall_answer[] =
  "# API Endpoint Implementation Plan: GET /api/books\n\n## 1. Endpoint Overview\nLists books.\n";

static gboolean
pane_saved (gpointer data)
{
  return !pw_input_pane_get_modified (data);
}

static gboolean
pane_changed_on_disk (gpointer data)
{
  PwDocument *doc = pw_input_pane_get_document (data);

  return doc != NULL && pw_document_get_changed_on_disk (doc);
}

static PwWindow *
open_window (const char *dir)
{
  PwWindow *window = pw_test_open_window (dir);

  pw_test_wait_until (pw_test_pane_loaded, pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD));

  return window;
}

static void
type_into (PwInputPane *pane,
           const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (pw_input_pane_get_view (pane)));
  GtkTextIter start;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, text, -1);
}

static void
test_open_example (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  g_autofree char *base = g_path_get_basename (dir);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "repository");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, base);
  g_assert_cmpstr (pw_document_get_relative_path (pw_input_pane_get_document (pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD))),
                   ==, ".ai/prd.md");
  g_assert_cmpstr (pw_document_get_relative_path (pw_input_pane_get_document (pw_window_get_pane (window, PW_DOCUMENT_ROLE_RULES))),
                   ==, ".cursor/rules/backend.mdc");
  g_assert_nonnull (pw_input_pane_get_document (pw_window_get_pane (window, PW_DOCUMENT_ROLE_API_SPEC)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_edit_and_save (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  g_autofree char *before = pw_test_read_file (dir, ".ai/prd.md");
  g_autofree char *after = NULL;

  type_into (pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD), "Edited. ");
  g_assert_true (pw_input_pane_get_modified (pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD)));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-pane", "s", "prd"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  pw_test_wait_until (pane_saved, pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD));

  after = pw_test_read_file (dir, ".ai/prd.md");
  g_assert_true (g_str_has_prefix (after, "Edited. "));
  g_assert_cmpstr (after + strlen ("Edited. "), ==, before);
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_external_change (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  g_autofree char *path = g_build_filename (dir, ".ai", "prd.md", NULL);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_usleep (20000);
  g_assert_true (g_file_set_contents (path, "# Changed outside\n", -1, NULL));
  pw_test_wait_until (pane_changed_on_disk, pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD)), "pane.reload", NULL));
  pw_test_wait_until (pane_saved, pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD));
  while (pane_changed_on_disk (pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD)))
    g_main_context_iteration (NULL, TRUE);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (pw_input_pane_get_view (pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD))));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (text, ==, "# Changed outside\n");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_close_asks (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  g_autofree char *before = pw_test_read_file (dir, ".ai/tech-stack.md");
  g_autofree char *after = NULL;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  pw_test_wait_until (pw_test_pane_loaded, pw_window_get_pane (window, PW_DOCUMENT_ROLE_TECH_STACK));
  type_into (pw_window_get_pane (window, PW_DOCUMENT_ROLE_TECH_STACK), "Unsaved ");

  /* Closing asks; Cancel keeps the window and the edit. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window);
  g_assert_nonnull (window->close_dialog);
  adw_message_dialog_response (window->close_dialog, "cancel");
  g_assert_null (window->close_dialog);
  g_assert_true (pw_input_pane_get_modified (pw_window_get_pane (window, PW_DOCUMENT_ROLE_TECH_STACK)));

  /* Discard closes without writing. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window->close_dialog);
  adw_message_dialog_response (window->close_dialog, "discard");
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);

  after = pw_test_read_file (dir, ".ai/tech-stack.md");
  g_assert_cmpstr (after, ==, before);
}

static void
test_close_saves (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  g_autofree char *after = NULL;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  pw_test_wait_until (pw_test_pane_loaded, pw_window_get_pane (window, PW_DOCUMENT_ROLE_API_SPEC));
  type_into (pw_window_get_pane (window, PW_DOCUMENT_ROLE_API_SPEC), "Saved on close ");

  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window->close_dialog);
  adw_message_dialog_response (window->close_dialog, "save");
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);

  after = pw_test_read_file (dir, ".ai/api-plan.md");
  g_assert_true (g_str_has_prefix (after, "Saved on close "));
}

static void
test_dark_mode (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (pw_input_pane_get_view (pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD))));
  GtkSourceStyleScheme *scheme;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  scheme = gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (buffer));
  g_assert_cmpstr (gtk_source_style_scheme_get_id (scheme), ==, "Adwaita-dark");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  scheme = gtk_source_buffer_get_style_scheme (GTK_SOURCE_BUFFER (buffer));
  g_assert_cmpstr (gtk_source_style_scheme_get_id (scheme), ==, "Adwaita");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_lazy_panes (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);

  /* Only the pane on screen is built at first. */
  g_assert_nonnull (window->prd_pane);
  g_assert_null (window->api_pane);
  g_assert_null (window->stack_pane);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-pane", "s",
                                             "api-spec"));
  g_assert_nonnull (window->api_pane);
  g_assert_true (pw_window_get_visible_pane (window) == window->api_pane);
  pw_test_wait_until (pw_test_pane_loaded, window->api_pane);
  g_assert_cmpstr (pw_document_get_relative_path (pw_input_pane_get_document (window->api_pane)),
                   ==, ".ai/api-plan.md");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_missing_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-ui-empty-XXXXXX", &error);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  g_autofree char *created = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pw_window_open (window, folder, &error));
  g_assert_null (pw_input_pane_get_document (pw_window_get_pane (window, PW_DOCUMENT_ROLE_API_SPEC)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pw_window_get_pane (window, PW_DOCUMENT_ROLE_API_SPEC)), "pane.create", NULL));
  pw_test_wait_until (pw_test_pane_loaded, pw_window_get_pane (window, PW_DOCUMENT_ROLE_API_SPEC));
  g_assert_nonnull (pw_input_pane_get_document (pw_window_get_pane (window, PW_DOCUMENT_ROLE_API_SPEC)));
  created = pw_test_read_file (dir, ".ai/api-plan.md");
  g_assert_true (g_str_has_prefix (created, "# REST API Plan"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
window_has_workspace (gpointer data)
{
  return pw_window_get_workspace (data) != NULL;
}

/* The pane's own stack, the one with a page for links out of the
 * repository (a drop-down has a stack of its own). */
static GtkStack *
find_stack (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "outside"))
    return GTK_STACK (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_stack (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
pane_shows_outside (gpointer data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (find_stack (data)), "outside") == 0;
}

/* .ai/prd.md links to a key outside the repository: the pane says so and
 * shows nothing of it. */
static void
test_outside_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-ui-outside-XXXXXX", &error);
  g_autofree char *home = g_dir_make_tmp ("pw-ui-home-XXXXXX", &error);
  g_autofree char *key = g_build_filename (home, "id_rsa", NULL);
  g_autofree char *ai = g_build_filename (dir, ".ai", NULL);
  g_autofree char *prd = g_build_filename (ai, "prd.md", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  PwInputPane *pane;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *shown = NULL;

  g_assert_true (g_file_set_contents (key, "PRIVATE KEY", -1, NULL));
  g_assert_cmpint (g_mkdir_with_parents (ai, 0755), ==, 0);
  g_assert_cmpint (symlink (key, prd), ==, 0);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pw_window_open (window, folder, &error));
  pane = pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD);
  pw_test_wait_until (pane_shows_outside, pane);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (pw_input_pane_get_view (pane)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_null (strstr (shown, "PRIVATE"));
  g_assert_true (pw_document_get_outside (pw_input_pane_get_document (pane)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A toast shows a file name as it is, `&` and `<` too: never as markup. */
static void
test_toast_plain_text (void)
{
  const char *text = "Could not save “R&D <draft>.md”";
  AdwToast *toast = g_object_ref_sink (pw_toast_new (text));
  g_autofree char *parsed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (pango_parse_markup (adw_toast_get_title (toast), -1, 0, NULL, &parsed, NULL,
                                     &error));
  g_assert_no_error (error);
  g_assert_cmpstr (parsed, ==, text);
  g_object_unref (toast);
}

/* A recent repository's row opens it, in the background. */
static void
test_open_recent (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *first = open_window (dir);
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  GtkWidget *row;

  gtk_window_destroy (GTK_WINDOW (first));
  gtk_window_present (GTK_WINDOW (window));
  row = gtk_widget_get_first_child (GTK_WIDGET (window->recent_list));
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==, "win.open-recent");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row)), NULL),
                   ==, dir);
  /* Shown once the folder is known to be there. */
  pw_test_wait_until (widget_visible, row);
  g_assert_true (gtk_widget_get_visible (window->recent_group));

  gtk_widget_activate (row);
  g_assert_null (pw_window_get_workspace (window));
  pw_test_wait_until (window_has_workspace, window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "repository");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A folder given to the application opens as a repository, a plan file
 * as its repository's Plans page; the window shows itself then. */
static void
test_open_file (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *plan_path = g_build_filename (dir, ".ai", "get-books-implementation-plan.md",
                                                 NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) plan = g_file_new_for_path (plan_path);
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  PwWindow *plan_window = g_object_new (PW_TYPE_WINDOW, NULL);

  pw_window_open_file (window, folder);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  pw_test_wait_until (window_has_workspace, window);
  pw_test_wait_until (widget_visible, window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->main_stack), ==, "repository");

  g_assert_true (g_file_test (plan_path, G_FILE_TEST_IS_REGULAR));
  pw_window_open_file (plan_window, plan);
  pw_test_wait_until (widget_visible, plan_window);
  g_assert_nonnull (pw_window_get_workspace (plan_window));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (plan_window->panes), ==, "plans");

  gtk_window_destroy (GTK_WINDOW (plan_window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Keep Mine on a change made on disk: the next save overwrites it. */
static void
test_keep_mine (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  PwInputPane *pane = pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD);
  g_autofree char *path = g_build_filename (dir, ".ai", "prd.md", NULL);
  g_autofree char *after = NULL;

  g_usleep (20000);
  g_assert_true (g_file_set_contents (path, "# Changed outside\n", -1, NULL));
  pw_test_wait_until (pane_changed_on_disk, pane);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.keep-mine", NULL));
  type_into (pane, "Mine. ");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-pane", "s", "prd"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  pw_test_wait_until (pane_saved, pane);

  after = pw_test_read_file (dir, ".ai/prd.md");
  g_assert_true (g_str_has_prefix (after, "Mine. "));
  g_assert_null (strstr (after, "Changed outside"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_busy (gpointer data)
{
  return pw_plan_page_get_busy (data);
}

static gboolean
page_idle (gpointer data)
{
  return !pw_plan_page_get_busy (data);
}

/* Generates from an in-process provider: a complete answer (returns once
 * it is in) or one that streams a little, then stalls until stopped
 * (returns while it runs). */
static PwPlanPage *
generate (PwWindow *window,
          FakeMode  mode)
{
  g_autoptr(FakeProvider) provider = fake_provider_new (stall_answer, mode, 20);
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  PwPlanPage *page = pw_window_get_plan_page (window);

  spec->template_id = g_strdup ("feature-plan");
  spec->endpoints = g_strsplit ("GET /api/books", "|", -1);
  spec->provider = g_object_ref (PW_PROVIDER (provider));
  pw_plan_page_generate (page, spec);
  pw_test_wait_until (mode == FAKE_STALL ? page_busy : page_idle, page);

  return page;
}

/* Activates what a key press of @keyval (no modifier) on @window does
 * through the window's own shortcut controllers, as GTK does when the key
 * reaches the window. Returns: whether it was handled */
static gboolean
press_window_key (PwWindow *window,
                  guint     keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !handled; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            handled = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                    GTK_WIDGET (window),
                                                    gtk_shortcut_get_arguments (shortcut));
        }
    }

  return handled;
}

/* Escape stops a generation with the focus outside the Plans page (where
 * the wizard leaves it), and is left alone when nothing runs. */
static void
test_escape_stops_generation (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  PwPlanPage *page;

  g_assert_false (press_window_key (window, GDK_KEY_Escape));
  page = generate (window, FAKE_STALL);
  gtk_widget_grab_focus (window->save_button);
  g_assert_true (press_window_key (window, GDK_KEY_Escape));
  pw_test_wait_until (page_idle, page);
  g_assert_nonnull (pw_plan_page_get_plan (page));
  g_assert_false (press_window_key (window, GDK_KEY_Escape));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A generation started from the wizard moves the focus into the Plans
 * page, where its keys (Ctrl+R, Ctrl+L, Ctrl+1, Ctrl+2) are bound, away
 * from the header button it had. */
static void
test_generate_focuses_plan_page (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  g_autoptr(FakeProvider) provider = fake_provider_new (stall_answer, FAKE_STALL, 20);
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  PwPlanPage *page;
  GtkWidget *dialog;
  GtkWidget *focus;

  spec->template_id = g_strdup ("feature-plan");
  spec->endpoints = g_strsplit ("GET /api/books", "|", -1);
  spec->provider = g_object_ref (PW_PROVIDER (provider));
  gtk_widget_grab_focus (window->save_button);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-plan", NULL));
  dialog = GTK_WIDGET (pw_test_find_toplevel (PW_TYPE_NEW_PLAN_DIALOG));
  g_assert_nonnull (dialog);
  g_signal_emit_by_name (dialog, "generate", spec);
  gtk_window_destroy (GTK_WINDOW (dialog));

  page = pw_window_get_plan_page (window);
  pw_test_wait_until (page_busy, page);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (page)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.stop", NULL));
  pw_test_wait_until (page_idle, page);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_settled (gpointer data)
{
  return !pw_plan_page_get_loading (data);
}

/* Generates a plan from a complete answer and saves it to the repository
 * through the export dialog. */
static PwPlanPage *
generate_and_export (PwWindow *window)
{
  g_autoptr(GError) error = NULL;
  PwPlanPage *page = generate (window, FAKE_COMPLETE);
  PwExportDialog *export;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-plan", NULL));
  export = PW_EXPORT_DIALOG (pw_test_find_toplevel (PW_TYPE_EXPORT_DIALOG));
  g_assert_nonnull (export);
  g_assert_true (pw_export_dialog_save (export, &error));
  g_assert_no_error (error);
  pw_test_wait_until (page_settled, page);

  return page;
}

/* The "Saved to …" toast's Open Folder button can be pressed: its action
 * is reachable from the toast overlay, with the plan's folder. */
static void
test_saved_toast_opens_folder (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *ai = g_build_filename (dir, ".ai", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (ai);
  g_autofree char *uri = g_file_get_uri (folder);
  PwWindow *window = open_window (dir);
  GtkWidget *button;
  GVariant *target;

  generate_and_export (window);
  button = pw_test_find_button (GTK_WIDGET (window->toasts), "Open _Folder");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, uri);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_close_dialog (gpointer data)
{
  return PW_WINDOW (data)->close_dialog != NULL;
}

/* The close prompt names the unsaved documents and the generated plan not
 * yet in the repository; after Save, the plan is asked about on its own. */
static void
test_close_names_unsaved_work (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  const char *body;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  pw_test_wait_until (pw_test_pane_loaded, pw_window_get_pane (window, PW_DOCUMENT_ROLE_TECH_STACK));
  type_into (pw_window_get_pane (window, PW_DOCUMENT_ROLE_TECH_STACK), "Unsaved ");
  generate (window, FAKE_COMPLETE);

  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window->close_dialog);
  body = adw_message_dialog_get_body (window->close_dialog);
  g_assert_nonnull (strstr (body, ".ai/tech-stack.md"));
  g_assert_nonnull (strstr (body, "GET /api/books"));

  adw_message_dialog_response (window->close_dialog, "save");
  pw_test_wait_until (has_close_dialog, window);
  g_assert_cmpstr (adw_message_dialog_get_heading (window->close_dialog), ==,
                   "Save the Plan to the Repository?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (window->close_dialog), "GET /api/books"));
  adw_message_dialog_response (window->close_dialog, "discard");
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* A generated plan with no ticks is not dropped silently by quitting. */
static void
test_close_asks_about_generated_plan (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);

  generate (window, FAKE_COMPLETE);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window->close_dialog);
  adw_message_dialog_response (window->close_dialog, "cancel");
  g_assert_null (window->close_dialog);
  g_assert_nonnull (pw_plan_page_get_plan (pw_window_get_plan_page (window)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
other_window_opened (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (PW_IS_WINDOW (item) && item != data && pw_window_get_workspace (PW_WINDOW (item)) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Opening another repository over a generated plan asks: Cancel keeps
 * everything, Open in New Window leaves the plan where it is. */
static void
test_open_other_asks (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *other_dir = pw_test_copy_example ();
  g_autoptr(GFile) other = g_file_new_for_path (other_dir);
  PwWindow *window = open_window (dir);
  PwWorkspace *workspace = pw_window_get_workspace (window);
  PwPlanPage *page = generate (window, FAKE_COMPLETE);
  PwPlan *plan = pw_plan_page_get_plan (page);
  GListModel *toplevels = gtk_window_get_toplevels ();

  pw_window_open_folder (window, other);
  g_assert_nonnull (window->close_dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (window->close_dialog), "GET /api/books"));
  adw_message_dialog_response (window->close_dialog, "cancel");
  g_assert_true (pw_window_get_workspace (window) == workspace);

  pw_window_open_folder (window, other);
  adw_message_dialog_response (window->close_dialog, "new-window");
  pw_test_wait_until (other_window_opened, window);
  g_assert_true (pw_window_get_workspace (window) == workspace);
  g_assert_true (pw_plan_page_get_plan (page) == plan);

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i - 1);

      if (PW_IS_WINDOW (item))
        gtk_window_destroy (GTK_WINDOW (item));
    }
}

/* Open starts beside the repository shown, else beside the last one
 * opened, else at home: never in an empty Recent view. */
static void
test_open_start_folder (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *parent = g_path_get_dirname (dir);
  PwWindow *window = open_window (dir);
  PwWindow *empty = g_object_new (PW_TYPE_WINDOW, NULL);
  g_autoptr(GFile) start = pw_window_dup_start_folder (window);
  g_autoptr(GFile) empty_start = pw_window_dup_start_folder (empty);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autoptr(GFile) home_start = NULL;
  g_autofree char *path = g_file_get_path (start);
  g_autofree char *empty_path = g_file_get_path (empty_start);
  g_autofree char *home_path = NULL;

  g_assert_cmpstr (path, ==, parent);
  g_assert_cmpstr (empty_path, ==, parent);
  g_settings_reset (settings, "recent-repositories");
  home_start = pw_window_dup_start_folder (empty);
  home_path = g_file_get_path (home_start);
  g_assert_cmpstr (home_path, ==, g_get_home_dir ());

  gtk_window_destroy (GTK_WINDOW (empty));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
search_counted (gpointer data)
{
  const char *status = pw_input_pane_get_search_status (data);

  return g_ascii_isdigit (status[0]) && g_str_has_suffix (status, "matches");
}

/* Opens Find in @pane and searches for "book"; returns the entry once
 * the matches are counted. */
static GtkWidget *
search_book (PwWindow    *window,
             PwInputPane *pane)
{
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  entry = pw_test_find_type (pw_test_find_type (GTK_WIDGET (pane), GTK_TYPE_SEARCH_BAR),
                             GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "book");
  pw_test_wait_until (search_counted, pane);

  return entry;
}

/* Find says which match is selected of how many: "n of N". */
static void
test_find_position (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  PwInputPane *pane = pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD);
  g_auto(GStrv) parts = NULL;

  search_book (window, pane);
  parts = g_strsplit (pw_input_pane_get_search_status (pane), " ", -1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.find-next", NULL));
  {
    g_autofree char *expected = g_strdup_printf ("1 of %s", parts[0]);

    g_assert_cmpstr (pw_input_pane_get_search_status (pane), ==, expected);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (pane), "pane.find-next", NULL));
  {
    g_autofree char *expected = g_strdup_printf ("2 of %s", parts[0]);

    g_assert_cmpstr (pw_input_pane_get_search_status (pane), ==, expected);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_search_position (PwInputPane *pane,
                        const char  *count,
                        guint        position)
{
  g_autofree char *expected = g_strdup_printf ("%u of %s", position, count);

  g_assert_cmpstr (pw_input_pane_get_search_status (pane), ==, expected);
}

/* Ctrl+G and Ctrl+Shift+G typed in the search entry, which it binds to
 * its next-match and previous-match signals, move between matches. */
static void
test_find_keys_in_entry (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  PwInputPane *pane = pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD);
  GtkWidget *entry = search_book (window, pane);
  g_auto(GStrv) parts = g_strsplit (pw_input_pane_get_search_status (pane), " ", -1);

  g_signal_emit_by_name (entry, "next-match");
  assert_search_position (pane, parts[0], 1);
  g_signal_emit_by_name (entry, "next-match");
  assert_search_position (pane, parts[0], 2);
  g_signal_emit_by_name (entry, "previous-match");
  assert_search_position (pane, parts[0], 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_is_small (gpointer data)
{
  int height = gtk_widget_get_height (data);

  return height > 0 && height <= 600;
}

static void
assert_fits (GtkWindow *dialog)
{
  int width, height;

  gtk_window_get_default_size (dialog, &width, &height);
  g_assert_cmpint (width, <=, 800);
  g_assert_cmpint (height, <=, 600);
  gtk_window_destroy (dialog);
}

/* On an 800×600 screen no dialog opens larger than the window it belongs
 * to: the wizard, the history, the export dialog and Preferences. */
static void
test_dialogs_fit_small_window (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  PwWorkspace *workspace;

  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pw_window_open (window, folder, &error));
  g_assert_no_error (error);
  pw_test_wait_until (window_is_small, window);
  workspace = pw_window_get_workspace (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-plan", NULL));
  assert_fits (pw_test_find_toplevel (PW_TYPE_NEW_PLAN_DIALOG));
  assert_fits (GTK_WINDOW (pw_history_window_new (GTK_WINDOW (window),
                                                  pw_workspace_get_root (workspace))));
  assert_fits (GTK_WINDOW (pw_export_dialog_new (GTK_WINDOW (window), workspace, NULL, "# Plan\n")));
  assert_fits (GTK_WINDOW (pw_preferences_window_new (GTK_WINDOW (window))));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
first_match_selected (gpointer data)
{
  return g_str_has_prefix (pw_input_pane_get_search_status (data), "1 of ");
}

/* Enter pressed as soon as the word is typed, before the entry reports
 * the change after its pause, still finds the first match. */
static void
test_find_enter_right_away (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  PwInputPane *pane = pw_window_get_pane (window, PW_DOCUMENT_ROLE_PRD);
  GtkWidget *entry;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  entry = pw_test_find_type (pw_test_find_type (GTK_WIDGET (pane), GTK_TYPE_SEARCH_BAR),
                             GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "book");
  g_signal_emit_by_name (entry, "activate");
  pw_test_wait_until (first_match_selected, pane);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
plan_shown (gpointer data)
{
  return !pw_plan_page_get_loading (data) && pw_plan_page_get_plan (data) != NULL;
}

static GtkListBox *
plans_list_box (PwPlanPage *page)
{
  GtkWidget *list = pw_test_find_type (GTK_WIDGET (page), PW_TYPE_PLANS_LIST);

  g_assert_nonnull (list);
  pw_test_wait_until (page_settled, page);
  return GTK_LIST_BOX (pw_test_find_type (list, GTK_TYPE_LIST_BOX));
}

/* A plan in the sidebar opens the way a person opens it: a single click
 * (the list activates on one click), Enter or Space on the focused row
 * (the list's activate-cursor-row key binding) and a double click, which
 * activates the row as the first click did. */
static void
test_sidebar_opens_plan (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  PwPlanPage *page;
  GtkListBox *box;
  GtkListBoxRow *row;

  adw_view_stack_set_visible_child_name (window->panes, "plans");
  page = pw_window_get_plan_page (window);
  box = plans_list_box (page);
  row = gtk_list_box_get_row_at_index (box, 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_get_activate_on_single_click (box));
  g_assert_true (gtk_list_box_row_get_activatable (row));
  g_assert_null (pw_plan_page_get_plan (page));

  /* Enter or Space: the cursor row is activated. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (row)));
  g_signal_emit_by_name (box, "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, -1, FALSE, FALSE);
  g_signal_emit_by_name (box, "activate-cursor-row");
  pw_test_wait_until (plan_shown, page);

  gtk_window_destroy (GTK_WINDOW (window));
  window = open_window (dir);
  adw_view_stack_set_visible_child_name (window->panes, "plans");
  page = pw_window_get_plan_page (window);
  box = plans_list_box (page);
  row = gtk_list_box_get_row_at_index (box, 0);
  g_assert_null (pw_plan_page_get_plan (page));

  /* A click: the row's activation. */
  gtk_widget_activate (GTK_WIDGET (row));
  pw_test_wait_until (plan_shown, page);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Icon-only buttons are named for screen readers: the header's, the
 * Plans page's toolbar and its sidebar's. */
static void
test_buttons_named (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  PwWindow *window = open_window (dir);
  PwPlanPage *page;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  pw_test_assert_buttons_named (GTK_WIDGET (window));

  adw_view_stack_set_visible_child_name (window->panes, "plans");
  page = pw_window_get_plan_page (window);
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (plans_list_box (page), 0)));
  pw_test_wait_until (plan_shown, page);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  pw_test_assert_buttons_named (GTK_WIDGET (window));

  /* Narrow, with the plans folded away behind a button. */
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 700);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  pw_test_assert_buttons_named (GTK_WIDGET (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/pw/window/open-example", test_open_example);
  g_test_add_func ("/pw/window/edit-and-save", test_edit_and_save);
  g_test_add_func ("/pw/window/external-change", test_external_change);
  g_test_add_func ("/pw/window/close-asks", test_close_asks);
  g_test_add_func ("/pw/window/close-saves", test_close_saves);
  g_test_add_func ("/pw/window/dark-mode", test_dark_mode);
  g_test_add_func ("/pw/window/lazy-panes", test_lazy_panes);
  g_test_add_func ("/pw/window/missing-document", test_missing_document);
  g_test_add_func ("/pw/window/open-recent", test_open_recent);
  g_test_add_func ("/pw/window/keep-mine", test_keep_mine);
  g_test_add_func ("/pw/window/open-file", test_open_file);
  g_test_add_func ("/pw/window/outside-document", test_outside_document);
  g_test_add_func ("/pw/window/toast-plain-text", test_toast_plain_text);
  g_test_add_func ("/pw/window/escape-stops-generation", test_escape_stops_generation);
  g_test_add_func ("/pw/window/saved-toast-opens-folder", test_saved_toast_opens_folder);
  g_test_add_func ("/pw/window/close-names-unsaved-work", test_close_names_unsaved_work);
  g_test_add_func ("/pw/window/close-asks-about-generated-plan",
                   test_close_asks_about_generated_plan);
  g_test_add_func ("/pw/window/open-other-asks", test_open_other_asks);
  g_test_add_func ("/pw/window/open-start-folder", test_open_start_folder);
  g_test_add_func ("/pw/window/find-position", test_find_position);
  g_test_add_func ("/pw/window/find-keys-in-entry", test_find_keys_in_entry);
  g_test_add_func ("/pw/window/find-enter-right-away", test_find_enter_right_away);
  g_test_add_func ("/pw/window/dialogs-fit-small-window", test_dialogs_fit_small_window);
  g_test_add_func ("/pw/window/buttons-named", test_buttons_named);
  g_test_add_func ("/pw/window/generate-focuses-plan-page", test_generate_focuses_plan_page);
  g_test_add_func ("/pw/window/sidebar-opens-plan", test_sidebar_opens_plan);

  return g_test_run ();
}
