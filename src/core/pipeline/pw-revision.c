/* pw-revision.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-revision"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pw-export.h"
#include "pw-planning.h"
#include "pw-plan.h"
#include "pw-revision.h"

/* A revision with notes, as one conversation: the prompt the plan was
 * written from (or a sentence saying it is not known), the plan as the
 * model's answer, and the notes, each anchored to the text it refers to,
 * as the next user turn. The model answers with the revised plan, or with
 * the one section asked for, which replaces only that section's bytes.
 * Either way the ticks of unchanged steps carry over (as Regenerate does)
 * and the notes get their status against the new version.
 *
 * The turns are read by the model, so they are not translated. */

#define UNKNOWN_PROMPT \
  "(The prompt this plan was written from is not known: it is not in this repository's " \
  "history. The plan below was written for it.)"

#define REVISE_PLAN \
  "Revise the implementation plan above following the notes below. Keep everything the " \
  "notes do not ask to change, keep the sections, the step numbering and the format, and " \
  "answer with the whole revised plan only."

#define REVISE_SECTION \
  "Revise only the section \"%s\" of the implementation plan above, following the notes " \
  "below. Answer with that section alone, from its heading line to its last line, in the " \
  "same format; keep everything the notes do not ask to change."

struct _PwRevision
{
  gatomicrefcount      ref_count;

  char                *plan_text;       /* the plan as it is (the file's text) */
  char                *answer_text;     /* the plan as the model's answer: no provenance */
  char                *original_prompt; /* (nullable) */
  char                *section;         /* (nullable) the section to revise */
  gsize                section_start;
  gsize                section_end;
  PwProvenanceRecord  *provenance;      /* (nullable) */
  PwPlanNotes         *notes;           /* a copy; statuses updated by apply() */
  char                *notes_turn;
  guint                n_sent;
};

G_DEFINE_QUARK (pw-revision-error-quark, pw_revision_error)

/* The plan without the provenance comment Planwright puts at its top. */
static char *
strip_provenance (const char *text)
{
  const char *end;

  if (!g_str_has_prefix (text, "<!-- planwright:") || (end = strstr (text, "-->")) == NULL)
    return g_strdup (text);

  end += 3;
  while (*end == '\n' || *end == '\r')
    end++;
  return g_strdup (end);
}

static gboolean
note_in_section (PwRevision   *self,
                 const PwNote *note,
                 PwPlan       *plan)
{
  PwNoteMatch match;

  if (note->kind == PW_NOTE_ANCHOR_PLAN)
    return TRUE;
  if (!pw_note_locate (note, plan, &match))
    return FALSE;

  return self->section == NULL
         || (match.start >= self->section_start && match.start < self->section_end);
}

static void
describe_note (GString      *turn,
               guint         number,
               const PwNote *note,
               PwPlan       *plan)
{
  PwNoteMatch match;

  pw_note_locate (note, plan, &match);
  switch (note->kind)
    {
    case PW_NOTE_ANCHOR_STEP:
      g_string_append_printf (turn, "%u. On step %u (\"%s\"): ", number, match.index + 1,
                              note->quote);
      break;
    case PW_NOTE_ANCHOR_SECTION:
      g_string_append_printf (turn, "%u. On the section \"%s\": ", number, note->quote);
      break;
    case PW_NOTE_ANCHOR_TEXT:
      g_string_append_printf (turn, "%u. On the text \"%s\": ", number, note->quote);
      break;
    case PW_NOTE_ANCHOR_PLAN:
    default:
      g_string_append_printf (turn, "%u. On the whole plan: ", number);
      break;
    }
  g_string_append (turn, note->body);
  g_string_append_c (turn, '\n');
}

/* The user's turn: what to do, then each open note anchored to its text. */
static void
build_notes_turn (PwRevision *self,
                  PwPlan     *plan)
{
  GString *turn = g_string_new (NULL);

  if (self->section != NULL)
    g_string_append_printf (turn, REVISE_SECTION, self->section);
  else
    g_string_append (turn, REVISE_PLAN);
  g_string_append (turn, "\n\nNotes:\n");

  for (guint i = 0; i < pw_plan_notes_get_n_notes (self->notes); i++)
    {
      const PwNote *note = pw_plan_notes_get_note (self->notes, i);

      if (note->status != PW_NOTE_STATUS_OPEN || !note_in_section (self, note, plan))
        continue;
      describe_note (turn, ++self->n_sent, note, plan);
    }
  if (self->n_sent == 0)
    g_string_append (turn, "(none: write the section again)\n");

  self->notes_turn = g_string_free (turn, FALSE);
}

