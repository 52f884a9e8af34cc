/* pw-md-sections.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-md-sections"

#include "config.h"

#include <md4c.h>
#include <string.h>

#include "pw-endpoints.h"
#include "pw-md-sections.h"

/*
 * The headings of a Markdown document, as md4c reads them: ATX and setext
 * headings outside code blocks and HTML blocks, in any container.  md4c
 * reports blocks without offsets, so a heading's place comes from the
 * pointers into the text that md4c hands to the text callback: the line
 * holding the first one starts the heading, the line holding the last one
 * ends it (followed by the underline for a setext heading).
 *
 * On top of that, an API plan's global sections: the ones that apply to
 * every endpoint (authentication, the resources and their tables,
 * validation and business rules, pagination, the error format, and
 * conventions such as versioning or rate limits), found by their headings
 * in English and Polish.
 */

/* YAML front matter longer than this is taken for a thematic break. */
#define FRONT_MATTER_MAX (64 * 1024)

typedef struct
{
  const char *text;
  gsize       length;
  GPtrArray  *sections;    /* PwMdSection */
  gboolean    in_heading;
  guint       level;
  GString    *title;
  gboolean    has_first;
  gsize       first;       /* offset of the heading's first text */
  gsize       last_end;    /* offset after its last text */
  guint       skip_depth;  /* inside code or HTML blocks */

  /* Headings escaped as `\##`, which some exports write */
  gboolean    read_escaped;
  gboolean    in_paragraph;
  gboolean    at_line_start;
  gboolean    escaped;     /* the heading being read is one */
} Lister;

G_DEFINE_BOXED_TYPE (PwMdSection, pw_md_section, pw_md_section_copy, pw_md_section_free)

/**
 * pw_md_line_start:
 * @text: a text
 * @offset: a byte offset into @text
 *
 * Returns: the offset of the start of the line holding @offset; lines end
 *   at LF, CRLF or a lone CR
 */
gsize
pw_md_line_start (const char *text,
                  gsize       offset)
{
  while (offset > 0 && text[offset - 1] != '\n' && text[offset - 1] != '\r')
    offset--;

  return offset;
}

/**
 * pw_md_next_line:
 * @text: (array length=length): a text
 * @length: its length in bytes
 * @offset: a byte offset into @text
 *
 * Returns: the offset of the start of the line after the one holding
 *   @offset, or @length
 */
gsize
pw_md_next_line (const char *text,
                 gsize       length,
                 gsize       offset)
{
  while (offset < length && text[offset] != '\n' && text[offset] != '\r')
    offset++;
  if (offset >= length)
    return length;
  if (text[offset] == '\r' && offset + 1 < length && text[offset + 1] == '\n')
    return offset + 2;

  return offset + 1;
}

/**
 * pw_md_decode_entity:
 * @entity: an entity as md4c reports it, e.g. `&amp;`
 * @size: its length in bytes
 *
 * Decodes the entities plans use; any other reads as a space.
 *
 * Returns: (transfer none): the decoded text
 */
const char *
pw_md_decode_entity (const char *entity,
                     gsize       size)
{
  static const struct { const char *name; const char *value; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&apos;", "'" }, { "&nbsp;", " " }, { "&#39;", "'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      if (strlen (entities[i].name) == size && memcmp (entities[i].name, entity, size) == 0)
        return entities[i].value;
    }

  return " ";
}

/**
 * pw_md_section_copy:
 * @self: a section
 *
 * Returns: (transfer full): a deep copy of @self
 */
PwMdSection *
pw_md_section_copy (const PwMdSection *self)
{
  PwMdSection *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->title = g_strdup (self->title);

  return copy;
}

void
pw_md_section_free (PwMdSection *self)
{
  if (self == NULL)
    return;

  g_free (self->title);
  g_free (self);
}

/* Whether the heading whose text starts at @first is an ATX one: its marks
 * sit on the same line, before the text. */
static gboolean
is_atx (const char *text,
        gsize       first)
{
  gsize line = pw_md_line_start (text, first);

  return memchr (text + line, '#', first - line) != NULL;
}

