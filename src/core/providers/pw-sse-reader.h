/* pw-sse-reader.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PW_STREAM_ERROR (pw_stream_error_quark ())

/**
 * PwStreamError:
 * @PW_STREAM_ERROR_TOO_LONG: a line or an event grew past the reader's limit
 *
 * Errors of the SSE and NDJSON framing readers.
 */
typedef enum
{
  PW_STREAM_ERROR_TOO_LONG,
} PwStreamError;

/**
 * PwSseEventFunc:
 * @event: the event type, "message" when the event named none
 * @data: the event's data, its lines joined with LF, nul-terminated
 * @data_len: the length of @data in bytes
 * @id: (nullable): the last event id seen so far
 * @user_data: closure data
 *
 * Called once per dispatched event.
 *
 * Returns: %TRUE to go on reading, %FALSE to stop feeding
 */
typedef gboolean (*PwSseEventFunc) (const char *event,
                                    const char *data,
                                    gsize       data_len,
                                    const char *id,
                                    gpointer    user_data);

typedef struct _PwSseReader PwSseReader;

GQuark       pw_stream_error_quark     (void);
PwSseReader *pw_sse_reader_new         (gsize           max_event_size) G_GNUC_WARN_UNUSED_RESULT;
void         pw_sse_reader_free        (PwSseReader    *self);
gboolean     pw_sse_reader_feed        (PwSseReader    *self,
                                        const char     *data,
                                        gsize           length,
                                        PwSseEventFunc  func,
                                        gpointer        user_data,
                                        GError        **error);
gboolean     pw_sse_reader_finish      (PwSseReader    *self,
                                        PwSseEventFunc  func,
                                        gpointer        user_data,
                                        GError        **error);
void         pw_sse_reader_reset       (PwSseReader    *self);
gboolean     pw_sse_reader_has_pending (PwSseReader    *self);
const char  *pw_sse_reader_get_last_id (PwSseReader    *self);
gint64       pw_sse_reader_get_retry   (PwSseReader    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwSseReader, pw_sse_reader_free)

G_END_DECLS
