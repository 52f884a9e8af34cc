/* pw-stale.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-stale"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-export.h"
#include "pw-file-io.h"
#include "pw-history.h"
#include "pw-json-build.h"
#include "pw-lint.h"
#include "pw-plan-index.h"
#include "pw-prompt.h"
#include "pw-rules.h"
#include "pw-stale.h"
#include "pw-template.h"
#include "pw-utils.h"
#include "pw-workspace.h"

/*
 * A plan is stale when an input it was written from changed since. Its
 * provenance records each input's hash as the prompt inlined it (for the API
 * spec: only the sections of the plan's endpoints), so the check assembles
 * the prompt again, with the same template, rules and endpoints, and compares
 * hash with hash: the prompt's own code decides what an input is, and an
 * edit elsewhere in the API plan leaves the plan current.
 *
 * The old text of a changed input comes from the history: the prompt of an
 * earlier generation holds it, and the recorded hash tells which part.
 */

#define MAX_CANDIDATE_LINES 512

static void
stale_input_free (PwStaleInput *input)
{
  g_free (input->id);
  g_free (input->path);
  g_free (input->recorded);
  g_free (input->current);
  g_free (input->old_text);
  g_free (input->new_text);
  g_free (input);
}

void
pw_stale_report_free (PwStaleReport *report)
{
  if (report == NULL)
    return;

  g_free (report->template_id);
  g_free (report->reason);
  g_ptr_array_unref (report->inputs);
  g_free (report->prompt);
  g_free (report);
}

/**
 * pw_stale_report_new:
 *
 * Returns: (transfer full): an empty report, state unknown
 */
PwStaleReport *
pw_stale_report_new (void)
{
  PwStaleReport *report = g_new0 (PwStaleReport, 1);

  report->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) stale_input_free);
  return report;
}

static PwStaleReport *
unknown (PwStaleReport *report,
         char          *reason)
{
  report->state = PW_STALE_UNKNOWN;
  g_free (report->reason);
  report->reason = reason;
  return report;
}

/* A rules file's id is its path, as is a file the user added; the fixed
 * inputs are role names, the API plan's global sections "api-spec#KIND". */
static gboolean
is_path_id (const char *id)
{
  return !g_str_has_prefix (id, PW_PROMPT_INPUT_API_GLOBAL_PREFIX)
         && (strchr (id, '/') != NULL || strchr (id, '.') != NULL);
}

static PwPromptRequest *
build_request (PwTemplate         *template,
               GPtrArray          *inputs,
               const char * const *endpoints)
{
  PwPromptRequest *request = pw_prompt_request_new (template);
  gboolean wants_spec = FALSE;

  /* The subject's name changes no input; it is only needed to assemble. */
  pw_prompt_request_set_feature (request, "stale-check");
  for (guint i = 0; i < inputs->len; i++)
    {
      PwStaleInput *input = g_ptr_array_index (inputs, i);

      if (is_path_id (input->id) && pw_rules_kind_for_path (input->id) != NULL)
        pw_prompt_request_add_rules (request, input->id);
      else if (is_path_id (input->id))
        pw_prompt_request_add_input (request, input->id);
      else if (g_str_equal (input->id, PW_PROMPT_INPUT_API_SPEC))
        wants_spec = TRUE;
    }

  for (guint i = 0; wants_spec && endpoints != NULL && endpoints[i] != NULL; i++)
    pw_prompt_request_add_endpoint (request, endpoints[i]);

  return request;
}

/* The prompt as it would be now; %NULL if it cannot be assembled even
 * without the endpoints (which may have left the spec). */
