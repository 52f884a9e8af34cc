/* pw-plan-page-notes.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-page-notes"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-history.h"
#include "pw-notes-dialog.h"
#include "pw-notes-panel.h"
#include "pw-notes-revision.h"
#include "pw-plan-page-private.h"
#include "pw-revision.h"
#include "pw-walkthrough-window.h"

/* The notes of the plan page: kept in the plan's notes file beside it
 * (loaded and saved in threads), shown on the plan view's rows and in the
 * notes panel, added with N on a step, the rows' note buttons,
 * Ctrl+Alt+N (on the selected text, else the focused step) or the context
 * menu of selected text, and sent with Revise with Notes (Ctrl+Shift+R). */

/* ------------------------------------------------------------------ */
/* Loading and saving                                                  */
/* ------------------------------------------------------------------ */

/* What a thread finds for a plan: its notes, and the prompt it was
 * written from in the repository's history (so that Revise with Notes can
 * show its request at once). */
typedef struct
{
  GFile       *plan_file;
  GFile       *root;        /* (nullable) */
  PwPlanNotes *notes;       /* (nullable) out */
  char        *prompt;      /* (nullable) out */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->plan_file);
  g_clear_object (&job->root);
  g_clear_object (&job->notes);
  g_free (job->prompt);
  g_free (job);
}

static char *
find_prompt (GFile        *root,
             GFile        *plan_file,
             GCancellable *cancellable)
{
  g_autoptr(PwHistory) history = pw_history_new (root);
  g_autoptr(JsonArray) entries = pw_history_load (history, cancellable, NULL);
  g_autofree char *relative = g_file_get_relative_path (root, plan_file);

  if (entries == NULL)
    return NULL;
  return pw_revision_find_prompt (entries, relative != NULL ? relative
                                                            : g_file_peek_path (plan_file));
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_autoptr(GFile) notes_file = pw_plan_notes_file_for (job->plan_file);
  GError *error = NULL;

  job->notes = pw_plan_notes_load (notes_file, cancellable, &error);
  if (job->root != NULL)
    job->prompt = find_prompt (job->root, job->plan_file, cancellable);
  if (job->notes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (!pw_plan_notes_save (task_data, G_FILE (source_object), cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PwPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("The notes were not saved: %s"),
                                                  error->message);

      pw_plan_page_show_toast (self, adw_toast_new (message));
    }
}

/* Writes a copy of the notes beside the plan, when it has a file. */
static void
notes_changed_cb (PwPlanPage *self)
{
  GFile *plan_file = self->plan != NULL ? pw_plan_get_file (self->plan) : NULL;
  g_autoptr(GFile) notes_file = NULL;
  g_autoptr(GTask) task = NULL;

  if (pw_plan_notes_get_n_notes (self->notes) > 0)
    gtk_revealer_set_reveal_child (self->notes_revealer, TRUE);
  pw_plan_page_notes_update_actions (self);
  if (plan_file == NULL)
    return;

  notes_file = pw_plan_notes_file_for (plan_file);
  task = g_task_new (notes_file, NULL, saved_cb, g_object_ref (self));
  g_task_set_source_tag (task, notes_changed_cb);
  g_task_set_task_data (task, pw_plan_notes_copy (self->notes), g_object_unref);
  g_task_run_in_thread (task, save_thread);
}

static void
set_notes (PwPlanPage  *self,
           PwPlanNotes *notes)
{
  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  g_set_object (&self->notes, notes);
  g_signal_connect_object (notes, "changed", G_CALLBACK (notes_changed_cb), self,
                           G_CONNECT_SWAPPED);
  pw_plan_view_set_notes (self->plan_view, notes);
  pw_notes_panel_set_notes (self->notes_panel, notes);
  if (self->walkthrough != NULL)
    pw_walkthrough_window_set_notes (PW_WALKTHROUGH_WINDOW (self->walkthrough), notes);
  gtk_revealer_set_reveal_child (self->notes_revealer, pw_plan_notes_get_n_notes (notes) > 0);
  pw_plan_page_notes_update_actions (self);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PwPlanPage) self = user_data;
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_free (self->original_prompt);
  self->original_prompt = g_steal_pointer (&job->prompt);
  if (job->notes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The notes could not be read: %s"),
                                                  error->message);

      /* The file stays as it is; notes added now go to a new list. */
      pw_plan_page_show_toast (self, adw_toast_new (message));
      return;
    }

  set_notes (self, job->notes);
}

/**
 * pw_plan_page_notes_plan_changed:
 *
 * The page shows another plan: its notes come from its notes file.
 */
void
pw_plan_page_notes_plan_changed (PwPlanPage *self)
{
  g_autoptr(PwPlanNotes) none = pw_plan_notes_new ();
  g_autoptr(GTask) task = NULL;
  LoadJob *job;
  GFile *file;

  g_cancellable_cancel (self->notes_cancellable);
  g_clear_object (&self->notes_cancellable);
  g_clear_pointer (&self->original_prompt, g_free);
  set_notes (self, none);

  file = self->plan != NULL ? pw_plan_get_file (self->plan) : NULL;
  if (file == NULL)
    return;

  job = g_new0 (LoadJob, 1);
  job->plan_file = g_object_ref (file);
  if (self->workspace != NULL)
    job->root = g_object_ref (pw_workspace_get_root (self->workspace));
  self->notes_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->notes_cancellable, loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, pw_plan_page_notes_plan_changed);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

