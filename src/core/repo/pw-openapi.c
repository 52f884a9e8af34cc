/* pw-openapi.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-openapi"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "pw-endpoints.h"
#include "pw-openapi.h"

/*
 * OpenAPI 3.x and Swagger 2.0 documents, JSON or YAML.
 *
 * Both formats load into one json-glib tree: JSON through JsonParser, YAML
 * through libyaml's event parser (plain scalars resolved by the YAML 1.2
 * core schema, anchors shared by reference, `<<` merge keys applied, a
 * repeated key replacing the earlier one as in JsonParser).  The objects of
 * the first levels (the root, `paths`, a path item, an operation) keep the
 * line they start on, so that an operation knows its line.
 *
 * Operations are the lower-case HTTP method keys of the path items under
 * `paths`; `x-` keys, `webhooks` and `callbacks` are not operations.  A path
 * item that is a local `$ref` takes the operations of its target.
 *
 * An operation's own section, for the prompt, is written as YAML: the
 * operation with the path item's parameters merged in, every local `$ref`
 * expanded in place (nested a bounded depth, a cycle left as the
 * `$ref` with a `# cycle` comment), extension keys and `examples` left out,
 * strings and the whole section bounded: a section too long is written again
 * with less detail (shorter strings, fewer nested `$ref`s, no descriptions)
 * and cut only when even that does not fit.
 */

/* Objects down to this depth remember their line: root, paths, item,
 * operation; and an operation of `components/pathItems`. */
#define LINE_DEPTH 5

#define PATH_ITEM_REF_DEPTH  8
#define SECTION_SOFT_LIMIT   (12 * 1024)
#define SECTION_HARD_LIMIT   (24 * 1024)
/* Kept for `responses` while the members before it are written. */
#define RESPONSES_RESERVE    (4 * 1024)

/* How much of an operation its section shows.  A section is written at the
 * first level that fits SECTION_HARD_LIMIT; past the last, it is cut. */
typedef struct
{
  gsize    string_limit;   /* bytes of a string; a shortened one ends at its first line */
  guint    ref_depth;      /* `$ref`s expanded inside one another */
  gboolean descriptions;   /* and examples */
} Detail;

static const Detail details[] = {
  { 1200, 8, TRUE },
  { 160, 4, TRUE },
  { 80, 2, FALSE },
};

static const char * const http_methods[] = {
  "get", "put", "post", "delete", "options", "head", "patch", "trace",
};

G_DEFINE_QUARK (pw-openapi-error-quark, pw_openapi_error)

static gboolean
is_http_method (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (http_methods); i++)
    if (g_str_equal (name, http_methods[i]))
      return TRUE;

  return FALSE;
}

typedef struct
{
  JsonNode   *root;
  guint       root_line;
  GHashTable *lines;        /* JsonObject* → line */
  gboolean    listing;      /* only what listing the operations reads (YAML) */
} Tree;

static void
tree_clear (Tree *tree)
{
  g_clear_pointer (&tree->root, json_node_unref);
  g_clear_pointer (&tree->lines, g_hash_table_unref);
}

static guint
line_at_offset (const char *text,
                gsize       length,
                gsize       offset,
                guint      *column)
{
  guint line = 1;
  gsize line_start = 0;

  offset = MIN (offset, length);
  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      {
        line++;
        line_start = i + 1;
      }

  *column = offset - line_start + 1;

  return line;
}

static gsize
skip_bom (const char *text,
          gsize       length)
{
  return length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* ---- Plain YAML scalars (the YAML 1.2 core schema) ---- */

typedef enum
{
  SCALAR_STRING,
  SCALAR_NULL,
  SCALAR_BOOL,
  SCALAR_INT,
  SCALAR_FLOAT,
} ScalarKind;

static gboolean
all_digits (const char *s)
{
  if (!g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    s++;

  return *s == '\0';
}

static gboolean
is_float_text (const char *s)
{
  gboolean digits = FALSE;

  if (*s == '-' || *s == '+')
    s++;
  while (g_ascii_isdigit (*s))
    s++, digits = TRUE;
  if (*s == '.')
    {
      s++;
      while (g_ascii_isdigit (*s))
        s++, digits = TRUE;
    }
  if (!digits)
    return FALSE;
  if (*s == 'e' || *s == 'E')
    {
      s++;
      if (*s == '-' || *s == '+')
        s++;
      return all_digits (s);
    }

  return *s == '\0';
}

static ScalarKind
plain_scalar_kind (const char *s)
{
  static const char * const nulls[] = { "", "~", "null", "Null", "NULL" };
  static const char * const bools[] = { "true", "True", "TRUE", "false", "False", "FALSE" };

  /* Only these first characters can start anything but a string. */
  if (*s != '\0' && strchr ("~nNtTfF0123456789-+.", *s) == NULL)
    return SCALAR_STRING;

  for (guint i = 0; i < G_N_ELEMENTS (nulls); i++)
    if (g_str_equal (s, nulls[i]))
      return SCALAR_NULL;
  for (guint i = 0; i < G_N_ELEMENTS (bools); i++)
    if (g_str_equal (s, bools[i]))
      return SCALAR_BOOL;
  if (all_digits (s + (*s == '-' || *s == '+')))
    return SCALAR_INT;
  if (is_float_text (s))
    return SCALAR_FLOAT;

  return SCALAR_STRING;
}

static JsonNode *
scalar_node (const char *value,
             gboolean    plain)
{
  JsonNode *node = json_node_alloc ();
  char *end = NULL;
  gint64 number;

  switch (plain ? plain_scalar_kind (value) : SCALAR_STRING)
    {
    case SCALAR_NULL:
      return json_node_init_null (node);
    case SCALAR_BOOL:
      return json_node_init_boolean (node, g_ascii_tolower (*value) == 't');
    case SCALAR_INT:
      errno = 0;
      number = g_ascii_strtoll (value, &end, 10);
      if (errno == 0 && *end == '\0')
        return json_node_init_int (node, number);
      break;
    case SCALAR_FLOAT:
      return json_node_init_double (node, g_ascii_strtod (value, NULL));
    case SCALAR_STRING:
    default:
      break;
    }

  return json_node_init_string (node, value);
}

/* ---- YAML loading (libyaml events) ---- */

typedef struct
{
  JsonNode *node;       /* (owned) object or array */
  char     *key;        /* (owned) (nullable) a mapping's pending key */
  gboolean  key_merge;  /* the pending key is a plain `<<` */
  char     *anchor;     /* (owned) (nullable) */
  guint     line;
  guint     key_line;
} Frame;

typedef struct
{
  const char  *text;
  gsize        length;
  const char  *file;
  GArray      *frames;   /* Frame */
  GHashTable  *anchors;  /* name → JsonNode (owned reference) */
  Tree        *tree;

  /* Listing: values nobody reads are parsed but not built. */
  guint        skip_depth;       /* > 0 inside such a value */
  GHashTable  *skipped_anchors;  /* anchors defined inside one */
  gboolean     need_full;        /* an alias refers to one: build everything */
} YamlLoader;

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->node, json_node_unref);
  g_clear_pointer (&frame->key, g_free);
  g_clear_pointer (&frame->anchor, g_free);
}

