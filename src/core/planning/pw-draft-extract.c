/* pw-draft-extract.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-draft-extract"

#include "config.h"

#include <string.h>

#include "pw-draft-extract.h"

/* What the offline draft knows about one endpoint, read from its own
 * section of the API plan in the forms the plans in the wild use: JSON
 * examples (fenced or not, with comments and "string (required)" values),
 * TypeScript-like shapes (`{ email: string, password?: string }`), tables
 * (a header row names the columns; one row is enough), field lists
 * (`- \`title\` (string, required): …`) and markdown with `\_` escapes.
 * Every item keeps the spec's own words: its type, required or optional
 * only when the spec says so, and the rest of its line as notes (limits,
 * defaults, enum values).  Status codes keep the spec's reason for them.
 */

#define NO_PLACE ((PwDraftPlace) -1)
#define MERGE_ONLY ((PwDraftPlace) -2)
#define UNKNOWN_PLACE ((PwDraftPlace) -3)

typedef struct
{
  PwDraftFacts *facts;
  const char   *method;
  const char   *path;
  PwDraftPlace  place;        /* the last label seen, NO_PLACE for errors */
  gboolean      in_fence;
  gboolean      code_fence;   /* a fence that is not JSON/TS (sql, bash…) */
  int           depth;        /* '{' nesting of the current JSON or shape */
  PwDraftPlace  block_place;
  char         *parents[4];
  int           table_cols[4]; /* name, type, required, place; -1 when absent */
  gboolean      in_table;
  guint         line;
  guint         last_code;   /* the status the last status line named */
} Scan;

enum { COL_NAME, COL_TYPE, COL_REQUIRED, COL_PLACE };

static const guint known_codes[] = {
  200, 201, 202, 204, 301, 302, 304, 400, 401, 402, 403, 404, 405, 406, 408, 409, 410, 412, 413,
  415, 422, 423, 424, 429, 500, 501, 502, 503, 504
};

static const char * const label_words[] = {
  "success", "successful", "errors", "error", "response", "responses", "query", "request",
  "body", "returns", "headers", "header", "description", "example", "note", "notes", "auth",
  "authentication", "authorization", "params", "parameters", "path", "method", "url",
  "endpoint", "status", "purpose", "opis", "odpowiedź", "błędy", "sukces", "walidacja",
  "validation", "permissions", "uprawnienia", "uwierzytelnianie", "payload", "input",
  "output", "notatki", "logic", "business", NULL
};

static void
field_free (PwDraftField *field)
{
  g_free (field->name);
  g_free (field->type);
  g_free (field->notes);
  g_free (field);
}

static void
status_free (PwDraftStatus *status)
{
  g_free (status->reason);
  g_free (status);
}

/**
 * pw_draft_unescape:
 * @text: markdown
 *
 * Drops the backslash of markdown escapes (`\_`, `\*`, `\#`, `\[`…) but
 * keeps `\|`, which is a pipe inside a table cell.
 *
 * Returns: (transfer full): the text without the escapes
 */
char *
pw_draft_unescape (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] != '\0' && p[1] != '|' && strchr ("_*#[]()-.!`<>{}+~", p[1]))
        continue;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_label_word (const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);

  return g_strv_contains (label_words, lower);
}

/**
 * pw_draft_facts_find:
 * @name: a field name
 *
 * Returns: (nullable) (transfer none): the field of that name
 */
PwDraftField *
pw_draft_facts_find (PwDraftFacts *facts,
                     const char   *name)
{
  for (guint i = 0; i < facts->fields->len; i++)
    {
      PwDraftField *field = g_ptr_array_index (facts->fields, i);

      if (g_str_equal (field->name, name))
        return field;
    }
  return NULL;
}

/* The field of that name in @place; a field of the response is another
 * field than the request's of the same name.  With MERGE_ONLY, the first
 * input field of that name. */
static PwDraftField *
find_in_place (PwDraftFacts *facts,
               const char   *name,
               PwDraftPlace  place)
{
  for (guint i = 0; i < facts->fields->len; i++)
    {
      PwDraftField *field = g_ptr_array_index (facts->fields, i);
      gboolean same = place == MERGE_ONLY ? field->place != PW_DRAFT_PLACE_RESPONSE
                                          : field->place == place;

      if (same && g_str_equal (field->name, name))
        return field;
    }
  return NULL;
}

/* Adds a field, or completes the one of that name: a validation list
 * often states the flag of a field the JSON example only shows. */
static void
add_field (Scan        *scan,
           const char  *name,
           PwDraftPlace place,
           const char  *type,
           PwDraftFlag  flag,
           const char  *notes)
{
  PwDraftField *field = find_in_place (scan->facts, name, place);

  if (field == NULL && place == MERGE_ONLY)
    return;
  if (field == NULL)
    {
      field = g_new0 (PwDraftField, 1);
      field->name = g_strdup (name);
      field->place = place;
      field->line = scan->line;
      g_ptr_array_add (scan->facts->fields, field);
    }
  if (field->type == NULL && type != NULL && *type != '\0')
    field->type = g_strdup (type);
  if (field->flag == PW_DRAFT_FLAG_UNSTATED)
    field->flag = flag;
  if (notes != NULL && *notes != '\0' && (field->notes == NULL || strstr (field->notes, notes) == NULL))
    {
      char *joined = field->notes != NULL ? g_strdup_printf ("%s; %s", field->notes, notes)
                                          : g_strdup (notes);

      g_free (field->notes);
      field->notes = joined;
    }
}

