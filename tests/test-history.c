/* test-history.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-history.h"
#include "pw-planning.h"
#include "pw-provider-openai.h"
#include "pw-test-server.h"

#define KEY "sk-test-SECRET-1234567890"

static void
test_history_from_generation (void)
{
  TestServer *server = test_server_new ();
  g_autoptr(PwProviderOptions) options = test_options (server->base);
  g_autoptr(PwProvider) provider = pw_provider_openai_new (options);
  g_autoptr(PwGeneration) generation = pw_generation_new ("sys", "Plan this.");
  g_autoptr(GFile) repo = g_file_new_for_path ("/tmp/some/repo");
  g_autoptr(PwHistory) history = pw_history_new (repo);
  g_autoptr(JsonNode) entry = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected_name = NULL;
  const char * const hashes[] = { "prd=abc123", "api-spec=def456", NULL };
  PwHistoryRecord record = { "endpoints-plan", "GET /api/x", "Plan this.", hashes,
                             "Test profile", "openai", ".ai/endpoints-plan.md" };
  TestRun run = { 0 };
  JsonObject *object;

  test_server_add_reply (server, 200, "text/event-stream", 1,
                         "data: {\"choices\":[{\"delta\":{\"content\":\"The plan\"}}]}\n\n",
                         "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n",
                         "data: [DONE]\n\n", NULL);
  g_assert_true (test_run_generation (provider, generation, NULL, &run, &error));

  entry = pw_history_entry_new (generation, &record);
  g_assert_true (pw_history_append (history, entry, KEY, NULL, &error));
  g_assert_no_error (error);

  /* Stored under the data dir, named by the repository path's hash. */
  expected_name = g_strconcat ("planwright/history/", "", NULL);
  g_assert_true (g_str_has_prefix (g_file_peek_path (pw_history_get_file (history)),
                                   g_get_user_data_dir ()));
  g_assert_nonnull (strstr (g_file_peek_path (pw_history_get_file (history)), expected_name));

  entries = pw_history_load (history, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  object = json_array_get_object_element (entries, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "template"), ==, "endpoints-plan");
  g_assert_cmpstr (json_object_get_string_member (object, "answer"), ==, "The plan");
  g_assert_cmpstr (json_object_get_string_member (object, "end"), ==, "complete");
  g_assert_cmpstr (json_object_get_string_member (object, "profile"), ==, "Test profile");
  g_assert_cmpstr (json_object_get_string_member (object, "model"), ==, "test-model");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "inputs"),
                                                  "api-spec"), ==, "def456");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "usage"),
                                               "output_tokens"), ==, 2);
  /* A model's run records its throughput (an offline draft's is null). */
  g_assert_false (json_object_get_null_member (json_object_get_object_member (object, "timings"),
                                               "tokens_per_second"));

  /* The key went to the server, but never to the history file. */
  g_assert_cmpstr (test_server_request_header (server, 0, "Authorization"), ==, "Bearer " KEY);
  g_assert_true (g_file_load_contents (pw_history_get_file (history), NULL, &contents, NULL, NULL,
                                       &error));
  g_assert_null (strstr (contents, KEY));
  g_assert_null (strstr (contents, "SECRET"));

  test_run_clear (&run);
  test_spin (10);
  test_server_free (server);
}

static void
test_history_redacts (void)
{
  g_autoptr(GFile) file = g_file_new_build_filename (g_get_user_data_dir (), "h.json", NULL);
  g_autoptr(PwHistory) history = pw_history_new_for_file (file);
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "user pasted " KEY " here");
  g_autoptr(JsonNode) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  PwHistoryRecord record = { "t", NULL, pw_generation_get_user_prompt (generation), NULL,
                             NULL, "offline", NULL };

  entry = pw_history_entry_new (generation, &record);
  g_assert_true (pw_history_append (history, entry, KEY, NULL, &error));
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_null (strstr (contents, KEY));
  g_assert_nonnull (strstr (contents, "user pasted [redacted] here"));
}

