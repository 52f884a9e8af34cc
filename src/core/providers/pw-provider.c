/* pw-provider.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-provider"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-generation-private.h"
#include "pw-provider.h"
#include "pw-provider-anthropic.h"
#include "pw-provider-offline.h"
#include "pw-provider-ollama.h"
#include "pw-provider-openai.h"

/* The provider layer: the PwProvider interface, the PwGeneration that a
 * request streams into, and the HTTP driver shared by the network
 * providers.  The driver owns everything that is the same for every wire
 * format: the insecure-transport check, retries with backoff for 429 and
 * 5xx before the first token, status classification, the idle timeout,
 * cancellation, and incremental reads from soup_session_send_async()'s
 * stream.  The providers only build the request and parse bytes.
 */

#define READ_BUFFER_SIZE     (64 * 1024)
#define MAX_ERROR_BODY       (64 * 1024)
#define MAX_MODEL_LIST_BODY  (8 * 1024 * 1024)
#define MAX_RETRY_AFTER_S    120

/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

G_DEFINE_QUARK (pw-provider-error-quark, pw_provider_error)

/* ------------------------------------------------------------------ */
/* Kinds and options                                                   */
/* ------------------------------------------------------------------ */

static const char * const kind_names[] = { "offline", "openai", "anthropic", "ollama" };

const char *
pw_provider_kind_to_string (PwProviderKind kind)
{
  if ((guint) kind < G_N_ELEMENTS (kind_names))
    return kind_names[kind];
  return "unknown";
}

/**
 * pw_provider_kind_from_string:
 * @name: "offline", "openai", "anthropic" or "ollama"
 * @kind: (out): the kind
 *
 * Returns: %TRUE if @name is a known kind
 */
