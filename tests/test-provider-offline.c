/* test-provider-offline.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-draft-context.h"
#include "pw-draft-db.h"
#include "pw-draft-extract.h"
#include "pw-draft-plan.h"
#include "pw-endpoints.h"
#include "pw-openapi.h"
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

  /* Facts from this endpoint's section only, with the spec's words. */
  g_assert_nonnull (strstr (text, "`id` (required)"));
  g_assert_nonnull (strstr (text, "`grade` (number)"));
  g_assert_nonnull (strstr (text, "`reviewed_at`"));
  g_assert_nonnull (strstr (text, "`next_review`"));
  g_assert_nonnull (strstr (text, "- `201` Created"));
  g_assert_nonnull (strstr (text, "- `400` Bad Request (grade outside 0-5)"));
  g_assert_nonnull (strstr (text, "- `404` Not Found"));
  g_assert_nonnull (strstr (text, "JWT"));
  g_assert_null (strstr (text, "`page`"));      /* the GET endpoint's parameter */
  g_assert_null (strstr (text, "`pagination`"));
  /* Tables of the db plan that the path names. */
  g_assert_nonnull (strstr (text, "`flashcards`"));
  g_assert_null (strstr (text, "`users`"));
  /* The tech stack shapes the steps: Astro's files and idioms. */
  g_assert_nonnull (strstr (text, "Zod schema"));
  g_assert_nonnull (strstr (text, "src/pages/api/flashcards/[id]/review/index.ts"));
  g_assert_nonnull (strstr (text, "context.locals.supabase"));
  g_assert_nonnull (strstr (text, "1. Define `FlashcardReviewCommand`, `FlashcardReviewDto` in `src/types.ts`"));
  /* The section itself, verbatim. */
  g_assert_nonnull (strstr (text, "````markdown\n### POST /api/flashcards/{id}/review\n"));

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

  g_assert_nonnull (strstr (text, "- Query parameters:\n  - `page`: default 1"));
  g_assert_nonnull (strstr (text, "`limit`: default 10"));
  g_assert_nonnull (strstr (text, "`pagination`"));
  g_assert_nonnull (strstr (text, "- `200` OK"));
  g_assert_nonnull (strstr (text, "- `401` Unauthorized"));
  g_assert_nonnull (strstr (text, "FlashcardListQuery"));
  g_assert_nonnull (strstr (text, "FlashcardListResponseDto"));
  g_assert_null (strstr (text, "`grade`"));
  /* Label words are not parameters. */
  g_assert_null (strstr (text, "`Success`"));
  g_assert_null (strstr (text, "`Errors`"));
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

  g_assert_nonnull (strstr (text, "## 1. Przegląd\n\n- `GET /api/flashcards`"));
  g_assert_nonnull (strstr (text, "## 2. Typy\n\n- `FlashcardListQuery` (`src/types.ts`): `page`, `limit`"));
  g_assert_nonnull (strstr (text, "## 3. Appendix\n\nThe offline draft has nothing specific"));
  g_assert_nonnull (strstr (text, "## 4. Kroki wdrożenia\n\n1. Define `FlashcardListQuery`"));
  g_assert_nonnull (strstr (text, "Return `401` from `src/pages/api/flashcards/index.ts` when: Unauthorized.\n"));
}

static const char *
reason_of (PwDraftFacts *facts,
           guint         code)
{
  for (guint i = 0; i < facts->statuses->len; i++)
    {
      PwDraftStatus *status = g_ptr_array_index (facts->statuses, i);

      if (status->code == code)
        return status->reason;
    }
  return NULL;
}

/* Unfenced JSON with comments, and "string (required)" values. */
static void
test_extract_unfenced_json (void)
{
  g_autoptr(PwDraftFacts) facts = pw_draft_extract ("### POST /api/notes\n\nRequest body:\n{\n"
                                                    "  \"content\": \"string\", // required, 1000-10000 characters\n"
                                                    "  \"title\": \"string (optional, max 200)\"\n}\n",
                                                    "POST", "/api/notes", 10);
  PwDraftField *content = pw_draft_facts_find (facts, "content");
  PwDraftField *title = pw_draft_facts_find (facts, "title");

  g_assert_nonnull (content);
  g_assert_cmpint (content->place, ==, PW_DRAFT_PLACE_BODY);
  g_assert_cmpint (content->flag, ==, PW_DRAFT_FLAG_REQUIRED);
  g_assert_cmpstr (content->type, ==, "string");
  g_assert_nonnull (strstr (content->notes, "1000-10000 characters"));
  g_assert_cmpuint (content->line, ==, 14);
  g_assert_nonnull (title);
  g_assert_cmpint (title->flag, ==, PW_DRAFT_FLAG_OPTIONAL);
  g_assert_nonnull (strstr (title->notes, "max 200"));
}