static Frame *
top_frame (YamlLoader *self)
{
  if (self->frames->len == 0)
    return NULL;

  return &g_array_index (self->frames, Frame, self->frames->len - 1);
}

static gboolean
expects_key (YamlLoader *self)
{
  Frame *top = top_frame (self);

  return top != NULL && JSON_NODE_HOLDS_OBJECT (top->node) && top->key == NULL;
}

static gboolean
yaml_fail (YamlLoader        *self,
           const yaml_mark_t *mark,
           const char        *problem,
           GError           **error)
{
  g_set_error (error, PW_OPENAPI_ERROR, PW_OPENAPI_ERROR_SYNTAX,
               _("%s:%u:%u: not valid YAML: %s"), self->file,
               (guint) mark->line + 1, (guint) mark->column + 1, problem);

  return FALSE;
}

/* YAML merge keys: members of @source (a mapping or a list of mappings)
 * that @target does not define yet. */
static void
merge_into (JsonObject *target,
            JsonNode   *source)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (JSON_NODE_HOLDS_ARRAY (source))
    {
      JsonArray *array = json_node_get_array (source);

      for (guint i = 0; i < json_array_get_length (array); i++)
        merge_into (target, json_array_get_element (array, i));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (source))
    return;

  json_object_iter_init_ordered (&iter, json_node_get_object (source));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    if (!json_object_has_member (target, name))
      json_object_set_member (target, name, json_node_ref (value));
}

/* Takes @node into the current container, or makes it the root. */
static void
add_node (YamlLoader *self,
          JsonNode   *node)
{
  Frame *top = top_frame (self);

  if (top == NULL)
    {
      if (self->tree->root == NULL)
        self->tree->root = node;
      else
        json_node_unref (node);
      return;
    }

  if (JSON_NODE_HOLDS_ARRAY (top->node))
    {
      json_array_add_element (json_node_get_array (top->node), node);
      return;
    }

  if (top->key_merge)
    {
      merge_into (json_node_get_object (top->node), node);
      json_node_unref (node);
    }
  else
    {
      json_object_set_member (json_node_get_object (top->node), top->key, node);
    }
  g_clear_pointer (&top->key, g_free);
  top->key_merge = FALSE;
}

static void
remember_anchor (YamlLoader *self,
                 const char *anchor,
                 JsonNode   *node)
{
  if (anchor == NULL)
    return;

  g_hash_table_replace (self->anchors, g_strdup (anchor), json_node_ref (node));
  g_hash_table_remove (self->skipped_anchors, anchor);
}

static void
take_key (YamlLoader        *self,
          const char        *key,
          gboolean           merge,
          const yaml_mark_t *mark)
{
  Frame *top = top_frame (self);

  top->key = g_strdup (key);
  top->key_merge = merge;
  top->key_line = mark->line + 1;
}

/* Listing reads the version keys and `paths` at the top, the method keys
 * and `$ref` of a path item, and the operationId, summary and tags of an
 * operation; merge keys are kept wherever they are. */
static gboolean
listing_skips (YamlLoader *self)
{
  static const char * const top_keys[] = { "openapi", "swagger", "paths", NULL };
  static const char * const operation_keys[] = { "operationId", "summary", "tags", NULL };
  Frame *top = top_frame (self);

  if (!self->tree->listing || top == NULL || !JSON_NODE_HOLDS_OBJECT (top->node) ||
      top->key_merge)
    return FALSE;

  switch (self->frames->len)
    {
    case 1:
      return !g_strv_contains (top_keys, top->key);
    case 3:
      return !is_http_method (top->key) && !g_str_equal (top->key, "$ref");
    case 4:
      return !g_strv_contains (operation_keys, top->key);
    default:
      return FALSE;
    }
}

static void
note_skipped_anchor (YamlLoader   *self,
                     const guchar *anchor)
{
  if (anchor == NULL)
    return;

  g_hash_table_remove (self->anchors, anchor);
  g_hash_table_add (self->skipped_anchors, g_strdup ((const char *) anchor));
}

/* Starts skipping a value unless it carries an anchor (an alias may use it). */
static gboolean
start_skipping (YamlLoader   *self,
                const guchar *anchor,
                guint         depth)
{
  Frame *top = top_frame (self);

  if (anchor != NULL || !listing_skips (self))
    return FALSE;

  g_clear_pointer (&top->key, g_free);
  self->skip_depth = depth;

  return TRUE;
}

static void
skip_event (YamlLoader   *self,
            yaml_event_t *event)
{
  switch (event->type)
    {
    case YAML_MAPPING_START_EVENT:
      note_skipped_anchor (self, event->data.mapping_start.anchor);
      self->skip_depth++;
      break;
    case YAML_SEQUENCE_START_EVENT:
      note_skipped_anchor (self, event->data.sequence_start.anchor);
      self->skip_depth++;
      break;
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
      self->skip_depth--;
      break;
    case YAML_SCALAR_EVENT:
      note_skipped_anchor (self, event->data.scalar.anchor);
      break;
    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_ALIAS_EVENT:
    default:
      break;
    }
}

static gboolean
handle_scalar (YamlLoader   *self,
               yaml_event_t *event,
               GError      **error)
{
  const char *value = (const char *) event->data.scalar.value;
  gboolean plain = event->data.scalar.plain_implicit;
  JsonNode *node;

  if (self->tree->root_line == 0)
    self->tree->root_line = event->start_mark.line + 1;

  if (expects_key (self))
    {
      take_key (self, value, plain && g_str_equal (value, "<<"), &event->start_mark);
      return TRUE;
    }

  if (start_skipping (self, event->data.scalar.anchor, 0))
    return TRUE;

  node = scalar_node (value, plain);
  remember_anchor (self, (const char *) event->data.scalar.anchor, node);
  add_node (self, node);

  return TRUE;
}

static gboolean
handle_alias (YamlLoader   *self,
              yaml_event_t *event,
              GError      **error)
{
  const char *anchor = (const char *) event->data.alias.anchor;
  JsonNode *node = g_hash_table_lookup (self->anchors, anchor);
  g_autofree char *problem = NULL;

  if (!expects_key (self) && start_skipping (self, NULL, 0))
    return TRUE;

  if (node == NULL && g_hash_table_contains (self->skipped_anchors, anchor))
    {
      self->need_full = TRUE;
      return FALSE;
    }

  if (node == NULL)
    {
      problem = g_strdup_printf (_("unknown alias “*%s”"), anchor);
      return yaml_fail (self, &event->start_mark, problem, error);
    }

  if (expects_key (self))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return yaml_fail (self, &event->start_mark, _("a key that is not a string"), error);
      take_key (self, json_node_get_string (node), FALSE, &event->start_mark);
      return TRUE;
    }

  add_node (self, json_node_ref (node));

  return TRUE;
}

