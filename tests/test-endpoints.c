/* test-endpoints.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "pw-endpoints.h"
#include "pw-test-utils.h"

static GPtrArray *
extract (const char *text)
{
  return pw_endpoints_extract (text, strlen (text), "api-plan.md");
}

/* The endpoints as "METHOD /path" keys joined by ", ", for one-line asserts. */
static char *
keys_of (GPtrArray *endpoints)
{
  GString *keys = g_string_new (NULL);

  for (guint i = 0; i < endpoints->len; i++)
    {
      g_autofree char *key = pw_endpoint_dup_key (g_ptr_array_index (endpoints, i));

      if (i > 0)
        g_string_append (keys, ", ");
      g_string_append (keys, key);
    }

  return g_string_free (keys, FALSE);
}

static void
assert_keys (const char *text,
             const char *expected)
{
  g_autoptr(GPtrArray) endpoints = extract (text);
  g_autofree char *keys = keys_of (endpoints);

  g_assert_cmpstr (keys, ==, expected);
}

static PwEndpoint *
endpoint_at (GPtrArray *endpoints,
             guint      index)
{
  g_assert_cmpuint (index, <, endpoints->len);
  return g_ptr_array_index (endpoints, index);
}

static void
test_heading_plain (void)
{
  const char *text =
    "# API\n\n## Books\n\n"
    "#### GET /api/books/{id}\n\nReturns one book.\n\n"
    "#### PUT /api/books/:id\n\nUpdates it.\n\n"
    "#### DELETE /api/books/:bookId/notes/:note_id\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  PwEndpoint *put;

  g_assert_cmpuint (endpoints->len, ==, 3);
  g_assert_cmpstr (endpoint_at (endpoints, 0)->method, ==, "GET");
  g_assert_cmpstr (endpoint_at (endpoints, 0)->path, ==, "/api/books/{id}");
  g_assert_cmpuint (endpoint_at (endpoints, 0)->line, ==, 5);
  g_assert_cmpstr (endpoint_at (endpoints, 0)->file, ==, "api-plan.md");

  put = endpoint_at (endpoints, 1);
  g_assert_cmpstr (put->path, ==, "/api/books/{id}");
  g_assert_cmpstr (put->raw_path, ==, "/api/books/:id");
  g_assert_cmpuint (put->line, ==, 9);

  g_assert_cmpstr (endpoint_at (endpoints, 2)->path, ==, "/api/books/{bookId}/notes/{note_id}");
}

static void
test_heading_code_span (void)
{
  assert_keys ("### Auth\n\n"
               "#### POST `/api/auth/register`\n\nbody\n\n"
               "#### **`GET /press_reviews/{id}`**\n\nbody\n\n"
               "#### 2.1 `PATCH /api/items/{id}` – partial update\n",
               "POST /api/auth/register, GET /press_reviews/{id}, PATCH /api/items/{id}");
}

static void
test_heading_escaped (void)
{
  const char *text =
    "\\## 2. Endpoints\n\n"
    "\\### Meal Plans (`/api/meal-plans`)\n\n"
    "\\#### `GET /api/meal-plans`\n\n"
    "\\- \\*\\*Description\\*\\*: Lists the plans.\n\n"
    "\\#### `POST /api/ai/sessions/{id}/message`\n\n"
    "Prose: the frontend takes the reply of `POST .../message`.\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  g_autofree char *keys = keys_of (endpoints);

  g_assert_cmpstr (keys, ==, "GET /api/meal-plans, POST /api/ai/sessions/{id}/message");
  g_assert_cmpstr (endpoint_at (endpoints, 0)->title, ==, "Lists the plans.");
  g_assert_cmpuint (endpoint_at (endpoints, 0)->line, ==, 5);
}

static void
test_fields (void)
{
  const char *text =
    "### Searches\n\n"
    "#### 2.1.1 Initiate Search\n\n"
    "- **Method**: POST\n"
    "- **Path**: `/api/searches`\n"
    "- **Path Parameters**: none\n\n"
    "#### 2.1.2 Get Search Status\n\n"
    "- **Method:** `GET`\n"
    "- **Path:** `/api/searches/{search_id}`\n\n"
    "#### Lista moich czatów\n\n"
    "- **Metoda**: `GET`\n"
    "- **Ścieżka**: `/api/chats`\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  g_autofree char *keys = keys_of (endpoints);

  g_assert_cmpstr (keys, ==,
                   "POST /api/searches, GET /api/searches/{search_id}, GET /api/chats");
  /* A field pair's entry is its title heading. */
  g_assert_cmpstr (endpoint_at (endpoints, 0)->title, ==, "Initiate Search");
  g_assert_cmpuint (endpoint_at (endpoints, 0)->line, ==, 3);
  g_assert_cmpstr (endpoint_at (endpoints, 2)->title, ==, "Lista moich czatów");
}

