/* test-cli.c: the headless command line, run as a user would
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pw-test-utils.h"

static void
test_version_and_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *help = NULL;
  g_autofree char *help_err = NULL;

  g_assert_cmpint (pw_test_run_cli ("--version", &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "planwright " PACKAGE_VERSION "\n");

  g_assert_cmpint (pw_test_run_cli ("--help", &help, &help_err), ==, 0);
  g_assert_nonnull (strstr (help, "documents"));
  g_assert_cmpstr (help_err, ==, "");
}

/* The uninstalled build, as tools/run starts it (meson devenv), speaks the
 * user's language from the catalogues compiled in the build tree. */
static void
test_uninstalled_translated (void)
{
  const char *build = g_getenv ("PW_BUILD_ROOT");
  g_autofree char *meson = g_find_program_in_path ("meson");
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (meson == NULL)
    {
      g_test_skip ("meson is not on PATH");
      return;
    }
  command = g_strdup_printf ("env -u DISPLAY -u WAYLAND_DISPLAY -u PW_LOCALEDIR LANGUAGE=pl "
                             "LC_ALL=C.UTF-8 %s devenv -C '%s' ./src/planwright --help",
                             meson, build);
  g_assert_true (g_spawn_command_line_sync (command, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_nonnull (strstr (out, "Użycie: planwright"));
}

static JsonObject *
object_with_path (JsonArray  *array,
                  const char *path)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "path"), path) == 0)
        return object;
    }

  return NULL;
}

static void
check_documents_kinds (JsonObject *object)
{
  JsonArray *rules = json_object_get_array_member (object, "rule_files");
  JsonArray *specs = json_object_get_array_member (object, "api_specs");
  JsonObject *backend = object_with_path (rules, ".cursor/rules/backend.mdc");
  JsonObject *agents = object_with_path (rules, "AGENTS.md");

  g_assert_nonnull (backend);
  g_assert_cmpstr (json_object_get_string_member (backend, "kind"), ==, "cursor");
  g_assert_nonnull (strstr (json_object_get_string_member (backend, "description"), "API routes"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (backend, "globs")), >=, 1);
  g_assert_false (json_object_get_boolean_member (backend, "alwaysApply"));
  g_assert_true (json_object_get_boolean_member (backend, "relevant"));
  g_assert_true (json_object_get_boolean_member (backend, "default"));
  g_assert_nonnull (strstr (json_object_get_string_member (backend, "reason"), "names backend"));

  g_assert_nonnull (agents);
  g_assert_cmpstr (json_object_get_string_member (agents, "kind"), ==, "agents");
  g_assert_true (json_object_get_boolean_member (agents, "alwaysApply"));

  g_assert_cmpuint (json_array_get_length (specs), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (specs, 0),
                                                  "format"), ==, "markdown");
}

static void
test_documents_json (void)
{
  const char *source = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *example = g_build_filename (source, "examples", "shelfie", NULL);
  g_autofree char *args = g_strdup_printf ("documents '%s' --json", example);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_cmpint (pw_test_run_cli (args, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "root"), ==, example);
  g_assert_cmpstr (json_object_get_string_member (object, "prd"), ==, ".ai/prd.md");
  g_assert_cmpstr (json_object_get_string_member (object, "tech_stack"), ==, ".ai/tech-stack.md");
  g_assert_cmpstr (json_object_get_string_member (object, "api_spec"), ==, ".ai/api-plan.md");
  g_assert_cmpstr (json_object_get_string_member (object, "db_plan"), ==, ".ai/db-plan.md");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object, "rules"), 0),
                   ==, ".cursor/rules/backend.mdc");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "plans")), >=, 1);

  /* The rules chosen by relevance, each file's kind and metadata, and the
   * API spec's format. */
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (object,
                                                                                 "default_rules"),
                                                  0), ==, ".cursor/rules/backend.mdc");
  check_documents_kinds (object);
}

