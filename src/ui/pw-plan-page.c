/* pw-plan-page.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-code-languages.h"
#include "pw-lint.h"
#include "pw-plan-page-private.h"
#include "pw-plan-view.h"
#include "pw-toast.h"
#include "pw-utils.h"

/* The Plans page of a repository: the plans it holds (a #PwPlansList) on
 * the left; on the right the plan being generated or opened, rendered or
 * as markdown, with its lint results. Ticks go through a #PwPlanTicks,
 * undoably, and are saved at once when the plan is a file of the
 * repository. Files are read and written in the background. */

G_DEFINE_FINAL_TYPE (PwPlanPage, pw_plan_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_HAS_PLAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void set_plan (PwPlanPage *self,
                      PwPlan     *plan);
static void drop_run (PwPlanPage *self);

void
pw_plan_page_show_toast (PwPlanPage *self,
                         AdwToast   *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_message (PwPlanPage *self,
              const char *message)
{
  pw_plan_page_show_toast (self, pw_toast_new (message));
}

static void
show_error (PwPlanPage *self,
            const char *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (self->conflict_box, FALSE);
  gtk_widget_set_visible (self->continue_button, FALSE);
  gtk_widget_set_visible (self->preferences_button, FALSE);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

GtkWindow *
pw_plan_page_get_parent_window (PwPlanPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The path of the plan shown in the repository, or NULL if it has no file. */
char *
pw_plan_page_dup_relative_path (PwPlanPage *self)
{
  GFile *file;

  if (self->plan == NULL || self->workspace == NULL)
    return NULL;
  file = pw_plan_get_file (self->plan);
  if (file == NULL)
    return NULL;

  return g_file_get_relative_path (pw_workspace_get_root (self->workspace), file);
}

static void
refresh_open_summary (PwPlanPage *self)
{
  g_autofree char *relative = pw_plan_page_dup_relative_path (self);

  if (relative != NULL)
    pw_plans_list_update_plan (self->plans_list, relative, self->plan);
}

/* ------------------------------------------------------------------ */
/* Status, lint and the source view                                    */
/* ------------------------------------------------------------------ */

static void
update_title (PwPlanPage *self)
{
  const char *title = NULL;

  if (self->plan != NULL)
    title = pw_plan_get_title (self->plan);
  if (title == NULL)
    title = self->subject;
  if (title == NULL)
    title = _("Untitled Plan");

  /* The page is narrow at 800×600: the part after the template's words
   * is what must show; the tooltip and screen readers have it all. */
  gtk_label_set_label (self->title_label, pw_title_distinguishing_part (title));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

/* The status line wraps to a second line and ends in an ellipsis only
 * past it, with the useful part first; the tooltip has it all. */
static void
set_status (PwPlanPage *self,
            const char *status)
{
  gtk_label_set_label (self->status_label, status);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), status);
}

static void
lint_issue_activated_cb (PwPlanPage *self,
                         guint       line)
{

  if (gtk_toggle_button_get_active (self->source_toggle))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_line (buffer, &iter, (int) line - 1);
      gtk_text_buffer_place_cursor (buffer, &iter);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &iter, 0.1, TRUE, 0, 0.3);
      gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
    }
  else
    pw_plan_view_scroll_to_line (self->plan_view, line);
}

typedef struct
{
  GBytes     *text;
  PwTemplate *template;
} LintJob;

static void
lint_job_free (LintJob *job)
{
  g_bytes_unref (job->text);
  g_object_unref (job->template);
  g_free (job);
}

static void
lint_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LintJob *job = task_data;
  gsize length;
  const char *text = g_bytes_get_data (job->text, &length);

  g_task_return_pointer (task, pw_lint_check (text != NULL ? text : "", length, job->template),
                         (GDestroyNotify)g_ptr_array_unref);
}

static void show_lint (PwPlanPage *self);
static void queue_lint (PwPlanPage *self);

static void
lint_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);
  g_autoptr(GPtrArray) issues = g_task_propagate_pointer (G_TASK (result), NULL);

  if (g_task_get_cancellable (G_TASK (result)) != self->lint_cancellable)
    return;
  g_clear_object (&self->lint_cancellable);
  if (issues == NULL)
    return;

  g_clear_pointer (&self->lint_issues, g_ptr_array_unref);
  self->lint_issues = g_steal_pointer (&issues);
  show_lint (self);
  if (self->lint_again)
    queue_lint (self);
}

static void
show_lint (PwPlanPage *self)
{
  guint errors = 0, warnings = 0;

  pw_lint_list_set_issues (self->lint_list, self->lint_issues);
  if (self->lint_issues != NULL)
    {
      errors = pw_lint_count (self->lint_issues, PW_LINT_SEVERITY_ERROR);
      warnings = pw_lint_count (self->lint_issues, PW_LINT_SEVERITY_WARNING);
    }

  if (errors + warnings == 0)
    {
      gtk_image_set_from_icon_name (self->lint_icon, "emblem-ok-symbolic");
      gtk_label_set_label (self->lint_count_label, "");
    }
  else
    {
      g_autofree char *count = g_strdup_printf ("%u", errors + warnings);

      gtk_image_set_from_icon_name (self->lint_icon, errors > 0 ? "dialog-error-symbolic"
                                                                : "dialog-warning-symbolic");
      gtk_label_set_label (self->lint_count_label, count);
    }
}

