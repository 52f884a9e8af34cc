/* pw-plan-run.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-run"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "pw-draft-sources.h"
#include "pw-export.h"
#include "pw-file-io.h"
#include "pw-history.h"
#include "pw-plan-run.h"
#include "pw-plan.h"
#include "pw-revision.h"
#include "pw-template.h"
#include "pw-utils.h"
#include "pw-workspace.h"

/* One generation of a plan, said once for `planwright plan` and the Plans
 * page. An attempt goes:
 *
 *   prepare     the template, the prompt and the provider (once per run;
 *               a retry reuses them)
 *   generate    a new PwGeneration and a new PwPlan fed from its deltas
 *   write       the exported plan, when the spec names an output
 *   record      one history entry, however the attempt ended, once a
 *               generation was started
 *
 * and then the attempt's task returns. The state says where it is. */

struct _PwPlanRun
{
  GObject          parent_instance;

  /* owned */
  PwWorkspace     *workspace;
  PwPlanSpec      *spec;
  char            *subject;        /* (nullable) */
  PwTemplate      *template;       /* (nullable) until prepared */
  PwPromptResult  *prompt;         /* (nullable) until prepared */
  char           **input_hashes;   /* (nullable) "id=sha256", from the prompt */
  PwProvider      *provider;       /* (nullable) until prepared */
  PwDraftSources  *sources;        /* (nullable) what an offline draft reads besides
                                    * the documents, read while preparing */
  char            *provider_name;  /* (nullable) until prepared */
  char            *secret;         /* (nullable) scrubbed when the run goes */
  PwGeneration    *generation;     /* (nullable) the last attempt's */
  PwPlan          *plan;
  GError          *error;          /* (nullable) how the last attempt failed */
  char            *output_path;    /* (nullable) where the plan was written */
  GError          *history_error;  /* (nullable) */
  GTask           *task;           /* (nullable) the attempt running */
  GCancellable    *cancellable;    /* (nullable) the attempt's */
  GCancellable    *caller_cancellable; /* (nullable) the caller's, forwarded */
  char            *continue_from;  /* (nullable) the answer the attempt continues */
  gboolean         replace_own;    /* a continuation replaces the file its truncated
                                    * attempt wrote */
  PwRevision      *revision;       /* (nullable) a revision with notes, not a new plan */
  char            *revised_text;   /* (nullable) the revision's new version */
  guint            carried;        /* ticks the new version carried over */

  /* state */
  gulong           caller_cancel_id;
  guint            attempts;
  PwPlanRunState   state;
};

/* What a continuation asks after the answer so far; the model reads it,
 * so it is not translated. */
#define CONTINUE_PROMPT \
  "Your answer stopped at the output limit. Continue exactly where it stopped, without " \
  "repeating anything and without any preamble."

