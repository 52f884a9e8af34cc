/* pw-window.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-toast.h"
#include "pw-window-private.h"

#define MAX_RECENT 8

G_DEFINE_FINAL_TYPE (PwWindow, pw_window, ADW_TYPE_APPLICATION_WINDOW)

/* Fills @panes with the panes built so far, NULL-terminated. The storage is
 * the caller's: a loop over it may re-enter (a pane's notification updates
 * the title, which walks the panes again). */
static PwInputPane **
all_panes (PwWindow     *self,
           PwInputPane **panes)
{
  PwInputPane *candidates[] = { self->prd_pane, self->stack_pane, self->rules_pane, self->api_pane };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (candidates[i] != NULL)
        panes[n++] = candidates[i];
    }
  panes[n] = NULL;

  return panes;
}

static void
remember_recent (PwWindow *self,
                 GFile    *folder)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-repositories");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) next = NULL;
  g_autofree char *path = g_file_get_path (folder);
  guint count = 1;

  if (path == NULL)
    return;

  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && count < MAX_RECENT; i++)
    {
      if (!g_str_equal (recent[i], path))
        {
          g_strv_builder_add (builder, recent[i]);
          count++;
        }
    }

  next = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-repositories", (const char * const *)next);
}

/* Asks what @file is without waiting for the disk. */
static void
query_file_type_async (GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, cancellable, callback, user_data);
}

/* Returns: the file's type, %G_FILE_TYPE_UNKNOWN when it cannot be known */
static GFileType
query_file_type_finish (GObject      *source,
                        GAsyncResult *result,
                        gboolean     *cancelled)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);

  if (cancelled != NULL)
    *cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  return info != NULL ? g_file_info_get_file_type (info) : G_FILE_TYPE_UNKNOWN;
}

static GtkWidget *
recent_row_new (const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *display = NULL;
  const char *home = g_get_home_dir ();
  GtkWidget *row = adw_action_row_new ();

  if (home != NULL && g_str_has_prefix (path, home) && path[strlen (home)] == '/')
    display = g_strconcat ("~", path + strlen (home), NULL);
  else
    display = g_strdup (path);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), display);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", path);
  gtk_widget_set_visible (row, FALSE);

  return row;
}

/* A repository that moved away is not offered: its row shows once the
 * folder is found. */
static void
recent_checked_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  GtkRoot *root = gtk_widget_get_root (row);

  if (query_file_type_finish (source, result, NULL) != G_FILE_TYPE_DIRECTORY
      || !PW_IS_WINDOW (root))
    return;

  gtk_widget_set_visible (row, TRUE);
  gtk_widget_set_visible (PW_WINDOW (root)->recent_group, TRUE);
}

static void
rebuild_recent (PwWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-repositories");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);
  gtk_widget_set_visible (self->recent_group, FALSE);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (recent[i]);
      GtkWidget *row = recent_row_new (recent[i]);

      gtk_list_box_append (self->recent_list, row);
      query_file_type_async (folder, self->cancellable, recent_checked_cb, g_object_ref (row));
    }
}

static void
pane_modified_cb (PwWindow    *self,
                  GParamSpec  *pspec,
                  PwInputPane *pane)
{
  GtkWidget *slot = gtk_widget_get_parent (GTK_WIDGET (pane));
  AdwViewStackPage *page = slot ? adw_view_stack_get_page (self->panes, slot) : NULL;

  if (page != NULL)
    adw_view_stack_page_set_needs_attention (page, pw_input_pane_get_modified (pane));
  pw_window_update_title (self);
}

