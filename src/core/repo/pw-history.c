/* pw-history.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-history"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pw-file-io.h"
#include "pw-history.h"
#include "pw-utils.h"

/* The generation history of one repository: a JSON file under
 * $XDG_DATA_HOME/planwright/history/<sha256 of the repository path>.json
 * holding {"version": 1, "entries": [...]}, oldest first.  Each entry has
 * the template, the input hashes, the prompt, the profile and model,
 * timings, usage, the raw answer and how it ended.  The file is bounded:
 * the oldest entries go once there are more than 200 or the file would
 * pass 20 MB.  No key is ever written: entries are built from fields that
 * never hold one, and a known secret is redacted from every string as a
 * second line of defence.
 */

struct _PwHistory
{
  GObject  parent_instance;
  GFile   *file;
  guint    max_entries;
  gsize    max_bytes;
};

G_DEFINE_FINAL_TYPE (PwHistory, pw_history, G_TYPE_OBJECT)
G_DEFINE_QUARK (pw-history-error-quark, pw_history_error)

/* Appends from threads are serialised so that none loses another's entry. */
static GMutex history_lock;

static void
pw_history_finalize (GObject *object)
{
  PwHistory *self = PW_HISTORY (object);

  g_clear_object (&self->file);

  G_OBJECT_CLASS (pw_history_parent_class)->finalize (object);
}

static void
pw_history_class_init (PwHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_history_finalize;
}

static void
pw_history_init (PwHistory *self)
{
  self->max_entries = PW_HISTORY_MAX_ENTRIES;
  self->max_bytes = PW_HISTORY_MAX_BYTES;
}

/**
 * pw_history_new:
 * @repository: the repository's root folder
 *
 * Returns: (transfer full): the history of @repository
 */
PwHistory *
pw_history_new (GFile *repository)
{
  g_autofree char *path = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (G_IS_FILE (repository), NULL);

  path = g_file_get_path (repository);
  if (path == NULL)
    path = g_file_get_uri (repository);
  hash = pw_sha256_hex (path, -1);
  name = g_strconcat (hash, ".json", NULL);
  file = g_file_new_build_filename (g_get_user_data_dir (), "planwright", "history", name, NULL);

  return pw_history_new_for_file (file);
}

/**
 * pw_history_new_for_file:
 * @file: the JSON file to keep the history in
 *
 * Returns: (transfer full): a history
 */
PwHistory *
pw_history_new_for_file (GFile *file)
{
  PwHistory *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (PW_TYPE_HISTORY, NULL);
  self->file = g_object_ref (file);

  return self;
}

/**
 * pw_history_get_file:
 *
 * Returns: (transfer none): the history file
 */
GFile *
pw_history_get_file (PwHistory *self)
{
  g_return_val_if_fail (PW_IS_HISTORY (self), NULL);
  return self->file;
}

/**
 * pw_history_set_limits:
 * @max_entries: the most entries kept
 * @max_bytes: the largest file size
 */
void
pw_history_set_limits (PwHistory *self,
                       guint      max_entries,
                       gsize      max_bytes)
{
  g_return_if_fail (PW_IS_HISTORY (self));

  self->max_entries = MAX (max_entries, 1);
  self->max_bytes = MAX (max_bytes, 1024);
}

static char *serialize (JsonArray *entries,
                        gsize     *length);

/* Reads the history text as written: {"version": 1, "entries": [...]}. */
static JsonArray *
parse_entries (const char *contents,
               gssize      length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonNode *entries;

  if (!json_parser_load_from_data (parser, contents, length, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (entries = json_object_get_member (json_node_get_object (root), "entries")) == NULL
      || !JSON_NODE_HOLDS_ARRAY (entries))
    return NULL;

  return json_array_ref (json_node_get_array (entries));
}

/* The end of the JSON object starting at @p ('{'), or %NULL if the text
 * ends first: strings (and the braces in them) are skipped. */
static const char *
object_end (const char *p)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (; *p != '\0'; p++)
    {
      if (in_string && *p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '"')
        in_string = !in_string;
      else if (!in_string && *p == '{')
        depth++;
      else if (!in_string && *p == '}' && --depth == 0)
        return p + 1;
    }

  return NULL;
}

