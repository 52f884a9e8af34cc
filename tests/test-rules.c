/* test-rules.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pw-rules.h"
#include "pw-test-utils.h"
#include "pw-workspace.h"

static PwDocument *
find_doc (GPtrArray  *docs,
          const char *path)
{
  for (guint i = 0; docs != NULL && i < docs->len; i++)
    {
      PwDocument *doc = g_ptr_array_index (docs, i);

      if (g_str_equal (pw_document_get_relative_path (doc), path))
        return doc;
    }

  return NULL;
}

static const PwRule *
rule_info (PwWorkspace *workspace,
           const char  *path)
{
  PwDocument *doc = pw_workspace_lookup (workspace, path);

  g_assert_nonnull (doc);
  return pw_workspace_get_rule_info (workspace, doc);
}

static char *
describe (PwWorkspace *workspace,
          const char  *path)
{
  return pw_rules_describe (rule_info (workspace, path));
}

/* Front matter */

static void
test_front_matter_valid (void)
{
  g_auto(PwRulesFrontMatter) fm = { 0 };
  g_auto(PwRulesFrontMatter) list = { 0 };
  g_auto(PwRulesFrontMatter) none = { 0 };
  g_auto(PwRulesFrontMatter) empty = { 0 };
  g_autoptr(GError) error = NULL;
  const char *cursor = "\xEF\xBB\xBF---\r\n"
                       "description: Backend rules for the API\r\n"
                       "globs: *.ts,src/{lib,db}/*.ts , **/*.py\r\n"
                       "alwaysApply: true\r\n"
                       "---\r\n# Backend\r\n";
  const char *yaml_list = "---\nglobs:\n  - \"src/**/*.py\"\n  - *.sql\ndescription: |\n"
                          "  Two lines\n  of text\nalwaysApply: no\n---\nbody\n";

  g_assert_true (pw_rules_parse_front_matter (cursor, strlen (cursor), &fm, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fm.description, ==, "Backend rules for the API");
  g_assert_true (fm.always_apply);
  g_assert_true (fm.has_always_apply);
  g_assert_cmpuint (g_strv_length (fm.globs), ==, 3);
  g_assert_cmpstr (fm.globs[0], ==, "*.ts");
  g_assert_cmpstr (fm.globs[1], ==, "src/{lib,db}/*.ts");
  g_assert_cmpstr (fm.globs[2], ==, "**/*.py");

  g_assert_true (pw_rules_parse_front_matter (yaml_list, strlen (yaml_list), &list, &error));
  g_assert_cmpstr (list.description, ==, "Two lines\nof text");
  g_assert_false (list.always_apply);
  g_assert_true (list.has_always_apply);
  g_assert_cmpstr (list.globs[0], ==, "src/**/*.py");
  g_assert_cmpstr (list.globs[1], ==, "*.sql");

  /* No front matter, and an empty one: nothing set, no error. */
  g_assert_true (pw_rules_parse_front_matter ("# Title\n---\n", 12, &none, &error));
  g_assert_null (none.description);
  g_assert_null (none.globs);
  g_assert_true (pw_rules_parse_front_matter ("---\ndescription:\nglobs:\n---\n", 28, &empty,
                                              &error));
  g_assert_no_error (error);
  g_assert_null (empty.description);
  g_assert_null (empty.globs);
  g_assert_false (empty.has_always_apply);
}

static void
test_front_matter_malformed (void)
{
  static const char *cases[] = {
    "---\ndescription: x\nno closing line\n",
    "---\ndescription: [unclosed\n---\n",
    "---\n- a list\n- not a mapping\n---\n",
    "---\ndescription: \"bad \\q escape\"\n---\n",
    "---\n\tdescription: tab\n---\n",
    "---\nkey: *alias_that_does_not_exist\n---\n",
    "---\na: b\n a: c\n---\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(PwRulesFrontMatter) fm = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(PwRule) rule = NULL;

      g_assert_false (pw_rules_parse_front_matter (cases[i], strlen (cases[i]), &fm, &error));
      g_assert_error (error, PW_RULES_ERROR, PW_RULES_ERROR_FRONT_MATTER);
      g_test_message ("%u: %s", i, error->message);
      g_assert_null (fm.description);
      g_assert_null (fm.globs);

      /* The rule is kept, with no metadata and the reason as a warning. */
      rule = pw_rule_new (".cursor/rules/backend.mdc", cases[i], strlen (cases[i]));
      g_assert_nonnull (rule->warning);
      g_assert_null (rule->description);
      g_assert_null (rule->globs[0]);
      g_assert_false (rule->always_apply);
    }
}

static void
test_front_matter_kinds (void)
{
  const char *copilot = "---\napplyTo: \"**\"\n---\nAll files\n";
  const char *kiro_manual = "---\ninclusion: manual\n---\n# Notes\n";
  const char *kiro_match = "---\ninclusion: fileMatch\nfileMatchPattern: \"app/**/*.py\"\n---\n";
  g_autoptr(PwRule) instructions = pw_rule_new (".github/instructions/all.instructions.md",
                                                copilot, strlen (copilot));
  g_autoptr(PwRule) manual = pw_rule_new (".kiro/steering/notes.md", kiro_manual,
                                          strlen (kiro_manual));
  g_autoptr(PwRule) matched = pw_rule_new (".kiro/steering/api.md", kiro_match,
                                           strlen (kiro_match));
  g_autoptr(PwRule) plain = pw_rule_new (".kiro/steering/tech.md", "# Tech\n", 7);
  g_autoptr(PwRule) agents = pw_rule_new ("AGENTS.md", "# Guide\n", 8);

  g_assert_cmpstr (instructions->kind, ==, "copilot-instructions");
  g_assert_true (instructions->always_apply);
  g_assert_cmpstr (manual->kind, ==, "kiro");
  g_assert_false (manual->always_apply);
  g_assert_false (matched->always_apply);
  g_assert_cmpstr (matched->globs[0], ==, "app/**/*.py");
  g_assert_true (plain->always_apply);
  g_assert_cmpstr (agents->kind, ==, "agents");
  g_assert_true (agents->always_apply);
}

static void
test_kinds (void)
{
  static const struct { const char *path; const char *kind; } cases[] = {
    { "AGENTS.md", "agents" }, { "agents.md", "agents" }, { "CLAUDE.md", "claude" },
    { "GEMINI.md", "gemini" }, { "packages/api/AGENTS.md", "agents" },
    { "docs/agents.md", NULL }, { ".github/copilot-instructions.md", "copilot" },
    { ".github/instructions/py.instructions.md", "copilot-instructions" },
    { ".github/instructions/readme.md", NULL }, { ".cursorrules", "cursorrules" },
    { ".cursor/rules/a/b/api.mdc", "cursor" }, { ".windsurfrules", "windsurf" },
    { ".windsurf/rules/api.md", "windsurf" }, { ".clinerules", "cline" },
    { ".clinerules/coding.md", "cline" }, { ".kiro/steering/tech.md", "kiro" },
    { ".github/workflows/ci.yml", NULL }, { "README.md", NULL },
    { ".claude/CLAUDE.md", "claude" }, { ".claude/rules/api.md", "claude" },
    { ".claude/commands/review.md", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].path);
      g_assert_cmpstr (pw_rules_kind_for_path (cases[i].path), ==, cases[i].kind);
      g_assert_cmpint (pw_document_role_classify (cases[i].path) == PW_DOCUMENT_ROLE_RULES, ==,
                       cases[i].kind != NULL);
    }
}

