/* pw-draft-context.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-draft-context"

#include "config.h"

#include <string.h>

#include "pw-draft-context.h"
#include "pw-md-sections.h"

/* What a repository says that shapes every offline draft: the backend
 * and its idioms (where types, services, handlers and tests live), the
 * language of its plans, the API plan's authentication section, the
 * tables its resources map to, and the type names it already uses.
 */

static void
add_unique (GPtrArray  *array,
            const char *value)
{
  for (guint i = 0; i < array->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (array, i), value))
        return;
    }
  g_ptr_array_add (array, g_strdup (value));
}

static void
read_stack (PwDraftContext *context,
            const char     *tech_stack,
            const char     *rules)
{
  static const struct { const char *word; const char *name; PwDraftStack stack; } stacks[] = {
    { "astro", "Astro", PW_DRAFT_STACK_ASTRO },
    { "next.js", "Next.js", PW_DRAFT_STACK_NEXT },
    { "nuxt", "Nuxt", PW_DRAFT_STACK_NUXT },
    { "nestjs", "NestJS", PW_DRAFT_STACK_NEST },
    { "express", "Express", PW_DRAFT_STACK_EXPRESS },
    { "fastapi", "FastAPI", PW_DRAFT_STACK_FASTAPI },
    { ".net", ".NET", PW_DRAFT_STACK_DOTNET },
    { "react", "React", PW_DRAFT_STACK_GENERIC },
    { "angular", "Angular", PW_DRAFT_STACK_GENERIC },
    { "typescript", "TypeScript", PW_DRAFT_STACK_GENERIC },
    { "supabase", "Supabase", PW_DRAFT_STACK_GENERIC },
    { "postgres", "PostgreSQL", PW_DRAFT_STACK_GENERIC },
    { "zod", "Zod", PW_DRAFT_STACK_GENERIC },
  };
  g_autofree char *lower = g_utf8_strdown (tech_stack != NULL ? tech_stack : "", -1);
  g_autofree char *lower_rules = g_utf8_strdown (rules != NULL ? rules : "", -1);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (stacks); i++)
    {
      if (strstr (lower, stacks[i].word) == NULL)
        continue;
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", stacks[i].name);
      if (context->stack == PW_DRAFT_STACK_GENERIC)
        context->stack = stacks[i].stack;
    }
  if (context->stack == PW_DRAFT_STACK_GENERIC && strstr (lower_rules, "src/pages/api") != NULL)
    context->stack = PW_DRAFT_STACK_ASTRO;
  context->supabase = strstr (lower, "supabase") != NULL || strstr (lower_rules, "supabase") != NULL;
  context->zod = strstr (lower, "zod") != NULL || strstr (lower_rules, "zod") != NULL ||
                 context->stack == PW_DRAFT_STACK_ASTRO;
  context->vitest = strstr (lower, "vitest") != NULL || strstr (lower_rules, "vitest") != NULL;
  if (names->len > 0)
    context->stack_names = g_string_free (g_steal_pointer (&names), FALSE);
}

/* Polish when Polish letters are frequent: plans, else the API plan and PRD. */
static gboolean
is_polish (const char *text)
{
  gsize letters = 0, polish = 0;

  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      letters += g_unichar_isalpha (c);
      polish += g_utf8_strchr ("ąęśćżźłńóĄĘŚĆŻŹŁŃÓ", -1, c) != NULL;
    }
  return letters > 200 && polish * 100 > letters;
}

static void
collect_matches (GPtrArray  *into,
                 const char *pattern,
                 const char *text,
                 GRegexCompileFlags flags)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, flags, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      if (strlen (name) > 2)
        add_unique (into, name);
      g_match_info_next (match, NULL);
    }
}

/* The API plan's first section about authentication: its title, line
 * and first lines, so a draft can cite it instead of claiming silence. */
