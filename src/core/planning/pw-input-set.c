/* pw-input-set.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-input-set"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "pw-file-io.h"
#include "pw-gitignore.h"
#include "pw-input-set.h"
#include "pw-prompt.h"
#include "pw-utils.h"
#include "pw-workspace.h"

/* Folders below this depth of an added folder are not walked. */
#define MAX_DEPTH 8
/* How many suggestions the wizard gets at most. */
#define MAX_SUGGESTIONS 24

struct _PwInputSet
{
  gatomicrefcount  ref_count;
  char           **paths;     /* (owned) as asked for */
  GPtrArray       *files;     /* (owned) (element-type PwInputFile) */
  GPtrArray       *warnings;  /* (owned) (element-type utf8) */
  gsize            bytes;
};

G_DEFINE_BOXED_TYPE (PwInputSet, pw_input_set, pw_input_set_ref, pw_input_set_unref)

/* The state of one pw_input_set_collect(). */
typedef struct
{
  PwInputSet   *set;          /* (unowned) */
  GFile        *root;         /* (unowned) */
  char         *root_path;    /* (owned) canonical */
  PwGitignore  *ignore;       /* (owned) */
  GHashTable   *seen;         /* (owned) relative paths taken */
  GCancellable *cancellable;  /* (unowned) (nullable) */
  gsize         max_bytes;
  guint         n_folder_files;
  guint         n_binary;
  guint         n_over;
} Collector;

static void
input_file_free (gpointer data)
{
  PwInputFile *file = data;

  g_free (file->path);
  g_free (file->text);
  g_free (file);
}

static gboolean
is_text (const char *text,
         gsize       length)
{
  return memchr (text, '\0', length) == NULL && g_utf8_validate (text, length, NULL);
}

/* Heavy folders no one means to send, whatever .gitignore says. */
static gboolean
is_skipped_folder (const char *name)
{
  return g_str_equal (name, ".git") || g_str_equal (name, "node_modules");
}

static char *
format_limit (gsize bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* Reads one file into the set. A file named by the user that cannot be
 * taken is an error; one met in a folder is counted and skipped. */
static gboolean
add_file (Collector   *self,
          const char  *relative,
          gboolean     named,
          GError     **error)
{
  g_autoptr(GFile) file = g_file_resolve_relative_path (self->root, relative);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *limit = format_limit (self->max_bytes);
  PwInputFile *input;
  gsize length = 0;

  if (g_hash_table_contains (self->seen, relative))
    return TRUE;

  if (!pw_file_read (file, self->max_bytes, &text, &length, NULL, &local_error))
    {
      if (!named && g_error_matches (local_error, PW_FILE_ERROR, PW_FILE_ERROR_TOO_LARGE))
        {
          self->n_over++;
          return TRUE;
        }
      if (!named)
        return TRUE;
      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_BAD_INPUT,
                   _("Cannot add “%s”: %s"), relative, local_error->message);
      return FALSE;
    }

  if (!is_text (text, length))
    {
      self->n_binary++;
      if (named)
        g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_BAD_INPUT,
                     _("Cannot add “%s”: it is not a text file (it holds NUL bytes or is "
                       "not UTF-8)"), relative);
      return !named;
    }

  if (self->set->bytes + length > self->max_bytes)
    {
      self->n_over++;
      if (named)
        g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_BAD_INPUT,
                     _("Cannot add “%s”: the added files would come to more than %s"),
                     relative, limit);
      return !named;
    }

  input = g_new0 (PwInputFile, 1);
  input->path = g_strdup (relative);
  input->text = g_steal_pointer (&text);
  input->length = length;
  self->set->bytes += length;
  g_ptr_array_add (self->set->files, input);
  g_hash_table_add (self->seen, g_strdup (relative));

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in a folder, sorted, so that the prompt never depends on the
 * file system's order. */
static GPtrArray *
list_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  return names;
}

static gboolean
walk_folder (Collector  *self,
             const char *relative,
             guint       depth)
{
  g_autofree char *path = g_build_filename (self->root_path, relative, NULL);
  g_autoptr(GPtrArray) names = list_folder (path);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *child = *relative != '\0' ? g_strconcat (relative, "/", name, NULL)
                                                 : g_strdup (name);
      g_autofree char *child_path = g_build_filename (self->root_path, child, NULL);
      GStatBuf st;
      gboolean folder;

      if (g_cancellable_is_cancelled (self->cancellable))
        return FALSE;
      if (g_stat (child_path, &st) != 0 || !pw_path_resolves_inside (self->root_path, child_path))
        continue;

      folder = S_ISDIR (st.st_mode);
      if ((folder && is_skipped_folder (name)) || pw_gitignore_ignores (self->ignore, child, folder))
        continue;

      if (folder && depth < MAX_DEPTH)
        walk_folder (self, child, depth + 1);
      else if (S_ISREG (st.st_mode) && self->n_folder_files >= PW_INPUT_SET_MAX_FILES)
        self->n_over++;
      else if (S_ISREG (st.st_mode) && add_file (self, child, FALSE, NULL))
        self->n_folder_files++;
    }

  return TRUE;
}

