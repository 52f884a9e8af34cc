/* pw-blocks.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-blocks.h"
#include "pw-plan.h"

/* STUB: to be written. */

struct _PwBlock
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (PwBlock, pw_block, G_TYPE_OBJECT)

static void pw_block_class_init (PwBlockClass *klass) { }
static void pw_block_init (PwBlock *self) { }

PwBlockKind pw_block_get_kind (PwBlock *self) { return PW_BLOCK_PARAGRAPH; }
guint pw_block_get_level (PwBlock *self) { return 0; }
guint pw_block_get_depth (PwBlock *self) { return 0; }
guint pw_block_get_quote_depth (PwBlock *self) { return 0; }
const char *pw_block_get_marker (PwBlock *self) { return NULL; }
PwBlockTask pw_block_get_task (PwBlock *self) { return PW_BLOCK_TASK_NONE; }
const char *pw_block_get_markup (PwBlock *self) { return ""; }
const char *pw_block_get_text (PwBlock *self) { return ""; }
const char *pw_block_get_language (PwBlock *self) { return NULL; }
guint pw_block_get_line (PwBlock *self) { return 1; }
gsize pw_block_get_start (PwBlock *self) { return 0; }
gsize pw_block_get_end (PwBlock *self) { return 0; }
guint pw_block_get_n_rows (PwBlock *self) { return 0; }
guint pw_block_get_n_columns (PwBlock *self) { return 0; }
const char *pw_block_get_cell_markup (PwBlock *self, guint row, guint column) { return NULL; }
gint pw_block_get_step (PwBlock *self) { return -1; }
void pw_block_set_step (PwBlock *self, gint step) { }
gboolean pw_block_equal (PwBlock *a, PwBlock *b) { return a == b; }
GPtrArray *pw_blocks_parse (const char *text, gsize length, gsize offset, guint first_line)
{ return g_ptr_array_new_with_free_func (g_object_unref); }
gsize pw_blocks_stable_end (const char *text, gsize length) { return 0; }
void pw_blocks_bind_steps (GPtrArray *blocks, PwPlan *plan) { }
