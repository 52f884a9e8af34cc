/* test-provider-openai.c: the OpenAI-compatible provider against a
 * loopback SoupServer, plus the shared HTTP driver's fault handling.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pw-generation-private.h"
#include "pw-provider.h"
#include "pw-provider-openai.h"
#include "pw-test-server.h"

#define SSE "text/event-stream"
#define KEY "sk-test-SECRET-1234567890"

/* "Zażółć 🎉" with the multibyte characters cut across chunks. */
#define CHUNK(text) "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-test\"," \
                    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" text "\"},\"finish_reason\":null}]," \
                    "\"usage\":null}\n\n"
#define FINISH      "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
#define USAGE       "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34,\"total_tokens\":46}}\n\n"
#define DONE        "data: [DONE]\n\n"

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
  fixture->provider = pw_provider_openai_new (options);
  fixture->generation = pw_generation_new ("You are a planner.", "Plan GET /api/items.");
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
assert_no_key (const char *text)
{
  g_assert_null (text != NULL ? strstr (text, KEY) : NULL);
}

static void
test_openai_stream (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;
  JsonArray *messages;
  const char *full = "Za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87 \xF0\x9F\x8E\x89 done";
  TestReply *reply;

  reply = test_server_add_reply (fixture->server, 200, SSE, 5,
                                 ": keep-alive comment\n\n",
                                 "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n",
                                 NULL);
  /* One event cut inside "ż", one inside the emoji and with CRLF lines. */
  {
    const char *a = CHUNK ("Za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87");
    const char *b = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" \xF0\x9F\x8E\x89\"}}]}\r\n\r\n";
    gsize cut_a = strstr (a, "\xC5\xBC") - a + 1;
    gsize cut_b = strstr (b, "\xF0\x9F") - b + 2;

    test_reply_add_chunk (reply, a, cut_a);
    test_reply_add_chunk (reply, a + cut_a, strlen (a) - cut_a);
    test_reply_add_chunk (reply, b, cut_b);
    test_reply_add_chunk (reply, b + cut_b, strlen (b) - cut_b);
  }
  test_reply_add_chunk (reply, CHUNK (" done") FINISH, strlen (CHUNK (" done") FINISH));
  test_reply_add_chunk (reply, USAGE DONE, strlen (USAGE DONE));

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_no_error (error);

  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, full);
  g_assert_cmpstr (fixture->run.deltas->str, ==, full);
  g_assert_true (fixture->run.deltas_valid_utf8);
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_COMPLETE);
  g_assert_cmpint (pw_generation_get_state (fixture->generation), ==, PW_GENERATION_STATE_FINISHED);
  g_assert_true (pw_generation_get_usage_known (fixture->generation));
  g_assert_cmpuint (pw_generation_get_input_tokens (fixture->generation), ==, 12);
  g_assert_cmpuint (pw_generation_get_output_tokens (fixture->generation), ==, 34);
  g_assert_cmpstr (pw_generation_get_finish_reason (fixture->generation), ==, "stop");
  g_assert_cmpstr (pw_generation_get_model (fixture->generation), ==, "gpt-test");
  g_assert_cmpfloat (pw_generation_get_time_to_first_token (fixture->generation), >, 0);
  g_assert_cmpfloat (pw_generation_get_tokens_per_second (fixture->generation), >, 0);
  g_assert_cmpuint (pw_generation_get_attempts (fixture->generation), ==, 1);
  g_assert_null (pw_generation_get_error (fixture->generation));

  /* The request: path, headers and body. */
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/chat/completions");
  g_assert_cmpstr (test_server_request_header (fixture->server, 0, "Authorization"), ==,
                   "Bearer " KEY);
  g_assert_cmpstr (test_server_request_header (fixture->server, 0, "Content-Type"), ==,
                   "application/json");
  body = json_from_string (g_ptr_array_index (fixture->server->request_bodies, 0), &error);
  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "test-model");
  g_assert_true (json_object_get_boolean_member (object, "stream"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "stream_options"),
                                                 "include_usage"));
  messages = json_object_get_array_member (object, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "role"),
                   ==, "system");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "content"),
                   ==, "Plan GET /api/items.");
}

