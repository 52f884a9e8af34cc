/* pw-rules.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-rules"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>
#include <yaml.h>

#include "pw-file-io.h"
#include "pw-json-build.h"
#include "pw-rules.h"
#include "pw-utils.h"

/*
 * Which rule files help a model plan a backend endpoint? Real repositories
 * keep a dozen: backend.mdc next to github-action.mdc, playwright.mdc and
 * mermaid diagrams. A rule earns points for what it names (backend, api,
 * architecture, the stack's framework or language), for applying always and
 * for globs that match backend code that exists; it loses them for a topic
 * that has nothing to do with the backend (CI, UI, tests, commit messages).
 * Only rules with enough points and no unrelated topic are relevant, and the
 * default choice is the relevant always-apply rules plus the best two others:
 * several files are fine, an unrelated one never is.
 */

/* The front matter is metadata, not a document: a few lines. */
#define MAX_FRONT_MATTER (16 * 1024)
/* How much of a rule's text is looked at for its first heading. */
#define MAX_HEADING_SCAN 4096
/* Bounds for globs: how many per rule, and alternatives after braces. */
#define MAX_GLOBS 64
#define MAX_BRACE_ALTERNATIVES 32
#define MAX_GLOB_LENGTH 256
/* Remembered choices: how many repositories the state file keeps. */
#define MAX_REMEMBERED 100

#define RELEVANT_SCORE 30
#define ALWAYS_WEIGHT 30
#define STANDARDS_WEIGHT 30
#define GLOB_WEIGHT 40
#define FRAMEWORK_EXACT 45
#define FRAMEWORK_PARTIAL 25
#define LANGUAGE_EXACT 35
#define LANGUAGE_PARTIAL 20
#define UNRELATED_WEIGHT (-100)
#define MINOR_WEIGHT (-25)
#define FRONTEND_GLOBS_WEIGHT (-20)
#define MAX_DEFAULT_ALWAYS 3
#define MAX_DEFAULT_OTHERS 2

G_DEFINE_QUARK (pw-rules-error-quark, pw_rules_error)

typedef enum
{
  REASON_UNREAD,
  REASON_ALWAYS,
  REASON_TOPIC,
  REASON_STANDARDS,
  REASON_FRAMEWORK,
  REASON_LANGUAGE,
  REASON_GLOB,
  REASON_UNRELATED,
  REASON_MINOR,
  REASON_FRONTEND_GLOBS,
} ReasonKind;

typedef struct
{
  ReasonKind  kind;
  char       *detail;   /* (owned) (nullable) */
} Reason;

typedef struct
{
  const char *name;             /* as shown */
  const char *stack[4];         /* lowercase words in the tech stack */
  const char *tokens[4];        /* tokens of a rule's name */
} Technology;

struct _PwRulesContext
{
  GPtrArray *frameworks;        /* (element-type Technology) (borrowed entries) */
  GPtrArray *languages;         /* (element-type Technology) (borrowed entries) */
  GPtrArray *backend_files;     /* (element-type utf8) */
};

/* Frameworks that serve an API; a frontend-only one is an unrelated topic. */
static const Technology frameworks[] = {
  { "Astro", { "astro" }, { "astro" } },
  { "Supabase", { "supabase" }, { "supabase" } },
  { "FastAPI", { "fastapi" }, { "fastapi" } },
  { "Django", { "django" }, { "django" } },
  { "Flask", { "flask" }, { "flask" } },
  { ".NET", { ".net", "dotnet", "asp.net" }, { "dotnet", "aspnet", "netcore" } },
  { "Spring", { "spring" }, { "spring", "springboot" } },
  { "Express", { "express", "express.js", "expressjs" }, { "express", "expressjs" } },
  { "NestJS", { "nestjs", "nest.js" }, { "nestjs" } },
  { "Next.js", { "next.js", "nextjs" }, { "nextjs", "next" } },
  { "Nuxt", { "nuxt", "nuxt.js" }, { "nuxt", "nuxtjs" } },
  { "SvelteKit", { "sveltekit" }, { "sveltekit" } },
  { "Rails", { "rails" }, { "rails" } },
  { "Laravel", { "laravel" }, { "laravel" } },
  { "Hono", { "hono" }, { "hono" } },
  { "Fastify", { "fastify" }, { "fastify" } },
  { "Firebase", { "firebase" }, { "firebase" } },
  { "Node.js", { "node.js", "nodejs" }, { "node", "nodejs" } },
  { "Prisma", { "prisma" }, { "prisma" } },
};

static const Technology languages[] = {
  { "Python", { "python" }, { "python", "py" } },
  { "TypeScript", { "typescript" }, { "typescript", "ts" } },
  { "C#", { "c#", "csharp" }, { "csharp", "cs" } },
  { "Java", { "java" }, { "java" } },
  { "Go", { "golang" }, { "go", "golang" } },
  { "Kotlin", { "kotlin" }, { "kotlin" } },
  { "Ruby", { "ruby" }, { "ruby" } },
  { "PHP", { "php" }, { "php" } },
  { "Rust", { "rust" }, { "rust" } },
};

/* Topics that make a rule worth sending with a backend plan, and how much. */
static const struct
{
  const char *token;
  int         weight;
} topics[] = {
  { "backend", 70 }, { "api", 40 }, { "apis", 40 }, { "restapi", 40 }, { "endpoint", 40 },
  { "endpoints", 40 }, { "server", 40 }, { "serverside", 40 }, { "architecture", 40 },
  { "rest", 35 }, { "services", 30 }, { "service", 30 }, { "routes", 30 }, { "ddd", 30 },
  { "domain", 25 },
};

static const char * const standards_tokens[] = {
  "shared", "general", "global", "common", "project", "conventions", "convention",
  "codingstandards", "standards", "codestyle", "cleancode", "bestpractices", "guidelines",
  "principles", NULL
};