/* `{ email: string, password?: string }` and one-line nested JSON. */
static void
test_extract_shapes (void)
{
  g_autoptr(PwDraftFacts) facts = pw_draft_extract ("### POST /api/auth/login\n\n"
                                                    "- Body: `{ email: string, password?: string }`\n"
                                                    "- Response: `{ \"user\": { \"id\": \"uuid\" }, \"token\": \"jwt\" }`\n",
                                                    "POST", "/api/auth/login", 1);

  g_assert_cmpint (pw_draft_facts_find (facts, "email")->flag, ==, PW_DRAFT_FLAG_UNSTATED);
  g_assert_cmpint (pw_draft_facts_find (facts, "email")->place, ==, PW_DRAFT_PLACE_BODY);
  g_assert_cmpint (pw_draft_facts_find (facts, "password")->flag, ==, PW_DRAFT_FLAG_OPTIONAL);
  g_assert_cmpint (pw_draft_facts_find (facts, "user.id")->place, ==, PW_DRAFT_PLACE_RESPONSE);
  g_assert_cmpint (pw_draft_facts_find (facts, "token")->place, ==, PW_DRAFT_PLACE_RESPONSE);
}

/* A table of one row, a field list, escaped markdown, label words. */
static void
test_extract_tables_and_lists (void)
{
  g_autoptr(PwDraftFacts) facts = pw_draft_extract ("#### GET /api/items\n\n**Query Parameters:**\n\n"
                                                    "| Name | Type | Required | Description |\n"
                                                    "|---|---|---|---|\n"
                                                    "| `sort\\_by` | string | no | one of `name`, `date` |\n\n"
                                                    "- `limit` (integer, optional): default 20, max 100\n"
                                                    "- Success: 200 OK\n- Errors: 400 Bad Request (limit over 100)\n"
                                                    "- Response: see below\n",
                                                    "GET", "/api/items", 1);
  PwDraftField *sort = pw_draft_facts_find (facts, "sort_by");
  PwDraftField *limit = pw_draft_facts_find (facts, "limit");

  g_assert_nonnull (sort);
  g_assert_cmpint (sort->place, ==, PW_DRAFT_PLACE_QUERY);
  g_assert_cmpint (sort->flag, ==, PW_DRAFT_FLAG_OPTIONAL);
  g_assert_cmpstr (sort->type, ==, "string");
  g_assert_nonnull (limit);
  g_assert_cmpint (limit->place, ==, PW_DRAFT_PLACE_QUERY);
  g_assert_nonnull (strstr (limit->notes, "max 100"));
  g_assert_null (pw_draft_facts_find (facts, "Success"));
  g_assert_null (pw_draft_facts_find (facts, "Errors"));
  g_assert_null (pw_draft_facts_find (facts, "Response"));
  g_assert_cmpstr (reason_of (facts, 400), ==, "Bad Request (limit over 100)");
  g_assert_cmpstr (reason_of (facts, 200), ==, "OK");
}

/* Each code keeps the spec's own reason; limits and headers are kept. */
static void
test_extract_statuses_and_limits (void)
{
  g_autoptr(PwDraftFacts) facts = pw_draft_extract ("### POST /api/generations\n\n"
                                                    "Requires the `X-Idempotency-Key` header. At most 10 generations per day.\n\n"
                                                    "**Errors:** 409 Conflict (duplicate idempotency key), 429 Too Many Requests "
                                                    "(daily limit reached), 500 Internal Server Error\n"
                                                    "The text must be 1000 characters long.\n",
                                                    "POST", "/api/generations", 1);

  g_assert_cmpstr (reason_of (facts, 409), ==, "Conflict (duplicate idempotency key)");
  g_assert_cmpstr (reason_of (facts, 429), ==, "Too Many Requests (daily limit reached)");
  g_assert_null (reason_of (facts, 100));
  /* The header line, the errors line (its daily limit) and the length line. */
  g_assert_cmpuint (facts->constraints->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (facts->constraints, 0), "X-Idempotency-Key"));
  g_assert_nonnull (strstr (g_ptr_array_index (facts->constraints, 2), "1000 characters"));
  g_assert_false (pw_draft_facts_has_status (facts, 1000));
}

