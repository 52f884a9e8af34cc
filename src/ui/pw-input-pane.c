/* pw-input-pane.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-input-pane"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "pw-input-pane.h"
#include "pw-toast.h"

/*
 * One planning document in an editor: markdown highlighting, search, undo.
 * The pane mirrors its buffer into the PwDocument on every change; the
 * document decides what "modified" means and does the saving. When a
 * role has several files (rules), a drop-down picks the one shown.
 */

struct _PwInputPane
{
  AdwBin                   parent_instance;

  /* Template children */
  GtkInfoBar              *disk_bar;
  GtkBox                  *chooser_box;
  GtkDropDown             *chooser;
  GtkLabel                *path_label;
  GtkSearchBar            *search_bar;
  GtkSearchEntry          *search_entry;
  GtkLabel                *search_count;
  GtkStack                *stack;
  GtkSourceView           *view;
  AdwStatusPage           *missing_page;

  /* owned */
  GtkSourceBuffer         *buffer;
  GtkSourceSearchContext  *search;
  GPtrArray               *documents;     /* (element-type PwDocument) */
  PwDocument              *document;      /* (nullable) */
  GSignalGroup            *document_signals;

  /* state */
  PwDocumentRole           role;
  guint                    highlight_id;
  guint                    syncing : 1;
};

G_DEFINE_FINAL_TYPE (PwInputPane, pw_input_pane, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ROLE,
  PROP_DOCUMENT,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  CREATE_REQUESTED,
  KEEP_MINE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
missing_description (PwDocumentRole role)
{
  switch (role)
    {
    case PW_DOCUMENT_ROLE_PRD:
      return _("This repository has no product requirements document. Create .ai/prd.md "
               "from a skeleton to describe the product.");
    case PW_DOCUMENT_ROLE_TECH_STACK:
      return _("This repository has no tech stack document. Create .ai/tech-stack.md "
               "to tell the model which technologies to plan for.");
    case PW_DOCUMENT_ROLE_RULES:
      return _("This repository has no implementation rules. Create "
               ".cursor/rules/backend.mdc to set the rules plans must follow.");
    case PW_DOCUMENT_ROLE_API_SPEC:
      return _("This repository has no REST API plan. Create .ai/api-plan.md to list "
               "the endpoints to plan.");
    case PW_DOCUMENT_ROLE_DB_PLAN:
      return _("This repository has no database plan. Create .ai/db-plan.md to "
               "describe its tables.");
    case PW_DOCUMENT_ROLE_NONE:
    case PW_DOCUMENT_ROLE_PLAN:
    default:
      return "";
    }
}

static void
update_scheme (PwInputPane *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (self->buffer,
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

/* The icon is set when the page is first mapped, not in the template:
 * GTK 4.8 loads the icon of every image when its style is computed, hidden
 * pages included, and this one is an SVG (librsvg costs megabytes). */
static void
missing_page_mapped_cb (AdwStatusPage *page)
{
  if (adw_status_page_get_icon_name (page) == NULL)
    adw_status_page_set_icon_name (page, "document-new-symbolic");
}

static void
update_state (PwInputPane *self)
{
  gboolean changed_on_disk = FALSE;

  if (self->document == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "missing");
    }
  else if (pw_document_get_outside (self->document))
    {
      /* A link out of the repository: say so, never show what it leads to. */
      gtk_stack_set_visible_child_name (self->stack, "outside");
      gtk_label_set_label (self->path_label, pw_document_get_relative_path (self->document));
    }
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "editor");
      /* Nothing typed before the text arrives could be kept. */
      gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view),
                                  pw_document_get_loaded (self->document)
                                  && !pw_document_get_read_only (self->document));
      changed_on_disk = pw_document_get_changed_on_disk (self->document);
      gtk_label_set_label (self->path_label, pw_document_get_relative_path (self->document));
    }

  gtk_info_bar_set_revealed (self->disk_bar, changed_on_disk);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pane.create", self->document == NULL);
}

/* Puts the document's text into the buffer without making an undo step:
 * loading is not an edit. */
static void
load_buffer (PwInputPane *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start;

  self->syncing = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer,
                            self->document ? pw_document_get_text (self->document) : "",
                            self->document ? (int)pw_document_get_length (self->document) : 0);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_set_modified (buffer, FALSE);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_select_range (buffer, &start, &start);
  self->syncing = FALSE;

  update_state (self);
}

static void
buffer_changed_cb (PwInputPane   *self,
                   GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->syncing || self->document == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  pw_document_set_text (self->document, text, -1);
}

