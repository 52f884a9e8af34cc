/* pw-generation.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-generation"

#include "config.h"

#include <string.h>

#include "pw-endpoints.h"
#include "pw-generation-private.h"
#include "pw-utils.h"

/* One request and its streamed answer.  The UI and the pipeline read it
 * through pw-generation.h; the providers write it through the mutators of
 * pw-generation-private.h, on the main context.
 */

#define TEXT_NOTIFY_INTERVAL (100 * G_TIME_SPAN_MILLISECOND)
#define DELTA_BATCH_SIZE     (16 * 1024)


struct _PwGeneration
{
  GObject            parent_instance;

  /* Request (owned) */
  char              *system_prompt;
  char              *user_prompt;
  char              *template_id;
  char              *template_title;
  GStrv              sections;
  PwEndpoint        *endpoint;
  GPtrArray         *more_endpoints;   /* (element-type PwEndpoint) after the first */
  char              *feature;
  char              *doc_text[PW_N_DOCUMENT_ROLES];
  char              *doc_path[PW_N_DOCUMENT_ROLES];
  char              *types_text;      /* (nullable) the repository's shared types */
  char              *types_path;      /* (nullable) */
  char              *continued_text;  /* (nullable) the answer a continuation carries on */
  char              *continue_prompt; /* (nullable) */
  GPtrArray         *turns;           /* (element-type PwTurn) after the user prompt */

  /* Answer (owned) */
  GString           *text;
  GString           *pending;         /* a UTF-8 sequence still missing bytes */
  char              *model;
  char              *finish_reason;
  GError            *error;           /* (nullable) */
  GString           *refusal;         /* the model's refusal, not plan text */
  GPtrArray         *warnings;        /* (element-type utf8) NULL-terminated */

  /* The answer budget: text past it is dropped and over_budget set */
  gsize              max_bytes;
  guint              max_lines;
  guint              lines;
  gboolean           over_budget;

  /* State */
  PwGenerationState  state;
  PwGenerationEnd    end;
  guint              input_tokens;
  guint              output_tokens;
  gboolean           usage_known;
  guint              attempts;
  gint64             start_us;
  gint64             first_token_us;
  gint64             end_us;
  gint64             text_notified_us;
  gsize              emitted_len;     /* bytes of text already sent as "delta" */
  guint              hold_deltas;     /* inside a batch: deltas wait for its end */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_END,
  PROP_TEXT,
  PROP_TEXT_LENGTH,
  PROP_INPUT_TOKENS,
  PROP_OUTPUT_TOKENS,
  PROP_USAGE_KNOWN,
  PROP_TIME_TO_FIRST_TOKEN,
  PROP_TOKENS_PER_SECOND,
  PROP_DURATION,
  PROP_MODEL,
  PROP_FINISH_REASON,
  PROP_ATTEMPTS,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGNAL_DELTA,
  SIGNAL_RETRYING,
  SIGNAL_WARNING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PwGeneration, pw_generation, G_TYPE_OBJECT)

static guint
count_newlines (const char *text,
                gsize       length)
{
  const char *p = text;
  const char *end = text + length;
  guint n = 0;

  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      n++;
      p++;
    }

  return n;
}

const char *
pw_generation_end_to_string (PwGenerationEnd end)
{
  switch (end)
    {
    case PW_GENERATION_END_NONE:
      return "none";
    case PW_GENERATION_END_COMPLETE:
      return "complete";
    case PW_GENERATION_END_INCOMPLETE:
      return "incomplete";
    case PW_GENERATION_END_CANCELLED:
      return "cancelled";
    case PW_GENERATION_END_ERROR:
      return "error";
    case PW_GENERATION_END_TRUNCATED:
      return "truncated";
    case PW_GENERATION_END_REFUSED:
      return "refused";
    default:
      return "unknown";
    }
}

static void
turn_free (PwTurn *turn)
{
  g_free (turn->content);
  g_free (turn);
}

