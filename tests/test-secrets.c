/* test-secrets.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-profile.h"
#include "pw-secrets.h"

/* API keys in the Secret Service, against a real one: the test brings up
 * a private session bus (GTestDBus) and, when gnome-keyring-daemon is
 * installed, runs it on that bus with a throw-away login keyring in a
 * temporary directory.  Without a bus, and on a bus where no keyring
 * answers, it checks the "cannot store" errors that the UI shows.  Nothing
 * touches the user's bus or keyring, nor the network.
 */

#define KEYRING_PASSWORD "pw-test"

static GTestDBus *bus;
static GSubprocess *daemon_process;
static char *daemon_dir;
static char *skip_reason;

static const char *key_variables[] = {
  "PLANWRIGHT_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OLLAMA_API_KEY",
};

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static gboolean
store_key (const char  *profile_id,
           const char  *key,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pw_secrets_store_async (profile_id, "Test profile", key, NULL, done_cb, &result);
  return pw_secrets_store_finish (wait_for (&result), error);
}

static gboolean
clear_key (const char  *profile_id,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pw_secrets_clear_async (profile_id, NULL, done_cb, &result);
  return pw_secrets_clear_finish (wait_for (&result), error);
}

/* The key as a plain string (libsecret's copy is freed here). */
static char *
lookup_key (const char  *profile_id,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  char *secret;
  char *key;

  pw_secrets_lookup_async (profile_id, NULL, done_cb, &result);
  secret = pw_secrets_lookup_finish (wait_for (&result), error);
  key = g_strdup (secret);
  if (secret != NULL)
    secret_password_free (secret);

  return key;
}

static void
ensure_bus (void)
{
  if (bus != NULL)
    return;

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
give_up_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Starts gnome-keyring-daemon on the private bus with an unlocked login
 * keyring in a temporary directory.  Returns FALSE, with the reason in
 * skip_reason, when that is not possible here. */
static gboolean
ensure_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autofree char *program = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *runtime_dir = NULL;
  GDBusConnection *connection;
  GOutputStream *stdin_pipe;
  gboolean appeared = FALSE;
  gboolean gave_up = FALSE;
  guint watch_id;
  guint timeout_id;

  if (daemon_process != NULL || skip_reason != NULL)
    return skip_reason == NULL;

  ensure_bus ();

  program = g_find_program_in_path ("gnome-keyring-daemon");
  if (program == NULL)
    {
      skip_reason = g_strdup ("gnome-keyring-daemon is not installed (Debian: gnome-keyring), "
                              "so no Secret Service can be started");
      return FALSE;
    }

  daemon_dir = g_dir_make_tmp ("pw-secrets-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (daemon_dir, "data", NULL);
  runtime_dir = g_build_filename (daemon_dir, "run", NULL);
  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime_dir, 0700), ==, 0);

  /* --unlock reads the login keyring's password from standard input and
   * creates the keyring (the default collection) with it. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", daemon_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  /* The daemon warns about things that are fine (an item registered
   * twice on replace); the tests' fatal-warnings must not kill it. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  daemon_process = g_subprocess_launcher_spawn (launcher, &error, program, "--foreground",
                                                "--unlock", "--components=secrets", NULL);
  if (daemon_process == NULL)
    {
      skip_reason = g_strdup_printf ("gnome-keyring-daemon did not start: %s", error->message);
      return FALSE;
    }
  stdin_pipe = g_subprocess_get_stdin_pipe (daemon_process);
  g_output_stream_write_all (stdin_pipe, KEYRING_PASSWORD, strlen (KEYRING_PASSWORD), NULL, NULL,
                             &error);
  g_assert_no_error (error);
  g_output_stream_close (stdin_pipe, NULL, &error);
  g_assert_no_error (error);

  /* Wait (boundedly) for the service to own its name on our bus. */
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  watch_id = g_bus_watch_name_on_connection (connection, "org.freedesktop.secrets",
                                             G_BUS_NAME_WATCHER_FLAGS_NONE,
                                             name_appeared_cb, NULL, &appeared, NULL);
  timeout_id = g_timeout_add_seconds (20, give_up_cb, &gave_up);
  while (!appeared && !gave_up)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch_id);
  if (!gave_up)
    g_source_remove (timeout_id);
  g_object_unref (connection);
  if (!appeared)
    {
      skip_reason = g_strdup ("gnome-keyring-daemon did not claim org.freedesktop.secrets "
                              "within 20 s");
      return FALSE;
    }

  /* Storing in the default collection must not need a prompt. */
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  if (collection == NULL || secret_collection_get_locked (collection))
    {
      skip_reason = g_strdup_printf ("the keyring has no unlocked default collection (%s)",
                                     error != NULL ? error->message : "none");
      return FALSE;
    }

  return TRUE;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
