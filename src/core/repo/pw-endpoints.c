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
#include "pw-endpoints-private.h"
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
 * The second pass (pw-endpoints-select.c) picks the entries that define
 * endpoints and bounds their sections.
 */

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
  GArray     *tables;      /* TableInfo */
  GArray     *contexts;    /* Candidate of KIND_CONTEXT */
  gboolean    in_table;
} Extractor;

static const char * const method_field_names[] = {
  "method", "http method", "metoda", "metoda http", "verb",
};

static const char * const description_field_names[] = {
  "description", "opis", "summary", "purpose", "cel",
};

static const char * const path_field_names[] = {
  "path", "url", "endpoint", "route", "ścieżka", "sciezka", "adres", "uri", "trasa",
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
  c.title = pw_line_clean_title (title);
  c.start = start;
  c.level = level;
  c.table = self->in_table ? self->tables->len : 0;
  g_array_append_val (kind == KIND_CONTEXT ? self->contexts : self->candidates, c);
  if (kind != KIND_CONTEXT)
    self->untitled = title == NULL ? self->candidates->len : 0;
  g_free (method);
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
  while (value < line->text->len
         && (pw_line_is_space (s[value]) || s[value] == '*' || s[value] == '_'))
    value++;
  title = g_strstrip (g_strdup (s + value));
  if (title[0] != '\0')
    {
      c->title = pw_line_clean_title (title);
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

  while (value < line->text->len && (pw_line_is_space (s[value]) || s[value] == '*'))
    value++;
  m_start = value;
  while (value < line->text->len && g_ascii_isalpha (s[value]))
    value++;
  method = g_ascii_strup (s + m_start, value - m_start);
  if (!pw_line_is_http_method (method, strlen (method)))
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

  value = pw_line_skip_spaces (s, line->text->len, value);
  /* `Endpoint: GET /path` carries both halves. */
  if (pw_line_match_method_path (line, value, &method, &raw_path, NULL))
    return take_field_values (self, method, raw_path, line_start);

  if (value >= line->text->len || s[value] != '/')
    return FALSE;
  end = pw_line_path_end (line, value);
  if (!pw_line_all_path_chars (s, value, end))
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
      if (pw_line_name_in (name, field_readers[i].names, field_readers[i].n_names))
        return field_readers[i].read (self, line, value, line_start);
    }

  return FALSE;
}

/* A heading that names an endpoint after other words, as in "Query Params
 * (`GET /recipes`)" or "Response (`GET /x`)", defines none: it details one
 * the spec defines elsewhere. */
static void
find_context (Extractor  *self,
              const Line *line,
              gsize       pos,
              gsize       start,
              guint       level)
{
  const char *s = line->text->str;
  char *method = NULL;
  char *raw_path = NULL;

  for (gsize p = pos + 1; p < line->text->len; p++)
    {
      if (g_ascii_isalpha (s[p - 1]) || !g_ascii_isupper (s[p]))
        continue;
      if (pw_line_match_method_path (line, p, &method, &raw_path, NULL))
        {
          add_candidate (self, KIND_CONTEXT, method, raw_path, NULL, start, level);
          return;
        }
    }
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

  pos = pw_line_skip_leading_marks (line, pos);

  self->has_heading = TRUE;
  self->heading_start = start;
  self->heading_level = level;
  g_free (self->heading_title);
  self->heading_title = g_strstrip (g_strdup (line->text->str + pos));
  g_clear_pointer (&self->field_method, g_free);
  g_clear_pointer (&self->field_path, g_free);
  self->untitled = 0;
  if (pw_line_match_method_path (line, pos, &method, &raw_path, &end))
    add_candidate (self, KIND_HEADING, method, raw_path,
                   pw_line_trailing_title (line, end), start, level);
  else
    find_context (self, line, pos, start, level);
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
  if (hashes < 1 || hashes > 6 || pos + hashes >= len || !pw_line_is_space (s[pos + hashes]))
    return FALSE;

  /* The heading's title is the text after the marks. */
  pw_line_init (&rest);
  pw_line_append (&rest, s + pos + hashes, len - pos - hashes, 0);
  memcpy (rest.code->data, line->code->data + pos + hashes, rest.code->len);
  handle_heading (self, &rest, hashes, start, 0);
  pw_line_clear (&rest);
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

  if (!pw_line_match_method_path (line, pos, &method, &raw_path, &end))
    return;

  title = pw_line_trailing_title (line, end);

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
      item->title = pw_line_plain_text (line);
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

  pos = pw_line_skip_spaces (line->text->str, line->text->len, 0);
  if (try_escaped_heading (self, line, pos, start))
    return;

  pos = pw_line_skip_leading_marks (line, pos);

  if (first_line && item->title == NULL)
    item->title = g_strstrip (g_strdup (line->text->str + pos));

  if (try_field (self, line, pos, start))
    return;

  add_text_candidate (self, line, item, first_line, pos, start);
}

