/* pw-coverage-page.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-coverage-page"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-coverage.h"
#include "pw-coverage-page-private.h"
#include "pw-coverage-row.h"

G_DEFINE_FINAL_TYPE (PwCoveragePage, pw_coverage_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum
{
  OPEN_PLAN,
  PLAN_ENDPOINT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
row_activated_cb (PwCoveragePage *self,
                  PwCoverageRow  *row)
{
  const char *plan_path = pw_coverage_row_get_plan_path (row);

  if (plan_path != NULL)
    g_signal_emit (self, signals[OPEN_PLAN], 0, plan_path);
  else
    g_signal_emit (self, signals[PLAN_ENDPOINT], 0, pw_coverage_row_get_key (row));
}

static void
clear_groups (PwCoveragePage *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    gtk_box_remove (self->groups_box, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
build_group (PwCoveragePage  *self,
             PwCoverageGroup *group)
{
  GtkWidget *widget = adw_preferences_group_new ();
  g_autofree char *description = NULL;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (widget), group->resource);
  /* Translators: a resource's share of planned endpoints, e.g. "2 of 5 planned" */
  description = g_strdup_printf (_("%u of %u planned"), group->n_planned, group->endpoints->len);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (widget), description);

  for (guint i = 0; i < group->endpoints->len; i++)
    {
      GtkWidget *row = pw_coverage_row_new (g_ptr_array_index (group->endpoints, i));

      g_signal_connect_object (row, "activated", G_CALLBACK (row_activated_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (widget), row);
      g_ptr_array_add (self->rows, row);
    }

  return widget;
}

static void
show_coverage (PwCoveragePage *self,
               PwCoverage     *coverage)
{
  g_autofree char *totals = pw_coverage_format_totals (coverage);

  clear_groups (self);
  gtk_label_set_label (self->totals_label, totals);
  if (coverage->n_stale > 0)
    {
      g_autofree char *stale = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u plan is stale",
                                                             "%u plans are stale",
                                                             coverage->n_stale),
                                                coverage->n_stale);

      gtk_label_set_label (self->stale_label, stale);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->stale_label), coverage->n_stale > 0);

  for (guint g = 0; g < coverage->groups->len; g++)
    {
      GtkWidget *group = build_group (self, g_ptr_array_index (coverage->groups, g));

      gtk_box_append (self->groups_box, group);
      g_ptr_array_add (self->groups, group);
    }
  gtk_stack_set_visible_child_name (self->content_stack, "coverage");
  pw_coverage_page_update_queue_actions (self);
}

