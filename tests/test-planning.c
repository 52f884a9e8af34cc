/* test-planning.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-endpoints.h"
#include "pw-plan.h"
#include "pw-planning.h"
#include "pw-profile.h"
#include "pw-template.h"
#include "pw-workspace.h"

static PwWorkspace *
open_example (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PW_SOURCE_ROOT"), "examples", "shelfie",
                                            NULL);
  g_autoptr(GFile) root = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PwWorkspace *workspace = pw_workspace_open (root, NULL, &error);

  g_assert_no_error (error);
  return workspace;
}

static void
test_spec_copy_and_subject (void)
{
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwPlanSpec) copy = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *none = NULL;

  none = pw_plan_spec_dup_subject (spec);
  g_assert_null (none);

  spec->template_id = g_strdup ("endpoints-plan");
  spec->endpoints = g_strsplit ("GET /api/books|POST /api/books", "|", -1);
  spec->disabled_inputs = g_strsplit ("prd", "|", -1);
  spec->profile_id = g_strdup ("local");

  copy = pw_plan_spec_copy (spec);
  g_assert_true (copy->endpoints != spec->endpoints);
  g_assert_cmpstrv (copy->endpoints, spec->endpoints);
  g_assert_cmpstrv (copy->disabled_inputs, spec->disabled_inputs);
  g_assert_cmpstr (copy->profile_id, ==, "local");
  g_assert_null (copy->feature);

  subject = pw_plan_spec_dup_subject (copy);
  g_assert_cmpstr (subject, ==, "GET /api/books, POST /api/books");

  /* A feature wins over endpoints. */
  copy->feature = g_strdup ("loan reminders");
  g_free (subject);
  subject = pw_plan_spec_dup_subject (copy);
  g_assert_cmpstr (subject, ==, "loan reminders");

  g_assert_true (g_type_is_a (PW_TYPE_PLAN_SPEC, G_TYPE_BOXED));
}

static void
test_spec_to_prompt (void)
{
  g_autoptr(PwWorkspace) workspace = open_example ();
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const PwPromptInput *prd;
  const PwPromptInput *stack;

  template = pw_template_lookup (pw_workspace_get_root (workspace), "feature-plan", &error);
  g_assert_no_error (error);

  spec->template_id = g_strdup ("feature-plan");
  spec->endpoints = g_strsplit ("POST /api/books", "|", -1);
  spec->disabled_inputs = g_strsplit ("prd", "|", -1);
  request = pw_plan_spec_to_request (spec, template);
  result = pw_prompt_assemble (workspace, request, &error);
  g_assert_no_error (error);

  g_assert_nonnull (strstr (result->text, "POST /api/books"));
  g_assert_cmpstr (result->subject, ==, "POST /api/books");
  prd = pw_prompt_result_get_input (result, "prd");
  stack = pw_prompt_result_get_input (result, "tech-stack");
  g_assert_nonnull (prd);
  g_assert_cmpint (prd->state, ==, PW_PROMPT_INPUT_DISABLED);
  g_assert_nonnull (stack);
  g_assert_cmpint (stack->state, ==, PW_PROMPT_INPUT_INCLUDED);
}

/* The inputs a spec carries (added files read ahead, PRD sections) survive
 * a copy and reach the prompt: the copy shares the files read, so a run's
 * prompt is the one the wizard showed. */