static PwPromptResult *
assemble_now (PwWorkspace        *workspace,
              PwTemplate         *template,
              GPtrArray          *inputs,
              const char * const *endpoints,
              GError            **error)
{
  g_autoptr(PwPromptRequest) request = build_request (template, inputs, endpoints);
  g_autoptr(GError) local_error = NULL;
  PwPromptResult *result;

  result = pw_prompt_assemble (workspace, request, &local_error);
  if (result != NULL || endpoints == NULL)
    {
      if (result == NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return result;
    }

  g_debug ("Assembling without the endpoints: %s", local_error->message);
  return assemble_now (workspace, template, inputs, NULL, error);
}

static void
read_recorded (PwStaleReport      *report,
               PwProvenanceRecord *record)
{
  for (guint i = 0; record->inputs != NULL && record->inputs[i] != NULL; i++)
    {
      PwStaleInput *input = g_new0 (PwStaleInput, 1);

      if (!pw_export_parse_input (record->inputs[i], &input->id, &input->path,
                                  &input->recorded))
        {
          g_free (input);
          continue;
        }
      g_ptr_array_add (report->inputs, input);
    }
}

static void
compare (PwStaleReport  *report,
         PwPromptResult *now)
{
  const PwPromptInput *spec = pw_prompt_result_get_input (now, PW_PROMPT_INPUT_API_SPEC);

  report->state = PW_STALE_CURRENT;
  for (guint i = 0; i < report->inputs->len; i++)
    {
      PwStaleInput *input = g_ptr_array_index (report->inputs, i);
      const PwPromptInput *current = pw_prompt_result_get_input (now, input->id);

      /* The API plan's global sections come with the endpoint's own: when
       * that is gone, the API spec's input says so for them. */
      if (current == NULL && (spec == NULL || spec->sha256 == NULL)
          && g_str_has_prefix (input->id, PW_PROMPT_INPUT_API_GLOBAL_PREFIX))
        continue;

      if (current != NULL && current->sha256 != NULL)
        input->current = g_strdup (current->sha256);
      if (input->path == NULL && current != NULL)
        input->path = g_strdup (current->path);
      input->changed = g_strcmp0 (input->recorded, input->current) != 0;
      if (input->changed)
        report->state = PW_STALE_STALE;
    }
}

/**
 * pw_stale_check:
 * @workspace: the repository, scanned
 * @text: the plan's text, starting with its provenance comment
 * @length: its length, or -1 if nul-terminated
 * @endpoints: (nullable) (array zero-terminated=1): the endpoint keys the
 *   plan is for (pw_plan_index_scan()), used when it records the API spec
 *
 * Compares the inputs the plan's provenance records with the same inputs
 * now. Reads the workspace's documents (call it in a thread in a UI).
 *
 * Returns: (transfer full): the report; %PW_STALE_UNKNOWN with a reason if
 *   the plan records no inputs or its template cannot be found
 */
PwStaleReport *
pw_stale_check (PwWorkspace        *workspace,
                const char         *text,
                gssize              length,
                const char * const *endpoints)
{
  g_autoptr(PwProvenanceRecord) record = NULL;
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(PwPromptResult) now = NULL;
  g_autoptr(GError) error = NULL;
  PwStaleReport *report = pw_stale_report_new ();

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), report);
  g_return_val_if_fail (text != NULL, report);

  record = pw_export_read_provenance (text, length);
  if (record == NULL)
    return unknown (report, g_strdup (_("The plan does not record what it was written from")));
  report->template_id = g_strdup (record->template_id);
  read_recorded (report, record);
  if (report->inputs->len == 0)
    return unknown (report, g_strdup (_("The plan records no inputs")));

  template = pw_template_lookup (pw_workspace_get_root (workspace),
                                 record->template_id ? record->template_id : "", &error);
  if (template == NULL)
    return unknown (report, g_strdup (error->message));

  now = assemble_now (workspace, template, report->inputs, endpoints, &error);
  if (now == NULL)
    return unknown (report, g_strdup (error->message));

  compare (report, now);
  report->prompt = g_strdup (now->text);
  pw_stale_find_old_texts (report, NULL);

  return report;
}

/* Where a tag region's inner text starts: after a line that is just
 * `<name>`; *end is where its closing line `</name>` starts. */
static const char *
next_region (const char  *p,
             const char  *limit,
             const char **inner_end)
{
  while (p < limit)
    {
      const char *eol = memchr (p, '\n', limit - p);
      g_autofree char *closing = NULL;
      const char *close;

      if (eol == NULL)
        return NULL;
      if (eol - p >= 3 && p[0] == '<' && p[1] != '/' && eol[-1] == '>'
          && memchr (p, ' ', eol - p) == NULL)
        {
          closing = g_strdup_printf ("\n</%.*s>", (int) (eol - p - 2), p + 1);
          close = g_strstr_len (eol, limit - eol, closing);
          if (close != NULL)
            {
              *inner_end = close + 1;
              return eol + 1;
            }
        }
      p = eol + 1;
    }

  return NULL;
}

static gboolean
hash_matches (const char *start,
              gsize       length,
              const char *sha256)
{
  g_autofree char *hash = pw_sha256_hex (start, length);

  return g_str_equal (hash, sha256);
}

/* The end of an inlined text before its closing line: the prompt adds a
 * newline after a text that lacks one, and the template's own line ends. */