static gboolean
find_section (PwRevision  *self,
              PwPlan      *plan,
              GError     **error)
{
  PwNote probe = { NULL, };
  PwNoteMatch match;

  probe.kind = PW_NOTE_ANCHOR_SECTION;
  probe.quote = self->section;
  if (!pw_note_locate (&probe, plan, &match) || !match.exact)
    {
      g_set_error (error, PW_REVISION_ERROR, PW_REVISION_ERROR_NO_SECTION,
                   _("The plan has no section “%s”"), self->section);
      return FALSE;
    }

  g_free (self->section);
  self->section = g_strdup (pw_plan_get_section (plan, match.index)->title);
  self->section_start = match.start;
  self->section_end = match.end;
  return TRUE;
}

/**
 * pw_revision_new:
 * @plan_text: the plan as it is
 * @original_prompt: (nullable): the prompt it was written from, when known
 * @notes: the notes on it; the open ones go into the request
 * @section: (nullable): the title of the one section to revise
 *
 * Returns: (transfer full) (nullable): the revision, or %NULL when @section
 *   is not in the plan or a whole-plan revision has no open note
 */
PwRevision *
pw_revision_new (const char   *plan_text,
                 const char   *original_prompt,
                 PwPlanNotes  *notes,
                 const char   *section,
                 GError      **error)
{
  g_autoptr(PwRevision) self = NULL;
  g_autoptr(PwPlan) plan = NULL;

  g_return_val_if_fail (plan_text != NULL, NULL);
  g_return_val_if_fail (PW_IS_PLAN_NOTES (notes), NULL);

  self = g_new0 (PwRevision, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->plan_text = g_strdup (plan_text);
  self->answer_text = strip_provenance (plan_text);
  self->original_prompt = g_strdup (original_prompt);
  self->section = g_strdup (section);
  self->provenance = pw_export_read_provenance (plan_text, -1);
  self->notes = pw_plan_notes_copy (notes);

  plan = pw_plan_new_from_text (plan_text, -1);
  if (section != NULL && !find_section (self, plan, error))
    return NULL;

  build_notes_turn (self, plan);
  if (self->n_sent == 0 && section == NULL)
    {
      g_set_error (error, PW_REVISION_ERROR, PW_REVISION_ERROR_NO_NOTES,
                   _("The plan has no open notes to revise it with"));
      return NULL;
    }

  return g_steal_pointer (&self);
}

PwRevision *
pw_revision_ref (PwRevision *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pw_revision_unref (PwRevision *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->plan_text);
  g_free (self->answer_text);
  g_free (self->original_prompt);
  g_free (self->section);
  g_clear_pointer (&self->provenance, pw_provenance_record_free);
  g_clear_object (&self->notes);
  g_free (self->notes_turn);
  g_free (self);
}

const char *
pw_revision_get_plan_text (PwRevision *self)
{
  return self->plan_text;
}

/**
 * pw_revision_get_original_prompt:
 *
 * Returns: (nullable): the prompt the plan was written from, if known
 */
const char *
pw_revision_get_original_prompt (PwRevision *self)
{
  return self->original_prompt;
}

/**
 * pw_revision_get_section:
 *
 * Returns: (nullable): the section's title as the plan writes it, or
 *   %NULL for the whole plan
 */
const char *
pw_revision_get_section (PwRevision *self)
{
  return self->section;
}

/**
 * pw_revision_get_template_id:
 *
 * Returns: (nullable): the template the plan's provenance names
 */
const char *
pw_revision_get_template_id (PwRevision *self)
{
  return self->provenance != NULL ? self->provenance->template_id : NULL;
}

const char *
pw_revision_get_notes_turn (PwRevision *self)
{
  return self->notes_turn;
}

/**
 * pw_revision_get_n_sent_notes:
 *
 * Returns: how many notes the request carries
 */
guint
pw_revision_get_n_sent_notes (PwRevision *self)
{
  return self->n_sent;
}

/**
 * pw_revision_get_notes:
 *
 * Returns: (transfer none): the notes; after pw_revision_apply(), with
 *   their status against the new version
 */
PwPlanNotes *
pw_revision_get_notes (PwRevision *self)
{
  return self->notes;
}

static const char *
first_turn (PwRevision *self)
{
  return self->original_prompt != NULL ? self->original_prompt : UNKNOWN_PROMPT;
}

/**
 * pw_revision_new_generation:
 *
 * Returns: (transfer full): the request: the original prompt, the plan as
 *   the assistant's answer, the notes as the next user turn
 */
PwGeneration *
pw_revision_new_generation (PwRevision *self)
{
  PwGeneration *generation = pw_generation_new (NULL, first_turn (self));

  pw_generation_add_turn (generation, PW_TURN_ASSISTANT, self->answer_text);
  pw_generation_add_turn (generation, PW_TURN_USER, self->notes_turn);
  return generation;
}

/**
 * pw_revision_dup_request_text:
 *
 * Returns: (transfer full): the request exactly as it is sent, turn by
 *   turn, to show before sending and to keep in the history
 */
char *
pw_revision_dup_request_text (PwRevision *self)
{
  return g_strdup_printf ("### user\n\n%s\n\n### assistant\n\n%s\n\n### user\n\n%s",
                          first_turn (self), self->answer_text, self->notes_turn);
}

/* The answer without blank lines around it nor a fence around all of it. */
static char *
clean_answer (const char *answer)
{
  g_autofree char *text = g_strstrip (g_strdup (answer));
  gsize length = strlen (text);
  const char *body;

  if (g_str_has_prefix (text, "```") && length > 6 && g_str_has_suffix (text, "```")
      && (body = strchr (text, '\n')) != NULL && body < text + length - 3)
    return g_strstrip (g_strndup (body + 1, text + length - 3 - (body + 1)));

  return g_steal_pointer (&text);
}

/* How many bytes of whitespace end the range, kept when its text is
 * replaced. */
static gsize
trailing_space (const char *text,
                gsize       start,
                gsize       end)
{
  gsize n = 0;

  while (end - n > start && g_ascii_isspace (text[end - n - 1]))
    n++;
  return n;
}

/* The section out of the answer (a model may send more than asked), with
 * its steps as task items and no whitespace at its end. */
static char *
revised_section (PwRevision *self,
                 const char *answer)
{
  g_autoptr(PwPlan) answered = pw_plan_new_from_text (answer, -1);
  g_autofree char *section = NULL;
  g_autofree char *rendered = NULL;
  PwNote probe = { NULL, };
  PwNoteMatch match;

  probe.kind = PW_NOTE_ANCHOR_SECTION;
  probe.quote = self->section;
  if (pw_note_locate (&probe, answered, &match))
    section = g_strndup (answer + match.start, match.end - match.start);
  else
    section = g_strdup (answer);

  rendered = pw_export_render_text (section, -1, NULL, NULL);
  g_strchomp (rendered);
  return g_steal_pointer (&rendered);
}

static char *
revised_text (PwRevision *self,
              const char *answer,
              const char *model)
{
  g_autofree char *section = NULL;
  PwProvenance prov = { NULL, };
  GString *text;
  gsize keep;

  if (self->section == NULL)
    {
      if (self->provenance == NULL)
        return pw_export_render_text (answer, -1, NULL, NULL);
      prov.template_id = self->provenance->template_id;
      prov.model = model != NULL ? model : self->provenance->model;
      prov.inputs = (const char * const *) self->provenance->inputs;
      return pw_export_render_text (answer, -1, NULL, &prov);
    }

  /* The bytes around the section stay, and so does the whitespace the
   * section ended with. */
  section = revised_section (self, answer);
  keep = trailing_space (self->plan_text, self->section_start, self->section_end);
  text = g_string_new_len (self->plan_text, self->section_start);
  g_string_append (text, section);
  g_string_append (text, self->plan_text + self->section_end - keep);
  return g_string_free (text, FALSE);
}

/**
 * pw_revision_apply:
 * @answer: the model's answer
 * @model: (nullable): the model that answered, for the provenance comment
 * @carried: (out) (optional): how many ticks carried over
 *
 * Makes the new version: the revised plan in exported form, or the plan
 * with only the revised section's bytes replaced. Steps ticked before and
 * unchanged stay ticked, and the notes get their status against the new
 * version (pw_revision_get_notes()).
 *
 * Returns: (transfer full) (nullable): the new version's text, or %NULL
 *   with %PW_REVISION_ERROR_EMPTY when the answer holds nothing
 */
char *
pw_revision_apply (PwRevision  *self,
                   const char  *answer,
                   const char  *model,
                   guint       *carried,
                   GError     **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *answered = NULL;
  g_autofree char *text = NULL;
  g_autoptr(PwPlan) previous = NULL;
  g_autoptr(PwPlan) revised = NULL;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  clean = clean_answer (answer != NULL ? answer : "");
  if (*clean == '\0')
    {
      g_set_error (error, PW_REVISION_ERROR, PW_REVISION_ERROR_EMPTY,
                   _("The model’s answer holds no plan"));
      return NULL;
    }

  /* An answer that is the plan as it was (the offline planner's) is the
   * same version, provenance and all. */
  answered = clean_answer (self->answer_text);
  if (g_str_equal (clean, answered))
    text = g_strdup (self->plan_text);
  else
    text = revised_text (self, clean, model);
  previous = pw_plan_new_from_text (self->plan_text, -1);
  revised = pw_plan_new_from_text (text, -1);
  n = pw_planning_carry_ticks (revised, previous);
  if (carried != NULL)
    *carried = n;
  pw_plan_notes_update_status (self->notes, previous, revised);

  return g_strdup (pw_plan_get_text (revised, NULL));
}

/**
 * pw_revision_to_history_json:
 * @version: (nullable): the new version, when there is one
 *
 * Returns: (transfer full): what a history entry keeps of the revision:
 *   the section, the original prompt, the notes with their status and the
 *   new version's text
 */
JsonNode *
pw_revision_to_history_json (PwRevision *self,
                             const char *version)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "section");
  if (self->section != NULL)
    json_builder_add_string_value (builder, self->section);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "original_prompt");
  if (self->original_prompt != NULL)
    json_builder_add_string_value (builder, self->original_prompt);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "notes");
  json_builder_add_value (builder, pw_plan_notes_to_json (self->notes));
  json_builder_set_member_name (builder, "version");
  if (version != NULL)
    json_builder_add_string_value (builder, version);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Whether @a ends with "/" and @b. */
