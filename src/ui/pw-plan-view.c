/* pw-plan-view.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-plan-view"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "pw-block-list.h"
#include "pw-block-row.h"
#include "pw-export.h"
#include "pw-notes-marks.h"
#include "pw-plan-view.h"
#include "pw-plan-view-private.h"

/*
 * The blocks of the plan are a PwBlockList (the core's incremental block
 * model: while the plan streams only the tail is parsed again, any other
 * change splices only the blocks that differ, a growing block keeps its
 * place), so a tick re-binds one row. The view adds what costs frames: which
 * of the blocks the list has, rows only for visible blocks, placeholders
 * far from the screen, and following the end.
 *
 * GTK 4.8's GtkListView keeps about 200 rows alive around its anchor, however
 * few fit on screen, and building and measuring a row costs about a
 * millisecond. So a big plan does not reach the list all at once: the list
 * shows a slice of the blocks, first FIRST_ROWS of them (more than a screen
 * holds) at the end the view shows, then FILL_STEP more each frame (binding
 * and measuring their rows is the frame's work), until FILL_WINDOW blocks
 * are in, from where on the rest costs no rows and comes in at once.
 * pw_plan_view_flush() ends the fill.
 *
 * A stream may come faster than rows can be built: each update gives the
 * list (through @shown, a slice of the block model's first blocks) at most
 * a frame's share of new blocks, and when more arrived the view catches up
 * over the next frames (the text shows with a lag instead of frames taking
 * longer). The share starts at NEW_BLOCKS_PER_FRAME and follows what
 * catching-up frames cost on this machine, between 1 and
 * MAX_BLOCKS_PER_FRAME. A model streams a few hundred bytes a second, far
 * below that; pw_plan_view_flush() applies everything at once.
 */

#define N_CURRENT 3
#define FOLLOW_SLACK 8.0
#define FIRST_ROWS 40
#define FILL_WINDOW 256
#define FILL_STEP 3
/* Rows on screen, HOT_BEFORE before them and HOT_AFTER after them show
 * their block; the others of the ~200 that GTK 4.8's list keeps bound are
 * placeholders of the block's height. HOT_SLACK more on each side before a
 * shown row gives its widgets up, so small scrolls do not churn. */
#define HOT_BEFORE 10
#define HOT_AFTER 20
#define HOT_SLACK 20
#define NEW_BLOCKS_PER_FRAME 4
#define MAX_BLOCKS_PER_FRAME 6
/* A catching-up frame (update, layout, paint) over FRAME_HIGH_US takes one
 * block less next time, one under FRAME_LOW_US one more. */
#define FRAME_HIGH_US 9500
#define FRAME_LOW_US 5500

struct _PwPlanView
{
  GtkWidget          parent_instance;

  /* children */
  GtkWidget         *header;
  GtkProgressBar    *progress;
  GtkLabel          *progress_label;
  GtkExpander       *analysis;   /* (owned) shown in the list's first row */
  GtkBox            *analysis_box;
  char              *analysis_text; /* (nullable) what analysis_box shows */
  GtkScrolledWindow *scroller;
  GtkListView       *list;

  /* owned */
  PwPlan            *plan;       /* (nullable) */
  PwBlockList       *blocks;     /* the plan's blocks */
  GtkSliceListModel *shown;      /* the first of @blocks: those the list has */
  GtkSliceListModel *slice;      /* what the list shows of @shown while filling */
  GListStore        *head;       /* the analysis' item, before the blocks, or none */
  GHashTable        *languages;  /* code block language → GtkSourceBuffer using it */
  GHashTable        *rows;       /* GtkListItem set: bound rows */
  GQueue             to_prepare; /* char *: languages to load in idle time */
  PwPlanNotes       *notes;      /* (nullable) shown on their steps and sections */
  PwNotesMarks      *marks;      /* (nullable) where the notes are, for the plan's serial */
  guint              marks_serial;
  gsize              marks_length;

  /* state */
  gint               current[N_CURRENT];
  gint               focus_step;     /* step whose check gets the focus once built, or -1 */
  guint              update_id;
  guint              catch_up_id;    /* tick callback while behind the stream */
  guint              share;          /* new blocks a frame adds, see the top */
  gint64             catch_up_start; /* when this frame's catch-up began, or 0 */
  guint              prepare_id;
  guint              fill_id;
  guint              top;            /* position of the first row on screen */
  guint              bottom;         /* position of the last row on screen */
  gulong             layout_id;      /* on the frame clock, while realized */
  gulong             after_paint_id;
  GdkFrameClock     *clock;          /* (nullable) (unowned) */
  guint              rows_dirty : 1; /* scrolled or rebound since the last look */
  guint              follow_end : 1;
  guint              scrolling : 1;
  guint              anchoring : 1;  /* the list moves to the end this frame */
  guint              syncing : 1;
  guint              fill_from_end : 1;
  guint              behind : 1;     /* blocks of the stream not in the list yet */
};

G_DEFINE_FINAL_TYPE (PwPlanView, pw_plan_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLAN,
  PROP_FOLLOW_END,
  N_PROPS
};

enum {
  STEP_TOGGLED,
  NOTE_REQUESTED,
  TEXT_NOTE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_update (PwPlanView *self);
static void focus_pending_step (PwPlanView *self);
static void sync_rows (PwPlanView *self);
static void set_follow_end (PwPlanView *self,
                            gboolean    follow);

/* Rows */

/* Items before the blocks in the list: the analysis, if the plan has one. */
static guint
head_size (PwPlanView *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->head));
}

static const char *
title_class (guint level)
{
  static const char * const classes[] = { "title-1", "title-2", "title-3", "title-4" };

  return classes[CLAMP (level, 1, 4) - 1];
}

static gboolean
activate_link_cb (GtkLabel   *label,
                  const char *uri,
                  gpointer    user_data)
{
  /* Only web links open, and only from a click; anything else is text. */
  if (g_ascii_strncasecmp (uri, "http://", 7) == 0 || g_ascii_strncasecmp (uri, "https://", 8) == 0)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (label));

      gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
    }
  else
    {
      g_debug ("Not opening a non-web link");
    }

  return TRUE;
}

/* A wrapping label of the plan's text. It can be selected with the mouse
 * but takes no keyboard focus: Tab goes to the steps and the keys scroll,
 * no caret stops in a paragraph. */
static GtkWidget *
text_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_focusable (label, FALSE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);

  return label;
}

static GtkWidget *
markup_label (const char *markup)
{
  GtkWidget *label = text_label (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  g_signal_connect (label, "activate-link", G_CALLBACK (activate_link_cb), NULL);

  return label;
}

static void
apply_scheme (GtkSourceBuffer *buffer)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();

  gtk_source_buffer_set_style_scheme (buffer,
    gtk_source_style_scheme_manager_get_scheme (schemes, dark ? "Adwaita-dark" : "Adwaita"));
}

/* Looking a language up by file name is slow, and so is loading its
 * definition, which GtkSourceView drops with the last buffer using it (when
 * the rows of a plan go, or scroll away): the view keeps one idle buffer per
 * language it has shown. */
static GtkSourceLanguage *
find_language (PwPlanView *self,
               const char *lang)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage *language;
  GtkSourceBuffer *keep;
  g_autofree char *lower = NULL;
  g_autofree char *name = NULL;

  if (lang == NULL || *lang == '\0')
    return NULL;
  keep = g_hash_table_lookup (self->languages, lang);
  if (keep != NULL)
    return gtk_source_buffer_get_language (keep);

  lower = g_ascii_strdown (lang, -1);
  name = g_strconcat ("x.", lower, NULL);
  language = gtk_source_language_manager_get_language (languages, lower);
  if (language == NULL)
    language = gtk_source_language_manager_guess_language (languages, name, NULL);
  /* An unknown language (```mermaid) is remembered as a buffer without
   * one: the code shows plain, and the name is not looked up again. */
  keep = language != NULL ? gtk_source_buffer_new_with_language (language)
                          : gtk_source_buffer_new (NULL);
  g_hash_table_insert (self->languages, g_strdup (lang), keep);

  return language;
}

/* The idle buffer kept for @lang (see find_language()), or NULL. */
static GtkSourceBuffer *
language_buffer (PwPlanView *self,
                 const char *lang)
{
  GtkSourceBuffer *buffer;

  if (find_language (self, lang) == NULL)
    return NULL;
  buffer = g_hash_table_lookup (self->languages, lang);
  if (gtk_source_buffer_get_style_scheme (buffer) == NULL)
    apply_scheme (buffer);

  return buffer;
}

