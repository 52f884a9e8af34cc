/* pw-window-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-coverage-page.h"
#include "pw-input-pane.h"
#include "pw-plan-page.h"
#include "pw-window.h"

G_BEGIN_DECLS

struct _PwWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toasts;
  AdwWindowTitle       *window_title;
  GtkStack             *main_stack;
  AdwStatusPage        *start_page;
  GtkListBox           *recent_list;
  GtkWidget            *recent_group;
  AdwViewStack         *panes;
  AdwBin               *prd_slot;
  AdwBin               *stack_slot;
  AdwBin               *rules_slot;
  AdwBin               *api_slot;
  AdwBin               *plans_slot;
  AdwBin               *coverage_slot;
  GtkWidget            *save_button;

  /* borrowed: built on first show, owned by their slots */
  PwInputPane          *prd_pane;      /* (nullable) */
  PwInputPane          *stack_pane;    /* (nullable) */
  PwInputPane          *rules_pane;    /* (nullable) */
  PwInputPane          *api_pane;      /* (nullable) */
  PwPlanPage           *plan_page;     /* (nullable) */
  PwCoveragePage       *coverage_page; /* (nullable) */

  /* owned */
  GSettings            *settings;
  PwWorkspace          *workspace;     /* (nullable) */
  GCancellable         *cancellable;
  AdwMessageDialog     *close_dialog;  /* (nullable) (borrowed) while shown */
  GHashTable           *forced_saves;  /* PwDocument (owned): saved over a change on disk */
  GFile                *folder_to_open; /* (nullable) while asked about unsaved work */

  /* state */
  guint                 pending_saves;
  guint                 failed_saves;
  guint                 close_after_save : 1;
  guint                 force_close : 1;
};

void         pw_window_class_add_actions (GtkWidgetClass *widget_class);
PwInputPane *pw_window_get_visible_pane  (PwWindow       *self);
PwInputPane *pw_window_get_pane          (PwWindow       *self,
                                          PwDocumentRole  role);
void         pw_window_save_all          (PwWindow       *self,
                                          gboolean        close_after);
void         pw_window_choose_folder     (PwWindow       *self);
GFile       *pw_window_dup_start_folder  (PwWindow       *self) G_GNUC_WARN_UNUSED_RESULT;
void         pw_window_open_folder       (PwWindow       *self,
                                          GFile          *folder);
void         pw_window_update_title      (PwWindow       *self);
PwPlanPage  *pw_window_get_plan_page     (PwWindow       *self);
PwCoveragePage *pw_window_get_coverage_page (PwWindow    *self);
void         pw_window_plan_endpoint     (PwWindow       *self,
                                          const char     *endpoint_key);

G_END_DECLS
