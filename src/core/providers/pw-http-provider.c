/* pw-http-provider.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-http-provider"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-generation-private.h"
#include "pw-http-errors.h"
#include "pw-http-provider.h"
#include "pw-http-stream.h"
#include "pw-json-utils.h"

/* The base of the network providers.  It owns everything that is the
 * same for every wire format: the options, the insecure-transport check,
 * retries with backoff for 429 and 5xx before the first token, status
 * classification, the idle timeout, cancellation, incremental reads from
 * soup_session_send_async()'s stream (framed into events by
 * pw-http-stream.c), and paged model lists.  A subclass builds the request
 * body and headers and reads one event (see PwHttpProviderClass).
 */

#define READ_BUFFER_SIZE    (64 * 1024)
#define MAX_ERROR_BODY      (64 * 1024)
#define MAX_MODEL_LIST_BODY (8 * 1024 * 1024)
#define MAX_MODEL_PAGES     100

/* The decoded body may be this many times the text budget: JSON framing
 * costs some 40 bytes per token event. */
#define MAX_BODY_PER_TEXT_BYTE 32

/* Warn when the server reports fewer than half the prompt tokens the
 * estimate expects, for prompts of at least this many tokens. */
#define MIN_PROMPT_CHECK_TOKENS 256

typedef struct
{
  PwProviderOptions *options;  /* (owned) */
  SoupSession       *session;  /* (owned) (nullable) made on first use */
  guint              context_length;   /* the model's, 0 when unknown */
  gboolean           details_fetched;  /* details_path was asked */
} PwHttpProviderPrivate;

enum {
  PROP_0,
  PROP_OPTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void provider_iface_init (PwProviderInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (PwHttpProvider, pw_http_provider, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (PwHttpProvider)
                                  G_IMPLEMENT_INTERFACE (PW_TYPE_PROVIDER, provider_iface_init))

/* ------------------------------------------------------------------ */
/* Requests                                                            */
/* ------------------------------------------------------------------ */

static SoupSession *
get_session (PwHttpProvider *self)
{
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);

  /* One session per provider keeps connections pooled across requests.
   * TLS is always verified: nothing here touches certificate checks. */
  if (priv->session == NULL)
    priv->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                   NULL);

  return priv->session;
}

static const char *
display_name (PwHttpProvider *self)
{
  return pw_provider_display_name (PW_PROVIDER (self));
}

static gboolean
has_key (const PwProviderOptions *options)
{
  return options->api_key != NULL && *options->api_key != '\0';
}

/* The request URL: the options' base URL (or the class's default)
 * without trailing slashes, then @path. */
static char *
build_url (PwHttpProvider *self,
           const char     *path)
{
  const PwProviderOptions *options = pw_http_provider_get_options (self);
  g_autofree char *base = NULL;
  gsize len;

  base = g_strdup (options->base_url != NULL && *options->base_url != '\0'
                   ? options->base_url : PW_HTTP_PROVIDER_GET_CLASS (self)->default_base_url);
  g_strstrip (base);
  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  return g_strconcat (base, path, NULL);
}

static void
set_json_body (SoupMessage *msg,
               JsonBuilder *body)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (body);
  g_autoptr(GBytes) bytes = NULL;
  char *data;
  gsize length;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (data, length);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
}

/* Builds a request to @path with the class's headers, or returns %NULL
 * with a %PW_PROVIDER_ERROR_CONFIG error when the URL is not http(s). */
static SoupMessage *
new_message (PwHttpProvider  *self,
             const char      *method,
             const char      *path,
             JsonBuilder     *body,
             GError         **error)
{
  g_autofree char *url = build_url (self, path);
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;
  SoupMessageHeaders *headers;

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG,
                   _("“%s” is not an http or https URL"), url);
      return NULL;
    }

  msg = soup_message_new_from_uri (method, uri);
  /* The key is bound to this origin: a redirect is reported, never
   * followed (libsoup would carry the headers along, and turn a POST
   * into a GET on 302/303). */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept",
                                "text/event-stream, application/x-ndjson, application/json");
  PW_HTTP_PROVIDER_GET_CLASS (self)->add_headers (self, headers);
  if (body != NULL)
    set_json_body (msg, body);

  return msg;
}

/* A key must not travel in clear text to another machine unless the
 * profile explicitly allows it. */
