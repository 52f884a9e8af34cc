/* pw-new-plan-inputs.c: the new-plan wizard's Inputs page
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-new-plan-inputs"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-md-sections.h"
#include "pw-new-plan-dialog-private.h"
#include "pw-rules.h"
#include "pw-utils.h"
#include "pw-workspace.h"

/*
 * What goes into the prompt, each with its size and share: the documents
 * (with the API plan's global sections), the rules files (several may be
 * picked), the PRD's headings to narrow it to, the files the user added and
 * the files the documents mention. Added files are read in a thread; the
 * prompt is assembled from what was read, never from the main thread's
 * disk access.
 */

static const struct
{
  const char     *id;
  PwDocumentRole  role;
  const char     *label;
} role_inputs[] = {
  { PW_PROMPT_INPUT_PRD, PW_DOCUMENT_ROLE_PRD, N_("Product requirements") },
  { PW_PROMPT_INPUT_TECH_STACK, PW_DOCUMENT_ROLE_TECH_STACK, N_("Tech stack") },
  { PW_PROMPT_INPUT_API_SPEC, PW_DOCUMENT_ROLE_API_SPEC, N_("API spec") },
  { PW_PROMPT_INPUT_DB_PLAN, PW_DOCUMENT_ROLE_DB_PLAN, N_("Database plan") },
};

static void
input_row_free (InputRow *row)
{
  g_free (row->id);
  g_free (row->path);
  g_free (row);
}

static gboolean
toggle_get_active (GtkWidget *toggle)
{
  if (GTK_IS_SWITCH (toggle))
    return gtk_switch_get_active (GTK_SWITCH (toggle));

  return toggle != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (toggle));
}

static void
toggle_set_active (GtkWidget *toggle,
                   gboolean   active)
{
  if (GTK_IS_SWITCH (toggle))
    gtk_switch_set_active (GTK_SWITCH (toggle), active);
  else
    gtk_check_button_set_active (GTK_CHECK_BUTTON (toggle), active);
}

static InputRow *
find_row (PwNewPlanDialog *self,
          InputKind        kind,
          const char      *id)
{
  for (guint i = 0; i < self->input_rows->len; i++)
    {
      InputRow *row = g_ptr_array_index (self->input_rows, i);

      if (row->kind == kind && g_str_equal (row->id, id))
        return row;
    }

  return NULL;
}

/* "~1,234 tokens · 12%": the size, and the part of the prompt it is. */
static char *
format_size (gsize  tokens,
             double share)
{
  g_autofree char *size = pw_new_plan_dialog_format_tokens (tokens);

  if (share <= 0)
    return g_steal_pointer (&size);

  /* Translators: an input's size and its share of the prompt, e.g.
   * "~1,234 tokens · 12%" */
  return g_strdup_printf (_("%s · %.0f%%"), size, share * 100);
}

static void
toggled_cb (PwNewPlanDialog *self)
{
  pw_new_plan_dialog_refresh (self);
}

/* A row with a title, a subtitle and the size on its end; @toggle (a
 * switch at the end or a check box at the start) includes it. */
static InputRow *
add_row (PwNewPlanDialog *self,
         GtkListBox      *list,
         InputKind        kind,
         const char      *id,
         const char      *title,
         const char      *subtitle,
         GtkWidget       *toggle)
{
  InputRow *row = g_new0 (InputRow, 1);

  row->kind = kind;
  row->id = g_strdup (id);
  row->row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), subtitle);

  row->tokens = gtk_label_new (NULL);
  gtk_widget_add_css_class (row->tokens, "numeric");
  gtk_widget_set_valign (row->tokens, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->tokens);

  row->toggle = toggle;
  if (toggle != NULL)
    {
      /* Translators: accessible name of an input's switch, e.g. "Include Tech stack" */
      g_autofree char *accessible = g_strdup_printf (_("Include %s"), title);

      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
      if (GTK_IS_SWITCH (toggle))
        adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), toggle);
      else
        adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row->row), toggle);
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (toggled_cb), self,
                               G_CONNECT_SWAPPED);
    }

  gtk_list_box_append (list, row->row);
  g_ptr_array_add (self->input_rows, row);

  return row;
}

