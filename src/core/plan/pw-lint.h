/* pw-lint.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "pw-types.h"

G_BEGIN_DECLS

typedef enum
{
  PW_LINT_SEVERITY_WARNING,
  PW_LINT_SEVERITY_ERROR,
} PwLintSeverity;

/* Issue codes (PwLintIssue.code). */
#define PW_LINT_MISSING_SECTION    "missing-section"     /* error */
#define PW_LINT_STATUS_CODE        "status-code"         /* warning */
#define PW_LINT_LEFTOVER_ANALYSIS  "leftover-analysis"   /* error */
#define PW_LINT_PLACEHOLDER        "placeholder"         /* error */
#define PW_LINT_EMPTY_STEPS        "empty-steps"         /* error */
#define PW_LINT_DUPLICATE_NUMBER   "duplicate-numbering" /* warning */
#define PW_LINT_STALE_INPUT        "stale-input"         /* warning, pw-stale.c */

/**
 * PwLintIssue:
 * @severity: error or warning
 * @code: a stable string id, one of the PW_LINT_* codes
 * @line: 1-based line of the problem (for a missing section: the line of
 *   the last heading before the place it belongs, or 1)
 * @message: a translated sentence
 */
typedef struct
{
  PwLintSeverity  severity;
  char           *code;
  guint           line;
  char           *message;
} PwLintIssue;

GPtrArray  *pw_lint_check               (const char     *text,
                                         gssize          length,
                                         PwTemplate     *template) G_GNUC_WARN_UNUSED_RESULT;
gboolean    pw_lint_has_errors          (GPtrArray      *issues);
guint       pw_lint_count               (GPtrArray      *issues,
                                         PwLintSeverity  severity);
JsonNode   *pw_lint_issues_to_json      (GPtrArray      *issues) G_GNUC_WARN_UNUSED_RESULT;
const char *pw_lint_severity_to_string  (PwLintSeverity  severity);
PwLintIssue *pw_lint_issue_new          (PwLintSeverity  severity,
                                         const char     *code,
                                         guint           line,
                                         char           *message) G_GNUC_WARN_UNUSED_RESULT;
void        pw_lint_issue_free          (PwLintIssue    *issue);

G_END_DECLS
