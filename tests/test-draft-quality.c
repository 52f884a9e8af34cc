/* test-draft-quality.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-draft-plan.h"
#include "pw-draft-sources.h"
#include "pw-endpoints.h"
#include "pw-lint.h"
#include "pw-openapi.h"
#include "pw-plan.h"
#include "pw-planning.h"
#include "pw-provider-offline.h"
#include "pw-template.h"
#include "pw-test-utils.h"
#include "pw-workspace.h"

/* The offline draft's quality, measured on every endpoint of every
 * corpus repository (../shared/corpus, skipped when absent) and of the
 * example.  Each draft goes through the real path: the workspace finds
 * the documents, pw_planning_new_generation() fills the generation as a
 * run would, PwDraftSources adds the repository's types file and existing
 * plans as PwPlanRun does for an offline draft, and
 * pw_offline_draft_build() writes the draft.  The figures
 * (see docs/BENCHMARKS.md, "Offline draft quality") are printed as TAP
 * comments; set PW_DRAFT_DUMP to a folder to keep every draft there.
 * The operations of the OpenAPI documents in ../shared/openapi (skipped
 * when absent) are measured the same way and reported apart.
 *
 * What is measured, per draft:
 * - absence claims the spec contradicts: a "none" item under request
 *   body, query parameters, response fields or path parameters, or "says
 *   nothing about authentication", when the spec has such things;
 * - coverage: in a draft for several endpoints, each requested endpoint
 *   named in it;
 * - flags: input items (bullets naming a `field` in the inputs section)
 *   that say required or optional (a guess such as "optional unless the
 *   spec says otherwise" does not count);
 * - constraints: limits the endpoint's section states (max/min N, ranges,
 *   lengths, enum lists, headers), found in the draft outside its quote
 *   of the spec;
 * - steps naming a file or folder;
 * - lines (not headings, not quoted spec) that occur verbatim in more
 *   than half of all drafts;
 * - lint errors against the template.
 */

typedef struct
{
  guint       lines;
  guint       shared;
  GHashTable *counts;        /* line → number of drafts having it */
  GPtrArray  *per_draft;     /* (element-type GPtrArray) distinct lines per draft */
} LineStats;

typedef struct
{
  guint  drafts;
  guint  false_absences;
  guint  false_drafts;
  guint  absence_claims;
  guint  requested;
  guint  covered;
  guint  input_items;
  guint  flagged_items;
  guint  constraints;
  guint  constraints_kept;
  guint  steps;
  guint  file_steps;
  guint  lint_errors;
  guint  polish_drafts;
  guint  repos_with_plans;
  LineStats   plain;
  LineStats   masked;        /* with the endpoint's own words and numbers masked */
  PwTemplate *template;
  GPtrArray  *openapi;       /* (nullable) the document's operations: drafts built directly */
  const char *openapi_text;
  const char *openapi_path;
  JsonNode   *openapi_tree;
  GRegex     *constraint_regex;
  GRegex     *file_regex;
  GRegex     *field_regex;
  char       *dump;
} Quality;

static gboolean
is_heading (const char *line)
{
  return line[0] == '#';
}

static gboolean
is_quote (const char *line)
{
  return line[strspn (line, " ")] == '>';
}

/* Whether @text below a label has things of the kind: a JSON key, a
 * TypeScript-like `name: type` or `name?:`, a table row, or a bullet
 * naming a `field`. */
static gboolean
has_fields (const char *text)
{
  static GRegex *regex = NULL;

  if (regex == NULL)
    regex = g_regex_new ("\"[A-Za-z_][A-Za-z0-9_]*\"\\s*:|\\b[a-z_][A-Za-z0-9_]*\\??\\s*:\\s*"
                         "(string|number|boolean|integer|int|uuid|date|array|object)\\b|"
                         "^\\s*\\|\\s*`?[a-z_][A-Za-z0-9_]*`?\\s*\\||"
                         "^\\s*[-*]\\s+\\**`[a-z_][A-Za-z0-9_]*`",
                         G_REGEX_MULTILINE | G_REGEX_CASELESS, 0, NULL);
  return g_regex_match (regex, text, 0, NULL);
}

