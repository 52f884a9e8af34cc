/* pw-handoff.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-handoff"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "pw-document.h"
#include "pw-handoff.h"
#include "pw-plan-private.h"
#include "pw-plan.h"
#include "pw-template.h"

G_DEFINE_QUARK (pw-handoff-error-quark, pw_handoff_error)

#define PLACEHOLDER_PROMPT      "{prompt}"
#define PLACEHOLDER_PROMPT_FILE "{prompt_file}"

/* How many open steps after the batch the prompt names, so that the agent
 * can describe what comes next, as the seeds ask. */
#define N_AFTER 3

static const PwAgentPreset presets[] = {
  { "Claude Code", "claude " PLACEHOLDER_PROMPT },
  { "Codex CLI", "codex " PLACEHOLDER_PROMPT },
  { "Gemini CLI", "gemini -p " PLACEHOLDER_PROMPT },
  { "Aider", "aider --message-file " PLACEHOLDER_PROMPT_FILE },
};

/* The values of the template's variables while one prompt is filled. */
typedef struct
{
  const char *plan;
  char       *count;
  char       *batch;
  char       *sections;
  char       *rules;
  char       *after;
} Fill;

static void
fill_clear (Fill *fill)
{
  g_free (fill->count);
  g_free (fill->batch);
  g_free (fill->sections);
  g_free (fill->rules);
  g_free (fill->after);
}

/* Appends @text[@start, @end) without its trailing blank lines, and one
 * newline. */
static void
append_trimmed (GString    *out,
                const char *text,
                gsize       start,
                gsize       end)
{
  while (end > start && g_ascii_isspace (text[end - 1]))
    end--;
  g_string_append_len (out, text + start, end - start);
  g_string_append_c (out, '\n');
}

/* A step's own markdown, as the plan file has it: its line with the
 * checkbox the agent is to tick, its sub-bullets and its code, up to the
 * next step or heading. */
static void
append_step (GString *out,
             PwPlan  *plan,
             guint    i)
{
  const PwPlanStep *step = pw_plan_get_step (plan, i);
  gsize length = 0;
  const char *text = pw_plan_get_text (plan, &length);
  gsize end = pw_plan_get_heading_after (plan, MIN (step->offset + 1, length));

  if (i + 1 < pw_plan_get_n_steps (plan))
    end = MIN (end, pw_plan_get_step (plan, i + 1)->offset);

  if (out->len > 0)
    g_string_append_c (out, '\n');
  append_trimmed (out, text, step->offset, MAX (end, step->offset));
}

static gboolean
in_analysis (PwPlan *plan,
             gsize   offset)
{
  guint n_ranges = 0;
  const PwPlanRange *ranges = pw_plan_get_analysis_ranges (plan, &n_ranges);

  for (guint i = 0; i < n_ranges; i++)
    {
      if (offset >= ranges[i].start && offset < ranges[i].end)
        return TRUE;
    }

  return FALSE;
}

/* Every level-2 section but the steps, outside the <analysis> block: what
 * the plan says about inputs, outputs, errors and security. */
static char *
dup_context_sections (PwPlan *plan)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_sections = pw_plan_get_n_sections (plan);
  gint steps_section = pw_plan_get_steps_section (plan);
  gsize length = 0;
  const char *text = pw_plan_get_text (plan, &length);

  for (guint i = 0; i < n_sections; i++)
    {
      const PwPlanSection *section = pw_plan_get_section (plan, i);
      gsize end = i + 1 < n_sections ? pw_plan_get_section (plan, i + 1)->offset : length;

      if (section->level < 2 || (gint)i == steps_section || in_analysis (plan, section->offset))
        continue;

      if (out->len > 0)
        g_string_append_c (out, '\n');
      append_trimmed (out, text, section->offset, end);
    }

  if (out->len == 0)
    return g_strdup (_("(The plan has no other sections.)"));

  g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The rules files, each under its path. A file that cannot be read, or
 * that leads outside the repository, is left out. */
