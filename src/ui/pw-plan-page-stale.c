/* pw-plan-page-stale.c: the banner of a plan whose inputs changed
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-diff-view.h"
#include "pw-plan-page-private.h"
#include "pw-plan.h"
#include "pw-toast.h"
#include "pw-workspace.h"

/*
 * A plan saved in the repository records the hashes of its inputs. When
 * one of them changed since, the page says which, shows the input's diff
 * when the history still holds the old text, and offers Revise… and
 * Accept as Reviewed. Revise… adds the changes to the plan's notes, as an
 * open note on the whole plan, and opens the revision with them; once its
 * new version is accepted, the provenance records the inputs as they are
 * now, as Accept as Reviewed does without changing any other byte.
 */

/* The first changed input whose old and new text are both known. */
static const PwStaleInput *
input_with_diff (PwPlanPage *self)
{
  for (guint i = 0; self->stale_report != NULL && i < self->stale_report->inputs->len; i++)
    {
      const PwStaleInput *input = g_ptr_array_index (self->stale_report->inputs, i);

      if (input->changed && input->old_text != NULL && input->new_text != NULL)
        return input;
    }

  return NULL;
}

static void
update_stale_actions (PwPlanPage *self)
{
  gboolean stale = pw_plan_page_get_stale (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.show-input-changes",
                                 stale && input_with_diff (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.revise-stale",
                                 stale && self->workspace != NULL && self->notes != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.accept-reviewed", stale);
}

static void
show_report (PwPlanPage *self)
{
  g_autofree char *message = NULL;
  gboolean stale = pw_plan_page_get_stale (self);

  if (stale)
    {
      message = pw_stale_describe (self->stale_report);
      gtk_label_set_label (self->stale_label, message);
    }
  gtk_revealer_set_reveal_child (self->stale_revealer, stale);
  update_stale_actions (self);
}

static void
stale_checked_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PwPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PwStaleReport *report;

  report = pw_stale_check_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->stale_cancellable);
  g_clear_pointer (&self->stale_report, pw_stale_report_free);
  self->stale_report = report;
  if (error != NULL)
    g_debug ("Staleness not checked: %s", error->message);
  show_report (self);
}

/**
 * pw_plan_page_check_stale:
 *
 * Checks, in a thread, whether the inputs of the plan's file changed since
 * it was written; the banner shows the answer. A plan without a file has
 * no banner.
 */
void
pw_plan_page_check_stale (PwPlanPage *self)
{
  g_autofree char *relative_path = NULL;

  pw_plan_page_clear_stale (self);
  if (self->workspace == NULL || self->plan == NULL || pw_plan_get_file (self->plan) == NULL)
    return;

  relative_path = pw_plan_page_dup_relative_path (self);
  if (relative_path == NULL)
    return;

  self->stale_cancellable = g_cancellable_new ();
  pw_stale_check_async (pw_workspace_get_root (self->workspace), relative_path,
                        self->stale_cancellable, stale_checked_cb, g_object_ref (self));
}

/* Forgets the answer and hides the banner. */
void
pw_plan_page_clear_stale (PwPlanPage *self)
{
  g_cancellable_cancel (self->stale_cancellable);
  g_clear_object (&self->stale_cancellable);
  g_clear_pointer (&self->stale_report, pw_stale_report_free);
  if (self->stale_revealer != NULL)
    {
      gtk_revealer_set_reveal_child (self->stale_revealer, FALSE);
      update_stale_actions (self);
    }
}

gboolean
pw_plan_page_get_stale (PwPlanPage *self)
{
  return self->stale_report != NULL && self->stale_report->state == PW_STALE_STALE;
}

/* The inputs may change while the user is on another pane: the check runs
 * again each time the page comes into view. */
static void
page_mapped_cb (PwPlanPage *self)
{
  if (self->stale_cancellable == NULL)
    pw_plan_page_check_stale (self);
}

void
pw_plan_page_init_stale (PwPlanPage *self)
{
  g_signal_connect (self, "map", G_CALLBACK (page_mapped_cb), NULL);
  update_stale_actions (self);
}

