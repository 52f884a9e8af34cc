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

#include "pw-endpoints.h"
#include "pw-gitignore.h"
#include "pw-md-sections.h"
#include "pw-openapi.h"
#include "pw-input-set.h"
#include "pw-prompt.h"
#include "pw-template.h"
#include "pw-test-utils.h"
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

/* A repository whose tech-stack file has a variant name. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->root = g_dir_make_tmp ("pw-prompt-XXXXXX", NULL);
  g_assert_nonnull (f->root);
  if (data == NULL)
    pw_test_write_file (f->root, ".ai/prd.md", PRD_TEXT);
  pw_test_write_file (f->root, ".ai/tech_stack.md", STACK_TEXT);
  pw_test_write_file (f->root, ".ai/api-plan.md", API_TEXT);
  pw_test_write_file (f->root, ".cursor/rules/backend.mdc", BACKEND);
  pw_test_write_file (f->root, ".cursor/rules/frontend.mdc", FRONTEND);
  f->workspace = pw_test_open_workspace (f->root);
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
  g_autoptr(PwWorkspace) again = pw_test_open_workspace (f->root);
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

  pw_test_write_file (home, "id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET\n");
  g_assert_cmpint (symlink (key, prd), ==, 0);
  workspace = pw_test_open_workspace (f->root);

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

/* The API plan's global sections are inputs of their own: switched off,
 * one leaves the prompt and says so in the stats. */
static void
test_global_sections (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (t);
  g_autoptr(PwPromptResult) with = NULL;
  g_autoptr(PwPromptResult) without = NULL;
  const PwPromptInput *auth;

  pw_prompt_request_add_endpoint (request, "POST /api/books");
  with = pw_prompt_assemble (f->workspace, request, NULL);
  g_assert_nonnull (with);
  g_assert_nonnull (strstr (with->text, "Creates a book.\n- Success: 201\n\n## 3. Authentication\n"
                                        "Bearer tokens.\n</endpoints>"));
  auth = pw_prompt_result_get_input (with, "api-spec#auth");
  g_assert_cmpint (auth->state, ==, PW_PROMPT_INPUT_INCLUDED);
  g_assert_cmpstr (auth->path, ==, ".ai/api-plan.md");
  g_assert_cmpuint (auth->bytes, ==, strlen ("## 3. Authentication\nBearer tokens."));

  pw_prompt_request_set_input_enabled (request, "api-spec#auth", FALSE);
  without = pw_prompt_assemble (f->workspace, request, NULL);
  g_assert_null (strstr (without->text, "Bearer tokens"));
  g_assert_cmpint (pw_prompt_result_get_input (without, "api-spec#auth")->state, ==,
                   PW_PROMPT_INPUT_DISABLED);
  g_assert_nonnull (strstr (without->text, "Creates a book."));
}

/* A database plan, when the repository has one, is in the prompt. */
static void
test_db_plan (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (t);
  g_autoptr(PwPromptResult) result = NULL;

  pw_test_write_file (f->root, ".ai/db-plan.md", "# Database\n\nbooks(id uuid, title text)\n");
  workspace = pw_test_open_workspace (f->root);
  pw_prompt_request_add_endpoint (request, "GET /api/books/{id}");
  result = pw_prompt_assemble (workspace, request, NULL);
  g_assert_nonnull (strstr (result->text, "<database_plan>\n# Database\n\nbooks(id uuid, title text)\n"
                                          "</database_plan>"));
  g_assert_cmpint (pw_prompt_result_get_input (result, PW_PROMPT_INPUT_DB_PLAN)->state, ==,
                   PW_PROMPT_INPUT_INCLUDED);
}

static PwPromptRequest *
feature_request (const char *template_id)
{
  g_autoptr(PwTemplate) t = pw_template_new_builtin (template_id, NULL);
  PwPromptRequest *request = pw_prompt_request_new (t);

  pw_prompt_request_set_feature (request, "Reading list");
  return request;
}

/* Files and folders the user adds: inlined with their paths where the
 * template says, each an input; ignored and binary files of a folder are
 * left out and counted. */
