/* pw-plans-list.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plans-list"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-plan-index.h"
#include "pw-plans-list.h"
#include "pw-utils.h"

/* The plans of a repository with their progress, in the Plans page's
 * sidebar. The list is read in the background when the repository opens
 * and kept up to date from the plan the page shows. */

/* ------------------------------------------------------------------ */
/* PwPlanRow: one plan                                                 */
/* ------------------------------------------------------------------ */

#define PW_TYPE_PLAN_ROW (pw_plan_row_get_type ())

G_DECLARE_FINAL_TYPE (PwPlanRow, pw_plan_row, PW, PLAN_ROW, GtkListBoxRow)

struct _PwPlanRow
{
  GtkListBoxRow  parent_instance;

  char          *path;
  char          *title;
  guint          n_steps;
  guint          n_done;
};

G_DEFINE_FINAL_TYPE (PwPlanRow, pw_plan_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  ROW_PROP_0,
  ROW_PROP_PATH,
  ROW_PROP_TITLE,
  ROW_PROP_N_STEPS,
  ROW_PROP_N_DONE,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

static GtkWidget *
create_progress_bar (PwPlanRow *self)
{
  GtkWidget *progress = gtk_progress_bar_new ();
  g_autofree char *text = g_strdup_printf (_("%u of %u done"), self->n_done, self->n_steps);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (progress),
                                 (double) self->n_done / self->n_steps);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (progress), text);
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (progress), TRUE);
  gtk_widget_add_css_class (progress, "plan-progress");

  return progress;
}

static void
pw_plan_row_constructed (GObject *object)
{
  PwPlanRow *self = PW_PLAN_ROW (object);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (pw_title_distinguishing_part (self->title));
  GtkWidget *path = gtk_label_new (self->path);
  g_autofree char *accessible = NULL;
  g_autofree char *tooltip = g_strdup_printf ("%s\n%s", self->title, self->path);

  G_OBJECT_CLASS (pw_plan_row_parent_class)->constructed (object);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  /* The sidebar takes the rows' natural width: a few words, not a path. */
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 24);
  gtk_label_set_xalign (GTK_LABEL (path), 0);
  gtk_label_set_ellipsize (GTK_LABEL (path), PANGO_ELLIPSIZE_START);
  gtk_label_set_max_width_chars (GTK_LABEL (path), 24);
  gtk_widget_add_css_class (path, "caption");
  gtk_widget_add_css_class (path, "dim-label");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), path);

  if (self->n_steps > 0)
    {
      gtk_box_append (GTK_BOX (box), create_progress_bar (self));
      accessible = g_strdup_printf (_("%s, %u of %u steps done"), self->title,
                                    self->n_done, self->n_steps);
    }
  else
    accessible = g_strdup (self->title);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
