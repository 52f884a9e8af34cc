/* pw-coverage.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-coverage"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-coverage.h"
#include "pw-openapi.h"
#include "pw-document.h"
#include "pw-endpoints.h"
#include "pw-file-io.h"
#include "pw-json-build.h"
#include "pw-plan-index.h"
#include "pw-workspace.h"

/*
 * Coverage: every endpoint of the API spec, grouped by resource, with the
 * plan the plan index ties to it, that plan's progress and whether its
 * inputs changed since it was written (pw-stale.c).
 */

static void
coverage_endpoint_free (PwCoverageEndpoint *endpoint)
{
  g_free (endpoint->key);
  g_free (endpoint->title);
  g_free (endpoint->resource);
  g_free (endpoint->plan_path);
  g_free (endpoint->stale_message);
  g_free (endpoint);
}

static void
coverage_group_free (PwCoverageGroup *group)
{
  g_free (group->resource);
  g_ptr_array_unref (group->endpoints);
  g_free (group);
}

void
pw_coverage_free (PwCoverage *coverage)
{
  if (coverage == NULL)
    return;

  g_free (coverage->spec_path);
  g_ptr_array_unref (coverage->groups);
  g_free (coverage);
}

static gboolean
is_version_segment (const char *segment,
                    gsize       length)
{
  if (length < 2 || (segment[0] != 'v' && segment[0] != 'V'))
    return FALSE;
  for (gsize i = 1; i < length; i++)
    {
      if (!g_ascii_isdigit (segment[i]))
        return FALSE;
    }

  return TRUE;
}

/**
 * pw_coverage_resource_of:
 * @path: an endpoint's path, e.g. "/api/v1/books/{id}"
 *
 * The resource an endpoint belongs to: its first path segment after an
 * `/api` and a `/vN` prefix ("books"), or "/" for the root.
 *
 * Returns: (transfer full): the resource's name
 */
char *
pw_coverage_resource_of (const char *path)
{
  const char *p = path;

  g_return_val_if_fail (path != NULL, NULL);

  while (*p != '\0')
    {
      const char *end;

      while (*p == '/')
        p++;
      end = p + strcspn (p, "/?#");
      if (end == p)
        break;
      if ((end - p == 3 && g_ascii_strncasecmp (p, "api", 3) == 0)
          || is_version_segment (p, end - p))
        {
          p = end;
          continue;
        }
      return g_strndup (p, end - p);
    }

  return g_strdup ("/");
}

static PwCoverageGroup *
find_group (GPtrArray  *groups,
            const char *resource)
{
  PwCoverageGroup *group;

  for (guint i = 0; i < groups->len; i++)
    {
      group = g_ptr_array_index (groups, i);
      if (g_str_equal (group->resource, resource))
        return group;
    }

  group = g_new0 (PwCoverageGroup, 1);
  group->resource = g_strdup (resource);
  group->endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) coverage_endpoint_free);
  g_ptr_array_add (groups, group);
  return group;
}

/* The plan's stale state, checked once per plan however many endpoints it
 * covers. */
static PwStaleReport *
plan_report (PwWorkspace   *workspace,
             PwPlanSummary *summary,
             GHashTable    *reports)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  PwStaleReport *report = g_hash_table_lookup (reports, summary->path);

  if (report != NULL)
    return report;

  file = pw_workspace_resolve_path (workspace, summary->path, NULL);
  if (file != NULL && pw_file_read (file, PW_FILE_MAX_SIZE, &contents, &length, NULL, NULL))
    report = pw_stale_check (workspace, contents, length,
                             (const char * const *) summary->endpoints);
  else
    report = pw_stale_check (workspace, "", 0, NULL);
  g_hash_table_insert (reports, g_strdup (summary->path), report);

  return report;
}

static void
add_plan (PwCoverage         *coverage,
          PwCoverageEndpoint *item,
          PwPlanSummary      *summary,
          PwStaleReport      *report,
          GHashTable         *counted)
{
  item->plan_path = g_strdup (summary->path);
  item->n_steps = summary->n_steps;
  item->n_done = summary->n_done;
  item->stale = report->state;
  if (report->state == PW_STALE_STALE)
    item->stale_message = pw_stale_describe (report);

  coverage->n_planned++;
  if (g_hash_table_add (counted, g_strdup (summary->path)))
    {
      coverage->n_steps += summary->n_steps;
      coverage->n_done += summary->n_done;
      if (report->state == PW_STALE_STALE)
        coverage->n_stale++;
    }
}

