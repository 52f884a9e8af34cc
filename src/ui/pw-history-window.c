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
  GtkListBox     *list;
  AdwStatusPage  *error_page;
  AdwWindowTitle *title;
  GtkWidget      *back_button;
  GtkWidget      *open_button;
  GtkWidget      *compare_button;
  GtkLabel       *compare_label;
  PwDiffView     *diff_view;

  /* owned */
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
  guint checked = n_checked (self);

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

  details = g_strdup_printf (_("%s · %s · %s · %lu in / %lu out tokens"), time,
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
load (PwHistoryWindow *self,
      GFile           *repository)
{
  g_autoptr(PwHistory) history = pw_history_new (repository);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (repository);
  guint n;

  adw_window_title_set_subtitle (self->title, name);

  self->entries = pw_history_load (history, NULL, &error);
  if (self->entries == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      self->error = g_strdup (error->message);
      /* The status page's description is markup. */
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  n = json_array_get_length (self->entries);
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

  /* Rows going away emit signals that read the check buttons. */
  if (self->checks != NULL)
    g_ptr_array_set_size (self->checks, 0);

  G_OBJECT_CLASS (pw_history_window_parent_class)->dispose (object);
}

static void
pw_history_window_finalize (GObject *object)
{
  PwHistoryWindow *self = PW_HISTORY_WINDOW (object);

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

static GtkWidget *
header_button (const char *label,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);

  return button;
}

static void
pw_history_window_init (PwHistoryWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *compare = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->checks = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_window_set_title (GTK_WINDOW (self), _("Generation History"));
  gtk_window_set_default_size (GTK_WINDOW (self), 860, 620);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Generation History"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));

  self->back_button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_button), "history.back");
  gtk_widget_set_tooltip_text (self->back_button, _("Back to the list (Alt+←)"));
  gtk_widget_set_visible (self->back_button, FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->back_button);

  self->open_button = header_button (_("_Open"), "history.open",
                                     _("Open the selected generation (Ctrl+O)"));
  gtk_widget_add_css_class (self->open_button, "suggested-action");
  self->compare_button = header_button (_("_Compare"), "history.compare",
                                        _("Compare the answers of the two checked generations "
                                          "(Ctrl+D)"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->open_button);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->compare_button);
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_SLIDE_LEFT_RIGHT);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Generations, newest first"), -1);
  g_signal_connect_swapped (self->list, "selected-rows-changed", G_CALLBACK (row_selected_cb),
                            self);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_stack_add_named (self->stack, scroller, "list");

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "document-open-recent-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Generations Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Plans generated in this repository will be listed here"));
  gtk_stack_add_named (self->stack, empty, "empty");

  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->error_page, _("History Unavailable"));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");

  gtk_widget_set_margin_top (compare, 12);
  gtk_widget_set_margin_bottom (compare, 12);
  gtk_widget_set_margin_start (compare, 12);
  gtk_widget_set_margin_end (compare, 12);
  self->compare_label = GTK_LABEL (plain_label (NULL, "dim-label"));
  gtk_label_set_wrap (self->compare_label, TRUE);
  gtk_label_set_ellipsize (self->compare_label, PANGO_ELLIPSIZE_NONE);
  gtk_box_append (GTK_BOX (compare), GTK_WIDGET (self->compare_label));
  self->diff_view = PW_DIFF_VIEW (pw_diff_view_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->diff_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Differences between the two answers"), -1);
  gtk_box_append (GTK_BOX (compare), GTK_WIDGET (self->diff_view));
  gtk_stack_add_named (self->stack, compare, "compare");

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.open", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.compare", FALSE);
}

/**
 * pw_history_window_new:
 * @parent: (nullable): the window to sit on
 * @repository: the repository whose history to show
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
 * Returns: what the window shows: "list", "empty", "error" or "compare"
 */
const char *
pw_history_window_get_page (PwHistoryWindow *self)
{
  g_return_val_if_fail (PW_IS_HISTORY_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
