/* pw-generation-private.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pw-generation.h"

G_BEGIN_DECLS

/* The mutators of a PwGeneration: for provider implementations (and the
 * tests' fake provider) only.  Everyone else reads a generation through
 * pw-generation.h. */

void               pw_generation_begin                  (PwGeneration    *self,
                                                         const char      *model);
void               pw_generation_set_state              (PwGeneration    *self,
                                                         PwGenerationState state);
void               pw_generation_append                 (PwGeneration    *self,
                                                         const char      *text,
                                                         gsize            length);
void               pw_generation_append_from_json       (PwGeneration    *self,
                                                         const char      *text,
                                                         gsize            length,
                                                         const char      *json,
                                                         gsize            json_length);
void               pw_generation_set_usage              (PwGeneration    *self,
                                                         gint64           input_tokens,
                                                         gint64           output_tokens);
void               pw_generation_set_model              (PwGeneration    *self,
                                                         const char      *model);
void               pw_generation_set_finish_reason      (PwGeneration    *self,
                                                         const char      *reason);
void               pw_generation_retrying               (PwGeneration    *self,
                                                         guint            delay_ms,
                                                         const char      *reason);
void               pw_generation_finish                 (PwGeneration    *self,
                                                         PwGenerationEnd  end,
                                                         const GError    *error);
void               pw_generation_append_refusal         (PwGeneration    *self,
                                                         const char      *text,
                                                         gsize            length);
void               pw_generation_set_budget             (PwGeneration    *self,
                                                         gsize            max_bytes,
                                                         guint            max_lines);
gboolean           pw_generation_get_over_budget        (PwGeneration    *self);
gboolean           pw_generation_has_new_text           (PwGeneration    *self);
void               pw_generation_add_warning            (PwGeneration    *self,
                                                         const char      *message);
void               pw_generation_hold_deltas            (PwGeneration    *self);
void               pw_generation_release_deltas         (PwGeneration    *self);

G_END_DECLS
