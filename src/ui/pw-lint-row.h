/* pw-lint-row.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "pw-lint.h"

G_BEGIN_DECLS

#define PW_TYPE_LINT_ROW (pw_lint_row_get_type ())

G_DECLARE_FINAL_TYPE (PwLintRow, pw_lint_row, PW, LINT_ROW, GtkWidget)

/* One issue of a PwLintList: the severity's icon, the message and where. */
GtkWidget *pw_lint_row_new       (void) G_GNUC_WARN_UNUSED_RESULT;
void       pw_lint_row_set_issue (PwLintRow         *self,
                                  const PwLintIssue *issue);

G_END_DECLS
