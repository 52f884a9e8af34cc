/* pw-application.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-application"

#include "config.h"

#include <glib/gi18n.h>
#ifdef HAVE_MALLOPT
#include <malloc.h>
#endif

#include "pw-application.h"
#include "pw-preferences-window.h"
#include "pw-window.h"

struct _PwApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (PwApplication, pw_application, ADW_TYPE_APPLICATION)

static PwWindow *
new_window (PwApplication *self)
{
  PwWindow *window = pw_window_new (ADW_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (window));

  return window;
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  new_window (PW_APPLICATION (user_data));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Each window asks about its own unsaved documents; the application
   * ends when the last one is gone. */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The Planwright authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (parent,
                         "application-name", _("Planwright"),
                         "application-icon", SCHEMA_ID,
                         "developer-name", _("The Planwright authors"),
                         "version", PACKAGE_VERSION,
                         "website", "https://github.com/planwright/planwright",
                         "issue-url", "https://github.com/planwright/planwright/issues",
                         "comments", _("Turn a repository’s planning documents into "
                                       "implementation plans, step by step."),
                         "developers", developers,
                         "copyright", "© 2026 The Planwright authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (pw_preferences_window_new (parent)));
}

/* The shortcuts window is built when asked for, not with every window as
 * GtkApplication does for gtk/help-overlay.ui: it is a large template and
 * start-up should not pay for it. It becomes the window's help overlay, the
 * only way a GtkShortcutsWindow learns the application's accelerators for
 * the entries that name an action. */
static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkShortcutsWindow *shortcuts = NULL;

  if (GTK_IS_APPLICATION_WINDOW (parent))
    shortcuts = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (parent));
  if (shortcuts == NULL)
    {
      builder = gtk_builder_new_from_resource (PW_RESOURCE_PATH "/ui/help-overlay.ui");
      shortcuts = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      if (GTK_IS_APPLICATION_WINDOW (parent))
        gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (parent), shortcuts);
      else
        gtk_window_set_transient_for (GTK_WINDOW (shortcuts), parent);
    }
  gtk_window_present (GTK_WINDOW (shortcuts));
}

static const GActionEntry app_actions[] = {
  { "new-window", new_window_action },
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
};

static void
pw_application_startup (GApplication *application)
{
  PwApplication *self = PW_APPLICATION (application);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.new-window", { "<Control><Shift>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.save-all", { "<Control><Shift>s", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.new-plan", { "<Control>n", NULL } },
    { "win.export-plan", { "<Control>e", NULL } },
    { "win.walkthrough", { "F5", NULL } },
    { "win.history", { "<Control>h", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
  };

#ifdef HAVE_MALLOPT
  /* glibc raises its mmap threshold each time a large block is freed, up to
   * 32 MiB, so after the first frames every big temporary buffer (images
   * rendered for upload, file contents, font and layout scratch space) is
   * carved from the heap, and once freed stays resident there. Keeping the
   * threshold at glibc's initial 128 KiB gives those blocks back when they
   * are freed: about 10 MiB less resident memory once the window is up,
   * for the same work. */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
#endif

  G_APPLICATION_CLASS (pw_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  self->settings = g_settings_new (SCHEMA_ID);
  g_action_map_add_action (G_ACTION_MAP (self),
                           g_settings_create_action (self->settings, "wrap-text"));
  g_action_map_add_action (G_ACTION_MAP (self),
                           g_settings_create_action (self->settings, "show-line-numbers"));

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
}

static void
pw_application_activate (GApplication *application)
{
  new_window (PW_APPLICATION (application));
}

static void
pw_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      /* Presented after opening: only what it shows is built and mapped. */
      pw_window_open_file (pw_window_new (ADW_APPLICATION (application)), files[i]);
    }
}

static void
pw_application_dispose (GObject *object)
{
  PwApplication *self = (PwApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pw_application_parent_class)->dispose (object);
}

static void
pw_application_class_init (PwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = pw_application_dispose;
  app_class->startup = pw_application_startup;
  app_class->activate = pw_application_activate;
  app_class->open = pw_application_open;
}

static void
pw_application_init (PwApplication *self)
{
}

PwApplication *
pw_application_new (void)
{
  return g_object_new (PW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", PW_RESOURCE_PATH,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
