/* pw-test-ui.h: helpers shared by the widget tests.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widget tests link the test library through pw_test_ui_dep, which adds
 * GTK; the helpers they use so far (a scratch copy of the example, waiting
 * on the main loop) need no GTK and live in pw-test-utils.c.
 */

#pragma once

#include <gtk/gtk.h>

#include "pw-test-utils.h"
