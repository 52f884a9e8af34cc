/* pw-profile.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-profile"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "pw-profile.h"
#include "pw-secrets.h"
#include "pw-utils.h"

/* Provider profiles in GSettings.  Several profiles live side by side,
 * each under its own path of the relocatable Profile schema; the root
 * schema lists their ids and names the default.  Keys stay out of
 * GSettings: pw_profile_resolve_key() reads them from the environment
 * first and then from the Secret Service.
 */

#define PROFILE_SCHEMA_ID SCHEMA_ID ".Profile"
#define PROFILES_PATH     "/io/github/planwright/Planwright/profiles/"

struct _PwProfile
{
  GObject    parent_instance;
  char      *id;
  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (PwProfile, pw_profile, G_TYPE_OBJECT)
G_DEFINE_QUARK (pw-profile-error-quark, pw_profile_error)

static void
pw_profile_finalize (GObject *object)
{
  PwProfile *self = PW_PROFILE (object);

  g_free (self->id);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (pw_profile_parent_class)->finalize (object);
}

static void
pw_profile_class_init (PwProfileClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_profile_finalize;
}

static void
pw_profile_init (PwProfile *self)
{
}

/**
 * pw_profile_schema_available:
 *
 * Returns: %TRUE if the settings schemas are installed; without them
 *   there are no profiles and the offline draft is the only provider
 */
gboolean
pw_profile_schema_available (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) root = NULL;
  g_autoptr(GSettingsSchema) profile = NULL;

  if (source == NULL)
    return FALSE;
  root = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE);
  profile = g_settings_schema_source_lookup (source, PROFILE_SCHEMA_ID, TRUE);

  return root != NULL && profile != NULL;
}

static GSettings *
root_settings (void)
{
  if (!pw_profile_schema_available ())
    return NULL;
  return g_settings_new (SCHEMA_ID);
}

static PwProfile *
profile_new (const char *id)
{
  PwProfile *self = g_object_new (PW_TYPE_PROFILE, NULL);
  g_autofree char *path = g_strconcat (PROFILES_PATH, id, "/", NULL);

  self->id = g_strdup (id);
  self->settings = g_settings_new_with_path (PROFILE_SCHEMA_ID, path);

  return self;
}

/**
 * pw_profile_list:
 *
 * Returns: (transfer full) (element-type PwProfile): the profiles, in
 *   the order of the "profiles" key
 */
GPtrArray *
pw_profile_list (void)
{
  g_autoptr(GSettings) root = root_settings ();
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) ids = NULL;

  if (root == NULL)
    return g_steal_pointer (&profiles);

  ids = g_settings_get_strv (root, "profiles");
  for (guint i = 0; ids[i] != NULL; i++)
    {
      /* An id becomes a path element: refuse anything odd in it. */
      if (*ids[i] == '\0' || strchr (ids[i], '/') != NULL)
        continue;
      g_ptr_array_add (profiles, profile_new (ids[i]));
    }

  return g_steal_pointer (&profiles);
}

/**
 * pw_profile_lookup:
 * @id_or_name: a profile id, or a profile name (case-insensitive)
 *
 * Returns: (transfer full) (nullable): the profile
 */
PwProfile *
pw_profile_lookup (const char *id_or_name)
{
  g_autoptr(GPtrArray) profiles = pw_profile_list ();

  g_return_val_if_fail (id_or_name != NULL, NULL);

  for (guint i = 0; i < profiles->len; i++)
    {
      PwProfile *profile = g_ptr_array_index (profiles, i);

      if (g_str_equal (profile->id, id_or_name))
        return g_object_ref (profile);
    }
  for (guint i = 0; i < profiles->len; i++)
    {
      PwProfile *profile = g_ptr_array_index (profiles, i);
      g_autofree char *name = pw_profile_dup_name (profile);
      g_autofree char *a = g_utf8_casefold (name, -1);
      g_autofree char *b = g_utf8_casefold (id_or_name, -1);

      if (g_str_equal (a, b))
        return g_object_ref (profile);
    }

  return NULL;
}

