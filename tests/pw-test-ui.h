/* pw-test-ui.h: helpers shared by the widget tests.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget tests link the test library through pw_test_ui_dep, which adds
 * GTK; the helpers they use so far (a scratch copy of the example, waiting
 * on the main loop) need no GTK and live in pw-test-utils.c.
 */

#pragma once

#include <gtk/gtk.h>

#include "pw-test-utils.h"

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

/* The visible toplevel of @type, or NULL. */
static inline GtkWindow *
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
