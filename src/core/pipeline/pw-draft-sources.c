/* pw-draft-sources.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-draft-sources"

#include "config.h"

#include <string.h>

#include "pw-draft-sources.h"
#include "pw-file-io.h"
#include "pw-utils.h"

/* What the offline draft reads from the repository besides the planning
 * documents: the shared types file (the one the rules or the tech stack
 * name, else `src/types.ts` and the like), whose type names it reuses, and
 * the existing plans, whose language and type names it follows: the plans
 * of endpoints when the repository has any (its view plans may be in
 * another language), else all of them.  Three
 * steps, so that no file is read on the main thread:
 *
 *   pw_draft_sources_new()    the paths, from the workspace (no disk access)
 *   pw_draft_sources_read()   the files, bounded (any thread)
 *   pw_draft_sources_apply()  into a generation
 */

#define MAX_TYPES_BYTES  ((gsize) 512 * 1024)
#define MAX_PLAN_BYTES   ((gsize) 256 * 1024)
#define MAX_PLANS_BYTES  ((gsize) 1024 * 1024)
#define MAX_PLANS        16

struct _PwDraftSources
{
  char      *root;         /* (nullable) the repository's local path */
  GPtrArray *type_paths;   /* (element-type utf8) candidates, best first */
  GPtrArray *plan_paths;   /* (element-type utf8) */
  char      *types_path;   /* (nullable) the candidate read */
  char      *types;        /* (nullable) */
  GString   *plans;          /* the plans of endpoints */
  GString   *other_plans;    /* the other plans */
  guint      n_plans;
};

static const char * const fallback_types[] = {
  "src/types.ts", "src/lib/types.ts", "src/types/index.ts", "src/shared/types.ts", "types.ts",
};

static void
add_unique (GPtrArray  *array,
            const char *value)
{
  if (!g_ptr_array_find_with_equal_func (array, value, g_str_equal, NULL))
    g_ptr_array_add (array, g_strdup (value));
}

/* "Shared types … in `./src/types.ts`": the types files a text names,
 * but not Supabase's generated `database.types.ts`. */
static void
add_named_types (GPtrArray  *paths,
                 PwDocument *document)
{
  static GRegex *named = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (document == NULL || !pw_document_get_loaded (document))
    return;
  if (named == NULL)
    named = g_regex_new ("(?<![A-Za-z0-9_.-])(?:\\.?/)?((?:[A-Za-z0-9_-]+/)*(?:types\\.ts|types/index\\.ts))",
                         G_REGEX_OPTIMIZE, 0, NULL);
  g_regex_match (named, pw_document_get_text (document), 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *path = g_match_info_fetch (match, 1);

      if (pw_path_is_confined (path))
        add_unique (paths, path);
      g_match_info_next (match, NULL);
    }
}

/* Plans of endpoints first: their type names are the ones to reuse. */
static int
compare_plans (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  gboolean ex = strstr (x, "endpoint") != NULL || strstr (x, "api") != NULL;
  gboolean ey = strstr (y, "endpoint") != NULL || strstr (y, "api") != NULL;

  if (ex != ey)
    return ex ? -1 : 1;
  return g_strcmp0 (x, y);
}

/**
 * pw_draft_sources_new:
 * @workspace: the repository
 *
 * Takes the paths to read from @workspace, without reading any file: the
 * main thread may call it.
 *
 * Returns: (transfer full): the sources, not read yet
 */
PwDraftSources *
pw_draft_sources_new (PwWorkspace *workspace)
{
  PwDraftSources *self;
  GPtrArray *rules;
  GPtrArray *plans;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);

  self = g_new0 (PwDraftSources, 1);
  self->root = g_file_get_path (pw_workspace_get_root (workspace));
  self->type_paths = g_ptr_array_new_with_free_func (g_free);
  self->plan_paths = g_ptr_array_new_with_free_func (g_free);
  self->plans = g_string_new (NULL);
  self->other_plans = g_string_new (NULL);

  rules = pw_workspace_get_rules (workspace);
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    add_named_types (self->type_paths, g_ptr_array_index (rules, i));
  add_named_types (self->type_paths, pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_TECH_STACK));
  for (guint i = 0; i < G_N_ELEMENTS (fallback_types); i++)
    add_unique (self->type_paths, fallback_types[i]);

  plans = pw_workspace_get_plans (workspace);
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    add_unique (self->plan_paths, pw_document_get_relative_path (g_ptr_array_index (plans, i)));
  g_ptr_array_sort (self->plan_paths, compare_plans);

  return self;
}

