/* pw-lint.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-lint"

#include "config.h"

#include <glib/gi18n.h>
#include <md4c.h>
#include <string.h>

#include "pw-lint.h"
#include "pw-lint-private.h"
#include "pw-template.h"

/* Outline builder state for md4c's callbacks. */
typedef struct
{
  PwMdOutline *outline;
  GArray      *lists;          /* (element-type gboolean) ordered, one per open list */
  GArray      *list_ids;       /* (element-type guint) */
  guint        next_list_id;
  GString     *heading;        /* (nullable) text of the open heading */
  guint        heading_level;
  gsize        heading_offset;
  gboolean     heading_has_offset;
  int          open_item;      /* index into items waiting for their first text, or -1 */
} OutlineBuilder;

static gsize
line_start_of (PwMdOutline *outline,
               gsize        offset)
{
  guint line = pw_md_outline_line_at (outline, offset);

  return g_array_index (outline->line_starts, gsize, line - 1);
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  OutlineBuilder *b = user_data;

  switch (type)
    {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      {
        gboolean ordered = (type == MD_BLOCK_OL);
        guint id = ++b->next_list_id;

        g_array_append_val (b->lists, ordered);
        g_array_append_val (b->list_ids, id);
      }
      break;

    case MD_BLOCK_LI:
      {
        MD_BLOCK_LI_DETAIL *li = detail;
        PwMdItem item = { 0, };

        g_assert (b->lists->len > 0);
        item.depth = b->lists->len - 1;
        item.list = g_array_index (b->list_ids, guint, b->list_ids->len - 1);
        item.ordered = g_array_index (b->lists, gboolean, b->lists->len - 1);
        item.is_task = li->is_task != 0;
        item.task_mark_offset = li->task_mark_offset;
        if (item.is_task && item.task_mark_offset < b->outline->length)
          {
            item.line = pw_md_outline_line_at (b->outline, item.task_mark_offset);
            item.line_offset = line_start_of (b->outline, item.task_mark_offset);
            g_array_append_val (b->outline->items, item);
            b->open_item = -1;
          }
        else
          {
            item.is_task = FALSE;
            g_array_append_val (b->outline->items, item);
            b->open_item = b->outline->items->len - 1;
          }
      }
      break;

    case MD_BLOCK_H:
      b->heading = g_string_new (NULL);
      b->heading_level = ((MD_BLOCK_H_DETAIL *)detail)->level;
      b->heading_has_offset = FALSE;
      break;

    case MD_BLOCK_DOC:
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_HR:
    case MD_BLOCK_CODE:
    case MD_BLOCK_HTML:
    case MD_BLOCK_P:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TR:
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
    default:
      break;
    }

  return 0;
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  OutlineBuilder *b = user_data;

  switch (type)
    {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      g_array_set_size (b->lists, b->lists->len - 1);
      g_array_set_size (b->list_ids, b->list_ids->len - 1);
      break;

    case MD_BLOCK_LI:
      {
        /* An item with no text of its own (say, only a code block) has no
         * line we could point at; drop it. */
        if (b->open_item >= 0)
          g_array_remove_index (b->outline->items, b->open_item);
        b->open_item = -1;
      }
      break;

    case MD_BLOCK_H:
      if (b->heading_has_offset)
        {
          PwMdHeading heading;

          heading.title = g_strstrip (g_string_free (b->heading, FALSE));
          heading.level = b->heading_level;
          heading.line = pw_md_outline_line_at (b->outline, b->heading_offset);
          heading.offset = line_start_of (b->outline, b->heading_offset);
          g_array_append_val (b->outline->headings, heading);
        }
      else
        {
          g_string_free (b->heading, TRUE);
        }
      b->heading = NULL;
      break;

    case MD_BLOCK_DOC:
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_HR:
    case MD_BLOCK_CODE:
    case MD_BLOCK_HTML:
    case MD_BLOCK_P:
    case MD_BLOCK_TABLE:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_TR:
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
    default:
      break;
    }

  return 0;
}

static int
span_cb (MD_SPANTYPE  type,
         void        *detail,
         void        *user_data)
{
  return 0;
}

