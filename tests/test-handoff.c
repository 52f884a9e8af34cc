/* test-handoff.c: the implementation prompt for a coding agent, its agent
 * command and the merge of an agent's ticks
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "pw-document.h"
#include "pw-handoff.h"
#include "pw-plan.h"
#include "pw-test-utils.h"

static const char small_plan[] =
  "# Plan: GET /books\n"
  "\n"
  "<analysis>\n"
  "## Thinking\n"
  "Private notes.\n"
  "</analysis>\n"
  "\n"
  "## 1. Endpoint Overview\n"
  "Lists books.\n"
  "\n"
  "## 2. Error Handling\n"
  "- 404 when the shelf is missing\n"
  "\n"
  "## 3. Implementation Steps\n"
  "1. [x] Create the DTO\n"
  "2. [ ] Write the service\n"
  "   - use `BookService`\n"
  "3. [ ] Add the route\n"
  "4. [x] Validate input\n"
  "5. [ ] Add tests\n"
  "6. [ ] Document the endpoint\n";

static void
remove_tree (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

static PwDocument *
write_rules (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, ".cursor", "rules", "backend.mdc", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  pw_test_write_file_mode (dir, ".cursor/rules/backend.mdc", "Use early returns.\n", 0644);
  return pw_document_new (file, ".cursor/rules/backend.mdc", PW_DOCUMENT_ROLE_RULES);
}

static void
test_batch_skips_done (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (small_plan, -1);
  g_autoptr(GArray) three = pw_handoff_select_batch (plan, 3);
  g_autoptr(GArray) one = pw_handoff_select_batch (plan, 1);
  g_autoptr(GArray) all = pw_handoff_select_batch (plan, 10);

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 6);
  g_assert_cmpuint (three->len, ==, 3);
  g_assert_cmpuint (g_array_index (three, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (three, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (three, guint, 2), ==, 4);

  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpuint (g_array_index (one, guint, 0), ==, 1);

  /* Asking for more than is open gives what is open. */
  g_assert_cmpuint (all->len, ==, 4);
  g_assert_cmpuint (g_array_index (all, guint, 3), ==, 5);
}

/* The whole prompt for a small plan, byte for byte: the template's
 * wording, the batch as the plan has it, the other sections without the
 * analysis, the rules under their path and the steps after the batch. */
static void
test_exact_text (void)
{
  g_autofree char *dir = g_dir_make_tmp ("handoff-XXXXXX", NULL);
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (small_plan, -1);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PwHandoff) handoff = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected =
    "You are an experienced software engineer implementing a feature in this repository from "
    "its implementation plan, one small batch at a time.\n"
    "\n"
    "1. The plan:\n"
    "<plan_path>\n"
    ".ai/books-implementation-plan.md\n"
    "</plan_path>\n"
    "\n"
    "2. The steps of this batch (2):\n"
    "<steps>\n"
    "2. [ ] Write the service\n"
    "   - use `BookService`\n"
    "\n"
    "3. [ ] Add the route\n"
    "</steps>\n"
    "\n"
    "3. The rest of the plan, for context:\n"
    "<plan_context>\n"
    "## 1. Endpoint Overview\n"
    "Lists books.\n"
    "\n"
    "## 2. Error Handling\n"
    "- 404 when the shelf is missing\n"
    "</plan_context>\n"
    "\n"
    "4. Implementation rules:\n"
    "<implementation_rules>\n"
    "File: .cursor/rules/backend.mdc\n"
    "Use early returns.\n"
    "</implementation_rules>\n"
    "\n"
    "5. How to work:\n"
    "<implementation_approach>\n"
    "Implement only the steps of this batch, in order, following the implementation rules and "
    "the rest of the plan. As soon as a step is finished, mark it done in "
    ".ai/books-implementation-plan.md by changing its `[ ]` into `[x]`; change nothing else "
    "in that file. After the last step of the batch, stop: briefly summarise what you did, "
    "describe how you would carry out the next steps listed below, and wait for feedback before "
    "writing any more code.\n"
    "\n"
    "The steps after this batch:\n"
    "5. Add tests\n"
    "6. Document the endpoint\n"
    "</implementation_approach>\n";

  g_ptr_array_add (rules, write_rules (dir));
  handoff = pw_handoff_new (plan, ".ai/books-implementation-plan.md", 2, rules, &error);
  g_assert_no_error (error);
  g_assert_nonnull (handoff);

  g_assert_cmpstr (handoff->text, ==, expected);
  g_assert_cmpuint (handoff->steps->len, ==, 2);
  g_assert_cmpuint (handoff->n_open, ==, 4);
  g_assert_cmpuint (handoff->rules->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (handoff->rules, 0), ==, ".cursor/rules/backend.mdc");
  g_assert_null (strstr (handoff->text, "Private notes"));
  g_assert_null (strstr (handoff->text, "{{"));
  remove_tree (dir);
}

