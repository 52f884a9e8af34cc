/* pw-blocks.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "pw-types.h"

G_BEGIN_DECLS

/**
 * PwBlockKind:
 * @PW_BLOCK_HEADING: an ATX or setext heading (see pw_block_get_level())
 * @PW_BLOCK_PARAGRAPH: a paragraph, possibly inside a block quote
 * @PW_BLOCK_LIST_ITEM: the first paragraph of a list item, with its marker;
 *   later paragraphs of the item are %PW_BLOCK_PARAGRAPH with the item's depth
 * @PW_BLOCK_CODE: a fenced or indented code block
 * @PW_BLOCK_TABLE: a GFM table
 * @PW_BLOCK_RULE: a thematic break
 * @PW_BLOCK_HTML: a raw HTML block, shown literally
 *
 * What one rendered block of markdown is.
 */
typedef enum
{
  PW_BLOCK_HEADING,
  PW_BLOCK_PARAGRAPH,
  PW_BLOCK_LIST_ITEM,
  PW_BLOCK_CODE,
  PW_BLOCK_TABLE,
  PW_BLOCK_RULE,
  PW_BLOCK_HTML,
} PwBlockKind;

/**
 * PwBlockTask:
 * @PW_BLOCK_TASK_NONE: not a task item
 * @PW_BLOCK_TASK_OPEN: `- [ ]`
 * @PW_BLOCK_TASK_DONE: `- [x]`
 */
typedef enum
{
  PW_BLOCK_TASK_NONE,
  PW_BLOCK_TASK_OPEN,
  PW_BLOCK_TASK_DONE,
} PwBlockTask;

#define PW_TYPE_BLOCK (pw_block_get_type ())

G_DECLARE_FINAL_TYPE (PwBlock, pw_block, PW, BLOCK, GObject)

/* Accessors. Markup is Pango markup in which every character of the source
 * text is escaped; the only tags are <b>, <i>, <s>, <tt> and <a href> for
 * http(s) links (other links keep their text, unlinked). Text is the text
 * without markup: a code block's as written, in markup kinds with control
 * characters other than tab and newline as U+FFFD (a table's: its cells,
 * tab-separated, a newline after each row). A block
 * keeps one of the two and derives the other on the first call.
 * The indent is the number of lists around the block (0 outside lists);
 * a paragraph that continues an item has its item's depth + 1. */
PwBlockKind  pw_block_get_kind        (PwBlock    *self);
guint        pw_block_get_level       (PwBlock    *self);
guint        pw_block_get_depth       (PwBlock    *self);
guint        pw_block_get_quote_depth (PwBlock    *self);
guint        pw_block_get_indent      (PwBlock    *self);
const char  *pw_block_get_marker      (PwBlock    *self);
PwBlockTask  pw_block_get_task        (PwBlock    *self);
const char  *pw_block_get_markup      (PwBlock    *self);
const char  *pw_block_get_text        (PwBlock    *self);
const char  *pw_block_get_language    (PwBlock    *self);
guint        pw_block_get_line        (PwBlock    *self);
gsize        pw_block_get_start       (PwBlock    *self);
gsize        pw_block_get_end         (PwBlock    *self);
guint        pw_block_get_n_rows      (PwBlock    *self);
guint        pw_block_get_n_columns   (PwBlock    *self);
const char  *pw_block_get_cell_markup (PwBlock    *self,
                                       guint       row,
                                       guint       column);
gint         pw_block_get_step        (PwBlock    *self);
void         pw_block_set_step        (PwBlock    *self,
                                       gint        step);
gboolean     pw_block_same_shape      (PwBlock    *a,
                                       PwBlock    *b);
void         pw_block_take_contents   (PwBlock    *self,
                                       PwBlock    *from);
gboolean     pw_block_equal           (PwBlock    *a,
                                       PwBlock    *b);

/* Parsing (md4c, GFM tables, task lists, strikethrough). @text is the whole
 * buffer; parsing starts at @offset, which must be a line start, and block
 * offsets/lines stay absolute (@first_line is the 1-based line at @offset).
 * Returns a #GPtrArray of #PwBlock, owning them. */
GPtrArray   *pw_blocks_parse          (const char *text,
                                       gsize       length,
                                       gsize       offset,
                                       guint       first_line) G_GNUC_WARN_UNUSED_RESULT;

/* Like pw_blocks_parse(), and also returns what pw_blocks_stable_end()
 * would, with its 1-based line, so a stream costs one parse per update. */
GPtrArray   *pw_blocks_parse_stream   (const char *text,
                                       gsize       length,
                                       gsize       offset,
                                       guint       first_line,
                                       gsize      *stable_end,
                                       guint      *stable_line) G_GNUC_WARN_UNUSED_RESULT;

/* The offset (a line start) before which appending more text can no longer
 * change the blocks: the start of the last top-level block that may still
 * grow. Streaming re-parses only from there. */
gsize        pw_blocks_stable_end     (const char *text,
                                       gsize       length);

/* Sets each block's step (pw_block_set_step) from @plan's steps, matching
 * list items and headings by line; others get -1. */
void         pw_blocks_bind_steps     (GPtrArray  *blocks,
                                       PwPlan     *plan);

G_END_DECLS
