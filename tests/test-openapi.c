/* test-openapi.c: OpenAPI and Swagger documents as API specs
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "pw-endpoints.h"
#include "pw-openapi.h"
#include "pw-plan-index.h"
#include "pw-prompt.h"
#include "pw-template.h"
#include "pw-test-utils.h"
#include "pw-workspace.h"

/* ---- Helpers ---- */

static GPtrArray *
extract_ok (const char *text,
            const char *file)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *endpoints = pw_api_spec_extract (text, strlen (text), file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (endpoints);

  return endpoints;
}

static GError *
extract_error (const char *text,
               const char *file)
{
  GError *error = NULL;
  g_autoptr(GPtrArray) endpoints = pw_api_spec_extract (text, strlen (text), file, &error);

  g_assert_null (endpoints);
  g_assert_nonnull (error);

  return error;
}

/* "GET /a, POST /b" in document order. */
static char *
keys_of (GPtrArray *endpoints)
{
  g_auto(GStrv) keys = g_new0 (char *, endpoints->len + 1);

  for (guint i = 0; i < endpoints->len; i++)
    keys[i] = pw_endpoint_dup_key (g_ptr_array_index (endpoints, i));

  return g_strjoinv (", ", keys);
}

static PwEndpoint *
find (GPtrArray  *endpoints,
      const char *method,
      const char *path)
{
  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);

      if (g_str_equal (endpoint->method, method) && g_str_equal (endpoint->path, path))
        return endpoint;
    }

  return NULL;
}

/* The section written for an endpoint, read back as a tree: it must be YAML. */
static JsonObject *
section_tree (const PwEndpoint *endpoint,
              JsonNode        **root)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (endpoint->section_text);
  *root = pw_openapi_parse_tree (endpoint->section_text, strlen (endpoint->section_text), "section",
                                 &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*root));

  return json_node_get_object (*root);
}

/* ---- Facts, computed from a section as the corpus labeller does ---- */

static void
add_properties (GPtrArray  *names,
                JsonObject *schema)
{
  JsonObject *properties;
  JsonArray *all_of;

  if (json_object_has_member (schema, "properties") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (schema, "properties")))
    {
      g_autoptr(GList) members = NULL;

      properties = json_object_get_object_member (schema, "properties");
      members = json_object_get_members (properties);
      for (GList *l = members; l != NULL; l = l->next)
        g_ptr_array_add (names, g_strdup (l->data));
    }

  if (json_object_has_member (schema, "allOf") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (schema, "allOf")))
    {
      all_of = json_object_get_array_member (schema, "allOf");
      for (guint i = 0; i < json_array_get_length (all_of); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (all_of, i)))
          add_properties (names, json_array_get_object_element (all_of, i));
    }
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
add_parameter_facts (JsonObject *section,
                     GPtrArray  *params,
                     GPtrArray  *body)
{
  JsonNode *node = json_object_get_member (section, "parameters");
  JsonArray *parameters;

  if (node == NULL)
    return;

  parameters = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (parameters); i++)
    {
      JsonObject *p = json_array_get_object_element (parameters, i);
      const char *in = json_object_get_string_member (p, "in");
      const char *name = json_object_get_string_member (p, "name");

      if (g_str_equal (in, "body"))
        add_properties (body, object_member (p, "schema"));
      else if (g_str_equal (in, "formData"))
        g_ptr_array_add (body, g_strdup (name));
      else
        g_ptr_array_add (params, g_strdup (name));
    }
}

static void
add_request_body_facts (JsonObject *section,
                        GPtrArray  *body)
{
  JsonObject *content = object_member (object_member (section, "requestBody"), "content");
  JsonObject *media;
  g_autoptr(GList) types = NULL;

  if (content == NULL)
    return;

  media = object_member (content, "application/json");
  types = json_object_get_members (content);
  if (media == NULL && types != NULL)
    media = object_member (content, types->data);
  if (object_member (media, "schema") != NULL)
    add_properties (body, object_member (media, "schema"));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
sorted_joined (GPtrArray *names)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) unique = g_ptr_array_new ();

  for (guint i = 0; i < names->len; i++)
    if (g_hash_table_add (seen, g_ptr_array_index (names, i)))
      g_ptr_array_add (unique, g_ptr_array_index (names, i));
  g_ptr_array_sort (unique, compare_names);
  g_ptr_array_add (unique, NULL);

  return g_strjoinv (",", (char **) unique->pdata);
}

static char *
joined_array (JsonArray *array,
              gboolean   sort)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (names, (gpointer) json_array_get_string_element (array, i));
  if (sort)
    return sorted_joined (names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (",", (char **) names->pdata);
}