static void
pw_generation_finalize (GObject *object)
{
  PwGeneration *self = (PwGeneration *) object;

  g_free (self->system_prompt);
  g_free (self->user_prompt);
  g_free (self->template_id);
  g_free (self->template_title);
  g_strfreev (self->sections);
  g_clear_pointer (&self->endpoint, pw_endpoint_free);
  g_clear_pointer (&self->more_endpoints, g_ptr_array_unref);
  g_free (self->feature);
  for (guint i = 0; i < PW_N_DOCUMENT_ROLES; i++)
    {
      g_free (self->doc_text[i]);
      g_free (self->doc_path[i]);
    }
  g_free (self->types_text);
  g_free (self->types_path);
  g_string_free (self->text, TRUE);
  g_string_free (self->pending, TRUE);
  g_free (self->model);
  g_free (self->finish_reason);
  g_clear_error (&self->error);
  g_string_free (self->refusal, TRUE);
  g_ptr_array_unref (self->warnings);
  g_free (self->continued_text);
  g_free (self->continue_prompt);
  g_ptr_array_unref (self->turns);

  G_OBJECT_CLASS (pw_generation_parent_class)->finalize (object);
}

static void
pw_generation_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PwGeneration *self = PW_GENERATION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_END:
      g_value_set_int (value, self->end);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text->str);
      break;
    case PROP_TEXT_LENGTH:
      g_value_set_uint64 (value, self->text->len);
      break;
    case PROP_INPUT_TOKENS:
      g_value_set_uint (value, self->input_tokens);
      break;
    case PROP_OUTPUT_TOKENS:
      g_value_set_uint (value, pw_generation_get_output_tokens (self));
      break;
    case PROP_USAGE_KNOWN:
      g_value_set_boolean (value, self->usage_known);
      break;
    case PROP_TIME_TO_FIRST_TOKEN:
      g_value_set_double (value, pw_generation_get_time_to_first_token (self));
      break;
    case PROP_TOKENS_PER_SECOND:
      g_value_set_double (value, pw_generation_get_tokens_per_second (self));
      break;
    case PROP_DURATION:
      g_value_set_double (value, pw_generation_get_duration (self));
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_FINISH_REASON:
      g_value_set_string (value, self->finish_reason);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_generation_class_init (PwGenerationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pw_generation_finalize;
  object_class->get_property = pw_generation_get_property;

  /* Plain ints rather than registered enums keep the core free of
   * generated enum code; the values are PwGenerationState/End. */
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, PW_GENERATION_STATE_FINISHED,
                                             0, flags);
  properties[PROP_END] = g_param_spec_int ("end", NULL, NULL, 0, PW_GENERATION_END_REFUSED, 0,
                                           flags);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_TEXT_LENGTH] = g_param_spec_uint64 ("text-length", NULL, NULL,
                                                      0, G_MAXUINT64, 0, flags);
  properties[PROP_INPUT_TOKENS] = g_param_spec_uint ("input-tokens", NULL, NULL,
                                                     0, G_MAXUINT, 0, flags);
  properties[PROP_OUTPUT_TOKENS] = g_param_spec_uint ("output-tokens", NULL, NULL,
                                                      0, G_MAXUINT, 0, flags);
  properties[PROP_USAGE_KNOWN] = g_param_spec_boolean ("usage-known", NULL, NULL, FALSE, flags);
  properties[PROP_TIME_TO_FIRST_TOKEN] = g_param_spec_double ("time-to-first-token", NULL, NULL,
                                                              -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_TOKENS_PER_SECOND] = g_param_spec_double ("tokens-per-second", NULL, NULL,
                                                            0, G_MAXDOUBLE, 0, flags);
  properties[PROP_DURATION] = g_param_spec_double ("duration", NULL, NULL,
                                                   0, G_MAXDOUBLE, 0, flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, NULL, flags);
  properties[PROP_FINISH_REASON] = g_param_spec_string ("finish-reason", NULL, NULL, NULL, flags);
  properties[PROP_ATTEMPTS] = g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwGeneration::delta:
   * @text: the new text, whole UTF-8 characters only
   */
  signals[SIGNAL_DELTA] = g_signal_new ("delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * PwGeneration::retrying:
   * @attempt: the attempt that failed, from 1
   * @delay_ms: how long until the next attempt
   * @reason: a translated sentence
   */
  signals[SIGNAL_RETRYING] = g_signal_new ("retrying", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                           G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);

  /**
   * PwGeneration::warning:
   * @message: a translated sentence
   */
  signals[SIGNAL_WARNING] = g_signal_new ("warning", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pw_generation_init (PwGeneration *self)
{
  self->text = g_string_new (NULL);
  self->pending = g_string_new (NULL);
  self->refusal = g_string_new (NULL);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->turns = g_ptr_array_new_with_free_func ((GDestroyNotify) turn_free);
  self->first_token_us = -1;
}

/**
 * pw_generation_new:
 * @system_prompt: (nullable): the system prompt
 * @user_prompt: the user message, such as the assembled planning prompt
 *
 * Returns: (transfer full): a new idle generation
 */
PwGeneration *
pw_generation_new (const char *system_prompt,
                   const char *user_prompt)
{
  PwGeneration *self = g_object_new (PW_TYPE_GENERATION, NULL);

  self->system_prompt = g_strdup (system_prompt);
  self->user_prompt = g_strdup (user_prompt != NULL ? user_prompt : "");

  return self;
}

const char *
pw_generation_get_system_prompt (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->system_prompt;
}

const char *
pw_generation_get_user_prompt (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->user_prompt;
}

PwGenerationState
pw_generation_get_state (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), PW_GENERATION_STATE_IDLE);
  return self->state;
}

