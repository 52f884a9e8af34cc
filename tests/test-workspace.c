/* test-workspace.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pw-test-utils.h"
#include "pw-workspace.h"

static const char *
path_of (PwWorkspace    *workspace,
         PwDocumentRole  role)
{
  PwDocument *doc = pw_workspace_get_document (workspace, role);

  return doc ? pw_document_get_relative_path (doc) : NULL;
}

static gboolean
contains_path (GPtrArray  *docs,
               const char *path)
{
  for (guint i = 0; i < docs->len; i++)
    {
      if (g_str_equal (pw_document_get_relative_path (g_ptr_array_index (docs, i)), path))
        return TRUE;
    }

  return FALSE;
}

static void
test_classify (void)
{
  static const struct { const char *path; PwDocumentRole role; } cases[] = {
    { ".ai/prd.md", PW_DOCUMENT_ROLE_PRD },
    { ".ai/PRD.md", PW_DOCUMENT_ROLE_PRD },
    { ".ai/tech-stack.md", PW_DOCUMENT_ROLE_TECH_STACK },
    { ".ai/tech_stack.md", PW_DOCUMENT_ROLE_TECH_STACK },
    { ".ai/techstack.md", PW_DOCUMENT_ROLE_TECH_STACK },
    { ".ai/tech-stack", PW_DOCUMENT_ROLE_TECH_STACK },
    { ".ai/.ai/tech-stack.md", PW_DOCUMENT_ROLE_TECH_STACK },
    { ".ai/api-plan.md", PW_DOCUMENT_ROLE_API_SPEC },
    { ".ai/api_plan.md", PW_DOCUMENT_ROLE_API_SPEC },
    { ".ai/api/api-plan.md", PW_DOCUMENT_ROLE_API_SPEC },
    { ".ai/db-plan.md", PW_DOCUMENT_ROLE_DB_PLAN },
    { ".ai/db_plan.md", PW_DOCUMENT_ROLE_DB_PLAN },
    { ".ai/database-plan.md", PW_DOCUMENT_ROLE_DB_PLAN },
    { ".cursor/rules/backend.mdc", PW_DOCUMENT_ROLE_RULES },
    { ".ai/github-action.mdc", PW_DOCUMENT_ROLE_RULES },
    { ".ai/openrouter-service-implementation.mdc", PW_DOCUMENT_ROLE_PLAN },
    { ".ai/endpoints-plan.md", PW_DOCUMENT_ROLE_PLAN },
    { ".ai/get-books-implementation-plan.md", PW_DOCUMENT_ROLE_PLAN },
    { ".ai/ocr_implementation_plan.md", PW_DOCUMENT_ROLE_PLAN },
    { ".ai/generate-view-implementation.plan.md", PW_DOCUMENT_ROLE_PLAN },
    { ".ai/endpoints/auth-login-plan.md", PW_DOCUMENT_ROLE_PLAN },
    { ".ai/api/post_press_review.md", PW_DOCUMENT_ROLE_PLAN },
    { ".ai/plans/books.md", PW_DOCUMENT_ROLE_PLAN },
    { ".ai/Implementation-Plans/loans.markdown", PW_DOCUMENT_ROLE_PLAN },
    { ".ai/templates/feature.md", PW_DOCUMENT_ROLE_NONE },
    { ".ai/product-requirements.md", PW_DOCUMENT_ROLE_PRD },
    { ".ai/rest-api.md", PW_DOCUMENT_ROLE_API_SPEC },
    { ".ai/database.txt", PW_DOCUMENT_ROLE_NONE },
    { ".cursor/rules/notes.txt", PW_DOCUMENT_ROLE_NONE },
    { ".ai/notes.md", PW_DOCUMENT_ROLE_NONE },
    { "README.md", PW_DOCUMENT_ROLE_NONE },
    { ".ai/diagram.png", PW_DOCUMENT_ROLE_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PwDocumentRole role = pw_document_role_classify (cases[i].path);

      if (role != cases[i].role)
        g_error ("%s: expected %s, got %s", cases[i].path,
                 pw_document_role_to_string (cases[i].role), pw_document_role_to_string (role));
    }
}

static void
test_pick_and_alternatives (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = NULL;
  GPtrArray *stacks;

  pw_test_write_file (root, ".ai/.ai/tech-stack.md", "nested copy\n");
  pw_test_write_file (root, ".ai/tech_stack.md", "variant\n");
  pw_test_write_file (root, ".ai/tech-stack.md", "conventional\n");
  pw_test_write_file (root, ".ai/prd.md", "# PRD\n");
  pw_test_write_file (root, ".cursor/rules/shared.mdc", "shared\n");
  pw_test_write_file (root, ".cursor/rules/backend.mdc", "backend\n");
  pw_test_write_file (root, ".ai/x-implementation-plan.md", "# Plan\n");
  pw_test_write_file (root, ".ai/templates/custom.md", "---\nid: custom\n---\n");

  workspace = pw_test_open_workspace (root);
  g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_TECH_STACK), ==, ".ai/tech-stack.md");
  stacks = pw_workspace_get_candidates (workspace, PW_DOCUMENT_ROLE_TECH_STACK);
  g_assert_cmpuint (stacks->len, ==, 3);
  g_assert_cmpstr (pw_document_get_relative_path (g_ptr_array_index (stacks, 1)), ==,
                   ".ai/tech_stack.md");
  g_assert_cmpstr (pw_document_get_relative_path (g_ptr_array_index (stacks, 2)), ==,
                   ".ai/.ai/tech-stack.md");

  g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_RULES), ==, ".cursor/rules/backend.mdc");
  g_assert_cmpuint (pw_workspace_get_rules (workspace)->len, ==, 2);
  g_assert_null (pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC));
  g_assert_cmpuint (pw_workspace_get_plans (workspace)->len, ==, 1);
  g_assert_null (pw_workspace_lookup (workspace, ".ai/templates/custom.md"));
}

static void
test_resolve_reference (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = NULL;
  PwDocument *doc;

  pw_test_write_file (root, ".ai/tech_stack.md", "stack\n");
  pw_test_write_file (root, ".ai/api/api_plan.md", "api\n");
  pw_test_write_file (root, ".cursor/rules/shared.mdc", "shared\n");
  workspace = pw_test_open_workspace (root);

  doc = pw_workspace_resolve_reference (workspace, "@.ai/tech-stack.md");
  g_assert_nonnull (doc);
  g_assert_cmpstr (pw_document_get_relative_path (doc), ==, ".ai/tech_stack.md");

  doc = pw_workspace_resolve_reference (workspace, ".ai/api-plan.md");
  g_assert_nonnull (doc);
  g_assert_cmpstr (pw_document_get_relative_path (doc), ==, ".ai/api/api_plan.md");

  /* No backend.mdc here: the default rules file stands in for it. */
  doc = pw_workspace_resolve_reference (workspace, "@.cursor/rules/backend.mdc");
  g_assert_nonnull (doc);
  g_assert_cmpstr (pw_document_get_relative_path (doc), ==, ".cursor/rules/shared.mdc");

  g_assert_null (pw_workspace_resolve_reference (workspace, "@.ai/prd.md"));
}