static char *
match_suffix (const char *start,
              const char *end,
              const char *sha256)
{
  for (guint trim = 0; trim < 3 && end - trim >= start; trim++)
    {
      if (trim > 0 && end[-(int) trim] != '\n')
        break;
      if (hash_matches (start, end - trim - start, sha256))
        return g_strndup (start, end - trim - start);
    }

  return NULL;
}

/* The inlined text that starts at @line and ends at the region's end or
 * before one of its later headings (the API plan's global sections follow
 * the endpoint's own in the same region). */
static char *
match_from_line (const char *line,
                 const char *inner_end,
                 const char *sha256)
{
  char *found = match_suffix (line, inner_end, sha256);
  const char *heading = line;

  while (found == NULL && (heading = memchr (heading, '\n', inner_end - heading)) != NULL)
    {
      heading++;
      if (heading < inner_end && *heading == '#' && heading - 1 > line)
        found = match_suffix (line, heading - 1, sha256);
    }

  return found;
}

/* The inlined text of @prompt whose hash is @sha256: every input is inlined
 * between a `<name>` and a `</name>` line, possibly after other lines (the
 * endpoint list before the API spec's sections) or before others. */
static char *
find_inlined (const char *prompt,
              const char *sha256)
{
  const char *limit = prompt + strlen (prompt);
  const char *inner_end = NULL;
  const char *region = next_region (prompt, limit, &inner_end);

  while (region != NULL)
    {
      const char *line = region;

      for (guint n = 0; line != NULL && line <= inner_end && n < MAX_CANDIDATE_LINES; n++)
        {
          char *found = match_from_line (line, inner_end, sha256);

          if (found != NULL)
            return found;
          line = memchr (line, '\n', inner_end - line);
          if (line != NULL)
            line++;
        }
      region = next_region (region, limit, &inner_end);
    }

  return NULL;
}

static const char *
entry_prompt (JsonArray *history,
              guint      index)
{
  JsonObject *entry = json_array_get_object_element (history, index);

  if (entry == NULL || !json_object_has_member (entry, "prompt"))
    return NULL;

  return json_object_get_string_member_with_default (entry, "prompt", NULL);
}

static void
find_old_text (PwStaleInput *input,
               JsonArray    *history)
{
  guint n = json_array_get_length (history);

  for (guint i = n; i > 0 && input->old_text == NULL; i--)
    {
      const char *prompt = entry_prompt (history, i - 1);

      if (prompt != NULL && strstr (prompt, "<") != NULL)
        input->old_text = find_inlined (prompt, input->recorded);
    }
}

/**
 * pw_stale_find_old_texts:
 * @report: a report from pw_stale_check()
 * @history: (nullable): the repository's history (pw_history_load()), newest
 *   last
 *
 * Fills each changed input's new text from the prompt as it would be now
 * and, when @history still holds a prompt that inlined it, its old text.
 */
void
pw_stale_find_old_texts (PwStaleReport *report,
                         JsonArray     *history)
{
  g_return_if_fail (report != NULL);

  for (guint i = 0; i < report->inputs->len; i++)
    {
      PwStaleInput *input = g_ptr_array_index (report->inputs, i);

      if (!input->changed)
        continue;
      if (input->new_text == NULL && input->current != NULL && report->prompt != NULL)
        input->new_text = find_inlined (report->prompt, input->current);
      if (input->old_text == NULL && history != NULL)
        find_old_text (input, history);
    }
}

/* The endpoints @summaries tie to @relative_path. */
static const char * const *
plan_endpoints (GPtrArray  *summaries,
                const char *relative_path)
{
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      PwPlanSummary *summary = g_ptr_array_index (summaries, i);

      if (g_str_equal (summary->path, relative_path))
        return (const char * const *) summary->endpoints;
    }

  return NULL;
}

/**
 * pw_stale_check_file:
 * @workspace: the repository, scanned
 * @relative_path: the plan's path in it
 * @summaries: (nullable) (element-type PwPlanSummary): the plan index, if
 *   the caller has it; else it is scanned
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError (the plan cannot be read)
 *
 * pw_stale_check() on a plan file, with the old texts from the history.
 * Blocks: call it in a thread in a UI.
 *
 * Returns: (transfer full) (nullable): the report
 */
