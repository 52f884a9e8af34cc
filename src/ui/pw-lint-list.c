/* pw-lint-list.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-lint-list"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-lint.h"
#include "pw-lint-list.h"

/* One issue of an issues array, as a list item. */
#define PW_TYPE_LINT_ENTRY (pw_lint_entry_get_type ())
G_DECLARE_FINAL_TYPE (PwLintEntry, pw_lint_entry, PW, LINT_ENTRY, GObject)

struct _PwLintEntry
{
  GObject    parent_instance;
  GPtrArray *issues;
  guint      index;
};

G_DEFINE_FINAL_TYPE (PwLintEntry, pw_lint_entry, G_TYPE_OBJECT)

static void
pw_lint_entry_finalize (GObject *object)
{
  PwLintEntry *self = PW_LINT_ENTRY (object);

  g_ptr_array_unref (self->issues);

  G_OBJECT_CLASS (pw_lint_entry_parent_class)->finalize (object);
}

static void
pw_lint_entry_class_init (PwLintEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_lint_entry_finalize;
}

static void
pw_lint_entry_init (PwLintEntry *self)
{
}

static PwLintEntry *
pw_lint_entry_new (GPtrArray *issues,
                   guint      index)
{
  PwLintEntry *self = g_object_new (PW_TYPE_LINT_ENTRY, NULL);

  self->issues = g_ptr_array_ref (issues);
  self->index = index;

  return self;
}

static const PwLintIssue *
pw_lint_entry_get_issue (PwLintEntry *self)
{
  return g_ptr_array_index (self->issues, self->index);
}

/* The list */

struct _PwLintList
{
  GtkWidget    parent_instance;

  GtkWidget   *scroller;
  GtkListView *list;
  GtkWidget   *empty;

  GListStore  *store;   /* PwLintEntry, filled only while mapped */
  GPtrArray   *issues;  /* (nullable) PwLintIssue */
};

G_DEFINE_FINAL_TYPE (PwLintList, pw_lint_list, GTK_TYPE_WIDGET)

enum {
  ISSUE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
same_issue (const PwLintIssue *a,
            const PwLintIssue *b)
{
  return a->severity == b->severity && a->line == b->line
         && g_strcmp0 (a->code, b->code) == 0 && g_strcmp0 (a->message, b->message) == 0;
}

static gboolean
entry_shows (GListModel        *model,
             guint              position,
             const PwLintIssue *issue)
{
  g_autoptr(PwLintEntry) entry = g_list_model_get_item (model, position);

  return same_issue (pw_lint_entry_get_issue (entry), issue);
}

/* Brings the store in line with the issues, replacing only the entries
 * that differ so the rows of unchanged issues stay bound while a plan
 * streams and is linted again and again. */
static void
fill (PwLintList *self)
{
  GListModel *model = G_LIST_MODEL (self->store);
  guint n_old = g_list_model_get_n_items (model);
  guint n_new = 0;
  guint head = 0, tail = 0;
  g_autoptr(GPtrArray) added = NULL;

  if (self->issues != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    n_new = self->issues->len;

  while (head < n_old && head < n_new
         && entry_shows (model, head, g_ptr_array_index (self->issues, head)))
    head++;
  while (tail < n_old - head && tail < n_new - head
         && entry_shows (model, n_old - 1 - tail,
                         g_ptr_array_index (self->issues, n_new - 1 - tail)))
    tail++;

  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = head; i < n_new - tail; i++)
    g_ptr_array_add (added, pw_lint_entry_new (self->issues, i));
  if (n_old - head - tail > 0 || added->len > 0)
    g_list_store_splice (self->store, head, n_old - head - tail, added->pdata, added->len);

  gtk_widget_set_visible (self->empty, self->issues != NULL && self->issues->len == 0);
  gtk_widget_set_visible (self->scroller, self->issues == NULL || self->issues->len > 0);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          PwLintList               *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 9);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *message = gtk_label_new (NULL);
  GtkWidget *where = gtk_label_new (NULL);

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_widget_add_css_class (where, "caption");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_box_append (GTK_BOX (texts), message);
  gtk_box_append (GTK_BOX (texts), where);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  g_object_set_data (G_OBJECT (box), "pw-icon", icon);
  g_object_set_data (G_OBJECT (box), "pw-message", message);
  g_object_set_data (G_OBJECT (box), "pw-where", where);
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         PwLintList               *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *icon = g_object_get_data (G_OBJECT (box), "pw-icon");
  const PwLintIssue *issue = pw_lint_entry_get_issue (gtk_list_item_get_item (item));
  gboolean error = issue->severity == PW_LINT_SEVERITY_ERROR;
  g_autofree char *line = NULL;
  g_autofree char *accessible = NULL;

