/* pw-plan-page.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-page"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "pw-code-languages.h"
#include "pw-export-dialog.h"
#include "pw-export.h"
#include "pw-history-window.h"
#include "pw-history.h"
#include "pw-planning.h"
#include "pw-lint.h"
#include "pw-lint-list.h"
#include "pw-plan-index.h"
#include "pw-plan-page.h"
#include "pw-plan-view.h"
#include "pw-template.h"
#include "pw-walkthrough-window.h"

/* The Plans page of a repository: the plans it holds (with their progress)
 * on the left; on the right the plan being generated or opened, rendered or
 * as markdown, with its lint results. Ticks are applied here, undoably, and
 * saved at once when the plan is a file of the repository. */

typedef struct
{
  guint    step;
  gboolean done;
} Tick;

struct _PwPlanPage
{
  AdwBin              parent_instance;

  /* Template children */
  GtkListBox         *plans_list;
  GtkStack           *content_stack;
  GtkSpinner         *spinner;
  GtkLabel           *title_label;
  GtkLabel           *status_label;
  GtkWidget          *stop_button;
  GtkToggleButton    *rendered_toggle;
  GtkToggleButton    *source_toggle;
  GtkToggleButton    *lint_toggle;
  GtkImage           *lint_icon;
  GtkLabel           *lint_count_label;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  GtkStack           *view_stack;
  PwPlanView         *plan_view;
  GtkSourceView      *source_view;
  GtkWidget          *lint_box;
  PwLintList         *lint_list;

  /* owned */
  PwWorkspace        *workspace;       /* (nullable) */
  PwPlan             *plan;            /* (nullable) */
  PwPlan             *previous;        /* (nullable) the plan Regenerate replaced */
  PwTemplate         *template;        /* (nullable) */
  PwPlanSpec         *spec;            /* (nullable) what the plan was generated from */
  PwPromptResult     *prompt;          /* (nullable) */
  PwProvider         *provider;        /* (nullable) */
  PwProvider         *provider_override; /* (nullable) tests */
  PwGeneration       *generation;      /* (nullable) while generating */
  GCancellable       *cancellable;     /* (nullable) while generating */
  GPtrArray          *summaries;       /* PwPlanSummary */
  GPtrArray          *lint_issues;     /* (nullable) PwLintIssue */
  GCancellable       *lint_cancellable; /* (nullable) while a lint runs */
  GArray             *undo;            /* Tick */
  GArray             *redo;            /* Tick */
  char               *secret;          /* (nullable) scrubbed after use */
  char               *provider_name;
  char               *subject;
  GtkWindow          *walkthrough;     /* (nullable) (weak) */

  guint               lint_idle;
  guint               source_sync_idle;
  guint               save_timeout;
  gsize               source_synced;   /* bytes of the plan already in the buffer */
  guint               source_serial;   /* the plan's edit serial when they were */
  guint               updating_buffer : 1;
  guint               lint_again : 1;    /* the plan changed while it was linted */
  guint               unsaved_work : 1;  /* ticks or edits on a plan with no file */
};

G_DEFINE_FINAL_TYPE (PwPlanPage, pw_plan_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_HAS_PLAN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions (PwPlanPage *self);
static void set_plan (PwPlanPage *self,
                      PwPlan     *plan);

static void
show_toast (PwPlanPage *self,
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
  show_toast (self, adw_toast_new (message));
}

static GtkWindow *
parent_window (PwPlanPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* ------------------------------------------------------------------ */
/* The plans of the repository                                         */
/* ------------------------------------------------------------------ */

static GtkWidget *
create_plan_row (PwPlanSummary *summary)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (summary->title);
  GtkWidget *path = gtk_label_new (summary->path);
  GtkWidget *progress = gtk_progress_bar_new ();
  g_autofree char *accessible = NULL;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (path, "caption");
  gtk_widget_add_css_class (path, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), path);

  if (summary->n_steps > 0)
    {
      g_autofree char *text = g_strdup_printf (_("%u of %u done"), summary->n_done,
                                               summary->n_steps);

      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (progress),
                                     (double) summary->n_done / summary->n_steps);
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (progress), text);
      gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (progress), TRUE);
      gtk_widget_add_css_class (progress, "plan-progress");
      gtk_box_append (GTK_BOX (box), progress);
      accessible = g_strdup_printf (_("%s, %u of %u steps done"), summary->title,
                                    summary->n_done, summary->n_steps);
    }
  else
    {
      g_object_ref_sink (progress);
      g_object_unref (progress);
      accessible = g_strdup (summary->title);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, summary->path);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "path", g_strdup (summary->path), g_free);

  return row;
}