static gboolean
check_transport (PwHttpProvider  *self,
                 SoupMessage     *msg,
                 GError         **error)
{
  const PwProviderOptions *options = pw_http_provider_get_options (self);
  GUri *uri = soup_message_get_uri (msg);

  if (!has_key (options) || options->allow_insecure)
    return TRUE;
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 ||
      pw_http_host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INSECURE,
               _("Profile “%s” would send its API key over plain HTTP to %s; use https or allow "
                 "plain HTTP in the profile"),
               display_name (self), g_uri_get_host (uri));
  return FALSE;
}

/* The streaming chat request: {"model": …, <the class's members>,
 * "stream": true}. */
static SoupMessage *
build_chat_message (PwHttpProvider  *self,
                    PwGeneration    *generation,
                    GError         **error)
{
  const PwProviderOptions *options = pw_http_provider_get_options (self);
  PwHttpProviderClass *klass = PW_HTTP_PROVIDER_GET_CLASS (self);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (options->model == NULL || *options->model == '\0')
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG,
                   _("Profile “%s” names no model"), display_name (self));
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, options->model);
  klass->build_body (self, generation, builder);
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  return new_message (self, "POST", klass->chat_path, builder, error);
}

static char *
get_mime_type (SoupMessage *msg)
{
  const char *content_type;

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                        NULL);
  return g_ascii_strdown (content_type != NULL ? content_type : "", -1);
}

static GError *
redirect_error (PwHttpProvider *self,
                SoupMessage    *msg)
{
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                       "Location");

  return pw_http_redirect_error (display_name (self), pw_http_provider_get_options (self)->api_key,
                                 soup_message_get_status (msg), location);
}

static GError *
html_reply_error (SoupMessage *msg)
{
  return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                      _("unexpected response (HTTP %u, %s)"), soup_message_get_status (msg),
                      "text/html");
}

/* Classifies a non-2xx response; see pw_http_classify_failure(). */
static GError *
classify_failure (PwHttpProvider *self,
                  SoupMessage    *msg,
                  const char     *body,
                  gsize           body_length,
                  guint           attempts,
                  gboolean       *retryable)
{
  g_autofree char *mime = get_mime_type (msg);
  PwHttpFailure failure = {
    .profile_name = display_name (self),
    .api_key = pw_http_provider_get_options (self)->api_key,
    .status = soup_message_get_status (msg),
    .mime_type = mime,
    .body = body,
    .body_length = body_length,
    .attempts = attempts,
  };

  return pw_http_classify_failure (&failure, retryable);
}

/* ------------------------------------------------------------------ */
/* Running a generation                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  PwGeneration     *generation;       /* (owned) */
  SoupMessage      *msg;              /* (owned) (nullable) */
  GInputStream     *stream;           /* (owned) (nullable) */
  PwHttpStream     *parse;            /* (owned) (nullable) */
  GCancellable     *io_cancellable;   /* (owned) cancelled by the user or the idle timer */
  GCancellable     *user_cancellable; /* (owned) (nullable) */
  gulong            cancelled_id;
  guint             idle_id;
  guint             retry_id;
  GByteArray       *error_body;       /* (owned) (nullable) a non-2xx body being read */
  guint8           *buffer;
  gboolean          user_cancelled;
  gboolean          timed_out;
  gboolean          got_head;         /* a 2xx response head arrived */
  guint64           body_bytes;       /* decoded bytes of the answer read */
  gboolean          finished;
} GenerateData;

static void
generate_data_free (GenerateData *data)
{
  g_assert (data->cancelled_id == 0);
  g_assert (data->parse == NULL);
  g_clear_handle_id (&data->idle_id, g_source_remove);
  g_clear_handle_id (&data->retry_id, g_source_remove);
  g_clear_object (&data->stream);
  g_clear_object (&data->msg);
  g_clear_object (&data->io_cancellable);
  g_clear_object (&data->user_cancellable);
  g_clear_pointer (&data->error_body, g_byte_array_unref);
  g_clear_object (&data->generation);
  g_free (data->buffer);
  g_free (data);
}

static void start_attempt (GTask *task);
static void read_next (GTask *task);

static void
drop_stream (GTask *task)
{
  GenerateData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->parse, pw_http_stream_free);

  if (data->stream != NULL)
    {
      g_autoptr(GCancellable) now = g_cancellable_new ();

      /* Closing a body that is not at its end would drain it first; with
       * a cancelled cancellable libsoup drops the connection instead,
       * which is what a cancel or an error wants. */
      g_cancellable_cancel (now);
      g_input_stream_close (data->stream, now, NULL);
      g_clear_object (&data->stream);
    }

  g_clear_object (&data->msg);
  g_clear_pointer (&data->error_body, g_byte_array_unref);
}

