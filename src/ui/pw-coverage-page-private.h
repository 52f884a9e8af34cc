/* pw-coverage-page-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-coverage-page.h"
#include "pw-plan-queue.h"

G_BEGIN_DECLS

struct _PwCoveragePage
{
  AdwBin          parent_instance;

  /* Template children */
  GtkStack       *content_stack;  /* the bin's child, not bound: see init */
  GtkSpinner     *spinner;
  AdwStatusPage  *empty_page;
  GtkBox         *groups_box;
  GtkLabel       *totals_label;
  GtkLabel       *stale_label;
  GtkRevealer    *queue_revealer;
  GtkLabel       *queue_label;
  GtkProgressBar *queue_progress;
  GtkWidget      *cancel_button;
  GtkWidget      *review_button;

  /* owned */
  PwWorkspace    *workspace;     /* (nullable) */
  GCancellable   *cancellable;   /* (nullable) while the coverage is computed */
  GPtrArray      *groups;        /* GtkWidget (borrowed, in groups_box): one per resource */
  GPtrArray      *rows;          /* PwCoverageRow (borrowed) */
  PwPlanQueue    *queue;         /* (nullable) the last "Plan Unplanned" */
  GCancellable   *estimate_cancellable; /* (nullable) while the estimate is made */
  PwPlanSpec     *plan_spec;     /* (nullable) what the queue's plans are made with */
  guint           next_review;   /* the queue's next item to review */
  gboolean        queue_task_running;
};

/* pw-coverage-queue.c: planning the unplanned endpoints */
void pw_coverage_page_class_add_queue (GtkWidgetClass *widget_class);
void pw_coverage_page_clear_queue     (PwCoveragePage *self);
void pw_coverage_page_update_queue_actions (PwCoveragePage *self);

G_END_DECLS
