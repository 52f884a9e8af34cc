/* bench-stream.c: how fast a streamed answer is received and reassembled,
 * compared with curl downloading the same bytes.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The program serves an OpenAI-style event stream itself, from a thread on
 * 127.0.0.1 (chunked encoding, 64 KiB chunks), then times
 *   - PwProviderOpenAI receiving it, parsing every event and reassembling
 *     the answer in a PwGeneration, and
 *   - `curl -s -o /dev/null` downloading the identical response,
 * taking the best of several runs of each.  It also reports the client's
 * peak heap growth (mallinfo2, sampled every 32 deltas and at the end)
 * against the answer size.  --pace-us makes the server pause after each
 * 64 KiB, as a model or a real link delivers a stream.
 *
 * --provider picks the wire format: OpenAI chat.completion.chunk events,
 * Anthropic Messages events, or Ollama's NDJSON lines.  Times are the
 * median of --runs runs.  Memory is also reported as the growth of the
 * process's peak resident set (VmHWM, reset through /proc/self/clear_refs
 * before each client run).
 *
 *   bench-stream [--provider openai] [--answer-mb 20] [--event-bytes 4096]
 *                [--runs 5] [--pace-us 0]
 */

#include "config.h"

#include <gio/gio.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "pw-provider.h"
#include "pw-provider-anthropic.h"
#include "pw-provider-ollama.h"
#include "pw-provider-openai.h"

typedef struct
{
  GBytes *response;   /* head + chunked body */
  gsize   answer_len;
  guint   pace_us;    /* pause between 64 KiB writes */
} Server;

typedef struct
{
  gsize  baseline;
  gsize  peak;
  guint  deltas;
} Memory;

/* A field of /proc/self/status, in bytes; 0 where there is none. */
static gsize
proc_status_bytes (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10) * 1024;
}

/* Resets VmHWM to the current resident set (Linux 4.0+). */
static void
reset_peak_rss (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  if (values->len == 0)
    return 0;
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

static void
sample_cb (PwGeneration *generation,
           const char   *text,
           gpointer      user_data)
{
  Memory *memory = user_data;

  /* mallinfo2() walks the arenas: sample, do not call it per event. */
  if (++memory->deltas % 32 == 0)
    memory->peak = MAX (memory->peak, heap_in_use ());
}

static gboolean
serve_cb (GThreadedSocketService *service,
          GSocketConnection      *connection,
          GObject                *source_object,
          gpointer                user_data)
{
  Server *server = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GString) request = g_string_new (NULL);
  char buffer[8192];
  gssize n;

  /* Read the head and whatever body Content-Length announces. */
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      const char *end;
      const char *length;

      g_string_append_len (request, buffer, n);
      end = strstr (request->str, "\r\n\r\n");
      if (end == NULL)
        continue;
      length = g_strstr_len (request->str, end - request->str, "Content-Length: ");
      if (length == NULL ||
          request->len - (end + 4 - request->str) >= g_ascii_strtoull (length + 16, NULL, 10))
        break;
    }

  if (server->pace_us == 0)
    g_output_stream_write_all (out, g_bytes_get_data (server->response, NULL),
                               g_bytes_get_size (server->response), NULL, NULL, NULL);
  else
    {
      const char *bytes = g_bytes_get_data (server->response, NULL);
      gsize size = g_bytes_get_size (server->response);

      /* A paced stream, as a model or a slow link delivers it. */
      for (gsize offset = 0; offset < size; offset += 65536)
        {
          if (!g_output_stream_write_all (out, bytes + offset, MIN (65536, size - offset), NULL,
                                          NULL, NULL))
            break;
          g_usleep (server->pace_us);
        }
    }
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

typedef enum
{
  WIRE_OPENAI,
  WIRE_ANTHROPIC,
  WIRE_OLLAMA,
} Wire;

