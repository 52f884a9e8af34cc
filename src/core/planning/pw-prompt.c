/* pw-prompt.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-prompt"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-document.h"
#include "pw-endpoints.h"
#include "pw-json-build.h"
#include "pw-md-sections.h"
#include "pw-openapi.h"
#include "pw-prompt.h"
#include "pw-template.h"
#include "pw-utils.h"
#include "pw-workspace.h"

struct _PwPromptRequest
{
  PwTemplate *template;   /* (owned) */
  char       *feature;    /* (owned) (nullable) */
  GPtrArray  *endpoints;  /* (owned) (element-type utf8) keys as given */
  GPtrArray  *rules;      /* (owned) (element-type utf8) relative paths */
  GHashTable *disabled;   /* (owned) input ids switched off */
  GPtrArray  *inputs;     /* (owned) (element-type utf8) added files and folders */
  PwInputSet *input_set;  /* (owned) (nullable) the added files, read ahead */
  GPtrArray  *prd_sections; /* (owned) (element-type utf8) PRD headings to keep */
};

/* State of one assembly, freed when it ends. */
typedef struct
{
  PwWorkspace     *workspace;  /* (unowned) */
  PwPromptRequest *request;    /* (unowned) */
  PwPromptResult  *result;     /* (unowned) */
  GPtrArray       *rules;      /* (owned) (element-type PwDocument) selected rules */
  char            *api_spec;   /* (owned) (nullable) chosen sections */
  PwDocument      *api_doc;    /* (unowned) (nullable) */
  char            *endpoints;  /* (owned) bullet list of endpoint keys */
  char            *inputs;     /* (owned) (nullable) the added files' block */
  char            *prd;        /* (owned) (nullable) the PRD narrowed to chosen sections */
  PwInputSet      *input_set;  /* (owned) (nullable) the added files */
  char            *slug;       /* (owned) */
  guint            n_references;
  gboolean         too_large;  /* a limit below was passed: the prompt is refused */
} Assembly;

/* A template cannot multiply its documents without bound. */
#define MAX_REFERENCES 64
#define MAX_PROMPT_BYTES ((gsize) 8 * 1024 * 1024)

G_DEFINE_QUARK (pw-prompt-error-quark, pw_prompt_error)

static void
input_free (gpointer data)
{
  PwPromptInput *input = data;

  g_free (input->id);
  g_free (input->path);
  g_free (input->sha256);
  g_free (input->title);
  g_free (input);
}

static const char *
role_input_id (PwDocumentRole role)
{
  switch (role)
    {
    case PW_DOCUMENT_ROLE_PRD:
      return PW_PROMPT_INPUT_PRD;
    case PW_DOCUMENT_ROLE_TECH_STACK:
      return PW_PROMPT_INPUT_TECH_STACK;
    case PW_DOCUMENT_ROLE_API_SPEC:
      return PW_PROMPT_INPUT_API_SPEC;
    case PW_DOCUMENT_ROLE_DB_PLAN:
      return PW_PROMPT_INPUT_DB_PLAN;
    case PW_DOCUMENT_ROLE_NONE:
    case PW_DOCUMENT_ROLE_RULES:
    case PW_DOCUMENT_ROLE_PLAN:
    default:
      return NULL;
    }
}

/* Rank of an input id in the result: fixed roles first (the API plan's
 * global sections after its endpoint sections), then the rest in the order
 * they were met (rules files, then added files), so that the stats read the
 * same every time. */
static guint
input_rank (const char *id)
{
  static const char * const order[] = {
    PW_PROMPT_INPUT_PRD, PW_PROMPT_INPUT_TECH_STACK, PW_PROMPT_INPUT_API_SPEC, "",
    PW_PROMPT_INPUT_DB_PLAN,
  };

  if (g_str_has_prefix (id, PW_PROMPT_INPUT_API_GLOBAL_PREFIX))
    return 3;
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      if (g_str_equal (order[i], id))
        return i;
    }

  return G_N_ELEMENTS (order);
}

static PwPromptInput *
find_input (PwPromptResult *result,
            const char     *id)
{
  for (guint i = 0; i < result->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (result->inputs, i);

      if (g_str_equal (input->id, id))
        return input;
    }

  return NULL;
}

/* Records an input once, however many times the template refers to it. */
static PwPromptInput *
note_input (PwPromptResult     *result,
            const char         *id,
            const char         *path,
            PwPromptInputState  state,
            const char         *text,
            gsize               length)
{
  PwPromptInput *input;
  guint rank = input_rank (id);
  guint pos;

  if ((input = find_input (result, id)) != NULL)
    return input;

  input = g_new0 (PwPromptInput, 1);
  input->id = g_strdup (id);
  input->path = g_strdup (path);
  input->state = state;
  if (state == PW_PROMPT_INPUT_INCLUDED)
    {
      input->bytes = length;
      input->tokens = pw_estimate_tokens (text, length);
      input->sha256 = pw_sha256_hex (text, length);
    }

  for (pos = 0; pos < result->inputs->len; pos++)
    {
      PwPromptInput *other = g_ptr_array_index (result->inputs, pos);

      if (input_rank (other->id) > rank)
        break;
    }
  g_ptr_array_insert (result->inputs, pos, input);

  return input;
}