G_DEFINE_FINAL_TYPE (PwPlanRun, pw_plan_run, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PwPlanRunState, pw_plan_run_state,
  G_DEFINE_ENUM_VALUE (PW_PLAN_RUN_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (PW_PLAN_RUN_STATE_PREPARING, "preparing"),
  G_DEFINE_ENUM_VALUE (PW_PLAN_RUN_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (PW_PLAN_RUN_STATE_STREAMING, "streaming"),
  G_DEFINE_ENUM_VALUE (PW_PLAN_RUN_STATE_SUCCEEDED, "succeeded"),
  G_DEFINE_ENUM_VALUE (PW_PLAN_RUN_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (PW_PLAN_RUN_STATE_CANCELLED, "cancelled"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_PROMPT,
  PROP_PROVIDER_NAME,
  PROP_GENERATION,
  PROP_PLAN,
  N_PROPS
};

enum {
  DELTA,
  RETRYING,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_state (PwPlanRun      *self,
           PwPlanRunState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
scrub_secret (PwPlanRun *self)
{
  if (self->secret != NULL)
    memset (self->secret, 0, strlen (self->secret));
  g_clear_pointer (&self->secret, g_free);
}

/* ------------------------------------------------------------------ */
/* Ending an attempt                                                   */
/* ------------------------------------------------------------------ */

static void
end_attempt (PwPlanRun *self,
             GError    *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  if (self->caller_cancel_id != 0)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_cancel_id);
  self->caller_cancel_id = 0;
  g_clear_object (&self->caller_cancellable);
  g_clear_object (&self->cancellable);

  g_clear_error (&self->error);
  if (error == NULL)
    set_state (self, PW_PLAN_RUN_STATE_SUCCEEDED);
  else
    {
      self->error = g_error_copy (error);
      set_state (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                         ? PW_PLAN_RUN_STATE_CANCELLED : PW_PLAN_RUN_STATE_FAILED);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

typedef struct
{
  PwPlanRun *self;
  GError    *error;   /* (nullable) the attempt's, returned once the entry is saved */
} Recording;

static void
history_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Recording *recording = user_data;
  g_autoptr(PwPlanRun) self = recording->self;

  if (!pw_history_append_finish (PW_HISTORY (source), result, &self->history_error))
    g_debug ("History not saved: %s", self->history_error->message);

  end_attempt (self, recording->error);
  g_free (recording);
}

/* Writes the history entry of the attempt, then ends it with @error. */
static void
record_history (PwPlanRun *self,
                GError    *error)
{
  g_autoptr(PwHistory) history = NULL;
  g_autoptr(JsonNode) entry = NULL;
  PwHistoryRecord record = { NULL, };
  Recording *recording;

  record.template_id = self->revision != NULL ? pw_revision_get_template_id (self->revision)
                                              : pw_template_get_id (self->template);
  record.subject = self->subject;
  record.prompt = self->prompt->text;
  record.input_hashes = (const char * const *) self->input_hashes;
  record.profile_name = self->provider_name;
  record.provider_kind = pw_provider_kind_to_string (pw_provider_get_kind (self->provider));
  record.output_path = self->output_path;

  recording = g_new0 (Recording, 1);
  recording->self = g_object_ref (self);
  recording->error = error;

  g_clear_error (&self->history_error);
  history = pw_history_new (pw_workspace_get_root (self->workspace));
  entry = pw_history_entry_new (self->generation, &record);
  if (self->revision != NULL)
    json_object_set_member (json_node_get_object (entry), "revision",
                            pw_revision_to_history_json (self->revision, self->revised_text));
  pw_history_append_async (history, entry, self->secret, NULL, history_saved_cb, recording);
}

/* ------------------------------------------------------------------ */
/* Writing the exported plan                                           */
/* ------------------------------------------------------------------ */

static char *
render_export (PwPlanRun *self)
{
  PwProvenance prov = { NULL, };

  prov.template_id = pw_template_get_id (self->template);
  prov.model = pw_generation_get_model (self->generation);
  prov.inputs = (const char * const *) self->input_hashes;

  return pw_export_render_text (pw_generation_get_text (self->generation),
                                pw_generation_get_text_length (self->generation),
                                self->template, &prov);
}

static gboolean
may_replace (PwPlanRun *self)
{
  return self->spec->force || (self->continue_from != NULL && self->replace_own);
}

static char *
write_to_repository (PwPlanRun   *self,
                     const char  *text,
                     GError     **error)
{
  g_autofree char *target = pw_export_target_path (self->template, self->subject);

  if (target == NULL)
    {
      g_set_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_INVALID,
                   _("“%s” gives an empty file name"), self->subject);
      return NULL;
    }
  if (!pw_export_write (self->workspace, target, text, may_replace (self), error))
    return NULL;

  return g_steal_pointer (&target);
}

static char *
write_to_file (PwPlanRun   *self,
               const char  *text,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (self->spec->output);
  GFile *root = pw_workspace_get_root (self->workspace);
  g_autofree char *root_path = g_file_get_path (root);
  g_autofree char *path = g_file_get_path (file);

  /* A file named anywhere is the user's choice; one in the repository
   * must not lead out of it through a symbolic link, as in export. */
  if (g_file_has_prefix (file, root) && !pw_path_resolves_inside (root_path, path))
    {
      g_set_error_literal (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE,
                           _("Refusing to write outside the repository"));
      return NULL;
    }
  if (!may_replace (self) && g_file_query_exists (file, NULL))
    {
      g_set_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT,
                   _("%s already exists"), self->spec->output);
      return NULL;
    }
  if (!pw_file_replace (file, text, strlen (text), NULL, PW_FILE_REPLACE_NONE, NULL, NULL, error))
    return NULL;

  return g_file_get_path (file);
}

/* Writes the exported plan where the spec says: the template's path in
 * the repository ("auto"), standard output ("-") or a file. */
static gboolean
write_output (PwPlanRun  *self,
              GError    **error)
{
  g_autofree char *text = NULL;
  const char *output = self->spec->output;

  g_clear_pointer (&self->output_path, g_free);
  if (self->revision != NULL && g_str_equal (output, "auto"))
    {
      g_set_error_literal (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_INVALID,
                           _("A revision is written to a file or to standard output"));
      return FALSE;
    }

  text = self->revision != NULL ? g_strdup (self->revised_text) : render_export (self);
  if (g_str_equal (output, "auto"))
    self->output_path = write_to_repository (self, text, error);
  else if (g_str_equal (output, "-"))
    {
      pw_text_print_document (text, -1);
      self->output_path = g_strdup ("-");
    }
  else
    self->output_path = write_to_file (self, text, error);

  return self->output_path != NULL;
}

/* ------------------------------------------------------------------ */
/* Generating                                                          */
/* ------------------------------------------------------------------ */

static void
generation_delta_cb (PwGeneration *generation,
                     const char   *text,
                     PwPlanRun    *self)
{
  pw_plan_append (self->plan, text, -1);
  g_signal_emit (self, signals[DELTA], 0, text);
}

static void
generation_state_cb (PwGeneration *generation,
                     GParamSpec   *pspec,
                     PwPlanRun    *self)
{
  switch (pw_generation_get_state (generation))
    {
    case PW_GENERATION_STATE_STREAMING:
      set_state (self, PW_PLAN_RUN_STATE_STREAMING);
      break;
    case PW_GENERATION_STATE_IDLE:
    case PW_GENERATION_STATE_CONNECTING:
    case PW_GENERATION_STATE_WAITING:
    case PW_GENERATION_STATE_RETRYING:
      set_state (self, PW_PLAN_RUN_STATE_WAITING);
      break;
    case PW_GENERATION_STATE_FINISHED:
    default:
      break;
    }
}

static void
generation_retrying_cb (PwGeneration *generation,
                        guint         attempt,
                        guint         delay_ms,
                        const char   *reason,
                        PwPlanRun    *self)
{
  g_signal_emit (self, signals[RETRYING], 0, attempt, delay_ms, reason);
}

static void
generate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PwPlanRun) self = user_data;
  GError *error = NULL;

  gboolean ok;

  g_signal_handlers_disconnect_by_data (self->generation, self);
  pw_plan_finish (self->plan);

  /* A plan cut at the token limit is written too (the tokens are paid
   * for), but the attempt still ends with the truncation. */
  ok = pw_provider_generate_finish (PW_PROVIDER (source), result, &error);
  if (ok && self->revision != NULL)
    {
      g_clear_pointer (&self->revised_text, g_free);
      self->revised_text = pw_revision_apply (self->revision,
                                              pw_generation_get_text (self->generation),
                                              pw_generation_get_model (self->generation),
                                              &self->carried, &error);
      ok = self->revised_text != NULL;
    }
  /* A revision cut short is not a version: it is not written. */
  if (self->spec->output != NULL &&
      (ok || (self->revision == NULL
              && g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TRUNCATED))))
    {
      GError *write_error = NULL;

      if (!write_output (self, &write_error))
        {
          g_clear_error (&error);
          error = write_error;
        }
    }

  record_history (self, error);
}

static void
start_generation (PwPlanRun *self)
{
  g_clear_object (&self->generation);
  if (self->revision != NULL)
    self->generation = pw_revision_new_generation (self->revision);
  else
    self->generation = pw_planning_new_generation (self->workspace, self->template, self->prompt,
                                                   self->spec);
  if (self->sources != NULL && self->revision == NULL)
    pw_draft_sources_apply (self->sources, self->generation);
  if (self->continue_from != NULL)
    pw_generation_set_continuation (self->generation, self->continue_from, CONTINUE_PROMPT);
  g_signal_connect (self->generation, "delta", G_CALLBACK (generation_delta_cb), self);
  g_signal_connect (self->generation, "notify::state", G_CALLBACK (generation_state_cb), self);
  g_signal_connect (self->generation, "retrying", G_CALLBACK (generation_retrying_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);

  set_state (self, PW_PLAN_RUN_STATE_WAITING);
  pw_provider_generate_async (self->provider, self->generation, self->cancellable,
                              generate_done_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Preparing                                                           */
/* ------------------------------------------------------------------ */

/* What a worker thread finds for an attempt: the template and the
 * provider's options, both of which block (template files, profiles, the
 * keyring). */
typedef struct
{
  GFile             *root;
  PwTemplate        *template;        /* (nullable) in: an earlier attempt's */
  GError            *template_error;  /* (nullable) */
  PwProviderOptions *options;         /* (nullable) */
  PwProviderKind     kind;
  char              *secret;          /* (nullable) */
  GError            *provider_error;  /* (nullable) */
  PwDraftSources    *sources;         /* (nullable) read when the draft is offline */
} Preparation;

static void
preparation_free (Preparation *prep)
{
  g_clear_object (&prep->root);
  g_clear_object (&prep->template);
  g_clear_error (&prep->template_error);
  g_clear_pointer (&prep->options, pw_provider_options_free);
  if (prep->secret != NULL)
    memset (prep->secret, 0, strlen (prep->secret));
  g_clear_pointer (&prep->secret, g_free);
  g_clear_error (&prep->provider_error);
  g_clear_pointer (&prep->sources, pw_draft_sources_free);
  g_free (prep);
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PwPlanRun *self = source_object;
  Preparation *prep = task_data;

  if (prep->template == NULL && self->revision == NULL)
    prep->template = pw_template_lookup (prep->root, self->spec->template_id,
                                         &prep->template_error);
  if ((prep->template != NULL || self->revision != NULL) && self->spec->provider == NULL)
    prep->options = pw_plan_spec_choose_options (self->spec, &prep->kind, &prep->secret,
                                                 &prep->provider_error);
  /* Only the offline draft reads the types file and the plans. */
  if (prep->sources != NULL && self->spec->provider == NULL &&
      (prep->options == NULL || prep->kind != PW_PROVIDER_KIND_OFFLINE))
    g_clear_pointer (&prep->sources, pw_draft_sources_free);
  if (prep->sources != NULL)
    pw_draft_sources_read (prep->sources, cancellable);

  g_task_return_boolean (task, TRUE);
}

/* A revision's prompt is its request as it is sent, turn by turn. */
static void
revision_prompt (PwPlanRun *self)
{
  PwPromptResult *prompt = g_new0 (PwPromptResult, 1);

  prompt->text = pw_revision_dup_request_text (self->revision);
  prompt->bytes = strlen (prompt->text);
  prompt->tokens = pw_estimate_tokens (prompt->text, prompt->bytes);
  prompt->template_id = g_strdup (pw_revision_get_template_id (self->revision));
  prompt->inputs = g_ptr_array_new ();
  prompt->warnings = g_ptr_array_new_with_free_func (g_free);
  if (pw_revision_get_original_prompt (self->revision) == NULL)
    g_ptr_array_add (prompt->warnings,
                     g_strdup (_("The prompt this plan was written from is not in the history; "
                                 "the request says so")));
  self->prompt = prompt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
}

/* The prompt, from the documents the workspace holds (on this thread: the
 * UI loads and watches them here). */
static gboolean
assemble_prompt (PwPlanRun  *self,
                 GError    **error)
{
  g_autoptr(PwPromptRequest) request = NULL;

  if (self->revision != NULL)
    {
      revision_prompt (self);
      return TRUE;
    }

  request = pw_plan_spec_to_request (self->spec, self->template);
  self->prompt = pw_prompt_assemble (self->workspace, request, error);
  if (self->prompt == NULL)
    return FALSE;

  self->input_hashes = pw_export_dup_prompt_inputs (self->prompt);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
  return TRUE;
}

/* Takes what the thread found. Errors come in the order a user fixes
 * them: the template, the prompt, then the provider. */
static gboolean
take_preparation (PwPlanRun    *self,
                  Preparation  *prep,
                  GError      **error)
{
  g_set_object (&self->template, prep->template);
  if (prep->template_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&prep->template_error));
      return FALSE;
    }
  if (self->prompt == NULL && !assemble_prompt (self, error))
    return FALSE;
  if (prep->provider_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&prep->provider_error));
      return FALSE;
    }

  scrub_secret (self);
  g_clear_pointer (&self->provider_name, g_free);
  g_clear_pointer (&self->sources, pw_draft_sources_free);
  self->sources = g_steal_pointer (&prep->sources);
  if (self->spec->provider != NULL)
    {
      self->provider = g_object_ref (self->spec->provider);
      self->provider_name = g_strdup (pw_provider_display_name (self->provider));
    }
  else
    {
      self->secret = g_steal_pointer (&prep->secret);
      self->provider_name = g_strdup (prep->options->profile_name);
      self->provider = pw_provider_new (prep->kind, prep->options);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER_NAME]);

  return TRUE;
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  PwPlanRun *self = PW_PLAN_RUN (source);
  Preparation *prep = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (self->cancellable, &error)
      || !take_preparation (self, prep, &error))
    end_attempt (self, error);
  else
    start_generation (self);
}

