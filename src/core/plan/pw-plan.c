/* pw-plan.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan"

#include "config.h"

#include <glib/gi18n.h>
#include <md4c.h>
#include <string.h>

#include "pw-md-restart.h"
#include "pw-plan.h"
#include "pw-plan-private.h"
#include "pw-utils.h"

/*
 * PwPlan keeps the text of a plan byte for byte and a model built from it
 * with md4c. The model is made of raw records (every heading and every list
 * item md4c reports, with byte offsets into the text) from which the public
 * sections and steps are derived on demand.
 *
 * Streaming: appending only grows the text and marks the model dirty; the
 * parse happens when the model is read. A re-parse does not start from the
 * top: it starts at the last ATX heading that md4c reported directly under
 * the document and whose line was complete. Such a heading closes every
 * container and no later byte can change how the text before it parses, so
 * the records before it are kept and md4c only parses the suffix. The only
 * exception is a link reference definition, which is global in CommonMark;
 * pw_plan_finish() therefore parses the whole text once more, which makes the
 * finished model exactly the one-shot model.
 *
 * A long list under one heading (a plan's hundreds of steps) would make
 * that quadratic, so the start of the last item of a list directly under
 * the document is a restart point too, once the item's first line is
 * complete and its text began before any nested block. No later byte can
 * move that item out of its list, and what md4c reports from there on does
 * not depend on the items before it (the records hold no tightness, and
 * markers are recorded as written), except that md4c opens a new list: the
 * re-parse files that list's items under the list the item belonged to, so
 * the records are those of a parse from the top.
 *
 * Task marks: a list step gets `[ ] `/`[x] ` right after its list marker, as
 * GitHub task lists have it; a step written as a sub-heading gets it right
 * after the `#` marks (`### [x] Step 1: …`). The step parser strips that mark
 * from sub-headings before it looks at them, so they stay the same step.
 */

#define FRONT_MATTER_MAX (64 * 1024)
#define OPEN_TAG "<analysis>"
#define CLOSE_TAG "</analysis>"
#define NO_OFFSET G_MAXSIZE

typedef struct
{
  guint     items_before; /* number of list items before the heading */
  gsize     offset;       /* start of the heading's line */
  gsize     mark_offset;  /* first byte after the `#` marks and spaces */
  guint     level;
  gboolean  atx;
  gboolean  has_checkbox;
  gboolean  done;
  gint8     is_steps;     /* names the steps section; -1 until asked */
  gint8     step_like;    /* names one step ("Krok 1", "3. …"); -1 until asked */
  char     *title;        /* source text after the marks, trimmed (owned) */
  char     *text;         /* plain text, task mark stripped (owned) */
} RawHeading;

typedef struct
{
  gsize     offset;       /* list marker, or a lower bound when not located */
  gsize     mark_offset;
  guint     depth;
  guint     list;
  gboolean  located;
  gboolean  has_checkbox;
  gboolean  done;
  char     *text;         /* (owned) */
} RawItem;

typedef struct
{
  gsize    offset;
  guint    depth;
  guint    start;
  gboolean ordered;
} RawList;

#define MAX_LEVEL 6

typedef struct
{
  GArray   *subs;            /* headings at this level under the steps heading */
  GArray   *step_subs;       /* those that name a step */
  GArray   *run_items;       /* top numbered items from the first step sub on */
  GArray   *before;          /* top items before the first sub */
  gsize     first_sub;
  gsize     first_step_sub;
  guint     n_lists;         /* numbered lists among run_items */
  guint     subs_with_lists; /* changes of the sub those lists sit under */
  gint      last_list;
  gint      last_sub;
  gboolean  restarts;        /* a later list starts again from 1 */
} LevelScan;

typedef struct
{
  guint     n_heads;         /* records looked at */
  guint     n_items;
  gint      first_any;       /* title candidates */
  gint      first_title;
  gint      found;           /* the steps heading, or -1 */
  gint      end;             /* the heading that closes its section, or -1 */
  guint     end_item;        /* first item after the section, once closed */
  guint     min_level;       /* of the sub-headings, G_MAXUINT before one */
  gboolean  any_ordered;
  gsize     min_item;        /* smallest offset of a top item */
  GArray   *items;           /* top items of the section */
  GArray   *ordered;         /* those of numbered lists */
  LevelScan levels[MAX_LEVEL + 1];
} StepScan;

typedef enum
{
  STEPS_NONE,
  STEPS_RUN_ITEMS,
  STEPS_STEP_SUBS,
  STEPS_SUBS,
  STEPS_ORDERED,
  STEPS_BEFORE,
  STEPS_ITEMS,
} StepsFrom;

struct _PwPlan
{
  GObject       parent_instance;

  /* owned */
  GString      *text;
  guint         edit_serial;         /* bumped by every change but an append */
  GFile        *file;                /* (nullable) */
  char         *etag;                /* (nullable) */

  /* raw records, in document order */
  GArray       *headings;            /* RawHeading */
  GArray       *items;               /* RawItem */
  GArray       *lists;               /* RawList */
  GArray       *line_starts;         /* gsize, offsets of each line's first byte */
  gsize         lines_scanned;
  GArray       *analysis;            /* PwPlanRange, closed blocks */
  GArray       *ranges_view;         /* PwPlanRange, closed and open blocks */
  gsize         analysis_open;       /* start of an unterminated block or NO_OFFSET */
  gsize         analysis_scanned;

  /* derived model */
  GPtrArray    *sections;            /* PwPlanSection */
  GArray       *steps;               /* PwPlanStep */
  guint         n_done;
  gint          steps_section;
  StepScan     *scan;                /* what the step rules need, see derive_steps() */
  StepsFrom     steps_kind;          /* where the steps came from last time */
  GArray       *steps_array;
  guint         steps_kept;          /* how many of them came from kept records */
  char         *title;               /* (nullable) */

  /* state */
  gsize         restart;             /* where the next parse may begin */
  gint          restart_list;        /* list continued at @restart, or -1 */
  gsize         parsed_base;         /* front matter end used by the last parse */
  gboolean      front_matter_known;
  gsize         front_matter_end;
  guint         dirty : 1;
  guint         finished : 1;
};

G_DEFINE_FINAL_TYPE (PwPlan, pw_plan, G_TYPE_OBJECT)

G_DEFINE_QUARK (pw-plan-error-quark, pw_plan_error)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_TITLE,
  PROP_FINISHED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static guint notify_signal_id;
static GQuark text_quark;

/* Headings whose text, folded to lowercase ASCII with numbering, emoji and
 * markup removed, starts with one of these open the implementation steps. */
static const char * const steps_titles[] = {
  "implementation steps",
  "implementation stages",
  "implementation order",
  "implementation plan steps",
  "implementation phases",
  "implementation sequence",
  "implementation roadmap",
  "step by step implementation",
  "steps to implement",
  "deployment steps",
  "kroki implementacji",
  "kroki wdrozenia",
  "etapy wdrozenia",
  "etapy implementacji",
  "kolejnosc implementacji",
  "kolejnosc wdrozenia",
  "kolejnosc krokow",
  "plan wdrozenia krok po kroku",
  "plan implementacji krok po kroku",
  "wdrozenie krok po kroku",
  "implementacja krok po kroku",
};

/* Sub-headings that name a step: "Step 1", "Krok 2", "Phase 3", … */
static const char * const step_words[] = {
  "step", "krok", "phase", "faza", "etap", "stage", "part", "czesc", "milestone",
};

/* Helpers */

static void
raw_heading_clear (gpointer data)
{
  RawHeading *h = data;

  g_clear_pointer (&h->title, g_free);
  g_clear_pointer (&h->text, g_free);
}

static void
raw_item_clear (gpointer data)
{
  RawItem *item = data;

  g_clear_pointer (&item->text, g_free);
}

static void
section_free (gpointer data)
{
  PwPlanSection *section = data;

  g_free (section->title);
  g_free (section);
}

/* Returns a valid UTF-8 copy: a stream may stop inside a sequence. */
static char *
dup_valid (const char *str,
           gssize      len)
{
  if (len < 0)
    len = strlen (str);

  if (g_utf8_validate_len (str, len, NULL) && memchr (str, '\0', len) == NULL)
    return g_strndup (str, len);

  return g_utf8_make_valid (str, len);
}

