/* test-wire.c: what the client decides about what servers send — the
 * key bound to its origin across redirects, the answer budget (an endless
 * stream, a gzip bomb), how an answer ended (refused, truncated, empty,
 * an error after HTTP 200), error messages and their redaction, a drop in
 * the middle of an NDJSON line, a last SSE event without its blank line,
 * a continuation, and Ollama's context size.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pw-generation-private.h"
#include "pw-http-errors.h"
#include "pw-provider.h"
#include "pw-test-server.h"

#define KEY "sk-test-SECRET-1234567890"
#define SSE "text/event-stream"
#define NDJSON "application/x-ndjson"
#define CHUNK(t) TEST_OPENAI_CHUNK (t)
#define FINISH(r) "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" r "\"}]}\n\n"
#define DONE "data: [DONE]\n\n"

typedef struct
{
  TestServer   *server;
  PwGeneration *generation;
  TestRun       run;
  GError       *error;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = test_server_new ();
  fixture->generation = pw_generation_new ("system", "user prompt");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_run_clear (&fixture->run);
  g_clear_error (&fixture->error);
  g_clear_object (&fixture->generation);
  test_spin (20);
  test_server_free (fixture->server);
}

static PwProvider *
new_provider (PwProviderKind     kind,
              PwProviderOptions *options)
{
  if (kind == PW_PROVIDER_KIND_OLLAMA)
    g_clear_pointer (&options->api_key, g_free);
  return pw_provider_new (kind, options);
}

/* Runs the fixture's generation against its server with a provider of
 * @kind; returns whether it completed. */
static gboolean
run_kind (Fixture           *fixture,
          PwProviderKind     kind,
          PwProviderOptions *options)
{
  g_autoptr(PwProviderOptions) owned = options != NULL ? options
                                       : test_options (fixture->server->base);
  g_autoptr(PwProvider) provider = new_provider (kind, owned);

  test_run_clear (&fixture->run);
  g_clear_error (&fixture->error);
  return test_run_generation (provider, fixture->generation, NULL, &fixture->run,
                              &fixture->error);
}

static JsonObject *
request_body (Fixture *fixture,
              guint    index)
{
  static JsonNode *node;

  g_clear_pointer (&node, json_node_unref);
  node = json_from_string (g_ptr_array_index (fixture->server->request_bodies, index), NULL);
  g_assert_nonnull (node);
  return json_node_get_object (node);
}

/* ------------------------------------------------------------------ */
/* Credentials bound to their origin                                   */
/* ------------------------------------------------------------------ */

static void
check_redirect (Fixture        *fixture,
                PwProviderKind  kind,
                guint           status)
{
  TestServer *other = test_server_new_at ("127.0.0.2");
  guint before = fixture->server->n_requests;
  TestReply *reply;

  test_server_add_reply (other, 200, SSE, 1, CHUNK ("from the other host"), DONE, NULL);
  reply = test_server_add_reply (fixture->server, status, "text/plain", 1, "moved", NULL);
  reply->location = g_strdup_printf ("%s/v1/elsewhere", other->base);

  g_assert_false (run_kind (fixture, kind, NULL));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_REDIRECTED);
  g_assert_nonnull (strstr (fixture->error->message, "127.0.0.2"));
  /* The other host never saw the request, let alone the key. */
  g_assert_cmpuint (other->n_requests, ==, 0);
  g_assert_cmpuint (fixture->server->n_requests, ==, before + 1);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "");

  test_spin (20);
  test_server_free (other);
}

static void
test_redirect_other_host (Fixture       *fixture,
                          gconstpointer  data)
{
  check_redirect (fixture, PW_PROVIDER_KIND_ANTHROPIC, 302);
  g_ptr_array_set_size (fixture->server->replies, 0);
  check_redirect (fixture, PW_PROVIDER_KIND_OPENAI, 307);
  g_ptr_array_set_size (fixture->server->replies, 0);
  check_redirect (fixture, PW_PROVIDER_KIND_ANTHROPIC, 303);
}

