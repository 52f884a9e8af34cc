/* pw-cli-endpoints.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-endpoints"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pw-cli.h"
#include "pw-endpoints.h"
#include "pw-file-io.h"
#include "pw-openapi.h"
#include "pw-workspace.h"

/* Reads the API plan of a repository folder; @file gets its relative path. */
static char *
read_workspace_spec (GFile   *root,
                     gsize   *length,
                     char   **file,
                     GError **error)
{
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autofree char *name = NULL;
  PwDocument *document;

  workspace = pw_workspace_open (root, NULL, error);
  if (workspace == NULL)
    return NULL;

  document = pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC);
  if (document == NULL)
    {
      name = g_file_get_parse_name (root);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No REST API plan (.ai/api-plan.md) found in “%s”"), name);
      return NULL;
    }

  if (!pw_document_get_loaded (document) && !pw_document_load (document, NULL, error))
    return NULL;

  *length = pw_document_get_length (document);
  *file = g_strdup (pw_document_get_relative_path (document));

  return g_memdup2 (pw_document_get_text (document), *length + 1);
}

static char *
read_spec_file (GFile       *location,
                const char  *given_name,
                gsize       *length,
                char       **file,
                GError     **error)
{
  g_autofree char *contents = NULL;
  const char *body;
  gsize body_length;

  if (!pw_file_read (location, PW_OPENAPI_MAX_SIZE, &contents, length, NULL, error))
    return NULL;

  body = contents;
  body_length = *length;
  if (body_length >= 3 && memcmp (body, "\xEF\xBB\xBF", 3) == 0)
    {
      body += 3;
      body_length -= 3;
    }

  if (!g_utf8_validate_len (body, body_length, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not valid UTF-8 text"), given_name);
      return NULL;
    }

  *file = g_strdup (given_name);

  return g_steal_pointer (&contents);
}

static void
print_table (GPtrArray *endpoints)
{
  int path_width = 4;

  if (endpoints->len == 0)
    {
      pw_cli_print (stdout, "%s\n", _("No endpoints found."));
      return;
    }

  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      path_width = MAX (path_width, (int) g_utf8_strlen (endpoint->path, -1));
    }
  path_width = MIN (path_width, 60);

  /* Translators: column headings of `planwright endpoints` */
  pw_cli_print (stdout, "%-7s %-*s %5s  %s\n", _("METHOD"), path_width, _("PATH"), _("LINE"),
                _("TITLE"));
  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      pw_cli_print (stdout, "%-7s %-*s %5u  %s\n", endpoint->method, path_width, endpoint->path,
                    endpoint->line, endpoint->title != NULL ? endpoint->title : "");
    }
}

int
pw_cli_endpoints (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) location = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file = NULL;
  gsize length = 0;
  gboolean json = FALSE;
  GFileType type;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR|FILE — list the endpoints a REST API plan defines"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pw_cli_usage_error ("endpoints", "%s", error->message);

  if (argc != 2)
    return pw_cli_usage_error ("endpoints", _("Expected one folder or file, got %d arguments"),
                               argc - 1);

  location = g_file_new_for_commandline_arg (argv[1]);
  type = g_file_query_file_type (location, G_FILE_QUERY_INFO_NONE, NULL);

  switch (type)
    {
    case G_FILE_TYPE_DIRECTORY:
      text = read_workspace_spec (location, &length, &file, &error);
      break;
    case G_FILE_TYPE_REGULAR:
    case G_FILE_TYPE_SYMBOLIC_LINK:
    case G_FILE_TYPE_SPECIAL:
    case G_FILE_TYPE_SHORTCUT:
    case G_FILE_TYPE_MOUNTABLE:
      text = read_spec_file (location, argv[1], &length, &file, &error);
      break;
    case G_FILE_TYPE_UNKNOWN:
    default:
      return pw_cli_usage_error ("endpoints", _("“%s” does not exist"), argv[1]);
    }

  if (text == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "endpoints", error);

  endpoints = pw_api_spec_extract (text, length, file, &error);
  if (endpoints == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "endpoints", error);
  g_debug ("%u endpoints in %s", endpoints->len, file);

  if (json)
    {
      g_autoptr(JsonNode) node = pw_endpoints_to_json (endpoints);

      pw_cli_print_json (node);
    }
  else
    {
      print_table (endpoints);
    }

  return PW_EXIT_OK;
}