static void
add_endpoints (PwCoverage   *coverage,
               PwWorkspace  *workspace,
               GPtrArray    *endpoints,
               GPtrArray    *summaries)
{
  g_autoptr(GHashTable) reports = NULL;
  g_autoptr(GHashTable) counted = NULL;

  reports = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) pw_stale_report_free);
  counted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);
      PwCoverageEndpoint *item = g_new0 (PwCoverageEndpoint, 1);
      PwCoverageGroup *group;
      PwPlanSummary *summary;

      item->key = pw_endpoint_dup_key (endpoint);
      item->title = g_strdup (endpoint->title);
      /* An OpenAPI operation's tag names its resource. */
      item->resource = endpoint->group != NULL ? g_strdup (endpoint->group)
                                               : pw_coverage_resource_of (endpoint->path);
      item->stale = PW_STALE_UNKNOWN;

      summary = pw_plan_index_find_endpoint (summaries, item->key);
      if (summary != NULL)
        add_plan (coverage, item, summary, plan_report (workspace, summary, reports), counted);

      group = find_group (coverage->groups, item->resource);
      if (item->plan_path != NULL)
        group->n_planned++;
      g_ptr_array_add (group->endpoints, item);
      coverage->n_endpoints++;
    }
}

/**
 * pw_coverage_compute:
 * @workspace: the repository, scanned
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError: %G_IO_ERROR_NOT_FOUND when the
 *   repository has no API spec, or the spec's read error
 *
 * Reads the API spec and every plan. Blocks: call it in a thread in a UI
 * (or use pw_coverage_compute_async()).
 *
 * Returns: (transfer full) (nullable): the coverage
 */
PwCoverage *
pw_coverage_compute (PwWorkspace   *workspace,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  PwDocument *spec;
  PwCoverage *coverage;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);

  spec = pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC);
  if (spec == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The repository has no API spec (e.g. .ai/api-plan.md)"));
      return NULL;
    }
  if (!pw_document_get_loaded (spec) && !pw_document_load (spec, cancellable, error))
    return NULL;

  endpoints = pw_api_spec_list (pw_document_get_text (spec), pw_document_get_length (spec),
                                pw_document_get_relative_path (spec), error);
  if (endpoints == NULL)
    return NULL;
  summaries = pw_plan_index_scan (workspace, cancellable);

  coverage = g_new0 (PwCoverage, 1);
  coverage->spec_path = g_strdup (pw_document_get_relative_path (spec));
  coverage->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) coverage_group_free);
  add_endpoints (coverage, workspace, endpoints, summaries);

  return coverage;
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  GError *error = NULL;
  PwCoverage *coverage = NULL;

  workspace = pw_workspace_open (G_FILE (source_object), cancellable, &error);
  if (workspace != NULL)
    coverage = pw_coverage_compute (workspace, cancellable, &error);
  if (coverage == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, coverage, (GDestroyNotify) pw_coverage_free);
}

/**
 * pw_coverage_compute_async:
 * @root: the repository folder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the coverage
 * @user_data: for @callback
 *
 * pw_coverage_compute() in a thread, on a workspace of its own.
 */
void
pw_coverage_compute_async (GFile               *root,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (root));

  task = g_task_new (root, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_coverage_compute_async);
  g_task_run_in_thread (task, compute_thread);
}

PwCoverage *
pw_coverage_compute_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pw_coverage_dup_unplanned:
 * @coverage: a coverage
 *
 * Returns: (transfer full) (element-type utf8): the keys of the endpoints
 *   without a plan, in the spec's order within each group
 */
GPtrArray *
pw_coverage_dup_unplanned (PwCoverage *coverage)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (coverage != NULL, keys);

  for (guint g = 0; g < coverage->groups->len; g++)
    {
      PwCoverageGroup *group = g_ptr_array_index (coverage->groups, g);

      for (guint i = 0; i < group->endpoints->len; i++)
        {
          PwCoverageEndpoint *item = g_ptr_array_index (group->endpoints, i);

          if (item->plan_path == NULL)
            g_ptr_array_add (keys, g_strdup (item->key));
        }
    }

  return keys;
}

/**
 * pw_coverage_format_totals:
 *
 * Returns: (transfer full): e.g. "14 of 22 endpoints planned, 37 of 96
 *   steps done"
 */
