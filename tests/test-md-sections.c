/* test-md-sections.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pw-endpoints.h"
#include "pw-md-sections.h"
#include "pw-test-utils.h"

static PwMdSection *
section_at (GPtrArray *sections,
            guint      index)
{
  g_assert_cmpuint (index, <, sections->len);
  return g_ptr_array_index (sections, index);
}

/* "kind:title" of each section joined by " | ", for one-line asserts. */
static char *
describe (GPtrArray *sections)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < sections->len; i++)
    {
      PwMdSection *section = g_ptr_array_index (sections, i);

      if (i > 0)
        g_string_append (out, " | ");
      g_string_append_printf (out, "%s:%s", section->kind != NULL ? section->kind : "-",
                              section->title);
    }

  return g_string_free (out, FALSE);
}

static void
assert_globals (const char *text,
                const char *expected)
{
  g_autoptr(GPtrArray) globals = pw_api_plan_find_global_sections (text, strlen (text));
  g_autofree char *described = describe (globals);

  g_assert_cmpstr (described, ==, expected);
}

static void
test_list_atx (void)
{
  const char *text =
    "# Plan *API*\n"
    "intro\n"
    "## 1. `Auth` & [links](http://x) &amp; more ##\n"
    "body\n"
    "### Deep\n"
    "deeper\n"
    "## 2. Next\n"
    "tail";
  g_autoptr(GPtrArray) sections = pw_md_list_sections (text, strlen (text));
  PwMdSection *s;

  g_assert_cmpuint (sections->len, ==, 4);

  s = section_at (sections, 0);
  g_assert_cmpuint (s->level, ==, 1);
  g_assert_cmpstr (s->title, ==, "Plan API");
  g_assert_cmpuint (s->start, ==, 0);
  g_assert_cmpuint (s->body_start, ==, strlen ("# Plan *API*\n"));
  g_assert_cmpuint (s->end, ==, strlen (text));
  g_assert_cmpuint (s->line, ==, 1);
  g_assert_null (s->kind);

  s = section_at (sections, 1);
  g_assert_cmpuint (s->level, ==, 2);
  g_assert_cmpstr (s->title, ==, "1. Auth & links & more");
  g_assert_cmpuint (s->start, ==, strstr (text, "## 1.") - text);
  g_assert_cmpuint (s->body_start, ==, strstr (text, "body") - text);
  g_assert_cmpuint (s->end, ==, strstr (text, "## 2.") - text);
  g_assert_cmpuint (s->line, ==, 3);

  s = section_at (sections, 2);
  g_assert_cmpuint (s->level, ==, 3);
  g_assert_cmpuint (s->end, ==, strstr (text, "## 2.") - text);

  s = section_at (sections, 3);
  g_assert_cmpstr (s->title, ==, "2. Next");
  g_assert_cmpuint (s->body_start, ==, strstr (text, "tail") - text);
  g_assert_cmpuint (s->end, ==, strlen (text));
  g_assert_cmpuint (s->line, ==, 7);
}

static void
test_list_setext (void)
{
  const char *text =
    "Title spread\n"
    "over *two* lines\n"
    "=====\n"
    "para\n"
    "\n"
    "Sub\n"
    "---\n"
    "text\n"
    "\n"
    "Another\n"
    "=======\n";
  g_autoptr(GPtrArray) sections = pw_md_list_sections (text, strlen (text));
  PwMdSection *s;

  g_assert_cmpuint (sections->len, ==, 3);

  s = section_at (sections, 0);
  g_assert_cmpuint (s->level, ==, 1);
  g_assert_cmpstr (s->title, ==, "Title spread over two lines");
  g_assert_cmpuint (s->start, ==, 0);
  g_assert_cmpuint (s->body_start, ==, strstr (text, "para") - text);
  g_assert_cmpuint (s->end, ==, strstr (text, "Another") - text);

  s = section_at (sections, 1);
  g_assert_cmpuint (s->level, ==, 2);
  g_assert_cmpstr (s->title, ==, "Sub");
  g_assert_cmpuint (s->start, ==, strstr (text, "Sub") - text);
  g_assert_cmpuint (s->body_start, ==, strstr (text, "text") - text);
  g_assert_cmpuint (s->end, ==, strstr (text, "Another") - text);
  g_assert_cmpuint (s->line, ==, 6);

  s = section_at (sections, 2);
  g_assert_cmpuint (s->body_start, ==, strlen (text));
  g_assert_cmpuint (s->end, ==, strlen (text));
}