static char *
dup_rules (GPtrArray *rules,
           GPtrArray *paths)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      PwDocument *document = g_ptr_array_index (rules, i);
      g_autoptr(GError) error = NULL;
      const char *path = pw_document_get_relative_path (document);

      if (pw_document_get_outside (document)
          || (!pw_document_get_loaded (document) && !pw_document_load (document, NULL, &error)))
        {
          g_debug ("Rules file %s left out: %s", path, error ? error->message : "outside");
          continue;
        }

      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "File: %s\n", path);
      append_trimmed (out, pw_document_get_text (document), 0, pw_document_get_length (document));
      g_ptr_array_add (paths, g_strdup (path));
    }

  if (out->len == 0)
    return g_strdup (_("(The repository has no rules files.)"));

  g_string_truncate (out, out->len - 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The open steps after the batch, one line each. */
static char *
dup_after (PwPlan *plan,
           GArray *batch)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint last = g_array_index (batch, guint, batch->len - 1);
  guint n = 0;

  for (guint i = last + 1; i < pw_plan_get_n_steps (plan) && n < N_AFTER; i++)
    {
      const PwPlanStep *step = pw_plan_get_step (plan, i);

      if (step->done)
        continue;
      g_string_append_printf (out, "%s%u. %s", n > 0 ? "\n" : "", step->index, step->text);
      n++;
    }

  if (n == 0)
    return g_strdup (_("(None: this batch finishes the plan.)"));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
expand_variable_cb (const GMatchInfo *match,
                    GString          *out,
                    gpointer          user_data)
{
  const Fill *fill = user_data;
  g_autofree char *name = g_match_info_fetch (match, 1);
  const struct { const char *name; const char *value; } table[] = {
    { "plan", fill->plan }, { "output", fill->plan }, { "count", fill->count },
    { "batch", fill->batch }, { "sections", fill->sections }, { "rules", fill->rules },
    { "after", fill->after },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (g_str_equal (table[i].name, name))
        {
          g_string_append (out, table[i].value);
          return FALSE;
        }
    }

  /* A planning variable means nothing here; it stays as written. */
  g_free (name);
  name = g_match_info_fetch (match, 0);
  g_string_append (out, name);
  return FALSE;
}

static char *
expand_template (PwTemplate *template,
                 const Fill *fill)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\{\\{([a-z_]+)\\}\\}", G_REGEX_OPTIMIZE, 0, NULL);

  g_assert (regex != NULL);
  return g_regex_replace_eval (regex, pw_template_get_body (template), -1, 0, 0,
                               expand_variable_cb, (gpointer)fill, NULL);
}

/**
 * pw_handoff_select_batch:
 * @plan: a #PwPlan
 * @count: how many steps at most
 *
 * The first @count steps of @plan that are not done, in the plan's order;
 * a done step in between is skipped.
 *
 * Returns: (transfer full) (element-type guint): 0-based step indices,
 *   possibly none
 */
GArray *
pw_handoff_select_batch (PwPlan *plan,
                         guint   count)
{
  GArray *batch;

  g_return_val_if_fail (PW_IS_PLAN (plan), NULL);

  batch = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < pw_plan_get_n_steps (plan) && batch->len < count; i++)
    {
      if (!pw_plan_get_step (plan, i)->done)
        g_array_append_val (batch, i);
    }

  return batch;
}

static guint
count_open (PwPlan *plan)
{
  return pw_plan_get_n_steps (plan) - pw_plan_get_n_done (plan);
}

/**
 * pw_handoff_new:
 * @plan: the saved plan
 * @plan_path: its path relative to the repository, as the agent sees it
 * @count: how many open steps to hand off (at least 1)
 * @rules: (nullable) (element-type PwDocument): the rules files to include;
 *   unloaded ones are loaded (blocking: call from a worker thread in a UI)
 * @error: return location for a #PwHandoffError
 *
 * Builds the implementation prompt for the next @count open steps from the
 * built-in `implement` template: the plan's path, the batch's steps as the
 * plan has them, the plan's other sections, the rules, and the instruction
 * to tick each step in the plan file as it is finished and to stop after
 * the batch.
 *
 * Returns: (transfer full) (nullable): the hand-off, or %NULL when there
 *   is nothing to hand off
 */