static PwGenerationEnd
end_for_error (GenerateData *data,
               const GError *error)
{
  if (error == NULL)
    return PW_GENERATION_END_COMPLETE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return PW_GENERATION_END_CANCELLED;
  if (g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_REFUSED))
    return PW_GENERATION_END_REFUSED;
  if (g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TRUNCATED))
    return PW_GENERATION_END_TRUNCATED;
  if (data->got_head)
    return PW_GENERATION_END_INCOMPLETE;
  return PW_GENERATION_END_ERROR;
}

/* Ends the generation exactly once, however it ended.  Takes @error. */
static void
finish_generation (GTask  *task,
                   GError *error)
{
  GenerateData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  PwGenerationEnd end;

  g_assert (!data->finished);
  data->finished = TRUE;

  g_clear_handle_id (&data->idle_id, g_source_remove);
  g_clear_handle_id (&data->retry_id, g_source_remove);
  if (data->cancelled_id != 0)
    {
      g_cancellable_disconnect (data->user_cancellable, data->cancelled_id);
      data->cancelled_id = 0;
    }

  if (error == NULL && data->stream != NULL)
    {
      /* Read to the end: the connection can be reused. */
      g_input_stream_close (data->stream, NULL, NULL);
      g_clear_object (&data->stream);
    }
  drop_stream (task);

  end = end_for_error (data, error);

  g_debug ("generation with %s ended %s after %u attempt(s), %" G_GSIZE_FORMAT " bytes",
           pw_provider_kind_to_string (PW_HTTP_PROVIDER_GET_CLASS (self)->kind),
           pw_generation_end_to_string (end), pw_generation_get_attempts (data->generation),
           pw_generation_get_text_length (data->generation));

  pw_generation_finish (data->generation, end, error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static GError *
cancelled_or_timeout_error (GenerateData *data)
{
  if (data->user_cancelled)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The generation was cancelled"));

  return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TIMEOUT,
                      _("The server sent nothing for too long; the answer is incomplete"));
}

static gboolean
idle_timeout_cb (gpointer user_data)
{
  GenerateData *data = user_data;

  data->idle_id = 0;
  data->timed_out = TRUE;
  g_cancellable_cancel (data->io_cancellable);

  return G_SOURCE_REMOVE;
}

static void
arm_idle_timer (GTask *task)
{
  GenerateData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  guint timeout_ms = pw_http_provider_get_options (self)->idle_timeout_ms;

  g_clear_handle_id (&data->idle_id, g_source_remove);
  if (timeout_ms > 0)
    data->idle_id = g_timeout_add (timeout_ms, idle_timeout_cb, data);
}

static gboolean
cancel_during_retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  GenerateData *data = g_task_get_task_data (task);

  if (!data->finished)
    finish_generation (task, cancelled_or_timeout_error (data));
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static void
user_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GenerateData *data = g_task_get_task_data (task);

  data->user_cancelled = TRUE;

  /* Pending I/O returns G_IO_ERROR_CANCELLED through its own callback.  A
   * backoff wait has no I/O, so it is ended from an idle (not from inside
   * this handler, which must not disconnect itself). */
  if (data->retry_id != 0)
    {
      /* The timeout's reference moves to the idle. */
      g_source_remove (data->retry_id);
      data->retry_id = 0;
      g_idle_add_full (G_PRIORITY_HIGH, cancel_during_retry_cb, task, NULL);
    }
  g_cancellable_cancel (data->io_cancellable);
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  GenerateData *data = g_task_get_task_data (task);

  data->retry_id = 0;
  start_attempt (task);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

/* Retries an attempt that failed before the first token, or gives up with
 * @error.  Takes @error. */
static void
retry_or_fail (GTask    *task,
               GError   *error,
               gboolean  retryable,
               gint64    retry_after_ms)
{
  GenerateData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  guint attempts = pw_generation_get_attempts (data->generation);
  guint delay_ms = 0;

  drop_stream (task);

  if (!retryable || pw_generation_has_new_text (data->generation) ||
      !pw_http_retry_delay (pw_http_provider_get_options (self), attempts, retry_after_ms,
                            &delay_ms))
    {
      finish_generation (task, error);
      return;
    }

  g_debug ("attempt %u failed (%s), retrying in %u ms", attempts, error->message, delay_ms);
  pw_generation_retrying (data->generation, delay_ms, error->message);
  g_error_free (error);

  /* The timeout holds a reference; user_cancelled_cb() drops it when it
   * removes the timeout. */
  data->retry_id = g_timeout_add (delay_ms, retry_cb, g_object_ref (task));
}

/* A read failed: a cancel (by the user or the idle timer) or a broken
 * connection, which may be retried while no answer has started. */
static void
read_failed (GTask  *task,
             GError *error)
{
  GenerateData *data = g_task_get_task_data (task);
  GError *network;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_generation (task, cancelled_or_timeout_error (data));
      return;
    }

  network = g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_NETWORK,
                         _("The connection to the server broke: %s"), error->message);
  if (data->error_body != NULL)
    retry_or_fail (task, network, TRUE, -1);
  else
    finish_generation (task, network);
}