static void
rebuild_plan_rows (PwPlanPage *self)
{
  GtkWidget *child;
  GFile *open_file = self->plan != NULL ? pw_plan_get_file (self->plan) : NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->plans_list))) != NULL)
    gtk_list_box_remove (self->plans_list, child);

  for (guint i = 0; i < self->summaries->len; i++)
    {
      PwPlanSummary *summary = g_ptr_array_index (self->summaries, i);
      GtkWidget *row = create_plan_row (summary);

      gtk_list_box_append (self->plans_list, row);
      if (open_file != NULL && self->workspace != NULL)
        {
          g_autoptr(GFile) file = g_file_resolve_relative_path (
            pw_workspace_get_root (self->workspace), summary->path);

          if (g_file_equal (file, open_file))
            gtk_list_box_select_row (self->plans_list, GTK_LIST_BOX_ROW (row));
        }
    }
}

/* Brings the summary of @relative_path up to date from @plan. */
static void
update_summary (PwPlanPage *self,
                const char *relative_path,
                PwPlan     *plan)
{
  PwPlanSummary *summary = NULL;
  GFile *file = pw_plan_get_file (plan);
  g_autoptr(GFileInfo) info = NULL;

  for (guint i = 0; i < self->summaries->len; i++)
    {
      PwPlanSummary *candidate = g_ptr_array_index (self->summaries, i);

      if (g_strcmp0 (candidate->path, relative_path) == 0)
        summary = candidate;
    }

  if (summary == NULL)
    {
      summary = g_new0 (PwPlanSummary, 1);
      summary->path = g_strdup (relative_path);
      summary->endpoints = g_new0 (char *, 1);
      g_ptr_array_add (self->summaries, summary);
    }

  g_free (summary->title);
  summary->title = g_strdup (pw_plan_get_title (plan) != NULL ? pw_plan_get_title (plan)
                                                               : relative_path);
  summary->n_steps = pw_plan_get_n_steps (plan);
  summary->n_done = pw_plan_get_n_done (plan);
  if (file != NULL)
    info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE,
                              NULL, NULL);
  if (info != NULL)
    summary->modified = (gint64) g_file_info_get_attribute_uint64 (info,
                                                                    G_FILE_ATTRIBUTE_TIME_MODIFIED);
}

static int
compare_summaries (gconstpointer a,
                   gconstpointer b)
{
  const PwPlanSummary *sa = *(PwPlanSummary * const *) a;
  const PwPlanSummary *sb = *(PwPlanSummary * const *) b;

  return g_strcmp0 (sa->path, sb->path);
}

static char *
plan_relative_path (PwPlanPage *self)
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
  g_autofree char *relative = plan_relative_path (self);

  if (relative == NULL)
    return;

  update_summary (self, relative, self->plan);
  g_ptr_array_sort (self->summaries, compare_summaries);
  rebuild_plan_rows (self);
}

static void
plans_row_activated_cb (PwPlanPage    *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  const char *path = g_object_get_data (G_OBJECT (row), "path");
  g_autoptr(GError) error = NULL;

  if (path != NULL && !pw_plan_page_open_file (self, path, &error))
    show_message (self, error->message);
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

  gtk_label_set_label (self->title_label, title);
}

static void
set_status (PwPlanPage *self,
            const char *status)
{
  gtk_label_set_label (self->status_label, status);
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

  if (self->plan == NULL || self->template == NULL)
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
  if (self->generation != NULL)
    {
      g_autofree char *size = g_format_size (pw_generation_get_text_length (self->generation));
      g_autofree char *status = NULL;

      if (pw_generation_get_state (self->generation) == PW_GENERATION_STATE_STREAMING)
        status = g_strdup_printf (_("%s · receiving, %s so far"), self->provider_name, size);
      else
        status = g_strdup_printf (_("%s · waiting for the first words…"), self->provider_name);
      set_status (self, status);
    }
}

