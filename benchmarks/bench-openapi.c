/* bench-openapi.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists the operations of a ~10 MB OpenAPI document, YAML and JSON, against
 * the bare parse of the same bytes by the parser Planwright uses:
 *   bench-openapi [SEED_SPEC] [MEGABYTES] [ROUNDS]
 * SEED_SPEC defaults to $PW_SOURCE_ROOT/../shared/openapi/moby__moby/api/swagger.yaml
 * (Docker's Engine API, 108 operations); its paths are copied under renamed
 * keys ("/copy7/containers/json") until the document reaches MEGABYTES
 * (default 10), then written out as YAML (libyaml's emitter) and as JSON
 * (json-glib's generator, two-space indent).  Each figure is the best of
 * ROUNDS (default 5).
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "pw-endpoints.h"
#include "pw-openapi.h"

/* ---- Building the document ---- */

static JsonNode *
multiply_paths (JsonNode *seed,
                guint     copies)
{
  JsonObject *root = json_node_get_object (seed);
  JsonObject *paths = json_object_get_object_member (root, "paths");
  JsonObject *big_root = json_object_new ();
  JsonObject *big_paths = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (root);
  g_autoptr(GList) keys = json_object_get_members (paths);
  JsonNode *node;

  for (guint copy = 0; copy < copies; copy++)
    for (GList *k = keys; k != NULL; k = k->next)
      {
        g_autofree char *key = g_strdup_printf ("/copy%u%s", copy, (const char *) k->data);

        json_object_set_member (big_paths, key, json_node_copy (json_object_get_member (paths,
                                                                                       k->data)));
      }

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "paths"))
        json_object_set_object_member (big_root, "paths", json_object_ref (big_paths));
      else
        json_object_set_member (big_root, l->data,
                                json_node_copy (json_object_get_member (root, l->data)));
    }
  json_object_unref (big_paths);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, big_root);

  return node;
}

static char *
to_json (JsonNode *root,
         gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, length);
}

static int
write_cb (void          *data,
          unsigned char *buffer,
          size_t         size)
{
  g_string_append_len (data, (const char *) buffer, size);

  return 1;
}

/* Strings that a YAML reader would type (numbers, booleans, null) are
 * quoted; the rest are left to the emitter, which writes them plain where
 * it can, as hand-written specs do. */
static gboolean
needs_quotes (const char *s)
{
  return *s == '\0' || strchr ("0123456789-+.~tTfFnNyYoO", *s) != NULL;
}

static void
emit (yaml_emitter_t *emitter,
      JsonNode       *node);

static void
emit_scalar (yaml_emitter_t *emitter,
             const char     *value,
             gboolean        quoted)
{
  yaml_event_t event;

  yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) value, -1, !quoted, 1,
                                quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
  yaml_emitter_emit (emitter, &event);
}

static void
emit_value (yaml_emitter_t *emitter,
            JsonNode       *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    emit_scalar (emitter, "null", FALSE);
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    emit_scalar (emitter, json_node_get_string (node), needs_quotes (json_node_get_string (node)));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    emit_scalar (emitter, json_node_get_boolean (node) ? "true" : "false", FALSE);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    emit_scalar (emitter, text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node)),
                 FALSE);
  else
    emit_scalar (emitter, g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)),
                 FALSE);
}

static void
emit (yaml_emitter_t *emitter,
      JsonNode       *node)
{
  yaml_event_t event;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      yaml_mapping_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
      yaml_emitter_emit (emitter, &event);
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          emit_scalar (emitter, name, needs_quotes (name));
          emit (emitter, value);
        }
      yaml_mapping_end_event_initialize (&event);
      yaml_emitter_emit (emitter, &event);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      yaml_sequence_start_event_initialize (&event, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
      yaml_emitter_emit (emitter, &event);
      for (guint i = 0; i < json_array_get_length (array); i++)
        emit (emitter, json_array_get_element (array, i));
      yaml_sequence_end_event_initialize (&event);
      yaml_emitter_emit (emitter, &event);
    }
  else
    {
      emit_value (emitter, node);
    }
}

static char *
to_yaml (JsonNode *root,
         gsize    *length)
{
  GString *out = g_string_new (NULL);
  yaml_emitter_t emitter;
  yaml_event_t event;

  yaml_emitter_initialize (&emitter);
  yaml_emitter_set_output (&emitter, write_cb, out);
  yaml_emitter_set_unicode (&emitter, 1);
  yaml_emitter_set_width (&emitter, 100);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  yaml_emitter_emit (&emitter, &event);
  yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1);
  yaml_emitter_emit (&emitter, &event);
  emit (&emitter, root);
  yaml_document_end_event_initialize (&event, 1);
  yaml_emitter_emit (&emitter, &event);
  yaml_stream_end_event_initialize (&event);
  yaml_emitter_emit (&emitter, &event);
  if (emitter.error != YAML_NO_ERROR)
    g_error ("YAML emitter: %s", emitter.problem);
  yaml_emitter_delete (&emitter);

  *length = out->len;

  return g_string_free (out, FALSE);
}

