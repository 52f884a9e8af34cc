/* pw-document.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-types.h"

G_BEGIN_DECLS

#define PW_DOCUMENT_ERROR (pw_document_error_quark ())

typedef enum
{
  PW_DOCUMENT_ERROR_INVALID_UTF8,
  PW_DOCUMENT_ERROR_CONFLICT,
  PW_DOCUMENT_ERROR_READ_ONLY,
  PW_DOCUMENT_ERROR_NOT_LOADED,
  PW_DOCUMENT_ERROR_OUTSIDE,
} PwDocumentError;

typedef enum
{
  PW_NEWLINE_LF,
  PW_NEWLINE_CRLF,
  PW_NEWLINE_CR,
} PwNewlineType;

#define PW_TYPE_DOCUMENT (pw_document_get_type ())

G_DECLARE_FINAL_TYPE (PwDocument, pw_document, PW, DOCUMENT, GObject)

GQuark          pw_document_error_quark       (void);
PwDocument     *pw_document_new               (GFile         *file,
                                               const char    *relative_path,
                                               PwDocumentRole role) G_GNUC_WARN_UNUSED_RESULT;
GFile          *pw_document_get_file          (PwDocument    *self);
const char     *pw_document_get_relative_path (PwDocument    *self);
const char     *pw_document_get_title         (PwDocument    *self);
PwDocumentRole  pw_document_get_role          (PwDocument    *self);
const char     *pw_document_get_kind          (PwDocument    *self);
void            pw_document_set_kind          (PwDocument    *self,
                                               const char    *kind);
gboolean        pw_document_get_loaded        (PwDocument    *self);
gboolean        pw_document_get_read_only     (PwDocument    *self);
gboolean        pw_document_get_modified      (PwDocument    *self);
gboolean        pw_document_get_changed_on_disk (PwDocument  *self);
void            pw_document_set_root          (PwDocument    *self,
                                               GFile         *root);
gboolean        pw_document_get_outside       (PwDocument    *self);
gboolean        pw_document_get_has_bom       (PwDocument    *self);
PwNewlineType   pw_document_get_newline_type  (PwDocument    *self);
const char     *pw_document_get_newline       (PwDocument    *self);
const char     *pw_document_get_text          (PwDocument    *self);
gsize           pw_document_get_length        (PwDocument    *self);
const char     *pw_document_get_etag          (PwDocument    *self);
void            pw_document_set_text          (PwDocument    *self,
                                               const char    *text,
                                               gssize         length);
gboolean        pw_document_load              (PwDocument    *self,
                                               GCancellable  *cancellable,
                                               GError       **error);
void            pw_document_load_async        (PwDocument         *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean        pw_document_load_finish       (PwDocument    *self,
                                               GAsyncResult  *result,
                                               GError       **error);
gboolean        pw_document_save              (PwDocument    *self,
                                               gboolean       force,
                                               GCancellable  *cancellable,
                                               GError       **error);
void            pw_document_save_async        (PwDocument         *self,
                                               gboolean            force,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean        pw_document_save_finish       (PwDocument    *self,
                                               GAsyncResult  *result,
                                               GError       **error);
void            pw_document_set_monitored     (PwDocument    *self,
                                               gboolean       monitored);

G_END_DECLS
