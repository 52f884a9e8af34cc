/* test-plan.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "pw-plan.h"
#include "pw-test-utils.h"

/* Helpers */

/* Loads labels.json, or skips the test and returns NULL. */
static JsonNode *
load_labels (char **dir_out)
{
  g_autofree char *dir = pw_test_dup_shared_dir ("corpus");
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;

  if (dir != NULL)
    path = g_build_filename (dir, "labels.json", NULL);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("corpus not found (set PW_SOURCE_ROOT; ../shared/corpus)");
      return NULL;
    }

  parser = json_parser_new ();
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  *dir_out = g_steal_pointer (&dir);

  return json_node_ref (json_parser_get_root (parser));
}

typedef void (*PlanFunc) (const char *name,
                          const char *text,
                          gsize       length,
                          JsonObject *label,
                          gpointer    user_data);

/* Calls @func on every implementation plan of the corpus; returns their number. */
static guint
foreach_corpus_plan (PlanFunc func,
                     gpointer user_data)
{
  g_autofree char *dir = NULL;
  g_autoptr(JsonNode) root = load_labels (&dir);
  JsonObject *repos;
  g_autoptr(GList) names = NULL;
  guint n = 0;

  if (root == NULL)
    return 0;

  repos = json_node_get_object (root);
  names = json_object_get_members (repos);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *repo = json_object_get_object_member (repos, l->data);
      JsonObject *plans = json_object_get_object_member (repo, "implementation_plans");
      g_autoptr(GList) paths = json_object_get_members (plans);

      for (GList *p = paths; p != NULL; p = p->next)
        {
          g_autofree char *file = g_build_filename (dir, l->data, p->data, NULL);
          g_autofree char *name = g_strdup_printf ("%s/%s", (char *)l->data, (char *)p->data);
          g_autofree char *text = NULL;
          g_autoptr(GError) error = NULL;
          gsize length = 0;

          g_file_get_contents (file, &text, &length, &error);
          g_assert_no_error (error);
          func (name, text, length, json_object_get_object_member (plans, p->data), user_data);
          n++;
        }
    }

  return n;
}

static void
assert_same_model (PwPlan *a,
                   PwPlan *b)
{
  guint na = 0, nb = 0;
  const PwPlanRange *ra, *rb;

  g_assert_cmpstr (pw_plan_get_title (a), ==, pw_plan_get_title (b));
  g_assert_cmpint (pw_plan_get_has_analysis (a), ==, pw_plan_get_has_analysis (b));
  ra = pw_plan_get_analysis_ranges (a, &na);
  rb = pw_plan_get_analysis_ranges (b, &nb);
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    {
      g_assert_cmpuint (ra[i].start, ==, rb[i].start);
      g_assert_cmpuint (ra[i].end, ==, rb[i].end);
    }

  g_assert_cmpuint (pw_plan_get_n_sections (a), ==, pw_plan_get_n_sections (b));
  for (guint i = 0; i < pw_plan_get_n_sections (a); i++)
    {
      const PwPlanSection *sa = pw_plan_get_section (a, i);
      const PwPlanSection *sb = pw_plan_get_section (b, i);

      g_assert_cmpstr (sa->title, ==, sb->title);
      g_assert_cmpuint (sa->level, ==, sb->level);
      g_assert_cmpuint (sa->line, ==, sb->line);
      g_assert_cmpuint (sa->offset, ==, sb->offset);
    }

  g_assert_cmpint (pw_plan_get_steps_section (a), ==, pw_plan_get_steps_section (b));
  g_assert_cmpuint (pw_plan_get_n_steps (a), ==, pw_plan_get_n_steps (b));
  g_assert_cmpuint (pw_plan_get_n_done (a), ==, pw_plan_get_n_done (b));
  for (guint i = 0; i < pw_plan_get_n_steps (a); i++)
    {
      const PwPlanStep *sa = pw_plan_get_step (a, i);
      const PwPlanStep *sb = pw_plan_get_step (b, i);

      g_assert_cmpuint (sa->index, ==, sb->index);
      g_assert_cmpstr (sa->text, ==, sb->text);
      g_assert_cmpint (sa->done, ==, sb->done);
      g_assert_cmpint (sa->has_checkbox, ==, sb->has_checkbox);
      g_assert_cmpuint (sa->line, ==, sb->line);
      g_assert_cmpuint (sa->depth, ==, sb->depth);
      g_assert_cmpuint (sa->offset, ==, sb->offset);
      g_assert_cmpuint (sa->mark_offset, ==, sb->mark_offset);
    }
}

static gboolean
may_hold_link_definitions (const char *text,
                           gsize       length)
{
  for (gsize i = 0; i + 1 < length; i++)
    {
      if (text[i] == ']' && text[i + 1] == ':')
        return TRUE;
    }

  return FALSE;
}

/* Feeds @text in chunks of 1..@max_chunk bytes (a fixed pseudo-random
 * sequence), reading the model every @read_every chunks. */
static PwPlan *
stream_plan (const char *text,
             gsize       length,
             guint       max_chunk,
             guint       read_every,
             guint32     seed)
{
  PwPlan *plan = pw_plan_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize pos = 0;
  guint n = 0;

  while (pos < length)
    {
      gsize chunk = g_rand_int_range (rand, 1, max_chunk + 1);

      chunk = MIN (chunk, length - pos);

      pw_plan_append (plan, text + pos, chunk);
      pos += chunk;
      if (read_every > 0 && ++n % read_every == 0)
        {
          /* Intermediate states must be sane. */
          guint steps = pw_plan_get_n_steps (plan);

          for (guint i = 0; i < steps; i++)
            g_assert_nonnull (pw_plan_get_step (plan, i)->text);
          for (guint i = 0; i < pw_plan_get_n_sections (plan); i++)
            g_assert_true (g_utf8_validate (pw_plan_get_section (plan, i)->title, -1, NULL));
        }
    }

  return plan;
}

