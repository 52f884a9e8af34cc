/* pw-export.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-prompt.h"
#include "pw-types.h"

G_BEGIN_DECLS

#define PW_EXPORT_ERROR (pw_export_error_quark ())

/**
 * PwExportError:
 * @PW_EXPORT_ERROR_CONFLICT: the target exists; retry with @force to replace it
 * @PW_EXPORT_ERROR_OUTSIDE: the target would leave the repository (`..`, an
 *   absolute path, or a symbolic link pointing outside)
 * @PW_EXPORT_ERROR_INVALID: nothing to export (empty subject or plan)
 */
typedef enum
{
  PW_EXPORT_ERROR_CONFLICT,
  PW_EXPORT_ERROR_OUTSIDE,
  PW_EXPORT_ERROR_INVALID,
} PwExportError;

/**
 * PwProvenance:
 * @template_id: the template the plan was made with
 * @model: (nullable): the model that wrote it, e.g. "gpt-4o"; "unknown" if %NULL
 * @date: (nullable): an ISO 8601 date; %NULL means now (UTC)
 * @inputs: (nullable) (array zero-terminated=1): "id@path:sha256:HEX" strings, as
 *   made by pw_export_dup_prompt_inputs() (the older "id:sha256:HEX" reads too)
 *
 * What the provenance comment at the top of an exported plan records. It
 * never holds a key, a prompt or a reply: only names, a date and hashes.
 */
typedef struct
{
  const char         *template_id;
  const char         *model;
  const char         *date;
  const char * const *inputs;
} PwProvenance;

/**
 * PwProvenanceRecord:
 * @template_id: (nullable): the template's id
 * @model: (nullable): the model's name
 * @date: (nullable): the date as written (ISO 8601)
 * @inputs: (nullable) (array zero-terminated=1): "id@path:sha256:HEX" strings
 *   (pw_export_parse_input())
 *
 * What a provenance comment read back holds (pw_export_read_provenance()).
 */
typedef struct
{
  char  *template_id;
  char  *model;
  char  *date;
  char **inputs;
} PwProvenanceRecord;

GQuark    pw_export_error_quark      (void);

char     *pw_export_target_path      (PwTemplate         *template,
                                      const char         *subject) G_GNUC_WARN_UNUSED_RESULT;
char     *pw_export_format_provenance (const PwProvenance *prov) G_GNUC_WARN_UNUSED_RESULT;
PwProvenanceRecord *pw_export_read_provenance (const char *text,
                                               gssize      length) G_GNUC_WARN_UNUSED_RESULT;
void      pw_provenance_record_free  (PwProvenanceRecord *record);
char     *pw_export_format_input     (const char         *id,
                                      const char         *path,
                                      const char         *sha256) G_GNUC_WARN_UNUSED_RESULT;
gboolean  pw_export_parse_input      (const char         *input,
                                      char              **id,
                                      char              **path,
                                      char              **sha256);
char    **pw_export_dup_prompt_inputs (PwPromptResult    *prompt) G_GNUC_WARN_UNUSED_RESULT;
char     *pw_export_replace_inputs   (const char         *text,
                                      gssize              length,
                                      const char * const *inputs,
                                      gsize              *new_length) G_GNUC_WARN_UNUSED_RESULT;
char     *pw_export_render_text      (const char         *text,
                                      gssize              length,
                                      PwTemplate         *template,
                                      const PwProvenance *prov) G_GNUC_WARN_UNUSED_RESULT;
char     *pw_export_render           (PwPlan             *plan,
                                      PwTemplate         *template,
                                      const PwProvenance *prov) G_GNUC_WARN_UNUSED_RESULT;
gboolean  pw_export_write            (PwWorkspace        *workspace,
                                      const char         *relative_path,
                                      const char         *text,
                                      gboolean            force,
                                      GError            **error);
gboolean  pw_export_write_to_root    (GFile              *root,
                                      const char         *relative_path,
                                      const char         *text,
                                      gboolean            force,
                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwProvenanceRecord, pw_provenance_record_free)

G_END_DECLS
