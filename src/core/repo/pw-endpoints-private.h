/* pw-endpoints-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Shared by the files of endpoint extraction: what the first pass
 * (pw-endpoints.c, the md4c walk) hands to the second (pw-endpoints-select.c,
 * which picks the entries that define endpoints and bounds their sections),
 * and the line reader both use (pw-endpoints-line.c).
 */

typedef enum
{
  KIND_HEADING,
  KIND_FIELDS,
  KIND_TABLE,
  KIND_TEXT,
  N_KINDS,
  KIND_CONTEXT,            /* a heading naming an endpoint after other words */
} CandidateKind;

/* Entries that are not headings sit below every heading level. */
#define LEVEL_ENTRY 7

/* A line that defines a method and a path. */
typedef struct
{
  CandidateKind  kind;
  char          *method;
  char          *raw_path;
  char          *path;
  char          *title;
  gsize          start;
  guint          level;
  guint          table;    /* for a table row, the index + 1 of its table; else 0 */
} Candidate;

/* Where a heading (or a kept entry) starts a section. */
typedef struct
{
  gsize start;
  guint level;
} Boundary;

/* A table with Method and Path columns, and the heading above it. */
typedef struct
{
  gsize    start;
  gsize    heading_start;
  guint    heading_level;
  gboolean has_heading;
  gsize    details_end;    /* set by the second pass */
  gboolean hybrid;         /* set by the second pass */
} TableInfo;

typedef struct
{
  const char *text;
  gsize       length;
  const char *file;
  GArray     *candidates;  /* Candidate, in document order */
  GArray     *boundaries;  /* Boundary of every heading */
  GArray     *tables;      /* TableInfo */
  GArray     *contexts;    /* Candidate of KIND_CONTEXT, in document order */
} EndpointScan;

/* One rendered line: plain text plus, per byte, the code span it sat in. */
typedef struct
{
  GString    *text;
  GByteArray *code;
  gsize       first_offset;
  gboolean    has_offset;
} Line;

/* pw-endpoints-line.c */
void     pw_line_init               (Line *line);
void     pw_line_reset              (Line *line);
void     pw_line_clear              (Line *line);
Line *   pw_line_dup                (const Line *line) G_GNUC_WARN_UNUSED_RESULT;
void     pw_line_free               (gpointer data);
void     pw_line_append             (Line       *line,
                                     const char *text,
                                     gsize       size,
                                     guint8      code);
gboolean pw_line_is_http_method     (const char *word,
                                     gsize       len);
gboolean pw_line_is_space           (char c);
gsize    pw_line_skip_spaces        (const char *s,
                                     gsize       len,
                                     gsize       p);
gsize    pw_line_skip_leading_marks (const Line *line,
                                     gsize       pos);
gsize    pw_line_path_end           (const Line *line,
                                     gsize       start);
gboolean pw_line_all_path_chars     (const char *s,
                                     gsize       start,
                                     gsize       end);
gboolean pw_line_match_method_path  (const Line  *line,
                                     gsize        pos,
                                     char       **method,
                                     char       **raw_path,
                                     gsize       *end);
char *   pw_line_trailing_title     (const Line *line,
                                     gsize       pos) G_GNUC_WARN_UNUSED_RESULT;
char *   pw_line_plain_text         (const Line *line) G_GNUC_WARN_UNUSED_RESULT;
char *   pw_line_clean_title        (char *title) G_GNUC_WARN_UNUSED_RESULT;
gboolean pw_line_name_in            (const char        *name,
                                     const char * const *names,
                                     guint              n_names);

/* pw-endpoints-select.c */
GPtrArray *pw_endpoints_select (EndpointScan *scan);

G_END_DECLS
