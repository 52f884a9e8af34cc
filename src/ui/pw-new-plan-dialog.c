/* pw-new-plan-dialog.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-new-plan-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <gtksourceview/gtksource.h>

#include "pw-document.h"
#include "pw-endpoint-row.h"
#include "pw-endpoints.h"
#include "pw-new-plan-dialog-private.h"
#include "pw-openapi.h"
#include "pw-plan-index.h"
#include "pw-preferences-window.h"
#include "pw-profile.h"
#include "pw-prompt.h"
#include "pw-template.h"
#include "pw-utils.h"

/*
 * The new-plan wizard: four pages in a stack. Every control change rebuilds
 * the PwPlanSpec and assembles the prompt again (the documents are small and
 * already loaded), so the token counts, the review text and Generate's
 * sensitivity always say what Generate would send.
 */

static const struct
{
  const char *name;
  const char *title;
} pages[] = {
  { "template", N_("Template") },
  { "subject", N_("Subject") },
  { "inputs", N_("Inputs") },
  { "review", N_("Review") },
};

/* The documents a prompt may inline, read before the wizard opens. */
static const PwDocumentRole document_roles[] = {
  PW_DOCUMENT_ROLE_PRD, PW_DOCUMENT_ROLE_TECH_STACK, PW_DOCUMENT_ROLE_API_SPEC,
  PW_DOCUMENT_ROLE_DB_PLAN,
};

/* The built-in templates' names and descriptions (data/templates/), for
 * xgettext: a template file is not a source it reads. A name or
 * description found here is shown translated. */
static const char *builtin_texts[] G_GNUC_UNUSED = {
  N_("Feature implementation plan"),
  N_("A detailed implementation plan for one feature or endpoint"),
  N_("REST endpoints implementation plan"),
  N_("An implementation plan for one or more REST API endpoints"),
  /* Translators: the part of a plan's file name the feature's name fills in */
  N_("feature"),
};

/* A template's name or description as shown: translated if it is a
 * built-in one (never the catalogue's header, which "" would give). */
static const char *
template_text (const char *text)
{
  return text != NULL && text[0] != '\0' ? _(text) : text;
}

G_DEFINE_FINAL_TYPE (PwNewPlanDialog, pw_new_plan_dialog, ADW_TYPE_WINDOW)

enum
{
  GENERATE,
  N_SIGNALS
};

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

static void refresh (PwNewPlanDialog *self);

/* "~2,758 tokens", "~2 758 tokenów": the locale's digit grouping (the '
 * flag) and its plural forms. */
char *
pw_new_plan_dialog_format_tokens (gsize n)
{
  g_autofree char *count = g_strdup_printf ("%'lu", (unsigned long) n);

  /* Translators: an estimate; %s is the count, grouped as the locale does */
  return g_strdup_printf (ngettext ("~%s token", "~%s tokens", (unsigned long) n), count);
}

static guint
page_index (PwNewPlanDialog *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      if (g_strcmp0 (name, pages[i].name) == 0)
        return i;
    }

  return 0;
}

static PwProfile *
selected_profile (PwNewPlanDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->profile_row);

  if (self->profiles == NULL || self->profiles->len == 0 || selected >= self->profiles->len)
    return NULL;

  return g_ptr_array_index (self->profiles, selected);
}

static gboolean
is_feature_template (PwNewPlanDialog *self)
{
  return self->template == NULL
         || pw_template_get_subject (self->template) == PW_TEMPLATE_SUBJECT_FEATURE;
}

static PwEndpointRow *
find_endpoint_row (PwNewPlanDialog *self,
                   const char      *key)
{
  g_autofree char *wanted = pw_plan_index_normalize_key (key);

  if (wanted == NULL)
    return NULL;

  for (guint i = 0; i < self->endpoint_rows->len; i++)
    {
      PwEndpointRow *row = g_ptr_array_index (self->endpoint_rows, i);
      g_autofree char *normal = pw_plan_index_normalize_key (pw_endpoint_row_get_key (row));

      if (g_strcmp0 (normal, wanted) == 0)
        return row;
    }

  return NULL;
}

/* @array's strings as a %NULL-terminated vector, or %NULL when empty. */
char **
pw_new_plan_dialog_steal_strv (GPtrArray *array)
{
  if (array->len == 0)
    return NULL;
  g_ptr_array_add (array, NULL);

  return (char **) g_ptr_array_steal (array, NULL);
}

static void
add_endpoints (PwNewPlanDialog *self,
               PwPlanSpec      *spec)
{
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new_with_free_func (g_free);

  /* A typed feature wins over a stale endpoint choice. */
  if (spec->feature != NULL)
    return;

  for (guint i = 0; i < self->endpoint_rows->len; i++)
    {
      PwEndpointRow *row = g_ptr_array_index (self->endpoint_rows, i);

      if (pw_endpoint_row_get_selected (row))
        g_ptr_array_add (endpoints, g_strdup (pw_endpoint_row_get_key (row)));
    }
  spec->endpoints = pw_new_plan_dialog_steal_strv (endpoints);
}