/* Gathers a non-2xx body (up to MAX_ERROR_BODY) and, at its end,
 * classifies the response: it tells quota from load. */
static void
read_error_body (GTask *task,
                 gsize  n)
{
  GenerateData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  const char *retry_after;
  gboolean retryable;
  GError *error;

  if (n > 0 && data->error_body->len < MAX_ERROR_BODY)
    {
      g_byte_array_append (data->error_body, data->buffer,
                           MIN (n, MAX_ERROR_BODY - data->error_body->len));
      read_next (task);
      return;
    }

  error = classify_failure (self, data->msg, (const char *) data->error_body->data,
                            data->error_body->len, pw_generation_get_attempts (data->generation),
                            &retryable);
  retry_after = soup_message_headers_get_one (soup_message_get_response_headers (data->msg),
                                              "Retry-After");
  retry_or_fail (task, error, retryable, pw_http_parse_retry_after (retry_after));
}

/* The answer budget: the text within it (the generation keeps no more),
 * and the decoded body, which bounds a gzip bomb or an endless stream of
 * events without text. */
static GError *
check_budget (PwHttpProvider *self,
              GenerateData   *data)
{
  const PwProviderOptions *options = pw_http_provider_get_options (self);
  g_autofree char *size = g_format_size (options->max_answer_bytes);

  if (pw_generation_get_over_budget (data->generation))
    return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TOO_LARGE,
                        _("The answer is larger than the budget of %s or %u lines; the text "
                          "within it is kept"),
                        size, options->max_answer_lines);
  if (options->max_answer_bytes > 0 &&
      data->body_bytes > (guint64) options->max_answer_bytes * MAX_BODY_PER_TEXT_BYTE)
    return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TOO_LARGE,
                        _("The server sent far more than an answer of %s; the text so far is "
                          "kept"),
                        size);

  return NULL;
}

/* A server that silently cut the prompt (Ollama's default context) reports
 * far fewer prompt tokens than were sent: between a twentieth and a half of
 * the estimate. */
static void
check_prompt_seen (PwHttpProvider *self,
                   PwGeneration   *generation)
{
  guint estimate = pw_generation_estimate_prompt_tokens (generation);
  guint seen = pw_generation_get_input_tokens (generation);
  g_autofree char *message = NULL;

  /* A count far below the estimate is a prompt cache hit (Ollama counts
   * only the tokens it evaluated), not a cut. */
  if (seen == 0 || estimate < MIN_PROMPT_CHECK_TOKENS || seen >= estimate / 2 ||
      seen < estimate / 20)
    return;

  message = g_strdup_printf (_("The server read only %u tokens of a prompt of about %u tokens; "
                               "it may have cut the prompt to fit the model’s context"),
                             seen, estimate);
  pw_generation_add_warning (generation, message);
}

/* After the end of the body: how the answer ended, and whether the server
 * saw the whole prompt. */
static GError *
classify_complete (PwHttpProvider *self,
                   GenerateData   *data,
                   gboolean        complete)
{
  if (!complete)
    return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INCOMPLETE,
                        _("The answer stopped before its end marker; it is incomplete"));

  check_prompt_seen (self, data->generation);
  return pw_http_classify_end (data->generation, pw_http_provider_get_options (self)->api_key);
}

/* Parses the bytes of one read, or the end of the body when @n is 0. */
static void
read_answer (GTask *task,
             gsize  n)
{
  GenerateData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean complete = FALSE;
  gboolean ok;

  data->body_bytes += n;
  pw_generation_hold_deltas (data->generation);
  if (n > 0)
    ok = pw_http_stream_feed (data->parse, (const char *) data->buffer, n, &error);
  else
    ok = pw_http_stream_end (data->parse, &complete, &error);
  pw_generation_release_deltas (data->generation);

  if (ok)
    error = check_budget (self, data);

  if (error != NULL)
    finish_generation (task, error);
  else if (n > 0)
    read_next (task);
  else
    finish_generation (task, classify_complete (self, data, complete));
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenerateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  g_clear_handle_id (&data->idle_id, g_source_remove);
  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n < 0)
    read_failed (task, error);
  else if (data->error_body != NULL)
    read_error_body (task, n);
  else
    read_answer (task, n);
}