/* "required" wins over "optional" unless negated ("not required"). */
static PwDraftFlag
flag_of (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);

  if (strstr (lower, "not required") != NULL || strstr (lower, "niewymagan") != NULL)
    return PW_DRAFT_FLAG_OPTIONAL;
  if (strstr (lower, "required") != NULL || strstr (lower, "wymagan") != NULL ||
      strstr (lower, "obowiązk") != NULL || strstr (lower, "mandatory") != NULL)
    return PW_DRAFT_FLAG_REQUIRED;
  if (strstr (lower, "optional") != NULL || strstr (lower, "opcjonaln") != NULL)
    return PW_DRAFT_FLAG_OPTIONAL;
  return PW_DRAFT_FLAG_UNSTATED;
}

/* The type a value shows: a type word, an enum "a|b|c", or a literal. */
static char *
type_of (const char *value)
{
  static const char * const types[] = {
    "string", "number", "integer", "int", "boolean", "bool", "uuid", "timestamp", "datetime",
    "date", "array", "object", "enum", "float", "decimal", "text", "email", "url", NULL
  };
  g_autofree char *lower = g_utf8_strdown (value, -1);
  const char *p = lower + strspn (lower, " \"'`");
  gsize n = strspn (p, "abcdefghijklmnopqrstuvwxyz");

  for (guint i = 0; types[i] != NULL; i++)
    {
      if (n == strlen (types[i]) && strncmp (p, types[i], n) == 0)
        return g_strndup (p, n);
    }
  if (g_regex_match_simple ("^\"?[a-z_]+(\\|[a-z_]+)+", p, 0, 0))
    return g_strdup ("enum");
  if (value[strspn (value, " ")] == '"')
    return g_strdup ("string");
  if (*p == '[')
    return g_strdup ("array");
  if (*p == '{')
    return g_strdup ("object");
  if (g_ascii_isdigit (*p) || *p == '-')
    return g_strdup ("number");
  if (g_str_has_prefix (p, "true") || g_str_has_prefix (p, "false"))
    return g_strdup ("boolean");
  if (*value != '\0' && value[strspn (value, " ")] == '"')
    return g_strdup ("string");
  return NULL;
}

/* The notes of a value: its text without quotes, commas and a lone type. */
static char *
notes_of (const char *value,
          const char *type)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));
  GString *out = g_string_new (NULL);

  for (const char *p = copy; *p != '\0'; p++)
    {
      if (*p != '"')
        g_string_append_c (out, *p);
    }
  while (out->len > 0 && strchr (",;{[ ", out->str[out->len - 1]) != NULL)
    g_string_truncate (out, out->len - 1);
  if (out->len == 0 || (type != NULL && g_ascii_strcasecmp (out->str, type) == 0))
    g_string_truncate (out, 0);
  return g_string_free (out, out->len == 0);
}

static void
push_parent (Scan       *scan,
             int         depth,
             const char *name)
{
  if (depth >= 0 && depth < (int) G_N_ELEMENTS (scan->parents))
    {
      g_free (scan->parents[depth]);
      scan->parents[depth] = g_strdup (name);
    }
}

/* One `"name": value` or `name?: type` line of a JSON example or shape. */
static void
block_key (Scan       *scan,
           const char *name,
           gboolean    question,
           const char *value,
           int         depth)
{
  g_autofree char *type = type_of (value);
  g_autofree char *notes = notes_of (value, type);
  g_autofree char *full = NULL;
  PwDraftFlag flag = question ? PW_DRAFT_FLAG_OPTIONAL : flag_of (value);

  if (depth < 1 || depth > 2)
    return;
  /* The key opens an object or an array of them: it is the parent of
   * the keys one level down; any other key ends the previous parent. */
  if ((strchr (value, '{') != NULL && strchr (value, '}') == NULL) ||
      (strchr (value, '[') != NULL && strchr (value, ']') == NULL))
    push_parent (scan, depth, name);
  else
    push_parent (scan, depth, NULL);
  if (depth == 2 && scan->parents[1] != NULL)
    full = g_strdup_printf ("%s.%s", scan->parents[1], name);
  add_field (scan, full != NULL ? full : name, scan->block_place, type, flag, notes);
}

static int
brace_balance (const char *line)
{
  int balance = 0;
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (*p == '"' && (p == line || p[-1] != '\\'))
        quoted = !quoted;
      else if (!quoted && *p == '{')
        balance++;
      else if (!quoted && *p == '}')
        balance--;
      else if (!quoted && p[0] == '/' && p[1] == '/')
        break;
    }
  return balance;
}