/* ------------------------------------------------------------------ */
/* Adding notes                                                        */
/* ------------------------------------------------------------------ */

typedef struct
{
  PwPlanPage *self;
  gint        step;
  gint        section;
  gboolean    span;     /* a quoted span, from @start to @end */
  gsize       start;
  gsize       end;
} NoteTarget;

static void
note_target_free (gpointer  data,
                  GClosure *closure)
{
  NoteTarget *target = data;

  g_object_unref (target->self);
  g_free (target);
}

static void
note_dialog_response_cb (PwNotesDialog *dialog,
                         const char    *response,
                         NoteTarget    *target)
{
  PwPlanPage *self = target->self;
  const char *text = pw_notes_dialog_get_text (dialog);
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "save") || self->plan == NULL)
    return;

  if (target->span)
    pw_plan_notes_add_text (self->notes, self->plan, target->start, target->end, text, &error);
  else if (target->step >= 0)
    pw_plan_notes_add_step (self->notes, self->plan, target->step, text, &error);
  else if (target->section >= 0)
    pw_plan_notes_add_section (self->notes, self->plan, target->section, text, &error);
  else
    pw_plan_notes_add_plan (self->notes, text, &error);

  if (error != NULL)
    pw_plan_page_show_toast (self, adw_toast_new (error->message));
}

/**
 * pw_plan_page_add_note:
 * @step: the step, or -1
 * @section: the section (when @step is -1), or -1 for the whole plan
 * @parent: (nullable): the window to ask over; %NULL for the page's
 *
 * Asks for a note on @step, @section or the whole plan.
 *
 * Returns: (transfer none): the dialog
 */
