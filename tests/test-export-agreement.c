/* test-export-agreement.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export and the step tracker read a plan the same way: for every plan of
 * ../shared/corpus, every steps heading those plans use (in synthetic plans)
 * and the plans the offline planner writes, the steps before export, the
 * checkboxes export adds and the steps after export name the same steps, and
 * no byte outside the added marks changes.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "pw-export.h"
#include "pw-plan.h"
#include "pw-provider-offline.h"
#include "pw-template.h"
#include "pw-test-utils.h"

typedef struct
{
  guint  n_plans;
  guint  n_bad;
  guint  n_steps;
  guint  n_unmarked;
} Tally;

/* What export keeps of a plan before it marks steps: no byte-order mark,
 * no `<analysis>` block (with the whitespace after it), no old provenance
 * line and no blank lines on top. Written here from export's documented
 * rules, not from its code. */
static char *
dup_export_base (const char *text,
                 gsize       length)
{
  GString *out = g_string_new (NULL);
  const char *end;

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      length -= 3;
    }
  end = text + length;

  while (text < end)
    {
      const char *open = g_strstr_len (text, end - text, "<analysis>");
      const char *close;

      if (open == NULL)
        break;
      g_string_append_len (out, text, open - text);
      close = g_strstr_len (open, end - open, "</analysis>");
      text = close != NULL ? close + strlen ("</analysis>") : open + strlen ("<analysis>");
      while (text < end && g_ascii_isspace (*text))
        text++;
    }
  g_string_append_len (out, text, end - text);

  if (g_str_has_prefix (out->str, "<!-- planwright:"))
    {
      const char *nl = strchr (out->str, '\n');

      g_string_erase (out, 0, nl != NULL ? nl - out->str + 1 : -1);
    }
  while (out->len > 0 && (out->str[0] == '\n' || out->str[0] == '\r'))
    g_string_erase (out, 0, 1);

  return g_string_free (out, FALSE);
}

/* Which steps of @plan have a checkbox or take one: the step tracker
 * ticks them. */
static gboolean *
dup_takes_checkbox (PwPlan *plan)
{
  guint n = pw_plan_get_n_steps (plan);
  gboolean *takes = g_new0 (gboolean, n + 1);
  const char *text = pw_plan_get_text (plan, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PwPlan) copy = pw_plan_new_from_text (text, -1);

      takes[i] = pw_plan_get_step (plan, i)->has_checkbox || pw_plan_set_step_done (copy, i, TRUE);
    }

  return takes;
}

/* @base with `[ ] ` at the mark offset of each of its steps that has no
 * checkbox but takes one, and a final newline: what export must write. */