static void
test_type_names (void)
{
  PwDraftInput input = { 0 };
  g_autoptr(PwDraftContext) context = NULL;
  g_autofree char *get = NULL;
  g_autofree char *post = NULL;
  g_autofree char *patch = NULL;
  g_autofree char *list = NULL;
  g_autofree char *reused = NULL;

  input.types = "export interface CreateBookDTO { title: string }";
  context = pw_draft_context_new (&input);
  get = pw_draft_type_name (context, "GET", "/api/books/{id}", FALSE);
  post = pw_draft_type_name (context, "POST", "/api/books", TRUE);
  patch = pw_draft_type_name (context, "PATCH", "/api/books/{id}", TRUE);
  list = pw_draft_type_name (context, "GET", "/api/books", FALSE);
  g_assert_cmpstr (get, ==, "BookDto");
  g_assert_cmpstr (post, ==, "CreateBookDTO");   /* the repository's spelling */
  g_assert_cmpstr (patch, ==, "UpdateBookCommand");
  g_assert_cmpstr (list, ==, "BookListResponseDto");
  {
    g_autofree char *action = pw_draft_type_name (context, "POST", "/api/auth/login", TRUE);
    g_autofree char *single = pw_draft_type_name (context, "GET", "/api/household", FALSE);

    g_assert_cmpstr (action, ==, "AuthLoginCommand");
    g_assert_cmpstr (single, ==, "HouseholdDto");
  }
  reused = pw_draft_resource_name ("/api/v1/categories/{id}/status");
  g_assert_cmpstr (reused, ==, "CategoryStatus");
}

static PwEndpoint *
endpoint_in (const char *text,
             const char *method,
             const char *path)
{
  g_autoptr(GPtrArray) endpoints = pw_endpoints_extract (text, strlen (text), ".ai/api-plan.md");
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);
  PwEndpoint *endpoint = pw_endpoints_find (endpoints, key);

  g_assert_nonnull (endpoint);
  return pw_endpoint_copy (endpoint);
}

static const char repo_spec[] =
  "# Plan API\n\n## 1. Zasoby\n\n| Zasób | Tabela |\n|---|---|\n| Książki | `books` |\n\n"
  "## 2. Punkty końcowe\n\n### GET /api/books\n\nZwraca listę książek użytkownika.\n\n"
  "- Sukces: 200 OK\n\n### POST /api/books\n\n- Body: `{ title: string, author?: string }`\n"
  "- Sukces: 201 Created\n- Błędy: 400 Bad Request (brak tytułu)\n\n"
  "## 3. Uwierzytelnianie\n\nKażde żądanie wymaga tokenu Supabase w nagłówku Authorization.\n";

/* Several endpoints, auth from the global section, tables from the
 * resources mapping, Polish for a Polish repository; no absence claimed. */
static void
test_draft_rules (void)
{
  g_autoptr(PwEndpoint) get = endpoint_in (repo_spec, "GET", "/api/books");
  g_autoptr(PwEndpoint) post = endpoint_in (repo_spec, "POST", "/api/books");
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  PwDraftInput input = { 0 };
  g_autofree char *text = NULL;

  g_ptr_array_add (endpoints, get);
  g_ptr_array_add (endpoints, post);
  input.api_spec = repo_spec;
  input.api_spec_path = ".ai/api-plan.md";
  input.endpoints = endpoints;
  input.tech_stack = "Astro 5, TypeScript, Supabase";
  input.prd = "# Dokument wymagań produktu\n\nUżytkownik zarządza swoją biblioteką książek, "
              "dodaje tytuły, oznacza przeczytane pozycje i wystawia oceny. Aplikacja działa w "
              "przeglądarce, a dane są przechowywane w bazie Supabase z zabezpieczeniem dostępu "
              "dla każdego użytkownika osobno. Żółć, gęś, źdźbło, łódź, ćma, ślęczeć, mąka.";
  text = pw_draft_plan_build (&input);
  g_test_message ("%s", text);

  g_assert_nonnull (strstr (text, "# Plan implementacji punktu końcowego API: GET /api/books, POST /api/books"));
  g_assert_nonnull (strstr (text, "## 1. Przegląd punktu końcowego"));
  g_assert_nonnull (strstr (text, "### GET /api/books\n"));
  g_assert_nonnull (strstr (text, "### POST /api/books\n"));
  g_assert_nonnull (strstr (text, "Sekcja planu API “3. Uwierzytelnianie”"));
  g_assert_nonnull (strstr (text, "wymaga tokenu Supabase"));
  g_assert_nonnull (strstr (text, "`401` (`POST /api/books`)"));
  g_assert_nonnull (strstr (text, "wstawia do `books`"));
  g_assert_nonnull (strstr (text, "`author` (string, opcjonalne)"));
  g_assert_nonnull (strstr (text, "Zwróć `400` z `src/pages/api/books/index.ts` gdy: Bad Request (brak tytułu)"));
  g_assert_null (strstr (text, "none"));
  g_assert_null (strstr (text, "says nothing"));
}

