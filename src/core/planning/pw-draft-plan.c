/* pw-draft-plan.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-draft-plan"

#include "config.h"

#include <string.h>

#include "pw-draft-context.h"
#include "pw-draft-db.h"
#include "pw-draft-extract.h"
#include "pw-draft-openapi.h"
#include "pw-draft-plan.h"
#include "pw-endpoints.h"

/* The offline draft: a plan written without a model from what the
 * repository says.  It states only what it read, with the spec's own
 * words and line numbers; where it found nothing it says so and points to
 * the spec, whose section it quotes verbatim.  Its steps follow from what
 * was read (each validation group, each database operation, each error
 * branch), with the files and idioms of the repository's stack.  The draft
 * is in Polish when the repository writes its plans in Polish; that
 * follows the repository, not the user's locale, so these strings are not
 * gettext messages.
 */

typedef enum
{
  KIND_OVERVIEW,
  KIND_INPUTS,
  KIND_TYPES,
  KIND_OUTPUTS,
  KIND_FLOW,
  KIND_SECURITY,
  KIND_ERRORS,
  KIND_PERFORMANCE,
  KIND_STEPS,
  KIND_OTHER,
} SectionKind;

static const struct
{
  SectionKind  kind;
  const char  *words;
} section_words[] = {
  { KIND_STEPS, "step|kroki|etap|kolejność|wdrożeni" },
  { KIND_TYPES, "type|dto|model|typy" },
  { KIND_INPUTS, "input|request|param|wejści|żądani" },
  { KIND_OUTPUTS, "output|response|wyjści|odpowiedz" },
  { KIND_FLOW, "flow|przepływ" },
  { KIND_SECURITY, "secur|bezpiecz" },
  { KIND_ERRORS, "error|błęd" },
  { KIND_PERFORMANCE, "perform|wydajn" },
  { KIND_OVERVIEW, "overview|przegląd|summary|opis" },
};

/* Polish headings for the seed's sections: the template's own aliases. */
static const char * const polish_headings[][2] = {
  { "Endpoint Overview", "Przegląd punktu końcowego" },
  { "Request Details", "Szczegóły żądania" },
  { "Used Types", "Wykorzystywane typy" },
  { "Response Details", "Szczegóły odpowiedzi" },
  { "Data Flow", "Przepływ danych" },
  { "Security Considerations", "Względy bezpieczeństwa" },
  { "Error Handling", "Obsługa błędów" },
  { "Performance", "Wydajność" },
  { "Performance Considerations", "Wydajność" },
  { "Implementation Steps", "Kroki implementacji" },
};

static const char * const default_sections[] = {
  "Endpoint Overview", "Request Details", "Used Types", "Response Details", "Data Flow",
  "Security Considerations", "Error Handling", "Performance", "Implementation Steps", NULL
};

typedef struct
{
  const PwEndpoint *endpoint;
  char             *key;
  char             *section;
  PwDraftFacts     *facts;
  GPtrArray        *tables;
  char             *input_type;
  char             *output_type;
  char             *handler;
  char             *service;
  char             *schema;
  char             *tests;
} Target;

typedef struct
{
  const PwDraftInput *input;
  PwDraftContext     *context;
  GPtrArray          *targets;
  GString            *out;
  gboolean            pl;
  JsonNode           *openapi;    /* (nullable) the OpenAPI document's tree, once needed */
} Draft;

#define T(d, en_text, pl_text) ((d)->pl ? (pl_text) : (en_text))

static void
target_free (Target *target)
{
  g_free (target->key);
  g_free (target->section);
  pw_draft_facts_free (target->facts);
  g_clear_pointer (&target->tables, g_ptr_array_unref);
  g_free (target->input_type);
  g_free (target->output_type);
  g_free (target->handler);
  g_free (target->service);
  g_free (target->schema);
  g_free (target->tests);
  g_free (target);
}

/* @tables with the one the path names ("/api/books" → `books`) first;
 * the array is @tables, reordered. */
static GPtrArray *
own_table_first (GPtrArray  *tables,
                 const char *path)
{
  g_autofree char *own = pw_draft_resource_table (path);

  for (guint i = 1; i < tables->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (tables, i), own))
        {
          gpointer first = tables->pdata[0];

          tables->pdata[0] = tables->pdata[i];
          tables->pdata[i] = first;
          break;
        }
    }
  return tables;
}