/* One language per idle call: loading a definition takes up to ~100 ms
 * (TypeScript), and the first highlight compiles its rules. */
static gboolean
prepare_cb (gpointer user_data)
{
  PwPlanView *self = user_data;
  g_autofree char *lang = g_queue_pop_head (&self->to_prepare);
  GtkSourceBuffer *buffer = lang != NULL ? language_buffer (self, lang) : NULL;

  if (buffer != NULL)
    {
      GtkTextIter start, end;

      gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), "x = \"x\"; // x\n", -1);
      gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
      gtk_source_buffer_ensure_highlight (buffer, &start, &end);
    }

  if (!g_queue_is_empty (&self->to_prepare))
    return G_SOURCE_CONTINUE;
  self->prepare_id = 0;

  /* The faces a plan's text uses (heading weights and sizes, bold,
   * italic, monospace) load on first use too: measure a sample of each. */
  for (guint i = 0; i < 5; i++)
    {
      static const char * const classes[] = { "title-1", "title-2", "title-3", "title-4",
                                              "monospace" };
      GtkWidget *sample = g_object_ref_sink (markup_label ("Aa <b>Aa</b> <i>Aa</i> <tt>Aa</tt> ☐☑"));
      int min, nat;

      gtk_widget_add_css_class (sample, classes[i]);
      gtk_widget_measure (sample, GTK_ORIENTATION_VERTICAL, 200, &min, &nat, NULL, NULL);
      g_object_unref (sample);
    }

  return G_SOURCE_REMOVE;
}

static void
add_attribute (PangoAttrList  *attrs,
               PangoAttribute *attr,
               guint           start,
               guint           end)
{
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}

/* Pango attributes for the style tags GtkSourceView's highlighter put on
 * [@start, @end) (in priority order, so later ones win). */
static void
add_tag_attributes (PangoAttrList *attrs,
                    GSList        *tags,
                    guint          start,
                    guint          end)
{
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      gboolean fg_set, bg_set, weight_set, style_set, underline_set, strike_set;
      g_autoptr(GdkRGBA) fg = NULL;
      g_autoptr(GdkRGBA) bg = NULL;
      int weight, underline;
      PangoStyle style;
      gboolean strike;

      g_object_get (l->data,
                    "foreground-set", &fg_set, "foreground-rgba", &fg,
                    "background-set", &bg_set, "background-rgba", &bg,
                    "weight-set", &weight_set, "weight", &weight,
                    "style-set", &style_set, "style", &style,
                    "underline-set", &underline_set, "underline", &underline,
                    "strikethrough-set", &strike_set, "strikethrough", &strike,
                    NULL);
      if (fg_set && fg != NULL)
        add_attribute (attrs, pango_attr_foreground_new (fg->red * 65535, fg->green * 65535,
                                                         fg->blue * 65535), start, end);
      if (bg_set && bg != NULL)
        add_attribute (attrs, pango_attr_background_new (bg->red * 65535, bg->green * 65535,
                                                         bg->blue * 65535), start, end);
      if (weight_set)
        add_attribute (attrs, pango_attr_weight_new (weight), start, end);
      if (style_set)
        add_attribute (attrs, pango_attr_style_new (style), start, end);
      if (underline_set)
        add_attribute (attrs, pango_attr_underline_new (underline), start, end);
      if (strike_set)
        add_attribute (attrs, pango_attr_strikethrough_new (strike), start, end);
    }
}

/* Shows @block's code in @label, highlighted by GtkSourceView for its
 * language: the code goes through the language's idle buffer, and the style
 * tags the highlighter puts on it become the label's attributes. A label
 * costs a fraction of a GtkSourceView, and a growing block only changes
 * its text. */
static void
show_code (PwPlanView *self,
           GtkLabel   *label,
           PwBlock    *block)
{
  GtkSourceBuffer *buffer = language_buffer (self, pw_block_get_language (block));
  const char *text = pw_block_get_text (block);
  gsize len = strlen (text);
  g_autofree char *shown = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;
  GtkTextIter iter, end;
  const char *at;
  gint offset = 0;

  /* The block's text ends with the last line's newline. */
  if (len > 0 && text[len - 1] == '\n')
    len--;
  shown = g_strndup (text, len);
  gtk_label_set_text (label, shown);
  if (buffer == NULL)
    {
      gtk_label_set_attributes (label, NULL);
      return;
    }

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), shown, (int) len);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &iter, &end);
  gtk_source_buffer_ensure_highlight (buffer, &iter, &end);

  attrs = pango_attr_list_new ();
  at = shown;
  while (!gtk_text_iter_is_end (&iter))
    {
      GtkTextIter next = iter;
      g_autoptr(GSList) tags = gtk_text_iter_get_tags (&iter);
      const char *next_at;

      gtk_text_iter_forward_to_tag_toggle (&next, NULL);
      next_at = g_utf8_offset_to_pointer (at, gtk_text_iter_get_offset (&next) - offset);
      if (tags != NULL)
        add_tag_attributes (attrs, tags, at - shown, next_at - shown);
      offset = gtk_text_iter_get_offset (&next);
      at = next_at;
      iter = next;
    }
  gtk_label_set_attributes (label, attrs);
  /* The buffer only lends its highlighter. */
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), "", 0);
}

static GtkWidget *
code_widget (PwPlanView *self,
             PwBlock    *block)
{
  GtkWidget *label = markup_label ("");

  gtk_widget_add_css_class (label, "pw-code");
  gtk_widget_add_css_class (label, "monospace");
  show_code (self, GTK_LABEL (label), block);

  return label;
}

/* A cell wraps only when its text is long: a wrapping label measures its
 * width by laying its text out twice more, and most cells are a word or
 * two. Long ones wrap between 12 and 48 characters. */
static void
set_cell_markup (GtkLabel   *cell,
                 const char *markup)
{
  gboolean long_text = g_utf8_strlen (markup, -1) > 48;

  gtk_label_set_markup (cell, markup);
  gtk_label_set_wrap (cell, long_text);
  gtk_label_set_width_chars (cell, long_text ? 12 : -1);
  gtk_label_set_max_width_chars (cell, long_text ? 48 : -1);
}

/* Brings @grid's cells to @block's: changed cells get their new markup,
 * new rows are added, rows gone are removed. */
static void
fill_table (GtkGrid *grid,
            PwBlock *block)
{
  guint rows = pw_block_get_n_rows (block);
  guint columns = pw_block_get_n_columns (block);

  for (guint r = 0; r < rows; r++)
    {
      for (guint c = 0; c < columns; c++)
        {
          const char *markup = pw_block_get_cell_markup (block, r, c);
          GtkWidget *cell = gtk_grid_get_child_at (grid, c, r);

          /* A label keeps the markup it was given as its label. */
          if (cell != NULL)
            {
              if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (cell)), markup) != 0)
                set_cell_markup (GTK_LABEL (cell), markup);
              continue;
            }
          cell = markup_label (markup);
          gtk_widget_set_hexpand (cell, FALSE);
          set_cell_markup (GTK_LABEL (cell), markup);
          gtk_widget_add_css_class (cell, "pw-cell");
          if (r == 0)
            gtk_widget_add_css_class (cell, "pw-header-cell");
          gtk_grid_attach (grid, cell, c, r, 1, 1);
        }
    }
  while (columns > 0 && gtk_grid_get_child_at (grid, 0, rows) != NULL)
    gtk_grid_remove_row (grid, rows);
}

static GtkWidget *
table_widget (PwBlock *block)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_add_css_class (grid, "pw-table");
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  fill_table (GTK_GRID (grid), block);

  return grid;
}

static gboolean
step_done (PwPlanView *self,
           gint        step)
{
  if (self->plan == NULL || step < 0 || (guint)step >= pw_plan_get_n_steps (self->plan))
    return FALSE;

  return pw_plan_get_step (self->plan, step)->done;
}

static gboolean
step_is_current (PwPlanView *self,
                 gint        step)
{
  for (guint i = 0; i < N_CURRENT; i++)
    {
      if (step >= 0 && self->current[i] == step)
        return TRUE;
    }

  return FALSE;
}

