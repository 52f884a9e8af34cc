/* pw-draft-plan.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * PwDraftInput:
 * @api_spec: (nullable): the API plan's text
 * @api_spec_path: (nullable): its path in the repository
 * @endpoints: (nullable) (element-type PwEndpoint): the chosen endpoints
 *   (borrowed), each with its section in @api_spec
 * @feature: (nullable): the feature, when the plan is not for endpoints
 * @sections: (nullable): the template's section names
 * @tech_stack, @db_plan, @prd, @rules: (nullable): the documents' texts
 * @types: (nullable): the repository's shared types (`src/types.ts`)
 * @types_path: (nullable): the file @types was read from
 * @plans: (nullable): text of the repository's existing plans, for their
 *   language and the type names they use
 * @openapi_tree: (nullable): @api_spec's tree when it is an OpenAPI
 *   document the caller has read already (see pw_openapi_parse_tree());
 *   else the draft reads it when an operation's section needs it
 *
 * What the offline draft is built from.
 */
typedef struct
{
  const char         *api_spec;
  const char         *api_spec_path;
  GPtrArray          *endpoints;
  const char         *feature;
  const char * const *sections;
  const char         *tech_stack;
  const char         *db_plan;
  const char         *prd;
  const char         *rules;
  const char         *types;
  const char         *types_path;
  const char         *plans;
  JsonNode           *openapi_tree;
} PwDraftInput;

char *pw_draft_plan_build (const PwDraftInput *input) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