static void
test_bad_arguments (void)
{
  static const char *cases[] = {
    "documents",
    "documents /nonexistent/folder --json",
    "documents a b",
    "documents --frobnicate .",
    "--frobnicate",
    "frobnicate",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = pw_test_run_cli (cases[i], &out, &err);

      g_test_message ("%s → %d: %s", cases[i], status, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      /* One line on stderr, naming the program. */
      g_assert_true (g_str_has_prefix (err, "planwright"));
      g_assert_nonnull (strchr (err, '\n'));
      g_assert_cmpuint (strchr (err, '\n') - err + 1, ==, strlen (err));
    }
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += (*p == '\n');

  return n;
}

/* A repository whose file names and text carry terminal escapes (OSC 52
 * sets the clipboard, OSC 8 makes a link), a C1 CSI, a newline that would
 * forge an output line and bytes that are not UTF-8: nothing of it reaches
 * the terminal raw, and the JSON stays valid UTF-8. */
static void
test_hostile_text (void)
{
  g_autofree char *repo = g_dir_make_tmp ("pw-cli-XXXXXX", NULL);
  g_autofree char *plan = g_build_filename (repo, ".ai", "x-implementation-plan.md", NULL);
  g_autofree char *documents = g_strdup_printf ("documents '%s'", repo);
  g_autofree char *documents_json = g_strdup_printf ("documents '%s' --json", repo);
  g_autofree char *steps = g_strdup_printf ("steps '%s'", plan);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  g_autofree char *steps_out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  pw_test_write_file (repo, ".ai/prd.md", "# PRD\n");
  pw_test_write_file (repo, ".cursor/rules/a\033]52;c;ZXZpbA==\007.mdc", "rules\n");
  pw_test_write_file (repo, ".cursor/rules/b\n  prd         .ai/forged.md.mdc", "rules\n");
  pw_test_write_file (repo, ".cursor/rules/c\302\233\xff.mdc", "rules\n");
  pw_test_write_file (repo, ".ai/x-implementation-plan.md",
              "# Plan \033]8;;http://evil\033\\x\n\n## Implementation steps\n\n"
              "1. [ ] Step \033[2J one\r\n");

  g_assert_cmpint (pw_test_run_cli (documents, &out, &err), ==, 0);
  g_assert_null (strchr (out, '\033'));
  g_assert_null (strstr (out, "\302\233"));
  g_assert_true (g_utf8_validate (out, -1, NULL));
  /* root, four roles, three rules, one plan: one line each. */
  g_assert_cmpuint (count_lines (out), ==, 9);

  g_assert_cmpint (pw_test_run_cli (documents_json, &json, NULL), ==, 0);
  g_assert_true (g_utf8_validate (json, -1, NULL));
  g_assert_null (strchr (json, '\033'));
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);

  g_assert_cmpint (pw_test_run_cli (steps, &steps_out, NULL), ==, 0);
  g_assert_null (strchr (steps_out, '\033'));
  g_assert_null (strchr (steps_out, '\r'));
  g_assert_nonnull (strstr (steps_out, "\\x1b[2J"));
}

/* `documents` says which rules are chosen and why, and the API spec's
 * format when it is an OpenAPI or Swagger file. */
static void
test_documents_rules_and_specs (void)
{
  g_autofree char *repo = g_dir_make_tmp ("pw-cli-XXXXXX", NULL);
  g_autofree char *args = g_strdup_printf ("documents '%s'", repo);
  g_autofree char *out = NULL;

  pw_test_write_file (repo, "openapi.yaml", "openapi: 3.1.0\ninfo: {title: Books}\npaths: {}\n");
  pw_test_write_file (repo, "docs/swagger.json", "{\"swagger\": \"2.0\", \"paths\": {}}");
  pw_test_write_file (repo, "docs/compose.yaml", "services: {}\n");
  pw_test_write_file (repo, ".cursor/rules/github-action.mdc", "---\nalwaysApply: true\n---\n");
  pw_test_write_file (repo, "AGENTS.md", "# Guidelines\n");

  g_assert_cmpint (pw_test_run_cli (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "  api_spec    openapi.yaml (openapi)\n"));
  g_assert_nonnull (strstr (out, "  api_spec    docs/swagger.json (swagger, also found)\n"));
  g_assert_null (strstr (out, "compose.yaml"));
  g_assert_nonnull (strstr (out, "  rules       AGENTS.md (default: always applies, "
                                 "general project conventions)\n"));
  g_assert_nonnull (strstr (out, "  rules       .cursor/rules/github-action.mdc (not chosen: "
                                 "always applies, about github, unrelated to the backend)\n"));
}

/* `documents` says which document is a link out of the repository. */
static void
test_documents_outside (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pw-cli-XXXXXX", NULL);
  g_autofree char *key = g_build_filename (dir, "home", "id_rsa", NULL);
  g_autofree char *prd = g_build_filename (dir, "repo", ".ai", "prd.md", NULL);
  g_autofree char *args = g_strdup_printf ("documents '%s/repo'", dir);
  g_autofree char *prompt = g_strdup_printf ("prompt '%s/repo' -t feature-plan -f X", dir);
  g_autofree char *out = NULL;
  g_autofree char *prompt_out = NULL;
  g_autofree char *prompt_err = NULL;

  pw_test_write_file (dir, "home/id_rsa", "PRIVATE KEY\n");
  pw_test_write_file (dir, "repo/.ai/tech-stack.md", "# Stack\n");
  g_assert_cmpint (symlink (key, prd), ==, 0);

  g_assert_cmpint (pw_test_run_cli (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "outside     .ai/prd.md"));

  g_assert_cmpint (pw_test_run_cli (prompt, &prompt_out, &prompt_err), ==, 0);
  g_assert_null (strstr (prompt_out, "PRIVATE KEY"));
  g_assert_nonnull (strstr (prompt_err, "outside the repository"));
}

/* The prompt is printed byte for byte into a pipe, and with its control
 * characters escaped on a terminal (script(1) gives it one). */