static gboolean
save_plan_cb (gpointer user_data)
{
  PwPlanPage *self = user_data;
  g_autoptr(GError) error = NULL;

  self->save_timeout = 0;
  if (self->plan == NULL || pw_plan_get_file (self->plan) == NULL)
    return G_SOURCE_REMOVE;

  if (!pw_plan_save (self->plan, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The plan was not saved: %s"), error->message);

      gtk_label_set_label (self->error_label, message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return G_SOURCE_REMOVE;
    }

  refresh_open_summary (self);

  return G_SOURCE_REMOVE;
}

static void
plan_changed_cb (PwPlanPage *self,
                 PwPlan     *plan)
{
  /* The title and lint read the model, which parses: both wait for the
   * lint timeout rather than run on every streamed piece. */
  queue_lint (self);

  if (self->generation != NULL)
    update_progress (self);

  if (!self->updating_buffer && self->source_sync_idle == 0)
    self->source_sync_idle = g_timeout_add (100, sync_source_cb, self);
}

static void
source_changed_cb (PwPlanPage    *self,
                   GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->updating_buffer || self->plan == NULL || self->generation != NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);

  self->updating_buffer = TRUE;
  pw_plan_set_text (self->plan, text, -1);
  self->updating_buffer = FALSE;
  self->source_synced = strlen (text);
  self->source_serial = pw_plan_get_edit_serial (self->plan);

  /* Edits invalidate tick undo: the steps moved. */
  g_array_set_size (self->undo, 0);
  g_array_set_size (self->redo, 0);

  if (pw_plan_get_file (self->plan) == NULL)
    self->unsaved_work = TRUE;
  else
    {
      g_clear_handle_id (&self->save_timeout, g_source_remove);
      self->save_timeout = g_timeout_add (800, save_plan_cb, self);
    }
}

static void
view_toggled_cb (PwPlanPage      *self,
                 GtkToggleButton *button)
{
  gboolean source = gtk_toggle_button_get_active (self->source_toggle);

  if (source)
    sync_source (self);
  else if (self->save_timeout != 0)
    {
      g_clear_handle_id (&self->save_timeout, g_source_remove);
      save_plan_cb (self);
    }
  gtk_stack_set_visible_child_name (self->view_stack, source ? "source" : "rendered");
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

static void
lint_toggled_cb (PwPlanPage      *self,
                 GtkToggleButton *button)
{
  gtk_widget_set_visible (self->lint_box, gtk_toggle_button_get_active (button));
}

/* ------------------------------------------------------------------ */
/* Ticks                                                               */
/* ------------------------------------------------------------------ */

static gboolean
apply_tick (PwPlanPage *self,
            guint       step,
            gboolean    done)
{
  if (self->plan == NULL || step >= pw_plan_get_n_steps (self->plan))
    return FALSE;
  if (!pw_plan_set_step_done (self->plan, step, done))
    return FALSE;

  if (pw_plan_get_file (self->plan) == NULL)
    self->unsaved_work = TRUE;
  else
    {
      g_clear_handle_id (&self->save_timeout, g_source_remove);
      save_plan_cb (self);
    }

  return TRUE;
}

static void
step_toggled_cb (PwPlanPage *self,
                 guint       step,
                 gboolean    done)
{
  Tick tick = { step, done };

  if (self->plan == NULL || step >= pw_plan_get_n_steps (self->plan))
    return;
  if (!!pw_plan_get_step (self->plan, step)->done == !!done)
    return;

  if (apply_tick (self, step, done))
    {
      g_array_append_val (self->undo, tick);
      g_array_set_size (self->redo, 0);
      update_actions (self);
    }
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  Tick tick;

  if (self->undo->len == 0)
    return;

  tick = g_array_index (self->undo, Tick, self->undo->len - 1);
  g_array_set_size (self->undo, self->undo->len - 1);
  if (apply_tick (self, tick.step, !tick.done))
    g_array_append_val (self->redo, tick);
  update_actions (self);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  Tick tick;

  if (self->redo->len == 0)
    return;

  tick = g_array_index (self->redo, Tick, self->redo->len - 1);
  g_array_set_size (self->redo, self->redo->len - 1);
  if (apply_tick (self, tick.step, tick.done))
    g_array_append_val (self->undo, tick);
  update_actions (self);
}

/* ------------------------------------------------------------------ */
/* Generating                                                          */
/* ------------------------------------------------------------------ */

static void
delta_cb (PwGeneration *generation,
          const char   *text,
          PwPlanPage   *self)
{
  if (self->plan != NULL)
    pw_plan_append (self->plan, text, -1);
}

static void
state_cb (PwGeneration *generation,
          GParamSpec   *pspec,
          PwPlanPage   *self)
{
  update_progress (self);
}

static void
retrying_cb (PwGeneration *generation,
             guint         attempt,
             guint         delay_ms,
             const char   *reason,
             PwPlanPage   *self)
{
  g_autofree char *status = g_strdup_printf (_("%s; retrying in %.0f s"), reason,
                                             delay_ms / 1000.0);

  set_status (self, status);
}

static void
history_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pw_history_append_finish (PW_HISTORY (source), result, &error))
    g_warning ("History not saved: %s", error->message);
}

