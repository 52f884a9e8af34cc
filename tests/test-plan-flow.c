/* test-plan-flow.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtksourceview/gtksource.h>

/* STUB: to be written. */

static void
test_plan_flow_placeholder (void)
{
  g_test_skip ("not written yet");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  gtk_source_init ();
  g_test_add_func ("/plan-flow/placeholder", test_plan_flow_placeholder);
  return g_test_run ();
}