/* memmem() is a GNU extension; tags are short, so memchr() on '<' will do. */
static const char *
find_bytes (const char *haystack,
            gsize       len,
            const char *needle,
            gsize       needle_len)
{
  const char *p = haystack;
  const char *end = haystack + len;

  while (p + needle_len <= end)
    {
      p = memchr (p, needle[0], (end - p) - needle_len + 1);
      if (p == NULL)
        return NULL;
      if (memcmp (p, needle, needle_len) == 0)
        return p;
      p++;
    }

  return NULL;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
is_eol (char c)
{
  return c == '\n' || c == '\r';
}

static gsize
line_end (const char *str,
          gsize       len,
          gsize       pos)
{
  while (pos < len && !is_eol (str[pos]))
    pos++;

  return pos;
}

/* Whether @str (not NUL-terminated, @len bytes) starts with a task mark
 * `[ ]`, `[x]` or `[X]` followed by a space, a tab or its end. */
static gboolean
starts_with_task_mark (const char *str,
                       gsize       len,
                       gboolean   *done)
{
  if (len < 3 || str[0] != '[' || str[2] != ']')
    return FALSE;
  if (str[1] != ' ' && str[1] != 'x' && str[1] != 'X')
    return FALSE;
  if (len > 3 && !is_space (str[3]) && !is_eol (str[3]))
    return FALSE;

  if (done != NULL)
    *done = str[1] != ' ';

  return TRUE;
}

/* A heading as lowercase ASCII words separated by single spaces, without
 * numbering, emoji or markup (see pw_text_fold()). */
static char *
fold_title (const char *title)
{
  return pw_text_fold (title, ' ', PW_TEXT_FOLD_DROP_NUMBERING);
}

static gboolean
has_word_prefix (const char *folded,
                 const char *prefix)
{
  gsize n = strlen (prefix);

  return strncmp (folded, prefix, n) == 0 && (folded[n] == '\0' || folded[n] == ' ');
}

static gboolean
is_steps_title (const char *title)
{
  g_autofree char *folded = fold_title (title);

  for (guint i = 0; i < G_N_ELEMENTS (steps_titles); i++)
    {
      if (has_word_prefix (folded, steps_titles[i]))
        return TRUE;
    }

  return FALSE;
}

/* Whether @p starts with a number and `.`, `)` or `:` ("4. …"). */
static gboolean
starts_with_number (const char *p)
{
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;

  return *p == '.' || *p == ')' || *p == ':';
}

/* Whether a sub-heading names a step: "Krok 3: …", "Phase 1", "4. …". */
static gboolean
is_step_heading (const RawHeading *h)
{
  g_autofree char *folded = NULL;
  const char *p = h->title + (h->has_checkbox ? 3 : 0);

  p += strspn (p, " \t*_`");
  if (starts_with_number (p))
    return TRUE;

  folded = fold_title (p);
  for (guint i = 0; i < G_N_ELEMENTS (step_words); i++)
    {
      gsize n = strlen (step_words[i]);

      if (strncmp (folded, step_words[i], n) == 0 && folded[n] == ' '
          && g_ascii_isdigit (folded[n + 1]))
        return TRUE;
    }

  return FALSE;
}

/* Line index */

static void
scan_lines (PwPlan   *self,
            gboolean  final)
{
  const char *str = self->text->str;
  gsize len = self->text->len;
  gsize pos = self->lines_scanned;

  if (self->line_starts->len == 0)
    {
      gsize zero = 0;

      g_array_append_val (self->line_starts, zero);
    }

  /* Most plans have no CR at all: then only LF needs looking for. */
  if (memchr (str + pos, '\r', len - pos) == NULL)
    {
      const char *nl;

      while (pos < len && (nl = memchr (str + pos, '\n', len - pos)) != NULL)
        {
          gsize next = (nl - str) + 1;

          g_array_append_val (self->line_starts, next);
          pos = next;
        }
      self->lines_scanned = len;
      return;
    }

  while (pos < len)
    {
      const char *nl = memchr (str + pos, '\n', len - pos);
      const char *cr = memchr (str + pos, '\r', (nl != NULL ? (gsize)(nl - str) : len) - pos);
      gsize next;

      if (cr != NULL)
        {
          gsize at = cr - str;

          /* A lone CR ends a line; CR LF ends it once. At the end of a
           * stream chunk we cannot tell yet. */
          if (at + 1 >= len && !final)
            break;
          next = (at + 1 < len && str[at + 1] == '\n') ? at + 2 : at + 1;
        }
      else if (nl != NULL)
        {
          next = (nl - str) + 1;
        }
      else
        {
          pos = len;
          break;
        }

      g_array_append_val (self->line_starts, next);
      pos = next;
    }

  self->lines_scanned = pos;
}

/* 1-based line of @offset; *@start receives that line's first byte.
 * @hint (nullable) holds the last answer: parsing moves forward, so looking
 * near it first avoids a binary search over every line most of the time. */
static guint
line_of (PwPlan *self,
         gsize   offset,
         gsize  *start,
         guint  *hint)
{
  const gsize *starts = (const gsize *)(gpointer)self->line_starts->data;
  guint lo = 0;
  guint hi = self->line_starts->len;

  if (hint != NULL && *hint > 0 && *hint <= hi && starts[*hint - 1] <= offset)
    {
      guint i = *hint;

      /* A few lines forward, then fall back to bisection. */
      for (guint k = 0; k < 8 && i < hi && starts[i] <= offset; k++)
        i++;
      if (i == hi || starts[i] > offset)
        {
          *hint = i;
          if (start != NULL)
            *start = starts[i - 1];
          return i;
        }
      lo = i;
    }

  /* First index whose start is > offset. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  g_assert (lo > 0);
  if (start != NULL)
    *start = starts[lo - 1];
  if (hint != NULL)
    *hint = lo;

  return lo;
}

/* Analysis blocks */

static gsize
analysis_block_start (const char *str,
                      gsize       tag)
{
  gsize p = tag;

  /* Take the whole line when only spaces or `#` marks precede the tag. */
  while (p > 0 && (str[p - 1] == ' ' || str[p - 1] == '\t' || str[p - 1] == '#'))
    p--;

  return (p == 0 || is_eol (str[p - 1])) ? p : tag;
}

static void
scan_analysis (PwPlan *self)
{
  const char *str = self->text->str;
  gsize len = self->text->len;
  gsize pos = self->analysis_scanned;

  for (;;)
    {
      const char *tag = self->analysis_open == NO_OFFSET ? OPEN_TAG : CLOSE_TAG;
      gsize tag_len = strlen (tag);
      const char *found = NULL;

      if (pos < len)
        found = find_bytes (str + pos, len - pos, tag, tag_len);

      if (found == NULL)
        {
          /* A tag may be split across appended chunks. */
          self->analysis_scanned = len >= tag_len - 1 ? MAX (pos, len - (tag_len - 1)) : pos;
          break;
        }

      if (self->analysis_open == NO_OFFSET)
        {
          self->analysis_open = analysis_block_start (str, found - str);
        }
      else
        {
          PwPlanRange range = { self->analysis_open, (found - str) + tag_len };

          g_array_append_val (self->analysis, range);
          self->analysis_open = NO_OFFSET;
        }
      pos = (found - str) + tag_len;
    }
}

/* Front matter (YAML between `---` lines at the very top) is no Markdown. */

static void
know_front_matter (PwPlan *self,
                   gsize   end)
{
  self->front_matter_known = TRUE;
  self->front_matter_end = end;
}

/* The start of the line after the line end at @pos. */
static gsize
next_line (const char *str,
           gsize       len,
           gsize       pos)
{
  return pos + ((str[pos] == '\r' && pos + 1 < len && str[pos + 1] == '\n') ? 2 : 1);
}

typedef enum
{
  OPENING_NONE,
  OPENING_UNKNOWN,
  OPENING_FOUND,
} FrontMatterOpening;

/* Whether the text at @base opens front matter: a `---` line. */
static FrontMatterOpening
front_matter_opening (const char *str,
                      gsize       len,
                      gsize       base)
{
  gsize pos = base + 3;

  if (len - base < 3)
    return OPENING_UNKNOWN;
  if (memcmp (str + base, "---", 3) != 0)
    return OPENING_NONE;
  while (pos < len && is_space (str[pos]))
    pos++;

  return pos < len && !is_eol (str[pos]) ? OPENING_NONE : OPENING_FOUND;
}

static gboolean
closes_front_matter (const char *str,
                     gsize       start,
                     gsize       end)
{
  while (end > start && is_space (str[end - 1]))
    end--;

  return end - start == 3
         && (memcmp (str + start, "---", 3) == 0 || memcmp (str + start, "...", 3) == 0);
}

/* The Markdown starts after the closing line that ends at @end. */
static gsize
close_front_matter (PwPlan *self,
                    gsize   end)
{
  const char *str = self->text->str;
  gsize len = self->text->len;

  /* A closing line at the end of a stream may still grow ("---x"): use it,
   * but look again next time. */
  if (end >= len)
    {
      if (self->finished)
        know_front_matter (self, end);
      return end;
    }

  end = next_line (str, len, end);
  know_front_matter (self, end);

  return end;
}

/* Looks for the line closing the front matter opened at @base. */
static gsize
scan_front_matter (PwPlan *self,
                   gsize   base)
{
  const char *str = self->text->str;
  gsize len = self->text->len;
  gsize pos = line_end (str, len, base + 3);

  while (pos < len && pos - base < FRONT_MATTER_MAX)
    {
      gsize start = next_line (str, len, pos);
      gsize end = line_end (str, len, start);

      if (closes_front_matter (str, start, end))
        return close_front_matter (self, end);
      pos = end;
    }

  if (pos - base >= FRONT_MATTER_MAX)
    know_front_matter (self, base);

  return base;
}

static gsize
text_base (PwPlan *self)
{
  const char *str = self->text->str;
  gsize len = self->text->len;
  gsize base = 0;

  if (self->front_matter_known)
    return self->front_matter_end;

  if (len >= 3 && memcmp (str, "\xEF\xBB\xBF", 3) == 0)
    base = 3;

  switch (front_matter_opening (str, len, base))
    {
    case OPENING_NONE:
      know_front_matter (self, base);
      return base;
    case OPENING_UNKNOWN:
      return base;
    case OPENING_FOUND:
    default:
      return scan_front_matter (self, base);
    }
}

/* md4c callbacks */

typedef enum
{
  ITEM_DIRECT,   /* in the item, before any block */
  ITEM_PARA,     /* in the item's first paragraph */
  ITEM_DONE,
} ItemState;

typedef struct
{
  guint     item;
  ItemState state;
  gboolean  collect;   /* only top-level items can be steps */
  gboolean  top;       /* in a list directly under the document */
} ItemFrame;

typedef struct
{
  PwPlan      *self;
  const char  *str;
  gsize        len;
  guint        depth;        /* block depth, 1 inside the document */
  GArray      *list_stack;   /* guint indices into self->lists */
  GArray      *item_stack;   /* ItemFrame */
  gint         heading;      /* index being read or -1 */
  gboolean     heading_top;
  GString     *heading_text;
  GString     *item_text;    /* text of the innermost item still collecting */
  gsize        start;        /* where md4c began */
  guint        line_hint;
  gsize        last_pos;
  gsize        restart;
  gint         restart_list;  /* list continued at @restart, or -1 */
  gint         continue_list; /* list the first list of this parse continues, or -1 */
} ParseContext;

/* Past the indent and the `#` marks of an ATX heading line from @start to
 * @end, or NO_OFFSET when it is no ATX heading. */
static gsize
skip_atx_marks (const char *str,
                gsize       len,
                gsize       start,
                gsize       end)
{
  gsize p = start;
  gsize marks;

  while (p < len && p - start < 3 && str[p] == ' ')
    p++;
  marks = strspn (str + p, "#");
  p += marks;
  if (marks < 1 || marks > 6 || (p < end && !is_space (str[p])))
    return NO_OFFSET;

  return p;
}

/* Where an ATX heading's title ends: before trailing spaces and an optional
 * closing sequence of `#`. */
static gsize
atx_title_end (const char *str,
               gsize       p,
               gsize       end)
{
  gsize q = end;
  gsize r;

  while (q > p && is_space (str[q - 1]))
    q--;
  r = q;
  while (r > p && str[r - 1] == '#')
    r--;
  if (r != p && (r == q || !is_space (str[r - 1])))
    return q;

  while (r > p && is_space (str[r - 1]))
    r--;

  return r;
}

static void
locate_heading (ParseContext *ctx,
                RawHeading   *h,
                gsize         pos)
{
  const char *str = ctx->str;
  gsize start, p, end, q;

  line_of (ctx->self, pos, &start, &ctx->line_hint);
  /* A byte-order mark is not part of the first line's Markdown. */
  start = MAX (start, ctx->start);
  h->offset = start;
  h->mark_offset = pos;

  end = line_end (str, ctx->len, start);
  p = skip_atx_marks (str, ctx->len, start, end);
  h->atx = p != NO_OFFSET;
  if (!h->atx)
    return;

  while (p < end && is_space (str[p]))
    p++;
  h->mark_offset = p;

  q = atx_title_end (str, p, end);
  h->title = dup_valid (str + p, q - p);
  h->has_checkbox = starts_with_task_mark (str + p, q - p, &h->done);

  if (ctx->heading_top && pw_md_restart_advance (&ctx->restart, ctx->str, ctx->len, h->offset))
    ctx->restart_list = -1;
}

/* A top-level item just located while it is the only open item: its line
 * start is a restart point once the line is complete. */
static void
note_item_restart (ParseContext *ctx,
                   RawItem      *item)
{
  gsize start;

  line_of (ctx->self, item->offset, &start, &ctx->line_hint);
  start = MAX (start, ctx->start);
  if (pw_md_restart_advance (&ctx->restart, ctx->str, ctx->len, start))
    ctx->restart_list = item->list;
}

/* Past a list marker (`-`, `*`, `+`, `1.` or `1)`) at @p, before @pos, or
 * NO_OFFSET. */
static gsize
skip_list_marker (const char *str,
                  gsize       p,
                  gsize       pos)
{
  guint digits = 0;

  if (p < pos && (str[p] == '-' || str[p] == '*' || str[p] == '+'))
    return p + 1;

  while (p < pos && g_ascii_isdigit (str[p]) && digits < 10)
    {
      p++;
      digits++;
    }
  if (digits == 0 || p >= pos || (str[p] != '.' && str[p] != ')'))
    return NO_OFFSET;

  return p + 1;
}

/* Where an item's content starts after its marker ending at @p: after up to
 * four spaces, or one when more follow or the line ends. */
static gsize
item_content_start (const char *str,
                    gsize       len,
                    gsize       p)
{
  gsize s = p;

  while (s < len && is_space (str[s]) && s - p < 4)
    s++;
  if (s - p >= 4 || s >= len || is_eol (str[s]))
    s = MIN (p + 1, len);

  return s;
}

/* Finds an item's list marker on the line holding @pos. */
static void
locate_item (ParseContext *ctx,
             RawItem      *item,
             gsize         pos)
{
  const char *str = ctx->str;
  gsize start, p;
  gsize marker = NO_OFFSET;
  gsize content = NO_OFFSET;

  line_of (ctx->self, pos, &start, &ctx->line_hint);
  p = MAX (start, ctx->start);

  /* Skip the container prefixes and every marker before @pos: the last
   * marker is this item's, its content starts after the spaces. */
  while (p < pos)
    {
      gsize m, after;

      while (p < pos && (is_space (str[p]) || str[p] == '>'))
        p++;
      m = p;
      after = skip_list_marker (str, p, pos);
      if (after == NO_OFFSET
          || (after < ctx->len && !is_space (str[after]) && !is_eol (str[after])))
        break;
      marker = m;
      content = p = item_content_start (str, ctx->len, after);
    }

  if (marker == NO_OFFSET)
    return;

  item->offset = marker;
  if (item->mark_offset == NO_OFFSET)
    item->mark_offset = content;
  item->located = TRUE;
}

static void
note_text (ParseContext *ctx,
           const char   *text,
           gsize         size)
{
  gsize pos;

  if (text < ctx->str || text > ctx->str + ctx->len)
    return;

  pos = text - ctx->str;

  if (ctx->heading >= 0)
    {
      RawHeading *h = &g_array_index (ctx->self->headings, RawHeading, ctx->heading);

      if (h->offset == NO_OFFSET)
        locate_heading (ctx, h, pos);
    }

  for (guint i = 0; i < ctx->item_stack->len; i++)
    {
      ItemFrame *frame = &g_array_index (ctx->item_stack, ItemFrame, i);
      RawItem *item = &g_array_index (ctx->self->items, RawItem, frame->item);

      if (!item->located)
        {
          locate_item (ctx, item, pos);
          if (item->located && frame->top && ctx->item_stack->len == 1)
            note_item_restart (ctx, item);
        }
    }

  ctx->last_pos = MAX (ctx->last_pos, pos + size);
}

/* The item's first line or paragraph is over: keep its text. */
static void
close_item_text (ParseContext *ctx,
                 ItemFrame    *frame)
{
  RawItem *item = &g_array_index (ctx->self->items, RawItem, frame->item);
  const char *str = ctx->item_text->str;
  gsize len = ctx->item_text->len;

  while (len > 0 && g_ascii_isspace (*str))
    {
      str++;
      len--;
    }
  while (len > 0 && g_ascii_isspace (str[len - 1]))
    len--;

  g_free (item->text);
  item->text = frame->collect ? dup_valid (str, len) : NULL;
  g_string_truncate (ctx->item_text, 0);
  frame->state = ITEM_DONE;
}

/* A block starts inside the innermost item: its first paragraph may start,
 * else the item's first text is over. */
static void
enter_item_block (ParseContext *ctx,
                  MD_BLOCKTYPE  type)
{
  ItemFrame *frame;

  if (ctx->item_stack->len == 0)
    return;

  frame = &g_array_index (ctx->item_stack, ItemFrame, ctx->item_stack->len - 1);
  if (frame->state == ITEM_DIRECT && type == MD_BLOCK_P && ctx->item_text->len == 0)
    frame->state = ITEM_PARA;
  else if (frame->state != ITEM_DONE)
    close_item_text (ctx, frame);
}

static void
enter_list (ParseContext *ctx,
            MD_BLOCKTYPE  type,
            void         *detail)
{
  PwPlan *self = ctx->self;
  RawList list = { ctx->last_pos, ctx->list_stack->len, 1, type == MD_BLOCK_OL };
  guint index = self->lists->len;

  /* A parse that starts at an item of a list goes on with that list. */
  if (ctx->continue_list >= 0 && ctx->depth == 2
      && g_array_index (self->lists, RawList, ctx->continue_list).ordered == list.ordered)
    {
      index = ctx->continue_list;
    }
  else
    {
      if (type == MD_BLOCK_OL)
        list.start = ((MD_BLOCK_OL_DETAIL *)detail)->start;
      g_array_append_val (self->lists, list);
    }
  ctx->continue_list = -1;
  g_array_append_val (ctx->list_stack, index);
}

static void
enter_item (ParseContext       *ctx,
            MD_BLOCK_LI_DETAIL *li)
{
  PwPlan *self = ctx->self;
  RawItem item = { ctx->last_pos, NO_OFFSET, 0, 0, FALSE, FALSE, FALSE, NULL };
  ItemFrame frame = { self->items->len, ITEM_DIRECT, ctx->list_stack->len == 1,
                      ctx->list_stack->len == 1 && ctx->depth == 3 };
  RawItem *added;

  g_assert (ctx->list_stack->len > 0);
  item.depth = ctx->list_stack->len - 1;
  item.list = g_array_index (ctx->list_stack, guint, ctx->list_stack->len - 1);
  /* task_mark_offset counts from where md4c started. */
  if (li->is_task && li->task_mark_offset >= 1 && ctx->start + li->task_mark_offset < ctx->len)
    {
      item.has_checkbox = TRUE;
      item.done = li->task_mark != ' ';
      item.mark_offset = ctx->start + li->task_mark_offset - 1;
      /* The mark sits on the item's first line. */
      note_text (ctx, ctx->str + item.mark_offset, 0);
    }
  g_array_append_val (self->items, item);
  g_array_append_val (ctx->item_stack, frame);
  if (!item.has_checkbox)
    return;

  added = &g_array_index (self->items, RawItem, frame.item);
  locate_item (ctx, added, item.mark_offset);
  if (added->located && frame.top && ctx->item_stack->len == 1)
    note_item_restart (ctx, added);
}

static void
enter_heading (ParseContext      *ctx,
               MD_BLOCK_H_DETAIL *detail)
{
  PwPlan *self = ctx->self;
  RawHeading h = { self->items->len, NO_OFFSET, NO_OFFSET, detail->level, FALSE, FALSE, FALSE,
                   -1, -1, NULL, NULL };

  ctx->heading = self->headings->len;
  ctx->heading_top = ctx->depth == 2;
  g_string_truncate (ctx->heading_text, 0);
  g_array_append_val (self->headings, h);
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  ParseContext *ctx = user_data;

  ctx->depth++;
  enter_item_block (ctx, type);

  if (type == MD_BLOCK_UL || type == MD_BLOCK_OL)
    enter_list (ctx, type, detail);
  else if (type == MD_BLOCK_LI)
    enter_item (ctx, detail);
  else if (type == MD_BLOCK_H)
    enter_heading (ctx, detail);

  return 0;
}

/* The heading's text is complete: keep it, without a task mark. */
static void
leave_heading (ParseContext *ctx)
{
  RawHeading *h = &g_array_index (ctx->self->headings, RawHeading, ctx->heading);
  char *text = g_strstrip (ctx->heading_text->str);
  gboolean done;

  if (starts_with_task_mark (text, strlen (text), &done))
    text += 3;
  h->text = dup_valid (g_strstrip (text), -1);
  if (h->offset == NO_OFFSET)
    {
      /* No text to find it by: keep it ordered, but not a section. */
      h->offset = ctx->last_pos;
      h->atx = FALSE;
    }
  if (h->title == NULL)
    h->title = g_strdup ("");
  ctx->heading = -1;
}

static ItemFrame *
innermost_item (ParseContext *ctx)
{
  if (ctx->item_stack->len == 0)
    return NULL;

  return &g_array_index (ctx->item_stack, ItemFrame, ctx->item_stack->len - 1);
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  ParseContext *ctx = user_data;
  ItemFrame *frame;

  ctx->depth--;

  if (type == MD_BLOCK_UL || type == MD_BLOCK_OL)
    {
      g_array_set_size (ctx->list_stack, ctx->list_stack->len - 1);
    }
  else if (type == MD_BLOCK_LI)
    {
      frame = innermost_item (ctx);
      if (frame->state != ITEM_DONE)
        close_item_text (ctx, frame);
      g_array_set_size (ctx->item_stack, ctx->item_stack->len - 1);
      return 0;
    }
  else if (type == MD_BLOCK_H && ctx->heading >= 0)
    {
      leave_heading (ctx);
    }

  frame = innermost_item (ctx);
  if (frame != NULL && frame->state == ITEM_PARA && type == MD_BLOCK_P)
    close_item_text (ctx, frame);

  return 0;
}

/* Spans change nothing the model holds. */
static int
span_cb (MD_SPANTYPE  type,
         void        *detail,
         void        *user_data)
{
  return 0;
}

static int
text_cb (MD_TEXTTYPE  type,
         const char  *text,
         MD_SIZE      size,
         void        *user_data)
{
  ParseContext *ctx = user_data;
  ItemFrame *frame = innermost_item (ctx);
  const char *piece = text;
  gsize piece_len = size;

  if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
    {
      piece = " ";
      piece_len = 1;
    }
  else if (type == MD_TEXT_NULLCHAR)
    {
      piece = "\xEF\xBF\xBD";
      piece_len = 3;
    }
  else
    {
      note_text (ctx, text, size);
    }

  if (ctx->heading >= 0)
    g_string_append_len (ctx->heading_text, piece, piece_len);

  if (frame != NULL && frame->state != ITEM_DONE && frame->collect)
    g_string_append_len (ctx->item_text, piece, piece_len);

  return 0;
}

/* Model */

static void forget_steps (PwPlan *self);

static void
truncate_records (PwPlan *self,
                  gsize   start)
{
  guint n;

  for (n = self->headings->len; n > 0; n--)
    {
      if (g_array_index (self->headings, RawHeading, n - 1).offset < start)
        break;
    }
  g_array_set_size (self->headings, n);

  for (n = self->items->len; n > 0; n--)
    {
      if (g_array_index (self->items, RawItem, n - 1).offset < start)
        break;
    }
  g_array_set_size (self->items, n);

  for (n = self->lists->len; n > 0; n--)
    {
      if (g_array_index (self->lists, RawList, n - 1).offset < start)
        break;
    }
  g_array_set_size (self->lists, n);

  if (self->headings->len < self->scan->n_heads || self->items->len < self->scan->n_items)
    forget_steps (self);
}

/* Adds the sections of the headings parsed since @first. */
static void
add_sections (PwPlan *self,
              guint   first)
{
  const RawHeading *heads = (const RawHeading *)(gpointer)self->headings->data;
  guint hint = 0;

  for (guint i = first; i < self->headings->len; i++)
    {
      PwPlanSection *section;

      if (heads[i].offset == NO_OFFSET || !heads[i].atx || heads[i].level > 2)
        continue;

      section = g_new0 (PwPlanSection, 1);
      section->title = g_strdup (heads[i].title);
      section->level = heads[i].level;
      section->offset = heads[i].offset;
      section->line = line_of (self, heads[i].offset, NULL, &hint);
      g_ptr_array_add (self->sections, section);
    }
}

/* Parses the text from @start, keeping the records before @keep: @keep is
 * @start for an incremental parse and 0 for a full one. @list is the list
 * an incremental parse goes on with (see the top), or -1. */
static void
parse_from (PwPlan *self,
            gsize   start,
            gsize   keep,
            gint    list)
{
  MD_PARSER parser = { 0, };
  ParseContext ctx = { 0, };
  guint kept;

  parser.flags = MD_FLAG_TASKLISTS | MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH;
  parser.enter_block = enter_block_cb;
  parser.leave_block = leave_block_cb;
  parser.enter_span = span_cb;
  parser.leave_span = span_cb;
  parser.text = text_cb;

  ctx.self = self;
  ctx.str = self->text->str;
  ctx.len = self->text->len;
  ctx.list_stack = g_array_new (FALSE, FALSE, sizeof (guint));
  ctx.item_stack = g_array_new (FALSE, FALSE, sizeof (ItemFrame));
  ctx.heading = -1;
  ctx.heading_text = g_string_new (NULL);
  ctx.item_text = g_string_new (NULL);
  ctx.start = start;
  ctx.last_pos = start;
  ctx.restart = start;
  ctx.restart_list = list;
  ctx.continue_list = list;

  truncate_records (self, keep);
  while (self->sections->len > 0)
    {
      PwPlanSection *last = g_ptr_array_index (self->sections, self->sections->len - 1);

      if (last->offset < keep)
        break;
      g_ptr_array_set_size (self->sections, self->sections->len - 1);
    }
  kept = self->headings->len;

  md_parse (self->text->str + start, self->text->len - start, &parser, &ctx);
  add_sections (self, kept);

  self->restart = ctx.restart;
  self->restart_list = ctx.restart_list;
  g_array_unref (ctx.list_stack);
  g_array_unref (ctx.item_stack);
  g_string_free (ctx.heading_text, TRUE);
  g_string_free (ctx.item_text, TRUE);
}

/* Classifying a heading folds its text, so it is done once and only for
 * the headings the step rules look at. */
static gboolean
heading_is_steps (const RawHeading *h)
{
  RawHeading *mut = (RawHeading *)h;

  if (mut->is_steps < 0)
    mut->is_steps = h->atx && h->level <= 4 && is_steps_title (h->title);

  return mut->is_steps;
}

static gboolean
heading_is_step_like (const RawHeading *h)
{
  RawHeading *mut = (RawHeading *)h;

  if (mut->step_like < 0)
    mut->step_like = h->atx && is_step_heading (h);

  return mut->step_like;
}

/* Steps
 *
 * The counting rules (see the corpus README) look at the steps section as a
 * whole: its sub-headings at the shallowest level under it, whether one of
 * them names a step, whether one numbered list runs on across them. Doing
 * that over every record on each streamed piece makes streaming quadratic,
 * so a StepScan gathers what the rules need in one forward pass, for every
 * level a sub-heading may have, since the shallowest level is only known at
 * the end. Records before the restart point never change (see the top):
 * the scan of them is kept, and the records after it are scanned on a copy
 * whose additions are dropped once the steps are made.
 */

static GArray *
index_array (void)
{
  return g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
level_scan_clear (LevelScan *ls)
{
  g_clear_pointer (&ls->subs, g_array_unref);
  g_clear_pointer (&ls->step_subs, g_array_unref);
  g_clear_pointer (&ls->run_items, g_array_unref);
  g_clear_pointer (&ls->before, g_array_unref);
}

static void
step_scan_clear (StepScan *scan)
{
  g_clear_pointer (&scan->items, g_array_unref);
  g_clear_pointer (&scan->ordered, g_array_unref);
  for (guint l = 0; l <= MAX_LEVEL; l++)
    level_scan_clear (&scan->levels[l]);
}

static void
step_scan_reset (StepScan *scan)
{
  step_scan_clear (scan);
  memset (scan, 0, sizeof *scan);
  scan->first_any = -1;
  scan->first_title = -1;
  scan->found = -1;
  scan->end = -1;
  scan->min_level = G_MAXUINT;
  scan->min_item = NO_OFFSET;
  scan->items = index_array ();
  scan->ordered = index_array ();
}

/* The lengths a scan's arrays had, to drop what a copy added. */
typedef struct
{
  guint items;
  guint ordered;
  struct
  {
    gboolean present;
    guint    subs, step_subs, run_items, before;
  } levels[MAX_LEVEL + 1];
} ScanMark;

static void
step_scan_mark (const StepScan *scan,
                ScanMark       *mark)
{
  mark->items = scan->items->len;
  mark->ordered = scan->ordered->len;
  for (guint l = 0; l <= MAX_LEVEL; l++)
    {
      const LevelScan *ls = &scan->levels[l];

      mark->levels[l].present = ls->subs != NULL;
      if (ls->subs == NULL)
        continue;
      mark->levels[l].subs = ls->subs->len;
      mark->levels[l].step_subs = ls->step_subs->len;
      mark->levels[l].run_items = ls->run_items->len;
      mark->levels[l].before = ls->before->len;
    }
}

/* Undoes a copy's additions to the arrays it shares with the scan it was
 * copied from; levels the copy opened are freed. */
static void
step_scan_rollback (StepScan       *copy,
                    const ScanMark *mark)
{
  g_array_set_size (copy->items, mark->items);
  g_array_set_size (copy->ordered, mark->ordered);
  for (guint l = 0; l <= MAX_LEVEL; l++)
    {
      LevelScan *ls = &copy->levels[l];

      if (!mark->levels[l].present)
        {
          level_scan_clear (ls);
          continue;
        }
      g_array_set_size (ls->subs, mark->levels[l].subs);
      g_array_set_size (ls->step_subs, mark->levels[l].step_subs);
      g_array_set_size (ls->run_items, mark->levels[l].run_items);
      g_array_set_size (ls->before, mark->levels[l].before);
    }
}

static void
scan_heading (PwPlan   *self,
              StepScan *scan,
              guint     i)
{
  const RawHeading *heads = (const RawHeading *)(gpointer)self->headings->data;
  const RawHeading *h = &heads[i];
  LevelScan *ls;

  if (h->offset != NO_OFFSET && h->title != NULL)
    {
      if (scan->first_any < 0)
        scan->first_any = i;
      if (scan->first_title < 0 && h->atx && h->level == 1)
        scan->first_title = i;
    }

  if (scan->found < 0)
    {
      if (heading_is_steps (h))
        scan->found = i;
      return;
    }
  if (scan->end >= 0)
    return;
  if (h->level <= heads[scan->found].level)
    {
      scan->end = i;
      scan->end_item = h->items_before;
      return;
    }

  g_assert (h->level <= MAX_LEVEL);
  ls = &scan->levels[h->level];
  if (ls->subs == NULL)
    {
      ls->subs = index_array ();
      ls->step_subs = index_array ();
      ls->run_items = index_array ();
      /* Every top item so far came before this heading. */
      ls->before = index_array ();
      g_array_append_vals (ls->before, scan->items->data, scan->items->len);
      ls->first_sub = h->offset;
      ls->first_step_sub = NO_OFFSET;
      ls->last_list = -1;
      ls->last_sub = -1;
    }
  scan->min_level = MIN (scan->min_level, h->level);
  g_array_append_val (ls->subs, i);
  if (heading_is_step_like (h))
    {
      g_array_append_val (ls->step_subs, i);
      if (ls->first_step_sub == NO_OFFSET)
        ls->first_step_sub = h->offset;
    }
}

/* Index in @subs of the last heading at or before @offset, or -1. */
static gint
sub_before (const RawHeading *heads,
            GArray           *subs,
            gsize             offset)
{
  guint lo = 0, hi = subs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (heads[g_array_index (subs, guint, mid)].offset <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return (gint)lo - 1;
}

/* Files top item @i for sub-headings of one level. */
static void
scan_item_at_level (const RawHeading *heads,
                    LevelScan        *ls,
                    const RawItem    *item,
                    const RawList    *list,
                    guint             i)
{
  gint sub;

  if (item->offset < ls->first_sub)
    g_array_append_val (ls->before, i);

  /* Does one numbered list run on across the step sub-headings? */
  if (!list->ordered || ls->first_step_sub == NO_OFFSET || item->offset < ls->first_step_sub)
    return;
  g_array_append_val (ls->run_items, i);
  if ((gint)item->list == ls->last_list)
    return;
  ls->last_list = item->list;
  ls->n_lists++;
  if (ls->n_lists > 1 && list->start <= 1)
    ls->restarts = TRUE;
  sub = sub_before (heads, ls->subs, item->offset);
  if (sub != ls->last_sub)
    {
      ls->subs_with_lists++;
      ls->last_sub = sub;
    }
}

static void
scan_item (PwPlan   *self,
           StepScan *scan,
           guint     i)
{
  const RawHeading *heads = (const RawHeading *)(gpointer)self->headings->data;
  const RawItem *item = &g_array_index (self->items, RawItem, i);
  const RawList *list = &g_array_index (self->lists, RawList, item->list);

  if (scan->found < 0 || i < heads[scan->found].items_before)
    return;
  if ((scan->end >= 0 && i >= scan->end_item) || item->depth != 0)
    return;

  g_array_append_val (scan->items, i);
  scan->min_item = MIN (scan->min_item, item->offset);
  if (list->ordered)
    {
      scan->any_ordered = TRUE;
      g_array_append_val (scan->ordered, i);
    }

  for (guint l = 1; l <= MAX_LEVEL; l++)
    {
      if (scan->levels[l].subs != NULL)
        scan_item_at_level (heads, &scan->levels[l], item, list, i);
    }
}

/* Scans the headings up to @n_heads, then the items up to @n_items: a
 * heading of the same stretch may open a section or a sub-heading level
 * the items belong to. */
static void
step_scan_run (PwPlan   *self,
               StepScan *scan,
               guint     n_heads,
               guint     n_items)
{
  for (; scan->n_heads < n_heads; scan->n_heads++)
    scan_heading (self, scan, scan->n_heads);
  for (; scan->n_items < n_items; scan->n_items++)
    scan_item (self, scan, scan->n_items);
}

/* Where the steps come from, by the rules, once everything is scanned. */
static StepsFrom
steps_from (const StepScan  *scan,
            GArray         **from)
{
  const LevelScan *ls = scan->min_level <= MAX_LEVEL ? &scan->levels[scan->min_level] : NULL;

  *from = NULL;
  if (scan->found < 0)
    return STEPS_NONE;

  if (ls != NULL && ls->step_subs->len > 0)
    {
      if (ls->n_lists > 0 && !ls->restarts
          && (ls->subs_with_lists >= 2 || ls->step_subs->len == 1))
        {
          *from = ls->run_items;
          return STEPS_RUN_ITEMS;
        }
      *from = ls->step_subs;
      return STEPS_STEP_SUBS;
    }

  /* Sub-headings, unless a top item comes before them. Without any, all
   * the top items: each of them is before the section's end. */
  if (ls != NULL && scan->min_item >= ls->first_sub)
    {
      *from = ls->subs;
      return STEPS_SUBS;
    }
  if (scan->any_ordered)
    {
      *from = scan->ordered;
      return STEPS_ORDERED;
    }
  *from = ls != NULL ? ls->before : scan->items;

  return ls != NULL ? STEPS_BEFORE : STEPS_ITEMS;
}

/* The length @kind's array had in the scan @mark was taken of; 0 when
 * the copy made that array. */
static guint
marked_length (const ScanMark *mark,
               StepsFrom       kind,
               guint           level)
{
  switch (kind)
    {
    case STEPS_ORDERED:
      return mark->ordered;
    case STEPS_ITEMS:
      return mark->items;
    case STEPS_RUN_ITEMS:
    case STEPS_STEP_SUBS:
    case STEPS_SUBS:
    case STEPS_BEFORE:
      if (!mark->levels[level].present)
        return 0;
      return kind == STEPS_RUN_ITEMS ? mark->levels[level].run_items
           : kind == STEPS_STEP_SUBS ? mark->levels[level].step_subs
           : kind == STEPS_SUBS ? mark->levels[level].subs
           : mark->levels[level].before;
    case STEPS_NONE:
    default:
      return 0;
    }
}

static void
append_step (PwPlan    *self,
             StepsFrom  kind,
             guint      k,
             guint     *line_hint)
{
  PwPlanStep step = { 0, };

  step.index = self->steps->len + 1;
  if (kind == STEPS_STEP_SUBS || kind == STEPS_SUBS)
    {
      const RawHeading *h = &g_array_index (self->headings, RawHeading, k);

      step.text = h->text != NULL ? h->text : h->title;
      step.done = h->done;
      step.has_checkbox = h->has_checkbox;
      step.depth = 0;
      step.offset = h->offset;
      step.mark_offset = h->mark_offset;
    }
  else
    {
      const RawItem *item = &g_array_index (self->items, RawItem, k);

      step.text = item->text != NULL ? item->text : "";
      step.done = item->done;
      step.has_checkbox = item->has_checkbox;
      step.depth = item->depth;
      step.offset = item->offset;
      step.mark_offset = item->mark_offset;
    }
  /* Steps come in text order: each line is found a few lines on. */
  step.line = line_of (self, step.offset, NULL, line_hint);
  if (step.done)
    self->n_done++;
  g_array_append_val (self->steps, step);
}

/* Scans the records that truncate_records() keeps at the next parse: the
 * ones before the restart point. */
static void
scan_kept_records (PwPlan *self)
{
  const RawHeading *heads = (const RawHeading *)(gpointer)self->headings->data;
  StepScan *scan = self->scan;
  guint n_heads, n_items;

  for (n_heads = self->headings->len; n_heads > scan->n_heads; n_heads--)
    {
      if (heads[n_heads - 1].offset < self->restart)
        break;
    }
  for (n_items = self->items->len; n_items > scan->n_items; n_items--)
    {
      if (g_array_index (self->items, RawItem, n_items - 1).offset < self->restart)
        break;
    }
  step_scan_run (self, scan, n_heads, n_items);
}

/* The title: the first level-1 heading, else the first heading. */
static void
take_title (PwPlan         *self,
            const StepScan *scan)
{
  const RawHeading *h;

  if (scan->first_title < 0 && scan->first_any < 0)
    return;

  h = &g_array_index (self->headings, RawHeading,
                      scan->first_title >= 0 ? scan->first_title : scan->first_any);
  self->title = g_strdup (h->text != NULL ? h->text : h->title);
}

/* Drops the steps from @keep on, with their ticks. */
static void
truncate_steps (PwPlan *self,
                guint   keep)
{
  for (guint j = keep; j < self->steps->len; j++)
    {
      if (g_array_index (self->steps, PwPlanStep, j).done)
        self->n_done--;
    }
  if (keep == 0)
    self->n_done = 0;
  g_array_set_size (self->steps, keep);
}

/* The last section at or before @offset, or -1. */
static gint
section_at (PwPlan *self,
            gsize   offset)
{
  guint lo = 0, hi = self->sections->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const PwPlanSection *section = g_ptr_array_index (self->sections, mid);

      if (section->offset <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return (gint)lo - 1;
}

/* Makes the steps from @from (of kind @kind); the steps made from kept
 * records last time stay when the steps come from the same place, and
 * only the ones after them are made again. */
static void
make_steps (PwPlan    *self,
            StepsFrom  kind,
            GArray    *from)
{
  guint keep = 0;
  guint line_hint = 0;

  if (kind == self->steps_kind && from == self->steps_array)
    keep = MIN (self->steps_kept, self->steps->len);
  if (keep > 0)
    line_hint = g_array_index (self->steps, PwPlanStep, keep - 1).line;
  truncate_steps (self, keep);

  for (guint j = keep; from != NULL && j < from->len; j++)
    append_step (self, kind, g_array_index (from, guint, j), &line_hint);
}

/* Brings the scan up to the restart point, scans the rest on a copy and
 * makes the steps; the steps that came from the kept scan last time are
 * kept when the rules still take the steps from the same place. */
static void
derive_steps (PwPlan *self)
{
  StepScan tail;
  ScanMark mark;
  StepsFrom kind;
  GArray *from;

  scan_kept_records (self);
  step_scan_mark (self->scan, &mark);
  tail = *self->scan;
  step_scan_run (self, &tail, self->headings->len, self->items->len);

  take_title (self, &tail);
  kind = steps_from (&tail, &from);
  make_steps (self, kind, from);

  self->steps_section = -1;
  if (tail.found >= 0)
    self->steps_section = section_at (self, g_array_index (self->headings, RawHeading,
                                                           tail.found).offset);

  /* How many of the steps came from the kept scan: the length the array
   * had before the copy added to it. */
  self->steps_kind = kind;
  self->steps_array = from;
  self->steps_kept = MIN (marked_length (&mark, kind, tail.min_level), self->steps->len);
  if (from != NULL && self->steps_kept == 0)
    self->steps_array = NULL;
  step_scan_rollback (&tail, &mark);
}

/* After the records the scan looked at went away. */
static void
forget_steps (PwPlan *self)
{
  step_scan_reset (self->scan);
  self->steps_kind = STEPS_NONE;
  self->steps_array = NULL;
  self->steps_kept = 0;
}

static void
derive_model (PwPlan *self)
{
  g_clear_pointer (&self->title, g_free);
  derive_steps (self);
}

static void
ensure_model (PwPlan *self)
{
  gsize base;
  gsize start;
  gboolean incremental;

  if (!self->dirty)
    return;

  scan_lines (self, self->finished);
  scan_analysis (self);

  base = text_base (self);
  /* A front matter that just closed changes where the Markdown starts. */
  incremental = base == self->parsed_base && self->restart > base;
  start = incremental ? self->restart : base;

  parse_from (self, start, incremental ? start : 0, incremental ? self->restart_list : -1);
  if (self->restart < base)
    {
      self->restart = base;
      self->restart_list = -1;
    }
  self->parsed_base = base;

  derive_model (self);
  self->dirty = FALSE;
}

/* Forgets everything derived from the text, after an edit in the middle. */
static void
reset_model (PwPlan *self)
{
  g_array_set_size (self->headings, 0);
  g_array_set_size (self->items, 0);
  g_array_set_size (self->lists, 0);
  forget_steps (self);
  g_array_set_size (self->line_starts, 0);
  g_array_set_size (self->analysis, 0);
  g_ptr_array_set_size (self->sections, 0);
  self->lines_scanned = 0;
  self->analysis_open = NO_OFFSET;
  self->analysis_scanned = 0;
  self->restart = 0;
  self->restart_list = -1;
  self->parsed_base = 0;
  self->front_matter_known = FALSE;
  self->front_matter_end = 0;
  self->dirty = TRUE;
}

/* Every change that is not an append (set_text, load, ticks) comes here. */
static void
emit_changed (PwPlan *self)
{
  self->edit_serial++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* GObject */

static void
pw_plan_finalize (GObject *object)
{
  PwPlan *self = (PwPlan *)object;

  g_string_free (self->text, TRUE);
  g_clear_object (&self->file);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->headings, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->lists, g_array_unref);
  g_clear_pointer (&self->line_starts, g_array_unref);
  g_clear_pointer (&self->analysis, g_array_unref);
  g_clear_pointer (&self->ranges_view, g_array_unref);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  step_scan_clear (self->scan);
  g_clear_pointer (&self->scan, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (pw_plan_parent_class)->finalize (object);
}

static void
pw_plan_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PwPlan *self = PW_PLAN (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text->str);
      break;

    case PROP_TITLE:
      g_value_set_string (value, pw_plan_get_title (self));
      break;

    case PROP_FINISHED:
      g_value_set_boolean (value, self->finished);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plan_class_init (PwPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pw_plan_finalize;
  object_class->get_property = pw_plan_get_property;

  /**
   * PwPlan:text:
   *
   * The plan's text, byte for byte.
   */
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwPlan:title:
   *
   * The first level-1 heading, or the first heading.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PwPlan:finished:
   *
   * Whether the stream feeding the plan has ended.
   */
  properties[PROP_FINISHED] =
    g_param_spec_boolean ("finished", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  notify_signal_id = g_signal_lookup ("notify", G_TYPE_OBJECT);
  text_quark = g_quark_from_static_string ("text");

  /**
   * PwPlan::changed:
   *
   * Emitted after the text changed. Handlers that read the model on every
   * emission during a fast stream should coalesce (e.g. in an idle), since
   * each read parses the new text.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
pw_plan_init (PwPlan *self)
{
  self->text = g_string_new (NULL);
  self->headings = g_array_new (FALSE, TRUE, sizeof (RawHeading));
  g_array_set_clear_func (self->headings, raw_heading_clear);
  self->items = g_array_new (FALSE, TRUE, sizeof (RawItem));
  g_array_set_clear_func (self->items, raw_item_clear);
  self->lists = g_array_new (FALSE, TRUE, sizeof (RawList));
  self->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->analysis = g_array_new (FALSE, FALSE, sizeof (PwPlanRange));
  self->ranges_view = g_array_new (FALSE, FALSE, sizeof (PwPlanRange));
  self->sections = g_ptr_array_new_with_free_func (section_free);
  self->steps = g_array_new (FALSE, TRUE, sizeof (PwPlanStep));
  self->scan = g_new0 (StepScan, 1);
  step_scan_reset (self->scan);
  self->steps_section = -1;
  self->restart_list = -1;
  self->analysis_open = NO_OFFSET;
  self->dirty = TRUE;
}

/* Public API */

/**
 * pw_plan_new:
 *
 * Creates an empty plan, ready for pw_plan_append().
 *
 * Returns: (transfer full): a new #PwPlan
 */
PwPlan *
pw_plan_new (void)
{
  return g_object_new (PW_TYPE_PLAN, NULL);
}

/**
 * pw_plan_new_from_text:
 * @text: the plan's text
 * @length: length of @text in bytes, or -1 if NUL-terminated
 *
 * Creates a finished plan holding @text.
 *
 * Returns: (transfer full): a new #PwPlan
 */
PwPlan *
pw_plan_new_from_text (const char *text,
                       gssize      length)
{
  PwPlan *self = pw_plan_new ();

  pw_plan_set_text (self, text, length);

  return self;
}

/**
 * pw_plan_set_text:
 * @self: a #PwPlan
 * @text: the plan's text
 * @length: length of @text in bytes, or -1 if NUL-terminated
 *
 * Replaces the whole text; the plan counts as finished.
 */
void
pw_plan_set_text (PwPlan     *self,
                  const char *text,
                  gssize      length)
{
  g_return_if_fail (PW_IS_PLAN (self));
  g_return_if_fail (text != NULL || length == 0);

  if (length < 0)
    length = strlen (text);

  g_string_truncate (self->text, 0);
  g_string_append_len (self->text, text, length);
  reset_model (self);
  if (!self->finished)
    {
      self->finished = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
    }
  emit_changed (self);
}

/**
 * pw_plan_append:
 * @self: a #PwPlan
 * @chunk: bytes of a streamed answer, possibly cut inside a UTF-8 sequence
 * @length: length of @chunk, or -1 if NUL-terminated
 *
 * Appends @chunk to the text. The model is brought up to date lazily when it
 * is next read, re-parsing only the part after the last stable heading.
 */
void
pw_plan_append (PwPlan     *self,
                const char *chunk,
                gssize      length)
{
  g_return_if_fail (PW_IS_PLAN (self));
  g_return_if_fail (chunk != NULL || length == 0);

  if (length < 0)
    length = strlen (chunk);
  if (length == 0)
    return;

  if (self->finished)
    {
      /* Appending after the end starts a stream over the same text. */
      self->finished = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
    }

  g_string_append_len (self->text, chunk, length);
  self->dirty = TRUE;

  /* Streams come in tiny pieces: skip notify when nobody listens. */
  if (g_signal_has_handler_pending (self, notify_signal_id, text_quark, FALSE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * pw_plan_finish:
 * @self: a #PwPlan
 *
 * Tells the plan that the stream ended. The model is then exactly the model
 * of a one-shot parse of the text.
 */
void
pw_plan_finish (PwPlan *self)
{
  g_return_if_fail (PW_IS_PLAN (self));

  if (self->finished)
    return;

  self->finished = TRUE;
  /* Link reference definitions are global to the document: if there may be
   * one, parse everything again so links before it resolve as one-shot. */
  if (find_bytes (self->text->str, self->text->len, "]:", 2) != NULL)
    {
      self->restart = 0;
      self->restart_list = -1;
    }
  self->dirty = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * pw_plan_get_edit_serial:
 * @self: a #PwPlan
 *
 * A number that changes with every change to the text other than
 * pw_plan_append(): a reader that saw the same serial before knows the text
 * only grew at its end since, and can process just the new bytes.
 *
 * Returns: the edit serial
 */
guint
pw_plan_get_edit_serial (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), 0);

  return self->edit_serial;
}

/**
 * pw_plan_get_finished:
 * @self: a #PwPlan
 *
 * Returns: whether the text is complete
 */
gboolean
pw_plan_get_finished (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), FALSE);

  return self->finished;
}

/**
 * pw_plan_get_text:
 * @self: a #PwPlan
 * @length: (out) (optional): the text's length in bytes
 *
 * Returns: (transfer none): the text, byte for byte (NUL-terminated)
 */
const char *
pw_plan_get_text (PwPlan *self,
                  gsize  *length)
{
  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  if (length != NULL)
    *length = self->text->len;

  return self->text->str;
}

/**
 * pw_plan_get_title:
 * @self: a #PwPlan
 *
 * Returns: (nullable): the plain text of the first level-1 heading, or of
 *   the first heading
 */
const char *
pw_plan_get_title (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  ensure_model (self);

  return self->title;
}

/**
 * pw_plan_get_has_analysis:
 * @self: a #PwPlan
 *
 * Returns: whether the text holds an `<analysis>` tag
 */
gboolean
pw_plan_get_has_analysis (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), FALSE);

  ensure_model (self);

  return self->analysis->len > 0 || self->analysis_open != NO_OFFSET;
}

/**
 * pw_plan_get_analysis_ranges:
 * @self: a #PwPlan
 * @n_ranges: (out): number of ranges
 *
 * The byte ranges of the `<analysis>` blocks, each from the start of the
 * opening tag's line (when only spaces or `#` marks precede the tag) to the
 * end of the closing tag. An unterminated block runs to the end of the text.
 * The array is valid until the text changes.
 *
 * Returns: (transfer none) (array length=n_ranges) (nullable): the ranges
 */
const PwPlanRange *
pw_plan_get_analysis_ranges (PwPlan *self,
                             guint  *n_ranges)
{
  g_return_val_if_fail (PW_IS_PLAN (self), NULL);
  g_return_val_if_fail (n_ranges != NULL, NULL);

  ensure_model (self);

  g_array_set_size (self->ranges_view, 0);
  g_array_append_vals (self->ranges_view, self->analysis->data, self->analysis->len);
  if (self->analysis_open != NO_OFFSET)
    {
      PwPlanRange open = { self->analysis_open, self->text->len };

      g_array_append_val (self->ranges_view, open);
    }

  *n_ranges = self->ranges_view->len;

  return self->ranges_view->len > 0 ? (const PwPlanRange *)(gpointer)self->ranges_view->data : NULL;
}

/**
 * pw_plan_dup_analysis:
 * @self: a #PwPlan
 *
 * Returns: (transfer full) (nullable): the text inside the `<analysis>`
 *   blocks, trimmed and joined with blank lines
 */
char *
pw_plan_dup_analysis (PwPlan *self)
{
  const PwPlanRange *ranges;
  const char *str;
  guint n = 0;
  GString *out;

  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  ranges = pw_plan_get_analysis_ranges (self, &n);
  if (n == 0)
    return NULL;

  str = self->text->str;
  out = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      const char *open = find_bytes (str + ranges[i].start, ranges[i].end - ranges[i].start,
                                 OPEN_TAG, strlen (OPEN_TAG));
      gsize from = open != NULL ? (gsize)(open - str) + strlen (OPEN_TAG) : ranges[i].start;
      gsize to = ranges[i].end;
      g_autofree char *inner = NULL;

      if (to - from >= strlen (CLOSE_TAG)
          && memcmp (str + to - strlen (CLOSE_TAG), CLOSE_TAG, strlen (CLOSE_TAG)) == 0)
        to -= strlen (CLOSE_TAG);
      if (to < from)
        to = from;

      inner = dup_valid (str + from, to - from);
      g_strstrip (inner);
      if (out->len > 0 && *inner != '\0')
        g_string_append (out, "\n\n");
      g_string_append (out, inner);
    }

  return g_string_free (out, FALSE);
}

/**
 * pw_plan_dup_text_without_analysis:
 * @self: a #PwPlan
 *
 * Returns the text with every `<analysis>` block removed, together with the
 * rest of the closing tag's line and the blank lines that follow it.
 *
 * Returns: (transfer full): the text
 */
char *
pw_plan_dup_text_without_analysis (PwPlan *self)
{
  const PwPlanRange *ranges;
  const char *str;
  gsize len;
  gsize pos = 0;
  guint n = 0;
  GString *out;

  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  ranges = pw_plan_get_analysis_ranges (self, &n);
  str = self->text->str;
  len = self->text->len;
  out = g_string_sized_new (len);

  for (guint i = 0; i < n; i++)
    {
      gsize end = ranges[i].end;

      g_string_append_len (out, str + pos, ranges[i].start - pos);
      /* Swallow the rest of the tag's line and the blank lines after it. */
      for (;;)
        {
          gsize q = end;

          while (q < len && is_space (str[q]))
            q++;
          if (q < len && !is_eol (str[q]))
            break;
          if (q >= len)
            {
              end = q;
              break;
            }
          end = q + ((str[q] == '\r' && q + 1 < len && str[q + 1] == '\n') ? 2 : 1);
        }
      pos = end;
    }
  g_string_append_len (out, str + pos, len - pos);

  return g_string_free (out, FALSE);
}

/**
 * pw_plan_get_n_sections:
 * @self: a #PwPlan
 *
 * Returns: the number of level-1 and level-2 ATX headings outside code
 */
guint
pw_plan_get_n_sections (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), 0);

  ensure_model (self);

  return self->sections->len;
}

/**
 * pw_plan_get_section:
 * @self: a #PwPlan
 * @i: 0-based index
 *
 * Returns: (transfer none): the section, valid until the text changes
 */
const PwPlanSection *
pw_plan_get_section (PwPlan *self,
                     guint   i)
{
  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  ensure_model (self);
  g_return_val_if_fail (i < self->sections->len, NULL);

  return g_ptr_array_index (self->sections, i);
}

/**
 * pw_plan_get_steps_section:
 * @self: a #PwPlan
 *
 * The steps section is the first heading (levels 1 to 4) named like
 * "Implementation Steps", "Kroki implementacji", "Etapy wdrożenia",
 * "Kolejność implementacji" and so on, numbered or not.
 *
 * Returns: the index in the sections of the level-1/2 section holding that
 *   heading (the heading itself when it is level 1 or 2), or -1 when there is
 *   no steps heading or no level-1/2 heading before it
 */
gint
pw_plan_get_steps_section (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), -1);

  ensure_model (self);

  return self->steps_section;
}

/**
 * pw_plan_get_n_steps:
 * @self: a #PwPlan
 *
 * Returns: the number of implementation steps
 */
guint
pw_plan_get_n_steps (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), 0);

  ensure_model (self);

  return self->steps->len;
}