static void
add_profile (PwNewPlanDialog *self,
             PwPlanSpec      *spec)
{
  const char *model = gtk_editable_get_text (GTK_EDITABLE (self->model_row));
  PwProfile *profile = selected_profile (self);
  g_autofree char *profile_model = NULL;

  if (profile == NULL)
    return;

  profile_model = pw_profile_dup_model (profile);
  spec->profile_id = g_strdup (pw_profile_get_id (profile));
  if (*model != '\0' && g_strcmp0 (model, profile_model) != 0)
    spec->model = g_strdup (model);
}

static PwPlanSpec *
build_spec (PwNewPlanDialog *self)
{
  PwPlanSpec *spec = pw_plan_spec_new ();
  const char *feature = gtk_editable_get_text (GTK_EDITABLE (self->feature_row));
  g_autofree char *stripped = g_strstrip (g_strdup (feature));

  spec->template_id = g_strdup (self->template ? pw_template_get_id (self->template)
                                               : PW_TEMPLATE_ID_FEATURE_PLAN);
  if (*stripped != '\0' && gtk_widget_get_visible (self->feature_group))
    spec->feature = g_steal_pointer (&stripped);

  add_endpoints (self, spec);
  pw_new_plan_inputs_fill_spec (self, spec);
  add_profile (self, spec);

  return spec;
}

/* Whether an endpoint is chosen or a feature described: the subject page
 * lets Next through only then. */
static gboolean
has_subject (PwNewPlanDialog *self)
{
  g_autofree char *feature = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->feature_row)));

  if (gtk_widget_get_visible (self->feature_group) && *g_strstrip (feature) != '\0')
    return TRUE;
  for (guint i = 0; i < self->endpoint_rows->len; i++)
    {
      if (pw_endpoint_row_get_selected (g_ptr_array_index (self->endpoint_rows, i)))
        return TRUE;
    }

  return FALSE;
}

static void
update_pages (PwNewPlanDialog *self)
{
  guint index = page_index (self);
  g_autofree char *subtitle = NULL;
  gboolean last = index + 1 == G_N_ELEMENTS (pages);
  gboolean blocked = g_str_equal (pages[index].name, "subject") && !has_subject (self);

  /* Translators: the wizard's step indicator, e.g. "Step 2 of 4: Subject" */
  subtitle = g_strdup_printf (_("Step %u of %u: %s"), index + 1, (guint) G_N_ELEMENTS (pages),
                              _(pages[index].title));
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.previous", index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.next", !last && !blocked);
  gtk_widget_set_visible (self->next_button, !last);
  gtk_widget_set_tooltip_text (self->next_button,
                               blocked ? _("Choose an endpoint or describe a feature first")
                                       : NULL);
  gtk_widget_set_visible (self->generate_button, last);
}

/* "~1,234 tokens", with the price of sending them when the profile has one. */
static char *
dup_size_text (PwNewPlanDialog *self)
{
  PwProfile *profile = selected_profile (self);
  g_autofree char *tokens = pw_new_plan_dialog_format_tokens (self->result->tokens);
  double cost = profile != NULL ? pw_profile_estimate_cost (profile, self->result->tokens, 0) : 0;

  if (cost > 0)
    /* Translators: the prompt's size and the price of sending it, in US dollars */
    return g_strdup_printf (_("%s · about $%.4f to send"), tokens, cost);

  return g_steal_pointer (&tokens);
}

static void
update_total (PwNewPlanDialog *self)
{
  g_autofree char *size = NULL;
  g_autofree char *total = NULL;

  if (self->result == NULL)
    {
      gtk_label_set_label (self->total_label, _("Choose a subject to see the prompt’s size"));
      return;
    }

  size = dup_size_text (self);
  /* Translators: the prompt's size, e.g. "Prompt: ~1,234 tokens" */
  total = g_strdup_printf (_("Prompt: %s"), size);
  gtk_label_set_label (self->total_label, total);
}

static void
update_review (PwNewPlanDialog *self,
               GError          *error)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->prompt_view));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warnings_box))) != NULL)
    gtk_box_remove (self->warnings_box, child);

  if (self->result == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", 0);
      gtk_label_set_label (self->error_label, error != NULL ? error->message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->warnings_box), FALSE);
      gtk_label_set_label (self->output_label, "");
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_text_buffer_set_text (buffer, self->result->text, (int) self->result->bytes);

  {
    g_autofree char *output = NULL;
    g_autofree char *size = dup_size_text (self);

    /* Translators: where the plan is saved, then the prompt's size */
    output = g_strdup_printf (_("Saves to %s · %s"), self->result->output_path, size);
    gtk_label_set_label (self->output_label, output);
  }

  for (guint i = 0; i < self->result->warnings->len; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (g_ptr_array_index (self->result->warnings, i));

      gtk_widget_add_css_class (box, "warning");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Warning"), -1);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (self->warnings_box, box);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_box), self->result->warnings->len > 0);
}

void
pw_new_plan_dialog_refresh (PwNewPlanDialog *self)
{
  refresh (self);
}

