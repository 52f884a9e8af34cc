/* test-plan-ticks.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-plan.h"
#include "pw-plan-ticks.h"

static const char plan_text[] =
  "# Plan\n"
  "\n"
  "## Implementation Steps\n"
  "1. First\n"
  "2. Second\n"
  "3. Third\n";

static PwPlanTicks *
ticks_for_text (const char *text,
                PwPlan    **plan_out)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  PwPlanTicks *ticks = pw_plan_ticks_new ();

  pw_plan_ticks_set_plan (ticks, plan);
  *plan_out = plan;

  return ticks;
}

static void
test_ticks_undo_redo (void)
{
  PwPlan *plan;
  g_autoptr(PwPlanTicks) ticks = ticks_for_text (plan_text, &plan);

  g_assert_true (pw_plan_ticks_get_plan (ticks) == plan);
  g_assert_false (pw_plan_ticks_get_can_undo (ticks));
  g_assert_false (pw_plan_ticks_get_can_redo (ticks));
  g_assert_false (pw_plan_ticks_undo (ticks));
  g_assert_false (pw_plan_ticks_redo (ticks));

  g_assert_true (pw_plan_ticks_toggle (ticks, 0, TRUE));
  g_assert_true (pw_plan_ticks_toggle (ticks, 2, TRUE));
  g_assert_true (pw_plan_get_step (plan, 0)->done);
  g_assert_true (pw_plan_get_step (plan, 2)->done);
  g_assert_true (pw_plan_ticks_get_can_undo (ticks));
  g_assert_false (pw_plan_ticks_get_can_redo (ticks));

  g_assert_true (pw_plan_ticks_undo (ticks));
  g_assert_false (pw_plan_get_step (plan, 2)->done);
  g_assert_true (pw_plan_get_step (plan, 0)->done);
  g_assert_true (pw_plan_ticks_get_can_redo (ticks));

  g_assert_true (pw_plan_ticks_undo (ticks));
  g_assert_cmpuint (pw_plan_get_n_done (plan), ==, 0);
  g_assert_false (pw_plan_ticks_get_can_undo (ticks));

  g_assert_true (pw_plan_ticks_redo (ticks));
  g_assert_true (pw_plan_get_step (plan, 0)->done);
  g_assert_true (pw_plan_ticks_redo (ticks));
  g_assert_true (pw_plan_get_step (plan, 2)->done);
  g_assert_false (pw_plan_ticks_get_can_redo (ticks));

  /* A new tick forgets what could be redone. */
  g_assert_true (pw_plan_ticks_undo (ticks));
  g_assert_true (pw_plan_ticks_toggle (ticks, 1, TRUE));
  g_assert_false (pw_plan_ticks_get_can_redo (ticks));
  g_assert_false (pw_plan_ticks_redo (ticks));
  g_assert_cmpuint (pw_plan_get_n_done (plan), ==, 2);
}

static void
test_ticks_no_op (void)
{
  PwPlan *plan;
  g_autoptr(PwPlanTicks) ticks = ticks_for_text (plan_text, &plan);

  /* Unticking an open step and a step out of range change nothing. */
  g_assert_false (pw_plan_ticks_toggle (ticks, 0, FALSE));
  g_assert_false (pw_plan_ticks_toggle (ticks, 3, TRUE));
  g_assert_false (pw_plan_ticks_get_can_undo (ticks));

  g_assert_true (pw_plan_ticks_toggle (ticks, 1, TRUE));
  g_assert_false (pw_plan_ticks_toggle (ticks, 1, TRUE));
  g_assert_true (pw_plan_ticks_undo (ticks));
  g_assert_false (pw_plan_ticks_get_can_undo (ticks));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_ticks_notify (void)
{
  PwPlan *plan;
  g_autoptr(PwPlanTicks) ticks = ticks_for_text (plan_text, &plan);
  guint undo_notifies = 0;
  guint redo_notifies = 0;
  gboolean can_undo = FALSE;

  g_signal_connect (ticks, "notify::can-undo", G_CALLBACK (count_notify_cb), &undo_notifies);
  g_signal_connect (ticks, "notify::can-redo", G_CALLBACK (count_notify_cb), &redo_notifies);

  pw_plan_ticks_toggle (ticks, 0, TRUE);
  pw_plan_ticks_toggle (ticks, 1, TRUE);
  g_assert_cmpuint (undo_notifies, ==, 1);
  g_object_get (ticks, "can-undo", &can_undo, NULL);
  g_assert_true (can_undo);

  pw_plan_ticks_undo (ticks);
  g_assert_cmpuint (redo_notifies, ==, 1);
  pw_plan_ticks_undo (ticks);
  g_assert_cmpuint (undo_notifies, ==, 2);
}

static void
test_ticks_edit_forgets (void)
{
  PwPlan *plan;
  g_autoptr(PwPlanTicks) ticks = ticks_for_text (plan_text, &plan);
  g_autoptr(PwPlan) other = pw_plan_new_from_text (plan_text, -1);
  g_autoptr(PwPlan) first = g_object_ref (plan);

  /* An append (streaming) keeps the history. */
  pw_plan_ticks_toggle (ticks, 0, TRUE);
  pw_plan_append (plan, "4. Fourth\n", -1);
  g_assert_true (pw_plan_ticks_get_can_undo (ticks));

  /* An edit of the text moves the steps: the history goes. */
  pw_plan_set_text (plan, plan_text, -1);
  g_assert_false (pw_plan_ticks_get_can_undo (ticks));
  g_assert_false (pw_plan_ticks_undo (ticks));

  /* So does another plan. */
  pw_plan_ticks_toggle (ticks, 1, TRUE);
  pw_plan_ticks_set_plan (ticks, other);
  g_assert_false (pw_plan_ticks_get_can_undo (ticks));
  g_assert_true (pw_plan_get_step (plan, 1)->done);

  /* The old plan's edits no longer reach the history. */
  pw_plan_ticks_toggle (ticks, 2, TRUE);
  pw_plan_set_text (plan, plan_text, -1);
  g_assert_true (pw_plan_ticks_get_can_undo (ticks));

  pw_plan_ticks_set_plan (ticks, NULL);
  g_assert_null (pw_plan_ticks_get_plan (ticks));
  g_assert_false (pw_plan_ticks_toggle (ticks, 0, TRUE));
}

static void
test_ticks_unmarkable_step (void)
{
  PwPlan *plan;
  g_autoptr(PwPlanTicks) ticks = NULL;
  g_autofree char *before = NULL;

  /* A plan with no steps: nothing to tick, nothing remembered, the text
   * left alone. */
  ticks = ticks_for_text ("# Plan\n\nNo steps here.\n", &plan);
  before = g_strdup (pw_plan_get_text (plan, NULL));
  g_assert_false (pw_plan_ticks_toggle (ticks, 0, TRUE));
  g_assert_false (pw_plan_ticks_get_can_undo (ticks));
  g_assert_cmpstr (pw_plan_get_text (plan, NULL), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/plan-ticks/undo-redo", test_ticks_undo_redo);
  g_test_add_func ("/plan-ticks/no-op", test_ticks_no_op);
  g_test_add_func ("/plan-ticks/notify", test_ticks_notify);
  g_test_add_func ("/plan-ticks/edit-forgets", test_ticks_edit_forgets);
  g_test_add_func ("/plan-ticks/no-steps", test_ticks_unmarkable_step);

  return g_test_run ();
}