PwGenerationEnd
pw_generation_get_end (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), PW_GENERATION_END_NONE);
  return self->end;
}

/**
 * pw_generation_get_text:
 *
 * Returns: the text received so far; after an error or a cancel, the
 *   partial text
 */
const char *
pw_generation_get_text (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->text->str;
}

gsize
pw_generation_get_text_length (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), 0);
  return self->text->len;
}

guint
pw_generation_get_input_tokens (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), 0);
  return self->input_tokens;
}

/**
 * pw_generation_get_output_tokens:
 *
 * Returns: the output tokens the server reported, or an estimate from the
 *   text when it reported none (see pw_generation_get_usage_known())
 */
guint
pw_generation_get_output_tokens (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), 0);

  if (self->usage_known)
    return self->output_tokens;
  return (guint) MIN (pw_estimate_tokens (self->text->str, self->text->len), G_MAXUINT);
}

gboolean
pw_generation_get_usage_known (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), FALSE);
  return self->usage_known;
}

/**
 * pw_generation_get_time_to_first_token:
 *
 * Returns: seconds from the start to the first text, or -1
 */
double
pw_generation_get_time_to_first_token (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), -1);

  if (self->first_token_us < 0)
    return -1;
  return (self->first_token_us - self->start_us) / (double) G_USEC_PER_SEC;
}

/**
 * pw_generation_get_tokens_per_second:
 *
 * Returns: output tokens per second of streaming after the first token,
 *   or 0 when that cannot be measured yet
 */
double
pw_generation_get_tokens_per_second (PwGeneration *self)
{
  gint64 until;
  double seconds;

  g_return_val_if_fail (PW_IS_GENERATION (self), 0);

  if (self->first_token_us < 0)
    return 0;

  until = self->end_us > 0 ? self->end_us : g_get_monotonic_time ();
  seconds = (until - self->first_token_us) / (double) G_USEC_PER_SEC;
  if (seconds <= 0.001)
    return 0;

  return pw_generation_get_output_tokens (self) / seconds;
}

double
pw_generation_get_duration (PwGeneration *self)
{
  gint64 until;

  g_return_val_if_fail (PW_IS_GENERATION (self), 0);

  if (self->start_us == 0)
    return 0;
  until = self->end_us > 0 ? self->end_us : g_get_monotonic_time ();
  return (until - self->start_us) / (double) G_USEC_PER_SEC;
}

const char *
pw_generation_get_model (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->model;
}

const char *
pw_generation_get_finish_reason (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->finish_reason;
}

guint
pw_generation_get_attempts (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), 0);
  return self->attempts;
}

