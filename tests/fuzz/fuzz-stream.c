/* fuzz-stream.c: libFuzzer target for the SSE and NDJSON framing readers
 * and the provider stream parsers built on them.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first byte picks the reader and how the rest is cut into chunks, so
 * that the fuzzer explores splits inside lines, CRLF pairs, the BOM and
 * UTF-8 sequences.  Every data payload goes through json-glib and the
 * generation's UTF-8 reassembly, as in the real providers.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pw-generation-private.h"
#include "pw-json-utils.h"
#include "pw-ndjson-reader.h"
#include "pw-provider.h"
#include "pw-sse-reader.h"

static PwGeneration *generation;

static gboolean
event_cb (const char *event,
          const char *data,
          gsize       length,
          const char *id,
          gpointer    user_data)
{
  g_autoptr(JsonNode) root = NULL;

  g_assert (strlen (event) > 0 || event[0] == '\0');
  g_assert (data[length] == '\0');

  if (length == 6 && memcmp (data, "[DONE]", 6) == 0)
    return FALSE;

  root = pw_json_parse (data, length, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonArray *choices = pw_json_get_array (object, "choices");
      JsonObject *delta = pw_json_get_object (object, "delta");
      const char *text = pw_json_get_string (delta, "text");

      if (choices != NULL && json_array_get_length (choices) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (choices, 0)))
        text = pw_json_get_string (pw_json_get_object (json_node_get_object (
                 json_array_get_element (choices, 0)), "delta"), "content");
      if (text != NULL)
        pw_generation_append (generation, text, strlen (text));
      (void) pw_json_get_int (pw_json_get_object (object, "usage"), "prompt_tokens");
    }

  /* Raw bytes too: the reassembly must cope with anything. */
  pw_generation_append (generation, data, length);
  return TRUE;
}

static gboolean
line_cb (const char *line,
         gsize       length,
         gpointer    user_data)
{
  g_autoptr(JsonNode) root = NULL;

  g_assert (length > 0);
  g_assert (line[length] == '\0');
  g_assert (memchr (line, '\n', length) == NULL);

  root = pw_json_parse (line, length, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      const char *text = pw_json_get_string (pw_json_get_object (object, "message"), "content");

      if (text != NULL)
        pw_generation_append (generation, text, strlen (text));
      if (pw_json_get_bool (object, "done"))
        return FALSE;
    }
  return TRUE;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *input = (const char *) data + 1;
  gsize length;
  gsize step;
  gboolean ndjson;

  if (size < 1)
    return 0;
  if (generation == NULL)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      generation = pw_generation_new (NULL, "fuzz");
    }

  length = size - 1;
  ndjson = (data[0] & 0x80) != 0;
  step = (data[0] & 0x7f) + 1;
  pw_generation_begin (generation, NULL);

  if (ndjson)
    {
      g_autoptr(PwNdjsonReader) reader = pw_ndjson_reader_new (4096);

      for (gsize offset = 0; offset < length; offset += step)
        if (!pw_ndjson_reader_feed (reader, input + offset, MIN (step, length - offset), line_cb,
                                    NULL, NULL))
          break;
      pw_ndjson_reader_finish (reader, line_cb, NULL, NULL);
    }
  else
    {
      g_autoptr(PwSseReader) reader = pw_sse_reader_new (4096);

      for (gsize offset = 0; offset < length; offset += step)
        if (!pw_sse_reader_feed (reader, input + offset, MIN (step, length - offset), event_cb,
                                 NULL, NULL))
          break;
      (void) pw_sse_reader_has_pending (reader);
    }

  pw_generation_finish (generation, PW_GENERATION_END_COMPLETE, NULL);
  g_assert (g_utf8_validate (pw_generation_get_text (generation),
                             pw_generation_get_text_length (generation), NULL));

  return 0;
}
