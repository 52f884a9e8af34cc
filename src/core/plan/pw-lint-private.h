/* pw-lint-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The markdown outline that lint and export share. Not installed, not API.
 */

#pragma once

#include <glib.h>

#include "pw-types.h"

G_BEGIN_DECLS

typedef struct
{
  char  *title;      /* text of the heading, inline markup dropped */
  guint  level;
  guint  line;       /* 1-based */
  gsize  offset;     /* start of the heading's line */
} PwMdHeading;

typedef struct
{
  guint    line;             /* 1-based line of the item's first text */
  gsize    line_offset;      /* start of that line */
  guint    depth;            /* 0 for a top-level list */
  guint    list;             /* id of the list it belongs to */
  gboolean ordered;
  gboolean is_task;
  gsize    task_mark_offset; /* if is_task: the char between [ and ] */
} PwMdItem;

typedef struct
{
  const char *text;        /* (unowned) */
  gsize       length;
  GArray     *headings;    /* (element-type PwMdHeading) */
  GArray     *items;       /* (element-type PwMdItem) */
  GArray     *line_starts; /* (element-type gsize) */
} PwMdOutline;

PwMdOutline *pw_md_outline_new         (const char  *text,
                                        gsize        length);
void         pw_md_outline_free        (PwMdOutline *outline);
guint        pw_md_outline_line_at     (PwMdOutline *outline,
                                        gsize        offset);
int          pw_md_outline_find_steps  (PwMdOutline *outline,
                                        PwTemplate  *template,
                                        gsize       *start,
                                        gsize       *end);
gboolean     pw_md_item_content_offset (const char  *text,
                                        gsize        length,
                                        gsize        line_offset,
                                        gsize       *content,
                                        guint       *number);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwMdOutline, pw_md_outline_free)

G_END_DECLS
