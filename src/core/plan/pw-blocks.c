/* pw-blocks.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-blocks"

#include "config.h"

#include <md4c.h>
#include <string.h>

#include "pw-blocks.h"
#include "pw-md-restart.h"
#include "pw-plan.h"

/*
 * The rendered blocks of a plan. md4c reports blocks without offsets, so
 * positions come from the text pointers md4c hands out: a cursor (@scan, a
 * line start) moves past every line that held text, and a block starts at
 * the first non-blank line at or after the cursor when md4c enters it.
 * Lines holding no text (closing fences, setext underlines, rules) move the
 * cursor explicitly.
 *
 * Streaming: a parse also reports its last "stable" point, the start of the
 * last top-level block or top-level list item whose first line is complete.
 * Nothing appended later can merge that line into the block before it, and
 * the model does not depend on what precedes it (markers are taken as
 * written, tight and loose lists look the same), so a parse that starts
 * there gives the same blocks as a parse from the top.
 */

struct _PwBlock
{
  GObject      parent_instance;

  PwBlockKind  kind;
  PwBlockTask  task;
  guint        level;
  guint        depth;
  guint        quote_depth;
  guint        indent;
  guint        line;
  gsize        start;
  gsize        end;
  guint        n_rows;
  guint        n_columns;
  gint         step;
  char        *marker;    /* (owned) (nullable) */
  /* A block keeps one of these two (markup for text with inlines: headings,
   * paragraphs, items; text for code and HTML; tables keep their cells) and
   * derives the other when asked: a big plan has ten thousand blocks. */
  char        *markup;    /* (owned) (nullable) */
  char        *text;      /* (owned) (nullable) */
  char        *language;  /* (owned) (nullable) */
  GPtrArray   *cells;     /* (owned) (nullable) char*, row-major */
};

G_DEFINE_FINAL_TYPE (PwBlock, pw_block, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  FRAME_QUOTE,
  FRAME_LIST,
  FRAME_ITEM,
} FrameKind;

typedef struct
{
  FrameKind kind;
  gboolean  ordered;
  char      delimiter;
  guint     start;
  guint     n_items;
} Frame;

typedef struct
{
  const char *str;
  gsize       len;
  gsize       offset;
  GPtrArray  *blocks;

  GArray     *frames;        /* Frame */
  guint       quote_depth;
  guint       list_depth;

  gsize       scan;          /* line start: blocks start at or after it */
  gsize       line_pos;      /* line counter: line_no is the line of line_pos */
  guint       line_no;
  guint       first_line;

  /* an item whose marker no block has shown yet */
  gboolean    pending;
  char       *pending_marker;
  PwBlockTask pending_task;
  guint       pending_depth;

  /* the open leaf block */
  PwBlock    *leaf;
  gboolean    implicit;      /* a paragraph md4c does not report (tight item) */
  gboolean    heading_fresh; /* no text yet: a task mark may follow */
  char        fence;
  GString    *markup;
  GString    *plain;
  GString    *cell;
  GPtrArray  *cells;
  gboolean    row_has_text;
  GArray     *links;         /* gboolean: whether an open <a> was emitted */

  gsize       stable;
  guint       stable_line;
} Parser;

/* Helpers */

static gboolean
is_blank_char (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '>';
}

static gsize
next_line (Parser *p,
           gsize   pos)
{
  const char *nl;

  if (pos >= p->len)
    return p->len;
  nl = memchr (p->str + pos, '\n', p->len - pos);

  return nl != NULL ? (gsize)(nl - p->str) + 1 : p->len;
}

/* The first line at or after @pos (a line start) with more than spaces and
 * block quote marks. */
static gsize
first_nonblank (Parser *p,
                gsize   pos)
{
  while (pos < p->len)
    {
      gsize q = pos;

      while (q < p->len && is_blank_char (p->str[q]))
        q++;
      if (q < p->len && p->str[q] != '\n')
        return pos;
      if (q >= p->len)
        return pos;
      pos = q + 1;
    }

  return MIN (pos, p->len);
}

static guint
line_at (Parser *p,
         gsize   pos)
{
  if (pos < p->line_pos)
    {
      p->line_pos = p->offset;
      p->line_no = p->first_line;
    }

  while (p->line_pos < pos)
    {
      const char *nl = memchr (p->str + p->line_pos, '\n', pos - p->line_pos);

      if (nl == NULL)
        break;
      p->line_no++;
      p->line_pos = (gsize)(nl - p->str) + 1;
    }

  return p->line_no;
}

/* Appends @len bytes of model text, escaped for Pango markup. Control
 * characters other than tab and newline become U+FFFD, which markup cannot
 * carry either. */