/**
 * pw_plan_get_step:
 * @self: a #PwPlan
 * @i: 0-based index
 *
 * Returns: (transfer none): the step, valid until the text changes
 */
const PwPlanStep *
pw_plan_get_step (PwPlan *self,
                  guint   i)
{
  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  ensure_model (self);
  g_return_val_if_fail (i < self->steps->len, NULL);

  return &g_array_index (self->steps, PwPlanStep, i);
}

/**
 * pw_plan_get_n_done:
 * @self: a #PwPlan
 *
 * Returns: the number of steps marked done
 */
guint
pw_plan_get_n_done (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), 0);

  ensure_model (self);

  return self->n_done;
}

/* Whether step @i of @self has the text @text and the state @done. */
static gboolean
step_reads_back (PwPlan     *self,
                 guint       i,
                 const char *text,
                 gboolean    done)
{
  const PwPlanStep *step;

  if (i >= self->steps->len)
    return FALSE;
  step = &g_array_index (self->steps, PwPlanStep, i);

  return g_strcmp0 (step->text, text) == 0 && !!step->done == !!done;
}

static gboolean
step_may_take_mark (PwPlan *self,
                    guint   i)
{
  const PwPlanStep *step = &g_array_index (self->steps, PwPlanStep, i);

  return !step->has_checkbox && step->mark_offset != NO_OFFSET
         && step->mark_offset <= self->text->len;
}

