/* pw-coverage-queue.c: the Coverage page plans its unplanned endpoints
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-coverage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-coverage-page-private.h"
#include "pw-coverage-row.h"
#include "pw-export-dialog.h"
#include "pw-template.h"

/*
 * "Plan Unplanned…": the estimate first (the prompts assembled in a
 * thread, on a workspace of its own), then a PwPlanQueue over the endpoints
 * without a plan, one generation at a time, with its progress and a Stop
 * button. Nothing is saved silently: Review Plans opens each plan in the
 * Save to Repository dialog, one after the other.
 */

typedef struct
{
  GPtrArray  *keys;   /* (element-type utf8) NULL-terminated */
  PwPlanSpec *spec;
  char       *text;   /* the estimate, once made */
} EstimateJob;

static void
estimate_job_free (EstimateJob *job)
{
  g_ptr_array_unref (job->keys);
  pw_plan_spec_free (job->spec);
  g_free (job->text);
  g_free (job);
}

static PwPlanSpec *
base_spec (PwCoveragePage *self)
{
  PwPlanSpec *spec = self->plan_spec != NULL ? pw_plan_spec_copy (self->plan_spec)
                                             : pw_plan_spec_new ();

  if (spec->template_id == NULL)
    spec->template_id = g_strdup (PW_TEMPLATE_ID_ENDPOINTS_PLAN);
  return spec;
}

static GPtrArray *
unplanned_keys (PwCoveragePage *self)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->rows->len; i++)
    {
      PwCoverageRow *row = g_ptr_array_index (self->rows, i);

      if (pw_coverage_row_get_plan_path (row) == NULL)
        g_ptr_array_add (keys, g_strdup (pw_coverage_row_get_key (row)));
    }
  g_ptr_array_add (keys, NULL);
  return keys;
}

/* Hidden, the bar takes no room (nor the box's spacing). */
static void
show_queue_bar (PwCoveragePage *self,
                gboolean        shown)
{
  gtk_widget_set_visible (GTK_WIDGET (self->queue_revealer), shown);
  gtk_revealer_set_reveal_child (self->queue_revealer, shown);
}

static gboolean
queue_running (PwCoveragePage *self)
{
  return self->queue_task_running || self->estimate_cancellable != NULL;
}

/* Items of the queue done and not reviewed yet, from @from on. */
static guint
n_to_review (PwCoveragePage *self)
{
  guint n = 0;

  for (guint i = self->next_review; self->queue != NULL && i < pw_plan_queue_get_n_items (self->queue);
       i++)
    {
      if (pw_plan_queue_get_item (self->queue, i)->state == PW_PLAN_QUEUE_ITEM_DONE)
        n++;
    }

  return n;
}

void
pw_coverage_page_update_queue_actions (PwCoveragePage *self)
{
  g_autoptr(GPtrArray) keys = unplanned_keys (self);
  gboolean running = queue_running (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "coverage.plan-unplanned",
                                 !running && self->workspace != NULL && keys->len > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "coverage.stop-queue", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "coverage.review-plans",
                                 !running && n_to_review (self) > 0);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_set_visible (self->review_button, !running && n_to_review (self) > 0);
}

static void
show_queue_progress (PwCoveragePage *self,
                     guint           index)
{
  guint n = pw_plan_queue_get_n_items (self->queue);
  g_autofree char *text = NULL;

  /* Translators: the queue's progress, e.g. "Planning 2 of 11: POST /api/books" */
  text = g_strdup_printf (_("Planning %u of %u: %s"), index + 1, n,
                          pw_plan_queue_get_item (self->queue, index)->endpoint_key);
  gtk_label_set_label (self->queue_label, text);
  gtk_progress_bar_set_fraction (self->queue_progress, n > 0 ? (double) index / n : 0);
}

static void
item_started_cb (PwCoveragePage *self,
                 guint           index)
{
  show_queue_progress (self, index);
}

static void
waiting_cb (PwCoveragePage *self,
            guint           index,
            guint           delay_ms)
{
  g_autofree char *text = g_strdup_printf (_("Rate-limited: trying again in %u s"),
                                           (delay_ms + 999) / 1000);

  gtk_label_set_label (self->queue_label, text);
}

static void
show_queue_end (PwCoveragePage *self)
{
  guint done = pw_plan_queue_get_n_done (self->queue);
  guint failed = pw_plan_queue_get_n_failed (self->queue);
  g_autofree char *ready = NULL;
  g_autofree char *text = NULL;

  ready = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u plan ready for review",
                                        "%u plans ready for review", done), done);
  if (failed > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; %u failed", "%s; %u failed",
                                         failed), ready, failed);
  gtk_label_set_label (self->queue_label, text != NULL ? text : ready);
  gtk_progress_bar_set_fraction (self->queue_progress, 1.0);
}

static void
queue_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PwCoveragePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pw_plan_queue_run_finish (PW_PLAN_QUEUE (source), result, &error))
    g_debug ("Queue ended: %s", error->message);
  if (PW_PLAN_QUEUE (source) != self->queue)
    return;

  self->queue_task_running = FALSE;
  show_queue_end (self);
  pw_coverage_page_update_queue_actions (self);
}

