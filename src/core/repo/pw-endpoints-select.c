/* pw-endpoints-select.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-endpoints"

#include "config.h"

#include "pw-endpoints.h"
#include "pw-endpoints-private.h"

/*
 * The second pass of endpoint extraction: which entries define endpoints,
 * and where their sections run.
 *
 * Real specs repeat their endpoints: summary tables in an appendix, workflow
 * lists, "future work" bullets, prose under a table.  The strong kinds
 * (headings and field pairs, which are how a spec *defines* an endpoint)
 * are always kept, and at most one weak kind (table rows or text lines): the
 * one that adds the most endpoints the strong kinds lack, and only when it
 * adds more than the strong kinds define.  A spec written as a table keeps
 * its table and drops the prose below it; a spec written with headings drops
 * its appendix table and its post-MVP bullet list.
 *
 * A hybrid plan lists a resource's endpoints in a `| Method | Path |` table
 * and details some of them under headings that follow it, nested under the
 * resource's heading or beside it.  Such a table is kept whatever the counts
 * say: each of its rows is an endpoint.  A detailed one keeps its heading's
 * section, in the table's order; a table-only one gets the section from the
 * resource's heading to the heading after its row, which holds the table
 * and the resource's prose around it, and runs on through headings right
 * after it that name it as context ("Query Params (`GET /recipes`)").
 */

typedef struct
{
  EndpointScan *scan;
  GHashTable   *strong;   /* key → the first heading or field-pair Candidate */
  GHashTable   *strong_starts; /* start + 1 of each of those */
  GHashTable   *contexts; /* start + 1 → context Candidate */
  guint        *plain_next[LEVEL_ENTRY]; /* [level][index] over the headings */
  gboolean      accept[N_KINDS];
  guint         line;     /* the line at line_offset */
  gsize         line_offset;
} Selection;

static char *
candidate_key (const Candidate *c)
{
  return g_strconcat (c->method, " ", c->path, NULL);
}

static gboolean
is_strong (const Candidate *c)
{
  return c->kind == KIND_HEADING || c->kind == KIND_FIELDS;
}

static TableInfo *
table_of (EndpointScan    *scan,
          const Candidate *c)
{
  if (c->table == 0)
    return NULL;

  return &g_array_index (scan->tables, TableInfo, c->table - 1);
}

static gboolean
is_accepted (Selection       *sel,
             const Candidate *c)
{
  TableInfo *table = table_of (sel->scan, c);

  return sel->accept[c->kind] || (table != NULL && table->hybrid);
}

/* Counts the line breaks in @text[0, @offset): LF, CRLF or a lone CR. */
static guint
count_breaks (const char *text,
              gsize       offset,
              gsize       length)
{
  guint breaks = 0;

  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= length || text[i + 1] != '\n')))
        breaks++;
    }

  return breaks;
}

/* Sections run to the next heading or kept entry of the same or a higher
 * level (a smaller level number).  Boundaries are sorted by start, and for
 * each level a table gives the first boundary at or after an index with at
 * most that level, so that each lookup is a binary search. */
typedef struct
{
  GArray *bounds;                   /* Boundary, sorted, one per start */
  guint  *next_le[LEVEL_ENTRY + 1]; /* [level][index] */
  gsize   length;
} SectionIndex;

static int
compare_boundaries (gconstpointer a,
                    gconstpointer b)
{
  const Boundary *x = a;
  const Boundary *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;

  return (int) x->level - (int) y->level;
}

/* Indexes @bounds, which it takes. */
static void
section_index_init (SectionIndex *index,
                    GArray       *bounds,
                    gsize         length)
{
  guint n;

  g_array_sort (bounds, compare_boundaries);

  /* Keep the highest level per start; the sort put it first. */
  index->bounds = g_array_new (FALSE, FALSE, sizeof (Boundary));
  for (guint i = 0; i < bounds->len; i++)
    {
      Boundary *b = &g_array_index (bounds, Boundary, i);

      if (index->bounds->len == 0
          || g_array_index (index->bounds, Boundary, index->bounds->len - 1).start != b->start)
        g_array_append_val (index->bounds, *b);
    }
  g_array_unref (bounds);

  n = index->bounds->len;
  for (guint level = 1; level <= LEVEL_ENTRY; level++)
    {
      guint *next = g_new (guint, n + 1);

      next[n] = n;
      for (guint i = n; i > 0; i--)
        {
          gboolean below = g_array_index (index->bounds, Boundary, i - 1).level <= level;

          next[i - 1] = below ? i - 1 : next[i];
        }
      index->next_le[level] = next;
    }
  index->next_le[0] = NULL;
  index->length = length;
}

static void
section_index_clear (SectionIndex *index)
{
  for (guint level = 1; level <= LEVEL_ENTRY; level++)
    g_free (index->next_le[level]);
  g_array_unref (index->bounds);
}

