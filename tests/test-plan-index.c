/* test-plan-index.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-document.h"
#include "pw-endpoints.h"
#include "pw-export.h"
#include "pw-plan-index.h"
#include "pw-plan.h"
#include "pw-template.h"
#include "pw-test-utils.h"
#include "pw-workspace.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *source = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *example = g_build_filename (source ? source : ".", "examples", "shelfie", NULL);
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  fixture->dir = g_dir_make_tmp ("pw-plan-index-XXXXXX", &error);
  g_assert_no_error (error);
  command = g_strdup_printf ("cp -a '%s/.' '%s/'", example, fixture->dir);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_free (fixture->dir);
}

static void
write_file (const char *dir,
            const char *relative,
            const char *text,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);
}

static PwPlanSummary *
find_path (GPtrArray  *summaries,
           const char *path)
{
  for (guint i = 0; i < summaries->len; i++)
    {
      PwPlanSummary *summary = g_ptr_array_index (summaries, i);

      if (g_str_equal (summary->path, path))
        return summary;
    }

  return NULL;
}

static void
test_normalize_key (void)
{
  const char *same[] = {
    "GET /api/books/{id}", "get /api/books/:id", "GET  /api/books/<id>",
    "GET /api/books/[bookId]/", "GET /api/books/{id}?expand=loans",
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *normal = pw_plan_index_normalize_key (same[i]);

      g_assert_cmpstr (normal, ==, "GET /api/books/{}");
    }

  g_assert_null (pw_plan_index_normalize_key ("GET"));
  g_assert_null (pw_plan_index_normalize_key ("GET books"));
  {
    g_autofree char *plain = pw_plan_index_normalize_key ("POST /api/loans/{id}/return");

    g_assert_cmpstr (plain, ==, "POST /api/loans/{}/return");
  }
}

static void
test_shelfie (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (fixture->dir);
  g_autoptr(GPtrArray) summaries = pw_plan_index_scan (workspace, NULL);
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autofree char *path = g_build_filename (fixture->dir, ".ai", "get-books-implementation-plan.md",
                                            NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PwPlanSummary *summary;

  g_assert_cmpuint (summaries->len, ==, 1);
  summary = g_ptr_array_index (summaries, 0);
  g_assert_cmpstr (summary->path, ==, ".ai/get-books-implementation-plan.md");
  g_assert_cmpstr (summary->title, ==, "API Endpoint Implementation Plan: GET /api/books");
  g_assert_nonnull (summary->endpoints);
  /* The overview mentions no other endpoint in the title: only this one. */
  g_assert_cmpuint (g_strv_length (summary->endpoints), ==, 1);
  g_assert_cmpstr (summary->endpoints[0], ==, "GET /api/books");
  g_assert_cmpint (summary->modified, >, 0);

  g_assert_true (pw_plan_load_file (plan, file, NULL, NULL));
  g_assert_cmpuint (summary->n_steps, ==, pw_plan_get_n_steps (plan));
  g_assert_cmpuint (summary->n_steps, >, 0);
  g_assert_cmpuint (summary->n_done, ==, pw_plan_get_n_done (plan));

  g_assert_true (pw_plan_index_find_endpoint (summaries, "GET /api/books") == summary);
  g_assert_true (pw_plan_index_find_endpoint (summaries, "get /api/books") == summary);
  g_assert_null (pw_plan_index_find_endpoint (summaries, "GET /api/books/{id}"));
  g_assert_null (pw_plan_index_find_endpoint (summaries, "POST /api/books"));
  g_assert_null (pw_plan_index_find_endpoint (summaries, "nonsense"));
}

static void
test_parameterised (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  PwPlanSummary *summary;

  /* Express-style parameter in the title. */
  write_file (fixture->dir, ".ai/book-detail-implementation-plan.md",
              "# Plan: GET /api/books/:id\n\n"
              "Unlike `GET /api/books` this returns one book.\n\n"
              "## Implementation Steps\n\n"
              "1. [x] Route\n2. [ ] Service\n3. [x] Tests\n", -1);
  /* No endpoint in the title: the first lines decide, with `<id>`. */
  write_file (fixture->dir, ".ai/return-implementation-plan.md",
              "# Returning a book\n\n"
              "This plan covers **POST** `/api/loans/<id>/return`.\n\n"
              "## Implementation Steps\n\n"
              "1. Validate\n2. Close the loan\n", -1);

  workspace = pw_test_open_workspace (fixture->dir);
  summaries = pw_plan_index_scan (workspace, NULL);
  g_assert_cmpuint (summaries->len, ==, 3);

  /* Sorted by path. */
  g_assert_cmpstr (((PwPlanSummary *) g_ptr_array_index (summaries, 0))->path, ==,
                   ".ai/book-detail-implementation-plan.md");
  g_assert_cmpstr (((PwPlanSummary *) g_ptr_array_index (summaries, 2))->path, ==,
                   ".ai/return-implementation-plan.md");

  summary = find_path (summaries, ".ai/book-detail-implementation-plan.md");
  g_assert_nonnull (summary);
  g_assert_cmpstr (summary->title, ==, "Plan: GET /api/books/:id");
  g_assert_cmpuint (g_strv_length (summary->endpoints), ==, 1);
  g_assert_cmpstr (summary->endpoints[0], ==, "GET /api/books/{id}");
  g_assert_cmpuint (summary->n_steps, ==, 3);
  g_assert_cmpuint (summary->n_done, ==, 2);

  summary = find_path (summaries, ".ai/return-implementation-plan.md");
  g_assert_nonnull (summary);
  g_assert_cmpuint (g_strv_length (summary->endpoints), ==, 1);
  g_assert_cmpstr (summary->endpoints[0], ==, "POST /api/loans/{id}/return");
  g_assert_cmpuint (summary->n_steps, ==, 2);
  g_assert_cmpuint (summary->n_done, ==, 0);

  g_assert_true (pw_plan_index_find_endpoint (summaries, "GET /api/books/<id>")
                 == find_path (summaries, ".ai/book-detail-implementation-plan.md"));
  g_assert_true (pw_plan_index_find_endpoint (summaries, "GET /api/books")
                 == find_path (summaries, ".ai/get-books-implementation-plan.md"));
}

