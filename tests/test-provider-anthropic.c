/* test-provider-anthropic.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pw-provider.h"
#include "pw-provider-anthropic.h"
#include "pw-test-server.h"

#define SSE "text/event-stream"
#define KEY "sk-test-SECRET-1234567890"

#define START "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"," \
              "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[]," \
              "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
#define BLOCK "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0," \
              "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
#define PING  "event: ping\ndata: {\"type\": \"ping\"}\n\n"
#define DELTA(t) "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0," \
                 "\"delta\":{\"type\":\"text_delta\",\"text\":\"" t "\"}}\n\n"
#define STOP  "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" \
              "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":" \
              "\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":15}}\n\n"
#define END   "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"

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
  options->max_tokens = 1234;
  fixture->provider = pw_provider_anthropic_new (options);
  fixture->generation = pw_generation_new ("System rules.", "Plan it.");
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
test_anthropic_stream (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  JsonArray *messages;
  const char *split = DELTA ("G\xC5\x82\xC3\xB3wny plan");
  gsize cut = strstr (split, "\xC5\x82") - split + 1;
  TestReply *reply;

  reply = test_server_add_reply (fixture->server, 200, SSE, 3, START, BLOCK, PING, NULL);
  test_reply_add_chunk (reply, split, cut);
  test_reply_add_chunk (reply, split + cut, strlen (split) - cut);
  {
    const char *future = "event: future_event\ndata: {\"type\":\"future_event\"}\n\n";

    test_reply_add_chunk (reply, future, strlen (future));
  }
  test_reply_add_chunk (reply, DELTA (" \\u2014 done"), strlen (DELTA (" \\u2014 done")));
  test_reply_add_chunk (reply, STOP END, strlen (STOP END));

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==,
                   "G\xC5\x82\xC3\xB3wny plan \xE2\x80\x94 done");
  g_assert_cmpstr (fixture->run.deltas->str, ==, pw_generation_get_text (fixture->generation));
  g_assert_cmpuint (pw_generation_get_input_tokens (fixture->generation), ==, 25);
  g_assert_cmpuint (pw_generation_get_output_tokens (fixture->generation), ==, 15);
  g_assert_cmpstr (pw_generation_get_finish_reason (fixture->generation), ==, "end_turn");
  g_assert_cmpstr (pw_generation_get_model (fixture->generation), ==, "claude-test");

  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/v1/messages");
  g_assert_cmpstr (test_server_request_header (fixture->server, 0, "x-api-key"), ==, KEY);
  g_assert_cmpstr (test_server_request_header (fixture->server, 0, "anthropic-version"), ==,
                   "2023-06-01");
  g_assert_null (test_server_request_header (fixture->server, 0, "Authorization"));
  body = json_from_string (g_ptr_array_index (fixture->server->request_bodies, 0), &error);
  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpint (json_object_get_int_member (object, "max_tokens"), ==, 1234);
  g_assert_cmpstr (json_object_get_string_member (object, "system"), ==, "System rules.");
  g_assert_true (json_object_get_boolean_member (object, "stream"));
  messages = json_object_get_array_member (object, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "role"),
                   ==, "user");
}

static void
test_anthropic_error_event (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 200, SSE, 1, START, BLOCK, DELTA ("partial"),
                         "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                         "\"message\":\"Overloaded\"}}\n\n", NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "Overloaded"));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "partial");
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_INCOMPLETE);
}

static void
test_anthropic_no_stop (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 200, SSE, 1, START, BLOCK, DELTA ("cut"), NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INCOMPLETE);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "cut");
}

static void
test_anthropic_overloaded_529 (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 529, "application/json", 1,
                         "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
                         NULL);
  test_server_add_reply (fixture->server, 200, SSE, 1, START, DELTA ("after"), STOP, END, NULL);

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "after");
  g_assert_cmpuint (fixture->server->n_requests, ==, 2);
  g_assert_cmpuint (fixture->run.n_retrying, ==, 1);
}

static void
test_anthropic_spend_limit (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 429, "application/json", 1,
                         "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
                         "\"spend limit\",\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}}}",
                         NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_QUOTA);
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);
}

static void
test_anthropic_forbidden (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 403, "application/json", 1,
                         "{\"type\":\"error\",\"error\":{\"type\":\"permission_error\",\"message\":\"no\"}}",
                         NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Test profile"));
  g_assert_null (strstr (error->message, KEY));
}

static void
test_anthropic_models_paging (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"data\":[{\"id\":\"claude-b\",\"type\":\"model\"},{\"id\":\"claude-a\",\"type\":\"model\"}],"
                         "\"first_id\":\"claude-b\",\"last_id\":\"claude-a\",\"has_more\":true}", NULL);
  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"data\":[{\"id\":\"claude-old\",\"type\":\"model\"}],"
                         "\"first_id\":\"claude-old\",\"last_id\":\"claude-old\",\"has_more\":false}", NULL);

  pw_provider_list_models_async (fixture->provider, NULL, (GAsyncReadyCallback) test_run_done_cb,
                                 &fixture->run);
  while (fixture->run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  models = pw_provider_list_models_finish (fixture->provider, fixture->run.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 3);
  g_assert_cmpstr (models[2], ==, "claude-old");
  g_assert_cmpuint (fixture->server->n_requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/v1/models?limit=1000");
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 1), ==,
                   "/v1/models?limit=1000&after_id=claude-a");
  g_assert_cmpstr (test_server_request_header (fixture->server, 1, "x-api-key"), ==, KEY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pw/provider-anthropic/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("stream", test_anthropic_stream);
  ADD ("error-event", test_anthropic_error_event);
  ADD ("no-stop", test_anthropic_no_stop);
  ADD ("overloaded-529", test_anthropic_overloaded_529);
  ADD ("spend-limit", test_anthropic_spend_limit);
  ADD ("forbidden", test_anthropic_forbidden);
  ADD ("models-paging", test_anthropic_models_paging);

  return g_test_run ();
}