static void
test_spec_inputs (void)
{
  g_autoptr(PwWorkspace) workspace = open_example ();
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwPlanSpec) copy = NULL;
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { ".ai/get-books-implementation-plan.md", NULL };

  template = pw_template_lookup (pw_workspace_get_root (workspace), "feature-plan", &error);
  g_assert_no_error (error);
  spec->template_id = g_strdup ("feature-plan");
  spec->feature = g_strdup ("Loan reminders");
  spec->inputs = g_strdupv ((char **) paths);
  spec->input_set = pw_input_set_collect (pw_workspace_get_root (workspace), paths,
                                          PW_INPUT_SET_MAX_BYTES, NULL, &error);
  g_assert_no_error (error);
  spec->prd_sections = g_strsplit ("5. User Stories", "|", -1);

  copy = pw_plan_spec_copy (spec);
  g_assert_cmpstrv (copy->inputs, spec->inputs);
  g_assert_cmpstrv (copy->prd_sections, spec->prd_sections);
  g_assert_true (copy->input_set == spec->input_set);

  request = pw_plan_spec_to_request (copy, template);
  result = pw_prompt_assemble (workspace, request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->text, "<file path=\".ai/get-books-implementation-plan.md\">"));
  g_assert_nonnull (strstr (result->text, "narrowed to its sections “5. User Stories”"));
  g_assert_cmpint (pw_prompt_result_get_input (result, paths[0])->state, ==,
                   PW_PROMPT_INPUT_INCLUDED);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_new_generation_offline (void)
{
  g_autoptr(PwWorkspace) workspace = open_example ();
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(PwGeneration) generation = NULL;
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PwPlan) plan = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *display = NULL;
  const PwEndpoint *endpoint;

  template = pw_template_lookup (pw_workspace_get_root (workspace), "feature-plan", &error);
  spec->template_id = g_strdup ("feature-plan");
  spec->endpoints = g_strsplit ("GET /api/books", "|", -1);
  request = pw_plan_spec_to_request (spec, template);
  result = pw_prompt_assemble (workspace, request, &error);
  g_assert_no_error (error);

  generation = pw_planning_new_generation (workspace, template, result, spec);
  g_assert_cmpstr (pw_generation_get_user_prompt (generation), ==, result->text);
  g_assert_cmpstr (pw_generation_get_template_id (generation), ==, "feature-plan");
  g_assert_nonnull (pw_generation_get_sections (generation)[0]);
  endpoint = pw_generation_get_endpoint (generation);
  g_assert_nonnull (endpoint);
  {
    g_autofree char *key = pw_endpoint_dup_key (endpoint);

    g_assert_cmpstr (key, ==, "GET /api/books");
  }
  g_assert_nonnull (pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_API_SPEC));
  g_assert_nonnull (pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_DB_PLAN));
  g_assert_cmpstr (pw_generation_get_document_path (generation, PW_DOCUMENT_ROLE_PRD), ==,
                   ".ai/prd.md");

  /* Without profiles (no schema here), the offline draft planner. */
  provider = pw_plan_spec_choose_provider (spec, &secret, &display, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pw_provider_get_kind (provider), ==, PW_PROVIDER_KIND_OFFLINE);
  g_assert_null (secret);
  g_assert_nonnull (display);

  pw_provider_generate_async (provider, generation, NULL, store_result_cb, &async);
  while (async == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pw_provider_generate_finish (provider, async, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pw_generation_get_end (generation), ==, PW_GENERATION_END_COMPLETE);

  plan = pw_plan_new_from_text (pw_generation_get_text (generation), -1);
  g_assert_cmpuint (pw_plan_get_n_steps (plan), >, 0);
  g_assert_nonnull (strstr (pw_generation_get_text (generation), "/api/books"));
}

static void
test_unknown_profile (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *display = NULL;
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();

  spec->profile_id = g_strdup ("no-such-profile");
  provider = pw_plan_spec_choose_provider (spec, &secret, &display, &error);
  g_assert_null (provider);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "no-such-profile"));
  g_assert_error (error, PW_PROFILE_ERROR, PW_PROFILE_ERROR_NOT_FOUND);
}

/* The one provider choice: an injected provider as it is, a provider kind
 * with the environment's key and OLLAMA_HOST, the offline planner
 * without profiles. */
