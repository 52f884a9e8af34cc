/* test-new-plan-dialog.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "pw-endpoint-row.h"
#include "pw-new-plan-dialog.h"
#include "pw-preferences-window.h"
#include "pw-profile.h"
#include "pw-template.h"
#include "pw-test-ui.h"

typedef struct
{
  char            *dir;
  PwWorkspace     *workspace;
  PwNewPlanDialog *dialog;
} Fixture;

static gboolean
dialog_loaded (gpointer data)
{
  return !pw_new_plan_dialog_get_loading (data);
}

static void
open_dialog (Fixture *fixture)
{
  g_autoptr(GFile) root = g_file_new_for_path (fixture->dir);
  g_autoptr(GError) error = NULL;

  fixture->workspace = pw_workspace_open (root, NULL, &error);
  g_assert_no_error (error);
  /* GTK owns toplevels; keep our own reference to check finalisation. */
  fixture->dialog = g_object_ref (pw_new_plan_dialog_new (NULL, fixture->workspace));
  g_assert_true (pw_new_plan_dialog_get_loading (fixture->dialog));
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  pw_test_wait_until (dialog_loaded, fixture->dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
}

/* Two profiles in the memory settings backend; the priced one is the
 * default. */
static void
add_profiles (void)
{
  g_autoptr(PwProfile) priced = NULL;
  g_autoptr(PwProfile) local = NULL;
  g_autoptr(GError) error = NULL;

  local = pw_profile_create ("Local", PW_PROVIDER_KIND_OLLAMA, &error);
  g_assert_no_error (error);
  pw_profile_set_model (local, "llama3.1");
  priced = pw_profile_create ("Hosted", PW_PROVIDER_KIND_OPENAI, &error);
  g_assert_no_error (error);
  pw_profile_set_model (priced, "gpt-4o");
  g_settings_set_double (pw_profile_get_settings (priced), "input-price", 2.5);
  g_settings_set_double (pw_profile_get_settings (priced), "output-price", 10.0);
  pw_profile_set_default (priced);
}

static void
remove_profiles (void)
{
  g_autoptr(GPtrArray) profiles = pw_profile_list ();

  for (guint i = 0; i < profiles->len; i++)
    g_assert_true (pw_profile_remove (g_ptr_array_index (profiles, i), NULL));
  pw_profile_set_default (NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = pw_test_copy_example ();

  if (g_strcmp0 (data, "profiles") == 0)
    add_profiles ();

  /* Polish, from the catalogue built in the build tree. */
  if (g_strcmp0 (data, "pl") == 0)
    pw_test_set_language ("pl");

  /* Code the rules mention, for the suggestions. */
  if (g_strcmp0 (data, "code") == 0)
    {
      g_autofree char *types = g_build_filename (fixture->dir, "src", "types.ts", NULL);
      g_autofree char *rules = g_build_filename (fixture->dir, ".cursor", "rules", "shared.mdc",
                                                 NULL);
      g_autofree char *text = NULL;
      g_autofree char *more = NULL;
      g_autofree char *parent = g_path_get_dirname (types);

      g_assert_true (g_file_get_contents (rules, &text, NULL, NULL));
      more = g_strconcat (text, "\nShared types live in `src/types.ts`.\n", NULL);
      g_assert_true (g_file_set_contents (rules, more, -1, NULL));
      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      g_assert_true (g_file_set_contents (types, "export interface Book { id: string }\n", -1,
                                          NULL));
    }

  /* The no-spec case removes the API spec before the workspace is read. */
  if (g_strcmp0 (data, "no-spec") == 0)
    {
      g_autofree char *spec = g_build_filename (fixture->dir, ".ai", "api-plan.md", NULL);

      g_assert_cmpint (g_unlink (spec), ==, 0);
    }

  open_dialog (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_assert_finalize_object (fixture->dialog);
  if (g_strcmp0 (data, "profiles") == 0)
    remove_profiles ();
  if (g_strcmp0 (data, "pl") == 0)
    pw_test_set_language (NULL);
  g_assert_finalize_object (fixture->workspace);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_free (fixture->dir);
}

static char *
read_example (Fixture    *fixture,
              const char *relative)
{
  g_autofree char *path = g_build_filename (fixture->dir, relative, NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  return contents;
}

static gboolean
generate_enabled (Fixture *fixture)
{
  return pw_new_plan_dialog_get_result (fixture->dialog) != NULL;
}

static void
test_templates (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = pw_new_plan_dialog_dup_spec (fixture->dialog);

  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "template");
  g_assert_cmpstr (spec->template_id, ==, PW_TEMPLATE_ID_FEATURE_PLAN);
  g_assert_null (spec->feature);
  g_assert_null (spec->endpoints);
  /* No subject yet: no prompt, and Generate does nothing. */
  g_assert_null (pw_new_plan_dialog_get_prompt (fixture->dialog));
  g_assert_false (generate_enabled (fixture));

  g_assert_true (pw_new_plan_dialog_select_template (fixture->dialog,
                                                     PW_TEMPLATE_ID_ENDPOINTS_PLAN));
  g_clear_pointer (&spec, pw_plan_spec_free);
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->template_id, ==, PW_TEMPLATE_ID_ENDPOINTS_PLAN);
  g_assert_false (pw_new_plan_dialog_select_template (fixture->dialog, "no-such-template"));
  g_assert_true (pw_new_plan_dialog_select_template (fixture->dialog,
                                                     PW_TEMPLATE_ID_FEATURE_PLAN));
}

static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->dialog);

  g_assert_true (gtk_widget_activate_action (widget, "wizard.next", NULL));
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "subject");
  /* No subject yet: Next stays on the page. */
  gtk_widget_activate_action (widget, "wizard.next", NULL);
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "subject");
  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books", TRUE));
  g_assert_true (gtk_widget_activate_action (widget, "wizard.next", NULL));
  g_assert_true (gtk_widget_activate_action (widget, "wizard.next", NULL));
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "review");
  /* The last page has no next. */
  gtk_widget_activate_action (widget, "wizard.next", NULL);
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "review");
  g_assert_true (gtk_widget_activate_action (widget, "wizard.previous", NULL));
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "inputs");
  pw_new_plan_dialog_set_page (fixture->dialog, "template");
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "template");
  pw_new_plan_dialog_set_page (fixture->dialog, "nonsense");
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "template");
}