static void
test_json (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  pw_test_write_file (root, ".ai/prd.md", "# PRD\n");
  pw_test_write_file (root, ".cursor/rules/backend.mdc", "x\n");
  workspace = pw_test_open_workspace (root);
  node = pw_workspace_to_json (workspace);
  object = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (object, "root"), ==, root);
  g_assert_cmpstr (json_object_get_string_member (object, "prd"), ==, ".ai/prd.md");
  g_assert_true (json_object_get_null_member (object, "tech_stack"));
  g_assert_true (json_object_get_null_member (object, "api_spec"));
  g_assert_true (json_object_get_null_member (object, "db_plan"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "rules")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "plans")), ==, 0);
}

static void
test_not_a_folder (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autofree char *file_path = g_build_filename (root, "file.txt", NULL);
  g_autofree char *missing = g_build_filename (root, "missing", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) gone = NULL;
  g_autoptr(GError) error = NULL;
  PwWorkspace *workspace;

  g_assert_true (g_file_set_contents (file_path, "x", -1, NULL));
  file = g_file_new_for_path (file_path);
  workspace = pw_workspace_open (file, NULL, &error);
  g_assert_null (workspace);
  g_assert_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_NOT_A_FOLDER);
  g_clear_error (&error);

  gone = g_file_new_for_path (missing);
  workspace = pw_workspace_open (gone, NULL, &error);
  g_assert_null (workspace);
  g_assert_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_NOT_A_FOLDER);
}

