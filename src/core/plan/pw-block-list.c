/* pw-block-list.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-block-list"

#include "config.h"

#include <string.h>

#include "pw-block-list.h"

/*
 * The list keeps the blocks in a GPtrArray (a view reads them by position
 * and bisects them by offset and line). The text with its <analysis> blocks
 * blanked is a copy made only when the plan has one: a plan without one
 * (every exported plan) is parsed in place. While the text grows, the new
 * bytes are copied and blanked where a range reaches them, and the tail
 * from the stable point is parsed again; when a range reaches below the
 * stable point (an analysis closed far back), the text is parsed whole.
 */

struct _PwBlockList
{
  GObject    parent_instance;

  /* owned */
  GPtrArray *blocks;       /* PwBlock */
  PwPlan    *plan;         /* (nullable) */
  GString   *blanked;      /* (nullable) the text, analysis blanked */

  /* state */
  gsize      seen;         /* bytes of the text parsed */
  gsize      stable;       /* where the next parse of a longer text starts */
  guint      stable_line;
  gsize      blank_start;  /* the last range blanked, or G_MAXSIZE */
  gsize      blank_end;
  guint      serial;       /* the plan's edit serial at the last update */
  guint      finished : 1; /* the plan was finished at the last update */
  guint      parsed : 1;   /* the plan was read at least once */
};

static void pw_block_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PwBlockList, pw_block_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, pw_block_list_model_init))

/* The hidden text */

static const PwPlanRange *
hidden_ranges (PwBlockList *self,
               guint       *n)
{
  *n = 0;

  return self->plan != NULL ? pw_plan_get_analysis_ranges (self->plan, n) : NULL;
}

static void
blank_bytes (GString *str,
             gsize    from,
             gsize    to)
{
  to = MIN (to, str->len);
  for (gsize i = from; i < to; i++)
    {
      if (str->str[i] != '\n' && str->str[i] != '\r')
        str->str[i] = ' ';
    }
}

static void
forget_source (PwBlockList *self)
{
  if (self->blanked != NULL)
    g_string_free (self->blanked, TRUE);
  self->blanked = NULL;
  self->blank_start = self->blank_end = G_MAXSIZE;
}

/* Takes the bytes @text grew by since @old into the blanked copy (made now
 * if an analysis block appeared), blanking the ranges that reach past
 * @old; returns the lowest byte changed, or @old. */
static gsize
blank_new_ranges (PwBlockList *self,
                  const char  *text,
                  gsize        len,
                  gsize        old)
{
  guint n = 0;
  const PwPlanRange *ranges = hidden_ranges (self, &n);
  gsize lowest = old;

  if (self->blanked == NULL)
    {
      if (n == 0)
        return old;
      /* No range reached below @old before: the text up to it is as is. */
      self->blanked = g_string_new_len (text, old);
      self->blank_start = self->blank_end = G_MAXSIZE;
    }
  g_string_append_len (self->blanked, text + old, len - old);

  for (guint i = 0; i < n; i++)
    {
      gsize from;

      if (ranges[i].end <= old)
        continue;
      /* An open block grows with the text: blank only its new part. */
      from = ranges[i].start == self->blank_start ? MAX (ranges[i].start, self->blank_end)
                                                  : ranges[i].start;
      blank_bytes (self->blanked, from, ranges[i].end);
      lowest = MIN (lowest, from);
      self->blank_start = ranges[i].start;
      self->blank_end = ranges[i].end;
    }

  return lowest;
}

static void
rebuild_source (PwBlockList *self,
                const char  *text,
                gsize        len)
{
  guint n = 0;
  const PwPlanRange *ranges = hidden_ranges (self, &n);

  forget_source (self);
  if (n == 0)
    return;

  self->blanked = g_string_sized_new (len + 1);
  g_string_append_len (self->blanked, text, len);
  for (guint i = 0; i < n; i++)
    {
      blank_bytes (self->blanked, ranges[i].start, ranges[i].end);
      self->blank_start = ranges[i].start;
      self->blank_end = ranges[i].end;
    }
}

/* What the blocks are parsed from: @text, or its blanked copy. */
static const char *
source_text (PwBlockList *self,
             const char  *text)
{
  return self->blanked != NULL ? self->blanked->str : text;
}

/* Splicing */