static void
test_globs (void)
{
  static const struct { const char *glob; const char *path; gboolean match; } cases[] = {
    { "*.py", "app/main.py", TRUE },
    { "*.py", "main.py", TRUE },
    { "*.py", "app/main.pyc", FALSE },
    { "src/**/*.py", "src/a/b/c.py", TRUE },
    { "src/**/*.py", "src/c.py", TRUE },
    { "src/**/*.py", "lib/c.py", FALSE },
    { "src/db/*.ts", "src/db/client.ts", TRUE },
    { "src/db/*.ts", "src/db/x/client.ts", FALSE },
    { "src/pages/api/**", "src/pages/api/books/[id].ts", TRUE },
    { "**/*.{ts,tsx}", "src/a.tsx", TRUE },
    { "src/{lib,db}/*.ts", "src/lib/x.ts", TRUE },
    { "src/{lib,db}/*.ts", "src/app/x.ts", FALSE },
    { "./server/*", "server/index.js", TRUE },
    { "server/?.js", "server/ab.js", FALSE },
    { "**", "anything/at/all", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s ~ %s", cases[i].glob, cases[i].path);
      g_assert_cmpint (pw_rules_glob_match (cases[i].glob, cases[i].path), ==, cases[i].match);
    }

  /* A glob built to backtrack gives up instead of hanging the scan. */
  g_assert_false (pw_rules_glob_match ("*a*a*a*a*a*a*a*a*a*a*a*a*b",
                                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                                       "aaaaaaaaaaaaaaaaaaaa"));

  g_assert_true (pw_rules_is_backend_path ("src/pages/api/books.ts"));
  g_assert_true (pw_rules_is_backend_path ("app/main.py"));
  g_assert_true (pw_rules_is_backend_path ("src/lib/services/books.ts"));
  g_assert_false (pw_rules_is_backend_path ("src/components/Button.tsx"));
}

/* Ranking */

static PwRule *
ranked (const char           *path,
        const char           *text,
        const PwRulesContext *context)
{
  PwRule *rule = pw_rule_new (path, text, strlen (text));
  g_autofree char *why = NULL;

  pw_rule_rank (rule, context);
  why = pw_rules_describe (rule);
  g_test_message ("%s: %d, %s", path, rule->score, why);

  return rule;
}

static void
test_rank_unrelated (void)
{
  g_autoptr(PwRulesContext) context = pw_rules_context_new ("Astro, Supabase", NULL);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_rule_free);
  g_autoptr(GPtrArray) chosen = NULL;
  g_autofree char *why = NULL;
  static const char *unrelated[] = {
    ".cursor/rules/github-action.mdc", ".cursor/rules/devops-ci_cd-github_actions.mdc",
    ".cursor/rules/playwright-e2e-testing.mdc", ".cursor/rules/ui-shadcn-helper.mdc",
    ".cursor/rules/commit-messages.mdc", ".cursor/rules/styling.mdc",
    ".cursor/rules/frontend.mdc", ".cursor/rules/mermaid-diagram-auth.mdc",
  };

  /* Even when it says it always applies. */
  for (guint i = 0; i < G_N_ELEMENTS (unrelated); i++)
    g_ptr_array_add (rules, ranked (unrelated[i], "---\nalwaysApply: true\n---\n# Rules\n",
                                    context));
  chosen = pw_rules_choose (rules);
  g_assert_cmpuint (chosen->len, ==, 0);
  for (guint i = 0; i < rules->len; i++)
    g_assert_false (((PwRule *) g_ptr_array_index (rules, i))->relevant);

  why = pw_rules_describe (g_ptr_array_index (rules, 0));
  g_assert_cmpstr (why, ==, "always applies, about github, unrelated to the backend");
}