static gboolean
start_container (YamlLoader   *self,
                 yaml_event_t *event,
                 GError      **error)
{
  Frame *top = top_frame (self);
  Frame frame = { NULL, };
  const guchar *anchor;

  if (expects_key (self))
    return yaml_fail (self, &event->start_mark, _("a key that is not a string"), error);

  anchor = event->type == YAML_MAPPING_START_EVENT ? event->data.mapping_start.anchor
                                                   : event->data.sequence_start.anchor;
  if (start_skipping (self, anchor, 1))
    return TRUE;

  if (event->type == YAML_MAPPING_START_EVENT)
    {
      frame.node = json_node_init_object (json_node_alloc (), NULL);
      json_node_take_object (frame.node, json_object_new ());
    }
  else
    {
      frame.node = json_node_init_array (json_node_alloc (), NULL);
      json_node_take_array (frame.node, json_array_new ());
    }

  frame.anchor = g_strdup ((const char *) anchor);
  frame.line = top != NULL && JSON_NODE_HOLDS_OBJECT (top->node) ? top->key_line
                                                                  : event->start_mark.line + 1;
  if (self->tree->root_line == 0)
    self->tree->root_line = frame.line;
  g_array_append_val (self->frames, frame);

  return TRUE;
}

static void
end_container (YamlLoader *self)
{
  Frame *top = top_frame (self);
  JsonNode *node = g_steal_pointer (&top->node);
  g_autofree char *anchor = g_steal_pointer (&top->anchor);
  guint depth = self->frames->len;
  guint line = top->line;

  g_array_set_size (self->frames, depth - 1);

  if (depth <= LINE_DEPTH && JSON_NODE_HOLDS_OBJECT (node))
    g_hash_table_insert (self->tree->lines, json_node_get_object (node), GUINT_TO_POINTER (line));

  /* Anchors are known once their node is complete: no alias can make a cycle. */
  remember_anchor (self, anchor, node);
  add_node (self, node);
}

static gboolean
handle_event (YamlLoader   *self,
              yaml_event_t *event,
              GError      **error)
{
  if (self->skip_depth > 0)
    {
      skip_event (self, event);
      return TRUE;
    }

  switch (event->type)
    {
    case YAML_SCALAR_EVENT:
      return handle_scalar (self, event, error);
    case YAML_ALIAS_EVENT:
      return handle_alias (self, event, error);
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
      return start_container (self, event, error);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
      end_container (self);
      return TRUE;
    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    default:
      return TRUE;
    }
}

static gboolean
parser_fail (YamlLoader    *self,
             yaml_parser_t *parser,
             GError       **error)
{
  g_autofree char *problem = NULL;
  yaml_mark_t mark = parser->problem_mark;
  guint column;

  if (parser->error == YAML_READER_ERROR)
    {
      mark.line = line_at_offset (self->text, self->length, parser->problem_offset, &column) - 1;
      mark.column = column - 1;
    }

  if (parser->context != NULL)
    problem = g_strdup_printf ("%s %s", parser->problem, parser->context);
  else
    problem = g_strdup (parser->problem != NULL ? parser->problem : _("unknown error"));

  return yaml_fail (self, &mark, problem, error);
}

static gboolean
load_yaml (const char  *text,
           gsize        length,
           const char  *file,
           Tree        *tree,
           GError     **error)
{
  YamlLoader self = { text, length, file, NULL, NULL, tree, 0, NULL, FALSE };
  yaml_parser_t parser;
  yaml_event_t event;
  gboolean done = FALSE;
  gboolean ok = TRUE;

  self.frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_array_set_clear_func (self.frames, frame_clear);
  self.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) json_node_unref);
  self.skipped_anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) text, length);

  /* The first document of the stream is the spec. */
  while (ok && !done)
    {
      if (!yaml_parser_parse (&parser, &event))
        {
          ok = parser_fail (&self, &parser, error);
          break;
        }
      ok = handle_event (&self, &event, error);
      done = event.type == YAML_DOCUMENT_END_EVENT || event.type == YAML_STREAM_END_EVENT;
      yaml_event_delete (&event);
    }

  yaml_parser_delete (&parser);
  g_array_unref (self.frames);
  g_hash_table_unref (self.anchors);
  g_hash_table_unref (self.skipped_anchors);

  /* An alias into a skipped value: read the document again, whole. */
  if (self.need_full)
    {
      g_clear_pointer (&tree->root, json_node_unref);
      g_hash_table_remove_all (tree->lines);
      tree->root_line = 0;
      tree->listing = FALSE;
      return load_yaml (text, length, file, tree, error);
    }

  return ok;
}

/* ---- JSON loading (JsonParser) ---- */

typedef struct
{
  GArray     *starts;  /* guint: the line of each open object */
  GHashTable *lines;
} JsonLines;

static void
object_start_cb (JsonParser *parser,
                 gpointer    user_data)
{
  JsonLines *lines = user_data;
  guint line = json_parser_get_current_line (parser);

  g_array_append_val (lines->starts, line);
}

static void
object_end_cb (JsonParser *parser,
               JsonObject *object,
               gpointer    user_data)
{
  JsonLines *lines = user_data;
  guint depth = lines->starts->len;

  if (depth == 0)
    return;
  if (depth <= LINE_DEPTH)
    g_hash_table_insert (lines->lines, object,
                         GUINT_TO_POINTER (g_array_index (lines->starts, guint, depth - 1)));
  g_array_set_size (lines->starts, depth - 1);
}

static gboolean
load_json (const char  *text,
           gsize        length,
           const char  *file,
           Tree        *tree,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonLines lines = { starts, tree->lines };
  const char *message;

  g_signal_connect (parser, "object-start", G_CALLBACK (object_start_cb), &lines);
  g_signal_connect (parser, "object-end", G_CALLBACK (object_end_cb), &lines);

  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      /* JsonParser names the text "<data>"; name the file instead. */
      message = local_error->message;
      if (g_str_has_prefix (message, "<data>"))
        message += strlen ("<data>");
      else
        file = "";
      g_set_error (error, PW_OPENAPI_ERROR, PW_OPENAPI_ERROR_SYNTAX,
                   _("%s%s (not valid JSON)"), file, message);
      return FALSE;
    }

  tree->root = json_parser_steal_root (parser);
  tree->root_line = 1;

  return TRUE;
}

static gboolean
looks_like_json (const char *text,
                 gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return text[i] == '{' || text[i] == '[';

  return FALSE;
}

