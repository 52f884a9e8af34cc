/* pw-planning.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-document.h"
#include "pw-endpoints.h"
#include "pw-openapi.h"
#include "pw-plan.h"
#include "pw-planning.h"
#include "pw-profile.h"
#include "pw-secrets.h"
#include "pw-template.h"
#include "pw-workspace.h"

/* What the new-plan wizard, the window and `planwright plan` share: turning
 * a PwPlanSpec into a prompt request and a generation, choosing a provider,
 * and carrying ticks over when a plan is regenerated. */

G_DEFINE_BOXED_TYPE (PwPlanSpec, pw_plan_spec, pw_plan_spec_copy, pw_plan_spec_free)

PwPlanSpec *
pw_plan_spec_new (void)
{
  return g_new0 (PwPlanSpec, 1);
}

PwPlanSpec *
pw_plan_spec_copy (const PwPlanSpec *self)
{
  PwPlanSpec *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = pw_plan_spec_new ();
  copy->template_id = g_strdup (self->template_id);
  copy->feature = g_strdup (self->feature);
  copy->endpoints = g_strdupv (self->endpoints);
  copy->rules = g_strdupv (self->rules);
  copy->disabled_inputs = g_strdupv (self->disabled_inputs);
  copy->inputs = g_strdupv (self->inputs);
  copy->input_set = self->input_set != NULL ? pw_input_set_ref (self->input_set) : NULL;
  copy->prd_sections = g_strdupv (self->prd_sections);
  copy->profile_id = g_strdup (self->profile_id);
  copy->model = g_strdup (self->model);
  copy->provider_kind = g_strdup (self->provider_kind);
  copy->base_url = g_strdup (self->base_url);
  g_set_object (&copy->provider, self->provider);
  copy->output = g_strdup (self->output);
  copy->force = self->force;

  return copy;
}

void
pw_plan_spec_free (PwPlanSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->template_id);
  g_free (self->feature);
  g_strfreev (self->endpoints);
  g_strfreev (self->rules);
  g_strfreev (self->disabled_inputs);
  g_strfreev (self->inputs);
  g_clear_pointer (&self->input_set, pw_input_set_unref);
  g_strfreev (self->prd_sections);
  g_free (self->profile_id);
  g_free (self->model);
  g_free (self->provider_kind);
  g_free (self->base_url);
  g_clear_object (&self->provider);
  g_free (self->output);
  g_free (self);
}

/**
 * pw_plan_spec_dup_subject:
 *
 * Returns: the feature, or the endpoints joined with ", ", or %NULL
 */
char *
pw_plan_spec_dup_subject (const PwPlanSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->feature != NULL && self->feature[0] != '\0')
    return g_strdup (self->feature);
  if (self->endpoints != NULL && self->endpoints[0] != NULL)
    return g_strjoinv (", ", self->endpoints);

  return NULL;
}

PwPromptRequest *
pw_plan_spec_to_request (const PwPlanSpec *self,
                         PwTemplate       *template)
{
  PwPromptRequest *request;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (template != NULL, NULL);

  request = pw_prompt_request_new (template);
  if (self->feature != NULL && self->feature[0] != '\0')
    pw_prompt_request_set_feature (request, self->feature);
  for (guint i = 0; self->endpoints != NULL && self->endpoints[i] != NULL; i++)
    pw_prompt_request_add_endpoint (request, self->endpoints[i]);
  for (guint i = 0; self->rules != NULL && self->rules[i] != NULL; i++)
    pw_prompt_request_add_rules (request, self->rules[i]);
  for (guint i = 0; self->disabled_inputs != NULL && self->disabled_inputs[i] != NULL; i++)
    pw_prompt_request_set_input_enabled (request, self->disabled_inputs[i], FALSE);
  for (guint i = 0; self->inputs != NULL && self->inputs[i] != NULL; i++)
    pw_prompt_request_add_input (request, self->inputs[i]);
  pw_prompt_request_set_input_set (request, self->input_set);
  for (guint i = 0; self->prd_sections != NULL && self->prd_sections[i] != NULL; i++)
    pw_prompt_request_add_prd_section (request, self->prd_sections[i]);

  return request;
}

