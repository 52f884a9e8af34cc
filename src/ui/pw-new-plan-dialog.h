/* pw-new-plan-dialog.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-planning.h"
#include "pw-workspace.h"

G_BEGIN_DECLS

#define PW_TYPE_NEW_PLAN_DIALOG (pw_new_plan_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PwNewPlanDialog, pw_new_plan_dialog, PW, NEW_PLAN_DIALOG, AdwWindow)

/* The new-plan wizard: Template → Subject → Inputs → Review. Generate
 * (Ctrl+Return) emits PwNewPlanDialog::generate (PwPlanSpec *spec) and
 * closes. The page names are "template", "subject", "inputs", "review". */
PwNewPlanDialog *pw_new_plan_dialog_new          (GtkWindow       *parent,
                                                  PwWorkspace     *workspace) G_GNUC_WARN_UNUSED_RESULT;
gboolean         pw_new_plan_dialog_get_loading  (PwNewPlanDialog *self);
const char      *pw_new_plan_dialog_get_page     (PwNewPlanDialog *self);
void             pw_new_plan_dialog_set_page     (PwNewPlanDialog *self,
                                                  const char      *name);
/* What the controls say now; never NULL (the subject may be empty). */
PwPlanSpec      *pw_new_plan_dialog_dup_spec     (PwNewPlanDialog *self) G_GNUC_WARN_UNUSED_RESULT;
/* Drive the controls as a user would (tests, screenshots). */
gboolean         pw_new_plan_dialog_select_template (PwNewPlanDialog *self,
                                                  const char      *template_id);
gboolean         pw_new_plan_dialog_select_endpoint (PwNewPlanDialog *self,
                                                  const char      *endpoint_key,
                                                  gboolean         selected);
void             pw_new_plan_dialog_set_feature  (PwNewPlanDialog *self,
                                                  const char      *feature);
/* The assembled prompt shown on the review page, or NULL. */
const char      *pw_new_plan_dialog_get_prompt   (PwNewPlanDialog *self);
/* The last assembly (nullable), owned by the dialog. */
PwPromptResult  *pw_new_plan_dialog_get_result   (PwNewPlanDialog *self);
void             pw_new_plan_dialog_set_filter   (PwNewPlanDialog *self,
                                                  const char      *text);
guint            pw_new_plan_dialog_get_n_visible_endpoints (PwNewPlanDialog *self);
const char      *pw_new_plan_dialog_get_planned_label (PwNewPlanDialog *self,
                                                  const char      *endpoint_key);
gboolean         pw_new_plan_dialog_select_profile (PwNewPlanDialog *self,
                                                  const char      *profile_id);
void             pw_new_plan_dialog_set_model    (PwNewPlanDialog *self,
                                                  const char      *model);
const char      *pw_new_plan_dialog_get_total_text (PwNewPlanDialog *self);
gboolean         pw_new_plan_dialog_set_input_enabled (PwNewPlanDialog *self,
                                                  const char      *input_id,
                                                  gboolean         enabled);
/* The Inputs page's added files (read in a thread), suggestions and sizes. */
void             pw_new_plan_dialog_add_input    (PwNewPlanDialog *self,
                                                  const char      *path);
gboolean         pw_new_plan_dialog_get_reading_inputs (PwNewPlanDialog *self);
const char      *pw_new_plan_dialog_get_inputs_error (PwNewPlanDialog *self);
gboolean         pw_new_plan_dialog_activate_suggestion (PwNewPlanDialog *self,
                                                  const char      *path);
const char      *pw_new_plan_dialog_get_input_size (PwNewPlanDialog *self,
                                                  const char      *input_id);

G_END_DECLS