/* The part of @section after a line naming @labels, up to the next label
 * of another kind (request vs response), or NULL. */
static char *
labelled_part (const char *section,
               const char *labels,
               const char *stop)
{
  g_autoptr(GRegex) start = g_regex_new (labels, G_REGEX_CASELESS | G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) end = g_regex_new (stop, G_REGEX_CASELESS | G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GMatchInfo) match_end = NULL;
  int from, to, stop_at;

  if (!g_regex_match (start, section, 0, &match))
    return NULL;
  g_match_info_fetch_pos (match, 0, &from, &to);
  stop_at = strlen (section);
  if (g_regex_match_full (end, section, -1, to, 0, &match_end, NULL))
    g_match_info_fetch_pos (match_end, 0, &stop_at, NULL);
  return g_strndup (section + to, stop_at - to);
}

static gboolean
spec_has (const char *section,
          const char *api_spec,
          const char *path,
          const char *kind)
{
  static const char request[] = "^.*(request body|request:|\\bbody\\b|payload|żądani|input).*$";
  static const char response[] = "^.*(response|odpowied|returns|zwraca|success|200 ok|201).*$";
  g_autofree char *part = NULL;

  if (g_str_equal (kind, "body"))
    part = labelled_part (section, request, response);
  else if (g_str_equal (kind, "response"))
    part = labelled_part (section, response, "^.*(error|błęd).*$");
  else if (g_str_equal (kind, "query"))
    return strchr (path, '?') != NULL ||
           ((part = labelled_part (section, "^.*(query|parametr).*$", "^\\s*#|^.*(request body|response).*$")) != NULL &&
            has_fields (part));
  else if (g_str_equal (kind, "path"))
    return strchr (path, '{') != NULL;
  else if (g_str_equal (kind, "auth"))
    {
      g_autoptr(GRegex) auth = g_regex_new ("^#{1,4}.*(auth|uwierzyteln|autoryz|security|"
                                            "bezpiecz)|bearer|jwt|token|session|sesj|rls|"
                                            "zalogowan|authenticat",
                                            G_REGEX_CASELESS | G_REGEX_MULTILINE, 0, NULL);

      return g_regex_match (auth, section, 0, NULL) || g_regex_match (auth, api_spec, 0, NULL);
    }
  return part != NULL && has_fields (part);
}

/* Counts the draft's absence claims and those the spec contradicts. */
static void
measure_absences (Quality    *quality,
                  const char *draft,
                  const char *section,
                  const char *api_spec,
                  const char *path)
{
  g_auto(GStrv) lines = g_strsplit (draft, "\n", -1);
  const char *kind = NULL;
  guint before = quality->false_absences;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (lines[i], -1);
      const char *claim = NULL;

      if (strstr (lower, "request body") != NULL || strstr (lower, "body field") != NULL)
        kind = "body";
      else if (strstr (lower, "query param") != NULL)
        kind = "query";
      else if (strstr (lower, "response field") != NULL)
        kind = "response";
      else if (strstr (lower, "path param") != NULL)
        kind = "path";

      if (strstr (lower, "says nothing about authentication") != NULL)
        claim = "auth";
      else if (kind != NULL && (g_regex_match_simple ("^\\s*-\\s*(none|brak)\\b", lower, 0, 0) ||
                                strstr (lower, ": none") != NULL))
        claim = kind;
      if (claim == NULL)
        continue;
      quality->absence_claims++;
      if (spec_has (section, api_spec, path, claim))
        quality->false_absences++;
    }
  if (quality->false_absences > before)
    quality->false_drafts++;
}

/* The inputs section: from a heading about the request or inputs to the
 * next heading of the same level. */