static char *
dup_expected (PwPlan         *base,
              const gboolean *takes)
{
  gsize length = 0;
  const char *text = pw_plan_get_text (base, &length);
  GString *out = g_string_new (NULL);
  gsize pos = 0;

  for (guint i = 0; i < pw_plan_get_n_steps (base); i++)
    {
      const PwPlanStep *step = pw_plan_get_step (base, i);

      if (step->has_checkbox || !takes[i])
        continue;
      g_string_append_len (out, text + pos, step->mark_offset - pos);
      g_string_append (out, "[ ] ");
      pos = step->mark_offset;
    }
  g_string_append_len (out, text + pos, length - pos);
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

/* The first difference between the steps of @before and @after, or NULL;
 * with @takes, the steps it names must have a checkbox in @after. */
static char *
dup_steps_difference (PwPlan         *before,
                      PwPlan         *after,
                      const gboolean *takes)
{
  guint n = pw_plan_get_n_steps (before);

  if (pw_plan_get_n_steps (after) != n)
    return g_strdup_printf ("%u steps before export, %u after", n, pw_plan_get_n_steps (after));

  for (guint i = 0; i < n; i++)
    {
      const PwPlanStep *a = pw_plan_get_step (before, i);
      const PwPlanStep *b = pw_plan_get_step (after, i);

      if (g_strcmp0 (a->text, b->text) != 0)
        return g_strdup_printf ("step %u: “%s” became “%s”", i + 1, a->text, b->text);
      if ((takes != NULL && takes[i] && !b->has_checkbox) || !!a->done != !!b->done)
        return g_strdup_printf ("step %u (“%s”) has no checkbox or lost its tick", i + 1, a->text);
    }

  return NULL;
}

/* The first line where @out and @expected differ, or NULL. */
static char *
dup_bytes_difference (const char *out,
                      const char *expected)
{
  guint line = 1;
  gsize i = 0;
  const char *nl;

  while (out[i] != '\0' && out[i] == expected[i])
    {
      if (out[i] == '\n')
        line++;
      i++;
    }
  if (out[i] == expected[i])
    return NULL;

  while (i > 0 && out[i - 1] != '\n')
    i--;
  nl = strchr (out + i, '\n');

  return g_strdup_printf ("line %u changed: “%.*s”", line,
                          (int)(nl != NULL ? nl - (out + i) : (gssize)strlen (out + i)), out + i);
}

static void
check_agreement (const char *name,
                 const char *text,
                 gsize       length,
                 Tally      *tally)
{
  g_autoptr(PwPlan) before = pw_plan_new_from_text (text, length);
  g_autofree char *base_text = dup_export_base (text, length);
  g_autoptr(PwPlan) base = pw_plan_new_from_text (base_text, -1);
  g_autofree char *out = pw_export_render_text (text, length, NULL, NULL);
  g_autoptr(PwPlan) after = pw_plan_new_from_text (out, -1);
  g_autofree gboolean *takes = dup_takes_checkbox (base);
  g_autofree char *expected = dup_expected (base, takes);
  g_autofree char *problem = NULL;

  problem = dup_steps_difference (before, base, NULL);
  if (problem == NULL)
    problem = dup_steps_difference (before, after, takes);
  if (problem == NULL)
    problem = dup_bytes_difference (out, expected);

  tally->n_plans++;
  tally->n_steps += pw_plan_get_n_steps (before);
  for (guint i = 0; i < pw_plan_get_n_steps (base); i++)
    tally->n_unmarked += !takes[i];
  if (problem != NULL)
    {
      tally->n_bad++;
      g_test_message ("%s: %s", name, problem);
    }
}

static void
assert_tally (const Tally *tally,
              const char  *what)
{
  g_test_message ("%s: %u plans, %u steps (%u take no checkbox), %u disagree", what,
                  tally->n_plans, tally->n_steps, tally->n_unmarked, tally->n_bad);
  g_assert_cmpuint (tally->n_bad, ==, 0);
}

/* Corpus */

static void
collect_plans (const char *dir,
               GPtrArray  *paths)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_plans (path, paths);
      else if (g_str_has_suffix (name, ".md") && strstr (name, "plan") != NULL)
        g_ptr_array_add (paths, g_steal_pointer (&path));
    }
}

static void
test_corpus (void)
{
  g_autofree char *dir = pw_test_dup_shared_dir ("corpus");
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  Tally tally = { 0, };

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("corpus not found (set PW_SOURCE_ROOT; ../shared/corpus)");
      return;
    }

  collect_plans (dir, paths);
  g_ptr_array_sort (paths, (GCompareFunc)g_strcmp0);
  g_assert_cmpuint (paths->len, >, 0);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *text = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;

      g_file_get_contents (path, &text, &length, &error);
      g_assert_no_error (error);
      check_agreement (path + strlen (dir) + 1, text, length, &tally);
    }

  assert_tally (&tally, "corpus");
}

/* Synthetic plans: the steps headings real plans use, over the step layouts
 * real plans use. */

static const char * const steps_headings[] = {
  "## Implementation Steps",
  "## 8. Implementation Steps",
  "## 9. **Implementation Steps**",
  "## 🚀 Implementation Steps",
  "## Implementation Stages",
  "## Implementation Order",
  "## Implementation Phases",
  "## Kroki implementacji",
  "## Kroki Implementacji",
  "## 8. Kroki implementacji",
  "## Kroki implementacji (szczegółowy rozkład zadań)",
  "## Etapy wdrożenia",
  "## Plan wdrożenia",
  "## Plan Wdrożenia Krok po Kroku",
  "## Kolejność implementacji",
  "### Kroki implementacji",
  "### Kolejność implementacji w kodzie:",
  "## Podsumowanie kroków",
  "## Checklist implementacji",
};

