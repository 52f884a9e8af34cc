/* test-block-list.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-block-list.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Splice;

typedef struct
{
  PwBlockList *list;
  GArray      *splices;  /* Splice */
  guint        changed;  /* PwBlock::changed emissions seen */
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  Splice splice = { position, removed, added };

  g_array_append_val (f->splices, splice);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->list = pw_block_list_new ();
  f->splices = g_array_new (FALSE, FALSE, sizeof (Splice));
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->list);
  g_array_unref (f->splices);
}

static void
assert_splices (Fixture     *f,
                const Splice *expected,
                guint         n)
{
  g_assert_cmpuint (f->splices->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      Splice *s = &g_array_index (f->splices, Splice, i);

      g_assert_cmpuint (s->position, ==, expected[i].position);
      g_assert_cmpuint (s->removed, ==, expected[i].removed);
      g_assert_cmpuint (s->added, ==, expected[i].added);
    }
  g_array_set_size (f->splices, 0);
}

static void
assert_same (GListModel *model,
             GPtrArray  *expected,
             const char *what)
{
  guint n = g_list_model_get_n_items (model);

  if (n != expected->len)
    g_error ("%s: %u blocks in the list, %u one-shot", what, n, expected->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PwBlock) block = g_list_model_get_item (model, i);

      if (!pw_block_equal (block, g_ptr_array_index (expected, i)))
        g_error ("%s: block %u differs (line %u: '%s' vs '%s')", what, i,
                 pw_block_get_line (block), pw_block_get_text (block),
                 pw_block_get_text (g_ptr_array_index (expected, i)));
    }
}

static void
changed_cb (PwBlock *block,
            Fixture *f)
{
  f->changed++;
}

/* Appended blocks are one splice at the end; a list that does not change
 * reports nothing. */
static void
test_block_list_append (Fixture       *f,
                        gconstpointer  data)
{
  const char *text = "# Plan\n\nFirst paragraph.\n\n- one\n- two\n\nLast paragraph.\n";
  gsize cut = strlen ("# Plan\n\nFirst paragraph.\n\n");

  pw_block_list_append (f->list, text, cut);
  assert_splices (f, (Splice[]) { { 0, 0, 2 } }, 1);
  g_assert_cmpuint (g_list_model_get_item_type (G_LIST_MODEL (f->list)), ==, PW_TYPE_BLOCK);

  pw_block_list_append (f->list, text, strlen (text));
  assert_splices (f, (Splice[]) { { 2, 0, 3 } }, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 5);

  pw_block_list_append (f->list, text, strlen (text));
  pw_block_list_set_text (f->list, text, strlen (text));
  assert_splices (f, NULL, 0);

  g_assert_cmpstr (pw_block_get_markup (pw_block_list_get_block (f->list, 3)), ==, "two");
  g_assert_null (pw_block_list_get_block (f->list, 5));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (f->list), 5));
  g_assert_cmpuint (pw_block_list_find_line (f->list, 6), ==, 3);
  g_assert_cmpuint (pw_block_list_find_line (f->list, 7), ==, 3);
  g_assert_cmpuint (pw_block_list_find_line (f->list, 100), ==, 4);
}

/* An edit in the middle that moves no block splices only the block that
 * changed; one that
 * changes a block's text only keeps the block and its place. */
static void
test_block_list_edit (Fixture       *f,
                      gconstpointer  data)
{
  const char *before = "# Plan\n\nAlpha.\n\nBravo.\n\nCharlie.\n\nDelta.\n";
  const char *shape = "# Plan\n\nAlpha.\n\n# Brav\n\nCharlie.\n\nDelta.\n";
  const char *words = "# Plan\n\nAlpha.\n\nBRAVO.\n\nCharlie.\n\nDelta.\n";
  g_autoptr(PwBlock) first = NULL;
  g_autoptr(PwBlock) bravo = NULL;

  pw_block_list_set_text (f->list, before, strlen (before));
  assert_splices (f, (Splice[]) { { 0, 0, 5 } }, 1);
  first = g_list_model_get_item (G_LIST_MODEL (f->list), 0);

  pw_block_list_set_text (f->list, shape, strlen (shape));
  assert_splices (f, (Splice[]) { { 2, 1, 1 } }, 1);
  g_assert_true (pw_block_list_get_block (f->list, 0) == first);
  g_assert_cmpint (pw_block_get_kind (pw_block_list_get_block (f->list, 2)), ==,
                   PW_BLOCK_HEADING);

  pw_block_list_set_text (f->list, before, strlen (before));
  assert_splices (f, (Splice[]) { { 2, 1, 1 } }, 1);
  bravo = g_object_ref (pw_block_list_get_block (f->list, 2));
  g_signal_connect (bravo, "changed", G_CALLBACK (changed_cb), f);
  pw_block_list_set_text (f->list, words, strlen (words));
  assert_splices (f, NULL, 0);
  g_assert_cmpuint (f->changed, ==, 1);
  g_assert_true (pw_block_list_get_block (f->list, 2) == bravo);
  g_assert_cmpstr (pw_block_get_markup (bravo), ==, "BRAVO.");
  g_signal_handlers_disconnect_by_data (bravo, f);

  /* Lines added above move every block after them. */
  pw_block_list_set_text (f->list, "\n\n", 2);
  assert_splices (f, (Splice[]) { { 0, 5, 0 } }, 1);
}