static void
test_redirect_model_list (Fixture       *fixture,
                          gconstpointer  data)
{
  TestServer *other = test_server_new_at ("127.0.0.2");
  g_autoptr(PwProviderOptions) options = test_options (fixture->server->base);
  g_autoptr(PwProvider) provider = pw_provider_new (PW_PROVIDER_KIND_OPENAI, options);
  g_auto(GStrv) models = NULL;
  TestReply *reply;

  test_server_add_reply (other, 200, "application/json", 1, "{\"data\":[{\"id\":\"x\"}]}",
                         NULL)->path = g_strdup ("/models");
  reply = test_server_add_reply (fixture->server, 301, "text/plain", 1, "moved", NULL);
  reply->location = g_strdup_printf ("%s/models", other->base);
  reply->path = g_strdup ("/models");

  pw_provider_list_models_async (provider, NULL, test_run_done_cb, &fixture->run);
  while (fixture->run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  models = pw_provider_list_models_finish (provider, fixture->run.result, &fixture->error);
  g_assert_null (models);
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_REDIRECTED);
  g_assert_cmpuint (other->n_requests, ==, 0);

  test_spin (20);
  test_server_free (other);
}

/* ------------------------------------------------------------------ */
/* The answer budget                                                   */
/* ------------------------------------------------------------------ */

static void
test_budget_endless_text (Fixture       *fixture,
                          gconstpointer  data)
{
  PwProviderOptions *options = test_options (fixture->server->base);
  g_autoptr(GString) events = g_string_new (NULL);
  TestReply *reply;
  const char *text;

  for (guint i = 0; i < 200; i++)
    g_string_append (events, CHUNK ("0123456789abcdef0123456789abcdef"));
  reply = test_server_add_reply (fixture->server, 200, SSE, 0, CHUNK ("Start "), NULL);
  test_reply_add_chunk (reply, events->str, events->len);
  reply->endless = TRUE;
  options->max_answer_bytes = 100000;

  g_assert_false (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, options));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TOO_LARGE);
  text = pw_generation_get_text (fixture->generation);
  /* What came within the budget is kept, to the byte. */
  g_assert_cmpuint (pw_generation_get_text_length (fixture->generation), ==, 100000);
  g_assert_true (g_str_has_prefix (text, "Start 0123456789abcdef"));
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_INCOMPLETE);
}

static void
test_budget_lines (Fixture       *fixture,
                   gconstpointer  data)
{
  PwProviderOptions *options = test_options (fixture->server->base);
  TestReply *reply;

  reply = test_server_add_reply (fixture->server, 200, SSE, 0, CHUNK ("# Plan\\n"), NULL);
  test_reply_add_chunk (reply, CHUNK ("- step\\n- step\\n"), strlen (CHUNK ("- step\\n- step\\n")));
  reply->endless = TRUE;
  options->max_answer_lines = 9;

  g_assert_false (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, options));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TOO_LARGE);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==,
                   "# Plan\n- step\n- step\n- step\n- step\n- step\n- step\n- step\n- step\n");
}

/* Compresses @text with gzip. */
static GBytes *
gzip (GBytes *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (text);
  g_autoptr(GInputStream) converted = g_converter_input_stream_new (plain,
                                                                    G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_output_stream_splice (out, converted, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                          G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_budget_gzip_bomb (Fixture       *fixture,
                       gconstpointer  data)
{
  PwProviderOptions *options = test_options (fixture->server->base);
  gsize size = 32 * 1024 * 1024;
  char *plain = g_malloc (size);
  g_autoptr(GBytes) bomb = NULL;
  g_autoptr(GBytes) packed = NULL;
  TestReply *reply;

  /* 32 MiB of comment lines: no text at all, so only the bound on the
   * decoded body stops it; then an end marker that must never count. */
  for (gsize i = 0; i < size; i += 64)
    {
      memset (plain + i, 'x', 64);
      plain[i] = ':';
      plain[i + 63] = '\n';
    }
  memcpy (plain + size - strlen (DONE), DONE, strlen (DONE));
  bomb = g_bytes_new_take (plain, size);
  packed = gzip (bomb);
  g_assert_cmpuint (g_bytes_get_size (packed), <, size / 100);

  reply = test_server_add_reply (fixture->server, 200, SSE, 0, NULL);
  test_reply_add_chunk (reply, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
  reply->encoding = g_strdup ("gzip");
  options->max_answer_bytes = 64 * 1024;

  g_assert_false (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, options));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TOO_LARGE);
}

/* ------------------------------------------------------------------ */
/* How an answer ended                                                 */
/* ------------------------------------------------------------------ */

static void
test_end_no_choices (Fixture       *fixture,
                     gconstpointer  data)
{
  /* A whole answer without choices, then a stream with only a role. */
  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"m\"}", NULL);
  g_assert_false (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, NULL));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL);

  g_ptr_array_set_size (fixture->server->replies, 0);
  test_server_add_reply (fixture->server, 200, SSE, 1,
                         "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n",
                         FINISH ("stop"), DONE, NULL);
  g_assert_false (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, NULL));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL);
}

