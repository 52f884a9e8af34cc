/* pw-file-io.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-file-io"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pw-file-io.h"

/*
 * Every file Planwright reads or writes goes through here.
 *
 * Reading opens without blocking and checks what was opened: a FIFO, a
 * device or anything but a regular file is refused at once, and so is a
 * file above a size limit, instead of hanging or filling the memory.
 *
 * Writing never touches the file it replaces until the new contents are
 * complete on disk: they go to a temporary file beside the target, named
 * `.NAME.pw-save-XXXXXX`, which is written in full, flushed with fsync() and
 * only then renamed over the target. Any failure (a full disk, a file size
 * limit, a cancelled save) removes the temporary file and leaves the old
 * file as it was; a process killed mid-save leaves the old file and a
 * temporary that the next save into that folder removes once it is stale
 * (GLib's own `.goutputstream-XXXXXX` leftovers too). A symbolic link is
 * written through by replacing its target the same way, never by
 * truncating the target in place; the link stays.
 *
 * The etag is the file's modification time, size and inode, so that a
 * replaced file (a new inode) never matches the etag of the old one.
 */

#define TEMP_MARK ".pw-save-"
#define GLIB_TEMP_PREFIX ".goutputstream-"
#define MAX_TEMP_STEM 200

G_DEFINE_QUARK (pw-file-error-quark, pw_file_error)

static char *
etag_from_stat (const struct stat *st)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%09ld-%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT,
                          (gint64) st->st_mtim.tv_sec, (long) st->st_mtim.tv_nsec,
                          (gint64) st->st_size, (guint64) st->st_ino);
}

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               format, display, g_strerror (saved_errno));
  return FALSE;
}

static char *
file_path (GFile   *file,
           GError **error)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Only local files can be read and written"));
  return path;
}

/* Refuses what is not a regular file, or is larger than @max_size. */
static gboolean
check_regular (const char         *path,
               const struct stat  *st,
               gsize               max_size,
               GError            **error)
{
  g_autofree char *display = g_filename_display_name (path);

  if (!S_ISREG (st->st_mode))
    {
      g_set_error (error, PW_FILE_ERROR, PW_FILE_ERROR_NOT_REGULAR,
                   _("“%s” is not a regular file (a FIFO, device or folder); refusing to use it"),
                   display);
      return FALSE;
    }

  if ((guint64) st->st_size > max_size)
    {
      g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, PW_FILE_ERROR, PW_FILE_ERROR_TOO_LARGE,
                   _("“%s” is larger than %s; refusing to read it"), display, limit);
      return FALSE;
    }

  return TRUE;
}

/* Reads at most @max_size bytes; a file that grew past it is refused. */
static GString *
read_all (int          fd,
          const char  *path,
          gsize        expected,
          gsize        max_size,
          GError     **error)
{
  g_autoptr(GString) buffer = g_string_sized_new (MIN (expected, max_size) + 1);
  char chunk[65536];

  for (;;)
    {
      gssize n = read (fd, chunk, sizeof chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, _("Cannot read “%s”: %s"), path);
          return NULL;
        }
      if (n == 0)
        break;
      if (buffer->len + n > max_size)
        {
          struct stat st = { .st_mode = S_IFREG, .st_size = buffer->len + n };

          check_regular (path, &st, max_size, error);
          return NULL;
        }
      g_string_append_len (buffer, chunk, n);
    }

  return g_steal_pointer (&buffer);
}

/**
 * pw_file_read:
 * @file: a local file
 * @max_size: the largest size accepted, e.g. %PW_FILE_MAX_SIZE
 * @contents: (out): the bytes read, nul-terminated
 * @length: (out) (optional): their number
 * @etag: (out) (optional): the file's etag, for pw_file_replace()
 * @error: return location for a #GError
 *
 * Reads a regular file. A FIFO, a device or a folder is refused at once
 * with %PW_FILE_ERROR_NOT_REGULAR, a file above @max_size with
 * %PW_FILE_ERROR_TOO_LARGE; a missing one fails with %G_IO_ERROR_NOT_FOUND.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_file_read (GFile   *file,
              gsize    max_size,
              char   **contents,
              gsize   *length,
              char   **etag,
              GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GString) buffer = NULL;
  struct stat st;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if ((path = file_path (file, error)) == NULL)
    return FALSE;

  /* Non-blocking: opening a FIFO must not wait for a writer. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_errno_error (error, errno, _("Cannot open “%s”: %s"), path);

  if (fstat (fd, &st) != 0)
    set_errno_error (error, errno, _("Cannot read “%s”: %s"), path);
  else if (check_regular (path, &st, max_size, error))
    buffer = read_all (fd, path, st.st_size, max_size, error);
  close (fd);

  if (buffer == NULL)
    return FALSE;

  if (length != NULL)
    *length = buffer->len;
  if (etag != NULL)
    *etag = etag_from_stat (&st);
  *contents = g_string_free (g_steal_pointer (&buffer), FALSE);

  return TRUE;
}

/**
 * pw_file_query_etag:
 * @file: a file
 *
 * Returns: (transfer full) (nullable): the etag pw_file_read() would give
 *   now, or %NULL if the file is missing
 */