/* One piece of a JSON example or a TypeScript shape: a key and its value. */
static void
scan_piece (Scan       *scan,
            const char *piece)
{
  static GRegex *key = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  int depth = scan->depth;

  if (key == NULL)
    key = g_regex_new ("^\\s*(?:readonly\\s+)?\"?([A-Za-z_$][A-Za-z0-9_$]*)\"?(\\?)?\\s*:\\s*(.*)$",
                       G_REGEX_OPTIMIZE, 0, NULL);
  /* A piece opening with "}" closes before its key: `}, "next": 1`. */
  if (piece[strspn (piece, " \t")] == '}')
    depth--;
  if (g_regex_match (key, piece, 0, &match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *question = g_match_info_fetch (match, 2);
      g_autofree char *value = g_match_info_fetch (match, 3);

      block_key (scan, name, *question != '\0', value, depth);
    }
  scan->depth = MAX (0, scan->depth + brace_balance (piece));
}

static guint
count_keys (const char *line)
{
  static GRegex *keys = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0;

  if (keys == NULL)
    keys = g_regex_new ("(?:^|[{,;])\\s*\"?[A-Za-z_$][A-Za-z0-9_$]*\"?\\??\\s*:", G_REGEX_OPTIMIZE, 0, NULL);
  g_regex_match (keys, line, 0, &match);
  while (g_match_info_matches (match))
    {
      n++;
      g_match_info_next (match, NULL);
    }
  return n;
}

static void
track_nesting (char      c,
               gboolean *quoted,
               int      *nested)
{
  if (c == '"')
    *quoted = !*quoted;
  else if (!*quoted && (c == '[' || c == '('))
    (*nested)++;
  else if (!*quoted && (c == ']' || c == ')'))
    *nested = MAX (0, *nested - 1);
}

static void
flush_piece (Scan    *scan,
             GString *piece)
{
  if (piece->len == 0)
    return;
  scan_piece (scan, piece->str);
  g_string_truncate (piece, 0);
}

/* A line inside a JSON example or a TypeScript shape.  A line with
 * several keys (`{ "a": 1, "b": { "c": 2 } }`) is cut after each "{",
 * "," or ";" and before each "}" outside quotes, brackets and parentheses,
 * so each key is read at its own depth. */
static void
scan_block_line (Scan       *scan,
                 const char *line)
{
  g_autoptr(GString) piece = g_string_new (NULL);
  gboolean quoted = FALSE;
  int nested = 0;

  if (count_keys (line) < 2)
    {
      scan_piece (scan, line);
      return;
    }
  for (const char *p = line; *p != '\0'; p++)
    {
      track_nesting (*p, &quoted, &nested);
      if (!quoted && *p == '}')
        flush_piece (scan, piece);
      g_string_append_c (piece, *p);
      if (!quoted && (*p == '{' || ((*p == ',' || *p == ';') && nested == 0)))
        flush_piece (scan, piece);
    }
  flush_piece (scan, piece);
}

/* `{ email: string, password?: string }` on one line, outside a fence. */
static gboolean
scan_inline_shape (Scan       *scan,
                   const char *line)
{
  const char *open = strchr (line, '{');

  if (scan->place == NO_PLACE && open != NULL)
    return TRUE;
  if (open == NULL || brace_balance (line) != 0 || count_keys (open) == 0 ||
      !g_regex_match_simple ("\\{\\s*\"?[A-Za-z_$][A-Za-z0-9_$]*\"?\\??\\s*:", open, 0, 0))
    return FALSE;
  scan->block_place = (int) scan->place >= 0 ? scan->place
                      : g_str_equal (scan->method, "GET") ? PW_DRAFT_PLACE_RESPONSE : PW_DRAFT_PLACE_BODY;
  scan->depth = 0;
  scan_block_line (scan, open);
  scan->depth = 0;
  return TRUE;
}

static PwDraftPlace
place_of_label (const char *lower,
                const char *method)
{
  static const struct { const char *words; PwDraftPlace place; } labels[] = {
    { "path param|parametry ścieżki|parametr ścieżki|url param|route param", PW_DRAFT_PLACE_PATH },
    { "query|parametry zapytania|filtr|search param", PW_DRAFT_PLACE_QUERY },
    { "header|nagłówk", PW_DRAFT_PLACE_HEADER },
    { "error|błęd|błąd|status code|kody|failure", NO_PLACE },
    { "validation|walidac|business|logika|reguły|rules", MERGE_ONLY },
    { "response|odpowied|returns|zwraca|success|sukces|output|wynik", PW_DRAFT_PLACE_RESPONSE },
    { "request|body|payload|ciało|treść|żądani|input|dane wejściowe", PW_DRAFT_PLACE_BODY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_auto(GStrv) words = g_strsplit (labels[i].words, "|", -1);

      for (guint j = 0; words[j] != NULL; j++)
        {
          if (strstr (lower, words[j]) != NULL)
            return labels[i].place;
        }
    }
  if (strstr (lower, "param") != NULL || strstr (lower, "parametr") != NULL)
    return g_str_equal (method, "GET") || g_str_equal (method, "DELETE")
           ? PW_DRAFT_PLACE_QUERY : PW_DRAFT_PLACE_BODY;
  return UNKNOWN_PLACE;
}

/* Headings, bold labels and short "Label:" lines switch the place the
 * next fields belong to. */
static void
follow_label (Scan       *scan,
              const char *trimmed)
{
  g_autofree char *lower = NULL;
  PwDraftPlace place;
  gboolean label = trimmed[0] == '#' || g_str_has_prefix (trimmed, "**") ||
                   g_str_has_prefix (trimmed, "- **") || g_str_has_prefix (trimmed, "* **") ||
                   (strlen (trimmed) < 60 && strchr (trimmed, ':') != NULL);

  if (!label)
    return;
  lower = g_utf8_strdown (trimmed, -1);
  place = place_of_label (lower, scan->method);
  if (place != UNKNOWN_PLACE)
    scan->place = place;
}

/* The place a field goes when no label named one: its own words, then
 * the path, then the method. */
static PwDraftPlace
default_place (Scan       *scan,
               const char *name,
               const char *notes)
{
  g_autofree char *needle = g_strdup_printf ("{%s}", name);
  g_autofree char *colon = g_strdup_printf (":%s", name);
  g_autofree char *lower = notes != NULL ? g_utf8_strdown (notes, -1) : g_strdup ("");

  if (strstr (scan->path, needle) != NULL || strstr (scan->path, colon) != NULL ||
      strstr (lower, "path") != NULL)
    return PW_DRAFT_PLACE_PATH;
  if (strstr (lower, "query") != NULL)
    return PW_DRAFT_PLACE_QUERY;
  if (scan->place != NO_PLACE && scan->place != UNKNOWN_PLACE)
    return scan->place;
  return g_str_equal (scan->method, "GET") || g_str_equal (scan->method, "DELETE")
         ? PW_DRAFT_PLACE_QUERY : PW_DRAFT_PLACE_BODY;
}

/* "… and `limit` (optional, default 20, 1–100)": more fields in the
 * rest of a bullet, each a backticked name with its parentheses. */
static void
scan_more_names (Scan       *scan,
                 const char *rest)
{
  static GRegex *more = NULL;
  g_autoptr(GMatchInfo) match = NULL;

  if (more == NULL)
    more = g_regex_new ("`([a-z_][A-Za-z0-9_]*)`\\s*\\(([^)]*)\\)", G_REGEX_OPTIMIZE, 0, NULL);
  if (scan->place == MERGE_ONLY)
    return;
  g_regex_match (more, rest, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *paren = g_match_info_fetch (match, 2);
      g_autofree char *type = type_of (paren);

      if (!is_label_word (name))
        add_field (scan, name, default_place (scan, name, paren), type, flag_of (paren), paren);
      g_match_info_next (match, NULL);
    }
}

/* `- \`title\` (string, required): max 200 characters` and the like. */
static gboolean
scan_bullet (Scan       *scan,
             const char *line)
{
  static GRegex *bullet = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *ticked = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *paren = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *notes = NULL;
  const char *name;

  if (bullet == NULL)
    bullet = g_regex_new ("^\\s*(?:[-*+]|[0-9]+\\.)\\s+(?:\\*\\*)?(?:`([A-Za-z_][A-Za-z0-9_.\\[\\]-]*)`|"
                          "([a-z_][A-Za-z0-9_]*))(?:\\*\\*)?\\s*(?:\\(([^)]*)\\))?\\s*"
                          "(?:[:–—-]\\s*)?(.*)$", G_REGEX_OPTIMIZE, 0, NULL);
  if (scan->place == NO_PLACE || !g_regex_match (bullet, line, 0, &match))
    return FALSE;
  ticked = g_match_info_fetch (match, 1);
  bare = g_match_info_fetch (match, 2);
  paren = g_match_info_fetch (match, 3);
  rest = g_match_info_fetch (match, 4);
  name = *ticked != '\0' ? ticked : bare;
  /* A bare word is a field only with a "(type)" or in a list of fields. */
  if (*ticked == '\0' && (is_label_word (name) || (*paren == '\0' && scan->place == UNKNOWN_PLACE)))
    return FALSE;
  notes = *paren != '\0' && *rest != '\0' ? g_strdup_printf ("(%s) %s", paren, rest)
                                          : g_strdup (*paren != '\0' ? paren : rest);
  {
    g_autofree char *type = type_of (*paren != '\0' ? paren : rest);
    PwDraftPlace place = scan->place == MERGE_ONLY ? MERGE_ONLY : default_place (scan, name, notes);

    add_field (scan, name, place, type, flag_of (notes), g_strstrip (notes));
  }
  scan_more_names (scan, rest);
  return TRUE;
}

static GPtrArray *
split_cells (const char *line)
{
  g_auto(GStrv) cells = g_regex_split_simple ("(?<!\\\\)\\|", line, 0, 0);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length (cells);

  /* Drop the empty cells before the first and after the last pipe. */
  for (guint i = 1; i + 1 < n; i++)
    g_ptr_array_add (out, g_strstrip (g_strdup (cells[i])));
  return out;
}

static void
scan_table_header (Scan       *scan,
                   GPtrArray  *cells)
{
  static const char * const words[] = {
    "field|name|param|pole|nazwa|parametr|column|atrybut|property|key",
    "type|typ", "required|wymagan|req|obowiązk|mandatory", "in|location|where|miejsce|source",
  };

  for (guint c = 0; c < G_N_ELEMENTS (scan->table_cols); c++)
    scan->table_cols[c] = -1;
  for (guint i = 0; i < cells->len; i++)
    {
      g_autofree char *lower = g_utf8_strdown (g_ptr_array_index (cells, i), -1);

      for (guint c = 0; c < G_N_ELEMENTS (words); c++)
        {
          g_autofree char *pattern = g_strdup_printf ("^\\**(%s)\\b", words[c]);

          if (scan->table_cols[c] < 0 && g_regex_match_simple (pattern, lower, 0, 0))
            scan->table_cols[c] = i;
        }
    }
  scan->in_table = scan->table_cols[COL_NAME] >= 0;
}

static char *
cell (GPtrArray *cells,
      int        index)
{
  if (index < 0 || (guint) index >= cells->len)
    return NULL;
  return g_strdup (g_strdelimit (g_ptr_array_index (cells, index), "`*", ' '));
}

static void
scan_table_row (Scan      *scan,
                GPtrArray *cells)
{
  g_autofree char *raw = cell (cells, scan->table_cols[COL_NAME]);
  g_autofree char *type = cell (cells, scan->table_cols[COL_TYPE]);
  g_autofree char *required = cell (cells, scan->table_cols[COL_REQUIRED]);
  g_autofree char *where = cell (cells, scan->table_cols[COL_PLACE]);
  g_autoptr(GString) notes = g_string_new (NULL);
  const char *name = raw != NULL ? g_strstrip (raw) : NULL;
  PwDraftFlag flag = PW_DRAFT_FLAG_UNSTATED;
  PwDraftPlace place;

  if (name == NULL || !g_regex_match_simple ("^[A-Za-z_][A-Za-z0-9_.\\[\\]]*$", name, 0, 0) ||
      is_label_word (name))
    return;
  for (guint i = 0; i < cells->len; i++)
    {
      const char *text = g_ptr_array_index (cells, i);

      if ((int) i != scan->table_cols[COL_NAME] && (int) i != scan->table_cols[COL_TYPE] && *text)
        g_string_append_printf (notes, "%s%s", notes->len > 0 ? "; " : "", text);
    }
  if (required != NULL)
    flag = g_regex_match_simple ("^\\s*(yes|true|tak|y|✓|✔|x|required|wymagan)", required,
                                 G_REGEX_CASELESS, 0)
           ? PW_DRAFT_FLAG_REQUIRED : PW_DRAFT_FLAG_OPTIONAL;
  else
    flag = flag_of (notes->str);
  place = scan->place == MERGE_ONLY ? MERGE_ONLY : default_place (scan, name, where != NULL ? where : notes->str);
  add_field (scan, name, place, type != NULL ? g_strstrip (type) : NULL, flag, notes->str);
}

/* A table: the header row names the columns, the separator row follows,
 * then any number of rows (one is enough). */
static void
scan_table (Scan        *scan,
            const char  *line,
            const char  *next)
{
  g_autoptr(GPtrArray) cells = split_cells (line);

  if (next != NULL && g_regex_match_simple ("^\\s*\\|?\\s*:?-{2,}", next, 0, 0))
    {
      scan_table_header (scan, cells);
      return;
    }
  if (scan->in_table && !g_regex_match_simple ("^\\s*\\|?\\s*:?-{2,}", line, 0, 0))
    scan_table_row (scan, cells);
}

static PwDraftStatus *
find_status (PwDraftFacts *facts,
             guint         code)
{
  for (guint i = 0; i < facts->statuses->len; i++)
    {
      PwDraftStatus *status = g_ptr_array_index (facts->statuses, i);

      if (status->code == code)
        return status;
    }
  return NULL;
}

static gboolean
is_known_code (guint code)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_codes); i++)
    {
      if (known_codes[i] == code)
        return TRUE;
    }
  return FALSE;
}

