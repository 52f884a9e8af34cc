/* test-blocks.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-blocks.h"
#include "pw-plan.h"

static GPtrArray *
parse (const char *text)
{
  return pw_blocks_parse (text, strlen (text), 0, 1);
}

static PwBlock *
nth (GPtrArray *blocks,
     guint      i)
{
  g_assert_cmpuint (i, <, blocks->len);
  return g_ptr_array_index (blocks, i);
}

static char *
read_source (const char *rel)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root != NULL ? root : ".", rel, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
test_blocks_kinds (void)
{
  const char *text =
    "# Title\n"
    "\n"
    "Some *em* and **strong** and `code` and ~~gone~~.\n"
    "\n"
    "Setext\n"
    "------\n"
    "\n"
    "```ts\n"
    "const a = 1 < 2;\n"
    "```\n"
    "\n"
    "***\n"
    "\n"
    "> quoted\n"
    "> > deeper\n"
    "\n"
    "<div>raw <b>html</b></div>\n"
    "\n"
    "    indented code\n";
  g_autoptr(GPtrArray) blocks = parse (text);
  PwBlock *b;

  g_assert_cmpuint (blocks->len, ==, 9);

  b = nth (blocks, 0);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_HEADING);
  g_assert_cmpuint (pw_block_get_level (b), ==, 1);
  g_assert_cmpstr (pw_block_get_markup (b), ==, "Title");
  g_assert_cmpuint (pw_block_get_line (b), ==, 1);
  g_assert_cmpuint (pw_block_get_start (b), ==, 0);

  b = nth (blocks, 1);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_PARAGRAPH);
  g_assert_cmpstr (pw_block_get_markup (b), ==,
                   "Some <i>em</i> and <b>strong</b> and <tt>code</tt> and <s>gone</s>.");
  g_assert_cmpstr (pw_block_get_text (b), ==, "Some em and strong and code and gone.");
  g_assert_cmpuint (pw_block_get_line (b), ==, 3);
  g_assert_cmpuint (pw_block_get_start (b), ==, 9);

  b = nth (blocks, 2);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_HEADING);
  g_assert_cmpuint (pw_block_get_level (b), ==, 2);
  g_assert_cmpuint (pw_block_get_line (b), ==, 5);

  b = nth (blocks, 3);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_CODE);
  g_assert_cmpstr (pw_block_get_language (b), ==, "ts");
  g_assert_cmpstr (pw_block_get_text (b), ==, "const a = 1 < 2;\n");
  g_assert_cmpuint (pw_block_get_line (b), ==, 8);
  g_assert_cmpuint (pw_block_get_start (b), ==, strstr (text, "```ts") - text);
  g_assert_cmpuint (pw_block_get_end (b), ==, strstr (text, "\n\n***") - text + 1);

  b = nth (blocks, 4);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_RULE);
  g_assert_cmpuint (pw_block_get_line (b), ==, 12);

  b = nth (blocks, 5);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_PARAGRAPH);
  g_assert_cmpuint (pw_block_get_quote_depth (b), ==, 1);
  g_assert_cmpstr (pw_block_get_text (b), ==, "quoted");
  g_assert_cmpuint (pw_block_get_line (b), ==, 14);
  b = nth (blocks, 6);
  g_assert_cmpuint (pw_block_get_quote_depth (b), ==, 2);
  g_assert_cmpuint (pw_block_get_line (b), ==, 15);

  b = nth (blocks, 7);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_HTML);
  g_assert_cmpstr (pw_block_get_markup (b), ==,
                   "&lt;div&gt;raw &lt;b&gt;html&lt;/b&gt;&lt;/div&gt;\n");
  g_assert_cmpuint (pw_block_get_line (b), ==, 17);

  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = parse ("para\n\n    indented code\n");
  g_assert_cmpuint (blocks->len, ==, 2);
  b = nth (blocks, 1);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_CODE);
  g_assert_null (pw_block_get_language (b));
  g_assert_cmpstr (pw_block_get_text (b), ==, "indented code\n");
  g_assert_cmpuint (pw_block_get_line (b), ==, 3);
}

static void
test_blocks_escaping (void)
{
  g_autoptr(GPtrArray) blocks = NULL;
  PwBlock *b;

  blocks = parse ("<b>bold?</b> &amp; <script>alert(1)</script> 'q' \"d\"\n");
  g_assert_cmpuint (blocks->len, ==, 1);
  b = nth (blocks, 0);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_PARAGRAPH);
  g_assert_cmpstr (pw_block_get_markup (b), ==,
                   "&lt;b&gt;bold?&lt;/b&gt; &amp;amp; &lt;script&gt;alert(1)&lt;/script&gt;"
                   " &#39;q&#39; &quot;d&quot;");
  g_assert_cmpstr (pw_block_get_text (b), ==,
                   "<b>bold?</b> &amp; <script>alert(1)</script> 'q' \"d\"");

  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = parse ("# <i>head</i> & `<tt>`\n\n<script>alert(1)</script>\n");
  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpstr (pw_block_get_markup (nth (blocks, 0)), ==,
                   "&lt;i&gt;head&lt;/i&gt; &amp; <tt>&lt;tt&gt;</tt>");
  g_assert_cmpint (pw_block_get_kind (nth (blocks, 1)), ==, PW_BLOCK_HTML);
  g_assert_cmpstr (pw_block_get_markup (nth (blocks, 1)), ==,
                   "&lt;script&gt;alert(1)&lt;/script&gt;\n");

  /* Control characters and invalid UTF-8 cannot reach Pango. */
  g_clear_pointer (&blocks, g_ptr_array_unref);
  blocks = parse ("a\x01" "b \xff\xfe c\n");
  g_assert_true (g_utf8_validate (pw_block_get_markup (nth (blocks, 0)), -1, NULL));
  g_assert_null (strchr (pw_block_get_markup (nth (blocks, 0)), '\x01'));
}