char *
pw_file_query_etag (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  struct stat st;

  if (path == NULL || g_stat (path, &st) != 0)
    return NULL;

  return etag_from_stat (&st);
}

/**
 * pw_file_is_temporary_name:
 * @name: a base name
 *
 * Returns: %TRUE for the temporary files of a save, ours and GLib's
 */
gboolean
pw_file_is_temporary_name (const char *name)
{
  return name != NULL && name[0] == '.'
         && (g_str_has_prefix (name, GLIB_TEMP_PREFIX) || strstr (name, TEMP_MARK) != NULL);
}

/**
 * pw_file_remove_stale_temporaries:
 * @folder: a folder's path
 * @max_age_s: how old a temporary file must be to count as left over
 *
 * Removes what killed saves left in @folder: temporary files (see
 * pw_file_is_temporary_name()) not changed for @max_age_s seconds. A save
 * under way elsewhere keeps its file fresh and is left alone.
 *
 * Returns: how many files were removed
 */
guint
pw_file_remove_stale_temporaries (const char *folder,
                                  gint64      max_age_s)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;
  guint removed = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;

      if (!pw_file_is_temporary_name (name))
        continue;

      path = g_build_filename (folder, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode)
          && now - (gint64) st.st_mtime >= max_age_s && g_unlink (path) == 0)
        {
          g_debug ("Removed the stale temporary file %s", path);
          removed++;
        }
    }

  return removed;
}

/* The file to write: a symbolic link's target, so that the link stays. */
static char *
resolve_target (const char  *path,
                GError     **error)
{
  struct stat st;
  char *real;

  if (g_lstat (path, &st) != 0 || !S_ISLNK (st.st_mode))
    return g_strdup (path);

  real = realpath (path, NULL);
  if (real == NULL)
    set_errno_error (error, errno, _("“%s” is a symbolic link that leads nowhere: %s"), path);

  return real;
}

/* Whether the target may be replaced: a regular file or none, unchanged
 * since @etag was read. An existing file's permissions go to @mode. */
static gboolean
check_target (const char  *target,
              const char  *etag,
              int         *mode,
              GError     **error)
{
  g_autofree char *current = NULL;
  struct stat st;

  if (g_stat (target, &st) != 0)
    {
      if (errno != ENOENT)
        return set_errno_error (error, errno, _("Cannot write “%s”: %s"), target);
      return TRUE;
    }

  if (!check_regular (target, &st, G_MAXSIZE, error))
    return FALSE;

  *mode = st.st_mode & 07777;
  current = etag_from_stat (&st);
  if (etag != NULL && g_strcmp0 (etag, current) != 0)
    {
      g_autofree char *display = g_filename_display_name (target);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                   _("“%s” was changed since it was read"), display);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_all (int            fd,
           const char    *data,
           gsize          length,
           GCancellable  *cancellable,
           GError       **error)
{
  while (length > 0)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      n = write (fd, data, MIN (length, (gsize) 1 << 20));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errno),
                               g_strerror (errno));
          return FALSE;
        }
      data += n;
      length -= n;
    }

  return TRUE;
}

/* Writes @data to a new temporary file beside @target, flushed to disk.
 * Returns its path, or %NULL with nothing left behind. */
static gboolean
flush_and_close (int          fd,
                 const char  *target,
                 GError     **error)
{
  if (fsync (fd) != 0)
    {
      set_errno_error (error, errno, _("Cannot write “%s”: %s"), target);
      close (fd);
      return FALSE;
    }

  /* A network or full file system may report a lost write only here. */
  if (close (fd) != 0)
    return set_errno_error (error, errno, _("Cannot write “%s”: %s"), target);

  return TRUE;
}

/* Writes @data to a new temporary file beside @target, flushed to disk,
 * with the permissions @mode, or those of a new file when @mode is -1.
 * Returns its path, or %NULL with nothing left behind. */
static char *
write_temporary (const char    *target,
                 const char    *data,
                 gsize          length,
                 int            mode,
                 gboolean       private,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *name = NULL;
  char *temp;
  int fd;

  if (strlen (base) > MAX_TEMP_STEM)
    base[MAX_TEMP_STEM] = '\0';
  name = g_strconcat (".", base, TEMP_MARK "XXXXXX", NULL);
  temp = g_build_filename (dir, name, NULL);

  /* A new file gets the umask's permissions; an existing one keeps its own. */
  fd = g_mkstemp_full (temp, O_RDWR | O_CLOEXEC, private ? 0600 : 0666);
  if (fd < 0)
    {
      set_errno_error (error, errno, _("Cannot create a file beside “%s”: %s"), target);
      g_free (temp);
      return NULL;
    }
  if (mode >= 0)
    (void) fchmod (fd, mode);

  if (!write_all (fd, data, length, cancellable, error))
    {
      g_prefix_error (error, _("Cannot write “%s”: "), target);
      close (fd);
      fd = -1;
    }

  if (fd < 0 || !flush_and_close (fd, target, error))
    {
      g_unlink (temp);
      g_free (temp);
      return NULL;
    }

  return temp;
}

