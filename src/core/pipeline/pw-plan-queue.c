/* pw-plan-queue.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-queue"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-export.h"
#include "pw-generation.h"
#include "pw-plan-queue.h"
#include "pw-profile.h"
#include "pw-prompt.h"
#include "pw-provider.h"
#include "pw-template.h"
#include "pw-utils.h"
#include "pw-workspace.h"

/*
 * A queue plans several endpoints, one PwPlanRun at a time. The provider
 * already waits out a 429 (its Retry-After, else a backoff) before giving
 * up; when an item still ends rate-limited, the queue waits before it
 * tries that item again, a few times, doubling the wait. The plans are kept
 * in exported form, each with its conventional path: nothing is written
 * until the caller decides (pw_plan_queue_write_item()), after review.
 */

#define DEFAULT_WAIT_MS 5000
#define DEFAULT_MAX_WAITS 3

struct _PwPlanQueue
{
  GObject       parent_instance;

  PwWorkspace  *workspace;
  PwPlanSpec   *base;
  PwTemplate   *template;     /* (nullable) until looked up */
  GPtrArray    *items;        /* PwPlanQueueItem */
  GTask        *task;         /* (nullable) while running */
  GCancellable *cancellable;  /* (nullable) while running */
  PwPlanRun    *run;          /* (nullable) the current item's */
  guint         current;
  guint         wait_ms;
  guint         max_waits;
  guint         n_waits;      /* for the current item */
  guint         wait_source;
};

G_DEFINE_FINAL_TYPE (PwPlanQueue, pw_plan_queue, G_TYPE_OBJECT)

enum
{
  ITEM_STARTED,
  ITEM_FINISHED,
  WAITING,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_item (PwPlanQueue *self);

static void
item_free (PwPlanQueueItem *item)
{
  g_free (item->endpoint_key);
  g_free (item->target_path);
  g_free (item->text);
  g_clear_error (&item->error);
  g_free (item);
}

static void
pw_plan_queue_dispose (GObject *object)
{
  PwPlanQueue *self = PW_PLAN_QUEUE (object);

  g_clear_handle_id (&self->wait_source, g_source_remove);
  g_clear_object (&self->run);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->task);

  G_OBJECT_CLASS (pw_plan_queue_parent_class)->dispose (object);
}

static void
pw_plan_queue_finalize (GObject *object)
{
  PwPlanQueue *self = PW_PLAN_QUEUE (object);

  g_clear_object (&self->workspace);
  g_clear_object (&self->template);
  g_clear_pointer (&self->base, pw_plan_spec_free);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (pw_plan_queue_parent_class)->finalize (object);
}