/* Corpus tests */

typedef struct
{
  guint files;
  guint steps_exact;
  guint headings_exact;
  guint analysis_exact;
} Accuracy;

static void
accuracy_cb (const char *name,
             const char *text,
             gsize       length,
             JsonObject *label,
             gpointer    user_data)
{
  Accuracy *acc = user_data;
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, length);
  JsonArray *headings = json_object_get_array_member (label, "headings");
  JsonNode *steps = json_object_get_member (label, "steps");
  gint expected = JSON_NODE_HOLDS_NULL (steps) ? -1 : (gint)json_node_get_int (steps);
  gint got = pw_plan_get_steps_section (plan) < 0 && pw_plan_get_n_steps (plan) == 0
             ? -1 : (gint)pw_plan_get_n_steps (plan);
  gboolean headings_ok = json_array_get_length (headings) == pw_plan_get_n_sections (plan);

  acc->files++;

  /* A steps heading with no items at all counts as "no steps". */
  if (got == 0)
    got = -1;
  if (got == expected)
    acc->steps_exact++;
  else
    g_test_message ("steps mismatch: %s: expected %d, got %d", name, expected, got);

  for (guint i = 0; headings_ok && i < json_array_get_length (headings); i++)
    {
      const char *want = json_array_get_string_element (headings, i);

      if (g_strcmp0 (want, pw_plan_get_section (plan, i)->title) != 0)
        {
          g_test_message ("heading %u mismatch: %s: expected “%s”, got “%s”", i, name, want,
                          pw_plan_get_section (plan, i)->title);
          headings_ok = FALSE;
        }
    }
  if (headings_ok)
    acc->headings_exact++;
  else
    g_test_message ("headings mismatch: %s: expected %u, got %u", name,
                    json_array_get_length (headings), pw_plan_get_n_sections (plan));

  if (json_object_get_boolean_member (label, "has_analysis") == pw_plan_get_has_analysis (plan))
    acc->analysis_exact++;
  else
    g_test_message ("analysis mismatch: %s", name);
}

static void
test_corpus_accuracy (void)
{
  Accuracy acc = { 0, };
  double rate;

  foreach_corpus_plan (accuracy_cb, &acc);
  if (acc.files == 0)
    return;

  rate = (double)acc.steps_exact / acc.files;
  g_test_message ("steps exact: %u/%u (%.1f %%); headings exact: %u/%u; analysis exact: %u/%u",
                  acc.steps_exact, acc.files, 100.0 * rate, acc.headings_exact, acc.files,
                  acc.analysis_exact, acc.files);
  g_assert_cmpfloat (rate, >=, 0.97);
  g_assert_cmpuint (acc.headings_exact, ==, acc.files);
  g_assert_cmpuint (acc.analysis_exact, ==, acc.files);
}

static void
roundtrip_cb (const char *name,
              const char *text,
              gsize       length,
              JsonObject *label,
              gpointer    user_data)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, length);
  const char *out;
  gsize out_len = 0;

  /* Reading the model must not touch the text. */
  (void)pw_plan_get_n_steps (plan);
  out = pw_plan_get_text (plan, &out_len);
  g_assert_cmpmem (out, out_len, text, length);
}

static void
test_corpus_roundtrip (void)
{
  foreach_corpus_plan (roundtrip_cb, NULL);
}

/* Checks that @after is @before with only the checkbox of @step changed:
 * either one byte at mark_offset + 1, or 4 bytes inserted at mark_offset. */
static void
assert_only_checkbox_changed (const char       *before,
                              gsize             before_len,
                              const char       *after,
                              gsize             after_len,
                              gsize             mark)
{
  if (after_len == before_len)
    {
      for (gsize i = 0; i < before_len; i++)
        {
          if (i != mark + 1)
            g_assert_cmpint (before[i], ==, after[i]);
        }
    }
  else
    {
      g_assert_cmpuint (after_len, ==, before_len + 4);
      g_assert_cmpmem (after, mark, before, mark);
      g_assert_true (after[mark] == '[' && after[mark + 2] == ']' && after[mark + 3] == ' ');
      g_assert_cmpmem (after + mark + 4, after_len - mark - 4, before + mark, before_len - mark);
    }
}

