/* pw-screenshooter.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <gtksourceview/gtksource.h>

#include "pw-coverage-page.h"
#include "pw-fake-provider.h"
#include "pw-new-plan-dialog.h"
#include "pw-notes-revision.h"
#include "pw-plan-page-private.h"
#include "pw-plan-queue.h"
#include "pw-walkthrough-window.h"
#include "pw-window-private.h"

/* Renders the README and metainfo screenshots: a copy of the bundled example
 * repository in a 1280×800 window, in the states a user sees. Each window is
 * rendered by GTK itself into a PNG, so the pictures do not depend on a
 * window manager. Run it through tools/screenshots (under Xvfb).
 *
 * PW_SCREENSHOT_SIZE (WIDTHxHEIGHT) asks for another window size, and
 * PW_LOCALEDIR points gettext at the build's translations, so that LANGUAGE
 * picks them without an install. */

static void
window_size (int *width,
             int *height)
{
  const char *size = g_getenv ("PW_SCREENSHOT_SIZE");

  *width = 1280;
  *height = 800;
  if (size != NULL && sscanf (size, "%dx%d", width, height) != 2)
    g_error ("PW_SCREENSHOT_SIZE is WIDTHxHEIGHT, not %s", size);
}

static void
bind_translations (void)
{
  const char *localedir = g_getenv ("PW_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
save_window (GtkWindow  *window,
             const char *dir,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));

  spin (400);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);
  g_print ("%s (%d×%d)\n", path, width, height);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type))
        return GTK_WINDOW (item);
    }

  return NULL;
}

static char *
copy_example (const char *source_root)
{
  g_autofree char *example = g_build_filename (source_root, "examples", "shelfie", NULL);
  g_autofree char *dir = g_dir_make_tmp ("pw-shots-XXXXXX", NULL);
  g_autofree char *command = g_strdup_printf ("cp -a '%s/.' '%s/shelfie'", example, dir);
  g_autofree char *mkdir = g_build_filename (dir, "shelfie", NULL);

  g_mkdir_with_parents (mkdir, 0755);
  if (!g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL))
    g_error ("Could not copy the example");

  return g_steal_pointer (&mkdir);
}

static void
queue_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;

  pw_plan_queue_run_finish (PW_PLAN_QUEUE (source), result, NULL);
  *done = TRUE;
}

/* Ticks the first @n steps of a plan file. */
static void
tick_steps (const char *repo,
            const char *relative,
            guint       n)
{
  g_autofree char *path = g_build_filename (repo, relative, NULL);
  g_autofree char *text = NULL;
  char *mark;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return;
  for (mark = strstr (text, "[ ]"); mark != NULL && n > 0; mark = strstr (mark, "[ ]"), n--)
    mark[1] = 'x';
  g_file_set_contents (path, text, -1, NULL);
}

/* For the Coverage page: offline plans for some endpoints, a few steps
 * ticked, and one plan made stale by an edit of its endpoint's section. */
static void
plan_some_endpoints (PwWindow   *window,
                     const char *repo)
{
  static const char * const keys[] = {
    "POST /api/books", "GET /api/books/{id}", "PATCH /api/books/{id}", "DELETE /api/books/{id}",
    "GET /api/borrowers", "POST /api/borrowers", "GET /api/loans", "POST /api/loans", NULL,
  };
  static const guint ticks[] = { 7, 4, 2, 0, 7, 3, 1, 0 };
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwPlanQueue) queue = NULL;
  g_autofree char *api = g_build_filename (repo, ".ai", "api-plan.md", NULL);
  g_autofree char *text = NULL;
  g_autofree char *edited = NULL;
  gboolean done = FALSE;
  char *heading;

  spec->template_id = g_strdup ("endpoints-plan");
  spec->provider_kind = g_strdup ("offline");
  queue = pw_plan_queue_new (window->workspace, spec, keys);
  pw_plan_queue_run_async (queue, NULL, queue_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < pw_plan_queue_get_n_items (queue); i++)
    {
      if (pw_plan_queue_write_item (queue, i, TRUE, NULL))
        tick_steps (repo, pw_plan_queue_get_item (queue, i)->target_path, ticks[i]);
    }

  if (!g_file_get_contents (api, &text, NULL, NULL)
      || (heading = strstr (text, "#### DELETE /api/books/{id}\n")) == NULL)
    g_error ("No DELETE /api/books/{id} in the example");
  heading += strlen ("#### DELETE /api/books/{id}\n");
  edited = g_strdup_printf ("%.*s\nSoft delete: the book is hidden for 30 days first.\n%s",
                            (int) (heading - text), text, heading);
  g_file_set_contents (api, edited, -1, NULL);
}

