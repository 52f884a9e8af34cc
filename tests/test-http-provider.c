/* test-http-provider.c: the HTTP base class without a real provider: its
 * decisions (classification, redaction, retry, loopback hosts) headless,
 * and its request driving and framing through a minimal subclass against
 * a loopback SoupServer.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-generation-private.h"
#include "pw-http-errors.h"
#include "pw-http-provider.h"
#include "pw-json-utils.h"
#include "pw-test-server.h"

#define KEY "sk-test-SECRET-1234567890"

/* ------------------------------------------------------------------ */
/* A minimal subclass: {"text": …} events, "[END]" ends an SSE stream   */
/* ------------------------------------------------------------------ */

#define TEST_TYPE_HTTP (test_http_get_type ())

G_DECLARE_FINAL_TYPE (TestHttp, test_http, TEST, HTTP, PwHttpProvider)

struct _TestHttp
{
  PwHttpProvider parent_instance;
  guint          events;
};

G_DEFINE_FINAL_TYPE (TestHttp, test_http, PW_TYPE_HTTP_PROVIDER)

static void
test_http_build_body (PwHttpProvider *provider,
                      PwGeneration   *generation,
                      JsonBuilder    *builder)
{
  pw_http_add_chat_messages (builder, pw_generation_get_system_prompt (generation),
                             pw_generation_get_user_prompt (generation));
}

static gboolean
test_http_read_event (PwHttpProvider  *provider,
                      PwHttpEvent     *event,
                      GError         **error)
{
  const char *text = pw_json_get_string (event->object, "text");

  TEST_HTTP (provider)->events++;
  if (pw_json_get_string (event->object, "fail") != NULL)
    {
      g_propagate_error (error, pw_http_provider_stream_error (provider, "overloaded_error",
                                                               pw_json_get_string (event->object,
                                                                                   "fail")));
      return FALSE;
    }
  if (text != NULL)
    pw_generation_append_from_json (event->generation, text, strlen (text), event->json,
                                    event->json_length);
  event->done = pw_json_get_bool (event->object, "last");
  return TRUE;
}

static char *
test_http_models_path (PwHttpProvider *provider,
                       const char     *cursor)
{
  return g_strdup ("/models");
}

static void
test_http_class_init (TestHttpClass *klass)
{
  PwHttpProviderClass *http_class = PW_HTTP_PROVIDER_CLASS (klass);

  http_class->kind = PW_PROVIDER_KIND_OPENAI;
  http_class->default_base_url = "http://127.0.0.1:1";
  http_class->chat_path = "/chat";
  http_class->framing = PW_HTTP_FRAMING_SSE;
  http_class->end_marker = "[END]";
  http_class->build_body = test_http_build_body;
  http_class->read_event = test_http_read_event;
  http_class->models_path = test_http_models_path;
}

static void
test_http_init (TestHttp *self)
{
}

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
  fixture->provider = g_object_new (TEST_TYPE_HTTP, "options", options, NULL);
  fixture->generation = pw_generation_new ("system", "user");
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

/* ------------------------------------------------------------------ */
/* Headless decisions                                                  */
/* ------------------------------------------------------------------ */

static GError *
classify (guint        status,
          const char  *mime_type,
          const char  *body,
          gboolean    *retryable)
{
  PwHttpFailure failure = {
    .profile_name = "Work",
    .api_key = KEY,
    .status = status,
    .mime_type = mime_type,
    .body = body,
    .body_length = body != NULL ? strlen (body) : 0,
    .attempts = 3,
  };

  return pw_http_classify_failure (&failure, retryable);
}

