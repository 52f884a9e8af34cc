/* pw-test-utils.h: helpers shared by the tests, without GTK.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-workspace.h"

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
PwWorkspace *pw_test_open_workspace (const char *path) G_GNUC_WARN_UNUSED_RESULT;
void  pw_test_store_result_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);
char *pw_test_read_plan_data (const char *name) G_GNUC_WARN_UNUSED_RESULT;
char *pw_test_dup_shared_dir (const char *name) G_GNUC_WARN_UNUSED_RESULT;
int   pw_test_run_cli      (const char  *args,
                            char       **out,
                            char       **err);
void  pw_test_write_file_mode (const char *dir,
                               const char *name,
                               const char *contents,
                               int         mode);

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
