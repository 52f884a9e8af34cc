/* pw-workspace.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-workspace"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "pw-file-io.h"
#include "pw-json-build.h"
#include "pw-rules.h"
#include "pw-utils.h"
#include "pw-workspace.h"

/*
 * Real repositories name their planning documents in many ways: tech_stack.md,
 * techstack.md, a tech-stack with no extension, an api_plan.md under .ai/api/,
 * a stray .ai/.ai/ copy. The workspace walks .ai/ and .cursor/rules/, gives
 * each file a role from its normalised base name and folder, and when several
 * files fit one role picks the best deterministically: the shallowest path,
 * then the conventional spelling, then the byte order of the path. The others
 * stay available as candidates.
 */

/*
 * Beyond .ai/ and .cursor/rules/, the scan looks for agent rule files
 * (AGENTS.md, CLAUDE.md, .github/instructions/, .kiro/steering/ …) and for
 * OpenAPI or Swagger documents. Those can be anywhere, so one bounded,
 * breadth-first walk of the repository lists its files, never entering
 * dependencies, build output or hidden folders; a YAML or JSON file whose
 * name or folder suggests an API description becomes a candidate only when
 * its first KiB hold a top-level `openapi` or `swagger` key. The list of files
 * also tells the rules ranking which backend code exists.
 */

/* How deep to look below .ai/; real repositories go three levels down. */
#define MAX_SCAN_DEPTH 4
/* The walk of the whole repository: how deep, how many entries. */
#define MAX_WALK_DEPTH 6
#define MAX_WALK_ENTRIES 20000
/* How many possible API descriptions are opened, and how much of each. */
#define MAX_SPEC_SNIFFS 64
#define SPEC_HEAD_SIZE (16 * 1024)
/* A rule file or tech stack bigger than this is not one. */
#define MAX_RULE_SIZE (1024 * 1024)

struct _PwWorkspace
{
  GObject          parent_instance;

  /* owned */
  GFile           *root;
  char            *name;
  GPtrArray       *candidates[PW_N_DOCUMENT_ROLES];  /* (element-type PwDocument) */
  GPtrArray       *rule_info;       /* (element-type PwRule), as the rules candidates */
  GPtrArray       *default_rules;   /* (element-type PwDocument), best first */
  PwRulesContext  *rules_context;   /* (nullable) */
  char           **remembered;      /* (nullable) relative paths of the remembered choice */
};

/* What one scan collects on its way. */
typedef struct
{
  GPtrArray *files;       /* (element-type utf8) every file the walk saw */
  GPtrArray *specs;       /* (element-type PwDocument) possible API descriptions */
  guint      entries;
} Scan;

G_DEFINE_FINAL_TYPE (PwWorkspace, pw_workspace, G_TYPE_OBJECT)

G_DEFINE_QUARK (pw-workspace-error-quark, pw_workspace_error)

enum {
  PROP_0,
  PROP_ROOT,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct
{
  PwDocumentRole  role;
  const char     *name;
  const char     *path;       /* conventional location */
} role_info[] = {
  { PW_DOCUMENT_ROLE_NONE, "none", NULL },
  { PW_DOCUMENT_ROLE_PRD, "prd", ".ai/prd.md" },
  { PW_DOCUMENT_ROLE_TECH_STACK, "tech_stack", ".ai/tech-stack.md" },
  { PW_DOCUMENT_ROLE_API_SPEC, "api_spec", ".ai/api-plan.md" },
  { PW_DOCUMENT_ROLE_DB_PLAN, "db_plan", ".ai/db-plan.md" },
  { PW_DOCUMENT_ROLE_RULES, "rules", ".cursor/rules/backend.mdc" },
  { PW_DOCUMENT_ROLE_PLAN, "plans", NULL },
};

const char *
pw_document_role_to_string (PwDocumentRole role)
{
  g_return_val_if_fail (role < PW_N_DOCUMENT_ROLES, NULL);

  return role_info[role].name;
}

PwDocumentRole
pw_document_role_from_string (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_info); i++)
    {
      if (g_strcmp0 (role_info[i].name, name) == 0)
        return role_info[i].role;
    }

  return PW_DOCUMENT_ROLE_NONE;
}

/* "Tech_Stack.md" → "tech-stack"; the extension goes when it is .md, .mdc,
 * .markdown or .txt. */
static char *
normalise_stem (const char *basename)
{
  static const char *extensions[] = { ".md", ".mdc", ".markdown", ".txt" };
  g_autofree char *lower = g_ascii_strdown (basename, -1);

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      if (g_str_has_suffix (lower, extensions[i]))
        {
          lower[strlen (lower) - strlen (extensions[i])] = '\0';
          break;
        }
    }

  g_strdelimit (lower, "_ .", '-');

  return g_steal_pointer (&lower);
}

