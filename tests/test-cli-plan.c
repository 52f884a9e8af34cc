/* test-cli-plan.c: `planwright plan` run as a process against a loopback
 * SoupServer, checking what it writes and its exit statuses.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "pw-test-repo.h"
#include "pw-test-server.h"
#include "pw-test-utils.h"

#define KEY "sk-cli-SECRET-0987654321"
#define CHUNK(t) TEST_OPENAI_CHUNK (t)

typedef struct
{
  char       *repo;
  char       *data_home;
  TestServer *server;
} Fixture;

typedef PwTestResult Result;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->repo = pw_test_make_notes_repo ("pw-cli-plan-XXXXXX");
  fixture->data_home = g_dir_make_tmp ("pw-cli-data-XXXXXX", NULL);
  fixture->server = test_server_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_spin (20);
  test_server_free (fixture->server);
  pw_test_remove_tree (fixture->repo);
  pw_test_remove_tree (fixture->data_home);
}

/* Runs planwright with @args; with @interrupt_ms > 0, sends SIGINT then. */
static Result
run_plan (Fixture            *fixture,
          const char * const *args,
          guint               interrupt_ms)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, "plan");
  g_ptr_array_add (argv, fixture->repo);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  return pw_test_run_planwright ((const char * const *) argv->pdata, fixture->data_home, KEY,
                                 interrupt_ms);
}

static void
result_clear (Result *res)
{
  pw_test_result_clear (res);
}

static void
assert_history_has_no_key (Fixture *fixture)
{
  g_autofree char *dir = g_build_filename (fixture->data_home, "planwright", "history", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_null (strstr (contents, KEY));
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
}

/* --endpoint repeats: the offline draft covers each, and reports no
 * throughput. */
static void
test_cli_several_endpoints (Fixture       *fixture,
                            gconstpointer  data)
{
  const char * const args[] = { "--template", "endpoints-plan", "--endpoint", "GET /api/notes/{id}",
                                "--endpoint", "DELETE /api/notes/{id}", "--output", "-", NULL };
  g_autofree char *two = g_strconcat (pw_test_notes_api_plan, "\n### DELETE /api/notes/{id}\n\n"
                                      "Deletes the note.\n\n- Success: 204 No Content\n"
                                      "- Errors: 403 Forbidden (a note of another user)\n", NULL);
  Result res;

  pw_test_write_file (fixture->repo, ".ai/api-plan.md", two);
  res = run_plan (fixture, args, 0);
  g_assert_cmpint (res.status, ==, 0);
  g_assert_nonnull (strstr (res.out, "### GET /api/notes/{id}\n"));
  g_assert_nonnull (strstr (res.out, "### DELETE /api/notes/{id}\n"));
  g_assert_nonnull (strstr (res.out, "`403` Forbidden (a note of another user)"));
  g_assert_nonnull (strstr (res.err, "offline draft"));
  g_assert_null (strstr (res.err, "tokens/s"));
  result_clear (&res);
}

static void
test_cli_offline (Fixture       *fixture,
                  gconstpointer  data)
{
  const char * const args[] = { "--template", "endpoints-plan", "--endpoint", "GET /api/notes/{id}",
                                NULL };
  g_autofree char *path = g_build_filename (fixture->repo, ".ai", "endpoints-plan.md", NULL);
  g_autofree char *contents = NULL;
  Result res;
  const char * const forced[] = { "--template", "endpoints-plan", "--endpoint",
                                  "GET /api/notes/{id}", "--force", NULL };

  res = run_plan (fixture, args, 0);
  g_assert_cmpint (res.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  /* Exported form: provenance first, an offline draft, steps as tasks. */
  g_assert_true (g_str_has_prefix (contents, "<!-- planwright:"));
  g_assert_nonnull (strstr (contents, "offline-draft"));
  g_assert_nonnull (strstr (contents, "Offline draft"));
  g_assert_nonnull (strstr (contents, "GET /api/notes/{id}"));
  g_assert_nonnull (strstr (contents, "1. [ ] "));
  g_assert_nonnull (strstr (contents, "404 Not Found"));
  result_clear (&res);

  /* The export rules refuse to overwrite, until --force. */
  res = run_plan (fixture, args, 0);
  g_assert_cmpint (res.status, ==, 7);
  g_assert_nonnull (strstr (res.err, "--force"));
  result_clear (&res);
  res = run_plan (fixture, forced, 0);
  g_assert_cmpint (res.status, ==, 0);
  result_clear (&res);
}

static void
test_cli_openai_stdout (Fixture       *fixture,
                        gconstpointer  data)
{
  const char * const args[] = { "--template", "endpoints-plan", "--endpoint", "GET /api/notes/{id}",
                                "--provider", "openai", "--base-url", fixture->server->base,
                                "--model", "gpt-x", "--output", "-", NULL };
  Result res;

  test_server_add_reply (fixture->server, 200, "text/event-stream", 5,
                         CHUNK ("# API Endpoint Implementation Plan: GET /api/notes/{id}\\n\\n"),
                         CHUNK ("## 8. Implementation Steps\\n\\n1. Write the handler\\n"),
                         "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20}}\n\n",
                         "data: [DONE]\n\n", NULL);

  res = run_plan (fixture, args, 0);
  g_assert_cmpint (res.status, ==, 0);
  g_assert_true (g_str_has_prefix (res.out, "<!-- planwright:"));
  g_assert_nonnull (strstr (res.out, "model=gpt-x"));
  g_assert_nonnull (strstr (res.out, "Write the handler"));
  g_assert_nonnull (strstr (res.err, "100 input and 20 output tokens"));
  g_assert_cmpstr (test_server_request_header (fixture->server, 0, "Authorization"), ==,
                   "Bearer " KEY);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->server->request_bodies, 0), "/api/notes"));
  assert_history_has_no_key (fixture);
  result_clear (&res);
}