static gboolean
input_enabled (PwPromptRequest *request,
               const char      *id)
{
  return !g_hash_table_contains (request->disabled, id);
}

/* A document whose path leaves the repository is never read into a
 * prompt: it could be any file of the user's (a key, a password store). */
static const char *
document_text (Assembly   *self,
               PwDocument *document,
               gsize      *length)
{
  g_autoptr(GError) error = NULL;

  *length = 0;
  if (pw_document_get_outside (document)
      || (!pw_document_get_loaded (document) && !pw_document_load (document, NULL, &error)))
    {
      const char *path = pw_document_get_relative_path (document);

      g_debug ("Could not load %s: %s", path, error ? error->message : "outside");
      if (pw_document_get_outside (document))
        g_ptr_array_add (self->result->warnings,
                         g_strdup_printf (_("“%s” leads outside the repository through a "
                                            "symbolic link; it was left out of the prompt"),
                                          path));
      return NULL;
    }

  *length = pw_document_get_length (document);
  return pw_document_get_text (document);
}

/* Inlines a document so that the closing tag after it starts a line. */
static void
append_document (GString    *out,
                 const char *text,
                 gsize       length)
{
  g_string_append_len (out, text, length);
  if (length > 0 && text[length - 1] != '\n')
    g_string_append_c (out, '\n');
}

static void
append_missing (Assembly   *self,
                GString    *out,
                const char *reference,
                gboolean    optional,
                guint       line)
{
  if (optional)
    {
      g_string_append (out, _("(not provided)"));
      g_string_append_c (out, '\n');
      return;
    }

  g_string_append_printf (out, _("[Planwright: missing document “%s”: the repository has no such file]"),
                          reference);
  g_string_append_c (out, '\n');
  g_ptr_array_add (self->result->warnings,
                   g_strdup_printf (_("Template line %u: “@%s” refers to a document the repository does not have"),
                                    line, reference));
}

static void
append_disabled (GString    *out,
                 const char *reference)
{
  g_string_append_printf (out, _("[Planwright: “%s” left out on purpose]"), reference);
  g_string_append_c (out, '\n');
}

static void
inline_rules (Assembly   *self,
              GString    *out,
              const char *reference,
              gboolean    optional,
              guint       line)
{
  guint n_inlined = 0;
  guint n_disabled = 0;

  for (guint i = 0; i < self->rules->len; i++)
    {
      PwDocument *document = g_ptr_array_index (self->rules, i);
      const char *path = pw_document_get_relative_path (document);
      const char *text;
      gsize length = 0;

      if (!input_enabled (self->request, path))
        {
          note_input (self->result, path, path, PW_PROMPT_INPUT_DISABLED, NULL, 0);
          n_disabled++;
          continue;
        }

      text = document_text (self, document, &length);
      if (text == NULL)
        {
          note_input (self->result, path, path, PW_PROMPT_INPUT_MISSING, NULL, 0);
          continue;
        }

      /* Several rules files are separated by a blank line. */
      if (n_inlined > 0)
        g_string_append_c (out, '\n');
      append_document (out, text, length);
      note_input (self->result, path, path, PW_PROMPT_INPUT_INCLUDED, text, length);
      n_inlined++;
    }

  if (n_inlined == 0 && n_disabled > 0)
    append_disabled (out, reference);
  else if (n_inlined == 0)
    append_missing (self, out, reference, optional, line);
}

static void
inline_reference (Assembly   *self,
                  GString    *out,
                  const char *reference,
                  gboolean    optional,
                  guint       line)
{
  PwDocumentRole role = pw_document_role_classify (reference);
  PwDocument *document;
  const char *id;
  const char *text;
  gsize length = 0;

  if (role == PW_DOCUMENT_ROLE_RULES)
    {
      inline_rules (self, out, reference, optional, line);
      return;
    }

  document = pw_workspace_resolve_reference (self->workspace, reference);
  if (document != NULL && role == PW_DOCUMENT_ROLE_NONE)
    role = pw_document_get_role (document);

  id = role_input_id (role);
  if (id == NULL)
    id = document != NULL ? pw_document_get_relative_path (document) : reference;

  if (!input_enabled (self->request, id))
    {
      note_input (self->result, id, document ? pw_document_get_relative_path (document) : NULL,
                  PW_PROMPT_INPUT_DISABLED, NULL, 0);
      append_disabled (out, reference);
      return;
    }

  text = document != NULL ? document_text (self, document, &length) : NULL;
  if (text != NULL && self->prd != NULL && g_str_equal (id, PW_PROMPT_INPUT_PRD))
    {
      text = self->prd;
      length = strlen (self->prd);
    }
  if (text == NULL)
    {
      if (!optional)
        note_input (self->result, id, NULL, PW_PROMPT_INPUT_MISSING, NULL, 0);
      append_missing (self, out, reference, optional, line);
      return;
    }

  append_document (out, text, length);
  note_input (self->result, id, pw_document_get_relative_path (document),
              PW_PROMPT_INPUT_INCLUDED, text, length);
}

