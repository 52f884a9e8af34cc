/* test-plan-io.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-plan-index.h"
#include "pw-plan.h"
#include "pw-test-repo.h"
#include "pw-workspace.h"

/* The asynchronous load and save of a plan and the asynchronous scan of a
 * repository's plans, run on a main loop without a display. */

static const char plan_text[] =
  "# Plan: GET /api/books\n"
  "\n"
  "## Implementation Steps\n"
  "1. [ ] First\n"
  "2. [x] Second\n";

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pw-plan-io-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pw_test_remove_tree (fixture->dir);
}

static GFile *
write_file (const char *dir,
            const char *relative,
            const char *text,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, text, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static gboolean
load (PwPlan  *plan,
      GFile   *file,
      GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pw_plan_load_file_async (plan, file, NULL, store_result_cb, &result);
  return pw_plan_load_file_finish (plan, wait_for_result (&result), error);
}

static gboolean
save (PwPlan  *plan,
      GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pw_plan_save_async (plan, NULL, store_result_cb, &result);
  return pw_plan_save_finish (plan, wait_for_result (&result), error);
}

static void
count_cb (PwPlan *plan,
          guint  *count)
{
  (*count)++;
}

static void
test_load_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture->dir, "plan.md", plan_text, -1);
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(PwPlan) sync = pw_plan_new ();
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  g_signal_connect (plan, "changed", G_CALLBACK (count_cb), &changes);
  g_assert_true (load (plan, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_true (g_file_equal (pw_plan_get_file (plan), file));
  g_assert_cmpstr (pw_plan_get_text (plan, NULL), ==, plan_text);
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);
  g_assert_cmpuint (pw_plan_get_n_done (plan), ==, 1);

  /* The same plan and etag as the synchronous load. */
  g_assert_true (pw_plan_load_file (sync, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_plan_get_etag (plan), ==, pw_plan_get_etag (sync));
  g_assert_nonnull (pw_plan_get_etag (plan));
}

static void
test_load_async_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GFile) latin1 = write_file (fixture->dir, "latin1.md", "# Caf\xe9\n", -1);
  g_autoptr(GFile) missing = g_file_new_build_filename (fixture->dir, "missing.md", NULL);
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (plan_text, -1);
  g_autoptr(GError) error = NULL;
  guint changes = 0;

  /* A failed load leaves the plan as it was. */
  g_signal_connect (plan, "changed", G_CALLBACK (count_cb), &changes);
  g_assert_false (load (plan, latin1, &error));
  g_assert_error (error, PW_PLAN_ERROR, PW_PLAN_ERROR_INVALID_UTF8);
  g_clear_error (&error);
  g_assert_false (load (plan, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (changes, ==, 0);
  g_assert_null (pw_plan_get_file (plan));
  g_assert_cmpstr (pw_plan_get_text (plan, NULL), ==, plan_text);
}

static void
test_load_async_cancelled (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture->dir, "plan.md", plan_text, -1);
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  pw_plan_load_file_async (plan, file, cancellable, store_result_cb, &result);
  g_assert_false (pw_plan_load_file_finish (plan, wait_for_result (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (pw_plan_get_text (plan, NULL), ==, "");
}

static void
test_save_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture->dir, "plan.md", plan_text, -1);
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *first_etag = NULL;

  g_assert_true (load (plan, file, &error));
  g_assert_true (pw_plan_set_step_done (plan, 0, TRUE));
  g_assert_true (save (plan, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_cmpstr (contents, ==, pw_plan_get_text (plan, NULL));
  g_assert_nonnull (strstr (contents, "1. [x] First"));

  /* The new etag lets the next save through. */
  first_etag = g_strdup (pw_plan_get_etag (plan));
  g_assert_true (pw_plan_set_step_done (plan, 1, FALSE));
  g_assert_true (save (plan, &error));
  g_assert_no_error (error);
  g_assert_nonnull (pw_plan_get_etag (plan));
}

static void
test_save_async_refuses (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture->dir, "plan.md", plan_text, -1);
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(PwPlan) unsaved = pw_plan_new_from_text (plan_text, -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_false (save (unsaved, &error));
  g_assert_error (error, PW_PLAN_ERROR, PW_PLAN_ERROR_NOT_LOADED);
  g_clear_error (&error);

  /* Changed on disk since the load: not overwritten. Sleep so that the
   * modification time, and with it the etag, differs. */
  g_assert_true (load (plan, file, &error));
  g_usleep (1100 * 1000);
  g_object_unref (write_file (fixture->dir, "plan.md", "# Other\n", -1));
  g_assert_true (pw_plan_set_step_done (plan, 0, TRUE));
  g_assert_false (save (plan, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
  g_assert_cmpstr (contents, ==, "# Other\n");
}

static void
copy_example (const char *dir)
{
  const char *source = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *example = g_build_filename (source ? source : ".", "examples", "shelfie",
                                               NULL);
  g_autofree char *command = g_strdup_printf ("cp -a '%s/.' '%s/'", example, dir);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
}

static PwWorkspace *
open_workspace (const char *dir)
{
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  PwWorkspace *workspace = pw_workspace_open (root, NULL, &error);

  g_assert_no_error (error);
  return workspace;
}

static GPtrArray *
scan (PwWorkspace  *workspace,
      GCancellable *cancellable,
      GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pw_plan_index_scan_async (workspace, cancellable, store_result_cb, &result);
  return pw_plan_index_scan_finish (workspace, wait_for_result (&result), error);
}

static void
assert_same_summaries (GPtrArray *a,
                       GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      PwPlanSummary *x = g_ptr_array_index (a, i);
      PwPlanSummary *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->path, ==, y->path);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpuint (x->n_steps, ==, y->n_steps);
      g_assert_cmpuint (x->n_done, ==, y->n_done);
      g_assert_cmpint (x->modified, ==, y->modified);
      g_assert_cmpuint (g_strv_length (x->endpoints), ==, g_strv_length (y->endpoints));
      for (guint k = 0; x->endpoints[k] != NULL; k++)
        g_assert_cmpstr (x->endpoints[k], ==, y->endpoints[k]);
    }
}

static void
test_scan_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwWorkspace) other = NULL;
  g_autoptr(GPtrArray) async = NULL;
  g_autoptr(GPtrArray) sync = NULL;
  g_autoptr(GError) error = NULL;

  copy_example (fixture->dir);
  g_object_unref (write_file (fixture->dir, ".ai/post-books-implementation-plan.md",
                              "# Plan\n\n## Implementation Steps\n1. [x] Do it\n", -1));

  /* The async scan loads the API spec itself, then agrees with the sync
   * scan of a second workspace on the same files. */
  workspace = open_workspace (fixture->dir);
  async = scan (workspace, NULL, &error);
  g_assert_no_error (error);
  other = open_workspace (fixture->dir);
  sync = pw_plan_index_scan (other, NULL);
  g_assert_cmpuint (async->len, >=, 2);
  assert_same_summaries (async, sync);
  g_assert_nonnull (pw_plan_index_find_endpoint (async, "GET /api/books"));
}

static void
test_scan_async_cancelled (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;

  copy_example (fixture->dir);
  workspace = open_workspace (fixture->dir);
  g_cancellable_cancel (cancellable);
  summaries = scan (workspace, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (summaries);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/plan-io/load-async", test_load_async);
  ADD ("/plan-io/load-async-errors", test_load_async_errors);
  ADD ("/plan-io/load-async-cancelled", test_load_async_cancelled);
  ADD ("/plan-io/save-async", test_save_async);
  ADD ("/plan-io/save-async-refuses", test_save_async_refuses);
  ADD ("/plan-io/scan-async", test_scan_async);
  ADD ("/plan-io/scan-async-cancelled", test_scan_async_cancelled);
#undef ADD

  return g_test_run ();
}
