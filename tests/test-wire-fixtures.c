/* test-wire-fixtures.c: recorded answers of real servers (OpenAI,
 * Anthropic, Ollama, llama.cpp, OpenRouter, vLLM; tests/data/wire/README.md
 * says where each shape comes from) replayed through the providers in
 * several chunkings — whole, one byte, seven bytes and seeded random cuts
 * straight into the framing, then whole and in 13-byte chunks from a
 * loopback server — asserting how each answer ended and its text.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-generation-private.h"
#include "pw-http-errors.h"
#include "pw-http-stream.h"
#include "pw-provider.h"
#include "pw-test-server.h"

#define SSE "text/event-stream"
#define NDJSON "application/x-ndjson"
#define JSON "application/json"
#define N_RANDOM_SEEDS 3

/* How an answer ended: complete, refused, truncated, or failed with a
 * PW_PROVIDER_ERROR code (a malformed answer is PROTOCOL). */
typedef enum
{
  ENDED_COMPLETE,
  ENDED_REFUSED,
  ENDED_TRUNCATED,
  ENDED_FAILED,
} Ended;

typedef struct
{
  const char     *file;
  PwProviderKind  kind;
  const char     *mime;
  Ended           ended;
  PwProviderError code;     /* for ENDED_FAILED */
  const char     *text;
  const char     *message;  /* (nullable) part of the error message */
} WireFixture;

static const WireFixture fixtures[] = {
  { "openai-stream.sse", PW_PROVIDER_KIND_OPENAI, SSE, ENDED_COMPLETE, 0,
    "# Plan\n\n1. Write the schema\n2. Add the route ✓\n" },
  { "openai-refusal.sse", PW_PROVIDER_KIND_OPENAI, SSE, ENDED_REFUSED, 0, "",
    "I'm sorry, but I can't assist with that request." },
  { "openai-length.sse", PW_PROVIDER_KIND_OPENAI, SSE, ENDED_TRUNCATED, 0, "## Steps\n\n1. Cre" },
  { "openai-no-choices.json", PW_PROVIDER_KIND_OPENAI, JSON, ENDED_FAILED,
    PW_PROVIDER_ERROR_PROTOCOL, "" },
  { "anthropic-basic.sse", PW_PROVIDER_KIND_ANTHROPIC, SSE, ENDED_COMPLETE, 0, "Hello there!" },
  { "anthropic-refusal.sse", PW_PROVIDER_KIND_ANTHROPIC, SSE, ENDED_REFUSED, 0, "",
    "refused due to policy" },
  { "anthropic-max-tokens.sse", PW_PROVIDER_KIND_ANTHROPIC, SSE, ENDED_TRUNCATED, 0,
    "## Implementation Steps\n\n1. Wri" },
  { "anthropic-overloaded.sse", PW_PROVIDER_KIND_ANTHROPIC, SSE, ENDED_FAILED,
    PW_PROVIDER_ERROR_SERVER, "Partial" },
  { "ollama-chat.ndjson", PW_PROVIDER_KIND_OLLAMA, NDJSON, ENDED_COMPLETE, 0,
    "The sky is blue." },
  { "ollama-length.ndjson", PW_PROVIDER_KIND_OLLAMA, NDJSON, ENDED_TRUNCATED, 0, "1. Set up" },
  { "ollama-error.ndjson", PW_PROVIDER_KIND_OLLAMA, NDJSON, ENDED_FAILED,
    PW_PROVIDER_ERROR_SERVER, "Sure" },
  { "llamacpp-error.sse", PW_PROVIDER_KIND_OPENAI, SSE, ENDED_FAILED, PW_PROVIDER_ERROR_SERVER,
    "Partial", "exceeds the available context size" },
  { "openrouter-comments.sse", PW_PROVIDER_KIND_OPENAI, SSE, ENDED_COMPLETE, 0, "Hello!" },
  { "openrouter-error.sse", PW_PROVIDER_KIND_OPENAI, SSE, ENDED_FAILED, PW_PROVIDER_ERROR_SERVER,
    "Par" },
  { "vllm-stream.sse", PW_PROVIDER_KIND_OPENAI, SSE, ENDED_COMPLETE, 0,
    "Zażółć gęślą jaźń" },
};

typedef struct
{
  Ended   ended;
  GError *error;
  char   *text;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_error (&outcome->error);
  g_clear_pointer (&outcome->text, g_free);
}

static GBytes *
load_fixture (const WireFixture *fixture)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "wire", fixture->file, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static Ended
ended_from_error (const GError *error)
{
  if (error == NULL)
    return ENDED_COMPLETE;
  if (g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_REFUSED))
    return ENDED_REFUSED;
  if (g_error_matches (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TRUNCATED))
    return ENDED_TRUNCATED;
  return ENDED_FAILED;
}

static PwProvider *
new_provider (const WireFixture *fixture,
              const char        *base)
{
  g_autoptr(PwProviderOptions) options = test_options (base);

  if (fixture->kind == PW_PROVIDER_KIND_OLLAMA)
    g_clear_pointer (&options->api_key, g_free);
  return pw_provider_new (fixture->kind, options);
}