static const char * const step_bodies[] = {
  /* A numbered list with nested details and one ticked step. */
  "1. Add the route.\n"
  "   - nested detail\n"
  "2. [x] **Add** the service.\n"
  "3. Write tests.\n",
  /* Bullets. */
  "- Przygotowanie typów\n"
  "- Implementacja serwisu\n"
  "  1. nested\n"
  "- Testy\n",
  /* Step sub-headings with their own bullets. */
  "### Krok 1: Przygotowanie infrastruktury\n"
  "- detail\n"
  "- detail\n"
  "### [x] Krok 2: Implementacja walidacji\n"
  "1. sub-step\n"
  "2. sub-step\n"
  "### Krok 3: Testy\n"
  "Prose.\n",
  /* Phases with one numbered list running on across them. */
  "### Faza 1: Setup\n"
  "1. Create the project\n"
  "2. Add the schema\n"
  "### Faza 2: Endpoints\n"
  "3. Add GET\n"
  "4. Add POST\n",
  /* Phase sub-headings whose lists start again. */
  "#### **Phase 1: Database Schema**\n"
  "1. one\n"
  "2. two\n"
  "#### **Phase 2: Edge Functions**\n"
  "1. one\n",
  /* Sub-headings that name no step. */
  "### Pre-implementation\n"
  "- [ ] read the spec\n"
  "### Implementation\n"
  "- write it\n"
  "### Post-implementation\n"
  "- ship it\n",
  /* Numbered sub-headings. */
  "### 1. Schemat\n"
  "Text.\n"
  "### 2. Serwis\n"
  "```ts\n"
  "## not a heading\n"
  "```\n",
  /* A list before the sub-headings, then more items. */
  "1. First\n"
  "2. Second\n"
  "### Notes\n"
  "- a note\n",
  /* Items whose text is not a paragraph, lazy numbering, a loose list. */
  "1. `code` first\n"
  "1. > quoted\n"
  "1.\n"
  "   starts on the next line\n"
  "\n"
  "1. loose item\n",
  /* Nothing to count. */
  "Only prose here.\n",
};

static const char synthetic_head[] =
  "# Plan implementacji: GET /api/books\n"
  "\n"
  "## 1. Przegląd punktu końcowego\n"
  "Zwraca książkę.\n"
  "\n"
  "- not a step\n"
  "\n";

static const char synthetic_tail[] =
  "\n"
  "## Notes\n"
  "1. a note after the steps\n"
  "### Step 9: not in the steps section\n";

static void
test_synthetic (void)
{
  Tally tally = { 0, };

  for (guint h = 0; h < G_N_ELEMENTS (steps_headings); h++)
    {
      for (guint b = 0; b < G_N_ELEMENTS (step_bodies); b++)
        {
          g_autofree char *name = g_strdup_printf ("“%s” × body %u", steps_headings[h], b);
          g_autofree char *text = g_strconcat (synthetic_head, steps_headings[h], "\n",
                                               step_bodies[b], synthetic_tail, NULL);
          g_autofree char *crlf = NULL;
          g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

          check_agreement (name, text, strlen (text), &tally);
          /* The same with CRLF line ends and no final newline. */
          crlf = g_strjoinv ("\r\n", lines);
          crlf[strlen (crlf) - 2] = '\0';
          check_agreement (name, crlf, strlen (crlf), &tally);
        }
    }

  assert_tally (&tally, "synthetic");
}

/* Plans the offline planner writes, for both built-in templates. */

static char *
dup_offline_plan (PwTemplate *template,
                  const char *subject)
{
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "prompt");
  g_autoptr(GPtrArray) sections = g_ptr_array_new ();

  for (guint i = 0; i < pw_template_get_n_sections (template); i++)
    g_ptr_array_add (sections, (gpointer)pw_template_get_section_name (template, i));
  g_ptr_array_add (sections, NULL);

  pw_generation_set_template_info (generation, pw_template_get_id (template), NULL,
                                   (const char * const *)sections->pdata);
  pw_generation_set_target (generation, NULL, subject);

  return pw_offline_draft_build (generation);
}

static void
test_offline (void)
{
  static const char * const ids[] = {
    PW_TEMPLATE_ID_FEATURE_PLAN, PW_TEMPLATE_ID_ENDPOINTS_PLAN,
  };
  static const char * const subjects[] = {
    "flashcard review", "Łączenie kont użytkowników", "GET /api/books/{id}",
  };
  Tally tally = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(PwTemplate) template = pw_template_new_builtin (ids[i], NULL);

      for (guint j = 0; j < G_N_ELEMENTS (subjects); j++)
        {
          g_autofree char *text = dup_offline_plan (template, subjects[j]);
          g_autofree char *name = g_strdup_printf ("offline %s: %s", ids[i], subjects[j]);
          g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);

          g_assert_cmpuint (pw_plan_get_n_steps (plan), >, 0);
          check_agreement (name, text, strlen (text), &tally);
        }
    }

  assert_tally (&tally, "offline planner");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/export-agreement/corpus", test_corpus);
  g_test_add_func ("/pw/export-agreement/synthetic", test_synthetic);
  g_test_add_func ("/pw/export-agreement/offline", test_offline);

  return g_test_run ();
}