static void
test_select_endpoint (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = NULL;
  const char *prompt;

  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books/{id}",
                                                     TRUE));
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->template_id, ==, PW_TEMPLATE_ID_FEATURE_PLAN);
  g_assert_null (spec->feature);
  g_assert_nonnull (spec->endpoints);
  g_assert_cmpuint (g_strv_length (spec->endpoints), ==, 1);
  g_assert_cmpstr (spec->endpoints[0], ==, "GET /api/books/{id}");
  g_assert_null (spec->model);

  prompt = pw_new_plan_dialog_get_prompt (fixture->dialog);
  g_assert_nonnull (prompt);
  g_assert_nonnull (strstr (prompt, "#### GET /api/books/{id}"));
  g_assert_true (generate_enabled (fixture));

  /* One subject at a time for the feature template: the radio moves. */
  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "POST /api/books", TRUE));
  g_clear_pointer (&spec, pw_plan_spec_free);
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpuint (g_strv_length (spec->endpoints), ==, 1);
  g_assert_cmpstr (spec->endpoints[0], ==, "POST /api/books");

  /* Any spelling of a parameter finds the row; unknown endpoints do not. */
  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "patch /api/books/:id",
                                                     TRUE));
  g_assert_false (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/nothing", TRUE));

  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "PATCH /api/books/{id}",
                                                     FALSE));
  g_clear_pointer (&spec, pw_plan_spec_free);
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_null (spec->endpoints);
  g_assert_null (pw_new_plan_dialog_get_prompt (fixture->dialog));
}

static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  guint all = pw_new_plan_dialog_get_n_visible_endpoints (fixture->dialog);
  guint borrowers;

  g_assert_cmpuint (all, >=, 20);

  pw_new_plan_dialog_set_filter (fixture->dialog, "borrowers");
  borrowers = pw_new_plan_dialog_get_n_visible_endpoints (fixture->dialog);
  g_assert_cmpuint (borrowers, ==, 5);

  pw_new_plan_dialog_set_filter (fixture->dialog, "delete borrowers");
  g_assert_cmpuint (pw_new_plan_dialog_get_n_visible_endpoints (fixture->dialog), ==, 1);

  pw_new_plan_dialog_set_filter (fixture->dialog, "zzzz");
  g_assert_cmpuint (pw_new_plan_dialog_get_n_visible_endpoints (fixture->dialog), ==, 0);

  pw_new_plan_dialog_set_filter (fixture->dialog, "");
  g_assert_cmpuint (pw_new_plan_dialog_get_n_visible_endpoints (fixture->dialog), ==, all);
}

static void
count_cb (GtkWidget *widget,
          guint     *count)
{
  (*count)++;
}

/* Replacing the filter's text filters once, by the new text: a row that
 * neither text keeps is never shown in between (replacing the text empties
 * the entry first, whose search-changed is not delayed), and the entry's
 * delayed search-changed with the same text changes nothing. */