/* Lint reads the whole plan: a big one takes milliseconds that a streaming
 * view cannot spare, so it runs on a copy of the text in a thread; one run
 * at a time, and one more if the plan changed meanwhile. */
static gboolean
run_lint_cb (gpointer user_data)
{
  PwPlanPage *self = user_data;
  g_autoptr(GTask) task = NULL;
  LintJob *job;
  const char *text;
  gsize length;

  self->lint_idle = 0;
  update_title (self);

  /* A plan still being written lacks its last sections: lint it once it
   * ends (run_done_cb() lints again). */
  if (self->plan == NULL || self->template == NULL || self->generating)
    {
      if (self->lint_cancellable != NULL)
        g_cancellable_cancel (self->lint_cancellable);
      g_clear_object (&self->lint_cancellable);
      g_clear_pointer (&self->lint_issues, g_ptr_array_unref);
      show_lint (self);
      return G_SOURCE_REMOVE;
    }

  if (self->lint_cancellable != NULL)
    {
      self->lint_again = TRUE;
      return G_SOURCE_REMOVE;
    }

  self->lint_again = FALSE;
  self->lint_cancellable = g_cancellable_new ();
  text = pw_plan_get_text (self->plan, &length);
  job = g_new0 (LintJob, 1);
  job->text = g_bytes_new (text, length);
  job->template = g_object_ref (self->template);
  task = g_task_new (self, self->lint_cancellable, lint_done_cb, NULL);
  g_task_set_source_tag (task, run_lint_cb);
  g_task_set_task_data (task, job, (GDestroyNotify)lint_job_free);
  g_task_run_in_thread (task, lint_thread);

  return G_SOURCE_REMOVE;
}

static void
queue_lint (PwPlanPage *self)
{
  if (self->lint_idle == 0)
    self->lint_idle = g_timeout_add (250, run_lint_cb, self);
}

/* Brings the markdown buffer up to the plan: appends while the plan only
 * grew (streaming), replaces the whole text otherwise. */
static void
sync_source (PwPlanPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  const char *text;
  gsize length;

  if (self->plan == NULL)
    return;

  /* The markdown definition is loaded with the first use of the source. */
  if (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer)) == NULL)
    gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
      gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                "markdown"));

  text = pw_plan_get_text (self->plan, &length);
  self->updating_buffer = TRUE;
  if (self->source_synced > 0 && self->source_synced <= length
      && self->source_serial == pw_plan_get_edit_serial (self->plan))
    {
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, text + self->source_synced,
                              (int) (length - self->source_synced));
    }
  else
    {
      gtk_text_buffer_begin_irreversible_action (buffer);
      gtk_text_buffer_set_text (buffer, text, (int) length);
      gtk_text_buffer_end_irreversible_action (buffer);
    }
  self->updating_buffer = FALSE;
  self->source_synced = length;
  self->source_serial = pw_plan_get_edit_serial (self->plan);
}

static gboolean
sync_source_cb (gpointer user_data)
{
  PwPlanPage *self = user_data;

  self->source_sync_idle = 0;
  if (gtk_toggle_button_get_active (self->source_toggle))
    sync_source (self);

  return G_SOURCE_REMOVE;
}

static void
update_progress (PwPlanPage *self)
{
  PwGeneration *generation;
  const char *name;
  g_autofree char *size = NULL;
  g_autofree char *status = NULL;

  if (!self->generating)
    return;

  generation = pw_plan_run_get_generation (self->run);
  name = pw_plan_run_get_provider_name (self->run);
  if (generation == NULL || name == NULL)
    return;

  size = g_format_size (pw_generation_get_text_length (generation));
  if (pw_plan_run_get_state (self->run) == PW_PLAN_RUN_STATE_STREAMING)
    status = g_strdup_printf (_("%s · receiving, %s so far"), name, size);
  else
    status = g_strdup_printf (_("%s · waiting for the first words…"), name);
  set_status (self, status);
}

/* ------------------------------------------------------------------ */
/* Saving                                                              */
/* ------------------------------------------------------------------ */

static void start_save (PwPlanPage *self,
                        PwPlan     *plan);

