/* test-stale.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-export.h"
#include "pw-history.h"
#include "pw-lint.h"
#include "pw-prompt.h"
#include "pw-stale.h"
#include "pw-template.h"
#include "pw-test-repo.h"
#include "pw-test-utils.h"
#include "pw-workspace.h"

#define PLAN_PATH ".ai/get-api-books-id-implementation-plan.md"
#define PLAN_BODY "# Plan: GET /api/books/{id}\r\n\r\n## Implementation Steps\r\n\r\n" \
                  "1. [x] Route\r\n2. [ ] Service\r\n3. [ ] Tests\r\n"

typedef struct
{
  char *dir;
  char *prompt;   /* the prompt the plan was written from */
} Fixture;

/* Replaces the first @old in a file with @new. */
static void
edit_file (const char *dir,
           const char *relative,
           const char *old,
           const char *new)
{
  g_autofree char *text = pw_test_read_file (dir, relative);
  char *at = strstr (text, old);
  g_autofree char *edited = NULL;

  g_assert_nonnull (at);
  edited = g_strdup_printf ("%.*s%s%s", (int) (at - text), text, new, at + strlen (old));
  pw_test_write_file (dir, relative, edited);
}

/* A plan for GET /api/books/{id}, exported as a generation would. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = pw_test_copy_example ();
  fixture->prompt = pw_test_export_plan (fixture->dir, "GET /api/books/{id}", PLAN_PATH,
                                         PLAN_BODY);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pw_test_remove_tree (fixture->dir);
  g_free (fixture->prompt);
}

static PwStaleReport *
check (Fixture *fixture)
{
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (fixture->dir);
  g_autoptr(GError) error = NULL;
  PwStaleReport *report = pw_stale_check_file (workspace, PLAN_PATH, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static const PwStaleInput *
find_input (PwStaleReport *report,
            const char    *id)
{
  for (guint i = 0; i < report->inputs->len; i++)
    {
      const PwStaleInput *input = g_ptr_array_index (report->inputs, i);

      if (g_str_equal (input->id, id))
        return input;
    }

  return NULL;
}

static void
test_input_format (void)
{
  g_autofree char *with_path = pw_export_format_input ("prd", ".ai/prd.md", "ab12");
  g_autofree char *rules = pw_export_format_input (".cursor/rules/a.mdc", ".cursor/rules/a.mdc",
                                                   "cd34");
  g_autofree char *id = NULL, *path = NULL, *hash = NULL;

  g_assert_cmpstr (with_path, ==, "prd@.ai/prd.md:sha256:ab12");
  g_assert_cmpstr (rules, ==, ".cursor/rules/a.mdc:sha256:cd34");

  g_assert_true (pw_export_parse_input (with_path, &id, &path, &hash));
  g_assert_cmpstr (id, ==, "prd");
  g_assert_cmpstr (path, ==, ".ai/prd.md");
  g_assert_cmpstr (hash, ==, "ab12");
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&hash, g_free);

  /* A rules file whose path holds an @ is still one id. */
  g_assert_true (pw_export_parse_input (".cursor/rules/x@y.mdc:sha256:ef", &id, &path, &hash));
  g_assert_cmpstr (id, ==, ".cursor/rules/x@y.mdc");
  g_assert_null (path);
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&hash, g_free);

  /* The older form, without a path. */
  g_assert_true (pw_export_parse_input ("tech-stack:sha256:99", &id, &path, &hash));
  g_assert_cmpstr (id, ==, "tech-stack");
  g_assert_null (path);
  g_assert_cmpstr (hash, ==, "99");
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&hash, g_free);

  g_assert_true (pw_export_parse_input ("api-spec#auth-2@.ai/api-plan.md:sha256:77", &id, &path,
                                        &hash));
  g_assert_cmpstr (id, ==, "api-spec#auth-2");
  g_assert_cmpstr (path, ==, ".ai/api-plan.md");
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&hash, g_free);

  g_assert_false (pw_export_parse_input ("prd", &id, &path, &hash));
  g_assert_false (pw_export_parse_input ("prd:sha256:", &id, &path, &hash));
}