static gboolean
load_tree (const char  *text,
           gsize        length,
           const char  *file,
           Tree        *tree,
           GError     **error)
{
  g_autoptr(GError) json_error = NULL;
  gsize bom = skip_bom (text, length);

  tree->lines = g_hash_table_new (NULL, NULL);

  if (looks_like_json (text + bom, length - bom))
    {
      if (load_json (text + bom, length - bom, file, tree, &json_error))
        return TRUE;

      /* JSON is YAML too; a YAML flow mapping may still read. */
      g_hash_table_remove_all (tree->lines);
      if (load_yaml (text, length, file, tree, NULL) && tree->root != NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&json_error));
      return FALSE;
    }

  return load_yaml (text, length, file, tree, error);
}

/* ---- The document ---- */

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
check_document (Tree        *tree,
                const char  *file,
                GError     **error)
{
  JsonObject *root;
  JsonNode *paths;

  if (tree->root == NULL || JSON_NODE_HOLDS_NULL (tree->root))
    {
      g_set_error (error, PW_OPENAPI_ERROR, PW_OPENAPI_ERROR_NOT_MAPPING,
                   _("%s: not an OpenAPI document: the document is empty"), file);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (tree->root))
    {
      g_set_error (error, PW_OPENAPI_ERROR, PW_OPENAPI_ERROR_NOT_MAPPING,
                   JSON_NODE_HOLDS_ARRAY (tree->root)
                   ? _("%s:%u: not an OpenAPI document: the top level is a list, not a mapping")
                   : _("%s:%u: not an OpenAPI document: the top level is a single value, "
                       "not a mapping"),
                   file, MAX (tree->root_line, 1));
      return FALSE;
    }

  root = json_node_get_object (tree->root);
  if (!json_object_has_member (root, "openapi") && !json_object_has_member (root, "swagger"))
    {
      g_set_error (error, PW_OPENAPI_ERROR, PW_OPENAPI_ERROR_NOT_OPENAPI,
                   _("%s: not an OpenAPI or Swagger document: no “openapi” or “swagger” key"),
                   file);
      return FALSE;
    }

  paths = json_object_get_member (root, "paths");
  if (paths == NULL || !JSON_NODE_HOLDS_OBJECT (paths))
    {
      g_set_error (error, PW_OPENAPI_ERROR, PW_OPENAPI_ERROR_NO_PATHS,
                   paths == NULL ? _("%s: the OpenAPI document has no “paths”")
                                 : _("%s: the OpenAPI document's “paths” is not a mapping"),
                   file);
      return FALSE;
    }

  return TRUE;
}

/* A local JSON pointer ("#/components/schemas/Pet"), percent-decoded, with
 * "~1" for "/" and "~0" for "~". */
static JsonNode *
resolve_pointer (JsonNode   *root,
                 const char *ref)
{
  g_auto(GStrv) tokens = NULL;
  JsonNode *node = root;

  if (ref[0] != '#')
    return NULL;
  if (ref[1] == '\0')
    return root;
  if (ref[1] != '/')
    return NULL;

  tokens = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; tokens[i] != NULL && node != NULL; i++)
    {
      g_autofree char *decoded = g_uri_unescape_string (tokens[i], NULL);
      g_autoptr(GString) name = g_string_new (decoded != NULL ? decoded : tokens[i]);

      g_string_replace (name, "~1", "/", 0);
      g_string_replace (name, "~0", "~", 0);

      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), name->str);
      else if (JSON_NODE_HOLDS_ARRAY (node) && all_digits (name->str) &&
               strtoul (name->str, NULL, 10) < json_array_get_length (json_node_get_array (node)))
        node = json_array_get_element (json_node_get_array (node), strtoul (name->str, NULL, 10));
      else
        node = NULL;
    }

  return node;
}

static const char *
node_ref (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return string_member (json_node_get_object (node), "$ref");
}

/* Follows a chain of local `$ref`s; NULL for an external or broken one. */
static JsonNode *
follow_refs (JsonNode *root,
             JsonNode *node)
{
  const char *ref;

  for (guint i = 0; i < PATH_ITEM_REF_DEPTH && (ref = node_ref (node)) != NULL; i++)
    node = resolve_pointer (root, ref);

  return node_ref (node) != NULL ? NULL : node;
}


/* ---- An operation's own section, as YAML ---- */

typedef struct
{
  JsonNode     *root;
  const Detail *detail;
  GString      *out;
  GPtrArray    *refs;      /* (element-type utf8) (transfer none): the `$ref`s being expanded */
  GHashTable   *expanded;  /* (element-type utf8) (transfer none): the `$ref`s written out once */
  gsize         limit;
  gboolean      cut;
  gboolean      any_cut;
} Writer;

/* The length of a NEL, LS, PS or BOM at @p (line breaks or invisible to
 * YAML, so never written bare), else 0. */
static guint
special_break (const char *p,
               gsize       left)
{
  const guchar *u = (const guchar *) p;

  if (left >= 2 && u[0] == 0xC2 && u[1] == 0x85)
    return 2;
  if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
    return 3;
  if (left >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    return 3;

  return 0;
}

/* Control characters, line breaks, ": " and " #" end a plain scalar. */
static gboolean
has_plain_unsafe_char (const char *s,
                       gsize       length)
{
  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c < 0x20 || c == 0x7f || (c == ':' && p[1] == ' ') || (c == ' ' && p[1] == '#') ||
          (c >= 0xC2 && special_break (p, length - (p - s)) > 0))
        return TRUE;
    }

  return FALSE;
}

static gboolean
plain_string_safe (const char *s)
{
  static const char * const yaml11_words[] = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "on", "On", "ON", "off", "Off", "OFF",
  };
  gsize length = strlen (s);

  if (length == 0 || length > 200 || strchr ("-?:,[]{}#&*!|>'\"%@` ", s[0]) != NULL)
    return FALSE;
  if (s[length - 1] == ' ' || s[length - 1] == ':' || has_plain_unsafe_char (s, length))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (yaml11_words); i++)
    if (g_str_equal (s, yaml11_words[i]))
      return FALSE;

  return plain_scalar_kind (s) == SCALAR_STRING;
}

static void
append_quoted (GString    *out,
               const char *s,
               gsize       length)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < length; i++)
    {
      guchar c = s[i];

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else if (special_break (s + i, length - i) > 0)
        {
          gunichar u = g_utf8_get_char (s + i);

          g_string_append_printf (out, "\\u%04x", u);
          i += special_break (s + i, length - i) - 1;
        }
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_key (GString    *out,
            const char *key)
{
  if (plain_string_safe (key))
    g_string_append (out, key);
  else
    append_quoted (out, key, strlen (key));
}

static void
append_indent (GString *out,
               guint    indent)
{
  for (guint i = 0; i < indent; i++)
    g_string_append_c (out, ' ');
}

/* A literal block keeps a description's lines readable; it cannot carry
 * carriage returns or control characters, nor a first line that starts
 * with a space. */
static gboolean
block_safe (const char *s,
            gsize       length)
{
  const char *first = s;

  while (*first == '\n')
    first++;
  if (*first == ' ' || *first == '\0')
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = s[i];

      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ||
          special_break (s + i, length - i) > 0)
        return FALSE;
    }

  return TRUE;
}