#define ANTHROPIC_TEXT(t) \
  "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0," \
  "\"delta\":{\"type\":\"text_delta\",\"text\":\"" t "\"}}\n\n"
#define ANTHROPIC_END(reason) \
  "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" \
  reason "\"},\"usage\":{\"output_tokens\":8}}\n\nevent: message_stop\ndata: " \
  "{\"type\":\"message_stop\"}\n\n"

/* Runs the script and checks how the answer ended. */
static void
expect_end (Fixture         *fixture,
            PwProviderKind   kind,
            PwProviderError  code,
            PwGenerationEnd  end)
{
  g_assert_false (run_kind (fixture, kind, NULL));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, (int) code);
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, end);
  g_ptr_array_set_size (fixture->server->replies, 0);
}

static void
test_end_refused (Fixture       *fixture,
                  gconstpointer  data)
{
  test_server_add_reply (fixture->server, 200, SSE, 1,
                         "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                         "\"content\":null,\"refusal\":\"\"}}]}\n\n",
                         "data: {\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I'm sorry, \"}}]}\n\n",
                         "data: {\"choices\":[{\"index\":0,\"delta\":{\"refusal\":\"I can't help.\"}}]}\n\n",
                         FINISH ("stop"), DONE, NULL);
  expect_end (fixture, PW_PROVIDER_KIND_OPENAI, PW_PROVIDER_ERROR_REFUSED,
              PW_GENERATION_END_REFUSED);
  g_assert_nonnull (strstr (fixture->error->message, "I'm sorry, I can't help."));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "");

  test_server_add_reply (fixture->server, 200, SSE, 1, ANTHROPIC_END ("refusal"), NULL);
  expect_end (fixture, PW_PROVIDER_KIND_ANTHROPIC, PW_PROVIDER_ERROR_REFUSED,
              PW_GENERATION_END_REFUSED);
}

static void
test_end_truncated (Fixture       *fixture,
                    gconstpointer  data)
{
  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("# Plan\\n1. "), FINISH ("length"),
                         DONE, NULL);
  expect_end (fixture, PW_PROVIDER_KIND_OPENAI, PW_PROVIDER_ERROR_TRUNCATED,
              PW_GENERATION_END_TRUNCATED);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "# Plan\n1. ");

  test_server_add_reply (fixture->server, 200, SSE, 1, ANTHROPIC_TEXT ("cut"),
                         ANTHROPIC_END ("max_tokens"), NULL);
  expect_end (fixture, PW_PROVIDER_KIND_ANTHROPIC, PW_PROVIDER_ERROR_TRUNCATED,
              PW_GENERATION_END_TRUNCATED);

  test_server_add_reply (fixture->server, 200, NDJSON, 1,
                         "{\"message\":{\"role\":\"assistant\",\"content\":\"cut\"},\"done\":false}\n",
                         "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                         "\"done_reason\":\"length\",\"prompt_eval_count\":3,\"eval_count\":9}\n", NULL);
  expect_end (fixture, PW_PROVIDER_KIND_OLLAMA, PW_PROVIDER_ERROR_TRUNCATED,
              PW_GENERATION_END_TRUNCATED);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "cut");
}

/* llama.cpp: HTTP 200, some text, an "error:" field, then [DONE]. */
static void
test_end_llamacpp_error (Fixture       *fixture,
                         gconstpointer  data)
{
  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("partial"),
                         "error: {\"code\":400,\"message\":\"the request exceeds the available context "
                         "size, try increasing it\",\"type\":\"exceed_context_size_error\"}\n\n",
                         DONE, NULL);
  g_assert_false (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, NULL));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  g_assert_nonnull (strstr (fixture->error->message, "exceeds the available context size"));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "partial");
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_INCOMPLETE);
}

