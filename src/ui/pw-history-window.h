/* pw-history-window.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "pw-diff-view.h"

G_BEGIN_DECLS

#define PW_TYPE_HISTORY_WINDOW (pw_history_window_get_type ())

G_DECLARE_FINAL_TYPE (PwHistoryWindow, pw_history_window, PW, HISTORY_WINDOW, AdwWindow)

/* The generations recorded for a repository (pw-history.h), newest first:
 * time, template, subject, model, tokens, how it ended. Open emits
 * PwHistoryWindow::open-entry (JsonObject *entry); selecting two entries and
 * Compare shows a PwDiffView of their answers. */
PwHistoryWindow *pw_history_window_new       (GtkWindow       *parent,
                                              GFile           *repository) G_GNUC_WARN_UNUSED_RESULT;
guint            pw_history_window_get_n_entries (PwHistoryWindow *self);
/* Compares entries @a and @b (0 = newest) as the Compare button would. */
void             pw_history_window_compare   (PwHistoryWindow *self,
                                              guint            a,
                                              guint            b);
void             pw_history_window_select    (PwHistoryWindow *self,
                                              guint            row);
const char      *pw_history_window_get_error (PwHistoryWindow *self);
PwDiffView      *pw_history_window_get_diff_view (PwHistoryWindow *self);
/* "list", "empty", "error" or "compare". */
const char      *pw_history_window_get_page  (PwHistoryWindow *self);

G_END_DECLS