static void
document_created_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PwInputPane) pane = user_data;
  PwWorkspace *workspace = PW_WORKSPACE (source);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (pane));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  PwDocumentRole role = pw_input_pane_get_role (pane);
  PwDocument *doc;
  PwWindow *self;

  doc = pw_workspace_create_document_finish (workspace, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !PW_IS_WINDOW (root)
      || PW_WINDOW (root)->workspace != workspace)
    return;

  self = PW_WINDOW (root);
  if (doc == NULL)
    {
      pw_window_add_toast (self, error->message);
      return;
    }

  pw_input_pane_set_documents (pane,
                               role == PW_DOCUMENT_ROLE_RULES
                               ? pw_workspace_get_rules (workspace) : NULL,
                               doc);
  message = g_strdup_printf (_("Created %s"), pw_document_get_relative_path (doc));
  pw_window_add_toast (self, message);
}

static void
pane_create_requested_cb (PwWindow    *self,
                          PwInputPane *pane)
{
  if (self->workspace == NULL)
    return;

  pw_workspace_create_document_async (self->workspace, pw_input_pane_get_role (pane),
                                      self->cancellable, document_created_cb,
                                      g_object_ref (pane));
}

static void
pane_keep_mine_cb (PwWindow    *self,
                   PwDocument  *document,
                   PwInputPane *pane)
{
  g_hash_table_add (self->forced_saves, g_object_ref (document));
}

static void
pane_document_cb (PwWindow    *self,
                  GParamSpec  *pspec,
                  PwInputPane *pane)
{
  PwDocument *doc = pw_input_pane_get_document (pane);
  g_autoptr(GVariant) choices = NULL;
  g_autofree char *root = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  const char *value;

  /* Remember which rules file the user looks at, per repository. */
  if (pane != self->rules_pane || doc == NULL || self->workspace == NULL)
    return;

  root = g_file_get_path (pw_workspace_get_root (self->workspace));
  if (root == NULL)
    return;

  choices = g_settings_get_value (self->settings, "rules-choices");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, choices);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    {
      if (!g_str_equal (key, root))
        g_variant_builder_add (&builder, "{ss}", key, value);
    }
  g_variant_builder_add (&builder, "{ss}", root, pw_document_get_relative_path (doc));
  g_settings_set_value (self->settings, "rules-choices", g_variant_builder_end (&builder));
}

static PwDocument *
chosen_rules (PwWindow *self)
{
  g_autofree char *root = g_file_get_path (pw_workspace_get_root (self->workspace));
  g_autoptr(GVariant) choices = g_settings_get_value (self->settings, "rules-choices");
  const char *path = NULL;

  if (root != NULL && g_variant_lookup (choices, root, "&s", &path))
    {
      PwDocument *doc = pw_workspace_lookup (self->workspace, path);

      if (doc != NULL && pw_document_get_role (doc) == PW_DOCUMENT_ROLE_RULES)
        return doc;
    }

  return pw_workspace_get_default_rules (self->workspace);
}

static gboolean
drop_cb (PwWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;

  pw_window_open_folder (self, G_FILE (files->data));

  return TRUE;
}

