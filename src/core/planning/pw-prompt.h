/* pw-prompt.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pw-input-set.h"
#include "pw-types.h"

G_BEGIN_DECLS

#define PW_PROMPT_ERROR (pw_prompt_error_quark ())

/**
 * PwPromptError:
 * @PW_PROMPT_ERROR_NO_SUBJECT: neither a feature nor an endpoint was given
 * @PW_PROMPT_ERROR_SUBJECT: the subject does not fit the template (e.g. two
 *   endpoints for a one-subject template, or a malformed endpoint key)
 * @PW_PROMPT_ERROR_UNKNOWN_ENDPOINT: the API spec defines no such endpoint
 * @PW_PROMPT_ERROR_NO_API_SPEC: an endpoint was asked for but the repository
 *   has no API spec (or it is switched off)
 * @PW_PROMPT_ERROR_UNKNOWN_RULES: a requested rules file does not exist
 * @PW_PROMPT_ERROR_TOO_LARGE: the template would make a prompt above 8 MiB or
 *   with more than 64 document references
 * @PW_PROMPT_ERROR_BAD_INPUT: an added file or folder cannot be used (outside
 *   the repository, missing, binary, or over the size limit)
 * @PW_PROMPT_ERROR_UNKNOWN_SECTION: the PRD has no section of a chosen title
 */
typedef enum
{
  PW_PROMPT_ERROR_NO_SUBJECT,
  PW_PROMPT_ERROR_SUBJECT,
  PW_PROMPT_ERROR_UNKNOWN_ENDPOINT,
  PW_PROMPT_ERROR_NO_API_SPEC,
  PW_PROMPT_ERROR_UNKNOWN_RULES,
  PW_PROMPT_ERROR_TOO_LARGE,
  PW_PROMPT_ERROR_BAD_INPUT,
  PW_PROMPT_ERROR_UNKNOWN_SECTION,
} PwPromptError;

/* Input ids: the documents a prompt can draw on. Rules files and added
 * files use their repository-relative path as id
 * (".cursor/rules/backend.mdc", "src/types.ts"); a global section of the API
 * plan is "api-spec#" and its kind ("api-spec#auth", "api-spec#errors"; a
 * second one of a kind "api-spec#errors-2"). */
#define PW_PROMPT_INPUT_PRD        "prd"
#define PW_PROMPT_INPUT_TECH_STACK "tech-stack"
#define PW_PROMPT_INPUT_API_SPEC   "api-spec"
#define PW_PROMPT_INPUT_DB_PLAN    "db-plan"
#define PW_PROMPT_INPUT_API_GLOBAL_PREFIX "api-spec#"

typedef enum
{
  PW_PROMPT_INPUT_INCLUDED,
  PW_PROMPT_INPUT_DISABLED,
  PW_PROMPT_INPUT_MISSING,
} PwPromptInputState;

/**
 * PwPromptInput:
 * @id: the input id (see PW_PROMPT_INPUT_PRD) or a rules file path
 * @path: (nullable): the repository-relative file it came from
 * @state: whether it went into the prompt
 * @bytes: bytes inlined into the prompt (for the API spec: the chosen
 *   sections only)
 * @tokens: pw_estimate_tokens() of those bytes
 * @sha256: (nullable): SHA-256 of the inlined bytes, for provenance
 * @share: @tokens as a part of the whole prompt's tokens, 0 to 1
 * @title: (nullable): what the input is, for a global section of the API
 *   plan its heading
 */
typedef struct
{
  char               *id;
  char               *path;
  PwPromptInputState  state;
  gsize               bytes;
  gsize               tokens;
  char               *sha256;
  double              share;
  char               *title;
} PwPromptInput;

/**
 * PwPromptResult:
 * @text: the prompt, exactly as it is sent
 * @bytes: length of @text
 * @tokens: pw_estimate_tokens() of @text
 * @template_id: the template used
 * @subject: the feature name or endpoint keys, as named in the prompt
 * @output_path: where the plan is to be saved (template pattern + slug)
 * @inputs: (element-type PwPromptInput): every input in a fixed order:
 *   prd, tech-stack, api-spec, the API plan's global sections, db-plan,
 *   rules files, then added files in the order given
 * @warnings: (element-type utf8): e.g. a reference to a missing document
 */
typedef struct
{
  char      *text;
  gsize      bytes;
  gsize      tokens;
  char      *template_id;
  char      *subject;
  char      *output_path;
  GPtrArray *inputs;
  GPtrArray *warnings;
} PwPromptResult;

typedef struct _PwPromptRequest PwPromptRequest;

GQuark           pw_prompt_error_quark               (void);

PwPromptRequest *pw_prompt_request_new               (PwTemplate       *template) G_GNUC_WARN_UNUSED_RESULT;
void             pw_prompt_request_free              (PwPromptRequest  *request);
void             pw_prompt_request_set_feature       (PwPromptRequest  *request,
                                                      const char       *feature);
void             pw_prompt_request_add_endpoint      (PwPromptRequest  *request,
                                                      const char       *key);
void             pw_prompt_request_add_rules         (PwPromptRequest  *request,
                                                      const char       *relative_path);
void             pw_prompt_request_set_input_enabled (PwPromptRequest  *request,
                                                      const char       *input_id,
                                                      gboolean          enabled);
void             pw_prompt_request_add_input         (PwPromptRequest  *request,
                                                      const char       *path);
void             pw_prompt_request_set_input_set     (PwPromptRequest  *request,
                                                      PwInputSet       *input_set);
void             pw_prompt_request_add_prd_section   (PwPromptRequest  *request,
                                                      const char       *title);

PwPromptResult  *pw_prompt_assemble                  (PwWorkspace      *workspace,
                                                      PwPromptRequest  *request,
                                                      GError          **error) G_GNUC_WARN_UNUSED_RESULT;

void             pw_prompt_result_free               (PwPromptResult   *result);
const PwPromptInput *pw_prompt_result_get_input      (PwPromptResult   *result,
                                                      const char       *input_id);
char            *pw_prompt_result_format_stats       (PwPromptResult   *result) G_GNUC_WARN_UNUSED_RESULT;
JsonNode        *pw_prompt_result_stats_to_json      (PwPromptResult   *result) G_GNUC_WARN_UNUSED_RESULT;
char           **pw_prompt_result_dup_input_hashes   (PwPromptResult   *result) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwPromptRequest, pw_prompt_request_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwPromptResult, pw_prompt_result_free)

G_END_DECLS
