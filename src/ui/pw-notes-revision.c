/* pw-notes-revision.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-notes-revision"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-diff-view.h"
#include "pw-notes-revision.h"

struct _PwNotesRevision
{
  AdwWindow       parent_instance;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  GtkTextView    *request_view;
  GtkTextView    *answer_view;
  PwDiffView     *diff_view;
  AdwStatusPage  *failed_page;
  GtkSpinner     *spinner;
  GtkLabel       *status_label;
  GtkWidget      *cancel_button;
  GtkWidget      *reject_button;
  GtkWidget      *edit_button;
  GtkWidget      *send_button;
  GtkWidget      *accept_button;

  /* owned */
  PwWorkspace    *workspace;
  PwPlanSpec     *spec;
  PwRevision     *revision;
  PwPlanRun      *run;         /* (nullable) once sent */
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (PwNotesRevision, pw_notes_revision, ADW_TYPE_WINDOW)

enum {
  ACCEPTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shows one stage: request, streaming, compare or failed. */
static void
show_stage (PwNotesRevision *self,
            const char      *stage)
{
  gboolean request = g_str_equal (stage, "request");
  gboolean streaming = g_str_equal (stage, "streaming");
  gboolean compare = g_str_equal (stage, "compare");

  gtk_stack_set_visible_child_name (self->stack, stage);
  gtk_widget_set_visible (self->send_button, request);
  gtk_widget_set_visible (self->cancel_button, !compare);
  gtk_widget_set_visible (self->reject_button, compare);
  gtk_widget_set_visible (self->edit_button, compare);
  gtk_widget_set_visible (self->accept_button, compare);
  gtk_spinner_set_spinning (self->spinner, streaming);
  gtk_button_set_label (GTK_BUTTON (self->cancel_button),
                        streaming ? _("_Stop") : request ? _("_Cancel") : _("_Close"));
  if (compare)
    gtk_widget_grab_focus (self->accept_button);
}

static void
delta_cb (PwPlanRun       *run,
          const char      *text,
          PwNotesRevision *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->answer_view);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
}

static char *
describe_outcome (PwNotesRevision *self)
{
  PwPlanNotes *notes = pw_revision_get_notes (self->revision);
  guint carried = 0;

  pw_plan_run_get_revised_text (self->run, &carried);
  return g_strdup_printf (_("%s · notes: %u addressed, %u open, %u outdated · "
                            "%u ticks carried over"),
                          pw_diff_view_get_summary (self->diff_view),
                          pw_plan_notes_count_status (notes, PW_NOTE_STATUS_ADDRESSED),
                          pw_plan_notes_count_status (notes, PW_NOTE_STATUS_OPEN),
                          pw_plan_notes_count_status (notes, PW_NOTE_STATUS_OUTDATED), carried);
}

/* Once the diff is laid out: its first change, on screen. */
static gboolean
first_change_cb (gpointer user_data)
{
  PwNotesRevision *self = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (self->diff_view)))
    pw_diff_view_next_change (self->diff_view);
  return G_SOURCE_REMOVE;
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PwNotesRevision) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;
  const char * const *warnings;

  if (!pw_plan_run_run_finish (PW_PLAN_RUN (source), result, &error))
    {
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_label_set_label (self->status_label, "");
      show_stage (self, "failed");
      return;
    }

  pw_diff_view_set_texts (self->diff_view, pw_revision_get_plan_text (self->revision),
                          pw_plan_run_get_revised_text (self->run, NULL));
  outcome = describe_outcome (self);
  warnings = pw_generation_get_warnings (pw_plan_run_get_generation (self->run));
  if (warnings[0] != NULL)
    {
      g_autofree char *both = g_strconcat (warnings[0], "\n", outcome, NULL);

      gtk_label_set_label (self->status_label, both);
    }
  else
    gtk_label_set_label (self->status_label, outcome);
  show_stage (self, "compare");
  g_idle_add_full (G_PRIORITY_LOW, first_change_cb, g_object_ref (self), g_object_unref);
}

