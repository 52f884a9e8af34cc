/* pw-diff.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PwDiffOp:
 * @PW_DIFF_EQUAL: the line is in both texts
 * @PW_DIFF_REMOVED: the line is only in the old text
 * @PW_DIFF_ADDED: the line is only in the new text
 */
typedef enum
{
  PW_DIFF_EQUAL,
  PW_DIFF_REMOVED,
  PW_DIFF_ADDED,
} PwDiffOp;

/**
 * PwDiffLine:
 * @op: what happened to the line
 * @old_line: 1-based line in the old text, or 0 for an added line
 * @new_line: 1-based line in the new text, or 0 for a removed line
 * @text: the line without its line end
 */
typedef struct
{
  PwDiffOp  op;
  guint     old_line;
  guint     new_line;
  char     *text;
} PwDiffLine;

/* A minimal line diff (Myers), in order: removed lines come before the added
 * lines that replace them. Either text may be NULL (empty). CRLF and LF line
 * ends compare equal, and so does a final line without a newline. Returns a
 * #GPtrArray of #PwDiffLine. */
GPtrArray *pw_diff_lines        (const char *old_text,
                                 const char *new_text) G_GNUC_WARN_UNUSED_RESULT;
void       pw_diff_count        (GPtrArray  *lines,
                                 guint      *added,
                                 guint      *removed);
/* `--- a`/`+++ b` and @context lines around each change (unified format). */
char      *pw_diff_format_unified (GPtrArray  *lines,
                                 const char *old_name,
                                 const char *new_name,
                                 guint       context) G_GNUC_WARN_UNUSED_RESULT;
void       pw_diff_line_free    (PwDiffLine *line);

G_END_DECLS
