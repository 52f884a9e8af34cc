/* pw-coverage-page.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-plan-queue.h"
#include "pw-planning.h"
#include "pw-workspace.h"

G_BEGIN_DECLS

#define PW_TYPE_COVERAGE_PAGE (pw_coverage_page_get_type ())

G_DECLARE_FINAL_TYPE (PwCoveragePage, pw_coverage_page, PW, COVERAGE_PAGE, AdwBin)

/* The repository's coverage: every endpoint of the API spec by resource,
 * planned or not, with the plan's progress and a mark when it is stale.
 * Activating a planned endpoint emits "open-plan" (the plan's path), an
 * unplanned one "plan-endpoint" (the endpoint's key). */
GtkWidget  *pw_coverage_page_new            (void) G_GNUC_WARN_UNUSED_RESULT;
void        pw_coverage_page_set_workspace  (PwCoveragePage *self,
                                             PwWorkspace    *workspace);
void        pw_coverage_page_refresh        (PwCoveragePage *self);
gboolean    pw_coverage_page_get_loading    (PwCoveragePage *self);
const char *pw_coverage_page_get_totals_text (PwCoveragePage *self);
GPtrArray  *pw_coverage_page_get_rows       (PwCoveragePage *self);
gboolean    pw_coverage_page_activate_endpoint (PwCoveragePage *self,
                                             const char     *key);
/* What "Plan Unplanned…" makes its plans with (NULL: the endpoints
 * template and the default profile). */
void        pw_coverage_page_set_plan_spec  (PwCoveragePage   *self,
                                             const PwPlanSpec *spec);
/* The last "Plan Unplanned…" queue, or NULL. */
PwPlanQueue *pw_coverage_page_get_queue     (PwCoveragePage *self);

G_END_DECLS
