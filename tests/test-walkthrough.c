/* test-walkthrough.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "pw-walkthrough-window.h"
#include "pw-test-ui.h"

/* The walkthrough starts at the first open step (step 4 of the shelfie
 * plan, whose steps 1–3 are done) so that a team resumes where work is. */

typedef struct
{
  guint    calls;
  guint    step;
  gboolean done;
} Toggled;

/* Steps naming long code identifiers, the way real plans do. */
static const char long_names_plan[] =
  "# Flashcards API\n\n## Implementation Steps\n\n"
  "1. [x] Add the `flashcards` table\n"
  "2. [ ] Implement `CreateFlashcardsCommand` and `CreateFlashcardsCommandHandler` in "
  "`src/lib/services/flashcards.service.ts`\n"
  "   - validate with `createFlashcardsCommandSchema`\n"
  "   - return `FlashcardDto[]`\n"
  "3. [ ] Wire `POST /api/flashcards` to `CreateFlashcardsCommandHandler`\n"
  "4. [ ] Test it\n";

static PwPlan *
load_shelfie (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "examples", "shelfie", ".ai",
                                                 "get-books-implementation-plan.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);

  return pw_plan_new_from_text (text, -1);
}

static void
flush_main_loop (void)
{
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_segments (GtkWidget *widget,
                  GPtrArray *out)
{
  if (gtk_widget_has_css_class (widget, "walkthrough-segment"))
    g_ptr_array_add (out, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_segments (child, out);
}

/* A widget of the slide on screen. */
static GtkWidget *
slide_part (PwWalkthroughWindow *window,
            const char          *name)
{
  GtkWidget *stack = find_named (GTK_WIDGET (window), "slides");
  GtkWidget *part;

  g_assert_nonnull (stack);
  part = find_named (gtk_stack_get_visible_child (GTK_STACK (stack)), name);
  g_assert_nonnull (part);

  return part;
}

static const char *
slide_text (PwWalkthroughWindow *window,
            const char          *name)
{
  return gtk_label_get_text (GTK_LABEL (slide_part (window, name)));
}

static gboolean
slide_shows (PwWalkthroughWindow *window,
             const char          *name)
{
  return gtk_widget_is_visible (slide_part (window, name));
}

static PwWalkthroughWindow *
open_window (PwPlan *plan)
{
  PwWalkthroughWindow *window = pw_walkthrough_window_new (NULL, plan);

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  return window;
}

static void
close_window (PwWalkthroughWindow *window)
{
  GtkWidget *weak = GTK_WIDGET (window);

  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  flush_main_loop ();
  g_assert_null (weak);
}

static void
toggled_cb (PwWalkthroughWindow *window,
            guint                step,
            gboolean             done,
            Toggled             *toggled)
{
  toggled->calls++;
  toggled->step = step;
  toggled->done = done;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
count_changed_cb (PwPlan *plan,
                  guint  *count)
{
  (*count)++;
}

static void
test_start (void)
{
  g_autoptr(PwPlan) plan = load_shelfie ();
  PwWalkthroughWindow *window;

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 8);
  window = open_window (plan);

  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 3);
  g_assert_cmpuint (pw_walkthrough_window_get_zoom (window), ==, 100);
  g_assert_cmpstr (slide_text (window, "caption"), ==,
                   "API Endpoint Implementation Plan: GET /api/books · Implementation Steps");
  g_assert_cmpstr (slide_text (window, "counter"), ==, "Step 4 of 8");
  g_assert_true (g_str_has_prefix (slide_text (window, "step-text"), "Implement listBooks in"));
  g_assert_cmpstr (slide_text (window, "status"), ==, "Open");
  g_assert_true (slide_shows (window, "batch"));
  /* The rest of the step's paragraph is in its text, so no body. */
  g_assert_false (slide_shows (window, "step-body"));

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

static void
test_navigation (void)
{
  g_autoptr(PwPlan) plan = load_shelfie ();
  PwWalkthroughWindow *window = open_window (plan);
  GtkWidget *widget = GTK_WIDGET (window);
  guint notified = 0;

  g_signal_connect (window, "notify::step", G_CALLBACK (count_notify_cb), &notified);

  g_assert_true (gtk_widget_activate_action (widget, "walkthrough.next", NULL));
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 4);
  g_assert_cmpstr (slide_text (window, "counter"), ==, "Step 5 of 8");
  g_assert_cmpuint (notified, ==, 1);

  gtk_widget_activate_action (widget, "walkthrough.previous", NULL);
  gtk_widget_activate_action (widget, "walkthrough.previous", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 2);
  g_assert_cmpstr (slide_text (window, "status"), ==, "Done");
  g_assert_false (slide_shows (window, "batch"));

  gtk_widget_activate_action (widget, "walkthrough.first", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 0);
  gtk_widget_activate_action (widget, "walkthrough.previous", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 0);

  gtk_widget_activate_action (widget, "walkthrough.last", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 7);
  g_assert_cmpstr (slide_text (window, "counter"), ==, "Step 8 of 8");
  /* No wrap past the last step. */
  gtk_widget_activate_action (widget, "walkthrough.next", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 7);

  pw_walkthrough_window_set_step (window, 1);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 1);
  pw_walkthrough_window_set_step (window, 100);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 7);

  g_assert_true (gtk_widget_activate_action (widget, "walkthrough.go-to", "u", 5));
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 5);
  g_assert_cmpstr (slide_text (window, "counter"), ==, "Step 6 of 8");
  /* Steps 4, 5 and 6 are the next three open ones. */
  g_assert_true (slide_shows (window, "batch"));
  gtk_widget_activate_action (widget, "walkthrough.next", NULL);
  g_assert_false (slide_shows (window, "batch"));

  g_assert_cmpuint (notified, ==, 9);

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

