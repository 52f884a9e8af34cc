/* pw-handoff-dialog.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-types.h"

G_BEGIN_DECLS

#define PW_TYPE_HANDOFF_DIALOG (pw_handoff_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PwHandoffDialog, pw_handoff_dialog, PW, HANDOFF_DIALOG, AdwWindow)

PwHandoffDialog *pw_handoff_dialog_new         (GtkWindow       *parent,
                                                PwWorkspace     *workspace,
                                                PwPlan          *plan,
                                                const char      *plan_path) G_GNUC_WARN_UNUSED_RESULT;
const char      *pw_handoff_dialog_get_prompt  (PwHandoffDialog *self);
const char      *pw_handoff_dialog_get_problem (PwHandoffDialog *self);
gboolean         pw_handoff_dialog_get_running (PwHandoffDialog *self);

G_END_DECLS
