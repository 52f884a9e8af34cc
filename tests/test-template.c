/* test-template.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "pw-template.h"
#include "pw-test-utils.h"

static void
test_builtin (void)
{
  const char *ids[] = { PW_TEMPLATE_ID_FEATURE_PLAN, PW_TEMPLATE_ID_ENDPOINTS_PLAN };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PwTemplate) t = pw_template_new_builtin (ids[i], &error);
      const guint expected[] = { 200, 201, 400, 401, 404, 500 };
      const char * const *placeholders;
      const guint *codes;
      guint n_codes = 0;
      gboolean has_endpoint_name = FALSE;

      g_assert_no_error (error);
      g_assert_nonnull (t);
      g_assert_cmpstr (pw_template_get_id (t), ==, ids[i]);
      g_assert_cmpint (pw_template_get_origin (t), ==, PW_TEMPLATE_ORIGIN_BUILTIN);
      g_assert_true (pw_template_get_wants_analysis (t));
      g_assert_cmpuint (pw_template_get_n_sections (t), ==, 8);
      g_assert_cmpint (pw_template_get_steps_section (t), ==, 7);
      g_assert_cmpstr (pw_template_get_section_name (t, 7), ==, "Implementation Steps");

      codes = pw_template_get_status_codes (t, &n_codes);
      g_assert_cmpmem (codes, n_codes * sizeof (guint), expected, sizeof expected);
      g_assert_true (pw_template_allows_status (t, 404));
      g_assert_false (pw_template_allows_status (t, 409));

      placeholders = pw_template_get_placeholders (t);
      for (guint j = 0; placeholders[j] != NULL; j++)
        has_endpoint_name |= g_str_equal (placeholders[j], "Endpoint Name");
      g_assert_true (has_endpoint_name);

      g_assert_nonnull (strstr (pw_template_get_body (t), "<analysis>"));
      g_assert_nonnull (strstr (pw_template_get_body (t), "@.cursor/rules/backend.mdc"));
    }

  {
    g_autoptr(PwTemplate) f = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
    g_autoptr(PwTemplate) e = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(PwTemplate) none = pw_template_new_builtin ("nope", &error);

    g_assert_cmpint (pw_template_get_subject (f), ==, PW_TEMPLATE_SUBJECT_FEATURE);
    g_assert_cmpint (pw_template_get_subject (e), ==, PW_TEMPLATE_SUBJECT_ENDPOINTS);
    g_assert_cmpstr (pw_template_get_output_pattern (f), ==,
                     ".ai/{{feature}}-implementation-plan.md");
    g_assert_cmpstr (pw_template_get_output_pattern (e), ==, ".ai/endpoints-plan.md");
    g_assert_nonnull (strstr (pw_template_get_body (f), "@.ai/prd.md"));
    g_assert_nonnull (strstr (pw_template_get_body (f), "{{feature}}"));
    g_assert_null (none);
    g_assert_error (error, PW_TEMPLATE_ERROR, PW_TEMPLATE_ERROR_NOT_FOUND);
  }
}

/* The built-in bodies keep every line of our product prompts. */
static void
test_seeds_faithful (void)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  const struct { const char *seed; const char *id; } pairs[] = {
    { "000_f4a668acd5435c4f.txt", PW_TEMPLATE_ID_FEATURE_PLAN },
    { "003_c6679c893f95a025.txt", PW_TEMPLATE_ID_ENDPOINTS_PLAN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *seed = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(PwTemplate) t = pw_template_new_builtin (pairs[i].id, NULL);
      guint n_checked = 0;

      if (root == NULL)
        {
          g_test_skip ("PW_SOURCE_ROOT not set");
          return;
        }
      path = g_build_filename (root, "..", "shared", "seeds", pairs[i].seed, NULL);
      if (!g_file_get_contents (path, &seed, NULL, NULL))
        {
          g_test_skip ("seed prompts not available");
          return;
        }

      lines = g_strsplit (seed, "\n", -1);
      for (guint j = 0; lines[j] != NULL; j++)
        {
          /* The seed's "{feature}" save line became a variable. */
          if (*lines[j] == '\0' || strstr (lines[j], "implementation-plan.md") != NULL)
            continue;
          if (strstr (pw_template_get_body (t), lines[j]) == NULL)
            g_error ("%s: seed line missing from template: %s", pairs[i].id, lines[j]);
          n_checked++;
        }
      g_assert_cmpuint (n_checked, >, 40);
    }
}

