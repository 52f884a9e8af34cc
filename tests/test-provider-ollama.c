/* test-provider-ollama.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pw-provider.h"
#include "pw-provider-ollama.h"
#include "pw-test-server.h"

#define NDJSON "application/x-ndjson"
#define LINE(t) "{\"model\":\"llama-test\",\"created_at\":\"2026-01-01T00:00:00Z\"," \
                "\"message\":{\"role\":\"assistant\",\"content\":\"" t "\"},\"done\":false}\n"
#define DONE    "{\"model\":\"llama-test\",\"message\":{\"role\":\"assistant\",\"content\":\"\"}," \
                "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":5000000000," \
                "\"prompt_eval_count\":26,\"eval_count\":290,\"eval_duration\":4000000000}\n"

typedef struct
{
  TestServer   *server;
  PwProvider   *provider;
  PwGeneration *generation;
  TestRun       run;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PwProviderOptions) options = NULL;

  fixture->server = test_server_new ();
  options = test_options (fixture->server->base);
  g_clear_pointer (&options->api_key, g_free);
  options->temperature = 0.5;
  fixture->provider = pw_provider_ollama_new (options);
  fixture->generation = pw_generation_new ("sys", "user prompt");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_run_clear (&fixture->run);
  g_clear_object (&fixture->generation);
  g_clear_object (&fixture->provider);
  test_spin (20);
  test_server_free (fixture->server);
}

static void
test_ollama_stream (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  const char *line = LINE ("\xE2\x9C\x93 ok");
  TestReply *reply;

  reply = test_server_add_reply (fixture->server, 200, NDJSON, 3, LINE ("Hello"), NULL);
  /* Split a line inside the check mark. */
  test_reply_add_chunk (reply, line, strstr (line, "\x9C") - line);
  test_reply_add_chunk (reply, strstr (line, "\x9C"), strlen (strstr (line, "\x9C")));
  test_reply_add_chunk (reply, DONE, strlen (DONE));

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "Hello\xE2\x9C\x93 ok");
  g_assert_cmpuint (pw_generation_get_input_tokens (fixture->generation), ==, 26);
  g_assert_cmpuint (pw_generation_get_output_tokens (fixture->generation), ==, 290);
  g_assert_cmpstr (pw_generation_get_finish_reason (fixture->generation), ==, "stop");

  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/api/chat");
  g_assert_null (test_server_request_header (fixture->server, 0, "Authorization"));
  body = json_from_string (g_ptr_array_index (fixture->server->request_bodies, 0), &error);
  object = json_node_get_object (body);
  g_assert_true (json_object_get_boolean_member (object, "stream"));
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (object, "options"),
                                                    "temperature"), ==, 0.5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "messages")), ==, 2);
}

static void
test_ollama_single_object (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* stream:false style: one object with done:true and no trailing LF. */
  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"all at once\"},"
                         "\"done\":true,\"prompt_eval_count\":1,\"eval_count\":3}", NULL);

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "all at once");
  g_assert_cmpuint (pw_generation_get_output_tokens (fixture->generation), ==, 3);
}

static void
test_ollama_error_line (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 200, NDJSON, 1, LINE ("so far"),
                         "{\"error\":\"model runner has unexpectedly stopped\"}\n", LINE ("never"), NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "unexpectedly stopped"));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "so far");
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_INCOMPLETE);
}

static void
test_ollama_no_done (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 200, NDJSON, 1, LINE ("a"), LINE ("b"), NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INCOMPLETE);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "ab");
}

static void
test_ollama_not_found (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 404, "application/json", 1,
                         "{\"error\":\"model 'nope' not found\"}", NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CLIENT);
  g_assert_nonnull (strstr (error->message, "not found"));
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);
}

static void
test_ollama_tags (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"models\":[{\"name\":\"llama3:8b\",\"model\":\"llama3:8b\",\"size\":1},"
                         "{\"name\":\"qwen2:7b\",\"model\":\"qwen2:7b\"}]}", NULL);

  pw_provider_list_models_async (fixture->provider, NULL, (GAsyncReadyCallback) test_run_done_cb,
                                 &fixture->run);
  while (fixture->run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  models = pw_provider_list_models_finish (fixture->provider, fixture->run.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_assert_cmpstr (models[0], ==, "llama3:8b");
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/api/tags");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pw/provider-ollama/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("stream", test_ollama_stream);
  ADD ("single-object", test_ollama_single_object);
  ADD ("error-line", test_ollama_error_line);
  ADD ("no-done", test_ollama_no_done);
  ADD ("not-found", test_ollama_not_found);
  ADD ("tags", test_ollama_tags);

  return g_test_run ();
}
