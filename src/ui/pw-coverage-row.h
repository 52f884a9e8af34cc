/* pw-coverage-row.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-coverage.h"

G_BEGIN_DECLS

#define PW_TYPE_COVERAGE_ROW (pw_coverage_row_get_type ())

G_DECLARE_FINAL_TYPE (PwCoverageRow, pw_coverage_row, PW, COVERAGE_ROW, AdwActionRow)

/* One endpoint on the coverage page: its key and description, the plan's
 * progress or "Not planned", a mark when the plan is stale. */
GtkWidget  *pw_coverage_row_new           (const PwCoverageEndpoint *item) G_GNUC_WARN_UNUSED_RESULT;
const char *pw_coverage_row_get_key       (PwCoverageRow            *self);
const char *pw_coverage_row_get_plan_path (PwCoverageRow            *self);
gboolean    pw_coverage_row_get_stale     (PwCoverageRow            *self);
const char *pw_coverage_row_get_progress_text (PwCoverageRow        *self);

G_END_DECLS