/* The index of the first boundary that starts after @start. */
static guint
first_after (SectionIndex *index,
             gsize         start)
{
  guint lo = 0;
  guint hi = index->bounds->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (index->bounds, Boundary, mid).start <= start)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static gsize
section_end (SectionIndex *index,
             gsize         start,
             guint         level)
{
  guint next;

  level = CLAMP (level, 1, LEVEL_ENTRY);
  next = index->next_le[level][first_after (index, start)];
  if (next >= index->bounds->len)
    return index->length;

  return g_array_index (index->bounds, Boundary, next).start;
}

static void
index_strong (Selection *sel)
{
  GArray *candidates = sel->scan->candidates;

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);
      char *key;

      if (!is_strong (c))
        continue;
      g_hash_table_add (sel->strong_starts, GSIZE_TO_POINTER (c->start + 1));
      key = candidate_key (c);
      if (g_hash_table_contains (sel->strong, key))
        g_free (key);
      else
        g_hash_table_insert (sel->strong, key, c);
    }
}

/* For each heading level, the first heading at or after an index that has
 * at most that level and defines no endpoint, so that details_end() is one
 * binary search. */
static void
index_plain_headings (Selection    *sel,
                      SectionIndex *headings)
{
  guint n = headings->bounds->len;

  for (guint level = 1; level < LEVEL_ENTRY; level++)
    {
      guint *next = g_new (guint, n + 1);

      next[n] = n;
      for (guint i = n; i > 0; i--)
        {
          Boundary *b = &g_array_index (headings->bounds, Boundary, i - 1);
          gboolean plain = b->level <= level
                           && !g_hash_table_contains (sel->strong_starts,
                                                      GSIZE_TO_POINTER (b->start + 1));

          next[i - 1] = plain ? i - 1 : next[i];
        }
      sel->plain_next[level] = next;
    }
}

/* Where the details of a table's endpoints may sit: up to the first heading
 * after the table, at the level of the table's heading or higher, that
 * defines no endpoint.  Details nest under the table's heading
 * ("### Recipes", table, "#### `POST /recipes`") or follow it as siblings
 * ("### Recipes", table, "### `POST /recipes`"). */
static gsize
details_end (Selection       *sel,
             SectionIndex    *headings,
             const TableInfo *table)
{
  guint level = CLAMP (table->heading_level, 1, LEVEL_ENTRY - 1);
  guint next = sel->plain_next[level][first_after (headings, table->start)];

  if (next >= headings->bounds->len)
    return headings->length;

  return g_array_index (headings->bounds, Boundary, next).start;
}

/* A table is hybrid when a row's endpoint is detailed under a heading after
 * it, before its details end. */
static void
mark_hybrid_tables (Selection    *sel,
                    SectionIndex *headings)
{
  GArray *candidates = sel->scan->candidates;

  index_plain_headings (sel, headings);
  for (guint i = 0; i < sel->scan->tables->len; i++)
    {
      TableInfo *table = &g_array_index (sel->scan->tables, TableInfo, i);

      if (table->has_heading)
        table->details_end = details_end (sel, headings, table);
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);
      TableInfo *table = table_of (sel->scan, c);
      g_autofree char *key = NULL;
      Candidate *detail;

      if (table == NULL || table->hybrid || !table->has_heading)
        continue;

      key = candidate_key (c);
      detail = g_hash_table_lookup (sel->strong, key);
      if (detail != NULL && detail->start > table->start && detail->start < table->details_end)
        table->hybrid = TRUE;
    }
}

/* Picks the weak kind to keep, if any; see the comment at the top. */
static void
choose_kinds (Selection *sel)
{
  GArray *candidates = sel->scan->candidates;
  g_autoptr(GHashTable) defined = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) table_new = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) text_new = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_table, n_text, n_defined;

  /* Hybrid tables define endpoints as headings do. */
  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);
      TableInfo *table = table_of (sel->scan, c);

      if (is_strong (c) || (table != NULL && table->hybrid))
        g_hash_table_add (defined, candidate_key (c));
    }

  for (guint i = 0; i < candidates->len; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);
      char *key;

      if (is_strong (c))
        continue;

      key = candidate_key (c);
      if (g_hash_table_contains (defined, key))
        g_free (key);
      else
        g_hash_table_add (c->kind == KIND_TABLE ? table_new : text_new, key);
    }

  n_defined = g_hash_table_size (defined);
  n_table = g_hash_table_size (table_new);
  n_text = g_hash_table_size (text_new);

  sel->accept[KIND_HEADING] = TRUE;
  sel->accept[KIND_FIELDS] = TRUE;
  sel->accept[KIND_TABLE] = n_table >= n_text && n_table > n_defined;
  sel->accept[KIND_TEXT] = n_text > n_table && n_text > n_defined;
}

/* Builds the endpoint from @c, its section [@start, @end) and the line of
 * @anchor. */