/**
 * pw_plan_set_step_done:
 * @self: a #PwPlan
 * @i: 0-based step index
 * @done: the new state
 *
 * Marks a step done or not done by rewriting only its checkbox: the mark
 * character of an existing `[ ]`/`[x]`, or an inserted `[x] ` (after the list
 * marker, or after the `#` marks of a sub-heading step) when it has none.
 * Clearing a step without a checkbox changes nothing. If the edited text
 * would not parse back to the same step (as many steps, the same text) with
 * the new state, the edit is undone and %FALSE returned: the rule
 * pw_plan_dup_marked_text() follows too.
 *
 * Returns: %TRUE if the step now has the requested state
 */
gboolean
pw_plan_set_step_done (PwPlan   *self,
                       guint     i,
                       gboolean  done)
{
  const PwPlanStep *step;
  g_autofree char *text = NULL;
  guint n_steps;
  gsize mark;
  gboolean inserted = FALSE;
  char old = 0;

  g_return_val_if_fail (PW_IS_PLAN (self), FALSE);

  ensure_model (self);
  g_return_val_if_fail (i < self->steps->len, FALSE);

  step = &g_array_index (self->steps, PwPlanStep, i);
  if (!!step->done == !!done)
    return TRUE;
  if (step->mark_offset == NO_OFFSET || step->mark_offset > self->text->len)
    return FALSE;

  n_steps = self->steps->len;
  text = g_strdup (step->text);
  mark = step->mark_offset;
  if (step->has_checkbox)
    {
      old = self->text->str[mark + 1];
      self->text->str[mark + 1] = done ? 'x' : ' ';
    }
  else
    {
      g_string_insert_len (self->text, mark, "[x] ", 4);
      inserted = TRUE;
    }

  reset_model (self);
  ensure_model (self);

  if (self->steps->len != n_steps || !step_reads_back (self, i, text, done)
      || !g_array_index (self->steps, PwPlanStep, i).has_checkbox)
    {
      g_debug ("Step %u does not take a checkbox; edit undone", i + 1);
      if (inserted)
        g_string_erase (self->text, mark, 4);
      else
        self->text->str[mark + 1] = old;
      reset_model (self);
      return FALSE;
    }

  emit_changed (self);

  return TRUE;
}