static void
build_documents (PwNewPlanDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_inputs); i++)
    {
      PwDocument *document = pw_workspace_get_document (self->workspace, role_inputs[i].role);
      gboolean missing = document == NULL || pw_document_get_text (document) == NULL;
      const char *path = document != NULL ? pw_document_get_relative_path (document) : NULL;
      gboolean was_updating;
      InputRow *row;

      row = add_row (self, self->input_list, INPUT_DOCUMENT, role_inputs[i].id,
                     _(role_inputs[i].label), missing ? _("not found") : path,
                     gtk_switch_new ());
      row->missing = missing;
      row->path = g_strdup (path);
      if (!missing)
        row->doc_tokens = pw_estimate_tokens (pw_document_get_text (document),
                                              pw_document_get_length (document));
      was_updating = self->updating;
      self->updating = TRUE;
      toggle_set_active (row->toggle, !missing);
      self->updating = was_updating;
      gtk_widget_set_sensitive (row->row, !missing);
    }
}

/* "path · why": where a rules file is and why it is (not) relevant. */
static char *
dup_rules_subtitle (PwNewPlanDialog *self,
                    PwDocument      *document)
{
  const PwRule *info = pw_workspace_get_rule_info (self->workspace, document);
  const char *path = pw_document_get_relative_path (document);
  g_autofree char *reason = info != NULL ? pw_rules_describe (info) : NULL;

  if (reason == NULL || reason[0] == '\0')
    return g_strdup (path);

  return g_strdup_printf ("%s · %s", path, reason);
}

/* Every rules file, to pick one or more: the choice remembered for the
 * repository is picked at first, else the workspace's ranked default. */
static void
build_rules (PwNewPlanDialog *self)
{
  GPtrArray *rules = pw_workspace_get_rules (self->workspace);
  g_autoptr(GPtrArray) chosen = pw_workspace_dup_remembered_rules (self->workspace);

  if (chosen == NULL)
    chosen = pw_workspace_dup_default_rules (self->workspace);

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      PwDocument *document = g_ptr_array_index (rules, i);
      const char *path = pw_document_get_relative_path (document);
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *subtitle = dup_rules_subtitle (self, document);
      gboolean missing = pw_document_get_text (document) == NULL;
      InputRow *row;

      row = add_row (self, self->rules_list, INPUT_RULES, path, name, subtitle,
                     gtk_check_button_new ());
      row->missing = missing;
      row->path = g_steal_pointer (&subtitle);
      if (!missing)
        row->doc_tokens = pw_estimate_tokens (pw_document_get_text (document),
                                              pw_document_get_length (document));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (row->toggle),
                                   !missing && chosen != NULL
                                   && g_ptr_array_find (chosen, document, NULL));
      gtk_widget_set_sensitive (row->row, !missing);
    }

  gtk_widget_set_visible (self->rules_group, rules != NULL && rules->len > 0);
}

static void
remembered_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!pw_workspace_remember_rules_finish (PW_WORKSPACE (source), result, &error))
    g_message ("The rules chosen were not remembered: %s", error->message);
}

/* Remembers the rules files picked, for the next plan in this repository. */
void
pw_new_plan_inputs_remember (PwNewPlanDialog *self)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();

  for (guint i = 0; i < self->input_rows->len; i++)
    {
      InputRow *row = g_ptr_array_index (self->input_rows, i);
      PwDocument *document;

      if (row->kind != INPUT_RULES || row->missing || !toggle_get_active (row->toggle))
        continue;
      document = pw_workspace_lookup (self->workspace, row->id);
      if (document != NULL)
        g_ptr_array_add (chosen, document);
    }

  pw_workspace_remember_rules_async (self->workspace, chosen, NULL, remembered_cb, NULL);
}

/* The level of headings to offer: the PRD's sections under its title. */
static guint
offered_level (GPtrArray *sections)
{
  guint n_first = 0;

  for (guint i = 0; i < sections->len; i++)
    {
      if (((PwMdSection *) g_ptr_array_index (sections, i))->level == 1)
        n_first++;
    }

  return n_first > 1 ? 1 : 2;
}

