/* pw-plans-list.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-plan.h"
#include "pw-workspace.h"

G_BEGIN_DECLS

#define PW_TYPE_PLANS_LIST (pw_plans_list_get_type ())

G_DECLARE_FINAL_TYPE (PwPlansList, pw_plans_list, PW, PLANS_LIST, AdwBin)

GtkWidget  *pw_plans_list_new           (void) G_GNUC_WARN_UNUSED_RESULT;
void        pw_plans_list_set_workspace (PwPlansList *self,
                                         PwWorkspace *workspace);
gboolean    pw_plans_list_get_loading   (PwPlansList *self);
GPtrArray  *pw_plans_list_get_summaries (PwPlansList *self);
void        pw_plans_list_set_open_path (PwPlansList *self,
                                         const char  *relative_path);
void        pw_plans_list_update_plan   (PwPlansList *self,
                                         const char  *relative_path,
                                         PwPlan      *plan);

G_END_DECLS