static void
refresh (PwNewPlanDialog *self)
{
  g_autoptr(PwPlanSpec) spec = NULL;
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;

  g_clear_pointer (&self->result, pw_prompt_result_free);
  spec = build_spec (self);
  if (self->template != NULL)
    {
      request = pw_plan_spec_to_request (spec, self->template);
      self->result = pw_prompt_assemble (self->workspace, request, &error);
      if (self->result == NULL)
        g_debug ("No prompt: %s", error->message);
    }

  update_review (self, error);
  pw_new_plan_inputs_update (self);
  update_total (self);
  update_pages (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "wizard.generate", self->result != NULL);
}

static GtkWidget *
group_of (PwEndpointRow *row)
{
  return gtk_widget_get_ancestor (GTK_WIDGET (row), ADW_TYPE_PREFERENCES_GROUP);
}

static GtkWidget *find_list (GtkWidget *widget);

/* Whether the filter leaves @row shown: the lists filter their rows
 * themselves (child visibility), which costs far less per keystroke than
 * hiding and showing a thousand rows. */
static gboolean
row_shown (GtkWidget *row)
{
  return gtk_widget_get_visible (row) && gtk_widget_get_child_visible (row);
}

static gboolean
filter_row_cb (GtkListBoxRow *row,
               gpointer       user_data)
{
  PwNewPlanDialog *self = user_data;

  return self->filter_words == NULL
         || pw_endpoint_row_matches (PW_ENDPOINT_ROW (row), (const char **) self->filter_words);
}

/* Filters the groups' lists by the entry's words and shows the groups
 * that keep a row. Only a list where a row's verdict changed is filtered
 * again, so that a keystroke that changes little costs little. */
static void
apply_filter (PwNewPlanDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_autoptr(GHashTable) shown = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) changed = NULL;
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  guint n_visible = 0;

  /* The same words (the entry's delayed search-changed after an explicit
   * filtering, a space typed) leave every verdict as it is. */
  if (self->filter_words != NULL
      && g_strv_equal ((const char * const *) words, (const char * const *) self->filter_words))
    return;

  changed = g_hash_table_new (NULL, NULL);
  g_strfreev (self->filter_words);
  self->filter_words = g_steal_pointer (&words);
  g_byte_array_set_size (self->endpoint_matches, self->endpoint_rows->len);

  for (guint i = 0; i < self->endpoint_rows->len; i++)
    {
      PwEndpointRow *row = g_ptr_array_index (self->endpoint_rows, i);
      gboolean match = pw_endpoint_row_matches (row, (const char **) self->filter_words);

      if (match != self->endpoint_matches->data[i])
        g_hash_table_add (changed, gtk_widget_get_parent (GTK_WIDGET (row)));
      self->endpoint_matches->data[i] = match;
      if (match)
        {
          g_hash_table_add (shown, group_of (row));
          n_visible++;
        }
    }

  for (GtkWidget *group = gtk_widget_get_first_child (GTK_WIDGET (self->endpoint_box));
       group != NULL; group = gtk_widget_get_next_sibling (group))
    {
      GtkWidget *list = find_list (group);

      if (list != NULL && g_hash_table_contains (changed, list))
        gtk_list_box_invalidate_filter (GTK_LIST_BOX (list));
      gtk_widget_set_visible (group, g_hash_table_contains (shown, group));
    }

  gtk_widget_set_visible (self->no_match_label, self->endpoint_rows->len > 0 && n_visible == 0);
}

static void
endpoint_toggled_cb (PwNewPlanDialog *self,
                     GParamSpec      *pspec,
                     PwEndpointRow   *row)
{
  if (self->updating)
    return;

  /* Choosing an endpoint replaces a typed feature. */
  if (pw_endpoint_row_get_selected (row)
      && *gtk_editable_get_text (GTK_EDITABLE (self->feature_row)) != '\0')
    {
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->feature_row), "");
      self->updating = FALSE;
    }

  refresh (self);
}

static void
feature_changed_cb (PwNewPlanDialog *self)
{
  if (self->updating)
    return;

  if (*gtk_editable_get_text (GTK_EDITABLE (self->feature_row)) != '\0')
    {
      self->updating = TRUE;
      for (guint i = 0; i < self->endpoint_rows->len; i++)
        {
          pw_endpoint_row_set_selected (g_ptr_array_index (self->endpoint_rows, i), FALSE);
        }
      self->updating = FALSE;
    }

  refresh (self);
}

/* The keys of the endpoints chosen now, to choose them again after a rebuild. */
static GHashTable *
selected_keys (PwNewPlanDialog *self)
{
  GHashTable *selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->endpoint_rows->len; i++)
    {
      PwEndpointRow *row = g_ptr_array_index (self->endpoint_rows, i);

      if (pw_endpoint_row_get_selected (row))
        g_hash_table_add (selected, g_strdup (pw_endpoint_row_get_key (row)));
    }

  return selected;
}

/* The list box of a group of endpoints: the parent of its rows (the group
 * keeps a list box of its own, empty). */