static int
text_cb (MD_TEXTTYPE    type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  OutlineBuilder *b = user_data;
  const char *input = b->outline->text;
  gboolean inside;

  /* md4c hands out pointers into the input for ordinary text, which is how
   * we get byte offsets; entities and NUL replacements may point elsewhere. */
  inside = text >= input && text + size <= input + b->outline->length;

  if (b->heading != NULL)
    {
      if (inside && !b->heading_has_offset)
        {
          b->heading_offset = text - input;
          b->heading_has_offset = TRUE;
        }
      if (type == MD_TEXT_NULLCHAR)
        g_string_append (b->heading, "\xEF\xBF\xBD");
      else if (type == MD_TEXT_BR || type == MD_TEXT_SOFTBR)
        g_string_append_c (b->heading, ' ');
      else
        g_string_append_len (b->heading, text, size);
    }

  if (b->open_item >= 0 && inside && size > 0)
    {
      PwMdItem *item = &g_array_index (b->outline->items, PwMdItem, b->open_item);

      item->line = pw_md_outline_line_at (b->outline, text - input);
      item->line_offset = line_start_of (b->outline, text - input);
      b->open_item = -1;
    }

  return 0;
}

static void
heading_clear (gpointer data)
{
  g_free (((PwMdHeading *)data)->title);
}

/**
 * pw_md_outline_new:
 * @text: markdown
 * @length: its length
 *
 * Parses @text with md4c (CommonMark, tables, task lists) into the headings
 * and list items lint and export need, with lines and byte offsets.
 *
 * Returns: (transfer full): the outline
 */
PwMdOutline *
pw_md_outline_new (const char *text,
                   gsize       length)
{
  PwMdOutline *outline = g_new0 (PwMdOutline, 1);
  OutlineBuilder builder = { 0, };
  MD_PARSER parser = { 0, };
  gsize zero = 0;

  outline->text = text;
  outline->length = length;
  outline->headings = g_array_new (FALSE, FALSE, sizeof (PwMdHeading));
  g_array_set_clear_func (outline->headings, heading_clear);
  outline->items = g_array_new (FALSE, FALSE, sizeof (PwMdItem));
  outline->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));

  g_array_append_val (outline->line_starts, zero);
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\n')
        {
          gsize next = i + 1;

          g_array_append_val (outline->line_starts, next);
        }
    }

  builder.outline = outline;
  builder.lists = g_array_new (FALSE, FALSE, sizeof (gboolean));
  builder.list_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  builder.open_item = -1;

  parser.flags = MD_FLAG_TABLES | MD_FLAG_TASKLISTS | MD_FLAG_STRIKETHROUGH
                 | MD_FLAG_PERMISSIVEAUTOLINKS;
  parser.enter_block = enter_block_cb;
  parser.leave_block = leave_block_cb;
  parser.enter_span = span_cb;
  parser.leave_span = span_cb;
  parser.text = text_cb;

  if (length > 0 && length <= G_MAXUINT32)
    md_parse (text, (MD_SIZE)length, &parser, &builder);

  if (builder.heading != NULL)
    g_string_free (builder.heading, TRUE);
  g_array_unref (builder.lists);
  g_array_unref (builder.list_ids);

  return outline;
}

void
pw_md_outline_free (PwMdOutline *outline)
{
  if (outline == NULL)
    return;

  g_array_unref (outline->headings);
  g_array_unref (outline->items);
  g_array_unref (outline->line_starts);
  g_free (outline);
}

/**
 * pw_md_outline_line_at:
 * @offset: a byte offset into the text
 *
 * Returns: the 1-based line holding @offset
 */
