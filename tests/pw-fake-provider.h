/* pw-fake-provider.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "pw-generation-private.h"
#include "pw-provider.h"

/* An in-process PwProvider for UI tests: streams a scripted answer in small
 * pieces from timeouts, the way a network provider delivers deltas, and can
 * fail part-way or stall until cancelled. */

typedef enum
{
  FAKE_COMPLETE,
  FAKE_FAIL,
  FAKE_STALL,
  FAKE_TRUNCATE,   /* stops at fail_after as at the output token limit */
} FakeMode;

#define FAKE_TYPE_PROVIDER (fake_provider_get_type ())

G_DECLARE_FINAL_TYPE (FakeProvider, fake_provider, FAKE, PROVIDER, GObject)

struct _FakeProvider
{
  GObject            parent_instance;

  PwProviderOptions *options;
  char              *answer;
  gsize              chunk;
  FakeMode           mode;
  gsize              fail_after;
  gboolean           fail_auth;   /* FAKE_FAIL as a rejected key */
  char              *warning;     /* (nullable) a warning before the first text */
  char              *fail_message; /* (nullable) FAKE_FAIL's message instead of HTTP 503's */
  guint              calls;
};

typedef struct
{
  GTask        *task;
  PwGeneration *generation;
  gsize         sent;
  guint         source;
  gulong        cancelled_id;
} FakeRun;

static void fake_provider_iface_init (PwProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeProvider, fake_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PW_TYPE_PROVIDER, fake_provider_iface_init))

static void
fake_run_free (FakeRun *run)
{
  g_clear_handle_id (&run->source, g_source_remove);
  g_clear_object (&run->generation);
  g_free (run);
}

static void
fake_run_end (FakeRun         *run,
              PwGenerationEnd  end,
              GError          *error)
{
  GTask *task = g_steal_pointer (&run->task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (run->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, run->cancelled_id);
  run->cancelled_id = 0;
  g_clear_handle_id (&run->source, g_source_remove);

  pw_generation_finish (run->generation, end, error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  fake_run_free (run);
}

static gboolean
fake_tick_cb (gpointer user_data)
{
  FakeRun *run = user_data;
  FakeProvider *self = g_task_get_source_object (run->task);
  gsize total = strlen (self->answer);
  gsize limit = self->mode == FAKE_COMPLETE ? total : MIN (total, self->fail_after);
  gsize n = MIN (self->chunk, limit - run->sent);

  if (n > 0)
    {
      pw_generation_append (run->generation, self->answer + run->sent, n);
      run->sent += n;
    }

  if (run->sent < limit)
    return G_SOURCE_CONTINUE;

  run->source = 0;
  if (self->mode == FAKE_COMPLETE)
    {
      pw_generation_set_usage (run->generation, 1200, (gint64) (total / 4));
      fake_run_end (run, PW_GENERATION_END_COMPLETE, NULL);
    }
  else if (self->mode == FAKE_FAIL)
    fake_run_end (run, PW_GENERATION_END_ERROR,
                  self->fail_auth
                  ? g_error_new_literal (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_AUTH,
                                         "The server rejected the API key (HTTP 401).")
                  : g_error_new_literal (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER,
                                         self->fail_message != NULL
                                         ? self->fail_message
                                         : "The server failed (HTTP 503)."));
  else if (self->mode == FAKE_TRUNCATE)
    fake_run_end (run, PW_GENERATION_END_TRUNCATED,
                  g_error_new_literal (PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TRUNCATED,
                                       "The answer stopped at the output token limit."));
  /* FAKE_STALL: wait for the cancellable. */

  return G_SOURCE_REMOVE;
}

static gboolean
fake_cancel_idle_cb (gpointer user_data)
{
  FakeRun *run = user_data;

  run->cancelled_id = 0;
  fake_run_end (run, PW_GENERATION_END_CANCELLED,
                g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
  return G_SOURCE_REMOVE;
}

static void
fake_cancelled_cb (GCancellable *cancellable,
                   FakeRun      *run)
{
  /* Not from inside the cancellable's lock. */
  g_idle_add (fake_cancel_idle_cb, run);
}

static void
fake_generate_async (PwProvider          *provider,
                     PwGeneration        *generation,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  FakeProvider *self = FAKE_PROVIDER (provider);
  FakeRun *run = g_new0 (FakeRun, 1);

  self->calls++;
  run->task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_check_cancellable (run->task, FALSE);
  run->generation = g_object_ref (generation);

  pw_generation_begin (generation, "fake-model");
  /* A continuation carries on the answer where it stopped. */
  if (pw_generation_get_continued_text (generation) != NULL)
    run->sent = strlen (pw_generation_get_continued_text (generation));
  pw_generation_set_state (generation, PW_GENERATION_STATE_CONNECTING);
  if (self->warning != NULL)
    pw_generation_add_warning (generation, self->warning);
  if (cancellable != NULL)
    run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (fake_cancelled_cb),
                                               run, NULL);
  run->source = g_timeout_add (2, fake_tick_cb, run);
}

static gboolean
fake_generate_finish (PwProvider    *provider,
                      GAsyncResult  *result,
                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static PwProviderKind
fake_get_kind (PwProvider *provider)
{
  return PW_PROVIDER_KIND_OPENAI;
}

static const PwProviderOptions *
fake_get_options (PwProvider *provider)
{
  return FAKE_PROVIDER (provider)->options;
}

static void
fake_provider_iface_init (PwProviderInterface *iface)
{
  iface->get_kind = fake_get_kind;
  iface->get_options = fake_get_options;
  iface->generate_async = fake_generate_async;
  iface->generate_finish = fake_generate_finish;
}

static void
fake_provider_finalize (GObject *object)
{
  FakeProvider *self = FAKE_PROVIDER (object);

  pw_provider_options_free (self->options);
  g_free (self->answer);
  g_free (self->warning);
  g_free (self->fail_message);

  G_OBJECT_CLASS (fake_provider_parent_class)->finalize (object);
}

static void
fake_provider_class_init (FakeProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_provider_finalize;
}

static void
fake_provider_init (FakeProvider *self)
{
  self->options = pw_provider_options_new ();
  self->options->profile_name = g_strdup ("Fake");
  self->options->model = g_strdup ("fake-model");
  self->chunk = 4;
}

static inline FakeProvider *
fake_provider_new (const char *answer,
                   FakeMode    mode,
                   gsize       fail_after)
{
  FakeProvider *self = g_object_new (FAKE_TYPE_PROVIDER, NULL);

  self->answer = g_strdup (answer);
  self->mode = mode;
  self->fail_after = fail_after;
  return self;
}
