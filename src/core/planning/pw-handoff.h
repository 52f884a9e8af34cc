/* pw-handoff.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Hand-off
 * ========
 *
 * The seeds end every plan with the same rhythm: implement a few steps,
 * summarise, describe the next ones, stop. A hand-off is the prompt that
 * gives a coding agent the next batch of open steps of a saved plan, built
 * from the built-in `implement` template (data/templates/implement.md), and
 * the agent command that runs it: a command line with a `{prompt}` or
 * `{prompt_file}` placeholder. The agent ticks the steps in the plan file;
 * pw_handoff_merge_ticks() brings those ticks into a plan the user is
 * editing without losing the user's edits.
 */

#pragma once

#include <gio/gio.h>

#include "pw-types.h"

G_BEGIN_DECLS

#define PW_HANDOFF_ERROR (pw_handoff_error_quark ())

/**
 * PwHandoffError:
 * @PW_HANDOFF_ERROR_NO_STEPS: the plan has no implementation steps
 * @PW_HANDOFF_ERROR_ALL_DONE: every step of the plan is done
 * @PW_HANDOFF_ERROR_COMMAND: the agent command is empty, malformed or has
 *   no placeholder
 * @PW_HANDOFF_ERROR_CONFLICT: the file changed on disk in more than its
 *   ticks, or a tick falls on a line the user edited
 */
typedef enum
{
  PW_HANDOFF_ERROR_NO_STEPS,
  PW_HANDOFF_ERROR_ALL_DONE,
  PW_HANDOFF_ERROR_COMMAND,
  PW_HANDOFF_ERROR_CONFLICT,
} PwHandoffError;

#define PW_HANDOFF_DEFAULT_COUNT 3

/**
 * PwHandoff:
 * @text: the prompt, exactly as the agent gets it
 * @plan_path: the plan's path, relative to the repository
 * @steps: (element-type guint): 0-based indices of the batch's steps
 * @n_open: open steps in the whole plan, the batch's included
 * @rules: (element-type utf8): paths of the rules files in the prompt
 */
typedef struct
{
  char      *text;
  char      *plan_path;
  GArray    *steps;
  guint      n_open;
  GPtrArray *rules;
} PwHandoff;

/**
 * PwAgentPreset:
 * @name: the agent's name, as shown
 * @command: its command line, with a placeholder
 *
 * A common coding-agent command line.
 */
typedef struct
{
  const char *name;
  const char *command;
} PwAgentPreset;

GQuark               pw_handoff_error_quark         (void);

GArray              *pw_handoff_select_batch        (PwPlan       *plan,
                                                     guint         count) G_GNUC_WARN_UNUSED_RESULT;
PwHandoff           *pw_handoff_new                 (PwPlan       *plan,
                                                     const char   *plan_path,
                                                     guint         count,
                                                     GPtrArray    *rules,
                                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
void                 pw_handoff_free                (PwHandoff    *handoff);
char                *pw_handoff_format_steps        (PwHandoff    *handoff) G_GNUC_WARN_UNUSED_RESULT;

GFile               *pw_handoff_find_repository     (GFile        *plan) G_GNUC_WARN_UNUSED_RESULT;

const PwAgentPreset *pw_handoff_get_presets         (guint        *n_presets);
gboolean             pw_handoff_check_command       (const char   *command,
                                                     GError      **error);
gboolean             pw_handoff_command_wants_file  (const char   *command);
char               **pw_handoff_expand_command      (const char   *command,
                                                     const char   *prompt,
                                                     const char   *prompt_file,
                                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
char                *pw_handoff_format_argv         (const char * const *argv) G_GNUC_WARN_UNUSED_RESULT;
char                *pw_handoff_write_prompt_file   (const char   *prompt,
                                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;

char                *pw_handoff_merge_ticks         (const char   *base,
                                                     const char   *mine,
                                                     const char   *theirs,
                                                     guint        *n_ticks,
                                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwHandoff, pw_handoff_free)

G_END_DECLS
