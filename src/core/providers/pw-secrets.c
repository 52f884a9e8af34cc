/* pw-secrets.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-secrets"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-secrets.h"

/* API keys live in the Secret Service (GNOME Keyring, KWallet…) under our
 * schema, keyed by profile id, never in GSettings.  Environment variables
 * override the keyring, and without a Secret Service they are the only
 * source; pw_secrets_is_available() tells the UI why a key cannot be
 * stored.  Nothing here logs a key.
 */

G_DEFINE_QUARK (pw-secrets-error-quark, pw_secrets_error)

/**
 * pw_secrets_get_schema:
 *
 * Returns: (transfer none): the libsecret schema for API keys
 */
const SecretSchema *
pw_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    PW_SECRETS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/**
 * pw_secrets_get_env_key:
 * @kind: the provider kind
 * @variable: (out) (optional): the name of the variable that held the key
 *
 * PLANWRIGHT_API_KEY wins over the provider's own variable
 * (OPENAI_API_KEY, ANTHROPIC_API_KEY, or OLLAMA_API_KEY for Ollama's cloud).
 *
 * Returns: (nullable): the key from the environment
 */
const char *
pw_secrets_get_env_key (PwProviderKind   kind,
                        const char     **variable)
{
  const char *names[2] = { "PLANWRIGHT_API_KEY", NULL };

  switch (kind)
    {
    case PW_PROVIDER_KIND_OPENAI:
      names[1] = "OPENAI_API_KEY";
      break;
    case PW_PROVIDER_KIND_ANTHROPIC:
      names[1] = "ANTHROPIC_API_KEY";
      break;
    case PW_PROVIDER_KIND_OLLAMA:
      names[1] = "OLLAMA_API_KEY";
      break;
    case PW_PROVIDER_KIND_OFFLINE:
    default:
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = names[i] != NULL ? g_getenv (names[i]) : NULL;

      if (value != NULL && *value != '\0')
        {
          if (variable != NULL)
            *variable = names[i];
          return value;
        }
    }

  return NULL;
}

/* Without either variable GDBus would try to autolaunch a bus, which on a
 * headless machine fails slowly or not at all. */
static gboolean
no_session_bus (void)
{
  return g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL && g_getenv ("XDG_RUNTIME_DIR") == NULL;
}

static GError *
no_session_bus_error (void)
{
  return g_error_new_literal (PW_SECRETS_ERROR, PW_SECRETS_ERROR_UNAVAILABLE,
                              _("There is no session bus, so no keyring can store API keys; set "
                                "an environment variable such as PLANWRIGHT_API_KEY instead."));
}

/* A task for one Secret Service call, or %NULL when there is no session
 * bus to make it on: the task has then already failed. */
static GTask *
new_task (gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (!no_session_bus ())
    return task;

  g_task_return_error (task, no_session_bus_error ());
  g_object_unref (task);
  return NULL;
}

static GError *
wrap_error (GError *error)
{
  GError *wrapped;

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  /* No bus, no service or no collection: all mean "not available here". */
  wrapped = g_error_new (PW_SECRETS_ERROR,
                         error->domain == G_DBUS_ERROR || error->domain == G_IO_ERROR
                         ? PW_SECRETS_ERROR_UNAVAILABLE : PW_SECRETS_ERROR_FAILED,
                         _("The keyring (Secret Service) is not available: %s"), error->message);
  g_error_free (error);

  return wrapped;
}

/**
 * pw_secrets_is_available:
 * @reason: (out) (optional) (transfer full): why not, as a sentence
 *
 * Connects to the Secret Service once.  Blocks; the UI calls it from a
 * thread or at start-up.
 *
 * Returns: %TRUE if keys can be stored
 */
