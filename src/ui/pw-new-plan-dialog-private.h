/* pw-new-plan-dialog-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

#include "pw-input-set.h"
#include "pw-new-plan-dialog.h"

G_BEGIN_DECLS

/* What a row of the Inputs page stands for. */
typedef enum
{
  INPUT_DOCUMENT,     /* a role document: PRD, tech stack, API spec, db plan */
  INPUT_API_SECTION,  /* a global section of the API plan ("api-spec#auth") */
  INPUT_RULES,        /* a rules file, one of several the user may pick */
  INPUT_PRD_SECTION,  /* a PRD heading the PRD may be narrowed to */
  INPUT_ADDED,        /* a file or folder the user added */
} InputKind;

typedef struct
{
  InputKind  kind;
  char      *id;        /* input id, PRD heading or added path */
  gboolean   missing;
  gsize      doc_tokens;
  char      *path;      /* nullable */
  GtkWidget *row;       /* borrowed */
  GtkWidget *toggle;    /* borrowed (nullable) a GtkSwitch or GtkCheckButton */
  GtkWidget *tokens;    /* borrowed */
} InputRow;

struct _PwNewPlanDialog
{
  AdwWindow            parent_instance;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkWidget           *back_button;
  GtkWidget           *next_button;
  GtkWidget           *generate_button;
  GtkStack            *stack;
  GtkListBox          *template_list;
  GtkWidget           *subject_page;
  GtkSearchEntry      *search_entry;
  GtkWidget           *feature_group;
  AdwEntryRow         *feature_row;
  GtkWidget           *no_spec_label;
  GtkWidget           *no_match_label;
  GtkBox              *endpoint_box;
  GtkListBox          *input_list;
  GtkWidget           *api_group;
  GtkListBox          *api_list;
  GtkWidget           *rules_group;
  GtkListBox          *rules_list;
  GtkWidget           *prd_group;
  GtkListBox          *prd_list;
  GtkListBox          *added_list;
  GtkLabel            *added_error_label;
  GtkWidget           *suggested_group;
  GtkListBox          *suggested_list;
  GtkLabel            *total_label;
  AdwComboRow         *profile_row;
  GtkWidget           *no_profile_row;
  AdwEntryRow         *model_row;
  GtkLabel            *output_label;
  GtkLabel            *error_label;
  GtkBox              *warnings_box;
  GtkSourceView       *prompt_view;

  /* owned */
  GCancellable        *cancellable;
  PwWorkspace         *workspace;
  GPtrArray           *templates;       /* PwTemplate */
  GPtrArray           *template_checks; /* GtkCheckButton (borrowed), one per template */
  GPtrArray           *endpoints;       /* (nullable) PwEndpoint */
  char               **groups;          /* (nullable) one per endpoint */
  GPtrArray           *summaries;       /* PwPlanSummary */
  GPtrArray           *endpoint_rows;   /* PwEndpointRow (borrowed from their lists) */
  char               **filter_words;    /* (nullable) the endpoint filter, casefolded */
  GByteArray          *endpoint_matches; /* whether each endpoint row passed the filter */
  GPtrArray           *input_rows;      /* InputRow */
  GPtrArray           *suggestions;     /* (nullable) utf8: files the documents mention */
  PwInputSet          *input_set;       /* (nullable) the added files, read */
  GCancellable        *read_cancellable; /* (nullable) reading the added files */
  char               **reading_paths;   /* (nullable) the added paths being read */
  GtkFileChooserNative *chooser;        /* (nullable) Add File or Add Folder, open */
  GPtrArray           *profiles;        /* PwProfile */
  GSettings           *settings;        /* (nullable) for the list of profiles */
  PwPromptResult      *result;          /* (nullable) */

  /* borrowed */
  PwTemplate          *template;

  /* state */
  guint                pending_loads;
  guint                updating : 1;
  guint                loading : 1;
  guint                reading_inputs : 1;
};

/* pw-new-plan-dialog.c */
void pw_new_plan_dialog_refresh         (PwNewPlanDialog *self);
char *pw_new_plan_dialog_format_tokens  (gsize            n) G_GNUC_WARN_UNUSED_RESULT;
/* @array's strings as a %NULL-terminated vector, or %NULL when empty. */
char **pw_new_plan_dialog_steal_strv    (GPtrArray       *array);

/* pw-new-plan-inputs.c: the Inputs page */
void pw_new_plan_inputs_class_init      (GtkWidgetClass  *widget_class);
void pw_new_plan_inputs_init            (PwNewPlanDialog *self);
void pw_new_plan_inputs_build           (PwNewPlanDialog *self);
void pw_new_plan_inputs_update          (PwNewPlanDialog *self);
void pw_new_plan_inputs_fill_spec       (PwNewPlanDialog *self,
                                         PwPlanSpec      *spec);
void pw_new_plan_inputs_remember        (PwNewPlanDialog *self);
void pw_new_plan_inputs_dispose         (PwNewPlanDialog *self);
void pw_new_plan_inputs_finalize        (PwNewPlanDialog *self);

G_END_DECLS
