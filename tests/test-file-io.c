/* test-file-io.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pw-document.h"
#include "pw-export.h"
#include "pw-file-io.h"
#include "pw-history.h"
#include "pw-plan.h"
#include "pw-test-utils.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("pw-file-io-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

static void
assert_contents (const char *path,
                 const char *expected)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
}

static void
make_old (const char *path)
{
  struct timeval times[2] = { { time (NULL) - 3600, 0 }, { time (NULL) - 3600, 0 } };

  g_assert_cmpint (utimes (path, times), ==, 0);
}

static void
test_read_refuses_special (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *fifo = g_build_filename (dir, "plan.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (fifo);
  g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  /* A FIFO with no writer: opening it must not wait. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (pw_file_read (file, PW_FILE_MAX_SIZE, &contents, NULL, NULL, &error));
  g_assert_error (error, PW_FILE_ERROR, PW_FILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);

  g_assert_false (pw_file_read (zero, PW_FILE_MAX_SIZE, &contents, NULL, NULL, &error));
  g_assert_error (error, PW_FILE_ERROR, PW_FILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);

  g_assert_false (pw_file_read (folder, PW_FILE_MAX_SIZE, &contents, NULL, NULL, &error));
  g_assert_error (error, PW_FILE_ERROR, PW_FILE_ERROR_NOT_REGULAR);
  g_assert_null (contents);

  remove_tree (dir);
}

static void
test_read_limits (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "big.md", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) gone = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *now = NULL;
  gsize length = 0;

  g_assert_true (g_file_set_contents (path, "0123456789", 10, NULL));
  g_assert_false (pw_file_read (file, 9, &contents, &length, NULL, &error));
  g_assert_error (error, PW_FILE_ERROR, PW_FILE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_true (pw_file_read (file, 10, &contents, &length, &etag, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "0123456789");
  g_assert_cmpuint (length, ==, 10);
  g_assert_nonnull (etag);
  now = pw_file_query_etag (file);
  g_assert_cmpstr (etag, ==, now);

  g_assert_false (pw_file_read (gone, 10, &contents, &length, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  remove_tree (dir);
}

static void
test_replace (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "prd.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *new_etag = NULL;
  struct stat st;

  g_assert_true (g_file_set_contents (path, "old", 3, NULL));
  g_assert_cmpint (chmod (path, 0640), ==, 0);
  g_assert_true (pw_file_read (file, PW_FILE_MAX_SIZE, &contents, NULL, &etag, &error));

  g_assert_true (pw_file_replace (file, "new", 3, etag, PW_FILE_REPLACE_NONE, &new_etag,
                                  NULL, &error));
  g_assert_no_error (error);
  assert_contents (path, "new");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0640);
  g_assert_cmpstr (new_etag, !=, etag);
  g_assert_cmpuint (pw_test_count_temporaries (dir), ==, 0);

  /* The old etag no longer matches: nothing is written. */
  g_assert_false (pw_file_replace (file, "newer", 5, etag, PW_FILE_REPLACE_NONE, NULL,
                                   NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  assert_contents (path, "new");
  g_assert_cmpuint (pw_test_count_temporaries (dir), ==, 0);

  remove_tree (dir);
}

static void
test_replace_through_symlink (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *target = g_build_filename (dir, "real.md", NULL);
  g_autofree char *link = g_build_filename (dir, "prd.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (link);
  g_autoptr(GError) error = NULL;
  struct stat before, after;

  g_assert_true (g_file_set_contents (target, "old", 3, NULL));
  g_assert_cmpint (symlink ("real.md", link), ==, 0);
  g_assert_cmpint (g_stat (target, &before), ==, 0);

  g_assert_true (pw_file_replace (file, "new", 3, NULL, PW_FILE_REPLACE_NONE, NULL, NULL,
                                  &error));
  g_assert_no_error (error);

  /* The link stays a link; its target was replaced, not rewritten in place. */
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  assert_contents (target, "new");
  g_assert_cmpint (g_stat (target, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);

  remove_tree (dir);
}

typedef struct
{
  const char *path;
  gsize       size;
} BigWrite;

static void
write_big (gpointer data)
{
  BigWrite *big = data;
  g_autoptr(GFile) file = g_file_new_for_path (big->path);
  g_autofree char *text = g_strnfill (big->size, 'x');
  g_autoptr(GError) error = NULL;

  if (pw_file_replace (file, text, big->size, NULL, PW_FILE_REPLACE_NONE, NULL, NULL, &error))
    _exit (1);
  _exit (error->domain == G_IO_ERROR ? 0 : 2);
}

/* A write that fails half-way (EFBIG here, as ENOSPC on a full disk) leaves
 * the old file and no temporary. */
static void
test_failing_write (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "prd.md", NULL);
  BigWrite big = { path, 256 * 1024 };
  int status;

  g_assert_true (g_file_set_contents (path, "# PRD\n", -1, NULL));
  status = pw_test_run_with_file_size_limit (write_big, &big, 64 * 1024, TRUE);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  assert_contents (path, "# PRD\n");
  g_assert_cmpuint (pw_test_count_temporaries (dir), ==, 0);

  remove_tree (dir);
}

/* A save killed mid-write leaves the old file; its temporary goes with the
 * next save once stale, as do GLib's from other killed saves. */
static void
test_killed_write (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "prd.md", NULL);
  g_autofree char *glib_temp = g_build_filename (dir, ".goutputstream-ABC123", NULL);
  g_autofree char *fresh = g_build_filename (dir, ".other.md.pw-save-QWERTY", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GDir) d = NULL;
  BigWrite big = { path, 256 * 1024 };
  const char *name;
  int status;

  g_assert_true (g_file_set_contents (path, "# PRD\n", -1, NULL));
  status = pw_test_run_with_file_size_limit (write_big, &big, 64 * 1024, FALSE);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGXFSZ);

  assert_contents (path, "# PRD\n");
  g_assert_cmpuint (pw_test_count_temporaries (dir), ==, 1);

  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (pw_file_is_temporary_name (name))
        make_old (child);
    }
  g_assert_true (g_file_set_contents (glib_temp, "", 0, NULL));
  make_old (glib_temp);
  g_assert_true (g_file_set_contents (fresh, "", 0, NULL));

  g_assert_true (pw_file_replace (file, "new", 3, NULL, PW_FILE_REPLACE_NONE, NULL, NULL, NULL));
  assert_contents (path, "new");

  /* Only a save that may still be under way keeps its file. */
  g_assert_cmpuint (pw_test_count_temporaries (dir), ==, 1);
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));

  remove_tree (dir);
}

