/* test-application.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>

#include "pw-application.h"
#include "pw-window.h"
#include "pw-test-ui.h"

/* The widest screen the shortcuts window must fit (issue 12). */
#define SCREEN_WIDTH 1280

static PwApplication *app;

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type) && gtk_widget_get_visible (GTK_WIDGET (item)))
        return GTK_WINDOW (item);
    }

  return NULL;
}

static void
collect_shortcuts (GtkWidget *widget,
                   GPtrArray *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, out);
}

/* Opens the shortcuts window of a new main window; returns its entries. */
static GPtrArray *
show_shortcuts (PwWindow   **window_out,
                GtkWindow  **shortcuts_out)
{
  PwWindow *window = pw_window_new (ADW_APPLICATION (app));
  GPtrArray *entries = g_ptr_array_new ();
  GtkWindow *shortcuts;

  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  collect_shortcuts (GTK_WIDGET (shortcuts), entries);
  *window_out = window;
  *shortcuts_out = shortcuts;

  return entries;
}

/* Every entry shows its keys, those named by an action too. */
static void
test_shortcuts_show_keys (void)
{
  g_autoptr(GPtrArray) entries = NULL;
  PwWindow *window;
  GtkWindow *shortcuts;

  entries = show_shortcuts (&window, &shortcuts);
  g_assert_cmpuint (entries->len, >, 20);
  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;

      g_object_get (entries->pdata[i], "title", &title, "accelerator", &accelerator, NULL);
      if (accelerator == NULL || accelerator[0] == '\0')
        g_error ("“%s” shows no keys", title);
    }

  gtk_window_destroy (shortcuts);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In English and in Polish the shortcuts window fits a 1280 px screen. */
static void
test_shortcuts_fit (gconstpointer data)
{
  const char *language = data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *localedir = g_build_filename (g_getenv ("PW_BUILD_ROOT"), "po", NULL);
  PwWindow *window;
  GtkWindow *shortcuts;
  int minimum, natural;

  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (g_str_equal (language, "pl"))
    g_assert_cmpstr (_("Quit"), !=, "Quit");

  entries = show_shortcuts (&window, &shortcuts);
  gtk_widget_measure (GTK_WIDGET (shortcuts), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, &natural, NULL, NULL);
  {
    g_autofree char *title = NULL;

    g_object_get (entries->pdata[entries->len - 1], "title", &title, NULL);
    g_test_message ("%s: %d px wide (minimum %d), “%s”", language, natural, minimum, title);
  }
  g_assert_cmpint (natural, <=, SCREEN_WIDTH);

  gtk_window_destroy (shortcuts);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gtk_source_init ();

  app = pw_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/pw/application/shortcuts-show-keys", test_shortcuts_show_keys);
  g_test_add_data_func ("/pw/application/shortcuts-fit/en", "en", test_shortcuts_fit);
  g_test_add_data_func ("/pw/application/shortcuts-fit/pl", "pl", test_shortcuts_fit);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