/* 5. Notes on the plan, beside their steps and in the notes panel; 6. the
 * revision they ask for, compared with the plan. The model is a scripted
 * one (the tests' fake provider) that rewrites step 4 and the Error
 * Handling section. */
static void
shoot_notes (PwPlanPage  *page,
             PwWorkspace *workspace,
             const char  *out,
             int          width,
             int          height)
{
  PwPlan *plan = pw_plan_page_get_plan (page);
  g_autoptr(PwPlanSpec) spec = pw_plan_spec_new ();
  g_autoptr(PwRevision) revision = NULL;
  g_autoptr(FakeProvider) fake = NULL;
  g_autofree char *answer = NULL;
  const char *text = pw_plan_get_text (plan, NULL);
  const char *step4 = strstr (text, "4. [ ] Implement");
  GtkWidget *window;

  pw_plan_notes_add_step (page->notes, plan, 3, "Use keyset pagination, not offset", NULL);
  pw_plan_notes_add_step (page->notes, plan, 6, "Run it against the staging data too", NULL);
  pw_plan_notes_add_parsed (page->notes, plan, "section 6. Error Handling: add 422 for an unknown tag",
                            NULL);
  pw_plan_view_scroll_to_line (pw_plan_page_get_plan_view (page),
                               pw_plan_get_step (plan, pw_plan_get_n_steps (plan) - 1)->line + 2);
  spin (800);
  save_window (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))), out, "notes.png");

  if (step4 == NULL || strstr (step4, "\n5.") == NULL)
    g_error ("The example plan changed: no steps 4 and 5");
  answer = g_strdup_printf ("%.*s4. Implement `listBooks` with keyset pagination on "
                            "(sort key, id), never OFFSET; filters and sort as before.\n%s",
                            (int) (step4 - text), text, strstr (step4, "\n5.") + 1);
  revision = pw_revision_new (text, NULL, page->notes, NULL, NULL);
  fake = fake_provider_new (answer, FAKE_COMPLETE, 0);
  fake->chunk = 4096;
  spec->provider = g_object_ref (PW_PROVIDER (fake));
  window = pw_notes_revision_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))),
                                  workspace, spec, revision);
  /* As big as the main window: at 800×600 it must fit the same screen. */
  gtk_window_set_default_size (GTK_WINDOW (window), MIN (width, 1100), MIN (height, 700));
  gtk_window_present (GTK_WINDOW (window));
  spin (600);
  save_window (GTK_WINDOW (window), out, "revision-request.png");
  gtk_widget_activate_action (window, "revision.send", NULL);
  while (g_strcmp0 (pw_notes_revision_get_stage (PW_NOTES_REVISION (window)), "compare") != 0)
    g_main_context_iteration (NULL, TRUE);
  spin (600);
  save_window (GTK_WINDOW (window), out, "revision.png");
  gtk_window_destroy (GTK_WINDOW (window));
}


