/* pw-test-utils.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pw-file-io.h"
#include "pw-test-utils.h"

/**
 * pw_test_copy_example:
 *
 * Makes a scratch copy of examples/shelfie, for tests that write into it.
 *
 * Returns: (transfer full): the copy's folder
 */
char *
pw_test_copy_example (void)
{
  const char *source = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *example = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *command = NULL;
  int status = 0;

  /* Without it the path below would be relative to the root directory. */
  if (source == NULL || *source == '\0')
    g_error ("PW_SOURCE_ROOT is not set: run the tests with meson test");
  example = g_build_filename (source, "examples", "shelfie", NULL);
  g_assert_true (g_file_test (example, G_FILE_TEST_IS_DIR));
  dir = g_dir_make_tmp ("pw-ui-XXXXXX", &error);
  g_assert_no_error (error);
  command = g_strdup_printf ("cp -a '%s/.' '%s/'", example, dir);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  return g_steal_pointer (&dir);
}

/**
 * pw_test_wait_until:
 * @done: says whether the wait is over
 * @data: for @done
 *
 * Runs the main loop until @done says so, failing after 20 s.
 */
void
pw_test_wait_until (gboolean (*done) (gpointer),
                    gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (done (data));
}

/**
 * pw_test_run_with_file_size_limit:
 * @func: what to run in the child
 * @data: for @func
 * @limit: the largest file the child may write (RLIMIT_FSIZE)
 * @ignore_sigxfsz: whether a write past @limit fails with EFBIG (%TRUE) or
 *   kills the child with SIGXFSZ mid-write (%FALSE), as a kill -9 would
 *
 * Runs @func in a forked child whose writes fail (or which dies) past
 * @limit bytes: a failing disk for any writer, on any machine.
 *
 * Returns: the child's wait status
 */
int
pw_test_run_with_file_size_limit (void     (*func) (gpointer),
                                  gpointer   data,
                                  gsize      limit,
                                  gboolean   ignore_sigxfsz)
{
  pid_t pid;
  int status = 0;

  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);

  if (pid == 0)
    {
      struct rlimit rl = { .rlim_cur = limit, .rlim_max = limit };

      signal (SIGXFSZ, ignore_sigxfsz ? SIG_IGN : SIG_DFL);
      if (setrlimit (RLIMIT_FSIZE, &rl) != 0)
        _exit (99);
      func (data);
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

  return status;
}

/**
 * pw_test_count_temporaries:
 * @dir: a folder
 *
 * Returns: how many temporary files of a save are in @dir
 */
guint
pw_test_count_temporaries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += pw_file_is_temporary_name (name);

  return n;
}

/**
 * pw_test_make_repo:
 *
 * Returns: (transfer full): a new, empty scratch folder to play a repository
 */
char *
pw_test_make_repo (void)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("pw-repo-XXXXXX", &error);

  g_assert_no_error (error);
  return root;
}

/**
 * pw_test_write_file:
 * @relative: a path below @root; its folders are created
 *
 * Writes @contents at @relative in @root, or fails the test.
 */
void
pw_test_write_file (const char *root,
                    const char *relative,
                    const char *contents)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/**
 * pw_test_open_workspace:
 * @path: a repository folder
 *
 * Returns: (transfer full): the scanned workspace, or fails the test
 */
PwWorkspace *
pw_test_open_workspace (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  PwWorkspace *workspace = pw_workspace_open (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (workspace);

  return workspace;
}

/**
 * pw_test_store_result_cb:
 * @user_data: a `GAsyncResult **`, %NULL until the call completes
 *
 * Keeps a reference on @result for the test's loop to pick up.
 */
void
pw_test_store_result_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * pw_test_write_file_mode:
 * @dir: a folder
 * @name: a relative path under it; missing folders are made
 * @contents: what the file holds
 * @mode: its permissions, e.g. 0755 for a script
 */
void
pw_test_write_file_mode (const char *dir,
                         const char *name,
                         const char *contents,
                         int         mode)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

/**
 * pw_test_read_plan_data:
 * @name: a file of tests/data/plans/
 *
 * Usable outside a test case too (in main(), before the run).
 *
 * Returns: (transfer full): its contents
 */
char *
pw_test_read_plan_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "plans", name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PwTestResult *res = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &res->out, &res->err,
                                        &error);
  g_assert_no_error (error);
  res->status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                ? g_subprocess_get_exit_status (G_SUBPROCESS (source)) : -1;
  res->done = TRUE;
}

static gboolean
interrupt_cb (gpointer user_data)
{
  g_subprocess_send_signal (user_data, SIGINT);
  return G_SOURCE_REMOVE;
}

/**
 * pw_test_run_planwright:
 * @args: the arguments after `planwright`
 * @data_home: XDG_DATA_HOME for the process (its history)
 * @key: the OPENAI_API_KEY it gets, which must not show in its output
 * @interrupt_ms: when > 0, SIGINT after that long
 *
 * Runs the built binary (PW_BUILD_ROOT) and waits for it.
 */
PwTestResult
pw_test_run_planwright (const char * const *args,
                        const char         *data_home,
                        const char         *key,
                        guint               interrupt_ms)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  PwTestResult res = { FALSE, NULL, NULL, -1 };

  g_ptr_array_add (argv, g_build_filename (g_getenv ("PW_BUILD_ROOT"), "src", "planwright", NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "OPENAI_API_KEY", key, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PLANWRIGHT_API_KEY");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  if (interrupt_ms > 0)
    g_timeout_add (interrupt_ms, interrupt_cb, process);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_null (strstr (res.out, key));
  g_assert_null (strstr (res.err, key));
  return res;
}

void
pw_test_result_clear (PwTestResult *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

/**
 * pw_test_dup_shared_dir:
 * @name: a folder of ../shared beside the source tree, e.g. "corpus" or "openapi"
 *
 * The folder is never copied in; a test that needs it skips when it is absent.
 *
 * Returns: (transfer full): its path, relative to $PW_SOURCE_ROOT (or to the
 *   current folder when that is not set); it may not exist
 */
char *
pw_test_dup_shared_dir (const char *name)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");

  return g_build_filename (root != NULL ? root : ".", "..", "shared", name, NULL);
}

/**
 * pw_test_run_cli:
 * @args: the command line after `planwright`, as a shell would split it
 * @out: (out) (optional): what it printed
 * @err: (out) (optional): what it printed on standard error
 *
 * Runs the built `planwright` without a display.
 *
 * Returns: its exit status, or -1 when it did not exit
 */
int
pw_test_run_cli (const char  *args,
                 char       **out,
                 char       **err)
{
  const char *build = g_getenv ("PW_BUILD_ROOT");
  g_autofree char *binary = g_build_filename (build, "src", "planwright", NULL);
  g_autofree char *command = g_strdup_printf ("env -u DISPLAY -u WAYLAND_DISPLAY %s %s",
                                              binary, args);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, out, err, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}
