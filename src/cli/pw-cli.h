/* pw-cli.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <stdio.h>

#include "pw-types.h"

G_BEGIN_DECLS

/* Exit statuses shared by every subcommand. */
typedef enum
{
  PW_EXIT_OK = 0,
  PW_EXIT_FAILURE = 1,
  PW_EXIT_USAGE = 2,
  PW_EXIT_AUTH = 3,
  PW_EXIT_RATE_LIMITED = 4,
  PW_EXIT_SERVER = 5,
  PW_EXIT_PROTOCOL = 6,
  PW_EXIT_CONFLICT = 7,
  PW_EXIT_REFUSED = 8,
  PW_EXIT_TRUNCATED = 9,
  PW_EXIT_CANCELLED = 130,
} PwExitStatus;

typedef int (*PwCliCommandFunc) (int    argc,
                                 char **argv);

gboolean pw_cli_is_command    (const char *name);
int      pw_cli_run           (int         argc,
                               char      **argv);
int      pw_cli_usage_error   (const char *command,
                               const char *format,
                               ...) G_GNUC_PRINTF (2, 3);
int      pw_cli_error         (int         status,
                               const char *command,
                               GError     *error);
void     pw_cli_print_json    (gpointer    json_node);
void     pw_cli_print         (FILE       *stream,
                               const char *format,
                               ...) G_GNUC_PRINTF (2, 3);
int      pw_cli_parse_folder  (GOptionContext *context,
                               const char     *command,
                               int            *argc,
                               char         ***argv);
PwWorkspace *pw_cli_open_workspace (const char *path,
                                    const char *command,
                                    int        *status) G_GNUC_WARN_UNUSED_RESULT;
char    *pw_cli_print_help    (void) G_GNUC_WARN_UNUSED_RESULT;
void     pw_cli_store_result_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      result_out);

/* Subcommands, one file each: pw-cli-<name>.c */
int pw_cli_documents (int argc, char **argv);
int pw_cli_endpoints (int argc, char **argv);
int pw_cli_steps (int argc, char **argv);
int pw_cli_templates (int argc, char **argv);
int pw_cli_prompt (int argc, char **argv);
int pw_cli_lint (int argc, char **argv);
int pw_cli_export (int argc, char **argv);
int pw_cli_plan (int argc, char **argv);
int pw_cli_next (int argc, char **argv);
int pw_cli_status (int argc, char **argv);
int pw_cli_revise (int argc, char **argv);

G_END_DECLS