static gboolean
close_idle_cb (gpointer user_data)
{
  PwWindow *self = user_data;

  self->force_close = TRUE;
  gtk_window_close (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
dialog_response_cb (PwWindow         *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  self->close_dialog = NULL;

  /* The dialog is still running its response handlers: close the window
   * once it is gone, not under it. */
  if (g_str_equal (response, "discard"))
    g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (self), g_object_unref);
  else if (g_str_equal (response, "save"))
    {
      pw_window_save_all (self, TRUE);
    }
  else if (g_str_equal (response, "export") && self->plan_page != NULL)
    {
      adw_view_stack_set_visible_child_name (self->panes, "plans");
      gtk_widget_activate_action (GTK_WIDGET (self->plan_page), "plan.export", NULL);
    }
}

/* Asks before closing: Cancel, @discard_label (destructive) or the
 * suggested @keep response. */
static void
present_close_dialog (PwWindow         *self,
                      AdwMessageDialog *dialog,
                      const char       *discard_label,
                      const char       *keep,
                      const char       *keep_label)
{
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", discard_label,
                                    keep, keep_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, keep, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, keep);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->close_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The modified documents of the repository, by their paths. */
static GPtrArray *
modified_documents (PwWindow *self)
{
  static const PwDocumentRole roles[] = {
    PW_DOCUMENT_ROLE_PRD, PW_DOCUMENT_ROLE_TECH_STACK,
    PW_DOCUMENT_ROLE_RULES, PW_DOCUMENT_ROLE_API_SPEC, PW_DOCUMENT_ROLE_DB_PLAN,
  };
  GPtrArray *names = g_ptr_array_new ();

  for (guint r = 0; self->workspace != NULL && r < G_N_ELEMENTS (roles); r++)
    {
      GPtrArray *docs = pw_workspace_get_candidates (self->workspace, roles[r]);

      for (guint i = 0; i < docs->len; i++)
        {
          PwDocument *doc = g_ptr_array_index (docs, i);

          if (pw_document_get_modified (doc)
              && !g_ptr_array_find_with_equal_func (names, pw_document_get_relative_path (doc),
                                                    g_str_equal, NULL))
            g_ptr_array_add (names, (gpointer) pw_document_get_relative_path (doc));
        }
    }

  return names;
}

/* The plan shown if it was generated (or opened from the history) and is
 * not in the repository: closing or opening another repository drops it.
 * Returns: (nullable): its title, for the prompts */
static char *
dup_unsaved_plan_title (PwWindow *self)
{
  PwPlan *plan = self->plan_page != NULL ? pw_plan_page_get_plan (self->plan_page) : NULL;
  const char *title;
  gsize length = 0;

  if (plan == NULL || pw_plan_get_file (plan) != NULL)
    return NULL;
  pw_plan_get_text (plan, &length);
  if (length == 0)
    return NULL;

  title = pw_plan_get_title (plan);
  return g_strdup (title != NULL && title[0] != '\0' ? title : _("Untitled plan"));
}

/* What would be lost, for the body of a prompt: the documents by their
 * paths and the plan by its title, or NULL when nothing would. */
static char *
describe_unsaved_work (PwWindow *self)
{
  g_autoptr(GPtrArray) names = modified_documents (self);
  g_autofree char *plan = dup_unsaved_plan_title (self);
  g_autoptr(GString) body = g_string_new (NULL);

  if (names->len > 0)
    {
      g_autofree char *list = NULL;

      g_ptr_array_add (names, NULL);
      list = g_strjoinv ("\n", (char **) names->pdata);
      g_string_append_printf (body, ngettext ("This document has unsaved changes:\n%s",
                                              "These documents have unsaved changes:\n%s",
                                              names->len - 1),
                              list);
    }
  if (plan != NULL)
    {
      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append_printf (body, _("The plan “%s” is not in the repository yet; its "
                                      "answer stays in the generation history, but ticks "
                                      "and edits made since are lost."),
                              plan);
    }

  return body->len > 0 ? g_string_free (g_steal_pointer (&body), FALSE) : NULL;
}

/* The plan that is not in the repository yet, once the documents are
 * saved: Save to Repository… or close anyway. */
static gboolean
ask_about_plan (PwWindow *self)
{
  g_autofree char *title = dup_unsaved_plan_title (self);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (self->force_close || title == NULL)
    return FALSE;
  if (self->close_dialog != NULL)
    return TRUE;

  body = describe_unsaved_work (self);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Save the Plan to the Repository?"),
                                                       body));
  present_close_dialog (self, dialog, _("Close _Anyway"), "export", _("Save to _Repository…"));

  return TRUE;
}

static gboolean
pw_window_close_request (GtkWindow *window)
{
  PwWindow *self = PW_WINDOW (window);
  g_autoptr(GPtrArray) modified = modified_documents (self);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (!self->force_close && modified->len > 0)
    {
      if (self->close_dialog != NULL)
        return TRUE;

      /* Names the documents, and the plan too: Discard drops it with them;
       * after Save the plan is asked about on its own. */
      body = describe_unsaved_work (self);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Save Changes?"), body));
      present_close_dialog (self, dialog, _("_Discard"), "save", _("_Save"));

      return TRUE;
    }

  if (ask_about_plan (self))
    return TRUE;

  if (!gtk_window_is_maximized (window))
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (pw_window_parent_class)->close_request (window);
}