/* The SDKs dispatch a last event that lacks its blank line. */
static void
test_end_last_event_unterminated (Fixture       *fixture,
                                  gconstpointer  data)
{
  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("whole"), FINISH ("stop"),
                         "data: [DONE]", NULL);
  g_assert_true (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, NULL));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "whole");

  g_ptr_array_set_size (fixture->server->replies, 0);
  test_server_add_reply (fixture->server, 200, SSE, 1, ANTHROPIC_TEXT ("done"),
                         "event: message_stop\ndata: {\"type\":\"message_stop\"}\n", NULL);
  g_assert_true (run_kind (fixture, PW_PROVIDER_KIND_ANTHROPIC, NULL));
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_COMPLETE);
}

/* ------------------------------------------------------------------ */
/* Errors and redaction                                                */
/* ------------------------------------------------------------------ */

static void
test_error_auth_message (Fixture       *fixture,
                         gconstpointer  data)
{
  test_server_add_reply (fixture->server, 403, "application/json", 1,
                         "{\"error\":{\"code\":\"unsupported_country_region_territory\",\"message\":"
                         "\"Country, region, or territory not supported\",\"type\":\"request_forbidden\"}}",
                         NULL);
  g_assert_false (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, NULL));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH);
  g_assert_nonnull (strstr (fixture->error->message, "territory not supported"));

  /* OpenAI's echo of a wrong key keeps its start and end: redacted. */
  g_ptr_array_set_size (fixture->server->replies, 0);
  test_server_add_reply (fixture->server, 401, "application/json", 1,
                         "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-****"
                         "***************7890. You can find your API key at https://example.com.\","
                         "\"code\":\"invalid_api_key\"}}", NULL);
  g_assert_false (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, NULL));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH);
  g_assert_nonnull (strstr (fixture->error->message, "Incorrect API key provided: [redacted]. "));
  g_assert_null (strstr (fixture->error->message, "7890"));
}

static void
test_error_gemini_quota (Fixture       *fixture,
                         gconstpointer  data)
{
  test_server_add_reply (fixture->server, 429, "application/json", 1,
                         "[{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please "
                         "check your plan and billing details.\",\"status\":\"RESOURCE_EXHAUSTED\"}}]",
                         NULL);
  g_assert_false (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, NULL));
  g_assert_error (fixture->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_QUOTA);
  g_assert_nonnull (strstr (fixture->error->message, "exceeded your current quota"));
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);
}

static void
test_redact_forms (void)
{
  static const struct { const char *text; const char *expected; } cases[] = {
    { "key " KEY " echoed", "key [redacted] echoed" },
    { "key sk-test-SEC… cut", "key [redacted] cut" },
    { "key sk-test-SECRET*** masked", "key [redacted] masked" },
    { "key sk-test-SECRET-12345... dots", "key [redacted] dots" },
    { "key sk-test-SECRET-1234567 cut short", "key [redacted] cut short" },
    { "plain sk-test- prefix alone", "plain sk-test- prefix alone" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *redacted = pw_http_redact (cases[i].text, KEY);

      g_assert_cmpstr (redacted, ==, cases[i].expected);
    }
}

static void
test_redact_base64 (void)
{
  const char *prefixes[] = { "", "x", "Bearer:", "ab" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *plain = g_strconcat (prefixes[i], KEY, "!", NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) plain, strlen (plain));
      g_autofree char *text = g_strdup_printf ("Basic %s rejected", encoded);
      g_autofree char *redacted = pw_http_redact (text, KEY);
      g_autofree char *url_safe = NULL;

      g_assert_nonnull (strstr (redacted, "[redacted]"));
      /* No run of 8 characters of the encoded key is left. */
      for (gsize j = 8; j + 8 < strlen (encoded) - 4; j++)
        {
          g_autofree char *piece = g_strndup (encoded + j, 8);

          g_assert_null (strstr (redacted, piece));
        }

      g_strdelimit (encoded, "+", '-');
      g_strdelimit (encoded, "/", '_');
      url_safe = pw_http_redact (encoded, KEY);
      g_assert_nonnull (strstr (url_safe, "[redacted]"));
    }
}