static void
test_prompt_terminal (void)
{
  g_autofree char *repo = g_dir_make_tmp ("pw-cli-XXXXXX", NULL);
  g_autofree char *binary = g_build_filename (g_getenv ("PW_BUILD_ROOT"), "src", "planwright",
                                              NULL);
  g_autofree char *args = g_strdup_printf ("prompt '%s' -t feature-plan -f X", repo);
  g_autofree char *command = NULL;
  g_autofree char *script = g_find_program_in_path ("script");
  g_autofree char *piped = NULL;
  g_autofree char *shown = NULL;
  int status = 0;

  if (script == NULL)
    {
      g_test_skip ("script(1) is not installed");
      return;
    }

  pw_test_write_file (repo, ".ai/prd.md", "# PRD \033]52;c;ZXZpbA==\007 end\n");
  g_assert_cmpint (pw_test_run_cli (args, &piped, NULL), ==, 0);
  g_assert_nonnull (strstr (piped, "\033]52;c;ZXZpbA==\007"));

  command = g_strdup_printf ("script -qec \"%s %s\" /dev/null", binary, args);
  g_assert_true (g_spawn_command_line_sync (command, &shown, NULL, &status, NULL));
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_null (strchr (shown, '\033'));
  g_assert_nonnull (strstr (shown, "\\x1b]52;c;ZXZpbA==\\x07"));
}

/* `prompt` with several rules files, an added file, the PRD narrowed to a
 * heading and a global section of the API plan left out; --stats gives
 * each input's share. A path out of the repository is a usage error. */
static void
test_prompt_inputs (void)
{
  g_autofree char *repo = g_dir_make_tmp ("pw-cli-XXXXXX", NULL);
  g_autofree char *args = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bad_err = NULL;

  pw_test_write_file (repo, ".ai/prd.md", "# PRD\n\n## Goals\nKeep books.\n\n## Metrics\nMany books.\n");
  pw_test_write_file (repo, ".ai/api-plan.md", "# API\n\n## Endpoints\n\n### GET /api/books\nLists books.\n\n"
                                       "## Authentication\nBearer tokens.\n\n"
                                       "## Error format\nProblem JSON.\n");
  pw_test_write_file (repo, ".cursor/rules/backend.mdc", "Backend rule.\n");
  pw_test_write_file (repo, ".cursor/rules/api.mdc", "API rule.\n");
  pw_test_write_file (repo, "src/types.ts", "export type Book = {};\n");

  args = g_strdup_printf ("prompt '%s' -t feature-plan -e 'GET /api/books' --rules backend.mdc "
                          "--rules .cursor/rules/api.mdc --input src/types.ts "
                          "--prd-section Metrics --without api-spec#auth --stats", repo);
  g_assert_cmpint (pw_test_run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Backend rule.\n\nAPI rule.\n</implementation_rules>"));
  g_assert_nonnull (strstr (out, "<file path=\"src/types.ts\">\nexport type Book = {};\n</file>"));
  g_assert_nonnull (strstr (out, "narrowed to its sections “Metrics”"));
  g_assert_null (strstr (out, "Keep books."));
  g_assert_null (strstr (out, "Bearer tokens."));
  g_assert_nonnull (strstr (out, "## Error format\nProblem JSON."));
  g_assert_nonnull (strstr (err, "share"));
  g_assert_nonnull (strstr (err, "api-spec#errors"));
  g_assert_nonnull (strstr (err, "src/types.ts"));
  g_assert_nonnull (strstr (err, "(disabled)"));

  bad = g_strdup_printf ("prompt '%s' -t feature-plan -f X --input ../elsewhere.ts", repo);
  g_assert_cmpint (pw_test_run_cli (bad, NULL, &bad_err), ==, 2);
  g_assert_nonnull (strstr (bad_err, "outside the repository"));
}

/* A FIFO or a device is refused at once (it would block or never end). */
static void
test_special_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("pw-cli-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "plan.md", NULL);
  g_autofree char *repo = g_build_filename (dir, "repo", NULL);
  const char *commands[] = { "lint '%s'", "steps '%s'", "endpoints '%s'",
                             "export '%s' '%s' --template feature-plan --feature X" };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (repo, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *args = g_strdup_printf (commands[i], fifo, repo);
      g_autofree char *err = NULL;

      g_assert_cmpint (pw_test_run_cli (args, NULL, &err), ==, 2);
      g_assert_nonnull (strstr (err, "not a regular file"));
    }

  {
    g_autofree char *err = NULL;

    g_assert_cmpint (pw_test_run_cli ("endpoints /dev/zero", NULL, &err), ==, 2);
    g_assert_nonnull (strstr (err, "not a regular file"));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/cli/version-and-help", test_version_and_help);
  g_test_add_func ("/pw/cli/documents-json", test_documents_json);
  g_test_add_func ("/pw/cli/uninstalled-translated", test_uninstalled_translated);
  g_test_add_func ("/pw/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/pw/cli/hostile-text", test_hostile_text);
  g_test_add_func ("/pw/cli/special-files", test_special_files);
  g_test_add_func ("/pw/cli/documents-outside", test_documents_outside);
  g_test_add_func ("/pw/cli/documents-rules-and-specs", test_documents_rules_and_specs);
  g_test_add_func ("/pw/cli/prompt-terminal", test_prompt_terminal);
  g_test_add_func ("/pw/cli/prompt-inputs", test_prompt_inputs);

  return g_test_run ();
}
