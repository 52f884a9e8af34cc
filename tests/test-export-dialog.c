/* test-export-dialog.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <unistd.h>

#include "pw-diff-view.h"
#include "pw-export-dialog.h"
#include "pw-export.h"
#include "pw-history-window.h"
#include "pw-history.h"
#include "pw-planning.h"
#include "pw-test-ui.h"

/* Covers PwDiffView, PwExportDialog and PwHistoryWindow. */

typedef struct
{
  char        *root;    /* a temporary repository */
  char        *outside; /* a folder next to it that must stay untouched */
  PwWorkspace *workspace;
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) root = NULL;

  fixture->root = g_dir_make_tmp ("pw-export-dialog-XXXXXX", NULL);
  fixture->outside = g_dir_make_tmp ("pw-export-outside-XXXXXX", NULL);
  g_assert_nonnull (fixture->root);
  g_assert_nonnull (fixture->outside);
  root = g_file_new_for_path (fixture->root);
  fixture->workspace = pw_workspace_new (root);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->workspace);
  remove_tree (fixture->root);
  remove_tree (fixture->outside);
  g_free (fixture->root);
  g_free (fixture->outside);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (parent, 0755);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  return contents;
}

static void
exported_cb (PwExportDialog *dialog,
             const char     *path,
             char          **out)
{
  g_free (*out);
  *out = g_strdup (path);
}

static void
destroy_dialog (PwExportDialog *dialog)
{
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

/* Diff view */

static void
test_diff_view_counts (void)
{
  PwDiffView *view = PW_DIFF_VIEW (g_object_ref_sink (pw_diff_view_new ()));
  GtkWidget *window = gtk_window_new ();

  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 0);
  g_assert_cmpstr (pw_diff_view_get_summary (view), ==, "No changes");

  pw_diff_view_set_texts (view, "one\ntwo\nthree\nfour\n", "one\n<b>2</b> &amp;\nthree\nfour\nfive\nsix\n");
  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 3);
  g_assert_cmpuint (pw_diff_view_get_n_removed (view), ==, 1);
  g_assert_cmpstr (pw_diff_view_get_summary (view), ==, "3 added, 1 removed");

  /* Markup-looking text draws as text (a markup parse would warn, and
   * warnings are fatal here). */
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  pw_diff_view_set_texts (view, "same\r\n", "same\n");
  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 0);
  g_assert_cmpuint (pw_diff_view_get_n_removed (view), ==, 0);
  g_assert_cmpstr (pw_diff_view_get_summary (view), ==, "No changes");
  gtk_test_widget_wait_for_draw (window);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

/* Whether a label showing @text is drawn inside @scroller. */
static gboolean
shows_text (GtkWidget  *widget,
            GtkWidget  *scroller,
            const char *text)
{
  graphene_rect_t bounds;

  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0
      && gtk_widget_get_mapped (widget)
      && gtk_widget_compute_bounds (widget, scroller, &bounds)
      && bounds.origin.y >= 0
      && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (shows_text (child, scroller, text))
        return TRUE;
    }

  return FALSE;
}