static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      switch (c)
        {
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&#39;");
          break;
        default:
          if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
            g_string_append (out, "\xEF\xBF\xBD");
          else
            g_string_append_c (out, c);
          break;
        }
    }
}

/* Frees @str and returns its contents, valid UTF-8, in an allocation of
 * their own size (a GString's is a power of two). */
static char *
steal_valid (GString *str)
{
  char *result;

  if (g_utf8_validate_len (str->str, str->len, NULL))
    {
      gsize len = str->len;

      return g_realloc (g_string_free (str, FALSE), len + 1);
    }

  result = g_utf8_make_valid (str->str, str->len);
  g_string_free (str, TRUE);

  return result;
}

static gboolean
keeps_text (PwBlockKind kind)
{
  return kind == PW_BLOCK_CODE || kind == PW_BLOCK_HTML;
}

static gboolean
is_web_link (const char *href,
             gsize       len)
{
  return (len > 7 && g_ascii_strncasecmp (href, "http://", 7) == 0)
         || (len > 8 && g_ascii_strncasecmp (href, "https://", 8) == 0);
}

static PwBlock *
block_new (PwBlockKind kind)
{
  PwBlock *block = g_object_new (PW_TYPE_BLOCK, NULL);

  block->kind = kind;

  return block;
}

static Frame *
top_frame (Parser *p)
{
  return p->frames->len > 0 ? &g_array_index (p->frames, Frame, p->frames->len - 1) : NULL;
}

static void
note_text (Parser     *p,
           const char *text,
           gsize       size)
{
  gsize pos;

  if (size == 0 || text < p->str || text + size > p->str + p->len)
    return;

  pos = text - p->str;
  p->scan = MAX (p->scan, next_line (p, pos + size - 1));
}

/* A top-level block or item starts at @start: the stable point if its
 * line is complete (pw_md_restart_advance()). */
static void
note_candidate (Parser *p,
                gsize   start)
{
  if (pw_md_restart_advance (&p->stable, p->str, p->len, start))
    p->stable_line = line_at (p, start);
}

static void
open_leaf (Parser      *p,
           PwBlockKind  kind)
{
  PwBlock *block;

  g_assert (p->leaf == NULL);

  if (p->pending && kind == PW_BLOCK_PARAGRAPH)
    kind = PW_BLOCK_LIST_ITEM;

  block = block_new (kind);
  block->start = first_nonblank (p, p->scan);
  block->line = line_at (p, block->start);
  block->quote_depth = p->quote_depth;
  block->indent = p->list_depth;
  block->depth = p->list_depth > 0 ? p->list_depth - 1 : 0;
  block->step = -1;

  if (kind == PW_BLOCK_LIST_ITEM)
    {
      block->marker = g_steal_pointer (&p->pending_marker);
      block->task = p->pending_task;
      block->depth = p->pending_depth;
      p->pending = FALSE;
    }

  p->leaf = block;
  p->markup = g_string_new (NULL);
  p->plain = g_string_new (NULL);
  p->heading_fresh = kind == PW_BLOCK_HEADING;
  g_array_set_size (p->links, 0);
}

static void
close_leaf (Parser *p)
{
  PwBlock *block = p->leaf;

  if (block == NULL)
    return;

  block->end = MAX (p->scan, block->start);
  if (keeps_text (block->kind))
    {
      block->text = steal_valid (p->plain);
      g_string_free (p->markup, TRUE);
    }
  else
    {
      if (block->kind != PW_BLOCK_TABLE)
        block->markup = steal_valid (p->markup);
      else
        g_string_free (p->markup, TRUE);
      g_string_free (p->plain, TRUE);
    }
  p->markup = NULL;
  p->plain = NULL;
  if (p->cells != NULL)
    {
      block->cells = g_steal_pointer (&p->cells);
      if (block->n_columns > 0)
        block->n_rows = block->cells->len / block->n_columns;
    }

  g_ptr_array_add (p->blocks, block);
  p->leaf = NULL;
  p->implicit = FALSE;
}

/* A container is about to start inside an item that has shown no marker:
 * give the marker a block of its own. */
static void
flush_pending (Parser *p)
{
  if (p->leaf != NULL && p->implicit)
    close_leaf (p);
  if (!p->pending)
    return;

  open_leaf (p, PW_BLOCK_LIST_ITEM);
  close_leaf (p);
}

static void
skip_line (Parser *p,
           gsize   start)
{
  p->scan = MAX (p->scan, next_line (p, start));
}

