/* test-revision.c: a revision with notes, from the request to the new
 * version: the conversation, a section revised alone, ticks carried over,
 * notes with their status, and the history entry of each version.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-fake-provider.h"
#include "pw-history.h"
#include "pw-plan-run.h"
#include "pw-plan.h"
#include "pw-provider-offline.h"
#include "pw-revision.h"
#include "pw-test-utils.h"
#include "pw-workspace.h"

#define PROVENANCE "<!-- planwright: template=feature-plan model=m1 date=2026-01-01T00:00:00Z -->\n\n"

static const char plan_text[] =
  PROVENANCE
  "# Plan: orders\n"
  "\n"
  "## Overview\n"
  "Orders are stored per tenant.\n"
  "\n"
  "## Implementation Steps\n"
  "1. [x] Create the orders table with a tenant column\n"
  "2. [ ] Add the handler that checks the tenant in code\n"
  "3. [x] Write the integration tests for listing orders\n"
  "\n"
  "## Error Handling\n"
  "Return 404 when the order belongs to another tenant.\n";

static PwPlanNotes *
notes_for (const char *text)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  PwPlanNotes *notes = pw_plan_notes_new ();

  g_assert_nonnull (pw_plan_notes_add_parsed (notes, plan, "step 2: use RLS, not a check in the handler",
                                              NULL));
  g_assert_nonnull (pw_plan_notes_add_parsed (notes, plan, "section Error Handling: also 403",
                                              NULL));
  g_assert_nonnull (pw_plan_notes_add_parsed (notes, plan, "\"per tenant\": by tenant_id", NULL));
  return notes;
}

static void
test_request (void)
{
  g_autoptr(PwPlanNotes) notes = notes_for (plan_text);
  g_autoptr(PwRevision) revision = NULL;
  g_autoptr(PwRevision) unknown = NULL;
  g_autoptr(PwGeneration) generation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  const char *turn;

  pw_plan_notes_set_status (notes, "n3", PW_NOTE_STATUS_RESOLVED);
  revision = pw_revision_new (plan_text, "Plan the orders feature.", notes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_revision_get_template_id (revision), ==, "feature-plan");
  g_assert_cmpuint (pw_revision_get_n_sent_notes (revision), ==, 2);

  /* The conversation: prompt, the plan as the model's answer (without the
   * provenance comment it did not write), the notes anchored to text. */
  generation = pw_revision_new_generation (revision);
  g_assert_null (pw_generation_get_system_prompt (generation));
  g_assert_cmpstr (pw_generation_get_user_prompt (generation), ==, "Plan the orders feature.");
  g_assert_cmpuint (pw_generation_get_n_turns (generation), ==, 2);
  g_assert_cmpint (pw_generation_get_turn (generation, 0)->role, ==, PW_TURN_ASSISTANT);
  g_assert_cmpstr (pw_generation_get_turn (generation, 0)->content, ==,
                   plan_text + strlen (PROVENANCE));
  g_assert_cmpint (pw_generation_get_turn (generation, 1)->role, ==, PW_TURN_USER);
  turn = pw_generation_get_turn (generation, 1)->content;
  g_assert_true (g_str_has_prefix (turn, "Revise the implementation plan above"));
  g_assert_nonnull (strstr (turn, "\n1. On step 2 (\"Add the handler that checks the tenant in code\"): "
                                  "use RLS, not a check in the handler\n"));
  g_assert_nonnull (strstr (turn, "\n2. On the section \"Error Handling\": also 403\n"));
  /* A resolved note is not sent. */
  g_assert_null (strstr (turn, "tenant_id"));

  shown = pw_revision_dup_request_text (revision);
  g_assert_true (g_str_has_prefix (shown, "### user\n\nPlan the orders feature.\n\n### assistant\n\n# Plan"));
  g_assert_true (g_str_has_suffix (shown, turn));

  /* Without the original prompt the request says it is not known. */
  unknown = pw_revision_new (plan_text, NULL, notes, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&generation);
  generation = pw_revision_new_generation (unknown);
  g_assert_nonnull (strstr (pw_generation_get_user_prompt (generation), "is not known"));
}

