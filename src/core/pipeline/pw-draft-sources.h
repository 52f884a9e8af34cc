/* pw-draft-sources.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-generation.h"
#include "pw-workspace.h"

G_BEGIN_DECLS

typedef struct _PwDraftSources PwDraftSources;

PwDraftSources *pw_draft_sources_new            (PwWorkspace    *workspace) G_GNUC_WARN_UNUSED_RESULT;
void            pw_draft_sources_read           (PwDraftSources *self,
                                                 GCancellable   *cancellable);
void            pw_draft_sources_apply          (PwDraftSources *self,
                                                 PwGeneration   *generation);
const char     *pw_draft_sources_get_types_path (PwDraftSources *self);
guint           pw_draft_sources_get_n_plans    (PwDraftSources *self);
void            pw_draft_sources_free           (PwDraftSources *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwDraftSources, pw_draft_sources_free)

G_END_DECLS
