/* pw-ui-utils.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-ui-utils.h"

/* Room left around a dialog inside its parent: its title bar and shadow. */
#define FIT_MARGIN 24

/**
 * pw_dialog_fit_parent:
 * @dialog: a dialog not shown yet
 * @parent: (nullable): the window it belongs to
 *
 * Shrinks @dialog's default size to what fits inside @parent, so that on
 * an 800×600 screen no dialog opens taller or wider than the window it
 * belongs to (their contents scroll). A parent not laid out yet, or none,
 * leaves the default size as it is.
 */
void
pw_dialog_fit_parent (GtkWindow *dialog,
                      GtkWindow *parent)
{
  int width, height;
  int parent_width, parent_height;

  g_return_if_fail (GTK_IS_WINDOW (dialog));

  if (parent == NULL)
    return;
  parent_width = gtk_widget_get_width (GTK_WIDGET (parent));
  parent_height = gtk_widget_get_height (GTK_WIDGET (parent));
  if (parent_width <= FIT_MARGIN || parent_height <= FIT_MARGIN)
    return;

  gtk_window_get_default_size (dialog, &width, &height);
  if (width > parent_width - FIT_MARGIN)
    width = parent_width - FIT_MARGIN;
  if (height > parent_height - FIT_MARGIN)
    height = parent_height - FIT_MARGIN;
  gtk_window_set_default_size (dialog, width, height);
}