static void
test_openai_single_json (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A server that ignores stream:true. */
  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m1\",",
                         "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Whole answer\"},"
                         "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}",
                         NULL);

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "Whole answer");
  g_assert_cmpuint (pw_generation_get_output_tokens (fixture->generation), ==, 2);
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_COMPLETE);
}

static void
test_openai_auth (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 401, "application/json", 1,
                         "{\"error\":{\"message\":\"Incorrect API key provided: " KEY "\","
                         "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}", NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "rejected the API key"));
  g_assert_nonnull (strstr (error->message, "Test profile"));
  assert_no_key (error->message);
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_ERROR);
}

static void
test_openai_rate_limit_retry (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TestReply *reply;

  reply = test_server_add_reply (fixture->server, 429, "application/json", 1,
                                 "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                                 "\"code\":\"rate_limit_exceeded\"}}", NULL);
  reply->retry_after = g_strdup ("2");
  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("ok"), USAGE, DONE, NULL);

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "ok");
  g_assert_cmpuint (fixture->server->n_requests, ==, 2);
  g_assert_cmpuint (fixture->run.n_retrying, ==, 1);
  g_assert_cmpuint (pw_generation_get_attempts (fixture->generation), ==, 2);
}

static void
test_openai_rate_limit_gives_up (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TestReply *reply;
  gint64 start = g_get_monotonic_time ();

  reply = test_server_add_reply (fixture->server, 429, "application/json", 1,
                                 "{\"error\":{\"message\":\"Rate limit reached\"}}", NULL);
  reply->retry_after = g_strdup ("3");

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_RATE_LIMITED);
  /* One try and two retries, each after Retry-After (3 × 10 ms here). */
  g_assert_cmpuint (fixture->server->n_requests, ==, 3);
  g_assert_cmpuint (fixture->run.n_retrying, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * 30 * 1000);
}

static void
test_openai_quota_not_retried (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 429, "application/json", 1,
                         "{\"error\":{\"message\":\"You exceeded your current quota\","
                         "\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}", NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_QUOTA);
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);
  g_assert_cmpuint (fixture->run.n_retrying, ==, 0);
}

static void
test_openai_server_error (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 503, "application/json", 1,
                         "{\"error\":{\"message\":\"The engine is currently overloaded\"}}", NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "503"));
  g_assert_nonnull (strstr (error->message, "overloaded"));
  g_assert_cmpuint (fixture->server->n_requests, ==, 3);
}

static void
test_openai_server_error_recovers (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 500, "application/json", 1, "{\"error\":{}}", NULL);
  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("fine"), DONE, NULL);

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "fine");
  /* Without a usage chunk the output tokens are an estimate. */
  g_assert_false (pw_generation_get_usage_known (fixture->generation));
  g_assert_cmpuint (pw_generation_get_output_tokens (fixture->generation), >, 0);
}

static void
test_openai_html_proxy (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 502, "text/html; charset=utf-8", 1,
                         "<html><body><h1>502 Bad Gateway</h1></body></html>", NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, "unexpected response (HTTP 502, text/html)");
}

static void
test_openai_malformed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("partial "), "data: {\"choices\":[{\n\n",
                         CHUNK ("never"), DONE, NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "partial ");
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_INCOMPLETE);
  g_assert_nonnull (pw_generation_get_error (fixture->generation));
}

static void
test_openai_in_stream_error (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("abc"),
                         "data: {\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\"}}\n\n",
                         NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "model crashed"));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "abc");
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_INCOMPLETE);
}

static void
test_openai_no_done (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("cut "), CHUNK ("short"), NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INCOMPLETE);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "cut short");
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_INCOMPLETE);
}

