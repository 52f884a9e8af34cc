/* pw-secrets.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "pw-provider.h"

G_BEGIN_DECLS

#define PW_SECRETS_ERROR (pw_secrets_error_quark ())

/**
 * PwSecretsError:
 * @PW_SECRETS_ERROR_UNAVAILABLE: no Secret Service answers (no session bus,
 *   no keyring daemon); environment variables still work
 * @PW_SECRETS_ERROR_FAILED: the Secret Service refused the operation
 */
typedef enum
{
  PW_SECRETS_ERROR_UNAVAILABLE,
  PW_SECRETS_ERROR_FAILED,
} PwSecretsError;

/* The libsecret schema: "io.github.planwright.Planwright.ApiKey", with the
 * one attribute "profile" holding the profile id. */
#define PW_SECRETS_SCHEMA_NAME "io.github.planwright.Planwright.ApiKey"

GQuark              pw_secrets_error_quark   (void);
const SecretSchema *pw_secrets_get_schema    (void);
const char         *pw_secrets_get_env_key   (PwProviderKind       kind,
                                              const char         **variable);
gboolean            pw_secrets_is_available  (GCancellable        *cancellable,
                                              char               **reason);
void                pw_secrets_lookup_async  (const char          *profile_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char               *pw_secrets_lookup_finish (GAsyncResult        *result,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
char               *pw_secrets_lookup_sync   (const char          *profile_id,
                                              GCancellable        *cancellable,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void                pw_secrets_store_async   (const char          *profile_id,
                                              const char          *profile_name,
                                              const char          *api_key,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean            pw_secrets_store_finish  (GAsyncResult        *result,
                                              GError             **error);
void                pw_secrets_clear_async   (const char          *profile_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean            pw_secrets_clear_finish  (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
