/* test-document.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pw-document.h"
#include "pw-file-io.h"
#include "pw-test-utils.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("pw-document-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static PwDocument *
load_bytes (Fixture    *fixture,
            const char *name,
            const char *bytes,
            gssize      length,
            GError    **error)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  PwDocument *doc;

  g_assert_true (g_file_set_contents (path, bytes, length, NULL));
  doc = pw_document_new (file, name, PW_DOCUMENT_ROLE_PRD);
  pw_document_load (doc, NULL, error);

  return doc;
}

static char *
read_back (Fixture    *fixture,
           const char *name,
           gsize      *length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, NULL));

  return contents;
}

/* Replaces the first occurrence of @from in the document's text by @to,
 * as an editor would. */
static void
edit (PwDocument *doc,
      const char *from,
      const char *to)
{
  const char *text = pw_document_get_text (doc);
  const char *at = strstr (text, from);
  g_autoptr(GString) next = g_string_new (NULL);

  g_assert_nonnull (at);
  g_string_append_len (next, text, at - text);
  g_string_append (next, to);
  g_string_append (next, at + strlen (from));
  pw_document_set_text (doc, next->str, next->len);
}

static void
test_bom_crlf_no_final_newline (Fixture       *fixture,
                                gconstpointer  data)
{
  static const char original[] = "\xEF\xBB\xBF# Title\r\n\r\nFirst line\r\nSecond line";
  static const char expected[] = "\xEF\xBB\xBF# Title\r\n\r\nFirst LINE\r\nSecond line";
  g_autoptr(GError) error = NULL;
  g_autoptr(PwDocument) doc = NULL;
  g_autofree char *saved = NULL;
  gsize length;

  doc = load_bytes (fixture, "bom.md", original, sizeof original - 1, &error);
  g_assert_no_error (error);
  g_assert_true (pw_document_get_has_bom (doc));
  g_assert_cmpint (pw_document_get_newline_type (doc), ==, PW_NEWLINE_CRLF);
  g_assert_cmpstr (pw_document_get_newline (doc), ==, "\r\n");
  g_assert_true (g_str_has_prefix (pw_document_get_text (doc), "# Title\r\n"));
  g_assert_false (pw_document_get_modified (doc));

  edit (doc, "First line", "First LINE");
  g_assert_true (pw_document_get_modified (doc));
  g_assert_true (pw_document_save (doc, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (pw_document_get_modified (doc));

  saved = read_back (fixture, "bom.md", &length);
  g_assert_cmpmem (saved, length, expected, sizeof expected - 1);
}

static void
test_mixed_endings_untouched (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char original[] = "a\nb\r\nc\rd\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PwDocument) doc = NULL;
  g_autofree char *saved = NULL;
  gsize length;

  doc = load_bytes (fixture, "mixed.md", original, sizeof original - 1, &error);
  g_assert_no_error (error);
  g_assert_false (pw_document_get_has_bom (doc));
  g_assert_cmpint (pw_document_get_newline_type (doc), ==, PW_NEWLINE_LF);

  edit (doc, "d", "D");
  g_assert_true (pw_document_save (doc, FALSE, NULL, &error));
  g_assert_no_error (error);
  saved = read_back (fixture, "mixed.md", &length);
  g_assert_cmpmem (saved, length, "a\nb\r\nc\rD\n", 9);
}

static void
test_edit_back_is_unmodified (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwDocument) doc = load_bytes (fixture, "x.md", "hello\n", -1, &error);

  g_assert_no_error (error);
  edit (doc, "hello", "hullo");
  g_assert_true (pw_document_get_modified (doc));
  edit (doc, "hullo", "hello");
  g_assert_false (pw_document_get_modified (doc));
}

static void
test_etag_conflict (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwDocument) doc = load_bytes (fixture, "c.md", "one\n", -1, &error);
  g_autofree char *path = g_build_filename (fixture->dir, "c.md", NULL);
  g_autofree char *saved = NULL;
  gsize length;

  g_assert_no_error (error);
  edit (doc, "one", "mine");

  /* Another program rewrites the file; make sure the mtime moves. */
  g_usleep (20000);
  g_assert_true (g_file_set_contents (path, "theirs\n", -1, NULL));

  g_assert_false (pw_document_save (doc, FALSE, NULL, &error));
  g_assert_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "c.md"));
  g_clear_error (&error);

  saved = read_back (fixture, "c.md", &length);
  g_assert_cmpstr (saved, ==, "theirs\n");
  g_assert_true (pw_document_get_modified (doc));

  /* The user chose "save anyway". */
  g_assert_true (pw_document_save (doc, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_free (saved);
  saved = read_back (fixture, "c.md", &length);
  g_assert_cmpstr (saved, ==, "mine\n");
}

static void
test_invalid_utf8_read_only (Fixture       *fixture,
                             gconstpointer  data)
{
  static const char bad[] = "line one\nbad \xC3\x28 byte\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PwDocument) doc = load_bytes (fixture, "bad.md", bad, sizeof bad - 1, &error);
  g_autofree char *saved = NULL;
  gsize length;

  g_assert_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "bad.md"));
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  g_assert_true (pw_document_get_loaded (doc));
  g_assert_true (pw_document_get_read_only (doc));
  g_assert_true (g_utf8_validate (pw_document_get_text (doc), -1, NULL));

  pw_document_set_text (doc, "replaced", -1);
  g_assert_false (pw_document_save (doc, TRUE, NULL, &error));
  g_assert_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_READ_ONLY);

  saved = read_back (fixture, "bad.md", &length);
  g_assert_cmpmem (saved, length, bad, sizeof bad - 1);
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "nope.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PwDocument) doc = pw_document_new (file, ".ai/nope.md", PW_DOCUMENT_ROLE_PRD);
  g_autoptr(GError) error = NULL;

  g_assert_false (pw_document_load (doc, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, ".ai/nope.md"));
  g_assert_false (pw_document_get_loaded (doc));
  g_clear_error (&error);

  g_assert_false (pw_document_save (doc, FALSE, NULL, &error));
  g_assert_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_NOT_LOADED);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  pw_document_save_finish (PW_DOCUMENT (source), result, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "ok");
}