/* Moving between changes of a long diff scrolls each one into sight. */
static void
test_diff_view_changes (void)
{
  PwDiffView *view = PW_DIFF_VIEW (g_object_ref_sink (pw_diff_view_new ()));
  GtkWidget *window = gtk_window_new ();
  g_autoptr(GString) old_text = g_string_new (NULL);
  g_autoptr(GString) new_text = g_string_new (NULL);
  GtkWidget *scroller = gtk_widget_get_last_child (GTK_WIDGET (view));
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  double last_value = -1;

  /* Changes at lines 100, 300 (two lines) and 500 of 600. */
  for (guint i = 1; i <= 600; i++)
    {
      g_string_append_printf (old_text, "line %u\n", i);
      if (i == 100 || i == 300 || i == 301)
        g_string_append_printf (new_text, "changed %u\n", i);
      else if (i != 500)
        g_string_append_printf (new_text, "line %u\n", i);
    }
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  pw_diff_view_set_texts (view, old_text->str, new_text->str);
  gtk_test_widget_wait_for_draw (window);

  g_assert_cmpuint (pw_diff_view_get_n_changes (view), ==, 3);
  g_assert_cmpint (pw_diff_view_get_current_change (view), ==, -1);
  g_assert_false (pw_diff_view_previous_change (view));

  for (guint i = 0; i < 3; i++)
    {
      static const char * const first_lines[] = { "changed 100", "changed 300", "line 500" };
      g_autofree char *expected = g_strdup_printf ("3 added, 4 removed · change %u of 3", i + 1);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "diff.next-change", NULL));
      gtk_test_widget_wait_for_draw (window);
      g_assert_cmpint (pw_diff_view_get_current_change (view), ==, i);
      g_assert_cmpstr (pw_diff_view_get_summary (view), ==, expected);
      g_assert_true (shows_text (scroller, scroller, first_lines[i]));
      /* Each change is further down than the last. */
      g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, last_value);
      last_value = gtk_adjustment_get_value (adj);
    }
  g_assert_false (pw_diff_view_next_change (view));
  g_assert_cmpint (pw_diff_view_get_current_change (view), ==, 2);

  g_assert_true (pw_diff_view_previous_change (view));
  gtk_test_widget_wait_for_draw (window);
  g_assert_cmpint (pw_diff_view_get_current_change (view), ==, 1);
  g_assert_true (shows_text (scroller, scroller, "changed 300"));
  g_assert_false (shows_text (scroller, scroller, "line 500"));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, last_value);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);

  /* New texts start over. */
  pw_diff_view_set_texts (view, "a\n", "b\n");
  g_assert_cmpuint (pw_diff_view_get_n_changes (view), ==, 1);
  g_assert_cmpint (pw_diff_view_get_current_change (view), ==, -1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

/* Export dialog */

static gboolean
dialog_checked (gpointer data)
{
  return !pw_export_dialog_get_checking (data);
}

/* The path is checked on disk in the background. */
static void
wait_checked (PwExportDialog *dialog)
{
  pw_test_wait_until (dialog_checked, dialog);
}

/* Closed and finalized: the save thread's task lets go of the dialog a
 * moment after the result is in, from its own thread. */
static gboolean
dialog_closed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_export_new_file (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *text = "# Plan\n\n1. [ ] Do it\n";
  PwExportDialog *dialog = pw_export_dialog_new (NULL, fixture->workspace, ".ai/plan.md", text);
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *written = NULL;
  PwDiffView *view = pw_export_dialog_get_diff_view (dialog);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_checked (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  g_assert_cmpstr (pw_export_dialog_get_path (dialog), ==, ".ai/plan.md");
  g_assert_false (pw_export_dialog_get_conflict (dialog));
  /* The preview is the diff against nothing. */
  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 3);
  g_assert_cmpuint (pw_diff_view_get_n_removed (view), ==, 0);

  g_assert_true (pw_export_dialog_save (dialog, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (exported, ==, ".ai/plan.md");
  written = read_file (fixture->root, ".ai/plan.md");
  g_assert_cmpstr (written, ==, text);

  /* A successful save closes the dialog. */
  pw_test_wait_until (dialog_closed, &dialog);
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* The dialog opens with Save focused and as the default, so Enter saves
 * rather than cancels. */
static void
test_export_enter_saves (Fixture       *fixture,
                         gconstpointer  data)
{
  PwExportDialog *dialog = pw_export_dialog_new (NULL, fixture->workspace, ".ai/plan.md", "# Plan\n");
  g_autofree char *exported = NULL;
  GtkWidget *focus;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_checked (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "_Save");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == focus);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "default.activate", NULL));
  pw_test_wait_until (string_set, &exported);
  g_assert_cmpstr (exported, ==, ".ai/plan.md");
  pw_test_wait_until (dialog_closed, &dialog);
}

static void
test_export_replace (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *text = "a\nB\nc\nd\n";
  PwExportDialog *dialog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *written = NULL;
  PwDiffView *view;

  write_file (fixture->root, "plan.md", "a\nb\nc\n");
  dialog = pw_export_dialog_new (NULL, fixture->workspace, "plan.md", text);
  wait_checked (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  view = pw_export_dialog_get_diff_view (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  g_assert_true (pw_export_dialog_get_conflict (dialog));
  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 2);
  g_assert_cmpuint (pw_diff_view_get_n_removed (view), ==, 1);

  /* The button does what pw_export_dialog_save() does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.save", NULL));
  pw_test_wait_until (dialog_closed, &dialog);
  g_assert_cmpstr (exported, ==, "plan.md");
  written = read_file (fixture->root, "plan.md");
  g_assert_cmpstr (written, ==, text);
  g_assert_null (dialog);
  g_assert_no_error (error);
}

static void
assert_refused (Fixture    *fixture,
                const char *path)
{
  PwExportDialog *dialog = pw_export_dialog_new (NULL, fixture->workspace, path, "x\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;

  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  g_assert_false (pw_export_dialog_save (dialog, &error));
  g_assert_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE);
  g_assert_null (exported);
  destroy_dialog (dialog);
}

static void
test_export_refuse_outside (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *escape = g_build_filename (fixture->outside, "escape.md", NULL);
  g_autofree char *relative_escape = NULL;
  g_autofree char *base = g_path_get_basename (fixture->outside);
  g_autofree char *kept = NULL;
  g_autofree char *link_dir = g_build_filename (fixture->root, "out", NULL);
  g_autofree char *link_file = g_build_filename (fixture->root, "link.md", NULL);
  g_autofree char *target = g_build_filename (fixture->outside, "target.md", NULL);

  relative_escape = g_strdup_printf ("../%s/escape.md", base);
  assert_refused (fixture, relative_escape);
  assert_refused (fixture, escape);
  assert_refused (fixture, "");
  assert_refused (fixture, "docs/../../x.md");
  g_assert_false (g_file_test (escape, G_FILE_TEST_EXISTS));

  /* A folder and a file that lead outside through symbolic links. */
  write_file (fixture->outside, "target.md", "keep\n");
  g_assert_cmpint (symlink (fixture->outside, link_dir), ==, 0);
  g_assert_cmpint (symlink (target, link_file), ==, 0);
  assert_refused (fixture, "out/plan.md");
  assert_refused (fixture, "out/target.md");
  assert_refused (fixture, "link.md");

  g_assert_false (g_file_test (escape, G_FILE_TEST_EXISTS));
  g_assert_null (kept = read_file (fixture->outside, "plan.md"));
  kept = read_file (fixture->outside, "target.md");
  g_assert_cmpstr (kept, ==, "keep\n");
}

static void
test_export_path_changes (Fixture       *fixture,
                          gconstpointer  data)
{
  PwExportDialog *dialog = NULL;
  PwDiffView *view;

  write_file (fixture->root, "old.md", "one\n");
  dialog = pw_export_dialog_new (NULL, fixture->workspace, "new.md", "one\ntwo\n");
  wait_checked (dialog);
  view = pw_export_dialog_get_diff_view (dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_false (pw_export_dialog_get_conflict (dialog));
  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 2);

  pw_export_dialog_set_path (dialog, "old.md");

  wait_checked (dialog);
  g_assert_true (pw_export_dialog_get_conflict (dialog));
  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 1);
  g_assert_cmpuint (pw_diff_view_get_n_removed (view), ==, 0);

  pw_export_dialog_set_path (dialog, "../old.md");

  wait_checked (dialog);
  g_assert_false (pw_export_dialog_get_conflict (dialog));

  pw_export_dialog_set_path (dialog, "other/new.md");

  wait_checked (dialog);
  g_assert_false (pw_export_dialog_get_conflict (dialog));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));

  destroy_dialog (dialog);
}

