/* pw-provider-anthropic.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-provider-anthropic"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-generation-private.h"
#include "pw-provider-anthropic.h"
#include "pw-sse-reader.h"

/* The Anthropic Messages API: POST {base}/v1/messages with x-api-key and
 * anthropic-version; the system prompt is a top-level field and
 * max_tokens is required.  The stream uses named events: message_start
 * (input usage), content_block_start, content_block_delta (text_delta
 * carries text), content_block_stop, message_delta (stop_reason and the
 * cumulative output usage), message_stop (the end marker), ping anywhere,
 * and an error event that may follow HTTP 200.  Unknown events are
 * ignored, as Anthropic may add more.
 */

#define DEFAULT_BASE_URL  "https://api.anthropic.com"
#define API_VERSION       "2023-06-01"
#define MAX_WHOLE_BODY    (64 * 1024 * 1024)
#define MODELS_PAGE_LIMIT "1000"

struct _PwProviderAnthropic
{
  GObject            parent_instance;
  PwProviderOptions *options;
};

typedef struct
{
  PwProvider   *provider;
  PwGeneration *generation;
  PwSseReader  *reader;
  GString      *whole;
  GError       *error;
  JsonParser   *parser;
  const char   *json;         /* the event being read, for append_from_json */
  gsize         json_length;
  gboolean      sse;
  gboolean      done;
} AnthropicStream;

static void provider_iface_init (PwProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwProviderAnthropic, pw_provider_anthropic, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PW_TYPE_PROVIDER, provider_iface_init))

static void
read_usage (PwGeneration *generation,
            JsonObject   *usage)
{
  if (usage != NULL)
    pw_generation_set_usage (generation,
                             pw_json_get_int (usage, "input_tokens"),
                             pw_json_get_int (usage, "output_tokens"));
}

static gboolean
read_event (AnthropicStream  *stream,
            const char       *event,
            JsonObject       *object,
            GError          **error)
{
  /* A stream without "event:" lines still names each event in "type". */
  if (g_strcmp0 (event, "message") == 0 && pw_json_get_string (object, "type") != NULL)
    event = pw_json_get_string (object, "type");

  if (g_str_equal (event, "message_start"))
    {
      JsonObject *message = pw_json_get_object (object, "message");
      const char *model = pw_json_get_string (message, "model");

      if (model != NULL)
        pw_generation_set_model (stream->generation, model);
      read_usage (stream->generation, pw_json_get_object (message, "usage"));
    }
  else if (g_str_equal (event, "content_block_delta"))
    {
      JsonObject *delta = pw_json_get_object (object, "delta");

      /* Only text: tool input and thinking deltas are not plan text. */
      if (g_strcmp0 (pw_json_get_string (delta, "type"), "text_delta") == 0)
        {
          const char *text = pw_json_get_string (delta, "text");

          if (text != NULL)
            pw_generation_append_from_json (stream->generation, text, strlen (text),
                                            stream->json, stream->json_length);
        }
    }
  else if (g_str_equal (event, "message_delta"))
    {
      JsonObject *delta = pw_json_get_object (object, "delta");
      const char *stop_reason = pw_json_get_string (delta, "stop_reason");

      if (stop_reason != NULL)
        pw_generation_set_finish_reason (stream->generation, stop_reason);
      read_usage (stream->generation, pw_json_get_object (object, "usage"));
    }
  else if (g_str_equal (event, "message_stop"))
    {
      stream->done = TRUE;
    }
  else if (g_str_equal (event, "error"))
    {
      JsonObject *error_object = pw_json_get_object (object, "error");

      g_propagate_error (error,
                         pw_provider_stream_error (stream->provider,
                                                   pw_json_get_string (error_object, "type"),
                                                   pw_json_get_string (error_object, "message")));
      return FALSE;
    }

  /* ping, content_block_start/stop and events added later: nothing to do. */
  return TRUE;
}