static gboolean
stem_in (const char  *stem,
         const char **names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (stem, names[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_markdown_name (const char *lower)
{
  return g_str_has_suffix (lower, ".md") || g_str_has_suffix (lower, ".markdown")
         || strchr (lower, '.') == NULL;
}

static const char *prd_names[] = { "prd", "product-requirements", "product-requirements-document",
                                   "requirements", NULL };
static const char *stack_names[] = { "tech-stack", "techstack", "technology-stack", "stack",
                                     "tech", NULL };
static const char *api_names[] = { "api-plan", "api-spec", "api-specification", "rest-api-plan",
                                   "api", "rest-api", NULL };
static const char *db_names[] = { "db-plan", "database-plan", "db-schema", "database-schema",
                                  "schema-plan", "db", "database", NULL };

/* The inputs' names, as normalised stems. */
static const struct
{
  PwDocumentRole   role;
  const char     **names;
} input_names[] = {
  { PW_DOCUMENT_ROLE_PRD, prd_names },
  { PW_DOCUMENT_ROLE_TECH_STACK, stack_names },
  { PW_DOCUMENT_ROLE_API_SPEC, api_names },
  { PW_DOCUMENT_ROLE_DB_PLAN, db_names },
};

/* Folders that hold per-endpoint plans, whatever their names. */
static const char * const plan_folders[] = {
  ".ai/endpoints/", ".ai/api/", ".ai/plans/", ".ai/implementation-plans/",
};

/* The role of a Markdown document below .ai/. */
static PwDocumentRole
classify_ai_markdown (const char *stem,
                      const char *lower_path)
{
  for (guint i = 0; i < G_N_ELEMENTS (input_names); i++)
    {
      if (stem_in (stem, input_names[i].names))
        return input_names[i].role;
    }

  if (strstr (stem, "implementation") != NULL || g_str_equal (stem, "endpoints-plan"))
    return PW_DOCUMENT_ROLE_PLAN;

  for (guint i = 0; i < G_N_ELEMENTS (plan_folders); i++)
    {
      if (g_str_has_prefix (lower_path, plan_folders[i]))
        return PW_DOCUMENT_ROLE_PLAN;
    }

  return PW_DOCUMENT_ROLE_NONE;
}

/**
 * pw_document_role_classify:
 * @relative_path: a path below the repository root, "/"-separated
 *
 * Returns: the role a file at @relative_path plays, from its name and folder
 */
PwDocumentRole
pw_document_role_classify (const char *relative_path)
{
  g_autofree char *basename = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *lower_path = NULL;

  g_return_val_if_fail (relative_path != NULL, PW_DOCUMENT_ROLE_NONE);

  basename = g_path_get_basename (relative_path);
  lower = g_ascii_strdown (basename, -1);
  lower_path = g_ascii_strdown (relative_path, -1);
  stem = normalise_stem (basename);

  if (g_str_has_prefix (lower_path, ".cursor/rules/"))
    return g_str_has_suffix (lower, ".mdc") || g_str_has_suffix (lower, ".md")
           ? PW_DOCUMENT_ROLE_RULES : PW_DOCUMENT_ROLE_NONE;

  if (!g_str_has_prefix (lower_path, ".ai/"))
    return pw_rules_kind_for_path (relative_path) != NULL
           ? PW_DOCUMENT_ROLE_RULES : PW_DOCUMENT_ROLE_NONE;

  /* Cursor rule files kept in .ai/ are rules, unless they are a plan. */
  if (g_str_has_suffix (lower, ".mdc"))
    return strstr (stem, "implementation") != NULL ? PW_DOCUMENT_ROLE_PLAN : PW_DOCUMENT_ROLE_RULES;

  if (!is_markdown_name (lower))
    return PW_DOCUMENT_ROLE_NONE;

  return classify_ai_markdown (stem, lower_path);
}

static guint
path_depth (const char *relative_path)
{
  guint depth = 0;

  for (const char *p = relative_path; *p != '\0'; p++)
    depth += (*p == '/');

  return depth;
}

/* Lower is better: see the comment at the top. */
static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  PwDocument *da = *(PwDocument **)a;
  PwDocument *db = *(PwDocument **)b;
  const char *pa = pw_document_get_relative_path (da);
  const char *pb = pw_document_get_relative_path (db);
  const char *conventional = role_info[pw_document_get_role (da)].path;
  guint depth_a = path_depth (pa);
  guint depth_b = path_depth (pb);
  gboolean markdown_a = g_strcmp0 (pw_document_get_kind (da), "markdown") == 0;
  gboolean markdown_b = g_strcmp0 (pw_document_get_kind (db), "markdown") == 0;

  /* The API plan in Markdown stays the default beside an OpenAPI file. */
  if (markdown_a != markdown_b)
    return markdown_a ? -1 : 1;

  if (depth_a != depth_b)
    return depth_a < depth_b ? -1 : 1;

  if (conventional != NULL)
    {
      gboolean ca = g_str_equal (pa, conventional);
      gboolean cb = g_str_equal (pb, conventional);

      if (ca != cb)
        return ca ? -1 : 1;
    }

  return strcmp (pa, pb);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (pw_document_get_relative_path (*(PwDocument **)a),
                 pw_document_get_relative_path (*(PwDocument **)b));
}

/* A YAML or JSON file (a `.tpl` template of one too) whose name or folder
 * suggests an API description; its content decides. */
static gboolean
is_spec_candidate (const char *relative_path)
{
  static const char * const extensions[] = { ".yaml", ".yml", ".json", NULL };
  static const char * const folders[] = { "docs", "doc", "api", "apis", "spec", "specs",
                                          "openapi", "swagger", "contract", "contracts", NULL };
  static const char * const words[] = { "openapi", "swagger", "api", "spec", "specification",
                                        NULL };
  g_autofree char *lower = g_ascii_strdown (relative_path, -1);
  g_auto(GStrv) parts = NULL;
  g_autofree char *stem = NULL;
  char *dot;
  guint n;

  if (g_str_has_suffix (lower, ".tpl"))
    lower[strlen (lower) - 4] = '\0';
  dot = strrchr (lower, '.');
  if (dot == NULL || !g_strv_contains (extensions, dot))
    return FALSE;

  parts = g_strsplit (lower, "/", -1);
  n = g_strv_length (parts);
  stem = g_strndup (parts[n - 1], strrchr (parts[n - 1], '.') - parts[n - 1]);
  if (strstr (stem, "openapi") != NULL || strstr (stem, "swagger") != NULL)
    return TRUE;

  g_strdelimit (stem, "_. ", '-');
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *pattern = g_strdup_printf ("-%s-", words[i]);
      g_autofree char *framed = g_strdup_printf ("-%s-", stem);

      if (strstr (framed, pattern) != NULL)
        return TRUE;
    }

  for (guint i = 0; i + 1 < n; i++)
    {
      if (g_strv_contains (folders, parts[i]))
        return TRUE;
    }

  return FALSE;
}

/* The first @max bytes of a regular file; never waits on a FIFO. */
static char *
read_head (GFile *file,
           gsize  max,
           gsize *length)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize filled = 0;
  int fd;

  if (path == NULL || (fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0)) < 0)
    return NULL;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return NULL;
    }

  buffer = g_malloc (max + 1);
  while (filled < max)
    {
      gssize n = read (fd, buffer + filled, max - filled);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      filled += n;
    }
  close (fd);

  buffer[filled] = '\0';
  *length = filled;

  return g_steal_pointer (&buffer);
}

/* Where the sniffing of a possible API description stands. */
typedef struct
{
  const char *format;     /* the answer, once found */
  const char *pending;    /* the last top-level key, if openapi or swagger */
  gboolean    want_key;
  int         depth;
  gboolean    done;
} Sniff;

static void
sniff_scalar (Sniff      *sniff,
              const char *value)
{
  if (sniff->want_key)
    sniff->pending = g_str_equal (value, "openapi") ? "openapi"
                     : g_str_equal (value, "swagger") ? "swagger" : NULL;
  else if (sniff->pending != NULL)
    {
      sniff->format = g_ascii_isdigit (value[0]) ? sniff->pending : NULL;
      sniff->done = TRUE;
    }
  sniff->want_key = !sniff->want_key;
}

/* A value at the top level ended without being a version: no answer. */
static void
sniff_value_end (Sniff *sniff)
{
  if (sniff->pending != NULL && !sniff->want_key)
    sniff->done = TRUE;
  sniff->want_key = !sniff->want_key;
}