static void
read_next (GTask *task)
{
  GenerateData *data = g_task_get_task_data (task);

  arm_idle_timer (task);
  g_input_stream_read_async (data->stream, data->buffer, READ_BUFFER_SIZE, G_PRIORITY_DEFAULT,
                             data->io_cancellable, read_cb, g_object_ref (task));
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenerateData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  guint status;

  g_clear_handle_id (&data->idle_id, g_source_remove);
  data->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);

  if (data->stream == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish_generation (task, cancelled_or_timeout_error (data));
      else
        retry_or_fail (task,
                       g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_NETWORK,
                                    _("Could not reach the server of profile “%s”: %s"),
                                    display_name (self), error->message),
                       TRUE, -1);
      return;
    }

  status = soup_message_get_status (data->msg);
  mime = get_mime_type (data->msg);
  g_debug ("%s %s: HTTP %u, %s", soup_message_get_method (data->msg),
           g_uri_get_path (soup_message_get_uri (data->msg)), status, mime);

  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      finish_generation (task, redirect_error (self, data->msg));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* Read the error body before classifying: it tells quota from load. */
      data->error_body = g_byte_array_new ();
      read_next (task);
      return;
    }

  if (g_str_has_prefix (mime, "text/html"))
    {
      finish_generation (task, html_reply_error (data->msg));
      return;
    }

  data->got_head = TRUE;
  data->parse = pw_http_stream_new (self, data->generation, mime);
  pw_generation_set_state (data->generation, PW_GENERATION_STATE_WAITING);
  read_next (task);
}

/* Before the first attempt: a prompt larger than the model's context
 * (when the server told it) is cut or refused by most servers. */
static void
warn_context (PwHttpProvider *self,
              PwGeneration   *generation)
{
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);
  guint estimate = pw_generation_estimate_prompt_tokens (generation);
  g_autofree char *message = NULL;

  if (priv->context_length == 0 || estimate <= priv->context_length)
    return;

  message = g_strdup_printf (_("The prompt of about %u tokens is larger than the %u-token "
                               "context of model “%s”; the server may cut it"),
                             estimate, priv->context_length, priv->options->model);
  pw_generation_add_warning (generation, message);
}

static void
details_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenerateData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_clear_handle_id (&data->idle_id, g_source_remove);
  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      data->user_cancelled)
    {
      finish_generation (task, cancelled_or_timeout_error (data));
      return;
    }
  if (data->timed_out)
    {
      /* Details that never came are no reason to give up the request. */
      data->timed_out = FALSE;
      g_object_unref (data->io_cancellable);
      data->io_cancellable = g_cancellable_new ();
    }

  /* Without the details the request goes out as before. */
  priv->details_fetched = TRUE;
  if (body != NULL && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->msg)))
    root = pw_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    priv->context_length =
      PW_HTTP_PROVIDER_GET_CLASS (self)->read_context_length (self, json_node_get_object (root));
  g_debug ("context length of %s: %u", priv->options->model, priv->context_length);
  g_clear_object (&data->msg);

  start_attempt (task);
}

/* Asks the server for the model's details once per provider; returns
 * whether the request went out (start_attempt() follows). */
static gboolean
fetch_details (GTask *task)
{
  GenerateData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);
  PwHttpProviderClass *klass = PW_HTTP_PROVIDER_GET_CLASS (self);
  g_autoptr(JsonBuilder) builder = NULL;

  if (klass->details_path == NULL || priv->details_fetched || priv->options->model == NULL ||
      (klass->details_get && (priv->options->base_url == NULL || *priv->options->base_url == '\0')))
    return FALSE;

  if (!klass->details_get)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "model");
      json_builder_add_string_value (builder, priv->options->model);
      json_builder_end_object (builder);
    }
  data->msg = new_message (self, klass->details_get ? "GET" : "POST", klass->details_path,
                           builder, NULL);
  if (data->msg == NULL || !check_transport (self, data->msg, NULL))
    {
      g_clear_object (&data->msg);
      return FALSE;
    }

  arm_idle_timer (task);
  soup_session_send_and_read_async (get_session (self), data->msg, G_PRIORITY_DEFAULT,
                                    data->io_cancellable, details_cb, g_object_ref (task));
  return TRUE;
}

