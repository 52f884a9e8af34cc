/* test-cli.c: the headless command line, run as a user would
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

static int
run (const char  *args,
     char       **out,
     char       **err)
{
  const char *build = g_getenv ("PW_BUILD_ROOT");
  g_autofree char *binary = g_build_filename (build, "src", "planwright", NULL);
  g_autofree char *command = g_strdup_printf ("env -u DISPLAY -u WAYLAND_DISPLAY %s %s",
                                              binary, args);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, out, err, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_version_and_help (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *help = NULL;
  g_autofree char *help_err = NULL;

  g_assert_cmpint (run ("--version", &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "planwright " PACKAGE_VERSION "\n");

  g_assert_cmpint (run ("--help", &help, &help_err), ==, 0);
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

  g_assert_cmpint (run (args, &out, &err), ==, 0);
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
      int status = run (cases[i], &out, &err);

      g_test_message ("%s → %d: %s", cases[i], status, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_cmpstr (out, ==, "");
      /* One line on stderr, naming the program. */
      g_assert_true (g_str_has_prefix (err, "planwright"));
      g_assert_nonnull (strchr (err, '\n'));
      g_assert_cmpuint (strchr (err, '\n') - err + 1, ==, strlen (err));
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

  return g_test_run ();
}
