/* pw-window.h
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pw-workspace.h"

G_BEGIN_DECLS

#define PW_TYPE_WINDOW (pw_window_get_type ())

G_DECLARE_FINAL_TYPE (PwWindow, pw_window, PW, WINDOW, AdwApplicationWindow)

PwWindow    *pw_window_new           (AdwApplication *application) G_GNUC_WARN_UNUSED_RESULT;
gboolean     pw_window_open          (PwWindow       *self,
                                      GFile          *folder,
                                      GError        **error);
gboolean     pw_window_open_plan     (PwWindow       *self,
                                      GFile          *plan,
                                      GError        **error);
void         pw_window_open_async    (PwWindow            *self,
                                      GFile               *folder,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
void         pw_window_open_plan_async (PwWindow            *self,
                                        GFile               *plan,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
void         pw_window_open_file     (PwWindow       *self,
                                      GFile          *file);
gboolean     pw_window_open_finish   (PwWindow       *self,
                                      GAsyncResult   *result,
                                      GError        **error);
PwWorkspace *pw_window_get_workspace (PwWindow       *self);
gboolean     pw_window_get_modified  (PwWindow       *self);
void         pw_window_add_toast     (PwWindow       *self,
                                      const char     *message);

G_END_DECLS
