/* pw-endpoints.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-endpoints"

#include "config.h"

#include <md4c.h>
#include <string.h>

#include "pw-endpoints.h"
#include "pw-json-build.h"
#include "pw-md-sections.h"

/*
 * Endpoint extraction works in two passes.
 *
 * The first pass walks the document with md4c and turns every "line" it
 * renders (a heading, one line of a paragraph or list item, a table row)
 * into plain text whose bytes remember whether they sat in a code span.
 * Each line that defines a method and a path becomes a candidate of one of
 * four kinds: a heading, a Method/Path field pair, a table row, or a
 * text line (bullets, bare lines, numbered lines).
 *
 * Real specs repeat their endpoints: summary tables in an appendix, workflow
 * lists, "future work" bullets, prose under a table.  The second pass
 * therefore keeps the strong kinds (headings and field pairs, which are how
 * a spec *defines* an endpoint) and at most one weak kind (table rows or text
 * lines): the one that adds the most endpoints the strong kinds lack, and only
 * when it adds more than the strong kinds define.  A spec written as a table
 * keeps its table and drops the prose below it; a spec written with headings
 * drops its appendix table and its post-MVP bullet list.
 */

typedef enum
{
  KIND_HEADING,
  KIND_FIELDS,
  KIND_TABLE,
  KIND_TEXT,
  N_KINDS
} CandidateKind;

/* Entries that are not headings sit below every heading level. */
#define LEVEL_ENTRY 7

typedef struct
{
  CandidateKind  kind;
  char          *method;
  char          *raw_path;
  char          *path;
  char          *title;
  gsize          start;
  guint          level;
} Candidate;

typedef struct
{
  gsize start;
  guint level;
} Boundary;

/* One rendered line: plain text plus, per byte, the code span it sat in. */
typedef struct
{
  GString    *text;
  GByteArray *code;
  gsize       first_offset;
  gboolean    has_offset;
} Line;

typedef struct
{
  gsize     start;
  gboolean  has_start;
  char     *title;
  gboolean  is_entry;
  guint     index;
  guint     n_lines;
} ListItem;

typedef struct
{
  MD_BLOCKTYPE type;
  guint        level;
  guint        n_children;
} Block;

typedef struct
{
  const char *text;
  gsize       length;

  GArray     *blocks;      /* Block */
  GPtrArray  *items;       /* ListItem, innermost last */
  Line        line;
  guint8      code_id;
  guint       code_depth;
  guint       skip_depth;  /* inside code or HTML blocks */

  /* the last heading, real or escaped */
  gsize       heading_start;
  guint       heading_level;
  char       *heading_title;
  gboolean    has_heading;

  /* Method/Path field pairing */
  char       *field_method;
  char       *field_path;

  /* index + 1 of the last candidate while it still lacks a title */
  guint       untitled;

  /* tables */
  GPtrArray  *row;         /* Line* cells of the current row */
  gsize       row_start;
  gboolean    row_has_start;
  gboolean    in_thead;
  int         method_column;
  int         path_column;
  int         title_column;

  GArray     *candidates;  /* Candidate */
  GArray     *boundaries;  /* Boundary */
} Extractor;

static const char * const http_methods[] = {
  "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
};

static const char * const method_field_names[] = {
  "method", "http method", "metoda", "metoda http", "verb",
};

static const char * const description_field_names[] = {
  "description", "opis", "summary", "purpose", "cel",
};

static const char * const path_field_names[] = {
  "path", "url", "endpoint", "route", "ścieżka", "sciezka", "adres", "uri",
};

G_DEFINE_BOXED_TYPE (PwEndpoint, pw_endpoint, pw_endpoint_copy, pw_endpoint_free)

static void
candidate_clear (gpointer data)
{
  Candidate *c = data;

  g_clear_pointer (&c->method, g_free);
  g_clear_pointer (&c->raw_path, g_free);
  g_clear_pointer (&c->path, g_free);
  g_clear_pointer (&c->title, g_free);
}

static void
list_item_free (gpointer data)
{
  ListItem *item = data;

  g_free (item->title);
  g_free (item);
}

static void
line_init (Line *line)
{
  line->text = g_string_new (NULL);
  line->code = g_byte_array_new ();
  line->has_offset = FALSE;
  line->first_offset = 0;
}

static void
line_reset (Line *line)
{
  g_string_truncate (line->text, 0);
  g_byte_array_set_size (line->code, 0);
  line->has_offset = FALSE;
  line->first_offset = 0;
}

static void
line_clear (Line *line)
{
  g_string_free (line->text, TRUE);
  g_byte_array_unref (line->code);
}

static Line *
line_dup (const Line *line)
{
  Line *copy = g_new0 (Line, 1);

  line_init (copy);
  g_string_append_len (copy->text, line->text->str, line->text->len);
  g_byte_array_append (copy->code, line->code->data, line->code->len);
  copy->has_offset = line->has_offset;
  copy->first_offset = line->first_offset;

  return copy;
}

static void
line_free (gpointer data)
{
  Line *line = data;

  line_clear (line);
  g_free (line);
}

