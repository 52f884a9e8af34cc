/* pw-provider-openai.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-provider-openai"

#include "config.h"

#include <string.h>

#include "pw-generation-private.h"
#include "pw-json-utils.h"
#include "pw-provider-openai.h"

/* OpenAI Chat Completions and the servers that copy it (OpenRouter, vLLM,
 * llama.cpp, LM Studio, Ollama's /v1): POST {base}/chat/completions with
 * stream:true answers data-only server-sent events, each a
 * chat.completion.chunk, ended by "data: [DONE]".  With
 * stream_options.include_usage the last chunk before [DONE] has empty
 * choices and the token totals.  A server that ignores stream:true
 * answers one chat.completion object, which is read whole.
 */

struct _PwProviderOpenAI
{
  PwHttpProvider parent_instance;
};

G_DEFINE_FINAL_TYPE (PwProviderOpenAI, pw_provider_openai, PW_TYPE_HTTP_PROVIDER)

static void
openai_build_body (PwHttpProvider *provider,
                   PwGeneration   *generation,
                   JsonBuilder    *builder)
{
  const PwProviderOptions *options = pw_http_provider_get_options (provider);

  pw_http_add_generation_messages (builder, generation, TRUE);
  if (options->temperature >= 0)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, options->temperature);
    }
  json_builder_set_member_name (builder, "stream_options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "include_usage");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);
}

/* Compatible servers report failures mid-stream as an error object, or
 * as an "error" string.  Returns %FALSE with @error set for one. */
static gboolean
read_error (PwHttpProvider  *provider,
            PwHttpEvent     *event,
            GError         **error)
{
  JsonObject *object = event->object;
  JsonObject *error_object = pw_json_get_object (object, "error");
  const char *text = pw_json_get_string (object, "error");

  /* llama.cpp's "error:" line carries the error object itself. */
  if (error_object == NULL && text == NULL && g_strcmp0 (event->name, "error") == 0)
    error_object = object;

  if (error_object == NULL && text == NULL)
    return TRUE;

  g_propagate_error (error, pw_http_provider_stream_error (provider,
                                                           pw_json_get_string (error_object, "type"),
                                                           error_object != NULL
                                                           ? pw_json_get_string (error_object, "message")
                                                           : text));
  return FALSE;
}

/* Reads one chat.completion.chunk, or a whole chat.completion. */
static gboolean
openai_read_event (PwHttpProvider  *provider,
                   PwHttpEvent     *event,
                   GError         **error)
{
  JsonObject *object = event->object;
  JsonObject *choice;
  JsonObject *message;
  JsonObject *usage;
  const char *content;
  const char *refusal;
  const char *finish_reason;

  if (!read_error (provider, event, error))
    return FALSE;

  if (pw_json_get_string (object, "model") != NULL)
    pw_generation_set_model (event->generation, pw_json_get_string (object, "model"));

  choice = pw_json_array_get_object (pw_json_get_array (object, "choices"), 0);
  message = pw_json_get_object (choice, event->whole ? "message" : "delta");
  content = pw_json_get_string (message, "content");
  refusal = pw_json_get_string (message, "refusal");
  if (refusal != NULL)
    pw_generation_append_refusal (event->generation, refusal, strlen (refusal));
  finish_reason = pw_json_get_string (choice, "finish_reason");
  if (content != NULL)
    pw_generation_append_from_json (event->generation, content, strlen (content),
                                    event->json, event->json_length);
  if (finish_reason != NULL)
    pw_generation_set_finish_reason (event->generation, finish_reason);

  usage = pw_json_get_object (object, "usage");
  if (usage != NULL)
    pw_generation_set_usage (event->generation,
                             pw_json_get_int (usage, "prompt_tokens"),
                             pw_json_get_int (usage, "completion_tokens"));

  return TRUE;
}

/* The model list, asked before the first generation: compatible servers
 * (vLLM, OpenRouter, LM Studio) tell each model's context there. */
static guint
openai_read_context_length (PwHttpProvider *provider,
                            JsonObject     *object)
{
  return pw_http_listed_context_length (pw_json_get_array (object, "data"),
                                        pw_http_provider_get_options (provider)->model);
}

static char *
openai_models_path (PwHttpProvider *provider,
                    const char     *cursor)
{
  return g_strdup ("/models");
}

static void
pw_provider_openai_class_init (PwProviderOpenAIClass *klass)
{
  PwHttpProviderClass *http_class = PW_HTTP_PROVIDER_CLASS (klass);

  http_class->kind = PW_PROVIDER_KIND_OPENAI;
  http_class->default_base_url = "https://api.openai.com/v1";
  http_class->chat_path = "/chat/completions";
  http_class->framing = PW_HTTP_FRAMING_SSE;
  http_class->end_marker = "[DONE]";
  http_class->build_body = openai_build_body;
  http_class->read_event = openai_read_event;
  http_class->models_path = openai_models_path;
  http_class->details_path = "/models";
  http_class->details_get = TRUE;
  http_class->read_context_length = openai_read_context_length;
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
  g_return_val_if_fail (options != NULL, NULL);

  return g_object_new (PW_TYPE_PROVIDER_OPENAI, "options", options, NULL);
}
