/* test-lint.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "pw-lint.h"
#include "pw-template.h"

/* A plan that follows the feature template: no issues at all. */
static const char good_plan[] =
  "# API Endpoint Implementation Plan: GET /api/books/{id}\n"   /* 1 */
  "\n"
  "## 1. Endpoint Overview\n"                                     /* 3 */
  "Returns one book.\n"
  "\n"
  "## 2. Request Details\n"                                      /* 6 */
  "- Method: GET\n"
  "\n"
  "## 3. Response Details\n"                                     /* 9 */
  "- 200 OK with the book, 404 Not Found otherwise.\n"
  "\n"
  "## 4. Data Flow\n"
  "Controller, service, repository.\n"
  "\n"
  "## 5. Security Considerations\n"
  "Status 401 when the token is missing.\n"
  "\n"
  "## 6. Error Handling\n"
  "- `500` on database errors.\n"
  "\n"
  "## 7. Performance\n"
  "Limit to max 500 characters of description.\n"
  "\n"
  "## 8. Implementation Steps\n"                                 /* 24 */
  "1. Add the route.\n"
  "2. Add the service.\n"
  "3. [x] Write tests.\n";

static GPtrArray *
lint (const char *text,
      const char *template_id)
{
  g_autoptr(PwTemplate) t = NULL;

  if (template_id != NULL)
    t = pw_template_new_builtin (template_id, NULL);
  return pw_lint_check (text, -1, t);
}

static PwLintIssue *
find_issue (GPtrArray  *issues,
            const char *code,
            guint       nth)
{
  for (guint i = 0; i < issues->len; i++)
    {
      PwLintIssue *issue = g_ptr_array_index (issues, i);

      if (g_str_equal (issue->code, code) && nth-- == 0)
        return issue;
    }

  return NULL;
}

static guint
count_code (GPtrArray  *issues,
            const char *code)
{
  guint n = 0;

  while (find_issue (issues, code, n) != NULL)
    n++;
  return n;
}

static void
test_clean (void)
{
  g_autoptr(GPtrArray) issues = lint (good_plan, PW_TEMPLATE_ID_FEATURE_PLAN);

  for (guint i = 0; i < issues->len; i++)
    {
      PwLintIssue *issue = g_ptr_array_index (issues, i);

      g_test_message ("unexpected: %u %s %s", issue->line, issue->code, issue->message);
    }
  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_false (pw_lint_has_errors (issues));
}

static void
test_missing_section (void)
{
  g_autoptr(GString) text = g_string_new (good_plan);
  g_autoptr(GPtrArray) issues = NULL;
  PwLintIssue *issue;

  g_string_replace (text, "## 4. Data Flow\n", "## 4. Something Else\n", 1);
  issues = lint (text->str, PW_TEMPLATE_ID_FEATURE_PLAN);

  g_assert_cmpuint (count_code (issues, PW_LINT_MISSING_SECTION), ==, 1);
  issue = find_issue (issues, PW_LINT_MISSING_SECTION, 0);
  g_assert_cmpint (issue->severity, ==, PW_LINT_SEVERITY_ERROR);
  /* It belongs after "3. Response Details", on line 9. */
  g_assert_cmpuint (issue->line, ==, 9);
  g_assert_nonnull (strstr (issue->message, "Data Flow"));
  g_assert_true (pw_lint_has_errors (issues));
}

static void
test_tolerant_sections (void)
{
  const char *polish =
    "# Plan\n"
    "## 1. Przegląd punktu końcowego\nx\n"
    "## 2. **Szczegóły żądania**\nx\n"
    "## 3) szczegoly odpowiedzi\nx\n"
    "## 4. PRZEPŁYW DANYCH\nx\n"
    "## 5. Względy bezpieczeństwa\nx\n"
    "## 6. Obsługa błędów\nx\n"
    "## 7. Rozważania dotyczące wydajności\nx\n"
    "## 8. Etapy wdrożenia\n1. Krok.\n";
  const char *inputs =
    "## Overview\nx\n## Inputs\nx\n## Outputs\nx\n## Data Flow\nx\n"
    "## Security\nx\n## Error Handling\nx\n## Performance Considerations\nx\n"
    "## Implementation Steps\n- one\n";
  g_autoptr(GPtrArray) a = lint (polish, PW_TEMPLATE_ID_FEATURE_PLAN);
  g_autoptr(GPtrArray) b = lint (inputs, PW_TEMPLATE_ID_ENDPOINTS_PLAN);

  g_assert_cmpuint (count_code (a, PW_LINT_MISSING_SECTION), ==, 0);
  g_assert_cmpuint (count_code (b, PW_LINT_MISSING_SECTION), ==, 0);
}

