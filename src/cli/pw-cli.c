/* pw-cli.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "pw-cli.h"
#include "pw-utils.h"
#include "pw-workspace.h"

typedef struct
{
  const char       *name;
  PwCliCommandFunc  func;
  const char       *summary;
} PwCliCommand;

/* One row per subcommand; the summaries make up `planwright --help`. */
static const PwCliCommand commands[] = {
  { "documents", pw_cli_documents, N_("List the planning documents found in a repository") },
  { "endpoints", pw_cli_endpoints, N_("List the endpoints a REST API plan defines") },
  { "steps", pw_cli_steps, N_("List or check off the steps of an implementation plan") },
  { "next", pw_cli_next, N_("Hand the next open steps of a plan to a coding agent") },
  { "templates", pw_cli_templates, N_("List the plan templates") },
  { "prompt", pw_cli_prompt, N_("Print the prompt for a planning session") },
  { "lint", pw_cli_lint, N_("Check an implementation plan against its template") },
  { "export", pw_cli_export, N_("Save a plan into a repository") },
  { "plan", pw_cli_plan, N_("Write an implementation plan with a model or the offline planner") },
  { "status", pw_cli_status, N_("Show which endpoints have a plan, its progress and staleness") },
  { "revise", pw_cli_revise, N_("Revise a plan with notes, as a conversation with the model") },
};

gboolean
pw_cli_is_command (const char *name)
{
  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        return TRUE;
    }

  return FALSE;
}

char *
pw_cli_print_help (void)
{
  GString *help = g_string_new (NULL);

  g_string_append_printf (help, _("Usage: %s [DIR]\n       %s COMMAND [OPTION…]\n\n"),
                          "planwright", "planwright");
  g_string_append (help, _("Open a repository’s planning documents, or work on them headless.\n\n"));
  g_string_append (help, _("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (help, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (help, _("\nOptions:\n"));
  g_string_append_printf (help, "  %-18s %s\n", "-h, --help", _("Show this help"));
  g_string_append_printf (help, "  %-18s %s\n", "--version", _("Show the version"));
  g_string_append (help, _("\nRun “planwright COMMAND --help” for a command’s options.\n"));

  return g_string_free (help, FALSE);
}

int
pw_cli_run (int    argc,
            char **argv)
{
  g_return_val_if_fail (argc >= 2, PW_EXIT_USAGE);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, argv[1]))
        return commands[i].func (argc - 1, argv + 1);
    }

  return pw_cli_usage_error (NULL, _("Unknown command “%s”"), argv[1]);
}

/**
 * pw_cli_usage_error:
 *
 * Prints a one-line error to stderr and returns %PW_EXIT_USAGE.
 */
int
pw_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    pw_cli_print (stderr, "planwright %s: %s\n", command, message);
  else
    pw_cli_print (stderr, "planwright: %s\n", message);

  return PW_EXIT_USAGE;
}

/**
 * pw_cli_error:
 *
 * Prints @error as one line on stderr and returns @status.
 */
int
pw_cli_error (int         status,
              const char *command,
              GError     *error)
{
  const char *line = error != NULL ? error->message : _("Unknown error");

  /* One line whatever the message holds (a server's, a file name). */
  if (command != NULL)
    pw_cli_print (stderr, "planwright %s: %s\n", command, line);
  else
    pw_cli_print (stderr, "planwright: %s\n", line);

  return status;
}

/**
 * pw_cli_print_json:
 * @json_node: (type JsonNode): the node to print on stdout, pretty and
 *   followed by a newline
 */
void
pw_cli_print_json (gpointer json_node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;

  json_generator_set_root (generator, json_node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  shown = pw_text_escape_controls (text, -1, PW_ESCAPE_JSON);
  fputs (shown, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/**
 * pw_cli_parse_folder:
 * @context: the command's options
 *
 * Parses the options of a command that takes one folder, which is left in
 * (*@argv)[1].
 *
 * Returns: %PW_EXIT_OK, or %PW_EXIT_USAGE with the reason printed
 */
/**
 * pw_cli_print:
 * @stream: stdout or stderr
 * @format: a printf() format for one line, with or without its "\n"
 *
 * Prints one line holding text from files, servers or models: control
 * characters are escaped (pw_text_escape_controls()), line breaks too, so
 * nothing in the arguments can move the cursor, set the clipboard, make a
 * link or start a line of its own. Every line the command line prints
 * with untrusted text goes through here.
 */
void
pw_cli_print (FILE       *stream,
              const char *format,
              ...)
{
  g_autofree char *line = NULL;
  g_autofree char *shown = NULL;
  gboolean newline;
  gsize length;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);

  length = strlen (line);
  newline = length > 0 && line[length - 1] == '\n';
  shown = pw_text_escape_controls (line, newline ? length - 1 : length, PW_ESCAPE_ONE_LINE);
  fputs (shown, stream);
  if (newline)
    fputc ('\n', stream);
}

int
pw_cli_parse_folder (GOptionContext   *context,
                     const char       *command,
                     int              *argc,
                     char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return pw_cli_usage_error (command, "%s", error->message);
  if (*argc != 2)
    return pw_cli_usage_error (command, _("Expected one folder, got %d arguments"), *argc - 1);

  return PW_EXIT_OK;
}

/**
 * pw_cli_open_workspace:
 * @path: a folder as given on the command line
 * @status: (out): %PW_EXIT_USAGE when the folder cannot be opened
 *
 * Returns: (transfer full) (nullable): the repository at @path, or %NULL
 *   with the reason printed
 */
PwWorkspace *
pw_cli_open_workspace (const char *path,
                       const char *command,
                       int        *status)
{
  g_autoptr(GFile) root = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  PwWorkspace *workspace;

  workspace = pw_workspace_open (root, NULL, &error);
  if (workspace == NULL)
    *status = pw_cli_error (PW_EXIT_USAGE, command, error);

  return workspace;
}

/**
 * pw_cli_store_result_cb:
 * @result_out: a `GAsyncResult **`, %NULL until the call completes
 *
 * Keeps @result for a command's loop, which iterates the main context
 * until it is set and then calls the matching _finish().
 */
void
pw_cli_store_result_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      result_out)
{
  *(GAsyncResult **) result_out = g_object_ref (result);
}
