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
#include "pw-lint-row.h"

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

  /* Template children */
  GtkWidget   *scroller;
  GtkListView *list;
  GtkWidget   *empty;

  /* owned */
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
  gtk_list_item_set_child (item, pw_lint_row_new ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         PwLintList               *self)
{
  pw_lint_row_set_issue (PW_LINT_ROW (gtk_list_item_get_child (item)),
                         pw_lint_entry_get_issue (gtk_list_item_get_item (item)));
}

static void
activate_cb (PwLintList  *self,
             guint        position,
             GtkListView *list)
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

  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_LINT_LIST);
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

  gtk_widget_class_set_css_name (widget_class, "pw-lint-list");
  g_type_ensure (PW_TYPE_LINT_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-lint-list.ui");
  gtk_widget_class_bind_template_child (widget_class, PwLintList, scroller);
  gtk_widget_class_bind_template_child (widget_class, PwLintList, list);
  gtk_widget_class_bind_template_child (widget_class, PwLintList, empty);
  gtk_widget_class_bind_template_callback (widget_class, setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
}

static void
pw_lint_list_init (PwLintList *self)
{
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->store = g_list_store_new (PW_TYPE_LINT_ENTRY);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store))));
  gtk_list_view_set_model (self->list, selection);
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
