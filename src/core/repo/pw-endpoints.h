/* pw-endpoints.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "pw-types.h"

G_BEGIN_DECLS

/**
 * PwEndpoint:
 * @method: upper-case HTTP method, e.g. "GET"
 * @path: normalised path: query string dropped, `:name` rewritten to `{name}`
 * @raw_path: the path as the spec writes it (query string dropped)
 * @title: (nullable): the entry's title (heading text or description), if any
 * @file: (nullable): the file name given to pw_endpoints_extract()
 * @line: 1-based line of the entry
 * @section_start: byte offset where the entry's section starts
 * @section_end: byte offset where the section ends (exclusive)
 * @operation_id: (nullable): the OpenAPI operationId
 * @summary: (nullable): the OpenAPI summary
 * @group: (nullable): the resource group: an OpenAPI operation's first tag
 * @section_text: (nullable): the endpoint's own section for the prompt,
 *   written out (an OpenAPI operation with its `$ref`s resolved); when
 *   %NULL, the section is the byte range @section_start..@section_end
 *
 * One endpoint defined by a REST API plan or an OpenAPI document.
 */
struct _PwEndpoint
{
  char  *method;
  char  *path;
  char  *raw_path;
  char  *title;
  char  *file;
  guint  line;
  gsize  section_start;
  gsize  section_end;
  char  *operation_id;
  char  *summary;
  char  *group;
  char  *section_text;
};

#define PW_TYPE_ENDPOINT (pw_endpoint_get_type ())

GType       pw_endpoint_get_type  (void) G_GNUC_CONST;
PwEndpoint *pw_endpoint_copy      (const PwEndpoint *self) G_GNUC_WARN_UNUSED_RESULT;
void        pw_endpoint_free      (PwEndpoint       *self);
char       *pw_endpoint_dup_key   (const PwEndpoint *self) G_GNUC_WARN_UNUSED_RESULT;

GPtrArray  *pw_endpoints_extract  (const char       *text,
                                   gsize             length,
                                   const char       *file) G_GNUC_WARN_UNUSED_RESULT;
PwEndpoint *pw_endpoints_find     (GPtrArray        *endpoints,
                                   const char       *spec);
char       *pw_endpoints_normalize_path (const char *raw_path) G_GNUC_WARN_UNUSED_RESULT;
char       *pw_endpoints_split_key (const char      *key,
                                   const char     **path) G_GNUC_WARN_UNUSED_RESULT;
JsonNode   *pw_endpoints_to_json  (GPtrArray        *endpoints) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwEndpoint, pw_endpoint_free)

G_END_DECLS