static void
decide (PwNotesRevision *self,
        gboolean         accept,
        gboolean         edit)
{
  const char *text = self->run != NULL ? pw_plan_run_get_revised_text (self->run, NULL) : NULL;

  if (accept && text != NULL)
    g_signal_emit (self, signals[ACCEPTED], 0, text, edit);
  gtk_window_close (GTK_WINDOW (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwNotesRevision *self = PW_NOTES_REVISION (widget);

  /* Ctrl+Return is the stage's main button: Send, then Accept. */
  if (g_str_equal (pw_notes_revision_get_stage (self), "compare"))
    {
      decide (self, TRUE, FALSE);
      return;
    }
  if (self->run != NULL)
    return;

  self->run = pw_plan_run_new_revision (self->workspace, self->spec, self->revision);
  g_signal_connect (self->run, "delta", G_CALLBACK (delta_cb), self);
  gtk_label_set_label (self->status_label, _("Waiting for the model…"));
  show_stage (self, "streaming");
  pw_plan_run_run_async (self->run, self->cancellable, run_done_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PwNotesRevision *self = PW_NOTES_REVISION (widget);

  if (self->run != NULL && pw_plan_run_get_running (self->run))
    {
      pw_plan_run_cancel (self->run);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  decide (PW_NOTES_REVISION (widget), TRUE, FALSE);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  decide (PW_NOTES_REVISION (widget), TRUE, TRUE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  decide (PW_NOTES_REVISION (widget), FALSE, FALSE);
}

static void
pw_notes_revision_dispose (GObject *object)
{
  PwNotesRevision *self = PW_NOTES_REVISION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_object (&self->run);
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_NOTES_REVISION);

  G_OBJECT_CLASS (pw_notes_revision_parent_class)->dispose (object);
}

static void
pw_notes_revision_finalize (GObject *object)
{
  PwNotesRevision *self = PW_NOTES_REVISION (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->spec, pw_plan_spec_free);
  g_clear_pointer (&self->revision, pw_revision_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (pw_notes_revision_parent_class)->finalize (object);
}

static void
pw_notes_revision_class_init (PwNotesRevisionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_notes_revision_dispose;
  object_class->finalize = pw_notes_revision_finalize;

  signals[ACCEPTED] =
    g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  g_type_ensure (PW_TYPE_DIFF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-notes-revision.ui");
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, window_title);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, stack);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, request_view);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, answer_view);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, diff_view);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, failed_page);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, spinner);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, status_label);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, reject_button);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, send_button);
  gtk_widget_class_bind_template_child (widget_class, PwNotesRevision, accept_button);

  gtk_widget_class_install_action (widget_class, "revision.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "revision.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "revision.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "revision.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "revision.reject", NULL, reject_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "revision.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "revision.send", NULL);
}

static void
pw_notes_revision_init (PwNotesRevision *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* The request, scrolled to its last turn: the notes. */
static void
show_request (PwNotesRevision *self,
              const char      *request)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->request_view);
  const char *last = g_strrstr (request, "### user");
  GtkTextIter iter;
  GtkTextMark *mark;

  gtk_text_buffer_set_text (buffer, request, -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                      last != NULL ? g_utf8_pointer_to_offset (request, last) : 0);
  mark = gtk_text_buffer_create_mark (buffer, NULL, &iter, TRUE);
  gtk_text_view_scroll_to_mark (self->request_view, mark, 0.0, TRUE, 0.0, 0.0);
}

/**
 * pw_notes_revision_new:
 * @spec: the provider to use (copied; its output is ignored)
 *
 * Returns: (transfer full): the window, showing the request
 */
GtkWidget *
pw_notes_revision_new (GtkWindow        *parent,
                       PwWorkspace      *workspace,
                       const PwPlanSpec *spec,
                       PwRevision       *revision)
{
  PwNotesRevision *self = g_object_new (PW_TYPE_NOTES_REVISION, "transient-for", parent, NULL);
  g_autofree char *request = pw_revision_dup_request_text (revision);
  g_autofree char *subtitle = NULL;

  self->workspace = g_object_ref (workspace);
  self->spec = pw_plan_spec_copy (spec);
  g_clear_pointer (&self->spec->output, g_free);
  self->revision = pw_revision_ref (revision);

  show_request (self, request);
  if (pw_revision_get_section (revision) != NULL)
    subtitle = g_strdup_printf (_("Only the section “%s”"), pw_revision_get_section (revision));
  else
    subtitle = g_strdup_printf (ngettext ("%u note", "%u notes",
                                          pw_revision_get_n_sent_notes (revision)),
                                pw_revision_get_n_sent_notes (revision));
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_label_set_label (self->status_label,
                       _("This is the request exactly as it is sent. Send it?"));
  show_stage (self, "request");
  gtk_widget_grab_focus (self->send_button);

  return GTK_WIDGET (self);
}

/**
 * pw_notes_revision_get_stage:
 *
 * Returns: "request", "streaming", "compare" or "failed"
 */
const char *
pw_notes_revision_get_stage (PwNotesRevision *self)
{
  g_return_val_if_fail (PW_IS_NOTES_REVISION (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * pw_notes_revision_get_run:
 *
 * Returns: (transfer none) (nullable): the run, once sent
 */
PwPlanRun *
pw_notes_revision_get_run (PwNotesRevision *self)
{
  g_return_val_if_fail (PW_IS_NOTES_REVISION (self), NULL);

  return self->run;
}
