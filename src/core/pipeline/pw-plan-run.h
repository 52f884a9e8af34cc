/* pw-plan-run.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-planning.h"
#include "pw-prompt.h"
#include "pw-provider.h"
#include "pw-revision.h"
#include "pw-types.h"

G_BEGIN_DECLS

/**
 * PwPlanRunState:
 * @PW_PLAN_RUN_STATE_IDLE: not started
 * @PW_PLAN_RUN_STATE_PREPARING: finding the template, assembling the prompt,
 *   choosing the provider
 * @PW_PLAN_RUN_STATE_WAITING: the generation started, no text yet (connecting,
 *   waiting for the first token, or waiting out a retry)
 * @PW_PLAN_RUN_STATE_STREAMING: text is arriving
 * @PW_PLAN_RUN_STATE_SUCCEEDED: the generation completed (and the plan was
 *   written where the spec asked); the history entry is saved
 * @PW_PLAN_RUN_STATE_FAILED: preparing, generating or writing failed; see
 *   pw_plan_run_get_error()
 * @PW_PLAN_RUN_STATE_CANCELLED: cancelled; the partial text is kept
 */
typedef enum
{
  PW_PLAN_RUN_STATE_IDLE,
  PW_PLAN_RUN_STATE_PREPARING,
  PW_PLAN_RUN_STATE_WAITING,
  PW_PLAN_RUN_STATE_STREAMING,
  PW_PLAN_RUN_STATE_SUCCEEDED,
  PW_PLAN_RUN_STATE_FAILED,
  PW_PLAN_RUN_STATE_CANCELLED,
} PwPlanRunState;

#define PW_TYPE_PLAN_RUN_STATE (pw_plan_run_state_get_type ())
GType pw_plan_run_state_get_type (void) G_GNUC_CONST;

#define PW_TYPE_PLAN_RUN (pw_plan_run_get_type ())

G_DECLARE_FINAL_TYPE (PwPlanRun, pw_plan_run, PW, PLAN_RUN, GObject)

/*
 * PwPlanRun: one generation of a plan, from a #PwPlanSpec to a finished
 * #PwGeneration, the #PwPlan it wrote, the exported file (when the spec
 * names an output) and one history entry. `planwright plan` and the Plans
 * page drive it and observe it:
 *
 * Signals
 *   "delta" (PwPlanRun *, const char *text, gpointer): new text, already
 *     appended to the plan when the signal runs.
 *   "retrying" (PwPlanRun *, guint attempt, guint delay_ms,
 *     const char *reason, gpointer): the provider waits before another
 *     attempt; reason is a translated sentence.
 *
 * Properties (read-only, notified on change)
 *   "state" PwPlanRunState, "prompt" (the PwPromptResult, boxed),
 *   "provider-name", "generation", "plan" (a new one for each attempt).
 *
 * For finer progress (attempts, time to first token, tokens) observe the
 * generation itself: "notify::generation" says when there is a new one.
 */

PwPlanRun           *pw_plan_run_new               (PwWorkspace          *workspace,
                                                    const PwPlanSpec     *spec) G_GNUC_WARN_UNUSED_RESULT;
PwPlanRun           *pw_plan_run_new_revision      (PwWorkspace          *workspace,
                                                    const PwPlanSpec     *spec,
                                                    PwRevision           *revision)
                                                    G_GNUC_WARN_UNUSED_RESULT;
PwRevision          *pw_plan_run_get_revision      (PwPlanRun            *self);
const char          *pw_plan_run_get_revised_text  (PwPlanRun            *self,
                                                    guint                *carried);
void                 pw_plan_run_run_async         (PwPlanRun            *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean             pw_plan_run_run_finish        (PwPlanRun            *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void                 pw_plan_run_retry_async       (PwPlanRun            *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
void                 pw_plan_run_continue_async    (PwPlanRun            *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean             pw_plan_run_get_can_continue  (PwPlanRun            *self);
void                 pw_plan_run_cancel            (PwPlanRun            *self);

PwPlanRunState       pw_plan_run_get_state         (PwPlanRun            *self);
gboolean             pw_plan_run_get_running       (PwPlanRun            *self);
PwWorkspace         *pw_plan_run_get_workspace     (PwPlanRun            *self);
const PwPlanSpec    *pw_plan_run_get_spec          (PwPlanRun            *self);
const char          *pw_plan_run_get_subject       (PwPlanRun            *self);
PwTemplate          *pw_plan_run_get_template      (PwPlanRun            *self);
PwPromptResult      *pw_plan_run_get_prompt        (PwPlanRun            *self);
PwProvider          *pw_plan_run_get_provider      (PwPlanRun            *self);
const char          *pw_plan_run_get_provider_name (PwPlanRun            *self);
PwGeneration        *pw_plan_run_get_generation    (PwPlanRun            *self);
PwPlan              *pw_plan_run_get_plan          (PwPlanRun            *self);
const GError        *pw_plan_run_get_error         (PwPlanRun            *self);
const char          *pw_plan_run_get_output_path   (PwPlanRun            *self);
const GError        *pw_plan_run_get_history_error (PwPlanRun            *self);

G_END_DECLS
