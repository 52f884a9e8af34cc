/* pw-http-errors.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-provider.h"

G_BEGIN_DECLS

/* The decisions of the HTTP base that need no network, kept apart so that
 * a test can check them headless: what a failed response means, whether
 * and when to try again, and keeping the key out of every message. */

/**
 * PwHttpFailure:
 * @profile_name: the name the user knows the profile by, for messages
 * @api_key: (nullable): the key to keep out of messages
 * @status: the HTTP status
 * @mime_type: (nullable): the response's lower-case media type
 * @body: (array length=body_length) (nullable): the start of the response body
 * @body_length: its length
 * @attempts: attempts made so far, from 1
 *
 * A non-2xx response as pw_http_classify_failure() reads it.
 */
typedef struct
{
  const char *profile_name;
  const char *api_key;
  guint       status;
  const char *mime_type;
  const char *body;
  gsize       body_length;
  guint       attempts;
} PwHttpFailure;

char     *pw_http_redact             (const char              *text,
                                      const char              *api_key) G_GNUC_WARN_UNUSED_RESULT;
GError   *pw_http_classify_failure   (const PwHttpFailure     *failure,
                                      gboolean                *retryable) G_GNUC_WARN_UNUSED_RESULT;
GError   *pw_http_stream_error       (const char              *profile_name,
                                      const char              *api_key,
                                      const char              *type,
                                      const char              *message) G_GNUC_WARN_UNUSED_RESULT;
gint64    pw_http_parse_retry_after  (const char              *value);
gboolean  pw_http_retry_delay        (const PwProviderOptions *options,
                                      guint                    attempts,
                                      gint64                   retry_after_ms,
                                      guint                   *delay_ms);
gboolean  pw_http_host_is_loopback   (const char              *host);
GError   *pw_http_classify_end       (PwGeneration            *generation,
                                      const char              *api_key) G_GNUC_WARN_UNUSED_RESULT;
GError   *pw_http_redirect_error     (const char              *profile_name,
                                      const char              *api_key,
                                      guint                    status,
                                      const char              *location) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
