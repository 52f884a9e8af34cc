/* pw-plan-index.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-index"

#include "config.h"

#include <string.h>

#include "pw-document.h"
#include "pw-endpoints.h"
#include "pw-openapi.h"
#include "pw-export.h"
#include "pw-plan-index.h"
#include "pw-plan.h"
#include "pw-template.h"
#include "pw-workspace.h"

/*
 * The index of existing plans tells the new-plan wizard which endpoints
 * already have a plan and how far along it is. A plan is tied to an endpoint
 * in two ways: its file name is the one a template would give the endpoint's
 * plan, or its title (failing that, its first lines) names the endpoint's
 * method and path together. Paths are compared with every parameter reduced
 * to `{}`, so `{id}`, `:id`, `<id>` and `[id]` are all the same segment: plans
 * are written by hand and by models that spell parameters as they like.
 */

#define HEAD_LINES 40

static const char * const methods[] = {
  "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
};

static gboolean
is_parameter_segment (const char *segment,
                      gsize       length)
{
  if (length >= 2 && segment[0] == ':')
    return TRUE;
  if (length >= 3 && segment[0] == '{' && segment[length - 1] == '}')
    return TRUE;
  if (length >= 3 && segment[0] == '<' && segment[length - 1] == '>')
    return TRUE;
  if (length >= 3 && segment[0] == '[' && segment[length - 1] == ']')
    return TRUE;

  return FALSE;
}

/* "/api/books/:id/" → "/api/books/{}": query string, fragment and a trailing
 * slash dropped, every parameter segment reduced to "{}". */
static char *
normalize_path (const char *path,
                gsize       length)
{
  GString *out = g_string_new (NULL);
  const char *end = path + length;
  const char *p = path;

  for (const char *q = path; q < end; q++)
    {
      if (*q == '?' || *q == '#')
        {
          end = q;
          break;
        }
    }

  while (p < end)
    {
      const char *slash = memchr (p, '/', end - p);
      const char *segment_end = slash != NULL ? slash : end;

      if (is_parameter_segment (p, segment_end - p))
        g_string_append (out, "{}");
      else
        g_string_append_len (out, p, segment_end - p);

      if (slash == NULL)
        break;
      g_string_append_c (out, '/');
      p = slash + 1;
    }

  while (out->len > 1 && out->str[out->len - 1] == '/')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/**
 * pw_plan_index_normalize_key:
 * @key: "METHOD /path", with any spelling of path parameters
 *
 * Returns: (transfer full) (nullable): "METHOD /path" with the method in
 *   upper case and every path parameter written `{}`, or %NULL if @key is not
 *   a method followed by a path
 */
char *
pw_plan_index_normalize_key (const char *key)
{
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  const char *start;
  const char *end;

  g_return_val_if_fail (key != NULL, NULL);

  method = pw_endpoints_split_key (key, &start);
  if (method == NULL)
    return NULL;

  end = start;
  while (*end != '\0' && !g_ascii_isspace (*end))
    end++;
  path = normalize_path (start, end - start);

  return g_strconcat (method, " ", path, NULL);
}

static gboolean
is_path_char (char c)
{
  return c != '\0' && !g_ascii_isspace (c) && strchr ("`'\"(),;*|", c) == NULL;
}

/* The method that starts at @p as a word, if any. */
static const char *
method_at (const char *p,
           const char *end)
{
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      gsize n = strlen (methods[i]);

      if ((gsize) (end - p) > n && strncmp (p, methods[i], n) == 0 && !g_ascii_isalnum (p[n]))
        return methods[i];
    }

  return NULL;
}

/* The path after a method that ends at @q: only spaces and markdown
 * emphasis or code marks may stand between them. */
static gboolean
path_after_method (const char  *q,
                   const char  *end,
                   const char **path,
                   const char **path_end)
{
  while (q < end && (*q == ' ' || *q == '\t' || *q == '*' || *q == '`' || *q == '_'))
    q++;
  if (q >= end || *q != '/')
    return FALSE;

  *path = q;
  while (q < end && is_path_char (*q))
    q++;
  /* A sentence may end right after the path. */
  while (q > *path + 1 && strchr (".:!", q[-1]) != NULL)
    q--;
  *path_end = q;

  return TRUE;
}

/* Adds to @found the keys (values of @by_normal) of every "METHOD /path" in
 * @text[0..length). Between method and path only spaces and markdown
 * emphasis or code marks may stand, as in "**GET** `/api/books`". */