/* Ollama's connection closing in the middle of a line is a network
 * failure, not a malformed line. */
static void
test_ollama_drop_mid_line (void)
{
  g_autoptr(PwProviderOptions) options = NULL;
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "hi");
  g_autoptr(GError) error = NULL;
  RawServer *raw;
  TestRun run = { 0 };

  raw = raw_server_new ("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
                        "Connection: close\r\n\r\n"
                        "{\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},\"done\":false}\n"
                        "{\"message\":{\"role\":\"assis", 20);
  raw->graceful = TRUE;
  options = test_options (raw->base);
  g_clear_pointer (&options->api_key, g_free);
  provider = pw_provider_new (PW_PROVIDER_KIND_OLLAMA, options);

  g_assert_false (test_run_generation (provider, generation, NULL, &run, &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_NETWORK);
  g_assert_cmpstr (pw_generation_get_text (generation), ==, "Hello");

  test_run_clear (&run);
  raw_server_free (raw);
}

/* ------------------------------------------------------------------ */
/* Continuing an answer cut at the token limit                         */
/* ------------------------------------------------------------------ */

static void
test_continuation_request (Fixture       *fixture,
                           gconstpointer  data)
{
  JsonArray *messages;
  JsonObject *body;

  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK (" and the rest."), FINISH ("stop"),
                         DONE, NULL);
  pw_generation_set_continuation (fixture->generation, "First part", "Continue.");

  g_assert_true (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, NULL));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==,
                   "First part and the rest.");
  /* Only the new text is a delta. */
  g_assert_cmpstr (fixture->run.deltas->str, ==, " and the rest.");

  body = request_body (fixture, 0);
  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 2),
                                                  "role"), ==, "assistant");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 2),
                                                  "content"), ==, "First part");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 3),
                                                  "content"), ==, "Continue.");
}

/* ------------------------------------------------------------------ */
/* The model's context                                                 */
/* ------------------------------------------------------------------ */

static char *
long_prompt (guint tokens)
{
  GString *prompt = g_string_new (NULL);

  /* Four ASCII bytes make a token of the estimate. */
  for (guint i = 0; i < tokens; i++)
    g_string_append (prompt, "abc ");
  return g_string_free (prompt, FALSE);
}

static gint64
sent_num_ctx (Fixture *fixture,
              guint    index)
{
  return json_object_get_int_member (json_object_get_object_member (request_body (fixture, index),
                                                                    "options"), "num_ctx");
}

/* Ollama: num_ctx from the prompt and the output budget, within the
 * context /api/show reports; a warning before sending a prompt larger
 * than that, and one when the server read much less than was sent. */
static void
test_ollama_context (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *prompt = long_prompt (10000);
  const char * const *warnings;
  TestReply *show;

  show = test_server_add_reply (fixture->server, 200, "application/json", 1,
                                "{\"modelfile\":\"\",\"details\":{\"family\":\"llama\"},"
                                "\"model_info\":{\"general.architecture\":\"llama\","
                                "\"general.parameter_count\":8030261248,"
                                "\"llama.context_length\":8192}}", NULL);
  show->path = g_strdup ("/api/show");
  test_server_add_reply (fixture->server, 200, NDJSON, 1,
                         "{\"message\":{\"role\":\"assistant\",\"content\":\"plan\"},\"done\":false}\n",
                         "{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                         "\"done_reason\":\"stop\",\"prompt_eval_count\":2048,\"eval_count\":2}\n", NULL);
  g_clear_object (&fixture->generation);
  fixture->generation = pw_generation_new (NULL, prompt);

  g_assert_true (run_kind (fixture, PW_PROVIDER_KIND_OLLAMA, NULL));
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/api/show");
  g_assert_cmpstr (json_object_get_string_member (request_body (fixture, 0), "model"), ==,
                   "test-model");
  g_assert_cmpint (sent_num_ctx (fixture, 1), ==, 8192);

  warnings = pw_generation_get_warnings (fixture->generation);
  g_assert_cmpuint (g_strv_length ((char **) warnings), ==, 2);
  g_assert_nonnull (strstr (warnings[0], "8192-token context"));
  g_assert_nonnull (strstr (warnings[1], "only 2048 tokens"));
}

