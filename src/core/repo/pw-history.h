/* pw-history.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>


G_BEGIN_DECLS

#define PW_HISTORY_ERROR (pw_history_error_quark ())

typedef enum
{
  PW_HISTORY_ERROR_CORRUPT,
} PwHistoryError;

#define PW_HISTORY_MAX_ENTRIES 200
#define PW_HISTORY_MAX_BYTES   (20 * 1024 * 1024)

#define PW_TYPE_HISTORY (pw_history_get_type ())

G_DECLARE_FINAL_TYPE (PwHistory, pw_history, PW, HISTORY, GObject)

GQuark     pw_history_error_quark  (void);
PwHistory *pw_history_new          (GFile                 *repository) G_GNUC_WARN_UNUSED_RESULT;
PwHistory *pw_history_new_for_file (GFile                 *file) G_GNUC_WARN_UNUSED_RESULT;
GFile     *pw_history_get_file     (PwHistory             *self);
void       pw_history_set_limits   (PwHistory             *self,
                                    guint                  max_entries,
                                    gsize                  max_bytes);
gboolean   pw_history_append       (PwHistory             *self,
                                    JsonNode              *entry,
                                    const char            *secret,
                                    GCancellable          *cancellable,
                                    GError               **error);
void       pw_history_append_async (PwHistory             *self,
                                    JsonNode              *entry,
                                    const char            *secret,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
gboolean   pw_history_append_finish (PwHistory            *self,
                                    GAsyncResult          *result,
                                    GError               **error);
JsonArray *pw_history_load         (PwHistory             *self,
                                    GCancellable          *cancellable,
                                    GError               **error) G_GNUC_WARN_UNUSED_RESULT;
void       pw_history_load_async   (PwHistory             *self,
                                    GCancellable          *cancellable,
                                    GAsyncReadyCallback    callback,
                                    gpointer               user_data);
JsonArray *pw_history_load_finish  (PwHistory             *self,
                                    GAsyncResult          *result,
                                    GError               **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