static void
read_auth (PwDraftContext    *context,
           const char        *api_spec,
           const PwMdSection *section)
{
  g_autofree char *body = g_strndup (api_spec + section->body_start, section->end - section->body_start);
  g_auto(GStrv) lines = g_strsplit (body, "\n", -1);

  if (context->auth_title != NULL)
    return;
  context->auth_title = g_strdup (section->title);
  context->auth_line = section->line;
  for (guint i = 0; lines[i] != NULL && context->auth->len < 4; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (*line != '\0' && line[0] != '#')
        add_unique (context->auth, line);
    }
}

/* The tables a resources mapping names: a backticked name beside the
 * word "table", after an arrow, or alone in a table cell; not the
 * backticked column names around them. */
static void
read_resource_tables (PwDraftContext *context,
                      const char     *body)
{
  static const char * const patterns[] = {
    "`(?:[a-z_]+\\.)?([a-z_][a-z0-9_]*)`\\s+(?:table|tabel)",
    "(?:table|tabel\\w*)\\s*:?\\s*`(?:[a-z_]+\\.)?([a-z_][a-z0-9_]*)`",
    "(?:→|->|=>)\\s*`(?:[a-z_]+\\.)?([a-z_][a-z0-9_]*)`",
    "\\|\\s*`(?:[a-z_]+\\.)?([a-z_][a-z0-9_]*)`\\s*(?:\\([^)|]*\\)\\s*)?(?=\\|)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    collect_matches (context->tables, patterns[i], body, G_REGEX_CASELESS);
}

/* The API plan's global sections: authentication, the resources mapping
 * (its backticked names are the tables) and the validation rules. */
static void
read_global_sections (PwDraftContext *context,
                      const char     *api_spec)
{
  g_autoptr(GPtrArray) sections = NULL;
  g_autoptr(GString) validation = g_string_new (NULL);

  if (api_spec == NULL)
    return;
  sections = pw_api_plan_find_global_sections (api_spec, strlen (api_spec));
  for (guint i = 0; i < sections->len; i++)
    {
      const PwMdSection *section = g_ptr_array_index (sections, i);
      g_autofree char *body = g_strndup (api_spec + section->start, section->end - section->start);

      if (g_str_equal (section->kind, PW_MD_SECTION_KIND_AUTH))
        read_auth (context, api_spec, section);
      else if (g_str_equal (section->kind, PW_MD_SECTION_KIND_RESOURCES))
        read_resource_tables (context, body);
      else if (g_str_equal (section->kind, PW_MD_SECTION_KIND_VALIDATION))
        g_string_append (validation, body);
    }
  if (validation->len > 0)
    context->validation = g_string_free (g_steal_pointer (&validation), FALSE);
}

static void
read_tables (PwDraftContext *context,
             const char     *db_plan)
{
  if (db_plan == NULL)
    return;
  collect_matches (context->tables, "create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?"
                   "(?:[a-z_]+\\.)?\"?([a-z_][a-z0-9_]*)", db_plan, G_REGEX_CASELESS);
  collect_matches (context->tables, "^#{2,4}\\s+(?:[0-9.]+\\s*)?`?([a-z_][a-z0-9_]*)`?\\s*$",
                   db_plan, G_REGEX_MULTILINE);
}

PwDraftContext *
pw_draft_context_new (const PwDraftInput *input)
{
  PwDraftContext *context = g_new0 (PwDraftContext, 1);
  g_autofree char *prose = g_strconcat (input->api_spec != NULL ? input->api_spec : "",
                                        input->prd != NULL ? input->prd : "", NULL);

  context->auth = g_ptr_array_new_with_free_func (g_free);
  context->tables = g_ptr_array_new_with_free_func (g_free);
  context->names = g_ptr_array_new_with_free_func (g_free);
  read_stack (context, input->tech_stack, input->rules);
  context->polish = input->plans != NULL && *input->plans != '\0' ? is_polish (input->plans)
                                                                  : is_polish (prose);
  read_global_sections (context, input->api_spec);
  read_tables (context, input->db_plan);
  context->types_path = g_strdup (input->types != NULL ? input->types_path : NULL);
  if (input->types != NULL)
    collect_matches (context->names, "\\b([A-Z][A-Za-z0-9]*(?:Dto|DTO|Command|Response|Query|Request))\\b",
                     input->types, 0);
  if (input->plans != NULL)
    collect_matches (context->names, "\\b([A-Z][A-Za-z0-9]*(?:Dto|DTO|Command|Response|Query|Request))\\b",
                     input->plans, 0);
  return context;
}

void
pw_draft_context_free (PwDraftContext *context)
{
  if (context == NULL)
    return;
  g_free (context->stack_names);
  g_free (context->auth_title);
  g_free (context->validation);
  g_free (context->types_path);
  g_ptr_array_unref (context->auth);
  g_ptr_array_unref (context->tables);
  g_ptr_array_unref (context->names);
  g_free (context);
}

/* The path's words, without the api/version prefix and the parameters. */
static GPtrArray *
path_words (const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path != NULL ? path : "", "/", -1);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];

      if (*part == '\0' || *part == '{' || *part == ':' || g_str_equal (part, "api") ||
          g_str_equal (part, "rest") || g_regex_match_simple ("^v[0-9]+$", part, 0, 0))
        continue;
      g_ptr_array_add (words, g_strndup (part, strcspn (part, "?")));
    }
  return words;
}