/* Where the spec gives no flag, the db plan's NOT NULL or nullable for
 * the column of the same name in the resource's table gives one, said to
 * come from the db plan; in any of its forms (SQL, a table, bullets). */
static void
test_draft_db_flags (void)
{
  static const char books_spec[] =
    "# REST API Plan\n\n## Endpoints\n\n"
    "### POST /api/books\n\n- Request body:\n```json\n"
    "{ \"title\": \"Dune\", \"isbn\": \"9780441013593\", \"tags\": [], \"rating\": 5, "
    "\"note\": \"x\" }\n```\n- Success: 201 Created\n\n"
    "### PATCH /api/books/{id}\n\n- Request body:\n```json\n{ \"title\": \"Dune\", \"isbn\": \"1\" }\n```\n"
    "- Success: 200 OK\n";
  static const char sql[] =
    "# DB\n\n```sql\ncreate table public.books (\n  id uuid primary key default gen_random_uuid(),\n"
    "  title text not null check (char_length(title) <= 300),\n  isbn varchar(13) null,\n"
    "  tags text[] not null default '{}',\n  rating smallint\n);\n```\n";
  static const char table[] =
    "# DB\n\n## 1. Tables\n\n### reviews\n\n| Column | Type | Constraints |\n|---|---|---|\n"
    "| title | text | nullable |\n\n### books\n\n| Column | Type | Constraints |\n|---|---|---|\n"
    "| title | text | NOT NULL |\n| isbn | varchar(13) | NULL |\n| tags | text[] | NOT NULL DEFAULT '{}' |\n\n"
    "## 2. Relations\n\n- title not null\n";
  static const char bullets[] =
    "# DB\n\n### `books`\n\n- `title`: TEXT NOT NULL\n- `isbn`: VARCHAR(13), nullable\n";
  g_autoptr(PwEndpoint) post = endpoint_in (books_spec, "POST", "/api/books");
  g_autoptr(PwEndpoint) patch = endpoint_in (books_spec, "PATCH", "/api/books/{id}");
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  PwDraftInput input = { 0 };
  g_autofree char *text = NULL;

  g_assert_cmpint (pw_draft_db_column (sql, "books", "title"), ==, PW_DRAFT_COLUMN_NOT_NULL);
  g_assert_cmpint (pw_draft_db_column (sql, "books", "isbn"), ==, PW_DRAFT_COLUMN_NULLABLE);
  g_assert_cmpint (pw_draft_db_column (sql, "books", "tags"), ==, PW_DRAFT_COLUMN_DEFAULTED);
  g_assert_cmpint (pw_draft_db_column (sql, "books", "rating"), ==, PW_DRAFT_COLUMN_UNKNOWN);
  g_assert_cmpint (pw_draft_db_column (sql, "books", "note"), ==, PW_DRAFT_COLUMN_UNKNOWN);
  g_assert_cmpint (pw_draft_db_column (sql, "loans", "title"), ==, PW_DRAFT_COLUMN_UNKNOWN);
  g_assert_cmpint (pw_draft_db_column (table, "books", "title"), ==, PW_DRAFT_COLUMN_NOT_NULL);
  g_assert_cmpint (pw_draft_db_column (table, "reviews", "title"), ==, PW_DRAFT_COLUMN_NULLABLE);
  g_assert_cmpint (pw_draft_db_column (table, "books", "isbn"), ==, PW_DRAFT_COLUMN_NULLABLE);
  g_assert_cmpint (pw_draft_db_column (table, "books", "tags"), ==, PW_DRAFT_COLUMN_DEFAULTED);
  g_assert_cmpint (pw_draft_db_column (bullets, "books", "title"), ==, PW_DRAFT_COLUMN_NOT_NULL);
  g_assert_cmpint (pw_draft_db_column (bullets, "books", "isbn"), ==, PW_DRAFT_COLUMN_NULLABLE);

  g_ptr_array_add (endpoints, post);
  g_ptr_array_add (endpoints, patch);
  input.api_spec = books_spec;
  input.endpoints = endpoints;
  input.tech_stack = "Astro, TypeScript, Supabase";
  input.db_plan = sql;
  text = pw_draft_plan_build (&input);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "`title` (string, required, from the db plan)"));
  g_assert_nonnull (strstr (text, "`isbn` (string, optional, from the db plan)"));
  g_assert_nonnull (strstr (text, "`tags` (array, optional, from the db plan)"));
  g_assert_nonnull (strstr (text, "`rating` (number)"));
  g_assert_nonnull (strstr (text, "`note` (string)"));
  /* A partial update: NOT NULL does not make a field required. */
  g_assert_nonnull (strstr (strstr (text, "### PATCH"), "`title` (string)"));
}