/* @given, relative to the repository or absolute, as a path relative to
 * the repository ("" for the repository itself), if it stays inside. */
static char *
resolve_path (Collector   *self,
              const char  *given,
              GStatBuf    *st,
              GError     **error)
{
  g_autofree char *full = g_canonicalize_filename (given, self->root_path);
  gsize n = strlen (self->root_path);

  if (strncmp (full, self->root_path, n) != 0 || (full[n] != '/' && full[n] != '\0'))
    {
      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_BAD_INPUT,
                   _("Cannot add “%s”: it is outside the repository"), given);
      return NULL;
    }
  if (!pw_path_resolves_inside (self->root_path, full))
    {
      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_BAD_INPUT,
                   _("Cannot add “%s”: a symbolic link leads outside the repository"), given);
      return NULL;
    }
  if (g_stat (full, st) != 0)
    {
      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_BAD_INPUT,
                   _("Cannot add “%s”: there is no such file or folder in the repository"),
                   given);
      return NULL;
    }

  return g_strdup (full[n] == '/' ? full + n + 1 : "");
}

static gboolean
add_path (Collector   *self,
          const char  *given,
          GError     **error)
{
  g_autofree char *relative = NULL;
  GStatBuf st;

  relative = resolve_path (self, given, &st, error);
  if (relative == NULL)
    return FALSE;

  if (S_ISDIR (st.st_mode))
    {
      self->n_folder_files = 0;
      return walk_folder (self, relative, 0)
             || !g_cancellable_set_error_if_cancelled (self->cancellable, error);
    }

  return add_file (self, relative, TRUE, error);
}

static void
add_warnings (Collector *self)
{
  if (self->n_binary > 0)
    g_ptr_array_add (self->set->warnings,
                     g_strdup_printf (ngettext ("%u file of the added folders is not text and "
                                                "was left out",
                                                "%u files of the added folders are not text and "
                                                "were left out", self->n_binary),
                                      self->n_binary));
  if (self->n_over > 0)
    {
      g_autofree char *limit = format_limit (self->max_bytes);

      g_ptr_array_add (self->set->warnings,
                       g_strdup_printf (ngettext ("%u file of the added folders was left out: "
                                                  "added files may come to %s and %u files a "
                                                  "folder",
                                                  "%u files of the added folders were left out: "
                                                  "added files may come to %s and %u files a "
                                                  "folder", self->n_over),
                                        self->n_over, limit, PW_INPUT_SET_MAX_FILES));
    }
}

/**
 * pw_input_set_collect:
 * @root: the repository
 * @paths: files and folders, relative to @root or absolute
 * @max_bytes: what the files may come to in all (%PW_INPUT_SET_MAX_BYTES)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #PwPromptError
 *
 * Reads the files named and the text files in the folders named (sorted by
 * path, at most %PW_INPUT_SET_MAX_FILES a folder), leaving out what the
 * repository's `.gitignore` ignores, `.git` and `node_modules`, binary and
 * non-UTF-8 files and what would pass @max_bytes; a warning says how many.
 * A path outside the repository (or through a link out of it), a missing
 * one, or a named file that is binary or does not fit is an error. Blocking.
 *
 * Returns: (transfer full) (nullable): the files
 */