static void
pw_plan_queue_class_init (PwPlanQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_plan_queue_dispose;
  object_class->finalize = pw_plan_queue_finalize;

  /**
   * PwPlanQueue::item-started:
   * @index: the item whose generation starts (again, after a wait)
   */
  signals[ITEM_STARTED] = g_signal_new ("item-started", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * PwPlanQueue::item-finished:
   * @index: the item that is done, failed or cancelled
   */
  signals[ITEM_FINISHED] = g_signal_new ("item-finished", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * PwPlanQueue::waiting:
   * @index: the rate-limited item
   * @delay_ms: how long the queue waits before trying it again
   */
  signals[WAITING] = g_signal_new ("waiting", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT,
                                   G_TYPE_UINT);
}

static void
pw_plan_queue_init (PwPlanQueue *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  self->wait_ms = DEFAULT_WAIT_MS;
  self->max_waits = DEFAULT_MAX_WAITS;
}

/**
 * pw_plan_queue_new:
 * @workspace: the repository
 * @base: what every item is made from: template, rules, inputs, provider;
 *   its subject and output are replaced per item
 * @endpoint_keys: (array zero-terminated=1): the endpoints to plan, in order
 *
 * Returns: (transfer full): a queue, not yet started
 */
PwPlanQueue *
pw_plan_queue_new (PwWorkspace        *workspace,
                   const PwPlanSpec   *base,
                   const char * const *endpoint_keys)
{
  PwPlanQueue *self;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (base != NULL, NULL);

  self = g_object_new (PW_TYPE_PLAN_QUEUE, NULL);
  self->workspace = g_object_ref (workspace);
  self->base = pw_plan_spec_copy (base);
  if (self->base->template_id == NULL)
    self->base->template_id = g_strdup (PW_TEMPLATE_ID_ENDPOINTS_PLAN);
  g_clear_pointer (&self->base->feature, g_free);
  g_clear_pointer (&self->base->output, g_free);

  for (guint i = 0; endpoint_keys != NULL && endpoint_keys[i] != NULL; i++)
    {
      PwPlanQueueItem *item = g_new0 (PwPlanQueueItem, 1);

      item->endpoint_key = g_strdup (endpoint_keys[i]);
      g_ptr_array_add (self->items, item);
    }

  return self;
}

/**
 * pw_plan_queue_target_path:
 * @template: the template the plans follow
 * @endpoint_key: "METHOD /path"
 *
 * Where a queued plan goes: the template's output path when it names the
 * subject, else `.ai/<slug>-implementation-plan.md` (what the feature
 * template would name it, which the plan index ties to the endpoint).
 *
 * Returns: (transfer full) (nullable): a repository-relative path
 */
char *
pw_plan_queue_target_path (PwTemplate *template,
                           const char *endpoint_key)
{
  g_autofree char *slug = NULL;

  g_return_val_if_fail (PW_IS_TEMPLATE (template), NULL);
  g_return_val_if_fail (endpoint_key != NULL, NULL);

  if (strstr (pw_template_get_output_pattern (template), "{{") != NULL)
    return pw_export_target_path (template, endpoint_key);

  slug = pw_slugify (endpoint_key);
  if (slug == NULL || *slug == '\0')
    return NULL;
  return g_strdup_printf (".ai/%s-implementation-plan.md", slug);
}

/* Looks the template up once and gives every item its path. */
static gboolean
ensure_template (PwPlanQueue  *self,
                 GError      **error)
{
  if (self->template != NULL)
    return TRUE;

  self->template = pw_template_lookup (pw_workspace_get_root (self->workspace),
                                       self->base->template_id, error);
  if (self->template == NULL)
    return FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      PwPlanQueueItem *item = g_ptr_array_index (self->items, i);

      item->target_path = pw_plan_queue_target_path (self->template, item->endpoint_key);
    }

  return TRUE;
}

static PwPlanSpec *
item_spec (PwPlanQueue     *self,
           PwPlanQueueItem *item)
{
  PwPlanSpec *spec = pw_plan_spec_copy (self->base);

  g_strfreev (spec->endpoints);
  spec->endpoints = g_strdupv ((char *[]) { item->endpoint_key, NULL });
  return spec;
}

/* The profile's prices, when the spec names a profile that has some. */
static void
estimate_cost (PwPlanQueue         *self,
               PwPlanQueueEstimate *estimate)
{
  g_autoptr(PwProfile) profile = NULL;
  double max_answer;

  estimate->max_answer_cost = -1;
  if (self->base->profile_id == NULL || self->base->provider != NULL)
    return;
  profile = pw_profile_lookup (self->base->profile_id);
  if (profile == NULL || pw_profile_estimate_cost (profile, 1000000, 1000000) <= 0)
    return;

  estimate->has_prices = TRUE;
  estimate->prompt_cost = pw_profile_estimate_cost (profile, estimate->prompt_tokens, 0);
  max_answer = pw_profile_estimate_cost (profile, 0, pw_profile_get_max_tokens (profile));
  if (pw_profile_get_max_tokens (profile) > 0)
    estimate->max_answer_cost = max_answer * estimate->n_items;
}

/**
 * pw_plan_queue_estimate:
 * @estimate: (out caller-allocates): what the queue will send
 * @error: return location for a #GError (a prompt cannot be assembled)
 *
 * Assembles every item's prompt, as its run will, and adds up the tokens;
 * the cost comes from the profile's prices, when it has some.
 *
 * Returns: %TRUE if every prompt could be assembled
 */
gboolean
pw_plan_queue_estimate (PwPlanQueue          *self,
                        PwPlanQueueEstimate  *estimate,
                        GError              **error)
{
  g_return_val_if_fail (PW_IS_PLAN_QUEUE (self), FALSE);
  g_return_val_if_fail (estimate != NULL, FALSE);

  memset (estimate, 0, sizeof *estimate);
  if (!ensure_template (self, error))
    return FALSE;

  for (guint i = 0; i < self->items->len; i++)
    {
      g_autoptr(PwPlanSpec) spec = item_spec (self, g_ptr_array_index (self->items, i));
      g_autoptr(PwPromptRequest) request = pw_plan_spec_to_request (spec, self->template);
      g_autoptr(PwPromptResult) prompt = pw_prompt_assemble (self->workspace, request, error);

      if (prompt == NULL)
        return FALSE;
      estimate->prompt_tokens += prompt->tokens;
      estimate->n_items++;
    }
  estimate_cost (self, estimate);

  return TRUE;
}

/**
 * pw_plan_queue_format_estimate:
 *
 * Returns: (transfer full): e.g. "3 plans, about 12 400 prompt tokens;
 *   cost unknown (the profile gives no prices)"
 */
char *
pw_plan_queue_format_estimate (const PwPlanQueueEstimate *estimate)
{
  g_autofree char *plans = NULL;
  g_autofree char *cost = NULL;

  g_return_val_if_fail (estimate != NULL, NULL);

  plans = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u plan, about %lu prompt tokens",
                                        "%u plans, about %lu prompt tokens", estimate->n_items),
                           estimate->n_items, (unsigned long) estimate->prompt_tokens);
  if (!estimate->has_prices)
    cost = g_strdup (_("cost unknown (the profile gives no prices)"));
  else if (estimate->max_answer_cost >= 0)
    cost = g_strdup_printf (_("prompts $%.2f, answers up to $%.2f"), estimate->prompt_cost,
                            estimate->max_answer_cost);
  else
    cost = g_strdup_printf (_("prompts $%.2f, answers extra"), estimate->prompt_cost);

  /* Translators: the queue's estimate: the plans and tokens, then the cost */
  return g_strdup_printf (_("%s; %s"), plans, cost);
}