static void
plan_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PwPlanPage) self = user_data;
  g_autoptr(GError) error = NULL;
  PwPlan *plan = PW_PLAN (object);

  self->saving = FALSE;
  if (!pw_plan_save_finish (plan, result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The plan was not saved: %s"), error->message);

      self->save_again = FALSE;
      if (plan == self->plan)
        show_error (self, message);
      /* The file changed on disk: the tick must not live in memory only. */
      if (plan == self->plan && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
        {
          gtk_label_set_label (self->error_label,
                               _("The plan changed on disk since it was opened. Keep your "
                                 "version (it replaces the file) or reload the file’s."));
          gtk_widget_set_visible (self->conflict_box, TRUE);
        }
      return;
    }

  if (plan == self->plan)
    refresh_open_summary (self);
  if (self->save_again)
    start_save (self, plan);
}

/**
 * pw_plan_page_resolve_conflict:
 * @keep_mine: write the plan shown over the file, or else reload the file
 *
 * Ends a refused save of a plan changed on disk, as the panes' Keep Mine
 * and Reload do.
 */
void
pw_plan_page_resolve_conflict (PwPlanPage *self,
                               gboolean    keep_mine)
{
  g_autofree char *path = pw_plan_page_dup_relative_path (self);

  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_widget_set_visible (self->conflict_box, FALSE);
  if (self->plan == NULL || path == NULL)
    return;

  if (keep_mine)
    {
      pw_plan_forget_etag (self->plan);
      start_save (self, self->plan);
    }
  else
    {
      pw_plan_page_open_file (self, path, NULL);
    }
}

/* One save at a time: the next needs the etag the last one left. */
static void
start_save (PwPlanPage *self,
            PwPlan     *plan)
{
  if (self->saving)
    {
      self->save_again = TRUE;
      return;
    }

  self->saving = TRUE;
  self->save_again = FALSE;
  pw_plan_save_async (plan, NULL, plan_saved_cb, g_object_ref (self));
}

/* Writes the plan shown to its file now, if it has one. */
static void
save_plan (PwPlanPage *self)
{
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  if (self->plan != NULL && pw_plan_get_file (self->plan) != NULL)
    start_save (self, self->plan);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  PwPlanPage *self = user_data;

  self->save_timeout = 0;
  save_plan (self);

  return G_SOURCE_REMOVE;
}

static void
flushed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GApplication *application = user_data;
  g_autoptr(GError) error = NULL;

  if (!pw_plan_save_finish (PW_PLAN (object), result, &error))
    g_warning ("The plan was not saved: %s", error->message);
  if (application != NULL)
    {
      g_application_release (application);
      g_object_unref (application);
    }
}

/* The page goes with a save pending: write it on, keeping the application
 * running until it is written. */
static void
flush_save (PwPlanPage *self)
{
  GApplication *application = g_application_get_default ();

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  if (self->plan == NULL || pw_plan_get_file (self->plan) == NULL)
    return;

  if (application != NULL)
    g_application_hold (g_object_ref (application));
  pw_plan_save_async (self->plan, NULL, flushed_cb, application);
}

static void
plan_changed_cb (PwPlanPage *self,
                 PwPlan     *plan)
{
  /* The title and lint read the model, which parses: both wait for the
   * lint timeout rather than run on every streamed piece. */
  queue_lint (self);

  update_progress (self);
  if (!self->generating)
    pw_plan_page_update_actions (self);

  if (!self->updating_buffer && self->source_sync_idle == 0)
    self->source_sync_idle = g_timeout_add (100, sync_source_cb, self);
}

/* The plan changed by the user's hand: save it soon, or remember that
 * closing would lose it. */
static void
plan_edited (PwPlanPage *self,
             guint       save_delay)
{
  if (pw_plan_get_file (self->plan) == NULL)
    self->unsaved_work = TRUE;
  else if (save_delay == 0)
    save_plan (self);
  else
    {
      g_clear_handle_id (&self->save_timeout, g_source_remove);
      self->save_timeout = g_timeout_add (save_delay, save_timeout_cb, self);
    }
}

/* The plan's text replaced by another (Accept as Reviewed, an accepted
 * revision), saved at once as an edit by hand would be. */
void
pw_plan_page_replace_text (PwPlanPage *self,
                           const char *text)
{
  g_return_if_fail (self->plan != NULL);

  pw_plan_set_text (self->plan, text, -1);
  plan_edited (self, 0);
}

static void
source_changed_cb (PwPlanPage    *self,
                   GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->updating_buffer || self->plan == NULL || self->generating)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);

  /* The edit also makes the plan's ticks forget their undo history. */
  self->updating_buffer = TRUE;
  pw_plan_set_text (self->plan, text, -1);
  self->updating_buffer = FALSE;
  self->source_synced = strlen (text);
  self->source_serial = pw_plan_get_edit_serial (self->plan);

  plan_edited (self, 800);
}

static void
view_toggled_cb (PwPlanPage      *self,
                 GtkToggleButton *button)
{
  gboolean source = gtk_toggle_button_get_active (self->source_toggle);

  if (source)
    sync_source (self);
  else if (self->save_timeout != 0)
    save_plan (self);
  gtk_stack_set_visible_child_name (self->view_stack, source ? "source" : "rendered");
}

void
pw_plan_page_set_view (PwPlanPage *self,
                       gboolean    source)
{
  gtk_toggle_button_set_active (source ? self->source_toggle : self->rendered_toggle, TRUE);
}

/* The icon is set when the page is first shown, not in the template: GTK
 * 4.8 loads the icons of hidden pages too, and this one is drawn from an
 * SVG (librsvg costs megabytes) at status-page size. */
static void
empty_page_mapped_cb (AdwStatusPage *page)
{
  if (adw_status_page_get_icon_name (page) == NULL)
    adw_status_page_set_icon_name (page, "view-list-bullet-symbolic");
}