/* Code blocks, HTML blocks, escaped marks and front matter hold no heading;
 * CRLF lines and a byte-order mark keep offsets right. */
static void
test_list_not_headings (void)
{
  const char *text =
    "\xEF\xBB\xBF---\r\n"
    "title: x\r\n"
    "---\r\n"
    "```md\r\n"
    "# not a heading\r\n"
    "```\r\n"
    "    # indented code\r\n"
    "\r\n"
    "\\# escaped\r\n"
    "\r\n"
    "<div>\r\n"
    "# inside html\r\n"
    "</div>\r\n"
    "\r\n"
    "## Real\r\n"
    "body\r\n"
    "##\r\n";
  g_autoptr(GPtrArray) sections = pw_md_list_sections (text, strlen (text));
  PwMdSection *s;

  g_assert_cmpuint (sections->len, ==, 1);
  s = section_at (sections, 0);
  g_assert_cmpstr (s->title, ==, "Real");
  g_assert_cmpuint (s->start, ==, strstr (text, "## Real") - text);
  g_assert_cmpuint (s->body_start, ==, strstr (text, "body") - text);
  g_assert_cmpuint (s->line, ==, 15);
  g_assert_cmpuint (s->end, ==, strlen (text));
}

/* Without a closing line the `---` is a thematic break, and the text
 * below it is Markdown. */
static void
test_list_unclosed_front_matter (void)
{
  const char *text = "---\n# Heading\ntext\n";
  g_autoptr(GPtrArray) sections = pw_md_list_sections (text, strlen (text));

  g_assert_cmpuint (sections->len, ==, 1);
  g_assert_cmpstr (section_at (sections, 0)->title, ==, "Heading");
}

static void
test_list_empty (void)
{
  g_autoptr(GPtrArray) none = pw_md_list_sections (NULL, 0);
  g_autoptr(GPtrArray) blank = pw_md_list_sections ("", 0);
  g_autoptr(GPtrArray) prose = pw_md_list_sections ("just text\n", 10);
  g_autoptr(GPtrArray) invalid = pw_md_list_sections ("# a\xff\xfe b\n", 9);

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (blank->len, ==, 0);
  g_assert_cmpuint (prose->len, ==, 0);
  g_assert_cmpuint (invalid->len, ==, 1);
  g_assert_true (g_utf8_validate (section_at (invalid, 0)->title, -1, NULL));
}

static void
test_line_helpers (void)
{
  const char *text = "a\n\nb\r\nc\rd";
  gsize length = strlen (text);

  g_assert_cmpuint (pw_md_next_line (text, length, 0), ==, 2);
  g_assert_cmpuint (pw_md_next_line (text, length, 2), ==, 3);
  g_assert_cmpuint (pw_md_next_line (text, length, 3), ==, 6);
  g_assert_cmpuint (pw_md_next_line (text, length, 6), ==, 8);
  g_assert_cmpuint (pw_md_next_line (text, length, 8), ==, length);
  g_assert_cmpuint (pw_md_line_start (text, 2), ==, 2);
  g_assert_cmpuint (pw_md_line_start (text, 4), ==, 3);
  g_assert_cmpuint (pw_md_line_start (text, 7), ==, 6);
  g_assert_cmpuint (pw_md_line_start (text, 9), ==, 8);
  g_assert_cmpstr (pw_md_decode_entity ("&amp;", 5), ==, "&");
  g_assert_cmpstr (pw_md_decode_entity ("&copy;", 6), ==, " ");
}