static void
test_strip (void)
{
  g_autoptr(PwPlan) plan = load_shelfie ();
  PwWalkthroughWindow *window = open_window (plan);
  g_autoptr(GPtrArray) segments = g_ptr_array_new ();
  GtkWidget *segment;

  collect_segments (GTK_WIDGET (window), segments);
  g_assert_cmpuint (segments->len, ==, 8);

  segment = g_ptr_array_index (segments, 2);
  g_assert_true (gtk_widget_has_css_class (segment, "done"));
  g_assert_false (gtk_widget_has_css_class (segment, "current"));
  gtk_test_accessible_assert_property (segment, GTK_ACCESSIBLE_PROPERTY_LABEL, "Step 3, done");

  segment = g_ptr_array_index (segments, 3);
  g_assert_false (gtk_widget_has_css_class (segment, "done"));
  g_assert_true (gtk_widget_has_css_class (segment, "current"));
  g_assert_true (gtk_widget_has_css_class (segment, "batch"));
  gtk_test_accessible_assert_property (segment, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Step 4, open, in the current batch");

  segment = g_ptr_array_index (segments, 7);
  g_assert_false (gtk_widget_has_css_class (segment, "batch"));
  gtk_test_accessible_assert_property (segment, GTK_ACCESSIBLE_PROPERTY_LABEL, "Step 8, open");

  /* A click on a segment jumps to its step. */
  g_signal_emit_by_name (segment, "clicked");
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 7);
  g_assert_true (gtk_widget_has_css_class (segment, "current"));
  g_assert_false (gtk_widget_has_css_class (g_ptr_array_index (segments, 3), "current"));

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

static void
test_toggle (void)
{
  g_autoptr(PwPlan) plan = load_shelfie ();
  PwWalkthroughWindow *window = open_window (plan);
  GtkWidget *widget = GTK_WIDGET (window);
  g_autofree char *before = g_strdup (pw_plan_get_text (plan, NULL));
  Toggled toggled = { 0, };
  guint changed = 0;

  g_signal_connect (window, "step-toggled", G_CALLBACK (toggled_cb), &toggled);
  g_signal_connect (plan, "changed", G_CALLBACK (count_changed_cb), &changed);

  g_assert_true (gtk_widget_activate_action (widget, "walkthrough.toggle", NULL));
  g_assert_cmpuint (toggled.calls, ==, 1);
  g_assert_cmpuint (toggled.step, ==, 3);
  g_assert_true (toggled.done);
  /* The window asks; it does not edit the plan. */
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpstr (pw_plan_get_text (plan, NULL), ==, before);
  g_assert_cmpuint (pw_plan_get_n_done (plan), ==, 3);
  flush_main_loop ();
  g_assert_cmpstr (slide_text (window, "status"), ==, "Open");

  /* The owner applies it; the slide follows the plan. */
  g_assert_true (pw_plan_set_step_done (plan, toggled.step, toggled.done));
  flush_main_loop ();
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 3);
  g_assert_cmpstr (slide_text (window, "status"), ==, "Done");
  g_assert_true (slide_shows (window, "status"));
  g_assert_false (slide_shows (window, "batch"));

  gtk_widget_activate_action (widget, "walkthrough.toggle", NULL);
  g_assert_cmpuint (toggled.calls, ==, 2);
  g_assert_cmpuint (toggled.step, ==, 3);
  g_assert_false (toggled.done);

  /* Step 7 joined the batch once step 4 was done. */
  pw_walkthrough_window_set_step (window, 6);
  g_assert_true (slide_shows (window, "batch"));

  g_signal_handlers_disconnect_by_data (plan, &changed);
  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

/* A button ticks the step with the mouse, and shows that X does too. */
static void
test_mouse_tick (void)
{
  g_autoptr(PwPlan) plan = load_shelfie ();
  PwWalkthroughWindow *window = open_window (plan);
  GtkWidget *keycap = pw_test_find_type (GTK_WIDGET (window), GTK_TYPE_SHORTCUT_LABEL);
  GtkWidget *button;
  Toggled toggled = { 0, };

  /* The button with the X keycap ticks. */
  g_assert_nonnull (keycap);
  g_assert_cmpstr (gtk_shortcut_label_get_accelerator (GTK_SHORTCUT_LABEL (keycap)), ==, "x");
  button = gtk_widget_get_ancestor (keycap, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "walkthrough.toggle");

  g_signal_connect (window, "step-toggled", G_CALLBACK (toggled_cb), &toggled);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (toggled.calls, ==, 1);
  g_assert_cmpuint (toggled.step, ==, 3);
  g_assert_true (toggled.done);

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

static void
settle (PwWalkthroughWindow *window)
{
  for (guint i = 0; i < 30; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      flush_main_loop ();
    }
}

static gboolean
has_no_hyphens (GtkWidget *label)
{
  PangoAttrList *attrs = gtk_label_get_attributes (GTK_LABEL (label));
  GSList *list = attrs != NULL ? pango_attr_list_get_attributes (attrs) : NULL;
  gboolean found = FALSE;

  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_INSERT_HYPHENS && !((PangoAttrInt *) attr)->value)
        found = TRUE;
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);

  return found;
}