static const char *
variable_value (Assembly   *self,
                const char *name,
                gsize       length)
{
  struct { const char *name; const char *value; } table[] = {
    { "feature", self->slug },
    { "slug", self->slug },
    { "subject", self->result->subject },
    { "endpoints", self->endpoints },
    { "api_spec", self->api_spec },
    { "inputs", self->inputs },
    { "output", self->result->output_path },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      if (strlen (table[i].name) == length && strncmp (table[i].name, name, length) == 0)
        return table[i].value != NULL ? table[i].value : "";
    }

  return NULL;
}

/* Expands `{{name}}` in one line (without its newline). A line that is only
 * a variable with an empty value is dropped: returns FALSE. */
static gboolean
expand_line (Assembly   *self,
             GString    *out,
             const char *line,
             gsize       length)
{
  const char *end = line + length;
  const char *p = line;
  gsize start = out->len;
  gboolean only_empty = TRUE;
  gboolean any = FALSE;

  while (p < end && !self->too_large)
    {
      const char *close;
      const char *value;

      if (p + 1 < end && p[0] == '{' && p[1] == '{'
          && (close = g_strstr_len (p + 2, end - p - 2, "}}")) != NULL
          && (value = variable_value (self, p + 2, close - p - 2)) != NULL)
        {
          g_string_append (out, value);
          self->too_large = out->len > MAX_PROMPT_BYTES;
          any = TRUE;
          if (*value != '\0')
            only_empty = FALSE;
          p = close + 2;
          continue;
        }

      if (!g_ascii_isspace (*p))
        only_empty = FALSE;
      g_string_append_c (out, *p);
      p++;
    }

  if (any && only_empty)
    {
      g_string_truncate (out, start);
      return FALSE;
    }

  return TRUE;
}

/* A reference is a line holding only `@path` or `@?path`. */
static gboolean
parse_reference (const char  *line,
                 gsize        length,
                 char       **path,
                 gboolean    *optional)
{
  g_autofree char *text = g_strstrip (g_strndup (line, length));
  const char *p = text;

  if (*p != '@')
    return FALSE;
  p++;

  *optional = (*p == '?');
  if (*optional)
    p++;

  if (*p == '\0')
    return FALSE;

  for (const char *q = p; *q != '\0'; q++)
    {
      if (g_ascii_isspace (*q))
        return FALSE;
    }

  *path = g_strdup (p);
  return TRUE;
}

static void
expand_body (Assembly *self,
             GString  *out)
{
  const char *body = pw_template_get_body (self->request->template);
  guint line_number = pw_template_get_body_line (self->request->template);
  const char *p = body;

  while (*p != '\0')
    {
      const char *nl = strchr (p, '\n');
      gsize length = nl != NULL ? (gsize)(nl - p) : strlen (p);
      gsize content = length;
      g_autofree char *reference = NULL;
      gboolean optional = FALSE;

      if (content > 0 && p[content - 1] == '\r')
        content--;

      if (parse_reference (p, content, &reference, &optional))
        {
          self->too_large = ++self->n_references > MAX_REFERENCES;
          if (!self->too_large)
            inline_reference (self, out, reference, optional, line_number);
        }
      else if (expand_line (self, out, p, content))
        {
          g_string_append_len (out, p + content, length - content);
          if (nl != NULL)
            g_string_append_c (out, '\n');
        }

      line_number++;
      p += length;
      if (*p == '\n')
        p++;

      self->too_large = self->too_large || out->len > MAX_PROMPT_BYTES;
      if (self->too_large)
        return;
    }
}

static gboolean
select_rules (Assembly  *self,
              GError   **error)
{
  self->rules = g_ptr_array_new_with_free_func (g_object_unref);

  /* Without a choice, the rules files relevant to the backend, best first
   * (perhaps none: never an unrelated file). */
  if (self->request->rules->len == 0)
    {
      g_autoptr(GPtrArray) defaults = pw_workspace_dup_default_rules (self->workspace);

      for (guint i = 0; defaults != NULL && i < defaults->len; i++)
        g_ptr_array_add (self->rules, g_object_ref (g_ptr_array_index (defaults, i)));
      return TRUE;
    }

  for (guint i = 0; i < self->request->rules->len; i++)
    {
      const char *path = g_ptr_array_index (self->request->rules, i);
      PwDocument *document = pw_workspace_lookup (self->workspace, path);

      /* Accept a bare file name too: "--rules frontend.mdc". */
      if (document == NULL && strchr (path, '/') == NULL)
        {
          g_autofree char *full = g_build_path ("/", ".cursor/rules", path, NULL);

          document = pw_workspace_lookup (self->workspace, full);
        }

      if (document == NULL)
        {
          g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_UNKNOWN_RULES,
                       _("No rules file “%s” in the repository"), path);
          return FALSE;
        }

      g_ptr_array_add (self->rules, g_object_ref (document));
    }

  return TRUE;
}