static void
expect_status (Fixture    *fixture,
               int         expected,
               const char *needle)
{
  const char * const args[] = { "--template", "endpoints-plan", "--feature", "notes",
                                "--provider", "openai", "--base-url", fixture->server->base,
                                "--model", "gpt-x", "--output", "-", NULL };
  Result res = run_plan (fixture, args, 0);

  g_test_message ("stderr: %s", res.err);
  g_assert_cmpint (res.status, ==, expected);
  if (needle != NULL)
    g_assert_nonnull (strstr (res.err, needle));
  g_assert_cmpstr (res.out, ==, "");
  result_clear (&res);
}

static void
test_cli_auth (Fixture       *fixture,
               gconstpointer  data)
{
  test_server_add_reply (fixture->server, 401, "application/json", 1,
                         "{\"error\":{\"message\":\"Incorrect API key provided: " KEY "\"}}", NULL);
  expect_status (fixture, 3, "rejected the API key");
}

static void
test_cli_quota (Fixture       *fixture,
                gconstpointer  data)
{
  test_server_add_reply (fixture->server, 429, "application/json", 1,
                         "{\"error\":{\"code\":\"insufficient_quota\",\"message\":\"quota\"}}", NULL);
  expect_status (fixture, 4, "quota");
}

static void
test_cli_incomplete (Fixture       *fixture,
                     gconstpointer  data)
{
  test_server_add_reply (fixture->server, 200, "text/event-stream", 1, CHUNK ("half a plan"), NULL);
  expect_status (fixture, 5, "incomplete");
}

static void
test_cli_protocol (Fixture       *fixture,
                   gconstpointer  data)
{
  test_server_add_reply (fixture->server, 200, "text/event-stream", 1, "data: {oops\n\n", NULL);
  expect_status (fixture, 6, NULL);
}

static void
test_cli_cancel (Fixture       *fixture,
                 gconstpointer  data)
{
  const char * const args[] = { "--template", "endpoints-plan", "--feature", "notes",
                                "--provider", "openai", "--base-url", fixture->server->base,
                                "--model", "gpt-x", "--output", "-", NULL };
  TestReply *reply;
  Result res;

  reply = test_server_add_reply (fixture->server, 200, "text/event-stream", 50, NULL);
  for (guint i = 0; i < 400; i++)
    test_reply_add_chunk (reply, CHUNK ("x"), strlen (CHUNK ("x")));

  res = run_plan (fixture, args, 1500);
  g_assert_cmpint (res.status, ==, 130);
  g_assert_nonnull (strstr (res.err, "cancelled"));
  result_clear (&res);
}