/* Whether a word of @lower is one of @names: "Endpoint URL", "Path (relative)". */
static gboolean
has_name_word (const char         *lower,
               const char * const *names,
               guint               n_names)
{
  g_autofree char *copy = g_strdup (lower);
  g_auto(GStrv) words = NULL;

  for (char *p = copy; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && (guchar) *p < 0x80)
        *p = ' ';
    }

  words = g_strsplit (copy, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] != '\0' && pw_line_name_in (words[i], names, n_names))
        return TRUE;
    }

  return FALSE;
}

/* The column whose header is one of @names, else the first whose header
 * has one of them as a word. */
static int
find_column (GPtrArray         *row,
             const char * const *names,
             guint              n_names)
{
  int by_word = -1;

  for (guint i = 0; i < row->len; i++)
    {
      g_autofree char *text = pw_line_plain_text (g_ptr_array_index (row, i));
      g_autofree char *lower = g_utf8_strdown (text, -1);

      if (pw_line_name_in (lower, names, n_names))
        return i;
      if (by_word < 0 && has_name_word (lower, names, n_names))
        by_word = i;
    }

  return by_word;
}

static void
read_header_row (Extractor *self)
{
  static const char * const title_names[] = {
    "description", "opis", "summary", "purpose", "name", "nazwa",
  };

  self->method_column = find_column (self->row, method_field_names,
                                     G_N_ELEMENTS (method_field_names));
  self->path_column = find_column (self->row, path_field_names, G_N_ELEMENTS (path_field_names));
  self->title_column = find_column (self->row, title_names, G_N_ELEMENTS (title_names));
  /* "Method / Endpoint": one column holds both halves. */
  if (self->method_column == self->path_column)
    self->method_column = -1;
}

/* The cell of the current row in @column, if the row has one. */
static Line *
row_cell (Extractor *self,
          int        column)
{
  if (column < 0 || (guint) column >= self->row->len)
    return NULL;

  return g_ptr_array_index (self->row, column);
}

/* Matches the method and the path of a row: both in @path_cell, or the
 * method in @method_cell. */
static gboolean
match_row (const Line  *method_cell,
           const Line  *path_cell,
           char       **method,
           char       **raw_path)
{
  gsize pos = pw_line_skip_leading_marks (path_cell, 0);
  Line combined;
  gsize m;
  gboolean found;

  if (method_cell == NULL)
    return pw_line_match_method_path (path_cell, pos, method, raw_path, NULL);

  /* Join "GET" and "`/path`" into one line so that one matcher serves;
   * a Method column may write the method in lower case. */
  m = pw_line_skip_leading_marks (method_cell, 0);
  pw_line_init (&combined);
  pw_line_append (&combined, method_cell->text->str + m, method_cell->text->len - m, 0);
  for (gsize i = 0; i < combined.text->len; i++)
    combined.text->str[i] = g_ascii_toupper (combined.text->str[i]);
  pw_line_append (&combined, " ", 1, 0);
  g_string_append_len (combined.text, path_cell->text->str + pos, path_cell->text->len - pos);
  g_byte_array_append (combined.code, path_cell->code->data + pos, path_cell->text->len - pos);
  found = pw_line_match_method_path (&combined, 0, method, raw_path, NULL);
  pw_line_clear (&combined);

  return found;
}