static void
test_blocks_links (void)
{
  g_autoptr(GPtrArray) blocks = NULL;

  blocks = parse ("[web](https://example.com/?a=1&b=\"2\") [plain](http://x.org) "
                  "[js](javascript:alert(1)) [file](file:///etc/passwd) [rel](docs/a.md) "
                  "<https://auto.example>\n");
  g_assert_cmpstr (pw_block_get_markup (nth (blocks, 0)), ==,
                   "<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\">web</a> "
                   "<a href=\"http://x.org\">plain</a> js file rel "
                   "<a href=\"https://auto.example\">https://auto.example</a>");
}

static void
test_blocks_lists (void)
{
  const char *text =
    "- [ ] open task\n"
    "- [x] done **task**\n"
    "  - nested\n"
    "    1. deeper\n"
    "    2. again\n"
    "\n"
    "3) three\n"
    "4) four\n"
    "\n"
    "   continued\n"
    "-\n"
    "- - inline nested\n";
  g_autoptr(GPtrArray) blocks = parse (text);
  PwBlock *b;

  g_assert_cmpuint (blocks->len, ==, 11);

  b = nth (blocks, 0);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_LIST_ITEM);
  g_assert_cmpint (pw_block_get_task (b), ==, PW_BLOCK_TASK_OPEN);
  g_assert_cmpstr (pw_block_get_marker (b), ==, "•");
  g_assert_cmpstr (pw_block_get_text (b), ==, "open task");
  g_assert_cmpuint (pw_block_get_depth (b), ==, 0);

  b = nth (blocks, 1);
  g_assert_cmpint (pw_block_get_task (b), ==, PW_BLOCK_TASK_DONE);
  g_assert_cmpstr (pw_block_get_markup (b), ==, "done <b>task</b>");
  g_assert_cmpuint (pw_block_get_line (b), ==, 2);

  b = nth (blocks, 2);
  g_assert_cmpuint (pw_block_get_depth (b), ==, 1);
  g_assert_cmpstr (pw_block_get_marker (b), ==, "◦");
  g_assert_cmpint (pw_block_get_task (b), ==, PW_BLOCK_TASK_NONE);
  g_assert_cmpuint (pw_block_get_line (b), ==, 3);

  b = nth (blocks, 3);
  g_assert_cmpuint (pw_block_get_depth (b), ==, 2);
  g_assert_cmpstr (pw_block_get_marker (b), ==, "1.");
  g_assert_cmpuint (pw_block_get_line (b), ==, 4);
  g_assert_cmpstr (pw_block_get_marker (nth (blocks, 4)), ==, "2.");

  g_assert_cmpstr (pw_block_get_marker (nth (blocks, 5)), ==, "3)");
  g_assert_cmpuint (pw_block_get_line (nth (blocks, 5)), ==, 7);
  g_assert_cmpstr (pw_block_get_marker (nth (blocks, 6)), ==, "4)");

  /* A later paragraph of an item. */
  b = nth (blocks, 7);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_PARAGRAPH);
  g_assert_cmpuint (pw_block_get_indent (b), ==, 1);
  g_assert_cmpuint (pw_block_get_line (b), ==, 10);

  /* An empty item, then an item whose content is a list. */
  b = nth (blocks, 8);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_LIST_ITEM);
  g_assert_cmpstr (pw_block_get_text (b), ==, "");
  g_assert_cmpuint (pw_block_get_line (b), ==, 11);
  g_assert_cmpuint (pw_block_get_line (nth (blocks, 9)), ==, 12);
  g_assert_cmpuint (pw_block_get_depth (nth (blocks, 10)), ==, 1);
  g_assert_cmpuint (pw_block_get_line (nth (blocks, 10)), ==, 12);
  g_assert_cmpstr (pw_block_get_text (nth (blocks, 10)), ==, "inline nested");
}