unset_key_variables (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_variables); i++)
    g_unsetenv (key_variables[i]);
}

/* A headless machine: no session bus at all.  Every path says why keys
 * cannot be stored, at once, and environment variables still work. */
static void
test_secrets_no_bus (void)
{
  g_autofree char *saved_address = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autofree char *saved_runtime = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PwProfile) profile = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *key = NULL;
  g_autofree char *why_none = NULL;
  const char *variable = NULL;
  PwKeySource source;

  unset_key_variables ();
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("XDG_RUNTIME_DIR");

  g_assert_false (pw_secrets_is_available (NULL, &reason));
  g_assert_nonnull (strstr (reason, "no session bus"));
  g_assert_nonnull (strstr (reason, "PLANWRIGHT_API_KEY"));

  g_assert_false (store_key ("no-bus", "sk-test-1", &error));
  g_assert_error (error, PW_SECRETS_ERROR, PW_SECRETS_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "environment variable"));
  g_clear_error (&error);

  g_assert_null (lookup_key ("no-bus", &error));
  g_assert_error (error, PW_SECRETS_ERROR, PW_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_null (pw_secrets_lookup_sync ("no-bus", NULL, &error));
  g_assert_error (error, PW_SECRETS_ERROR, PW_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_false (clear_key ("no-bus", &error));
  g_assert_error (error, PW_SECRETS_ERROR, PW_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  /* Environment variables alone work. */
  g_assert_null (pw_secrets_get_env_key (PW_PROVIDER_KIND_OPENAI, NULL));
  g_setenv ("OPENAI_API_KEY", "sk-env-openai", TRUE);
  g_assert_cmpstr (pw_secrets_get_env_key (PW_PROVIDER_KIND_OPENAI, &variable), ==,
                   "sk-env-openai");
  g_assert_cmpstr (variable, ==, "OPENAI_API_KEY");
  g_assert_null (pw_secrets_get_env_key (PW_PROVIDER_KIND_ANTHROPIC, NULL));
  g_assert_null (pw_secrets_get_env_key (PW_PROVIDER_KIND_OFFLINE, NULL));

  if (pw_profile_schema_available ())
    {
      profile = pw_profile_create ("No bus", PW_PROVIDER_KIND_OPENAI, &error);
      g_assert_no_error (error);
      key = pw_profile_resolve_key (profile, &source, &why_none, NULL);
      g_assert_cmpstr (key, ==, "sk-env-openai");
      g_assert_cmpint (source, ==, PW_KEY_SOURCE_ENVIRONMENT);
      g_clear_pointer (&key, g_free);

      /* Without the variable there is no key, and a reason. */
      g_unsetenv ("OPENAI_API_KEY");
      key = pw_profile_resolve_key (profile, &source, &why_none, NULL);
      g_assert_null (key);
      g_assert_cmpint (source, ==, PW_KEY_SOURCE_NONE);
      g_assert_nonnull (why_none);
      g_assert_nonnull (strstr (why_none, "session bus"));
      g_assert_true (pw_profile_remove (profile, &error));
      g_assert_no_error (error);
    }

  unset_key_variables ();
  if (saved_address != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved_address, TRUE);
  if (saved_runtime != NULL)
    g_setenv ("XDG_RUNTIME_DIR", saved_runtime, TRUE);
}

/* A session bus on which no keyring answers: the same clear error. */
static void
test_secrets_no_service (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;

  if (daemon_process != NULL)
    {
      g_test_skip ("a keyring already runs on the test bus");
      return;
    }
  ensure_bus ();

  g_assert_false (pw_secrets_is_available (NULL, &reason));
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "PLANWRIGHT_API_KEY"));

  g_assert_false (store_key ("no-service", "sk-test-1", &error));
  g_assert_error (error, PW_SECRETS_ERROR, PW_SECRETS_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "not available"));
  g_clear_error (&error);

  g_assert_null (lookup_key ("no-service", &error));
  g_assert_error (error, PW_SECRETS_ERROR, PW_SECRETS_ERROR_UNAVAILABLE);
}

/* A real Secret Service: store, look up, replace and delete a key, and
 * environment variables win over it. */