static void
check_toggled_cb (GtkCheckButton *check,
                  PwPlanView     *self)
{
  gint step = pw_block_row_get_step (PW_BLOCK_ROW (gtk_widget_get_parent (GTK_WIDGET (check))));
  gboolean active = gtk_check_button_get_active (check);

  if (self->syncing || step < 0)
    return;

  g_signal_emit (self, signals[STEP_TOGGLED], 0, (guint)step, active);

  /* The owner applies the change to the plan (or not): show the plan. */
  self->syncing = TRUE;
  gtk_check_button_set_active (check, step_done (self, step));
  self->syncing = FALSE;
}

/* ------------------------------------------------------------------ */
/* Notes                                                               */
/* ------------------------------------------------------------------ */

/* The marks of the notes, found again when the plan changed. */
static PwNotesMarks *
ensure_marks (PwPlanView *self)
{
  gsize length = 0;

  if (self->notes == NULL || self->plan == NULL)
    return NULL;

  pw_plan_get_text (self->plan, &length);
  if (self->marks == NULL || self->marks_serial != pw_plan_get_edit_serial (self->plan)
      || self->marks_length != length)
    {
      g_clear_pointer (&self->marks, pw_notes_marks_free);
      self->marks = pw_notes_marks_new (self->notes, self->plan);
      self->marks_serial = pw_plan_get_edit_serial (self->plan);
      self->marks_length = length;
    }

  return self->marks;
}

/* The note button of a step's or a section's row: shown on hover, or all
 * the time with the notes' text as its tooltip when there are some; the
 * row stands out while one of them is open. */
static void
sync_note_button (PwPlanView *self,
                  PwBlockRow *row)
{
  GtkWidget *button = pw_block_row_get_suffix (row);
  gint step = pw_block_row_get_step (row);
  gint section = pw_block_row_get_section (row);
  const char *text = NULL;
  gboolean open = FALSE;
  guint count;

  if (button == NULL)
    return;

  count = pw_notes_marks_lookup (ensure_marks (self), step < 0, step < 0 ? section : step,
                                 &text, &open);
  if (count > 0)
    {
      gtk_widget_add_css_class (button, "has-notes");
      gtk_widget_set_tooltip_text (button, text);
    }
  else
    {
      gtk_widget_remove_css_class (button, "has-notes");
      gtk_widget_set_tooltip_text (button, step >= 0 ? _("Add a note to the step (N)")
                                                     : _("Add a note to the section"));
    }
  if (open)
    gtk_widget_add_css_class (GTK_WIDGET (row), "open-note");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "open-note");
}

static void
note_clicked_cb (GtkButton  *button,
                 PwPlanView *self)
{
  PwBlockRow *row = PW_BLOCK_ROW (gtk_widget_get_parent (GTK_WIDGET (button)));

  g_signal_emit (self, signals[NOTE_REQUESTED], 0, pw_block_row_get_step (row),
                 pw_block_row_get_section (row));
}

/* The section a heading block starts, or -1. */
static gint
block_section (PwPlanView *self,
               PwBlock    *block)
{
  if (pw_block_get_kind (block) != PW_BLOCK_HEADING || self->plan == NULL)
    return -1;

  for (guint i = 0; i < pw_plan_get_n_sections (self->plan); i++)
    {
      if (pw_plan_get_section (self->plan, i)->offset == pw_block_get_start (block))
        return i;
    }

  return -1;
}

/* A step's or a section's row gets the button that adds a note. */
static void
add_note_button (PwPlanView *self,
                 PwBlockRow *row,
                 PwBlock    *block)
{
  GtkWidget *button;

  pw_block_row_set_section (row, block_section (self, block));
  if (pw_block_row_get_step (row) < 0 && pw_block_row_get_section (row) < 0)
    return;

  button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "pw-note-button");
  gtk_widget_set_focusable (button, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  pw_block_row_get_step (row) >= 0
                                  ? _("Add a note to the step") : _("Add a note to the section"),
                                  -1);
  g_signal_connect (button, "clicked", G_CALLBACK (note_clicked_cb), self);
  pw_block_row_set_suffix (row, button);
}

/* The label of a shown row with selected text, and the row's block. */
static GtkLabel *
selected_label (PwPlanView  *self,
                PwBlock    **block)
{
  GHashTableIter iter;
  gpointer item;
  int start, end;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      GtkWidget *content = pw_block_row_get_content (PW_BLOCK_ROW (gtk_list_item_get_child (item)));

      if (PW_IS_BLOCK (gtk_list_item_get_item (item)) && GTK_IS_LABEL (content)
          && gtk_label_get_selection_bounds (GTK_LABEL (content), &start, &end) && start != end)
        {
          *block = gtk_list_item_get_item (item);
          return GTK_LABEL (content);
        }
    }

  return NULL;
}

/* "Add a Note to the Selection" in the context menu of a selected text. */
static void
note_selection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PwPlanView *self = PW_PLAN_VIEW (widget);
  gsize start, end;

  if (pw_plan_view_get_selected_span (self, &start, &end))
    g_signal_emit (self, signals[TEXT_NOTE_REQUESTED], 0, (guint64) start, (guint64) end);
}

/* The plan's text, selected, takes a note from its context menu. */
static void
add_selection_menu (GtkWidget *content)
{
  g_autoptr(GMenu) menu = NULL;

  if (!GTK_IS_LABEL (content))
    return;

  menu = g_menu_new ();
  g_menu_append (menu, _("Add a Note to the Selection"), "plan-view.note-selection");
  gtk_label_set_extra_menu (GTK_LABEL (content), G_MENU_MODEL (menu));
}

static void
notes_changed_cb (PwPlanView *self)
{
  g_clear_pointer (&self->marks, pw_notes_marks_free);
  sync_rows (self);
}

/* Sets the step state of a bound row: check, current batch, done. */
static void
sync_row (PwPlanView *self,
          GtkWidget  *row)
{
  gint step = pw_block_row_get_step (PW_BLOCK_ROW (row));
  GtkCheckButton *check;
  gboolean done;

  sync_note_button (self, PW_BLOCK_ROW (row));
  if (step < 0)
    return;

  check = GTK_CHECK_BUTTON (pw_block_row_get_prefix (PW_BLOCK_ROW (row)));
  done = step_done (self, step);
  self->syncing = TRUE;
  gtk_check_button_set_active (check, done);
  self->syncing = FALSE;

  if (step_is_current (self, step))
    gtk_widget_add_css_class (row, "current-step");
  else
    gtk_widget_remove_css_class (row, "current-step");
  if (done)
    gtk_widget_add_css_class (row, "done-step");
  else
    gtk_widget_remove_css_class (row, "done-step");
}

static void
clear_row (GtkWidget *row)
{
  pw_block_row_clear (PW_BLOCK_ROW (row));
  gtk_widget_set_css_classes (row, (const char *[]) { "pw-block", NULL });
}

/* A step's check button, or a list item's marker, or nothing. */
static GtkWidget *
prefix_widget (PwPlanView *self,
               PwBlock    *block)
{
  gint step = pw_block_get_step (block);
  const char *marker = pw_block_get_marker (block);
  GtkWidget *prefix;

  if (step >= 0)
    {
      prefix = gtk_check_button_new ();
      gtk_widget_set_valign (prefix, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (prefix), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      pw_plan_get_step (self->plan, step)->text, -1);
      gtk_widget_set_tooltip_text (prefix, _("Mark the step done"));
      g_signal_connect (prefix, "toggled", G_CALLBACK (check_toggled_cb), self);
      return prefix;
    }
  if (pw_block_get_kind (block) != PW_BLOCK_LIST_ITEM)
    return NULL;

  if (pw_block_get_task (block) == PW_BLOCK_TASK_OPEN)
    marker = "☐";
  else if (pw_block_get_task (block) == PW_BLOCK_TASK_DONE)
    marker = "☑";
  prefix = gtk_label_new (marker);
  gtk_widget_set_valign (prefix, GTK_ALIGN_START);
  gtk_widget_set_size_request (prefix, 20, -1);
  gtk_label_set_xalign (GTK_LABEL (prefix), 1.0);
  gtk_widget_add_css_class (prefix, "pw-marker");

  return prefix;
}