/* How much of @s to show: at most @limit bytes, ending at the first line
 * break when shortened; a multi-line string loses its trailing spaces. */
static gsize
shown_length (const char *s,
              gsize       limit,
              gboolean   *shortened)
{
  gsize length = strlen (s);

  *shortened = length > limit;
  if (*shortened)
    {
      const char *newline = memchr (s, '\n', limit);

      length = newline != NULL ? (gsize) (newline - s)
                               : (gsize) (g_utf8_find_prev_char (s, s + limit + 1) - s);
    }
  if (memchr (s, '\n', length) != NULL)
    while (length > 0 && g_ascii_isspace (s[length - 1]))
      length--;

  return length;
}

static void
append_string (GString    *out,
               const char *s,
               guint       indent,
               gsize       limit)
{
  gboolean shortened;
  gsize length = shown_length (s, limit, &shortened);
  const char *line;

  if (!shortened && length == strlen (s) && plain_string_safe (s))
    {
      g_string_append (out, s);
      return;
    }

  if (memchr (s, '\n', length) == NULL || !block_safe (s, length))
    {
      g_autoptr(GString) text = g_string_new_len (s, length);

      if (shortened)
        g_string_append (text, "…");
      append_quoted (out, text->str, text->len);
      return;
    }

  g_string_append (out, "|-");
  for (line = s; line < s + length;)
    {
      const char *end = memchr (line, '\n', s + length - line);

      if (end == NULL)
        end = s + length;
      g_string_append_c (out, '\n');
      if (end > line)
        {
          append_indent (out, indent + 2);
          g_string_append_len (out, line, end - line);
        }
      line = end + 1;
    }
  if (shortened)
    g_string_append (out, "…");
}

static void
append_scalar (GString  *out,
               JsonNode *node,
               guint     indent,
               gsize     limit)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      append_string (out, json_node_get_string (node), indent, limit);
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
    default:
      g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      break;
    }
}

/* Extension keys and example collections carry no structure the plan
 * needs, nor do descriptions at the least detail; under `properties` and
 * `headers` every key is a name. */
static gboolean
skip_member (Writer     *w,
             const char *name,
             const char *parent)
{
  gboolean skipped = g_str_has_prefix (name, "x-") || g_str_equal (name, "examples") ||
                     (!w->detail->descriptions && (g_str_equal (name, "description") ||
                                                   g_str_equal (name, "example")));

  return skipped && (parent == NULL || (!g_str_equal (parent, "properties") &&
                                        !g_str_equal (parent, "headers")));
}

static gboolean
has_visible_members (Writer     *w,
                     JsonObject *object,
                     const char *parent)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    if (!skip_member (w, name, parent))
      return TRUE;

  return FALSE;
}

static void write_value (Writer     *w,
                         JsonNode   *node,
                         const char *key,
                         guint       indent,
                         gboolean    in_list);

static gboolean
over_limit (Writer *w)
{
  if (w->out->len > w->limit)
    w->cut = TRUE;

  return w->cut;
}

static void
write_members (Writer     *w,
               JsonObject *object,
               const char *parent,
               guint       indent,
               gboolean    first_inline)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      if (skip_member (w, name, parent))
        continue;
      if (over_limit (w))
        return;
      if (!first_inline)
        append_indent (w->out, indent);
      first_inline = FALSE;
      append_key (w->out, name);
      g_string_append_c (w->out, ':');
      write_value (w, value, name, indent, FALSE);
    }
}

static void
write_items (Writer    *w,
             JsonArray *array,
             guint      indent)
{
  for (guint i = 0; i < json_array_get_length (array) && !over_limit (w); i++)
    {
      append_indent (w->out, indent);
      g_string_append_c (w->out, '-');
      write_value (w, json_array_get_element (array, i), NULL, indent, TRUE);
    }
}

/* Starts a nested block after "key:" or "-". */
static void
open_block (Writer   *w,
            guint     indent,
            gboolean  in_list)
{
  if (in_list)
    {
      g_string_append_c (w->out, ' ');
      return;
    }
  g_string_append_c (w->out, '\n');
  append_indent (w->out, indent + 2);
}

static gboolean
ref_in_progress (Writer     *w,
                 const char *ref)
{
  for (guint i = 0; i < w->refs->len; i++)
    if (g_str_equal (g_ptr_array_index (w->refs, i), ref))
      return TRUE;

  return FALSE;
}

/* Why @ref stays a `$ref` rather than being expanded, or NULL. */
static const char *
ref_kept_reason (Writer      *w,
                 const char  *ref,
                 JsonNode   **target)
{
  *target = NULL;
  if (ref[0] != '#')
    return "external";
  if (ref_in_progress (w, ref))
    return "cycle";
  if (g_hash_table_contains (w->expanded, ref))
    return "written out above";
  if (w->refs->len >= w->detail->ref_depth)
    return "not expanded: nested too deep";
  if (w->refs->len >= 2 && w->out->len > SECTION_SOFT_LIMIT)
    return "not expanded: section size";

  *target = resolve_pointer (w->root, ref);

  return *target == NULL ? "not found" : NULL;
}

static void
write_ref (Writer     *w,
           const char *ref,
           const char *key,
           guint       indent,
           gboolean    in_list)
{
  JsonNode *target;
  const char *reason = ref_kept_reason (w, ref, &target);

  if (reason != NULL)
    {
      open_block (w, indent, in_list);
      g_string_append (w->out, "$ref: ");
      append_quoted (w->out, ref, strlen (ref));
      g_string_append_printf (w->out, "  # %s\n", reason);
      return;
    }

  g_ptr_array_add (w->refs, (gpointer) ref);
  g_hash_table_add (w->expanded, (gpointer) ref);
  write_value (w, target, key, indent, in_list);
  g_ptr_array_remove_index (w->refs, w->refs->len - 1);
}

