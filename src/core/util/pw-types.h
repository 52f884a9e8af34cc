/* pw-types.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Forward declarations so that headers need not include each other. */
typedef struct _PwDocument  PwDocument;
typedef struct _PwWorkspace PwWorkspace;
typedef struct _PwPlan      PwPlan;
typedef struct _PwTemplate  PwTemplate;
typedef struct _PwEndpoint  PwEndpoint;

/**
 * PwDocumentRole:
 * @PW_DOCUMENT_ROLE_NONE: not a planning document
 * @PW_DOCUMENT_ROLE_PRD: product requirements (`.ai/prd.md`)
 * @PW_DOCUMENT_ROLE_TECH_STACK: tech stack (`.ai/tech-stack.md`)
 * @PW_DOCUMENT_ROLE_API_SPEC: REST API plan (`.ai/api-plan.md`)
 * @PW_DOCUMENT_ROLE_DB_PLAN: database plan (`.ai/db-plan.md`)
 * @PW_DOCUMENT_ROLE_RULES: implementation rules (`.cursor/rules/NAME.mdc`)
 * @PW_DOCUMENT_ROLE_PLAN: an implementation plan (`.ai/NAME-implementation-plan.md`)
 */
typedef enum
{
  PW_DOCUMENT_ROLE_NONE,
  PW_DOCUMENT_ROLE_PRD,
  PW_DOCUMENT_ROLE_TECH_STACK,
  PW_DOCUMENT_ROLE_API_SPEC,
  PW_DOCUMENT_ROLE_DB_PLAN,
  PW_DOCUMENT_ROLE_RULES,
  PW_DOCUMENT_ROLE_PLAN,
} PwDocumentRole;

#define PW_N_DOCUMENT_ROLES (PW_DOCUMENT_ROLE_PLAN + 1)

G_END_DECLS
