/* pw-openapi.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* OpenAPI and Swagger documents may be larger than the markdown the
 * document layer reads (GitHub's REST description is about 10 MB). */
#define PW_OPENAPI_MAX_SIZE ((gsize) 64 * 1024 * 1024)

#define PW_OPENAPI_ERROR (pw_openapi_error_quark ())

/**
 * PwOpenApiError:
 * @PW_OPENAPI_ERROR_SYNTAX: the text is not valid JSON or YAML
 * @PW_OPENAPI_ERROR_NOT_MAPPING: the document is not a mapping
 * @PW_OPENAPI_ERROR_NOT_OPENAPI: no `openapi` or `swagger` version key
 * @PW_OPENAPI_ERROR_NO_PATHS: no `paths` mapping
 */
typedef enum
{
  PW_OPENAPI_ERROR_SYNTAX,
  PW_OPENAPI_ERROR_NOT_MAPPING,
  PW_OPENAPI_ERROR_NOT_OPENAPI,
  PW_OPENAPI_ERROR_NO_PATHS,
} PwOpenApiError;

/**
 * PwOpenApiFlags:
 * @PW_OPENAPI_NONE: list the operations only
 * @PW_OPENAPI_SECTIONS: also write each operation's own section
 *   (`section_text`)
 */
typedef enum
{
  PW_OPENAPI_NONE     = 0,
  PW_OPENAPI_SECTIONS = 1 << 0,
} PwOpenApiFlags;

GQuark      pw_openapi_error_quark (void);

gboolean    pw_openapi_sniff      (const char      *text,
                                   gsize            length);
JsonNode   *pw_openapi_parse_tree (const char      *text,
                                   gsize            length,
                                   const char      *file,
                                   GError         **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *pw_openapi_extract    (const char      *text,
                                   gsize            length,
                                   const char      *file,
                                   PwOpenApiFlags   flags,
                                   GError         **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *pw_api_spec_extract   (const char      *text,
                                   gsize            length,
                                   const char      *file,
                                   GError         **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *pw_api_spec_list      (const char      *text,
                                   gsize            length,
                                   const char      *file,
                                   GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