static void
add_status (PwDraftFacts *facts,
            guint         code,
            const char   *reason)
{
  PwDraftStatus *status = find_status (facts, code);
  g_autofree char *clean = g_strstrip (g_strdelimit (g_strdup (reason), "*`|", ' '));
  char *end;

  /* The reason runs to the end of its clause: no doubled spaces, no
   * space before a colon, no trailing punctuation or unopened ")". */
  while ((end = strstr (clean, "  ")) != NULL || (end = strstr (clean, " :")) != NULL)
    memmove (end, end + 1, strlen (end));
  while (*clean != '\0' && (strchr (",;.: ", clean[strlen (clean) - 1]) != NULL ||
                             (clean[strlen (clean) - 1] == ')' && strchr (clean, '(') == NULL)))
    clean[strlen (clean) - 1] = '\0';
  if (status == NULL)
    {
      status = g_new0 (PwDraftStatus, 1);
      status->code = code;
      g_ptr_array_add (facts->statuses, status);
    }
  if (*clean != '\0' && (status->reason == NULL || strlen (clean) > strlen (status->reason)))
    {
      g_free (status->reason);
      status->reason = g_strdup (clean + strspn (clean, ":–—- ("));
      /* "(invalid token)" loses its "(" above: then its ")" goes too. */
      if (g_str_has_suffix (status->reason, ")") && strchr (status->reason, '(') == NULL)
        status->reason[strlen (status->reason) - 1] = '\0';
    }
}

