/* test-prompt.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "pw-prompt.h"
#include "pw-template.h"
#include "pw-utils.h"
#include "pw-workspace.h"

#define PRD_TEXT    "# PRD\n\nReaders keep a list of books. Zażółć gęślą jaźń.\n"
#define STACK_TEXT  "# Tech stack\n\nAstro, TypeScript, Supabase.\n"
#define BACKEND     "---\ndescription: backend rules\n---\nUse services in src/lib/services.\n"
#define FRONTEND    "---\ndescription: frontend rules\n---\nUse React islands.\n"
#define API_TEXT \
  "# REST API Plan\n" \
  "\n" \
  "## 2. Endpoints\n" \
  "\n" \
  "### GET /api/books/{id}\n" \
  "Returns one book.\n" \
  "- Success: 200\n" \
  "\n" \
  "### POST /api/books\n" \
  "Creates a book.\n" \
  "- Success: 201\n" \
  "\n" \
  "## 3. Authentication\n" \
  "Bearer tokens.\n"

typedef struct
{
  char        *root;
  PwWorkspace *workspace;
} Fixture;

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static PwWorkspace *
open_workspace (const char *dir)
{
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  PwWorkspace *workspace = pw_workspace_open (root, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (workspace);
  return workspace;
}

/* A repository whose tech-stack file has a variant name. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->root = g_dir_make_tmp ("pw-prompt-XXXXXX", NULL);
  g_assert_nonnull (f->root);
  if (data == NULL)
    write_file (f->root, ".ai/prd.md", PRD_TEXT);
  write_file (f->root, ".ai/tech_stack.md", STACK_TEXT);
  write_file (f->root, ".ai/api-plan.md", API_TEXT);
  write_file (f->root, ".cursor/rules/backend.mdc", BACKEND);
  write_file (f->root, ".cursor/rules/frontend.mdc", FRONTEND);
  f->workspace = open_workspace (f->root);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  if (dir != NULL)
    g_rmdir (path);
  else
    g_unlink (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->workspace);
  remove_tree (f->root);
  g_free (f->root);
}

static PwPromptResult *
assemble (Fixture    *f,
          const char *template_id,
          const char *endpoint,
          GError    **error)
{
  g_autoptr(PwTemplate) t = pw_template_new_builtin (template_id, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (t);

  pw_prompt_request_add_endpoint (request, endpoint);
  return pw_prompt_assemble (f->workspace, request, error);
}

static void
test_references (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwPromptResult) result = assemble (f, PW_TEMPLATE_ID_FEATURE_PLAN,
                                               "GET /api/books/{id}", &error);
  const char *text;

  g_assert_no_error (error);
  text = result->text;

  /* Each reference is replaced where it stands. */
  g_assert_nonnull (strstr (text, "<prd>\n" PRD_TEXT "</prd>"));
  g_assert_nonnull (strstr (text, "<tech_stack>\n" STACK_TEXT "</tech_stack>"));
  g_assert_nonnull (strstr (text, "<implementation_rules>\n" BACKEND "</implementation_rules>"));
  g_assert_null (strstr (text, "React islands"));
  g_assert_null (strstr (text, "\n@."));
  g_assert_null (strstr (text, "{{"));

  /* The session names the endpoint and includes its own section, then the
   * plan's global sections (here authentication), but no other endpoint. */
  g_assert_nonnull (strstr (text, "GET /api/books/{id}"));
  g_assert_nonnull (strstr (text, "### GET /api/books/{id}\nReturns one book.\n- Success: 200\n\n"
                                  "## 3. Authentication\nBearer tokens.\n</feature>"));
  g_assert_null (strstr (text, "Creates a book"));
  g_assert_nonnull (strstr (text, "save your implementation plan as "
                                  ".ai/get-api-books-id-implementation-plan.md."));
  g_assert_cmpstr (result->output_path, ==, ".ai/get-api-books-id-implementation-plan.md");
  g_assert_cmpstr (result->subject, ==, "GET /api/books/{id}");

  /* No db plan in this repository: the optional reference is quiet. */
  g_assert_nonnull (strstr (text, "<database_plan>\n(not provided)\n</database_plan>"));
  g_assert_cmpuint (result->warnings->len, ==, 0);
}

