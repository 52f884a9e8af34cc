/* pw-preferences-window.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-local-servers.h"
#include "pw-preferences-window.h"
#include "pw-profile.h"
#include "pw-secrets.h"

/*
 * Provider profiles: one expander row per profile whose rows bind straight
 * to the profile's GSettings. API keys go to the Secret Service and are never
 * shown again once stored. Servers found on this machine can be added with
 * one click.
 */

struct _PwPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template children */
  GtkListBox           *profiles_list;
  GtkListBox           *local_list;
  AdwActionRow         *keys_row;

  /* owned */
  GCancellable         *cancellable;
  char                 *keys_unavailable;   /* (nullable) why keys cannot be stored */

  /* state */
  guint                 keys_checked : 1;
};

G_DEFINE_FINAL_TYPE (PwPreferencesWindow, pw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void rebuild_profiles (PwPreferencesWindow *self,
                              const char          *expand_id);

static const char *
kind_label (PwProviderKind kind)
{
  switch (kind)
    {
    case PW_PROVIDER_KIND_OPENAI: return _("OpenAI-compatible");
    case PW_PROVIDER_KIND_ANTHROPIC: return "Anthropic";
    case PW_PROVIDER_KIND_OLLAMA: return "Ollama";
    case PW_PROVIDER_KIND_OFFLINE:
    default: return _("Offline draft");
    }
}

static const char *
default_base_url (PwProviderKind kind)
{
  switch (kind)
    {
    case PW_PROVIDER_KIND_OPENAI: return "https://api.openai.com/v1";
    case PW_PROVIDER_KIND_ANTHROPIC: return "https://api.anthropic.com";
    case PW_PROVIDER_KIND_OLLAMA: return "http://127.0.0.1:11434";
    case PW_PROVIDER_KIND_OFFLINE:
    default: return "";
    }
}

static void
add_toast (PwPreferencesWindow *self,
           const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
update_subtitle (AdwExpanderRow *row)
{
  PwProfile *profile = g_object_get_data (G_OBJECT (row), "profile");
  g_autofree char *model = pw_profile_dup_model (profile);
  g_autofree char *subtitle = NULL;
  g_autoptr(PwProfile) default_profile = pw_profile_get_default ();
  gboolean is_default = default_profile != NULL
                        && g_str_equal (pw_profile_get_id (default_profile),
                                        pw_profile_get_id (profile));

  if (model != NULL && *model != '\0')
    subtitle = g_strdup_printf ("%s · %s%s", kind_label (pw_profile_get_kind (profile)), model,
                                is_default ? _(" · used for new plans") : "");
  else
    subtitle = g_strdup_printf ("%s%s", kind_label (pw_profile_get_kind (profile)),
                                is_default ? _(" · used for new plans") : "");

  adw_expander_row_set_subtitle (row, subtitle);
}

static void
profile_settings_changed_cb (AdwExpanderRow *row,
                             const char     *key,
                             GSettings      *settings)
{
  update_subtitle (row);
}

static void
kind_selected_cb (AdwComboRow *combo,
                  GParamSpec  *pspec,
                  PwProfile   *profile)
{
  pw_profile_set_kind (profile, (PwProviderKind)(adw_combo_row_get_selected (combo) + 1));
}

static void
key_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PwPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pw_secrets_store_finish (result, &error))
    add_toast (self, error->message);
  else
    add_toast (self, _("API key stored in the keyring"));
}