/* Whether @start..@end overlaps a range of @ranges (pairs of offsets). */
static gboolean
overlaps (GArray *ranges,
          gsize   start,
          gsize   end)
{
  for (guint i = 0; i + 1 < ranges->len; i += 2)
    {
      if (start < g_array_index (ranges, gsize, i + 1) && g_array_index (ranges, gsize, i) < end)
        return TRUE;
    }

  return FALSE;
}

static void
add_range (GArray *ranges,
           gsize   start,
           gsize   end)
{
  g_array_append_val (ranges, start);
  g_array_append_val (ranges, end);
}

/* "api-spec#auth", or "api-spec#auth-2" for the second of a kind. */
static char *
dup_global_id (GHashTable *kinds,
               const char *kind)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (kinds, kind)) + 1;

  g_hash_table_insert (kinds, (gpointer) kind, GUINT_TO_POINTER (n));
  if (n == 1)
    return g_strconcat (PW_PROMPT_INPUT_API_GLOBAL_PREFIX, kind, NULL);

  return g_strdup_printf ("%s%s-%u", PW_PROMPT_INPUT_API_GLOBAL_PREFIX, kind, n);
}

/* The API plan's sections that apply to every endpoint (authentication,
 * resources and their tables, validation, pagination, the error format),
 * after the endpoints' own: each is an input of its own, which the user
 * may switch off. A section inside one already sent is not sent twice. */
static void
append_global_sections (Assembly   *self,
                        const char *text,
                        gsize       length,
                        GArray     *taken,
                        GString    *sections)
{
  const char *path = pw_document_get_relative_path (self->api_doc);
  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_autoptr(GPtrArray) globals = NULL;
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);

  /* Headings are markdown's: a YAML or JSON spec has none (its comments
   * would look like some). */
  if (!g_str_has_suffix (lower, ".md") && !g_str_has_suffix (lower, ".markdown"))
    return;
  globals = pw_api_plan_find_global_sections (text, length);

  for (guint i = 0; globals != NULL && i < globals->len; i++)
    {
      PwMdSection *section = g_ptr_array_index (globals, i);
      gsize start = MIN (section->start, length);
      gsize end = CLAMP (section->end, start, length);
      g_autofree char *id = NULL;
      PwPromptInput *input;

      if (section->kind == NULL || overlaps (taken, start, end))
        continue;

      id = dup_global_id (kinds, section->kind);
      while (end > start && g_ascii_isspace (text[end - 1]))
        end--;

      if (!input_enabled (self->request, id))
        {
          input = note_input (self->result, id, path, PW_PROMPT_INPUT_DISABLED, NULL, 0);
        }
      else
        {
          g_string_append (sections, "\n\n");
          g_string_append_len (sections, text + start, end - start);
          add_range (taken, start, end);
          input = note_input (self->result, id, path, PW_PROMPT_INPUT_INCLUDED, text + start,
                              end - start);
        }
      g_free (input->title);
      input->title = g_strdup (section->title);
    }
}

/* An endpoint's own section: written out for an OpenAPI operation, else its
 * byte range of the spec; trailing blank space dropped. */
static const char *
endpoint_section (const char       *text,
                  gsize             length,
                  const PwEndpoint *endpoint,
                  gsize            *section_length)
{
  gsize start = MIN (endpoint->section_start, length);
  gsize end = CLAMP (endpoint->section_end, start, length);

  if (endpoint->section_text != NULL)
    {
      text = endpoint->section_text;
      start = 0;
      end = strlen (text);
    }
  while (end > start && g_ascii_isspace (text[end - 1]))
    end--;

  *section_length = end - start;

  return text + start;
}

/* Finds the chosen endpoints in the API spec and cuts out their sections:
 * this is how the session answers the prompt's "ask which endpoint". */
static gboolean
select_endpoints (Assembly  *self,
                  GError   **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GString) sections = g_string_new (NULL);
  g_autoptr(GString) bullets = g_string_new (NULL);
  g_autoptr(GString) keys = g_string_new (NULL);
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (gsize));
  const char *text;
  gsize length = 0;

  self->api_doc = pw_workspace_get_document (self->workspace, PW_DOCUMENT_ROLE_API_SPEC);
  if (!input_enabled (self->request, PW_PROMPT_INPUT_API_SPEC))
    {
      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_NO_API_SPEC,
                   _("An endpoint was chosen but the API spec is switched off"));
      return FALSE;
    }

  text = self->api_doc != NULL ? document_text (self, self->api_doc, &length) : NULL;
  if (text == NULL)
    {
      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_NO_API_SPEC,
                   _("An endpoint was chosen but the repository has no API spec"));
      return FALSE;
    }

  found = pw_api_spec_extract (text, length, pw_document_get_relative_path (self->api_doc), error);
  if (found == NULL)
    return FALSE;

  for (guint i = 0; i < self->request->endpoints->len; i++)
    {
      const char *wanted = g_ptr_array_index (self->request->endpoints, i);
      PwEndpoint *endpoint = pw_endpoints_find (found, wanted);
      g_autofree char *key = NULL;
      const char *section;
      gsize section_length;

      if (endpoint == NULL)
        {
          g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_UNKNOWN_ENDPOINT,
                       _("No endpoint “%s” in %s"), wanted,
                       pw_document_get_relative_path (self->api_doc));
          return FALSE;
        }

      key = pw_endpoint_dup_key (endpoint);
      section = endpoint_section (text, length, endpoint, &section_length);

      if (sections->len > 0)
        g_string_append (sections, "\n\n");
      g_string_append_len (sections, section, section_length);
      add_range (taken, endpoint->section_start, endpoint->section_end);

      if (bullets->len > 0)
        g_string_append_c (bullets, '\n');
      g_string_append_printf (bullets, "- %s", key);

      if (keys->len > 0)
        g_string_append (keys, ", ");
      g_string_append (keys, key);
    }

  note_input (self->result, PW_PROMPT_INPUT_API_SPEC,
              pw_document_get_relative_path (self->api_doc),
              PW_PROMPT_INPUT_INCLUDED, sections->str, sections->len);
  append_global_sections (self, text, length, taken, sections);

  self->api_spec = g_string_free (g_steal_pointer (&sections), FALSE);
  self->endpoints = g_string_free (g_steal_pointer (&bullets), FALSE);
  if (self->request->feature == NULL)
    self->result->subject = g_string_free (g_steal_pointer (&keys), FALSE);

  return TRUE;
}