/* ------------------------------------------------------------------ */
/* Ticks                                                               */
/* ------------------------------------------------------------------ */

/* A tick, its undo or its redo changed the plan: saved at once. */
void
pw_plan_page_tick_applied (PwPlanPage *self)
{
  plan_edited (self, 0);
}

static void
step_toggled_cb (PwPlanPage *self,
                 guint       step,
                 gboolean    done)
{
  if (pw_plan_ticks_toggle (self->ticks, step, done))
    pw_plan_page_tick_applied (self);
}

static void
ticks_can_cb (PwPlanPage *self)
{
  pw_plan_page_update_actions (self);
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  PwWorkspace *workspace;
  char        *relative_path;
  GFile       *file;          /* (nullable) once resolved */
  PwPlan      *plan;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_clear_object (&job->workspace);
  g_clear_pointer (&job->relative_path, g_free);
  g_clear_object (&job->file);
  g_clear_object (&job->plan);
  g_free (job);
}

/* Resolving follows symbolic links on the disk: not on the main thread. */
static void
resolve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;

  job->file = pw_workspace_resolve_path (job->workspace, job->relative_path, &error);
  if (job->file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
plan_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!pw_plan_load_file_finish (PW_PLAN (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (object), g_object_unref);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadJob *job = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  pw_plan_load_file_async (job->plan, job->file, cancellable, plan_loaded_cb,
                           g_steal_pointer (&task));
}

/* Reads the repository's plan at @relative_path into a new #PwPlan. */
static void
load_plan_async (PwPlanPage          *self,
                 const char          *relative_path,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) resolve = NULL;
  LoadJob *job = g_new0 (LoadJob, 1);

  job->workspace = g_object_ref (self->workspace);
  job->relative_path = g_strdup (relative_path);
  job->plan = pw_plan_new ();
  g_task_set_source_tag (task, load_plan_async);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);

  resolve = g_task_new (NULL, cancellable, resolved_cb, g_steal_pointer (&task));
  g_task_set_task_data (resolve, job, NULL);
  g_task_run_in_thread (resolve, resolve_thread);
}

static PwPlan *
load_plan_finish (PwPlanPage    *self,
                  GAsyncResult  *result,
                  const char   **relative_path,
                  GError       **error)
{
  LoadJob *job = g_task_get_task_data (G_TASK (result));

  *relative_path = job->relative_path;
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GFile *root;
  char  *id;
} TemplateJob;

static void
template_job_free (TemplateJob *job)
{
  g_clear_object (&job->root);
  g_clear_pointer (&job->id, g_free);
  g_free (job);
}

static void
template_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TemplateJob *job = task_data;

  g_task_return_pointer (task, pw_template_lookup (job->root, job->id, NULL), g_object_unref);
}

static void
template_found_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);
  g_autoptr(PwTemplate) template = g_task_propagate_pointer (G_TASK (result), NULL);

  if (g_task_get_cancellable (G_TASK (result)) != self->open_cancellable)
    return;

  g_clear_object (&self->open_cancellable);
  g_set_object (&self->template, template);
  queue_lint (self);
  pw_plan_page_update_actions (self);
}

/* Templates are read from the repository: looked up in a thread, for lint
 * and export of the plan just shown. */
static void
lookup_template (PwPlanPage *self,
                 const char *id)
{
  g_autoptr(GTask) task = NULL;
  TemplateJob *job = g_new0 (TemplateJob, 1);

  job->root = g_object_ref (pw_workspace_get_root (self->workspace));
  job->id = g_strdup (id);
  task = g_task_new (self, self->open_cancellable, template_found_cb, NULL);
  g_task_set_source_tag (task, lookup_template);
  g_task_set_task_data (task, job, (GDestroyNotify) template_job_free);
  g_task_run_in_thread (task, template_thread);
}

static void
cancel_opening (PwPlanPage *self)
{
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_pointer (&self->opening_path, g_free);
}

/* Forgets what the plan shown was generated from, for a plan from the disk
 * or the history; a running generation stops. */
static void
reset_context (PwPlanPage *self,
               const char *subject)
{
  drop_run (self);
  g_clear_pointer (&self->subject, g_free);
  g_clear_object (&self->template);
  self->subject = g_strdup (subject);
  self->failed = FALSE;
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "plan");
}

static void
file_opened_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);
  g_autoptr(PwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;
  const char *relative_path;

  plan = load_plan_finish (self, result, &relative_path, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->opening_path, g_free);
  if (plan == NULL)
    {
      g_clear_object (&self->open_cancellable);
      show_message (self, error->message);
      pw_plan_page_update_actions (self);
      return;
    }

  reset_context (self, relative_path);
  set_plan (self, plan);
  set_status (self, relative_path);
  refresh_open_summary (self);

  basename = g_file_get_basename (pw_plan_get_file (plan));
  lookup_template (self, g_str_equal (basename, "endpoints-plan.md") ? "endpoints-plan"
                                                                     : "feature-plan");
}

static void
saved_file_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);
  g_autoptr(PwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  const char *relative_path;

  plan = load_plan_finish (self, result, &relative_path, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->open_cancellable);
  if (plan != NULL)
    {
      set_plan (self, plan);
      refresh_open_summary (self);
      set_status (self, relative_path);
    }
  pw_plan_page_update_actions (self);
}