/* Whether the line at @pos is a closing fence made of @fence. */
static gboolean
is_fence_line (Parser *p,
               gsize   pos,
               char    fence)
{
  gsize end = next_line (p, pos);
  guint n = 0;

  while (pos < end && is_blank_char (p->str[pos]))
    pos++;
  while (pos < end && p->str[pos] == fence)
    {
      pos++;
      n++;
    }
  while (pos < end && (p->str[pos] == ' ' || p->str[pos] == '\t' || p->str[pos] == '\r'))
    pos++;

  return n >= 3 && (pos == end || p->str[pos] == '\n');
}

static char *
item_marker (Parser *p,
             Frame  *list)
{
  static const char * const bullets[] = { "•", "◦", "▪" };

  if (list->ordered)
    return g_strdup_printf ("%u%c", list->start + list->n_items, list->delimiter);

  return g_strdup (bullets[(p->list_depth - 1) % G_N_ELEMENTS (bullets)]);
}

/* The number written at a top-level ordered item, or G_MAXUINT. */
static guint
written_number (Parser *p,
                gsize   pos)
{
  guint n = 0;
  guint digits = 0;

  while (pos < p->len && p->str[pos] == ' ')
    pos++;
  while (pos < p->len && g_ascii_isdigit (p->str[pos]) && digits < 9)
    {
      n = n * 10 + (p->str[pos] - '0');
      pos++;
      digits++;
    }

  return digits > 0 ? n : G_MAXUINT;
}

/* md4c callbacks: entering blocks */

/* A quote or a list opens; a top-level one is a stable point. */
static void
push_container (Parser   *p,
                gboolean  top,
                Frame     frame)
{
  flush_pending (p);
  if (top)
    note_candidate (p, first_nonblank (p, p->scan));
  g_array_append_val (p->frames, frame);
  if (frame.kind == FRAME_QUOTE)
    p->quote_depth++;
  else
    p->list_depth++;
}

static void
enter_list (Parser             *p,
            gboolean            top,
            MD_BLOCK_OL_DETAIL *ol)
{
  Frame frame = { FRAME_LIST, ol != NULL, '.', 1, 0 };

  if (ol != NULL)
    {
      frame.start = ol->start;
      frame.delimiter = ol->mark_delimiter;
    }
  push_container (p, top, frame);
}

/* An item's marker shows with its first paragraph (or alone, see
 * flush_pending()). A top-level item is a stable point when a parse from
 * it numbers it as written. */
static void
enter_item (Parser             *p,
            MD_BLOCK_LI_DETAIL *li)
{
  Frame *list = top_frame (p);
  Frame frame = { FRAME_ITEM, FALSE, 0, 0, 0 };
  gsize start;

  flush_pending (p);
  g_assert (list != NULL && list->kind == FRAME_LIST);
  start = first_nonblank (p, p->scan);
  if (p->frames->len == 1
      && (!list->ordered || written_number (p, start) == list->start + list->n_items))
    note_candidate (p, start);

  p->pending = TRUE;
  p->pending_marker = item_marker (p, list);
  p->pending_depth = p->list_depth - 1;
  p->pending_task = PW_BLOCK_TASK_NONE;
  if (li->is_task)
    p->pending_task = li->task_mark == ' ' ? PW_BLOCK_TASK_OPEN : PW_BLOCK_TASK_DONE;
  list->n_items++;
  g_array_append_val (p->frames, frame);
}

static PwBlockKind
leaf_kind (MD_BLOCKTYPE type)
{
  switch ((int)type)
    {
    case MD_BLOCK_HR: return PW_BLOCK_RULE;
    case MD_BLOCK_H: return PW_BLOCK_HEADING;
    case MD_BLOCK_CODE: return PW_BLOCK_CODE;
    case MD_BLOCK_HTML: return PW_BLOCK_HTML;
    case MD_BLOCK_TABLE: return PW_BLOCK_TABLE;
    default: return PW_BLOCK_PARAGRAPH;
    }
}

static void
enter_code (Parser                *p,
            MD_BLOCK_CODE_DETAIL *code)
{
  p->fence = code->fence_char;
  if (code->lang.size > 0)
    {
      g_autoptr(GString) lang = g_string_new_len (code->lang.text, code->lang.size);

      p->leaf->language = steal_valid (g_steal_pointer (&lang));
    }
  if (p->fence != 0)
    skip_line (p, p->leaf->start);
}