static void
toggle_cb (const char *name,
           const char *text,
           gsize       length,
           JsonObject *label,
           gpointer    user_data)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, length);
  guint n_steps = pw_plan_get_n_steps (plan);
  guint *counts = user_data;

  for (guint i = 0; i < n_steps; i++)
    {
      g_autofree char *before = NULL;
      g_autoptr(PwPlan) reparsed = NULL;
      gsize before_len, after_len;
      const char *after;
      gsize mark;
      gboolean was_done = pw_plan_get_step (plan, i)->done;

      before = g_strdup (pw_plan_get_text (plan, &before_len));
      mark = pw_plan_get_step (plan, i)->mark_offset;

      if (!pw_plan_set_step_done (plan, i, !was_done))
        {
          g_test_message ("%s: step %u cannot take a checkbox", name, i + 1);
          counts[1]++;
          after = pw_plan_get_text (plan, &after_len);
          g_assert_cmpmem (after, after_len, before, before_len);
          continue;
        }
      counts[0]++;

      after = pw_plan_get_text (plan, &after_len);
      assert_only_checkbox_changed (before, before_len, after, after_len, mark);

      reparsed = pw_plan_new_from_text (after, after_len);
      g_assert_cmpuint (pw_plan_get_n_steps (reparsed), ==, n_steps);
      g_assert_cmpint (pw_plan_get_step (reparsed, i)->done, ==, !was_done);
      g_assert_true (pw_plan_get_step (reparsed, i)->has_checkbox);
      g_assert_cmpuint (pw_plan_get_n_sections (reparsed), ==, pw_plan_get_n_sections (plan));
      assert_same_model (plan, reparsed);

      /* And back: the text differs from the original by the checkbox only. */
      g_assert_true (pw_plan_set_step_done (plan, i, was_done));
      g_assert_cmpint (pw_plan_get_step (plan, i)->done, ==, was_done);
      g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, n_steps);
      after = pw_plan_get_text (plan, &after_len);
      if (after_len == before_len)
        {
          g_assert_cmpmem (after, after_len, before, before_len);
        }
      else
        {
          g_assert_cmpuint (after_len, ==, before_len + 4);
          g_assert_cmpmem (after + mark, 4, "[ ] ", 4);
          assert_only_checkbox_changed (before, before_len, after, after_len, mark);
        }
    }

  /* Undo every inserted "[ ] " by starting again from the original text. */
  pw_plan_set_text (plan, text, length);
}

static void
test_corpus_toggle (void)
{
  guint counts[2] = { 0, 0 };   /* toggled, refused */

  if (foreach_corpus_plan (toggle_cb, counts) == 0)
    return;

  g_test_message ("toggled %u steps, %u refused", counts[0], counts[1]);
  g_assert_cmpuint (counts[0], >, 0);
  g_assert_cmpuint (counts[1], ==, 0);
}

static void
stream_cb (const char *name,
           const char *text,
           gsize       length,
           JsonObject *label,
           gpointer    user_data)
{
  g_autoptr(PwPlan) oneshot = pw_plan_new_from_text (text, length);
  g_autoptr(PwPlan) streamed = stream_plan (text, length, 48, 37, g_str_hash (name));
  g_autoptr(PwPlan) bytes = NULL;
  const char *out;
  gsize out_len = 0;

  /* Before finish, the incremental model matches too, unless a link
   * reference definition could resolve a link written before it. */
  if (!may_hold_link_definitions (text, length))
    assert_same_model (streamed, oneshot);

  pw_plan_finish (streamed);
  assert_same_model (streamed, oneshot);
  out = pw_plan_get_text (streamed, &out_len);
  g_assert_cmpmem (out, out_len, text, length);

  /* One byte at a time (splitting UTF-8 sequences), read now and then. */
  bytes = stream_plan (text, length, 1, 997, 1);
  pw_plan_finish (bytes);
  assert_same_model (bytes, oneshot);
}

static void
test_corpus_streaming (void)
{
  foreach_corpus_plan (stream_cb, NULL);
}

/* Unit tests on small plans */

static const char numbered_plan[] =
  "# Plan: POST /api/items\n"
  "\n"
  "## 1. Overview\n"
  "\n"
  "Text.\n"
  "\n"
  "```markdown\n"
  "## Not a heading\n"
  "1. Not a step\n"
  "```\n"
  "\n"
  "## 8. Implementation Steps\n"
  "\n"
  "1. **Create** the `schema`\n"
  "   - sub item\n"
  "   - another\n"
  "2. [x] Write the service\n"
  "3. [ ] Add the route\n"
  "\n"
  "## 9. Notes\n"
  "\n"
  "- not a step\n";

static void
test_steps_numbered (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (numbered_plan, -1);
  const PwPlanStep *step;

  g_assert_cmpstr (pw_plan_get_title (plan), ==, "Plan: POST /api/items");
  g_assert_cmpuint (pw_plan_get_n_sections (plan), ==, 4);
  g_assert_cmpstr (pw_plan_get_section (plan, 2)->title, ==, "8. Implementation Steps");
  g_assert_cmpuint (pw_plan_get_section (plan, 2)->line, ==, 12);
  g_assert_cmpuint (pw_plan_get_section (plan, 2)->level, ==, 2);
  g_assert_cmpint (pw_plan_get_steps_section (plan), ==, 2);

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 3);
  step = pw_plan_get_step (plan, 0);
  g_assert_cmpuint (step->index, ==, 1);
  g_assert_cmpstr (step->text, ==, "Create the schema");
  g_assert_false (step->has_checkbox);
  g_assert_cmpuint (step->line, ==, 14);
  g_assert_cmpuint (step->depth, ==, 0);
  g_assert_cmpint (numbered_plan[step->offset], ==, '1');
  g_assert_cmpint (numbered_plan[step->mark_offset], ==, '*');

  step = pw_plan_get_step (plan, 1);
  g_assert_true (step->has_checkbox);
  g_assert_true (step->done);
  g_assert_cmpstr (step->text, ==, "Write the service");
  g_assert_cmpint (numbered_plan[step->mark_offset], ==, '[');

  step = pw_plan_get_step (plan, 2);
  g_assert_true (step->has_checkbox);
  g_assert_false (step->done);
  g_assert_cmpuint (pw_plan_get_n_done (plan), ==, 1);
}