/* A FastAPI repository: fastapi.mdc, architecture.mdc and python.mdc come
 * before api-docs.mdc, which is not relevant at all. */
static void
test_rank_fastapi (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) chosen = NULL;
  g_autofree char *python_why = NULL;
  g_autofree char *fastapi_why = NULL;
  const PwRule *python;
  const PwRule *fastapi;
  const PwRule *architecture;
  const PwRule *docs;

  pw_test_write_file (root, ".ai/tech-stack.md", "# Stack\n\n- Backend: FastAPI on Python 3.12\n"
              "- Frontend: React\n");
  pw_test_write_file (root, ".cursor/rules/fastapi.mdc",
                      "---\ndescription:\nglobs:\n---\n# FastAPI\n");
  pw_test_write_file (root, ".cursor/rules/architecture.mdc", "---\ndescription: Layers\n---\n");
  pw_test_write_file (root, ".cursor/rules/python.mdc", "---\nglobs: src/**/*.py\n---\n# Python\n");
  pw_test_write_file (root, ".cursor/rules/api-docs.mdc",
                      "---\ndescription: API docs\n---\n# Docs\n");
  pw_test_write_file (root, ".cursor/rules/github-action.mdc", "---\nalwaysApply: true\n---\n");
  pw_test_write_file (root, "src/app/main.py", "app = FastAPI ()\n");
  pw_test_write_file (root, "web/src/App.tsx", "export default 1\n");
  workspace = pw_test_open_workspace (root);

  python = rule_info (workspace, ".cursor/rules/python.mdc");
  fastapi = rule_info (workspace, ".cursor/rules/fastapi.mdc");
  architecture = rule_info (workspace, ".cursor/rules/architecture.mdc");
  docs = rule_info (workspace, ".cursor/rules/api-docs.mdc");
  g_assert_true (python->relevant && fastapi->relevant && architecture->relevant);
  g_assert_false (docs->relevant);
  g_assert_cmpint (python->score, >, docs->score);
  g_assert_cmpint (fastapi->score, >, docs->score);
  g_assert_cmpint (architecture->score, >, docs->score);

  python_why = describe (workspace, ".cursor/rules/python.mdc");
  fastapi_why = describe (workspace, ".cursor/rules/fastapi.mdc");
  g_assert_cmpstr (python_why, ==, "names the language Python, matches src/**/*.py");
  g_assert_cmpstr (fastapi_why, ==, "names the framework FastAPI");

  chosen = pw_workspace_dup_default_rules (workspace);
  g_assert_cmpuint (chosen->len, ==, 2);
  g_assert_cmpstr (pw_document_get_relative_path (g_ptr_array_index (chosen, 0)), ==,
                   ".cursor/rules/python.mdc");
  g_assert_cmpstr (pw_document_get_relative_path (g_ptr_array_index (chosen, 1)), ==,
                   ".cursor/rules/fastapi.mdc");
  g_assert_true (pw_workspace_get_default_rules (workspace) == g_ptr_array_index (chosen, 0));
  g_assert_null (find_doc (chosen, ".cursor/rules/github-action.mdc"));
  g_assert_null (find_doc (chosen, ".cursor/rules/api-docs.mdc"));
}

/* No tech stack document: the files give the framework and the language
 * away (manage.py, Python in a backend folder); frontend code does not. */
