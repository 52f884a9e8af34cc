/* pw-plan-notes.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-notes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-file-io.h"
#include "pw-json-build.h"
#include "pw-plan-notes.h"
#include "pw-plan.h"
#include "pw-utils.h"

/* Notes on a plan, kept beside it in a sidecar file
 * (`x-implementation-plan.notes.json` next to `x-implementation-plan.md`):
 * the plan's markdown stays exactly what coding tools read, and the notes
 * still travel with the plan in the repository.
 *
 * A note is anchored by text, not by position, so that it is found again
 * after the plan changes: a step by its text (the nearest of equal steps to
 * the number it had), a section by its folded heading, a quoted span by the
 * quote and the bytes around it. When the exact text is gone, the most
 * similar step or heading (by shared words) still holds the note, as
 * "changed"; that is what tells, after a revision, an addressed note from
 * an open one (unchanged) and an outdated one (gone). */

#define CONTEXT_BYTES 40
#define SIMILAR_ENOUGH 0.5
#define REWORDED_IN_PLACE 0.3
#define NOTES_FORMAT_VERSION 1

struct _PwPlanNotes
{
  GObject    parent_instance;

  GPtrArray *notes;   /* (element-type PwNote) (owned) */
  guint      last_id;
};

G_DEFINE_FINAL_TYPE (PwPlanNotes, pw_plan_notes, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (PwNote, pw_note, pw_note_copy, pw_note_free)
G_DEFINE_QUARK (pw-plan-notes-error-quark, pw_plan_notes_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const status_names[] = { "open", "addressed", "outdated", "resolved" };
static const char * const kind_names[] = { "plan", "step", "section", "text" };

/* ------------------------------------------------------------------ */
/* PwNote                                                              */
/* ------------------------------------------------------------------ */

PwNote *
pw_note_copy (const PwNote *note)
{
  PwNote *copy = g_new0 (PwNote, 1);

  *copy = *note;
  copy->id = g_strdup (note->id);
  copy->quote = g_strdup (note->quote);
  copy->before = g_strdup (note->before);
  copy->after = g_strdup (note->after);
  copy->body = g_strdup (note->body);

  return copy;
}

void
pw_note_free (PwNote *note)
{
  if (note == NULL)
    return;

  g_free (note->id);
  g_free (note->quote);
  g_free (note->before);
  g_free (note->after);
  g_free (note->body);
  g_free (note);
}

const char *
pw_note_status_to_string (PwNoteStatus status)
{
  g_return_val_if_fail (status <= PW_NOTE_STATUS_RESOLVED, NULL);

  return status_names[status];
}

const char *
pw_note_kind_to_string (PwNoteAnchorKind kind)
{
  g_return_val_if_fail (kind <= PW_NOTE_ANCHOR_TEXT, NULL);

  return kind_names[kind];
}

static gboolean
name_to_value (const char         *name,
               const char * const *names,
               guint               n_names,
               guint              *value)
{
  for (guint i = 0; name != NULL && i < n_names; i++)
    {
      if (g_str_equal (name, names[i]))
        {
          *value = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Finding anchors                                                     */
/* ------------------------------------------------------------------ */

/* Shared words over all words (Dice's coefficient) of the folded texts. */
static double
similarity (const char *a,
            const char *b)
{
  g_autofree char *fa = pw_text_fold (a, ' ', PW_TEXT_FOLD_DROP_NUMBERING);
  g_autofree char *fb = pw_text_fold (b, ' ', PW_TEXT_FOLD_DROP_NUMBERING);
  g_auto(GStrv) wa = g_strsplit (fa, " ", -1);
  g_auto(GStrv) wb = g_strsplit (fb, " ", -1);
  g_autoptr(GHashTable) words = g_hash_table_new (g_str_hash, g_str_equal);
  guint na = 0, nb = 0, shared = 0;

  for (guint i = 0; wa[i] != NULL; i++)
    {
      if (*wa[i] != '\0' && g_hash_table_add (words, wa[i]))
        na++;
    }
  for (guint i = 0; wb[i] != NULL; i++)
    {
      if (*wb[i] == '\0')
        continue;
      nb++;
      if (g_hash_table_remove (words, wb[i]))
        shared++;
    }

  return na + nb == 0 ? 0.0 : 2.0 * shared / (na + nb);
}

/* Where a section's text ends: at the next heading of its level or above. */
static gsize
section_end (PwPlan *plan,
             guint   i)
{
  const PwPlanSection *section = pw_plan_get_section (plan, i);
  gsize length;

  pw_plan_get_text (plan, &length);
  for (guint j = i + 1; j < pw_plan_get_n_sections (plan); j++)
    {
      const PwPlanSection *next = pw_plan_get_section (plan, j);

      if (next->level <= section->level)
        return next->offset;
    }

  return length;
}

/* Where a step's text ends: at the next step not nested in it, or the next
 * section. */
static gsize
step_end (PwPlan *plan,
          guint   i)
{
  const PwPlanStep *step = pw_plan_get_step (plan, i);
  gsize end;

  pw_plan_get_text (plan, &end);
  for (guint j = i + 1; j < pw_plan_get_n_steps (plan); j++)
    {
      const PwPlanStep *next = pw_plan_get_step (plan, j);

      if (next->depth <= step->depth)
        {
          end = next->offset;
          break;
        }
    }
  for (guint j = 0; j < pw_plan_get_n_sections (plan); j++)
    {
      const PwPlanSection *section = pw_plan_get_section (plan, j);

      if (section->offset > step->offset && section->offset < end)
        return section->offset;
    }

  return end;
}

static guint
distance (guint a,
          guint b)
{
  return a > b ? a - b : b - a;
}

/* Of the steps with the note's text: the one at its occurrence, or else
 * the nearest to the number it had. */
static gint
find_equal_step (const PwNote *note,
                 PwPlan       *plan)
{
  gint found = -1;
  guint seen = 0;

  for (guint i = 0; i < pw_plan_get_n_steps (plan); i++)
    {
      if (!g_str_equal (pw_plan_get_step (plan, i)->text, note->quote))
        continue;
      if (seen++ == note->occurrence)
        return i;
      if (found < 0 || distance (i + 1, note->step) < distance (found + 1, note->step))
        found = i;
    }

  return found;
}

static gboolean
locate_step (const PwNote *note,
             PwPlan       *plan,
             PwNoteMatch  *match)
{
  double best = SIMILAR_ENOUGH;
  gint found = find_equal_step (note, plan);
  gboolean exact = found >= 0;

  for (guint i = 0; i < pw_plan_get_n_steps (plan) && !exact; i++)
    {
      double score = similarity (pw_plan_get_step (plan, i)->text, note->quote);

      if (score >= best)
        {
          best = score;
          found = i;
        }
    }

  /* A step rewritten in place (what a note on it often asks for) keeps
   * fewer of its words: at its own number, a third of them will do. */
  if (found < 0 && note->step > 0 && note->step <= pw_plan_get_n_steps (plan)
      && similarity (pw_plan_get_step (plan, note->step - 1)->text, note->quote)
         >= REWORDED_IN_PLACE)
    found = note->step - 1;

  if (found < 0)
    return FALSE;

  match->found = TRUE;
  match->exact = exact;
  match->index = found;
  match->start = pw_plan_get_step (plan, found)->offset;
  match->end = step_end (plan, found);
  return TRUE;
}

static gboolean
locate_section (const PwNote *note,
                PwPlan       *plan,
                PwNoteMatch  *match)
{
  g_autofree char *folded = pw_text_fold (note->quote, ' ', PW_TEXT_FOLD_DROP_NUMBERING);
  double best = SIMILAR_ENOUGH;
  gint found = -1;
  gboolean exact = FALSE;

  for (guint i = 0; i < pw_plan_get_n_sections (plan) && !exact; i++)
    {
      const PwPlanSection *section = pw_plan_get_section (plan, i);
      g_autofree char *title = pw_text_fold (section->title, ' ', PW_TEXT_FOLD_DROP_NUMBERING);
      double score;

      if (g_str_equal (title, folded))
        {
          found = i;
          exact = TRUE;
          continue;
        }
      score = similarity (section->title, note->quote);
      if (score >= best)
        {
          best = score;
          found = i;
        }
    }

  if (found < 0)
    return FALSE;

  match->found = TRUE;
  match->exact = exact;
  match->index = found;
  match->start = pw_plan_get_section (plan, found)->offset;
  match->end = section_end (plan, found);
  return TRUE;
}

/* How many bytes of @context agree with the text next to @at: before it
 * (reading backwards) or after it. */
static gsize
context_agreement (const char *text,
                   gsize       length,
                   gsize       at,
                   const char *context,
                   gboolean    before)
{
  gsize n = context != NULL ? strlen (context) : 0;
  gsize k = 0;

  if (before)
    {
      while (k < n && k < at && text[at - 1 - k] == context[n - 1 - k])
        k++;
    }
  else
    {
      while (k < n && at + k < length && text[at + k] == context[k])
        k++;
    }

  return k;
}

/* A span whose quote changed: between its context before and after, when
 * both are still there close together. */
static gboolean
locate_by_context (const PwNote *note,
                   const char   *text,
                   gsize         length,
                   PwNoteMatch  *match)
{
  const char *before, *after;
  gsize limit = 4 * strlen (note->quote) + CONTEXT_BYTES;

  if (note->before == NULL || note->after == NULL
      || strlen (note->before) < 8 || strlen (note->after) < 8)
    return FALSE;

  before = strstr (text, note->before);
  if (before == NULL)
    return FALSE;
  after = strstr (before + strlen (note->before), note->after);
  if (after == NULL || (gsize) (after - before) > limit)
    return FALSE;

  match->found = TRUE;
  match->exact = FALSE;
  match->start = before - text + strlen (note->before);
  match->end = after - text;
  return match->end > match->start && match->end <= length;
}

static gboolean
locate_text (const PwNote *note,
             PwPlan       *plan,
             PwNoteMatch  *match)
{
  gsize length;
  const char *text = pw_plan_get_text (plan, &length);
  gsize quote_length = strlen (note->quote);
  gssize best_at = -1;
  gsize best_score = 0;

  for (const char *p = strstr (text, note->quote); p != NULL && quote_length > 0;
       p = strstr (p + 1, note->quote))
    {
      gsize at = p - text;
      gsize score = 1 + context_agreement (text, length, at, note->before, TRUE)
                    + context_agreement (text, length, at + quote_length, note->after, FALSE);

      if (score > best_score)
        {
          best_score = score;
          best_at = at;
        }
    }

  if (best_at < 0)
    return locate_by_context (note, text, length, match);

  match->found = TRUE;
  match->exact = TRUE;
  match->start = best_at;
  match->end = best_at + quote_length;
  return TRUE;
}

/**
 * pw_note_locate:
 * @note: a note
 * @plan: the plan as it is now
 * @match: (out caller-allocates): where the note's anchor is
 *
 * Finds what @note refers to in @plan, however the plan changed since the
 * note was written: text inserted before it, steps reordered, the step
 * reworded a little. A note on the whole plan is always found, exact.
 *
 * Returns: whether the anchor was found
 */
gboolean
pw_note_locate (const PwNote *note,
                PwPlan       *plan,
                PwNoteMatch  *match)
{
  g_return_val_if_fail (note != NULL, FALSE);
  g_return_val_if_fail (PW_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (match != NULL, FALSE);

  memset (match, 0, sizeof *match);
  switch (note->kind)
    {
    case PW_NOTE_ANCHOR_STEP:
      return locate_step (note, plan, match);
    case PW_NOTE_ANCHOR_SECTION:
      return locate_section (note, plan, match);
    case PW_NOTE_ANCHOR_TEXT:
      return locate_text (note, plan, match);
    case PW_NOTE_ANCHOR_PLAN:
    default:
      match->found = TRUE;
      match->exact = TRUE;
      pw_plan_get_text (plan, &match->end);
      return TRUE;
    }
}

/**
 * pw_note_describe_anchor:
 * @note: a note
 *
 * Returns: (transfer full): what the note refers to, in a short
 *   translated phrase ("Step 3: …", "Section “Tests”", "“quoted text”")
 */
char *
pw_note_describe_anchor (const PwNote *note)
{
  g_return_val_if_fail (note != NULL, NULL);

  switch (note->kind)
    {
    case PW_NOTE_ANCHOR_STEP:
      return g_strdup_printf (_("Step %u: %s"), note->step, note->quote);
    case PW_NOTE_ANCHOR_SECTION:
      return g_strdup_printf (_("Section “%s”"), note->quote);
    case PW_NOTE_ANCHOR_TEXT:
      return g_strdup_printf ("“%s”", note->quote);
    case PW_NOTE_ANCHOR_PLAN:
    default:
      return g_strdup (_("The whole plan"));
    }
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static void
build_note (JsonBuilder  *builder,
            const PwNote *note)
{
  json_builder_begin_object (builder);
  pw_json_build_string (builder, "id", note->id);
  pw_json_build_string (builder, "anchor", kind_names[note->kind]);
  if (note->kind == PW_NOTE_ANCHOR_STEP)
    pw_json_build_int (builder, "step", note->step);
  if (note->occurrence > 0)
    pw_json_build_int (builder, "occurrence", note->occurrence);
  pw_json_build_string (builder, "quote", note->quote);
  pw_json_build_string (builder, "before", note->before);
  pw_json_build_string (builder, "after", note->after);
  pw_json_build_string (builder, "body", note->body);
  pw_json_build_int (builder, "created", note->created);
  pw_json_build_string (builder, "status", status_names[note->status]);
  json_builder_end_object (builder);
}

/**
 * pw_plan_notes_to_json:
 *
 * Returns: (transfer full): {"version": 1, "notes": [...]}
 */
JsonNode *
pw_plan_notes_to_json (PwPlanNotes *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), NULL);

  json_builder_begin_object (builder);
  pw_json_build_int (builder, "version", NOTES_FORMAT_VERSION);
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->notes->len; i++)
    build_note (builder, g_ptr_array_index (self->notes, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static PwNote *
read_note (JsonNode  *node,
           guint      i,
           GError   **error)
{
  g_autoptr(PwNote) note = g_new0 (PwNote, 1);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  guint kind = 0, status = 0;

  if (object == NULL
      || member_string (object, "id") == NULL || member_string (object, "body") == NULL
      || !name_to_value (member_string (object, "anchor"), kind_names,
                         G_N_ELEMENTS (kind_names), &kind)
      || !name_to_value (member_string (object, "status"), status_names,
                         G_N_ELEMENTS (status_names), &status)
      || (kind != PW_NOTE_ANCHOR_PLAN && member_string (object, "quote") == NULL))
    {
      g_set_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_CORRUPT,
                   _("Note %u lacks its id, anchor, body or status"), i + 1);
      return NULL;
    }

  note->id = g_strdup (member_string (object, "id"));
  note->kind = kind;
  note->status = status;
  note->step = json_object_get_int_member_with_default (object, "step", 0);
  note->occurrence = json_object_get_int_member_with_default (object, "occurrence", 0);
  note->quote = g_strdup (member_string (object, "quote"));
  note->before = g_strdup (member_string (object, "before"));
  note->after = g_strdup (member_string (object, "after"));
  note->body = g_strdup (member_string (object, "body"));
  note->created = json_object_get_int_member_with_default (object, "created", 0);

  return g_steal_pointer (&note);
}

static void
track_id (PwPlanNotes *self,
          const char  *id)
{
  guint64 number;

  if (id[0] == 'n' && g_ascii_string_to_unsigned (id + 1, 10, 1, G_MAXUINT, &number, NULL))
    self->last_id = MAX (self->last_id, (guint) number);
}

/**
 * pw_plan_notes_new_from_json:
 * @node: what pw_plan_notes_to_json() wrote
 *
 * Returns: (transfer full) (nullable): the notes, or %NULL with
 *   %PW_PLAN_NOTES_ERROR_CORRUPT
 */
PwPlanNotes *
pw_plan_notes_new_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(PwPlanNotes) self = pw_plan_notes_new ();
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                       ? json_node_get_object (node) : NULL;
  JsonNode *notes = object != NULL ? json_object_get_member (object, "notes") : NULL;
  JsonArray *array;

  if (notes == NULL || !JSON_NODE_HOLDS_ARRAY (notes))
    {
      g_set_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_CORRUPT,
                   _("The notes file holds no list of notes"));
      return NULL;
    }

  array = json_node_get_array (notes);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      PwNote *note = read_note (json_array_get_element (array, i), i, error);

      if (note == NULL)
        return NULL;
      if (pw_plan_notes_lookup (self, note->id) != NULL)
        {
          g_set_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_CORRUPT,
                       _("Two notes have the id “%s”"), note->id);
          pw_note_free (note);
          return NULL;
        }
      track_id (self, note->id);
      g_ptr_array_add (self->notes, note);
    }

  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------ */
/* Files                                                               */
/* ------------------------------------------------------------------ */

/**
 * pw_plan_notes_file_for:
 * @plan_file: a plan, such as `.ai/x-implementation-plan.md`
 *
 * Returns: (transfer full): its notes file beside it,
 *   `.ai/x-implementation-plan.notes.json`
 */
GFile *
pw_plan_notes_file_for (GFile *plan_file)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *notes_name = NULL;
  char *dot;

  g_return_val_if_fail (G_IS_FILE (plan_file), NULL);

  parent = g_file_get_parent (plan_file);
  name = g_file_get_basename (plan_file);
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    *dot = '\0';
  notes_name = g_strconcat (name, ".notes.json", NULL);

  return parent != NULL ? g_file_get_child (parent, notes_name) : g_file_new_for_path (notes_name);
}

/**
 * pw_plan_notes_load:
 * @notes_file: the file pw_plan_notes_file_for() names
 *
 * Reads the notes; a missing file means no notes yet.
 *
 * Returns: (transfer full) (nullable): the notes, or %NULL when the file
 *   cannot be read or is not a notes file
 */
PwPlanNotes *
pw_plan_notes_load (GFile         *notes_file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (notes_file), NULL);

  if (!pw_file_read (notes_file, PW_FILE_MAX_SIZE, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return pw_plan_notes_new ();
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_CORRUPT,
                   _("The notes file is not JSON: %s"), local_error->message);
      return NULL;
    }

  return pw_plan_notes_new_from_json (json_parser_get_root (parser), error);
}

/**
 * pw_plan_notes_save:
 * @notes_file: the file pw_plan_notes_file_for() names
 *
 * Writes the notes atomically. With no notes left the file is removed, so
 * that a plan without notes has no sidecar.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_plan_notes_save (PwPlanNotes   *self,
                    GFile         *notes_file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (notes_file), FALSE);

  if (self->notes->len == 0)
    {
      if (!g_file_delete (notes_file, cancellable, &local_error)
          && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  root = pw_plan_notes_to_json (self);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, &length);

  return pw_file_replace (notes_file, data, length, NULL, PW_FILE_REPLACE_NONE, NULL,
                          cancellable, error);
}

/* ------------------------------------------------------------------ */
/* Changing the notes                                                  */
/* ------------------------------------------------------------------ */

static void
emit_changed (PwPlanNotes *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static PwNote *
find_note (PwPlanNotes *self,
           const char  *id)
{
  for (guint i = 0; id != NULL && i < self->notes->len; i++)
    {
      PwNote *note = g_ptr_array_index (self->notes, i);

      if (g_str_equal (note->id, id))
        return note;
    }

  return NULL;
}

static char *
clean_body (const char  *body,
            GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (body != NULL ? body : ""));

  if (*clean == '\0' || !g_utf8_validate (clean, -1, NULL))
    {
      g_set_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_EMPTY,
                   _("A note needs some text"));
      return NULL;
    }

  return g_steal_pointer (&clean);
}

