/* pw-coverage-row.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-coverage-row"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-coverage-row.h"

struct _PwCoverageRow
{
  AdwActionRow  parent_instance;

  /* Template children */
  GtkImage     *stale_icon;
  GtkLabel     *progress_label;
  GtkLevelBar  *progress_bar;

  /* owned */
  char         *key;
  char         *plan_path;   /* (nullable) */
  gboolean      stale;
};

G_DEFINE_FINAL_TYPE (PwCoverageRow, pw_coverage_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_KEY,
  PROP_PLAN_PATH,
  PROP_STALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pw_coverage_row_finalize (GObject *object)
{
  PwCoverageRow *self = PW_COVERAGE_ROW (object);

  g_free (self->key);
  g_free (self->plan_path);

  G_OBJECT_CLASS (pw_coverage_row_parent_class)->finalize (object);
}

static void
pw_coverage_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PwCoverageRow *self = PW_COVERAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_PLAN_PATH:
      g_value_set_string (value, self->plan_path);
      break;
    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_coverage_row_class_init (PwCoverageRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = pw_coverage_row_finalize;
  object_class->get_property = pw_coverage_row_get_property;

  properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
  properties[PROP_PLAN_PATH] = g_param_spec_string ("plan-path", NULL, NULL, NULL, flags);
  properties[PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/planwright/Planwright/ui/"
                                               "pw-coverage-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PwCoverageRow, stale_icon);
  gtk_widget_class_bind_template_child (widget_class, PwCoverageRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, PwCoverageRow, progress_bar);
}

static void
pw_coverage_row_init (PwCoverageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
show_progress (PwCoverageRow            *self,
               const PwCoverageEndpoint *item)
{
  g_autofree char *text = NULL;

  if (item->plan_path == NULL)
    {
      gtk_label_set_label (self->progress_label, _("Not planned"));
      return;
    }

  /* Translators: a plan's progress on the coverage page, e.g. "3 of 8 steps" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u step", "%u of %u steps",
                                       item->n_steps),
                          item->n_done, item->n_steps);
  gtk_label_set_label (self->progress_label, text);
  gtk_level_bar_set_max_value (self->progress_bar, MAX (item->n_steps, 1));
  gtk_level_bar_set_value (self->progress_bar, item->n_done);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), item->n_steps > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), item->plan_path);
}

static void
show_stale (PwCoverageRow            *self,
            const PwCoverageEndpoint *item)
{
  self->stale = item->stale == PW_STALE_STALE;
  gtk_widget_set_visible (GTK_WIDGET (self->stale_icon), self->stale);
  if (!self->stale)
    return;

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->stale_icon), item->stale_message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->stale_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stale"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, item->stale_message,
                                  -1);
}

/**
 * pw_coverage_row_new:
 * @item: an endpoint of a #PwCoverage
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
pw_coverage_row_new (const PwCoverageEndpoint *item)
{
  PwCoverageRow *self;

  g_return_val_if_fail (item != NULL, NULL);

  self = g_object_new (PW_TYPE_COVERAGE_ROW, NULL);
  self->key = g_strdup (item->key);
  self->plan_path = g_strdup (item->plan_path);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), item->key);
  if (item->title != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), item->title);
  show_progress (self, item);
  show_stale (self, item);

  return GTK_WIDGET (self);
}

const char *
pw_coverage_row_get_key (PwCoverageRow *self)
{
  g_return_val_if_fail (PW_IS_COVERAGE_ROW (self), NULL);

  return self->key;
}

const char *
pw_coverage_row_get_plan_path (PwCoverageRow *self)
{
  g_return_val_if_fail (PW_IS_COVERAGE_ROW (self), NULL);

  return self->plan_path;
}

gboolean
pw_coverage_row_get_stale (PwCoverageRow *self)
{
  g_return_val_if_fail (PW_IS_COVERAGE_ROW (self), FALSE);

  return self->stale;
}

const char *
pw_coverage_row_get_progress_text (PwCoverageRow *self)
{
  g_return_val_if_fail (PW_IS_COVERAGE_ROW (self), NULL);

  return gtk_label_get_label (self->progress_label);
}
