/* pw-profile.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "pw-provider.h"

G_BEGIN_DECLS

#define PW_PROFILE_ERROR (pw_profile_error_quark ())

typedef enum
{
  PW_PROFILE_ERROR_NO_SCHEMA,
  PW_PROFILE_ERROR_NOT_FOUND,
  PW_PROFILE_ERROR_INVALID,
} PwProfileError;

/**
 * PwKeySource:
 * @PW_KEY_SOURCE_NONE: no key found
 * @PW_KEY_SOURCE_ENVIRONMENT: an environment variable
 * @PW_KEY_SOURCE_KEYRING: the Secret Service
 */
typedef enum
{
  PW_KEY_SOURCE_NONE,
  PW_KEY_SOURCE_ENVIRONMENT,
  PW_KEY_SOURCE_KEYRING,
} PwKeySource;

#define PW_TYPE_PROFILE (pw_profile_get_type ())

G_DECLARE_FINAL_TYPE (PwProfile, pw_profile, PW, PROFILE, GObject)

/*
 * A provider profile: the GSettings relocatable schema
 * io.github.planwright.Planwright.Profile at
 * /io/github/planwright/Planwright/profiles/<id>/, listed in the root
 * schema's "profiles" key.  The key is never stored here.  The UI binds
 * preference rows to pw_profile_get_settings() directly.
 */

GQuark              pw_profile_error_quark       (void);
gboolean            pw_profile_schema_available  (void);
GPtrArray          *pw_profile_list              (void) G_GNUC_WARN_UNUSED_RESULT;
PwProfile          *pw_profile_lookup            (const char      *id_or_name) G_GNUC_WARN_UNUSED_RESULT;
PwProfile          *pw_profile_create            (const char      *name,
                                                  PwProviderKind   kind,
                                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean            pw_profile_remove            (PwProfile       *self,
                                                  GError         **error);
PwProfile          *pw_profile_get_default       (void) G_GNUC_WARN_UNUSED_RESULT;
void                pw_profile_set_default       (PwProfile       *self);

const char         *pw_profile_get_id            (PwProfile       *self);
GSettings          *pw_profile_get_settings      (PwProfile       *self);
char               *pw_profile_dup_name          (PwProfile       *self) G_GNUC_WARN_UNUSED_RESULT;
void                pw_profile_set_name          (PwProfile       *self,
                                                  const char      *name);
PwProviderKind      pw_profile_get_kind          (PwProfile       *self);
void                pw_profile_set_kind          (PwProfile       *self,
                                                  PwProviderKind   kind);
char               *pw_profile_dup_base_url      (PwProfile       *self) G_GNUC_WARN_UNUSED_RESULT;
char               *pw_profile_dup_ollama_host   (void) G_GNUC_WARN_UNUSED_RESULT;
void                pw_profile_set_base_url      (PwProfile       *self,
                                                  const char      *base_url);
char               *pw_profile_dup_model         (PwProfile       *self) G_GNUC_WARN_UNUSED_RESULT;
void                pw_profile_set_model         (PwProfile       *self,
                                                  const char      *model);
double              pw_profile_get_temperature   (PwProfile       *self);
guint               pw_profile_get_max_tokens    (PwProfile       *self);
gboolean            pw_profile_get_allow_insecure (PwProfile      *self);
double              pw_profile_estimate_cost     (PwProfile       *self,
                                                  guint            input_tokens,
                                                  guint            output_tokens);

PwProviderOptions  *pw_profile_to_options        (PwProfile       *self,
                                                  const char      *api_key) G_GNUC_WARN_UNUSED_RESULT;
char               *pw_profile_resolve_key       (PwProfile       *self,
                                                  PwKeySource     *source,
                                                  char           **why_none,
                                                  GCancellable    *cancellable) G_GNUC_WARN_UNUSED_RESULT;
PwProvider         *pw_profile_create_provider   (PwProfile       *self,
                                                  GCancellable    *cancellable,
                                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