/* The text with `[ ] ` at the mark offset of each step whose @marks entry
 * is set. */
static GString *
dup_with_marks (PwPlan         *self,
                const gboolean *marks)
{
  GString *out = g_string_sized_new (self->text->len + 4 * self->steps->len);
  gsize pos = 0;

  for (guint i = 0; i < self->steps->len; i++)
    {
      const PwPlanStep *step = &g_array_index (self->steps, PwPlanStep, i);

      if (!marks[i])
        continue;
      g_string_append_len (out, self->text->str + pos, step->mark_offset - pos);
      g_string_append (out, "[ ] ");
      pos = step->mark_offset;
    }
  g_string_append_len (out, self->text->str + pos, self->text->len - pos);

  return out;
}

/* Whether @self with the marks @marks reads back as the same steps, each
 * marked one now with a checkbox. */
static gboolean
marks_read_back (PwPlan         *self,
                 const gboolean *marks)
{
  g_autoptr(GString) marked = dup_with_marks (self, marks);
  g_autoptr(PwPlan) copy = pw_plan_new_from_text (marked->str, marked->len);

  ensure_model (copy);
  if (copy->steps->len != self->steps->len)
    return FALSE;

  for (guint i = 0; i < self->steps->len; i++)
    {
      const PwPlanStep *step = &g_array_index (self->steps, PwPlanStep, i);

      if (!step_reads_back (copy, i, step->text, step->done)
          || (marks[i] && !g_array_index (copy->steps, PwPlanStep, i).has_checkbox))
        return FALSE;
    }

  return TRUE;
}

