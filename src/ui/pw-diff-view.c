/* pw-diff-view.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-diff-view"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-diff-view.h"
#include "pw-diff.h"

/*
 * The lines live in a GtkListView over a small list model that makes a row
 * object only when the view asks for one, so a diff of two 1 MB texts costs
 * the diff itself and a screenful of widgets. Texts are set as plain text.
 */

/* One row of the list: a borrowed line of the model's array. */
#define PW_TYPE_DIFF_ITEM (pw_diff_item_get_type ())
G_DECLARE_FINAL_TYPE (PwDiffItem, pw_diff_item, PW, DIFF_ITEM, GObject)

struct _PwDiffItem
{
  GObject     parent_instance;
  GPtrArray  *lines;   /* (owned) keeps @line alive */
  PwDiffLine *line;
};

G_DEFINE_FINAL_TYPE (PwDiffItem, pw_diff_item, G_TYPE_OBJECT)

static void
pw_diff_item_finalize (GObject *object)
{
  PwDiffItem *self = PW_DIFF_ITEM (object);

  g_clear_pointer (&self->lines, g_ptr_array_unref);
  G_OBJECT_CLASS (pw_diff_item_parent_class)->finalize (object);
}

static void
pw_diff_item_class_init (PwDiffItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_diff_item_finalize;
}

static void
pw_diff_item_init (PwDiffItem *self)
{
}

/* The list model over a diff. */
#define PW_TYPE_DIFF_MODEL (pw_diff_model_get_type ())
G_DECLARE_FINAL_TYPE (PwDiffModel, pw_diff_model, PW, DIFF_MODEL, GObject)

struct _PwDiffModel
{
  GObject    parent_instance;
  GPtrArray *lines; /* (owned) of PwDiffLine */
};

static GType
pw_diff_model_get_item_type (GListModel *model)
{
  return PW_TYPE_DIFF_ITEM;
}

static guint
pw_diff_model_get_n_items (GListModel *model)
{
  return PW_DIFF_MODEL (model)->lines->len;
}

static gpointer
pw_diff_model_get_item (GListModel *model,
                        guint       position)
{
  PwDiffModel *self = PW_DIFF_MODEL (model);
  PwDiffItem *item;

  if (position >= self->lines->len)
    return NULL;

  item = g_object_new (PW_TYPE_DIFF_ITEM, NULL);
  item->lines = g_ptr_array_ref (self->lines);
  item->line = g_ptr_array_index (self->lines, position);

  return item;
}

static void
pw_diff_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pw_diff_model_get_item_type;
  iface->get_n_items = pw_diff_model_get_n_items;
  iface->get_item = pw_diff_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (PwDiffModel, pw_diff_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      pw_diff_model_list_model_init))

static void
pw_diff_model_finalize (GObject *object)
{
  g_clear_pointer (&PW_DIFF_MODEL (object)->lines, g_ptr_array_unref);
  G_OBJECT_CLASS (pw_diff_model_parent_class)->finalize (object);
}

static void
pw_diff_model_class_init (PwDiffModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_diff_model_finalize;
}

static void
pw_diff_model_init (PwDiffModel *self)
{
}

struct _PwDiffView
{
  GtkWidget    parent_instance;

  /* Template children */
  GtkWidget   *header;
  GtkLabel    *summary;
  GtkWidget   *scroller;
  GtkListView *list;

  /* owned */
  GArray      *changes;   /* guint, the first line of each run of changed lines */

  /* state */
  guint        n_added;
  guint        n_removed;
  gint         current;   /* index into @changes, or -1 */
  guint        n_lines;
};

G_DEFINE_FINAL_TYPE (PwDiffView, pw_diff_view, GTK_TYPE_WIDGET)

static GtkWidget *
number_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_width_chars (GTK_LABEL (label), 5);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "diff-number");

  return label;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *sign = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "diff-line");
  gtk_box_append (GTK_BOX (box), number_label ());
  gtk_box_append (GTK_BOX (box), number_label ());

  gtk_label_set_width_chars (GTK_LABEL (sign), 1);
  gtk_label_set_yalign (GTK_LABEL (sign), 0.0);
  gtk_widget_add_css_class (sign, "diff-sign");
  gtk_box_append (GTK_BOX (box), sign);

  gtk_label_set_xalign (GTK_LABEL (text), 0.0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, "diff-text");
  gtk_box_append (GTK_BOX (box), text);

  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, box);
}

