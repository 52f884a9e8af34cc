/* pw-provider-offline.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-provider-offline"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-draft-plan.h"
#include "pw-endpoints.h"
#include "pw-generation-private.h"
#include "pw-provider-offline.h"

/* The offline draft planner: no network, no model.  It hands what the
 * generation carries (the template's sections, the chosen endpoints or
 * the feature, the repository's documents) to pw_draft_plan_build() in
 * planning/pw-draft-plan.c, which writes a deterministic plan; its first
 * line says it is an offline draft.
 */

#define OFFLINE_MODEL "offline-draft"

struct _PwProviderOffline
{
  GObject            parent_instance;
  PwProviderOptions *options;
};

static void provider_iface_init (PwProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwProviderOffline, pw_provider_offline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PW_TYPE_PROVIDER, provider_iface_init))

/**
 * pw_offline_draft_build:
 * @generation: the generation with its template, targets and documents
 *
 * Builds the offline draft plan (pw_draft_plan_build() over what the
 * generation carries).  The same inputs always give the same text.
 *
 * Returns: (transfer full): the plan in Markdown
 */
char *
pw_offline_draft_build (PwGeneration *generation)
{
  g_autoptr(GPtrArray) endpoints = pw_generation_dup_endpoints (generation);
  PwDraftInput input = { 0 };

  input.api_spec = pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_API_SPEC);
  input.api_spec_path = pw_generation_get_document_path (generation, PW_DOCUMENT_ROLE_API_SPEC);
  input.endpoints = endpoints;
  input.feature = pw_generation_get_feature (generation);
  input.sections = pw_generation_get_sections (generation);
  input.tech_stack = pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_TECH_STACK);
  input.db_plan = pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_DB_PLAN);
  input.prd = pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_PRD);
  input.rules = pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_RULES);
  input.plans = pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_PLAN);
  input.types = pw_generation_get_types_text (generation);
  input.types_path = pw_generation_get_types_path (generation);

  return pw_draft_plan_build (&input);
}

/* A conversation (a revision with notes) cannot be followed without a
 * model: the answer is the plan as the conversation holds it, unchanged,
 * so every note stays open, and a warning says so. */
static char *
offline_answer (PwGeneration *generation)
{
  for (guint i = pw_generation_get_n_turns (generation); i > 0; i--)
    {
      const PwTurn *turn = pw_generation_get_turn (generation, i - 1);

      if (turn->role == PW_TURN_ASSISTANT)
        {
          pw_generation_add_warning (generation,
                                     _("The offline planner cannot apply notes: the plan is "
                                       "unchanged and its notes stay open"));
          return g_strdup (turn->content);
        }
    }

  return pw_offline_draft_build (generation);
}

static void
offline_generate_async (PwProvider          *provider,
                        PwGeneration        *generation,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  g_autofree char *text = NULL;

  g_task_set_source_tag (task, offline_generate_async);
  g_task_set_check_cancellable (task, FALSE);

  pw_generation_begin (generation, OFFLINE_MODEL);
  pw_generation_set_state (generation, PW_GENERATION_STATE_CONNECTING);

  if (g_cancellable_is_cancelled (cancellable))
    {
      GError *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("The generation was cancelled"));

      pw_generation_finish (generation, PW_GENERATION_END_CANCELLED, error);
      g_task_return_error (task, error);
      return;
    }

  text = offline_answer (generation);
  pw_generation_append (generation, text, strlen (text));
  pw_generation_set_finish_reason (generation, "offline-draft");
  pw_generation_finish (generation, PW_GENERATION_END_COMPLETE, NULL);
  g_task_return_boolean (task, TRUE);
}

static gboolean
offline_generate_finish (PwProvider    *provider,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
offline_list_models_async (PwProvider          *provider,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  GStrv models = g_new0 (char *, 2);

  models[0] = g_strdup (OFFLINE_MODEL);
  g_task_return_pointer (task, models, (GDestroyNotify) g_strfreev);
}

static GStrv
offline_list_models_finish (PwProvider    *provider,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static PwProviderKind
offline_get_kind (PwProvider *provider)
{
  return PW_PROVIDER_KIND_OFFLINE;
}

static const PwProviderOptions *
offline_get_options (PwProvider *provider)
{
  return PW_PROVIDER_OFFLINE (provider)->options;
}

static void
provider_iface_init (PwProviderInterface *iface)
{
  iface->get_kind = offline_get_kind;
  iface->get_options = offline_get_options;
  iface->generate_async = offline_generate_async;
  iface->generate_finish = offline_generate_finish;
  iface->list_models_async = offline_list_models_async;
  iface->list_models_finish = offline_list_models_finish;
}

static void
pw_provider_offline_finalize (GObject *object)
{
  PwProviderOffline *self = PW_PROVIDER_OFFLINE (object);

  g_clear_pointer (&self->options, pw_provider_options_free);

  G_OBJECT_CLASS (pw_provider_offline_parent_class)->finalize (object);
}

static void
pw_provider_offline_class_init (PwProviderOfflineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_provider_offline_finalize;
}

static void
pw_provider_offline_init (PwProviderOffline *self)
{
}

/**
 * pw_provider_offline_new:
 * @options: (nullable): ignored but for the profile name
 *
 * Returns: (transfer full): the offline draft planner
 */
PwProvider *
pw_provider_offline_new (const PwProviderOptions *options)
{
  PwProviderOffline *self = g_object_new (PW_TYPE_PROVIDER_OFFLINE, NULL);

  self->options = options != NULL ? pw_provider_options_copy (options) : pw_provider_options_new ();
  if (self->options->profile_name == NULL)
    self->options->profile_name = g_strdup (_("Offline draft"));

  return PW_PROVIDER (self);
}