/* Sets the marks @wanted has for steps @lo to @hi (the marks after @hi are
 * unset) and keeps those that read back with the ones kept before: all of
 * them at once if they can, else each half in turn, so that a few steps that
 * take no mark cost a few parses each, not one parse a step. */
static void
choose_marks (PwPlan         *self,
              gboolean       *marks,
              const gboolean *wanted,
              guint           lo,
              guint           hi)
{
  guint mid = lo + (hi - lo) / 2;

  memcpy (marks + lo, wanted + lo, (hi - lo) * sizeof (gboolean));
  if (marks_read_back (self, marks))
    return;

  memset (marks + lo, 0, (hi - lo) * sizeof (gboolean));
  if (hi - lo == 1)
    return;

  choose_marks (self, marks, wanted, lo, mid);
  choose_marks (self, marks, wanted, mid, hi);
}

/**
 * pw_plan_dup_marked_text:
 * @self: a #PwPlan
 * @length: (out) (optional): the length of the result
 *
 * The text with a `[ ] ` task mark at the mark offset of every step that has
 * none: after the list marker of an item, after the `#` marks of a step
 * sub-heading. No other byte changes. A step whose mark would change how the
 * plan reads (say, an item whose first line is empty) is left without one,
 * as pw_plan_set_step_done() would refuse to tick it.
 *
 * Returns: (transfer full): the marked text
 */
