/* pw-diff-view.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PW_TYPE_DIFF_VIEW (pw_diff_view_get_type ())

G_DECLARE_FINAL_TYPE (PwDiffView, pw_diff_view, PW, DIFF_VIEW, GtkWidget)

/* A read-only line diff of two texts (pw-diff.h): removed lines on a red
 * tint with "−", added on green with "+", line numbers of both sides, a
 * summary ("3 added, 1 removed") and buttons to move between changes. */
GtkWidget *pw_diff_view_new        (void) G_GNUC_WARN_UNUSED_RESULT;
void       pw_diff_view_set_texts  (PwDiffView *self,
                                    const char *old_text,
                                    const char *new_text);
guint      pw_diff_view_get_n_added   (PwDiffView *self);
guint      pw_diff_view_get_n_removed (PwDiffView *self);
const char *pw_diff_view_get_summary  (PwDiffView *self);
/* Moving between runs of changed lines (Alt+↓, Alt+↑); the summary then
 * says which change is shown. */
guint      pw_diff_view_get_n_changes       (PwDiffView *self);
gint       pw_diff_view_get_current_change  (PwDiffView *self);
gboolean   pw_diff_view_next_change         (PwDiffView *self);
gboolean   pw_diff_view_previous_change     (PwDiffView *self);

G_END_DECLS
