/* test-profile.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-profile.h"
#include "pw-secrets.h"

static void
test_profile_create_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwProfile) a = NULL;
  g_autoptr(PwProfile) b = NULL;
  g_autoptr(PwProfile) c = NULL;
  g_autoptr(PwProfile) found = NULL;
  g_autoptr(PwProfile) def = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GSettings) root = NULL;
  g_autoptr(PwProviderOptions) options = NULL;

  if (!pw_profile_schema_available ())
    {
      g_test_skip ("schema not compiled");
      return;
    }

  g_assert_null (pw_profile_get_default ());

  a = pw_profile_create ("Local Ollama", PW_PROVIDER_KIND_OLLAMA, &error);
  g_assert_no_error (error);
  b = pw_profile_create ("Żółta OpenRouter", PW_PROVIDER_KIND_OPENAI, &error);
  c = pw_profile_create ("Local Ollama", PW_PROVIDER_KIND_OLLAMA, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_profile_get_id (a), ==, "local-ollama");
  g_assert_cmpstr (pw_profile_get_id (c), ==, "local-ollama-2");

  pw_profile_set_base_url (b, "https://openrouter.ai/api/v1");
  pw_profile_set_model (b, "meta/llama");
  g_settings_set_double (pw_profile_get_settings (b), "input-price", 2.0);
  g_settings_set_double (pw_profile_get_settings (b), "output-price", 10.0);

  list = pw_profile_list ();
  g_assert_cmpuint (list->len, ==, 3);

  found = pw_profile_lookup ("żółta openrouter");
  g_assert_nonnull (found);
  g_assert_cmpstr (pw_profile_get_id (found), ==, pw_profile_get_id (b));
  g_assert_cmpint (pw_profile_get_kind (found), ==, PW_PROVIDER_KIND_OPENAI);
  g_assert_cmpfloat_with_epsilon (pw_profile_estimate_cost (found, 1000000, 100000), 3.0, 1e-9);

  pw_profile_set_default (b);
  def = pw_profile_get_default ();
  g_assert_cmpstr (pw_profile_get_id (def), ==, pw_profile_get_id (b));

  options = pw_profile_to_options (b, "sk-x");
  g_assert_cmpstr (options->base_url, ==, "https://openrouter.ai/api/v1");
  g_assert_cmpstr (options->model, ==, "meta/llama");
  g_assert_cmpstr (options->profile_name, ==, "Żółta OpenRouter");

  /* Never a key in GSettings. */
  root = g_settings_new (SCHEMA_ID);
  g_assert_false (g_settings_schema_has_key (g_settings_schema_source_lookup (
                    g_settings_schema_source_get_default (), SCHEMA_ID ".Profile", TRUE), "api-key"));

  g_assert_true (pw_profile_remove (b, &error));
  g_clear_object (&def);
  def = pw_profile_get_default ();
  g_assert_null (def);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = pw_profile_list ();
  g_assert_cmpuint (list->len, ==, 2);
}

static void
test_profile_env_keys (void)
{
  g_autoptr(PwProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  PwKeySource source;
  const char *variable = NULL;

  if (!pw_profile_schema_available ())
    {
      g_test_skip ("schema not compiled");
      return;
    }

  g_setenv ("OPENAI_API_KEY", "sk-openai-env", TRUE);
  g_unsetenv ("PLANWRIGHT_API_KEY");
  g_assert_cmpstr (pw_secrets_get_env_key (PW_PROVIDER_KIND_OPENAI, &variable), ==, "sk-openai-env");
  g_assert_cmpstr (variable, ==, "OPENAI_API_KEY");
  g_assert_null (pw_secrets_get_env_key (PW_PROVIDER_KIND_ANTHROPIC, NULL));
  g_setenv ("PLANWRIGHT_API_KEY", "sk-pw", TRUE);
  g_assert_cmpstr (pw_secrets_get_env_key (PW_PROVIDER_KIND_OPENAI, NULL), ==, "sk-pw");
  g_assert_null (pw_secrets_get_env_key (PW_PROVIDER_KIND_OFFLINE, NULL));

  profile = pw_profile_create ("Env", PW_PROVIDER_KIND_OPENAI, &error);
  key = pw_profile_resolve_key (profile, &source, NULL, NULL);
  g_assert_cmpstr (key, ==, "sk-pw");
  g_assert_cmpint (source, ==, PW_KEY_SOURCE_ENVIRONMENT);
  g_unsetenv ("PLANWRIGHT_API_KEY");
  g_unsetenv ("OPENAI_API_KEY");

  pw_profile_set_kind (profile, PW_PROVIDER_KIND_OLLAMA);
  g_setenv ("OLLAMA_HOST", "10.0.0.5:11434", TRUE);
  url = pw_profile_dup_base_url (profile);
  g_assert_cmpstr (url, ==, "http://10.0.0.5:11434");
  g_unsetenv ("OLLAMA_HOST");
}

static void
test_profile_secrets_unavailable (void)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  /* No session bus in the test: the UI gets a reason, lookups a clean error. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("XDG_RUNTIME_DIR");
  g_assert_false (pw_secrets_is_available (NULL, &reason));
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "PLANWRIGHT_API_KEY"));

  key = pw_secrets_lookup_sync ("any", NULL, &error);
  g_assert_null (key);
  g_assert_error (error, PW_SECRETS_ERROR, PW_SECRETS_ERROR_UNAVAILABLE);
  g_assert_cmpstr (pw_secrets_get_schema ()->name, ==, "io.github.planwright.Planwright.ApiKey");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/profile/create-list", test_profile_create_list);
  g_test_add_func ("/pw/profile/env-keys", test_profile_env_keys);
  g_test_add_func ("/pw/profile/secrets-unavailable", test_profile_secrets_unavailable);

  return g_test_run ();
}