/**
 * pw_profile_create:
 * @name: the name shown to the user
 * @kind: the wire protocol
 *
 * Adds a profile with an id derived from @name.
 *
 * Returns: (transfer full): the new profile
 */
PwProfile *
pw_profile_create (const char      *name,
                   PwProviderKind   kind,
                   GError         **error)
{
  g_autoptr(GSettings) root = root_settings ();
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) new_ids = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *id = NULL;
  PwProfile *self;

  g_return_val_if_fail (name != NULL, NULL);

  if (root == NULL)
    {
      g_set_error (error, PW_PROFILE_ERROR, PW_PROFILE_ERROR_NO_SCHEMA,
                   _("The settings schema is not installed, so profiles cannot be saved"));
      return NULL;
    }
  if (g_utf8_strlen (name, -1) == 0 || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, PW_PROFILE_ERROR, PW_PROFILE_ERROR_INVALID,
                   _("A profile needs a name"));
      return NULL;
    }

  ids = g_settings_get_strv (root, "profiles");
  slug = pw_slugify (name);
  id = g_strdup (slug != NULL && *slug != '\0' ? slug : "profile");
  for (guint n = 2; g_strv_contains ((const char * const *) ids, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", slug != NULL && *slug != '\0' ? slug : "profile", n);
    }

  self = profile_new (id);
  g_settings_set_string (self->settings, "name", name);
  g_settings_set_enum (self->settings, "kind", kind);

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) ids);
  g_strv_builder_add (builder, id);
  new_ids = g_strv_builder_end (builder);
  g_settings_set_strv (root, "profiles", (const char * const *) new_ids);

  return self;
}

/**
 * pw_profile_remove:
 *
 * Removes the profile from the list and resets its settings.  Its key,
 * if any, stays in the keyring until pw_secrets_clear_async().
 */
gboolean
pw_profile_remove (PwProfile  *self,
                   GError    **error)
{
  g_autoptr(GSettings) root = root_settings ();
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) new_ids = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_return_val_if_fail (PW_IS_PROFILE (self), FALSE);

  if (root == NULL)
    {
      g_set_error (error, PW_PROFILE_ERROR, PW_PROFILE_ERROR_NO_SCHEMA,
                   _("The settings schema is not installed, so profiles cannot be saved"));
      return FALSE;
    }

  ids = g_settings_get_strv (root, "profiles");
  builder = g_strv_builder_new ();
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (!g_str_equal (ids[i], self->id))
        g_strv_builder_add (builder, ids[i]);
    }
  new_ids = g_strv_builder_end (builder);
  g_settings_set_strv (root, "profiles", (const char * const *) new_ids);

  if (g_strcmp0 (g_settings_get_string (root, "default-profile"), self->id) == 0)
    g_settings_set_string (root, "default-profile", "");

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (self->settings, keys[i]);

  return TRUE;
}

/**
 * pw_profile_get_default:
 *
 * Returns: (transfer full) (nullable): the default profile; %NULL means
 *   the offline draft planner
 */
PwProfile *
pw_profile_get_default (void)
{
  g_autoptr(GSettings) root = root_settings ();
  g_autofree char *id = NULL;

  if (root == NULL)
    return NULL;

  id = g_settings_get_string (root, "default-profile");
  if (*id == '\0')
    return NULL;

  return pw_profile_lookup (id);
}

/**
 * pw_profile_set_default:
 * @self: (nullable): the profile, or %NULL for the offline draft planner
 */
void
pw_profile_set_default (PwProfile *self)
{
  g_autoptr(GSettings) root = root_settings ();

  if (root != NULL)
    g_settings_set_string (root, "default-profile", self != NULL ? self->id : "");
}

const char *
pw_profile_get_id (PwProfile *self)
{
  g_return_val_if_fail (PW_IS_PROFILE (self), NULL);
  return self->id;
}

