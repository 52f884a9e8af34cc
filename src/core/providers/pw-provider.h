/* pw-provider.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-generation.h"
#include "pw-types.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

#define PW_PROVIDER_ERROR (pw_provider_error_quark ())

/**
 * PwProviderError:
 * @PW_PROVIDER_ERROR_AUTH: 401/403, the server rejected the API key
 * @PW_PROVIDER_ERROR_RATE_LIMITED: 429 still after the allowed retries
 * @PW_PROVIDER_ERROR_QUOTA: 429 for an exhausted quota or a spend limit (never retried)
 * @PW_PROVIDER_ERROR_SERVER: 5xx/529, an in-stream overload error, or an HTML page from a proxy
 * @PW_PROVIDER_ERROR_CLIENT: another 4xx, such as an unknown model
 * @PW_PROVIDER_ERROR_NETWORK: no connection, or the connection dropped or was reset
 * @PW_PROVIDER_ERROR_PROTOCOL: a reply that does not follow the wire protocol
 * @PW_PROVIDER_ERROR_INCOMPLETE: the stream ended without its end marker
 * @PW_PROVIDER_ERROR_TIMEOUT: no byte arrived for the idle timeout
 * @PW_PROVIDER_ERROR_INSECURE: the key would go over plain HTTP to a remote host
 * @PW_PROVIDER_ERROR_CONFIG: the profile lacks something, such as a model
 * @PW_PROVIDER_ERROR_REFUSED: the model declined to answer (an OpenAI
 *   refusal, Anthropic's stop_reason "refusal", a content filter)
 * @PW_PROVIDER_ERROR_TRUNCATED: the model stopped at its output token limit;
 *   the text so far is kept and can be continued
 * @PW_PROVIDER_ERROR_TOO_LARGE: the answer went past the answer budget
 *   (bytes, lines, or the decoded body); the text within it is kept
 * @PW_PROVIDER_ERROR_REDIRECTED: the server redirected the request to
 *   another origin (or turned it into another method); the key stays home
 *
 * Errors of the provider layer.  Their messages are translated sentences
 * fit for the user; they never hold the API key.
 */
typedef enum
{
  PW_PROVIDER_ERROR_AUTH,
  PW_PROVIDER_ERROR_RATE_LIMITED,
  PW_PROVIDER_ERROR_QUOTA,
  PW_PROVIDER_ERROR_SERVER,
  PW_PROVIDER_ERROR_CLIENT,
  PW_PROVIDER_ERROR_NETWORK,
  PW_PROVIDER_ERROR_PROTOCOL,
  PW_PROVIDER_ERROR_INCOMPLETE,
  PW_PROVIDER_ERROR_TIMEOUT,
  PW_PROVIDER_ERROR_INSECURE,
  PW_PROVIDER_ERROR_CONFIG,
  PW_PROVIDER_ERROR_REFUSED,
  PW_PROVIDER_ERROR_TRUNCATED,
  PW_PROVIDER_ERROR_TOO_LARGE,
  PW_PROVIDER_ERROR_REDIRECTED,
} PwProviderError;

GQuark pw_provider_error_quark (void);

/**
 * PwProviderKind:
 * @PW_PROVIDER_KIND_OFFLINE: the offline draft planner, no network
 * @PW_PROVIDER_KIND_OPENAI: OpenAI Chat Completions and compatible servers
 * @PW_PROVIDER_KIND_ANTHROPIC: the Anthropic Messages API
 * @PW_PROVIDER_KIND_OLLAMA: Ollama's native /api/chat
 *
 * The values match the ProviderKind enum of the GSettings schema.
 */
typedef enum
{
  PW_PROVIDER_KIND_OFFLINE = 0,
  PW_PROVIDER_KIND_OPENAI = 1,
  PW_PROVIDER_KIND_ANTHROPIC = 2,
  PW_PROVIDER_KIND_OLLAMA = 3,
} PwProviderKind;

const char     *pw_provider_kind_to_string   (PwProviderKind kind);
gboolean        pw_provider_kind_from_string (const char     *name,
                                              PwProviderKind *kind);

/* ------------------------------------------------------------------ */
/* Options: what a provider needs to talk to one server                */
/* ------------------------------------------------------------------ */