static void
find_mentions (const char *text,
               gsize       length,
               GHashTable *by_normal,
               GPtrArray  *found)
{
  const char *end = text + length;

  for (const char *p = text; p < end; p++)
    {
      const char *method;
      const char *path, *path_end;
      g_autofree char *normal = NULL;
      g_autofree char *key = NULL;
      const char *endpoint_key;

      if (!g_ascii_isupper (*p) || (p > text && g_ascii_isalnum (p[-1])))
        continue;
      method = method_at (p, end);
      if (method == NULL || !path_after_method (p + strlen (method), end, &path, &path_end))
        continue;

      normal = normalize_path (path, path_end - path);
      key = g_strconcat (method, " ", normal, NULL);
      endpoint_key = g_hash_table_lookup (by_normal, key);
      if (endpoint_key != NULL && !g_ptr_array_find_with_equal_func (found, endpoint_key,
                                                                     g_str_equal, NULL))
        g_ptr_array_add (found, g_strdup (endpoint_key));
    }
}

static gsize
head_length (const char *text,
             gsize       length,
             guint       n_lines)
{
  const char *p = text;
  const char *end = text + length;

  while (n_lines > 0 && p < end)
    {
      const char *newline = memchr (p, '\n', end - p);

      if (newline == NULL)
        return length;
      p = newline + 1;
      n_lines--;
    }

  return p - text;
}

static gint64
modification_time (GFile        *file,
                   GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info == NULL)
    return 0;

  return (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
}

static int
compare_summaries (gconstpointer a,
                   gconstpointer b)
{
  const PwPlanSummary *left = *(PwPlanSummary * const *) a;
  const PwPlanSummary *right = *(PwPlanSummary * const *) b;

  return strcmp (left->path, right->path);
}

/* The workspace's endpoints, loading the API spec if need be. */
static GPtrArray *
workspace_endpoints (PwWorkspace *workspace)
{
  PwDocument *spec = pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC);
  const char *text;

  if (spec == NULL)
    return NULL;
  if (!pw_document_get_loaded (spec) && !pw_document_load (spec, NULL, NULL))
    return NULL;

  text = pw_document_get_text (spec);
  if (text == NULL)
    return NULL;

  return pw_api_spec_list (text, pw_document_get_length (spec),
                           pw_document_get_relative_path (spec), NULL);
}

/* File name → endpoint keys, for every template whose output path depends on
 * the subject. */
static GHashTable *
target_paths (GFile     *root,
              GPtrArray *endpoints)
{
  g_autoptr(GPtrArray) templates = pw_template_load_all (root, NULL);
  GHashTable *paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);

  for (guint t = 0; templates != NULL && t < templates->len; t++)
    {
      PwTemplate *template = g_ptr_array_index (templates, t);

      if (strstr (pw_template_get_output_pattern (template), "{{") == NULL)
        continue;

      for (guint i = 0; i < endpoints->len; i++)
        {
          g_autofree char *key = pw_endpoint_dup_key (g_ptr_array_index (endpoints, i));
          g_autofree char *path = pw_export_target_path (template, key);
          GPtrArray *keys;

          if (path == NULL)
            continue;
          keys = g_hash_table_lookup (paths, path);
          if (keys == NULL)
            {
              keys = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (paths, g_strdup (path), keys);
            }
          if (!g_ptr_array_find_with_equal_func (keys, key, g_str_equal, NULL))
            g_ptr_array_add (keys, g_strdup (key));
        }
    }

  return paths;
}