/**
 * pw_profile_get_settings:
 *
 * Returns: (transfer none): the profile's settings, for binding
 */
GSettings *
pw_profile_get_settings (PwProfile *self)
{
  g_return_val_if_fail (PW_IS_PROFILE (self), NULL);
  return self->settings;
}

char *
pw_profile_dup_name (PwProfile *self)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (PW_IS_PROFILE (self), NULL);

  name = g_settings_get_string (self->settings, "name");
  if (*name == '\0')
    return g_strdup (self->id);
  return g_steal_pointer (&name);
}

void
pw_profile_set_name (PwProfile  *self,
                     const char *name)
{
  g_return_if_fail (PW_IS_PROFILE (self));
  g_settings_set_string (self->settings, "name", name != NULL ? name : "");
}

PwProviderKind
pw_profile_get_kind (PwProfile *self)
{
  g_return_val_if_fail (PW_IS_PROFILE (self), PW_PROVIDER_KIND_OFFLINE);
  return (PwProviderKind) g_settings_get_enum (self->settings, "kind");
}

void
pw_profile_set_kind (PwProfile      *self,
                     PwProviderKind  kind)
{
  g_return_if_fail (PW_IS_PROFILE (self));
  g_settings_set_enum (self->settings, "kind", kind);
}

/**
 * pw_profile_dup_ollama_host:
 *
 * The one reader of OLLAMA_HOST, which may be "host:port" without a scheme.
 *
 * Returns: (transfer full) (nullable): the base URL OLLAMA_HOST names, or
 *   %NULL when it is not set
 */
char *
pw_profile_dup_ollama_host (void)
{
  const char *host = g_getenv ("OLLAMA_HOST");

  if (host == NULL || *host == '\0')
    return NULL;
  if (strstr (host, "://") == NULL)
    return g_strconcat ("http://", host, NULL);

  return g_strdup (host);
}

/**
 * pw_profile_dup_base_url:
 *
 * For Ollama profiles OLLAMA_HOST overrides the stored URL.
 *
 * Returns: (transfer full): the base URL, empty for the provider's default
 */
char *
pw_profile_dup_base_url (PwProfile *self)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (PW_IS_PROFILE (self), NULL);

  if (pw_profile_get_kind (self) == PW_PROVIDER_KIND_OLLAMA)
    host = pw_profile_dup_ollama_host ();
  if (host != NULL)
    return g_steal_pointer (&host);

  return g_settings_get_string (self->settings, "base-url");
}

void
pw_profile_set_base_url (PwProfile  *self,
                         const char *base_url)
{
  g_return_if_fail (PW_IS_PROFILE (self));
  g_settings_set_string (self->settings, "base-url", base_url != NULL ? base_url : "");
}

char *
pw_profile_dup_model (PwProfile *self)
{
  g_return_val_if_fail (PW_IS_PROFILE (self), NULL);
  return g_settings_get_string (self->settings, "model");
}

void
pw_profile_set_model (PwProfile  *self,
                      const char *model)
{
  g_return_if_fail (PW_IS_PROFILE (self));
  g_settings_set_string (self->settings, "model", model != NULL ? model : "");
}

double
pw_profile_get_temperature (PwProfile *self)
{
  g_return_val_if_fail (PW_IS_PROFILE (self), 0);
  return g_settings_get_double (self->settings, "temperature");
}

guint
pw_profile_get_max_tokens (PwProfile *self)
{
  g_return_val_if_fail (PW_IS_PROFILE (self), 0);
  return g_settings_get_uint (self->settings, "max-tokens");
}

gboolean
pw_profile_get_allow_insecure (PwProfile *self)
{
  g_return_val_if_fail (PW_IS_PROFILE (self), FALSE);
  return g_settings_get_boolean (self->settings, "allow-insecure");
}

