/* test-local-servers.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-local-servers.h"
#include "pw-test-server.h"

static void
probe_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* Finds a port nothing listens on: bind, read the port, close. */
static char *
closed_port_url (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

static void
test_probe (void)
{
  TestServer *ollama = test_server_new ();
  TestServer *silent = test_server_new ();
  g_autofree char *nothing = closed_port_url ();
  g_autofree char *silent_v1 = g_strdup_printf ("%s/v1", silent->base);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  PwLocalServerCandidate candidates[] = {
    { PW_PROVIDER_KIND_OPENAI, "Nothing", nothing },
    { PW_PROVIDER_KIND_OLLAMA, "Ollama", ollama->base },
    { PW_PROVIDER_KIND_OPENAI, "Silent", silent_v1 },
  };
  PwLocalServer *server;
  gint64 start;

  test_server_add_reply (ollama, 200, "application/json", 1,
                         "{\"models\":[{\"name\":\"llama3:8b\"},{\"name\":\"qwen2:7b\"}]}", NULL);
  /* This one accepts the request and never answers. */
  test_server_add_reply (silent, 200, "application/json", 1, NULL)->stall = TRUE;

  start = g_get_monotonic_time ();
  pw_local_servers_probe_async (candidates, G_N_ELEMENTS (candidates), 300, NULL,
                                probe_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  found = pw_local_servers_probe_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  server = g_ptr_array_index (found, 0);
  g_assert_cmpint (server->kind, ==, PW_PROVIDER_KIND_OLLAMA);
  g_assert_cmpstr (server->name, ==, "Ollama");
  g_assert_cmpstr (server->base_url, ==, ollama->base);
  g_assert_cmpuint (g_strv_length (server->models), ==, 2);
  g_assert_cmpstr (server->models[0], ==, "llama3:8b");
  g_assert_cmpstr (g_ptr_array_index (ollama->request_paths, 0), ==, "/api/tags");

  /* The stalled server was given up on, not waited for. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  test_server_free (ollama);
  test_server_free (silent);
}

static void
test_none (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  PwLocalServerCandidate none[1] = { { PW_PROVIDER_KIND_OPENAI, "unused", "http://127.0.0.1:1" } };

  pw_local_servers_probe_async (none, 0, 100, NULL, probe_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = pw_local_servers_probe_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/local-servers/probe", test_probe);
  g_test_add_func ("/pw/local-servers/none", test_none);

  return g_test_run ();
}
