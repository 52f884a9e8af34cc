/* pw-export-dialog.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-diff-view.h"
#include "pw-export-dialog.h"
#include "pw-export.h"
#include "pw-file-io.h"
#include "pw-utils.h"
#include "pw-ui-utils.h"

/*
 * The path is checked on every keystroke: its text first (relative, no
 * `..`), then the file system in a thread (symbolic links out of the
 * repository, a folder in the way), a newer keystroke cancelling an older
 * check. When a file is already there its contents are kept as they were
 * shown, and Save, also in a thread, replaces the file only if the diff on
 * screen is the diff of that very path against the file as it still is.
 */

struct _PwExportDialog
{
  AdwWindow     parent_instance;

  /* Template children */
  AdwEntryRow  *path_row;
  GtkLabel     *path_error;
  GtkLabel     *warning;
  GtkLabel     *save_error;
  GtkButton    *save_button;
  PwDiffView   *diff_view;

  /* owned */
  PwWorkspace  *workspace;
  GCancellable *check_cancellable; /* (nullable) the check under way */
  GCancellable *cancellable;      /* cancelled when the dialog goes */
  char         *text;
  char         *shown_path;     /* (nullable) the path whose file the diff shows */
  char         *shown_contents; /* (nullable) that file as it was read */
  GError       *invalid;        /* (nullable) why the path cannot be saved to */

  /* state */
  guint         conflict : 1;
  guint         checking : 1;
  guint         saving : 1;
  guint         save_focused : 1;
};

G_DEFINE_FINAL_TYPE (PwExportDialog, pw_export_dialog, ADW_TYPE_WINDOW)

enum
{
  EXPORTED,
  N_SIGNALS
};

enum
{
  PROP_0,
  PROP_CHECKING,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
set_invalid (PwExportDialog *self,
             GError         *error)
{
  g_clear_error (&self->invalid);
  self->invalid = error;
}

/* Reads the file at @file for the diff; returns NULL with @error if it is
 * not a regular file that can be read. */
static char *
read_existing (GFile   *file,
               GError **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!pw_file_read (file, PW_FILE_MAX_SIZE, &contents, &length, NULL, error))
    return NULL;

  /* Labels need UTF-8; a non-UTF-8 file still shows, with replacements. */
  if (!g_utf8_validate (contents, length, NULL))
    return g_utf8_make_valid (contents, length);

  return g_steal_pointer (&contents);
}

/* What the file system says about a path: why it cannot be saved to, or
 * the file already there. */
typedef struct
{
  PwWorkspace *workspace;
  char        *path;
  GError      *invalid;   /* (nullable) */
  char        *contents;  /* (nullable) the file there, as read */
} Inspection;

static void
inspection_free (Inspection *inspection)
{
  g_clear_object (&inspection->workspace);
  g_free (inspection->path);
  g_clear_error (&inspection->invalid);
  g_free (inspection->contents);
  g_free (inspection);
}

static GError *
outside_error (const char *message)
{
  return g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE, message);
}

