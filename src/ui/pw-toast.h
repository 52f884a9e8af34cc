/* pw-toast.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *pw_toast_new (const char *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