/* Feeds @bytes to the provider's framing in pieces of the sizes @next
 * gives, then ends the answer and classifies it as the HTTP base does. */
static void
replay_direct (const WireFixture *fixture,
               GBytes            *bytes,
               gsize            (*next) (gpointer user_data),
               gpointer           user_data,
               Outcome           *outcome)
{
  g_autoptr(PwProvider) provider = new_provider (fixture, "http://127.0.0.1:9");
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "prompt");
  PwHttpStream *stream;
  const char *data = g_bytes_get_data (bytes, NULL);
  gsize length = g_bytes_get_size (bytes);
  gsize offset = 0;
  gboolean complete = FALSE;
  gboolean ok = TRUE;

  pw_generation_begin (generation, "model");
  stream = pw_http_stream_new (PW_HTTP_PROVIDER (provider), generation, fixture->mime);
  while (ok && offset < length)
    {
      gsize n = MIN (MAX (next (user_data), 1), length - offset);

      ok = pw_http_stream_feed (stream, data + offset, n, &outcome->error);
      offset += n;
    }
  if (ok)
    ok = pw_http_stream_end (stream, &complete, &outcome->error);
  if (ok && !complete)
    g_set_error_literal (&outcome->error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_INCOMPLETE, "");
  else if (ok)
    outcome->error = pw_http_classify_end (generation, NULL);
  pw_http_stream_free (stream);

  outcome->ended = ended_from_error (outcome->error);
  outcome->text = g_strdup (pw_generation_get_text (generation));
}

/* The same through a provider against a loopback server that sends the
 * fixture in pieces of @piece bytes (0: whole). */
static void
replay_served (const WireFixture *fixture,
               GBytes            *bytes,
               gsize              piece,
               Outcome           *outcome)
{
  TestServer *server = test_server_new ();
  g_autoptr(PwProvider) provider = new_provider (fixture, server->base);
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "prompt");
  const char *data = g_bytes_get_data (bytes, NULL);
  gsize length = g_bytes_get_size (bytes);
  TestReply *reply;
  TestRun run = { 0 };

  reply = test_server_add_reply (server, 200, fixture->mime, 0, NULL);
  for (gsize offset = 0; offset < length; offset += piece > 0 ? piece : length)
    test_reply_add_chunk (reply, data + offset, MIN (piece > 0 ? piece : length, length - offset));

  test_run_generation (provider, generation, NULL, &run, &outcome->error);
  outcome->ended = ended_from_error (outcome->error);
  outcome->text = g_strdup (pw_generation_get_text (generation));
  g_assert_cmpstr (run.deltas->str, ==, outcome->text);

  test_run_clear (&run);
  g_clear_object (&provider);
  test_spin (20);
  test_server_free (server);
}

static void
check_outcome (const WireFixture *fixture,
               Outcome           *outcome,
               const char        *how)
{
  g_test_message ("%s, %s: %s", fixture->file, how,
                  outcome->error != NULL ? outcome->error->message : "complete");
  g_assert_cmpint (outcome->ended, ==, fixture->ended);
  if (fixture->ended == ENDED_FAILED)
    g_assert_error (outcome->error, PW_PROVIDER_ERROR, (int) fixture->code);
  g_assert_cmpstr (outcome->text, ==, fixture->text);
  if (fixture->message != NULL)
    g_assert_nonnull (strstr (outcome->error->message, fixture->message));
  outcome_clear (outcome);
}

static gsize
fixed_size (gpointer user_data)
{
  return GPOINTER_TO_SIZE (user_data);
}

static gsize
random_size (gpointer user_data)
{
  return (gsize) g_rand_int_range (user_data, 1, 65);
}

static void
test_fixture (gconstpointer data)
{
  const WireFixture *fixture = data;
  g_autoptr(GBytes) bytes = load_fixture (fixture);
  gsize sizes[] = { G_MAXSIZE, 1, 7 };
  Outcome outcome = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *how = g_strdup_printf ("pieces of %" G_GSIZE_FORMAT, sizes[i]);

      replay_direct (fixture, bytes, fixed_size, GSIZE_TO_POINTER (sizes[i]), &outcome);
      check_outcome (fixture, &outcome, how);
    }

  for (guint32 seed = 1; seed <= N_RANDOM_SEEDS; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autofree char *how = g_strdup_printf ("random pieces, seed %u", seed);

      replay_direct (fixture, bytes, random_size, rand, &outcome);
      check_outcome (fixture, &outcome, how);
    }

  replay_served (fixture, bytes, 0, &outcome);
  check_outcome (fixture, &outcome, "served whole");
  replay_served (fixture, bytes, 13, &outcome);
  check_outcome (fixture, &outcome, "served in pieces of 13");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/pw/wire-fixtures/%s", fixtures[i].file);

      g_test_add_data_func (path, &fixtures[i], test_fixture);
    }

  return g_test_run ();
}
