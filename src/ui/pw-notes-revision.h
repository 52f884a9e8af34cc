/* pw-notes-revision.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-plan-run.h"
#include "pw-revision.h"
#include "pw-workspace.h"

G_BEGIN_DECLS

#define PW_TYPE_NOTES_REVISION (pw_notes_revision_get_type ())

G_DECLARE_FINAL_TYPE (PwNotesRevision, pw_notes_revision, PW, NOTES_REVISION, AdwWindow)

/* A revision with notes, from the request to the decision: the request as
 * it is sent (Send or Cancel), the new version as it streams (Esc stops),
 * then the line diff against the plan with Accept, Reject and Edit.
 * Signal "accepted" (const char *text, gboolean edit): the new version,
 * and whether the user wants to edit it; pw_revision_get_notes() then
 * holds the notes with their status against it. */
GtkWidget  *pw_notes_revision_new          (GtkWindow        *parent,
                                            PwWorkspace      *workspace,
                                            const PwPlanSpec *spec,
                                            PwRevision       *revision) G_GNUC_WARN_UNUSED_RESULT;
const char *pw_notes_revision_get_stage    (PwNotesRevision  *self);
PwPlanRun  *pw_notes_revision_get_run      (PwNotesRevision  *self);

G_END_DECLS
