/* pw-history-window.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-history-window.h"

/* STUB: to be written. */

struct _PwHistoryWindow
{
  AdwWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (PwHistoryWindow, pw_history_window, ADW_TYPE_WINDOW)

static void pw_history_window_class_init (PwHistoryWindowClass *klass) { }
static void pw_history_window_init (PwHistoryWindow *self) { }
PwHistoryWindow *pw_history_window_new (GtkWindow *parent, GFile *repository)
{ return g_object_new (PW_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL); }
guint pw_history_window_get_n_entries (PwHistoryWindow *self) { return 0; }
void pw_history_window_compare (PwHistoryWindow *self, guint a, guint b) { }
