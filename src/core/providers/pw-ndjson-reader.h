/* pw-ndjson-reader.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pw-sse-reader.h"

G_BEGIN_DECLS

/**
 * PwNdjsonLineFunc:
 * @line: one line without its line end, nul-terminated; never empty
 * @length: the length of @line in bytes
 * @user_data: closure data
 *
 * Returns: %TRUE to go on reading, %FALSE to stop feeding
 */
typedef gboolean (*PwNdjsonLineFunc) (const char *line,
                                      gsize       length,
                                      gpointer    user_data);

typedef struct _PwNdjsonReader PwNdjsonReader;

PwNdjsonReader *pw_ndjson_reader_new         (gsize             max_line_size) G_GNUC_WARN_UNUSED_RESULT;
void            pw_ndjson_reader_free        (PwNdjsonReader   *self);
gboolean        pw_ndjson_reader_feed        (PwNdjsonReader   *self,
                                              const char       *data,
                                              gsize             length,
                                              PwNdjsonLineFunc  func,
                                              gpointer          user_data,
                                              GError          **error);
gboolean        pw_ndjson_reader_finish      (PwNdjsonReader   *self,
                                              PwNdjsonLineFunc  func,
                                              gpointer          user_data,
                                              GError          **error);
gboolean        pw_ndjson_reader_has_pending (PwNdjsonReader   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwNdjsonReader, pw_ndjson_reader_free)

G_END_DECLS
