/* pw-block-row.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-block-row"

#include "config.h"

#include "pw-block-row.h"

#define SPACING 8
/* What a row whose content wraps asks for at least: room for a word. */
#define MIN_WRAPPING_WIDTH 48

struct _PwBlockRow
{
  GtkWidget  parent_instance;

  GtkWidget *prefix;   /* (nullable) */
  GtkWidget *content;  /* (nullable) */
  GtkWidget *suffix;   /* (nullable) at the end: the note button */
  int        placeholder;  /* the height to take without content, or -1 */
  gint       step;         /* the step the prefix toggles, or -1 */
  gint       section;      /* the plan section the row's heading starts, or -1 */
  guint      wraps : 1;
};

G_DEFINE_FINAL_TYPE (PwBlockRow, pw_block_row, GTK_TYPE_WIDGET)

static int
prefix_width (PwBlockRow *self)
{
  int min = 0, nat = 0;

  if (self->prefix == NULL || !gtk_widget_get_visible (self->prefix))
    return 0;
  gtk_widget_measure (self->prefix, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);

  return MAX (min, nat) + SPACING;
}

static int
suffix_width (PwBlockRow *self)
{
  int min = 0, nat = 0;

  if (self->suffix == NULL || !gtk_widget_get_visible (self->suffix))
    return 0;
  gtk_widget_measure (self->suffix, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);

  return MAX (min, nat) + SPACING;
}