static void
test_provenance_names_paths (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *text = pw_test_read_file (fixture->dir, PLAN_PATH);
  g_autoptr(PwProvenanceRecord) record = pw_export_read_provenance (text, -1);

  g_assert_nonnull (record);
  g_assert_nonnull (strstr (text, "api-spec@.ai/api-plan.md:sha256:"));
  g_assert_nonnull (strstr (text, "tech-stack@.ai/tech-stack.md:sha256:"));
  g_assert_nonnull (strstr (text, ".cursor/rules/backend.mdc:sha256:"));
  g_assert_cmpuint (g_strv_length (record->inputs), >=, 3);
}

static void
test_current (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PwStaleReport) report = check (fixture);

  g_assert_cmpint (report->state, ==, PW_STALE_CURRENT);
  g_assert_cmpuint (pw_stale_report_n_changed (report), ==, 0);
  g_assert_cmpstr (report->template_id, ==, PW_TEMPLATE_ID_ENDPOINTS_PLAN);

  /* Another endpoint's section is not this plan's input. */
  edit_file (fixture->dir, ".ai/api-plan.md", "#### DELETE /api/books/{id}\n",
             "#### DELETE /api/books/{id}\n\nSoft delete only.\n");
  g_clear_pointer (&report, pw_stale_report_free);
  report = check (fixture);
  g_assert_cmpint (report->state, ==, PW_STALE_CURRENT);
}

/* The API plan's global sections are inputs of their own: a change to
 * the authentication section makes every plan that read it stale. */
static void
test_global_section_changed (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(PwStaleReport) report = NULL;
  g_autofree char *description = NULL;
  const PwStaleInput *input;

  edit_file (fixture->dir, ".ai/api-plan.md", "## 3. Authentication and Authorization\n",
             "## 3. Authentication and Authorization\n\n- Sessions expire after 8 hours.\n");
  report = check (fixture);

  g_assert_cmpint (report->state, ==, PW_STALE_STALE);
  g_assert_cmpuint (pw_stale_report_n_changed (report), ==, 1);
  input = find_input (report, "api-spec#auth");
  g_assert_nonnull (input);
  g_assert_true (input->changed);
  g_assert_cmpstr (input->path, ==, ".ai/api-plan.md");
  g_assert_false (find_input (report, "api-spec")->changed);

  description = pw_stale_describe (report);
  g_assert_cmpstr (description, ==,
                   "The API plan’s auth section changed since this plan was written");
}

static void
test_api_spec_changed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(PwStaleReport) report = NULL;
  g_autofree char *description = NULL;
  const PwStaleInput *input;

  edit_file (fixture->dir, ".ai/api-plan.md", "#### GET /api/books/{id}\n",
             "#### GET /api/books/{id}\n\nAnswers 410 for a deleted book.\n");
  report = check (fixture);

  g_assert_cmpint (report->state, ==, PW_STALE_STALE);
  g_assert_cmpuint (pw_stale_report_n_changed (report), ==, 1);
  input = find_input (report, "api-spec");
  g_assert_nonnull (input);
  g_assert_true (input->changed);
  g_assert_cmpstr (input->path, ==, ".ai/api-plan.md");
  g_assert_cmpstr (input->recorded, !=, input->current);
  g_assert_nonnull (input->new_text);
  g_assert_nonnull (strstr (input->new_text, "Answers 410"));
  g_assert_true (g_str_has_prefix (input->new_text, "#### GET /api/books/{id}"));
  /* No history: no old text. */
  g_assert_null (input->old_text);
  g_assert_false (find_input (report, "tech-stack")->changed);

  description = pw_stale_describe (report);
  g_assert_cmpstr (description, ==, "The API plan changed since this plan was written");
}