/**
 * pw_generation_get_error:
 *
 * Returns: (nullable): why the generation did not complete
 */
const GError *
pw_generation_get_error (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->error;
}

/**
 * pw_generation_set_template_info:
 * @template_id: the template's identifier, such as "endpoints-plan"
 * @template_title: (nullable): its title
 * @sections: (nullable) (array zero-terminated=1): the section headings the
 *   plan must have, in order
 *
 * Tells the offline draft planner which plan to build.
 */
void
pw_generation_set_template_info (PwGeneration       *self,
                                 const char         *template_id,
                                 const char         *template_title,
                                 const char * const *sections)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  g_free (self->template_id);
  self->template_id = g_strdup (template_id);
  g_free (self->template_title);
  self->template_title = g_strdup (template_title);
  g_strfreev (self->sections);
  self->sections = g_strdupv ((char **) sections);
}

/**
 * pw_generation_set_target:
 * @endpoint: (nullable): the endpoint the plan is for
 * @feature: (nullable): the feature the plan is for, when not an endpoint
 */
void
pw_generation_set_target (PwGeneration     *self,
                          const PwEndpoint *endpoint,
                          const char       *feature)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  g_clear_pointer (&self->endpoint, pw_endpoint_free);
  g_clear_pointer (&self->more_endpoints, g_ptr_array_unref);
  if (endpoint != NULL)
    self->endpoint = pw_endpoint_copy (endpoint);
  g_free (self->feature);
  self->feature = g_strdup (feature);
}

/**
 * pw_generation_set_document_text:
 * @role: which planning document
 * @path: (nullable): its path relative to the repository
 * @text: (nullable): its text
 */
void
pw_generation_set_document_text (PwGeneration   *self,
                                 PwDocumentRole  role,
                                 const char     *path,
                                 const char     *text)
{
  g_return_if_fail (PW_IS_GENERATION (self));
  g_return_if_fail ((guint) role < PW_N_DOCUMENT_ROLES);

  g_free (self->doc_text[role]);
  self->doc_text[role] = g_strdup (text);
  g_free (self->doc_path[role]);
  self->doc_path[role] = g_strdup (path);
}

const char *
pw_generation_get_template_id (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->template_id;
}

const char *
pw_generation_get_template_title (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->template_title;
}

const char * const *
pw_generation_get_sections (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return (const char * const *) self->sections;
}

const PwEndpoint *
pw_generation_get_endpoint (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->endpoint;
}

const char *
pw_generation_get_feature (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->feature;
}

const char *
pw_generation_get_document_text (PwGeneration   *self,
                                 PwDocumentRole  role)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  g_return_val_if_fail ((guint) role < PW_N_DOCUMENT_ROLES, NULL);
  return self->doc_text[role];
}

const char *
pw_generation_get_document_path (PwGeneration   *self,
                                 PwDocumentRole  role)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  g_return_val_if_fail ((guint) role < PW_N_DOCUMENT_ROLES, NULL);
  return self->doc_path[role];
}

/**
 * pw_generation_set_types_text:
 * @path: (nullable): the shared types file, relative to the repository
 * @text: (nullable): its text
 *
 * The repository's shared types (`src/types.ts`), whose names the offline
 * draft reuses.
 */
void
pw_generation_set_types_text (PwGeneration *self,
                              const char   *path,
                              const char   *text)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  g_free (self->types_text);
  self->types_text = g_strdup (text);
  g_free (self->types_path);
  self->types_path = g_strdup (path);
}

const char *
pw_generation_get_types_text (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->types_text;
}

const char *
pw_generation_get_types_path (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->types_path;
}

/**
 * pw_generation_begin:
 * @model: (nullable): the model requested
 *
 * Resets the answer and starts the clock.  For providers.
 */
