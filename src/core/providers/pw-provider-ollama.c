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
#include "pw-json-utils.h"
#include "pw-provider-ollama.h"

/* Ollama's native API: POST {base}/api/chat streams application/x-ndjson,
 * one JSON object per line with message.content, and no [DONE]: the last
 * line has "done": true, done_reason and the counts prompt_eval_count and
 * eval_count.  An error keeps HTTP 200 and arrives as a line
 * {"error": "…"} without "done", so every line is checked for it.  With
 * "stream": false (or a server that ignores it) the whole answer is one
 * such line, which the same reader handles.  Local Ollama needs no key;
 * Ollama's cloud takes a bearer token, which the base sends.
 */

#define DEFAULT_OUTPUT_TOKENS 8192
#define MIN_CONTEXT           4096

struct _PwProviderOllama
{
  PwHttpProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (PwProviderOllama, pw_provider_ollama, PW_TYPE_HTTP_PROVIDER)

/* Ollama's default context (2048 or 4096 tokens) silently cuts a longer
 * prompt from the front.  Ask for room for the prompt and the answer,
 * within what the model supports. */
static guint
context_size (PwHttpProvider *provider,
              PwGeneration   *generation)
{
  const PwProviderOptions *options = pw_http_provider_get_options (provider);
  guint model_max = pw_http_provider_get_context_length (provider);
  guint64 wanted;

  wanted = (guint64) pw_generation_estimate_prompt_tokens (generation) +
           (options->max_tokens > 0 ? options->max_tokens : DEFAULT_OUTPUT_TOKENS);
  /* The estimate is rough: a quarter more, in whole kilotokens. */
  wanted = (wanted + wanted / 4 + 1023) / 1024 * 1024;
  wanted = MAX (wanted, MIN_CONTEXT);
  if (model_max > 0)
    wanted = MIN (wanted, model_max);

  return (guint) MIN (wanted, G_MAXINT);
}

static void
ollama_build_body (PwHttpProvider *provider,
                   PwGeneration   *generation,
                   JsonBuilder    *builder)
{
  const PwProviderOptions *options = pw_http_provider_get_options (provider);

  pw_http_add_generation_messages (builder, generation, TRUE);
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  if (options->temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, options->temperature);
    }
  if (options->max_tokens > 0)
    {
      json_builder_set_member_name (builder, "num_predict");
      json_builder_add_int_value (builder, options->max_tokens);
    }
  json_builder_set_member_name (builder, "num_ctx");
  json_builder_add_int_value (builder, context_size (provider, generation));
  json_builder_end_object (builder);
}

/* The last line: why the answer stopped and the token counts. */
static void
read_done (PwHttpEvent *event)
{
  const char *reason = pw_json_get_string (event->object, "done_reason");

  if (reason != NULL)
    pw_generation_set_finish_reason (event->generation, reason);
  pw_generation_set_usage (event->generation,
                           pw_json_get_int (event->object, "prompt_eval_count"),
                           pw_json_get_int (event->object, "eval_count"));
  event->done = TRUE;
}

static gboolean
ollama_read_event (PwHttpProvider  *provider,
                   PwHttpEvent     *event,
                   GError         **error)
{
  JsonObject *object = event->object;
  const char *content;

  if (json_object_has_member (object, "error"))
    {
      const char *text = pw_json_get_string (object, "error");

      if (text == NULL)
        text = pw_json_get_string (pw_json_get_object (object, "error"), "message");
      g_propagate_error (error, pw_http_provider_stream_error (provider, NULL, text));
      return FALSE;
    }

  if (pw_json_get_string (object, "model") != NULL)
    pw_generation_set_model (event->generation, pw_json_get_string (object, "model"));

  content = pw_json_get_string (pw_json_get_object (object, "message"), "content");
  if (content == NULL)
    content = pw_json_get_string (object, "response");
  if (content != NULL)
    pw_generation_append_from_json (event->generation, content, strlen (content),
                                    event->json, event->json_length);

  if (pw_json_get_bool (object, "done"))
    read_done (event);

  return TRUE;
}

/* /api/show: model_info has "<architecture>.context_length". */
static guint
ollama_read_context_length (PwHttpProvider *provider,
                            JsonObject     *object)
{
  JsonObject *info = pw_json_get_object (object, "model_info");
  g_autoptr(GList) members = info != NULL ? json_object_get_members (info) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      gint64 value = pw_json_get_int (info, l->data);

      if (g_str_has_suffix (l->data, ".context_length") && value > 0)
        return (guint) MIN (value, G_MAXUINT);
    }

  return 0;
}

static char *
ollama_models_path (PwHttpProvider *provider,
                    const char     *cursor)
{
  return g_strdup ("/api/tags");
}

static gboolean
ollama_read_models (PwHttpProvider  *provider,
                    JsonObject      *object,
                    GPtrArray       *models,
                    char           **next_cursor,
                    GError         **error)
{
  JsonArray *list = pw_json_get_array (object, "models");

  if (list == NULL)
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The model list has no “models” array"));
      return FALSE;
    }

  pw_json_collect_strings (list, "name", "model", models);
  return TRUE;
}

static void
pw_provider_ollama_class_init (PwProviderOllamaClass *klass)
{
  PwHttpProviderClass *http_class = PW_HTTP_PROVIDER_CLASS (klass);

  http_class->kind = PW_PROVIDER_KIND_OLLAMA;
  http_class->default_base_url = "http://127.0.0.1:11434";
  http_class->chat_path = "/api/chat";
  http_class->framing = PW_HTTP_FRAMING_NDJSON;
  http_class->build_body = ollama_build_body;
  http_class->read_event = ollama_read_event;
  http_class->models_path = ollama_models_path;
  http_class->read_models = ollama_read_models;
  http_class->details_path = "/api/show";
  http_class->read_context_length = ollama_read_context_length;
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
  g_return_val_if_fail (options != NULL, NULL);

  return g_object_new (PW_TYPE_PROVIDER_OLLAMA, "options", options, NULL);
}
