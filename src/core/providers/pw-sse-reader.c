/* pw-sse-reader.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-sse-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-sse-reader.h"

/* A framing reader for text/event-stream as the HTML Living Standard
 * defines it (section 9.2.6, "Interpreting an event stream").  It is fed
 * network chunks of any size, split anywhere: inside a line, between CR
 * and LF, inside the leading byte-order mark or inside a UTF-8 sequence.
 * It only frames bytes; the data of an event is handed on as is, so a
 * multibyte character split across chunks is whole again by the time the
 * event is dispatched.
 */

#define DEFAULT_MAX_EVENT_SIZE (16 * 1024 * 1024)

static const guint8 bom[] = { 0xEF, 0xBB, 0xBF };

struct _PwSseReader
{
  GString  *line;        /* the partial line carried between chunks */
  GString  *data;        /* the data buffer of the event being built */
  GString  *event;       /* the event type buffer */
  char     *last_id;     /* (nullable) */
  gint64    retry;       /* -1 until the server sends one */
  gsize     max_size;
  guint     bom_seen;    /* BOM bytes matched while bom_done is FALSE */
  guint     bom_done : 1;
  guint     skip_lf : 1; /* the last line ended in CR: a leading LF is its tail */
  guint     stopped : 1;
  guint     has_event : 1;
};

G_DEFINE_QUARK (pw-stream-error-quark, pw_stream_error)

/**
 * pw_sse_reader_new:
 * @max_event_size: the most bytes a line or the data of one event may
 *   take, or 0 for the default of 16 MiB
 *
 * Returns: (transfer full): a new reader
 */
PwSseReader *
pw_sse_reader_new (gsize max_event_size)
{
  PwSseReader *self = g_new0 (PwSseReader, 1);

  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->event = g_string_new (NULL);
  self->retry = -1;
  self->max_size = max_event_size > 0 ? max_event_size : DEFAULT_MAX_EVENT_SIZE;

  return self;
}

void
pw_sse_reader_free (PwSseReader *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->event, TRUE);
  g_free (self->last_id);
  g_free (self);
}

/**
 * pw_sse_reader_reset:
 *
 * Forgets any partial line or event, as at the start of a new stream.
 */
void
pw_sse_reader_reset (PwSseReader *self)
{
  g_return_if_fail (self != NULL);

  g_string_truncate (self->line, 0);
  g_string_truncate (self->data, 0);
  g_string_truncate (self->event, 0);
  self->bom_seen = 0;
  self->bom_done = FALSE;
  self->skip_lf = FALSE;
  self->stopped = FALSE;
  self->has_event = FALSE;
}

/**
 * pw_sse_reader_has_pending:
 *
 * Returns: %TRUE when a partial line or an undispatched event is buffered,
 *   that is when the stream stopped in the middle of an event
 */
gboolean
pw_sse_reader_has_pending (PwSseReader *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->line->len > 0 || self->data->len > 0 || self->has_event;
}

const char *
pw_sse_reader_get_last_id (PwSseReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->last_id;
}

/**
 * pw_sse_reader_get_retry:
 *
 * Returns: the reconnection time in milliseconds the server asked for,
 *   or -1
 */
gint64
pw_sse_reader_get_retry (PwSseReader *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->retry;
}

static gboolean
field_is (const char *field,
          gsize       field_len,
          const char *name)
{
  gsize name_len = strlen (name);

  return field_len == name_len && memcmp (field, name, name_len) == 0;
}

static gboolean
too_long (PwSseReader  *self,
          GError      **error)
{
  g_set_error (error, PW_STREAM_ERROR, PW_STREAM_ERROR_TOO_LONG,
               _("A server-sent event is larger than %lu bytes"),
               (unsigned long)self->max_size);
  return FALSE;
}

static gboolean
dispatch (PwSseReader    *self,
          PwSseEventFunc  func,
          gpointer        user_data)
{
  gboolean go_on;

  self->has_event = FALSE;

  /* An event without data is dropped, and so is its type. */
  if (self->data->len == 0)
    {
      g_string_truncate (self->event, 0);
      return TRUE;
    }

  if (self->data->str[self->data->len - 1] == '\n')
    g_string_truncate (self->data, self->data->len - 1);

  go_on = func (self->event->len > 0 ? self->event->str : "message",
                self->data->str, self->data->len, self->last_id, user_data);

  g_string_truncate (self->data, 0);
  g_string_truncate (self->event, 0);

  return go_on;
}

/* The retry field: a reconnection time in milliseconds, ASCII digits only;
 * anything else leaves the last value. */
static void
read_retry (PwSseReader *self,
            const char  *value,
            gsize        value_len)
{
  gint64 retry = 0;
  gsize i;

  for (i = 0; i < value_len; i++)
    {
      if (!g_ascii_isdigit (value[i]) || retry > G_MAXINT64 / 100)
        break;
      retry = retry * 10 + (value[i] - '0');
    }
  if (value_len > 0 && i == value_len)
    self->retry = retry;
}

/* Applies one field to the event being built.  Other field names are
 * ignored, as the standard asks. */
