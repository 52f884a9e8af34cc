/* test-conversation.c: a request that carries a conversation (the prompt,
 * the plan the model wrote, the notes on it) goes to each wire protocol in
 * the shape that protocol expects; the offline planner keeps the plan.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pw-generation-private.h"
#include "pw-provider.h"
#include "pw-provider-anthropic.h"
#include "pw-provider-offline.h"
#include "pw-provider-ollama.h"
#include "pw-provider-openai.h"
#include "pw-test-server.h"
#include "pw-utils.h"

#define PLAN "# Plan\n\n## Implementation Steps\n1. Add the handler\n"
#define NOTES "Revise the plan with these notes.\n\nNote 1 on step 1 “Add the handler”: use RLS"

#define OPENAI_REPLY "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}," \
                     "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
#define ANTHROPIC_REPLY "event: message_start\ndata: {\"type\":\"message_start\",\"message\":" \
                        "{\"id\":\"m\",\"model\":\"claude-test\",\"usage\":{\"input_tokens\":1}}}\n\n" \
                        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\"," \
                        "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}\n\n" \
                        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":" \
                        "{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":1}}\n\n" \
                        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
#define OLLAMA_REPLY "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}," \
                     "\"done\":true,\"done_reason\":\"stop\"}\n"

static PwGeneration *
new_conversation (void)
{
  PwGeneration *generation = pw_generation_new ("You are a planner.", "Plan GET /api/items.");

  pw_generation_add_turn (generation, PW_TURN_ASSISTANT, PLAN);
  pw_generation_add_turn (generation, PW_TURN_USER, NOTES);
  return generation;
}

/* Runs a conversation through @provider against @server and returns the
 * body of the chat request sent to @path. */
