/* pw-test-utils.h: helpers shared by the tests, without GTK.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *pw_test_copy_example (void) G_GNUC_WARN_UNUSED_RESULT;
void  pw_test_wait_until   (gboolean (*done) (gpointer),
                            gpointer   data);
int   pw_test_run_with_file_size_limit (void       (*func) (gpointer),
                                        gpointer     data,
                                        gsize        limit,
                                        gboolean     ignore_sigxfsz);
guint pw_test_count_temporaries (const char *dir);
char *pw_test_make_repo    (void) G_GNUC_WARN_UNUSED_RESULT;
void  pw_test_write_file   (const char *root,
                            const char *relative,
                            const char *contents);

G_END_DECLS