static void
measure_flags (Quality    *quality,
               const char *draft)
{
  g_auto(GStrv) lines = g_strsplit (draft, "\n", -1);
  gboolean inside = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (lines[i], -1);

      if (g_str_has_prefix (lines[i], "## "))
        inside = g_regex_match_simple ("request|input|żądani|wejści", lower, 0, 0);
      if (!inside || is_quote (lines[i]) || !g_regex_match (quality->field_regex, lines[i], 0, NULL))
        continue;
      quality->input_items++;
      if (g_regex_match_simple ("required|optional|wymagan|opcjonaln", lower, 0, 0) &&
          strstr (lower, "unless the spec") == NULL)
        quality->flagged_items++;
    }
}

/* The draft without its quotes of the spec (blockquotes and fenced
 * "markdown" blocks) and, with @numbers FALSE, without list numbers. */
static char *
unquoted (const char *draft,
          gboolean    numbers)
{
  g_auto(GStrv) lines = g_strsplit (draft, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *fence = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i] + strspn (lines[i], " ");

      if (fence != NULL)
        {
          if (g_str_has_prefix (line, fence) && line[strspn (line, "`~")] == '\0')
            g_clear_pointer (&fence, g_free);
          continue;
        }
      if ((g_str_has_prefix (line, "```") || g_str_has_prefix (line, "~~~")) &&
          g_str_has_prefix (line + strspn (line, "`~"), "markdown"))
        {
          fence = g_strndup (line, strspn (line, "`~"));
          continue;
        }
      if (is_quote (line))
        continue;
      if (!numbers)
        line += strspn (line, "0123456789");
      g_string_append_printf (out, "%s\n", numbers ? lines[i] : line);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
measure_constraints (Quality    *quality,
                     const char *draft,
                     const char *section)
{
  g_autofree char *body = unquoted (draft, FALSE);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (quality->constraint_regex, section, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *key = g_match_info_fetch_named (match, "key");
      g_autofree char *other = g_match_info_fetch_named (match, "other");
      g_autofree char *escaped = NULL;
      g_autofree char *pattern = NULL;

      if (key == NULL || *key == '\0')
        {
          g_free (key);
          key = g_match_info_fetch_named (match, "header");
        }
      if (key == NULL || *key == '\0')
        {
          g_free (key);
          key = g_match_info_fetch_named (match, "enum");
        }
      escaped = g_regex_escape_string (key, -1);
      pattern = g_strdup_printf ("(?<![0-9A-Za-z_])%s(?![0-9A-Za-z_])", escaped);
      quality->constraints++;
      if (g_regex_match_simple (pattern, body, 0, 0) &&
          (other == NULL || *other == '\0' || strstr (body, other) != NULL))
        quality->constraints_kept++;
      g_match_info_next (match, NULL);
    }
}

static void
measure_steps (Quality    *quality,
               const char *draft)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (draft, -1);

  for (guint i = 0; i < pw_plan_get_n_steps (plan); i++)
    {
      const PwPlanStep *step = pw_plan_get_step (plan, i);

      if (step->depth > 0)
        continue;
      quality->steps++;
      if (g_regex_match (quality->file_regex, step->text, 0, NULL))
        quality->file_steps++;
    }
}

static void
measure_lint (Quality    *quality,
              const char *draft)
{
  g_autoptr(GPtrArray) issues = pw_lint_check (draft, -1, quality->template);

  if (pw_lint_has_errors (issues))
    {
      quality->lint_errors++;
      for (guint i = 0; i < issues->len; i++)
        {
          PwLintIssue *issue = g_ptr_array_index (issues, i);

          if (issue->severity == PW_LINT_SEVERITY_ERROR)
            g_test_message ("lint: line %u: %s", issue->line, issue->message);
        }
    }
}

static void
remember_lines (LineStats  *stats,
                const char *draft)
{
  g_auto(GStrv) lines = g_strsplit (draft, "\n", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (*line == '\0' || is_heading (line) || is_quote (line) || g_str_has_prefix (line, "<!--"))
        continue;
      /* g_hash_table_add() would replace a key equal to @line, which is freed. */
      if (g_hash_table_contains (seen, line))
        continue;
      g_hash_table_add (seen, line);
      g_ptr_array_add (kept, g_steal_pointer (&line));
    }
  for (guint i = 0; i < kept->len; i++)
    {
      const char *line = g_ptr_array_index (kept, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (stats->counts, line));

      g_hash_table_insert (stats->counts, g_strdup (line), GUINT_TO_POINTER (count + 1));
    }
  g_ptr_array_add (stats->per_draft, kept);
}