static char *
singular (const char *word)
{
  gsize n = strlen (word);

  if (n > 3 && g_str_has_suffix (word, "ies"))
    return g_strdup_printf ("%.*sy", (int) n - 3, word);
  if (n > 3 && g_str_has_suffix (word, "s") && !g_str_has_suffix (word, "ss") &&
      !g_str_has_suffix (word, "us") && !g_str_has_suffix (word, "is"))
    return g_strndup (word, n - 1);
  return g_strdup (word);
}

static void
append_pascal (GString    *out,
               const char *word)
{
  gboolean upper = TRUE;

  for (const char *p = word; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p))
        {
          upper = TRUE;
          continue;
        }
      g_string_append_c (out, upper ? g_ascii_toupper (*p) : *p);
      upper = FALSE;
    }
}

/**
 * pw_draft_resource_name:
 * @path: an endpoint path
 *
 * Returns: (transfer full): "BookStatus" for "/api/books/{id}/status"
 */
char *
pw_draft_resource_name (const char *path)
{
  g_autoptr(GPtrArray) words = path_words (path);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      g_autofree char *one = singular (g_ptr_array_index (words, i));

      append_pascal (out, one);
    }
  if (out->len == 0)
    g_string_append (out, "Resource");
  return g_string_free (out, FALSE);
}

/**
 * pw_draft_resource_table:
 * @path: an endpoint path
 *
 * Returns: (transfer full): the table the path suggests when no plan maps
 *   it: "book_statuses" for "/api/book-statuses/{id}"
 */
char *
pw_draft_resource_table (const char *path)
{
  g_autoptr(GPtrArray) words = path_words (path);

  if (words->len == 0)
    return g_strdup ("resources");
  return g_strdelimit (g_strdup (g_ptr_array_index (words, 0)), "-", '_');
}

/**
 * pw_draft_resource_slug:
 * @path: an endpoint path
 *
 * Returns: (transfer full): the file stem of the resource: "book" for
 *   "/api/books/{id}/status"
 */
char *
pw_draft_resource_slug (const char *path)
{
  g_autoptr(GPtrArray) words = path_words (path);
  char *slug;

  if (words->len == 0)
    return g_strdup ("resource");
  slug = singular (g_ptr_array_index (words, 0));
  return g_strdelimit (slug, "_", '-');
}

