/* pw-test-ui.c: helpers shared by the widget tests.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pw-input-pane.h"
#include "pw-test-ui.h"

/**
 * pw_test_find_toplevel:
 *
 * Returns: (nullable): the first visible toplevel of @type
 */
GtkWindow *
pw_test_find_toplevel (GType type)
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

static GtkWidget *
find_first (GtkWidget  *widget,
            GType       type,
            const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type)
      && (label == NULL || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_first (child, type, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/**
 * pw_test_find_type:
 *
 * Returns: (nullable): @widget or its first descendant of @type, depth first
 */
GtkWidget *
pw_test_find_type (GtkWidget *widget,
                   GType      type)
{
  return find_first (widget, type, NULL);
}

/**
 * pw_test_find_button:
 *
 * Returns: (nullable): the first button under @widget labelled @label
 */
GtkWidget *
pw_test_find_button (GtkWidget  *widget,
                     const char *label)
{
  return find_first (widget, GTK_TYPE_BUTTON, label);
}

/**
 * pw_test_set_language:
 * @language: (nullable): a LANGUAGE value such as "pl", or %NULL for the
 *   test environment's own (C.UTF-8: English)
 *
 * Switches the messages to @language, read from the catalogues compiled in
 * the build tree.
 */
void
pw_test_set_language (const char *language)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("PW_BUILD_ROOT"), "po", NULL);

  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  /* Setting the locale again also empties gettext's cache. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * pw_test_pane_loaded:
 * @pane: a #PwInputPane
 *
 * For pw_test_wait_until().
 *
 * Returns: whether the pane shows a document that has been read
 */
gboolean
pw_test_pane_loaded (gpointer pane)
{
  PwDocument *doc = pw_input_pane_get_document (pane);

  return doc != NULL && pw_document_get_loaded (doc);
}

/**
 * pw_test_open_window:
 * @dir: a repository
 *
 * Returns: (transfer none): a new main window, shown, with @dir opened (its
 *   documents may still be loading)
 */
PwWindow *
pw_test_open_window (const char *dir)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  PwWindow *window = g_object_new (PW_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (pw_window_open (window, folder, &error));
  g_assert_no_error (error);

  return window;
}