static GtkWidget *
find_list (GtkWidget *widget)
{
  if (PW_IS_ENDPOINT_ROW (widget))
    return gtk_widget_get_parent (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *list = find_list (child);

      if (list != NULL)
        return list;
    }

  return NULL;
}

/* The first or last row of @list that is shown, or NULL. */
static GtkWidget *
edge_row (GtkWidget *list,
          gboolean   first)
{
  GtkWidget *row = first ? gtk_widget_get_first_child (list) : gtk_widget_get_last_child (list);

  while (row != NULL && !row_shown (row))
    row = first ? gtk_widget_get_next_sibling (row) : gtk_widget_get_prev_sibling (row);

  return row;
}

/* ↑ and ↓ at the end of a group's list go on into the next group shown. */
static gboolean
list_keynav_failed_cb (GtkWidget        *list,
                       GtkDirectionType  direction,
                       PwNewPlanDialog  *self)
{
  gboolean down = direction == GTK_DIR_DOWN;
  GtkWidget *group = gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_GROUP);

  if (group == NULL || (direction != GTK_DIR_DOWN && direction != GTK_DIR_UP))
    return FALSE;

  for (group = down ? gtk_widget_get_next_sibling (group) : gtk_widget_get_prev_sibling (group);
       group != NULL;
       group = down ? gtk_widget_get_next_sibling (group) : gtk_widget_get_prev_sibling (group))
    {
      GtkWidget *next_list = find_list (group);

      GtkWidget *row = next_list != NULL ? edge_row (next_list, down) : NULL;

      /* Focused as Tab would: the list's cursor moves there too, so that
       * ↑/↓ within it go on from that row. */
      if (row != NULL)
        return gtk_widget_child_focus (row, GTK_DIR_TAB_FORWARD);
    }

  return FALSE;
}

/* The list of the endpoints under @group, made with its group the first time. */
static GtkListBox *
group_list (PwNewPlanDialog *self,
            GHashTable      *lists,
            const char      *group)
{
  GtkWidget *list = g_hash_table_lookup (lists, group);
  GtkWidget *preferences_group;

  if (list != NULL)
    return GTK_LIST_BOX (list);

  preferences_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (preferences_group), group);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), filter_row_cb, self, NULL);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, group, -1);
  g_signal_connect_object (list, "keynav-failed", G_CALLBACK (list_keynav_failed_cb), self, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (preferences_group), list);
  gtk_box_append (self->endpoint_box, preferences_group);
  g_hash_table_insert (lists, (gpointer) group, list);

  return GTK_LIST_BOX (list);
}

/* One row per endpoint, under its group; the feature template picks one
 * endpoint at most, so its rows are radio buttons. */
static void
add_endpoint_rows (PwNewPlanDialog *self,
                   GHashTable      *selected)
{
  g_autoptr(GHashTable) lists = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean single = is_feature_template (self);
  PwEndpointRow *first = NULL;
  gboolean kept_one = FALSE;

  for (guint i = 0; self->endpoints != NULL && i < self->endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (self->endpoints, i);
      g_autofree char *key = pw_endpoint_dup_key (endpoint);
      PwPlanSummary *summary = pw_plan_index_find_endpoint (self->summaries, key);
      PwEndpointRow *row = PW_ENDPOINT_ROW (pw_endpoint_row_new (endpoint, summary,
                                                                 self->groups[i]));

      if (single && first == NULL)
        first = row;
      else if (single)
        pw_endpoint_row_join (row, first);

      if (g_hash_table_contains (selected, key) && (!single || !kept_one))
        {
          pw_endpoint_row_set_selected (row, TRUE);
          kept_one = TRUE;
        }
      g_signal_connect_object (row, "notify::selected", G_CALLBACK (endpoint_toggled_cb), self,
                               G_CONNECT_SWAPPED);

      gtk_list_box_append (group_list (self, lists, self->groups[i]), GTK_WIDGET (row));
      g_ptr_array_add (self->endpoint_rows, row);
    }
}

static void
rebuild_endpoints (PwNewPlanDialog *self)
{
  g_autoptr(GHashTable) selected = selected_keys (self);
  gboolean was_updating = self->updating;
  guint n_rows;
  GtkWidget *child;

  g_ptr_array_set_size (self->endpoint_rows, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->endpoint_box))) != NULL)
    gtk_box_remove (self->endpoint_box, child);

  self->updating = TRUE;
  add_endpoint_rows (self, selected);
  self->updating = was_updating;
  n_rows = self->endpoint_rows->len;
  /* The new rows' verdicts are unknown (neither FALSE nor TRUE): the next
   * filtering filters every list. */
  g_byte_array_set_size (self->endpoint_matches, n_rows);
  if (n_rows > 0)
    memset (self->endpoint_matches->data, 2, n_rows);
  g_clear_pointer (&self->filter_words, g_strfreev);

  /* The endpoints template plans endpoints only, unless there are none. */
  gtk_widget_set_visible (self->feature_group, is_feature_template (self) || n_rows == 0);
  gtk_widget_set_visible (self->no_spec_label, self->endpoints == NULL
                                               || self->endpoints->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), n_rows > 0);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->feature_group),
                                         n_rows > 0
                                         ? _("Plan a feature that is not an endpoint, or pick an endpoint below.")
                                         : _("Describe the feature to plan."));
  apply_filter (self);
}

