/* pw-plan-view.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-plan-view.h"

/* STUB: to be written. */

struct _PwPlanView
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (PwPlanView, pw_plan_view, GTK_TYPE_WIDGET)

static void pw_plan_view_class_init (PwPlanViewClass *klass)
{
  g_signal_new ("step-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}
static void pw_plan_view_init (PwPlanView *self) { }
GtkWidget *pw_plan_view_new (void) { return g_object_new (PW_TYPE_PLAN_VIEW, NULL); }
PwPlan *pw_plan_view_get_plan (PwPlanView *self) { return NULL; }
void pw_plan_view_set_plan (PwPlanView *self, PwPlan *plan) { }
void pw_plan_view_flush (PwPlanView *self) { }
GListModel *pw_plan_view_get_blocks (PwPlanView *self) { return NULL; }
gboolean pw_plan_view_get_follow_end (PwPlanView *self) { return TRUE; }
void pw_plan_view_scroll_to_line (PwPlanView *self, guint line) { }