gboolean
pw_provider_kind_from_string (const char     *name,
                              PwProviderKind *kind)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_ascii_strcasecmp (name, kind_names[i]) == 0)
        {
          *kind = (PwProviderKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

G_DEFINE_BOXED_TYPE (PwProviderOptions, pw_provider_options,
                     pw_provider_options_copy, pw_provider_options_free)

/**
 * pw_provider_options_new:
 *
 * Returns: (transfer full): options with the defaults filled in
 */
PwProviderOptions *
pw_provider_options_new (void)
{
  PwProviderOptions *self = g_new0 (PwProviderOptions, 1);

  self->temperature = -1;
  self->max_tokens = 8192;
  self->idle_timeout_ms = 60000;
  self->max_retries = 2;
  self->retry_base_ms = 1000;
  self->retry_after_unit_ms = 1000;

  return self;
}

PwProviderOptions *
pw_provider_options_copy (const PwProviderOptions *self)
{
  PwProviderOptions *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->profile_id = g_strdup (self->profile_id);
  copy->profile_name = g_strdup (self->profile_name);
  copy->base_url = g_strdup (self->base_url);
  copy->model = g_strdup (self->model);
  copy->api_key = g_strdup (self->api_key);

  return copy;
}

void
pw_provider_options_free (PwProviderOptions *self)
{
  if (self == NULL)
    return;

  /* Wipe the key before the memory goes back to the allocator. */
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));

  g_free (self->profile_id);
  g_free (self->profile_name);
  g_free (self->base_url);
  g_free (self->model);
  g_free (self->api_key);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* PwProvider                                                          */
/* ------------------------------------------------------------------ */

static void http_generate_async (PwProvider          *self,
                                 PwGeneration        *generation,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
static gboolean http_generate_finish (PwProvider    *self,
                                      GAsyncResult  *result,
                                      GError       **error);
static void http_list_models_async (PwProvider          *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
static GStrv http_list_models_finish (PwProvider    *self,
                                      GAsyncResult  *result,
                                      GError       **error);

G_DEFINE_INTERFACE (PwProvider, pw_provider, G_TYPE_OBJECT)

static void
pw_provider_default_init (PwProviderInterface *iface)
{
  iface->generate_async = http_generate_async;
  iface->generate_finish = http_generate_finish;
  iface->list_models_async = http_list_models_async;
  iface->list_models_finish = http_list_models_finish;
}

PwProviderKind
pw_provider_get_kind (PwProvider *self)
{
  g_return_val_if_fail (PW_IS_PROVIDER (self), PW_PROVIDER_KIND_OFFLINE);
  return PW_PROVIDER_GET_IFACE (self)->get_kind (self);
}

/**
 * pw_provider_get_options:
 *
 * Returns: (transfer none): the options the provider was built with
 */
const PwProviderOptions *
pw_provider_get_options (PwProvider *self)
{
  g_return_val_if_fail (PW_IS_PROVIDER (self), NULL);
  return PW_PROVIDER_GET_IFACE (self)->get_options (self);
}

/**
 * pw_provider_display_name:
 *
 * Returns: the profile name, or the kind when the profile has none
 */
const char *
pw_provider_display_name (PwProvider *self)
{
  const PwProviderOptions *options = pw_provider_get_options (self);

  if (options->profile_name != NULL && *options->profile_name != '\0')
    return options->profile_name;
  return pw_provider_kind_to_string (pw_provider_get_kind (self));
}

/**
 * pw_provider_new:
 * @kind: the wire protocol
 * @options: (nullable): the options, or %NULL for the defaults
 *
 * Returns: (transfer full): a provider of @kind
 */
PwProvider *
pw_provider_new (PwProviderKind           kind,
                 const PwProviderOptions *options)
{
  g_autoptr(PwProviderOptions) defaults = NULL;

  if (options == NULL)
    options = defaults = pw_provider_options_new ();

  switch (kind)
    {
    case PW_PROVIDER_KIND_OPENAI:
      return pw_provider_openai_new (options);
    case PW_PROVIDER_KIND_ANTHROPIC:
      return pw_provider_anthropic_new (options);
    case PW_PROVIDER_KIND_OLLAMA:
      return pw_provider_ollama_new (options);
    case PW_PROVIDER_KIND_OFFLINE:
    default:
      return pw_provider_offline_new (options);
    }
}

/**
 * pw_provider_generate_async:
 * @self: a #PwProvider
 * @generation: the generation to run; it is reset first
 * @cancellable: (nullable): cancels the request; the partial text stays
 * @callback: called when the generation has finished, however it ended
 * @user_data: data for @callback
 *
 * Sends @generation's prompt and streams the answer into it.  Watch
 * @generation's signals and properties for progress.
 */
void
pw_provider_generate_async (PwProvider          *self,
                            PwGeneration        *generation,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PW_IS_PROVIDER (self));
  g_return_if_fail (PW_IS_GENERATION (generation));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  PW_PROVIDER_GET_IFACE (self)->generate_async (self, generation, cancellable, callback, user_data);
}

/**
 * pw_provider_generate_finish:
 *
 * Returns: %TRUE if the answer completed; otherwise %FALSE with @error set
 *   (the generation keeps the partial text and says how it ended)
 */
gboolean
pw_provider_generate_finish (PwProvider    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (PW_IS_PROVIDER (self), FALSE);

  return PW_PROVIDER_GET_IFACE (self)->generate_finish (self, result, error);
}

/**
 * pw_provider_list_models_async:
 *
 * Lists the model identifiers the server offers, following pages.
 */
void
pw_provider_list_models_async (PwProvider          *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PW_IS_PROVIDER (self));

  PW_PROVIDER_GET_IFACE (self)->list_models_async (self, cancellable, callback, user_data);
}

/**
 * pw_provider_list_models_finish:
 *
 * Returns: (transfer full): the model identifiers, or %NULL on error
 */
GStrv
pw_provider_list_models_finish (PwProvider    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (PW_IS_PROVIDER (self), NULL);

  return PW_PROVIDER_GET_IFACE (self)->list_models_finish (self, result, error);
}

/* ------------------------------------------------------------------ */
/* Helpers for implementations                                         */
/* ------------------------------------------------------------------ */

/**
 * pw_provider_build_url:
 * @default_base: the base URL used when the options name none
 * @path: the path below the base, starting with "/"
 *
 * Returns: (transfer full): the request URL
 */
char *
pw_provider_build_url (PwProvider *self,
                       const char *default_base,
                       const char *path)
{
  const PwProviderOptions *options = pw_provider_get_options (self);
  g_autofree char *base = NULL;
  gsize len;

  base = g_strdup (options->base_url != NULL && *options->base_url != '\0'
                   ? options->base_url : default_base);
  g_strstrip (base);
  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';

  return g_strconcat (base, path, NULL);
}

/**
 * pw_provider_new_json_message:
 * @body: (nullable): the JSON body to send
 *
 * Returns: (transfer full): a message, or %NULL if @url is not valid
 */
SoupMessage *
pw_provider_new_json_message (const char   *method,
                              const char   *url,
                              JsonBuilder  *body,
                              GError      **error)
{
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;

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
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "text/event-stream, application/x-ndjson, application/json");

  if (body != NULL)
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

  return msg;
}