static void
test_added_inputs (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PwPromptRequest) request = feature_request (PW_TEMPLATE_ID_FEATURE_PLAN);
  g_autoptr(PwPromptResult) result = NULL;
  g_autofree char *binary = g_build_filename (f->root, "src/lib/services/logo.png", NULL);
  const PwPromptInput *types;
  const char *block;

  pw_test_write_file (f->root, ".gitignore", "# build\ndist/\n*.log\n");
  pw_test_write_file (f->root, "src/types.ts", "export interface Book { id: string }\n");
  pw_test_write_file (f->root, "src/lib/services/book.service.ts", "export class BookService {}\n");
  pw_test_write_file (f->root, "src/lib/services/debug.log", "noise\n");
  g_assert_true (g_file_set_contents (binary, "\x89PNG\0\0\x01", 7, NULL));
  pw_test_write_file (f->root, "dist/app.js", "minified\n");

  pw_prompt_request_add_input (request, "src/types.ts");
  pw_prompt_request_add_input (request, "src/lib/services/");
  result = pw_prompt_assemble (f->workspace, request, NULL);
  g_assert_nonnull (result);

  block = strstr (result->text, "</database_plan>\n\nExisting code to build on");
  g_assert_nonnull (block);
  g_assert_nonnull (strstr (block, "<existing_code>\n"
                                   "<file path=\"src/types.ts\">\n"
                                   "export interface Book { id: string }\n</file>\n"
                                   "<file path=\"src/lib/services/book.service.ts\">\n"
                                   "export class BookService {}\n</file>\n"
                                   "</existing_code>\n\nYour task"));
  g_assert_null (strstr (result->text, "noise"));
  g_assert_null (strstr (result->text, "PNG"));

  types = pw_prompt_result_get_input (result, "src/types.ts");
  g_assert_cmpint (types->state, ==, PW_PROMPT_INPUT_INCLUDED);
  g_assert_cmpuint (types->bytes, ==, strlen ("export interface Book { id: string }\n"));
  g_assert_cmpfloat (types->share, >, 0);
  /* Added files come last in the stats. */
  g_assert_true (g_ptr_array_index (result->inputs, result->inputs->len - 1)
                 == pw_prompt_result_get_input (result, "src/lib/services/book.service.ts"));
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (result->warnings, 0), "1 file of the added folders is not text"));

  /* One added file switched off leaves the prompt. */
  pw_prompt_request_set_input_enabled (request, "src/types.ts", FALSE);
  g_clear_pointer (&result, pw_prompt_result_free);
  result = pw_prompt_assemble (f->workspace, request, NULL);
  g_assert_null (strstr (result->text, "interface Book"));
  g_assert_nonnull (strstr (result->text, "BookService"));
  g_assert_cmpint (pw_prompt_result_get_input (result, "src/types.ts")->state, ==,
                   PW_PROMPT_INPUT_DISABLED);
}

/* A template without {{inputs}} gets the added files at its end. */
static void
test_added_inputs_unplaced (Fixture       *f,
                            gconstpointer  data)
{
  const char *body = "---\nid: short\nname: Short\noutput: .ai/x.md\n---\nPlan {{subject}}.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PwTemplate) t = pw_template_new_from_data (body, strlen (body), "short.md",
                                                       PW_TEMPLATE_ORIGIN_REPOSITORY, &error);
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(PwPromptResult) result = NULL;

  g_assert_no_error (error);
  pw_test_write_file (f->root, "src/types.ts", "type Id = string;\n");
  request = pw_prompt_request_new (t);
  pw_prompt_request_set_feature (request, "Reading list");
  pw_prompt_request_add_input (request, "src/types.ts");
  result = pw_prompt_assemble (f->workspace, request, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->text, ==,
                   "Plan Reading list.\n\nExisting code to build on (files from the repository):\n"
                   "<existing_code>\n<file path=\"src/types.ts\">\ntype Id = string;\n</file>\n"
                   "</existing_code>\n");
}