static void
finish_heading (Lister *self)
{
  PwMdSection *section;
  char *title;

  self->in_heading = FALSE;
  if (!self->has_first)
    return;

  /* An escaped heading's text starts with its marks. */
  title = g_strdup (self->title->str + (self->escaped ? strspn (self->title->str, "#") : 0));
  g_strstrip (g_strdelimit (title, "\t\r\n", ' '));
  if (!g_utf8_validate (title, -1, NULL))
    {
      char *valid = g_utf8_make_valid (title, -1);

      g_free (title);
      title = valid;
    }

  section = g_new0 (PwMdSection, 1);
  section->level = self->level;
  section->title = title;
  section->start = pw_md_line_start (self->text, self->first);
  section->body_start = pw_md_next_line (self->text, self->length, self->last_end);
  /* A setext heading's underline is the line after its text. */
  if (!self->escaped && !is_atx (self->text, self->first))
    section->body_start = pw_md_next_line (self->text, self->length, section->body_start);
  g_ptr_array_add (self->sections, section);
}

static void
start_heading (Lister   *self,
               guint     level,
               gboolean  escaped)
{
  self->in_heading = TRUE;
  self->escaped = escaped;
  self->level = level;
  self->has_first = FALSE;
  if (self->title == NULL)
    self->title = g_string_new (NULL);
  g_string_truncate (self->title, 0);
}

/* The level of the escaped heading `\##` and a space whose marks md4c
 * renders from @offset, if the line starts there; else 0. */
static guint
escaped_level (Lister *self,
               gsize   offset)
{
  const char *s = self->text;
  gsize line = pw_md_line_start (s, offset);
  gsize p = line;
  gsize end = offset;

  /* The text need not end in a NUL: every read stays below length. */
  while (p < offset && p - line < 3 && s[p] == ' ')
    p++;
  if (p + 1 != offset || s[p] != '\\')
    return 0;

  while (end < self->length && s[end] == '#' && end - offset <= 6)
    end++;
  if (end == offset || end - offset > 6 || end >= self->length)
    return 0;

  return s[end] == ' ' || s[end] == '\t' ? end - offset : 0;
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Lister *self = user_data;

  if (type == MD_BLOCK_CODE || type == MD_BLOCK_HTML)
    self->skip_depth++;

  if (type == MD_BLOCK_H && self->skip_depth == 0)
    start_heading (self, ((MD_BLOCK_H_DETAIL *) detail)->level, FALSE);

  if (type == MD_BLOCK_P && self->skip_depth == 0 && self->read_escaped)
    {
      self->in_paragraph = TRUE;
      self->at_line_start = TRUE;
    }

  return 0;
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Lister *self = user_data;

  if ((type == MD_BLOCK_CODE || type == MD_BLOCK_HTML) && self->skip_depth > 0)
    self->skip_depth--;

  if ((type == MD_BLOCK_H || type == MD_BLOCK_P) && self->in_heading)
    finish_heading (self);
  if (type == MD_BLOCK_P)
    self->in_paragraph = FALSE;

  return 0;
}

static int
span_cb (MD_SPANTYPE  type,
         void        *detail,
         void        *user_data)
{
  return 0;
}

static void
append_title_text (Lister        *self,
                   MD_TEXTTYPE    type,
                   const MD_CHAR *text,
                   MD_SIZE        size)
{
  switch (type)
    {
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR:
      g_string_append_c (self->title, ' ');
      break;
    case MD_TEXT_NULLCHAR:
      g_string_append (self->title, "\xEF\xBF\xBD");
      break;
    case MD_TEXT_ENTITY:
      g_string_append (self->title, pw_md_decode_entity (text, size));
      break;
    case MD_TEXT_HTML:
      /* Inline HTML (`<br>`, `<a id>`) is markup, not title. */
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_LATEXMATH:
    default:
      g_string_append_len (self->title, text, size);
      break;
    }
}

/* Each line of a paragraph may be an escaped heading, ended by the line's
 * end; returns whether @type was that end. */
static gboolean
read_paragraph_line (Lister        *self,
                     MD_TEXTTYPE    type,
                     const MD_CHAR *text,
                     gboolean       placed)
{
  guint level;

  if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
    {
      if (self->in_heading)
        finish_heading (self);
      self->at_line_start = TRUE;
      return TRUE;
    }

  if (self->at_line_start && placed)
    {
      self->at_line_start = FALSE;
      level = escaped_level (self, text - self->text);
      if (level > 0)
        start_heading (self, level, TRUE);
    }

  return FALSE;
}