static void
test_filter_once (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *row = pw_test_find_type (GTK_WIDGET (fixture->dialog), PW_TYPE_ENDPOINT_ROW);
  GtkWidget *entry = pw_test_find_type (GTK_WIDGET (fixture->dialog), GTK_TYPE_SEARCH_ENTRY);
  guint maps = 0;
  guint unmaps = 0;

  pw_new_plan_dialog_set_page (fixture->dialog, "subject");
  pw_new_plan_dialog_set_filter (fixture->dialog, "delete borrowers");
  g_assert_false (gtk_widget_get_mapped (row));
  g_signal_connect (row, "map", G_CALLBACK (count_cb), &maps);
  pw_new_plan_dialog_set_filter (fixture->dialog, "delete borrower");
  g_assert_cmpuint (maps, ==, 0);
  g_assert_cmpuint (pw_new_plan_dialog_get_n_visible_endpoints (fixture->dialog), ==, 1);

  pw_new_plan_dialog_set_filter (fixture->dialog, "");
  g_assert_true (gtk_widget_get_mapped (row));
  g_signal_connect (row, "unmap", G_CALLBACK (count_cb), &unmaps);
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (unmaps, ==, 0);
  g_signal_handlers_disconnect_by_func (row, count_cb, &maps);
  g_signal_handlers_disconnect_by_func (row, count_cb, &unmaps);
}

/* Without a subject Next does not leave the subject page, a typed feature
 * of spaces is no subject, and Enter in the filter picks its first match. */
static void
test_subject_required (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->dialog);
  GtkWidget *entry = pw_test_find_type (widget, GTK_TYPE_SEARCH_ENTRY);
  g_autoptr(PwPlanSpec) spec = NULL;

  pw_new_plan_dialog_set_page (fixture->dialog, "subject");
  gtk_widget_activate_action (widget, "wizard.next", NULL);
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "subject");
  pw_new_plan_dialog_set_feature (fixture->dialog, "   ");
  gtk_widget_activate_action (widget, "wizard.next", NULL);
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "subject");
  pw_new_plan_dialog_set_feature (fixture->dialog, "");

  pw_new_plan_dialog_set_filter (fixture->dialog, "delete borrowers");
  g_assert_cmpuint (pw_new_plan_dialog_get_n_visible_endpoints (fixture->dialog), ==, 1);
  g_signal_emit_by_name (entry, "activate");
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_nonnull (spec->endpoints);
  g_assert_cmpuint (g_strv_length (spec->endpoints), ==, 1);
  g_assert_true (g_str_has_prefix (spec->endpoints[0], "DELETE "));
  g_assert_nonnull (strstr (spec->endpoints[0], "borrowers"));

  g_assert_true (gtk_widget_activate_action (widget, "wizard.next", NULL));
  g_assert_cmpstr (pw_new_plan_dialog_get_page (fixture->dialog), ==, "inputs");
}

static void
test_planned (Fixture       *fixture,
              gconstpointer  data)
{
  const char *label = pw_new_plan_dialog_get_planned_label (fixture->dialog, "GET /api/books");

  g_assert_nonnull (label);
  g_assert_true (g_str_has_prefix (label, "planned · "));
  g_assert_nonnull (strchr (label, '/'));
  g_assert_null (pw_new_plan_dialog_get_planned_label (fixture->dialog, "POST /api/books"));
  g_assert_null (pw_new_plan_dialog_get_planned_label (fixture->dialog, "GET /api/books/{id}"));
}

static GtkWidget *
focus_widget (Fixture *fixture)
{
  return gtk_root_get_focus (GTK_ROOT (fixture->dialog));
}

/* One Tab stop per endpoint (the row, not also its check button), and ↓
 * at the end of a group goes on to the next group's first endpoint. */