static void
test_file_name (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PwTemplate) template = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autofree char *target = pw_export_target_path (template, "DELETE /api/borrowers/{id}");
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  PwPlanSummary *summary;

  g_assert_nonnull (target);
  /* The title and text name no endpoint: only the file name ties it. */
  write_file (fixture->dir, target, "# Removing people\n\nSome words.\n", -1);

  workspace = pw_test_open_workspace (fixture->dir);
  summaries = pw_plan_index_scan (workspace, NULL);
  summary = find_path (summaries, target);
  g_assert_nonnull (summary);
  g_assert_cmpuint (g_strv_length (summary->endpoints), ==, 1);
  g_assert_cmpstr (summary->endpoints[0], ==, "DELETE /api/borrowers/{id}");
  g_assert_cmpuint (summary->n_steps, ==, 0);
  g_assert_true (pw_plan_index_find_endpoint (summaries, "DELETE /api/borrowers/:id") == summary);
}

/* A plan whose file name and title both name its endpoint is for that
 * endpoint alone, though its first lines quote a spec section that names
 * others (as an offline draft does). */
static void
test_title_and_file_name (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PwTemplate) template = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autofree char *target = pw_export_target_path (template, "PATCH /api/books/{id}");
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  PwPlanSummary *summary;

  write_file (fixture->dir, target,
              "# API Endpoint Implementation Plan: PATCH /api/books/{id}\n\n"
              "- Request body: any subset of the `POST /api/books` fields.\n"
              "- Response: the book, as in `GET /api/books/{id}`.\n", -1);

  workspace = pw_test_open_workspace (fixture->dir);
  summaries = pw_plan_index_scan (workspace, NULL);
  summary = find_path (summaries, target);
  g_assert_nonnull (summary);
  g_assert_cmpuint (g_strv_length (summary->endpoints), ==, 1);
  g_assert_cmpstr (summary->endpoints[0], ==, "PATCH /api/books/{id}");
  g_assert_true (pw_plan_index_find_endpoint (summaries, "POST /api/books") != summary);
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autofree char *dangling = g_build_filename (fixture->dir, ".ai",
                                                "gone-implementation-plan.md", NULL);

  write_file (fixture->dir, ".ai/broken-implementation-plan.md",
              "# GET /api/loans \xff\xfe\n", -1);
  /* A plan whose file vanished (a dangling link) is skipped too. */
  g_assert_cmpint (symlink ("/nonexistent/planwright/plan.md", dangling), ==, 0);

  workspace = pw_test_open_workspace (fixture->dir);
  summaries = pw_plan_index_scan (workspace, NULL);
  g_assert_nonnull (find_path (summaries, ".ai/get-books-implementation-plan.md"));
  g_assert_null (find_path (summaries, ".ai/broken-implementation-plan.md"));
  g_assert_null (find_path (summaries, ".ai/gone-implementation-plan.md"));
  g_assert_null (pw_plan_index_find_endpoint (summaries, "GET /api/loans"));
}

static void
test_no_spec (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *spec = g_build_filename (fixture->dir, ".ai", "api-plan.md", NULL);
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  PwPlanSummary *summary;

  g_assert_cmpint (g_unlink (spec), ==, 0);
  workspace = pw_test_open_workspace (fixture->dir);
  summaries = pw_plan_index_scan (workspace, NULL);
  g_assert_cmpuint (summaries->len, ==, 1);
  summary = g_ptr_array_index (summaries, 0);
  g_assert_nonnull (summary->endpoints);
  g_assert_null (summary->endpoints[0]);
  g_assert_cmpuint (summary->n_steps, >, 0);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (fixture->dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) summaries = NULL;

  g_cancellable_cancel (cancellable);
  summaries = pw_plan_index_scan (workspace, cancellable);
  g_assert_nonnull (summaries);
  g_assert_cmpuint (summaries->len, ==, 0);
}

