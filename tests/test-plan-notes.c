/* test-plan-notes.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-plan-notes.h"
#include "pw-plan.h"

static const char plan_text[] =
  "# Plan: orders\n"
  "\n"
  "## Overview\n"
  "Orders are stored per tenant.\n"
  "\n"
  "## Implementation Steps\n"
  "1. Create the orders table with a tenant column\n"
  "2. Add the handler that checks the tenant in code\n"
  "3. Write the integration tests for listing orders\n"
  "\n"
  "## Error Handling\n"
  "Return 404 when the order belongs to another tenant.\n";

static PwPlan *
plan_from (const char *text)
{
  return pw_plan_new_from_text (text, -1);
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, 2);

  g_assert_nonnull (parts[1]);
  return g_strjoinv (to, parts);
}

static const PwNote *
note_on_step (PwPlanNotes *notes,
              PwPlan      *plan,
              guint        i,
              const char  *body)
{
  g_autoptr(GError) error = NULL;
  const PwNote *note = pw_plan_notes_add_step (notes, plan, i, body, &error);

  g_assert_no_error (error);
  g_assert_nonnull (note);
  return note;
}

static void
test_step_anchor_survives_edits (void)
{
  g_autoptr(PwPlan) plan = plan_from (plan_text);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  const PwNote *note = note_on_step (notes, plan, 1, "Use RLS, not a check in the handler");
  g_autofree char *inserted = replace (plan_text, "## Implementation Steps\n",
                                       "## Implementation Steps\n1. Read the PRD again\n");
  g_autofree char *reordered = replace (plan_text,
                                        "2. Add the handler that checks the tenant in code\n"
                                        "3. Write the integration tests for listing orders\n",
                                        "2. Write the integration tests for listing orders\n"
                                        "3. Add the handler that checks the tenant in code\n");
  g_autofree char *reworded = replace (plan_text, "Add the handler that checks the tenant in code",
                                       "Add a handler that checks the tenant in the code");
  g_autofree char *gone = replace (plan_text, "2. Add the handler that checks the tenant in code\n",
                                   "2. Configure row level security policies\n");
  g_autoptr(PwPlan) p1 = plan_from (inserted);
  g_autoptr(PwPlan) p2 = plan_from (reordered);
  g_autoptr(PwPlan) p3 = plan_from (reworded);
  g_autoptr(PwPlan) p4 = plan_from (gone);
  PwNoteMatch match;

  g_assert_cmpint (note->kind, ==, PW_NOTE_ANCHOR_STEP);
  g_assert_cmpuint (note->step, ==, 2);
  g_assert_cmpstr (note->quote, ==, "Add the handler that checks the tenant in code");

  g_assert_true (pw_note_locate (note, plan, &match));
  g_assert_true (match.exact);
  g_assert_cmpuint (match.index, ==, 1);
  g_assert_true (g_str_has_prefix (plan_text + match.start, "2. Add the handler"));
  g_assert_true (g_str_has_prefix (plan_text + match.end, "3. Write"));

  /* A step inserted before it: the note follows to step 3. */
  g_assert_true (pw_note_locate (note, p1, &match));
  g_assert_true (match.exact);
  g_assert_cmpuint (match.index, ==, 2);

  /* Reordered: it follows the step, now the third. */
  g_assert_true (pw_note_locate (note, p2, &match));
  g_assert_true (match.exact);
  g_assert_cmpuint (match.index, ==, 2);
  g_assert_true (g_str_has_prefix (reordered + match.start, "3. Add the handler"));

  /* Reworded slightly: found, but changed. */
  g_assert_true (pw_note_locate (note, p3, &match));
  g_assert_false (match.exact);
  g_assert_cmpuint (match.index, ==, 1);

  /* Replaced by something else: gone. */
  g_assert_false (pw_note_locate (note, p4, &match));

  /* Rewritten in place, keeping some of its words: found, changed. */
  {
    g_autofree char *rewritten = replace (plan_text, "Add the handler that checks the tenant in code",
                                          "Enforce the tenant with an RLS policy instead of the handler");
    g_autoptr(PwPlan) p5 = plan_from (rewritten);

    g_assert_true (pw_note_locate (note, p5, &match));
    g_assert_false (match.exact);
    g_assert_cmpuint (match.index, ==, 1);
  }
}