static void
test_endpoint_keyboard (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->dialog);
  GtkWidget *first_list;
  GtkWidget *second_list;
  GtkWidget *row;
  GtkWidget *focus;

  pw_new_plan_dialog_set_page (fixture->dialog, "subject");
  gtk_test_widget_wait_for_draw (widget);
  row = pw_test_find_type (widget, PW_TYPE_ENDPOINT_ROW);
  g_assert_nonnull (row);
  /* The check button takes no focus of its own: the row is the stop. */
  g_assert_true (gtk_widget_get_focusable (row));
  g_assert_false (gtk_widget_get_focusable (pw_test_find_type (row, GTK_TYPE_CHECK_BUTTON)));

  first_list = gtk_widget_get_parent (row);
  second_list = NULL;
  for (GtkWidget *group = gtk_widget_get_ancestor (first_list, ADW_TYPE_PREFERENCES_GROUP);
       group != NULL && second_list == NULL; group = gtk_widget_get_next_sibling (group))
    {
      GtkWidget *list = gtk_widget_get_parent (pw_test_find_type (group, PW_TYPE_ENDPOINT_ROW));

      if (list != first_list)
        second_list = list;
    }
  g_assert_nonnull (second_list);
  /* End puts the cursor on the group's last endpoint; then ↓. */
  g_signal_emit_by_name (first_list, "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, 1, FALSE, FALSE);
  g_assert_true (focus_widget (fixture) == gtk_widget_get_last_child (first_list));
  g_signal_emit_by_name (first_list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  focus = focus_widget (fixture);
  g_assert_true (gtk_widget_get_parent (focus) == second_list);
  g_assert_true (focus == gtk_widget_get_first_child (second_list));

  /* ↓ again stays in the second group; ↑ twice goes back to the first. */
  g_signal_emit_by_name (second_list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, 1, FALSE, FALSE);
  focus = gtk_widget_get_next_sibling (gtk_widget_get_first_child (second_list));
  g_assert_true (focus_widget (fixture) == focus);
  g_signal_emit_by_name (second_list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, -1, FALSE, FALSE);
  g_signal_emit_by_name (second_list, "move-cursor", GTK_MOVEMENT_DISPLAY_LINES, -1, FALSE, FALSE);
  g_assert_true (focus_widget (fixture) == gtk_widget_get_last_child (first_list));
}

/* A plan saved after the repository was opened, and ticks made in it,
 * show on the next wizard without reopening the repository. */
static void
test_planned_fresh (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *plan = read_example (fixture, ".ai/get-books-implementation-plan.md");
  g_autofree char *path = g_build_filename (fixture->dir, ".ai",
                                            "post-books-implementation-plan.md", NULL);
  g_autoptr(GString) text = g_string_new (plan);
  const char *label;

  g_assert_null (pw_new_plan_dialog_get_planned_label (fixture->dialog, "POST /api/books"));
  g_string_replace (text, "GET /api/books", "POST /api/books", 0);
  g_string_replace (text, "4. [ ]", "4. [x]", 1);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));

  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_assert_finalize_object (fixture->dialog);
  fixture->dialog = g_object_ref (pw_new_plan_dialog_new (NULL, fixture->workspace));
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  pw_test_wait_until (dialog_loaded, fixture->dialog);

  label = pw_new_plan_dialog_get_planned_label (fixture->dialog, "POST /api/books");
  g_assert_nonnull (label);
  g_assert_true (g_str_has_prefix (label, "planned · 4/"));
}

static void
test_disable_input (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *tech_stack = read_example (fixture, ".ai/tech-stack.md");
  g_autoptr(PwPlanSpec) spec = NULL;
  g_auto(GStrv) lines = g_strsplit (tech_stack, "\n", 2);
  const char *heading = lines[0];
  const PwPromptInput *input;

  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books", TRUE));
  g_assert_nonnull (strstr (pw_new_plan_dialog_get_prompt (fixture->dialog), heading));
  input = pw_prompt_result_get_input (pw_new_plan_dialog_get_result (fixture->dialog),
                                      "tech-stack");
  g_assert_nonnull (input);
  g_assert_cmpint (input->state, ==, PW_PROMPT_INPUT_INCLUDED);

  g_assert_true (pw_new_plan_dialog_set_input_enabled (fixture->dialog, "tech-stack", FALSE));
  g_assert_null (strstr (pw_new_plan_dialog_get_prompt (fixture->dialog), heading));
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_nonnull (spec->disabled_inputs);
  g_assert_true (g_strv_contains ((const char * const *) spec->disabled_inputs, "tech-stack"));
  g_assert_false (g_strv_contains ((const char * const *) spec->disabled_inputs, "prd"));

  /* A rules file can be switched on in addition to the default one. */
  g_assert_true (pw_new_plan_dialog_set_input_enabled (fixture->dialog,
                                                       ".cursor/rules/shared.mdc", TRUE));
  g_clear_pointer (&spec, pw_plan_spec_free);
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_nonnull (spec->rules);
  g_assert_true (g_strv_contains ((const char * const *) spec->rules, ".cursor/rules/shared.mdc"));
  g_assert_true (g_strv_contains ((const char * const *) spec->rules,
                                  ".cursor/rules/backend.mdc"));
  input = pw_prompt_result_get_input (pw_new_plan_dialog_get_result (fixture->dialog),
                                      ".cursor/rules/shared.mdc");
  g_assert_nonnull (input);
  g_assert_cmpint (input->state, ==, PW_PROMPT_INPUT_INCLUDED);

  /* Switching the API spec off leaves an endpoint with nothing to cite:
   * the error is shown, Generate is off, nothing crashes. */
  g_assert_true (pw_new_plan_dialog_set_input_enabled (fixture->dialog, "api-spec", FALSE));
  g_assert_null (pw_new_plan_dialog_get_prompt (fixture->dialog));
  g_assert_false (generate_enabled (fixture));
  g_assert_true (pw_new_plan_dialog_set_input_enabled (fixture->dialog, "api-spec", TRUE));
  g_assert_nonnull (pw_new_plan_dialog_get_prompt (fixture->dialog));

  g_assert_false (pw_new_plan_dialog_set_input_enabled (fixture->dialog, "no-such-input", FALSE));
}