static GBytes *
build_response (Wire    wire,
                gsize   answer_len,
                gsize   event_bytes,
                char  **answer_out)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GString) response = g_string_new (NULL);
  g_autoptr(GString) answer = g_string_sized_new (answer_len);
  static const char words[] = "Plan the endpoint, validate input, call the service, map errors. "
                              "Zażółć gęślą jaźń. ";
  gsize offset;

  /* The answer: repeated prose with multibyte characters. */
  while (answer->len < answer_len)
    g_string_append (answer, words);
  {
    const char *cut = g_utf8_find_prev_char (answer->str, answer->str + answer_len);

    g_string_truncate (answer, cut != NULL && cut >= answer->str ? (gsize) (cut - answer->str) : 0);
  }

  if (wire == WIRE_OPENAI)
    g_string_append (body, "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\","
                           "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n");
  else if (wire == WIRE_ANTHROPIC)
    g_string_append (body, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                           "{\"id\":\"b\",\"model\":\"bench\",\"usage\":{\"input_tokens\":10,"
                           "\"output_tokens\":1}}}\n\nevent: content_block_start\ndata: "
                           "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                           "{\"type\":\"text\",\"text\":\"\"}}\n\n");
  for (offset = 0; offset < answer->len;)
    {
      gsize take = MIN (event_bytes, answer->len - offset);
      const char *end = answer->str + offset + take;

      /* Events carry whole characters, as JSON strings must. */
      if (offset + take < answer->len)
        end = g_utf8_find_prev_char (answer->str + offset, end + 1);
      if (end <= answer->str + offset)
        end = g_utf8_next_char (answer->str + offset);
      take = end - (answer->str + offset);

      if (wire == WIRE_OPENAI)
        g_string_append (body, "data: {\"id\":\"b\",\"object\":\"chat.completion.chunk\","
                               "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
      else if (wire == WIRE_ANTHROPIC)
        g_string_append (body, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                               "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"");
      else
        g_string_append (body, "{\"model\":\"bench\",\"created_at\":\"2026-01-01T00:00:00Z\","
                               "\"message\":{\"role\":\"assistant\",\"content\":\"");
      g_string_append_len (body, answer->str + offset, take);
      if (wire == WIRE_OPENAI)
        g_string_append (body, "\"},\"finish_reason\":null}]}\n\n");
      else if (wire == WIRE_ANTHROPIC)
        g_string_append (body, "\"}}\n\n");
      else
        g_string_append (body, "\"},\"done\":false}\n");
      offset += take;
    }
  if (wire == WIRE_OPENAI)
    g_string_append (body, "data: {\"id\":\"b\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
                           "\"completion_tokens\":5000000}}\n\ndata: [DONE]\n\n");
  else if (wire == WIRE_ANTHROPIC)
    g_string_append (body, "event: content_block_stop\ndata: {\"type\":\"content_block_stop\","
                           "\"index\":0}\n\nevent: message_delta\ndata: {\"type\":\"message_delta\","
                           "\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":"
                           "5000000}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  else
    g_string_append (body, "{\"model\":\"bench\",\"created_at\":\"2026-01-01T00:00:00Z\","
                           "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                           "\"done_reason\":\"stop\",\"prompt_eval_count\":10,"
                           "\"eval_count\":5000000}\n");

  g_string_append_printf (response, "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
                                    "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                          wire == WIRE_OLLAMA ? "application/x-ndjson" : "text/event-stream");
  for (offset = 0; offset < body->len; offset += 65536)
    {
      gsize take = MIN (65536, body->len - offset);

      g_string_append_printf (response, "%zx\r\n", take);
      g_string_append_len (response, body->str + offset, take);
      g_string_append (response, "\r\n");
    }
  g_string_append (response, "0\r\n\r\n");

  *answer_out = g_string_free (g_steal_pointer (&answer), FALSE);
  return g_string_free_to_bytes (g_steal_pointer (&response));
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *url = NULL;
  g_autofree char *curl = NULL;
  g_autofree char *provider_name = NULL;
  g_autofree char *request_url = NULL;
  g_autoptr(GArray) client_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_times = g_array_new (FALSE, FALSE, sizeof (double));
  int answer_mb = 20;
  int event_bytes = 4096;
  int runs = 5;
  int pace_us = 0;
  double client_median;
  double curl_median = 0;
  gsize peak_growth = 0;
  gsize rss_growth = 0;
  Wire wire = WIRE_OPENAI;
  Server server;
  GOptionEntry entries[] = {
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider_name, "openai, anthropic or ollama",
      "NAME" },
    { "answer-mb", 0, 0, G_OPTION_ARG_INT, &answer_mb, "Answer size in MB", "N" },
    { "event-bytes", 0, 0, G_OPTION_ARG_INT, &event_bytes, "Answer bytes per event", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each, the median counts", "N" },
    { "pace-us", 0, 0, G_OPTION_ARG_INT, &pace_us, "Server pause after each 64 KiB", "US" },
    { NULL }
  };

  context = g_option_context_new ("— streaming benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (g_strcmp0 (provider_name, "anthropic") == 0)
    wire = WIRE_ANTHROPIC;
  else if (g_strcmp0 (provider_name, "ollama") == 0)
    wire = WIRE_OLLAMA;
  else if (provider_name != NULL && g_strcmp0 (provider_name, "openai") != 0)
    {
      g_printerr ("unknown provider %s\n", provider_name);
      return 2;
    }
  runs = MAX (runs, 1);

  server.answer_len = (gsize) answer_mb * 1000 * 1000;
  server.response = build_response (wire, server.answer_len, MAX (event_bytes, 1), &answer);
  server.answer_len = strlen (answer);
  server.pace_us = MAX (pace_us, 0);

  service = g_threaded_socket_service_new (4);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (serve_cb), &server);
  g_socket_service_start (service);
  url = g_strdup_printf ("http://127.0.0.1:%u%s",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)),
                         wire == WIRE_OPENAI ? "/v1" : "");
  request_url = g_strconcat (url, wire == WIRE_OPENAI ? "/chat/completions"
                                  : wire == WIRE_ANTHROPIC ? "/v1/messages" : "/api/chat", NULL);

  for (int run = 0; run < runs; run++)
    {
      g_autoptr(PwProviderOptions) options = pw_provider_options_new ();
      g_autoptr(PwProvider) provider = NULL;
      g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "bench");
      g_autoptr(GAsyncResult) result = NULL;
      gint64 start;
      double seconds;
      gsize rss_before;
      Memory memory;

      options->base_url = g_strdup (url);
      options->model = g_strdup ("bench");
      if (wire == WIRE_OPENAI)
        provider = pw_provider_openai_new (options);
      else if (wire == WIRE_ANTHROPIC)
        provider = pw_provider_anthropic_new (options);
      else
        provider = pw_provider_ollama_new (options);

      reset_peak_rss ();
      rss_before = proc_status_bytes ("VmRSS:");
      memory.baseline = memory.peak = heap_in_use ();
      memory.deltas = 0;
      g_signal_connect (generation, "delta", G_CALLBACK (sample_cb), &memory);
      start = g_get_monotonic_time ();
      pw_provider_generate_async (provider, generation, NULL, done_cb, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      seconds = (g_get_monotonic_time () - start) / 1e6;
      memory.peak = MAX (memory.peak, heap_in_use ());
      if (!pw_provider_generate_finish (provider, result, &error))
        g_error ("generation failed: %s", error->message);
      if (pw_generation_get_text_length (generation) != server.answer_len ||
          memcmp (pw_generation_get_text (generation), answer, server.answer_len) != 0)
        g_error ("the reassembled answer differs from the one served");
      g_array_append_val (client_times, seconds);
      peak_growth = MAX (peak_growth, memory.peak - memory.baseline);
      if (proc_status_bytes ("VmHWM:") > rss_before)
        rss_growth = MAX (rss_growth, proc_status_bytes ("VmHWM:") - rss_before);
    }

  curl = g_find_program_in_path ("curl");
  for (int run = 0; curl != NULL && run < runs; run++)
    {
      const char *curl_argv[] = { curl, "-s", "-o", "/dev/null", "-X", "POST", "-d", "{}",
                                  request_url, NULL };
      double seconds;
      GMainContext *context_for_wait = g_main_context_default ();
      g_autoptr(GSubprocess) process = NULL;
      gint64 start = g_get_monotonic_time ();

      g_autoptr(GAsyncResult) waited = NULL;

      /* The service accepts connections on this thread's main context,
       * so wait by iterating it rather than blocking. */
      process = g_subprocess_newv (curl_argv, G_SUBPROCESS_FLAGS_NONE, &error);
      g_assert_no_error (error);
      g_subprocess_wait_async (process, NULL, done_cb, &waited);
      while (waited == NULL)
        g_main_context_iteration (context_for_wait, TRUE);
      if (!g_subprocess_get_successful (process))
        g_error ("curl failed");
      seconds = (g_get_monotonic_time () - start) / 1e6;
      g_array_append_val (curl_times, seconds);
    }
  client_median = median (client_times);
  if (curl_times->len > 0)
    curl_median = median (curl_times);

  g_print ("%s: answer %.1f MB in events of %d bytes; stream %.1f MB; median of %d runs\n",
           wire == WIRE_OPENAI ? "openai" : wire == WIRE_ANTHROPIC ? "anthropic" : "ollama",
           server.answer_len / 1e6, event_bytes, g_bytes_get_size (server.response) / 1e6, runs);
  g_print ("planwright client: %.3f s (%.3f-%.3f; %.0f MB/s of stream)\n", client_median,
           g_array_index (client_times, double, 0),
           g_array_index (client_times, double, client_times->len - 1),
           g_bytes_get_size (server.response) / 1e6 / client_median);
  if (curl_times->len > 0)
    g_print ("curl -s -o /dev/null: %.3f s (%.3f-%.3f)\nratio client/curl: %.2f (target <= 1.5)\n",
             curl_median, g_array_index (curl_times, double, 0),
             g_array_index (curl_times, double, curl_times->len - 1), client_median / curl_median);
  else
    g_print ("curl not found: no comparison\n");
  g_print ("client peak heap growth: %.1f MB = %.2fx the answer (target < 3)\n",
           peak_growth / 1e6, (double) peak_growth / server.answer_len);
  g_print ("client peak RSS growth (VmHWM): %.1f MB = %.2fx the answer (target < 3)\n",
           rss_growth / 1e6, (double) rss_growth / server.answer_len);

  g_socket_service_stop (service);
  g_bytes_unref (server.response);
  return 0;
}
