/* pw-provider-openai.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-http-provider.h"

G_BEGIN_DECLS

#define PW_TYPE_PROVIDER_OPENAI (pw_provider_openai_get_type ())

G_DECLARE_FINAL_TYPE (PwProviderOpenAI, pw_provider_openai, PW, PROVIDER_OPENAI, PwHttpProvider)

PwProvider *pw_provider_openai_new (const PwProviderOptions *options) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