/* A provenance comment as a line to read: model, template, date, inputs. */
static char *
describe_provenance (PwProvenanceRecord *record)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) inputs = g_string_new (NULL);

  /* Translators: the model that wrote an exported plan, e.g. "Generated by gpt-4o" */
  if (record->model != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("Generated by %s"), record->model));
  /* Translators: the template an exported plan followed, e.g. "template endpoints-plan" */
  if (record->template_id != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("template %s"), record->template_id));
  if (record->date != NULL)
    g_ptr_array_add (parts, g_strndup (record->date, 10));
  for (guint i = 0; record->inputs != NULL && record->inputs[i] != NULL; i++)
    {
      const char *colon = strchr (record->inputs[i], ':');

      if (inputs->len > 0)
        g_string_append (inputs, ", ");
      g_string_append_len (inputs, record->inputs[i],
                           colon != NULL ? colon - record->inputs[i] : -1);
    }
  /* Translators: the repository's documents a plan was made from, e.g. "from prd, tech-stack" */
  if (inputs->len > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("from %s"), inputs->str));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* What an HTML block shows, always as text: the provenance comment of an
 * exported plan as a short header, any other comment as a note without its
 * marks (both set @note), other HTML as written. */
static char *
html_text (PwBlock  *block,
           gboolean *note)
{
  const char *text = pw_block_get_text (block);
  g_autoptr(PwProvenanceRecord) record = NULL;
  g_autofree char *comment = NULL;
  char *end;

  while (*text == ' ')
    text++;
  *note = g_str_has_prefix (text, "<!--");
  if (!*note)
    return g_strdup (pw_block_get_text (block));

  record = pw_export_read_provenance (text, -1);
  if (record != NULL)
    return describe_provenance (record);

  comment = g_strdup (text + strlen ("<!--"));
  end = strstr (comment, "-->");
  if (end != NULL)
    *end = '\0';

  return g_strdup (g_strstrip (comment));
}

static GtkWidget *
html_widget (PwBlock *block)
{
  gboolean note = FALSE;
  g_autofree char *text = html_text (block, &note);
  GtkWidget *content = text_label (text);

  if (note)
    {
      gtk_widget_add_css_class (content, "caption");
      gtk_widget_add_css_class (content, "dim-label");
      gtk_widget_add_css_class (content, "pw-plan-note");
    }
  else
    gtk_widget_add_css_class (content, "monospace");

  return content;
}

static GtkWidget *
content_widget (PwPlanView *self,
                PwBlock    *block)
{
  GtkWidget *content;

  switch (pw_block_get_kind (block))
    {
    case PW_BLOCK_HEADING:
      content = markup_label (pw_block_get_markup (block));
      gtk_widget_add_css_class (content, title_class (pw_block_get_level (block)));
      return content;

    case PW_BLOCK_PARAGRAPH:
    case PW_BLOCK_LIST_ITEM:
      return markup_label (pw_block_get_markup (block));

    case PW_BLOCK_CODE:
      return code_widget (self, block);

    case PW_BLOCK_TABLE:
      return table_widget (block);

    case PW_BLOCK_RULE:
      content = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      gtk_widget_set_hexpand (content, TRUE);
      gtk_widget_set_valign (content, GTK_ALIGN_CENTER);
      return content;

    case PW_BLOCK_HTML:
    default:
      return html_widget (block);
    }
}

static void
build_row (PwPlanView *self,
           GtkWidget  *row,
           PwBlock    *block)
{
  PwBlockKind kind = pw_block_get_kind (block);
  guint quote = pw_block_get_quote_depth (block);

  clear_row (row);
  gtk_widget_set_margin_start (row, 28 * pw_block_get_indent (block) + 16 * quote);
  if (quote > 0)
    gtk_widget_add_css_class (row, "quote");
  if (kind == PW_BLOCK_HEADING)
    gtk_widget_add_css_class (row, "pw-heading");

  pw_block_row_set_prefix (PW_BLOCK_ROW (row), prefix_widget (self, block));
  pw_block_row_set_step (PW_BLOCK_ROW (row), pw_block_get_step (block));
  add_note_button (self, PW_BLOCK_ROW (row), block);
  pw_block_row_set_content (PW_BLOCK_ROW (row), content_widget (self, block),
                            kind != PW_BLOCK_TABLE && kind != PW_BLOCK_RULE);
  add_selection_menu (pw_block_row_get_content (PW_BLOCK_ROW (row)));
  sync_row (self, row);
}

/* @block, shown in @row, took the contents of its newer self: the row's
 * widgets take the new text, nothing is built again. */
static void
update_row (PwPlanView *self,
            GtkWidget  *row,
            PwBlock    *block)
{
  GtkWidget *content = pw_block_row_get_content (PW_BLOCK_ROW (row));
  GtkWidget *check = pw_block_row_get_step (PW_BLOCK_ROW (row)) >= 0
                     ? pw_block_row_get_prefix (PW_BLOCK_ROW (row)) : NULL;
  gint step = pw_block_get_step (block);

  if (content == NULL)
    return;

  switch (pw_block_get_kind (block))
    {
    case PW_BLOCK_HEADING:
    case PW_BLOCK_PARAGRAPH:
    case PW_BLOCK_LIST_ITEM:
      gtk_label_set_markup (GTK_LABEL (content), pw_block_get_markup (block));
      break;

    case PW_BLOCK_CODE:
      show_code (self, GTK_LABEL (content), block);
      break;

    case PW_BLOCK_TABLE:
      fill_table (GTK_GRID (content), block);
      break;

    case PW_BLOCK_HTML:
      {
        gboolean note = FALSE;
        g_autofree char *text = html_text (block, &note);

        gtk_label_set_text (GTK_LABEL (content), text);
      }
      break;

    case PW_BLOCK_RULE:
    default:
      break;
    }

  if (check != NULL && step >= 0 && self->plan != NULL
      && (guint) step < pw_plan_get_n_steps (self->plan))
    gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    pw_plan_get_step (self->plan, step)->text, -1);
}

/* A bound block took the contents of its newer self: its row follows. */
static void
block_changed_cb (PwBlock    *block,
                  PwPlanView *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      if (gtk_list_item_get_item (item) == (gpointer) block)
        {
          update_row (self, gtk_list_item_get_child (item), block);
          return;
        }
    }
}

/* Rows far from the screen */

static gboolean
is_hot (PwPlanView *self,
        guint       position,
        guint       slack)
{
  return position + HOT_BEFORE + slack >= self->top
         && position <= self->bottom + HOT_AFTER + slack;
}

static GQuark
height_quark (void)
{
  return g_quark_from_static_string ("pw-plan-view-height");
}

/* The block's height when it was last shown, or a guess from its size. */
static int
placeholder_height (PwBlock *block)
{
  gpointer known = g_object_get_qdata (G_OBJECT (block), height_quark ());
  gsize chars;

  if (known != NULL)
    return GPOINTER_TO_INT (known) - 1;

  switch (pw_block_get_kind (block))
    {
    case PW_BLOCK_CODE:
      {
        const char *text = pw_block_get_text (block);
        guint lines = 0;

        for (const char *p = text; *p != '\0'; p++)
          lines += *p == '\n';
        return 18 * MAX (lines, 1) + 16;
      }
    case PW_BLOCK_TABLE:
      return 28 * pw_block_get_n_rows (block) + 2;
    case PW_BLOCK_RULE:
      return 12;
    case PW_BLOCK_HEADING:
      return 36;
    case PW_BLOCK_PARAGRAPH:
    case PW_BLOCK_LIST_ITEM:
    case PW_BLOCK_HTML:
    default:
      /* About 110 characters a line at the default width. */
      chars = strlen (pw_block_get_markup (block));
      return 20 * (int) MAX ((chars + 109) / 110, 1);
    }
}

static void
make_placeholder (PwPlanView *self,
                  GtkWidget  *row,
                  PwBlock    *block)
{
  clear_row (row);
  pw_block_row_set_placeholder (PW_BLOCK_ROW (row), placeholder_height (block));
}

/* Following the end */

/* A finished plan is still followed while the list catches up with it:
 * a fast stream ends with the view at its end. */
static gboolean
following (PwPlanView *self)
{
  return self->follow_end && self->plan != NULL
         && (!pw_plan_get_finished (self->plan) || self->behind || self->catch_up_id != 0)
         && g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0;
}

static gboolean
at_end (PwPlanView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  return gtk_adjustment_get_value (adj) + 0.5
         >= gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
}

/* Outside the list's own adjustment updates only: the list takes a new
 * value as a new anchor row, except while it sets the value itself. */
static void
scroll_to_end (PwPlanView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->scrolling = TRUE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj)
                                 - gtk_adjustment_get_page_size (adj));
  self->scrolling = FALSE;
}

/* Makes the last block the list's anchor, aligned to the bottom, before
 * the list lays out the blocks of this update. */
static void
anchor_at_end (PwPlanView *self)
{
  guint n = head_size (self) + g_list_model_get_n_items (G_LIST_MODEL (self->slice));

  if (n == 0)
    return;
  self->anchoring = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", n - 1);
}