/* Index of the first block that starts at or after @offset. */
static guint
find_offset (PwBlockList *self,
             gsize        offset)
{
  guint lo = 0, hi = self->blocks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (pw_block_get_start (g_ptr_array_index (self->blocks, mid)) < offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Replaces @n_remove blocks at @pos by @n_add of @items, in one move of
 * the blocks after them. */
static void
splice_array (GPtrArray *array,
              guint      pos,
              guint      n_remove,
              gpointer  *items,
              guint      n_add)
{
  guint after;

  if (n_remove > 0)
    g_ptr_array_remove_range (array, pos, n_remove);
  if (n_add == 0)
    return;
  after = array->len - pos;
  g_ptr_array_set_size (array, array->len + n_add);
  memmove (array->pdata + pos + n_add, array->pdata + pos, after * sizeof (gpointer));
  for (guint i = 0; i < n_add; i++)
    array->pdata[pos + i] = g_object_ref (items[i]);
}

/* How many blocks from @pos on equal @blocks, from the front. */
static guint
equal_head (PwBlockList *self,
            guint        pos,
            GPtrArray   *blocks)
{
  guint n_old = self->blocks->len - pos;
  guint head = 0;

  while (head < n_old && head < blocks->len
         && pw_block_equal (g_ptr_array_index (self->blocks, pos + head),
                            g_ptr_array_index (blocks, head)))
    head++;

  return head;
}

/* How many blocks at the end equal the end of @blocks, @head excluded. */
static guint
equal_tail (PwBlockList *self,
            guint        pos,
            guint        head,
            GPtrArray   *blocks)
{
  guint n_old = self->blocks->len - pos;
  guint tail = 0;

  while (tail < n_old - head && tail < blocks->len - head
         && pw_block_equal (g_ptr_array_index (self->blocks, self->blocks->len - 1 - tail),
                            g_ptr_array_index (blocks, blocks->len - 1 - tail)))
    tail++;

  return tail;
}

/* Replaces the blocks from @pos on with @blocks, keeping the equal ones at
 * both ends; the first one that differs keeps its place when only its
 * contents changed. */
static void
splice_blocks (PwBlockList *self,
               guint        pos,
               GPtrArray   *blocks)
{
  guint n_old = self->blocks->len - pos;
  guint head = equal_head (self, pos, blocks);
  guint tail = equal_tail (self, pos, head, blocks);

  /* While a plan streams, the block that differs first is mostly the
   * last one, grown. */
  if (head < n_old - tail && head < blocks->len - tail)
    {
      PwBlock *old = g_ptr_array_index (self->blocks, pos + head);
      PwBlock *grown = g_ptr_array_index (blocks, head);

      if (pw_block_same_shape (old, grown))
        {
          pw_block_take_contents (old, grown);
          head++;
        }
    }

  if (head + tail == n_old && head + tail == blocks->len)
    return;

  splice_array (self->blocks, pos + head, n_old - head - tail,
                blocks->pdata + head, blocks->len - head - tail);
  g_list_model_items_changed (G_LIST_MODEL (self), pos + head, n_old - head - tail,
                              blocks->len - head - tail);
}

/* Parsing */

static GPtrArray *
parse_from (PwBlockList *self,
            const char  *text,
            gsize        len,
            gsize        offset,
            guint        line)
{
  GPtrArray *blocks = pw_blocks_parse_stream (source_text (self, text), len, offset, line,
                                              &self->stable, &self->stable_line);

  if (self->plan != NULL)
    pw_blocks_bind_steps (blocks, self->plan);
  self->seen = len;

  return blocks;
}

static void
parse_whole (PwBlockList *self,
             const char  *text,
             gsize        len)
{
  g_autoptr(GPtrArray) blocks = NULL;

  rebuild_source (self, text, len);
  blocks = parse_from (self, text, len, 0, 1);
  splice_blocks (self, 0, blocks);
}

/* @text extends the text parsed: the tail from the stable point is parsed
 * again, unless a hidden range reaches below it. */
static void
parse_more (PwBlockList *self,
            const char  *text,
            gsize        len)
{
  g_autoptr(GPtrArray) blocks = NULL;
  gsize from = self->stable;

  if (blank_new_ranges (self, text, len, self->seen) < from)
    {
      parse_whole (self, text, len);
      return;
    }

  blocks = parse_from (self, text, len, from, self->stable_line);
  splice_blocks (self, find_offset (self, from), blocks);
}

/* Whether @text may hold a link reference definition (`[label]: url`),
 * which resolves links anywhere in the text, before it too. */
static gboolean
may_define_links (const char *text,
                  gsize       len)
{
  const char *end = text + len;
  const char *p = text;

  while (p < end && (p = memchr (p, ']', end - p)) != NULL)
    {
      if (p + 1 < end && p[1] == ':')
        return TRUE;
      p++;
    }

  return FALSE;
}

/* GListModel */

static GType
pw_block_list_get_item_type (GListModel *model)
{
  return PW_TYPE_BLOCK;
}

static guint
pw_block_list_get_n_items (GListModel *model)
{
  return PW_BLOCK_LIST (model)->blocks->len;
}

static gpointer
pw_block_list_get_item (GListModel *model,
                        guint       position)
{
  PwBlockList *self = PW_BLOCK_LIST (model);

  if (position >= self->blocks->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->blocks, position));
}

static void
pw_block_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = pw_block_list_get_item_type;
  iface->get_n_items = pw_block_list_get_n_items;
  iface->get_item = pw_block_list_get_item;
}

/* GObject */

static void
pw_block_list_dispose (GObject *object)
{
  PwBlockList *self = (PwBlockList *)object;

  g_clear_object (&self->plan);

  G_OBJECT_CLASS (pw_block_list_parent_class)->dispose (object);
}

static void
pw_block_list_finalize (GObject *object)
{
  PwBlockList *self = (PwBlockList *)object;

  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  forget_source (self);

  G_OBJECT_CLASS (pw_block_list_parent_class)->finalize (object);
}