/* The plan shown was saved to @relative_path: show the file instead, so
 * that ticks save there. */
void
pw_plan_page_show_saved_file (PwPlanPage *self,
                              const char *relative_path)
{
  cancel_opening (self);
  self->open_cancellable = g_cancellable_new ();
  load_plan_async (self, relative_path, self->open_cancellable, saved_file_loaded_cb, NULL);
}

/* ------------------------------------------------------------------ */
/* Generating: the page drives a PwPlanRun and shows what it does      */
/* ------------------------------------------------------------------ */

static void
run_state_cb (PwPlanPage *self)
{
  update_progress (self);
}

static void
run_retrying_cb (PwPlanRun  *run,
                 guint       attempt,
                 guint       delay_ms,
                 const char *reason,
                 PwPlanPage *self)
{
  /* Translators: the first %s is why the last attempt failed */
  g_autofree char *status = g_strdup_printf (_("Retrying in %.0f s: %s"), delay_ms / 1000.0,
                                             reason);

  set_status (self, status);
}

/* Each attempt of the run writes a new plan: show it. */
static void
run_plan_cb (PwPlanPage *self)
{
  set_plan (self, pw_plan_run_get_plan (self->run));
}

/* The run found its template and assembled the prompt: lint with the
 * template, and load the languages the inputs name while the model starts
 * answering. */
static void
run_prompt_cb (PwPlanPage *self)
{
  PwPromptResult *prompt = pw_plan_run_get_prompt (self->run);
  g_auto(GStrv) languages = NULL;

  g_set_object (&self->template, pw_plan_run_get_template (self->run));
  queue_lint (self);
  if (prompt == NULL)
    return;

  languages = pw_code_languages_guess (prompt->text, 3);
  pw_plan_view_prepare_languages (self->plan_view, (const char * const *) languages);
}

/* Lets go of the run shown (stopping it if it runs): a new one starts, or
 * a plan from the disk or the history replaces it. */
static void
drop_run (PwPlanPage *self)
{
  if (self->run == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->run, self);
  pw_plan_run_cancel (self->run);
  g_clear_object (&self->run);
  g_clear_object (&self->previous);
  if (self->generating)
    {
      self->generating = FALSE;
      gtk_spinner_stop (self->spinner);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static char *
describe_end (PwGeneration *generation)
{
  g_autofree char *size = g_format_size (pw_generation_get_text_length (generation));
  const char *model = pw_generation_get_model (generation);

  if (pw_generation_get_usage_known (generation))
    return g_strdup_printf (_("%s · %s · %u tokens in, %u out · %.1f s"),
                            model != NULL ? model : "", size,
                            pw_generation_get_input_tokens (generation),
                            pw_generation_get_output_tokens (generation),
                            pw_generation_get_duration (generation));

  return g_strdup_printf (_("%s · %s · %.1f s"), model != NULL ? model : "", size,
                          pw_generation_get_duration (generation));
}

/* The status line once the run ended well: its figures, and a toast when
 * Regenerate kept ticks. */
static char *
describe_success (PwPlanPage   *self,
                  PwGeneration *generation)
{
  guint carried = 0;

  if (self->previous != NULL && self->plan != NULL)
    carried = pw_planning_carry_ticks (self->plan, self->previous);
  if (carried > 0)
    {
      g_autofree char *message = g_strdup_printf (_("Kept the ticks of %u unchanged steps"),
                                                  carried);

      show_message (self, message);
    }

  return describe_end (generation);
}

/* Shows how the run failed; an answer cut at the token limit can be
 * continued, and a rejected key is fixed in Preferences. Returns the
 * status line. */
static char *
show_failure (PwPlanPage   *self,
              PwGeneration *generation,
              const GError *error)
{
  gsize received = generation != NULL ? pw_generation_get_text_length (generation) : 0;
  g_autofree char *size = g_format_size (received);
  g_autofree char *message = NULL;

  if (received > 0 && g_str_has_suffix (error->message, "."))
    message = g_strdup_printf (_("%s The %s received so far are kept."), error->message, size);
  else if (received > 0)
    /* Translators: the provider's message had no final stop. */
    message = g_strdup_printf (_("%s. The %s received so far are kept."), error->message, size);
  else
    message = g_strdup (error->message);
  show_error (self, message);
  gtk_widget_set_visible (self->continue_button, pw_plan_run_get_can_continue (self->run));
  gtk_widget_set_visible (self->preferences_button,
                          g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH));

  if (g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TRUNCATED))
    return g_strdup (_("Cut off at the token limit: the plan is incomplete"));
  if (g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_REFUSED))
    return g_strdup (_("Refused by the model"));
  return g_strdup (_("Failed"));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PwPlanPage) self = user_data;
  PwPlanRun *run = PW_PLAN_RUN (source);
  PwGeneration *generation = pw_plan_run_get_generation (run);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gboolean ok = pw_plan_run_run_finish (run, result, &error);

  /* A run dropped for another plan ends unseen. */
  if (run != self->run || !self->generating)
    return;

  self->generating = FALSE;
  gtk_spinner_stop (self->spinner);
  if (ok)
    status = describe_success (self, generation);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = g_strdup (_("Stopped: the plan is incomplete"));
  else
    {
      status = show_failure (self, generation, error);
      self->failed = TRUE;
    }

  g_clear_object (&self->previous);
  set_status (self, status);
  if (gtk_toggle_button_get_active (self->source_toggle))
    sync_source (self);
  queue_lint (self);
  pw_plan_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Something the user should know, such as a prompt larger than the
 * model's context: a toast, while the generation goes on. */
