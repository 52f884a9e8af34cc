/* test-plan-queue.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-coverage.h"
#include "pw-export.h"
#include "pw-plan-queue.h"
#include "pw-test-repo.h"
#include "pw-test-server.h"
#include "pw-workspace.h"

#define KEY "sk-queue-SECRET-1234567890"

static const char api_plan[] =
  "# REST API Plan\n\n## Endpoints\n\n"
  "### GET /api/notes\n\nLists the user's notes.\n\n- Success: 200 OK\n\n"
  "### POST /api/notes\n\nCreates a note.\n\n- Success: 201 Created\n\n"
  "### GET /api/notes/{id}\n\nReturns one note.\n\n- Success: 200 OK\n- Errors: 404\n";

static const char * const keys[] = { "GET /api/notes", "POST /api/notes", "GET /api/notes/{id}",
                                     NULL };

typedef struct
{
  char        *repo;
  PwWorkspace *workspace;
  TestServer  *server;
} Fixture;

typedef struct
{
  GAsyncResult *result;
  guint         n_started;
  guint         n_finished;
  guint         n_waiting;
} Observer;

static gboolean
file_exists (const char *dir,
             const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->repo = g_dir_make_tmp ("pw-plan-queue-XXXXXX", NULL);
  pw_test_write_file (fixture->repo, ".ai/api-plan.md", api_plan);
  pw_test_write_file (fixture->repo, ".ai/prd.md", "# Notes app\n\nUsers keep notes.\n");
  pw_test_write_file (fixture->repo, ".ai/tech-stack.md", "Astro, TypeScript, Zod\n");
  fixture->workspace = pw_test_open_workspace (fixture->repo);
  fixture->server = test_server_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_spin (20);
  test_server_free (fixture->server);
  g_clear_object (&fixture->workspace);
  pw_test_remove_tree (fixture->repo);
}

static TestReply *
add_rate_limit_reply (TestServer *server,
                      const char *retry_after)
{
  TestReply *reply = test_server_add_reply (server, 429, "application/json", 1,
                                            "{\"error\":{\"message\":\"slow down\"}}", NULL);

  reply->retry_after = g_strdup (retry_after);
  return reply;
}

static PwPlanSpec *
server_spec (Fixture *fixture)
{
  PwPlanSpec *spec = pw_plan_spec_new ();

  spec->template_id = g_strdup ("endpoints-plan");
  spec->provider_kind = g_strdup ("openai");
  spec->base_url = g_strdup (fixture->server->base);
  spec->model = g_strdup ("gpt-x");
  return spec;
}

static void
started_cb (PwPlanQueue *queue,
            guint        index,
            Observer    *observer)
{
  observer->n_started++;
}

static void
finished_cb (PwPlanQueue *queue,
             guint        index,
             Observer    *observer)
{
  observer->n_finished++;
}

static void
waiting_cb (PwPlanQueue *queue,
            guint        index,
            guint        delay_ms,
            Observer    *observer)
{
  observer->n_waiting++;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Observer *observer = user_data;

  observer->result = g_object_ref (result);
}

static gboolean
run_queue (PwPlanQueue  *queue,
           Observer     *observer,
           GError      **error)
{
  gboolean ok;

  g_signal_connect (queue, "item-started", G_CALLBACK (started_cb), observer);
  g_signal_connect (queue, "item-finished", G_CALLBACK (finished_cb), observer);
  g_signal_connect (queue, "waiting", G_CALLBACK (waiting_cb), observer);
  pw_plan_queue_run_async (queue, NULL, done_cb, observer);
  while (observer->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = pw_plan_queue_run_finish (queue, observer->result, error);
  g_clear_object (&observer->result);
  return ok;
}

/* Three endpoints against the fake server, a 429 with Retry-After: 1 in
 * the middle: the provider waits it out, the batch completes, and the
 * three plans wait for review until they are written. */