static void
write_value (Writer     *w,
             JsonNode   *node,
             const char *key,
             guint       indent,
             gboolean    in_list)
{
  const char *ref = node_ref (node);

  if (ref != NULL)
    {
      write_ref (w, ref, key, indent, in_list);
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (node) && has_visible_members (w, json_node_get_object (node), key))
    {
      open_block (w, indent, in_list);
      write_members (w, json_node_get_object (node), key, indent + 2, TRUE);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    {
      g_string_append_c (w->out, '\n');
      write_items (w, json_node_get_array (node), indent + 2);
    }
  else
    {
      g_string_append_c (w->out, ' ');
      if (JSON_NODE_HOLDS_OBJECT (node))
        g_string_append (w->out, "{}");
      else if (JSON_NODE_HOLDS_ARRAY (node))
        g_string_append (w->out, "[]");
      else
        append_scalar (w->out, node, indent, w->detail->string_limit);
      g_string_append_c (w->out, '\n');
    }
}

static void
write_parameters (Writer    *w,
                  GPtrArray *parameters)
{
  if (parameters->len == 0)
    return;

  g_string_append (w->out, "parameters:\n");
  for (guint i = 0; i < parameters->len && !over_limit (w); i++)
    {
      g_string_append (w->out, "  -");
      write_value (w, g_ptr_array_index (parameters, i), NULL, 2, TRUE);
    }
}

/* "in\nname" of a parameter, its `$ref` followed. */
static char *
parameter_key (JsonNode *root,
               JsonNode *parameter)
{
  JsonNode *target = follow_refs (root, parameter);
  JsonObject *object;
  const char *name, *in;

  if (target == NULL || !JSON_NODE_HOLDS_OBJECT (target))
    return NULL;

  object = json_node_get_object (target);
  name = string_member (object, "name");
  in = string_member (object, "in");

  return name != NULL && in != NULL ? g_strconcat (in, "\n", name, NULL) : NULL;
}

/* The path item's parameters that the operation does not redefine (same
 * name and location), then the operation's own. */
static GPtrArray *
merge_parameters (JsonNode   *root,
                  JsonObject *item,
                  JsonObject *operation)
{
  g_autoptr(GHashTable) own_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *parameters = g_ptr_array_new ();
  JsonArray *path_level = array_member (item, "parameters");
  JsonArray *own = array_member (operation, "parameters");
  guint n_own = own != NULL ? json_array_get_length (own) : 0;

  for (guint i = 0; i < n_own; i++)
    {
      char *key = parameter_key (root, json_array_get_element (own, i));

      if (key != NULL)
        g_hash_table_add (own_keys, key);
    }

  for (guint i = 0; path_level != NULL && i < json_array_get_length (path_level); i++)
    {
      JsonNode *parameter = json_array_get_element (path_level, i);
      g_autofree char *key = parameter_key (root, parameter);

      if (key == NULL || !g_hash_table_contains (own_keys, key))
        g_ptr_array_add (parameters, parameter);
    }

  for (guint i = 0; i < n_own; i++)
    g_ptr_array_add (parameters, json_array_get_element (own, i));

  return parameters;
}

static void
append_joined (GString    *out,
               JsonArray  *array,
               const char *member)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *value = NULL;

      if (member != NULL && JSON_NODE_HOLDS_OBJECT (node))
        value = string_member (json_node_get_object (node), member);
      else if (member == NULL && JSON_NODE_HOLDS_VALUE (node) &&
               json_node_get_value_type (node) == G_TYPE_STRING)
        value = json_node_get_string (node);
      if (value == NULL)
        continue;
      g_string_append (out, i > 0 ? ", " : " ");
      g_string_append (out, value);
    }
}

/* Comment lines on where the paths are rooted: Swagger's host and
 * basePath, OpenAPI's servers. */
static char *
base_note (JsonObject *root)
{
  GString *note = g_string_new (NULL);
  const char *swagger = string_member (root, "swagger");
  const char *host = string_member (root, "host");
  const char *base_path = string_member (root, "basePath");
  JsonArray *servers = array_member (root, "servers");

  if (swagger != NULL)
    g_string_append_printf (note, "# Swagger %s\n", swagger);
  else if (string_member (root, "openapi") != NULL)
    g_string_append_printf (note, "# OpenAPI %s\n", string_member (root, "openapi"));

  if (host != NULL || base_path != NULL)
    {
      g_string_append (note, "# The path is relative to");
      if (host != NULL)
        g_string_append_printf (note, " host %s", host);
      if (base_path != NULL)
        g_string_append_printf (note, "%s basePath %s", host != NULL ? "," : "", base_path);
      if (array_member (root, "schemes") != NULL)
        {
          g_string_append (note, "; schemes:");
          append_joined (note, array_member (root, "schemes"), NULL);
        }
      g_string_append_c (note, '\n');
    }
  else if (servers != NULL && json_array_get_length (servers) > 0)
    {
      g_string_append (note, "# The path is relative to the server URL:");
      append_joined (note, servers, "url");
      g_string_append_c (note, '\n');
    }

  return g_string_free (note, FALSE);
}

typedef struct
{
  const char     *file;
  PwOpenApiFlags  flags;
  Tree           *tree;
  char           *note;
  GPtrArray      *endpoints;
} Extract;

static void
write_defaults (Writer     *w,
                JsonObject *item,
                JsonObject *operation)
{
  JsonObject *root = json_node_get_object (w->root);
  JsonNode *servers = json_object_get_member (item, "servers");
  JsonNode *security = json_object_get_member (root, "security");

  if (servers != NULL && !json_object_has_member (operation, "servers"))
    {
      g_string_append (w->out, "servers:");
      write_value (w, servers, "servers", 0, FALSE);
    }

  if (security != NULL && JSON_NODE_HOLDS_ARRAY (security) &&
      !json_object_has_member (operation, "security"))
    {
      g_string_append (w->out, "security:  # the document's default");
      write_value (w, security, "security", 0, FALSE);
    }
}

/* One top-level member of the operation (@value, or the merged
 * @parameters) within @limit bytes of section; a member cut short says so
 * and leaves the next ones their room. */
static void
write_top_member (Writer     *w,
                  const char *name,
                  JsonNode   *value,
                  GPtrArray  *parameters,
                  gsize       limit)
{
  w->limit = limit;
  w->cut = FALSE;
  if (!over_limit (w) && parameters != NULL)
    {
      write_parameters (w, parameters);
    }
  else if (!w->cut)
    {
      append_key (w->out, name);
      g_string_append_c (w->out, ':');
      write_value (w, value, name, 0, FALSE);
    }

  if (w->cut)
    g_string_append_printf (w->out, "# … %s cut short: the section is limited to %u KB\n",
                            name, SECTION_HARD_LIMIT / 1024);
  w->any_cut |= w->cut;
}

static void
write_operation (Writer     *w,
                 JsonObject *item,
                 JsonObject *operation,
                 GPtrArray  *parameters)
{
  gboolean parameters_written = FALSE;
  gboolean responses_pending = json_object_has_member (operation, "responses");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, operation);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      gsize limit = SECTION_HARD_LIMIT;

      if (skip_member (w, name, NULL))
        continue;
      if (g_str_equal (name, "responses"))
        responses_pending = FALSE;
      else if (responses_pending)
        limit -= RESPONSES_RESERVE;

      if (!parameters_written && (g_str_equal (name, "parameters") ||
                                  g_str_equal (name, "requestBody") ||
                                  g_str_equal (name, "responses")))
        {
          if (parameters->len > 0)
            write_top_member (w, "parameters", NULL, parameters, limit);
          parameters_written = TRUE;
        }
      if (!g_str_equal (name, "parameters"))
        write_top_member (w, name, value, NULL, limit);
    }

  if (!parameters_written && parameters->len > 0)
    write_top_member (w, "parameters", NULL, parameters, SECTION_HARD_LIMIT);
  w->limit = SECTION_HARD_LIMIT;
  if (!over_limit (w))
    write_defaults (w, item, operation);
}

