/* pw-stale-note.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-stale"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-diff.h"
#include "pw-plan-notes.h"
#include "pw-stale.h"

/*
 * Revise, on a stale plan: the changes go to the model as a note on the
 * whole plan. Per changed input, the sentence the banner shows, then the
 * changed lines as a compact unified diff when the history holds the old
 * text, else the input as it is now. A large change is cut at a line end,
 * so that the note stays within a bound however much changed.
 */

#define DIFF_CONTEXT 2
/* The heading, the fence and the line saying what was cut. */
#define INPUT_OVERHEAD 256

/* A fence longer than any run of backticks in @text. */
static char *
fence_for (const char *text)
{
  guint longest = 0;
  guint run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }

  return g_strnfill (MAX (3, longest + 1), '`');
}

/* The whole lines of @text that fit in @budget bytes; @n_cut counts the
 * others. */
static char *
cut_to_lines (const char *text,
              gsize       budget,
              guint      *n_cut)
{
  const char *end = text;
  const char *p;

  *n_cut = 0;
  for (p = text; *p != '\0';)
    {
      const char *eol = strchr (p, '\n');
      const char *next = eol != NULL ? eol + 1 : p + strlen (p);

      if ((gsize) (next - text) > budget)
        break;
      end = next;
      p = next;
    }
  for (; *p != '\0'; p++)
    if (*p == '\n' || p[1] == '\0')
      (*n_cut)++;

  return g_strndup (text, end - text);
}

/* What changed in @input: a diff, or its text now; NULL when it is gone. */
static char *
input_changes (const PwStaleInput *input,
               const char        **info_string)
{
  g_autoptr(GPtrArray) lines = NULL;
  const char *name = input->path != NULL ? input->path : input->id;
  g_autofree char *old_name = NULL;
  g_autofree char *new_name = NULL;

  if (input->new_text == NULL)
    return NULL;
  if (input->old_text == NULL)
    {
      *info_string = "markdown";
      return g_strdup (input->new_text);
    }

  *info_string = "diff";
  lines = pw_diff_lines (input->old_text, input->new_text);
  old_name = g_strconcat ("a/", name, NULL);
  new_name = g_strconcat ("b/", name, NULL);
  return pw_diff_format_unified (lines, old_name, new_name, DIFF_CONTEXT);
}

static void
append_input (GString            *out,
              const PwStaleInput *input,
              gsize               budget)
{
  g_autofree char *sentence = pw_stale_describe_input (input);
  g_autofree char *changes = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *fence = NULL;
  const char *info_string = "";
  guint n_cut = 0;

  g_string_append (out, "\n\n");
  changes = input_changes (input, &info_string);
  if (changes == NULL || *changes == '\0')
    {
      g_string_append_printf (out, _("%s."), sentence);
      return;
    }

  if (g_str_equal (info_string, "diff"))
    /* Translators: %s says which input changed, e.g. "The PRD changed since
     * this plan was written"; a diff follows */
    g_string_append_printf (out, _("%s. What changed:"), sentence);
  else
    /* Translators: %s says which input changed; its whole text follows */
    g_string_append_printf (out, _("%s. Its text now:"), sentence);
  kept = cut_to_lines (changes, budget > INPUT_OVERHEAD ? budget - INPUT_OVERHEAD : 0, &n_cut);
  fence = fence_for (kept);
  g_string_append_printf (out, "\n\n%s%s\n%s", fence, info_string, kept);
  if (kept[0] != '\0' && !g_str_has_suffix (kept, "\n"))
    g_string_append_c (out, '\n');
  g_string_append (out, fence);
  if (n_cut > 0)
    {
      g_string_append_c (out, '\n');
      g_string_append_printf (out, ngettext ("(%u more line left out)",
                                             "(%u more lines left out)", n_cut), n_cut);
    }
}

/**
 * pw_stale_revision_note:
 * @report: a report whose state is %PW_STALE_STALE
 * @max_bytes: the most the note may take, or 0 for %PW_STALE_NOTE_MAX_BYTES
 *
 * The note Revise sends for a stale plan: what changed, input by input.
 *
 * Returns: (transfer full): the note's body
 */
char *
pw_stale_revision_note (PwStaleReport *report,
                        gsize          max_bytes)
{
  GString *out;
  gsize budget;
  guint n_changed;

  g_return_val_if_fail (report != NULL, NULL);

  if (max_bytes == 0)
    max_bytes = PW_STALE_NOTE_MAX_BYTES;
  out = g_string_new (_("The plan’s inputs changed since it was written. Revise the plan so "
                        "that it matches them, and keep what still holds."));
  n_changed = MAX (1, pw_stale_report_n_changed (report));
  budget = max_bytes > out->len ? (max_bytes - out->len) / n_changed : 0;

  for (guint i = 0; i < report->inputs->len; i++)
    {
      const PwStaleInput *input = g_ptr_array_index (report->inputs, i);

      if (input->changed)
        append_input (out, input, budget);
    }

  return g_string_free (out, FALSE);
}

/* The note on the whole plan whose body is @body, if any; only an open one
 * when @open_only. */
static const PwNote *
find_plan_note (PwPlanNotes *notes,
                const char  *body,
                gboolean     open_only)
{
  for (guint i = 0; i < pw_plan_notes_get_n_notes (notes); i++)
    {
      const PwNote *note = pw_plan_notes_get_note (notes, i);

      if (note->kind == PW_NOTE_ANCHOR_PLAN && g_strcmp0 (note->body, body) == 0
          && (!open_only || note->status == PW_NOTE_STATUS_OPEN))
        return note;
    }

  return NULL;
}

/**
 * pw_stale_add_revision_note:
 * @report: a report whose state is %PW_STALE_STALE
 * @notes: the plan's notes
 * @error: return location for a #GError
 *
 * Adds pw_stale_revision_note() to @notes as an open note on the whole
 * plan, unless it is there and open already.
 *
 * Returns: (transfer none) (nullable): the note
 */
const PwNote *
pw_stale_add_revision_note (PwStaleReport  *report,
                            PwPlanNotes    *notes,
                            GError        **error)
{
  g_autofree char *body = NULL;
  const PwNote *note;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (PW_IS_PLAN_NOTES (notes), NULL);

  body = pw_stale_revision_note (report, 0);
  note = find_plan_note (notes, body, TRUE);
  return note != NULL ? note : pw_plan_notes_add_plan (notes, body, error);
}

/**
 * pw_stale_has_revision_note:
 * @report: a report
 * @notes: the notes of a revision
 *
 * Returns: whether @notes hold @report's revision note, whatever its
 *   status: the revision was sent with the changes
 */
gboolean
pw_stale_has_revision_note (PwStaleReport *report,
                            PwPlanNotes   *notes)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (PW_IS_PLAN_NOTES (notes), FALSE);

  body = pw_stale_revision_note (report, 0);
  return find_plan_note (notes, body, FALSE) != NULL;
}
