/* pw-notes-panel.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-notes-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-notes-dialog.h"
#include "pw-notes-marks.h"
#include "pw-notes-panel.h"

struct _PwNotesPanel
{
  GtkWidget    parent_instance;

  /* Template children */
  GtkLabel    *summary_label;
  GtkListBox  *list;
  GtkWidget   *empty_label;
  GtkWidget   *revise_button;

  /* owned */
  PwPlanNotes *notes;   /* (nullable) */
};

G_DEFINE_FINAL_TYPE (PwNotesPanel, pw_notes_panel, GTK_TYPE_WIDGET)

enum {
  REVISE_SECTION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a row's button acts on. */
typedef struct
{
  PwNotesPanel *self;
  char         *id;
} RowTarget;

static RowTarget *
row_target_new (PwNotesPanel *self,
                const char   *id)
{
  RowTarget *target = g_new0 (RowTarget, 1);

  target->self = self;
  target->id = g_strdup (id);
  return target;
}

static void
row_target_free (gpointer  data,
                 GClosure *closure)
{
  RowTarget *target = data;

  g_free (target->id);
  g_free (target);
}

static const char *
status_label (PwNoteStatus status)
{
  switch (status)
    {
    case PW_NOTE_STATUS_ADDRESSED:
      return _("Addressed");
    case PW_NOTE_STATUS_OUTDATED:
      return _("Outdated: its text is gone");
    case PW_NOTE_STATUS_RESOLVED:
      return _("Resolved");
    case PW_NOTE_STATUS_OPEN:
    default:
      return _("Open");
    }
}

static void
toggle_clicked_cb (GtkButton *button,
                   RowTarget *target)
{
  const PwNote *note = pw_plan_notes_lookup (target->self->notes, target->id);

  if (note != NULL)
    pw_plan_notes_set_status (target->self->notes, target->id,
                              note->status == PW_NOTE_STATUS_RESOLVED
                              ? PW_NOTE_STATUS_OPEN : PW_NOTE_STATUS_RESOLVED);
}

static void
edit_clicked_cb (GtkButton *button,
                 RowTarget *target)
{
  pw_notes_panel_edit (target->self, target->id);
}

static void
revise_section_clicked_cb (GtkButton *button,
                           RowTarget *target)
{
  const PwNote *note = pw_plan_notes_lookup (target->self->notes, target->id);

  if (note != NULL && note->kind == PW_NOTE_ANCHOR_SECTION)
    g_signal_emit (target->self, signals[REVISE_SECTION], 0, note->quote);
}

static void
delete_clicked_cb (GtkButton *button,
                   RowTarget *target)
{
  pw_plan_notes_remove (target->self->notes, target->id);
}

static GtkWidget *
row_button (PwNotesPanel *self,
            const char   *id,
            const char   *icon,
            const char   *label,
            GCallback     callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_signal_connect_data (button, "clicked", callback, row_target_new (self, id),
                         row_target_free, 0);
  return button;
}

/* A wrapping label of the note's row. */
static GtkWidget *
row_label (const char *text,
           int         lines)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), lines);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  return label;
}

/* A note's row: its text and what it is on, over the whole width of the
 * narrow panel, and its buttons under them. */
static GtkWidget *
note_row (PwNotesPanel *self,
          const PwNote *note,
          gboolean      revised)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *title, *subtitle;
  g_autofree char *anchor = pw_note_describe_anchor (note);
  g_autofree char *about = g_strdup_printf ("%s · %s", status_label (note->status), anchor);
  gboolean resolved = note->status == PW_NOTE_STATUS_RESOLVED;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "pw-note-row");
  gtk_widget_add_css_class (row, pw_note_status_to_string (note->status));
  if (revised && note->status == PW_NOTE_STATUS_OPEN)
    gtk_widget_add_css_class (row, "open-note");

  subtitle = row_label (about, 3);
  gtk_widget_add_css_class (subtitle, "subtitle");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  title = row_label (note->body, 6);
  gtk_widget_add_css_class (title, "title");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons),
                  row_button (self, note->id,
                              resolved ? "edit-undo-symbolic" : "object-select-symbolic",
                              resolved ? _("Reopen the note") : _("Resolve the note"),
                              G_CALLBACK (toggle_clicked_cb)));
  gtk_box_append (GTK_BOX (buttons),
                  row_button (self, note->id, "document-edit-symbolic", _("Edit the note"),
                              G_CALLBACK (edit_clicked_cb)));
  if (note->kind == PW_NOTE_ANCHOR_SECTION && !resolved)
    gtk_box_append (GTK_BOX (buttons),
                    row_button (self, note->id, "view-refresh-symbolic",
                                _("Revise only this section"),
                                G_CALLBACK (revise_section_clicked_cb)));
  gtk_box_append (GTK_BOX (buttons),
                  row_button (self, note->id, "user-trash-symbolic", _("Delete the note"),
                              G_CALLBACK (delete_clicked_cb)));
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
rebuild (PwNotesPanel *self)
{
  guint n = self->notes != NULL ? pw_plan_notes_get_n_notes (self->notes) : 0;
  guint open = n > 0 ? pw_plan_notes_count_status (self->notes, PW_NOTE_STATUS_OPEN) : 0;
  gboolean revised;
  GtkWidget *child;
  g_autofree char *summary = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  /* Statuses other than open and resolved come only from a revision. */
  revised = n > 0 && (pw_plan_notes_count_status (self->notes, PW_NOTE_STATUS_ADDRESSED) > 0
                      || pw_plan_notes_count_status (self->notes, PW_NOTE_STATUS_OUTDATED) > 0);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, note_row (self, pw_plan_notes_get_note (self->notes, i),
                                               revised));

  summary = g_strdup_printf (ngettext ("%u open of %u", "%u open of %u", n), open, n);
  gtk_label_set_label (self->summary_label, n > 0 ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);
  gtk_widget_set_visible (self->empty_label, n == 0);
}

