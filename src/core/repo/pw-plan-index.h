/* pw-plan-index.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-types.h"

G_BEGIN_DECLS

/**
 * PwPlanSummary:
 * @path: the plan's path relative to the repository
 * @title: its first heading, or the file name
 * @n_steps: implementation steps
 * @n_done: steps ticked
 * @endpoints: (array zero-terminated=1): "METHOD /path" keys of the
 *   workspace's endpoints that this plan is for
 * @modified: modification time (Unix seconds)
 *
 * One existing plan in a repository.
 */
typedef struct
{
  char    *path;
  char    *title;
  guint    n_steps;
  guint    n_done;
  char   **endpoints;
  gint64   modified;
} PwPlanSummary;

/* Reads every plan the workspace found (pw_workspace plans role) and says
 * which of the API spec's endpoints each is for: by the export file name the
 * templates would give it, or by the endpoint's method and path appearing in
 * the plan's title or first section. Unreadable plans are skipped. Returns a
 * #GPtrArray of #PwPlanSummary sorted by path. */
GPtrArray     *pw_plan_index_scan         (PwWorkspace   *workspace,
                                           GCancellable  *cancellable) G_GNUC_WARN_UNUSED_RESULT;
/* pw_plan_index_scan() without blocking: the plans are read in a thread. */
void           pw_plan_index_scan_async   (PwWorkspace         *workspace,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GPtrArray     *pw_plan_index_scan_finish  (PwWorkspace   *workspace,
                                           GAsyncResult  *result,
                                           GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* The summary of the plan for @endpoint_key in @summaries, or NULL. */
PwPlanSummary *pw_plan_index_find_endpoint (GPtrArray    *summaries,
                                           const char    *endpoint_key);
void           pw_plan_summary_free       (PwPlanSummary *summary);
/* "get /api/books/:id" → "GET /api/books/{}": path parameters spelled
 * `{id}`, `:id`, `<id>` or `[id]` compare equal. NULL if not a key. */
char          *pw_plan_index_normalize_key (const char   *key) G_GNUC_WARN_UNUSED_RESULT;
/* One resource name per endpoint of @endpoints (from pw_endpoints_extract()
 * on @text): the spec's section heading, or the first path segment after
 * /api. */
char         **pw_plan_index_group_endpoints (const char *text,
                                             gsize       length,
                                             GPtrArray  *endpoints) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwPlanSummary, pw_plan_summary_free)

G_END_DECLS
