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

/* How `planwright` run as a process ended. */
typedef struct
{
  gboolean  done;
  char     *out;
  char     *err;
  int       status;
} PwTestResult;

PwTestResult pw_test_run_planwright (const char * const *args,
                                     const char         *data_home,
                                     const char         *key,
                                     guint               interrupt_ms);
void         pw_test_result_clear   (PwTestResult       *result);

G_END_DECLS