static const char * const unrelated_tokens[] = {
  "github", "githubaction", "githubactions", "ci", "cd", "cicd", "devops", "deploy",
  "deployment", "docker", "kubernetes", "k8s", "terraform", "frontend", "ui", "ux", "react",
  "vue", "angular", "svelte", "pinia", "redux", "zustand", "shadcn", "tailwind", "css", "scss",
  "sass", "styling", "styles", "component", "components", "e2e", "playwright", "cypress",
  "vitest", "jest", "pytest", "test", "tests", "testing", "mermaid", "diagram", "diagrams",
  "commit", "commits", "git", "changelog", "storybook", "figma", "accessibility", "a11y",
  "seo", NULL
};

static const char * const minor_tokens[] = {
  "docs", "doc", "documentation", "readme", "init", "setup", "bootstrap", "installation", NULL
};

static const char * const frontend_extensions[] = {
  ".tsx", ".jsx", ".css", ".scss", ".sass", ".less", ".vue", ".svelte", ".html", NULL
};

static const char * const backend_folders[] = {
  "api", "server", "backend", "services", "service", "routes", "controllers", "middleware",
  "middlewares", "db", "database", "models", "repositories", "handlers", "functions",
  "endpoints", "domain", "application", "infrastructure", NULL
};

static const char * const backend_extensions[] = {
  ".py", ".cs", ".java", ".kt", ".go", ".rb", ".php", ".rs", ".ex", ".exs", NULL
};

static gboolean
str_in (const char         *text,
        const char * const *list)
{
  return text != NULL && g_strv_contains (list, text);
}

static gboolean
has_suffix_in (const char         *text,
               const char * const *suffixes)
{
  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      if (g_str_has_suffix (text, suffixes[i]))
        return TRUE;
    }

  return FALSE;
}

/* Files every tool of one kind applies to every request. */
static gboolean
kind_applies_always (const char *kind)
{
  static const char * const always[] = {
    "agents", "claude", "gemini", "copilot", "cursorrules", "windsurf", "cline", NULL
  };

  return str_in (kind, always);
}

/* AGENTS.md at the root in any case; below it only in the usual spelling,
 * so that a product's docs/agents.md is not taken for instructions. */
static const char *
agent_file_kind (const char *relative_path,
                 const char *basename)
{
  static const struct { const char *name; const char *kind; } files[] = {
    { "AGENTS.md", "agents" }, { "CLAUDE.md", "claude" }, { "GEMINI.md", "gemini" },
  };
  gboolean nested = strchr (relative_path, '/') != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (nested ? g_str_equal (basename, files[i].name)
                 : g_ascii_strcasecmp (basename, files[i].name) == 0)
        return files[i].kind;
    }

  return NULL;
}