/* The positions of the first and last rows on screen; FALSE when no row
 * is on screen. */
static gboolean
find_screen_rows (PwPlanView *self,
                  guint      *top,
                  guint      *bottom)
{
  GHashTableIter iter;
  gpointer item;
  gboolean found = FALSE;
  double top_y = 0;
  int height = gtk_widget_get_height (GTK_WIDGET (self->list));

  *top = *bottom = 0;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      GtkWidget *row = gtk_list_item_get_child (item);
      graphene_rect_t bounds;

      /* The list hides rows far off screen and leaves their old bounds. */
      if (!gtk_widget_get_mapped (row)
          || !gtk_widget_compute_bounds (row, GTK_WIDGET (self->list), &bounds))
        continue;
      if (bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        continue;
      if (!found || bounds.origin.y < top_y)
        {
          top_y = bounds.origin.y;
          *top = gtk_list_item_get_position (item);
        }
      *bottom = MAX (*bottom, gtk_list_item_get_position (item));
      found = TRUE;
    }

  return found;
}

/* Rows near the screen get their widgets, rows far from it give them up
 * and keep their height with the block. */
static void
recycle_rows (PwPlanView *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      GtkWidget *row = gtk_list_item_get_child (item);
      PwBlock *block = gtk_list_item_get_item (item);
      guint position = gtk_list_item_get_position (item);
      gboolean placeholder = pw_block_row_is_placeholder (PW_BLOCK_ROW (row));

      if (!PW_IS_BLOCK (block))
        continue;
      if (placeholder && is_hot (self, position, 0))
        {
          build_row (self, row, block);
          /* Its height may differ from the guess: look again after the
           * list laid it out (GDK repeats the layout phase for it). */
          self->rows_dirty = TRUE;
        }
      else if (!placeholder && !is_hot (self, position, HOT_SLACK))
        {
          int row_height = gtk_widget_get_height (row);

          if (row_height > 0)
            g_object_set_qdata (G_OBJECT (block), height_quark (),
                                GINT_TO_POINTER (row_height + 1));
          make_placeholder (self, row, block);
        }
    }
}

/* After the list laid its rows out: rows near the screen get their
 * widgets, rows far from it give them up. Runs inside the frame's layout
 * phase, so a row that comes into sight is laid out again before the
 * frame is drawn, never shown empty. */
static void
layout_cb (GdkFrameClock *clock,
           PwPlanView    *self)
{
  guint top, bottom;

  /* The list keeps its anchor row in place: when the end it follows moved
   * away all the same (a last block taller than the screen), move it back
   * now, and the list lays its rows out again in this layout phase. */
  if (following (self) && !at_end (self))
    {
      scroll_to_end (self);
      self->rows_dirty = TRUE;
      return;
    }

  if (!self->rows_dirty)
    return;
  self->rows_dirty = FALSE;

  if (!find_screen_rows (self, &top, &bottom))
    return;
  self->top = top;
  self->bottom = bottom;
  recycle_rows (self);
  focus_pending_step (self);
}

static void
after_paint_cb (GdkFrameClock *clock,
                PwPlanView    *self)
{
  self->anchoring = FALSE;

  /* What this frame's share of new rows cost, up to the paint. */
  if (self->catch_up_start != 0)
    {
      gint64 cost = g_get_monotonic_time () - self->catch_up_start;

      if (cost > FRAME_HIGH_US && self->share > 1)
        self->share--;
      else if (cost < FRAME_LOW_US && self->share < MAX_BLOCKS_PER_FRAME)
        self->share++;
      self->catch_up_start = 0;
    }
}

/* Keyboard: the steps are a focus chain of their own (Tab enters it, ↑/↓
 * move along it, Space ticks), and the keys scroll the plan. */

/* The check button of @step if its row is built, or NULL. */
static GtkWidget *
step_check (PwPlanView *self,
            gint        step)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      PwBlockRow *row = PW_BLOCK_ROW (gtk_list_item_get_child (item));

      if (pw_block_row_get_step (row) == step && !pw_block_row_is_placeholder (row))
        return pw_block_row_get_prefix (row);
    }

  return NULL;
}

/* The list position of the block of @step, or G_MAXUINT. */
static guint
step_position (PwPlanView *self,
               gint        step)
{
  GListModel *model = G_LIST_MODEL (self->slice);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PwBlock) block = g_list_model_get_item (model, i);

      if (pw_block_get_step (block) == step)
        return head_size (self) + i;
    }

  return G_MAXUINT;
}

static void
focus_pending_step (PwPlanView *self)
{
  GtkWidget *check;

  if (self->focus_step < 0)
    return;
  check = step_check (self, self->focus_step);
  if (check == NULL)
    return;
  self->focus_step = -1;
  gtk_widget_grab_focus (check);
}

/* Brings @step's row on screen and focuses its check button, now if the
 * row is built, else once the list built it. */
static gboolean
focus_step (PwPlanView *self,
            gint        step)
{
  guint position;

  if (self->plan == NULL || step < 0 || (guint) step >= pw_plan_get_n_steps (self->plan))
    return FALSE;

  pw_plan_view_flush (self);
  position = step_position (self, step);
  if (position == G_MAXUINT)
    return FALSE;

  set_follow_end (self, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", position);
  self->focus_step = step;
  self->rows_dirty = TRUE;
  focus_pending_step (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self->list));

  return TRUE;
}

/* The step Tab enters the chain at: the first on screen or below it,
 * else the last one. */
static gint
entry_step (PwPlanView *self)
{
  guint n_steps = pw_plan_get_n_steps (self->plan);

  for (guint i = 0; i < n_steps; i++)
    {
      guint position = step_position (self, i);

      if (position != G_MAXUINT && position >= self->top)
        return i;
    }

  return (gint) n_steps - 1;
}

/* The step whose check button has the focus, or -1. */
static gint
focused_step (PwPlanView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (!GTK_IS_CHECK_BUTTON (focus) || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list)))
    return -1;
  row = gtk_widget_get_parent (focus);

  return PW_IS_BLOCK_ROW (row) ? pw_block_row_get_step (PW_BLOCK_ROW (row)) : -1;
}

static void
scroll_by (PwPlanView *self,
           double      delta)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + delta);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PwPlanView            *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double page = gtk_adjustment_get_page_size (adj) * 0.9;
  gint step = focused_step (self);

  if ((state & (GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;

  if (keyval == GDK_KEY_n && step >= 0 && (state & GDK_CONTROL_MASK) == 0)
    {
      g_signal_emit (self, signals[NOTE_REQUESTED], 0, step, -1);
      return TRUE;
    }

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (step >= 0)
        focus_step (self, MAX (step - 1, 0));
      else
        scroll_by (self, -48);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (step >= 0)
        focus_step (self, step + 1);
      else
        scroll_by (self, 48);
      return TRUE;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      scroll_by (self, -page);
      return TRUE;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      scroll_by (self, page);
      return TRUE;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      gtk_adjustment_set_value (adj, gtk_adjustment_get_lower (adj));
      return TRUE;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
      return TRUE;
    default:
      return FALSE;
    }
}

/* Tab enters the steps (or the list, for a plan without steps) and leaves
 * the view from there; the analysis comes before them. */
static gboolean
enter_list (PwPlanView *self)
{
  if (self->plan != NULL && pw_plan_get_n_steps (self->plan) > 0)
    return focus_step (self, entry_step (self));

  return gtk_widget_grab_focus (GTK_WIDGET (self->list));
}

/* Tab: the analysis (when its row is built), then the steps, then out. */
static gboolean
pw_plan_view_focus (GtkWidget        *widget,
                    GtkDirectionType  direction)
{
  PwPlanView *self = PW_PLAN_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *analysis = GTK_WIDGET (self->analysis);
  gboolean in_list = focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list));
  gboolean in_analysis = focus != NULL && (focus == analysis
                                           || gtk_widget_is_ancestor (focus, analysis));
  gboolean analysis_shown = head_size (self) > 0 && gtk_widget_get_mapped (analysis);

  if (direction == GTK_DIR_TAB_FORWARD)
    {
      if (in_analysis)
        return enter_list (self);
      if (in_list)
        return FALSE;
      if (analysis_shown)
        return gtk_widget_grab_focus (analysis);
      return enter_list (self);
    }
  if (direction == GTK_DIR_TAB_BACKWARD)
    {
      if (in_analysis)
        return FALSE;
      if (in_list)
        return analysis_shown && gtk_widget_grab_focus (analysis);
      return enter_list (self);
    }

  return GTK_WIDGET_CLASS (pw_plan_view_parent_class)->focus (widget, direction);
}

