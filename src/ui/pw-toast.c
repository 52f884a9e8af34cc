/* pw-toast.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-toast.h"

/**
 * pw_toast_new:
 * @text: plain text: a message that may hold file names, server text
 *
 * Every toast of the application is made here. libadwaita 1.2 parses a
 * toast's title as Pango markup (its use-markup property came in 1.4), so
 * a file name with `&` or `<` would break the toast or style it: the text
 * is escaped and shows as it is.
 *
 * Returns: (transfer floating): a toast showing @text
 */
AdwToast *
pw_toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  return adw_toast_new (escaped);
}
