/* pw-cli-plan.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-plan"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-cli.h"
#include "pw-cli-queue.h"
#include "pw-cli-run.h"
#include "pw-cli-spec-options.h"
#include "pw-plan-run.h"
#include "pw-workspace.h"

/* planwright plan: turns the options into a PwPlanSpec and drives a
 * PwPlanRun, which assembles the prompt, runs it through a provider (the
 * offline draft planner when nothing is configured), writes the plan in
 * exported form and records the history. Following the run (progress on
 * stderr, Ctrl+C, the exit status) is shared with `revise`: pw-cli-run.c.
 */

typedef struct
{
  char         *template_id;
  char         *feature;
  char        **endpoint_keys;
  gboolean      all_unplanned;   /* pw-cli-queue.c */
  PwCliRunArgs  run;
  PwCliSpecOptions inputs;     /* --rules, --input, --prd-section, --without */
} PlanArgs;

static void
plan_args_clear (PlanArgs *args)
{
  g_free (args->template_id);
  g_free (args->feature);
  g_strfreev (args->endpoint_keys);
  pw_cli_run_args_clear (&args->run);
  pw_cli_spec_options_clear (&args->inputs);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlanArgs, plan_args_clear)

/* Parses the options into @args; returns PW_EXIT_OK, or PW_EXIT_USAGE
 * with the reason printed. */
static int
parse_args (int      *argc,
            char   ***argv,
            PlanArgs *args)
{
  g_autoptr(GOptionContext) context = NULL;
  int status;
  GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &args->template_id, N_("Template id"), N_("ID") },
    { "endpoint", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &args->endpoint_keys,
      N_("Endpoint the plan is for (repeat for several)"), N_("\"METHOD /path\"") },
    { "feature", 'f', 0, G_OPTION_ARG_STRING, &args->feature, N_("Feature the plan is for"),
      N_("NAME") },
    { "all-unplanned", 0, 0, G_OPTION_ARG_NONE, &args->all_unplanned,
      N_("Plan every endpoint that has no plan yet, one at a time"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR — write an implementation plan with a model"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pw_cli_run_add_options (context, &args->run,
                          N_("Where to write the plan: auto (the template’s path), a file, "
                             "or - for stdout"),
                          N_("auto|FILE|-"));
  pw_cli_spec_options_add_entries (&args->inputs, context);
  status = pw_cli_parse_folder (context, "plan", argc, argv);
  if (status != PW_EXIT_OK)
    return status;

  if (args->all_unplanned)
    {
      status = pw_cli_queue_check_args (args->feature != NULL || args->endpoint_keys != NULL,
                                        args->run.output);
      return status != PW_EXIT_OK ? status : pw_cli_run_check_options ("plan", &args->run);
    }
  if (args->template_id == NULL)
    return pw_cli_usage_error ("plan", _("Choose a template with --template"));
  if ((args->feature == NULL) == (args->endpoint_keys == NULL))
    return pw_cli_usage_error ("plan", _("Give exactly one of --endpoint and --feature"));

  return pw_cli_run_check_options ("plan", &args->run);
}

static PwPlanSpec *
spec_from_args (PlanArgs *args)
{
  PwPlanSpec *spec = pw_plan_spec_new ();

  spec->template_id = g_steal_pointer (&args->template_id);
  spec->feature = g_steal_pointer (&args->feature);
  spec->endpoints = g_steal_pointer (&args->endpoint_keys);
  pw_cli_run_fill_spec (&args->run, spec);
  pw_cli_spec_options_apply (&args->inputs, spec);
  if (spec->output == NULL)
    spec->output = g_strdup ("auto");

  return spec;
}

int
pw_cli_plan (int    argc,
             char **argv)
{
  g_auto(PlanArgs) args = { NULL, };
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwPlanSpec) spec = NULL;
  g_autoptr(PwPlanRun) run = NULL;
  int status;

  status = parse_args (&argc, &argv, &args);
  if (status != PW_EXIT_OK)
    return status;
  workspace = pw_cli_open_workspace (argv[1], "plan", &status);
  if (workspace == NULL)
    return status;

  if (args.all_unplanned)
    {
      g_autofree char *output = g_strdup (args.run.output);

      spec = spec_from_args (&args);
      return pw_cli_queue_run (workspace, spec, output);
    }

  spec = spec_from_args (&args);
  run = pw_plan_run_new (workspace, spec);
  return pw_cli_run_follow (run, "plan");
}
