/* pw-lint-row.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-lint-row"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-lint-row.h"

struct _PwLintRow
{
  GtkWidget  parent_instance;

  /* Template children */
  GtkImage  *icon;
  GtkWidget *texts;
  GtkLabel  *message;
  GtkLabel  *where;
};

G_DEFINE_FINAL_TYPE (PwLintRow, pw_lint_row, GTK_TYPE_WIDGET)

static void
pw_lint_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_LINT_ROW);

  G_OBJECT_CLASS (pw_lint_row_parent_class)->dispose (object);
}

static void
pw_lint_row_class_init (PwLintRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pw_lint_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-lint-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PwLintRow, icon);
  gtk_widget_class_bind_template_child (widget_class, PwLintRow, texts);
  gtk_widget_class_bind_template_child (widget_class, PwLintRow, message);
  gtk_widget_class_bind_template_child (widget_class, PwLintRow, where);
}

static void
pw_lint_row_init (PwLintRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pw_lint_row_new (void)
{
  return g_object_new (PW_TYPE_LINT_ROW, NULL);
}

/**
 * pw_lint_row_set_issue:
 * @issue: the issue to show; the row keeps no pointer to it
 */
void
pw_lint_row_set_issue (PwLintRow         *self,
                       const PwLintIssue *issue)
{
  gboolean error;
  g_autofree char *line = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (PW_IS_LINT_ROW (self));
  g_return_if_fail (issue != NULL);

  error = issue->severity == PW_LINT_SEVERITY_ERROR;
  if (issue->line > 0)
    line = g_strdup_printf (_("Line %u"), issue->line);
  else
    line = g_strdup (_("Whole plan"));

  gtk_image_set_from_icon_name (self->icon, error ? "dialog-error-symbolic"
                                                  : "dialog-warning-symbolic");
  gtk_widget_set_css_classes (GTK_WIDGET (self->icon),
                              (const char *[]) { error ? "error" : "warning", NULL });
  gtk_label_set_text (self->message, issue->message);
  gtk_label_set_text (self->where, line);

  accessible = g_strdup_printf ("%s: %s, %s", error ? _("Error") : _("Warning"),
                                issue->message, line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}