static void
template_toggled_cb (PwNewPlanDialog *self,
                     GtkCheckButton  *check)
{
  guint index;

  if (!gtk_check_button_get_active (check)
      || !g_ptr_array_find (self->template_checks, check, &index))
    return;

  self->template = g_ptr_array_index (self->templates, index);
  if (self->updating)
    return;
  rebuild_endpoints (self);
  refresh (self);
}

static gboolean
name_placeholder_cb (const GMatchInfo *match,
                     GString          *result,
                     gpointer          user_data)
{
  g_autofree char *name = g_match_info_fetch (match, 1);

  /* Translators: a part of a file name that the plan's subject fills in,
   * e.g. ".ai/‹feature›-implementation-plan.md" */
  g_string_append_printf (result, _("‹%s›"), template_text (name));

  return FALSE;
}

/* A template's description, and where its plan is saved, with the parts
 * the subject fills in named: ".ai/‹feature›-implementation-plan.md", not
 * "{{feature}}". */
static char *
dup_template_subtitle (PwTemplate *template)
{
  g_autoptr(GRegex) placeholder = g_regex_new ("\\{\\{\\s*(\\w+)\\s*\\}\\}", 0, 0, NULL);
  const char *description = template_text (pw_template_get_description (template));
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;

  path = g_regex_replace_eval (placeholder, pw_template_get_output_pattern (template), -1, 0, 0,
                               name_placeholder_cb, NULL, NULL);
  /* Translators: where a template's plan is saved */
  saved = g_strdup_printf (_("Saved as %s"), path != NULL ? path : "");
  if (description == NULL || description[0] == '\0')
    return g_steal_pointer (&saved);

  return g_strdup_printf ("%s\n%s", description, saved);
}

static void
build_templates (PwNewPlanDialog *self)
{
  GtkCheckButton *first = NULL;
  GtkCheckButton *preferred = NULL;
  PwTemplate *preferred_template = NULL;

  for (guint i = 0; i < self->templates->len; i++)
    {
      PwTemplate *template = g_ptr_array_index (self->templates, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = dup_template_subtitle (template);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     template_text (pw_template_get_name (template)));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      template_text (pw_template_get_name (template)), -1);
      if (first == NULL)
        first = GTK_CHECK_BUTTON (check);
      else
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
      g_ptr_array_add (self->template_checks, check);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

      if (g_str_equal (pw_template_get_id (template), PW_TEMPLATE_ID_FEATURE_PLAN))
        {
          preferred = GTK_CHECK_BUTTON (check);
          preferred_template = template;
        }

      g_signal_connect_object (check, "toggled", G_CALLBACK (template_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_append (self->template_list, row);
    }

  if (preferred == NULL && first != NULL)
    {
      preferred = first;
      preferred_template = g_ptr_array_index (self->templates, 0);
    }
  if (preferred != NULL)
    {
      self->template = preferred_template;
      self->updating = TRUE;
      gtk_check_button_set_active (preferred, TRUE);
      self->updating = FALSE;
    }
}

static void
profile_selected_cb (PwNewPlanDialog *self)
{
  PwProfile *profile = selected_profile (self);
  g_autofree char *model = profile != NULL ? pw_profile_dup_model (profile) : NULL;

  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->model_row), model != NULL ? model : "");
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->model_row), profile != NULL);
  refresh (self);
}

/* The profiles as they are now: after one is added in Preferences too. */
static void
fill_profiles (PwNewPlanDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(PwProfile) preferred = NULL;
  guint selected = 0;

  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  self->profiles = pw_profile_schema_available () ? pw_profile_list ()
                                                  : g_ptr_array_new_with_free_func (g_object_unref);
  if (self->profiles->len > 0)
    preferred = pw_profile_get_default ();

  for (guint i = 0; i < self->profiles->len; i++)
    {
      PwProfile *profile = g_ptr_array_index (self->profiles, i);
      g_autofree char *name = pw_profile_dup_name (profile);

      gtk_string_list_append (names, name);
      if (preferred != NULL && g_str_equal (pw_profile_get_id (profile),
                                            pw_profile_get_id (preferred)))
        selected = i;
    }
  if (self->profiles->len == 0)
    gtk_string_list_append (names, _("Offline draft (no model)"));

  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->profile_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->profile_row), self->profiles->len > 0);
  gtk_widget_set_visible (self->no_profile_row, self->profiles->len == 0);
  profile_selected_cb (self);
}

static void
build_profiles (PwNewPlanDialog *self)
{
  fill_profiles (self);
  g_signal_connect_object (self->profile_row, "notify::selected",
                           G_CALLBACK (profile_selected_cb), self, G_CONNECT_SWAPPED);
  if (pw_profile_schema_available ())
    {
      self->settings = g_settings_new (SCHEMA_ID);
      g_signal_connect_object (self->settings, "changed::profiles", G_CALLBACK (fill_profiles),
                               self, G_CONNECT_SWAPPED);
    }
}