/* Adds a note with @body; the anchor is filled in by the caller. */
static PwNote *
add_note (PwPlanNotes       *self,
          PwNoteAnchorKind   kind,
          const char        *quote,
          char              *body)
{
  PwNote *note = g_new0 (PwNote, 1);

  note->id = g_strdup_printf ("n%u", ++self->last_id);
  note->kind = kind;
  note->quote = g_strdup (quote);
  note->body = body;
  note->created = g_get_real_time () / G_USEC_PER_SEC;
  note->status = PW_NOTE_STATUS_OPEN;
  g_ptr_array_add (self->notes, note);

  return note;
}

static gboolean
no_anchor (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_NO_ANCHOR, message);
  return FALSE;
}

/**
 * pw_plan_notes_add_step:
 * @plan: the plan the note is on
 * @step: 0-based step index
 * @body: the note
 *
 * Returns: (transfer none) (nullable): the new note
 */
const PwNote *
pw_plan_notes_add_step (PwPlanNotes  *self,
                        PwPlan       *plan,
                        guint         step,
                        const char   *body,
                        GError      **error)
{
  char *clean;
  PwNote *note;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), NULL);
  g_return_val_if_fail (PW_IS_PLAN (plan), NULL);

  if (step >= pw_plan_get_n_steps (plan))
    {
      g_set_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_NO_ANCHOR,
                   ngettext ("The plan has no step %u; it has %u step",
                             "The plan has no step %u; it has %u steps",
                             pw_plan_get_n_steps (plan)),
                   step + 1, pw_plan_get_n_steps (plan));
      return NULL;
    }
  clean = clean_body (body, error);
  if (clean == NULL)
    return NULL;

  note = add_note (self, PW_NOTE_ANCHOR_STEP, pw_plan_get_step (plan, step)->text, clean);
  note->step = step + 1;
  for (guint i = 0; i < step; i++)
    {
      if (g_str_equal (pw_plan_get_step (plan, i)->text, note->quote))
        note->occurrence++;
    }
  emit_changed (self);
  return note;
}

