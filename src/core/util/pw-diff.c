/* pw-diff.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-diff"

#include "config.h"

#include <string.h>

#include "pw-diff.h"

/*
 * A minimal line diff after Myers, "An O(ND) Difference Algorithm and Its
 * Variations" (1986), in its linear-space form: find the middle snake of an
 * optimal path, then recurse on both sides of it.
 *
 * Lines are interned to integers first, so comparing two lines is one integer
 * comparison. Lines that occur in only one of the texts can never be matched;
 * they are set aside before the search (as GNU diff does), which leaves the
 * longest common subsequence, and so the minimality, unchanged but makes two
 * unrelated texts cost almost nothing. Line ends are not compared: CRLF, LF
 * and a missing final newline are all the same end.
 */

typedef struct
{
  const guint *a;
  const guint *b;
  GArray      *matches; /* of Match, in order */
} DiffContext;

typedef struct
{
  guint a;
  guint b;
} Match;

static void diff_range (DiffContext *ctx,
                        guint        a0,
                        guint        a1,
                        guint        b0,
                        guint        b1);

/* Splits @text into lines without their ends; the strings point into
 * @storage, a copy of @text the caller frees. */
static GPtrArray *
split_lines (const char  *text,
             char       **storage)
{
  GPtrArray *lines = g_ptr_array_new ();
  char *copy;
  char *p;

  *storage = copy = g_strdup (text != NULL ? text : "");
  p = copy;
  while (*p != '\0')
    {
      char *nl = strchr (p, '\n');
      char *end = nl != NULL ? nl : p + strlen (p);

      if (end > p && end[-1] == '\r')
        end[-1] = '\0';
      g_ptr_array_add (lines, p);
      if (nl == NULL)
        break;
      *nl = '\0';
      p = nl + 1;
    }

  return lines;
}

static void
add_match (DiffContext *ctx,
           guint        a,
           guint        b)
{
  Match m = { a, b };

  g_array_append_val (ctx->matches, m);
}

/* The state of one middle-snake search over a[0..n) × b[0..m): v1[k] and
 * v2[k] are the furthest x reached on diagonal k from the top-left and from
 * the bottom-right corner; the bounds k*start/k*end keep the search on the
 * grid. */
typedef struct
{
  const guint *a;
  const guint *b;
  gssize       n;
  gssize       m;
  gssize       v_offset;
  gssize       v_length;
  gssize       delta;
  gboolean     front;
  gssize      *v1;
  gssize      *v2;
  gssize       k1start;
  gssize       k1end;
  gssize       k2start;
  gssize       k2end;
} Bisection;

/* Where the path on diagonal @k starts in round @d: from the neighbour
 * diagonal that has come further. */
static gssize
next_x (const gssize *v,
        gssize        k_offset,
        gssize        k,
        gssize        d)
{
  if (k == -d || (k != d && v[k_offset - 1] < v[k_offset + 1]))
    return v[k_offset + 1];
  return v[k_offset - 1] + 1;
}

/* Whether the forward path at (@x1, k1) overlaps the reverse path on the
 * same diagonal. */
static gboolean
forward_meets (const Bisection *bs,
               gssize           k1,
               gssize           x1)
{
  gssize k2_offset = bs->v_offset + bs->delta - k1;

  return k2_offset >= 0 && k2_offset < bs->v_length && bs->v2[k2_offset] != -1
         && x1 >= bs->n - bs->v2[k2_offset];
}

/* Whether the reverse path at @x2 on diagonal k2 overlaps the forward
 * path on the same diagonal, whose end it returns. */
static gboolean
reverse_meets (const Bisection *bs,
               gssize           k2,
               gssize           x2,
               gssize          *x1,
               gssize          *y1)
{
  gssize k1_offset = bs->v_offset + bs->delta - k2;

  if (k1_offset < 0 || k1_offset >= bs->v_length || bs->v1[k1_offset] == -1)
    return FALSE;

  *x1 = bs->v1[k1_offset];
  *y1 = bs->v_offset + *x1 - k1_offset;
  return *x1 >= bs->n - x2;
}

/* Whether the path at (@x, @y) on diagonal @k meets the path from the
 * other corner; the meeting point, from the top-left, is *@split_x,
 * *@split_y. */
static gboolean
paths_meet (const Bisection *bs,
            gboolean         reverse,
            gssize           k,
            gssize           x,
            gssize           y,
            gssize          *split_x,
            gssize          *split_y)
{
  if (reverse)
    return reverse_meets (bs, k, x, split_x, split_y);
  if (!forward_meets (bs, k, x))
    return FALSE;

  *split_x = x;
  *split_y = y;
  return TRUE;
}

/* Whether line @x of a equals line @y of b, counted from the end when
 * searching in @reverse. */
