/* pw-lint.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-lint"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-lint.h"
#include "pw-plan-private.h"
#include "pw-template.h"

/* The headings and list items of a plan, as PwPlan reads them. */
typedef struct
{
  const char *text;
  gsize       length;
  PwPlan     *plan;
  GArray     *headings;   /* (element-type PwPlanHeading) those with text */
  GArray     *items;      /* (element-type PwPlanItem) */
} Outline;

static void
outline_init (Outline    *outline,
              const char *text,
              gsize       length)
{
  outline->text = text;
  outline->length = length;
  outline->plan = pw_plan_new_from_text (text, length);
  outline->headings = g_array_new (FALSE, FALSE, sizeof (PwPlanHeading));
  outline->items = g_array_new (FALSE, FALSE, sizeof (PwPlanItem));

  pw_plan_get_outline (outline->plan, outline->headings, outline->items);

  /* An empty ATX heading has no text to point at. */
  for (guint i = outline->headings->len; i > 0; i--)
    {
      const PwPlanHeading *heading = &g_array_index (outline->headings, PwPlanHeading, i - 1);

      if (!heading->atx && *heading->text == '\0')
        g_array_remove_index (outline->headings, i - 1);
    }
}

static void
outline_clear (Outline *outline)
{
  g_clear_pointer (&outline->headings, g_array_unref);
  g_clear_pointer (&outline->items, g_array_unref);
  g_clear_object (&outline->plan);
}

static const PwPlanHeading *
outline_heading (Outline *outline,
                 guint    i)
{
  return &g_array_index (outline->headings, PwPlanHeading, i);
}

/* Where the section of heading @i ends: at the next heading of the same or
 * a higher level. */
static gsize
section_end (Outline *outline,
             guint    i)
{
  guint level = outline_heading (outline, i)->level;

  for (guint j = i + 1; j < outline->headings->len; j++)
    {
      if (outline_heading (outline, j)->level <= level)
        return outline_heading (outline, j)->offset;
    }

  return outline->length;
}

/* The heading that opens the template's steps section, or -1; @start and
 * @end receive the section's bounds. */
static int
find_steps (Outline    *outline,
            PwTemplate *template,
            gsize      *start,
            gsize      *end)
{
  int steps = pw_template_get_steps_section (template);

  for (guint i = 0; steps >= 0 && i < outline->headings->len; i++)
    {
      const PwPlanHeading *heading = outline_heading (outline, i);

      if (pw_template_match_section (template, heading->text) == steps)
        {
          *start = heading->offset;
          *end = section_end (outline, i);
          return i;
        }
    }

  return -1;
}

/* The number of the ordered list item whose marker is at @offset. */
static gboolean
item_number (Outline *outline,
             gsize    offset,
             guint   *number)
{
  const char *text = outline->text;
  gsize p = offset;
  guint n = 0;

  while (p < outline->length && g_ascii_isdigit (text[p]) && p - offset < 9)
    n = n * 10 + (text[p++] - '0');
  if (p == offset || p >= outline->length || (text[p] != '.' && text[p] != ')'))
    return FALSE;

  *number = n;
  return TRUE;
}

/**
 * pw_lint_issue_new:
 * @severity: how bad
 * @code: one of the PW_LINT_ codes
 * @line: 1-based line, or 0 for the whole plan
 * @message: (transfer full): the sentence shown
 *
 * An issue found outside pw_lint_check(), e.g. a stale input.
 *
 * Returns: (transfer full): the issue
 */
PwLintIssue *
pw_lint_issue_new (PwLintSeverity  severity,
                   const char     *code,
                   guint           line,
                   char           *message)
{
  PwLintIssue *issue = g_new0 (PwLintIssue, 1);

  issue->severity = severity;
  issue->code = g_strdup (code);
  issue->line = line;
  issue->message = message;
  return issue;
}