static void
test_secrets_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwProfile) profile = NULL;
  g_autoptr(GList) items = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *key = NULL;
  g_autofree char *other = NULL;
  g_autofree char *why_none = NULL;
  const char *profile_id;
  PwKeySource source;
  gboolean ok;

  if (!ensure_keyring ())
    {
      g_test_skip (skip_reason);
      return;
    }
  if (!pw_profile_schema_available ())
    {
      g_test_skip ("schema not compiled");
      return;
    }
  unset_key_variables ();

  g_assert_true (pw_secrets_is_available (NULL, &reason));
  g_assert_null (reason);

  profile = pw_profile_create ("Keyring OpenAI", PW_PROVIDER_KIND_OPENAI, &error);
  g_assert_no_error (error);
  profile_id = pw_profile_get_id (profile);

  /* Nothing stored yet: no key and no error. */
  g_assert_null (lookup_key (profile_id, &error));
  g_assert_no_error (error);

  /* Store and look up; another profile's key is kept apart. */
  ok = store_key (profile_id, "sk-keyring-1", &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  ok = store_key ("other-profile", "sk-other", &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  key = lookup_key (profile_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-keyring-1");
  g_clear_pointer (&key, g_free);

  /* Replace: one item, holding the new key. */
  ok = store_key (profile_id, "sk-keyring-2", &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  key = pw_secrets_lookup_sync (profile_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "sk-keyring-2");
  secret_password_free (g_steal_pointer (&key));
  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, "profile", (gpointer) profile_id);
  items = secret_service_search_sync (NULL, pw_secrets_get_schema (), attributes,
                                      SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (g_steal_pointer (&items), g_object_unref);

  /* The profile resolves to the keyring's key... */
  key = pw_profile_resolve_key (profile, &source, &why_none, NULL);
  g_assert_cmpstr (key, ==, "sk-keyring-2");
  g_assert_cmpint (source, ==, PW_KEY_SOURCE_KEYRING);
  g_assert_null (why_none);
  g_clear_pointer (&key, g_free);

  /* ...unless an environment variable is set: the provider's own, and
   * PLANWRIGHT_API_KEY over that. */
  g_setenv ("OPENAI_API_KEY", "sk-env-openai", TRUE);
  key = pw_profile_resolve_key (profile, &source, NULL, NULL);
  g_assert_cmpstr (key, ==, "sk-env-openai");
  g_assert_cmpint (source, ==, PW_KEY_SOURCE_ENVIRONMENT);
  g_clear_pointer (&key, g_free);
  g_setenv ("PLANWRIGHT_API_KEY", "sk-env-planwright", TRUE);
  key = pw_profile_resolve_key (profile, &source, NULL, NULL);
  g_assert_cmpstr (key, ==, "sk-env-planwright");
  g_assert_cmpint (source, ==, PW_KEY_SOURCE_ENVIRONMENT);
  g_clear_pointer (&key, g_free);
  /* The variable of another provider kind does not count. */
  unset_key_variables ();
  g_setenv ("ANTHROPIC_API_KEY", "sk-env-anthropic", TRUE);
  key = pw_profile_resolve_key (profile, &source, NULL, NULL);
  g_assert_cmpstr (key, ==, "sk-keyring-2");
  g_assert_cmpint (source, ==, PW_KEY_SOURCE_KEYRING);
  g_clear_pointer (&key, g_free);
  unset_key_variables ();

  /* Delete: gone for this profile, kept for the other. */
  ok = clear_key (profile_id, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_null (lookup_key (profile_id, &error));
  g_assert_no_error (error);
  key = pw_profile_resolve_key (profile, &source, &why_none, NULL);
  g_assert_null (key);
  g_assert_cmpint (source, ==, PW_KEY_SOURCE_NONE);
  g_assert_null (why_none);
  other = lookup_key ("other-profile", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other, ==, "sk-other");

  /* Deleting what is not there is not an error. */
  ok = clear_key (profile_id, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  ok = clear_key ("other-profile", &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_assert_true (pw_profile_remove (profile, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Never the user's bus or keyring, whatever the environment says. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("XDG_RUNTIME_DIR");
  g_unsetenv ("DISPLAY");
  unset_key_variables ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pw/secrets/no-bus", test_secrets_no_bus);
  g_test_add_func ("/pw/secrets/no-service", test_secrets_no_service);
  g_test_add_func ("/pw/secrets/keyring", test_secrets_keyring);

  status = g_test_run ();

  if (daemon_process != NULL)
    {
      g_subprocess_force_exit (daemon_process);
      g_subprocess_wait (daemon_process, NULL, NULL);
      g_clear_object (&daemon_process);
    }
  if (bus != NULL)
    {
      /* libsecret keeps a reference to the bus connection for the rest
       * of the process, which g_test_dbus_down() (also run when the
       * GTestDBus is finalized) would wait 30 s for and then warn about;
       * the process ends here, so stop the bus and keep the object. */
      secret_service_disconnect ();
      g_test_dbus_stop (bus);
    }
  if (daemon_dir != NULL)
    remove_tree (daemon_dir);
  g_free (daemon_dir);
  g_free (skip_reason);

  return status;
}
