/* pw-file-io.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The largest file Planwright reads: planning documents, plans, templates,
 * API plans and the history are far smaller. */
#define PW_FILE_MAX_SIZE ((gsize) 8 * 1024 * 1024)

/* A temporary file older than this is left over from a killed save. */
#define PW_FILE_STALE_SECONDS 120

#define PW_FILE_ERROR (pw_file_error_quark ())

/**
 * PwFileError:
 * @PW_FILE_ERROR_NOT_REGULAR: a FIFO, a device, a folder or a socket
 * @PW_FILE_ERROR_TOO_LARGE: larger than the limit given
 * @PW_FILE_ERROR_OUTSIDE: a symbolic link that leaves the repository
 */
typedef enum
{
  PW_FILE_ERROR_NOT_REGULAR,
  PW_FILE_ERROR_TOO_LARGE,
  PW_FILE_ERROR_OUTSIDE,
} PwFileError;

/**
 * PwFileReplaceFlags:
 * @PW_FILE_REPLACE_NONE: a new file gets the usual permissions
 * @PW_FILE_REPLACE_PRIVATE: a new file is readable by its owner only
 */
typedef enum
{
  PW_FILE_REPLACE_NONE    = 0,
  PW_FILE_REPLACE_PRIVATE = 1 << 0,
} PwFileReplaceFlags;

GQuark   pw_file_error_quark      (void);
gboolean pw_file_read             (GFile              *file,
                                   gsize               max_size,
                                   char              **contents,
                                   gsize              *length,
                                   char              **etag,
                                   GError            **error);
char    *pw_file_query_etag       (GFile              *file) G_GNUC_WARN_UNUSED_RESULT;
gboolean pw_file_replace          (GFile              *file,
                                   const char         *data,
                                   gsize               length,
                                   const char         *etag,
                                   PwFileReplaceFlags  flags,
                                   char              **new_etag,
                                   GCancellable       *cancellable,
                                   GError            **error);
void     pw_file_replace_async    (GFile              *file,
                                   GBytes             *bytes,
                                   const char         *etag,
                                   GCancellable       *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer            user_data);
gboolean pw_file_replace_finish   (GFile              *file,
                                   GAsyncResult       *result,
                                   char              **new_etag,
                                   GError            **error);
gboolean pw_file_is_temporary_name (const char        *name);
guint    pw_file_remove_stale_temporaries (const char *folder,
                                           gint64      max_age_s);
gboolean pw_path_resolves_inside  (const char         *root,
                                   const char         *path);

G_END_DECLS
