/* fuzz-template.c: libFuzzer target for the template parser
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "pw-lint.h"
#include "pw-template.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwTemplate) t = NULL;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);

  t = pw_template_new_from_data ((const char *)data, size, "fuzz.md",
                                 PW_TEMPLATE_ORIGIN_USER, &error);
  if (t == NULL)
    {
      g_assert (error != NULL && error->domain == PW_TEMPLATE_ERROR);
      return 0;
    }

  /* Use what was parsed: matching, output and a lint of the body with it. */
  {
    g_autofree char *output = pw_template_expand_output (t, "GET /api/x/{id}");
    g_autoptr(GPtrArray) issues = NULL;

    for (guint i = 0; i < pw_template_get_n_sections (t); i++)
      g_assert (pw_template_match_section (t, pw_template_get_section_name (t, i)) >= 0);

    issues = pw_lint_check (pw_template_get_body (t), -1, t);
    g_assert (issues != NULL);
  }

  return 0;
}
