/* pw-plan-view.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-plan.h"
#include "pw-plan-notes.h"

G_BEGIN_DECLS

#define PW_TYPE_PLAN_VIEW (pw_plan_view_get_type ())

G_DECLARE_FINAL_TYPE (PwPlanView, pw_plan_view, PW, PLAN_VIEW, GtkWidget)

/* The rendered plan: a progress header ("3 of 8 done"), the <analysis> in a
 * collapsed expander, and the blocks of the plan (pw-blocks.h) in a
 * recycling list; steps are check buttons, the next three open ones are
 * highlighted. The view never edits the plan: a click on a step emits
 * PwPlanView::step-toggled (guint step, gboolean done) and the owner applies
 * it. Updates from PwPlan::changed are coalesced to one per frame; while the
 * plan streams, only the changed tail is re-parsed, and the view follows the
 * end unless the user scrolled up. */
GtkWidget  *pw_plan_view_new              (void) G_GNUC_WARN_UNUSED_RESULT;
PwPlan     *pw_plan_view_get_plan         (PwPlanView *self);
void        pw_plan_view_set_plan         (PwPlanView *self,
                                           PwPlan     *plan);
/* Applies pending changes now instead of at the next frame (tests). */
void        pw_plan_view_flush            (PwPlanView *self);
GListModel *pw_plan_view_get_blocks       (PwPlanView *self);
gboolean    pw_plan_view_get_follow_end   (PwPlanView *self);
void        pw_plan_view_scroll_to_line   (PwPlanView *self,
                                           guint       line);
/* Loads the highlighting of @languages (code fence names) in idle time
 * ahead of a plan, so its first code block does not stall a frame. */
void        pw_plan_view_prepare_languages (PwPlanView         *self,
                                            const char * const *languages);
/* Notes shown on their steps and sections; "note-requested" (gint step,
 * gint section) asks for a new one. */
void        pw_plan_view_set_notes        (PwPlanView  *self,
                                           PwPlanNotes *notes);
gint        pw_plan_view_get_focused_step (PwPlanView  *self);
/* Text selected in the plan, as bytes of its text; "text-note-requested"
 * (guint64 start, guint64 end) asks for a note on it (its context menu). */
gboolean    pw_plan_view_get_selected_span (PwPlanView *self,
                                            gsize      *start,
                                            gsize      *end);
GtkWidget  *pw_plan_view_get_note_button  (PwPlanView  *self,
                                           gint         step,
                                           gint         section);

G_END_DECLS