static void
test_endpoints_template (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = NULL;
  const char *prompt;

  g_assert_true (pw_new_plan_dialog_select_template (fixture->dialog,
                                                     PW_TEMPLATE_ID_ENDPOINTS_PLAN));
  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/loans", TRUE));
  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "POST /api/loans", TRUE));

  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->template_id, ==, PW_TEMPLATE_ID_ENDPOINTS_PLAN);
  g_assert_cmpuint (g_strv_length (spec->endpoints), ==, 2);
  g_assert_cmpstr (spec->endpoints[0], ==, "GET /api/loans");
  g_assert_cmpstr (spec->endpoints[1], ==, "POST /api/loans");

  prompt = pw_new_plan_dialog_get_prompt (fixture->dialog);
  g_assert_nonnull (prompt);
  g_assert_nonnull (strstr (prompt, "- GET /api/loans\n- POST /api/loans"));

  /* Back to one subject: only one of the two stays chosen. */
  g_assert_true (pw_new_plan_dialog_select_template (fixture->dialog,
                                                     PW_TEMPLATE_ID_FEATURE_PLAN));
  g_clear_pointer (&spec, pw_plan_spec_free);
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpuint (g_strv_length (spec->endpoints), ==, 1);
  g_assert_nonnull (pw_new_plan_dialog_get_prompt (fixture->dialog));
}

static void
test_feature (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = NULL;
  PwPromptResult *result;

  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books", TRUE));
  pw_new_plan_dialog_set_feature (fixture->dialog, "Reading list export");

  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->feature, ==, "Reading list export");
  /* Typing a feature replaces the endpoint. */
  g_assert_null (spec->endpoints);

  result = pw_new_plan_dialog_get_result (fixture->dialog);
  g_assert_nonnull (result);
  g_assert_nonnull (strstr (result->text, "Reading list export"));
  g_assert_cmpstr (result->output_path, ==, ".ai/reading-list-export-implementation-plan.md");

  /* Choosing an endpoint again clears the feature. */
  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/loans", TRUE));
  g_clear_pointer (&spec, pw_plan_spec_free);
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_null (spec->feature);
  g_assert_cmpstr (spec->endpoints[0], ==, "GET /api/loans");
}

static void
generate_cb (PwNewPlanDialog  *dialog,
             PwPlanSpec       *spec,
             PwPlanSpec      **out)
{
  g_assert_null (*out);
  *out = pw_plan_spec_copy (spec);
}

static gboolean
rules_remembered (gpointer data)
{
  g_autoptr(GPtrArray) remembered = pw_workspace_dup_remembered_rules (data);

  return remembered != NULL;
}

static void
test_generate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PwPlanSpec) received = NULL;
  g_autoptr(GPtrArray) remembered = NULL;

  g_signal_connect (fixture->dialog, "generate", G_CALLBACK (generate_cb), &received);

  /* Without a subject Generate is refused. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "wizard.generate", NULL);
  g_assert_null (received);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));

  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "DELETE /api/books/{id}",
                                                     TRUE));
  g_assert_true (pw_new_plan_dialog_set_input_enabled (fixture->dialog, "db-plan", FALSE));
  pw_new_plan_dialog_set_page (fixture->dialog, "review");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "wizard.generate",
                                             NULL));

  g_assert_nonnull (received);
  g_assert_cmpstr (received->template_id, ==, PW_TEMPLATE_ID_FEATURE_PLAN);
  g_assert_cmpstr (received->endpoints[0], ==, "DELETE /api/books/{id}");
  g_assert_true (g_strv_contains ((const char * const *) received->disabled_inputs, "db-plan"));
  /* No profile is configured: the default (offline draft) is used. */
  g_assert_null (received->profile_id);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->dialog)));

  /* The rules picked are remembered for the repository (in a thread). */
  pw_test_wait_until (rules_remembered, fixture->workspace);
  remembered = pw_workspace_dup_remembered_rules (fixture->workspace);
  g_assert_cmpuint (remembered->len, ==, g_strv_length (received->rules));
  for (guint i = 0; i < remembered->len; i++)
    g_assert_true (g_strv_contains ((const char * const *) received->rules,
                                    pw_document_get_relative_path (g_ptr_array_index (remembered, i))));
}