/* The file system's part of the checks; runs in a thread. */
static void
inspect (Inspection *inspection)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_path = NULL;
  GFileType type;

  file = pw_workspace_resolve_path (inspection->workspace, inspection->path, &error);
  if (file == NULL)
    {
      inspection->invalid = outside_error (_("This path leads outside the repository"));
      return;
    }
  file_path = g_file_get_path (file);
  if (file_path != NULL && g_file_test (file_path, G_FILE_TEST_IS_SYMLINK)
      && !g_file_test (file_path, G_FILE_TEST_EXISTS))
    {
      inspection->invalid = outside_error (_("This path is a broken symbolic link"));
      return;
    }

  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);
  if (type == G_FILE_TYPE_DIRECTORY)
    {
      inspection->invalid = g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_INVALID,
                                                 _("A folder is already there"));
    }
  else if (type != G_FILE_TYPE_UNKNOWN)
    {
      inspection->contents = read_existing (file, &error);
      if (inspection->contents == NULL)
        {
          g_debug ("Cannot read %s: %s", inspection->path, error->message);
          inspection->invalid = g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                             _("The file already there cannot be read: %s"),
                                             error->message);
        }
    }
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  inspect (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
set_save_button (PwExportDialog *self,
                 const char     *label,
                 const char     *css_class,
                 const char     *tooltip)
{
  gtk_button_set_label (self->save_button, label);
  gtk_widget_remove_css_class (GTK_WIDGET (self->save_button), "suggested-action");
  gtk_widget_remove_css_class (GTK_WIDGET (self->save_button), "destructive-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->save_button), css_class);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), tooltip);
}

/* Shows what Save would do for the path last checked. */
static void
show_state (PwExportDialog *self)
{
  set_label (self->path_error, self->invalid != NULL ? self->invalid->message : NULL);
  if (self->invalid != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->path_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->path_row), "error");

  set_label (self->warning, self->conflict ? _("A file is already there: saving replaces it. "
                                               "Review the changes below.") : NULL);
  pw_diff_view_set_texts (self->diff_view, self->shown_contents, self->text);
  gtk_widget_set_visible (GTK_WIDGET (self->diff_view), self->invalid == NULL);

  if (self->conflict)
    set_save_button (self, _("_Replace"), "destructive-action",
                     _("Replace the file in the repository (Ctrl+S)"));
  else
    set_save_button (self, _("_Save"), "suggested-action",
                     _("Save the file to the repository (Ctrl+S)"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save",
                                 self->invalid == NULL && !self->checking && !self->saving);
}

/* Once Save can first be pressed, it takes the focus from Cancel (where
 * GTK puts it while Save waits for the check), so that Enter saves;
 * someone already typing a path keeps the focus. */
static void
focus_save (PwExportDialog *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (self->save_focused || self->invalid != NULL)
    return;
  self->save_focused = TRUE;
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->path_row)))
    gtk_widget_grab_focus (GTK_WIDGET (self->save_button));
}

static void
set_checking (PwExportDialog *self,
              gboolean        checking)
{
  if (self->checking == checking)
    return;
  self->checking = checking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

static void
inspected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PwExportDialog *self = PW_EXPORT_DIALOG (source);
  Inspection *inspection = g_task_get_task_data (G_TASK (result));

  /* A newer keystroke started a newer check. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  set_invalid (self, g_steal_pointer (&inspection->invalid));
  if (inspection->contents != NULL)
    {
      self->conflict = TRUE;
      self->shown_path = g_strdup (inspection->path);
      self->shown_contents = g_steal_pointer (&inspection->contents);
    }
  set_checking (self, FALSE);
  show_state (self);
  focus_save (self);
}

/* Works out what Save would do for the current path and shows it: the
 * text's rules at once, the file system's once a thread has looked. */
static void
update_state (PwExportDialog *self)
{
  const char *path = gtk_editable_get_text (GTK_EDITABLE (self->path_row));
  g_autoptr(GTask) task = NULL;
  Inspection *inspection;

  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_pointer (&self->shown_path, g_free);
  g_clear_pointer (&self->shown_contents, g_free);
  set_invalid (self, NULL);
  self->conflict = FALSE;

  if (*path == '\0' || !pw_path_is_confined (path))
    {
      set_invalid (self, outside_error (*path == '\0'
                                        ? _("Enter a path inside the repository")
                                        : _("The path must be relative to the repository, "
                                            "without “..”")));
      set_checking (self, FALSE);
      show_state (self);
      return;
    }

  set_checking (self, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save", FALSE);
  inspection = g_new0 (Inspection, 1);
  inspection->workspace = g_object_ref (self->workspace);
  inspection->path = g_strdup (path);
  self->check_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->check_cancellable, inspected_cb, NULL);
  g_task_set_source_tag (task, update_state);
  g_task_set_task_data (task, inspection, (GDestroyNotify) inspection_free);
  g_task_run_in_thread (task, inspect_thread);
}

static void
path_changed_cb (PwExportDialog *self)
{
  set_label (self->save_error, NULL);
  update_state (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  /* An error is shown in the dialog. */
  pw_export_dialog_save_async (PW_EXPORT_DIALOG (widget), NULL, NULL, NULL);
}

static void
entry_activated_cb (PwExportDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "export.save", NULL);
}

static void
pw_export_dialog_dispose (GObject *object)
{
  PwExportDialog *self = PW_EXPORT_DIALOG (object);

  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->check_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (pw_export_dialog_parent_class)->dispose (object);
}

static void
pw_export_dialog_finalize (GObject *object)
{
  PwExportDialog *self = PW_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->shown_path, g_free);
  g_clear_pointer (&self->shown_contents, g_free);
  g_clear_error (&self->invalid);

  G_OBJECT_CLASS (pw_export_dialog_parent_class)->finalize (object);
}

