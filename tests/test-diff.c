/* test-diff.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-diff.h"

/* STUB: to be written. */

static void
test_diff_placeholder (void)
{
  g_test_skip ("not written yet");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/diff/placeholder", test_diff_placeholder);
  return g_test_run ();
}
