/* pw-input-set.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-types.h"

G_BEGIN_DECLS

/* What files and folders the user adds to a prompt may come to, in all. */
#define PW_INPUT_SET_MAX_BYTES ((gsize) 256 * 1024)
/* How many files one added folder may give. */
#define PW_INPUT_SET_MAX_FILES 200

/**
 * PwInputFile:
 * @path: the file, relative to the repository, with "/" separators
 * @text: its contents: valid UTF-8 without NUL bytes
 * @length: the length of @text in bytes
 */
typedef struct
{
  char  *path;
  char  *text;
  gsize  length;
} PwInputFile;

/*
 * PwInputSet: the files of the repository a user added to a prompt (types,
 * services, an endpoint to imitate), read once. Immutable after
 * pw_input_set_collect(), so that a thread may build it and a prompt use it.
 */
typedef struct _PwInputSet PwInputSet;

#define PW_TYPE_INPUT_SET (pw_input_set_get_type ())

GType              pw_input_set_get_type       (void) G_GNUC_CONST;
PwInputSet        *pw_input_set_collect        (GFile               *root,
                                                const char * const  *paths,
                                                gsize                max_bytes,
                                                GCancellable        *cancellable,
                                                GError             **error) G_GNUC_WARN_UNUSED_RESULT;
PwInputSet        *pw_input_set_ref            (PwInputSet          *self);
void               pw_input_set_unref          (PwInputSet          *self);
gboolean           pw_input_set_has_paths      (PwInputSet          *self,
                                                const char * const  *paths);
const char * const *pw_input_set_get_paths     (PwInputSet          *self);
guint              pw_input_set_get_n_files    (PwInputSet          *self);
const PwInputFile *pw_input_set_get_file       (PwInputSet          *self,
                                                guint                index);
gsize              pw_input_set_get_bytes      (PwInputSet          *self);
GPtrArray         *pw_input_set_get_warnings   (PwInputSet          *self);

GPtrArray         *pw_input_suggest            (PwWorkspace         *workspace,
                                                GCancellable        *cancellable) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PwInputSet, pw_input_set_unref)

G_END_DECLS
