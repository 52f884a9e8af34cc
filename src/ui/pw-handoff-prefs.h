/* pw-handoff-prefs.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PW_TYPE_HANDOFF_PREFS (pw_handoff_prefs_get_type ())

G_DECLARE_FINAL_TYPE (PwHandoffPrefs, pw_handoff_prefs, PW, HANDOFF_PREFS, AdwPreferencesGroup)

G_END_DECLS