static void
record_history (PwPlanPage   *self,
                PwGeneration *generation)
{
  g_autoptr(PwHistory) history = NULL;
  g_autoptr(JsonNode) entry = NULL;
  g_auto(GStrv) hashes = NULL;
  PwHistoryRecord record = { NULL, };

  if (self->workspace == NULL || self->prompt == NULL)
    return;

  hashes = pw_prompt_result_dup_input_hashes (self->prompt);
  record.template_id = self->template != NULL ? pw_template_get_id (self->template) : NULL;
  record.subject = self->subject;
  record.prompt = self->prompt->text;
  record.input_hashes = (const char * const *) hashes;
  record.profile_name = self->provider_name;
  record.provider_kind = pw_provider_kind_to_string (pw_provider_get_kind (self->provider));

  history = pw_history_new (pw_workspace_get_root (self->workspace));
  entry = pw_history_entry_new (generation, &record);
  pw_history_append_async (history, entry, self->secret, NULL, history_saved_cb, NULL);
}

static char *
describe_end (PwGeneration *generation)
{
  g_autofree char *size = g_format_size (pw_generation_get_text_length (generation));

  if (pw_generation_get_usage_known (generation))
    return g_strdup_printf (_("%s · %s · %u tokens in, %u out · %.1f s"),
                            pw_generation_get_model (generation) != NULL
                              ? pw_generation_get_model (generation) : "",
                            size,
                            pw_generation_get_input_tokens (generation),
                            pw_generation_get_output_tokens (generation),
                            pw_generation_get_duration (generation));

  return g_strdup_printf (_("%s · %s · %.1f s"),
                          pw_generation_get_model (generation) != NULL
                            ? pw_generation_get_model (generation) : "",
                          size, pw_generation_get_duration (generation));
}