static void
enter_leaf (Parser       *p,
            gboolean      top,
            MD_BLOCKTYPE  type,
            void         *detail)
{
  if (type != MD_BLOCK_P)
    flush_pending (p);
  else if (p->leaf != NULL && p->implicit)
    close_leaf (p);
  if (top)
    note_candidate (p, first_nonblank (p, p->scan));

  open_leaf (p, leaf_kind (type));

  if (type == MD_BLOCK_H)
    {
      p->leaf->level = ((MD_BLOCK_H_DETAIL *)detail)->level;
    }
  else if (type == MD_BLOCK_CODE)
    {
      enter_code (p, detail);
    }
  else if (type == MD_BLOCK_TABLE)
    {
      p->leaf->n_columns = ((MD_BLOCK_TABLE_DETAIL *)detail)->col_count;
      p->cells = g_ptr_array_new_with_free_func (g_free);
    }
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Parser *p = user_data;
  gboolean top = p->frames->len == 0;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      push_container (p, top, (Frame) { FRAME_QUOTE, FALSE, 0, 0, 0 });
      break;

    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      enter_list (p, top, type == MD_BLOCK_OL ? detail : NULL);
      break;

    case MD_BLOCK_LI:
      enter_item (p, detail);
      break;

    case MD_BLOCK_HR:
    case MD_BLOCK_H:
    case MD_BLOCK_CODE:
    case MD_BLOCK_HTML:
    case MD_BLOCK_P:
    case MD_BLOCK_TABLE:
      enter_leaf (p, top, type, detail);
      break;

    case MD_BLOCK_TR:
      p->row_has_text = FALSE;
      break;

    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      p->cell = g_string_new (NULL);
      g_array_set_size (p->links, 0);
      break;

    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    default:
      break;
    }

  return 0;
}

/* md4c callbacks: leaving blocks */

static void
pop_frame (Parser *p)
{
  g_array_set_size (p->frames, p->frames->len - 1);
}

static void
close_implicit (Parser *p)
{
  if (p->leaf != NULL && p->implicit)
    close_leaf (p);
}

/* An item that showed no paragraph shows its marker alone. */
static void
leave_item (Parser *p)
{
  close_implicit (p);
  if (p->pending)
    {
      gsize start = first_nonblank (p, p->scan);

      open_leaf (p, PW_BLOCK_LIST_ITEM);
      close_leaf (p);
      skip_line (p, start);
    }
  pop_frame (p);
}

static void
leave_heading (Parser *p)
{
  gsize pos = p->leaf->start;

  while (pos < p->len && is_blank_char (p->str[pos]))
    pos++;
  if (pos < p->len && p->str[pos] == '#')
    skip_line (p, p->leaf->start);
  else
    skip_line (p, first_nonblank (p, p->scan));  /* setext underline */
  close_leaf (p);
}

static void
leave_code (Parser *p)
{
  if (p->fence != 0)
    {
      gsize pos = first_nonblank (p, p->scan);

      if (pos < p->len && is_fence_line (p, pos, p->fence))
        skip_line (p, pos);
    }
  p->fence = 0;
  close_leaf (p);
}

static void
leave_row (Parser *p)
{
  if (p->leaf != NULL && p->cells != NULL)
    {
      while (p->cells->len % MAX (p->leaf->n_columns, 1) != 0)
        g_ptr_array_add (p->cells, g_strdup (""));
      g_string_append_c (p->plain, '\n');
    }
  if (!p->row_has_text)
    skip_line (p, first_nonblank (p, p->scan));
}

static void
leave_cell (Parser *p)
{
  if (p->cells != NULL && p->cell != NULL)
    {
      if (p->leaf != NULL && p->leaf->n_columns > 0 && p->cells->len % p->leaf->n_columns != 0)
        g_string_append (p->plain, "\t");
      g_ptr_array_add (p->cells, steal_valid (p->cell));
    }
  else if (p->cell != NULL)
    {
      g_string_free (p->cell, TRUE);
    }
  p->cell = NULL;
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Parser *p = user_data;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
      close_implicit (p);
      p->quote_depth--;
      pop_frame (p);
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      p->list_depth--;
      pop_frame (p);
      break;
    case MD_BLOCK_LI:
      leave_item (p);
      break;
    case MD_BLOCK_HR:
      skip_line (p, p->leaf->start);
      close_leaf (p);
      break;
    case MD_BLOCK_H:
      leave_heading (p);
      break;
    case MD_BLOCK_CODE:
      leave_code (p);
      break;
    case MD_BLOCK_HTML:
    case MD_BLOCK_P:
    case MD_BLOCK_TABLE:
      close_leaf (p);
      break;
    case MD_BLOCK_TR:
      leave_row (p);
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      leave_cell (p);
      break;
    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    default:
      break;
    }

  return 0;
}

static GString *
current_markup (Parser *p)
{
  if (p->cell != NULL)
    return p->cell;

  return p->markup;
}

/* The Pango tags of a span that maps to one, or FALSE (links are apart:
 * only web links get a tag). */
