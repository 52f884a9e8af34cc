/* pw-preferences-window.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-handoff-prefs.h"
#include "pw-local-servers.h"
#include "pw-preferences-window.h"
#include "pw-profile-row.h"
#include "pw-secrets.h"
#include "pw-toast.h"
#include "pw-ui-utils.h"

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
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), pw_toast_new (message));
}

static void
profiles_changed_cb (PwPreferencesWindow *self,
                     const char          *expand_id)
{
  g_autofree char *id = g_strdup (expand_id);

  /* The row that asked is among those about to go. */
  rebuild_profiles (self, id);
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
      GtkWidget *row = pw_profile_row_new (profile, self->keys_unavailable);

      g_signal_connect_object (row, "profiles-changed", G_CALLBACK (profiles_changed_cb), self,
                               G_CONNECT_SWAPPED);

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
  profile = add_profile (self, pw_profile_kind_label (kind), kind, default_base_url (kind), NULL);
}

static void
add_local_clicked_cb (GtkButton     *button,
                      PwLocalServer *server)
{
  PwPreferencesWindow *self =
    PW_PREFERENCES_WINDOW (gtk_widget_get_root (GTK_WIDGET (button)));
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
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* The button's handler owns the server it adds. */
      g_signal_connect_data (button, "clicked", G_CALLBACK (add_local_clicked_cb),
                             g_ptr_array_steal_index (found, i),
                             (GClosureNotify) (void (*) (void)) pw_local_server_free, 0);
      g_ptr_array_insert (found, i, NULL);
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

  g_type_ensure (PW_TYPE_HANDOFF_PREFS);
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
  GtkWidget *self = g_object_new (PW_TYPE_PREFERENCES_WINDOW,
                                  "transient-for", parent,
                                  "modal", TRUE,
                                  NULL);

  pw_dialog_fit_parent (GTK_WINDOW (self), parent);
  return self;
}