static void
start_queue (PwCoveragePage *self,
             GPtrArray      *keys)
{
  g_autoptr(PwPlanSpec) spec = base_spec (self);

  g_clear_object (&self->queue);
  self->queue = pw_plan_queue_new (self->workspace, spec, (const char * const *) keys->pdata);
  self->next_review = 0;
  g_signal_connect_object (self->queue, "item-started", G_CALLBACK (item_started_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "waiting", G_CALLBACK (waiting_cb), self,
                           G_CONNECT_SWAPPED);
  self->queue_task_running = TRUE;
  show_queue_bar (self, TRUE);
  pw_plan_queue_run_async (self->queue, NULL, queue_done_cb, g_object_ref (self));
  pw_coverage_page_update_queue_actions (self);
}

typedef struct
{
  PwCoveragePage *self;
  GPtrArray      *keys;
} Confirm;

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Confirm          *confirm)
{
  if (g_str_equal (response, "plan") && confirm->self->workspace != NULL)
    start_queue (confirm->self, confirm->keys);
  g_object_unref (confirm->self);
  g_ptr_array_unref (confirm->keys);
  g_free (confirm);
}

static void
ask_to_plan (PwCoveragePage *self,
             EstimateJob    *job)
{
  GtkWidget *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  guint n = job->keys->len - 1;
  Confirm *confirm = g_new0 (Confirm, 1);

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Plan %u Endpoint?",
                                          "Plan %u Endpoints?", n), n);
  /* Translators: the estimate, then what happens to the plans */
  body = g_strdup_printf (_("%s.\n\nThe plans are written one at a time; each waits for "
                            "your review before it is saved."), job->text);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   heading, body);
  /* Titled as it reads, for window lists and screen readers. */
  gtk_window_set_title (GTK_WINDOW (dialog), heading);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "plan", _("_Plan"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "plan",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "plan");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  confirm->self = g_object_ref (self);
  confirm->keys = g_ptr_array_ref (job->keys);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), confirm);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
estimate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  EstimateJob *job = task_data;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwPlanQueue) queue = NULL;
  GError *error = NULL;
  PwPlanQueueEstimate estimate;

  workspace = pw_workspace_open (G_FILE (source_object), cancellable, &error);
  if (workspace != NULL)
    queue = pw_plan_queue_new (workspace, job->spec, (const char * const *) job->keys->pdata);
  if (queue == NULL || !pw_plan_queue_estimate (queue, &estimate, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  job->text = pw_plan_queue_format_estimate (&estimate);
  g_task_return_boolean (task, TRUE);
}

static void
estimated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PwCoveragePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->estimate_cancellable);
  pw_coverage_page_update_queue_actions (self);
  if (error != NULL)
    {
      gtk_label_set_label (self->queue_label, error->message);
      show_queue_bar (self, TRUE);
      return;
    }
  ask_to_plan (self, g_task_get_task_data (G_TASK (result)));
}

static void
plan_unplanned_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PwCoveragePage *self = PW_COVERAGE_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  EstimateJob *job;

  if (self->workspace == NULL || queue_running (self))
    return;

  job = g_new0 (EstimateJob, 1);
  job->keys = unplanned_keys (self);
  job->spec = base_spec (self);
  self->estimate_cancellable = g_cancellable_new ();
  task = g_task_new (pw_workspace_get_root (self->workspace), self->estimate_cancellable,
                     estimated_cb, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) estimate_job_free);
  g_task_run_in_thread (task, estimate_thread);
  pw_coverage_page_update_queue_actions (self);
}

static void
stop_queue_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PwCoveragePage *self = PW_COVERAGE_PAGE (widget);

  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  if (self->queue != NULL)
    pw_plan_queue_cancel (self->queue);
  pw_coverage_page_update_queue_actions (self);
}

static void review_next (PwCoveragePage *self);

/* A plan saved: on to the next. A dialog closed without saving leaves
 * its plan to review again. */
static void
plan_saved_cb (PwCoveragePage *self)
{
  self->next_review++;
  review_next (self);
}

/* The next plan of the queue in the Save to Repository dialog; once every
 * plan is reviewed, the coverage is counted again. */
static void
review_next (PwCoveragePage *self)
{
  PwExportDialog *dialog;

  while (self->queue != NULL && self->next_review < pw_plan_queue_get_n_items (self->queue))
    {
      const PwPlanQueueItem *item = pw_plan_queue_get_item (self->queue, self->next_review);

      if (item->state != PW_PLAN_QUEUE_ITEM_DONE)
        {
          self->next_review++;
          continue;
        }
      dialog = pw_export_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                     self->workspace, item->target_path, item->text);
      g_signal_connect_object (dialog, "exported", G_CALLBACK (plan_saved_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  show_queue_bar (self, FALSE);
  pw_coverage_page_refresh (self);
}

static void
review_plans_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  review_next (PW_COVERAGE_PAGE (widget));
}

/* Stops what runs and forgets the queue (the page goes, or shows another
 * repository). */
void
pw_coverage_page_clear_queue (PwCoveragePage *self)
{
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  if (self->queue != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->queue, self);
      pw_plan_queue_cancel (self->queue);
      g_clear_object (&self->queue);
    }
  self->queue_task_running = FALSE;
  if (self->queue_revealer != NULL)
    show_queue_bar (self, FALSE);
}

void
pw_coverage_page_class_add_queue (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, queue_revealer);
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, queue_label);
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, queue_progress);
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, review_button);
  gtk_widget_class_install_action (widget_class, "coverage.plan-unplanned", NULL,
                                   plan_unplanned_action);
  gtk_widget_class_install_action (widget_class, "coverage.stop-queue", NULL,
                                   stop_queue_action);
  gtk_widget_class_install_action (widget_class, "coverage.review-plans", NULL,
                                   review_plans_action);
}