static void
start_attempt (GTask *task)
{
  GenerateData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (data->user_cancelled)
    {
      finish_generation (task, cancelled_or_timeout_error (data));
      return;
    }
  if (fetch_details (task))
    return;
  if (pw_generation_get_attempts (data->generation) == 0)
    warn_context (self, data->generation);

  data->msg = build_chat_message (self, data->generation, &error);
  if (data->msg == NULL || !check_transport (self, data->msg, &error))
    {
      finish_generation (task, error);
      return;
    }

  pw_generation_set_state (data->generation, PW_GENERATION_STATE_CONNECTING);
  arm_idle_timer (task);
  soup_session_send_async (get_session (self), data->msg, G_PRIORITY_DEFAULT,
                           data->io_cancellable, send_cb, g_object_ref (task));
}

static void
http_generate_async (PwProvider          *self,
                     PwGeneration        *generation,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GenerateData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, http_generate_async);
  /* The generation's own state says how it ended; the task must not turn
   * a cancel into an early return that skips finish_generation(). */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (GenerateData, 1);
  data->generation = g_object_ref (generation);
  data->io_cancellable = g_cancellable_new ();
  data->buffer = g_malloc (READ_BUFFER_SIZE);
  g_task_set_task_data (task, data, (GDestroyNotify) generate_data_free);

  pw_generation_begin (generation, pw_http_provider_get_options (PW_HTTP_PROVIDER (self))->model);
  pw_generation_set_budget (generation,
                            pw_http_provider_get_options (PW_HTTP_PROVIDER (self))->max_answer_bytes,
                            pw_http_provider_get_options (PW_HTTP_PROVIDER (self))->max_answer_lines);

  if (cancellable != NULL)
    {
      data->user_cancellable = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (user_cancelled_cb),
                                                  task, NULL);
    }

  start_attempt (task);
}

static gboolean
http_generate_finish (PwProvider    *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Model lists                                                         */
/* ------------------------------------------------------------------ */

typedef struct
{
  GPtrArray   *models;   /* (owned) */
  SoupMessage *msg;      /* (owned) (nullable) */
  guint        pages;
} ListData;

static void
list_data_free (ListData *data)
{
  g_ptr_array_unref (data->models);
  g_clear_object (&data->msg);
  g_free (data);
}

static void fetch_models_page (GTask      *task,
                               const char *cursor);

/* Reads one page of the model list into @data; sets *@next_cursor when
 * there is another. */
static gboolean
read_models_page (PwHttpProvider  *self,
                  ListData        *data,
                  GBytes          *body,
                  char           **next_cursor,
                  GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *mime = get_mime_type (data->msg);
  const char *bytes;
  gsize length;
  gboolean retryable;

  bytes = g_bytes_get_data (body, &length);
  if (SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (data->msg)))
    {
      g_propagate_error (error, redirect_error (self, data->msg));
      return FALSE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->msg)))
    {
      g_propagate_error (error, classify_failure (self, data->msg, bytes, length, 1, &retryable));
      return FALSE;
    }
  if (g_str_has_prefix (mime, "text/html"))
    {
      g_propagate_error (error, html_reply_error (data->msg));
      return FALSE;
    }
  if (length > MAX_MODEL_LIST_BODY)
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The model list is too large"));
      return FALSE;
    }

  root = pw_json_parse (bytes, length, error);
  return root != NULL &&
         PW_HTTP_PROVIDER_GET_CLASS (self)->read_models (self,
                                                         JSON_NODE_HOLDS_OBJECT (root)
                                                         ? json_node_get_object (root) : NULL,
                                                         data->models, next_cursor, error);
}

static void
models_page_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *next_cursor = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_NETWORK,
                                 _("Could not reach the server of profile “%s”: %s"),
                                 display_name (self), error->message);
      return;
    }

  if (!read_models_page (self, data, body, &next_cursor, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&data->msg);
  if (next_cursor != NULL && ++data->pages < MAX_MODEL_PAGES)
    {
      fetch_models_page (g_steal_pointer (&task), next_cursor);
      return;
    }

  g_ptr_array_add (data->models, NULL);
  g_task_return_pointer (task, g_ptr_array_steal (data->models, NULL), (GDestroyNotify) g_strfreev);
}

