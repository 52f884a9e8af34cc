/* pw-cli-spec-options.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pw-planning.h"

G_BEGIN_DECLS

/*
 * The options that choose a prompt's inputs, shared by `planwright prompt`
 * and `planwright plan`: --rules, --input, --prd-section and --without,
 * each repeatable.
 */
typedef struct
{
  char **rules;
  char **inputs;
  char **prd_sections;
  char **without;
} PwCliSpecOptions;

void pw_cli_spec_options_add_entries (PwCliSpecOptions *options,
                                      GOptionContext   *context);
void pw_cli_spec_options_apply       (PwCliSpecOptions *options,
                                      PwPlanSpec       *spec);
void pw_cli_spec_options_clear       (PwCliSpecOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PwCliSpecOptions, pw_cli_spec_options_clear)

G_END_DECLS
