/* pw-cli-queue.c: planwright plan DIR --all-unplanned [--output auto]
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-queue"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "pw-cli.h"
#include "pw-cli-queue.h"
#include "pw-coverage.h"
#include "pw-export.h"
#include "pw-plan-queue.h"

/*
 * Every endpoint of the API spec without a plan, planned one at a time by
 * a PwPlanQueue. The estimate comes first, on stderr; the plans are printed
 * to stdout, or with --output auto each is written to its conventional
 * path (an existing file only with --force). Ctrl+C cancels the queue.
 */

typedef struct
{
  GAsyncResult *result;
  guint         n_items;
} QueueProgress;

/**
 * pw_cli_queue_check_args:
 * @has_subject: whether --endpoint or --feature was given too
 * @output: (nullable): --output
 *
 * Returns: %PW_EXIT_OK, or %PW_EXIT_USAGE with the reason printed
 */
int
pw_cli_queue_check_args (gboolean    has_subject,
                         const char *output)
{
  if (has_subject)
    return pw_cli_usage_error ("plan", _("--all-unplanned chooses the endpoints itself: "
                                         "drop --endpoint and --feature"));
  if (output != NULL && !g_str_equal (output, "auto") && !g_str_equal (output, "-"))
    return pw_cli_usage_error ("plan", _("--all-unplanned writes with --output auto, "
                                         "or prints with --output -"));

  return PW_EXIT_OK;
}

static void
item_started_cb (PwPlanQueue   *queue,
                 guint          index,
                 QueueProgress *progress)
{
  const PwPlanQueueItem *item = pw_plan_queue_get_item (queue, index);

  pw_cli_print (stderr, _("planwright plan: [%u/%u] %s\n"), index + 1, progress->n_items,
                item->endpoint_key);
}

static void
waiting_cb (PwPlanQueue   *queue,
            guint          index,
            guint          delay_ms,
            QueueProgress *progress)
{
  pw_cli_print (stderr, _("planwright plan: rate-limited, trying again in %.1f s\n"),
                delay_ms / 1000.0);
}

static gboolean
sigint_cb (gpointer user_data)
{
  pw_plan_queue_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* Prints or writes one item's plan; returns its exit status. */
static int
deliver_item (PwPlanQueue *queue,
              guint        index,
              gboolean     write,
              gboolean     force)
{
  const PwPlanQueueItem *item = pw_plan_queue_get_item (queue, index);
  g_autoptr(GError) error = NULL;

  if (item->state == PW_PLAN_QUEUE_ITEM_FAILED)
    {
      pw_cli_print (stderr, _("planwright plan: %s failed: %s\n"), item->endpoint_key,
                    item->error->message);
      return PW_EXIT_FAILURE;
    }
  if (item->state != PW_PLAN_QUEUE_ITEM_DONE)
    return PW_EXIT_CANCELLED;

  if (!write)
    {
      fputs (item->text, stdout);
      fputc ('\n', stdout);
      return PW_EXIT_OK;
    }
  if (!pw_plan_queue_write_item (queue, index, force, &error))
    {
      pw_cli_print (stderr, _("planwright plan: %s not written: %s\n"), item->endpoint_key,
                    error->message);
      return g_error_matches (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT)
             ? PW_EXIT_CONFLICT : PW_EXIT_FAILURE;
    }
  pw_cli_print (stderr, _("planwright plan: %s written to %s\n"), item->endpoint_key,
                item->target_path);
  return PW_EXIT_OK;
}

static GPtrArray *
unplanned_endpoints (PwWorkspace  *workspace,
                     GError      **error)
{
  g_autoptr(PwCoverage) coverage = pw_coverage_compute (workspace, NULL, error);
  GPtrArray *keys;

  if (coverage == NULL)
    return NULL;
  keys = pw_coverage_dup_unplanned (coverage);
  g_ptr_array_add (keys, NULL);
  return keys;
}

static int
run_queue (PwPlanQueue *queue,
           gboolean     write,
           gboolean     force)
{
  g_autoptr(GError) error = NULL;
  QueueProgress progress = { NULL, pw_plan_queue_get_n_items (queue) };
  int status = PW_EXIT_OK;
  guint sigint_id;

  g_signal_connect (queue, "item-started", G_CALLBACK (item_started_cb), &progress);
  g_signal_connect (queue, "waiting", G_CALLBACK (waiting_cb), &progress);
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, queue);
  pw_plan_queue_run_async (queue, NULL, pw_cli_store_result_cb, &progress.result);
  while (progress.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint_id);

  pw_plan_queue_run_finish (queue, progress.result, &error);
  g_clear_object (&progress.result);

  /* What was planned before a cancellation is still delivered. */
  for (guint i = 0; i < progress.n_items; i++)
    {
      int item_status = deliver_item (queue, i, write, force);

      if (status == PW_EXIT_OK && item_status != PW_EXIT_CANCELLED)
        status = item_status;
    }
  if (error != NULL)
    return pw_cli_error (PW_EXIT_CANCELLED, "plan", error);

  pw_cli_print (stderr, _("planwright plan: %u of %u planned\n"),
                pw_plan_queue_get_n_done (queue), progress.n_items);
  return status;
}

/**
 * pw_cli_queue_run:
 * @workspace: the repository
 * @base: the plan options given (template, provider, force)
 * @output: (nullable): --output: "auto" writes, else the plans are printed
 *
 * Returns: the exit status
 */
int
pw_cli_queue_run (PwWorkspace *workspace,
                  PwPlanSpec  *base,
                  const char  *output)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(PwPlanQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *estimate_text = NULL;
  PwPlanQueueEstimate estimate;

  keys = unplanned_endpoints (workspace, &error);
  if (keys == NULL)
    return pw_cli_error (PW_EXIT_FAILURE, "plan", error);
  if (keys->len == 1)
    {
      pw_cli_print (stderr, _("planwright plan: every endpoint has a plan\n"));
      return PW_EXIT_OK;
    }

  queue = pw_plan_queue_new (workspace, base, (const char * const *) keys->pdata);
  if (!pw_plan_queue_estimate (queue, &estimate, &error))
    return pw_cli_error (PW_EXIT_USAGE, "plan", error);
  estimate_text = pw_plan_queue_format_estimate (&estimate);
  pw_cli_print (stderr, _("planwright plan: %s\n"), estimate_text);

  return run_queue (queue, g_strcmp0 (output, "auto") == 0, base->force);
}