/* The name the repository already uses for the same thing: the same
 * stem ("CreateBook", "BookList") with a suffix of the same family
 * ("CreateBookDTO" for "CreateBookCommand"), else the name itself. */
static char *
reuse_name (PwDraftContext *context,
            const char     *stem,
            const char     *suffix,
            gboolean        input)
{
  static const char * const inputs[] = { "Command", "Dto", "DTO", "Request", "Input", "Query", NULL };
  static const char * const outputs[] = { "Dto", "DTO", "ResponseDto", "ResponseDTO", "Response", NULL };
  const char * const *family = input ? inputs : outputs;
  gsize n = strlen (stem);

  for (guint i = 0; i < context->names->len; i++)
    {
      const char *known = g_ptr_array_index (context->names, i);

      if (g_ascii_strncasecmp (known, stem, n) == 0 && g_strv_contains (family, known + n))
        return g_strdup (known);
    }
  return g_strdup_printf ("%s%s", stem, suffix);
}

/**
 * pw_draft_is_item_path:
 * @path: an endpoint path
 *
 * Returns: whether the path names one thing rather than a collection: it
 *   ends with a parameter, or with a singular word ("/api/household",
 *   "/api/users/me", "/api/auth/session")
 */
gboolean
pw_draft_is_item_path (const char *path)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autofree char *last_one = NULL;
  const char *last;

  if (g_str_has_suffix (path, "}") || g_regex_match_simple ("/:[A-Za-z_]+$", path, 0, 0))
    return TRUE;
  words = path_words (path);
  if (words->len == 0)
    return FALSE;
  last = g_ptr_array_index (words, words->len - 1);
  last_one = singular (last);
  return g_str_equal (last, last_one);
}

/**
 * pw_draft_type_name:
 * @method: "GET", "POST"…
 * @path: the endpoint's path
 * @input: the input type (a command or query) rather than the response
 *
 * Returns: (transfer full): `CreateBookCommand`, `BookListResponseDto`…
 */
char *
pw_draft_type_name (PwDraftContext *context,
                    const char     *method,
                    const char     *path,
                    gboolean        input)
{
  g_autofree char *resource = pw_draft_resource_name (path);
  g_autofree char *stem = NULL;
  const char *suffix;
  gboolean item = pw_draft_is_item_path (path);
  gboolean get = g_str_equal (method, "GET");

  if (get && !item)
    {
      stem = g_strdup_printf ("%sList", resource);
      suffix = input ? "Query" : "ResponseDto";
    }
  else if (get || !input)
    {
      stem = g_strdup (resource);
      suffix = "Dto";
    }
  else if (g_str_equal (method, "POST") && item)
    {
      /* An action ("/api/auth/login", "/api/cards/{id}/review"), not a creation. */
      stem = g_strdup (resource);
      suffix = "Command";
    }
  else
    {
      stem = g_strdup_printf ("%s%s", g_str_equal (method, "POST") ? "Create"
                              : g_str_equal (method, "DELETE") ? "Delete" : "Update", resource);
      suffix = "Command";
    }
  return reuse_name (context, stem, suffix, input);
}

/* Whether the word names the table: "books" and "book" both name `books`. */
static gboolean
word_names_table (const char *word,
                  const char *table)
{
  g_autofree char *one = singular (word);
  g_autofree char *table_one = singular (table);
  g_autofree char *flat = g_strdelimit (g_strdup (one), "-", '_');

  return g_str_equal (flat, table_one) || g_str_has_suffix (table_one, flat);
}

/**
 * pw_draft_tables_for:
 * @path: the endpoint's path
 * @section: its section of the API plan
 *
 * Returns: (transfer container) (element-type utf8): the known tables the
 *   path's words or the section's backticked names give
 */
