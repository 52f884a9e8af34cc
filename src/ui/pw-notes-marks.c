/* pw-notes-marks.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-notes-marks"

#include "config.h"

#include "pw-notes-marks.h"

typedef struct
{
  GString  *text;
  guint     count;
  gboolean  open;
} Mark;

struct _PwNotesMarks
{
  GHashTable *marks;   /* key: step + 1, or -(section + 1) → Mark */
};

static void
mark_free (Mark *mark)
{
  g_string_free (mark->text, TRUE);
  g_free (mark);
}

static gpointer
mark_key (gboolean section,
          guint    index)
{
  return GINT_TO_POINTER (section ? -(gint) (index + 1) : (gint) (index + 1));
}

static void
add_note (PwNotesMarks *self,
          gpointer      key,
          const PwNote *note)
{
  Mark *mark = g_hash_table_lookup (self->marks, key);

  if (mark == NULL)
    {
      mark = g_new0 (Mark, 1);
      mark->text = g_string_new (NULL);
      g_hash_table_insert (self->marks, key, mark);
    }
  if (mark->text->len > 0)
    g_string_append (mark->text, "\n");
  g_string_append (mark->text, note->body);
  mark->count++;
  mark->open |= note->status == PW_NOTE_STATUS_OPEN;
}

/**
 * pw_notes_marks_new:
 *
 * Finds every note's step or section in @plan; notes on a quoted span
 * mark the step or section they are in.
 *
 * Returns: (transfer full): the marks
 */
PwNotesMarks *
pw_notes_marks_new (PwPlanNotes *notes,
                    PwPlan      *plan)
{
  PwNotesMarks *self = g_new0 (PwNotesMarks, 1);

  self->marks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) mark_free);
  for (guint i = 0; notes != NULL && plan != NULL && i < pw_plan_notes_get_n_notes (notes); i++)
    {
      const PwNote *note = pw_plan_notes_get_note (notes, i);
      PwNoteMatch match;

      if (note->kind == PW_NOTE_ANCHOR_PLAN || !pw_note_locate (note, plan, &match))
        continue;
      if (note->kind == PW_NOTE_ANCHOR_STEP)
        add_note (self, mark_key (FALSE, match.index), note);
      else if (note->kind == PW_NOTE_ANCHOR_SECTION)
        add_note (self, mark_key (TRUE, match.index), note);
      else
        {
          /* A quoted span marks the section it is in. */
          for (guint s = pw_plan_get_n_sections (plan); s > 0; s--)
            {
              if (pw_plan_get_section (plan, s - 1)->offset <= match.start)
                {
                  add_note (self, mark_key (TRUE, s - 1), note);
                  break;
                }
            }
        }
    }

  return self;
}

void
pw_notes_marks_free (PwNotesMarks *marks)
{
  if (marks == NULL)
    return;

  g_hash_table_unref (marks->marks);
  g_free (marks);
}

/**
 * pw_notes_marks_lookup:
 * @section: whether @index is a section's, or a step's
 * @text: (out) (optional): the notes' text, one per line
 * @open: (out) (optional): whether one of them is open
 *
 * Returns: how many notes the step or section has
 */
guint
pw_notes_marks_lookup (PwNotesMarks *marks,
                       gboolean      section,
                       guint         index,
                       const char  **text,
                       gboolean     *open)
{
  Mark *mark = marks != NULL ? g_hash_table_lookup (marks->marks, mark_key (section, index)) : NULL;

  if (text != NULL)
    *text = mark != NULL ? mark->text->str : NULL;
  if (open != NULL)
    *open = mark != NULL && mark->open;
  return mark != NULL ? mark->count : 0;
}

/**
 * pw_notes_follow:
 * @field: where a widget keeps the notes it shows
 * @notes: (nullable): the notes to show
 * @changed: called, swapped, with @instance when @notes change
 * @instance: the widget
 *
 * Returns: whether *@field changed
 */
gboolean
pw_notes_follow (PwPlanNotes **field,
                 PwPlanNotes  *notes,
                 GCallback     changed,
                 gpointer      instance)
{
  if (*field == notes)
    return FALSE;

  if (*field != NULL)
    g_signal_handlers_disconnect_by_data (*field, instance);
  g_set_object (field, notes);
  if (notes != NULL)
    g_signal_connect_swapped (notes, "changed", changed, instance);
  return TRUE;
}
