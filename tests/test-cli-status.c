/* test-cli-status.c: `planwright status` and the stale warning of `lint`,
 * run as a user would
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

#include "pw-endpoints.h"
#include "pw-test-repo.h"
#include "pw-test-utils.h"
#include "pw-workspace.h"

#define PLAN_PATH ".ai/post-api-loans-implementation-plan.md"

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static guint
count_spec_endpoints (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, ".ai", "api-plan.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  endpoints = pw_endpoints_extract (text, strlen (text), ".ai/api-plan.md");
  return endpoints->len;
}

/* A plan for POST /api/loans exported with its inputs' provenance. */
static void
export_plan (const char *dir)
{
  g_autofree char *prompt = pw_test_export_plan (dir, "POST /api/loans", PLAN_PATH,
                                                 "# Plan: POST /api/loans\n\n"
                                                 "## Implementation Steps\n\n"
                                                 "1. [x] Route\n2. [ ] Service\n");
}

static void
test_status_json (void)
{
  char *dir = pw_test_copy_example ();
  g_autofree char *args = g_strdup_printf ("status '%s' --json", dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  guint n_endpoints = count_spec_endpoints (dir);

  export_plan (dir);
  g_assert_cmpint (pw_test_run_cli (args, &out, &err), ==, 0);
  object = parse_object (parser, out);
  g_assert_cmpint (json_object_get_int_member (object, "endpoints"), ==, n_endpoints);
  g_assert_cmpint (json_object_get_int_member (object, "planned"), ==, 2);
  /* The example's GET /api/books plan (3 of 8) and this one (1 of 2). */
  g_assert_cmpint (json_object_get_int_member (object, "steps"), ==, 8 + 2);
  g_assert_cmpint (json_object_get_int_member (object, "done"), ==, 3 + 1);
  g_assert_cmpint (json_object_get_int_member (object, "stale"), ==, 0);

  pw_test_remove_tree (dir);
}

static void
test_status_stale_and_lint (void)
{
  char *dir = pw_test_copy_example ();
  g_autofree char *args = g_strdup_printf ("status '%s'", dir);
  g_autofree char *lint_args = g_strdup_printf ("lint '%s/%s'", dir, PLAN_PATH);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *lint_out = NULL;
  g_autofree char *lint_err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *before_err = NULL;

  export_plan (dir);
  g_assert_cmpint (pw_test_run_cli (lint_args, &before, &before_err), !=, 2);
  g_assert_null (strstr (before, "stale-input"));

  pw_test_append_file (dir, ".ai/tech-stack.md", "\nRedis for caching.\n");

  g_assert_cmpint (pw_test_run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "POST /api/loans"));
  g_assert_nonnull (strstr (out, "1/2  " PLAN_PATH "  (stale)"));
  g_assert_nonnull (strstr (out, "1 plan is stale"));

  pw_test_run_cli (lint_args, &lint_out, &lint_err);
  g_assert_nonnull (strstr (lint_out, ":1: warning: The tech stack changed since this plan was "
                                      "written [stale-input]"));

  pw_test_remove_tree (dir);
}

static void
test_status_errors (void)
{
  char *dir = pw_test_copy_example ();
  g_autofree char *spec = g_build_filename (dir, ".ai", "api-plan.md", NULL);
  g_autofree char *args = g_strdup_printf ("status '%s'", dir);
  g_autofree char *two = g_strdup_printf ("status '%s' '%s'", dir, dir);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *usage_out = NULL;
  g_autofree char *usage_err = NULL;

  g_assert_cmpint (pw_test_run_cli (two, &usage_out, &usage_err), ==, 2);
  g_assert_nonnull (strstr (usage_err, "Expected one folder"));

  g_assert_cmpint (g_unlink (spec), ==, 0);
  g_assert_cmpint (pw_test_run_cli (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "no API spec"));

  pw_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pw/cli/status-json", test_status_json);
  g_test_add_func ("/pw/cli/status-stale-and-lint", test_status_stale_and_lint);
  g_test_add_func ("/pw/cli/status-errors", test_status_errors);

  return g_test_run ();
}
