/* pw-plan-body.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan"

#include "config.h"

#include <string.h>

#include "pw-plan.h"
#include "pw-plan-private.h"

/*
 * A step's body: the lines under it up to the next step or heading, as
 * PwPlan reads them, for a slide or a tooltip. Code fences go, the code lines
 * stay (their byte ranges are reported), the common indent goes and bullets
 * become "•".
 */

typedef enum
{
  LINE_TEXT,
  LINE_FENCE,
  LINE_CODE,
} LineKind;

typedef struct
{
  char     *text;    /* (owned) without the line end */
  LineKind  kind;
} BodyLine;

static void
body_line_clear (gpointer data)
{
  g_free (((BodyLine *)data)->text);
}

static gboolean
is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    {
      if (!g_ascii_isspace (*line))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_fence (const char *line)
{
  while (*line == ' ' || *line == '\t')
    line++;

  return g_str_has_prefix (line, "```") || g_str_has_prefix (line, "~~~");
}

static gboolean
opens_numbered_item (const char *p)
{
  gsize digits = strspn (p, "0123456789");

  return digits > 0 && (p[digits] == '.' || p[digits] == ')')
         && (p[digits + 1] == ' ' || p[digits + 1] == '\0');
}

/* Whether a line opens a block of its own, rather than continuing the
 * paragraph before it. */
static gboolean
opens_block (const char *line)
{
  const char *p = line;

  while (*p == ' ' || *p == '\t')
    p++;
  if ((*p == '-' || *p == '*' || *p == '+') && (p[1] == ' ' || p[1] == '\0'))
    return TRUE;
  if (is_fence (p) || *p == '#' || *p == '>' || *p == '|')
    return TRUE;

  return opens_numbered_item (p);
}

/* The lines of @text from @from to @to, with fences and code marked. */
static GArray *
split_lines (const char *text,
             gsize       from,
             gsize       to)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (BodyLine));
  gboolean in_fence = FALSE;
  gsize pos = from;

  g_array_set_clear_func (lines, body_line_clear);
  while (pos < to)
    {
      const char *nl = memchr (text + pos, '\n', to - pos);
      gsize end = nl != NULL ? (gsize)(nl - text) : to;
      gsize next = nl != NULL ? end + 1 : to;
      BodyLine line;

      if (end > pos && text[end - 1] == '\r')
        end--;
      line.text = g_strndup (text + pos, end - pos);
      line.kind = in_fence ? LINE_CODE : LINE_TEXT;
      if (is_fence (line.text))
        {
          in_fence = !in_fence;
          line.kind = LINE_FENCE;
        }
      g_array_append_val (lines, line);
      pos = next;
    }

  return lines;
}

static const char *
line_text (GArray *lines,
           guint   k)
{
  return g_array_index (lines, BodyLine, k).text;
}

/* The first line after the rest of the step's first paragraph (which the
 * step's text already holds) and the blank lines after it. */
static guint
first_body_line (GArray *lines)
{
  guint first = 0;

  while (first < lines->len && !is_blank (line_text (lines, first))
         && !opens_block (line_text (lines, first)))
    first++;
  while (first < lines->len && is_blank (line_text (lines, first)))
    first++;

  return first;
}

static guint
common_indent (GArray *lines,
               guint   first,
               guint   stop)
{
  gsize indent = G_MAXSIZE;

  for (guint k = first; k < stop; k++)
    {
      const char *l = line_text (lines, k);

      if (!is_blank (l))
        indent = MIN (indent, strspn (l, " "));
    }

  return indent;
}

/* Appends a line without @indent spaces, a dash bullet made "•"; a code
 * line's byte range goes to @code. */
static void
append_line (GString        *out,
             const BodyLine *line,
             gsize           indent,
             GArray         *code)
{
  const char *rest = line->text + MIN (indent, strlen (line->text));
  gsize lead = strspn (rest, " ");
  guint range[2];

  if (out->len > 0)
    g_string_append_c (out, '\n');
  range[0] = out->len;
  if (!is_blank (line->text))
    {
      /* Bullets read better than dashes from across a room. */
      if (line->kind == LINE_TEXT && rest[lead] != '\0' && strchr ("-*+", rest[lead]) != NULL
          && rest[lead + 1] == ' ')
        {
          g_string_append_len (out, rest, lead);
          g_string_append (out, "•");
          rest += lead + 1;
        }
      g_string_append (out, rest);
    }
  range[1] = out->len;
  if (line->kind == LINE_CODE && range[1] > range[0] && code != NULL)
    g_array_append_vals (code, range, 2);
}

/* Where step @i's body ends: at the next step or the next heading. */
static gsize
step_body_end (PwPlan *self,
               guint   i,
               gsize   from)
{
  gsize end = pw_plan_get_heading_after (self, from);

  if (i + 1 < pw_plan_get_n_steps (self))
    end = MIN (end, pw_plan_get_step (self, i + 1)->offset);

  return MAX (end, from);
}

/**
 * pw_plan_dup_step_body:
 * @self: a #PwPlan
 * @i: 0-based step index
 * @max_lines: how many lines to keep at most (an ellipsis line marks the
 *   cut), or 0 for all
 * @code: (nullable) (element-type guint): receives pairs of byte offsets in
 *   the result, the ranges of code lines
 *
 * The lines under step @i up to the next step or heading: its sub-bullets
 * and short code, dedented, without the code fences, bullets as "•". The
 * step's own first paragraph is left out, since pw_plan_get_step() has it.
 *
 * Returns: (transfer full): the body, possibly empty
 */
char *
pw_plan_dup_step_body (PwPlan *self,
                       guint   i,
                       guint   max_lines,
                       GArray *code)
{
  g_autoptr(GArray) lines = NULL;
  const PwPlanStep *step;
  const char *text;
  const char *nl;
  gsize length = 0;
  gsize from;
  guint first, stop, last;
  gsize indent;
  GString *out;

  g_return_val_if_fail (PW_IS_PLAN (self), NULL);
  g_return_val_if_fail (i < pw_plan_get_n_steps (self), NULL);

  if (code != NULL)
    g_array_set_size (code, 0);
  step = pw_plan_get_step (self, i);
  text = pw_plan_get_text (self, &length);
  nl = memchr (text + step->offset, '\n', length - MIN (step->offset, length));
  from = nl != NULL ? (gsize)(nl - text) + 1 : length;

  lines = split_lines (text, from, step_body_end (self, i, from));
  first = first_body_line (lines);
  stop = lines->len;
  while (stop > first && is_blank (line_text (lines, stop - 1)))
    stop--;
  indent = common_indent (lines, first, stop);
  last = max_lines > 0 ? MIN (stop, first + max_lines) : stop;

  out = g_string_new (NULL);
  for (guint k = first; k < last; k++)
    {
      const BodyLine *line = &g_array_index (lines, BodyLine, k);

      if (line->kind != LINE_FENCE)
        append_line (out, line, indent, code);
    }
  if (last < stop)
    g_string_append (out, "\n…");

  return g_string_free (out, FALSE);
}
