/* pw-md-restart.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-md-restart"

#include "config.h"

#include <string.h>

#include "pw-md-restart.h"

/**
 * pw_md_restart_advance:
 * @restart: (inout): the current restart point, a line start
 * @text: the text parsed so far
 * @length: its length in bytes
 * @start: the line start of a construct directly under the document
 *
 * Moves @restart to @start when @start lies after it and the line at @start
 * is complete (a newline ends it within @length): from then on a parse
 * from @start gives what a parse from the top gives there, whatever is
 * appended to @text (see pw-md-restart.h).
 *
 * Returns: whether @restart moved
 */
gboolean
pw_md_restart_advance (gsize      *restart,
                       const char *text,
                       gsize       length,
                       gsize       start)
{
  g_return_val_if_fail (restart != NULL, FALSE);

  if (start <= *restart || start >= length)
    return FALSE;
  if (memchr (text + start, '\n', length - start) == NULL)
    return FALSE;

  *restart = start;

  return TRUE;
}