static void
test_export_changed_since_shown (Fixture       *fixture,
                                 gconstpointer  data)
{
  PwExportDialog *dialog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *exported = NULL;

  /* A file replaced behind the dialog's back is not overwritten unseen. */
  write_file (fixture->root, "plan.md", "first\n");
  dialog = pw_export_dialog_new (NULL, fixture->workspace, "plan.md", "mine\n");
  wait_checked (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  g_assert_true (pw_export_dialog_get_conflict (dialog));
  write_file (fixture->root, "plan.md", "someone else's\n");

  g_assert_false (pw_export_dialog_save (dialog, &error));
  g_assert_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT);
  contents = read_file (fixture->root, "plan.md");
  g_assert_cmpstr (contents, ==, "someone else's\n");
  g_assert_nonnull (dialog);
  g_clear_error (&error);

  /* Now the diff shows the new file; saving again replaces it. */
  g_assert_true (pw_export_dialog_save (dialog, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  contents = read_file (fixture->root, "plan.md");
  g_assert_cmpstr (contents, ==, "mine\n");
  pw_test_wait_until (dialog_closed, &dialog);
}

static void
test_export_file_appeared (Fixture       *fixture,
                           gconstpointer  data)
{
  PwExportDialog *dialog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  dialog = pw_export_dialog_new (NULL, fixture->workspace, "plan.md", "mine\n");

  wait_checked (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_false (pw_export_dialog_get_conflict (dialog));
  write_file (fixture->root, "plan.md", "theirs\n");

  g_assert_false (pw_export_dialog_save (dialog, &error));
  g_assert_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT);
  wait_checked (dialog);
  g_assert_true (pw_export_dialog_get_conflict (dialog));
  g_assert_cmpuint (pw_diff_view_get_n_removed (pw_export_dialog_get_diff_view (dialog)), ==, 1);
  contents = read_file (fixture->root, "plan.md");
  g_assert_cmpstr (contents, ==, "theirs\n");
  g_clear_error (&error);

  g_assert_true (pw_export_dialog_save (dialog, &error));
  pw_test_wait_until (dialog_closed, &dialog);
}

static void
test_export_write_error (Fixture       *fixture,
                         gconstpointer  data)
{
  PwExportDialog *dialog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *kept = NULL;

  /* A file where a folder should be: the write fails (as root too). */
  write_file (fixture->root, "notes.md", "notes\n");
  dialog = pw_export_dialog_new (NULL, fixture->workspace, "notes.md/plan.md", "text\n");
  wait_checked (dialog);
  g_signal_connect (dialog, "exported", G_CALLBACK (exported_cb), &exported);
  g_assert_false (pw_export_dialog_get_conflict (dialog));
  g_assert_false (pw_export_dialog_save (dialog, &error));
  g_assert_nonnull (error);
  g_assert_null (exported);

  /* The dialog stays, with its path, for another try. */
  g_assert_cmpstr (pw_export_dialog_get_path (dialog), ==, "notes.md/plan.md");
  kept = read_file (fixture->root, "notes.md");
  g_assert_cmpstr (kept, ==, "notes\n");
  destroy_dialog (dialog);
}

/* History window */

static void
append_entry (PwHistory  *history,
              const char *created,
              const char *subject,
              const char *end,
              const char *answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) entry = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, created);
  json_builder_set_member_name (builder, "template");
  json_builder_add_string_value (builder, "feature-plan");
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, subject);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, "gpt-test");
  json_builder_set_member_name (builder, "end");
  json_builder_add_string_value (builder, end);
  json_builder_set_member_name (builder, "error");
  if (g_str_equal (end, "error"))
    json_builder_add_string_value (builder, "<b>401</b> & bad key");
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "usage");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "input_tokens");
  json_builder_add_int_value (builder, 1200);
  json_builder_set_member_name (builder, "output_tokens");
  json_builder_add_int_value (builder, 340);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "answer");
  json_builder_add_string_value (builder, answer);
  json_builder_end_object (builder);
  entry = json_builder_get_root (builder);

  g_assert_true (pw_history_append (history, entry, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
open_entry_cb (PwHistoryWindow *window,
               JsonObject      *entry,
               char           **subject)
{
  g_free (*subject);
  *subject = g_strdup (json_object_get_string_member (entry, "subject"));
}

static void
collect_checks (GtkWidget *widget,
                GPtrArray *out)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_checks (child, out);
}

static gboolean
history_loaded (gpointer data)
{
  return g_strcmp0 (pw_history_window_get_page (data), "loading") != 0;
}

static void
test_history_entries (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GFile) root = g_file_new_for_path (fixture->root);
  g_autoptr(PwHistory) history = pw_history_new (root);
  g_autofree char *opened = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  PwHistoryWindow *window;
  PwDiffView *view;

  append_entry (history, "2026-01-01T10:00:00Z", "first", "complete", "a\nb\nc\n");
  append_entry (history, "2026-01-02T10:00:00Z", "<i>second</i>", "error", "a\nb\nc\nd\n");
  append_entry (history, "2026-01-03T10:00:00Z", "third", "cancelled", "a\nX\nc\nd\ne\n");

  window = pw_history_window_new (NULL, root);
  g_signal_connect (window, "open-entry", G_CALLBACK (open_entry_cb), &opened);
  gtk_window_present (GTK_WINDOW (window));
  pw_test_wait_until (history_loaded, window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_cmpuint (pw_history_window_get_n_entries (window), ==, 3);
  g_assert_cmpstr (pw_history_window_get_page (window), ==, "list");
  g_assert_null (pw_history_window_get_error (window));

  /* Nothing to compare until two rows are checked. */
  gtk_widget_activate_action (GTK_WIDGET (window), "history.compare", NULL);
  g_assert_cmpstr (pw_history_window_get_page (window), ==, "list");

  /* Row 2 is the oldest entry. */
  pw_history_window_select (window, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "history.open", NULL));
  g_assert_cmpstr (opened, ==, "first");
  pw_history_window_select (window, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "history.open", NULL));
  g_assert_cmpstr (opened, ==, "third");

  /* Row 0 (newest) against row 1: the older answer is the old text. */
  pw_history_window_compare (window, 0, 1);
  view = pw_history_window_get_diff_view (window);
  g_assert_cmpstr (pw_history_window_get_page (window), ==, "compare");
  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 2);
  g_assert_cmpuint (pw_diff_view_get_n_removed (view), ==, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "history.back", NULL));
  g_assert_cmpstr (pw_history_window_get_page (window), ==, "list");

  pw_history_window_compare (window, 2, 0);
  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 3);
  g_assert_cmpuint (pw_diff_view_get_n_removed (view), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "history.back", NULL));

  /* The check boxes: two at most, then Compare. Rows 1 and 2 are the
   * second and first entries: one line added. */
  checks = g_ptr_array_new ();
  collect_checks (GTK_WIDGET (window), checks);
  g_assert_cmpuint (checks->len, ==, 3);
  gtk_check_button_set_active (g_ptr_array_index (checks, 1), TRUE);
  gtk_check_button_set_active (g_ptr_array_index (checks, 2), TRUE);
  g_assert_false (gtk_widget_get_sensitive (g_ptr_array_index (checks, 0)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "history.compare", NULL));
  g_assert_cmpstr (pw_history_window_get_page (window), ==, "compare");
  g_assert_cmpuint (pw_diff_view_get_n_added (view), ==, 1);
  g_assert_cmpuint (pw_diff_view_get_n_removed (view), ==, 0);

  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_history_empty (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GFile) root = g_file_new_for_path (fixture->root);
  PwHistoryWindow *window = pw_history_window_new (NULL, root);

  g_assert_cmpstr (pw_history_window_get_page (window), ==, "loading");
  pw_test_wait_until (history_loaded, window);
  g_assert_cmpuint (pw_history_window_get_n_entries (window), ==, 0);
  g_assert_cmpstr (pw_history_window_get_page (window), ==, "empty");
  g_assert_null (pw_history_window_get_error (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_damaged_copy (GFile *file)
{
  g_autofree char *dir = g_path_get_dirname (g_file_peek_path (file));
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *prefix = g_strconcat (base, ".damaged-", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_prefix (name, prefix))
        return TRUE;
    }

  return FALSE;
}

static void
test_history_corrupt (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GFile) root = g_file_new_for_path (fixture->root);
  g_autoptr(PwHistory) history = pw_history_new (root);
  g_autoptr(GFile) parent = g_file_get_parent (pw_history_get_file (history));
  g_autoptr(GError) error = NULL;
  PwHistoryWindow *window;

  g_file_make_directory_with_parents (parent, NULL, NULL);
  g_file_set_contents (g_file_peek_path (pw_history_get_file (history)),
                       "{\"version\": 1, \"entries\": [<b>", -1, &error);
  g_assert_no_error (error);

  window = pw_history_window_new (NULL, root);
  gtk_window_present (GTK_WINDOW (window));
  pw_test_wait_until (history_loaded, window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The damaged file is set aside, whole, and the history starts again
   * from what could be recovered of it: nothing here. */
  g_assert_cmpstr (pw_history_window_get_page (window), ==, "empty");
  g_assert_null (pw_history_window_get_error (window));
  g_assert_cmpuint (pw_history_window_get_n_entries (window), ==, 0);
  g_assert_true (has_damaged_copy (pw_history_get_file (history)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("pw-export-dialog-data-XXXXXX", NULL);
  int status;

  /* The history lives under the user data folder: point it at a temporary
   * one. Not G_TEST_OPTION_ISOLATE_DIRS, which also empties XDG_DATA_DIRS
   * and so loses the icon theme and the MIME database (icons then fail to
   * load with a warning, fatal here). */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  g_test_add_func ("/pw/diff-view/counts", test_diff_view_counts);
  g_test_add_func ("/pw/diff-view/changes", test_diff_view_changes);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/pw/export-dialog/new-file", test_export_new_file);
  ADD ("/pw/export-dialog/enter-saves", test_export_enter_saves);
  ADD ("/pw/export-dialog/replace", test_export_replace);
  ADD ("/pw/export-dialog/refuse-outside", test_export_refuse_outside);
  ADD ("/pw/export-dialog/path-changes", test_export_path_changes);
  ADD ("/pw/export-dialog/changed-since-shown", test_export_changed_since_shown);
  ADD ("/pw/export-dialog/file-appeared", test_export_file_appeared);
  ADD ("/pw/export-dialog/write-error", test_export_write_error);
  ADD ("/pw/history-window/entries", test_history_entries);
  ADD ("/pw/history-window/empty", test_history_empty);
  ADD ("/pw/history-window/corrupt", test_history_corrupt);
#undef ADD

  status = g_test_run ();
  remove_tree (data_home);

  return status;
}