static gboolean
wrap_mode_from_setting (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  g_value_set_enum (value, g_variant_get_boolean (variant) ? GTK_WRAP_WORD_CHAR : GTK_WRAP_NONE);

  return TRUE;
}

static void
show_documents (PwWindow    *self,
                PwInputPane *pane)
{
  PwWorkspace *workspace = self->workspace;
  PwDocumentRole role = pw_input_pane_get_role (pane);

  if (workspace == NULL)
    return;

  if (role == PW_DOCUMENT_ROLE_RULES)
    pw_input_pane_set_documents (pane, pw_workspace_get_rules (workspace), chosen_rules (self));
  else
    pw_input_pane_set_documents (pane, role == PW_DOCUMENT_ROLE_PRD
                                       ? NULL : pw_workspace_get_candidates (workspace, role),
                                 pw_workspace_get_document (workspace, role));
}

/* Panes are built the first time they are shown: a GtkSourceView with its
 * search context and gutter is the most expensive thing in the window, and
 * most sessions look at one or two documents. */
static PwInputPane *
ensure_pane (PwWindow       *self,
             PwDocumentRole  role)
{
  PwInputPane **field;
  AdwBin *slot;

  switch (role)
    {
    case PW_DOCUMENT_ROLE_PRD: field = &self->prd_pane; slot = self->prd_slot; break;
    case PW_DOCUMENT_ROLE_TECH_STACK: field = &self->stack_pane; slot = self->stack_slot; break;
    case PW_DOCUMENT_ROLE_RULES: field = &self->rules_pane; slot = self->rules_slot; break;
    case PW_DOCUMENT_ROLE_API_SPEC: field = &self->api_pane; slot = self->api_slot; break;
    case PW_DOCUMENT_ROLE_NONE:
    case PW_DOCUMENT_ROLE_DB_PLAN:
    case PW_DOCUMENT_ROLE_PLAN:
    default:
      return NULL;
    }

  if (*field != NULL)
    return *field;

  *field = PW_INPUT_PANE (pw_input_pane_new (role));
  g_signal_connect_object (*field, "notify::modified", G_CALLBACK (pane_modified_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (*field, "notify::document", G_CALLBACK (pane_modified_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (*field, "notify::document", G_CALLBACK (pane_document_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (*field, "create-requested", G_CALLBACK (pane_create_requested_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (*field, "keep-mine", G_CALLBACK (pane_keep_mine_cb), self,
                           G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "show-line-numbers", pw_input_pane_get_view (*field),
                   "show-line-numbers", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (self->settings, "wrap-text", pw_input_pane_get_view (*field),
                                "wrap-mode", G_SETTINGS_BIND_GET,
                                wrap_mode_from_setting, NULL, NULL, NULL);
  adw_bin_set_child (slot, GTK_WIDGET (*field));
  show_documents (self, *field);

  return *field;
}

static PwDocumentRole
role_for_page (const char *name)
{
  if (g_strcmp0 (name, "prd") == 0)
    return PW_DOCUMENT_ROLE_PRD;
  if (g_strcmp0 (name, "tech-stack") == 0)
    return PW_DOCUMENT_ROLE_TECH_STACK;
  if (g_strcmp0 (name, "rules") == 0)
    return PW_DOCUMENT_ROLE_RULES;
  if (g_strcmp0 (name, "api-spec") == 0)
    return PW_DOCUMENT_ROLE_API_SPEC;

  return PW_DOCUMENT_ROLE_NONE;
}

/**
 * pw_window_get_plan_page:
 *
 * Returns: (transfer none): the Plans page, built on first use
 */
PwPlanPage *
pw_window_get_plan_page (PwWindow *self)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), NULL);

  if (self->plan_page == NULL)
    {
      self->plan_page = PW_PLAN_PAGE (pw_plan_page_new ());
      adw_bin_set_child (self->plans_slot, GTK_WIDGET (self->plan_page));
      pw_plan_page_set_workspace (self->plan_page, self->workspace);
    }

  return self->plan_page;
}

static void
coverage_open_plan_cb (PwWindow   *self,
                       const char *relative_path)
{
  g_autoptr(GError) error = NULL;
  PwPlanPage *page = pw_window_get_plan_page (self);

  adw_view_stack_set_visible_child_name (self->panes, "plans");
  if (!pw_plan_page_open_file (page, relative_path, &error))
    pw_window_add_toast (self, error->message);
}

/**
 * pw_window_get_coverage_page:
 *
 * Returns: (transfer none): the Coverage page, built on first use
 */
PwCoveragePage *
pw_window_get_coverage_page (PwWindow *self)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), NULL);

  if (self->coverage_page == NULL)
    {
      self->coverage_page = PW_COVERAGE_PAGE (pw_coverage_page_new ());
      adw_bin_set_child (self->coverage_slot, GTK_WIDGET (self->coverage_page));
      g_signal_connect_object (self->coverage_page, "open-plan",
                               G_CALLBACK (coverage_open_plan_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->coverage_page, "plan-endpoint",
                               G_CALLBACK (pw_window_plan_endpoint), self, G_CONNECT_SWAPPED);
    }

  return self->coverage_page;
}

/* The Coverage page counts anew each time it is shown: plans and the spec
 * change on the other pages. */
static void
show_coverage (PwWindow *self)
{
  pw_coverage_page_set_workspace (pw_window_get_coverage_page (self), self->workspace);
}

static void
visible_pane_cb (PwWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->panes);

  if (self->workspace != NULL)
    ensure_pane (self, role_for_page (name));
  if (self->workspace != NULL && g_strcmp0 (name, "plans") == 0)
    pw_window_get_plan_page (self);
  if (self->workspace != NULL && g_strcmp0 (name, "coverage") == 0)
    show_coverage (self);

  if (name != NULL && self->workspace != NULL)
    g_settings_set_string (self->settings, "last-pane", name);
  pw_window_update_title (self);
}

/* The start page's icon is an SVG: loading it costs librsvg and megabytes,
 * so it is set after the first frame, and only if the start page is still
 * what the window shows (GTK 4.8 loads the icons of hidden pages too). */
static gboolean
show_start_icon_cb (gpointer user_data)
{
  PwWindow *self = user_data;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "start") == 0)
    adw_status_page_set_icon_name (self->start_page, SCHEMA_ID);

  return G_SOURCE_REMOVE;
}

static void
window_mapped_cb (PwWindow *self)
{
  g_idle_add_full (G_PRIORITY_LOW, show_start_icon_cb, g_object_ref (self), g_object_unref);
}

/* Escape stops a running generation wherever the focus is: after the
 * wizard closes it rests on the header bar, outside the Plans page. Not
 * handled (and so passed on) when nothing runs. */
static gboolean
stop_generation_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  PwWindow *self = PW_WINDOW (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (self->plan_page == NULL || !pw_plan_page_get_busy (self->plan_page))
    return FALSE;
  /* An open menu closes first. */
  if (focus != NULL && gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL)
    return FALSE;

  return gtk_widget_activate_action (GTK_WIDGET (self->plan_page), "plan.stop", NULL);
}

static void
add_stop_shortcut (PwWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutTrigger *escape = gtk_keyval_trigger_new (GDK_KEY_Escape, 0);
  GtkShortcutAction *stop = gtk_callback_action_new (stop_generation_cb, NULL, NULL);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (escape, stop));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
pw_window_dispose (GObject *object)
{
  PwWindow *self = (PwWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_WINDOW);
  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->folder_to_open);
  g_clear_pointer (&self->forced_saves, g_hash_table_unref);

  G_OBJECT_CLASS (pw_window_parent_class)->dispose (object);
}