static void
line_append (Line       *line,
             const char *text,
             gsize       size,
             guint8      code)
{
  guint8 *fill;

  g_string_append_len (line->text, text, size);
  g_byte_array_set_size (line->code, line->text->len);
  fill = line->code->data + line->code->len - size;
  memset (fill, code, size);
}

static gboolean
is_http_method (const char *word,
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

static gboolean
is_space (char c)
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

static gsize
skip_spaces (const char *s,
             gsize       len,
             gsize       p)
{
  while (p < len && is_space (s[p]))
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
  if ((q >= len || is_space (s[q]))
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
static gsize
skip_leading_marks (const Line *line,
                    gsize       pos)
{
  while (TRUE)
    {
      gsize p = skip_spaces (line->text->str, line->text->len, pos);

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

  pos = skip_spaces (s, len, pos);
  *start = pos;
  while (pos < len && g_ascii_isalpha (s[pos]))
    pos++;
  *end = pos;

  return is_http_method (s + *start, *end - *start);
}

/* The end of the path at @start: a space, the end of its code span, a
 * query string or a fragment. */
static gsize
path_end (const Line *line,
          gsize       start)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  guint8 path_code = line->code->data[start];
  gsize pos = start;

  while (pos < len && line->code->data[pos] == path_code && !is_space (s[pos])
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
  gsize pos = path_end (line, start);

  *end = pos;

  /* The rest of the query string belongs to the path's token too. */
  while (pos < len && code[pos] == path_code && !is_space (s[pos]))
    pos++;
  *stop = pos;

  if (path_code == 0)
    {
      /* Prose punctuation after a bare path is not part of it. */
      while (*end > start + 1 && strchr (".,;:)!'", s[*end - 1]) != NULL)
        (*end)--;
    }
}

static gboolean
all_path_chars (const char *s,
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
static gboolean
match_method_path (const Line  *line,
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
  pos = skip_spaces (s, len, m_end);
  if (pos == m_end && (pos >= len || code[pos] == code[m_end - 1]))
    return FALSE;
  if (pos >= len || s[pos] != '/')
    return FALSE;

  p_start = pos;
  bound_path (line, p_start, &p_end, &stop);
  if (!all_path_chars (s, p_start, p_end))
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
static char *
trailing_title (const Line *line,
                gsize       pos)
{
  const char *s = line->text->str;
  g_autofree char *title = NULL;

  while (pos < line->text->len
         && (is_space (s[pos]) || strchr ("-:|*_", s[pos]) != NULL))
    pos++;
  if (is_long_dash (s, line->text->len, pos))
    pos += 3;

  title = g_strstrip (g_strdup (s + pos));
  if (title[0] == '\0')
    return NULL;

  return g_steal_pointer (&title);
}

static char *
plain_text (const Line *line)
{
  char *text = g_strdup (line->text->str);

  g_strdelimit (text, "\t\r\n", ' ');

  return g_strstrip (text);
}

/* A title is one line of the spec; a long description is cut at a word.
 * The input need not be valid UTF-8, so the title is made valid first:
 * the length arithmetic below and the JSON output both rely on it. */
static char *
clean_title (char *title)
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

static ListItem *
current_item (Extractor *self)
{
  if (self->items->len == 0)
    return NULL;

  return g_ptr_array_index (self->items, self->items->len - 1);
}

/* The list item holding the current one, if any. */
static ListItem *
parent_item (Extractor *self)
{
  if (self->items->len < 2)
    return NULL;

  return g_ptr_array_index (self->items, self->items->len - 2);
}

static void
add_boundary (Extractor *self,
              gsize      start,
              guint      level)
{
  Boundary b = { start, level };

  g_array_append_val (self->boundaries, b);
}

static void
add_candidate (Extractor     *self,
               CandidateKind  kind,
               char          *method,
               char          *raw_path,
               char          *title,
               gsize          start,
               guint          level)
{
  Candidate c = { 0, };

  c.kind = kind;
  c.method = g_ascii_strup (method, -1);
  c.raw_path = raw_path;
  c.path = pw_endpoints_normalize_path (raw_path);
  c.title = clean_title (title);
  c.start = start;
  c.level = level;
  g_array_append_val (self->candidates, c);
  self->untitled = title == NULL ? self->candidates->len : 0;
  g_free (method);
}

static gboolean
name_in (const char        *name,
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

/* Reads "Name: value" from a field line; both halves are returned in lower
 * case and trimmed, the value as an offset into the line. */
static char *
field_name (const Line *line,
            gsize       pos,
            gsize      *value_pos)
{
  const char *s = line->text->str;
  const char *colon;
  g_autofree char *name = NULL;
  char *lower;

  colon = strchr (s + pos, ':');
  if (colon == NULL || colon - (s + pos) > 24)
    return NULL;

  name = g_strstrip (g_strndup (s + pos, colon - (s + pos)));
  g_strdelimit (name, "*_", ' ');
  g_strstrip (name);
  lower = g_utf8_strdown (name, -1);
  *value_pos = colon - s + 1;

  return lower;
}

static void
flush_fields (Extractor *self,
              gsize      line_start)
{
  ListItem *parent = parent_item (self);
  gsize start = line_start;
  guint level = LEVEL_ENTRY;
  char *title = NULL;

  if (self->field_method == NULL || self->field_path == NULL)
    return;

  /* The entry is the item holding the fields, if they are nested under one
   * (`1. **List Flashcards**` / `   - **Method**: GET`), else the heading. */
  if (parent != NULL && parent->has_start && parent->title != NULL)
    {
      start = pw_md_line_start (self->text, parent->start);
      title = g_strdup (parent->title);
    }
  else if (self->has_heading)
    {
      start = self->heading_start;
      level = self->heading_level;
      title = g_strdup (self->heading_title);
    }

  add_candidate (self, KIND_FIELDS,
                 g_steal_pointer (&self->field_method),
                 g_steal_pointer (&self->field_path),
                 title, start, level);
}

/* "Description: …" titles the last entry while it has no title. */
static gboolean
read_description_field (Extractor  *self,
                        const Line *line,
                        gsize       value,
                        gsize       line_start)
{
  const char *s = line->text->str;
  Candidate *c;
  char *title;

  if (self->untitled == 0)
    return FALSE;

  c = &g_array_index (self->candidates, Candidate, self->untitled - 1);
  while (value < line->text->len && (is_space (s[value]) || s[value] == '*' || s[value] == '_'))
    value++;
  title = g_strstrip (g_strdup (s + value));
  if (title[0] != '\0')
    {
      c->title = clean_title (title);
      self->untitled = 0;
    }
  else
    {
      g_free (title);
    }

  return TRUE;
}

/* Takes the method or the path (owned, nullable) a field line gave, and
 * adds the entry once both are known. */
static gboolean
take_field_values (Extractor *self,
                   char      *method,
                   char      *raw_path,
                   gsize      line_start)
{
  if (method != NULL)
    {
      g_free (self->field_method);
      self->field_method = method;
    }
  if (raw_path != NULL)
    {
      g_free (self->field_path);
      self->field_path = raw_path;
    }
  flush_fields (self, line_start);
  return TRUE;
}

/* "Method: GET" */
static gboolean
read_method_field (Extractor  *self,
                   const Line *line,
                   gsize       value,
                   gsize       line_start)
{
  const char *s = line->text->str;
  g_autofree char *method = NULL;
  gsize m_start;

  while (value < line->text->len && (is_space (s[value]) || s[value] == '*'))
    value++;
  m_start = value;
  while (value < line->text->len && g_ascii_isalpha (s[value]))
    value++;
  method = g_ascii_strup (s + m_start, value - m_start);
  if (!is_http_method (method, strlen (method)))
    return FALSE;

  return take_field_values (self, g_steal_pointer (&method), NULL, line_start);
}

/* "Path: /items" or "Endpoint: GET /items" */
static gboolean
read_path_field (Extractor  *self,
                 const Line *line,
                 gsize       value,
                 gsize       line_start)
{
  const char *s = line->text->str;
  char *method = NULL;
  char *raw_path = NULL;
  gsize end;

  value = skip_spaces (s, line->text->len, value);
  /* `Endpoint: GET /path` carries both halves. */
  if (match_method_path (line, value, &method, &raw_path, NULL))
    return take_field_values (self, method, raw_path, line_start);

  if (value >= line->text->len || s[value] != '/')
    return FALSE;
  end = path_end (line, value);
  if (!all_path_chars (s, value, end))
    return FALSE;

  return take_field_values (self, NULL, g_strndup (s + value, end - value), line_start);
}

typedef gboolean (*FieldReader) (Extractor  *self,
                                 const Line *line,
                                 gsize       value,
                                 gsize       line_start);

static const struct
{
  const char * const *names;
  guint               n_names;
  FieldReader         read;
} field_readers[] = {
  { description_field_names, G_N_ELEMENTS (description_field_names), read_description_field },
  { method_field_names, G_N_ELEMENTS (method_field_names), read_method_field },
  { path_field_names, G_N_ELEMENTS (path_field_names), read_path_field },
};

/* A "Name: value" field line of a Method/Path pair or a description. */
static gboolean
try_field (Extractor  *self,
           const Line *line,
           gsize       pos,
           gsize       line_start)
{
  g_autofree char *name = NULL;
  gsize value;

  name = field_name (line, pos, &value);
  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (field_readers); i++)
    {
      if (name_in (name, field_readers[i].names, field_readers[i].n_names))
        return field_readers[i].read (self, line, value, line_start);
    }

  return FALSE;
}

static void
handle_heading (Extractor  *self,
                const Line *line,
                guint       level,
                gsize       start,
                gsize       pos)
{
  char *method = NULL;
  char *raw_path = NULL;
  gsize end;

  add_boundary (self, start, level);

  pos = skip_leading_marks (line, pos);

  self->has_heading = TRUE;
  self->heading_start = start;
  self->heading_level = level;
  g_free (self->heading_title);
  self->heading_title = g_strstrip (g_strdup (line->text->str + pos));
  g_clear_pointer (&self->field_method, g_free);
  g_clear_pointer (&self->field_path, g_free);
  self->untitled = 0;
  if (match_method_path (line, pos, &method, &raw_path, &end))
    add_candidate (self, KIND_HEADING, method, raw_path,
                   trailing_title (line, end), start, level);
}

/* An escaped `\####` heading renders as a paragraph starting with #;
 * handles it as a heading if the line at @pos is one. */
static gboolean
try_escaped_heading (Extractor  *self,
                     const Line *line,
                     gsize       pos,
                     gsize       start)
{
  const char *s = line->text->str;
  gsize len = line->text->len;
  gsize hashes = 0;
  Line rest;

  while (pos + hashes < len && s[pos + hashes] == '#' && line->code->data[pos + hashes] == 0)
    hashes++;
  if (hashes < 1 || hashes > 6 || pos + hashes >= len || !is_space (s[pos + hashes]))
    return FALSE;

  /* The heading's title is the text after the marks. */
  line_init (&rest);
  line_append (&rest, s + pos + hashes, len - pos - hashes, 0);
  memcpy (rest.code->data, line->code->data + pos + hashes, rest.code->len);
  handle_heading (self, &rest, hashes, start, 0);
  line_clear (&rest);
  return TRUE;
}

/* A text line that defines an endpoint at @pos; @item holds the line if
 * @first_line. */
static void
add_text_candidate (Extractor  *self,
                    const Line *line,
                    ListItem   *item,
                    gboolean    first_line,
                    gsize       pos,
                    gsize       start)
{
  ListItem *parent = parent_item (self);
  char *method = NULL;
  char *raw_path = NULL;
  char *title;
  gsize end;

  if (!match_method_path (line, pos, &method, &raw_path, &end))
    return;

  title = trailing_title (line, end);

  /* `- **List doctors**` / `  - `GET /rest/v1/doctors``: the bold item
   * names the entry and starts its section. */
  if (first_line && item->index == 0 && parent != NULL && parent->has_start
      && !parent->is_entry && parent->title != NULL)
    {
      start = pw_md_line_start (self->text, parent->start);
      g_free (title);
      title = g_strdup (parent->title);
    }

  if (first_line)
    {
      item->is_entry = TRUE;
      g_free (item->title);
      item->title = plain_text (line);
    }

  add_candidate (self, KIND_TEXT, method, raw_path, title, start, LEVEL_ENTRY);
}

/* A line of a paragraph or list item. */
static void
handle_text_line (Extractor *self,
                  Line      *line)
{
  ListItem *item = current_item (self);
  gsize start = pw_md_line_start (self->text, line->first_offset);
  gsize pos;
  gboolean first_line = item != NULL && item->n_lines == 0;

  if (item != NULL)
    item->n_lines++;

  pos = skip_spaces (line->text->str, line->text->len, 0);
  if (try_escaped_heading (self, line, pos, start))
    return;

  pos = skip_leading_marks (line, pos);

  if (first_line && item->title == NULL)
    item->title = g_strstrip (g_strdup (line->text->str + pos));

  if (try_field (self, line, pos, start))
    return;

  add_text_candidate (self, line, item, first_line, pos, start);
}

static int
find_column (GPtrArray         *row,
             const char * const *names,
             guint              n_names)
{
  for (guint i = 0; i < row->len; i++)
    {
      g_autofree char *text = plain_text (g_ptr_array_index (row, i));
      g_autofree char *lower = g_utf8_strdown (text, -1);

      if (name_in (lower, names, n_names))
        return i;
    }

  return -1;
}

static void
handle_row (Extractor *self)
{
  static const char * const title_names[] = {
    "description", "opis", "summary", "purpose", "name", "nazwa",
  };
  Line *method_cell;
  Line *path_cell;
  char *method = NULL;
  char *raw_path = NULL;
  char *title = NULL;
  gsize pos;

  if (self->row->len == 0 || !self->row_has_start)
    return;

  if (self->in_thead)
    {
      self->method_column = find_column (self->row, method_field_names,
                                         G_N_ELEMENTS (method_field_names));
      self->path_column = find_column (self->row, path_field_names,
                                       G_N_ELEMENTS (path_field_names));
      self->title_column = find_column (self->row, title_names, G_N_ELEMENTS (title_names));
      return;
    }

  if (self->path_column < 0 || (guint) self->path_column >= self->row->len)
    return;

  path_cell = g_ptr_array_index (self->row, self->path_column);
  pos = skip_leading_marks (path_cell, 0);

  if (self->method_column >= 0 && (guint) self->method_column < self->row->len)
    {
      Line combined;
      gsize m;

      /* Join "GET" and "`/path`" into one line so that one matcher serves. */
      method_cell = g_ptr_array_index (self->row, self->method_column);
      m = skip_leading_marks (method_cell, 0);
      line_init (&combined);
      line_append (&combined, method_cell->text->str + m, method_cell->text->len - m, 0);
      line_append (&combined, " ", 1, 0);
      g_string_append_len (combined.text, path_cell->text->str + pos, path_cell->text->len - pos);
      g_byte_array_append (combined.code, path_cell->code->data + pos, path_cell->text->len - pos);
      if (!match_method_path (&combined, 0, &method, &raw_path, NULL))
        {
          line_clear (&combined);
          return;
        }
      line_clear (&combined);
    }
  else if (!match_method_path (path_cell, pos, &method, &raw_path, NULL))
    {
      return;
    }

  if (self->title_column >= 0 && (guint) self->title_column < self->row->len)
    {
      title = plain_text (g_ptr_array_index (self->row, self->title_column));
      if (title[0] == '\0')
        g_clear_pointer (&title, g_free);
    }

  add_candidate (self, KIND_TABLE, method, raw_path, title,
                 pw_md_line_start (self->text, self->row_start), LEVEL_ENTRY);
}

static MD_BLOCKTYPE
innermost_container (Extractor *self,
                     guint     *level)
{
  for (guint i = self->blocks->len; i > 0; i--)
    {
      Block *b = &g_array_index (self->blocks, Block, i - 1);

      switch (b->type)
        {
        case MD_BLOCK_H:
          *level = b->level;
          return b->type;
        case MD_BLOCK_P:
        case MD_BLOCK_LI:
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
        case MD_BLOCK_CODE:
        case MD_BLOCK_HTML:
          return b->type;
        case MD_BLOCK_DOC:
        case MD_BLOCK_QUOTE:
        case MD_BLOCK_UL:
        case MD_BLOCK_OL:
        case MD_BLOCK_HR:
        case MD_BLOCK_TABLE:
        case MD_BLOCK_THEAD:
        case MD_BLOCK_TBODY:
        case MD_BLOCK_TR:
        default:
          break;
        }
    }

  return MD_BLOCK_DOC;
}

static void
flush_line (Extractor *self)
{
  MD_BLOCKTYPE container;
  guint level = 0;

  if (self->line.text->len == 0 || !self->line.has_offset)
    {
      line_reset (&self->line);
      return;
    }

  container = innermost_container (self, &level);
  switch (container)
    {
    case MD_BLOCK_H:
      handle_heading (self, &self->line, level,
                      pw_md_line_start (self->text, self->line.first_offset), 0);
      break;
    case MD_BLOCK_P:
    case MD_BLOCK_LI:
      handle_text_line (self, &self->line);
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      /* A cell is a single line; its text is kept until the row ends. */
      if (!self->row_has_start)
        {
          self->row_start = self->line.first_offset;
          self->row_has_start = TRUE;
        }
      g_ptr_array_add (self->row, line_dup (&self->line));
      break;
    case MD_BLOCK_DOC:
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
    case MD_BLOCK_HR:
    case MD_BLOCK_CODE:
    case MD_BLOCK_HTML:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TR:
    default:
      break;
    }

  line_reset (&self->line);
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Extractor *self = user_data;
  Block block = { type, 0, 0 };

  flush_line (self);

  if (self->blocks->len > 0)
    g_array_index (self->blocks, Block, self->blocks->len - 1).n_children++;

  switch (type)
    {
    case MD_BLOCK_H:
      block.level = ((MD_BLOCK_H_DETAIL *) detail)->level;
      break;
    case MD_BLOCK_LI:
      {
        ListItem *item = g_new0 (ListItem, 1);

        /* The list is the parent block; its child count is our index. */
        if (self->blocks->len > 0)
          item->index = g_array_index (self->blocks, Block, self->blocks->len - 1).n_children - 1;
        g_ptr_array_add (self->items, item);
      }
      break;
    case MD_BLOCK_CODE:
    case MD_BLOCK_HTML:
      self->skip_depth++;
      break;
    case MD_BLOCK_THEAD:
      self->in_thead = TRUE;
      break;
    case MD_BLOCK_TABLE:
      self->method_column = -1;
      self->path_column = -1;
      self->title_column = -1;
      break;
    case MD_BLOCK_TR:
      g_ptr_array_set_size (self->row, 0);
      self->row_has_start = FALSE;
      break;
    case MD_BLOCK_DOC:
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
    case MD_BLOCK_HR:
    case MD_BLOCK_P:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
    default:
      break;
    }

  g_array_append_val (self->blocks, block);

  return 0;
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Extractor *self = user_data;

  flush_line (self);

  switch (type)
    {
    case MD_BLOCK_LI:
      if (self->items->len > 0)
        g_ptr_array_set_size (self->items, self->items->len - 1);
      break;
    case MD_BLOCK_CODE:
    case MD_BLOCK_HTML:
      if (self->skip_depth > 0)
        self->skip_depth--;
      break;
    case MD_BLOCK_THEAD:
      self->in_thead = FALSE;
      break;
    case MD_BLOCK_TR:
      handle_row (self);
      g_ptr_array_set_size (self->row, 0);
      self->row_has_start = FALSE;
      break;
    case MD_BLOCK_DOC:
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
    case MD_BLOCK_HR:
    case MD_BLOCK_H:
    case MD_BLOCK_P:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
    default:
      break;
    }

  if (self->blocks->len > 0)
    g_array_set_size (self->blocks, self->blocks->len - 1);

  return 0;
}

static int
enter_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Extractor *self = user_data;

  if (type == MD_SPAN_CODE)
    {
      /* Ids cycle through 1..255; neighbouring spans always differ. */
      self->code_id = self->code_id == 255 ? 1 : self->code_id + 1;
      self->code_depth++;
    }

  return 0;
}

static int
leave_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Extractor *self = user_data;

  if (type == MD_SPAN_CODE && self->code_depth > 0)
    self->code_depth--;

  return 0;
}

static int
text_cb (MD_TEXTTYPE    type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  Extractor *self = user_data;
  guint8 code = self->code_depth > 0 ? self->code_id : 0;
  gboolean in_buffer = text >= self->text && text + size <= self->text + self->length;

  if (self->skip_depth > 0)
    return 0;

  if (in_buffer && !self->line.has_offset && size > 0)
    {
      self->line.first_offset = text - self->text;
      self->line.has_offset = TRUE;

      /* The first text of a list item fixes where the item starts. */
      for (guint i = 0; i < self->items->len; i++)
        {
          ListItem *item = g_ptr_array_index (self->items, i);

          if (!item->has_start)
            {
              item->start = self->line.first_offset;
              item->has_start = TRUE;
            }
        }
    }

  switch (type)
    {
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      flush_line (self);
      break;
    case MD_TEXT_NULLCHAR:
      line_append (&self->line, "\xEF\xBF\xBD", 3, code);
      break;
    case MD_TEXT_ENTITY:
      {
        const char *value = pw_md_decode_entity (text, size);

        line_append (&self->line, value, strlen (value), code);
      }
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
    default:
      line_append (&self->line, text, size, code);
      break;
    }

  return 0;
}

static void
extractor_init (Extractor  *self,
                const char *text,
                gsize       length)
{
  memset (self, 0, sizeof *self);
  self->text = text;
  self->length = length;
  self->blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  self->items = g_ptr_array_new_with_free_func (list_item_free);
  self->row = g_ptr_array_new_with_free_func (line_free);
  self->candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (self->candidates, candidate_clear);
  self->boundaries = g_array_new (FALSE, FALSE, sizeof (Boundary));
  self->method_column = -1;
  self->path_column = -1;
  self->title_column = -1;
  line_init (&self->line);
}

static void
extractor_clear (Extractor *self)
{
  g_array_unref (self->blocks);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->row);
  g_array_unref (self->candidates);
  g_array_unref (self->boundaries);
  g_free (self->heading_title);
  g_free (self->field_method);
  g_free (self->field_path);
  line_clear (&self->line);
}

static char *
candidate_key (const Candidate *c)
{
  return g_strconcat (c->method, " ", c->path, NULL);
}

/* Picks the kinds to keep; see the comment at the top of the file. */
static void
choose_kinds (Extractor *self,
              gboolean   accept[N_KINDS])
{
  g_autoptr(GHashTable) strong = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) table_new = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) text_new = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_table, n_text, n_strong;

  for (guint i = 0; i < self->candidates->len; i++)
    {
      Candidate *c = &g_array_index (self->candidates, Candidate, i);

      if (c->kind == KIND_HEADING || c->kind == KIND_FIELDS)
        g_hash_table_add (strong, candidate_key (c));
    }

  for (guint i = 0; i < self->candidates->len; i++)
    {
      Candidate *c = &g_array_index (self->candidates, Candidate, i);
      char *key;

      if (c->kind != KIND_TABLE && c->kind != KIND_TEXT)
        continue;

      key = candidate_key (c);
      if (g_hash_table_contains (strong, key))
        g_free (key);
      else
        g_hash_table_add (c->kind == KIND_TABLE ? table_new : text_new, key);
    }

  n_strong = g_hash_table_size (strong);
  n_table = g_hash_table_size (table_new);
  n_text = g_hash_table_size (text_new);

  accept[KIND_HEADING] = TRUE;
  accept[KIND_FIELDS] = TRUE;
  accept[KIND_TABLE] = n_table >= n_text && n_table > n_strong;
  accept[KIND_TEXT] = n_text > n_table && n_text > n_strong;
}

static PwEndpoint *
endpoint_from_candidate (Candidate  *c,
                         const char *file)
{
  PwEndpoint *endpoint = g_new0 (PwEndpoint, 1);

  endpoint->method = g_steal_pointer (&c->method);
  endpoint->path = g_steal_pointer (&c->path);
  endpoint->raw_path = g_steal_pointer (&c->raw_path);
  endpoint->title = g_steal_pointer (&c->title);
  endpoint->file = g_strdup (file);
  endpoint->section_start = c->start;

  return endpoint;
}

/* Counts the line breaks in @text[0, @offset): LF, CRLF or a lone CR. */
static guint
count_breaks (const char *text,
              gsize       offset,
              gsize       length)
{
  guint breaks = 0;

  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= length || text[i + 1] != '\n')))
        breaks++;
    }

  return breaks;
}