static void
test_equal_steps_nearest (void)
{
  const char *text = "## Implementation Steps\n1. Run the tests\n2. Fix\n3. Run the tests\n4. Ship\n";
  g_autoptr(PwPlan) plan = plan_from (text);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  const PwNote *note = note_on_step (notes, plan, 2, "twice?");
  g_autoptr(PwPlan) shifted = plan_from ("## Implementation Steps\n1. Prepare\n2. Run the tests\n3. Fix\n"
                                         "4. Run the tests\n5. Ship\n");
  PwNoteMatch match;

  g_assert_true (pw_note_locate (note, plan, &match));
  g_assert_cmpuint (match.index, ==, 2);
  /* Of the two equal steps, the one nearest to the number it had. */
  g_assert_true (pw_note_locate (note, shifted, &match));
  g_assert_cmpuint (match.index, ==, 3);
}

static void
test_section_and_text_anchors (void)
{
  g_autoptr(PwPlan) plan = plan_from (plan_text);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  g_autoptr(GError) error = NULL;
  const char *quote = "per tenant";
  const char *at = strstr (plan_text, quote);
  const PwNote *section = pw_plan_notes_add_section (notes, plan, 3, "Add 403 too", &error);
  const PwNote *span = pw_plan_notes_add_text (notes, plan, at - plan_text,
                                               at - plan_text + strlen (quote), "Which key?",
                                               &error);
  g_autofree char *edited = replace (plan_text, "# Plan: orders\n",
                                     "# Plan: orders\n\nSome words before.\n");
  g_autofree char *renamed = replace (edited, "## Error Handling", "## 9. Error handling");
  g_autofree char *reworded = replace (plan_text, "per tenant", "for each tenant");
  g_autoptr(PwPlan) p1 = plan_from (renamed);
  g_autoptr(PwPlan) p2 = plan_from (reworded);
  PwNoteMatch match;

  g_assert_no_error (error);
  g_assert_cmpstr (section->quote, ==, "Error Handling");
  g_assert_cmpstr (span->quote, ==, "per tenant");
  g_assert_cmpstr (span->before, ==, ": orders\n\n## Overview\nOrders are stored ");
  g_assert_cmpstr (span->after, ==, ".\n\n## Implementation Steps\n1. Create the");

  g_assert_true (pw_note_locate (section, p1, &match));
  g_assert_true (match.exact);
  g_assert_true (g_str_has_prefix (renamed + match.start, "## 9. Error handling"));
  g_assert_cmpuint (match.end, ==, strlen (renamed));

  g_assert_true (pw_note_locate (span, p1, &match));
  g_assert_true (match.exact);
  g_assert_cmpmem (renamed + match.start, match.end - match.start, quote, strlen (quote));

  /* The quote reworded: found again between its neighbours, changed. */
  g_assert_true (pw_note_locate (span, p2, &match));
  g_assert_false (match.exact);
  g_assert_cmpmem (reworded + match.start, match.end - match.start, "for each tenant", 15);
}