static void
test_fields_numbered_item (void)
{
  const char *text =
    "### A. Flashcards\n\n"
    "1. **List Flashcards**\n"
    "   - **Method**: GET\n"
    "   - **URL**: `/flashcards`\n"
    "   - **Description**: Lists them.\n\n"
    "2. **Get Flashcard**\n"
    "   - **Method**: GET\n"
    "   - **URL**: `/flashcards/:id`\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  g_autofree char *keys = keys_of (endpoints);
  PwEndpoint *first;

  g_assert_cmpstr (keys, ==, "GET /flashcards, GET /flashcards/{id}");
  first = endpoint_at (endpoints, 0);
  g_assert_cmpstr (first->title, ==, "List Flashcards");
  g_assert_cmpuint (first->line, ==, 3);
  g_assert_true (g_str_has_prefix (text + first->section_start, "1. **List Flashcards**"));
  g_assert_true (g_str_has_prefix (text + first->section_end, "2. **Get Flashcard**"));
}

static void
test_table (void)
{
  const char *text =
    "### Members\n\n"
    "| Method | Path | Description |\n"
    "|--------|------|-------------|\n"
    "| GET    | `/v1/members` | List members. |\n"
    "| PATCH  | `/v1/members/:id` | Update role. |\n\n"
    "| Name | Value |\n|---|---|\n| GET | `/not/an/endpoint` |\n\n"
    "PATCH `/members/:id` request\n\n"
    "```json\n{ \"role\": \"admin\" }\n```\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  g_autofree char *keys = keys_of (endpoints);

  /* The prose below the table repeats a path without its prefix. */
  g_assert_cmpstr (keys, ==, "GET /v1/members, PATCH /v1/members/{id}");
  g_assert_cmpstr (endpoint_at (endpoints, 1)->title, ==, "Update role.");
  g_assert_cmpuint (endpoint_at (endpoints, 1)->line, ==, 6);
}

static void
test_bullets (void)
{
  assert_keys ("## Endpoints\n\n"
               "- GET `/api/v1/workouts`\n"
               "  - Description: List.\n"
               "- **GET** `/api/body_parts/:body_part_id/muscle_tests`\n"
               "- **GET /tasks/{taskId}**\n"
               "- **DELETE `/api/household-members/{memberId}`**\n\n"
               "-- POST `/api/v1/workouts/{id}/complete`\n",
               "GET /api/v1/workouts, GET /api/body_parts/{body_part_id}/muscle_tests, "
               "GET /tasks/{taskId}, DELETE /api/household-members/{memberId}, "
               "POST /api/v1/workouts/{id}/complete");
}

static void
test_nested_bullets (void)
{
  const char *text =
    "- **Pobierz listę lekarzy**\n"
    "  - `GET /rest/v1/doctors?select=*,specialties(name)`\n"
    "  - Response: lista.\n"
    "- **Pobierz szczegóły lekarza**\n"
    "  - `GET /rest/v1/doctors?select=*&id=eq.{doctorId}`\n"
    "- **Usuń lekarza**\n"
    "  - `DELETE /rest/v1/doctors?id=eq.{doctorId}` (RLS)\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  g_autofree char *keys = keys_of (endpoints);

  /* Filters live in the query string, so both reads are one endpoint. */
  g_assert_cmpstr (keys, ==, "GET /rest/v1/doctors, DELETE /rest/v1/doctors");
  g_assert_cmpstr (endpoint_at (endpoints, 0)->title, ==, "Pobierz listę lekarzy");
  g_assert_cmpstr (endpoint_at (endpoints, 0)->raw_path, ==, "/rest/v1/doctors");
  g_assert_cmpstr (endpoint_at (endpoints, 1)->title, ==, "Usuń lekarza");
  g_assert_true (g_str_has_prefix (text + endpoint_at (endpoints, 1)->section_start,
                                   "- **Usuń lekarza**"));
}

static void
test_lines (void)
{
  assert_keys ("### 2.1 Auth\n\n"
               "POST /api/auth/register\n\n"
               "- Description: Register.\n\n"
               "GET /api/servers/:inviteLink\n\n"
               "### 2.2 Habits\n\n"
               "1) POST /api/v1/habits\n"
               "- Request:\n"
               "{\n  \"confirmation\": \"DELETE\"\n}\n\n"
               "2) GET /api/v1/habits/{id}\n",
               "POST /api/auth/register, GET /api/servers/{inviteLink}, "
               "POST /api/v1/habits, GET /api/v1/habits/{id}");
}