static void
test_async_save_and_monitor (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwDocument) doc = load_bytes (fixture, "m.md", "start\n", -1, &error);
  g_autofree char *path = g_build_filename (fixture->dir, "m.md", NULL);
  gint64 deadline;

  g_assert_no_error (error);
  pw_document_set_monitored (doc, TRUE);

  edit (doc, "start", "async");
  pw_document_save_async (doc, FALSE, NULL, save_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NONE);
  g_clear_error (&error);
  g_assert_false (pw_document_get_modified (doc));

  /* Our own save is not an outside change. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (pw_document_get_changed_on_disk (doc));

  g_usleep (20000);
  g_assert_true (g_file_set_contents (path, "outside\n", -1, NULL));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!pw_document_get_changed_on_disk (doc) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (pw_document_get_changed_on_disk (doc));

  /* Reload takes the outside version. */
  g_assert_true (pw_document_load (doc, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_document_get_text (doc), ==, "outside\n");
  g_assert_false (pw_document_get_changed_on_disk (doc));
  pw_document_set_monitored (doc, FALSE);
}

/* .ai/prd.md -> a key in a fake home: shown as outside, never read, never
 * written through. */
static void
test_outside (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *home = g_dir_make_tmp ("pw-home-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (home, "id_rsa", NULL);
  g_autofree char *link = g_build_filename (fixture->dir, "prd.md", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (fixture->dir);
  g_autoptr(GFile) file = g_file_new_for_path (link);
  g_autoptr(PwDocument) doc = pw_document_new (file, ".ai/prd.md", PW_DOCUMENT_ROLE_PRD);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (key, "PRIVATE KEY", -1, NULL));
  g_assert_cmpint (symlink (key, link), ==, 0);
  pw_document_set_root (doc, root);
  g_assert_true (pw_document_get_outside (doc));

  g_assert_false (pw_document_load (doc, NULL, &error));
  g_assert_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_OUTSIDE);
  g_assert_cmpstr (pw_document_get_text (doc), ==, "");
  g_clear_error (&error);

  pw_document_set_text (doc, "overwritten", -1);
  g_assert_false (pw_document_save (doc, TRUE, NULL, &error));
  g_assert_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_OUTSIDE);
  g_assert_true (g_file_get_contents (key, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "PRIVATE KEY");

  g_unlink (key);
  g_rmdir (home);
}

