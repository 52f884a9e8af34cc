/* test-handoff-dialog.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "pw-handoff-dialog.h"
#include "pw-plan-page-private.h"
#include "pw-walkthrough-window.h"
#include "pw-plan.h"
#include "pw-workspace.h"
#include "pw-test-ui.h"

/* The hand-off dialog (the prompt shown, copied, run in the terminal by a
 * fake agent) and the Plans page's live ticks from the plan file. */

#define PLAN_PATH ".ai/books-implementation-plan.md"

/* The plan both test files hand off: one step done, four open. */
static char *plan_text;

typedef struct
{
  char        *root;
  char        *plan_path;
  PwWorkspace *workspace;
  PwPlan      *plan;
} Fixture;


static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) root = NULL;
  g_autoptr(GFile) plan_file = NULL;
  g_autoptr(GError) error = NULL;

  fixture->root = g_dir_make_tmp ("pw-handoff-dialog-XXXXXX", NULL);
  pw_test_write_file_mode (fixture->root, PLAN_PATH, plan_text, 0644);
  pw_test_write_file_mode (fixture->root, ".cursor/rules/backend.mdc", "Prefer small functions.\n",
                           0644);
  fixture->plan_path = g_build_filename (fixture->root, PLAN_PATH, NULL);

  root = g_file_new_for_path (fixture->root);
  fixture->workspace = pw_workspace_open (root, NULL, &error);
  g_assert_no_error (error);
  plan_file = g_file_new_for_path (fixture->plan_path);
  fixture->plan = pw_plan_new ();
  g_assert_true (pw_plan_load_file (fixture->plan, plan_file, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->root);
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);

  g_settings_reset (settings, "agent-command");
  g_clear_object (&fixture->workspace);
  g_clear_object (&fixture->plan);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_free (fixture->root);
  g_free (fixture->plan_path);
}

static gboolean
has_prompt (gpointer data)
{
  return pw_handoff_dialog_get_prompt (data) != NULL
         || pw_handoff_dialog_get_problem (data) != NULL;
}

static PwHandoffDialog *
open_dialog (Fixture *fixture)
{
  PwHandoffDialog *dialog = pw_handoff_dialog_new (NULL, fixture->workspace, fixture->plan,
                                                   PLAN_PATH);

  gtk_window_present (GTK_WINDOW (dialog));
  pw_test_wait_until (has_prompt, dialog);
  return dialog;
}

static void
text_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*out == NULL)
    *out = g_strdup ("");
}

static gboolean
string_set (gpointer data)
{
  return *(char **)data != NULL;
}

/* The dialog shows the prompt exactly, copies it, and cannot run without
 * an agent command. */