static void
assert_bad_input (Fixture    *f,
                  const char *path,
                  const char *message)
{
  g_autoptr(PwPromptRequest) request = feature_request (PW_TEMPLATE_ID_FEATURE_PLAN);
  g_autoptr(GError) error = NULL;

  pw_prompt_request_add_input (request, path);
  g_assert_null (pw_prompt_assemble (f->workspace, request, &error));
  g_assert_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, message));
}

/* What cannot be added is a clear error: outside the repository (also
 * through a link), missing, binary, or too large. */
static void
test_added_inputs_errors (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *home = g_dir_make_tmp ("pw-home-XXXXXX", NULL);
  g_autofree char *secret = g_build_filename (home, "secret.ts", NULL);
  g_autofree char *link = g_build_filename (f->root, "src", "linked.ts", NULL);
  g_autofree char *binary = g_build_filename (f->root, "src", "data.bin", NULL);
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GFile) root = g_file_new_for_path (f->root);
  g_autoptr(GError) error = NULL;
  const char *two[] = { "src/a.ts", "src/b.ts", NULL };

  pw_test_write_file (home, "secret.ts", "const key = 'x';\n");
  pw_test_write_file (f->root, "src/a.ts", "// a, twelve\n");
  pw_test_write_file (f->root, "src/b.ts", "// b, twelve\n");
  g_assert_cmpint (symlink (secret, link), ==, 0);
  g_assert_true (g_file_set_contents (binary, "a\0b", 3, NULL));
  while (big->len <= PW_INPUT_SET_MAX_BYTES)
    g_string_append (big, "// a line of a generated file\n");
  pw_test_write_file (f->root, "src/big.ts", big->str);

  assert_bad_input (f, "../outside.ts", "outside the repository");
  assert_bad_input (f, secret, "outside the repository");
  assert_bad_input (f, "src/linked.ts", "symbolic link");
  assert_bad_input (f, "src/nope.ts", "no such file");
  assert_bad_input (f, "src/data.bin", "not a text file");
  assert_bad_input (f, "src/big.ts", "src/big.ts");

  /* The cap counts every added file together. */
  g_assert_null (pw_input_set_collect (root, two, 20, NULL, &error));
  g_assert_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_BAD_INPUT);
  g_assert_nonnull (strstr (error->message, "src/b.ts"));

  remove_tree (home);
}

/* A set read ahead is used as it is: nothing is read again. */
static void
test_input_set_ahead (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PwPromptRequest) request = feature_request (PW_TEMPLATE_ID_FEATURE_PLAN);
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(PwInputSet) set = NULL;
  g_autoptr(GFile) root = g_file_new_for_path (f->root);
  g_autofree char *path = g_build_filename (f->root, "src", "types.ts", NULL);
  const char *paths[] = { "src/types.ts", NULL };

  pw_test_write_file (f->root, "src/types.ts", "type Before = 1;\n");
  set = pw_input_set_collect (root, paths, PW_INPUT_SET_MAX_BYTES, NULL, NULL);
  g_assert_nonnull (set);
  g_assert_true (pw_input_set_has_paths (set, paths));
  g_assert_cmpuint (pw_input_set_get_bytes (set), ==, strlen ("type Before = 1;\n"));
  pw_test_write_file (f->root, "src/types.ts", "type After = 2;\n");

  pw_prompt_request_add_input (request, "src/types.ts");
  pw_prompt_request_set_input_set (request, set);
  result = pw_prompt_assemble (f->workspace, request, NULL);
  g_assert_nonnull (strstr (result->text, "type Before = 1;"));
  g_assert_null (strstr (result->text, "type After"));
}

#define PRD_SECTIONS \
  "# Book list PRD\n\n" \
  "## 1. Overview\nA reading list.\n\n" \
  "## 2. User stories\n### US-1 Add a book\nAs a reader…\n\n" \
  "## 3. Metrics\n90% of readers add a book.\n"

/* The PRD narrowed to the chosen headings, in the document's order, with a
 * note in the prompt that it is an excerpt. */