static gboolean
span_tags (MD_SPANTYPE   type,
           const char  **open,
           const char  **close)
{
  switch (type)
    {
    case MD_SPAN_EM:
      *open = "<i>";
      *close = "</i>";
      return TRUE;
    case MD_SPAN_STRONG:
      *open = "<b>";
      *close = "</b>";
      return TRUE;
    case MD_SPAN_DEL:
      *open = "<s>";
      *close = "</s>";
      return TRUE;
    case MD_SPAN_CODE:
      *open = "<tt>";
      *close = "</tt>";
      return TRUE;
    case MD_SPAN_A:
    case MD_SPAN_IMG:
    case MD_SPAN_U:
    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
    case MD_SPAN_WIKILINK:
    default:
      return FALSE;
    }
}

static void
enter_link (Parser            *p,
            GString           *out,
            MD_SPAN_A_DETAIL  *a)
{
  gboolean linked = is_web_link (a->href.text, a->href.size);

  if (linked)
    {
      g_autoptr(GString) href = g_string_new (NULL);
      g_autofree char *valid = NULL;

      append_escaped (href, a->href.text, a->href.size);
      valid = steal_valid (g_steal_pointer (&href));
      g_string_append_printf (out, "<a href=\"%s\">", valid);
    }
  g_array_append_val (p->links, linked);
}

static void
leave_link (Parser  *p,
            GString *out)
{
  if (p->links->len == 0)
    return;
  if (g_array_index (p->links, gboolean, p->links->len - 1))
    g_string_append (out, "</a>");
  g_array_set_size (p->links, p->links->len - 1);
}

static int
enter_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Parser *p = user_data;
  const char *open, *close;
  GString *out;

  if (p->leaf == NULL)
    {
      open_leaf (p, PW_BLOCK_PARAGRAPH);
      p->implicit = TRUE;
    }
  out = current_markup (p);
  p->heading_fresh = FALSE;

  if (type == MD_SPAN_A)
    enter_link (p, out, detail);
  else if (span_tags (type, &open, &close))
    g_string_append (out, open);

  return 0;
}

static int
leave_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Parser *p = user_data;
  const char *open, *close;
  GString *out = current_markup (p);

  if (out == NULL)
    return 0;

  if (type == MD_SPAN_A)
    leave_link (p, out);
  else if (span_tags (type, &open, &close))
    g_string_append (out, close);

  return 0;
}

/* md4c 0.4.8 can report a piece that runs past the end of the input (an
 * offset one past the end, with a wrapped-around size): the bytes of
 * @text that are inside the input. */
static gsize
clamp_piece (Parser     *p,
             const char *text,
             MD_SIZE     size)
{
  const char *end = p->str + p->len;

  if (size > p->len || (text >= p->str && text <= end + 1 && text + size > end))
    return text < end ? (gsize)(end - text) : 0;

  return size;
}

/* What a break or a NUL shows as. */
static void
special_piece (Parser       *p,
               MD_TEXTTYPE   type,
               const char  **piece,
               gsize        *len)
{
  switch (type)
    {
    case MD_TEXT_BR:
      *piece = "\n";
      *len = 1;
      break;
    case MD_TEXT_SOFTBR:
      *piece = p->leaf->kind == PW_BLOCK_CODE ? "\n" : " ";
      *len = 1;
      break;
    case MD_TEXT_NULLCHAR:
      *piece = "\xEF\xBF\xBD";
      *len = 3;
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_ENTITY:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
    default:
      break;
    }
}

static gboolean
is_task_mark (const char *piece,
              gsize       len)
{
  return len >= 3 && piece[0] == '[' && piece[2] == ']'
         && (piece[1] == ' ' || piece[1] == 'x' || piece[1] == 'X')
         && (len == 3 || piece[3] == ' ' || piece[3] == '\t');
}

/* A step written as a heading carries its mark after the `#` marks: the
 * heading's first text gives it up. */
static void
take_heading_mark (Parser      *p,
                   const char **piece,
                   gsize       *len)
{
  if (!is_task_mark (*piece, *len))
    return;

  p->leaf->task = (*piece)[1] == ' ' ? PW_BLOCK_TASK_OPEN : PW_BLOCK_TASK_DONE;
  *piece += 3;
  *len -= 3;
  while (*len > 0 && (**piece == ' ' || **piece == '\t'))
    {
      (*piece)++;
      (*len)--;
    }
}

/* A code span in a table cell: GFM escapes a pipe in it as `\|`, which
 * md4c leaves in the code's text; the cell shows the pipe. */