static void
test_blocks_tables (void)
{
  const char *text =
    "| Name | `Type` |\n"
    "|------|:------:|\n"
    "| id   | **uuid** |\n"
    "| <x>  |\n"
    "\n"
    "after\n";
  g_autoptr(GPtrArray) blocks = parse (text);
  PwBlock *b = nth (blocks, 0);

  g_assert_cmpuint (blocks->len, ==, 2);
  g_assert_cmpint (pw_block_get_kind (b), ==, PW_BLOCK_TABLE);
  g_assert_cmpuint (pw_block_get_n_rows (b), ==, 3);
  g_assert_cmpuint (pw_block_get_n_columns (b), ==, 2);
  g_assert_cmpstr (pw_block_get_cell_markup (b, 0, 0), ==, "Name");
  g_assert_cmpstr (pw_block_get_cell_markup (b, 0, 1), ==, "<tt>Type</tt>");
  g_assert_cmpstr (pw_block_get_cell_markup (b, 1, 1), ==, "<b>uuid</b>");
  g_assert_cmpstr (pw_block_get_cell_markup (b, 2, 0), ==, "&lt;x&gt;");
  g_assert_cmpstr (pw_block_get_cell_markup (b, 2, 1), ==, "");
  g_assert_null (pw_block_get_cell_markup (b, 3, 0));
  g_assert_cmpuint (pw_block_get_line (nth (blocks, 1)), ==, 6);
}

static void
test_blocks_steps (void)
{
  const char *text =
    "# Plan\n"
    "\n"
    "## Implementation steps\n"
    "\n"
    "1. [ ] First\n"
    "2. [x] Second\n"
    "3. Third\n"
    "\n"
    "Closing words.\n";
  const char *headings =
    "# Plan\n"
    "\n"
    "## Implementation steps\n"
    "\n"
    "### Step 1: one\n"
    "\n"
    "### [x] Step 2: two\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  g_autoptr(GPtrArray) blocks = parse (text);
  g_autoptr(GPtrArray) tail = NULL;

  pw_blocks_bind_steps (blocks, plan);
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 3);
  g_assert_cmpuint (blocks->len, ==, 6);
  g_assert_cmpint (pw_block_get_step (nth (blocks, 0)), ==, -1);
  g_assert_cmpint (pw_block_get_step (nth (blocks, 1)), ==, -1);
  g_assert_cmpint (pw_block_get_step (nth (blocks, 2)), ==, 0);
  g_assert_cmpint (pw_block_get_step (nth (blocks, 3)), ==, 1);
  g_assert_cmpint (pw_block_get_step (nth (blocks, 4)), ==, 2);
  g_assert_cmpint (pw_block_get_step (nth (blocks, 5)), ==, -1);

  /* Binding a tail only. */
  tail = pw_blocks_parse (text, strlen (text), strstr (text, "2.") - text, 6);
  pw_blocks_bind_steps (tail, plan);
  g_assert_cmpint (pw_block_get_step (nth (tail, 0)), ==, 1);
  g_assert_cmpint (pw_block_get_step (nth (tail, 1)), ==, 2);

  /* Steps written as headings, with their mark after the `#` marks. */
  g_clear_object (&plan);
  g_clear_pointer (&blocks, g_ptr_array_unref);
  plan = pw_plan_new_from_text (headings, -1);
  blocks = parse (headings);
  pw_blocks_bind_steps (blocks, plan);
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);
  g_assert_cmpuint (blocks->len, ==, 4);
  g_assert_cmpint (pw_block_get_step (nth (blocks, 2)), ==, 0);
  g_assert_cmpint (pw_block_get_task (nth (blocks, 2)), ==, PW_BLOCK_TASK_NONE);
  g_assert_cmpint (pw_block_get_step (nth (blocks, 3)), ==, 1);
  g_assert_cmpint (pw_block_get_task (nth (blocks, 3)), ==, PW_BLOCK_TASK_DONE);
  g_assert_cmpstr (pw_block_get_text (nth (blocks, 3)), ==, "Step 2: two");
}