/* Each entry that still parses on its own, from a file that does not. */
static JsonArray *
scan_entries (const char *text)
{
  JsonArray *found = json_array_new ();
  const char *p = strstr (text, "\"entries\"");

  p = p != NULL ? strchr (p, '[') : NULL;
  while (p != NULL && (p = strchr (p, '{')) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      const char *end = object_end (p);

      if (end == NULL)
        break;
      if (json_parser_load_from_data (parser, p, end - p, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        json_array_add_element (found, json_node_copy (json_parser_get_root (parser)));
      p = end;
    }

  return found;
}

/* A damaged file is renamed aside, never lost, and the entries recovered
 * from it are written back as the history. */
static JsonArray *
recover (PwHistory  *self,
         const char *contents,
         gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (contents, length);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", g_file_peek_path (self->file),
                                            stamp);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *entries;
  gsize data_length = 0;

  /* Bytes that are not UTF-8 (a lone surrogate's) are all most damage is. */
  entries = parse_entries (valid, -1);
  if (entries == NULL)
    entries = scan_entries (valid);

  g_message ("The history file %s is damaged: %u entries recovered, the file kept as %s",
             g_file_peek_path (self->file), json_array_get_length (entries), aside);
  if (g_rename (g_file_peek_path (self->file), aside) != 0)
    g_message ("Cannot keep the damaged history as %s: %s", aside, g_strerror (errno));

  data = serialize (entries, &data_length);
  if (!pw_file_replace (self->file, data, data_length, NULL, PW_FILE_REPLACE_PRIVATE, NULL,
                        NULL, &error))
    g_message ("Cannot write the recovered history: %s", error->message);

  return entries;
}

static JsonArray *
load_entries (PwHistory     *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize limit = MAX (self->max_bytes * 4, PW_FILE_MAX_SIZE);
  gsize length = 0;
  JsonArray *entries;

  if (!pw_file_read (self->file, limit, &contents, &length, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return json_array_new ();
      if (!g_error_matches (local_error, PW_FILE_ERROR, PW_FILE_ERROR_TOO_LARGE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* Far too large to be ours: set aside whole. */
    }

  entries = contents != NULL ? parse_entries (contents, length) : NULL;
  if (entries == NULL)
    entries = recover (self, contents != NULL ? contents : "", length);

  return entries;
}

/**
 * pw_history_load:
 *
 * Returns: (transfer full): the entries, oldest first
 */
JsonArray *
pw_history_load (PwHistory     *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (PW_IS_HISTORY (self), NULL);

  /* Loading may repair the file: not while an append writes it. */
  locker = g_mutex_locker_new (&history_lock);

  return load_entries (self, cancellable, error);
}

static void
redact_node (JsonNode   *node,
             const char *secret)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;
      const char *name;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        redact_node (member, secret);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        redact_node (json_array_get_element (array, i), secret);
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
           strstr (json_node_get_string (node), secret) != NULL)
    {
      g_autoptr(GString) text = g_string_new (json_node_get_string (node));

      g_string_replace (text, secret, "[redacted]", 0);
      json_node_set_string (node, text->str);
    }
}

static char *
serialize (JsonArray *entries,
           gsize     *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();
  char *data;

  json_object_set_int_member (object, "version", 1);
  json_object_set_array_member (object, "entries", json_array_ref (entries));
  json_node_take_object (root, object);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, length);

  /* A string with bytes that are not UTF-8 (a lone surrogate decoded from
   * an answer, say) would make the file unreadable: replace them. JSON's
   * own syntax is ASCII, so the file stays valid JSON. */
  if (!g_utf8_validate_len (data, *length, NULL))
    {
      char *valid = g_utf8_make_valid (data, *length);

      g_free (data);
      data = valid;
      *length = strlen (data);
    }

  return data;
}

/**
 * pw_history_append:
 * @entry: an entry from pw_history_entry_new()
 * @secret: (nullable): a key to redact should it appear anywhere
 *
 * Adds @entry, dropping the oldest entries to stay within the limits.
 * Blocks; see pw_history_append_async().
 *
 * Returns: %TRUE on success
 */
gboolean
pw_history_append (PwHistory     *self,
                   JsonNode      *entry,
                   const char    *secret,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(JsonArray) kept = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  gsize length = 0;
  guint first;

  g_return_val_if_fail (PW_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (entry != NULL && JSON_NODE_HOLDS_OBJECT (entry), FALSE);

  copy = json_node_copy (entry);
  if (secret != NULL && strlen (secret) >= 4)
    redact_node (copy, secret);

  locker = g_mutex_locker_new (&history_lock);

  /* A damaged file was set aside with its entries recovered: go on. */
  entries = load_entries (self, cancellable, error);
  if (entries == NULL)
    return FALSE;
  json_array_add_element (entries, g_steal_pointer (&copy));

  /* Drop the oldest entries until both limits hold; the newest one stays
   * even alone over the size limit, which bounds the file anyway. */
  first = json_array_get_length (entries) > self->max_entries
          ? json_array_get_length (entries) - self->max_entries : 0;
  for (;;)
    {
      kept = json_array_sized_new (json_array_get_length (entries) - first);
      for (guint i = first; i < json_array_get_length (entries); i++)
        json_array_add_element (kept, json_node_copy (json_array_get_element (entries, i)));
      g_free (data);
      data = serialize (kept, &length);
      if (length <= self->max_bytes || first + 1 >= json_array_get_length (entries))
        break;
      /* Skip ahead in proportion to the overshoot, at least one entry. */
      first += MAX (1, (guint) ((length - self->max_bytes) /
                                MAX (1, length / json_array_get_length (kept))));
      first = MIN (first, json_array_get_length (entries) - 1);
      g_clear_pointer (&kept, json_array_unref);
    }

  parent = g_file_get_parent (self->file);
  if (!g_file_make_directory_with_parents (parent, cancellable, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return pw_file_replace (self->file, data, length, NULL, PW_FILE_REPLACE_PRIVATE, NULL,
                          cancellable, error);
}

typedef struct
{
  JsonNode *entry;
  char     *secret;
} AppendData;

static void
append_data_free (AppendData *data)
{
  json_node_unref (data->entry);
  if (data->secret != NULL)
    memset (data->secret, 0, strlen (data->secret));
  g_free (data->secret);
  g_free (data);
}

static void
append_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AppendData *data = task_data;
  GError *error = NULL;

  if (pw_history_append (source_object, data->entry, data->secret, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * pw_history_append_async:
 *
 * Runs pw_history_append() in a thread.
 */
void
pw_history_append_async (PwHistory           *self,
                         JsonNode            *entry,
                         const char          *secret,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AppendData *data;

  g_return_if_fail (PW_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_history_append_async);
  data = g_new0 (AppendData, 1);
  data->entry = json_node_copy (entry);
  data->secret = g_strdup (secret);
  g_task_set_task_data (task, data, (GDestroyNotify) append_data_free);
  g_task_run_in_thread (task, append_thread);
}

gboolean
pw_history_append_finish (PwHistory     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  JsonArray *entries = pw_history_load (source_object, cancellable, &error);

  if (entries == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) json_array_unref);
}

/**
 * pw_history_load_async:
 *
 * Reads the history as pw_history_load() does, in a worker thread.
 */
void
pw_history_load_async (PwHistory           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PW_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_history_load_async);
  g_task_run_in_thread (task, load_thread);
}

/**
 * pw_history_load_finish:
 *
 * Returns: (transfer full) (nullable): the entries, oldest first, or %NULL
 *   with @error set
 */
JsonArray *
pw_history_load_finish (PwHistory     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