static void
pw_plan_view_realize (GtkWidget *widget)
{
  PwPlanView *self = PW_PLAN_VIEW (widget);

  GTK_WIDGET_CLASS (pw_plan_view_parent_class)->realize (widget);

  self->clock = gtk_widget_get_frame_clock (widget);
  self->layout_id = g_signal_connect (self->clock, "layout", G_CALLBACK (layout_cb), self);
  self->after_paint_id = g_signal_connect (self->clock, "after-paint",
                                           G_CALLBACK (after_paint_cb), self);
  self->rows_dirty = TRUE;
}

static void
pw_plan_view_unrealize (GtkWidget *widget)
{
  PwPlanView *self = PW_PLAN_VIEW (widget);

  g_clear_signal_handler (&self->layout_id, self->clock);
  g_clear_signal_handler (&self->after_paint_id, self->clock);
  self->clock = NULL;
  self->anchoring = FALSE;

  GTK_WIDGET_CLASS (pw_plan_view_parent_class)->unrealize (widget);
}

/* The analysis' row holds the view's one expander, kept across rebinds. */
static void
show_analysis_row (PwPlanView *self,
                   GtkWidget  *row)
{
  GtkWidget *old = gtk_widget_get_parent (GTK_WIDGET (self->analysis));

  clear_row (row);
  if (old != NULL)
    pw_block_row_set_content (PW_BLOCK_ROW (old), NULL, FALSE);
  pw_block_row_set_content (PW_BLOCK_ROW (row), GTK_WIDGET (self->analysis), TRUE);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          PwPlanView               *self)
{
  GtkWidget *row = pw_block_row_new ();

  gtk_widget_add_css_class (row, "pw-block");
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         PwPlanView               *self)
{
  PwBlock *block = gtk_list_item_get_item (item);

  if (!PW_IS_BLOCK (block))
    {
      show_analysis_row (self, gtk_list_item_get_child (item));
      return;
    }
  if (is_hot (self, gtk_list_item_get_position (item), 0))
    build_row (self, gtk_list_item_get_child (item), block);
  else
    make_placeholder (self, gtk_list_item_get_child (item), block);
  g_signal_connect (block, "changed", G_CALLBACK (block_changed_cb), self);
  g_hash_table_add (self->rows, item);
  self->rows_dirty = TRUE;
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           PwPlanView               *self)
{
  PwBlock *block = gtk_list_item_get_item (item);

  if (PW_IS_BLOCK (block))
    g_signal_handlers_disconnect_by_func (block, block_changed_cb, self);
  g_hash_table_remove (self->rows, item);
  clear_row (gtk_list_item_get_child (item));
}

static void
teardown_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             PwPlanView               *self)
{
  g_hash_table_remove (self->rows, item);
}

static void
dark_changed_cb (PwPlanView *self)
{
  GHashTableIter iter;
  GHashTableIter languages;
  gpointer item;
  gpointer buffer;

  g_hash_table_iter_init (&languages, self->languages);
  while (g_hash_table_iter_next (&languages, NULL, &buffer))
    apply_scheme (buffer);

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      PwBlock *block = gtk_list_item_get_item (item);

      if (PW_IS_BLOCK (block) && pw_block_get_kind (block) == PW_BLOCK_CODE)
        update_row (self, gtk_list_item_get_child (item), block);
    }
}

/* Updates */

static void
set_follow_end (PwPlanView *self,
                gboolean    follow)
{
  if (self->follow_end == !!follow)
    return;

  self->follow_end = !!follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_END]);
}

static void
value_changed_cb (GtkAdjustment *adj,
                  PwPlanView    *self)
{
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  self->rows_dirty = TRUE;
  /* Only the reader scrolling turns following the end on or off, not the
   * list moving to the end it is told to follow. */
  if (self->scrolling || self->anchoring)
    return;

  set_follow_end (self, gtk_adjustment_get_value (adj) >= bottom - FOLLOW_SLACK);
}


static void
update_header (PwPlanView *self)
{
  guint n_steps = pw_plan_get_n_steps (self->plan);
  guint n_done = pw_plan_get_n_done (self->plan);
  guint found = 0;
  g_autofree char *label = NULL;

  gtk_widget_set_visible (self->header, n_steps > 0);
  if (n_steps > 0)
    {
      /* Translators: progress of the plan's steps, e.g. "3 of 8 done" */
      label = g_strdup_printf (_("%u of %u done"), n_done, n_steps);
      gtk_label_set_text (self->progress_label, label);
      gtk_progress_bar_set_fraction (self->progress, (double)n_done / n_steps);
    }

  for (guint i = 0; i < N_CURRENT; i++)
    self->current[i] = -1;
  for (guint i = 0; i < n_steps && found < N_CURRENT; i++)
    {
      if (!pw_plan_get_step (self->plan, i)->done)
        self->current[found++] = i;
    }
}

/* One label of the analysis: a block's markup, as the plan's own rows
 * show it but smaller (headings bold, items with their marker). */
static GtkWidget *
analysis_label (PwBlock *block)
{
  PwBlockKind kind = pw_block_get_kind (block);
  g_autofree char *markup = NULL;
  GtkWidget *label;

  if (kind == PW_BLOCK_CODE || kind == PW_BLOCK_HTML || kind == PW_BLOCK_TABLE)
    {
      label = text_label (pw_block_get_text (block));
      gtk_widget_add_css_class (label, "monospace");
    }
  else
    {
      if (kind == PW_BLOCK_HEADING)
        markup = g_strdup_printf ("<b>%s</b>", pw_block_get_markup (block));
      else if (kind == PW_BLOCK_LIST_ITEM)
        markup = g_strdup_printf ("%s %s", pw_block_get_marker (block),
                                  pw_block_get_markup (block));
      else
        markup = g_strdup (pw_block_get_markup (block));
      label = markup_label (markup);
    }
  gtk_widget_set_margin_start (label, 20 * pw_block_get_indent (block));

  return label;
}

/* The analysis, rendered as markdown in full inside the expander of the
 * list's first row (the list scrolls it with the plan). */
static void
show_analysis_text (PwPlanView *self,
                    const char *text)
{
  g_autoptr(GPtrArray) blocks = pw_blocks_parse (text, strlen (text), 0, 1);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->analysis_box))) != NULL)
    gtk_box_remove (self->analysis_box, child);
  for (guint i = 0; i < blocks->len; i++)
    gtk_box_append (self->analysis_box, analysis_label (g_ptr_array_index (blocks, i)));
}

static void
update_analysis (PwPlanView *self)
{
  g_autofree char *analysis = NULL;
  gboolean has = pw_plan_get_has_analysis (self->plan);

  if (has != (head_size (self) > 0))
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

      if (has)
        g_list_store_append (self->head, item);
      else
        g_list_store_remove_all (self->head);
    }
  if (!has)
    return;

  analysis = pw_plan_dup_analysis (self->plan);
  if (g_strcmp0 (self->analysis_text, analysis) != 0)
    {
      show_analysis_text (self, analysis);
      g_free (self->analysis_text);
      self->analysis_text = g_steal_pointer (&analysis);
    }
}

/* Filling the list */

static guint
n_shown (PwPlanView *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->slice));
}

static void
stop_fill (PwPlanView *self)
{
  if (self->fill_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fill_id);
  self->fill_id = 0;
  gtk_slice_list_model_set_offset (self->slice, 0);
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
}

static gboolean
fill_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  PwPlanView *self = PW_PLAN_VIEW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint offset = gtk_slice_list_model_get_offset (self->slice);

  if (self->fill_from_end)
    gtk_slice_list_model_set_offset (self->slice, offset - MIN (offset, FILL_STEP));
  else
    gtk_slice_list_model_set_size (self->slice, gtk_slice_list_model_get_size (self->slice) + FILL_STEP);

  if (n_shown (self) < MIN (n, FILL_WINDOW))
    return G_SOURCE_CONTINUE;

  self->fill_id = 0;
  gtk_slice_list_model_set_offset (self->slice, 0);
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);

  return G_SOURCE_REMOVE;
}

/* After the list got all of a new plan's blocks hidden: shows the first
 * screen's worth at the end the view shows, the rest in later frames. */