static void
load_endpoints (PwNewPlanDialog *self)
{
  PwDocument *spec = pw_workspace_get_document (self->workspace, PW_DOCUMENT_ROLE_API_SPEC);
  const char *text = spec != NULL ? pw_document_get_text (spec) : NULL;

  if (text == NULL)
    return;

  self->endpoints = pw_api_spec_list (text, pw_document_get_length (spec),
                                      pw_document_get_relative_path (spec), NULL);
  if (self->endpoints == NULL)
    return;
  self->groups = pw_plan_index_group_endpoints (text, pw_document_get_length (spec),
                                                self->endpoints);
}

static void
update_scheme (PwNewPlanDialog *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (adw_style_manager_get_default ())
                   ? "Adwaita-dark" : "Adwaita";
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->prompt_view));

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer),
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static void
page_changed_cb (PwNewPlanDialog *self)
{
  update_pages (self);
  if (page_index (self) == 1 && gtk_widget_get_visible (GTK_WIDGET (self->search_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
search_changed_cb (PwNewPlanDialog *self)
{
  apply_filter (self);
}

/* Enter in the filter picks the first endpoint it leaves. */
static void
search_activate_cb (PwNewPlanDialog *self)
{
  apply_filter (self);
  for (guint i = 0; i < self->endpoint_rows->len; i++)
    {
      PwEndpointRow *row = g_ptr_array_index (self->endpoint_rows, i);

      if (row_shown (GTK_WIDGET (row)))
        {
          pw_endpoint_row_set_selected (row, TRUE);
          return;
        }
    }
  gtk_widget_error_bell (GTK_WIDGET (self->search_entry));
}

/* Escape in the search entry clears the filter first, then closes. */
static void
stop_search_cb (PwNewPlanDialog *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
move_page (PwNewPlanDialog *self,
           int              delta)
{
  int index = (int) page_index (self) + delta;

  if (index < 0 || index >= (int) G_N_ELEMENTS (pages))
    return;
  gtk_stack_set_visible_child_name (self->stack, pages[index].name);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_page (PW_NEW_PLAN_DIALOG (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_page (PW_NEW_PLAN_DIALOG (widget), 1);
}

/* No model set up: the way to Preferences, where a profile is added. It
 * belongs to the main window, which outlives the wizard (its server probe
 * may still run when the wizard is gone). */
static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (widget));

  gtk_window_present (GTK_WINDOW (pw_preferences_window_new (parent)));
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PwNewPlanDialog *self = PW_NEW_PLAN_DIALOG (widget);
  g_autoptr(PwPlanSpec) spec = NULL;

  refresh (self);
  if (self->result == NULL)
    return;

  spec = build_spec (self);
  pw_new_plan_inputs_remember (self);
  g_signal_emit (self, signals[GENERATE], 0, spec);
  gtk_window_close (GTK_WINDOW (self));
}

static void
pw_new_plan_dialog_dispose (GObject *object)
{
  PwNewPlanDialog *self = PW_NEW_PLAN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_NEW_PLAN_DIALOG);
  self->template = NULL;
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_clear_object (&self->settings);
  pw_new_plan_inputs_dispose (self);

  G_OBJECT_CLASS (pw_new_plan_dialog_parent_class)->dispose (object);
}

static void
pw_new_plan_dialog_finalize (GObject *object)
{
  PwNewPlanDialog *self = PW_NEW_PLAN_DIALOG (object);

  g_clear_pointer (&self->endpoints, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_strfreev);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->endpoint_rows, g_ptr_array_unref);
  g_clear_pointer (&self->filter_words, g_strfreev);
  g_clear_pointer (&self->endpoint_matches, g_byte_array_unref);
  g_clear_pointer (&self->template_checks, g_ptr_array_unref);
  g_clear_pointer (&self->input_rows, g_ptr_array_unref);
  g_clear_pointer (&self->result, pw_prompt_result_free);
  pw_new_plan_inputs_finalize (self);

  G_OBJECT_CLASS (pw_new_plan_dialog_parent_class)->finalize (object);
}

static void
pw_new_plan_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PwNewPlanDialog *self = PW_NEW_PLAN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_new_plan_dialog_class_init (PwNewPlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_new_plan_dialog_dispose;
  object_class->finalize = pw_new_plan_dialog_finalize;
  object_class->get_property = pw_new_plan_dialog_get_property;

  /**
   * PwNewPlanDialog:loading:
   *
   * Whether the repository's documents, templates and plans are still being
   * read; the wizard's pages are inactive until then.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwNewPlanDialog::generate:
   * @spec: (transfer none): what to generate
   *
   * The user asked for the plan; the dialog closes right after.
   */
  signals[GENERATE] = g_signal_new ("generate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, PW_TYPE_PLAN_SPEC);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-new-plan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, generate_button);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, template_list);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, subject_page);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, feature_group);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, feature_row);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, no_spec_label);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, no_match_label);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, endpoint_box);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, input_list);
  pw_new_plan_inputs_class_init (widget_class);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, total_label);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, profile_row);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, no_profile_row);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, model_row);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, output_label);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, warnings_box);
  gtk_widget_class_bind_template_child (widget_class, PwNewPlanDialog, prompt_view);

  gtk_widget_class_install_action (widget_class, "wizard.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "wizard.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "wizard.generate", NULL, generate_action);
  gtk_widget_class_install_action (widget_class, "wizard.preferences", NULL, preferences_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "wizard.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "wizard.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "wizard.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "wizard.generate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "wizard.generate", NULL);
}