static void
test_no_spec (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = NULL;

  g_assert_cmpuint (pw_new_plan_dialog_get_n_visible_endpoints (fixture->dialog), ==, 0);
  g_assert_false (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books", TRUE));
  g_assert_null (pw_new_plan_dialog_get_planned_label (fixture->dialog, "GET /api/books"));
  g_assert_false (pw_new_plan_dialog_set_input_enabled (fixture->dialog, "api-spec", FALSE));

  pw_new_plan_dialog_set_feature (fixture->dialog, "Barcode scanning");
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->feature, ==, "Barcode scanning");
  g_assert_nonnull (pw_new_plan_dialog_get_prompt (fixture->dialog));
  g_assert_nonnull (strstr (pw_new_plan_dialog_get_prompt (fixture->dialog), "Barcode scanning"));
  g_assert_true (generate_enabled (fixture));

  /* The endpoints template falls back to the feature entry too. */
  g_assert_true (pw_new_plan_dialog_select_template (fixture->dialog,
                                                     PW_TEMPLATE_ID_ENDPOINTS_PLAN));
  g_clear_pointer (&spec, pw_plan_spec_free);
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->feature, ==, "Barcode scanning");
  g_assert_nonnull (pw_new_plan_dialog_get_prompt (fixture->dialog));

  /* Every page draws. */
  for (guint i = 0; i < 4; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "wizard.next", NULL);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
    }
}

static void
test_profiles (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = NULL;
  g_autoptr(PwProfile) local = pw_profile_lookup ("Local");
  g_autoptr(PwProfile) hosted = pw_profile_lookup ("Hosted");

  g_assert_nonnull (local);
  g_assert_nonnull (hosted);
  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books", TRUE));

  /* The default profile is chosen, with its own model: no override. */
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->profile_id, ==, pw_profile_get_id (hosted));
  g_assert_null (spec->model);
  /* It has prices, so the cost is shown. */
  g_assert_nonnull (strstr (pw_new_plan_dialog_get_total_text (fixture->dialog), "$"));

  pw_new_plan_dialog_set_model (fixture->dialog, "gpt-4o-mini");
  g_clear_pointer (&spec, pw_plan_spec_free);
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->model, ==, "gpt-4o-mini");

  /* Another profile brings its own model back. */
  g_assert_true (pw_new_plan_dialog_select_profile (fixture->dialog, pw_profile_get_id (local)));
  g_clear_pointer (&spec, pw_plan_spec_free);
  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->profile_id, ==, pw_profile_get_id (local));
  g_assert_null (spec->model);
  g_assert_null (strstr (pw_new_plan_dialog_get_total_text (fixture->dialog), "$"));
  g_assert_false (pw_new_plan_dialog_select_profile (fixture->dialog, "no-such-profile"));
}

static gboolean
spec_has_profile (gpointer data)
{
  g_autoptr(PwPlanSpec) spec = pw_new_plan_dialog_dup_spec (data);

  return spec->profile_id != NULL;
}

/* With no profile the offline draft offers the way to Preferences, and a
 * profile added there is offered at once. */
static void
test_no_profile (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwProfile) added = NULL;
  g_autoptr(PwPlanSpec) spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  GtkWindow *preferences;

  g_assert_null (spec->profile_id);
  g_assert_null (pw_test_find_toplevel (PW_TYPE_PREFERENCES_WINDOW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->dialog), "wizard.preferences",
                                             NULL));
  preferences = pw_test_find_toplevel (PW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);

  added = pw_profile_create ("Added later", PW_PROVIDER_KIND_OLLAMA, &error);
  g_assert_no_error (error);
  pw_test_wait_until (spec_has_profile, fixture->dialog);

  gtk_window_destroy (preferences);
  g_assert_true (pw_profile_remove (added, &error));
  g_assert_no_error (error);
}

/* The prompt preview keeps the documents' line breaks: no line of the
 * example's prompt is wrapped again on screen. */
static void
test_prompt_lines_kept (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  guint n_lines;

  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books", TRUE));
  pw_new_plan_dialog_set_page (fixture->dialog, "review");
  gtk_window_set_default_size (GTK_WINDOW (fixture->dialog), 700, 600);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
  view = GTK_TEXT_VIEW (pw_test_find_type (GTK_WIDGET (fixture->dialog), GTK_SOURCE_TYPE_VIEW));
  buffer = gtk_text_view_get_buffer (view);
  n_lines = gtk_text_buffer_get_line_count (buffer);
  g_assert_cmpuint (n_lines, >, 50);

  for (guint line = 0; line < n_lines; line++)
    {
      gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
      if (gtk_text_iter_ends_line (&iter))
        continue;
      g_assert_true (gtk_text_view_forward_display_line_end (view, &iter));
      g_assert_true (gtk_text_iter_ends_line (&iter));
    }
}

static gboolean
has_row_titled (GtkWidget  *widget,
                const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (has_row_titled (child, title))
        return TRUE;
    }

  return FALSE;
}

static const char *
row_subtitle (GtkWidget  *widget,
              const char *title)
{
  if (ADW_IS_ACTION_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *subtitle = row_subtitle (child, title);

      if (subtitle != NULL)
        return subtitle;
    }

  return NULL;
}

/* The template page says where each plan is saved in words, not with
 * the template's raw {{feature}} pattern. */