static inline gboolean
same_line (const Bisection *bs,
           gboolean         reverse,
           gssize           x,
           gssize           y)
{
  return reverse ? bs->a[bs->n - x - 1] == bs->b[bs->m - y - 1] : bs->a[x] == bs->b[y];
}

/* One round @d of the search from the top-left corner, or from the
 * bottom-right one in @reverse; only one direction checks for the meeting,
 * the one that reaches the middle first. */
static gboolean
search_round (Bisection *bs,
              gboolean   reverse,
              gssize     d,
              gssize    *split_x,
              gssize    *split_y)
{
  gssize *v = reverse ? bs->v2 : bs->v1;
  gssize *kstart = reverse ? &bs->k2start : &bs->k1start;
  gssize *kend = reverse ? &bs->k2end : &bs->k1end;
  gboolean check = reverse ? !bs->front : bs->front;

  for (gssize k = -d + *kstart; k <= d - *kend; k += 2)
    {
      gssize k_offset = bs->v_offset + k;
      gssize x = next_x (v, k_offset, k, d);
      gssize y = x - k;

      while (x < bs->n && y < bs->m && same_line (bs, reverse, x, y))
        {
          x++;
          y++;
        }
      v[k_offset] = x;
      if (x > bs->n)
        *kend += 2;
      else if (y > bs->m)
        *kstart += 2;
      else if (check && paths_meet (bs, reverse, k, x, y, split_x, split_y))
        return TRUE;
    }

  return FALSE;
}

/* Finds a point on an optimal path through a[a0..a1) × b[b0..b1), both
 * non-empty, by running the search from both corners until the paths meet
 * (the middle snake). Returns FALSE if the ranges share no element. */
static gboolean
bisect (DiffContext *ctx,
        guint        a0,
        guint        a1,
        guint        b0,
        guint        b1,
        guint       *split_a,
        guint       *split_b)
{
  gssize max_d = ((gssize) (a1 - a0) + (gssize) (b1 - b0) + 1) / 2;
  Bisection bs = {
    .a = ctx->a + a0,
    .b = ctx->b + b0,
    .n = a1 - a0,
    .m = b1 - b0,
    .v_offset = max_d,
    .v_length = 2 * max_d + 2,
    .delta = (gssize) (a1 - a0) - (gssize) (b1 - b0),
  };
  g_autofree gssize *v1 = g_new (gssize, bs.v_length);
  g_autofree gssize *v2 = g_new (gssize, bs.v_length);

  bs.front = (bs.delta % 2) != 0;
  bs.v1 = v1;
  bs.v2 = v2;
  for (gssize i = 0; i < bs.v_length; i++)
    v1[i] = v2[i] = -1;
  v1[bs.v_offset + 1] = 0;
  v2[bs.v_offset + 1] = 0;

  for (gssize d = 0; d < max_d; d++)
    {
      gssize x, y;

      if (search_round (&bs, FALSE, d, &x, &y) || search_round (&bs, TRUE, d, &x, &y))
        {
          *split_a = a0 + x;
          *split_b = b0 + y;
          return TRUE;
        }
    }

  return FALSE;
}

static void
diff_range (DiffContext *ctx,
            guint        a0,
            guint        a1,
            guint        b0,
            guint        b1)
{
  guint suffix = 0;
  guint split_a, split_b;

  while (a0 < a1 && b0 < b1 && ctx->a[a0] == ctx->b[b0])
    {
      add_match (ctx, a0, b0);
      a0++;
      b0++;
    }
  while (a1 - suffix > a0 && b1 - suffix > b0
         && ctx->a[a1 - suffix - 1] == ctx->b[b1 - suffix - 1])
    suffix++;
  a1 -= suffix;
  b1 -= suffix;

  if (a0 < a1 && b0 < b1 && bisect (ctx, a0, a1, b0, b1, &split_a, &split_b))
    {
      /* With the common ends stripped an optimal path has at least two
       * edits, so the split is strictly inside and the recursion shrinks. */
      g_assert ((split_a > a0 || split_b > b0) && (split_a < a1 || split_b < b1));
      diff_range (ctx, a0, split_a, b0, split_b);
      diff_range (ctx, split_a, a1, split_b, b1);
    }

  for (guint i = 0; i < suffix; i++)
    add_match (ctx, a1 + i, b1 + i);
}

static PwDiffLine *
diff_line_new (PwDiffOp    op,
               guint       old_line,
               guint       new_line,
               const char *text)
{
  PwDiffLine *line = g_new (PwDiffLine, 1);

  line->op = op;
  line->old_line = old_line;
  line->new_line = new_line;
  line->text = g_strdup (text);

  return line;
}

