/* test-utils.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-utils.h"

static void
test_slugify (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "GET /api/books/{id}", "get-api-books-id" },
    { "Zażółć gęślą jaźń", "zazolc-gesla-jazn" },
    { "  Łódź -- Śląsk  ", "lodz-slask" },
    { "Café crème", "cafe-creme" },
    { "POST /api/v1/report-links:generate", "post-api-v1-report-links-generate" },
    { "../../etc/passwd", "etc-passwd" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = pw_slugify (cases[i].in);

      g_assert_cmpstr (slug, ==, cases[i].out);
    }
}

static void
test_text_fold (void)
{
  static const struct
  {
    const char      *in;
    char             separator;
    PwTextFoldFlags  flags;
    const char      *out;
  } cases[] = {
    { "## 9. **Kroki implementacji**", ' ', PW_TEXT_FOLD_DROP_NUMBERING, "kroki implementacji" },
    { "Etapy wdrożenia", ' ', PW_TEXT_FOLD_DROP_NUMBERING, "etapy wdrozenia" },
    { "KOLEJNOŚĆ ŻÓŁWI", ' ', PW_TEXT_FOLD_NONE, "kolejnosc zolwi" },
    { "2.1 🚀 Implementation Steps", ' ', PW_TEXT_FOLD_DROP_NUMBERING, "implementation steps" },
    { "2.1 Steps", '-', PW_TEXT_FOLD_NONE, "2-1-steps" },
    { "3) 1a. Foo", '-', PW_TEXT_FOLD_DROP_NUMBERING, "1a-foo" },
    { "12", ' ', PW_TEXT_FOLD_DROP_NUMBERING, "" },
    { "Krok 3: `route`", ' ', PW_TEXT_FOLD_DROP_NUMBERING, "krok 3 route" },
    { "Café crème", ' ', PW_TEXT_FOLD_NONE, "cafe creme" },
    { "a\xC3", '-', PW_TEXT_FOLD_NONE, "a" },
    { "", ' ', PW_TEXT_FOLD_DROP_NUMBERING, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = pw_text_fold (cases[i].in, cases[i].separator, cases[i].flags);

      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_tokens (void)
{
  g_assert_cmpuint (pw_estimate_tokens ("", -1), ==, 0);
  g_assert_cmpuint (pw_estimate_tokens ("abcd", -1), ==, 1);
  g_assert_cmpuint (pw_estimate_tokens ("abcde", -1), ==, 2);
  /* Each non-ASCII character counts as a token of its own. */
  g_assert_cmpuint (pw_estimate_tokens ("żółw", -1), ==, 1 + 3);
  g_assert_cmpuint (pw_estimate_tokens ("abcdefgh", 4), ==, 1);
}

static void
test_confined (void)
{
  g_assert_true (pw_path_is_confined (".ai/plan.md"));
  g_assert_true (pw_path_is_confined ("a/b..c/d.md"));
  g_assert_false (pw_path_is_confined ("../plan.md"));
  g_assert_false (pw_path_is_confined (".ai/../../plan.md"));
  g_assert_false (pw_path_is_confined ("/etc/passwd"));
  g_assert_false (pw_path_is_confined (""));
  g_assert_false (pw_path_is_confined (NULL));
}

static void
test_sha256 (void)
{
  g_autofree char *empty = pw_sha256_hex ("", 0);

  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/utils/slugify", test_slugify);
  g_test_add_func ("/pw/utils/text-fold", test_text_fold);
  g_test_add_func ("/pw/utils/tokens", test_tokens);
  g_test_add_func ("/pw/utils/confined", test_confined);
  g_test_add_func ("/pw/utils/sha256", test_sha256);

  return g_test_run ();
}