static gboolean
event_cb (const char *event,
          const char *data,
          gsize       length,
          const char *id,
          gpointer    user_data)
{
  AnthropicStream *stream = user_data;
  g_autoptr(JsonNode) root = NULL;
  gboolean ok;

  /* Pings carry data too, but nothing needs it. */
  if (g_str_equal (event, "ping"))
    return TRUE;

  root = pw_provider_parse_chunk (stream->parser, data, length, &stream->error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (&stream->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The server sent an event that is not a JSON object"));
      return FALSE;
    }

  stream->json = data;
  stream->json_length = length;
  ok = read_event (stream, event, json_node_get_object (root), &stream->error);
  stream->json = NULL;
  stream->json_length = 0;
  if (!ok)
    return FALSE;

  return !stream->done;
}

static void
add_auth_headers (PwProviderAnthropic *self,
                  SoupMessage         *msg)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (self->options->api_key != NULL && *self->options->api_key != '\0')
    soup_message_headers_replace (headers, "x-api-key", self->options->api_key);
  soup_message_headers_replace (headers, "anthropic-version", API_VERSION);
}

static SoupMessage *
anthropic_build_message (PwProvider    *provider,
                         PwGeneration  *generation,
                         GError       **error)
{
  PwProviderAnthropic *self = PW_PROVIDER_ANTHROPIC (provider);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *url = NULL;
  const char *system_prompt = pw_generation_get_system_prompt (generation);
  SoupMessage *msg;

  if (self->options->model == NULL || *self->options->model == '\0')
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG,
                   _("Profile “%s” names no model"), pw_provider_display_name (provider));
      return NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->options->model);
  json_builder_set_member_name (builder, "max_tokens");
  json_builder_add_int_value (builder, self->options->max_tokens > 0 ? self->options->max_tokens
                                                                     : 8192);
  if (system_prompt != NULL && *system_prompt != '\0')
    {
      json_builder_set_member_name (builder, "system");
      json_builder_add_string_value (builder, system_prompt);
    }
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "user");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, pw_generation_get_user_prompt (generation));
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  if (self->options->temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, MIN (self->options->temperature, 1.0));
    }
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  url = pw_provider_build_url (provider, DEFAULT_BASE_URL, "/v1/messages");
  msg = pw_provider_new_json_message ("POST", url, builder, error);
  if (msg != NULL)
    add_auth_headers (self, msg);

  return msg;
}

static PwProviderStream *
anthropic_stream_new (PwProvider *provider,
                      const char *content_type)
{
  AnthropicStream *stream = g_new0 (AnthropicStream, 1);

  stream->provider = provider;
  stream->parser = json_parser_new ();
  stream->reader = pw_sse_reader_new (0);
  stream->whole = g_string_new (NULL);
  stream->sse = !g_str_has_prefix (content_type, "application/json");

  return (PwProviderStream *) stream;
}

static void
anthropic_stream_free (PwProviderStream *pstream)
{
  AnthropicStream *stream = (AnthropicStream *) pstream;

  pw_sse_reader_free (stream->reader);
  g_string_free (stream->whole, TRUE);
  g_clear_object (&stream->parser);
  g_clear_error (&stream->error);
  g_free (stream);
}

static gboolean
anthropic_stream_feed (PwProvider        *provider,
                       PwProviderStream  *pstream,
                       PwGeneration      *generation,
                       const char        *data,
                       gsize              length,
                       GError           **error)
{
  AnthropicStream *stream = (AnthropicStream *) pstream;

  stream->generation = generation;

  if (!stream->sse)
    {
      if (stream->whole->len + length > MAX_WHOLE_BODY)
        {
          g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                       _("The server’s answer is too large"));
          return FALSE;
        }
      g_string_append_len (stream->whole, data, length);
      return TRUE;
    }

  if (!pw_sse_reader_feed (stream->reader, data, length, event_cb, stream, error))
    {
      g_prefix_error_literal (error, _("The server sent a malformed event stream: "));
      return FALSE;
    }
  if (stream->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stream->error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
anthropic_stream_end (PwProvider        *provider,
                      PwProviderStream  *pstream,
                      PwGeneration      *generation,
                      gboolean          *complete,
                      GError           **error)
{
  AnthropicStream *stream = (AnthropicStream *) pstream;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonArray *content;

  stream->generation = generation;

  if (stream->sse)
    {
      *complete = stream->done;
      return TRUE;
    }

  /* A whole message: content blocks, stop_reason, usage. */
  root = pw_provider_parse_json (stream->whole->str, stream->whole->len, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The server’s answer is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);
  if (g_strcmp0 (pw_json_get_string (object, "type"), "error") == 0)
    return read_event (stream, "error", object, error);

  content = pw_json_get_array (object, "content");
  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonNode *node = json_array_get_element (content, i);
      JsonObject *block = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *text = pw_json_get_string (block, "text");

      if (g_strcmp0 (pw_json_get_string (block, "type"), "text") == 0 && text != NULL)
        pw_generation_append (generation, text, strlen (text));
    }
  if (pw_json_get_string (object, "stop_reason") != NULL)
    pw_generation_set_finish_reason (generation, pw_json_get_string (object, "stop_reason"));
  if (pw_json_get_string (object, "model") != NULL)
    pw_generation_set_model (generation, pw_json_get_string (object, "model"));
  read_usage (generation, pw_json_get_object (object, "usage"));

  *complete = TRUE;
  return TRUE;
}