static void
test_bad_requests (void)
{
  g_autoptr(PwPlanNotes) none = pw_plan_notes_new ();
  g_autoptr(PwPlanNotes) notes = notes_for (plan_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(PwRevision) section_only = NULL;

  g_assert_null (pw_revision_new (plan_text, NULL, none, NULL, &error));
  g_assert_error (error, PW_REVISION_ERROR, PW_REVISION_ERROR_NO_NOTES);
  g_clear_error (&error);
  g_assert_null (pw_revision_new (plan_text, NULL, notes, "Deployment", &error));
  g_assert_error (error, PW_REVISION_ERROR, PW_REVISION_ERROR_NO_SECTION);
  g_clear_error (&error);

  /* A section can be written again without notes. */
  section_only = pw_revision_new (plan_text, NULL, none, "error handling", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_revision_get_section (section_only), ==, "Error Handling");
  g_assert_null (pw_revision_apply (section_only, " \n ", NULL, NULL, &error));
  g_assert_error (error, PW_REVISION_ERROR, PW_REVISION_ERROR_EMPTY);
}

static void
test_whole_plan_apply (void)
{
  g_autoptr(PwPlanNotes) notes = notes_for (plan_text);
  g_autoptr(PwRevision) revision = pw_revision_new (plan_text, "p", notes, NULL, NULL);
  const char *answer =
    "```markdown\n"
    "# Plan: orders\n\n"
    "## Overview\nOrders are stored per tenant.\n\n"
    "## Implementation Steps\n"
    "1. Create the orders table with a tenant column\n"
    "2. Enable row level security on orders with a tenant policy\n"
    "3. Write the integration tests for listing orders\n\n"
    "## Error Handling\nReturn 404 or 403 when the order belongs to another tenant.\n"
    "```\n";
  g_autofree char *version = NULL;
  g_autoptr(PwPlan) plan = NULL;
  PwPlanNotes *after;
  guint carried = 0;

  version = pw_revision_apply (revision, answer, "m2", &carried, NULL);
  g_assert_nonnull (version);
  /* Exported form: provenance with the new model, steps as task items,
   * the ticks of unchanged steps carried over. */
  g_assert_true (g_str_has_prefix (version, "<!-- planwright: template=feature-plan model=m2 "));
  g_assert_nonnull (strstr (version, "1. [x] Create the orders table"));
  g_assert_nonnull (strstr (version, "2. [ ] Enable row level security"));
  g_assert_nonnull (strstr (version, "3. [x] Write the integration tests"));
  g_assert_null (strstr (version, "```"));
  g_assert_cmpuint (carried, ==, 2);
  plan = pw_plan_new_from_text (version, -1);
  g_assert_cmpuint (pw_plan_get_n_done (plan), ==, 2);

  /* The step note's anchor is gone, the section's changed, the span kept. */
  after = pw_revision_get_notes (revision);
  g_assert_cmpint (pw_plan_notes_lookup (after, "n1")->status, ==, PW_NOTE_STATUS_OUTDATED);
  g_assert_cmpint (pw_plan_notes_lookup (after, "n2")->status, ==, PW_NOTE_STATUS_ADDRESSED);
  g_assert_cmpint (pw_plan_notes_lookup (after, "n3")->status, ==, PW_NOTE_STATUS_OPEN);
  /* The caller's notes are not touched until it accepts. */
  g_assert_cmpint (pw_plan_notes_lookup (notes, "n1")->status, ==, PW_NOTE_STATUS_OPEN);
}

static void
assert_only_section_changed (const char *before,
                             const char *after,
                             const char *heading,
                             const char *next_heading)
{
  gsize start = strstr (before, heading) - before;
  const char *tail = next_heading != NULL ? strstr (before, next_heading) : before + strlen (before);
  const char *new_tail = next_heading != NULL ? strstr (after, next_heading) : after + strlen (after);

  /* Every byte before and after the section is the same. */
  g_assert_cmpmem (after, start, before, start);
  g_assert_cmpstr (new_tail, ==, tail);
}

static void
test_section_apply (void)
{
  g_autoptr(PwPlanNotes) notes = notes_for (plan_text);
  g_autoptr(PwRevision) revision = pw_revision_new (plan_text, "p", notes, "Implementation Steps",
                                                    NULL);
  g_autoptr(PwRevision) again = NULL;
  g_autoptr(PwRevision) last = NULL;
  const char *section =
    "## Implementation Steps\n"
    "1. Create the orders table with a tenant column\n"
    "2. Enable row level security on orders\n"
    "3. Write the integration tests for listing orders\n";
  g_autofree char *whole = g_strconcat ("Here you go:\n\n# Plan: orders\n\n## Overview\nChanged!\n\n",
                                        section, "\n## Error Handling\nChanged too.\n", NULL);
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;
  guint carried = 0;

  /* Only the notes in the section go (and notes on the whole plan). */
  g_assert_cmpuint (pw_revision_get_n_sent_notes (revision), ==, 1);
  g_assert_nonnull (strstr (pw_revision_get_notes_turn (revision),
                            "Revise only the section \"Implementation Steps\""));

  v1 = pw_revision_apply (revision, section, "m2", &carried, NULL);
  assert_only_section_changed (plan_text, v1, "## Implementation Steps", "## Error Handling");
  g_assert_nonnull (strstr (v1, "## Implementation Steps\n1. [x] Create the orders table with a "
                                "tenant column\n2. [ ] Enable row level security on orders\n"
                                "3. [x] Write the integration tests for listing orders\n\n"
                                "## Error Handling\n"));
  g_assert_cmpuint (carried, ==, 2);
  /* The provenance stays as it was: the rest of the file is not rewritten. */
  g_assert_true (g_str_has_prefix (v1, PROVENANCE));

  /* A model that sends the whole plan anyway: only its section is taken. */
  again = pw_revision_new (plan_text, "p", notes, "Implementation Steps", NULL);
  v2 = pw_revision_apply (again, whole, "m2", NULL, NULL);
  g_assert_cmpstr (v2, ==, v1);

  /* The last section, at the end of the file, without a final newline. */
  {
    g_autofree char *cut = g_strndup (plan_text, strlen (plan_text) - 1);

    last = pw_revision_new (cut, NULL, notes, "Error Handling", NULL);
    v3 = pw_revision_apply (last, "## Error Handling\nReturn 403.\n", NULL, NULL, NULL);
    assert_only_section_changed (cut, v3, "## Error Handling", NULL);
    g_assert_true (g_str_has_suffix (v3, "\n## Error Handling\nReturn 403."));
  }
}

static void
add_entry (JsonArray  *history,
           const char *output,
           const char *prompt,
           const char *original)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "output", output);
  json_object_set_string_member (entry, "prompt", prompt);
  if (original != NULL)
    {
      JsonObject *revision = json_object_new ();

      json_object_set_string_member (revision, "original_prompt", original);
      json_object_set_object_member (entry, "revision", revision);
    }
  json_array_add_object_element (history, entry);
}

