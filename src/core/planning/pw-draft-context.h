/* pw-draft-context.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pw-draft-plan.h"

G_BEGIN_DECLS

typedef enum
{
  PW_DRAFT_STACK_GENERIC,
  PW_DRAFT_STACK_ASTRO,
  PW_DRAFT_STACK_NEXT,
  PW_DRAFT_STACK_NEST,
  PW_DRAFT_STACK_EXPRESS,
  PW_DRAFT_STACK_FASTAPI,
  PW_DRAFT_STACK_DOTNET,
  PW_DRAFT_STACK_NUXT,
} PwDraftStack;

/**
 * PwDraftContext:
 * @stack: the backend the tech stack and rules name
 * @supabase, @zod, @vitest: what else they name
 * @polish: the repository writes its plans in Polish
 * @stack_names: (nullable): "Astro, TypeScript, Supabase"
 * @auth_title: (nullable): the API plan's authentication section title
 * @auth_line: its 1-based line
 * @auth: (element-type utf8): its first lines, verbatim
 * @tables: (element-type utf8): every table name the API plan's resources
 *   mapping or the db plan gives
 * @names: (element-type utf8): type names the repository already uses
 * @types_path: (nullable): the shared types file the repository has
 * @validation: (nullable): the API plan's validation sections, verbatim
 *
 * What the whole repository says that shapes every draft.
 */
typedef struct
{
  PwDraftStack  stack;
  gboolean      supabase;
  gboolean      zod;
  gboolean      vitest;
  gboolean      polish;
  char         *stack_names;
  char         *auth_title;
  guint         auth_line;
  GPtrArray    *auth;
  GPtrArray    *tables;
  GPtrArray    *names;
  char         *types_path;
  char         *validation;
} PwDraftContext;

PwDraftContext *pw_draft_context_new          (const PwDraftInput *input) G_GNUC_WARN_UNUSED_RESULT;
void            pw_draft_context_free         (PwDraftContext     *context);
char           *pw_draft_resource_name        (const char         *path) G_GNUC_WARN_UNUSED_RESULT;
char           *pw_draft_resource_table       (const char         *path) G_GNUC_WARN_UNUSED_RESULT;
char           *pw_draft_resource_slug        (const char         *path) G_GNUC_WARN_UNUSED_RESULT;
gboolean        pw_draft_is_item_path         (const char         *path);
char           *pw_draft_type_name            (PwDraftContext     *context,
                                               const char         *method,
                                               const char         *path,
                                               gboolean            input) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray      *pw_draft_tables_for           (PwDraftContext     *context,
                                               const char         *path,
                                               const char         *section) G_GNUC_WARN_UNUSED_RESULT;
char           *pw_draft_handler_file         (PwDraftContext     *context,
                                               const char         *method,
                                               const char         *path) G_GNUC_WARN_UNUSED_RESULT;
char           *pw_draft_service_file         (PwDraftContext     *context,
                                               const char         *path) G_GNUC_WARN_UNUSED_RESULT;
char           *pw_draft_schema_file          (PwDraftContext     *context,
                                               const char         *path) G_GNUC_WARN_UNUSED_RESULT;
char           *pw_draft_test_file            (PwDraftContext     *context,
                                               const char         *path) G_GNUC_WARN_UNUSED_RESULT;
const char     *pw_draft_types_file           (PwDraftContext     *context);
char           *pw_draft_prd_section          (const char         *prd,
                                               const char         *feature) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwDraftContext, pw_draft_context_free)

G_END_DECLS
