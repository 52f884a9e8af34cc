/* pw-notes-marks.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pw-plan-notes.h"
#include "pw-plan.h"

G_BEGIN_DECLS

/* Which steps and sections of a plan have notes, for the rows that show
 * them: the notes' text for a tooltip, and whether one is open. */
typedef struct _PwNotesMarks PwNotesMarks;

PwNotesMarks *pw_notes_marks_new    (PwPlanNotes  *notes,
                                     PwPlan       *plan) G_GNUC_WARN_UNUSED_RESULT;
void          pw_notes_marks_free   (PwNotesMarks *marks);
guint         pw_notes_marks_lookup (PwNotesMarks *marks,
                                     gboolean      section,
                                     guint         index,
                                     const char  **text,
                                     gboolean     *open);

/* Points *@field at @notes and calls @changed (swapped, on @instance)
 * whenever they change; FALSE when it already pointed there. */
gboolean      pw_notes_follow       (PwPlanNotes **field,
                                     PwPlanNotes  *notes,
                                     GCallback     changed,
                                     gpointer      instance);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwNotesMarks, pw_notes_marks_free)

G_END_DECLS