/**
 * pw_plan_notes_add_section:
 * @section: 0-based section index
 *
 * Returns: (transfer none) (nullable): the new note
 */
const PwNote *
pw_plan_notes_add_section (PwPlanNotes  *self,
                           PwPlan       *plan,
                           guint         section,
                           const char   *body,
                           GError      **error)
{
  char *clean;
  const PwNote *note;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), NULL);
  g_return_val_if_fail (PW_IS_PLAN (plan), NULL);

  if (section >= pw_plan_get_n_sections (plan))
    {
      no_anchor (error, _("The plan has no such section"));
      return NULL;
    }
  clean = clean_body (body, error);
  if (clean == NULL)
    return NULL;

  note = add_note (self, PW_NOTE_ANCHOR_SECTION, pw_plan_get_section (plan, section)->title,
                   clean);
  emit_changed (self);
  return note;
}

static char *
dup_context (const char *text,
             gsize       length,
             gsize       at,
             gboolean    before)
{
  const char *start, *end;

  if (before)
    {
      start = text + (at > CONTEXT_BYTES ? at - CONTEXT_BYTES : 0);
      while (start > text && (*start & 0xc0) == 0x80)
        start--;
      return g_strndup (start, text + at - start);
    }

  end = text + MIN (length, at + CONTEXT_BYTES);
  while (end < text + length && (*end & 0xc0) == 0x80)
    end++;
  return g_strndup (text + at, end - (text + at));
}