static PwPlanSummary *
summarize (PwDocument   *document,
           GHashTable   *by_normal,
           GHashTable   *paths,
           GPtrArray    *endpoints,
           GCancellable *cancellable)
{
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) in_title = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
  GFile *file = pw_document_get_file (document);
  const char *relative = pw_document_get_relative_path (document);
  PwPlanSummary *summary;
  GPtrArray *named;
  const char *title;
  const char *text;
  gsize length = 0;

  if (!pw_plan_load_file (plan, file, cancellable, &error))
    {
      g_debug ("Skipping plan %s: %s", relative, error->message);
      return NULL;
    }

  summary = g_new0 (PwPlanSummary, 1);
  summary->path = g_strdup (relative);
  title = pw_plan_get_title (plan);
  if (title != NULL && *title != '\0')
    summary->title = g_strdup (title);
  else
    summary->title = g_path_get_basename (relative);
  summary->n_steps = pw_plan_get_n_steps (plan);
  summary->n_done = pw_plan_get_n_done (plan);
  summary->modified = modification_time (file, cancellable);

  named = g_hash_table_lookup (paths, relative);
  for (guint i = 0; named != NULL && i < named->len; i++)
    g_ptr_array_add (found, g_strdup (g_ptr_array_index (named, i)));

  /* The title names the subject most reliably; the first lines of the plan
   * are looked at only when the title names no endpoint, since an overview
   * often mentions neighbouring endpoints too. */
  if (title != NULL)
    find_mentions (title, strlen (title), by_normal, in_title);
  for (guint i = 0; i < in_title->len; i++)
    {
      if (!g_ptr_array_find_with_equal_func (found, in_title->pdata[i], g_str_equal, NULL))
        g_ptr_array_add (found, g_strdup (in_title->pdata[i]));
    }
  /* Whether the title names an endpoint, not whether it adds one the file
   * name gave already: an offline draft quotes its spec section, which
   * names neighbouring endpoints, in its first lines. */
  if (in_title->len == 0)
    {
      text = pw_plan_get_text (plan, &length);
      find_mentions (text, head_length (text, length, HEAD_LINES), by_normal, found);
    }

  /* Keys in the order the spec defines them. */
  for (guint i = 0; endpoints != NULL && i < endpoints->len; i++)
    {
      g_autofree char *key = pw_endpoint_dup_key (g_ptr_array_index (endpoints, i));
      guint index;

      if (g_ptr_array_find_with_equal_func (found, key, g_str_equal, &index)
          && !g_ptr_array_find_with_equal_func (ordered, key, g_str_equal, NULL))
        g_ptr_array_add (ordered, g_ptr_array_index (found, index));
    }
  summary->endpoints = g_new0 (char *, ordered->len + 1);
  for (guint i = 0; i < ordered->len; i++)
    summary->endpoints[i] = g_strdup (g_ptr_array_index (ordered, i));

  return summary;
}

/* The summaries of @plans (PwDocument) tied to @endpoints. It reads the
 * plans' files, never the documents' text, so that it may run in a thread. */
static GPtrArray *
scan_plans (GFile        *root,
            GPtrArray    *endpoints,
            GPtrArray    *plans,
            GCancellable *cancellable)
{
  g_autoptr(GHashTable) by_normal = NULL;
  g_autoptr(GHashTable) paths = NULL;
  GPtrArray *summaries;

  summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_plan_summary_free);
  if (plans == NULL || plans->len == 0)
    return summaries;

  by_normal = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (endpoints != NULL)
    {
      for (guint i = 0; i < endpoints->len; i++)
        {
          g_autofree char *key = pw_endpoint_dup_key (g_ptr_array_index (endpoints, i));
          char *normal = pw_plan_index_normalize_key (key);

          if (normal != NULL && !g_hash_table_contains (by_normal, normal))
            g_hash_table_insert (by_normal, normal, g_steal_pointer (&key));
          else
            g_free (normal);
        }
      paths = target_paths (root, endpoints);
    }
  else
    {
      paths = g_hash_table_new (g_str_hash, g_str_equal);
    }

  for (guint i = 0; i < plans->len; i++)
    {
      PwPlanSummary *summary;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      summary = summarize (g_ptr_array_index (plans, i), by_normal, paths, endpoints,
                           cancellable);
      if (summary != NULL)
        g_ptr_array_add (summaries, summary);
    }

  g_ptr_array_sort (summaries, compare_summaries);

  return summaries;
}

/**
 * pw_plan_index_scan:
 * @workspace: a scanned workspace
 * @cancellable: (nullable): a #GCancellable
 *
 * Reads every plan the workspace found and ties each to the API spec's
 * endpoints it is for. Plans that cannot be read (or are not UTF-8) are left
 * out.
 *
 * Returns: (transfer full) (element-type PwPlanSummary): the summaries,
 *   sorted by path
 */
GPtrArray *
pw_plan_index_scan (PwWorkspace  *workspace,
                    GCancellable *cancellable)
{
  g_autoptr(GPtrArray) endpoints = NULL;
  GPtrArray *plans;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);

  plans = pw_workspace_get_plans (workspace);
  if (plans != NULL && plans->len > 0)
    endpoints = workspace_endpoints (workspace);

  return scan_plans (pw_workspace_get_root (workspace), endpoints, plans, cancellable);
}

typedef struct
{
  GFile     *root;
  GPtrArray *endpoints;   /* (nullable) PwEndpoint */
  GPtrArray *plans;       /* PwDocument */
} ScanJob;

