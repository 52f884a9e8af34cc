/* pw-endpoints-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * What the first pass (pw-endpoints.c, the md4c walk) hands to the second
 * (pw-endpoints-select.c, which picks the entries that define endpoints and
 * bounds their sections).
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

GPtrArray *pw_endpoints_select (EndpointScan *scan);

G_END_DECLS