static const char *
document_text (PwWorkspace    *workspace,
               PwDocumentRole  role,
               const char    **path)
{
  PwDocument *document = pw_workspace_get_document (workspace, role);

  *path = NULL;
  if (document == NULL)
    return NULL;
  if (!pw_document_get_loaded (document) && !pw_document_load (document, NULL, NULL))
    return NULL;

  *path = pw_document_get_relative_path (document);
  return pw_document_get_text (document);
}

/* The default rules file, for the offline draft's idioms. */
static void
set_rules_text (PwGeneration *generation,
                PwWorkspace  *workspace)
{
  PwDocument *rules = pw_workspace_get_default_rules (workspace);

  if (rules != NULL && (pw_document_get_loaded (rules) || pw_document_load (rules, NULL, NULL)))
    pw_generation_set_document_text (generation, PW_DOCUMENT_ROLE_RULES,
                                     pw_document_get_relative_path (rules),
                                     pw_document_get_text (rules));
}

PwGeneration *
pw_planning_new_generation (PwWorkspace      *workspace,
                            PwTemplate       *template,
                            PwPromptResult   *result,
                            const PwPlanSpec *spec)
{
  static const PwDocumentRole roles[] = {
    PW_DOCUMENT_ROLE_DB_PLAN, PW_DOCUMENT_ROLE_TECH_STACK, PW_DOCUMENT_ROLE_PRD,
  };
  g_autoptr(GPtrArray) section_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) endpoints = NULL;
  const PwEndpoint *endpoint = NULL;
  PwGeneration *generation;
  const char *spec_text;
  const char *path;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (PW_IS_TEMPLATE (template), NULL);
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  generation = pw_generation_new (NULL, result->text);

  for (guint i = 0; i < pw_template_get_n_sections (template); i++)
    g_ptr_array_add (section_names, (gpointer) pw_template_get_section_name (template, i));
  g_ptr_array_add (section_names, NULL);
  pw_generation_set_template_info (generation, pw_template_get_id (template),
                                   pw_template_get_name (template),
                                   (const char * const *) section_names->pdata);

  spec_text = document_text (workspace, PW_DOCUMENT_ROLE_API_SPEC, &path);
  pw_generation_set_document_text (generation, PW_DOCUMENT_ROLE_API_SPEC, path, spec_text);
  if (spec->endpoints != NULL && spec->endpoints[0] != NULL && spec_text != NULL)
    {
      endpoints = pw_api_spec_extract (spec_text, strlen (spec_text), path, NULL);
      endpoint = endpoints != NULL ? pw_endpoints_find (endpoints, spec->endpoints[0]) : NULL;
    }
  pw_generation_set_target (generation, endpoint, spec->feature);
  /* A plan for several endpoints: the offline draft covers each. */
  for (guint i = 1; endpoints != NULL && spec->endpoints[i] != NULL; i++)
    {
      const PwEndpoint *more = pw_endpoints_find (endpoints, spec->endpoints[i]);

      if (more != NULL)
        pw_generation_add_endpoint (generation, more);
    }
  set_rules_text (generation, workspace);

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      const char *text = document_text (workspace, roles[i], &path);

      pw_generation_set_document_text (generation, roles[i], path, text);
    }

  return generation;
}

/* The offline draft planner, when nothing is configured. */
static PwProviderOptions *
offline_options (PwProviderKind *kind)
{
  PwProviderOptions *options = pw_provider_options_new ();

  options->profile_name = g_strdup (_("Offline draft"));
  *kind = PW_PROVIDER_KIND_OFFLINE;

  return options;
}

/* A provider without a profile. Its key can only come from the
 * environment: never from the command line, where other users could read
 * it. */
static PwProviderOptions *
explicit_options (const PwPlanSpec  *spec,
                  PwProviderKind    *kind,
                  char             **secret,
                  GError           **error)
{
  PwProviderOptions *options;

  if (!pw_provider_kind_from_string (spec->provider_kind, kind))
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG,
                   _("Unknown provider “%s”; use openai, anthropic, ollama or offline"),
                   spec->provider_kind);
      return NULL;
    }

  options = pw_provider_options_new ();
  options->profile_name = g_strdup (pw_provider_kind_to_string (*kind));
  if (spec->base_url != NULL)
    options->base_url = g_strdup (spec->base_url);
  else if (*kind == PW_PROVIDER_KIND_OLLAMA)
    options->base_url = pw_profile_dup_ollama_host ();
  options->model = g_strdup (spec->model);
  *secret = g_strdup (pw_secrets_get_env_key (*kind, NULL));
  options->api_key = g_strdup (*secret);

  return options;
}