static void
test_rank_from_files (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(PwRulesContext) context = NULL;
  g_autoptr(PwRule) django = NULL;
  g_autoptr(PwRule) python = NULL;
  g_autoptr(PwRule) typescript = NULL;
  g_autofree char *django_why = NULL;
  g_autofree char *python_why = NULL;

  g_ptr_array_add (files, (gpointer) "manage.py");
  g_ptr_array_add (files, (gpointer) "shop/services/orders.py");
  g_ptr_array_add (files, (gpointer) "web/src/App.tsx");
  context = pw_rules_context_new (NULL, files);

  django = ranked ("django.mdc", "# Views\n", context);
  python = ranked ("python.mdc", "# Style\n", context);
  typescript = ranked ("typescript.mdc", "# Types\n", context);
  django_why = pw_rules_describe (django);
  python_why = pw_rules_describe (python);
  g_assert_cmpstr (django_why, ==, "names the framework Django");
  g_assert_cmpstr (python_why, ==, "names the language Python");
  g_assert_true (django->relevant && python->relevant);
  g_assert_false (typescript->relevant);
}

/* Always-apply rules join the two best others; the best comes first. */
static void
test_rank_choose (void)
{
  g_autoptr(PwRulesContext) context = pw_rules_context_new (NULL, NULL);
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_rule_free);
  g_autoptr(GPtrArray) chosen = NULL;
  static const char *expected[] = { "backend.mdc", "AGENTS.md", "CLAUDE.md", "api.mdc" };

  g_ptr_array_add (rules, ranked ("AGENTS.md", "# Repository guidelines\n", context));
  g_ptr_array_add (rules, ranked ("CLAUDE.md", "# Notes\n", context));
  g_ptr_array_add (rules, ranked ("backend.mdc", "# Backend\n", context));
  g_ptr_array_add (rules, ranked ("api.mdc", "# API\n", context));
  g_ptr_array_add (rules, ranked ("services.mdc", "# Services\n", context));
  g_ptr_array_add (rules, ranked ("notes.mdc", "# Notes\n", context));

  chosen = pw_rules_choose (rules);
  g_assert_cmpuint (chosen->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < chosen->len; i++)
    g_assert_cmpstr (((PwRule *) g_ptr_array_index (chosen, i))->path, ==, expected[i]);
  /* A file that names nothing of the backend is not relevant. */
  g_assert_false (((PwRule *) g_ptr_array_index (rules, 5))->relevant);
}

/* Discovery */

