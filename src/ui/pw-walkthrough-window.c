/* pw-walkthrough-window.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-walkthrough-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-notes-marks.h"
#include "pw-walkthrough-window.h"

/*
 * A fullscreen presentation of a plan for a team around one screen: one slide
 * per step. Two slides alternate in a crossfading GtkStack, so a move fills
 * the hidden one and fades to it while an update of the plan rewrites the
 * visible one in place. Type sizes are Pango attributes computed from the
 * zoom, which is cheaper than reloading a CSS provider on every Ctrl+plus;
 * colours come from libadwaita's style classes and ui/style.css, so light
 * and dark both work. The window never edits the plan: X asks the owner
 * through ::step-toggled and the slide follows PwPlan::changed.
 */

#define ZOOM_MIN     100
#define ZOOM_MAX     300
#define ZOOM_STEP    25
#define BATCH_SIZE   3
#define BODY_MAX     24

/* Point sizes at zoom 100. */
#define PT_CAPTION   16.0
#define PT_COUNTER   22.0
#define PT_TEXT      34.0
#define PT_STATUS    22.0
#define PT_BODY      19.0
#define PT_PILL      15.0
#define PX_ICON      40

typedef struct
{
  GtkWidget *root;          /* GtkScrolledWindow */
  GtkWidget *caption;
  GtkWidget *counter;
  GtkWidget *batch;
  GtkWidget *text;
  GtkWidget *status_box;
  GtkWidget *status_icon;
  GtkWidget *status_label;
  GtkWidget *body;
  GtkWidget *notes;         /* the step's notes, made in init */
  GArray    *code;          /* guint pairs: byte ranges of code lines in the body */
} Slide;

struct _PwWalkthroughWindow
{
  AdwWindow   parent_instance;

  /* Template children */
  GtkWidget  *stack;
  GtkWidget  *strip;
  GtkWidget  *zoom_label;
  GtkWidget  *toggle_label;
  Slide       slides[2];

  /* owned */
  PwPlan     *plan;
  PwPlanNotes *notes;       /* (nullable) shown on their steps' slides */
  GPtrArray  *segments;     /* GtkButton, borrowed from the strip */

  /* state */
  guint       step;
  guint       zoom;
  guint       fit;          /* percent: type shrinks in a window smaller than 1280×800 */
  guint       fit_id;       /* idle that applies a new fit */
  guint       n_steps;      /* as last shown */
  guint       visible;      /* index into slides */
  guint       refresh_id;
};

G_DEFINE_FINAL_TYPE (PwWalkthroughWindow, pw_walkthrough_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PLAN,
  PROP_STEP,
  PROP_ZOOM,
  N_PROPS
};

enum {
  STEP_TOGGLED,
  NOTE_REQUESTED,
  N_SIGNALS
};

static const char * const step_actions[] = {
  "walkthrough.next", "walkthrough.previous", "walkthrough.first", "walkthrough.last",
  "walkthrough.go-to", "walkthrough.toggle",
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void
set_size (GtkWidget *label,
          double     points,
          guint      zoom,
          gboolean   bold)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  /* A code identifier broken across lines is not hyphenated. */
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  pango_attr_list_insert (attrs, pango_attr_size_new ((int) (points * zoom / 100.0 * PANGO_SCALE)));
  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (GTK_LABEL (label), attrs);
  pango_attr_list_unref (attrs);
}

/* Code lines of the body in monospace, at the body's size. */
static void
set_body_size (Slide *slide,
               guint  zoom)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  pango_attr_list_insert (attrs,
                          pango_attr_size_new ((int) (PT_BODY * zoom / 100.0 * PANGO_SCALE)));
  for (guint i = 0; i + 1 < slide->code->len; i += 2)
    {
      PangoAttribute *family = pango_attr_family_new ("monospace");

      family->start_index = g_array_index (slide->code, guint, i);
      family->end_index = g_array_index (slide->code, guint, i + 1);
      pango_attr_list_insert (attrs, family);
    }
  gtk_label_set_attributes (GTK_LABEL (slide->body), attrs);
  pango_attr_list_unref (attrs);
}