/**
 * pw_plan_queue_set_rate_limit_wait:
 * @wait_ms: the first wait before a rate-limited item is tried again
 * @max_waits: how many times an item may be tried again
 */
void
pw_plan_queue_set_rate_limit_wait (PwPlanQueue *self,
                                   guint        wait_ms,
                                   guint        max_waits)
{
  g_return_if_fail (PW_IS_PLAN_QUEUE (self));

  self->wait_ms = wait_ms;
  self->max_waits = max_waits;
}

static PwPlanQueueItem *
current_item (PwPlanQueue *self)
{
  return g_ptr_array_index (self->items, self->current);
}

/* The plan as it would be saved: provenance with the prompt's inputs. */
static char *
render_item (PwPlanQueue *self,
             PwPlanRun   *run)
{
  PwGeneration *generation = pw_plan_run_get_generation (run);
  g_auto(GStrv) inputs = pw_export_dup_prompt_inputs (pw_plan_run_get_prompt (run));
  PwProvenance prov = { NULL, };

  prov.template_id = pw_template_get_id (self->template);
  prov.model = pw_generation_get_model (generation);
  prov.inputs = (const char * const *) inputs;

  return pw_export_render_text (pw_generation_get_text (generation),
                                pw_generation_get_text_length (generation), self->template,
                                &prov);
}

/* Ends the queue: every item not yet finished is cancelled when the queue
 * was. */
static void
finish (PwPlanQueue *self,
        gboolean     cancelled)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  for (guint i = 0; cancelled && i < self->items->len; i++)
    {
      PwPlanQueueItem *item = g_ptr_array_index (self->items, i);

      if (item->state == PW_PLAN_QUEUE_ITEM_PENDING || item->state == PW_PLAN_QUEUE_ITEM_RUNNING)
        item->state = PW_PLAN_QUEUE_ITEM_CANCELLED;
    }
  g_clear_object (&self->cancellable);
  if (cancelled)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  else
    g_task_return_boolean (task, TRUE);
}

static void
next_item (PwPlanQueue *self)
{
  g_signal_emit (self, signals[ITEM_FINISHED], 0, self->current);
  self->current++;
  self->n_waits = 0;
  if (self->current < self->items->len)
    start_item (self);
  else
    finish (self, FALSE);
}

static gboolean
wait_over_cb (gpointer user_data)
{
  PwPlanQueue *self = user_data;

  self->wait_source = 0;
  start_item (self);
  return G_SOURCE_REMOVE;
}

/* Whether the item, rate-limited, is tried again after a wait. */
static gboolean
wait_for_rate_limit (PwPlanQueue  *self,
                     const GError *error)
{
  guint delay;

  if (!g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_RATE_LIMITED)
      || self->n_waits >= self->max_waits)
    return FALSE;

  delay = self->wait_ms << self->n_waits;
  self->n_waits++;
  current_item (self)->state = PW_PLAN_QUEUE_ITEM_PENDING;
  g_signal_emit (self, signals[WAITING], 0, self->current, delay);
  self->wait_source = g_timeout_add (delay, wait_over_cb, self);
  return TRUE;
}

static void
item_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PwPlanQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  PwPlanRun *run = PW_PLAN_RUN (source);
  PwPlanQueueItem *item;

  if (self->task == NULL)
    return;
  item = current_item (self);
  if (pw_plan_run_run_finish (run, result, &error))
    {
      item->text = render_item (self, run);
      item->state = PW_PLAN_QUEUE_ITEM_DONE;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           || g_cancellable_is_cancelled (self->cancellable))
    {
      item->state = PW_PLAN_QUEUE_ITEM_CANCELLED;
      g_signal_emit (self, signals[ITEM_FINISHED], 0, self->current);
      finish (self, TRUE);
      return;
    }
  else if (wait_for_rate_limit (self, error))
    return;
  else
    {
      item->state = PW_PLAN_QUEUE_ITEM_FAILED;
      item->error = g_steal_pointer (&error);
    }

  next_item (self);
}

