/* pw-cli-revise.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-revise"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pw-cli.h"
#include "pw-cli-run.h"
#include "pw-file-io.h"
#include "pw-history.h"
#include "pw-plan-notes.h"
#include "pw-plan-run.h"
#include "pw-plan.h"
#include "pw-revision.h"
#include "pw-stale.h"
#include "pw-utils.h"
#include "pw-workspace.h"

/* planwright revise PLAN.md --note "step 3: …" [--note …] [--section TITLE]
 * --output FILE|-: sends the plan back to the model as a conversation
 * (the prompt it was written from, the plan as the model's answer, the
 * notes as the next turn) and writes the new version. The notes are the
 * open ones of the plan's notes file plus those given here; with a file
 * output, they are written beside it with their status against the new
 * version. With --stale, what changed in the plan's inputs since it was
 * written is one more note, as Revise… on a stale plan's banner adds it.
 * Following the run and the exit statuses are those of `plan`. */

typedef struct
{
  char         **notes;
  char          *section;
  gboolean       stale;
  gboolean       prompt_only;
  PwCliRunArgs   run;
} ReviseArgs;

static void
revise_args_clear (ReviseArgs *args)
{
  g_strfreev (args->notes);
  g_free (args->section);
  pw_cli_run_args_clear (&args->run);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReviseArgs, revise_args_clear)

static int
parse_args (int         *argc,
            char      ***argv,
            ReviseArgs  *args)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "note", 'n', 0, G_OPTION_ARG_STRING_ARRAY, &args->notes,
      N_("A note: “step N: …”, “section TITLE: …”, “\"quoted text\": …” or on the "
         "whole plan"),
      N_("NOTE") },
    { "section", 's', 0, G_OPTION_ARG_STRING, &args->section,
      N_("Revise only this section; the rest stays byte for byte"), N_("TITLE") },
    { "stale", 0, 0, G_OPTION_ARG_NONE, &args->stale,
      N_("Add what changed in the plan’s inputs since it was written as a note"), NULL },
    { "prompt-only", 0, 0, G_OPTION_ARG_NONE, &args->prompt_only,
      N_("Print the revision request instead of sending it"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("PLAN.md — revise a plan with notes"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  pw_cli_run_add_options (context, &args->run,
                          N_("Where to write the new version: a file, or - for stdout"),
                          N_("FILE|-"));
  if (!g_option_context_parse (context, argc, argv, &error))
    return pw_cli_usage_error ("revise", "%s", error->message);
  if (*argc != 2)
    return pw_cli_usage_error ("revise", _("Expected one plan file, got %d arguments"), *argc - 1);
  if (!args->prompt_only && args->run.output == NULL)
    return pw_cli_usage_error ("revise", _("Say where the new version goes with --output"));
  if (args->run.output != NULL && g_str_equal (args->run.output, "auto"))
    return pw_cli_usage_error ("revise", _("--output takes a file or -"));

  return pw_cli_run_check_options ("revise", &args->run);
}

/* The repository a plan belongs to: the folder above its `.ai/`, the
 * nearest folder above it with a `.git`, or else its own folder. */
static GFile *
find_repository (GFile *plan_file)
{
  g_autoptr(GFile) folder = g_file_get_parent (plan_file);
  g_autofree char *name = g_file_get_basename (folder);

  if (g_str_equal (name, ".ai") && g_file_has_parent (folder, NULL))
    return g_file_get_parent (folder);

  for (GFile *dir = g_object_ref (folder); dir != NULL;)
    {
      g_autoptr(GFile) git = g_file_get_child (dir, ".git");
      GFile *parent;

      if (g_file_query_exists (git, NULL))
        return dir;
      parent = g_file_get_parent (dir);
      g_object_unref (dir);
      dir = parent;
    }

  return g_steal_pointer (&folder);
}

/* The prompt the plan was written from, from the repository's history. */
static char *
find_prompt (PwWorkspace *workspace,
             GFile       *plan_file)
{
  g_autoptr(PwHistory) history = pw_history_new (pw_workspace_get_root (workspace));
  g_autoptr(JsonArray) entries = NULL;
  g_autofree char *relative = NULL;

  entries = pw_history_load (history, NULL, NULL);
  if (entries == NULL)
    return NULL;

  relative = g_file_get_relative_path (pw_workspace_get_root (workspace), plan_file);
  return pw_revision_find_prompt (entries, relative != NULL ? relative
                                                            : g_file_peek_path (plan_file));
}

/* The plan's notes file and the notes given with --note. */
static PwPlanNotes *
collect_notes (GFile       *plan_file,
               const char  *text,
               char       **specs,
               int         *status)
{
  g_autoptr(GFile) notes_file = pw_plan_notes_file_for (plan_file);
  g_autoptr(PwPlanNotes) notes = NULL;
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  g_autoptr(GError) error = NULL;

  notes = pw_plan_notes_load (notes_file, NULL, &error);
  if (notes == NULL)
    {
      g_autofree char *path = g_file_get_parse_name (notes_file);

      g_prefix_error (&error, "%s: ", path);
      *status = pw_cli_error (PW_EXIT_FAILURE, "revise", error);
      return NULL;
    }

  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      if (pw_plan_notes_add_parsed (notes, plan, specs[i], &error) == NULL)
        {
          *status = pw_cli_error (PW_EXIT_USAGE, "revise", error);
          return NULL;
        }
    }

  return g_steal_pointer (&notes);
}

/* --stale: the changes of the plan's inputs, as one more note. FALSE with
 * the reason printed when the plan is not stale. */
static gboolean
add_stale_note (PwWorkspace *workspace,
                GFile       *plan_file,
                PwPlanNotes *notes,
                int         *status)
{
  g_autofree char *relative = g_file_get_relative_path (pw_workspace_get_root (workspace),
                                                        plan_file);
  g_autofree char *name = g_file_get_parse_name (plan_file);
  g_autoptr(PwStaleReport) report = NULL;
  g_autoptr(GError) error = NULL;

  if (relative != NULL)
    report = pw_stale_check_file (workspace, relative, NULL, NULL, &error);
  if (report != NULL && report->state == PW_STALE_STALE)
    {
      if (pw_stale_add_revision_note (report, notes, &error) != NULL)
        return TRUE;
    }
  else if (error == NULL && report != NULL && report->state == PW_STALE_UNKNOWN)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("%s: whether the plan is stale is not known: %s"), name,
                 report->reason != NULL ? report->reason : "");
  else if (error == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("%s is not stale: its inputs are as it was written from"), name);

  *status = pw_cli_error (PW_EXIT_FAILURE, "revise", error);
  return FALSE;
}