/* A CRLF file gets CRLF line breaks from the keyboard too, so that an edit
 * never mixes line endings into a file that had one kind. */
static void
buffer_insert_text_cb (PwInputPane   *self,
                       GtkTextIter   *location,
                       const char    *text,
                       int            length,
                       GtkTextBuffer *buffer)
{
  const char *newline;
  g_autoptr(GString) converted = NULL;

  if (self->syncing || self->document == NULL)
    return;

  newline = pw_document_get_newline (self->document);
  if (g_str_equal (newline, "\n") || memchr (text, '\n', length) == NULL)
    return;

  converted = g_string_sized_new (length + 8);
  for (int i = 0; i < length; i++)
    {
      if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
        g_string_append (converted, newline);
      else
        g_string_append_c (converted, text[i]);
    }

  if (converted->len == (gsize)length)
    return;

  g_signal_stop_emission_by_name (buffer, "insert-text");
  g_signal_handlers_block_by_func (buffer, buffer_insert_text_cb, self);
  gtk_text_buffer_insert (buffer, location, converted->str, converted->len);
  g_signal_handlers_unblock_by_func (buffer, buffer_insert_text_cb, self);
}

static void
document_text_changed_cb (PwInputPane *self,
                          PwDocument  *document)
{
  load_buffer (self);
}

static void
document_notify_cb (PwInputPane *self,
                    GParamSpec  *pspec,
                    PwDocument  *document)
{
  update_state (self);
  if (g_strcmp0 (pspec->name, "modified") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PwInputPane) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pw_document_load_finish (PW_DOCUMENT (source), result, &error))
    {
      GtkWidget *overlay;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* A link out of the repository has its own page, not a toast. */
      if (g_error_matches (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_OUTSIDE))
        {
          update_state (self);
          return;
        }

      g_debug ("%s", error->message);
      overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), pw_toast_new (error->message));
    }

  update_state (self);
}

static void
show_document (PwInputPane *self,
               PwDocument  *document)
{
  if (self->document == document)
    return;

  if (self->document != NULL)
    pw_document_set_monitored (self->document, FALSE);

  g_set_object (&self->document, document);
  g_signal_group_set_target (self->document_signals, document);

  if (document != NULL)
    {
      pw_document_set_monitored (document, TRUE);
      if (!pw_document_get_loaded (document))
        pw_document_load_async (document, NULL, load_cb, g_object_ref (self));
    }

  load_buffer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
chooser_selected_cb (PwInputPane *self,
                     GParamSpec  *pspec,
                     GtkDropDown *chooser)
{
  guint position = gtk_drop_down_get_selected (chooser);

  if (self->documents != NULL && position < self->documents->len)
    show_document (self, g_ptr_array_index (self->documents, position));
}

/* "3 of 12" once a match is selected, "12 matches" before, "No matches". */
static void
update_search_count (PwInputPane *self)
{
  int count = gtk_source_search_context_get_occurrences_count (self->search);
  g_autofree char *label = NULL;
  GtkTextIter start, end;
  int position = 0;

  if (count > 0 && gtk_text_buffer_get_selection_bounds (GTK_TEXT_BUFFER (self->buffer),
                                                         &start, &end))
    position = gtk_source_search_context_get_occurrence_position (self->search, &start, &end);

  if (position > 0)
    /* Translators: the match selected and how many there are, e.g. "3 of 12" */
    label = g_strdup_printf (_("%d of %d"), position, count);
  else if (count > 0)
    label = g_strdup_printf (ngettext ("%d match", "%d matches", count), count);
  else if (count == 0 && gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    label = g_strdup (_("No matches"));

  gtk_label_set_label (self->search_count, label ? label : "");
}

/* The search text follows the entry. The entry reports a change only
 * after a short pause in the typing, so Enter or Ctrl+G pressed sooner
 * brings it up to date first. */
static void
sync_search_text (PwInputPane *self)
{
  GtkSourceSearchSettings *settings = gtk_source_search_context_get_settings (self->search);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *current = gtk_source_search_settings_get_search_text (settings);

  if (g_strcmp0 (current, text[0] ? text : NULL) != 0)
    gtk_source_search_settings_set_search_text (settings, text[0] ? text : NULL);
}

static void
search_changed_cb (PwInputPane    *self,
                   GtkSearchEntry *entry)
{
  sync_search_text (self);
}

static void
find (PwInputPane *self,
      gboolean     forward)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter insert, bound, match_start, match_end;
  gboolean wrapped;
  gboolean found;

  sync_search_text (self);
  gtk_text_buffer_get_selection_bounds (buffer, &insert, &bound);
  if (forward)
    found = gtk_source_search_context_forward (self->search, &bound, &match_start, &match_end,
                                               &wrapped);
  else
    found = gtk_source_search_context_backward (self->search, &insert, &match_start, &match_end,
                                                &wrapped);

  if (found)
    {
      gtk_text_buffer_select_range (buffer, &match_start, &match_end);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->view), &match_start, 0.2, FALSE, 0, 0);
    }
  update_search_count (self);
}