/* Sections run to the next heading or kept entry of the same or a higher
 * level (a smaller level number).  Boundaries are sorted by start, and for
 * each level a table gives the first boundary at or after an index with at
 * most that level, so that each lookup is a binary search. */
typedef struct
{
  GArray *bounds;                   /* Boundary, sorted, one per start */
  guint  *next_le[LEVEL_ENTRY + 1]; /* [level][index] */
  gsize   length;
} SectionIndex;

static int
compare_boundaries (gconstpointer a,
                    gconstpointer b)
{
  const Boundary *x = a;
  const Boundary *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;

  return (int) x->level - (int) y->level;
}

static void
section_index_init (SectionIndex *index,
                    GArray       *bounds,
                    gsize         length)
{
  guint n;

  g_array_sort (bounds, compare_boundaries);

  /* Keep the highest level per start; the sort put it first. */
  index->bounds = g_array_new (FALSE, FALSE, sizeof (Boundary));
  for (guint i = 0; i < bounds->len; i++)
    {
      Boundary *b = &g_array_index (bounds, Boundary, i);

      if (index->bounds->len == 0
          || g_array_index (index->bounds, Boundary, index->bounds->len - 1).start != b->start)
        g_array_append_val (index->bounds, *b);
    }

  n = index->bounds->len;
  for (guint level = 1; level <= LEVEL_ENTRY; level++)
    {
      guint *next = g_new (guint, n + 1);

      next[n] = n;
      for (guint i = n; i > 0; i--)
        next[i - 1] = g_array_index (index->bounds, Boundary, i - 1).level <= level ? i - 1 : next[i];
      index->next_le[level] = next;
    }
  index->next_le[0] = NULL;
  index->length = length;
}

