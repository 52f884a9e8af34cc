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
#include "pw-utils.h"

/*
 * The path is checked on every keystroke: its text first (relative, no
 * `..`), then the file system (symbolic links out of the repository, a
 * folder in the way). When a file is already there its contents are kept as
 * they were shown, and Save replaces the file only if the diff on screen is
 * the diff of that very path against the file as it still is.
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
  char         *text;
  char         *shown_path;     /* (nullable) the path whose file the diff shows */
  char         *shown_contents; /* (nullable) that file as it was read */
  GError       *invalid;        /* (nullable) why the path cannot be saved to */

  /* state */
  guint         conflict : 1;
};

G_DEFINE_FINAL_TYPE (PwExportDialog, pw_export_dialog, ADW_TYPE_WINDOW)

enum
{
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;

  /* Labels need UTF-8; a non-UTF-8 file still shows, with replacements. */
  if (!g_utf8_validate (contents, length, NULL))
    return g_utf8_make_valid (contents, length);

  return g_steal_pointer (&contents);
}

/* Works out what Save would do for the current path and shows it. */
static void
update_state (PwExportDialog *self)
{
  const char *path = gtk_editable_get_text (GTK_EDITABLE (self->path_row));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_path = NULL;
  g_autofree char *contents = NULL;
  GFileType type = G_FILE_TYPE_UNKNOWN;

  g_clear_pointer (&self->shown_path, g_free);
  g_clear_pointer (&self->shown_contents, g_free);
  set_invalid (self, NULL);
  self->conflict = FALSE;

  if (*path == '\0')
    {
      set_invalid (self, g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE,
                                              _("Enter a path inside the repository")));
    }
  else if (!pw_path_is_confined (path))
    {
      set_invalid (self, g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE,
                                              _("The path must be relative to the repository, "
                                                "without “..”")));
    }
  else if ((file = pw_workspace_resolve_path (self->workspace, path, &error)) == NULL)
    {
      set_invalid (self, g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE,
                                              _("This path leads outside the repository")));
    }
  else
    {
      file_path = g_file_get_path (file);
      if (file_path != NULL && g_file_test (file_path, G_FILE_TEST_IS_SYMLINK)
          && !g_file_test (file_path, G_FILE_TEST_EXISTS))
        {
          set_invalid (self, g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE,
                                                  _("This path is a broken symbolic link")));
        }
      else
        {
          type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);
        }
    }

  if (self->invalid == NULL && type == G_FILE_TYPE_DIRECTORY)
    {
      set_invalid (self, g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_INVALID,
                                              _("A folder is already there")));
    }
  else if (self->invalid == NULL && type != G_FILE_TYPE_UNKNOWN)
    {
      contents = read_existing (file, &error);
      if (contents == NULL)
        {
          g_debug ("Cannot read %s: %s", path, error->message);
          set_invalid (self, g_error_new (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                                          _("The file already there cannot be read: %s"),
                                          error->message));
        }
      else
        {
          self->conflict = TRUE;
          self->shown_path = g_strdup (path);
          self->shown_contents = g_steal_pointer (&contents);
        }
    }

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
    {
      gtk_button_set_label (self->save_button, _("_Replace"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->save_button), "destructive-action");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button),
                                   _("Replace the file in the repository (Ctrl+S)"));
    }
  else
    {
      gtk_button_set_label (self->save_button, _("_Save"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->save_button), "suggested-action");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button),
                                   _("Save the file to the repository (Ctrl+S)"));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save", self->invalid == NULL);
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
  PwExportDialog *self = PW_EXPORT_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  /* The error is shown in the dialog already. */
  pw_export_dialog_save (self, &error);
}

static void
entry_activated_cb (PwExportDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "export.save", NULL);
}

static void
pw_export_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (pw_export_dialog_parent_class)->dispose (object);
}

static void
pw_export_dialog_finalize (GObject *object)
{
  PwExportDialog *self = PW_EXPORT_DIALOG (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->shown_path, g_free);
  g_clear_pointer (&self->shown_contents, g_free);
  g_clear_error (&self->invalid);

  G_OBJECT_CLASS (pw_export_dialog_parent_class)->finalize (object);
}

static void
pw_export_dialog_class_init (PwExportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pw_export_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = pw_export_dialog_finalize;

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

static gboolean
fail (PwExportDialog  *self,
      GError          *local_error,
      GError         **error)
{
  set_label (self->save_error, local_error->message);
  g_propagate_error (error, local_error);
  return FALSE;
}

/**
 * pw_export_dialog_save:
 * @error: return location for a #GError
 *
 * Saves as the Save (or Replace) button does: refuses an invalid path,
 * replaces a file only if its diff is the one shown, shows any error in the
 * dialog and keeps it open; on success emits #PwExportDialog::exported and
 * closes the dialog.
 *
 * Returns: %TRUE if the file was written
 */
gboolean
pw_export_dialog_save (PwExportDialog  *self,
                       GError         **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean force = FALSE;

  g_return_val_if_fail (PW_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_strdup (pw_export_dialog_get_path (self));
  if (self->invalid != NULL)
    return fail (self, g_error_copy (self->invalid), error);

  if (self->conflict && g_strcmp0 (self->shown_path, path) == 0)
    {
      g_autoptr(GFile) file = pw_workspace_resolve_path (self->workspace, path, NULL);
      g_autofree char *now = file != NULL ? read_existing (file, NULL) : NULL;

      /* Replacing is only agreed to for the file as the diff showed it. */
      if (g_strcmp0 (now, self->shown_contents) != 0)
        {
          update_state (self);
          return fail (self, g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT,
                                                  _("The file changed since it was shown. "
                                                    "Review the new changes and save again.")),
                       error);
        }
      force = TRUE;
    }

  if (!pw_export_write (self->workspace, path, self->text, force, &local_error))
    {
      g_debug ("Saving %s failed: %s", path, local_error->message);
      if (g_error_matches (local_error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT))
        {
          /* A file appeared since the path was checked: show its diff. */
          update_state (self);
          g_clear_error (&local_error);
          local_error = g_error_new_literal (PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT,
                                             _("A file appeared at this path. "
                                               "Review the changes and save again."));
        }
      else
        {
          g_autoptr(GError) shown = g_error_new (local_error->domain, local_error->code,
                                                 _("Could not save: %s"), local_error->message);

          g_clear_error (&local_error);
          local_error = g_steal_pointer (&shown);
        }
      return fail (self, g_steal_pointer (&local_error), error);
    }

  g_object_ref (self);
  g_signal_emit (self, signals[EXPORTED], 0, path);
  /* Not gtk_window_close(), which does nothing before the window is shown. */
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);

  return TRUE;
}
