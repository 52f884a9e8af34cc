/* pw-diff.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-diff.h"

/* STUB: to be written. */

GPtrArray *pw_diff_lines (const char *old_text, const char *new_text)
{ return g_ptr_array_new_with_free_func ((GDestroyNotify) pw_diff_line_free); }
void pw_diff_count (GPtrArray *lines, guint *added, guint *removed) { *added = *removed = 0; }
char *pw_diff_format_unified (GPtrArray *lines, const char *old_name, const char *new_name, guint context)
{ return g_strdup (""); }
void pw_diff_line_free (PwDiffLine *line) { if (line) { g_free (line->text); g_free (line); } }
