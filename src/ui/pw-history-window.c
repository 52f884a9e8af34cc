/* pw-history-window.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-history-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-diff-view.h"
#include "pw-history-window.h"
#include "pw-history.h"
#include "pw-planning.h"
#include "pw-ui-utils.h"

/*
 * Rows are shown newest first; row i is entry n - 1 - i of the history,
 * which is stored oldest first. Everything in an entry came from a model or
 * a file, so it only ever goes into labels as plain text.
 */

struct _PwHistoryWindow
{
  AdwWindow       parent_instance;

  /* children */
  GtkStack       *stack;
  GtkSpinner     *spinner;
  GtkListBox     *list;
  AdwStatusPage  *error_page;
  AdwWindowTitle *title;
  GtkWidget      *back_button;
  GtkWidget      *open_button;
  GtkWidget      *compare_button;
  GtkLabel       *compare_label;
  PwDiffView     *diff_view;

  /* owned */
  GCancellable   *cancellable;
  JsonArray      *entries;  /* (nullable) oldest first */
  GPtrArray      *checks;   /* of GtkCheckButton (owned), one per row, newest first */
  char           *error;    /* (nullable) why the history could not be read */
};

G_DEFINE_FINAL_TYPE (PwHistoryWindow, pw_history_window, ADW_TYPE_WINDOW)