static void
test_history_bounded (void)
{
  g_autoptr(GFile) file = g_file_new_build_filename (g_get_user_data_dir (), "b.json", NULL);
  g_autoptr(PwHistory) history = pw_history_new_for_file (file);
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *big = g_strnfill (3000, 'x');

  pw_history_set_limits (history, 5, 10000);
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "p");
      g_autoptr(JsonNode) entry = NULL;
      g_autofree char *subject = g_strdup_printf ("entry %u", i);
      PwHistoryRecord record = { "t", subject, i >= 10 ? big : "small", NULL, NULL, NULL, NULL };

      entry = pw_history_entry_new (generation, &record);
      g_assert_true (pw_history_append (history, entry, NULL, NULL, &error));
      g_assert_no_error (error);
      g_clear_pointer (&entries, json_array_unref);
      entries = pw_history_load (history, NULL, &error);
      g_assert_cmpuint (json_array_get_length (entries), <=, 5);
    }

  /* The newest entries survive, oldest first, and the file fits the limit. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     entries, json_array_get_length (entries) - 1), "subject"), ==, "entry 11");
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
  g_assert_cmpint (g_file_info_get_size (info), <=, 10000);
}

/* How many damaged copies of @name were set aside. */
static guint
count_damaged (const char *name)
{
  g_autoptr(GDir) dir = g_dir_open (g_get_user_data_dir (), 0, NULL);
  g_autofree char *prefix = g_strconcat (name, ".damaged-", NULL);
  const char *child;
  guint n = 0;

  while ((child = g_dir_read_name (dir)) != NULL)
    n += g_str_has_prefix (child, prefix);

  return n;
}

static void
test_history_corrupt (void)
{
  g_autoptr(GFile) file = g_file_new_build_filename (g_get_user_data_dir (), "c.json", NULL);
  g_autoptr(PwHistory) history = pw_history_new_for_file (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) entries = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_true (g_file_replace_contents (file, "{not json", 9, NULL, FALSE, 0, NULL, NULL, &error));
  entries = pw_history_load (history, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (entries), ==, 0);
  g_assert_cmpuint (count_damaged ("c.json"), ==, 1);
}

static JsonNode *
entry_with_subject (const char *subject)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, subject);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
subject_at (JsonArray *entries,
            guint      i)
{
  return json_object_get_string_member (json_array_get_object_element (entries, i), "subject");
}

/* A lone UTF-16 surrogate, as an answer's JSON escape "\ud800" decodes to
 * (CESU bytes, not UTF-8), keeps the file readable. */