/**
 * pw_plan_notes_add_text:
 * @start: first byte of the quoted span in the plan's text
 * @end: one past its last byte
 *
 * Returns: (transfer none) (nullable): the new note
 */
const PwNote *
pw_plan_notes_add_text (PwPlanNotes  *self,
                        PwPlan       *plan,
                        gsize         start,
                        gsize         end,
                        const char   *body,
                        GError      **error)
{
  gsize length;
  const char *text;
  g_autofree char *quote = NULL;
  char *clean;
  PwNote *note;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), NULL);
  g_return_val_if_fail (PW_IS_PLAN (plan), NULL);

  text = pw_plan_get_text (plan, &length);
  if (start >= end || end > length
      || !g_utf8_validate (text + start, end - start, NULL)
      || (start > 0 && (text[start] & 0xc0) == 0x80))
    {
      no_anchor (error, _("The quoted text is not in the plan"));
      return NULL;
    }
  clean = clean_body (body, error);
  if (clean == NULL)
    return NULL;

  quote = g_strndup (text + start, end - start);
  note = add_note (self, PW_NOTE_ANCHOR_TEXT, quote, clean);
  note->before = dup_context (text, length, start, TRUE);
  note->after = dup_context (text, length, end, FALSE);
  emit_changed (self);
  return note;
}