static Target *
target_new (Draft            *draft,
            const PwEndpoint *endpoint)
{
  Target *target = g_new0 (Target, 1);
  const char *spec = draft->input->api_spec;
  g_autofree char *slug = NULL;

  target->endpoint = endpoint;
  target->key = g_strdup_printf ("%s %s", endpoint->method, endpoint->path);
  /* An OpenAPI operation brings its own section, its references resolved. */
  if (endpoint->section_text != NULL)
    target->section = g_strdup (endpoint->section_text);
  else if (spec != NULL && endpoint->section_end > endpoint->section_start &&
           endpoint->section_end <= strlen (spec))
    target->section = g_strndup (spec + endpoint->section_start,
                                 endpoint->section_end - endpoint->section_start);
  else
    target->section = g_strdup ("");
  if (endpoint->section_text != NULL)
    target->facts = pw_draft_extract_openapi (endpoint->section_text, spec, &draft->openapi,
                                              endpoint->raw_path, endpoint->line);
  if (target->facts == NULL)
    target->facts = pw_draft_extract (target->section, endpoint->method, endpoint->raw_path,
                                      endpoint->line);
  slug = pw_draft_resource_slug (endpoint->path);
  pw_draft_facts_complete (target->facts, draft->context->validation, g_strdelimit (slug, "-_", '.'));
  target->tables = pw_draft_tables_for (draft->context, endpoint->path, target->section);
  pw_draft_facts_from_db (target->facts, draft->input->db_plan, own_table_first (target->tables, endpoint->path),
                          endpoint->method);
  target->input_type = pw_draft_type_name (draft->context, endpoint->method, endpoint->path, TRUE);
  target->output_type = pw_draft_type_name (draft->context, endpoint->method, endpoint->path, FALSE);
  target->handler = pw_draft_handler_file (draft->context, endpoint->method, endpoint->path);
  target->service = pw_draft_service_file (draft->context, endpoint->path);
  target->schema = pw_draft_schema_file (draft->context, endpoint->path);
  target->tests = pw_draft_test_file (draft->context, endpoint->path);
  return target;
}

static SectionKind
classify_section (const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (section_words); i++)
    {
      g_auto(GStrv) words = g_strsplit (section_words[i].words, "|", -1);

      for (guint j = 0; words[j] != NULL; j++)
        {
          if (strstr (lower, words[j]) != NULL)
            return section_words[i].kind;
        }
    }
  return KIND_OTHER;
}

static const char *
spec_file (Draft *draft)
{
  return draft->input->api_spec_path != NULL ? draft->input->api_spec_path : "API plan";
}

/* A `### METHOD /path` sub-heading when the draft covers several endpoints. */
static void
target_heading (Draft  *draft,
                Target *target)
{
  if (draft->targets->len > 1)
    g_string_append_printf (draft->out, "\n### %s\n\n", target->key);
}

/* The place's items, "  - `name` (type, required): notes". */
static void
write_fields (Draft        *draft,
              Target       *target,
              PwDraftPlace  place,
              const char   *label)
{
  if (pw_draft_facts_count (target->facts, place) == 0)
    return;
  g_string_append_printf (draft->out, "- %s:\n", label);
  for (guint i = 0; i < target->facts->fields->len; i++)
    {
      PwDraftField *field = g_ptr_array_index (target->facts->fields, i);
      const char *flag = field->flag == PW_DRAFT_FLAG_REQUIRED ? T (draft, "required", "wymagane")
                         : field->flag == PW_DRAFT_FLAG_OPTIONAL ? T (draft, "optional", "opcjonalne")
                         : NULL;

      if (field->place != place)
        continue;
      g_string_append_printf (draft->out, "  - `%s`", field->name);
      if (field->type != NULL || flag != NULL)
        g_string_append_printf (draft->out, " (%s%s%s%s)", field->type != NULL ? field->type : "",
                                field->type != NULL && flag != NULL ? ", " : "",
                                flag != NULL ? flag : "",
                                field->flag_from_db ? T (draft, ", from the db plan", ", wg planu bazy danych") : "");
      if (field->notes != NULL)
        g_string_append_printf (draft->out, ": %s", field->notes);
      g_string_append_printf (draft->out, " (%s %u)\n", T (draft, "line", "linia"), field->line);
    }
}