static void
test_steps_subheadings (void)
{
  const char *text =
    "# Plan implementacji widoku\n"
    "\n"
    "## 11. Kroki implementacji\n"
    "\n"
    "### Struktura plików\n"
    "\n"
    "- a\n"
    "\n"
    "### Krok 1: Typy\n"
    "\n"
    "1. one\n"
    "2. two\n"
    "\n"
    "### [x] Krok 2: Hooki\n"
    "\n"
    "1. one\n"
    "\n"
    "### 3. Testy\n"
    "\n"
    "## Podsumowanie\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 3);
  g_assert_cmpstr (pw_plan_get_step (plan, 0)->text, ==, "Krok 1: Typy");
  g_assert_false (pw_plan_get_step (plan, 0)->done);
  g_assert_cmpstr (pw_plan_get_step (plan, 1)->text, ==, "Krok 2: Hooki");
  g_assert_true (pw_plan_get_step (plan, 1)->done);
  g_assert_true (pw_plan_get_step (plan, 1)->has_checkbox);
  g_assert_cmpstr (pw_plan_get_step (plan, 2)->text, ==, "3. Testy");
  g_assert_cmpuint (pw_plan_get_step (plan, 2)->line, ==, 18);
}

static void
test_steps_run_on (void)
{
  const char *text =
    "# Plan\n"
    "\n"
    "## Implementation Order\n"
    "\n"
    "### Phase 1: Foundation\n"
    "\n"
    "1. a\n"
    "2. b\n"
    "\n"
    "### Phase 2: Endpoints\n"
    "\n"
    "3. c\n"
    "4. d\n"
    "5. e\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 5);
  g_assert_cmpstr (pw_plan_get_step (plan, 4)->text, ==, "e");
}

static void
test_steps_unnumbered_subheadings (void)
{
  const char *text =
    "# Plan\n"
    "\n"
    "## 9. Implementation Steps\n"
    "\n"
    "### Create Zod Schema\n"
    "\n"
    "- x\n"
    "- y\n"
    "\n"
    "### Create Service\n"
    "\n"
    "- z\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);
  g_assert_cmpstr (pw_plan_get_step (plan, 1)->text, ==, "Create Service");
}

static void
test_steps_variants (void)
{
  const char *titles[] = {
    "## Etapy wdrożenia", "## 8. Kroki implementacji", "## Kolejność implementacji",
    "## Implementation Plan steps", "## ⚡ **Kolejność Implementacji (Krok po kroku)**",
    "### 9. Kroki implementacji", "## 7. Deployment Steps", "## Etapy wdrozenia",
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *text = g_strdup_printf ("# T\n\n%s\n\n- a\n- b\n\n1) c\n2) d\n", titles[i]);
      g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);

      /* Numbered items win over a stray bullet list. */
      g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);
      g_assert_cmpstr (pw_plan_get_step (plan, 0)->text, ==, "c");
    }
}

static void
test_steps_none (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text ("# Plan\n\n## Overview\n\n1. a\n", -1);
  g_autoptr(PwPlan) empty = pw_plan_new ();

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 0);
  g_assert_cmpint (pw_plan_get_steps_section (plan), ==, -1);
  g_assert_null (pw_plan_get_title (empty));
  g_assert_cmpuint (pw_plan_get_n_sections (empty), ==, 0);
  g_assert_false (pw_plan_get_has_analysis (empty));
}

static void
test_headings_rules (void)
{
  const char *text =
    "---\n"
    "description: x\n"
    "alwaysApply: false\n"
    "---\n"
    "\\# not a heading\n"
    "\n"
    "Setext\n"
    "------\n"
    "\n"
    "### Sub first\n"
    "\n"
    "# Title ##\n"
    "\n"
    "   ## Indented\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);

  g_assert_cmpuint (pw_plan_get_n_sections (plan), ==, 2);
  g_assert_cmpstr (pw_plan_get_section (plan, 0)->title, ==, "Title");
  g_assert_cmpuint (pw_plan_get_section (plan, 0)->line, ==, 12);
  g_assert_cmpstr (pw_plan_get_section (plan, 1)->title, ==, "Indented");
  g_assert_cmpstr (pw_plan_get_title (plan), ==, "Title");
}

static void
test_toggle_bytes (void)
{
  const char *text = "\xEF\xBB\xBF# P\r\n\r\n## Kroki implementacji\r\n\r\n1. Do x\r\n2. [X] Done\r\n- 3";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  const char *out;

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);
  g_assert_true (pw_plan_set_step_done (plan, 0, TRUE));
  out = pw_plan_get_text (plan, NULL);
  g_assert_cmpstr (out, ==,
                   "\xEF\xBB\xBF# P\r\n\r\n## Kroki implementacji\r\n\r\n1. [x] Do x\r\n2. [X] Done\r\n- 3");
  g_assert_true (pw_plan_set_step_done (plan, 1, FALSE));
  g_assert_true (pw_plan_set_step_done (plan, 0, FALSE));
  out = pw_plan_get_text (plan, NULL);
  g_assert_cmpstr (out, ==,
                   "\xEF\xBB\xBF# P\r\n\r\n## Kroki implementacji\r\n\r\n1. [ ] Do x\r\n2. [ ] Done\r\n- 3");
  g_assert_cmpuint (pw_plan_get_n_done (plan), ==, 0);
}

static void
count_cb (PwPlan   *plan,
          gpointer  user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_toggle_heading (void)
{
  const char *text = "# P\n\n## Implementation Steps\n\n### Step 1: x\n\nBody.\n\n### Step 2: y\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  guint changed = 0;

  g_signal_connect (plan, "changed", G_CALLBACK (count_cb), &changed);

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);
  g_assert_true (pw_plan_set_step_done (plan, 0, TRUE));
  g_assert_cmpstr (pw_plan_get_text (plan, NULL), ==,
                   "# P\n\n## Implementation Steps\n\n### [x] Step 1: x\n\nBody.\n\n### Step 2: y\n");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (pw_plan_get_step (plan, 0)->done);
  g_assert_cmpstr (pw_plan_get_step (plan, 0)->text, ==, "Step 1: x");
  g_assert_cmpuint (pw_plan_get_n_done (plan), ==, 1);
}