static void
test_prompt_shown_and_copied (Fixture       *fixture,
                              gconstpointer  data)
{
  PwHandoffDialog *dialog = open_dialog (fixture);
  GtkWidget *view = pw_test_find_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  const char *prompt = pw_handoff_dialog_get_prompt (dialog);
  g_autofree char *shown = NULL;
  g_autofree char *copied = NULL;
  GtkTextIter start, end;

  g_assert_nonnull (prompt);
  g_assert_nonnull (strstr (prompt, "<steps>\n2. [ ] Write the service\n\n3. [ ] Add the route\n\n"
                                    "4. [ ] Add tests\n</steps>"));
  g_assert_nonnull (strstr (prompt, "File: .cursor/rules/backend.mdc\nPrefer small functions."));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (shown, ==, prompt);

  pw_test_assert_buttons_named (GTK_WIDGET (dialog));

  /* No agent command is set: the prompt can be copied, not run. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "handoff.run", NULL)
                  && pw_handoff_dialog_get_running (dialog));
  g_assert_false (pw_handoff_dialog_get_running (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "handoff.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), NULL,
                                 text_read_cb, &copied);
  pw_test_wait_until (string_set, &copied);
  g_assert_cmpstr (copied, ==, prompt);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
not_running (gpointer data)
{
  return !pw_handoff_dialog_get_running (data);
}

/* Run in Terminal starts the configured command in the repository, with
 * the prompt in a file; the fake agent ticks two steps of the plan. */
static void
test_run_in_terminal (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  g_autofree char *script = g_build_filename (fixture->root, "fake-agent.sh", NULL);
  g_autofree char *command = g_strdup_printf ("'%s' {prompt_file}", script);
  g_autofree char *seen_path = g_build_filename (fixture->root, "seen-prompt.md", NULL);
  g_autofree char *seen = NULL;
  g_autofree char *plan = NULL;
  PwHandoffDialog *dialog;

  pw_test_write_file_mode (fixture->root, "fake-agent.sh",
                           "#!/bin/sh\n"
                           "cp \"$1\" seen-prompt.md\n"
                           "sed -i -e 's/^2\\. \\[ \\]/2. [x]/' "
                           "-e 's/^3\\. \\[ \\]/3. [x]/' " PLAN_PATH "\n"
                           "echo ticked two steps\n",
                           0755);
  g_settings_set_string (settings, "agent-command", command);

  dialog = open_dialog (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "handoff.run", NULL));
  g_assert_true (pw_handoff_dialog_get_running (dialog));
  pw_test_wait_until (not_running, dialog);

  seen = read_file (seen_path);
  g_assert_cmpstr (seen, ==, pw_handoff_dialog_get_prompt (dialog));
  plan = read_file (fixture->plan_path);
  g_assert_nonnull (strstr (plan, "2. [x] Write the service\n3. [x] Add the route\n4. [ ] Add"));

  /* One run per dialog: the next batch is a new hand-off. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "handoff.run", NULL)
                  && pw_handoff_dialog_get_running (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_all_done (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PwPlan) done = pw_plan_new_from_text ("# P\n\n## Implementation Steps\n1. [x] a\n", -1);
  PwHandoffDialog *dialog = pw_handoff_dialog_new (NULL, fixture->workspace, done, ".ai/p.md");

  gtk_window_present (GTK_WINDOW (dialog));
  pw_test_wait_until (has_prompt, dialog);
  g_assert_null (pw_handoff_dialog_get_prompt (dialog));
  g_assert_nonnull (strstr (pw_handoff_dialog_get_problem (dialog), "are done"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Live ticks */

static gboolean
page_settled (gpointer data)
{
  return !pw_plan_page_get_loading (data) && pw_plan_page_get_plan (data) != NULL;
}

static PwPlanPage *
open_page (Fixture    *fixture,
           GtkWindow **window)
{
  PwPlanPage *page = PW_PLAN_PAGE (pw_plan_page_new ());
  g_autoptr(GError) error = NULL;

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (*window, GTK_WIDGET (page));
  gtk_window_present (*window);
  pw_plan_page_set_workspace (page, fixture->workspace);
  g_assert_true (pw_plan_page_open_file (page, PLAN_PATH, &error));
  g_assert_no_error (error);
  pw_test_wait_until (page_settled, page);
  /* The file monitor starts with the plan shown. */
  pw_test_spin (300);
  return page;
}

typedef struct
{
  PwPlanPage *page;
  guint       n_done;
} DoneWait;

static gboolean
n_done_is (gpointer data)
{
  DoneWait *wait = data;
  PwPlan *plan = pw_plan_page_get_plan (wait->page);

  return plan != NULL && pw_plan_get_n_done (plan) == wait->n_done;
}

static void
replace_on_disk (Fixture    *fixture,
                 const char *from,
                 const char *to)
{
  g_autofree char *text = read_file (fixture->plan_path);
  GString *changed = g_string_new (text);

  g_assert_nonnull (strstr (text, from));
  g_string_replace (changed, from, to, 1);
  pw_test_write_file_mode (fixture->root, PLAN_PATH, changed->str, 0644);
  g_string_free (changed, TRUE);
}

/* With no unsaved edits, the file as an agent left it comes in. */
static void
test_live_ticks (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWindow *window = NULL;
  PwPlanPage *page = open_page (fixture, &window);
  DoneWait wait = { page, 3 };

  g_assert_cmpuint (pw_plan_get_n_done (pw_plan_page_get_plan (page)), ==, 1);
  replace_on_disk (fixture, "2. [ ] Write", "2. [x] Write");
  replace_on_disk (fixture, "3. [ ] Add", "3. [x] Add");
  pw_test_wait_until (n_done_is, &wait);
  g_assert_null (pw_plan_page_get_error (page));

  gtk_window_destroy (window);
}

typedef struct
{
  const char *path;
  const char *needle;
} FileWait;

static gboolean
page_has_error (gpointer data)
{
  return pw_plan_page_get_error (data) != NULL;
}

static gboolean
file_contains (gpointer data)
{
  FileWait *wait = data;
  g_autofree char *text = read_file (wait->path);

  return strstr (text, wait->needle) != NULL;
}

/* Unsaved edits elsewhere keep, and take the ticks; a tick on a line the
 * user changed is a conflict, shown, and the user's text stays. */
static void
test_live_ticks_merge_and_conflict (Fixture       *fixture,
                                    gconstpointer  data)
{
  GtkWindow *window = NULL;
  PwPlanPage *page = open_page (fixture, &window);
  PwPlan *plan = pw_plan_page_get_plan (page);
  DoneWait wait = { page, 2 };
  FileWait saved = { fixture->plan_path, "Lists books, by shelf.\n" };
  g_autofree char *edited = NULL;
  g_autofree char *on_disk = NULL;
  GString *text = g_string_new (plan_text);

  /* An edit not yet saved. */
  g_string_replace (text, "Lists books.", "Lists books, by shelf.", 1);
  pw_plan_set_text (plan, text->str, -1);
  g_string_free (text, TRUE);

  replace_on_disk (fixture, "4. [ ] Add tests", "4. [x] Add tests");
  pw_test_wait_until (n_done_is, &wait);
  g_assert_nonnull (strstr (pw_plan_get_text (plan, NULL), "Lists books, by shelf.\n"));
  g_assert_nonnull (strstr (pw_plan_get_text (plan, NULL), "4. [x] Add tests"));
  /* The merge is saved: the file has both. */
  pw_test_wait_until (file_contains, &saved);
  on_disk = read_file (fixture->plan_path);
  g_assert_nonnull (strstr (on_disk, "4. [x] Add tests"));
  pw_test_spin (400);

  /* The user rewrites step 5; the agent ticks it on disk meanwhile. */
  edited = g_strdup (pw_plan_get_text (plan, NULL));
  {
    GString *mine = g_string_new (edited);

    g_string_replace (mine, "5. [ ] Document the endpoint", "5. [ ] Document it in the README", 1);
    pw_plan_set_text (plan, mine->str, -1);
    g_string_free (mine, TRUE);
  }
  replace_on_disk (fixture, "5. [ ] Document", "5. [x] Document");
  pw_test_wait_until (page_has_error, page);
  g_assert_nonnull (strstr (pw_plan_page_get_error (page), "ticked on disk and edited here"));
  g_assert_nonnull (strstr (pw_plan_get_text (plan, NULL), "5. [ ] Document it in the README"));

  gtk_window_destroy (window);
}

static GtkShortcut *
find_shortcut (GtkWidget       *widget,
               guint            keyval,
               GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return shortcut;
        }
    }

  return NULL;
}