void
pw_generation_begin (PwGeneration *self,
                     const char   *model)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  g_string_truncate (self->text, 0);
  g_string_truncate (self->pending, 0);
  g_string_truncate (self->refusal, 0);
  g_ptr_array_set_size (self->warnings, 0);
  self->over_budget = FALSE;
  /* A continuation's text starts with the answer it carries on; only the
   * new text is sent as deltas. */
  if (self->continued_text != NULL)
    g_string_append (self->text, self->continued_text);
  self->lines = count_newlines (self->text->str, self->text->len);
  self->emitted_len = self->text->len;
  g_clear_error (&self->error);
  g_clear_pointer (&self->finish_reason, g_free);
  g_free (self->model);
  self->model = g_strdup (model);
  self->input_tokens = self->output_tokens = 0;
  self->usage_known = FALSE;
  self->attempts = 0;
  self->start_us = g_get_monotonic_time ();
  self->first_token_us = -1;
  self->end_us = 0;
  self->end = PW_GENERATION_END_NONE;
  self->state = PW_GENERATION_STATE_IDLE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

void
pw_generation_set_state (PwGeneration      *self,
                         PwGenerationState  state)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  if (state == PW_GENERATION_STATE_CONNECTING)
    {
      self->attempts++;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/* Sends the text appended since the last delta as one "delta".  The
 * signal's string is the tail of the text itself (static scope): no copy. */
static void
flush_deltas (PwGeneration *self)
{
  const char *delta;
  gint64 now;

  if (self->text->len == self->emitted_len)
    return;

  delta = self->text->str + self->emitted_len;
  self->emitted_len = self->text->len;
  g_signal_emit (self, signals[SIGNAL_DELTA], 0, delta);

  now = g_get_monotonic_time ();
  if (now - self->text_notified_us >= TEXT_NOTIFY_INTERVAL)
    {
      self->text_notified_us = now;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_LENGTH]);
    }
}

/**
 * pw_generation_hold_deltas:
 *
 * The HTTP driver holds deltas while it parses one network read, so that
 * the many events of a fast stream make one "delta" (or one per
 * DELTA_BATCH_SIZE bytes) rather than one each.  Everything of a read is
 * released (pw_generation_release_deltas()) before the driver waits for
 * the next, so no text waits on the network and cancellation stays
 * prompt.  Holds nest.
 */
void
pw_generation_hold_deltas (PwGeneration *self)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  self->hold_deltas++;
}

void
pw_generation_release_deltas (PwGeneration *self)
{
  g_return_if_fail (PW_IS_GENERATION (self));
  g_assert (self->hold_deltas > 0);

  if (--self->hold_deltas == 0)
    flush_deltas (self);
}

/* How much of @text fits in the answer budget; sets over_budget when not
 * all of it does. */
static gsize
fit_budget (PwGeneration *self,
            const char   *text,
            gsize         length)
{
  gsize fits = length;
  const char *p = text;
  const char *end = text + length;
  guint lines = self->lines;

  if (self->max_bytes > 0 && self->text->len + length > self->max_bytes)
    {
      const char *cut = text + (self->max_bytes > self->text->len
                                ? self->max_bytes - self->text->len : 0);

      /* Whole characters only: back up to the start of the one cut. */
      while (cut > text && (*cut & 0xC0) == 0x80)
        cut--;
      fits = cut - text;
      self->over_budget = TRUE;
    }

  /* A line is whole with its newline: text after the last allowed one
   * is over. */
  if (self->max_lines > 0 && lines >= self->max_lines && fits > 0)
    {
      fits = 0;
      self->over_budget = TRUE;
    }
  while (self->max_lines > 0 && p < text + fits && (p = memchr (p, '\n', end - p)) != NULL &&
         p < text + fits)
    {
      p++;
      if (++lines == self->max_lines && p < text + fits)
        {
          fits = p - text;
          self->over_budget = TRUE;
        }
    }
  self->lines = lines;

  return fits;
}

static void
emit_text (PwGeneration *self,
           const char   *text,
           gsize         length)
{
  if (self->over_budget)
    return;
  if (self->max_bytes > 0 || self->max_lines > 0)
    length = fit_budget (self, text, length);
  if (length == 0)
    return;

  if (self->first_token_us < 0)
    {
      self->first_token_us = g_get_monotonic_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_TO_FIRST_TOKEN]);
    }
  if (self->state != PW_GENERATION_STATE_STREAMING)
    pw_generation_set_state (self, PW_GENERATION_STATE_STREAMING);

  g_string_append_len (self->text, text, length);
  if (self->hold_deltas == 0 || self->text->len - self->emitted_len >= DELTA_BATCH_SIZE)
    flush_deltas (self);
}