static void
test_normalize (void)
{
  static const struct { const char *raw; const char *path; } cases[] = {
    { "/api/books/:id", "/api/books/{id}" },
    { "/api/servers/:serverId/members/:userId/role", "/api/servers/{serverId}/members/{userId}/role" },
    { "/api/books/{id}", "/api/books/{id}" },
    { "/api/report-links:generate", "/api/report-links:generate" },
    { "/api/items/:id:archive", "/api/items/{id}:archive" },
    { "/api/tickets?status=OPEN&x=1", "/api/tickets" },
    { "/rest/v1/profiles?id=eq.{id}", "/rest/v1/profiles" },
    { "/docs#top", "/docs" },
    { "/", "/" },
    { "/api/reservations/{id}/export.ics", "/api/reservations/{id}/export.ics" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = pw_endpoints_normalize_path (cases[i].raw);

      g_assert_cmpstr (path, ==, cases[i].path);
    }
}

static void
test_query_and_suffix (void)
{
  const char *text =
    "#### GET /api/tickets?status=OPEN&page=2\n\n"
    "#### POST /api/report-links:generate\n\n"
    "#### GET /api/tickets\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  g_autofree char *keys = keys_of (endpoints);

  /* The third heading repeats the first once the query string is gone. */
  g_assert_cmpstr (keys, ==, "GET /api/tickets, POST /api/report-links:generate");
  g_assert_cmpstr (endpoint_at (endpoints, 0)->raw_path, ==, "/api/tickets");
  g_assert_cmpstr (endpoint_at (endpoints, 1)->raw_path, ==, "/api/report-links:generate");
}

static void
test_prose_not_counted (void)
{
  const char *text =
    "# API\n\n"
    "Clients call GET /api/secret to warm caches; see also `POST /api/hidden`.\n\n"
    "```ts\nfetch('/api/x', { method: 'POST' })\n// GET /api/in-code\n```\n\n"
    "#### GET /api/books\n\nLists books. Use POST /api/books to add one.\n\n"
    "#### POST /api/books\n\nAdds one.\n\n"
    "## Future work\n\n"
    "- `GET /api/books/export` - export to PDF\n\n"
    "## Appendix A: Summary\n\n"
    "| Method | Endpoint |\n|---|---|\n| GET | `/api/books` |\n| GET | `/api/v2/books` |\n\n"
    "## Workflows\n\n"
    "1. GET /api/books?page=1\n"
    "2. DELETE /api/books/{id}\n\n"
    "Sensitive endpoints (`POST/PUT/PATCH/DELETE`) are rate limited.\n";

  assert_keys (text, "GET /api/books, POST /api/books");
}

static void
test_sections (void)
{
  const char *text =
    "# API\n\n"
    "### Books\n\n"
    "#### GET /api/books\n\nList.\n\n##### Query\n\npage\n\n"
    "#### POST /api/books\n\nCreate.\n\n"
    "### Notes\n\n"
    "#### DELETE /api/notes/{id}\n\nDelete.\n\n"
    "## 3. Security\n\nTokens.\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  PwEndpoint *e;

  g_assert_cmpuint (endpoints->len, ==, 3);

  /* A deeper heading stays inside the section; a same-level one ends it. */
  e = endpoint_at (endpoints, 0);
  g_assert_cmpuint (e->section_start, ==, strstr (text, "#### GET") - text);
  g_assert_cmpuint (e->section_end, ==, strstr (text, "#### POST") - text);
  g_assert_nonnull (g_strstr_len (text + e->section_start, e->section_end - e->section_start,
                                  "##### Query"));

  /* A higher-level heading ends it too. */
  e = endpoint_at (endpoints, 1);
  g_assert_cmpuint (e->section_end, ==, strstr (text, "### Notes") - text);

  e = endpoint_at (endpoints, 2);
  g_assert_cmpuint (e->section_start, ==, strstr (text, "#### DELETE") - text);
  g_assert_cmpuint (e->section_end, ==, strstr (text, "## 3. Security") - text);

  /* Without any following boundary the section runs to the end. */
  {
    const char *tail = "POST /api/a\n\nbody\n\nPOST /api/b\n\nlast body\n";
    g_autoptr(GPtrArray) lines = extract (tail);

    g_assert_cmpuint (lines->len, ==, 2);
    g_assert_cmpuint (endpoint_at (lines, 0)->section_end, ==, strstr (tail, "POST /api/b") - tail);
    g_assert_cmpuint (endpoint_at (lines, 1)->section_end, ==, strlen (tail));
  }
}

/* A hybrid plan: a table lists every endpoint of a resource, headings
 * after it detail some.  Each endpoint comes once, in table order; a
 * detailed one has its heading's section and line, a table-only one the
 * section from the resource's heading to the heading after the table, run
 * on through a heading that names it, and the line of its row. */
static void
test_hybrid_sections (void)
{
  const char *text =
    "## 2. Endpoints\n\n"
    "### 2.4 Recipes\n\n"
    "| Method | Path | Description |\n"
    "|---|---|---|\n"
    "| GET | `/recipes` | List recipes |\n"
    "| POST | `/recipes` | Create a recipe |\n"
    "| DELETE | `/recipes/{id}` | Delete a recipe |\n\n"
    "Session required.\n\n"
    "#### 2.4.1 Query Params (`GET /recipes`)\n\n"
    "- page\n\n"
    "#### 2.4.2 `POST /recipes`\n\n"
    "Creates.\n\n"
    "##### Response (`POST /recipes`)\n\n"
    "201\n\n"
    "#### 2.4.3 `DELETE /recipes/{id}`\n\n"
    "Soft delete.\n\n"
    "## 3. Authentication\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  g_autofree char *keys = keys_of (endpoints);
  PwEndpoint *e;

  g_assert_cmpstr (keys, ==, "GET /recipes, POST /recipes, DELETE /recipes/{id}");

  e = endpoint_at (endpoints, 0);
  g_assert_cmpstr (e->title, ==, "List recipes");
  g_assert_cmpuint (e->line, ==, 7);
  g_assert_cmpuint (e->section_start, ==, strstr (text, "### 2.4 Recipes") - text);
  g_assert_cmpuint (e->section_end, ==, strstr (text, "#### 2.4.2") - text);

  /* The heading has no title of its own; the row lends one. */
  e = endpoint_at (endpoints, 1);
  g_assert_cmpstr (e->title, ==, "Create a recipe");
  g_assert_cmpuint (e->line, ==, 17);
  g_assert_cmpuint (e->section_start, ==, strstr (text, "#### 2.4.2") - text);
  g_assert_cmpuint (e->section_end, ==, strstr (text, "#### 2.4.3") - text);

  e = endpoint_at (endpoints, 2);
  g_assert_cmpuint (e->section_start, ==, strstr (text, "#### 2.4.3") - text);
  g_assert_cmpuint (e->section_end, ==, strstr (text, "## 3.") - text);
}

/* Hybrid only when the details follow in the table's own section: an
 * appendix summary table that adds an endpoint is not kept, and a table
 * whose endpoints were all detailed before it changes nothing. */
static void
test_hybrid_needs_details_after (void)
{
  assert_keys ("## Endpoints\n\n"
               "#### GET /a\n\nA.\n\n"
               "#### POST /a\n\nB.\n\n"
               "#### DELETE /a/{id}\n\nC.\n\n"
               "## Appendix: Endpoint Summary\n\n"
               "| Method | Path |\n|---|---|\n"
               "| GET | /a |\n| POST | /a |\n| GET | /admin/metrics |\n",
               "GET /a, POST /a, DELETE /a/{id}");
  assert_keys ("## Endpoints\n\n"
               "#### GET /a\n\nA.\n\n"
               "#### POST /a\n\nB.\n\n"
               "| Method | Path |\n|---|---|\n"
               "| GET | /a |\n| GET | /b |\n",
               "GET /a, POST /a");
  /* An overview table before the part that details the endpoints. */
  assert_keys ("## Overview\n\n"
               "| Method | Path |\n|---|---|\n| GET | /a |\n| GET | /future |\n\n"
               "## Endpoints\n\n"
               "#### GET /a\n\nA.\n\n"
               "#### POST /a\n\nB.\n",
               "GET /a, POST /a");
}

/* Details may follow the table as siblings of its heading. */
static void
test_hybrid_sibling_details (void)
{
  const char *text =
    "## 2. Endpoints\n\n"
    "### Recipes\n\n"
    "| Method | Path |\n|---|---|\n"
    "| GET | /recipes |\n| POST | /recipes |\n| DELETE | /recipes/{id} |\n\n"
    "### `POST /recipes`\n\nCreate.\n\n"
    "### `DELETE /recipes/{id}`\n\nDelete.\n\n"
    "### Tags\n\n"
    "| Method | Path |\n|---|---|\n| GET | /tags |\n\n"
    "#### GET /tags\n\nList.\n";
  g_autoptr(GPtrArray) endpoints = extract (text);
  g_autofree char *keys = keys_of (endpoints);
  PwEndpoint *e;

  g_assert_cmpstr (keys, ==, "GET /recipes, POST /recipes, DELETE /recipes/{id}, GET /tags");
  e = endpoint_at (endpoints, 0);
  g_assert_cmpuint (e->section_start, ==, strstr (text, "### Recipes") - text);
  g_assert_cmpuint (e->section_end, ==, strstr (text, "### `POST") - text);
  e = endpoint_at (endpoints, 1);
  g_assert_cmpuint (e->section_start, ==, strstr (text, "### `POST") - text);
}

/* A heading that names an endpoint after other words only gives context. */
static void
test_context_headings (void)
{
  assert_keys ("### GET /recipes\n\nList.\n\n"
               "#### Query Params (`GET /recipes`)\n\npage\n\n"
               "#### Response (`GET /x`)\n\n200\n\n"
               "#### Example: POST /recipes/{id}/copy\n\n"
               "### 2.3 `DELETE /recipes/{id}`\n",
               "GET /recipes, DELETE /recipes/{id}");
}

/* Method and path columns by their names in English and Polish, in any
 * order, as a word of a longer header, or both in one column. */
static void
test_table_headers (void)
{
  assert_keys ("| Ścieżka | Opis | Metoda |\n|---|---|---|\n"
               "| `/api/a` | Lista | GET |\n| `/api/a/:id` | Usuń | DELETE |\n",
               "GET /api/a, DELETE /api/a/{id}");
  assert_keys ("| HTTP verb | Endpoint URL |\n|---|---|\n| POST | /v1/b |\n",
               "POST /v1/b");
  assert_keys ("| Method / Endpoint | Notes |\n|---|---|\n| `PATCH /c/{id}` | x |\n",
               "PATCH /c/{id}");
  assert_keys ("| Trasa | Metoda HTTP |\n|---|---|\n| /d | PUT |\n| /e | get |\n",
               "PUT /d, GET /e");
}

static void
test_crlf_bom (void)
{
  const char *text =
    "\xEF\xBB\xBF# API\r\n\r\n"
    "#### 2.1 Initiate Search\r\n\r\n"
    "- **Method**: POST\r\n"
    "- **Path**: `/api/searches`\r\n\r\n"
    "#### GET /api/searches/:search_id\r\n\r\n"
    "Status.";
  g_autoptr(GPtrArray) endpoints = extract (text);
  PwEndpoint *e;

  g_assert_cmpuint (endpoints->len, ==, 2);

  e = endpoint_at (endpoints, 0);
  g_assert_cmpstr (e->method, ==, "POST");
  g_assert_cmpstr (e->path, ==, "/api/searches");
  g_assert_cmpstr (e->title, ==, "Initiate Search");
  g_assert_cmpuint (e->line, ==, 3);
  /* Offsets count the BOM: they index the text as given. */
  g_assert_cmpuint (e->section_start, ==, strstr (text, "#### 2.1") - text);

  e = endpoint_at (endpoints, 1);
  g_assert_cmpstr (e->path, ==, "/api/searches/{search_id}");
  g_assert_cmpuint (e->line, ==, 8);
  g_assert_cmpuint (e->section_end, ==, strlen (text));
  g_assert_null (strchr (e->path, '\r'));

  /* A BOM and nothing else. */
  {
    g_autoptr(GPtrArray) none = pw_endpoints_extract ("\xEF\xBB\xBF", 3, NULL);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) empty = pw_endpoints_extract ("", 0, NULL);
  g_autoptr(GPtrArray) null_text = pw_endpoints_extract (NULL, 0, NULL);
  g_autoptr(GPtrArray) prose = extract ("Just some text.\n\nNo endpoints here: GET it?\n");

  g_assert_nonnull (empty);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_nonnull (null_text);
  g_assert_cmpuint (null_text->len, ==, 0);
  g_assert_cmpuint (prose->len, ==, 0);
}

static void
test_find_and_key (void)
{
  g_autoptr(GPtrArray) endpoints = extract ("#### GET /api/books/:id\n\n#### POST /api/books\n");
  PwEndpoint *e;
  g_autofree char *key = NULL;

  e = pw_endpoints_find (endpoints, "get /api/books/:id");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->raw_path, ==, "/api/books/:id");
  g_assert_true (pw_endpoints_find (endpoints, "GET /api/books/{id}") == e);
  g_assert_true (pw_endpoints_find (endpoints, "  GET   /api/books/{id}?x=1 ") == e);
  g_assert_nonnull (pw_endpoints_find (endpoints, "Post /api/books"));
  g_assert_null (pw_endpoints_find (endpoints, "DELETE /api/books/{id}"));
  g_assert_null (pw_endpoints_find (endpoints, "GET"));
  g_assert_null (pw_endpoints_find (endpoints, "/api/books"));
  g_assert_null (pw_endpoints_find (endpoints, ""));

  key = pw_endpoint_dup_key (e);
  g_assert_cmpstr (key, ==, "GET /api/books/{id}");
}

