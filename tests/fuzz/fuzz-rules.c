/* fuzz-rules.c: libFuzzer target for rule files (front matter, ranking)
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pw-rules.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The input is a rule file's text; its first line also serves as a glob
 * and as a tech stack, so that every entry point sees hostile bytes. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *first = g_strndup (text, strcspn (text, "\n"));
  g_autoptr(PwRulesContext) context = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_rule_free);
  g_autoptr(GPtrArray) chosen = NULL;
  g_auto(PwRulesFrontMatter) front_matter = { 0 };
  g_autoptr(GError) error = NULL;
  PwRule *rule;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);

  if (!pw_rules_parse_front_matter ((const char *) data, size, &front_matter, &error))
    g_assert (error != NULL && error->domain == PW_RULES_ERROR);

  g_ptr_array_add (files, (gpointer) "src/pages/api/books.ts");
  g_ptr_array_add (files, first);
  context = pw_rules_context_new (first, files);

  rule = pw_rule_new (".cursor/rules/backend.mdc", (const char *) data, size);
  pw_rule_rank (rule, context);
  g_ptr_array_add (rules, rule);
  chosen = pw_rules_choose (rules);
  g_assert (chosen->len <= 1);

  {
    g_autofree char *why = pw_rules_describe (rule);

    g_assert (why != NULL && why[0] != '\0');
  }

  (void) pw_rules_glob_match (first, "src/lib/services/a/b.ts");
  (void) pw_rules_is_backend_path (first);

  return 0;
}