/* Prepares in a thread, once per run: a retry reuses the template, the
 * prompt and the provider an earlier attempt found. */
static void
prepare_async (PwPlanRun *self)
{
  g_autoptr(GTask) task = NULL;
  Preparation *prep;

  if (self->provider != NULL)
    {
      start_generation (self);
      return;
    }

  set_state (self, PW_PLAN_RUN_STATE_PREPARING);
  prep = g_new0 (Preparation, 1);
  prep->root = g_object_ref (pw_workspace_get_root (self->workspace));
  g_set_object (&prep->template, self->template);
  if (self->revision == NULL)
    prep->sources = self->spec->provider != NULL &&
                    pw_provider_get_kind (self->spec->provider) != PW_PROVIDER_KIND_OFFLINE
                    ? NULL : pw_draft_sources_new (self->workspace);

  task = g_task_new (self, NULL, prepared_cb, NULL);
  g_task_set_source_tag (task, prepare_async);
  g_task_set_task_data (task, prep, (GDestroyNotify) preparation_free);
  g_task_run_in_thread (task, prepare_thread);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

/* Starts an attempt: every attempt after the first writes a new plan. */
static void
start_attempt (PwPlanRun           *self,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data,
               gpointer             source_tag)
{
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, source_tag);
  g_clear_error (&self->error);
  g_clear_error (&self->history_error);
  g_clear_pointer (&self->output_path, g_free);

  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_cancel_id = g_cancellable_connect (cancellable,
                                                      G_CALLBACK (caller_cancelled_cb),
                                                      self->cancellable, NULL);
    }

  if (self->attempts++ > 0)
    {
      g_autoptr(PwPlan) plan = pw_plan_new ();

      /* A continuation's plan starts with the answer it carries on. */
      if (self->continue_from != NULL)
        pw_plan_append (plan, self->continue_from, -1);
      g_set_object (&self->plan, plan);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
    }

  prepare_async (self);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