static char *
write_section (Extract    *x,
               const char *method,
               const char *path,
               JsonObject *item,
               JsonObject *operation)
{
  g_autoptr(GPtrArray) parameters = merge_parameters (x->tree->root, item, operation);
  g_autoptr(GPtrArray) refs = g_ptr_array_new ();
  g_autoptr(GHashTable) expanded = g_hash_table_new (g_str_hash, g_str_equal);
  Writer w = { x->tree->root, NULL, NULL, refs, expanded, SECTION_HARD_LIMIT, FALSE, FALSE };

  for (guint level = 0; level < G_N_ELEMENTS (details); level++)
    {
      if (w.out != NULL)
        g_string_free (w.out, TRUE);
      w.detail = &details[level];
      w.out = g_string_new (NULL);
      w.any_cut = FALSE;
      g_hash_table_remove_all (expanded);
      g_string_append_printf (w.out, "# %s %s\n%s", method, path, x->note);
      write_operation (&w, item, operation, parameters);
      if (!w.any_cut)
        break;
    }

  return g_string_free (w.out, FALSE);
}

static guint
object_line (Tree       *tree,
             JsonObject *object)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (tree->lines, object));
}

static void
add_operation (Extract    *x,
               const char *path,
               JsonObject *item,
               guint       item_line,
               const char *method,
               JsonObject *operation)
{
  PwEndpoint *endpoint = g_new0 (PwEndpoint, 1);
  JsonArray *tags = array_member (operation, "tags");

  endpoint->method = g_ascii_strup (method, -1);
  endpoint->path = g_strdup (path);
  endpoint->raw_path = g_strdup (path);
  endpoint->operation_id = g_strdup (string_member (operation, "operationId"));
  endpoint->summary = g_strdup (string_member (operation, "summary"));
  endpoint->title = g_strdup (endpoint->summary != NULL ? endpoint->summary
                                                        : endpoint->operation_id);
  if (tags != NULL && json_array_get_length (tags) > 0 &&
      JSON_NODE_HOLDS_VALUE (json_array_get_element (tags, 0)))
    endpoint->group = g_strdup (json_array_get_string_element (tags, 0));
  endpoint->file = g_strdup (x->file);
  endpoint->line = object_line (x->tree, operation);
  if (endpoint->line == 0)
    endpoint->line = item_line;
  if (x->flags & PW_OPENAPI_SECTIONS)
    endpoint->section_text = write_section (x, endpoint->method, path, item, operation);

  g_ptr_array_add (x->endpoints, endpoint);
}

/* A path item that is a `$ref` with keys of its own beside it: the target's
 * keys, then its own. */
static JsonObject *
merge_path_item (JsonObject *target,
                 JsonObject *own)
{
  JsonObject *merged = json_object_new ();
  JsonObject *parts[] = { target, own };
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      json_object_iter_init_ordered (&iter, parts[i]);
      while (json_object_iter_next_ordered (&iter, &name, &value))
        if (!g_str_equal (name, "$ref"))
          json_object_set_member (merged, name, json_node_ref (value));
    }

  return merged;
}

static void
list_path_item (Extract    *x,
                const char *path,
                JsonNode   *node)
{
  JsonNode *target = follow_refs (x->tree->root, node);
  g_autoptr(JsonObject) merged = NULL;
  JsonObject *item;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  guint line;

  if (target == NULL || !JSON_NODE_HOLDS_OBJECT (target))
    return;

  /* An operation without a line of its own gets the path key's. */
  line = object_line (x->tree, json_node_get_object (node));
  item = json_node_get_object (target);
  if (target != node && json_object_get_size (json_node_get_object (node)) > 1)
    item = merged = merge_path_item (item, json_node_get_object (node));

  json_object_iter_init_ordered (&iter, item);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    if (is_http_method (name) && JSON_NODE_HOLDS_OBJECT (value))
      add_operation (x, path, item, line, name, json_node_get_object (value));
}

static gboolean
has_path_item_refs (Tree *tree)
{
  JsonObject *paths = object_member (json_node_get_object (tree->root), "paths");
  JsonObjectIter iter;
  const char *path;
  JsonNode *item;

  json_object_iter_init_ordered (&iter, paths);
  while (json_object_iter_next_ordered (&iter, &path, &item))
    if (node_ref (item) != NULL)
      return TRUE;

  return FALSE;
}

/* Loads and checks the document; a listing whose path items refer to
 * others (perhaps in the parts a listing skips) reads it again, whole. */
static gboolean
read_document (const char  *text,
               gsize        length,
               const char  *file,
               Tree        *tree,
               GError     **error)
{
  if (!load_tree (text, length, file, tree, error) || !check_document (tree, file, error))
    return FALSE;

  if (tree->listing && has_path_item_refs (tree))
    {
      tree_clear (tree);
      tree->listing = FALSE;
      return load_tree (text, length, file, tree, error) && check_document (tree, file, error);
    }

  return TRUE;
}

/* ---- Public API ---- */

/**
 * pw_openapi_parse_tree:
 * @text: a JSON or YAML document (a UTF-8 BOM is skipped)
 * @length: its length in bytes
 * @file: (nullable): its name, for error messages
 * @error: return location for a #PW_OPENAPI_ERROR_SYNTAX error
 *
 * Reads @text the way pw_openapi_extract() does: JSON with json-glib, YAML
 * with libyaml (plain scalars typed by the YAML 1.2 core schema, aliases
 * shared, merge keys applied, the last of repeated keys kept).
 *
 * Returns: (transfer full) (nullable): the document's tree (a null node for
 *   an empty document), or %NULL with @error set
 */
JsonNode *
pw_openapi_parse_tree (const char  *text,
                       gsize        length,
                       const char  *file,
                       GError     **error)
{
  Tree tree = { NULL, };
  JsonNode *root;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (!load_tree (text != NULL ? text : "", length, file != NULL ? file : "openapi", &tree,
                  error))
    {
      tree_clear (&tree);
      return NULL;
    }

  root = tree.root != NULL ? json_node_ref (tree.root) : json_node_new (JSON_NODE_NULL);
  tree_clear (&tree);

  return root;
}

/**
 * pw_openapi_extract:
 * @text: an OpenAPI 3.x or Swagger 2.0 document, JSON or YAML
 * @length: its length in bytes
 * @file: (nullable): its name, for the endpoints and error messages
 * @flags: whether to write each operation's section
 * @error: return location for a #PW_OPENAPI_ERROR
 *
 * Lists the document's operations in document order: every lower-case HTTP
 * method key of a path item under `paths` (`x-` keys, webhooks and
 * callbacks are not operations; a path item that is a local `$ref` takes
 * its target's).  The path is the key as written; `line` is the
 * operation's line; `group` is its first tag.  With %PW_OPENAPI_SECTIONS,
 * `section_text` holds the operation as YAML with the path item's
 * parameters merged in and local `$ref`s expanded.
 *
 * Returns: (transfer container) (element-type PwEndpoint) (nullable): the
 *   operations (perhaps none, when `paths` is empty), or %NULL with @error
 *   set when the text is not JSON or YAML, not a mapping, has no
 *   `openapi`/`swagger` key or no `paths`
 */
