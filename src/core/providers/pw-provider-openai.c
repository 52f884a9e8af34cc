/* pw-provider-openai.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-provider-openai"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-generation-private.h"
#include "pw-provider-openai.h"
#include "pw-sse-reader.h"

/* OpenAI Chat Completions and the servers that copy it (OpenRouter, vLLM,
 * llama.cpp, LM Studio, Ollama's /v1): POST {base}/chat/completions with
 * stream:true answers data-only server-sent events, each a
 * chat.completion.chunk, ended by "data: [DONE]".  With
 * stream_options.include_usage the last chunk before [DONE] has empty
 * choices and the token totals.  A server that ignores stream:true
 * answers one chat.completion object, which is read whole.
 */

#define DEFAULT_BASE_URL "https://api.openai.com/v1"
#define MAX_WHOLE_BODY   (64 * 1024 * 1024)

struct _PwProviderOpenAI
{
  GObject            parent_instance;
  PwProviderOptions *options;
};

typedef enum
{
  MODE_SNIFF,
  MODE_SSE,
  MODE_JSON,
} StreamMode;

typedef struct
{
  PwProvider   *provider;
  PwGeneration *generation;
  PwSseReader  *reader;
  GString      *whole;
  GError       *error;
  JsonParser   *parser;
  StreamMode    mode;
  gboolean      done;
} OpenAIStream;

static void provider_iface_init (PwProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwProviderOpenAI, pw_provider_openai, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PW_TYPE_PROVIDER, provider_iface_init))

static void
read_usage (PwGeneration *generation,
            JsonObject   *usage)
{
  if (usage != NULL)
    pw_generation_set_usage (generation,
                             pw_json_get_int (usage, "prompt_tokens"),
                             pw_json_get_int (usage, "completion_tokens"));
}

/* Reads one chat.completion.chunk, or a whole chat.completion when
 * @whole is set. */
static gboolean
read_chunk (OpenAIStream  *stream,
            JsonNode      *root,
            const char    *json,
            gsize          json_length,
            gboolean       whole,
            GError       **error)
{
  JsonObject *object;
  JsonObject *error_object;
  JsonArray *choices;
  const char *model;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The server sent a chunk that is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);

  /* Compatible servers report failures mid-stream as an error object. */
  error_object = pw_json_get_object (object, "error");
  if (error_object != NULL || pw_json_get_string (object, "error") != NULL)
    {
      const char *message = error_object != NULL ? pw_json_get_string (error_object, "message")
                                                 : pw_json_get_string (object, "error");
      const char *type = error_object != NULL ? pw_json_get_string (error_object, "type") : NULL;

      g_propagate_error (error, pw_provider_stream_error (stream->provider, type, message));
      return FALSE;
    }

  model = pw_json_get_string (object, "model");
  if (model != NULL)
    pw_generation_set_model (stream->generation, model);

  choices = pw_json_get_array (object, "choices");
  if (choices != NULL && json_array_get_length (choices) > 0)
    {
      JsonNode *first = json_array_get_element (choices, 0);
      JsonObject *choice = JSON_NODE_HOLDS_OBJECT (first) ? json_node_get_object (first) : NULL;
      JsonObject *delta = pw_json_get_object (choice, whole ? "message" : "delta");
      const char *content = pw_json_get_string (delta, "content");
      const char *finish_reason = pw_json_get_string (choice, "finish_reason");

      if (content != NULL)
        pw_generation_append_from_json (stream->generation, content, strlen (content),
                                        json, json_length);
      if (finish_reason != NULL)
        pw_generation_set_finish_reason (stream->generation, finish_reason);
    }

  read_usage (stream->generation, pw_json_get_object (object, "usage"));

  return TRUE;
}

static gboolean
event_cb (const char *event,
          const char *data,
          gsize       length,
          const char *id,
          gpointer    user_data)
{
  OpenAIStream *stream = user_data;
  g_autoptr(JsonNode) root = NULL;

  if (length == 6 && memcmp (data, "[DONE]", 6) == 0)
    {
      stream->done = TRUE;
      return FALSE;
    }

  root = pw_provider_parse_chunk (stream->parser, data, length, &stream->error);
  if (root == NULL || !read_chunk (stream, root, data, length, FALSE, &stream->error))
    return FALSE;

  return TRUE;
}

static SoupMessage *
openai_build_message (PwProvider    *provider,
                      PwGeneration  *generation,
                      GError       **error)
{
  PwProviderOpenAI *self = PW_PROVIDER_OPENAI (provider);
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
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  if (system_prompt != NULL && *system_prompt != '\0')
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, "system");
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, system_prompt);
      json_builder_end_object (builder);
    }
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
      json_builder_add_double_value (builder, self->options->temperature);
    }
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "stream_options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "include_usage");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  url = pw_provider_build_url (provider, DEFAULT_BASE_URL, "/chat/completions");
  msg = pw_provider_new_json_message ("POST", url, builder, error);
  if (msg != NULL && self->options->api_key != NULL && *self->options->api_key != '\0')
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->options->api_key, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }

  return msg;
}