/* The chosen PRD headings' sections, in the document's order, after a line
 * that says the PRD was narrowed: the model, and the user reading the exact
 * prompt, know it is an excerpt. */
static gboolean
narrow_prd (Assembly    *self,
            const char  *text,
            gsize        length,
            GError     **error)
{
  g_autoptr(GPtrArray) sections = pw_md_list_sections (text, length);
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) titles = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree gboolean *chosen = g_new0 (gboolean, sections->len + 1);

  for (guint i = 0; i < self->request->prd_sections->len; i++)
    {
      const char *wanted = g_ptr_array_index (self->request->prd_sections, i);
      g_autofree char *folded = pw_text_fold (wanted, ' ', PW_TEXT_FOLD_DROP_NUMBERING);
      gboolean found = FALSE;

      for (guint j = 0; j < sections->len && !found; j++)
        {
          PwMdSection *section = g_ptr_array_index (sections, j);
          g_autofree char *title = pw_text_fold (section->title, ' ', PW_TEXT_FOLD_DROP_NUMBERING);

          found = g_str_equal (title, folded) || g_str_equal (section->title, wanted);
          chosen[j] = chosen[j] || found;
        }
      if (!found)
        {
          g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_UNKNOWN_SECTION,
                       _("The PRD has no section “%s”"), wanted);
          return FALSE;
        }
    }

  for (guint j = 0; j < sections->len; j++)
    {
      PwMdSection *section = g_ptr_array_index (sections, j);
      gsize start = MIN (section->start, length);
      gsize end = CLAMP (section->end, start, length);

      if (!chosen[j] || overlaps (taken, start, end))
        continue;
      add_range (taken, start, end);
      g_string_append_printf (titles, "%s“%s”", titles->len > 0 ? ", " : "", section->title);
      g_string_append_len (out, text + start, end - start);
    }

  /* Translators: a note in the prompt before an excerpt of the PRD */
  self->prd = g_strdup_printf (_("[Planwright: the PRD narrowed to its sections %s]\n\n%s"),
                               titles->str, out->str);
  return TRUE;
}

static gboolean
select_prd (Assembly  *self,
            GError   **error)
{
  PwDocument *document;
  const char *text;
  gsize length = 0;

  if (self->request->prd_sections->len == 0
      || !input_enabled (self->request, PW_PROMPT_INPUT_PRD))
    return TRUE;

  document = pw_workspace_get_document (self->workspace, PW_DOCUMENT_ROLE_PRD);
  text = document != NULL ? document_text (self, document, &length) : NULL;
  if (text == NULL)
    return TRUE;

  return narrow_prd (self, text, length, error);
}

/* The added files, as one block for {{inputs}}: each file with its path. */
static gboolean
select_inputs (Assembly  *self,
               GError   **error)
{
  PwPromptRequest *request = self->request;
  g_autoptr(GString) block = g_string_new (NULL);

  if (request->inputs->len == 0)
    return TRUE;

  g_ptr_array_add (request->inputs, NULL);
  if (request->input_set != NULL
      && pw_input_set_has_paths (request->input_set, (const char * const *) request->inputs->pdata))
    self->input_set = pw_input_set_ref (request->input_set);
  else
    self->input_set = pw_input_set_collect (pw_workspace_get_root (self->workspace),
                                            (const char * const *) request->inputs->pdata,
                                            PW_INPUT_SET_MAX_BYTES, NULL, error);
  g_ptr_array_remove_index (request->inputs, request->inputs->len - 1);
  if (self->input_set == NULL)
    return FALSE;

  for (guint i = 0; i < pw_input_set_get_n_files (self->input_set); i++)
    {
      const PwInputFile *file = pw_input_set_get_file (self->input_set, i);

      if (!input_enabled (request, file->path))
        continue;
      g_string_append_printf (block, "<file path=\"%s\">\n", file->path);
      append_document (block, file->text, file->length);
      g_string_append (block, "</file>\n");
    }

  if (block->len > 0)
    self->inputs = g_strdup_printf ("\nExisting code to build on (files from the repository):\n"
                                    "<existing_code>\n%s</existing_code>", block->str);
  return TRUE;
}