static void
start_fill (PwPlanView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));

  if (n <= FIRST_ROWS)
    {
      stop_fill (self);
      return;
    }

  self->fill_from_end = self->follow_end && !pw_plan_get_finished (self->plan);
  if (self->fill_from_end)
    {
      gtk_slice_list_model_set_offset (self->slice, n - FIRST_ROWS);
      gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
    }
  else
    {
      gtk_slice_list_model_set_offset (self->slice, 0);
      gtk_slice_list_model_set_size (self->slice, FIRST_ROWS);
    }
  self->fill_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), fill_tick_cb, NULL, NULL);
}

/* Gives the list the blocks it had and at most @limit more (a frame's
 * share), the rest waiting in the block model for the next frames. */
static void
show_share (PwPlanView *self,
            guint       limit)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->blocks));
  guint had = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  guint size = MIN (n, had + MIN (limit, G_MAXUINT - had));

  gtk_slice_list_model_set_size (self->shown, size);
  self->behind = size < n;
}

static void
sync_rows (PwPlanView *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    sync_row (self, gtk_list_item_get_child (item));
}

static gboolean catch_up_cb (GtkWidget     *widget,
                             GdkFrameClock *clock,
                             gpointer       user_data);

/* Applies the plan's changes, adding at most @limit new blocks to the
 * list while the plan streams or the list is behind; sets @behind when
 * more are left for the next frames. */
static void
apply_update (PwPlanView *self,
              guint       limit)
{
  g_clear_handle_id (&self->update_id, g_source_remove);

  /* A finished plan's edits reach the list at once. */
  if (self->plan != NULL && pw_plan_get_finished (self->plan) && !self->behind)
    limit = G_MAXUINT;
  pw_block_list_update (self->blocks);
  show_share (self, limit);
  if (self->plan == NULL)
    return;

  update_header (self);
  update_analysis (self);
  sync_rows (self);

  if (following (self))
    anchor_at_end (self);

  if (self->behind && self->catch_up_id == 0)
    self->catch_up_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), catch_up_cb, NULL, NULL);
}

static void
stop_catch_up (PwPlanView *self)
{
  if (self->catch_up_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->catch_up_id);
  self->catch_up_id = 0;
}

/* A frame's share of the blocks the list is behind by. */
static gboolean
catch_up_cb (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  PwPlanView *self = PW_PLAN_VIEW (widget);

  /* The frame after the last share: the rows the list bound at the end in
   * that frame's layout get their widgets, and the end stays in sight. */
  if (!self->behind)
    {
      self->catch_up_id = 0;
      self->rows_dirty = TRUE;
      gtk_widget_queue_allocate (GTK_WIDGET (self->list));
      return G_SOURCE_REMOVE;
    }

  self->catch_up_start = g_get_monotonic_time ();
  apply_update (self, self->share);

  return G_SOURCE_CONTINUE;
}

static gboolean
update_cb (gpointer user_data)
{
  PwPlanView *self = user_data;

  self->update_id = 0;
  /* While behind, the catch-up tick adds the frame's share. */
  apply_update (self, self->behind ? 0 : self->share);

  return G_SOURCE_REMOVE;
}

static void
schedule_update (PwPlanView *self)
{
  /* Just before the next frame is drawn: many appends, one update. */
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (GDK_PRIORITY_REDRAW - 1, update_cb, self, NULL);
}

static void
plan_changed_cb (PwPlanView *self)
{
  schedule_update (self);
}

/* GObject */

static void
pw_plan_view_dispose (GObject *object)
{
  PwPlanView *self = (PwPlanView *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_handle_id (&self->prepare_id, g_source_remove);
  g_queue_clear_full (&self->to_prepare, g_free);
  if (self->fill_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fill_id);
  self->fill_id = 0;
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_clear_object (&self->plan);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->analysis);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  if (self->notes != NULL)
    g_signal_handlers_disconnect_by_data (self->notes, self);
  g_clear_object (&self->notes);
  g_clear_pointer (&self->marks, pw_notes_marks_free);

  G_OBJECT_CLASS (pw_plan_view_parent_class)->dispose (object);
}

static void
pw_plan_view_finalize (GObject *object)
{
  PwPlanView *self = (PwPlanView *)object;

  g_clear_object (&self->slice);
  g_clear_object (&self->head);
  g_clear_pointer (&self->analysis_text, g_free);
  g_clear_object (&self->shown);
  g_clear_object (&self->blocks);
  g_clear_pointer (&self->languages, g_hash_table_unref);

  G_OBJECT_CLASS (pw_plan_view_parent_class)->finalize (object);
}

static void
pw_plan_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  PwPlanView *self = PW_PLAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    case PROP_FOLLOW_END:
      g_value_set_boolean (value, self->follow_end);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plan_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  PwPlanView *self = PW_PLAN_VIEW (object);

  switch (prop_id)
    {
    case PROP_PLAN:
      pw_plan_view_set_plan (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_plan_view_class_init (PwPlanViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pw_plan_view_dispose;
  object_class->finalize = pw_plan_view_finalize;
  object_class->get_property = pw_plan_view_get_property;
  object_class->set_property = pw_plan_view_set_property;
  widget_class->realize = pw_plan_view_realize;
  widget_class->focus = pw_plan_view_focus;
  widget_class->unrealize = pw_plan_view_unrealize;

  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, PW_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_END] =
    g_param_spec_boolean ("follow-end", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwPlanView::step-toggled:
   * @self: the view
   * @step: index of the step (pw_plan_get_step())
   * @done: the state the user asked for
   *
   * The user clicked a step; the plan is not changed by the view.
   */
  signals[STEP_TOGGLED] =
    g_signal_new ("step-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);

  /**
   * PwPlanView::note-requested:
   * @self: the view
   * @step: the step to note (its note button, or N on its check), or -1
   * @section: the section whose heading's note button was clicked, or -1
   */
  signals[NOTE_REQUESTED] =
    g_signal_new ("note-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  /**
   * PwPlanView::text-note-requested:
   * @self: the view
   * @start: first byte of the selected text in the plan's text
   * @end: one past its last byte
   *
   * "Add a Note to the Selection" was chosen on selected text.
   */
  signals[TEXT_NOTE_REQUESTED] =
    g_signal_new ("text-note-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);

  gtk_widget_class_install_action (widget_class, "plan-view.note-selection", NULL,
                                   note_selection_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "pw-plan-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
pw_plan_view_init (PwPlanView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment *adj;
  GtkEventController *keys;
  GListStore *parts;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "pw-plan-view");

  self->blocks = pw_block_list_new ();
  self->shown = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->blocks)), 0, 0);
  self->share = NEW_BLOCKS_PER_FRAME;
  self->slice = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->shown)), 0, G_MAXUINT);
  self->languages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->rows = g_hash_table_new (NULL, NULL);
  self->follow_end = TRUE;
  self->bottom = FIRST_ROWS;
  self->focus_step = -1;
  for (guint i = 0; i < N_CURRENT; i++)
    self->current[i] = -1;

  /* Progress */
  self->header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->header, "pw-plan-progress");
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->progress), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Steps done"), -1);
  self->progress_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->progress_label), "numeric");
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (self->header), GTK_WIDGET (self->progress_label));
  gtk_widget_set_visible (self->header, FALSE);
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));

  /* Analysis: an expander the list's first row holds, in full, no scroller */
  self->analysis = GTK_EXPANDER (g_object_ref_sink (gtk_expander_new (_("Analysis"))));
  gtk_widget_add_css_class (GTK_WIDGET (self->analysis), "pw-plan-analysis");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->analysis), _("The model's analysis before the plan"));
  self->analysis_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_add_css_class (GTK_WIDGET (self->analysis_box), "pw-plan-analysis-text");
  gtk_expander_set_child (self->analysis, GTK_WIDGET (self->analysis_box));
  self->head = g_list_store_new (G_TYPE_OBJECT);

  /* Blocks */
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cb), self);
  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, self->head);
  g_list_store_append (parts, self->slice);
  self->list = GTK_LIST_VIEW (gtk_list_view_new (
    GTK_SELECTION_MODEL (gtk_no_selection_new (
      G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (parts))))),
    g_steal_pointer (&factory)));
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "pw-plan-blocks");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Plan"), -1);
  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);
  gtk_widget_set_parent (GTK_WIDGET (self->scroller), GTK_WIDGET (self));

  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect (adj, "value-changed", G_CALLBACK (value_changed_cb), self);
  /* Before the list's own keys, which move a cursor through every block. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), keys);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

GtkWidget *
pw_plan_view_new (void)
{
  return g_object_new (PW_TYPE_PLAN_VIEW, NULL);
}

/**
 * pw_plan_view_get_plan:
 * @self: a #PwPlanView
 *
 * Returns: (transfer none) (nullable): the plan shown
 */
