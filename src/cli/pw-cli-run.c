/* pw-cli-run.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-run"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pw-cli.h"
#include "pw-cli-run.h"
#include "pw-export.h"

/* `planwright plan` and `planwright revise` drive a PwPlanRun the same
 * way: the provider options, progress on stderr, Ctrl+C to cancel (the
 * request is cancelled, the connection closed, exit 130), and an exit
 * status for the way the run ended. Every line starts with
 * "planwright COMMAND: ". */

typedef struct
{
  const char   *command;
  PwPlanRun    *run;
  GAsyncResult *result;
  gboolean      tty;
  gint64        last_progress_us;
  gboolean      progress_shown;
} Progress;

static void say (Progress   *progress,
                 const char *format,
                 ...) G_GNUC_PRINTF (2, 3);

/* One line on stderr, after "planwright COMMAND: ". */
static void
say (Progress   *progress,
     const char *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  pw_cli_print (stderr, "planwright %s: %s", progress->command, message);
}

static gboolean
sigint_cb (gpointer user_data)
{
  Progress *progress = user_data;

  pw_plan_run_cancel (progress->run);
  return G_SOURCE_CONTINUE;
}

static void
prompt_cb (PwPlanRun  *run,
           GParamSpec *pspec,
           Progress   *progress)
{
  PwPromptResult *prompt = pw_plan_run_get_prompt (run);

  for (guint i = 0; i < prompt->warnings->len; i++)
    say (progress, _("warning: %s\n"), (const char *) g_ptr_array_index (prompt->warnings, i));
}

static void
delta_cb (PwPlanRun  *run,
          const char *text,
          Progress   *progress)
{
  PwGeneration *generation = pw_plan_run_get_generation (run);
  gint64 now = g_get_monotonic_time ();

  if (now - progress->last_progress_us < 200 * G_TIME_SPAN_MILLISECOND)
    return;
  progress->last_progress_us = now;

  if (progress->tty)
    {
      fputc ('\r', stderr);
      say (progress, _("received %lu bytes, ~%u tokens   "),
           (unsigned long)pw_generation_get_text_length (generation),
           pw_generation_get_output_tokens (generation));
      progress->progress_shown = TRUE;
    }
}

static void
generation_state_cb (PwGeneration *generation,
                     GParamSpec   *pspec,
                     Progress     *progress)
{
  switch (pw_generation_get_state (generation))
    {
    case PW_GENERATION_STATE_CONNECTING:
      say (progress, _("sending the prompt (attempt %u)…\n"),
           pw_generation_get_attempts (generation));
      break;
    case PW_GENERATION_STATE_STREAMING:
      say (progress, _("first text after %.2f s\n"),
           pw_generation_get_time_to_first_token (generation));
      break;
    case PW_GENERATION_STATE_FINISHED:
      if (progress->progress_shown)
        fputc ('\n', stderr);
      break;
    case PW_GENERATION_STATE_IDLE:
    case PW_GENERATION_STATE_WAITING:
    case PW_GENERATION_STATE_RETRYING:
    default:
      break;
    }
}

static void
generation_warning_cb (PwGeneration *generation,
                       const char   *message,
                       Progress     *progress)
{
  if (progress->progress_shown)
    fputc ('\n', stderr);
  progress->progress_shown = FALSE;
  say (progress, _("warning: %s\n"), message);
}

/* The run is ready to send: say with what, then follow the generation. */
static void
generation_cb (PwPlanRun  *run,
               GParamSpec *pspec,
               Progress   *progress)
{
  say (progress, _("%s, prompt of ~%lu tokens\n"), pw_plan_run_get_provider_name (run),
       (unsigned long)pw_plan_run_get_prompt (run)->tokens);
  g_signal_connect (pw_plan_run_get_generation (run), "notify::state",
                    G_CALLBACK (generation_state_cb), progress);
  g_signal_connect (pw_plan_run_get_generation (run), "warning",
                    G_CALLBACK (generation_warning_cb), progress);
}

static void
retrying_cb (PwPlanRun  *run,
             guint       attempt,
             guint       delay_ms,
             const char *reason,
             Progress   *progress)
{
  say (progress, _("%s; retrying in %.1f s\n"), reason, delay_ms / 1000.0);
}

