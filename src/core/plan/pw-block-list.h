/* pw-block-list.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-blocks.h"
#include "pw-plan.h"

G_BEGIN_DECLS

#define PW_TYPE_BLOCK_LIST (pw_block_list_get_type ())

G_DECLARE_FINAL_TYPE (PwBlockList, pw_block_list, PW, BLOCK_LIST, GObject)

/* The rendering blocks of a markdown text (pw-blocks.h) as a #GListModel of
 * #PwBlock that follows the text as it changes: always the blocks a
 * one-shot parse of the whole text gives, with each change reported as
 * the smallest splice that makes them so.
 *
 * - pw_block_list_append() takes a text that only grew (a stream) and parses
 *   again only from the last stable point (pw-md-restart.h);
 *   pw_block_list_set_text() parses the whole text (an edit).
 * - Blocks equal to the ones in the list stay the same objects at either
 *   end of a splice; the first block that differs keeps its place and takes
 *   the new contents when only its contents changed (a streamed paragraph
 *   growing: pw_block_take_contents(), PwBlock::changed), so only what
 *   changed is reported.
 * - With a plan (pw_block_list_set_plan()), the list reads the plan's text on
 *   pw_block_list_update(): it appends when the text only grew since the last
 *   update and parses it whole after an edit, or when the plan finished if
 *   its text has a `]:` (a link reference definition may resolve links
 *   before it); <analysis>
 *   blocks are blanked (newlines kept, so offsets and lines stay the plan's)
 *   and steps are bound (pw_blocks_bind_steps()). */
PwBlockList *pw_block_list_new       (void) G_GNUC_WARN_UNUSED_RESULT;
void         pw_block_list_set_text  (PwBlockList *self,
                                      const char  *text,
                                      gsize        length);
void         pw_block_list_append    (PwBlockList *self,
                                      const char  *text,
                                      gsize        length);
PwPlan      *pw_block_list_get_plan  (PwBlockList *self);
void         pw_block_list_set_plan  (PwBlockList *self,
                                      PwPlan      *plan);
void         pw_block_list_update    (PwBlockList *self);
PwBlock     *pw_block_list_get_block (PwBlockList *self,
                                      guint        position);
guint        pw_block_list_find_line (PwBlockList *self,
                                      guint        line);

G_END_DECLS
