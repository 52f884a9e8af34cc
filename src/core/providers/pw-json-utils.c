/* pw-json-utils.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-json-utils"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-json-utils.h"
#include "pw-provider.h"

/* Parses @data with @parser.  Returns the root, or %NULL with a
 * %PW_PROVIDER_ERROR_PROTOCOL error. */
static JsonNode *
parse_with (JsonParser  *parser,
            const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root = NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      g_set_error (error, PW_PROVIDER_ERROR, PW_PROVIDER_ERROR_PROTOCOL,
                   _("The server sent malformed JSON: %s"),
                   local_error != NULL ? local_error->message : _("empty document"));
      return NULL;
    }

  return json_node_ref (root);
}

/**
 * pw_json_parse:
 *
 * Returns: (transfer full): the root node of @data, or %NULL with a
 *   %PW_PROVIDER_ERROR_PROTOCOL error
 */
JsonNode *
pw_json_parse (const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  return parse_with (parser, data, length, error);
}

/**
 * pw_json_parse_chunk:
 * @parser: a parser kept for the whole stream
 *
 * Like pw_json_parse() for the many small documents of a stream.  One
 * mutable parser is reused: an immutable one seals every node, which
 * hashes every string of every chunk, and that dominated the cost of
 * receiving a long answer.
 *
 * Returns: (transfer full): the root node of @data, or %NULL with a
 *   %PW_PROVIDER_ERROR_PROTOCOL error
 */
JsonNode *
pw_json_parse_chunk (JsonParser  *parser,
                     const char  *data,
                     gsize        length,
                     GError     **error)
{
  g_return_val_if_fail (JSON_IS_PARSER (parser), NULL);

  return parse_with (parser, data, length, error);
}

/**
 * pw_json_get_string:
 * @object: (nullable): an object
 *
 * Returns: (nullable): the member if it is a string
 */
const char *
pw_json_get_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * pw_json_get_object:
 *
 * Returns: (nullable) (transfer none): the member if it is an object
 */
JsonObject *
pw_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * pw_json_get_array:
 *
 * Returns: (nullable) (transfer none): the member if it is an array
 */
JsonArray *
pw_json_get_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * pw_json_get_int:
 *
 * Returns: the member if it is a non-negative number, else -1
 */
gint64
pw_json_get_int (JsonObject *object,
                 const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return MAX (json_node_get_int (node), -1);
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      return value >= 0 && value < 9e18 ? (gint64) value : -1;
    }
  return -1;
}

gboolean
pw_json_get_bool (JsonObject *object,
                  const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/**
 * pw_json_array_get_object:
 * @array: (nullable): an array
 *
 * Returns: (nullable) (transfer none): the element at @index if it is an
 *   object
 */
JsonObject *
pw_json_array_get_object (JsonArray *array,
                          guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * pw_json_collect_strings:
 * @array: an array of objects
 * @member: the member to read from each object
 * @fallback_member: (nullable): the member to read where @member is missing
 * @strings: (element-type utf8): receives copies of the strings found
 *
 * Reads one string member from each object of @array, such as the model
 * ids of a model list; elements without it are skipped.
 */
void
pw_json_collect_strings (JsonArray  *array,
                         const char *member,
                         const char *fallback_member,
                         GPtrArray  *strings)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = pw_json_array_get_object (array, i);
      const char *value = pw_json_get_string (object, member);

      if (value == NULL && fallback_member != NULL)
        value = pw_json_get_string (object, fallback_member);
      if (value != NULL)
        g_ptr_array_add (strings, g_strdup (value));
    }
}