static void
generate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PwPlanPage) self = user_data;
  g_autoptr(PwGeneration) generation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gboolean ok;

  ok = pw_provider_generate_finish (PW_PROVIDER (source), result, &error);
  generation = g_steal_pointer (&self->generation);
  g_clear_object (&self->cancellable);
  if (generation == NULL)
    return;

  g_signal_handlers_disconnect_by_data (generation, self);
  if (self->plan != NULL)
    pw_plan_finish (self->plan);

  record_history (self, generation);
  if (self->secret != NULL)
    {
      memset (self->secret, 0, strlen (self->secret));
      g_clear_pointer (&self->secret, g_free);
    }

  gtk_spinner_stop (self->spinner);

  if (ok)
    {
      guint carried = 0;

      if (self->previous != NULL && self->plan != NULL)
        carried = pw_planning_carry_ticks (self->plan, self->previous);
      status = describe_end (generation);
      if (carried > 0)
        {
          g_autofree char *message = g_strdup_printf (_("Kept the ticks of %u unchanged steps"),
                                                      carried);

          show_message (self, message);
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    status = g_strdup (_("Stopped: the plan is incomplete"));
  else
    {
      g_autofree char *size = g_format_size (pw_generation_get_text_length (generation));
      g_autofree char *message = NULL;

      if (pw_generation_get_text_length (generation) > 0)
        message = g_strdup_printf (_("%s The %s received so far are kept."), error->message,
                                   size);
      else
        message = g_strdup (error->message);
      gtk_label_set_label (self->error_label, message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      status = g_strdup (_("Failed"));
    }

  g_clear_object (&self->previous);
  set_status (self, status);
  if (gtk_toggle_button_get_active (self->source_toggle))
    sync_source (self);
  queue_lint (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
start_generation (PwPlanPage *self,
                  PwPlan     *previous)
{
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(PwPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self->spec != NULL);
  g_return_if_fail (self->generation == NULL);

  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "plan");

  g_clear_object (&self->template);
  g_clear_pointer (&self->prompt, pw_prompt_result_free);
  g_clear_object (&self->provider);
  g_clear_pointer (&self->provider_name, g_free);
  g_clear_pointer (&self->subject, g_free);
  self->subject = pw_plan_spec_dup_subject (self->spec);

  self->template = pw_template_lookup (pw_workspace_get_root (self->workspace),
                                       self->spec->template_id, &error);
  if (self->template != NULL)
    {
      request = pw_plan_spec_to_request (self->spec, self->template);
      self->prompt = pw_prompt_assemble (self->workspace, request, &error);
    }
  if (self->prompt != NULL)
    {
      if (self->provider_override != NULL)
        {
          self->provider = g_object_ref (self->provider_override);
          self->provider_name = g_strdup (pw_provider_display_name (self->provider));
        }
      else
        self->provider = pw_planning_choose_provider (self->spec->profile_id, self->spec->model,
                                                      &self->secret, &self->provider_name,
                                                      &error);
    }

  plan = pw_plan_new ();
  set_plan (self, plan);
  g_set_object (&self->previous, previous);
  update_title (self);

  /* The languages the inputs name load while the model starts answering. */
  if (self->prompt != NULL)
    {
      g_auto(GStrv) languages = pw_code_languages_guess (self->prompt->text, 3);

      pw_plan_view_prepare_languages (self->plan_view, (const char * const *)languages);
    }

  if (self->provider == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      set_status (self, _("Failed"));
      update_actions (self);
      return;
    }

  self->generation = pw_planning_new_generation (self->workspace, self->template, self->prompt,
                                                 self->spec);
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self->generation, "delta", G_CALLBACK (delta_cb), self);
  g_signal_connect (self->generation, "notify::state", G_CALLBACK (state_cb), self);
  g_signal_connect (self->generation, "retrying", G_CALLBACK (retrying_cb), self);

  gtk_spinner_start (self->spinner);
  update_progress (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  pw_provider_generate_async (self->provider, self->generation, self->cancellable,
                              generate_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */
/* ------------------------------------------------------------------ */

static void
update_actions (PwPlanPage *self)
{
  gboolean busy = self->generation != NULL;
  gboolean has_plan = self->plan != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.stop", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.retry", !busy && self->spec != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.regenerate",
                                 !busy && self->spec != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.export", !busy && has_plan);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.walkthrough", has_plan);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.undo", self->undo->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.redo", self->redo->len > 0);
  gtk_widget_set_visible (self->stop_button, busy);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), !busy);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
regenerate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  g_autoptr(PwPlan) previous = NULL;

  if (self->spec == NULL || self->generation != NULL)
    return;

  if (self->plan != NULL && pw_plan_get_n_done (self->plan) > 0)
    previous = g_object_ref (self->plan);
  start_generation (self, previous);
}

static void
exported_cb (PwExportDialog *dialog,
             const char     *relative_path,
             PwPlanPage     *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(PwPlan) plan = pw_plan_new ();
  AdwToast *toast;

  file = g_file_resolve_relative_path (pw_workspace_get_root (self->workspace), relative_path);

  /* From now on the plan lives in the repository: ticks save there. */
  if (pw_plan_load_file (plan, file, NULL, &error))
    {
      set_plan (self, plan);
      update_summary (self, relative_path, plan);
      g_ptr_array_sort (self->summaries, compare_summaries);
      rebuild_plan_rows (self);
      set_status (self, relative_path);
    }

  message = g_strdup_printf (_("Saved to %s"), relative_path);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("Open _Folder"));
  adw_toast_set_action_name (toast, "plan.open-folder");
  show_toast (self, toast);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  g_autofree char *relative = NULL;
  g_autofree char *text = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_auto(GStrv) hashes = NULL;
  PwExportDialog *dialog;
  gsize length;

  if (self->plan == NULL || self->workspace == NULL || self->generation != NULL)
    return;

  relative = plan_relative_path (self);
  if (relative != NULL)
    {
      /* A plan of the repository is exported as it is. */
      text = g_strdup (pw_plan_get_text (self->plan, &length));
    }
  else
    {
      PwProvenance prov = { NULL, };

      now = g_date_time_new_now_local ();
      date = g_date_time_format (now, "%Y-%m-%d");
      if (self->prompt != NULL)
        hashes = pw_prompt_result_dup_input_hashes (self->prompt);
      prov.template_id = self->template != NULL ? pw_template_get_id (self->template) : NULL;
      prov.model = self->provider_name;
      prov.date = date;
      prov.inputs = (const char * const *) hashes;
      text = pw_export_render (self->plan, self->template, &prov);
      if (self->template != NULL && self->subject != NULL)
        relative = pw_export_target_path (self->template, self->subject);
    }

  dialog = pw_export_dialog_new (parent_window (self), self->workspace,
                                 relative != NULL ? relative : ".ai/implementation-plan.md", text);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *uri = NULL;

  if (self->plan == NULL || pw_plan_get_file (self->plan) == NULL)
    return;

  parent = g_file_get_parent (pw_plan_get_file (self->plan));
  uri = g_file_get_uri (parent);
  gtk_show_uri (parent_window (self), uri, GDK_CURRENT_TIME);
}