guint
pw_md_outline_line_at (PwMdOutline *outline,
                       gsize        offset)
{
  guint lo = 0;
  guint hi = outline->line_starts->len;

  /* Binary search for the last line start <= offset. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (outline->line_starts, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }

  return lo + 1;
}

/**
 * pw_md_outline_find_steps:
 * @template: the template naming the steps section
 * @start: (out): offset of the steps heading's line
 * @end: (out): offset of the next heading of the same or a higher level
 *
 * Returns: index of the steps heading in @outline's headings, or -1
 */
int
pw_md_outline_find_steps (PwMdOutline *outline,
                          PwTemplate  *template,
                          gsize       *start,
                          gsize       *end)
{
  int steps = pw_template_get_steps_section (template);

  if (steps < 0)
    return -1;

  for (guint i = 0; i < outline->headings->len; i++)
    {
      PwMdHeading *heading = &g_array_index (outline->headings, PwMdHeading, i);

      if (pw_template_match_section (template, heading->title) != steps)
        continue;

      *start = heading->offset;
      *end = outline->length;
      for (guint j = i + 1; j < outline->headings->len; j++)
        {
          PwMdHeading *next = &g_array_index (outline->headings, PwMdHeading, j);

          if (next->level <= heading->level)
            {
              *end = next->offset;
              break;
            }
        }
      return i;
    }

  return -1;
}

/**
 * pw_md_item_content_offset:
 * @line_offset: start of a list item's line
 * @content: (out): where the item's text starts, after the marker and space
 * @number: (out): the item's number for an ordered item, else 0
 *
 * Reads a list marker (`-`, `*`, `+`, `1.` or `1)`) at the start of a line,
 * after indentation and block quote marks.
 *
 * Returns: %TRUE if the line starts with a list marker
 */
gboolean
pw_md_item_content_offset (const char *text,
                           gsize       length,
                           gsize       line_offset,
                           gsize      *content,
                           guint      *number)
{
  gsize p = line_offset;
  guint n = 0;

  while (p < length && (text[p] == ' ' || text[p] == '\t' || text[p] == '>'))
    p++;

  if (p < length && (text[p] == '-' || text[p] == '*' || text[p] == '+'))
    {
      p++;
    }
  else
    {
      gsize digits = 0;

      while (p < length && g_ascii_isdigit (text[p]) && digits < 9)
        {
          n = n * 10 + (text[p] - '0');
          p++;
          digits++;
        }
      if (digits == 0 || p >= length || (text[p] != '.' && text[p] != ')'))
        return FALSE;
      p++;
    }

  if (p < length && text[p] != ' ' && text[p] != '\t')
    return FALSE;
  while (p < length && (text[p] == ' ' || text[p] == '\t'))
    p++;

  *content = p;
  *number = n;
  return TRUE;
}

static void
add_issue (GPtrArray      *issues,
           PwLintSeverity  severity,
           const char     *code,
           guint           line,
           char           *message)
{
  PwLintIssue *issue = g_new0 (PwLintIssue, 1);

  issue->severity = severity;
  issue->code = g_strdup (code);
  issue->line = line;
  issue->message = message;
  g_ptr_array_add (issues, issue);
}

void
pw_lint_issue_free (PwLintIssue *issue)
{
  if (issue == NULL)
    return;

  g_free (issue->code);
  g_free (issue->message);
  g_free (issue);
}

static void
check_sections (PwMdOutline *outline,
                PwTemplate  *template,
                GPtrArray   *issues)
{
  guint n = pw_template_get_n_sections (template);
  g_autofree guint *found_line = g_new0 (guint, MAX (n, 1));

  for (guint i = 0; i < outline->headings->len; i++)
    {
      PwMdHeading *heading = &g_array_index (outline->headings, PwMdHeading, i);
      int section = pw_template_match_section (template, heading->title);

      if (section >= 0 && found_line[section] == 0)
        found_line[section] = heading->line;
    }

  for (guint i = 0; i < n; i++)
    {
      guint line = 1;

      if (found_line[i] != 0)
        continue;

      /* Point at the heading after which the section belongs. */
      for (guint j = 0; j < i; j++)
        line = MAX (line, found_line[j]);

      add_issue (issues, PW_LINT_SEVERITY_ERROR, PW_LINT_MISSING_SECTION, line,
                 g_strdup_printf (_("Missing section “%s”"),
                                  pw_template_get_section_name (template, i)));
    }
}

static void
check_steps (PwMdOutline *outline,
             PwTemplate  *template,
             GPtrArray   *issues)
{
  gsize start = 0, end = 0;
  int index = pw_md_outline_find_steps (outline, template, &start, &end);
  PwMdHeading *heading;
  guint n_steps = 0;

  if (index < 0)
    return;

  heading = &g_array_index (outline->headings, PwMdHeading, index);

  for (guint i = 0; i < outline->items->len; i++)
    {
      PwMdItem *item = &g_array_index (outline->items, PwMdItem, i);

      if (item->line_offset > start && item->line_offset < end)
        n_steps++;
    }

  for (guint i = index + 1; i < outline->headings->len; i++)
    {
      PwMdHeading *sub = &g_array_index (outline->headings, PwMdHeading, i);

      if (sub->offset >= end)
        break;
      n_steps++;
    }

  if (n_steps == 0)
    add_issue (issues, PW_LINT_SEVERITY_ERROR, PW_LINT_EMPTY_STEPS, heading->line,
               g_strdup_printf (_("Section “%s” lists no steps"), heading->title));
}

static gboolean
parse_leading_number (const char *title,
                      guint      *number)
{
  guint64 n = 0;
  const char *p = title;
  const char *digits;

  while (*p == ' ' || *p == '*' || *p == '_')
    p++;

  digits = p;
  while (g_ascii_isdigit (*p) && p - digits < 9)
    n = n * 10 + (*p++ - '0');

  if (p == digits || (*p != '.' && *p != ')' && *p != ':'))
    return FALSE;

  *number = n;
  return TRUE;
}

static void
check_numbering (PwMdOutline *outline,
                 GPtrArray   *issues)
{
  /* Headings: numbers per level, forgotten when a parent heading starts.
   * Key: number, value: line of its first use. */
  GHashTable *seen[7] = { NULL, };
  GHashTable *list_numbers = NULL;
  guint current_list = 0;
  gboolean list_varies = FALSE;
  GArray *list_items = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint level = 0; level < G_N_ELEMENTS (seen); level++)
    seen[level] = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < outline->headings->len; i++)
    {
      PwMdHeading *heading = &g_array_index (outline->headings, PwMdHeading, i);
      guint level = MIN (heading->level, 6);
      guint number = 0;
      gpointer first;

      for (guint deeper = level + 1; deeper < G_N_ELEMENTS (seen); deeper++)
        g_hash_table_remove_all (seen[deeper]);

      if (!parse_leading_number (heading->title, &number))
        continue;

      first = g_hash_table_lookup (seen[level], GUINT_TO_POINTER (number + 1));
      if (first != NULL)
        add_issue (issues, PW_LINT_SEVERITY_WARNING, PW_LINT_DUPLICATE_NUMBER, heading->line,
                   g_strdup_printf (_("Section number %u is used twice (first on line %u)"),
                                    number, GPOINTER_TO_UINT (first)));
      else
        g_hash_table_insert (seen[level], GUINT_TO_POINTER (number + 1),
                             GUINT_TO_POINTER (heading->line));
    }

  /* Ordered lists: a repeated number is a slip unless every item carries
   * the same one, which is markdown's lazy numbering ("1. 1. 1."). */
  list_numbers = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i <= outline->items->len; i++)
    {
      PwMdItem *item = i < outline->items->len
                       ? &g_array_index (outline->items, PwMdItem, i) : NULL;
      gsize content;
      guint number = 0;

      if (item == NULL || item->list != current_list)
        {
          if (list_varies)
            {
              for (guint k = 0; k < list_items->len; k += 3)
                add_issue (issues, PW_LINT_SEVERITY_WARNING, PW_LINT_DUPLICATE_NUMBER,
                           g_array_index (list_items, guint, k + 1),
                           g_strdup_printf (_("Step number %u is used twice (first on line %u)"),
                                            g_array_index (list_items, guint, k),
                                            g_array_index (list_items, guint, k + 2)));
            }
          g_hash_table_remove_all (list_numbers);
          g_array_set_size (list_items, 0);
          list_varies = FALSE;
          if (item == NULL)
            break;
          current_list = item->list;
        }

      if (!item->ordered
          || !pw_md_item_content_offset (outline->text, outline->length, item->line_offset,
                                         &content, &number))
        continue;

      if (g_hash_table_size (list_numbers) > 0
          && !g_hash_table_contains (list_numbers, GUINT_TO_POINTER (number + 1)))
        list_varies = TRUE;

      if (g_hash_table_contains (list_numbers, GUINT_TO_POINTER (number + 1)))
        {
          guint triple[3] = {
            number, item->line,
            GPOINTER_TO_UINT (g_hash_table_lookup (list_numbers, GUINT_TO_POINTER (number + 1))),
          };

          g_array_append_vals (list_items, triple, 3);
        }
      else
        {
          g_hash_table_insert (list_numbers, GUINT_TO_POINTER (number + 1),
                               GUINT_TO_POINTER (item->line));
        }
    }

  g_hash_table_unref (list_numbers);
  g_array_unref (list_items);
  for (guint level = 0; level < G_N_ELEMENTS (seen); level++)
    g_hash_table_unref (seen[level]);
}