PwHandoff *
pw_handoff_new (PwPlan      *plan,
                const char  *plan_path,
                guint        count,
                GPtrArray   *rules,
                GError     **error)
{
  g_autoptr(PwHandoff) handoff = NULL;
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(GString) batch_text = g_string_new (NULL);
  Fill fill = { 0, };

  g_return_val_if_fail (PW_IS_PLAN (plan), NULL);
  g_return_val_if_fail (plan_path != NULL, NULL);
  g_return_val_if_fail (count > 0, NULL);

  if (pw_plan_get_n_steps (plan) == 0)
    {
      g_set_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_NO_STEPS,
                   _("%s has no implementation steps to hand off"), plan_path);
      return NULL;
    }

  handoff = g_new0 (PwHandoff, 1);
  handoff->plan_path = g_strdup (plan_path);
  handoff->steps = pw_handoff_select_batch (plan, count);
  handoff->n_open = count_open (plan);
  handoff->rules = g_ptr_array_new_with_free_func (g_free);

  if (handoff->steps->len == 0)
    {
      g_set_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_ALL_DONE,
                   _("All %u steps of %s are done: there is nothing left to hand off"),
                   pw_plan_get_n_steps (plan), plan_path);
      return NULL;
    }

  template = pw_template_new_builtin (PW_TEMPLATE_ID_IMPLEMENT, error);
  if (template == NULL)
    return NULL;

  for (guint i = 0; i < handoff->steps->len; i++)
    append_step (batch_text, plan, g_array_index (handoff->steps, guint, i));
  g_string_truncate (batch_text, batch_text->len - 1);

  fill.plan = plan_path;
  fill.count = g_strdup_printf ("%u", handoff->steps->len);
  fill.batch = g_string_free (g_steal_pointer (&batch_text), FALSE);
  fill.sections = dup_context_sections (plan);
  fill.rules = dup_rules (rules, handoff->rules);
  fill.after = dup_after (plan, handoff->steps);
  handoff->text = expand_template (template, &fill);
  fill_clear (&fill);

  return g_steal_pointer (&handoff);
}

void
pw_handoff_free (PwHandoff *handoff)
{
  if (handoff == NULL)
    return;

  g_free (handoff->text);
  g_free (handoff->plan_path);
  g_clear_pointer (&handoff->steps, g_array_unref);
  g_clear_pointer (&handoff->rules, g_ptr_array_unref);
  g_free (handoff);
}

/**
 * pw_handoff_format_steps:
 * @handoff: a #PwHandoff
 *
 * Returns: (transfer full): the batch's step numbers, 1-based, as the plan
 *   numbers them: "4, 5, 6"
 */
char *
pw_handoff_format_steps (PwHandoff *handoff)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (handoff != NULL, NULL);

  for (guint i = 0; i < handoff->steps->len; i++)
    g_string_append_printf (out, "%s%u", i > 0 ? ", " : "",
                            g_array_index (handoff->steps, guint, i) + 1);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * pw_handoff_find_repository:
 * @plan: a plan file
 *
 * The repository a plan file belongs to: the folder holding the nearest
 * `.ai` folder above it, or else the plan's own folder. The agent runs
 * there.
 *
 * Returns: (transfer full): the repository's folder
 */
GFile *
pw_handoff_find_repository (GFile *plan)
{
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) at = NULL;

  g_return_val_if_fail (G_IS_FILE (plan), NULL);

  dir = g_file_get_parent (plan);
  at = dir != NULL ? g_object_ref (dir) : NULL;
  while (at != NULL)
    {
      g_autofree char *name = g_file_get_basename (at);
      g_autoptr(GFile) parent = g_file_get_parent (at);

      if (g_str_equal (name, ".ai") && parent != NULL)
        return g_steal_pointer (&parent);
      g_set_object (&at, parent);
    }

  return dir != NULL ? g_steal_pointer (&dir) : g_object_ref (plan);
}

/**
 * pw_handoff_get_presets:
 * @n_presets: (out): the number of presets
 *
 * Returns: (array length=n_presets) (transfer none): the command lines of
 *   the common coding agents
 */
const PwAgentPreset *
pw_handoff_get_presets (guint *n_presets)
{
  g_return_val_if_fail (n_presets != NULL, NULL);

  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

static gboolean
has_placeholder (const char *text)
{
  return strstr (text, PLACEHOLDER_PROMPT) != NULL
         || strstr (text, PLACEHOLDER_PROMPT_FILE) != NULL;
}

/**
 * pw_handoff_check_command:
 * @command: an agent command line
 * @error: return location for a #PwHandoffError
 *
 * Checks that @command parses as a command line (shell quoting, no shell
 * operators) and has a `{prompt}` or `{prompt_file}` placeholder.
 *
 * Returns: %TRUE if @command can run a hand-off
 */
gboolean
pw_handoff_check_command (const char  *command,
                          GError     **error)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (command != NULL ? command : ""));

  if (*trimmed == '\0')
    {
      g_set_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_COMMAND,
                   _("No agent command is set"));
      return FALSE;
    }

  if (!g_shell_parse_argv (command, NULL, &argv, &parse_error))
    {
      g_set_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_COMMAND,
                   _("The agent command “%s” cannot be read: %s"), command,
                   parse_error->message);
      return FALSE;
    }

  for (guint i = 0; argv[i] != NULL; i++)
    {
      if (has_placeholder (argv[i]))
        return TRUE;
    }

  g_set_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_COMMAND,
               _("The agent command “%s” has no {prompt} or {prompt_file} placeholder"),
               command);
  return FALSE;
}

