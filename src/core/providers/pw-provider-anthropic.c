/* pw-provider-anthropic.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-provider-anthropic"

#include "config.h"

#include <string.h>

#include "pw-generation-private.h"
#include "pw-json-utils.h"
#include "pw-provider-anthropic.h"

/* The Anthropic Messages API: POST {base}/v1/messages with x-api-key and
 * anthropic-version; the system prompt is a top-level field and
 * max_tokens is required.  The stream uses named events: message_start
 * (input usage), content_block_start, content_block_delta (text_delta
 * carries text), content_block_stop, message_delta (stop_reason and the
 * cumulative output usage), message_stop (the end marker), ping anywhere,
 * and an error event that may follow HTTP 200.  Unknown events are
 * ignored, as Anthropic may add more.
 */

#define API_VERSION       "2023-06-01"
#define MODELS_PAGE_LIMIT "1000"

struct _PwProviderAnthropic
{
  PwHttpProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (PwProviderAnthropic, pw_provider_anthropic, PW_TYPE_HTTP_PROVIDER)

static void
read_usage (PwGeneration *generation,
            JsonObject   *usage)
{
  if (usage != NULL)
    pw_generation_set_usage (generation,
                             pw_json_get_int (usage, "input_tokens"),
                             pw_json_get_int (usage, "output_tokens"));
}

static GError *
read_error (PwHttpProvider *provider,
            JsonObject     *object)
{
  JsonObject *error_object = pw_json_get_object (object, "error");

  return pw_http_provider_stream_error (provider, pw_json_get_string (error_object, "type"),
                                        pw_json_get_string (error_object, "message"));
}

/* A whole message, from a server that ignored "stream": content blocks,
 * stop_reason, model and usage. */
static gboolean
read_message (PwHttpProvider  *provider,
              PwHttpEvent     *event,
              GError         **error)
{
  JsonObject *object = event->object;
  JsonArray *content = pw_json_get_array (object, "content");

  if (g_strcmp0 (pw_json_get_string (object, "type"), "error") == 0)
    {
      g_propagate_error (error, read_error (provider, object));
      return FALSE;
    }

  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonObject *block = pw_json_array_get_object (content, i);
      const char *text = pw_json_get_string (block, "text");

      if (g_strcmp0 (pw_json_get_string (block, "type"), "text") == 0 && text != NULL)
        pw_generation_append (event->generation, text, strlen (text));
    }
  if (pw_json_get_string (object, "stop_reason") != NULL)
    pw_generation_set_finish_reason (event->generation, pw_json_get_string (object, "stop_reason"));
  if (pw_json_get_string (object, "model") != NULL)
    pw_generation_set_model (event->generation, pw_json_get_string (object, "model"));
  read_usage (event->generation, pw_json_get_object (object, "usage"));

  return TRUE;
}

/* A refusal may explain itself in stop_details. */
static void
read_refusal (PwGeneration *generation,
              JsonObject   *delta)
{
  const char *explanation = pw_json_get_string (pw_json_get_object (delta, "stop_details"),
                                                "explanation");

  if (g_strcmp0 (pw_json_get_string (delta, "stop_reason"), "refusal") == 0 && explanation != NULL)
    pw_generation_append_refusal (generation, explanation, strlen (explanation));
}

static void
read_text_delta (PwHttpEvent *event)
{
  JsonObject *delta = pw_json_get_object (event->object, "delta");
  const char *text = pw_json_get_string (delta, "text");

  /* Only text: tool input and thinking deltas are not plan text. */
  if (g_strcmp0 (pw_json_get_string (delta, "type"), "text_delta") == 0 && text != NULL)
    pw_generation_append_from_json (event->generation, text, strlen (text),
                                    event->json, event->json_length);
}