pw_plan_run_dispose (GObject *object)
{
  PwPlanRun *self = PW_PLAN_RUN (object);

  g_clear_object (&self->generation);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (pw_plan_run_parent_class)->dispose (object);
}

static void
pw_plan_run_finalize (GObject *object)
{
  PwPlanRun *self = PW_PLAN_RUN (object);

  scrub_secret (self);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->spec, pw_plan_spec_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_object (&self->template);
  g_clear_pointer (&self->prompt, pw_prompt_result_free);
  g_clear_pointer (&self->input_hashes, g_strfreev);
  g_clear_pointer (&self->provider_name, g_free);
  g_clear_object (&self->plan);
  g_clear_error (&self->error);
  g_clear_pointer (&self->output_path, g_free);
  g_clear_error (&self->history_error);
  g_clear_pointer (&self->continue_from, g_free);
  g_clear_pointer (&self->revision, pw_revision_unref);
  g_clear_pointer (&self->revised_text, g_free);
  g_clear_pointer (&self->sources, pw_draft_sources_free);

  G_OBJECT_CLASS (pw_plan_run_parent_class)->finalize (object);
}

static void
pw_plan_run_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PwPlanRun *self = PW_PLAN_RUN (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PROMPT:
      g_value_set_pointer (value, self->prompt);
      break;
    case PROP_PROVIDER_NAME:
      g_value_set_string (value, self->provider_name);
      break;
    case PROP_GENERATION:
      g_value_set_object (value, self->generation);
      break;
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plan_run_class_init (PwPlanRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = pw_plan_run_dispose;
  object_class->finalize = pw_plan_run_finalize;
  object_class->get_property = pw_plan_run_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PW_TYPE_PLAN_RUN_STATE, PW_PLAN_RUN_STATE_IDLE, flags);
  properties[PROP_PROMPT] = g_param_spec_pointer ("prompt", NULL, NULL, flags);
  properties[PROP_PROVIDER_NAME] = g_param_spec_string ("provider-name", NULL, NULL, NULL, flags);
  properties[PROP_GENERATION] =
    g_param_spec_object ("generation", NULL, NULL, PW_TYPE_GENERATION, flags);
  properties[PROP_PLAN] = g_param_spec_object ("plan", NULL, NULL, PW_TYPE_PLAN, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DELTA] =
    g_signal_new ("delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[RETRYING] =
    g_signal_new ("retrying", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
}

static void
pw_plan_run_init (PwPlanRun *self)
{
  self->plan = pw_plan_new ();
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

/**
 * pw_plan_run_new:
 * @workspace: the repository the plan is for
 * @spec: what to generate (copied)
 *
 * Returns: (transfer full): a run, not started; its plan is empty
 */
PwPlanRun *
pw_plan_run_new (PwWorkspace      *workspace,
                 const PwPlanSpec *spec)
{
  PwPlanRun *self;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (PW_TYPE_PLAN_RUN, NULL);
  self->workspace = g_object_ref (workspace);
  self->spec = pw_plan_spec_copy (spec);
  self->subject = pw_plan_spec_dup_subject (spec);

  return self;
}

/**
 * pw_plan_run_new_revision:
 * @workspace: the repository the plan is in
 * @spec: the provider to use and where to write the new version (copied);
 *   its template, feature and endpoints are not used
 * @revision: the revision to run
 *
 * A run that sends @revision's conversation instead of a new prompt. When
 * it succeeds, pw_plan_run_get_revised_text() is the new version (ticks
 * carried over), the spec's output receives it, and the history entry
 * keeps the revision's notes and the version.
 *
 * Returns: (transfer full): a run, not started
 */
PwPlanRun *
pw_plan_run_new_revision (PwWorkspace      *workspace,
                          const PwPlanSpec *spec,
                          PwRevision       *revision)
{
  PwPlanRun *self;

  g_return_val_if_fail (revision != NULL, NULL);

  self = pw_plan_run_new (workspace, spec);
  self->revision = pw_revision_ref (revision);
  return self;
}

/**
 * pw_plan_run_get_revision:
 *
 * Returns: (transfer none) (nullable): the revision the run sends
 */
PwRevision *
pw_plan_run_get_revision (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);
  return self->revision;
}

/**
 * pw_plan_run_get_revised_text:
 * @carried: (out) (optional): how many ticks the version carried over
 *
 * Returns: (nullable): a revision's new version, once it succeeded
 */
const char *
pw_plan_run_get_revised_text (PwPlanRun *self,
                              guint     *carried)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  if (carried != NULL)
    *carried = self->carried;
  return self->revised_text;
}

/**
 * pw_plan_run_run_async:
 * @cancellable: (nullable): cancels the run, as pw_plan_run_cancel() does
 *
 * Runs the spec to its end: prepares (the template and the provider in a
 * thread, the prompt here), generates, writes the spec's output and
 * records the history entry; the callback runs when all that is done.
 */
void
pw_plan_run_run_async (PwPlanRun           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (PW_IS_PLAN_RUN (self));
  g_return_if_fail (self->task == NULL);

  start_attempt (self, cancellable, callback, user_data, pw_plan_run_run_async);
}

/**
 * pw_plan_run_run_finish:
 *
 * Finishes pw_plan_run_run_async(), pw_plan_run_retry_async() or
 * pw_plan_run_continue_async().
 *
 * Returns: %TRUE when the generation completed and the plan was written;
 *   otherwise %FALSE with @error set (%G_IO_ERROR_CANCELLED when cancelled)
 */
gboolean
pw_plan_run_run_finish (PwPlanRun     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pw_plan_run_retry_async:
 *
 * Starts a new attempt once the last one ended: a new generation and a new
 * plan (#PwPlanRun:plan changes) from the same prompt and provider, or
 * everything again when preparing failed. Finish with
 * pw_plan_run_run_finish().
 */
void
pw_plan_run_retry_async (PwPlanRun           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (PW_IS_PLAN_RUN (self));
  g_return_if_fail (self->task == NULL);

  g_clear_pointer (&self->continue_from, g_free);
  start_attempt (self, cancellable, callback, user_data, pw_plan_run_retry_async);
}

/**
 * pw_plan_run_get_can_continue:
 *
 * Returns: whether the last attempt stopped at the model's output token
 *   limit, so that pw_plan_run_continue_async() can ask for the rest
 */
gboolean
pw_plan_run_get_can_continue (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), FALSE);

  return self->task == NULL && self->generation != NULL &&
         pw_generation_get_end (self->generation) == PW_GENERATION_END_TRUNCATED;
}

/**
 * pw_plan_run_continue_async:
 *
 * Asks the model to carry on an answer that stopped at its output token
 * limit (pw_plan_run_get_can_continue()): a new attempt whose request
 * holds the answer so far as the assistant's message and a request to go
 * on, and whose plan (#PwPlanRun:plan changes) and generation text start
 * with that answer. Finish with pw_plan_run_run_finish().
 */
void
pw_plan_run_continue_async (PwPlanRun           *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PW_IS_PLAN_RUN (self));
  g_return_if_fail (pw_plan_run_get_can_continue (self));

  g_free (self->continue_from);
  self->continue_from = g_strdup (pw_generation_get_text (self->generation));
  self->replace_own = self->output_path != NULL;
  start_attempt (self, cancellable, callback, user_data, pw_plan_run_continue_async);
}