static void
test_copy_and_json (void)
{
  g_autoptr(GPtrArray) endpoints = extract ("#### GET /api/books/:id\n\n- Description: One book.\n");
  g_autoptr(PwEndpoint) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  PwEndpoint *boxed;
  JsonObject *object;

  g_assert_true (G_TYPE_IS_BOXED (PW_TYPE_ENDPOINT));

  copy = pw_endpoint_copy (endpoint_at (endpoints, 0));
  g_assert_cmpstr (copy->path, ==, "/api/books/{id}");
  g_assert_cmpstr (copy->title, ==, "One book.");
  g_assert_cmpuint (copy->section_end, ==, endpoint_at (endpoints, 0)->section_end);

  boxed = g_boxed_copy (PW_TYPE_ENDPOINT, copy);
  g_assert_cmpstr (boxed->raw_path, ==, "/api/books/:id");
  g_boxed_free (PW_TYPE_ENDPOINT, boxed);

  node = pw_endpoints_to_json (endpoints);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "method"), ==, "GET");
  g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "/api/books/{id}");
  g_assert_cmpstr (json_object_get_string_member (object, "raw_path"), ==, "/api/books/:id");
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "One book.");
  g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, "api-plan.md");
  g_assert_cmpint (json_object_get_int_member (object, "line"), ==, 1);

  json = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (json, "\"path\":\"/api/books/{id}\""));
}

