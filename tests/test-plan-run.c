/* test-plan-run.c: PwPlanRun from a spec to a plan, a file and one history
 * entry, with the offline planner, an injected fake provider and a
 * loopback server; cancel, retry and an unknown profile.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>

#include "pw-export.h"
#include "pw-fake-provider.h"
#include "pw-history.h"
#include "pw-plan-run.h"
#include "pw-plan.h"
#include "pw-profile.h"
#include "pw-test-repo.h"
#include "pw-test-server.h"
#include "pw-workspace.h"

#define KEY "sk-run-SECRET-1234567890"
#define CHUNK(t) TEST_OPENAI_CHUNK (t)

static const char answer[] =
  "# Implementation Plan: notes\n\n## Implementation Steps\n\n"
  "1. Write the schema\n2. Write the service\n3. Add the route\n";

typedef struct
{
  char        *repo;
  PwWorkspace *workspace;
  TestServer  *server;
} Fixture;

typedef struct
{
  GAsyncResult *result;
  GString      *deltas;
  GArray       *states;     /* PwPlanRunState, each change */
  guint         n_retrying;
  guint         n_plans;    /* notify::plan */
  PwPlanRun    *cancel_on_delta;
} Observer;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->repo = pw_test_make_notes_repo ("pw-plan-run-XXXXXX");
  fixture->workspace = pw_test_open_workspace (fixture->repo);
  fixture->server = test_server_new ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_spin (20);
  test_server_free (fixture->server);
  g_clear_object (&fixture->workspace);
  pw_test_remove_tree (fixture->repo);
}

static PwPlanSpec *
endpoint_spec (void)
{
  PwPlanSpec *spec = pw_plan_spec_new ();

  spec->template_id = g_strdup ("endpoints-plan");
  spec->endpoints = g_strsplit ("GET /api/notes/{id}", "|", -1);
  return spec;
}

static PwPlanSpec *
fake_spec (FakeProvider *fake)
{
  PwPlanSpec *spec = pw_plan_spec_new ();

  spec->template_id = g_strdup ("feature-plan");
  spec->feature = g_strdup ("notes");
  spec->provider = g_object_ref (PW_PROVIDER (fake));
  return spec;
}

/* The endpoint plan from the fixture's server as an OpenAI-compatible
 * provider, written to @output. */
static PwPlanSpec *
server_spec (Fixture    *fixture,
             const char *output)
{
  PwPlanSpec *spec = endpoint_spec ();

  spec->provider_kind = g_strdup ("openai");
  spec->base_url = g_strdup (fixture->server->base);
  spec->model = g_strdup ("gpt-x");
  spec->output = g_strdup (output);
  return spec;
}

static void
delta_cb (PwPlanRun  *run,
          const char *text,
          Observer   *observer)
{
  g_string_append (observer->deltas, text);
  if (observer->cancel_on_delta != NULL)
    pw_plan_run_cancel (g_steal_pointer (&observer->cancel_on_delta));
}

static void
state_cb (PwPlanRun  *run,
          GParamSpec *pspec,
          Observer   *observer)
{
  PwPlanRunState state = pw_plan_run_get_state (run);

  g_array_append_val (observer->states, state);
}

static void
retrying_cb (PwPlanRun  *run,
             guint       attempt,
             guint       delay_ms,
             const char *reason,
             Observer   *observer)
{
  observer->n_retrying++;
}

static void
plan_cb (PwPlanRun  *run,
         GParamSpec *pspec,
         Observer   *observer)
{
  observer->n_plans++;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Observer *observer = user_data;

  observer->result = g_object_ref (result);
}

static void
observe (PwPlanRun *run,
         Observer  *observer)
{
  observer->deltas = g_string_new (NULL);
  observer->states = g_array_new (FALSE, FALSE, sizeof (PwPlanRunState));
  g_signal_connect (run, "delta", G_CALLBACK (delta_cb), observer);
  g_signal_connect (run, "notify::state", G_CALLBACK (state_cb), observer);
  g_signal_connect (run, "retrying", G_CALLBACK (retrying_cb), observer);
  g_signal_connect (run, "notify::plan", G_CALLBACK (plan_cb), observer);
}

static void
observer_clear (Observer *observer)
{
  g_clear_object (&observer->result);
  g_string_free (observer->deltas, TRUE);
  g_array_unref (observer->states);
}