static void
assert_same_blocks (GPtrArray  *a,
                    GPtrArray  *b,
                    const char *what)
{
  if (a->len != b->len)
    g_error ("%s: %u blocks streamed, %u one-shot", what, a->len, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      if (!pw_block_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
        g_error ("%s: block %u differs (line %u vs %u: '%s' vs '%s')", what, i,
                 pw_block_get_line (g_ptr_array_index (a, i)),
                 pw_block_get_line (g_ptr_array_index (b, i)),
                 pw_block_get_markup (g_ptr_array_index (a, i)),
                 pw_block_get_markup (g_ptr_array_index (b, i)));
    }
}

/* Streams @text in random chunks, re-parsing from the stable end each time
 * as the view does, and checks the result against a one-shot parse, also
 * at a few points on the way. */
static void
check_streaming (const char *text,
                 gsize       len,
                 GRand      *rand,
                 const char *what)
{
  g_autoptr(GPtrArray) streamed = g_ptr_array_new_with_free_func (g_object_unref);
  gsize have = 0;
  gsize stable = 0;
  guint stable_line = 1;

  while (have < len)
    {
      g_autoptr(GPtrArray) tail = NULL;
      gsize chunk = g_rand_boolean (rand) ? g_rand_int_range (rand, 1, 5)
                                          : g_rand_int_range (rand, 1, 200);
      guint cut = streamed->len;
      gsize next_stable;
      guint next_line;

      have = MIN (len, have + chunk);
      while (cut > 0 && pw_block_get_start (g_ptr_array_index (streamed, cut - 1)) >= stable)
        cut--;
      g_ptr_array_set_size (streamed, cut);

      tail = pw_blocks_parse_stream (text, have, stable, stable_line, &next_stable, &next_line);
      g_assert_cmpuint (next_stable, >=, stable);
      for (guint i = 0; i < tail->len; i++)
        g_ptr_array_add (streamed, g_object_ref (g_ptr_array_index (tail, i)));
      stable = next_stable;
      stable_line = next_line;

      if (g_rand_int_range (rand, 0, 50) == 0 || have == len)
        {
          g_autoptr(GPtrArray) whole = pw_blocks_parse (text, have, 0, 1);

          assert_same_blocks (streamed, whole, what);
          g_assert_cmpuint (pw_blocks_stable_end (text, have), ==, stable);
        }
    }
}

static void
test_blocks_streaming_shelfie (void)
{
  g_autofree char *text = read_source ("examples/shelfie/.ai/get-books-implementation-plan.md");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 5; i++)
    check_streaming (text, strlen (text), rand, "shelfie");
}

static void
test_blocks_streaming_random (void)
{
  static const char * const lines[] = {
    "# Heading\n", "## Sub *heading*\n", "### [ ] Step 3: do it\n", "\n", "\n", "\n",
    "Paragraph text with **bold** and `code`.\n", "continued line\n", "- item\n",
    "- [ ] task\n", "- [x] done\n", "  - nested\n", "    more\n", "1. one\n", "2. two\n",
    "1. again\n", "10) ten\n", "> quote\n", "> > deeper\n", ">\n", "```\n", "```ts\n",
    "~~~\n", "code < & >\n", "    indented\n", "---\n", "***\n", "===\n",
    "| a | b |\n", "|---|---|\n", "| 1 | 2 |\n", "<div>\n", "</div>\n", "<!-- c\n",
    "-->\n", "* star\n", "+ plus\n", "text [link](https://x.y) <b>x</b>\n", "-\n",
    "\t\ttabbed\n", "  2. two spaced\n", "#\n", "   # h\n",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 1, 60);
      g_autofree char *what = g_strdup_printf ("random %u", round);

      for (guint i = 0; i < n; i++)
        g_string_append (text, lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (lines))]);
      if (g_rand_boolean (rand) && text->len > 0)
        g_string_truncate (text, text->len - 1);

      if (g_test_verbose ())
        g_test_message ("%s:\n%s", what, text->str);
      check_streaming (text->str, text->len, rand, what);
    }
}

