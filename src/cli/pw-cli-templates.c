/* pw-cli-templates.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-templates"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "pw-cli.h"
#include "pw-template.h"

int
pw_cli_templates (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  g_autoptr(GFile) root = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("[DIR] — list the plan templates"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pw_cli_usage_error ("templates", "%s", error->message);

  if (argc > 2)
    return pw_cli_usage_error ("templates", _("Expected at most one folder, got %d arguments"),
                               argc - 1);

  if (argc == 2)
    {
      root = g_file_new_for_commandline_arg (argv[1]);
      if (g_file_query_file_type (root, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
        return pw_cli_usage_error ("templates", _("“%s” is not a folder"), argv[1]);
    }

  templates = pw_template_load_all (root, errors);

  /* Broken custom templates are reported but do not hide the others. */
  for (guint i = 0; i < errors->len; i++)
    pw_cli_error (PW_EXIT_FAILURE, "templates", g_ptr_array_index (errors, i));

  json_builder_begin_array (builder);
  for (guint i = 0; i < templates->len; i++)
    {
      PwTemplate *t = g_ptr_array_index (templates, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, pw_template_get_id (t));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, pw_template_get_name (t));
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, pw_template_get_description (t)
                                              ? pw_template_get_description (t) : "");
      json_builder_set_member_name (builder, "output");
      json_builder_add_string_value (builder, pw_template_get_output_pattern (t));
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder,
                                     pw_template_subject_to_string (pw_template_get_subject (t)));
      json_builder_set_member_name (builder, "origin");
      json_builder_add_string_value (builder,
                                     pw_template_origin_to_string (pw_template_get_origin (t)));
      json_builder_set_member_name (builder, "file");
      json_builder_add_string_value (builder, pw_template_get_filename (t));
      json_builder_end_object (builder);

      if (!json)
        pw_cli_print (stdout, "%-20s %-11s %-42s %s\n", pw_template_get_id (t),
                      pw_template_origin_to_string (pw_template_get_origin (t)),
                      pw_template_get_output_pattern (t), pw_template_get_name (t));
    }
  json_builder_end_array (builder);

  if (json)
    {
      node = json_builder_get_root (builder);
      pw_cli_print_json (node);
    }

  return errors->len > 0 ? PW_EXIT_FAILURE : PW_EXIT_OK;
}