static void
search_activate_cb (PwInputPane    *self,
                    GtkSearchEntry *entry)
{
  find (self, TRUE);
}

static void
search_previous_match_cb (PwInputPane    *self,
                          GtkSearchEntry *entry)
{
  find (self, FALSE);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  find (PW_INPUT_PANE (widget), TRUE);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  find (PW_INPUT_PANE (widget), FALSE);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  PwInputPane *self = PW_INPUT_PANE (widget);

  if (self->document != NULL)
    pw_document_load_async (self->document, NULL, load_cb, g_object_ref (self));
}

static void
keep_mine_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  PwInputPane *self = PW_INPUT_PANE (widget);

  /* The user's text wins: the next save overwrites the outside change. */
  gtk_info_bar_set_revealed (self->disk_bar, FALSE);
  if (self->document != NULL)
    g_signal_emit (self, signals[KEEP_MINE], 0, self->document);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  g_signal_emit (widget, signals[CREATE_REQUESTED], 0);
}

/* Loading the language definitions costs about 70 ms, a fifth of start-up:
 * highlighting is switched on once the pane has been shown, so the window
 * appears first and colours follow a moment later. */
static gboolean
enable_highlighting_cb (gpointer user_data)
{
  PwInputPane *self = user_data;
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

  self->highlight_id = 0;
  gtk_source_buffer_set_language (self->buffer,
                                  gtk_source_language_manager_get_language (languages, "markdown"));

  return G_SOURCE_REMOVE;
}

static void
view_map_cb (PwInputPane *self)
{
  if (self->highlight_id == 0 && gtk_source_buffer_get_language (self->buffer) == NULL)
    self->highlight_id = g_idle_add_full (G_PRIORITY_LOW, enable_highlighting_cb, self, NULL);
}

static void
pw_input_pane_dispose (GObject *object)
{
  PwInputPane *self = (PwInputPane *)object;

  g_clear_handle_id (&self->highlight_id, g_source_remove);

  if (self->document != NULL)
    pw_document_set_monitored (self->document, FALSE);

  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_INPUT_PANE);
  g_clear_object (&self->search);
  g_clear_object (&self->buffer);
  g_clear_object (&self->document);
  g_clear_object (&self->document_signals);
  g_clear_pointer (&self->documents, g_ptr_array_unref);

  G_OBJECT_CLASS (pw_input_pane_parent_class)->dispose (object);
}

