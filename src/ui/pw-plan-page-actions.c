/* pw-plan-page-actions.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-export-dialog.h"
#include "pw-export.h"
#include "pw-history-window.h"
#include "pw-plan-page-private.h"
#include "pw-toast.h"
#include "pw-walkthrough-window.h"
#include "pw-ui-utils.h"

/* The plan.* actions of the Plans page and their keyboard shortcuts. */

/* A plan worth a file: one that is not being written, whose template is
 * known, that did not fail, and that holds more than blank space. */
static gboolean
can_export (PwPlanPage *self)
{
  const char *text;
  gsize length;

  if (self->plan == NULL || pw_plan_page_get_busy (self) || self->open_cancellable != NULL
      || self->failed)
    return FALSE;

  text = pw_plan_get_text (self->plan, &length);
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isspace (text[i]))
        return TRUE;
    }

  return FALSE;
}

void
pw_plan_page_update_actions (PwPlanPage *self)
{
  gboolean busy = pw_plan_page_get_busy (self);
  gboolean has_plan = self->plan != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.stop", busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.retry", !busy && self->run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.continue",
                                 !busy && self->run != NULL &&
                                 pw_plan_run_get_can_continue (self->run));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.regenerate",
                                 !busy && self->run != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.export", can_export (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.walkthrough", has_plan);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.undo",
                                 pw_plan_ticks_get_can_undo (self->ticks));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plan.redo",
                                 pw_plan_ticks_get_can_redo (self->ticks));
  pw_plan_page_update_handoff (self);
  gtk_widget_set_visible (self->stop_button, busy);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->source_view), !busy);
  pw_plan_page_notes_update_actions (self);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  pw_plan_page_stop (PW_PLAN_PAGE (widget));
}

static void
regenerate_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  pw_plan_page_regenerate (PW_PLAN_PAGE (widget));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  pw_plan_page_retry (PW_PLAN_PAGE (widget));
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  pw_plan_page_continue (PW_PLAN_PAGE (widget));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);

  if (pw_plan_ticks_undo (self->ticks))
    pw_plan_page_tick_applied (self);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);

  if (pw_plan_ticks_redo (self->ticks))
    pw_plan_page_tick_applied (self);
}

static void
exported_cb (PwExportDialog *dialog,
             const char     *relative_path,
             PwPlanPage     *self)
{
  g_autofree char *message = g_strdup_printf (_("Saved to %s"), relative_path);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;
  AdwToast *toast;

  /* From now on the plan lives in the repository: ticks save there, and
   * the wizard's "planned" badges know it. */
  pw_workspace_add_plan (self->workspace, relative_path);
  pw_plan_page_show_saved_file (self, relative_path);

  toast = pw_toast_new (message);
  adw_toast_set_button_label (toast, _("Open _Folder"));
  /* The toast's button resolves actions from the window's toast overlay,
   * above the page: the window's action, with the folder as its target. */
  file = g_file_resolve_relative_path (pw_workspace_get_root (self->workspace), relative_path);
  folder = g_file_get_parent (file);
  uri = g_file_get_uri (folder);
  adw_toast_set_action_name (toast, "win.open-folder");
  adw_toast_set_action_target (toast, "s", uri);
  pw_plan_page_show_toast (self, toast);
}

/* The plan as a new file of the repository: with its provenance, at the
 * path the template gives it. */
static char *
render_for_export (PwPlanPage  *self,
                   char       **relative)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  PwPromptResult *prompt = self->run != NULL ? pw_plan_run_get_prompt (self->run) : NULL;
  g_auto(GStrv) hashes = NULL;
  PwProvenance prov = { NULL, };

  if (prompt != NULL)
    hashes = pw_export_dup_prompt_inputs (prompt);
  prov.template_id = self->template != NULL ? pw_template_get_id (self->template) : NULL;
  prov.model = self->run != NULL ? pw_plan_run_get_provider_name (self->run) : NULL;
  prov.date = date;
  prov.inputs = (const char * const *) hashes;
  if (self->template != NULL && self->subject != NULL)
    *relative = pw_export_target_path (self->template, self->subject);

  return pw_export_render (self->plan, self->template, &prov);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  g_autofree char *relative = NULL;
  g_autofree char *text = NULL;
  PwExportDialog *dialog;

  if (self->plan == NULL || self->workspace == NULL || pw_plan_page_get_busy (self))
    return;

  relative = pw_plan_page_dup_relative_path (self);
  /* A plan of the repository is exported as it is. */
  if (relative != NULL)
    text = g_strdup (pw_plan_get_text (self->plan, NULL));
  else
    text = render_for_export (self, &relative);

  dialog = pw_export_dialog_new (pw_plan_page_get_parent_window (self), self->workspace,
                                 relative != NULL ? relative : ".ai/implementation-plan.md", text);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *uri = NULL;

  if (self->plan == NULL || pw_plan_get_file (self->plan) == NULL)
    return;

  parent = g_file_get_parent (pw_plan_get_file (self->plan));
  uri = g_file_get_uri (parent);
  gtk_show_uri (pw_plan_page_get_parent_window (self), uri, GDK_CURRENT_TIME);
}