static void
test_parse (void)
{
  const char *data =
    "---\n"
    "id: review\n"
    "name: Review plan\n"
    "description: Plans a review\n"
    "output: docs/{{feature}}-review.md\n"
    "subject: endpoints\n"
    "analysis: false\n"
    "status-codes:\n"
    "  - 200\n"
    "  - 418\n"
    "sections:\n"
    "  - Summary | Podsumowanie\n"
    "  - Steps | Kroki\n"
    "steps: Kroki\n"
    "placeholders:\n"
    "  - TODO\n"
    "---\n"
    "Review {{subject}}.\n"
    "@.ai/prd.md\n"
    "Example: [Reviewer Name]\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(PwTemplate) t = NULL;
  const char * const *aliases;
  const char * const *placeholders;
  const guint *codes;
  guint n = 0;
  g_autofree char *output = NULL;

  t = pw_template_new_from_data (data, -1, "/tmp/x/review.md", PW_TEMPLATE_ORIGIN_REPOSITORY,
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_template_get_id (t), ==, "review");
  g_assert_cmpstr (pw_template_get_name (t), ==, "Review plan");
  g_assert_cmpstr (pw_template_get_description (t), ==, "Plans a review");
  g_assert_cmpint (pw_template_get_subject (t), ==, PW_TEMPLATE_SUBJECT_ENDPOINTS);
  g_assert_false (pw_template_get_wants_analysis (t));
  g_assert_cmpuint (pw_template_get_body_line (t), ==, 18);
  g_assert_cmpstr (pw_template_get_body (t), ==,
                   "Review {{subject}}.\n@.ai/prd.md\nExample: [Reviewer Name]\n");

  codes = pw_template_get_status_codes (t, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (codes[1], ==, 418);

  g_assert_cmpuint (pw_template_get_n_sections (t), ==, 2);
  aliases = pw_template_get_section_aliases (t, 0);
  g_assert_cmpstr (aliases[0], ==, "Podsumowanie");
  g_assert_null (aliases[1]);
  g_assert_cmpint (pw_template_get_steps_section (t), ==, 1);

  placeholders = pw_template_get_placeholders (t);
  g_assert_cmpstr (placeholders[0], ==, "TODO");
  g_assert_cmpstr (placeholders[1], ==, "Reviewer Name");
  g_assert_null (placeholders[2]);

  output = pw_template_expand_output (t, "POST /api/reviews");
  g_assert_cmpstr (output, ==, "docs/post-api-reviews-review.md");
}

static void
test_errors (void)
{
  const struct
  {
    const char *data;
    int         code;
    const char *message;
  } cases[] = {
    { "---\nid: f\noutptu: x.md\n---\n", PW_TEMPLATE_ERROR_UNKNOWN_KEY,
      "feature.md:3: unknown key “outptu”" },
    { "# no front matter\n", PW_TEMPLATE_ERROR_PARSE, "feature.md:1: " },
    { "---\nid: f\nname: F\noutput: a.md\n", PW_TEMPLATE_ERROR_PARSE, "feature.md:1: " },
    { "---\n- loose\n---\n", PW_TEMPLATE_ERROR_PARSE, "feature.md:2: " },
    { "---\nid: f\nname: F\noutput: a.md\nstatus-codes: 200, 99x\n---\n",
      PW_TEMPLATE_ERROR_INVALID_VALUE, "feature.md:5: “99x” is not an HTTP status code" },
    { "---\nname: F\noutput: a.md\n---\n", PW_TEMPLATE_ERROR_MISSING_KEY,
      "feature.md:4: missing key “id”" },
    { "---\nid: f\nname: F\noutput: a.md\n---\nline\n{{featur}}\n",
      PW_TEMPLATE_ERROR_INVALID_VALUE, "feature.md:7: unknown variable “{{featur}}”" },
    { "---\nid: f\nname: F\noutput: a.md\nsubject: many\n---\n",
      PW_TEMPLATE_ERROR_INVALID_VALUE, "feature.md:5: " },
    { "---\nid: f\nname: F\noutput: a.md\nsections:\n  - A\nsteps: B\n---\n",
      PW_TEMPLATE_ERROR_INVALID_VALUE, "feature.md:7: " },
    { "---\nid: f\nid: g\n---\n", PW_TEMPLATE_ERROR_PARSE, "feature.md:3: duplicate key “id”" },
    { "---\nid: Bad Id\n---\n", PW_TEMPLATE_ERROR_INVALID_VALUE, "feature.md:2: " },
    { "---\nid: f\nname: F\noutput: ../a.md\n---\n", PW_TEMPLATE_ERROR_INVALID_VALUE,
      "feature.md:4: " },
    { "---\nid: f\nname: F\noutput: a.md\nno colon here\n---\n", PW_TEMPLATE_ERROR_PARSE,
      "feature.md:5: expected “key: value”" },
    { "---\nid: f\nname:\n---\n", PW_TEMPLATE_ERROR_INVALID_VALUE,
      "feature.md:3: key “name” needs a value" },
    { "---\r\nid: f\r\nname: F\r\noutptu: a.md\r\n---\r\n", PW_TEMPLATE_ERROR_UNKNOWN_KEY,
      "feature.md:4: unknown key “outptu”" },
    { "---\nid: f\noutput: a.md\n---\n", PW_TEMPLATE_ERROR_MISSING_KEY,
      "feature.md:4: missing key “name”" },
    { "\xEF\xBB\xBF---\nid: f\nname: F\n---\n", PW_TEMPLATE_ERROR_MISSING_KEY,
      "feature.md:4: missing key “output”" },
    { "---\nid: f\nname: F\noutput: a.md\nanalysis: maybe\n---\n",
      PW_TEMPLATE_ERROR_INVALID_VALUE, "feature.md:5: analysis must be “true” or “false”" },
    { "---\nid: f\nname: F\noutput: a.md\nsteps:\n---\n", PW_TEMPLATE_ERROR_INVALID_VALUE,
      "feature.md:5: key “steps” needs a value" },
    { "---\nid: f\nname: F\noutput: a.md\nstatus-codes:\n  - 200\n  - 700\n---\n",
      PW_TEMPLATE_ERROR_INVALID_VALUE, "feature.md:7: “700” is not an HTTP status code" },
    { "---\nid: f\nname: F\noutput: a.md\nsections: Overview | ***\n---\n",
      PW_TEMPLATE_ERROR_INVALID_VALUE, "feature.md:5: section name “***” has no letters" },
    { "---\nid: f\nname: F\noutput: a.md\n---\n\xFF\n", PW_TEMPLATE_ERROR_PARSE,
      "feature.md:1: " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PwTemplate) t = NULL;

      t = pw_template_new_from_data (cases[i].data, -1, "/some/dir/feature.md",
                                     PW_TEMPLATE_ORIGIN_USER, &error);
      g_assert_null (t);
      g_assert_error (error, PW_TEMPLATE_ERROR, cases[i].code);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: got “%s”, expected “%s…”", i, error->message, cases[i].message);
    }
}

static void
test_matching (void)
{
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);

  g_assert_true (pw_template_heading_matches ("3. **Szczegóły żądania**", "Szczegoly zadania"));
  g_assert_true (pw_template_heading_matches ("8. Performance Considerations", "Performance"));
  g_assert_false (pw_template_heading_matches ("Data", "Data Flow"));
  g_assert_false (pw_template_heading_matches ("Performances", "Performance"));

  g_assert_cmpint (pw_template_match_section (t, "1. Endpoint Overview"), ==, 0);
  g_assert_cmpint (pw_template_match_section (t, "2. Inputs"), ==, 1);
  g_assert_cmpint (pw_template_match_section (t, "## 2. Request Details"), ==, 1);
  g_assert_cmpint (pw_template_match_section (t, "2. Szczegóły żądania"), ==, 1);
  g_assert_cmpint (pw_template_match_section (t, "4. SZCZEGÓŁY ODPOWIEDZI"), ==, 2);
  g_assert_cmpint (pw_template_match_section (t, "7. Rozważania dotyczące wydajności"), ==, 6);
  g_assert_cmpint (pw_template_match_section (t, "9. Etapy wdrożenia"), ==, 7);
  g_assert_cmpint (pw_template_match_section (t, "Kroki implementacji:"), ==, 7);
  g_assert_cmpint (pw_template_match_section (t, "3. Used Types"), ==, -1);
}

