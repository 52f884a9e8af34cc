/* pw-test-server.h: an in-process HTTP server on loopback that plays an
 * LLM provider in the provider tests.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two servers: a SoupServer that answers each request from a script of
 * replies and writes streamed bodies as chunked encoding with pauses
 * between chunks (soup_server_message_pause/unpause), and a raw server on
 * a GThreadedSocketService that writes exact bytes and then resets the
 * connection.  Both listen on 127.0.0.1 with an ephemeral port; nothing
 * touches the network.
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "pw-provider.h"

G_BEGIN_DECLS

/* One event of an OpenAI-compatible stream that adds @t (a C string
 * literal, JSON-escaped) to the answer. */
#define TEST_OPENAI_CHUNK(t) \
  "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" t "\"}}]}\n\n"

typedef struct
{
  guint       status;
  char       *content_type;
  char       *retry_after;    /* (nullable) */
  GPtrArray  *chunks;         /* (element-type GBytes) */
  guint       delay_ms;
  gboolean    stall;          /* keep the body open after the chunks */
  gboolean    endless;        /* repeat the last chunk until the client leaves */
  char       *location;       /* (nullable) a Location header */
  char       *encoding;       /* (nullable) a Content-Encoding header */
  char       *path;           /* (nullable) answers only this path, every time */
} TestReply;

typedef struct
{
  SoupServer        *server;
  char              *base;
  GPtrArray         *replies;         /* (element-type TestReply) script; the last repeats */
  guint              n_requests;
  guint              n_ordered;       /* requests answered from the script */
  GPtrArray         *request_paths;   /* path?query of each request */
  GPtrArray         *request_bodies;
  GPtrArray         *request_headers; /* SoupMessageHeaders, ref'd */
  GPtrArray         *streams;         /* live streaming states */
} TestServer;

typedef struct
{
  TestServer        *server;
  SoupServerMessage *msg;
  TestReply         *reply;
  guint              next;
  guint              source;
  gboolean           finished;
} TestStream;

/* A raw server: exact bytes, then a reset. */
typedef struct
{
  GSocketService *service;
  char           *base;
  GBytes         *response;
  guint           delay_ms;   /* pause before the reset */
  gboolean        graceful;   /* close with a FIN instead of a reset */
} RawServer;

/* What a generation run by test_run_generation() did. */
typedef struct
{
  GAsyncResult *result;
  gint64        done_us;
  guint         n_deltas;
  guint         n_retrying;
  GString      *deltas;
  gboolean      deltas_valid_utf8;
} TestRun;

void               test_reply_free            (TestReply          *reply);
TestReply         *test_server_add_reply      (TestServer         *self,
                                               guint               status,
                                               const char         *content_type,
                                               guint               delay_ms,
                                               ...) G_GNUC_NULL_TERMINATED;
void               test_reply_add_chunk       (TestReply          *reply,
                                               const char         *data,
                                               gsize               length);
TestServer        *test_server_new            (void) G_GNUC_WARN_UNUSED_RESULT;
TestServer        *test_server_new_at         (const char         *address) G_GNUC_WARN_UNUSED_RESULT;
void               test_server_free           (TestServer         *self);
const char        *test_server_request_header (TestServer         *self,
                                               guint               index,
                                               const char         *name);

RawServer         *raw_server_new             (const char         *response,
                                               guint               delay_ms) G_GNUC_WARN_UNUSED_RESULT;
void               raw_server_free            (RawServer          *self);

PwProviderOptions *test_options               (const char         *base_url) G_GNUC_WARN_UNUSED_RESULT;
void               test_run_done_cb           (GObject            *source,
                                               GAsyncResult       *result,
                                               gpointer            user_data);
gboolean           test_run_generation        (PwProvider         *provider,
                                               PwGeneration       *generation,
                                               GCancellable       *cancellable,
                                               TestRun            *run,
                                               GError            **error);
void               test_run_clear             (TestRun            *run);
void               test_spin                  (guint               ms);
void               test_server_add_plan_reply (TestServer         *self,
                                               const char         *letter);

G_END_DECLS
