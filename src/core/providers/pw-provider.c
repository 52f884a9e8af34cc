/* pw-provider.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-provider"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-provider.h"
#include "pw-provider-anthropic.h"
#include "pw-provider-offline.h"
#include "pw-provider-ollama.h"
#include "pw-provider-openai.h"

/* The provider layer's front: the kinds of provider and their names, the
 * options a provider is built with, the PwProvider interface and the
 * factory.  A request streams into a PwGeneration (pw-generation.c); the
 * network providers share the HTTP base (pw-http-provider.c).
 */

G_DEFINE_QUARK (pw-provider-error-quark, pw_provider_error)

/* ------------------------------------------------------------------ */
/* Kinds and options                                                   */
/* ------------------------------------------------------------------ */

static const char * const kind_names[] = { "offline", "openai", "anthropic", "ollama" };

const char *
pw_provider_kind_to_string (PwProviderKind kind)
{
  if ((guint) kind < G_N_ELEMENTS (kind_names))
    return kind_names[kind];
  return "unknown";
}

/**
 * pw_provider_kind_from_string:
 * @name: "offline", "openai", "anthropic" or "ollama"
 * @kind: (out): the kind
 *
 * Returns: %TRUE if @name is a known kind
 */
gboolean
pw_provider_kind_from_string (const char     *name,
                              PwProviderKind *kind)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_ascii_strcasecmp (name, kind_names[i]) == 0)
        {
          *kind = (PwProviderKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

G_DEFINE_BOXED_TYPE (PwProviderOptions, pw_provider_options,
                     pw_provider_options_copy, pw_provider_options_free)

/**
 * pw_provider_options_new:
 *
 * Returns: (transfer full): options with the defaults filled in
 */
PwProviderOptions *
pw_provider_options_new (void)
{
  PwProviderOptions *self = g_new0 (PwProviderOptions, 1);

  self->temperature = -1;
  self->max_tokens = 8192;
  self->idle_timeout_ms = 60000;
  self->max_retries = 2;
  self->retry_base_ms = 1000;
  self->retry_after_unit_ms = 1000;
  self->max_answer_bytes = PW_DEFAULT_MAX_ANSWER_BYTES;
  self->max_answer_lines = PW_DEFAULT_MAX_ANSWER_LINES;

  return self;
}

PwProviderOptions *
pw_provider_options_copy (const PwProviderOptions *self)
{
  PwProviderOptions *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->profile_id = g_strdup (self->profile_id);
  copy->profile_name = g_strdup (self->profile_name);
  copy->base_url = g_strdup (self->base_url);
  copy->model = g_strdup (self->model);
  copy->api_key = g_strdup (self->api_key);

  return copy;
}

void
pw_provider_options_free (PwProviderOptions *self)
{
  if (self == NULL)
    return;

  /* Wipe the key before the memory goes back to the allocator. */
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));

  g_free (self->profile_id);
  g_free (self->profile_name);
  g_free (self->base_url);
  g_free (self->model);
  g_free (self->api_key);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* PwProvider                                                          */
/* ------------------------------------------------------------------ */

G_DEFINE_INTERFACE (PwProvider, pw_provider, G_TYPE_OBJECT)

/* A provider without a model list (the offline planner has its own). */
static void
pw_provider_real_list_models_async (PwProvider          *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, pw_provider_real_list_models_async,
                           PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG,
                           _("This provider cannot list models"));
}

static GStrv
pw_provider_real_list_models_finish (PwProvider    *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
pw_provider_default_init (PwProviderInterface *iface)
{
  iface->list_models_async = pw_provider_real_list_models_async;
  iface->list_models_finish = pw_provider_real_list_models_finish;
}

PwProviderKind
pw_provider_get_kind (PwProvider *self)
{
  g_return_val_if_fail (PW_IS_PROVIDER (self), PW_PROVIDER_KIND_OFFLINE);
  return PW_PROVIDER_GET_IFACE (self)->get_kind (self);
}

/**
 * pw_provider_get_options:
 *
 * Returns: (transfer none): the options the provider was built with
 */
const PwProviderOptions *
pw_provider_get_options (PwProvider *self)
{
  g_return_val_if_fail (PW_IS_PROVIDER (self), NULL);
  return PW_PROVIDER_GET_IFACE (self)->get_options (self);
}

/**
 * pw_provider_display_name:
 *
 * Returns: the profile name, or the kind when the profile has none
 */
const char *
pw_provider_display_name (PwProvider *self)
{
  const PwProviderOptions *options = pw_provider_get_options (self);

  if (options->profile_name != NULL && *options->profile_name != '\0')
    return options->profile_name;
  return pw_provider_kind_to_string (pw_provider_get_kind (self));
}

/**
 * pw_provider_new:
 * @kind: the wire protocol
 * @options: (nullable): the options, or %NULL for the defaults
 *
 * Returns: (transfer full): a provider of @kind
 */
PwProvider *
pw_provider_new (PwProviderKind           kind,
                 const PwProviderOptions *options)
{
  g_autoptr(PwProviderOptions) defaults = NULL;

  if (options == NULL)
    options = defaults = pw_provider_options_new ();

  switch (kind)
    {
    case PW_PROVIDER_KIND_OPENAI:
      return pw_provider_openai_new (options);
    case PW_PROVIDER_KIND_ANTHROPIC:
      return pw_provider_anthropic_new (options);
    case PW_PROVIDER_KIND_OLLAMA:
      return pw_provider_ollama_new (options);
    case PW_PROVIDER_KIND_OFFLINE:
    default:
      return pw_provider_offline_new (options);
    }
}

/**
 * pw_provider_generate_async:
 * @self: a #PwProvider
 * @generation: the generation to run; it is reset first
 * @cancellable: (nullable): cancels the request; the partial text stays
 * @callback: called when the generation has finished, however it ended
 * @user_data: data for @callback
 *
 * Sends @generation's prompt and streams the answer into it.  Watch
 * @generation's signals and properties for progress.
 */
void
pw_provider_generate_async (PwProvider          *self,
                            PwGeneration        *generation,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (PW_IS_PROVIDER (self));
  g_return_if_fail (PW_IS_GENERATION (generation));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  PW_PROVIDER_GET_IFACE (self)->generate_async (self, generation, cancellable, callback, user_data);
}

/**
 * pw_provider_generate_finish:
 *
 * Returns: %TRUE if the answer completed; otherwise %FALSE with @error set
 *   (the generation keeps the partial text and says how it ended)
 */
gboolean
pw_provider_generate_finish (PwProvider    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (PW_IS_PROVIDER (self), FALSE);

  return PW_PROVIDER_GET_IFACE (self)->generate_finish (self, result, error);
}

/**
 * pw_provider_list_models_async:
 *
 * Lists the model identifiers the server offers, following pages.
 */
void
pw_provider_list_models_async (PwProvider          *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (PW_IS_PROVIDER (self));

  PW_PROVIDER_GET_IFACE (self)->list_models_async (self, cancellable, callback, user_data);
}

/**
 * pw_provider_list_models_finish:
 *
 * Returns: (transfer full): the model identifiers, or %NULL on error
 */
GStrv
pw_provider_list_models_finish (PwProvider    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (PW_IS_PROVIDER (self), NULL);

  return PW_PROVIDER_GET_IFACE (self)->list_models_finish (self, result, error);
}
