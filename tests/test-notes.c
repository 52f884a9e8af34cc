/* test-notes.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-diff-view.h"
#include "pw-fake-provider.h"
#include "pw-notes-dialog.h"
#include "pw-notes-panel.h"
#include "pw-notes-revision.h"
#include "pw-plan-page-private.h"
#include "pw-plan-view.h"
#include "pw-walkthrough-window.h"
#include "pw-window-private.h"
#include "pw-test-ui.h"

/* Notes on a plan as a person meets them: the note buttons on steps and
 * sections, the notes panel, a note added on the Plans page and kept in
 * the notes file, the walkthrough's N, and Revise with Notes from the
 * request to the accepted version. */

static const char plan_text[] =
  "# API Endpoint Implementation Plan: GET /api/books\n"
  "\n"
  "## 1. Endpoint Overview\n"
  "Lists books.\n"
  "\n"
  "## 9. Implementation Steps\n"
  "1. Define the query schema\n"
  "2. Write the tests\n";

typedef struct
{
  gint  step;
  gint  section;
  guint calls;
} Requested;

static void
note_requested_cb (GtkWidget *view,
                   gint       step,
                   gint       section,
                   Requested *requested)
{
  requested->step = step;
  requested->section = section;
  requested->calls++;
}

static void
test_plan_view_buttons (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (plan_text, -1);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PwPlanView *view = PW_PLAN_VIEW (pw_plan_view_new ());
  Requested requested = { -2, -2, 0 };
  GtkWidget *step_button, *section_button, *row;

  gtk_window_set_default_size (window, 800, 600);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  pw_plan_view_set_plan (view, plan);
  pw_plan_view_set_notes (view, notes);
  pw_plan_view_flush (view);
  pw_test_spin (100);
  g_signal_connect (view, "note-requested", G_CALLBACK (note_requested_cb), &requested);

  /* Every step and section has a note button; a paragraph has none. */
  step_button = pw_plan_view_get_note_button (view, 1, -1);
  section_button = pw_plan_view_get_note_button (view, -1, 0);
  g_assert_nonnull (step_button);
  g_assert_nonnull (section_button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (step_button), ==, "Add a note to the step (N)");

  g_signal_emit_by_name (step_button, "clicked");
  g_assert_cmpint (requested.step, ==, 1);
  g_assert_cmpint (requested.section, ==, -1);
  g_signal_emit_by_name (section_button, "clicked");
  g_assert_cmpint (requested.step, ==, -1);
  g_assert_cmpint (requested.section, ==, 0);

  /* A note shows beside its step: the button stays, with the note. */
  g_assert_nonnull (pw_plan_notes_add_step (notes, plan, 1, "Use the RLS policy", NULL));
  pw_test_spin (50);
  step_button = pw_plan_view_get_note_button (view, 1, -1);
  row = gtk_widget_get_parent (step_button);
  g_assert_true (gtk_widget_has_css_class (step_button, "has-notes"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (step_button), ==, "Use the RLS policy");
  g_assert_true (gtk_widget_has_css_class (row, "open-note"));
  g_assert_false (gtk_widget_has_css_class (pw_plan_view_get_note_button (view, 0, -1),
                                            "has-notes"));

  /* Resolved: no longer highlighted. */
  pw_plan_notes_set_status (notes, "n1", PW_NOTE_STATUS_RESOLVED);
  pw_test_spin (50);
  g_assert_false (gtk_widget_has_css_class (row, "open-note"));

  gtk_window_destroy (window);
}

/* The label of the plan's text that shows @text. */
static GtkLabel *
label_showing (GtkWidget  *root,
               const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  pw_test_collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
        return labels->pdata[i];
    }
  g_assert_not_reached ();
}

static void
text_note_requested_cb (GtkWidget *view,
                        guint64    start,
                        guint64    end,
                        guint64   *asked)
{
  asked[0] = start;
  asked[1] = end;
}

/* Text selected in the rendered plan takes a note from its context menu:
 * the selection is found in the markdown under its markup. */