/**
 * pw_handoff_command_wants_file:
 * @command: an agent command line
 *
 * Returns: whether @command reads the prompt from a file
 */
gboolean
pw_handoff_command_wants_file (const char *command)
{
  g_return_val_if_fail (command != NULL, FALSE);

  return strstr (command, PLACEHOLDER_PROMPT_FILE) != NULL;
}

/**
 * pw_handoff_expand_command:
 * @command: an agent command line, as pw_handoff_check_command() accepts
 * @prompt: the prompt
 * @prompt_file: (nullable): the path of a file holding the prompt
 * @error: return location for a #PwHandoffError
 *
 * Splits @command into arguments by shell rules first and only then puts
 * the prompt in place of `{prompt}` and the file's path in place of
 * `{prompt_file}`, so that whatever the prompt holds (quotes, `$`, new
 * lines) reaches the agent as it is, inside one argument, and no shell ever
 * reads it.
 *
 * Returns: (transfer full) (array zero-terminated=1) (nullable): the argv
 */
char **
pw_handoff_expand_command (const char  *command,
                           const char  *prompt,
                           const char  *prompt_file,
                           GError     **error)
{
  g_auto(GStrv) argv = NULL;

  g_return_val_if_fail (prompt != NULL, NULL);

  if (!pw_handoff_check_command (command, error))
    return NULL;

  if (prompt_file == NULL && pw_handoff_command_wants_file (command))
    {
      g_set_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_COMMAND,
                   _("The agent command wants a prompt file, but none was written"));
      return NULL;
    }

  g_shell_parse_argv (command, NULL, &argv, NULL);
  for (guint i = 0; argv[i] != NULL; i++)
    {
      GString *arg = g_string_new (argv[i]);

      if (prompt_file != NULL)
        g_string_replace (arg, PLACEHOLDER_PROMPT_FILE, prompt_file, 0);
      g_string_replace (arg, PLACEHOLDER_PROMPT, prompt, 0);
      g_free (argv[i]);
      argv[i] = g_string_free (arg, FALSE);
    }

  return g_steal_pointer (&argv);
}

/**
 * pw_handoff_format_argv:
 * @argv: a command's arguments
 *
 * Returns: (transfer full): @argv as one shell-quoted line, to show
 */
char *
pw_handoff_format_argv (const char * const *argv)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (argv != NULL, NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *quoted = g_shell_quote (argv[i]);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, quoted);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * pw_handoff_write_prompt_file:
 * @prompt: the prompt
 * @error: return location for a #GError
 *
 * Writes @prompt to a new file, readable by the user only, outside any
 * repository; the caller removes it when the agent is done.
 *
 * Returns: (transfer full) (nullable): the file's path
 */
char *
pw_handoff_write_prompt_file (const char  *prompt,
                              GError     **error)
{
  g_autofree char *path = NULL;
  int fd;

  g_return_val_if_fail (prompt != NULL, NULL);

  fd = g_file_open_tmp ("planwright-prompt-XXXXXX.md", &path, error);
  if (fd < 0)
    return NULL;
  g_close (fd, NULL);

  if (!g_file_set_contents_full (path, prompt, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      g_unlink (path);
      return NULL;
    }

  return g_steal_pointer (&path);
}

/* Tick merging */

static gboolean
is_mark_char (char c)
{
  return c == ' ' || c == 'x' || c == 'X';
}

/* Whether byte @p of @text is the inside of a `[ ]`/`[x]` mark. */
static gboolean
is_mark (const char *text,
         gsize       length,
         gsize       p)
{
  return p > 0 && p + 1 < length && text[p - 1] == '[' && text[p + 1] == ']'
         && is_mark_char (text[p]);
}

/* The byte offsets where each line of @text starts, and its length last. */
static GArray *
line_starts (const char *text,
             gsize       length)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize zero = 0;

  g_array_append_val (starts, zero);
  for (gsize p = 0; p < length; p++)
    {
      if (text[p] == '\n')
        {
          gsize next = p + 1;

          g_array_append_val (starts, next);
        }
    }
  if (g_array_index (starts, gsize, starts->len - 1) != length)
    g_array_append_val (starts, length);

  return starts;
}