static void
test_old_text_from_history (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GFile) root = g_file_new_for_path (fixture->dir);
  g_autoptr(PwHistory) history = pw_history_new (root);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) entry = NULL;
  g_autoptr(PwStaleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tech = pw_test_read_file (fixture->dir, ".ai/tech-stack.md");
  const PwStaleInput *input;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "template");
  json_builder_add_string_value (builder, PW_TEMPLATE_ID_ENDPOINTS_PLAN);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, fixture->prompt);
  json_builder_end_object (builder);
  entry = json_builder_get_root (builder);
  g_assert_true (pw_history_append (history, entry, NULL, NULL, &error));
  g_assert_no_error (error);

  edit_file (fixture->dir, ".ai/api-plan.md", "#### GET /api/books/{id}\n",
             "#### GET /api/books/{id}\n\nAnswers 410 for a deleted book.\n");
  edit_file (fixture->dir, ".ai/tech-stack.md", "\n", "\nRedis for caching.\n");
  report = check (fixture);

  g_assert_cmpint (report->state, ==, PW_STALE_STALE);
  g_assert_cmpuint (pw_stale_report_n_changed (report), ==, 2);

  input = find_input (report, "api-spec");
  g_assert_nonnull (input->old_text);
  g_assert_true (g_str_has_prefix (input->old_text, "#### GET /api/books/{id}"));
  g_assert_null (strstr (input->old_text, "Answers 410"));
  g_assert_nonnull (strstr (input->new_text, "Answers 410"));

  /* A whole file: the old text is the file as it was, byte for byte. */
  input = find_input (report, "tech-stack");
  g_assert_true (input->changed);
  g_assert_cmpstr (input->old_text, ==, tech);
  g_assert_nonnull (strstr (input->new_text, "Redis for caching."));
}

static void
test_accept (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwStaleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = pw_test_read_file (fixture->dir, PLAN_PATH);
  g_autofree char *after = NULL;
  const char *before_rest;
  const char *after_rest;
  const char *before_inputs;
  const char *after_inputs;

  edit_file (fixture->dir, ".ai/tech-stack.md", "\n", "\nRedis for caching.\n");
  report = check (fixture);
  g_assert_cmpint (report->state, ==, PW_STALE_STALE);

  workspace = pw_test_open_workspace (fixture->dir);
  g_assert_true (pw_stale_accept_file (workspace, PLAN_PATH, report, &error));
  g_assert_no_error (error);
  after = pw_test_read_file (fixture->dir, PLAN_PATH);

  /* Everything from the end of the provenance on is byte for byte the same,
   * CRLF, steps and ticks included; in the provenance only the inputs
   * value changed. */
  before_rest = strstr (before, "-->");
  after_rest = strstr (after, "-->");
  g_assert_cmpstr (before_rest, ==, after_rest);
  before_inputs = strstr (before, " inputs=");
  after_inputs = strstr (after, " inputs=");
  g_assert_cmpint (before_inputs - before, ==, after_inputs - after);
  g_assert_cmpint (strncmp (before, after, before_inputs - before), ==, 0);
  g_assert_cmpstr (strstr (after, find_input (report, "tech-stack")->current) != NULL ? "yes" : "no",
                   ==, "yes");
  g_assert_nonnull (strstr (after, "1. [x] Route\r\n2. [ ] Service\r\n"));

  g_clear_pointer (&report, pw_stale_report_free);
  report = check (fixture);
  g_assert_cmpint (report->state, ==, PW_STALE_CURRENT);
}

static void
test_endpoint_gone (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PwStaleReport) report = NULL;
  g_autofree char *description = NULL;

  edit_file (fixture->dir, ".ai/api-plan.md", "#### GET /api/books/{id}\n",
             "#### GET /api/volumes/{id}\n");
  report = check (fixture);

  g_assert_cmpint (report->state, ==, PW_STALE_STALE);
  g_assert_null (find_input (report, "api-spec")->current);
  description = pw_stale_describe (report);
  g_assert_cmpstr (description, ==, "The API plan no longer has this plan’s endpoints");
}

static void
test_unknown (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (fixture->dir);
  g_autoptr(PwStaleReport) none = pw_stale_check (workspace, PLAN_BODY, -1, NULL);
  g_autoptr(PwStaleReport) no_template = NULL;
  g_autoptr(PwStaleReport) old_form = NULL;
  g_autofree char *tech = pw_test_read_file (fixture->dir, ".ai/tech-stack.md");
  g_autofree char *tech_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, tech, -1);
  g_autofree char *old_text = NULL;

  g_assert_cmpint (none->state, ==, PW_STALE_UNKNOWN);
  g_assert_nonnull (none->reason);
  g_assert_null (pw_stale_accept (none, PLAN_BODY, -1, NULL));

  no_template = pw_stale_check (workspace,
                                "<!-- planwright: template=nope model=m date=d "
                                "inputs=prd:sha256:00 -->\n# Plan\n", -1, NULL);
  g_assert_cmpint (no_template->state, ==, PW_STALE_UNKNOWN);
  g_assert_nonnull (no_template->reason);

  /* Plans exported before paths were recorded still check. */
  old_text = g_strdup_printf ("<!-- planwright: template=feature-plan model=m date=d "
                              "inputs=tech-stack:sha256:%s -->\n# Plan\n", tech_hash);
  old_form = pw_stale_check (workspace, old_text, -1, NULL);
  g_assert_cmpint (old_form->state, ==, PW_STALE_CURRENT);
  g_assert_cmpstr (find_input (old_form, "tech-stack")->path, ==, ".ai/tech-stack.md");
}