/* Folders whose Markdown files are rules of one kind. */
static const char *
folder_kind (const char *lower_path)
{
  static const struct { const char *prefix; const char *suffix; const char *kind; } folders[] = {
    { ".cursor/rules/", ".mdc", "cursor" },
    { ".cursor/rules/", ".md", "cursor" },
    { ".ai/", ".mdc", "cursor" },
    { ".github/instructions/", ".instructions.md", "copilot-instructions" },
    { ".windsurf/rules/", ".md", "windsurf" },
    { ".clinerules/", ".md", "cline" },
    { ".clinerules/", ".txt", "cline" },
    { ".kiro/steering/", ".md", "kiro" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      if (g_str_has_prefix (lower_path, folders[i].prefix)
          && g_str_has_suffix (lower_path, folders[i].suffix))
        return folders[i].kind;
    }

  return NULL;
}

/**
 * pw_rules_kind_for_path:
 * @relative_path: a path below the repository root, "/"-separated
 *
 * Returns: (nullable): the kind of agent rule file at @relative_path
 *   ("cursor", "agents", "claude", "gemini", "copilot",
 *   "copilot-instructions", "cursorrules", "windsurf", "cline", "kiro"), or
 *   %NULL when it is not one
 */
const char *
pw_rules_kind_for_path (const char *relative_path)
{
  static const struct { const char *path; const char *kind; } files[] = {
    { ".github/copilot-instructions.md", "copilot" }, { ".cursorrules", "cursorrules" },
    { ".windsurfrules", "windsurf" }, { ".clinerules", "cline" },
  };
  g_autofree char *lower = NULL;
  g_autofree char *basename = NULL;
  const char *kind;

  g_return_val_if_fail (relative_path != NULL, NULL);

  lower = g_ascii_strdown (relative_path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (g_str_equal (lower, files[i].path))
        return files[i].kind;
    }

  if ((kind = folder_kind (lower)) != NULL)
    return kind;

  basename = g_path_get_basename (relative_path);
  return agent_file_kind (relative_path, basename);
}

/* Front matter */

static gsize
line_end (const char *p,
          const char *end)
{
  const char *nl = memchr (p, '\n', end - p);

  return nl != NULL ? (gsize) (nl - p) : (gsize) (end - p);
}

static gboolean
is_fence (const char *line,
          gsize       length,
          gboolean    closing)
{
  while (length > 0 && strchr (" \t\r", line[length - 1]) != NULL)
    length--;

  return length == 3 && (memcmp (line, "---", 3) == 0 || (closing && memcmp (line, "...", 3) == 0));
}

/* Finds the block between a first line "---" and the next "---" or "...".
 * Returns 1 and the block, 0 when there is no front matter, -1 when it is
 * not closed. */
static int
find_front_matter (const char  *text,
                   gsize        length,
                   const char **block,
                   gsize       *block_length)
{
  const char *end = text + length;
  const char *p;
  gsize len;

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3;

  len = line_end (text, end);
  if (!is_fence (text, len, FALSE) || text + len == end)
    return 0;

  p = text + len + 1;
  *block = p;
  while (p < end)
    {
      len = line_end (p, end);
      if (is_fence (p, len, TRUE))
        {
          *block_length = p - *block;
          return 1;
        }
      p += len + 1;
    }

  return -1;
}

/* Cursor writes `globs: *.tsx` unquoted, which YAML reads as an alias (and
 * rejects). A value that starts with `*`, `@` or a backquote, after a key or
 * a list dash, is quoted before parsing; everything else is YAML's. */
/* Where the value of a "key: value" or "- value" line starts, or -1. */
static gssize
value_start (const char *line,
             gsize       length)
{
  gsize start = 0;
  const char *colon;

  while (start < length && line[start] == ' ')
    start++;
  if (start + 1 < length && line[start] == '-' && line[start + 1] == ' ')
    return start + 2;

  colon = memchr (line, ':', length);
  if (colon == NULL || colon == line || line[0] == ' ' || line[0] == '#')
    return -1;

  return colon - line + 1;
}

static void
append_quoted_line (GString    *out,
                    const char *line,
                    gsize       length)
{
  gssize found = value_start (line, length);
  gsize start = found < 0 ? length : (gsize) found;
  gsize stop = length;

  while (start < length && (line[start] == ' ' || line[start] == '\t'))
    start++;
  while (stop > start && strchr (" \t\r", line[stop - 1]) != NULL)
    stop--;

  /* `*name` is a real alias: YAML's to resolve or refuse. */
  if (start >= stop || strchr ("*@`", line[start]) == NULL
      || (line[start] == '*' && g_ascii_isalnum (line[start + 1])))
    {
      g_string_append_len (out, line, length);
      g_string_append_c (out, '\n');
      return;
    }

  g_string_append_len (out, line, start);
  g_string_append_c (out, '\'');
  for (gsize i = start; i < stop; i++)
    {
      if (line[i] == '\'')
        g_string_append_c (out, '\'');
      g_string_append_c (out, line[i]);
    }
  g_string_append (out, "'\n");
}

static char *
quote_alias_lookalikes (const char *block,
                        gsize       length)
{
  GString *out = g_string_sized_new (length + 16);
  const char *end = block + length;

  for (const char *p = block; p < end;)
    {
      gsize len = line_end (p, end);

      append_quoted_line (out, p, len);
      p += len + 1;
    }

  return g_string_free (out, FALSE);
}

static const char *
scalar_of (yaml_node_t *node)
{
  if (node == NULL || node->type != YAML_SCALAR_NODE)
    return NULL;

  return (const char *) node->data.scalar.value;
}

/* "a,b,{c,d}" → a, b, {c,d}: commas inside braces belong to the glob. */
static void
split_globs (GPtrArray  *globs,
             const char *value)
{
  const char *start = value;
  int depth = 0;

  for (const char *p = value;; p++)
    {
      if (*p == '{')
        depth++;
      else if (*p == '}' && depth > 0)
        depth--;

      if (*p == '\0' || (*p == ',' && depth == 0))
        {
          g_autofree char *glob = g_strstrip (g_strndup (start, p - start));

          if (glob[0] != '\0' && globs->len < MAX_GLOBS)
            g_ptr_array_add (globs, g_steal_pointer (&glob));
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
}

static void
add_globs (GPtrArray       *globs,
           yaml_document_t *document,
           yaml_node_t     *node)
{
  if (node->type == YAML_SCALAR_NODE)
    {
      split_globs (globs, scalar_of (node));
      return;
    }

  if (node->type != YAML_SEQUENCE_NODE)
    return;

  for (yaml_node_item_t *item = node->data.sequence.items.start;
       item < node->data.sequence.items.top; item++)
    {
      const char *value = scalar_of (yaml_document_get_node (document, *item));

      if (value != NULL)
        split_globs (globs, value);
    }
}

static gboolean
parse_boolean (const char *value,
               gboolean   *out)
{
  static const char * const yes[] = { "true", "yes", "on", NULL };
  static const char * const no[] = { "false", "no", "off", NULL };
  g_autofree char *lower = value != NULL ? g_ascii_strdown (value, -1) : NULL;

  if (str_in (lower, yes))
    *out = TRUE;
  else if (str_in (lower, no))
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
}

static void
read_member (PwRulesFrontMatter *front_matter,
             GPtrArray          *globs,
             yaml_document_t    *document,
             const char         *key,
             yaml_node_t        *value)
{
  static const char * const glob_keys[] = { "globs", "applyTo", "fileMatchPattern", "paths", NULL };
  const char *text = scalar_of (value);

  if (g_str_equal (key, "description") && text != NULL)
    {
      g_clear_pointer (&front_matter->description, g_free);
      front_matter->description = g_strstrip (g_strdup (text));
      if (front_matter->description[0] == '\0')
        g_clear_pointer (&front_matter->description, g_free);
    }
  else if (str_in (key, glob_keys))
    add_globs (globs, document, value);
  else if (g_str_equal (key, "alwaysApply"))
    front_matter->has_always_apply = parse_boolean (text, &front_matter->always_apply);
  else if (g_str_equal (key, "inclusion") && text != NULL)
    {
      front_matter->has_always_apply = TRUE;
      front_matter->always_apply = g_ascii_strcasecmp (text, "always") == 0;
    }
}

static gboolean
read_document (PwRulesFrontMatter  *front_matter,
               yaml_document_t     *document,
               GError             **error)
{
  g_autoptr(GPtrArray) globs = g_ptr_array_new_with_free_func (g_free);
  yaml_node_t *root = yaml_document_get_root_node (document);

  if (root == NULL)
    return TRUE;

  if (root->type != YAML_MAPPING_NODE)
    {
      g_set_error_literal (error, PW_RULES_ERROR, PW_RULES_ERROR_FRONT_MATTER,
                           _("The front matter is not a list of keys and values"));
      return FALSE;
    }

  for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
       pair < root->data.mapping.pairs.top; pair++)
    {
      const char *key = scalar_of (yaml_document_get_node (document, pair->key));
      yaml_node_t *value = yaml_document_get_node (document, pair->value);

      if (key != NULL && value != NULL)
        read_member (front_matter, globs, document, key, value);
    }

  if (globs->len > 0)
    {
      g_ptr_array_add (globs, NULL);
      front_matter->globs = (GStrv) g_ptr_array_free (g_steal_pointer (&globs), FALSE);
    }

  return TRUE;
}

static gboolean
load_yaml (const char          *block,
           gsize                length,
           PwRulesFrontMatter  *front_matter,
           GError             **error)
{
  g_autofree char *quoted = quote_alias_lookalikes (block, length);
  yaml_parser_t parser;
  yaml_document_t document;
  gboolean ok;

  if (!yaml_parser_initialize (&parser))
    {
      g_set_error_literal (error, PW_RULES_ERROR, PW_RULES_ERROR_FRONT_MATTER,
                           _("Cannot start the YAML parser"));
      return FALSE;
    }

  yaml_parser_set_input_string (&parser, (const unsigned char *) quoted, strlen (quoted));
  if (!yaml_parser_load (&parser, &document))
    {
      /* The front matter starts on the second line of the file. */
      g_set_error (error, PW_RULES_ERROR, PW_RULES_ERROR_FRONT_MATTER,
                   _("The front matter is not valid YAML (line %u: %s)"),
                   (guint) parser.problem_mark.line + 2,
                   parser.problem != NULL ? parser.problem : "?");
      yaml_parser_delete (&parser);
      return FALSE;
    }

  ok = read_document (front_matter, &document, error);
  yaml_document_delete (&document);
  yaml_parser_delete (&parser);

  return ok;
}

/**
 * pw_rules_parse_front_matter:
 * @text: a rule file's text
 * @front_matter: (out caller-allocates): zeroed, filled on success
 *
 * Reads the YAML front matter between the first line `---` and the next
 * `---` (`description`, `globs` — a comma-separated string or a list —,
 * `alwaysApply`; Copilot's `applyTo` and Kiro's `inclusion` and
 * `fileMatchPattern` too). A file without front matter succeeds with
 * nothing set.
 *
 * Returns: %FALSE with %PW_RULES_ERROR_FRONT_MATTER when the front matter
 *   is not closed, too long, not YAML or not a mapping; @front_matter is
 *   then left empty
 */
gboolean
pw_rules_parse_front_matter (const char          *text,
                             gsize                length,
                             PwRulesFrontMatter  *front_matter,
                             GError             **error)
{
  const char *block = NULL;
  gsize block_length = 0;
  int found;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (front_matter != NULL, FALSE);

  memset (front_matter, 0, sizeof *front_matter);
  found = find_front_matter (text, length, &block, &block_length);
  if (found == 0)
    return TRUE;

  if (found < 0)
    {
      g_set_error_literal (error, PW_RULES_ERROR, PW_RULES_ERROR_FRONT_MATTER,
                           _("The front matter is not closed by a line “---”"));
      return FALSE;
    }

  if (block_length > MAX_FRONT_MATTER)
    {
      g_set_error (error, PW_RULES_ERROR, PW_RULES_ERROR_FRONT_MATTER,
                   _("The front matter is longer than %u KiB"), MAX_FRONT_MATTER / 1024);
      return FALSE;
    }

  if (!load_yaml (block, block_length, front_matter, error))
    {
      pw_rules_front_matter_clear (front_matter);
      return FALSE;
    }

  return TRUE;
}

void
pw_rules_front_matter_clear (PwRulesFrontMatter *front_matter)
{
  g_clear_pointer (&front_matter->description, g_free);
  g_clear_pointer (&front_matter->globs, g_strfreev);
  front_matter->always_apply = FALSE;
  front_matter->has_always_apply = FALSE;
}

/* Globs */

static gboolean glob_here (const char *glob,
                           const char *path);

/* `**` (and `**` + "/"): @rest at @path or after any "/" in it. */
static gboolean
glob_folders (const char *rest,
              const char *path)
{
  if (*rest == '\0' || glob_here (rest, path))
    return TRUE;

  for (const char *p = path; *p != '\0'; p++)
    {
      if (*p == '/' && glob_here (rest, p + 1))
        return TRUE;
    }

  return FALSE;
}

/* `*`: @rest after any run of characters within one name. */
static gboolean
glob_star (const char *rest,
           const char *path)
{
  for (const char *p = path;; p++)
    {
      if (glob_here (rest, p))
        return TRUE;
      if (*p == '\0' || *p == '/')
        return FALSE;
    }
}

/* `**` any number of folders, `*` and `?` within one name. */
static gboolean
glob_here (const char *glob,
           const char *path)
{
  for (; *glob != '\0'; glob++)
    {
      if (glob[0] == '*' && glob[1] == '*')
        return glob_folders (glob + 2 + (glob[2] == '/'), path);

      if (*glob == '*')
        return glob_star (glob + 1, path);

      if (*path == '\0' || (*glob == '?' ? *path == '/' : *glob != *path))
        return FALSE;
      path++;
    }

  return *path == '\0';
}

/* "src/{a,b}/x.ts" → src/a/x.ts and src/b/x.ts (bounded). */
static void
expand_braces (const char *glob,
               GPtrArray  *out)
{
  const char *open = strchr (glob, '{');
  const char *close;
  const char *start;
  int depth = 0;

  if (open != NULL)
    {
      for (close = open; *close != '\0'; close++)
        {
          depth += (*close == '{') - (*close == '}');
          if (depth == 0)
            break;
        }
    }

  if (open == NULL || *close == '\0')
    {
      if (out->len < MAX_BRACE_ALTERNATIVES)
        g_ptr_array_add (out, g_strdup (glob));
      return;
    }

  start = open + 1;
  depth = 0;
  for (const char *p = start; p <= close; p++)
    {
      depth += (*p == '{') - (*p == '}');
      if (p == close || (*p == ',' && depth == 0))
        {
          g_autofree char *alternative = g_strdup_printf ("%.*s%.*s%s", (int) (open - glob), glob,
                                                          (int) (p - start), start, close + 1);

          expand_braces (alternative, out);
          start = p + 1;
        }
    }
}

/**
 * pw_rules_glob_match:
 * @glob: a rule's glob: `**` for any folders, `*`, `?`, `{a,b}`
 * @path: a relative path
 *
 * A glob without a "/" matches the base name anywhere, as Cursor does.
 *
 * Returns: %TRUE if @glob matches @path
 */
gboolean
pw_rules_glob_match (const char *glob,
                     const char *path)
{
  g_autoptr(GPtrArray) alternatives = g_ptr_array_new_with_free_func (g_free);
  const char *base;

  g_return_val_if_fail (glob != NULL && path != NULL, FALSE);

  while (g_str_has_prefix (glob, "./") || glob[0] == '/')
    glob += glob[0] == '/' ? 1 : 2;
  if (strlen (glob) > MAX_GLOB_LENGTH)
    return FALSE;

  base = strrchr (path, '/');
  base = strchr (glob, '/') == NULL && base != NULL ? base + 1 : path;

  expand_braces (glob, alternatives);
  for (guint i = 0; i < alternatives->len; i++)
    {
      if (glob_here (g_ptr_array_index (alternatives, i), base))
        return TRUE;
    }

  return FALSE;
}

/**
 * pw_rules_is_backend_path:
 * @path: a relative path of a file in the repository
 *
 * Returns: %TRUE when the file looks like backend code: in a folder such as
 *   api/, server/, services/, db/, middleware/, or in a server language
 */
gboolean
pw_rules_is_backend_path (const char *path)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  g_return_val_if_fail (path != NULL, FALSE);

  if (has_suffix_in (path, backend_extensions))
    return TRUE;

  parts = g_strsplit (path, "/", -1);
  n = g_strv_length (parts);
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autofree char *lower = g_ascii_strdown (parts[i], -1);

      if (str_in (lower, backend_folders))
        return TRUE;
    }

  return FALSE;
}

