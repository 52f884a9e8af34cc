/* pw-http-stream.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-http-provider.h"

G_BEGIN_DECLS

/* For pw-http-provider.c: the parse state of one answer. */
typedef struct _PwHttpStream PwHttpStream;

PwHttpStream *pw_http_stream_new  (PwHttpProvider  *provider,
                                   PwGeneration    *generation,
                                   const char      *mime_type) G_GNUC_WARN_UNUSED_RESULT;
void          pw_http_stream_free (PwHttpStream    *stream);
gboolean      pw_http_stream_feed (PwHttpStream    *stream,
                                   const char      *data,
                                   gsize            length,
                                   GError         **error);
gboolean      pw_http_stream_end  (PwHttpStream    *stream,
                                   gboolean        *complete,
                                   GError         **error);

G_END_DECLS
