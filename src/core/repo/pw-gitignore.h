/* pw-gitignore.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * PwGitignore: the patterns of a repository's top-level `.gitignore`, enough
 * to keep build output, dependencies and secrets out of a prompt.
 *
 * Supported: comments, blank lines, `!` negation (the last matching pattern
 * wins), a trailing `/` (folders only), a leading or inner `/` (anchored at
 * the root), `*`, `?` and `**`, and a pattern matching a folder ignoring
 * everything under it. Not supported: `.gitignore` files in sub-folders,
 * `.git/info/exclude` and the global excludes file, character classes
 * (`[abc]`), backslash escapes and trailing-space rules.
 */
typedef struct _PwGitignore PwGitignore;

PwGitignore *pw_gitignore_new_from_data (const char  *text,
                                         gsize        length) G_GNUC_WARN_UNUSED_RESULT;
PwGitignore *pw_gitignore_load          (GFile       *root) G_GNUC_WARN_UNUSED_RESULT;
gboolean     pw_gitignore_ignores       (PwGitignore *self,
                                         const char  *relative_path,
                                         gboolean     is_folder);
void         pw_gitignore_free          (PwGitignore *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwGitignore, pw_gitignore_free)

G_END_DECLS
