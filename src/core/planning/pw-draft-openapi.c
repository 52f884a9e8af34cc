/* pw-draft-openapi.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-draft-openapi"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "pw-draft-openapi.h"
#include "pw-openapi.h"

/* What the offline draft knows about an OpenAPI operation, read from the
 * section pw-openapi.c writes for it (the operation as YAML, its path
 * item's parameters merged in, local references expanded): each
 * parameter with where it goes, whether it is required, its schema's type
 * and limits; the request body's properties with the `required:` list;
 * the responses' codes with their descriptions and the success
 * response's properties; the operation's security.  OpenAPI states
 * required/optional for every item (a parameter or a property is optional
 * unless it says otherwise), so every item gets a flag.
 */

#define MAX_DEPTH 2
#define MAX_REFS  256

typedef struct
{
  PwDraftFacts *facts;
  guint         line;
  const char   *document;   /* (nullable) the whole document's text */
  JsonNode    **root;       /* its tree, read at the first reference left */
  guint         refs;       /* references followed, against cycles */
} Walk;

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A scalar member as text ("1", "true", "a"), or NULL. */
static char *
scalar_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

/* A `$ref` the section left ("written out above") read from the whole
 * document: "#/components/schemas/Booking". */
static JsonObject *
deref (Walk       *walk,
       JsonObject *object)
{
  g_autofree char *ref = scalar_member (object, "$ref");
  g_auto(GStrv) parts = NULL;
  JsonNode *node;

  if (ref == NULL || !g_str_has_prefix (ref, "#/") || walk->document == NULL ||
      walk->refs++ >= MAX_REFS)
    return object;
  if (*walk->root == NULL)
    *walk->root = pw_openapi_parse_tree (walk->document, strlen (walk->document), NULL, NULL);
  node = *walk->root;
  parts = g_strsplit (ref + 2, "/", -1);
  for (guint i = 0; parts[i] != NULL && node != NULL && JSON_NODE_HOLDS_OBJECT (node); i++)
    {
      g_autoptr(GString) key = g_string_new (parts[i]);

      g_string_replace (key, "~1", "/", 0);
      g_string_replace (key, "~0", "~", 0);
      node = json_object_get_member (json_node_get_object (node), key->str);
    }
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? deref (walk, json_node_get_object (node)) : object;
}