/* Reads the plan and makes the revision; NULL with the reason printed. */
static PwRevision *
prepare (ReviseArgs   *args,
         GFile        *plan_file,
         PwWorkspace  *workspace,
         int          *status)
{
  g_autoptr(PwPlanNotes) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *prompt = NULL;
  PwRevision *revision;

  if (!pw_file_read (plan_file, PW_FILE_MAX_SIZE, &text, NULL, NULL, &error))
    {
      *status = pw_cli_error (PW_EXIT_USAGE, "revise", error);
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      *status = pw_cli_usage_error ("revise", _("The plan is not UTF-8 text"));
      return NULL;
    }

  notes = collect_notes (plan_file, text, args->notes, status);
  if (notes == NULL || (args->stale && !add_stale_note (workspace, plan_file, notes, status)))
    return NULL;

  prompt = find_prompt (workspace, plan_file);
  revision = pw_revision_new (text, prompt, notes, args->section, &error);
  if (revision == NULL)
    *status = pw_cli_error (PW_EXIT_USAGE, "revise", error);
  return revision;
}

/* After a new version: the notes with their status, beside a file output. */
static int
finish (PwPlanRun  *run,
        const char *output)
{
  PwPlanNotes *notes = pw_revision_get_notes (pw_plan_run_get_revision (run));
  g_autoptr(GError) error = NULL;
  guint carried = 0;

  pw_plan_run_get_revised_text (run, &carried);
  pw_cli_print (stderr, _("planwright revise: notes: %u addressed, %u open, %u outdated; "
                          "%u ticks carried over\n"),
                pw_plan_notes_count_status (notes, PW_NOTE_STATUS_ADDRESSED),
                pw_plan_notes_count_status (notes, PW_NOTE_STATUS_OPEN),
                pw_plan_notes_count_status (notes, PW_NOTE_STATUS_OUTDATED), carried);

  if (!g_str_equal (output, "-"))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);
      g_autoptr(GFile) notes_file = pw_plan_notes_file_for (file);

      if (!pw_plan_notes_save (notes, notes_file, NULL, &error))
        return pw_cli_error (PW_EXIT_FAILURE, "revise", error);
    }

  return PW_EXIT_OK;
}

int
pw_cli_revise (int    argc,
               char **argv)
{
  g_auto(ReviseArgs) args = { NULL, };
  g_autoptr(GFile) plan_file = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwRevision) revision = NULL;
  g_autoptr(PwPlanSpec) spec = NULL;
  g_autoptr(PwPlanRun) run = NULL;
  g_autofree char *root_path = NULL;
  int status;

  status = parse_args (&argc, &argv, &args);
  if (status != PW_EXIT_OK)
    return status;

  plan_file = g_file_new_for_commandline_arg (argv[1]);
  root = find_repository (plan_file);
  root_path = g_file_get_path (root);
  workspace = pw_cli_open_workspace (root_path, "revise", &status);
  if (workspace == NULL)
    return status;
  revision = prepare (&args, plan_file, workspace, &status);
  if (revision == NULL)
    return status;

  if (args.prompt_only)
    {
      g_autofree char *request = pw_revision_dup_request_text (revision);

      pw_text_print_document (request, -1);
      return PW_EXIT_OK;
    }

  spec = pw_plan_spec_new ();
  pw_cli_run_fill_spec (&args.run, spec);
  run = pw_plan_run_new_revision (workspace, spec, revision);
  status = pw_cli_run_follow (run, "revise");
  if (status != PW_EXIT_OK)
    return status;

  return finish (run, spec->output);
}
