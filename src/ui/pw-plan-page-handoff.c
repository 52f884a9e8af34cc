/* pw-plan-page-handoff.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-file-io.h"
#include "pw-handoff-dialog.h"
#include "pw-handoff.h"
#include "pw-plan-page-private.h"
#include "pw-toast.h"

/*
 * The Plans page's hand-off (plan.hand-off, Ctrl+Shift+H, also in the
 * walkthrough) and the live ticks: the plan file is watched, and what an
 * agent changes on disk comes into the plan shown. With no unsaved edits
 * the plan is read again; with some, ticks made on disk are merged into
 * them (pw_handoff_merge_ticks()), and anything else is a conflict shown
 * with Keep Mine and Reload, never overwritten.
 */

/* A plan with no file says so when handed off, and one with every step
 * done says so in the dialog. */
void
pw_plan_page_update_handoff (PwPlanPage *self)
{
  gboolean can = self->plan != NULL && self->workspace != NULL && !pw_plan_page_get_busy (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.hand-off", can);
}

/* Opens the hand-off of the plan shown over @parent. */
static void
hand_off (PwPlanPage *self,
          GtkWindow  *parent)
{
  g_autofree char *path = pw_plan_page_dup_relative_path (self);
  PwHandoffDialog *dialog;

  if (self->plan == NULL || self->workspace == NULL || pw_plan_page_get_busy (self))
    return;

  if (path == NULL)
    {
      pw_plan_page_show_toast (self, pw_toast_new (_("Save the plan to the repository to hand "
                                                     "it off")));
      return;
    }

  dialog = pw_handoff_dialog_new (parent, self->workspace, self->plan, path);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
hand_off_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);

  hand_off (self, pw_plan_page_get_parent_window (self));
}

void
pw_plan_page_class_add_handoff (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "plan.hand-off", NULL, hand_off_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plan.hand-off", NULL);
}

/* From the walkthrough, the dialog sits on it: the walkthrough is full
 * screen over the main window. */
static gboolean
walkthrough_hand_off_cb (GtkWidget *widget,
                         GVariant  *args,
                         gpointer   user_data)
{
  hand_off (PW_PLAN_PAGE (user_data), GTK_WINDOW (widget));
  return TRUE;
}

/* The walkthrough is a window of its own: Ctrl+Shift+H there hands off
 * from the page that opened it. */
void
pw_plan_page_add_handoff_shortcut (PwPlanPage *self,
                                   GtkWidget  *window)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutAction *action = gtk_callback_action_new (walkthrough_hand_off_cb, self, NULL);
  GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (GDK_KEY_h,
                                                        GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger, action));
  gtk_widget_add_controller (window, controller);
}

/* ------------------------------------------------------------------ */
/* Live ticks                                                          */
/* ------------------------------------------------------------------ */

/* A read of the plan file: @plan_etag is the plan's own etag when the
 * read started; if it differs at the end, the page saved or reloaded in
 * between and the read is stale. */
typedef struct
{
  GFile *file;
  char  *plan_etag;
  char  *text;
  char  *etag;
} DiskRead;

static void
disk_read_free (DiskRead *read)
{
  g_clear_object (&read->file);
  g_free (read->plan_etag);
  g_free (read->text);
  g_free (read->etag);
  g_free (read);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DiskRead *read = task_data;
  GError *error = NULL;
  gsize length = 0;

  if (!pw_file_read (read->file, PW_FILE_MAX_SIZE, &read->text, &length, &read->etag, &error))
    g_task_return_error (task, error);
  else if (!g_utf8_validate (read->text, length, NULL))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not UTF-8");
  else
    g_task_return_boolean (task, TRUE);
}

static void
show_conflict (PwPlanPage *self,
               const char *message)
{
  g_autofree char *text = g_strdup_printf (_("%s. Keep your version (it replaces the file) "
                                             "or reload the file’s."), message);

  gtk_label_set_label (self->error_label, text);
  gtk_widget_set_visible (self->continue_button, FALSE);
  gtk_widget_set_visible (self->preferences_button, FALSE);
  gtk_widget_set_visible (self->conflict_box, TRUE);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
toast_ticks (PwPlanPage *self,
             int         n)
{
  g_autofree char *text = NULL;

  if (n <= 0)
    return;
  text = g_strdup_printf (ngettext ("%d step ticked in the file", "%d steps ticked in the file", n),
                          n);
  pw_plan_page_show_toast (self, pw_toast_new (text));
}

typedef struct
{
  PwPlanPage *page;
  guint       n_done;
} Reload;

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Reload *reload = user_data;
  g_autoptr(GError) error = NULL;
  PwPlan *plan = PW_PLAN (object);

  if (!pw_plan_load_file_finish (plan, result, &error))
    g_debug ("The plan could not be read again: %s", error->message);
  else if (plan == reload->page->plan)
    toast_ticks (reload->page, (int)pw_plan_get_n_done (plan) - (int)reload->n_done);

  g_object_unref (reload->page);
  g_free (reload);
}