/* The zoom the type is set at: the user's, scaled down in a window
 * smaller than the 1280×800 the sizes are made for, so that the step stays
 * in sight at 150 % on 800×600. */
static guint
effective_zoom (PwWalkthroughWindow *self)
{
  return self->zoom * self->fit / 100;
}

static void
zoom_slide (Slide *slide,
            guint  zoom)
{
  set_size (slide->caption, PT_CAPTION, zoom, FALSE);
  set_size (slide->counter, PT_COUNTER, zoom, TRUE);
  set_size (slide->batch, PT_PILL, zoom, TRUE);
  set_size (slide->text, PT_TEXT, zoom, TRUE);
  set_size (slide->status_label, PT_STATUS, zoom, TRUE);
  set_body_size (slide, zoom);
  gtk_image_set_pixel_size (GTK_IMAGE (slide->status_icon), PX_ICON * zoom / 100);
}

/* A section title as a caption: without its numbering and inline code or
 * emphasis marks ("8. `Implementation` Steps" → "Implementation Steps"). */
static char *
plain_title (const char *title)
{
  GString *out = g_string_new (NULL);
  const char *p = title;

  while (g_ascii_isdigit (*p))
    p++;
  if (p != title && (*p == '.' || *p == ')') && (p[1] == ' ' || p[1] == '\0'))
    p = p + 1;
  else
    p = title;
  while (*p == ' ')
    p++;

  for (; *p != '\0'; p++)
    {
      if (*p != '`' && *p != '*')
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static const PwPlanSection *
section_of_line (PwPlan *plan,
                 guint   line)
{
  const PwPlanSection *found = NULL;
  guint n = pw_plan_get_n_sections (plan);

  for (guint i = 0; i < n; i++)
    {
      const PwPlanSection *section = pw_plan_get_section (plan, i);

      if (section->line > line)
        break;
      found = section;
    }

  return found;
}

static void
update_zoom_label (PwWalkthroughWindow *self)
{
  /* Translators: the text size, in percent */
  g_autofree char *text = g_strdup_printf (_("%u %%"), self->zoom);

  gtk_label_set_text (GTK_LABEL (self->zoom_label), text);
}

/* The current batch is the next three open steps: the seeds' rhythm of three
 * steps, then feedback. */
static gboolean
in_batch (PwPlan *plan,
          guint   i)
{
  guint open_before = 0;

  if (pw_plan_get_step (plan, i)->done)
    return FALSE;
  for (guint k = 0; k < i; k++)
    {
      if (!pw_plan_get_step (plan, k)->done)
        open_before++;
    }
  return open_before < BATCH_SIZE;
}

static guint
first_open_step (PwPlan *plan)
{
  guint n = pw_plan_get_n_steps (plan);

  for (guint i = 0; i < n; i++)
    {
      if (!pw_plan_get_step (plan, i)->done)
        return i;
    }
  return 0;
}

/* The notes on the step, under its text: the team's decisions. */
static void
fill_notes (PwWalkthroughWindow *self,
            Slide               *slide)
{
  g_autoptr(PwNotesMarks) marks = pw_notes_marks_new (self->notes, self->plan);
  const char *text = NULL;
  guint count = pw_notes_marks_lookup (marks, FALSE, self->step, &text, NULL);
  g_autofree char *shown = NULL;

  if (count > 0)
    /* Translators: the notes on the step on screen, one per line */
    shown = g_strdup_printf (ngettext ("Note: %s", "Notes:\n%s", count), text);
  gtk_label_set_text (GTK_LABEL (slide->notes), shown != NULL ? shown : "");
  gtk_widget_set_visible (slide->notes, count > 0);
}

static void
fill_slide (PwWalkthroughWindow *self,
            Slide               *slide)
{
  const char *title = pw_plan_get_title (self->plan);
  g_autofree char *caption = NULL;
  g_autofree char *counter = NULL;
  g_autofree char *body = NULL;
  const PwPlanStep *step;
  const PwPlanSection *section;

  if (title == NULL || *title == '\0')
    title = _("Untitled plan");

  if (self->n_steps == 0)
    {
      gtk_widget_set_visible (slide->caption, FALSE);
      gtk_widget_set_visible (slide->counter, FALSE);
      gtk_widget_set_visible (slide->batch, FALSE);
      gtk_widget_set_visible (slide->status_box, FALSE);
      gtk_label_set_text (GTK_LABEL (slide->text), title);
      g_array_set_size (slide->code, 0);
      gtk_label_set_text (GTK_LABEL (slide->body), _("This plan has no implementation steps"));
      set_body_size (slide, effective_zoom (self));
      gtk_widget_set_visible (slide->body, TRUE);
      return;
    }

  step = pw_plan_get_step (self->plan, self->step);
  section = section_of_line (self->plan, step->line);
  if (section != NULL)
    {
      g_autofree char *section_title = plain_title (section->title);

      /* Translators: the plan's title, then the section the step is in */
      caption = g_strdup_printf (_("%s · %s"), title, section_title);
    }
  else
    {
      caption = g_strdup (title);
    }
  gtk_label_set_text (GTK_LABEL (slide->caption), caption);
  gtk_widget_set_visible (slide->caption, TRUE);

  counter = g_strdup_printf (_("Step %u of %u"), step->index, self->n_steps);
  gtk_label_set_text (GTK_LABEL (slide->counter), counter);
  gtk_widget_set_visible (slide->counter, TRUE);
  gtk_widget_set_visible (slide->batch, in_batch (self->plan, self->step));

  gtk_label_set_text (GTK_LABEL (slide->text), *step->text != '\0' ? step->text : _("(no text)"));

  gtk_widget_set_visible (slide->status_box, TRUE);
  gtk_widget_set_visible (slide->status_icon, step->done);
  gtk_label_set_text (GTK_LABEL (slide->status_label), step->done ? _("Done") : _("Open"));
  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->toggle_label),
                                    step->done ? _("Mark as _Open") : _("Mark as _Done"));
  if (step->done)
    gtk_widget_add_css_class (slide->status_label, "success");
  else
    gtk_widget_remove_css_class (slide->status_label, "success");

  body = pw_plan_dup_step_body (self->plan, self->step, BODY_MAX, slide->code);
  gtk_label_set_text (GTK_LABEL (slide->body), body);
  set_body_size (slide, effective_zoom (self));
  gtk_widget_set_visible (slide->body, *body != '\0');
  fill_notes (self, slide);
}

