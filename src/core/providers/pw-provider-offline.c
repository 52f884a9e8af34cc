/* pw-provider-offline.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-provider-offline"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-endpoints.h"
#include "pw-generation-private.h"
#include "pw-provider-offline.h"

/* The offline draft planner: no network, no model.  It builds a
 * deterministic plan from the template's sections and from what the
 * repository itself says about the chosen endpoint: its own section of
 * the API spec (method, path, parameters, request and response fields,
 * status codes, authentication), the tables of the database plan that
 * the section names, and the tech stack.  The result is a starting point
 * a person fills in, and its first line says so.
 */

#define OFFLINE_MODEL "offline-draft"

struct _PwProviderOffline
{
  GObject            parent_instance;
  PwProviderOptions *options;
};

static void provider_iface_init (PwProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwProviderOffline, pw_provider_offline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PW_TYPE_PROVIDER, provider_iface_init))

/* Sections a plan has when the template names none: the seed prompt's. */
static const char * const default_sections[] = {
  "Endpoint Overview", "Request Details", "Used Types", "Response Details", "Data Flow",
  "Security Considerations", "Error Handling", "Performance", "Implementation Steps", NULL
};

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

static const guint known_status_codes[] = {
  200, 201, 202, 204, 301, 302, 304, 400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 429,
  500, 502, 503
};

typedef struct
{
  PwGeneration *generation;
  char         *title;          /* "GET /api/items/{id}" or the feature */
  char         *section;        /* the endpoint's own spec section */
  GPtrArray    *path_params;
  GPtrArray    *query_params;
  GPtrArray    *request_fields;
  GPtrArray    *response_fields;
  GArray       *status_codes;
  GPtrArray    *auth_lines;
  GPtrArray    *tables;
  char         *stack;          /* a short tech-stack summary */
  gboolean      validation_zod;
  gboolean      astro;
  gboolean      supabase;
} Draft;

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return (int) *(const guint *) a - (int) *(const guint *) b;
}

static void
draft_clear (Draft *draft)
{
  g_free (draft->title);
  g_free (draft->section);
  g_ptr_array_unref (draft->path_params);
  g_ptr_array_unref (draft->query_params);
  g_ptr_array_unref (draft->request_fields);
  g_ptr_array_unref (draft->response_fields);
  g_array_unref (draft->status_codes);
  g_ptr_array_unref (draft->auth_lines);
  g_ptr_array_unref (draft->tables);
  g_free (draft->stack);
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

static void
add_unique (GPtrArray  *array,
            const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  for (guint i = 0; i < array->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (array, i), value))
        return;
    }
  g_ptr_array_add (array, g_strdup (value));
}