static void
write_repository (const char *root,
                  const char *outside)
{
  g_autofree char *secret = g_build_filename (outside, "secret.md", NULL);
  g_autofree char *spec = g_build_filename (outside, "openapi.json", NULL);
  g_autofree char *web = g_build_filename (root, "packages", "web", NULL);
  g_autofree char *link = g_build_filename (web, "CLAUDE.md", NULL);
  g_autofree char *spec_link = g_build_filename (root, "docs", "openapi.json", NULL);
  g_autofree char *fifo = g_build_filename (root, "docs", "openapi.yaml", NULL);
  const char *openapi = "openapi: 3.0.3\ninfo:\n  title: Books\npaths: {}\n";

  pw_test_write_file (root, "AGENTS.md", "# Repository guidelines\n");
  pw_test_write_file (root, "CLAUDE.md", "# Claude\n");
  pw_test_write_file (root, "GEMINI.md", "# Gemini\n");
  pw_test_write_file (root, ".github/copilot-instructions.md", "Use services.\n");
  pw_test_write_file (root, ".github/instructions/python.instructions.md",
              "---\napplyTo: \"**/*.py\"\n---\nTyped code.\n");
  pw_test_write_file (root, ".github/workflows/ci.yml", "on: push\n");
  pw_test_write_file (root, ".cursorrules", "Be terse.\n");
  pw_test_write_file (root, ".cursor/rules/backend.mdc", "---\nglobs: src/**/*.ts\n---\n");
  pw_test_write_file (root, ".cursor/rules/nested/deeper/api.mdc", "# API\n");
  pw_test_write_file (root, ".windsurfrules", "Windsurf.\n");
  pw_test_write_file (root, ".clinerules/coding.md", "# Coding\n");
  pw_test_write_file (root, ".kiro/steering/tech.md", "# Tech\n");
  pw_test_write_file (root, ".claude/rules/api.md", "---\npaths: src/api/**\n---\n");
  pw_test_write_file (root, ".claude/commands/review.md", "Review the diff.\n");
  pw_test_write_file (root, "packages/svc/AGENTS.md", "# Service\n");
  pw_test_write_file (root, "docs/agents.md", "# The agents of our product\n");
  pw_test_write_file (root, "node_modules/pkg/AGENTS.md", "# Dependency\n");
  pw_test_write_file (root, "node_modules/pkg/openapi.yaml", openapi);
  pw_test_write_file (root, "dist/openapi.json", "{\"openapi\": \"3.0.0\"}");
  pw_test_write_file (root, ".ai/api-plan.md", "# REST API Plan\n");
  pw_test_write_file (root, "openapi.yaml", openapi);
  pw_test_write_file (root, "api/swagger.json",
                      "{\n  \"info\": {\"title\": \"x\", \"tags\": [1, 2]},\n"
              "  \"swagger\": \"2.0\",\n  \"paths\": {}\n}\n");
  pw_test_write_file (root, "a/b/c/d/e/f/openapi.yml", openapi);
  pw_test_write_file (root, "a/b/c/d/e/f/g/openapi.yml", openapi);
  pw_test_write_file (root, "docs/docker-compose.yml", "services:\n  web:\n    image: x\n");
  pw_test_write_file (root, "spec/config.yaml", "server:\n  openapi: 3.0.0\n");
  pw_test_write_file (root, "api/notes.json", "[1, 2, 3]");
  pw_test_write_file (root, "api/broken.yaml", "openapi: [3.0\n");
  pw_test_write_file (root, "src/lib/services/books.ts", "export {}\n");
  pw_test_write_file (outside, "secret.md", "PRIVATE\n");
  pw_test_write_file (outside, "openapi.json", "{\"openapi\": \"3.1.0\"}");
  g_assert_cmpint (g_mkdir_with_parents (web, 0755), ==, 0);
  g_assert_cmpint (symlink (secret, link), ==, 0);
  g_assert_cmpint (symlink (spec, spec_link), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
}

static void
test_discovery (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autofree char *outside = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GPtrArray) chosen = NULL;
  GPtrArray *rules;
  GPtrArray *specs;
  PwDocument *claude;
  static const struct { const char *path; const char *kind; } found[] = {
    { "AGENTS.md", "agents" }, { "CLAUDE.md", "claude" }, { "GEMINI.md", "gemini" },
    { ".github/copilot-instructions.md", "copilot" },
    { ".github/instructions/python.instructions.md", "copilot-instructions" },
    { ".cursorrules", "cursorrules" }, { ".cursor/rules/backend.mdc", "cursor" },
    { ".cursor/rules/nested/deeper/api.mdc", "cursor" }, { ".windsurfrules", "windsurf" },
    { ".clinerules/coding.md", "cline" }, { ".kiro/steering/tech.md", "kiro" },
    { "packages/svc/AGENTS.md", "agents" }, { "packages/web/CLAUDE.md", "claude" },
    { ".claude/rules/api.md", "claude" },
  };
  static const char *not_found[] = {
    "node_modules/pkg/AGENTS.md", "node_modules/pkg/openapi.yaml", "dist/openapi.json",
    "docs/agents.md", ".github/workflows/ci.yml", "a/b/c/d/e/f/g/openapi.yml",
    "docs/docker-compose.yml", "spec/config.yaml", "api/notes.json", "api/broken.yaml",
    "docs/openapi.json", "docs/openapi.yaml", ".claude/commands/review.md",
  };
  static const struct { const char *path; const char *format; } spec_order[] = {
    { ".ai/api-plan.md", "markdown" }, { "openapi.yaml", "openapi" },
    { "api/swagger.json", "swagger" }, { "a/b/c/d/e/f/openapi.yml", "openapi" },
  };

  write_repository (root, outside);
  workspace = pw_test_open_workspace (root);

  rules = pw_workspace_get_rules (workspace);
  g_assert_cmpuint (rules->len, ==, G_N_ELEMENTS (found));
  for (guint i = 0; i < G_N_ELEMENTS (found); i++)
    {
      PwDocument *doc = find_doc (rules, found[i].path);

      if (doc == NULL)
        g_error ("%s was not found", found[i].path);
      g_assert_cmpstr (pw_document_get_kind (doc), ==, found[i].kind);
      g_assert_cmpstr (pw_workspace_get_rule_info (workspace, doc)->kind, ==, found[i].kind);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_found); i++)
    {
      if (pw_workspace_lookup (workspace, not_found[i]) != NULL)
        g_error ("%s should not be found", not_found[i]);
    }

  specs = pw_workspace_get_candidates (workspace, PW_DOCUMENT_ROLE_API_SPEC);
  g_assert_cmpuint (specs->len, ==, G_N_ELEMENTS (spec_order));
  for (guint i = 0; i < specs->len; i++)
    {
      g_assert_cmpstr (pw_document_get_relative_path (g_ptr_array_index (specs, i)), ==,
                       spec_order[i].path);
      g_assert_cmpstr (pw_document_get_kind (g_ptr_array_index (specs, i)), ==,
                       spec_order[i].format);
    }

  /* The link out of the repository is listed, never read, never chosen. */
  claude = pw_workspace_lookup (workspace, "packages/web/CLAUDE.md");
  g_assert_true (pw_document_get_outside (claude));
  g_assert_false (pw_document_get_loaded (claude));
  g_assert_false (pw_workspace_get_rule_info (workspace, claude)->relevant);
  chosen = pw_workspace_dup_default_rules (workspace);
  g_assert_null (find_doc (chosen, "packages/web/CLAUDE.md"));
  g_assert_nonnull (find_doc (chosen, ".cursor/rules/backend.mdc"));
}