/* The added files in the statistics, after the documents the template
 * referred to, and what was left out of their folders in the warnings. */
static void
note_added_inputs (Assembly *self)
{
  GPtrArray *warnings;

  if (self->input_set == NULL)
    return;

  for (guint i = 0; i < pw_input_set_get_n_files (self->input_set); i++)
    {
      const PwInputFile *file = pw_input_set_get_file (self->input_set, i);

      if (input_enabled (self->request, file->path))
        note_input (self->result, file->path, file->path, PW_PROMPT_INPUT_INCLUDED, file->text,
                    file->length);
      else
        note_input (self->result, file->path, file->path, PW_PROMPT_INPUT_DISABLED, NULL, 0);
    }

  warnings = pw_input_set_get_warnings (self->input_set);
  for (guint i = 0; i < warnings->len; i++)
    g_ptr_array_add (self->result->warnings, g_strdup (g_ptr_array_index (warnings, i)));
}

/* A template that has no place for the added files gets them at its end. */
static void
append_unplaced_inputs (Assembly *self,
                        GString  *out)
{
  if (self->inputs == NULL
      || strstr (pw_template_get_body (self->request->template), "{{inputs}}") != NULL)
    return;

  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  g_string_append (out, self->inputs);
  g_string_append_c (out, '\n');
  self->too_large = out->len > MAX_PROMPT_BYTES;
}

static void
compute_shares (PwPromptResult *result)
{
  for (guint i = 0; i < result->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (result->inputs, i);

      input->share = result->tokens > 0 ? (double) input->tokens / (double) result->tokens : 0;
    }
}

/**
 * pw_prompt_request_new:
 * @template: the template to fill
 *
 * Returns: (transfer full): a request with every input switched on, the
 *   default rules file, and no subject yet
 */
PwPromptRequest *
pw_prompt_request_new (PwTemplate *template)
{
  PwPromptRequest *request;

  g_return_val_if_fail (PW_IS_TEMPLATE (template), NULL);

  request = g_new0 (PwPromptRequest, 1);
  request->template = g_object_ref (template);
  request->endpoints = g_ptr_array_new_with_free_func (g_free);
  request->rules = g_ptr_array_new_with_free_func (g_free);
  request->disabled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  request->inputs = g_ptr_array_new_with_free_func (g_free);
  request->prd_sections = g_ptr_array_new_with_free_func (g_free);

  return request;
}

void
pw_prompt_request_free (PwPromptRequest *request)
{
  if (request == NULL)
    return;

  g_object_unref (request->template);
  g_free (request->feature);
  g_ptr_array_unref (request->endpoints);
  g_ptr_array_unref (request->rules);
  g_hash_table_unref (request->disabled);
  g_ptr_array_unref (request->inputs);
  g_clear_pointer (&request->input_set, pw_input_set_unref);
  g_ptr_array_unref (request->prd_sections);
  g_free (request);
}

/**
 * pw_prompt_request_set_feature:
 * @feature: (nullable): the feature's name, e.g. "Book notes"
 */
void
pw_prompt_request_set_feature (PwPromptRequest *request,
                               const char      *feature)
{
  g_return_if_fail (request != NULL);

  g_free (request->feature);
  request->feature = g_strdup (feature);
}

/**
 * pw_prompt_request_add_endpoint:
 * @key: "METHOD /path", as pw_endpoints_find() understands it
 */
void
pw_prompt_request_add_endpoint (PwPromptRequest *request,
                                const char      *key)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (key != NULL);

  g_ptr_array_add (request->endpoints, g_strdup (key));
}

/**
 * pw_prompt_request_add_rules:
 * @relative_path: a rules file, e.g. ".cursor/rules/frontend.mdc" or just
 *   "frontend.mdc"
 *
 * Selects a rules file for `@.cursor/rules/…` references. Without any, the
 * workspace's default choice is used (pw_workspace_dup_default_rules()).
 */
void
pw_prompt_request_add_rules (PwPromptRequest *request,
                             const char      *relative_path)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (relative_path != NULL);

  g_ptr_array_add (request->rules, g_strdup (relative_path));
}

/**
 * pw_prompt_request_set_input_enabled:
 * @input_id: PW_PROMPT_INPUT_PRD and friends, or a rules file's path
 * @enabled: whether the input goes into the prompt
 */
void
pw_prompt_request_set_input_enabled (PwPromptRequest *request,
                                     const char      *input_id,
                                     gboolean         enabled)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (input_id != NULL);

  if (enabled)
    g_hash_table_remove (request->disabled, input_id);
  else
    g_hash_table_add (request->disabled, g_strdup (input_id));
}