static gboolean
is_placeholder (PwTemplate *template,
                const char *inner,
                gsize       length)
{
  g_autofree char *text = g_strndup (inner, length);
  const char * const *placeholders;
  guint64 n;

  g_strstrip (text);
  if (g_ascii_strncasecmp (text, "Step ", 5) == 0
      && g_ascii_string_to_unsigned (text + 5, 10, 0, 999, &n, NULL))
    return TRUE;
  if (g_ascii_strncasecmp (text, "Brief description", 17) == 0)
    return TRUE;

  if (template == NULL)
    return FALSE;

  placeholders = pw_template_get_placeholders (template);
  for (guint i = 0; placeholders[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (placeholders[i], text) == 0)
        return TRUE;
    }

  return FALSE;
}

static const char * const reason_phrases[] = {
  "ok", "created", "accepted", "no content", "moved", "found", "not modified",
  "bad request", "unauthorized", "unauthorised", "payment required", "forbidden",
  "not found", "method not allowed", "not acceptable", "conflict", "gone",
  "precondition", "payload too large", "content too large", "unsupported media",
  "unprocessable", "too many requests", "internal server error", "internal error",
  "not implemented", "bad gateway", "service unavailable", "gateway timeout",
};

/* A three-digit number is taken as a status code when its line says so: it
 * is followed by a reason phrase ("404 Not Found"), written as code
 * (`409`), or preceded by "status", "HTTP" or "kod" on the same line. This
 * leaves "max 500 characters" alone. */
