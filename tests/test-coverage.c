/* test-coverage.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-coverage.h"
#include "pw-document.h"
#include "pw-endpoints.h"
#include "pw-test-repo.h"
#include "pw-test-utils.h"
#include "pw-workspace.h"

static PwCoverage *
compute (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (dir);
  PwCoverage *coverage = pw_coverage_compute (workspace, NULL, &error);

  g_assert_no_error (error);
  return coverage;
}

static const PwCoverageEndpoint *
find_endpoint (PwCoverage *coverage,
               const char *key)
{
  for (guint g = 0; g < coverage->groups->len; g++)
    {
      PwCoverageGroup *group = g_ptr_array_index (coverage->groups, g);

      for (guint i = 0; i < group->endpoints->len; i++)
        {
          const PwCoverageEndpoint *item = g_ptr_array_index (group->endpoints, i);

          if (g_str_equal (item->key, key))
            return item;
        }
    }

  return NULL;
}

static void
test_resource_of (void)
{
  const char *cases[][2] = {
    { "/api/books/{id}", "books" },
    { "/api/v1/books", "books" },
    { "/v2/loans/{id}/return", "loans" },
    { "/API/V10/isbn/{isbn}", "isbn" },
    { "/users", "users" },
    { "/api", "/" },
    { "/", "/" },
    { "/api/version/x", "version" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *resource = pw_coverage_resource_of (cases[i][0]);

      g_assert_cmpstr (resource, ==, cases[i][1]);
    }
}

/* The shelfie example: the counts match the spec's endpoints and the one
 * plan there is, whatever the spec holds. */
static void
test_shelfie (void)
{
  char *dir = pw_test_copy_example ();
  g_autoptr(PwCoverage) coverage = compute (dir);
  g_autofree char *spec_path = g_build_filename (dir, ".ai", "api-plan.md", NULL);
  g_autofree char *spec = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GPtrArray) unplanned = NULL;
  g_autofree char *totals = NULL;
  g_autofree char *expected = NULL;
  const PwCoverageEndpoint *books;
  PwCoverageGroup *first;
  guint counted = 0;

  g_assert_true (g_file_get_contents (spec_path, &spec, NULL, NULL));
  endpoints = pw_endpoints_extract (spec, strlen (spec), ".ai/api-plan.md");

  g_assert_cmpstr (coverage->spec_path, ==, ".ai/api-plan.md");
  g_assert_cmpuint (coverage->n_endpoints, ==, endpoints->len);
  g_assert_cmpuint (coverage->n_planned, ==, 1);
  for (guint g = 0; g < coverage->groups->len; g++)
    counted += ((PwCoverageGroup *) g_ptr_array_index (coverage->groups, g))->endpoints->len;
  g_assert_cmpuint (counted, ==, endpoints->len);

  first = g_ptr_array_index (coverage->groups, 0);
  g_assert_cmpstr (first->resource, ==, "books");
  g_assert_cmpuint (first->n_planned, ==, 1);

  books = find_endpoint (coverage, "GET /api/books");
  g_assert_nonnull (books);
  g_assert_cmpstr (books->plan_path, ==, ".ai/get-books-implementation-plan.md");
  g_assert_cmpuint (books->n_steps, >, 0);
  g_assert_cmpuint (coverage->n_steps, ==, books->n_steps);
  g_assert_cmpuint (coverage->n_done, ==, books->n_done);
  /* The example's plan records no provenance. */
  g_assert_cmpint (books->stale, ==, PW_STALE_UNKNOWN);
  g_assert_null (find_endpoint (coverage, "POST /api/books")->plan_path);

  unplanned = pw_coverage_dup_unplanned (coverage);
  g_assert_cmpuint (unplanned->len, ==, endpoints->len - 1);
  g_assert_false (g_ptr_array_find_with_equal_func (unplanned, "GET /api/books", g_str_equal,
                                                    NULL));

  totals = pw_coverage_format_totals (coverage);
  expected = g_strdup_printf ("1 of %u endpoints planned, %u of %u steps done", endpoints->len,
                              books->n_done, books->n_steps);
  g_assert_cmpstr (totals, ==, expected);

  pw_test_remove_tree (dir);
}