static void
test_marked_text (void)
{
  const char *text =
    "# P\n\n## Kroki implementacji\n\n"
    "### Krok 1: a\n- detail\n"
    "### [x] Krok 2: b\n"
    "### Krok 3: c\n"
    "## Notes\n- not a step\n";
  const char *items = "## Implementation Steps\n1. one\n2. [x] two\n1.\n   three\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  g_autoptr(PwPlan) list = pw_plan_new_from_text (items, -1);
  g_autofree char *marked = NULL;
  g_autofree char *marked_items = NULL;
  gsize length = 0;

  marked = pw_plan_dup_marked_text (plan, &length);
  g_assert_cmpstr (marked, ==,
                   "# P\n\n## Kroki implementacji\n\n"
                   "### [ ] Krok 1: a\n- detail\n"
                   "### [x] Krok 2: b\n"
                   "### [ ] Krok 3: c\n"
                   "## Notes\n- not a step\n");
  g_assert_cmpuint (length, ==, strlen (marked));

  /* An item whose text starts on the next line takes no mark. */
  g_assert_cmpuint (pw_plan_get_n_steps (list), ==, 3);
  marked_items = pw_plan_dup_marked_text (list, NULL);
  g_assert_cmpstr (marked_items, ==,
                   "## Implementation Steps\n1. [ ] one\n2. [x] two\n1.\n   three\n");
  g_assert_false (pw_plan_set_step_done (list, 2, TRUE));
}

static void
test_step_body (void)
{
  const char *text =
    "# P\n\n## Implementation Steps\n\n"
    "1. Add the route\n"
    "   continued first paragraph\n"
    "\n"
    "   - a detail\n"
    "     * deeper\n"
    "   ```c\n"
    "   int x;\n"
    "   ```\n"
    "\n"
    "2. Second\n"
    "   - only detail\n"
    "\n"
    "### Not a step but a heading\n"
    "- under the heading\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  g_autoptr(GArray) code = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *cut = NULL;

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);

  first = pw_plan_dup_step_body (plan, 0, 0, code);
  g_assert_cmpstr (first, ==, "• a detail\n  • deeper\nint x;");
  g_assert_cmpuint (code->len, ==, 2);
  g_assert_cmpuint (g_array_index (code, guint, 0), ==, strlen ("• a detail\n  • deeper\n"));
  g_assert_cmpuint (g_array_index (code, guint, 1), ==, strlen (first));

  /* The body stops at the next heading. */
  second = pw_plan_dup_step_body (plan, 1, 0, code);
  g_assert_cmpstr (second, ==, "• only detail");
  g_assert_cmpuint (code->len, ==, 0);

  cut = pw_plan_dup_step_body (plan, 0, 1, NULL);
  g_assert_cmpstr (cut, ==, "• a detail\n…");
}

static void
test_analysis (void)
{
  const char *text =
    "<analysis>\n"
    "Thinking about it.\n"
    "# Not the title\n"
    "</analysis>\n"
    "\n"
    "# Real title\n"
    "\n"
    "## <analysis>\n"
    "more\n"
    "  </analysis>\n"
    "\n"
    "## Implementation Steps\n"
    "\n"
    "1. a\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  g_autofree char *analysis = NULL;
  g_autofree char *stripped = NULL;
  const PwPlanRange *ranges;
  guint n = 0;

  g_assert_true (pw_plan_get_has_analysis (plan));
  ranges = pw_plan_get_analysis_ranges (plan, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (ranges[0].start, ==, 0);
  g_assert_cmpstr (text + ranges[1].start, >, "");
  g_assert_true (g_str_has_prefix (text + ranges[1].start, "## <analysis>"));

  analysis = pw_plan_dup_analysis (plan);
  g_assert_cmpstr (analysis, ==, "Thinking about it.\n# Not the title\n\nmore");
  stripped = pw_plan_dup_text_without_analysis (plan);
  g_assert_cmpstr (stripped, ==, "# Real title\n\n## Implementation Steps\n\n1. a\n");
  g_assert_cmpstr (pw_plan_get_title (plan), ==, "Real title");
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 1);
}

static void
test_analysis_streaming (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autofree char *analysis = NULL;
  guint n = 0;

  pw_plan_append (plan, "<analy", -1);
  g_assert_false (pw_plan_get_has_analysis (plan));
  pw_plan_append (plan, "sis>\nStill thinking", -1);
  g_assert_true (pw_plan_get_has_analysis (plan));
  pw_plan_get_analysis_ranges (plan, &n);
  g_assert_cmpuint (n, ==, 1);
  analysis = pw_plan_dup_analysis (plan);
  g_assert_cmpstr (analysis, ==, "Still thinking");
  g_assert_null (pw_plan_get_title (plan));

  pw_plan_append (plan, "</analysis>\n\n# Title\n\n## Kroki implementacji\n1. a", -1);
  g_assert_cmpstr (pw_plan_get_title (plan), ==, "Title");
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 1);
  pw_plan_append (plan, "bc\n2. d", -1);
  g_assert_cmpstr (pw_plan_get_step (plan, 0)->text, ==, "abc");
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);
  pw_plan_finish (plan);
  g_assert_true (pw_plan_get_finished (plan));
  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);
}

