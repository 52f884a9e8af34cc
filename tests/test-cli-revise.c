/* test-cli-revise.c: `planwright revise` run as a process against a
 * loopback SoupServer: the conversation it sends, the version it writes,
 * the notes beside it, and the exit statuses it shares with `plan`.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "pw-test-repo.h"
#include "pw-test-server.h"
#include "pw-test-utils.h"

#define KEY "sk-cli-SECRET-0987654321"
#define CHUNK(t) TEST_OPENAI_CHUNK (t)
#define DONE "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" \
             "data: [DONE]\n\n"

#define PROVENANCE "<!-- planwright: template=feature-plan model=m1 date=2026-01-01T00:00:00Z -->\n\n"

static const char plan_text[] =
  PROVENANCE
  "# Plan: orders\n"
  "\n"
  "## Implementation Steps\n"
  "1. [x] Create the orders table with a tenant column\n"
  "2. [ ] Add the handler that checks the tenant in code\n"
  "3. [ ] Write the integration tests\n"
  "\n"
  "## Error Handling\n"
  "Return 404 when the order belongs to another tenant.\n";

typedef struct
{
  char       *repo;
  char       *plan;
  char       *out;
  char       *data_home;
  TestServer *server;
} Fixture;

typedef PwTestResult Result;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *ai = NULL;

  fixture->repo = g_dir_make_tmp ("pw-cli-revise-XXXXXX", NULL);
  fixture->data_home = g_dir_make_tmp ("pw-cli-data-XXXXXX", NULL);
  ai = g_build_filename (fixture->repo, ".ai", NULL);
  g_assert_cmpint (g_mkdir (ai, 0700), ==, 0);
  fixture->plan = g_build_filename (ai, "orders-plan.md", NULL);
  fixture->out = g_build_filename (ai, "orders-plan-v2.md", NULL);
  g_assert_true (g_file_set_contents (fixture->plan, plan_text, -1, NULL));
  fixture->server = test_server_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *argv0 = g_find_program_in_path ("rm");
  const char *argv[] = { argv0, "-rf", fixture->repo, fixture->data_home, NULL };

  test_spin (20);
  test_server_free (fixture->server);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (fixture->repo);
  g_free (fixture->plan);
  g_free (fixture->out);
  g_free (fixture->data_home);
}

/* Runs `planwright revise PLAN` with @args. */
static Result
run_revise (Fixture            *fixture,
            const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, "revise");
  g_ptr_array_add (argv, fixture->plan);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  return pw_test_run_planwright ((const char * const *) argv->pdata, fixture->data_home, KEY, 0);
}

static void
result_clear (Result *res)
{
  pw_test_result_clear (res);
}