static gboolean
is_true (JsonObject *object,
         const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* The schema's type: "string", "array", or the first of a type list. */
static char *
schema_type (JsonObject *schema)
{
  JsonArray *types = array_member (schema, "type");

  if (types != NULL && json_array_get_length (types) > 0)
    return g_strdup (json_array_get_string_element (types, 0));
  if (schema != NULL && (json_object_has_member (schema, "properties") ||
                         json_object_has_member (schema, "allOf")) &&
      !json_object_has_member (schema, "type"))
    return g_strdup ("object");
  return scalar_member (schema, "type");
}

/* The first line of the description, then the limits, default, enum and
 * format: "The page number; minimum 1; default 1". */
static char *
schema_notes (JsonObject *owner,
              JsonObject *schema)
{
  static const char * const limits[] = {
    "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
    "maxLength", "minItems", "maxItems", "pattern", "default", "multipleOf",
  };
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree char *description = scalar_member (owner, "description");
  JsonArray *values = array_member (schema, "enum");

  if (description == NULL)
    description = scalar_member (schema, "description");
  if (description != NULL)
    {
      g_string_append_len (notes, description, MIN (strcspn (description, "\n"), 200));
      while (notes->len > 0 && strchr (". ", notes->str[notes->len - 1]) != NULL)
        g_string_truncate (notes, notes->len - 1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autofree char *value = scalar_member (schema, limits[i]);

      if (value != NULL)
        g_string_append_printf (notes, "%s%s %s", notes->len > 0 ? "; " : "", limits[i], value);
    }
  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      JsonNode *value = json_array_get_element (values, i);

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        g_string_append_printf (notes, "%s%s", i == 0 ? (notes->len > 0 ? "; enum " : "enum ") : " | ",
                                json_node_get_string (value));
    }
  return notes->len > 0 ? g_strdup (notes->str) : NULL;
}

static gboolean
in_list (JsonArray  *list,
         const char *name)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_VALUE (node) && g_strcmp0 (json_node_get_string (node), name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void walk_schema (Walk *walk, JsonObject *schema, PwDraftPlace place, const char *prefix,
                         int depth);

/* One property of an object schema, and its own properties one level down. */
static void
walk_property (Walk         *walk,
               const char   *name,
               JsonObject   *schema,
               gboolean      required,
               PwDraftPlace  place,
               const char   *prefix,
               int           depth)
{
  g_autofree char *full = prefix != NULL ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
  g_autofree char *type = schema_type (schema);
  g_autofree char *notes = schema_notes (schema, schema);
  JsonObject *items = object_member (schema, "items");

  pw_draft_facts_add (walk->facts, full, place, type,
                      required ? PW_DRAFT_FLAG_REQUIRED : PW_DRAFT_FLAG_OPTIONAL, notes, walk->line);
  /* An `allOf` part that requires a property another part lists. */
  for (guint i = 0; required && i < walk->facts->fields->len; i++)
    {
      PwDraftField *field = g_ptr_array_index (walk->facts->fields, i);

      if (field->place == place && g_str_equal (field->name, full))
        field->flag = PW_DRAFT_FLAG_REQUIRED;
    }
  if (depth + 1 < MAX_DEPTH)
    walk_schema (walk, items != NULL ? items : schema, place, full, depth + 1);
}

/* An object schema's properties, with `allOf` parts merged and an array
 * read through its items. */
static void
walk_schema (Walk         *walk,
             JsonObject   *schema,
             PwDraftPlace  place,
             const char   *prefix,
             int           depth)
{
  JsonObject *properties;
  JsonArray *required;
  JsonArray *parts;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (schema == NULL)
    return;
  schema = deref (walk, schema);
  properties = object_member (schema, "properties");
  required = array_member (schema, "required");
  parts = array_member (schema, "allOf");
  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonNode *part = json_array_get_element (parts, i);

      if (JSON_NODE_HOLDS_OBJECT (part))
        walk_schema (walk, json_node_get_object (part), place, prefix, depth);
    }
  if (properties == NULL && prefix == NULL && object_member (schema, "items") != NULL)
    walk_schema (walk, object_member (schema, "items"), place, prefix, depth);
  if (properties == NULL)
    return;
  json_object_iter_init_ordered (&iter, properties);
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      JsonObject *property = JSON_NODE_HOLDS_OBJECT (value) ? deref (walk, json_node_get_object (value))
                                                            : NULL;

      /* A read-only property is no input, a write-only one no output. */
      if (property == NULL ||
          is_true (property, place == PW_DRAFT_PLACE_RESPONSE ? "writeOnly" : "readOnly"))
        continue;
      walk_property (walk, name, property, in_list (required, name), place, prefix, depth);
    }
}

/* The schema of a request body or response: application/json's, else the
 * first media type's (OpenAPI 3), or its own `schema` (Swagger 2). */
static JsonObject *
content_schema (JsonObject *owner)
{
  JsonObject *content = object_member (owner, "content");
  JsonObject *media = object_member (content, "application/json");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (content == NULL)
    return object_member (owner, "schema");
  if (media == NULL)
    {
      json_object_iter_init_ordered (&iter, content);
      while (media == NULL && json_object_iter_next_ordered (&iter, &name, &value))
        media = JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;
    }
  return object_member (media, "schema");
}

static PwDraftPlace
place_of (const char *in)
{
  if (g_strcmp0 (in, "path") == 0)
    return PW_DRAFT_PLACE_PATH;
  if (g_strcmp0 (in, "query") == 0)
    return PW_DRAFT_PLACE_QUERY;
  if (g_strcmp0 (in, "header") == 0 || g_strcmp0 (in, "cookie") == 0)
    return PW_DRAFT_PLACE_HEADER;
  return PW_DRAFT_PLACE_BODY;
}

