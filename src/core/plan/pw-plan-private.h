/* pw-plan-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the core's other readers of a plan (its step bodies, lint) need of
 * PwPlan's records beyond the public model. Not installed, not API.
 */

#pragma once

#include "pw-plan.h"

G_BEGIN_DECLS

/**
 * PwPlanHeading:
 * @text: plain text, inline markup and a task mark stripped (owned by the plan)
 * @level: 1 to 6
 * @line: 1-based line of the heading
 * @offset: byte offset of the heading's line
 * @atx: whether written with `#` marks (else a setext heading)
 *
 * A heading of any level outside code, as md4c reads it.
 */
typedef struct
{
  const char *text;
  guint       level;
  guint       line;
  gsize       offset;
  gboolean    atx;
} PwPlanHeading;

/**
 * PwPlanItem:
 * @line: 1-based line of the item's list marker
 * @offset: byte offset of the list marker
 * @depth: 0 for an item of a list that is in no other list
 * @list: index of the list it belongs to, in document order
 * @ordered: whether the list is numbered
 * @has_checkbox: whether the item is a task item
 *
 * A list item, as md4c reads it.
 */
typedef struct
{
  guint    line;
  gsize    offset;
  guint    depth;
  guint    list;
  gboolean ordered;
  gboolean has_checkbox;
} PwPlanItem;

gsize pw_plan_get_heading_after (PwPlan *self,
                                 gsize   offset);
void  pw_plan_get_outline       (PwPlan *self,
                                 GArray *headings,
                                 GArray *items);

G_END_DECLS