/* The section verbatim, in a fence longer than any it contains. */
static void
write_quote (Draft  *draft,
             Target *target)
{
  g_autoptr(GRegex) runs = g_regex_new ("^\\s*(`{3,}|~{3,})", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  gsize longest = 3;
  g_autofree char *fence = NULL;
  g_autofree char *body = g_strchomp (g_strdup (target->section));

  g_regex_match (runs, body, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *run = g_match_info_fetch (match, 1);

      longest = MAX (longest, strlen (run));
      g_match_info_next (match, NULL);
    }
  fence = g_strnfill (longest + 1, '`');
  g_string_append_printf (draft->out, "- %s `%s`, %s %u:\n\n%smarkdown\n%s\n%s\n",
                          T (draft, "The endpoint's section of", "Sekcja punktu końcowego z"),
                          spec_file (draft), T (draft, "line", "linia"), target->endpoint->line,
                          fence, body, fence);
}

static gboolean
writes_body (const char *method)
{
  return g_str_equal (method, "POST") || g_str_equal (method, "PUT") || g_str_equal (method, "PATCH");
}

static void
write_inputs (Draft *draft)
{
  for (guint i = 0; i < draft->targets->len; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i);

      target_heading (draft, target);
      g_string_append_printf (draft->out, "- `%s` (`%s`, %s %u)\n", target->key, spec_file (draft),
                              T (draft, "line", "linia"), target->endpoint->line);
      write_fields (draft, target, PW_DRAFT_PLACE_PATH, T (draft, "Path parameters", "Parametry ścieżki"));
      write_fields (draft, target, PW_DRAFT_PLACE_QUERY, T (draft, "Query parameters", "Parametry zapytania"));
      write_fields (draft, target, PW_DRAFT_PLACE_HEADER, T (draft, "Headers", "Nagłówki"));
      write_fields (draft, target, PW_DRAFT_PLACE_BODY, T (draft, "Request body", "Treść żądania"));
      if (writes_body (target->endpoint->method) &&
          pw_draft_facts_count (target->facts, PW_DRAFT_PLACE_BODY) == 0)
        g_string_append_printf (draft->out, "- %s %u.\n",
                                T (draft, "Request body: the offline extraction found no fields; read the quote below, line",
                                   "Treść żądania: ekstrakcja offline nie znalazła pól; zob. cytat poniżej, linia"),
                                target->endpoint->line);
      if (target->facts->constraints->len > 0)
        {
          g_string_append_printf (draft->out, "- %s:\n", T (draft, "Rules and limits the spec states", "Reguły i ograniczenia podane w specyfikacji"));
          for (guint j = 0; j < target->facts->constraints->len; j++)
            g_string_append_printf (draft->out, "  - %s\n", (const char *) g_ptr_array_index (target->facts->constraints, j));
        }
      write_quote (draft, target);
    }
}

/* Names of the fields of @place (or of every input place when @place is
 * -1), after ": ", with their flag and short notes when @rules is set:
 * "`title` required (max 200)". */
static void
append_names (Draft    *draft,
              Target   *target,
              int       place,
              gboolean  rules)
{
  guint n = 0;

  for (guint i = 0; i < target->facts->fields->len; i++)
    {
      PwDraftField *field = g_ptr_array_index (target->facts->fields, i);
      gboolean wanted = place < 0 ? field->place != PW_DRAFT_PLACE_RESPONSE : (int) field->place == place;

      if (!wanted || strchr (field->name, '.') != NULL)
        continue;
      g_string_append_printf (draft->out, "%s`%s`", n++ > 0 ? (rules ? "; " : ", ") : ": ", field->name);
      if (rules && field->flag != PW_DRAFT_FLAG_UNSTATED)
        g_string_append_printf (draft->out, " %s", field->flag == PW_DRAFT_FLAG_REQUIRED
                                ? T (draft, "required", "wymagane") : T (draft, "optional", "opcjonalne"));
      if (rules && field->notes != NULL && strlen (field->notes) < 80)
        g_string_append_printf (draft->out, field->notes[0] == '(' ? " %s" : " (%s)", field->notes);
    }
}

static void
write_types (Draft *draft)
{
  const char *file = pw_draft_types_file (draft->context);

  for (guint i = 0; i < draft->targets->len; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i);

      target_heading (draft, target);
      g_string_append_printf (draft->out, "- `%s`%s%s%s", target->input_type,
                              file != NULL ? " (`" : "", file != NULL ? file : "", file != NULL ? "`)" : "");
      append_names (draft, target, -1, FALSE);
      g_string_append (draft->out, "\n");
      g_string_append_printf (draft->out, "- `%s` %s `%s`", target->output_type,
                              T (draft, "for the response of", "dla odpowiedzi"), target->key);
      append_names (draft, target, PW_DRAFT_PLACE_RESPONSE, FALSE);
      g_string_append (draft->out, "\n");
      for (guint j = 0; j < target->tables->len; j++)
        g_string_append_printf (draft->out, "- %s `%s`%s\n",
                                T (draft, "The row type of", "Typ wiersza tabeli"),
                                (const char *) g_ptr_array_index (target->tables, j),
                                draft->context->supabase ? " (`src/db/database.types.ts`)" : "");
    }
}

static void
write_statuses (Draft  *draft,
                Target *target,
                guint   low,
                guint   high)
{
  for (guint i = 0; i < target->facts->statuses->len; i++)
    {
      PwDraftStatus *status = g_ptr_array_index (target->facts->statuses, i);

      if (status->code < low || status->code >= high)
        continue;
      g_string_append_printf (draft->out, "- `%u`%s%s (`%s`)\n", status->code,
                              status->reason != NULL && *status->reason != '\0' ? " " : "",
                              status->reason != NULL ? status->reason : "", target->key);
    }
}