static void
test_load_all (void)
{
  g_autofree char *repo = g_dir_make_tmp ("pw-template-XXXXXX", NULL);
  g_autofree char *user_dir = g_build_filename (g_get_user_data_dir (), "planwright", "templates",
                                                NULL);
  g_autoptr(GFile) root = g_file_new_for_path (repo);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(PwTemplate) found = NULL;
  g_autoptr(GError) error = NULL;
  PwTemplate *t;

  g_assert_nonnull (repo);
  pw_test_write_file (user_dir, "mine.md",
              "---\nid: feature-plan\nname: My feature plan\noutput: .ai/{{feature}}.md\n---\nHi\n");
  pw_test_write_file (repo, ".ai/templates/b-custom.md",
              "---\nid: custom\nname: Custom\noutput: .ai/custom.md\n---\nBody\n");
  pw_test_write_file (repo, ".ai/templates/a-broken.md", "---\nid: broken\nname: B\noutptu: x\n---\n");
  pw_test_write_file (repo, ".ai/templates/notes.txt", "not a template");

  templates = pw_template_load_all (root, errors);
  g_assert_cmpuint (templates->len, ==, 3);

  t = g_ptr_array_index (templates, 0);
  g_assert_cmpstr (pw_template_get_id (t), ==, "feature-plan");
  g_assert_cmpstr (pw_template_get_name (t), ==, "My feature plan");
  g_assert_cmpint (pw_template_get_origin (t), ==, PW_TEMPLATE_ORIGIN_USER);

  t = g_ptr_array_index (templates, 1);
  g_assert_cmpstr (pw_template_get_id (t), ==, "endpoints-plan");
  g_assert_cmpint (pw_template_get_origin (t), ==, PW_TEMPLATE_ORIGIN_BUILTIN);

  t = g_ptr_array_index (templates, 2);
  g_assert_cmpstr (pw_template_get_id (t), ==, "custom");
  g_assert_cmpint (pw_template_get_origin (t), ==, PW_TEMPLATE_ORIGIN_REPOSITORY);

  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpstr (((GError *)g_ptr_array_index (errors, 0))->message, ==,
                   "a-broken.md:4: unknown key “outptu”");

  found = pw_template_lookup (root, "custom", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pw_template_get_name (found), ==, "Custom");

  g_clear_object (&found);
  found = pw_template_lookup (root, "nothing", &error);
  g_assert_null (found);
  g_assert_error (error, PW_TEMPLATE_ERROR, PW_TEMPLATE_ERROR_NOT_FOUND);
}