static gboolean
line_mentions (const char *lower_line,
               const char *words)
{
  g_auto(GStrv) list = g_strsplit (words, "|", -1);

  for (guint i = 0; list[i] != NULL; i++)
    {
      if (strstr (lower_line, list[i]) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Collects the keys of a JSON example, even one with comments or "…"
 * that a JSON parser would refuse: every "name": at the top two levels. */
static void
collect_json_keys (const char *block,
                   GPtrArray  *fields)
{
  g_autoptr(GRegex) regex = g_regex_new ("\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*:", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, block, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      add_unique (fields, name);
      g_match_info_next (match, NULL);
    }
}

/* Keeps each known status code the line names, once. */
static void
collect_status_codes (Draft      *draft,
                      GRegex     *code_regex,
                      const char *line)
{
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (code_regex, line, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *digits = g_match_info_fetch (match, 1);
      guint code = (guint) g_ascii_strtoull (digits, NULL, 10);
      gboolean seen = FALSE;

      for (guint k = 0; k < draft->status_codes->len; k++)
        seen |= g_array_index (draft->status_codes, guint, k) == code;
      for (guint k = 0; !seen && k < G_N_ELEMENTS (known_status_codes); k++)
        {
          if (known_status_codes[k] == code)
            {
              g_array_append_val (draft->status_codes, code);
              break;
            }
        }
      g_match_info_next (match, NULL);
    }
}

/* Keeps a line about tokens or sessions as an auth note. */
static void
collect_auth_line (Draft      *draft,
                   const char *lower,
                   const char *trimmed)
{
  g_autofree char *note = NULL;

  if (!line_mentions (lower, "auth|token|jwt|bearer|session|sesj|zalogowan|uwierzyteln|rls|"
                             "autoryzac|login"))
    return;

  note = g_strstrip (g_strdup (trimmed));
  if (strlen (note) > 2 && strlen (note) < 300)
    add_unique (draft->auth_lines, note);
}

/* Follows the headings and labels outside fences: whether a JSON example
 * belongs to the response, and whether bullets name parameters. */
static void
follow_labels (const char *lower,
               const char *trimmed,
               gboolean   *in_response,
               gboolean   *in_params)
{
  if (line_mentions (lower, "response|odpowied|returns|zwraca|success"))
    *in_response = TRUE;
  if (line_mentions (lower, "request body|request:|payload|body:|ciało żądania|treść żądania"))
    *in_response = FALSE;
  if (line_mentions (lower, "param|query|filtr"))
    *in_params = TRUE;
  else if (trimmed[0] == '#' || (trimmed[0] != '-' && trimmed[0] != '*' && *trimmed != '\0'))
    *in_params = FALSE;
}

static void
collect_param_name (Draft      *draft,
                    GRegex     *name_regex,
                    const char *line)
{
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (name_regex, line, 0, &match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      add_unique (draft->query_params, name);
    }
}

/* Reads the endpoint's section line by line: fenced JSON examples go to
 * the request or the response depending on the last heading or label
 * seen, bullets with a `name` under a parameters label become query
 * parameters, and lines about tokens or sessions are auth notes. */
static void
scan_section (Draft *draft)
{
  g_auto(GStrv) lines = g_strsplit (draft->section, "\n", -1);
  g_autoptr(GString) block = g_string_new (NULL);
  g_autoptr(GRegex) code_regex = g_regex_new ("\\b([1-5][0-9][0-9])\\b", 0, 0, NULL);
  g_autoptr(GRegex) name_regex = g_regex_new ("^\\s*[-*+]\\s+`?([A-Za-z_][A-Za-z0-9_.\\[\\]]*)`?"
                                              "\\s*(\\(|:|–|-|—)", 0, 0, NULL);
  gboolean in_fence = FALSE;
  gboolean in_response = FALSE;
  gboolean in_params = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (lines[i], -1);
      const char *trimmed = lines[i] + strspn (lines[i], " \t");

      if (g_str_has_prefix (trimmed, "```") || g_str_has_prefix (trimmed, "~~~"))
        {
          if (in_fence)
            collect_json_keys (block->str, in_response ? draft->response_fields
                                                       : draft->request_fields);
          g_string_truncate (block, 0);
          in_fence = !in_fence;
          continue;
        }
      if (in_fence)
        {
          g_string_append (block, lines[i]);
          g_string_append_c (block, '\n');
          continue;
        }

      follow_labels (lower, trimmed, &in_response, &in_params);
      if (in_params)
        collect_param_name (draft, name_regex, lines[i]);
      collect_auth_line (draft, lower, trimmed);
      collect_status_codes (draft, code_regex, lines[i]);
    }
}

/* Table names from the database plan: "CREATE TABLE x", or headings that
 * are a single identifier such as "### flashcards" or "#### `users`". */
static void
collect_tables (Draft      *draft,
                const char *db_plan)
{
  g_autoptr(GRegex) create = g_regex_new ("create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?"
                                          "(?:[a-z_]+\\.)?\"?([a-z_][a-z0-9_]*)",
                                          G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GRegex) heading = g_regex_new ("^#{2,4}\\s+(?:[0-9.]+\\s*)?`?([a-z_][a-z0-9_]*)`?\\s*$",
                                           G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *lower_section = NULL;

  if (db_plan == NULL)
    return;

  g_regex_match (create, db_plan, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      add_unique (all, name);
      g_match_info_next (match, NULL);
    }
  g_clear_pointer (&match, g_match_info_unref);
  g_regex_match (heading, db_plan, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      add_unique (all, name);
      g_match_info_next (match, NULL);
    }

  /* Keep the tables this endpoint's section or path names. */
  lower_section = g_utf8_strdown (draft->section, -1);
  for (guint i = 0; i < all->len; i++)
    {
      const char *name = g_ptr_array_index (all, i);
      g_autofree char *singular = NULL;

      if (strlen (name) < 3)
        continue;
      singular = g_str_has_suffix (name, "s") ? g_strndup (name, strlen (name) - 1) : g_strdup (name);
      if (strstr (lower_section, name) != NULL || strstr (lower_section, singular) != NULL ||
          (draft->title != NULL && strstr (draft->title, singular) != NULL))
        add_unique (draft->tables, name);
    }
}

static void
read_stack (Draft      *draft,
            const char *tech_stack)
{
  g_autofree char *lower = NULL;
  g_autoptr(GString) stack = g_string_new (NULL);
  static const char * const names[] = {
    "Astro", "Next.js", "React", "Vue", "Angular", "Svelte", "TypeScript", "Supabase",
    "PostgreSQL", "Node.js", "Express", "NestJS", ".NET", "Spring", "Django", "FastAPI",
    "Flask", "Laravel", "Prisma", "Zod", "Firebase", "Go", NULL
  };

  if (tech_stack == NULL)
    return;

  lower = g_utf8_strdown (tech_stack, -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *needle = g_utf8_strdown (names[i], -1);

      /* "Go" alone is too common a word to match in prose. */
      if (g_str_equal (names[i], "Go") && strstr (tech_stack, "Go ") == NULL)
        continue;
      if (strstr (lower, needle) != NULL)
        {
          if (stack->len > 0)
            g_string_append (stack, ", ");
          g_string_append (stack, names[i]);
        }
    }

  draft->validation_zod = strstr (lower, "zod") != NULL;
  draft->astro = strstr (lower, "astro") != NULL;
  draft->supabase = strstr (lower, "supabase") != NULL;
  if (stack->len > 0)
    draft->stack = g_string_free (g_steal_pointer (&stack), FALSE);
}

static char *
type_name (Draft      *draft,
           const char *suffix)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const PwEndpoint *endpoint = pw_generation_get_endpoint (draft->generation);
  const char *source = endpoint != NULL ? endpoint->path : draft->title;
  gboolean upper = TRUE;

  /* "/api/flashcards/{id}" → "Flashcards"; the method gives the verb. */
  for (const char *p = source; p != NULL && *p != '\0'; p++)
    {
      if (*p == '{')
        {
          p = strchr (p, '}');
          if (p == NULL)
            break;
          continue;
        }
      if (g_ascii_isalnum (*p))
        {
          g_string_append_c (name, upper ? g_ascii_toupper (*p) : *p);
          upper = FALSE;
        }
      else
        upper = TRUE;
    }
  if (g_str_has_prefix (name->str, "Api"))
    g_string_erase (name, 0, 3);
  if (g_str_has_prefix (name->str, "V1"))
    g_string_erase (name, 0, 2);
  if (name->len == 0)
    g_string_append (name, "Feature");
  g_string_append (name, suffix);

  return g_string_free (g_steal_pointer (&name), FALSE);
}

static const char *
status_meaning (guint code)
{
  switch (code)
    {
    case 200: return "OK: the resource or list is returned";
    case 201: return "Created: the new resource is returned";
    case 202: return "Accepted: the work was queued";
    case 204: return "No Content: done, nothing to return";
    case 400: return "Bad Request: the input failed validation";
    case 401: return "Unauthorized: no valid session or token";
    case 403: return "Forbidden: the user may not touch this resource";
    case 404: return "Not Found: no such resource for this user";
    case 409: return "Conflict: the change clashes with existing data";
    case 422: return "Unprocessable Entity: valid JSON, invalid values";
    case 429: return "Too Many Requests: rate limit reached";
    case 500: return "Internal Server Error: unexpected failure, logged";
    case 503: return "Service Unavailable: a dependency is down";
    default: return "as described in the API plan";
    }
}

/* One bullet per item, "  - `item`" + @suffix, or @none when there are none. */
static void
append_items (GString    *out,
              GPtrArray  *items,
              const char *suffix,
              const char *none)
{
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (out, "  - `%s`%s\n", (const char *) g_ptr_array_index (items, i),
                            suffix);
  if (items->len == 0)
    g_string_append (out, none);
}

/* "`a`, `b`, `c`" */
static void
append_table_names (GString   *out,
                    GPtrArray *tables)
{
  for (guint i = 0; i < tables->len; i++)
    g_string_append_printf (out, "%s`%s`", i > 0 ? ", " : "",
                            (const char *) g_ptr_array_index (tables, i));
}

/* One "@prefix<code> <meaning>" line per status code from @low up to
 * but not including @high, leaving out @skip. */
static void
append_codes (GString    *out,
              GArray     *codes,
              const char *prefix,
              guint       low,
              guint       high,
              guint       skip)
{
  for (guint i = 0; i < codes->len; i++)
    {
      guint code = g_array_index (codes, guint, i);

      if (code >= low && code < high && code != skip)
        g_string_append_printf (out, "%s%u %s\n", prefix, code, status_meaning (code));
    }
}

static void
write_overview (Draft   *draft,
                GString *out)
{
  const PwEndpoint *endpoint = pw_generation_get_endpoint (draft->generation);

  g_string_append_printf (out, "Implement `%s`", draft->title);
  if (endpoint != NULL && endpoint->title != NULL && *endpoint->title != '\0')
    g_string_append_printf (out, " (%s)", endpoint->title);
  g_string_append (out, " as the API plan describes it");
  if (endpoint != NULL && endpoint->file != NULL)
    g_string_append_printf (out, " in `%s`, line %u", endpoint->file, endpoint->line);
  g_string_append (out, ".\n");
  if (draft->stack != NULL)
    g_string_append_printf (out, "\nTech stack: %s.\n", draft->stack);
}

static void
write_inputs (Draft   *draft,
              GString *out)
{
  const PwEndpoint *endpoint = pw_generation_get_endpoint (draft->generation);

  if (endpoint != NULL && endpoint->method != NULL)
    g_string_append_printf (out, "- Method: `%s`\n- Path: `%s`\n", endpoint->method,
                            endpoint->path);
  g_string_append (out, "- Path parameters:\n");
  append_items (out, draft->path_params, " (required)", "  - none\n");
  g_string_append (out, "- Query parameters:\n");
  append_items (out, draft->query_params, " (optional unless the spec says otherwise)",
                "  - none named in the spec\n");
  g_string_append (out, "- Request body fields:\n");
  append_items (out, draft->request_fields, "", "  - none\n");
}

static void
write_types (Draft   *draft,
             GString *out)
{
  g_autofree char *command = type_name (draft, "Command");
  g_autofree char *dto = type_name (draft, "Dto");

  g_string_append_printf (out, "- `%s`: the validated input (%u fields)\n", command,
                          draft->request_fields->len + draft->query_params->len +
                          draft->path_params->len);
  g_string_append_printf (out, "- `%s`: the response shape (%u fields)\n", dto,
                          draft->response_fields->len);
  for (guint i = 0; i < draft->tables->len; i++)
    g_string_append_printf (out, "- the row type of table `%s`\n",
                            (const char *) g_ptr_array_index (draft->tables, i));
}

static void
write_outputs (Draft   *draft,
               GString *out)
{
  g_string_append (out, "- Response fields:\n");
  append_items (out, draft->response_fields, "", "  - none named in the spec\n");
  g_string_append (out, "- Status codes:\n");
  append_codes (out, draft->status_codes, "  - ", 0, 300, 0);
}

static void
write_flow (Draft   *draft,
            GString *out)
{
  g_autofree char *command = type_name (draft, "Command");
  g_autofree char *dto = type_name (draft, "Dto");
  g_autofree char *service = type_name (draft, "Service");

  g_string_append_printf (out, "1. The route handler for `%s` parses and validates the "
                          "input into `%s`.\n", draft->title, command);
  g_string_append_printf (out, "2. It calls `%s`, which ", service);
  if (draft->tables->len > 0)
    {
      g_string_append (out, "works on the tables ");
      append_table_names (out, draft->tables);
    }
  else
    g_string_append (out, "reads or writes the data");
  g_string_append (out, ".\n");
  g_string_append_printf (out, "3. The handler maps the result to `%s` and the status code.\n",
                          dto);
}

static void
write_security (Draft   *draft,
                GString *out)
{
  for (guint i = 0; i < draft->auth_lines->len; i++)
    {
      const char *note = g_ptr_array_index (draft->auth_lines, i);

      /* Quote the spec's own line, without its list marker. */
      note += strspn (note, "-*+ ");
      g_string_append_printf (out, "- The API plan says: %s\n", note);
    }
  if (draft->auth_lines->len == 0)
    g_string_append (out, "- The API plan says nothing about authentication for this "
                          "endpoint: decide and document it.\n");
  g_string_append (out, "- Validate every input before it reaches the database.\n");
  if (draft->supabase)
    g_string_append (out, "- Rely on Supabase row-level security and the session's user "
                          "id, never a user id from the request.\n");
}

static void
write_errors (Draft   *draft,
              GString *out)
{
  append_codes (out, draft->status_codes, "- ", 400, G_MAXUINT, 500);
  g_string_append (out, "- 500 for unexpected failures, logged with context and no "
                        "personal data\n");
}

static void
write_performance (Draft   *draft,
                   GString *out)
{
  g_string_append (out, "- Select only the columns the response needs.\n");
  if (draft->query_params->len > 0)
    g_string_append (out, "- Paginate and index the filtered columns.\n");
  for (guint i = 0; i < draft->tables->len; i++)
    g_string_append_printf (out, "- Check the indexes of `%s` for this query.\n",
                            (const char *) g_ptr_array_index (draft->tables, i));
}

static void
write_steps (Draft   *draft,
             GString *out)
{
  const PwEndpoint *endpoint = pw_generation_get_endpoint (draft->generation);
  g_autofree char *command = type_name (draft, "Command");
  g_autofree char *dto = type_name (draft, "Dto");
  g_autofree char *service = type_name (draft, "Service");
  guint step = 1;

  g_string_append_printf (out, "%u. Define `%s` and `%s` in the shared types, with the "
                          "fields listed above.\n", step++, command, dto);
  g_string_append_printf (out, "%u. Write the input validation%s for the path, query and "
                          "body fields.\n", step++,
                          draft->validation_zod ? " as a Zod schema" : "");
  g_string_append_printf (out, "%u. Implement `%s`", step++, service);
  if (draft->tables->len > 0)
    {
      g_string_append (out, " against ");
      append_table_names (out, draft->tables);
    }
  g_string_append (out, ".\n");
  if (endpoint != NULL && endpoint->method != NULL)
    g_string_append_printf (out, "%u. Add the `%s` handler for `%s`%s.\n", step++,
                            endpoint->method, endpoint->path,
                            draft->astro ? " under `src/pages/api/`" : "");
  else
    g_string_append_printf (out, "%u. Wire the feature into its entry point.\n", step++);
  g_string_append_printf (out, "%u. Map errors to the status codes:", step++);
  for (guint i = 0; i < draft->status_codes->len; i++)
    g_string_append_printf (out, " %u", g_array_index (draft->status_codes, guint, i));
  if (draft->status_codes->len == 0)
    g_string_append (out, " 400, 401, 404, 500");
  g_string_append (out, ".\n");
  g_string_append_printf (out, "%u. Enforce authentication and ownership checks.\n", step++);
  g_string_append_printf (out, "%u. Write tests for success and each error status.\n", step++);
}

static void
write_other (Draft   *draft,
             GString *out)
{
  g_string_append (out, "To be completed: the offline draft has nothing specific for this "
                        "section.\n");
}

typedef void (*SectionWriter) (Draft   *draft,
                               GString *out);

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
  [KIND_OTHER] = write_other,
};

static void
write_section (Draft       *draft,
               GString     *out,
               guint        number,
               const char  *name)
{
  g_string_append_printf (out, "\n## %u. %s\n\n", number, name);
  section_writers[classify_section (name)] (draft, out);
}

/**
 * pw_offline_draft_build:
 * @generation: the generation with its template, target and documents
 *
 * Builds the offline draft plan.  The same inputs always give the same
 * text.
 *
 * Returns: (transfer full): the plan in Markdown
 */
char *
pw_offline_draft_build (PwGeneration *generation)
{
  const PwEndpoint *endpoint = pw_generation_get_endpoint (generation);
  const char *spec = pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_API_SPEC);
  const char * const *sections = pw_generation_get_sections (generation);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GRegex) param_regex = g_regex_new ("\\{([A-Za-z_][A-Za-z0-9_]*)\\}", 0, 0, NULL);
  Draft draft = { 0 };

  draft.generation = generation;
  draft.path_params = g_ptr_array_new_with_free_func (g_free);
  draft.query_params = g_ptr_array_new_with_free_func (g_free);
  draft.request_fields = g_ptr_array_new_with_free_func (g_free);
  draft.response_fields = g_ptr_array_new_with_free_func (g_free);
  draft.status_codes = g_array_new (FALSE, FALSE, sizeof (guint));
  draft.auth_lines = g_ptr_array_new_with_free_func (g_free);
  draft.tables = g_ptr_array_new_with_free_func (g_free);

  if (endpoint != NULL)
    {
      g_autoptr(GMatchInfo) match = NULL;

      draft.title = g_strdup_printf ("%s %s", endpoint->method, endpoint->path);
      if (spec != NULL && endpoint->section_end > endpoint->section_start &&
          endpoint->section_end <= strlen (spec))
        draft.section = g_strndup (spec + endpoint->section_start,
                                   endpoint->section_end - endpoint->section_start);
      g_regex_match (param_regex, endpoint->path, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);

          add_unique (draft.path_params, name);
          g_match_info_next (match, NULL);
        }
    }
  else
    {
      const char *feature = pw_generation_get_feature (generation);

      draft.title = g_strdup (feature != NULL ? feature : "feature");
    }
  if (draft.section == NULL)
    draft.section = g_strdup ("");

  scan_section (&draft);
  g_array_sort (draft.status_codes, compare_codes);
  collect_tables (&draft, pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_DB_PLAN));
  read_stack (&draft, pw_generation_get_document_text (generation, PW_DOCUMENT_ROLE_TECH_STACK));

  g_string_append (out, "<!-- Offline draft: written by Planwright without a language model, "
                        "from the repository's own documents. Review before use. -->\n\n");
  if (endpoint != NULL)
    g_string_append_printf (out, "# API Endpoint Implementation Plan: %s\n", draft.title);
  else
    g_string_append_printf (out, "# Implementation Plan: %s\n", draft.title);

  if (sections == NULL || sections[0] == NULL)
    sections = default_sections;
  for (guint i = 0; sections[i] != NULL; i++)
    write_section (&draft, out, i + 1, sections[i]);

  draft_clear (&draft);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A conversation (a revision with notes) cannot be followed without a
 * model: the answer is the plan as the conversation holds it, unchanged,
 * so every note stays open, and a warning says so. */