static void
test_plan_view_selected_text (void)
{
  const char *text = "# Plan\n\n## Overview\nLists `books` by **author**, newest first.\n\n"
                     "## Steps\n1. Define the query schema\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PwPlanView *view = PW_PLAN_VIEW (pw_plan_view_new ());
  guint64 asked[2] = { 0, 0 };
  gsize start = 0, end = 0;
  GtkLabel *label;
  GMenuModel *menu;
  g_autofree char *item = NULL;

  gtk_window_set_default_size (window, 800, 600);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  pw_plan_view_set_plan (view, plan);
  pw_plan_view_flush (view);
  pw_test_spin (100);
  g_signal_connect (view, "text-note-requested", G_CALLBACK (text_note_requested_cb), asked);

  g_assert_false (pw_plan_view_get_selected_span (view, &start, &end));
  label = label_showing (GTK_WIDGET (view), "Lists books by author, newest first.");
  menu = gtk_label_get_extra_menu (label);
  g_assert_nonnull (menu);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &item));
  g_assert_cmpstr (item, ==, "Add a Note to the Selection");

  /* "books by author" is "books` by **author" in the markdown. */
  gtk_label_select_region (label, 6, 21);
  g_assert_true (pw_plan_view_get_selected_span (view, &start, &end));
  g_assert_cmpmem (text + start, end - start, "books` by **author", 18);

  gtk_widget_activate_action (GTK_WIDGET (label), "plan-view.note-selection", NULL);
  g_assert_cmpuint (asked[0], ==, start);
  g_assert_cmpuint (asked[1], ==, end);

  gtk_window_destroy (window);
}

static guint
count_rows (PwNotesPanel *panel)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (pw_notes_panel_get_list (panel)));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static GtkWidget *
row_button (PwNotesPanel *panel,
            guint         row,
            const char   *tooltip)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (pw_notes_panel_get_list (panel)));
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  for (guint i = 0; i < row; i++)
    child = gtk_widget_get_next_sibling (child);
  pw_test_collect (child, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_widget_get_tooltip_text (buttons->pdata[i]), tooltip) == 0)
        return buttons->pdata[i];
    }
  g_assert_not_reached ();
}

static void
section_asked_cb (PwNotesPanel *panel,
                  const char   *title,
                  char        **asked)
{
  g_free (*asked);
  *asked = g_strdup (title);
}

static void
test_panel (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (plan_text, -1);
  g_autoptr(PwPlan) revised = NULL;
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  PwNotesPanel *panel = PW_NOTES_PANEL (pw_notes_panel_new ());
  g_autofree char *changed = NULL;

  gtk_window_set_default_size (window, 280, 500);
  gtk_window_set_child (window, GTK_WIDGET (panel));
  gtk_window_present (window);
  pw_notes_panel_set_notes (panel, notes);
  g_assert_cmpuint (count_rows (panel), ==, 0);

  pw_plan_notes_add_step (notes, plan, 0, "Name the schema", NULL);
  pw_plan_notes_add_step (notes, plan, 1, "Cover 404", NULL);
  g_assert_cmpuint (count_rows (panel), ==, 2);

  /* In the narrow panel a note's text has the row's width, not what its
   * buttons leave of it. */
  pw_test_spin (50);
  {
    GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (pw_notes_panel_get_list (panel)));
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    GtkWidget *body = NULL;

    pw_test_collect (row, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      {
        if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), "Name the schema") == 0)
          body = labels->pdata[i];
      }
    g_assert_nonnull (body);
    g_assert_cmpint (gtk_widget_get_width (body), >=, gtk_widget_get_width (row) * 3 / 4);
  }

  /* Resolve, then reopen. */
  g_signal_emit_by_name (row_button (panel, 0, "Resolve the note"), "clicked");
  g_assert_cmpint (pw_plan_notes_lookup (notes, "n1")->status, ==, PW_NOTE_STATUS_RESOLVED);
  g_signal_emit_by_name (row_button (panel, 0, "Reopen the note"), "clicked");
  g_assert_cmpint (pw_plan_notes_lookup (notes, "n1")->status, ==, PW_NOTE_STATUS_OPEN);

  /* After a revision the open note is highlighted, the addressed not. */
  changed = g_strdup (plan_text);
  changed = g_strdelimit (changed, "W", 'w');
  revised = pw_plan_new_from_text (changed, -1);
  pw_plan_notes_update_status (notes, plan, revised);
  g_assert_cmpint (pw_plan_notes_lookup (notes, "n2")->status, ==, PW_NOTE_STATUS_ADDRESSED);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (
                   GTK_WIDGET (pw_notes_panel_get_list (panel))), "open-note"));
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_last_child (
                    GTK_WIDGET (pw_notes_panel_get_list (panel))), "open-note"));

  /* Delete. */
  g_signal_emit_by_name (row_button (panel, 1, "Delete the note"), "clicked");
  g_assert_cmpuint (count_rows (panel), ==, 1);
  g_assert_null (pw_plan_notes_lookup (notes, "n2"));

  /* A section's note offers to revise that section alone. */
  {
    g_autofree char *asked = NULL;

    g_signal_connect (panel, "revise-section", G_CALLBACK (section_asked_cb), &asked);
    pw_plan_notes_add_section (notes, plan, 1, "Say who may list", NULL);
    g_signal_emit_by_name (row_button (panel, 1, "Revise only this section"), "clicked");
    g_assert_cmpstr (asked, ==, "1. Endpoint Overview");
  }

  gtk_window_destroy (window);
}