static void
show_empty (PwCoveragePage *self,
            const char     *message)
{
  clear_groups (self);
  gtk_label_set_label (self->totals_label, "");
  adw_status_page_set_description (self->empty_page, message);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PwCoveragePage) self = user_data;
  g_autoptr(PwCoverage) coverage = NULL;
  g_autoptr(GError) error = NULL;

  coverage = pw_coverage_compute_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  if (coverage != NULL)
    show_coverage (self, coverage);
  else
    show_empty (self, error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * pw_coverage_page_refresh:
 *
 * Reads the API spec and the plans again, in a thread.
 */
void
pw_coverage_page_refresh (PwCoveragePage *self)
{
  g_return_if_fail (PW_IS_COVERAGE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->workspace == NULL)
    {
      show_empty (self, _("Open a repository first"));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }

  self->cancellable = g_cancellable_new ();
  /* The rows shown stay while the new ones are computed. */
  if (self->rows->len == 0)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
    }
  pw_coverage_compute_async (pw_workspace_get_root (self->workspace), self->cancellable,
                             computed_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  pw_coverage_page_refresh (PW_COVERAGE_PAGE (widget));
}

static void
pw_coverage_page_dispose (GObject *object)
{
  PwCoveragePage *self = PW_COVERAGE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  pw_coverage_page_clear_queue (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_COVERAGE_PAGE);

  G_OBJECT_CLASS (pw_coverage_page_parent_class)->dispose (object);
}

static void
pw_coverage_page_finalize (GObject *object)
{
  PwCoveragePage *self = PW_COVERAGE_PAGE (object);

  g_clear_object (&self->workspace);
  g_clear_pointer (&self->plan_spec, pw_plan_spec_free);
  g_ptr_array_unref (self->groups);
  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (pw_coverage_page_parent_class)->finalize (object);
}

static void
pw_coverage_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PwCoveragePage *self = PW_COVERAGE_PAGE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, pw_coverage_page_get_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_coverage_page_class_init (PwCoveragePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_coverage_page_dispose;
  object_class->finalize = pw_coverage_page_finalize;
  object_class->get_property = pw_coverage_page_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwCoveragePage::open-plan:
   * @relative_path: the plan's path in the repository
   */
  signals[OPEN_PLAN] = g_signal_new ("open-plan", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * PwCoveragePage::plan-endpoint:
   * @key: the unplanned endpoint, "METHOD /path"
   */
  signals[PLAN_ENDPOINT] = g_signal_new ("plan-endpoint", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                         1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/planwright/Planwright/ui/"
                                               "pw-coverage-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, groups_box);
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, totals_label);
  gtk_widget_class_bind_template_child (widget_class, PwCoveragePage, stale_label);

  gtk_widget_class_install_action (widget_class, "coverage.refresh", NULL, refresh_action);
  pw_coverage_page_class_add_queue (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "coverage.refresh", NULL);
}

static void
pw_coverage_page_init (PwCoveragePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's child: not bound as a template child, which would be
   * unparented behind the bin's back when the page goes. */
  self->content_stack = GTK_STACK (adw_bin_get_child (ADW_BIN (self)));
  self->groups = g_ptr_array_new ();
  self->rows = g_ptr_array_new ();
  pw_coverage_page_update_queue_actions (self);
}

GtkWidget *
pw_coverage_page_new (void)
{
  return g_object_new (PW_TYPE_COVERAGE_PAGE, NULL);
}

/**
 * pw_coverage_page_set_workspace:
 * @workspace: (nullable): the repository shown
 *
 * Shows @workspace's coverage (computed in a thread).
 */
void
pw_coverage_page_set_workspace (PwCoveragePage *self,
                                PwWorkspace    *workspace)
{
  g_return_if_fail (PW_IS_COVERAGE_PAGE (self));
  g_return_if_fail (workspace == NULL || PW_IS_WORKSPACE (workspace));

  if (self->workspace != workspace)
    {
      clear_groups (self);
      pw_coverage_page_clear_queue (self);
    }
  g_set_object (&self->workspace, workspace);
  pw_coverage_page_refresh (self);
}

gboolean
pw_coverage_page_get_loading (PwCoveragePage *self)
{
  g_return_val_if_fail (PW_IS_COVERAGE_PAGE (self), FALSE);

  return self->cancellable != NULL;
}

const char *
pw_coverage_page_get_totals_text (PwCoveragePage *self)
{
  g_return_val_if_fail (PW_IS_COVERAGE_PAGE (self), NULL);

  return gtk_label_get_label (self->totals_label);
}

/**
 * pw_coverage_page_get_rows:
 *
 * Returns: (transfer none) (element-type PwCoverageRow): the rows shown
 */
GPtrArray *
pw_coverage_page_get_rows (PwCoveragePage *self)
{
  g_return_val_if_fail (PW_IS_COVERAGE_PAGE (self), NULL);

  return self->rows;
}

/**
 * pw_coverage_page_activate_endpoint:
 * @key: an endpoint's key, as shown
 *
 * Activates the endpoint's row as a click would.
 *
 * Returns: %TRUE if a row shows @key
 */
gboolean
pw_coverage_page_activate_endpoint (PwCoveragePage *self,
                                    const char     *key)
{
  g_return_val_if_fail (PW_IS_COVERAGE_PAGE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      PwCoverageRow *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (pw_coverage_row_get_key (row), key))
        {
          adw_action_row_activate (ADW_ACTION_ROW (row));
          return TRUE;
        }
    }

  return FALSE;
}

void
pw_coverage_page_set_plan_spec (PwCoveragePage   *self,
                                const PwPlanSpec *spec)
{
  g_return_if_fail (PW_IS_COVERAGE_PAGE (self));

  g_clear_pointer (&self->plan_spec, pw_plan_spec_free);
  if (spec != NULL)
    self->plan_spec = pw_plan_spec_copy (spec);
}

PwPlanQueue *
pw_coverage_page_get_queue (PwCoveragePage *self)
{
  g_return_val_if_fail (PW_IS_COVERAGE_PAGE (self), NULL);

  return self->queue;
}
