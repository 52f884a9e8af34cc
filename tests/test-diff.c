/* test-diff.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-diff.h"

/* "=a -b +c" style rendering of a diff, for compact assertions. */
static char *
describe (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      const PwDiffLine *line = g_ptr_array_index (lines, i);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, line->op == PW_DIFF_EQUAL ? '=' : line->op == PW_DIFF_ADDED ? '+' : '-');
      g_string_append (out, line->text);
    }

  return g_string_free (out, FALSE);
}

static void
assert_diff (const char *old_text,
             const char *new_text,
             const char *expected,
             guint       expected_added,
             guint       expected_removed)
{
  g_autoptr(GPtrArray) lines = pw_diff_lines (old_text, new_text);
  g_autofree char *got = describe (lines);
  guint added = 99, removed = 99;

  g_assert_cmpstr (got, ==, expected);
  pw_diff_count (lines, &added, &removed);
  g_assert_cmpuint (added, ==, expected_added);
  g_assert_cmpuint (removed, ==, expected_removed);
}

static void
test_identical (void)
{
  g_autoptr(GPtrArray) lines = pw_diff_lines ("a\nb\nc\n", "a\nb\nc\n");
  g_autofree char *unified = pw_diff_format_unified (lines, "a", "b", 3);

  assert_diff ("a\nb\nc\n", "a\nb\nc\n", "=a =b =c", 0, 0);
  assert_diff (NULL, NULL, "", 0, 0);
  assert_diff ("", NULL, "", 0, 0);
  g_assert_cmpstr (unified, ==, "");
}

static void
test_all_added_removed (void)
{
  assert_diff (NULL, "a\nb\n", "+a +b", 2, 0);
  assert_diff ("", "x", "+x", 1, 0);
  assert_diff ("a\nb\n", NULL, "-a -b", 0, 2);
  assert_diff ("a\nb\n", "c\nd\n", "-a -b +c +d", 2, 2);
  /* An empty line is a line. */
  assert_diff ("\n", "", "-", 0, 1);
}

static void
test_replace_middle (void)
{
  assert_diff ("a\nb\nc\nd\n", "a\nX\nY\nd\n", "=a -b -c +X +Y =d", 2, 2);
  assert_diff ("a\nb\nc\n", "a\nc\n", "=a -b =c", 0, 1);
  assert_diff ("a\nc\n", "a\nb\nc\n", "=a +b =c", 1, 0);
}

static void
test_crlf (void)
{
  assert_diff ("a\r\nb\r\nc\r\n", "a\nb\nc\n", "=a =b =c", 0, 0);
  assert_diff ("a\r\nb\r\n", "a\nB\n", "=a -b +B", 1, 1);
  /* A lone CR inside a line is content. */
  assert_diff ("a\rb\n", "a\nb\n", "-a\rb +a +b", 2, 1);
}

static void
test_no_final_newline (void)
{
  assert_diff ("a\nb", "a\nb\n", "=a =b", 0, 0);
  assert_diff ("a\nb", "a\nc", "=a -b +c", 1, 1);
  assert_diff ("a", "a\nb", "=a +b", 1, 0);
  assert_diff ("a\r\nb", "a\nb", "=a =b", 0, 0);
}

static void
test_line_numbers (void)
{
  g_autoptr(GPtrArray) lines = pw_diff_lines ("a\nb\nc\nd\n", "a\nc\nX\nd\ne\n");
  static const struct { PwDiffOp op; guint old_line; guint new_line; const char *text; } expected[] = {
    { PW_DIFF_EQUAL, 1, 1, "a" },
    { PW_DIFF_REMOVED, 2, 0, "b" },
    { PW_DIFF_EQUAL, 3, 2, "c" },
    { PW_DIFF_ADDED, 0, 3, "X" },
    { PW_DIFF_EQUAL, 4, 4, "d" },
    { PW_DIFF_ADDED, 0, 5, "e" },
  };

  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < lines->len; i++)
    {
      const PwDiffLine *line = g_ptr_array_index (lines, i);

      g_assert_cmpint (line->op, ==, expected[i].op);
      g_assert_cmpuint (line->old_line, ==, expected[i].old_line);
      g_assert_cmpuint (line->new_line, ==, expected[i].new_line);
      g_assert_cmpstr (line->text, ==, expected[i].text);
    }
}