static void
test_classify (void)
{
  static const struct { const char *title; const char *kind; } cases[] = {
    { "3. Authentication & Authorization", "auth" },
    { "Auth", "auth" },
    { "Authors", NULL },
    { "3. Uwierzytelnianie i autoryzacja", "auth" },
    { "5. Względy Bezpieczeństwa", "auth" },
    { "8. Security Considerations", "auth" },
    { "1. Resources", "resources" },
    { "1. Zasoby", "resources" },
    { "Appendix B: Database-to-API Mapping", "resources" },
    { "5. Data Models (DTOs)", "resources" },
    { "4. Validation and Business Logic", "validation" },
    { "4. Walidacja i logika biznesowa", "validation" },
    { "6. Pagination, Filtering, Sorting", "pagination" },
    { "Paginacja", "pagination" },
    { "7. Error Handling", "errors" },
    { "8. Obsługa błędów", "errors" },
    { "5. Kody odpowiedzi HTTP", "errors" },
    { "8. Rate Limiting and Abuse Mitigation", "other-global" },
    { "5. API Versioning", "other-global" },
    { "5. API Conventions", "other-global" },
    { "2. Konwencje Ogólne", "other-global" },
    { "2. Endpoints", NULL },
    { "Overview", NULL },
    { "Implementation Notes", NULL },
    { "Terrors", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].title);
      g_assert_cmpstr (pw_api_plan_classify_heading (cases[i].title), ==, cases[i].kind);
    }
}

static const char plan_en[] =
  "# REST API Plan\n"
  "\n"
  "## 1. Resources\n"
  "| Resource | Table |\n|---|---|\n| Recipes | recipes |\n"
  "\n"
  "## 2. Endpoints\n"
  "### 2.1 Authentication\n"
  "#### POST /api/auth/login\n"
  "Logs in.\n"
  "##### Validation\n"
  "- email required\n"
  "### 2.2 Recipes\n"
  "#### GET /api/recipes\n"
  "##### Errors\n"
  "- 404\n"
  "#### Query Params (`GET /api/recipes`)\n"
  "- page\n"
  "### 2.3 Rate limits\n"
  "60 requests a minute for every endpoint above.\n"
  "\n"
  "## 3. Authentication and Authorization\n"
  "JWT.\n"
  "### 3.1 Security Headers\n"
  "HSTS.\n"
  "## 4. Validation and Business Logic\n"
  "### 4.1 Error Handling\n"
  "Problem details.\n"
  "## 5. Pagination, Filtering, Sorting\n"
  "page, limit\n"
  "## 6. Error Format\n"
  "{ \"error\": … }\n"
  "## 7. Rate Limiting\n"
  "100/min\n"
  "## 8. Future Work\n"
  "### 8.1 Versioning ideas\n"
  "## Appendix A: Complete Endpoint Summary\n"
  "### Authentication\n";

static void
test_globals_en (void)
{
  g_autoptr(GPtrArray) globals = pw_api_plan_find_global_sections (plan_en, strlen (plan_en));
  PwMdSection *auth;

  assert_globals (plan_en,
                  "resources:1. Resources | other-global:2.3 Rate limits | "
                  "auth:3. Authentication and Authorization | "
                  "validation:4. Validation and Business Logic | "
                  "pagination:5. Pagination, Filtering, Sorting | errors:6. Error Format | "
                  "other-global:7. Rate Limiting");

  /* A global section takes its sub-sections along. */
  auth = section_at (globals, 2);
  g_assert_cmpuint (auth->start, ==, strstr (plan_en, "## 3.") - plan_en);
  g_assert_cmpuint (auth->body_start, ==, strstr (plan_en, "JWT.") - plan_en);
  g_assert_cmpuint (auth->end, ==, strstr (plan_en, "## 4.") - plan_en);
}

