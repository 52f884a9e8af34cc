/* pw-test-repo.h: helpers for tests that write a repository (beside
 * pw_test_write_file() and pw_test_open_workspace()): a file read back or
 * appended to, and a plan exported with its inputs' provenance.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-test-utils.h"
#include "pw-workspace.h"

G_BEGIN_DECLS

void         pw_test_append_file    (const char *dir,
                                     const char *relative,
                                     const char *text);
char        *pw_test_read_file      (const char *dir,
                                     const char *relative) G_GNUC_WARN_UNUSED_RESULT;
void         pw_test_remove_tree    (char       *dir);
void         pw_test_append_history_prompt (const char *dir,
                                            const char *prompt);
gboolean     pw_test_file_has       (gpointer    path_and_needle);
char        *pw_test_export_plan    (const char *dir,
                                     const char *endpoint_key,
                                     const char *relative,
                                     const char *body) G_GNUC_WARN_UNUSED_RESULT;

/* The notes app of the run tests: one endpoint, GET /api/notes/{id}. */
extern const char pw_test_notes_api_plan[];

char        *pw_test_make_notes_repo (const char *tmpl) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