/* @text with the endpoint's method, path and path words replaced by "X"
 * and every number by "N": what is left is the draft's own wording. */
static char *
masked (const char       *text,
        const PwEndpoint *endpoint)
{
  g_auto(GStrv) words = g_strsplit_set (endpoint->path, "/{}", -1);
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autoptr(GRegex) digits = g_regex_new ("[0-9]+", 0, 0, NULL);
  char *out = g_regex_replace_literal (digits, lower, -1, 0, "N", 0, NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_strdown (words[i], -1);
      g_autofree char *stem = NULL;
      g_autofree char *escaped = NULL;
      g_autoptr(GRegex) regex = NULL;
      char *next;

      if (strlen (word) < 3)
        continue;
      /* "books" masks "book", "bookdto", "createbookcommand" too. */
      stem = g_strndup (word, strlen (word) - (g_str_has_suffix (word, "s") ? 1 : 0));
      escaped = g_regex_escape_string (stem, -1);
      regex = g_regex_new (escaped, 0, 0, NULL);
      next = g_regex_replace_literal (regex, out, -1, 0, "X", 0, NULL);
      g_free (out);
      out = next;
    }
  return out;
}

static void
dump_draft (Quality    *quality,
            const char *repo,
            const char *key,
            const char *draft)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (quality->dump == NULL)
    return;
  name = g_strdup_printf ("%s__%s.md", repo, key);
  g_strdelimit (name, "/ {}:?", '_');
  path = g_build_filename (quality->dump, name, NULL);
  g_file_set_contents (path, draft, -1, NULL);
}

/* An OpenAPI document's draft for @keys from its operations read once:
 * a run reads the whole document again for each draft, too slow for
 * documents of hundreds of operations. */
static char *
build_openapi_draft (Quality            *quality,
                     const char * const *keys)
{
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  g_autoptr(GPtrArray) sections = g_ptr_array_new ();
  PwDraftInput input = { 0 };

  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (endpoints, (gpointer) pw_endpoints_find (quality->openapi, keys[i]));
  for (guint i = 0; i < pw_template_get_n_sections (quality->template); i++)
    g_ptr_array_add (sections, (gpointer) pw_template_get_section_name (quality->template, i));
  g_ptr_array_add (sections, NULL);
  input.api_spec = quality->openapi_text;
  input.api_spec_path = quality->openapi_path;
  input.endpoints = endpoints;
  input.sections = (const char * const *) sections->pdata;
  input.openapi_tree = quality->openapi_tree;
  return pw_draft_plan_build (&input);
}

/* One draft for @keys in @workspace, through the run's own path. */
static char *
build_draft (Quality            *quality,
             PwWorkspace        *workspace,
             PwDraftSources     *sources,
             const char * const *keys)
{
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwGeneration) generation = NULL;
  PwTemplate *template = quality->template;
  PwPromptResult result = { 0 };

  if (quality->openapi != NULL)
    return build_openapi_draft (quality, keys);
  spec->template_id = g_strdup (pw_template_get_id (template));
  spec->endpoints = g_strdupv ((char **) keys);
  result.text = (char *) "";
  generation = pw_planning_new_generation (workspace, template, &result, spec);
  pw_draft_sources_apply (sources, generation);
  return pw_offline_draft_build (generation);
}

static char *
section_of (const char       *api_spec,
            const PwEndpoint *endpoint)
{
  if (endpoint->section_text != NULL)
    return g_strdup (endpoint->section_text);
  if (endpoint->section_end <= endpoint->section_start || endpoint->section_end > strlen (api_spec))
    return g_strdup ("");
  return g_strndup (api_spec + endpoint->section_start,
                    endpoint->section_end - endpoint->section_start);
}