static void
key_apply_cb (AdwEntryRow *row,
              PwProfile   *profile)
{
  PwPreferencesWindow *self =
    PW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (row)));
  g_autofree char *name = pw_profile_dup_name (profile);
  const char *key = gtk_editable_get_text (GTK_EDITABLE (row));

  if (*key == '\0')
    return;

  pw_secrets_store_async (pw_profile_get_id (profile), name, key, self->cancellable,
                          key_stored_cb, g_object_ref (self));
  /* The key is not kept in the widget once handed to the keyring. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
model_chosen_cb (GtkButton *button,
                 PwProfile *profile)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  pw_profile_set_model (profile, gtk_button_get_label (button));
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
models_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AdwActionRow) row = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  PwProfile *profile = g_object_get_data (G_OBJECT (row), "profile");
  GtkMenuButton *chooser = g_object_get_data (G_OBJECT (row), "chooser");
  GtkWidget *box;
  GtkWidget *scroller;
  guint n;

  models = pw_provider_list_models_finish (PW_PROVIDER (source), result, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (row), TRUE);

  if (models == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_action_row_set_subtitle (row, error->message);
      return;
    }

  n = g_strv_length (models);
  {
    g_autofree char *subtitle = g_strdup_printf (ngettext ("Connected: %u model available",
                                                           "Connected: %u models available", n),
                                                 n);
    adw_action_row_set_subtitle (row, subtitle);
  }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (models[i]);

      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      g_signal_connect_object (button, "clicked", G_CALLBACK (model_chosen_cb), profile, 0);
      gtk_box_append (GTK_BOX (box), button);
    }
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_menu_button_set_popover (chooser, gtk_popover_new ());
  gtk_popover_set_child (gtk_menu_button_get_popover (chooser), scroller);
  gtk_widget_set_visible (GTK_WIDGET (chooser), n > 0);
}

static void
test_connection_cb (GtkButton    *button,
                    AdwActionRow *row)
{
  PwPreferencesWindow *self =
    PW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (row)));
  PwProfile *profile = g_object_get_data (G_OBJECT (row), "profile");
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = pw_profile_create_provider (profile, self->cancellable, &error);
  if (provider == NULL)
    {
      adw_action_row_set_subtitle (row, error->message);
      return;
    }

  adw_action_row_set_subtitle (row, _("Connecting…"));
  gtk_widget_set_sensitive (GTK_WIDGET (row), FALSE);
  pw_provider_list_models_async (provider, self->cancellable, models_listed_cb,
                                 g_object_ref (row));
}

static void
default_toggled_cb (GtkSwitch  *toggle,
                    GParamSpec *pspec,
                    PwProfile  *profile)
{
  PwPreferencesWindow *self =
    PW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (toggle)));

  pw_profile_set_default (gtk_switch_get_active (toggle) ? profile : NULL);
  rebuild_profiles (self, pw_profile_get_id (profile));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PwProfile        *profile)
{
  PwPreferencesWindow *self =
    PW_PREFERENCES_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;

  pw_secrets_clear_async (pw_profile_get_id (profile), NULL, NULL, NULL);
  if (!pw_profile_remove (profile, &error))
    add_toast (self, error->message);
  rebuild_profiles (self, NULL);
}

static void
remove_clicked_cb (GtkButton *button,
                   PwProfile *profile)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
  g_autofree char *name = pw_profile_dup_name (profile);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Remove Profile?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("“%s” and its stored API key will be removed."), name);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (remove_response_cb),
                         g_object_ref (profile), (GClosureNotify)(void (*)(void))g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
spin_row (const char *title,
          const char *subtitle,
          GSettings  *settings,
          const char *key,
          double      lower,
          double      upper,
          double      step,
          guint       digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);

  return row;
}

static GtkWidget *
entry_row (const char *title,
           GSettings  *settings,
           const char *key)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_settings_bind (settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);

  return row;
}

static GtkWidget *
build_profile_row (PwPreferencesWindow *self,
                   PwProfile           *profile)
{
  GSettings *settings = pw_profile_get_settings (profile);
  g_autoptr(PwProfile) default_profile = pw_profile_get_default ();
  g_autoptr(GtkStringList) kinds = NULL;
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *row;
  GtkWidget *widget;
  GtkWidget *chooser;

  g_object_set_data_full (G_OBJECT (expander), "profile", g_object_ref (profile), g_object_unref);
  g_settings_bind (settings, "name", expander, "title", G_SETTINGS_BIND_GET);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  g_signal_connect_object (settings, "changed", G_CALLBACK (profile_settings_changed_cb),
                           expander, G_CONNECT_SWAPPED);
  update_subtitle (ADW_EXPANDER_ROW (expander));

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), entry_row (_("Name"), settings, "name"));

  kinds = gtk_string_list_new (NULL);
  gtk_string_list_append (kinds, kind_label (PW_PROVIDER_KIND_OPENAI));
  gtk_string_list_append (kinds, kind_label (PW_PROVIDER_KIND_ANTHROPIC));
  gtk_string_list_append (kinds, kind_label (PW_PROVIDER_KIND_OLLAMA));
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Protocol"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (kinds));
  if (pw_profile_get_kind (profile) != PW_PROVIDER_KIND_OFFLINE)
    adw_combo_row_set_selected (ADW_COMBO_ROW (row), pw_profile_get_kind (profile) - 1);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (kind_selected_cb), profile, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            entry_row (_("Base URL"), settings, "base-url"));

  row = entry_row (_("Model"), settings, "model");
  chooser = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (chooser), "pan-down-symbolic");
  gtk_widget_set_tooltip_text (chooser, _("Choose a Model"));
  gtk_widget_set_valign (chooser, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (chooser, "flat");
  gtk_widget_set_visible (chooser, FALSE);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), chooser);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Connection"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Lists the server’s models"));
  g_object_set_data_full (G_OBJECT (row), "profile", g_object_ref (profile), g_object_unref);
  g_object_set_data (G_OBJECT (row), "chooser", chooser);
  widget = gtk_button_new_with_mnemonic (_("_Test Connection"));
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  g_signal_connect_object (widget, "clicked", G_CALLBACK (test_connection_cb), row, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("API Key"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect_object (row, "apply", G_CALLBACK (key_apply_cb), profile, 0);
  if (self->keys_unavailable != NULL)
    {
      gtk_widget_set_sensitive (row, FALSE);
      gtk_widget_set_tooltip_text (row, self->keys_unavailable);
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            spin_row (_("Temperature"), NULL, settings, "temperature",
                                      0, 2, 0.1, 1));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            spin_row (_("Maximum Output Tokens"), NULL, settings, "max-tokens",
                                      1, 1000000, 256, 0));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            spin_row (_("Input Price"), _("US dollars per million tokens"),
                                      settings, "input-price", 0, 100000, 0.05, 2));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                            spin_row (_("Output Price"), _("US dollars per million tokens"),
                                      settings, "output-price", 0, 100000, 0.05, 2));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Allow Plain HTTP"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Send the API key unencrypted to a server that is not on "
                                 "this computer"));
  widget = gtk_switch_new ();
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  g_settings_bind (settings, "allow-insecure", widget, "active", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Use for New Plans"));
  widget = gtk_switch_new ();
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (widget),
                         default_profile != NULL
                         && g_str_equal (pw_profile_get_id (default_profile),
                                         pw_profile_get_id (profile)));
  g_signal_connect_object (widget, "notify::active", G_CALLBACK (default_toggled_cb), profile, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Remove This Profile"));
  widget = gtk_button_new_with_mnemonic (_("_Remove"));
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (widget, "destructive-action");
  g_signal_connect_object (widget, "clicked", G_CALLBACK (remove_clicked_cb), profile, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);

  return expander;
}

static void
rebuild_profiles (PwPreferencesWindow *self,
                  const char          *expand_id)
{
  g_autoptr(GPtrArray) profiles = pw_profile_list ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->profiles_list))) != NULL)
    gtk_list_box_remove (self->profiles_list, child);

  for (guint i = 0; profiles != NULL && i < profiles->len; i++)
    {
      PwProfile *profile = g_ptr_array_index (profiles, i);
      GtkWidget *row = build_profile_row (self, profile);

      if (g_strcmp0 (expand_id, pw_profile_get_id (profile)) == 0)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      gtk_list_box_append (self->profiles_list, row);
    }

  if (profiles == NULL || profiles->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No profiles: plans are drafted offline"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->profiles_list, row);
    }
}

static PwProfile *
add_profile (PwPreferencesWindow *self,
             const char          *name,
             PwProviderKind       kind,
             const char          *base_url,
             const char          *model)
{
  g_autoptr(GError) error = NULL;
  PwProfile *profile;

  profile = pw_profile_create (name, kind, &error);
  if (profile == NULL)
    {
      add_toast (self, error->message);
      return NULL;
    }

  pw_profile_set_base_url (profile, base_url);
  if (model != NULL)
    pw_profile_set_model (profile, model);

  rebuild_profiles (self, pw_profile_get_id (profile));

  return profile;
}

static void
add_profile_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  PwPreferencesWindow *self = PW_PREFERENCES_WINDOW (widget);
  PwProviderKind kind = PW_PROVIDER_KIND_OPENAI;
  g_autoptr(PwProfile) profile = NULL;

  pw_provider_kind_from_string (g_variant_get_string (param, NULL), &kind);
  profile = add_profile (self, kind_label (kind), kind, default_base_url (kind), NULL);
}

static void
add_local_clicked_cb (GtkButton    *button,
                      AdwActionRow *row)
{
  PwPreferencesWindow *self =
    PW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (row)));
  PwLocalServer *server = g_object_get_data (G_OBJECT (row), "server");
  g_autoptr(PwProfile) profile = NULL;

  profile = add_profile (self, server->name, server->kind, server->base_url,
                         server->models != NULL ? server->models[0] : NULL);
  if (profile != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
}

static void
set_local_message (PwPreferencesWindow *self,
                   const char          *message)
{
  GtkWidget *child;
  GtkWidget *row;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->local_list))) != NULL)
    gtk_list_box_remove (self->local_list, child);

  if (message == NULL)
    return;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), message);
  gtk_list_box_append (self->local_list, row);
}

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PwPreferencesWindow) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = pw_local_servers_probe_finish (result, &error);
  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_local_message (self, error->message);
      return;
    }

  if (found->len == 0)
    {
      set_local_message (self, _("No model server is running on this computer"));
      return;
    }

  set_local_message (self, NULL);
  for (guint i = 0; i < found->len; i++)
    {
      PwLocalServer *server = g_ptr_array_index (found, i);
      guint n = server->models ? g_strv_length (server->models) : 0;
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%s · %u model", "%s · %u models", n),
                                                   server->base_url, n);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), server->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (row), "server", g_ptr_array_steal_index (found, i),
                              (GDestroyNotify)pw_local_server_free);
      g_ptr_array_insert (found, i, NULL);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect_object (button, "clicked", G_CALLBACK (add_local_clicked_cb), row, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->local_list, row);
    }
}

static void
probe_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  PwPreferencesWindow *self = PW_PREFERENCES_WINDOW (widget);

  set_local_message (self, _("Looking for servers…"));
  pw_local_servers_probe_async (NULL, 0, 1500, self->cancellable, probe_done_cb,
                                g_object_ref (self));
}

static void
check_keys_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  char *reason = NULL;

  if (pw_secrets_is_available (cancellable, &reason))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, reason ? reason : g_strdup (_("No keyring is available")),
                           g_free);
}

static void
check_keys_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PwPreferencesWindow *self = PW_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;
  char *reason = g_task_propagate_pointer (G_TASK (result), &error);

  if (error != NULL)
    return;

  self->keys_checked = TRUE;
  g_free (self->keys_unavailable);
  self->keys_unavailable = reason;

  if (reason == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->keys_row),
                                     _("Keys are kept in the keyring"));
      adw_action_row_set_subtitle (self->keys_row,
                                   _("OPENAI_API_KEY, ANTHROPIC_API_KEY and PLANWRIGHT_API_KEY "
                                     "in the environment take precedence."));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->keys_row),
                                     _("Keys cannot be stored on this computer"));
      {
        g_autofree char *subtitle =
          g_strdup_printf (_("%s Set OPENAI_API_KEY, ANTHROPIC_API_KEY or PLANWRIGHT_API_KEY "
                             "in the environment instead."), reason);
        adw_action_row_set_subtitle (self->keys_row, subtitle);
      }
    }

  rebuild_profiles (self, NULL);
}

static void
pw_preferences_window_dispose (GObject *object)
{
  PwPreferencesWindow *self = (PwPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->keys_unavailable, g_free);

  G_OBJECT_CLASS (pw_preferences_window_parent_class)->dispose (object);
}

static void
pw_preferences_window_class_init (PwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, profiles_list);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, local_list);
  gtk_widget_class_bind_template_child (widget_class, PwPreferencesWindow, keys_row);

  gtk_widget_class_install_action (widget_class, "prefs.add-profile", "s", add_profile_action);
  gtk_widget_class_install_action (widget_class, "prefs.probe", NULL, probe_action);
}

static void
pw_preferences_window_init (PwPreferencesWindow *self)
{
  g_autoptr(GTask) task = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  rebuild_profiles (self, NULL);

  task = g_task_new (self, self->cancellable, check_keys_cb, NULL);
  g_task_run_in_thread (task, check_keys_thread);

  probe_action (GTK_WIDGET (self), NULL, NULL);
}

GtkWidget *
pw_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (PW_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}
