/* pw-cli-export.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-export"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pw-cli.h"
#include "pw-export.h"
#include "pw-file-io.h"
#include "pw-template.h"
#include "pw-utils.h"
#include "pw-workspace.h"

int
pw_cli_export (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(GFile) plan_file = NULL;
  g_autoptr(GFile) root = NULL;
  g_autofree char *template_id = NULL;
  g_autofree char *feature = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *output = NULL;
  g_autofree char *model = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *target = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plan_hash = NULL;
  g_autofree char *plan_input = NULL;
  const char *inputs[2] = { NULL, NULL };
  PwProvenance prov = { NULL, };
  gboolean force = FALSE;
  gsize length = 0;
  GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_id, N_("Template id"), N_("ID") },
    { "feature", 'f', 0, G_OPTION_ARG_STRING, &feature, N_("Feature the plan is for"),
      N_("NAME") },
    { "endpoint", 'e', 0, G_OPTION_ARG_STRING, &endpoint, N_("Endpoint the plan is for"),
      N_("ENDPOINT") },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &output,
      N_("Repository-relative target instead of the template’s"), N_("REL") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model, N_("Model that wrote the plan"),
      N_("MODEL") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace an existing file"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("PLANFILE DIR — save a plan into a repository"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pw_cli_usage_error ("export", "%s", error->message);

  if (argc != 3)
    return pw_cli_usage_error ("export", _("Expected a plan file and a folder, got %d arguments"),
                               argc - 1);
  if (template_id == NULL)
    return pw_cli_usage_error ("export", _("Choose a template with --template"));
  if ((feature == NULL) == (endpoint == NULL))
    return pw_cli_usage_error ("export", _("Give exactly one of --feature and --endpoint"));

  plan_file = g_file_new_for_commandline_arg (argv[1]);
  if (!pw_file_read (plan_file, PW_FILE_MAX_SIZE, &contents, &length, NULL, &error))
    return pw_cli_error (PW_EXIT_USAGE, "export", error);

  root = g_file_new_for_commandline_arg (argv[2]);
  workspace = pw_workspace_open (root, NULL, &error);
  if (workspace == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "export", error);

  template = pw_template_lookup (root, template_id, &error);
  if (template == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "export", error);

  target = output != NULL ? g_strdup (output)
                          : pw_export_target_path (template, feature ? feature : endpoint);
  if (target == NULL)
    return pw_cli_usage_error ("export", _("“%s” gives an empty file name"),
                               feature ? feature : endpoint);

  /* Without the session's inputs at hand, record the plan's own hash. */
  plan_hash = pw_sha256_hex (contents, length);
  plan_input = g_strdup_printf ("plan:sha256:%s", plan_hash);
  inputs[0] = plan_input;
  prov.template_id = pw_template_get_id (template);
  prov.model = model;
  prov.inputs = inputs;

  text = pw_export_render_text (contents, length, template, &prov);
  if (!pw_export_write (workspace, target, text, force, &error))
    {
      if (g_error_matches (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT))
        {
          g_autofree char *message = g_strdup_printf (_("%s (use --force to replace it)"),
                                                      error->message);

          g_free (error->message);
          error->message = g_steal_pointer (&message);
          return pw_cli_error (PW_EXIT_CONFLICT, "export", error);
        }
      if (g_error_matches (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE))
        return pw_cli_error (PW_EXIT_USAGE, "export", error);
      return pw_cli_error (PW_EXIT_FAILURE, "export", error);
    }

  pw_cli_print (stdout, "%s\n", target);
  return PW_EXIT_OK;
}