static void
test_globals_pl (void)
{
  const char *text =
    "# Plan API\n"
    "## 1. Zasoby\n"
    "- Przepisy → tabela `recipes`\n"
    "## 2. Punkty końcowe API\n"
    "### 2.1 Uwierzytelnianie\n"
    "#### Logowanie\n"
    "- Metoda: POST\n"
    "- Ścieżka: /api/auth/login\n"
    "## 3. Uwierzytelnianie i autoryzacja\n"
    "Supabase.\n"
    "## 4. Walidacja i logika biznesowa\n"
    "### 4.1 Warunki walidacji\n"
    "## 5. Paginacja i sortowanie\n"
    "## 6. Obsługa błędów\n"
    "### Format odpowiedzi błędu\n"
    "## 7. Wydajność\n"
    "### Paginacja\n"
    "Kursor.\n"
    "## 8. Wersjonowanie\n"
    "## 9. Bezpieczeństwo\n";

  assert_globals (text,
                  "resources:1. Zasoby | auth:3. Uwierzytelnianie i autoryzacja | "
                  "validation:4. Walidacja i logika biznesowa | "
                  "pagination:5. Paginacja i sortowanie | errors:6. Obsługa błędów | "
                  "pagination:Paginacja | other-global:8. Wersjonowanie | auth:9. Bezpieczeństwo");
}

/* A global-looking heading that groups endpoints (outside any Endpoints
 * part) is not global; its endpoint-free sub-sections may be. */
static void
test_globals_grouping_endpoints (void)
{
  const char *text =
    "# API\n"
    "## Authentication\n"
    "### POST /auth/login\n"
    "Logs in.\n"
    "### Session security\n"
    "JWT.\n"
    "## Errors\n"
    "- `GET /errors` lists the error codes\n"
    "- `GET /errors/{code}` explains one\n"
    "## Validation\n"
    "zod\n";

  assert_globals (text, "auth:Session security | validation:Validation");
  assert_globals ("", "");
  assert_globals ("no headings at all\n", "");
}

/* Headings escaped as `\##` are no headings to md4c, but some exports write
 * a whole plan so; its global sections are found all the same. */
static void
test_globals_escaped (void)
{
  const char *text =
    "\\# API\n\n"
    "\\## 1. Resources\n\n"
    "- recipes\n\n"
    "\\## 2. Endpoints\n\n"
    "\\#### `GET /a`\n\n"
    "A.\n\n"
    "\\## 3. Authentication\n"
    "JWT.\n"
    "\\## 4. Validation\n"
    "zod\n";
  g_autoptr(GPtrArray) sections = pw_md_list_sections (text, strlen (text));
  g_autoptr(GPtrArray) globals = pw_api_plan_find_global_sections (text, strlen (text));
  PwMdSection *auth;

  g_assert_cmpuint (sections->len, ==, 0);
  assert_globals (text,
                  "resources:1. Resources | auth:3. Authentication | validation:4. Validation");

  auth = section_at (globals, 1);
  g_assert_cmpuint (auth->level, ==, 2);
  g_assert_cmpuint (auth->start, ==, strstr (text, "\\## 3.") - text);
  g_assert_cmpuint (auth->body_start, ==, strstr (text, "JWT.") - text);
  g_assert_cmpuint (auth->end, ==, strstr (text, "\\## 4.") - text);
  g_assert_cmpuint (auth->line, ==, 13);
  g_assert_cmpuint (section_at (globals, 2)->end, ==, strlen (text));
}

/* Corpus: every API plan's global sections, printed, and checked against
 * the plan's own top-level headings. */

static gboolean
covered_by (GPtrArray         *globals,
            const PwMdSection *section,
            const char        *kind)
{
  for (guint i = 0; i < globals->len; i++)
    {
      PwMdSection *global = g_ptr_array_index (globals, i);

      if (global->start <= section->start && section->start < global->end
          && (kind == NULL || g_strcmp0 (global->kind, kind) == 0))
        return TRUE;
    }

  return FALSE;
}

/* No global section overlaps an endpoint's own section or another global. */
static void
assert_disjoint (GPtrArray *globals,
                 GPtrArray *endpoints)
{
  for (guint i = 0; i < globals->len; i++)
    {
      PwMdSection *global = g_ptr_array_index (globals, i);

      g_assert_cmpuint (global->start, <, global->body_start);
      g_assert_cmpuint (global->body_start, <=, global->end);
      if (i > 0)
        g_assert_cmpuint (section_at (globals, i - 1)->end, <=, global->start);
      for (guint j = 0; j < endpoints->len; j++)
        {
          PwEndpoint *endpoint = g_ptr_array_index (endpoints, j);

          g_assert_false (endpoint->section_start < global->end
                          && global->start < endpoint->section_end);
        }
    }
}