static void
sniff_event (Sniff        *sniff,
             yaml_event_t *event)
{
  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      if (sniff->depth == 1)
        sniff_scalar (sniff, (const char *) event->data.scalar.value);
      sniff->done = sniff->done || sniff->depth == 0;
      break;
    case YAML_ALIAS_EVENT:
      if (sniff->depth == 1)
        sniff_value_end (sniff);
      break;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      sniff->done = sniff->depth == 0 && event->type == YAML_SEQUENCE_START_EVENT;
      sniff->depth++;
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      if (--sniff->depth == 1)
        sniff_value_end (sniff);
      break;
    case YAML_DOCUMENT_END_EVENT:
    case YAML_STREAM_END_EVENT:
      sniff->done = TRUE;
      break;
    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    default:
      break;
    }
}

/* The events of the first document's top-level mapping, until a key
 * `openapi` or `swagger` with a version number for value shows up. A parse
 * error (or the end of the head) before that means no. */
static const char *
sniff_events (yaml_parser_t *parser)
{
  Sniff sniff = { NULL, NULL, TRUE, 0, FALSE };

  for (guint n = 0; n < 100000 && !sniff.done; n++)
    {
      yaml_event_t event;

      if (!yaml_parser_parse (parser, &event))
        return NULL;
      sniff_event (&sniff, &event);
      yaml_event_delete (&event);
    }

  return sniff.format;
}

/**
 * sniff_spec_format:
 * @head: the first bytes of a YAML or JSON file
 *
 * Returns: (nullable): "openapi" or "swagger" when @head starts a mapping
 *   with that top-level key, read by libyaml (JSON is YAML's flow style)
 */
static const char *
sniff_spec_format (const char *head,
                   gsize       length)
{
  yaml_parser_t parser;
  const char *format;

  if (!yaml_parser_initialize (&parser))
    return NULL;

  yaml_parser_set_input_string (&parser, (const unsigned char *) head, length);
  format = sniff_events (&parser);
  yaml_parser_delete (&parser);

  return format;
}

static PwDocument *
add_document (PwWorkspace    *self,
              GFile          *file,
              const char     *relative_path,
              PwDocumentRole  role)
{
  PwDocument *doc = pw_document_new (file, relative_path, role);

  /* A symbolic link out of the repository is kept, as outside. */
  pw_document_set_root (doc, self->root);
  if (role == PW_DOCUMENT_ROLE_API_SPEC)
    pw_document_set_kind (doc, "markdown");
  else if (role == PW_DOCUMENT_ROLE_RULES)
    pw_document_set_kind (doc, pw_rules_kind_for_path (relative_path));
  g_ptr_array_add (self->candidates[role], doc);

  return doc;
}

static void
consider_file (PwWorkspace *self,
               Scan        *scan,
               GFile       *file,
               const char  *relative_path)
{
  PwDocumentRole role = pw_document_role_classify (relative_path);

  if (role != PW_DOCUMENT_ROLE_NONE)
    add_document (self, file, relative_path, role);
  else if (scan->specs->len < MAX_SPEC_SNIFFS && is_spec_candidate (relative_path))
    {
      PwDocument *doc = pw_document_new (file, relative_path, PW_DOCUMENT_ROLE_API_SPEC);

      pw_document_set_root (doc, self->root);
      g_ptr_array_add (scan->specs, doc);
    }
}

static void
scan_folder (PwWorkspace   *self,
             Scan          *scan,
             GFile         *folder,
             const char    *relative,
             guint          depth,
             GCancellable  *cancellable)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  enumerator = g_file_enumerate_children (folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (enumerator == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
        g_debug ("Cannot list %s: %s", relative, error->message);
      return;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;
      g_autofree char *child_relative = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, cancellable, &error))
        {
          g_debug ("Cannot list %s: %s", relative, error->message);
          break;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      child_relative = g_build_path ("/", relative, name, NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (depth < MAX_SCAN_DEPTH && !g_str_equal (name, "templates"))
            scan_folder (self, scan, child, child_relative, depth + 1, cancellable);
        }
      else if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        consider_file (self, scan, child, child_relative);
    }
}

/* Dependencies, build output and hidden folders (.git, .venv …; the ones
 * that hold rules are scanned on their own). */
static gboolean
skip_folder (const char *name)
{
  static const char * const skipped[] = {
    "node_modules", "build", "dist", "target", "out", "venv", "vendor", "bin", "obj",
    "__pycache__", "coverage", "bower_components", "site-packages", NULL
  };

  return name[0] == '.' || g_str_has_prefix (name, "_build") || g_strv_contains (skipped, name);
}

typedef struct
{
  GFile *folder;
  char  *relative;
  guint  depth;
} WalkItem;

static void
walk_item_free (gpointer data)
{
  WalkItem *item = data;

  g_object_unref (item->folder);
  g_free (item->relative);
  g_free (item);
}

static void
queue_folder (GQueue     *queue,
              GFile      *folder,
              const char *relative,
              guint       depth)
{
  WalkItem *item = g_new0 (WalkItem, 1);

  item->folder = g_object_ref (folder);
  item->relative = g_strdup (relative);
  item->depth = depth;
  g_queue_push_tail (queue, item);
}

/* A symbolic link is never followed into a folder; a link to a file is
 * considered (the document records whether it leads outside). */
static void
walk_entry (PwWorkspace *self,
            Scan        *scan,
            GQueue      *queue,
            WalkItem    *item,
            GFileInfo   *info,
            GFile       *child)
{
  const char *name = g_file_info_get_name (info);
  GFileType type = g_file_info_get_file_type (info);
  g_autofree char *relative = item->relative[0] != '\0'
                              ? g_build_path ("/", item->relative, name, NULL)
                              : g_strdup (name);

  if (type == G_FILE_TYPE_DIRECTORY)
    {
      if (item->depth < MAX_WALK_DEPTH && !skip_folder (name))
        queue_folder (queue, child, relative, item->depth + 1);
      return;
    }

  if (type == G_FILE_TYPE_SYMBOLIC_LINK
      && g_file_query_file_type (child, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_REGULAR)
    return;
  if (type != G_FILE_TYPE_REGULAR && type != G_FILE_TYPE_SYMBOLIC_LINK)
    return;

  if (type == G_FILE_TYPE_REGULAR)
    g_ptr_array_add (scan->files, g_strdup (relative));
  consider_file (self, scan, child, relative);
}

static void
walk_folder (PwWorkspace  *self,
             Scan         *scan,
             GQueue       *queue,
             WalkItem     *item,
             GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  enumerator = g_file_enumerate_children (item->folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable,
                                          &error);
  if (enumerator == NULL)
    {
      g_debug ("Cannot list %s: %s", item->relative, error->message);
      return;
    }

  while (scan->entries < MAX_WALK_ENTRIES)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, cancellable, &error))
        {
          g_debug ("Cannot list %s: %s", item->relative, error->message);
          return;
        }
      if (info == NULL)
        return;

      scan->entries++;
      walk_entry (self, scan, queue, item, info, child);
    }
}

