/* pw-profile-row.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-profile.h"

G_BEGIN_DECLS

#define PW_TYPE_PROFILE_ROW (pw_profile_row_get_type ())

G_DECLARE_FINAL_TYPE (PwProfileRow, pw_profile_row, PW, PROFILE_ROW, AdwExpanderRow)

/* One provider profile in the preferences: an expander whose rows bind
 * straight to the profile's GSettings. The API key goes to the keyring and
 * is never shown again. When the set of profiles or the default one changes,
 * the row emits PwProfileRow::profiles-changed for its list to be rebuilt. */
GtkWidget  *pw_profile_row_new         (PwProfile      *profile,
                                        const char     *keys_unavailable) G_GNUC_WARN_UNUSED_RESULT;
PwProfile  *pw_profile_row_get_profile (PwProfileRow   *self);
const char *pw_profile_row_get_key_state (PwProfileRow *self);
const char *pw_profile_kind_label      (PwProviderKind  kind);

G_END_DECLS