GPtrArray *
pw_draft_tables_for (PwDraftContext *context,
                     const char     *path,
                     const char     *section)
{
  g_autoptr(GPtrArray) words = path_words (path);
  GPtrArray *tables = g_ptr_array_new ();

  for (guint i = 0; i < context->tables->len; i++)
    {
      const char *table = g_ptr_array_index (context->tables, i);
      g_autofree char *ticked = g_strdup_printf ("`%s`", table);
      gboolean named = section != NULL && strstr (section, ticked) != NULL;

      for (guint j = 0; !named && j < words->len; j++)
        named = word_names_table (g_ptr_array_index (words, j), table);
      if (named)
        g_ptr_array_add (tables, (gpointer) table);
    }
  return tables;
}

/* "/api/books/{id}/status" → "books/[id]/status" (Astro's brackets). */
static char *
route_path (const char *path,
            const char *open,
            const char *close)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];

      if (*part == '\0' || (out->len == 0 && g_str_equal (part, "api")))
        continue;
      if (out->len > 0)
        g_string_append_c (out, '/');
      if (*part == '{' || *part == ':')
        g_string_append_printf (out, "%s%.*s%s", open, (int) strcspn (part + 1, "}"), part + 1, close);
      else
        g_string_append_len (out, part, strcspn (part, "?"));
    }
  return g_string_free (out, FALSE);
}

/* Where each stack keeps things.  In a pattern, %s is the resource's
 * slug ("book"), %u the slug with underscores, %P its type name
 * ("BookStatus"), %F the first path word in Pascal case ("Books"), %R the route ("books/[id]/status"), %I "/index" for a
 * collection route and %M the method in lower case. */
typedef struct
{
  const char *handler;
  const char *service;
  const char *schema;
  const char *types;
} Layout;

static const Layout layouts[] = {
  [PW_DRAFT_STACK_GENERIC] = { NULL, NULL, NULL, NULL },
  [PW_DRAFT_STACK_ASTRO] = { "src/pages/api/%R%I.ts", "src/lib/services/%s.service.ts",
                             "src/lib/schemas/%s.schema.ts", "src/types.ts" },
  [PW_DRAFT_STACK_NEXT] = { "src/app/api/%R/route.ts", "src/lib/services/%s.service.ts",
                            "src/lib/schemas/%s.schema.ts", "src/types.ts" },
  [PW_DRAFT_STACK_NEST] = { "src/%s/%s.controller.ts", "src/%s/%s.service.ts", "src/%s/dto/", NULL },
  [PW_DRAFT_STACK_EXPRESS] = { "src/routes/%s.routes.ts", "src/lib/services/%s.service.ts",
                               "src/lib/schemas/%s.schema.ts", "src/types.ts" },
  [PW_DRAFT_STACK_FASTAPI] = { "app/routers/%u.py", "app/services/%u_service.py", "app/schemas/%u.py",
                               "app/schemas/" },
  [PW_DRAFT_STACK_DOTNET] = { "Controllers/%FController.cs", "Services/%FService.cs", "Validators/",
                              "Contracts/" },
  [PW_DRAFT_STACK_NUXT] = { "server/api/%R.%M.ts", "server/services/%s.service.ts",
                            "server/validation/%s.schema.ts", "types.ts" },
};

/* A stack the tech stack does not name, with Supabase: the layout of the
 * Supabase starter rules, without a route file to guess. */
static const Layout supabase_layout = {
  NULL, "src/lib/services/%s.service.ts", "src/lib/schemas/%s.schema.ts", "src/types.ts"
};

static const Layout *
layout_of (PwDraftContext *context)
{
  if (context->stack == PW_DRAFT_STACK_GENERIC && context->supabase)
    return &supabase_layout;
  return &layouts[context->stack];
}

static void
append_first_word (GString    *out,
                   const char *path)
{
  g_autoptr(GPtrArray) words = path_words (path);

  append_pascal (out, words->len > 0 ? g_ptr_array_index (words, 0) : "Resource");
}