/* Status codes with the spec's words after each, up to the next code. */
static void
scan_statuses (Scan       *scan,
               const char *line)
{
  static GRegex *code = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *lower = g_utf8_strdown (line, -1);
  gboolean labelled = g_regex_match_simple ("status|code|error|success|kod|błęd|błąd|sukces|"
                                            "returns|zwraca|response|odpowied|^\\s*\\|", lower, 0, 0);
  int last_code = -1, last_end = 0, start, end;

  if (code == NULL)
    code = g_regex_new ("(?<![0-9.,/-])([1-5][0-9][0-9])(?![0-9.%])(\\s+(?:OK|Created|Accepted|No|Bad|"
                        "Unauthori[sz]ed|Forbidden|Not|Conflict|Unprocessable|Too|Internal|"
                        "Service|Payload|Gone|Method|Request|Precondition|Locked|Unsupported))?",
                        G_REGEX_OPTIMIZE, 0, NULL);
  g_regex_match (code, line, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *digits = g_match_info_fetch (match, 1);
      g_autofree char *phrase = g_match_info_fetch (match, 2);
      guint value = (guint) g_ascii_strtoull (digits, NULL, 10);

      g_match_info_fetch_pos (match, 1, &start, &end);
      if (is_known_code (value) && (labelled || (phrase != NULL && *phrase != '\0')))
        {
          g_autofree char *reason = last_code > 0 ? g_strndup (line + last_end, start - last_end) : NULL;

          if (last_code > 0)
            add_status (scan->facts, last_code, reason);
          last_code = value;
          last_end = end;
        }
      g_match_info_next (match, NULL);
    }
  if (last_code > 0)
    add_status (scan->facts, last_code, line + last_end);
  if (last_code > 0)
    scan->last_code = last_code;
}

