/* pw-plan.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-types.h"

G_BEGIN_DECLS

#define PW_PLAN_ERROR (pw_plan_error_quark ())

/**
 * PwPlanError:
 * @PW_PLAN_ERROR_INVALID_UTF8: the file is not valid UTF-8
 * @PW_PLAN_ERROR_NOT_LOADED: the plan has no file to save to
 * @PW_PLAN_ERROR_BAD_STEP: the step index is out of range
 */
typedef enum
{
  PW_PLAN_ERROR_INVALID_UTF8,
  PW_PLAN_ERROR_NOT_LOADED,
  PW_PLAN_ERROR_BAD_STEP,
} PwPlanError;

/**
 * PwPlanSection:
 * @title: heading text after the `#` marks, trimmed, inline markup kept
 * @level: 1 or 2
 * @line: 1-based line of the heading
 * @offset: byte offset of the heading's first byte
 *
 * An ATX level-1 or level-2 heading outside fenced code.
 */
typedef struct
{
  char  *title;
  guint  level;
  guint  line;
  gsize  offset;
} PwPlanSection;

/**
 * PwPlanStep:
 * @index: 1-based number of the step
 * @text: plain text of the step's first line or paragraph, inline markup
 *   stripped (owned by the plan, valid until it changes)
 * @done: whether the step is marked `[x]` or `[X]`
 * @has_checkbox: whether the step carries a `[ ]`/`[x]` mark
 * @line: 1-based line of the step
 * @depth: nesting depth (0 for a top-level item or a step sub-heading)
 * @offset: byte offset of the start of the item or heading
 * @mark_offset: byte offset where the `[ ]`/`[x]` is, or would be inserted
 *
 * One implementation step. Steps written as sub-headings (`### Step 1: …`)
 * take their mark right after the `#` marks: `### [x] Step 1: …`.
 */
typedef struct
{
  guint       index;
  const char *text;
  gboolean    done;
  gboolean    has_checkbox;
  guint       line;
  guint       depth;
  gsize       offset;
  gsize       mark_offset;
} PwPlanStep;

/**
 * PwPlanRange:
 * @start: first byte
 * @end: one past the last byte
 *
 * A half-open byte range in the plan's text.
 */
typedef struct
{
  gsize start;
  gsize end;
} PwPlanRange;

#define PW_TYPE_PLAN (pw_plan_get_type ())

G_DECLARE_FINAL_TYPE (PwPlan, pw_plan, PW, PLAN, GObject)

GQuark               pw_plan_error_quark               (void);
PwPlan              *pw_plan_new                       (void) G_GNUC_WARN_UNUSED_RESULT;
PwPlan              *pw_plan_new_from_text             (const char    *text,
                                                        gssize         length) G_GNUC_WARN_UNUSED_RESULT;
gboolean             pw_plan_load_file                 (PwPlan        *self,
                                                        GFile         *file,
                                                        GCancellable  *cancellable,
                                                        GError       **error);
gboolean             pw_plan_save                      (PwPlan        *self,
                                                        GCancellable  *cancellable,
                                                        GError       **error);
GFile               *pw_plan_get_file                  (PwPlan        *self);
const char          *pw_plan_get_etag                  (PwPlan        *self);
void                 pw_plan_forget_etag               (PwPlan        *self);
void                 pw_plan_set_text                  (PwPlan        *self,
                                                        const char    *text,
                                                        gssize         length);
void                 pw_plan_append                    (PwPlan        *self,
                                                        const char    *chunk,
                                                        gssize         length);
void                 pw_plan_finish                    (PwPlan        *self);
gboolean             pw_plan_get_finished              (PwPlan        *self);
guint                pw_plan_get_edit_serial           (PwPlan        *self);
const char          *pw_plan_get_text                  (PwPlan        *self,
                                                        gsize         *length);
const char          *pw_plan_get_title                 (PwPlan        *self);
gboolean             pw_plan_get_has_analysis          (PwPlan        *self);
char                *pw_plan_dup_analysis              (PwPlan        *self) G_GNUC_WARN_UNUSED_RESULT;
const PwPlanRange   *pw_plan_get_analysis_ranges       (PwPlan        *self,
                                                        guint         *n_ranges);
guint                pw_plan_get_n_sections            (PwPlan        *self);
const PwPlanSection *pw_plan_get_section               (PwPlan        *self,
                                                        guint          i);
gint                 pw_plan_get_steps_section         (PwPlan        *self);
guint                pw_plan_get_n_steps               (PwPlan        *self);
const PwPlanStep    *pw_plan_get_step                  (PwPlan        *self,
                                                        guint          i);
guint                pw_plan_get_n_done                (PwPlan        *self);
gboolean             pw_plan_set_step_done             (PwPlan        *self,
                                                        guint          i,
                                                        gboolean       done);
char                *pw_plan_dup_text_without_analysis (PwPlan        *self) G_GNUC_WARN_UNUSED_RESULT;
char                *pw_plan_dup_marked_text           (PwPlan        *self,
                                                        gsize         *length) G_GNUC_WARN_UNUSED_RESULT;
char                *pw_plan_dup_step_body             (PwPlan        *self,
                                                        guint          i,
                                                        guint          max_lines,
                                                        GArray        *code) G_GNUC_WARN_UNUSED_RESULT;
JsonNode            *pw_plan_to_json                   (PwPlan        *self) G_GNUC_WARN_UNUSED_RESULT;
void                 pw_plan_load_file_async           (PwPlan              *self,
                                                        GFile               *file,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean             pw_plan_load_file_finish          (PwPlan        *self,
                                                        GAsyncResult  *result,
                                                        GError       **error);
void                 pw_plan_save_async                (PwPlan              *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean             pw_plan_save_finish               (PwPlan        *self,
                                                        GAsyncResult  *result,
                                                        GError       **error);

G_END_DECLS