PwStaleReport *
pw_stale_check_file (PwWorkspace   *workspace,
                     const char    *relative_path,
                     GPtrArray     *summaries,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GPtrArray) scanned = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(PwHistory) history = NULL;
  g_autoptr(JsonArray) entries = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  PwStaleReport *report;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (relative_path != NULL, NULL);

  file = pw_workspace_resolve_path (workspace, relative_path, error);
  if (file == NULL || !pw_file_read (file, PW_FILE_MAX_SIZE, &contents, &length, NULL, error))
    return NULL;

  if (summaries == NULL)
    summaries = scanned = pw_plan_index_scan (workspace, cancellable);

  report = pw_stale_check (workspace, contents, length, plan_endpoints (summaries, relative_path));
  if (report->state == PW_STALE_STALE)
    {
      history = pw_history_new (pw_workspace_get_root (workspace));
      entries = pw_history_load (history, cancellable, NULL);
      if (entries != NULL)
        pw_stale_find_old_texts (report, entries);
    }

  return report;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GFile *root = source_object;
  const char *relative_path = task_data;
  g_autoptr(PwWorkspace) workspace = NULL;
  GError *error = NULL;
  PwStaleReport *report;

  workspace = pw_workspace_open (root, cancellable, &error);
  report = workspace != NULL ? pw_stale_check_file (workspace, relative_path, NULL, cancellable,
                                                    &error)
                             : NULL;
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) pw_stale_report_free);
}

/**
 * pw_stale_check_async:
 * @root: the repository folder
 * @relative_path: the plan's path in it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the report
 * @user_data: for @callback
 *
 * pw_stale_check_file() in a thread, on a workspace of its own (the
 * caller's documents are never touched from the thread).
 */
void
pw_stale_check_async (GFile               *root,
                      const char          *relative_path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (root));
  g_return_if_fail (relative_path != NULL);

  task = g_task_new (root, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_stale_check_async);
  g_task_set_task_data (task, g_strdup (relative_path), g_free);
  g_task_run_in_thread (task, check_thread);
}

PwStaleReport *
pw_stale_check_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
pw_stale_report_n_changed (PwStaleReport *report)
{
  guint n = 0;

  g_return_val_if_fail (report != NULL, 0);

  for (guint i = 0; i < report->inputs->len; i++)
    {
      PwStaleInput *input = g_ptr_array_index (report->inputs, i);

      if (input->changed)
        n++;
    }

  return n;
}

/**
 * pw_stale_describe_input:
 * @input: a changed input
 *
 * Returns: (transfer full): a sentence for the user, e.g. "The API plan
 *   changed since this plan was written"
 */
char *
pw_stale_describe_input (const PwStaleInput *input)
{
  g_return_val_if_fail (input != NULL, NULL);

  if (g_str_equal (input->id, PW_PROMPT_INPUT_API_SPEC))
    return g_strdup (input->current != NULL
                       ? _("The API plan changed since this plan was written")
                       : _("The API plan no longer has this plan’s endpoints"));
  if (input->current == NULL)
    return g_strdup_printf (_("“%s” is gone since this plan was written"),
                            input->path ? input->path : input->id);
  if (g_str_equal (input->id, PW_PROMPT_INPUT_PRD))
    return g_strdup (_("The PRD changed since this plan was written"));
  if (g_str_equal (input->id, PW_PROMPT_INPUT_TECH_STACK))
    return g_strdup (_("The tech stack changed since this plan was written"));
  if (g_str_equal (input->id, PW_PROMPT_INPUT_DB_PLAN))
    return g_strdup (_("The database plan changed since this plan was written"));
  if (g_str_has_prefix (input->id, PW_PROMPT_INPUT_API_GLOBAL_PREFIX))
    /* Translators: %s is the kind of section, e.g. "auth" or "validation" */
    return g_strdup_printf (_("The API plan’s %s section changed since this plan was written"),
                            input->id + strlen (PW_PROMPT_INPUT_API_GLOBAL_PREFIX));

  return g_strdup_printf (_("“%s” changed since this plan was written"),
                          input->path ? input->path : input->id);
}

/**
 * pw_stale_describe:
 * @report: a report
 *
 * Returns: (transfer full): one line per changed input, or the reason the
 *   state is unknown, or "" for a current plan
 */
char *
pw_stale_describe (PwStaleReport *report)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (report != NULL, NULL);

  if (report->state == PW_STALE_UNKNOWN)
    return g_strdup (report->reason ? report->reason : "");

  for (guint i = 0; i < report->inputs->len; i++)
    {
      PwStaleInput *input = g_ptr_array_index (report->inputs, i);
      g_autofree char *line = NULL;

      if (!input->changed)
        continue;
      line = pw_stale_describe_input (input);
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, line);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * pw_stale_accept:
 * @report: a report from pw_stale_check() on @text
 * @text: the plan
 * @length: its length, or -1 if nul-terminated
 * @new_length: (out) (optional): the length of the result
 *
 * "Accept as reviewed": the plan's provenance records the inputs' hashes as
 * they are now. Only the provenance's `inputs=` value changes; the steps,
 * their ticks and every other byte stay. An input that is gone keeps its
 * recorded hash (there is nothing newer to record).
 *
 * Returns: (transfer full) (nullable): the new text, or %NULL if @text has no
 *   provenance to update
 */