static void
test_openai_stall (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwProviderOptions) options = test_options (fixture->server->base);
  TestReply *reply;
  gint64 start;

  options->idle_timeout_ms = 300;
  g_object_unref (fixture->provider);
  fixture->provider = pw_provider_openai_new (options);

  reply = test_server_add_reply (fixture->server, 200, SSE, 1, CHUNK ("stalled"), NULL);
  reply->stall = TRUE;

  start = g_get_monotonic_time ();
  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TIMEOUT);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "stalled");
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_INCOMPLETE);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static gboolean
cancel_cb (gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_object_set_data (G_OBJECT (cancellable), "cancel-time",
                     GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()));
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static void
first_delta_cb (PwGeneration *generation,
                const char   *text,
                gpointer      user_data)
{
  GCancellable *cancellable = user_data;

  if (g_object_get_data (G_OBJECT (cancellable), "scheduled") == NULL)
    {
      g_object_set_data (G_OBJECT (cancellable), "scheduled", GINT_TO_POINTER (1));
      g_timeout_add (60, cancel_cb, cancellable);
    }
}

static void
test_openai_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TestReply *reply;
  gint64 cancelled_at;

  /* A long, slow stream: one chunk every 20 ms for 20 s. */
  reply = test_server_add_reply (fixture->server, 200, SSE, 20, NULL);
  for (guint i = 0; i < 1000; i++)
    test_reply_add_chunk (reply, CHUNK ("x"), strlen (CHUNK ("x")));

  g_signal_connect (fixture->generation, "delta", G_CALLBACK (first_delta_cb), cancellable);
  g_assert_false (test_run_generation (fixture->provider, fixture->generation, cancellable,
                                       &fixture->run, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  cancelled_at = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cancellable), "cancel-time"));
  g_assert_cmpint (cancelled_at, >, 0);
  g_test_message ("cancel to callback: %" G_GINT64_FORMAT " µs", fixture->run.done_us - cancelled_at);
  g_assert_cmpint (fixture->run.done_us - cancelled_at, <, 100 * 1000);

  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_CANCELLED);
  g_assert_cmpuint (pw_generation_get_text_length (fixture->generation), >, 0);
  g_assert_cmpuint (pw_generation_get_text_length (fixture->generation), <, 1000);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, fixture->run.deltas->str);

  /* The connection is closed: the server sees the message end (it notices
   * when its next 20 ms chunk fails to go out). */
  {
    TestStream *stream = g_ptr_array_index (fixture->server->streams, 0);
    gint64 deadline = g_get_monotonic_time () + 100 * 1000;

    while (!stream->finished && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_true (stream->finished);
    g_assert_cmpuint (stream->next, <, stream->reply->chunks->len);
  }
}

static void
test_openai_cancel_during_backoff (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TestReply *reply;
  gint64 cancelled_at;

  reply = test_server_add_reply (fixture->server, 429, "application/json", 1, "{}", NULL);
  reply->retry_after = g_strdup ("100"); /* 100 × 10 ms = 1 s */
  g_timeout_add (150, cancel_cb, cancellable);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, cancellable,
                                       &fixture->run, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  cancelled_at = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cancellable), "cancel-time"));
  g_assert_cmpint (fixture->run.done_us - cancelled_at, <, 100 * 1000);
  g_assert_cmpuint (fixture->server->n_requests, ==, 1);
}

static void
test_openai_reset (void)
{
  g_autoptr(PwProviderOptions) options = NULL;
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "hi");
  g_autoptr(GError) error = NULL;
  RawServer *raw;
  TestRun run = { 0 };
  g_autofree char *response = NULL;
  const char *event = CHUNK ("before reset");

  /* Exact bytes: a chunked head, one chunk, then a TCP reset. */
  response = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n%zx\r\n%s\r\n", strlen (event), event);
  raw = raw_server_new (response, 50);
  options = test_options (raw->base);
  provider = pw_provider_openai_new (options);

  g_assert_false (test_run_generation (provider, generation, NULL, &run, &error));
  g_assert_true (g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_NETWORK) ||
                 g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INCOMPLETE));
  g_assert_cmpstr (pw_generation_get_text (generation), ==, "before reset");
  g_assert_cmpint (pw_generation_get_end (generation), ==, PW_GENERATION_END_INCOMPLETE);

  test_run_clear (&run);
  raw_server_free (raw);
}