/* @relative's text, when it is a regular file inside the repository of at
 * most @max bytes. */
static char *
read_inside (PwDraftSources *self,
             const char     *relative,
             gsize           max)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  char *contents = NULL;
  gsize length;

  if (self->root == NULL || !pw_path_is_confined (relative))
    return NULL;
  path = g_build_filename (self->root, relative, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) || !pw_path_resolves_inside (self->root, path))
    return NULL;
  file = g_file_new_for_path (path);
  if (!pw_file_read (file, max, &contents, &length, NULL, NULL))
    return NULL;
  if (!g_utf8_validate (contents, length, NULL))
    g_clear_pointer (&contents, g_free);
  return contents;
}

/* A plan of endpoints: its path or its first line says so. */
static gboolean
is_endpoint_plan (const char *relative,
                  const char *text)
{
  static const char pattern[] = "endpoint|punkt\\w* końcow|\\bapi\\b|\\b(GET|POST|PUT|PATCH|DELETE)\\s+/";
  g_autofree char *head = g_strndup (text, strcspn (text, "\n"));

  return strstr (relative, "endpoint") != NULL || strstr (relative, "/api/") != NULL ||
         g_regex_match_simple (pattern, head, G_REGEX_CASELESS, 0);
}

/**
 * pw_draft_sources_read:
 * @cancellable: (nullable): stops between files
 *
 * Reads the first types file that exists and the plans, each bounded and
 * inside the repository (a file too large, unreadable or not UTF-8 is
 * left out).  It blocks: call it from a worker thread.
 */
void
pw_draft_sources_read (PwDraftSources *self,
                       GCancellable   *cancellable)
{
  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->type_paths->len && self->types == NULL; i++)
    {
      const char *relative = g_ptr_array_index (self->type_paths, i);

      self->types = read_inside (self, relative, MAX_TYPES_BYTES);
      if (self->types != NULL)
        self->types_path = g_strdup (relative);
    }

  for (guint i = 0; i < self->plan_paths->len && self->n_plans < MAX_PLANS; i++)
    {
      const char *relative = g_ptr_array_index (self->plan_paths, i);
      g_autofree char *text = NULL;
      GString *into;

      if (g_cancellable_is_cancelled (cancellable))
        return;
      text = read_inside (self, relative, MAX_PLAN_BYTES);
      if (text == NULL || self->plans->len + self->other_plans->len + strlen (text) > MAX_PLANS_BYTES)
        continue;
      into = is_endpoint_plan (relative, text) ? self->plans : self->other_plans;
      g_string_append_printf (into, "%s%s", into->len > 0 ? "\n\n" : "", text);
      self->n_plans++;
    }
}

/**
 * pw_draft_sources_apply:
 * @generation: a generation for the offline draft planner
 *
 * Gives @generation the types file and the plans read.
 */
void
pw_draft_sources_apply (PwDraftSources *self,
                        PwGeneration   *generation)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (PW_IS_GENERATION (generation));

  pw_generation_set_types_text (generation, self->types_path, self->types);
  pw_generation_set_document_text (generation, PW_DOCUMENT_ROLE_PLAN, NULL,
                                   self->plans->len > 0 ? self->plans->str
                                   : self->other_plans->len > 0 ? self->other_plans->str : NULL);
}

/**
 * pw_draft_sources_get_types_path:
 *
 * Returns: (nullable): the types file read, relative to the repository
 */
const char *
pw_draft_sources_get_types_path (PwDraftSources *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->types_path;
}

/**
 * pw_draft_sources_get_n_plans:
 *
 * Returns: how many plans were read
 */
guint
pw_draft_sources_get_n_plans (PwDraftSources *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_plans;
}

void
pw_draft_sources_free (PwDraftSources *self)
{
  if (self == NULL)
    return;
  g_free (self->root);
  g_ptr_array_unref (self->type_paths);
  g_ptr_array_unref (self->plan_paths);
  g_free (self->types_path);
  g_free (self->types);
  g_string_free (self->plans, TRUE);
  g_string_free (self->other_plans, TRUE);
  g_free (self);
}