static int
text_cb (MD_TEXTTYPE    type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  Lister *self = user_data;
  gboolean in_buffer = text >= self->text && text + size <= self->text + self->length;

  if (self->in_paragraph && read_paragraph_line (self, type, text, in_buffer && size > 0))
    return 0;

  if (!self->in_heading)
    return 0;

  if (size > 0 && in_buffer && type != MD_TEXT_BR && type != MD_TEXT_SOFTBR)
    {
      if (!self->has_first)
        {
          self->first = text - self->text;
          self->has_first = TRUE;
        }
      self->last_end = text + size - self->text;
    }

  append_title_text (self, type, text, size);

  return 0;
}

/* Whether the line at @pos is `---` (or `...` when @closing), optionally
 * followed by spaces; *@next is the line after it. */
static gboolean
is_fence_line (const char *text,
               gsize       length,
               gsize       pos,
               gboolean    closing,
               gsize      *next)
{
  gsize end = pw_md_next_line (text, length, pos);
  gsize stop = end;

  while (stop > pos && g_ascii_isspace (text[stop - 1]))
    stop--;
  *next = end;
  if (stop - pos != 3)
    return FALSE;

  return memcmp (text + pos, "---", 3) == 0 || (closing && memcmp (text + pos, "...", 3) == 0);
}

/* Where the Markdown starts: after a byte-order mark and YAML front matter. */
static gsize
markdown_start (const char *text,
                gsize       length)
{
  gsize start = 0;
  gsize pos;

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    start = 3;

  if (!is_fence_line (text, length, start, FALSE, &pos) || pos >= length)
    return start;

  while (pos < length && pos - start < FRONT_MATTER_MAX)
    {
      gsize next;

      if (is_fence_line (text, length, pos, TRUE, &next))
        return next;
      pos = next;
    }

  return start;
}

/* Ends each section at the next heading of the same or a higher level. */
static void
close_sections (GPtrArray *sections,
                gsize      length)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new ();

  for (guint i = 0; i < sections->len; i++)
    {
      PwMdSection *section = g_ptr_array_index (sections, i);

      while (open->len > 0)
        {
          PwMdSection *last = g_ptr_array_index (open, open->len - 1);

          if (last->level < section->level)
            break;
          last->end = section->start;
          g_ptr_array_set_size (open, open->len - 1);
        }
      g_ptr_array_add (open, section);
    }

  for (guint i = 0; i < open->len; i++)
    ((PwMdSection *) g_ptr_array_index (open, i))->end = length;
}

/* Counts lines incrementally; sections come in document order. */
static void
number_lines (GPtrArray  *sections,
              const char *text)
{
  guint line = 1;
  gsize offset = 0;

  for (guint i = 0; i < sections->len; i++)
    {
      PwMdSection *section = g_ptr_array_index (sections, i);

      for (; offset < section->start; offset++)
        {
          if (text[offset] == '\n' || (text[offset] == '\r' && text[offset + 1] != '\n'))
            line++;
        }
      section->line = line;
    }
}

/* Lists the headings; with @read_escaped, paragraph lines written as
 * `\## Title` count as headings too. */
static GPtrArray *
list_sections (const char *text,
               gsize       length,
               gboolean    read_escaped)
{
  MD_PARSER parser = { 0, };
  Lister self = { 0, };
  gsize start;

  self.sections = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_md_section_free);
  if (text == NULL || length == 0)
    return self.sections;

  self.text = text;
  self.length = length;
  self.read_escaped = read_escaped;
  parser.abi_version = 0;
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  parser.enter_block = enter_block_cb;
  parser.leave_block = leave_block_cb;
  parser.enter_span = span_cb;
  parser.leave_span = span_cb;
  parser.text = text_cb;

  start = markdown_start (text, length);
  md_parse (text + start, length - start, &parser, &self);
  if (self.title != NULL)
    g_string_free (self.title, TRUE);

  close_sections (self.sections, length);
  number_lines (self.sections, text);

  return self.sections;
}

/**
 * pw_md_list_sections:
 * @text: (array length=length): a Markdown document, UTF-8, optionally
 *   with a byte-order mark and YAML front matter
 * @length: the length of @text in bytes
 *
 * Lists every heading md4c finds outside code and HTML blocks, ATX or
 * setext, in document order.  A heading without any text (`##` alone) is
 * left out, as it has no place md4c can report.
 *
 * Returns: (transfer container) (element-type PwMdSection): the sections;
 *   never %NULL
 */
