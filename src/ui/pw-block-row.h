/* pw-block-row.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PW_TYPE_BLOCK_ROW (pw_block_row_get_type ())

G_DECLARE_FINAL_TYPE (PwBlockRow, pw_block_row, PW, BLOCK_ROW, GtkWidget)

/* A row of the plan view: an optional prefix (a step's check button, a list
 * marker) and the block's content beside it.
 *
 * It exists for the cost of measuring. A row of a list is measured for its
 * width and then for its height at the list's width; a wrapping GtkLabel
 * answers the first by laying its text out twice, once with a break at
 * every opportunity. A row whose content wraps (pw_block_row_set_content()
 * with @wraps) does not ask it: it takes the width it is given, and the
 * label lays its text out once, at that width.
 *
 * A row that shows a plan step has the step's check button as its prefix
 * and knows the step (pw_block_row_set_step()).
 *
 * A row can also be a placeholder: no widgets, only a height (the block's
 * last measured one, or an estimate), for blocks far from the screen. */
GtkWidget *pw_block_row_new          (void) G_GNUC_WARN_UNUSED_RESULT;
GtkWidget *pw_block_row_get_prefix   (PwBlockRow *self);
void       pw_block_row_set_prefix   (PwBlockRow *self,
                                      GtkWidget  *prefix);
GtkWidget *pw_block_row_get_content  (PwBlockRow *self);
void       pw_block_row_set_content  (PwBlockRow *self,
                                      GtkWidget  *content,
                                      gboolean    wraps);
void       pw_block_row_clear        (PwBlockRow *self);
void       pw_block_row_set_placeholder (PwBlockRow *self,
                                         int         height);
gboolean   pw_block_row_is_placeholder  (PwBlockRow *self);
/* The plan step whose check button is the prefix, or -1. */
gint       pw_block_row_get_step     (PwBlockRow *self);
void       pw_block_row_set_step     (PwBlockRow *self,
                                      gint        step);
/* A widget at the row's end (the note button), and the plan section
 * whose heading the row shows, or -1. */
GtkWidget *pw_block_row_get_suffix   (PwBlockRow *self);
void       pw_block_row_set_suffix   (PwBlockRow *self,
                                      GtkWidget  *suffix);
gint       pw_block_row_get_section  (PwBlockRow *self);
void       pw_block_row_set_section  (PwBlockRow *self,
                                      gint        section);

G_END_DECLS