static gboolean
process_field (PwSseReader  *self,
               const char   *field,
               gsize         field_len,
               const char   *value,
               gsize         value_len,
               GError      **error)
{
  if (field_is (field, field_len, "data"))
    {
      if (self->data->len + value_len + 1 > self->max_size)
        return too_long (self, error);
      g_string_append_len (self->data, value, value_len);
      g_string_append_c (self->data, '\n');
      self->has_event = TRUE;
    }
  else if (field_is (field, field_len, "event"))
    {
      g_string_truncate (self->event, 0);
      g_string_append_len (self->event, value, value_len);
      self->has_event = TRUE;
    }
  else if (field_is (field, field_len, "id"))
    {
      if (memchr (value, '\0', value_len) == NULL)
        {
          g_free (self->last_id);
          self->last_id = g_strndup (value, value_len);
        }
      self->has_event = TRUE;
    }
  else if (field_is (field, field_len, "retry"))
    {
      read_retry (self, value, value_len);
    }
  else if (field_is (field, field_len, "error"))
    {
      /* Not in the standard: llama.cpp's server reports a failure after
       * HTTP 200 as an "error:" line with a JSON object.  It becomes an
       * event of type "error" with that data, like Anthropic's. */
      g_string_assign (self->event, "error");
      return process_field (self, "data", 4, value, value_len, error);
    }

  return TRUE;
}

/* One line: an empty line dispatches the event, a colon starts a comment,
 * otherwise "field: value" (one space after the colon is dropped) or a
 * field name alone. */
static gboolean
process_line (PwSseReader     *self,
              const char      *line,
              gsize            length,
              PwSseEventFunc   func,
              gpointer         user_data,
              GError         **error)
{
  const char *colon;
  const char *value;
  gsize field_len;
  gsize value_len;

  if (length == 0)
    {
      if (!dispatch (self, func, user_data))
        self->stopped = TRUE;
      return TRUE;
    }

  if (line[0] == ':')
    return TRUE;

  colon = memchr (line, ':', length);
  field_len = colon != NULL ? (gsize) (colon - line) : length;
  value = colon != NULL ? colon + 1 : line + length;
  value_len = length - (value - line);
  if (colon != NULL && value_len > 0 && value[0] == ' ')
    {
      value++;
      value_len--;
    }

  return process_field (self, line, field_len, value, value_len, error);
}

static gboolean
feed_lines (PwSseReader     *self,
            const char      *data,
            gsize            length,
            PwSseEventFunc   func,
            gpointer         user_data,
            GError         **error)
{
  const char *p = data;
  const char *end = data + length;

  while (p < end && !self->stopped)
    {
      const char *eol;

      if (self->skip_lf)
        {
          self->skip_lf = FALSE;
          if (*p == '\n')
            {
              p++;
              continue;
            }
        }

      /* memchr is much faster than a byte loop on long data lines. */
      eol = memchr (p, '\n', end - p);
      {
        const char *cr = memchr (p, '\r', (eol != NULL ? eol : end) - p);

        if (cr != NULL)
          eol = cr;
        else if (eol == NULL)
          eol = end;
      }

      if (eol == end)
        {
          if (self->line->len + (end - p) > self->max_size)
            return too_long (self, error);
          g_string_append_len (self->line, p, end - p);
          break;
        }

      if (self->line->len > 0)
        {
          gboolean ok;

          if (self->line->len + (eol - p) > self->max_size)
            return too_long (self, error);
          g_string_append_len (self->line, p, eol - p);
          ok = process_line (self, self->line->str, self->line->len, func, user_data, error);
          g_string_truncate (self->line, 0);
          if (!ok)
            return FALSE;
        }
      else if (!process_line (self, p, eol - p, func, user_data, error))
        {
          return FALSE;
        }

      self->skip_lf = (*eol == '\r');
      p = eol + 1;
    }

  return TRUE;
}

/**
 * pw_sse_reader_feed:
 * @self: a #PwSseReader
 * @data: (array length=length): the next bytes of the stream
 * @length: the number of bytes in @data
 * @func: (scope call): called for each complete event
 * @user_data: data for @func
 * @error: return location for a #PW_STREAM_ERROR
 *
 * Frames the next chunk of an event stream, calling @func for every event
 * the chunk completes.  Once @func returns %FALSE the reader ignores the
 * rest of the stream.  An event that the stream leaves unfinished is never
 * dispatched (see pw_sse_reader_has_pending()).
 *
 * Returns: %FALSE if a line or event grew past the size limit
 */
gboolean
pw_sse_reader_feed (PwSseReader     *self,
                    const char      *data,
                    gsize            length,
                    PwSseEventFunc   func,
                    gpointer         user_data,
                    GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (self->stopped)
    return TRUE;

  /* The byte-order mark may itself arrive split across chunks. */
  while (!self->bom_done && length > 0)
    {
      if ((guint8) data[0] == bom[self->bom_seen])
        {
          data++;
          length--;
          if (++self->bom_seen == sizeof bom)
            self->bom_done = TRUE;
        }
      else
        {
          guint seen = self->bom_seen;

          self->bom_done = TRUE;
          if (seen > 0 && !feed_lines (self, (const char *) bom, seen, func, user_data, error))
            return FALSE;
        }
    }

  return feed_lines (self, data, length, func, user_data, error);
}

/**
 * pw_sse_reader_finish:
 * @func: (scope call): called for the last event
 * @user_data: data for @func
 * @error: return location for a #PW_STREAM_ERROR
 *
 * Ends the stream: a last line without its line end is read, and an event
 * the stream did not close with a blank line is dispatched, as the
 * official OpenAI and Anthropic SDKs do.
 *
 * Returns: %FALSE if the last line grew past the size limit
 */
gboolean
pw_sse_reader_finish (PwSseReader     *self,
                      PwSseEventFunc   func,
                      gpointer         user_data,
                      GError         **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (self->stopped)
    return TRUE;
  if (self->line->len > 0)
    {
      g_autofree char *line = g_strndup (self->line->str, self->line->len);
      gsize length = self->line->len;

      g_string_truncate (self->line, 0);
      ok = process_line (self, line, length, func, user_data, error);
    }
  if (ok && !self->stopped && self->data->len > 0)
    dispatch (self, func, user_data);
  self->stopped = TRUE;

  return ok;
}
