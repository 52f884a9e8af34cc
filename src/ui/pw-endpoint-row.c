/* pw-endpoint-row.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-endpoint-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-endpoint-row.h"

struct _PwEndpointRow
{
  AdwActionRow    parent_instance;

  /* Template children */
  GtkCheckButton *check;
  GtkLabel       *badge;

  /* borrowed */
  GtkLabel       *pill;      /* (nullable) only with a plan: a hidden suffix takes room */

  /* owned */
  char           *key;
  char           *haystack;  /* casefolded key, title and group, for the filter */
};

G_DEFINE_FINAL_TYPE (PwEndpointRow, pw_endpoint_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_KEY,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
check_toggled_cb (PwEndpointRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
show_method (PwEndpointRow *self,
             const char    *method)
{
  g_autofree char *lower = g_ascii_strdown (method, -1);
  g_autofree char *css = g_strconcat ("method-", lower, NULL);
  g_autofree char *accessible = NULL;

  gtk_label_set_label (self->badge, method);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), css);
  /* Translators: accessible name of an HTTP method badge, e.g. "Method GET" */
  accessible = g_strdup_printf (_("Method %s"), method);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
show_summary (PwEndpointRow *self,
              PwPlanSummary *summary)
{
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;

  if (summary->n_steps > 0)
    /* Translators: an endpoint that already has a plan, with steps done of all steps */
    text = g_strdup_printf (_("planned · %u/%u"), summary->n_done, summary->n_steps);
  else
    text = g_strdup (_("planned"));

  self->pill = GTK_LABEL (gtk_label_new (text));
  gtk_widget_add_css_class (GTK_WIDGET (self->pill), "pw-planned-pill");
  gtk_widget_set_valign (GTK_WIDGET (self->pill), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pill), summary->path);
  /* Translators: accessible description of the "planned" pill */
  accessible = g_strdup_printf (_("Already planned in %s, %u of %u steps done"), summary->path,
                                summary->n_done, summary->n_steps);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pill), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->pill));
}

static void
pw_endpoint_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_ENDPOINT_ROW);

  G_OBJECT_CLASS (pw_endpoint_row_parent_class)->dispose (object);
}

static void
pw_endpoint_row_finalize (GObject *object)
{
  PwEndpointRow *self = PW_ENDPOINT_ROW (object);

  g_free (self->key);
  g_free (self->haystack);

  G_OBJECT_CLASS (pw_endpoint_row_parent_class)->finalize (object);
}

static void
pw_endpoint_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PwEndpointRow *self = PW_ENDPOINT_ROW (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_SELECTED:
      g_value_set_boolean (value, pw_endpoint_row_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_endpoint_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  PwEndpointRow *self = PW_ENDPOINT_ROW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      pw_endpoint_row_set_selected (self, g_value_get_boolean (value));
      break;
    case PROP_KEY:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_endpoint_row_class_init (PwEndpointRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_endpoint_row_dispose;
  object_class->finalize = pw_endpoint_row_finalize;
  object_class->get_property = pw_endpoint_row_get_property;
  object_class->set_property = pw_endpoint_row_set_property;

  /**
   * PwEndpointRow:key:
   *
   * The endpoint as "METHOD /path".
   */
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * PwEndpointRow:selected:
   *
   * Whether the endpoint is chosen for the plan.
   */
  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-endpoint-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PwEndpointRow, check);
  gtk_widget_class_bind_template_child (widget_class, PwEndpointRow, badge);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled_cb);
}

static void
pw_endpoint_row_init (PwEndpointRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * pw_endpoint_row_new:
 * @endpoint: the endpoint
 * @summary: (nullable): the existing plan for it
 * @group: the group it is listed under, for the filter
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
pw_endpoint_row_new (PwEndpoint    *endpoint,
                     PwPlanSummary *summary,
                     const char    *group)
{
  PwEndpointRow *self;
  g_autofree char *accessible = NULL;
  g_autofree char *haystack = NULL;

  g_return_val_if_fail (endpoint != NULL, NULL);

  self = g_object_new (PW_TYPE_ENDPOINT_ROW, NULL);
  self->key = pw_endpoint_dup_key (endpoint);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), endpoint->path);
  if (endpoint->title != NULL && *endpoint->title != '\0'
      && g_strcmp0 (endpoint->title, self->key) != 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), endpoint->title);
  /* Translators: accessible name of an endpoint's check button, e.g. "Choose GET /api/books" */
  accessible = g_strdup_printf (_("Choose %s"), self->key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  show_method (self, endpoint->method);
  if (summary != NULL)
    show_summary (self, summary);

  haystack = g_strdup_printf ("%s %s %s", self->key,
                              endpoint->title != NULL ? endpoint->title : "",
                              group != NULL ? group : "");
  self->haystack = g_utf8_casefold (haystack, -1);

  return GTK_WIDGET (self);
}

const char *
pw_endpoint_row_get_key (PwEndpointRow *self)
{
  g_return_val_if_fail (PW_IS_ENDPOINT_ROW (self), NULL);

  return self->key;
}

gboolean
pw_endpoint_row_get_selected (PwEndpointRow *self)
{
  g_return_val_if_fail (PW_IS_ENDPOINT_ROW (self), FALSE);

  return gtk_check_button_get_active (self->check);
}

void
pw_endpoint_row_set_selected (PwEndpointRow *self,
                              gboolean       selected)
{
  g_return_if_fail (PW_IS_ENDPOINT_ROW (self));

  /* The check button's "toggled" notifies :selected. */
  gtk_check_button_set_active (self->check, selected);
}

/**
 * pw_endpoint_row_join:
 * @first: the first row of the group
 *
 * Makes the row one of a set of radio buttons: choosing it unchooses the
 * others.
 */
void
pw_endpoint_row_join (PwEndpointRow *self,
                      PwEndpointRow *first)
{
  g_return_if_fail (PW_IS_ENDPOINT_ROW (self));
  g_return_if_fail (PW_IS_ENDPOINT_ROW (first));

  gtk_check_button_set_group (self->check, first->check);
}

/**
 * pw_endpoint_row_matches:
 * @words: casefolded words, %NULL-terminated
 *
 * Returns: whether every word is in the key, the title or the group
 */
gboolean
pw_endpoint_row_matches (PwEndpointRow  *self,
                         const char    **words)
{
  g_return_val_if_fail (PW_IS_ENDPOINT_ROW (self), FALSE);

  for (guint w = 0; words[w] != NULL; w++)
    {
      if (*words[w] != '\0' && strstr (self->haystack, words[w]) == NULL)
        return FALSE;
    }

  return TRUE;
}

/**
 * pw_endpoint_row_get_planned_label:
 *
 * Returns: (nullable): the "planned" pill's text, or %NULL without a plan
 */
const char *
pw_endpoint_row_get_planned_label (PwEndpointRow *self)
{
  g_return_val_if_fail (PW_IS_ENDPOINT_ROW (self), NULL);

  return self->pill != NULL ? gtk_label_get_label (self->pill) : NULL;
}
