/* pw-plan-queue.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-plan-run.h"
#include "pw-planning.h"
#include "pw-types.h"

G_BEGIN_DECLS

typedef enum
{
  PW_PLAN_QUEUE_ITEM_PENDING,
  PW_PLAN_QUEUE_ITEM_RUNNING,
  PW_PLAN_QUEUE_ITEM_DONE,
  PW_PLAN_QUEUE_ITEM_FAILED,
  PW_PLAN_QUEUE_ITEM_CANCELLED,
} PwPlanQueueItemState;

/**
 * PwPlanQueueItem:
 * @endpoint_key: the endpoint planned
 * @target_path: where the plan goes in the repository (its conventional
 *   path, which the plan index ties to the endpoint)
 * @state: how far it is
 * @text: (nullable): the plan in exported form, waiting for review
 * @error: (nullable): why it failed
 * @attempts: generations started for it
 */
typedef struct
{
  char                 *endpoint_key;
  char                 *target_path;
  PwPlanQueueItemState  state;
  char                 *text;
  GError               *error;
  guint                 attempts;
} PwPlanQueueItem;

/**
 * PwPlanQueueEstimate:
 * @n_items: endpoints to plan
 * @prompt_tokens: the assembled prompts' estimated tokens, all together
 * @has_prices: whether the profile gives prices
 * @prompt_cost: the prompts' cost in US dollars, when @has_prices
 * @max_answer_cost: the answers' cost at the profile's max tokens, or -1
 *   when it sets no limit
 */
typedef struct
{
  guint     n_items;
  gsize     prompt_tokens;
  gboolean  has_prices;
  double    prompt_cost;
  double    max_answer_cost;
} PwPlanQueueEstimate;

#define PW_TYPE_PLAN_QUEUE (pw_plan_queue_get_type ())

G_DECLARE_FINAL_TYPE (PwPlanQueue, pw_plan_queue, PW, PLAN_QUEUE, GObject)

PwPlanQueue           *pw_plan_queue_new             (PwWorkspace          *workspace,
                                                      const PwPlanSpec     *base,
                                                      const char * const   *endpoint_keys) G_GNUC_WARN_UNUSED_RESULT;
char                  *pw_plan_queue_target_path     (PwTemplate           *template,
                                                      const char           *endpoint_key) G_GNUC_WARN_UNUSED_RESULT;
gboolean               pw_plan_queue_estimate        (PwPlanQueue          *self,
                                                      PwPlanQueueEstimate  *estimate,
                                                      GError              **error);
char                  *pw_plan_queue_format_estimate (const PwPlanQueueEstimate *estimate) G_GNUC_WARN_UNUSED_RESULT;
void                   pw_plan_queue_set_rate_limit_wait (PwPlanQueue      *self,
                                                      guint                 wait_ms,
                                                      guint                 max_waits);
void                   pw_plan_queue_run_async       (PwPlanQueue          *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean               pw_plan_queue_run_finish      (PwPlanQueue          *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void                   pw_plan_queue_cancel          (PwPlanQueue          *self);
guint                  pw_plan_queue_get_n_items     (PwPlanQueue          *self);
const PwPlanQueueItem *pw_plan_queue_get_item        (PwPlanQueue          *self,
                                                      guint                 index);
guint                  pw_plan_queue_get_n_done      (PwPlanQueue          *self);
guint                  pw_plan_queue_get_n_failed    (PwPlanQueue          *self);
PwPlanRun             *pw_plan_queue_get_run         (PwPlanQueue          *self);
gboolean               pw_plan_queue_write_item      (PwPlanQueue          *self,
                                                      guint                 index,
                                                      gboolean              force,
                                                      GError              **error);

G_END_DECLS