static void
build_prd_sections (PwNewPlanDialog *self)
{
  PwDocument *prd = pw_workspace_get_document (self->workspace, PW_DOCUMENT_ROLE_PRD);
  const char *text = prd != NULL ? pw_document_get_text (prd) : NULL;
  g_autoptr(GPtrArray) sections = NULL;
  guint level;
  guint n = 0;

  if (text != NULL)
    sections = pw_md_list_sections (text, pw_document_get_length (prd));
  level = sections != NULL ? offered_level (sections) : 0;

  for (guint i = 0; sections != NULL && i < sections->len; i++)
    {
      PwMdSection *section = g_ptr_array_index (sections, i);
      InputRow *row;

      if (section->level != level || find_row (self, INPUT_PRD_SECTION, section->title) != NULL)
        continue;
      row = add_row (self, self->prd_list, INPUT_PRD_SECTION, section->title, section->title,
                     NULL, gtk_check_button_new ());
      row->doc_tokens = pw_estimate_tokens (text + section->start, section->end - section->start);
      n++;
    }

  gtk_widget_set_visible (self->prd_group, n > 1);
}

static const char * const *
added_paths (PwNewPlanDialog *self)
{
  return self->input_set != NULL ? pw_input_set_get_paths (self->input_set) : NULL;
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PwNewPlanDialog *self = source_object;
  GError *error = NULL;
  PwInputSet *set;

  set = pw_input_set_collect (pw_workspace_get_root (self->workspace),
                              (const char * const *) task_data, PW_INPUT_SET_MAX_BYTES,
                              cancellable, &error);
  if (set == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, set, (GDestroyNotify) pw_input_set_unref);
}

static void
show_inputs_error (PwNewPlanDialog *self,
                   const char      *message)
{
  gtk_label_set_label (self->added_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->added_error_label), message != NULL);
}

static void rebuild_added (PwNewPlanDialog *self);

/* The files read: they replace the earlier set. A path that cannot be
 * added is an error shown under the list; the files added before stay. */
static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  PwNewPlanDialog *self = PW_NEW_PLAN_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(PwInputSet) set = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reading_inputs = FALSE;
  g_clear_pointer (&self->reading_paths, g_strfreev);
  show_inputs_error (self, error != NULL ? error->message : NULL);
  if (set != NULL)
    {
      const char * const *paths = pw_input_set_get_paths (set);

      g_clear_pointer (&self->input_set, pw_input_set_unref);
      if (paths != NULL && paths[0] != NULL)
        self->input_set = g_steal_pointer (&set);
    }
  rebuild_added (self);
  pw_new_plan_dialog_refresh (self);
}

static void
read_paths (PwNewPlanDialog *self,
            GPtrArray       *paths)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->read_cancellable = g_cancellable_new ();
  self->reading_inputs = TRUE;

  g_ptr_array_add (paths, NULL);
  g_strfreev (self->reading_paths);
  self->reading_paths = g_strdupv ((char **) paths->pdata);
  task = g_task_new (self, self->read_cancellable, read_done_cb, NULL);
  g_task_set_source_tag (task, read_paths);
  g_task_set_task_data (task, g_ptr_array_steal (paths, NULL), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, read_thread);
}

/* Reads the added files again with @add added and @remove left out: of
 * those being read, if a reading is under way, so that two quick clicks
 * both count. */
static void
change_paths (PwNewPlanDialog    *self,
              const char * const *add,
              const char         *remove)
{
  const char * const *current = self->reading_paths != NULL
                                ? (const char * const *) self->reading_paths
                                : added_paths (self);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; current != NULL && current[i] != NULL; i++)
    {
      if (g_strcmp0 (current[i], remove) != 0)
        g_ptr_array_add (paths, g_strdup (current[i]));
    }
  for (guint i = 0; add != NULL && add[i] != NULL; i++)
    {
      if (!g_ptr_array_find_with_equal_func (paths, add[i], g_str_equal, NULL))
        g_ptr_array_add (paths, g_strdup (add[i]));
    }

  read_paths (self, paths);
}

static void
remove_clicked_cb (GtkButton       *button,
                   PwNewPlanDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < self->input_rows->len; i++)
    {
      InputRow *input = g_ptr_array_index (self->input_rows, i);

      if (input->kind == INPUT_ADDED && input->row == row)
        {
          g_autofree char *path = g_strdup (input->id);

          change_paths (self, NULL, path);
          return;
        }
    }
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *accessible)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);

  return button;
}