static void
test_classify_status (void)
{
  static const struct
  {
    guint       status;
    const char *body;
    int         code;
    gboolean    retryable;
  } cases[] = {
    { 401, "{\"error\":{\"message\":\"bad key " KEY "\"}}", PW_PROVIDER_ERROR_AUTH, FALSE },
    { 403, NULL, PW_PROVIDER_ERROR_AUTH, FALSE },
    { 429, "{\"error\":{\"code\":\"insufficient_quota\"}}", PW_PROVIDER_ERROR_QUOTA, FALSE },
    { 429, "{\"error\":{\"message\":\"slow down\"}}", PW_PROVIDER_ERROR_RATE_LIMITED, TRUE },
    { 500, "{}", PW_PROVIDER_ERROR_SERVER, TRUE },
    { 501, "{}", PW_PROVIDER_ERROR_SERVER, FALSE },
    { 503, "{\"message\":\"overloaded\"}", PW_PROVIDER_ERROR_SERVER, TRUE },
    { 529, NULL, PW_PROVIDER_ERROR_SERVER, TRUE },
    { 404, "{\"error\":\"model 'x' not found\"}", PW_PROVIDER_ERROR_CLIENT, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean retryable = !cases[i].retryable;

      error = classify (cases[i].status, "application/json", cases[i].body, &retryable);
      g_assert_error (error, PW_PROVIDER_ERROR, cases[i].code);
      g_assert_cmpint (retryable, ==, cases[i].retryable);
      g_assert_nonnull (strstr (error->message, "Work"));
      g_assert_null (strstr (error->message, KEY));
    }
}

/* A 401 to a request without a key says the key is missing, not that a
 * key was rejected. */
static void
test_classify_no_key (void)
{
  PwHttpFailure failure = {
    .profile_name = "Work",
    .api_key = NULL,
    .status = 401,
    .mime_type = "application/json",
    .body = "{}",
    .body_length = 2,
    .attempts = 1,
  };
  g_autoptr(GError) error = NULL;
  gboolean retryable = TRUE;

  error = pw_http_classify_failure (&failure, &retryable);
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH);
  g_assert_false (retryable);
  g_assert_null (strstr (error->message, "rejected"));
  g_assert_nonnull (strstr (error->message, "none was sent"));
  g_assert_nonnull (strstr (error->message, "Preferences"));
}

static void
test_classify_body (void)
{
  g_autoptr(GError) client = NULL;
  g_autoptr(GError) limited = NULL;
  g_autoptr(GError) bare = NULL;
  g_autoptr(GError) html = NULL;
  g_autoptr(GError) html_server = NULL;
  gboolean retryable;

  /* The server's sentence, in any of the three shapes, without the key. */
  client = classify (400, "application/json", "{\"error\":{\"message\":\"bad " KEY "\"}}",
                     &retryable);
  g_assert_nonnull (strstr (client->message, "bad [redacted]"));
  limited = classify (429, "application/json", "{\"message\":\"wait a bit\"}", &retryable);
  g_assert_nonnull (strstr (limited->message, "wait a bit"));
  g_assert_nonnull (strstr (limited->message, "3 attempts"));

  /* No body: the status phrase. */
  bare = classify (404, NULL, NULL, &retryable);
  g_assert_nonnull (strstr (bare->message, "Not Found"));

  /* A proxy's HTML page is not read. */
  html = classify (404, "text/html; charset=utf-8", "<html>" KEY "</html>", &retryable);
  g_assert_error (html, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL);
  g_assert_cmpstr (html->message, ==, "unexpected response (HTTP 404, text/html)");
  g_assert_false (retryable);
  html_server = classify (502, "text/html", "<html></html>", &retryable);
  g_assert_error (html_server, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  g_assert_true (retryable);
}

static void
test_stream_error (void)
{
  static const struct
  {
    const char *type;
    int         code;
  } cases[] = {
    { "overloaded_error", PW_PROVIDER_ERROR_SERVER },
    { "rate_limit_error", PW_PROVIDER_ERROR_RATE_LIMITED },
    { "invalid_request_error", PW_PROVIDER_ERROR_CLIENT },
    { "authentication_error", PW_PROVIDER_ERROR_AUTH },
    { "permission_error", PW_PROVIDER_ERROR_AUTH },
    { NULL, PW_PROVIDER_ERROR_SERVER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = pw_http_stream_error ("Work", KEY, cases[i].type,
                                                      "key " KEY " failed");

      g_assert_error (error, PW_PROVIDER_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, "key [redacted] failed"));
    }
}

static void
test_redact (void)
{
  g_autofree char *plain = pw_http_redact ("no secret here", KEY);
  g_autofree char *twice = pw_http_redact (KEY " and " KEY, KEY);
  g_autofree char *short_key = pw_http_redact ("abc in text", "abc");
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *cut = NULL;

  g_assert_cmpstr (plain, ==, "no secret here");
  g_assert_cmpstr (twice, ==, "[redacted] and [redacted]");
  /* A key too short to be one is not searched for. */
  g_assert_cmpstr (short_key, ==, "abc in text");

  /* Cut near 300 bytes, never inside a character. */
  for (guint i = 0; i < 200; i++)
    g_string_append (long_text, "ż");
  cut = pw_http_redact (long_text->str, NULL);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
  g_assert_true (g_str_has_suffix (cut, "…"));
  g_assert_cmpuint (strlen (cut), <=, 300 + strlen ("…"));
  g_assert_cmpuint (strlen (cut), >=, 296 + strlen ("…"));
}

static void
test_retry_after (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 30);
  g_autofree char *date = g_date_time_format (later, "%a, %d %b %Y %H:%M:%S GMT");
  gint64 from_date;

  g_assert_cmpint (pw_http_parse_retry_after (NULL), ==, -1);
  g_assert_cmpint (pw_http_parse_retry_after ("2"), ==, 2000);
  g_assert_cmpint (pw_http_parse_retry_after ("1.5"), ==, 1500);
  g_assert_cmpint (pw_http_parse_retry_after ("0"), ==, 0);
  g_assert_cmpint (pw_http_parse_retry_after ("soon"), ==, -1);
  g_assert_cmpint (pw_http_parse_retry_after ("-3"), ==, -1);

  from_date = pw_http_parse_retry_after (date);
  g_assert_cmpint (from_date, >, 25000);
  g_assert_cmpint (from_date, <=, 30000);
}