pw_plan_row_finalize (GObject *object)
{
  PwPlanRow *self = PW_PLAN_ROW (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (pw_plan_row_parent_class)->finalize (object);
}

static void
pw_plan_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PwPlanRow *self = PW_PLAN_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case ROW_PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case ROW_PROP_N_STEPS:
      g_value_set_uint (value, self->n_steps);
      break;

    case ROW_PROP_N_DONE:
      g_value_set_uint (value, self->n_done);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plan_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PwPlanRow *self = PW_PLAN_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    case ROW_PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    case ROW_PROP_N_STEPS:
      self->n_steps = g_value_get_uint (value);
      break;

    case ROW_PROP_N_DONE:
      self->n_done = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plan_row_class_init (PwPlanRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = pw_plan_row_constructed;
  object_class->finalize = pw_plan_row_finalize;
  object_class->get_property = pw_plan_row_get_property;
  object_class->set_property = pw_plan_row_set_property;

  row_properties[ROW_PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  row_properties[ROW_PROP_N_STEPS] =
    g_param_spec_uint ("n-steps", NULL, NULL, 0, G_MAXUINT, 0, flags);
  row_properties[ROW_PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
pw_plan_row_init (PwPlanRow *self)
{
}

static GtkWidget *
pw_plan_row_new (const PwPlanSummary *summary)
{
  return g_object_new (PW_TYPE_PLAN_ROW,
                       "path", summary->path,
                       "title", summary->title,
                       "n-steps", summary->n_steps,
                       "n-done", summary->n_done,
                       NULL);
}

/* ------------------------------------------------------------------ */
/* PwPlansList                                                         */
/* ------------------------------------------------------------------ */

struct _PwPlansList
{
  AdwBin        parent_instance;

  /* Template children */
  GtkListBox   *list_box;

  /* owned */
  GPtrArray    *summaries;       /* PwPlanSummary */
  char         *open_path;       /* (nullable) the plan the page shows */
  GCancellable *cancellable;     /* (nullable) while scanning */
};

G_DEFINE_FINAL_TYPE (PwPlansList, pw_plans_list, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  PLAN_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
rebuild_rows (PwPlansList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < self->summaries->len; i++)
    {
      PwPlanSummary *summary = g_ptr_array_index (self->summaries, i);
      GtkWidget *row = pw_plan_row_new (summary);

      gtk_list_box_append (self->list_box, row);
      if (g_strcmp0 (summary->path, self->open_path) == 0)
        gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (row));
    }
}

static PwPlanSummary *
find_summary (PwPlansList *self,
              const char  *relative_path)
{
  for (guint i = 0; i < self->summaries->len; i++)
    {
      PwPlanSummary *summary = g_ptr_array_index (self->summaries, i);

      if (g_strcmp0 (summary->path, relative_path) == 0)
        return summary;
    }

  return NULL;
}

static int
compare_summaries (gconstpointer a,
                   gconstpointer b)
{
  const PwPlanSummary *sa = *(PwPlanSummary * const *) a;
  const PwPlanSummary *sb = *(PwPlanSummary * const *) b;

  return g_strcmp0 (sa->path, sb->path);
}

static void
row_activated_cb (PwPlansList   *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list_box)
{
  g_signal_emit (self, signals[PLAN_ACTIVATED], 0, PW_PLAN_ROW (row)->path);
}

static void
scanned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  PwPlansList *self = user_data;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GError) error = NULL;

  summaries = pw_plan_index_scan_finish (PW_WORKSPACE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  /* A summary the page gave while the list was read is the fresher one. */
  for (guint i = 0; summaries != NULL && i < summaries->len; i++)
    {
      PwPlanSummary *summary = g_ptr_array_index (summaries, i);

      if (find_summary (self, summary->path) == NULL)
        g_ptr_array_add (self->summaries, g_ptr_array_steal_index (summaries, i--));
    }
  g_ptr_array_sort (self->summaries, compare_summaries);
  rebuild_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* A modification time asked for after a save. */
typedef struct
{
  PwPlansList *self;
  char        *path;
} ModifiedQuery;

static void
modified_query_free (ModifiedQuery *query)
{
  g_object_unref (query->self);
  g_free (query->path);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ModifiedQuery, modified_query_free)

static void
modified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ModifiedQuery) query = user_data;
  g_autoptr(GFileInfo) info = NULL;
  PwPlanSummary *summary;

  info = g_file_query_info_finish (G_FILE (object), result, NULL);
  summary = info != NULL ? find_summary (query->self, query->path) : NULL;
  if (summary != NULL)
    summary->modified =
      (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
}

static void
pw_plans_list_dispose (GObject *object)
{
  PwPlansList *self = PW_PLANS_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), PW_TYPE_PLANS_LIST);

  G_OBJECT_CLASS (pw_plans_list_parent_class)->dispose (object);
}

static void
pw_plans_list_finalize (GObject *object)
{
  PwPlansList *self = PW_PLANS_LIST (object);

  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  g_clear_pointer (&self->open_path, g_free);

  G_OBJECT_CLASS (pw_plans_list_parent_class)->finalize (object);
}