static void
check_fact (GPtrArray  *endpoints,
            JsonObject *fact,
            const char *document)
{
  PwEndpoint *endpoint = find (endpoints, json_object_get_string_member (fact, "method"),
                               json_object_get_string_member (fact, "path"));
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) body = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) responses = g_ptr_array_new ();
  g_autofree char *got_params = NULL, *got_body = NULL, *got_responses = NULL;
  g_autofree char *want_params = NULL, *want_body = NULL, *want_responses = NULL;
  g_autoptr(GList) codes = NULL;
  JsonObject *section;

  g_assert_nonnull (endpoint);
  section = section_tree (endpoint, &root);

  add_parameter_facts (section, params, body);
  add_request_body_facts (section, body);
  codes = object_member (section, "responses") != NULL
          ? json_object_get_members (object_member (section, "responses")) : NULL;
  for (GList *l = codes; l != NULL; l = l->next)
    g_ptr_array_add (responses, l->data);
  g_ptr_array_add (responses, NULL);

  got_params = sorted_joined (params);
  got_body = sorted_joined (body);
  got_responses = g_strjoinv (",", (char **) responses->pdata);
  want_params = joined_array (json_object_get_array_member (fact, "params"), TRUE);
  want_body = joined_array (json_object_get_array_member (fact, "body"), TRUE);
  want_responses = joined_array (json_object_get_array_member (fact, "responses"), FALSE);

  g_test_message ("%s %s %s", document, endpoint->method, endpoint->path);
  g_assert_cmpstr (got_params, ==, want_params);
  g_assert_cmpstr (got_body, ==, want_body);
  g_assert_cmpstr (got_responses, ==, want_responses);
}

/* ---- The shared corpus ---- */

/* Each operation's line holds its method key. */
static void
check_line (const char       *text,
            const PwEndpoint *endpoint)
{
  g_autofree char *lower = g_ascii_strdown (endpoint->method, -1);
  g_autofree char *yaml_key = g_strconcat (lower, ":", NULL);
  g_autofree char *json_key = g_strconcat ("\"", lower, "\"", NULL);
  const char *line = text;
  g_autofree char *content = NULL;

  g_assert_cmpuint (endpoint->line, >, 0);
  for (guint i = 1; i < endpoint->line && line != NULL; i++)
    {
      line = strchr (line, '\n');
      line = line != NULL ? line + 1 : NULL;
    }
  g_assert_nonnull (line);
  content = g_strndup (line, strcspn (line, "\n"));
  if (strstr (content, yaml_key) == NULL && strstr (content, json_key) == NULL)
    g_error ("line %u of %s %s is “%s”", endpoint->line, endpoint->method, endpoint->path,
             content);
}

/* Listing alone (no sections, most of a YAML document left unbuilt) finds
 * the same operations with the same fields. */
static void
check_listing_matches (const char *text,
                       gsize       length,
                       const char *file,
                       GPtrArray  *endpoints)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = pw_api_spec_list (text, length, file, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, endpoints->len);
  for (guint i = 0; i < listed->len; i++)
    {
      PwEndpoint *a = g_ptr_array_index (listed, i);
      PwEndpoint *b = g_ptr_array_index (endpoints, i);

      g_assert_cmpstr (a->method, ==, b->method);
      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_cmpstr (a->operation_id, ==, b->operation_id);
      g_assert_cmpstr (a->summary, ==, b->summary);
      g_assert_cmpstr (a->group, ==, b->group);
      g_assert_cmpuint (a->line, ==, b->line);
      g_assert_null (a->section_text);
      g_assert_nonnull (b->section_text);
    }
}

typedef struct
{
  guint tp;
  guint fp;
  guint fn;
} Counts;

static double
f1_of (const Counts *c)
{
  double precision = c->tp + c->fp > 0 ? (double) c->tp / (c->tp + c->fp) : 0;
  double recall = c->tp + c->fn > 0 ? (double) c->tp / (c->tp + c->fn) : 1;

  return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
}

static void
score_document (const char *dir,
                const char *name,
                const char *path,
                JsonObject *label,
                Counts     *total)
{
  g_autofree char *file = g_build_filename (dir, name, path, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GHashTable) want = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *operations = json_object_get_array_member (label, "operations");
  JsonArray *facts = json_object_get_array_member (label, "facts");
  Counts counts = { 0, };
  gsize length;

  g_file_get_contents (file, &text, &length, &error);
  g_assert_no_error (error);
  g_assert_true (pw_openapi_sniff (text, length));

  endpoints = pw_api_spec_extract (text, length, path, &error);
  g_assert_no_error (error);
  check_listing_matches (text, length, path, endpoints);

  for (guint i = 0; i < json_array_get_length (operations); i++)
    {
      JsonObject *op = json_array_get_object_element (operations, i);

      g_hash_table_add (want, g_strconcat (json_object_get_string_member (op, "method"), " ",
                                           json_object_get_string_member (op, "path"), NULL));
    }

  for (guint i = 0; i < endpoints->len; i++)
    {
      PwEndpoint *endpoint = g_ptr_array_index (endpoints, i);
      g_autofree char *key = pw_endpoint_dup_key (endpoint);

      if (g_hash_table_remove (want, key))
        counts.tp++;
      else
        counts.fp++;
      check_line (text, endpoint);
    }
  counts.fn = g_hash_table_size (want);

  g_test_message ("%s: %u operations, %u right, %u extra, %u missed, F1 %.3f", name,
                  json_array_get_length (operations), counts.tp, counts.fp, counts.fn,
                  f1_of (&counts));
  g_assert_cmpfloat (f1_of (&counts), >=, 0.95);
  g_assert_cmpuint (endpoints->len, ==, json_object_get_int_member (label, "count"));

  for (guint i = 0; i < json_array_get_length (facts); i++)
    check_fact (endpoints, json_array_get_object_element (facts, i), name);

  total->tp += counts.tp;
  total->fp += counts.fp;
  total->fn += counts.fn;
}