PwInputSet *
pw_input_set_collect (GFile               *root,
                      const char * const  *paths,
                      gsize                max_bytes,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_autoptr(PwInputSet) set = NULL;
  g_autofree char *root_path = NULL;
  Collector self = { 0, };
  gboolean ok = TRUE;

  g_return_val_if_fail (G_IS_FILE (root), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  set = g_new0 (PwInputSet, 1);
  g_atomic_ref_count_init (&set->ref_count);
  set->paths = g_strdupv ((char **) paths);
  set->files = g_ptr_array_new_with_free_func (input_file_free);
  set->warnings = g_ptr_array_new_with_free_func (g_free);

  root_path = g_file_get_path (root);
  self.set = set;
  self.root = root;
  self.root_path = g_canonicalize_filename (root_path != NULL ? root_path : "/", NULL);
  self.ignore = pw_gitignore_load (root);
  self.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.cancellable = cancellable;
  self.max_bytes = max_bytes;

  for (guint i = 0; ok && paths != NULL && paths[i] != NULL; i++)
    ok = add_path (&self, paths[i], error);
  add_warnings (&self);

  g_free (self.root_path);
  pw_gitignore_free (self.ignore);
  g_hash_table_unref (self.seen);

  return ok ? g_steal_pointer (&set) : NULL;
}

PwInputSet *
pw_input_set_ref (PwInputSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pw_input_set_unref (PwInputSet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_strfreev (self->paths);
  g_ptr_array_unref (self->files);
  g_ptr_array_unref (self->warnings);
  g_free (self);
}

/**
 * pw_input_set_has_paths:
 * @paths: (nullable): files and folders
 *
 * Returns: whether @self was collected for exactly @paths
 */
gboolean
pw_input_set_has_paths (PwInputSet         *self,
                        const char * const *paths)
{
  guint n = paths != NULL ? g_strv_length ((char **) paths) : 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (n != (self->paths != NULL ? g_strv_length (self->paths) : 0))
    return FALSE;

  return n == 0 || g_strv_equal ((const char * const *) self->paths, paths);
}

/**
 * pw_input_set_get_paths:
 *
 * Returns: (transfer none) (array zero-terminated=1) (nullable): the files
 *   and folders @self was collected for, as given
 */
const char * const *
pw_input_set_get_paths (PwInputSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->paths;
}

guint
pw_input_set_get_n_files (PwInputSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->files->len;
}

/**
 * pw_input_set_get_file:
 *
 * Returns: (transfer none): the @index-th file, in the order collected
 */
const PwInputFile *
pw_input_set_get_file (PwInputSet *self,
                       guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->files->len, NULL);

  return g_ptr_array_index (self->files, index);
}

gsize
pw_input_set_get_bytes (PwInputSet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes;
}

/**
 * pw_input_set_get_warnings:
 *
 * Returns: (transfer none) (element-type utf8): what was left out of the
 *   added folders, in sentences
 */
GPtrArray *
pw_input_set_get_warnings (PwInputSet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->warnings;
}

/* ------------------------------------------------------------------ */
/* Suggestions                                                         */
/* ------------------------------------------------------------------ */

/* Extensions tried for a path written without one ("src/types"). */
static const char * const guessed_extensions[] = {
  ".ts", ".tsx", ".js", ".py", ".go", ".rs", ".java", ".cs", ".rb", ".php",
};

/* The characters that end a path in prose, markdown and code. */
#define PATH_DELIMITERS " \t\r\n`'\"<>()|,;*"

static gboolean
looks_like_path (const char *text)
{
  return strlen (text) >= 3 && strchr (text, '/') != NULL && strchr ("/~@", text[0]) == NULL
         && strstr (text, "://") == NULL && strpbrk (text, "{$") == NULL
         && pw_path_is_confined (text);
}

/* A token of a document as a repository-relative path it may name, or
 * NULL: "./src/types.ts", "`src/lib/services/`", "@/lib/db" (an alias
 * of src/). Routes ("/api/books"), URLs and templates are not paths. */
static char *
token_to_path (const char *token)
{
  g_autoptr(GString) path = g_string_new (token);

  while (path->len > 0 && strchr (".:!?…]", path->str[path->len - 1]) != NULL)
    g_string_truncate (path, path->len - 1);
  if (g_str_has_suffix (path->str, "…"))
    g_string_truncate (path, path->len - strlen ("…"));
  if (g_str_has_prefix (path->str, "./"))
    g_string_erase (path, 0, 2);
  else if (g_str_has_prefix (path->str, "@/"))
    g_string_replace (path, "@/", "src/", 1);

  if (!looks_like_path (path->str))
    return NULL;

  while (path->len > 0 && path->str[path->len - 1] == '/')
    g_string_truncate (path, path->len - 1);

  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
count_mentions (GHashTable *counts,
                const char *text,
                gsize       length)
{
  g_autofree char *copy = g_strndup (text, length);
  g_auto(GStrv) tokens = g_strsplit_set (copy, PATH_DELIMITERS, -1);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      g_autofree char *path = token_to_path (tokens[i]);
      gpointer n;

      if (path == NULL)
        continue;
      n = g_hash_table_lookup (counts, path);
      g_hash_table_insert (counts, g_steal_pointer (&path), GUINT_TO_POINTER (GPOINTER_TO_UINT (n) + 1));
    }
}

static void
count_document (GHashTable *counts,
                PwDocument *document)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (document == NULL || pw_document_get_outside (document)
      || !pw_file_read (pw_document_get_file (document), PW_FILE_MAX_SIZE, &text, &length, NULL,
                        NULL))
    return;

  count_mentions (counts, text, length);
}