  if (issue->line > 0)
    line = g_strdup_printf (_("Line %u"), issue->line);
  else
    line = g_strdup (_("Whole plan"));

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), error ? "dialog-error-symbolic"
                                                        : "dialog-warning-symbolic");
  gtk_widget_set_css_classes (icon, (const char *[]) { error ? "error" : "warning", NULL });
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "pw-message"), issue->message);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "pw-where"), line);

  accessible = g_strdup_printf ("%s: %s, %s", error ? _("Error") : _("Warning"),
                                issue->message, line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
activate_cb (GtkListView *list,
             guint        position,
             PwLintList  *self)
{
  pw_lint_list_activate (self, position);
}

static void
pw_lint_list_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (pw_lint_list_parent_class)->map (widget);
  fill (PW_LINT_LIST (widget));
}

static void
pw_lint_list_unmap (GtkWidget *widget)
{
  PwLintList *self = PW_LINT_LIST (widget);

  GTK_WIDGET_CLASS (pw_lint_list_parent_class)->unmap (widget);
  g_list_store_remove_all (self->store);
}

static void
pw_lint_list_dispose (GObject *object)
{
  PwLintList *self = PW_LINT_LIST (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_pointer (&self->issues, g_ptr_array_unref);

  G_OBJECT_CLASS (pw_lint_list_parent_class)->dispose (object);
}

static void
pw_lint_list_class_init (PwLintListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_lint_list_dispose;
  widget_class->map = pw_lint_list_map;
  widget_class->unmap = pw_lint_list_unmap;

  /**
   * PwLintList::issue-activated:
   * @self: the list
   * @line: the issue's 1-based line in the plan
   *
   * The user activated an issue that has a line.
   */
  signals[ISSUE_ACTIVATED] =
    g_signal_new ("issue-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pw-lint-list");
}

static void
pw_lint_list_init (PwLintList *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  self->store = g_list_store_new (PW_TYPE_LINT_ENTRY);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (
    GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store)))),
    g_steal_pointer (&factory)));
  gtk_list_view_set_single_click_activate (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lint results"), -1);
  g_signal_connect (self->list, "activate", G_CALLBACK (activate_cb), self);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->empty = gtk_label_new (_("No problems found"));
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_widget_set_valign (self->empty, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->empty, 12);
  gtk_widget_set_visible (self->empty, FALSE);
  gtk_widget_set_parent (self->empty, GTK_WIDGET (self));
}

GtkWidget *
pw_lint_list_new (void)
{
  return g_object_new (PW_TYPE_LINT_LIST, NULL);
}

/**
 * pw_lint_list_set_issues:
 * @self: a #PwLintList
 * @issues: (nullable) (element-type PwLintIssue): from pw_lint_check(), or
 *   %NULL for no plan
 *
 * Shows @issues (the list keeps a reference).
 */
void
pw_lint_list_set_issues (PwLintList *self,
                         GPtrArray  *issues)
{
  g_return_if_fail (PW_IS_LINT_LIST (self));

  if (issues != NULL)
    g_ptr_array_ref (issues);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  self->issues = issues;
  fill (self);
}

/**
 * pw_lint_list_get_model:
 * @self: a #PwLintList
 *
 * Returns: (transfer none): the issues the list shows: empty while the
 *   list is not on screen
 */
GListModel *
pw_lint_list_get_model (PwLintList *self)
{
  g_return_val_if_fail (PW_IS_LINT_LIST (self), NULL);

  return G_LIST_MODEL (self->store);
}

/**
 * pw_lint_list_activate:
 * @self: a #PwLintList
 * @position: a position in pw_lint_list_get_model()
 *
 * Does what a click on that issue does.
 */
void
pw_lint_list_activate (PwLintList *self,
                       guint       position)
{
  g_autoptr(PwLintEntry) entry = NULL;
  const PwLintIssue *issue;

  g_return_if_fail (PW_IS_LINT_LIST (self));

  entry = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (entry == NULL)
    return;
  issue = pw_lint_entry_get_issue (entry);
  if (issue->line > 0)
    g_signal_emit (self, signals[ISSUE_ACTIVATED], 0, issue->line);
}