GPtrArray *
pw_md_list_sections (const char *text,
                     gsize       length)
{
  return list_sections (text, length, FALSE);
}

/* Global sections */

/* A keyword matches at the start of a word of the lower-cased title; a
 * trailing '$' asks for the end of a word too. */
static const char * const auth_words[] = {
  "authentication", "authorization", "authorisation", "auth$", "security", "permission",
  "access control", "uwierzytelni", "autoryzac", "autentykac", "bezpiecze", "uprawnie",
  "kontrola dostępu",
};

static const char * const validation_words[] = {
  "validation", "validating", "business logic", "business rule", "data integrity",
  "walidac", "logika biznesowa", "logiki biznesowej", "reguły biznesowe", "zasady biznesowe",
  "integralnoś",
};

static const char * const pagination_words[] = {
  "paginat", "filtering", "sorting", "paginac", "stronicowanie", "filtrowanie", "sortowanie",
};

static const char * const error_words[] = {
  "error", "status code", "response code", "błęd", "błąd", "bledy", "kody odpowiedzi",
  "kody statusu", "kody http",
};

static const char * const resource_words[] = {
  "resources$", "data model", "dto", "mapping", "database schema", "zasob", "zasób",
  "modele danych", "model danych", "mapowanie",
};

static const char * const other_words[] = {
  "rate limit", "rate-limit", "throttl", "versioning", "convention", "response format",
  "logging", "cors", "general", "multi-tenan", "idempoten", "limitowanie", "limity",
  "wersjonowanie", "konwencj", "format odpowiedzi", "ogóln",
};

/* Headings of parts that hold no global section: summaries, examples and
 * future work. */
static const char * const skipped_words[] = {
  "summary", "future", "post-mvp", "roadmap", "out of scope", "non-goals", "workflow",
  "example", "podsumowanie", "przyszło", "dalszy rozwój", "przykład",
};

static const struct
{
  const char         *kind;
  const char * const *words;
  guint               n_words;
} kinds[] = {
  { PW_MD_SECTION_KIND_AUTH, auth_words, G_N_ELEMENTS (auth_words) },
  { PW_MD_SECTION_KIND_VALIDATION, validation_words, G_N_ELEMENTS (validation_words) },
  { PW_MD_SECTION_KIND_PAGINATION, pagination_words, G_N_ELEMENTS (pagination_words) },
  { PW_MD_SECTION_KIND_ERRORS, error_words, G_N_ELEMENTS (error_words) },
  { PW_MD_SECTION_KIND_RESOURCES, resource_words, G_N_ELEMENTS (resource_words) },
  { PW_MD_SECTION_KIND_OTHER_GLOBAL, other_words, G_N_ELEMENTS (other_words) },
};

/* Letters of any script, and digits, make up words; a UTF-8 byte counts as
 * a letter, which is what Polish needs. */
static gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || (guchar) c >= 0x80;
}

static gboolean
has_word (const char *lower,
          const char *word)
{
  gsize n = strlen (word);
  gboolean whole = n > 0 && word[n - 1] == '$';
  g_autofree char *needle = g_strndup (word, whole ? n - 1 : n);
  gsize len = strlen (needle);

  for (const char *p = strstr (lower, needle); p != NULL; p = strstr (p + 1, needle))
    {
      if ((p == lower || !is_word_byte (p[-1])) && (!whole || !is_word_byte (p[len])))
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_any_word (const char         *lower,
              const char * const *words,
              guint               n_words)
{
  for (guint i = 0; i < n_words; i++)
    {
      if (has_word (lower, words[i]))
        return TRUE;
    }

  return FALSE;
}

/**
 * pw_api_plan_classify_heading:
 * @title: a heading's text
 *
 * Tells which kind of global API-plan section a heading names, by its
 * words in English or Polish: "Authentication & Authorization" is
 * %PW_MD_SECTION_KIND_AUTH, "Walidacja i logika biznesowa" is
 * %PW_MD_SECTION_KIND_VALIDATION.
 *
 * Returns: (nullable): one of the `PW_MD_SECTION_KIND_*` strings, or %NULL
 */
const char *
pw_api_plan_classify_heading (const char *title)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (title != NULL, NULL);

  lower = g_utf8_strdown (title, -1);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (has_any_word (lower, kinds[i].words, kinds[i].n_words))
        return kinds[i].kind;
    }

  return NULL;
}