static void
write_outputs (Draft *draft)
{
  for (guint i = 0; i < draft->targets->len; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i);
      guint before = draft->out->len;

      target_heading (draft, target);
      write_statuses (draft, target, 100, 400);
      if (draft->out->len == before || (draft->targets->len > 1 && strstr (draft->out->str + before, "- `") == NULL))
        g_string_append_printf (draft->out, "- %s `%s` (%s %u).\n",
                                T (draft, "The offline extraction found no success status for", "Ekstrakcja offline nie znalazła kodu sukcesu dla"),
                                target->key, T (draft, "see line", "zob. linia"), target->endpoint->line);
      write_fields (draft, target, PW_DRAFT_PLACE_RESPONSE, T (draft, "Response fields", "Pola odpowiedzi"));
    }
}

static const char *
operation (Draft      *draft,
           const char *method,
           const char *path)
{
  gboolean item = pw_draft_is_item_path (path);

  if (g_str_equal (method, "GET"))
    return item ? T (draft, "selects one row of", "pobiera jeden wiersz z")
                : T (draft, "selects the filtered, paginated rows of", "pobiera przefiltrowane wiersze z");
  if (g_str_equal (method, "POST"))
    return T (draft, "inserts into", "wstawia do");
  if (g_str_equal (method, "DELETE"))
    return T (draft, "deletes from", "usuwa z");
  return T (draft, "updates", "aktualizuje");
}

static void
append_tables (Draft  *draft,
               Target *target)
{
  for (guint i = 0; i < target->tables->len; i++)
    g_string_append_printf (draft->out, "%s`%s`", i == 0 ? "" : ", ",
                            (const char *) g_ptr_array_index (target->tables, i));
  if (target->tables->len == 0)
    {
      g_autofree char *guess = pw_draft_resource_table (target->endpoint->path);

      g_string_append_printf (draft->out, "`%s` (%s)", guess,
                              T (draft, "the table the path suggests; no plan maps it",
                                 "tabela, którą sugeruje ścieżka; żaden plan jej nie wskazuje"));
    }
}

static void
write_flow (Draft *draft)
{
  for (guint i = 0; i < draft->targets->len; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i);
      const char *where = target->handler != NULL ? target->handler : target->key;

      target_heading (draft, target);
      g_string_append_printf (draft->out, "1. `%s` %s `%s`.\n", where,
                              T (draft, "parses and validates the input into", "parsuje i waliduje wejście do"),
                              target->input_type);
      g_string_append_printf (draft->out, "2. `%s` %s ", target->service != NULL ? target->service : target->key,
                              operation (draft, target->endpoint->method, target->endpoint->path));
      append_tables (draft, target);
      g_string_append (draft->out, ".\n");
      g_string_append_printf (draft->out, "3. %s `%s` %s `%s`.\n",
                              T (draft, "The result becomes", "Wynik staje się"), target->output_type,
                              T (draft, "with the success status the section gives for", "z kodem sukcesu, który sekcja podaje dla"),
                              target->key);
    }
}

static void
write_auth (Draft  *draft,
            Target *target)
{
  PwDraftContext *context = draft->context;

  for (guint j = 0; j < target->facts->auth->len; j++)
    g_string_append_printf (draft->out, "- `%s`, %s: %s\n", target->key, T (draft, "the spec", "specyfikacja"),
                            (const char *) g_ptr_array_index (target->facts->auth, j));
  if (target->facts->auth->len == 0 && context->auth_title == NULL)
    g_string_append_printf (draft->out, "- `%s`: %s %u).\n", target->key,
                            T (draft, "the offline extraction found no authentication rule; check the section (line",
                               "ekstrakcja offline nie znalazła reguły uwierzytelniania; sprawdź sekcję (linia"),
                            target->endpoint->line);
}

/* Whether the endpoint needs a signed-in user: its section says so, or
 * the API plan has an authentication section. */
static gboolean
needs_auth (Draft  *draft,
            Target *target)
{
  return target->facts->auth->len > 0 || draft->context->auth_title != NULL;
}

static void
write_security (Draft *draft)
{
  PwDraftContext *context = draft->context;

  if (context->auth_title != NULL)
    {
      g_string_append_printf (draft->out, "- %s “%s” (`%s`, %s %u):\n",
                              T (draft, "The API plan's section", "Sekcja planu API"), context->auth_title,
                              spec_file (draft), T (draft, "line", "linia"), context->auth_line);
      for (guint j = 0; j < context->auth->len; j++)
        g_string_append_printf (draft->out, "  > %s\n", (const char *) g_ptr_array_index (context->auth, j));
    }
  for (guint i = 0; i < draft->targets->len; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i);

      target_heading (draft, target);
      write_auth (draft, target);
      if (strchr (target->endpoint->path, '{') != NULL)
        g_string_append_printf (draft->out, "- `%s`: %s ", target->key,
                                T (draft, "check that the signed-in user owns the row of",
                                   "sprawdź, czy zalogowany użytkownik jest właścicielem wiersza w"));
      if (strchr (target->endpoint->path, '{') != NULL)
        {
          append_tables (draft, target);
          g_string_append_printf (draft->out, "%s\n", draft->context->supabase
                                  ? T (draft, " (RLS and `context.locals.supabase`, never a user id from the request).",
                                       " (RLS i `context.locals.supabase`, nigdy identyfikator użytkownika z żądania).")
                                  : ".");
        }
    }
}

