/* pw-cli-plan.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-cli-plan"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pw-cli.h"
#include "pw-document.h"
#include "pw-endpoints.h"
#include "pw-export.h"
#include "pw-history.h"
#include "pw-planning.h"
#include "pw-profile.h"
#include "pw-prompt.h"
#include "pw-provider.h"
#include "pw-secrets.h"
#include "pw-template.h"
#include "pw-workspace.h"

/* planwright plan: assembles the prompt, runs it through a provider (the
 * offline draft planner when nothing is configured), streams progress to
 * stderr, and writes the plan in exported form.  Ctrl+C cancels the
 * request, closes the connection and exits with 130.
 */

typedef struct
{
  GCancellable *cancellable;
  GAsyncResult *result;
  gboolean      tty;
  gint64        last_progress_us;
  gboolean      progress_shown;
} PlanRun;

static gboolean
sigint_cb (gpointer user_data)
{
  PlanRun *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static void
delta_cb (PwGeneration *generation,
          const char   *text,
          gpointer      user_data)
{
  PlanRun *run = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - run->last_progress_us < 200 * G_TIME_SPAN_MILLISECOND)
    return;
  run->last_progress_us = now;

  if (run->tty)
    {
      fputc ('\r', stderr);
      fprintf (stderr, _("planwright plan: received %lu bytes, ~%u tokens   "),
               (unsigned long)pw_generation_get_text_length (generation),
               pw_generation_get_output_tokens (generation));
      run->progress_shown = TRUE;
    }
}

static void
state_cb (PwGeneration *generation,
          GParamSpec   *pspec,
          gpointer      user_data)
{
  PlanRun *run = user_data;

  switch (pw_generation_get_state (generation))
    {
    case PW_GENERATION_STATE_CONNECTING:
      fprintf (stderr, _("planwright plan: sending the prompt (attempt %u)…\n"),
               pw_generation_get_attempts (generation));
      break;
    case PW_GENERATION_STATE_STREAMING:
      fprintf (stderr, _("planwright plan: first text after %.2f s\n"),
               pw_generation_get_time_to_first_token (generation));
      break;
    case PW_GENERATION_STATE_FINISHED:
      if (run->progress_shown)
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
retrying_cb (PwGeneration *generation,
             guint         attempt,
             guint         delay_ms,
             const char   *reason,
             gpointer      user_data)
{
  fprintf (stderr, _("planwright plan: %s; retrying in %.1f s\n"), reason, delay_ms / 1000.0);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  PlanRun *run = user_data;

  run->result = g_object_ref (result);
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
      return PW_EXIT_PROTOCOL;
    case PW_PROVIDER_ERROR_CONFIG:
    case PW_PROVIDER_ERROR_INSECURE:
      return PW_EXIT_USAGE;
    case PW_PROVIDER_ERROR_CLIENT:
    default:
      return PW_EXIT_FAILURE;
    }
}

/* Picks the provider: --profile, or --provider with its options, or the
 * default profile, or the offline draft planner. */
static PwProvider *
choose_provider (const char  *profile_name,
                 const char  *provider_kind,
                 const char  *base_url,
                 const char  *model,
                 char       **secret,
                 char       **display,
                 GError     **error)
{
  g_autoptr(PwProfile) profile = NULL;
  g_autoptr(PwProviderOptions) options = NULL;
  PwProviderKind kind;

  if (profile_name != NULL)
    {
      profile = pw_profile_lookup (profile_name);
      if (profile == NULL)
        {
          g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG,
                       _("No profile is called “%s”"), profile_name);
          return NULL;
        }
    }
  else if (provider_kind == NULL)
    {
      profile = pw_profile_get_default ();
    }

  if (profile != NULL)
    {
      *secret = pw_profile_resolve_key (profile, NULL, NULL, NULL);
      options = pw_profile_to_options (profile, *secret);
      *display = pw_profile_dup_name (profile);
      return pw_provider_new (pw_profile_get_kind (profile), options);
    }

  if (provider_kind == NULL)
    kind = PW_PROVIDER_KIND_OFFLINE;
  else if (!pw_provider_kind_from_string (provider_kind, &kind))
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_CONFIG,
                   _("Unknown provider “%s”; use openai, anthropic, ollama or offline"),
                   provider_kind);
      return NULL;
    }

  /* Without a profile the key can only come from the environment: never
   * from the command line, where other users could read it. */
  options = pw_provider_options_new ();
  options->profile_name = g_strdup (pw_provider_kind_to_string (kind));
  options->base_url = g_strdup (base_url);
  if (kind == PW_PROVIDER_KIND_OLLAMA && base_url == NULL && g_getenv ("OLLAMA_HOST") != NULL)
    {
      const char *host = g_getenv ("OLLAMA_HOST");

      g_free (options->base_url);
      options->base_url = strstr (host, "://") != NULL ? g_strdup (host)
                                                       : g_strconcat ("http://", host, NULL);
    }
  options->model = g_strdup (model);
  *secret = g_strdup (pw_secrets_get_env_key (kind, NULL));
  options->api_key = g_strdup (*secret);
  *display = g_strdup (options->profile_name);

  return pw_provider_new (kind, options);
}

