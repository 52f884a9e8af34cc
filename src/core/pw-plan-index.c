/* pw-plan-index.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-plan-index.h"

/* STUB: to be written. */

GPtrArray *pw_plan_index_scan (PwWorkspace *workspace, GCancellable *cancellable)
{ return g_ptr_array_new_with_free_func ((GDestroyNotify) pw_plan_summary_free); }
PwPlanSummary *pw_plan_index_find_endpoint (GPtrArray *summaries, const char *endpoint_key)
{ return NULL; }
void pw_plan_summary_free (PwPlanSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->path);
  g_free (summary->title);
  g_strfreev (summary->endpoints);
  g_free (summary);
}
