/* pw-walkthrough-window.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-walkthrough-window.h"

/* STUB: to be written. */

struct _PwWalkthroughWindow
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (PwWalkthroughWindow, pw_walkthrough_window, ADW_TYPE_WINDOW)

static void pw_walkthrough_window_class_init (PwWalkthroughWindowClass *klass) { }
static void pw_walkthrough_window_init (PwWalkthroughWindow *self) { }
PwWalkthroughWindow *pw_walkthrough_window_new (GtkWindow *parent, PwPlan *plan)
{ return g_object_new (PW_TYPE_WALKTHROUGH_WINDOW, "transient-for", parent, NULL); }
guint pw_walkthrough_window_get_step (PwWalkthroughWindow *self) { return 0; }
void pw_walkthrough_window_set_step (PwWalkthroughWindow *self, guint step) { }
guint pw_walkthrough_window_get_zoom (PwWalkthroughWindow *self) { return 100; }
void pw_walkthrough_window_set_zoom (PwWalkthroughWindow *self, guint zoom) { }
