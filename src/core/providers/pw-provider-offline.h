/* pw-provider-offline.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-provider.h"

G_BEGIN_DECLS

#define PW_TYPE_PROVIDER_OFFLINE (pw_provider_offline_get_type ())

G_DECLARE_FINAL_TYPE (PwProviderOffline, pw_provider_offline, PW, PROVIDER_OFFLINE, GObject)

PwProvider *pw_provider_offline_new (const PwProviderOptions *options) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS

G_BEGIN_DECLS

char *pw_offline_draft_build (PwGeneration *generation) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
