/* pw-plan-page-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "pw-lint-list.h"
#include "pw-notes-panel.h"
#include "pw-plan-notes.h"
#include "pw-plan-run.h"
#include "pw-plan-page.h"
#include "pw-plan-ticks.h"
#include "pw-plans-list.h"
#include "pw-stale.h"
#include "pw-template.h"

G_BEGIN_DECLS

struct _PwPlanPage
{
  AdwBin              parent_instance;

  /* Template children */
  AdwFlap            *sidebar_flap;    /* the bin's child, not bound: see init */
  PwPlansList        *plans_list;
  GtkStack           *content_stack;
  GtkSpinner         *spinner;
  GtkLabel           *title_label;
  GtkLabel           *status_label;
  GtkWidget          *stop_button;
  GtkWidget          *export_button;
  GtkToggleButton    *rendered_toggle;
  GtkToggleButton    *source_toggle;
  GtkToggleButton    *lint_toggle;
  GtkImage           *lint_icon;
  GtkLabel           *lint_count_label;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  GtkWidget          *conflict_box;
  GtkWidget          *continue_button;
  GtkWidget          *preferences_button;
  GtkStack           *view_stack;
  PwPlanView         *plan_view;
  GtkSourceView      *source_view;
  GtkWidget          *lint_box;
  PwLintList         *lint_list;
  GtkRevealer        *stale_revealer;
  GtkLabel           *stale_label;
  GtkRevealer        *notes_revealer;
  PwNotesPanel       *notes_panel;

  /* owned */
  PwWorkspace        *workspace;       /* (nullable) */
  PwPlan             *plan;            /* (nullable) */
  PwPlanTicks        *ticks;
  PwPlanRun          *run;             /* (nullable) the generation shown, running or ended */
  PwPlan             *previous;        /* (nullable) the plan Regenerate replaced */
  PwTemplate         *template;        /* (nullable) for lint and export */
  GCancellable       *open_cancellable; /* (nullable) while a plan or template loads */
  char               *opening_path;    /* (nullable) the plan pw_plan_page_open_file() reads */
  GPtrArray          *lint_issues;     /* (nullable) PwLintIssue */
  GCancellable       *lint_cancellable; /* (nullable) while a lint runs */
  char               *subject;         /* (nullable) */
  PwStaleReport      *stale_report;    /* (nullable) what changed under the plan's file */
  GCancellable       *stale_cancellable; /* (nullable) while it is checked */
  PwPlanNotes        *notes;           /* the plan's notes (pw-plan-page-notes.c) */
  GCancellable       *notes_cancellable; /* (nullable) while they load */
  char               *original_prompt; /* (nullable) the plan's, from the history */

  /* borrowed */
  GtkWindow          *walkthrough;     /* (nullable) (weak) */
  GtkWindow          *revision_window; /* (nullable) (weak) */

  /* live ticks: the plan file watched (pw-plan-page-handoff.c) */
  GFileMonitor       *plan_monitor;    /* (nullable) (owned) */
  GCancellable       *watch_cancellable; /* (nullable) (owned) */
  char               *disk_text;       /* (nullable) (owned) the file as last seen */
  guint               reading_disk : 1;
  guint               read_disk_again : 1;

  /* state */
  guint               lint_idle;
  guint               source_sync_idle;
  guint               save_timeout;
  gsize               source_synced;   /* bytes of the plan already in the buffer */
  guint               source_serial;   /* the plan's edit serial when they were */
  guint               generating : 1;    /* from the start of an attempt to its callback */
  guint               updating_buffer : 1;
  guint               lint_again : 1;    /* the plan changed while it was linted */
  guint               unsaved_work : 1;  /* ticks or edits on a plan with no file */
  guint               saving : 1;        /* a save is being written */
  guint               save_again : 1;    /* the plan changed while it was */
  guint               failed : 1;        /* the last attempt ended in an error */
};

/* pw-plan-page-actions.c */
void        pw_plan_page_class_add_actions (GtkWidgetClass *widget_class);
void        pw_plan_page_update_actions    (PwPlanPage     *self);

/* pw-plan-page-handoff.c */
void        pw_plan_page_class_add_handoff (GtkWidgetClass *widget_class);
void        pw_plan_page_update_handoff    (PwPlanPage     *self);
void        pw_plan_page_add_handoff_shortcut (PwPlanPage  *self,
                                            GtkWidget      *window);
void        pw_plan_page_watch_plan        (PwPlanPage     *self);
void        pw_plan_page_unwatch_plan      (PwPlanPage     *self);
/* pw-plan-page-stale.c: the banner of a plan whose inputs changed */
void        pw_plan_page_class_add_stale   (GtkWidgetClass *widget_class);
void        pw_plan_page_init_stale        (PwPlanPage     *self);
void        pw_plan_page_check_stale       (PwPlanPage     *self);
void        pw_plan_page_clear_stale       (PwPlanPage     *self);
gboolean    pw_plan_page_get_stale         (PwPlanPage     *self);
char       *pw_plan_page_stale_revised     (PwPlanPage     *self,
                                            PwPlanNotes    *notes,
                                            const char     *text) G_GNUC_WARN_UNUSED_RESULT;

/* pw-plan-page.c */
void        pw_plan_page_replace_text      (PwPlanPage     *self,
                                            const char     *text);
void        pw_plan_page_show_toast        (PwPlanPage     *self,
                                            AdwToast       *toast);
GtkWindow  *pw_plan_page_get_parent_window (PwPlanPage     *self);
char       *pw_plan_page_dup_relative_path (PwPlanPage     *self) G_GNUC_WARN_UNUSED_RESULT;
void        pw_plan_page_tick_applied      (PwPlanPage     *self);
void        pw_plan_page_show_saved_file   (PwPlanPage     *self,
                                            const char     *relative_path);
void        pw_plan_page_regenerate        (PwPlanPage     *self);
void        pw_plan_page_retry             (PwPlanPage     *self);
void        pw_plan_page_resolve_conflict  (PwPlanPage     *self,
                                            gboolean        keep_mine);
void        pw_plan_page_continue          (PwPlanPage     *self);
void        pw_plan_page_stop              (PwPlanPage     *self);
void        pw_plan_page_set_view          (PwPlanPage     *self,
                                            gboolean        source);

/* pw-plan-page-notes.c */
void        pw_plan_page_notes_add_actions (GtkWidgetClass *widget_class);
void        pw_plan_page_notes_init        (PwPlanPage     *self);
void        pw_plan_page_notes_dispose     (PwPlanPage     *self);
void        pw_plan_page_notes_plan_changed (PwPlanPage    *self);
void        pw_plan_page_notes_update_actions (PwPlanPage  *self);
GtkWidget  *pw_plan_page_add_note          (PwPlanPage     *self,
                                            gint            step,
                                            gint            section,
                                            GtkWindow      *parent);
GtkWidget  *pw_plan_page_add_text_note     (PwPlanPage     *self,
                                            gsize           start,
                                            gsize           end);
void        pw_plan_page_notes_attach_walkthrough (PwPlanPage *self,
                                                   gpointer    walkthrough);
GtkWidget  *pw_plan_page_start_revision    (PwPlanPage     *self,
                                            const char     *section);

G_END_DECLS
