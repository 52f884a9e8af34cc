/* pw-http-stream.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-http-stream"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-http-stream.h"
#include "pw-json-utils.h"
#include "pw-ndjson-reader.h"
#include "pw-sse-reader.h"

/* The body of a 2xx answer, cut into events for the HTTP base: SSE or
 * NDJSON framing, the end marker, and a whole JSON answer from a server
 * that ignored "stream": true.  Each event's JSON object goes to the
 * provider class's read_event.
 */

#define MAX_WHOLE_BODY (64 * 1024 * 1024)

typedef enum
{
  MODE_SNIFF,
  MODE_SSE,
  MODE_NDJSON,
  MODE_WHOLE,
} StreamMode;

struct _PwHttpStream
{
  PwHttpProvider *provider;
  PwGeneration   *generation;
  PwSseReader    *sse;      /* (owned) (nullable) */
  PwNdjsonReader *ndjson;   /* (owned) (nullable) */
  GString        *whole;    /* (owned) a whole JSON answer being gathered */
  JsonParser     *parser;   /* (owned) reused for every event */
  GError         *error;    /* (owned) (nullable) from inside a reader's callback */
  StreamMode      mode;
  gboolean        done;
};

PwHttpStream *
pw_http_stream_new (PwHttpProvider *provider,
                    PwGeneration   *generation,
                    const char     *mime_type)
{
  PwHttpStream *stream = g_new0 (PwHttpStream, 1);

  stream->provider = provider;
  stream->generation = generation;
  stream->parser = json_parser_new ();
  stream->whole = g_string_new (NULL);

  if (PW_HTTP_PROVIDER_GET_CLASS (provider)->framing == PW_HTTP_FRAMING_NDJSON)
    stream->mode = MODE_NDJSON;
  else if (g_str_has_prefix (mime_type, "text/event-stream"))
    stream->mode = MODE_SSE;
  else
    stream->mode = MODE_SNIFF;

  if (stream->mode == MODE_NDJSON)
    stream->ndjson = pw_ndjson_reader_new (0);
  else
    stream->sse = pw_sse_reader_new (0);

  return stream;
}

void
pw_http_stream_free (PwHttpStream *stream)
{
  g_clear_pointer (&stream->sse, pw_sse_reader_free);
  g_clear_pointer (&stream->ndjson, pw_ndjson_reader_free);
  g_string_free (stream->whole, TRUE);
  g_clear_object (&stream->parser);
  g_clear_error (&stream->error);
  g_free (stream);
}

/* Parses one JSON document of the answer and hands it to the class.
 * Returns whether to go on reading: %FALSE at the end marker or with
 * @error set. */
static gboolean
read_document (PwHttpStream  *stream,
               const char    *name,
               const char    *json,
               gsize          length,
               gboolean       whole,
               const char    *not_an_object,
               GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  PwHttpEvent event = { stream->generation, name, NULL, json, length, whole, FALSE };

  root = whole ? pw_json_parse (json, length, error)
               : pw_json_parse_chunk (stream->parser, json, length, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL, not_an_object);
      return FALSE;
    }

  event.object = json_node_get_object (root);
  if (!PW_HTTP_PROVIDER_GET_CLASS (stream->provider)->read_event (stream->provider, &event, error))
    return FALSE;
  if (event.done)
    stream->done = TRUE;

  return !stream->done;
}

static gboolean
sse_event_cb (const char *event,
              const char *data,
              gsize       length,
              const char *id,
              gpointer    user_data)
{
  PwHttpStream *stream = user_data;
  const char *end_marker = PW_HTTP_PROVIDER_GET_CLASS (stream->provider)->end_marker;

  if (end_marker != NULL && length == strlen (end_marker) && memcmp (data, end_marker, length) == 0)
    {
      stream->done = TRUE;
      return FALSE;
    }

  /* Keep-alive pings carry data too, but nothing needs it. */
  if (g_str_equal (event, "ping"))
    return TRUE;

  return read_document (stream, event, data, length, FALSE,
                        _("The server sent an event that is not a JSON object"), &stream->error);
}

static gboolean
ndjson_line_cb (const char *line,
                gsize       length,
                gpointer    user_data)
{
  PwHttpStream *stream = user_data;

  return read_document (stream, NULL, line, length, FALSE,
                        _("The server sent a line that is not a JSON object"), &stream->error);
}

/* Without an event-stream type, the first byte tells a whole JSON answer
 * (a server that ignores "stream": true) from an event stream sent with a
 * careless content type. */
static void
sniff (PwHttpStream *stream,
       const char   *data,
       gsize         length)
{
  gsize i = 0;

  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i < length)
    stream->mode = data[i] == '{' ? MODE_WHOLE : MODE_SSE;
}

static gboolean
gather_whole (PwHttpStream  *stream,
              const char    *data,
              gsize          length,
              GError       **error)
{
  if (stream->whole->len + length > MAX_WHOLE_BODY)
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The server’s answer is too large"));
      return FALSE;
    }

  g_string_append_len (stream->whole, data, length);
  return TRUE;
}

/* Reads the next bytes of the answer. */
gboolean
pw_http_stream_feed (PwHttpStream  *stream,
                     const char    *data,
                     gsize          length,
                     GError       **error)
{
  if (stream->mode == MODE_SNIFF)
    sniff (stream, data, length);

  if (stream->mode == MODE_WHOLE || stream->mode == MODE_SNIFF)
    return gather_whole (stream, data, length, error);

  if (stream->mode == MODE_NDJSON &&
      !pw_ndjson_reader_feed (stream->ndjson, data, length, ndjson_line_cb, stream, error))
    {
      g_prefix_error_literal (error, _("The server sent a malformed stream: "));
      return FALSE;
    }
  if (stream->mode == MODE_SSE &&
      !pw_sse_reader_feed (stream->sse, data, length, sse_event_cb, stream, error))
    {
      g_prefix_error_literal (error, _("The server sent a malformed event stream: "));
      return FALSE;
    }

  if (stream->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stream->error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
take_end (PwHttpStream  *stream,
          gboolean      *complete,
          GError       **error)
{
  if (stream->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stream->error));
      return FALSE;
    }

  *complete = stream->done;
  return TRUE;
}

/* Reads what is left at the end of the body.  Sets *@complete when the
 * answer had its end: the end marker of a stream, or a whole answer. */
gboolean
pw_http_stream_end (PwHttpStream  *stream,
                    gboolean      *complete,
                    GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (stream->mode == MODE_SSE)
    {
      /* A last event without its blank line still counts. */
      if (!stream->done && !pw_sse_reader_finish (stream->sse, sse_event_cb, stream, error))
        return FALSE;
      return take_end (stream, complete, error);
    }

  if (stream->mode == MODE_NDJSON)
    {
      gboolean partial = !stream->done && pw_ndjson_reader_has_pending (stream->ndjson);

      /* The last line may lack its line end; one that does not parse was
       * cut by the connection closing, which is not a malformed answer. */
      pw_ndjson_reader_finish (stream->ndjson, ndjson_line_cb, stream, NULL);
      if (partial && g_error_matches (stream->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL))
        {
          g_clear_error (&stream->error);
          g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_NETWORK,
                       _("The connection closed in the middle of a line of the answer"));
          return FALSE;
        }
      return take_end (stream, complete, error);
    }

  if (!read_document (stream, NULL, stream->whole->str, stream->whole->len, TRUE,
                      _("The server’s answer is not a JSON object"), &local_error) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *complete = TRUE;
  return TRUE;
}