static gboolean
page_settled (gpointer data)
{
  return !pw_plan_page_get_loading (data);
}

/* Shows @window on @dir's Plans page with .ai/books-plan.md open. */
static PwPlanPage *
open_books_plan (PwWindow   *window,
                 const char *dir)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  PwPlanPage *page;

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pw_window_open (window, folder, &error));
  adw_view_stack_set_visible_child_name (window->panes, "plans");
  page = pw_window_get_plan_page (window);
  pw_test_wait_until (page_settled, page);
  g_assert_true (pw_plan_page_open_file (page, ".ai/books-plan.md", &error));
  g_assert_no_error (error);
  pw_test_wait_until (page_settled, page);
  return page;
}

typedef struct
{
  PwPlanPage *page;
  guint       n;
} NotesCount;

static gboolean
notes_counted (gpointer data)
{
  NotesCount *count = data;

  return count->page->notes != NULL && pw_plan_notes_get_n_notes (count->page->notes) == count->n;
}

static gboolean
file_has (gpointer data)
{
  const char * const *what = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (what[0], &contents, NULL, NULL) && strstr (contents, what[1]) != NULL;
}

static GtkWidget *
find_notes_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) widget = g_list_model_get_item (toplevels, i);

      if (PW_IS_NOTES_DIALOG (widget) && gtk_widget_get_visible (widget))
        return widget;
    }
  g_assert_not_reached ();
}