static gboolean
handoff_dialog_shown (gpointer data)
{
  return pw_test_find_toplevel (PW_TYPE_HANDOFF_DIALOG) != NULL;
}

/* Ctrl+Shift+H in the walkthrough opens the hand-off over it. */
static void
test_walkthrough_hand_off (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWindow *window = NULL;
  PwPlanPage *page = open_page (fixture, &window);
  GtkWindow *walkthrough;
  GtkWindow *dialog;
  GtkShortcut *shortcut;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.walkthrough", NULL));
  walkthrough = pw_test_find_toplevel (PW_TYPE_WALKTHROUGH_WINDOW);
  g_assert_nonnull (walkthrough);
  shortcut = find_shortcut (GTK_WIDGET (walkthrough), GDK_KEY_h,
                            GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_nonnull (shortcut);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                               GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               GTK_WIDGET (walkthrough), NULL));
  pw_test_wait_until (handoff_dialog_shown, NULL);
  dialog = pw_test_find_toplevel (PW_TYPE_HANDOFF_DIALOG);
  g_assert_true (gtk_window_get_transient_for (dialog) == walkthrough);

  gtk_window_destroy (dialog);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/pw/handoff-dialog/prompt-shown-and-copied", test_prompt_shown_and_copied);
  ADD ("/pw/handoff-dialog/run-in-terminal", test_run_in_terminal);
  ADD ("/pw/handoff-dialog/all-done", test_all_done);
  ADD ("/pw/plan-page/walkthrough-hand-off", test_walkthrough_hand_off);
  ADD ("/pw/plan-page/live-ticks", test_live_ticks);
  ADD ("/pw/plan-page/live-ticks-merge-and-conflict", test_live_ticks_merge_and_conflict);
#undef ADD

  plan_text = pw_test_read_plan_data ("handoff-books.md");
  status = g_test_run ();
  g_free (plan_text);
  return status;
}