static void
test_streaming_one_byte (void)
{
  gsize length = strlen (numbered_plan);
  g_autoptr(PwPlan) oneshot = pw_plan_new_from_text (numbered_plan, length);
  g_autoptr(PwPlan) streamed = stream_plan (numbered_plan, length, 1, 1, 0);

  assert_same_model (streamed, oneshot);
  pw_plan_finish (streamed);
  assert_same_model (streamed, oneshot);
}

/* Feeds @text in pieces of 1..@max_chunk bytes and, after every piece,
 * checks the incremental model against a one-shot parse of the prefix: the
 * restart points (top-level headings, items of top-level lists) must never
 * change what the model says. */
static void
assert_prefixes_match (const char *text,
                       gsize       length,
                       guint       max_chunk,
                       guint32     seed)
{
  g_autoptr(PwPlan) streamed = pw_plan_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize pos = 0;

  while (pos < length)
    {
      g_autoptr(PwPlan) oneshot = NULL;
      /* MIN() evaluates its arguments twice: draw the size once. */
      gsize draw = g_rand_int_range (rand, 1, max_chunk + 1);
      gsize chunk = MIN (draw, length - pos);

      pw_plan_append (streamed, text + pos, chunk);
      pos += chunk;
      oneshot = pw_plan_new_from_text (text, pos);
      assert_same_model (streamed, oneshot);
    }

  pw_plan_finish (streamed);
  {
    g_autoptr(PwPlan) oneshot = pw_plan_new_from_text (text, length);

    assert_same_model (streamed, oneshot);
  }
}

static const char * const list_plans[] = {
  /* One long numbered task list: the restart moves from item to item. */
  "# Plan\n\n## Implementation steps\n\n"
  "1. [ ] Create the schema\n2. [x] Write the service\n3. [ ] Add the route\n"
  "4. [ ] Test `page=4`\n5. [ ] Ship it\n",
  /* Items with nested lists, continuation lines, code and quotes. */
  "# Plan\n\n## Implementation steps\n\n"
  "1. **Create** the `schema`\n   - sub item\n   - another\n     deeper text\n"
  "2. Write the service\n   ```ts\n   const x = 1;\n\n   - not an item\n   ```\n"
  "3. Add the route\n   > quoted\n   > - in a quote\n"
  "4. - nested first\n   - nested second\n"
  "5. [ ] Lazy\ncontinuation line\n6. Last\n\n## Notes\n\n- a\n- b\n",
  /* A loose list (blank lines between items) that becomes tight-looking. */
  "## Implementation steps\n\n1. One\n\n2. Two\n3. Three\n\n\n4. Four\n   \n   More of four\n"
  "5. Five\n\nAfter the list.\n\n6. Restarted list\n7. Seven\n",
  /* Marker changes start new lists; a paragraph interrupts nothing. */
  "## Kroki implementacji\n\n- [ ] a\n- [x] b\n+ c\n+ d\n* e\n1) f\n2) g\n1. h\n2. i\n"
  "---\n- after rule\n- x\n***\n  - indented\n  - items\n\n    code after list\n",
  /* Items that are headings, empty items, items in a quote, setext lines. */
  "# T\n\n## Implementation steps\n\n- # Heading item\n-\n- after empty\n"
  "> - quoted item\n> - another\n\n- x\n===\n- y\n  ---\n- z\n",
};

static void
test_streaming_list_restart (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (list_plans); i++)
    {
      gsize length = strlen (list_plans[i]);

      for (guint32 seed = 1; seed <= 4; seed++)
        assert_prefixes_match (list_plans[i], length, seed == 1 ? 1 : 9, seed);
    }
}

/* Random list-heavy documents built from fixed line shapes. */
static void
test_streaming_list_fuzz (void)
{
  static const char * const lines[] = {
    "1. [ ] step one\n", "2. [x] step `two`\n", "10. step ten\n", "- bullet\n", "* star\n",
    "+ plus\n", "   - nested\n", "     1. deeper\n", "   continuation\n", "lazy text\n",
    "\n", "\n\n", "## Implementation steps\n", "### Step 3: heading step\n", "# Title\n",
    "```\n", "   ```\n", "> quote\n", "> - quoted item\n", "---\n", "- [ ] task\n",
    "   ```ts\n", "    indented code\n", "1) paren\n", "text *em* **b**\n", "-\n",
  };
  for (guint32 seed = 1; seed <= 60; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GString) doc = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 5, 40);

      for (guint i = 0; i < n; i++)
        g_string_append (doc, lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (lines))]);
      assert_prefixes_match (doc->str, doc->len, 6, seed);
    }
}

/* Random documents that move the step rules around while they stream: the
 * steps heading at several levels, sub-headings at several levels that do
 * or do not name a step, numbered lists that run on or start again, items
 * before the first sub-heading, and a heading that closes the section. */
static void
test_streaming_steps_fuzz (void)
{
  static const char * const lines[] = {
    "## Implementation steps\n", "### Kroki implementacji\n", "# Title\n", "## Notes\n",
    "### Step 1: schema\n", "### [x] Step 2: service\n", "#### Krok 3\n", "#### Validation\n",
    "### Setup\n", "##### Phase 4\n", "1. [ ] first\n", "2. [x] second\n", "3. third\n",
    "5. fifth\n", "1) paren one\n", "- bullet\n", "- [x] done bullet\n", "   - nested\n",
    "   1. nested number\n", "text\n", "\n", "\n", "\n", "Setext\n---\n", "```\n",
  };

  for (guint32 seed = 1; seed <= 80; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GString) doc = g_string_new (NULL);
      guint n = g_rand_int_range (rand, 8, 50);

      for (guint i = 0; i < n; i++)
        g_string_append (doc, lines[g_rand_int_range (rand, 0, G_N_ELEMENTS (lines))]);
      assert_prefixes_match (doc->str, doc->len, 8, seed);
    }
}

