/* test-application.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "pw-application.h"
#include "pw-window.h"
#include "pw-test-ui.h"

/* The smallest screen the shortcuts window must fit (issue 12). */
#define SCREEN_WIDTH 800
#define SCREEN_HEIGHT 600

static PwApplication *app;

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
  shortcuts = pw_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  collect_shortcuts (GTK_WIDGET (shortcuts), entries);
  *window_out = window;
  *shortcuts_out = shortcuts;

  return entries;
}

/* Every entry shows its keys, those named by an action too; the window
 * has a title. */
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
  /* A window without a title is read out by its class. */
  g_assert_cmpstr (gtk_window_get_title (shortcuts), ==, "Keyboard Shortcuts");

  gtk_window_destroy (shortcuts);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In English and in Polish the shortcuts window fits an 800×600 screen:
 * each section shows one column. */
static void
test_shortcuts_fit (gconstpointer data)
{
  const char *language = data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *title = NULL;
  PwWindow *window;
  GtkWindow *shortcuts;
  int width, height;

  pw_test_set_language (language);
  if (g_str_equal (language, "pl"))
    g_assert_cmpstr (_("Quit"), !=, "Quit");

  entries = show_shortcuts (&window, &shortcuts);
  gtk_widget_measure (GTK_WIDGET (shortcuts), GTK_ORIENTATION_HORIZONTAL, -1,
                      NULL, &width, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (shortcuts), GTK_ORIENTATION_VERTICAL, width,
                      NULL, &height, NULL, NULL);
  g_object_get (entries->pdata[entries->len - 1], "title", &title, NULL);
  g_test_message ("%s: %d × %d px, “%s”", language, width, height, title);
  g_assert_cmpint (width, <=, SCREEN_WIDTH);
  g_assert_cmpint (height, <=, SCREEN_HEIGHT);

  gtk_window_destroy (shortcuts);
  gtk_window_destroy (GTK_WINDOW (window));
  pw_test_set_language (NULL);
}

static gboolean
window_opened (gpointer data)
{
  return pw_window_get_workspace (data) != NULL;
}

/* In English and in Polish the main window, with a repository open, fits
 * an 800 px wide screen. */
static void
test_window_fits (gconstpointer data)
{
  const char *language = data;
  g_autofree char *dir = pw_test_copy_example ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  PwWindow *window;
  int minimum;

  pw_test_set_language (language);

  window = pw_window_new (ADW_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  pw_window_open_async (window, folder, NULL, NULL, NULL);
  pw_test_wait_until (window_opened, window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                      NULL, NULL);
  g_test_message ("%s: at least %d px wide", language, minimum);
  g_assert_cmpint (minimum, <=, 800);

  gtk_window_destroy (GTK_WINDOW (window));
  pw_test_set_language (NULL);
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
  g_test_add_data_func ("/pw/application/window-fits/en", "en", test_window_fits);
  g_test_add_data_func ("/pw/application/window-fits/pl", "pl", test_window_fits);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