static void
test_lint_warning (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PwStaleReport) report = NULL;
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_lint_issue_free);
  g_autoptr(JsonNode) json = NULL;
  PwLintIssue *issue;

  edit_file (fixture->dir, ".ai/db-plan.md", "\n", "\n-- audit table\n");
  report = check (fixture);
  pw_stale_add_lint_issues (report, issues);

  g_assert_cmpuint (issues->len, ==, 1);
  issue = g_ptr_array_index (issues, 0);
  g_assert_cmpint (issue->severity, ==, PW_LINT_SEVERITY_WARNING);
  g_assert_cmpstr (issue->code, ==, PW_LINT_STALE_INPUT);
  g_assert_cmpstr (issue->message, ==, "The database plan changed since this plan was written");
  g_assert_false (pw_lint_has_errors (issues));

  json = pw_stale_report_to_json (report);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "state"), ==,
                   "stale");
}

static void
add_input (PwStaleReport *report,
           const char    *id,
           const char    *path,
           gboolean       changed,
           const char    *old_text,
           const char    *new_text)
{
  PwStaleInput *input = g_new0 (PwStaleInput, 1);

  input->id = g_strdup (id);
  input->path = g_strdup (path);
  input->recorded = g_strdup ("aa");
  input->current = new_text != NULL ? g_strdup (changed ? "bb" : "aa") : NULL;
  input->changed = changed;
  input->old_text = g_strdup (old_text);
  input->new_text = g_strdup (new_text);
  g_ptr_array_add (report->inputs, input);
}

static PwStaleReport *
stale_report_new (void)
{
  PwStaleReport *report = pw_stale_report_new ();

  report->state = PW_STALE_STALE;
  return report;
}

/* Revise's note: per changed input, a diff when the old text is known,
 * else the text now, else only that it is gone. */
static void
test_revision_note (void)
{
  g_autoptr(PwStaleReport) report = stale_report_new ();
  g_autofree char *note = NULL;

  add_input (report, "prd", ".ai/prd.md", TRUE,
             "# PRD\n\nUsers borrow books.\nLoans last 14 days.\nFines are 1 EUR.\n",
             "# PRD\n\nUsers borrow books.\nLoans last 21 days.\nFines are 1 EUR.\n");
  add_input (report, "tech-stack", ".ai/tech-stack.md", FALSE, NULL, "C\n");
  add_input (report, "db-plan", ".ai/db-plan.md", TRUE, NULL, "Table `loans` with ```due```.\n");
  add_input (report, ".cursor/rules/a.mdc", NULL, TRUE, "old\n", NULL);
  note = pw_stale_revision_note (report, 0);

  g_assert_cmpstr (note, ==,
                   "The plan’s inputs changed since it was written. Revise the plan so that it "
                   "matches them, and keep what still holds.\n"
                   "\n"
                   "The PRD changed since this plan was written. What changed:\n"
                   "\n"
                   "```diff\n"
                   "--- a/.ai/prd.md\n"
                   "+++ b/.ai/prd.md\n"
                   "@@ -2,4 +2,4 @@\n"
                   " \n"
                   " Users borrow books.\n"
                   "-Loans last 14 days.\n"
                   "+Loans last 21 days.\n"
                   " Fines are 1 EUR.\n"
                   "```\n"
                   "\n"
                   "The database plan changed since this plan was written. Its text now:\n"
                   "\n"
                   "````markdown\n"
                   "Table `loans` with ```due```.\n"
                   "````\n"
                   "\n"
                   "“.cursor/rules/a.mdc” is gone since this plan was written.");
}

