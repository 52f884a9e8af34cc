/* pw-test-repo.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pw-export.h"
#include "pw-history.h"
#include "pw-prompt.h"
#include "pw-template.h"
#include "pw-test-repo.h"

char *
pw_test_read_file (const char *dir,
                   const char *relative)
{
  g_autofree char *path = g_build_filename (dir, relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Adds @text at the end of a file, as an editor would. */
void
pw_test_append_file (const char *dir,
                     const char *relative,
                     const char *text)
{
  g_autofree char *before = pw_test_read_file (dir, relative);
  g_autofree char *after = g_strconcat (before, text, NULL);

  pw_test_write_file (dir, relative, after);
}

/* Adds a history entry with only the prompt a plan was written from. */
void
pw_test_append_history_prompt (const char *dir,
                               const char *prompt)
{
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (dir);
  g_autoptr(PwHistory) history = pw_history_new (pw_workspace_get_root (workspace));
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) entry = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (object, "prompt", prompt);
  json_node_set_object (entry, object);
  g_assert_true (pw_history_append (history, entry, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* For pw_test_wait_until(): whether the file at args[0] (a path) holds
 * args[1]. */
gboolean
pw_test_file_has (gpointer path_and_needle)
{
  const char * const *args = path_and_needle;
  g_autofree char *text = NULL;

  return g_file_get_contents (args[0], &text, NULL, NULL) && strstr (text, args[1]) != NULL;
}

/* Removes @dir and everything under it, and frees the string. */
void
pw_test_remove_tree (char *dir)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_free (dir);
}

/**
 * pw_test_export_plan:
 * @endpoint_key: the endpoint the plan is for
 * @relative: where to write it
 * @body: the plan's text
 *
 * Writes @body as an exported endpoints plan whose provenance records the
 * inputs of the prompt for @endpoint_key, as a generation would.
 *
 * Returns: (transfer full): that prompt's text
 */
char *
pw_test_export_plan (const char *dir,
                     const char *endpoint_key,
                     const char *relative,
                     const char *body)
{
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (dir);
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(PwPromptResult) prompt = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) inputs = NULL;
  g_autofree char *text = NULL;
  PwProvenance prov = { NULL, };

  template = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, &error);
  g_assert_no_error (error);
  request = pw_prompt_request_new (template);
  pw_prompt_request_add_endpoint (request, endpoint_key);
  prompt = pw_prompt_assemble (workspace, request, &error);
  g_assert_no_error (error);

  inputs = pw_export_dup_prompt_inputs (prompt);
  prov.template_id = PW_TEMPLATE_ID_ENDPOINTS_PLAN;
  prov.model = "test-model";
  prov.date = "2026-12-04";
  prov.inputs = (const char * const *) inputs;
  text = pw_export_render_text (body, -1, template, &prov);
  pw_test_write_file (dir, relative, text);

  return g_strdup (prompt->text);
}

const char pw_test_notes_api_plan[] =
  "# REST API Plan\n\n## Endpoints\n\n"
  "### GET /api/notes/{id}\n\nReturns one note of the logged-in user (JWT required).\n\n"
  "- Response:\n```json\n{ \"id\": 1, \"title\": \"t\", \"body\": \"b\" }\n```\n"
  "- Success: 200 OK\n- Errors: 401 Unauthorized, 404 Not Found\n";

/**
 * pw_test_make_notes_repo:
 * @tmpl: the folder's name for g_dir_make_tmp(), e.g. "pw-plan-run-XXXXXX"
 *
 * A temporary repository with the notes app's API plan
 * (pw_test_notes_api_plan), PRD, tech stack and one Cursor rule.
 *
 * Returns: (transfer full): its path
 */
char *
pw_test_make_notes_repo (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *repo = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  pw_test_write_file (repo, ".ai/api-plan.md", pw_test_notes_api_plan);
  pw_test_write_file (repo, ".ai/prd.md", "# Notes app\n\nUsers keep notes.\n");
  pw_test_write_file (repo, ".ai/tech-stack.md", "Astro, TypeScript, Supabase, Zod\n");
  pw_test_write_file (repo, ".cursor/rules/backend.mdc", "Use services in src/lib.\n");
  return repo;
}