/**
 * pw_generation_append:
 * @text: (array length=length): new bytes of the answer
 * @length: their length
 *
 * Adds text.  A UTF-8 sequence cut at the end of @text is held back until
 * its remaining bytes arrive, so #PwGeneration::delta only ever carries
 * whole characters; invalid bytes become U+FFFD.  For providers.
 */
void
pw_generation_append (PwGeneration *self,
                      const char   *text,
                      gsize         length)
{
  g_autofree char *joined = NULL;
  const char *p;
  const char *end;

  g_return_if_fail (PW_IS_GENERATION (self));

  if (self->pending->len > 0)
    {
      g_string_append_len (self->pending, text, length);
      length = self->pending->len;
      joined = g_string_free (g_steal_pointer (&self->pending), FALSE);
      self->pending = g_string_new (NULL);
      text = joined;
    }

  p = text;
  end = text + length;
  while (p < end)
    {
      const char *valid_end;
      gunichar c;

      g_utf8_validate_len (p, end - p, &valid_end);
      emit_text (self, p, valid_end - p);
      p = valid_end;
      if (p == end)
        break;

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -2)
        {
          /* A sequence cut short: wait for the rest. */
          g_string_append_len (self->pending, p, end - p);
          return;
        }

      emit_text (self, "\xEF\xBF\xBD", 3);
      p++;
    }
}

/* Whether @json has a \u escape.  A doubled backslash before a u counts
 * too, which only costs a validation. */
static gboolean
has_unicode_escape (const char *json,
                    gsize       length)
{
  const char *p = json;
  const char *end = json + length;

  while (p < end && (p = memchr (p, '\\', end - p)) != NULL)
    {
      if (p + 1 < end && p[1] == 'u')
        return TRUE;
      p += 2;
    }

  return FALSE;
}

/**
 * pw_generation_append_from_json:
 * @text: (array length=length): a string that json-glib decoded from @json
 * @length: its length
 * @json: (array length=json_length) (nullable): the document it was decoded
 *   from; %NULL to validate @text
 * @json_length: the document's length
 *
 * Like pw_generation_append() for text taken out of a JSON document with
 * json-glib, without validating the same bytes twice: json-glib accepts
 * only valid UTF-8, and decoding can only produce an invalid sequence
 * from a \u escape (a lone surrogate such as \ud800 comes out as bytes
 * that are not UTF-8).  So unless @json has a \u escape, or is %NULL, or
 * a cut character is still pending, @text is appended as is.  For
 * providers.
 */
void
pw_generation_append_from_json (PwGeneration *self,
                                const char   *text,
                                gsize         length,
                                const char   *json,
                                gsize         json_length)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  if (self->pending->len > 0 || json == NULL || has_unicode_escape (json, json_length))
    {
      pw_generation_append (self, text, length);
      return;
    }

  emit_text (self, text, length);
}

/**
 * pw_generation_set_usage:
 * @input_tokens: input tokens, or -1 to keep the known value
 * @output_tokens: output tokens, or -1 to keep the known value
 */
void
pw_generation_set_usage (PwGeneration *self,
                         gint64        input_tokens,
                         gint64        output_tokens)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  if (input_tokens >= 0)
    {
      self->input_tokens = (guint) MIN (input_tokens, G_MAXUINT);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_TOKENS]);
    }
  if (output_tokens >= 0)
    {
      self->output_tokens = (guint) MIN (output_tokens, G_MAXUINT);
      self->usage_known = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_TOKENS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE_KNOWN]);
    }
}

void
pw_generation_set_model (PwGeneration *self,
                         const char   *model)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;
  g_free (self->model);
  self->model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

void
pw_generation_set_finish_reason (PwGeneration *self,
                                 const char   *reason)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  if (g_strcmp0 (self->finish_reason, reason) == 0)
    return;
  g_free (self->finish_reason);
  self->finish_reason = g_strdup (reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISH_REASON]);
}