/* A sub-line of a status line gives its message: `"error": "Bet already
 * exists"` or "Message: …" becomes part of the status's reason. */
static void
scan_status_message (Scan       *scan,
                     const char *line)
{
  static GRegex *message = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  PwDraftStatus *status = scan->last_code > 0 ? find_status (scan->facts, scan->last_code) : NULL;

  if (message == NULL)
    message = g_regex_new ("\"(?:error|message|reason|detail)\"\\s*:\\s*\"([^\"]+)\"|"
                           "^\\s+[-*]\\s+\\**(?:message|reason|description|opis|komunikat)\\**:?\\**:?\\s*([^`{]+)$",
                           G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
  if (status == NULL)
    return;
  g_regex_match (message, line, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *quoted = g_match_info_fetch (match, 1);
      g_autofree char *text = g_match_info_fetch (match, 2);
      const char *found = g_strstrip (quoted != NULL && *quoted != '\0' ? quoted : text);

      if (*found != '\0' && (status->reason == NULL || strstr (status->reason, found) == NULL))
        {
          char *joined = status->reason != NULL ? g_strdup_printf ("%s: %s", status->reason, found)
                                                : g_strdup (found);

          g_free (status->reason);
          status->reason = joined;
        }
      g_match_info_next (match, NULL);
    }
}

static char *
clean_line (const char *line)
{
  g_autofree char *copy = g_strdup (line + strspn (line, " \t-*+>"));
  char *bold;

  while ((bold = strstr (copy, "**")) != NULL)
    memmove (bold, bold + 2, strlen (bold + 2) + 1);
  return g_strstrip (g_steal_pointer (&copy));
}

static void
add_unique_line (GPtrArray  *lines,
                 const char *line)
{
  g_autofree char *clean = clean_line (line);

  if (strlen (clean) < 3 || strlen (clean) > 400 || g_str_has_prefix (clean, "|"))
    return;
  for (guint i = 0; i < lines->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (lines, i), clean))
        return;
    }
  g_ptr_array_add (lines, g_steal_pointer (&clean));
}