static void
measure_draft (Quality          *quality,
               const char       *repo,
               const char       *api_spec,
               const PwEndpoint *endpoint,
               const char       *draft)
{
  g_autofree char *section = section_of (api_spec, endpoint);
  g_autofree char *key = pw_endpoint_dup_key (endpoint);

  g_autofree char *own = unquoted (draft, TRUE);

  quality->drafts++;
  quality->polish_drafts += strstr (draft, "Plan implementacji") != NULL;
  measure_absences (quality, own, section, api_spec, endpoint->raw_path);
  measure_flags (quality, own);
  measure_constraints (quality, draft, section);
  measure_steps (quality, draft);
  measure_lint (quality, draft);
  {
    g_autofree char *mask = masked (own, endpoint);

    remember_lines (&quality->plain, own);
    remember_lines (&quality->masked, mask);
  }
  dump_draft (quality, repo, key, draft);
}

/* Endpoints grouped by their first path segment after an api/version
 * prefix: what a person would plan together. */
static char *
group_of (const PwEndpoint *endpoint)
{
  g_auto(GStrv) parts = g_strsplit (endpoint->path, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || g_str_equal (parts[i], "api") || g_str_equal (parts[i], "rest") ||
          g_regex_match_simple ("^v[0-9]+$", parts[i], 0, 0))
        continue;
      return g_strdup (parts[i]);
    }
  return g_strdup ("");
}

static void
measure_groups (Quality        *quality,
                const char     *repo,
                PwWorkspace    *workspace,
                PwDraftSources *sources,
                GPtrArray      *endpoints)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer name, members;

  for (guint i = 0; i < endpoints->len; i++)
    {
      g_autofree char *group = group_of (g_ptr_array_index (endpoints, i));
      GPtrArray *keys = g_hash_table_lookup (groups, group);

      if (keys == NULL)
        {
          keys = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (groups, g_strdup (group), keys);
        }
      g_ptr_array_add (keys, pw_endpoint_dup_key (g_ptr_array_index (endpoints, i)));
    }

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &name, &members))
    {
      GPtrArray *keys = members;
      g_autofree char *draft = NULL;

      if (keys->len < 2)
        continue;
      g_ptr_array_add (keys, NULL);
      draft = build_draft (quality, workspace, sources, (const char * const *) keys->pdata);
      for (guint i = 0; i + 1 < keys->len; i++)
        {
          quality->requested++;
          if (strstr (draft, g_ptr_array_index (keys, i)) != NULL)
            quality->covered++;
        }
      dump_draft (quality, repo, name, draft);
    }
}

static void
measure_repository (Quality    *quality,
                    const char *dir,
                    const char *repo)
{
  g_autoptr(GFile) root = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(PwWorkspace) workspace = pw_workspace_open (root, NULL, &error);
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(PwDraftSources) sources = NULL;
  PwDocument *document;
  const char *api_spec;

  g_assert_no_error (error);
  sources = pw_draft_sources_new (workspace);
  pw_draft_sources_read (sources, NULL);
  quality->repos_with_plans += pw_draft_sources_get_n_plans (sources) > 0;
  document = pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC);
  if (document == NULL || (!pw_document_get_loaded (document) && !pw_document_load (document, NULL, NULL)))
    return;
  api_spec = pw_document_get_text (document);
  endpoints = pw_api_spec_extract (api_spec, strlen (api_spec),
                                   pw_document_get_relative_path (document), NULL);
  if (endpoints == NULL)
    return;
  if (pw_openapi_sniff (api_spec, strlen (api_spec)))
    {
      quality->openapi = endpoints;
      quality->openapi_text = api_spec;
      quality->openapi_path = pw_document_get_relative_path (document);
      quality->openapi_tree = pw_openapi_parse_tree (api_spec, strlen (api_spec), NULL, NULL);
    }
  for (guint i = 0; i < endpoints->len; i++)
    {
      const PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);
      g_autofree char *key = pw_endpoint_dup_key (endpoint);
      g_autofree char *draft = build_draft (quality, workspace, sources,
                                            (const char * const []) { key, NULL });

      measure_draft (quality, repo, api_spec, endpoint, draft);
    }
  measure_groups (quality, repo, workspace, sources, endpoints);
  quality->openapi = NULL;
  g_clear_pointer (&quality->openapi_tree, json_node_unref);
}