static void
append_cell_code (Parser     *p,
                  const char *piece,
                  gsize       len)
{
  gsize start = 0;

  for (gsize i = 0; i + 1 < len; i++)
    {
      if (piece[i] != '\\' || piece[i + 1] != '|')
        continue;
      append_escaped (p->cell, piece + start, i - start);
      g_string_append_len (p->plain, piece + start, i - start);
      start = i + 1;
    }
  append_escaped (p->cell, piece + start, len - start);
  g_string_append_len (p->plain, piece + start, len - start);
}

static int
text_cb (MD_TEXTTYPE  type,
         const char  *text,
         MD_SIZE      size,
         void        *user_data)
{
  Parser *p = user_data;
  const char *piece = text;
  gsize len = clamp_piece (p, text, size);

  if (p->leaf == NULL)
    {
      open_leaf (p, PW_BLOCK_PARAGRAPH);
      p->implicit = TRUE;
    }

  note_text (p, text, len);
  p->row_has_text = TRUE;

  special_piece (p, type, &piece, &len);
  if (p->heading_fresh && type == MD_TEXT_NORMAL)
    take_heading_mark (p, &piece, &len);
  p->heading_fresh = FALSE;

  if (type == MD_TEXT_CODE && p->cell != NULL)
    append_cell_code (p, piece, len);
  else
    {
      append_escaped (current_markup (p), piece, len);
      g_string_append_len (p->plain, piece, len);
    }

  return 0;
}

/* GObject */

static void
pw_block_finalize (GObject *object)
{
  PwBlock *self = (PwBlock *)object;

  g_clear_pointer (&self->marker, g_free);
  g_clear_pointer (&self->markup, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->cells, g_ptr_array_unref);

  G_OBJECT_CLASS (pw_block_parent_class)->finalize (object);
}

static void
pw_block_class_init (PwBlockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_block_finalize;

  /**
   * PwBlock::changed:
   * @self: the block
   *
   * The block took the contents of a newer version of itself
   * (pw_block_take_contents()).
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
pw_block_init (PwBlock *self)
{
  self->step = -1;
}

/* Accessors */

/* The fields read as they are. */
#define DEFINE_GETTER(Type, field, fallback)                \
  Type                                                      \
  pw_block_get_##field (PwBlock *self)                      \
  {                                                         \
    g_return_val_if_fail (PW_IS_BLOCK (self), fallback);    \
    return self->field;                                     \
  }

DEFINE_GETTER (PwBlockKind, kind, PW_BLOCK_PARAGRAPH)
DEFINE_GETTER (PwBlockTask, task, PW_BLOCK_TASK_NONE)
DEFINE_GETTER (guint, level, 0)
DEFINE_GETTER (guint, depth, 0)
DEFINE_GETTER (guint, quote_depth, 0)
DEFINE_GETTER (guint, indent, 0)
DEFINE_GETTER (const char *, marker, NULL)
DEFINE_GETTER (const char *, language, NULL)
DEFINE_GETTER (guint, line, 1)
DEFINE_GETTER (gsize, start, 0)
DEFINE_GETTER (gsize, end, 0)
DEFINE_GETTER (guint, n_rows, 0)
DEFINE_GETTER (guint, n_columns, 0)
DEFINE_GETTER (gint, step, -1)

static void
markup_text_cb (GMarkupParseContext  *context,
                const char           *text,
                gsize                 text_len,
                gpointer              user_data,
                GError              **error)
{
  g_string_append_len (user_data, text, text_len);
}

/* The text of markup made by append_escaped() and the span tags. */
static void
append_markup_text (GString    *out,
                    const char *markup)
{
  static const GMarkupParser parser = { NULL, NULL, markup_text_cb, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  gsize before = out->len;

  context = g_markup_parse_context_new (&parser, 0, out, NULL);
  if (!g_markup_parse_context_parse (context, "<m>", -1, NULL)
      || !g_markup_parse_context_parse (context, markup, -1, NULL)
      || !g_markup_parse_context_parse (context, "</m>", -1, NULL)
      || !g_markup_parse_context_end_parse (context, NULL))
    {
      g_string_truncate (out, before);
      g_string_append (out, markup);
    }
}

const char *
pw_block_get_markup (PwBlock *self)
{
  g_return_val_if_fail (PW_IS_BLOCK (self), "");

  if (self->markup == NULL && self->text != NULL && keeps_text (self->kind))
    {
      GString *markup = g_string_new (NULL);

      append_escaped (markup, self->text, strlen (self->text));
      self->markup = g_string_free (markup, FALSE);
    }

  return self->markup != NULL ? self->markup : "";
}

const char *
pw_block_get_text (PwBlock *self)
{
  g_return_val_if_fail (PW_IS_BLOCK (self), "");

  if (self->text == NULL && self->markup != NULL)
    {
      GString *text = g_string_new (NULL);

      append_markup_text (text, self->markup);
      self->text = g_string_free (text, FALSE);
    }
  else if (self->text == NULL && self->cells != NULL)
    {
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < self->cells->len; i++)
        {
          append_markup_text (text, g_ptr_array_index (self->cells, i));
          g_string_append_c (text, (i + 1) % MAX (self->n_columns, 1) == 0 ? '\n' : '\t');
        }
      self->text = g_string_free (text, FALSE);
    }

  return self->text != NULL ? self->text : "";
}

/**
 * pw_block_get_cell_markup:
 * @self: a %PW_BLOCK_TABLE block
 * @row: row, 0 being the header
 * @column: column
 *
 * Returns: (nullable): the escaped markup of the cell
 */
const char *
pw_block_get_cell_markup (PwBlock *self,
                          guint    row,
                          guint    column)
{
  g_return_val_if_fail (PW_IS_BLOCK (self), NULL);

  if (self->cells == NULL || row >= self->n_rows || column >= self->n_columns)
    return NULL;

  return g_ptr_array_index (self->cells, row * self->n_columns + column);
}

void
pw_block_set_step (PwBlock *self,
                   gint     step)
{
  g_return_if_fail (PW_IS_BLOCK (self));
  self->step = step;
}

/* Whether the kept strings of two blocks of one kind are equal (the
 * derived one may not be made yet in either). */
static gboolean
same_contents (PwBlock *a,
               PwBlock *b)
{
  if (keeps_text (a->kind) ? g_strcmp0 (a->text, b->text) != 0
                           : g_strcmp0 (a->markup, b->markup) != 0)
    return FALSE;
  if (a->cells == NULL || b->cells == NULL)
    return a->cells == b->cells;
  if (a->cells->len != b->cells->len)
    return FALSE;
  for (guint i = 0; i < a->cells->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (a->cells, i), g_ptr_array_index (b->cells, i)) != 0)
        return FALSE;
    }

  return TRUE;
}

