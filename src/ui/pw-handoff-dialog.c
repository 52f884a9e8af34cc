/* pw-handoff-dialog.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-handoff-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <vte/vte.h>

#include "pw-document.h"
#include "pw-handoff-dialog.h"
#include "pw-handoff.h"
#include "pw-plan.h"
#include "pw-toast.h"
#include "pw-workspace.h"

/*
 * The hand-off of a plan's next open steps: the prompt exactly as the
 * agent gets it, copied to the clipboard or run in an embedded terminal in
 * the repository with the agent command set in Preferences. The prompt is
 * built, and written to a private file for `{prompt_file}` commands, in a
 * worker thread.
 */

struct _PwHandoffDialog
{
  AdwWindow        parent_instance;

  /* Template children */
  AdwWindowTitle  *window_title;
  GtkWidget       *copy_button;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkLabel        *command_label;
  GtkTextView     *prompt_view;
  GtkLabel        *terminal_label;
  VteTerminal     *terminal;
  AdwStatusPage   *problem_page;

  /* owned */
  GSettings       *settings;
  GFile           *root;
  GCancellable    *cancellable;
  PwHandoff       *handoff;        /* (nullable) until built */
  char            *prompt_file;    /* (nullable) */
  char            *problem;        /* (nullable) why there is nothing to hand off */

  /* state */
  guint            running : 1;
  guint            ran : 1;
};

G_DEFINE_FINAL_TYPE (PwHandoffDialog, pw_handoff_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PROMPT,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The rules go to the thread as paths: the workspace's documents belong to
 * the main thread (the Rules pane shows them), so the thread reads fresh
 * ones of its own. */
typedef struct
{
  char      *text;
  char      *plan_path;
  GFile     *root;
  GPtrArray *rules_paths;  /* (element-type utf8) */
  PwHandoff *handoff;
  char      *prompt_file;
} BuildJob;

static void
build_job_free (BuildJob *job)
{
  g_free (job->text);
  g_free (job->plan_path);
  g_clear_object (&job->root);
  g_clear_pointer (&job->rules_paths, g_ptr_array_unref);
  g_clear_pointer (&job->handoff, pw_handoff_free);
  g_free (job->prompt_file);
  g_free (job);
}

static char *
dup_command (PwHandoffDialog *self)
{
  return g_settings_get_string (self->settings, "agent-command");
}

static void
update_command (PwHandoffDialog *self)
{
  g_autofree char *command = dup_command (self);
  g_autofree char *where = g_file_get_path (self->root);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid = pw_handoff_check_command (command, &error);

  if (valid)
    text = g_strdup_printf (_("The agent runs as %s in %s"), command, where);
  else if (*command == '\0')
    text = g_strdup (_("No coding agent is set: choose one, or copy the prompt into yours."));
  else
    text = g_strdup (error->message);

  gtk_label_set_label (self->command_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoff.run",
                                 valid && self->handoff != NULL && !self->running && !self->ran);
}

static void
show_problem (PwHandoffDialog *self,
              const char      *message)
{
  g_free (self->problem);
  self->problem = g_strdup (message);
  adw_status_page_set_description (self->problem_page, message);
  gtk_stack_set_visible_child_name (self->stack, "problem");
}

static char *
describe_batch (PwHandoff *handoff)
{
  g_autofree char *numbers = pw_handoff_format_steps (handoff);

  /* Translators: "Steps 4, 5, 6 of .ai/books-implementation-plan.md" */
  return g_strdup_printf (ngettext ("Step %s of %s", "Steps %s of %s", handoff->steps->len),
                          numbers, handoff->plan_path);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildJob *job = task_data;
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (job->text, -1);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);
  GError *error = NULL;

  for (guint i = 0; i < job->rules_paths->len; i++)
    {
      const char *path = g_ptr_array_index (job->rules_paths, i);
      g_autoptr(GFile) file = g_file_resolve_relative_path (job->root, path);
      PwDocument *document = pw_document_new (file, path, PW_DOCUMENT_ROLE_RULES);

      pw_document_set_root (document, job->root);
      g_ptr_array_add (rules, document);
    }

  job->handoff = pw_handoff_new (plan, job->plan_path, PW_HANDOFF_DEFAULT_COUNT, rules, &error);
  if (job->handoff != NULL)
    job->prompt_file = pw_handoff_write_prompt_file (job->handoff->text, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
built_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  PwHandoffDialog *self = PW_HANDOFF_DIALOG (object);
  BuildJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (self, error->message);
      return;
    }

  self->handoff = g_steal_pointer (&job->handoff);
  self->prompt_file = g_steal_pointer (&job->prompt_file);
  subtitle = describe_batch (self->handoff);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view), self->handoff->text, -1);
  gtk_stack_set_visible_child_name (self->stack, "prompt");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoff.copy", TRUE);
  update_command (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
}