static void
rebuild_strip (PwWalkthroughWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->strip)) != NULL)
    gtk_box_remove (GTK_BOX (self->strip), child);
  g_ptr_array_set_size (self->segments, 0);

  for (guint i = 0; i < self->n_steps; i++)
    {
      GtkWidget *button = gtk_button_new ();

      gtk_widget_add_css_class (button, "walkthrough-segment");
      gtk_widget_set_hexpand (button, TRUE);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "walkthrough.go-to");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", i);
      gtk_box_append (GTK_BOX (self->strip), button);
      g_ptr_array_add (self->segments, button);
    }

  gtk_widget_set_visible (gtk_widget_get_parent (self->strip), self->n_steps > 0);
}

static void
update_strip (PwWalkthroughWindow *self)
{
  for (guint i = 0; i < self->segments->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->segments, i);
      const PwPlanStep *step = pw_plan_get_step (self->plan, i);
      gboolean batch = in_batch (self->plan, i);
      g_autofree char *label = NULL;

      if (step->done)
        label = g_strdup_printf (_("Step %u, done"), i + 1);
      else if (batch)
        label = g_strdup_printf (_("Step %u, open, in the current batch"), i + 1);
      else
        label = g_strdup_printf (_("Step %u, open"), i + 1);

      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      gtk_widget_set_tooltip_text (button, label);
      if (step->done)
        gtk_widget_add_css_class (button, "done");
      else
        gtk_widget_remove_css_class (button, "done");
      if (batch)
        gtk_widget_add_css_class (button, "batch");
      else
        gtk_widget_remove_css_class (button, "batch");
      if (i == self->step)
        gtk_widget_add_css_class (button, "current");
      else
        gtk_widget_remove_css_class (button, "current");
    }
}

