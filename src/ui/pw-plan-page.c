/* pw-plan-page.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-plan-page.h"

/* STUB: to be written. */

struct _PwPlanPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (PwPlanPage, pw_plan_page, ADW_TYPE_BIN)

static void pw_plan_page_class_init (PwPlanPageClass *klass) { }
static void pw_plan_page_init (PwPlanPage *self) { }
GtkWidget *pw_plan_page_new (void) { return g_object_new (PW_TYPE_PLAN_PAGE, NULL); }
void pw_plan_page_set_workspace (PwPlanPage *self, PwWorkspace *workspace) { }
PwPlan *pw_plan_page_get_plan (PwPlanPage *self) { return NULL; }
void pw_plan_page_generate (PwPlanPage *self, const PwPlanSpec *spec) { }
gboolean pw_plan_page_open_file (PwPlanPage *self, const char *relative_path, GError **error) { return FALSE; }
gboolean pw_plan_page_get_busy (PwPlanPage *self) { return FALSE; }
void pw_plan_page_set_provider_override (PwPlanPage *self, gpointer provider) { }
