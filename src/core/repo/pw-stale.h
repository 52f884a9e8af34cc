/* pw-stale.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-plan-notes.h"
#include "pw-types.h"

G_BEGIN_DECLS

/**
 * PwStaleState:
 * @PW_STALE_UNKNOWN: the plan records no inputs, or its template is gone
 * @PW_STALE_CURRENT: every recorded input is as the plan saw it
 * @PW_STALE_STALE: at least one input changed since the plan was written
 */
typedef enum
{
  PW_STALE_UNKNOWN,
  PW_STALE_CURRENT,
  PW_STALE_STALE,
} PwStaleState;

/**
 * PwStaleInput:
 * @id: the input's id ("prd", "api-spec", … or a rules file's path)
 * @path: (nullable): the file it came from (as recorded, else as now)
 * @recorded: the hash the plan records
 * @current: (nullable): the hash of the same input now; %NULL if it is gone
 * @changed: whether @current differs from @recorded
 * @old_text: (nullable): the input as the plan saw it, when the history
 *   still holds the prompt it was inlined in
 * @new_text: (nullable): the input as it is now
 */
typedef struct
{
  char     *id;
  char     *path;
  char     *recorded;
  char     *current;
  gboolean  changed;
  char     *old_text;
  char     *new_text;
} PwStaleInput;

/**
 * PwStaleReport:
 * @state: the verdict
 * @template_id: (nullable): the template the provenance names
 * @reason: (nullable): why the state is unknown
 * @inputs: (element-type PwStaleInput): every recorded input
 * @prompt: (nullable): the prompt as it would be assembled now (private
 *   use: the inputs' new text is cut out of it)
 */
typedef struct
{
  PwStaleState  state;
  char         *template_id;
  char         *reason;
  GPtrArray    *inputs;
  char         *prompt;
} PwStaleReport;

/* The most a stale plan's revision note takes, by default. */
#define PW_STALE_NOTE_MAX_BYTES 12000

PwStaleReport *pw_stale_report_new       (void) G_GNUC_WARN_UNUSED_RESULT;
PwStaleReport *pw_stale_check            (PwWorkspace         *workspace,
                                          const char          *text,
                                          gssize               length,
                                          const char * const  *endpoints) G_GNUC_WARN_UNUSED_RESULT;
PwStaleReport *pw_stale_check_file       (PwWorkspace         *workspace,
                                          const char          *relative_path,
                                          GPtrArray           *summaries,
                                          GCancellable        *cancellable,
                                          GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void           pw_stale_check_async      (GFile               *root,
                                          const char          *relative_path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
PwStaleReport *pw_stale_check_finish     (GAsyncResult        *result,
                                          GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void           pw_stale_find_old_texts   (PwStaleReport       *report,
                                          JsonArray           *history);
guint          pw_stale_report_n_changed (PwStaleReport       *report);
char          *pw_stale_describe_input   (const PwStaleInput  *input) G_GNUC_WARN_UNUSED_RESULT;
char          *pw_stale_describe         (PwStaleReport       *report) G_GNUC_WARN_UNUSED_RESULT;
char          *pw_stale_accept           (PwStaleReport       *report,
                                          const char          *text,
                                          gssize               length,
                                          gsize               *new_length) G_GNUC_WARN_UNUSED_RESULT;
gboolean       pw_stale_accept_file      (PwWorkspace         *workspace,
                                          const char          *relative_path,
                                          PwStaleReport       *report,
                                          GError             **error);
void           pw_stale_add_lint_issues  (PwStaleReport       *report,
                                          GPtrArray           *issues);
char          *pw_stale_revision_note    (PwStaleReport       *report,
                                          gsize                max_bytes) G_GNUC_WARN_UNUSED_RESULT;
const PwNote  *pw_stale_add_revision_note (PwStaleReport      *report,
                                          PwPlanNotes         *notes,
                                          GError             **error);
gboolean       pw_stale_has_revision_note (PwStaleReport      *report,
                                          PwPlanNotes         *notes);
JsonNode      *pw_stale_report_to_json   (PwStaleReport       *report) G_GNUC_WARN_UNUSED_RESULT;
const char    *pw_stale_state_to_string  (PwStaleState         state);
void           pw_stale_report_free      (PwStaleReport       *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwStaleReport, pw_stale_report_free)

G_END_DECLS