/* Without a Markdown plan, the OpenAPI file is the API spec. */
static void
test_spec_only (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *specs;
  PwDocument *spec;

  pw_test_write_file (root, "docs/api/v1.json", "\xEF\xBB\xBF{\"openapi\":\"3.1.0\",\"paths\":{}}");
  workspace = pw_test_open_workspace (root);
  spec = pw_workspace_get_document (workspace, PW_DOCUMENT_ROLE_API_SPEC);
  g_assert_nonnull (spec);
  g_assert_cmpstr (pw_document_get_relative_path (spec), ==, "docs/api/v1.json");
  g_assert_cmpstr (pw_document_get_kind (spec), ==, "openapi");

  node = pw_workspace_to_json (workspace);
  specs = json_object_get_array_member (json_node_get_object (node), "api_specs");
  g_assert_cmpuint (json_array_get_length (specs), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (specs, 0),
                                                  "format"), ==, "openapi");
}

/* Every labelled specification of ../shared/openapi is found in its folder. */
static void
test_openapi_corpus (void)
{
  g_autofree char *dir = pw_test_dup_shared_dir ("openapi");
  g_autofree char *manifest_path = g_build_filename (dir, "MANIFEST.tsv", NULL);
  g_autofree char *manifest = NULL;
  g_auto(GStrv) rows = NULL;
  guint checked = 0;

  if (!g_file_get_contents (manifest_path, &manifest, NULL, NULL))
    {
      g_test_skip ("../shared/openapi is absent");
      return;
    }

  rows = g_strsplit (manifest, "\n", -1);
  for (guint i = 1; rows[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (rows[i], "\t", -1);
      g_autofree char *repo = NULL;
      g_autoptr(PwWorkspace) workspace = NULL;
      PwDocument *doc;

      if (g_strv_length (cols) < 7)
        continue;
      repo = g_build_filename (dir, cols[0], NULL);
      workspace = pw_test_open_workspace (repo);
      doc = find_doc (pw_workspace_get_candidates (workspace, PW_DOCUMENT_ROLE_API_SPEC), cols[3]);
      if (doc == NULL)
        g_error ("%s: %s was not found", cols[0], cols[3]);
      /* The version column reads "openapi 3.0.2" or "swagger 2.0". */
      g_assert_true (g_str_has_prefix (cols[6], pw_document_get_kind (doc)));
      checked++;
    }

  g_assert_cmpuint (checked, >=, 8);
}

/* Remembered choice */

static void
test_remember (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autofree char *other = pw_test_make_repo ();
  g_autofree char *state = g_build_filename (g_get_user_state_dir (), "planwright", "rules.json",
                                             NULL);
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwWorkspace) again = NULL;
  g_autoptr(PwWorkspace) third = NULL;
  g_autoptr(PwWorkspace) elsewhere = NULL;
  g_autoptr(GPtrArray) choice = g_ptr_array_new ();
  g_autoptr(GPtrArray) remembered = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  pw_test_write_file (root, ".cursor/rules/backend.mdc", "# Backend\n");
  pw_test_write_file (root, ".cursor/rules/shared.mdc", "# Shared\n");
  pw_test_write_file (root, "AGENTS.md", "# Agents\n");
  pw_test_write_file (other, "CLAUDE.md", "# Claude\n");
  workspace = pw_test_open_workspace (root);
  g_assert_null (pw_workspace_dup_remembered_rules (workspace));

  elsewhere = pw_test_open_workspace (other);
  g_assert_true (pw_workspace_remember_rules (elsewhere, NULL, &error));
  g_ptr_array_add (choice, pw_workspace_lookup (workspace, "AGENTS.md"));
  g_ptr_array_add (choice, pw_workspace_lookup (workspace, ".cursor/rules/shared.mdc"));
  g_assert_true (pw_workspace_remember_rules (workspace, choice, &error));
  g_assert_no_error (error);

  /* A new scan reads it back, in the order chosen; a file gone is skipped. */
  g_assert_cmpint (g_unlink (g_build_filename (root, ".cursor/rules/shared.mdc", NULL)), ==, 0);
  again = pw_test_open_workspace (root);
  remembered = pw_workspace_dup_remembered_rules (again);
  g_assert_nonnull (remembered);
  g_assert_cmpuint (remembered->len, ==, 1);
  g_assert_cmpstr (pw_document_get_relative_path (g_ptr_array_index (remembered, 0)), ==,
                   "AGENTS.md");

  /* The other repository's choice (none) is kept beside it. */
  g_clear_object (&elsewhere);
  elsewhere = pw_test_open_workspace (other);
  none = pw_workspace_dup_remembered_rules (elsewhere);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);

  /* Entries of the wrong shape remember nothing; remembering again works. */
  g_assert_true (g_file_get_contents (state, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"AGENTS.md\""));
  g_assert_true (g_file_set_contents (state, "{\"repositories\": [{\"root\": 1}, 7]}", -1, NULL));
  third = pw_test_open_workspace (root);
  g_assert_null (pw_workspace_dup_remembered_rules (third));
  g_assert_true (pw_workspace_remember_rules (third, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&third);
  third = pw_test_open_workspace (root);
  g_clear_pointer (&none, g_ptr_array_unref);
  none = pw_workspace_dup_remembered_rules (third);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
}