/**
 * pw_plan_run_cancel:
 *
 * Stops the running attempt; it ends as %PW_PLAN_RUN_STATE_CANCELLED with
 * its partial text kept (and recorded). Does nothing when nothing runs.
 */
void
pw_plan_run_cancel (PwPlanRun *self)
{
  g_return_if_fail (PW_IS_PLAN_RUN (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

PwPlanRunState
pw_plan_run_get_state (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), PW_PLAN_RUN_STATE_IDLE);

  return self->state;
}

/**
 * pw_plan_run_get_running:
 *
 * Returns: whether an attempt is under way; %FALSE from the moment it
 *   ends (its state final), even before its callback runs
 */
gboolean
pw_plan_run_get_running (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), FALSE);

  return self->task != NULL;
}

/**
 * pw_plan_run_get_workspace:
 *
 * Returns: (transfer none): the repository
 */
PwWorkspace *
pw_plan_run_get_workspace (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->workspace;
}

/**
 * pw_plan_run_get_spec:
 *
 * Returns: (transfer none): the run's copy of the spec
 */
const PwPlanSpec *
pw_plan_run_get_spec (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->spec;
}

/**
 * pw_plan_run_get_subject:
 *
 * Returns: (nullable): the feature or the endpoints, as
 *   pw_plan_spec_dup_subject() gives them
 */
