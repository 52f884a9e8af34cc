/* fuzz-plan.c: libFuzzer target for the plan model
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checks, for any input: the text round-trips byte for byte; streaming it in
 * chunks (with reads in between) ends in the one-shot model; toggling a step
 * changes only its checkbox bytes and re-parses to the same steps.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pw-plan.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_same_model (PwPlan *a,
                  PwPlan *b)
{
  const PwPlanRange *ra, *rb;
  guint na = 0, nb = 0;

  g_assert_cmpstr (pw_plan_get_title (a), ==, pw_plan_get_title (b));
  g_assert_cmpint (pw_plan_get_has_analysis (a), ==, pw_plan_get_has_analysis (b));
  ra = pw_plan_get_analysis_ranges (a, &na);
  rb = pw_plan_get_analysis_ranges (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    g_assert_true (ra[i].start == rb[i].start && ra[i].end == rb[i].end);

  g_assert_cmpuint (pw_plan_get_n_sections (a), ==, pw_plan_get_n_sections (b));
  for (guint i = 0; i < pw_plan_get_n_sections (a); i++)
    {
      const PwPlanSection *x = pw_plan_get_section (a, i);
      const PwPlanSection *y = pw_plan_get_section (b, i);

      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_true (x->level == y->level && x->line == y->line && x->offset == y->offset);
    }

  g_assert_cmpint (pw_plan_get_steps_section (a), ==, pw_plan_get_steps_section (b));
  g_assert_cmpuint (pw_plan_get_n_steps (a), ==, pw_plan_get_n_steps (b));
  for (guint i = 0; i < pw_plan_get_n_steps (a); i++)
    {
      const PwPlanStep *x = pw_plan_get_step (a, i);
      const PwPlanStep *y = pw_plan_get_step (b, i);

      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_true (x->index == y->index && x->done == y->done
                     && x->has_checkbox == y->has_checkbox && x->line == y->line
                     && x->depth == y->depth && x->offset == y->offset
                     && x->mark_offset == y->mark_offset);
    }
}

static gboolean
may_hold_link_definitions (const uint8_t *data,
                           size_t         size)
{
  for (size_t i = 0; i + 1 < size; i++)
    {
      if (data[i] == ']' && data[i + 1] == ':')
        return TRUE;
    }

  return FALSE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(PwPlan) oneshot = NULL;
  g_autoptr(PwPlan) streamed = NULL;
  const char *text = (const char *)data;
  const char *out;
  gsize out_len = 0;
  guint32 state = 2166136261u;
  gsize pos = 0;
  guint n = 0;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  if (size > 64 * 1024)
    return 0;

  oneshot = pw_plan_new_from_text (text, size);
  out = pw_plan_get_text (oneshot, &out_len);
  g_assert_true (out_len == size && memcmp (out, text, size) == 0);

  /* Chunk sizes from a hash of the input, reads every few chunks. */
  for (size_t i = 0; i < MIN (size, 16); i++)
    state = (state ^ data[i]) * 16777619u;
  streamed = pw_plan_new ();
  while (pos < size)
    {
      gsize chunk;

      state = state * 1103515245u + 12345u;
      chunk = 1 + (state >> 16) % 17;
      chunk = MIN (chunk, size - pos);
      pw_plan_append (streamed, text + pos, chunk);
      pos += chunk;
      if (++n % (1 + (state >> 8) % 5) == 0)
        {
          for (guint i = 0; i < pw_plan_get_n_steps (streamed); i++)
            g_assert_nonnull (pw_plan_get_step (streamed, i)->text);
          (void)pw_plan_get_has_analysis (streamed);
          (void)pw_plan_get_title (streamed);
        }
    }
  if (!may_hold_link_definitions (data, size))
    check_same_model (streamed, oneshot);
  pw_plan_finish (streamed);
  check_same_model (streamed, oneshot);

  /* Exports and JSON must not crash. */
  {
    g_autofree char *stripped = pw_plan_dup_text_without_analysis (oneshot);
    g_autofree char *analysis = pw_plan_dup_analysis (oneshot);
    g_autoptr(JsonNode) node = pw_plan_to_json (oneshot);

    g_assert_nonnull (stripped);
    g_assert_nonnull (node);
    g_assert_true ((analysis != NULL) == pw_plan_get_has_analysis (oneshot));
  }

  /* Toggle invariants on the first steps. */
  for (guint i = 0; i < MIN (pw_plan_get_n_steps (oneshot), 8); i++)
    {
      g_autofree char *before = NULL;
      g_autoptr(PwPlan) reparsed = NULL;
      gsize before_len = 0, after_len = 0;
      guint n_steps = pw_plan_get_n_steps (oneshot);
      gboolean was_done = pw_plan_get_step (oneshot, i)->done;
      gsize mark = pw_plan_get_step (oneshot, i)->mark_offset;
      const char *after;

      before = g_memdup2 (pw_plan_get_text (oneshot, &before_len), before_len + 1);
      if (!pw_plan_set_step_done (oneshot, i, !was_done))
        {
          after = pw_plan_get_text (oneshot, &after_len);
          g_assert_true (after_len == before_len && memcmp (after, before, before_len) == 0);
          continue;
        }

      after = pw_plan_get_text (oneshot, &after_len);
      if (after_len == before_len)
        {
          for (gsize k = 0; k < before_len; k++)
            g_assert_true (k == mark + 1 || after[k] == before[k]);
        }
      else
        {
          g_assert_true (after_len == before_len + 4);
          g_assert_true (memcmp (after, before, mark) == 0);
          g_assert_true (memcmp (after + mark, "[x] ", 4) == 0);
          g_assert_true (memcmp (after + mark + 4, before + mark, before_len - mark) == 0);
        }

      reparsed = pw_plan_new_from_text (after, after_len);
      g_assert_cmpuint (pw_plan_get_n_steps (reparsed), ==, n_steps);
      g_assert_true (pw_plan_get_step (reparsed, i)->done == !was_done);

      g_assert_true (pw_plan_set_step_done (oneshot, i, was_done));
      g_assert_cmpuint (pw_plan_get_n_steps (oneshot), ==, n_steps);
    }

  return 0;
}