static void
pw_new_plan_dialog_init (PwNewPlanDialog *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->endpoint_rows = g_ptr_array_new ();
  self->endpoint_matches = g_byte_array_new ();
  self->template_checks = g_ptr_array_new ();
  pw_new_plan_inputs_init (self);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->prompt_view));
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
                                  gtk_source_language_manager_get_language (languages,
                                                                            "markdown"));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  update_scheme (self);

  gtk_search_entry_set_key_capture_widget (self->search_entry, self->subject_page);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (stop_search_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (search_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->feature_row, "changed", G_CALLBACK (feature_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model_row, "changed", G_CALLBACK (refresh), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (page_changed_cb),
                           self, G_CONNECT_SWAPPED);

  update_pages (self);
}

typedef struct
{
  GPtrArray *templates;  /* PwTemplate */
  GPtrArray *summaries;  /* PwPlanSummary */
  GPtrArray *suggestions; /* utf8 */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_pointer (&loaded->templates, g_ptr_array_unref);
  g_clear_pointer (&loaded->summaries, g_ptr_array_unref);
  g_clear_pointer (&loaded->suggestions, g_ptr_array_unref);
  g_free (loaded);
}

/* Reads the templates and the existing plans; the workspace's documents are
 * loaded by then and only read here. */
static void
read_plans_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PwWorkspace *workspace = task_data;
  Loaded *loaded = g_new0 (Loaded, 1);
  g_autoptr(PwWorkspace) fresh = NULL;

  loaded->templates = pw_template_load_all (pw_workspace_get_root (workspace), NULL);
  /* The plans as they are now, not as when the repository was opened: one
   * saved since then is listed too, and its ticks are read from its file. */
  fresh = pw_workspace_open (pw_workspace_get_root (workspace), cancellable, NULL);
  loaded->summaries = pw_plan_index_scan (fresh != NULL ? fresh : workspace, cancellable);
  loaded->suggestions = pw_input_suggest (fresh != NULL ? fresh : workspace, cancellable);
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static void
plans_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PwNewPlanDialog *self = PW_NEW_PLAN_DIALOG (source);
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), NULL);

  if (loaded == NULL)
    return;

  self->templates = g_steal_pointer (&loaded->templates);
  self->summaries = g_steal_pointer (&loaded->summaries);
  self->suggestions = g_steal_pointer (&loaded->suggestions);
  loaded_free (loaded);
  load_endpoints (self);

  build_templates (self);
  pw_new_plan_inputs_build (self);
  build_profiles (self);
  self->updating = FALSE;
  self->loading = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), TRUE);

  rebuild_endpoints (self);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
document_loaded (PwNewPlanDialog *self)
{
  g_autoptr(GTask) task = NULL;

  g_assert (self->pending_loads > 0);
  if (--self->pending_loads > 0)
    return;

  task = g_task_new (self, self->cancellable, plans_read_cb, NULL);
  g_task_set_source_tag (task, document_loaded);
  g_task_set_task_data (task, g_object_ref (self->workspace), g_object_unref);
  g_task_run_in_thread (task, read_plans_thread);
}

static void
document_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PwNewPlanDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A document that cannot be read is left out of the prompt. */
  if (!pw_document_load_finish (PW_DOCUMENT (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("Some documents could not be read: %s", error->message);
    }
  document_loaded (self);
}

static void
load_document (PwNewPlanDialog *self,
               PwDocument      *document)
{
  if (document == NULL || pw_document_get_loaded (document))
    return;

  self->pending_loads++;
  pw_document_load_async (document, self->cancellable, document_loaded_cb, g_object_ref (self));
}

/* Every input the wizard offers is read without blocking the window: the
 * role documents and rules files first, then templates and plans in a
 * thread. */
static void
start_loading (PwNewPlanDialog *self)
{
  GPtrArray *rules = pw_workspace_get_rules (self->workspace);

  self->loading = TRUE;
  self->updating = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);

  /* One load stands for this loop, so that the last document finishes it. */
  self->pending_loads = 1;
  for (guint i = 0; i < G_N_ELEMENTS (document_roles); i++)
    load_document (self, pw_workspace_get_document (self->workspace, document_roles[i]));
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    load_document (self, g_ptr_array_index (rules, i));
  document_loaded (self);
}

/**
 * pw_new_plan_dialog_new:
 * @parent: (nullable): the window to be modal for
 * @workspace: the repository to plan in
 *
 * Reads the repository's documents, templates, endpoints and existing plans
 * in the background: #PwNewPlanDialog:loading is %TRUE until they are in.
 *
 * Returns: (transfer full): a new dialog
 */
