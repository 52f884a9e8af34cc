/* pw-code-languages.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-code-languages"

#include "config.h"

#include <string.h>

#include "pw-code-languages.h"

/*
 * A plan's first code block makes GtkSourceView load that language's
 * definition, about 100 ms for TypeScript: the view loads the likely ones
 * while it waits for the model's first token. The guess reads words:
 * names of languages and of the frameworks and databases that imply one.
 * Short aliases ("ts", "go", "sh") are common words or abbreviations in
 * prose, so they count only as a code fence's language.
 */

typedef struct
{
  const char *word;
  const char *id;
  gboolean    fence_only;
} Alias;

static const Alias aliases[] = {
  { "typescript", "typescript", FALSE }, { "astro", "typescript", FALSE },
  { "angular", "typescript", FALSE }, { "nestjs", "typescript", FALSE },
  { "next.js", "typescript", FALSE }, { "nextjs", "typescript", FALSE },
  { "deno", "typescript", FALSE }, { "ts", "typescript", TRUE }, { "tsx", "typescript", TRUE },
  { "javascript", "js", FALSE }, { "node.js", "js", FALSE }, { "nodejs", "js", FALSE },
  { "react", "js", FALSE }, { "vue", "js", FALSE }, { "express", "js", FALSE },
  { "svelte", "js", FALSE }, { "js", "js", TRUE }, { "jsx", "js", TRUE },
  { "sql", "sql", FALSE }, { "postgres", "sql", FALSE }, { "postgresql", "sql", FALSE },
  { "supabase", "sql", FALSE }, { "mysql", "sql", FALSE }, { "sqlite", "sql", FALSE },
  { "mariadb", "sql", FALSE }, { "psql", "sql", TRUE },
  { "python", "python3", FALSE }, { "django", "python3", FALSE },
  { "fastapi", "python3", FALSE }, { "flask", "python3", FALSE }, { "py", "python3", TRUE },
  { "java", "java", FALSE }, { "spring", "java", FALSE },
  { "kotlin", "kotlin", FALSE }, { "kt", "kotlin", TRUE },
  { "c#", "c-sharp", FALSE }, { "csharp", "c-sharp", FALSE }, { ".net", "c-sharp", FALSE },
  { "dotnet", "c-sharp", FALSE }, { "asp.net", "c-sharp", FALSE }, { "cs", "c-sharp", TRUE },
  { "golang", "go", FALSE }, { "go", "go", TRUE },
  { "rust", "rust", FALSE }, { "rs", "rust", TRUE },
  { "php", "php", FALSE }, { "laravel", "php", FALSE }, { "symfony", "php", FALSE },
  { "ruby", "ruby", FALSE }, { "rails", "ruby", FALSE }, { "rb", "ruby", TRUE },
  { "dart", "dart", FALSE }, { "flutter", "dart", FALSE },
  { "swift", "swift", FALSE },
  { "bash", "sh", FALSE }, { "shell", "sh", TRUE }, { "sh", "sh", TRUE }, { "zsh", "sh", TRUE },
  { "json", "json", FALSE }, { "yaml", "yaml", FALSE }, { "yml", "yaml", TRUE },
};

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '#' || c == '.' || c == '+' || c == '_' || c == '-';
}

/* Whether @word follows a code fence that opens its line. */
static gboolean
after_fence (const char *text,
             const char *word)
{
  const char *p = word;
  guint ticks = 0;

  while (p > text && (p[-1] == '`' || p[-1] == '~'))
    {
      p--;
      ticks++;
    }
  if (ticks < 3)
    return FALSE;
  while (p > text && (p[-1] == ' ' || p[-1] == '\t'))
    p--;

  return p == text || p[-1] == '\n';
}

static void
note (GPtrArray  *found,
      const char *id)
{
  for (guint i = 0; i < found->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (found, i), id))
        return;
    }
  g_ptr_array_add (found, g_strdup (id));
}

/* Reads the next word from *@p into @word, lower-cased, and moves past it;
 * *@start is where it begins in the text. Returns FALSE for no word or one
 * too long to be a name. */
static gboolean
next_word (const char **p,
           const char **start,
           char         word[16])
{
  gsize len;

  while (**p != '\0' && !is_word_char (**p))
    (*p)++;
  *start = *p;
  while (is_word_char (**p))
    (*p)++;
  len = *p - *start;
  /* "Node.js," and "Astro." end a sentence, not a name. */
  while (len > 0 && ((*start)[len - 1] == '.' || (*start)[len - 1] == '-'))
    len--;
  if (len == 0 || len >= 16)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    word[i] = g_ascii_tolower ((*start)[i]);
  word[len] = '\0';
  return TRUE;
}

/* Notes the language @word names at @start, if it names one there. */
static void
note_alias (GPtrArray  *found,
            const char *text,
            const char *start,
            const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      if (!g_str_equal (aliases[i].word, word))
        continue;
      if (!aliases[i].fence_only || after_fence (text, start))
        note (found, aliases[i].id);
      return;
    }
}

char **
pw_code_languages_guess (const char *text,
                         guint       max)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;

  while (p != NULL && *p != '\0' && found->len < max)
    {
      const char *start;
      char word[16];

      if (next_word (&p, &start, word))
        note_alias (found, text, start, word);
    }

  g_ptr_array_add (found, NULL);

  return (char **)g_ptr_array_free (g_steal_pointer (&found), FALSE);
}