static void
test_default_count_and_no_rules (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (small_plan, -1);
  g_autoptr(PwHandoff) handoff = NULL;
  g_autofree char *steps = NULL;
  g_autoptr(GError) error = NULL;

  handoff = pw_handoff_new (plan, "plan.md", PW_HANDOFF_DEFAULT_COUNT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (handoff->steps->len, ==, 3);
  steps = pw_handoff_format_steps (handoff);
  g_assert_cmpstr (steps, ==, "2, 3, 5");
  g_assert_nonnull (strstr (handoff->text, "(3):\n<steps>\n2. [ ] Write"));
  g_assert_nonnull (strstr (handoff->text, "5. [ ] Add tests\n</steps>"));
  g_assert_nonnull (strstr (handoff->text, "(The repository has no rules files.)"));
  g_assert_nonnull (strstr (handoff->text, "after this batch:\n6. Document the endpoint\n"));
  g_assert_cmpuint (handoff->rules->len, ==, 0);
}

/* A rules file that leads out of the repository through a symbolic link
 * is never read into the prompt. */
static void
test_rules_outside (void)
{
  g_autofree char *repo = g_dir_make_tmp ("handoff-repo-XXXXXX", NULL);
  g_autofree char *outside = g_dir_make_tmp ("handoff-outside-XXXXXX", NULL);
  g_autofree char *secret = g_build_filename (outside, "secret.txt", NULL);
  g_autofree char *rules_dir = g_build_filename (repo, ".cursor", "rules", NULL);
  g_autofree char *link = g_build_filename (rules_dir, "backend.mdc", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (repo);
  g_autoptr(GFile) file = g_file_new_for_path (link);
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (small_plan, -1);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PwHandoff) handoff = NULL;
  g_autoptr(GError) error = NULL;
  PwDocument *document;

  pw_test_write_file_mode (outside, "secret.txt", "TOP SECRET\n", 0644);
  g_assert_cmpint (g_mkdir_with_parents (rules_dir, 0755), ==, 0);
  g_assert_cmpint (symlink (secret, link), ==, 0);
  document = pw_document_new (file, ".cursor/rules/backend.mdc", PW_DOCUMENT_ROLE_RULES);
  pw_document_set_root (document, root);
  g_ptr_array_add (rules, document);

  handoff = pw_handoff_new (plan, "plan.md", 3, rules, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (handoff->text, "TOP SECRET"));
  g_assert_nonnull (strstr (handoff->text, "(The repository has no rules files.)"));
  g_assert_cmpuint (handoff->rules->len, ==, 0);
  remove_tree (repo);
  remove_tree (outside);
}

static void
test_all_done (void)
{
  g_autoptr(PwPlan) done = pw_plan_new_from_text ("# P\n\n## Implementation Steps\n"
                                                  "1. [x] One\n2. [X] Two\n", -1);
  g_autoptr(PwPlan) empty = pw_plan_new_from_text ("# P\n\nNo steps at all.\n", -1);
  g_autoptr(PwPlan) last = pw_plan_new_from_text ("# P\n\n## Implementation Steps\n"
                                                  "1. [x] One\n2. [ ] Two\n", -1);
  g_autoptr(PwHandoff) none = NULL;
  g_autoptr(PwHandoff) nothing = NULL;
  g_autoptr(PwHandoff) final = NULL;
  g_autoptr(GError) error = NULL;

  none = pw_handoff_new (done, ".ai/p.md", 3, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_ALL_DONE);
  g_assert_nonnull (strstr (error->message, "All 2 steps of .ai/p.md are done"));
  g_clear_error (&error);

  nothing = pw_handoff_new (empty, ".ai/p.md", 3, NULL, &error);
  g_assert_null (nothing);
  g_assert_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_NO_STEPS);
  g_clear_error (&error);

  final = pw_handoff_new (last, ".ai/p.md", 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (final->text, "(None: this batch finishes the plan.)"));
  g_assert_nonnull (strstr (final->text, "(The plan has no other sections.)"));
}