static void
write_added_error (Draft      *draft,
                   Target     *target,
                   guint       code,
                   const char *why)
{
  if (!pw_draft_facts_has_status (target->facts, code))
    g_string_append_printf (draft->out, "- `%u` (`%s`): %s\n", code, target->key, why);
}

static void
write_errors (Draft *draft)
{
  for (guint i = 0; i < draft->targets->len; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i);

      target_heading (draft, target);
      write_statuses (draft, target, 400, 600);
      if (needs_auth (draft, target))
        write_added_error (draft, target, 401,
                           T (draft, "no valid session; not in the section's list, added because the API plan requires authentication",
                              "brak ważnej sesji; nie ma go w sekcji, dodany, bo plan API wymaga uwierzytelnienia"));
      if (strchr (target->endpoint->path, '{') != NULL)
        write_added_error (draft, target, 404,
                           T (draft, "no such row for this user; not in the section's list, added for the path parameter",
                              "brak takiego wiersza dla użytkownika; nie ma go w sekcji, dodany ze względu na parametr ścieżki"));
      write_added_error (draft, target, 500,
                         T (draft, "unexpected failure, logged with the endpoint and no personal data",
                            "nieoczekiwany błąd, logowany z nazwą punktu końcowego, bez danych osobowych"));
    }
}

/* The query parameters that filter or sort on a column: not the
 * paging and ordering ones, which say how, not on what. */
static void
append_filter_names (Draft  *draft,
                     Target *target)
{
  static const char * const paging[] = {
    "page", "limit", "offset", "per_page", "page_size", "pageSize", "cursor", "order", "sort",
    "sort_by", "sortBy", "direction", NULL
  };
  guint n = 0;

  for (guint j = 0; j < target->facts->fields->len; j++)
    {
      PwDraftField *field = g_ptr_array_index (target->facts->fields, j);

      if (field->place == PW_DRAFT_PLACE_QUERY && !g_strv_contains (paging, field->name))
        g_string_append_printf (draft->out, "%s`%s`", n++ > 0 ? ", " : ": ", field->name);
    }
  if (n == 0)
    g_string_append (draft->out, T (draft, ": the sort column", ": kolumna sortowania"));
}

static void
write_performance (Draft *draft)
{
  for (guint i = 0; i < draft->targets->len; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i);
      guint query = pw_draft_facts_count (target->facts, PW_DRAFT_PLACE_QUERY);

      target_heading (draft, target);
      g_string_append_printf (draft->out, "- `%s`: %s `%s` ", target->key,
                              T (draft, "select only the columns of", "pobieraj tylko kolumny"),
                              target->output_type);
      g_string_append (draft->out, T (draft, "from ", "z "));
      append_tables (draft, target);
      g_string_append (draft->out, ".\n");
      if (query > 0)
        {
          g_string_append_printf (draft->out, "- `%s`: %s", target->key,
                                  T (draft, "index the columns its query parameters filter or sort on",
                                     "zindeksuj kolumny filtrowane lub sortowane przez parametry zapytania"));
          append_filter_names (draft, target);
          g_string_append (draft->out, ".\n");
        }
    }
}

static void
step_validation (Draft  *draft,
                 Target *target,
                 guint  *step)
{
  static const PwDraftPlace places[] = {
    PW_DRAFT_PLACE_PATH, PW_DRAFT_PLACE_QUERY, PW_DRAFT_PLACE_HEADER, PW_DRAFT_PLACE_BODY
  };
  const char *names_en[] = { "path parameters of", "query parameters of", "headers of", "body of" };
  const char *names_pl[] = { "parametry ścieżki", "parametry zapytania", "nagłówki", "treść" };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      if (pw_draft_facts_count (target->facts, places[i]) == 0)
        continue;
      g_string_append_printf (draft->out, "%u. %s %s `%s`", (*step)++,
                              T (draft, "Validate the", "Zwaliduj"), T (draft, names_en[i], names_pl[i]),
                              target->key);
      if (target->schema != NULL)
        g_string_append_printf (draft->out, " %s `%s`", draft->context->stack == PW_DRAFT_STACK_FASTAPI
                                ? T (draft, "with a Pydantic model in", "modelem Pydantic w")
                                : draft->context->zod ? T (draft, "with a Zod schema in", "schematem Zod w")
                                : T (draft, "in", "w"), target->schema);
      append_names (draft, target, places[i], TRUE);
      g_string_append (draft->out, ".\n");
    }
}