static PwProviderOptions *
profile_options (PwProfile       *profile,
                 const char      *model,
                 PwProviderKind  *kind,
                 char           **secret)
{
  PwProviderOptions *options;

  *secret = pw_profile_resolve_key (profile, NULL, NULL, NULL);
  options = pw_profile_to_options (profile, *secret);
  if (model != NULL && model[0] != '\0')
    {
      g_free (options->model);
      options->model = g_strdup (model);
    }
  *kind = pw_profile_get_kind (profile);

  return options;
}

/* The answer budget from the environment: PLANWRIGHT_MAX_ANSWER_BYTES and
 * PLANWRIGHT_MAX_ANSWER_LINES, positive integers (0 lifts the bound). */
static void
apply_answer_budget (PwProviderOptions *options)
{
  const char *bytes = g_getenv ("PLANWRIGHT_MAX_ANSWER_BYTES");
  const char *lines = g_getenv ("PLANWRIGHT_MAX_ANSWER_LINES");
  guint64 value;

  if (options == NULL)
    return;
  if (bytes != NULL && g_ascii_string_to_unsigned (bytes, 10, 0, G_MAXSIZE, &value, NULL))
    options->max_answer_bytes = (gsize) value;
  if (lines != NULL && g_ascii_string_to_unsigned (lines, 10, 0, G_MAXUINT, &value, NULL))
    options->max_answer_lines = (guint) value;
}

static PwProviderOptions *
choose_options (const PwPlanSpec  *self,
                PwProviderKind    *kind,
                char             **secret,
                GError           **error)
{
  g_autoptr(PwProfile) profile = NULL;

  if (self->provider_kind != NULL)
    return explicit_options (self, kind, secret, error);

  if (self->profile_id != NULL)
    {
      profile = pw_profile_lookup (self->profile_id);
      if (profile == NULL)
        {
          g_set_error (error, PW_PROFILE_ERROR, PW_PROFILE_ERROR_NOT_FOUND,
                       _("No profile is called “%s”"), self->profile_id);
          return NULL;
        }
    }
  else if (pw_profile_schema_available ())
    profile = pw_profile_get_default ();

  if (profile == NULL)
    return offline_options (kind);

  return profile_options (profile, self->model, kind, secret);
}

/**
 * pw_plan_spec_choose_options:
 * @kind: (out): the provider kind
 * @secret: (out): the key the provider sends, for the history to scrub
 *
 * The one place that decides which provider a plan is generated with,
 * from the spec's provider kind, else its profile (%NULL: the default
 * profile, or the offline draft planner when there is none); the spec's
 * injected provider is pw_plan_spec_choose_provider()'s to take. It may
 * block on the keyring, and a thread may call it. The options' profile
 * name is the name to show. The answer budget may be changed with the
 * environment variables PLANWRIGHT_MAX_ANSWER_BYTES and
 * PLANWRIGHT_MAX_ANSWER_LINES.
 *
 * Returns: (transfer full): the options, or %NULL with @error set (an
 *   unknown profile is %PW_PROFILE_ERROR_NOT_FOUND, an unknown provider
 *   kind %PW_PROVIDER_ERROR_CONFIG)
 */
PwProviderOptions *
pw_plan_spec_choose_options (const PwPlanSpec  *self,
                             PwProviderKind    *kind,
                             char             **secret,
                             GError           **error)
{
  PwProviderOptions *options;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (secret != NULL && *secret == NULL, NULL);

  options = choose_options (self, kind, secret, error);
  apply_answer_budget (options);
  return options;
}

/**
 * pw_plan_spec_choose_provider:
 * @secret: (out): the key the provider sends, for the history to scrub
 * @display: (out): the provider's name, to show
 *
 * The spec's injected provider, or the one pw_plan_spec_choose_options()
 * chooses.
 *
 * Returns: (transfer full): the provider, or %NULL with @error set
 */