static gboolean
looks_like_status (const char *line,
                   gsize       line_length,
                   gsize       at)
{
  const char *after = line + at + 3;
  const char *end = line + line_length;
  g_autofree char *before = NULL;

  if (at > 0 && line[at - 1] == '`' && after < end && *after == '`')
    return TRUE;

  while (after < end && (*after == ' ' || *after == '-' || *after == ':' || *after == '('
                         || *after == '*' || *after == '`' || *after == '"'))
    after++;

  for (guint i = 0; i < G_N_ELEMENTS (reason_phrases); i++)
    {
      gsize n = strlen (reason_phrases[i]);

      if ((gsize)(end - after) >= n && g_ascii_strncasecmp (after, reason_phrases[i], n) == 0
          && (after + n == end || !g_ascii_isalpha (after[n])))
        return TRUE;
    }

  before = g_ascii_strdown (line, at);
  return strstr (before, "status") != NULL || strstr (before, "http") != NULL
         || strstr (before, "kod") != NULL;
}

static void
check_lines (const char *text,
             gsize       length,
             PwTemplate *template,
             GPtrArray  *issues)
{
  guint line = 1;
  gsize pos = 0;

  while (pos < length)
    {
      const char *start = text + pos;
      const char *nl = memchr (start, '\n', length - pos);
      gsize n = nl != NULL ? (gsize)(nl - start) : length - pos;

      /* Leftover analysis: the plan should hold the plan, not the notes. */
      if (g_strstr_len (start, n, "<analysis>") != NULL
          || g_strstr_len (start, n, "<ANALYSIS>") != NULL)
        add_issue (issues, PW_LINT_SEVERITY_ERROR, PW_LINT_LEFTOVER_ANALYSIS, line,
                   g_strdup (_("The <analysis> block is still in the plan")));

      /* Placeholders: a bracketed phrase that is not a link or a task mark. */
      for (gsize i = 0; i < n; i++)
        {
          gsize j;

          if (start[i] != '[')
            continue;
          for (j = i + 1; j < n && start[j] != ']' && start[j] != '[' && j - i < 200; j++)
            ;
          if (j < n && start[j] == ']' && j - i > 2
              && (j + 1 >= n || (start[j + 1] != '(' && start[j + 1] != '['))
              && is_placeholder (template, start + i + 1, j - i - 1))
            {
              g_autofree char *inner = g_strndup (start + i, j - i + 1);

              add_issue (issues, PW_LINT_SEVERITY_ERROR, PW_LINT_PLACEHOLDER, line,
                         g_strdup_printf (_("Placeholder text “%s” was not filled in"), inner));
            }
        }

      /* Status codes outside the template's set. */
      if (template != NULL)
        {
          guint reported[8];
          guint n_reported = 0;

          for (gsize i = 0; i + 3 <= n; i++)
            {
              guint code;
              gboolean dup = FALSE;

              if (!(start[i] >= '1' && start[i] <= '5') || !g_ascii_isdigit (start[i + 1])
                  || !g_ascii_isdigit (start[i + 2]))
                continue;
              if ((i > 0 && (g_ascii_isalnum (start[i - 1]) || start[i - 1] == '.'))
                  || (i + 3 < n && (g_ascii_isalnum (start[i + 3])
                                    || (start[i + 3] == '.' && i + 4 < n
                                        && g_ascii_isdigit (start[i + 4])))))
                continue;

              code = (start[i] - '0') * 100 + (start[i + 1] - '0') * 10 + (start[i + 2] - '0');
              if (pw_template_allows_status (template, code) || !looks_like_status (start, n, i))
                continue;

              for (guint k = 0; k < n_reported; k++)
                dup |= reported[k] == code;
              if (dup)
                continue;
              if (n_reported < G_N_ELEMENTS (reported))
                reported[n_reported++] = code;

              add_issue (issues, PW_LINT_SEVERITY_WARNING, PW_LINT_STATUS_CODE, line,
                         g_strdup_printf (_("Status code %u is not one the template allows"), code));
            }
        }

      line++;
      pos += n + 1;
    }
}

