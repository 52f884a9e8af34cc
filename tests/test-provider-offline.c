/* test-provider-offline.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-endpoints.h"
#include "pw-provider.h"
#include "pw-provider-offline.h"
#include "pw-test-server.h"

static const char spec[] =
  "# REST API Plan\n\n"
  "## 1. Resources\n\n- Flashcards → `flashcards`\n\n"
  "## 2. Endpoints\n\n"
  "### GET /api/flashcards\n\n"
  "- Query parameters:\n"
  "  - `page` (default 1)\n"
  "  - `limit` (default 10)\n"
  "- Response:\n```json\n{ \"data\": [ { \"id\": 1, \"front\": \"Q\" } ], \"pagination\": { \"total\": 1 } }\n```\n"
  "- Success: 200 OK\n- Errors: 401 Unauthorized\n\n"
  "### POST /api/flashcards/{id}/review\n\n"
  "Requires a valid JWT (Bearer token) from Supabase Auth.\n\n"
  "- Request body:\n```json\n{ \"grade\": 4, \"reviewed_at\": \"2025-01-01\" }\n```\n"
  "- Response:\n```json\n{ \"next_review\": \"2025-01-05\", \"interval\": 4 }\n```\n"
  "- Success: 201 Created\n"
  "- Errors: 400 Bad Request (grade outside 0-5), 404 Not Found, 401 Unauthorized\n\n"
  "## 3. Validation\n\nNothing here.\n";

static const char db_plan[] =
  "# Database\n\n### users\n\n- id uuid\n\n### flashcards\n\n- id bigint\n\n"
  "### reviews\n\nCREATE TABLE review_logs (id bigint);\n";

static const char * const sections[] = {
  "Endpoint Overview", "Request Details", "Response Details", "Data Flow",
  "Security Considerations", "Error Handling", "Performance", "Implementation Steps", NULL
};

static PwGeneration *
new_generation (const PwEndpoint *endpoint)
{
  PwGeneration *generation = pw_generation_new (NULL, "prompt");

  pw_generation_set_template_info (generation, "endpoints-plan", "REST endpoints", sections);
  pw_generation_set_target (generation, endpoint, NULL);
  pw_generation_set_document_text (generation, PW_DOCUMENT_ROLE_API_SPEC, ".ai/api-plan.md", spec);
  pw_generation_set_document_text (generation, PW_DOCUMENT_ROLE_DB_PLAN, ".ai/db-plan.md", db_plan);
  pw_generation_set_document_text (generation, PW_DOCUMENT_ROLE_TECH_STACK, ".ai/tech-stack.md",
                                   "Astro 5, TypeScript, Supabase, Zod");
  return generation;
}

static PwEndpoint
make_endpoint (const char *method,
               const char *path)
{
  const char *heading;
  const char *next;
  g_autofree char *needle = g_strdup_printf ("### %s %s", method, path);
  PwEndpoint endpoint = { 0 };

  heading = strstr (spec, needle);
  g_assert_nonnull (heading);
  next = strstr (heading + 4, "\n### ");
  if (next == NULL)
    next = strstr (heading + 4, "\n## ");
  endpoint.method = (char *) method;
  endpoint.path = (char *) path;
  endpoint.raw_path = (char *) path;
  endpoint.file = (char *) ".ai/api-plan.md";
  endpoint.line = 1;
  endpoint.section_start = heading - spec;
  endpoint.section_end = next != NULL ? (gsize) (next - spec) : sizeof spec - 1;
  return endpoint;
}

static void
test_offline_endpoint_draft (void)
{
  PwEndpoint endpoint = make_endpoint ("POST", "/api/flashcards/{id}/review");
  g_autoptr(PwGeneration) generation = new_generation (&endpoint);
  g_autoptr(PwProvider) provider = pw_provider_new (PW_PROVIDER_KIND_OFFLINE, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;
  TestRun run = { 0 };
  const char *text;

  g_assert_true (test_run_generation (provider, generation, NULL, &run, &error));
  g_assert_no_error (error);
  text = pw_generation_get_text (generation);
  g_test_message ("%s", text);

  /* Says what it is, and follows the template's sections in order. */
  g_assert_true (g_str_has_prefix (text, "<!-- Offline draft"));
  g_assert_nonnull (strstr (text, "# API Endpoint Implementation Plan: POST /api/flashcards/{id}/review"));
  for (guint i = 0; sections[i] != NULL; i++)
    {
      g_autofree char *heading = g_strdup_printf ("## %u. %s\n", i + 1, sections[i]);

      g_assert_nonnull (strstr (text, heading));
      if (i > 0)
        {
          g_autofree char *previous = g_strdup_printf ("## %u. %s\n", i, sections[i - 1]);

          g_assert_true (strstr (text, previous) < strstr (text, heading));
        }
    }

  /* Facts from this endpoint's section only. */
  g_assert_nonnull (strstr (text, "`id` (required)"));
  g_assert_nonnull (strstr (text, "`grade`"));
  g_assert_nonnull (strstr (text, "`reviewed_at`"));
  g_assert_nonnull (strstr (text, "`next_review`"));
  g_assert_nonnull (strstr (text, "201 Created"));
  g_assert_nonnull (strstr (text, "- 400 Bad Request"));
  g_assert_nonnull (strstr (text, "- 404 Not Found"));
  g_assert_nonnull (strstr (text, "JWT"));
  g_assert_null (strstr (text, "`page`"));      /* the GET endpoint's parameter */
  g_assert_null (strstr (text, "`pagination`"));
  /* Tables of the db plan that the section names. */
  g_assert_nonnull (strstr (text, "`flashcards`"));
  g_assert_null (strstr (text, "`users`"));
  /* The tech stack shapes the steps. */
  g_assert_nonnull (strstr (text, "Zod schema"));
  g_assert_nonnull (strstr (text, "src/pages/api/"));
  g_assert_nonnull (strstr (text, "1. Define `FlashcardsReviewCommand`"));

  g_assert_cmpint (pw_generation_get_end (generation), ==, PW_GENERATION_END_COMPLETE);
  g_assert_cmpstr (pw_generation_get_model (generation), ==, "offline-draft");

  /* Deterministic. */
  again = pw_offline_draft_build (generation);
  g_assert_cmpstr (again, ==, text);
  test_run_clear (&run);
}

