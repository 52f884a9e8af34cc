/* pw-plan-view-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-plan-view.h"

G_BEGIN_DECLS

void     pw_plan_view_apply_pending (PwPlanView *self);
gboolean pw_plan_view_get_behind    (PwPlanView *self);
gboolean pw_plan_view_get_preparing (PwPlanView *self);

G_END_DECLS