static void
update_actions (PwWalkthroughWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean any = self->n_steps > 0;

  gtk_widget_action_set_enabled (widget, "walkthrough.previous", any && self->step > 0);
  gtk_widget_action_set_enabled (widget, "walkthrough.first", any && self->step > 0);
  gtk_widget_action_set_enabled (widget, "walkthrough.next", any && self->step + 1 < self->n_steps);
  gtk_widget_action_set_enabled (widget, "walkthrough.last", any && self->step + 1 < self->n_steps);
  gtk_widget_action_set_enabled (widget, "walkthrough.toggle", any);
  gtk_widget_action_set_enabled (widget, "walkthrough.go-to", any);
  gtk_widget_action_set_enabled (widget, "walkthrough.zoom-in", self->zoom < ZOOM_MAX);
  gtk_widget_action_set_enabled (widget, "walkthrough.zoom-out", self->zoom > ZOOM_MIN);
  gtk_widget_action_set_enabled (widget, "walkthrough.zoom-reset", self->zoom != ZOOM_MIN);
}

/* Reads the plan again and shows the current step on the visible slide. */
static void
refresh (PwWalkthroughWindow *self)
{
  guint n = pw_plan_get_n_steps (self->plan);
  guint old_step = self->step;

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (n != self->n_steps)
    {
      /* Steps that appear in a plan that had none: resume where work is. */
      if (self->n_steps == 0)
        self->step = first_open_step (self->plan);
      self->n_steps = n;
      rebuild_strip (self);
    }
  if (n == 0)
    self->step = 0;
  else if (self->step >= n)
    self->step = n - 1;

  fill_slide (self, &self->slides[self->visible]);
  update_strip (self);
  update_actions (self);

  if (old_step != self->step)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/* A change that has not been shown yet is shown now, so that actions never
 * work on a stale step count. */
static void
flush (PwWalkthroughWindow *self)
{
  if (self->refresh_id != 0)
    refresh (self);
}

static void
go_to (PwWalkthroughWindow *self,
       guint                step)
{
  GtkAdjustment *scroll;
  Slide *slide;

  flush (self);
  if (self->n_steps == 0)
    return;
  step = MIN (step, self->n_steps - 1);
  if (step == self->step)
    return;

  self->step = step;
  self->visible = 1 - self->visible;
  slide = &self->slides[self->visible];
  fill_slide (self, slide);
  scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (slide->root));
  gtk_adjustment_set_value (scroll, 0);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), slide->root);
  update_strip (self);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

/* Callbacks */

static gboolean
refresh_idle_cb (gpointer user_data)
{
  PwWalkthroughWindow *self = user_data;

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* A streaming plan changes many times a second; one update per frame is
 * plenty. Until then the moves stay enabled: they show the change first. */
static void
plan_changed_cb (PwWalkthroughWindow *self)
{
  if (self->refresh_id != 0)
    return;

  self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, refresh_idle_cb, self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (step_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), step_actions[i], TRUE);
}

/* Actions */

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (widget);

  flush (self);
  if (self->step + 1 < self->n_steps)
    go_to (self, self->step + 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (widget);

  flush (self);
  if (self->step > 0)
    go_to (self, self->step - 1);
}

static void
first_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  go_to (PW_WALKTHROUGH_WINDOW (widget), 0);
}

static void
last_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  go_to (PW_WALKTHROUGH_WINDOW (widget), G_MAXUINT);
}

static void
go_to_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  go_to (PW_WALKTHROUGH_WINDOW (widget), g_variant_get_uint32 (parameter));
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (widget);
  const PwPlanStep *step;

  flush (self);
  if (self->n_steps == 0)
    return;

  step = pw_plan_get_step (self->plan, self->step);
  g_signal_emit (self, signals[STEP_TOGGLED], 0, self->step, !step->done);
}

static void
note_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (widget);

  flush (self);
  if (self->n_steps > 0)
    g_signal_emit (self, signals[NOTE_REQUESTED], 0, self->step);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (widget);

  pw_walkthrough_window_set_zoom (self, self->zoom + ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (widget);

  pw_walkthrough_window_set_zoom (self, self->zoom > ZOOM_MIN + ZOOM_STEP ? self->zoom - ZOOM_STEP
                                                                          : ZOOM_MIN);
}