/* Takes the reference on @task. */
static void
fetch_models_page (GTask      *task,
                   const char *cursor)
{
  ListData *data = g_task_get_task_data (task);
  PwHttpProvider *self = g_task_get_source_object (task);
  PwHttpProviderClass *klass = PW_HTTP_PROVIDER_GET_CLASS (self);
  g_autofree char *path = NULL;
  GError *error = NULL;

  path = klass->models_path != NULL ? klass->models_path (self, cursor) : NULL;
  if (path == NULL)
    {
      g_task_return_new_error (task, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG,
                               _("This provider cannot list models"));
      g_object_unref (task);
      return;
    }

  data->msg = new_message (self, "GET", path, NULL, &error);
  if (data->msg == NULL || !check_transport (self, data->msg, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  soup_session_send_and_read_async (get_session (self), data->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), models_page_cb, task);
}

static void
http_list_models_async (PwProvider          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  ListData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, http_list_models_async);
  data = g_new0 (ListData, 1);
  data->models = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);

  fetch_models_page (task, NULL);
}

static GStrv
http_list_models_finish (PwProvider    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Defaults, the interface and the class                               */
/* ------------------------------------------------------------------ */

static void
pw_http_provider_real_add_headers (PwHttpProvider     *self,
                                   SoupMessageHeaders *headers)
{
  const PwProviderOptions *options = pw_http_provider_get_options (self);
  g_autofree char *auth = NULL;

  if (!has_key (options))
    return;

  auth = g_strconcat ("Bearer ", options->api_key, NULL);
  soup_message_headers_replace (headers, "Authorization", auth);
}

/**
 * pw_http_listed_context_length:
 * @models: (nullable): the "data" array of an OpenAI-compatible model list
 * @model: (nullable): the model id
 *
 * OpenAI-compatible lists may tell the context length of each model:
 * OpenRouter's "context_length", vLLM's "max_model_len", LM Studio's
 * "max_context_length".
 *
 * Returns: @model's, or 0 when the list tells none
 */
guint
pw_http_listed_context_length (JsonArray  *models,
                               const char *model)
{
  static const char * const members[] = { "context_length", "max_model_len",
                                          "max_context_length" };

  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    {
      JsonObject *entry = pw_json_array_get_object (models, i);

      if (g_strcmp0 (pw_json_get_string (entry, "id"), model) != 0)
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (members); j++)
        if (pw_json_get_int (entry, members[j]) > 0)
          return (guint) MIN (pw_json_get_int (entry, members[j]), G_MAXUINT);
    }

  return 0;
}

static gboolean
pw_http_provider_real_read_models (PwHttpProvider  *self,
                                   JsonObject      *object,
                                   GPtrArray       *models,
                                   char           **next_cursor,
                                   GError         **error)
{
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);
  JsonArray *data = pw_json_get_array (object, "data");

  if (data == NULL)
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The model list has no “data” array"));
      return FALSE;
    }

  pw_json_collect_strings (data, "id", NULL, models);
  priv->context_length = MAX (priv->context_length,
                              pw_http_listed_context_length (data, priv->options->model));
  return TRUE;
}

static PwProviderKind
http_get_kind (PwProvider *provider)
{
  return PW_HTTP_PROVIDER_GET_CLASS (provider)->kind;
}

static const PwProviderOptions *
http_get_options (PwProvider *provider)
{
  return pw_http_provider_get_options (PW_HTTP_PROVIDER (provider));
}

static void
provider_iface_init (PwProviderInterface *iface)
{
  iface->get_kind = http_get_kind;
  iface->get_options = http_get_options;
  iface->generate_async = http_generate_async;
  iface->generate_finish = http_generate_finish;
  iface->list_models_async = http_list_models_async;
  iface->list_models_finish = http_list_models_finish;
}

static void
pw_http_provider_dispose (GObject *object)
{
  PwHttpProvider *self = PW_HTTP_PROVIDER (object);
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);

  g_clear_object (&priv->session);

  G_OBJECT_CLASS (pw_http_provider_parent_class)->dispose (object);
}

static void
pw_http_provider_finalize (GObject *object)
{
  PwHttpProvider *self = PW_HTTP_PROVIDER (object);
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);

  g_clear_pointer (&priv->options, pw_provider_options_free);

  G_OBJECT_CLASS (pw_http_provider_parent_class)->finalize (object);
}

