/* pw-utils.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-utils"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pw-core-resources.h"
#include "pw-utils.h"

/**
 * pw_estimate_tokens:
 * @text: UTF-8 text
 * @length: length of @text in bytes, or -1 if nul-terminated
 *
 * Estimates how many tokens a BPE tokenizer of the GPT/Claude family makes of
 * @text without shipping a vocabulary. The method, documented in the README:
 * one token per four bytes of ASCII (English prose and code average 3.5–4.5
 * characters a token), and one token per non-ASCII character, since accented
 * letters and other scripts rarely merge with their neighbours. The result is
 * rounded up, so any non-empty text is at least one token.
 *
 * Returns: the estimated number of tokens
 */
gsize
pw_estimate_tokens (const char *text,
                    gssize      length)
{
  gsize ascii = 0;
  gsize other = 0;
  const char *p;
  const char *end;

  if (text == NULL)
    return 0;

  if (length < 0)
    length = strlen (text);

  end = text + length;
  for (p = text; p < end; p++)
    {
      guchar c = (guchar)*p;

      if (c < 0x80)
        ascii++;
      else if ((c & 0xC0) != 0x80)
        other++;
    }

  return (ascii + 3) / 4 + other;
}

/* ł has no decomposition, so g_str_to_ascii() alone would lose it. */
static const struct
{
  const char *from;
  char        to;
} polish_letters[] = {
  { "ą", 'a' }, { "ć", 'c' }, { "ę", 'e' }, { "ł", 'l' }, { "ń", 'n' },
  { "ó", 'o' }, { "ś", 's' }, { "ź", 'z' }, { "ż", 'z' },
  { "Ą", 'a' }, { "Ć", 'c' }, { "Ę", 'e' }, { "Ł", 'l' }, { "Ń", 'n' },
  { "Ó", 'o' }, { "Ś", 's' }, { "Ź", 'z' }, { "Ż", 'z' },
};

/* The ASCII letter a Polish letter at @p folds to, or 0. */
static char
polish_letter (const char *p)
{
  for (guint i = 0; i < G_N_ELEMENTS (polish_letters); i++)
    {
      gsize n = strlen (polish_letters[i].from);

      if (strncmp (p, polish_letters[i].from, n) == 0)
        return polish_letters[i].to;
    }

  return 0;
}

/* @text with Polish letters transliterated and invalid bytes made '-'. */
static char *
dup_without_polish (const char *text)
{
  GString *latin = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      gunichar ch = g_utf8_get_char_validated (p, -1);
      char letter = (guchar)*p >= 0x80 ? polish_letter (p) : 0;

      if (ch == (gunichar)-1 || ch == (gunichar)-2)
        {
          g_string_append_c (latin, '-');
          p++;
          continue;
        }
      if (letter != 0)
        g_string_append_c (latin, letter);
      else
        g_string_append_unichar (latin, ch);
      p = g_utf8_next_char (p);
    }

  return g_string_free (latin, FALSE);
}

/* Past the leading words of @folded made only of digits ("9", "2 1"). */
static const char *
skip_numbering (const char *folded,
                char        separator)
{
  const char *p = folded;

  for (;;)
    {
      const char *q = p;

      while (g_ascii_isdigit (*q))
        q++;
      if (q == p || (*q != separator && *q != '\0'))
        return p;
      p = *q == separator ? q + 1 : q;
    }
}

/**
 * pw_text_fold:
 * @text: a heading, a section name, a feature or endpoint name (UTF-8)
 * @separator: the character that separates words, e.g. `-` or ` `
 * @flags: what else to drop
 *
 * Folds text for matching and file names: lowercase ASCII letters and digits
 * in words separated by single @separator characters, none at either end.
 * Polish letters are transliterated explicitly; other letters go through
 * g_str_to_ascii(). Everything else (punctuation, inline markup, emoji)
 * separates words. With %PW_TEXT_FOLD_DROP_NUMBERING, the leading words made
 * only of digits go too ("9.", "2.1", "3)").
 *
 * Every heading normaliser and slug of the core is this one function.
 *
 * Returns: (transfer full): the folded text, possibly empty
 */
char *
pw_text_fold (const char      *text,
              char             separator,
              PwTextFoldFlags  flags)
{
  g_autofree char *latin = NULL;
  g_autofree char *ascii = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, NULL);

  latin = dup_without_polish (text);
  ascii = g_str_to_ascii (latin, "C");

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != separator)
        g_string_append_c (out, separator);
    }
  if (out->len > 0 && out->str[out->len - 1] == separator)
    g_string_truncate (out, out->len - 1);

  if (flags & PW_TEXT_FOLD_DROP_NUMBERING)
    return g_strdup (skip_numbering (out->str, separator));

  return g_strdup (out->str);
}

/**
 * pw_slugify:
 * @text: a feature or endpoint name
 *
 * Makes a file-name slug: pw_text_fold() with hyphens. Path parameters such
 * as `{id}` keep their name.
 *
 * Returns: (transfer full): the slug, possibly empty
 */
char *
pw_slugify (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return pw_text_fold (text, '-', PW_TEXT_FOLD_NONE);
}

/**
 * pw_sha256_hex:
 * @data: bytes to hash
 * @length: length of @data, or -1 if nul-terminated
 *
 * Returns: (transfer full): the SHA-256 of @data as lowercase hex
 */
char *
pw_sha256_hex (const char *data,
               gssize      length)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *)(data ? data : ""),
                                      length < 0 ? strlen (data) : (gsize)length);
}

