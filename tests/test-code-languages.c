/* test-code-languages.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-code-languages.h"

static void
assert_guess (const char         *text,
              guint               max,
              const char * const *expected)
{
  g_auto(GStrv) guess = pw_code_languages_guess (text, max);

  g_assert_nonnull (guess);
  g_assert_cmpstrv (guess, expected);
}

static void
test_tech_stack (void)
{
  /* A typical .ai/tech-stack.md: frameworks and a database name languages. */
  assert_guess ("# Tech stack\n\n- Astro 5 with React 19 for the interactive parts\n"
                "- Supabase (PostgreSQL) for data and auth\n- GitHub Actions, DigitalOcean\n",
                4, (const char *[]) { "typescript", "js", "sql", NULL });
  assert_guess ("Backend: Python 3.12 with FastAPI, PostgreSQL 16.", 4,
                (const char *[]) { "python3", "sql", NULL });
  assert_guess ("Frontend in Next.js. Backend in ASP.NET Core (C#) on .NET 8.", 4,
                (const char *[]) { "typescript", "c-sharp", NULL });
  /* In the order named, each once, at most @max. */
  assert_guess ("Rust, then Go? No: golang, Kotlin, Swift, Dart and Ruby.", 3,
                (const char *[]) { "rust", "go", "kotlin", NULL });
}

static void
test_fences (void)
{
  /* Short aliases count only as a fence's language. */
  assert_guess ("We go to the shell; ts and js are units here.\n", 4, (const char *[]) { NULL });
  assert_guess ("Example:\n\n```ts\nconst x = 1;\n```\n\n  ~~~sh\nls\n~~~\n", 4,
                (const char *[]) { "typescript", "sh", NULL });
  assert_guess ("text ```go in the middle of a line\n", 4, (const char *[]) { NULL });
}

static void
test_edges (void)
{
  assert_guess ("", 4, (const char *[]) { NULL });
  assert_guess ("TypeScript", 0, (const char *[]) { NULL });
  /* Long words and punctuation are skipped, not cut into names. */
  assert_guess ("supercalifragilisticexpialidocious-typescript, sql.", 4,
                (const char *[]) { "sql", NULL });
  assert_guess ("Zażółć gęślą jaźń: PHP (Laravel).", 4, (const char *[]) { "php", NULL });
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/code-languages/tech-stack", test_tech_stack);
  g_test_add_func ("/pw/code-languages/fences", test_fences);
  g_test_add_func ("/pw/code-languages/edges", test_edges);

  return g_test_run ();
}