GtkWidget *
pw_plan_page_add_note (PwPlanPage *self,
                       gint        step,
                       gint        section,
                       GtkWindow  *parent)
{
  g_autofree char *heading = NULL;
  const char *quote = NULL;
  NoteTarget *target;
  GtkWidget *dialog;

  g_return_val_if_fail (self->plan != NULL, NULL);

  if (step >= 0 && (guint) step < pw_plan_get_n_steps (self->plan))
    {
      heading = g_strdup_printf (_("Note on Step %d"), step + 1);
      quote = pw_plan_get_step (self->plan, step)->text;
    }
  else if (section >= 0 && (guint) section < pw_plan_get_n_sections (self->plan))
    {
      step = -1;
      heading = g_strdup (_("Note on the Section"));
      quote = pw_plan_get_section (self->plan, section)->title;
    }
  else
    {
      step = section = -1;
      heading = g_strdup (_("Note on the Plan"));
    }

  target = g_new0 (NoteTarget, 1);
  target->self = g_object_ref (self);
  target->step = step;
  target->section = section;
  dialog = pw_notes_dialog_new (parent != NULL ? parent : pw_plan_page_get_parent_window (self),
                                heading, quote, NULL);
  g_signal_connect_data (dialog, "response", G_CALLBACK (note_dialog_response_cb), target,
                         note_target_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/**
 * pw_plan_page_add_text_note:
 * @start: first byte of the quoted span in the plan's text
 * @end: one past its last byte
 *
 * Asks for a note on the text from @start to @end (selected in the plan).
 *
 * Returns: (transfer none): the dialog
 */
GtkWidget *
pw_plan_page_add_text_note (PwPlanPage *self,
                            gsize       start,
                            gsize       end)
{
  g_autofree char *quote = NULL;
  NoteTarget *target;
  GtkWidget *dialog;
  gsize length;
  const char *text;

  g_return_val_if_fail (self->plan != NULL, NULL);

  text = pw_plan_get_text (self->plan, &length);
  g_return_val_if_fail (start < end && end <= length, NULL);

  quote = g_strndup (text + start, end - start);
  target = g_new0 (NoteTarget, 1);
  target->self = g_object_ref (self);
  target->span = TRUE;
  target->start = start;
  target->end = end;
  dialog = pw_notes_dialog_new (pw_plan_page_get_parent_window (self),
                                _("Note on the Selected Text"), quote, NULL);
  g_signal_connect_data (dialog, "response", G_CALLBACK (note_dialog_response_cb), target,
                         note_target_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
text_note_requested_cb (PwPlanPage *self,
                        guint64     start,
                        guint64     end)
{
  if (self->plan != NULL)
    pw_plan_page_add_text_note (self, start, end);
}

static void
note_requested_cb (PwPlanPage *self,
                   gint        step,
                   gint        section)
{
  if (self->plan != NULL)
    pw_plan_page_add_note (self, step, section, NULL);
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  gsize start, end;

  if (self->plan == NULL)
    return;
  if (pw_plan_view_get_selected_span (self->plan_view, &start, &end))
    pw_plan_page_add_text_note (self, start, end);
  else
    pw_plan_page_add_note (self, pw_plan_view_get_focused_step (self->plan_view), -1, NULL);
}

static void
walkthrough_note_cb (PwWalkthroughWindow *window,
                     guint                step,
                     PwPlanPage          *self)
{
  if (self->plan != NULL)
    pw_plan_page_add_note (self, step, -1, GTK_WINDOW (window));
}

/**
 * pw_plan_page_notes_attach_walkthrough:
 * @walkthrough: a #PwWalkthroughWindow of the page's plan
 *
 * The walkthrough shows the notes, and N there adds one to the step on
 * screen.
 */
void
pw_plan_page_notes_attach_walkthrough (PwPlanPage *self,
                                       gpointer    walkthrough)
{
  pw_walkthrough_window_set_notes (walkthrough, self->notes);
  g_signal_connect_object (walkthrough, "note-requested", G_CALLBACK (walkthrough_note_cb), self,
                           0);
}

/* ------------------------------------------------------------------ */
/* Revising                                                            */
/* ------------------------------------------------------------------ */

static void
revision_accepted_cb (PwPlanPage      *self,
                      const char      *text,
                      gboolean         edit,
                      PwNotesRevision *window)
{
  PwRevision *revision = pw_plan_run_get_revision (pw_notes_revision_get_run (window));
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_copy (pw_revision_get_notes (revision));
  /* A revision sent with a stale plan's changes records its inputs anew. */
  g_autofree char *recorded = pw_plan_page_stale_revised (self, notes, text);

  pw_plan_page_replace_text (self, recorded != NULL ? recorded : text);
  set_notes (self, notes);
  notes_changed_cb (self);
  if (edit)
    pw_plan_page_set_view (self, TRUE);
  pw_plan_page_show_toast (self, adw_toast_new (_("The new version is the plan")));
}

/**
 * pw_plan_page_start_revision:
 * @section: (nullable): the section to revise, or %NULL for the whole plan
 *
 * Shows the request at once (the prompt was found with the notes), so
 * that the window comes up under the key that asked for it.
 *
 * Returns: (transfer none) (nullable): the revision window
 */
GtkWidget *
pw_plan_page_start_revision (PwPlanPage *self,
                             const char *section)
{
  g_autoptr(PwRevision) revision = NULL;
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  if (self->plan == NULL || self->workspace == NULL)
    return NULL;
  if (self->revision_window != NULL)
    {
      gtk_window_present (self->revision_window);
      return GTK_WIDGET (self->revision_window);
    }

  revision = pw_revision_new (pw_plan_get_text (self->plan, NULL), self->original_prompt,
                              self->notes, section, &error);
  if (revision == NULL)
    {
      pw_plan_page_show_toast (self, adw_toast_new (error->message));
      return NULL;
    }

  window = pw_notes_revision_new (pw_plan_page_get_parent_window (self), self->workspace, spec,
                                  revision);
  g_signal_connect_object (window, "accepted", G_CALLBACK (revision_accepted_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->revision_window, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
revise_notes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  pw_plan_page_start_revision (PW_PLAN_PAGE (widget), NULL);
}

static void
revise_section_cb (PwPlanPage *self,
                   const char *title)
{
  if (!pw_plan_page_get_busy (self))
    pw_plan_page_start_revision (self, title);
}

/* ------------------------------------------------------------------ */
/* The page                                                            */
/* ------------------------------------------------------------------ */

void
pw_plan_page_notes_update_actions (PwPlanPage *self)
{
  gboolean idle = self->plan != NULL && !pw_plan_page_get_busy (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.add-note", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.revise-notes",
                                 idle && self->workspace != NULL && self->notes != NULL
                                 && pw_plan_notes_count_status (self->notes,
                                                                PW_NOTE_STATUS_OPEN) > 0);
}

void
pw_plan_page_notes_init (PwPlanPage *self)
{
  g_signal_connect_object (self->plan_view, "note-requested", G_CALLBACK (note_requested_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan_view, "text-note-requested",
                           G_CALLBACK (text_note_requested_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notes_panel, "revise-section", G_CALLBACK (revise_section_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->notes_panel, "notify::visible",
                           G_CALLBACK (pw_plan_page_notes_update_actions), self,
                           G_CONNECT_SWAPPED);
  pw_plan_page_notes_plan_changed (self);
}

void
pw_plan_page_notes_dispose (PwPlanPage *self)
{
  g_cancellable_cancel (self->notes_cancellable);
  g_clear_object (&self->notes_cancellable);
  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  g_clear_object (&self->notes);
  g_clear_pointer (&self->original_prompt, g_free);
  if (self->revision_window != NULL)
    gtk_window_destroy (self->revision_window);
}

void
pw_plan_page_notes_add_actions (GtkWidgetClass *widget_class)
{
  g_type_ensure (PW_TYPE_NOTES_PANEL);
  gtk_widget_class_install_action (widget_class, "plan.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "plan.revise-notes", NULL, revise_notes_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n,
                                       GDK_CONTROL_MASK | GDK_ALT_MASK, "plan.add-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plan.revise-notes",
                                       NULL);
}