static void
test_confinement (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autofree char *outside = pw_test_make_repo ();
  g_autofree char *link = g_build_filename (root, ".ai", NULL);
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GFile) ok = NULL;
  g_autoptr(GError) error = NULL;
  GFile *bad;

  workspace = pw_test_open_workspace (root);

  ok = pw_workspace_resolve_path (workspace, "docs/new/plan.md", &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);

  bad = pw_workspace_resolve_path (workspace, "../escape.md", &error);
  g_assert_null (bad);
  g_assert_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_OUTSIDE_ROOT);
  g_clear_error (&error);

  bad = pw_workspace_resolve_path (workspace, "/etc/passwd", &error);
  g_assert_null (bad);
  g_assert_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_OUTSIDE_ROOT);
  g_clear_error (&error);

  /* .ai is a symbolic link to a folder outside the repository. */
  g_assert_cmpint (symlink (outside, link), ==, 0);
  bad = pw_workspace_resolve_path (workspace, ".ai/x-implementation-plan.md", &error);
  g_assert_null (bad);
  g_assert_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_OUTSIDE_ROOT);
}

/* A document that is a link out of the repository is found, recorded as
 * outside, and not read; a FIFO in .ai/ is not taken for a document. */
static void
test_outside_documents (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autofree char *home = pw_test_make_repo ();
  g_autofree char *key = g_build_filename (home, "id_rsa", NULL);
  g_autofree char *prd = g_build_filename (root, ".ai", "prd.md", NULL);
  g_autofree char *fifo = g_build_filename (root, ".ai", "db-plan.md", NULL);
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *outside;
  PwDocument *doc;

  pw_test_write_file (home, "id_rsa", "PRIVATE KEY");
  pw_test_write_file (root, ".ai/tech-stack.md", "# Stack\n");
  g_assert_cmpint (symlink (key, prd), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  workspace = pw_test_open_workspace (root);

  doc = pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_PRD);
  g_assert_nonnull (doc);
  g_assert_true (pw_document_get_outside (doc));
  g_assert_null (pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_DB_PLAN));
  g_assert_false (pw_workspace_load_documents (workspace, NULL, &error));
  g_assert_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_OUTSIDE);
  g_assert_cmpstr (pw_document_get_text (doc), ==, "");

  node = pw_workspace_to_json (workspace);
  outside = json_object_get_array_member (json_node_get_object (node), "outside");
  g_assert_cmpuint (json_array_get_length (outside), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (outside, 0), ==, ".ai/prd.md");
}

