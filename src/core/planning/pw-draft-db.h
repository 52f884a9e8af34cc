/* pw-draft-db.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pw-draft-extract.h"

G_BEGIN_DECLS

/**
 * PwDraftNullability:
 * @PW_DRAFT_COLUMN_UNKNOWN: the db plan does not say, or has no such column
 * @PW_DRAFT_COLUMN_NOT_NULL: NOT NULL without a default
 * @PW_DRAFT_COLUMN_DEFAULTED: NOT NULL with a default
 * @PW_DRAFT_COLUMN_NULLABLE: may be null
 */
typedef enum
{
  PW_DRAFT_COLUMN_UNKNOWN,
  PW_DRAFT_COLUMN_NOT_NULL,
  PW_DRAFT_COLUMN_DEFAULTED,
  PW_DRAFT_COLUMN_NULLABLE,
} PwDraftNullability;

PwDraftNullability pw_draft_db_column     (const char   *db_plan,
                                           const char   *table,
                                           const char   *column);
void               pw_draft_facts_from_db (PwDraftFacts *facts,
                                           const char   *db_plan,
                                           GPtrArray    *tables,
                                           const char   *method);

G_END_DECLS
