/* pw-local-servers.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-local-servers"

#include "config.h"

#include "pw-local-servers.h"

/*
 * Finds model servers running on this machine, so that the preferences can
 * offer them without the user typing a URL. Each candidate is asked for its
 * model list through the real provider for its protocol; a candidate that
 * answers within the time limit is a server. Only loopback addresses are
 * probed.
 */

static const PwLocalServerCandidate default_candidates[] = {
  { PW_PROVIDER_KIND_OLLAMA, "Ollama", "http://127.0.0.1:11434" },
  { PW_PROVIDER_KIND_OPENAI, "LM Studio", "http://127.0.0.1:1234/v1" },
  { PW_PROVIDER_KIND_OPENAI, "llama.cpp", "http://127.0.0.1:8080/v1" },
};

typedef struct
{
  GPtrArray    *found;    /* (element-type PwLocalServer) */
  guint         pending;
} Probe;

typedef struct
{
  GTask                  *task;           /* (owned) */
  GCancellable           *cancellable;    /* (owned) */
  PwLocalServerCandidate  candidate;
  guint                   timeout_id;
} Attempt;

void
pw_local_server_free (PwLocalServer *server)
{
  if (server == NULL)
    return;

  g_free (server->name);
  g_free (server->base_url);
  g_strfreev (server->models);
  g_free (server);
}

static void
probe_free (Probe *probe)
{
  g_ptr_array_unref (probe->found);
  g_free (probe);
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  Attempt *attempt = user_data;

  attempt->timeout_id = 0;
  g_cancellable_cancel (attempt->cancellable);

  return G_SOURCE_REMOVE;
}

static void
list_models_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Attempt *attempt = user_data;
  Probe *probe = g_task_get_task_data (attempt->task);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  models = pw_provider_list_models_finish (PW_PROVIDER (source), result, &error);
  if (models != NULL)
    {
      PwLocalServer *server = g_new0 (PwLocalServer, 1);

      server->kind = attempt->candidate.kind;
      server->name = g_strdup (attempt->candidate.name);
      server->base_url = g_strdup (attempt->candidate.base_url);
      server->models = g_steal_pointer (&models);
      g_ptr_array_add (probe->found, server);
    }
  else
    {
      g_debug ("No server at %s: %s", attempt->candidate.base_url, error->message);
    }

  g_clear_handle_id (&attempt->timeout_id, g_source_remove);

  if (--probe->pending == 0)
    {
      if (!g_task_return_error_if_cancelled (attempt->task))
        g_task_return_pointer (attempt->task, g_ptr_array_ref (probe->found),
                               (GDestroyNotify)g_ptr_array_unref);
    }

  g_object_unref (attempt->task);
  g_object_unref (attempt->cancellable);
  g_free (attempt);
}

static void
parent_cancelled_cb (GCancellable *parent,
                     GCancellable *child)
{
  g_cancellable_cancel (child);
}

/**
 * pw_local_servers_probe_async:
 * @candidates: (array length=n_candidates) (nullable): where to look, or
 *   %NULL for Ollama (11434), LM Studio (1234) and llama.cpp (8080) on
 *   127.0.0.1
 * @timeout_ms: how long each candidate may take to answer
 *
 * Asks every candidate for its models at once. The result lists those that
 * answered, in the order of @candidates.
 */
void
pw_local_servers_probe_async (const PwLocalServerCandidate *candidates,
                              guint                         n_candidates,
                              guint                         timeout_ms,
                              GCancellable                 *cancellable,
                              GAsyncReadyCallback           callback,
                              gpointer                      user_data)
{
  g_autoptr(GTask) task = NULL;
  Probe *probe;

  if (candidates == NULL)
    {
      candidates = default_candidates;
      n_candidates = G_N_ELEMENTS (default_candidates);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_local_servers_probe_async);

  probe = g_new0 (Probe, 1);
  probe->found = g_ptr_array_new_with_free_func ((GDestroyNotify)pw_local_server_free);
  probe->pending = n_candidates;
  g_task_set_task_data (task, probe, (GDestroyNotify)probe_free);

  if (n_candidates == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (probe->found),
                             (GDestroyNotify)g_ptr_array_unref);
      return;
    }

  for (guint i = 0; i < n_candidates; i++)
    {
      g_autoptr(PwProviderOptions) options = pw_provider_options_new ();
      g_autoptr(PwProvider) provider = NULL;
      Attempt *attempt = g_new0 (Attempt, 1);

      attempt->task = g_object_ref (task);
      attempt->cancellable = g_cancellable_new ();
      attempt->candidate = candidates[i];
      if (cancellable != NULL)
        g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled_cb),
                               g_object_ref (attempt->cancellable), g_object_unref);

      g_free (options->base_url);
      options->base_url = g_strdup (candidates[i].base_url);
      options->idle_timeout_ms = timeout_ms;
      options->max_retries = 0;
      provider = pw_provider_new (candidates[i].kind, options);

      attempt->timeout_id = g_timeout_add (timeout_ms, attempt_timeout_cb, attempt);
      pw_provider_list_models_async (provider, attempt->cancellable, list_models_cb, attempt);
    }
}

/**
 * pw_local_servers_probe_finish:
 *
 * Returns: (transfer full) (element-type PwLocalServer): the servers found,
 *   possibly none
 */
GPtrArray *
pw_local_servers_probe_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