/* Without the model's details, room for the prompt and the answer. */
static void
test_ollama_num_ctx (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *prompt = long_prompt (6000);
  gint64 num_ctx;

  test_server_add_reply (fixture->server, 200, NDJSON, 1,
                         "{\"message\":{\"role\":\"assistant\",\"content\":\"plan\"},\"done\":true,"
                         "\"done_reason\":\"stop\",\"prompt_eval_count\":3,\"eval_count\":2}\n", NULL);
  g_clear_object (&fixture->generation);
  fixture->generation = pw_generation_new (NULL, prompt);

  g_assert_true (run_kind (fixture, PW_PROVIDER_KIND_OLLAMA, NULL));
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);
  num_ctx = sent_num_ctx (fixture, 0);
  g_assert_cmpint (num_ctx, >=, 6000 + 8192);
  g_assert_cmpint (num_ctx % 1024, ==, 0);
  /* Three tokens read of six thousand is a prompt cache hit: no warning. */
  g_assert_null (pw_generation_get_warnings (fixture->generation)[0]);
}

/* An OpenAI-compatible server whose model list tells the context length
 * (vLLM's max_model_len) gets the same warning: the list is asked before
 * the first generation. */
static void
test_listed_context (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *prompt = long_prompt (5000);

  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"object\":\"list\",\"data\":[{\"id\":\"other\",\"max_model_len\":1000000},"
                         "{\"id\":\"test-model\",\"object\":\"model\",\"owned_by\":\"vllm\","
                         "\"max_model_len\":4096}]}", NULL)->path = g_strdup ("/models");
  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("plan"), FINISH ("stop"), DONE, NULL);
  g_clear_object (&fixture->generation);
  fixture->generation = pw_generation_new (NULL, prompt);

  g_assert_true (run_kind (fixture, PW_PROVIDER_KIND_OPENAI, NULL));
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/models");
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 1), ==, "/chat/completions");
  g_assert_nonnull (strstr (pw_generation_get_warnings (fixture->generation)[0],
                            "4096-token context"));
}

/* Details that never come cost one idle timeout, not the request. */
static void
test_details_stall (Fixture       *fixture,
                    gconstpointer  data)
{
  PwProviderOptions *options = test_options (fixture->server->base);
  TestReply *show;

  show = test_server_add_reply (fixture->server, 200, "application/json", 1, "{", NULL);
  show->path = g_strdup ("/api/show");
  show->stall = TRUE;
  test_server_add_reply (fixture->server, 200, NDJSON, 1,
                         "{\"message\":{\"role\":\"assistant\",\"content\":\"plan\"},\"done\":true,"
                         "\"done_reason\":\"stop\"}\n", NULL);
  options->idle_timeout_ms = 300;

  g_assert_true (run_kind (fixture, PW_PROVIDER_KIND_OLLAMA, options));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "plan");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/pw/wire/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("redirect/other-host", test_redirect_other_host);
  ADD ("redirect/model-list", test_redirect_model_list);
  ADD ("budget/endless-text", test_budget_endless_text);
  ADD ("budget/lines", test_budget_lines);
  ADD ("budget/gzip-bomb", test_budget_gzip_bomb);
  ADD ("end/no-choices", test_end_no_choices);
  ADD ("end/refused", test_end_refused);
  ADD ("end/truncated", test_end_truncated);
  ADD ("end/llamacpp-error", test_end_llamacpp_error);
  ADD ("end/last-event-unterminated", test_end_last_event_unterminated);
  ADD ("error/auth-message", test_error_auth_message);
  ADD ("error/gemini-quota", test_error_gemini_quota);
  ADD ("continuation/request", test_continuation_request);
  ADD ("context/ollama", test_ollama_context);
  ADD ("context/ollama-num-ctx", test_ollama_num_ctx);
  ADD ("context/listed", test_listed_context);
  ADD ("context/details-stall", test_details_stall);
  g_test_add_func ("/pw/wire/redact/forms", test_redact_forms);
  g_test_add_func ("/pw/wire/redact/base64", test_redact_base64);
  g_test_add_func ("/pw/wire/ollama/drop-mid-line", test_ollama_drop_mid_line);

  return g_test_run ();
}
