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

#include "pw-generation-private.h"
#include "pw-http-errors.h"
#include "pw-json-utils.h"

#define MAX_RETRY_AFTER_S 120
#define MAX_DETAIL_LENGTH 300

/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

/* A redacted key may come back cut short: its first characters, then a
 * mask ("sk-proj-abcd…", "sk-ant-api03-***", OpenAI's
 * "sk-proj-****…wxyz").  At least this many leading characters count. */
#define MIN_ECHO_PREFIX 8

static gboolean
is_mask_at (const char *p)
{
  return *p == '*' || *p == '.' || g_str_has_prefix (p, "…");
}

/* The end of an echo of @key that starts at @p with @prefix characters of
 * it: the mask after them, and a tail of the key after the mask. */
static const char *
echo_end (const char *p,
          gsize       prefix,
          const char *key,
          gsize       key_len)
{
  const char *q = p + prefix;
  const char *tail;

  if (!is_mask_at (q))
    return prefix >= 2 * MIN_ECHO_PREFIX ? q : NULL;

  while (is_mask_at (q))
    q = g_utf8_next_char (q);
  tail = q;
  while (g_ascii_isalnum (*q) || *q == '-' || *q == '_')
    q++;
  /* Keep a following word unless it is the key's own end. */
  if (q > tail && ((gsize) (q - tail) > key_len ||
                   memcmp (key + key_len - (q - tail), tail, q - tail) != 0))
    q = tail;

  return q;
}

static void
redact_echoes (GString    *string,
               const char *key)
{
  gsize key_len = strlen (key);
  gsize i = 0;

  if (key_len < MIN_ECHO_PREFIX + 4)
    return;

  while (i < string->len)
    {
      const char *p = string->str + i;
      const char *end;
      gsize prefix = 0;

      while (prefix < key_len && p[prefix] == key[prefix])
        prefix++;
      end = prefix >= MIN_ECHO_PREFIX ? echo_end (p, prefix, key, key_len) : NULL;
      if (end == NULL)
        {
          i++;
          continue;
        }
      g_string_erase (string, i, end - p);
      g_string_insert (string, i, "[redacted]");
      i += strlen ("[redacted]");
    }
}

/* The base64 of the key, as a Basic credential or a token may carry it:
 * for each of the three alignments, the characters that only the key's
 * bytes decide, in the standard and the URL-safe alphabet. */
static void
redact_base64 (GString    *string,
               const char *key)
{
  gsize key_len = strlen (key);

  for (guint align = 0; align < 3; align++)
    {
      g_autofree guchar *raw = g_malloc0 (align + key_len);
      g_autofree char *encoded = NULL;
      gsize first = align > 0 ? 1 : 0;
      gsize last = (align + key_len) / 3;   /* groups up to here are whole */
      char *stable;

      if (last < first + 4)
        continue;
      memcpy (raw + align, key, key_len);
      encoded = g_base64_encode (raw, align + key_len);
      encoded[4 * last] = '\0';
      stable = encoded + 4 * first;
      g_string_replace (string, stable, "[redacted]", 0);
      g_strdelimit (stable, "+", '-');
      g_strdelimit (stable, "/", '_');
      g_string_replace (string, stable, "[redacted]", 0);
    }
}

/**
 * pw_http_redact:
 * @text: a message from the server
 * @api_key: (nullable): the key to remove from it
 *
 * Removes the key, an echo of it cut short behind a mask, and its base64.
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
    {
      g_string_replace (string, api_key, "[redacted]", 0);
      redact_echoes (string, api_key);
      redact_base64 (string, api_key);
    }

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

  /* RESOURCE_EXHAUSTED is Gemini's status for a spent quota. */
  return g_strstr_len (body, length, "insufficient_quota") != NULL ||
         g_strstr_len (body, length, "enforced_spend_limit_reached") != NULL ||
         g_strstr_len (body, length, "billing_hard_limit_reached") != NULL ||
         g_strstr_len (body, length, "RESOURCE_EXHAUSTED") != NULL;
}

/* The server's own sentence from an error body, in the shapes that
 * OpenAI, Anthropic and Ollama use: {"error": "…"}, {"error": {"message":
 * "…"}} or {"message": "…"}, or the first of an array of them (Gemini's
 * OpenAI-compatible endpoint answers [{"error": {…}}]). */
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
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    object = pw_json_array_get_object (json_node_get_array (root), 0);
  else if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  else
    return NULL;

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
 * Reads a non-2xx response: 401/403 AUTH (with the server's reason, such
 * as a region block, redacted), 429 QUOTA for a billing code in the body or
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
                        _("The server rejected the API key of profile “%s” (HTTP %u): %s"),
                        name, status, detail);

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

static gboolean
reason_is_one_of (const char         *reason,
                  const char * const *reasons)
{
  return reason != NULL && g_strv_contains (reasons, reason);
}

/**
 * pw_http_classify_end:
 * @generation: a generation whose stream reached its end marker
 * @api_key: (nullable): the key to keep out of messages
 *
 * Says how an answer that arrived whole actually ended, from what the
 * server said: a refusal (OpenAI's refusal text, stop reasons "refusal"
 * and "content_filter"), the output token limit ("length", "max_tokens"),
 * or no text at all (a 200 without choices or content is a malformed
 * answer).
 *
 * Returns: (transfer full) (nullable): %NULL when the answer is complete,
 *   otherwise a %PW_PROVIDER_ERROR_REFUSED, %PW_PROVIDER_ERROR_TRUNCATED
 *   or %PW_PROVIDER_ERROR_PROTOCOL error
 */
GError *
pw_http_classify_end (PwGeneration *generation,
                      const char   *api_key)
{
  static const char * const refused[] = { "refusal", "content_filter", NULL };
  static const char * const truncated[] = { "length", "max_tokens", "model_length", NULL };
  const char *reason = pw_generation_get_finish_reason (generation);
  const char *refusal = pw_generation_get_refusal (generation);

  if (*refusal != '\0')
    {
      g_autofree char *detail = pw_http_redact (refusal, api_key);

      return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_REFUSED,
                          _("The model refused to write the plan: %s"), detail);
    }
  if (reason_is_one_of (reason, refused))
    return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_REFUSED,
                        _("The model refused to write the plan (stop reason “%s”)"), reason);
  if (reason_is_one_of (reason, truncated))
    return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TRUNCATED,
                        _("The answer stopped at the model’s output token limit; the plan is "
                          "incomplete"));
  if (!pw_generation_has_new_text (generation))
    return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                        _("The server’s answer has no text"));

  return NULL;
}

/**
 * pw_http_redirect_error:
 * @status: the 3xx status
 * @location: (nullable): the Location header
 *
 * Planwright does not follow redirects: the key is bound to the origin
 * the profile names, and a POST must not become a GET.
 *
 * Returns: (transfer full): the error for the user
 */
GError *
pw_http_redirect_error (const char *profile_name,
                        const char *api_key,
                        guint       status,
                        const char *location)
{
  g_autofree char *target = pw_http_redact (location != NULL ? location : "?", api_key);

  return g_error_new (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_REDIRECTED,
                      _("The server of profile “%s” redirected the request (HTTP %u) to %s; "
                        "the key is only sent to the configured server, so change the base URL "
                        "if the server moved"),
                      profile_name, status, target);
}
