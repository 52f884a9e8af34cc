/* pw-revision.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-generation.h"
#include "pw-plan-notes.h"
#include "pw-types.h"

G_BEGIN_DECLS

#define PW_REVISION_ERROR (pw_revision_error_quark ())

/**
 * PwRevisionError:
 * @PW_REVISION_ERROR_NO_NOTES: a whole-plan revision without an open note
 * @PW_REVISION_ERROR_NO_SECTION: the plan has no section of that title
 * @PW_REVISION_ERROR_EMPTY: the model's answer holds no plan (or no section)
 */
typedef enum
{
  PW_REVISION_ERROR_NO_NOTES,
  PW_REVISION_ERROR_NO_SECTION,
  PW_REVISION_ERROR_EMPTY,
} PwRevisionError;

typedef struct _PwRevision PwRevision;

GQuark        pw_revision_error_quark        (void);
PwRevision   *pw_revision_new                (const char   *plan_text,
                                              const char   *original_prompt,
                                              PwPlanNotes  *notes,
                                              const char   *section,
                                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;
PwRevision   *pw_revision_ref                (PwRevision   *self);
void          pw_revision_unref              (PwRevision   *self);

const char   *pw_revision_get_plan_text      (PwRevision   *self);
const char   *pw_revision_get_original_prompt (PwRevision  *self);
const char   *pw_revision_get_section        (PwRevision   *self);
const char   *pw_revision_get_template_id    (PwRevision   *self);
const char   *pw_revision_get_notes_turn     (PwRevision   *self);
guint         pw_revision_get_n_sent_notes   (PwRevision   *self);
PwPlanNotes  *pw_revision_get_notes          (PwRevision   *self);
char         *pw_revision_dup_request_text   (PwRevision   *self) G_GNUC_WARN_UNUSED_RESULT;
PwGeneration *pw_revision_new_generation     (PwRevision   *self) G_GNUC_WARN_UNUSED_RESULT;
char         *pw_revision_apply              (PwRevision   *self,
                                              const char   *answer,
                                              const char   *model,
                                              guint        *carried,
                                              GError      **error) G_GNUC_WARN_UNUSED_RESULT;
JsonNode     *pw_revision_to_history_json    (PwRevision   *self,
                                              const char   *version) G_GNUC_WARN_UNUSED_RESULT;
char         *pw_revision_find_prompt        (JsonArray    *history,
                                              const char   *plan_path) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwRevision, pw_revision_unref)

G_END_DECLS
