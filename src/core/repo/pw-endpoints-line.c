/* pw-endpoints-line.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-endpoints"

#include "config.h"

#include <string.h>

#include "pw-endpoints.h"
#include "pw-endpoints-private.h"

/*
 * Reading one rendered line of an API plan: the plain text md4c gives,
 * with each byte marked by the code span it sat in.  Here are the marks
 * a line may start with (bullets, dashes, numbering), the "METHOD /path"
 * matcher and the title after it, and path normalisation.
 */

static const char * const http_methods[] = {
  "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
};

void
pw_line_init (Line *line)
{
  line->text = g_string_new (NULL);
  line->code = g_byte_array_new ();
  line->has_offset = FALSE;
  line->first_offset = 0;
}

void
pw_line_reset (Line *line)
{
  g_string_truncate (line->text, 0);
  g_byte_array_set_size (line->code, 0);
  line->has_offset = FALSE;
  line->first_offset = 0;
}

void
pw_line_clear (Line *line)
{
  g_string_free (line->text, TRUE);
  g_byte_array_unref (line->code);
}

Line *
pw_line_dup (const Line *line)
{
  Line *copy = g_new0 (Line, 1);

  pw_line_init (copy);
  g_string_append_len (copy->text, line->text->str, line->text->len);
  g_byte_array_append (copy->code, line->code->data, line->code->len);
  copy->has_offset = line->has_offset;
  copy->first_offset = line->first_offset;

  return copy;
}

void
pw_line_free (gpointer data)
{
  Line *line = data;

  pw_line_clear (line);
  g_free (line);
}

void
pw_line_append (Line       *line,
                const char *text,
                gsize       size,
                guint8      code)
{
  guint8 *fill;

  /* An empty array has no data to offset, even by zero. */
  if (size == 0)
    return;

  g_string_append_len (line->text, text, size);
  g_byte_array_set_size (line->code, line->text->len);
  fill = line->code->data + line->code->len - size;
  memset (fill, code, size);
}

gboolean
pw_line_is_http_method (const char *word,
                        gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (http_methods); i++)
    {
      if (strlen (http_methods[i]) == len && strncmp (http_methods[i], word, len) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_path_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("/-._~{}:@$+=!*,;'()%&", c) != NULL;
}

gboolean
pw_line_is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whether an en dash or an em dash (three bytes of UTF-8) starts at @p. */
static gboolean
is_long_dash (const char *s,
              gsize       len,
              gsize       p)
{
  return p + 2 < len && (guchar) s[p] == 0xE2 && (guchar) s[p + 1] == 0x80
         && ((guchar) s[p + 2] == 0x93 || (guchar) s[p + 2] == 0x94);
}

gsize
pw_line_skip_spaces (const char *s,
                     gsize       len,
                     gsize       p)
{
  while (p < len && pw_line_is_space (s[p]))
    p++;

  return p;
}

static gboolean
is_bullet_mark (const Line *line,
                gsize       p)
{
  return p < line->text->len && line->code->data[p] == 0
         && strchr ("-*+_>", line->text->str[p]) != NULL;
}

/* Skips numbering such as "1)", "2." or "2.1.1" followed by a space or the
 * end of the line; returns @p if there is none. */
static gsize
skip_numbering (const Line *line,
                gsize       p)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  gsize q = p;

  if (p >= len || line->code->data[p] != 0 || !g_ascii_isdigit (s[p]))
    return p;

  while (q < len && (g_ascii_isdigit (s[q]) || s[q] == '.'))
    q++;
  if (q < len && s[q] == ')')
    q++;
  if ((q >= len || pw_line_is_space (s[q]))
      && (s[q - 1] == '.' || s[q - 1] == ')' || memchr (s + p, '.', q - p) != NULL))
    return q;

  return p;
}

/* Skips one run of marks at @p: bullets or emphasis, a long dash, or
 * numbering; returns @p if there is none. */
static gsize
skip_mark (const Line *line,
           gsize       p)
{
  if (is_bullet_mark (line, p))
    {
      while (is_bullet_mark (line, p))
        p++;
      return p;
    }
  if (p < line->text->len && line->code->data[p] == 0
      && is_long_dash (line->text->str, line->text->len, p))
    return p + 3;

  return skip_numbering (line, p);
}

/* Skips bullets, dashes, numbering ("1)", "2.1.1") and stray emphasis marks
 * that an escaped or half-rendered line keeps in front of its content. */
gsize
pw_line_skip_leading_marks (const Line *line,
                            gsize       pos)
{
  while (TRUE)
    {
      gsize p = pw_line_skip_spaces (line->text->str, line->text->len, pos);

      pos = skip_mark (line, p);
      if (pos == p)
        return pos;
    }
}

/* Matches an HTTP method at @pos, after spaces; *@start and *@end bound it. */
static gboolean
match_method (const Line *line,
              gsize       pos,
              gsize      *start,
              gsize      *end)
{
  const char *s = line->text->str;
  gsize len = line->text->len;

  pos = pw_line_skip_spaces (s, len, pos);
  *start = pos;
  while (pos < len && g_ascii_isalpha (s[pos]))
    pos++;
  *end = pos;

  return pw_line_is_http_method (s + *start, *end - *start);
}

/* The end of the path at @start: a space, the end of its code span, a
 * query string or a fragment. */
gsize
pw_line_path_end (const Line *line,
                  gsize       start)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  guint8 path_code = line->code->data[start];
  gsize pos = start;

  while (pos < len && line->code->data[pos] == path_code && !pw_line_is_space (s[pos])
         && s[pos] != '?' && s[pos] != '#')
    pos++;

  return pos;
}