/* Context */

static void
add_tokens (GHashTable *tokens,
            const char *text,
            gsize       max_length)
{
  g_autofree char *lower = g_ascii_strdown (text, MIN (strlen (text), max_length));
  g_autofree char *previous = NULL;
  char *p = lower;

  while (*p != '\0')
    {
      char *start;

      while (*p != '\0' && !g_ascii_isalnum (*p))
        p++;
      if (*p == '\0')
        break;
      start = p;
      while (g_ascii_isalnum (*p))
        p++;

      {
        g_autofree char *token = g_strndup (start, p - start);

        if (previous != NULL)
          g_hash_table_add (tokens, g_strconcat (previous, token, NULL));
        g_hash_table_add (tokens, g_strdup (token));
        g_free (previous);
        previous = g_steal_pointer (&token);
      }
    }
}

/* A word of the tech stack, not part of a longer one ("java" in
 * "javascript" does not count). */
static gboolean
mentions (const char *lower_text,
          const char *word)
{
  gsize length = strlen (word);

  for (const char *p = strstr (lower_text, word); p != NULL; p = strstr (p + 1, word))
    {
      gboolean before = p == lower_text || !g_ascii_isalnum (p[-1]) || word[0] == '.';
      gboolean after = !g_ascii_isalnum (p[length]);

      if (before && after)
        return TRUE;
    }

  return FALSE;
}

