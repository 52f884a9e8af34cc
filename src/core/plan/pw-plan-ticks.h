/* pw-plan-ticks.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pw-types.h"

G_BEGIN_DECLS

#define PW_TYPE_PLAN_TICKS (pw_plan_ticks_get_type ())

G_DECLARE_FINAL_TYPE (PwPlanTicks, pw_plan_ticks, PW, PLAN_TICKS, GObject)

PwPlanTicks *pw_plan_ticks_new          (void) G_GNUC_WARN_UNUSED_RESULT;
PwPlan      *pw_plan_ticks_get_plan     (PwPlanTicks *self);
void         pw_plan_ticks_set_plan     (PwPlanTicks *self,
                                         PwPlan      *plan);
gboolean     pw_plan_ticks_toggle       (PwPlanTicks *self,
                                         guint        step,
                                         gboolean     done);
gboolean     pw_plan_ticks_undo         (PwPlanTicks *self);
gboolean     pw_plan_ticks_redo         (PwPlanTicks *self);
gboolean     pw_plan_ticks_get_can_undo (PwPlanTicks *self);
gboolean     pw_plan_ticks_get_can_redo (PwPlanTicks *self);
void         pw_plan_ticks_clear        (PwPlanTicks *self);

G_END_DECLS