static void
test_prd_sections (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwPromptRequest) request = feature_request (PW_TEMPLATE_ID_FEATURE_PLAN);
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected =
    "<prd>\n[Planwright: the PRD narrowed to its sections “2. User stories”, “3. Metrics”]\n\n"
    "## 2. User stories\n### US-1 Add a book\nAs a reader…\n\n"
    "## 3. Metrics\n90% of readers add a book.\n</prd>";

  pw_test_write_file (f->root, ".ai/prd.md", PRD_SECTIONS);
  workspace = pw_test_open_workspace (f->root);
  pw_prompt_request_add_prd_section (request, "Metrics");
  pw_prompt_request_add_prd_section (request, "2. User stories");
  pw_prompt_request_add_prd_section (request, "US-1 Add a book");
  result = pw_prompt_assemble (workspace, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->text, expected));
  g_assert_null (strstr (result->text, "A reading list."));
  g_assert_cmpuint (pw_prompt_result_get_input (result, PW_PROMPT_INPUT_PRD)->bytes, ==,
                    strlen (strstr (expected, "[Planwright")) - strlen ("</prd>"));

  pw_prompt_request_add_prd_section (request, "Pricing");
  g_assert_null (pw_prompt_assemble (workspace, request, &error));
  g_assert_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_UNKNOWN_SECTION);
  g_assert_nonnull (strstr (error->message, "Pricing"));
}

/* Paths the documents mention and the repository has, most mentioned
 * first; not what is missing, ignored, or a planning document. */
static void
test_suggestions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) paths = NULL;

  pw_test_write_file (f->root, ".gitignore", "dist/\n");
  pw_test_write_file (f->root, ".cursor/rules/backend.mdc",
              "Keep services in `src/lib/services/` and types in src/types.ts.\n"
              "Shared types: `./src/types.ts`. Build output: dist/app.js.\n"
              "See src/missing.ts and https://example.com/src/x.ts and /api/books.\n"
              "Plans live in .ai/ and .ai/plans/; see .github/workflows/ci.yml.\n");
  pw_test_write_file (f->root, ".ai/api-plan.md", API_TEXT "Types live in @/types (see .ai/prd.md).\n");
  pw_test_write_file (f->root, "src/types.ts", "export {};\n");
  pw_test_write_file (f->root, "src/lib/services/book.service.ts", "export {};\n");
  pw_test_write_file (f->root, "dist/app.js", "x\n");
  pw_test_write_file (f->root, ".ai/plans/old.md", "# Old\n");
  pw_test_write_file (f->root, ".github/workflows/ci.yml", "on: push\n");
  workspace = pw_test_open_workspace (f->root);

  paths = pw_input_suggest (workspace, NULL);
  g_assert_cmpuint (paths->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (paths, 0), ==, "src/types.ts");
  g_assert_cmpstr (g_ptr_array_index (paths, 1), ==, "src/lib/services/");
}

static void
assert_ignored (PwGitignore *ignore,
                const char  *path,
                gboolean     folder,
                gboolean     expected)
{
  if (pw_gitignore_ignores (ignore, path, folder) != expected)
    g_error ("%s: expected %s", path, expected ? "ignored" : "not ignored");
}

static void
test_gitignore (void)
{
  const char *text = "# comment\n\nnode_modules\n/build\n*.log\n!keep.log\ncache/\n"
                     "docs/*.pdf\n**/secret.env\n\\n";
  g_autoptr(PwGitignore) ignore = pw_gitignore_new_from_data (text, strlen (text));

  assert_ignored (ignore, "node_modules", TRUE, TRUE);
  assert_ignored (ignore, "web/node_modules/react/index.js", FALSE, TRUE);
  assert_ignored (ignore, "build/app.js", FALSE, TRUE);
  assert_ignored (ignore, "src/build/app.js", FALSE, FALSE);
  assert_ignored (ignore, "logs/app.log", FALSE, TRUE);
  assert_ignored (ignore, "keep.log", FALSE, FALSE);
  assert_ignored (ignore, "cache", FALSE, FALSE);
  assert_ignored (ignore, "src/cache/x.ts", FALSE, TRUE);
  assert_ignored (ignore, "docs/manual.pdf", FALSE, TRUE);
  assert_ignored (ignore, "secret.env", FALSE, TRUE);
  assert_ignored (ignore, "config/secret.env", FALSE, TRUE);
  assert_ignored (ignore, "src/types.ts", FALSE, FALSE);
}