static char *
expand (const char *pattern,
        const char *method,
        const char *path)
{
  g_autofree char *lower = g_ascii_strdown (method != NULL ? method : "get", -1);
  g_autofree char *slug = pw_draft_resource_slug (path);
  g_autofree char *name = pw_draft_resource_name (path);
  g_autofree char *route = route_path (path, "[", "]");
  GString *out;

  if (pattern == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      if (*p == 's')
        g_string_append (out, slug);
      else if (*p == 'u')
        g_string_append (out, g_strdelimit (slug, "-", '_'));
      else if (*p == 'P')
        g_string_append (out, name);
      else if (*p == 'R')
        g_string_append (out, route);
      else if (*p == 'I' && !g_str_has_suffix (path, "}"))
        g_string_append (out, "/index");
      else if (*p == 'M')
        g_string_append (out, lower);
      else if (*p == 'F')
        append_first_word (out, path);
    }
  return g_string_free (out, FALSE);
}

/**
 * pw_draft_handler_file:
 * @path: an endpoint path
 *
 * Returns: (transfer full) (nullable): the route file of the stack, e.g.
 *   `src/pages/api/books/[id].ts` for Astro, or %NULL when unknown
 */
char *
pw_draft_handler_file (PwDraftContext *context,
                       const char     *method,
                       const char     *path)
{
  return expand (layout_of (context)->handler, method, path);
}

char *
pw_draft_service_file (PwDraftContext *context,
                       const char     *path)
{
  return expand (layout_of (context)->service, NULL, path);
}

char *
pw_draft_schema_file (PwDraftContext *context,
                      const char     *path)
{
  return expand (layout_of (context)->schema, NULL, path);
}

char *
pw_draft_test_file (PwDraftContext *context,
                    const char     *path)
{
  g_autofree char *service = pw_draft_service_file (context, path);

  if (context->stack == PW_DRAFT_STACK_FASTAPI)
    return expand ("tests/test_%u.py", NULL, path);
  if (context->stack == PW_DRAFT_STACK_DOTNET)
    return g_strdup ("tests/");
  if (service != NULL && g_str_has_suffix (service, ".ts"))
    return g_strdup_printf ("%.*s.test.ts", (int) strlen (service) - 3, service);
  return NULL;
}

/* The shared types file the repository has, else the stack's. */
const char *
pw_draft_types_file (PwDraftContext *context)
{
  if (context->types_path != NULL)
    return context->types_path;
  return layout_of (context)->types;
}

/**
 * pw_draft_prd_section:
 * @prd: (nullable): the PRD's text
 * @feature: the feature's name
 *
 * Returns: (transfer full) (nullable): the PRD section (heading and body)
 *   whose heading or text shares the most words with @feature
 */
char *
pw_draft_prd_section (const char *prd,
                      const char *feature)
{
  g_autoptr(GRegex) heading = g_regex_new ("^#{2,4}\\s", G_REGEX_MULTILINE, 0, NULL);
  g_autofree char *lower = NULL;
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) parts = NULL;
  int best = -1, best_score = 0;

  if (prd == NULL || feature == NULL)
    return NULL;
  lower = g_utf8_strdown (feature, -1);
  words = g_regex_split_simple ("[^\\w]+", lower, 0, 0);
  parts = g_regex_split (heading, prd, 0);
  for (guint i = 1; parts[i] != NULL; i++)
    {
      g_autofree char *text = g_utf8_strdown (parts[i], -1);
      const char *eol = strchr (text, '\n');
      int score = 0;

      for (guint j = 0; words[j] != NULL; j++)
        {
          if (strlen (words[j]) < 4)
            continue;
          score += strstr (text, words[j]) != NULL;
          score += eol != NULL && g_strstr_len (text, eol - text, words[j]) != NULL ? 2 : 0;
        }
      if (score > best_score)
        {
          best_score = score;
          best = i;
        }
    }
  return best > 0 ? g_strstrip (g_strdup (parts[best])) : NULL;
}