/* The labels, or NULL when the corpus is not beside the project. */
static JsonObject *
load_labels (JsonParser *parser,
             const char *dir)
{
  g_autofree char *path = dir != NULL ? g_build_filename (dir, "labels.json", NULL) : NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_corpus (void)
{
  g_autofree char *dir = pw_test_dup_shared_dir ("openapi");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *labels = load_labels (parser, dir);
  g_autoptr(GList) names = NULL;
  Counts total = { 0, };

  if (labels == NULL)
    {
      g_test_skip ("OpenAPI corpus not available (../shared/openapi/labels.json)");
      return;
    }

  names = json_object_get_members (labels);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *files = json_object_get_object_member (labels, l->data);
      g_autoptr(GList) paths = json_object_get_members (files);

      for (GList *p = paths; p != NULL; p = p->next)
        score_document (dir, l->data, p->data, json_object_get_object_member (files, p->data),
                        &total);
    }

  g_test_message ("overall F1 %.4f", f1_of (&total));
  g_assert_cmpfloat (f1_of (&total), >=, 0.99);
  g_assert_cmpuint (total.tp, >, 0);
}

/* ---- Sniffing ---- */

static void
test_sniff (void)
{
  static const char * const yes[] = {
    "openapi: 3.1.0\npaths: {}\n",
    "# generated\n%YAML 1.2\n---\ninfo:\n  title: x\nopenapi: \"3.0.0\"\n",
    "\xEF\xBB\xBF" "swagger: '2.0'\r\npaths: {}\r\n",
    "\"openapi\": 3.0.0\n",
    "{\n  \"x-generator\": \"NSwag\",\n  \"openapi\" : \"3.0.0\"\n}",
    "\xEF\xBB\xBF{\"swagger\":\"2.0\"}",
  };
  static const char * const no[] = {
    "",
    "# API plan\n\n## GET /books\n\nLists books.\nopenapi: not a key here\n",
    "# API plan\n\n```yaml\nopenapi: 3.0.0\npaths: {}\n```\n",
    "{\"name\": \"package\", \"version\": \"1.0.0\"}",
    "openapiVersion: 3\n",
    "title: API\nSome prose.\nopenapi: 3.0.0\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_assert_true (pw_openapi_sniff (yes[i], strlen (yes[i])));
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_false (pw_openapi_sniff (no[i], strlen (no[i])));
}

/* ---- Rules for operations ---- */

static const char EXTENSIONS[] =
  "openapi: 3.1.0\n"
  "info: {title: t, version: '1'}\n"
  "x-tagGroups: []\n"
  "paths:\n"
  "  x-internal:\n"
  "    get: {summary: not an operation}\n"
  "  /items:\n"
  "    summary: Items\n"
  "    description: every item\n"
  "    x-amazon-apigateway-any-method: {responses: {200: {description: ok}}}\n"
  "    parameters: []\n"
  "    servers: [{url: 'https://x'}]\n"
  "    GET: {summary: upper case is not a method}\n"
  "    head: {operationId: headItems}\n"
  "    options: {operationId: optionsItems}\n"
  "    trace: {operationId: traceItems}\n"
  "    get:\n"
  "      operationId: listItems\n"
  "      callbacks:\n"
  "        done:\n"
  "          '{$request.body#/url}':\n"
  "            post: {responses: {'200': {description: ok}}}\n"
  "webhooks:\n"
  "  newItem:\n"
  "    post: {responses: {'200': {description: ok}}}\n";

static void
test_extensions_and_methods (void)
{
  g_autoptr(GPtrArray) endpoints = extract_ok (EXTENSIONS, "openapi.yaml");
  g_autofree char *keys = keys_of (endpoints);

  g_assert_cmpstr (keys, ==, "HEAD /items, OPTIONS /items, TRACE /items, GET /items");
  g_assert_cmpstr (find (endpoints, "GET", "/items")->operation_id, ==, "listItems");
  g_assert_cmpuint (find (endpoints, "HEAD", "/items")->line, ==, 14);
  g_assert_cmpuint (find (endpoints, "GET", "/items")->line, ==, 17);
}

static const char ANCHORS[] =
  "openapi: 3.0.3\n"
  "info: {title: t, version: '1'}\n"
  "x-common: &error\n"
  "  description: failure\n"
  "x-base: &base\n"
  "  tags: [Pets]\n"
  "  responses:\n"
  "    default: *error\n"
  "paths:\n"
  "  /pets: &pets\n"
  "    get:\n"
  "      <<: *base\n"
  "      operationId: listPets\n"
  "      responses:\n"
  "        '200': {description: ok}\n"
  "        default: *error\n"
  "  /animals: *pets\n";

static void
test_anchors (void)
{
  g_autoptr(GPtrArray) endpoints = extract_ok (ANCHORS, "openapi.yaml");
  g_autofree char *keys = keys_of (endpoints);
  PwEndpoint *animals = find (endpoints, "GET", "/animals");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *section;

  g_assert_cmpstr (keys, ==, "GET /pets, GET /animals");
  /* The merge key brings tags; the explicit responses win over the merged. */
  g_assert_cmpstr (animals->group, ==, "Pets");
  g_assert_cmpstr (animals->operation_id, ==, "listPets");
  section = section_tree (animals, &root);
  g_assert_cmpstr (json_object_get_string_member (object_member (object_member (section,
                                                                                "responses"),
                                                                 "default"),
                                                  "description"), ==, "failure");
  g_assert_nonnull (object_member (object_member (section, "responses"), "200"));
}

static void
test_unknown_alias (void)
{
  g_autoptr(GError) error = extract_error ("openapi: 3.0.0\npaths:\n  /a: *missing\n",
                                           "openapi.yaml");

  g_assert_error (error, PW_OPENAPI_ERROR, PW_OPENAPI_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "openapi.yaml:3:"));
  g_assert_nonnull (strstr (error->message, "*missing"));
}