static const char openapi_doc[] =
  "openapi: 3.0.3\n"
  "info: { title: Shelf, version: '1' }\n"
  "paths:\n"
  "  /shelves/{shelfId}/books:\n"
  "    parameters:\n"
  "      - name: shelfId\n        in: path\n        required: true\n"
  "        schema: { type: integer, minimum: 1 }\n"
  "    post:\n"
  "      summary: Add a book\n"
  "      security: [ { bearerAuth: [] } ]\n"
  "      parameters:\n"
  "        - name: X-Idempotency-Key\n          in: header\n          required: true\n"
  "          schema: { type: string, maxLength: 64 }\n"
  "        - name: notify\n          in: query\n          description: Tell the owner.\n"
  "          schema: { type: boolean, default: false }\n"
  "      requestBody:\n"
  "        required: true\n"
  "        content:\n"
  "          application/json:\n"
  "            schema: { $ref: '#/components/schemas/NewBook' }\n"
  "      responses:\n"
  "        '201':\n"
  "          description: The book was added\n"
  "          content:\n"
  "            application/json:\n"
  "              schema: { $ref: '#/components/schemas/Book' }\n"
  "        '409':\n          description: Duplicate idempotency key\n"
  "        '422':\n          description: |-\n            The title is empty\n            or too long\n"
  "  /books/{id}:\n"
  "    get:\n"
  "      responses:\n"
  "        '200':\n"
  "          description: One book\n"
  "          content:\n"
  "            application/json:\n"
  "              schema: { $ref: '#/components/schemas/Book' }\n"
  "        '404': { description: No such book }\n"
  "components:\n"
  "  schemas:\n"
  "    NewBook:\n"
  "      type: object\n"
  "      required: [title, format]\n"
  "      properties:\n"
  "        title: { type: string, minLength: 1, maxLength: 300, description: The title. }\n"
  "        format: { type: string, enum: [hardcover, paperback, ebook] }\n"
  "        pages: { type: integer, minimum: 1 }\n"
  "        id: { type: string, readOnly: true }\n"
  "        publisher:\n"
  "          type: object\n"
  "          required: [name]\n"
  "          properties:\n"
  "            name: { type: string }\n"
  "    Book:\n"
  "      allOf:\n"
  "        - $ref: '#/components/schemas/NewBook'\n"
  "        - type: object\n"
  "          required: [id]\n"
  "          properties:\n"
  "            id: { type: string, format: uuid }\n";

static char *
openapi_draft (const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = pw_openapi_extract (openapi_doc, strlen (openapi_doc), "openapi.yaml",
                                                 PW_OPENAPI_SECTIONS, &error);
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  PwDraftInput input = { 0 };

  g_assert_no_error (error);
  g_ptr_array_add (endpoints, (gpointer) pw_endpoints_find (all, key));
  g_assert_nonnull (endpoints->pdata[0]);
  input.api_spec = openapi_doc;
  input.api_spec_path = "openapi.yaml";
  input.endpoints = endpoints;
  return pw_draft_plan_build (&input);
}