static void
test_find_prompt (void)
{
  g_autoptr(JsonArray) history = json_array_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;

  add_entry (history, ".ai/orders-plan.md", "first prompt", NULL);
  add_entry (history, ".ai/other-plan.md", "other prompt", NULL);
  add_entry (history, "/tmp/r/.ai/orders-plan.md", "request 1", "first prompt, again");

  a = pw_revision_find_prompt (history, ".ai/other-plan.md");
  b = pw_revision_find_prompt (history, ".ai/orders-plan.md");
  c = pw_revision_find_prompt (history, ".ai/none.md");
  g_assert_cmpstr (a, ==, "other prompt");
  /* The newest entry that wrote it; a revision knows the first prompt. */
  g_assert_cmpstr (b, ==, "first prompt, again");
  g_assert_null (c);
}

/* ------------------------------------------------------------------ */
/* Through PwPlanRun                                                   */
/* ------------------------------------------------------------------ */

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
run_to_end (PwPlanRun  *run,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pw_plan_run_run_async (run, NULL, run_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return pw_plan_run_run_finish (run, result, error);
}

static JsonObject *
last_entry (PwWorkspace *workspace,
            JsonArray  **entries)
{
  g_autoptr(PwHistory) history = pw_history_new (pw_workspace_get_root (workspace));

  *entries = pw_history_load (history, NULL, NULL);
  g_assert_nonnull (*entries);
  return json_array_get_object_element (*entries, json_array_get_length (*entries) - 1);
}

static void
test_plan_run_revision (void)
{
  g_autofree char *repo = g_dir_make_tmp ("pw-revision-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (repo, "v2.md", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (repo);
  g_autoptr(PwWorkspace) workspace = pw_workspace_open (root, NULL, NULL);
  g_autoptr(PwPlanNotes) notes = notes_for (plan_text);
  g_autoptr(PwRevision) revision = pw_revision_new (plan_text, "Plan the orders feature.", notes,
                                                    NULL, NULL);
  g_autoptr(FakeProvider) fake = NULL;
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autofree char *written = NULL;
  JsonObject *entry, *details;
  guint carried = 0;

  fake = fake_provider_new ("# Plan: orders\n\n## Implementation Steps\n"
                            "1. Create the orders table with a tenant column\n"
                            "2. Enable row level security\n", FAKE_COMPLETE, 0);
  spec->provider = g_object_ref (PW_PROVIDER (fake));
  spec->output = g_strdup (out);
  run = pw_plan_run_new_revision (workspace, spec, revision);

  g_assert_true (run_to_end (run, &error));
  g_assert_no_error (error);
  g_assert_true (pw_plan_run_get_revision (run) == revision);
  g_assert_nonnull (pw_plan_run_get_revised_text (run, &carried));
  g_assert_cmpuint (carried, ==, 1);
  g_assert_nonnull (strstr (pw_plan_run_get_prompt (run)->text, "### assistant"));

  /* The new version is written where the spec says. */
  g_assert_true (g_file_get_contents (out, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, pw_plan_run_get_revised_text (run, NULL));
  g_assert_true (g_str_has_prefix (written, "<!-- planwright: template=feature-plan model=fake-model"));

  /* The history keeps the request, the notes with their status and the
   * version. */
  entry = last_entry (workspace, &entries);
  g_assert_cmpstr (json_object_get_string_member (entry, "template"), ==, "feature-plan");
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "prompt"), "On step 2"));
  details = json_object_get_object_member (entry, "revision");
  g_assert_cmpstr (json_object_get_string_member (details, "original_prompt"), ==,
                   "Plan the orders feature.");
  g_assert_cmpstr (json_object_get_string_member (details, "version"), ==, written);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (details, "notes"), "notes")), ==, 3);
  {
    g_autoptr(PwPlanNotes) kept = pw_plan_notes_new_from_json (json_object_get_member (details, "notes"),
                                                               &error);

    g_assert_no_error (error);
    g_assert_cmpint (pw_plan_notes_lookup (kept, "n1")->status, ==, PW_NOTE_STATUS_OUTDATED);
    g_assert_cmpint (pw_plan_notes_lookup (kept, "n2")->status, ==, PW_NOTE_STATUS_OUTDATED);
  }

  g_clear_object (&run);
  g_clear_object (&workspace);
  {
    g_autofree char *argv0 = g_find_program_in_path ("rm");
    const char *argv[] = { argv0, "-rf", repo, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

static void
test_offline_revision (void)
{
  g_autofree char *repo = g_dir_make_tmp ("pw-revision-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (repo);
  g_autoptr(PwWorkspace) workspace = pw_workspace_open (root, NULL, NULL);
  g_autoptr(PwPlanNotes) notes = notes_for (plan_text);
  g_autoptr(PwRevision) revision = pw_revision_new (plan_text, NULL, notes, NULL, NULL);
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(GError) error = NULL;
  PwPlanNotes *after;

  spec->provider_kind = g_strdup ("offline");
  run = pw_plan_run_new_revision (workspace, spec, revision);
  g_assert_true (run_to_end (run, &error));
  g_assert_no_error (error);

  /* No model: the same plan, every note still open, and a warning. */
  g_assert_cmpstr (pw_plan_run_get_revised_text (run, NULL), ==, plan_text);
  after = pw_revision_get_notes (revision);
  g_assert_cmpuint (pw_plan_notes_count_status (after, PW_NOTE_STATUS_OPEN), ==, 3);
  g_assert_nonnull (pw_generation_get_warnings (pw_plan_run_get_generation (run))[0]);
  g_assert_cmpuint (pw_plan_run_get_prompt (run)->warnings->len, ==, 1);

  g_clear_object (&run);
  g_clear_object (&workspace);
  {
    g_autofree char *argv0 = g_find_program_in_path ("rm");
    const char *argv[] = { argv0, "-rf", repo, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/revision/request", test_request);
  g_test_add_func ("/pw/revision/bad-requests", test_bad_requests);
  g_test_add_func ("/pw/revision/whole-plan", test_whole_plan_apply);
  g_test_add_func ("/pw/revision/section-only", test_section_apply);
  g_test_add_func ("/pw/revision/find-prompt", test_find_prompt);
  g_test_add_func ("/pw/revision/plan-run", test_plan_run_revision);
  g_test_add_func ("/pw/revision/offline", test_offline_revision);

  return g_test_run ();
}