static void
pw_input_pane_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PwInputPane *self = PW_INPUT_PANE (object);

  switch (prop_id)
    {
    case PROP_ROLE: g_value_set_int (value, self->role); break;
    case PROP_DOCUMENT: g_value_set_object (value, self->document); break;
    case PROP_MODIFIED: g_value_set_boolean (value, pw_input_pane_get_modified (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_input_pane_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PwInputPane *self = PW_INPUT_PANE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_int (value);
      adw_status_page_set_description (self->missing_page, missing_description (self->role));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_input_pane_class_init (PwInputPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_input_pane_dispose;
  object_class->get_property = pw_input_pane_get_property;
  object_class->set_property = pw_input_pane_set_property;

  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, 0, PW_N_DOCUMENT_ROLES - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, PW_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwInputPane::create-requested:
   *
   * The user asked to create the missing document for this pane's role.
   */
  signals[CREATE_REQUESTED] =
    g_signal_new ("create-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * PwInputPane::keep-mine:
   * @document: the document changed on disk
   *
   * The user chose their text over the change made on disk: the document's
   * next save overwrites that change.
   */
  signals[KEEP_MINE] =
    g_signal_new ("keep-mine", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, PW_TYPE_DOCUMENT);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-input-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, disk_bar);
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, chooser_box);
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, chooser);
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, path_label);
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, search_bar);
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, search_count);
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, stack);
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, view);
  gtk_widget_class_bind_template_child (widget_class, PwInputPane, missing_page);

  gtk_widget_class_install_action (widget_class, "pane.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "pane.find-previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "pane.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "pane.keep-mine", NULL, keep_mine_action);
  gtk_widget_class_install_action (widget_class, "pane.create", NULL, create_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK,
                                       "pane.find-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "pane.find-previous", NULL);
}

static void
pw_input_pane_init (PwInputPane *self)
{
  g_autoptr(GtkSourceSearchSettings) settings = gtk_source_search_settings_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->missing_page, "map", G_CALLBACK (missing_page_mapped_cb), NULL);

  self->buffer = gtk_source_buffer_new (NULL);
  g_signal_connect_object (self->view, "map", G_CALLBACK (view_map_cb), self, G_CONNECT_SWAPPED);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->view), GTK_TEXT_BUFFER (self->buffer));
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (buffer_insert_text_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_source_search_settings_set_wrap_around (settings, TRUE);
  self->search = gtk_source_search_context_new (self->buffer, settings);
  g_signal_connect_object (self->search, "notify::occurrences-count",
                           G_CALLBACK (update_search_count), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (search_activate_cb),
                           self, G_CONNECT_SWAPPED);
  /* The entry binds Ctrl+G and Ctrl+Shift+G to these itself. */
  g_signal_connect_object (self->search_entry, "next-match", G_CALLBACK (search_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "previous-match",
                           G_CALLBACK (search_previous_match_cb), self, G_CONNECT_SWAPPED);

  self->document_signals = g_signal_group_new (PW_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "text-changed",
                                 G_CALLBACK (document_text_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify",
                                 G_CALLBACK (document_notify_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->chooser, "notify::selected", G_CALLBACK (chooser_selected_cb),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  update_scheme (self);
  update_state (self);
}

GtkWidget *
pw_input_pane_new (PwDocumentRole role)
{
  return g_object_new (PW_TYPE_INPUT_PANE, "role", role, NULL);
}

PwDocumentRole
pw_input_pane_get_role (PwInputPane *self)
{
  g_return_val_if_fail (PW_IS_INPUT_PANE (self), PW_DOCUMENT_ROLE_NONE);

  return self->role;
}

/**
 * pw_input_pane_set_documents:
 * @documents: (element-type PwDocument) (nullable): the files for this role
 * @selected: (nullable): the one to show
 *
 * Shows @selected; with more than one document, a drop-down lets the user
 * switch between them.
 */
void
pw_input_pane_set_documents (PwInputPane *self,
                             GPtrArray   *documents,
                             PwDocument  *selected)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint position = 0;

  g_return_if_fail (PW_IS_INPUT_PANE (self));

  g_clear_pointer (&self->documents, g_ptr_array_unref);
  if (documents != NULL)
    self->documents = g_ptr_array_ref (documents);

  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      PwDocument *doc = g_ptr_array_index (documents, i);

      gtk_string_list_append (names, pw_document_get_title (doc));
      if (doc == selected)
        position = i;
    }

  g_signal_handlers_block_by_func (self->chooser, chooser_selected_cb, self);
  gtk_drop_down_set_model (self->chooser, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->chooser, position);
  g_signal_handlers_unblock_by_func (self->chooser, chooser_selected_cb, self);
  gtk_widget_set_visible (GTK_WIDGET (self->chooser_box),
                          documents != NULL && documents->len > 1);

  show_document (self, selected);
}

/**
 * pw_input_pane_get_document:
 *
 * Returns: (transfer none) (nullable): the document shown
 */
PwDocument *
pw_input_pane_get_document (PwInputPane *self)
{
  g_return_val_if_fail (PW_IS_INPUT_PANE (self), NULL);

  return self->document;
}

gboolean
pw_input_pane_get_modified (PwInputPane *self)
{
  g_return_val_if_fail (PW_IS_INPUT_PANE (self), FALSE);

  return self->document != NULL && pw_document_get_modified (self->document);
}

/**
 * pw_input_pane_get_view:
 *
 * Returns: (transfer none): the source view
 */
GtkSourceView *
pw_input_pane_get_view (PwInputPane *self)
{
  g_return_val_if_fail (PW_IS_INPUT_PANE (self), NULL);

  return self->view;
}

void
pw_input_pane_focus_search (PwInputPane *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (PW_IS_INPUT_PANE (self));

  /* Seed the search with a one-line selection, as text editors do. */
  buffer = GTK_TEXT_BUFFER (self->buffer);
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end)
      && gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *selected = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), selected);
    }

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * pw_input_pane_get_search_status:
 *
 * Returns: what the search bar says about the matches ("3 of 12",
 *   "12 matches", "No matches"), or "" before a search
 */
const char *
pw_input_pane_get_search_status (PwInputPane *self)
{
  g_return_val_if_fail (PW_IS_INPUT_PANE (self), NULL);

  return gtk_label_get_label (self->search_count);
}
