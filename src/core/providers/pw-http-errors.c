/* pw-http-errors.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-http-errors"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "pw-http-errors.h"
#include "pw-json-utils.h"

#define MAX_RETRY_AFTER_S 120
#define MAX_DETAIL_LENGTH 300

/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

/**
 * pw_http_redact:
 * @text: a message from the server
 * @api_key: (nullable): the key to remove from it
 *
 * Returns: (transfer full): @text without the key, cut to one sentence's
 *   length
 */
char *
pw_http_redact (const char *text,
                const char *api_key)
{
  g_autoptr(GString) string = g_string_new (text);

  if (api_key != NULL && strlen (api_key) >= 4)
    g_string_replace (string, api_key, "[redacted]", 0);

  /* Server messages can be long; one sentence is enough for the user. */
  if (string->len > MAX_DETAIL_LENGTH)
    {
      const char *cut = g_utf8_find_prev_char (string->str, string->str + MAX_DETAIL_LENGTH);

      g_string_truncate (string, cut != NULL ? (gsize) (cut - string->str) : 0);
      g_string_append (string, "…");
    }

  return g_string_free (g_steal_pointer (&string), FALSE);
}

/* Codes that mean billing, not load: retrying cannot help. */
static gboolean
body_says_quota (const char *body,
                 gsize       length)
{
  if (body == NULL || length == 0)
    return FALSE;

  return g_strstr_len (body, length, "insufficient_quota") != NULL ||
         g_strstr_len (body, length, "enforced_spend_limit_reached") != NULL ||
         g_strstr_len (body, length, "billing_hard_limit_reached") != NULL;
}

/* The server's own sentence from an error body, in the shapes that
 * OpenAI, Anthropic and Ollama use: {"error": "…"}, {"error": {"message":
 * "…"}} or {"message": "…"}. */
static char *
body_message (const char *body,
              gsize       length)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  const char *message;

  if (length == 0)
    return NULL;

  root = pw_json_parse (body, length, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  object = json_node_get_object (root);
  message = pw_json_get_string (object, "error");
  if (message == NULL)
    message = pw_json_get_string (pw_json_get_object (object, "error"), "message");
  if (message == NULL)
    message = pw_json_get_string (object, "message");

  return g_strdup (message);
}

static gboolean
status_is_retryable_server_error (guint status)
{
  return status == 500 || status == 502 || status == 503 || status == 504 || status == 529;
}

/* A proxy's HTML error page is not the provider speaking: say what came
 * back and do not try to read it. */
static GError *
html_page_error (guint     status,
                 gboolean *retryable)
{
  *retryable = status >= 500;
  return g_error_new (PW_PROVIDER_ERROR,
                      status >= 500 ? PW_PROVIDER_ERROR_SERVER : PW_PROVIDER_ERROR_PROTOCOL,
                      _("unexpected response (HTTP %u, %s)"), status, "text/html");
}

/**
 * pw_http_classify_failure:
 * @failure: the response
 * @retryable: (out): whether another attempt may help
 *
 * Reads a non-2xx response: 401/403 AUTH (without the server's text, which
 * may quote the key), 429 QUOTA for a billing code in the body or
 * RATE_LIMITED, 5xx SERVER, other 4xx CLIENT.
 *
 * Returns: (transfer full): the error for the user
 */