/**
 * pw_provider_parse_json:
 *
 * Returns: (transfer full): the root node of @data, or %NULL with a
 *   %PW_PROVIDER_ERROR_PROTOCOL error
 */
JsonNode *
pw_provider_parse_json (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root = NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The server sent malformed JSON: %s"),
                   local_error != NULL ? local_error->message : _("empty document"));
      return NULL;
    }

  return json_node_ref (root);
}

/**
 * pw_provider_parse_chunk:
 * @parser: a parser kept for the whole stream
 *
 * Like pw_provider_parse_json() for the many small documents of a stream.
 * One mutable parser is reused: an immutable one seals every node, which
 * hashes every string of every chunk, and that dominated the cost of
 * receiving a long answer.
 *
 * Returns: (transfer full): the root node of @data, or %NULL with a
 *   %PW_PROVIDER_ERROR_PROTOCOL error
 */
JsonNode *
pw_provider_parse_chunk (JsonParser  *parser,
                         const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root = NULL;

  g_return_val_if_fail (JSON_IS_PARSER (parser), NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The server sent malformed JSON: %s"),
                   local_error != NULL ? local_error->message : _("empty document"));
      return NULL;
    }

  return json_node_ref (root);
}

static SoupSession *
get_session (PwProvider *self)
{
  static GQuark quark;
  SoupSession *session;

  if (quark == 0)
    quark = g_quark_from_static_string ("pw-provider-session");

  /* One session per provider keeps connections pooled across requests.
   * TLS is always verified: nothing here touches certificate checks. */
  session = g_object_get_qdata (G_OBJECT (self), quark);
  if (session == NULL)
    {
      session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                               NULL);
      g_object_set_qdata_full (G_OBJECT (self), quark, session, g_object_unref);
    }

  return session;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  char *bracket;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_suffix (host, ".localhost"))
    return TRUE;

  bare = g_strdup (host[0] == '[' ? host + 1 : host);
  bracket = strchr (bare, ']');
  if (bracket != NULL)
    *bracket = '\0';
  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* A key must not travel in clear text to another machine unless the
 * profile explicitly allows it. */
static gboolean
check_transport (PwProvider   *self,
                 SoupMessage  *msg,
                 GError      **error)
{
  const PwProviderOptions *options = pw_provider_get_options (self);
  GUri *uri = soup_message_get_uri (msg);

  if (options->api_key == NULL || *options->api_key == '\0' || options->allow_insecure)
    return TRUE;
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 || host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INSECURE,
               _("Profile “%s” would send its API key over plain HTTP to %s; use https or allow "
                 "plain HTTP in the profile"),
               pw_provider_display_name (self), g_uri_get_host (uri));
  return FALSE;
}

