/* pw-code-languages.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The languages a plan written from @text will most likely show code in,
 * as GtkSourceView language ids ("typescript", "sql", …), in the order @text
 * first names them, at most @max. Code fences count (```ts), and so do the
 * languages, frameworks and databases a tech stack names (Astro, Supabase).
 * Never NULL. */
char **pw_code_languages_guess (const char *text,
                                guint       max) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