/* An OpenAPI operation's draft reads its section's YAML: each parameter
 * with where it goes, its flag, type and limits; the request body's
 * properties with the `required:` list (read-only ones left out); the
 * response codes with their descriptions; a schema the section wrote out
 * once before, from the document. */
static void
test_draft_openapi (void)
{
  g_autofree char *post = openapi_draft ("POST /shelves/{shelfId}/books");
  g_autofree char *get = NULL;

  g_test_message ("%s", post);
  g_assert_nonnull (strstr (post, "- Path parameters:\n  - `shelfId` (integer, required): minimum 1"));
  g_assert_nonnull (strstr (post, "- Query parameters:\n  - `notify` (boolean, optional): Tell the owner; default false"));
  g_assert_nonnull (strstr (post, "- Headers:\n  - `X-Idempotency-Key` (string, required): maxLength 64"));
  g_assert_nonnull (strstr (post, "- Request body:\n  - `title` (string, required): The title; minLength 1; maxLength 300"));
  g_assert_nonnull (strstr (post, "  - `format` (string, required): enum hardcover | paperback | ebook"));
  g_assert_nonnull (strstr (post, "  - `pages` (integer, optional): minimum 1"));
  g_assert_nonnull (strstr (post, "  - `publisher.name` (string, required)"));
  g_assert_null (g_strstr_len (post, strstr (post, "## 3.") - post, "`id`"));
  g_assert_nonnull (strstr (post, "`201` The book was added"));
  g_assert_nonnull (strstr (post, "`409` Duplicate idempotency key"));
  g_assert_nonnull (strstr (post, "`422` The title is empty"));
  g_assert_nonnull (strstr (post, "security: bearerAuth"));
  /* The response: the book, all of it, with its own id. */
  g_assert_nonnull (strstr (post, "- Response fields:\n  - `title` (string, required)"));
  g_assert_nonnull (strstr (post, "  - `id` (string, required): format uuid"));
  /* No YAML key taken for a field. */
  g_assert_null (strstr (post, "`name` ("));
  g_assert_null (strstr (post, "`schema`"));

  /* The second operation's schema is a reference to the one written out
   * in the first's section: it is read from the document. */
  get = openapi_draft ("GET /books/{id}");
  g_assert_nonnull (strstr (get, "`200` One book"));
  g_assert_nonnull (strstr (get, "`404` No such book"));
  g_assert_nonnull (strstr (get, "- Response fields:\n  - `title` (string, required)"));
}

/* A feature draft quotes the PRD section that matches the feature and
 * makes a step of each of its items. */
static void
test_draft_feature_prd (void)
{
  PwDraftInput input = { 0 };
  g_autofree char *text = NULL;

  input.feature = "flashcard review";
  input.prd = "# PRD\n\n## Sign-up\n\n- e-mail and password\n\n## Flashcard review\n\n"
              "- show the due flashcards\n- grade each answer 0-5\n\n## Statistics\n\n- a chart\n";
  text = pw_draft_plan_build (&input);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "````markdown\nFlashcard review\n"));
  g_assert_nonnull (strstr (text, "1. Implement what the PRD asks: show the due flashcards\n"));
  g_assert_nonnull (strstr (text, "2. Implement what the PRD asks: grade each answer 0-5\n"));
  g_assert_null (strstr (text, "a chart"));
}

