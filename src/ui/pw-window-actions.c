/* pw-window-actions.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-new-plan-dialog.h"
#include "pw-template.h"
#include "pw-window-private.h"
#include "pw-ui-utils.h"

static void
save_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PwWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  PwDocument *doc = PW_DOCUMENT (source);

  if (!pw_document_save_finish (doc, result, &error))
    {
      self->failed_saves++;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pw_window_add_toast (self, error->message);
    }
  else if (self->forced_saves != NULL)
    {
      g_hash_table_remove (self->forced_saves, doc);
    }

  g_assert (self->pending_saves > 0);
  if (--self->pending_saves > 0)
    return;

  if (self->failed_saves == 0)
    {
      if (self->close_after_save)
        {
          /* Asked again: a plan not in the repository is asked about next. */
          self->close_after_save = FALSE;
          gtk_window_close (GTK_WINDOW (self));
          return;
        }
      pw_window_add_toast (self, _("Saved"));
    }

  self->failed_saves = 0;
  self->close_after_save = FALSE;
  pw_window_update_title (self);
}

static void
save_document (PwWindow   *self,
               PwDocument *doc)
{
  gboolean force = g_hash_table_contains (self->forced_saves, doc);

  self->pending_saves++;
  pw_document_save_async (doc, force, self->cancellable, save_cb, g_object_ref (self));
}

/**
 * pw_window_save_all:
 * @close_after: close the window once everything is saved
 *
 * Saves every modified document of the repository. When one fails, the
 * window stays open and says why.
 */
void
pw_window_save_all (PwWindow *self,
                    gboolean  close_after)
{
  static const PwDocumentRole roles[] = {
    PW_DOCUMENT_ROLE_PRD, PW_DOCUMENT_ROLE_TECH_STACK,
    PW_DOCUMENT_ROLE_RULES, PW_DOCUMENT_ROLE_API_SPEC, PW_DOCUMENT_ROLE_DB_PLAN,
  };

  self->close_after_save = close_after;
  self->failed_saves = 0;

  if (self->workspace != NULL)
    {
      for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
        {
          GPtrArray *docs = pw_workspace_get_candidates (self->workspace, roles[r]);

          for (guint i = 0; i < docs->len; i++)
            {
              PwDocument *doc = g_ptr_array_index (docs, i);

              if (pw_document_get_modified (doc))
                save_document (self, doc);
            }
        }
    }

  if (self->pending_saves == 0 && close_after)
    {
      self->close_after_save = FALSE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PwWindow *self = PW_WINDOW (widget);
  PwInputPane *pane = pw_window_get_visible_pane (self);
  PwDocument *doc = pane ? pw_input_pane_get_document (pane) : NULL;

  if (doc != NULL && pw_document_get_modified (doc))
    save_document (self, doc);
}

static void
save_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  pw_window_save_all (PW_WINDOW (widget), FALSE);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  PwInputPane *pane = pw_window_get_visible_pane (PW_WINDOW (widget));

  if (pane != NULL && pw_input_pane_get_document (pane) != NULL)
    pw_input_pane_focus_search (pane);
}

static void
chooser_response_cb (PwWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) folder = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (folder != NULL)
        pw_window_open_folder (self, folder);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

/**
 * pw_window_dup_start_folder:
 *
 * Where the folder chooser opens: beside the repository shown, else beside
 * the last one opened, else the home folder; never GTK's Recent view,
 * which lists files, not repositories.
 *
 * Returns: (transfer full): a folder
 */
GFile *
pw_window_dup_start_folder (PwWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-repositories");
  g_autoptr(GFile) repository = NULL;
  GFile *parent = NULL;

  if (self->workspace != NULL)
    repository = g_object_ref (pw_workspace_get_root (self->workspace));
  else if (recent[0] != NULL)
    repository = g_file_new_for_path (recent[0]);
  if (repository != NULL)
    parent = g_file_get_parent (repository);

  return parent != NULL ? parent : g_file_new_for_path (g_get_home_dir ());
}