static gboolean
calls_outside (Target *target)
{
  return g_regex_match_simple ("openrouter|openai|\\bllm\\b|\\bai\\b|model|edge function|stripe|"
                               "webhook|e-?mail|smtp|external|zewnętrz|storage|upload",
                               target->section, G_REGEX_CASELESS, 0);
}

static void
step_service (Draft  *draft,
              Target *target,
              guint  *step)
{
  g_string_append_printf (draft->out, "%u. ", (*step)++);
  if (target->service != NULL)
    g_string_append_printf (draft->out, "%s `%s` %s `%s`, %s ", T (draft, "In", "W"), target->service,
                            T (draft, "add the operation for", "dodaj operację dla"), target->key,
                            T (draft, "which", "która"));
  else
    g_string_append_printf (draft->out, "%s `%s` ", T (draft, "The service for", "Serwis dla"), target->key);
  g_string_append (draft->out, operation (draft, target->endpoint->method, target->endpoint->path));
  g_string_append_c (draft->out, ' ');
  append_tables (draft, target);
  if (draft->context->stack == PW_DRAFT_STACK_DOTNET)
    g_string_append (draft->out, T (draft, " through the EF Core `DbContext`", " przez `DbContext` EF Core"));
  g_string_append (draft->out, ".\n");
  if (calls_outside (target))
    g_string_append_printf (draft->out, "%u. %s `%s` (%s %u) %s%s%s, %s.\n", (*step)++,
                            T (draft, "Call the external service the section of", "Wywołaj zewnętrzną usługę, którą sekcja"),
                            target->key, T (draft, "line", "linia"), target->endpoint->line,
                            T (draft, "names", "wskazuje"),
                            target->service != NULL ? T (draft, " from ", " z ") : "",
                            target->service != NULL ? target->service : "",
                            T (draft, "with a timeout, mapping its failures to 5xx", "z limitem czasu, mapując jej błędy na 5xx"));
}

static void
step_handler (Draft  *draft,
              Target *target,
              guint  *step)
{
  PwDraftStack stack = draft->context->stack;

  g_string_append_printf (draft->out, "%u. ", (*step)++);
  if (stack == PW_DRAFT_STACK_ASTRO)
    g_string_append_printf (draft->out, "%s `%s` %s `export const prerender = false` %s `%s` %s `context.locals.supabase`.\n",
                            T (draft, "Create", "Utwórz"), target->handler, T (draft, "with", "z"),
                            T (draft, "and the", "i handlerem"), target->endpoint->method,
                            T (draft, "handler using", "używającym"));
  else if (stack == PW_DRAFT_STACK_FASTAPI)
    g_string_append_printf (draft->out, "%s `@router.%s(\"%s\")` %s `%s`, %s `%s`.\n",
                            T (draft, "Add", "Dodaj"), target->endpoint->method, target->endpoint->path,
                            T (draft, "to", "do"), target->handler,
                            T (draft, "returning", "zwracający"), target->output_type);
  else if (target->handler != NULL)
    g_string_append_printf (draft->out, "%s `%s` %s `%s`.\n", T (draft, "Add the handler of", "Dodaj handler"),
                            target->key, T (draft, "in", "w"), target->handler);
  else
    g_string_append_printf (draft->out, "%s `%s` %s.\n", T (draft, "Add the route handler for", "Dodaj handler trasy dla"),
                            target->key, T (draft, "where the project keeps its routes", "tam, gdzie projekt trzyma trasy"));
}

/* One step per error branch: the spec's own, then the ones the path and
 * the authentication rules add. */
static void
step_errors (Draft  *draft,
             Target *target,
             guint  *step)
{
  const char *where = target->handler != NULL ? target->handler : target->key;

  for (guint i = 0; i < target->facts->statuses->len; i++)
    {
      PwDraftStatus *status = g_ptr_array_index (target->facts->statuses, i);

      if (status->code < 400 || status->code >= 500)
        continue;
      g_string_append_printf (draft->out, "%u. %s `%u` %s `%s` %s: %s.\n", (*step)++,
                              T (draft, "Return", "Zwróć"), status->code, T (draft, "from", "z"), where,
                              T (draft, "when", "gdy"),
                              status->reason != NULL && *status->reason != '\0' ? status->reason
                              : T (draft, "the section gives no reason; see its quote", "sekcja nie podaje powodu; zob. cytat"));
    }
  if (needs_auth (draft, target) && !pw_draft_facts_has_status (target->facts, 401))
    g_string_append_printf (draft->out, "%u. %s `401` %s `%s` %s.\n", (*step)++, T (draft, "Return", "Zwróć"),
                            T (draft, "from", "z"), where,
                            T (draft, "when there is no valid session", "przy braku ważnej sesji"));
  if (strchr (target->endpoint->path, '{') != NULL && !pw_draft_facts_has_status (target->facts, 404))
    g_string_append_printf (draft->out, "%u. %s `404` %s `%s` %s.\n", (*step)++, T (draft, "Return", "Zwróć"),
                            T (draft, "from", "z"), where,
                            T (draft, "when the row does not exist or belongs to another user",
                               "gdy wiersz nie istnieje lub należy do innego użytkownika"));
}