/* Every top-level heading (level 2 or less, outside the part that lists the
 * endpoints) that names a kind yields a global section of that kind; the
 * ones nested in another global are inside it. */
static guint
check_plan (const char *repo,
            const char *text,
            gsize       length)
{
  g_autoptr(GPtrArray) sections = pw_md_list_sections (text, length);
  g_autoptr(GPtrArray) globals = pw_api_plan_find_global_sections (text, length);
  g_autoptr(GPtrArray) endpoints = pw_endpoints_extract (text, length, NULL);
  g_autofree char *described = describe (globals);
  guint checked = 0;

  g_test_message ("%-40s %s", repo, described);
  assert_disjoint (globals, endpoints);

  for (guint i = 0; i < sections->len; i++)
    {
      PwMdSection *section = g_ptr_array_index (sections, i);
      const char *kind = pw_api_plan_classify_heading (section->title);

      if (kind == NULL || section->level > 2)
        continue;
      g_test_message ("  %s: %s", kind, section->title);
      g_assert_true (covered_by (globals, section, kind));
      checked++;
    }

  return checked;
}

static void
test_corpus (void)
{
  g_autofree char *dir = pw_test_dup_shared_dir ("corpus");
  g_autofree char *labels_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) repos = NULL;
  JsonObject *labels;
  guint n_plans = 0, n_checked = 0, n_auth = 0;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("corpus not available (../shared/corpus)");
      return;
    }

  labels_path = g_build_filename (dir, "labels.json", NULL);
  json_parser_load_from_file (parser, labels_path, &error);
  g_assert_no_error (error);
  labels = json_node_get_object (json_parser_get_root (parser));
  repos = json_object_get_members (labels);

  for (const GList *l = repos; l != NULL; l = l->next)
    {
      JsonObject *repo = json_object_get_object_member (labels, l->data);
      JsonObject *plans = json_object_get_object_member (repo, "api_plans");
      g_autoptr(GList) files = json_object_get_members (plans);

      for (const GList *f = files; f != NULL; f = f->next)
        {
          g_autofree char *path = g_build_filename (dir, l->data, f->data, NULL);
          g_autofree char *text = NULL;
          g_autoptr(GPtrArray) globals = NULL;
          gsize length;

          g_file_get_contents (path, &text, &length, &error);
          g_assert_no_error (error);
          n_checked += check_plan (l->data, text, length);
          n_plans++;

          globals = pw_api_plan_find_global_sections (text, length);
          for (guint i = 0; i < globals->len; i++)
            {
              if (g_str_equal (section_at (globals, i)->kind, "auth"))
                {
                  n_auth++;
                  break;
                }
            }
        }
    }

  g_test_message ("%u plans, %u top-level global headings checked, %u plans with an auth section",
                  n_plans, n_checked, n_auth);
  g_assert_cmpuint (n_plans, >, 0);
  g_assert_cmpuint (n_checked, >, n_plans);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pw/md-sections/list-atx", test_list_atx);
  g_test_add_func ("/pw/md-sections/list-setext", test_list_setext);
  g_test_add_func ("/pw/md-sections/list-not-headings", test_list_not_headings);
  g_test_add_func ("/pw/md-sections/list-unclosed-front-matter", test_list_unclosed_front_matter);
  g_test_add_func ("/pw/md-sections/list-empty", test_list_empty);
  g_test_add_func ("/pw/md-sections/line-helpers", test_line_helpers);
  g_test_add_func ("/pw/md-sections/classify", test_classify);
  g_test_add_func ("/pw/md-sections/globals-en", test_globals_en);
  g_test_add_func ("/pw/md-sections/globals-pl", test_globals_pl);
  g_test_add_func ("/pw/md-sections/globals-grouping-endpoints", test_globals_grouping_endpoints);
  g_test_add_func ("/pw/md-sections/globals-escaped", test_globals_escaped);
  g_test_add_func ("/pw/md-sections/corpus", test_corpus);

  return g_test_run ();
}
