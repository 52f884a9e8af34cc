/* pw-ui-utils.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void pw_dialog_fit_parent (GtkWindow *dialog,
                           GtkWindow *parent);

G_END_DECLS