static void
set_number (GtkWidget *label,
            guint      number)
{
  char buf[16];

  if (number == 0)
    {
      gtk_label_set_text (GTK_LABEL (label), "");
      return;
    }
  g_snprintf (buf, sizeof buf, "%u", number);
  gtk_label_set_text (GTK_LABEL (label), buf);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  PwDiffItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *old_number = gtk_widget_get_first_child (box);
  GtkWidget *new_number = gtk_widget_get_next_sibling (old_number);
  GtkWidget *sign = gtk_widget_get_next_sibling (new_number);
  GtkWidget *text = gtk_widget_get_next_sibling (sign);
  const PwDiffLine *line = item->line;

  set_number (old_number, line->old_line);
  set_number (new_number, line->new_line);
  /* The file's text is shown as it is: never parsed as markup. */
  gtk_label_set_text (GTK_LABEL (text), line->text);
  gtk_widget_remove_css_class (box, "diff-added");
  gtk_widget_remove_css_class (box, "diff-removed");

  switch (line->op)
    {
    case PW_DIFF_ADDED:
      gtk_label_set_text (GTK_LABEL (sign), "+");
      gtk_widget_add_css_class (box, "diff-added");
      break;
    case PW_DIFF_REMOVED:
      gtk_label_set_text (GTK_LABEL (sign), "−");
      gtk_widget_add_css_class (box, "diff-removed");
      break;
    case PW_DIFF_EQUAL:
    default:
      gtk_label_set_text (GTK_LABEL (sign), "");
      break;
    }
}

static void
update_summary (PwDiffView *self)
{
  g_autofree char *summary = NULL;

  if (self->n_added == 0 && self->n_removed == 0)
    summary = g_strdup (_("No changes"));
  else if (self->current < 0)
    /* Translators: counts of changed lines, e.g. "3 added, 1 removed" */
    summary = g_strdup_printf (_("%u added, %u removed"), self->n_added, self->n_removed);
  else
    /* Translators: counts of changed lines, then which change is shown,
     * e.g. "3 added, 1 removed · change 2 of 4" */
    summary = g_strdup_printf (_("%u added, %u removed · change %u of %u"),
                               self->n_added, self->n_removed,
                               self->current + 1, self->changes->len);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diff.next-change",
                                 self->current + 1 < (gint)self->changes->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diff.previous-change",
                                 self->current > 0);

  gtk_label_set_text (self->summary, summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
}

/* Changes */

#define CONTEXT_LINES 3

/* Brings change @index into sight with a few lines before it. The list
 * places rows it has not measured by an estimate, so the jump goes to the
 * change's share of the height first, then the list scrolls the change's
 * first line into sight exactly. */
static void
show_change (PwDiffView *self,
             guint       index)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  guint line = g_array_index (self->changes, guint, index);
  guint from = line > CONTEXT_LINES ? line - CONTEXT_LINES : 0;

  self->current = index;
  if (self->n_lines > 0)
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) * from / self->n_lines);
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", line);
  update_summary (self);
}

static void
next_change_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  pw_diff_view_next_change (PW_DIFF_VIEW (widget));
}

static void
previous_change_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  pw_diff_view_previous_change (PW_DIFF_VIEW (widget));
}

static void
pw_diff_view_dispose (GObject *object)
{
  PwDiffView *self = PW_DIFF_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_DIFF_VIEW);
  g_clear_pointer (&self->changes, g_array_unref);

  G_OBJECT_CLASS (pw_diff_view_parent_class)->dispose (object);
}

static void
pw_diff_view_class_init (PwDiffViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pw_diff_view_dispose;
  gtk_widget_class_set_css_name (widget_class, "diffview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "diff.next-change", NULL, next_change_action);
  gtk_widget_class_install_action (widget_class, "diff.previous-change", NULL,
                                   previous_change_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "diff.next-change", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "diff.previous-change", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-diff-view.ui");
  gtk_widget_class_bind_template_child (widget_class, PwDiffView, header);
  gtk_widget_class_bind_template_child (widget_class, PwDiffView, summary);
  gtk_widget_class_bind_template_child (widget_class, PwDiffView, scroller);
  gtk_widget_class_bind_template_child (widget_class, PwDiffView, list);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
}

static void
pw_diff_view_init (PwDiffView *self)
{
  PwDiffModel *model = g_object_new (PW_TYPE_DIFF_MODEL, NULL);
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  model->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_diff_line_free);
  self->changes = g_array_new (FALSE, FALSE, sizeof (guint));
  self->current = -1;

  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (model)));
  gtk_list_view_set_model (self->list, selection);
  update_summary (self);
}