static int
exit_status_for (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return PW_EXIT_CANCELLED;
  if (error->domain != PW_PROVIDER_ERROR)
    return PW_EXIT_FAILURE;

  switch ((PwProviderError) error->code)
    {
    case PW_PROVIDER_ERROR_AUTH:
      return PW_EXIT_AUTH;
    case PW_PROVIDER_ERROR_RATE_LIMITED:
    case PW_PROVIDER_ERROR_QUOTA:
      return PW_EXIT_RATE_LIMITED;
    case PW_PROVIDER_ERROR_SERVER:
    case PW_PROVIDER_ERROR_NETWORK:
    case PW_PROVIDER_ERROR_INCOMPLETE:
    case PW_PROVIDER_ERROR_TIMEOUT:
      return PW_EXIT_SERVER;
    case PW_PROVIDER_ERROR_PROTOCOL:
    case PW_PROVIDER_ERROR_TOO_LARGE:
      return PW_EXIT_PROTOCOL;
    case PW_PROVIDER_ERROR_REFUSED:
      return PW_EXIT_REFUSED;
    case PW_PROVIDER_ERROR_TRUNCATED:
      return PW_EXIT_TRUNCATED;
    case PW_PROVIDER_ERROR_CONFIG:
    case PW_PROVIDER_ERROR_INSECURE:
    case PW_PROVIDER_ERROR_REDIRECTED:
      return PW_EXIT_USAGE;
    case PW_PROVIDER_ERROR_CLIENT:
    default:
      return PW_EXIT_FAILURE;
    }
}

static int
report_write_error (Progress *progress,
                    GError   *error)
{
  if (g_error_matches (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT))
    {
      g_autofree char *message = g_strdup_printf (_("%s (use --force to replace it)"),
                                                  error->message);

      g_free (error->message);
      error->message = g_steal_pointer (&message);
      return pw_cli_error (PW_EXIT_CONFLICT, progress->command, error);
    }

  return pw_cli_error (g_error_matches (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE)
                       ? PW_EXIT_USAGE : PW_EXIT_FAILURE, progress->command, error);
}

/* Prints how the run ended and returns the exit status: preparing failed
 * (a usage error), the generation failed, or writing the plan did. */
static int
report_end (Progress *progress,
            GError   *error)
{
  PwGeneration *generation = pw_plan_run_get_generation (progress->run);
  const char *written = pw_plan_run_get_output_path (progress->run);

  if (generation == NULL)
    return pw_cli_error (PW_EXIT_USAGE, progress->command, error);

  if (pw_generation_get_end (generation) == PW_GENERATION_END_TRUNCATED && written != NULL)
    {
      say (progress, _("warning: %s\n"), error->message);
      if (!g_str_equal (written, "-"))
        say (progress, _("the incomplete plan was written to %s\n"), written);
      return PW_EXIT_TRUNCATED;
    }
  if (error != NULL && error->domain == PW_EXPORT_ERROR)
    return report_write_error (progress, error);
  if (error != NULL && pw_generation_get_end (generation) != PW_GENERATION_END_COMPLETE)
    {
      say (progress, _("%s after %lu bytes of answer\n"),
           pw_generation_end_to_string (pw_generation_get_end (generation)),
           (unsigned long)pw_generation_get_text_length (generation));
      return pw_cli_error (exit_status_for (error), progress->command, error);
    }
  if (error != NULL)
    return report_write_error (progress, error);

  /* An offline draft has no model, so no throughput to report. */
  if (g_strcmp0 (pw_generation_get_model (generation), "offline-draft") == 0)
    {
      say (progress, _("done: offline draft of %lu bytes%s%s\n"),
           (unsigned long) pw_generation_get_text_length (generation),
           g_str_equal (written, "-") ? "" : _(", written to "),
           g_str_equal (written, "-") ? "" : written);
      return PW_EXIT_OK;
    }
  say (progress, _("done: %u input and %u output tokens, %.1f tokens/s%s%s\n"),
       pw_generation_get_input_tokens (generation),
       pw_generation_get_output_tokens (generation),
       pw_generation_get_tokens_per_second (generation),
       g_str_equal (written, "-") ? "" : _(", written to "),
       g_str_equal (written, "-") ? "" : written);
  return PW_EXIT_OK;
}