/* At 150 % in an 800×600 window the whole step text is in sight, the
 * "Current batch" pill is one line, and code identifiers broken across
 * lines get no hyphen. */
static void
test_small_window (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (long_names_plan, -1);
  PwWalkthroughWindow *window = open_window (plan);
  GtkWidget *text;
  GtkWidget *batch;
  GtkWidget *viewport;
  graphene_rect_t bounds;

  gtk_window_unfullscreen (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  pw_walkthrough_window_set_zoom (window, 150);
  settle (window);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 800);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 1);

  text = slide_part (window, "step-text");
  batch = slide_part (window, "batch");
  viewport = gtk_widget_get_ancestor (text, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_bounds (text, viewport, &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (viewport));

  g_assert_true (gtk_widget_is_visible (batch));
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (batch))), ==, 1);
  g_assert_true (has_no_hyphens (text));
  g_assert_true (has_no_hyphens (slide_part (window, "step-body")));

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

/* @widget (a window) as drawn now. */
static GdkTexture *
render_texture (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The relative luminance of the pixel at @x, @y of @widget drawn (WCAG's,
 * with a gamma of 2 for sRGB's curve: close enough to compare). */
static double
luminance_at (GtkWidget *widget,
              double     x,
              double     y)
{
  g_autoptr(GdkTexture) texture = render_texture (widget);
  int width = gdk_texture_get_width (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * gdk_texture_get_height (texture) * 4);
  const guchar *pixel;
  double channel[3];

  gdk_texture_download (texture, data, (gsize) width * 4);
  /* GDK_MEMORY_DEFAULT: B, G, R, A */
  pixel = data + ((gsize) y * width + (gsize) x) * 4;
  for (guint i = 0; i < 3; i++)
    {
      double c = pixel[2 - i] / 255.0;

      channel[i] = c * c;
    }

  return 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2];
}

static double
segment_luminance (PwWalkthroughWindow *window,
                   GtkWidget           *segment)
{
  graphene_point_t middle = GRAPHENE_POINT_INIT (gtk_widget_get_width (segment) / 2.0,
                                                 gtk_widget_get_height (segment) / 2.0);
  graphene_point_t center;

  g_assert_true (gtk_widget_compute_point (segment, GTK_WIDGET (window), &middle, &center));
  return luminance_at (GTK_WIDGET (window), center.x, center.y);
}

/* In the dark style a segment of the current batch and an open one after
 * it differ enough to be told apart across a room (contrast ratio). */
static void
test_dark_strip (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(PwPlan) plan = load_shelfie ();
  g_autoptr(GPtrArray) segments = g_ptr_array_new ();
  PwWalkthroughWindow *window;
  double batch, open, ratio;

  gtk_css_provider_load_from_resource (css, PW_RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_window (plan);
  pw_walkthrough_window_set_step (window, 0);
  settle (window);

  /* Steps 1–3 done, 4–6 the batch, 7–8 open. */
  collect_segments (GTK_WIDGET (window), segments);
  g_assert_cmpuint (segments->len, ==, 8);
  g_assert_true (gtk_widget_has_css_class (segments->pdata[4], "batch"));
  g_assert_false (gtk_widget_has_css_class (segments->pdata[7], "batch"));
  batch = segment_luminance (window, segments->pdata[4]);
  open = segment_luminance (window, segments->pdata[7]);
  ratio = (MAX (batch, open) + 0.05) / (MIN (batch, open) + 0.05);
  g_test_message ("batch %.3f, open %.3f: contrast %.2f", batch, open, ratio);
  g_assert_cmpfloat (ratio, >=, 1.6);

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
}

static void
test_zoom (void)
{
  g_autoptr(PwPlan) plan = load_shelfie ();
  PwWalkthroughWindow *window = open_window (plan);
  GtkWidget *widget = GTK_WIDGET (window);
  PangoAttrList *attrs;
  PangoAttribute *size;
  PangoAttrIterator *iter;
  guint notified = 0;

  g_signal_connect (window, "notify::zoom", G_CALLBACK (count_notify_cb), &notified);

  gtk_widget_activate_action (widget, "walkthrough.zoom-out", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_zoom (window), ==, 100);
  g_assert_cmpuint (notified, ==, 0);

  gtk_widget_activate_action (widget, "walkthrough.zoom-in", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_zoom (window), ==, 125);
  for (guint i = 0; i < 20; i++)
    gtk_widget_activate_action (widget, "walkthrough.zoom-in", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_zoom (window), ==, 300);
  g_assert_cmpuint (notified, ==, 8);

  gtk_widget_activate_action (widget, "walkthrough.zoom-out", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_zoom (window), ==, 275);
  gtk_widget_activate_action (widget, "walkthrough.zoom-reset", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_zoom (window), ==, 100);

  pw_walkthrough_window_set_zoom (window, 1000);
  g_assert_cmpuint (pw_walkthrough_window_get_zoom (window), ==, 300);
  pw_walkthrough_window_set_zoom (window, 0);
  g_assert_cmpuint (pw_walkthrough_window_get_zoom (window), ==, 100);

  /* The step's text grows with the zoom, on the slides still to come too. */
  pw_walkthrough_window_set_zoom (window, 200);
  gtk_widget_activate_action (widget, "walkthrough.next", NULL);
  attrs = gtk_label_get_attributes (GTK_LABEL (slide_part (window, "step-text")));
  g_assert_nonnull (attrs);
  iter = pango_attr_list_get_iterator (attrs);
  size = pango_attr_iterator_get (iter, PANGO_ATTR_SIZE);
  g_assert_nonnull (size);
  g_assert_cmpint (((PangoAttrInt *) size)->value, >=, 60 * PANGO_SCALE);
  pango_attr_iterator_destroy (iter);

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

static void
test_markup_is_literal (void)
{
  const char *text =
    "# Plan <i>x</i>\n"
    "\n"
    "## Implementation Steps\n"
    "\n"
    "1. [ ] Show <b>bold</b> & <script>alert(1)</script> literally\n"
    "   - keep <u>this</u> &amp; that\n"
    "\n"
    "   ```sh\n"
    "   echo '<b>'\n"
    "   ```\n"
    "2. [ ] Second step\n";
  g_autoptr(PwPlan) plan = pw_plan_new_from_text (text, -1);
  PwWalkthroughWindow *window;
  GtkLabel *label;

  g_assert_cmpuint (pw_plan_get_n_steps (plan), ==, 2);
  window = open_window (plan);

  label = GTK_LABEL (slide_part (window, "step-text"));
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpstr (gtk_label_get_text (label), ==, pw_plan_get_step (plan, 0)->text);
  g_assert_nonnull (strstr (gtk_label_get_text (label), "<b>bold</b>"));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "<script>"));

  g_assert_true (slide_shows (window, "step-body"));
  g_assert_cmpstr (slide_text (window, "step-body"), ==,
                   "• keep <u>this</u> &amp; that\n\necho '<b>'");
  g_assert_true (g_str_has_prefix (slide_text (window, "caption"), "Plan <i>x</i> · "));

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

static void
test_no_steps (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text ("# Just notes\n\nNothing to do yet.\n", -1);
  PwWalkthroughWindow *window = open_window (plan);
  GtkWidget *widget = GTK_WIDGET (window);
  Toggled toggled = { 0, };
  g_autoptr(GPtrArray) segments = g_ptr_array_new ();

  g_signal_connect (window, "step-toggled", G_CALLBACK (toggled_cb), &toggled);

  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 0);
  g_assert_cmpstr (slide_text (window, "step-text"), ==, "Just notes");
  g_assert_cmpstr (slide_text (window, "step-body"), ==, "This plan has no implementation steps");
  g_assert_false (slide_shows (window, "counter"));
  g_assert_false (slide_shows (window, "status"));

  gtk_widget_activate_action (widget, "walkthrough.next", NULL);
  gtk_widget_activate_action (widget, "walkthrough.last", NULL);
  gtk_widget_activate_action (widget, "walkthrough.toggle", NULL);
  pw_walkthrough_window_set_step (window, 3);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 0);
  g_assert_cmpuint (toggled.calls, ==, 0);
  collect_segments (widget, segments);
  g_assert_cmpuint (segments->len, ==, 0);

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

static void
test_plan_changes (void)
{
  g_autoptr(PwPlan) plan = pw_plan_new_from_text ("# P\n\n## Implementation Steps\n\n"
                                                  "1. [x] One\n2. [ ] Two\n", -1);
  PwWalkthroughWindow *window = open_window (plan);
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GPtrArray) segments = g_ptr_array_new ();

  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 1);
  g_assert_cmpstr (slide_text (window, "counter"), ==, "Step 2 of 2");

  /* Steps stream in: the count, the strip and the slide follow. */
  pw_plan_append (plan, "3. [ ] Three\n4. [ ] Four\n", -1);
  /* An action right after the change works on the new steps, before any idle. */
  gtk_widget_activate_action (widget, "walkthrough.next", NULL);
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 2);
  g_assert_cmpstr (slide_text (window, "counter"), ==, "Step 3 of 4");
  g_assert_cmpstr (slide_text (window, "step-text"), ==, "Three");
  collect_segments (widget, segments);
  g_assert_cmpuint (segments->len, ==, 4);
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (segments, 2), "current"));

  /* The current step's text changes under us. */
  pw_plan_set_text (plan, "# P\n\n## Implementation Steps\n\n"
                    "1. [x] One\n2. [ ] Two\n3. [ ] Drei\n4. [ ] Four\n", -1);
  flush_main_loop ();
  g_assert_cmpstr (slide_text (window, "step-text"), ==, "Drei");

  /* Steps go away: the window stays on the last one that is left. */
  gtk_widget_activate_action (widget, "walkthrough.last", NULL);
  pw_plan_set_text (plan, "# P\n\n## Implementation Steps\n\n1. [x] One\n", -1);
  flush_main_loop ();
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 0);
  g_assert_cmpstr (slide_text (window, "counter"), ==, "Step 1 of 1");
  g_assert_cmpstr (slide_text (window, "status"), ==, "Done");
  g_ptr_array_set_size (segments, 0);
  collect_segments (widget, segments);
  g_assert_cmpuint (segments->len, ==, 1);

  /* All gone, then back: the window resumes at the first open step. */
  pw_plan_set_text (plan, "# P\n", -1);
  flush_main_loop ();
  g_assert_cmpstr (slide_text (window, "step-body"), ==, "This plan has no implementation steps");
  pw_plan_set_text (plan, "# P\n\n## Implementation Steps\n\n1. [x] A\n2. [x] B\n3. [ ] C\n", -1);
  flush_main_loop ();
  g_assert_cmpuint (pw_walkthrough_window_get_step (window), ==, 2);
  g_assert_cmpstr (slide_text (window, "step-text"), ==, "C");
  g_assert_true (slide_shows (window, "counter"));

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