/* ---- Timing ---- */

static void
bare_yaml (const char *text,
           gsize       length)
{
  yaml_parser_t parser;
  yaml_event_t event;
  gboolean done = FALSE;

  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) text, length);
  while (!done)
    {
      if (!yaml_parser_parse (&parser, &event))
        g_error ("libyaml: %s", parser.problem);
      done = event.type == YAML_STREAM_END_EVENT;
      yaml_event_delete (&event);
    }
  yaml_parser_delete (&parser);
}

static void
bare_json (const char *text,
           gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, length, &error))
    g_error ("json-glib: %s", error->message);
}

static guint n_listed;

static void
list_operations (const char     *text,
                 gsize           length,
                 PwOpenApiFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) endpoints = pw_openapi_extract (text, length, "big", flags, &error);

  if (endpoints == NULL)
    g_error ("pw_openapi_extract: %s", error->message);
  n_listed = endpoints->len;
}

static double
best_ms (void (*bare) (const char *, gsize),
         const char     *text,
         gsize           length,
         PwOpenApiFlags  flags,
         guint           rounds)
{
  gint64 best = G_MAXINT64;

  for (guint r = 0; r < rounds; r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      if (bare != NULL)
        bare (text, length);
      else
        list_operations (text, length, flags);
      best = MIN (best, g_get_monotonic_time () - t0);
    }

  return best / 1000.0;
}

static void
measure (const char *format,
         const char *text,
         gsize       length,
         void      (*bare) (const char *, gsize),
         guint       rounds)
{
  double parse = best_ms (bare, text, length, 0, rounds);
  double list = best_ms (NULL, text, length, PW_OPENAPI_NONE, rounds);
  double sections = best_ms (NULL, text, length, PW_OPENAPI_SECTIONS, rounds);

  printf ("%s: %" G_GSIZE_FORMAT " bytes, %u operations\n", format, length, n_listed);
  printf ("  bare parse:                 %8.1f ms (%.1f MB/s)\n", parse, length / parse / 1000.0);
  printf ("  list operations:            %8.1f ms (%.2fx the bare parse)\n", list, list / parse);
  printf ("  list with their sections:   %8.1f ms (%.2fx the bare parse)\n", sections,
          sections / parse);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *seed_path = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *yaml_text = NULL;
  g_autofree char *json_text = NULL;
  g_autoptr(JsonNode) seed = NULL;
  g_autoptr(JsonNode) big = NULL;
  g_autoptr(GError) error = NULL;
  gsize seed_length, yaml_length = 0, json_length = 0;
  gsize megabytes = 10;
  guint rounds = 5;
  guint copies;

  if (argc > 1)
    seed_path = g_strdup (argv[1]);
  else
    seed_path = g_build_filename (g_getenv ("PW_SOURCE_ROOT") != NULL ? g_getenv ("PW_SOURCE_ROOT")
                                                                      : ".",
                                  "..", "shared", "openapi", "moby__moby", "api", "swagger.yaml",
                                  NULL);
  if (argc > 2)
    megabytes = MAX (1, atoi (argv[2]));
  if (argc > 3)
    rounds = MAX (1, atoi (argv[3]));

  if (!g_file_get_contents (seed_path, &seed_text, &seed_length, &error) ||
      (seed = pw_openapi_parse_tree (seed_text, seed_length, seed_path, &error)) == NULL)
    {
      fprintf (stderr, "bench-openapi: %s\n", error->message);
      return 1;
    }

  /* The copies the YAML needs to reach the size (from the size of one and
   * of two copies); JSON comes out larger. */
  {
    g_autoptr(JsonNode) one = multiply_paths (seed, 1);
    g_autoptr(JsonNode) two = multiply_paths (seed, 2);
    g_autofree char *one_text = to_yaml (one, &yaml_length);
    gsize one_length = yaml_length;
    g_autofree char *two_text = to_yaml (two, &yaml_length);
    gsize per_copy = MAX (1, yaml_length - one_length);
    gsize target = megabytes * 1000 * 1000;

    copies = target > one_length ? 1 + (target - one_length + per_copy - 1) / per_copy : 1;
  }
  big = multiply_paths (seed, copies);
  yaml_text = to_yaml (big, &yaml_length);
  json_text = to_json (big, &json_length);

  printf ("seed: %s (%" G_GSIZE_FORMAT " bytes), paths copied %u times\n", seed_path,
          seed_length, copies);
  measure ("YAML (libyaml)", yaml_text, yaml_length, bare_yaml, rounds);
  measure ("JSON (json-glib)", json_text, json_length, bare_json, rounds);

  return 0;
}
