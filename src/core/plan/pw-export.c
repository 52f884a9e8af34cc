/* pw-export.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-export"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "pw-export.h"
#include "pw-file-io.h"
#include "pw-plan.h"
#include "pw-prompt.h"
#include "pw-template.h"
#include "pw-utils.h"
#include "pw-workspace.h"

G_DEFINE_QUARK (pw-export-error-quark, pw_export_error)

#define PROVENANCE_PREFIX "<!-- planwright:"

/**
 * pw_export_target_path:
 * @template: the template the plan follows
 * @subject: a feature name or an endpoint key ("GET /api/books/{id}")
 *
 * Computes where a plan goes: the template's output pattern with the slug of
 * @subject, e.g. `.ai/get-api-books-id-implementation-plan.md`.
 *
 * Returns: (transfer full) (nullable): a repository-relative path, or %NULL
 *   if @subject has no letters or digits to make a slug of
 */
char *
pw_export_target_path (PwTemplate *template,
                       const char *subject)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (template), NULL);

  return pw_template_expand_output (template, subject);
}

/* Keeps a provenance value safe inside an HTML comment and on one line. */
static char *
sanitize_value (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("._:/@+=#", *p) != NULL)
        g_string_append_c (out, *p);
      else if (*p == '-' && p[1] != '-')
        g_string_append_c (out, '-');
      else
        g_string_append_c (out, '_');
    }

  return g_string_free (out, FALSE);
}

/**
 * pw_export_format_provenance:
 * @prov: what to record
 *
 * Formats the comment that heads an exported plan:
 * `<!-- planwright: template=ID model=M date=D inputs=prd@.ai/prd.md:sha256:HEX,… -->`.
 * Only names, a date and hashes go in; never a key or any content.
 *
 * Returns: (transfer full): the comment, without a newline
 */
char *
pw_export_format_provenance (const PwProvenance *prov)
{
  g_autofree char *template_id = NULL;
  g_autofree char *model = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GString) inputs = g_string_new (NULL);

  g_return_val_if_fail (prov != NULL, NULL);

  template_id = sanitize_value (prov->template_id ? prov->template_id : "unknown");
  model = sanitize_value (prov->model ? prov->model : "unknown");
  if (prov->date != NULL)
    {
      date = sanitize_value (prov->date);
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    }

  for (guint i = 0; prov->inputs != NULL && prov->inputs[i] != NULL; i++)
    {
      g_autofree char *input = sanitize_value (prov->inputs[i]);

      if (inputs->len > 0)
        g_string_append_c (inputs, ',');
      g_string_append (inputs, input);
    }

  return g_strdup_printf (PROVENANCE_PREFIX " template=%s model=%s date=%s inputs=%s -->",
                          template_id, model, date, inputs->len > 0 ? inputs->str : "none");
}

/**
 * pw_export_format_input:
 * @id: the input's id ("prd", "api-spec", or a rules file's path)
 * @path: (nullable): the repository-relative file it came from
 * @sha256: the hex SHA-256 of the bytes the prompt inlined
 *
 * One input of the provenance: `prd@.ai/prd.md:sha256:HEX`, or
 * `id:sha256:HEX` when the path is unknown or is the id itself.
 *
 * Returns: (transfer full): the input, as pw_export_parse_input() reads it
 */
char *
pw_export_format_input (const char *id,
                        const char *path,
                        const char *sha256)
{
  g_return_val_if_fail (id != NULL && sha256 != NULL, NULL);

  if (path == NULL || g_str_equal (path, id))
    return g_strdup_printf ("%s:sha256:%s", id, sha256);

  return g_strdup_printf ("%s@%s:sha256:%s", id, path, sha256);
}

/**
 * pw_export_parse_input:
 * @input: one input of a provenance record
 * @id: (out) (transfer full): the input's id
 * @path: (out) (transfer full) (nullable): its file, if recorded
 * @sha256: (out) (transfer full): the recorded hash
 *
 * Reads `id@path:sha256:HEX` and the older `id:sha256:HEX`. An id is a
 * role name (letters and dashes) or a rules file's path; only after a role
 * name does `@` start a path.
 *
 * Returns: %TRUE if @input holds an id and a hash
 */
