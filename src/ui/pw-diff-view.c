/* pw-diff-view.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-diff-view.h"

/* STUB: to be written. */

struct _PwDiffView
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (PwDiffView, pw_diff_view, GTK_TYPE_WIDGET)

static void pw_diff_view_class_init (PwDiffViewClass *klass) { }
static void pw_diff_view_init (PwDiffView *self) { }
GtkWidget *pw_diff_view_new (void) { return g_object_new (PW_TYPE_DIFF_VIEW, NULL); }
void pw_diff_view_set_texts (PwDiffView *self, const char *old_text, const char *new_text) { }
guint pw_diff_view_get_n_added (PwDiffView *self) { return 0; }
guint pw_diff_view_get_n_removed (PwDiffView *self) { return 0; }
