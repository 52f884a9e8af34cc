/* pw-test-server.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "pw-test-server.h"

void
test_reply_free (TestReply *reply)
{
  g_free (reply->content_type);
  g_free (reply->retry_after);
  g_free (reply->location);
  g_free (reply->encoding);
  g_free (reply->path);
  g_ptr_array_unref (reply->chunks);
  g_free (reply);
}

/* Adds a reply; the chunks are NULL-terminated strings. */
TestReply *
test_server_add_reply (TestServer *self,
                       guint       status,
                       const char *content_type,
                       guint       delay_ms,
                       ...)
{
  TestReply *reply = g_new0 (TestReply, 1);
  const char *chunk;
  va_list args;

  reply->status = status;
  reply->content_type = g_strdup (content_type);
  reply->delay_ms = delay_ms;
  reply->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  va_start (args, delay_ms);
  while ((chunk = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (reply->chunks, g_bytes_new (chunk, strlen (chunk)));
  va_end (args);
  g_ptr_array_add (self->replies, reply);

  return reply;
}

void
test_reply_add_chunk (TestReply  *reply,
                      const char *data,
                      gsize       length)
{
  g_ptr_array_add (reply->chunks, g_bytes_new (data, length));
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  TestStream *stream = user_data;

  stream->finished = TRUE;
  g_clear_handle_id (&stream->source, g_source_remove);
}

static gboolean
stream_next_cb (gpointer user_data)
{
  TestStream *stream = user_data;
  SoupMessageBody *body;

  stream->source = 0;
  if (stream->finished)
    return G_SOURCE_REMOVE;

  body = soup_server_message_get_response_body (stream->msg);
  if (stream->next < stream->reply->chunks->len)
    {
      GBytes *bytes = g_ptr_array_index (stream->reply->chunks, stream->next++);

      soup_message_body_append_bytes (body, bytes);
      soup_server_message_unpause (stream->msg);
      stream->source = g_timeout_add (stream->reply->delay_ms, stream_next_cb, stream);
      return G_SOURCE_REMOVE;
    }

  if (stream->reply->endless && stream->reply->chunks->len > 0)
    {
      soup_message_body_append_bytes (body, g_ptr_array_index (stream->reply->chunks,
                                                               stream->reply->chunks->len - 1));
      soup_server_message_unpause (stream->msg);
      stream->source = g_timeout_add (stream->reply->delay_ms, stream_next_cb, stream);
      return G_SOURCE_REMOVE;
    }

  if (!stream->reply->stall)
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (stream->msg);
    }

  return G_SOURCE_REMOVE;
}

static void
test_stream_free (TestStream *stream)
{
  g_clear_handle_id (&stream->source, g_source_remove);
  if (!stream->finished)
    g_signal_handlers_disconnect_by_func (stream->msg, stream_finished_cb, stream);
  g_object_unref (stream->msg);
  g_free (stream);
}

/* The reply for @path: one that names it, else the next of the script
 * (the last repeats).  The model's details are asked before a chat
 * (Ollama's /api/show, an OpenAI-compatible /models); unless a test
 * scripts them by path they are not found, as from an old server, and the
 * request is not counted. */
static TestReply *
choose_reply (TestServer *self,
              const char *path)
{
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
  guint index;

  for (guint i = 0; i < self->replies->len; i++)
    {
      TestReply *reply = g_ptr_array_index (self->replies, i);

      if (reply->path == NULL)
        g_ptr_array_add (ordered, reply);
      else if (g_str_equal (reply->path, path))
        return reply;
    }
  if (g_str_equal (path, "/api/show") || g_str_equal (path, "/models"))
    return NULL;

  g_assert_cmpuint (ordered->len, >, 0);
  index = MIN (self->n_ordered, ordered->len - 1);
  self->n_ordered++;
  return g_ptr_array_index (ordered, index);
}

static void
test_server_handler (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  TestServer *self = user_data;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GBytes) flattened = soup_message_body_flatten (request_body);
  TestReply *reply = choose_reply (self, path);
  TestStream *stream;

  if (reply == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"error\":\"not scripted\"}", 24);
      return;
    }

  g_ptr_array_add (self->request_paths,
                   g_uri_get_query (uri) != NULL
                   ? g_strconcat (path, "?", g_uri_get_query (uri), NULL) : g_strdup (path));
  g_ptr_array_add (self->request_bodies, g_strndup (g_bytes_get_data (flattened, NULL),
                                                    g_bytes_get_size (flattened)));
  g_ptr_array_add (self->request_headers,
                   soup_message_headers_ref (soup_server_message_get_request_headers (msg)));

  self->n_requests++;

  soup_server_message_set_status (msg, reply->status, NULL);
  if (reply->content_type != NULL)
    soup_message_headers_replace (response_headers, "Content-Type", reply->content_type);
  if (reply->retry_after != NULL)
    soup_message_headers_replace (response_headers, "Retry-After", reply->retry_after);
  if (reply->location != NULL)
    soup_message_headers_replace (response_headers, "Location", reply->location);
  if (reply->encoding != NULL)
    soup_message_headers_replace (response_headers, "Content-Encoding", reply->encoding);
  soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);

  stream = g_new0 (TestStream, 1);
  stream->server = self;
  stream->msg = g_object_ref (msg);
  stream->reply = reply;
  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), stream);
  g_ptr_array_add (self->streams, stream);

  soup_server_message_pause (msg);
  stream->source = g_timeout_add (reply->delay_ms, stream_next_cb, stream);
}