static void
section_index_clear (SectionIndex *index)
{
  for (guint level = 1; level <= LEVEL_ENTRY; level++)
    g_free (index->next_le[level]);
  g_array_unref (index->bounds);
}

static gsize
section_end (SectionIndex *index,
             gsize         start,
             guint         level)
{
  guint lo = 0;
  guint hi = index->bounds->len;
  guint next;

  /* The first boundary that starts after @start. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (index->bounds, Boundary, mid).start <= start)
        lo = mid + 1;
      else
        hi = mid;
    }

  level = CLAMP (level, 1, LEVEL_ENTRY);
  next = index->next_le[level][lo];
  if (next >= index->bounds->len)
    return index->length;

  return g_array_index (index->bounds, Boundary, next).start;
}

/**
 * pw_endpoints_extract:
 * @text: (array length=length): the API plan, UTF-8, optionally with a BOM
 * @length: the length of @text in bytes
 * @file: (nullable): the name to record as each endpoint's file
 *
 * Finds the endpoints an API plan defines, in the order it defines them,
 * one per method and normalised path.  Mentions in prose, examples, appendix
 * summaries and "future work" lists are left out.  Offsets and lines refer
 * to @text as given, BOM included.
 *
 * Returns: (transfer container) (element-type PwEndpoint): the endpoints;
 *   never %NULL
 */
GPtrArray *
pw_endpoints_extract (const char *text,
                      gsize       length,
                      const char *file)
{
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_endpoint_free);
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GArray) kept_starts = NULL;
  SectionIndex sections;
  Extractor self;
  MD_PARSER parser = { 0, };
  gboolean accept[N_KINDS];
  gsize skip = 0;
  guint line = 1;
  gsize line_offset = 0;

  if (text == NULL || length == 0)
    return g_steal_pointer (&endpoints);

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    skip = 3;

  parser.abi_version = 0;
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  parser.enter_block = enter_block_cb;
  parser.leave_block = leave_block_cb;
  parser.enter_span = enter_span_cb;
  parser.leave_span = leave_span_cb;
  parser.text = text_cb;

  extractor_init (&self, text, length);
  md_parse (text + skip, length - skip, &parser, &self);

  choose_kinds (&self, accept);

  /* Kept entries bound each other's sections, as headings do. */
  kept_starts = g_array_copy (self.boundaries);
  for (guint i = 0; i < self.candidates->len; i++)
    {
      Candidate *c = &g_array_index (self.candidates, Candidate, i);
      Boundary b = { c->start, c->level };

      if (accept[c->kind])
        g_array_append_val (kept_starts, b);
    }

  section_index_init (&sections, kept_starts, length);

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < self.candidates->len; i++)
    {
      Candidate *c = &g_array_index (self.candidates, Candidate, i);
      PwEndpoint *endpoint;
      char *key;

      if (!accept[c->kind])
        continue;

      key = candidate_key (c);
      if (!g_hash_table_add (seen, key))
        continue;

      endpoint = endpoint_from_candidate (c, file);
      endpoint->section_end = section_end (&sections, c->start, c->level);

      /* Candidates mostly come in document order, so lines are counted
       * incrementally; an entry anchored further back recounts. */
      if (endpoint->section_start < line_offset)
        {
          line = 1;
          line_offset = 0;
        }
      line += count_breaks (text + line_offset, endpoint->section_start - line_offset,
                            length - line_offset);
      line_offset = endpoint->section_start;
      endpoint->line = line;

      g_ptr_array_add (endpoints, endpoint);
    }

  section_index_clear (&sections);
  extractor_clear (&self);

  return g_steal_pointer (&endpoints);
}