/* Runs (or with @retry, retries) @run to its end. */
static gboolean
run_to_end (PwPlanRun     *run,
            Observer      *observer,
            gboolean       retry,
            GError       **error)
{
  g_clear_object (&observer->result);
  g_array_set_size (observer->states, 0);
  if (retry)
    pw_plan_run_retry_async (run, NULL, done_cb, observer);
  else
    pw_plan_run_run_async (run, NULL, done_cb, observer);
  g_assert_true (pw_plan_run_get_running (run));
  while (observer->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pw_plan_run_get_running (run));

  return pw_plan_run_run_finish (run, observer->result, error);
}

static PwPlanRunState
last_state (Observer *observer)
{
  g_assert_cmpuint (observer->states->len, >, 0);
  return g_array_index (observer->states, PwPlanRunState, observer->states->len - 1);
}

static JsonArray *
load_history (Fixture *fixture)
{
  g_autoptr(PwHistory) history = pw_history_new (pw_workspace_get_root (fixture->workspace));
  g_autoptr(GError) error = NULL;
  JsonArray *entries = pw_history_load (history, NULL, &error);

  g_assert_no_error (error);
  return entries;
}

static const char *
entry_string (JsonArray  *entries,
              guint       i,
              const char *member)
{
  JsonObject *entry = json_array_get_object_element (entries, i);

  return json_object_get_string_member_with_default (entry, member, NULL);
}

static void
test_offline_to_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = endpoint_spec ();
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(PwPlanRun) again = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  Observer observer = { NULL, };
  JsonObject *timings;

  spec->output = g_strdup ("auto");
  run = pw_plan_run_new (fixture->workspace, spec);
  g_assert_cmpint (pw_plan_run_get_state (run), ==, PW_PLAN_RUN_STATE_IDLE);
  g_assert_nonnull (pw_plan_run_get_plan (run));
  g_assert_null (pw_plan_run_get_generation (run));
  g_assert_cmpstr (pw_plan_run_get_subject (run), ==, "GET /api/notes/{id}");
  observe (run, &observer);

  g_assert_true (run_to_end (run, &observer, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_array_index (observer.states, PwPlanRunState, 0), ==,
                   PW_PLAN_RUN_STATE_PREPARING);
  g_assert_cmpint (last_state (&observer), ==, PW_PLAN_RUN_STATE_SUCCEEDED);
  g_assert_cmpint (pw_provider_get_kind (pw_plan_run_get_provider (run)), ==,
                   PW_PROVIDER_KIND_OFFLINE);
  g_assert_cmpstr (pw_plan_run_get_provider_name (run), ==, "Offline draft");
  g_assert_nonnull (strstr (pw_plan_run_get_prompt (run)->text, "GET /api/notes/{id}"));
  g_assert_cmpint (pw_generation_get_end (pw_plan_run_get_generation (run)), ==,
                   PW_GENERATION_END_COMPLETE);

  /* The plan is the generation's text, read as it streamed. */
  g_assert_cmpstr (pw_plan_get_text (pw_plan_run_get_plan (run), NULL), ==,
                   pw_generation_get_text (pw_plan_run_get_generation (run)));
  g_assert_cmpstr (observer.deltas->str, ==,
                   pw_generation_get_text (pw_plan_run_get_generation (run)));
  g_assert_true (pw_plan_get_finished (pw_plan_run_get_plan (run)));
  g_assert_cmpuint (pw_plan_get_n_steps (pw_plan_run_get_plan (run)), >, 0);

  /* Written in exported form where the template says. */
  g_assert_cmpstr (pw_plan_run_get_output_path (run), ==, ".ai/endpoints-plan.md");
  path = g_build_filename (fixture->repo, ".ai", "endpoints-plan.md", NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<!-- planwright:"));
  g_assert_nonnull (strstr (contents, "1. [ ] "));

  /* One entry, naming the file. */
  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_cmpstr (entry_string (entries, 0, "end"), ==, "complete");
  g_assert_cmpstr (entry_string (entries, 0, "output"), ==, ".ai/endpoints-plan.md");
  g_assert_cmpstr (entry_string (entries, 0, "provider"), ==, "offline");
  /* An offline draft: its provenance says so, and it has no throughput. */
  g_assert_cmpstr (entry_string (entries, 0, "model"), ==, "offline-draft");
  g_assert_cmpstr (entry_string (entries, 0, "finish_reason"), ==, "offline-draft");
  timings = json_object_get_object_member (json_array_get_object_element (entries, 0), "timings");
  g_assert_true (json_object_has_member (timings, "tokens_per_second"));
  g_assert_true (json_object_get_null_member (timings, "tokens_per_second"));
  g_clear_pointer (&entries, json_array_unref);
  observer_clear (&observer);

  /* The export rules refuse to overwrite: the run fails after a complete
   * generation, and records it without an output. */
  again = pw_plan_run_new (fixture->workspace, spec);
  observe (again, &observer);
  g_assert_false (run_to_end (again, &observer, FALSE, &error));
  g_assert_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT);
  g_assert_cmpint (pw_plan_run_get_state (again), ==, PW_PLAN_RUN_STATE_FAILED);
  g_assert_error (pw_plan_run_get_error (again), PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT);
  g_assert_null (pw_plan_run_get_output_path (again));
  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  g_assert_null (entry_string (entries, 1, "output"));
  observer_clear (&observer);
}

