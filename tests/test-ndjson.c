/* test-ndjson.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-ndjson-reader.h"

static gboolean
collect_cb (const char *line,
            gsize       length,
            gpointer    user_data)
{
  GPtrArray *lines = user_data;

  g_assert_cmpuint (strlen (line), ==, length);
  g_ptr_array_add (lines, g_strdup (line));
  return TRUE;
}

static char *
parse_in_pieces (const char *input,
                 gsize       piece)
{
  g_autoptr(PwNdjsonReader) reader = pw_ndjson_reader_new (0);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  gsize length = strlen (input);

  for (gsize offset = 0; offset < length; offset += piece)
    g_assert_true (pw_ndjson_reader_feed (reader, input + offset, MIN (piece, length - offset),
                                          collect_cb, lines, NULL));
  g_assert_true (pw_ndjson_reader_finish (reader, collect_cb, lines, NULL));
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("|", (char **) lines->pdata);
}

static void
test_ndjson_lines (void)
{
  const char *input = "{\"a\":1}\n\n{\"b\":\"za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87\"}\r\n  \n{\"c\":3}";

  for (gsize piece = 1; piece <= strlen (input); piece++)
    {
      g_autofree char *got = parse_in_pieces (input, piece);

      g_assert_cmpstr (got, ==, "{\"a\":1}|{\"b\":\"za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87\"}|{\"c\":3}");
    }
}

static void
test_ndjson_pending (void)
{
  g_autoptr(PwNdjsonReader) reader = pw_ndjson_reader_new (0);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (pw_ndjson_reader_feed (reader, "{\"x\":1}\n{\"y\"", 12, collect_cb, lines, NULL));
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_true (pw_ndjson_reader_has_pending (reader));
}

static void
test_ndjson_too_long (void)
{
  g_autoptr(PwNdjsonReader) reader = pw_ndjson_reader_new (16);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_assert_false (pw_ndjson_reader_feed (reader, "0123456789abcdefghij\n", 21, collect_cb, lines,
                                         &error));
  g_assert_error (error, PW_STREAM_ERROR, PW_STREAM_ERROR_TOO_LONG);
  g_assert_cmpuint (lines->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/ndjson/lines", test_ndjson_lines);
  g_test_add_func ("/pw/ndjson/pending", test_ndjson_pending);
  g_test_add_func ("/pw/ndjson/too-long", test_ndjson_too_long);

  return g_test_run ();
}