/* One row per added file or folder, with a button that removes it. */
static void
rebuild_added (PwNewPlanDialog *self)
{
  const char * const *paths = added_paths (self);
  GtkWidget *child;

  for (guint i = self->input_rows->len; i > 0; i--)
    {
      if (((InputRow *) g_ptr_array_index (self->input_rows, i - 1))->kind == INPUT_ADDED)
        g_ptr_array_remove_index (self->input_rows, i - 1);
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->added_list))) != NULL)
    gtk_list_box_remove (self->added_list, child);

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      /* Translators: accessible name of the button that removes an added file */
      g_autofree char *label = g_strdup_printf (_("Remove %s"), paths[i]);
      GtkWidget *button = new_icon_button ("list-remove-symbolic", label);
      InputRow *row = add_row (self, self->added_list, INPUT_ADDED, paths[i], paths[i], NULL, NULL);

      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->added_list), paths != NULL && paths[0] != NULL);
}

static void
add_suggestion (PwNewPlanDialog *self,
                GtkWidget       *row)
{
  const char *add[] = { adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), NULL };

  change_paths (self, add, NULL);
}

static void
suggestion_clicked_cb (GtkButton       *button,
                       PwNewPlanDialog *self)
{
  add_suggestion (self, gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW));
}

/* The files the documents mention, each added with one click. */
static void
build_suggestions (PwNewPlanDialog *self)
{
  for (guint i = 0; self->suggestions != NULL && i < self->suggestions->len; i++)
    {
      const char *path = g_ptr_array_index (self->suggestions, i);
      /* Translators: accessible name of the button that adds a suggested file */
      g_autofree char *label = g_strdup_printf (_("Add %s"), path);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = new_icon_button ("list-add-symbolic", label);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), path);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      g_signal_connect_object (button, "clicked", G_CALLBACK (suggestion_clicked_cb), self, 0);
      gtk_list_box_append (self->suggested_list, row);
    }
}

/* Hides the suggestions already added. */
static void
update_suggestions (PwNewPlanDialog *self)
{
  const char * const *paths = added_paths (self);
  guint n_shown = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->suggested_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      const char *path = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      gboolean added = paths != NULL && g_strv_contains (paths, path);

      gtk_widget_set_visible (row, !added);
      n_shown += added ? 0 : 1;
    }
  gtk_widget_set_visible (self->suggested_group, n_shown > 0);
}

/* The API plan's global sections that the last prompt drew on, each with
 * a switch: rows are made the first time a section is met and kept, so
 * that one switched off stays so. */
static void
sync_api_sections (PwNewPlanDialog *self)
{
  guint n_shown = 0;

  for (guint i = 0; self->result != NULL && i < self->result->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (self->result->inputs, i);
      gboolean was_updating;
      InputRow *row;

      if (!g_str_has_prefix (input->id, PW_PROMPT_INPUT_API_GLOBAL_PREFIX)
          || find_row (self, INPUT_API_SECTION, input->id) != NULL)
        continue;

      was_updating = self->updating;
      self->updating = TRUE;
      row = add_row (self, self->api_list, INPUT_API_SECTION, input->id,
                     input->title != NULL ? input->title : input->id, input->path,
                     gtk_switch_new ());
      toggle_set_active (row->toggle, input->state != PW_PROMPT_INPUT_DISABLED);
      self->updating = was_updating;
    }

  for (guint i = 0; i < self->input_rows->len; i++)
    {
      InputRow *row = g_ptr_array_index (self->input_rows, i);
      gboolean shown;

      if (row->kind != INPUT_API_SECTION)
        continue;
      shown = self->result != NULL && pw_prompt_result_get_input (self->result, row->id) != NULL;
      gtk_widget_set_visible (row->row, shown);
      n_shown += shown ? 1 : 0;
    }
  gtk_widget_set_visible (self->api_group, n_shown > 0);
}

/* What the last prompt took of @row: the input itself, or for an added
 * folder every file under it. Returns whether it took anything. */