static char *
redact (PwProvider *self,
        const char *text)
{
  const PwProviderOptions *options = pw_provider_get_options (self);
  g_autoptr(GString) string = g_string_new (text);

  if (options->api_key != NULL && strlen (options->api_key) >= 4)
    g_string_replace (string, options->api_key, "[redacted]", 0);

  /* Server messages can be long; one sentence is enough for the user. */
  if (string->len > 300)
    {
      const char *cut = g_utf8_find_prev_char (string->str, string->str + 300);

      g_string_truncate (string, cut != NULL ? (gsize) (cut - string->str) : 0);
      g_string_append (string, "…");
    }

  return g_string_free (g_steal_pointer (&string), FALSE);
}

typedef struct
{
  char     *message;
  gboolean  quota;
} ErrorBody;

static void
scan_error_body (const char *data,
                 gsize       length,
                 ErrorBody  *out)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *error_object;

  out->message = NULL;
  out->quota = FALSE;

  if (length == 0)
    return;

  /* Codes that mean billing, not load: retrying cannot help. */
  if (g_strstr_len (data, length, "insufficient_quota") != NULL ||
      g_strstr_len (data, length, "enforced_spend_limit_reached") != NULL ||
      g_strstr_len (data, length, "billing_hard_limit_reached") != NULL)
    out->quota = TRUE;

  root = pw_provider_parse_json (data, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  error_object = pw_json_get_object (object, "error");
  if (pw_json_get_string (object, "error") != NULL)
    out->message = g_strdup (pw_json_get_string (object, "error"));
  else if (pw_json_get_string (error_object, "message") != NULL)
    out->message = g_strdup (pw_json_get_string (error_object, "message"));
  else if (pw_json_get_string (object, "message") != NULL)
    out->message = g_strdup (pw_json_get_string (object, "message"));
}

static char *
get_mime_type (SoupMessage *msg)
{
  const char *content_type;

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                        NULL);
  return g_ascii_strdown (content_type != NULL ? content_type : "", -1);
}

/* Classifies a non-2xx response.  Returns the error and whether another
 * attempt may help. */
static GError *
classify_status (PwProvider  *self,
                 SoupMessage *msg,
                 const char  *body,
                 gsize        body_len,
                 guint        attempts,
                 gboolean    *retryable)
{
  guint status = soup_message_get_status (msg);
  const char *name = pw_provider_display_name (self);
  const char *phrase = soup_status_get_phrase (status);
  g_autofree char *mime = get_mime_type (msg);
  g_autofree char *detail = NULL;
  ErrorBody parsed = { NULL, FALSE };
  GError *error;

  *retryable = FALSE;

  /* A proxy's HTML error page is not the provider speaking: say what came
   * back and do not try to read it. */
  if (g_str_has_prefix (mime, "text/html"))
    {
      *retryable = status >= 500;
      return g_error_new (PW_PROVIDER_ERROR,
                          status >= 500 ? PW_PROVIDER_ERROR_SERVER : PW_PROVIDER_ERROR_PROTOCOL,
                          _("unexpected response (HTTP %u, %s)"), status, "text/html");
    }

  scan_error_body (body, body_len, &parsed);
  detail = redact (self, parsed.message != NULL ? parsed.message : phrase != NULL ? phrase : "");
  g_free (parsed.message);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      /* The server's text may quote part of the key, so it stays out. */
      error = g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH,
                           _("The server rejected the API key of profile “%s” (HTTP %u)"),
                           name, status);
    }
  else if (status == STATUS_TOO_MANY_REQUESTS && parsed.quota)
    {
      error = g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_QUOTA,
                           _("Profile “%s” is out of quota or reached its spend limit: %s"),
                           name, detail);
    }
  else if (status == STATUS_TOO_MANY_REQUESTS)
    {
      *retryable = TRUE;
      error = g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_RATE_LIMITED,
                           _("The server of profile “%s” is rate limiting requests (still after %u "
                             "attempts); try again later: %s"),
                           name, attempts, detail);
    }
  else if (status >= 500)
    {
      *retryable = (status == 500 || status == 502 || status == 503 || status == 504 ||
                    status == 529);
      error = g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER,
                           _("The server of profile “%s” failed (HTTP %u, %u attempts): %s"),
                           name, status, attempts, detail);
    }
  else
    {
      error = g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CLIENT,
                           _("The server of profile “%s” refused the request (HTTP %u): %s"),
                           name, status, detail);
    }

  return error;
}

