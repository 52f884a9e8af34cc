/* test-export.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "pw-export.h"
#include "pw-plan.h"
#include "pw-template.h"
#include "pw-workspace.h"

static const char model_plan[] =
  "<analysis>\n"
  "1. The spec says GET /api/books/{id}.\n"
  "</analysis>\n"
  "\n"
  "# API Endpoint Implementation Plan: GET /api/books/{id}\n"
  "\n"
  "## 1. Endpoint Overview\n"
  "Returns one book.\n"
  "\n"
  "- not a step\n"
  "\n"
  "## 8. Implementation Steps\n"
  "1. Add the route.\n"
  "   - nested detail\n"
  "2. **Add** the service.\n"
  "3. [x] Write tests.\n"
  "- [ ] Already a task\n";

static void
test_target (void)
{
  g_autoptr(PwTemplate) f = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autoptr(PwTemplate) e = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, NULL);
  g_autofree char *a = pw_export_target_path (f, "GET /api/books/{id}");
  g_autofree char *b = pw_export_target_path (f, "Łączenie kont użytkowników");
  g_autofree char *c = pw_export_target_path (e, "POST /api/books");
  g_autofree char *d = pw_export_target_path (f, "   ");

  g_assert_cmpstr (a, ==, ".ai/get-api-books-id-implementation-plan.md");
  g_assert_cmpstr (b, ==, ".ai/laczenie-kont-uzytkownikow-implementation-plan.md");
  g_assert_cmpstr (c, ==, ".ai/endpoints-plan.md");
  g_assert_null (d);
}

static void
test_render (void)
{
  const char *inputs[] = {
    "prd:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ".cursor/rules/backend.mdc:sha256:aa",
    NULL,
  };
  PwProvenance prov = { "feature-plan", "gpt-4o", "2026-01-02T03:04:05Z", inputs };
  g_autoptr(PwTemplate) t = pw_template_new_builtin (PW_TEMPLATE_ID_FEATURE_PLAN, NULL);
  g_autofree char *out = pw_export_render_text (model_plan, -1, t, &prov);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_autoptr(GRegex) re = g_regex_new ("^<!-- planwright: template=\\S+ model=\\S+ date=\\S+ "
                                      "inputs=\\S+ -->$", 0, 0, NULL);
  g_autofree char *again = NULL;

  g_assert_cmpstr (lines[0], ==,
                   "<!-- planwright: template=feature-plan model=gpt-4o date=2026-01-02T03:04:05Z "
                   "inputs=prd:sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,"
                   ".cursor/rules/backend.mdc:sha256:aa -->");
  g_assert_true (g_regex_match (re, lines[0], 0, NULL));
  g_assert_cmpstr (lines[1], ==, "");
  g_assert_cmpstr (lines[2], ==, "# API Endpoint Implementation Plan: GET /api/books/{id}");

  g_assert_null (strstr (out, "analysis>"));
  g_assert_null (strstr (out, "The spec says"));
  g_assert_nonnull (strstr (out, "\n1. [ ] Add the route.\n"));
  g_assert_nonnull (strstr (out, "\n   - nested detail\n"));
  g_assert_nonnull (strstr (out, "\n2. [ ] **Add** the service.\n"));
  g_assert_nonnull (strstr (out, "\n3. [x] Write tests.\n"));
  g_assert_nonnull (strstr (out, "\n- [ ] Already a task\n"));
  g_assert_nonnull (strstr (out, "\n- not a step\n"));

  /* Rendering an exported plan again changes only the provenance. */
  prov.date = "2026-02-02T00:00:00Z";
  again = pw_export_render_text (out, -1, t, &prov);
  g_assert_cmpstr (strchr (again, '\n'), ==, strchr (out, '\n'));
}

static void
test_render_subheadings (void)
{
  const char *text =
    "## Implementation Steps\n"
    "### Step 1: Route\n"
    "- detail\n"
    "### [x] Step 2: Service\n"
    "## Notes\n"
    "1. a note\n";
  g_autofree char *out = pw_export_render_text (text, -1, NULL, NULL);

  g_assert_cmpstr (out, ==,
                   "## Implementation Steps\n"
                   "### [ ] Step 1: Route\n"
                   "- detail\n"
                   "### [x] Step 2: Service\n"
                   "## Notes\n"
                   "1. a note\n");
}