static GtkWidget *
build_changes_window (PwPlanPage         *self,
                      const PwStaleInput *input,
                      PwDiffView        **diff_out)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = NULL;
  GtkWidget *diff = pw_diff_view_new ();
  g_autofree char *heading = pw_stale_describe_input (input);
  g_autofree char *window_title = NULL;

  /* Translators: the title of the window with an input's changes, e.g.
   * "Changes in .ai/api-plan.md" */
  window_title = g_strdup_printf (_("Changes in %s"), input->path ? input->path : input->id);
  title = adw_window_title_new (window_title, heading);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (diff, TRUE);
  pw_diff_view_set_texts (PW_DIFF_VIEW (diff), input->old_text, input->new_text);
  gtk_box_append (GTK_BOX (box), diff);

  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), window_title);
  gtk_window_set_default_size (GTK_WINDOW (window), 820, 600);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), pw_plan_page_get_parent_window (self));
  gtk_window_set_hide_on_close (GTK_WINDOW (window), FALSE);

  *diff_out = PW_DIFF_VIEW (diff);
  return window;
}

static gboolean
first_change_cb (gpointer user_data)
{
  PwDiffView *diff = user_data;

  if (gtk_widget_get_mapped (GTK_WIDGET (diff)) && pw_diff_view_get_current_change (diff) < 0)
    pw_diff_view_next_change (diff);
  return G_SOURCE_REMOVE;
}

static void
show_input_changes_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  const PwStaleInput *input = input_with_diff (self);
  GtkWidget *window;
  GtkEventController *keys;
  PwDiffView *diff;

  if (input == NULL)
    return;

  window = build_changes_window (self, input, &diff);
  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                  0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);
  gtk_window_present (GTK_WINDOW (window));
  /* The input is mostly unchanged: the view starts at the first change,
   * once the list has measured its rows. */
  g_timeout_add_full (G_PRIORITY_LOW, 100, first_change_cb, g_object_ref (diff), g_object_unref);
}

static void
accept_reviewed_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  g_autofree char *accepted = NULL;
  const char *text;
  gsize length = 0;

  if (!pw_plan_page_get_stale (self) || self->plan == NULL)
    return;

  text = pw_plan_get_text (self->plan, &length);
  accepted = pw_stale_accept (self->stale_report, text != NULL ? text : "",
                              text != NULL ? (gssize) length : 0, NULL);
  if (accepted == NULL)
    return;

  pw_plan_page_replace_text (self, accepted);
  /* After the replacement: the new text is the plan's own, not a new plan. */
  g_clear_pointer (&self->stale_report, pw_stale_report_free);
  show_report (self);
  pw_plan_page_show_toast (self, pw_toast_new (_("The plan’s inputs are recorded as reviewed")));
}

static void
revise_stale_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!pw_plan_page_get_stale (self) || self->notes == NULL || self->plan == NULL)
    return;

  /* The note stays in the notes panel; asking twice adds it once. */
  if (pw_stale_add_revision_note (self->stale_report, self->notes, &error) == NULL)
    {
      pw_plan_page_show_toast (self, adw_toast_new (error->message));
      return;
    }

  pw_plan_page_start_revision (self, NULL);
}

/**
 * pw_plan_page_stale_revised:
 * @notes: the notes of the accepted revision
 * @text: its new version
 *
 * When the revision was sent with the stale plan's changes (a note of
 * @notes is Revise…'s note for the report on screen), the new version
 * records the inputs as they are now and the banner goes.
 *
 * Returns: (transfer full) (nullable): @text with the new hashes, or %NULL
 *   when it stays as it is
 */
char *
pw_plan_page_stale_revised (PwPlanPage  *self,
                            PwPlanNotes *notes,
                            const char  *text)
{
  char *recorded;

  if (!pw_plan_page_get_stale (self) || !pw_stale_has_revision_note (self->stale_report, notes))
    return NULL;

  recorded = pw_stale_accept (self->stale_report, text, -1, NULL);
  if (recorded == NULL)
    return NULL;

  g_clear_pointer (&self->stale_report, pw_stale_report_free);
  show_report (self);
  return recorded;
}

void
pw_plan_page_class_add_stale (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, stale_label);
  gtk_widget_class_install_action (widget_class, "plan.show-input-changes", NULL,
                                   show_input_changes_action);
  gtk_widget_class_install_action (widget_class, "plan.revise-stale", NULL,
                                   revise_stale_action);
  gtk_widget_class_install_action (widget_class, "plan.accept-reviewed", NULL,
                                   accept_reviewed_action);
}