static void
test_cli_usage (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const no_template[] = { "--feature", "x", NULL };
  const char * const both[] = { "--template", "endpoints-plan", "--feature", "x", "--endpoint",
                                "GET /a", NULL };
  const char * const bad_kind[] = { "--template", "endpoints-plan", "--feature", "x",
                                    "--provider", "gemini", NULL };
  Result res;

  res = run_plan (fixture, no_template, 0);
  g_assert_cmpint (res.status, ==, 2);
  result_clear (&res);
  res = run_plan (fixture, both, 0);
  g_assert_cmpint (res.status, ==, 2);
  result_clear (&res);
  res = run_plan (fixture, bad_kind, 0);
  g_assert_cmpint (res.status, ==, 2);
  result_clear (&res);
}

#define FINISH(r) "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" r "\"}]}\n\n"

/* A refusal exits 8 and writes nothing; a plan cut at the token limit is
 * written with a warning and exits 9; an answer without text exits 6. */
static void
test_cli_refused_truncated (Fixture       *fixture,
                            gconstpointer  data)
{
  const char * const args[] = { "--template", "endpoints-plan", "--endpoint", "GET /api/notes/{id}",
                                "--provider", "openai", "--base-url", fixture->server->base,
                                "--model", "gpt-x", NULL };
  g_autofree char *path = g_build_filename (fixture->repo, ".ai", "endpoints-plan.md", NULL);
  g_autofree char *contents = NULL;
  Result res;

  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null,"
                         "\"refusal\":\"I can't assist with that.\"}}]}\n\n",
                         FINISH ("stop"), "data: [DONE]\n\n", NULL);
  res = run_plan (fixture, args, 0);
  g_assert_cmpint (res.status, ==, 8);
  g_assert_nonnull (strstr (res.err, "I can't assist with that."));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  result_clear (&res);

  g_ptr_array_set_size (fixture->server->replies, 0);
  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         CHUNK ("## 8. Implementation Steps\\n\\n1. Write the hand"),
                         FINISH ("length"), "data: [DONE]\n\n", NULL);
  res = run_plan (fixture, args, 0);
  g_assert_cmpint (res.status, ==, 9);
  g_assert_nonnull (strstr (res.err, "warning"));
  g_assert_nonnull (strstr (res.err, "token limit"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Write the hand"));
  result_clear (&res);

  g_ptr_array_set_size (fixture->server->replies, 0);
  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"id\":\"x\",\"object\":\"chat.completion\"}", NULL);
  expect_status (fixture, 6, "no text");
}

/* Ollama: a prompt larger than the model's context is reported before the
 * request, and num_ctx stays within the model's context. */
static void
test_cli_ollama_context (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const args[] = { "--template", "endpoints-plan", "--endpoint", "GET /api/notes/{id}",
                                "--provider", "ollama", "--base-url", fixture->server->base,
                                "--model", "llama3.2", "--output", "-", NULL };
  TestReply *show;
  Result res;

  show = test_server_add_reply (fixture->server, 200, "application/json", 1,
                                "{\"model_info\":{\"general.architecture\":\"llama\","
                                "\"llama.context_length\":256}}", NULL);
  show->path = g_strdup ("/api/show");
  test_server_add_reply (fixture->server, 200, "application/x-ndjson", 1,
                         "{\"message\":{\"role\":\"assistant\",\"content\":\"# Plan\\n\"},"
                         "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":256,"
                         "\"eval_count\":3}\n", NULL);

  res = run_plan (fixture, args, 0);
  g_test_message ("stderr: %s", res.err);
  g_assert_cmpint (res.status, ==, 0);
  g_assert_nonnull (strstr (res.err, "warning: The prompt of about"));
  g_assert_nonnull (strstr (res.err, "256-token context"));
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->server->request_bodies, 1),
                            "\"num_ctx\":256"));
  result_clear (&res);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *binary = NULL;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pw/cli-plan/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  binary = g_build_filename (g_getenv ("PW_BUILD_ROOT") ? g_getenv ("PW_BUILD_ROOT") : ".",
                             "src", "planwright", NULL);
  if (!g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_message ("planwright not built at %s", binary);
      return 77;
    }

  ADD ("offline", test_cli_offline);
  ADD ("several-endpoints", test_cli_several_endpoints);
  ADD ("openai-stdout", test_cli_openai_stdout);
  ADD ("auth", test_cli_auth);
  ADD ("quota", test_cli_quota);
  ADD ("incomplete", test_cli_incomplete);
  ADD ("protocol", test_cli_protocol);
  ADD ("cancel", test_cli_cancel);
  ADD ("usage", test_cli_usage);
  ADD ("refused-truncated", test_cli_refused_truncated);
  ADD ("ollama-context", test_cli_ollama_context);

  return g_test_run ();
}