/* Breadth first, so that the bound cuts the deepest folders. */
static void
walk_repository (PwWorkspace  *self,
                 Scan         *scan,
                 GCancellable *cancellable)
{
  GQueue queue = G_QUEUE_INIT;

  queue_folder (&queue, self->root, "", 0);
  while (!g_queue_is_empty (&queue) && scan->entries < MAX_WALK_ENTRIES
         && !g_cancellable_is_cancelled (cancellable))
    {
      WalkItem *item = g_queue_pop_head (&queue);

      walk_folder (self, scan, &queue, item, cancellable);
      walk_item_free (item);
    }

  if (scan->entries >= MAX_WALK_ENTRIES)
    g_debug ("Stopped looking after %u entries", scan->entries);
  g_queue_clear_full (&queue, walk_item_free);
}

/* Opens the possible API descriptions and keeps the ones that are. */
static void
confirm_specs (PwWorkspace *self,
               Scan        *scan)
{
  for (guint i = 0; i < scan->specs->len; i++)
    {
      PwDocument *doc = g_ptr_array_index (scan->specs, i);
      g_autofree char *head = NULL;
      const char *format;
      gsize length = 0;

      if (pw_document_get_outside (doc)
          || (head = read_head (pw_document_get_file (doc), SPEC_HEAD_SIZE, &length)) == NULL
          || (format = sniff_spec_format (head, length)) == NULL)
        continue;

      pw_document_set_kind (doc, format);
      g_ptr_array_add (self->candidates[PW_DOCUMENT_ROLE_API_SPEC], g_object_ref (doc));
    }
}

static char *
read_text (PwDocument *doc,
           GError    **error)
{
  char *text = NULL;

  if (pw_document_get_outside (doc))
    {
      g_set_error_literal (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_OUTSIDE,
                           _("A link out of the repository: not read"));
      return NULL;
    }

  if (!pw_file_read (pw_document_get_file (doc), MAX_RULE_SIZE, &text, NULL, NULL, error))
    return NULL;

  return text;
}

static void
choose_default_rules (PwWorkspace *self)
{
  g_autoptr(GPtrArray) chosen = pw_rules_choose (self->rule_info);

  g_ptr_array_set_size (self->default_rules, 0);
  for (guint i = 0; i < chosen->len; i++)
    {
      PwRule *rule = g_ptr_array_index (chosen, i);
      PwDocument *doc = pw_workspace_lookup (self, rule->path);

      if (doc != NULL)
        g_ptr_array_add (self->default_rules, g_object_ref (doc));
    }
}

static PwRule *
rule_for_document (PwDocument *doc)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = read_text (doc, &error);
  PwRule *rule = pw_rule_new (pw_document_get_relative_path (doc), text,
                              text != NULL ? strlen (text) : 0);

  if (text == NULL)
    {
      g_debug ("%s: %s", pw_document_get_relative_path (doc), error->message);
      rule->warning = g_strdup (error->message);
    }

  return rule;
}

/* Reads every rules file's front matter and the tech stack, and ranks. */
static void
rank_rules (PwWorkspace *self,
            Scan        *scan)
{
  GPtrArray *rules = self->candidates[PW_DOCUMENT_ROLE_RULES];
  PwDocument *stack = pw_workspace_get_document (self, PW_DOCUMENT_ROLE_TECH_STACK);
  g_autofree char *stack_text = stack != NULL ? read_text (stack, NULL) : NULL;

  g_clear_pointer (&self->rules_context, pw_rules_context_free);
  self->rules_context = pw_rules_context_new (stack_text, scan->files);

  g_ptr_array_set_size (self->rule_info, 0);
  for (guint i = 0; i < rules->len; i++)
    {
      PwRule *rule = rule_for_document (g_ptr_array_index (rules, i));

      pw_rule_rank (rule, self->rules_context);
      g_ptr_array_add (self->rule_info, rule);
    }

  choose_default_rules (self);
}

static char *
state_file (void)
{
  return g_build_filename (g_get_user_state_dir (), "planwright", "rules.json", NULL);
}

/* The key of the repository in the state file: its real path. */
static char *
state_key (PwWorkspace *self)
{
  g_autofree char *path = g_file_get_path (self->root);
  char *real;

  if (path == NULL)
    return g_file_get_uri (self->root);

  real = realpath (path, NULL);
  if (real == NULL)
    return g_steal_pointer (&path);

  path = g_strdup (real);
  free (real);

  return g_steal_pointer (&path);
}

static void
load_remembered (PwWorkspace *self)
{
  g_autofree char *file = state_file ();
  g_autofree char *key = state_key (self);

  g_clear_pointer (&self->remembered, g_strfreev);
  self->remembered = pw_rules_state_lookup (file, key);
}

static void
pw_workspace_finalize (GObject *object)
{
  PwWorkspace *self = (PwWorkspace *)object;

  g_clear_object (&self->root);
  g_clear_pointer (&self->name, g_free);
  for (guint i = 0; i < PW_N_DOCUMENT_ROLES; i++)
    g_clear_pointer (&self->candidates[i], g_ptr_array_unref);
  g_clear_pointer (&self->rule_info, g_ptr_array_unref);
  g_clear_pointer (&self->default_rules, g_ptr_array_unref);
  g_clear_pointer (&self->rules_context, pw_rules_context_free);
  g_clear_pointer (&self->remembered, g_strfreev);

  G_OBJECT_CLASS (pw_workspace_parent_class)->finalize (object);
}

