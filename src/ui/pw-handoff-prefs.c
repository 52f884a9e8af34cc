/* pw-handoff-prefs.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-handoff-prefs"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-handoff-prefs.h"
#include "pw-handoff.h"

/* The Preferences group of the agent command: an entry bound to the
 * setting, presets for the common agents, and what is wrong with the
 * command, if anything. */

struct _PwHandoffPrefs
{
  AdwPreferencesGroup  parent_instance;

  /* Template children */
  GtkMenuButton       *presets_button;
  AdwEntryRow         *command_row;
  GtkLabel            *problem_label;

  /* owned */
  GSettings           *settings;
};

G_DEFINE_FINAL_TYPE (PwHandoffPrefs, pw_handoff_prefs, ADW_TYPE_PREFERENCES_GROUP)

static void
command_changed_cb (PwHandoffPrefs *self)
{
  const char *command = gtk_editable_get_text (GTK_EDITABLE (self->command_row));
  g_autoptr(GError) error = NULL;
  gboolean problem = *command != '\0' && !pw_handoff_check_command (command, &error);

  gtk_label_set_label (self->problem_label, problem ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->command_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->command_row), "error");
}

static void
use_preset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PwHandoffPrefs *self = PW_HANDOFF_PREFS (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->command_row), g_variant_get_string (parameter, NULL));
}

static GMenuModel *
build_presets_menu (void)
{
  GMenu *menu = g_menu_new ();
  const PwAgentPreset *presets;
  guint n_presets = 0;

  presets = pw_handoff_get_presets (&n_presets);
  for (guint i = 0; i < n_presets; i++)
    {
      g_autofree char *label = g_strdup_printf ("%s: %s", presets[i].name, presets[i].command);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "handoff-prefs.use-preset", "s", presets[i].command);
      g_menu_append_item (menu, item);
    }

  return G_MENU_MODEL (menu);
}

static void
pw_handoff_prefs_dispose (GObject *object)
{
  PwHandoffPrefs *self = PW_HANDOFF_PREFS (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_HANDOFF_PREFS);

  G_OBJECT_CLASS (pw_handoff_prefs_parent_class)->dispose (object);
}

static void
pw_handoff_prefs_class_init (PwHandoffPrefsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pw_handoff_prefs_dispose;

  gtk_widget_class_install_action (widget_class, "handoff-prefs.use-preset", "s",
                                   use_preset_action);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-handoff-prefs.ui");
  gtk_widget_class_bind_template_child (widget_class, PwHandoffPrefs, presets_button);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffPrefs, command_row);
  gtk_widget_class_bind_template_child (widget_class, PwHandoffPrefs, problem_label);
}

static void
pw_handoff_prefs_init (PwHandoffPrefs *self)
{
  g_autoptr(GMenuModel) menu = build_presets_menu ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->presets_button, menu);

  self->settings = g_settings_new (SCHEMA_ID);
  g_settings_bind (self->settings, "agent-command", self->command_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->command_row, "changed", G_CALLBACK (command_changed_cb), self,
                           G_CONNECT_SWAPPED);
  command_changed_cb (self);
}