/* Each stack's files and idioms. */
static void
test_stack_layouts (void)
{
  static const struct { const char *stack; const char *method; const char *path; const char *handler; } cases[] = {
    { "Astro 5, Supabase", "GET", "/api/books/{id}", "src/pages/api/books/[id].ts" },
    { "Astro 5, Supabase", "GET", "/api/books", "src/pages/api/books/index.ts" },
    { "Next.js 15", "PATCH", "/api/books/{id}", "src/app/api/books/[id]/route.ts" },
    { "Nuxt 3, Vue 3", "POST", "/tasks", "server/api/tasks.post.ts" },
    { "FastAPI, SQLAlchemy", "GET", "/api/v1/items", "app/routers/item.py" },
    { ".NET 9, EF Core", "GET", "/api/v1/habits/{id}", "Controllers/HabitsController.cs" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PwDraftInput input = { 0 };
      g_autoptr(PwDraftContext) context = NULL;
      g_autofree char *handler = NULL;

      input.tech_stack = cases[i].stack;
      context = pw_draft_context_new (&input);
      handler = pw_draft_handler_file (context, cases[i].method, cases[i].path);
      g_assert_cmpstr (handler, ==, cases[i].handler);
    }
}

/* "- Query Params: `includeDefaults` (boolean, default `false`)". */
static void
test_extract_label_line (void)
{
  g_autoptr(PwDraftFacts) facts = pw_draft_extract ("- **GET `/api/household`**\n"
                                                    "  - Query Params: `includeDefaults` (boolean, default `false`) to include defaults.\n"
                                                    "  - Errors: 401 `UNAUTHENTICATED`; 404 `HOUSEHOLD_NOT_FOUND` (if setup incomplete).\n",
                                                    "GET", "/api/household", 1);
  PwDraftField *field = pw_draft_facts_find (facts, "includeDefaults");

  g_assert_nonnull (field);
  g_assert_cmpint (field->place, ==, PW_DRAFT_PLACE_QUERY);
  g_assert_cmpstr (field->type, ==, "boolean");
  g_assert_cmpstr (reason_of (facts, 404), ==, "HOUSEHOLD_NOT_FOUND (if setup incomplete)");
  g_assert_cmpstr (reason_of (facts, 401), ==, "UNAUTHENTICATED");
}

/* The API plan's validation rules complete the fields of the same
 * resource only, and a JSON schema there is no rule. */
static void
test_extract_validation_rules (void)
{
  static const char rules[] =
    "## 4. Validation\n\n### Books\n\n- `title` required, max 200 characters\n\n"
    "### Notes\n\n- `title` optional\n- `body` required\n\n"
    "Workouts\n- Plan constraints:\n  - `distance_m` in [100, 100000]\n"
    "```json\n{ \"required\": [\"duration_s\"] }\n```\n";
  g_autoptr(PwDraftFacts) book = pw_draft_extract ("### POST /api/books\n\n```json\n{ \"title\": \"t\", \"body\": \"b\" }\n```\n",
                                                   "POST", "/api/books", 1);
  g_autoptr(PwDraftFacts) workout = pw_draft_extract ("### POST /api/workouts\n\n```json\n"
                                                      "{ \"distance_m\": 1, \"duration_s\": 2 }\n```\n",
                                                      "POST", "/api/workouts", 1);

  pw_draft_facts_complete (book, rules, "book");
  g_assert_cmpint (pw_draft_facts_find (book, "title")->flag, ==, PW_DRAFT_FLAG_REQUIRED);
  g_assert_nonnull (strstr (pw_draft_facts_find (book, "title")->notes, "max 200 characters"));
  g_assert_cmpint (pw_draft_facts_find (book, "body")->flag, ==, PW_DRAFT_FLAG_UNSTATED);
  pw_draft_facts_complete (workout, rules, "workout");
  g_assert_nonnull (strstr (pw_draft_facts_find (workout, "distance_m")->notes, "[100, 100000]"));
  g_assert_cmpint (pw_draft_facts_find (workout, "duration_s")->flag, ==, PW_DRAFT_FLAG_UNSTATED);
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
  g_test_add_func ("/pw/provider-offline/extract-unfenced-json", test_extract_unfenced_json);
  g_test_add_func ("/pw/provider-offline/extract-shapes", test_extract_shapes);
  g_test_add_func ("/pw/provider-offline/extract-tables-lists", test_extract_tables_and_lists);
  g_test_add_func ("/pw/provider-offline/extract-statuses-limits", test_extract_statuses_and_limits);
  g_test_add_func ("/pw/provider-offline/type-names", test_type_names);
  g_test_add_func ("/pw/provider-offline/draft-rules", test_draft_rules);
  g_test_add_func ("/pw/provider-offline/feature-prd", test_draft_feature_prd);
  g_test_add_func ("/pw/provider-offline/db-flags", test_draft_db_flags);
  g_test_add_func ("/pw/provider-offline/openapi", test_draft_openapi);
  g_test_add_func ("/pw/provider-offline/stack-layouts", test_stack_layouts);
  g_test_add_func ("/pw/provider-offline/extract-label-line", test_extract_label_line);
  g_test_add_func ("/pw/provider-offline/extract-validation-rules", test_extract_validation_rules);

  return g_test_run ();
}