static SoupMessage *
anthropic_build_models_message (PwProvider *provider,
                                const char *cursor)
{
  PwProviderAnthropic *self = PW_PROVIDER_ANTHROPIC (provider);
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  SoupMessage *msg;

  if (cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);

      path = g_strconcat ("/v1/models?limit=" MODELS_PAGE_LIMIT "&after_id=", escaped, NULL);
    }
  else
    path = g_strdup ("/v1/models?limit=" MODELS_PAGE_LIMIT);

  url = pw_provider_build_url (provider, DEFAULT_BASE_URL, path);
  msg = pw_provider_new_json_message ("GET", url, NULL, NULL);
  if (msg != NULL)
    add_auth_headers (self, msg);

  return msg;
}

static gboolean
anthropic_parse_models (PwProvider  *provider,
                        JsonNode    *root,
                        GPtrArray   *models,
                        char       **next_cursor,
                        GError     **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *data = pw_json_get_array (object, "data");
  const char *last_id = pw_json_get_string (object, "last_id");

  if (data == NULL)
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The model list has no “data” array"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      const char *id = JSON_NODE_HOLDS_OBJECT (node)
                       ? pw_json_get_string (json_node_get_object (node), "id") : NULL;

      if (id != NULL)
        g_ptr_array_add (models, g_strdup (id));
    }

  if (pw_json_get_bool (object, "has_more") && last_id != NULL && json_array_get_length (data) > 0)
    *next_cursor = g_strdup (last_id);

  return TRUE;
}

static PwProviderKind
anthropic_get_kind (PwProvider *provider)
{
  return PW_PROVIDER_KIND_ANTHROPIC;
}

static const PwProviderOptions *
anthropic_get_options (PwProvider *provider)
{
  return PW_PROVIDER_ANTHROPIC (provider)->options;
}

static void
provider_iface_init (PwProviderInterface *iface)
{
  iface->get_kind = anthropic_get_kind;
  iface->get_options = anthropic_get_options;
  iface->build_message = anthropic_build_message;
  iface->stream_new = anthropic_stream_new;
  iface->stream_feed = anthropic_stream_feed;
  iface->stream_end = anthropic_stream_end;
  iface->stream_free = anthropic_stream_free;
  iface->build_models_message = anthropic_build_models_message;
  iface->parse_models = anthropic_parse_models;
}

static void
pw_provider_anthropic_finalize (GObject *object)
{
  PwProviderAnthropic *self = PW_PROVIDER_ANTHROPIC (object);

  g_clear_pointer (&self->options, pw_provider_options_free);

  G_OBJECT_CLASS (pw_provider_anthropic_parent_class)->finalize (object);
}

static void
pw_provider_anthropic_class_init (PwProviderAnthropicClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_provider_anthropic_finalize;
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
  PwProviderAnthropic *self;

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (PW_TYPE_PROVIDER_ANTHROPIC, NULL);
  self->options = pw_provider_options_copy (options);

  return PW_PROVIDER (self);
}
