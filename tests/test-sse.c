/* test-sse.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-sse-reader.h"

typedef struct
{
  GPtrArray *events;   /* "event|data|id" strings */
  guint      stop_after;
} Collector;

static gboolean
collect_cb (const char *event,
            const char *data,
            gsize       data_len,
            const char *id,
            gpointer    user_data)
{
  Collector *collector = user_data;

  g_assert_cmpuint (strlen (data), ==, data_len);
  g_ptr_array_add (collector->events, g_strdup_printf ("%s|%s|%s", event, data, id ? id : "-"));

  return collector->stop_after == 0 || collector->events->len < collector->stop_after;
}

/* Feeds @input in pieces of @piece bytes and returns the events joined by
 * "\n--\n". */
static char *
parse_in_pieces (const char *input,
                 gsize       length,
                 gsize       piece)
{
  g_autoptr(PwSseReader) reader = pw_sse_reader_new (0);
  Collector collector = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  for (gsize offset = 0; offset < length; offset += piece)
    {
      gboolean ok = pw_sse_reader_feed (reader, input + offset, MIN (piece, length - offset),
                                        collect_cb, &collector, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
    }

  for (guint i = 0; i < collector.events->len; i++)
    {
      if (i > 0)
        g_string_append (out, "\n--\n");
      g_string_append (out, g_ptr_array_index (collector.events, i));
    }
  g_ptr_array_unref (collector.events);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_all_splits (const char *input,
                   const char *expected)
{
  gsize length = strlen (input);

  for (gsize piece = 1; piece <= length + 1; piece++)
    {
      g_autofree char *got = parse_in_pieces (input, length, piece);

      g_assert_cmpstr (got, ==, expected);
    }

  /* Two pieces split at every position, the cut that matters most. */
  for (gsize cut = 0; cut <= length; cut++)
    {
      g_autoptr(PwSseReader) reader = pw_sse_reader_new (0);
      Collector collector = { g_ptr_array_new_with_free_func (g_free), 0 };
      g_autoptr(GString) out = g_string_new (NULL);

      g_assert_true (pw_sse_reader_feed (reader, input, cut, collect_cb, &collector, NULL));
      g_assert_true (pw_sse_reader_feed (reader, input + cut, length - cut, collect_cb,
                                         &collector, NULL));
      for (guint i = 0; i < collector.events->len; i++)
        {
          if (i > 0)
            g_string_append (out, "\n--\n");
          g_string_append (out, g_ptr_array_index (collector.events, i));
        }
      g_assert_cmpstr (out->str, ==, expected);
      g_ptr_array_unref (collector.events);
    }
}

static void
test_sse_basic (void)
{
  assert_all_splits ("data: hello\n\n", "message|hello|-");
  assert_all_splits ("data:no-space\n\n", "message|no-space|-");
  assert_all_splits ("data:  two spaces\n\n", "message| two spaces|-");
  assert_all_splits ("event: ping\ndata: {}\n\nevent: x\ndata: 1\n\n",
                     "ping|{}|-\n--\nx|1|-");
}

static void
test_sse_multiline_and_comments (void)
{
  assert_all_splits (": a comment\ndata: one\ndata: two\n: another\ndata\n\n",
                     "message|one\ntwo\n|-");
  /* An event with no data is not dispatched, and its type is forgotten. */
  assert_all_splits ("event: lonely\n\ndata: x\n\n", "message|x|-");
  /* Unknown fields are ignored. */
  assert_all_splits ("foo: bar\ndata: y\nbaz\n\n", "message|y|-");
}

static void
test_sse_line_ends (void)
{
  const char *expected = "a|1|-\n--\nmessage|2|-\n--\nmessage|3|-";

  assert_all_splits ("event: a\r\ndata: 1\r\n\r\ndata: 2\r\rdata: 3\n\n", expected);
  assert_all_splits ("event: a\rdata: 1\r\rdata: 2\n\ndata: 3\r\n\r\n", expected);
}

static void
test_sse_bom (void)
{
  assert_all_splits ("\xEF\xBB\xBF" "data: bom\n\n", "message|bom|-");
  /* Only one leading BOM is dropped; a partial BOM is data. */
  assert_all_splits ("\xEF\xBB" "x: 1\ndata: q\n\n", "message|q|-");
}

static void
test_sse_utf8_split (void)
{
  /* "zażółć 🎉" split at every byte: the data is whole at dispatch. */
  assert_all_splits ("data: za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87 \xF0\x9F\x8E\x89\n\n",
                     "message|za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87 \xF0\x9F\x8E\x89|-");
}

static void
test_sse_id_retry (void)
{
  g_autoptr(PwSseReader) reader = pw_sse_reader_new (0);
  Collector collector = { g_ptr_array_new_with_free_func (g_free), 0 };
  const char *input = "id: 7\nretry: 1500\ndata: a\n\nretry: x\ndata: b\n\n";

  g_assert_true (pw_sse_reader_feed (reader, input, strlen (input), collect_cb, &collector, NULL));
  g_assert_cmpuint (collector.events->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (collector.events, 0), ==, "message|a|7");
  g_assert_cmpstr (g_ptr_array_index (collector.events, 1), ==, "message|b|7");
  g_assert_cmpstr (pw_sse_reader_get_last_id (reader), ==, "7");
  g_assert_cmpint (pw_sse_reader_get_retry (reader), ==, 1500);
  g_ptr_array_unref (collector.events);
}

static void
test_sse_pending_and_stop (void)
{
  g_autoptr(PwSseReader) reader = pw_sse_reader_new (0);
  Collector collector = { g_ptr_array_new_with_free_func (g_free), 1 };
  const char *input = "data: a\n\ndata: b\n\ndata: unfinished";

  g_assert_true (pw_sse_reader_feed (reader, input, strlen (input), collect_cb, &collector, NULL));
  /* The callback stopped after the first event. */
  g_assert_cmpuint (collector.events->len, ==, 1);
  g_ptr_array_unref (collector.events);

  pw_sse_reader_reset (reader);
  collector.events = g_ptr_array_new_with_free_func (g_free);
  collector.stop_after = 0;
  g_assert_true (pw_sse_reader_feed (reader, input, strlen (input), collect_cb, &collector, NULL));
  g_assert_cmpuint (collector.events->len, ==, 2);
  /* The last event never got its blank line. */
  g_assert_true (pw_sse_reader_has_pending (reader));
  g_ptr_array_unref (collector.events);
}

static void
test_sse_too_long (void)
{
  g_autoptr(PwSseReader) reader = pw_sse_reader_new (64);
  Collector collector = { g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (100, 'x');

  g_assert_false (pw_sse_reader_feed (reader, "data: ", 6, collect_cb, &collector, &error) &&
                  pw_sse_reader_feed (reader, big, 100, collect_cb, &collector, &error));
  g_assert_error (error, PW_STREAM_ERROR, PW_STREAM_ERROR_TOO_LONG);
  g_ptr_array_unref (collector.events);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/sse/basic", test_sse_basic);
  g_test_add_func ("/pw/sse/multiline-and-comments", test_sse_multiline_and_comments);
  g_test_add_func ("/pw/sse/line-ends", test_sse_line_ends);
  g_test_add_func ("/pw/sse/bom", test_sse_bom);
  g_test_add_func ("/pw/sse/utf8-split", test_sse_utf8_split);
  g_test_add_func ("/pw/sse/id-retry", test_sse_id_retry);
  g_test_add_func ("/pw/sse/pending-and-stop", test_sse_pending_and_stop);
  g_test_add_func ("/pw/sse/too-long", test_sse_too_long);

  return g_test_run ();
}