static void
add_issue (GPtrArray      *issues,
           PwLintSeverity  severity,
           const char     *code,
           guint           line,
           char           *message)
{
  g_ptr_array_add (issues, pw_lint_issue_new (severity, code, line, message));
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
check_sections (Outline    *outline,
                PwTemplate *template,
                GPtrArray  *issues)
{
  guint n = pw_template_get_n_sections (template);
  g_autofree guint *found_line = g_new0 (guint, MAX (n, 1));

  for (guint i = 0; i < outline->headings->len; i++)
    {
      const PwPlanHeading *heading = outline_heading (outline, i);
      int section = pw_template_match_section (template, heading->text);

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
check_steps (Outline    *outline,
             PwTemplate *template,
             GPtrArray  *issues)
{
  gsize start = 0, end = 0;
  int index = find_steps (outline, template, &start, &end);
  const PwPlanHeading *heading;
  guint n_steps = 0;

  if (index < 0)
    return;

  heading = outline_heading (outline, index);

  for (guint i = 0; i < outline->items->len; i++)
    {
      const PwPlanItem *item = &g_array_index (outline->items, PwPlanItem, i);

      if (item->offset > start && item->offset < end)
        n_steps++;
    }

  for (guint i = index + 1; i < outline->headings->len; i++)
    {
      if (outline_heading (outline, i)->offset >= end)
        break;
      n_steps++;
    }

  if (n_steps == 0)
    add_issue (issues, PW_LINT_SEVERITY_ERROR, PW_LINT_EMPTY_STEPS, heading->line,
               g_strdup_printf (_("Section “%s” lists no steps"), heading->text));
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

/* Headings: numbers per level, forgotten when a parent heading starts. */
static void
check_heading_numbers (Outline   *outline,
                       GPtrArray *issues)
{
  /* Key: number + 1, value: line of its first use. */
  GHashTable *seen[7] = { NULL, };

  for (guint level = 0; level < G_N_ELEMENTS (seen); level++)
    seen[level] = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < outline->headings->len; i++)
    {
      const PwPlanHeading *heading = outline_heading (outline, i);
      guint level = MIN (heading->level, 6);
      guint number = 0;
      gpointer first;

      for (guint deeper = level + 1; deeper < G_N_ELEMENTS (seen); deeper++)
        g_hash_table_remove_all (seen[deeper]);

      if (!parse_leading_number (heading->text, &number))
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

  for (guint level = 0; level < G_N_ELEMENTS (seen); level++)
    g_hash_table_unref (seen[level]);
}

/* The numbers of one ordered list so far. */
typedef struct
{
  GHashTable *numbers;   /* number + 1 → line of its first use */
  GArray     *repeats;   /* guint triples: number, line, line of its first use */
  gboolean    varies;
} ListNumbers;

static void
note_list_number (ListNumbers *list,
                  guint        number,
                  guint        line)
{
  gpointer key = GUINT_TO_POINTER (number + 1);
  gpointer first;

  if (g_hash_table_size (list->numbers) > 0 && !g_hash_table_contains (list->numbers, key))
    list->varies = TRUE;

  if (g_hash_table_lookup_extended (list->numbers, key, NULL, &first))
    {
      guint triple[3] = { number, line, GPOINTER_TO_UINT (first) };

      g_array_append_vals (list->repeats, triple, 3);
    }
  else
    {
      g_hash_table_insert (list->numbers, key, GUINT_TO_POINTER (line));
    }
}

/* A repeated number is a slip unless every item carries the same one,
 * which is markdown's lazy numbering ("1. 1. 1."). */
static void
finish_list_numbers (ListNumbers *list,
                     GPtrArray   *issues)
{
  for (guint k = 0; list->varies && k < list->repeats->len; k += 3)
    add_issue (issues, PW_LINT_SEVERITY_WARNING, PW_LINT_DUPLICATE_NUMBER,
               g_array_index (list->repeats, guint, k + 1),
               g_strdup_printf (_("Step number %u is used twice (first on line %u)"),
                                g_array_index (list->repeats, guint, k),
                                g_array_index (list->repeats, guint, k + 2)));

  g_hash_table_remove_all (list->numbers);
  g_array_set_size (list->repeats, 0);
  list->varies = FALSE;
}

static void
check_list_numbers (Outline   *outline,
                    GPtrArray *issues)
{
  ListNumbers list = { g_hash_table_new (NULL, NULL),
                       g_array_new (FALSE, FALSE, sizeof (guint)), FALSE };
  guint current = G_MAXUINT;

  for (guint i = 0; i < outline->items->len; i++)
    {
      const PwPlanItem *item = &g_array_index (outline->items, PwPlanItem, i);
      guint number = 0;

      if (item->list != current)
        {
          finish_list_numbers (&list, issues);
          current = item->list;
        }
      if (item->ordered && item_number (outline, item->offset, &number))
        note_list_number (&list, number, item->line);
    }
  finish_list_numbers (&list, issues);

  g_hash_table_unref (list.numbers);
  g_array_unref (list.repeats);
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

/* Whether @after starts with a reason phrase ("Not Found") as a whole word. */
static gboolean
starts_with_reason (const char *after,
                    const char *end)
{
  for (guint i = 0; i < G_N_ELEMENTS (reason_phrases); i++)
    {
      gsize n = strlen (reason_phrases[i]);

      if ((gsize)(end - after) >= n && g_ascii_strncasecmp (after, reason_phrases[i], n) == 0
          && (after + n == end || !g_ascii_isalpha (after[n])))
        return TRUE;
    }

  return FALSE;
}

/* A three-digit number is taken as a status code when its line says so: it
 * is followed by a reason phrase ("404 Not Found"), written as code
 * (`409`), or preceded by "status", "HTTP" or "kod" on the same line. This
 * leaves "max 500 characters" alone. */
static gboolean
looks_like_status (const char *line,
                   gsize       line_length,
                   gsize       at)
{
  static const char separators[] = " -:(*`\"";
  const char *after = line + at + 3;
  const char *end = line + line_length;
  g_autofree char *before = NULL;

  if (at > 0 && line[at - 1] == '`' && after < end && *after == '`')
    return TRUE;

  while (after < end && memchr (separators, *after, strlen (separators)) != NULL)
    after++;
  if (starts_with_reason (after, end))
    return TRUE;

  before = g_ascii_strdown (line, at);
  return strstr (before, "status") != NULL || strstr (before, "http") != NULL
         || strstr (before, "kod") != NULL;
}

/* A line of the plan, for the checks that read the text line by line. */
typedef struct
{
  const char *start;
  gsize       length;
  guint       number;
} Line;

/* Leftover analysis: the plan should hold the plan, not the notes. */
static void
check_analysis_tag (const Line *line,
                    GPtrArray  *issues)
{
  if (g_strstr_len (line->start, line->length, "<analysis>") != NULL
      || g_strstr_len (line->start, line->length, "<ANALYSIS>") != NULL)
    add_issue (issues, PW_LINT_SEVERITY_ERROR, PW_LINT_LEFTOVER_ANALYSIS, line->number,
               g_strdup (_("The <analysis> block is still in the plan")));
}

/* Where the bracketed phrase opened at @i closes, if it is neither a link
 * nor too long; else 0. */
static gsize
bracket_end (const Line *line,
             gsize       i)
{
  const char *start = line->start;
  gsize n = line->length;
  gsize j = i + 1;

  while (j < n && start[j] != ']' && start[j] != '[' && j - i < 200)
    j++;
  if (j >= n || start[j] != ']' || j - i <= 2)
    return 0;
  if (j + 1 < n && (start[j + 1] == '(' || start[j + 1] == '['))
    return 0;

  return j;
}

/* Placeholders: a bracketed phrase that is not a link or a task mark. */
static void
check_placeholders (const Line *line,
                    PwTemplate *template,
                    GPtrArray  *issues)
{
  const char *start = line->start;

  for (gsize i = 0; i < line->length; i++)
    {
      gsize j = start[i] == '[' ? bracket_end (line, i) : 0;
      g_autofree char *inner = NULL;

      if (j == 0 || !is_placeholder (template, start + i + 1, j - i - 1))
        continue;

      inner = g_strndup (start + i, j - i + 1);
      add_issue (issues, PW_LINT_SEVERITY_ERROR, PW_LINT_PLACEHOLDER, line->number,
                 g_strdup_printf (_("Placeholder text “%s” was not filled in"), inner));
    }
}

/* The three-digit number standing alone at @i (not part of a longer number,
 * a word or a version), 100 to 599. */
static gboolean
number_at (const Line *line,
           gsize       i,
           guint      *code)
{
  const char *s = line->start;
  gsize n = line->length;

  if (i + 3 > n || !(s[i] >= '1' && s[i] <= '5') || !g_ascii_isdigit (s[i + 1])
      || !g_ascii_isdigit (s[i + 2]))
    return FALSE;
  if (i > 0 && (g_ascii_isalnum (s[i - 1]) || s[i - 1] == '.'))
    return FALSE;
  if (i + 3 < n && (g_ascii_isalnum (s[i + 3])
                    || (s[i + 3] == '.' && i + 4 < n && g_ascii_isdigit (s[i + 4]))))
    return FALSE;

  *code = (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
  return TRUE;
}

/* Status codes outside the template's set, each once a line. */
static void
check_status_codes (const Line *line,
                    PwTemplate *template,
                    GPtrArray  *issues)
{
  g_autoptr(GHashTable) reported = g_hash_table_new (NULL, NULL);

  for (gsize i = 0; i + 3 <= line->length; i++)
    {
      guint code;

      if (!number_at (line, i, &code) || pw_template_allows_status (template, code)
          || !looks_like_status (line->start, line->length, i)
          || !g_hash_table_add (reported, GUINT_TO_POINTER (code)))
        continue;

      add_issue (issues, PW_LINT_SEVERITY_WARNING, PW_LINT_STATUS_CODE, line->number,
                 g_strdup_printf (_("Status code %u is not one the template allows"), code));
    }
}

static void
check_lines (const char *text,
             gsize       length,
             PwTemplate *template,
             GPtrArray  *issues)
{
  Line line = { text, 0, 1 };
  gsize pos = 0;

  while (pos < length)
    {
      const char *nl = memchr (text + pos, '\n', length - pos);

      line.start = text + pos;
      line.length = nl != NULL ? (gsize)(nl - line.start) : length - pos;

      check_analysis_tag (&line, issues);
      check_placeholders (&line, template, issues);
      if (template != NULL)
        check_status_codes (&line, template, issues);

      line.number++;
      pos += line.length + 1;
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
  Outline outline;
  GPtrArray *issues;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (template == NULL || PW_IS_TEMPLATE (template), NULL);

  if (length < 0)
    length = strlen (text);

  issues = g_ptr_array_new_with_free_func ((GDestroyNotify)pw_lint_issue_free);
  outline_init (&outline, text ? text : "", length);

  if (template != NULL)
    {
      check_sections (&outline, template, issues);
      check_steps (&outline, template, issues);
    }
  check_heading_numbers (&outline, issues);
  check_list_numbers (&outline, issues);
  check_lines (text ? text : "", length, template, issues);
  outline_clear (&outline);

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