PwNewPlanDialog *
pw_new_plan_dialog_new (GtkWindow   *parent,
                        PwWorkspace *workspace)
{
  PwNewPlanDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (PW_TYPE_NEW_PLAN_DIALOG, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  start_loading (self);

  return self;
}

gboolean
pw_new_plan_dialog_get_loading (PwNewPlanDialog *self)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), FALSE);

  return self->loading;
}

const char *
pw_new_plan_dialog_get_page (PwNewPlanDialog *self)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
pw_new_plan_dialog_set_page (PwNewPlanDialog *self,
                             const char      *name)
{
  g_return_if_fail (PW_IS_NEW_PLAN_DIALOG (self));
  g_return_if_fail (name != NULL);

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

PwPlanSpec *
pw_new_plan_dialog_dup_spec (PwNewPlanDialog *self)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), NULL);

  return build_spec (self);
}

gboolean
pw_new_plan_dialog_select_template (PwNewPlanDialog *self,
                                    const char      *template_id)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), FALSE);
  g_return_val_if_fail (template_id != NULL, FALSE);

  for (guint i = 0; self->templates != NULL && i < self->templates->len; i++)
    {
      if (g_str_equal (pw_template_get_id (g_ptr_array_index (self->templates, i)), template_id))
        {
          gtk_check_button_set_active (g_ptr_array_index (self->template_checks, i), TRUE);
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
pw_new_plan_dialog_select_endpoint (PwNewPlanDialog *self,
                                    const char      *endpoint_key,
                                    gboolean         selected)
{
  PwEndpointRow *row;

  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), FALSE);
  g_return_val_if_fail (endpoint_key != NULL, FALSE);

  row = find_endpoint_row (self, endpoint_key);
  if (row == NULL)
    return FALSE;

  pw_endpoint_row_set_selected (row, selected);
  return TRUE;
}

void
pw_new_plan_dialog_set_feature (PwNewPlanDialog *self,
                                const char      *feature)
{
  g_return_if_fail (PW_IS_NEW_PLAN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->feature_row), feature != NULL ? feature : "");
}

const char *
pw_new_plan_dialog_get_prompt (PwNewPlanDialog *self)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), NULL);

  return self->result != NULL ? self->result->text : NULL;
}

/**
 * pw_new_plan_dialog_set_filter:
 * @text: what to type into the endpoint filter
 */
void
pw_new_plan_dialog_set_filter (PwNewPlanDialog *self,
                               const char      *text)
{
  g_return_if_fail (PW_IS_NEW_PLAN_DIALOG (self));

  /* As typing would: search-changed, delayed, filters once; the empty text
   * that replacing the whole text passes through is not filtered. */
  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  /* search-changed is delayed; filter now so callers see the result. */
  apply_filter (self);
}

/* How many endpoint rows the filter leaves visible. */
guint
pw_new_plan_dialog_get_n_visible_endpoints (PwNewPlanDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), 0);

  for (guint i = 0; i < self->endpoint_rows->len; i++)
    {
      PwEndpointRow *row = g_ptr_array_index (self->endpoint_rows, i);

      if (row_shown (GTK_WIDGET (row)) && gtk_widget_get_visible (group_of (row)))
        n++;
    }

  return n;
}

/**
 * pw_new_plan_dialog_get_planned_label:
 * @endpoint_key: an endpoint
 *
 * Returns: (nullable): the "planned" pill's text on the endpoint's row
 */
const char *
pw_new_plan_dialog_get_planned_label (PwNewPlanDialog *self,
                                      const char      *endpoint_key)
{
  PwEndpointRow *row;

  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), NULL);
  g_return_val_if_fail (endpoint_key != NULL, NULL);

  row = find_endpoint_row (self, endpoint_key);

  return row != NULL ? pw_endpoint_row_get_planned_label (row) : NULL;
}

/* The result of the last assembly, for the review page's statistics. */
PwPromptResult *
pw_new_plan_dialog_get_result (PwNewPlanDialog *self)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), NULL);

  return self->result;
}

gboolean
pw_new_plan_dialog_select_profile (PwNewPlanDialog *self,
                                   const char      *profile_id)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), FALSE);
  g_return_val_if_fail (profile_id != NULL, FALSE);

  for (guint i = 0; self->profiles != NULL && i < self->profiles->len; i++)
    {
      if (g_str_equal (pw_profile_get_id (g_ptr_array_index (self->profiles, i)), profile_id))
        {
          adw_combo_row_set_selected (self->profile_row, i);
          return TRUE;
        }
    }

  return FALSE;
}

void
pw_new_plan_dialog_set_model (PwNewPlanDialog *self,
                              const char      *model)
{
  g_return_if_fail (PW_IS_NEW_PLAN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->model_row), model != NULL ? model : "");
}

/* The size and cost line under the inputs, as shown. */
const char *
pw_new_plan_dialog_get_total_text (PwNewPlanDialog *self)
{
  g_return_val_if_fail (PW_IS_NEW_PLAN_DIALOG (self), NULL);

  return gtk_label_get_label (self->total_label);
}
