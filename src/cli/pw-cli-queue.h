/* pw-cli-queue.h: planwright plan --all-unplanned, for pw-cli-plan.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-planning.h"
#include "pw-workspace.h"

G_BEGIN_DECLS

int pw_cli_queue_check_args (gboolean     has_subject,
                             const char  *output);
int pw_cli_queue_run        (PwWorkspace *workspace,
                             PwPlanSpec  *base,
                             const char  *output);

G_END_DECLS
