/* pw-generation.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-types.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* PwGeneration: one request and its streamed answer                   */
/* ------------------------------------------------------------------ */

/**
 * PwGenerationState:
 * @PW_GENERATION_STATE_IDLE: not started
 * @PW_GENERATION_STATE_CONNECTING: request sent, waiting for the response head
 * @PW_GENERATION_STATE_WAITING: response head received, no text yet
 * @PW_GENERATION_STATE_RETRYING: waiting out a backoff before the next attempt
 * @PW_GENERATION_STATE_STREAMING: text is arriving
 * @PW_GENERATION_STATE_FINISHED: over; see #PwGeneration:end
 */
typedef enum
{
  PW_GENERATION_STATE_IDLE,
  PW_GENERATION_STATE_CONNECTING,
  PW_GENERATION_STATE_WAITING,
  PW_GENERATION_STATE_RETRYING,
  PW_GENERATION_STATE_STREAMING,
  PW_GENERATION_STATE_FINISHED,
} PwGenerationState;

/**
 * PwGenerationEnd:
 * @PW_GENERATION_END_NONE: not finished yet
 * @PW_GENERATION_END_COMPLETE: the server sent its end marker
 * @PW_GENERATION_END_INCOMPLETE: the stream broke off (drop, reset, stall,
 *   missing end marker, malformed chunk); the partial text is kept
 * @PW_GENERATION_END_CANCELLED: cancelled; the partial text is kept
 * @PW_GENERATION_END_ERROR: failed before a response started (auth, quota, server,
 *   no connection); there is no text
 * @PW_GENERATION_END_TRUNCATED: the model stopped at its output token limit
 *   (finish_reason "length", stop_reason "max_tokens", done_reason "length");
 *   the text is kept and can be continued
 * @PW_GENERATION_END_REFUSED: the model declined (a refusal or a content
 *   filter); whatever text came is not a plan
 */
typedef enum
{
  PW_GENERATION_END_NONE,
  PW_GENERATION_END_COMPLETE,
  PW_GENERATION_END_INCOMPLETE,
  PW_GENERATION_END_CANCELLED,
  PW_GENERATION_END_ERROR,
  PW_GENERATION_END_TRUNCATED,
  PW_GENERATION_END_REFUSED,
} PwGenerationEnd;

const char *pw_generation_end_to_string (PwGenerationEnd end);

/**
 * PwTurnRole:
 * @PW_TURN_USER: the user's message
 * @PW_TURN_ASSISTANT: the model's answer
 */
typedef enum
{
  PW_TURN_USER,
  PW_TURN_ASSISTANT,
} PwTurnRole;

/**
 * PwTurn:
 * @role: who said it
 * @content: what was said
 *
 * One turn of a conversation after the first user prompt.
 */
typedef struct
{
  PwTurnRole  role;
  char       *content;
} PwTurn;

const char *pw_turn_role_to_string (PwTurnRole role);

#define PW_TYPE_GENERATION (pw_generation_get_type ())

G_DECLARE_FINAL_TYPE (PwGeneration, pw_generation, PW, GENERATION, GObject)

/*
 * PwGeneration is what the UI observes.  Build it with the prompt, hand it
 * to pw_provider_generate_async(), and watch:
 *
 * Signals
 *   "delta" (PwGeneration *, const char *text, gpointer): a chunk of new
 *     text, always whole UTF-8 characters; pw_generation_get_text() already
 *     includes it when the signal runs.  The HTTP driver sends one delta per
 *     network read (or per 16 KiB), not one per event; the deltas joined
 *     are exactly the text.  The string is valid only during the emission,
 *     and handlers must not append to the generation.
 *   "retrying" (PwGeneration *, guint attempt, guint delay_ms,
 *     const char *reason, gpointer): a retry is scheduled (429/5xx before
 *     the first token); reason is a translated sentence.
 *   "warning" (PwGeneration *, const char *message, gpointer): something
 *     the user should know that does not stop the generation (a prompt
 *     larger than the model's context, a server that saw much less of the
 *     prompt than was sent); a translated sentence, also kept in
 *     pw_generation_get_warnings().
 *
 * Properties (all read-only, notified on change, on the main context)
 *   "state" PwGenerationState, "end" PwGenerationEnd,
 *   "text" string (notified at most every 100 ms while streaming, and at
 *     the end), "text-length" uint64,
 *   "input-tokens" / "output-tokens" uint (0 until known) and
 *   "usage-known" boolean (the server reported them; otherwise
 *     output-tokens is an estimate from the text),
 *   "time-to-first-token" double seconds from start, -1 until the first token,
 *   "tokens-per-second" double, output tokens per second after the first token,
 *   "duration" double seconds, "model" string (as the server reported it),
 *   "finish-reason" string (stop, length, end_turn… as sent),
 *   "attempts" uint, "error" GError boxed (nullable; set with end
 *     INCOMPLETE, CANCELLED or ERROR).
 */