static void
pw_block_list_class_init (PwBlockListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_block_list_dispose;
  object_class->finalize = pw_block_list_finalize;
}

static void
pw_block_list_init (PwBlockList *self)
{
  self->blocks = g_ptr_array_new_with_free_func (g_object_unref);
  self->stable_line = 1;
  self->blank_start = self->blank_end = G_MAXSIZE;
}

/* Public API */

PwBlockList *
pw_block_list_new (void)
{
  return g_object_new (PW_TYPE_BLOCK_LIST, NULL);
}

/**
 * pw_block_list_set_text:
 * @self: a #PwBlockList
 * @text: (array length=length): the whole text (with a plan: the plan's)
 * @length: its length in bytes
 *
 * Parses @text whole and splices in the blocks that differ.
 */
void
pw_block_list_set_text (PwBlockList *self,
                        const char  *text,
                        gsize        length)
{
  g_return_if_fail (PW_IS_BLOCK_LIST (self));
  g_return_if_fail (text != NULL || length == 0);

  parse_whole (self, text, length);
}

/**
 * pw_block_list_append:
 * @self: a #PwBlockList
 * @text: (array length=length): the whole text, which begins with the text
 *   parsed last
 * @length: its length in bytes
 *
 * Brings the blocks to @text, parsing again only from the stable point.
 */
void
pw_block_list_append (PwBlockList *self,
                      const char  *text,
                      gsize        length)
{
  g_return_if_fail (PW_IS_BLOCK_LIST (self));
  g_return_if_fail (text != NULL || length == 0);
  g_return_if_fail (length >= self->seen);

  if (self->seen == 0)
    parse_whole (self, text, length);
  else
    parse_more (self, text, length);
}

/**
 * pw_block_list_get_plan:
 * @self: a #PwBlockList
 *
 * Returns: (transfer none) (nullable): the plan followed
 */
PwPlan *
pw_block_list_get_plan (PwBlockList *self)
{
  g_return_val_if_fail (PW_IS_BLOCK_LIST (self), NULL);

  return self->plan;
}

/**
 * pw_block_list_set_plan:
 * @self: a #PwBlockList
 * @plan: (nullable): the plan to follow
 *
 * Empties the list (a different plan is not an edit of the old one) and
 * fills it with @plan's blocks.
 */
void
pw_block_list_set_plan (PwBlockList *self,
                        PwPlan      *plan)
{
  guint removed;

  g_return_if_fail (PW_IS_BLOCK_LIST (self));
  g_return_if_fail (plan == NULL || PW_IS_PLAN (plan));

  g_set_object (&self->plan, plan);
  forget_source (self);
  self->seen = 0;
  self->stable = 0;
  self->stable_line = 1;
  self->parsed = FALSE;
  removed = self->blocks->len;
  g_ptr_array_set_size (self->blocks, 0);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  pw_block_list_update (self);
}

/**
 * pw_block_list_update:
 * @self: a #PwBlockList
 *
 * Brings the blocks to the plan's text: appends when the text only grew
 * since the last update, parses it whole after an edit or once the plan
 * finished if its text may define links (`]:`). Does nothing without a plan
 * or when the plan did not change.
 */
void
pw_block_list_update (PwBlockList *self)
{
  const char *text;
  gsize len;
  guint serial;
  gboolean finished;

  g_return_if_fail (PW_IS_BLOCK_LIST (self));

  if (self->plan == NULL)
    return;

  text = pw_plan_get_text (self->plan, &len);
  serial = pw_plan_get_edit_serial (self->plan);
  finished = pw_plan_get_finished (self->plan);
  if (self->parsed && len == self->seen && serial == self->serial && finished == self->finished)
    return;

  if (self->parsed && self->seen > 0 && len >= self->seen && serial == self->serial
      && (self->finished || !finished || !may_define_links (text, len)))
    parse_more (self, text, len);
  else
    parse_whole (self, text, len);

  self->serial = serial;
  self->finished = finished;
  self->parsed = TRUE;
}

/**
 * pw_block_list_get_block:
 * @self: a #PwBlockList
 * @position: a position in the list
 *
 * Returns: (transfer none) (nullable): the block at @position
 */
PwBlock *
pw_block_list_get_block (PwBlockList *self,
                         guint        position)
{
  g_return_val_if_fail (PW_IS_BLOCK_LIST (self), NULL);

  if (position >= self->blocks->len)
    return NULL;

  return g_ptr_array_index (self->blocks, position);
}

/**
 * pw_block_list_find_line:
 * @self: a #PwBlockList
 * @line: a 1-based line of the text
 *
 * Returns: the position of the block holding @line: the last one starting
 *   at or before it (0 when none does)
 */
guint
pw_block_list_find_line (PwBlockList *self,
                         guint        line)
{
  guint lo = 0, hi;

  g_return_val_if_fail (PW_IS_BLOCK_LIST (self), 0);

  hi = self->blocks->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (pw_block_get_line (g_ptr_array_index (self->blocks, mid)) <= line)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo > 0 ? lo - 1 : 0;
}
