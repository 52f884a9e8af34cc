/* pw-notes-dialog.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-notes-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-notes-dialog.h"

struct _PwNotesDialog
{
  AdwMessageDialog  parent_instance;

  GtkEntry         *entry;
};

G_DEFINE_FINAL_TYPE (PwNotesDialog, pw_notes_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
entry_changed_cb (PwNotesDialog *self)
{
  const char *entered = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *text = g_strstrip (g_strdup (entered));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", *text != '\0');
}

static void
pw_notes_dialog_class_init (PwNotesDialogClass *klass)
{
}

static void
pw_notes_dialog_init (PwNotesDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  self->entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_activates_default (self->entry, TRUE);
  gtk_entry_set_placeholder_text (self->entry, _("What should change"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note"), -1);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  adw_message_dialog_set_extra_child (dialog, GTK_WIDGET (self->entry));

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "save", _("_Save Note"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "save", FALSE);
}

/**
 * pw_notes_dialog_new:
 * @anchor: what the note is on, such as "Step 3"
 * @quote: (nullable): the text it refers to
 * @text: (nullable): the note's text, when editing one
 *
 * Returns: (transfer full): the dialog, not shown
 */
GtkWidget *
pw_notes_dialog_new (GtkWindow  *parent,
                     const char *anchor,
                     const char *quote,
                     const char *text)
{
  PwNotesDialog *self = g_object_new (PW_TYPE_NOTES_DIALOG,
                                      "transient-for", parent,
                                      "modal", TRUE,
                                      "heading", anchor,
                                      "body", quote != NULL ? quote : "",
                                      NULL);

  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));

  return GTK_WIDGET (self);
}

const char *
pw_notes_dialog_get_text (PwNotesDialog *self)
{
  g_return_val_if_fail (PW_IS_NOTES_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
pw_notes_dialog_set_text (PwNotesDialog *self,
                          const char    *text)
{
  g_return_if_fail (PW_IS_NOTES_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
}