const char *
pw_plan_run_get_subject (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->subject;
}

/**
 * pw_plan_run_get_template:
 *
 * Returns: (transfer none) (nullable): the template, once found
 */
PwTemplate *
pw_plan_run_get_template (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->template;
}

/**
 * pw_plan_run_get_prompt:
 *
 * Returns: (transfer none) (nullable): the prompt, once assembled (its
 *   warnings included)
 */
PwPromptResult *
pw_plan_run_get_prompt (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->prompt;
}

/**
 * pw_plan_run_get_provider:
 *
 * Returns: (transfer none) (nullable): the provider, once chosen
 */
PwProvider *
pw_plan_run_get_provider (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->provider;
}

/**
 * pw_plan_run_get_provider_name:
 *
 * Returns: (nullable): the provider's name to show (the profile's name,
 *   the provider kind, or "Offline draft"), once chosen
 */
const char *
pw_plan_run_get_provider_name (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->provider_name;
}

/**
 * pw_plan_run_get_generation:
 *
 * Returns: (transfer none) (nullable): the last attempt's generation;
 *   %NULL until one started
 */
PwGeneration *
pw_plan_run_get_generation (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->generation;
}

/**
 * pw_plan_run_get_plan:
 *
 * Returns: (transfer none): the plan the last attempt writes, finished
 *   (pw_plan_finish()) when the generation ends
 */
PwPlan *
pw_plan_run_get_plan (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->plan;
}

/**
 * pw_plan_run_get_error:
 *
 * Returns: (nullable): how the last attempt failed or was cancelled
 */
const GError *
pw_plan_run_get_error (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->error;
}

/**
 * pw_plan_run_get_output_path:
 *
 * Returns: (nullable): where the last attempt wrote the plan: a path
 *   relative to the repository ("auto"), "-", or an absolute path
 */
const char *
pw_plan_run_get_output_path (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->output_path;
}

/**
 * pw_plan_run_get_history_error:
 *
 * Returns: (nullable): why the last attempt's history entry was not saved
 */
const GError *
pw_plan_run_get_history_error (PwPlanRun *self)
{
  g_return_val_if_fail (PW_IS_PLAN_RUN (self), NULL);

  return self->history_error;
}