void
pw_generation_retrying (PwGeneration *self,
                        guint         delay_ms,
                        const char   *reason)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  pw_generation_set_state (self, PW_GENERATION_STATE_RETRYING);
  g_signal_emit (self, signals[SIGNAL_RETRYING], 0, self->attempts, delay_ms, reason);
}

/**
 * pw_generation_finish:
 * @end: how it ended
 * @error: (nullable): why, unless @end is %PW_GENERATION_END_COMPLETE
 *
 * For providers.
 */
void
pw_generation_finish (PwGeneration    *self,
                      PwGenerationEnd  end,
                      const GError    *error)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  /* Bytes of a cut character at the very end are not text. */
  g_string_truncate (self->pending, 0);
  flush_deltas (self);

  self->end_us = g_get_monotonic_time ();
  self->end = end;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_LENGTH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_TOKENS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKENS_PER_SECOND]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
  pw_generation_set_state (self, PW_GENERATION_STATE_FINISHED);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * pw_generation_get_refusal:
 *
 * Returns: the model's refusal (OpenAI's delta.refusal), empty unless it
 *   refused; it is never part of the text
 */
const char *
pw_generation_get_refusal (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->refusal->str;
}

/**
 * pw_generation_get_warnings:
 *
 * Returns: (array zero-terminated=1): the warnings of the last run, in the
 *   order they came
 */
const char * const *
pw_generation_get_warnings (PwGeneration *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);

  if (self->warnings->len == 0)
    return none;
  return (const char * const *) self->warnings->pdata;
}

/**
 * pw_generation_set_continuation:
 * @answer_so_far: (nullable): the answer of a generation that stopped at
 *   the token limit, or %NULL for a fresh request
 * @continue_prompt: (nullable): the user message that asks the model to
 *   carry on
 *
 * Makes the request a continuation: the providers send the answer so far
 * as the assistant's message and @continue_prompt after it, and the text
 * of this generation starts with @answer_so_far (deltas carry only the
 * new text).
 */
void
pw_generation_set_continuation (PwGeneration *self,
                                const char   *answer_so_far,
                                const char   *continue_prompt)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  g_free (self->continued_text);
  self->continued_text = g_strdup (answer_so_far);
  g_free (self->continue_prompt);
  self->continue_prompt = g_strdup (continue_prompt);
}

/**
 * pw_generation_add_turn:
 * @role: whose turn it is
 * @content: what was said
 *
 * Adds a turn to the conversation after the user prompt, such as the plan
 * the model wrote (%PW_TURN_ASSISTANT) and the notes on it (%PW_TURN_USER):
 * the providers send the turns in order as messages with their roles.
 */
void
pw_generation_add_turn (PwGeneration *self,
                        PwTurnRole    role,
                        const char   *content)
{
  PwTurn *turn;

  g_return_if_fail (PW_IS_GENERATION (self));
  g_return_if_fail (role == PW_TURN_USER || role == PW_TURN_ASSISTANT);
  g_return_if_fail (content != NULL);

  turn = g_new0 (PwTurn, 1);
  turn->role = role;
  turn->content = g_strdup (content);
  g_ptr_array_add (self->turns, turn);
}

guint
pw_generation_get_n_turns (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), 0);
  return self->turns->len;
}

/**
 * pw_generation_get_turn:
 * @i: 0-based, the first turn after the user prompt
 *
 * Returns: (transfer none): the turn
 */
const PwTurn *
pw_generation_get_turn (PwGeneration *self,
                        guint         i)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  g_return_val_if_fail (i < self->turns->len, NULL);
  return g_ptr_array_index (self->turns, i);
}

const char *
pw_turn_role_to_string (PwTurnRole role)
{
  return role == PW_TURN_ASSISTANT ? "assistant" : "user";
}

/**
 * pw_generation_get_continued_text:
 *
 * Returns: (nullable): the answer this generation continues
 */
const char *
pw_generation_get_continued_text (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->continued_text;
}