static void
test_unified (void)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) far = NULL;
  g_autoptr(GPtrArray) empty = NULL;
  g_autofree char *unified = NULL;
  g_autofree char *two_hunks = NULL;
  g_autofree char *from_empty = NULL;

  lines = pw_diff_lines ("1\n2\n3\n4\n5\n", "1\n2\nthree\n4\n5\n");
  unified = pw_diff_format_unified (lines, "a/x.md", "b/x.md", 1);
  g_assert_cmpstr (unified, ==,
                   "--- a/x.md\n+++ b/x.md\n"
                   "@@ -2,3 +2,3 @@\n 2\n-3\n+three\n 4\n");

  /* Changes more than 2 × context apart make two hunks; a count of one is
   * left out, as diff -u does. */
  far = pw_diff_lines ("a\nb\nc\nd\ne\nf\ng\n", "A\nb\nc\nd\ne\nf\nG\n");
  two_hunks = pw_diff_format_unified (far, "old", "new", 1);
  g_assert_cmpstr (two_hunks, ==,
                   "--- old\n+++ new\n"
                   "@@ -1,2 +1,2 @@\n-a\n+A\n b\n"
                   "@@ -6,2 +6,2 @@\n f\n-g\n+G\n");

  empty = pw_diff_lines (NULL, "x\ny\n");
  from_empty = pw_diff_format_unified (empty, "old", "new", 3);
  g_assert_cmpstr (from_empty, ==, "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n");
}

/* The textbook O(NM) longest common subsequence, as the reference. */
static guint
lcs_length (char **a,
            guint  n,
            char **b,
            guint  m)
{
  g_autofree guint *table = g_new0 (guint, (gsize) (n + 1) * (m + 1));

  for (guint i = 1; i <= n; i++)
    for (guint j = 1; j <= m; j++)
      {
        guint *cell = &table[i * (m + 1) + j];

        if (g_str_equal (a[i - 1], b[j - 1]))
          *cell = table[(i - 1) * (m + 1) + j - 1] + 1;
        else
          *cell = MAX (table[(i - 1) * (m + 1) + j], table[i * (m + 1) + j - 1]);
      }

  return table[n * (m + 1) + m];
}

static char *
random_text (GRand *rand,
             guint  n_lines,
             guint  alphabet)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_lines; i++)
    g_string_append_printf (out, "%c\n", 'a' + g_rand_int_range (rand, 0, alphabet));

  return g_string_free (out, FALSE);
}

