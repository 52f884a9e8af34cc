/* pw-cli-documents.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-documents"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "pw-cli.h"
#include "pw-workspace.h"

static void
print_paths (JsonObject *object,
             const char *member,
             const char *label)
{
  JsonArray *paths = json_object_get_array_member (object, member);

  for (guint i = 0; i < json_array_get_length (paths); i++)
    pw_cli_print (stdout, "  %-11s %s\n", label, json_array_get_string_element (paths, i));
}

/* Each rules file with whether it is chosen by default, and why. */
static void
print_rules (JsonObject *object)
{
  JsonArray *rules = json_object_get_array_member (object, "rule_files");

  for (guint i = 0; i < json_array_get_length (rules); i++)
    {
      JsonObject *rule = json_array_get_object_element (rules, i);
      const char *path = json_object_get_string_member (rule, "path");
      const char *reason = json_object_get_string_member (rule, "reason");

      if (json_object_get_boolean_member (rule, "default"))
        pw_cli_print (stdout, _("  %-11s %s (default: %s)\n"), "rules", path, reason);
      else
        pw_cli_print (stdout, _("  %-11s %s (not chosen: %s)\n"), "rules", path, reason);
    }
}

/* The API descriptions found beside the chosen one, with their format. */
static void
print_other_specs (JsonObject *object)
{
  JsonArray *specs = json_object_get_array_member (object, "api_specs");

  for (guint i = 1; i < json_array_get_length (specs); i++)
    {
      JsonObject *spec = json_array_get_object_element (specs, i);

      pw_cli_print (stdout, _("  %-11s %s (%s, also found)\n"), "api_spec",
                    json_object_get_string_member (spec, "path"),
                    json_object_get_string_member (spec, "format"));
    }
}

/* Documents that are links out of the repository: never read. */
static void
print_outside (JsonObject *object)
{
  JsonArray *paths = json_object_get_array_member (object, "outside");

  for (guint i = 0; i < json_array_get_length (paths); i++)
    pw_cli_print (stdout, _("  %-11s %s (a link out of the repository: not read)\n"),
                  "outside", json_array_get_string_element (paths, i));
}

int
pw_cli_documents (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean json = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR — list the planning documents of a repository"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  status = pw_cli_parse_folder (context, "documents", &argc, &argv);
  if (status != PW_EXIT_OK)
    return status;

  workspace = pw_cli_open_workspace (argv[1], "documents", &status);
  if (workspace == NULL)
    return status;

  node = pw_workspace_to_json (workspace);
  if (json)
    {
      pw_cli_print_json (node);
    }
  else
    {
      JsonObject *object = json_node_get_object (node);
      const char *roles[] = { "prd", "tech_stack", "api_spec", "db_plan" };

      pw_cli_print (stdout, "%s\n", json_object_get_string_member (object, "root"));
      for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
        {
          const char *path = json_object_get_null_member (object, roles[i])
                             ? _("(none)")
                             : json_object_get_string_member (object, roles[i]);
          pw_cli_print (stdout, "  %-11s %s\n", roles[i], path);
        }
      print_other_specs (object);
      print_rules (object);
      print_paths (object, "plans", "plan");
      print_outside (object);
    }

  return PW_EXIT_OK;
}
