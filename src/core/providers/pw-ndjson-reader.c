/* pw-ndjson-reader.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-ndjson-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-ndjson-reader.h"

/* Newline-delimited JSON framing (Ollama's application/x-ndjson): one JSON
 * value per LF-terminated line.  The reader only frames lines; a CR before
 * the LF is dropped and blank lines are skipped.  Chunks may split a line
 * anywhere, including inside a UTF-8 sequence.
 */

#define DEFAULT_MAX_LINE_SIZE (16 * 1024 * 1024)

struct _PwNdjsonReader
{
  GString *line;
  gsize    max_size;
  gboolean stopped;
};

/**
 * pw_ndjson_reader_new:
 * @max_line_size: the most bytes one line may take, or 0 for 16 MiB
 *
 * Returns: (transfer full): a new reader
 */
PwNdjsonReader *
pw_ndjson_reader_new (gsize max_line_size)
{
  PwNdjsonReader *self = g_new0 (PwNdjsonReader, 1);

  self->line = g_string_new (NULL);
  self->max_size = max_line_size > 0 ? max_line_size : DEFAULT_MAX_LINE_SIZE;

  return self;
}

void
pw_ndjson_reader_free (PwNdjsonReader *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_free (self);
}

/**
 * pw_ndjson_reader_has_pending:
 *
 * Returns: %TRUE when an unterminated line is buffered
 */
gboolean
pw_ndjson_reader_has_pending (PwNdjsonReader *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->line->len > 0;
}

static void
emit_line (PwNdjsonReader   *self,
           PwNdjsonLineFunc  func,
           gpointer          user_data)
{
  GString *line = self->line;

  /* A CR before the LF and trailing blanks carry no value; truncating
   * keeps the line nul-terminated for the callback. */
  while (line->len > 0 && (line->str[line->len - 1] == '\r' ||
                           line->str[line->len - 1] == ' ' ||
                           line->str[line->len - 1] == '\t'))
    g_string_truncate (line, line->len - 1);
  if (line->len == 0)
    return;

  if (!func (line->str, line->len, user_data))
    self->stopped = TRUE;
}

/**
 * pw_ndjson_reader_feed:
 * @self: a #PwNdjsonReader
 * @data: (array length=length): the next bytes of the stream
 * @length: the number of bytes in @data
 * @func: (scope call): called for each complete non-blank line
 * @user_data: data for @func
 * @error: return location for a #PW_STREAM_ERROR
 *
 * Returns: %FALSE if a line grew past the size limit
 */
gboolean
pw_ndjson_reader_feed (PwNdjsonReader    *self,
                       const char        *data,
                       gsize              length,
                       PwNdjsonLineFunc   func,
                       gpointer           user_data,
                       GError           **error)
{
  const char *p = data;
  const char *end = data + length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  while (p < end && !self->stopped)
    {
      const char *eol = memchr (p, '\n', end - p);

      if (eol == NULL)
        {
          if (self->line->len + (end - p) > self->max_size)
            goto too_long;
          g_string_append_len (self->line, p, end - p);
          break;
        }

      if (self->line->len + (eol - p) > self->max_size)
        goto too_long;
      g_string_append_len (self->line, p, eol - p);
      emit_line (self, func, user_data);
      g_string_truncate (self->line, 0);

      p = eol + 1;
    }

  return TRUE;

too_long:
  g_set_error (error, PW_STREAM_ERROR, PW_STREAM_ERROR_TOO_LONG,
               _("A JSON line is longer than %lu bytes"), (unsigned long)self->max_size);
  return FALSE;
}

/**
 * pw_ndjson_reader_finish:
 *
 * Hands on a last line that the stream did not terminate with LF.
 *
 * Returns: %TRUE
 */
gboolean
pw_ndjson_reader_finish (PwNdjsonReader    *self,
                         PwNdjsonLineFunc   func,
                         gpointer           user_data,
                         GError           **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->line->len > 0 && !self->stopped)
    emit_line (self, func, user_data);
  g_string_truncate (self->line, 0);

  return TRUE;
}