static void
pw_workspace_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PwWorkspace *self = PW_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_ROOT: g_value_set_object (value, self->root); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_workspace_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PwWorkspace *self = PW_WORKSPACE (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      self->root = g_value_dup_object (value);
      self->name = g_file_get_basename (self->root);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_workspace_class_init (PwWorkspaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pw_workspace_finalize;
  object_class->get_property = pw_workspace_get_property;
  object_class->set_property = pw_workspace_set_property;

  properties[PROP_ROOT] =
    g_param_spec_object ("root", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pw_workspace_init (PwWorkspace *self)
{
  for (guint i = 0; i < PW_N_DOCUMENT_ROLES; i++)
    self->candidates[i] = g_ptr_array_new_with_free_func (g_object_unref);
  self->rule_info = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_rule_free);
  self->default_rules = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * pw_workspace_new:
 * @root: the repository folder
 *
 * Returns: (transfer full): a workspace that has not scanned yet
 */
PwWorkspace *
pw_workspace_new (GFile *root)
{
  g_return_val_if_fail (G_IS_FILE (root), NULL);

  return g_object_new (PW_TYPE_WORKSPACE, "root", root, NULL);
}

/**
 * pw_workspace_open:
 * @root: the repository folder
 *
 * Creates a workspace and scans it.
 *
 * Returns: (transfer full) (nullable): the workspace, or %NULL if @root is
 *   not a readable folder
 */
PwWorkspace *
pw_workspace_open (GFile         *root,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(PwWorkspace) self = NULL;

  g_return_val_if_fail (G_IS_FILE (root), NULL);

  self = pw_workspace_new (root);
  if (!pw_workspace_scan (self, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Folders of rules and planning documents below hidden folders, which
 * the walk does not enter, with the depth they start at. */
static const struct
{
  const char *path;
  guint       depth;
} hidden_folders[] = {
  { ".ai", 1 }, { ".cursor/rules", 2 }, { ".github", 1 }, { ".kiro/steering", 2 },
  { ".windsurf/rules", 2 }, { ".clinerules", 1 },
};

static void
scan_documents (PwWorkspace  *self,
                GCancellable *cancellable)
{
  Scan scan = { g_ptr_array_new_with_free_func (g_free),
                g_ptr_array_new_with_free_func (g_object_unref), 0 };

  for (guint i = 0; i < G_N_ELEMENTS (hidden_folders); i++)
    {
      g_autoptr(GFile) folder = g_file_resolve_relative_path (self->root, hidden_folders[i].path);

      scan_folder (self, &scan, folder, hidden_folders[i].path, hidden_folders[i].depth,
                   cancellable);
    }
  walk_repository (self, &scan, cancellable);
  confirm_specs (self, &scan);

  for (guint i = 0; i < PW_N_DOCUMENT_ROLES; i++)
    {
      if (i == PW_DOCUMENT_ROLE_RULES || i == PW_DOCUMENT_ROLE_PLAN)
        g_ptr_array_sort (self->candidates[i], compare_paths);
      else
        g_ptr_array_sort (self->candidates[i], compare_candidates);
    }

  rank_rules (self, &scan);
  load_remembered (self);

  g_ptr_array_unref (scan.files);
  g_ptr_array_unref (scan.specs);
}

/**
 * pw_workspace_scan:
 *
 * Finds the planning documents again, forgetting the previous scan.
 *
 * Returns: %TRUE if the root is a readable folder
 */
gboolean
pw_workspace_scan (PwWorkspace   *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileEnumerator) probe = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PW_IS_WORKSPACE (self), FALSE);

  display = g_file_get_parse_name (self->root);
  info = g_file_query_info (self->root, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_NOT_A_FOLDER,
                   _("Cannot open “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_NOT_A_FOLDER,
                   _("“%s” is not a folder"), display);
      return FALSE;
    }

  /* A folder we cannot list is an error, not an empty repository. */
  probe = g_file_enumerate_children (self->root, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                     G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (probe == NULL)
    {
      g_set_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_NOT_A_FOLDER,
                   _("Cannot read the folder “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < PW_N_DOCUMENT_ROLES; i++)
    g_ptr_array_set_size (self->candidates[i], 0);

  scan_documents (self, cancellable);

  return TRUE;
}

GFile *
pw_workspace_get_root (PwWorkspace *self)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  return self->root;
}

/**
 * pw_workspace_get_name:
 *
 * Returns: the repository folder's name, for titles
 */
const char *
pw_workspace_get_name (PwWorkspace *self)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  return self->name;
}

/**
 * pw_workspace_get_document:
 * @role: a single-document role (PRD, tech stack, API spec, db plan) or
 *   %PW_DOCUMENT_ROLE_RULES for the default rules file
 *
 * Returns: (transfer none) (nullable): the best document for @role
 */
PwDocument *
pw_workspace_get_document (PwWorkspace    *self,
                           PwDocumentRole  role)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (role < PW_N_DOCUMENT_ROLES, NULL);

  if (role == PW_DOCUMENT_ROLE_RULES)
    return pw_workspace_get_default_rules (self);

  if (role == PW_DOCUMENT_ROLE_NONE || self->candidates[role]->len == 0)
    return NULL;

  return g_ptr_array_index (self->candidates[role], 0);
}

/**
 * pw_workspace_get_candidates:
 *
 * Returns: (transfer none) (element-type PwDocument): every file that fits
 *   @role, best first
 */
GPtrArray *
pw_workspace_get_candidates (PwWorkspace    *self,
                             PwDocumentRole  role)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (role < PW_N_DOCUMENT_ROLES, NULL);

  return self->candidates[role];
}

/**
 * pw_workspace_get_rules:
 *
 * Returns: (transfer none) (element-type PwDocument): the rules files, by path
 */
GPtrArray *
pw_workspace_get_rules (PwWorkspace *self)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  return self->candidates[PW_DOCUMENT_ROLE_RULES];
}

/**
 * pw_workspace_get_default_rules:
 *
 * The best of pw_workspace_dup_default_rules(): `backend.mdc` in most
 * repositories, never a file unrelated to the backend.
 *
 * Returns: (transfer none) (nullable): the default rules document
 */
PwDocument *
pw_workspace_get_default_rules (PwWorkspace *self)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  return self->default_rules->len > 0 ? g_ptr_array_index (self->default_rules, 0) : NULL;
}

/**
 * pw_workspace_dup_default_rules:
 *
 * The rules files chosen by relevance to implementing the backend (see
 * pw-rules.c): the relevant always-apply ones and the two best others,
 * best first. pw_rules_describe() on pw_workspace_get_rule_info() says why.
 *
 * Returns: (transfer container) (element-type PwDocument): the default
 *   choice, maybe empty; it never holds an unrelated file
 */
GPtrArray *
pw_workspace_dup_default_rules (PwWorkspace *self)
{
  GPtrArray *docs;

  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  docs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->default_rules->len; i++)
    g_ptr_array_add (docs, g_object_ref (g_ptr_array_index (self->default_rules, i)));

  return docs;
}

/**
 * pw_workspace_get_rule_info:
 * @document: one of the workspace's rules files
 *
 * Returns: (transfer none) (nullable): its kind, front matter, relevance and
 *   reasons, or %NULL for a document that is not a rules file of the scan
 */
const PwRule *
pw_workspace_get_rule_info (PwWorkspace *self,
                            PwDocument  *document)
{
  const char *path;

  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (PW_IS_DOCUMENT (document), NULL);

  path = pw_document_get_relative_path (document);
  for (guint i = 0; i < self->rule_info->len; i++)
    {
      PwRule *rule = g_ptr_array_index (self->rule_info, i);

      if (g_str_equal (rule->path, path))
        return rule;
    }

  return NULL;
}

/**
 * pw_workspace_dup_remembered_rules:
 *
 * The rules chosen for this repository last time, as the scan read them
 * from the state file (no disk access here). Paths that are no longer
 * rules files of the repository are skipped.
 *
 * Returns: (transfer container) (nullable) (element-type PwDocument): the
 *   remembered choice, maybe empty when none was chosen; %NULL when nothing
 *   is remembered or none of the remembered files exists any more
 */
