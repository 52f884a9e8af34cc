/* pw-lint-list.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PW_TYPE_LINT_LIST (pw_lint_list_get_type ())

G_DECLARE_FINAL_TYPE (PwLintList, pw_lint_list, PW, LINT_LIST, GtkWidget)

/* The lint results of a plan (pw-lint.h) in a recycling list: an icon for
 * the severity, the message and its line; "No problems found" when there
 * are none. Rows exist only while the list is on screen, and only for the
 * issues in sight, so a plan with a thousand warnings costs nothing hidden.
 * Activating an issue emits PwLintList::issue-activated (guint line). */
GtkWidget  *pw_lint_list_new          (void) G_GNUC_WARN_UNUSED_RESULT;
void        pw_lint_list_set_issues   (PwLintList *self,
                                       GPtrArray  *issues);
GListModel *pw_lint_list_get_model    (PwLintList *self);
void        pw_lint_list_activate     (PwLintList *self,
                                       guint       position);

G_END_DECLS
