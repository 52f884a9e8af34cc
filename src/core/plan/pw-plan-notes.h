/* pw-plan-notes.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-types.h"

G_BEGIN_DECLS

#define PW_PLAN_NOTES_ERROR (pw_plan_notes_error_quark ())

/**
 * PwPlanNotesError:
 * @PW_PLAN_NOTES_ERROR_CORRUPT: the notes file is not what Planwright writes
 * @PW_PLAN_NOTES_ERROR_NO_ANCHOR: a note names a step, section or text the
 *   plan does not have
 * @PW_PLAN_NOTES_ERROR_EMPTY: a note without a body
 */
typedef enum
{
  PW_PLAN_NOTES_ERROR_CORRUPT,
  PW_PLAN_NOTES_ERROR_NO_ANCHOR,
  PW_PLAN_NOTES_ERROR_EMPTY,
} PwPlanNotesError;

/**
 * PwNoteAnchorKind:
 * @PW_NOTE_ANCHOR_PLAN: the whole plan
 * @PW_NOTE_ANCHOR_STEP: a step, found again by its text
 * @PW_NOTE_ANCHOR_SECTION: a section, found again by its heading
 * @PW_NOTE_ANCHOR_TEXT: a quoted span, found again by the quote and the
 *   text around it
 */
typedef enum
{
  PW_NOTE_ANCHOR_PLAN,
  PW_NOTE_ANCHOR_STEP,
  PW_NOTE_ANCHOR_SECTION,
  PW_NOTE_ANCHOR_TEXT,
} PwNoteAnchorKind;

/**
 * PwNoteStatus:
 * @PW_NOTE_STATUS_OPEN: not dealt with (after a revision: its anchor is
 *   unchanged)
 * @PW_NOTE_STATUS_ADDRESSED: a revision changed the text it refers to
 * @PW_NOTE_STATUS_OUTDATED: a revision removed the text it refers to
 * @PW_NOTE_STATUS_RESOLVED: the user closed it
 */
typedef enum
{
  PW_NOTE_STATUS_OPEN,
  PW_NOTE_STATUS_ADDRESSED,
  PW_NOTE_STATUS_OUTDATED,
  PW_NOTE_STATUS_RESOLVED,
} PwNoteStatus;

/**
 * PwNote:
 * @id: unique within the plan's notes
 * @kind: what it is anchored to
 * @step: for a step, its 1-based number when the note was anchored (a
 *   hint among steps of the same text)
 * @occurrence: for a step, which of the steps with its text it is (0 for
 *   the first)
 * @quote: the step's text, the section's heading or the quoted span
 * @before: (nullable): for a quoted span, up to 40 bytes before it
 * @after: (nullable): for a quoted span, up to 40 bytes after it
 * @body: what the note says
 * @created: when it was written, seconds since the epoch
 * @status: where it stands
 */
typedef struct
{
  char             *id;
  PwNoteAnchorKind  kind;
  guint             step;
  guint             occurrence;
  char             *quote;
  char             *before;
  char             *after;
  char             *body;
  gint64            created;
  PwNoteStatus      status;
} PwNote;

/**
 * PwNoteMatch:
 * @found: whether the anchor was found
 * @exact: whether the anchor's text is there unchanged
 * @index: the 0-based step or section index (steps and sections)
 * @start: first byte of what the note refers to in the plan's text
 * @end: one past its last byte
 *
 * Where a note's anchor is in a plan.
 */
typedef struct
{
  gboolean found;
  gboolean exact;
  guint    index;
  gsize    start;
  gsize    end;
} PwNoteMatch;

#define PW_TYPE_NOTE (pw_note_get_type ())

GType        pw_note_get_type          (void) G_GNUC_CONST;
PwNote      *pw_note_copy              (const PwNote *note) G_GNUC_WARN_UNUSED_RESULT;
void         pw_note_free              (PwNote       *note);
const char  *pw_note_status_to_string  (PwNoteStatus  status);
const char  *pw_note_kind_to_string    (PwNoteAnchorKind kind);
gboolean     pw_note_locate            (const PwNote *note,
                                        PwPlan       *plan,
                                        PwNoteMatch  *match);
char        *pw_note_describe_anchor   (const PwNote *note) G_GNUC_WARN_UNUSED_RESULT;
gboolean     pw_note_span_from_rendered (const char  *source,
                                         gsize        length,
                                         const char  *rendered,
                                         glong        start,
                                         glong        end,
                                         gsize       *span_start,
                                         gsize       *span_end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwNote, pw_note_free)

#define PW_TYPE_PLAN_NOTES (pw_plan_notes_get_type ())

G_DECLARE_FINAL_TYPE (PwPlanNotes, pw_plan_notes, PW, PLAN_NOTES, GObject)

/*
 * PwPlanNotes: the notes on one plan, in the order they were written.
 * Signal "changed" (PwPlanNotes *, gpointer) after every change.
 */

GQuark        pw_plan_notes_error_quark   (void);
PwPlanNotes  *pw_plan_notes_new           (void) G_GNUC_WARN_UNUSED_RESULT;
GFile        *pw_plan_notes_file_for      (GFile        *plan_file) G_GNUC_WARN_UNUSED_RESULT;
PwPlanNotes  *pw_plan_notes_load          (GFile        *notes_file,
                                           GCancellable *cancellable,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      pw_plan_notes_save          (PwPlanNotes  *self,
                                           GFile        *notes_file,
                                           GCancellable *cancellable,
                                           GError      **error);
PwPlanNotes  *pw_plan_notes_new_from_json (JsonNode     *node,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *pw_plan_notes_to_json       (PwPlanNotes  *self) G_GNUC_WARN_UNUSED_RESULT;
PwPlanNotes  *pw_plan_notes_copy          (PwPlanNotes  *self) G_GNUC_WARN_UNUSED_RESULT;

guint         pw_plan_notes_get_n_notes   (PwPlanNotes  *self);
const PwNote *pw_plan_notes_get_note      (PwPlanNotes  *self,
                                           guint         i);
const PwNote *pw_plan_notes_lookup        (PwPlanNotes  *self,
                                           const char   *id);
guint         pw_plan_notes_count_status  (PwPlanNotes  *self,
                                           PwNoteStatus  status);

const PwNote *pw_plan_notes_add_step      (PwPlanNotes  *self,
                                           PwPlan       *plan,
                                           guint         step,
                                           const char   *body,
                                           GError      **error);
const PwNote *pw_plan_notes_add_section   (PwPlanNotes  *self,
                                           PwPlan       *plan,
                                           guint         section,
                                           const char   *body,
                                           GError      **error);
const PwNote *pw_plan_notes_add_text      (PwPlanNotes  *self,
                                           PwPlan       *plan,
                                           gsize         start,
                                           gsize         end,
                                           const char   *body,
                                           GError      **error);
const PwNote *pw_plan_notes_add_plan      (PwPlanNotes  *self,
                                           const char   *body,
                                           GError      **error);
const PwNote *pw_plan_notes_add_parsed    (PwPlanNotes  *self,
                                           PwPlan       *plan,
                                           const char   *spec,
                                           GError      **error);
gboolean      pw_plan_notes_set_body      (PwPlanNotes  *self,
                                           const char   *id,
                                           const char   *body);
gboolean      pw_plan_notes_set_status    (PwPlanNotes  *self,
                                           const char   *id,
                                           PwNoteStatus  status);
gboolean      pw_plan_notes_remove        (PwPlanNotes  *self,
                                           const char   *id);
void          pw_plan_notes_update_status (PwPlanNotes  *self,
                                           PwPlan       *previous,
                                           PwPlan       *revised);

G_END_DECLS
