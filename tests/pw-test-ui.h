/* pw-test-ui.h: helpers shared by the widget tests.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget tests link the test library through pw_test_ui_dep, which adds
 * GTK and the helpers below (pw-test-ui.c): finding widgets and windows the
 * way a person would see them, and switching the language. The helpers that
 * need no GTK (a scratch copy of the example, waiting on the main loop) live
 * in pw-test-utils.c.
 */

#pragma once

#include <gtk/gtk.h>

#include "pw-test-utils.h"
#include "pw-window.h"

G_BEGIN_DECLS

GtkWindow *pw_test_find_toplevel (GType       type);
GtkWidget *pw_test_find_type     (GtkWidget  *widget,
                                  GType       type);
GtkWidget *pw_test_find_button   (GtkWidget  *widget,
                                  const char *label);
void       pw_test_set_language  (const char *language);
gboolean   pw_test_pane_loaded   (gpointer    pane);
PwWindow  *pw_test_open_window   (const char *dir);

G_END_DECLS

/* Runs the main loop for @ms milliseconds. */
static inline void
pw_test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* Adds the widgets of @type under @widget (itself included) to @out. */
static inline void
pw_test_collect (GtkWidget *widget,
                 GType      type,
                 GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    pw_test_collect (child, type, out);
}

/* Whether @widget is a plain button (not a row, a switcher or a menu
 * button's inner toggle) that shows no words of its own. */
static inline gboolean
pw_test_is_unlabelled_button (GtkWidget *widget)
{
  GType type = G_OBJECT_TYPE (widget);
  const char *label = NULL;

  if (type == GTK_TYPE_MENU_BUTTON)
    return gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL;
  else if ((type == GTK_TYPE_BUTTON || type == GTK_TYPE_TOGGLE_BUTTON)
           && gtk_widget_get_ancestor (widget, GTK_TYPE_MENU_BUTTON) == NULL)
    label = gtk_button_get_label (GTK_BUTTON (widget));
  else
    return FALSE;

  if (label == NULL && pw_test_find_type (widget, GTK_TYPE_LABEL) != NULL)
    label = gtk_label_get_text (GTK_LABEL (pw_test_find_type (widget, GTK_TYPE_LABEL)));
  /* A count beside an icon is no name either. */
  for (const char *p = label; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* Asserts that every button shown under @root that has no text label
 * (an icon, say) has an accessible name, so a screen reader does not read
 * out its class. */
static inline void
pw_test_assert_buttons_named (GtkWidget *root)
{
  g_autoptr(GPtrArray) widgets = g_ptr_array_new ();
  guint unnamed = 0;

  pw_test_collect (root, GTK_TYPE_WIDGET, widgets);
  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *widget = widgets->pdata[i];

      if (!gtk_widget_get_mapped (widget) || !pw_test_is_unlabelled_button (widget)
          || gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                               GTK_ACCESSIBLE_PROPERTY_LABEL))
        continue;
      g_printerr ("unnamed %s (tooltip “%s”)\n", G_OBJECT_TYPE_NAME (widget),
                  gtk_widget_get_tooltip_text (widget));
      unnamed++;
    }
  g_assert_cmpuint (unnamed, ==, 0);
}