static void
test_groups (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, ".ai", "api-plan.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) flat_groups = NULL;
  g_autoptr(GPtrArray) flat = NULL;
  const char *flat_spec =
    "# API\n\n## Endpoints\n\n"
    "### GET /api/v1/books\nList.\n\n"
    "### POST /api/v1/shared-loans\nShare.\n\n"
    "### GET /health\nPing.\n";
  gsize length = 0;
  gboolean seen_books = FALSE;
  gboolean seen_shared = FALSE;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  endpoints = pw_endpoints_extract (text, length, ".ai/api-plan.md");
  groups = pw_plan_index_group_endpoints (text, length, endpoints);
  g_assert_cmpuint (g_strv_length (groups), ==, endpoints->len);

  for (guint i = 0; i < endpoints->len; i++)
    {
      g_autofree char *key = pw_endpoint_dup_key (g_ptr_array_index (endpoints, i));

      if (g_str_equal (key, "GET /api/books"))
        {
          g_assert_cmpstr (groups[i], ==, "Books");
          seen_books = TRUE;
        }
      else if (g_str_equal (key, "GET /api/shared-loans/{token}"))
        {
          g_assert_cmpstr (groups[i], ==, "Shared loans");
          seen_shared = TRUE;
        }
    }
  g_assert_true (seen_books && seen_shared);

  /* One heading above them all: the path decides. */
  flat = pw_endpoints_extract (flat_spec, strlen (flat_spec), "api.md");
  g_assert_cmpuint (flat->len, ==, 3);
  flat_groups = pw_plan_index_group_endpoints (flat_spec, strlen (flat_spec), flat);
  g_assert_cmpstr (flat_groups[0], ==, "Books");
  g_assert_cmpstr (flat_groups[1], ==, "Shared loans");
  g_assert_cmpstr (flat_groups[2], ==, "Health");
}

/* Every plan of every corpus repository is read and indexed; none crashes
 * the scan. */
static void
test_corpus (void)
{
  const char *source = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *corpus = g_build_filename (source ? source : ".", "..", "shared", "corpus",
                                              NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_repositories = 0;
  guint n_plans = 0;
  guint n_tied = 0;

  if (!g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no corpus next to the source tree");
      return;
    }

  dir = g_dir_open (corpus, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (corpus, name, NULL);
      g_autoptr(PwWorkspace) workspace = NULL;
      g_autoptr(GPtrArray) summaries = NULL;
      GPtrArray *plans;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;

      workspace = pw_test_open_workspace (path);
      summaries = pw_plan_index_scan (workspace, NULL);
      plans = pw_workspace_get_plans (workspace);
      g_assert_cmpuint (summaries->len, ==, plans->len);
      for (guint i = 0; i < plans->len; i++)
        {
          const char *relative = pw_document_get_relative_path (g_ptr_array_index (plans, i));
          PwPlanSummary *summary = find_path (summaries, relative);

          g_assert_nonnull (summary);
          g_assert_nonnull (summary->title);
          g_assert_nonnull (summary->endpoints);
          g_assert_cmpuint (summary->n_done, <=, summary->n_steps);
          if (summary->endpoints[0] != NULL)
            n_tied++;
        }
      n_repositories++;
      n_plans += plans->len;
    }

  g_test_message ("%u repositories, %u plans, %u tied to endpoints", n_repositories, n_plans,
                  n_tied);
  g_assert_cmpuint (n_repositories, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/plan-index/normalize-key", test_normalize_key);
  g_test_add ("/pw/plan-index/shelfie", Fixture, NULL, fixture_set_up, test_shelfie,
              fixture_tear_down);
  g_test_add ("/pw/plan-index/parameterised", Fixture, NULL, fixture_set_up, test_parameterised,
              fixture_tear_down);
  g_test_add ("/pw/plan-index/file-name", Fixture, NULL, fixture_set_up, test_file_name,
              fixture_tear_down);
  g_test_add ("/pw/plan-index/title-and-file-name", Fixture, NULL, fixture_set_up,
              test_title_and_file_name, fixture_tear_down);
  g_test_add ("/pw/plan-index/unreadable", Fixture, NULL, fixture_set_up, test_unreadable,
              fixture_tear_down);
  g_test_add ("/pw/plan-index/no-spec", Fixture, NULL, fixture_set_up, test_no_spec,
              fixture_tear_down);
  g_test_add ("/pw/plan-index/cancelled", Fixture, NULL, fixture_set_up, test_cancelled,
              fixture_tear_down);
  g_test_add ("/pw/plan-index/groups", Fixture, NULL, fixture_set_up, test_groups,
              fixture_tear_down);
  g_test_add_func ("/pw/plan-index/corpus", test_corpus);

  return g_test_run ();
}