static void
find_technologies (GPtrArray        *found,
                   const char       *lower_stack,
                   const Technology *table,
                   guint             n)
{
  for (guint i = 0; i < n; i++)
    {
      for (guint j = 0; j < G_N_ELEMENTS (table[i].stack) && table[i].stack[j] != NULL; j++)
        {
          if (mentions (lower_stack, table[i].stack[j]))
            {
              g_ptr_array_add (found, (gpointer) &table[i]);
              break;
            }
        }
    }
}

/**
 * pw_rules_context_new:
 * @tech_stack: (nullable): the tech stack document's text
 * @files: (nullable) (element-type utf8): relative paths of the files in
 *   the repository
 *
 * Returns: (transfer full): what rules are ranked against: the stack's
 *   frameworks and languages, and the backend code that exists
 */
PwRulesContext *
pw_rules_context_new (const char *tech_stack,
                      GPtrArray  *files)
{
  PwRulesContext *context = g_new0 (PwRulesContext, 1);

  context->frameworks = g_ptr_array_new ();
  context->languages = g_ptr_array_new ();
  context->backend_files = g_ptr_array_new_with_free_func (g_free);

  if (tech_stack != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (tech_stack, -1);

      find_technologies (context->frameworks, lower, frameworks, G_N_ELEMENTS (frameworks));
      find_technologies (context->languages, lower, languages, G_N_ELEMENTS (languages));
    }

  for (guint i = 0; files != NULL && i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);

      if (pw_rules_is_backend_path (path))
        g_ptr_array_add (context->backend_files, g_strdup (path));
    }

  return context;
}

void
pw_rules_context_free (PwRulesContext *context)
{
  if (context == NULL)
    return;

  g_ptr_array_unref (context->frameworks);
  g_ptr_array_unref (context->languages);
  g_ptr_array_unref (context->backend_files);
  g_free (context);
}

/* Rules */

static void
reason_clear (gpointer data)
{
  g_free (((Reason *) data)->detail);
}

static void
add_reason (PwRule     *rule,
            ReasonKind  kind,
            const char *detail,
            int         weight)
{
  Reason reason = { kind, g_strdup (detail) };

  g_array_append_val (rule->reasons, reason);
  rule->score += weight;
}

static char *
first_heading (const char *text,
               gsize       length)
{
  const char *end = text + MIN (length, MAX_HEADING_SCAN);

  for (const char *p = text; p < end;)
    {
      gsize len = line_end (p, end);

      if (len > 1 && p[0] == '#')
        {
          g_autofree char *line = g_strndup (p, len);

          return g_strstrip (g_strdup (line + strspn (line, "#")));
        }
      p += len + 1;
    }

  return NULL;
}

/* The name a rule is known by: "backend" for .cursor/rules/backend.mdc,
 * "python" for python.instructions.md. */
