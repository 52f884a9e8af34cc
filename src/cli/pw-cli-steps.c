/* pw-cli-steps.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-steps"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pw-cli.h"
#include "pw-plan.h"

/* Parses a 1-based step number given to --done/--undone. */
static gboolean
parse_step_number (const char  *option,
                   const char  *value,
                   guint        n_steps,
                   guint       *number)
{
  guint64 parsed = 0;

  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &parsed, NULL))
    {
      pw_cli_usage_error ("steps", _("%s expects a step number, got “%s”"), option, value);
      return FALSE;
    }

  if (parsed > n_steps)
    {
      pw_cli_usage_error ("steps", _("There is no step %s: the plan has %u steps"), value, n_steps);
      return FALSE;
    }

  *number = (guint)parsed;

  return TRUE;
}

static void
print_plan (PwPlan *plan)
{
  const char *title = pw_plan_get_title (plan);
  guint n_steps = pw_plan_get_n_steps (plan);

  pw_cli_print (stdout, "%s\n", title != NULL ? title : _("(untitled plan)"));
  if (pw_plan_get_has_analysis (plan))
    pw_cli_print (stdout, "%s\n", _("(contains an <analysis> block)"));

  if (pw_plan_get_steps_section (plan) < 0 && n_steps == 0)
    {
      pw_cli_print (stdout, "%s\n", _("No implementation steps section"));
      return;
    }

  for (guint i = 0; i < n_steps; i++)
    {
      const PwPlanStep *step = pw_plan_get_step (plan, i);

      pw_cli_print (stdout, "%3u. [%c] %s\n", step->index, step->done ? 'x' : ' ', step->text);
    }
  pw_cli_print (stdout, ngettext ("%u of %u step done\n", "%u of %u steps done\n", n_steps),
                pw_plan_get_n_done (plan), n_steps);
}

int
pw_cli_steps (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PwPlan) plan = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *done_arg = NULL;
  g_autofree char *undone_arg = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "done", 0, 0, G_OPTION_ARG_STRING, &done_arg,
      N_("Mark step N done and save the file"), N_("N") },
    { "undone", 0, 0, G_OPTION_ARG_STRING, &undone_arg,
      N_("Mark step N not done and save the file"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — list or check off the steps of a plan"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pw_cli_usage_error ("steps", "%s", error->message);

  if (argc != 2)
    return pw_cli_usage_error ("steps", _("Expected one plan file, got %d arguments"), argc - 1);

  if (done_arg != NULL && undone_arg != NULL)
    return pw_cli_usage_error ("steps", _("--done and --undone cannot be used together"));

  file = g_file_new_for_commandline_arg (argv[1]);
  plan = pw_plan_new ();
  if (!pw_plan_load_file (plan, file, NULL, &error))
    return pw_cli_error (PW_EXIT_USAGE, "steps", error);

  if (done_arg != NULL || undone_arg != NULL)
    {
      gboolean done = done_arg != NULL;
      guint number = 0;

      if (!parse_step_number (done ? "--done" : "--undone", done ? done_arg : undone_arg,
                              pw_plan_get_n_steps (plan), &number))
        return PW_EXIT_USAGE;

      if (!pw_plan_set_step_done (plan, number - 1, done))
        {
          g_set_error (&error, PW_PLAN_ERROR, PW_PLAN_ERROR_BAD_STEP,
                       _("Step %u cannot carry a checkbox"), number);
          return pw_cli_error (PW_EXIT_FAILURE, "steps", error);
        }

      if (!pw_plan_save (plan, NULL, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
            {
              g_autoptr(GError) conflict = NULL;

              g_set_error (&conflict, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                           _("%s changed on disk while it was being edited; nothing was written"),
                           argv[1]);
              return pw_cli_error (PW_EXIT_CONFLICT, "steps", conflict);
            }
          return pw_cli_error (PW_EXIT_FAILURE, "steps", error);
        }
    }

  if (json)
    {
      g_autoptr(JsonNode) node = pw_plan_to_json (plan);

      pw_cli_print_json (node);
    }
  else
    {
      print_plan (plan);
    }

  return PW_EXIT_OK;
}