/**
 * pw_block_equal:
 * @a: a #PwBlock
 * @b: a #PwBlock
 *
 * Returns: whether the two blocks render the same at the same place, step
 *   included
 */
gboolean
pw_block_equal (PwBlock *a,
                PwBlock *b)
{
  g_return_val_if_fail (PW_IS_BLOCK (a), FALSE);
  g_return_val_if_fail (PW_IS_BLOCK (b), FALSE);

  return a == b
         || (pw_block_same_shape (a, b) && a->end == b->end && a->n_rows == b->n_rows
             && same_contents (a, b));
}

/* Parsing */

/**
 * pw_blocks_parse_stream:
 * @text: the whole text
 * @length: its length in bytes
 * @offset: where to start, a line start
 * @first_line: the 1-based line at @offset
 * @stable_end: (out) (optional): see pw_blocks_stable_end()
 * @stable_line: (out) (optional): the line at @stable_end
 *
 * Returns: (transfer full) (element-type PwBlock): the blocks from @offset
 */
GPtrArray *
pw_blocks_parse_stream (const char *text,
                        gsize       length,
                        gsize       offset,
                        guint       first_line,
                        gsize      *stable_end,
                        guint      *stable_line)
{
  MD_PARSER md = { 0, };
  Parser p = { 0, };

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (offset <= length, NULL);

  md.flags = MD_FLAG_TABLES | MD_FLAG_TASKLISTS | MD_FLAG_STRIKETHROUGH;
  md.enter_block = enter_block_cb;
  md.leave_block = leave_block_cb;
  md.enter_span = enter_span_cb;
  md.leave_span = leave_span_cb;
  md.text = text_cb;

  p.str = text != NULL ? text : "";
  p.len = length;
  p.offset = offset;
  p.first_line = MAX (first_line, 1);
  p.line_pos = offset;
  p.line_no = p.first_line;
  p.scan = offset;
  p.stable = offset;
  p.stable_line = p.first_line;
  p.blocks = g_ptr_array_new_with_free_func (g_object_unref);
  p.frames = g_array_new (FALSE, FALSE, sizeof (Frame));
  p.links = g_array_new (FALSE, FALSE, sizeof (gboolean));

  if (length > offset)
    md_parse (p.str + offset, length - offset, &md, &p);

  /* md4c stops early only on errors; drop what a failed parse left open. */
  if (p.leaf != NULL)
    close_leaf (&p);
  if (p.cell != NULL)
    g_string_free (p.cell, TRUE);
  g_clear_pointer (&p.cells, g_ptr_array_unref);
  g_clear_pointer (&p.pending_marker, g_free);
  g_array_unref (p.frames);
  g_array_unref (p.links);

  if (stable_end != NULL)
    *stable_end = p.stable;
  if (stable_line != NULL)
    *stable_line = p.stable_line;

  return p.blocks;
}