static char *
offline_answer (PwGeneration *generation)
{
  for (guint i = pw_generation_get_n_turns (generation); i > 0; i--)
    {
      const PwTurn *turn = pw_generation_get_turn (generation, i - 1);

      if (turn->role == PW_TURN_ASSISTANT)
        {
          pw_generation_add_warning (generation,
                                     _("The offline planner cannot apply notes: the plan is "
                                       "unchanged and its notes stay open"));
          return g_strdup (turn->content);
        }
    }

  return pw_offline_draft_build (generation);
}

static void
offline_generate_async (PwProvider          *provider,
                        PwGeneration        *generation,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  g_autofree char *text = NULL;

  g_task_set_source_tag (task, offline_generate_async);
  g_task_set_check_cancellable (task, FALSE);

  pw_generation_begin (generation, OFFLINE_MODEL);
  pw_generation_set_state (generation, PW_GENERATION_STATE_CONNECTING);

  if (g_cancellable_is_cancelled (cancellable))
    {
      GError *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("The generation was cancelled"));

      pw_generation_finish (generation, PW_GENERATION_END_CANCELLED, error);
      g_task_return_error (task, error);
      return;
    }

  text = offline_answer (generation);
  pw_generation_append (generation, text, strlen (text));
  pw_generation_set_finish_reason (generation, "offline-draft");
  pw_generation_finish (generation, PW_GENERATION_END_COMPLETE, NULL);
  g_task_return_boolean (task, TRUE);
}