/* Whether @c, as rendered, stands for @s in the source: the same
 * character, or any white space for any (a soft line break renders as a
 * space). */
static gboolean
same_rendered_char (gunichar c,
                    gunichar s)
{
  return c == s || (g_unichar_isspace (c) && g_unichar_isspace (s));
}

/* Walks the rendered characters through the source, each at the first
 * place after the previous one: what markdown drops (markers, backticks,
 * link targets) is skipped. */
static gboolean
align_rendered (const char *source,
                const char *rendered,
                glong       selection[2],
                gsize       length,
                gsize       span[2])
{
  glong start = selection[0], end = selection[1];
  const char *s = source;
  const char *limit = source + length;
  const char *r = rendered;

  for (glong i = 0; i < end; i++, r = g_utf8_next_char (r))
    {
      gunichar c = g_utf8_get_char (r);

      if (c == 0)
        return FALSE;
      while (s < limit && !same_rendered_char (c, g_utf8_get_char (s)))
        s = g_utf8_next_char (s);
      if (s >= limit)
        return FALSE;
      if (i == start)
        span[0] = s - source;
      s = g_utf8_next_char (s);
    }
  span[1] = s - source;
  return TRUE;
}

/**
 * pw_note_span_from_rendered:
 * @source: the markdown of a block of the plan
 * @length: its length in bytes
 * @rendered: the block's text as shown (its markup taken off)
 * @start: first selected character of @rendered
 * @end: one past the last selected character
 * @span_start: (out): first byte of the selection in @source
 * @span_end: (out): one past its last byte
 *
 * Finds text selected in a rendered block in its markdown, for a note on
 * a quoted span: where the selection is written as it shows and only once,
 * there; otherwise where its characters fall in order.
 *
 * Returns: whether the selection was found
 */