static const char *mixed_expected =
  "GET /api/books, GET /api/books/{bookId}, POST /api/books, POST /api/loans, "
  "PATCH /api/loans/{loanId}/return, POST /api/report-links:generate";

static void
test_data_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "endpoints",
                                                 "mixed-formats.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *keys = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);

  endpoints = pw_endpoints_extract (text, length, "mixed-formats.md");
  keys = keys_of (endpoints);
  g_assert_cmpstr (keys, ==, mixed_expected);
  g_assert_cmpstr (endpoint_at (endpoints, 3)->title, ==, "Borrow a book");
  g_assert_cmpstr (endpoint_at (endpoints, 4)->title, ==, "Zwrot książki");
  g_assert_true (g_str_has_prefix (text + endpoint_at (endpoints, 3)->section_start,
                                   "#### Borrow a book"));
  /* The last endpoint's section stops at the level-2 heading after it. */
  g_assert_true (g_str_has_prefix (text + endpoint_at (endpoints, 5)->section_end,
                                   "## 3. Future work"));
}

/* Inputs that once crashed the fuzzer (tests/data/endpoints/crash-*). */
static void
test_fuzz_regressions (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "endpoints", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_inputs = 0;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) endpoints = NULL;
      g_autoptr(JsonNode) node = NULL;
      gsize length;

      if (!g_str_has_prefix (name, "crash-"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      g_file_get_contents (path, &text, &length, &error);
      g_assert_no_error (error);

      endpoints = pw_endpoints_extract (text, length, name);
      for (guint i = 0; i < endpoints->len; i++)
        {
          PwEndpoint *e = g_ptr_array_index (endpoints, i);

          g_assert_true (e->title == NULL || g_utf8_validate (e->title, -1, NULL));
          g_assert_cmpuint (e->section_end, <=, length);
        }
      node = pw_endpoints_to_json (endpoints);
      g_assert_nonnull (node);
      n_inputs++;
    }

  g_assert_cmpuint (n_inputs, >=, 1);
}

