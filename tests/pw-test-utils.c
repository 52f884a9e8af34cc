/* pw-test-utils.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
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