static void
generation_warning_cb (PwGeneration *generation,
                       const char   *message,
                       PwPlanPage   *self)
{
  show_message (self, message);
}

static void
run_generation_cb (PwPlanPage *self)
{
  PwGeneration *generation = pw_plan_run_get_generation (self->run);

  if (generation != NULL)
    g_signal_connect_object (generation, "warning", G_CALLBACK (generation_warning_cb), self, 0);
}

/* Shows the run's plan and follows the run until it ends. */
static void
follow_run (PwPlanPage *self)
{
  g_signal_connect_object (self->run, "notify::state", G_CALLBACK (run_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run, "retrying", G_CALLBACK (run_retrying_cb), self, 0);
  g_signal_connect_object (self->run, "notify::plan", G_CALLBACK (run_plan_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run, "notify::prompt", G_CALLBACK (run_prompt_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run, "notify::generation", G_CALLBACK (run_generation_cb), self,
                           G_CONNECT_SWAPPED);
}

typedef enum
{
  ATTEMPT_FIRST,
  ATTEMPT_RETRY,
  ATTEMPT_CONTINUE,
} Attempt;

/* Starts an attempt of the run: the first, a retry of the same spec, or
 * a continuation of an answer cut at the token limit; with @previous, its
 * ticks are carried to the new plan when it ends. */
static void
start_attempt (PwPlanPage *self,
               PwPlan     *previous,
               Attempt     attempt)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "plan");
  self->failed = FALSE;
  g_set_object (&self->previous, previous);
  self->generating = TRUE;
  gtk_spinner_start (self->spinner);
  pw_plan_page_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  if (attempt == ATTEMPT_CONTINUE)
    pw_plan_run_continue_async (self->run, NULL, run_done_cb, g_object_ref (self));
  else if (attempt == ATTEMPT_RETRY)
    pw_plan_run_retry_async (self->run, NULL, run_done_cb, g_object_ref (self));
  else
    pw_plan_run_run_async (self->run, NULL, run_done_cb, g_object_ref (self));
  update_progress (self);
}

static void
start_run (PwPlanPage       *self,
           const PwPlanSpec *spec,
           PwPlan           *previous)
{
  g_autoptr(PwPlan) keep = previous != NULL ? g_object_ref (previous) : NULL;

  drop_run (self);
  g_clear_object (&self->template);
  g_clear_pointer (&self->subject, g_free);

  self->run = pw_plan_run_new (self->workspace, spec);
  self->subject = g_strdup (pw_plan_run_get_subject (self->run));
  follow_run (self);
  set_plan (self, pw_plan_run_get_plan (self->run));
  start_attempt (self, keep, ATTEMPT_FIRST);
}

void
pw_plan_page_stop (PwPlanPage *self)
{
  if (self->run != NULL)
    pw_plan_run_cancel (self->run);
}

static PwPlan *
plan_with_ticks (PwPlanPage *self)
{
  if (self->plan != NULL && pw_plan_get_n_done (self->plan) > 0)
    return self->plan;

  return NULL;
}

/* Generates again from the spec, reading the template and the inputs
 * afresh; ticks of unchanged steps are kept. */
void
pw_plan_page_regenerate (PwPlanPage *self)
{
  g_autoptr(PwPlanSpec) spec = NULL;

  if (self->run == NULL || self->generating)
    return;

  spec = pw_plan_spec_copy (pw_plan_run_get_spec (self->run));
  start_run (self, spec, plan_with_ticks (self));
}

/* Runs the same request again after a failure or a stop. */
void
pw_plan_page_retry (PwPlanPage *self)
{
  if (self->run == NULL || self->generating)
    return;

  start_attempt (self, plan_with_ticks (self), ATTEMPT_RETRY);
}

/* Asks the model for the rest of an answer cut at the token limit. */
void
pw_plan_page_continue (PwPlanPage *self)
{
  if (self->run == NULL || self->generating || !pw_plan_run_get_can_continue (self->run))
    return;

  start_attempt (self, plan_with_ticks (self), ATTEMPT_CONTINUE);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
set_plan (PwPlanPage *self,
          PwPlan     *plan)
{
  if (self->plan == plan)
    return;

  /* Edits waiting to be saved belong to the plan that goes. */
  if (self->save_timeout != 0)
    save_plan (self);
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_set_object (&self->plan, plan);
  if (plan != NULL)
    g_signal_connect_object (plan, "changed", G_CALLBACK (plan_changed_cb), self,
                             G_CONNECT_SWAPPED);

  pw_plan_ticks_set_plan (self->ticks, plan);
  pw_plan_page_watch_plan (self);
  self->unsaved_work = FALSE;
  self->source_synced = 0;

  if (self->walkthrough != NULL)
    gtk_window_destroy (self->walkthrough);

  pw_plan_view_set_plan (self->plan_view, plan);
  if (gtk_toggle_button_get_active (self->source_toggle))
    sync_source (self);
  pw_plan_page_check_stale (self);
  update_title (self);
  queue_lint (self);
  pw_plan_page_update_actions (self);
  pw_plan_page_notes_plan_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PLAN]);
}