/**
 * pw_cli_run_follow:
 * @run: a run, not started
 * @command: the subcommand, for the messages
 *
 * Runs @run to its end, reporting on stderr; Ctrl+C cancels it.
 *
 * Returns: the exit status
 */
int
pw_cli_run_follow (PwPlanRun  *run,
                   const char *command)
{
  g_autoptr(GError) error = NULL;
  Progress progress = { NULL, };
  guint sigint_id;
  int status;

  progress.command = command;
  progress.run = run;
  progress.tty = isatty (STDERR_FILENO);
  g_signal_connect (run, "notify::prompt", G_CALLBACK (prompt_cb), &progress);
  g_signal_connect (run, "notify::generation", G_CALLBACK (generation_cb), &progress);
  g_signal_connect (run, "delta", G_CALLBACK (delta_cb), &progress);
  g_signal_connect (run, "retrying", G_CALLBACK (retrying_cb), &progress);
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &progress);

  pw_plan_run_run_async (run, NULL, pw_cli_store_result_cb, &progress.result);
  while (progress.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint_id);

  pw_plan_run_run_finish (run, progress.result, &error);
  status = report_end (&progress, error);
  if (pw_plan_run_get_history_error (run) != NULL)
    say (&progress, _("warning: history not saved: %s\n"),
         pw_plan_run_get_history_error (run)->message);

  g_signal_handlers_disconnect_by_data (run, &progress);
  if (pw_plan_run_get_generation (run) != NULL)
    g_signal_handlers_disconnect_by_data (pw_plan_run_get_generation (run), &progress);
  g_clear_object (&progress.result);
  return status;
}

/* ------------------------------------------------------------------ */
/* Options                                                             */
/* ------------------------------------------------------------------ */

void
pw_cli_run_args_clear (PwCliRunArgs *args)
{
  g_free (args->profile_name);
  g_free (args->provider_kind);
  g_free (args->base_url);
  g_free (args->model);
  g_free (args->output);
}

/**
 * pw_cli_run_add_options:
 * @output_help: what --output does, for the command's help
 * @output_arg: what --output takes
 *
 * Adds --profile, --provider, --base-url, --model, --output and --force.
 */
void
pw_cli_run_add_options (GOptionContext *context,
                        PwCliRunArgs   *args,
                        const char     *output_help,
                        const char     *output_arg)
{
  GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &args->profile_name, N_("Provider profile to use"),
      N_("NAME") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &args->provider_kind,
      N_("Provider without a profile: openai, anthropic, ollama or offline"), N_("KIND") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &args->base_url,
      N_("Server base URL for --provider"), N_("URL") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &args->model, N_("Model for --provider"),
      N_("MODEL") },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &args->output, output_help, output_arg },
    { "force", 0, 0, G_OPTION_ARG_NONE, &args->force, N_("Replace an existing file"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

/**
 * pw_cli_run_check_options:
 *
 * Returns: %PW_EXIT_OK, or %PW_EXIT_USAGE with the reason printed
 */
int
pw_cli_run_check_options (const char   *command,
                          PwCliRunArgs *args)
{
  if (args->profile_name != NULL && args->provider_kind != NULL)
    return pw_cli_usage_error (command, _("Give --profile or --provider, not both"));
  if (args->provider_kind == NULL && (args->base_url != NULL || args->model != NULL))
    return pw_cli_usage_error (command, _("--base-url and --model go with --provider"));

  return PW_EXIT_OK;
}

/* Moves the provider and output options into @spec. */
void
pw_cli_run_fill_spec (PwCliRunArgs *args,
                      PwPlanSpec   *spec)
{
  spec->profile_id = g_steal_pointer (&args->profile_name);
  spec->provider_kind = g_steal_pointer (&args->provider_kind);
  spec->base_url = g_steal_pointer (&args->base_url);
  spec->model = g_steal_pointer (&args->model);
  spec->output = g_steal_pointer (&args->output);
  spec->force = args->force;
}
