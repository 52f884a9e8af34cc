/* pw-provider-ollama.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-provider-ollama"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-generation-private.h"
#include "pw-ndjson-reader.h"
#include "pw-provider-ollama.h"

/* Ollama's native API: POST {base}/api/chat streams application/x-ndjson,
 * one JSON object per line with message.content, and no [DONE]: the last
 * line has "done": true, done_reason and the counts prompt_eval_count and
 * eval_count.  An error keeps HTTP 200 and arrives as a line
 * {"error": "…"} without "done", so every line is checked for it.  With
 * "stream": false (or a server that ignores it) the whole answer is one
 * such line, which the same reader handles.
 */

#define DEFAULT_BASE_URL "http://127.0.0.1:11434"

struct _PwProviderOllama
{
  GObject            parent_instance;
  PwProviderOptions *options;
};

typedef struct
{
  PwProvider     *provider;
  PwGeneration   *generation;
  PwNdjsonReader *reader;
  GError         *error;
  JsonParser     *parser;
  gboolean        done;
} OllamaStream;

static void provider_iface_init (PwProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwProviderOllama, pw_provider_ollama, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PW_TYPE_PROVIDER, provider_iface_init))

static gboolean
line_cb (const char *line,
         gsize       length,
         gpointer    user_data)
{
  OllamaStream *stream = user_data;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *message;
  const char *content;
  const char *model;

  root = pw_provider_parse_chunk (stream->parser, line, length, &stream->error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (&stream->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The server sent a line that is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);

  if (json_object_has_member (object, "error"))
    {
      const char *text = pw_json_get_string (object, "error");
      JsonObject *error_object = pw_json_get_object (object, "error");

      if (text == NULL)
        text = pw_json_get_string (error_object, "message");
      stream->error = pw_provider_stream_error (stream->provider, NULL, text);
      return FALSE;
    }

  model = pw_json_get_string (object, "model");
  if (model != NULL)
    pw_generation_set_model (stream->generation, model);

  message = pw_json_get_object (object, "message");
  content = pw_json_get_string (message, "content");
  if (content == NULL)
    content = pw_json_get_string (object, "response");
  if (content != NULL)
    pw_generation_append_from_json (stream->generation, content, strlen (content), line, length);

  if (pw_json_get_bool (object, "done"))
    {
      const char *reason = pw_json_get_string (object, "done_reason");

      if (reason != NULL)
        pw_generation_set_finish_reason (stream->generation, reason);
      pw_generation_set_usage (stream->generation,
                               pw_json_get_int (object, "prompt_eval_count"),
                               pw_json_get_int (object, "eval_count"));
      stream->done = TRUE;
      return FALSE;
    }

  return TRUE;
}

static SoupMessage *
ollama_build_message (PwProvider    *provider,
                      PwGeneration  *generation,
                      GError       **error)
{
  PwProviderOllama *self = PW_PROVIDER_OLLAMA (provider);
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
  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  if (self->options->temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, self->options->temperature);
    }
  if (self->options->max_tokens > 0)
    {
      json_builder_set_member_name (builder, "num_predict");
      json_builder_add_int_value (builder, self->options->max_tokens);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  url = pw_provider_build_url (provider, DEFAULT_BASE_URL, "/api/chat");
  msg = pw_provider_new_json_message ("POST", url, builder, error);

  /* Local Ollama needs no key; Ollama's cloud takes a bearer token. */
  if (msg != NULL && self->options->api_key != NULL && *self->options->api_key != '\0')
    {
      g_autofree char *auth = g_strconcat ("Bearer ", self->options->api_key, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }

  return msg;
}

static PwProviderStream *
ollama_stream_new (PwProvider *provider,
                   const char *content_type)
{
  OllamaStream *stream = g_new0 (OllamaStream, 1);

  stream->provider = provider;
  stream->parser = json_parser_new ();
  stream->reader = pw_ndjson_reader_new (0);

  return (PwProviderStream *) stream;
}

static void
ollama_stream_free (PwProviderStream *pstream)
{
  OllamaStream *stream = (OllamaStream *) pstream;

  pw_ndjson_reader_free (stream->reader);
  g_clear_object (&stream->parser);
  g_clear_error (&stream->error);
  g_free (stream);
}

static gboolean
ollama_stream_feed (PwProvider        *provider,
                    PwProviderStream  *pstream,
                    PwGeneration      *generation,
                    const char        *data,
                    gsize              length,
                    GError           **error)
{
  OllamaStream *stream = (OllamaStream *) pstream;

  stream->generation = generation;

  if (!pw_ndjson_reader_feed (stream->reader, data, length, line_cb, stream, error))
    {
      g_prefix_error_literal (error, _("The server sent a malformed stream: "));
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
ollama_stream_end (PwProvider        *provider,
                   PwProviderStream  *pstream,
                   PwGeneration      *generation,
                   gboolean          *complete,
                   GError           **error)
{
  OllamaStream *stream = (OllamaStream *) pstream;

  stream->generation = generation;

  pw_ndjson_reader_finish (stream->reader, line_cb, stream, NULL);
  if (stream->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stream->error));
      return FALSE;
    }

  *complete = stream->done;
  return TRUE;
}

static SoupMessage *
ollama_build_models_message (PwProvider *provider,
                             const char *cursor)
{
  g_autofree char *url = pw_provider_build_url (provider, DEFAULT_BASE_URL, "/api/tags");

  return pw_provider_new_json_message ("GET", url, NULL, NULL);
}

static gboolean
ollama_parse_models (PwProvider  *provider,
                     JsonNode    *root,
                     GPtrArray   *models,
                     char       **next_cursor,
                     GError     **error)
{
  JsonArray *list = JSON_NODE_HOLDS_OBJECT (root)
                    ? pw_json_get_array (json_node_get_object (root), "models") : NULL;

  if (list == NULL)
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The model list has no “models” array"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *model = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = pw_json_get_string (model, "name");

      if (name == NULL)
        name = pw_json_get_string (model, "model");
      if (name != NULL)
        g_ptr_array_add (models, g_strdup (name));
    }

  return TRUE;
}

static PwProviderKind
ollama_get_kind (PwProvider *provider)
{
  return PW_PROVIDER_KIND_OLLAMA;
}

static const PwProviderOptions *
ollama_get_options (PwProvider *provider)
{
  return PW_PROVIDER_OLLAMA (provider)->options;
}

static void
provider_iface_init (PwProviderInterface *iface)
{
  iface->get_kind = ollama_get_kind;
  iface->get_options = ollama_get_options;
  iface->build_message = ollama_build_message;
  iface->stream_new = ollama_stream_new;
  iface->stream_feed = ollama_stream_feed;
  iface->stream_end = ollama_stream_end;
  iface->stream_free = ollama_stream_free;
  iface->build_models_message = ollama_build_models_message;
  iface->parse_models = ollama_parse_models;
}

static void
pw_provider_ollama_finalize (GObject *object)
{
  PwProviderOllama *self = PW_PROVIDER_OLLAMA (object);

  g_clear_pointer (&self->options, pw_provider_options_free);

  G_OBJECT_CLASS (pw_provider_ollama_parent_class)->finalize (object);
}

static void
pw_provider_ollama_class_init (PwProviderOllamaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_provider_ollama_finalize;
}

static void
pw_provider_ollama_init (PwProviderOllama *self)
{
}

/**
 * pw_provider_ollama_new:
 * @options: the options; base_url defaults to http://127.0.0.1:11434
 *
 * Returns: (transfer full): a provider for Ollama's native API
 */
PwProvider *
pw_provider_ollama_new (const PwProviderOptions *options)
{
  PwProviderOllama *self;

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (PW_TYPE_PROVIDER_OLLAMA, NULL);
  self->options = pw_provider_options_copy (options);

  return PW_PROVIDER (self);
}