static void
step_types (Draft *draft,
            guint *step)
{
  const char *file = pw_draft_types_file (draft->context);

  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_string_append_printf (draft->out, "%u. %s", (*step)++, T (draft, "Define", "Zdefiniuj"));
  for (guint i = 0; i < draft->targets->len * 2; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i / 2);
      const char *name = i % 2 == 0 ? target->input_type : target->output_type;

      if (g_hash_table_add (seen, (gpointer) name))
        g_string_append_printf (draft->out, "%s`%s`", g_hash_table_size (seen) > 1 ? ", " : " ", name);
    }
  if (file != NULL)
    g_string_append_printf (draft->out, " %s `%s`", T (draft, "in", "w"), file);
  g_string_append (draft->out, ".\n");
}

static void
step_tests (Draft  *draft,
            Target *target,
            guint  *step)
{
  g_string_append_printf (draft->out, "%u. %s `%s`", (*step)++, T (draft, "Test", "Przetestuj"), target->key);
  if (target->tests != NULL)
    g_string_append_printf (draft->out, " %s `%s`", T (draft, "in", "w"), target->tests);
  g_string_append (draft->out, T (draft, ": the success case and", ": przypadek sukcesu i"));
  for (guint i = 0; i < target->facts->statuses->len; i++)
    {
      PwDraftStatus *status = g_ptr_array_index (target->facts->statuses, i);

      if (status->code >= 400)
        g_string_append_printf (draft->out, " `%u`", status->code);
    }
  g_string_append (draft->out, T (draft, " as the section lists them.\n", " z listy sekcji.\n"));
}

/* A feature's steps: one per item of the PRD section that matches it. */
static void
write_feature_steps (Draft *draft)
{
  g_autofree char *prd = pw_draft_prd_section (draft->input->prd, draft->input->feature);
  g_auto(GStrv) lines = g_strsplit (prd != NULL ? prd : "", "\n", -1);
  const char *types = pw_draft_types_file (draft->context);
  guint step = 1;

  for (guint i = 0; lines[i] != NULL && step <= 12; i++)
    {
      const char *line = lines[i] + strspn (lines[i], " ");

      if ((line[0] == '-' || line[0] == '*') && line[1] == ' ')
        g_string_append_printf (draft->out, "%u. %s: %s\n", step++,
                                T (draft, "Implement what the PRD asks", "Zaimplementuj wymaganie PRD"),
                                line + 2);
    }
  if (types != NULL)
    g_string_append_printf (draft->out, "%u. %s `%s` %s “%s”.\n", step++,
                            T (draft, "Add to", "Dodaj do"), types,
                            T (draft, "the types of", "typy funkcji"), draft->input->feature);
  g_string_append_printf (draft->out, "%u. %s “%s”%s.\n", step++,
                          T (draft, "Test each requirement of", "Przetestuj każde wymaganie"),
                          draft->input->feature,
                          prd == NULL ? T (draft, " (the offline extraction found no matching PRD section)",
                                           " (ekstrakcja offline nie znalazła pasującej sekcji PRD)") : "");
}

static void
write_steps (Draft *draft)
{
  guint step = 1;

  if (draft->targets->len == 0)
    {
      write_feature_steps (draft);
      return;
    }
  step_types (draft, &step);
  for (guint i = 0; i < draft->targets->len; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i);

      step_validation (draft, target, &step);
      step_service (draft, target, &step);
      step_handler (draft, target, &step);
      step_errors (draft, target, &step);
      step_tests (draft, target, &step);
    }
}