static void
count_shared_lines (LineStats *stats)
{
  for (guint i = 0; i < stats->per_draft->len; i++)
    {
      GPtrArray *lines = g_ptr_array_index (stats->per_draft, i);

      for (guint j = 0; j < lines->len; j++)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (stats->counts,
                                                               g_ptr_array_index (lines, j)));

          stats->lines++;
          if (count * 2 > stats->per_draft->len)
            stats->shared++;
        }
    }
}

static double
share (guint part,
       guint whole)
{
  return whole > 0 ? 100.0 * part / whole : 0.0;
}

static void
report (Quality *quality)
{
  g_test_message ("drafts: %u (%u in Polish; %u repositories with plans)", quality->drafts,
                  quality->polish_drafts, quality->repos_with_plans);
  g_test_message ("absence claims the spec contradicts: %u of %u claims, in %u drafts",
                  quality->false_absences, quality->absence_claims, quality->false_drafts);
  g_test_message ("requested endpoints covered in multi-endpoint drafts: %u of %u (%.0f %%)",
                  quality->covered, quality->requested, share (quality->covered, quality->requested));
  g_test_message ("input items with required/optional: %u of %u (%.0f %%)",
                  quality->flagged_items, quality->input_items,
                  share (quality->flagged_items, quality->input_items));
  g_test_message ("constraints kept outside the quote: %u of %u (%.0f %%)",
                  quality->constraints_kept, quality->constraints,
                  share (quality->constraints_kept, quality->constraints));
  g_test_message ("steps naming a file or folder: %u of %u (%.0f %%)", quality->file_steps,
                  quality->steps, share (quality->file_steps, quality->steps));
  g_test_message ("lines shared verbatim by more than half of all drafts: %u of %u (%.0f %%)",
                  quality->plain.shared, quality->plain.lines,
                  share (quality->plain.shared, quality->plain.lines));
  g_test_message ("the same with the endpoint's words and all numbers masked: %u of %u (%.0f %%)",
                  quality->masked.shared, quality->masked.lines,
                  share (quality->masked.shared, quality->masked.lines));
  g_test_message ("drafts with lint errors: %u", quality->lint_errors);
}

static void
quality_init (Quality *quality)
{
  g_autoptr(GError) error = NULL;

  for (LineStats *stats = &quality->plain; stats <= &quality->masked; stats++)
    {
      stats->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      stats->per_draft = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    }
  quality->template = pw_template_new_builtin ("endpoints-plan", &error);
  g_assert_no_error (error);
  /* A limit with its number, a range, a header, or an enum of three or more. */
  quality->constraint_regex =
    g_regex_new ("(?:max(?:imum)?|min(?:imum)?|up to|at most|at least|limit|maks\\w*|"
                 "min\\w*|do|od|≤|≥|<=|>=|<|>)[:=]?\\s*(?<key>[0-9]+)|"
                 "(?<![0-9.])(?<key>[0-9]+)\\s*(?:-|–|\\.\\.)\\s*(?<other>[0-9]+)(?![0-9.])|"
                 "(?<header>X-[A-Za-z-]+)|"
                 "(?<enum>[a-z_]{2,}(?:\\s*\\|\\s*[a-z_]{2,}){2,})",
                 G_REGEX_CASELESS | G_REGEX_DUPNAMES, 0, &error);
  g_assert_no_error (error);
  quality->file_regex =
    g_regex_new ("(?:^|[\\s`(\"'])(?:src|app|lib|tests?|supabase|pages|services|routers|models|"
                 "schemas|controllers|handlers|migrations|components|Features|Controllers|"
                 "Handlers|Data|Api|Application|Infrastructure|backend|frontend)/|"
                 "\\b[\\w.-]+\\.(?:ts|tsx|js|mjs|py|cs|sql|astro|vue|java|go|rb|php)\\b",
                 0, 0, &error);
  g_assert_no_error (error);
  quality->field_regex = g_regex_new ("^\\s*[-*]\\s+\\**`[A-Za-z_][A-Za-z0-9_.\\[\\]-]*`", 0, 0,
                                      &error);
  g_assert_no_error (error);
  quality->dump = g_strdup (g_getenv ("PW_DRAFT_DUMP"));
}