enum
{
  OPEN_ENTRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static JsonObject *
entry_at (PwHistoryWindow *self,
          guint            row)
{
  guint n = self->entries != NULL ? json_array_get_length (self->entries) : 0;
  JsonNode *node;

  if (row >= n)
    return NULL;
  node = json_array_get_element (self->entries, n - 1 - row);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
get_usage (JsonObject *entry,
           const char *member)
{
  JsonNode *usage = json_object_get_member (entry, "usage");
  JsonNode *node;

  if (usage == NULL || !JSON_NODE_HOLDS_OBJECT (usage))
    return 0;
  node = json_object_get_member (json_node_get_object (usage), member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  return json_node_get_int (node);
}

static char *
format_time (JsonObject *entry)
{
  const char *created = get_string (entry, "created");
  g_autoptr(GDateTime) utc = created != NULL ? g_date_time_new_from_iso8601 (created, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (_("Unknown time"));
  local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_end (JsonObject  *entry,
            const char **css_class)
{
  const char *end = get_string (entry, "end");
  const char *error = get_string (entry, "error");

  *css_class = "warning";
  if (g_strcmp0 (end, "complete") == 0)
    {
      *css_class = "success";
      return g_strdup (_("Complete"));
    }
  if (g_strcmp0 (end, "incomplete") == 0)
    return g_strdup (_("Incomplete"));
  if (g_strcmp0 (end, "cancelled") == 0)
    return g_strdup (_("Cancelled"));
  if (g_strcmp0 (end, "truncated") == 0)
    return g_strdup (_("Cut off at the token limit"));
  if (g_strcmp0 (end, "refused") == 0)
    return g_strdup (_("Refused by the model"));

  *css_class = "error";
  if (error != NULL)
    return g_strdup_printf (_("Error: %s"), error);

  return g_strdup (_("Error"));
}

static guint
n_checked (PwHistoryWindow *self)
{
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    n += gtk_check_button_get_active (g_ptr_array_index (self->checks, i));

  return n;
}

static void
update_actions (PwHistoryWindow *self)
{
  guint checked;

  /* Rows going away in dispose report a selection change. */
  if (self->list == NULL)
    return;
  checked = n_checked (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.open",
                                 gtk_list_box_get_selected_row (self->list) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.compare", checked == 2);

  /* At most two entries are compared: the other boxes wait. */
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);

      gtk_widget_set_sensitive (check,
                                checked < 2
                                || gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
    }
}

static void
check_toggled_cb (PwHistoryWindow *self)
{
  update_actions (self);
}

static GtkWidget *
plain_label (const char *text,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
create_row (PwHistoryWindow *self,
            JsonObject      *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *end_label;
  const char *subject = get_string (entry, "subject");
  const char *template_id = get_string (entry, "template");
  const char *model = get_string (entry, "model");
  const char *css_class;
  g_autofree char *time = format_time (entry);
  g_autofree char *end = format_end (entry, &css_class);
  g_autofree char *details = NULL;
  g_autofree char *accessible = NULL;

  /* Translators: the counts are grouped as the locale does (%'lu) */
  details = g_strdup_printf (_("%s · %s · %s · %'lu in / %'lu out tokens"), time,
                             template_id != NULL ? template_id : _("unknown template"),
                             model != NULL ? model : _("unknown model"),
                             (unsigned long) get_usage (entry, "input_tokens"),
                             (unsigned long) get_usage (entry, "output_tokens"));
  if (subject == NULL || *subject == '\0')
    subject = template_id != NULL ? template_id : _("Untitled");

  gtk_widget_set_margin_top (box, 9);
  gtk_widget_set_margin_bottom (box, 9);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  accessible = g_strdup_printf (_("Compare “%s” of %s"), subject, time);
  gtk_widget_set_tooltip_text (check, _("Select for comparison"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_ptr_array_add (self->checks, g_object_ref (check));
  gtk_box_append (GTK_BOX (box), check);

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), plain_label (subject, "heading"));
  gtk_box_append (GTK_BOX (text), plain_label (details, "dim-label"));
  gtk_box_append (GTK_BOX (box), text);

  end_label = plain_label (end, css_class);
  gtk_label_set_max_width_chars (GTK_LABEL (end_label), 32);
  gtk_widget_set_tooltip_text (end_label, end);
  gtk_box_append (GTK_BOX (box), end_label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  subject, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, details, -1);

  return row;
}

static void
show_error (PwHistoryWindow *self,
            const GError    *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);

  self->error = g_strdup (error->message);
  /* The status page's description is markup. */
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
show_entries (PwHistoryWindow *self)
{
  guint n = json_array_get_length (self->entries);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = entry_at (self, i);

      /* A bad element still gets a row: row i stays entry n - 1 - i. */
      if (entry == NULL)
        {
          g_autoptr(JsonObject) blank = json_object_new ();

          gtk_list_box_append (self->list, create_row (self, blank));
          continue;
        }
      gtk_list_box_append (self->list, create_row (self, entry));
    }

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PwHistoryWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonArray *entries = pw_history_load_finish (PW_HISTORY (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  self->entries = entries;
  if (self->entries == NULL)
    show_error (self, error);
  else
    show_entries (self);
  update_actions (self);
}

/* The history file can be megabytes: it is read in a thread, with a spinner
 * until then. */
static void
load (PwHistoryWindow *self,
      GFile           *repository)
{
  g_autoptr(PwHistory) history = pw_history_new (repository);
  g_autofree char *name = g_file_get_basename (repository);

  adw_window_title_set_subtitle (self->title, name);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_start (self->spinner);
  pw_history_load_async (history, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwHistoryWindow *self = PW_HISTORY_WINDOW (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);
  JsonObject *entry;

  if (row == NULL)
    return;
  entry = entry_at (self, gtk_list_box_row_get_index (row));
  if (entry != NULL)
    g_signal_emit (self, signals[OPEN_ENTRY], 0, entry);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwHistoryWindow *self = PW_HISTORY_WINDOW (widget);
  guint picked[2];
  guint n = 0;

  for (guint i = 0; i < self->checks->len && n < 2; i++)
    {
      if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
        picked[n++] = i;
    }
  if (n == 2)
    pw_history_window_compare (self, picked[0], picked[1]);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwHistoryWindow *self = PW_HISTORY_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "compare") != 0)
    return;
  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_visible (self->open_button, TRUE);
  gtk_widget_set_visible (self->compare_button, TRUE);
}

static void
row_selected_cb (PwHistoryWindow *self)
{
  update_actions (self);
}

static void
row_activated_cb (PwHistoryWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "history.open", NULL);
}

static void
pw_history_window_dispose (GObject *object)
{
  PwHistoryWindow *self = PW_HISTORY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  /* Rows going away emit signals that read the check buttons. */
  if (self->checks != NULL)
    g_ptr_array_set_size (self->checks, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_HISTORY_WINDOW);

  G_OBJECT_CLASS (pw_history_window_parent_class)->dispose (object);
}

static void
pw_history_window_finalize (GObject *object)
{
  PwHistoryWindow *self = PW_HISTORY_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->entries, json_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (pw_history_window_parent_class)->finalize (object);
}

static void
pw_history_window_class_init (PwHistoryWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pw_history_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = pw_history_window_finalize;

  /**
   * PwHistoryWindow::open-entry:
   * @entry: the history entry (a #JsonObject)
   */
  signals[OPEN_ENTRY] = g_signal_new ("open-entry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  g_type_ensure (PW_TYPE_DIFF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, list);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, title);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, compare_button);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, compare_label);
  gtk_widget_class_bind_template_child (widget_class, PwHistoryWindow, diff_view);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "history.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "history.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "history.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "history.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "history.compare", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "history.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
pw_history_window_init (PwHistoryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->checks = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.open", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.compare", FALSE);
}

/**
 * pw_history_window_new:
 * @parent: (nullable): the window to sit on
 * @repository: the repository whose history to show
 *
 * The history is read in the background: the window shows the "loading"
 * page until then.
 *
 * Returns: (transfer full): a new window, not yet shown
 */
PwHistoryWindow *
pw_history_window_new (GtkWindow *parent,
                       GFile     *repository)
{
  PwHistoryWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_FILE (repository), NULL);

  self = g_object_new (PW_TYPE_HISTORY_WINDOW, "transient-for", parent, NULL);
  load (self, repository);
  update_actions (self);
  pw_dialog_fit_parent (GTK_WINDOW (self), parent);

  return self;
}

guint
pw_history_window_get_n_entries (PwHistoryWindow *self)
{
  g_return_val_if_fail (PW_IS_HISTORY_WINDOW (self), 0);

  return self->entries != NULL ? json_array_get_length (self->entries) : 0;
}

/**
 * pw_history_window_compare:
 * @a: a row, 0 = newest
 * @b: another row
 *
 * Shows the diff of the two answers, the older one as the old text.
 */
void
pw_history_window_compare (PwHistoryWindow *self,
                           guint            a,
                           guint            b)
{
  JsonObject *older, *newer;
  g_autofree char *older_time = NULL;
  g_autofree char *newer_time = NULL;
  g_autofree char *caption = NULL;
  const char *older_subject, *newer_subject;

  g_return_if_fail (PW_IS_HISTORY_WINDOW (self));

  /* A larger row index is an older entry. */
  older = entry_at (self, MAX (a, b));
  newer = entry_at (self, MIN (a, b));
  g_return_if_fail (older != NULL && newer != NULL);

  older_time = format_time (older);
  newer_time = format_time (newer);
  older_subject = get_string (older, "subject");
  newer_subject = get_string (newer, "subject");
  caption = g_strdup_printf (_("Older: %s, %s  →  Newer: %s, %s"),
                             older_time, older_subject != NULL ? older_subject : "",
                             newer_time, newer_subject != NULL ? newer_subject : "");
  gtk_label_set_text (self->compare_label, caption);

  pw_diff_view_set_texts (self->diff_view, get_string (older, "answer"),
                          get_string (newer, "answer"));
  gtk_stack_set_visible_child_name (self->stack, "compare");
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_set_visible (self->open_button, FALSE);
  gtk_widget_set_visible (self->compare_button, FALSE);
}

/**
 * pw_history_window_select:
 * @row: a row, 0 = newest
 *
 * Selects a row, as a click would.
 */
void
pw_history_window_select (PwHistoryWindow *self,
                          guint            row)
{
  g_return_if_fail (PW_IS_HISTORY_WINDOW (self));

  gtk_list_box_select_row (self->list, gtk_list_box_get_row_at_index (self->list, row));
}

/**
 * pw_history_window_get_error:
 *
 * Returns: (nullable): why the history could not be read, or %NULL
 */
const char *
pw_history_window_get_error (PwHistoryWindow *self)
{
  g_return_val_if_fail (PW_IS_HISTORY_WINDOW (self), NULL);

  return self->error;
}

/**
 * pw_history_window_get_diff_view:
 *
 * Returns: (transfer none): the view of the last comparison
 */
PwDiffView *
pw_history_window_get_diff_view (PwHistoryWindow *self)
{
  g_return_val_if_fail (PW_IS_HISTORY_WINDOW (self), NULL);

  return self->diff_view;
}

/**
 * pw_history_window_get_page:
 *
 * Returns: what the window shows: "loading", "list", "empty", "error" or
 *   "compare"
 */
const char *
pw_history_window_get_page (PwHistoryWindow *self)
{
  g_return_val_if_fail (PW_IS_HISTORY_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