static void
test_status_codes (void)
{
  const char *text =
    "## Error Handling\n"                                          /* 1 */
    "- 409 Conflict when the title exists.\n"                      /* 2 */
    "- `422` on validation, and again 409 Conflict.\n"             /* 3 */
    "- Return HTTP 403 for foreign books.\n"                       /* 4 */
    "- Titles up to 300 characters, ids like 12345, version 1.204.\n" /* 5 */
    "- 404 Not Found.\n";                                          /* 6 */
  g_autoptr(GPtrArray) issues = lint (text, PW_TEMPLATE_ID_FEATURE_PLAN);
  PwLintIssue *issue;

  g_assert_cmpuint (count_code (issues, PW_LINT_STATUS_CODE), ==, 4);
  issue = find_issue (issues, PW_LINT_STATUS_CODE, 0);
  g_assert_cmpuint (issue->line, ==, 2);
  g_assert_cmpint (issue->severity, ==, PW_LINT_SEVERITY_WARNING);
  g_assert_nonnull (strstr (issue->message, "409"));
  g_assert_cmpuint (find_issue (issues, PW_LINT_STATUS_CODE, 1)->line, ==, 3);
  g_assert_cmpuint (find_issue (issues, PW_LINT_STATUS_CODE, 2)->line, ==, 3);
  g_assert_cmpuint (find_issue (issues, PW_LINT_STATUS_CODE, 3)->line, ==, 4);
}

static void
test_analysis (void)
{
  g_autoptr(GString) text = g_string_new ("<analysis>\nThinking.\n</analysis>\n\n");
  g_autoptr(GPtrArray) issues = NULL;
  PwLintIssue *issue;

  g_string_append (text, good_plan);
  issues = lint (text->str, PW_TEMPLATE_ID_FEATURE_PLAN);
  g_assert_cmpuint (count_code (issues, PW_LINT_LEFTOVER_ANALYSIS), ==, 1);
  issue = find_issue (issues, PW_LINT_LEFTOVER_ANALYSIS, 0);
  g_assert_cmpuint (issue->line, ==, 1);
  g_assert_cmpint (issue->severity, ==, PW_LINT_SEVERITY_ERROR);
}

static void
test_placeholders (void)
{
  const char *text =
    "# API Endpoint Implementation Plan: [Endpoint Name]\n"            /* 1 */
    "## 1. Endpoint Overview\n"
    "[Brief description of endpoint purpose and functionality]\n"     /* 3 */
    "See [the docs](https://example.com) and [ref][1].\n"             /* 4 */
    "## 8. Implementation Steps\n"
    "1. [Step 1]\n"                                                   /* 6 */
    "2. [ ] Real step\n"
    "3. [x] Done step\n";
  g_autoptr(GPtrArray) issues = lint (text, PW_TEMPLATE_ID_FEATURE_PLAN);

  g_assert_cmpuint (count_code (issues, PW_LINT_PLACEHOLDER), ==, 3);
  g_assert_cmpuint (find_issue (issues, PW_LINT_PLACEHOLDER, 0)->line, ==, 1);
  g_assert_cmpuint (find_issue (issues, PW_LINT_PLACEHOLDER, 1)->line, ==, 3);
  g_assert_cmpuint (find_issue (issues, PW_LINT_PLACEHOLDER, 2)->line, ==, 6);
  g_assert_nonnull (strstr (find_issue (issues, PW_LINT_PLACEHOLDER, 2)->message, "[Step 1]"));
}

static void
test_empty_steps (void)
{
  const char *empty =
    "## Implementation Steps\n"
    "\n"
    "To be decided.\n"
    "\n"
    "## Notes\n"
    "- a note\n";
  const char *subheadings =
    "## Implementation Steps\n"
    "### Step 1: Route\n"
    "Text.\n";
  g_autoptr(GPtrArray) a = lint (empty, PW_TEMPLATE_ID_FEATURE_PLAN);
  g_autoptr(GPtrArray) b = lint (subheadings, PW_TEMPLATE_ID_FEATURE_PLAN);

  g_assert_cmpuint (count_code (a, PW_LINT_EMPTY_STEPS), ==, 1);
  g_assert_cmpuint (find_issue (a, PW_LINT_EMPTY_STEPS, 0)->line, ==, 1);
  g_assert_cmpuint (count_code (b, PW_LINT_EMPTY_STEPS), ==, 0);
}