static void
handle_row (Extractor *self)
{
  Line *path_cell;
  Line *title_cell;
  char *method = NULL;
  char *raw_path = NULL;
  char *title = NULL;

  if (self->row->len == 0 || !self->row_has_start)
    return;

  if (self->in_thead)
    {
      read_header_row (self);
      return;
    }

  path_cell = row_cell (self, self->path_column);
  if (path_cell == NULL
      || !match_row (row_cell (self, self->method_column), path_cell, &method, &raw_path))
    return;

  title_cell = row_cell (self, self->title_column);
  if (title_cell != NULL)
    {
      title = pw_line_plain_text (title_cell);
      if (title[0] == '\0')
        g_clear_pointer (&title, g_free);
    }

  add_candidate (self, KIND_TABLE, method, raw_path, title,
                 pw_md_line_start (self->text, self->row_start), LEVEL_ENTRY);
}

static void
note_table_start (Extractor *self,
                  gsize      offset)
{
  TableInfo *table;

  if (!self->in_table || self->tables->len == 0)
    return;

  table = &g_array_index (self->tables, TableInfo, self->tables->len - 1);
  table->start = MIN (table->start, pw_md_line_start (self->text, offset));
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
      pw_line_reset (&self->line);
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
          note_table_start (self, self->row_start);
        }
      g_ptr_array_add (self->row, pw_line_dup (&self->line));
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

  pw_line_reset (&self->line);
}

/* A table starts where its first cell's text does; the heading above it
 * is the one read last. */
static void
enter_table (Extractor *self)
{
  TableInfo table = { 0, };

  self->method_column = -1;
  self->path_column = -1;
  self->title_column = -1;
  self->in_table = TRUE;
  table.start = self->length;
  table.heading_start = self->heading_start;
  table.heading_level = self->heading_level;
  table.has_heading = self->has_heading;
  g_array_append_val (self->tables, table);
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
      enter_table (self);
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
    case MD_BLOCK_TABLE:
      self->in_table = FALSE;
      break;
    case MD_BLOCK_DOC:
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
    case MD_BLOCK_HR:
    case MD_BLOCK_H:
    case MD_BLOCK_P:
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
      pw_line_append (&self->line, "\xEF\xBF\xBD", 3, code);
      break;
    case MD_TEXT_ENTITY:
      {
        const char *value = pw_md_decode_entity (text, size);

        pw_line_append (&self->line, value, strlen (value), code);
      }
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
    default:
      pw_line_append (&self->line, text, size, code);
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
  self->row = g_ptr_array_new_with_free_func (pw_line_free);
  self->candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (self->candidates, candidate_clear);
  self->boundaries = g_array_new (FALSE, FALSE, sizeof (Boundary));
  self->tables = g_array_new (FALSE, FALSE, sizeof (TableInfo));
  self->contexts = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_array_set_clear_func (self->contexts, candidate_clear);
  self->method_column = -1;
  self->path_column = -1;
  self->title_column = -1;
  pw_line_init (&self->line);
}

static void
extractor_clear (Extractor *self)
{
  g_array_unref (self->blocks);
  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->row);
  g_array_unref (self->candidates);
  g_array_unref (self->boundaries);
  g_array_unref (self->tables);
  g_array_unref (self->contexts);
  g_free (self->heading_title);
  g_free (self->field_method);
  g_free (self->field_path);
  pw_line_clear (&self->line);
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
  Extractor self;
  MD_PARSER parser = { 0, };
  EndpointScan scan;
  GPtrArray *endpoints;
  gsize skip = 0;

  if (text == NULL || length == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) pw_endpoint_free);

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

  scan.text = text;
  scan.length = length;
  scan.file = file;
  scan.candidates = self.candidates;
  scan.boundaries = self.boundaries;
  scan.tables = self.tables;
  scan.contexts = self.contexts;
  endpoints = pw_endpoints_select (&scan);

  extractor_clear (&self);

  return endpoints;
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