/* Emits old[*i..a_end) as removed, then new[*j..b_end) as added. */
static void
emit_change (GPtrArray *out,
             GPtrArray *old_lines,
             GPtrArray *new_lines,
             guint     *i,
             guint      a_end,
             guint     *j,
             guint      b_end)
{
  for (; *i < a_end; (*i)++)
    g_ptr_array_add (out, diff_line_new (PW_DIFF_REMOVED, *i + 1, 0,
                                         g_ptr_array_index (old_lines, *i)));
  for (; *j < b_end; (*j)++)
    g_ptr_array_add (out, diff_line_new (PW_DIFF_ADDED, 0, *j + 1,
                                         g_ptr_array_index (new_lines, *j)));
}

/**
 * pw_diff_lines:
 * @old_text: (nullable): the old text
 * @new_text: (nullable): the new text
 *
 * Computes a minimal line diff. Within each change the removed lines come
 * before the added ones. Line ends are not compared.
 *
 * Returns: (transfer full) (element-type PwDiffLine): every line of both
 *   texts once, in order
 */
GPtrArray *
pw_diff_lines (const char *old_text,
               const char *new_text)
{
  g_autofree char *old_storage = NULL;
  g_autofree char *new_storage = NULL;
  g_autoptr(GPtrArray) old_lines = split_lines (old_text, &old_storage);
  g_autoptr(GPtrArray) new_lines = split_lines (new_text, &new_storage);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) old_ids = g_array_sized_new (FALSE, FALSE, sizeof (guint), old_lines->len);
  g_autoptr(GArray) new_ids = g_array_sized_new (FALSE, FALSE, sizeof (guint), new_lines->len);
  g_autoptr(GArray) in_old = g_array_new (FALSE, TRUE, sizeof (guint8));
  g_autoptr(GArray) in_new = g_array_new (FALSE, TRUE, sizeof (guint8));
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) a_map = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) b_map = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (Match));
  GPtrArray *out;
  DiffContext ctx;
  guint i = 0, j = 0;

  /* Intern every line; id 0 stays unused. */
  for (guint side = 0; side < 2; side++)
    {
      GPtrArray *lines = side == 0 ? old_lines : new_lines;
      GArray *line_ids = side == 0 ? old_ids : new_ids;

      for (guint k = 0; k < lines->len; k++)
        {
          const char *line = g_ptr_array_index (lines, k);
          guint id = GPOINTER_TO_UINT (g_hash_table_lookup (ids, line));

          if (id == 0)
            {
              id = g_hash_table_size (ids) + 1;
              g_hash_table_insert (ids, (gpointer) line, GUINT_TO_POINTER (id));
            }
          g_array_append_val (line_ids, id);
        }
    }

  g_array_set_size (in_old, g_hash_table_size (ids) + 1);
  g_array_set_size (in_new, g_hash_table_size (ids) + 1);
  for (guint k = 0; k < old_ids->len; k++)
    g_array_index (in_old, guint8, g_array_index (old_ids, guint, k)) = 1;
  for (guint k = 0; k < new_ids->len; k++)
    g_array_index (in_new, guint8, g_array_index (new_ids, guint, k)) = 1;

  /* Only lines present on both sides can match. */
  for (guint k = 0; k < old_ids->len; k++)
    {
      guint id = g_array_index (old_ids, guint, k);

      if (g_array_index (in_new, guint8, id))
        {
          g_array_append_val (a, id);
          g_array_append_val (a_map, k);
        }
    }
  for (guint k = 0; k < new_ids->len; k++)
    {
      guint id = g_array_index (new_ids, guint, k);

      if (g_array_index (in_old, guint8, id))
        {
          g_array_append_val (b, id);
          g_array_append_val (b_map, k);
        }
    }

  ctx.a = (const guint *) a->data;
  ctx.b = (const guint *) b->data;
  ctx.matches = matches;
  diff_range (&ctx, 0, a->len, 0, b->len);

  out = g_ptr_array_new_full (old_lines->len + new_lines->len,
                              (GDestroyNotify) pw_diff_line_free);
  for (guint k = 0; k < matches->len; k++)
    {
      Match *mt = &g_array_index (matches, Match, k);
      guint oi = g_array_index (a_map, guint, mt->a);
      guint ni = g_array_index (b_map, guint, mt->b);

      emit_change (out, old_lines, new_lines, &i, oi, &j, ni);
      g_ptr_array_add (out, diff_line_new (PW_DIFF_EQUAL, oi + 1, ni + 1,
                                           g_ptr_array_index (new_lines, ni)));
      i = oi + 1;
      j = ni + 1;
    }
  emit_change (out, old_lines, new_lines, &i, old_lines->len, &j, new_lines->len);

  return out;
}

/**
 * pw_diff_count:
 * @lines: (element-type PwDiffLine): from pw_diff_lines()
 * @added: (out) (optional): the number of added lines
 * @removed: (out) (optional): the number of removed lines
 */