static void
test_openai_insecure (void)
{
  g_autoptr(PwProviderOptions) options = test_options ("http://192.0.2.1:8080/v1");
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "hi");
  g_autoptr(GError) error = NULL;
  TestRun run = { 0 };

  /* Plain HTTP to a remote host with a key: refused before connecting. */
  provider = pw_provider_openai_new (options);
  g_assert_false (test_run_generation (provider, generation, NULL, &run, &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INSECURE);
  assert_no_key (error->message);
  g_assert_cmpuint (pw_generation_get_attempts (generation), ==, 0);
  test_run_clear (&run);
}

static void
test_openai_models (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-a\",\"object\":\"model\"},"
                         "{\"id\":\"gpt-b\",\"object\":\"model\"}]}", NULL)->path = g_strdup ("/models");

  pw_provider_list_models_async (fixture->provider, NULL, (GAsyncReadyCallback) test_run_done_cb,
                                 &fixture->run);
  while (fixture->run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  models = pw_provider_list_models_finish (fixture->provider, fixture->run.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_assert_cmpstr (models[0], ==, "gpt-a");
  g_assert_cmpstr (models[1], ==, "gpt-b");
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/models");
  g_assert_cmpstr (test_server_request_header (fixture->server, 0, "Authorization"), ==,
                   "Bearer " KEY);
}

static GString *log_text;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
        {
          g_string_append (log_text, fields[i].value);
          g_string_append_c (log_text, '\n');
        }
    }

  /* Debug messages are kept only here; the rest goes on as usual. */
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
test_openai_logs_no_key (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 401, "application/json", 1,
                         "{\"error\":{\"message\":\"bad key " KEY "\"}}", NULL);
  g_string_truncate (log_text, 0);
  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  /* The driver logged the request, and neither the key nor a body. */
  g_assert_nonnull (strstr (log_text->str, "HTTP 401"));
  g_assert_null (strstr (log_text->str, KEY));
  g_assert_null (strstr (log_text->str, "Plan GET /api/items."));
}

static guint n_deltas;

static void
count_delta_cb (PwGeneration *generation,
                const char   *text,
                gpointer      user_data)
{
  GString *all = user_data;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_string_append (all, text);
  n_deltas++;
}

static void
test_generation_append (void)
{
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "x");
  g_autoptr(GString) all = g_string_new (NULL);
  const char *text = "a\xC5\xBC\xF0\x9F\x8E\x89z";

  g_signal_connect (generation, "delta", G_CALLBACK (count_delta_cb), all);
  pw_generation_begin (generation, "m");

  /* Byte by byte: only whole characters come out. */
  for (const char *p = text; *p != '\0'; p++)
    pw_generation_append (generation, p, 1);
  g_assert_cmpstr (pw_generation_get_text (generation), ==, text);
  g_assert_cmpstr (all->str, ==, text);
  g_assert_cmpuint (n_deltas, ==, 4);

  /* Invalid bytes become U+FFFD; a cut character at the end is dropped. */
  pw_generation_append (generation, "\xFF-\xE2\x82", 4);
  pw_generation_finish (generation, PW_GENERATION_END_COMPLETE, NULL);
  g_assert_true (g_str_has_suffix (pw_generation_get_text (generation), "z\xEF\xBF\xBD-"));
  g_assert_cmpint (pw_generation_get_state (generation), ==, PW_GENERATION_STATE_FINISHED);
  g_assert_cmpint (pw_generation_get_end (generation), ==, PW_GENERATION_END_COMPLETE);
}