static void
dialog_response_cb (PwNotesDialog *dialog,
                    const char    *response,
                    RowTarget     *target)
{
  if (g_str_equal (response, "save") && target->self->notes != NULL)
    pw_plan_notes_set_body (target->self->notes, target->id, pw_notes_dialog_get_text (dialog));
}

static void
pw_notes_panel_dispose (GObject *object)
{
  PwNotesPanel *self = PW_NOTES_PANEL (object);
  GtkWidget *child;

  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  g_clear_object (&self->notes);
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_NOTES_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (pw_notes_panel_parent_class)->dispose (object);
}

static void
pw_notes_panel_class_init (PwNotesPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pw_notes_panel_dispose;

  /**
   * PwNotesPanel::revise-section:
   * @title: the section's heading, as the note quotes it
   *
   * A section note's button asks to regenerate that section alone.
   */
  signals[REVISE_SECTION] =
    g_signal_new ("revise-section", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-notes-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PwNotesPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PwNotesPanel, list);
  gtk_widget_class_bind_template_child (widget_class, PwNotesPanel, empty_label);
  gtk_widget_class_bind_template_child (widget_class, PwNotesPanel, revise_button);
  gtk_widget_class_set_css_name (widget_class, "pw-notes-panel");
}

static void
pw_notes_panel_init (PwNotesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild (self);
}

GtkWidget *
pw_notes_panel_new (void)
{
  return g_object_new (PW_TYPE_NOTES_PANEL, NULL);
}

/**
 * pw_notes_panel_set_notes:
 * @notes: (nullable): the notes to show and change
 */
void
pw_notes_panel_set_notes (PwNotesPanel *self,
                          PwPlanNotes  *notes)
{
  g_return_if_fail (PW_IS_NOTES_PANEL (self));

  if (pw_notes_follow (&self->notes, notes, G_CALLBACK (rebuild), self))
    rebuild (self);
}

/**
 * pw_notes_panel_get_notes:
 *
 * Returns: (transfer none) (nullable): the notes shown
 */
PwPlanNotes *
pw_notes_panel_get_notes (PwNotesPanel *self)
{
  g_return_val_if_fail (PW_IS_NOTES_PANEL (self), NULL);

  return self->notes;
}

/**
 * pw_notes_panel_get_list:
 *
 * Returns: (transfer none): the list of note rows, for tests
 */
GtkListBox *
pw_notes_panel_get_list (PwNotesPanel *self)
{
  g_return_val_if_fail (PW_IS_NOTES_PANEL (self), NULL);

  return self->list;
}

/**
 * pw_notes_panel_edit:
 * @id: a note's id
 *
 * Asks for the note's new text.
 */
void
pw_notes_panel_edit (PwNotesPanel *self,
                     const char   *id)
{
  const PwNote *note;
  GtkWidget *dialog;
  g_autofree char *anchor = NULL;

  g_return_if_fail (PW_IS_NOTES_PANEL (self));

  note = self->notes != NULL ? pw_plan_notes_lookup (self->notes, id) : NULL;
  if (note == NULL)
    return;

  anchor = pw_note_describe_anchor (note);
  dialog = pw_notes_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), anchor,
                                NULL, note->body);
  g_signal_connect_data (dialog, "response", G_CALLBACK (dialog_response_cb),
                         row_target_new (self, id), row_target_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}