/**
 * pw_prompt_request_add_input:
 * @path: a file or folder of the repository, relative to it or absolute
 *
 * Adds code the plan should build on (types, services, an endpoint to
 * imitate). pw_prompt_assemble() reads it, as pw_input_set_collect()
 * describes, unless pw_prompt_request_set_input_set() gave it read ahead.
 * An added file's input id is its repository-relative path.
 */
void
pw_prompt_request_add_input (PwPromptRequest *request,
                             const char      *path)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (path != NULL);

  g_ptr_array_add (request->inputs, g_strdup (path));
}

/**
 * pw_prompt_request_set_input_set:
 * @input_set: (nullable): the added files, read ahead (in a thread)
 *
 * Used instead of reading the added files again when it was collected for
 * the same paths as the request's, so that assembling does not block.
 */
void
pw_prompt_request_set_input_set (PwPromptRequest *request,
                                 PwInputSet      *input_set)
{
  g_return_if_fail (request != NULL);

  if (input_set != NULL)
    pw_input_set_ref (input_set);
  g_clear_pointer (&request->input_set, pw_input_set_unref);
  request->input_set = input_set;
}

/**
 * pw_prompt_request_add_prd_section:
 * @title: a heading of the PRD, as written or folded ("User stories" finds
 *   "## 3. User Stories")
 *
 * Narrows the PRD to the chosen sections (each with its sub-sections). The
 * prompt says so where the PRD is inlined.
 */
void
pw_prompt_request_add_prd_section (PwPromptRequest *request,
                                   const char      *title)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (title != NULL);

  g_ptr_array_add (request->prd_sections, g_strdup (title));
}

static gboolean
check_subject (PwPromptRequest  *request,
               GError          **error)
{
  if (request->feature == NULL && request->endpoints->len == 0)
    {
      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_NO_SUBJECT,
                   _("Choose a feature or an endpoint"));
      return FALSE;
    }

  if (pw_template_get_subject (request->template) == PW_TEMPLATE_SUBJECT_FEATURE
      && request->endpoints->len > 1)
    {
      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_SUBJECT,
                   _("Template “%s” plans one endpoint at a time, not %u"),
                   pw_template_get_id (request->template), request->endpoints->len);
      return FALSE;
    }

  return TRUE;
}

/**
 * pw_prompt_assemble:
 * @workspace: the repository
 * @request: template, subject, rules and switches
 * @error: return location for a #PwPromptError
 *
 * Builds the prompt: the template body with every reference replaced by the
 * document the workspace found for it and every variable filled. Nothing
 * depends on time, locale or file-system order, so the same inputs give a
 * byte-identical prompt. A reference to a missing document becomes a marker
 * in the text and a warning in the result.
 *
 * Returns: (transfer full) (nullable): the prompt and its statistics
 */
PwPromptResult *
pw_prompt_assemble (PwWorkspace      *workspace,
                    PwPromptRequest  *request,
                    GError          **error)
{
  g_autoptr(PwPromptResult) result = NULL;
  g_autoptr(GString) out = NULL;
  Assembly self = { 0, };
  PwTemplate *template;
  const char *slug_source;
  gboolean ok = FALSE;

  g_return_val_if_fail (PW_IS_WORKSPACE (workspace), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  template = request->template;
  if (!check_subject (request, error))
    return NULL;

  result = g_new0 (PwPromptResult, 1);
  result->template_id = g_strdup (pw_template_get_id (template));
  result->inputs = g_ptr_array_new_with_free_func (input_free);
  result->warnings = g_ptr_array_new_with_free_func (g_free);
  result->subject = g_strdup (request->feature);

  self.workspace = workspace;
  self.request = request;
  self.result = result;

  if (!select_rules (&self, error))
    goto out;
  if (request->endpoints->len > 0 && !select_endpoints (&self, error))
    goto out;
  if (!select_prd (&self, error) || !select_inputs (&self, error))
    goto out;

  /* The file name follows the feature if there is one, else the endpoint. */
  slug_source = request->feature != NULL ? request->feature : result->subject;
  self.slug = pw_slugify (slug_source);
  result->output_path = pw_template_expand_output (template, slug_source);
  if (result->output_path == NULL)
    {
      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_SUBJECT,
                   _("“%s” gives an empty file name"), slug_source);
      goto out;
    }

  out = g_string_new (NULL);
  expand_body (&self, out);
  if (!self.too_large)
    append_unplaced_inputs (&self, out);
  note_added_inputs (&self);
  if (self.too_large)
    {
      g_autofree char *limit = g_format_size_full (MAX_PROMPT_BYTES, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, PW_PROMPT_ERROR, PW_PROMPT_ERROR_TOO_LARGE,
                   _("Template “%s” makes a prompt of more than %s or with more than %u "
                     "document references; refusing to build it"),
                   pw_template_get_id (template), limit, MAX_REFERENCES);
      goto out;
    }

  result->bytes = out->len;
  result->tokens = pw_estimate_tokens (out->str, out->len);
  result->text = g_string_free (g_steal_pointer (&out), FALSE);
  compute_shares (result);
  ok = TRUE;

out:
  g_clear_pointer (&self.rules, g_ptr_array_unref);
  g_free (self.api_spec);
  g_free (self.endpoints);
  g_free (self.inputs);
  g_free (self.prd);
  g_clear_pointer (&self.input_set, pw_input_set_unref);
  g_free (self.slug);

  return ok ? g_steal_pointer (&result) : NULL;
}