/* Text selected where the plan is shown is found in its markdown. */
static void
test_span_from_rendered (void)
{
  const char *source = "4. Implement `listBooks` with [keyset](https://x.example/k)\n   paging, then `listBooks` again\n";
  const char *rendered = "Implement listBooks with keyset paging, then listBooks again";
  gsize start = 0, end = 0;

  /* Written as shown and only once: there. */
  g_assert_true (pw_note_span_from_rendered (source, strlen (source), rendered, 25, 31,
                                             &start, &end));
  g_assert_cmpmem (source + start, end - start, "keyset", 6);

  /* Across markup and a soft line break: from its first to its last
   * character in the source. */
  g_assert_true (pw_note_span_from_rendered (source, strlen (source), rendered, 10, 38,
                                             &start, &end));
  g_assert_cmpmem (source + start, end - start,
                   "listBooks` with [keyset](https://x.example/k)\n   paging", 55);

  /* Twice in the source: the second one when the second is selected. */
  g_assert_true (pw_note_span_from_rendered (source, strlen (source), rendered, 45, 54,
                                             &start, &end));
  g_assert_cmpuint (start, ==, strstr (source, "`listBooks` again") + 1 - source);
  g_assert_cmpmem (source + start, end - start, "listBooks", 9);

  /* Nothing selected, or past the end. */
  g_assert_false (pw_note_span_from_rendered (source, strlen (source), rendered, 3, 3,
                                              &start, &end));
  g_assert_false (pw_note_span_from_rendered (source, strlen (source), rendered, 50, 99,
                                              &start, &end));
}

static void
test_text_anchor_prefers_context (void)
{
  const char *text = "## A\nuse a cache here\n\n## B\nuse a cache there\n";
  g_autoptr(PwPlan) plan = plan_from (text);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  const char *second = strstr (strstr (text, "## B"), "use a cache");
  const PwNote *note = pw_plan_notes_add_text (notes, plan, second - text,
                                               second - text + strlen ("use a cache"),
                                               "Which one?", NULL);
  g_autoptr(PwPlan) moved = plan_from ("## B\nuse a cache there\n\n## A\nuse a cache here\n");
  PwNoteMatch match;

  g_assert_nonnull (note);
  g_assert_true (pw_note_locate (note, moved, &match));
  g_assert_cmpuint (match.start, ==, 5);
}

static void
test_status_after_revision (void)
{
  g_autoptr(PwPlan) plan = plan_from (plan_text);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  const PwNote *kept = note_on_step (notes, plan, 0, "Fine as is?");
  const PwNote *changed = note_on_step (notes, plan, 1, "Use RLS");
  const PwNote *dropped = note_on_step (notes, plan, 2, "Tests for this?");
  const PwNote *resolved = pw_plan_notes_add_section (notes, plan, 1, "Shorter", NULL);
  const PwNote *whole = pw_plan_notes_add_plan (notes, "Mention the migration", NULL);
  g_autofree char *a = replace (plan_text, "Add the handler that checks the tenant in code",
                                "Add a handler that checks the tenant with RLS in code");
  g_autofree char *revised = replace (a, "3. Write the integration tests for listing orders\n",
                                      "3. Deploy\n");
  g_autoptr(PwPlan) next = plan_from (revised);

  g_assert_true (pw_plan_notes_set_status (notes, resolved->id, PW_NOTE_STATUS_RESOLVED));
  pw_plan_notes_update_status (notes, plan, next);

  g_assert_cmpint (kept->status, ==, PW_NOTE_STATUS_OPEN);
  g_assert_cmpint (changed->status, ==, PW_NOTE_STATUS_ADDRESSED);
  g_assert_cmpint (dropped->status, ==, PW_NOTE_STATUS_OUTDATED);
  g_assert_cmpint (resolved->status, ==, PW_NOTE_STATUS_RESOLVED);
  g_assert_cmpint (whole->status, ==, PW_NOTE_STATUS_ADDRESSED);
  g_assert_cmpuint (pw_plan_notes_count_status (notes, PW_NOTE_STATUS_OPEN), ==, 1);

  /* A step whose first line stays but whose body changed is addressed. */
  {
    g_autoptr(PwPlanNotes) n2 = pw_plan_notes_new ();
    const PwNote *note = note_on_step (n2, plan, 0, "Index?");
    g_autofree char *body = replace (plan_text, "tenant column\n",
                                     "tenant column\n   - with an index on it\n");
    g_autoptr(PwPlan) p = plan_from (body);

    pw_plan_notes_update_status (n2, plan, p);
    g_assert_cmpint (note->status, ==, PW_NOTE_STATUS_ADDRESSED);
    g_assert_true (pw_plan_notes_set_status (n2, note->id, PW_NOTE_STATUS_OPEN));
    pw_plan_notes_update_status (n2, plan, plan);
    g_assert_cmpint (note->status, ==, PW_NOTE_STATUS_OPEN);
  }
}