static void
test_rules_choice (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (t);
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(PwPromptResult) both = NULL;
  g_autoptr(GError) error = NULL;

  pw_prompt_request_set_feature (request, "Reading list");
  pw_prompt_request_add_rules (request, "frontend.mdc");
  result = pw_prompt_assemble (f->workspace, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->text, "<implementation_rules>\n" FRONTEND "</implementation_rules>"));
  g_assert_null (strstr (result->text, "src/lib/services"));
  g_assert_cmpstr (result->output_path, ==, ".ai/reading-list-implementation-plan.md");
  g_assert_null (pw_prompt_result_get_input (result, PW_PROMPT_INPUT_API_SPEC));

  pw_prompt_request_add_rules (request, ".cursor/rules/backend.mdc");
  both = pw_prompt_assemble (f->workspace, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (both->text, FRONTEND "\n" BACKEND "</implementation_rules>"));

  pw_prompt_request_add_rules (request, "nope.mdc");
  g_assert_null (pw_prompt_assemble (f->workspace, request, &error));
  g_assert_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_UNKNOWN_RULES);
}

static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwPromptResult) result = assemble (f, PW_TEMPLATE_ID_FEATURE_PLAN,
                                               "POST /api/books", &error);
  const PwPromptInput *prd;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->text,
                            "<prd>\n[Planwright: missing document “.ai/prd.md”"));
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (result->warnings, 0), "@.ai/prd.md"));
  prd = pw_prompt_result_get_input (result, PW_PROMPT_INPUT_PRD);
  g_assert_nonnull (prd);
  g_assert_cmpint (prd->state, ==, PW_PROMPT_INPUT_MISSING);
  g_assert_null (prd->sha256);
}

static void
test_deterministic (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PwPromptResult) a = assemble (f, PW_TEMPLATE_ID_ENDPOINTS_PLAN, "GET /api/books/{id}", NULL);
  g_autoptr(PwPromptResult) b = NULL;
  g_autoptr(PwWorkspace) again = open_workspace (f->root);
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (t);
  g_autofree char *stats_a = NULL;
  g_autofree char *stats_b = NULL;

  pw_prompt_request_add_endpoint (request, "GET /api/books/{id}");
  b = pw_prompt_assemble (again, request, NULL);

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->bytes, ==, b->bytes);
  g_assert_cmpmem (a->text, a->bytes, b->text, b->bytes);
  stats_a = pw_prompt_result_format_stats (a);
  stats_b = pw_prompt_result_format_stats (b);
  g_assert_cmpstr (stats_a, ==, stats_b);
}