static void
test_retry_delay (void)
{
  g_autoptr(PwProviderOptions) options = pw_provider_options_new ();
  guint delay = 0;

  options->max_retries = 2;
  options->retry_base_ms = 100;
  options->retry_after_unit_ms = 10;

  /* Exponential backoff with up to 50 % jitter. */
  g_assert_true (pw_http_retry_delay (options, 1, -1, &delay));
  g_assert_cmpuint (delay, >=, 100);
  g_assert_cmpuint (delay, <=, 150);
  g_assert_true (pw_http_retry_delay (options, 2, -1, &delay));
  g_assert_cmpuint (delay, >=, 200);
  g_assert_cmpuint (delay, <=, 300);
  g_assert_false (pw_http_retry_delay (options, 3, -1, &delay));

  /* Retry-After in the options' unit: 2 s last 20 ms here. */
  g_assert_true (pw_http_retry_delay (options, 1, 2000, &delay));
  g_assert_cmpuint (delay, ==, 20);
  g_assert_true (pw_http_retry_delay (options, 1, 0, &delay));
  g_assert_cmpuint (delay, ==, 0);
  /* Longer than two minutes: not worth waiting for. */
  g_assert_true (pw_http_retry_delay (options, 1, 120 * 1000, &delay));
  g_assert_false (pw_http_retry_delay (options, 1, 121 * 1000, &delay));
}

static void
test_loopback (void)
{
  const char *loopback[] = { "localhost", "LOCALHOST", "ollama.localhost", "127.0.0.1",
                             "127.1.2.3", "::1", "[::1]" };
  const char *remote[] = { "example.com", "10.0.0.1", "[2001:db8::1]", "localhost.example.com" };

  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    g_assert_true (pw_http_host_is_loopback (loopback[i]));
  for (guint i = 0; i < G_N_ELEMENTS (remote); i++)
    g_assert_false (pw_http_host_is_loopback (remote[i]));
  g_assert_false (pw_http_host_is_loopback (NULL));
}

/* ------------------------------------------------------------------ */
/* The base driving a subclass                                         */
/* ------------------------------------------------------------------ */

static void
test_base_sse (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *object;

  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         "event: ping\ndata: not json\n\n",
                         "data: {\"text\":\"Hel\"}\n\n", "data: {\"text\":\"lo\"}\n\n",
                         "data: [END]\n\n", "data: {\"text\":\" ignored\"}\n\n", NULL);

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "Hello");
  g_assert_cmpuint (TEST_HTTP (fixture->provider)->events, ==, 2);
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_COMPLETE);

  /* The base's request: the class's path, its bearer default, model first
   * and stream last around the class's members. */
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/chat");
  g_assert_cmpstr (test_server_request_header (fixture->server, 0, "Authorization"), ==,
                   "Bearer " KEY);
  body = json_from_string (g_ptr_array_index (fixture->server->request_bodies, 0), &error);
  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "test-model");
  g_assert_true (json_object_get_boolean_member (object, "stream"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "messages")), ==, 2);
}