/* Every writer of Planwright, each replacing a small file with 256 KiB. */

#define BIG_SIZE (256 * 1024)

static gboolean
write_with_plan (const char  *path,
                 const char  *big,
                 GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PwPlan) plan = pw_plan_new ();

  if (!pw_plan_load_file (plan, file, NULL, error))
    return FALSE;
  pw_plan_set_text (plan, big, -1);
  return pw_plan_save (plan, NULL, error);
}

static gboolean
write_with_document (const char  *path,
                     const char  *big,
                     GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PwDocument) doc = pw_document_new (file, "prd.md", PW_DOCUMENT_ROLE_PRD);

  if (!pw_document_load (doc, NULL, error))
    return FALSE;
  pw_document_set_text (doc, big, -1);
  return pw_document_save (doc, FALSE, NULL, error);
}

static gboolean
write_with_history (const char  *path,
                    const char  *big,
                    GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PwHistory) history = pw_history_new_for_file (file);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) entry = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "answer");
  json_builder_add_string_value (builder, big);
  json_builder_end_object (builder);
  entry = json_builder_get_root (builder);

  return pw_history_append (history, entry, NULL, NULL, error);
}

static gboolean
write_with_export (const char  *path,
                   const char  *big,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GFile) root = g_file_new_for_path (dir);

  /* As `export --force` and `plan --output auto` do. */
  return pw_export_write_to_root (root, name, big, TRUE, error);
}

static const struct
{
  const char *name;
  const char *old;
  gboolean  (*write) (const char *path, const char *big, GError **error);
} writers[] = {
  { "plan.md", "# Plan\n\n## Steps\n\n1. [ ] One\n", write_with_plan },
  { "prd.md", "# PRD\n", write_with_document },
  { "history.json", "{\"version\":1,\"entries\":[]}", write_with_history },
  { "export.md", "# Old export\n", write_with_export },
};

static void
write_every (gpointer data)
{
  const char *dir = data;
  g_autofree char *big = g_strnfill (BIG_SIZE, 'x');
  int failed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_autofree char *path = g_build_filename (dir, writers[i].name, NULL);
      g_autoptr(GError) error = NULL;

      failed += !writers[i].write (path, big, &error);
    }

  _exit (failed == G_N_ELEMENTS (writers) ? 0 : 1);
}

static char *
setup_writers (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_autofree char *path = g_build_filename (dir, writers[i].name, NULL);

      g_assert_true (g_file_set_contents (path, writers[i].old, -1, NULL));
    }

  return g_strdup (dir);
}

static void
assert_writers_intact (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_autofree char *path = g_build_filename (dir, writers[i].name, NULL);

      assert_contents (path, writers[i].old);
    }
  g_assert_cmpuint (pw_test_count_temporaries (dir), ==, 0);
}

/* Ticks, documents, the history and exports all keep their file when the
 * write fails half-way. */