static gboolean
write_output (PwWorkspace  *workspace,
              PwTemplate   *template,
              const char   *output,
              const char   *subject,
              const char   *text,
              gboolean      force,
              char        **written,
              GError      **error)
{
  if (output == NULL || g_str_equal (output, "auto"))
    {
      g_autofree char *target = pw_export_target_path (template, subject);

      if (target == NULL)
        {
          g_set_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_INVALID,
                       _("“%s” gives an empty file name"), subject);
          return FALSE;
        }
      if (!pw_export_write (workspace, target, text, force, error))
        return FALSE;
      *written = g_steal_pointer (&target);
      return TRUE;
    }

  if (g_str_equal (output, "-"))
    {
      fputs (text, stdout);
      fflush (stdout);
      *written = g_strdup ("-");
      return TRUE;
    }

  {
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (output);

    if (!force && g_file_query_exists (file, NULL))
      {
        g_set_error (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT,
                     _("%s already exists"), output);
        return FALSE;
      }
    if (!g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, NULL, error))
      return FALSE;
    *written = g_file_get_path (file);
    return TRUE;
  }
}

int
pw_cli_plan (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwTemplate) template = NULL;
  g_autoptr(PwPromptRequest) request = NULL;
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(PwGeneration) generation = NULL;
  g_autoptr(GFile) root = NULL;
  g_autoptr(PwHistory) history = NULL;
  g_autoptr(PwPlanSpec) spec = NULL;
  g_autoptr(JsonNode) entry = NULL;
  g_auto(GStrv) input_hashes = NULL;
  g_autofree char *template_id = NULL;
  g_autofree char *feature = NULL;
  g_autofree char *endpoint_key = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *provider_kind = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *model = NULL;
  g_autofree char *output = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *display = NULL;
  g_autofree char *rendered = NULL;
  g_autofree char *written = NULL;
  const char *subject;
  gboolean force = FALSE;
  gboolean ok;
  guint sigint_id;
  int status = PW_EXIT_OK;
  PlanRun run = { NULL, };
  PwProvenance prov = { NULL, };
  PwHistoryRecord record = { NULL, };
  GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_id, N_("Template id"), N_("ID") },
    { "endpoint", 'e', 0, G_OPTION_ARG_STRING, &endpoint_key, N_("Endpoint the plan is for"),
      N_("\"METHOD /path\"") },
    { "feature", 'f', 0, G_OPTION_ARG_STRING, &feature, N_("Feature the plan is for"), N_("NAME") },
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name, N_("Provider profile to use"),
      N_("NAME") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider_kind,
      N_("Provider without a profile: openai, anthropic, ollama or offline"), N_("KIND") },
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url, N_("Server base URL for --provider"),
      N_("URL") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model, N_("Model for --provider"), N_("MODEL") },
    { "output", 'o', 0, G_OPTION_ARG_STRING, &output,
      N_("Where to write the plan: auto (the template’s path), a file, or - for stdout"),
      N_("auto|FILE|-") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace an existing file"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DIR — write an implementation plan with a model"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return pw_cli_usage_error ("plan", "%s", error->message);

  if (argc != 2)
    return pw_cli_usage_error ("plan", _("Expected one folder, got %d arguments"), argc - 1);
  if (template_id == NULL)
    return pw_cli_usage_error ("plan", _("Choose a template with --template"));
  if ((feature == NULL) == (endpoint_key == NULL))
    return pw_cli_usage_error ("plan", _("Give exactly one of --endpoint and --feature"));
  if (profile_name != NULL && provider_kind != NULL)
    return pw_cli_usage_error ("plan", _("Give --profile or --provider, not both"));
  if (provider_kind == NULL && (base_url != NULL || model != NULL))
    return pw_cli_usage_error ("plan", _("--base-url and --model go with --provider"));

  root = g_file_new_for_commandline_arg (argv[1]);
  workspace = pw_workspace_open (root, NULL, &error);
  if (workspace == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "plan", error);
  template = pw_template_lookup (root, template_id, &error);
  if (template == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "plan", error);

  request = pw_prompt_request_new (template);
  if (feature != NULL)
    pw_prompt_request_set_feature (request, feature);
  else
    pw_prompt_request_add_endpoint (request, endpoint_key);
  result = pw_prompt_assemble (workspace, request, &error);
  if (result == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "plan", error);
  for (guint i = 0; i < result->warnings->len; i++)
    fprintf (stderr, _("planwright plan: warning: %s\n"),
             (const char *) g_ptr_array_index (result->warnings, i));

  provider = choose_provider (profile_name, provider_kind, base_url, model, &secret, &display,
                              &error);
  if (provider == NULL)
    return pw_cli_error (PW_EXIT_USAGE, "plan", error);

  spec = pw_plan_spec_new ();
  spec->template_id = g_strdup (template_id);
  spec->feature = g_strdup (feature);
  if (endpoint_key != NULL)
    spec->endpoints = g_strdupv ((char *[]) { endpoint_key, NULL });
  generation = pw_planning_new_generation (workspace, template, result, spec);

  fprintf (stderr, _("planwright plan: %s, prompt of ~%lu tokens\n"),
           display, (unsigned long)result->tokens);

  run.cancellable = g_cancellable_new ();
  run.tty = isatty (STDERR_FILENO);
  g_signal_connect (generation, "delta", G_CALLBACK (delta_cb), &run);
  g_signal_connect (generation, "notify::state", G_CALLBACK (state_cb), &run);
  g_signal_connect (generation, "retrying", G_CALLBACK (retrying_cb), &run);
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &run);

  pw_provider_generate_async (provider, generation, run.cancellable, done_cb, &run);
  while (run.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = pw_provider_generate_finish (provider, run.result, &error);
  g_source_remove (sigint_id);

  /* Record every attempt, complete or not, without the key. */
  subject = feature != NULL ? feature : endpoint_key;
  input_hashes = pw_prompt_result_dup_input_hashes (result);
  record.template_id = pw_template_get_id (template);
  record.subject = subject;
  record.prompt = result->text;
  record.input_hashes = (const char * const *) input_hashes;
  record.profile_name = display;
  record.provider_kind = pw_provider_kind_to_string (pw_provider_get_kind (provider));

  if (!ok)
    {
      fprintf (stderr, _("planwright plan: %s after %lu bytes of answer\n"),
               pw_generation_end_to_string (pw_generation_get_end (generation)),
               (unsigned long)pw_generation_get_text_length (generation));
      status = pw_cli_error (exit_status_for (error), "plan", error);
    }
  else
    {
      prov.template_id = pw_template_get_id (template);
      prov.model = pw_generation_get_model (generation);
      prov.inputs = (const char * const *) input_hashes;
      rendered = pw_export_render_text (pw_generation_get_text (generation),
                                        pw_generation_get_text_length (generation), template, &prov);
      if (!write_output (workspace, template, output, subject, rendered, force, &written, &error))
        {
          if (g_error_matches (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_CONFLICT))
            {
              g_autofree char *message = g_strdup_printf (_("%s (use --force to replace it)"),
                                                          error->message);

              g_free (error->message);
              error->message = g_steal_pointer (&message);
              status = pw_cli_error (PW_EXIT_CONFLICT, "plan", error);
            }
          else
            status = pw_cli_error (g_error_matches (error, PW_EXPORT_ERROR, PW_EXPORT_ERROR_OUTSIDE)
                                   ? PW_EXIT_USAGE : PW_EXIT_FAILURE, "plan", error);
        }
      else
        {
          record.output_path = written;
          fprintf (stderr, _("planwright plan: done: %u input and %u output tokens, %.1f tokens/s"
                             "%s%s\n"),
                   pw_generation_get_input_tokens (generation),
                   pw_generation_get_output_tokens (generation),
                   pw_generation_get_tokens_per_second (generation),
                   g_str_equal (written, "-") ? "" : _(", written to "),
                   g_str_equal (written, "-") ? "" : written);
        }
    }

  history = pw_history_new (root);
  entry = pw_history_entry_new (generation, &record);
  g_clear_error (&error);
  if (!pw_history_append (history, entry, secret, NULL, &error))
    fprintf (stderr, _("planwright plan: warning: history not saved: %s\n"), error->message);

  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_clear_object (&run.result);
  g_clear_object (&run.cancellable);

  return status;
}