/* Keys cannot be typed into Xvfb from here, so check the key map: every
 * key of the issue reaches its action, before any focused child sees it. */
static void
test_keys (void)
{
  static const struct
  {
    const char *trigger;
    const char *action;
  } keys[] = {
    { "Right", "walkthrough.next" },
    { "Page_Down", "walkthrough.next" },
    { "space", "walkthrough.next" },
    { "Left", "walkthrough.previous" },
    { "Page_Up", "walkthrough.previous" },
    { "<Shift>space", "walkthrough.previous" },
    { "Home", "walkthrough.first" },
    { "End", "walkthrough.last" },
    { "x", "walkthrough.toggle" },
    { "<Control>plus", "walkthrough.zoom-in" },
    { "<Control>equal", "walkthrough.zoom-in" },
    { "<Control>minus", "walkthrough.zoom-out" },
    { "<Control>0", "walkthrough.zoom-reset" },
    { "Escape", "walkthrough.close" },
  };
  g_autoptr(PwPlan) plan = load_shelfie ();
  PwWalkthroughWindow *window = open_window (plan);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller)
          || gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE)
        continue;

      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          const char *name;

          if (!GTK_IS_NAMED_ACTION (action))
            continue;
          name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
          g_hash_table_insert (map, gtk_shortcut_trigger_to_string (trigger), g_strdup (name));
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (g_hash_table_lookup (map, keys[i].trigger), ==, keys[i].action);

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));
}