static JsonNode *
run_and_capture (TestServer *server,
                 PwProvider *provider,
                 const char *path)
{
  g_autoptr(PwGeneration) generation = new_conversation ();
  g_autoptr(GError) error = NULL;
  TestRun run = { 0, };
  JsonNode *body = NULL;

  g_assert_true (test_run_generation (provider, generation, NULL, &run, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_generation_get_text (generation), ==, "ok");

  for (guint i = 0; i < server->n_requests; i++)
    {
      if (g_str_equal (g_ptr_array_index (server->request_paths, i), path))
        body = json_from_string (g_ptr_array_index (server->request_bodies, i), &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (body);
  test_run_clear (&run);
  return body;
}

static void
assert_json (JsonNode   *actual,
             const char *expected_text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) expected = json_from_string (expected_text, &error);
  g_autofree char *shown = json_to_string (actual, FALSE);

  g_assert_no_error (error);
  if (!json_node_equal (actual, expected))
    g_error ("request body %s, expected %s", shown, expected_text);
}

#define MESSAGES_AFTER_SYSTEM \
  "{\"role\":\"user\",\"content\":\"Plan GET /api/items.\"}," \
  "{\"role\":\"assistant\",\"content\":\"# Plan\\n\\n## Implementation Steps\\n1. Add the handler\\n\"}," \
  "{\"role\":\"user\",\"content\":\"Revise the plan with these notes.\\n\\nNote 1 on step 1 " \
  "“Add the handler”: use RLS\"}"

/* One wire protocol: its provider, the reply it streams, the path of its
 * chat request and the exact body expected. */
typedef struct
{
  PwProvider *(*provider_new) (const PwProviderOptions *options);
  const char   *content_type;
  const char   *reply;
  const char   *path;
  const char   *expected;
  gboolean      has_options;   /* Ollama's "options" (num_ctx) are checked apart */
} WireCase;

static const WireCase openai_case = {
  pw_provider_openai_new, "text/event-stream", OPENAI_REPLY, "/chat/completions",
  /* Chat Completions: the system prompt is the first message. */
  "{\"model\":\"test-model\",\"messages\":["
  "{\"role\":\"system\",\"content\":\"You are a planner.\"},"
  MESSAGES_AFTER_SYSTEM "],"
  "\"stream\":true,\"stream_options\":{\"include_usage\":true}}",
  FALSE,
};

static const WireCase anthropic_case = {
  pw_provider_anthropic_new, "text/event-stream", ANTHROPIC_REPLY, "/v1/messages",
  /* Messages API: the system prompt is a top-level field, the messages
   * alternate user and assistant. */
  "{\"model\":\"test-model\",\"max_tokens\":8192,"
  "\"system\":\"You are a planner.\",\"messages\":["
  MESSAGES_AFTER_SYSTEM "],\"stream\":true}",
  FALSE,
};

static const WireCase ollama_case = {
  pw_provider_ollama_new, "application/x-ndjson", OLLAMA_REPLY, "/api/chat",
  /* /api/chat: the system prompt is a message. */
  "{\"model\":\"test-model\",\"messages\":["
  "{\"role\":\"system\",\"content\":\"You are a planner.\"},"
  MESSAGES_AFTER_SYSTEM "],\"stream\":true}",
  TRUE,
};

static void
test_wire_conversation (gconstpointer data)
{
  const WireCase *wire = data;
  TestServer *server = test_server_new ();
  g_autoptr(PwProviderOptions) options = test_options (server->base);
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  options->temperature = -1;
  provider = wire->provider_new (options);
  test_server_add_reply (server, 200, wire->content_type, 0, wire->reply, NULL);
  body = run_and_capture (server, provider, wire->path);

  object = json_node_get_object (body);
  if (wire->has_options)
    {
      g_assert_true (json_object_has_member (json_object_get_object_member (object, "options"),
                                             "num_ctx"));
      json_object_remove_member (object, "options");
    }
  assert_json (body, wire->expected);

  g_clear_object (&provider);
  test_spin (20);
  test_server_free (server);
}

static void
test_continuation_after_turns (void)
{
  TestServer *server = test_server_new ();
  g_autoptr(PwProviderOptions) options = test_options (server->base);
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(PwGeneration) generation = new_conversation ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  TestRun run = { 0, };
  JsonArray *messages;

  provider = pw_provider_openai_new (options);
  test_server_add_reply (server, 200, "text/event-stream", 0, OPENAI_REPLY, NULL);
  pw_generation_set_continuation (generation, "# Plan v2\n", "Continue.");
  g_assert_true (test_run_generation (provider, generation, NULL, &run, &error));
  g_assert_no_error (error);

  body = json_from_string (g_ptr_array_index (server->request_bodies, 0), &error);
  messages = json_object_get_array_member (json_node_get_object (body), "messages");
  /* system, user, assistant (plan), user (notes), assistant (so far), user */
  g_assert_cmpuint (json_array_get_length (messages), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 4),
                                                  "content"), ==, "# Plan v2\n");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 5),
                                                  "role"), ==, "user");
  g_assert_cmpuint (pw_generation_estimate_prompt_tokens (generation), >,
                    pw_estimate_tokens (NOTES, -1) + pw_estimate_tokens (PLAN, -1));

  test_run_clear (&run);
  g_clear_object (&provider);
  test_spin (20);
  test_server_free (server);
}

static void
test_offline_keeps_plan (void)
{
  g_autoptr(PwProvider) provider = pw_provider_offline_new (NULL);
  g_autoptr(PwGeneration) generation = new_conversation ();
  g_autoptr(GError) error = NULL;
  const char * const *warnings;
  TestRun run = { 0, };

  g_assert_true (test_run_generation (provider, generation, NULL, &run, &error));
  g_assert_no_error (error);
  /* No model to follow the notes: the plan as it was, and it says so. */
  g_assert_cmpstr (pw_generation_get_text (generation), ==, PLAN);
  warnings = pw_generation_get_warnings (generation);
  g_assert_nonnull (warnings[0]);
  g_assert_nonnull (strstr (warnings[0], "notes stay open"));
  test_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_data_func ("/pw/conversation/openai", &openai_case, test_wire_conversation);
  g_test_add_data_func ("/pw/conversation/anthropic", &anthropic_case, test_wire_conversation);
  g_test_add_data_func ("/pw/conversation/ollama", &ollama_case, test_wire_conversation);
  g_test_add_func ("/pw/conversation/continuation-after-turns", test_continuation_after_turns);
  g_test_add_func ("/pw/conversation/offline-keeps-plan", test_offline_keeps_plan);

  return g_test_run ();
}