/* Export marks the steps the tracker counts, and nothing else: not the
 * section headings of a plan whose steps are sub-headings, also when the
 * steps section is named "Plan wdrożenia" or "Implementation Phases". */
static void
test_render_agrees (void)
{
  const char *polish =
    "# Plan wdrożenia punktu końcowego API: POST /api/books\n"
    "## 1. Przegląd punktu końcowego\n"
    "Tekst.\n"
    "## 2. Etapy wdrożenia\n"
    "### Krok 1: Przygotowanie\n"
    "- szczegół\n"
    "### Krok 2: Serwis\n";
  const char *phases =
    "## Implementation Phases\n"
    "1. Setup\n"
    "2. Build\n"
    "## Plan wdrożenia\n"
    "- not a step\n";
  g_autofree char *a = pw_export_render_text (polish, -1, NULL, NULL);
  g_autofree char *b = pw_export_render_text (phases, -1, NULL, NULL);

  g_assert_cmpstr (a, ==,
                   "# Plan wdrożenia punktu końcowego API: POST /api/books\n"
                   "## 1. Przegląd punktu końcowego\n"
                   "Tekst.\n"
                   "## 2. Etapy wdrożenia\n"
                   "### [ ] Krok 1: Przygotowanie\n"
                   "- szczegół\n"
                   "### [ ] Krok 2: Serwis\n");
  g_assert_cmpstr (b, ==,
                   "## Implementation Phases\n"
                   "1. [ ] Setup\n"
                   "2. [ ] Build\n"
                   "## Plan wdrożenia\n"
                   "- not a step\n");
}

static void
test_provenance_safe (void)
{
  PwProvenance prov = { "feature-plan", "evil --> <script>", NULL, NULL };
  g_autofree char *comment = pw_export_format_provenance (&prov);
  g_autoptr(GRegex) re = g_regex_new ("^<!-- planwright: template=feature-plan model=\\S+ "
                                      "date=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ inputs=none -->$",
                                      0, 0, NULL);

  g_assert_true (g_regex_match (re, comment, 0, NULL));
  /* Only the closing marker may end the comment. */
  g_assert_true (strstr (comment, "-->") == comment + strlen (comment) - 3);
}

static void
test_render_plan (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (model_plan, -1);
  PwProvenance prov = { "feature-plan", NULL, "2026-01-01", NULL };
  g_autofree char *out = pw_export_render (plan, NULL, &prov);

  g_assert_true (g_str_has_prefix (out, "<!-- planwright: template=feature-plan model=unknown "
                                        "date=2026-01-01 inputs=none -->\n\n# API"));
  g_assert_nonnull (strstr (out, "\n1. [ ] Add the route.\n"));
}

typedef struct
{
  char        *root;
  char        *outside;
  PwWorkspace *workspace;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GFile) root = NULL;

  f->root = g_dir_make_tmp ("pw-export-repo-XXXXXX", NULL);
  f->outside = g_dir_make_tmp ("pw-export-outside-XXXXXX", NULL);
  g_assert_nonnull (f->root);
  g_assert_nonnull (f->outside);
  root = g_file_new_for_path (f->root);
  f->workspace = pw_workspace_new (root);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->workspace);
  remove_tree (f->root);
  remove_tree (f->outside);
  g_free (f->root);
  g_free (f->outside);
}

static char *
read_in (const char *dir,
         const char *rel)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

static void
test_write_conflict (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  g_assert_true (pw_export_write (f->workspace, ".ai/plans/x-implementation-plan.md", "one\n",
                                  FALSE, &error));
  g_assert_no_error (error);
  first = read_in (f->root, ".ai/plans/x-implementation-plan.md");
  g_assert_cmpstr (first, ==, "one\n");

  g_assert_false (pw_export_write (f->workspace, ".ai/plans/x-implementation-plan.md", "two\n",
                                   FALSE, &error));
  g_assert_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT);
  g_clear_error (&error);
  second = read_in (f->root, ".ai/plans/x-implementation-plan.md");
  g_assert_cmpstr (second, ==, "one\n");

  g_assert_true (pw_export_write (f->workspace, ".ai/plans/x-implementation-plan.md", "two\n",
                                  TRUE, &error));
  g_assert_no_error (error);
  third = read_in (f->root, ".ai/plans/x-implementation-plan.md");
  g_assert_cmpstr (third, ==, "two\n");
}

