/* pw-provider-anthropic.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-http-provider.h"

G_BEGIN_DECLS

#define PW_TYPE_PROVIDER_ANTHROPIC (pw_provider_anthropic_get_type ())

G_DECLARE_FINAL_TYPE (PwProviderAnthropic, pw_provider_anthropic, PW, PROVIDER_ANTHROPIC, PwHttpProvider)

PwProvider *pw_provider_anthropic_new (const PwProviderOptions *options) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