/* Lines about sessions and tokens, and lines stating limits. */
static void
scan_prose (Scan       *scan,
            const char *line)
{
  static GRegex *auth = NULL;
  static GRegex *limit = NULL;

  if (auth == NULL)
    {
      auth = g_regex_new ("(?<!un)\\bauth(?!or)|token|jwt|bearer|session|sesj|zalogowan|uwierzyteln|"
                          "\\brls\\b|autoryzac|logged", G_REGEX_CASELESS | G_REGEX_OPTIMIZE,
                          0, NULL);
      limit = g_regex_new ("(\\bmax(imum|\\.)?\\b|\\bmin(imum|\\.)?\\b|limit|at most|at least|up to|between|≤|≥|<=|>=|"
                           "characters|chars|znak|length|długoś|unique|unikal|per (day|hour|minute)|"
                           "daily|dziennie|X-[A-Za-z]+-|rate|idempoten|range|zakres|must be|musi)",
                           G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
    }
  if (g_regex_match (auth, line, 0, NULL) && !g_regex_match_simple ("\\b[45][0-9][0-9]\\b", line, 0, 0))
    add_unique_line (scan->facts->auth, line);
  if (g_regex_match (limit, line, 0, NULL) && g_regex_match_simple ("[0-9]|X-", line, 0, 0))
    add_unique_line (scan->facts->constraints, line);
}

static void
scan_fence_edge (Scan       *scan,
                 const char *trimmed)
{
  g_autofree char *lang = g_utf8_strdown (trimmed + 3, -1);

  scan->in_fence = !scan->in_fence;
  scan->depth = 0;
  for (guint i = 0; i < G_N_ELEMENTS (scan->parents); i++)
    g_clear_pointer (&scan->parents[i], g_free);
  if (!scan->in_fence)
    return;
  g_strstrip (lang);
  scan->code_fence = *lang != '\0' && !g_regex_match_simple ("^(json|jsonc|json5|ts|typescript|"
                                                               "js|javascript|http|text)", lang, 0, 0);
  /* An error response example names no field of the endpoint. */
  if (scan->place == NO_PLACE)
    scan->code_fence = TRUE;
  scan->block_place = scan->place;
  if (scan->block_place == NO_PLACE || scan->block_place == MERGE_ONLY ||
      scan->block_place == UNKNOWN_PLACE)
    scan->block_place = g_str_equal (scan->method, "GET") || g_str_equal (scan->method, "DELETE")
                        ? PW_DRAFT_PLACE_RESPONSE : PW_DRAFT_PLACE_BODY;
}

/* A line that is neither a field bullet nor a shape: fields after a
 * label, a validation rule, or the start of an unfenced JSON block. */
static void
scan_other_line (Scan       *scan,
                 const char *line,
                 const char *trimmed)
{
  const char *tick = strchr (trimmed, '`');

  /* "- Query Params: `includeDefaults` (boolean, default `false`)". */
  if (tick != NULL && memchr (trimmed, ':', tick - trimmed) != NULL)
    scan_more_names (scan, tick);
  /* A rule under a validation label, with or without a number. */
  if (scan->place == MERGE_ONLY && (*trimmed == '-' || *trimmed == '*') && trimmed[1] == ' ')
    add_unique_line (scan->facts->constraints, line);
  if (g_str_has_suffix (trimmed, "{"))
    {
      scan->block_place = (int) scan->place >= 0 ? scan->place : PW_DRAFT_PLACE_BODY;
      scan->depth = brace_balance (line);
    }
}

/* A line outside fences: a JSON or shape block may open here unfenced. */
static void
scan_plain_line (Scan       *scan,
                 const char *line,
                 const char *next)
{
  const char *trimmed = line + strspn (line, " \t");

  if (scan->depth > 0)
    {
      scan_block_line (scan, line);
      return;
    }
  if (line[0] == ' ' || line[0] == '\t')
    scan_status_message (scan, line);
  else if (*trimmed != '\0')
    scan->last_code = 0;
  follow_label (scan, trimmed);
  scan_statuses (scan, line);
  scan_prose (scan, line);
  if (*trimmed == '|')
    {
      scan_table (scan, line, next);
      return;
    }
  scan->in_table = FALSE;
  if (scan_inline_shape (scan, line) || scan_bullet (scan, line))
    return;
  scan_other_line (scan, line, trimmed);
}

static int
compare_statuses (gconstpointer a,
                  gconstpointer b)
{
  const PwDraftStatus *x = *(PwDraftStatus * const *) a;
  const PwDraftStatus *y = *(PwDraftStatus * const *) b;

  return (int) x->code - (int) y->code;
}

/* Path parameters come from the path even when the section does not list them. */
static void
add_path_params (Scan *scan)
{
  g_autoptr(GRegex) regex = g_regex_new ("\\{([A-Za-z_][A-Za-z0-9_]*)\\}|:([A-Za-z_][A-Za-z0-9_]*)",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, scan->path, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *braced = g_match_info_fetch (match, 1);
      g_autofree char *colon = g_match_info_fetch (match, 2);
      const char *name = braced != NULL && *braced != '\0' ? braced : colon;
      PwDraftField *field = pw_draft_facts_find (scan->facts, name);

      if (field == NULL)
        add_field (scan, name, PW_DRAFT_PLACE_PATH, NULL, PW_DRAFT_FLAG_REQUIRED, NULL);
      else
        {
          field->place = PW_DRAFT_PLACE_PATH;
          field->flag = PW_DRAFT_FLAG_REQUIRED;
        }
      g_match_info_next (match, NULL);
    }
}

static gboolean
mentions_word (const char *lower,
               const char *word)
{
  g_autofree char *escaped = g_regex_escape_string (word, -1);
  g_autofree char *pattern = g_strdup_printf ("(?<![A-Za-z0-9_])%s(?![A-Za-z0-9_])", escaped);

  return g_regex_match_simple (pattern, lower, G_REGEX_CASELESS, 0);
}

/* Whether the rules' lines from @line on are about @resource: a heading
 * or a short title line says which resource they are about, a top-level
 * bullet may name one too ("- **Books**: …"); other lines keep @about. */
static gboolean
is_about (const char *line,
          const char *resource,
          gboolean    about)
{
  gboolean title = line[0] == '#' || g_ascii_isdigit (line[0]) ||
                   (g_ascii_isalpha (line[0]) && strlen (line) < 40 && strchr (line, ':') == NULL);
  gboolean bullet = line[0] == '-' || line[0] == '*';

  if (!title && !bullet)
    return about;
  if (g_regex_match_simple (resource, line, G_REGEX_CASELESS, 0))
    return TRUE;
  return bullet && about && !g_str_has_prefix (line, "- **");
}

/* Whether the rule line is about @name: its first backticked name, or,
 * with none, a word of it. */
static gboolean
rule_names (const char *line,
            const char *name)
{
  const char *tick = strchr (line, '`');
  gsize n = strlen (name);

  if (tick != NULL)
    return strncmp (tick + 1, name, n) == 0 && tick[n + 1] == '`';
  return mentions_word (line, name);
}

/* Completes an unflagged field from one line of the rules about it. */
static void
complete_field (PwDraftField *field,
                const char   *line)
{
  g_autofree char *clean = clean_line (line);
  PwDraftFlag flag = flag_of (line);

  if (!rule_names (line, field->name) ||
      (flag == PW_DRAFT_FLAG_UNSTATED && !g_regex_match_simple ("[0-9]|must|musi|only|tylko|unique|unikal",
                                                                line, G_REGEX_CASELESS, 0)))
    return;
  if (field->flag == PW_DRAFT_FLAG_UNSTATED)
    field->flag = flag;
  if (field->notes == NULL || strstr (field->notes, clean) == NULL)
    {
      char *joined = field->notes != NULL ? g_strdup_printf ("%s; %s", field->notes, clean)
                                          : g_strdup (clean);

      g_free (field->notes);
      field->notes = joined;
    }
}

/**
 * pw_draft_facts_complete:
 * @rules: (nullable): the API plan's validation section
 * @resource: the word the endpoint's resource goes by ("book")
 *
 * Gives a field whose own section states no flag the one the validation
 * rules state for it, and their lines about it (a flag, a number, "must")
 * as notes; only lines under a heading, bullet or short title line that
 * names @resource, so a `title` rule of another resource is not taken.
 */
void
pw_draft_facts_complete (PwDraftFacts *facts,
                         const char   *rules,
                         const char   *resource)
{
  g_auto(GStrv) lines = NULL;
  gboolean about = FALSE;
  gboolean fenced = FALSE;

  if (rules == NULL || resource == NULL || strlen (resource) < 3)
    return;
  lines = g_strsplit (rules, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      /* A JSON schema in the rules is no rule about one field. */
      if (g_str_has_prefix (line + strspn (line, " "), "```"))
        fenced = !fenced;
      about = is_about (line, resource, about);
      if (!about || fenced)
        continue;
      for (guint j = 0; j < facts->fields->len; j++)
        complete_field (g_ptr_array_index (facts->fields, j), line);
    }
}

/**
 * pw_draft_extract:
 * @section: the endpoint's own section of the API plan
 * @method: its method, e.g. "POST"
 * @path: its path, e.g. "/api/books/{id}"
 * @first_line: the 1-based line where @section starts in its file
 *
 * Returns: (transfer full): what the section says about the endpoint
 */
PwDraftFacts *
pw_draft_extract (const char *section,
                  const char *method,
                  const char *path,
                  guint       first_line)
{
  g_autofree char *text = pw_draft_unescape (section != NULL ? section : "");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  PwDraftFacts *facts = pw_draft_facts_new (first_line);
  Scan scan = { 0 };

  scan.facts = facts;
  scan.method = method != NULL ? method : "";
  scan.path = path != NULL ? path : "";
  scan.place = UNKNOWN_PLACE;

  /* The first line is the endpoint's own heading. */
  for (guint i = lines[0] != NULL ? 1 : 0; lines[i] != NULL; i++)
    {
      const char *trimmed = lines[i] + strspn (lines[i], " \t");

      scan.line = first_line + i;
      g_strchomp (lines[i]);
      if (g_str_has_prefix (trimmed, "```") || g_str_has_prefix (trimmed, "~~~"))
        scan_fence_edge (&scan, trimmed);
      else if (scan.in_fence && !scan.code_fence)
        scan_block_line (&scan, lines[i]);
      else if (!scan.in_fence)
        scan_plain_line (&scan, lines[i], lines[i + 1]);
    }
  pw_draft_facts_finish (facts, scan.path);
  for (guint i = 0; i < G_N_ELEMENTS (scan.parents); i++)
    g_free (scan.parents[i]);
  return facts;
}

/**
 * pw_draft_facts_new:
 * @first_line: 1-based line of the section in the spec file
 *
 * Returns: (transfer full): facts with nothing in them yet
 */
PwDraftFacts *
pw_draft_facts_new (guint first_line)
{
  PwDraftFacts *facts = g_new0 (PwDraftFacts, 1);

  facts->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  facts->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) status_free);
  facts->auth = g_ptr_array_new_with_free_func (g_free);
  facts->constraints = g_ptr_array_new_with_free_func (g_free);
  facts->first_line = first_line;
  return facts;
}