static void
sync_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }
}

/**
 * pw_file_replace:
 * @file: the local file to write
 * @data: the new contents
 * @length: their length
 * @etag: (nullable): refuse with %G_IO_ERROR_WRONG_ETAG unless the file
 *   still has this etag (from pw_file_read()); %NULL writes regardless
 * @flags: #PwFileReplaceFlags
 * @new_etag: (out) (optional): the etag of the file written
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Replaces @file atomically: the old contents stay until the new ones are
 * all on disk (see the top of this file). A symbolic link's target is
 * replaced, never written in place. The folder must exist.
 *
 * Returns: %TRUE on success; on failure the file is as it was
 */
gboolean
pw_file_replace (GFile               *file,
                 const char          *data,
                 gsize                length,
                 const char          *etag,
                 PwFileReplaceFlags   flags,
                 char               **new_etag,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autofree char *temp = NULL;
  g_autofree char *dir = NULL;
  int mode = -1;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if ((path = file_path (file, error)) == NULL
      || (target = resolve_target (path, error)) == NULL
      || !check_target (target, etag, &mode, error))
    return FALSE;

  dir = g_path_get_dirname (target);
  pw_file_remove_stale_temporaries (dir, PW_FILE_STALE_SECONDS);

  temp = write_temporary (target, data ? data : "", length, mode,
                          (flags & PW_FILE_REPLACE_PRIVATE) != 0, cancellable, error);
  if (temp == NULL)
    return FALSE;

  if (g_rename (temp, target) != 0)
    {
      set_errno_error (error, errno, _("Cannot replace “%s”: %s"), target);
      g_unlink (temp);
      return FALSE;
    }
  sync_folder (target);

  if (new_etag != NULL)
    *new_etag = pw_file_query_etag (file);

  return TRUE;
}

typedef struct
{
  GBytes *bytes;
  char   *etag;
} ReplaceData;

static void
replace_data_free (ReplaceData *data)
{
  g_bytes_unref (data->bytes);
  g_free (data->etag);
  g_free (data);
}

static void
replace_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ReplaceData *data = task_data;
  g_autofree char *new_etag = NULL;
  GError *error = NULL;
  gsize length = 0;
  const char *bytes = g_bytes_get_data (data->bytes, &length);

  if (pw_file_replace (source_object, bytes, length, data->etag, PW_FILE_REPLACE_NONE,
                       &new_etag, cancellable, &error))
    g_task_return_pointer (task, g_steal_pointer (&new_etag), g_free);
  else
    g_task_return_error (task, error);
}

/**
 * pw_file_replace_async:
 * @file: the local file to write
 * @bytes: the new contents
 * @etag: (nullable): as for pw_file_replace()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written, or failed to be
 * @user_data: for @callback
 *
 * pw_file_replace() in a worker thread.
 */
void
pw_file_replace_async (GFile               *file,
                       GBytes              *bytes,
                       const char          *etag,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReplaceData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (bytes != NULL);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_file_replace_async);
  data = g_new0 (ReplaceData, 1);
  data->bytes = g_bytes_ref (bytes);
  data->etag = g_strdup (etag);
  g_task_set_task_data (task, data, (GDestroyNotify) replace_data_free);
  g_task_run_in_thread (task, replace_thread);
}

/**
 * pw_file_replace_finish:
 * @new_etag: (out) (optional): the etag of the file written
 *
 * Returns: %TRUE if the file was replaced
 */
gboolean
pw_file_replace_finish (GFile         *file,
                        GAsyncResult  *result,
                        char         **new_etag,
                        GError       **error)
{
  g_autofree char *etag = NULL;

  g_return_val_if_fail (g_task_is_valid (result, file), FALSE);

  etag = g_task_propagate_pointer (G_TASK (result), error);
  if (etag == NULL)
    return FALSE;

  if (new_etag != NULL)
    *new_etag = g_steal_pointer (&etag);

  return TRUE;
}

/**
 * pw_path_resolves_inside:
 * @root: a folder
 * @path: a path under @root, existing or not
 *
 * Whether @path, with every symbolic link along it resolved (the last one
 * too), stays inside @root. For a path that does not exist yet its deepest
 * existing ancestor is checked; a link that leads nowhere counts as
 * outside.
 *
 * Returns: %TRUE if @path lies inside @root
 */
gboolean
pw_path_resolves_inside (const char *root,
                         const char *path)
{
  g_autofree char *real_root = realpath (root, NULL);
  g_autofree char *probe = g_strdup (path);
  g_autofree char *real = NULL;
  struct stat st;
  gsize n;

  if (real_root == NULL)
    return FALSE;

  while (g_lstat (probe, &st) != 0)
    {
      char *up = g_path_get_dirname (probe);

      g_free (probe);
      probe = up;
    }

  real = realpath (probe, NULL);
  n = strlen (real_root);

  return real != NULL
         && strncmp (real, real_root, n) == 0
         && (real[n] == '/' || real[n] == '\0' || g_str_equal (real_root, "/"));
}