static gboolean
anthropic_read_event (PwHttpProvider  *provider,
                      PwHttpEvent     *event,
                      GError         **error)
{
  JsonObject *object = event->object;
  const char *name = event->name;

  if (event->whole)
    return read_message (provider, event, error);

  /* A stream without "event:" lines still names each event in "type". */
  if (g_strcmp0 (name, "message") == 0 && pw_json_get_string (object, "type") != NULL)
    name = pw_json_get_string (object, "type");

  if (g_str_equal (name, "message_start"))
    {
      JsonObject *message = pw_json_get_object (object, "message");

      if (pw_json_get_string (message, "model") != NULL)
        pw_generation_set_model (event->generation, pw_json_get_string (message, "model"));
      read_usage (event->generation, pw_json_get_object (message, "usage"));
    }
  else if (g_str_equal (name, "content_block_delta"))
    {
      read_text_delta (event);
    }
  else if (g_str_equal (name, "message_delta"))
    {
      const char *stop_reason = pw_json_get_string (pw_json_get_object (object, "delta"),
                                                    "stop_reason");

      if (stop_reason != NULL)
        pw_generation_set_finish_reason (event->generation, stop_reason);
      read_refusal (event->generation, pw_json_get_object (object, "delta"));
      read_usage (event->generation, pw_json_get_object (object, "usage"));
    }
  else if (g_str_equal (name, "message_stop"))
    {
      event->done = TRUE;
    }
  else if (g_str_equal (name, "error"))
    {
      g_propagate_error (error, read_error (provider, object));
      return FALSE;
    }

  /* content_block_start/stop and events added later: nothing to do. */
  return TRUE;
}

static void
anthropic_add_headers (PwHttpProvider     *provider,
                       SoupMessageHeaders *headers)
{
  const PwProviderOptions *options = pw_http_provider_get_options (provider);

  if (options->api_key != NULL && *options->api_key != '\0')
    soup_message_headers_replace (headers, "x-api-key", options->api_key);
  soup_message_headers_replace (headers, "anthropic-version", API_VERSION);
}

static void
anthropic_build_body (PwHttpProvider *provider,
                      PwGeneration   *generation,
                      JsonBuilder    *builder)
{
  const PwProviderOptions *options = pw_http_provider_get_options (provider);
  const char *system_prompt = pw_generation_get_system_prompt (generation);

  json_builder_set_member_name (builder, "max_tokens");
  json_builder_add_int_value (builder, options->max_tokens > 0 ? options->max_tokens : 8192);
  if (system_prompt != NULL && *system_prompt != '\0')
    {
      json_builder_set_member_name (builder, "system");
      json_builder_add_string_value (builder, system_prompt);
    }
  pw_http_add_generation_messages (builder, generation, FALSE);
  if (options->temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, MIN (options->temperature, 1.0));
    }
}

static char *
anthropic_models_path (PwHttpProvider *provider,
                       const char     *cursor)
{
  g_autofree char *escaped = NULL;

  if (cursor == NULL)
    return g_strdup ("/v1/models?limit=" MODELS_PAGE_LIMIT);

  escaped = g_uri_escape_string (cursor, NULL, FALSE);
  return g_strconcat ("/v1/models?limit=" MODELS_PAGE_LIMIT "&after_id=", escaped, NULL);
}

/* The list is paged: has_more and last_id name the next page. */
static gboolean
anthropic_read_models (PwHttpProvider  *provider,
                       JsonObject      *object,
                       GPtrArray       *models,
                       char           **next_cursor,
                       GError         **error)
{
  PwHttpProviderClass *parent_class = PW_HTTP_PROVIDER_CLASS (pw_provider_anthropic_parent_class);
  const char *last_id = pw_json_get_string (object, "last_id");

  if (!parent_class->read_models (provider, object, models, next_cursor, error))
    return FALSE;

  if (pw_json_get_bool (object, "has_more") && last_id != NULL &&
      json_array_get_length (pw_json_get_array (object, "data")) > 0)
    *next_cursor = g_strdup (last_id);

  return TRUE;
}

static void
pw_provider_anthropic_class_init (PwProviderAnthropicClass *klass)
{
  PwHttpProviderClass *http_class = PW_HTTP_PROVIDER_CLASS (klass);

  http_class->kind = PW_PROVIDER_KIND_ANTHROPIC;
  http_class->default_base_url = "https://api.anthropic.com";
  http_class->chat_path = "/v1/messages";
  http_class->framing = PW_HTTP_FRAMING_SSE;
  http_class->add_headers = anthropic_add_headers;
  http_class->build_body = anthropic_build_body;
  http_class->read_event = anthropic_read_event;
  http_class->models_path = anthropic_models_path;
  http_class->read_models = anthropic_read_models;
}

static void
pw_provider_anthropic_init (PwProviderAnthropic *self)
{
}

/**
 * pw_provider_anthropic_new:
 * @options: the options; base_url defaults to https://api.anthropic.com
 *
 * Returns: (transfer full): a provider for the Anthropic Messages API
 */
PwProvider *
pw_provider_anthropic_new (const PwProviderOptions *options)
{
  g_return_val_if_fail (options != NULL, NULL);

  return g_object_new (PW_TYPE_PROVIDER_ANTHROPIC, "options", options, NULL);
}