static const char TAGGED[] =
  "openapi: 3.0.3\n"
  "info: {title: t, version: '1'}\n"
  "paths:\n"
  "  /pets:\n"
  "    get: {operationId: listPets, tags: [Pets]}\n"
  "  /pets/{id}/owner:\n"
  "    get: {operationId: petOwner, tags: [Owners, Pets]}\n"
  "  /health:\n"
  "    get: {operationId: health}\n";

/* The wizard groups an OpenAPI document's operations by their first tag;
 * an operation without one falls back to its path's first segment. */
static void
test_groups_by_tag (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) endpoints = pw_api_spec_list (TAGGED, strlen (TAGGED), "openapi.yaml",
                                                     &error);
  g_auto(GStrv) groups = NULL;

  g_assert_no_error (error);
  groups = pw_plan_index_group_endpoints (TAGGED, strlen (TAGGED), endpoints);
  g_assert_cmpuint (g_strv_length (groups), ==, 3);
  g_assert_cmpstr (groups[0], ==, "Pets");
  g_assert_cmpstr (groups[1], ==, "Owners");
  g_assert_cmpstr (groups[2], !=, "");
  g_assert_nonnull (groups[2]);
}

static const char PATH_ITEM_REFS[] =
  "openapi: 3.1.0\n"
  "info: {title: t, version: '1'}\n"
  "paths:\n"
  "  /users:\n"
  "    get: {operationId: listUsers, tags: [Users]}\n"
  "    post: {operationId: createUser}\n"
  "  /people:\n"
  "    $ref: '#/paths/~1users'\n"
  "  /members:\n"
  "    $ref: '#/components/pathItems/Members'\n"
  "    summary: beside the $ref\n"
  "    delete: {operationId: removeMembers}\n"
  "  /remote:\n"
  "    $ref: 'other.yaml#/paths/~1x'\n"
  "  /loop:\n"
  "    $ref: '#/paths/~1loop'\n"
  "  /missing:\n"
  "    $ref: '#/components/pathItems/Nothing'\n"
  "components:\n"
  "  pathItems:\n"
  "    Members:\n"
  "      get: {operationId: listMembers}\n";

static void
test_path_item_refs (void)
{
  g_autoptr(GPtrArray) endpoints = extract_ok (PATH_ITEM_REFS, "openapi.yaml");
  g_autofree char *keys = keys_of (endpoints);

  g_assert_cmpstr (keys, ==,
                   "GET /users, POST /users, GET /people, POST /people, GET /members, "
                   "DELETE /members");
  g_assert_cmpstr (find (endpoints, "GET", "/people")->operation_id, ==, "listUsers");
  g_assert_cmpstr (find (endpoints, "GET", "/people")->group, ==, "Users");
  g_assert_cmpuint (find (endpoints, "GET", "/people")->line, ==, 5);
  g_assert_cmpuint (find (endpoints, "GET", "/members")->line, ==, 22);
}