static void
test_choose_provider (void)
{
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwProviderOptions) options = NULL;
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(PwProvider) chosen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *display = NULL;
  PwProviderKind kind;

  options = pw_plan_spec_choose_options (spec, &kind, &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, PW_PROVIDER_KIND_OFFLINE);
  g_assert_cmpstr (options->profile_name, ==, "Offline draft");
  g_clear_pointer (&options, pw_provider_options_free);
  g_clear_pointer (&secret, g_free);

  g_setenv ("OLLAMA_HOST", "10.0.0.5:11434", TRUE);
  spec->provider_kind = g_strdup ("ollama");
  spec->model = g_strdup ("llama3");
  options = pw_plan_spec_choose_options (spec, &kind, &secret, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, PW_PROVIDER_KIND_OLLAMA);
  g_assert_cmpstr (options->base_url, ==, "http://10.0.0.5:11434");
  g_assert_cmpstr (options->model, ==, "llama3");
  g_assert_cmpstr (options->profile_name, ==, "ollama");
  g_clear_pointer (&options, pw_provider_options_free);
  g_clear_pointer (&secret, g_free);

  /* A base URL given wins over OLLAMA_HOST. */
  spec->base_url = g_strdup ("http://127.0.0.1:9999");
  options = pw_plan_spec_choose_options (spec, &kind, &secret, &error);
  g_assert_cmpstr (options->base_url, ==, "http://127.0.0.1:9999");
  g_clear_pointer (&options, pw_provider_options_free);
  g_clear_pointer (&secret, g_free);
  g_unsetenv ("OLLAMA_HOST");

  g_free (spec->provider_kind);
  spec->provider_kind = g_strdup ("gemini");
  options = pw_plan_spec_choose_options (spec, &kind, &secret, &error);
  g_assert_null (options);
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG);
  g_clear_error (&error);

  /* An injected provider goes ahead of everything. */
  provider = pw_provider_new (PW_PROVIDER_KIND_OFFLINE, NULL);
  spec->provider = g_object_ref (provider);
  chosen = pw_plan_spec_choose_provider (spec, &secret, &display, &error);
  g_assert_no_error (error);
  g_assert_true (chosen == provider);
  g_assert_null (secret);
  g_assert_cmpstr (display, ==, pw_provider_display_name (provider));
}

static void
test_carry_ticks (void)
{
  static const char before[] =
    "# Plan\n\n## Implementation Steps\n"
    "1. [x] Write the schema\n"
    "2. [x] Write the service\n"
    "3. [ ] Add the route\n"
    "4. [x] Map the errors\n";
  static const char after[] =
    "# Plan\n\n## Implementation Steps\n"
    "1. Write the schema\n"
    "2. Write the service and its tests\n"
    "3. Add the route\n"
    "4. Map the errors\n"
    "5. Document it\n";
  g_autoptr(PwPlan) previous = pw_plan_new_from_text (before, -1);
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (after, -1);
  guint carried;

  carried = pw_planning_carry_ticks (plan, previous);
  g_assert_cmpuint (carried, ==, 2);
  g_assert_true (pw_plan_get_step (plan, 0)->done);
  g_assert_false (pw_plan_get_step (plan, 1)->done);
  g_assert_false (pw_plan_get_step (plan, 2)->done);
  g_assert_true (pw_plan_get_step (plan, 3)->done);
  g_assert_false (pw_plan_get_step (plan, 4)->done);
  g_assert_nonnull (strstr (pw_plan_get_text (plan, NULL), "4. [x] Map the errors"));

  /* Carrying again changes nothing. */
  g_assert_cmpuint (pw_planning_carry_ticks (plan, previous), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("GSETTINGS_SCHEMA_DIR", "/nonexistent", TRUE);

  g_test_add_func ("/planning/spec-copy-and-subject", test_spec_copy_and_subject);
  g_test_add_func ("/planning/spec-to-prompt", test_spec_to_prompt);
  g_test_add_func ("/planning/spec-inputs", test_spec_inputs);
  g_test_add_func ("/planning/new-generation-offline", test_new_generation_offline);
  g_test_add_func ("/planning/unknown-profile", test_unknown_profile);
  g_test_add_func ("/planning/choose-provider", test_choose_provider);
  g_test_add_func ("/planning/carry-ticks", test_carry_ticks);

  return g_test_run ();
}