static void
walkthrough_step_toggled_cb (PwWalkthroughWindow *window,
                             guint                step,
                             gboolean             done,
                             PwPlanPage          *self)
{
  step_toggled_cb (self, step, done);
}

static void
walkthrough_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  PwWalkthroughWindow *window;

  if (self->plan == NULL)
    return;

  if (self->walkthrough != NULL)
    {
      gtk_window_present (self->walkthrough);
      return;
    }

  window = pw_walkthrough_window_new (parent_window (self), self->plan);
  g_signal_connect_object (window, "step-toggled", G_CALLBACK (walkthrough_step_toggled_cb),
                           self, 0);
  g_set_weak_pointer (&self->walkthrough, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
}

static void
history_open_entry_cb (PwHistoryWindow *window,
                       JsonObject      *entry,
                       PwPlanPage      *self)
{
  pw_plan_page_open_history_entry (self, entry);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  PwHistoryWindow *window;

  if (self->workspace == NULL)
    return;

  window = pw_history_window_new (parent_window (self), pw_workspace_get_root (self->workspace));
  g_signal_connect_object (window, "open-entry", G_CALLBACK (history_open_entry_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);

  if (g_str_equal (g_variant_get_string (parameter, NULL), "source"))
    gtk_toggle_button_set_active (self->source_toggle, TRUE);
  else
    gtk_toggle_button_set_active (self->rendered_toggle, TRUE);
}

static void
toggle_lint_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);

  gtk_toggle_button_set_active (self->lint_toggle,
                                !gtk_toggle_button_get_active (self->lint_toggle));
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

  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_set_object (&self->plan, plan);
  if (plan != NULL)
    g_signal_connect_object (plan, "changed", G_CALLBACK (plan_changed_cb), self,
                             G_CONNECT_SWAPPED);

  g_array_set_size (self->undo, 0);
  g_array_set_size (self->redo, 0);
  self->unsaved_work = FALSE;
  self->source_synced = 0;

  if (self->walkthrough != NULL)
    gtk_window_destroy (self->walkthrough);

  pw_plan_view_set_plan (self->plan_view, plan);
  if (gtk_toggle_button_get_active (self->source_toggle))
    sync_source (self);
  update_title (self);
  queue_lint (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PLAN]);
}