/* An alias into a part that listing skips makes listing read it all. */
static void
test_listing_aliases (void)
{
  static const char doc[] =
    "openapi: 3.0.0\n"
    "components:\n"
    "  x-shared:\n"
    "    base: &base {tags: [Pets], operationId: shared}\n"
    "    other: &other redefined\n"
    "paths:\n"
    "  /a:\n"
    "    get: *base\n"
    "    post:\n"
    "      requestBody: &body {description: skipped when listing}\n"
    "      operationId: post-a\n"
    "  /b:\n"
    "    put: {operationId: *other}\n";
  g_autoptr(GPtrArray) endpoints = extract_ok (doc, "openapi.yaml");
  g_autoptr(GPtrArray) with_refs = extract_ok (PATH_ITEM_REFS, "openapi.yaml");
  g_autoptr(GPtrArray) with_anchors = extract_ok (ANCHORS, "openapi.yaml");

  g_assert_cmpstr (find (endpoints, "GET", "/a")->operation_id, ==, "shared");
  g_assert_cmpstr (find (endpoints, "GET", "/a")->group, ==, "Pets");
  g_assert_cmpstr (find (endpoints, "PUT", "/b")->operation_id, ==, "redefined");
  check_listing_matches (doc, strlen (doc), "openapi.yaml", endpoints);
  check_listing_matches (PATH_ITEM_REFS, strlen (PATH_ITEM_REFS), "openapi.yaml", with_refs);
  check_listing_matches (ANCHORS, strlen (ANCHORS), "openapi.yaml", with_anchors);
}

static const char CYCLES[] =
  "openapi: 3.0.0\n"
  "info: {title: t, version: '1'}\n"
  "paths:\n"
  "  /nodes:\n"
  "    post:\n"
  "      requestBody:\n"
  "        content:\n"
  "          application/json:\n"
  "            schema: {$ref: '#/components/schemas/Node'}\n"
  "      responses:\n"
  "        '201':\n"
  "          description: created\n"
  "          content:\n"
  "            application/json:\n"
  "              schema: {$ref: '#/components/schemas/Node'}\n"
  "        '404': {$ref: 'responses.yaml#/NotFound'}\n"
  "        '500': {$ref: '#/components/responses/Missing'}\n"
  "components:\n"
  "  schemas:\n"
  "    Node:\n"
  "      type: object\n"
  "      properties:\n"
  "        name: {type: string}\n"
  "        children:\n"
  "          type: array\n"
  "          items: {$ref: '#/components/schemas/Node'}\n";

static void
test_cycles (void)
{
  g_autoptr(GPtrArray) endpoints = extract_ok (CYCLES, "openapi.yaml");
  PwEndpoint *post = find (endpoints, "POST", "/nodes");
  g_autoptr(JsonNode) root = NULL;
  JsonObject *schema;

  g_assert_nonnull (strstr (post->section_text,
                            "            items:\n"
                            "              $ref: \"#/components/schemas/Node\"  # cycle\n"));
  g_assert_nonnull (strstr (post->section_text,
                            "$ref: \"#/components/schemas/Node\"  # written out above"));
  g_assert_nonnull (strstr (post->section_text, "$ref: \"responses.yaml#/NotFound\"  # external"));
  g_assert_nonnull (strstr (post->section_text,
                            "$ref: \"#/components/responses/Missing\"  # not found"));

  /* The first use is expanded in place. */
  schema = object_member (object_member (object_member (object_member (section_tree (post, &root),
                                                                        "requestBody"),
                                                         "content"),
                                          "application/json"),
                          "schema");
  g_assert_cmpstr (json_object_get_string_member (schema, "type"), ==, "object");
  g_assert_nonnull (object_member (object_member (schema, "properties"), "children"));
}

static const char SWAGGER[] =
  "swagger: '2.0'\n"
  "info: {title: t, version: '1'}\n"
  "host: api.example.com\n"
  "basePath: /v1.56\n"
  "schemes: [https]\n"
  "paths:\n"
  "  /containers/{id}/json:\n"
  "    parameters:\n"
  "      - {name: id, in: path, required: true, type: string}\n"
  "      - {name: size, in: query, type: boolean, description: path level}\n"
  "    get:\n"
  "      summary: Inspect a container\n"
  "      tags: [Container, Other]\n"
  "      parameters:\n"
  "        - {name: size, in: query, type: boolean, description: operation level}\n"
  "        - {$ref: '#/parameters/Verbose'}\n"
  "      responses: {200: {description: ok}}\n"
  "parameters:\n"
  "  Verbose: {name: verbose, in: query, type: boolean}\n";

static void
test_swagger_base_path_and_parameters (void)
{
  g_autoptr(GPtrArray) endpoints = extract_ok (SWAGGER, "swagger.yaml");
  PwEndpoint *get = g_ptr_array_index (endpoints, 0);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *parameters;
  g_autofree char *names = NULL;
  GString *joined = g_string_new (NULL);

  g_assert_cmpuint (endpoints->len, ==, 1);
  g_assert_cmpstr (get->path, ==, "/containers/{id}/json");
  g_assert_cmpstr (get->raw_path, ==, "/containers/{id}/json");
  g_assert_cmpstr (get->title, ==, "Inspect a container");
  g_assert_cmpstr (get->summary, ==, "Inspect a container");
  g_assert_null (get->operation_id);
  g_assert_cmpstr (get->group, ==, "Container");
  g_assert_nonnull (strstr (get->section_text,
                            "# The path is relative to host api.example.com, basePath /v1.56"));

  /* Path-level id stays; the operation's size replaces the path level's. */
  parameters = json_object_get_array_member (section_tree (get, &root), "parameters");
  for (guint i = 0; i < json_array_get_length (parameters); i++)
    {
      JsonObject *p = json_array_get_object_element (parameters, i);

      g_string_append_printf (joined, "%s%s", i > 0 ? "," : "",
                              json_object_get_string_member (p, "name"));
      if (g_str_equal (json_object_get_string_member (p, "name"), "size"))
        g_assert_cmpstr (json_object_get_string_member (p, "description"), ==,
                         "operation level");
    }
  names = g_string_free (joined, FALSE);
  g_assert_cmpstr (names, ==, "id,size,verbose");
  /* YAML integer keys are names. */
  g_assert_nonnull (object_member (object_member (json_node_get_object (root), "responses"),
                                   "200"));
}