static void
test_blocks_streaming_corpus (void)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *corpus = g_build_filename (root != NULL ? root : ".", "..", "shared", "corpus",
                                              NULL);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  guint checked = 0;

  if (!g_file_test (corpus, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no corpus");
      return;
    }

  g_ptr_array_add (dirs, g_strdup (corpus));
  while (dirs->len > 0)
    {
      g_autofree char *dir_path = g_ptr_array_steal_index (dirs, dirs->len - 1);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autofree char *contents = NULL;
          gsize len;

          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            {
              g_ptr_array_add (dirs, g_steal_pointer (&path));
              continue;
            }
          if (!g_str_has_suffix (name, ".md") || strstr (name, "plan") == NULL)
            continue;
          if (!g_file_get_contents (path, &contents, &len, NULL))
            continue;
          check_streaming (contents, len, rand, path);
          checked++;
        }
    }

  g_test_message ("%u corpus plans", checked);
}

/* Each block keeps one string and derives the other: the derived one is
 * what the parser would have made. */
static void
test_blocks_derived_strings (void)
{
  const char *text =
    "A <b>bold</b> claim & a \x01 control, **really** [site](https://example.com/?a=1&b=2).\n"
    "\n"
    "```c\nif (a < b && c) return \"x\";\n```\n"
    "\n"
    "| A | B |\n|---|---|\n| `x<y` | *z* |\n";
  g_autoptr(GPtrArray) blocks = parse (text);
  PwBlock *b;

  g_assert_cmpuint (blocks->len, ==, 3);
  b = nth (blocks, 0);
  g_assert_cmpstr (pw_block_get_markup (b), ==,
                   "A &lt;b&gt;bold&lt;/b&gt; claim &amp; a \xEF\xBF\xBD control, <b>really</b> "
                   "<a href=\"https://example.com/?a=1&amp;b=2\">site</a>.");
  g_assert_cmpstr (pw_block_get_text (b), ==,
                   "A <b>bold</b> claim & a \xEF\xBF\xBD control, really site.");

  b = nth (blocks, 1);
  g_assert_cmpstr (pw_block_get_text (b), ==, "if (a < b && c) return \"x\";\n");
  g_assert_cmpstr (pw_block_get_markup (b), ==,
                   "if (a &lt; b &amp;&amp; c) return &quot;x&quot;;\n");

  b = nth (blocks, 2);
  g_assert_cmpstr (pw_block_get_cell_markup (b, 1, 0), ==, "<tt>x&lt;y</tt>");
  g_assert_cmpstr (pw_block_get_text (b), ==, "A\tB\nx<y\tz\n");
  g_assert_cmpstr (pw_block_get_markup (b), ==, "");
}

/* GFM escapes a pipe inside a table cell's code span as `\|`: the cell
 * shows `|`, and a backslash elsewhere stays (issue 12, item 18). */
static void
test_blocks_table_code_pipe (void)
{
  const char *text =
    "| Field | Type |\n"
    "| --- | --- |\n"
    "| status | `open \\| done` |\n"
    "| path | `C:\\dir` |\n";
  g_autoptr(GPtrArray) blocks = pw_blocks_parse (text, strlen (text), 0, 1);
  PwBlock *table;

  g_assert_cmpuint (blocks->len, ==, 1);
  table = g_ptr_array_index (blocks, 0);
  g_assert_cmpint (pw_block_get_kind (table), ==, PW_BLOCK_TABLE);
  g_assert_cmpuint (pw_block_get_n_rows (table), ==, 3);
  g_assert_nonnull (strstr (pw_block_get_cell_markup (table, 1, 1), "open | done"));
  g_assert_null (strstr (pw_block_get_cell_markup (table, 1, 1), "\\"));
  g_assert_nonnull (strstr (pw_block_get_cell_markup (table, 2, 1), "C:\\dir"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/blocks/kinds", test_blocks_kinds);
  g_test_add_func ("/pw/blocks/table-code-pipe", test_blocks_table_code_pipe);
  g_test_add_func ("/pw/blocks/escaping", test_blocks_escaping);
  g_test_add_func ("/pw/blocks/derived-strings", test_blocks_derived_strings);
  g_test_add_func ("/pw/blocks/links", test_blocks_links);
  g_test_add_func ("/pw/blocks/lists", test_blocks_lists);
  g_test_add_func ("/pw/blocks/tables", test_blocks_tables);
  g_test_add_func ("/pw/blocks/steps", test_blocks_steps);
  g_test_add_func ("/pw/blocks/streaming-shelfie", test_blocks_streaming_shelfie);
  g_test_add_func ("/pw/blocks/streaming-random", test_blocks_streaming_random);
  g_test_add_func ("/pw/blocks/streaming-corpus", test_blocks_streaming_corpus);

  return g_test_run ();
}