static gboolean
ends_with_path (const char *a,
                const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  return la > lb && g_str_has_suffix (a, b) && a[la - lb - 1] == '/';
}

/* The same file, one path relative to the repository, the other not. */
static gboolean
same_output (const char *output,
             const char *plan_path)
{
  if (output == NULL)
    return FALSE;

  return g_str_equal (output, plan_path) || ends_with_path (plan_path, output)
         || ends_with_path (output, plan_path);
}

/**
 * pw_revision_find_prompt:
 * @history: the repository's history (pw_history_load())
 * @plan_path: the plan's path, relative to the repository or absolute
 *
 * Finds the prompt the plan was written from: the newest entry that wrote
 * @plan_path, its original prompt if it was a revision.
 *
 * Returns: (transfer full) (nullable): the prompt, or %NULL if no entry
 *   wrote the plan
 */
char *
pw_revision_find_prompt (JsonArray  *history,
                         const char *plan_path)
{
  g_return_val_if_fail (history != NULL, NULL);
  g_return_val_if_fail (plan_path != NULL, NULL);

  for (guint i = json_array_get_length (history); i > 0; i--)
    {
      JsonNode *node = json_array_get_element (history, i - 1);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *revision;

      if (entry == NULL
          || !same_output (json_object_get_string_member_with_default (entry, "output", NULL),
                           plan_path))
        continue;

      revision = json_object_has_member (entry, "revision")
                 && JSON_NODE_HOLDS_OBJECT (json_object_get_member (entry, "revision"))
                 ? json_object_get_object_member (entry, "revision") : NULL;
      if (revision != NULL)
        return g_strdup (json_object_get_string_member_with_default (revision, "original_prompt",
                                                                     NULL));
      return g_strdup (json_object_get_string_member_with_default (entry, "prompt", NULL));
    }

  return NULL;
}
