/* pw-template.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Templates
 * =========
 *
 * A template is a markdown file: a small front matter between two `---`
 * lines, then the prompt body. The front matter is our own tiny format, not
 * YAML: one `key: value` per line, or a key with an empty value followed by
 * `- item` lines. Blank lines and lines starting with `#` are ignored.
 *
 *     ---
 *     id: feature-plan                      (required; [a-z0-9-]+)
 *     name: Feature implementation plan     (required)
 *     description: One feature or endpoint
 *     output: .ai/{{feature}}-implementation-plan.md   (required)
 *     subject: feature                      (feature = one subject, endpoints = several)
 *     analysis: true                        (the prompt asks for an <analysis> block)
 *     status-codes: 200, 201, 400           (comma-separated, or a `- item` list)
 *     sections:                             (required sections, in order)
 *       - Feature Overview | Endpoint Overview | Przegląd
 *       - Implementation Steps | Kroki implementacji
 *     steps: Implementation Steps           (which section holds the steps)
 *     placeholders:                         (extra placeholder texts for lint)
 *       - Step 1
 *     ---
 *
 * In `sections`, the first name of an item is the canonical one and the
 * names after `|` are aliases. Headings match a section tolerantly: case,
 * leading numbering, emphasis, punctuation and Polish diacritics are ignored,
 * and a heading that starts with a name matches it ("Performance
 * Considerations" matches "Performance").
 *
 * The body is markdown, left untouched except for two kinds of markup:
 *
 * - a line holding only `@path` (e.g. `@.ai/prd.md`) is a reference, replaced
 *   by the document the workspace found for that role; `@?path` is an
 *   optional reference, missing without a warning;
 * - `{{name}}` is a variable: `feature` (slug of the subject), `subject`
 *   (the feature name or the endpoint keys), `endpoints` (a bullet list of
 *   the chosen endpoints), `api_spec` (the chosen endpoints' sections of the
 *   API spec) and `output` (the output path). A line that holds only a
 *   variable whose value is empty is dropped. The hand-off template
 *   (`implement`, filled by pw-handoff.c) has its own: `plan`, `count`,
 *   `batch`, `sections`, `rules` and `after`.
 *
 * Bracketed phrases of the body such as `[Endpoint Name]` become lint
 * placeholders automatically.
 *
 * Built-in templates ship as resources; custom ones load from
 * `<repo>/.ai/templates/` and `$XDG_DATA_HOME/planwright/templates/`. A custom
 * template with the id of a built-in one replaces it (repository wins over
 * user, user over built-in).
 */

#pragma once

#include <gio/gio.h>

#include "pw-types.h"

G_BEGIN_DECLS

#define PW_TEMPLATE_ERROR (pw_template_error_quark ())

/**
 * PwTemplateError:
 * @PW_TEMPLATE_ERROR_PARSE: the front matter is malformed
 * @PW_TEMPLATE_ERROR_UNKNOWN_KEY: the front matter holds an unknown key
 * @PW_TEMPLATE_ERROR_MISSING_KEY: a required key is absent
 * @PW_TEMPLATE_ERROR_INVALID_VALUE: a value is not allowed for its key
 * @PW_TEMPLATE_ERROR_NOT_FOUND: no template has the requested id
 */
typedef enum
{
  PW_TEMPLATE_ERROR_PARSE,
  PW_TEMPLATE_ERROR_UNKNOWN_KEY,
  PW_TEMPLATE_ERROR_MISSING_KEY,
  PW_TEMPLATE_ERROR_INVALID_VALUE,
  PW_TEMPLATE_ERROR_NOT_FOUND,
} PwTemplateError;

typedef enum
{
  PW_TEMPLATE_SUBJECT_FEATURE,
  PW_TEMPLATE_SUBJECT_ENDPOINTS,
} PwTemplateSubject;

typedef enum
{
  PW_TEMPLATE_ORIGIN_BUILTIN,
  PW_TEMPLATE_ORIGIN_USER,
  PW_TEMPLATE_ORIGIN_REPOSITORY,
} PwTemplateOrigin;

#define PW_TEMPLATE_ID_FEATURE_PLAN   "feature-plan"
#define PW_TEMPLATE_ID_ENDPOINTS_PLAN "endpoints-plan"
#define PW_TEMPLATE_ID_IMPLEMENT      "implement"

#define PW_TYPE_TEMPLATE (pw_template_get_type ())

G_DECLARE_FINAL_TYPE (PwTemplate, pw_template, PW, TEMPLATE, GObject)

GQuark              pw_template_error_quark          (void);

PwTemplate         *pw_template_new_from_data        (const char        *data,
                                                      gssize             length,
                                                      const char        *filename,
                                                      PwTemplateOrigin   origin,
                                                      GError           **error) G_GNUC_WARN_UNUSED_RESULT;
PwTemplate         *pw_template_new_from_file        (GFile             *file,
                                                      PwTemplateOrigin   origin,
                                                      GError           **error) G_GNUC_WARN_UNUSED_RESULT;
PwTemplate         *pw_template_new_builtin          (const char        *id,
                                                      GError           **error) G_GNUC_WARN_UNUSED_RESULT;

GPtrArray          *pw_template_load_all             (GFile             *repo_root,
                                                      GPtrArray         *errors) G_GNUC_WARN_UNUSED_RESULT;
PwTemplate         *pw_template_find                 (GPtrArray         *templates,
                                                      const char        *id);
PwTemplate         *pw_template_lookup               (GFile             *repo_root,
                                                      const char        *id,
                                                      GError           **error) G_GNUC_WARN_UNUSED_RESULT;

const char         *pw_template_get_id               (PwTemplate        *self);
const char         *pw_template_get_name             (PwTemplate        *self);
const char         *pw_template_get_description      (PwTemplate        *self);
const char         *pw_template_get_output_pattern   (PwTemplate        *self);
const char         *pw_template_get_filename         (PwTemplate        *self);
PwTemplateSubject   pw_template_get_subject          (PwTemplate        *self);
PwTemplateOrigin    pw_template_get_origin           (PwTemplate        *self);
gboolean            pw_template_get_wants_analysis   (PwTemplate        *self);
const char         *pw_template_get_body             (PwTemplate        *self);
guint               pw_template_get_body_line        (PwTemplate        *self);

guint               pw_template_get_n_sections       (PwTemplate        *self);
const char         *pw_template_get_section_name     (PwTemplate        *self,
                                                      guint              index);
const char * const *pw_template_get_section_aliases  (PwTemplate        *self,
                                                      guint              index);
int                 pw_template_get_steps_section    (PwTemplate        *self);
int                 pw_template_match_section        (PwTemplate        *self,
                                                      const char        *heading);
gboolean            pw_template_heading_matches      (const char        *heading,
                                                      const char        *name);

const guint        *pw_template_get_status_codes     (PwTemplate        *self,
                                                      guint             *n_codes);
gboolean            pw_template_allows_status        (PwTemplate        *self,
                                                      guint              code);
const char * const *pw_template_get_placeholders     (PwTemplate        *self);

char               *pw_template_expand_output        (PwTemplate        *self,
                                                      const char        *subject) G_GNUC_WARN_UNUSED_RESULT;

const char         *pw_template_origin_to_string     (PwTemplateOrigin   origin);
const char         *pw_template_subject_to_string    (PwTemplateSubject  subject);

G_END_DECLS