/**
 * pw_blocks_parse:
 * @text: the whole text
 * @length: its length in bytes
 * @offset: where to start, a line start
 * @first_line: the 1-based line at @offset
 *
 * Returns: (transfer full) (element-type PwBlock): the blocks from @offset
 */
GPtrArray *
pw_blocks_parse (const char *text,
                 gsize       length,
                 gsize       offset,
                 guint       first_line)
{
  return pw_blocks_parse_stream (text, length, offset, first_line, NULL, NULL);
}

/**
 * pw_blocks_stable_end:
 * @text: the whole text
 * @length: its length in bytes
 *
 * Returns: the line start from which a parse gives the same blocks as a
 *   parse from the top, whatever is appended to @text
 */
gsize
pw_blocks_stable_end (const char *text,
                      gsize       length)
{
  g_autoptr(GPtrArray) blocks = NULL;
  gsize stable = 0;

  blocks = pw_blocks_parse_stream (text, length, 0, 1, &stable, NULL);

  return stable;
}

/**
 * pw_blocks_bind_steps:
 * @blocks: (element-type PwBlock): blocks in document order
 * @plan: the plan they come from
 *
 * Sets each list item's and heading's step from the plan's step on the
 * same line, and -1 on every other block. Steps before the first block's
 * line are skipped by bisection, so binding a streamed tail is cheap.
 */
void
pw_blocks_bind_steps (GPtrArray *blocks,
                      PwPlan    *plan)
{
  guint n_steps;
  guint lo = 0, hi;
  guint first_line;

  g_return_if_fail (blocks != NULL);
  g_return_if_fail (PW_IS_PLAN (plan));

  if (blocks->len == 0)
    return;

  n_steps = pw_plan_get_n_steps (plan);
  first_line = pw_block_get_line (g_ptr_array_index (blocks, 0));
  hi = n_steps;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (pw_plan_get_step (plan, mid)->line < first_line)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = 0; i < blocks->len; i++)
    {
      PwBlock *block = g_ptr_array_index (blocks, i);
      gint step = -1;

      while (lo < n_steps && pw_plan_get_step (plan, lo)->line < block->line)
        lo++;
      if (lo < n_steps && pw_plan_get_step (plan, lo)->line == block->line
          && (block->kind == PW_BLOCK_LIST_ITEM || block->kind == PW_BLOCK_HEADING))
        {
          step = lo;
          lo++;
        }
      block->step = step;
    }
}

/**
 * pw_block_same_shape:
 * @a: a block
 * @b: another block
 *
 * Whether @b is @a grown or changed in its contents only: the same kind of
 * block at the same place with the same marker, step, nesting, level and
 * language, so that what shows @a can show @b by updating its text.
 *
 * Returns: %TRUE if they have the same shape
 */
gboolean
pw_block_same_shape (PwBlock *a,
                     PwBlock *b)
{
  g_return_val_if_fail (PW_IS_BLOCK (a), FALSE);
  g_return_val_if_fail (PW_IS_BLOCK (b), FALSE);

  return a->kind == b->kind && a->task == b->task && a->level == b->level
         && a->depth == b->depth && a->quote_depth == b->quote_depth
         && a->indent == b->indent && a->line == b->line && a->start == b->start
         && a->step == b->step && a->n_columns == b->n_columns
         && g_strcmp0 (a->marker, b->marker) == 0 && g_strcmp0 (a->language, b->language) == 0;
}

/**
 * pw_block_take_contents:
 * @self: a block
 * @from: a block of the same shape (pw_block_same_shape())
 *
 * Makes @self equal to @from, taking its strings, and emits
 * PwBlock::changed. While a plan streams, its last block grows piece by
 * piece: the block shown stays the same object and only its contents move.
 */
void
pw_block_take_contents (PwBlock *self,
                        PwBlock *from)
{
  g_return_if_fail (PW_IS_BLOCK (self));
  g_return_if_fail (PW_IS_BLOCK (from));
  g_return_if_fail (pw_block_same_shape (self, from));

  if (pw_block_equal (self, from))
    return;

  self->end = from->end;
  self->n_rows = from->n_rows;
  g_clear_pointer (&self->markup, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->cells, g_ptr_array_unref);
  self->markup = g_steal_pointer (&from->markup);
  self->text = g_steal_pointer (&from->text);
  self->cells = g_steal_pointer (&from->cells);
  /* @from keeps a consistent, empty state. */
  from->n_rows = 0;

  g_signal_emit (self, signals[CHANGED], 0);
}