static void
zoom_reset_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  pw_walkthrough_window_set_zoom (PW_WALKTHROUGH_WINDOW (widget), ZOOM_MIN);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static gboolean
apply_fit_cb (gpointer user_data)
{
  PwWalkthroughWindow *self = user_data;

  self->fit_id = 0;
  for (guint i = 0; i < G_N_ELEMENTS (self->slides); i++)
    zoom_slide (&self->slides[i], effective_zoom (self));

  return G_SOURCE_REMOVE;
}

static void
pw_walkthrough_window_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (widget);
  guint fit = (guint) CLAMP (MIN (width * 100 / 1280, height * 100 / 800), 50, 100);

  GTK_WIDGET_CLASS (pw_walkthrough_window_parent_class)->size_allocate (widget, width, height,
                                                                        baseline);

  /* The type is set again after this allocation, not during it. */
  if (fit != self->fit)
    {
      self->fit = fit;
      if (self->fit_id == 0)
        self->fit_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_fit_cb, self, NULL);
    }
}

/* GObject */

static void
pw_walkthrough_window_constructed (GObject *object)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (object);

  G_OBJECT_CLASS (pw_walkthrough_window_parent_class)->constructed (object);

  g_assert (self->plan != NULL);
  g_signal_connect_object (self->plan, "changed", G_CALLBACK (plan_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* Resume where the work is: the first open step. */
  self->n_steps = pw_plan_get_n_steps (self->plan);
  self->step = first_open_step (self->plan);
  rebuild_strip (self);
  refresh (self);
}

static void
pw_walkthrough_window_dispose (GObject *object)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->fit_id, g_source_remove);
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_clear_object (&self->plan);
  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  g_clear_object (&self->notes);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->slides); i++)
    g_clear_pointer (&self->slides[i].code, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_WALKTHROUGH_WINDOW);

  G_OBJECT_CLASS (pw_walkthrough_window_parent_class)->dispose (object);
}

static void
pw_walkthrough_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_STEP:
      g_value_set_uint (value, self->step);
      break;
    case PROP_ZOOM:
      g_value_set_uint (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_walkthrough_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PwWalkthroughWindow *self = PW_WALKTHROUGH_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      self->plan = g_value_dup_object (value);
      break;
    case PROP_STEP:
      pw_walkthrough_window_set_step (self, g_value_get_uint (value));
      break;
    case PROP_ZOOM:
      pw_walkthrough_window_set_zoom (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers,
              const char            *action)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                            gtk_named_action_new (action));

  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* Binds the children of slide @i, whose ids in the template end in @suffix. */
static void
bind_slide (GtkWidgetClass *widget_class,
            guint           i,
            const char     *suffix)
{
  static const struct
  {
    const char *id;
    gsize       offset;
  } parts[] = {
    { "slide", G_STRUCT_OFFSET (Slide, root) },
    { "caption", G_STRUCT_OFFSET (Slide, caption) },
    { "counter", G_STRUCT_OFFSET (Slide, counter) },
    { "batch", G_STRUCT_OFFSET (Slide, batch) },
    { "text", G_STRUCT_OFFSET (Slide, text) },
    { "status_box", G_STRUCT_OFFSET (Slide, status_box) },
    { "status_icon", G_STRUCT_OFFSET (Slide, status_icon) },
    { "status_label", G_STRUCT_OFFSET (Slide, status_label) },
    { "body", G_STRUCT_OFFSET (Slide, body) },
  };
  gsize slide = G_STRUCT_OFFSET (PwWalkthroughWindow, slides) + i * sizeof (Slide);

  for (guint k = 0; k < G_N_ELEMENTS (parts); k++)
    {
      g_autofree char *id = g_strconcat (parts[k].id, "_", suffix, NULL);

      gtk_widget_class_bind_template_child_full (widget_class, id, FALSE,
                                                 slide + parts[k].offset);
    }
}