static void
pw_window_class_init (PwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = pw_window_dispose;
  window_class->close_request = pw_window_close_request;

  g_type_ensure (PW_TYPE_INPUT_PANE);
  gtk_widget_class_set_template_from_resource (widget_class, PW_RESOURCE_PATH "/ui/pw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PwWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, start_page);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, recent_group);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, panes);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, prd_slot);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, stack_slot);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, rules_slot);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, api_slot);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, plans_slot);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, coverage_slot);
  gtk_widget_class_bind_template_child (widget_class, PwWindow, save_button);

  pw_window_class_add_actions (widget_class);
}

static void
pw_window_init (PwWindow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (SCHEMA_ID);
  self->forced_saves = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  g_signal_connect_object (self->panes, "notify::visible-child", G_CALLBACK (visible_pane_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (window_mapped_cb), NULL);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
  add_stop_shortcut (self);

  g_signal_connect_object (self->settings, "changed::recent-repositories",
                           G_CALLBACK (rebuild_recent), self, G_CONNECT_SWAPPED);
  rebuild_recent (self);
  pw_window_update_title (self);
}

PwWindow *
pw_window_new (AdwApplication *application)
{
  return g_object_new (PW_TYPE_WINDOW, "application", application, NULL);
}

void
pw_window_update_title (PwWindow *self)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  gboolean modified = pw_window_get_modified (self);
  PwInputPane *pane = pw_window_get_visible_pane (self);

  if (self->workspace == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Planwright"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Planwright"));
      gtk_widget_set_visible (self->save_button, FALSE);
      return;
    }

  title = g_strdup_printf ("%s%s", modified ? "• " : "", pw_workspace_get_name (self->workspace));
  if (pane != NULL && pw_input_pane_get_document (pane) != NULL)
    subtitle = g_strdup (pw_document_get_relative_path (pw_input_pane_get_document (pane)));

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_visible (self->save_button, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save",
                                 pane != NULL && pw_input_pane_get_modified (pane));
}