/* Text from json-glib is not validated twice, except where a \u escape
 * can have made invalid UTF-8 (json-glib 1.6 decodes a lone surrogate to
 * bytes that are not UTF-8, and swallows the byte after it). */
static void
test_generation_append_from_json (void)
{
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "x");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) all = g_string_new (NULL);
  const char *json = "{\"t\":\"lone \\ud800 surrogate\"}";
  const char *plain = "{\"t\":\"Zaż\\\\u\\n\"}";
  const char *text;

  g_signal_connect (generation, "delta", G_CALLBACK (count_delta_cb), all);
  pw_generation_begin (generation, "m");

  g_assert_true (json_parser_load_from_data (parser, plain, -1, NULL));
  text = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "t");
  pw_generation_append_from_json (generation, text, strlen (text), plain, strlen (plain));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  text = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "t");
  pw_generation_append_from_json (generation, text, strlen (text), json, strlen (json));
  pw_generation_finish (generation, PW_GENERATION_END_COMPLETE, NULL);

  g_assert_true (g_utf8_validate (pw_generation_get_text (generation), -1, NULL));
  g_assert_cmpstr (pw_generation_get_text (generation), ==,
                   "Zaż\\u\nlone \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "surrogate");
  g_assert_cmpstr (all->str, ==, pw_generation_get_text (generation));
}

static void
test_openai_insecure_allowed (void)
{
  g_autoptr(PwProviderOptions) options = NULL;
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "hi");
  g_autoptr(GError) error = NULL;
  TestRun run = { 0 };

  /* 0.0.0.0 is not a loopback name, so a key may not go there in clear
   * text; once the profile allows it, the request is made (and refused by
   * the local stack at once, port 1 being closed). */
  options = test_options ("http://0.0.0.0:1/v1");
  options->max_retries = 0;
  provider = pw_provider_openai_new (options);
  g_assert_false (test_run_generation (provider, generation, NULL, &run, &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INSECURE);
  test_run_clear (&run);
  g_clear_error (&error);
  g_clear_object (&provider);

  options->allow_insecure = TRUE;
  provider = pw_provider_openai_new (options);
  g_assert_false (test_run_generation (provider, generation, NULL, &run, &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_NETWORK);
  g_assert_cmpuint (pw_generation_get_attempts (generation), ==, 1);
  test_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

#define ADD(path, func) \
  g_test_add ("/pw/provider-openai/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("stream", test_openai_stream);
  ADD ("single-json", test_openai_single_json);
  ADD ("auth", test_openai_auth);
  ADD ("rate-limit-retry", test_openai_rate_limit_retry);
  ADD ("rate-limit-gives-up", test_openai_rate_limit_gives_up);
  ADD ("quota-not-retried", test_openai_quota_not_retried);
  ADD ("server-error", test_openai_server_error);
  ADD ("server-error-recovers", test_openai_server_error_recovers);
  ADD ("html-proxy", test_openai_html_proxy);
  ADD ("malformed", test_openai_malformed);
  ADD ("in-stream-error", test_openai_in_stream_error);
  ADD ("no-done", test_openai_no_done);
  ADD ("stall", test_openai_stall);
  ADD ("cancel", test_openai_cancel);
  ADD ("cancel-during-backoff", test_openai_cancel_during_backoff);
  ADD ("models", test_openai_models);
  ADD ("logs-no-key", test_openai_logs_no_key);
  g_test_add_func ("/pw/provider-openai/generation-append", test_generation_append);
  g_test_add_func ("/pw/provider-openai/generation-append-from-json",
                   test_generation_append_from_json);
  g_test_add_func ("/pw/provider-openai/insecure-allowed", test_openai_insecure_allowed);
  g_test_add_func ("/pw/provider-openai/reset", test_openai_reset);
  g_test_add_func ("/pw/provider-openai/insecure", test_openai_insecure);

  return g_test_run ();
}