static void
test_duplicate_numbering (void)
{
  const char *text =
    "## 1. Overview\n"          /* 1 */
    "## 2. Inputs\n"            /* 2 */
    "## 3. Used Types\n"        /* 3 */
    "## 3. Outputs\n"           /* 4 */
    "### 1. Sub\n"              /* 5 */
    "## 4. Steps\n"             /* 6 */
    "### 1. Again fine\n"       /* 7 */
    "1. a\n"                    /* 8 */
    "2. b\n"
    "2. c\n"                    /* 10 */
    "\n"
    "text\n"
    "\n"
    "1. lazy\n"
    "1. lazy\n"
    "1. lazy\n";
  g_autoptr(GPtrArray) issues = lint (text, NULL);

  g_assert_cmpuint (count_code (issues, PW_LINT_DUPLICATE_NUMBER), ==, 2);
  g_assert_cmpuint (find_issue (issues, PW_LINT_DUPLICATE_NUMBER, 0)->line, ==, 4);
  g_assert_cmpuint (find_issue (issues, PW_LINT_DUPLICATE_NUMBER, 1)->line, ==, 10);
  g_assert_false (pw_lint_has_errors (issues));
}

static void
test_json (void)
{
  g_autoptr(GPtrArray) issues = lint ("<analysis>\n", NULL);
  g_autoptr(JsonNode) node = pw_lint_issues_to_json (issues);
  JsonObject *first;

  g_assert_cmpint (json_array_get_length (json_node_get_array (node)), ==, 1);
  first = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, "leftover-analysis");
  g_assert_cmpint (json_object_get_int_member (first, "line"), ==, 1);
}

/* Every implementation plan of the corpus: lint must not crash, and its
 * leftover-analysis verdict must agree with the hand label. */
static void
test_corpus (void)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *corpus = NULL;
  g_autofree char *labels_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *labels;
  g_autoptr(GList) repos = NULL;
  guint n_files = 0, n_clean = 0, n_errors = 0, n_warnings = 0, n_analysis_ok = 0;
  guint n_missing = 0;

  if (root == NULL)
    {
      g_test_skip ("PW_SOURCE_ROOT not set");
      return;
    }
  corpus = g_build_filename (root, "..", "shared", "corpus", NULL);
  labels_path = g_build_filename (corpus, "labels.json", NULL);
  if (!g_file_test (labels_path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("corpus not available");
      return;
    }

  json_parser_load_from_file (parser, labels_path, &error);
  g_assert_no_error (error);
  labels = json_node_get_object (json_parser_get_root (parser));
  repos = json_object_get_members (labels);

  for (GList *l = repos; l != NULL; l = l->next)
    {
      JsonObject *plans = json_object_get_object_member (json_object_get_object_member (labels, l->data),
                                                         "implementation_plans");
      g_autoptr(GList) paths = json_object_get_members (plans);

      for (GList *p = paths; p != NULL; p = p->next)
        {
          g_autofree char *file = g_build_filename (corpus, l->data, p->data, NULL);
          g_autofree char *contents = NULL;
          g_autoptr(GPtrArray) issues = NULL;
          gsize length = 0;
          gboolean labelled = json_object_get_boolean_member (json_object_get_object_member (plans, p->data),
                                                              "has_analysis");

          if (!g_file_get_contents (file, &contents, &length, NULL))
            {
              n_missing++;
              continue;
            }

          issues = pw_lint_check (contents, length, t);
          n_files++;
          n_errors += pw_lint_count (issues, PW_LINT_SEVERITY_ERROR);
          n_warnings += pw_lint_count (issues, PW_LINT_SEVERITY_WARNING);
          if (issues->len == 0)
            n_clean++;
          if ((count_code (issues, PW_LINT_LEFTOVER_ANALYSIS) > 0) == labelled)
            n_analysis_ok++;
          else
            g_test_message ("analysis verdict differs from label: %s/%s",
                            (char *)l->data, (char *)p->data);

          for (guint i = 0; i < issues->len; i++)
            {
              PwLintIssue *issue = g_ptr_array_index (issues, i);

              g_assert_cmpuint (issue->line, >=, 1);
              g_assert_nonnull (issue->message);
            }
        }
    }

  g_test_message ("corpus lint: %u plans, %u clean, %u errors, %u warnings, "
                  "analysis verdict agrees with labels on %u/%u, %u unreadable",
                  n_files, n_clean, n_errors, n_warnings, n_analysis_ok, n_files, n_missing);
  g_assert_cmpuint (n_files, >, 40);
  g_assert_cmpuint (n_analysis_ok, ==, n_files);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/lint/clean", test_clean);
  g_test_add_func ("/pw/lint/missing-section", test_missing_section);
  g_test_add_func ("/pw/lint/tolerant-sections", test_tolerant_sections);
  g_test_add_func ("/pw/lint/status-codes", test_status_codes);
  g_test_add_func ("/pw/lint/analysis", test_analysis);
  g_test_add_func ("/pw/lint/placeholders", test_placeholders);
  g_test_add_func ("/pw/lint/empty-steps", test_empty_steps);
  g_test_add_func ("/pw/lint/duplicate-numbering", test_duplicate_numbering);
  g_test_add_func ("/pw/lint/json", test_json);
  g_test_add_func ("/pw/lint/corpus", test_corpus);

  return g_test_run ();
}