/**
 * pw_path_is_confined:
 * @relative_path: a path meant to stay inside a repository
 *
 * Checks the text of a path: it must be relative, non-empty and have no `..`
 * component. Symbolic links are checked separately, against the file system,
 * by pw_workspace_resolve_path().
 *
 * Returns: %TRUE if @relative_path cannot name anything above its base
 */
gboolean
pw_path_is_confined (const char *relative_path)
{
  g_auto(GStrv) parts = NULL;

  if (relative_path == NULL || *relative_path == '\0')
    return FALSE;

  if (g_path_is_absolute (relative_path) || relative_path[0] == '~')
    return FALSE;

  parts = g_strsplit_set (relative_path, "/\\", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_str_equal (parts[i], ".."))
        return FALSE;
    }

  return TRUE;
}

/* Characters a terminal acts on rather than shows: C0 controls and DEL
 * (ESC starts the OSC 52 and OSC 8 sequences, CR rewrites a line), the C1
 * controls (U+009B is CSI) and the bidirectional overrides, which reorder
 * what is shown. */
static gboolean
is_control (gunichar c)
{
  return c < 0x20 || c == 0x7f
         || (c >= 0x80 && c < 0xa0)
         || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
kept_as_is (gunichar           c,
            const char        *next,
            const char        *end,
            PwEscapeFlags      flags)
{
  if (!is_control (c) || c == '\t')
    return TRUE;
  /* A generator escapes controls in strings: those left are whitespace. */
  if (flags & PW_ESCAPE_JSON)
    return c == '\n' || c == '\r';

  return (flags & PW_ESCAPE_KEEP_LINES)
         && (c == '\n' || (c == '\r' && next < end && *next == '\n'));
}

static void
append_escape (GString       *out,
               gunichar       c,
               PwEscapeFlags  flags)
{
  if (flags & PW_ESCAPE_JSON)
    g_string_append_printf (out, "\\u%04x", c);
  else if (c == '\n')
    g_string_append (out, "\\n");
  else if (c == '\r')
    g_string_append (out, "\\r");
  else if (c < 0x80)
    g_string_append_printf (out, "\\x%02x", c);
  else
    g_string_append_printf (out, "\\u%04x", c);
}

/**
 * pw_text_escape_controls:
 * @text: text from a file, a server or a model
 * @length: its length, or -1 if nul-terminated
 * @flags: #PwEscapeFlags
 *
 * Makes untrusted text safe to print on a terminal: every control
 * character (see is_control() above) is shown as an escape such as `\x1b`
 * or `\u009b` instead of acting, and bytes that are not UTF-8 as `\xHH`.
 * Tabs stay; line breaks are escaped unless %PW_ESCAPE_KEEP_LINES, so a
 * name with a newline cannot forge an output line. With %PW_ESCAPE_JSON the
 * text is the output of a JSON generator: controls become `\uXXXX`
 * escapes (valid inside its strings) and bytes that are not UTF-8 become
 * U+FFFD, so the result is valid UTF-8 JSON.
 *
 * Returns: (transfer full): the text to print
 */
char *
pw_text_escape_controls (const char    *text,
                         gssize         length,
                         PwEscapeFlags  flags)
{
  const char *p = text;
  const char *end;
  GString *out;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);
  end = text + length;
  out = g_string_sized_new (length + 1);

  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          if (flags & PW_ESCAPE_JSON)
            g_string_append (out, "\xEF\xBF\xBD");
          else
            g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }

      next = c == 0 ? p + 1 : g_utf8_next_char (p);
      if (kept_as_is (c, next, end, flags))
        g_string_append_len (out, p, next - p);
      else
        append_escape (out, c, flags);
      p = next;
    }

  return g_string_free (out, FALSE);
}

/**
 * pw_text_print_document:
 * @text: a document to print whole (a prompt, a plan)
 * @length: its length, or -1
 *
 * Prints @text on standard output: byte for byte when it goes to a file or
 * a pipe, with its control characters escaped (lines kept) when it goes to
 * a terminal, where they would act.
 */
void
pw_text_print_document (const char *text,
                        gssize      length)
{
  g_return_if_fail (text != NULL || length == 0);

  if (length < 0)
    length = strlen (text);

  if (isatty (STDOUT_FILENO))
    {
      g_autofree char *shown = pw_text_escape_controls (text, length, PW_ESCAPE_KEEP_LINES);

      fputs (shown, stdout);
    }
  else
    {
      fwrite (text, 1, length, stdout);
    }
  fflush (stdout);
}

/**
 * pw_core_ensure_resources:
 *
 * The core's resources (built-in templates) live in a static library; calling
 * this makes the linker keep them, and registers them once.
 */
void
pw_core_ensure_resources (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      /* The generated constructor registers the bundle; touching the getter
       * is what keeps its object file in the final link. */
      g_assert (pw_core_get_resource () != NULL);
      g_once_init_leave (&once, 1);
    }
}

/**
 * pw_title_distinguishing_part:
 * @title: a plan's title
 *
 * Plans of one template share the words before the colon ("API Endpoint
 * Implementation Plan: GET /books"): what follows it is what tells one
 * plan from the others, and what a narrow label should show.
 *
 * Returns: (transfer none): the part of @title after its first ": ", or
 *   @title itself when there is none or nothing follows it
 */
const char *
pw_title_distinguishing_part (const char *title)
{
  const char *colon;

  g_return_val_if_fail (title != NULL, NULL);

  colon = strstr (title, ": ");
  if (colon == NULL)
    return title;
  colon += 2;
  while (g_ascii_isspace (*colon))
    colon++;

  return *colon != '\0' ? colon : title;
}
