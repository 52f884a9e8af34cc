/* test-cli-next.c: `planwright next`, the hand-off from the command line
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "pw-test-repo.h"
#include "pw-test-utils.h"

#define PLAN_PATH ".ai/books-implementation-plan.md"

/* The plan both test files hand off: one step done, four open. */
static char *plan_text;

typedef struct
{
  char *repo;
  char *plan;
} Fixture;


static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->repo = g_dir_make_tmp ("cli-next-XXXXXX", NULL);
  pw_test_write_file_mode (fixture->repo, PLAN_PATH, plan_text, 0644);
  pw_test_write_file_mode (fixture->repo, ".cursor/rules/backend.mdc", "Prefer small functions.\n",
                           0644);
  fixture->plan = g_build_filename (fixture->repo, PLAN_PATH, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pw_test_remove_tree (fixture->repo);
  g_free (fixture->plan);
}

/* Runs the real binary without a display; @agent sets $PLANWRIGHT_AGENT,
 * or unsets it when %NULL. */
static int
run_next (const char  *agent,
          char       **out,
          char       **err,
          ...)
{
  g_autofree char *binary = g_build_filename (g_getenv ("PW_BUILD_ROOT"), "src", "planwright",
                                              NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = agent != NULL ? g_environ_setenv (envp, "PLANWRIGHT_AGENT", agent, TRUE)
                       : g_environ_unsetenv (envp, "PLANWRIGHT_AGENT");

  g_ptr_array_add (argv, binary);
  g_ptr_array_add (argv, (char *)"next");
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_prompt_only (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_next ("false {prompt}", &out, &err, fixture->plan, "--prompt-only",
                             "--count", "2", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "<plan_path>\n" PLAN_PATH "\n</plan_path>"));
  g_assert_nonnull (strstr (out, "(2):\n<steps>\n2. [ ] Write the service\n\n3. [ ] Add the route\n"
                                 "</steps>"));
  g_assert_nonnull (strstr (out, "File: .cursor/rules/backend.mdc\nPrefer small functions.\n"));
  g_assert_nonnull (strstr (out, "after this batch:\n4. Add tests\n5. Document the endpoint\n"));
  g_assert_null (strstr (out, "1. [x] Create the DTO"));
}

/* Without an agent the prompt is printed all the same, with a word on how
 * to configure one. */
static void
test_no_agent (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_next (NULL, &out, &err, fixture->plan, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "(3):\n<steps>\n2. [ ] Write the service"));
  g_assert_nonnull (strstr (err, "No coding agent is configured"));
  g_assert_nonnull (strstr (err, "PLANWRIGHT_AGENT"));
}

/* A fake agent, run in the repository, gets the prompt as a file and
 * ticks two steps; the command reports them. */
static void
test_runs_agent (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *script = g_build_filename (fixture->repo, "fake-agent.sh", NULL);
  g_autofree char *command = g_strdup_printf ("'%s' --file {prompt_file}", script);
  g_autofree char *seen_path = g_build_filename (fixture->repo, "seen-prompt.md", NULL);
  g_autofree char *seen = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  pw_test_write_file_mode (fixture->repo, "fake-agent.sh",
                           "#!/bin/sh\n"
                           "cp \"$2\" seen-prompt.md\n"
                           "sed -i -e 's/^2\\. \\[ \\]/2. [x]/' "
                           "-e 's/^3\\. \\[ \\]/3. [x]/' " PLAN_PATH "\n"
                           "echo agent done\n",
                           0755);

  g_assert_cmpint (run_next (NULL, &out, &err, fixture->plan, "--agent", command, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "agent done\n");
  g_assert_nonnull (strstr (err, "Handing steps 2, 3, 4 of " PLAN_PATH));
  g_assert_nonnull (strstr (err, "2 of 3 steps of the batch ticked; 2 open in the plan"));

  g_assert_true (g_file_get_contents (seen_path, &seen, NULL, NULL));
  g_assert_nonnull (strstr (seen, "<steps>\n2. [ ] Write the service"));
  g_assert_true (g_file_get_contents (fixture->plan, &plan, NULL, NULL));
  g_assert_nonnull (strstr (plan, "2. [x] Write the service\n3. [x] Add the route\n4. [ ] Add"));
}

/* The prompt reaches the agent as one argument, whatever it holds. */
static void
test_prompt_argument (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_next ("printf %s {prompt}", &out, &err, fixture->plan, "--count", "1",
                             NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "You are an experienced software engineer"));
  g_assert_nonnull (strstr (out, "<steps>\n2. [ ] Write the service\n</steps>"));
  g_assert_nonnull (strstr (err, "0 of 1 step of the batch ticked; 4 open in the plan"));
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *done_plan = g_build_filename (fixture->repo, ".ai", "done.md", NULL);
  g_autofree char *out1 = NULL;
  g_autofree char *err1 = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *out4 = NULL;
  g_autofree char *err4 = NULL;

  pw_test_write_file_mode (fixture->repo, ".ai/done.md",
                           "# P\n\n## Implementation Steps\n1. [x] a\n2. [x] b\n",
                           0644);
  g_assert_cmpint (run_next (NULL, &out1, &err1, done_plan, "--prompt-only", NULL), ==, 1);
  g_assert_nonnull (strstr (err1, "All 2 steps of .ai/done.md are done"));
  g_assert_cmpstr (out1, ==, "");

  g_assert_cmpint (run_next ("claude --print", &out2, &err2, fixture->plan, NULL), ==, 2);
  g_assert_nonnull (strstr (err2, "no {prompt} or {prompt_file} placeholder"));

  g_assert_cmpint (run_next (NULL, &out3, &err3, fixture->plan, "--count", "0", NULL), ==, 2);
  g_assert_nonnull (strstr (err3, "--count expects a number from 1 to 100"));

  g_assert_cmpint (run_next (NULL, &out4, &err4, "/nonexistent/plan.md", NULL), ==, 2);
  g_assert_cmpstr (out4, ==, "");
  g_assert_cmpstr (err4, !=, "");

  /* The plan is untouched by all of these. */
  {
    g_autofree char *plan = NULL;

    g_assert_true (g_file_get_contents (fixture->plan, &plan, NULL, NULL));
    g_assert_cmpstr (plan, ==, plan_text);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/pw/cli/next/prompt-only", test_prompt_only);
  ADD ("/pw/cli/next/no-agent", test_no_agent);
  ADD ("/pw/cli/next/runs-agent", test_runs_agent);
  ADD ("/pw/cli/next/prompt-argument", test_prompt_argument);
  ADD ("/pw/cli/next/errors", test_errors);
#undef ADD

  plan_text = pw_test_read_plan_data ("handoff-books.md");
  status = g_test_run ();
  g_free (plan_text);
  return status;
}
