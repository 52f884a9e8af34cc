/* pw-draft-extract.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PW_DRAFT_PLACE_PATH,
  PW_DRAFT_PLACE_QUERY,
  PW_DRAFT_PLACE_HEADER,
  PW_DRAFT_PLACE_BODY,
  PW_DRAFT_PLACE_RESPONSE,
  PW_DRAFT_N_PLACES,
} PwDraftPlace;

typedef enum
{
  PW_DRAFT_FLAG_UNSTATED,
  PW_DRAFT_FLAG_REQUIRED,
  PW_DRAFT_FLAG_OPTIONAL,
} PwDraftFlag;

/**
 * PwDraftField:
 * @name: the field or parameter name as the spec writes it
 * @place: where it goes (path, query, header, body, response)
 * @type: (nullable): its type as the spec states it
 * @flag: required or optional when the spec says so (a TypeScript `?`,
 *   "required", "optional", a path parameter), else unstated
 * @notes: (nullable): the spec's own words about it: limits, defaults,
 *   enum values, its description
 * @line: 1-based line in the spec file
 * @flag_from_db: @flag is not the spec's but what the db plan says of the
 *   column of the same name (see pw_draft_facts_from_db())
 */
typedef struct
{
  char         *name;
  PwDraftPlace  place;
  char         *type;
  PwDraftFlag   flag;
  char         *notes;
  guint         line;
  gboolean      flag_from_db;
} PwDraftField;

/**
 * PwDraftStatus:
 * @code: the HTTP status code
 * @reason: (nullable): the spec's words for it, e.g. "Conflict (duplicate book)"
 */
typedef struct
{
  guint  code;
  char  *reason;
} PwDraftStatus;

/**
 * PwDraftFacts:
 * @fields: (element-type PwDraftField)
 * @statuses: (element-type PwDraftStatus), sorted by code
 * @auth: (element-type utf8): the section's own lines about authentication
 * @constraints: (element-type utf8): the section's lines stating limits
 *   (numbers with max/min/between/characters, headers, rate limits)
 * @first_line: 1-based line of the section in the spec file
 */
typedef struct
{
  GPtrArray *fields;
  GPtrArray *statuses;
  GPtrArray *auth;
  GPtrArray *constraints;
  guint      first_line;
} PwDraftFacts;

PwDraftFacts *pw_draft_extract          (const char   *section,
                                         const char   *method,
                                         const char   *path,
                                         guint         first_line) G_GNUC_WARN_UNUSED_RESULT;
PwDraftFacts *pw_draft_facts_new        (guint         first_line) G_GNUC_WARN_UNUSED_RESULT;
void          pw_draft_facts_add        (PwDraftFacts *facts,
                                         const char   *name,
                                         PwDraftPlace  place,
                                         const char   *type,
                                         PwDraftFlag   flag,
                                         const char   *notes,
                                         guint         line);
void          pw_draft_facts_add_status (PwDraftFacts *facts,
                                         guint         code,
                                         const char   *reason);
void          pw_draft_facts_finish     (PwDraftFacts *facts,
                                         const char   *path);
void          pw_draft_facts_free       (PwDraftFacts *facts);
void          pw_draft_facts_complete   (PwDraftFacts *facts,
                                         const char   *rules,
                                         const char   *resource);
PwDraftField *pw_draft_facts_find       (PwDraftFacts *facts,
                                         const char   *name);
guint         pw_draft_facts_count      (PwDraftFacts *facts,
                                         PwDraftPlace  place);
gboolean      pw_draft_facts_has_status (PwDraftFacts *facts,
                                         guint         code);
char         *pw_draft_unescape         (const char   *text) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwDraftFacts, pw_draft_facts_free)

G_END_DECLS