static void
test_write_escape (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *link = g_build_filename (f->root, "linked", NULL);
  g_autofree char *file_link = g_build_filename (f->root, "plan.md", NULL);
  g_autofree char *victim = g_build_filename (f->outside, "victim.md", NULL);
  g_autofree char *absolute = g_build_filename (f->outside, "abs.md", NULL);
  g_autofree char *victim_text = NULL;
  const char *refused[] = { "../escape.md", ".ai/../../escape.md", absolute,
                            "linked/plan.md", "linked/deeper/plan.md", "", };
  g_autoptr(GDir) dir = NULL;
  guint n_outside = 0;

  g_assert_true (g_file_set_contents (victim, "keep\n", -1, NULL));
  g_assert_cmpint (symlink (f->outside, link), ==, 0);
  g_assert_cmpint (symlink (victim, file_link), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (pw_export_write (f->workspace, refused[i], "bad\n", TRUE, &error));
      g_assert_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE);
    }

  /* A symlinked target file pointing outside is refused even with force. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (pw_export_write (f->workspace, "plan.md", "bad\n", TRUE, &error));
    g_assert_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE);
  }

  victim_text = read_in (f->outside, "victim.md");
  g_assert_cmpstr (victim_text, ==, "keep\n");

  dir = g_dir_open (f->outside, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_outside++;
  g_assert_cmpuint (n_outside, ==, 1);
}

/* The reader gives back what the writer wrote, and nothing for other
 * comments or an unclosed one. */
static void
test_provenance_read (void)
{
  const char *inputs[] = { "prd:sha256:ab12", "tech-stack:sha256:cd34", NULL };
  PwProvenance prov = { "endpoints-plan", "gpt-4o", "2026-11-21T10:20:30Z", inputs };
  g_autofree char *comment = pw_export_format_provenance (&prov);
  g_autofree char *text = g_strconcat (comment, "\n\n# Plan\n", NULL);
  g_autoptr(PwProvenanceRecord) record = pw_export_read_provenance (text, -1);
  g_autoptr(PwProvenanceRecord) none = NULL;

  g_assert_nonnull (record);
  g_assert_cmpstr (record->template_id, ==, "endpoints-plan");
  g_assert_cmpstr (record->model, ==, "gpt-4o");
  g_assert_cmpstr (record->date, ==, "2026-11-21T10:20:30Z");
  g_assert_cmpuint (g_strv_length (record->inputs), ==, 2);
  g_assert_cmpstr (record->inputs[1], ==, "tech-stack:sha256:cd34");

  prov.inputs = NULL;
  g_free (comment);
  comment = pw_export_format_provenance (&prov);
  g_clear_pointer (&record, pw_provenance_record_free);
  record = pw_export_read_provenance (comment, -1);
  g_assert_null (record->inputs);

  none = pw_export_read_provenance ("<!-- Offline draft -->\n", -1);
  g_assert_null (none);
  none = pw_export_read_provenance ("<!-- planwright: template=x model=y", -1);
  g_assert_null (none);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/export/target", test_target);
  g_test_add_func ("/pw/export/render", test_render);
  g_test_add_func ("/pw/export/render-subheadings", test_render_subheadings);
  g_test_add_func ("/pw/export/render-agrees", test_render_agrees);
  g_test_add_func ("/pw/export/provenance-safe", test_provenance_safe);
  g_test_add_func ("/pw/export/provenance-read", test_provenance_read);
  g_test_add_func ("/pw/export/render-plan", test_render_plan);
  g_test_add ("/pw/export/write-conflict", Fixture, NULL, fixture_setup, test_write_conflict,
              fixture_teardown);
  g_test_add ("/pw/export/write-escape", Fixture, NULL, fixture_setup, test_write_escape,
              fixture_teardown);

  return g_test_run ();
}