char *
pw_coverage_format_totals (PwCoverage *coverage)
{
  g_autofree char *endpoints = NULL;
  g_autofree char *steps = NULL;

  g_return_val_if_fail (coverage != NULL, NULL);

  endpoints = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u endpoint planned",
                                            "%u of %u endpoints planned",
                                            coverage->n_endpoints),
                               coverage->n_planned, coverage->n_endpoints);
  steps = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u step done",
                                        "%u of %u steps done", coverage->n_steps),
                           coverage->n_done, coverage->n_steps);

  /* Translators: the two halves of the coverage totals */
  return g_strdup_printf (_("%s, %s"), endpoints, steps);
}

static void
format_endpoint (GString                  *out,
                 const PwCoverageEndpoint *item)
{
  if (item->plan_path == NULL)
    {
      g_string_append_printf (out, "  %-36s %s\n", item->key, _("not planned"));
      return;
    }

  g_string_append_printf (out, "  %-36s %u/%u  %s", item->key, item->n_done, item->n_steps,
                          item->plan_path);
  if (item->stale == PW_STALE_STALE)
    g_string_append_printf (out, "  %s", _("(stale)"));
  g_string_append_c (out, '\n');
}

/**
 * pw_coverage_format:
 *
 * Returns: (transfer full): the coverage as text for a terminal: a heading
 *   per resource, a line per endpoint, the totals last
 */
char *
pw_coverage_format (PwCoverage *coverage)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *totals = NULL;

  g_return_val_if_fail (coverage != NULL, NULL);

  for (guint g = 0; g < coverage->groups->len; g++)
    {
      PwCoverageGroup *group = g_ptr_array_index (coverage->groups, g);

      g_string_append_printf (out, "%s (%u/%u)\n", group->resource, group->n_planned,
                              group->endpoints->len);
      for (guint i = 0; i < group->endpoints->len; i++)
        format_endpoint (out, g_ptr_array_index (group->endpoints, i));
    }

  totals = pw_coverage_format_totals (coverage);
  g_string_append_printf (out, "%s\n", totals);
  if (coverage->n_stale > 0)
    {
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u plan is stale",
                                                "%u plans are stale", coverage->n_stale),
                              coverage->n_stale);
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
build_endpoint (JsonBuilder              *builder,
                const PwCoverageEndpoint *item)
{
  json_builder_begin_object (builder);
  pw_json_build_string (builder, "key", item->key);
  pw_json_build_string (builder, "title", item->title);
  pw_json_build_boolean (builder, "planned", item->plan_path != NULL);
  pw_json_build_string (builder, "plan", item->plan_path);
  pw_json_build_int (builder, "steps", item->n_steps);
  pw_json_build_int (builder, "done", item->n_done);
  pw_json_build_string (builder, "stale", item->plan_path != NULL
                                            ? pw_stale_state_to_string (item->stale) : NULL);
  pw_json_build_string (builder, "stale_message", item->stale_message);
  json_builder_end_object (builder);
}

/**
 * pw_coverage_to_json:
 *
 * Returns: (transfer full): `{spec, endpoints, planned, steps, done, stale,
 *   groups: [{resource, planned, endpoints: [{key, title, planned, plan,
 *   steps, done, stale, stale_message}]}]}`
 */
JsonNode *
pw_coverage_to_json (PwCoverage *coverage)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (coverage != NULL, NULL);

  json_builder_begin_object (builder);
  pw_json_build_string (builder, "spec", coverage->spec_path);
  pw_json_build_int (builder, "endpoints", coverage->n_endpoints);
  pw_json_build_int (builder, "planned", coverage->n_planned);
  pw_json_build_int (builder, "steps", coverage->n_steps);
  pw_json_build_int (builder, "done", coverage->n_done);
  pw_json_build_int (builder, "stale", coverage->n_stale);
  json_builder_set_member_name (builder, "groups");
  json_builder_begin_array (builder);
  for (guint g = 0; g < coverage->groups->len; g++)
    {
      PwCoverageGroup *group = g_ptr_array_index (coverage->groups, g);

      json_builder_begin_object (builder);
      pw_json_build_string (builder, "resource", group->resource);
      pw_json_build_int (builder, "planned", group->n_planned);
      json_builder_set_member_name (builder, "endpoints");
      json_builder_begin_array (builder);
      for (guint i = 0; i < group->endpoints->len; i++)
        build_endpoint (builder, g_ptr_array_index (group->endpoints, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