/**
 * pw_profile_estimate_cost:
 *
 * Returns: the cost in US dollars from the profile's prices per million
 *   tokens, 0 when the prices are unknown
 */
double
pw_profile_estimate_cost (PwProfile *self,
                          guint      input_tokens,
                          guint      output_tokens)
{
  g_return_val_if_fail (PW_IS_PROFILE (self), 0);

  return (input_tokens * g_settings_get_double (self->settings, "input-price") +
          output_tokens * g_settings_get_double (self->settings, "output-price")) / 1e6;
}

/**
 * pw_profile_to_options:
 * @api_key: (nullable): the key to use
 *
 * Returns: (transfer full): provider options from the profile
 */
PwProviderOptions *
pw_profile_to_options (PwProfile  *self,
                       const char *api_key)
{
  PwProviderOptions *options;

  g_return_val_if_fail (PW_IS_PROFILE (self), NULL);

  options = pw_provider_options_new ();
  options->profile_id = g_strdup (self->id);
  options->profile_name = pw_profile_dup_name (self);
  options->base_url = pw_profile_dup_base_url (self);
  options->model = pw_profile_dup_model (self);
  options->api_key = g_strdup (api_key);
  options->temperature = pw_profile_get_temperature (self);
  options->max_tokens = pw_profile_get_max_tokens (self);
  options->allow_insecure = pw_profile_get_allow_insecure (self);

  return options;
}

/**
 * pw_profile_resolve_key:
 * @source: (out) (optional): where the key came from
 * @why_none: (out) (optional) (transfer full): when no key was found and
 *   the keyring could not be asked, why
 *
 * Environment variables first (PLANWRIGHT_API_KEY, then the provider's
 * own), then the Secret Service.  Blocks on the keyring; the UI uses
 * pw_secrets_lookup_async() instead.
 *
 * Returns: (transfer full) (nullable): the key
 */
char *
pw_profile_resolve_key (PwProfile     *self,
                        PwKeySource   *source,
                        char         **why_none,
                        GCancellable  *cancellable)
{
  g_autoptr(GError) error = NULL;
  const char *env_key;
  char *stored;

  g_return_val_if_fail (PW_IS_PROFILE (self), NULL);

  if (source != NULL)
    *source = PW_KEY_SOURCE_NONE;

  env_key = pw_secrets_get_env_key (pw_profile_get_kind (self), NULL);
  if (env_key != NULL)
    {
      if (source != NULL)
        *source = PW_KEY_SOURCE_ENVIRONMENT;
      return g_strdup (env_key);
    }

  if (pw_profile_get_kind (self) == PW_PROVIDER_KIND_OFFLINE)
    return NULL;

  stored = pw_secrets_lookup_sync (self->id, cancellable, &error);
  if (stored != NULL)
    {
      char *key = g_strdup (stored);

      secret_password_free (stored);
      if (source != NULL)
        *source = PW_KEY_SOURCE_KEYRING;
      return key;
    }

  if (why_none != NULL && error != NULL)
    *why_none = g_strdup (error->message);

  return NULL;
}

/**
 * pw_profile_create_provider:
 *
 * Builds the provider for the profile, with its key.  A missing key is
 * not an error: local servers need none, and a server that wants one
 * answers 401, which names the profile.
 *
 * Returns: (transfer full): the provider
 */
PwProvider *
pw_profile_create_provider (PwProfile     *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(PwProviderOptions) options = NULL;
  g_autofree char *key = NULL;
  g_autofree char *why_none = NULL;

  g_return_val_if_fail (PW_IS_PROFILE (self), NULL);

  key = pw_profile_resolve_key (self, NULL, &why_none, cancellable);
  if (key == NULL && why_none != NULL)
    g_debug ("profile %s: no key (%s)", self->id, why_none);

  options = pw_profile_to_options (self, key);
  if (key != NULL)
    memset (key, 0, strlen (key));

  return pw_provider_new (pw_profile_get_kind (self), options);
}