static const char books_plan[] =
  "# REST API Plan\n\n## Endpoints\n\n"
  "### POST /api/books\n\nAdds a book.\n\n"
  "- Request body:\n```json\n{ \"title\": \"Dune\", \"isbn\": \"9780441013593\" }\n```\n"
  "- Success: 201 Created\n- Errors: 400 Bad Request, 401 Unauthorized\n";

/* An existing plan written in Polish, as the repository's plans are. */
static const char polish_plan[] =
  "# Plan implementacji punktu końcowego API: GET /api/books\n\n"
  "## 1. Przegląd punktu końcowego\n\n"
  "Punkt końcowy zwraca listę książek zalogowanego użytkownika, z paginacją i filtrowaniem "
  "według tytułu. Dostęp wymaga ważnej sesji; żądania bez sesji kończą się błędem 401.\n\n"
  "## 2. Szczegóły żądania\n\n"
  "- Metoda HTTP: GET\n- Parametry zapytania: `page`, `limit` (opcjonalne, domyślnie 20)\n\n"
  "## 3. Kroki implementacji\n\n"
  "1. Utwórz schemat walidacji zapytania w `src/lib/schemas/book.schema.ts`.\n"
  "2. Dodaj funkcję pobierającą książki w `src/lib/services/book.service.ts`.\n"
  "3. Obsłuż błędy i zwróć odpowiedź z kodem 200 oraz metadanymi paginacji.\n";

/* The offline draft of POST /api/books, run through PwPlanRun in a
 * repository given @files ("path", "text", …, NULL). */