/* The endpoints' own sections, sorted by start, read along with the
 * headings in document order. */
typedef struct
{
  GArray *ranges;    /* Range */
  guint   next;      /* the first range not yet started */
  gsize   max_end;   /* the furthest end of the ranges started so far */
} EndpointRanges;

typedef struct
{
  gsize start;
  gsize end;
} Range;

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const Range *x = a;
  const Range *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

static void
endpoint_ranges_init (EndpointRanges *self,
                      GPtrArray      *endpoints)
{
  self->ranges = g_array_sized_new (FALSE, FALSE, sizeof (Range), endpoints->len);
  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);
      Range range = { endpoint->section_start, endpoint->section_end };

      g_array_append_val (self->ranges, range);
    }
  g_array_sort (self->ranges, compare_ranges);
  self->next = 0;
  self->max_end = 0;
}

/* Whether @section (the headings come in document order) names an endpoint
 * or sits inside an endpoint's own section; *@contains tells whether an
 * endpoint's section starts inside it. */
static gboolean
in_endpoint (EndpointRanges    *self,
             const PwMdSection *section,
             gboolean          *contains)
{
  GArray *ranges = self->ranges;

  while (self->next < ranges->len
         && g_array_index (ranges, Range, self->next).start <= section->start)
    {
      self->max_end = MAX (self->max_end, g_array_index (ranges, Range, self->next).end);
      self->next++;
    }

  *contains = self->next < ranges->len
              && g_array_index (ranges, Range, self->next).start < section->end;

  return self->max_end > section->start;
}

static gboolean
is_skipped_part (const char *title)
{
  g_autofree char *lower = g_utf8_strdown (title, -1);

  return has_any_word (lower, skipped_words, G_N_ELEMENTS (skipped_words));
}

/**
 * pw_api_plan_find_global_sections:
 * @text: (array length=length): a REST API plan in Markdown
 * @length: the length of @text in bytes
 *
 * Finds the sections of an API plan that apply to every endpoint:
 * authentication and security, the resources and their tables, validation
 * and business logic, pagination, the error format, and conventions such
 * as versioning or rate limits.  Each is the outermost heading whose words
 * name one of those (see pw_api_plan_classify_heading()); the headings
 * inside it are part of it.  An endpoint's own section and a section that
 * groups endpoints ("### 2.1 Authentication" over `POST /auth/login`) are
 * never global, although a global heading inside a group may be ("### 2.7
 * Rate limits" under "## 2. Endpoints").  Summaries, examples and future
 * work hold none.  Headings escaped as `\## Title`, as some exports write
 * them, count here as they do for pw_endpoints_extract().
 *
 * Returns: (transfer container) (element-type PwMdSection): the global
 *   sections in document order, each with its kind; never %NULL
 */
GPtrArray *
pw_api_plan_find_global_sections (const char *text,
                                  gsize       length)
{
  g_autoptr(GPtrArray) sections = list_sections (text, length, TRUE);
  g_autoptr(GPtrArray) endpoints = pw_endpoints_extract (text, length, NULL);
  GPtrArray *globals = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_md_section_free);
  EndpointRanges ranges;
  gsize skip_until = 0;

  endpoint_ranges_init (&ranges, endpoints);

  for (guint i = 0; i < sections->len; i++)
    {
      PwMdSection *section = g_ptr_array_index (sections, i);
      const char *kind;
      gboolean inside;
      gboolean contains;
      PwMdSection *global;

      /* Read every heading, even skipped ones, to keep @ranges in step. */
      inside = in_endpoint (&ranges, section, &contains);
      if (section->start < skip_until)
        continue;

      kind = pw_api_plan_classify_heading (section->title);
      if (inside
          || (kind == NULL && is_skipped_part (section->title)))
        {
          skip_until = section->end;
          continue;
        }
      if (kind == NULL || contains)
        continue;

      global = pw_md_section_copy (section);
      global->kind = kind;
      g_ptr_array_add (globals, global);
      skip_until = section->end;
    }

  g_array_unref (ranges.ranges);

  return globals;
}
