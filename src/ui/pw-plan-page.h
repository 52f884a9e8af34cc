/* pw-plan-page.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-plan.h"
#include "pw-planning.h"
#include "pw-plan-view.h"
#include "pw-workspace.h"
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PW_TYPE_PLAN_PAGE (pw_plan_page_get_type ())

G_DECLARE_FINAL_TYPE (PwPlanPage, pw_plan_page, PW, PLAN_PAGE, AdwBin)

GtkWidget  *pw_plan_page_new               (void) G_GNUC_WARN_UNUSED_RESULT;
void        pw_plan_page_set_workspace     (PwPlanPage       *self,
                                            PwWorkspace      *workspace);
PwPlan     *pw_plan_page_get_plan          (PwPlanPage       *self);
/* Generates a plan for @spec, streaming into the view. */
void        pw_plan_page_generate          (PwPlanPage       *self,
                                            const PwPlanSpec *spec);
/* Opens a plan file of the repository; ticking steps saves it. */
gboolean    pw_plan_page_open_file         (PwPlanPage       *self,
                                            const char       *relative_path,
                                            GError          **error);
gboolean    pw_plan_page_get_busy          (PwPlanPage       *self);
gboolean    pw_plan_page_get_loading       (PwPlanPage       *self);
void        pw_plan_page_open_history_entry (PwPlanPage      *self,
                                            JsonObject       *entry);
PwPlanView *pw_plan_page_get_plan_view     (PwPlanPage       *self);
void        pw_plan_page_toggle_step       (PwPlanPage       *self,
                                            guint             step,
                                            gboolean          done);
/* The provider error shown, or NULL. */
const char *pw_plan_page_get_error         (PwPlanPage       *self);
/* The repository's plans (PwPlanSummary), as listed. */
GPtrArray  *pw_plan_page_get_summaries     (PwPlanPage       *self);
gboolean    pw_plan_page_get_has_unsaved_work (PwPlanPage    *self);

G_END_DECLS