void
pw_window_choose_folder (PwWindow *self)
{
  g_autoptr(GFile) start = pw_window_dup_start_folder (self);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open Repository"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), start, NULL);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  /* Unsaved work is asked about once the folder is chosen
   * (pw_window_open_folder()). */
  pw_window_choose_folder (PW_WINDOW (widget));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) folder = g_file_new_for_path (g_variant_get_string (param, NULL));

  pw_window_open_folder (PW_WINDOW (widget), folder);
}

/* Shows a folder, given by its URI, in the file manager: for the button of
 * the "Saved to …" toast, which reaches only the window's actions. */
static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_show_uri (GTK_WINDOW (widget), g_variant_get_string (param, NULL), GDK_CURRENT_TIME);
}

static void
show_pane_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PwWindow *self = PW_WINDOW (widget);

  if (self->workspace != NULL)
    adw_view_stack_set_visible_child_name (self->panes, g_variant_get_string (param, NULL));
}

static PwPlanPage *
show_plans (PwWindow *self)
{
  PwPlanPage *page = pw_window_get_plan_page (self);

  adw_view_stack_set_visible_child_name (self->panes, "plans");
  return page;
}

/* Focuses the first widget in @widget (itself included) that can take
 * the focus. */
static gboolean
grab_focus_within (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (gtk_widget_grab_focus (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (grab_focus_within (child))
      return TRUE;

  return FALSE;
}

static void
generate_cb (PwNewPlanDialog *dialog,
             PwPlanSpec      *spec,
             PwWindow        *self)
{
  PwPlanPage *page;

  if (self->workspace == NULL)
    return;

  page = show_plans (self);
  pw_plan_page_generate (page, spec);
  /* The page's keys (Ctrl+R, Ctrl+L, Ctrl+1, Ctrl+2) are bound on it:
   * the focus goes there rather than back to the header button. */
  grab_focus_within (GTK_WIDGET (page));
}

static PwNewPlanDialog *
present_new_plan (PwWindow *self)
{
  PwNewPlanDialog *dialog;

  if (self->workspace == NULL)
    {
      pw_window_add_toast (self, _("Open a repository first"));
      return NULL;
    }

  dialog = pw_new_plan_dialog_new (GTK_WINDOW (self), self->workspace);
  pw_dialog_fit_parent (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "generate", G_CALLBACK (generate_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
new_plan_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  present_new_plan (PW_WINDOW (widget));
}

/* The wizard on the endpoints template with @key chosen, on its Subject
 * page; once its endpoints are in if they are still loading. */
static void
preselect_endpoint (PwNewPlanDialog *dialog,
                    const char      *key)
{
  if (!pw_new_plan_dialog_select_template (dialog, PW_TEMPLATE_ID_ENDPOINTS_PLAN))
    return;
  if (pw_new_plan_dialog_select_endpoint (dialog, key, TRUE))
    pw_new_plan_dialog_set_page (dialog, "subject");
}

static void
dialog_loaded_cb (PwNewPlanDialog *dialog,
                  GParamSpec      *pspec,
                  char            *key)
{
  if (pw_new_plan_dialog_get_loading (dialog))
    return;

  g_signal_handlers_disconnect_by_func (dialog, dialog_loaded_cb, key);
  preselect_endpoint (dialog, key);
}

/**
 * pw_window_plan_endpoint:
 * @endpoint_key: an endpoint of the API spec, "METHOD /path"
 *
 * Opens the new-plan wizard with @endpoint_key chosen (the Coverage page's
 * unplanned endpoints).
 */
void
pw_window_plan_endpoint (PwWindow   *self,
                         const char *endpoint_key)
{
  PwNewPlanDialog *dialog;

  g_return_if_fail (PW_IS_WINDOW (self));
  g_return_if_fail (endpoint_key != NULL);

  dialog = present_new_plan (self);
  if (dialog == NULL)
    return;
  if (!pw_new_plan_dialog_get_loading (dialog))
    preselect_endpoint (dialog, endpoint_key);
  else
    g_signal_connect_data (dialog, "notify::loading", G_CALLBACK (dialog_loaded_cb),
                           g_strdup (endpoint_key), (GClosureNotify) g_free, 0);
}

/* Plan actions from anywhere in the window go to the Plans page. */
static void
forward_to_plan_page (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  PwWindow *self = PW_WINDOW (widget);
  PwPlanPage *page;
  const char *target;

  if (self->workspace == NULL)
    return;

  page = show_plans (self);
  if (g_str_equal (action_name, "win.history"))
    target = "plan.history";
  else if (g_str_equal (action_name, "win.export-plan"))
    target = "plan.export";
  else if (g_str_equal (action_name, "win.hand-off"))
    target = "plan.hand-off";
  else
    target = "plan.walkthrough";

  if (!gtk_widget_activate_action (GTK_WIDGET (page), target, NULL))
    pw_window_add_toast (self, _("Open or generate a plan first"));
}

/* The Plans page's own keys (Ctrl+R, Ctrl+1, Ctrl+2, Ctrl+L, Ctrl+Z, Ctrl+Alt+N,
 * Ctrl+Shift+R) also work
 * while the focus rests outside it, on the header bar after the wizard
 * closes, say, as long as the Plans page is the one shown. A focused
 * widget inside the page handles them first. */
static gboolean
plan_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  PwWindow *self = PW_WINDOW (widget);
  const char *action;
  const char *target;

  if (self->workspace == NULL || self->plan_page == NULL
      || g_strcmp0 (adw_view_stack_get_visible_child_name (self->panes), "plans") != 0)
    return FALSE;

  g_variant_get (args, "(&s&s)", &action, &target);
  return gtk_widget_activate_action (GTK_WIDGET (self->plan_page), action,
                                     target[0] != '\0' ? "s" : NULL, target);
}

static void
add_plan_keys (GtkWidgetClass *widget_class)
{
  static const struct {
    guint keyval;
    GdkModifierType modifiers;
    const char *action;
    const char *target;
  } keys[] = {
    { GDK_KEY_r, GDK_CONTROL_MASK, "plan.regenerate", "" },
    { GDK_KEY_l, GDK_CONTROL_MASK, "plan.toggle-lint", "" },
    { GDK_KEY_1, GDK_CONTROL_MASK, "plan.show-view", "rendered" },
    { GDK_KEY_2, GDK_CONTROL_MASK, "plan.show-view", "source" },
    /* A tick made in the walkthrough, undone once it is left. */
    { GDK_KEY_z, GDK_CONTROL_MASK, "plan.undo", "" },
    { GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plan.redo", "" },
    /* A note on text selected with the mouse, which leaves the focus out. */
    { GDK_KEY_n, GDK_CONTROL_MASK | GDK_ALT_MASK, "plan.add-note", "" },
    { GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plan.revise-notes", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding (widget_class, keys[i].keyval, keys[i].modifiers, plan_key_cb,
                                  "(ss)", keys[i].action, keys[i].target);
}

void
pw_window_class_add_actions (GtkWidgetClass *widget_class)
{
  static const char *panes[] = { "prd", "tech-stack", "rules", "api-spec", "plans", "coverage" };

  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-all", NULL, save_all_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", "s", open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.show-pane", "s", show_pane_action);
  gtk_widget_class_install_action (widget_class, "win.new-plan", NULL, new_plan_action);
  gtk_widget_class_install_action (widget_class, "win.history", NULL, forward_to_plan_page);
  gtk_widget_class_install_action (widget_class, "win.export-plan", NULL, forward_to_plan_page);
  gtk_widget_class_install_action (widget_class, "win.walkthrough", NULL, forward_to_plan_page);
  gtk_widget_class_install_action (widget_class, "win.hand-off", NULL, forward_to_plan_page);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-plan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export-plan", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.walkthrough", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.hand-off", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK,
                                       "win.history", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-pane", "s", panes[i]);
  add_plan_keys (widget_class);
}
