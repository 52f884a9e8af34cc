/* pw-walkthrough-window.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-plan.h"
#include "pw-plan-notes.h"

G_BEGIN_DECLS

#define PW_TYPE_WALKTHROUGH_WINDOW (pw_walkthrough_window_get_type ())

G_DECLARE_FINAL_TYPE (PwWalkthroughWindow, pw_walkthrough_window, PW, WALKTHROUGH_WINDOW, AdwWindow)

/* Presents @plan fullscreen, one step per slide with its section title,
 * in large type (PwWalkthroughWindow:zoom 100–300, Ctrl+plus/minus/0);
 * Left/Right/Space/Page keys move, X emits PwWalkthroughWindow::step-toggled
 * (guint step, gboolean done) for the owner to apply, a progress strip shows
 * where we are and what is done, Escape closes. Follows PwPlan::changed. */
PwWalkthroughWindow *pw_walkthrough_window_new      (GtkWindow           *parent,
                                                     PwPlan              *plan) G_GNUC_WARN_UNUSED_RESULT;
guint                pw_walkthrough_window_get_step (PwWalkthroughWindow *self);
void                 pw_walkthrough_window_set_step (PwWalkthroughWindow *self,
                                                     guint                step);
guint                pw_walkthrough_window_get_zoom (PwWalkthroughWindow *self);
void                 pw_walkthrough_window_set_zoom (PwWalkthroughWindow *self,
                                                     guint                zoom);
/* Notes shown on their steps' slides; N asks for one through
 * "note-requested" (guint step). */
void                 pw_walkthrough_window_set_notes (PwWalkthroughWindow *self,
                                                      PwPlanNotes         *notes);
GtkLabel            *pw_walkthrough_window_get_notes_label (PwWalkthroughWindow *self);

G_END_DECLS