char *
pw_plan_dup_marked_text (PwPlan *self,
                         gsize  *length)
{
  g_autofree gboolean *wanted = NULL;
  g_autofree gboolean *marks = NULL;
  gboolean any = FALSE;
  guint n;
  GString *out;

  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  ensure_model (self);
  n = self->steps->len;
  wanted = g_new0 (gboolean, n + 1);
  marks = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < n; i++)
    any |= wanted[i] = step_may_take_mark (self, i);

  /* Rarely a mark changes how the plan reads: then that step goes without. */
  if (any)
    choose_marks (self, marks, wanted, 0, n);

  out = dup_with_marks (self, marks);
  if (length != NULL)
    *length = out->len;

  return g_string_free (out, FALSE);
}

/* Records, for the core's other readers (pw-plan-private.h) */

/**
 * pw_plan_get_heading_after:
 * @self: a #PwPlan
 * @offset: a byte offset
 *
 * Returns: the offset of the line of the first heading (any level, outside
 *   code) at or after @offset, or the text's length when there is none
 */
gsize
pw_plan_get_heading_after (PwPlan *self,
                           gsize   offset)
{
  const RawHeading *heads;
  guint lo = 0, hi;

  g_return_val_if_fail (PW_IS_PLAN (self), 0);

  ensure_model (self);
  heads = (const RawHeading *)(gpointer)self->headings->data;
  hi = self->headings->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (heads[mid].offset < offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo < self->headings->len ? heads[lo].offset : self->text->len;
}

static void
fill_heading (PwPlan           *self,
              const RawHeading *h,
              PwPlanHeading    *heading,
              guint            *hint)
{
  heading->text = h->text != NULL ? h->text : h->title;
  heading->level = h->level;
  heading->line = line_of (self, MIN (h->offset, self->text->len), NULL, hint);
  heading->offset = h->offset;
  heading->atx = h->atx;
}

static void
fill_item (PwPlan        *self,
           const RawItem *raw,
           PwPlanItem    *item,
           guint         *hint)
{
  item->line = line_of (self, MIN (raw->offset, self->text->len), NULL, hint);
  item->offset = raw->offset;
  item->depth = raw->depth;
  item->list = raw->list;
  item->ordered = g_array_index (self->lists, RawList, raw->list).ordered;
  item->has_checkbox = raw->has_checkbox;
}

/**
 * pw_plan_get_outline:
 * @self: a #PwPlan
 * @headings: (element-type PwPlanHeading): receives every heading
 * @items: (element-type PwPlanItem): receives every list item
 *
 * Everything PwPlan read of the plan's structure, in document order. The
 * texts are owned by the plan and valid until the text changes.
 */
void
pw_plan_get_outline (PwPlan *self,
                     GArray *headings,
                     GArray *items)
{
  guint hint = 0;

  g_return_if_fail (PW_IS_PLAN (self));
  g_return_if_fail (headings != NULL && items != NULL);

  ensure_model (self);

  g_array_set_size (headings, self->headings->len);
  for (guint i = 0; i < self->headings->len; i++)
    fill_heading (self, &g_array_index (self->headings, RawHeading, i),
                  &g_array_index (headings, PwPlanHeading, i), &hint);

  hint = 0;
  g_array_set_size (items, self->items->len);
  for (guint i = 0; i < self->items->len; i++)
    fill_item (self, &g_array_index (self->items, RawItem, i),
               &g_array_index (items, PwPlanItem, i), &hint);
}

/**
 * pw_plan_to_json:
 * @self: a #PwPlan
 *
 * Builds `{"title", "has_analysis", "sections": [{"title", "line"}],
 * "steps": [{"index", "text", "done", "line"}]}`.
 *
 * Returns: (transfer full): the JSON object node
 */
JsonNode *
pw_plan_to_json (PwPlan *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *title;

  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  ensure_model (self);
  title = self->title;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  if (title != NULL)
    json_builder_add_string_value (builder, title);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "has_analysis");
  json_builder_add_boolean_value (builder, pw_plan_get_has_analysis (self));

  json_builder_set_member_name (builder, "sections");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->sections->len; i++)
    {
      const PwPlanSection *section = g_ptr_array_index (self->sections, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, section->title);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, section->line);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->steps->len; i++)
    {
      const PwPlanStep *step = &g_array_index (self->steps, PwPlanStep, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, step->index);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, step->text);
      json_builder_set_member_name (builder, "done");
      json_builder_add_boolean_value (builder, step->done);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, step->line);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * pw_plan_load_file:
 * @self: a #PwPlan
 * @file: the plan's file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @file (which must be UTF-8) and remembers its etag, so that
 * pw_plan_save() refuses to overwrite a file changed since.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_plan_load_file (PwPlan        *self,
                   GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *etag = NULL;
  gsize length = 0;

  g_return_val_if_fail (PW_IS_PLAN (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!g_file_load_contents (file, cancellable, &contents, &length, &etag, error))
    return FALSE;

  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (error, PW_PLAN_ERROR, PW_PLAN_ERROR_INVALID_UTF8,
                   _("“%s” is not valid UTF-8 text"), name);
      return FALSE;
    }

  g_set_object (&self->file, file);
  g_free (self->etag);
  self->etag = g_steal_pointer (&etag);
  pw_plan_set_text (self, contents, length);

  return TRUE;
}