PwProvider *
pw_plan_spec_choose_provider (const PwPlanSpec  *self,
                              char             **secret,
                              char             **display,
                              GError           **error)
{
  g_autoptr(PwProviderOptions) options = NULL;
  PwProviderKind kind;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (display != NULL && *display == NULL, NULL);

  if (self->provider != NULL)
    {
      *display = g_strdup (pw_provider_display_name (self->provider));
      return g_object_ref (self->provider);
    }

  options = pw_plan_spec_choose_options (self, &kind, secret, error);
  if (options == NULL)
    return NULL;

  *display = g_strdup (options->profile_name);
  return pw_provider_new (kind, options);
}

guint
pw_planning_carry_ticks (PwPlan *plan,
                         PwPlan *previous)
{
  g_autoptr(GHashTable) ticked = NULL;
  guint carried = 0;

  g_return_val_if_fail (PW_IS_PLAN (plan), 0);
  g_return_val_if_fail (PW_IS_PLAN (previous), 0);

  ticked = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < pw_plan_get_n_steps (previous); i++)
    {
      const PwPlanStep *step = pw_plan_get_step (previous, i);

      if (step->done)
        g_hash_table_add (ticked, (gpointer) step->text);
    }

  for (guint i = 0; i < pw_plan_get_n_steps (plan); i++)
    {
      const PwPlanStep *step = pw_plan_get_step (plan, i);

      if (!step->done && g_hash_table_contains (ticked, step->text)
          && pw_plan_set_step_done (plan, i, TRUE))
        carried++;
    }

  return carried;
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * pw_history_entry_new:
 * @generation: a finished generation
 * @record: what else to record
 *
 * The entry of an offline draft (@record's provider kind "offline") keeps
 * its provenance (provider "offline", model and finish reason
 * "offline-draft") and records its throughput as null.
 *
 * Returns: (transfer full): the entry, a JSON object
 */
JsonNode *
pw_history_entry_new (PwGeneration          *generation,
                      const PwHistoryRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *timestamp = g_date_time_format_iso8601 (now);
  const GError *error;

  g_return_val_if_fail (PW_IS_GENERATION (generation), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "created", timestamp);
  add_string (builder, "template", record->template_id);
  add_string (builder, "subject", record->subject);
  add_string (builder, "profile", record->profile_name);
  add_string (builder, "provider", record->provider_kind);
  add_string (builder, "model", pw_generation_get_model (generation));
  add_string (builder, "output", record->output_path);

  json_builder_set_member_name (builder, "inputs");
  json_builder_begin_object (builder);
  for (guint i = 0; record->input_hashes != NULL && record->input_hashes[i] != NULL; i++)
    {
      const char *eq = strchr (record->input_hashes[i], '=');
      g_autofree char *input = NULL;

      if (eq == NULL)
        continue;
      input = g_strndup (record->input_hashes[i], eq - record->input_hashes[i]);
      json_builder_set_member_name (builder, input);
      json_builder_add_string_value (builder, eq + 1);
    }
  json_builder_end_object (builder);

  add_string (builder, "end", pw_generation_end_to_string (pw_generation_get_end (generation)));
  error = pw_generation_get_error (generation);
  add_string (builder, "error", error != NULL ? error->message : NULL);
  add_string (builder, "finish_reason", pw_generation_get_finish_reason (generation));

  json_builder_set_member_name (builder, "timings");
  json_builder_begin_object (builder);
  add_double (builder, "duration_s", pw_generation_get_duration (generation));
  add_double (builder, "time_to_first_token_s", pw_generation_get_time_to_first_token (generation));
  /* An offline draft has no model and no tokens: no throughput, not 0. */
  if (g_strcmp0 (record->provider_kind, "offline") == 0)
    {
      json_builder_set_member_name (builder, "tokens_per_second");
      json_builder_add_null_value (builder);
    }
  else
    add_double (builder, "tokens_per_second", pw_generation_get_tokens_per_second (generation));
  add_int (builder, "attempts", pw_generation_get_attempts (generation));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "usage");
  json_builder_begin_object (builder);
  add_int (builder, "input_tokens", pw_generation_get_input_tokens (generation));
  add_int (builder, "output_tokens", pw_generation_get_output_tokens (generation));
  json_builder_set_member_name (builder, "reported");
  json_builder_add_boolean_value (builder, pw_generation_get_usage_known (generation));
  json_builder_end_object (builder);

  add_string (builder, "prompt", record->prompt);
  add_string (builder, "answer", pw_generation_get_text (generation));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
