/* pw-local-servers.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-provider.h"

G_BEGIN_DECLS

/**
 * PwLocalServer:
 * @kind: the protocol the server speaks
 * @name: what the server is, for people ("Ollama", "LM Studio")
 * @base_url: the base URL a profile should use
 * @models: (array zero-terminated=1): the models it offers
 *
 * A model server found on this machine.
 */
typedef struct
{
  PwProviderKind  kind;
  char           *name;
  char           *base_url;
  GStrv           models;
} PwLocalServer;

typedef struct
{
  PwProviderKind  kind;
  const char     *name;
  const char     *base_url;
} PwLocalServerCandidate;

void           pw_local_server_free          (PwLocalServer                *server);
void           pw_local_servers_probe_async  (const PwLocalServerCandidate *candidates,
                                              guint                         n_candidates,
                                              guint                         timeout_ms,
                                              GCancellable                 *cancellable,
                                              GAsyncReadyCallback           callback,
                                              gpointer                      user_data);
GPtrArray     *pw_local_servers_probe_finish (GAsyncResult                 *result,
                                              GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwLocalServer, pw_local_server_free)

G_END_DECLS