static PwEndpoint *
make_endpoint (Selection *sel,
               Candidate *c,
               gsize      start,
               gsize      end,
               gsize      anchor)
{
  EndpointScan *scan = sel->scan;
  PwEndpoint *endpoint = g_new0 (PwEndpoint, 1);

  endpoint->method = g_strdup (c->method);
  endpoint->path = g_strdup (c->path);
  endpoint->raw_path = g_strdup (c->raw_path);
  endpoint->title = g_strdup (c->title);
  endpoint->file = g_strdup (scan->file);
  endpoint->section_start = start;
  endpoint->section_end = end;

  /* Anchors mostly come in document order, so lines are counted
   * incrementally; one further back recounts. */
  if (anchor < sel->line_offset)
    {
      sel->line = 1;
      sel->line_offset = 0;
    }
  sel->line += count_breaks (scan->text + sel->line_offset, anchor - sel->line_offset,
                             scan->length - sel->line_offset);
  sel->line_offset = anchor;
  endpoint->line = sel->line;

  return endpoint;
}

/* The section of a table-only row of a hybrid table, from the resource's
 * heading to the heading after the row, runs on through the headings right
 * after it that name the row's endpoint ("Query Params (`GET /recipes`)"). */
static gsize
table_only_end (Selection       *sel,
                SectionIndex    *headings,
                const Candidate *c)
{
  gsize end = section_end (headings, c->start, LEVEL_ENTRY);
  Candidate *context;

  while ((context = g_hash_table_lookup (sel->contexts, GSIZE_TO_POINTER (end + 1))) != NULL
         && g_str_equal (context->method, c->method) && g_str_equal (context->path, c->path))
    end = section_end (headings, context->start, context->level);

  return end;
}

/* The endpoint that the kept entry @c defines first. */
static PwEndpoint *
endpoint_for (Selection    *sel,
              Candidate    *c,
              SectionIndex *sections,
              SectionIndex *headings)
{
  g_autofree char *key = candidate_key (c);
  Candidate *detail = is_strong (c) ? NULL : g_hash_table_lookup (sel->strong, key);
  TableInfo *table = table_of (sel->scan, c);

  /* A weak entry repeating a heading's endpoint takes the heading's
   * section, and lends its title when the heading has none. */
  if (detail != NULL)
    {
      if (detail->title == NULL)
        detail->title = g_steal_pointer (&c->title);
      return make_endpoint (sel, detail, detail->start,
                            section_end (sections, detail->start, detail->level), detail->start);
    }

  if (table != NULL && table->hybrid)
    return make_endpoint (sel, c, table->heading_start, table_only_end (sel, headings, c),
                          c->start);

  return make_endpoint (sel, c, c->start, section_end (sections, c->start, c->level), c->start);
}

/* Every heading and every kept entry starts a section. */
static GArray *
kept_boundaries (Selection *sel)
{
  GArray *bounds = g_array_copy (sel->scan->boundaries);

  for (guint i = 0; i < sel->scan->candidates->len; i++)
    {
      Candidate *c = &g_array_index (sel->scan->candidates, Candidate, i);
      Boundary b = { c->start, c->level };

      if (is_accepted (sel, c))
        g_array_append_val (bounds, b);
    }

  return bounds;
}

/**
 * pw_endpoints_select: (skip)
 * @scan: what the first pass found
 *
 * Returns: (transfer container) (element-type PwEndpoint): the endpoints
 *   the kept entries define, one per method and path, in entry order
 */
GPtrArray *
pw_endpoints_select (EndpointScan *scan)
{
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) strong = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) strong_starts = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) contexts = g_hash_table_new (g_direct_hash, g_direct_equal);
  Selection sel = { scan, strong, strong_starts, contexts, { NULL, }, { FALSE, }, 1, 0 };
  SectionIndex headings;
  SectionIndex sections;

  endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_endpoint_free);
  index_strong (&sel);
  for (guint i = 0; i < scan->contexts->len; i++)
    {
      Candidate *context = &g_array_index (scan->contexts, Candidate, i);

      g_hash_table_insert (contexts, GSIZE_TO_POINTER (context->start + 1), context);
    }
  section_index_init (&headings, g_array_copy (scan->boundaries), scan->length);
  mark_hybrid_tables (&sel, &headings);
  choose_kinds (&sel);
  section_index_init (&sections, kept_boundaries (&sel), scan->length);

  for (guint i = 0; i < scan->candidates->len; i++)
    {
      Candidate *c = &g_array_index (scan->candidates, Candidate, i);

      if (is_accepted (&sel, c) && g_hash_table_add (seen, candidate_key (c)))
        g_ptr_array_add (endpoints, endpoint_for (&sel, c, &sections, &headings));
    }

  section_index_clear (&sections);
  section_index_clear (&headings);
  for (guint level = 1; level < LEVEL_ENTRY; level++)
    g_free (sel.plain_next[level]);

  return g_steal_pointer (&endpoints);
}