static void
scan_job_free (ScanJob *job)
{
  g_clear_object (&job->root);
  g_clear_pointer (&job->endpoints, g_ptr_array_unref);
  g_clear_pointer (&job->plans, g_ptr_array_unref);
  g_free (job);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanJob *job = task_data;

  g_task_return_pointer (task, scan_plans (job->root, job->endpoints, job->plans, cancellable),
                         (GDestroyNotify) g_ptr_array_unref);
}

/* With the API spec loaded (or unreadable), the endpoints are taken on
 * this thread and the plans are read on another. */
static void
start_scan_thread (GTask    *task,
                   gboolean  spec_loaded)
{
  PwWorkspace *workspace = g_task_get_source_object (task);
  GPtrArray *plans = pw_workspace_get_plans (workspace);
  ScanJob *job = g_new0 (ScanJob, 1);

  job->root = g_object_ref (pw_workspace_get_root (workspace));
  job->plans = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    g_ptr_array_add (job->plans, g_object_ref (g_ptr_array_index (plans, i)));
  if (spec_loaded && job->plans->len > 0)
    job->endpoints = workspace_endpoints (workspace);
  g_task_set_task_data (task, job, (GDestroyNotify) scan_job_free);
  g_task_run_in_thread (task, scan_thread);
}

static void
spec_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  gboolean loaded = pw_document_load_finish (PW_DOCUMENT (object), result, &error);

  if (!loaded)
    g_debug ("API spec not read: %s", error->message);
  start_scan_thread (task, loaded);
}

/**
 * pw_plan_index_scan_async:
 * @workspace: a scanned workspace
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the summaries
 * @user_data: for @callback
 *
 * Does what pw_plan_index_scan() does without blocking: the API spec is
 * loaded asynchronously if need be, and the plans are read in a thread.
 */
void
pw_plan_index_scan_async (PwWorkspace         *workspace,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PwDocument *spec;

  g_return_if_fail (PW_IS_WORKSPACE (workspace));

  task = g_task_new (workspace, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_plan_index_scan_async);
  spec = pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC);
  if (spec != NULL && !pw_document_get_loaded (spec))
    pw_document_load_async (spec, cancellable, spec_loaded_cb, g_steal_pointer (&task));
  else
    start_scan_thread (task, spec != NULL);
}

/**
 * pw_plan_index_scan_finish:
 * @workspace: a scanned workspace
 * @result: the result given to the callback
 * @error: return location for a #GError (only cancellation fails)
 *
 * Returns: (transfer full) (element-type PwPlanSummary) (nullable): the
 *   summaries, sorted by path
 */
