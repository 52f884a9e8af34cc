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

G_BEGIN_DECLS

GtkWindow *pw_test_find_toplevel (GType       type);
GtkWidget *pw_test_find_type     (GtkWidget  *widget,
                                  GType       type);
GtkWidget *pw_test_find_button   (GtkWidget  *widget,
                                  const char *label);
void       pw_test_set_language  (const char *language);

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