/* Shows @workspace, just opened from @folder, on the page @page_name (NULL:
 * the last one used). Only that page is built. */
static void
show_workspace (PwWindow    *self,
                PwWorkspace *workspace,
                const char  *page_name)
{
  PwInputPane *panes[5];
  g_autofree char *last = NULL;

  g_set_object (&self->workspace, workspace);
  g_hash_table_remove_all (self->forced_saves);
  if (self->plan_page != NULL)
    pw_plan_page_set_workspace (self->plan_page, workspace);
  if (self->coverage_page != NULL)
    pw_coverage_page_set_workspace (self->coverage_page, NULL);

  for (PwInputPane **pane = all_panes (self, panes); *pane != NULL; pane++)
    show_documents (self, *pane);

  if (page_name == NULL)
    page_name = last = g_settings_get_string (self->settings, "last-pane");
  if (g_strcmp0 (page_name, "plans") == 0)
    pw_window_get_plan_page (self);
  adw_view_stack_set_visible_child_name (self->panes, page_name);
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->panes), "coverage") == 0)
    show_coverage (self);
  ensure_pane (self, role_for_page (adw_view_stack_get_visible_child_name (self->panes)));
  gtk_stack_set_visible_child_name (self->main_stack, "repository");

  remember_recent (self, pw_workspace_get_root (workspace));
  pw_window_update_title (self);
}

typedef struct
{
  char *plan;   /* (nullable) relative to the repository: a plan to open */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->plan);
  g_free (data);
}