void
pw_diff_count (GPtrArray *lines,
               guint     *added,
               guint     *removed)
{
  guint n_added = 0, n_removed = 0;

  g_return_if_fail (lines != NULL);

  for (guint k = 0; k < lines->len; k++)
    {
      const PwDiffLine *line = g_ptr_array_index (lines, k);

      if (line->op == PW_DIFF_ADDED)
        n_added++;
      else if (line->op == PW_DIFF_REMOVED)
        n_removed++;
    }

  if (added != NULL)
    *added = n_added;
  if (removed != NULL)
    *removed = n_removed;
}

/* diff -u leaves out a count of one; an empty side names the line before. */
static void
append_range (GString *out,
              char     sign,
              guint    before,
              guint    count)
{
  if (count == 1)
    g_string_append_printf (out, "%c%u", sign, before + 1);
  else
    g_string_append_printf (out, "%c%u,%u", sign, count == 0 ? before : before + 1, count);
}

static gboolean
is_change (GPtrArray *lines,
           guint      k)
{
  return ((PwDiffLine *) g_ptr_array_index (lines, k))->op != PW_DIFF_EQUAL;
}

/* The next hunk from @pos: the next change and the changes joined to it
 * (fewer than 2 × @context unchanged lines apart), with @context lines
 * around them. Returns FALSE when nothing changes after @pos. */
static gboolean
find_hunk (GPtrArray *lines,
           guint      pos,
           guint      context,
           guint     *start,
           guint     *end)
{
  guint first = pos, last;

  while (first < lines->len && !is_change (lines, first))
    first++;
  if (first == lines->len)
    return FALSE;

  last = first;
  for (guint k = first + 1; k < lines->len; k++)
    {
      if (!is_change (lines, k))
        continue;
      if (k - last - 1 > 2 * context)
        break;
      last = k;
    }

  *start = first > pos + context ? first - context : pos;
  *end = MIN (lines->len, last + 1 + context);
  return TRUE;
}

/* Appends the hunk lines[start..end) after its `@@` line; @old_before and
 * @new_before count the lines of each side before it and move past it. */
static void
append_hunk (GString   *out,
             GPtrArray *lines,
             guint      start,
             guint      end,
             guint     *old_before,
             guint     *new_before)
{
  guint old_count = 0, new_count = 0;

  for (guint k = start; k < end; k++)
    {
      const PwDiffLine *line = g_ptr_array_index (lines, k);

      if (line->op != PW_DIFF_ADDED)
        old_count++;
      if (line->op != PW_DIFF_REMOVED)
        new_count++;
    }

  g_string_append (out, "@@ ");
  append_range (out, '-', *old_before, old_count);
  g_string_append_c (out, ' ');
  append_range (out, '+', *new_before, new_count);
  g_string_append (out, " @@\n");

  for (guint k = start; k < end; k++)
    {
      const PwDiffLine *line = g_ptr_array_index (lines, k);
      char sign = line->op == PW_DIFF_ADDED ? '+' : line->op == PW_DIFF_REMOVED ? '-' : ' ';

      g_string_append_c (out, sign);
      g_string_append (out, line->text);
      g_string_append_c (out, '\n');
    }

  *old_before += old_count;
  *new_before += new_count;
}

/**
 * pw_diff_format_unified:
 * @lines: (element-type PwDiffLine): from pw_diff_lines()
 * @old_name: the name on the `---` line
 * @new_name: the name on the `+++` line
 * @context: the number of unchanged lines around each change
 *
 * Formats @lines as `diff -u` would: a `---`/`+++` header, then `@@` hunks
 * that merge changes closer than 2 × @context lines.
 *
 * Returns: (transfer full): the unified diff, or "" when nothing changed
 */
char *
pw_diff_format_unified (GPtrArray  *lines,
                        const char *old_name,
                        const char *new_name,
                        guint       context)
{
  GString *out = g_string_new (NULL);
  guint old_before = 0, new_before = 0;
  guint pos = 0, start, end;

  g_return_val_if_fail (lines != NULL, NULL);

  while (pos < lines->len && find_hunk (lines, pos, context, &start, &end))
    {
      /* The lines between two hunks are unchanged: one of each side. */
      old_before += start - pos;
      new_before += start - pos;
      if (out->len == 0)
        g_string_append_printf (out, "--- %s\n+++ %s\n", old_name, new_name);
      append_hunk (out, lines, start, end, &old_before, &new_before);
      pos = end;
    }

  return g_string_free (out, FALSE);
}

/**
 * pw_diff_line_free:
 * @line: (nullable): a line from pw_diff_lines()
 */
void
pw_diff_line_free (PwDiffLine *line)
{
  if (line == NULL)
    return;

  g_free (line->text);
  g_free (line);
}
