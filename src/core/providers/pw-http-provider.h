/* pw-http-provider.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "pw-generation.h"
#include "pw-provider.h"

G_BEGIN_DECLS

#define PW_TYPE_HTTP_PROVIDER (pw_http_provider_get_type ())

G_DECLARE_DERIVABLE_TYPE (PwHttpProvider, pw_http_provider, PW, HTTP_PROVIDER, GObject)

/**
 * PwHttpFraming:
 * @PW_HTTP_FRAMING_SSE: server-sent events; a reply without the
 *   text/event-stream type that starts with "{" is one whole JSON answer
 * @PW_HTTP_FRAMING_NDJSON: one JSON object per line
 *
 * How a streamed answer is cut into events.
 */
typedef enum
{
  PW_HTTP_FRAMING_SSE,
  PW_HTTP_FRAMING_NDJSON,
} PwHttpFraming;

/**
 * PwHttpEvent:
 * @generation: the generation to write into
 * @name: the SSE event type ("message" when the event names none), or
 *   %NULL for an NDJSON line or a whole answer
 * @object: the event's JSON object
 * @json: (array length=json_length): the document @object was read from,
 *   for pw_generation_append_from_json()
 * @json_length: its length
 * @whole: the document is a whole answer, not one event of a stream
 * @done: (out): set by the reader when the event is the end marker
 *
 * One event of an answer, as the HTTP base hands it to
 * #PwHttpProviderClass.read_event.
 */
typedef struct
{
  PwGeneration *generation;
  const char   *name;
  JsonObject   *object;
  const char   *json;
  gsize         json_length;
  gboolean      whole;
  gboolean      done;
} PwHttpEvent;

/**
 * PwHttpProviderClass:
 * @kind: the wire protocol
 * @default_base_url: the base URL when the options name none
 * @chat_path: the path of the streaming chat request below the base URL
 * @framing: how the answer is cut into events
 * @end_marker: (nullable): the data of an SSE event that ends the stream
 *   and is not JSON, such as "[DONE]"
 * @add_headers: adds authentication and version headers to every request;
 *   the default sends the key as a bearer token
 * @build_body: adds the members of the chat request's JSON object after
 *   "model" (the base adds "model" first and "stream": true last)
 * @models_path: (nullable): the model list's path for the page after
 *   @cursor (%NULL for the first page); %NULL when the server has none
 * @read_event: reads one event into the generation; returns %FALSE with
 *   a #PW_PROVIDER_ERROR for an error the server reported or a malformed
 *   event
 * @read_models: adds the ids of one model-list page to @models and sets
 *   *@next_cursor when there is another page; the default reads an
 *   OpenAI-style {"data": [{"id": …}]}
 * @details_path: (nullable): a path to POST {"model": …} to (or to GET,
 *   with @details_get) before the first generation, to learn the model's
 *   context length (Ollama's /api/show, an OpenAI-compatible model list);
 *   %NULL when the server has none
 * @details_get: @details_path is a GET without a body, asked only when the
 *   options name a base URL (the default server's answer tells nothing)
 * @read_context_length: reads the context length from the answer of
 *   @details_path, or returns 0
 *
 * The HTTP base drives the request (transport check, retry and backoff,
 * idle timeout, cancellation, status classification, incremental reads);
 * a subclass says only how to build the request and read the answer.
 */
struct _PwHttpProviderClass
{
  GObjectClass     parent_class;

  PwProviderKind   kind;
  const char      *default_base_url;
  const char      *chat_path;
  PwHttpFraming    framing;
  const char      *end_marker;

  void           (*add_headers)  (PwHttpProvider      *self,
                                  SoupMessageHeaders  *headers);
  void           (*build_body)   (PwHttpProvider      *self,
                                  PwGeneration        *generation,
                                  JsonBuilder         *builder);
  char          *(*models_path)  (PwHttpProvider      *self,
                                  const char          *cursor);
  gboolean       (*read_event)   (PwHttpProvider      *self,
                                  PwHttpEvent         *event,
                                  GError             **error);
  gboolean       (*read_models)  (PwHttpProvider      *self,
                                  JsonObject          *object,
                                  GPtrArray           *models,
                                  char               **next_cursor,
                                  GError             **error);
  const char      *details_path;
  gboolean         details_get;
  guint          (*read_context_length) (PwHttpProvider *self,
                                         JsonObject     *object);

  /*< private >*/
  gpointer         padding[8];
};

/* For subclasses. */
const PwProviderOptions *pw_http_provider_get_options  (PwHttpProvider *self);
guint                    pw_http_provider_get_context_length (PwHttpProvider *self);
guint                    pw_http_listed_context_length (JsonArray      *models,
                                                        const char     *model);
GError                  *pw_http_provider_stream_error (PwHttpProvider *self,
                                                        const char     *type,
                                                        const char     *message) G_GNUC_WARN_UNUSED_RESULT;
void                     pw_http_add_chat_messages     (JsonBuilder    *builder,
                                                        const char     *system_prompt,
                                                        const char     *user_prompt);
void                     pw_http_add_generation_messages (JsonBuilder  *builder,
                                                          PwGeneration *generation,
                                                          gboolean      with_system);

G_END_DECLS