static void
test_batch_with_rate_limit (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = server_spec (fixture);
  g_autoptr(PwPlanQueue) queue = NULL;
  g_autoptr(PwCoverage) coverage = NULL;
  g_autoptr(GError) error = NULL;
  PwPlanQueueEstimate estimate;
  g_autofree char *estimate_text = NULL;
  Observer observer = { NULL, };
  const char *letters[] = { "A", "B", "C" };

  test_server_add_plan_reply (fixture->server, "A");
  add_rate_limit_reply (fixture->server, "1");
  test_server_add_plan_reply (fixture->server, "B");
  test_server_add_plan_reply (fixture->server, "C");

  queue = pw_plan_queue_new (fixture->workspace, spec, keys);
  g_assert_true (pw_plan_queue_estimate (queue, &estimate, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (estimate.n_items, ==, 3);
  g_assert_cmpuint (estimate.prompt_tokens, >, 0);
  g_assert_false (estimate.has_prices);
  estimate_text = pw_plan_queue_format_estimate (&estimate);
  g_assert_nonnull (strstr (estimate_text, "3 plans, about "));
  g_assert_nonnull (strstr (estimate_text, "cost unknown"));
  g_assert_cmpuint (fixture->server->n_requests, ==, 0);

  g_assert_true (run_queue (queue, &observer, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->server->n_requests, ==, 4);
  g_assert_cmpuint (pw_plan_queue_get_n_done (queue), ==, 3);
  g_assert_cmpuint (pw_plan_queue_get_n_failed (queue), ==, 0);
  g_assert_cmpuint (observer.n_started, ==, 3);
  g_assert_cmpuint (observer.n_finished, ==, 3);
  g_assert_cmpuint (observer.n_waiting, ==, 0);

  for (guint i = 0; i < 3; i++)
    {
      const PwPlanQueueItem *item = pw_plan_queue_get_item (queue, i);
      g_autofree char *heading = g_strdup_printf ("# Plan %s\n", letters[i]);

      g_assert_cmpstr (item->endpoint_key, ==, keys[i]);
      g_assert_cmpint (item->state, ==, PW_PLAN_QUEUE_ITEM_DONE);
      g_assert_true (g_str_has_prefix (item->text, "<!-- planwright: template=endpoints-plan"));
      g_assert_nonnull (strstr (item->text, "api-spec@.ai/api-plan.md:sha256:"));
      g_assert_nonnull (strstr (item->text, heading));
      /* Not written before review. */
      g_assert_false (file_exists (fixture->repo, item->target_path));
    }
  g_assert_cmpstr (pw_plan_queue_get_item (queue, 2)->target_path, ==,
                   ".ai/get-api-notes-id-implementation-plan.md");

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (pw_plan_queue_write_item (queue, i, FALSE, &error));
      g_assert_no_error (error);
    }
  /* A second write of the same plan is a conflict without force. */
  g_assert_false (pw_plan_queue_write_item (queue, 0, FALSE, &error));
  g_assert_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT);
  g_clear_error (&error);

  coverage = pw_coverage_compute (fixture->workspace, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coverage->n_endpoints, ==, 3);
  g_assert_cmpuint (coverage->n_planned, ==, 3);
  g_assert_cmpuint (coverage->n_steps, ==, 3);
  g_assert_cmpuint (coverage->n_stale, ==, 0);
}

/* When the provider gives up on a 429, the queue waits and tries the item
 * again; a failure of another kind does not stop the queue. */
static void
test_queue_waits_and_goes_on (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = server_spec (fixture);
  g_autoptr(PwPlanQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  Observer observer = { NULL, };
  const PwPlanQueueItem *item;

  /* The provider tries three times (two retries), each a 429 now. */
  for (guint i = 0; i < 3; i++)
    add_rate_limit_reply (fixture->server, "0");
  test_server_add_plan_reply (fixture->server, "A");
  test_server_add_reply (fixture->server, 400, "application/json", 1,
                         "{\"error\":{\"message\":\"bad request\"}}", NULL);
  test_server_add_plan_reply (fixture->server, "C");

  queue = pw_plan_queue_new (fixture->workspace, spec, keys);
  pw_plan_queue_set_rate_limit_wait (queue, 10, 2);
  g_assert_true (run_queue (queue, &observer, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (observer.n_waiting, ==, 1);
  item = pw_plan_queue_get_item (queue, 0);
  g_assert_cmpint (item->state, ==, PW_PLAN_QUEUE_ITEM_DONE);
  g_assert_cmpuint (item->attempts, ==, 2);
  item = pw_plan_queue_get_item (queue, 1);
  g_assert_cmpint (item->state, ==, PW_PLAN_QUEUE_ITEM_FAILED);
  g_assert_nonnull (item->error);
  g_assert_false (pw_plan_queue_write_item (queue, 1, FALSE, &error));
  g_assert_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (pw_plan_queue_get_item (queue, 2)->state, ==, PW_PLAN_QUEUE_ITEM_DONE);
  g_assert_cmpuint (pw_plan_queue_get_n_done (queue), ==, 2);
}

static void
cancel_on_start_cb (PwPlanQueue *queue,
                    guint        index,
                    gpointer     user_data)
{
  if (index == 1)
    pw_plan_queue_cancel (queue);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = server_spec (fixture);
  g_autoptr(PwPlanQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  Observer observer = { NULL, };

  test_server_add_plan_reply (fixture->server, "A");
  queue = pw_plan_queue_new (fixture->workspace, spec, keys);
  g_signal_connect (queue, "item-started", G_CALLBACK (cancel_on_start_cb), NULL);
  g_assert_false (run_queue (queue, &observer, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_cmpint (pw_plan_queue_get_item (queue, 0)->state, ==, PW_PLAN_QUEUE_ITEM_DONE);
  g_assert_cmpint (pw_plan_queue_get_item (queue, 1)->state, ==, PW_PLAN_QUEUE_ITEM_CANCELLED);
  g_assert_cmpint (pw_plan_queue_get_item (queue, 2)->state, ==, PW_PLAN_QUEUE_ITEM_CANCELLED);
  g_assert_cmpuint (pw_plan_queue_get_n_done (queue), ==, 1);
}

typedef struct
{
  gboolean  done;
  int       status;
  char     *out;
  char     *err;
} Result;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Result *res = user_data;
  GSubprocess *process = G_SUBPROCESS (source);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (process, result, &res->out, &res->err, &error);
  g_assert_no_error (error);
  res->status = g_subprocess_get_exit_status (process);
  res->done = TRUE;
}

/* The command line: `planwright plan DIR --all-unplanned --output auto`
 * against the fake server, a 429 in the middle, leaves three plans that
 * `status` counts. */
static void
test_cli_all_unplanned (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *build = g_getenv ("PW_BUILD_ROOT");
  g_autofree char *binary = g_build_filename (build, "src", "planwright", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwCoverage) coverage = NULL;
  Result res = { FALSE, };

  if (!g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("planwright is not built");
      return;
    }

  test_server_add_plan_reply (fixture->server, "A");
  add_rate_limit_reply (fixture->server, "1");
  test_server_add_plan_reply (fixture->server, "B");
  test_server_add_plan_reply (fixture->server, "C");

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "plan", fixture->repo,
                                         "--all-unplanned", "--provider", "openai",
                                         "--base-url", fixture->server->base, "--model", "gpt-x",
                                         "--output", "auto", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("stderr: %s", res.err);

  g_assert_cmpint (res.status, ==, 0);
  g_assert_cmpuint (fixture->server->n_requests, ==, 4);
  g_assert_nonnull (strstr (res.err, "3 plans, about "));
  g_assert_nonnull (strstr (res.err, "[2/3] POST /api/notes"));
  g_assert_nonnull (strstr (res.err, "3 of 3 planned"));
  g_assert_null (strstr (res.err, KEY));
  g_assert_cmpstr (res.out, ==, "");
  g_assert_true (file_exists (fixture->repo, ".ai/get-api-notes-implementation-plan.md"));
  g_assert_true (file_exists (fixture->repo, ".ai/post-api-notes-implementation-plan.md"));
  g_assert_true (file_exists (fixture->repo, ".ai/get-api-notes-id-implementation-plan.md"));

  workspace = pw_test_open_workspace (fixture->repo);
  coverage = pw_coverage_compute (workspace, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (coverage->n_planned, ==, 3);

  g_free (res.out);
  g_free (res.err);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* No profiles: prices unknown. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", "/nonexistent", TRUE);
  g_unsetenv ("PLANWRIGHT_API_KEY");
  g_setenv ("OPENAI_API_KEY", KEY, TRUE);

#define ADD(path, func) \
  g_test_add ("/pw/plan-queue/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("batch-with-rate-limit", test_batch_with_rate_limit);
  ADD ("waits-and-goes-on", test_queue_waits_and_goes_on);
  ADD ("cancel", test_cancel);
  ADD ("cli-all-unplanned", test_cli_all_unplanned);
#undef ADD

  return g_test_run ();
}
