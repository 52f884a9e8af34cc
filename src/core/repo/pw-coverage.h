/* pw-coverage.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-stale.h"
#include "pw-types.h"

G_BEGIN_DECLS

/**
 * PwCoverageEndpoint:
 * @key: "METHOD /path" as the spec writes it
 * @title: (nullable): the endpoint's heading in the spec
 * @resource: the group it is shown in
 * @plan_path: (nullable): the plan for it, if any
 * @n_steps: the plan's steps
 * @n_done: the plan's ticked steps
 * @stale: whether the plan's inputs changed since it was written
 * @stale_message: (nullable): what changed, one line per input
 */
typedef struct
{
  char         *key;
  char         *title;
  char         *resource;
  char         *plan_path;
  guint         n_steps;
  guint         n_done;
  PwStaleState  stale;
  char         *stale_message;
} PwCoverageEndpoint;

/**
 * PwCoverageGroup:
 * @resource: e.g. "books"
 * @endpoints: (element-type PwCoverageEndpoint): in the spec's order
 * @n_planned: endpoints with a plan
 */
typedef struct
{
  char      *resource;
  GPtrArray *endpoints;
  guint      n_planned;
} PwCoverageGroup;

/**
 * PwCoverage:
 * @spec_path: (nullable): the API spec read, relative to the repository
 * @groups: (element-type PwCoverageGroup): by first appearance in the spec
 * @n_endpoints: every endpoint of the spec
 * @n_planned: endpoints with a plan
 * @n_steps: steps of those plans (a plan for several endpoints counts once)
 * @n_done: ticked steps of those plans
 * @n_stale: plans whose inputs changed
 */
typedef struct
{
  char      *spec_path;
  GPtrArray *groups;
  guint      n_endpoints;
  guint      n_planned;
  guint      n_steps;
  guint      n_done;
  guint      n_stale;
} PwCoverage;

char       *pw_coverage_resource_of     (const char    *path) G_GNUC_WARN_UNUSED_RESULT;
PwCoverage *pw_coverage_compute         (PwWorkspace   *workspace,
                                         GCancellable  *cancellable,
                                         GError       **error) G_GNUC_WARN_UNUSED_RESULT;
void        pw_coverage_compute_async   (GFile               *root,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
PwCoverage *pw_coverage_compute_finish  (GAsyncResult  *result,
                                         GError       **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *pw_coverage_dup_unplanned   (PwCoverage    *coverage) G_GNUC_WARN_UNUSED_RESULT;
char       *pw_coverage_format_totals   (PwCoverage    *coverage) G_GNUC_WARN_UNUSED_RESULT;
char       *pw_coverage_format          (PwCoverage    *coverage) G_GNUC_WARN_UNUSED_RESULT;
JsonNode   *pw_coverage_to_json         (PwCoverage    *coverage) G_GNUC_WARN_UNUSED_RESULT;
void        pw_coverage_free            (PwCoverage    *coverage);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwCoverage, pw_coverage_free)

G_END_DECLS