static void
pw_walkthrough_window_class_init (PwWalkthroughWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pw_walkthrough_window_constructed;
  object_class->dispose = pw_walkthrough_window_dispose;
  object_class->get_property = pw_walkthrough_window_get_property;
  object_class->set_property = pw_walkthrough_window_set_property;
  widget_class->size_allocate = pw_walkthrough_window_size_allocate;

  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL,
                         PW_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * PwWalkthroughWindow:step:
   *
   * The 0-based index of the step on screen; 0 when the plan has no steps.
   * A new window starts at the first open step.
   */
  properties[PROP_STEP] =
    g_param_spec_uint ("step", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_uint ("zoom", NULL, NULL,
                       ZOOM_MIN, ZOOM_MAX, ZOOM_MIN,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwWalkthroughWindow::step-toggled:
   * @step: 0-based step index
   * @done: the state asked for
   *
   * Asks the owner to mark @step done or open; the window shows the new
   * state once the plan reports it changed.
   */
  signals[STEP_TOGGLED] =
    g_signal_new ("step-toggled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);

  /**
   * PwWalkthroughWindow::note-requested:
   * @step: 0-based step index
   *
   * N on a slide: asks the owner for a note on @step.
   */
  signals[NOTE_REQUESTED] =
    g_signal_new ("note-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "walkthrough.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.first", NULL, first_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.last", NULL, last_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.go-to", "u", go_to_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.note", NULL, note_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.zoom-reset", NULL, zoom_reset_action);
  gtk_widget_class_install_action (widget_class, "walkthrough.close", NULL, close_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-walkthrough-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PwWalkthroughWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PwWalkthroughWindow, strip);
  gtk_widget_class_bind_template_child (widget_class, PwWalkthroughWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, PwWalkthroughWindow, toggle_label);
  bind_slide (widget_class, 0, "0");
  bind_slide (widget_class, 1, "1");
}

/* Each slide shows the step's notes under its text. */
static void
add_notes_label (Slide *slide)
{
  GtkWidget *parent = gtk_widget_get_parent (slide->text);

  slide->notes = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (slide->notes), TRUE);
  gtk_label_set_xalign (GTK_LABEL (slide->notes), 0);
  gtk_widget_set_halign (slide->notes, GTK_ALIGN_START);
  gtk_widget_add_css_class (slide->notes, "walkthrough-notes");
  gtk_widget_set_visible (slide->notes, FALSE);
  g_return_if_fail (GTK_IS_BOX (parent));
  gtk_box_insert_child_after (GTK_BOX (parent), slide->notes, slide->text);
}

static void
pw_walkthrough_window_init (PwWalkthroughWindow *self)
{
  GtkShortcutController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->zoom = ZOOM_MIN;
  self->fit = 100;
  self->segments = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (self->slides); i++)
    {
      self->slides[i].code = g_array_new (FALSE, FALSE, sizeof (guint));
      zoom_slide (&self->slides[i], self->zoom);
      /* "Current batch" is one pill, never two lines. */
      gtk_label_set_wrap (GTK_LABEL (self->slides[i].batch), FALSE);
      add_notes_label (&self->slides[i]);
    }

  /* Keys work in the capture phase so that Space moves to the next slide
   * even when a button has the focus. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts), GTK_PHASE_CAPTURE);
  add_shortcut (shortcuts, GDK_KEY_Right, 0, "walkthrough.next");
  add_shortcut (shortcuts, GDK_KEY_Page_Down, 0, "walkthrough.next");
  add_shortcut (shortcuts, GDK_KEY_space, 0, "walkthrough.next");
  add_shortcut (shortcuts, GDK_KEY_Left, 0, "walkthrough.previous");
  add_shortcut (shortcuts, GDK_KEY_Page_Up, 0, "walkthrough.previous");
  add_shortcut (shortcuts, GDK_KEY_space, GDK_SHIFT_MASK, "walkthrough.previous");
  add_shortcut (shortcuts, GDK_KEY_Home, 0, "walkthrough.first");
  add_shortcut (shortcuts, GDK_KEY_End, 0, "walkthrough.last");
  add_shortcut (shortcuts, GDK_KEY_x, 0, "walkthrough.toggle");
  add_shortcut (shortcuts, GDK_KEY_X, 0, "walkthrough.toggle");
  add_shortcut (shortcuts, GDK_KEY_n, 0, "walkthrough.note");
  add_shortcut (shortcuts, GDK_KEY_N, 0, "walkthrough.note");
  add_shortcut (shortcuts, GDK_KEY_plus, GDK_CONTROL_MASK, "walkthrough.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_equal, GDK_CONTROL_MASK, "walkthrough.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "walkthrough.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_minus, GDK_CONTROL_MASK, "walkthrough.zoom-out");
  add_shortcut (shortcuts, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "walkthrough.zoom-out");
  add_shortcut (shortcuts, GDK_KEY_0, GDK_CONTROL_MASK, "walkthrough.zoom-reset");
  add_shortcut (shortcuts, GDK_KEY_KP_0, GDK_CONTROL_MASK, "walkthrough.zoom-reset");
  add_shortcut (shortcuts, GDK_KEY_Escape, 0, "walkthrough.close");
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));

  update_zoom_label (self);
  gtk_window_fullscreen (GTK_WINDOW (self));
}

/* Public API */

/**
 * pw_walkthrough_window_new:
 * @parent: (nullable): the window it presents for
 * @plan: the plan to present
 *
 * Returns: (transfer full): a new walkthrough window; the caller presents it
 */
PwWalkthroughWindow *
pw_walkthrough_window_new (GtkWindow *parent,
                           PwPlan    *plan)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PW_IS_PLAN (plan), NULL);

  return g_object_new (PW_TYPE_WALKTHROUGH_WINDOW,
                       "transient-for", parent,
                       "plan", plan,
                       NULL);
}

guint
pw_walkthrough_window_get_step (PwWalkthroughWindow *self)
{
  g_return_val_if_fail (PW_IS_WALKTHROUGH_WINDOW (self), 0);

  return self->step;
}

/**
 * pw_walkthrough_window_set_step:
 * @self: a #PwWalkthroughWindow
 * @step: 0-based step index, clamped to the last step
 */
void
pw_walkthrough_window_set_step (PwWalkthroughWindow *self,
                                guint                step)
{
  g_return_if_fail (PW_IS_WALKTHROUGH_WINDOW (self));

  go_to (self, step);
}

guint
pw_walkthrough_window_get_zoom (PwWalkthroughWindow *self)
{
  g_return_val_if_fail (PW_IS_WALKTHROUGH_WINDOW (self), ZOOM_MIN);

  return self->zoom;
}

/**
 * pw_walkthrough_window_set_zoom:
 * @self: a #PwWalkthroughWindow
 * @zoom: text size in percent, clamped to 100–300
 */
void
pw_walkthrough_window_set_zoom (PwWalkthroughWindow *self,
                                guint                zoom)
{
  g_return_if_fail (PW_IS_WALKTHROUGH_WINDOW (self));

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  for (guint i = 0; i < G_N_ELEMENTS (self->slides); i++)
    zoom_slide (&self->slides[i], effective_zoom (self));
  update_zoom_label (self);
  update_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/**
 * pw_walkthrough_window_set_notes:
 * @notes: (nullable): the plan's notes, shown on their steps' slides
 */
void
pw_walkthrough_window_set_notes (PwWalkthroughWindow *self,
                                 PwPlanNotes         *notes)
{
  g_return_if_fail (PW_IS_WALKTHROUGH_WINDOW (self));

  if (pw_notes_follow (&self->notes, notes, G_CALLBACK (plan_changed_cb), self))
    plan_changed_cb (self);
}

/**
 * pw_walkthrough_window_get_notes_label:
 *
 * Returns: (transfer none): the label with the notes of the slide on
 *   screen, for tests
 */
GtkLabel *
pw_walkthrough_window_get_notes_label (PwWalkthroughWindow *self)
{
  g_return_val_if_fail (PW_IS_WALKTHROUGH_WINDOW (self), NULL);

  flush (self);
  return GTK_LABEL (self->slides[self->visible].notes);
}