static void
plan_activated_cb (PwPlanPage  *self,
                   const char  *relative_path,
                   PwPlansList *list)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = pw_plan_page_dup_relative_path (self);

  /* A sidebar folded over the plan makes way for it. */
  if (adw_flap_get_folded (self->sidebar_flap))
    adw_flap_set_reveal_flap (self->sidebar_flap, FALSE);
  /* A double click activates the row twice: the plan being read, or
   * shown, is not read again. */
  if (g_strcmp0 (relative_path, self->opening_path) == 0
      || (self->opening_path == NULL && g_strcmp0 (relative_path, shown) == 0))
    return;
  if (!pw_plan_page_open_file (self, relative_path, &error))
    show_message (self, error->message);
}

static void
pw_plan_page_dispose (GObject *object)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);

  drop_run (self);
  cancel_opening (self);
  pw_plan_page_unwatch_plan (self);
  pw_plan_page_notes_dispose (self);
  if (self->save_timeout != 0)
    flush_save (self);
  g_clear_handle_id (&self->lint_idle, g_source_remove);
  if (self->lint_cancellable != NULL)
    g_cancellable_cancel (self->lint_cancellable);
  g_clear_object (&self->lint_cancellable);
  g_clear_handle_id (&self->source_sync_idle, g_source_remove);
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  if (self->walkthrough != NULL)
    gtk_window_destroy (self->walkthrough);
  g_clear_weak_pointer (&self->walkthrough);

  pw_plan_page_clear_stale (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_PLAN_PAGE);

  G_OBJECT_CLASS (pw_plan_page_parent_class)->dispose (object);
}

static void
pw_plan_page_finalize (GObject *object)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->plan);
  g_clear_object (&self->ticks);
  g_clear_object (&self->previous);
  g_clear_object (&self->template);
  g_clear_object (&self->run);
  g_clear_pointer (&self->lint_issues, g_ptr_array_unref);
  g_clear_pointer (&self->subject, g_free);

  G_OBJECT_CLASS (pw_plan_page_parent_class)->finalize (object);
}

static void
pw_plan_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, pw_plan_page_get_busy (self));
      break;

    case PROP_HAS_PLAN:
      g_value_set_boolean (value, self->plan != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plan_page_class_init (PwPlanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_plan_page_dispose;
  object_class->finalize = pw_plan_page_finalize;
  object_class->get_property = pw_plan_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_PLAN] =
    g_param_spec_boolean ("has-plan", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PW_TYPE_LINT_LIST);
  g_type_ensure (PW_TYPE_PLAN_VIEW);
  g_type_ensure (PW_TYPE_PLANS_LIST);
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/planwright/Planwright/ui/pw-plan-page.ui");

  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, plans_list);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, rendered_toggle);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, source_toggle);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_toggle);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_icon);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_count_label);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, conflict_box);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, plan_view);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, source_view);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_box);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_list);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, notes_revealer);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, notes_panel);
  gtk_widget_class_bind_template_callback (widget_class, plan_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lint_issue_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, empty_page_mapped_cb);

  pw_plan_page_class_add_actions (widget_class);
  pw_plan_page_class_add_stale (widget_class);
  pw_plan_page_notes_add_actions (widget_class);
}

static void
pw_plan_page_init (PwPlanPage *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's child: not bound as a template child, which would be
   * unparented behind the bin's back when the page goes. */
  self->sidebar_flap = ADW_FLAP (adw_bin_get_child (ADW_BIN (self)));

  self->ticks = pw_plan_ticks_new ();
  g_signal_connect_object (self->ticks, "notify::can-undo", G_CALLBACK (ticks_can_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ticks, "notify::can-redo", G_CALLBACK (ticks_can_cb), self,
                           G_CONNECT_SWAPPED);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (source_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan_view, "step-toggled", G_CALLBACK (step_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_toggle, "toggled", G_CALLBACK (view_toggled_cb), self,
                           G_CONNECT_SWAPPED);

  pw_plan_page_init_stale (self);
  pw_plan_page_notes_init (self);
  pw_plan_page_update_actions (self);
}

GtkWidget *
pw_plan_page_new (void)
{
  return g_object_new (PW_TYPE_PLAN_PAGE, NULL);
}

/**
 * pw_plan_page_set_workspace:
 * @workspace: (nullable): the repository
 *
 * Shows the plans of @workspace (read in the background) and no plan.
 */
void
pw_plan_page_set_workspace (PwPlanPage  *self,
                            PwWorkspace *workspace)
{
  g_return_if_fail (PW_IS_PLAN_PAGE (self));
  g_return_if_fail (!workspace || PW_IS_WORKSPACE (workspace));

  drop_run (self);
  cancel_opening (self);

  g_set_object (&self->workspace, workspace);
  set_plan (self, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
  pw_plans_list_set_workspace (self->plans_list, workspace);
  pw_plan_page_update_actions (self);
}

PwPlan *
pw_plan_page_get_plan (PwPlanPage *self)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), NULL);

  return self->plan;
}