static void
walkthrough_step_toggled_cb (PwWalkthroughWindow *window,
                             guint                step,
                             gboolean             done,
                             PwPlanPage          *self)
{
  pw_plan_page_toggle_step (self, step, done);
}

static void
walkthrough_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  PwWalkthroughWindow *window;

  if (self->plan == NULL)
    return;

  if (self->walkthrough != NULL)
    {
      gtk_window_present (self->walkthrough);
      return;
    }

  window = pw_walkthrough_window_new (pw_plan_page_get_parent_window (self), self->plan);
  pw_dialog_fit_parent (GTK_WINDOW (window), pw_plan_page_get_parent_window (self));
  g_signal_connect_object (window, "step-toggled", G_CALLBACK (walkthrough_step_toggled_cb),
                           self, 0);
  pw_plan_page_add_handoff_shortcut (self, GTK_WIDGET (window));
  g_set_weak_pointer (&self->walkthrough, GTK_WINDOW (window));
  pw_plan_page_notes_attach_walkthrough (self, window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
history_open_entry_cb (PwHistoryWindow *window,
                       JsonObject      *entry,
                       PwPlanPage      *self)
{
  pw_plan_page_open_history_entry (self, entry);
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  PwHistoryWindow *window;

  if (self->workspace == NULL)
    return;

  window = pw_history_window_new (pw_plan_page_get_parent_window (self),
                                  pw_workspace_get_root (self->workspace));
  g_signal_connect_object (window, "open-entry", G_CALLBACK (history_open_entry_cb), self, 0);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pw_plan_page_set_view (PW_PLAN_PAGE (widget),
                         g_str_equal (g_variant_get_string (parameter, NULL), "source"));
}

static void
keep_mine_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  pw_plan_page_resolve_conflict (PW_PLAN_PAGE (widget), TRUE);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  pw_plan_page_resolve_conflict (PW_PLAN_PAGE (widget), FALSE);
}

static void
toggle_lint_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);

  gtk_toggle_button_set_active (self->lint_toggle,
                                !gtk_toggle_button_get_active (self->lint_toggle));
}

/* The sidebar of plans, folded away in a narrow window: shows or hides it
 * over the plan, and moves the focus into it when shown. */
static void
show_plans_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PwPlanPage *self = PW_PLAN_PAGE (widget);
  gboolean reveal = !adw_flap_get_folded (self->sidebar_flap)
                    || !adw_flap_get_reveal_flap (self->sidebar_flap);

  adw_flap_set_reveal_flap (self->sidebar_flap, reveal);
  if (reveal)
    gtk_widget_child_focus (GTK_WIDGET (self->plans_list), GTK_DIR_TAB_FORWARD);
}

void
pw_plan_page_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "plan.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "plan.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "plan.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "plan.regenerate", NULL, regenerate_action);
  gtk_widget_class_install_action (widget_class, "plan.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "plan.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "plan.walkthrough", NULL, walkthrough_action);
  gtk_widget_class_install_action (widget_class, "plan.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "plan.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "plan.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "plan.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "plan.toggle-lint", NULL, toggle_lint_action);
  gtk_widget_class_install_action (widget_class, "plan.show-plans", NULL, show_plans_action);
  gtk_widget_class_install_action (widget_class, "plan.keep-mine", NULL, keep_mine_action);
  gtk_widget_class_install_action (widget_class, "plan.reload", NULL, reload_action);
  pw_plan_page_class_add_handoff (widget_class);

  /* Page-local: a focused text view handles its own Ctrl+Z first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "plan.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "plan.show-plans", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "plan.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "plan.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "plan.show-view", "s", "rendered");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "plan.show-view", "s", "source");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "plan.toggle-lint", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "plan.regenerate", NULL);
}