/**
 * pw_draft_facts_add:
 * @type: (nullable): its type
 * @notes: (nullable): the spec's words about it
 * @line: its 1-based line in the spec file
 *
 * Adds a field, or completes the one of that name in @place.
 */
void
pw_draft_facts_add (PwDraftFacts *facts,
                    const char   *name,
                    PwDraftPlace  place,
                    const char   *type,
                    PwDraftFlag   flag,
                    const char   *notes,
                    guint         line)
{
  Scan scan = { 0 };

  scan.facts = facts;
  scan.line = line;
  add_field (&scan, name, place, type, flag, notes);
}

/**
 * pw_draft_facts_add_status:
 * @reason: (nullable): the spec's words for it
 *
 * Adds a status code, or gives the one known a longer reason.
 */
void
pw_draft_facts_add_status (PwDraftFacts *facts,
                           guint         code,
                           const char   *reason)
{
  add_status (facts, code, reason != NULL ? reason : "");
}

/**
 * pw_draft_facts_finish:
 * @path: the endpoint's path
 *
 * Adds the path's parameters not listed yet (required) and sorts the
 * statuses by code, as pw_draft_extract() does.
 */
void
pw_draft_facts_finish (PwDraftFacts *facts,
                       const char   *path)
{
  Scan scan = { 0 };

  scan.facts = facts;
  scan.path = path != NULL ? path : "";
  scan.line = facts->first_line;
  add_path_params (&scan);
  g_ptr_array_sort (facts->statuses, compare_statuses);
}

void
pw_draft_facts_free (PwDraftFacts *facts)
{
  if (facts == NULL)
    return;
  g_ptr_array_unref (facts->fields);
  g_ptr_array_unref (facts->statuses);
  g_ptr_array_unref (facts->auth);
  g_ptr_array_unref (facts->constraints);
  g_free (facts);
}

guint
pw_draft_facts_count (PwDraftFacts *facts,
                      PwDraftPlace  place)
{
  guint count = 0;

  for (guint i = 0; i < facts->fields->len; i++)
    count += ((PwDraftField *) g_ptr_array_index (facts->fields, i))->place == place;
  return count;
}

gboolean
pw_draft_facts_has_status (PwDraftFacts *facts,
                           guint         code)
{
  return find_status (facts, code) != NULL;
}
