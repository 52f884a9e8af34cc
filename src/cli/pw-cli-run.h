/* pw-cli-run.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-plan-run.h"

G_BEGIN_DECLS

/* What the commands that run a model (plan, revise) share: the provider
 * options, following a PwPlanRun on stderr, and the exit status for the
 * way it ended. */

typedef struct
{
  char     *profile_name;
  char     *provider_kind;
  char     *base_url;
  char     *model;
  char     *output;
  gboolean  force;
} PwCliRunArgs;

void pw_cli_run_args_clear       (PwCliRunArgs   *args);
void pw_cli_run_add_options      (GOptionContext *context,
                                  PwCliRunArgs   *args,
                                  const char     *output_help,
                                  const char     *output_arg);
int  pw_cli_run_check_options    (const char     *command,
                                  PwCliRunArgs   *args);
void pw_cli_run_fill_spec        (PwCliRunArgs   *args,
                                  PwPlanSpec     *spec);
int  pw_cli_run_follow           (PwPlanRun      *run,
                                  const char     *command);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PwCliRunArgs, pw_cli_run_args_clear)

G_END_DECLS
