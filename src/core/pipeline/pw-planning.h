/* pw-planning.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include <json-glib/json-glib.h>

#include "pw-history.h"
#include "pw-prompt.h"
#include "pw-provider.h"
#include "pw-types.h"

G_BEGIN_DECLS

/**
 * PwPlanSpec:
 * @template_id: the template's id
 * @feature: the feature the plan is for, or %NULL when it is for endpoints
 * @endpoints: (array zero-terminated=1) (nullable): "METHOD /path" keys
 * @rules: (array zero-terminated=1) (nullable): rules files to include
 *   (relative paths); %NULL means the workspace's default
 * @disabled_inputs: (array zero-terminated=1) (nullable): prompt input ids
 *   left out (see pw_prompt_request_set_input_enabled())
 * @inputs: (array zero-terminated=1) (nullable): files and folders of the
 *   repository added to the prompt (see pw_prompt_request_add_input())
 * @input_set: (nullable): @inputs read ahead, so that assembling the prompt
 *   does not read them again (the wizard reads them in a thread)
 * @prd_sections: (array zero-terminated=1) (nullable): the PRD headings the
 *   PRD is narrowed to; %NULL for the whole PRD
 * @profile_id: the provider profile, or %NULL for the default (the offline
 *   draft planner when no profile exists)
 * @model: a model overriding the profile's (or @provider_kind's), or %NULL
 * @provider_kind: (nullable): a provider without a profile, as `planwright
 *   plan --provider` names it ("openai", "anthropic", "ollama", "offline");
 *   its key comes from the environment only
 * @base_url: (nullable): the server for @provider_kind; %NULL for its default
 *   (for Ollama, OLLAMA_HOST when it is set)
 * @provider: (nullable): a provider to use as it is, ahead of the profile and
 *   @provider_kind (tests inject theirs here)
 * @output: (nullable): where #PwPlanRun writes the exported plan: %NULL for
 *   nowhere (it stays in memory), "auto" for the template's path in the
 *   repository, "-" for standard output, or a file (relative to the
 *   current directory)
 * @force: whether @output may replace an existing file
 *
 * Everything the new-plan wizard or `planwright plan` decides: what a
 * generation is made from.
 */
typedef struct
{
  char        *template_id;
  char        *feature;
  char       **endpoints;
  char       **rules;
  char       **disabled_inputs;
  char       **inputs;
  PwInputSet  *input_set;
  char       **prd_sections;
  char        *profile_id;
  char        *model;
  char        *provider_kind;
  char        *base_url;
  PwProvider  *provider;
  char        *output;
  gboolean     force;
} PwPlanSpec;

/**
 * PwHistoryRecord:
 * @template_id: the template used
 * @subject: (nullable): "GET /api/x" or the feature name
 * @prompt: the prompt sent
 * @input_hashes: (nullable) (array zero-terminated=1): "id=sha256" per input
 * @profile_name: (nullable): the profile used
 * @provider_kind: (nullable): "openai", "offline"…
 * @output_path: (nullable): where the plan was written
 *
 * What a caller knows about a generation besides the #PwGeneration.
 */
typedef struct
{
  const char         *template_id;
  const char         *subject;
  const char         *prompt;
  const char * const *input_hashes;
  const char         *profile_name;
  const char         *provider_kind;
  const char         *output_path;
} PwHistoryRecord;


#define PW_TYPE_PLAN_SPEC (pw_plan_spec_get_type ())

GType            pw_plan_spec_get_type         (void) G_GNUC_CONST;
PwPlanSpec      *pw_plan_spec_new              (void) G_GNUC_WARN_UNUSED_RESULT;
PwPlanSpec      *pw_plan_spec_copy             (const PwPlanSpec *self) G_GNUC_WARN_UNUSED_RESULT;
void             pw_plan_spec_free             (PwPlanSpec       *self);
char            *pw_plan_spec_dup_subject      (const PwPlanSpec *self) G_GNUC_WARN_UNUSED_RESULT;
PwPromptRequest *pw_plan_spec_to_request       (const PwPlanSpec *self,
                                                PwTemplate       *template) G_GNUC_WARN_UNUSED_RESULT;

/* A generation for @result's prompt, with what the offline draft planner
 * reads (template sections, the endpoint's spec section, the documents). */
PwGeneration    *pw_planning_new_generation    (PwWorkspace      *workspace,
                                                PwTemplate       *template,
                                                PwPromptResult   *result,
                                                const PwPlanSpec *spec) G_GNUC_WARN_UNUSED_RESULT;

/* The provider @spec asks for: its injected provider, else its
 * provider kind, else its profile (NULL: the default profile, or the
 * offline draft planner when there is none). @secret receives the key, for
 * the history to scrub; @display a name to show. choose_options() is the
 * blocking half (profiles, keyring), which a thread may run. */
PwProviderOptions *pw_plan_spec_choose_options (const PwPlanSpec *spec,
                                                PwProviderKind   *kind,
                                                char            **secret,
                                                GError          **error) G_GNUC_WARN_UNUSED_RESULT;
PwProvider      *pw_plan_spec_choose_provider  (const PwPlanSpec *spec,
                                                char            **secret,
                                                char            **display,
                                                GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* Ticks in @plan every step whose text equals a ticked step of @previous
 * (used by Regenerate). Returns how many ticks were carried over. */
guint            pw_planning_carry_ticks       (PwPlan           *plan,
                                                PwPlan           *previous);

/* The history entry of a finished @generation: a JSON object. */
JsonNode        *pw_history_entry_new          (PwGeneration          *generation,
                                                const PwHistoryRecord *record) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwPlanSpec, pw_plan_spec_free)

G_END_DECLS