/* Retry-After is either delta-seconds or an HTTP date.  Returns
 * milliseconds, or -1 when absent or unreadable. */
static gint64
parse_retry_after (SoupMessage *msg)
{
  const char *value;
  g_autoptr(GDateTime) date = NULL;
  char *end;
  double seconds;

  value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  if (value == NULL)
    return -1;

  seconds = g_ascii_strtod (value, &end);
  if (end != value && *end == '\0' && seconds >= 0 && seconds < 1e9)
    return (gint64) (seconds * 1000);

  date = soup_date_time_new_from_http_string (value);
  if (date != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      return MAX (0, g_date_time_difference (date, now) / 1000);
    }

  return -1;
}

/* ------------------------------------------------------------------ */
/* The HTTP generation driver                                          */
/* ------------------------------------------------------------------ */

typedef struct
{
  PwGeneration     *generation;       /* (owned) */
  SoupMessage      *msg;              /* (owned) (nullable) */
  GInputStream     *stream;           /* (owned) (nullable) */
  PwProviderStream *parse;            /* (owned) (nullable) */
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
  PwProvider *self = g_task_get_source_object (task);

  if (data->parse != NULL)
    {
      PW_PROVIDER_GET_IFACE (self)->stream_free (data->parse);
      data->parse = NULL;
    }

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

/* Ends the generation exactly once, however it ended.  Takes @error. */
static void
finish_generation (GTask  *task,
                   GError *error)
{
  GenerateData *data = g_task_get_task_data (task);
  PwProvider *self = g_task_get_source_object (task);
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

  if (error == NULL)
    end = PW_GENERATION_END_COMPLETE;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    end = PW_GENERATION_END_CANCELLED;
  else if (data->got_head)
    end = PW_GENERATION_END_INCOMPLETE;
  else
    end = PW_GENERATION_END_ERROR;

  g_debug ("generation with %s ended %s after %u attempt(s), %" G_GSIZE_FORMAT " bytes",
           pw_provider_kind_to_string (pw_provider_get_kind (self)),
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
  PwProvider *self = g_task_get_source_object (task);
  guint timeout_ms = pw_provider_get_options (self)->idle_timeout_ms;

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
  PwProvider *self = g_task_get_source_object (task);
  const PwProviderOptions *options = pw_provider_get_options (self);
  guint attempts = pw_generation_get_attempts (data->generation);
  guint delay_ms;

  drop_stream (task);

  if (!retryable || attempts > options->max_retries ||
      pw_generation_get_text_length (data->generation) > 0 ||
      retry_after_ms > (gint64) MAX_RETRY_AFTER_S * options->retry_after_unit_ms)
    {
      finish_generation (task, error);
      return;
    }

  if (retry_after_ms >= 0)
    {
      delay_ms = (guint) retry_after_ms;
    }
  else
    {
      /* Exponential backoff with up to 50 % jitter, so that many clients
       * rejected together do not return together. */
      guint base = options->retry_base_ms << MIN (attempts - 1, 10);

      delay_ms = base + (base > 1 ? (guint) g_random_int_range (0, base / 2 + 1) : 0);
    }

  g_debug ("attempt %u failed (%s), retrying in %u ms", attempts, error->message, delay_ms);
  pw_generation_retrying (data->generation, delay_ms, error->message);
  g_error_free (error);

  /* The timeout holds a reference; user_cancelled_cb() drops it when it
   * removes the timeout. */
  data->retry_id = g_timeout_add (delay_ms, retry_cb, g_object_ref (task));
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenerateData *data = g_task_get_task_data (task);
  PwProvider *self = g_task_get_source_object (task);
  PwProviderInterface *iface = PW_PROVIDER_GET_IFACE (self);
  g_autoptr(GError) error = NULL;
  gboolean ok;
  gssize n;

  g_clear_handle_id (&data->idle_id, g_source_remove);
  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          finish_generation (task, cancelled_or_timeout_error (data));
        }
      else
        {
          GError *network = g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_NETWORK,
                                         _("The connection to the server broke: %s"),
                                         error->message);

          if (data->error_body != NULL)
            retry_or_fail (task, network, TRUE, -1);
          else
            finish_generation (task, network);
        }
      return;
    }

  if (data->error_body != NULL)
    {
      if (n > 0 && data->error_body->len < MAX_ERROR_BODY)
        {
          g_byte_array_append (data->error_body, data->buffer,
                               MIN ((gsize) n, MAX_ERROR_BODY - data->error_body->len));
          read_next (task);
        }
      else
        {
          gboolean retryable;
          GError *status_error;
          gint64 retry_after;

          status_error = classify_status (self, data->msg, (const char *) data->error_body->data,
                                          data->error_body->len,
                                          pw_generation_get_attempts (data->generation),
                                          &retryable);
          /* Tests shrink the unit of Retry-After so that honouring it
           * costs milliseconds rather than seconds. */
          retry_after = parse_retry_after (data->msg);
          if (retry_after > 0)
            retry_after = retry_after * pw_provider_get_options (self)->retry_after_unit_ms / 1000;
          retry_or_fail (task, status_error, retryable, retry_after);
        }
      return;
    }

  if (n == 0)
    {
      gboolean complete = FALSE;

      pw_generation_hold_deltas (data->generation);
      ok = iface->stream_end (self, data->parse, data->generation, &complete, &error);
      pw_generation_release_deltas (data->generation);
      if (!ok)
        finish_generation (task, g_steal_pointer (&error));
      else if (!complete)
        finish_generation (task, g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INCOMPLETE,
                                              _("The answer stopped before its end marker; it "
                                                "is incomplete")));
      else
        finish_generation (task, NULL);
      return;
    }

  pw_generation_hold_deltas (data->generation);
  ok = iface->stream_feed (self, data->parse, data->generation, (const char *) data->buffer, n,
                           &error);
  pw_generation_release_deltas (data->generation);
  if (!ok)
    {
      finish_generation (task, g_steal_pointer (&error));
      return;
    }

  read_next (task);
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
  PwProvider *self = g_task_get_source_object (task);
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
                                    pw_provider_display_name (self), error->message),
                       TRUE, -1);
      return;
    }

  status = soup_message_get_status (data->msg);
  mime = get_mime_type (data->msg);
  g_debug ("%s %s: HTTP %u, %s", soup_message_get_method (data->msg),
           g_uri_get_path (soup_message_get_uri (data->msg)), status, mime);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      /* Read the error body before classifying: it tells quota from load. */
      data->error_body = g_byte_array_new ();
      read_next (task);
      return;
    }

  if (g_str_has_prefix (mime, "text/html"))
    {
      finish_generation (task, g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                                            _("unexpected response (HTTP %u, %s)"),
                                            status, "text/html"));
      return;
    }

  data->got_head = TRUE;
  data->parse = PW_PROVIDER_GET_IFACE (self)->stream_new (self, mime);
  pw_generation_set_state (data->generation, PW_GENERATION_STATE_WAITING);
  read_next (task);
}