gboolean
pw_secrets_is_available (GCancellable  *cancellable,
                         char         **reason)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;

  if (no_session_bus ())
    {
      if (reason != NULL)
        {
          error = no_session_bus_error ();
          *reason = g_strdup (error->message);
        }
      return FALSE;
    }

  service = secret_service_get_sync (SECRET_SERVICE_NONE, cancellable, &error);
  /* libsecret hands out a proxy even when nothing owns the service's name:
   * ask the bus to start the service, which fails when none can run. */
  if (service != NULL && g_dbus_proxy_get_name_owner (G_DBUS_PROXY (service)) == NULL)
    {
      g_autoptr(GVariant) reply = NULL;

      reply = g_dbus_connection_call_sync (g_dbus_proxy_get_connection (G_DBUS_PROXY (service)),
                                           "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "StartServiceByName",
                                           g_variant_new ("(su)", "org.freedesktop.secrets", 0),
                                           G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                           cancellable, &error);
      if (reply == NULL)
        {
          g_dbus_error_strip_remote_error (error);
          g_clear_object (&service);
        }
    }
  if (service == NULL)
    {
      if (reason != NULL)
        *reason = g_strdup_printf (_("No keyring answers (%s); set an environment variable "
                                     "such as PLANWRIGHT_API_KEY instead."), error->message);
      return FALSE;
    }

  return TRUE;
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *key;

  key = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, wrap_error (error));
  else
    g_task_return_pointer (task, key, (GDestroyNotify) secret_password_free);
}

/**
 * pw_secrets_lookup_async:
 * @profile_id: the profile whose key to find
 *
 * Looks the key up in the Secret Service only (environment variables are
 * the caller's business, see pw_secrets_get_env_key()).
 */
void
pw_secrets_lookup_async (const char          *profile_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = new_task (pw_secrets_lookup_async, cancellable, callback, user_data);

  if (task == NULL)
    return;
  secret_password_lookup (pw_secrets_get_schema (), cancellable, lookup_cb, task,
                          "profile", profile_id, NULL);
}

/**
 * pw_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the key, or %NULL when none is
 *   stored (no error) or on error; free with secret_password_free()
 */
char *
pw_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pw_secrets_lookup_sync:
 *
 * The blocking form for the command line.
 *
 * Returns: (transfer full) (nullable): the key; free with secret_password_free()
 */
char *
pw_secrets_lookup_sync (const char    *profile_id,
                        GCancellable  *cancellable,
                        GError       **error)
{
  GError *local_error = NULL;
  char *key;

  if (no_session_bus ())
    {
      g_set_error (error, PW_SECRETS_ERROR, PW_SECRETS_ERROR_UNAVAILABLE,
                   _("There is no session bus, so no keyring can be asked for API keys"));
      return NULL;
    }

  key = secret_password_lookup_sync (pw_secrets_get_schema (), cancellable, &local_error,
                                     "profile", profile_id, NULL);
  if (local_error != NULL)
    g_propagate_error (error, wrap_error (local_error));

  return key;
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, wrap_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pw_secrets_store_async:
 * @profile_id: the profile the key belongs to
 * @profile_name: shown in the keyring's label
 * @api_key: the key
 */
void
pw_secrets_store_async (const char          *profile_id,
                        const char          *profile_name,
                        const char          *api_key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  g_autofree char *label = NULL;

  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (api_key != NULL);

  task = new_task (pw_secrets_store_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  /* Translators: the label of an API key in the keyring; %s is a profile name. */
  label = g_strdup_printf (_("Planwright API key for “%s”"),
                           profile_name != NULL ? profile_name : profile_id);
  secret_password_store (pw_secrets_get_schema (), SECRET_COLLECTION_DEFAULT, label, api_key,
                         cancellable, store_cb, task, "profile", profile_id, NULL);
}

gboolean
pw_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, wrap_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pw_secrets_clear_async:
 * @profile_id: the profile whose key to forget
 */
void
pw_secrets_clear_async (const char          *profile_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = new_task (pw_secrets_clear_async, cancellable, callback, user_data);

  if (task == NULL)
    return;
  secret_password_clear (pw_secrets_get_schema (), cancellable, clear_cb, task,
                         "profile", profile_id, NULL);
}

gboolean
pw_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
