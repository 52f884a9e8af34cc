/* pw-cli-spec-options.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-spec-options"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-cli-spec-options.h"

/**
 * pw_cli_spec_options_add_entries:
 * @options: where the parsed values go; it must outlive the parsing
 * @context: the command's option context
 *
 * Adds --rules, --input, --prd-section and --without to @context's main
 * group.
 */
void
pw_cli_spec_options_add_entries (PwCliSpecOptions *options,
                                 GOptionContext   *context)
{
  GOptionEntry entries[] = {
    { "rules", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &options->rules,
      N_("Rules file to use instead of the default (repeatable)"), N_("FILE") },
    { "input", 'i', 0, G_OPTION_ARG_FILENAME_ARRAY, &options->inputs,
      N_("File or folder of the repository (relative to it) to add to the prompt: types, "
         "services, an endpoint to imitate (repeatable)"), N_("PATH") },
    { "prd-section", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->prd_sections,
      N_("Narrow the PRD to the section with this heading (repeatable)"), N_("TITLE") },
    { "without", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->without,
      N_("Leave an input out: prd, tech-stack, api-spec, api-spec#auth (a global section of "
         "the API plan), db-plan, a rules file or an added file (repeatable)"),
      N_("INPUT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/* Moves the parsed values into @spec, which takes them. */
void
pw_cli_spec_options_apply (PwCliSpecOptions *options,
                           PwPlanSpec       *spec)
{
  g_strfreev (spec->rules);
  spec->rules = g_steal_pointer (&options->rules);
  g_strfreev (spec->inputs);
  spec->inputs = g_steal_pointer (&options->inputs);
  g_strfreev (spec->prd_sections);
  spec->prd_sections = g_steal_pointer (&options->prd_sections);
  g_strfreev (spec->disabled_inputs);
  spec->disabled_inputs = g_steal_pointer (&options->without);
}

void
pw_cli_spec_options_clear (PwCliSpecOptions *options)
{
  g_clear_pointer (&options->rules, g_strfreev);
  g_clear_pointer (&options->inputs, g_strfreev);
  g_clear_pointer (&options->prd_sections, g_strfreev);
  g_clear_pointer (&options->without, g_strfreev);
}