/**
 * pw_plan_page_generate:
 * @spec: what to generate
 *
 * Starts a #PwPlanRun for @spec, replacing the plan shown (a running
 * generation is stopped first). A test injects its provider as
 * @spec's provider.
 */
void
pw_plan_page_generate (PwPlanPage       *self,
                       const PwPlanSpec *spec)
{
  g_return_if_fail (PW_IS_PLAN_PAGE (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (self->workspace != NULL);

  cancel_opening (self);
  pw_plans_list_set_open_path (self->plans_list, NULL);
  start_run (self, spec, NULL);
}

/**
 * pw_plan_page_open_file:
 * @relative_path: a plan of the repository
 * @error: set if @relative_path is outside the repository
 *
 * Starts reading the plan at @relative_path, in the background, and shows
 * it once read; if it cannot be read, a toast says why. Ticking its steps
 * saves it.
 *
 * Returns: %FALSE if @relative_path cannot be a plan of the repository
 */
gboolean
pw_plan_page_open_file (PwPlanPage  *self,
                        const char  *relative_path,
                        GError     **error)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), FALSE);
  g_return_val_if_fail (relative_path != NULL, FALSE);
  g_return_val_if_fail (self->workspace != NULL, FALSE);

  if (!pw_path_is_confined (relative_path))
    {
      g_set_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_OUTSIDE_ROOT,
                   _("“%s” is outside the repository"), relative_path);
      return FALSE;
    }

  cancel_opening (self);
  self->open_cancellable = g_cancellable_new ();
  self->opening_path = g_strdup (relative_path);
  load_plan_async (self, relative_path, self->open_cancellable, file_opened_cb, NULL);
  pw_plan_page_update_actions (self);

  return TRUE;
}

/**
 * pw_plan_page_get_loading:
 *
 * Returns: whether a plan, its template or the list of plans is being read
 */
gboolean
pw_plan_page_get_loading (PwPlanPage *self)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), FALSE);

  return self->open_cancellable != NULL || self->saving
         || pw_plans_list_get_loading (self->plans_list);
}

/**
 * pw_plan_page_open_history_entry:
 * @entry: a history entry (see pw_history_entry_new())
 *
 * Shows the answer of a recorded generation as an unsaved plan.
 */
void
pw_plan_page_open_history_entry (PwPlanPage *self,
                                 JsonObject *entry)
{
  g_autoptr(PwPlan) plan = NULL;
  const char *answer;
  const char *template_id;

  g_return_if_fail (PW_IS_PLAN_PAGE (self));
  g_return_if_fail (entry != NULL);

  answer = json_object_get_string_member_with_default (entry, "answer", "");
  template_id = json_object_get_string_member_with_default (entry, "template", "feature-plan");

  cancel_opening (self);
  reset_context (self, json_object_get_string_member_with_default (entry, "subject", NULL));
  plan = pw_plan_new_from_text (answer, -1);
  pw_plans_list_set_open_path (self->plans_list, NULL);
  self->open_cancellable = g_cancellable_new ();
  set_plan (self, plan);
  set_status (self, _("From the history"));
  lookup_template (self, template_id);
}

gboolean
pw_plan_page_get_busy (PwPlanPage *self)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), FALSE);

  return self->generating;
}

/**
 * pw_plan_page_get_plan_view:
 *
 * Returns: (transfer none): the rendered view
 */
PwPlanView *
pw_plan_page_get_plan_view (PwPlanPage *self)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), NULL);

  return self->plan_view;
}

/**
 * pw_plan_page_toggle_step:
 *
 * Ticks or unticks a step as a click in the view would (undoable).
 */
void
pw_plan_page_toggle_step (PwPlanPage *self,
                          guint       step,
                          gboolean    done)
{
  g_return_if_fail (PW_IS_PLAN_PAGE (self));

  step_toggled_cb (self, step, done);
}

const char *
pw_plan_page_get_error (PwPlanPage *self)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;

  return gtk_label_get_label (self->error_label);
}

/**
 * pw_plan_page_get_summaries:
 *
 * Returns: (transfer none) (element-type PwPlanSummary): the plans listed
 */
GPtrArray *
pw_plan_page_get_summaries (PwPlanPage *self)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), NULL);

  return pw_plans_list_get_summaries (self->plans_list);
}

/**
 * pw_plan_page_get_has_unsaved_work:
 *
 * Returns: whether the plan shown is not in the repository and has ticks or
 *   edits made since it was generated or opened from the history
 */
gboolean
pw_plan_page_get_has_unsaved_work (PwPlanPage *self)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), FALSE);

  return self->plan != NULL && pw_plan_get_file (self->plan) == NULL && self->unsaved_work;
}
