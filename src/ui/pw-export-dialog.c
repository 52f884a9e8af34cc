/* pw-export-dialog.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-export-dialog.h"

/* STUB: to be written. */

struct _PwExportDialog
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (PwExportDialog, pw_export_dialog, ADW_TYPE_WINDOW)

static void pw_export_dialog_class_init (PwExportDialogClass *klass) { }
static void pw_export_dialog_init (PwExportDialog *self) { }
PwExportDialog *pw_export_dialog_new (GtkWindow *parent, PwWorkspace *workspace, const char *suggested_path, const char *text)
{ return g_object_new (PW_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL); }
const char *pw_export_dialog_get_path (PwExportDialog *self) { return NULL; }
void pw_export_dialog_set_path (PwExportDialog *self, const char *relative_path) { }
gboolean pw_export_dialog_get_conflict (PwExportDialog *self) { return FALSE; }
gboolean pw_export_dialog_save (PwExportDialog *self, GError **error)
{ g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "stub"); return FALSE; }