const char *
pw_generation_get_continue_prompt (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), NULL);
  return self->continue_prompt;
}

/**
 * pw_generation_append_refusal:
 *
 * Keeps a refusal the model sent instead of text.  For providers.
 */
void
pw_generation_append_refusal (PwGeneration *self,
                              const char   *text,
                              gsize         length)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  if (self->refusal->len < 64 * 1024)
    g_string_append_len (self->refusal, text, MIN (length, 64 * 1024));
}

/**
 * pw_generation_set_budget:
 * @max_bytes: the most bytes of text, 0 for no bound
 * @max_lines: the most lines of text, 0 for no bound
 *
 * Text past the budget is dropped and pw_generation_get_over_budget()
 * turns %TRUE; the text within it is kept.  For providers.
 */
void
pw_generation_set_budget (PwGeneration *self,
                          gsize         max_bytes,
                          guint         max_lines)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  self->max_bytes = max_bytes;
  self->max_lines = max_lines;
}

gboolean
pw_generation_get_over_budget (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), FALSE);
  return self->over_budget;
}

/**
 * pw_generation_has_new_text:
 *
 * Returns: whether text came since pw_generation_begin() (a
 *   continuation's earlier answer does not count)
 */
gboolean
pw_generation_has_new_text (PwGeneration *self)
{
  g_return_val_if_fail (PW_IS_GENERATION (self), FALSE);
  return self->first_token_us >= 0;
}

/**
 * pw_generation_add_warning:
 * @message: a translated sentence
 *
 * For providers.
 */
void
pw_generation_add_warning (PwGeneration *self,
                           const char   *message)
{
  g_return_if_fail (PW_IS_GENERATION (self));

  g_ptr_array_add (self->warnings, g_strdup (message));
  g_signal_emit (self, signals[SIGNAL_WARNING], 0, message);
}

/**
 * pw_generation_estimate_prompt_tokens:
 *
 * Returns: the estimated tokens of everything the request sends: the
 *   system prompt, the user prompt and a continuation's answer so far
 */
guint
pw_generation_estimate_prompt_tokens (PwGeneration *self)
{
  const char *parts[4];
  gsize total = 0;

  g_return_val_if_fail (PW_IS_GENERATION (self), 0);

  parts[0] = self->system_prompt;
  parts[1] = self->user_prompt;
  parts[2] = self->continued_text;
  parts[3] = self->continue_prompt;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      total += pw_estimate_tokens (parts[i], strlen (parts[i]));
  for (guint i = 0; i < self->turns->len; i++)
    {
      const PwTurn *turn = g_ptr_array_index (self->turns, i);

      total += pw_estimate_tokens (turn->content, strlen (turn->content));
    }

  return (guint) MIN (total, G_MAXUINT);
}

/**
 * pw_generation_add_endpoint:
 * @endpoint: one more endpoint the plan is for, after the target's
 *
 * A plan for several endpoints: the target (pw_generation_set_target())
 * is the first, each call adds the next.
 */
void
pw_generation_add_endpoint (PwGeneration     *self,
                            const PwEndpoint *endpoint)
{
  g_return_if_fail (PW_IS_GENERATION (self));
  g_return_if_fail (endpoint != NULL);

  if (self->more_endpoints == NULL)
    self->more_endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_endpoint_free);
  g_ptr_array_add (self->more_endpoints, pw_endpoint_copy (endpoint));
}

/**
 * pw_generation_dup_endpoints:
 *
 * Returns: (transfer container) (element-type PwEndpoint): every endpoint
 *   the plan is for, the target's first; empty for a feature
 */
GPtrArray *
pw_generation_dup_endpoints (PwGeneration *self)
{
  GPtrArray *endpoints = g_ptr_array_new ();

  g_return_val_if_fail (PW_IS_GENERATION (self), endpoints);

  if (self->endpoint != NULL)
    g_ptr_array_add (endpoints, self->endpoint);
  for (guint i = 0; self->more_endpoints != NULL && i < self->more_endpoints->len; i++)
    g_ptr_array_add (endpoints, g_ptr_array_index (self->more_endpoints, i));
  return endpoints;
}