void
pw_prompt_result_free (PwPromptResult *result)
{
  if (result == NULL)
    return;

  g_free (result->text);
  g_free (result->template_id);
  g_free (result->subject);
  g_free (result->output_path);
  g_clear_pointer (&result->inputs, g_ptr_array_unref);
  g_clear_pointer (&result->warnings, g_ptr_array_unref);
  g_free (result);
}

/**
 * pw_prompt_result_get_input:
 * @input_id: an input id
 *
 * Returns: (transfer none) (nullable): the input, if the prompt drew on it
 */
const PwPromptInput *
pw_prompt_result_get_input (PwPromptResult *result,
                            const char     *input_id)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (input_id != NULL, NULL);

  return find_input (result, input_id);
}

static const char *
state_to_string (PwPromptInputState state)
{
  switch (state)
    {
    case PW_PROMPT_INPUT_INCLUDED:
      return "included";
    case PW_PROMPT_INPUT_DISABLED:
      return "disabled";
    case PW_PROMPT_INPUT_MISSING:
      return "missing";
    default:
      return "unknown";
    }
}

/**
 * pw_prompt_result_format_stats:
 *
 * Formats a table of the inputs' sizes, token estimates and shares of the
 * prompt, and the total, for a terminal. Token counts are
 * pw_estimate_tokens() estimates.
 *
 * Returns: (transfer full): the table, ending in a newline
 */
char *
pw_prompt_result_format_stats (PwPromptResult *result)
{
  GString *out;

  g_return_val_if_fail (result != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%-28s %10s %10s %7s  %s\n", _("input"), _("bytes"), _("tokens"),
                          _("share"), _("file"));
  for (guint i = 0; i < result->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (result->inputs, i);

      if (input->state == PW_PROMPT_INPUT_INCLUDED)
        g_string_append_printf (out, "%-28s %10" G_GSIZE_FORMAT " %10" G_GSIZE_FORMAT
                                " %6.1f%%  %s\n",
                                input->id, input->bytes, input->tokens, input->share * 100,
                                input->path ? input->path : "");
      else
        g_string_append_printf (out, "%-28s %10s %10s %7s  (%s)\n", input->id, "-", "-", "-",
                                state_to_string (input->state));
    }
  g_string_append_printf (out, "%-28s %10" G_GSIZE_FORMAT " %10" G_GSIZE_FORMAT " %6.1f%%  %s\n",
                          _("total prompt"), result->bytes, result->tokens, 100.0,
                          _("(tokens estimated: ASCII bytes / 4 + other characters)"));

  return g_string_free (out, FALSE);
}

/**
 * pw_prompt_result_stats_to_json:
 *
 * Returns: (transfer full): `{template, subject, output, bytes, tokens,
 *   inputs: [{id, path, title, state, bytes, tokens, share, sha256}],
 *   warnings: [...]}`; share is 0 to 1
 */
JsonNode *
pw_prompt_result_stats_to_json (PwPromptResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  json_builder_begin_object (builder);
  pw_json_build_string (builder, "template", result->template_id);
  pw_json_build_string (builder, "subject", result->subject);
  pw_json_build_string (builder, "output", result->output_path);
  pw_json_build_int (builder, "bytes", result->bytes);
  pw_json_build_int (builder, "tokens", result->tokens);
  json_builder_set_member_name (builder, "inputs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (result->inputs, i);

      json_builder_begin_object (builder);
      pw_json_build_string (builder, "id", input->id);
      pw_json_build_string (builder, "path", input->path);
      if (input->title != NULL)
        pw_json_build_string (builder, "title", input->title);
      pw_json_build_string (builder, "state", state_to_string (input->state));
      pw_json_build_int (builder, "bytes", input->bytes);
      pw_json_build_int (builder, "tokens", input->tokens);
      json_builder_set_member_name (builder, "share");
      json_builder_add_double_value (builder, input->share);
      pw_json_build_string (builder, "sha256", input->sha256);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < result->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (result->warnings, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * pw_prompt_result_dup_input_hashes:
 *
 * Lists the included inputs as "id:sha256:HEX", for a #PwProvenance.
 *
 * Returns: (transfer full) (array zero-terminated=1): the hashes
 */
char **
pw_prompt_result_dup_input_hashes (PwPromptResult *result)
{
  GPtrArray *hashes;

  g_return_val_if_fail (result != NULL, NULL);

  hashes = g_ptr_array_new ();
  for (guint i = 0; i < result->inputs->len; i++)
    {
      PwPromptInput *input = g_ptr_array_index (result->inputs, i);

      if (input->sha256 != NULL)
        g_ptr_array_add (hashes, g_strdup_printf ("%s:sha256:%s", input->id, input->sha256));
    }
  g_ptr_array_add (hashes, NULL);

  return (char **)g_ptr_array_free (hashes, FALSE);
}