static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(PwPromptResult) result = assemble (f, PW_TEMPLATE_ID_FEATURE_PLAN,
                                               "GET /api/books/{id}", NULL);
  const char *section = "### GET /api/books/{id}\nReturns one book.\n- Success: 200";
  const PwPromptInput *prd, *stack, *api, *rules;
  g_autofree char *table = NULL;
  g_autofree char *hash = NULL;
  g_auto(GStrv) hashes = NULL;
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object;

  g_assert_nonnull (result);
  g_assert_cmpuint (result->bytes, ==, strlen (result->text));
  g_assert_cmpuint (result->tokens, ==, pw_estimate_tokens (result->text, -1));

  prd = pw_prompt_result_get_input (result, PW_PROMPT_INPUT_PRD);
  g_assert_cmpuint (prd->bytes, ==, strlen (PRD_TEXT));
  g_assert_cmpuint (prd->tokens, ==, pw_estimate_tokens (PRD_TEXT, -1));
  hash = pw_sha256_hex (PRD_TEXT, -1);
  g_assert_cmpstr (prd->sha256, ==, hash);
  g_assert_cmpstr (prd->path, ==, ".ai/prd.md");

  stack = pw_prompt_result_get_input (result, PW_PROMPT_INPUT_TECH_STACK);
  g_assert_cmpstr (stack->path, ==, ".ai/tech_stack.md");
  g_assert_cmpuint (stack->bytes, ==, strlen (STACK_TEXT));

  api = pw_prompt_result_get_input (result, PW_PROMPT_INPUT_API_SPEC);
  g_assert_cmpuint (api->bytes, ==, strlen (section));
  g_assert_cmpuint (api->tokens, ==, pw_estimate_tokens (section, -1));

  rules = pw_prompt_result_get_input (result, ".cursor/rules/backend.mdc");
  g_assert_cmpuint (rules->bytes, ==, strlen (BACKEND));

  /* Fixed order: prd, tech-stack, api-spec, its global sections, then rules. */
  g_assert_cmpstr (((PwPromptInput *)g_ptr_array_index (result->inputs, 0))->id, ==, "prd");
  g_assert_cmpstr (((PwPromptInput *)g_ptr_array_index (result->inputs, 1))->id, ==, "tech-stack");
  g_assert_cmpstr (((PwPromptInput *)g_ptr_array_index (result->inputs, 2))->id, ==, "api-spec");
  g_assert_cmpstr (((PwPromptInput *)g_ptr_array_index (result->inputs, 3))->id, ==,
                   "api-spec#auth");
  g_assert_cmpstr (((PwPromptInput *)g_ptr_array_index (result->inputs, 4))->id, ==,
                   ".cursor/rules/backend.mdc");

  /* Each input's share is its tokens over the prompt's. */
  for (guint i = 0; i < result->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (result->inputs, i);

      g_assert_cmpfloat_with_epsilon (input->share, (double) input->tokens / result->tokens, 1e-9);
      g_assert_cmpfloat (input->share, >, 0);
    }

  table = pw_prompt_result_format_stats (result);
  g_assert_nonnull (strstr (table, "total prompt"));
  g_assert_nonnull (strstr (table, ".ai/tech_stack.md"));
  g_assert_nonnull (strstr (table, "share"));
  {
    g_autofree char *share = g_strdup_printf ("%6.1f%%  .ai/prd.md", prd->share * 100);

    g_assert_nonnull (strstr (table, share));
  }

  hashes = pw_prompt_result_dup_input_hashes (result);
  g_assert_cmpuint (g_strv_length (hashes), ==, 5);
  g_assert_true (g_str_has_prefix (hashes[0], "prd:sha256:"));
  g_assert_cmpstr (hashes[0] + strlen ("prd:sha256:"), ==, hash);

  json = pw_prompt_result_stats_to_json (result);
  object = json_node_get_object (json);
  g_assert_cmpint (json_object_get_int_member (object, "bytes"), ==, result->bytes);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (object, "inputs")), ==, 5);
  {
    JsonObject *auth = json_array_get_object_element (json_object_get_array_member (object, "inputs"), 3);

    g_assert_cmpstr (json_object_get_string_member (auth, "title"), ==, "3. Authentication");
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (auth, "share"),
                                    (double) pw_prompt_result_get_input (result, "api-spec#auth")->tokens
                                    / result->tokens, 1e-9);
  }
}

static void
test_disable (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (t);
  g_autoptr(PwPromptResult) full = NULL;
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pw_prompt_request_add_endpoint (request, "GET /api/books/{id}");
  full = pw_prompt_assemble (f->workspace, request, NULL);

  pw_prompt_request_set_input_enabled (request, PW_PROMPT_INPUT_PRD, FALSE);
  pw_prompt_request_set_input_enabled (request, ".cursor/rules/backend.mdc", FALSE);
  result = pw_prompt_assemble (f->workspace, request, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (result->text, "Readers keep a list"));
  g_assert_null (strstr (result->text, "src/lib/services"));
  g_assert_nonnull (strstr (result->text, "<prd>\n[Planwright: “.ai/prd.md” left out on purpose]\n</prd>"));
  g_assert_cmpint (pw_prompt_result_get_input (result, PW_PROMPT_INPUT_PRD)->state, ==,
                   PW_PROMPT_INPUT_DISABLED);
  g_assert_cmpint (pw_prompt_result_get_input (result, ".cursor/rules/backend.mdc")->state, ==,
                   PW_PROMPT_INPUT_DISABLED);
  g_assert_cmpuint (result->bytes, <, full->bytes);
  g_assert_cmpuint (result->warnings->len, ==, 0);

  pw_prompt_request_set_input_enabled (request, PW_PROMPT_INPUT_API_SPEC, FALSE);
  g_assert_null (pw_prompt_assemble (f->workspace, request, &error));
  g_assert_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_NO_API_SPEC);
}