gboolean
pw_note_span_from_rendered (const char *source,
                            gsize       length,
                            const char *rendered,
                            glong       start,
                            glong       end,
                            gsize      *span_start,
                            gsize      *span_end)
{
  g_autofree char *selected = NULL;
  const char *first, *from;
  glong selection[2] = { start, end };
  gsize span[2] = { 0, 0 };

  g_return_val_if_fail (source != NULL && rendered != NULL, FALSE);

  if (start < 0 || end <= start || end > g_utf8_strlen (rendered, -1))
    return FALSE;

  from = g_utf8_offset_to_pointer (rendered, start);
  selected = g_strndup (from, g_utf8_offset_to_pointer (rendered, end) - from);
  first = g_strstr_len (source, length, selected);
  if (first != NULL
      && g_strstr_len (first + 1, length - (first + 1 - source), selected) == NULL)
    {
      *span_start = first - source;
      *span_end = *span_start + strlen (selected);
      return TRUE;
    }

  if (!align_rendered (source, rendered, selection, length, span))
    return FALSE;
  *span_start = span[0];
  *span_end = span[1];
  return TRUE;
}

/**
 * pw_plan_notes_add_plan:
 *
 * Adds a note on the plan as a whole.
 *
 * Returns: (transfer none) (nullable): the new note
 */
const PwNote *
pw_plan_notes_add_plan (PwPlanNotes  *self,
                        const char   *body,
                        GError      **error)
{
  char *clean;
  const PwNote *note;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), NULL);

  clean = clean_body (body, error);
  if (clean == NULL)
    return NULL;

  note = add_note (self, PW_NOTE_ANCHOR_PLAN, NULL, clean);
  emit_changed (self);
  return note;
}