static void
pw_plans_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PwPlansList *self = PW_PLANS_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, pw_plans_list_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plans_list_class_init (PwPlansListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_plans_list_dispose;
  object_class->finalize = pw_plans_list_finalize;
  object_class->get_property = pw_plans_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwPlansList::plan-activated:
   * @path: the plan's path relative to the repository
   *
   * The user chose a plan to open.
   */
  signals[PLAN_ACTIVATED] =
    g_signal_new ("plan-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/planwright/Planwright/ui/pw-plans-list.ui");
  gtk_widget_class_bind_template_child (widget_class, PwPlansList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
pw_plans_list_init (PwPlansList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_plan_summary_free);
}

GtkWidget *
pw_plans_list_new (void)
{
  return g_object_new (PW_TYPE_PLANS_LIST, NULL);
}

/**
 * pw_plans_list_set_workspace:
 * @workspace: (nullable): the repository
 *
 * Lists the plans of @workspace, read in the background.
 */
void
pw_plans_list_set_workspace (PwPlansList *self,
                             PwWorkspace *workspace)
{
  g_return_if_fail (PW_IS_PLANS_LIST (self));
  g_return_if_fail (!workspace || PW_IS_WORKSPACE (workspace));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_ptr_array_set_size (self->summaries, 0);
  g_clear_pointer (&self->open_path, g_free);
  rebuild_rows (self);

  if (workspace != NULL)
    {
      self->cancellable = g_cancellable_new ();
      pw_plan_index_scan_async (workspace, self->cancellable, scanned_cb, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * pw_plans_list_get_loading:
 *
 * Returns: whether the plans are still being read
 */
gboolean
pw_plans_list_get_loading (PwPlansList *self)
{
  g_return_val_if_fail (PW_IS_PLANS_LIST (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * pw_plans_list_get_summaries:
 *
 * Returns: (transfer none) (element-type PwPlanSummary): the plans listed
 */
GPtrArray *
pw_plans_list_get_summaries (PwPlansList *self)
{
  g_return_val_if_fail (PW_IS_PLANS_LIST (self), NULL);

  return self->summaries;
}

/**
 * pw_plans_list_set_open_path:
 * @relative_path: (nullable): the plan shown, if it is one of the list
 *
 * Selects the row of the plan shown, or none.
 */
void
pw_plans_list_set_open_path (PwPlansList *self,
                             const char  *relative_path)
{
  g_return_if_fail (PW_IS_PLANS_LIST (self));

  g_free (self->open_path);
  self->open_path = g_strdup (relative_path);
  if (relative_path == NULL)
    gtk_list_box_unselect_all (self->list_box);
  else
    rebuild_rows (self);
}

/**
 * pw_plans_list_update_plan:
 * @relative_path: where @plan is in the repository
 * @plan: a plan of the repository, as shown
 *
 * Brings the row of @relative_path up to date from @plan, adding it if it
 * is new, and selects it.
 */
void
pw_plans_list_update_plan (PwPlansList *self,
                           const char  *relative_path,
                           PwPlan      *plan)
{
  PwPlanSummary *summary;
  const char *title;
  GFile *file;

  g_return_if_fail (PW_IS_PLANS_LIST (self));
  g_return_if_fail (relative_path != NULL);
  g_return_if_fail (PW_IS_PLAN (plan));

  summary = find_summary (self, relative_path);
  if (summary == NULL)
    {
      summary = g_new0 (PwPlanSummary, 1);
      summary->path = g_strdup (relative_path);
      summary->endpoints = g_new0 (char *, 1);
      g_ptr_array_add (self->summaries, summary);
      g_ptr_array_sort (self->summaries, compare_summaries);
    }

  title = pw_plan_get_title (plan);
  g_free (summary->title);
  summary->title = g_strdup (title != NULL ? title : relative_path);
  summary->n_steps = pw_plan_get_n_steps (plan);
  summary->n_done = pw_plan_get_n_done (plan);

  file = pw_plan_get_file (plan);
  if (file != NULL)
    {
      ModifiedQuery *query = g_new0 (ModifiedQuery, 1);

      query->self = g_object_ref (self);
      query->path = g_strdup (relative_path);
      g_file_query_info_async (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE,
                               G_PRIORITY_DEFAULT, NULL, modified_cb, query);
    }

  pw_plans_list_set_open_path (self, relative_path);
}
