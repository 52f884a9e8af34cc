/* pw-new-plan-dialog.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-new-plan-dialog.h"

/* STUB: to be written. */

struct _PwNewPlanDialog
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (PwNewPlanDialog, pw_new_plan_dialog, ADW_TYPE_WINDOW)

static void pw_new_plan_dialog_class_init (PwNewPlanDialogClass *klass) { }
static void pw_new_plan_dialog_init (PwNewPlanDialog *self) { }
PwNewPlanDialog *pw_new_plan_dialog_new (GtkWindow *parent, PwWorkspace *workspace)
{ return g_object_new (PW_TYPE_NEW_PLAN_DIALOG, "transient-for", parent, NULL); }
const char *pw_new_plan_dialog_get_page (PwNewPlanDialog *self) { return "template"; }
void pw_new_plan_dialog_set_page (PwNewPlanDialog *self, const char *name) { }
PwPlanSpec *pw_new_plan_dialog_dup_spec (PwNewPlanDialog *self) { return pw_plan_spec_new (); }
gboolean pw_new_plan_dialog_select_template (PwNewPlanDialog *self, const char *template_id) { return FALSE; }
gboolean pw_new_plan_dialog_select_endpoint (PwNewPlanDialog *self, const char *endpoint_key, gboolean selected) { return FALSE; }
void pw_new_plan_dialog_set_feature (PwNewPlanDialog *self, const char *feature) { }
const char *pw_new_plan_dialog_get_prompt (PwNewPlanDialog *self) { return NULL; }