static void
test_duplicate_keys (void)
{
  static const char yaml[] =
    "openapi: 3.0.0\n"
    "paths:\n"
    "  /a:\n"
    "    get: {operationId: first}\n"
    "  /b:\n"
    "    post: {}\n"
    "  /a:\n"
    "    get: {operationId: second}\n"
    "    put: {}\n";
  static const char json[] =
    "{\"openapi\": \"3.0.0\", \"paths\": {\"/a\": {\"get\": {\"operationId\": \"first\"}},"
    " \"/a\": {\"get\": {\"operationId\": \"second\"}}}}";
  g_autoptr(GPtrArray) from_yaml = extract_ok (yaml, "openapi.yaml");
  g_autoptr(GPtrArray) from_json = extract_ok (json, "openapi.json");
  g_autofree char *keys = keys_of (from_yaml);

  g_assert_cmpstr (keys, ==, "GET /a, PUT /a, POST /b");
  g_assert_cmpstr (find (from_yaml, "GET", "/a")->operation_id, ==, "second");
  g_assert_cmpuint (from_json->len, ==, 1);
  g_assert_cmpstr (find (from_json, "GET", "/a")->operation_id, ==, "second");
}

/* ---- Bytes: BOM and CRLF ---- */

static void
test_bom_and_crlf (void)
{
  static const char yaml[] =
    "\xEF\xBB\xBF" "openapi: 3.0.0\r\n"
    "paths:\r\n"
    "  /a:\r\n"
    "    get:\r\n"
    "      summary: Read a\r\n"
    "      description: |\r\n"
    "        Two\r\n"
    "        lines\r\n";
  static const char json[] =
    "\xEF\xBB\xBF{\r\n"
    "  \"openapi\": \"3.0.0\",\r\n"
    "  \"paths\": {\r\n"
    "    \"/a\": {\r\n"
    "      \"get\": {\r\n"
    "        \"summary\": \"Read a\"\r\n"
    "      }\r\n"
    "    }\r\n"
    "  }\r\n"
    "}\r\n";
  g_autoptr(GPtrArray) from_yaml = extract_ok (yaml, "openapi.yaml");
  g_autoptr(GPtrArray) from_json = extract_ok (json, "openapi.json");
  PwEndpoint *a = g_ptr_array_index (from_yaml, 0);
  PwEndpoint *b = g_ptr_array_index (from_json, 0);

  g_assert_cmpstr (a->summary, ==, "Read a");
  g_assert_cmpuint (a->line, ==, 4);
  g_assert_nonnull (strstr (a->section_text, "description: |-\n  Two\n  lines\n"));
  g_assert_null (strchr (a->section_text, '\r'));
  g_assert_cmpstr (b->summary, ==, "Read a");
  g_assert_cmpuint (b->line, ==, 5);
}

/* ---- Errors ---- */

static void
test_errors (void)
{
  static const struct
  {
    const char *text;
    const char *file;
    int         code;
    const char *where;
  } cases[] = {
    { "openapi: 3.0.0\npaths:\n  /a:\n    get: {\n  bad: [\n", "api.yaml",
      PW_OPENAPI_ERROR_SYNTAX, "api.yaml:6:" },
    { "openapi: 3.0.0\npaths:\n  /a: x\n   b: y\n", "api.yaml", PW_OPENAPI_ERROR_SYNTAX,
      "api.yaml:4:" },
    { "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n    \"/a\": {,}\n  }\n}", "api.json",
      PW_OPENAPI_ERROR_SYNTAX, "api.json:4:" },
    { "openapi: 3.0.0\ninfo: \xC3\x28\n", "api.yaml", PW_OPENAPI_ERROR_SYNTAX, "api.yaml:2:" },
    { "\n\n- openapi: 3.0.0\n", "api.yaml", PW_OPENAPI_ERROR_NOT_MAPPING, "api.yaml:3:" },
    { "just words\n", "api.yaml", PW_OPENAPI_ERROR_NOT_MAPPING, "api.yaml:1:" },
    { "", "api.yaml", PW_OPENAPI_ERROR_NOT_MAPPING, "empty" },
    { "# only a comment\n", "api.json", PW_OPENAPI_ERROR_NOT_MAPPING, "empty" },
    { "name: package\nversion: 1\n", "api.yaml", PW_OPENAPI_ERROR_NOT_OPENAPI, "api.yaml:" },
    { "openapi: 3.1.0\nwebhooks: {}\n", "api.yaml", PW_OPENAPI_ERROR_NO_PATHS, "paths" },
    { "swagger: '2.0'\npaths: [a]\n", "api.yaml", PW_OPENAPI_ERROR_NO_PATHS, "mapping" },
    { "openapi: 3.0.0\npaths:\n  ? [a, b]\n  : get: {}\n", "api.yaml", PW_OPENAPI_ERROR_SYNTAX,
      "api.yaml:3:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = extract_error (cases[i].text, cases[i].file);

      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, PW_OPENAPI_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].where));
    }
}