PwPlan *
pw_plan_view_get_plan (PwPlanView *self)
{
  g_return_val_if_fail (PW_IS_PLAN_VIEW (self), NULL);

  return self->plan;
}

/**
 * pw_plan_view_set_plan:
 * @self: a #PwPlanView
 * @plan: (nullable): the plan to show
 *
 * Shows @plan, parsing it now; later changes are applied once per frame.
 */
void
pw_plan_view_set_plan (PwPlanView *self,
                       PwPlan     *plan)
{
  g_return_if_fail (PW_IS_PLAN_VIEW (self));
  g_return_if_fail (plan == NULL || PW_IS_PLAN (plan));

  if (self->plan == plan)
    return;

  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_set_object (&self->plan, plan);
  if (plan != NULL)
    {
      g_signal_connect_swapped (plan, "changed", G_CALLBACK (plan_changed_cb), self);
    }

  self->top = 0;
  self->bottom = FIRST_ROWS;
  /* A different plan is not an edit of the old one. The list sees none of
   * its blocks until start_fill(). */
  if (self->fill_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fill_id);
  self->fill_id = 0;
  gtk_slice_list_model_set_offset (self->slice, 0);
  gtk_slice_list_model_set_size (self->slice, 0);
  gtk_slice_list_model_set_size (self->shown, 0);
  stop_catch_up (self);
  self->behind = FALSE;
  g_list_store_remove_all (self->head);
  g_clear_pointer (&self->analysis_text, g_free);
  pw_block_list_set_plan (self->blocks, plan);
  apply_update (self, G_MAXUINT);
  if (self->plan != NULL)
    start_fill (self);
  else
    stop_fill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
}

/**
 * pw_plan_view_flush:
 * @self: a #PwPlanView
 *
 * Applies the plan's pending changes now, and gives the list every block
 * of a new plan that it would otherwise get over the next frames.
 */
void
pw_plan_view_flush (PwPlanView *self)
{
  g_return_if_fail (PW_IS_PLAN_VIEW (self));

  if (self->fill_id != 0)
    stop_fill (self);
  if (self->update_id != 0 || self->behind)
    apply_update (self, G_MAXUINT);
  stop_catch_up (self);
}

/**
 * pw_plan_view_prepare_languages:
 * @self: a #PwPlanView
 * @languages: (array zero-terminated=1): code fence language names
 *
 * Loads the highlighting of @languages one per idle call, ahead of a plan
 * that may show code in them; languages already loaded cost nothing.
 */
void
pw_plan_view_prepare_languages (PwPlanView         *self,
                                const char * const *languages)
{
  g_return_if_fail (PW_IS_PLAN_VIEW (self));

  for (guint i = 0; languages != NULL && languages[i] != NULL; i++)
    {
      if (g_hash_table_lookup (self->languages, languages[i]) == NULL)
        g_queue_push_tail (&self->to_prepare, g_strdup (languages[i]));
    }
  if (!g_queue_is_empty (&self->to_prepare) && self->prepare_id == 0)
    self->prepare_id = g_idle_add_full (G_PRIORITY_LOW, prepare_cb, self, NULL);
}

/* Whether languages are still to be loaded (tests, benchmark). */
gboolean
pw_plan_view_get_preparing (PwPlanView *self)
{
  g_return_val_if_fail (PW_IS_PLAN_VIEW (self), FALSE);

  return self->prepare_id != 0;
}

/* For the render benchmark: what the next frame does with the plan's
 * pending changes, inside the frame that measures it. */
void
pw_plan_view_apply_pending (PwPlanView *self)
{
  g_return_if_fail (PW_IS_PLAN_VIEW (self));

  if (self->update_id != 0)
    apply_update (self, self->behind ? 0 : self->share);
}

/* Whether blocks of the stream are still to come into the list. */
gboolean
pw_plan_view_get_behind (PwPlanView *self)
{
  g_return_val_if_fail (PW_IS_PLAN_VIEW (self), FALSE);

  return self->behind;
}

/**
 * pw_plan_view_get_blocks:
 * @self: a #PwPlanView
 *
 * Returns: (transfer none): the blocks the list has, a #GListModel of
 *   #PwBlock: all of the plan's but while the view catches up with a stream
 */
GListModel *
pw_plan_view_get_blocks (PwPlanView *self)
{
  g_return_val_if_fail (PW_IS_PLAN_VIEW (self), NULL);

  return G_LIST_MODEL (self->shown);
}

/**
 * pw_plan_view_get_follow_end:
 * @self: a #PwPlanView
 *
 * Returns: whether the view keeps the end of a streaming plan in sight
 */
gboolean
pw_plan_view_get_follow_end (PwPlanView *self)
{
  g_return_val_if_fail (PW_IS_PLAN_VIEW (self), FALSE);

  return self->follow_end;
}

/**
 * pw_plan_view_scroll_to_line:
 * @self: a #PwPlanView
 * @line: a 1-based line of the plan's text
 *
 * Scrolls to the block holding @line.
 */
void
pw_plan_view_scroll_to_line (PwPlanView *self,
                             guint       line)
{
  g_return_if_fail (PW_IS_PLAN_VIEW (self));

  pw_plan_view_flush (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->blocks)) == 0)
    return;

  set_follow_end (self, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u",
                              head_size (self) + pw_block_list_find_line (self->blocks, line));
}

/**
 * pw_plan_view_set_notes:
 * @notes: (nullable): the plan's notes
 *
 * Shows @notes on the steps and sections they refer to.
 */
void
pw_plan_view_set_notes (PwPlanView  *self,
                        PwPlanNotes *notes)
{
  g_return_if_fail (PW_IS_PLAN_VIEW (self));

  if (pw_notes_follow (&self->notes, notes, G_CALLBACK (notes_changed_cb), self))
    notes_changed_cb (self);
}

/**
 * pw_plan_view_get_focused_step:
 *
 * Returns: the step whose check button has the focus, or -1
 */
gint
pw_plan_view_get_focused_step (PwPlanView *self)
{
  g_return_val_if_fail (PW_IS_PLAN_VIEW (self), -1);

  return focused_step (self);
}

/**
 * pw_plan_view_get_note_button:
 * @step: a step, or -1
 * @section: a section (when @step is -1)
 *
 * Returns: (transfer none) (nullable): the note button of the row shown
 *   for @step or @section, for tests
 */
GtkWidget *
pw_plan_view_get_note_button (PwPlanView *self,
                              gint        step,
                              gint        section)
{
  GHashTableIter iter;
  gpointer item;

  g_return_val_if_fail (PW_IS_PLAN_VIEW (self), NULL);

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      PwBlockRow *row = PW_BLOCK_ROW (gtk_list_item_get_child (item));

      if (pw_block_row_is_placeholder (row))
        continue;
      if ((step >= 0 && pw_block_row_get_step (row) == step)
          || (step < 0 && pw_block_row_get_step (row) < 0
              && pw_block_row_get_section (row) == section))
        return pw_block_row_get_suffix (row);
    }

  return NULL;
}

/**
 * pw_plan_view_get_selected_span:
 * @start: (out): first byte of the selected text in the plan's text
 * @end: (out): one past its last byte
 *
 * Finds the text selected in a paragraph, a step or a heading of the
 * rendered plan in the plan's markdown.
 *
 * Returns: whether text is selected
 */
gboolean
pw_plan_view_get_selected_span (PwPlanView *self,
                                gsize      *start,
                                gsize      *end)
{
  PwBlock *block = NULL;
  GtkLabel *label;
  int from, to;
  const char *text;

  g_return_val_if_fail (PW_IS_PLAN_VIEW (self), FALSE);

  label = self->plan != NULL ? selected_label (self, &block) : NULL;
  if (label == NULL)
    return FALSE;

  gtk_label_get_selection_bounds (label, &from, &to);
  text = pw_plan_get_text (self->plan, NULL) + pw_block_get_start (block);
  if (!pw_note_span_from_rendered (text, pw_block_get_end (block) - pw_block_get_start (block),
                                   gtk_label_get_text (label), from, to, start, end))
    return FALSE;

  *start += pw_block_get_start (block);
  *end += pw_block_get_start (block);
  return TRUE;
}
