/* pw-notes-dialog.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PW_TYPE_NOTES_DIALOG (pw_notes_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PwNotesDialog, pw_notes_dialog, PW, NOTES_DIALOG, AdwMessageDialog)

/* Asks for a note's text: the heading says what the note is on, the body
 * quotes it; the response is "save" or "cancel". */
GtkWidget  *pw_notes_dialog_new      (GtkWindow  *parent,
                                      const char *anchor,
                                      const char *quote,
                                      const char *text) G_GNUC_WARN_UNUSED_RESULT;
const char *pw_notes_dialog_get_text (PwNotesDialog *self);
void        pw_notes_dialog_set_text (PwNotesDialog *self,
                                      const char    *text);

G_END_DECLS