static char *
offline_books_draft (Fixture    *fixture,
                     const char *first_path,
                     ...)
{
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(GFile) root = g_file_new_for_path (fixture->repo);
  g_autoptr(GError) error = NULL;
  Observer observer = { NULL, };
  va_list args;
  char *draft;

  pw_test_write_file (fixture->repo, ".ai/api-plan.md", books_plan);
  va_start (args, first_path);
  for (const char *path = first_path; path != NULL; path = va_arg (args, const char *))
    pw_test_write_file (fixture->repo, path, va_arg (args, const char *));
  va_end (args);
  g_clear_object (&fixture->workspace);
  fixture->workspace = pw_workspace_open (root, NULL, &error);
  g_assert_no_error (error);

  spec->template_id = g_strdup ("endpoints-plan");
  spec->endpoints = g_strsplit ("POST /api/books", "|", -1);
  run = pw_plan_run_new (fixture->workspace, spec);
  observe (run, &observer);
  g_assert_true (run_to_end (run, &observer, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pw_provider_get_kind (pw_plan_run_get_provider (run)), ==,
                   PW_PROVIDER_KIND_OFFLINE);
  draft = g_strdup (pw_generation_get_text (pw_plan_run_get_generation (run)));
  observer_clear (&observer);
  return draft;
}

/* The repository's plans reach the offline draft: Polish plans, a
 * Polish draft; without them the same endpoint gets an English one. */
static void
test_offline_polish_plans (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *english = offline_books_draft (fixture, NULL);
  g_autofree char *polish = NULL;

  g_assert_nonnull (strstr (english, "# API Endpoint Implementation Plan: POST /api/books"));
  polish = offline_books_draft (fixture, ".ai/get-books-endpoint-implementation-plan.md",
                                polish_plan, NULL);
  g_assert_nonnull (strstr (polish, "# Plan implementacji punktu końcowego API: POST /api/books"));
  g_assert_nonnull (strstr (polish, "Kroki implementacji"));
}

/* The repository's `src/types.ts` reaches the offline draft: it reuses
 * the name defined there and names the file. */
static void
test_offline_types_file (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *before = offline_books_draft (fixture, NULL);
  g_autofree char *draft = NULL;

  g_assert_null (strstr (before, "CreateBookDTO"));
  g_assert_nonnull (strstr (before, "CreateBookCommand"));
  draft = offline_books_draft (fixture, "src/types.ts",
                               "export interface CreateBookDTO {\n  title: string;\n  isbn?: string;\n}\n",
                               NULL);
  g_assert_nonnull (strstr (draft, "`CreateBookDTO`"));
  g_assert_null (strstr (draft, "CreateBookCommand"));
  g_assert_nonnull (strstr (draft, "`src/types.ts`"));
}

static void
test_fake_provider (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(FakeProvider) fake = fake_provider_new (answer, FAKE_COMPLETE, 0);
  g_autoptr(PwPlanSpec) spec = fake_spec (fake);
  g_autoptr(PwPlanRun) run = pw_plan_run_new (fixture->workspace, spec);
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  Observer observer = { NULL, };

  observe (run, &observer);
  g_assert_true (run_to_end (run, &observer, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake->calls, ==, 1);
  g_assert_true (pw_plan_run_get_provider (run) == PW_PROVIDER (fake));
  g_assert_cmpstr (pw_plan_run_get_provider_name (run), ==, "Fake");
  g_assert_cmpstr (observer.deltas->str, ==, answer);
  g_assert_cmpstr (pw_plan_get_text (pw_plan_run_get_plan (run), NULL), ==, answer);
  g_assert_cmpuint (pw_plan_get_n_steps (pw_plan_run_get_plan (run)), ==, 3);
  g_assert_cmpint (last_state (&observer), ==, PW_PLAN_RUN_STATE_SUCCEEDED);
  /* Waiting, then streaming, before the end. */
  g_assert_cmpint (g_array_index (observer.states, PwPlanRunState, observer.states->len - 2), ==,
                   PW_PLAN_RUN_STATE_STREAMING);
  g_assert_null (pw_plan_run_get_output_path (run));
  g_assert_null (pw_plan_run_get_history_error (run));

  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_cmpstr (entry_string (entries, 0, "end"), ==, "complete");
  g_assert_cmpstr (entry_string (entries, 0, "subject"), ==, "notes");
  g_assert_cmpstr (entry_string (entries, 0, "profile"), ==, "Fake");
  g_assert_cmpstr (entry_string (entries, 0, "answer"), ==, answer);
  observer_clear (&observer);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FakeProvider) fake = fake_provider_new (answer, FAKE_STALL, 12);
  g_autoptr(PwPlanSpec) spec = fake_spec (fake);
  g_autoptr(PwPlanRun) run = pw_plan_run_new (fixture->workspace, spec);
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  Observer observer = { NULL, };

  observe (run, &observer);
  observer.cancel_on_delta = run;
  g_assert_false (run_to_end (run, &observer, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (pw_plan_run_get_state (run), ==, PW_PLAN_RUN_STATE_CANCELLED);
  g_assert_cmpint (last_state (&observer), ==, PW_PLAN_RUN_STATE_CANCELLED);
  g_assert_cmpint (pw_generation_get_end (pw_plan_run_get_generation (run)), ==,
                   PW_GENERATION_END_CANCELLED);

  /* The partial text is kept, and recorded once. */
  g_assert_cmpuint (strlen (pw_plan_get_text (pw_plan_run_get_plan (run), NULL)), >, 0);
  g_assert_true (pw_plan_get_finished (pw_plan_run_get_plan (run)));
  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_cmpstr (entry_string (entries, 0, "end"), ==, "cancelled");

  /* Cancelling what has ended does nothing. */
  pw_plan_run_cancel (run);
  observer_clear (&observer);
}

static void
test_cancel_preparing (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = endpoint_spec ();
  g_autoptr(PwPlanRun) run = pw_plan_run_new (fixture->workspace, spec);
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  Observer observer = { NULL, };

  observe (run, &observer);
  pw_plan_run_run_async (run, NULL, done_cb, &observer);
  g_assert_cmpint (pw_plan_run_get_state (run), ==, PW_PLAN_RUN_STATE_PREPARING);
  pw_plan_run_cancel (run);
  while (observer.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pw_plan_run_run_finish (run, observer.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (pw_plan_run_get_state (run), ==, PW_PLAN_RUN_STATE_CANCELLED);

  /* No generation started: nothing to record. */
  g_assert_null (pw_plan_run_get_generation (run));
  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 0);
  observer_clear (&observer);
}

static void
test_caller_cancellable (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(FakeProvider) fake = fake_provider_new (answer, FAKE_STALL, 12);
  g_autoptr(PwPlanSpec) spec = fake_spec (fake);
  g_autoptr(PwPlanRun) run = pw_plan_run_new (fixture->workspace, spec);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Observer observer = { NULL, };

  observe (run, &observer);
  pw_plan_run_run_async (run, cancellable, done_cb, &observer);
  while (pw_plan_run_get_state (run) != PW_PLAN_RUN_STATE_STREAMING)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  while (observer.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (pw_plan_run_run_finish (run, observer.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (pw_plan_run_get_state (run), ==, PW_PLAN_RUN_STATE_CANCELLED);
  observer_clear (&observer);
}

static void
test_retry_after_failure (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(FakeProvider) fake = fake_provider_new (answer, FAKE_FAIL, 20);
  g_autoptr(PwPlanSpec) spec = fake_spec (fake);
  g_autoptr(PwPlanRun) run = pw_plan_run_new (fixture->workspace, spec);
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PwPlan) first_plan = NULL;
  g_autoptr(PwGeneration) first_generation = NULL;
  PwPromptResult *prompt;
  Observer observer = { NULL, };

  observe (run, &observer);
  g_assert_false (run_to_end (run, &observer, FALSE, &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  g_assert_cmpint (pw_plan_run_get_state (run), ==, PW_PLAN_RUN_STATE_FAILED);
  g_assert_error (pw_plan_run_get_error (run), PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_SERVER);
  first_plan = g_object_ref (pw_plan_run_get_plan (run));
  first_generation = g_object_ref (pw_plan_run_get_generation (run));
  prompt = pw_plan_run_get_prompt (run);
  g_assert_cmpuint (strlen (pw_plan_get_text (first_plan, NULL)), ==, 20);
  g_clear_error (&error);

  /* A new attempt: the same prompt, a new generation and a new plan. */
  fake->mode = FAKE_COMPLETE;
  g_assert_true (run_to_end (run, &observer, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake->calls, ==, 2);
  g_assert_cmpint (g_array_index (observer.states, PwPlanRunState, 0), ==,
                   PW_PLAN_RUN_STATE_WAITING);
  g_assert_cmpint (pw_plan_run_get_state (run), ==, PW_PLAN_RUN_STATE_SUCCEEDED);
  g_assert_null (pw_plan_run_get_error (run));
  g_assert_true (pw_plan_run_get_prompt (run) == prompt);
  g_assert_true (pw_plan_run_get_generation (run) != first_generation);
  g_assert_true (pw_plan_run_get_plan (run) != first_plan);
  g_assert_cmpuint (observer.n_plans, ==, 1);
  g_assert_cmpstr (pw_plan_get_text (pw_plan_run_get_plan (run), NULL), ==, answer);

  /* One entry per attempt, each with its own end. */
  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  g_assert_cmpstr (entry_string (entries, 0, "end"), ==, "error");
  g_assert_cmpstr (entry_string (entries, 1, "end"), ==, "complete");
  observer_clear (&observer);
}

static void
test_unknown_profile (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = endpoint_spec ();
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  Observer observer = { NULL, };

  spec->profile_id = g_strdup ("no-such-profile");
  run = pw_plan_run_new (fixture->workspace, spec);
  observe (run, &observer);
  g_assert_false (run_to_end (run, &observer, FALSE, &error));
  g_assert_error (error, PW_PROFILE_ERROR, PW_PROFILE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-profile"));
  g_assert_cmpint (last_state (&observer), ==, PW_PLAN_RUN_STATE_FAILED);

  /* The prompt was assembled; no generation started, so nothing is
   * recorded. */
  g_assert_nonnull (pw_plan_run_get_prompt (run));
  g_assert_null (pw_plan_run_get_provider (run));
  g_assert_null (pw_plan_run_get_generation (run));
  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 0);
  g_clear_error (&error);

  /* An unknown provider kind and template fail the same way. */
  g_clear_object (&run);
  g_clear_pointer (&spec->profile_id, g_free);
  spec->provider_kind = g_strdup ("gemini");
  run = pw_plan_run_new (fixture->workspace, spec);
  g_assert_false (run_to_end (run, &observer, FALSE, &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG);
  g_clear_error (&error);

  g_clear_object (&run);
  g_free (spec->template_id);
  spec->template_id = g_strdup ("no-such-template");
  run = pw_plan_run_new (fixture->workspace, spec);
  g_assert_false (run_to_end (run, &observer, FALSE, &error));
  g_assert_nonnull (error);
  g_assert_null (pw_plan_run_get_prompt (run));
  g_assert_cmpint (pw_plan_run_get_state (run), ==, PW_PLAN_RUN_STATE_FAILED);
  observer_clear (&observer);
}

static void
test_server_provider (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = endpoint_spec ();
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *written = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *history = NULL;
  Observer observer = { NULL, };

  test_server_add_reply (fixture->server, 200, "text/event-stream", 5,
                         CHUNK ("# API Endpoint Implementation Plan: GET /api/notes/{id}\\n\\n"),
                         CHUNK ("## 8. Implementation Steps\\n\\n1. Write the handler\\n"),
                         "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":100,"
                         "\"completion_tokens\":20}}\n\n",
                         "data: [DONE]\n\n", NULL);

  written = g_build_filename (fixture->repo, "out.md", NULL);
  spec->provider_kind = g_strdup ("openai");
  spec->base_url = g_strdup (fixture->server->base);
  spec->model = g_strdup ("gpt-x");
  spec->output = g_strdup (written);
  run = pw_plan_run_new (fixture->workspace, spec);
  observe (run, &observer);
  g_assert_true (run_to_end (run, &observer, FALSE, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (pw_plan_run_get_provider_name (run), ==, "openai");
  g_assert_cmpstr (test_server_request_header (fixture->server, 0, "Authorization"), ==,
                   "Bearer " KEY);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->server->request_bodies, 0), "gpt-x"));
  g_assert_cmpstr (pw_plan_run_get_output_path (run), ==, written);
  g_assert_true (g_file_get_contents (written, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "model=gpt-x"));
  g_assert_nonnull (strstr (contents, "Write the handler"));
  g_assert_cmpuint (pw_plan_get_n_steps (pw_plan_run_get_plan (run)), ==, 1);

  /* The key never reaches the history. */
  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_cmpstr (entry_string (entries, 0, "output"), ==, written);
  root = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (root, entries);
  json_generator_set_root (generator, root);
  history = json_generator_to_data (generator, NULL);
  g_assert_null (strstr (history, KEY));
  observer_clear (&observer);
}

typedef struct
{
  gboolean  done;
  char     *err;
  int       status;
} CliResult;

/* A 503 before the first token: the provider waits and tries again, and
 * the run says so. */
static void
test_server_retrying (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = endpoint_spec ();
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *timings;
  Observer observer = { NULL, };

  test_server_add_reply (fixture->server, 503, "application/json", 1,
                         "{\"error\":{\"message\":\"overloaded\"}}", NULL);
  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         CHUNK ("# Plan\\n\\n## Implementation Steps\\n\\n1. Retry\\n"),
                         "data: [DONE]\n\n", NULL);
  spec->provider_kind = g_strdup ("openai");
  spec->base_url = g_strdup (fixture->server->base);
  spec->model = g_strdup ("gpt-x");
  run = pw_plan_run_new (fixture->workspace, spec);
  observe (run, &observer);
  g_assert_true (run_to_end (run, &observer, FALSE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (observer.n_retrying, ==, 1);
  g_assert_cmpuint (fixture->server->n_requests, ==, 2);
  g_assert_cmpuint (pw_generation_get_attempts (pw_plan_run_get_generation (run)), ==, 2);
  g_assert_cmpuint (pw_plan_get_n_steps (pw_plan_run_get_plan (run)), ==, 1);

  /* One entry for the attempt, however many requests it took. */
  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  timings = json_object_get_object_member (json_array_get_object_element (entries, 0), "timings");
  g_assert_cmpint (json_object_get_int_member (timings, "attempts"), ==, 2);
  observer_clear (&observer);
}

/* The file without its provenance's date, which has seconds. */
static char *
without_date (const char *text)
{
  g_autoptr(GRegex) date = g_regex_new (" date=[^ ]+", 0, 0, NULL);

  return g_regex_replace_literal (date, text, -1, 0, "", 0, NULL);
}

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CliResult *res = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, &res->err, &error);
  g_assert_no_error (error);
  res->status = g_subprocess_get_if_exited (G_SUBPROCESS (source))
                ? g_subprocess_get_exit_status (G_SUBPROCESS (source)) : -1;
  res->done = TRUE;
}

/* The same spec through `planwright plan` and through a PwPlanRun, against
 * one server: the same prompt goes out, the same file comes back, and the
 * history holds one entry for each. */
static void
test_cli_and_run_agree (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *binary = g_build_filename (g_getenv ("PW_BUILD_ROOT"), "src", "planwright",
                                              NULL);
  g_autofree char *cli_path = g_build_filename (fixture->repo, "cli.md", NULL);
  g_autofree char *run_path = g_build_filename (fixture->repo, "run.md", NULL);
  g_autofree char *cli_text = NULL;
  g_autofree char *run_text = NULL;
  g_autofree char *cli_plain = NULL;
  g_autofree char *run_plain = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(PwPlanSpec) spec = endpoint_spec ();
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  CliResult res = { FALSE, NULL, -1 };
  Observer observer = { NULL, };

  if (!g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("planwright is not built");
      return;
    }

  test_server_add_reply (fixture->server, 200, "text/event-stream", 5,
                         CHUNK ("# API Endpoint Implementation Plan: GET /api/notes/{id}\\n\\n"),
                         CHUNK ("## 8. Implementation Steps\\n\\n1. Write the handler\\n"),
                         "data: [DONE]\n\n", NULL);

  /* The history the run writes is the one the command writes. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "plan", fixture->repo,
                                         "--template", "endpoints-plan", "--endpoint",
                                         "GET /api/notes/{id}", "--provider", "openai",
                                         "--base-url", fixture->server->base, "--model", "gpt-x",
                                         "--output", cli_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &res);
  while (!res.done)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("stderr: %s", res.err);
  g_assert_cmpint (res.status, ==, 0);

  spec->provider_kind = g_strdup ("openai");
  spec->base_url = g_strdup (fixture->server->base);
  spec->model = g_strdup ("gpt-x");
  spec->output = g_strdup (run_path);
  run = pw_plan_run_new (fixture->workspace, spec);
  observe (run, &observer);
  g_assert_true (run_to_end (run, &observer, FALSE, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->server->n_requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->server->request_bodies, 0), ==,
                   g_ptr_array_index (fixture->server->request_bodies, 1));
  g_assert_true (g_file_get_contents (cli_path, &cli_text, NULL, NULL));
  g_assert_true (g_file_get_contents (run_path, &run_text, NULL, NULL));
  g_assert_nonnull (strstr (cli_text, " date="));
  cli_plain = without_date (cli_text);
  run_plain = without_date (run_text);
  g_assert_cmpstr (cli_plain, ==, run_plain);

  entries = load_history (fixture);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  g_assert_cmpstr (entry_string (entries, 0, "output"), ==, cli_path);
  g_assert_cmpstr (entry_string (entries, 1, "output"), ==, run_path);
  g_assert_cmpstr (entry_string (entries, 0, "prompt"), ==, entry_string (entries, 1, "prompt"));
  g_assert_cmpstr (entry_string (entries, 0, "answer"), ==, entry_string (entries, 1, "answer"));
  g_free (res.err);
  observer_clear (&observer);
}

static gboolean
continue_to_end (PwPlanRun  *run,
                 Observer   *observer,
                 GError    **error)
{
  g_clear_object (&observer->result);
  pw_plan_run_continue_async (run, NULL, done_cb, observer);
  while (observer->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return pw_plan_run_run_finish (run, observer->result, error);
}

/* A plan cut at the token limit: written, reported as truncated, and
 * continued with the answer so far as the assistant's message. */
static void
test_truncated_continue (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *written = g_build_filename (fixture->repo, "out.md", NULL);
  g_autoptr(PwPlanSpec) spec = server_spec (fixture, written);
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autofree char *contents = NULL;
  JsonArray *messages;
  guint n;
  Observer observer = { NULL, };

  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         CHUNK ("## 8. Implementation Steps\\n\\n1. Write the handler\\n2. Wri"),
                         "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n",
                         "data: [DONE]\n\n", NULL);
  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         CHUNK ("te the test\\n"),
                         "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                         "data: [DONE]\n\n", NULL);
  run = pw_plan_run_new (fixture->workspace, spec);
  observe (run, &observer);

  g_assert_false (run_to_end (run, &observer, FALSE, &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_TRUNCATED);
  g_clear_error (&error);
  g_assert_cmpint (pw_plan_run_get_state (run), ==, PW_PLAN_RUN_STATE_FAILED);
  g_assert_cmpint (pw_generation_get_end (pw_plan_run_get_generation (run)), ==,
                   PW_GENERATION_END_TRUNCATED);
  g_assert_true (pw_plan_run_get_can_continue (run));
  g_assert_cmpstr (pw_plan_run_get_output_path (run), ==, written);
  entries = load_history (fixture);
  g_assert_cmpstr (entry_string (entries, 0, "end"), ==, "truncated");

  g_assert_true (continue_to_end (run, &observer, &error));
  g_assert_no_error (error);
  g_assert_false (pw_plan_run_get_can_continue (run));
  g_assert_cmpstr (pw_generation_get_text (pw_plan_run_get_generation (run)), ==,
                   "## 8. Implementation Steps\n\n1. Write the handler\n2. Write the test\n");
  g_assert_cmpstr (pw_plan_get_text (pw_plan_run_get_plan (run), NULL), ==,
                   pw_generation_get_text (pw_plan_run_get_generation (run)));
  g_assert_cmpuint (pw_plan_get_n_steps (pw_plan_run_get_plan (run)), ==, 2);

  body = json_from_string (g_ptr_array_index (fixture->server->request_bodies, 1), NULL);
  messages = json_object_get_array_member (json_node_get_object (body), "messages");
  n = json_array_get_length (messages);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, n - 2),
                                                  "role"), ==, "assistant");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, n - 2),
                                                  "content"), ==,
                   "## 8. Implementation Steps\n\n1. Write the handler\n2. Wri");

  /* The continued plan replaces the file the cut one was written to. */
  g_assert_true (g_file_get_contents (written, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Write the test"));
  observer_clear (&observer);
}

/* A refusal is never written as a plan. */
static void
test_refused_not_written (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(PwPlanSpec) spec = server_spec (fixture, "auto");
  g_autoptr(PwPlanRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->repo, ".ai", "endpoints-plan.md", NULL);
  Observer observer = { NULL, };

  test_server_add_reply (fixture->server, 200, "text/event-stream", 1,
                         "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":null,"
                         "\"refusal\":\"I can't help with that.\"}}]}\n\n",
                         "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                         "data: [DONE]\n\n", NULL);
  run = pw_plan_run_new (fixture->workspace, spec);
  observe (run, &observer);

  g_assert_false (run_to_end (run, &observer, FALSE, &error));
  g_assert_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_REFUSED);
  g_assert_cmpint (pw_generation_get_end (pw_plan_run_get_generation (run)), ==,
                   PW_GENERATION_END_REFUSED);
  g_assert_false (pw_plan_run_get_can_continue (run));
  g_assert_null (pw_plan_run_get_output_path (run));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  observer_clear (&observer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* No profiles: the default is the offline draft planner. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", "/nonexistent", TRUE);
  g_unsetenv ("PLANWRIGHT_API_KEY");
  g_setenv ("OPENAI_API_KEY", KEY, TRUE);

#define ADD(path, func) \
  g_test_add ("/pw/plan-run/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("offline-to-file", test_offline_to_file);
  ADD ("offline-polish-plans", test_offline_polish_plans);
  ADD ("offline-types-file", test_offline_types_file);
  ADD ("fake-provider", test_fake_provider);
  ADD ("cancel", test_cancel);
  ADD ("cancel-preparing", test_cancel_preparing);
  ADD ("caller-cancellable", test_caller_cancellable);
  ADD ("retry-after-failure", test_retry_after_failure);
  ADD ("unknown-profile", test_unknown_profile);
  ADD ("server-provider", test_server_provider);
  ADD ("server-retrying", test_server_retrying);
  ADD ("cli-and-run-agree", test_cli_and_run_agree);
  ADD ("truncated-continue", test_truncated_continue);
  ADD ("refused-not-written", test_refused_not_written);

  return g_test_run ();
}
