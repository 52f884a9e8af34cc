/* pw-draft-db.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-draft-db"

#include "config.h"

#include <string.h>

#include "pw-draft-db.h"

/* What the db plan says about a column, for a request field the API plan
 * gives no flag: a NOT NULL column without a default is required when a
 * row is created, a nullable one or one with a default is optional.  The
 * column is read from the table's CREATE TABLE, else from the db plan's
 * section about the table (a table row, a bullet or a line that starts
 * with the column's name).
 */

/* The body of `create table TABLE (…)`, or NULL. */
static char *
create_table_body (const char *db_plan,
                   const char *escaped)
{
  g_autofree char *pattern = g_strdup_printf ("create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?"
                                              "(?:[a-z_]+\\.)?\"?%s\"?\\s*\\(", escaped);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const char *p;
  int depth = 1;
  int end;

  if (regex == NULL || !g_regex_match (regex, db_plan, 0, &match))
    return NULL;
  g_match_info_fetch_pos (match, 0, NULL, &end);
  for (p = db_plan + end; *p != '\0' && depth > 0; p++)
    depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
  return g_strndup (db_plan + end, p - (db_plan + end));
}

/* From a heading naming TABLE to the next heading of its level or above. */
static char *
table_section (const char *db_plan,
               const char *escaped)
{
  g_autofree char *pattern = g_strdup_printf ("^(#{1,6})\\s+[^\\n]*\\b%s\\b[^\\n]*$", escaped);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) next = NULL;
  g_autoptr(GMatchInfo) next_match = NULL;
  g_autofree char *hashes = NULL;
  g_autofree char *next_pattern = NULL;
  int end, stop;

  if (regex == NULL || !g_regex_match (regex, db_plan, 0, &match))
    return NULL;
  hashes = g_match_info_fetch (match, 1);
  g_match_info_fetch_pos (match, 0, NULL, &end);
  next_pattern = g_strdup_printf ("^#{1,%u}\\s", (guint) strlen (hashes));
  next = g_regex_new (next_pattern, G_REGEX_MULTILINE, 0, NULL);
  stop = strlen (db_plan);
  if (g_regex_match_full (next, db_plan, -1, end, 0, &next_match, NULL))
    g_match_info_fetch_pos (next_match, 0, &stop, NULL);
  return g_strndup (db_plan + end, stop - end);
}

/* The nullability a column's own line states. */
static PwDraftNullability
line_nullability (const char *line)
{
  g_autofree char *lower = g_utf8_strdown (line, -1);
  gboolean defaulted = g_regex_match_simple ("\\bdefault\\b|domyśln", lower, 0, 0);

  if (g_regex_match_simple ("not\\s+null|non-null|primary\\s+key|\\brequired\\b|wymagan", lower, 0, 0))
    return defaulted ? PW_DRAFT_COLUMN_DEFAULTED : PW_DRAFT_COLUMN_NOT_NULL;
  if (g_regex_match_simple ("\\bnull(able)?\\b|\\boptional\\b|opcjonaln", lower, 0, 0))
    return PW_DRAFT_COLUMN_NULLABLE;
  return PW_DRAFT_COLUMN_UNKNOWN;
}

/* The first line of @block that starts with @column (after a pipe, a
 * bullet, backticks or quotes). */
static PwDraftNullability
block_nullability (const char *block,
                   const char *column)
{
  g_auto(GStrv) lines = g_strsplit (block, "\n", -1);
  gsize n = strlen (column);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i] + strspn (lines[i], " \t|-*+`\"");

      if (strncmp (p, column, n) == 0 && !g_ascii_isalnum (p[n]) && p[n] != '_')
        return line_nullability (p + n);
    }
  return PW_DRAFT_COLUMN_UNKNOWN;
}

/**
 * pw_draft_db_column:
 * @db_plan: (nullable): the db plan's text
 * @table: a table name
 * @column: a column name
 *
 * Returns: what the db plan says about @column of @table
 */
PwDraftNullability
pw_draft_db_column (const char *db_plan,
                    const char *table,
                    const char *column)
{
  g_autofree char *escaped = NULL;
  g_autofree char *block = NULL;

  if (db_plan == NULL || table == NULL || column == NULL || *column == '\0')
    return PW_DRAFT_COLUMN_UNKNOWN;
  escaped = g_regex_escape_string (table, -1);
  block = create_table_body (db_plan, escaped);
  if (block == NULL)
    block = table_section (db_plan, escaped);
  return block != NULL ? block_nullability (block, column) : PW_DRAFT_COLUMN_UNKNOWN;
}

/* The flag a column gives a request field, or unstated: a partial update
 * (PATCH) needs no column, so only a nullable one says optional there. */
static PwDraftFlag
flag_for (PwDraftNullability  nullability,
          const char         *method)
{
  gboolean patch = g_strcmp0 (method, "PATCH") == 0;

  switch (nullability)
    {
    case PW_DRAFT_COLUMN_NOT_NULL:
      return patch ? PW_DRAFT_FLAG_UNSTATED : PW_DRAFT_FLAG_REQUIRED;
    case PW_DRAFT_COLUMN_DEFAULTED:
    case PW_DRAFT_COLUMN_NULLABLE:
      return PW_DRAFT_FLAG_OPTIONAL;
    case PW_DRAFT_COLUMN_UNKNOWN:
    default:
      return PW_DRAFT_FLAG_UNSTATED;
    }
}

/**
 * pw_draft_facts_from_db:
 * @db_plan: (nullable): the db plan's text
 * @tables: (element-type utf8): the endpoint's tables, its own first
 * @method: the endpoint's method
 *
 * Gives each request-body field the spec leaves unflagged the flag the
 * db plan implies for the column of the same name, in the first of
 * @tables that has it; such a field's @flag_from_db is set.
 */
void
pw_draft_facts_from_db (PwDraftFacts *facts,
                        const char   *db_plan,
                        GPtrArray    *tables,
                        const char   *method)
{
  if (db_plan == NULL || tables == NULL)
    return;
  for (guint i = 0; i < facts->fields->len; i++)
    {
      PwDraftField *field = g_ptr_array_index (facts->fields, i);

      if (field->place != PW_DRAFT_PLACE_BODY || field->flag != PW_DRAFT_FLAG_UNSTATED ||
          strchr (field->name, '.') != NULL)
        continue;
      for (guint j = 0; j < tables->len && field->flag == PW_DRAFT_FLAG_UNSTATED; j++)
        {
          PwDraftNullability nullability = pw_draft_db_column (db_plan, g_ptr_array_index (tables, j),
                                                               field->name);

          field->flag = flag_for (nullability, method);
          field->flag_from_db = field->flag != PW_DRAFT_FLAG_UNSTATED;
        }
    }
}