static void
test_invalid_utf8_title (void)
{
  /* A long title with a broken sequence in the middle, as the fuzzer found. */
  g_autoptr(GString) text = g_string_new ("POST `/households` r");
  g_autoptr(GPtrArray) endpoints = NULL;
  PwEndpoint *e;

  g_string_append (text, "eque\xf5t \xe1mezone ");
  for (guint i = 0; i < 40; i++)
    g_string_append (text, "word ");
  endpoints = pw_endpoints_extract (text->str, text->len, NULL);

  g_assert_cmpuint (endpoints->len, ==, 1);
  e = endpoint_at (endpoints, 0);
  g_assert_cmpstr (e->path, ==, "/households");
  g_assert_nonnull (e->title);
  g_assert_true (g_utf8_validate (e->title, -1, NULL));
  g_assert_true (g_str_has_suffix (e->title, "…"));
}

/* Runs the built `planwright endpoints`; skips when it was not built. */
static char *
planwright_path (void)
{
  const char *build_root = g_getenv ("PW_BUILD_ROOT");
  char *path;

  if (build_root == NULL)
    return NULL;

  path = g_build_filename (build_root, "src", "planwright", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_clear_pointer (&path, g_free);

  return path;
}

static void
run_cli (const char  *planwright,
         const char  *target,
         gboolean     json,
         char       **out,
         char       **err,
         int         *status)
{
  const char *argv[] = { planwright, "endpoints", target, json ? "--json" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &wait_status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *planwright = planwright_path ();
  g_autofree char *data = g_test_build_filename (G_TEST_DIST, "data", "endpoints",
                                                 "mixed-formats.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *ai = NULL;
  g_autofree char *spec = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL, *err = NULL;
  int status;

  if (planwright == NULL)
    {
      g_test_skip ("planwright executable not built");
      return;
    }

  /* A file: JSON in spec order, `file` as given. */
  run_cli (planwright, data, TRUE, &out, &err, &status);
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *array;
    JsonObject *object;

    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    array = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (array), ==, 6);
    object = json_array_get_object_element (array, 1);
    g_assert_cmpstr (json_object_get_string_member (object, "method"), ==, "GET");
    g_assert_cmpstr (json_object_get_string_member (object, "path"), ==, "/api/books/{bookId}");
    g_assert_cmpstr (json_object_get_string_member (object, "raw_path"), ==, "/api/books/:bookId");
    g_assert_cmpstr (json_object_get_string_member (object, "file"), ==, data);
    g_assert_cmpint (json_object_get_int_member (object, "line"), ==, 16);
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The readable table. */
  run_cli (planwright, data, FALSE, &out, &err, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "PATCH   /api/loans/{loanId}/return"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A folder: the workspace's API plan, `file` relative to the folder. */
  tmp = g_dir_make_tmp ("pw-endpoints-XXXXXX", &error);
  g_assert_no_error (error);
  ai = g_build_filename (tmp, ".ai", NULL);
  g_assert_cmpint (g_mkdir_with_parents (ai, 0700), ==, 0);
  spec = g_build_filename (ai, "api-plan.md", NULL);
  g_file_get_contents (data, &text, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (spec, text, -1, &error);
  g_assert_no_error (error);

  run_cli (planwright, tmp, TRUE, &out, &err, &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\"file\" : \".ai/api-plan.md\""));
  g_assert_nonnull (strstr (out, "/api/report-links:generate"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Errors: one line on stderr, exit status 2. */
  run_cli (planwright, "/nonexistent/api-plan.md", TRUE, &out, &err, &status);
  g_assert_cmpint (status, ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (g_str_has_prefix (err, "planwright endpoints: "));
  g_assert_nonnull (strchr (err, '\n'));
  g_assert_null (strchr (strchr (err, '\n') + 1, '\n'));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_remove (spec);
  g_rmdir (ai);
  run_cli (planwright, tmp, TRUE, &out, &err, &status);
  g_assert_cmpint (status, ==, 2);
  g_assert_true (g_str_has_prefix (err, "planwright endpoints: "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_rmdir (tmp);
}

/* Corpus accuracy against the hand labels in ../shared/corpus/labels.json. */

/* Precision, recall and F1 of extraction against hand labels in the
 * corpus format (../shared/corpus/README.md). */
typedef struct
{
  guint  tp, fp, fn;
  guint  n_plans;
  guint  n_exact;
  double worst_f1;
} Score;

static double
f1_of (guint tp,
       guint fp,
       guint fn)
{
  double precision = tp + fp > 0 ? (double) tp / (tp + fp) : 1.0;
  double recall = tp + fn > 0 ? (double) tp / (tp + fn) : 1.0;

  return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

static GHashTable *
label_keys (JsonArray *expected)
{
  GHashTable *want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (expected); i++)
    {
      JsonObject *e = json_array_get_object_element (expected, i);

      g_hash_table_add (want, g_strconcat (json_object_get_string_member (e, "method"), " ",
                                           json_object_get_string_member (e, "path"), NULL));
    }

  return want;
}

static gboolean
same_order (GPtrArray *endpoints,
            JsonArray *expected)
{
  if (endpoints->len != json_array_get_length (expected))
    return FALSE;

  for (guint i = 0; i < endpoints->len; i++)
    {
      JsonObject *e = json_array_get_object_element (expected, i);
      PwEndpoint *got = g_ptr_array_index (endpoints, i);

      if (!g_str_equal (json_object_get_string_member (e, "method"), got->method)
          || !g_str_equal (json_object_get_string_member (e, "path"), got->path))
        return FALSE;
    }

  return TRUE;
}

/* Every extracted endpoint carries a sane section and line. */
static void
assert_sane (GPtrArray  *endpoints,
             gsize       length,
             const char *file)
{
  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *e = g_ptr_array_index (endpoints, i);

      g_assert_cmpuint (e->section_start, <, e->section_end);
      g_assert_cmpuint (e->section_end, <=, length);
      g_assert_cmpuint (e->line, >=, 1);
      g_assert_cmpstr (e->file, ==, file);
    }
}

static void
score_plan (const char *name,
            const char *path,
            const char *file,
            JsonArray  *expected,
            Score      *score)
{
  g_autoptr(GHashTable) want = label_keys (expected);
  g_autoptr(GHashTable) got = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key;
  gsize length;
  guint tp = 0, fp = 0, fn = 0;
  gboolean in_order;
  double f1;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  endpoints = pw_endpoints_extract (text, length, file);
  assert_sane (endpoints, length, file);
  in_order = same_order (endpoints, expected);

  for (guint i = 0; i < endpoints->len; i++)
    {
      char *got_key = pw_endpoint_dup_key (g_ptr_array_index (endpoints, i));

      if (g_hash_table_contains (want, got_key))
        tp++;
      else
        {
          fp++;
          g_test_message ("  %s: unexpected %s", name, got_key);
        }
      g_hash_table_add (got, got_key);
    }

  g_hash_table_iter_init (&iter, want);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (got, key))
        {
          fn++;
          g_test_message ("  %s: missed %s", name, (const char *) key);
        }
    }

  f1 = f1_of (tp, fp, fn);
  g_test_message ("%-42s P=%.3f R=%.3f F1=%.3f (%u/%u)%s", name,
                  tp + fp > 0 ? (double) tp / (tp + fp) : 1.0,
                  tp + fn > 0 ? (double) tp / (tp + fn) : 1.0, f1,
                  tp, g_hash_table_size (want), in_order ? "" : " order differs");

  score->tp += tp;
  score->fp += fp;
  score->fn += fn;
  score->n_plans++;
  score->worst_f1 = MIN (score->worst_f1, f1);
  if (fp == 0 && fn == 0 && in_order)
    score->n_exact++;
}

/* Scores every API plan that @dir/labels.json labels; returns the overall F1. */
static double
score_labels (const char *dir,
              Score      *score)
{
  g_autofree char *labels_path = g_build_filename (dir, "labels.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) repos = NULL;
  JsonObject *labels;
  double f1;

  json_parser_load_from_file (parser, labels_path, &error);
  g_assert_no_error (error);
  labels = json_node_get_object (json_parser_get_root (parser));
  repos = json_object_get_members (labels);

  *score = (Score) { 0, 0, 0, 0, 0, 1.0 };
  for (const GList *l = repos; l != NULL; l = l->next)
    {
      const char *repo = l->data;
      JsonObject *labelled = json_object_get_object_member (labels, repo);
      JsonObject *plans = json_object_get_object_member (labelled, "api_plans");
      g_autoptr(GList) files = json_object_get_members (plans);

      for (const GList *f = files; f != NULL; f = f->next)
        {
          JsonObject *plan = json_object_get_object_member (plans, f->data);
          g_autofree char *path = g_build_filename (dir, repo, f->data, NULL);

          score_plan (repo, path, f->data, json_object_get_array_member (plan, "endpoints"), score);
        }
    }

  f1 = f1_of (score->tp, score->fp, score->fn);
  g_test_message ("overall: P=%.4f R=%.4f F1=%.4f over %u plans (%u exact, in order); "
                  "worst F1=%.3f",
                  score->tp + score->fp > 0 ? (double) score->tp / (score->tp + score->fp) : 1.0,
                  score->tp + score->fn > 0 ? (double) score->tp / (score->tp + score->fn) : 1.0,
                  f1, score->n_plans, score->n_exact, score->worst_f1);

  return f1;
}

static void
test_corpus (void)
{
  g_autofree char *dir = pw_test_dup_shared_dir ("corpus");
  g_autofree char *labels_path = NULL;
  Score score;
  double f1;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("corpus not available (../shared/corpus)");
      return;
    }

  labels_path = g_build_filename (dir, "labels.json", NULL);
  if (!g_file_test (labels_path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("corpus has no labels.json");
      return;
    }

  f1 = score_labels (dir, &score);
  g_assert_cmpuint (score.n_plans, >=, 20);
  g_assert_cmpfloat (f1, >=, 0.99);
  g_assert_cmpfloat (score.worst_f1, >=, 0.95);
}

/* Hybrid plans (tests/data/endpoints/hybrid/, labelled as the corpus is):
 * every endpoint of the tables once, detailed or not, in table order. */
static void
test_hybrid_labels (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "endpoints", "hybrid", NULL);
  Score score;
  double f1;

  f1 = score_labels (dir, &score);
  g_assert_cmpuint (score.n_plans, ==, 3);
  g_assert_cmpfloat (f1, >=, 0.99);
  g_assert_cmpfloat (score.worst_f1, >=, 0.95);
  g_assert_cmpuint (score.n_exact, ==, score.n_plans);
}

static void
test_split_key (void)
{
  const char *path = NULL;
  g_autofree char *method = pw_endpoints_split_key ("  get   /api/books/{id} x", &path);

  g_assert_cmpstr (method, ==, "GET");
  g_assert_cmpstr (path, ==, "/api/books/{id} x");
  g_assert_null (pw_endpoints_split_key ("GET", &path));
  g_assert_null (pw_endpoints_split_key ("GET books", &path));
  g_assert_null (pw_endpoints_split_key ("   ", &path));
}

int
main (int   argc,
      char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: extraction touches no user directory,
   * and GLib 2.74 leaks the isolated paths, which LeakSanitizer reports. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pw/endpoints/heading-plain", test_heading_plain);
  g_test_add_func ("/pw/endpoints/heading-code-span", test_heading_code_span);
  g_test_add_func ("/pw/endpoints/heading-escaped", test_heading_escaped);
  g_test_add_func ("/pw/endpoints/fields", test_fields);
  g_test_add_func ("/pw/endpoints/fields-numbered-item", test_fields_numbered_item);
  g_test_add_func ("/pw/endpoints/table", test_table);
  g_test_add_func ("/pw/endpoints/bullets", test_bullets);
  g_test_add_func ("/pw/endpoints/nested-bullets", test_nested_bullets);
  g_test_add_func ("/pw/endpoints/lines", test_lines);
  g_test_add_func ("/pw/endpoints/normalize", test_normalize);
  g_test_add_func ("/pw/endpoints/query-and-suffix", test_query_and_suffix);
  g_test_add_func ("/pw/endpoints/prose-not-counted", test_prose_not_counted);
  g_test_add_func ("/pw/endpoints/sections", test_sections);
  g_test_add_func ("/pw/endpoints/hybrid-sections", test_hybrid_sections);
  g_test_add_func ("/pw/endpoints/hybrid-needs-details-after", test_hybrid_needs_details_after);
  g_test_add_func ("/pw/endpoints/hybrid-sibling-details", test_hybrid_sibling_details);
  g_test_add_func ("/pw/endpoints/context-headings", test_context_headings);
  g_test_add_func ("/pw/endpoints/table-headers", test_table_headers);
  g_test_add_func ("/pw/endpoints/crlf-bom", test_crlf_bom);
  g_test_add_func ("/pw/endpoints/empty", test_empty);
  g_test_add_func ("/pw/endpoints/find-and-key", test_find_and_key);
  g_test_add_func ("/pw/endpoints/copy-and-json", test_copy_and_json);
  g_test_add_func ("/pw/endpoints/data-file", test_data_file);
  g_test_add_func ("/pw/endpoints/invalid-utf8-title", test_invalid_utf8_title);
  g_test_add_func ("/pw/endpoints/fuzz-regressions", test_fuzz_regressions);
  g_test_add_func ("/pw/endpoints/split-key", test_split_key);
  g_test_add_func ("/pw/endpoints/cli", test_cli);
  g_test_add_func ("/pw/endpoints/corpus", test_corpus);
  g_test_add_func ("/pw/endpoints/hybrid-labels", test_hybrid_labels);

  return g_test_run ();
}