/**
 * PwProviderOptions:
 * @profile_id: (nullable): the profile's identifier
 * @profile_name: (nullable): the name shown to the user, used in error messages
 * @base_url: (nullable): the server's base URL; %NULL for the provider's default
 * @model: (nullable): the model identifier
 * @api_key: (nullable): the secret; never logged, stored or shown
 * @temperature: the sampling temperature, or a negative value to send none
 * @max_tokens: the most output tokens (Anthropic requires it), 0 for 8192
 * @allow_insecure: whether the key may go over plain HTTP to a non-loopback host
 * @idle_timeout_ms: fail with %PW_PROVIDER_ERROR_TIMEOUT after this long without a byte (default 60000)
 * @max_retries: retries for 429 and 5xx before the first token (default 2)
 * @retry_base_ms: the first backoff delay; it doubles per retry and gets up to 50 % jitter (default 1000)
 * @retry_after_unit_ms: how long one second of Retry-After lasts (1000; tests shrink it)
 * @max_answer_bytes: the answer budget in bytes of text (default 4 MiB); the
 *   decoded body may be at most 32 times as large
 * @max_answer_lines: the answer budget in lines of text (default 50 000)
 *
 * Create with pw_provider_options_new(), which fills in the defaults.
 */
typedef struct
{
  char     *profile_id;
  char     *profile_name;
  char     *base_url;
  char     *model;
  char     *api_key;
  double    temperature;
  guint     max_tokens;
  gboolean  allow_insecure;
  guint     idle_timeout_ms;
  guint     max_retries;
  guint     retry_base_ms;
  guint     retry_after_unit_ms;
  gsize     max_answer_bytes;
  guint     max_answer_lines;
} PwProviderOptions;

#define PW_DEFAULT_MAX_ANSWER_BYTES (4 * 1024 * 1024)
#define PW_DEFAULT_MAX_ANSWER_LINES 50000

#define PW_TYPE_PROVIDER_OPTIONS (pw_provider_options_get_type ())

GType              pw_provider_options_get_type (void) G_GNUC_CONST;
PwProviderOptions *pw_provider_options_new      (void) G_GNUC_WARN_UNUSED_RESULT;
PwProviderOptions *pw_provider_options_copy     (const PwProviderOptions *self) G_GNUC_WARN_UNUSED_RESULT;
void               pw_provider_options_free     (PwProviderOptions       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwProviderOptions, pw_provider_options_free)

/* ------------------------------------------------------------------ */
/* PwProvider: the interface                                           */
/* ------------------------------------------------------------------ */

#define PW_TYPE_PROVIDER (pw_provider_get_type ())

G_DECLARE_INTERFACE (PwProvider, pw_provider, PW, PROVIDER, GObject)

/**
 * PwProviderInterface:
 * @get_kind: the wire protocol
 * @get_options: the options the provider was built with
 * @generate_async: runs a generation to its end, however it ends
 * @generate_finish: finishes @generate_async
 * @list_models_async: lists model identifiers; the default fails with
 *   %PW_PROVIDER_ERROR_CONFIG
 * @list_models_finish: finishes @list_models_async
 *
 * The network providers implement it through #PwHttpProvider
 * (pw-http-provider.h); the offline planner and test fakes directly.
 */
struct _PwProviderInterface
{
  GTypeInterface parent_iface;

  PwProviderKind            (*get_kind)             (PwProvider          *self);
  const PwProviderOptions  *(*get_options)          (PwProvider          *self);

  void                      (*generate_async)       (PwProvider          *self,
                                                     PwGeneration        *generation,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
  gboolean                  (*generate_finish)      (PwProvider          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
  void                      (*list_models_async)    (PwProvider          *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
  GStrv                     (*list_models_finish)   (PwProvider          *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
};

PwProviderKind           pw_provider_get_kind           (PwProvider          *self);
const PwProviderOptions *pw_provider_get_options        (PwProvider          *self);
void                     pw_provider_generate_async     (PwProvider          *self,
                                                         PwGeneration        *generation,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean                 pw_provider_generate_finish    (PwProvider          *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void                     pw_provider_list_models_async  (PwProvider          *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GStrv                    pw_provider_list_models_finish (PwProvider          *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
PwProvider              *pw_provider_new                (PwProviderKind       kind,
                                                         const PwProviderOptions *options) G_GNUC_WARN_UNUSED_RESULT;

const char              *pw_provider_display_name       (PwProvider          *self);

G_END_DECLS