/* An empty `paths` is a readable spec with no operations; a markdown plan
 * still goes to the markdown extraction. */
static void
test_dispatch (void)
{
  g_autoptr(GPtrArray) empty = extract_ok ("openapi: 3.0.0\npaths: {}\n", "openapi.yaml");
  g_autoptr(GPtrArray) markdown = extract_ok ("# API\n\n## GET /api/books\n\nList books.\n",
                                              ".ai/api-plan.md");
  g_autoptr(GPtrArray) sniffed = extract_ok ("openapi: 3.0.0\npaths:\n  /b:\n    get: {}\n",
                                             "notes.md");
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (markdown->len, ==, 1);
  g_assert_null (((PwEndpoint *) g_ptr_array_index (markdown, 0))->section_text);
  g_assert_cmpuint (sniffed->len, ==, 1);
  g_assert_nonnull (((PwEndpoint *) g_ptr_array_index (sniffed, 0))->section_text);

  /* Listing alone writes no sections. */
  listed = pw_openapi_extract (SWAGGER, strlen (SWAGGER), NULL, PW_OPENAPI_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_null (((PwEndpoint *) g_ptr_array_index (listed, 0))->section_text);
  g_assert_cmpuint (((PwEndpoint *) g_ptr_array_index (listed, 0))->line, ==, 11);
}

/* ---- Sections stay bounded ---- */

static void
test_section_bounds (void)
{
  g_autoptr(GString) doc = g_string_new ("openapi: 3.0.0\npaths:\n  /big:\n    post:\n"
                                         "      requestBody:\n        content:\n"
                                         "          application/json:\n            schema:\n"
                                         "              type: object\n"
                                         "              properties:\n");
  g_autoptr(GString) bomb = g_string_new ("openapi: 3.0.0\nx-a: &a [x, x, x, x, x, x, x, x]\n");
  g_autoptr(GPtrArray) endpoints = NULL;
  g_autoptr(GPtrArray) bombed = NULL;
  g_autoptr(JsonNode) root = NULL;
  PwEndpoint *big;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (doc, "                field%u: {type: string, description: "
                            "\"The field number %u, described at some length.\"}\n", i, i);
  g_string_append (doc, "      responses:\n        '200': {description: ok}\n"
                        "        '400': {description: bad}\n");

  endpoints = extract_ok (doc->str, "openapi.yaml");
  big = g_ptr_array_index (endpoints, 0);
  g_assert_cmpuint (strlen (big->section_text), <, 26 * 1024);
  g_assert_nonnull (strstr (big->section_text, "# … requestBody cut short"));
  /* The responses keep their room and the whole stays YAML. */
  g_assert_nonnull (object_member (object_member (section_tree (big, &root), "responses"),
                                   "400"));

  /* Aliases nested ten deep would be 8^10 nodes written out in full. */
  for (guint i = 0; i < 10; i++)
    g_string_append_printf (bomb, "x-%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n",
                            'b' + i, 'b' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i, 'a' + i,
                            'a' + i, 'a' + i, 'a' + i);
  g_string_append (bomb, "paths:\n  /bomb:\n    get:\n      x-keep: *k\n      parameters: *k\n");
  bombed = extract_ok (bomb->str, "openapi.yaml");
  g_assert_cmpuint (strlen (((PwEndpoint *) g_ptr_array_index (bombed, 0))->section_text), <,
                    26 * 1024);
}

/* ---- The endpoint's new fields ---- */

static void
test_fields_copy_and_json (void)
{
  g_autoptr(GPtrArray) endpoints = extract_ok (PATH_ITEM_REFS, "openapi.yaml");
  PwEndpoint *get = find (endpoints, "GET", "/users");
  g_autoptr(PwEndpoint) copy = pw_endpoint_copy (get);
  g_autoptr(JsonNode) node = pw_endpoints_to_json (endpoints);
  JsonObject *first = json_array_get_object_element (json_node_get_array (node), 0);

  g_assert_cmpstr (copy->operation_id, ==, "listUsers");
  g_assert_cmpstr (copy->group, ==, "Users");
  g_assert_cmpstr (copy->section_text, ==, get->section_text);
  g_assert_null (copy->summary);
  g_assert_cmpstr (copy->title, ==, "listUsers");

  g_assert_cmpstr (json_object_get_string_member (first, "operation_id"), ==, "listUsers");
  g_assert_cmpstr (json_object_get_string_member (first, "group"), ==, "Users");
  g_assert_true (json_object_get_null_member (first, "summary"));
  g_assert_cmpstr (json_object_get_string_member (first, "section_text"), ==, get->section_text);
}

/* ---- The prompt carries the operation's own section ---- */

static PwPromptResult *
assemble (const char  *root,
          const char  *endpoint,
          GError     **error)
{
  g_autoptr(GFile) location = g_file_new_for_path (root);
  g_autoptr(PwWorkspace) workspace = pw_workspace_open (location, NULL, error);
  g_autoptr(PwTemplate) template = pw_template_new_builtin (PW_TEMPLATE_ID_ENDPOINTS_PLAN, NULL);
  g_autoptr(PwPromptRequest) request = pw_prompt_request_new (template);

  g_assert_nonnull (workspace);
  pw_prompt_request_add_endpoint (request, endpoint);

  return pw_prompt_assemble (workspace, request, error);
}

/* The repositories live in the test's isolated folders, removed after it. */
static void
test_prompt_section (void)
{
  g_autofree char *root = g_build_filename (g_get_user_cache_dir (), "repo", NULL);
  g_autofree char *ai = g_build_filename (root, ".ai", NULL);
  g_autofree char *prd = g_build_filename (ai, "prd.md", NULL);
  g_autofree char *spec = g_build_filename (ai, "api-plan.md", NULL);
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(PwPromptResult) broken = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (ai, 0755), ==, 0);
  g_assert_true (g_file_set_contents (prd, "# Product\n\nNodes.\n", -1, NULL));
  g_assert_true (g_file_set_contents (spec, CYCLES, -1, NULL));
  result = assemble (root, "POST /nodes", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (result->text, "# POST /nodes\n# OpenAPI 3.0.0\n"));
  g_assert_nonnull (strstr (result->text, "$ref: \"#/components/schemas/Node\"  # cycle"));
  /* Not the document's bytes from offset 0. */
  g_assert_null (strstr (result->text, "info: {title: t, version: '1'}"));

  g_assert_true (g_file_set_contents (spec, "openapi: 3.0.0\npaths:\n  /a: [\n", -1, NULL));
  broken = assemble (root, "GET /a", &error);
  g_assert_null (broken);
  g_assert_error (error, PW_OPENAPI_ERROR, PW_OPENAPI_ERROR_SYNTAX);
}

