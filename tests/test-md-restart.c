/* test-md-restart.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-block-list.h"
#include "pw-md-restart.h"
#include "pw-plan.h"

/* The two models that restart a parse where pw_md_restart_advance() lets
 * them, PwPlan and the rendering blocks (PwBlockList), must give at every
 * point of a stream what a parse of the text so far from the top gives. */

static void
test_md_restart_advance (void)
{
  const char *text = "# A\n\nb\r\nc";
  gsize len = strlen (text);
  gsize restart = 0;

  /* Not before or at the point, not an incomplete line, not past the end. */
  g_assert_false (pw_md_restart_advance (&restart, text, len, 0));
  g_assert_true (pw_md_restart_advance (&restart, text, len, 5));
  g_assert_cmpuint (restart, ==, 5);
  g_assert_false (pw_md_restart_advance (&restart, text, len, 5));
  g_assert_false (pw_md_restart_advance (&restart, text, len, 3));
  g_assert_false (pw_md_restart_advance (&restart, text, len, 8));
  g_assert_false (pw_md_restart_advance (&restart, text, len, len));
  g_assert_cmpuint (restart, ==, 5);
  /* A carriage return alone may still be followed by its newline. */
  g_assert_false (pw_md_restart_advance (&restart, "a\nb\r", 4, 2));
}

static GPtrArray *
test_texts (void)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *corpus = g_build_filename (root != NULL ? root : ".", "..", "shared",
                                              "corpus", NULL);
  g_autofree char *shelfie = g_build_filename (root != NULL ? root : ".", "examples", "shelfie",
                                               ".ai", "get-books-implementation-plan.md", NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (corpus, 0, NULL);
  g_autoptr(GString) crlf = NULL;
  char *text = NULL;
  const char *name;

  g_assert_true (g_file_get_contents (shelfie, &text, NULL, NULL));
  g_ptr_array_add (texts, text);
  /* The same with CRLF line ends, and with bare CRs. */
  crlf = g_string_new (text);
  g_string_replace (crlf, "\n", "\r\n", 0);
  g_ptr_array_add (texts, g_strdup (crlf->str));
  g_string_replace (crlf, "\r\n", "\r", 0);
  g_ptr_array_add (texts, g_string_free (g_steal_pointer (&crlf), FALSE));

  /* The first plan of a few corpus projects, when the corpus is there. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL && texts->len < 9)
    {
      g_autofree char *ai = g_build_filename (corpus, name, ".ai", NULL);
      g_autoptr(GDir) sub = g_dir_open (ai, 0, NULL);
      const char *file;

      while (sub != NULL && (file = g_dir_read_name (sub)) != NULL)
        {
          g_autofree char *path = g_build_filename (ai, file, NULL);

          if (g_str_has_suffix (file, "implementation-plan.md")
              && g_file_get_contents (path, &text, NULL, NULL))
            {
              g_ptr_array_add (texts, text);
              break;
            }
        }
    }

  return g_steal_pointer (&texts);
}

static void
assert_same_plan (PwPlan     *streamed,
                  PwPlan     *whole,
                  const char *what)
{
  guint n = pw_plan_get_n_steps (whole);

  g_assert_cmpuint (pw_plan_get_n_sections (streamed), ==, pw_plan_get_n_sections (whole));
  for (guint i = 0; i < pw_plan_get_n_sections (whole); i++)
    {
      const PwPlanSection *a = pw_plan_get_section (streamed, i);
      const PwPlanSection *b = pw_plan_get_section (whole, i);

      g_assert_cmpstr (a->title, ==, b->title);
      g_assert_cmpuint (a->offset, ==, b->offset);
      g_assert_cmpuint (a->line, ==, b->line);
      g_assert_cmpuint (a->level, ==, b->level);
    }
  if (pw_plan_get_n_steps (streamed) != n)
    g_error ("%s: %u steps streamed, %u one-shot", what, pw_plan_get_n_steps (streamed), n);
  for (guint i = 0; i < n; i++)
    {
      const PwPlanStep *a = pw_plan_get_step (streamed, i);
      const PwPlanStep *b = pw_plan_get_step (whole, i);

      g_assert_cmpstr (a->text, ==, b->text);
      g_assert_cmpuint (a->offset, ==, b->offset);
      g_assert_cmpuint (a->mark_offset, ==, b->mark_offset);
      g_assert_cmpuint (a->line, ==, b->line);
      g_assert_cmpuint (a->done, ==, b->done);
    }
}

static void
assert_same_blocks (GListModel *streamed,
                    GPtrArray  *whole,
                    const char *what)
{
  if (g_list_model_get_n_items (streamed) != whole->len)
    g_error ("%s: %u blocks streamed, %u one-shot", what,
             g_list_model_get_n_items (streamed), whole->len);
  for (guint i = 0; i < whole->len; i++)
    {
      g_autoptr(PwBlock) block = g_list_model_get_item (streamed, i);

      if (!pw_block_equal (block, g_ptr_array_index (whole, i)))
        g_error ("%s: block %u differs", what, i);
    }
}

/* Streams each text in random pieces into a plan and a block list, and
 * compares both with one-shot parses after every piece. */
static void
test_md_restart_streams (void)
{
  g_autoptr(GPtrArray) texts = test_texts ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint t = 0; t < texts->len; t++)
    {
      const char *text = g_ptr_array_index (texts, t);
      gsize len = strlen (text);
      gsize most = t < 3 ? 4 : 96;
      g_autoptr(PwPlan) plan = pw_plan_new ();
      g_autoptr(PwBlockList) list = pw_block_list_new ();
      gsize have = 0;

      while (have < len)
        {
          gsize piece = MIN (len - have, (gsize) g_rand_int_range (rand, 1, most + 1));
          g_autoptr(PwPlan) whole = pw_plan_new_from_text (text, have + piece);
          g_autoptr(GPtrArray) blocks = pw_blocks_parse (text, have + piece, 0, 1);
          g_autofree char *what = g_strdup_printf ("text %u, %zu bytes", t, have + piece);

          pw_plan_append (plan, text + have, piece);
          have += piece;
          pw_block_list_append (list, text, have);
          assert_same_plan (plan, whole, what);
          assert_same_blocks (G_LIST_MODEL (list), blocks, what);
        }
    }
  g_test_message ("%u texts", texts->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pw/md-restart/advance", test_md_restart_advance);
  g_test_add_func ("/pw/md-restart/streams", test_md_restart_streams);

  return g_test_run ();
}