GError *
pw_http_classify_failure (const PwHttpFailure *failure,
                          gboolean            *retryable)
{
  guint status = failure->status;
  const char *name = failure->profile_name;
  const char *phrase = soup_status_get_phrase (status);
  g_autofree char *message = NULL;
  g_autofree char *detail = NULL;

  *retryable = FALSE;

  if (failure->mime_type != NULL && g_str_has_prefix (failure->mime_type, "text/html"))
    return html_page_error (status, retryable);

  message = body_message (failure->body, failure->body_length);
  detail = pw_http_redact (message != NULL ? message : phrase != NULL ? phrase : "",
                           failure->api_key);

  /* No key was sent: the key is missing, not wrong. */
  if ((status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
      && (failure->api_key == NULL || failure->api_key[0] == '\0'))
    return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH,
                        _("The server of profile “%s” wants an API key, and none was sent "
                          "(HTTP %u): store one in Preferences or set PLANWRIGHT_API_KEY"),
                        name, status);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH,
                        _("The server rejected the API key of profile “%s” (HTTP %u)"),
                        name, status);

  if (status == STATUS_TOO_MANY_REQUESTS && body_says_quota (failure->body, failure->body_length))
    return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_QUOTA,
                        _("Profile “%s” is out of quota or reached its spend limit: %s"),
                        name, detail);

  if (status == STATUS_TOO_MANY_REQUESTS)
    {
      *retryable = TRUE;
      return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_RATE_LIMITED,
                          _("The server of profile “%s” is rate limiting requests (still after %u "
                            "attempts); try again later: %s"),
                          name, failure->attempts, detail);
    }

  if (status >= 500)
    {
      *retryable = status_is_retryable_server_error (status);
      return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER,
                          _("The server of profile “%s” failed (HTTP %u, %u attempts): %s"),
                          name, status, failure->attempts, detail);
    }

  return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CLIENT,
                      _("The server of profile “%s” refused the request (HTTP %u): %s"),
                      name, status, detail);
}

/**
 * pw_http_stream_error:
 * @type: (nullable): the server's error type, such as "overloaded_error"
 * @message: (nullable): the server's message
 *
 * Builds the error for an error the server reported inside a stream
 * that had started with HTTP 200.
 *
 * Returns: (transfer full): the error
 */
GError *
pw_http_stream_error (const char *profile_name,
                      const char *api_key,
                      const char *type,
                      const char *message)
{
  g_autofree char *detail = NULL;
  PwProviderError code = PW_PROVIDER_ERROR_SERVER;

  detail = pw_http_redact (message != NULL ? message : type != NULL ? type : _("unknown error"),
                           api_key);

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
                      profile_name, detail);
}

/**
 * pw_http_parse_retry_after:
 * @value: (nullable): a Retry-After header, delta-seconds or an HTTP date
 *
 * Returns: the wait in milliseconds, or -1 when absent or unreadable
 */
gint64
pw_http_parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) date = NULL;
  char *end;
  double seconds;

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

/**
 * pw_http_retry_delay:
 * @options: the provider's retry options
 * @attempts: attempts made so far, from 1
 * @retry_after_ms: what the server's Retry-After asked for, or -1
 * @delay_ms: (out): how long to wait before the next attempt
 *
 * Decides whether a retryable failure gets another attempt, and when.
 * The server's Retry-After is honoured (in units of
 * @options->retry_after_unit_ms, which tests shrink) unless it is longer
 * than two minutes; otherwise the wait doubles per attempt from
 * @options->retry_base_ms, with up to 50 % jitter so that many clients
 * rejected together do not return together.
 *
 * Returns: %TRUE to try again after *@delay_ms
 */
gboolean
pw_http_retry_delay (const PwProviderOptions *options,
                     guint                    attempts,
                     gint64                   retry_after_ms,
                     guint                   *delay_ms)
{
  guint base;

  if (retry_after_ms > 0)
    retry_after_ms = retry_after_ms * options->retry_after_unit_ms / 1000;

  if (attempts > options->max_retries ||
      retry_after_ms > (gint64) MAX_RETRY_AFTER_S * options->retry_after_unit_ms)
    return FALSE;

  if (retry_after_ms >= 0)
    {
      *delay_ms = (guint) retry_after_ms;
      return TRUE;
    }

  base = options->retry_base_ms << MIN (MAX (attempts, 1) - 1, 10);
  *delay_ms = base + (base > 1 ? (guint) g_random_int_range (0, base / 2 + 1) : 0);
  return TRUE;
}

/**
 * pw_http_host_is_loopback:
 * @host: (nullable): a URL's host, an IPv6 literal possibly in brackets
 *
 * Returns: whether @host is this machine, where a key may travel in
 *   clear text
 */
gboolean
pw_http_host_is_loopback (const char *host)
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