static void
test_file_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-plan-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(PwPlan) other = pw_plan_new ();

  g_assert_no_error (error);
  path = g_build_filename (dir, "plan.md", NULL);
  file = g_file_new_for_path (path);
  g_file_set_contents (path, numbered_plan, -1, &error);
  g_assert_no_error (error);

  g_assert_true (pw_plan_load_file (plan, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (pw_plan_get_etag (plan));
  g_assert_true (pw_plan_set_step_done (plan, 0, TRUE));
  g_assert_true (pw_plan_save (plan, NULL, &error));
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "1. [x] **Create**"));

  /* A change on disk after loading makes the save fail. */
  g_assert_true (pw_plan_load_file (other, file, NULL, &error));
  g_usleep (10 * 1000);
  g_file_set_contents (path, "changed\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (pw_plan_set_step_done (other, 1, FALSE));
  g_assert_false (pw_plan_save (other, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_clear_error (&error);

  g_file_set_contents (path, "\xff\xfe bad", -1, &error);
  g_assert_false (pw_plan_load_file (other, file, NULL, &error));
  g_assert_error (error, PW_PLAN_ERROR, PW_PLAN_ERROR_INVALID_UTF8);
  g_clear_error (&error);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_json (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (numbered_plan, -1);
  g_autoptr(JsonNode) node = pw_plan_to_json (plan);
  JsonObject *obj = json_node_get_object (node);
  JsonArray *steps = json_object_get_array_member (obj, "steps");
  JsonObject *step;

  g_assert_cmpstr (json_object_get_string_member (obj, "title"), ==, "Plan: POST /api/items");
  g_assert_false (json_object_get_boolean_member (obj, "has_analysis"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "sections")), ==, 4);
  g_assert_cmpuint (json_array_get_length (steps), ==, 3);
  step = json_array_get_object_element (steps, 1);
  g_assert_cmpint (json_object_get_int_member (step, "index"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (step, "text"), ==, "Write the service");
  g_assert_true (json_object_get_boolean_member (step, "done"));
  g_assert_cmpint (json_object_get_int_member (step, "line"), ==, 17);
}

static void
test_regressions (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "plans", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      gsize length = 0;
      g_autoptr(PwPlan) oneshot = NULL;
      g_autoptr(PwPlan) streamed = NULL;

      g_assert_true (g_file_get_contents (path, &text, &length, NULL));
      oneshot = pw_plan_new_from_text (text, length);
      streamed = stream_plan (text, length, 7, 3, 42);
      if (!may_hold_link_definitions (text, length))
        assert_same_model (streamed, oneshot);
      pw_plan_finish (streamed);
      assert_same_model (streamed, oneshot);
      for (guint i = 0; i < pw_plan_get_n_steps (oneshot); i++)
        {
          if (pw_plan_set_step_done (oneshot, i, TRUE))
            g_assert_true (pw_plan_get_step (oneshot, i)->done);
        }
    }
}

static PwPlan *
load_data_plan (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "plans", name, NULL);
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);

  return pw_plan_new_from_text (text, length);
}

static void
test_data_expectations (void)
{
  g_autoptr(PwPlan) crlf = load_data_plan ("crlf-bom-no-final-newline.md");
  g_autoptr(PwPlan) front = load_data_plan ("front-matter.mdc");
  g_autoptr(PwPlan) open = load_data_plan ("analysis-unterminated.md");
  g_autoptr(PwPlan) refs = load_data_plan ("link-definitions.md");
  g_autoptr(PwPlan) phases = load_data_plan ("run-on-phases.md");
  g_autofree char *analysis = NULL;

  g_assert_cmpstr (pw_plan_get_title (crlf), ==, "Plan: PATCH /api/tasks/{id}");
  g_assert_cmpuint (pw_plan_get_section (crlf, 0)->offset, ==, 3);
  g_assert_cmpuint (pw_plan_get_section (crlf, 2)->line, ==, 7);
  g_assert_cmpuint (pw_plan_get_n_steps (crlf), ==, 3);
  g_assert_true (pw_plan_get_step (crlf, 1)->done);
  g_assert_cmpstr (pw_plan_get_step (crlf, 2)->text, ==, "Krok 3: Route");

  g_assert_cmpuint (pw_plan_get_n_sections (front), ==, 2);
  g_assert_cmpstr (pw_plan_get_title (front), ==, "Service Plan");
  g_assert_cmpuint (pw_plan_get_n_steps (front), ==, 3);
  g_assert_cmpuint (pw_plan_get_n_done (front), ==, 1);
  g_assert_cmpstr (pw_plan_get_step (front, 1)->text, ==, "Ship");
  g_assert_cmpuint (pw_plan_get_step (front, 2)->line, ==, 14);

  g_assert_true (pw_plan_get_has_analysis (open));
  analysis = pw_plan_dup_analysis (open);
  g_assert_true (g_str_has_suffix (analysis, "Still thinking about **edge cases**"));

  /* Link text is resolved with definitions written after it. */
  g_assert_cmpuint (pw_plan_get_n_steps (refs), ==, 2);
  g_assert_cmpstr (pw_plan_get_step (refs, 0)->text, ==, "Read the spec first");
  g_assert_cmpstr (pw_plan_get_step (refs, 1)->text, ==, "Write code");
  g_assert_cmpuint (pw_plan_get_n_sections (refs), ==, 3);

  g_assert_cmpuint (pw_plan_get_n_steps (phases), ==, 5);
  g_assert_cmpstr (pw_plan_get_step (phases, 3)->text, ==, "POST");
}