static void
test_base_done_event (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* An event the class marks as the last ends the stream too. */
  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         "data: {\"text\":\"a\"}\n\n", "data: {\"text\":\"b\",\"last\":true}\n\n",
                         "data: {\"text\":\"c\"}\n\n", NULL);

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "ab");
}

static void
test_base_whole (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* No event-stream type and a "{": one whole answer. */
  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "  {\"text\":", "\"whole\"}", NULL);

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "whole");
}

static void
test_base_sniffed_sse (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* An event stream sent with a careless type is still read as one. */
  test_server_add_reply (fixture->server, 200, "text/plain", 1,
                         "data: {\"text\":\"ok\"}\n\ndata: [END]\n\n", NULL);

  g_assert_true (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                      &error));
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "ok");
}

static void
test_base_incomplete (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         "data: {\"text\":\"cut\"}\n\n", NULL);

  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INCOMPLETE);
  g_assert_cmpstr (pw_generation_get_text (fixture->generation), ==, "cut");
  g_assert_cmpint (pw_generation_get_end (fixture->generation), ==, PW_GENERATION_END_INCOMPLETE);
}

static void
test_base_malformed (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_server_add_reply (fixture->server, 200, "text/event-stream", 1, "data: [1]\n\n", NULL);
  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "The server sent an event that is not a JSON object");
}

static void
test_base_stream_error (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) failed = NULL;

  /* The class's own error, from inside the stream, without the key. */
  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         "data: {\"text\":\"x\"}\n\n", "data: {\"fail\":\"boom " KEY "\"}\n\n", NULL);
  g_assert_false (test_run_generation (fixture->provider, fixture->generation, NULL, &fixture->run,
                                       &failed));
  g_assert_error (failed, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  g_assert_nonnull (strstr (failed->message, "boom [redacted]"));
}

static void
test_base_no_model (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PwProviderOptions) options = test_options (fixture->server->base);
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&options->model, g_free);
  provider = g_object_new (TEST_TYPE_HTTP, "options", options, NULL);

  g_assert_false (test_run_generation (provider, fixture->generation, NULL, &fixture->run, &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG);
  g_assert_cmpuint (fixture->server->n_requests, ==, 0);
}

static void
test_base_models (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  /* The default reads an OpenAI-style list and skips entries without id. */
  test_server_add_reply (fixture->server, 200, "application/json", 1,
                         "{\"data\":[{\"id\":\"a\"},{\"name\":\"b\"},7,{\"id\":\"c\"}]}", NULL);

  pw_provider_list_models_async (fixture->provider, NULL, (GAsyncReadyCallback) test_run_done_cb,
                                 &fixture->run);
  while (fixture->run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  models = pw_provider_list_models_finish (fixture->provider, fixture->run.result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (models), ==, 2);
  g_assert_cmpstr (models[0], ==, "a");
  g_assert_cmpstr (models[1], ==, "c");
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_paths, 0), ==, "/models");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/http-provider/classify-status", test_classify_status);
  g_test_add_func ("/pw/http-provider/classify-no-key", test_classify_no_key);
  g_test_add_func ("/pw/http-provider/classify-body", test_classify_body);
  g_test_add_func ("/pw/http-provider/stream-error", test_stream_error);
  g_test_add_func ("/pw/http-provider/redact", test_redact);
  g_test_add_func ("/pw/http-provider/retry-after", test_retry_after);
  g_test_add_func ("/pw/http-provider/retry-delay", test_retry_delay);
  g_test_add_func ("/pw/http-provider/loopback", test_loopback);

#define ADD(path, func) \
  g_test_add ("/pw/http-provider/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("sse", test_base_sse);
  ADD ("done-event", test_base_done_event);
  ADD ("whole", test_base_whole);
  ADD ("sniffed-sse", test_base_sniffed_sse);
  ADD ("incomplete", test_base_incomplete);
  ADD ("malformed", test_base_malformed);
  ADD ("error-in-stream", test_base_stream_error);
  ADD ("no-model", test_base_no_model);
  ADD ("models", test_base_models);
#undef ADD

  return g_test_run ();
}