static void
test_create_document (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (root);
  g_autoptr(GError) error = NULL;
  PwDocument *doc;

  g_assert_null (pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC));
  doc = pw_workspace_create_document (workspace, PW_DOCUMENT_ROLE_API_SPEC, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (pw_document_get_relative_path (doc), ==, ".ai/api-plan.md");
  g_assert_true (g_str_has_prefix (pw_document_get_text (doc), "# REST API Plan"));
  g_assert_true (pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC) == doc);

  /* Never over an existing file. */
  g_assert_null (pw_workspace_create_document (workspace, PW_DOCUMENT_ROLE_API_SPEC, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

static void
test_example_repository (void)
{
  const char *source = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *example = g_build_filename (source ? source : ".", "examples", "shelfie", NULL);
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (example, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("examples/shelfie is missing");
      return;
    }

  workspace = pw_test_open_workspace (example);
  g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_PRD), ==, ".ai/prd.md");
  g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_TECH_STACK), ==, ".ai/tech-stack.md");
  g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_API_SPEC), ==, ".ai/api-plan.md");
  g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_DB_PLAN), ==, ".ai/db-plan.md");
  g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_RULES), ==, ".cursor/rules/backend.mdc");
  g_assert_true (contains_path (pw_workspace_get_rules (workspace), ".cursor/rules/shared.mdc"));
  g_assert_true (contains_path (pw_workspace_get_rules (workspace), "AGENTS.md"));
  g_assert_cmpuint (pw_workspace_get_plans (workspace)->len, >=, 1);

  g_assert_true (pw_workspace_load_documents (workspace, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pw_document_get_length (pw_workspace_get_document (workspace,
                                                                       PW_DOCUMENT_ROLE_PRD)), >, 1000);
}

/* Every PRD, tech stack, API plan, rules file and implementation plan that
 * the corpus lists must be found in its role. */
static void
test_corpus (void)
{
  g_autofree char *corpus = pw_test_dup_shared_dir ("corpus");
  g_autofree char *manifest_path = NULL;
  g_autofree char *labels_path = NULL;
  g_autofree char *manifest = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) rows = NULL;
  JsonObject *labels;
  guint checked = 0;

  if (!g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/corpus is absent");
      return;
    }

  manifest_path = g_build_filename (corpus, "MANIFEST.tsv", NULL);
  labels_path = g_build_filename (corpus, "labels.json", NULL);
  g_assert_true (g_file_get_contents (manifest_path, &manifest, NULL, &error));
  g_assert_true (json_parser_load_from_file (parser, labels_path, &error));
  g_assert_no_error (error);
  labels = json_node_get_object (json_parser_get_root (parser));

  rows = g_strsplit (manifest, "\n", -1);
  for (guint i = 1; rows[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (rows[i], "\t", -1);
      g_autofree char *repo_dir = NULL;
      g_autofree char *lower = NULL;
      g_autoptr(PwWorkspace) workspace = NULL;
      JsonObject *repo_labels;
      const char *dir;
      const char *path;

      if (g_strv_length (cols) < 4)
        continue;

      dir = cols[0];
      path = cols[3];
      lower = g_ascii_strdown (path, -1);
      repo_dir = g_build_filename (corpus, dir, NULL);
      workspace = pw_test_open_workspace (repo_dir);
      repo_labels = json_object_get_object_member (labels, dir);

      if (json_object_has_member (json_object_get_object_member (repo_labels, "api_plans"), path))
        {
          g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_API_SPEC), ==, path);
        }
      else if (json_object_has_member (json_object_get_object_member (repo_labels,
                                                                      "implementation_plans"),
                                       path))
        {
          if (!contains_path (pw_workspace_get_plans (workspace), path))
            g_error ("%s: plan %s not found", dir, path);
        }
      else if (g_str_has_suffix (lower, "/prd.md"))
        {
          g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_PRD), ==, path);
        }
      else if (strstr (lower, "tech") != NULL && strstr (lower, "stack") != NULL)
        {
          if (!contains_path (pw_workspace_get_candidates (workspace,
                                                           PW_DOCUMENT_ROLE_TECH_STACK), path))
            g_error ("%s: tech stack %s not found", dir, path);
          g_assert_nonnull (path_of (workspace, PW_DOCUMENT_ROLE_TECH_STACK));
          /* The chosen one is never the stray nested copy. */
          g_assert_false (g_str_has_prefix (path_of (workspace, PW_DOCUMENT_ROLE_TECH_STACK),
                                            ".ai/.ai/"));
        }
      else if (g_str_has_suffix (lower, ".mdc") || g_str_has_prefix (lower, ".cursor/rules/"))
        {
          if (!contains_path (pw_workspace_get_rules (workspace), path))
            g_error ("%s: rules %s not found", dir, path);
        }
      else
        {
          g_test_message ("%s: %s has no role in the labels", dir, path);
          continue;
        }

      checked++;
    }

  g_test_message ("%u corpus files found in their roles", checked);
  g_assert_cmpuint (checked, >, 100);
}