/* ---- planwright endpoints ---- */

static int
list_endpoints (const char  *binary,
                const char  *spec,
                char       **out,
                char       **err)
{
  const char *argv[] = { binary, "endpoints", spec, "--json", NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status,
                &error);
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  g_autofree char *binary = g_build_filename (g_getenv ("PW_BUILD_ROOT"), "src", "planwright",
                                              NULL);
  g_autofree char *good = g_build_filename (g_get_user_cache_dir (), "openapi.yaml", NULL);
  g_autofree char *bad = g_build_filename (g_get_user_cache_dir (), "broken.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *bad_out = NULL;
  g_autofree char *bad_err = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (!g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("planwright executable not built");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0755), ==, 0);
  g_assert_true (g_file_set_contents (good, PATH_ITEM_REFS, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": [\n}", -1,
                                      NULL));

  g_assert_cmpint (list_endpoints (binary, good, &out, &err), ==, 0);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2),
                                                  "path"), ==, "/people");

  /* Not an empty list: an error naming the line, and a failing status. */
  g_assert_cmpint (list_endpoints (binary, bad, &bad_out, &bad_err), ==, 2);
  g_assert_cmpstr (bad_out, ==, "");
  g_assert_nonnull (strstr (bad_err, "broken.json:4:"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/pw/openapi/corpus", test_corpus);
  g_test_add_func ("/pw/openapi/sniff", test_sniff);
  g_test_add_func ("/pw/openapi/extensions-and-methods", test_extensions_and_methods);
  g_test_add_func ("/pw/openapi/anchors", test_anchors);
  g_test_add_func ("/pw/openapi/listing-aliases", test_listing_aliases);
  g_test_add_func ("/pw/openapi/unknown-alias", test_unknown_alias);
  g_test_add_func ("/pw/openapi/path-item-refs", test_path_item_refs);
  g_test_add_func ("/pw/openapi/groups-by-tag", test_groups_by_tag);
  g_test_add_func ("/pw/openapi/cycles", test_cycles);
  g_test_add_func ("/pw/openapi/swagger-base-path-and-parameters",
                   test_swagger_base_path_and_parameters);
  g_test_add_func ("/pw/openapi/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/pw/openapi/bom-and-crlf", test_bom_and_crlf);
  g_test_add_func ("/pw/openapi/errors", test_errors);
  g_test_add_func ("/pw/openapi/dispatch", test_dispatch);
  g_test_add_func ("/pw/openapi/section-bounds", test_section_bounds);
  g_test_add_func ("/pw/openapi/fields-copy-and-json", test_fields_copy_and_json);
  g_test_add_func ("/pw/openapi/prompt-section", test_prompt_section);
  g_test_add_func ("/pw/openapi/cli", test_cli);

  return g_test_run ();
}
