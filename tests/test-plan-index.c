/* test-plan-index.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-plan-index.h"

/* STUB: to be written. */

static void
test_plan_index_placeholder (void)
{
  g_test_skip ("not written yet");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-index/placeholder", test_plan_index_placeholder);
  return g_test_run ();
}