GPtrArray *
pw_workspace_dup_remembered_rules (PwWorkspace *self)
{
  g_autoptr(GPtrArray) docs = NULL;
  GPtrArray *rules;

  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  if (self->remembered == NULL)
    return NULL;

  rules = self->candidates[PW_DOCUMENT_ROLE_RULES];
  docs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->remembered[i] != NULL; i++)
    {
      for (guint j = 0; j < rules->len; j++)
        {
          PwDocument *doc = g_ptr_array_index (rules, j);

          if (g_str_equal (pw_document_get_relative_path (doc), self->remembered[i]))
            g_ptr_array_add (docs, g_object_ref (doc));
        }
    }

  if (docs->len == 0 && self->remembered[0] != NULL)
    return NULL;

  return g_steal_pointer (&docs);
}

static char **
paths_of (GPtrArray *documents)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; documents != NULL && i < documents->len; i++)
    g_strv_builder_add (builder, pw_document_get_relative_path (g_ptr_array_index (documents, i)));

  return g_strv_builder_end (builder);
}

/**
 * pw_workspace_remember_rules:
 * @documents: (nullable) (element-type PwDocument): the chosen rules files;
 *   %NULL or empty remembers that none was chosen
 *
 * Remembers the choice for this repository (keyed by its real path) in
 * `$XDG_STATE_HOME/planwright/rules.json`, written atomically. Blocks on
 * disk: call it from a worker thread in a UI.
 *
 * Returns: %TRUE if the choice was written
 */
gboolean
pw_workspace_remember_rules (PwWorkspace  *self,
                             GPtrArray    *documents,
                             GError      **error)
{
  g_auto(GStrv) paths = NULL;
  g_autofree char *file = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (PW_IS_WORKSPACE (self), FALSE);

  paths = paths_of (documents);
  file = state_file ();
  key = state_key (self);
  if (!pw_rules_state_store (file, key, (const char * const *) paths, error))
    return FALSE;

  g_clear_pointer (&self->remembered, g_strfreev);
  self->remembered = g_steal_pointer (&paths);

  return TRUE;
}

/**
 * pw_workspace_get_plans:
 *
 * Returns: (transfer none) (element-type PwDocument): existing plans, by path
 */
GPtrArray *
pw_workspace_get_plans (PwWorkspace *self)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  return self->candidates[PW_DOCUMENT_ROLE_PLAN];
}

/**
 * pw_workspace_add_plan:
 * @relative_path: a plan just written into the repository
 *
 * Makes a plan saved since the scan one of the workspace's plans (no disk
 * access), so that the plan index finds it without a new scan. A path
 * already known is left alone.
 */
void
pw_workspace_add_plan (PwWorkspace *self,
                       const char  *relative_path)
{
  g_autoptr(GFile) file = NULL;

  g_return_if_fail (PW_IS_WORKSPACE (self));
  g_return_if_fail (relative_path != NULL);

  if (pw_workspace_lookup (self, relative_path) != NULL)
    return;

  file = g_file_resolve_relative_path (self->root, relative_path);
  g_ptr_array_add (self->candidates[PW_DOCUMENT_ROLE_PLAN],
                   pw_document_new (file, relative_path, PW_DOCUMENT_ROLE_PLAN));
  g_ptr_array_sort (self->candidates[PW_DOCUMENT_ROLE_PLAN], compare_paths);
}

/**
 * pw_workspace_lookup:
 * @relative_path: a path as found by the scan
 *
 * Returns: (transfer none) (nullable): the document found at @relative_path
 */
PwDocument *
pw_workspace_lookup (PwWorkspace *self,
                     const char  *relative_path)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (relative_path != NULL, NULL);

  for (guint r = 0; r < PW_N_DOCUMENT_ROLES; r++)
    {
      for (guint i = 0; i < self->candidates[r]->len; i++)
        {
          PwDocument *doc = g_ptr_array_index (self->candidates[r], i);

          if (g_str_equal (pw_document_get_relative_path (doc), relative_path))
            return doc;
        }
    }

  return NULL;
}

/**
 * pw_workspace_resolve_reference:
 * @reference: a template reference such as "@.ai/tech-stack.md"
 *
 * Finds the document a template means: an exact path first, then the
 * document found for the role that the path's name implies, so that
 * "@.ai/tech-stack.md" reaches `tech_stack.md`. A rules reference
 * (".cursor/rules/backend.mdc") falls back to the default rules file.
 *
 * Returns: (transfer none) (nullable): the document, or %NULL
 */
PwDocument *
pw_workspace_resolve_reference (PwWorkspace *self,
                                const char  *reference)
{
  PwDocument *exact;
  PwDocumentRole role;

  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  if (reference[0] == '@')
    reference++;
  while (g_str_has_prefix (reference, "./"))
    reference += 2;

  exact = pw_workspace_lookup (self, reference);
  if (exact != NULL)
    return exact;

  role = pw_document_role_classify (reference);
  if (role == PW_DOCUMENT_ROLE_NONE || role == PW_DOCUMENT_ROLE_PLAN)
    return NULL;

  return pw_workspace_get_document (self, role);
}

/**
 * pw_workspace_conventional_path:
 *
 * Returns: (transfer full) (nullable): where a new document for @role goes
 */
char *
pw_workspace_conventional_path (PwDocumentRole role)
{
  g_return_val_if_fail (role < PW_N_DOCUMENT_ROLES, NULL);

  return g_strdup (role_info[role].path);
}

static const char *
skeleton_for_role (PwDocumentRole role)
{
  switch (role)
    {
    case PW_DOCUMENT_ROLE_PRD:
      return "# Product Requirements Document\n\n"
             "## 1. Product overview\n\n"
             "## 2. User problem\n\n"
             "## 3. Functional requirements\n\n"
             "## 4. Product boundaries\n\n"
             "## 5. User stories\n\n"
             "### US-001: \n\n"
             "- Description: \n"
             "- Acceptance criteria:\n"
             "  - \n\n"
             "## 6. Success metrics\n";
    case PW_DOCUMENT_ROLE_TECH_STACK:
      return "# Tech stack\n\n"
             "## Frontend\n\n"
             "## Backend\n\n"
             "## Database\n\n"
             "## Testing\n\n"
             "## CI/CD and hosting\n";
    case PW_DOCUMENT_ROLE_API_SPEC:
      return "# REST API Plan\n\n"
             "## 1. Resources\n\n"
             "## 2. Endpoints\n\n"
             "### GET /api/resource\n\n"
             "- Description: \n"
             "- Query parameters: \n"
             "- Response: \n"
             "- Success: 200 OK\n"
             "- Errors: 400, 401, 404\n\n"
             "## 3. Authentication and authorization\n\n"
             "## 4. Validation and business logic\n";
    case PW_DOCUMENT_ROLE_DB_PLAN:
      return "# Database schema\n\n"
             "## 1. Tables\n\n"
             "## 2. Relations\n\n"
             "## 3. Indexes\n\n"
             "## 4. Row-level security\n";
    case PW_DOCUMENT_ROLE_RULES:
      return "---\n"
             "description: Backend implementation rules\n"
             "globs: src/**/*.ts\n"
             "alwaysApply: false\n"
             "---\n\n"
             "# Backend rules\n\n"
             "- Validate every input at the edge of the API.\n"
             "- Keep business logic in services, not in route handlers.\n"
             "- Return early on errors; use guard clauses.\n";
    case PW_DOCUMENT_ROLE_NONE:
    case PW_DOCUMENT_ROLE_PLAN:
    default:
      return NULL;
    }
}

