/* pw-input-pane.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "pw-document.h"

G_BEGIN_DECLS

#define PW_TYPE_INPUT_PANE (pw_input_pane_get_type ())

G_DECLARE_FINAL_TYPE (PwInputPane, pw_input_pane, PW, INPUT_PANE, AdwBin)

GtkWidget      *pw_input_pane_new           (PwDocumentRole  role) G_GNUC_WARN_UNUSED_RESULT;
PwDocumentRole  pw_input_pane_get_role      (PwInputPane    *self);
void            pw_input_pane_set_documents (PwInputPane    *self,
                                             GPtrArray      *documents,
                                             PwDocument     *selected);
PwDocument     *pw_input_pane_get_document  (PwInputPane    *self);
gboolean        pw_input_pane_get_modified  (PwInputPane    *self);
GtkSourceView  *pw_input_pane_get_view      (PwInputPane    *self);
void            pw_input_pane_focus_search  (PwInputPane    *self);
const char     *pw_input_pane_get_search_status (PwInputPane *self);

G_END_DECLS
