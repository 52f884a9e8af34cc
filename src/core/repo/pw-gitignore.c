/* pw-gitignore.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-gitignore"

#include "config.h"

#include <string.h>

#include "pw-file-io.h"
#include "pw-gitignore.h"

/* A .gitignore larger than this is not a list of patterns someone wrote. */
#define MAX_GITIGNORE_SIZE ((gsize) 256 * 1024)

typedef struct
{
  GPatternSpec *spec;      /* (owned) */
  GPatternSpec *anywhere;  /* (owned) (nullable) "**" + "/" + rest: any depth */
  gboolean      negate;
  gboolean      folder_only;
  gboolean      anchored;  /* matched against the whole path, not the name */
} Pattern;

struct _PwGitignore
{
  GArray *patterns;  /* (element-type Pattern) in file order */
};

static void
pattern_clear (gpointer data)
{
  Pattern *pattern = data;

  g_clear_pointer (&pattern->spec, g_pattern_spec_free);
  g_clear_pointer (&pattern->anywhere, g_pattern_spec_free);
}

/* One line of the file into @self, unless it is blank or a comment. */
static void
add_line (PwGitignore *self,
          const char  *line,
          gsize        length)
{
  g_autofree char *text = g_strndup (line, length);
  Pattern pattern = { 0, };
  char *p;
  gsize n;

  g_strchomp (text);
  p = text;
  if (*p == '\0' || *p == '#')
    return;

  pattern.negate = *p == '!';
  if (pattern.negate)
    p++;

  n = strlen (p);
  pattern.folder_only = n > 0 && p[n - 1] == '/';
  while (n > 0 && p[n - 1] == '/')
    p[--n] = '\0';
  if (n == 0)
    return;

  /* "**" + "/name" matches at any depth: the name itself or anything
   * ending in it. */
  if (g_str_has_prefix (p, "**/"))
    {
      g_autofree char *deep = g_strconcat ("*/", p + 3, NULL);

      p += 3;
      pattern.anywhere = g_pattern_spec_new (deep);
      pattern.anchored = TRUE;
    }
  else
    {
      pattern.anchored = strchr (p, '/') != NULL;
      if (*p == '/')
        p++;
    }

  pattern.spec = g_pattern_spec_new (p);
  g_array_append_val (self->patterns, pattern);
}

/**
 * pw_gitignore_new_from_data:
 * @text: the contents of a `.gitignore`
 * @length: its length in bytes
 *
 * Returns: (transfer full): the patterns
 */
PwGitignore *
pw_gitignore_new_from_data (const char *text,
                            gsize       length)
{
  PwGitignore *self = g_new0 (PwGitignore, 1);
  const char *end = text + length;
  const char *p = text;

  self->patterns = g_array_new (FALSE, TRUE, sizeof (Pattern));
  g_array_set_clear_func (self->patterns, pattern_clear);

  while (text != NULL && p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;

      add_line (self, p, line_end - p);
      p = line_end + 1;
    }

  return self;
}

/**
 * pw_gitignore_load:
 * @root: the repository
 *
 * Reads `@root/.gitignore`. A missing or unreadable file ignores nothing.
 * Blocking.
 *
 * Returns: (transfer full): the patterns, perhaps none
 */
PwGitignore *
pw_gitignore_load (GFile *root)
{
  g_autoptr(GFile) file = g_file_get_child (root, ".gitignore");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!pw_file_read (file, MAX_GITIGNORE_SIZE, &text, &length, NULL, &error))
    {
      g_debug ("No .gitignore patterns: %s", error->message);
      return pw_gitignore_new_from_data (NULL, 0);
    }

  return pw_gitignore_new_from_data (text, length);
}

/* The verdict of the last pattern that matches @path itself. */
static gboolean
match_one (PwGitignore *self,
           const char  *path,
           gboolean     is_folder)
{
  const char *slash = strrchr (path, '/');
  const char *name = slash != NULL ? slash + 1 : path;
  gboolean ignored = FALSE;

  for (guint i = 0; i < self->patterns->len; i++)
    {
      Pattern *pattern = &g_array_index (self->patterns, Pattern, i);
      gboolean match;

      if (pattern->folder_only && !is_folder)
        continue;

      if (pattern->anchored)
        match = g_pattern_spec_match_string (pattern->spec, path)
                || (pattern->anywhere != NULL
                    && g_pattern_spec_match_string (pattern->anywhere, path));
      else
        match = g_pattern_spec_match_string (pattern->spec, name);

      if (match)
        ignored = !pattern->negate;
    }

  return ignored;
}

/**
 * pw_gitignore_ignores:
 * @relative_path: a path under the repository, with "/" separators
 * @is_folder: whether it is a folder
 *
 * Whether git would ignore @relative_path: it matches a pattern, or one of
 * the folders above it does (a file in an ignored folder cannot be
 * re-included, as in git).
 *
 * Returns: %TRUE if ignored
 */
gboolean
pw_gitignore_ignores (PwGitignore *self,
                      const char  *relative_path,
                      gboolean     is_folder)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (relative_path != NULL, FALSE);

  if (self->patterns->len == 0)
    return FALSE;

  path = g_strdup (relative_path);
  for (char *slash = strchr (path, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
    {
      gboolean ignored;

      *slash = '\0';
      ignored = match_one (self, path, TRUE);
      *slash = '/';
      if (ignored)
        return TRUE;
    }

  return match_one (self, path, is_folder);
}

void
pw_gitignore_free (PwGitignore *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->patterns);
  g_free (self);
}