static void
start_item (PwPlanQueue *self)
{
  PwPlanQueueItem *item = current_item (self);
  g_autoptr(PwPlanSpec) spec = item_spec (self, item);

  g_clear_object (&self->run);
  self->run = pw_plan_run_new (self->workspace, spec);
  item->state = PW_PLAN_QUEUE_ITEM_RUNNING;
  item->attempts++;
  g_signal_emit (self, signals[ITEM_STARTED], 0, self->current);
  pw_plan_run_run_async (self->run, self->cancellable, item_done_cb, g_object_ref (self));
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     PwPlanQueue  *self)
{
  pw_plan_queue_cancel (self);
}

/**
 * pw_plan_queue_run_async:
 * @cancellable: (nullable): cancels the queue as pw_plan_queue_cancel() does
 * @callback: called once every item is done, failed or cancelled
 * @user_data: for @callback
 *
 * Plans the items one after another. An item that fails does not stop the
 * queue; the results wait in the items.
 */
void
pw_plan_queue_run_async (PwPlanQueue         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (PW_IS_PLAN_QUEUE (self));
  g_return_if_fail (self->task == NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, pw_plan_queue_run_async);
  if (!ensure_template (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  self->task = g_steal_pointer (&task);
  self->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (caller_cancelled_cb), self, 0);
  self->current = 0;
  self->n_waits = 0;
  if (self->items->len == 0)
    finish (self, FALSE);
  else
    start_item (self);
}

gboolean
pw_plan_queue_run_finish (PwPlanQueue   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (PW_IS_PLAN_QUEUE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pw_plan_queue_cancel:
 *
 * Stops the generation under way (or the wait before it) and cancels
 * every item not yet finished. Plans already made stay.
 */
void
pw_plan_queue_cancel (PwPlanQueue *self)
{
  g_return_if_fail (PW_IS_PLAN_QUEUE (self));

  if (self->task == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  if (self->wait_source != 0)
    {
      g_clear_handle_id (&self->wait_source, g_source_remove);
      finish (self, TRUE);
    }
}

guint
pw_plan_queue_get_n_items (PwPlanQueue *self)
{
  g_return_val_if_fail (PW_IS_PLAN_QUEUE (self), 0);

  return self->items->len;
}

const PwPlanQueueItem *
pw_plan_queue_get_item (PwPlanQueue *self,
                        guint        index)
{
  g_return_val_if_fail (PW_IS_PLAN_QUEUE (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return g_ptr_array_index (self->items, index);
}

static guint
count_state (PwPlanQueue          *self,
             PwPlanQueueItemState  state)
{
  guint n = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      PwPlanQueueItem *item = g_ptr_array_index (self->items, i);

      if (item->state == state)
        n++;
    }

  return n;
}

guint
pw_plan_queue_get_n_done (PwPlanQueue *self)
{
  g_return_val_if_fail (PW_IS_PLAN_QUEUE (self), 0);

  return count_state (self, PW_PLAN_QUEUE_ITEM_DONE);
}

guint
pw_plan_queue_get_n_failed (PwPlanQueue *self)
{
  g_return_val_if_fail (PW_IS_PLAN_QUEUE (self), 0);

  return count_state (self, PW_PLAN_QUEUE_ITEM_FAILED);
}

/**
 * pw_plan_queue_get_run:
 *
 * Returns: (transfer none) (nullable): the current (or last) item's run,
 *   for its deltas and state
 */
PwPlanRun *
pw_plan_queue_get_run (PwPlanQueue *self)
{
  g_return_val_if_fail (PW_IS_PLAN_QUEUE (self), NULL);

  return self->run;
}

/**
 * pw_plan_queue_write_item:
 * @index: a done item
 * @force: replace an existing file
 * @error: return location for a #GError (#PwExportError)
 *
 * Saves the item's plan at its path, once it has been reviewed.
 *
 * Returns: %TRUE if written
 */
gboolean
pw_plan_queue_write_item (PwPlanQueue  *self,
                          guint         index,
                          gboolean      force,
                          GError      **error)
{
  const PwPlanQueueItem *item;

  g_return_val_if_fail (PW_IS_PLAN_QUEUE (self), FALSE);
  g_return_val_if_fail (index < self->items->len, FALSE);

  item = g_ptr_array_index (self->items, index);
  if (item->state != PW_PLAN_QUEUE_ITEM_DONE || item->text == NULL)
    {
      g_set_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_INVALID,
                   _("No plan for “%s” to save"), item->endpoint_key);
      return FALSE;
    }

  if (!pw_export_write (self->workspace, item->target_path, item->text, force, error))
    return FALSE;
  pw_workspace_add_plan (self->workspace, item->target_path);
  return TRUE;
}