static JsonNode *
read_notes (const char *plan_path)
{
  g_autofree char *base = g_strndup (plan_path, strlen (plan_path) - 3);
  g_autofree char *path = g_strconcat (base, ".notes.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  node = json_from_string (contents, &error);
  g_assert_no_error (error);
  return node;
}

static const char *
note_status (JsonNode *notes,
             guint     i)
{
  JsonArray *array = json_object_get_array_member (json_node_get_object (notes), "notes");

  return json_object_get_string_member (json_array_get_object_element (array, i), "status");
}

static void
test_prompt_only (Fixture       *fixture,
                  gconstpointer  data)
{
  const char * const args[] = { "--note", "step 2: use RLS, not a check in the handler",
                                 "--note", "Keep it short", "--prompt-only", NULL };
  Result res = run_revise (fixture, args);

  g_assert_cmpint (res.status, ==, 0);
  /* The request exactly as it would go: turn by turn. */
  g_assert_true (g_str_has_prefix (res.out, "### user\n\n(The prompt this plan was written from "
                                            "is not known"));
  g_assert_nonnull (strstr (res.out, "\n### assistant\n\n# Plan: orders\n"));
  g_assert_nonnull (strstr (res.out, "1. On step 2 (\"Add the handler that checks the tenant in "
                                     "code\"): use RLS, not a check in the handler\n"));
  g_assert_nonnull (strstr (res.out, "2. On the whole plan: Keep it short\n"));
  g_assert_cmpuint (fixture->server->n_requests, ==, 0);
  result_clear (&res);
}

static void
test_revise_with_model (Fixture       *fixture,
                        gconstpointer  data)
{
  const char * const args[] = { "--note", "step 2: use RLS, not a check in the handler",
                                 "--note", "section Error Handling: 404, always",
                                 "--provider", "openai", "--base-url", fixture->server->base,
                                 "--model", "gpt-x", "--output", fixture->out, NULL };
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  JsonArray *messages;
  Result res;

  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         CHUNK ("# Plan: orders\\n\\n## Implementation Steps\\n"),
                         CHUNK ("1. Create the orders table with a tenant column\\n"),
                         CHUNK ("2. Enable row level security on orders\\n"),
                         CHUNK ("3. Write the integration tests\\n\\n## Error Handling\\n"),
                         CHUNK ("Return 404 when the order belongs to another tenant.\\n"),
                         DONE, NULL);
  res = run_revise (fixture, args);
  g_assert_cmpint (res.status, ==, 0);
  g_assert_nonnull (strstr (res.err, "notes: 0 addressed, 1 open, 1 outdated; 1 ticks carried"));

  /* A conversation: the prompt (unknown here), the plan, the notes. */
  body = json_from_string (g_ptr_array_index (fixture->server->request_bodies, 0), &error);
  g_assert_no_error (error);
  messages = json_object_get_array_member (json_node_get_object (body), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1),
                                                  "role"), ==, "assistant");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1),
                                                  "content"), ==, plan_text + strlen (PROVENANCE));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (messages, 2),
                                                           "content"), "use RLS"));

  /* The new version: provenance, the tick of the unchanged step. */
  g_assert_true (g_file_get_contents (fixture->out, &written, NULL, NULL));
  g_assert_true (g_str_has_prefix (written, "<!-- planwright: template=feature-plan model=gpt-x "));
  g_assert_nonnull (strstr (written, "1. [x] Create the orders table"));
  g_assert_nonnull (strstr (written, "2. [ ] Enable row level security on orders"));

  /* The notes beside it, with their status. */
  notes = read_notes (fixture->out);
  g_assert_cmpstr (note_status (notes, 0), ==, "outdated");
  g_assert_cmpstr (note_status (notes, 1), ==, "open");
  result_clear (&res);
}

static void
test_revise_section (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const args[] = { "--section", "Error Handling", "--note",
                                "section Error Handling: add 403",
                                "--provider", "openai", "--base-url", fixture->server->base,
                                "--model", "gpt-x", "--output", "-", NULL };
  const char *start = strstr (plan_text, "## Error Handling");
  Result res;

  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         CHUNK ("## Error Handling\\nReturn 404, or 403 for another tenant.\\n"),
                         DONE, NULL);
  res = run_revise (fixture, args);
  g_assert_cmpint (res.status, ==, 0);
  /* Every byte before the section is as it was. */
  g_assert_cmpmem (res.out, start - plan_text, plan_text, start - plan_text);
  g_assert_cmpstr (res.out + (start - plan_text), ==,
                   "## Error Handling\nReturn 404, or 403 for another tenant.\n");
  result_clear (&res);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  const char * const args[] = { "--note", "step 2: use RLS", "--provider", "offline",
                                "--output", fixture->out, NULL };
  g_autoptr(JsonNode) notes = NULL;
  g_autofree char *written = NULL;
  Result res = run_revise (fixture, args);

  /* No model: the same plan, its notes open, and it says so. */
  g_assert_cmpint (res.status, ==, 0);
  g_assert_nonnull (strstr (res.err, "cannot apply notes"));
  g_assert_true (g_file_get_contents (fixture->out, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, plan_text);
  notes = read_notes (fixture->out);
  g_assert_cmpstr (note_status (notes, 0), ==, "open");
  result_clear (&res);
}

/* An output file in the repository that is a symbolic link out of it is
 * refused, and the file it points to is left as it was. */
