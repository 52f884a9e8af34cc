/* pw-cli-next.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-next"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "pw-cli.h"
#include "pw-handoff.h"
#include "pw-plan.h"
#include "pw-utils.h"
#include "pw-workspace.h"

#define AGENT_ENV "PLANWRIGHT_AGENT"

/* The agent command: --agent, else $PLANWRIGHT_AGENT, else the one set in
 * Preferences (when the settings schema is installed). */
static char *
configured_command (const char *option)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *command = NULL;

  if (option != NULL)
    return g_strdup (option);
  if (g_getenv (AGENT_ENV) != NULL && *g_getenv (AGENT_ENV) != '\0')
    return g_strdup (g_getenv (AGENT_ENV));

  schema = source != NULL ? g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE) : NULL;
  if (schema == NULL || !g_settings_schema_has_key (schema, "agent-command"))
    return NULL;

  settings = g_settings_new (SCHEMA_ID);
  command = g_settings_get_string (settings, "agent-command");
  return *command != '\0' ? g_steal_pointer (&command) : NULL;
}

/* The rules the planning prompts use by default, so that the agent works
 * by the same rules the plan was written for. */
static GPtrArray *
default_rules (GFile *root)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rules = g_ptr_array_new_with_free_func (g_object_unref);
  PwDocument *document;

  workspace = pw_workspace_open (root, NULL, &error);
  if (workspace == NULL)
    {
      g_debug ("No workspace for the rules: %s", error->message);
      return rules;
    }

  document = pw_workspace_get_default_rules (workspace);
  if (document != NULL)
    g_ptr_array_add (rules, g_object_ref (document));
  return rules;
}

/* After the agent: how many steps of the batch it ticked. */
static void
report_ticks (GFile     *file,
              PwHandoff *handoff)
{
  g_autoptr(PwPlan) plan = pw_plan_new ();
  g_autoptr(GError) error = NULL;
  guint ticked = 0;

  if (!pw_plan_load_file (plan, file, NULL, &error))
    {
      pw_cli_print (stderr, _("planwright next: could not read the plan again: %s\n"),
                    error->message);
      return;
    }

  for (guint i = 0; i < handoff->steps->len; i++)
    {
      guint index = g_array_index (handoff->steps, guint, i);

      if (index < pw_plan_get_n_steps (plan) && pw_plan_get_step (plan, index)->done)
        ticked++;
    }

  pw_cli_print (stderr, ngettext ("%u of %u step of the batch ticked; %u open in the plan\n",
                                  "%u of %u steps of the batch ticked; %u open in the plan\n",
                                  handoff->steps->len),
                ticked, handoff->steps->len,
                pw_plan_get_n_steps (plan) - pw_plan_get_n_done (plan));
}

/* Runs @argv in @root with the terminal's input and output, and waits. */
static int
run_agent (GFile       *root,
           char       **argv,
           GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *cwd = g_file_get_path (root);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv, error);
  if (process == NULL || !g_subprocess_wait (process, NULL, error))
    return PW_EXIT_FAILURE;

  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
    return PW_EXIT_OK;

  pw_cli_print (stderr, _("planwright next: the agent exited with status %d\n"),
                g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                     : g_subprocess_get_term_sig (process) + 128);
  return PW_EXIT_FAILURE;
}

static int
hand_off (GFile      *file,
          GFile      *root,
          PwHandoff  *handoff,
          const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt_file = NULL;
  g_autofree char *batch = pw_handoff_format_steps (handoff);
  g_autofree char *where = g_file_get_path (root);
  g_auto(GStrv) argv = NULL;
  int status;

  if (!pw_handoff_check_command (command, &error))
    return pw_cli_error (PW_EXIT_USAGE, "next", error);

  if (pw_handoff_command_wants_file (command))
    {
      prompt_file = pw_handoff_write_prompt_file (handoff->text, &error);
      if (prompt_file == NULL)
        return pw_cli_error (PW_EXIT_FAILURE, "next", error);
    }

  argv = pw_handoff_expand_command (command, handoff->text, prompt_file, &error);
  if (argv == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "next", error);

  pw_cli_print (stderr, _("Handing steps %s of %s to “%s” in %s\n"), batch,
                handoff->plan_path, argv[0], where);
  status = run_agent (root, argv, &error);
  if (prompt_file != NULL)
    g_unlink (prompt_file);
  if (error != NULL)
    return pw_cli_error (PW_EXIT_FAILURE, "next", error);

  report_ticks (file, handoff);
  return status;
}

int
pw_cli_next (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PwPlan) plan = NULL;
  g_autoptr(PwHandoff) handoff = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) root = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *command = NULL;
  gboolean prompt_only = FALSE;
  int count = PW_HANDOFF_DEFAULT_COUNT;
  GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT, &count,
      N_("Hand off N open steps (default: 3)"), N_("N") },
    { "prompt-only", 0, 0, G_OPTION_ARG_NONE, &prompt_only,
      N_("Print the prompt instead of running the agent"), NULL },
    { "agent", 0, 0, G_OPTION_ARG_STRING, &agent,
      N_("The agent command, with {prompt} or {prompt_file}"), N_("COMMAND") },
    { NULL }
  };

  context = g_option_context_new (_("PLAN.md — hand the next open steps of a plan to a "
                                    "coding agent"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pw_cli_usage_error ("next", "%s", error->message);
  if (argc != 2)
    return pw_cli_usage_error ("next", _("Expected one plan file, got %d arguments"), argc - 1);
  if (count < 1 || count > 100)
    return pw_cli_usage_error ("next", _("--count expects a number from 1 to 100, got %d"), count);

  file = g_file_new_for_commandline_arg (argv[1]);
  plan = pw_plan_new ();
  if (!pw_plan_load_file (plan, file, NULL, &error))
    return pw_cli_error (PW_EXIT_USAGE, "next", error);

  root = pw_handoff_find_repository (file);
  relative = g_file_get_relative_path (root, file);
  rules = default_rules (root);
  handoff = pw_handoff_new (plan, relative, count, rules, &error);
  if (handoff == NULL)
    return pw_cli_error (PW_EXIT_FAILURE, "next", error);

  command = prompt_only ? NULL : configured_command (agent);
  if (command != NULL)
    return hand_off (file, root, handoff, command);

  pw_text_print_document (handoff->text, -1);
  if (!prompt_only)
    pw_cli_print (stderr, "%s\n",
                  _("No coding agent is configured, so here is the prompt. To run one, choose it "
                    "in Preferences, pass --agent 'claude {prompt}', or set PLANWRIGHT_AGENT."));
  return PW_EXIT_OK;
}