static void
test_history_lone_surrogate (void)
{
  g_autoptr(GFile) file = g_file_new_build_filename (g_get_user_data_dir (), "s.json", NULL);
  g_autoptr(PwHistory) history = pw_history_new_for_file (file);
  g_autoptr(JsonNode) parsed = json_from_string ("{\"subject\": \"cut \\ud800 here\"}", NULL);
  g_autoptr(JsonNode) raw = entry_with_subject ("raw \xed\xa0\x80 bytes");
  g_autoptr(JsonNode) next = entry_with_subject ("next");
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_nonnull (parsed);
  g_assert_true (pw_history_append (history, parsed, NULL, NULL, &error));
  g_assert_true (pw_history_append (history, raw, NULL, NULL, &error));
  g_assert_true (pw_history_append (history, next, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (g_file_peek_path (file), &contents, NULL, NULL));
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  entries = pw_history_load (history, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (entries), ==, 3);
  g_assert_cmpstr (subject_at (entries, 2), ==, "next");
  g_assert_true (g_str_has_prefix (subject_at (entries, 1), "raw "));
  g_assert_cmpuint (count_damaged ("s.json"), ==, 0);
}

/* A damaged file is set aside with its good entries recovered, and the
 * history goes on: every later append is recorded. */
static void
test_history_recovers (void)
{
  g_autoptr(GFile) file = g_file_new_build_filename (g_get_user_data_dir (), "r.json", NULL);
  g_autoptr(GFile) bytes_file = g_file_new_build_filename (g_get_user_data_dir (), "b.json", NULL);
  g_autoptr(PwHistory) history = pw_history_new_for_file (file);
  g_autoptr(PwHistory) bytes_history = pw_history_new_for_file (bytes_file);
  g_autoptr(JsonNode) later = entry_with_subject ("later");
  g_autoptr(JsonNode) last = entry_with_subject ("last");
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(JsonArray) from_bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *cut = "{\"version\":1,\"entries\":[{\"subject\":\"one {}\"},"
                    "{\"subject\":\"two\", \"n\": {\"a\": 1}},{\"subject\":\"thr";
  const char *bad_bytes = "{\"version\":1,\"entries\":[{\"subject\":\"a\xed\xa0\x80\"},"
                          "{\"subject\":\"b\"}]}";

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  g_assert_true (g_file_set_contents (g_file_peek_path (file), cut, -1, NULL));
  g_assert_true (pw_history_append (history, later, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (pw_history_append (history, last, NULL, NULL, &error));
  g_assert_no_error (error);

  entries = pw_history_load (history, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (entries), ==, 4);
  g_assert_cmpstr (subject_at (entries, 0), ==, "one {}");
  g_assert_cmpstr (subject_at (entries, 1), ==, "two");
  g_assert_cmpstr (subject_at (entries, 3), ==, "last");
  g_assert_cmpuint (count_damaged ("r.json"), ==, 1);

  g_assert_true (g_file_set_contents (g_file_peek_path (bytes_file), bad_bytes, -1, NULL));
  from_bytes = pw_history_load (bytes_history, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (from_bytes), ==, 2);
  g_assert_cmpstr (subject_at (from_bytes, 1), ==, "b");
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static JsonArray *
load_async_and_wait (PwHistory  *history,
                     GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pw_history_load_async (history, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return pw_history_load_finish (history, result, error);
}

static void
test_history_load_async (void)
{
  g_autoptr(GFile) file = g_file_new_build_filename (g_get_user_data_dir (), "a.json", NULL);
  g_autoptr(GFile) missing = g_file_new_build_filename (g_get_user_data_dir (), "none.json", NULL);
  g_autoptr(GFile) damaged = g_file_new_build_filename (g_get_user_data_dir (), "d.json", NULL);
  g_autoptr(PwHistory) history = pw_history_new_for_file (file);
  g_autoptr(PwHistory) empty = pw_history_new_for_file (missing);
  g_autoptr(PwHistory) corrupt = pw_history_new_for_file (damaged);
  g_autoptr(PwGeneration) generation = pw_generation_new (NULL, "p");
  g_autoptr(JsonNode) entry = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(JsonArray) none = NULL;
  g_autoptr(JsonArray) broken = NULL;
  g_autoptr(GError) error = NULL;
  PwHistoryRecord record = { "t", "async subject", "answer", NULL, NULL, NULL, NULL };

  entry = pw_history_entry_new (generation, &record);
  g_assert_true (pw_history_append (history, entry, NULL, NULL, &error));
  g_assert_no_error (error);

  entries = load_async_and_wait (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, 0),
                                                  "subject"), ==, "async subject");

  /* No file yet is an empty history, as with pw_history_load(). */
  none = load_async_and_wait (empty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);

  g_assert_true (g_file_replace_contents (damaged, "{not json", 9, NULL, FALSE, 0, NULL, NULL,
                                          &error));
  broken = load_async_and_wait (corrupt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (broken), ==, 0);
  g_assert_cmpuint (count_damaged ("d.json"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/history/from-generation", test_history_from_generation);
  g_test_add_func ("/pw/history/redacts", test_history_redacts);
  g_test_add_func ("/pw/history/bounded", test_history_bounded);
  g_test_add_func ("/pw/history/corrupt", test_history_corrupt);
  g_test_add_func ("/pw/history/load-async", test_history_load_async);
  g_test_add_func ("/pw/history/lone-surrogate", test_history_lone_surrogate);
  g_test_add_func ("/pw/history/recovers", test_history_recovers);

  return g_test_run ();
}