static void
test_offline_get_draft (void)
{
  PwEndpoint endpoint = make_endpoint ("GET", "/api/flashcards");
  g_autoptr(PwGeneration) generation = new_generation (&endpoint);
  g_autofree char *text = pw_offline_draft_build (generation);

  g_assert_nonnull (strstr (text, "`page` (optional"));
  g_assert_nonnull (strstr (text, "`limit` (optional"));
  g_assert_nonnull (strstr (text, "`pagination`"));
  g_assert_nonnull (strstr (text, "200 OK"));
  g_assert_nonnull (strstr (text, "- 401 Unauthorized"));
  g_assert_null (strstr (text, "`grade`"));
}

static void
test_offline_corpus (void)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  gsize length;

  path = g_build_filename (root != NULL ? root : ".", "..", "shared", "corpus",
                           "kkasprzak__10x-cards", ".ai", "api-plan.md", NULL);
  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      g_test_skip ("corpus not available");
      return;
    }

  endpoints = pw_endpoints_extract (contents, length, ".ai/api-plan.md");
  g_assert_cmpuint (endpoints->len, >, 0);
  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);
      g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "p");
      g_autofree char *text = NULL;
      g_autofree char *title = g_strdup_printf ("%s %s", endpoint->method, endpoint->path);

      pw_generation_set_template_info (generation, "endpoints-plan", NULL, sections);
      pw_generation_set_target (generation, endpoint, NULL);
      pw_generation_set_document_text (generation, PW_DOCUMENT_ROLE_API_SPEC, ".ai/api-plan.md",
                                       contents);
      text = pw_offline_draft_build (generation);
      g_assert_nonnull (strstr (text, title));
      g_assert_nonnull (strstr (text, "## 8. Implementation Steps"));
      g_assert_true (g_utf8_validate (text, -1, NULL));
    }
}

static void
test_offline_feature (void)
{
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "p");
  g_autofree char *text = NULL;

  pw_generation_set_target (generation, NULL, "flashcard review");
  text = pw_offline_draft_build (generation);
  g_assert_nonnull (strstr (text, "# Implementation Plan: flashcard review"));
  /* Without template sections, the seed prompt's sections. */
  g_assert_nonnull (strstr (text, "## 9. Implementation Steps"));
}

/* Each section goes to its writer by the words of its name, in English or
 * Polish; one with no known word gets the placeholder. */
static void
test_offline_section_kinds (void)
{
  static const char * const named[] = {
    "Przegląd", "Typy", "Appendix", "Kroki wdrożenia", NULL
  };
  PwEndpoint endpoint = make_endpoint ("GET", "/api/flashcards");
  g_autoptr(PwGeneration) generation = new_generation (&endpoint);
  g_autofree char *text = NULL;

  pw_generation_set_template_info (generation, "endpoints-plan", NULL, named);
  text = pw_offline_draft_build (generation);
  g_test_message ("%s", text);

  g_assert_nonnull (strstr (text, "## 1. Przegląd\n\nImplement `GET /api/flashcards`"));
  g_assert_nonnull (strstr (text, "## 2. Typy\n\n- `FlashcardsCommand`: the validated input"));
  g_assert_nonnull (strstr (text, "## 3. Appendix\n\nTo be completed"));
  g_assert_nonnull (strstr (text, "## 4. Kroki wdrożenia\n\n1. Define `FlashcardsCommand`"));
  g_assert_nonnull (strstr (text, "5. Map errors to the status codes: 200 401.\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/provider-offline/endpoint-draft", test_offline_endpoint_draft);
  g_test_add_func ("/pw/provider-offline/get-draft", test_offline_get_draft);
  g_test_add_func ("/pw/provider-offline/corpus", test_offline_corpus);
  g_test_add_func ("/pw/provider-offline/feature", test_offline_feature);
  g_test_add_func ("/pw/provider-offline/section-kinds", test_offline_section_kinds);

  return g_test_run ();
}