/**
 * pw_diff_view_new:
 *
 * Returns: (transfer full): a new, empty diff view
 */
GtkWidget *
pw_diff_view_new (void)
{
  return g_object_new (PW_TYPE_DIFF_VIEW, NULL);
}

/**
 * pw_diff_view_set_texts:
 * @old_text: (nullable): the text before
 * @new_text: (nullable): the text after
 *
 * Shows the line diff of the two texts; %NULL is an empty text.
 */
void
pw_diff_view_set_texts (PwDiffView *self,
                        const char *old_text,
                        const char *new_text)
{
  g_autoptr(PwDiffModel) model = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;

  g_return_if_fail (PW_IS_DIFF_VIEW (self));

  model = g_object_new (PW_TYPE_DIFF_MODEL, NULL);
  model->lines = pw_diff_lines (old_text, new_text);
  pw_diff_count (model->lines, &self->n_added, &self->n_removed);

  g_array_set_size (self->changes, 0);
  for (guint i = 0; i < model->lines->len; i++)
    {
      const PwDiffLine *line = g_ptr_array_index (model->lines, i);
      const PwDiffLine *prev = i > 0 ? g_ptr_array_index (model->lines, i - 1) : NULL;

      if (line->op != PW_DIFF_EQUAL && (prev == NULL || prev->op == PW_DIFF_EQUAL))
        g_array_append_val (self->changes, i);
    }
  self->current = -1;
  self->n_lines = model->lines->len;

  /* A new model rather than items-changed: the view rebinds only what is
   * on screen either way, and the model stays immutable. */
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&model))));
  gtk_list_view_set_model (self->list, selection);
  update_summary (self);
}

guint
pw_diff_view_get_n_added (PwDiffView *self)
{
  g_return_val_if_fail (PW_IS_DIFF_VIEW (self), 0);

  return self->n_added;
}

guint
pw_diff_view_get_n_removed (PwDiffView *self)
{
  g_return_val_if_fail (PW_IS_DIFF_VIEW (self), 0);

  return self->n_removed;
}

/**
 * pw_diff_view_get_n_changes:
 *
 * Returns: the number of runs of changed lines
 */
guint
pw_diff_view_get_n_changes (PwDiffView *self)
{
  g_return_val_if_fail (PW_IS_DIFF_VIEW (self), 0);

  return self->changes->len;
}

/**
 * pw_diff_view_get_current_change:
 *
 * Returns: the 0-based index of the change last moved to, or -1
 */
gint
pw_diff_view_get_current_change (PwDiffView *self)
{
  g_return_val_if_fail (PW_IS_DIFF_VIEW (self), -1);

  return self->current;
}

/**
 * pw_diff_view_next_change:
 *
 * Scrolls to the next run of changed lines (the first one at the start).
 *
 * Returns: %FALSE when there is no next change
 */
gboolean
pw_diff_view_next_change (PwDiffView *self)
{
  g_return_val_if_fail (PW_IS_DIFF_VIEW (self), FALSE);

  if (self->current + 1 >= (gint)self->changes->len)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  show_change (self, self->current + 1);

  return TRUE;
}

/**
 * pw_diff_view_previous_change:
 *
 * Scrolls to the previous run of changed lines.
 *
 * Returns: %FALSE when there is no previous change
 */
gboolean
pw_diff_view_previous_change (PwDiffView *self)
{
  g_return_val_if_fail (PW_IS_DIFF_VIEW (self), FALSE);

  if (self->current <= 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  show_change (self, self->current - 1);

  return TRUE;
}

/**
 * pw_diff_view_get_summary:
 *
 * Returns: the summary shown above the lines, e.g. "3 added, 1 removed"
 */
const char *
pw_diff_view_get_summary (PwDiffView *self)
{
  g_return_val_if_fail (PW_IS_DIFF_VIEW (self), NULL);

  return gtk_label_get_text (self->summary);
}
