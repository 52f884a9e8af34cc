/* pw-cli-lint.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-lint"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pw-cli.h"
#include "pw-file-io.h"
#include "pw-lint.h"
#include "pw-stale.h"
#include "pw-template.h"
#include "pw-workspace.h"

/* The template a plan most likely follows, from its file name. */
static const char *
guess_template (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return strstr (base, "endpoints-plan") != NULL ? PW_TEMPLATE_ID_ENDPOINTS_PLAN
                                                 : PW_TEMPLATE_ID_FEATURE_PLAN;
}

/* A warning per input that changed since the plan was written, when the
 * plan lies in a repository and records its inputs. */
static void
add_stale_warnings (GFile     *repo,
                    GFile     *file,
                    GPtrArray *issues)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwStaleReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *relative = g_file_get_relative_path (repo, file);

  workspace = relative != NULL ? pw_workspace_open (repo, NULL, &error) : NULL;
  if (workspace != NULL)
    report = pw_stale_check_file (workspace, relative, NULL, NULL, &error);
  if (report != NULL)
    pw_stale_add_lint_issues (report, issues);
  else if (error != NULL)
    g_debug ("Staleness not checked: %s", error->message);
}

int
pw_cli_lint (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) repo = NULL;
  g_autofree char *template_id = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_id,
      N_("Template the plan follows (default: from the file name)"), N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — check an implementation plan"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pw_cli_usage_error ("lint", "%s", error->message);

  if (argc != 2)
    return pw_cli_usage_error ("lint", _("Expected one file, got %d arguments"), argc - 1);

  file = g_file_new_for_commandline_arg (argv[1]);
  if (!pw_file_read (file, PW_FILE_MAX_SIZE, &contents, &length, NULL, &error))
    return pw_cli_error (PW_EXIT_USAGE, "lint", error);

  /* Custom templates of the repository: the plan usually sits in <repo>/.ai/. */
  {
    g_autoptr(GFile) parent = g_file_get_parent (file);

    if (parent != NULL)
      {
        g_autofree char *name = g_file_get_basename (parent);

        if (name != NULL && g_str_equal (name, ".ai"))
          repo = g_file_get_parent (parent);
      }
  }

  template = pw_template_lookup (repo, template_id ? template_id : guess_template (argv[1]),
                                 &error);
  if (template == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "lint", error);

  issues = pw_lint_check (contents, length, template);
  if (repo != NULL)
    add_stale_warnings (repo, file, issues);

  if (json)
    {
      g_autoptr(JsonNode) node = pw_lint_issues_to_json (issues);

      pw_cli_print_json (node);
    }
  else
    {
      for (guint i = 0; i < issues->len; i++)
        {
          PwLintIssue *issue = g_ptr_array_index (issues, i);

          pw_cli_print (stdout, "%s:%u: %s: %s [%s]\n", argv[1], issue->line,
                        issue->severity == PW_LINT_SEVERITY_ERROR ? _("error") : _("warning"),
                        issue->message, issue->code);
        }
    }

  return pw_lint_has_errors (issues) ? PW_EXIT_FAILURE : PW_EXIT_OK;
}
