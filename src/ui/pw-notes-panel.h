/* pw-notes-panel.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-plan-notes.h"
#include "pw-plan.h"

G_BEGIN_DECLS

#define PW_TYPE_NOTES_PANEL (pw_notes_panel_get_type ())

G_DECLARE_FINAL_TYPE (PwNotesPanel, pw_notes_panel, PW, NOTES_PANEL, GtkWidget)

/* The notes of a plan, as a list: what each is on, its text and status,
 * and buttons to resolve or reopen, edit and delete it. Open notes are
 * highlighted once a revision has given the notes their status. */
GtkWidget   *pw_notes_panel_new         (void) G_GNUC_WARN_UNUSED_RESULT;
void         pw_notes_panel_set_notes   (PwNotesPanel *self,
                                         PwPlanNotes  *notes);
PwPlanNotes *pw_notes_panel_get_notes   (PwNotesPanel *self);
GtkListBox  *pw_notes_panel_get_list    (PwNotesPanel *self);
void         pw_notes_panel_edit        (PwNotesPanel *self,
                                         const char   *id);

G_END_DECLS