/* Bounds the path that starts at @start: *@end before a space, the end of
 * its code span, a query string or a fragment (or, outside code, prose
 * punctuation); *@stop after the whole token with its query string. */
static void
bound_path (const Line *line,
            gsize       start,
            gsize      *end,
            gsize      *stop)
{
  const char *s = line->text->str;
  const guint8 *code = line->code->data;
  gsize len = line->text->len;
  guint8 path_code = code[start];
  gsize pos = pw_line_path_end (line, start);

  *end = pos;

  /* The rest of the query string belongs to the path's token too. */
  while (pos < len && code[pos] == path_code && !pw_line_is_space (s[pos]))
    pos++;
  *stop = pos;

  if (path_code == 0)
    {
      /* Prose punctuation after a bare path is not part of it. */
      while (*end > start + 1 && strchr (".,;:)!'", s[*end - 1]) != NULL)
        (*end)--;
    }
}

gboolean
pw_line_all_path_chars (const char *s,
                        gsize       start,
                        gsize       end)
{
  for (gsize i = start; i < end; i++)
    {
      if (!is_path_char (s[i]))
        return FALSE;
    }

  return TRUE;
}

/* Matches "METHOD /path" at @pos, where the method and the path may sit in
 * the same code span, in separate ones, or in none.  The path stops at a
 * space, at the end of its code span, or at a query string or fragment. */
gboolean
pw_line_match_method_path (const Line  *line,
                           gsize        pos,
                           char       **method,
                           char       **raw_path,
                           gsize       *end)
{
  const char *s = line->text->str;
  const guint8 *code = line->code->data;
  gsize len = line->text->len;
  gsize m_start, m_end, p_start, p_end, stop;

  if (!match_method (line, pos, &m_start, &m_end))
    return FALSE;

  /* The method and the path are apart, by a space or by a code span's end. */
  pos = pw_line_skip_spaces (s, len, m_end);
  if (pos == m_end && (pos >= len || code[pos] == code[m_end - 1]))
    return FALSE;
  if (pos >= len || s[pos] != '/')
    return FALSE;

  p_start = pos;
  bound_path (line, p_start, &p_end, &stop);
  if (!pw_line_all_path_chars (s, p_start, p_end))
    return FALSE;

  if (method != NULL)
    *method = g_strndup (s + m_start, m_end - m_start);
  if (raw_path != NULL)
    *raw_path = g_strndup (s + p_start, p_end - p_start);
  if (end != NULL)
    *end = stop;

  return TRUE;
}

/* The text after an entry's method and path, as its title. */
char *
pw_line_trailing_title (const Line *line,
                        gsize       pos)
{
  const char *s = line->text->str;
  g_autofree char *title = NULL;

  while (pos < line->text->len
         && (pw_line_is_space (s[pos]) || strchr ("-:|*_", s[pos]) != NULL))
    pos++;
  if (is_long_dash (s, line->text->len, pos))
    pos += 3;

  title = g_strstrip (g_strdup (s + pos));
  if (title[0] == '\0')
    return NULL;

  return g_steal_pointer (&title);
}

char *
pw_line_plain_text (const Line *line)
{
  char *text = g_strdup (line->text->str);

  g_strdelimit (text, "\t\r\n", ' ');

  return g_strstrip (text);
}

/* A title is one line of the spec; a long description is cut at a word.
 * The input need not be valid UTF-8, so the title is made valid first:
 * the length arithmetic below and the JSON output both rely on it. */
char *
pw_line_clean_title (char *title)
{
  const char *cut;
  GString *shorter;

  if (title == NULL)
    return NULL;

  if (!g_utf8_validate (title, -1, NULL))
    {
      char *valid = g_utf8_make_valid (title, -1);

      g_free (title);
      title = valid;
    }

  if (g_utf8_strlen (title, -1) <= 120)
    return title;

  cut = g_utf8_offset_to_pointer (title, 120);
  while (cut > title && *cut != ' ')
    cut--;
  if (cut == title)
    cut = g_utf8_offset_to_pointer (title, 120);

  shorter = g_string_new_len (title, cut - title);
  g_string_append (shorter, "…");
  g_free (title);

  return g_string_free (shorter, FALSE);
}

/**
 * pw_endpoints_normalize_path:
 * @raw_path: a path as a spec writes it
 *
 * Drops the query string and fragment and rewrites Express-style `:name`
 * parameters to `{name}`.  A colon inside a segment, as in
 * `/report-links:generate`, is a literal suffix and stays.
 *
 * Returns: (transfer full): the normalised path
 */
char *
pw_endpoints_normalize_path (const char *raw_path)
{
  GString *path;
  const char *p;

  g_return_val_if_fail (raw_path != NULL, NULL);

  path = g_string_new (NULL);
  for (p = raw_path; *p != '\0' && *p != '?' && *p != '#'; p++)
    {
      gboolean segment_start = (p == raw_path || p[-1] == '/');

      if (*p == ':' && segment_start && (g_ascii_isalpha (p[1]) || p[1] == '_'))
        {
          const char *name = p + 1;
          const char *q = name;

          while (g_ascii_isalnum (*q) || *q == '_')
            q++;
          g_string_append_c (path, '{');
          g_string_append_len (path, name, q - name);
          g_string_append_c (path, '}');
          p = q - 1;
        }
      else
        {
          g_string_append_c (path, *p);
        }
    }

  return g_string_free (path, FALSE);
}


gboolean
pw_line_name_in (const char        *name,
                 const char * const *names,
                 guint              n_names)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (name, names[i]))
        return TRUE;
    }

  return FALSE;
}