/* "step 3: body": the step's number, or 0. */
static guint
parse_step_number (const char  *spec,
                   const char **body)
{
  const char *p = spec;
  char *end;
  guint64 number;

  if (g_ascii_strncasecmp (p, "step", 4) != 0)
    return 0;
  p += 4;
  while (*p == ' ')
    p++;
  number = g_ascii_strtoull (p, &end, 10);
  if (end == p || *end != ':' || number == 0 || number > G_MAXUINT)
    return 0;

  *body = end + 1;
  return number;
}

/* "section Title: body" (the title may hold colons itself): the section. */
static gint
parse_section (PwPlan      *plan,
               const char  *spec,
               const char **body)
{
  const char *rest;
  const char *colon;
  g_autofree char *wanted = NULL;

  if (g_ascii_strncasecmp (spec, "section ", 8) != 0)
    return -1;
  rest = spec + 8;
  for (guint i = 0; i < pw_plan_get_n_sections (plan); i++)
    {
      const char *title = pw_plan_get_section (plan, i)->title;

      if (g_str_has_prefix (rest, title) && rest[strlen (title)] == ':')
        {
          *body = rest + strlen (title) + 1;
          return i;
        }
    }

  colon = strchr (rest, ':');
  if (colon == NULL)
    return -2;
  wanted = g_strndup (rest, colon - rest);
  for (guint i = 0; i < pw_plan_get_n_sections (plan); i++)
    {
      if (similarity (pw_plan_get_section (plan, i)->title, wanted) >= 0.99)
        {
          *body = colon + 1;
          return i;
        }
    }

  return -2;
}

/* "“quoted text”: body" or "\"quoted text\": body": the quote's range. */
static gboolean
parse_quote (PwPlan      *plan,
             const char  *spec,
             const char **body,
             gsize       *start,
             gsize       *end)
{
  const char *open = g_str_has_prefix (spec, "\"") ? "\"" : "“";
  const char *close = g_str_equal (open, "\"") ? "\"" : "”";
  const char *text = pw_plan_get_text (plan, NULL);
  const char *quote_end;
  const char *found;
  g_autofree char *quote = NULL;

  if (!g_str_has_prefix (spec, open))
    return FALSE;
  quote_end = strstr (spec + strlen (open), close);
  if (quote_end == NULL || quote_end[strlen (close)] != ':')
    return FALSE;

  quote = g_strndup (spec + strlen (open), quote_end - spec - strlen (open));
  found = *quote != '\0' ? strstr (text, quote) : NULL;
  *body = quote_end + strlen (close) + 1;
  *start = found != NULL ? (gsize) (found - text) : 0;
  *end = found != NULL ? *start + strlen (quote) : 0;
  return TRUE;
}

/**
 * pw_plan_notes_add_parsed:
 * @plan: the plan
 * @spec: a note as `planwright revise --note` takes it: "step 3: …",
 *   "section Title: …", "“quoted text”: …" (or with straight quotes), or
 *   anything else for the whole plan
 *
 * Returns: (transfer none) (nullable): the new note, or %NULL with
 *   %PW_PLAN_NOTES_ERROR_NO_ANCHOR when the plan lacks the step, section or
 *   text, or %PW_PLAN_NOTES_ERROR_EMPTY
 */
const PwNote *
pw_plan_notes_add_parsed (PwPlanNotes  *self,
                          PwPlan       *plan,
                          const char   *spec,
                          GError      **error)
{
  const char *body = NULL;
  gsize start, end;
  guint step;
  gint section;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), NULL);
  g_return_val_if_fail (spec != NULL, NULL);

  step = parse_step_number (spec, &body);
  if (step > 0)
    return pw_plan_notes_add_step (self, plan, step - 1, body, error);

  section = parse_section (plan, spec, &body);
  if (section >= 0)
    return pw_plan_notes_add_section (self, plan, section, body, error);
  if (section == -2)
    {
      g_set_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_NO_ANCHOR,
                   _("The plan has no section named in “%s”"), spec);
      return NULL;
    }

  if (parse_quote (plan, spec, &body, &start, &end))
    {
      if (end == 0)
        {
          g_set_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_NO_ANCHOR,
                       _("The text quoted in “%s” is not in the plan"), spec);
          return NULL;
        }
      return pw_plan_notes_add_text (self, plan, start, end, body, error);
    }

  return pw_plan_notes_add_plan (self, spec, error);
}

gboolean
pw_plan_notes_set_body (PwPlanNotes *self,
                        const char  *id,
                        const char  *body)
{
  PwNote *note;
  char *clean;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), FALSE);

  note = find_note (self, id);
  clean = note != NULL ? clean_body (body, NULL) : NULL;
  if (clean == NULL)
    return FALSE;

  g_free (note->body);
  note->body = clean;
  emit_changed (self);
  return TRUE;
}