GPtrArray *
pw_openapi_extract (const char      *text,
                    gsize            length,
                    const char      *file,
                    PwOpenApiFlags   flags,
                    GError         **error)
{
  Tree tree = { NULL, 0, NULL, !(flags & PW_OPENAPI_SECTIONS) };
  Extract x = { file != NULL ? file : "openapi", flags, &tree, NULL, NULL };
  JsonObjectIter iter;
  const char *path;
  JsonNode *item;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (!read_document (text != NULL ? text : "", length, x.file, &tree, error))
    {
      tree_clear (&tree);
      return NULL;
    }

  x.endpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) pw_endpoint_free);
  x.note = base_note (json_node_get_object (tree.root));

  json_object_iter_init_ordered (&iter, object_member (json_node_get_object (tree.root), "paths"));
  while (json_object_iter_next_ordered (&iter, &path, &item))
    if (!g_str_has_prefix (path, "x-"))
      list_path_item (&x, path, item);

  g_free (x.note);
  tree_clear (&tree);

  return x.endpoints;
}

static gboolean
json_has_version_key (const char *text,
                      const char *end)
{
  static const char * const keys[] = { "\"openapi\"", "\"swagger\"" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gsize key_length = strlen (keys[i]);
      const char *p = text;

      while ((p = g_strstr_len (p, end - p, keys[i])) != NULL)
        {
          p += key_length;
          while (p < end && g_ascii_isspace (*p))
            p++;
          if (p < end && *p == ':')
            return TRUE;
        }
    }

  return FALSE;
}

/* "openapi:" or "swagger:", perhaps quoted, at the start of a line. */
static gboolean
is_version_key_line (const char *line,
                     const char *end)
{
  static const char * const keys[] = {
    "openapi:", "swagger:", "\"openapi\":", "\"swagger\":", "'openapi':", "'swagger':",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      gsize n = strlen (keys[i]);

      if ((gsize) (end - line) >= n && memcmp (line, keys[i], n) == 0 &&
          (line + n == end || g_ascii_isspace (line[n])))
        return TRUE;
    }

  return FALSE;
}

/* A top-level YAML line that may come before the version key: a comment,
 * a directive, a document marker, or another "key:" line. */
static gboolean
is_yaml_preamble_line (const char *line,
                       const char *end)
{
  const char *p;

  if (line == end || strchr ("#% \t\r", *line) != NULL ||
      (end - line >= 3 && memcmp (line, "---", 3) == 0))
    return TRUE;

  for (p = line; p < end && (g_ascii_isalnum (*p) || strchr ("_-.$/'\"", *p) != NULL); p++)
    ;

  return p > line && p < end && *p == ':' && (p + 1 == end || g_ascii_isspace (p[1]));
}

/**
 * pw_openapi_sniff:
 * @text: a document
 * @length: its length in bytes
 *
 * Tells an OpenAPI or Swagger document by its content: JSON whose object
 * has an "openapi" or "swagger" member, or YAML with an `openapi:` or
 * `swagger:` key at the top level before any line that YAML would not
 * read as a top-level key, comment or document marker (so a markdown plan
 * quoting a spec in a code block is not one).
 *
 * Returns: %TRUE if @text looks like an OpenAPI or Swagger document
 */
gboolean
pw_openapi_sniff (const char *text,
                  gsize       length)
{
  const char *end = text + length;
  const char *line;

  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  if (length == 0)
    return FALSE;

  text += skip_bom (text, length);
  if (looks_like_json (text, end - text))
    return json_has_version_key (text, end);

  for (line = text; line < end;)
    {
      const char *line_end = memchr (line, '\n', end - line);

      if (line_end == NULL)
        line_end = end;
      if (is_version_key_line (line, line_end))
        return TRUE;
      if (!is_yaml_preamble_line (line, line_end))
        return FALSE;
      line = line_end + 1;
    }

  return FALSE;
}

static gboolean
has_data_extension (const char *file)
{
  static const char * const extensions[] = { ".json", ".yaml", ".yml" };
  g_autofree char *lower = NULL;

  if (file == NULL)
    return FALSE;

  lower = g_ascii_strdown (file, -1);
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;

  return FALSE;
}

static GPtrArray *
api_spec_endpoints (const char      *text,
                    gsize            length,
                    const char      *file,
                    PwOpenApiFlags   flags,
                    GError         **error)
{
  if (text != NULL && (pw_openapi_sniff (text, length) || has_data_extension (file)))
    return pw_openapi_extract (text, length, file, flags, error);

  return pw_endpoints_extract (text, length, file);
}

/**
 * pw_api_spec_extract:
 * @text: an API spec: an OpenAPI or Swagger document, or a markdown plan
 * @length: its length in bytes
 * @file: (nullable): its name
 * @error: return location for a #PW_OPENAPI_ERROR
 *
 * The endpoints of an API spec, whatever its kind: an OpenAPI or Swagger
 * document (told by pw_openapi_sniff(), or by a `.json`, `.yaml` or `.yml`
 * name) gives its operations with their sections written out
 * (pw_openapi_extract()); anything else is a markdown plan
 * (pw_endpoints_extract()).
 *
 * Returns: (transfer container) (element-type PwEndpoint) (nullable): the
 *   endpoints, or %NULL with @error set when an OpenAPI document cannot be
 *   read
 */
GPtrArray *
pw_api_spec_extract (const char  *text,
                     gsize        length,
                     const char  *file,
                     GError     **error)
{
  g_return_val_if_fail (text != NULL || length == 0, NULL);

  return api_spec_endpoints (text, length, file, PW_OPENAPI_SECTIONS, error);
}

/**
 * pw_api_spec_list:
 * @text: an API spec: an OpenAPI or Swagger document, or a markdown plan
 * @length: its length in bytes
 * @file: (nullable): its name
 * @error: return location for a #PW_OPENAPI_ERROR
 *
 * Like pw_api_spec_extract(), for lists of endpoints: an OpenAPI
 * operation's `section_text` is not written (on a 10 MB document, listing
 * is an order of magnitude faster than writing every operation's section).
 *
 * Returns: (transfer container) (element-type PwEndpoint) (nullable): the
 *   endpoints, or %NULL with @error set when an OpenAPI document cannot be
 *   read
 */
GPtrArray *
pw_api_spec_list (const char  *text,
                  gsize        length,
                  const char  *file,
                  GError     **error)
{
  g_return_val_if_fail (text != NULL || length == 0, NULL);

  return api_spec_endpoints (text, length, file, PW_OPENAPI_NONE, error);
}