static void
test_parse_specs (void)
{
  g_autoptr(PwPlan) plan = plan_from (plan_text);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  g_autoptr(GError) error = NULL;
  const PwNote *note;

  note = pw_plan_notes_add_parsed (notes, plan, "step 2: use RLS, not a check in the handler",
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (note->kind, ==, PW_NOTE_ANCHOR_STEP);
  g_assert_cmpuint (note->step, ==, 2);
  g_assert_cmpstr (note->body, ==, "use RLS, not a check in the handler");

  note = pw_plan_notes_add_parsed (notes, plan, "section Error Handling: also 403", &error);
  g_assert_no_error (error);
  g_assert_cmpint (note->kind, ==, PW_NOTE_ANCHOR_SECTION);
  g_assert_cmpstr (note->quote, ==, "Error Handling");
  g_assert_cmpstr (note->body, ==, "also 403");

  note = pw_plan_notes_add_parsed (notes, plan, "section error handling: 403", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (note->quote, ==, "Error Handling");

  note = pw_plan_notes_add_parsed (notes, plan, "“per tenant”: which key?", &error);
  g_assert_no_error (error);
  g_assert_cmpint (note->kind, ==, PW_NOTE_ANCHOR_TEXT);
  g_assert_cmpstr (note->quote, ==, "per tenant");

  note = pw_plan_notes_add_parsed (notes, plan, "Shorter, please", &error);
  g_assert_no_error (error);
  g_assert_cmpint (note->kind, ==, PW_NOTE_ANCHOR_PLAN);

  g_assert_null (pw_plan_notes_add_parsed (notes, plan, "step 9: nope", &error));
  g_assert_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_NO_ANCHOR);
  g_assert_nonnull (strstr (error->message, "no step 9"));
  g_clear_error (&error);
  g_assert_null (pw_plan_notes_add_parsed (notes, plan, "section Deploy: nope", &error));
  g_assert_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_NO_ANCHOR);
  g_clear_error (&error);
  g_assert_null (pw_plan_notes_add_parsed (notes, plan, "\"not there\": nope", &error));
  g_assert_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_NO_ANCHOR);
  g_clear_error (&error);
  g_assert_null (pw_plan_notes_add_parsed (notes, plan, "step 1:   ", &error));
  g_assert_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_EMPTY);
  g_assert_cmpuint (pw_plan_notes_get_n_notes (notes), ==, 5);
}

static void
changed_cb (PwPlanNotes *notes,
            guint       *count)
{
  (*count)++;
}

static void
test_edit_remove (void)
{
  g_autoptr(PwPlan) plan = plan_from (plan_text);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  const PwNote *note = note_on_step (notes, plan, 0, "one");
  g_autofree char *id = g_strdup (note->id);
  guint changes = 0;

  g_signal_connect (notes, "changed", G_CALLBACK (changed_cb), &changes);
  g_assert_true (pw_plan_notes_set_body (notes, id, "  two  "));
  g_assert_cmpstr (pw_plan_notes_lookup (notes, id)->body, ==, "two");
  g_assert_false (pw_plan_notes_set_body (notes, id, " "));
  g_assert_cmpstr (pw_plan_notes_lookup (notes, id)->body, ==, "two");
  g_assert_false (pw_plan_notes_set_body (notes, "n99", "x"));
  g_assert_true (pw_plan_notes_remove (notes, id));
  g_assert_false (pw_plan_notes_remove (notes, id));
  g_assert_cmpuint (pw_plan_notes_get_n_notes (notes), ==, 0);
  g_assert_cmpuint (changes, ==, 2);
}