gboolean
pw_plan_notes_set_status (PwPlanNotes  *self,
                          const char   *id,
                          PwNoteStatus  status)
{
  PwNote *note;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), FALSE);
  g_return_val_if_fail (status <= PW_NOTE_STATUS_RESOLVED, FALSE);

  note = find_note (self, id);
  if (note == NULL)
    return FALSE;

  if (note->status != status)
    {
      note->status = status;
      emit_changed (self);
    }
  return TRUE;
}

gboolean
pw_plan_notes_remove (PwPlanNotes *self,
                      const char  *id)
{
  PwNote *note;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), FALSE);

  note = find_note (self, id);
  if (note == NULL)
    return FALSE;

  g_ptr_array_remove (self->notes, note);
  emit_changed (self);
  return TRUE;
}

/* Whether the text a note refers to reads the same in both plans. */
static gboolean
same_range_text (PwPlan            *a,
                 const PwNoteMatch *ma,
                 PwPlan            *b,
                 const PwNoteMatch *mb)
{
  const char *ta = pw_plan_get_text (a, NULL);
  const char *tb = pw_plan_get_text (b, NULL);
  g_autofree char *ra = g_strndup (ta + ma->start, ma->end - ma->start);
  g_autofree char *rb = g_strndup (tb + mb->start, mb->end - mb->start);

  return g_str_equal (g_strstrip (ra), g_strstrip (rb));
}

/**
 * pw_plan_notes_update_status:
 * @previous: the plan the notes were written on
 * @revised: its revision
 *
 * After a revision, marks each note that is not resolved: open when what
 * it refers to reads the same, addressed when it changed (reworded, or its
 * step's or section's text changed), outdated when it is gone.
 */
void
pw_plan_notes_update_status (PwPlanNotes *self,
                             PwPlan      *previous,
                             PwPlan      *revised)
{
  g_return_if_fail (PW_IS_PLAN_NOTES (self));
  g_return_if_fail (PW_IS_PLAN (previous));
  g_return_if_fail (PW_IS_PLAN (revised));

  for (guint i = 0; i < self->notes->len; i++)
    {
      PwNote *note = g_ptr_array_index (self->notes, i);
      PwNoteMatch before, after;

      if (note->status == PW_NOTE_STATUS_RESOLVED)
        continue;

      if (!pw_note_locate (note, revised, &after))
        note->status = PW_NOTE_STATUS_OUTDATED;
      else if (after.exact && pw_note_locate (note, previous, &before)
               && same_range_text (previous, &before, revised, &after))
        note->status = PW_NOTE_STATUS_OPEN;
      else
        note->status = PW_NOTE_STATUS_ADDRESSED;
    }

  emit_changed (self);
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

guint
pw_plan_notes_get_n_notes (PwPlanNotes *self)
{
  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), 0);

  return self->notes->len;
}

/**
 * pw_plan_notes_get_note:
 *
 * Returns: (transfer none): the @i-th note; valid until the notes change
 */
const PwNote *
pw_plan_notes_get_note (PwPlanNotes *self,
                        guint        i)
{
  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), NULL);
  g_return_val_if_fail (i < self->notes->len, NULL);

  return g_ptr_array_index (self->notes, i);
}

const PwNote *
pw_plan_notes_lookup (PwPlanNotes *self,
                      const char  *id)
{
  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), NULL);

  return find_note (self, id);
}

guint
pw_plan_notes_count_status (PwPlanNotes  *self,
                            PwNoteStatus  status)
{
  guint n = 0;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), 0);

  for (guint i = 0; i < self->notes->len; i++)
    {
      if (((PwNote *) g_ptr_array_index (self->notes, i))->status == status)
        n++;
    }

  return n;
}

/**
 * pw_plan_notes_copy:
 *
 * Returns: (transfer full): a copy, for a version in the history
 */
PwPlanNotes *
pw_plan_notes_copy (PwPlanNotes *self)
{
  PwPlanNotes *copy;

  g_return_val_if_fail (PW_IS_PLAN_NOTES (self), NULL);

  copy = pw_plan_notes_new ();
  copy->last_id = self->last_id;
  for (guint i = 0; i < self->notes->len; i++)
    g_ptr_array_add (copy->notes, pw_note_copy (g_ptr_array_index (self->notes, i)));

  return copy;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
pw_plan_notes_finalize (GObject *object)
{
  PwPlanNotes *self = PW_PLAN_NOTES (object);

  g_clear_pointer (&self->notes, g_ptr_array_unref);

  G_OBJECT_CLASS (pw_plan_notes_parent_class)->finalize (object);
}

static void
pw_plan_notes_class_init (PwPlanNotesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_plan_notes_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pw_plan_notes_init (PwPlanNotes *self)
{
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_note_free);
}

/**
 * pw_plan_notes_new:
 *
 * Returns: (transfer full): no notes
 */
PwPlanNotes *
pw_plan_notes_new (void)
{
  return g_object_new (PW_TYPE_PLAN_NOTES, NULL);
}