static void
pw_export_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PwExportDialog *self = PW_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_export_dialog_class_init (PwExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_export_dialog_dispose;
  object_class->finalize = pw_export_dialog_finalize;
  object_class->get_property = pw_export_dialog_get_property;

  /**
   * PwExportDialog:checking:
   *
   * Whether the file system is being asked about the path just typed; Save
   * waits for the answer.
   */
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwExportDialog::exported:
   * @relative_path: where the text was written
   */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "export.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "export.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (PW_TYPE_DIFF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PwExportDialog, path_row);
  gtk_widget_class_bind_template_child (widget_class, PwExportDialog, path_error);
  gtk_widget_class_bind_template_child (widget_class, PwExportDialog, warning);
  gtk_widget_class_bind_template_child (widget_class, PwExportDialog, save_error);
  gtk_widget_class_bind_template_child (widget_class, PwExportDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, PwExportDialog, diff_view);
  gtk_widget_class_bind_template_callback (widget_class, path_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
}

static void
pw_export_dialog_init (PwExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * pw_export_dialog_new:
 * @parent: (nullable): the window to sit on
 * @workspace: the repository to write into
 * @suggested_path: (nullable): the relative path to start with
 * @text: what to save
 *
 * Returns: (transfer full): a new dialog, not yet shown
 */
PwExportDialog *
pw_export_dialog_new (GtkWindow   *parent,
                      PwWorkspace *workspace,
                      const char  *suggested_path,
                      const char  *text)
{
  PwExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (PW_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  self->text = g_strdup (text);
  pw_export_dialog_set_path (self, suggested_path != NULL ? suggested_path : "");
  pw_dialog_fit_parent (GTK_WINDOW (self), parent);

  return self;
}

const char *
pw_export_dialog_get_path (PwExportDialog *self)
{
  g_return_val_if_fail (PW_IS_EXPORT_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->path_row));
}

void
pw_export_dialog_set_path (PwExportDialog *self,
                           const char     *relative_path)
{
  g_return_if_fail (PW_IS_EXPORT_DIALOG (self));

  if (relative_path == NULL)
    relative_path = "";

  /* Setting a different text emits "changed", which checks the path. */
  if (g_strcmp0 (relative_path, gtk_editable_get_text (GTK_EDITABLE (self->path_row))) == 0)
    update_state (self);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->path_row), relative_path);
}

gboolean
pw_export_dialog_get_conflict (PwExportDialog *self)
{
  g_return_val_if_fail (PW_IS_EXPORT_DIALOG (self), FALSE);

  return self->conflict;
}

/**
 * pw_export_dialog_get_diff_view:
 *
 * Returns: (transfer none): the diff of the file there against the text
 */
PwDiffView *
pw_export_dialog_get_diff_view (PwExportDialog *self)
{
  g_return_val_if_fail (PW_IS_EXPORT_DIALOG (self), NULL);

  return self->diff_view;
}

gboolean
pw_export_dialog_get_checking (PwExportDialog *self)
{
  g_return_val_if_fail (PW_IS_EXPORT_DIALOG (self), FALSE);

  return self->checking;
}