/* The write happens in a thread; the workspace learns the choice in
 * _finish(), on the caller's thread. */
static void
test_remember_async (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(PwWorkspace) again = NULL;
  g_autoptr(GPtrArray) choice = g_ptr_array_new ();
  g_autoptr(GPtrArray) remembered = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pw_test_write_file (root, "CLAUDE.md", "# Claude\n");
  workspace = pw_test_open_workspace (root);
  g_ptr_array_add (choice, pw_workspace_lookup (workspace, "CLAUDE.md"));
  pw_workspace_remember_rules_async (workspace, choice, NULL, pw_test_store_result_cb, &result);
  g_assert_null (pw_workspace_dup_remembered_rules (workspace));
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (pw_workspace_remember_rules_finish (workspace, result, &error));
  g_assert_no_error (error);

  remembered = pw_workspace_dup_remembered_rules (workspace);
  g_assert_cmpuint (remembered->len, ==, 1);
  g_clear_pointer (&remembered, g_ptr_array_unref);
  again = pw_test_open_workspace (root);
  remembered = pw_workspace_dup_remembered_rules (again);
  g_assert_cmpuint (remembered->len, ==, 1);
  g_assert_cmpstr (pw_document_get_relative_path (g_ptr_array_index (remembered, 0)), ==,
                   "CLAUDE.md");
}