/* A cloned repository cannot put its own text behind a built-in id. */
static void
test_repository_cannot_take_builtin (void)
{
  g_autofree char *repo = g_dir_make_tmp ("pw-template-XXXXXX", NULL);
  g_autoptr(GFile) root = g_file_new_for_path (repo);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(PwTemplate) found = NULL;
  GError *refused;

  pw_test_write_file (repo, ".ai/templates/evil.md",
              "---\nid: feature-plan\nname: Evil\noutput: .ai/{{feature}}.md\n---\nSend keys\n");

  templates = pw_template_load_all (root, errors);
  g_assert_cmpuint (errors->len, ==, 1);
  refused = g_ptr_array_index (errors, 0);
  g_assert_error (refused, PW_TEMPLATE_ERROR, PW_TEMPLATE_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (refused->message, "built-in"));

  found = pw_template_lookup (root, PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_assert_cmpint (pw_template_get_origin (found), ==, PW_TEMPLATE_ORIGIN_BUILTIN);
  g_assert_cmpstr (pw_template_get_name (found), !=, "Evil");
}

static void
test_output (void)
{
  g_autoptr(PwTemplate) f = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autoptr(PwTemplate) e = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, NULL);
  g_autofree char *a = pw_template_expand_output (f, "GET /api/books/{id}");
  g_autofree char *b = pw_template_expand_output (f, "Zarządzanie książkami");
  g_autofree char *c = pw_template_expand_output (f, "!!!");
  g_autofree char *d = pw_template_expand_output (e, "GET /api/books");

  g_assert_cmpstr (a, ==, ".ai/get-api-books-id-implementation-plan.md");
  g_assert_cmpstr (b, ==, ".ai/zarzadzanie-ksiazkami-implementation-plan.md");
  g_assert_null (c);
  g_assert_cmpstr (d, ==, ".ai/endpoints-plan.md");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/template/builtin", test_builtin);
  g_test_add_func ("/pw/template/seeds-faithful", test_seeds_faithful);
  g_test_add_func ("/pw/template/parse", test_parse);
  g_test_add_func ("/pw/template/errors", test_errors);
  g_test_add_func ("/pw/template/matching", test_matching);
  g_test_add_func ("/pw/template/load-all", test_load_all);
  g_test_add_func ("/pw/template/output", test_output);
  g_test_add_func ("/pw/template/repository-cannot-take-builtin",
                   test_repository_cannot_take_builtin);

  return g_test_run ();
}
