/* pw-workspace.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-document.h"
#include "pw-rules.h"
#include "pw-types.h"

G_BEGIN_DECLS

#define PW_WORKSPACE_ERROR (pw_workspace_error_quark ())

typedef enum
{
  PW_WORKSPACE_ERROR_NOT_A_FOLDER,
  PW_WORKSPACE_ERROR_OUTSIDE_ROOT,
} PwWorkspaceError;

/*
 * PwWorkspace: a repository folder and the planning documents found in it.
 *
 * pw_workspace_open() scans the folder and finds one document per role
 * (PRD, tech stack, API spec — a Markdown plan or an OpenAPI/Swagger file —,
 * db plan), all the agent rules files, ranked by relevance to the backend,
 * and all existing plans. The scan reads only the rules files, the tech
 * stack and the first KiB of possible OpenAPI files. Documents are read lazily: call
 * pw_document_load() on the ones you need, or pw_workspace_load_documents()
 * to read every role document and rules file at once (an unreadable or
 * invalid-UTF-8 file is skipped there and stays not loaded / read-only).
 * pw_workspace_resolve_reference() maps "@.ai/tech-stack.md" or
 * ".ai/tech-stack.md" to the document found for that role, whatever its real
 * file name. Paths are relative to the root, with "/" separators.
 */

#define PW_TYPE_WORKSPACE (pw_workspace_get_type ())

G_DECLARE_FINAL_TYPE (PwWorkspace, pw_workspace, PW, WORKSPACE, GObject)

GQuark       pw_workspace_error_quark      (void);
PwWorkspace *pw_workspace_new              (GFile          *root) G_GNUC_WARN_UNUSED_RESULT;
PwWorkspace *pw_workspace_open             (GFile          *root,
                                            GCancellable   *cancellable,
                                            GError        **error) G_GNUC_WARN_UNUSED_RESULT;
void         pw_workspace_open_async       (GFile               *root,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
PwWorkspace *pw_workspace_open_finish      (GAsyncResult   *result,
                                            GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean     pw_workspace_scan             (PwWorkspace    *self,
                                            GCancellable   *cancellable,
                                            GError        **error);
GFile       *pw_workspace_get_root         (PwWorkspace    *self);
const char  *pw_workspace_get_name         (PwWorkspace    *self);
PwDocument  *pw_workspace_get_document     (PwWorkspace    *self,
                                            PwDocumentRole  role);
GPtrArray   *pw_workspace_get_candidates   (PwWorkspace    *self,
                                            PwDocumentRole  role);
GPtrArray   *pw_workspace_get_rules        (PwWorkspace    *self);
PwDocument  *pw_workspace_get_default_rules (PwWorkspace   *self);
GPtrArray   *pw_workspace_dup_default_rules (PwWorkspace   *self) G_GNUC_WARN_UNUSED_RESULT;
const PwRule *pw_workspace_get_rule_info   (PwWorkspace    *self,
                                            PwDocument     *document);
GPtrArray   *pw_workspace_dup_remembered_rules (PwWorkspace *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean     pw_workspace_remember_rules   (PwWorkspace    *self,
                                            GPtrArray      *documents,
                                            GError        **error);
void         pw_workspace_remember_rules_async  (PwWorkspace         *self,
                                                 GPtrArray           *documents,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean     pw_workspace_remember_rules_finish (PwWorkspace   *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);
GPtrArray   *pw_workspace_get_plans        (PwWorkspace    *self);
void         pw_workspace_add_plan         (PwWorkspace    *self,
                                            const char     *relative_path);
PwDocument  *pw_workspace_lookup           (PwWorkspace    *self,
                                            const char     *relative_path);
PwDocument  *pw_workspace_resolve_reference (PwWorkspace   *self,
                                            const char     *reference);
char        *pw_workspace_conventional_path (PwDocumentRole role) G_GNUC_WARN_UNUSED_RESULT;
PwDocument  *pw_workspace_create_document  (PwWorkspace    *self,
                                            PwDocumentRole  role,
                                            GError        **error);
void         pw_workspace_create_document_async  (PwWorkspace         *self,
                                                  PwDocumentRole       role,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
PwDocument  *pw_workspace_create_document_finish (PwWorkspace   *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);
GFile       *pw_workspace_resolve_path     (PwWorkspace    *self,
                                            const char     *relative_path,
                                            GError        **error) G_GNUC_WARN_UNUSED_RESULT;
JsonNode    *pw_workspace_to_json          (PwWorkspace    *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean     pw_workspace_load_documents   (PwWorkspace    *self,
                                            GCancellable   *cancellable,
                                            GError        **error);

const char  *pw_document_role_to_string    (PwDocumentRole  role);
PwDocumentRole pw_document_role_from_string (const char    *name);
PwDocumentRole pw_document_role_classify   (const char     *relative_path);

G_END_DECLS