/**
 * pw_endpoint_copy:
 * @self: an endpoint
 *
 * Returns: (transfer full): a deep copy of @self
 */
PwEndpoint *
pw_endpoint_copy (const PwEndpoint *self)
{
  PwEndpoint *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (PwEndpoint, 1);
  copy->method = g_strdup (self->method);
  copy->path = g_strdup (self->path);
  copy->raw_path = g_strdup (self->raw_path);
  copy->title = g_strdup (self->title);
  copy->file = g_strdup (self->file);
  copy->line = self->line;
  copy->section_start = self->section_start;
  copy->section_end = self->section_end;
  copy->operation_id = g_strdup (self->operation_id);
  copy->summary = g_strdup (self->summary);
  copy->group = g_strdup (self->group);
  copy->section_text = g_strdup (self->section_text);

  return copy;
}

/**
 * pw_endpoint_free:
 * @self: (nullable): an endpoint
 */
void
pw_endpoint_free (PwEndpoint *self)
{
  if (self == NULL)
    return;

  g_free (self->method);
  g_free (self->path);
  g_free (self->raw_path);
  g_free (self->title);
  g_free (self->file);
  g_free (self->operation_id);
  g_free (self->summary);
  g_free (self->group);
  g_free (self->section_text);
  g_free (self);
}