static int
compare_issues (gconstpointer a,
                gconstpointer b)
{
  const PwLintIssue *x = *(const PwLintIssue * const *)a;
  const PwLintIssue *y = *(const PwLintIssue * const *)b;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return strcmp (x->code, y->code);
}

/**
 * pw_lint_check:
 * @text: an implementation plan
 * @length: its length, or -1 if nul-terminated
 * @template: (nullable): the template it was made with; without one, only
 *   the checks that need no template run (analysis, placeholders, numbering)
 *
 * Checks a plan: required sections (matched tolerantly through the
 * template's aliases), status codes outside the template's set, a leftover
 * `<analysis>`, unfilled placeholders, an empty steps section and duplicate
 * numbering. Issues come sorted by line.
 *
 * Returns: (transfer container) (element-type PwLintIssue): the issues,
 *   possibly none
 */
GPtrArray *
pw_lint_check (const char *text,
               gssize      length,
               PwTemplate *template)
{
  g_autoptr(PwMdOutline) outline = NULL;
  GPtrArray *issues;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (template == NULL || PW_IS_TEMPLATE (template), NULL);

  if (length < 0)
    length = strlen (text);

  issues = g_ptr_array_new_with_free_func ((GDestroyNotify)pw_lint_issue_free);
  outline = pw_md_outline_new (text ? text : "", length);

  if (template != NULL)
    {
      check_sections (outline, template, issues);
      check_steps (outline, template, issues);
    }
  check_numbering (outline, issues);
  check_lines (text ? text : "", length, template, issues);

  g_ptr_array_sort (issues, compare_issues);
  return issues;
}

/**
 * pw_lint_has_errors:
 * @issues: (element-type PwLintIssue): from pw_lint_check()
 *
 * Returns: %TRUE if any issue is an error
 */
gboolean
pw_lint_has_errors (GPtrArray *issues)
{
  return pw_lint_count (issues, PW_LINT_SEVERITY_ERROR) > 0;
}

guint
pw_lint_count (GPtrArray      *issues,
               PwLintSeverity  severity)
{
  guint n = 0;

  g_return_val_if_fail (issues != NULL, 0);

  for (guint i = 0; i < issues->len; i++)
    {
      if (((PwLintIssue *)g_ptr_array_index (issues, i))->severity == severity)
        n++;
    }

  return n;
}

const char *
pw_lint_severity_to_string (PwLintSeverity severity)
{
  switch (severity)
    {
    case PW_LINT_SEVERITY_ERROR:
      return "error";
    case PW_LINT_SEVERITY_WARNING:
      return "warning";
    default:
      return "unknown";
    }
}

/**
 * pw_lint_issues_to_json:
 * @issues: (element-type PwLintIssue): from pw_lint_check()
 *
 * Returns: (transfer full): an array of `{severity, code, line, message}`
 */
JsonNode *
pw_lint_issues_to_json (GPtrArray *issues)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (issues != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < issues->len; i++)
    {
      PwLintIssue *issue = g_ptr_array_index (issues, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, pw_lint_severity_to_string (issue->severity));
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, issue->code);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, issue->line);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, issue->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}