static gboolean
row_usage (PwNewPlanDialog *self,
           InputRow        *row,
           gsize           *tokens,
           double          *share)
{
  g_autofree char *folder = g_strconcat (row->id, "/", NULL);
  gboolean used = FALSE;

  *tokens = row->doc_tokens;
  *share = 0;
  if (self->result == NULL || row->kind == INPUT_PRD_SECTION)
    return FALSE;

  for (guint i = 0; i < self->result->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (self->result->inputs, i);
      gboolean mine = g_str_equal (input->id, row->id)
                      || (row->kind == INPUT_ADDED && g_str_has_prefix (input->id, folder));

      if (!mine || input->state != PW_PROMPT_INPUT_INCLUDED)
        continue;
      if (!used)
        *tokens = 0;
      used = TRUE;
      *tokens += input->tokens;
      *share += input->share;
    }

  return used;
}

static void
update_row (PwNewPlanDialog *self,
            InputRow        *row)
{
  gboolean on = row->toggle == NULL || toggle_get_active (row->toggle);
  g_autofree char *size = NULL;
  gsize tokens;
  double share;
  gboolean used;

  if (row->missing)
    return;

  used = row_usage (self, row, &tokens, &share);
  size = format_size (tokens, used ? share : 0);
  gtk_label_set_label (GTK_LABEL (row->tokens), size);

  if (row->kind == INPUT_DOCUMENT || row->kind == INPUT_RULES)
    {
      /* Translators: a document the chosen template and subject do not use */
      g_autofree char *unused = g_strdup_printf (_("%s · not in this prompt"), row->path);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row),
                                   self->result != NULL && on && !used ? unused : row->path);
    }

  if (on && (used || row->kind == INPUT_PRD_SECTION))
    gtk_widget_remove_css_class (row->tokens, "dim-label");
  else
    gtk_widget_add_css_class (row->tokens, "dim-label");
}

void
pw_new_plan_inputs_update (PwNewPlanDialog *self)
{
  sync_api_sections (self);
  update_suggestions (self);
  for (guint i = 0; i < self->input_rows->len; i++)
    update_row (self, g_ptr_array_index (self->input_rows, i));
}

void
pw_new_plan_inputs_fill_spec (PwNewPlanDialog *self,
                              PwPlanSpec      *spec)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) disabled = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->input_rows->len; i++)
    {
      InputRow *row = g_ptr_array_index (self->input_rows, i);
      gboolean on = toggle_get_active (row->toggle);

      if (row->missing || row->kind == INPUT_ADDED)
        continue;
      if (row->kind == INPUT_PRD_SECTION)
        {
          if (on)
            g_ptr_array_add (sections, g_strdup (row->id));
          continue;
        }
      if (!on)
        g_ptr_array_add (disabled, g_strdup (row->id));
      else if (row->kind == INPUT_RULES)
        g_ptr_array_add (rules, g_strdup (row->id));
    }
  spec->rules = pw_new_plan_dialog_steal_strv (rules);
  spec->disabled_inputs = pw_new_plan_dialog_steal_strv (disabled);
  spec->prd_sections = pw_new_plan_dialog_steal_strv (sections);

  /* Only what was read: a change still being read is not in the prompt
   * yet, and assembling never reads files itself here. */
  spec->inputs = g_strdupv ((char **) added_paths (self));
  spec->input_set = self->input_set != NULL ? pw_input_set_ref (self->input_set) : NULL;
}

static void
chooser_response_cb (PwNewPlanDialog *self,
                     int              response,
                     GtkNativeDialog *chooser)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) add = g_ptr_array_new_with_free_func (g_free);
  GFile *root = pw_workspace_get_root (self->workspace);

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

  for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autofree char *relative = g_file_get_relative_path (root, file);

      if (relative == NULL && g_file_equal (root, file))
        relative = g_strdup (".");
      if (relative == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (file);
          g_autofree char *message = g_strdup_printf (_("“%s” is outside the repository; only "
                                                        "its own files can be added"), name);

          show_inputs_error (self, message);
          continue;
        }
      g_ptr_array_add (add, g_steal_pointer (&relative));
    }

  g_clear_object (&self->chooser);
  if (add->len == 0)
    return;
  g_ptr_array_add (add, NULL);
  change_paths (self, (const char * const *) add->pdata, NULL);
}

static void
open_chooser (PwNewPlanDialog      *self,
              GtkFileChooserAction  action)
{
  const char *title = action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER ? _("Add Folders")
                                                                      : _("Add Files");

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, _("_Add"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser),
                                       pw_workspace_get_root (self->workspace), NULL);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