static void
save_png (GtkWidget  *widget,
          const char *path)
{
  g_autoptr(GdkTexture) texture = render_texture (widget);

  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* PW_WALKTHROUGH_SHOTS=dir writes light and dark screenshots at zoom 100
 * and 200, to look at by eye; skipped otherwise. */
static void
test_screenshots (void)
{
  const char *dir = g_getenv ("PW_WALKTHROUGH_SHOTS");
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(PwPlan) plan = NULL;
  g_autofree char *body_path = NULL;
  PwWalkthroughWindow *window;

  if (dir == NULL)
    {
      g_test_skip ("PW_WALKTHROUGH_SHOTS is not set");
      return;
    }

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, PW_RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  plan = load_shelfie ();
  window = open_window (plan);
  gtk_window_unfullscreen (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);

  for (guint dark = 0; dark < 2; dark++)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                               : ADW_COLOR_SCHEME_FORCE_LIGHT);
      for (guint zoom = 100; zoom <= 200; zoom += 100)
        {
          g_autofree char *name = g_strdup_printf ("walkthrough-%s-%u.png",
                                                   dark ? "dark" : "light", zoom);
          g_autofree char *path = g_build_filename (dir, name, NULL);

          pw_walkthrough_window_set_zoom (window, zoom);
          pw_walkthrough_window_set_step (window, zoom == 200 ? 1 : dark ? 2 : 3);
          for (guint i = 0; i < 30; i++)
            {
              gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
              flush_main_loop ();
            }
          save_png (GTK_WIDGET (window), path);
        }
    }

  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));

  /* A step with a body: sub-bullets and a little code. */
  body_path = g_build_filename (dir, "walkthrough-body-dark-100.png", NULL);
  plan = pw_plan_new_from_text ("# Reading list\n\n## Implementation Steps\n\n"
                                "1. [x] Add the `loans` table\n"
                                "2. [ ] Show <b>lent out</b> badges on the catalogue\n"
                                "   - one badge per open loan, with the borrower's name\n"
                                "   - overdue loans in the warning colour\n\n"
                                "   ```ts\n   const overdue = loan.due_on < today;\n   ```\n"
                                "3. [ ] Test it\n", -1);
  window = open_window (plan);
  gtk_window_unfullscreen (GTK_WINDOW (window));
  for (guint i = 0; i < 30; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      flush_main_loop ();
    }
  save_png (GTK_WIDGET (window), body_path);
  close_window (window);
  g_assert_finalize_object (g_steal_pointer (&plan));

  /* 800×600 at 150 %, light and dark: long code identifiers, the pill. */
  plan = pw_plan_new_from_text (long_names_plan, -1);
  window = open_window (plan);
  gtk_window_unfullscreen (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  pw_walkthrough_window_set_zoom (window, 150);
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("walkthrough-800x600-150-%s.png",
                                               dark ? "dark" : "light");
      g_autofree char *path = g_build_filename (dir, name, NULL);

      adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                          dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                               : ADW_COLOR_SCHEME_FORCE_LIGHT);
      settle (window);
      save_png (GTK_WIDGET (window), path);
    }
  close_window (window);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/pw/walkthrough/start", test_start);
  g_test_add_func ("/pw/walkthrough/navigation", test_navigation);
  g_test_add_func ("/pw/walkthrough/strip", test_strip);
  g_test_add_func ("/pw/walkthrough/toggle", test_toggle);
  g_test_add_func ("/pw/walkthrough/mouse-tick", test_mouse_tick);
  g_test_add_func ("/pw/walkthrough/small-window", test_small_window);
  g_test_add_func ("/pw/walkthrough/dark-strip", test_dark_strip);
  g_test_add_func ("/pw/walkthrough/zoom", test_zoom);
  g_test_add_func ("/pw/walkthrough/markup-is-literal", test_markup_is_literal);
  g_test_add_func ("/pw/walkthrough/no-steps", test_no_steps);
  g_test_add_func ("/pw/walkthrough/plan-changes", test_plan_changes);
  g_test_add_func ("/pw/walkthrough/keys", test_keys);
  g_test_add_func ("/pw/walkthrough/screenshots", test_screenshots);

  return g_test_run ();
}
