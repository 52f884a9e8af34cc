/* pw-cli-status.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-status"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pw-cli.h"
#include "pw-coverage.h"
#include "pw-workspace.h"

/* Prints line by line: the spec's text (endpoint titles, paths) goes
 * through pw_cli_print(). */
static void
print_text (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i + 1] == NULL && *lines[i] == '\0')
        break;
      pw_cli_print (stdout, "%s\n", lines[i]);
    }
}

int
pw_cli_status (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwCoverage) coverage = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR — show which endpoints have a plan and how far each is"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = pw_cli_parse_folder (context, "status", &argc, &argv);
  if (status != PW_EXIT_OK)
    return status;

  workspace = pw_cli_open_workspace (argv[1], "status", &status);
  if (workspace == NULL)
    return status;

  coverage = pw_coverage_compute (workspace, NULL, &error);
  if (coverage == NULL)
    return pw_cli_error (PW_EXIT_FAILURE, "status", error);

  if (json)
    {
      g_autoptr(JsonNode) node = pw_coverage_to_json (coverage);

      pw_cli_print_json (node);
    }
  else
    {
      g_autofree char *text = pw_coverage_format (coverage);

      print_text (text);
    }

  return PW_EXIT_OK;
}