/* The note goes into the plan's notes once, open, on the whole plan. */
static void
test_revision_note_added_once (void)
{
  g_autoptr(PwStaleReport) report = stale_report_new ();
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  g_autoptr(PwPlanNotes) other = pw_plan_notes_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const PwNote *note;

  add_input (report, "prd", ".ai/prd.md", TRUE, "a\n", "b\n");
  body = pw_stale_revision_note (report, 0);
  g_assert_false (pw_stale_has_revision_note (report, notes));

  note = pw_stale_add_revision_note (report, notes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (note);
  g_assert_cmpint (note->kind, ==, PW_NOTE_ANCHOR_PLAN);
  g_assert_cmpint (note->status, ==, PW_NOTE_STATUS_OPEN);
  g_assert_cmpstr (note->body, ==, body);
  g_assert_true (pw_stale_add_revision_note (report, notes, &error) == note);
  g_assert_cmpuint (pw_plan_notes_get_n_notes (notes), ==, 1);
  g_assert_true (pw_stale_has_revision_note (report, notes));

  /* Addressed, it still says the revision was sent with the changes; a
   * new Revise adds it again. */
  g_assert_true (pw_plan_notes_set_status (notes, note->id, PW_NOTE_STATUS_ADDRESSED));
  g_assert_true (pw_stale_has_revision_note (report, notes));
  g_assert_nonnull (pw_stale_add_revision_note (report, notes, &error));
  g_assert_cmpuint (pw_plan_notes_get_n_notes (notes), ==, 2);

  pw_plan_notes_add_plan (other, "Something else", &error);
  g_assert_false (pw_stale_has_revision_note (report, other));
}

/* However much changed, the note stays within its bound, cut at a line. */
static void
test_revision_note_bounded (void)
{
  g_autoptr(PwStaleReport) report = stale_report_new ();
  g_autoptr(GString) old_text = g_string_new (NULL);
  g_autoptr(GString) new_text = g_string_new (NULL);
  g_autofree char *note = NULL;
  g_autofree char *small = NULL;

  for (guint i = 0; i < 20000; i++)
    {
      g_string_append_printf (old_text, "Requirement %u is as it was.\n", i);
      g_string_append_printf (new_text, i % 10 == 0 ? "Requirement %u is new.\n"
                                                    : "Requirement %u is as it was.\n", i);
    }
  add_input (report, "prd", ".ai/prd.md", TRUE, old_text->str, new_text->str);
  add_input (report, "db-plan", ".ai/db-plan.md", TRUE, NULL, new_text->str);

  note = pw_stale_revision_note (report, 0);
  g_assert_cmpuint (strlen (note), <=, PW_STALE_NOTE_MAX_BYTES);
  g_assert_true (g_utf8_validate (note, -1, NULL));
  g_assert_nonnull (strstr (note, "-Requirement 0 is as it was.\n+Requirement 0 is new.\n"));
  g_assert_nonnull (strstr (note, "more lines left out)"));
  g_assert_nonnull (strstr (note, "The database plan changed"));
  g_assert_true (g_str_has_suffix (note, "more lines left out)"));

  small = pw_stale_revision_note (report, 2000);
  g_assert_cmpuint (strlen (small), <=, 2000);
  g_assert_nonnull (strstr (small, "```diff\n--- a/.ai/prd.md\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stale/input-format", test_input_format);
  g_test_add_func ("/stale/revision-note", test_revision_note);
  g_test_add_func ("/stale/revision-note-bounded", test_revision_note_bounded);
  g_test_add_func ("/stale/revision-note-added-once", test_revision_note_added_once);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/stale/provenance-names-paths", test_provenance_names_paths);
  ADD ("/stale/current", test_current);
  ADD ("/stale/api-spec-changed", test_api_spec_changed);
  ADD ("/stale/global-section-changed", test_global_section_changed);
  ADD ("/stale/old-text-from-history", test_old_text_from_history);
  ADD ("/stale/accept", test_accept);
  ADD ("/stale/endpoint-gone", test_endpoint_gone);
  ADD ("/stale/unknown", test_unknown);
  ADD ("/stale/lint-warning", test_lint_warning);
#undef ADD

  return g_test_run ();
}