static void
test_every_writer (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *ready = setup_writers (dir);
  int status = pw_test_run_with_file_size_limit (write_every, dir, 64 * 1024, TRUE);

  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  assert_writers_intact (dir);

  remove_tree (dir);
}

/* Fills the file system holding @dir; returns the filler's path. */
static char *
fill_disk (const char *dir)
{
  char *filler = g_build_filename (dir, "filler", NULL);
  char block[4096];
  FILE *out = fopen (filler, "w");

  g_assert_nonnull (out);
  memset (block, 'f', sizeof block);
  while (fwrite (block, 1, sizeof block, out) == sizeof block && fflush (out) == 0)
    ;
  fclose (out);

  return filler;
}

/* On a real full disk (a tiny tmpfs given by PW_TEST_FULL_DISK_DIR, as
 * .ci/run makes one) a save fails and keeps the old file. */
static void
test_full_disk (void)
{
  const char *base = g_getenv ("PW_TEST_FULL_DISK_DIR");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (base == NULL || *base == '\0')
    {
      g_test_skip ("PW_TEST_FULL_DISK_DIR is not set (a folder on a small file system)");
      return;
    }

  dir = g_build_filename (base, "file-io", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  path = g_build_filename (dir, "prd.md", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (g_file_set_contents (path, "# PRD\n", -1, NULL));
  filler = fill_disk (dir);

  text = g_strnfill (64 * 1024, 'x');
  g_assert_false (pw_file_replace (file, text, strlen (text), NULL, PW_FILE_REPLACE_NONE, NULL,
                                   NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  assert_contents (path, "# PRD\n");
  g_assert_cmpuint (pw_test_count_temporaries (dir), ==, 0);

  /* Every writer, on the full disk. */
  g_unlink (filler);
  g_free (setup_writers (dir));
  g_free (fill_disk (dir));
  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    {
      g_autofree char *target = g_build_filename (dir, writers[i].name, NULL);
      g_autoptr(GError) write_error = NULL;

      g_assert_false (writers[i].write (target, text, &write_error));
      g_assert_nonnull (write_error);
    }
  assert_writers_intact (dir);

  remove_tree (dir);
}

static void
test_resolves_inside (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *outside = make_dir ();
  g_autofree char *repo = g_build_filename (dir, "repo", NULL);
  g_autofree char *ai = g_build_filename (repo, ".ai", NULL);
  g_autofree char *secret = g_build_filename (outside, "id_rsa", NULL);
  g_autofree char *to_secret = g_build_filename (ai, "prd.md", NULL);
  g_autofree char *inside = g_build_filename (ai, "tech-stack.md", NULL);
  g_autofree char *to_inside = g_build_filename (ai, "api-plan.md", NULL);
  g_autofree char *dangling = g_build_filename (ai, "db-plan.md", NULL);
  g_autofree char *new_file = g_build_filename (ai, "new", "plan.md", NULL);
  g_autofree char *out_dir = g_build_filename (repo, "out", NULL);
  g_autofree char *through_dir = g_build_filename (out_dir, "plan.md", NULL);

  g_assert_cmpint (g_mkdir_with_parents (ai, 0700), ==, 0);
  g_assert_true (g_file_set_contents (secret, "KEY", -1, NULL));
  g_assert_true (g_file_set_contents (inside, "ok", -1, NULL));
  g_assert_cmpint (symlink (secret, to_secret), ==, 0);
  g_assert_cmpint (symlink ("tech-stack.md", to_inside), ==, 0);
  g_assert_cmpint (symlink ("nowhere.md", dangling), ==, 0);
  g_assert_cmpint (symlink (outside, out_dir), ==, 0);

  g_assert_false (pw_path_resolves_inside (repo, to_secret));
  g_assert_true (pw_path_resolves_inside (repo, inside));
  g_assert_true (pw_path_resolves_inside (repo, to_inside));
  g_assert_false (pw_path_resolves_inside (repo, dangling));
  g_assert_true (pw_path_resolves_inside (repo, new_file));
  g_assert_false (pw_path_resolves_inside (repo, through_dir));

  remove_tree (dir);
  remove_tree (outside);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pw/file-io/read-refuses-special", test_read_refuses_special);
  g_test_add_func ("/pw/file-io/read-limits", test_read_limits);
  g_test_add_func ("/pw/file-io/replace", test_replace);
  g_test_add_func ("/pw/file-io/replace-through-symlink", test_replace_through_symlink);
  g_test_add_func ("/pw/file-io/failing-write", test_failing_write);
  g_test_add_func ("/pw/file-io/killed-write", test_killed_write);
  g_test_add_func ("/pw/file-io/every-writer", test_every_writer);
  g_test_add_func ("/pw/file-io/full-disk", test_full_disk);
  g_test_add_func ("/pw/file-io/resolves-inside", test_resolves_inside);

  return g_test_run ();
}
