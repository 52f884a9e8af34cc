/* pw-md-sections.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _PwMdSection PwMdSection;

/* The kinds of an API plan's global sections (pw_api_plan_find_global_sections()). */
#define PW_MD_SECTION_KIND_AUTH         "auth"
#define PW_MD_SECTION_KIND_RESOURCES    "resources"
#define PW_MD_SECTION_KIND_VALIDATION   "validation"
#define PW_MD_SECTION_KIND_PAGINATION   "pagination"
#define PW_MD_SECTION_KIND_ERRORS       "errors"
#define PW_MD_SECTION_KIND_OTHER_GLOBAL "other-global"

/**
 * PwMdSection:
 * @level: the heading level, 1 to 6
 * @title: the heading's text with inline markup stripped, trimmed, valid UTF-8
 * @start: byte offset of the start of the heading's first line
 * @body_start: byte offset of the line after the heading (after a setext underline)
 * @end: byte offset where the section ends (exclusive): the next heading of the
 *   same or a higher level (a smaller number), or the end of the text
 * @line: 1-based line of the heading
 * @kind: (nullable): for a global section of an API plan, one of the
 *   `PW_MD_SECTION_KIND_*` strings (static); %NULL otherwise
 *
 * A heading of a Markdown document and the section it opens.  Offsets refer
 * to the text as given, byte-order mark included.
 */
struct _PwMdSection
{
  guint       level;
  char       *title;
  gsize       start;
  gsize       body_start;
  gsize       end;
  guint       line;
  const char *kind;
};

#define PW_TYPE_MD_SECTION (pw_md_section_get_type ())

GType        pw_md_section_get_type              (void) G_GNUC_CONST;
PwMdSection *pw_md_section_copy                  (const PwMdSection *self) G_GNUC_WARN_UNUSED_RESULT;
void         pw_md_section_free                  (PwMdSection       *self);

GPtrArray   *pw_md_list_sections                 (const char        *text,
                                                  gsize              length) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray   *pw_api_plan_find_global_sections    (const char        *text,
                                                  gsize              length) G_GNUC_WARN_UNUSED_RESULT;
const char  *pw_api_plan_classify_heading        (const char        *title);

/* Small helpers shared by the Markdown readers of the repository module. */
gsize        pw_md_line_start                    (const char        *text,
                                                  gsize              offset);
gsize        pw_md_next_line                     (const char        *text,
                                                  gsize              length,
                                                  gsize              offset);
const char  *pw_md_decode_entity                 (const char        *entity,
                                                  gsize              size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwMdSection, pw_md_section_free)

G_END_DECLS