TestServer *
test_server_new (void)
{
  return test_server_new_at (NULL);
}

/* A server on @address (such as "127.0.0.2", another loopback host), or
 * on 127.0.0.1 when %NULL. */
TestServer *
test_server_new_at (const char *address)
{
  TestServer *self = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address != NULL ? address
                                                                 : "127.0.0.1");
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet, 0);
  GSList *uris;
  GUri *uri;

  self->server = soup_server_new (NULL, NULL);
  self->replies = g_ptr_array_new_with_free_func ((GDestroyNotify) test_reply_free);
  self->request_paths = g_ptr_array_new_with_free_func (g_free);
  self->request_bodies = g_ptr_array_new_with_free_func (g_free);
  self->request_headers = g_ptr_array_new_with_free_func ((GDestroyNotify) soup_message_headers_unref);
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) test_stream_free);
  soup_server_add_handler (self->server, NULL, test_server_handler, self, NULL);
  soup_server_listen (self->server, socket_address, 0, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  uri = uris->data;
  self->base = g_strdup_printf ("http://%s:%d", address != NULL ? address : "127.0.0.1",
                                g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return self;
}

void
test_server_free (TestServer *self)
{
  soup_server_disconnect (self->server);
  g_ptr_array_unref (self->streams);
  g_object_unref (self->server);
  g_ptr_array_unref (self->replies);
  g_ptr_array_unref (self->request_paths);
  g_ptr_array_unref (self->request_bodies);
  g_ptr_array_unref (self->request_headers);
  g_free (self->base);
  g_free (self);
}

const char *
test_server_request_header (TestServer *self,
                            guint       index,
                            const char *name)
{
  g_assert_cmpuint (index, <, self->request_headers->len);
  return soup_message_headers_get_one (g_ptr_array_index (self->request_headers, index), name);
}

/* ------------------------------------------------------------------ */
/* A raw server: exact bytes, then a reset                             */
/* ------------------------------------------------------------------ */

static gboolean
raw_run_cb (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source_object,
            gpointer                user_data)
{
  RawServer *self = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GString) request = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  /* Read the head and the body its Content-Length announces. */
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

  g_output_stream_write_all (out, g_bytes_get_data (self->response, NULL),
                             g_bytes_get_size (self->response), NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_usleep (self->delay_ms * 1000);

  /* SO_LINGER 0 turns the close into a TCP reset. */
  if (!self->graceful)
    {
      struct { int onoff; int linger; } linger = { 1, 0 };

      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
    }
  g_socket_close (socket, NULL);

  return TRUE;
}

RawServer *
raw_server_new (const char *response,
                guint       delay_ms)
{
  RawServer *self = g_new0 (RawServer, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  self->service = g_threaded_socket_service_new (2);
  self->response = g_bytes_new (response, strlen (response));
  self->delay_ms = delay_ms;
  g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (self->service, "run", G_CALLBACK (raw_run_cb), self);
  g_socket_service_start (self->service);
  self->base = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  return self;
}

void
raw_server_free (RawServer *self)
{
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_object_unref (self->service);
  g_bytes_unref (self->response);
  g_free (self->base);
  g_free (self);
}

/* ------------------------------------------------------------------ */
/* Running a generation                                                */
/* ------------------------------------------------------------------ */

static void
test_run_delta_cb (PwGeneration *generation,
                   const char   *text,
                   gpointer      user_data)
{
  TestRun *run = user_data;

  run->n_deltas++;
  if (!g_utf8_validate (text, -1, NULL))
    run->deltas_valid_utf8 = FALSE;
  g_string_append (run->deltas, text);
}

static void
test_run_retrying_cb (PwGeneration *generation,
                      guint         attempt,
                      guint         delay_ms,
                      const char   *reason,
                      gpointer      user_data)
{
  TestRun *run = user_data;

  run->n_retrying++;
}

void
test_run_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TestRun *run = user_data;

  run->done_us = g_get_monotonic_time ();
  run->result = g_object_ref (result);
}

PwProviderOptions *
test_options (const char *base_url)
{
  PwProviderOptions *options = pw_provider_options_new ();

  options->profile_name = g_strdup ("Test profile");
  options->base_url = g_strdup (base_url);
  options->model = g_strdup ("test-model");
  options->api_key = g_strdup ("sk-test-SECRET-1234567890");
  options->retry_base_ms = 5;
  options->retry_after_unit_ms = 10;
  options->idle_timeout_ms = 5000;

  return options;
}

/* Runs @generation to its end; returns whether it completed. */
gboolean
test_run_generation (PwProvider    *provider,
                     PwGeneration  *generation,
                     GCancellable  *cancellable,
                     TestRun       *run,
                     GError       **error)
{
  gulong delta_id;
  gulong retry_id;
  gboolean ok;

  run->deltas = g_string_new (NULL);
  run->deltas_valid_utf8 = TRUE;
  delta_id = g_signal_connect (generation, "delta", G_CALLBACK (test_run_delta_cb), run);
  retry_id = g_signal_connect (generation, "retrying", G_CALLBACK (test_run_retrying_cb), run);

  pw_provider_generate_async (provider, generation, cancellable, test_run_done_cb, run);
  while (run->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  ok = pw_provider_generate_finish (provider, run->result, error);
  g_signal_handler_disconnect (generation, delta_id);
  g_signal_handler_disconnect (generation, retry_id);

  return ok;
}

void
test_run_clear (TestRun *run)
{
  g_clear_object (&run->result);
  if (run->deltas != NULL)
    g_string_free (run->deltas, TRUE);
  memset (run, 0, sizeof *run);
}

/* Spins the main context a little so that the server notices closed
 * connections before it is freed. */
void
test_spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/**
 * test_server_add_plan_reply:
 * @letter: what tells the plans apart, e.g. "A"
 *
 * Scripts an OpenAI-compatible answer holding a one-step plan,
 * "# Plan A" with "1. Step A".
 */
void
test_server_add_plan_reply (TestServer *self,
                            const char *letter)
{
  g_autofree char *chunk = NULL;

  chunk = g_strdup_printf (TEST_OPENAI_CHUNK ("# Plan %s\\n\\n## Implementation Steps\\n\\n"
                                              "1. Step %s\\n"), letter, letter);

  test_server_add_reply (self, 200, "text/event-stream", 1, chunk, "data: [DONE]\n\n", NULL);
}