int
main (int   argc,
      char *argv[])
{
  g_autofree char *repo = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  const char *plan_path = ".ai/get-books-implementation-plan.md";
  const char *out;
  PwWindow *window;
  PwPlanPage *page;
  PwPlan *plan;
  GtkWindow *dialog;
  int width;
  int height;

  if (argc != 3)
    {
      g_printerr ("usage: %s SOURCE_ROOT OUTPUT_DIR\n", argv[0]);
      return 2;
    }
  out = argv[2];
  window_size (&width, &height);
  bind_translations ();

  gtk_init ();
  adw_init ();
  gtk_source_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  if (g_getenv ("PW_SCREENSHOT_DARK") != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);

  /* What AdwApplication loads for the app from its resource base path. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/planwright/Planwright/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  repo = copy_example (argv[1]);
  folder = g_file_new_for_path (repo);

  window = g_object_new (PW_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  if (!pw_window_open (window, folder, &error))
    g_error ("%s", error->message);

  /* 1. The repository: its planning documents. */
  adw_view_stack_set_visible_child_name (window->panes, "api-spec");
  spin (1500);
  save_window (GTK_WINDOW (window), out, "repository.png");

  /* 2. The wizard, on the subject page with an endpoint chosen. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-plan", NULL);
  spin (300);
  dialog = find_toplevel (PW_TYPE_NEW_PLAN_DIALOG);
  if (dialog == NULL)
    g_error ("No wizard");
  pw_new_plan_dialog_select_template (PW_NEW_PLAN_DIALOG (dialog), "feature-plan");
  pw_new_plan_dialog_set_page (PW_NEW_PLAN_DIALOG (dialog), "subject");
  pw_new_plan_dialog_select_endpoint (PW_NEW_PLAN_DIALOG (dialog), "POST /api/books", TRUE);
  spin (600);
  save_window (dialog, out, "wizard.png");
  gtk_window_destroy (dialog);

  /* 3. A rendered plan with some steps ticked. */
  page = pw_window_get_plan_page (window);
  adw_view_stack_set_visible_child_name (window->panes, "plans");
  if (!pw_plan_page_open_file (page, plan_path, &error))
    g_error ("%s", error->message);
  while (pw_plan_page_get_loading (page))
    g_main_context_iteration (NULL, TRUE);
  plan = pw_plan_page_get_plan (page);
  if (plan == NULL)
    g_error ("The plan did not open");
  for (guint i = 0; i < pw_plan_get_n_steps (plan) && i < 3; i++)
    pw_plan_page_toggle_step (page, i, TRUE);
  spin (800);
  /* Scrolling brings a line into view at the bottom: aim at the last step
   * so the steps show. */
  if (pw_plan_get_n_steps (plan) > 0)
    {
      const PwPlanStep *last = pw_plan_get_step (plan, pw_plan_get_n_steps (plan) - 1);

      pw_plan_view_scroll_to_line (pw_plan_page_get_plan_view (page), last->line + 2);
      spin (800);
    }
  save_window (GTK_WINDOW (window), out, "plan.png");

  /* 4. Walkthrough mode on the first open step. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.walkthrough", NULL);
  spin (300);
  dialog = find_toplevel (PW_TYPE_WALKTHROUGH_WINDOW);
  if (dialog == NULL)
    g_error ("No walkthrough");
  gtk_window_unfullscreen (dialog);
  gtk_window_set_default_size (dialog, width, height);
  pw_walkthrough_window_set_step (PW_WALKTHROUGH_WINDOW (dialog), 3);
  spin (800);
  save_window (dialog, out, "walkthrough.png");
  gtk_window_destroy (dialog);

  /* 5. The Coverage page, with some endpoints planned and one plan stale. */
  plan_some_endpoints (window, repo);
  adw_view_stack_set_visible_child_name (window->panes, "coverage");
  while (pw_coverage_page_get_loading (pw_window_get_coverage_page (window)))
    g_main_context_iteration (NULL, TRUE);
  spin (800);
  save_window (GTK_WINDOW (window), out, "coverage.png");

  /* 6. Back on the Plans page for the notes. */
  adw_view_stack_set_visible_child_name (window->panes, "plans");
  shoot_notes (page, pw_window_get_workspace (window), out, width, height);

  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}