static void
start_attempt (GTask *task)
{
  GenerateData *data = g_task_get_task_data (task);
  PwProvider *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (data->user_cancelled)
    {
      finish_generation (task, cancelled_or_timeout_error (data));
      return;
    }

  data->msg = PW_PROVIDER_GET_IFACE (self)->build_message (self, data->generation, &error);
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

  pw_generation_begin (generation, pw_provider_get_options (self)->model);

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

static void
models_page_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListData *data = g_task_get_task_data (task);
  PwProvider *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *next_cursor = NULL;
  g_autofree char *mime = NULL;
  gboolean retryable;
  const char *bytes;
  gsize length;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_NETWORK,
                                 _("Could not reach the server of profile “%s”: %s"),
                                 pw_provider_display_name (self), error->message);
      return;
    }

  bytes = g_bytes_get_data (body, &length);
  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->msg)))
    {
      g_task_return_error (task, classify_status (self, data->msg, bytes, length, 1, &retryable));
      return;
    }

  mime = get_mime_type (data->msg);
  if (g_str_has_prefix (mime, "text/html"))
    {
      g_task_return_new_error (task, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                               _("unexpected response (HTTP %u, %s)"),
                               soup_message_get_status (data->msg), "text/html");
      return;
    }

  if (length > MAX_MODEL_LIST_BODY)
    {
      g_task_return_new_error (task, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                               _("The model list is too large"));
      return;
    }
  root = pw_provider_parse_json (bytes, length, &error);
  if (root == NULL ||
      !PW_PROVIDER_GET_IFACE (self)->parse_models (self, root, data->models, &next_cursor, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_object (&data->msg);
  if (next_cursor != NULL && ++data->pages < 100)
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
  PwProvider *self = g_task_get_source_object (task);
  PwProviderInterface *iface = PW_PROVIDER_GET_IFACE (self);
  GError *error = NULL;

  data->msg = iface->build_models_message != NULL ? iface->build_models_message (self, cursor) : NULL;
  if (data->msg == NULL)
    {
      g_task_return_new_error (task, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG,
                               _("This provider cannot list models"));
      g_object_unref (task);
      return;
    }
  if (!check_transport (self, data->msg, &error))
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
/* Type-checked JSON access: wire data is untrusted                    */
/* ------------------------------------------------------------------ */

/**
 * pw_json_get_string:
 * @object: (nullable): an object
 *
 * Returns: (nullable): the member if it is a string
 */
const char *
pw_json_get_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * pw_json_get_object:
 *
 * Returns: (nullable) (transfer none): the member if it is an object
 */
JsonObject *
pw_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * pw_json_get_array:
 *
 * Returns: (nullable) (transfer none): the member if it is an array
 */
JsonArray *
pw_json_get_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * pw_json_get_int:
 *
 * Returns: the member if it is a non-negative number, else -1
 */
gint64
pw_json_get_int (JsonObject *object,
                 const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return MAX (json_node_get_int (node), -1);
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      return value >= 0 && value < 9e18 ? (gint64) value : -1;
    }
  return -1;
}

gboolean
pw_json_get_bool (JsonObject *object,
                  const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/**
 * pw_provider_stream_error:
 * @type: (nullable): the server's error type, such as "overloaded_error"
 * @message: (nullable): the server's message
 *
 * Builds the error for an error the server reported inside a stream
 * that had started with HTTP 200.
 *
 * Returns: (transfer full): the error
 */
GError *
pw_provider_stream_error (PwProvider *self,
                          const char *type,
                          const char *message)
{
  g_autofree char *detail = redact (self, message != NULL ? message
                                                          : type != NULL ? type : _("unknown error"));
  PwProviderError code = PW_PROVIDER_ERROR_SERVER;

  if (type != NULL && strstr (type, "rate_limit") != NULL)
    code = PW_PROVIDER_ERROR_RATE_LIMITED;
  else if (type != NULL && strstr (type, "invalid_request") != NULL)
    code = PW_PROVIDER_ERROR_CLIENT;
  else if (type != NULL && (strstr (type, "authentication") != NULL ||
                            strstr (type, "permission") != NULL))
    code = PW_PROVIDER_ERROR_AUTH;

  return g_error_new (PW_PROVIDER_ERROR, code,
                      _("The server of profile “%s” reported an error in the middle of the "
                        "answer: %s"),
                      pw_provider_display_name (self), detail);
}