static PwWorkspace *
open_async_and_wait (GFile   *root,
                     GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pw_workspace_open_async (root, NULL, pw_test_store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return pw_workspace_open_finish (result, error);
}

static void
test_open_async (void)
{
  const char *source = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *example = g_build_filename (source ? source : ".", "examples", "shelfie", NULL);
  g_autofree char *file_path = g_build_filename (g_get_tmp_dir (), "pw-not-a-folder", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (example);
  g_autoptr(GFile) file = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwWorkspace) none = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (example, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("examples/shelfie is missing");
      return;
    }

  /* The same scan as pw_workspace_open(), handed back on the main thread. */
  workspace = open_async_and_wait (root, &error);
  g_assert_no_error (error);
  g_assert_nonnull (workspace);
  g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_PRD), ==, ".ai/prd.md");
  g_assert_cmpstr (path_of (workspace, PW_DOCUMENT_ROLE_RULES), ==, ".cursor/rules/backend.mdc");
  g_assert_cmpuint (pw_workspace_get_plans (workspace)->len, >=, 1);
  g_assert_false (pw_document_get_loaded (pw_workspace_get_document (workspace,
                                                                     PW_DOCUMENT_ROLE_PRD)));

  g_assert_true (g_file_set_contents (file_path, "x", -1, NULL));
  file = g_file_new_for_path (file_path);
  none = open_async_and_wait (file, &error);
  g_assert_null (none);
  g_assert_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_NOT_A_FOLDER);
  g_unlink (file_path);
}

static void
test_create_document_async (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (root);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GError) error = NULL;
  PwDocument *doc;

  pw_workspace_create_document_async (workspace, PW_DOCUMENT_ROLE_TECH_STACK, NULL,
                                      pw_test_store_result_cb, &result);
  /* The workspace changes in _finish(), on this thread. */
  g_assert_null (pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_TECH_STACK));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  doc = pw_workspace_create_document_finish (workspace, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpstr (pw_document_get_relative_path (doc), ==, ".ai/tech-stack.md");
  g_assert_true (pw_document_get_loaded (doc));
  g_assert_true (pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_TECH_STACK) == doc);

  /* Never over an existing file, and the workspace stays as it was. */
  pw_workspace_create_document_async (workspace, PW_DOCUMENT_ROLE_TECH_STACK, NULL,
                                      pw_test_store_result_cb, &again);
  while (again == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (pw_workspace_create_document_finish (workspace, again, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpuint (pw_workspace_get_candidates (workspace, PW_DOCUMENT_ROLE_TECH_STACK)->len, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/workspace/classify", test_classify);
  g_test_add_func ("/pw/workspace/pick-and-alternatives", test_pick_and_alternatives);
  g_test_add_func ("/pw/workspace/resolve-reference", test_resolve_reference);
  g_test_add_func ("/pw/workspace/json", test_json);
  g_test_add_func ("/pw/workspace/not-a-folder", test_not_a_folder);
  g_test_add_func ("/pw/workspace/confinement", test_confinement);
  g_test_add_func ("/pw/workspace/outside-documents", test_outside_documents);
  g_test_add_func ("/pw/workspace/create-document", test_create_document);
  g_test_add_func ("/pw/workspace/example", test_example_repository);
  g_test_add_func ("/pw/workspace/corpus", test_corpus);
  g_test_add_func ("/pw/workspace/open-async", test_open_async);
  g_test_add_func ("/pw/workspace/create-document-async", test_create_document_async);

  return g_test_run ();
}