static void
test_page_adds_and_keeps (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *plan_path = g_build_filename (dir, ".ai", "books-plan.md", NULL);
  g_autofree char *notes_path = g_build_filename (dir, ".ai", "books-plan.notes.json", NULL);
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  NotesCount count = { NULL, 1 };
  const char *written[] = { notes_path, "Cover the 404 case" };
  PwPlanPage *page;
  GtkWidget *dialog;

  g_assert_true (g_file_set_contents (plan_path, plan_text, -1, NULL));
  g_assert_true (g_file_set_contents (notes_path,
                                      "{\"version\":1,\"notes\":[{\"id\":\"n1\",\"anchor\":\"step\","
                                      "\"step\":1,\"quote\":\"Define the query schema\","
                                      "\"body\":\"Use zod\",\"created\":0,\"status\":\"open\"}]}",
                                      -1, NULL));
  page = open_books_plan (window, dir);
  count.page = page;
  pw_test_wait_until (notes_counted, &count);
  /* The notes file's note is on the panel, which is shown. */
  g_assert_true (pw_notes_panel_get_notes (page->notes_panel) == page->notes);
  g_assert_true (gtk_revealer_get_reveal_child (page->notes_revealer));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (page)));

  /* A note on step 2, as the dialog takes it. */
  dialog = pw_plan_page_add_note (page, 1, -1, NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Note on Step 2");
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  pw_notes_dialog_set_text (PW_NOTES_DIALOG (dialog), "Cover the 404 case");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  count.n = 2;
  pw_test_wait_until (notes_counted, &count);
  g_assert_cmpstr (pw_plan_notes_get_note (page->notes, 1)->quote, ==, "Write the tests");

  /* Kept beside the plan; the plan itself is untouched. */
  pw_test_wait_until (file_has, written);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (plan_path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, plan_text);
  }

  /* Ctrl+Alt+N with text selected in the plan: a note on that text. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  pw_plan_view_flush (page->plan_view);
  pw_test_spin (50);
  gtk_label_select_region (label_showing (GTK_WIDGET (page->plan_view), "Lists books."), 6, 11);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.add-note", NULL));
  dialog = find_notes_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Note on the Selected Text");
  pw_notes_dialog_set_text (PW_NOTES_DIALOG (dialog), "Which books?");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  count.n = 3;
  pw_test_wait_until (notes_counted, &count);
  g_assert_cmpint (pw_plan_notes_get_note (page->notes, 2)->kind, ==, PW_NOTE_ANCHOR_TEXT);
  g_assert_cmpstr (pw_plan_notes_get_note (page->notes, 2)->quote, ==, "books");
  g_assert_true (g_str_has_suffix (pw_plan_notes_get_note (page->notes, 2)->before, "Lists "));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
walkthrough_note_cb (PwWalkthroughWindow *window,
                     guint                step,
                     guint               *asked)
{
  *asked = step;
}

static void
test_walkthrough_note_key (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (plan_text, -1);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  PwWalkthroughWindow *window = pw_walkthrough_window_new (NULL, plan);
  guint asked = G_MAXUINT;
  GtkLabel *label;

  g_signal_connect (window, "note-requested", G_CALLBACK (walkthrough_note_cb), &asked);
  pw_walkthrough_window_set_notes (window, notes);
  gtk_window_present (GTK_WINDOW (window));
  pw_walkthrough_window_set_step (window, 1);
  pw_test_spin (50);
  label = pw_walkthrough_window_get_notes_label (window);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (label)));

  /* N asks for a note on the step on screen… */
  gtk_widget_activate_action (GTK_WIDGET (window), "walkthrough.note", NULL);
  g_assert_cmpuint (asked, ==, 1);

  /* …and the slide shows it once it is there. */
  pw_plan_notes_add_step (notes, plan, 1, "Decided: contract tests first", NULL);
  pw_test_spin (50);
  label = pw_walkthrough_window_get_notes_label (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "Decided: contract tests first"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
stage_is (gpointer data)
{
  gpointer *pair = data;

  return g_strcmp0 (pw_notes_revision_get_stage (pair[0]), pair[1]) == 0;
}

static void
accepted_cb (PwNotesRevision *window,
             const char      *text,
             gboolean         edit,
             char           **out)
{
  *out = g_strdup (text);
}

static void
test_revision_window (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(PwWorkspace) workspace = pw_workspace_open (root, NULL, NULL);
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (plan_text, -1);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  g_autoptr(PwRevision) revision = NULL;
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(FakeProvider) fake = NULL;
  g_autofree char *accepted = NULL;
  GtkTextBuffer *buffer;
  g_autofree char *shown = NULL;
  GtkTextIter start, end;
  PwNotesRevision *window;
  gpointer compare[] = { NULL, "compare" };

  pw_plan_notes_add_step (notes, plan, 1, "Cover 404", NULL);
  revision = pw_revision_new (plan_text, "Plan GET /api/books", notes, NULL, NULL);
  fake = fake_provider_new ("# API Endpoint Implementation Plan: GET /api/books\n\n"
                            "## 9. Implementation Steps\n1. Define the query schema\n"
                            "2. Write the tests, 404 included\n", FAKE_COMPLETE, 0);
  spec->provider = g_object_ref (PW_PROVIDER (fake));
  window = PW_NOTES_REVISION (pw_notes_revision_new (NULL, workspace, spec, revision));
  g_signal_connect (window, "accepted", G_CALLBACK (accepted_cb), &accepted);
  gtk_window_present (GTK_WINDOW (window));

  /* The request is shown first, exactly. */
  g_assert_cmpstr (pw_notes_revision_get_stage (window), ==, "request");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (pw_test_find_type (GTK_WIDGET (window),
                                                                       GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  {
    g_autofree char *request = pw_revision_dup_request_text (revision);

    g_assert_cmpstr (shown, ==, request);
  }
  g_assert_cmpuint (fake->calls, ==, 0);

  /* Send: it streams, then the diff. */
  gtk_widget_activate_action (GTK_WIDGET (window), "revision.send", NULL);
  compare[0] = window;
  pw_test_wait_until (stage_is, compare);
  g_assert_cmpuint (fake->calls, ==, 1);
  g_assert_cmpuint (pw_diff_view_get_n_added (PW_DIFF_VIEW (pw_test_find_type (GTK_WIDGET (window),
                                                                                 PW_TYPE_DIFF_VIEW))),
                    >, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "revision.accept", NULL);
  g_assert_nonnull (accepted);
  g_assert_nonnull (strstr (accepted, "404 included"));
}

static gboolean
revision_shown (gpointer data)
{
  return pw_test_find_toplevel (PW_TYPE_NOTES_REVISION) != NULL;
}

static gboolean
revision_gone (gpointer data)
{
  return pw_test_find_toplevel (PW_TYPE_NOTES_REVISION) == NULL;
}

/* Revise with Notes from the page, with no model configured: the offline
 * planner keeps the plan and says so; accepting keeps the ticks and the
 * notes stay open. */
static void
test_page_revises (void)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *plan_path = g_build_filename (dir, ".ai", "books-plan.md", NULL);
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);
  const char *ticked = "# Plan\n\n## 9. Implementation Steps\n1. [x] Define the query schema\n"
                       "2. [ ] Write the tests\n";
  PwNotesRevision *revision;
  gpointer compare[] = { NULL, "compare" };
  PwPlanPage *page;

  g_assert_true (g_file_set_contents (plan_path, ticked, -1, NULL));
  page = open_books_plan (window, dir);
  pw_test_spin (100);

  /* Nothing to revise with until there is an open note. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "plan.revise-notes", NULL)
                  && revision_shown (NULL));
  pw_plan_notes_add_step (page->notes, pw_plan_page_get_plan (page), 1, "Cover 404", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "plan.revise-notes", NULL));
  pw_test_wait_until (revision_shown, NULL);
  revision = PW_NOTES_REVISION (pw_test_find_toplevel (PW_TYPE_NOTES_REVISION));
  g_assert_cmpstr (pw_notes_revision_get_stage (revision), ==, "request");

  gtk_widget_activate_action (GTK_WIDGET (revision), "revision.send", NULL);
  compare[0] = revision;
  pw_test_wait_until (stage_is, compare);
  gtk_widget_activate_action (GTK_WIDGET (revision), "revision.accept", NULL);
  pw_test_wait_until (revision_gone, NULL);

  g_assert_cmpstr (pw_plan_get_text (pw_plan_page_get_plan (page), NULL), ==, ticked);
  g_assert_true (pw_plan_get_step (pw_plan_page_get_plan (page), 0)->done);
  g_assert_cmpint (pw_plan_notes_get_note (page->notes, 0)->status, ==, PW_NOTE_STATUS_OPEN);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("pw-notes-data-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/pw/notes/plan-view-buttons", test_plan_view_buttons);
  g_test_add_func ("/pw/notes/plan-view-selected-text", test_plan_view_selected_text);
  g_test_add_func ("/pw/notes/panel", test_panel);
  g_test_add_func ("/pw/notes/page-adds-and-keeps", test_page_adds_and_keeps);
  g_test_add_func ("/pw/notes/walkthrough-note-key", test_walkthrough_note_key);
  g_test_add_func ("/pw/notes/revision-window", test_revision_window);
  g_test_add_func ("/pw/notes/page-revises", test_page_revises);

  return g_test_run ();
}