static void
test_remember_malformed (void)
{
  g_autofree char *root = pw_test_make_repo ();
  g_autofree char *folder = g_build_filename (g_get_user_state_dir (), "planwright", NULL);
  g_autofree char *state = g_build_filename (folder, "rules.json", NULL);
  g_autofree char *key = realpath (root, NULL);
  g_autofree char *json = NULL;
  g_autofree char *kept = NULL;
  g_auto(GStrv) paths = NULL;
  g_autoptr(GError) error = NULL;
  static const char *garbage[] = { "not json", "[]", "{\"repositories\": 3}", "" };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
      g_assert_true (g_file_set_contents (state, garbage[i], -1, NULL));
      g_assert_null (pw_rules_state_lookup (state, key));
    }

  json = g_strdup_printf ("{\"repositories\": [{\"root\": \"%s\", \"rules\": "
                          "[\"a.mdc\", \"../x.md\", \"/etc/passwd\", 3, \"b.md\"]}]}", key);
  g_assert_true (g_file_set_contents (state, json, -1, NULL));
  paths = pw_rules_state_lookup (state, key);
  g_assert_nonnull (paths);
  g_assert_cmpuint (g_strv_length (paths), ==, 2);
  g_assert_cmpstr (paths[0], ==, "a.mdc");
  g_assert_cmpstr (paths[1], ==, "b.md");

  g_assert_true (pw_rules_state_store (state, "/another", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&paths, g_strfreev);
  paths = pw_rules_state_lookup (state, key);
  g_assert_cmpuint (g_strv_length (paths), ==, 2);

  /* A state folder that cannot be made is a clear error; nothing is lost. */
  g_assert_cmpint (g_unlink (state), ==, 0);
  g_assert_cmpint (g_rmdir (folder), ==, 0);
  g_assert_true (g_file_set_contents (folder, "a file", -1, NULL));
  g_assert_false (pw_rules_state_store (state, key, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, folder));
  g_assert_true (g_file_get_contents (folder, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "a file");
}

/* The corpus: for every repository the default rules are relevant ones or
 * none. The table is our reading of each repository's rule files: the one
 * that should come first, and every file that may be chosen. */
static const struct
{
  const char *repo;
  const char *first;
  const char *allowed[6];
} corpus_labels[] = {
#define ASTRO_SET ".cursor/rules/backend.mdc", ".cursor/rules/shared.mdc", \
  ".cursor/rules/astro.mdc", ".cursor/rules/api-supabase-astro-init.mdc"
  { "AnMiZa__home-budget-planner", ".cursor/rules/backend.mdc", { ASTRO_SET } },
  { "AndrewSzo__booklo", NULL, { NULL } },
  { "AnnaKazDev__home_crew", ".cursor/rules/backend.mdc", { ASTRO_SET } },
  { "Anthcode__mediq", NULL, { NULL } },
  /* Its astro.mdc holds React guidelines. */
  { "BartoszButrymSoftwareMill__kids-quest", ".cursor/rules/backend.mdc",
    { ".cursor/rules/backend.mdc", ".cursor/rules/shared.mdc",
      ".cursor/rules/api-supabase-astro-init.mdc" } },
  { "DariuszBrysz__Reservo", ".cursor/rules/backend.mdc", { ASTRO_SET } },
  { "Emillka__Meldunki_App", NULL, { NULL } },
  { "Filipsky5__traning-planner", ".cursor/rules/backend.mdc", { ASTRO_SET } },
  { "GasiorMateusz__DietPlanner", ".cursor/rules/backend.mdc", { ASTRO_SET } },
  { "JakubGwiazda__MoneyFlowTracker", ".cursor/rules/backend.md",
    { ".cursor/rules/backend.md", ".cursor/rules/shared.mdc" } },
  { "JarekLatek__betMate", ".cursor/rules/backend.mdc", { ASTRO_SET } },
  { "JerryBeGood__Press-Review-AI", ".cursor/rules/backend.mdc",
    { ".cursor/rules/backend.mdc", ".cursor/rules/shared.mdc", ".cursor/rules/astro.mdc" } },
  { "Kamil9223__HabitFlow", NULL, { NULL } },
  { "KamilPopielarz__Discord-Wannabe", ".cursor/rules/backend.mdc", { ASTRO_SET } },
  /* FastAPI in Python: python.mdc is written for FastAPI. */
  { "Kuba1710__FashionDetector", ".cursor/rules/python.mdc",
    { ".cursor/rules/python.mdc", ".cursor/rules/shared.mdc" } },
  { "Laakmus__kakapo", NULL, { NULL } },
  { "Malajka__Physia", ".cursor/rules/backend.mdc",
    { ASTRO_SET, ".cursor/rules/clean-code-js.mdc" } },
  { "Midnajt__TickFlow", ".cursor/rules/backend.mdc",
    { ".cursor/rules/backend.mdc", ".cursor/rules/shared.mdc", ".cursor/rules/nextjs.mdc",
      ".cursor/rules/api-supabase-init.mdc" } },
  { "kkasprzak__10x-cards", ".cursor/rules/backend.mdc", { ASTRO_SET } },
  { "mandziukGIT__10xTODO", ".cursor/rules/backend.mdc",
    { ".cursor/rules/backend.mdc", ".cursor/rules/shared.mdc", ".cursor/rules/nuxt.mdc" } },
#undef ASTRO_SET
};

static void
check_corpus_repository (const char *dir,
                         guint       label)
{
  g_autoptr(PwWorkspace) workspace = pw_test_open_workspace (dir);
  g_autoptr(GPtrArray) chosen = pw_workspace_dup_default_rules (workspace);
  PwDocument *best = pw_workspace_get_default_rules (workspace);

  g_assert_cmpstr (best != NULL ? pw_document_get_relative_path (best) : NULL, ==,
                   corpus_labels[label].first);
  for (guint i = 0; i < chosen->len; i++)
    {
      PwDocument *doc = g_ptr_array_index (chosen, i);
      const char *path = pw_document_get_relative_path (doc);
      g_autofree char *why = pw_rules_describe (pw_workspace_get_rule_info (workspace, doc));

      g_test_message ("%s: %s (%s)", corpus_labels[label].repo, path, why);
      if (!g_strv_contains (corpus_labels[label].allowed, path))
        g_error ("%s: %s chosen, not a relevant file", corpus_labels[label].repo, path);
    }
  if (chosen->len == 0)
    g_test_message ("%s: no rules", corpus_labels[label].repo);
}

static void
test_corpus (void)
{
  g_autofree char *corpus = pw_test_dup_shared_dir ("corpus");
  g_autoptr(GDir) dir = g_dir_open (corpus, 0, NULL);
  const char *name;
  guint checked = 0;

  if (dir == NULL)
    {
      g_test_skip ("../shared/corpus is absent");
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (corpus, name, NULL);
      guint label = G_N_ELEMENTS (corpus_labels);

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (corpus_labels); i++)
        {
          if (g_str_equal (corpus_labels[i].repo, name))
            label = i;
        }
      if (label == G_N_ELEMENTS (corpus_labels))
        g_error ("%s has no label in the table", name);

      check_corpus_repository (path, label);
      checked++;
    }

  g_assert_cmpuint (checked, ==, G_N_ELEMENTS (corpus_labels));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/rules/front-matter/valid", test_front_matter_valid);
  g_test_add_func ("/pw/rules/front-matter/malformed", test_front_matter_malformed);
  g_test_add_func ("/pw/rules/front-matter/kinds", test_front_matter_kinds);
  g_test_add_func ("/pw/rules/kinds", test_kinds);
  g_test_add_func ("/pw/rules/globs", test_globs);
  g_test_add_func ("/pw/rules/rank/unrelated", test_rank_unrelated);
  g_test_add_func ("/pw/rules/rank/fastapi", test_rank_fastapi);
  g_test_add_func ("/pw/rules/rank/choose", test_rank_choose);
  g_test_add_func ("/pw/rules/rank/from-files", test_rank_from_files);
  g_test_add_func ("/pw/rules/discovery", test_discovery);
  g_test_add_func ("/pw/rules/spec-only", test_spec_only);
  g_test_add_func ("/pw/rules/openapi-corpus", test_openapi_corpus);
  g_test_add_func ("/pw/rules/remember", test_remember);
  g_test_add_func ("/pw/rules/remember-async", test_remember_async);
  g_test_add_func ("/pw/rules/remember-malformed", test_remember_malformed);
  g_test_add_func ("/pw/rules/corpus", test_corpus);

  return g_test_run ();
}