/**
 * pw_endpoint_dup_key:
 * @self: an endpoint
 *
 * Returns: (transfer full): "METHOD /path", e.g. "GET /api/books/{id}"
 */
char *
pw_endpoint_dup_key (const PwEndpoint *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strconcat (self->method, " ", self->path, NULL);
}

/**
 * pw_endpoints_split_key:
 * @key: "METHOD /path", perhaps with spaces around
 * @path: (out): where the path starts in @key
 *
 * Returns: (transfer full) (nullable): the method in upper case, or %NULL
 *   if @key is not a word, spaces and a path starting with "/"
 */
char *
pw_endpoints_split_key (const char  *key,
                        const char **path)
{
  const char *p = key;
  const char *space;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  while (g_ascii_isspace (*p))
    p++;
  space = p;
  while (*space != '\0' && !g_ascii_isspace (*space))
    space++;
  if (*space == '\0' || space == p)
    return NULL;

  *path = space;
  while (g_ascii_isspace (**path))
    (*path)++;
  if (**path != '/')
    return NULL;

  return g_ascii_strup (p, space - p);
}

/**
 * pw_endpoints_find:
 * @endpoints: (element-type PwEndpoint): endpoints from pw_endpoints_extract()
 * @spec: "METHOD /path"; the method is case-insensitive and the path may
 *   use `:name` or `{name}` parameters and carry a query string
 *
 * Returns: (transfer none) (nullable): the matching endpoint, or %NULL
 */