static void
remember_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = state_file ();
  g_autofree char *key = state_key (source_object);

  if (!pw_rules_state_store (file, key, task_data, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * pw_workspace_remember_rules_async:
 * @documents: (nullable) (element-type PwDocument): the chosen rules files
 *
 * Remembers the choice as pw_workspace_remember_rules() does, writing in a
 * worker thread; pw_workspace_dup_remembered_rules() returns it once
 * pw_workspace_remember_rules_finish() has succeeded.
 */
void
pw_workspace_remember_rules_async (PwWorkspace         *self,
                                   GPtrArray           *documents,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PW_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_workspace_remember_rules_async);
  g_task_set_task_data (task, paths_of (documents), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, remember_thread);
}

/**
 * pw_workspace_remember_rules_finish:
 *
 * Returns: %TRUE if the choice was written
 */
gboolean
pw_workspace_remember_rules_finish (PwWorkspace   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  g_clear_pointer (&self->remembered, g_strfreev);
  self->remembered = g_strdupv (g_task_get_task_data (G_TASK (result)));

  return TRUE;
}

/* A rules file created after the scan joins the ranking, from its text. */
static void
add_rule_document (PwWorkspace *self,
                   PwDocument  *doc)
{
  PwRule *rule;

  if (self->rules_context == NULL)
    self->rules_context = pw_rules_context_new (NULL, NULL);

  pw_document_set_kind (doc, pw_rules_kind_for_path (pw_document_get_relative_path (doc)));
  rule = pw_rule_new (pw_document_get_relative_path (doc), pw_document_get_text (doc),
                      pw_document_get_length (doc));
  pw_rule_rank (rule, self->rules_context);
  g_ptr_array_add (self->rule_info, rule);
  choose_default_rules (self);
}

/**
 * pw_workspace_create_document:
 * @role: the role of the missing document
 *
 * Writes a skeleton at the conventional path for @role and adds it to the
 * workspace. An existing file at that path is never overwritten.
 *
 * Returns: (transfer none) (nullable): the new, loaded document
 */
PwDocument *
pw_workspace_create_document (PwWorkspace     *self,
                              PwDocumentRole   role,
                              GError         **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(PwDocument) doc = NULL;
  const char *skeleton;
  const char *path;

  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  skeleton = skeleton_for_role (role);
  path = role_info[role].path;
  g_return_val_if_fail (skeleton != NULL && path != NULL, NULL);

  file = pw_workspace_resolve_path (self, path, error);
  if (file == NULL)
    return NULL;

  parent = g_file_get_parent (file);
  if (!g_file_make_directory_with_parents (parent, NULL, error))
    {
      if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return NULL;
      g_clear_error (error);
    }

  /* Never over an existing file (or link); a failed write leaves nothing. */
  if (g_file_query_exists (file, NULL)
      || g_file_test (g_file_peek_path (file), G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("Could not create “%s”: it exists"),
                   path);
      return NULL;
    }
  if (!pw_file_replace (file, skeleton, strlen (skeleton), NULL, PW_FILE_REPLACE_NONE, NULL,
                        NULL, error))
    {
      g_prefix_error (error, _("Could not create “%s”: "), path);
      return NULL;
    }

  doc = pw_document_new (file, path, role);
  pw_document_set_root (doc, self->root);
  if (!pw_document_load (doc, NULL, error))
    return NULL;

  g_ptr_array_insert (self->candidates[role], 0, g_object_ref (doc));
  if (role == PW_DOCUMENT_ROLE_RULES)
    add_rule_document (self, doc);
  else if (role == PW_DOCUMENT_ROLE_API_SPEC)
    pw_document_set_kind (doc, "markdown");

  return doc;
}

/**
 * pw_workspace_resolve_path:
 * @relative_path: a path that must stay inside the repository
 *
 * Refuses absolute paths, `..` components, and paths whose existing folders
 * lead outside the root through a symbolic link.
 *
 * Returns: (transfer full) (nullable): the file, or %NULL with
 *   %PW_WORKSPACE_ERROR_OUTSIDE_ROOT
 */
GFile *
pw_workspace_resolve_path (PwWorkspace  *self,
                           const char   *relative_path,
                           GError      **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *root_path = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  if (!pw_path_is_confined (relative_path))
    {
      g_set_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_OUTSIDE_ROOT,
                   _("“%s” is outside the repository"), relative_path ? relative_path : "");
      return NULL;
    }

  file = g_file_resolve_relative_path (self->root, relative_path);
  root_path = g_file_get_path (self->root);
  if (root_path == NULL)
    return g_steal_pointer (&file);

  path = g_file_get_path (file);
  if (!pw_path_resolves_inside (root_path, path))
    {
      g_set_error (error, PW_WORKSPACE_ERROR, PW_WORKSPACE_ERROR_OUTSIDE_ROOT,
                   _("“%s” leads outside the repository through a symbolic link"),
                   relative_path);
      return NULL;
    }

  return g_steal_pointer (&file);
}

/**
 * pw_workspace_load_documents:
 *
 * Reads every role document and rules file that is not loaded yet. A file
 * that cannot be read is skipped (logged); the first such error is returned
 * after all were tried.
 *
 * Returns: %TRUE if every document was read
 */
gboolean
pw_workspace_load_documents (PwWorkspace   *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GError) first = NULL;

  g_return_val_if_fail (PW_IS_WORKSPACE (self), FALSE);

  for (guint r = PW_DOCUMENT_ROLE_PRD; r <= PW_DOCUMENT_ROLE_RULES; r++)
    {
      GPtrArray *docs = self->candidates[r];

      for (guint i = 0; i < docs->len; i++)
        {
          PwDocument *doc = g_ptr_array_index (docs, i);
          g_autoptr(GError) local_error = NULL;

          if (pw_document_get_loaded (doc))
            continue;

          /* Only the chosen document of a single role is needed. */
          if (r != PW_DOCUMENT_ROLE_RULES && i > 0)
            break;

          if (!pw_document_load (doc, cancellable, &local_error))
            {
              g_debug ("%s", local_error->message);
              if (first == NULL)
                first = g_steal_pointer (&local_error);
            }
        }
    }

  if (first != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return FALSE;
    }

  return TRUE;
}