/* Checks one corpus repository: the prompt for its first endpoint carries
 * every global section of its API plan (except one holding the endpoint's
 * own section), and as rules the workspace's relevant choice or none. Returns
 * whether it had an endpoint to check. */
static gboolean
check_corpus_repository (const char *dir)
{
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (dir);
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (t);
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GPtrArray) globals = NULL;
  g_autoptr(GError) error = NULL;
  PwDocument *spec = pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC);
  g_autoptr(GPtrArray) rules = pw_workspace_dup_default_rules (workspace);
  PwEndpoint *first;
  g_autofree char *key = NULL;
  const char *text;
  gsize length;
  guint n_rules = 0;

  if (spec == NULL || !pw_document_load (spec, NULL, NULL))
    return FALSE;
  text = pw_document_get_text (spec);
  length = pw_document_get_length (spec);
  endpoints = pw_api_spec_extract (text, length, pw_document_get_relative_path (spec), NULL);
  if (endpoints == NULL || endpoints->len == 0)
    return FALSE;

  first = g_ptr_array_index (endpoints, 0);
  key = pw_endpoint_dup_key (first);
  pw_prompt_request_add_endpoint (request, key);
  result = pw_prompt_assemble (workspace, request, &error);
  g_assert_no_error (error);

  globals = pw_api_plan_find_global_sections (text, length);
  for (guint i = 0; i < globals->len; i++)
    {
      PwMdSection *section = g_ptr_array_index (globals, i);
      g_autofree char *heading = g_strndup (text + section->start,
                                            section->body_start - section->start);

      if (section->start < first->section_end && first->section_start < section->end)
        continue;
      if (strstr (result->text, g_strchomp (heading)) == NULL)
        g_error ("%s: the global section “%s” (%s) is not in the prompt for %s", dir,
                 section->title, section->kind, key);
    }

  /* The rules are the workspace's ranked choice, each relevant to the
   * backend, in that order; or none. */
  for (guint i = 0; i < result->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (result->inputs, i);
      PwDocument *document = pw_workspace_lookup (workspace, input->id);
      const PwRule *rule;

      if (document == NULL || pw_document_get_role (document) != PW_DOCUMENT_ROLE_RULES)
        continue;
      g_assert_cmpuint (n_rules, <, rules->len);
      g_assert_true (g_ptr_array_index (rules, n_rules) == document);
      rule = pw_workspace_get_rule_info (workspace, document);
      if (rule == NULL || !rule->relevant)
        g_error ("%s: the rules file %s is not relevant", dir, input->id);
      n_rules++;
    }
  g_assert_cmpuint (n_rules, ==, rules->len);

  return TRUE;
}

/* On every corpus repository the prompt for its first endpoint has the
 * API plan's global sections and its rules are the workspace's choice. */
static void
test_corpus (void)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *corpus = g_build_filename (root != NULL ? root : ".", "..", "shared", "corpus",
                                              NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint checked = 0;

  if (!g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no corpus");
      return;
    }

  dir = g_dir_open (corpus, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (corpus, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && check_corpus_repository (path))
        checked++;
    }
  g_assert_cmpuint (checked, >=, 15);
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
  ADD ("/pw/prompt/global-sections", test_global_sections, NULL);
  ADD ("/pw/prompt/db-plan", test_db_plan, NULL);
  ADD ("/pw/prompt/added-inputs", test_added_inputs, NULL);
  ADD ("/pw/prompt/added-inputs-unplaced", test_added_inputs_unplaced, NULL);
  ADD ("/pw/prompt/added-inputs-errors", test_added_inputs_errors, NULL);
  ADD ("/pw/prompt/input-set-ahead", test_input_set_ahead, NULL);
  ADD ("/pw/prompt/prd-sections", test_prd_sections, NULL);
  ADD ("/pw/prompt/suggestions", test_suggestions, NULL);
#undef ADD
  g_test_add_func ("/pw/prompt/gitignore", test_gitignore);
  g_test_add_func ("/pw/prompt/corpus", test_corpus);

  return g_test_run ();
}