static void
quality_clear (Quality *quality)
{
  for (LineStats *stats = &quality->plain; stats <= &quality->masked; stats++)
    {
      g_hash_table_unref (stats->counts);
      g_ptr_array_unref (stats->per_draft);
    }
  g_object_unref (quality->template);
  g_regex_unref (quality->constraint_regex);
  g_regex_unref (quality->file_regex);
  g_regex_unref (quality->field_regex);
  g_free (quality->dump);
}

/* The folders in @folder, sorted, or NULL when it cannot be read. */
static GPtrArray *
list_folders (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names;
  const char *name;

  if (dir == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

/* Each of @names in @folder, then @extra, and the lines they share. */
static void
measure_folders (Quality    *quality,
                 const char *folder,
                 GPtrArray  *names,
                 const char *extra)
{
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);

      measure_repository (quality, path, g_ptr_array_index (names, i));
    }
  if (extra != NULL)
    measure_repository (quality, extra, "example");
  count_shared_lines (&quality->plain);
  count_shared_lines (&quality->masked);
}

/* The operations of ../shared/openapi's documents: reported apart, with
 * the thresholds that do not depend on a repository's other documents
 * (these folders hold no tech stack, rules or plans). */
static void
measure_openapi (const char *root)
{
  g_autofree char *folder = g_build_filename (root != NULL ? root : ".", "..", "shared", "openapi",
                                              NULL);
  g_autoptr(GPtrArray) names = list_folders (folder);
  Quality quality = { 0 };

  if (names == NULL)
    {
      g_test_message ("openapi: ../shared/openapi not available");
      return;
    }
  quality_init (&quality);
  measure_folders (&quality, folder, names, NULL);
  g_test_message ("openapi: the operations of %u documents", names->len);
  report (&quality);

  g_assert_cmpuint (quality.drafts, >, 500);
  g_assert_cmpuint (quality.false_absences, ==, 0);
  g_assert_cmpuint (quality.covered, ==, quality.requested);
  g_assert_cmpfloat (share (quality.flagged_items, quality.input_items), >=, 50.0);
  g_assert_cmpuint (quality.lint_errors, ==, 0);
  quality_clear (&quality);
}

static void
test_draft_quality (void)
{
  const char *root = g_getenv ("PW_SOURCE_ROOT");
  g_autofree char *corpus = pw_test_dup_shared_dir ("corpus");
  g_autofree char *example = g_build_filename (root != NULL ? root : ".", "examples", "shelfie",
                                               NULL);
  g_autoptr(GPtrArray) names = list_folders (corpus);
  Quality quality = { 0 };

  if (names == NULL)
    {
      g_test_skip ("corpus not available (../shared/corpus)");
      return;
    }

  quality_init (&quality);
  measure_folders (&quality, corpus, names, example);
  report (&quality);
  measure_openapi (root);

  /* The thresholds of issue 15. */
  g_assert_cmpuint (quality.drafts, >, 300);
  g_assert_cmpuint (quality.false_absences, ==, 0);
  g_assert_cmpuint (quality.covered, ==, quality.requested);
  g_assert_cmpfloat (share (quality.flagged_items, quality.input_items), >=, 50.0);
  g_assert_cmpfloat (share (quality.constraints_kept, quality.constraints), >=, 80.0);
  g_assert_cmpfloat (share (quality.file_steps, quality.steps), >=, 30.0);
  g_assert_cmpfloat (share (quality.plain.shared, quality.plain.lines), <=, 15.0);
  g_assert_cmpuint (quality.lint_errors, ==, 0);
  quality_clear (&quality);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/draft-quality/corpus", test_draft_quality);

  return g_test_run ();
}