/* Each parameter (a Swagger 2 body parameter by its schema's properties). */
static void
walk_parameters (Walk       *walk,
                 JsonObject *operation)
{
  JsonArray *parameters = array_member (operation, "parameters");

  for (guint i = 0; parameters != NULL && i < json_array_get_length (parameters); i++)
    {
      JsonNode *node = json_array_get_element (parameters, i);
      JsonObject *parameter = JSON_NODE_HOLDS_OBJECT (node) ? deref (walk, json_node_get_object (node))
                                                            : NULL;
      g_autofree char *name = scalar_member (parameter, "name");
      g_autofree char *in = scalar_member (parameter, "in");
      JsonObject *schema = object_member (parameter, "schema");
      g_autofree char *type = NULL;
      g_autofree char *notes = NULL;

      if (name == NULL)
        continue;
      if (g_strcmp0 (in, "body") == 0)
        {
          walk_schema (walk, schema, PW_DRAFT_PLACE_BODY, NULL, 0);
          continue;
        }
      /* Swagger 2 puts the schema's keys on the parameter itself. */
      if (schema == NULL)
        schema = parameter;
      type = schema_type (schema);
      notes = schema_notes (parameter, schema);
      pw_draft_facts_add (walk->facts, name, place_of (in), type,
                          is_true (parameter, "required") || g_strcmp0 (in, "path") == 0
                          ? PW_DRAFT_FLAG_REQUIRED : PW_DRAFT_FLAG_OPTIONAL, notes, walk->line);
    }
}

/* Each status with its description; the first success's properties are
 * the response fields. */
static void
walk_responses (Walk       *walk,
                JsonObject *operation)
{
  JsonObject *responses = object_member (operation, "responses");
  gboolean fields = FALSE;
  JsonObjectIter iter;
  const char *code;
  JsonNode *value;

  if (responses == NULL)
    return;
  json_object_iter_init_ordered (&iter, responses);
  while (json_object_iter_next_ordered (&iter, &code, &value))
    {
      JsonObject *response = JSON_NODE_HOLDS_OBJECT (value) ? deref (walk, json_node_get_object (value))
                                                            : NULL;
      g_autofree char *description = scalar_member (response, "description");
      guint64 number;

      if (!g_ascii_string_to_unsigned (code, 10, 100, 599, &number, NULL))
        continue;
      if (description != NULL)
        description[strcspn (description, "\n")] = '\0';
      pw_draft_facts_add_status (walk->facts, (guint) number, description);
      if (!fields && number < 300 && content_schema (response) != NULL)
        {
          walk_schema (walk, content_schema (response), PW_DRAFT_PLACE_RESPONSE, NULL, 0);
          fields = TRUE;
        }
    }
}

/* "security: bearerAuth", or that the operation needs none. */
static void
walk_security (Walk       *walk,
               JsonObject *operation)
{
  JsonArray *security = array_member (operation, "security");
  g_autoptr(GString) line = g_string_new ("security:");

  if (security == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (security); i++)
    {
      JsonNode *node = json_array_get_element (security, i);
      g_autoptr(GList) names = JSON_NODE_HOLDS_OBJECT (node)
                               ? json_object_get_members (json_node_get_object (node)) : NULL;

      for (GList *l = names; l != NULL; l = l->next)
        g_string_append_printf (line, " %s", (const char *) l->data);
    }
  if (g_str_equal (line->str, "security:"))
    g_string_append (line, " [] (no authentication)");
  g_ptr_array_add (walk->facts->auth, g_strdup (line->str));
}

/**
 * pw_draft_extract_openapi:
 * @section: an OpenAPI operation's section, as pw_openapi_extract() writes it
 * @document: (nullable): the whole document, for a `$ref` the section
 *   left as a reference (a schema it wrote out once before)
 * @root: (inout): @document's tree, read here the first time it is needed;
 *   the caller frees it
 * @path: the operation's path
 * @first_line: the operation's 1-based line in its document
 *
 * Returns: (transfer full) (nullable): what the operation says, or %NULL
 *   when @section is not a YAML mapping
 */
PwDraftFacts *
pw_draft_extract_openapi (const char  *section,
                          const char  *document,
                          JsonNode   **root,
                          const char  *path,
                          guint        first_line)
{
  g_autoptr(JsonNode) tree = NULL;
  JsonObject *operation;
  JsonObject *body;
  Walk walk = { NULL, first_line, document, root, 0 };

  if (section == NULL)
    return NULL;
  tree = pw_openapi_parse_tree (section, strlen (section), NULL, NULL);
  if (tree == NULL || !JSON_NODE_HOLDS_OBJECT (tree))
    return NULL;
  operation = json_node_get_object (tree);
  walk.facts = pw_draft_facts_new (first_line);
  walk_parameters (&walk, operation);
  body = object_member (operation, "requestBody");
  if (body != NULL)
    body = deref (&walk, body);
  walk_schema (&walk, content_schema (body), PW_DRAFT_PLACE_BODY, NULL, 0);
  walk_responses (&walk, operation);
  walk_security (&walk, operation);
  pw_draft_facts_finish (walk.facts, path);
  return walk.facts;
}