static void
workspace_opened_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PwWindow *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(PwWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  workspace = pw_workspace_open_finish (result, &error);
  if (workspace == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  show_workspace (self, workspace, data->plan != NULL ? "plans" : NULL);
  if (data->plan != NULL
      && !pw_plan_page_open_file (pw_window_get_plan_page (self), data->plan, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Scans @folder in a thread, then shows it, and @plan (relative) if given. */
static void
open_async (PwWindow            *self,
            GFile               *folder,
            const char          *plan,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  OpenData *data = g_new0 (OpenData, 1);

  data->plan = g_strdup (plan);
  g_task_set_source_tag (task, pw_window_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  pw_workspace_open_async (folder, cancellable != NULL ? cancellable : self->cancellable,
                           workspace_opened_cb, g_steal_pointer (&task));
}

/**
 * pw_window_open_async:
 * @folder: a repository folder
 *
 * Scans @folder without blocking the window, then shows its planning
 * documents. The caller is responsible for asking about unsaved changes in
 * the repository shown before.
 */
void
pw_window_open_async (PwWindow            *self,
                      GFile               *folder,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (PW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  open_async (self, folder, NULL, cancellable, callback, user_data);
}

gboolean
pw_window_open_finish (PwWindow      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Says in a toast if opening failed, and shows the window. */
static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  PwWindow *self = PW_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!pw_window_open_finish (self, result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    pw_window_add_toast (self, error->message);
  gtk_window_present (GTK_WINDOW (self));
}

static void
open_response_cb (PwWindow         *self,
                  const char       *response,
                  AdwMessageDialog *dialog)
{
  g_autoptr(GFile) folder = g_steal_pointer (&self->folder_to_open);
  GtkApplication *app;
  PwWindow *other;

  self->close_dialog = NULL;
  if (folder == NULL)
    return;

  if (g_str_equal (response, "discard"))
    pw_window_open_async (self, folder, NULL, opened_cb, NULL);
  else if (g_str_equal (response, "new-window"))
    {
      app = gtk_window_get_application (GTK_WINDOW (self));
      other = app != NULL ? pw_window_new (ADW_APPLICATION (app))
                          : g_object_new (PW_TYPE_WINDOW, NULL);
      pw_window_open_async (other, folder, NULL, opened_cb, NULL);
    }
}

/* Another repository would replace unsaved work described by @body: asks
 * whether to open it in a new window, drop the work, or not open it. */
static void
ask_before_opening (PwWindow   *self,
                    GFile      *folder,
                    const char *body)
{
  AdwMessageDialog *dialog;

  if (self->close_dialog != NULL)
    return;

  g_set_object (&self->folder_to_open, folder);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Open in a New Window?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard and Open Here"),
                                    "new-window", _("Open in _New Window"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "new-window", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "new-window");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->close_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens @folder: for recent rows, drops and the folder chooser. Unsaved
 * documents or a plan not in the repository are never dropped silently. */
void
pw_window_open_folder (PwWindow *self,
                       GFile    *folder)
{
  g_autofree char *body = NULL;

  if (self->workspace != NULL && !g_file_equal (folder, pw_workspace_get_root (self->workspace)))
    body = describe_unsaved_work (self);
  if (body != NULL)
    ask_before_opening (self, folder, body);
  else
    pw_window_open_async (self, folder, NULL, opened_cb, NULL);
}

/* A file is a plan, anything else a repository. */
static void
file_type_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PwWindow) self = user_data;
  gboolean cancelled = FALSE;
  GFileType type = query_file_type_finish (source, result, &cancelled);

  if (cancelled)
    return;
  if (type == G_FILE_TYPE_REGULAR)
    pw_window_open_plan_async (self, G_FILE (source), NULL, opened_cb, NULL);
  else
    pw_window_open_async (self, G_FILE (source), NULL, opened_cb, NULL);
}

/**
 * pw_window_open_file:
 * @file: a repository folder or a plan file
 *
 * Opens @file in the background, says in a toast if that failed, then
 * presents the window.
 */
void
pw_window_open_file (PwWindow *self,
                     GFile    *file)
{
  g_return_if_fail (PW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  query_file_type_async (file, self->cancellable, file_type_cb, g_object_ref (self));
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The blocking forms are for tests and tools, which have nothing to show
 * meanwhile: the window's own paths use the asynchronous ones. */
static gboolean
open_and_wait (PwWindow    *self,
               GFile       *folder,
               const char  *plan,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  open_async (self, folder, plan, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return pw_window_open_finish (self, result, error);
}

/**
 * pw_window_open:
 * @folder: a repository folder
 *
 * Opens @folder as pw_window_open_async() does and waits for it, running
 * the main loop: for tests and tools.
 *
 * Returns: %TRUE if @folder could be opened
 */
gboolean
pw_window_open (PwWindow  *self,
                GFile     *folder,
                GError   **error)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  return open_and_wait (self, folder, NULL, error);
}

/* The repository a plan file belongs to: the folder holding the nearest
 * `.ai` folder above it, or else the plan's own folder. */
static GFile *
repository_for_plan (GFile *plan)
{
  g_autoptr(GFile) dir = g_file_get_parent (plan);
  GFile *at = dir != NULL ? g_object_ref (dir) : NULL;

  while (at != NULL)
    {
      g_autofree char *name = g_file_get_basename (at);
      GFile *parent = g_file_get_parent (at);

      g_object_unref (at);
      if (g_str_equal (name, ".ai") && parent != NULL)
        return parent;
      at = parent;
    }

  return g_steal_pointer (&dir);
}

/**
 * pw_window_open_plan_async:
 * @plan: a plan file
 *
 * Opens the repository @plan belongs to and shows the plan.
 */
void
pw_window_open_plan_async (PwWindow            *self,
                           GFile               *plan,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GFile) root = NULL;
  g_autofree char *relative = NULL;

  g_return_if_fail (PW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (plan));

  root = repository_for_plan (plan);
  relative = g_file_get_relative_path (root, plan);
  open_async (self, root, relative, cancellable, callback, user_data);
}

/**
 * pw_window_open_plan:
 * @plan: a plan file
 *
 * pw_window_open_plan_async(), waited for: for tests and tools.
 *
 * Returns: %TRUE if both could be opened
 */
gboolean
pw_window_open_plan (PwWindow  *self,
                     GFile     *plan,
                     GError   **error)
{
  g_autoptr(GFile) root = NULL;
  g_autofree char *relative = NULL;

  g_return_val_if_fail (PW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (plan), FALSE);

  root = repository_for_plan (plan);
  relative = g_file_get_relative_path (root, plan);

  return open_and_wait (self, root, relative, error);
}

/**
 * pw_window_get_workspace:
 *
 * Returns: (transfer none) (nullable): the open repository
 */
PwWorkspace *
pw_window_get_workspace (PwWindow *self)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), NULL);

  return self->workspace;
}

gboolean
pw_window_get_modified (PwWindow *self)
{
  PwInputPane *panes[5];

  g_return_val_if_fail (PW_IS_WINDOW (self), FALSE);

  for (PwInputPane **pane = all_panes (self, panes); *pane != NULL; pane++)
    {
      if (pw_input_pane_get_modified (*pane))
        return TRUE;
    }

  return FALSE;
}

PwInputPane *
pw_window_get_visible_pane (PwWindow *self)
{
  GtkWidget *slot = adw_view_stack_get_visible_child (self->panes);
  GtkWidget *child = ADW_IS_BIN (slot) ? adw_bin_get_child (ADW_BIN (slot)) : NULL;

  return PW_IS_INPUT_PANE (child) ? PW_INPUT_PANE (child) : NULL;
}

void
pw_window_add_toast (PwWindow   *self,
                     const char *message)
{
  g_return_if_fail (PW_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toasts, pw_toast_new (message));
}

/**
 * pw_window_get_pane:
 *
 * Returns: (transfer none) (nullable): the pane that edits @role
 */
PwInputPane *
pw_window_get_pane (PwWindow       *self,
                    PwDocumentRole  role)
{
  g_return_val_if_fail (PW_IS_WINDOW (self), NULL);

  return ensure_pane (self, role);
}
