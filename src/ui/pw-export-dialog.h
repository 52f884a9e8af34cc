/* pw-export-dialog.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-diff-view.h"
#include "pw-workspace.h"

G_BEGIN_DECLS

#define PW_TYPE_EXPORT_DIALOG (pw_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PwExportDialog, pw_export_dialog, PW, EXPORT_DIALOG, AdwWindow)

/* "Save to Repository": an editable path (relative, confined to the
 * repository, checked as typed), and when a file is there a PwDiffView of it
 * against @text; Save writes through pw_export_write() (replacing only after
 * the user saw the diff and confirmed) and emits PwExportDialog::exported
 * (const char *relative_path) before closing. Errors show in the dialog. */
PwExportDialog *pw_export_dialog_new      (GtkWindow      *parent,
                                           PwWorkspace    *workspace,
                                           const char     *suggested_path,
                                           const char     *text) G_GNUC_WARN_UNUSED_RESULT;
const char     *pw_export_dialog_get_path (PwExportDialog *self);
void            pw_export_dialog_set_path (PwExportDialog *self,
                                           const char     *relative_path);
/* Whether a file exists at the path (the diff is shown). */
gboolean        pw_export_dialog_get_conflict (PwExportDialog *self);
/* Whether the path just set is still being checked on disk. */
gboolean        pw_export_dialog_get_checking (PwExportDialog *self);
void            pw_export_dialog_save_async  (PwExportDialog      *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean        pw_export_dialog_save_finish (PwExportDialog  *self,
                                              GAsyncResult    *result,
                                              GError         **error);
/* Saves as the Save button would, waiting for it (tests). */
gboolean        pw_export_dialog_save     (PwExportDialog *self,
                                           GError        **error);
PwDiffView     *pw_export_dialog_get_diff_view (PwExportDialog *self);

G_END_DECLS