add_file_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  open_chooser (PW_NEW_PLAN_DIALOG (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
add_folder_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  open_chooser (PW_NEW_PLAN_DIALOG (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

void
pw_new_plan_inputs_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, api_group);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, api_list);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, rules_group);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, rules_list);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, prd_group);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, prd_list);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, added_list);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, added_error_label);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, suggested_group);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, suggested_list);

  gtk_widget_class_install_action (widget_class, "wizard.add-file", NULL, add_file_action);
  gtk_widget_class_install_action (widget_class, "wizard.add-folder", NULL, add_folder_action);
}

void
pw_new_plan_inputs_init (PwNewPlanDialog *self)
{
  self->input_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) input_row_free);
}

void
pw_new_plan_inputs_build (PwNewPlanDialog *self)
{
  build_documents (self);
  build_rules (self);
  build_prd_sections (self);
  build_suggestions (self);
  rebuild_added (self);
}

void
pw_new_plan_inputs_dispose (PwNewPlanDialog *self)
{
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

void
pw_new_plan_inputs_finalize (PwNewPlanDialog *self)
{
  g_clear_pointer (&self->input_rows, g_ptr_array_unref);
  g_clear_pointer (&self->suggestions, g_ptr_array_unref);
  g_clear_pointer (&self->input_set, pw_input_set_unref);
  g_clear_pointer (&self->reading_paths, g_strfreev);
}

/**
 * pw_new_plan_dialog_set_input_enabled:
 * @input_id: a prompt input id ("prd", "api-spec#auth"), a rules file's
 *   path or a PRD heading
 *
 * Returns: %FALSE if there is no such input or its document is missing
 */
gboolean
pw_new_plan_dialog_set_input_enabled (PwNewPlanDialog *self,
                                      const char      *input_id,
                                      gboolean         enabled)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), FALSE);
  g_return_val_if_fail (input_id != NULL, FALSE);

  for (guint i = 0; i < self->input_rows->len; i++)
    {
      InputRow *row = g_ptr_array_index (self->input_rows, i);

      if (g_str_equal (row->id, input_id) && !row->missing && row->toggle != NULL)
        {
          toggle_set_active (row->toggle, enabled);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pw_new_plan_dialog_add_input:
 * @path: a file or folder, relative to the repository
 *
 * Adds it as the Add buttons do: it is read in a thread
 * (pw_new_plan_dialog_get_reading_inputs() says when it is in).
 */
void
pw_new_plan_dialog_add_input (PwNewPlanDialog *self,
                              const char      *path)
{
  const char *add[] = { path, NULL };

  g_return_if_fail (PW_IS_NEW_PLAN_DIALOG (self));
  g_return_if_fail (path != NULL);

  change_paths (self, add, NULL);
}

gboolean
pw_new_plan_dialog_get_reading_inputs (PwNewPlanDialog *self)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), FALSE);

  return self->reading_inputs;
}

/**
 * pw_new_plan_dialog_get_inputs_error:
 *
 * Returns: (nullable): why the last file or folder could not be added
 */
const char *
pw_new_plan_dialog_get_inputs_error (PwNewPlanDialog *self)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->added_error_label)))
    return NULL;

  return gtk_label_get_label (self->added_error_label);
}

/**
 * pw_new_plan_dialog_activate_suggestion:
 * @path: a suggested file or folder
 *
 * Adds it as its Add button does. Returns: %FALSE if it is not suggested
 * (or not shown)
 */
gboolean
pw_new_plan_dialog_activate_suggestion (PwNewPlanDialog *self,
                                        const char      *path)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->suggested_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (gtk_widget_get_visible (row)
          && g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), path))
        {
          add_suggestion (self, row);
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * pw_new_plan_dialog_get_input_size:
 * @input_id: an input id, rules path, PRD heading or added path
 *
 * Returns: (nullable): the size and share shown on its row
 */
const char *
pw_new_plan_dialog_get_input_size (PwNewPlanDialog *self,
                                   const char      *input_id)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), NULL);
  g_return_val_if_fail (input_id != NULL, NULL);

  for (guint i = 0; i < self->input_rows->len; i++)
    {
      InputRow *row = g_ptr_array_index (self->input_rows, i);

      if (g_str_equal (row->id, input_id))
        return gtk_label_get_label (GTK_LABEL (row->tokens));
    }

  return NULL;
}