static void
test_output_link_out (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *outside = g_build_filename (fixture->data_home, "outside.md", NULL);
  const char * const args[] = { "--note", "step 2: use RLS", "--provider", "offline",
                                "--output", fixture->out, "--force", NULL };
  g_autofree char *kept = NULL;
  Result res;

  g_assert_true (g_file_set_contents (outside, "not a plan\n", -1, NULL));
  g_assert_cmpint (symlink (outside, fixture->out), ==, 0);
  res = run_revise (fixture, args);

  g_assert_cmpint (res.status, !=, 0);
  g_assert_nonnull (strstr (res.err, "outside the repository"));
  g_assert_true (g_file_get_contents (outside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "not a plan\n");
  result_clear (&res);
}

static void
test_statuses (Fixture       *fixture,
               gconstpointer  data)
{
  const char * const model[] = { "--note", "step 1: x", "--provider", "openai", "--base-url",
                                 fixture->server->base, "--model", "m", "--output", "-", NULL };
  const char * const no_output[] = { "--note", "step 1: x", NULL };
  const char * const bad_step[] = { "--note", "step 9: x", "--output", "-", NULL };
  const char * const bad_section[] = { "--section", "Deploy", "--output", "-", NULL };
  const char * const no_notes[] = { "--output", "-", NULL };
  const char * const exists[] = { "--note", "step 1: x", "--provider", "offline",
                                  "--output", fixture->plan, NULL };
  Result res;

  test_server_add_reply (fixture->server, 401, "application/json", 1,
                         "{\"error\":{\"message\":\"Incorrect API key\"}}", NULL);
  res = run_revise (fixture, model);
  g_assert_cmpint (res.status, ==, 3);
  result_clear (&res);

  res = run_revise (fixture, no_output);
  g_assert_cmpint (res.status, ==, 2);
  g_assert_nonnull (strstr (res.err, "--output"));
  result_clear (&res);
  res = run_revise (fixture, bad_step);
  g_assert_cmpint (res.status, ==, 2);
  g_assert_nonnull (strstr (res.err, "no step 9"));
  result_clear (&res);
  res = run_revise (fixture, bad_section);
  g_assert_cmpint (res.status, ==, 2);
  result_clear (&res);
  res = run_revise (fixture, no_notes);
  g_assert_cmpint (res.status, ==, 2);
  g_assert_nonnull (strstr (res.err, "no open notes"));
  result_clear (&res);

  /* The plan itself is not replaced without --force. */
  res = run_revise (fixture, exists);
  g_assert_cmpint (res.status, ==, 7);
  result_clear (&res);
}

/* --stale: what changed in the plan's inputs is one more note; a plan that
 * is not stale says so, with status 1. */
#define PLAN ".ai/get-api-books-id-implementation-plan.md"

static void
test_stale (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *dir = pw_test_copy_example ();
  g_autofree char *plan = g_build_filename (dir, PLAN, NULL);
  g_autofree char *prompt = NULL;
  const char *argv[] = { "revise", plan, "--stale", "--prompt-only", NULL };
  const char *unknown[] = { "revise", fixture->plan, "--stale", "--prompt-only", NULL };
  /* The history the test writes, in its own isolated data folder, is the
   * one the command reads. */
  const char *data_home = g_get_user_data_dir ();
  Result res;

  prompt = pw_test_export_plan (dir, "GET /api/books/{id}", PLAN,
                                "# Plan: GET /api/books/{id}\n\n## Implementation Steps\n\n"
                                "1. [x] Route\n2. [ ] Service\n");
  pw_test_append_history_prompt (dir, prompt);

  res = pw_test_run_planwright (argv, data_home, KEY, 0);
  g_assert_cmpint (res.status, ==, 1);
  g_assert_nonnull (strstr (res.err, "implementation-plan.md is not stale: its inputs are as it "
                                     "was written from"));
  g_assert_cmpstr (res.out, ==, "");
  result_clear (&res);

  pw_test_append_file (dir, ".ai/tech-stack.md", "\nRedis for caching.\n");
  res = pw_test_run_planwright (argv, data_home, KEY, 0);
  g_assert_cmpint (res.status, ==, 0);
  g_assert_nonnull (strstr (res.out, "1. On the whole plan: The plan’s inputs changed since it "
                                     "was written."));
  g_assert_nonnull (strstr (res.out, "The tech stack changed since this plan was written. "
                                     "What changed:\n\n```diff\n--- a/.ai/tech-stack.md\n"));
  g_assert_nonnull (strstr (res.out, "\n+Redis for caching.\n"));
  result_clear (&res);

  /* A plan that records no inputs cannot be told stale. */
  res = pw_test_run_planwright (unknown, data_home, KEY, 0);
  g_assert_cmpint (res.status, ==, 1);
  g_assert_nonnull (strstr (res.err, "whether the plan is stale is not known"));
  result_clear (&res);
  g_assert_cmpuint (fixture->server->n_requests, ==, 0);
  pw_test_remove_tree (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pw/cli-revise/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("prompt-only", test_prompt_only);
  ADD ("with-model", test_revise_with_model);
  ADD ("section", test_revise_section);
  ADD ("offline", test_offline);
  ADD ("statuses", test_statuses);
  ADD ("output-link-out", test_output_link_out);
  ADD ("stale", test_stale);

  return g_test_run ();
}