/* A streamed paragraph grows in place: the same block takes the new text
 * and no splice is reported. */
static void
test_block_list_grow (Fixture       *f,
                      gconstpointer  data)
{
  const char *text = "# Plan\n\nA paragraph that grows piece by piece.\n";
  gsize len = strlen (text);
  PwBlock *paragraph;

  pw_block_list_append (f->list, text, strlen ("# Plan\n\nA para"));
  assert_splices (f, (Splice[]) { { 0, 0, 2 } }, 1);
  paragraph = pw_block_list_get_block (f->list, 1);
  g_signal_connect (paragraph, "changed", G_CALLBACK (changed_cb), f);

  for (gsize have = strlen ("# Plan\n\nA para") + 1; have <= len; have++)
    pw_block_list_append (f->list, text, have);
  assert_splices (f, NULL, 0);
  g_assert_true (pw_block_list_get_block (f->list, 1) == paragraph);
  g_assert_cmpstr (pw_block_get_markup (paragraph), ==, "A paragraph that grows piece by piece.");
  /* One emission per piece (the newline moves the block's end). */
  g_assert_cmpuint (f->changed, ==, len - strlen ("# Plan\n\nA para"));
  g_signal_handlers_disconnect_by_data (paragraph, f);
}

/* Streams @text into @list byte by byte (@step bytes at a time) and
 * compares it with a one-shot parse of every prefix. */
static void
check_prefixes (PwBlockList *list,
                const char  *text,
                gsize        step,
                const char  *what)
{
  gsize len = strlen (text);

  g_assert_null (strstr (text, "]:"));
  pw_block_list_set_text (list, "", 0);
  for (gsize have = 0; have <= len; have = have < len ? MIN (have + step, len) : len + 1)
    {
      g_autoptr(GPtrArray) whole = pw_blocks_parse (text, have, 0, 1);

      pw_block_list_append (list, text, have);
      assert_same (G_LIST_MODEL (list), whole, what);
    }
}

static void
test_block_list_prefixes (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const plans[] = {
    "examples/shelfie/.ai/get-books-implementation-plan.md",
    "examples/shelfie/.ai/db-plan.md",
    "examples/shelfie/.ai/tech-stack.md",
  };
  const char *mixed =
    "# Plan\n\nIntro *text* with `code`.\n\n1. one\n2. two\n   - nested\n3. three\n\n"
    "> quote\n> more\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst a = 1;\n```\n\n"
    "Setext\n---\n\n- [ ] task\n- [x] done\n\n***\n\n<div>html</div>\n\n    indented\n";

  check_prefixes (f->list, mixed, 1, "mixed");
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      g_autofree char *text = NULL;

      g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", plans[i], NULL),
                                          &text, NULL, NULL));
      check_prefixes (f->list, text, 1, plans[i]);
    }
}

/* Follows a plan as it streams: an <analysis> block that appears mid-stream
 * is blanked, steps are bound, and every update gives a one-shot's list. */