static void
test_template_paths (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *feature = row_subtitle (GTK_WIDGET (fixture->dialog), "Feature implementation plan");
  const char *endpoints = row_subtitle (GTK_WIDGET (fixture->dialog),
                                        "REST endpoints implementation plan");

  g_assert_nonnull (feature);
  g_assert_null (strstr (feature, "{{"));
  g_assert_nonnull (strstr (feature, "Saved as .ai/‹feature›-implementation-plan.md"));
  g_assert_nonnull (strstr (feature, "one feature or endpoint"));
  g_assert_nonnull (endpoints);
  g_assert_nonnull (strstr (endpoints, "Saved as .ai/endpoints-plan.md"));
}

/* In Polish the built-in templates' names are translated, and a token
 * count takes the plural form its number asks for. */
static void
test_polish (Fixture       *fixture,
             gconstpointer  data)
{
  static const char *forms[] = { "token", "tokeny", "tokenów" };
  const char *total;
  const char *digits;
  g_autoptr(GString) number = g_string_new (NULL);
  guint64 n;
  guint form;

  g_assert_cmpstr (_("Quit"), !=, "Quit");
  g_assert_true (has_row_titled (GTK_WIDGET (fixture->dialog),
                                 "Plan implementacji funkcjonalności"));
  g_assert_false (has_row_titled (GTK_WIDGET (fixture->dialog), "Feature implementation plan"));

  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books", TRUE));
  total = pw_new_plan_dialog_get_total_text (fixture->dialog);
  digits = strchr (total, '~');
  g_assert_nonnull (digits);
  for (digits++; *digits != ' ' || g_ascii_isdigit (digits[1]); digits++)
    {
      if (g_ascii_isdigit (*digits))
        g_string_append_c (number, *digits);
    }
  n = g_ascii_strtoull (number->str, NULL, 10);
  g_assert_cmpuint (n, >, 100);
  form = n == 1 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 1 : 2;
  g_test_message ("%s: form %u", total, form);
  g_assert_true (g_str_has_suffix (total, forms[form]));
}

/* Model text is untrusted: markup in an endpoint's title appears literally. */
static void
test_markup (Fixture       *fixture,
             gconstpointer  data)
{
  g_assert_cmpuint (pw_new_plan_dialog_get_n_visible_endpoints (fixture->dialog), >, 0);
  pw_new_plan_dialog_set_feature (fixture->dialog, "<b>bold</b> & <script>");
  g_assert_nonnull (strstr (pw_new_plan_dialog_get_prompt (fixture->dialog),
                            "<b>bold</b> & <script>"));
  pw_new_plan_dialog_set_page (fixture->dialog, "review");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->dialog));
}

/* PW_WIZARD_SCREENSHOT=subject|review keeps the dialog on screen for a
 * screenshot instead of running the tests. */
