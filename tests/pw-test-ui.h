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