static PwProviderStream *
openai_stream_new (PwProvider *provider,
                   const char *content_type)
{
  OpenAIStream *stream = g_new0 (OpenAIStream, 1);

  stream->provider = provider;
  stream->parser = json_parser_new ();
  stream->reader = pw_sse_reader_new (0);
  stream->whole = g_string_new (NULL);
  stream->mode = g_str_has_prefix (content_type, "text/event-stream") ? MODE_SSE : MODE_SNIFF;

  return (PwProviderStream *) stream;
}

static void
openai_stream_free (PwProviderStream *pstream)
{
  OpenAIStream *stream = (OpenAIStream *) pstream;

  pw_sse_reader_free (stream->reader);
  g_string_free (stream->whole, TRUE);
  g_clear_object (&stream->parser);
  g_clear_error (&stream->error);
  g_free (stream);
}

static gboolean
openai_stream_feed (PwProvider        *provider,
                    PwProviderStream  *pstream,
                    PwGeneration      *generation,
                    const char        *data,
                    gsize              length,
                    GError           **error)
{
  OpenAIStream *stream = (OpenAIStream *) pstream;

  stream->generation = generation;

  /* Without an event-stream type, the first byte tells a whole JSON
   * answer from an event stream sent with a careless content type. */
  if (stream->mode == MODE_SNIFF)
    {
      gsize i = 0;

      while (i < length && g_ascii_isspace (data[i]))
        i++;
      if (i < length)
        stream->mode = data[i] == '{' ? MODE_JSON : MODE_SSE;
    }

  if (stream->mode == MODE_JSON || stream->mode == MODE_SNIFF)
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
openai_stream_end (PwProvider        *provider,
                   PwProviderStream  *pstream,
                   PwGeneration      *generation,
                   gboolean          *complete,
                   GError           **error)
{
  OpenAIStream *stream = (OpenAIStream *) pstream;
  g_autoptr(JsonNode) root = NULL;

  stream->generation = generation;

  if (stream->mode == MODE_SSE)
    {
      *complete = stream->done;
      return TRUE;
    }

  root = pw_provider_parse_json (stream->whole->str, stream->whole->len, error);
  if (root == NULL ||
      !read_chunk (stream, root, stream->whole->str, stream->whole->len, TRUE, error))
    return FALSE;

  *complete = TRUE;
  return TRUE;
}

static SoupMessage *
openai_build_models_message (PwProvider *provider,
                             const char *cursor)
{
  PwProviderOpenAI *self = PW_PROVIDER_OPENAI (provider);
  g_autofree char *url = pw_provider_build_url (provider, DEFAULT_BASE_URL, "/models");
  SoupMessage *msg = pw_provider_new_json_message ("GET", url, NULL, NULL);

  if (msg != NULL && self->options->api_key != NULL && *self->options->api_key != '\0')
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->options->api_key, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }

  return msg;
}

static gboolean
openai_parse_models (PwProvider  *provider,
                     JsonNode    *root,
                     GPtrArray   *models,
                     char       **next_cursor,
                     GError     **error)
{
  JsonArray *data = JSON_NODE_HOLDS_OBJECT (root)
                    ? pw_json_get_array (json_node_get_object (root), "data") : NULL;

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

  return TRUE;
}

static PwProviderKind
openai_get_kind (PwProvider *provider)
{
  return PW_PROVIDER_KIND_OPENAI;
}

static const PwProviderOptions *
openai_get_options (PwProvider *provider)
{
  return PW_PROVIDER_OPENAI (provider)->options;
}

static void
provider_iface_init (PwProviderInterface *iface)
{
  iface->get_kind = openai_get_kind;
  iface->get_options = openai_get_options;
  iface->build_message = openai_build_message;
  iface->stream_new = openai_stream_new;
  iface->stream_feed = openai_stream_feed;
  iface->stream_end = openai_stream_end;
  iface->stream_free = openai_stream_free;
  iface->build_models_message = openai_build_models_message;
  iface->parse_models = openai_parse_models;
}

static void
pw_provider_openai_finalize (GObject *object)
{
  PwProviderOpenAI *self = PW_PROVIDER_OPENAI (object);

  g_clear_pointer (&self->options, pw_provider_options_free);

  G_OBJECT_CLASS (pw_provider_openai_parent_class)->finalize (object);
}

static void
pw_provider_openai_class_init (PwProviderOpenAIClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_provider_openai_finalize;
}

static void
pw_provider_openai_init (PwProviderOpenAI *self)
{
}

/**
 * pw_provider_openai_new:
 * @options: the options; base_url defaults to https://api.openai.com/v1
 *
 * Returns: (transfer full): a provider for OpenAI-compatible servers
 */
PwProvider *
pw_provider_openai_new (const PwProviderOptions *options)
{
  PwProviderOpenAI *self;

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (PW_TYPE_PROVIDER_OPENAI, NULL);
  self->options = pw_provider_options_copy (options);

  return PW_PROVIDER (self);
}