static gboolean
offline_generate_finish (PwProvider    *provider,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
offline_list_models_async (PwProvider          *provider,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  GStrv models = g_new0 (char *, 2);

  models[0] = g_strdup (OFFLINE_MODEL);
  g_task_return_pointer (task, models, (GDestroyNotify) g_strfreev);
}

static GStrv
offline_list_models_finish (PwProvider    *provider,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static PwProviderKind
offline_get_kind (PwProvider *provider)
{
  return PW_PROVIDER_KIND_OFFLINE;
}

static const PwProviderOptions *
offline_get_options (PwProvider *provider)
{
  return PW_PROVIDER_OFFLINE (provider)->options;
}

static void
provider_iface_init (PwProviderInterface *iface)
{
  iface->get_kind = offline_get_kind;
  iface->get_options = offline_get_options;
  iface->generate_async = offline_generate_async;
  iface->generate_finish = offline_generate_finish;
  iface->list_models_async = offline_list_models_async;
  iface->list_models_finish = offline_list_models_finish;
}

static void
pw_provider_offline_finalize (GObject *object)
{
  PwProviderOffline *self = PW_PROVIDER_OFFLINE (object);

  g_clear_pointer (&self->options, pw_provider_options_free);

  G_OBJECT_CLASS (pw_provider_offline_parent_class)->finalize (object);
}

static void
pw_provider_offline_class_init (PwProviderOfflineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_provider_offline_finalize;
}

static void
pw_provider_offline_init (PwProviderOffline *self)
{
}

/**
 * pw_provider_offline_new:
 * @options: (nullable): ignored but for the profile name
 *
 * Returns: (transfer full): the offline draft planner
 */
PwProvider *
pw_provider_offline_new (const PwProviderOptions *options)
{
  PwProviderOffline *self = g_object_new (PW_TYPE_PROVIDER_OFFLINE, NULL);

  self->options = options != NULL ? pw_provider_options_copy (options) : pw_provider_options_new ();
  if (self->options->profile_name == NULL)
    self->options->profile_name = g_strdup (_("Offline draft"));

  return PW_PROVIDER (self);
}