static void
pw_plan_page_dispose (GObject *object)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->save_timeout != 0)
    {
      g_clear_handle_id (&self->save_timeout, g_source_remove);
      save_plan_cb (self);
    }
  g_clear_handle_id (&self->lint_idle, g_source_remove);
  if (self->lint_cancellable != NULL)
    g_cancellable_cancel (self->lint_cancellable);
  g_clear_object (&self->lint_cancellable);
  g_clear_handle_id (&self->source_sync_idle, g_source_remove);
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  if (self->generation != NULL)
    g_signal_handlers_disconnect_by_data (self->generation, self);
  if (self->walkthrough != NULL)
    gtk_window_destroy (self->walkthrough);
  g_clear_weak_pointer (&self->walkthrough);

  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_PLAN_PAGE);

  G_OBJECT_CLASS (pw_plan_page_parent_class)->dispose (object);
}

static void
pw_plan_page_finalize (GObject *object)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->plan);
  g_clear_object (&self->previous);
  g_clear_object (&self->template);
  g_clear_pointer (&self->spec, pw_plan_spec_free);
  g_clear_pointer (&self->prompt, pw_prompt_result_free);
  g_clear_object (&self->provider);
  g_clear_object (&self->provider_override);
  g_clear_object (&self->generation);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->lint_issues, g_ptr_array_unref);
  g_clear_pointer (&self->undo, g_array_unref);
  g_clear_pointer (&self->redo, g_array_unref);
  if (self->secret != NULL)
    memset (self->secret, 0, strlen (self->secret));
  g_clear_pointer (&self->secret, g_free);
  g_clear_pointer (&self->provider_name, g_free);
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
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/planwright/Planwright/ui/pw-plan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, plans_list);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, rendered_toggle);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, source_toggle);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_toggle);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_icon);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_count_label);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, plan_view);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, source_view);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_box);
  gtk_widget_class_bind_template_child (widget_class, PwPlanPage, lint_list);
  gtk_widget_class_bind_template_callback (widget_class, plans_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, lint_issue_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, empty_page_mapped_cb);

  gtk_widget_class_install_action (widget_class, "plan.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "plan.retry", NULL, regenerate_action);
  gtk_widget_class_install_action (widget_class, "plan.regenerate", NULL, regenerate_action);
  gtk_widget_class_install_action (widget_class, "plan.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "plan.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "plan.walkthrough", NULL, walkthrough_action);
  gtk_widget_class_install_action (widget_class, "plan.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "plan.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "plan.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "plan.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "plan.toggle-lint", NULL, toggle_lint_action);

  /* Page-local: a focused text view handles its own Ctrl+Z first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "plan.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "plan.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plan.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "plan.show-view", "s", "rendered");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "plan.show-view", "s", "source");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "plan.toggle-lint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "plan.regenerate", NULL);
}

static void
pw_plan_page_init (PwPlanPage *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_plan_summary_free);
  self->undo = g_array_new (FALSE, FALSE, sizeof (Tick));
  self->redo = g_array_new (FALSE, FALSE, sizeof (Tick));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  g_signal_connect_object (buffer, "changed", G_CALLBACK (source_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plan_view, "step-toggled", G_CALLBACK (step_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source_toggle, "toggled", G_CALLBACK (view_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->lint_toggle, "toggled", G_CALLBACK (lint_toggled_cb), self,
                           G_CONNECT_SWAPPED);

  update_actions (self);
}

GtkWidget *
pw_plan_page_new (void)
{
  return g_object_new (PW_TYPE_PLAN_PAGE, NULL);
}

void
pw_plan_page_set_workspace (PwPlanPage  *self,
                            PwWorkspace *workspace)
{
  g_return_if_fail (PW_IS_PLAN_PAGE (self));
  g_return_if_fail (!workspace || PW_IS_WORKSPACE (workspace));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  g_set_object (&self->workspace, workspace);
  g_clear_pointer (&self->spec, pw_plan_spec_free);
  set_plan (self, NULL);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");

  g_ptr_array_set_size (self->summaries, 0);
  if (workspace != NULL)
    {
      g_autoptr(GPtrArray) summaries = pw_plan_index_scan (workspace, NULL);

      for (guint i = 0; i < summaries->len; i++)
        g_ptr_array_add (self->summaries, g_steal_pointer (&g_ptr_array_index (summaries, i)));
      g_ptr_array_set_free_func (summaries, NULL);
    }
  rebuild_plan_rows (self);
  update_actions (self);
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
 * Starts a generation for @spec, replacing the plan shown (a running
 * generation is stopped first).
 */
void
pw_plan_page_generate (PwPlanPage       *self,
                       const PwPlanSpec *spec)
{
  g_return_if_fail (PW_IS_PLAN_PAGE (self));
  g_return_if_fail (spec != NULL);
  g_return_if_fail (self->workspace != NULL);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->generation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->generation, self);
      g_clear_object (&self->generation);
      g_clear_object (&self->cancellable);
    }

  g_clear_pointer (&self->spec, pw_plan_spec_free);
  self->spec = pw_plan_spec_copy (spec);
  gtk_list_box_unselect_all (self->plans_list);
  start_generation (self, NULL);
}