/* A save, as the thread sees it. */
typedef struct
{
  PwWorkspace *workspace;
  char        *path;
  char        *text;
  char        *shown_contents;  /* (nullable) set when replacing */
  gboolean     changed;         /* the file is not the one shown any more */
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->workspace);
  g_free (job->path);
  g_free (job->text);
  g_free (job->shown_contents);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  if (job->shown_contents != NULL)
    {
      g_autoptr(GFile) file = pw_workspace_resolve_path (job->workspace, job->path, NULL);
      g_autofree char *now = file != NULL ? read_existing (file, NULL) : NULL;

      /* Replacing is only agreed to for the file as the diff showed it. */
      job->changed = g_strcmp0 (now, job->shown_contents) != 0;
    }

  if (job->changed)
    g_task_return_new_error (task, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT, "changed");
  else if (!pw_export_write (job->workspace, job->path, job->text,
                             job->shown_contents != NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The message the dialog shows for a failed save; a conflict shows the
 * new diff too. */
static GError *
explain_save_error (PwExportDialog *self,
                    SaveJob        *job,
                    GError         *error)
{
  g_debug ("Saving %s failed: %s", job->path, error->message);
  if (job->changed)
    {
      update_state (self);
      return g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT,
                                  _("The file changed since it was shown. "
                                    "Review the new changes and save again."));
    }
  if (g_error_matches (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT))
    {
      /* A file appeared since the path was checked: show its diff. */
      update_state (self);
      return g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT,
                                  _("A file appeared at this path. "
                                    "Review the changes and save again."));
    }

  return g_error_new (error->domain, error->code, _("Could not save: %s"), error->message);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  PwExportDialog *self = g_task_get_source_object (outer);
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->saving = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *shown = explain_save_error (self, job, error);

          g_clear_error (&error);
          error = shown;
          set_label (self->save_error, error->message);
          show_state (self);
        }
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  g_object_ref (self);
  g_signal_emit (self, signals[EXPORTED], 0, job->path);
  /* Not gtk_window_close(), which does nothing before the window is shown. */
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
  g_task_return_boolean (outer, TRUE);
}

/**
 * pw_export_dialog_save_async:
 *
 * Saves as the Save (or Replace) button does, in a thread: refuses an
 * invalid path, replaces a file only if its diff is the one shown, shows any
 * error in the dialog and keeps it open; on success emits
 * #PwExportDialog::exported and closes the dialog.
 */
void
pw_export_dialog_save_async (PwExportDialog      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  const char *path;
  SaveJob *job;

  g_return_if_fail (PW_IS_EXPORT_DIALOG (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, pw_export_dialog_save_async);
  path = pw_export_dialog_get_path (self);
  if (self->invalid != NULL || self->checking || self->saving)
    {
      if (self->invalid != NULL)
        set_label (self->save_error, self->invalid->message);
      g_task_return_error (outer, self->invalid != NULL
                                  ? g_error_copy (self->invalid)
                                  : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PENDING,
                                                         "The path is still being checked"));
      return;
    }

  job = g_new0 (SaveJob, 1);
  job->workspace = g_object_ref (self->workspace);
  job->path = g_strdup (path);
  job->text = g_strdup (self->text);
  if (self->conflict && g_strcmp0 (self->shown_path, path) == 0)
    job->shown_contents = g_strdup (self->shown_contents);

  self->saving = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save", FALSE);
  /* The worker thread holds its task a moment after the callback ran: the
   * dialog must not be that task's source, or its last reference could go
   * in the worker (GTK objects are finalized on the main thread only). */
  task = g_task_new (NULL, self->cancellable, saved_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (task, save_thread);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * pw_export_dialog_save_finish:
 *
 * Returns: %TRUE if the file was written
 */
gboolean
pw_export_dialog_save_finish (PwExportDialog  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * pw_export_dialog_save:
 * @error: return location for a #GError
 *
 * pw_export_dialog_save_async() once the path is checked, waited for by
 * running the main loop: for tests.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
pw_export_dialog_save (PwExportDialog  *self,
                       GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_return_val_if_fail (PW_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  while (self->checking)
    g_main_context_iteration (NULL, TRUE);
  g_object_ref (self);
  pw_export_dialog_save_async (self, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = pw_export_dialog_save_finish (self, result, error);
  g_object_unref (self);

  return ok;
}
