/* pw-utils.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * PwTextFoldFlags:
 * @PW_TEXT_FOLD_NONE: fold case, letters and punctuation only
 * @PW_TEXT_FOLD_DROP_NUMBERING: also drop leading numbers ("9.", "2.1")
 *
 * Options of pw_text_fold().
 */
typedef enum
{
  PW_TEXT_FOLD_NONE           = 0,
  PW_TEXT_FOLD_DROP_NUMBERING = 1 << 0,
} PwTextFoldFlags;

/**
 * PwEscapeFlags:
 * @PW_ESCAPE_ONE_LINE: escape line breaks too: the text is one field
 * @PW_ESCAPE_KEEP_LINES: keep "\n" and "\r\n": the text is a document
 * @PW_ESCAPE_JSON: the text is JSON from a generator: `\uXXXX` escapes
 *
 * Options of pw_text_escape_controls().
 */
typedef enum
{
  PW_ESCAPE_ONE_LINE   = 0,
  PW_ESCAPE_KEEP_LINES = 1 << 0,
  PW_ESCAPE_JSON       = 1 << 1,
} PwEscapeFlags;

gsize    pw_estimate_tokens     (const char *text,
                                 gssize      length);
char    *pw_text_fold           (const char      *text,
                                 char             separator,
                                 PwTextFoldFlags  flags) G_GNUC_WARN_UNUSED_RESULT;
char    *pw_slugify             (const char *text) G_GNUC_WARN_UNUSED_RESULT;
const char *pw_title_distinguishing_part (const char *title);
char    *pw_sha256_hex          (const char *data,
                                 gssize      length) G_GNUC_WARN_UNUSED_RESULT;
gboolean pw_path_is_confined    (const char *relative_path);
char    *pw_text_escape_controls (const char    *text,
                                  gssize         length,
                                  PwEscapeFlags  flags) G_GNUC_WARN_UNUSED_RESULT;
void     pw_text_print_document (const char *text,
                                 gssize      length);
void     pw_core_ensure_resources (void);

G_END_DECLS