PwGeneration      *pw_generation_new                    (const char      *system_prompt,
                                                         const char      *user_prompt) G_GNUC_WARN_UNUSED_RESULT;
const char        *pw_generation_get_system_prompt      (PwGeneration    *self);
const char        *pw_generation_get_user_prompt        (PwGeneration    *self);
PwGenerationState  pw_generation_get_state              (PwGeneration    *self);
PwGenerationEnd    pw_generation_get_end                (PwGeneration    *self);
const char        *pw_generation_get_text               (PwGeneration    *self);
gsize              pw_generation_get_text_length        (PwGeneration    *self);
guint              pw_generation_get_input_tokens       (PwGeneration    *self);
guint              pw_generation_get_output_tokens      (PwGeneration    *self);
gboolean           pw_generation_get_usage_known        (PwGeneration    *self);
double             pw_generation_get_time_to_first_token (PwGeneration   *self);
double             pw_generation_get_tokens_per_second  (PwGeneration    *self);
double             pw_generation_get_duration           (PwGeneration    *self);
const char        *pw_generation_get_model              (PwGeneration    *self);
const char        *pw_generation_get_finish_reason      (PwGeneration    *self);
guint              pw_generation_get_attempts           (PwGeneration    *self);
const GError      *pw_generation_get_error              (PwGeneration    *self);
guint              pw_generation_estimate_prompt_tokens (PwGeneration    *self);
const char        *pw_generation_get_refusal            (PwGeneration    *self);
const char * const *pw_generation_get_warnings          (PwGeneration    *self);
void               pw_generation_set_continuation       (PwGeneration    *self,
                                                         const char      *answer_so_far,
                                                         const char      *continue_prompt);
const char        *pw_generation_get_continued_text     (PwGeneration    *self);
void               pw_generation_add_turn               (PwGeneration    *self,
                                                         PwTurnRole       role,
                                                         const char      *content);
guint              pw_generation_get_n_turns            (PwGeneration    *self);
const PwTurn      *pw_generation_get_turn               (PwGeneration    *self,
                                                         guint            i);
const char        *pw_generation_get_continue_prompt    (PwGeneration    *self);

/* Inputs for the offline draft planner (network providers use the prompt). */
void               pw_generation_set_template_info      (PwGeneration       *self,
                                                         const char         *template_id,
                                                         const char         *template_title,
                                                         const char * const *sections);
void               pw_generation_set_target             (PwGeneration       *self,
                                                         const PwEndpoint   *endpoint,
                                                         const char         *feature);
void               pw_generation_set_document_text      (PwGeneration       *self,
                                                         PwDocumentRole      role,
                                                         const char         *path,
                                                         const char         *text);
const char        *pw_generation_get_template_id        (PwGeneration       *self);
const char        *pw_generation_get_template_title     (PwGeneration       *self);
const char * const *pw_generation_get_sections          (PwGeneration       *self);
const PwEndpoint  *pw_generation_get_endpoint           (PwGeneration       *self);
void               pw_generation_add_endpoint           (PwGeneration       *self,
                                                         const PwEndpoint   *endpoint);
GPtrArray         *pw_generation_dup_endpoints          (PwGeneration       *self) G_GNUC_WARN_UNUSED_RESULT;
const char        *pw_generation_get_feature            (PwGeneration       *self);
const char        *pw_generation_get_document_text      (PwGeneration       *self,
                                                         PwDocumentRole      role);
const char        *pw_generation_get_document_path      (PwGeneration       *self,
                                                         PwDocumentRole      role);
void               pw_generation_set_types_text         (PwGeneration       *self,
                                                         const char         *path,
                                                         const char         *text);
const char        *pw_generation_get_types_text         (PwGeneration       *self);
const char        *pw_generation_get_types_path         (PwGeneration       *self);

G_END_DECLS