/* Ticks from the disk into unsaved edits, or a conflict. */
static void
merge_into_edits (PwPlanPage *self,
                  const char *base,
                  const char *theirs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *merged = NULL;
  guint n = 0;

  merged = pw_handoff_merge_ticks (base, pw_plan_get_text (self->plan, NULL), theirs, &n, &error);
  if (merged == NULL)
    {
      show_conflict (self, error->message);
      return;
    }

  /* The file holds the ticks now: the merged text replaces it. */
  pw_plan_set_text (self->plan, merged, -1);
  pw_plan_forget_etag (self->plan);
  pw_plan_page_tick_applied (self);
  toast_ticks (self, n);
}

static void
disk_changed (PwPlanPage *self,
              DiskRead   *read)
{
  const char *mine = pw_plan_get_text (self->plan, NULL);
  g_autofree char *base = g_steal_pointer (&self->disk_text);
  Reload *reload;

  self->disk_text = g_strdup (read->text);

  /* Our own save, or the same text: nothing to bring in. */
  if (g_str_equal (read->text, mine) || g_strcmp0 (read->etag, pw_plan_get_etag (self->plan)) == 0)
    return;
  /* A conflict shown waits for the user's Keep Mine or Reload. */
  if (gtk_widget_get_visible (self->conflict_box))
    return;

  if (base != NULL && !g_str_equal (base, mine))
    {
      merge_into_edits (self, base, read->text);
      return;
    }

  /* No unsaved edits: the file as it is now. */
  reload = g_new0 (Reload, 1);
  reload->page = g_object_ref (self);
  reload->n_done = pw_plan_get_n_done (self->plan);
  pw_plan_load_file_async (self->plan, pw_plan_get_file (self->plan), self->watch_cancellable,
                           reloaded_cb, reload);
}

static void read_disk (PwPlanPage *self);

static void
disk_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PwPlanPage *self = PW_PLAN_PAGE (object);
  DiskRead *read = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  GFile *file;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reading_disk = FALSE;
  file = self->plan != NULL ? pw_plan_get_file (self->plan) : NULL;
  if (!ok)
    g_debug ("The plan file could not be read: %s", error->message);
  /* A save being written brings its own change event: read then. */
  else if (file != NULL && g_file_equal (file, read->file) && !self->saving)
    {
      /* A save or a reload of the page's own in between: read again. */
      if (g_strcmp0 (read->plan_etag, pw_plan_get_etag (self->plan)) != 0)
        self->read_disk_again = TRUE;
      else
        disk_changed (self, read);
    }

  if (self->read_disk_again)
    read_disk (self);
}

/* One read at a time; a change during it reads again after. */
static void
read_disk (PwPlanPage *self)
{
  g_autoptr(GTask) task = NULL;
  DiskRead *read;

  if (self->reading_disk)
    {
      self->read_disk_again = TRUE;
      return;
    }

  self->reading_disk = TRUE;
  self->read_disk_again = FALSE;
  read = g_new0 (DiskRead, 1);
  read->file = g_object_ref (pw_plan_get_file (self->plan));
  read->plan_etag = g_strdup (pw_plan_get_etag (self->plan));
  task = g_task_new (self, self->watch_cancellable, disk_read_cb, NULL);
  g_task_set_source_tag (task, read_disk);
  g_task_set_task_data (task, read, (GDestroyNotify) disk_read_free);
  g_task_run_in_thread (task, read_thread);
}

static void
plan_file_changed_cb (GFileMonitor      *monitor,
                      GFile             *file,
                      GFile             *other_file,
                      GFileMonitorEvent  event,
                      PwPlanPage        *self)
{
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      if (self->plan != NULL && pw_plan_get_file (self->plan) != NULL && !self->generating)
        read_disk (self);
      break;

    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      break;
    }
}

/**
 * pw_plan_page_unwatch_plan:
 *
 * Stops watching the plan file shown.
 */
void
pw_plan_page_unwatch_plan (PwPlanPage *self)
{
  if (self->watch_cancellable != NULL)
    g_cancellable_cancel (self->watch_cancellable);
  g_clear_object (&self->watch_cancellable);
  if (self->plan_monitor != NULL)
    {
      g_file_monitor_cancel (self->plan_monitor);
      g_signal_handlers_disconnect_by_data (self->plan_monitor, self);
    }
  g_clear_object (&self->plan_monitor);
  g_clear_pointer (&self->disk_text, g_free);
  self->reading_disk = FALSE;
  self->read_disk_again = FALSE;
}

/**
 * pw_plan_page_watch_plan:
 *
 * Watches the file of the plan just shown, as loaded: what it holds now
 * is the base that later changes on disk are compared with.
 */
void
pw_plan_page_watch_plan (PwPlanPage *self)
{
  g_autoptr(GError) error = NULL;
  GFile *file;

  pw_plan_page_unwatch_plan (self);
  file = self->plan != NULL ? pw_plan_get_file (self->plan) : NULL;
  if (file == NULL)
    return;

  self->plan_monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->plan_monitor == NULL)
    {
      g_debug ("Cannot watch the plan: %s", error->message);
      return;
    }

  self->watch_cancellable = g_cancellable_new ();
  self->disk_text = g_strdup (pw_plan_get_text (self->plan, NULL));
  g_file_monitor_set_rate_limit (self->plan_monitor, 250);
  g_signal_connect (self->plan_monitor, "changed", G_CALLBACK (plan_file_changed_cb), self);
}