/* The line of @starts holding byte @p. */
static guint
line_of (GArray *starts,
         gsize   p)
{
  guint lo = 0, hi = starts->len - 1;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (starts, gsize, mid) <= p)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

/* Finds in @mine the line equal to @line that is nearest to line @near:
 * the same step, wherever the user's edits moved it. Returns its start,
 * or -1 when the user changed that line too. */
static gssize
find_line (const char *mine,
           GArray     *mine_starts,
           const char *line,
           gsize       line_length,
           guint       near)
{
  gssize best = -1;
  guint best_distance = G_MAXUINT;

  for (guint k = 0; k + 1 < mine_starts->len; k++)
    {
      gsize start = g_array_index (mine_starts, gsize, k);
      gsize end = g_array_index (mine_starts, gsize, k + 1);
      guint distance = k > near ? k - near : near - k;

      if (end - start == line_length && memcmp (mine + start, line, line_length) == 0
          && distance < best_distance)
        {
          best = start;
          best_distance = distance;
        }
    }

  return best;
}

static char *
set_conflict (GError **error)
{
  g_set_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_CONFLICT,
               _("The plan changed on disk in more than its ticks while it has unsaved edits"));
  return NULL;
}

/* Carries the mark at byte @p, ticked or unticked in @theirs, over to the
 * same line of @result (a copy of the user's text). */
static gboolean
carry_tick (GString    *result,
            GArray     *result_starts,
            const char *base,
            GArray     *base_starts,
            const char *theirs,
            gsize       p,
            GError    **error)
{
  guint line = line_of (base_starts, p);
  gsize start = g_array_index (base_starts, gsize, line);
  gsize end = g_array_index (base_starts, gsize, line + 1);
  gssize found = find_line (result->str, result_starts, base + start, end - start, line);

  if (found < 0)
    {
      g_set_error (error, PW_HANDOFF_ERROR, PW_HANDOFF_ERROR_CONFLICT,
                   _("Line %u of the plan was ticked on disk and edited here"), line + 1);
      return FALSE;
    }

  result->str[found + (p - start)] = theirs[p];
  return TRUE;
}

/**
 * pw_handoff_merge_ticks:
 * @base: the plan's text as last loaded or saved
 * @mine: the user's text, with unsaved edits
 * @theirs: the text now on disk
 * @n_ticks: (out) (optional): how many marks changed on disk
 * @error: return location for a #PwHandoffError
 *
 * Brings into @mine the ticks an agent made on disk since @base. This
 * succeeds when @theirs differs from @base only inside `[ ]`/`[x]` marks
 * and each such line is still in @mine as it was in @base (the user's
 * edits are elsewhere); otherwise it fails with
 * %PW_HANDOFF_ERROR_CONFLICT and nothing is merged.
 *
 * Returns: (transfer full) (nullable): @mine with the ticks
 */
char *
pw_handoff_merge_ticks (const char  *base,
                        const char  *mine,
                        const char  *theirs,
                        guint       *n_ticks,
                        GError     **error)
{
  g_autoptr(GString) result = NULL;
  g_autoptr(GArray) base_starts = NULL;
  g_autoptr(GArray) result_starts = NULL;
  gsize length;
  guint n = 0;

  g_return_val_if_fail (base != NULL && mine != NULL && theirs != NULL, NULL);

  length = strlen (base);
  if (strlen (theirs) != length)
    return set_conflict (error);

  result = g_string_new (mine);
  base_starts = line_starts (base, length);
  result_starts = line_starts (mine, result->len);
  for (gsize p = 0; p < length; p++)
    {
      if (base[p] == theirs[p])
        continue;
      if (!is_mark (base, length, p) || !is_mark (theirs, length, p))
        return set_conflict (error);
      if (!carry_tick (result, result_starts, base, base_starts, theirs, p, error))
        return NULL;
      n++;
    }

  if (n_ticks != NULL)
    *n_ticks = n;
  return g_string_free (g_steal_pointer (&result), FALSE);
}