static void
add_path_array (JsonBuilder *builder,
                const char  *name,
                GPtrArray   *docs)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < docs->len; i++)
    json_builder_add_string_value (builder,
                                   pw_document_get_relative_path (g_ptr_array_index (docs, i)));
  json_builder_end_array (builder);
}

/* Every document found whose path leads out of the repository. */
static void
add_outside (JsonBuilder *builder,
             PwWorkspace *self)
{
  json_builder_set_member_name (builder, "outside");
  json_builder_begin_array (builder);
  for (guint r = 0; r < PW_N_DOCUMENT_ROLES; r++)
    {
      for (guint i = 0; i < self->candidates[r]->len; i++)
        {
          PwDocument *doc = g_ptr_array_index (self->candidates[r], i);

          if (pw_document_get_outside (doc))
            json_builder_add_string_value (builder, pw_document_get_relative_path (doc));
        }
    }
  json_builder_end_array (builder);
}

static void
add_rule_files (JsonBuilder *builder,
                PwWorkspace *self)
{
  json_builder_set_member_name (builder, "rule_files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->rule_info->len; i++)
    {
      PwRule *rule = g_ptr_array_index (self->rule_info, i);
      gboolean chosen = FALSE;

      for (guint j = 0; j < self->default_rules->len; j++)
        chosen = chosen || g_str_equal (rule->path, pw_document_get_relative_path (
                                          g_ptr_array_index (self->default_rules, j)));

      json_builder_begin_object (builder);
      pw_rule_build_json (rule, builder);
      pw_json_build_boolean (builder, "default", chosen);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_api_specs (JsonBuilder *builder,
               PwWorkspace *self)
{
  GPtrArray *specs = self->candidates[PW_DOCUMENT_ROLE_API_SPEC];

  json_builder_set_member_name (builder, "api_specs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < specs->len; i++)
    {
      PwDocument *doc = g_ptr_array_index (specs, i);

      json_builder_begin_object (builder);
      pw_json_build_string (builder, "path", pw_document_get_relative_path (doc));
      pw_json_build_string (builder, "format", pw_document_get_kind (doc));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/**
 * pw_workspace_to_json:
 *
 * Returns: (transfer full): `{"root", "prd", "tech_stack", "api_spec",
 *   "db_plan", "rules": […], "plans": […], "outside": […], "default_rules":
 *   […], "rule_files": [{"path", "kind", "description", "globs",
 *   "alwaysApply", "relevant", "score", "reason", "warning", "default"}],
 *   "api_specs": [{"path", "format"}]}` with paths relative to the root and
 *   null for a missing document; "outside" lists the documents whose path
 *   leads out of the repository (never read); "api_specs" lists every
 *   candidate, best first, with its format: markdown, openapi or swagger
 */
JsonNode *
pw_workspace_to_json (PwWorkspace *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *root = NULL;
  static const PwDocumentRole single[] = {
    PW_DOCUMENT_ROLE_PRD, PW_DOCUMENT_ROLE_TECH_STACK,
    PW_DOCUMENT_ROLE_API_SPEC, PW_DOCUMENT_ROLE_DB_PLAN,
  };

  g_return_val_if_fail (PW_IS_WORKSPACE (self), NULL);

  root = g_file_get_path (self->root);
  if (root == NULL)
    root = g_file_get_uri (self->root);

  json_builder_begin_object (builder);
  pw_json_build_string (builder, "root", root);

  for (guint i = 0; i < G_N_ELEMENTS (single); i++)
    {
      PwDocument *doc = pw_workspace_get_document (self, single[i]);

      pw_json_build_string (builder, role_info[single[i]].name,
                            doc != NULL ? pw_document_get_relative_path (doc) : NULL);
    }

  add_path_array (builder, "rules", self->candidates[PW_DOCUMENT_ROLE_RULES]);
  add_path_array (builder, "plans", self->candidates[PW_DOCUMENT_ROLE_PLAN]);
  add_outside (builder, self);
  add_path_array (builder, "default_rules", self->default_rules);
  add_rule_files (builder, self);
  add_api_specs (builder, self);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  PwWorkspace *workspace = pw_workspace_open (task_data, cancellable, &error);

  if (workspace == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, workspace, g_object_unref);
}

/**
 * pw_workspace_open_async:
 * @root: the repository folder
 *
 * Scans @root as pw_workspace_open() does, in a worker thread: the new
 * workspace is not shared with anyone until it is handed over.
 */
void
pw_workspace_open_async (GFile               *root,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (root));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_workspace_open_async);
  g_task_set_task_data (task, g_object_ref (root), g_object_unref);
  g_task_run_in_thread (task, open_thread);
}

/**
 * pw_workspace_open_finish:
 *
 * Returns: (transfer full) (nullable): the scanned workspace, or %NULL with
 *   @error set
 */
PwWorkspace *
pw_workspace_open_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == pw_workspace_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PwWorkspace *self = source_object;
  g_autoptr(PwWorkspace) scratch = pw_workspace_new (self->root);
  g_autoptr(GError) error = NULL;
  PwDocument *doc;

  /* The file is written and read through a workspace of its own, so that
   * this one changes only on the main thread, in the _finish(). */
  doc = pw_workspace_create_document (scratch, GPOINTER_TO_UINT (task_data), &error);
  if (doc == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_object_ref (doc), g_object_unref);
}

/**
 * pw_workspace_create_document_async:
 * @role: a role with a conventional path
 *
 * Writes the skeleton document for @role as pw_workspace_create_document()
 * does, in a worker thread. pw_workspace_create_document_finish() adds it to
 * the workspace.
 */
void
pw_workspace_create_document_async (PwWorkspace         *self,
                                    PwDocumentRole       role,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PW_IS_WORKSPACE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_workspace_create_document_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (role), NULL);
  g_task_run_in_thread (task, create_thread);
}

/**
 * pw_workspace_create_document_finish:
 *
 * Returns: (transfer none) (nullable): the new document, now the first
 *   candidate for its role, or %NULL with @error set
 */
PwDocument *
pw_workspace_create_document_finish (PwWorkspace   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  PwDocument *doc;
  PwDocumentRole role;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  role = GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result)));
  doc = g_task_propagate_pointer (G_TASK (result), error);
  if (doc == NULL)
    return NULL;
  g_ptr_array_insert (self->candidates[role], 0, doc);
  if (role == PW_DOCUMENT_ROLE_RULES)
    add_rule_document (self, doc);
  else if (role == PW_DOCUMENT_ROLE_API_SPEC)
    pw_document_set_kind (doc, "markdown");

  return doc;
}