static void
pw_http_provider_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PwHttpProvider *self = PW_HTTP_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_OPTIONS:
      g_value_set_boxed (value, pw_http_provider_get_options (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_http_provider_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PwHttpProvider *self = PW_HTTP_PROVIDER (object);
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_OPTIONS:
      if (g_value_get_boxed (value) != NULL)
        {
          g_clear_pointer (&priv->options, pw_provider_options_free);
          priv->options = g_value_dup_boxed (value);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_http_provider_class_init (PwHttpProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_http_provider_dispose;
  object_class->finalize = pw_http_provider_finalize;
  object_class->get_property = pw_http_provider_get_property;
  object_class->set_property = pw_http_provider_set_property;

  klass->add_headers = pw_http_provider_real_add_headers;
  klass->read_models = pw_http_provider_real_read_models;

  /**
   * PwHttpProvider:options:
   *
   * What the provider needs to talk to its server; copied at construction.
   */
  properties[PROP_OPTIONS] = g_param_spec_boxed ("options", NULL, NULL, PW_TYPE_PROVIDER_OPTIONS,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                 G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pw_http_provider_init (PwHttpProvider *self)
{
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);

  priv->options = pw_provider_options_new ();
}

/* ------------------------------------------------------------------ */
/* For subclasses                                                      */
/* ------------------------------------------------------------------ */

/**
 * pw_http_provider_get_options:
 *
 * Returns: (transfer none): the options the provider was built with
 */
const PwProviderOptions *
pw_http_provider_get_options (PwHttpProvider *self)
{
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);

  g_return_val_if_fail (PW_IS_HTTP_PROVIDER (self), NULL);

  return priv->options;
}

/**
 * pw_http_provider_get_context_length:
 *
 * Returns: the model's context length in tokens as the server reported it
 *   (its details or its model list), or 0 when unknown
 */
guint
pw_http_provider_get_context_length (PwHttpProvider *self)
{
  PwHttpProviderPrivate *priv = pw_http_provider_get_instance_private (self);

  g_return_val_if_fail (PW_IS_HTTP_PROVIDER (self), 0);

  return priv->context_length;
}

/**
 * pw_http_provider_stream_error:
 * @type: (nullable): the server's error type, such as "overloaded_error"
 * @message: (nullable): the server's message
 *
 * Builds the error for an error the server reported inside a stream that
 * had started with HTTP 200, without the key.
 *
 * Returns: (transfer full): the error
 */
GError *
pw_http_provider_stream_error (PwHttpProvider *self,
                               const char     *type,
                               const char     *message)
{
  g_return_val_if_fail (PW_IS_HTTP_PROVIDER (self), NULL);

  return pw_http_stream_error (display_name (self), pw_http_provider_get_options (self)->api_key,
                               type, message);
}

static void
add_message (JsonBuilder *builder,
             const char  *role,
             const char  *content)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
}

/**
 * pw_http_add_chat_messages:
 * @builder: a builder inside the request object
 * @system_prompt: (nullable): the system prompt, sent as the first message
 *   unless %NULL or empty
 * @user_prompt: the user's message
 *
 * Adds the "messages" member of a chat request.
 */
void
pw_http_add_chat_messages (JsonBuilder *builder,
                           const char  *system_prompt,
                           const char  *user_prompt)
{
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  if (system_prompt != NULL && *system_prompt != '\0')
    add_message (builder, "system", system_prompt);
  add_message (builder, "user", user_prompt);
  json_builder_end_array (builder);
}

/**
 * pw_http_add_generation_messages:
 * @builder: a builder inside the request object
 * @generation: the generation
 * @with_system: whether the system prompt goes first as a message (OpenAI,
 *   Ollama) or elsewhere (Anthropic's top-level "system")
 *
 * Adds the "messages" member for @generation: the system prompt, the user
 * prompt, the conversation's further turns with their roles, and for a
 * continuation the answer so far as the assistant's
 * message followed by the request to carry on.
 */
void
pw_http_add_generation_messages (JsonBuilder  *builder,
                                 PwGeneration *generation,
                                 gboolean      with_system)
{
  const char *system_prompt = pw_generation_get_system_prompt (generation);
  const char *continued = pw_generation_get_continued_text (generation);
  const char *carry_on = pw_generation_get_continue_prompt (generation);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  if (with_system && system_prompt != NULL && *system_prompt != '\0')
    add_message (builder, "system", system_prompt);
  add_message (builder, "user", pw_generation_get_user_prompt (generation));
  for (guint i = 0; i < pw_generation_get_n_turns (generation); i++)
    {
      const PwTurn *turn = pw_generation_get_turn (generation, i);

      add_message (builder, pw_turn_role_to_string (turn->role), turn->content);
    }
  if (continued != NULL && carry_on != NULL)
    {
      add_message (builder, "assistant", continued);
      add_message (builder, "user", carry_on);
    }
  json_builder_end_array (builder);
}