static void
set_running (PwHandoffDialog *self,
             gboolean         running)
{
  if (self->running == running)
    return;

  self->running = running;
  update_command (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
child_exited_cb (PwHandoffDialog *self,
                 int              status)
{
  g_autoptr(GError) error = NULL;

  if (g_spawn_check_wait_status (status, &error))
    gtk_label_set_label (self->terminal_label,
                         _("The agent finished. Its ticks show in the plan as it saves them."));
  else
    {
      g_autofree char *text = g_strdup_printf (_("The agent stopped: %s"), error->message);

      gtk_label_set_label (self->terminal_label, text);
    }
  set_running (self, FALSE);

  /* The terminal keeps Escape for the agent while it runs; now it closes. */
  gtk_widget_grab_focus (self->copy_button);
}

static void
spawned_cb (VteTerminal *terminal,
            GPid         pid,
            GError      *error,
            gpointer     user_data)
{
  g_autoptr(PwHandoffDialog) self = user_data;

  if (error == NULL)
    return;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("The agent could not start: %s"), error->message);

      gtk_label_set_label (self->terminal_label, text);
    }
  set_running (self, FALSE);
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PwHandoffDialog *self = PW_HANDOFF_DIALOG (widget);
  g_autofree char *command = dup_command (self);
  g_autofree char *where = g_file_get_path (self->root);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) argv = NULL;

  if (self->handoff == NULL || self->running)
    return;

  argv = pw_handoff_expand_command (command, self->handoff->text, self->prompt_file, &error);
  if (argv == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, pw_toast_new (error->message));
      return;
    }

  self->ran = TRUE;
  set_running (self, TRUE);
  text = g_strdup_printf (_("Running “%s” in %s… (Ctrl+Shift+W closes this window)"), argv[0],
                          where);
  gtk_label_set_label (self->terminal_label, text);
  gtk_stack_set_visible_child_name (self->stack, "terminal");
  vte_terminal_spawn_async (self->terminal, VTE_PTY_DEFAULT, where, argv, NULL,
                            G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, -1, self->cancellable,
                            spawned_cb, g_object_ref (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->terminal));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwHandoffDialog *self = PW_HANDOFF_DIALOG (widget);

  if (self->handoff == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->handoff->text);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               pw_toast_new (_("The prompt is on the clipboard")));
}

static void
pw_handoff_dialog_dispose (GObject *object)
{
  PwHandoffDialog *self = PW_HANDOFF_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_HANDOFF_DIALOG);

  G_OBJECT_CLASS (pw_handoff_dialog_parent_class)->dispose (object);
}

static void
pw_handoff_dialog_finalize (GObject *object)
{
  PwHandoffDialog *self = PW_HANDOFF_DIALOG (object);

  /* The prompt file is private to this hand-off; it goes in the background. */
  if (self->prompt_file != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->prompt_file);

      g_file_delete_async (file, G_PRIORITY_LOW, NULL, NULL, NULL);
    }

  g_clear_object (&self->settings);
  g_clear_object (&self->root);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->handoff, pw_handoff_free);
  g_free (self->prompt_file);
  g_free (self->problem);

  G_OBJECT_CLASS (pw_handoff_dialog_parent_class)->finalize (object);
}