static PwTemplate *
template_for_file (PwPlanPage *self,
                   GFile      *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  const char *id = g_str_equal (basename, "endpoints-plan.md") ? "endpoints-plan"
                                                                : "feature-plan";

  return pw_template_lookup (pw_workspace_get_root (self->workspace), id, NULL);
}

/**
 * pw_plan_page_open_file:
 * @relative_path: a plan of the repository
 *
 * Shows the plan at @relative_path; ticking its steps saves it.
 */
gboolean
pw_plan_page_open_file (PwPlanPage  *self,
                        const char  *relative_path,
                        GError     **error)
{
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), FALSE);
  g_return_val_if_fail (relative_path != NULL, FALSE);
  g_return_val_if_fail (self->workspace != NULL, FALSE);

  file = pw_workspace_resolve_path (self->workspace, relative_path, error);
  if (file == NULL)
    return FALSE;
  if (!pw_plan_load_file (plan, file, NULL, error))
    return FALSE;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  g_clear_pointer (&self->spec, pw_plan_spec_free);
  g_clear_pointer (&self->prompt, pw_prompt_result_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_object (&self->template);
  self->template = template_for_file (self, file);
  self->subject = g_strdup (relative_path);

  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->content_stack, "plan");
  set_plan (self, plan);
  set_status (self, relative_path);
  refresh_open_summary (self);

  return TRUE;
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

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  g_clear_pointer (&self->spec, pw_plan_spec_free);
  g_clear_pointer (&self->prompt, pw_prompt_result_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_object (&self->template);
  self->template = pw_template_lookup (pw_workspace_get_root (self->workspace), template_id,
                                       NULL);
  self->subject = g_strdup (json_object_get_string_member_with_default (entry, "subject", NULL));

  plan = pw_plan_new_from_text (answer, -1);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gtk_list_box_unselect_all (self->plans_list);
  gtk_stack_set_visible_child_name (self->content_stack, "plan");
  set_plan (self, plan);
  set_status (self, _("From the history"));
}

gboolean
pw_plan_page_get_busy (PwPlanPage *self)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), FALSE);

  return self->generation != NULL;
}

/**
 * pw_plan_page_set_provider_override:
 * @provider: (nullable): a #PwProvider
 *
 * Uses @provider for every generation instead of the spec's profile (tests).
 */
void
pw_plan_page_set_provider_override (PwPlanPage *self,
                                    gpointer    provider)
{
  g_return_if_fail (PW_IS_PLAN_PAGE (self));
  g_return_if_fail (!provider || PW_IS_PROVIDER (provider));

  g_set_object (&self->provider_override, provider);
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

GPtrArray *
pw_plan_page_get_summaries (PwPlanPage *self)
{
  g_return_val_if_fail (PW_IS_PLAN_PAGE (self), NULL);

  return self->summaries;
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