static void
check_pair (const char *old_text,
            const char *new_text)
{
  g_autoptr(GPtrArray) lines = pw_diff_lines (old_text, new_text);
  g_auto(GStrv) old_lines = g_strsplit (old_text, "\n", -1);
  g_auto(GStrv) new_lines = g_strsplit (new_text, "\n", -1);
  g_autoptr(GString) rebuilt_old = g_string_new (NULL);
  g_autoptr(GString) rebuilt_new = g_string_new (NULL);
  guint n, m;
  guint added, removed, old_no = 0, new_no = 0, lcs;
  gboolean in_added = FALSE;

  /* The texts end with "\n" (g_strsplit gives one more, empty, part), or
   * are empty (no part at all). */
  n = MAX (g_strv_length (old_lines), 1) - 1;
  m = MAX (g_strv_length (new_lines), 1) - 1;

  for (guint i = 0; i < lines->len; i++)
    {
      const PwDiffLine *line = g_ptr_array_index (lines, i);

      if (line->op != PW_DIFF_ADDED)
        {
          g_string_append_printf (rebuilt_old, "%s\n", line->text);
          g_assert_cmpuint (line->old_line, ==, ++old_no);
        }
      else
        {
          g_assert_cmpuint (line->old_line, ==, 0);
        }
      if (line->op != PW_DIFF_REMOVED)
        {
          g_string_append_printf (rebuilt_new, "%s\n", line->text);
          g_assert_cmpuint (line->new_line, ==, ++new_no);
        }
      else
        {
          g_assert_cmpuint (line->new_line, ==, 0);
        }

      /* Removed lines come first within a change. */
      if (line->op == PW_DIFF_REMOVED)
        g_assert_false (in_added);
      in_added = line->op == PW_DIFF_ADDED;
    }

  g_assert_cmpstr (rebuilt_old->str, ==, old_text);
  g_assert_cmpstr (rebuilt_new->str, ==, new_text);

  pw_diff_count (lines, &added, &removed);
  lcs = lcs_length (old_lines, n, new_lines, m);
  g_assert_cmpuint (removed, ==, n - lcs);
  g_assert_cmpuint (added, ==, m - lcs);
}

static void
test_random_minimal (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint round = 0; round < 3000; round++)
    {
      guint alphabet = g_rand_int_range (rand, 1, 6);
      g_autofree char *old_text = random_text (rand, g_rand_int_range (rand, 0, 40), alphabet);
      g_autofree char *new_text = NULL;

      /* Half the pairs are edits of each other, as real revisions are. */
      if (g_rand_boolean (rand))
        {
          g_auto(GStrv) parts = g_strsplit (old_text, "\n", -1);
          GString *edited = g_string_new (NULL);

          for (guint i = 0; parts[i] != NULL && parts[i + 1] != NULL; i++)
            {
              guint roll = g_rand_int_range (rand, 0, 10);

              if (roll == 0)
                continue;
              g_string_append_printf (edited, "%s\n", parts[i]);
              if (roll == 1)
                g_string_append_printf (edited, "%c\n", 'a' + g_rand_int_range (rand, 0, 8));
            }
          new_text = g_string_free (edited, FALSE);
        }
      else
        {
          new_text = random_text (rand, g_rand_int_range (rand, 0, 40), alphabet + 1);
        }

      check_pair (old_text, new_text);
    }
}

static void
test_large (void)
{
  GString *old_text = g_string_new (NULL);
  GString *new_text = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = NULL;
  guint added, removed;

  /* About 1 MB each: 20000 lines, every hundredth changed. */
  for (guint i = 0; i < 20000; i++)
    {
      g_string_append_printf (old_text, "Line %u of a long plan, with some words to fill it.\n", i);
      if (i % 100 == 0)
        g_string_append_printf (new_text, "Changed line %u.\n", i);
      else
        g_string_append_printf (new_text, "Line %u of a long plan, with some words to fill it.\n", i);
    }

  lines = pw_diff_lines (old_text->str, new_text->str);
  pw_diff_count (lines, &added, &removed);
  g_assert_cmpuint (added, ==, 200);
  g_assert_cmpuint (removed, ==, 200);

  g_string_free (old_text, TRUE);
  g_string_free (new_text, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/diff/identical", test_identical);
  g_test_add_func ("/pw/diff/all-added-removed", test_all_added_removed);
  g_test_add_func ("/pw/diff/replace-middle", test_replace_middle);
  g_test_add_func ("/pw/diff/crlf", test_crlf);
  g_test_add_func ("/pw/diff/no-final-newline", test_no_final_newline);
  g_test_add_func ("/pw/diff/line-numbers", test_line_numbers);
  g_test_add_func ("/pw/diff/unified", test_unified);
  g_test_add_func ("/pw/diff/random-minimal", test_random_minimal);
  g_test_add_func ("/pw/diff/large", test_large);

  return g_test_run ();
}