gboolean
pw_export_parse_input (const char  *input,
                       char       **id,
                       char       **path,
                       char       **sha256)
{
  const char *mark;
  const char *at;
  gsize span;

  g_return_val_if_fail (input != NULL, FALSE);

  mark = strstr (input, ":sha256:");
  if (mark == NULL || mark == input || mark[strlen (":sha256:")] == '\0')
    return FALSE;

  /* A role name, or a global section of the API plan ("api-spec#auth-2"). */
  span = strspn (input, "abcdefghijklmnopqrstuvwxyz0123456789-#");
  at = input + span;
  if (at < mark && *at == '@' && span > 0)
    {
      *id = g_strndup (input, span);
      *path = g_strndup (at + 1, mark - at - 1);
    }
  else
    {
      *id = g_strndup (input, mark - input);
      *path = NULL;
    }
  *sha256 = g_strdup (mark + strlen (":sha256:"));

  return TRUE;
}

/**
 * pw_export_dup_prompt_inputs:
 * @prompt: an assembled prompt
 *
 * The inputs the prompt inlined, each with its path and hash, for
 * #PwProvenance's @inputs.
 *
 * Returns: (transfer full) (array zero-terminated=1): the inputs
 */
char **
pw_export_dup_prompt_inputs (PwPromptResult *prompt)
{
  GPtrArray *inputs;

  g_return_val_if_fail (prompt != NULL, NULL);

  inputs = g_ptr_array_new ();
  for (guint i = 0; i < prompt->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (prompt->inputs, i);

      if (input->sha256 != NULL)
        g_ptr_array_add (inputs, pw_export_format_input (input->id, input->path,
                                                         input->sha256));
    }
  g_ptr_array_add (inputs, NULL);

  return (char **) g_ptr_array_free (inputs, FALSE);
}

/**
 * pw_export_replace_inputs:
 * @text: a plan that starts with a provenance comment
 * @length: its length, or -1 if nul-terminated
 * @inputs: (array zero-terminated=1): the inputs to record instead
 * @new_length: (out) (optional): length of the result
 *
 * Rewrites the `inputs=` value of the provenance comment and nothing else:
 * every other byte of @text, the steps and their ticks included, is kept.
 *
 * Returns: (transfer full) (nullable): the new text, or %NULL if @text has
 *   no provenance comment with inputs
 */
char *
pw_export_replace_inputs (const char         *text,
                          gssize              length,
                          const char * const *inputs,
                          gsize              *new_length)
{
  g_autoptr(GString) value = g_string_new (NULL);
  const char *end;
  const char *start;
  const char *stop;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);
  if ((gsize) length < strlen (PROVENANCE_PREFIX)
      || strncmp (text, PROVENANCE_PREFIX, strlen (PROVENANCE_PREFIX)) != 0)
    return NULL;
  end = g_strstr_len (text, length, "-->");
  start = end != NULL ? g_strstr_len (text, end - text, " inputs=") : NULL;
  if (start == NULL)
    return NULL;
  start += strlen (" inputs=");
  for (stop = start; stop < end && !g_ascii_isspace (*stop); stop++)
    ;

  for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++)
    {
      g_autofree char *input = sanitize_value (inputs[i]);

      if (value->len > 0)
        g_string_append_c (value, ',');
      g_string_append (value, input);
    }

  out = g_string_sized_new (length + value->len);
  g_string_append_len (out, text, start - text);
  g_string_append (out, value->len > 0 ? value->str : "none");
  g_string_append_len (out, stop, text + length - stop);
  if (new_length != NULL)
    *new_length = out->len;

  return g_string_free (out, FALSE);
}

