/* test-utils.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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

static void
test_escape_controls (void)
{
  /* OSC 52 (clipboard), OSC 8 (link), CSI as C1, a bidi override, CR. */
  const char *hostile = "a\033]52;c;ZXZpbA==\007b\033]8;;http://x\033\\l\302\233\342\200\256r\rz";
  g_autofree char *line = pw_text_escape_controls (hostile, -1, PW_ESCAPE_ONE_LINE);
  g_autofree char *name = pw_text_escape_controls ("plan.md\nfake line\tok", -1,
                                                   PW_ESCAPE_ONE_LINE);
  g_autofree char *doc = pw_text_escape_controls ("# T\r\n- x\n\033[2J\xff", -1,
                                                  PW_ESCAPE_KEEP_LINES);
  g_autofree char *json = pw_text_escape_controls ("{\"p\": \"a\xff" "b\302\205\"}", -1,
                                                   PW_ESCAPE_JSON);
  g_autofree char *plain = pw_text_escape_controls ("Żółw — ok", -1, PW_ESCAPE_ONE_LINE);

  g_assert_cmpstr (line, ==, "a\\x1b]52;c;ZXZpbA==\\x07b\\x1b]8;;http://x\\x1b\\l\\u009b"
                             "\\u202er\\rz");
  g_assert_null (strchr (line, '\033'));
  g_assert_cmpstr (name, ==, "plan.md\\nfake line\tok");
  g_assert_cmpstr (doc, ==, "# T\r\n- x\n\\x1b[2J\\xff");
  g_assert_cmpstr (json, ==, "{\"p\": \"a\357\277\275b\\u0085\"}");
  g_assert_true (g_utf8_validate (json, -1, NULL));
  g_assert_cmpstr (plain, ==, "Żółw — ok");
}

static void
test_title_part (void)
{
  g_assert_cmpstr (pw_title_distinguishing_part ("API Endpoint Implementation Plan: GET /books"),
                   ==, "GET /books");
  g_assert_cmpstr (pw_title_distinguishing_part ("Implementation Plan:   Reading list"),
                   ==, "Reading list");
  g_assert_cmpstr (pw_title_distinguishing_part ("Plan: "), ==, "Plan: ");
  g_assert_cmpstr (pw_title_distinguishing_part ("GET /books"), ==, "GET /books");
  g_assert_cmpstr (pw_title_distinguishing_part ("Ratio 1:2 and more"), ==, "Ratio 1:2 and more");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/utils/slugify", test_slugify);
  g_test_add_func ("/pw/utils/text-fold", test_text_fold);
  g_test_add_func ("/pw/utils/title-part", test_title_part);
  g_test_add_func ("/pw/utils/tokens", test_tokens);
  g_test_add_func ("/pw/utils/confined", test_confined);
  g_test_add_func ("/pw/utils/sha256", test_sha256);
  g_test_add_func ("/pw/utils/escape-controls", test_escape_controls);

  return g_test_run ();
}