static void
test_command (void)
{
  const char *prompt = "Say \"hi\" and $HOME\n'quoted' `tick`";
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) file_argv = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GError) error = NULL;
  const PwAgentPreset *presets;
  guint n_presets = 0;

  argv = pw_handoff_expand_command ("my-agent --yes {prompt}", prompt, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (argv), ==, 3);
  g_assert_cmpstr (argv[0], ==, "my-agent");
  g_assert_cmpstr (argv[2], ==, prompt);

  shown = pw_handoff_format_argv ((const char * const *)argv);
  g_assert_cmpstr (shown, ==, "'my-agent' '--yes' 'Say \"hi\" and $HOME\n'\\''quoted'\\'' `tick`'");

  file_argv = pw_handoff_expand_command ("'agent x' --message-file={prompt_file}", prompt,
                                         "/tmp/p.md", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file_argv[0], ==, "agent x");
  g_assert_cmpstr (file_argv[1], ==, "--message-file=/tmp/p.md");

  g_assert_false (pw_handoff_check_command ("  ", &error));
  g_assert_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_COMMAND);
  g_clear_error (&error);
  g_assert_false (pw_handoff_check_command ("claude --print", &error));
  g_assert_nonnull (strstr (error->message, "no {prompt} or {prompt_file}"));
  g_clear_error (&error);
  g_assert_false (pw_handoff_check_command ("claude 'unclosed {prompt}", &error));
  g_assert_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_COMMAND);
  g_clear_error (&error);
  g_assert_null (pw_handoff_expand_command ("aider --message-file {prompt_file}", prompt, NULL,
                                            &error));
  g_assert_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_COMMAND);
  g_clear_error (&error);

  presets = pw_handoff_get_presets (&n_presets);
  g_assert_cmpuint (n_presets, >=, 4);
  for (guint i = 0; i < n_presets; i++)
    {
      g_assert_true (pw_handoff_check_command (presets[i].command, &error));
      g_assert_no_error (error);
    }
}

static void
test_prompt_file (void)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  path = pw_handoff_write_prompt_file ("the prompt\n", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the prompt\n");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_unlink (path);
}

static void
test_find_repository (void)
{
  g_autoptr(GFile) plan = g_file_new_for_path ("/repo/.ai/plans/x.md");
  g_autoptr(GFile) loose = g_file_new_for_path ("/somewhere/x.md");
  g_autoptr(GFile) repo = pw_handoff_find_repository (plan);
  g_autoptr(GFile) folder = pw_handoff_find_repository (loose);
  g_autofree char *repo_path = g_file_get_path (repo);
  g_autofree char *folder_path = g_file_get_path (folder);

  g_assert_cmpstr (repo_path, ==, "/repo");
  g_assert_cmpstr (folder_path, ==, "/somewhere");
}

static const char base_text[] =
  "# P\n\n## Steps\n1. [ ] One\n2. [ ] Two\n3. [ ] Three\n";

static void
test_merge_ticks (void)
{
  const char *theirs = "# P\n\n## Steps\n1. [x] One\n2. [ ] Two\n3. [x] Three\n";
  const char *mine = "# P\n\nMy new paragraph.\n\n## Steps\n1. [ ] One\n2. [ ] Two (edited)\n"
                     "3. [ ] Three\n";
  g_autofree char *merged = NULL;
  g_autofree char *same = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  merged = pw_handoff_merge_ticks (base_text, mine, theirs, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (merged, ==, "# P\n\nMy new paragraph.\n\n## Steps\n1. [x] One\n"
                               "2. [ ] Two (edited)\n3. [x] Three\n");

  /* Nothing changed on disk: the user's text as it is. */
  same = pw_handoff_merge_ticks (base_text, mine, base_text, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpstr (same, ==, mine);
}

static void
test_merge_conflicts (void)
{
  const char *mine = "# P\n\n## Steps\n1. [ ] One, edited\n2. [ ] Two\n3. [ ] Three\n";
  g_autoptr(GError) error = NULL;
  char *merged;

  /* A tick on a line the user edited. */
  merged = pw_handoff_merge_ticks (base_text, mine,
                                   "# P\n\n## Steps\n1. [x] One\n2. [ ] Two\n3. [ ] Three\n",
                                   NULL, &error);
  g_assert_null (merged);
  g_assert_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Line 4"));
  g_clear_error (&error);

  /* A change on disk beyond the marks, same length or not. */
  merged = pw_handoff_merge_ticks (base_text, mine,
                                   "# Q\n\n## Steps\n1. [ ] One\n2. [ ] Two\n3. [ ] Three\n",
                                   NULL, &error);
  g_assert_null (merged);
  g_assert_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_CONFLICT);
  g_clear_error (&error);

  merged = pw_handoff_merge_ticks (base_text, mine, "# P\n", NULL, &error);
  g_assert_null (merged);
  g_assert_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_CONFLICT);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/handoff/batch-skips-done", test_batch_skips_done);
  g_test_add_func ("/pw/handoff/exact-text", test_exact_text);
  g_test_add_func ("/pw/handoff/default-count-no-rules", test_default_count_and_no_rules);
  g_test_add_func ("/pw/handoff/rules-outside", test_rules_outside);
  g_test_add_func ("/pw/handoff/all-done", test_all_done);
  g_test_add_func ("/pw/handoff/command", test_command);
  g_test_add_func ("/pw/handoff/prompt-file", test_prompt_file);
  g_test_add_func ("/pw/handoff/find-repository", test_find_repository);
  g_test_add_func ("/pw/handoff/merge-ticks", test_merge_ticks);
  g_test_add_func ("/pw/handoff/merge-conflicts", test_merge_conflicts);

  return g_test_run ();
}