static char *
rule_stem (const char *relative_path)
{
  g_autofree char *base = g_path_get_basename (relative_path);
  static const char * const extensions[] = { ".instructions.md", ".mdc", ".md", ".txt", NULL };

  for (guint i = 0; extensions[i] != NULL; i++)
    {
      if (g_str_has_suffix (base, extensions[i]) && strlen (base) > strlen (extensions[i]))
        {
          base[strlen (base) - strlen (extensions[i])] = '\0';
          break;
        }
    }

  return g_steal_pointer (&base);
}

static void
apply_front_matter (PwRule             *rule,
                    PwRulesFrontMatter *front_matter)
{
  rule->description = g_steal_pointer (&front_matter->description);
  if (front_matter->globs != NULL)
    {
      g_strfreev (rule->globs);
      rule->globs = g_steal_pointer (&front_matter->globs);
    }

  if (front_matter->has_always_apply)
    rule->always_apply = front_matter->always_apply;

  /* Copilot's `applyTo: "**"` means every file. */
  if (rule->globs[0] != NULL && rule->globs[1] == NULL
      && (g_str_equal (rule->globs[0], "**") || g_str_equal (rule->globs[0], "**/*")))
    rule->always_apply = TRUE;
}

/**
 * pw_rule_new:
 * @relative_path: the rule file's path in the repository
 * @text: (nullable): its text, or %NULL when it could not be read (such a
 *   rule is never relevant)
 *
 * Reads the front matter; a malformed one is treated as none, and said in
 * the rule's warning.
 *
 * Returns: (transfer full): the rule, not ranked yet
 */
PwRule *
pw_rule_new (const char *relative_path,
             const char *text,
             gsize       length)
{
  g_auto(PwRulesFrontMatter) front_matter = { 0 };
  g_autoptr(GError) error = NULL;
  PwRule *rule;

  g_return_val_if_fail (relative_path != NULL, NULL);

  rule = g_new0 (PwRule, 1);
  rule->path = g_strdup (relative_path);
  rule->kind = pw_rules_kind_for_path (relative_path);
  if (rule->kind == NULL)
    rule->kind = "cursor";
  rule->globs = g_new0 (char *, 1);
  rule->reasons = g_array_new (FALSE, FALSE, sizeof (Reason));
  g_array_set_clear_func (rule->reasons, reason_clear);
  /* Kiro's steering files are included always unless they say otherwise. */
  rule->always_apply = kind_applies_always (rule->kind) || g_str_equal (rule->kind, "kiro");

  if (text == NULL)
    {
      rule->unread = TRUE;
      return rule;
    }

  if (pw_rules_parse_front_matter (text, length, &front_matter, &error))
    apply_front_matter (rule, &front_matter);
  else
    {
      g_debug ("%s: %s", relative_path, error->message);
      rule->warning = g_strdup (error->message);
    }
  rule->heading = first_heading (text, length);

  return rule;
}

void
pw_rule_free (PwRule *rule)
{
  if (rule == NULL)
    return;

  g_free (rule->path);
  g_free (rule->description);
  g_strfreev (rule->globs);
  g_free (rule->warning);
  g_free (rule->heading);
  g_array_unref (rule->reasons);
  g_free (rule);
}

static const char *
first_token_in (GHashTable         *tokens,
                const char * const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    {
      if (g_hash_table_contains (tokens, list[i]))
        return list[i];
    }

  return NULL;
}

/* The strongest topic the rule names, or standards, which weigh less: an
 * AGENTS.md or CLAUDE.md is the project's conventions by its nature. */
static void
rank_topics (PwRule     *rule,
             GHashTable *name_tokens,
             GHashTable *all_tokens)
{
  const char *best = NULL;
  int weight = 0;
  const char *found;

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      if (topics[i].weight > weight && g_hash_table_contains (all_tokens, topics[i].token))
        {
          best = topics[i].token;
          weight = topics[i].weight;
        }
    }

  if (best != NULL)
    add_reason (rule, REASON_TOPIC, best, weight);
  else if (first_token_in (name_tokens, standards_tokens) != NULL
           || kind_applies_always (rule->kind))
    add_reason (rule, REASON_STANDARDS, NULL, STANDARDS_WEIGHT);

  /* Named by the file's own name first: vitest-unit-testing.mdc is about
   * vitest even when its heading mentions React. */
  if ((found = first_token_in (name_tokens, unrelated_tokens)) != NULL
      || (found = first_token_in (all_tokens, unrelated_tokens)) != NULL)
    add_reason (rule, REASON_UNRELATED, found, UNRELATED_WEIGHT);
  else if ((found = first_token_in (all_tokens, minor_tokens)) != NULL)
    add_reason (rule, REASON_MINOR, found, MINOR_WEIGHT);
}

/* The first technology of @found that the rule names: its stem alone is
 * worth more than a mention among other words. */