GPtrArray *
pw_plan_index_scan_finish (PwWorkspace   *workspace,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (g_task_is_valid (result, workspace), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * pw_plan_index_find_endpoint:
 * @summaries: (element-type PwPlanSummary): from pw_plan_index_scan()
 * @endpoint_key: "METHOD /path"; parameters may be spelled any way
 *
 * When several plans are for the endpoint, the most recently modified wins.
 *
 * Returns: (transfer none) (nullable): the plan for @endpoint_key
 */
PwPlanSummary *
pw_plan_index_find_endpoint (GPtrArray  *summaries,
                             const char *endpoint_key)
{
  g_autofree char *wanted = NULL;
  PwPlanSummary *best = NULL;

  g_return_val_if_fail (summaries != NULL, NULL);
  g_return_val_if_fail (endpoint_key != NULL, NULL);

  wanted = pw_plan_index_normalize_key (endpoint_key);
  if (wanted == NULL)
    return NULL;

  for (guint i = 0; i < summaries->len; i++)
    {
      PwPlanSummary *summary = g_ptr_array_index (summaries, i);

      for (guint j = 0; summary->endpoints != NULL && summary->endpoints[j] != NULL; j++)
        {
          g_autofree char *normal = pw_plan_index_normalize_key (summary->endpoints[j]);

          if (g_strcmp0 (normal, wanted) == 0
              && (best == NULL || summary->modified > best->modified))
            best = summary;
        }
    }

  return best;
}

static char *
strip_heading (const char *line,
               gsize       length)
{
  const char *p = line;
  const char *end = line + length;
  g_autofree char *text = NULL;

  while (p < end && *p == '#')
    p++;
  /* Drop a section number such as "2.1" or "2.1." before the name. */
  while (p < end && g_ascii_isspace (*p))
    p++;
  if (p < end && g_ascii_isdigit (*p))
    {
      const char *q = p;

      while (q < end && (g_ascii_isdigit (*q) || *q == '.'))
        q++;
      if (q < end && g_ascii_isspace (*q))
        p = q;
    }

  text = g_strndup (p, end - p);
  g_strstrip (text);
  while (*text != '\0' && text[strlen (text) - 1] == '#')
    {
      text[strlen (text) - 1] = '\0';
      g_strstrip (text);
    }

  return g_steal_pointer (&text);
}

/* The ATX heading level of the line at @line, or 0. */
static guint
heading_level (const char *line,
               gsize       length)
{
  guint level = 0;

  while (level < length && line[level] == '#')
    level++;
  if (level == 0 || level > 6 || (level < length && line[level] != ' ' && line[level] != '\t'))
    return 0;

  return level;
}

/* The first path segment after an "/api" or "/vN" prefix, capitalised. */
static char *
path_group (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);

  for (guint i = 0; segments[i] != NULL; i++)
    {
      const char *s = segments[i];

      if (*s == '\0' || g_str_equal (s, "api") || is_parameter_segment (s, strlen (s))
          || (s[0] == 'v' && s[1] != '\0' && strspn (s + 1, "0123456789") == strlen (s + 1)))
        continue;

      {
        g_autofree char *words = g_strdelimit (g_strdup (s), "-_", ' ');

        words[0] = g_ascii_toupper (words[0]);
        return g_steal_pointer (&words);
      }
    }

  return g_strdup ("/");
}

/* The heading above @endpoint's own, of a lower level, stripped of its
 * numbering; NULL if there is none. */
static char *
heading_group (const char       *text,
               gsize             length,
               const PwEndpoint *endpoint)
{
  gsize start = MIN (endpoint->section_start, length);
  const char *line_end;
  const char *p;
  guint own;

  /* The endpoint's own line, if it is a heading, sets the level to beat. */
  line_end = memchr (text + start, '\n', length - start);
  own = heading_level (text + start, (line_end ? line_end : text + length) - (text + start));
  if (own == 0)
    own = 7;

  /* Walk back line by line to the nearest heading of a lower level. */
  p = text + start;
  while (p > text)
    {
      const char *line = p - 1;
      guint level;

      while (line > text && line[-1] != '\n')
        line--;
      level = heading_level (line, (p - 1) - line);
      if (level > 0 && level < own)
        return strip_heading (line, (p - 1) - line);
      p = line;
    }

  return NULL;
}

/**
 * pw_plan_index_group_endpoints:
 * @text: the API spec
 * @length: its length
 * @endpoints: (element-type PwEndpoint): pw_endpoints_extract() of @text
 *
 * Names the resource each endpoint belongs to: the spec's heading above the
 * endpoint's own ("2.1 Books" gives "Books") when the spec sorts its
 * endpoints under more than one such heading, else the first path segment
 * after `/api` ("/api/shared-loans/{token}" gives "Shared loans").
 *
 * Returns: (transfer full): one group name per endpoint
 */
char **
pw_plan_index_group_endpoints (const char *text,
                               gsize       length,
                               GPtrArray  *endpoints)
{
  g_autoptr(GHashTable) distinct = g_hash_table_new (g_str_hash, g_str_equal);
  char **groups;
  gboolean by_path;

  g_return_val_if_fail (endpoints != NULL, NULL);
  g_return_val_if_fail (text != NULL || length == 0, NULL);

  groups = g_new0 (char *, endpoints->len + 1);
  for (guint i = 0; i < endpoints->len; i++)
    {
      const PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      /* An OpenAPI operation's tag is its group. */
      if (endpoint->group != NULL)
        groups[i] = g_strdup (endpoint->group);
      else
        groups[i] = heading_group (text, length, endpoint);
      if (groups[i] != NULL && *groups[i] != '\0')
        g_hash_table_add (distinct, groups[i]);
    }

  /* One heading for all is no grouping: the paths group them instead. */
  by_path = g_hash_table_size (distinct) < 2;
  for (guint i = 0; i < endpoints->len; i++)
    {
      if (by_path || groups[i] == NULL || *groups[i] == '\0')
        {
          g_free (groups[i]);
          groups[i] = path_group (((PwEndpoint *) g_ptr_array_index (endpoints, i))->path);
        }
    }

  return groups;
}

void
pw_plan_summary_free (PwPlanSummary *summary)
{
  if (summary == NULL)
    return;

  g_free (summary->path);
  g_free (summary->title);
  g_strfreev (summary->endpoints);
  g_free (summary);
}