static void
pw_block_row_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  PwBlockRow *self = PW_BLOCK_ROW (widget);
  int start = prefix_width (self) + suffix_width (self);
  int min = 0, nat = 0;

  if (self->content == NULL && self->prefix == NULL && self->placeholder >= 0)
    {
      *minimum = *natural = orientation == GTK_ORIENTATION_VERTICAL ? self->placeholder : 0;
      return;
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      if (self->content != NULL && self->wraps)
        min = nat = MIN_WRAPPING_WIDTH;
      else if (self->content != NULL)
        gtk_widget_measure (self->content, orientation, -1, &min, &nat, NULL, NULL);
      *minimum = start + min;
      *natural = start + nat;
      return;
    }

  if (self->prefix != NULL && gtk_widget_get_visible (self->prefix))
    gtk_widget_measure (self->prefix, orientation, -1, minimum, natural, NULL, NULL);
  else
    *minimum = *natural = 0;
  if (self->suffix != NULL && gtk_widget_get_visible (self->suffix))
    {
      gtk_widget_measure (self->suffix, orientation, -1, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }

  if (self->content != NULL)
    {
      int width = for_size < 0 ? -1 : MAX (for_size - start, 0);

      gtk_widget_measure (self->content, orientation, width, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static void
pw_block_row_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  PwBlockRow *self = PW_BLOCK_ROW (widget);
  int start = prefix_width (self);
  int end = suffix_width (self);

  if (self->prefix != NULL && gtk_widget_get_visible (self->prefix))
    {
      int min = 0, nat = 0;

      gtk_widget_measure (self->prefix, GTK_ORIENTATION_VERTICAL, start - SPACING,
                          &min, &nat, NULL, NULL);
      gtk_widget_size_allocate (self->prefix,
                                &(GtkAllocation) { 0, 0, start - SPACING, MIN (nat, height) },
                                -1);
    }

  if (end > 0)
    {
      int min = 0, nat = 0;
      gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

      gtk_widget_measure (self->suffix, GTK_ORIENTATION_VERTICAL, end - SPACING,
                          &min, &nat, NULL, NULL);
      gtk_widget_size_allocate (self->suffix,
                                &(GtkAllocation) { rtl ? 0 : MAX (width - end + SPACING, 0), 0,
                                                   end - SPACING, MIN (nat, height) },
                                -1);
    }

  if (self->content != NULL)
    {
      GtkAllocation allocation = { start, 0, MAX (width - start - end, 0), height };

      if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
        allocation.x = 0;
      gtk_widget_size_allocate (self->content, &allocation, -1);
    }
}

static GtkSizeRequestMode
pw_block_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
pw_block_row_dispose (GObject *object)
{
  pw_block_row_clear (PW_BLOCK_ROW (object));

  G_OBJECT_CLASS (pw_block_row_parent_class)->dispose (object);
}

static void
pw_block_row_class_init (PwBlockRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_block_row_dispose;
  widget_class->measure = pw_block_row_measure;
  widget_class->size_allocate = pw_block_row_size_allocate;
  widget_class->get_request_mode = pw_block_row_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "pw-block-row");
}

static void
pw_block_row_init (PwBlockRow *self)
{
  self->placeholder = -1;
  self->step = -1;
  self->section = -1;
}

GtkWidget *
pw_block_row_new (void)
{
  return g_object_new (PW_TYPE_BLOCK_ROW, NULL);
}

/**
 * pw_block_row_get_prefix:
 *
 * Returns: (transfer none) (nullable): the prefix
 */
GtkWidget *
pw_block_row_get_prefix (PwBlockRow *self)
{
  g_return_val_if_fail (PW_IS_BLOCK_ROW (self), NULL);

  return self->prefix;
}

/**
 * pw_block_row_set_prefix:
 * @prefix: (nullable) (transfer floating): what goes before the content
 */
void
pw_block_row_set_prefix (PwBlockRow *self,
                         GtkWidget  *prefix)
{
  g_return_if_fail (PW_IS_BLOCK_ROW (self));

  if (self->prefix == prefix)
    return;
  g_clear_pointer (&self->prefix, gtk_widget_unparent);
  self->prefix = prefix;
  if (prefix != NULL)
    gtk_widget_insert_after (prefix, GTK_WIDGET (self), NULL);
}

/**
 * pw_block_row_get_content:
 *
 * Returns: (transfer none) (nullable): the content
 */
GtkWidget *
pw_block_row_get_content (PwBlockRow *self)
{
  g_return_val_if_fail (PW_IS_BLOCK_ROW (self), NULL);

  return self->content;
}

/**
 * pw_block_row_set_content:
 * @content: (nullable) (transfer floating): the block's widget
 * @wraps: whether @content fills any width it is given (a wrapping label):
 *   its width is then not measured
 */
void
pw_block_row_set_content (PwBlockRow *self,
                          GtkWidget  *content,
                          gboolean    wraps)
{
  g_return_if_fail (PW_IS_BLOCK_ROW (self));

  if (self->content != content)
    {
      g_clear_pointer (&self->content, gtk_widget_unparent);
      self->content = content;
      if (content != NULL)
        gtk_widget_set_parent (content, GTK_WIDGET (self));
    }
  self->wraps = !!wraps;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * pw_block_row_clear:
 *
 * Removes the prefix and the content, and forgets the step.
 */
void
pw_block_row_clear (PwBlockRow *self)
{
  g_return_if_fail (PW_IS_BLOCK_ROW (self));

  g_clear_pointer (&self->prefix, gtk_widget_unparent);
  g_clear_pointer (&self->content, gtk_widget_unparent);
  g_clear_pointer (&self->suffix, gtk_widget_unparent);
  self->placeholder = -1;
  self->step = -1;
  self->section = -1;
}

/**
 * pw_block_row_set_placeholder:
 * @height: the height to take
 *
 * Empties the row and makes it take @height: a row far from what the list
 * shows holds no widgets.
 */
void
pw_block_row_set_placeholder (PwBlockRow *self,
                              int         height)
{
  g_return_if_fail (PW_IS_BLOCK_ROW (self));

  pw_block_row_clear (self);
  self->placeholder = MAX (height, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * pw_block_row_is_placeholder:
 *
 * Returns: whether the row stands in for a block without showing it
 */
gboolean
pw_block_row_is_placeholder (PwBlockRow *self)
{
  g_return_val_if_fail (PW_IS_BLOCK_ROW (self), FALSE);

  return self->placeholder >= 0;
}

/**
 * pw_block_row_get_step:
 *
 * Returns: the plan step the row's prefix (a check button) toggles, or -1
 */
gint
pw_block_row_get_step (PwBlockRow *self)
{
  g_return_val_if_fail (PW_IS_BLOCK_ROW (self), -1);

  return self->step;
}

/**
 * pw_block_row_set_step:
 * @step: the plan step the row's prefix toggles, or -1
 */
void
pw_block_row_set_step (PwBlockRow *self,
                       gint        step)
{
  g_return_if_fail (PW_IS_BLOCK_ROW (self));

  self->step = MAX (step, -1);
}

/**
 * pw_block_row_get_suffix:
 *
 * Returns: (transfer none) (nullable): what is at the row's end
 */
GtkWidget *
pw_block_row_get_suffix (PwBlockRow *self)
{
  g_return_val_if_fail (PW_IS_BLOCK_ROW (self), NULL);

  return self->suffix;
}

/**
 * pw_block_row_set_suffix:
 * @suffix: (nullable) (transfer floating): what goes at the row's end,
 *   such as the button that adds a note
 */
void
pw_block_row_set_suffix (PwBlockRow *self,
                         GtkWidget  *suffix)
{
  g_return_if_fail (PW_IS_BLOCK_ROW (self));

  if (self->suffix == suffix)
    return;
  g_clear_pointer (&self->suffix, gtk_widget_unparent);
  self->suffix = suffix;
  if (suffix != NULL)
    gtk_widget_set_parent (suffix, GTK_WIDGET (self));
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * pw_block_row_get_section:
 *
 * Returns: the plan section whose heading the row shows, or -1
 */
gint
pw_block_row_get_section (PwBlockRow *self)
{
  g_return_val_if_fail (PW_IS_BLOCK_ROW (self), -1);

  return self->section;
}

void
pw_block_row_set_section (PwBlockRow *self,
                          gint        section)
{
  g_return_if_fail (PW_IS_BLOCK_ROW (self));

  self->section = MAX (section, -1);
}