static void
test_block_list_plan (Fixture       *f,
                      gconstpointer  data)
{
  const char *text =
    "A first paragraph before it.\n\n"
    "<analysis>\nThink about it.\n\n## Not a heading of the plan\n- nor an item\n</analysis>\n\n"
    "# Plan\n\n## Implementation steps\n\n1. [ ] First step\n2. [x] Second step\n\n"
    "<analysis>\nA second thought.\n</analysis>\n\nThe end.\n";
  gsize len = strlen (text);
  g_autoptr(PwPlan) stream = pw_plan_new ();
  g_autoptr(PwPlan) whole = pw_plan_new_from_text (text, len);
  g_autoptr(PwBlockList) expected = pw_block_list_new ();
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func (g_object_unref);

  pw_block_list_set_plan (expected, whole);
  g_assert_true (pw_block_list_get_plan (expected) == whole);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (expected)), ==, 6);
  g_assert_cmpint (pw_block_get_step (pw_block_list_get_block (expected, 3)), ==, 0);
  g_assert_cmpint (pw_block_get_step (pw_block_list_get_block (expected, 4)), ==, 1);
  for (guint i = 0; i < 6; i++)
    g_ptr_array_add (blocks, g_object_ref (pw_block_list_get_block (expected, i)));

  pw_block_list_set_plan (f->list, stream);
  for (gsize pos = 0; pos < len; pos++)
    {
      g_autoptr(PwPlan) prefix = pw_plan_new_from_text (text, pos + 1);
      g_autofree char *what = g_strdup_printf ("prefix %zu", pos + 1);

      pw_plan_append (stream, text + pos, 1);
      pw_block_list_update (f->list);
      pw_block_list_set_plan (expected, prefix);
      g_ptr_array_set_size (blocks, 0);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (expected)); i++)
        g_ptr_array_add (blocks, g_object_ref (pw_block_list_get_block (expected, i)));
      assert_same (G_LIST_MODEL (f->list), blocks, what);
    }

  /* Finishing parses the whole text once more: nothing changes here. */
  g_array_set_size (f->splices, 0);
  pw_plan_finish (stream);
  pw_block_list_update (f->list);
  assert_splices (f, NULL, 0);

  /* An edit (a tick) re-parses the whole text and splices the step only. */
  g_assert_true (pw_plan_set_step_done (stream, 0, TRUE));
  pw_block_list_update (f->list);
  assert_splices (f, (Splice[]) { { 3, 1, 1 } }, 1);
  g_assert_cmpint (pw_block_get_task (pw_block_list_get_block (f->list, 3)), ==,
                   PW_BLOCK_TASK_DONE);

  pw_block_list_set_plan (f->list, NULL);
  assert_splices (f, (Splice[]) { { 0, 6, 0 } }, 1);
  pw_block_list_update (f->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->list)), ==, 0);
}

/* A finished plan is parsed whole once more when it may define links: a
 * link before its reference definition becomes a link. */
static void
test_block_list_links (Fixture       *f,
                       gconstpointer  data)
{
  const char *text = "See [the docs][docs].\n\n# Links\n\n[docs]: https://example.com/docs\n";
  gsize len = strlen (text);
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(GPtrArray) whole = pw_blocks_parse (text, len, 0, 1);

  pw_block_list_set_plan (f->list, plan);
  for (gsize pos = 0; pos < len; pos += 4)
    {
      pw_plan_append (plan, text + pos, MIN (4, len - pos));
      pw_block_list_update (f->list);
    }
  /* Parsed before the definition came, and not since (the stream went on
   * from the heading). */
  g_assert_cmpstr (pw_block_get_markup (pw_block_list_get_block (f->list, 0)), ==,
                   "See [the docs][docs].");
  pw_plan_finish (plan);
  pw_block_list_update (f->list);
  assert_same (G_LIST_MODEL (f->list), whole, "links");
  g_assert_cmpstr (pw_block_get_markup (pw_block_list_get_block (f->list, 0)), ==,
                   "See <a href=\"https://example.com/docs\">the docs</a>.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pw/block-list/append", Fixture, NULL, fixture_setup, test_block_list_append,
              fixture_teardown);
  g_test_add ("/pw/block-list/edit", Fixture, NULL, fixture_setup, test_block_list_edit,
              fixture_teardown);
  g_test_add ("/pw/block-list/grow", Fixture, NULL, fixture_setup, test_block_list_grow,
              fixture_teardown);
  g_test_add ("/pw/block-list/prefixes", Fixture, NULL, fixture_setup, test_block_list_prefixes,
              fixture_teardown);
  g_test_add ("/pw/block-list/plan", Fixture, NULL, fixture_setup, test_block_list_plan,
              fixture_teardown);
  g_test_add ("/pw/block-list/links", Fixture, NULL, fixture_setup, test_block_list_links,
              fixture_teardown);

  return g_test_run ();
}
