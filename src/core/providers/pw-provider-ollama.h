/* pw-provider-ollama.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-http-provider.h"

G_BEGIN_DECLS

#define PW_TYPE_PROVIDER_OLLAMA (pw_provider_ollama_get_type ())

G_DECLARE_FINAL_TYPE (PwProviderOllama, pw_provider_ollama, PW, PROVIDER_OLLAMA, PwHttpProvider)

PwProvider *pw_provider_ollama_new (const PwProviderOptions *options) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