static void
pw_handoff_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PwHandoffDialog *self = PW_HANDOFF_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROMPT:
      g_value_set_string (value, pw_handoff_dialog_get_prompt (self));
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_handoff_dialog_class_init (PwHandoffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_handoff_dialog_dispose;
  object_class->finalize = pw_handoff_dialog_finalize;
  object_class->get_property = pw_handoff_dialog_get_property;

  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "handoff.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "handoff.run", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "handoff.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "handoff.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (VTE_TYPE_TERMINAL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-handoff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PwHandoffDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffDialog, command_label);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffDialog, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffDialog, terminal_label);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffDialog, terminal);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffDialog, problem_page);
}

/* Keys the terminal would otherwise send to the agent: caught before it. */
static void
add_window_keys (PwHandoffDialog *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutTrigger *trigger = gtk_keyval_trigger_new (GDK_KEY_w,
                                                        GDK_CONTROL_MASK | GDK_SHIFT_MASK);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger,
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
pw_handoff_dialog_init (PwHandoffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_window_keys (self);

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (SCHEMA_ID);
  g_signal_connect_object (self->settings, "changed::agent-command",
                           G_CALLBACK (update_command), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->terminal, "child-exited", G_CALLBACK (child_exited_cb), self,
                           G_CONNECT_SWAPPED);
  vte_terminal_set_scrollback_lines (self->terminal, 10000);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoff.copy", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoff.run", FALSE);
}

/**
 * pw_handoff_dialog_new:
 * @parent: (nullable): the window to sit on
 * @workspace: the plan's repository, where the agent runs
 * @plan: the plan, saved in the repository
 * @plan_path: its path relative to the repository
 *
 * Returns: (transfer full): a new dialog, building its prompt
 */
PwHandoffDialog *
pw_handoff_dialog_new (GtkWindow   *parent,
                       PwWorkspace *workspace,
                       PwPlan      *plan,
                       const char  *plan_path)
{
  g_autoptr(GTask) task = NULL;
  PwHandoffDialog *self;
  BuildJob *job;
  PwDocument *rules;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (PW_IS_PLAN (plan), NULL);
  g_return_val_if_fail (plan_path != NULL, NULL);

  self = g_object_new (PW_TYPE_HANDOFF_DIALOG, "transient-for", parent, NULL);
  self->root = g_object_ref (pw_workspace_get_root (workspace));

  job = g_new0 (BuildJob, 1);
  job->text = g_strdup (pw_plan_get_text (plan, NULL));
  job->plan_path = g_strdup (plan_path);
  job->root = g_object_ref (self->root);
  job->rules_paths = g_ptr_array_new_with_free_func (g_free);
  rules = pw_workspace_get_default_rules (workspace);
  if (rules != NULL)
    g_ptr_array_add (job->rules_paths, g_strdup (pw_document_get_relative_path (rules)));

  task = g_task_new (self, self->cancellable, built_cb, NULL);
  g_task_set_source_tag (task, pw_handoff_dialog_new);
  g_task_set_task_data (task, job, (GDestroyNotify) build_job_free);
  g_task_run_in_thread (task, build_thread);
  update_command (self);

  return self;
}

/**
 * pw_handoff_dialog_get_prompt:
 *
 * Returns: (nullable): the prompt, once built
 */
const char *
pw_handoff_dialog_get_prompt (PwHandoffDialog *self)
{
  g_return_val_if_fail (PW_IS_HANDOFF_DIALOG (self), NULL);

  return self->handoff != NULL ? self->handoff->text : NULL;
}

/**
 * pw_handoff_dialog_get_problem:
 *
 * Returns: (nullable): why there is nothing to hand off, if so
 */
const char *
pw_handoff_dialog_get_problem (PwHandoffDialog *self)
{
  g_return_val_if_fail (PW_IS_HANDOFF_DIALOG (self), NULL);

  return self->problem;
}

gboolean
pw_handoff_dialog_get_running (PwHandoffDialog *self)
{
  g_return_val_if_fail (PW_IS_HANDOFF_DIALOG (self), FALSE);

  return self->running;
}