static void
count_documents (GHashTable *counts,
                 GPtrArray  *documents)
{
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    count_document (counts, g_ptr_array_index (documents, i));
}

/* @candidate as it exists in the repository ("src/types" may be
 * "src/types.ts"), a folder ending in "/", or NULL. */
static char *
existing_path (PwWorkspace *workspace,
               PwGitignore *ignore,
               const char  *candidate)
{
  g_autofree char *root = g_file_get_path (pw_workspace_get_root (workspace));
  g_autofree char *found = NULL;
  GStatBuf st;

  for (guint i = 0; found == NULL && i <= G_N_ELEMENTS (guessed_extensions); i++)
    {
      g_autofree char *relative = i == 0 ? g_strdup (candidate)
                                         : g_strconcat (candidate, guessed_extensions[i - 1], NULL);
      g_autofree char *full = g_build_filename (root, relative, NULL);

      if (g_stat (full, &st) == 0 && (S_ISREG (st.st_mode) || S_ISDIR (st.st_mode))
          && pw_path_resolves_inside (root, full))
        found = g_steal_pointer (&relative);
    }

  /* Hidden folders (.ai, .cursor, .git, .github) hold the planning
   * documents and tooling, not the code a plan builds on. */
  if (found == NULL || found[0] == '.' || strstr (found, "/.") != NULL
      || pw_gitignore_ignores (ignore, found, S_ISDIR (st.st_mode))
      || pw_workspace_lookup (workspace, found) != NULL)
    return NULL;

  return S_ISDIR (st.st_mode) ? g_strconcat (found, "/", NULL) : g_steal_pointer (&found);
}

typedef struct
{
  char  *path;
  guint  mentions;
} Suggestion;

static int
compare_suggestions (gconstpointer a,
                     gconstpointer b)
{
  const Suggestion *x = a;
  const Suggestion *y = b;

  if (x->mentions != y->mentions)
    return x->mentions > y->mentions ? -1 : 1;

  return strcmp (x->path, y->path);
}

/**
 * pw_input_suggest:
 * @workspace: the repository
 * @cancellable: (nullable): a #GCancellable
 *
 * The files and folders that the API spec, the tech stack, the rules, the
 * PRD, the database plan or the repository's plans mention and that exist
 * ("src/types.ts", "src/lib/services/"), most mentioned first, leaving out
 * what `.gitignore` ignores, hidden files and folders (`.ai/`, `.github/`)
 * and the planning documents themselves. Folders end in "/". Blocking: it reads the documents from disk.
 *
 * Returns: (transfer full) (element-type utf8): at most 24 paths
 */
GPtrArray *
pw_input_suggest (PwWorkspace  *workspace,
                  GCancellable *cancellable)
{
  static const PwDocumentRole roles[] = {
    PW_DOCUMENT_ROLE_API_SPEC, PW_DOCUMENT_ROLE_TECH_STACK, PW_DOCUMENT_ROLE_PRD,
    PW_DOCUMENT_ROLE_DB_PLAN,
  };
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Suggestion));
  g_autoptr(PwGitignore) ignore = NULL;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), paths);

  ignore = pw_gitignore_load (pw_workspace_get_root (workspace));
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    count_document (counts, pw_workspace_get_document (workspace, roles[i]));
  count_documents (counts, pw_workspace_get_rules (workspace));
  count_documents (counts, pw_workspace_get_plans (workspace));

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value)
         && !g_cancellable_is_cancelled (cancellable))
    {
      Suggestion suggestion = { existing_path (workspace, ignore, key), GPOINTER_TO_UINT (value) };
      gpointer index;

      /* "src/types" and "src/types.ts" are one file: their mentions add up. */
      if (suggestion.path != NULL
          && g_hash_table_lookup_extended (taken, suggestion.path, NULL, &index))
        g_array_index (found, Suggestion, GPOINTER_TO_UINT (index)).mentions += suggestion.mentions;
      if (suggestion.path == NULL || g_hash_table_contains (taken, suggestion.path))
        {
          g_free (suggestion.path);
          continue;
        }
      g_hash_table_insert (taken, suggestion.path, GUINT_TO_POINTER (found->len));
      g_array_append_val (found, suggestion);
    }

  g_array_sort (found, compare_suggestions);
  for (guint i = 0; i < found->len; i++)
    {
      Suggestion *suggestion = &g_array_index (found, Suggestion, i);

      if (paths->len < MAX_SUGGESTIONS)
        g_ptr_array_add (paths, g_steal_pointer (&suggestion->path));
      else
        g_free (suggestion->path);
    }

  return paths;
}