/* A plan with ticks for a second endpoint and a feature plan for none. */
static void
test_counts (void)
{
  char *dir = pw_test_copy_example ();
  g_autoptr(PwCoverage) before = compute (dir);
  g_autoptr(PwCoverage) after = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;

  pw_test_write_file (dir, ".ai/post-api-loans-implementation-plan.md",
              "# Plan: POST /api/loans\n\n## Implementation Steps\n\n"
              "1. [x] Route\n2. [x] Service\n3. [ ] Tests\n");
  pw_test_write_file (dir, ".ai/dark-mode-implementation-plan.md",
              "# Dark mode\n\n## Implementation Steps\n\n1. [x] Colours\n");
  after = compute (dir);

  g_assert_cmpuint (after->n_endpoints, ==, before->n_endpoints);
  g_assert_cmpuint (after->n_planned, ==, 2);
  g_assert_cmpuint (after->n_steps, ==, before->n_steps + 3);
  g_assert_cmpuint (after->n_done, ==, before->n_done + 2);
  g_assert_cmpstr (find_endpoint (after, "POST /api/loans")->plan_path, ==,
                   ".ai/post-api-loans-implementation-plan.md");
  g_assert_cmpstr (find_endpoint (after, "POST /api/loans")->resource, ==, "loans");

  json = pw_coverage_to_json (after);
  object = json_node_get_object (json);
  g_assert_cmpint (json_object_get_int_member (object, "planned"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "endpoints"), ==, after->n_endpoints);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "groups")), ==,
                    after->groups->len);

  text = pw_coverage_format (after);
  g_assert_nonnull (strstr (text, "POST /api/loans"));
  g_assert_nonnull (strstr (text, "2/3  .ai/post-api-loans-implementation-plan.md"));
  g_assert_nonnull (strstr (text, "not planned"));

  pw_test_remove_tree (dir);
}

/* A repository whose API is an OpenAPI document: every operation is an
 * endpoint, its tag its resource; a spec that cannot be read is an error,
 * not an empty coverage. */
static void
test_openapi (void)
{
  char *dir = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwCoverage) coverage = NULL;
  g_autoptr(GError) error = NULL;
  PwCoverageGroup *group;

  pw_test_write_file (dir, "openapi.yaml",
                      "openapi: 3.0.3\n"
                      "info: {title: Pets, version: '1'}\n"
                      "paths:\n"
                      "  /pets:\n"
                      "    get: {operationId: listPets, tags: [Pets]}\n"
                      "    post: {operationId: addPet, tags: [Pets]}\n"
                      "  /owners:\n"
                      "    get: {operationId: listOwners, tags: [People]}\n");
  workspace = pw_test_open_workspace (dir);
  coverage = pw_coverage_compute (workspace, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coverage->n_endpoints, ==, 3);
  g_assert_cmpuint (coverage->groups->len, ==, 2);
  group = g_ptr_array_index (coverage->groups, 0);
  g_assert_cmpstr (group->resource, ==, "Pets");
  g_assert_cmpuint (group->endpoints->len, ==, 2);
  g_clear_pointer (&coverage, pw_coverage_free);
  g_clear_object (&workspace);

  pw_test_write_file (dir, "openapi.yaml", "openapi: 3.0.3\npaths: [\n");
  workspace = pw_test_open_workspace (dir);
  coverage = pw_coverage_compute (workspace, NULL, &error);
  g_assert_null (coverage);
  g_assert_nonnull (error);

  pw_test_remove_tree (dir);
}

static void
test_no_spec (void)
{
  char *dir = pw_test_copy_example ();
  g_autofree char *spec = g_build_filename (dir, ".ai", "api-plan.md", NULL);
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwCoverage) coverage = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_remove (spec), ==, 0);
  workspace = pw_test_open_workspace (dir);
  coverage = pw_coverage_compute (workspace, NULL, &error);
  g_assert_null (coverage);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  pw_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/coverage/resource-of", test_resource_of);
  g_test_add_func ("/coverage/shelfie", test_shelfie);
  g_test_add_func ("/coverage/counts", test_counts);
  g_test_add_func ("/coverage/no-spec", test_no_spec);
  g_test_add_func ("/coverage/openapi", test_openapi);

  return g_test_run ();
}