/* Runs the real binary, if it was built, and returns its exit status. */
static int
run_cli (const char * const *args,
         char              **out)
{
  const char *build = g_getenv ("PW_BUILD_ROOT");
  g_autofree char *binary = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  binary = g_build_filename (build, "src", "planwright", NULL);
  g_ptr_array_add (argv, binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, NULL, &status, &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli_steps (void)
{
  const char *build = g_getenv ("PW_BUILD_ROOT");
  g_autofree char *binary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;

  if (build != NULL)
    binary = g_build_filename (build, "src", "planwright", NULL);
  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("planwright binary not built");
      return;
    }

  dir = g_dir_make_tmp ("pw-plan-cli-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "plan.md", NULL);
  g_file_set_contents (path, numbered_plan, -1, &error);
  g_assert_no_error (error);

  {
    const char *args[] = { "steps", path, "--json", NULL };

    g_assert_cmpint (run_cli (args, &out), ==, 0);
  }
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (obj, "title"), ==, "Plan: POST /api/items");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "steps")), ==, 3);
  g_clear_pointer (&out, g_free);

  {
    const char *args[] = { "steps", path, "--done", "1", NULL };

    g_assert_cmpint (run_cli (args, &out), ==, 0);
    g_assert_nonnull (strstr (out, "[x] Create the schema"));
  }
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "\n1. [x] **Create** the `schema`\n"));
  g_assert_cmpuint (strlen (contents), ==, strlen (numbered_plan) + 4);

  {
    const char *missing[] = { "steps", "/nonexistent/plan.md", NULL };
    const char *bad_number[] = { "steps", path, "--done", "9", NULL };
    const char *not_number[] = { "steps", path, "--undone", "x", NULL };
    const char *no_file[] = { "steps", NULL };
    const char *both[] = { "steps", path, "--done", "1", "--undone", "2", NULL };

    g_assert_cmpint (run_cli (missing, NULL), ==, 2);
    g_assert_cmpint (run_cli (bad_number, NULL), ==, 2);
    g_assert_cmpint (run_cli (not_number, NULL), ==, 2);
    g_assert_cmpint (run_cli (no_file, NULL), ==, 2);
    g_assert_cmpint (run_cli (both, NULL), ==, 2);
  }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_edit_serial (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new ();
  guint serial = pw_plan_get_edit_serial (plan);

  /* Appends keep the serial: readers may process only the new bytes. */
  pw_plan_append (plan, "# Plan\n\n## Implementation Steps\n1. [ ] One\n", -1);
  pw_plan_append (plan, "2. [ ] Two\n", -1);
  pw_plan_finish (plan);
  g_assert_cmpuint (pw_plan_get_edit_serial (plan), ==, serial);

  /* A tick rewrites a byte in the middle: the serial moves. */
  g_assert_true (pw_plan_set_step_done (plan, 0, TRUE));
  g_assert_cmpuint (pw_plan_get_edit_serial (plan), !=, serial);
  serial = pw_plan_get_edit_serial (plan);

  pw_plan_set_text (plan, "# Other\n", -1);
  g_assert_cmpuint (pw_plan_get_edit_serial (plan), !=, serial);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/plan/steps/numbered", test_steps_numbered);
  g_test_add_func ("/pw/plan/steps/subheadings", test_steps_subheadings);
  g_test_add_func ("/pw/plan/steps/run-on", test_steps_run_on);
  g_test_add_func ("/pw/plan/steps/unnumbered-subheadings", test_steps_unnumbered_subheadings);
  g_test_add_func ("/pw/plan/steps/variants", test_steps_variants);
  g_test_add_func ("/pw/plan/steps/none", test_steps_none);
  g_test_add_func ("/pw/plan/headings/rules", test_headings_rules);
  g_test_add_func ("/pw/plan/toggle/bytes", test_toggle_bytes);
  g_test_add_func ("/pw/plan/toggle/heading", test_toggle_heading);
  g_test_add_func ("/pw/plan/marked-text", test_marked_text);
  g_test_add_func ("/pw/plan/step-body", test_step_body);
  g_test_add_func ("/pw/plan/analysis/blocks", test_analysis);
  g_test_add_func ("/pw/plan/analysis/streaming", test_analysis_streaming);
  g_test_add_func ("/pw/plan/streaming/one-byte", test_streaming_one_byte);
  g_test_add_func ("/pw/plan/streaming/list-restart", test_streaming_list_restart);
  g_test_add_func ("/pw/plan/streaming/list-fuzz", test_streaming_list_fuzz);
  g_test_add_func ("/pw/plan/streaming/steps-fuzz", test_streaming_steps_fuzz);
  g_test_add_func ("/pw/plan/file/roundtrip", test_file_roundtrip);
  g_test_add_func ("/pw/plan/json", test_json);
  g_test_add_func ("/pw/plan/regressions", test_regressions);
  g_test_add_func ("/pw/plan/data/expectations", test_data_expectations);
  g_test_add_func ("/pw/plan/cli/steps", test_cli_steps);
  g_test_add_func ("/pw/plan/corpus/accuracy", test_corpus_accuracy);
  g_test_add_func ("/pw/plan/corpus/roundtrip", test_corpus_roundtrip);
  g_test_add_func ("/pw/plan/edit-serial", test_edit_serial);
  g_test_add_func ("/pw/plan/corpus/toggle", test_corpus_toggle);
  g_test_add_func ("/pw/plan/corpus/streaming", test_corpus_streaming);

  return g_test_run ();
}