static void
write_overview (Draft *draft)
{
  g_autofree char *prd = NULL;

  for (guint i = 0; i < draft->targets->len; i++)
    {
      Target *target = g_ptr_array_index (draft->targets, i);
      const char *title = target->endpoint->title;

      g_string_append_printf (draft->out, "- `%s`%s%s (`%s`, %s %u)\n", target->key,
                              title != NULL && *title != '\0' && strstr (target->key, title) == NULL ? ": " : "",
                              title != NULL && strstr (target->key, title) == NULL ? title : "",
                              spec_file (draft), T (draft, "line", "linia"), target->endpoint->line);
    }
  if (draft->context->stack_names != NULL)
    g_string_append_printf (draft->out, "\n%s: %s.\n", T (draft, "Tech stack", "Stos technologiczny"),
                            draft->context->stack_names);
  if (draft->targets->len > 0 || draft->input->feature == NULL)
    return;
  prd = pw_draft_prd_section (draft->input->prd, draft->input->feature);
  g_string_append_printf (draft->out, "\n%s “%s”.\n", T (draft, "Implement the feature", "Zaimplementuj funkcję"),
                          draft->input->feature);
  if (prd != NULL)
    g_string_append_printf (draft->out, "\n%s:\n\n````markdown\n%s\n````\n",
                            T (draft, "The PRD section that matches it, verbatim", "Pasująca sekcja PRD, dosłownie"), prd);
  else
    g_string_append (draft->out, T (draft, "\nThe offline extraction found no PRD section that matches it.\n",
                                    "\nEkstrakcja offline nie znalazła pasującej sekcji PRD.\n"));
}

static void
write_other (Draft       *draft,
             const char  *name)
{
  g_string_append_printf (draft->out, "%s “%s” %s.\n",
                          T (draft, "The offline draft has nothing specific for", "Szkic offline nie ma nic konkretnego dla"),
                          draft->targets->len > 0 ? ((Target *) g_ptr_array_index (draft->targets, 0))->key
                                                  : draft->input->feature != NULL ? draft->input->feature : "",
                          T (draft, "in this section; fill it in", "w tej sekcji; uzupełnij ją"));
  (void) name;
}

typedef void (*SectionWriter) (Draft *draft);

/* Indexed by SectionKind. */
static const SectionWriter section_writers[] = {
  [KIND_OVERVIEW] = write_overview,
  [KIND_INPUTS] = write_inputs,
  [KIND_TYPES] = write_types,
  [KIND_OUTPUTS] = write_outputs,
  [KIND_FLOW] = write_flow,
  [KIND_SECURITY] = write_security,
  [KIND_ERRORS] = write_errors,
  [KIND_PERFORMANCE] = write_performance,
  [KIND_STEPS] = write_steps,
  [KIND_OTHER] = NULL,
};

static const char *
heading_name (Draft      *draft,
              const char *name)
{
  for (guint i = 0; draft->pl && i < G_N_ELEMENTS (polish_headings); i++)
    {
      if (g_str_equal (polish_headings[i][0], name))
        return polish_headings[i][1];
    }
  return name;
}

static void
write_section (Draft      *draft,
               guint       number,
               const char *name)
{
  SectionKind kind = classify_section (name);

  g_string_append_printf (draft->out, "\n## %u. %s\n\n", number, heading_name (draft, name));
  if (section_writers[kind] == NULL ||
      (draft->targets->len == 0 && kind != KIND_OVERVIEW && kind != KIND_STEPS))
    write_other (draft, name);
  else
    section_writers[kind] (draft);
}

static void
write_title (Draft *draft)
{
  g_string_append (draft->out, "<!-- Offline draft: written by Planwright without a language model, "
                               "from the repository's own documents. Review before use. -->\n\n");
  if (draft->targets->len == 0)
    {
      g_string_append_printf (draft->out, "# %s: %s\n", T (draft, "Implementation Plan", "Plan implementacji"),
                              draft->input->feature != NULL ? draft->input->feature : "feature");
      return;
    }
  g_string_append_printf (draft->out, "# %s: ", T (draft, "API Endpoint Implementation Plan",
                                                   "Plan implementacji punktu końcowego API"));
  for (guint i = 0; i < draft->targets->len; i++)
    g_string_append_printf (draft->out, "%s%s", i > 0 ? ", " : "",
                            ((Target *) g_ptr_array_index (draft->targets, i))->key);
  g_string_append_c (draft->out, '\n');
}

/**
 * pw_draft_plan_build:
 * @input: what the draft is built from
 *
 * Builds the offline draft plan.  The same input always gives the same
 * text.
 *
 * Returns: (transfer full): the plan in Markdown
 */
char *
pw_draft_plan_build (const PwDraftInput *input)
{
  g_autoptr(PwDraftContext) context = pw_draft_context_new (input);
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) target_free);
  const char * const *sections = input->sections;
  Draft draft = { input, context, targets, g_string_new (NULL), context->polish,
                  input->openapi_tree != NULL ? json_node_ref (input->openapi_tree) : NULL };

  for (guint i = 0; input->endpoints != NULL && i < input->endpoints->len; i++)
    g_ptr_array_add (targets, target_new (&draft, g_ptr_array_index (input->endpoints, i)));
  if (sections == NULL || sections[0] == NULL)
    sections = default_sections;

  write_title (&draft);
  for (guint i = 0; sections[i] != NULL; i++)
    write_section (&draft, i + 1, sections[i]);
  g_clear_pointer (&draft.openapi, json_node_unref);
  return g_string_free (draft.out, FALSE);
}