static void
replace_str (char       **field,
             const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* Sets the field of @record that @key names to @value. */
static void
set_provenance_field (PwProvenanceRecord *record,
                      const char         *key,
                      const char         *value)
{
  if (g_str_equal (key, "template"))
    replace_str (&record->template_id, value);
  else if (g_str_equal (key, "model"))
    replace_str (&record->model, value);
  else if (g_str_equal (key, "date"))
    replace_str (&record->date, value);
  else if (g_str_equal (key, "inputs") && !g_str_equal (value, "none"))
    {
      g_strfreev (record->inputs);
      record->inputs = g_strsplit (value, ",", -1);
    }
}

/**
 * pw_export_read_provenance:
 * @text: text that may start with a provenance comment
 * @length: its length, or -1 if nul-terminated
 *
 * Reads the comment pw_export_format_provenance() writes, the reverse of
 * it: `<!-- planwright: template=ID model=M date=D inputs=… -->`. Unknown
 * keys are skipped; values are as written (sanitized, one word each).
 *
 * Returns: (transfer full) (nullable): what the comment records, or %NULL
 *   if @text does not start with a complete provenance comment
 */
PwProvenanceRecord *
pw_export_read_provenance (const char *text,
                           gssize      length)
{
  g_autoptr(PwProvenanceRecord) record = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) words = NULL;
  const char *end;
  gsize prefix = strlen (PROVENANCE_PREFIX);

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);
  if ((gsize) length < prefix || strncmp (text, PROVENANCE_PREFIX, prefix) != 0)
    return NULL;
  end = g_strstr_len (text + prefix, length - prefix, "-->");
  if (end == NULL)
    return NULL;

  body = g_strndup (text + prefix, end - (text + prefix));
  words = g_strsplit_set (g_strstrip (body), " \t\r\n", -1);
  record = g_new0 (PwProvenanceRecord, 1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *equals = strchr (words[i], '=');

      if (equals == NULL)
        continue;
      *equals = '\0';
      set_provenance_field (record, words[i], equals + 1);
    }

  return g_steal_pointer (&record);
}

void
pw_provenance_record_free (PwProvenanceRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->template_id);
  g_free (record->model);
  g_free (record->date);
  g_strfreev (record->inputs);
  g_free (record);
}

/* Removes every `<analysis>…</analysis>` block with the blank lines after
 * it. An unclosed block loses only its opening tag: guessing where the notes
 * end could cut the plan itself. */
static GString *
strip_analysis (const char *text,
                gsize       length)
{
  GString *out = g_string_sized_new (length);
  gsize pos = 0;

  while (pos < length)
    {
      const char *open = g_strstr_len (text + pos, length - pos, "<analysis>");
      const char *close;
      gsize end;

      if (open == NULL)
        break;

      g_string_append_len (out, text + pos, open - (text + pos));
      close = g_strstr_len (open, length - (open - text), "</analysis>");
      end = close != NULL ? (gsize)(close - text) + strlen ("</analysis>")
                          : (gsize)(open - text) + strlen ("<analysis>");

      while (end < length && (text[end] == '\n' || text[end] == '\r'
                              || text[end] == ' ' || text[end] == '\t'))
        end++;
      pos = end;
    }

  g_string_append_len (out, text + pos, length - pos);
  return out;
}

/* Drops an older provenance line (the new one replaces it) and the blank
 * lines on top. */
static void
strip_provenance (GString *plan)
{
  if (g_str_has_prefix (plan->str, PROVENANCE_PREFIX))
    {
      const char *nl = strchr (plan->str, '\n');

      g_string_erase (plan, 0, nl != NULL ? nl - plan->str + 1 : -1);
    }
  while (plan->len > 0 && (plan->str[0] == '\n' || plan->str[0] == '\r'))
    g_string_erase (plan, 0, 1);
}

/* Appends @plan with a `[ ] ` mark on each step that has none, exactly
 * where PwPlan reads the step's mark: after an item's list marker, after
 * the `#` marks of a step sub-heading. Ticked steps stay ticked and no
 * other byte changes. */
static void
append_marked (GString       *out,
               const GString *plan)
{
  g_autoptr(PwPlan) model = pw_plan_new_from_text (plan->str, plan->len);
  g_autofree char *marked = NULL;
  gsize length = 0;

  marked = pw_plan_dup_marked_text (model, &length);
  g_string_append_len (out, marked, length);
}

/**
 * pw_export_render_text:
 * @text: a plan as the model wrote it
 * @length: its length, or -1 if nul-terminated
 * @template: (nullable): the template the plan follows; the steps are the
 *   ones #PwPlan finds, whatever the template
 * @prov: (nullable): provenance for the comment at the top; %NULL adds none
 *
 * Makes the file to save: the `<analysis>` block goes, steps become task
 * items (`1. [ ] …`) keeping existing ticks, and a provenance comment heads
 * the file (replacing an older one). A byte-order mark is dropped.
 *
 * Returns: (transfer full): the text to write
 */
