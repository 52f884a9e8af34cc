/* pw-md-restart.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a re-parse of a growing markdown text may restart.
 *
 * A model built from md4c's report of a text that only grows (a streamed
 * plan) need not parse it from the top on every update: it may restart at
 * the line start of a construct that md4c reported directly under the
 * document (a heading, a top-level block, a top-level list item), once the
 * first line of that construct is complete. Nothing appended later can join
 * that line to what precedes it, so the text before it parses the same
 * whatever comes, and a parse that starts there reports what a parse from
 * the top reports from there on. Each model chooses which constructs it
 * offers (what its records depend on); the rule that takes a candidate is
 * this one, so the two md4c models (PwPlan and the rendering blocks) agree
 * on it. Link reference definitions are the exception (global in
 * CommonMark): a finished text is parsed once more from the top. */
gboolean pw_md_restart_advance (gsize      *restart,
                                const char *text,
                                gsize       length,
                                gsize       start);

G_END_DECLS
