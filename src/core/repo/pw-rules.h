/* pw-rules.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "pw-types.h"

G_BEGIN_DECLS

#define PW_RULES_ERROR (pw_rules_error_quark ())

typedef enum
{
  PW_RULES_ERROR_FRONT_MATTER,
  PW_RULES_ERROR_STATE,
} PwRulesError;

/*
 * Agent rule files: Cursor's `.mdc` files, AGENTS.md, CLAUDE.md, GEMINI.md,
 * Copilot's instructions, .cursorrules, .windsurfrules, .clinerules and Kiro's
 * steering files. Each becomes a PwRule: its kind, the metadata of its front
 * matter (read with libyaml) and, once ranked against a PwRulesContext (the
 * tech stack and the files of the repository), a score, whether it is
 * relevant to implementing the backend, and the reasons why.
 */

typedef struct
{
  char      *description;      /* (nullable) */
  GStrv      globs;            /* (nullable) */
  gboolean   always_apply;
  gboolean   has_always_apply; /* the front matter said either way */
} PwRulesFrontMatter;

typedef struct _PwRulesContext PwRulesContext;

typedef struct
{
  /*< public, read-only >*/
  char      *path;             /* relative to the repository, "/"-separated */
  const char *kind;            /* "cursor", "agents", "claude", "gemini", "copilot",
                                * "copilot-instructions", "cursorrules", "windsurf",
                                * "cline", "kiro" (static) */
  char      *description;      /* (nullable) */
  GStrv      globs;            /* never NULL, maybe empty */
  gboolean   always_apply;
  char      *warning;          /* (nullable) why the front matter was ignored */
  int        score;
  gboolean   relevant;
  /*< private >*/
  char      *heading;
  GArray    *reasons;
  gboolean   unread;
} PwRule;

GQuark          pw_rules_error_quark          (void);
const char     *pw_rules_kind_for_path        (const char          *relative_path);
gboolean        pw_rules_parse_front_matter   (const char          *text,
                                               gsize                length,
                                               PwRulesFrontMatter  *front_matter,
                                               GError             **error);
void            pw_rules_front_matter_clear   (PwRulesFrontMatter  *front_matter);
gboolean        pw_rules_glob_match           (const char          *glob,
                                               const char          *path);
gboolean        pw_rules_is_backend_path      (const char          *path);

PwRule         *pw_rule_new                   (const char          *relative_path,
                                               const char          *text,
                                               gsize                length) G_GNUC_WARN_UNUSED_RESULT;
void            pw_rule_free                  (PwRule              *rule);
void            pw_rule_rank                  (PwRule              *rule,
                                               const PwRulesContext *context);
void            pw_rule_build_json            (const PwRule        *rule,
                                               JsonBuilder         *builder);
char           *pw_rules_describe             (const PwRule        *rule) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray      *pw_rules_choose               (GPtrArray           *rules) G_GNUC_WARN_UNUSED_RESULT;

PwRulesContext *pw_rules_context_new          (const char          *tech_stack,
                                               GPtrArray           *files) G_GNUC_WARN_UNUSED_RESULT;
void            pw_rules_context_free         (PwRulesContext      *context);

char          **pw_rules_state_lookup         (const char          *state_file,
                                               const char          *repository) G_GNUC_WARN_UNUSED_RESULT;
gboolean        pw_rules_state_store          (const char          *state_file,
                                               const char          *repository,
                                               const char * const  *paths,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwRule, pw_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwRulesContext, pw_rules_context_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PwRulesFrontMatter, pw_rules_front_matter_clear)

G_END_DECLS