char *
pw_export_render_text (const char         *text,
                       gssize              length,
                       PwTemplate         *template,
                       const PwProvenance *prov)
{
  g_autoptr(GString) stripped = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (template == NULL || PW_IS_TEMPLATE (template), NULL);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      length -= 3;
    }

  stripped = strip_analysis (text, length);
  strip_provenance (stripped);

  out = g_string_new (NULL);
  if (prov != NULL)
    {
      g_autofree char *comment = pw_export_format_provenance (prov);

      g_string_append (out, comment);
      g_string_append (out, "\n\n");
    }
  append_marked (out, stripped);
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

/**
 * pw_export_render:
 * @plan: a plan, e.g. a model's reply
 * @template: (nullable): the template it follows
 * @prov: (nullable): provenance for the comment at the top
 *
 * pw_export_render_text() on the plan's text.
 *
 * Returns: (transfer full): the text to write
 */
char *
pw_export_render (PwPlan             *plan,
                  PwTemplate         *template,
                  const PwProvenance *prov)
{
  const char *text;
  gsize length = 0;

  g_return_val_if_fail (PW_IS_PLAN (plan), NULL);

  text = pw_plan_get_text (plan, &length);
  return pw_export_render_text (text ? text : "", text ? (gssize)length : 0, template, prov);
}

/* The path, every symbolic link along it resolved, must stay under the
 * root: this catches a symlinked folder (or a symlinked target file) that
 * points out of the repository. */
static gboolean
check_confined (const char  *root_path,
                const char  *path,
                GError     **error)
{
  if (pw_path_resolves_inside (root_path, path))
    return TRUE;

  g_set_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE,
               _("Refusing to write outside the repository"));
  return FALSE;
}

/**
 * pw_export_write_to_root:
 * @root: the repository folder
 * @relative_path: where to write, relative to @root
 * @text: the contents
 * @force: replace an existing file
 * @error: return location for a #GError
 *
 * Writes atomically (a temporary file renamed over the target), creating
 * folders as needed. Refuses `..`, absolute paths and symbolic links leading
 * out of @root (%PW_EXPORT_ERROR_OUTSIDE), and an existing target unless
 * @force (%PW_EXPORT_ERROR_CONFLICT).
 *
 * Returns: %TRUE on success
 */
gboolean
pw_export_write_to_root (GFile       *root,
                         const char  *relative_path,
                         const char  *text,
                         gboolean     force,
                         GError     **error)
{
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *root_path = NULL;
  g_autofree char *target_path = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (root), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (relative_path == NULL || !pw_path_is_confined (relative_path))
    {
      g_set_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE,
                   _("“%s” is not a path inside the repository"),
                   relative_path ? relative_path : "");
      return FALSE;
    }

  root_path = g_file_get_path (root);
  if (root_path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The repository is not a local folder"));
      return FALSE;
    }

  target = g_file_resolve_relative_path (root, relative_path);
  target_path = g_file_get_path (target);
  if (!check_confined (root_path, target_path, error))
    return FALSE;

  if (!force && (g_file_test (target_path, G_FILE_TEST_EXISTS)
                 || g_file_test (target_path, G_FILE_TEST_IS_SYMLINK)))
    {
      g_set_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT,
                   _("“%s” already exists"), relative_path);
      return FALSE;
    }

  parent = g_file_get_parent (target);
  if (!g_file_make_directory_with_parents (parent, NULL, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Folders made just now could race with a symlink swap; check again. */
  if (!check_confined (root_path, target_path, error))
    return FALSE;

  g_debug ("Writing %s (%zu bytes)", relative_path, strlen (text));
  return pw_file_replace (target, text, strlen (text), NULL, PW_FILE_REPLACE_NONE, NULL, NULL,
                          error);
}

/**
 * pw_export_write:
 * @workspace: the repository
 * @relative_path: where to write, e.g. from pw_export_target_path()
 * @text: the contents, e.g. from pw_export_render()
 * @force: replace an existing file (the caller has confirmed)
 * @error: return location for a #GError
 *
 * pw_export_write_to_root() at the workspace's root.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_export_write (PwWorkspace  *workspace,
                 const char   *relative_path,
                 const char   *text,
                 gboolean      force,
                 GError      **error)
{
  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), FALSE);

  return pw_export_write_to_root (pw_workspace_get_root (workspace), relative_path, text,
                                  force, error);
}
