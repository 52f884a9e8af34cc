/* pw-cli-prompt.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-prompt"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pw-cli.h"
#include "pw-cli-spec-options.h"
#include "pw-planning.h"
#include "pw-prompt.h"
#include "pw-template.h"
#include "pw-utils.h"
#include "pw-workspace.h"

/* The prompt on stdout; its warnings, and with @stats its sizes, on stderr. */
static void
print_prompt (PwPromptResult *result,
              gboolean        stats)
{
  pw_text_print_document (result->text, result->bytes);

  for (guint i = 0; i < result->warnings->len; i++)
    pw_cli_print (stderr, _("planwright prompt: warning: %s\n"),
                  (const char *)g_ptr_array_index (result->warnings, i));

  if (stats)
    {
      g_autofree char *table = pw_prompt_result_format_stats (result);
      g_autofree char *shown = pw_text_escape_controls (table, -1, PW_ESCAPE_KEEP_LINES);

      fputs (shown, stderr);
    }
}

int
pw_cli_prompt (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_auto(PwCliSpecOptions) options = { 0, };
  g_autofree char *template_id = NULL;
  g_autofree char *feature = NULL;
  g_auto(GStrv) endpoints = NULL;
  gboolean stats = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_id, N_("Template id"), N_("ID") },
    { "endpoint", 'e', 0, G_OPTION_ARG_STRING_ARRAY, &endpoints,
      N_("Endpoint to plan, e.g. “GET /api/books/{id}” (repeatable)"), N_("ENDPOINT") },
    { "feature", 'f', 0, G_OPTION_ARG_STRING, &feature, N_("Feature to plan"), N_("NAME") },
    { "stats", 0, 0, G_OPTION_ARG_NONE, &stats,
      N_("Print sizes, token estimates and each input’s share to stderr"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR — print the prompt for a planning session"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pw_cli_spec_options_add_entries (&options, context);
  status = pw_cli_parse_folder (context, "prompt", &argc, &argv);
  if (status != PW_EXIT_OK)
    return status;
  if (template_id == NULL)
    return pw_cli_usage_error ("prompt", _("Choose a template with --template"));
  if (feature == NULL && endpoints == NULL)
    return pw_cli_usage_error ("prompt", _("Choose --endpoint or --feature"));

  workspace = pw_cli_open_workspace (argv[1], "prompt", &status);
  if (workspace == NULL)
    return status;

  template = pw_template_lookup (pw_workspace_get_root (workspace), template_id, &error);
  if (template == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "prompt", error);

  spec->feature = g_steal_pointer (&feature);
  spec->endpoints = g_steal_pointer (&endpoints);
  pw_cli_spec_options_apply (&options, spec);
  request = pw_plan_spec_to_request (spec, template);

  result = pw_prompt_assemble (workspace, request, &error);
  if (result == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "prompt", error);

  print_prompt (result, stats);

  return PW_EXIT_OK;
}