char *
pw_stale_accept (PwStaleReport *report,
                 const char    *text,
                 gssize         length,
                 gsize         *new_length)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  for (guint i = 0; i < report->inputs->len; i++)
    {
      PwStaleInput *input = g_ptr_array_index (report->inputs, i);
      const char *hash = input->current != NULL ? input->current : input->recorded;

      g_ptr_array_add (inputs, pw_export_format_input (input->id, input->path, hash));
    }
  g_ptr_array_add (inputs, NULL);

  return pw_export_replace_inputs (text, length, (const char * const *) inputs->pdata,
                                   new_length);
}

/**
 * pw_stale_accept_file:
 * @workspace: the repository
 * @relative_path: the plan
 * @report: its report
 * @error: return location for a #GError
 *
 * pw_stale_accept() on the file, saved atomically. Blocks.
 *
 * Returns: %TRUE if the file now records the current hashes
 */
gboolean
pw_stale_accept_file (PwWorkspace    *workspace,
                      const char     *relative_path,
                      PwStaleReport  *report,
                      GError        **error)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *accepted = NULL;
  gsize length = 0;
  gsize new_length = 0;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  file = pw_workspace_resolve_path (workspace, relative_path, error);
  if (file == NULL
      || !pw_file_read (file, PW_FILE_MAX_SIZE, &contents, &length, &etag, error))
    return FALSE;

  accepted = pw_stale_accept (report, contents, length, &new_length);
  if (accepted == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” records no inputs to update"), relative_path);
      return FALSE;
    }

  return pw_file_replace (file, accepted, new_length, etag, PW_FILE_REPLACE_NONE, NULL, NULL,
                          error);
}

/**
 * pw_stale_add_lint_issues:
 * @report: a report
 * @issues: (element-type PwLintIssue): where `planwright lint` collects
 *
 * Adds a warning (%PW_LINT_STALE_INPUT, on line 1, the provenance) per
 * changed input.
 */
void
pw_stale_add_lint_issues (PwStaleReport *report,
                          GPtrArray     *issues)
{
  g_return_if_fail (report != NULL);
  g_return_if_fail (issues != NULL);

  for (guint i = 0; i < report->inputs->len; i++)
    {
      PwStaleInput *input = g_ptr_array_index (report->inputs, i);

      if (input->changed)
        g_ptr_array_add (issues, pw_lint_issue_new (PW_LINT_SEVERITY_WARNING,
                                                    PW_LINT_STALE_INPUT, 1,
                                                    pw_stale_describe_input (input)));
    }
}

const char *
pw_stale_state_to_string (PwStaleState state)
{
  switch (state)
    {
    case PW_STALE_CURRENT:
      return "current";
    case PW_STALE_STALE:
      return "stale";
    case PW_STALE_UNKNOWN:
    default:
      return "unknown";
    }
}

/**
 * pw_stale_report_to_json:
 *
 * Returns: (transfer full): `{state, template, reason, changed: [{id, path,
 *   recorded, current, message, has_old_text}]}`
 */
JsonNode *
pw_stale_report_to_json (PwStaleReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (report != NULL, NULL);

  json_builder_begin_object (builder);
  pw_json_build_string (builder, "state", pw_stale_state_to_string (report->state));
  pw_json_build_string (builder, "template", report->template_id);
  pw_json_build_string (builder, "reason", report->reason);
  json_builder_set_member_name (builder, "changed");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->inputs->len; i++)
    {
      PwStaleInput *input = g_ptr_array_index (report->inputs, i);
      g_autofree char *message = NULL;

      if (!input->changed)
        continue;
      message = pw_stale_describe_input (input);
      json_builder_begin_object (builder);
      pw_json_build_string (builder, "id", input->id);
      pw_json_build_string (builder, "path", input->path);
      pw_json_build_string (builder, "recorded", input->recorded);
      pw_json_build_string (builder, "current", input->current);
      pw_json_build_string (builder, "message", message);
      json_builder_set_member_name (builder, "has_old_text");
      json_builder_add_boolean_value (builder, input->old_text != NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