static void
test_endpoints_plan (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (t);
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pw_prompt_request_add_endpoint (request, "GET /api/books/{id}");
  pw_prompt_request_add_endpoint (request, "POST /api/books");
  result = pw_prompt_assemble (f->workspace, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->text, "<endpoints>\n- GET /api/books/{id}\n- POST /api/books\n"));
  g_assert_nonnull (strstr (result->text, "Returns one book."));
  g_assert_nonnull (strstr (result->text, "Creates a book."));
  g_assert_null (pw_prompt_result_get_input (result, PW_PROMPT_INPUT_PRD));
  g_assert_cmpstr (result->output_path, ==, ".ai/endpoints-plan.md");
  g_assert_nonnull (strstr (result->text, "Remember to save your implementation plan as .ai/endpoints-plan.md."));
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autoptr(PwPromptRequest) empty = pw_prompt_request_new (t);
  g_autoptr(PwPromptRequest) two = pw_prompt_request_new (t);
  g_autoptr(GError) error = NULL;
  g_autoptr(PwPromptResult) unknown = assemble (f, PW_TEMPLATE_ID_FEATURE_PLAN,
                                                "DELETE /api/books/{id}", &error);

  g_assert_null (unknown);
  g_assert_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_UNKNOWN_ENDPOINT);
  g_assert_nonnull (strstr (error->message, "DELETE /api/books/{id}"));
  g_clear_error (&error);

  g_assert_null (pw_prompt_assemble (f->workspace, empty, &error));
  g_assert_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_NO_SUBJECT);
  g_clear_error (&error);

  pw_prompt_request_add_endpoint (two, "GET /api/books/{id}");
  pw_prompt_request_add_endpoint (two, "POST /api/books");
  g_assert_null (pw_prompt_assemble (f->workspace, two, &error));
  g_assert_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_SUBJECT);
}

/* A PRD that is a link to a file outside the repository (a key) is never
 * read into the prompt; the prompt says it was left out. */
static void
test_outside_left_out (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *home = g_dir_make_tmp ("pw-home-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (home, "id_rsa", NULL);
  g_autofree char *prd = g_build_filename (f->root, ".ai", "prd.md", NULL);
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (t);
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  gboolean warned = FALSE;

  write_file (home, "id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET\n");
  g_assert_cmpint (symlink (key, prd), ==, 0);
  workspace = open_workspace (f->root);

  pw_prompt_request_set_feature (request, "Book notes");
  result = pw_prompt_assemble (workspace, request, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (result->text, "PRIVATE KEY"));
  g_assert_null (strstr (result->text, "SECRET"));
  for (guint i = 0; i < result->warnings->len; i++)
    warned = warned || strstr (g_ptr_array_index (result->warnings, i), "outside") != NULL;
  g_assert_true (warned);

  remove_tree (home);
}

/* A template cannot multiply the prompt: 20,000 references are refused. */
static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("---\nid: bomb\nname: Bomb\noutput: .ai/x.md\n---\n");
  g_autoptr(PwTemplate) t = NULL;
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20000; i++)
    g_string_append (body, "@.ai/prd.md\n");
  t = pw_template_new_from_data (body->str, body->len, "bomb.md", PW_TEMPLATE_ORIGIN_REPOSITORY,
                                 &error);
  g_assert_no_error (error);
  request = pw_prompt_request_new (t);
  pw_prompt_request_set_feature (request, "Book notes");

  g_assert_null (pw_prompt_assemble (f->workspace, request, &error));
  g_assert_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/pw/prompt/references", test_references, NULL);
  ADD ("/pw/prompt/outside-left-out", test_outside_left_out, GINT_TO_POINTER (1));
  ADD ("/pw/prompt/too-large", test_too_large, NULL);
  ADD ("/pw/prompt/rules-choice", test_rules_choice, NULL);
  ADD ("/pw/prompt/missing-document", test_missing, "no-prd");
  ADD ("/pw/prompt/deterministic", test_deterministic, NULL);
  ADD ("/pw/prompt/stats", test_stats, NULL);
  ADD ("/pw/prompt/disable", test_disable, NULL);
  ADD ("/pw/prompt/endpoints-plan", test_endpoints_plan, NULL);
  ADD ("/pw/prompt/errors", test_errors, NULL);
#undef ADD

  return g_test_run ();
}