static void
save_big (gpointer data)
{
  PwDocument *doc = data;
  g_autofree char *text = g_strnfill (256 * 1024, 'x');

  pw_document_set_text (doc, text, -1);
  _exit (pw_document_save (doc, FALSE, NULL, NULL) ? 1 : 0);
}

/* A save whose write fails half-way (as on a full disk) keeps the file. */
static void
test_failing_save (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwDocument) doc = load_bytes (fixture, "prd.md", "# PRD\n", -1, &error);
  g_autofree char *path = g_build_filename (fixture->dir, "prd.md", NULL);
  g_autofree char *contents = NULL;
  int status;

  g_assert_no_error (error);
  status = pw_test_run_with_file_size_limit (save_big, doc, 64 * 1024, TRUE);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "# PRD\n");
  g_assert_cmpuint (pw_test_count_temporaries (fixture->dir), ==, 0);
}

/* A FIFO where a document should be is refused at once. */
static void
test_fifo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "prd.md", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PwDocument) doc = pw_document_new (file, "prd.md", PW_DOCUMENT_ROLE_PRD);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  g_assert_false (pw_document_load (doc, NULL, &error));
  g_assert_error (error, PW_FILE_ERROR, PW_FILE_ERROR_NOT_REGULAR);
}

/* The kind a workspace gives a document: set, replaced, cleared; it
 * survives a load. */
static void
test_kind (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "openapi.yaml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PwDocument) doc = pw_document_new (file, "openapi.yaml", PW_DOCUMENT_ROLE_API_SPEC);
  g_autoptr(GError) error = NULL;

  g_assert_null (pw_document_get_kind (doc));
  pw_document_set_kind (doc, "swagger");
  pw_document_set_kind (doc, "openapi");
  g_assert_true (g_file_set_contents (path, "openapi: 3.1.0\n", -1, NULL));
  g_assert_true (pw_document_load (doc, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pw_document_get_kind (doc), ==, "openapi");
  pw_document_set_kind (doc, NULL);
  g_assert_null (pw_document_get_kind (doc));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/pw/document/bom-crlf-no-final-newline", Fixture, NULL,
              fixture_setup, test_bom_crlf_no_final_newline, fixture_teardown);
  g_test_add ("/pw/document/mixed-endings", Fixture, NULL,
              fixture_setup, test_mixed_endings_untouched, fixture_teardown);
  g_test_add ("/pw/document/edit-back", Fixture, NULL,
              fixture_setup, test_edit_back_is_unmodified, fixture_teardown);
  g_test_add ("/pw/document/etag-conflict", Fixture, NULL,
              fixture_setup, test_etag_conflict, fixture_teardown);
  g_test_add ("/pw/document/invalid-utf8", Fixture, NULL,
              fixture_setup, test_invalid_utf8_read_only, fixture_teardown);
  g_test_add ("/pw/document/missing-file", Fixture, NULL,
              fixture_setup, test_missing_file, fixture_teardown);
  g_test_add ("/pw/document/outside", Fixture, NULL,
              fixture_setup, test_outside, fixture_teardown);
  g_test_add ("/pw/document/failing-save", Fixture, NULL,
              fixture_setup, test_failing_save, fixture_teardown);
  g_test_add ("/pw/document/fifo", Fixture, NULL,
              fixture_setup, test_fifo, fixture_teardown);
  g_test_add ("/pw/document/kind", Fixture, NULL,
              fixture_setup, test_kind, fixture_teardown);
  g_test_add ("/pw/document/async-save-monitor", Fixture, NULL,
              fixture_setup, test_async_save_and_monitor, fixture_teardown);

  return g_test_run ();
}