static void
test_sidecar_round_trip (void)
{
  g_autoptr(PwPlan) plan = plan_from (plan_text);
  g_autoptr(PwPlanNotes) notes = pw_plan_notes_new ();
  g_autoptr(PwPlanNotes) loaded = NULL;
  g_autoptr(PwPlanNotes) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("pw-notes-XXXXXX", NULL);
  g_autofree char *plan_path = g_build_filename (dir, "orders-implementation-plan.md", NULL);
  g_autoptr(GFile) plan_file = g_file_new_for_path (plan_path);
  g_autoptr(GFile) file = pw_plan_notes_file_for (plan_file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *contents = NULL;
  const char *at = strstr (plan_text, "per tenant");

  g_assert_cmpstr (name, ==, "orders-implementation-plan.notes.json");

  empty = pw_plan_notes_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_plan_notes_get_n_notes (empty), ==, 0);

  note_on_step (notes, plan, 1, "Use RLS");
  pw_plan_notes_add_text (notes, plan, at - plan_text, at - plan_text + 10, "Zażółć?", NULL);
  pw_plan_notes_set_status (notes, "n2", PW_NOTE_STATUS_RESOLVED);
  g_assert_true (pw_plan_notes_save (notes, file, NULL, &error));
  g_assert_no_error (error);

  loaded = pw_plan_notes_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pw_plan_notes_get_n_notes (loaded), ==, 2);
  g_assert_cmpstr (pw_plan_notes_get_note (loaded, 0)->quote, ==,
                   "Add the handler that checks the tenant in code");
  g_assert_cmpuint (pw_plan_notes_get_note (loaded, 0)->step, ==, 2);
  g_assert_cmpstr (pw_plan_notes_get_note (loaded, 1)->body, ==, "Zażółć?");
  g_assert_cmpint (pw_plan_notes_get_note (loaded, 1)->status, ==, PW_NOTE_STATUS_RESOLVED);
  g_assert_cmpstr (pw_plan_notes_get_note (loaded, 1)->before, ==,
                   pw_plan_notes_get_note (notes, 1)->before);
  /* New ids continue after the loaded ones. */
  g_assert_cmpstr (pw_plan_notes_add_plan (loaded, "more", NULL)->id, ==, "n3");

  /* No notes left: no sidecar. */
  pw_plan_notes_remove (notes, "n1");
  pw_plan_notes_remove (notes, "n2");
  g_assert_true (pw_plan_notes_save (notes, file, NULL, &error));
  g_assert_false (g_file_query_exists (file, NULL));

  /* A broken file is an error, and is left as it is. */
  g_assert_true (g_file_set_contents (g_file_peek_path (file), "{\"notes\": [{\"id\": 1}]}", -1,
                                      NULL));
  g_assert_null (pw_plan_notes_load (file, NULL, &error));
  g_assert_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (g_file_peek_path (file), "not json", -1, NULL));
  g_assert_null (pw_plan_notes_load (file, NULL, &error));
  g_assert_error (error, PW_PLAN_NOTES_ERROR, PW_PLAN_NOTES_ERROR_CORRUPT);
  g_assert_true (g_file_get_contents (g_file_peek_path (file), &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not json");

  g_unlink (g_file_peek_path (file));
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/plan-notes/step-anchor-survives-edits", test_step_anchor_survives_edits);
  g_test_add_func ("/pw/plan-notes/equal-steps-nearest", test_equal_steps_nearest);
  g_test_add_func ("/pw/plan-notes/section-and-text-anchors", test_section_and_text_anchors);
  g_test_add_func ("/pw/plan-notes/text-anchor-prefers-context", test_text_anchor_prefers_context);
  g_test_add_func ("/pw/plan-notes/span-from-rendered", test_span_from_rendered);
  g_test_add_func ("/pw/plan-notes/status-after-revision", test_status_after_revision);
  g_test_add_func ("/pw/plan-notes/parse-specs", test_parse_specs);
  g_test_add_func ("/pw/plan-notes/edit-remove", test_edit_remove);
  g_test_add_func ("/pw/plan-notes/sidecar-round-trip", test_sidecar_round_trip);

  return g_test_run ();
}