/**
 * pw_plan_save:
 * @self: a #PwPlan
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the text back to the loaded file atomically. The write is refused
 * with %G_IO_ERROR_WRONG_ETAG if the file changed since it was loaded.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_plan_save (PwPlan        *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *new_etag = NULL;

  g_return_val_if_fail (PW_IS_PLAN (self), FALSE);

  if (self->file == NULL)
    {
      g_set_error_literal (error, PW_PLAN_ERROR, PW_PLAN_ERROR_NOT_LOADED,
                           _("The plan has no file to save to"));
      return FALSE;
    }

  if (!g_file_replace_contents (self->file, self->text->str, self->text->len, self->etag,
                                FALSE, G_FILE_CREATE_NONE, &new_etag, cancellable, error))
    return FALSE;

  g_free (self->etag);
  self->etag = g_steal_pointer (&new_etag);

  return TRUE;
}

/**
 * pw_plan_get_file:
 * @self: a #PwPlan
 *
 * Returns: (transfer none) (nullable): the file loaded with pw_plan_load_file()
 */
GFile *
pw_plan_get_file (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  return self->file;
}

/**
 * pw_plan_get_etag:
 * @self: a #PwPlan
 *
 * Returns: (nullable): the etag of the file as last loaded or saved
 */
const char *
pw_plan_get_etag (PwPlan *self)
{
  g_return_val_if_fail (PW_IS_PLAN (self), NULL);

  return self->etag;
}

/* Asynchronous load and save, for callers on a main loop that must not wait
 * for the disk (as gnome-text-editor's EditorDocument loads and saves). */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(PwPlan) loaded = pw_plan_new ();
  GError *error = NULL;

  /* A plan nobody else sees yet, so the sync load is safe off the main
   * thread; the caller's plan takes its text back on the main thread. */
  if (pw_plan_load_file (loaded, task_data, cancellable, &error))
    g_task_return_pointer (task, g_steal_pointer (&loaded), g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * pw_plan_load_file_async:
 * @self: a #PwPlan
 * @file: the plan's file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the plan holds the file's text, or failed to
 * @user_data: for @callback
 *
 * Reads @file as pw_plan_load_file() does, without blocking: the file is
 * read and checked in a worker thread, and @self changes (and emits
 * #PwPlan::changed) only when the load succeeded, on the calling thread.
 */
void
pw_plan_load_file_async (PwPlan              *self,
                         GFile               *file,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PW_IS_PLAN (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_plan_load_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * pw_plan_load_file_finish:
 * @self: a #PwPlan
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @self now holds the file's text
 */
gboolean
pw_plan_load_file_finish (PwPlan        *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_autoptr(PwPlan) loaded = NULL;

  g_return_val_if_fail (PW_IS_PLAN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  g_set_object (&self->file, loaded->file);
  g_free (self->etag);
  self->etag = g_steal_pointer (&loaded->etag);
  pw_plan_set_text (self, loaded->text->str, loaded->text->len);

  return TRUE;
}

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PwPlan *self = g_task_get_source_object (task);
  g_autofree char *new_etag = NULL;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, &new_etag, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The etag belongs to the file written, which the plan may have left. */
  if (self->file != NULL && g_file_equal (self->file, G_FILE (object)))
    {
      g_free (self->etag);
      self->etag = g_steal_pointer (&new_etag);
    }
  g_task_return_boolean (task, TRUE);
}

/**
 * pw_plan_save_async:
 * @self: a #PwPlan
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written, or failed to be
 * @user_data: for @callback
 *
 * Writes the text as it is now back to the loaded file, as pw_plan_save()
 * does, without blocking. Saves of one plan must not overlap: each needs
 * the etag the one before it left.
 */
void
pw_plan_save_async (PwPlan              *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (PW_IS_PLAN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_plan_save_async);
  if (self->file == NULL)
    {
      g_task_return_new_error (task, PW_PLAN_ERROR, PW_PLAN_ERROR_NOT_LOADED,
                               _("The plan has no file to save to"));
      return;
    }

  bytes = g_bytes_new (self->text->str, self->text->len);
  g_file_replace_contents_bytes_async (self->file, bytes, self->etag, FALSE, G_FILE_CREATE_NONE,
                                       cancellable, replace_contents_cb, g_steal_pointer (&task));
}

/**
 * pw_plan_save_finish:
 * @self: a #PwPlan
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file was written
 */
gboolean
pw_plan_save_finish (PwPlan        *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (PW_IS_PLAN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
