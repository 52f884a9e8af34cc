/* pw-endpoint-row.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-endpoints.h"
#include "pw-plan-index.h"

G_BEGIN_DECLS

#define PW_TYPE_ENDPOINT_ROW (pw_endpoint_row_get_type ())

G_DECLARE_FINAL_TYPE (PwEndpointRow, pw_endpoint_row, PW, ENDPOINT_ROW, AdwActionRow)

/* One endpoint of the API spec in the new-plan wizard: a check button, the
 * method's badge, the path and title, and a "planned" pill when a plan for
 * it exists. The row's :selected property is its check button's state. */
GtkWidget  *pw_endpoint_row_new               (PwEndpoint     *endpoint,
                                               PwPlanSummary  *summary,
                                               const char     *group) G_GNUC_WARN_UNUSED_RESULT;
const char *pw_endpoint_row_get_key           (PwEndpointRow  *self);
gboolean    pw_endpoint_row_get_selected      (PwEndpointRow  *self);
void        pw_endpoint_row_set_selected      (PwEndpointRow  *self,
                                               gboolean        selected);
void        pw_endpoint_row_join              (PwEndpointRow  *self,
                                               PwEndpointRow  *first);
gboolean    pw_endpoint_row_matches           (PwEndpointRow  *self,
                                               const char    **words);
const char *pw_endpoint_row_get_planned_label (PwEndpointRow  *self);

G_END_DECLS