static gboolean
rank_technology (PwRule     *rule,
                 GPtrArray  *found,
                 GHashTable *name_tokens,
                 const char *stem,
                 ReasonKind  kind,
                 int         exact,
                 int         partial)
{
  for (guint i = 0; i < found->len; i++)
    {
      const Technology *technology = g_ptr_array_index (found, i);

      for (guint j = 0; j < G_N_ELEMENTS (technology->tokens); j++)
        {
          const char *token = technology->tokens[j];

          if (token == NULL || !g_hash_table_contains (name_tokens, token))
            continue;
          add_reason (rule, kind, technology->name,
                      g_ascii_strcasecmp (stem, token) == 0 ? exact : partial);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
is_frontend_glob (const char *glob)
{
  return has_suffix_in (glob, frontend_extensions) || strstr (glob, "components") != NULL
         || strstr (glob, "/ui/") != NULL || strstr (glob, "styles") != NULL;
}

static void
rank_globs (PwRule               *rule,
            const PwRulesContext *context)
{
  gboolean all_frontend = rule->globs[0] != NULL;

  for (guint i = 0; rule->globs[i] != NULL; i++)
    {
      all_frontend = all_frontend && is_frontend_glob (rule->globs[i]);
      for (guint j = 0; j < context->backend_files->len; j++)
        {
          if (pw_rules_glob_match (rule->globs[i], g_ptr_array_index (context->backend_files, j)))
            {
              add_reason (rule, REASON_GLOB, rule->globs[i], GLOB_WEIGHT);
              return;
            }
        }
    }

  if (all_frontend)
    add_reason (rule, REASON_FRONTEND_GLOBS, NULL, FRONTEND_GLOBS_WEIGHT);
}

static gboolean
has_reason (const PwRule *rule,
            ReasonKind    kind)
{
  for (guint i = 0; i < rule->reasons->len; i++)
    {
      if (g_array_index (rule->reasons, Reason, i).kind == kind)
        return TRUE;
    }

  return FALSE;
}

/**
 * pw_rule_rank:
 * @context: the repository's stack and files
 *
 * Scores @rule and decides whether it is relevant to implementing the
 * backend; pw_rules_describe() then says why.
 */
void
pw_rule_rank (PwRule               *rule,
              const PwRulesContext *context)
{
  g_autoptr(GHashTable) name_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) all_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *stem = NULL;

  g_return_if_fail (rule != NULL && context != NULL);

  g_array_set_size (rule->reasons, 0);
  rule->score = 0;
  rule->relevant = FALSE;
  if (rule->unread)
    {
      add_reason (rule, REASON_UNREAD, NULL, 0);
      return;
    }

  stem = rule_stem (rule->path);
  add_tokens (name_tokens, stem, 200);
  if (rule->description != NULL)
    add_tokens (name_tokens, rule->description, 1000);
  add_tokens (all_tokens, stem, 200);
  if (rule->description != NULL)
    add_tokens (all_tokens, rule->description, 1000);
  if (rule->heading != NULL)
    add_tokens (all_tokens, rule->heading, 200);

  if (rule->always_apply)
    add_reason (rule, REASON_ALWAYS, NULL, ALWAYS_WEIGHT);
  rank_topics (rule, name_tokens, all_tokens);
  rank_technology (rule, context->frameworks, name_tokens, stem, REASON_FRAMEWORK,
                   FRAMEWORK_EXACT, FRAMEWORK_PARTIAL);
  rank_technology (rule, context->languages, name_tokens, stem, REASON_LANGUAGE,
                   LANGUAGE_EXACT, LANGUAGE_PARTIAL);
  rank_globs (rule, context);

  rule->relevant = rule->score >= RELEVANT_SCORE && !has_reason (rule, REASON_UNRELATED);
}

static char *
describe_reason (const Reason *reason)
{
  switch (reason->kind)
    {
    case REASON_UNREAD:
      return g_strdup (_("not read"));
    case REASON_ALWAYS:
      return g_strdup (_("always applies"));
    case REASON_TOPIC:
      /* Translators: %s is a word in the rule's name, such as “backend” or “api” */
      return g_strdup_printf (_("names %s"), reason->detail);
    case REASON_STANDARDS:
      return g_strdup (_("general project conventions"));
    case REASON_FRAMEWORK:
      return g_strdup_printf (_("names the framework %s"), reason->detail);
    case REASON_LANGUAGE:
      return g_strdup_printf (_("names the language %s"), reason->detail);
    case REASON_GLOB:
      /* Translators: %s is a file pattern such as src/lib/services/x.ts */
      return g_strdup_printf (_("matches %s"), reason->detail);
    case REASON_UNRELATED:
      return g_strdup_printf (_("about %s, unrelated to the backend"), reason->detail);
    case REASON_MINOR:
      return g_strdup_printf (_("about %s"), reason->detail);
    case REASON_FRONTEND_GLOBS:
      return g_strdup (_("applies to frontend files only"));
    default:
      g_assert_not_reached ();
    }
}

/**
 * pw_rules_describe:
 *
 * Returns: (transfer full): why @rule is or is not relevant, in a few
 *   words: "always applies, names the framework FastAPI"
 */
char *
pw_rules_describe (const PwRule *rule)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (rule != NULL, NULL);

  for (guint i = 0; i < rule->reasons->len; i++)
    {
      g_autofree char *part = describe_reason (&g_array_index (rule->reasons, Reason, i));

      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, part);
    }

  if (text->len == 0)
    g_string_append (text, _("nothing in it points to the backend"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static int
compare_ranked (gconstpointer a,
                gconstpointer b)
{
  const PwRule *ra = *(const PwRule **) a;
  const PwRule *rb = *(const PwRule **) b;

  if (ra->score != rb->score)
    return ra->score > rb->score ? -1 : 1;
  if (ra->always_apply != rb->always_apply)
    return ra->always_apply ? -1 : 1;

  return strcmp (ra->path, rb->path);
}

/**
 * pw_rules_choose:
 * @rules: (element-type PwRule): ranked rules
 *
 * Returns: (transfer container) (element-type PwRule): the default choice,
 *   best first: the relevant always-apply rules and the two best other
 *   relevant ones; empty when none is relevant
 */
GPtrArray *
pw_rules_choose (GPtrArray *rules)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GPtrArray *chosen = g_ptr_array_new ();
  guint always = 0;
  guint others = 0;

  g_return_val_if_fail (rules != NULL, chosen);

  for (guint i = 0; i < rules->len; i++)
    {
      PwRule *rule = g_ptr_array_index (rules, i);

      if (rule->relevant)
        g_ptr_array_add (sorted, rule);
    }
  g_ptr_array_sort (sorted, compare_ranked);

  for (guint i = 0; i < sorted->len; i++)
    {
      PwRule *rule = g_ptr_array_index (sorted, i);
      guint *count = rule->always_apply ? &always : &others;

      if (*count < (rule->always_apply ? MAX_DEFAULT_ALWAYS : MAX_DEFAULT_OTHERS))
        {
          (*count)++;
          g_ptr_array_add (chosen, rule);
        }
    }

  return chosen;
}

/**
 * pw_rule_build_json:
 * @builder: a builder inside an object
 *
 * Adds "path", "kind", "description", "globs", "alwaysApply", "relevant",
 * "score", "reason" and "warning" members.
 */
void
pw_rule_build_json (const PwRule *rule,
                    JsonBuilder  *builder)
{
  g_autofree char *reason = pw_rules_describe (rule);

  pw_json_build_string (builder, "path", rule->path);
  pw_json_build_string (builder, "kind", rule->kind);
  pw_json_build_string (builder, "description", rule->description);
  json_builder_set_member_name (builder, "globs");
  json_builder_begin_array (builder);
  for (guint i = 0; rule->globs[i] != NULL; i++)
    json_builder_add_string_value (builder, rule->globs[i]);
  json_builder_end_array (builder);
  pw_json_build_boolean (builder, "alwaysApply", rule->always_apply);
  pw_json_build_boolean (builder, "relevant", rule->relevant);
  pw_json_build_int (builder, "score", rule->score);
  pw_json_build_string (builder, "reason", reason);
  pw_json_build_string (builder, "warning", rule->warning);
}

/* Remembered choices */

static JsonArray *
load_state (const char *state_file)
{
  g_autoptr(GFile) file = g_file_new_for_path (state_file);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonNode *root;
  JsonNode *repositories;

  if (!pw_file_read (file, 1024 * 1024, &contents, &length, NULL, &error)
      || !json_parser_load_from_data (parser, contents, length, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Ignoring %s: %s", state_file, error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (repositories = json_object_get_member (json_node_get_object (root),
                                                 "repositories")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (repositories))
    {
      g_debug ("Ignoring %s: not a state file of remembered rules", state_file);
      return NULL;
    }

  return json_array_ref (json_node_get_array (repositories));
}

/* The repository's entry in @repositories, or NULL. */
static JsonObject *
find_entry (JsonArray  *repositories,
            const char *repository)
{
  for (guint i = 0; i < json_array_get_length (repositories); i++)
    {
      JsonNode *node = json_array_get_element (repositories, i);
      JsonNode *root;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      root = json_object_get_member (json_node_get_object (node), "root");
      if (root != NULL && JSON_NODE_HOLDS_VALUE (root)
          && g_strcmp0 (json_node_get_string (root), repository) == 0)
        return json_node_get_object (node);
    }

  return NULL;
}

/**
 * pw_rules_state_lookup:
 * @state_file: the state file of remembered choices
 * @repository: the repository's canonical path
 *
 * An unreadable or malformed state file remembers nothing; entries that are
 * not confined relative paths are dropped.
 *
 * Returns: (transfer full) (nullable): the relative paths remembered for
 *   @repository (maybe none), or %NULL when nothing is remembered
 */
char **
pw_rules_state_lookup (const char *state_file,
                       const char *repository)
{
  g_autoptr(JsonArray) repositories = NULL;
  g_autoptr(GStrvBuilder) paths = NULL;
  JsonObject *entry;
  JsonNode *rules;

  g_return_val_if_fail (state_file != NULL && repository != NULL, NULL);

  repositories = load_state (state_file);
  if (repositories == NULL || (entry = find_entry (repositories, repository)) == NULL)
    return NULL;

  rules = json_object_get_member (entry, "rules");
  if (rules == NULL || !JSON_NODE_HOLDS_ARRAY (rules))
    return NULL;

  paths = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (json_node_get_array (rules)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (rules), i);
      const char *path = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;

      if (path != NULL && pw_path_is_confined (path))
        g_strv_builder_add (paths, path);
    }

  return g_strv_builder_end (paths);
}

static void
build_entry (JsonBuilder        *builder,
             const char         *repository,
             const char * const *paths)
{
  json_builder_begin_object (builder);
  pw_json_build_string (builder, "root", repository);
  json_builder_set_member_name (builder, "rules");
  json_builder_begin_array (builder);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    json_builder_add_string_value (builder, paths[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * pw_rules_state_store:
 * @state_file: the state file of remembered choices
 * @repository: the repository's canonical path
 * @paths: (nullable): the chosen rules' relative paths; none is a choice too
 *
 * Remembers @paths for @repository, most recent first, keeping the choices
 * of the other repositories (up to 100 of them). The file is replaced
 * atomically; a malformed one is started afresh.
 *
 * Returns: %TRUE if the state file was written
 */
gboolean
pw_rules_state_store (const char          *state_file,
                      const char          *repository,
                      const char * const  *paths,
                      GError             **error)
{
  g_autoptr(JsonArray) repositories = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (state_file);
  g_autofree char *folder = g_path_get_dirname (state_file);
  g_autofree char *data = NULL;
  guint kept = 1;

  g_return_val_if_fail (state_file != NULL && repository != NULL, FALSE);

  repositories = load_state (state_file);
  json_builder_begin_object (builder);
  pw_json_build_int (builder, "version", 1);
  json_builder_set_member_name (builder, "repositories");
  json_builder_begin_array (builder);
  build_entry (builder, repository, paths);
  for (guint i = 0; repositories != NULL && i < json_array_get_length (repositories); i++)
    {
      JsonNode *node = json_array_get_element (repositories, i);

      if (kept >= MAX_REMEMBERED || !JSON_NODE_HOLDS_OBJECT (node)
          || find_entry (repositories, repository) == json_node_get_object (node))
        continue;
      json_builder_add_value (builder, json_node_copy (node));
      kept++;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  data = json_generator_to_data (generator, NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), folder, g_strerror (saved));
      return FALSE;
    }

  if (!pw_file_replace (file, data, strlen (data), NULL, PW_FILE_REPLACE_PRIVATE, NULL, NULL,
                        error))
    {
      g_prefix_error (error, _("Could not remember the chosen rules: "));
      return FALSE;
    }

  return TRUE;
}