static int
screenshot (const char *page)
{
  Fixture fixture = { 0, };

  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  /* The application loads the style sheet; here we do. */
  gtk_css_provider_load_from_resource (css, PW_RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  add_profiles ();
  fixture.dir = pw_test_copy_example ();
  open_dialog (&fixture);
  pw_new_plan_dialog_select_endpoint (fixture.dialog, "GET /api/books/{id}", TRUE);
  if (g_str_equal (page, "subject-filter"))
    {
      pw_new_plan_dialog_set_filter (fixture.dialog, "loans");
      page = "subject";
    }
  pw_new_plan_dialog_set_page (fixture.dialog, page);
  if (g_getenv ("PW_WIZARD_DARK") != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);

  return 0;
}

static gboolean
inputs_read (gpointer data)
{
  return !pw_new_plan_dialog_get_reading_inputs (data);
}

/* Several rules files picked, a global section of the API plan left out,
 * the PRD narrowed to a heading: each shows in the exact prompt and in the
 * spec Generate sends. */
static void
test_inputs_choice (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = NULL;
  const char *prompt;

  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books", TRUE));
  pw_new_plan_dialog_set_page (fixture->dialog, "inputs");
  prompt = pw_new_plan_dialog_get_prompt (fixture->dialog);
  g_assert_nonnull (strstr (prompt, "## 3. Authentication and Authorization"));
  g_assert_nonnull (strstr (pw_new_plan_dialog_get_input_size (fixture->dialog,
                                                               "api-spec#auth"), "%"));

  g_assert_true (pw_new_plan_dialog_set_input_enabled (fixture->dialog, "api-spec#auth", FALSE));
  g_assert_true (pw_new_plan_dialog_set_input_enabled (fixture->dialog,
                                                       ".cursor/rules/shared.mdc", TRUE));
  g_assert_true (pw_new_plan_dialog_set_input_enabled (fixture->dialog,
                                                       ".cursor/rules/backend.mdc", FALSE));
  g_assert_true (pw_new_plan_dialog_set_input_enabled (fixture->dialog, "5. User Stories", TRUE));

  prompt = pw_new_plan_dialog_get_prompt (fixture->dialog);
  g_assert_null (strstr (prompt, "## 3. Authentication and Authorization"));
  g_assert_nonnull (strstr (prompt, "narrowed to its sections “5. User Stories”"));
  g_assert_null (strstr (prompt, "## 2. User Problem"));
  g_assert_nonnull (pw_prompt_result_get_input (pw_new_plan_dialog_get_result (fixture->dialog),
                                                ".cursor/rules/shared.mdc"));
  g_assert_null (pw_prompt_result_get_input (pw_new_plan_dialog_get_result (fixture->dialog),
                                             ".cursor/rules/backend.mdc"));

  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_true (g_strv_contains ((const char * const *) spec->rules, ".cursor/rules/shared.mdc"));
  g_assert_false (g_strv_contains ((const char * const *) spec->rules,
                                   ".cursor/rules/backend.mdc"));
  g_assert_true (g_strv_contains ((const char * const *) spec->disabled_inputs, "api-spec#auth"));
  g_assert_cmpstr (spec->prd_sections[0], ==, "5. User Stories");
  g_assert_null (spec->prd_sections[1]);
}

/* A file added (here as a suggestion, with one click) is read in a
 * thread, shows its size and share, and goes into the prompt and the
 * spec; one that cannot be added is an error that loses nothing. */
static void
test_inputs_added (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = NULL;
  const char *size;

  g_assert_true (pw_new_plan_dialog_select_endpoint (fixture->dialog, "GET /api/books", TRUE));
  pw_new_plan_dialog_set_page (fixture->dialog, "inputs");
  g_assert_true (pw_new_plan_dialog_activate_suggestion (fixture->dialog, "src/types.ts"));
  pw_test_wait_until (inputs_read, fixture->dialog);

  g_assert_nonnull (strstr (pw_new_plan_dialog_get_prompt (fixture->dialog),
                            "<file path=\"src/types.ts\">\nexport interface Book { id: string }\n"
                            "</file>"));
  size = pw_new_plan_dialog_get_input_size (fixture->dialog, "src/types.ts");
  g_assert_nonnull (size);
  g_assert_nonnull (strstr (size, "token"));
  g_assert_nonnull (strstr (size, "%"));
  /* Added, it is no longer suggested. */
  g_assert_false (pw_new_plan_dialog_activate_suggestion (fixture->dialog, "src/types.ts"));

  pw_new_plan_dialog_add_input (fixture->dialog, "../elsewhere.ts");
  pw_test_wait_until (inputs_read, fixture->dialog);
  g_assert_nonnull (strstr (pw_new_plan_dialog_get_inputs_error (fixture->dialog),
                            "outside the repository"));

  spec = pw_new_plan_dialog_dup_spec (fixture->dialog);
  g_assert_cmpstr (spec->inputs[0], ==, "src/types.ts");
  g_assert_null (spec->inputs[1]);
  g_assert_nonnull (spec->input_set);
  g_assert_nonnull (strstr (pw_new_plan_dialog_get_prompt (fixture->dialog), "interface Book"));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  gtk_source_init ();
  adw_init ();

  if (g_getenv ("PW_WIZARD_SCREENSHOT") != NULL)
    return screenshot (g_getenv ("PW_WIZARD_SCREENSHOT"));

#define ADD(path, func, data) \
  g_test_add ("/pw/new-plan-dialog/" path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("templates", test_templates, NULL);
  ADD ("pages", test_pages, NULL);
  ADD ("subject-required", test_subject_required, NULL);
  ADD ("planned-fresh", test_planned_fresh, NULL);
  ADD ("endpoint-keyboard", test_endpoint_keyboard, NULL);
  ADD ("no-profile", test_no_profile, NULL);
  ADD ("prompt-lines-kept", test_prompt_lines_kept, NULL);
  ADD ("polish", test_polish, "pl");
  ADD ("template-paths", test_template_paths, NULL);
  ADD ("select-endpoint", test_select_endpoint, NULL);
  ADD ("filter", test_filter, NULL);
  ADD ("filter-once", test_filter_once, NULL);
  ADD ("planned", test_planned, NULL);
  ADD ("disable-input", test_disable_input, NULL);
  ADD ("endpoints-template", test_endpoints_template, NULL);
  ADD ("feature", test_feature, NULL);
  ADD ("generate", test_generate, NULL);
  ADD ("no-spec", test_no_spec, "no-spec");
  ADD ("markup", test_markup, NULL);
  ADD ("profiles", test_profiles, "profiles");
  ADD ("inputs-choice", test_inputs_choice, NULL);
  ADD ("inputs-added", test_inputs_added, "code");
#undef ADD

  return g_test_run ();
}
