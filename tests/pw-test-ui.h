/* pw-test-ui.h: helpers shared by the widget tests.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

/* A scratch copy of examples/shelfie, for tests that write into it. */
static inline char *
pw_test_copy_example (void)
{
  const char *source = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *example = g_build_filename (source, "examples", "shelfie", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-ui-XXXXXX", &error);
  g_autofree char *command = NULL;
  int status = 0;

  g_assert_no_error (error);
  command = g_strdup_printf ("cp -a '%s/.' '%s/'", example, dir);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  return g_steal_pointer (&dir);
}

/* Runs the main loop until @done says so, failing after 20 s. */
static inline void
pw_test_wait_until (gboolean (*done) (gpointer),
                    gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (done (data));
}