PwEndpoint *
pw_endpoints_find (GPtrArray  *endpoints,
                   const char *spec)
{
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  const char *raw_path;

  g_return_val_if_fail (endpoints != NULL, NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  method = pw_endpoints_split_key (spec, &raw_path);
  if (method == NULL)
    return NULL;

  path = pw_endpoints_normalize_path (raw_path);
  g_strchomp (path);

  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      if (g_str_equal (endpoint->method, method) && g_str_equal (endpoint->path, path))
        return endpoint;
    }

  return NULL;
}

/**
 * pw_endpoints_to_json:
 * @endpoints: (element-type PwEndpoint): endpoints
 *
 * Returns: (transfer full): an array of objects with the members method,
 *   path, raw_path, title, file, line, section_start, section_end,
 *   operation_id, summary, group and section_text
 */
JsonNode *
pw_endpoints_to_json (GPtrArray *endpoints)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (endpoints != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      json_builder_begin_object (builder);
      pw_json_build_string (builder, "method", endpoint->method);
      pw_json_build_string (builder, "path", endpoint->path);
      pw_json_build_string (builder, "raw_path", endpoint->raw_path);
      pw_json_build_string (builder, "title", endpoint->title);
      pw_json_build_string (builder, "file", endpoint->file);
      pw_json_build_int (builder, "line", endpoint->line);
      pw_json_build_int (builder, "section_start", endpoint->section_start);
      pw_json_build_int (builder, "section_end", endpoint->section_end);
      pw_json_build_string (builder, "operation_id", endpoint->operation_id);
      pw_json_build_string (builder, "summary", endpoint->summary);
      pw_json_build_string (builder, "group", endpoint->group);
      pw_json_build_string (builder, "section_text", endpoint->section_text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}
