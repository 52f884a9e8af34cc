/* pw-template.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-template"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-file-io.h"
#include "pw-template.h"
#include "pw-utils.h"

typedef struct
{
  char  *name;
  char **aliases;   /* (owned) names after the first, may be empty */
  char **slugs;     /* (owned) normalised name and aliases, for matching */
} Section;

struct _PwTemplate
{
  GObject            parent_instance;

  char              *id;
  char              *name;
  char              *description;
  char              *output;
  char              *filename;
  char              *body;
  PwTemplateSubject  subject;
  PwTemplateOrigin   origin;
  gboolean           analysis;
  guint              body_line;
  int                steps_section;
  GPtrArray         *sections;      /* (element-type Section) */
  GArray            *status_codes;  /* (element-type guint) */
  GPtrArray         *placeholders;  /* (element-type utf8), NULL-terminated */
};

G_DEFINE_FINAL_TYPE (PwTemplate, pw_template, G_TYPE_OBJECT)

G_DEFINE_QUARK (pw-template-error-quark, pw_template_error)

/* The variables a body or output pattern may use; pw-prompt.c fills the
 * first ones, pw-handoff.c those of the hand-off template. */
static const char * const known_variables[] = {
  "feature", "slug", "subject", "endpoints", "api_spec", "inputs", "output",
  "plan", "count", "batch", "sections", "rules", "after",
};

static const char * const builtin_ids[] = {
  PW_TEMPLATE_ID_FEATURE_PLAN,
  PW_TEMPLATE_ID_ENDPOINTS_PLAN,
};

/* Templates are small; anything larger is almost certainly not a template
 * and would only make the parser slow (the fuzzer finds such inputs). */
#define MAX_TEMPLATE_SIZE (1024 * 1024)

static void
section_free (gpointer data)
{
  Section *section = data;

  g_free (section->name);
  g_strfreev (section->aliases);
  g_strfreev (section->slugs);
  g_free (section);
}

/* Normalises a heading for tolerant matching: the slug drops case, emphasis,
 * punctuation and Polish diacritics; leading numbers ("3.", "1)", "2.1") go
 * too, as the labels of real plans number their sections freely. */
static char *
normalize_heading (const char *text)
{
  return pw_text_fold (text, '-', PW_TEXT_FOLD_DROP_NUMBERING);
}

static gboolean
slug_matches (const char *heading_slug,
              const char *name_slug)
{
  gsize n;

  if (*name_slug == '\0')
    return FALSE;

  n = strlen (name_slug);
  return strncmp (heading_slug, name_slug, n) == 0
         && (heading_slug[n] == '\0' || heading_slug[n] == '-');
}

static const char *
display_name (const char *filename)
{
  const char *slash;

  if (filename == NULL)
    return "<template>";

  slash = strrchr (filename, '/');
  return slash != NULL ? slash + 1 : filename;
}

static gboolean
set_line_error (GError     **error,
                int          code,
                const char  *filename,
                guint        line,
                const char  *format,
                ...) G_GNUC_PRINTF (5, 6);

static gboolean
set_line_error (GError     **error,
                int          code,
                const char  *filename,
                guint        line,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PW_TEMPLATE_ERROR, code, "%s:%u: %s",
               display_name (filename), line, message);
  return FALSE;
}

static gboolean
is_valid_id (const char *id)
{
  if (!g_ascii_isalnum (*id))
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_known_variable (const char *name,
                   gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_variables); i++)
    {
      if (strlen (known_variables[i]) == length
          && strncmp (known_variables[i], name, length) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Checks that every `{{name}}` in @text is one we know how to fill. */
static gboolean
check_variables (const char  *text,
                 const char  *filename,
                 guint        first_line,
                 GError     **error)
{
  guint line = first_line;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          line++;
        }
      else if (p[0] == '{' && p[1] == '{')
        {
          const char *start = p + 2;
          const char *end = start;

          while (g_ascii_isalnum (*end) || *end == '_')
            end++;

          if (end[0] == '}' && end[1] == '}' && !is_known_variable (start, end - start))
            {
              g_autofree char *name = g_strndup (start, end - start);

              return set_line_error (error, PW_TEMPLATE_ERROR_INVALID_VALUE, filename, line,
                                     _("unknown variable “{{%s}}”"), name);
            }
        }
    }

  return TRUE;
}

static void
add_placeholder (PwTemplate *self,
                 const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  if (*trimmed == '\0')
    return;

  for (guint i = 0; i + 1 < self->placeholders->len; i++)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (self->placeholders, i), trimmed) == 0)
        return;
    }

  /* Keep the array NULL-terminated: insert before the terminator. */
  g_ptr_array_insert (self->placeholders, self->placeholders->len - 1,
                      g_steal_pointer (&trimmed));
}

/* Bracketed phrases of the body (`[Endpoint Name]`, `[List of …]`) are the
 * example's placeholders; a plan that still holds one was not filled in.
 * Task marks, links and reference links are not placeholders. */
static void
collect_body_placeholders (PwTemplate *self)
{
  const char *p = self->body;

  while ((p = strchr (p, '[')) != NULL)
    {
      const char *end = p + 1;

      while (*end != '\0' && *end != ']' && *end != '\n' && *end != '[')
        end++;

      if (*end == ']' && end - p > 2 && end - p < 120
          && end[1] != '(' && end[1] != '['
          && g_ascii_isalpha (p[1]))
        {
          g_autofree char *inner = g_strndup (p + 1, end - p - 1);

          add_placeholder (self, inner);
        }

      p = (*end == ']') ? end + 1 : end;
      if (*p == '\0')
        break;
    }
}

static gboolean
parse_bool (const char *value,
            gboolean   *out)
{
  if (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "yes") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (value, "false") == 0 || g_ascii_strcasecmp (value, "no") == 0)
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
}

static gboolean
add_status_code (PwTemplate  *self,
                 const char  *value,
                 const char  *filename,
                 guint        line,
                 GError     **error)
{
  guint64 code = 0;
  g_autofree char *trimmed = g_strstrip (g_strdup (value));

  if (!g_ascii_string_to_unsigned (trimmed, 10, 100, 599, &code, NULL))
    return set_line_error (error, PW_TEMPLATE_ERROR_INVALID_VALUE, filename, line,
                           _("“%s” is not an HTTP status code"), trimmed);

  for (guint i = 0; i < self->status_codes->len; i++)
    {
      if (g_array_index (self->status_codes, guint, i) == code)
        return TRUE;
    }

  g_array_append_val (self->status_codes, code);
  return TRUE;
}

static gboolean
add_section (PwTemplate  *self,
             const char  *value,
             const char  *filename,
             guint        line,
             GError     **error)
{
  g_auto(GStrv) names = g_strsplit (value, "|", -1);
  g_autoptr(GPtrArray) aliases = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) slugs = g_ptr_array_new_with_free_func (g_free);
  Section *section = g_new0 (Section, 1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *slug = NULL;

      g_strstrip (names[i]);
      if (*names[i] == '\0')
        continue;

      /* A name that normalises to nothing could never match a heading. */
      slug = normalize_heading (names[i]);
      if (*slug == '\0')
        {
          section_free (section);
          return set_line_error (error, PW_TEMPLATE_ERROR_INVALID_VALUE, filename, line,
                                 _("section name “%s” has no letters"), names[i]);
        }

      if (section->name == NULL)
        section->name = g_strdup (names[i]);
      else
        g_ptr_array_add (aliases, g_strdup (names[i]));

      g_ptr_array_add (slugs, g_steal_pointer (&slug));
    }

  g_ptr_array_add (aliases, NULL);
  g_ptr_array_add (slugs, NULL);
  section->aliases = (char **)g_ptr_array_steal (aliases, NULL);
  section->slugs = (char **)g_ptr_array_steal (slugs, NULL);

  if (section->name == NULL)
    section_free (section);
  else
    g_ptr_array_add (self->sections, section);

  return TRUE;
}

static gboolean
check_id (PwTemplate  *self,
          const char  *value,
          const char  *filename,
          guint        line,
          GError     **error)
{
  if (!is_valid_id (value))
    return set_line_error (error, PW_TEMPLATE_ERROR_INVALID_VALUE, filename, line,
                           _("invalid id “%s” (use lowercase letters, digits and hyphens)"),
                           value);
  return TRUE;
}

static gboolean
check_output (PwTemplate  *self,
              const char  *value,
              const char  *filename,
              guint        line,
              GError     **error)
{
  if (!pw_path_is_confined (value))
    return set_line_error (error, PW_TEMPLATE_ERROR_INVALID_VALUE, filename, line,
                           _("output “%s” must be a relative path inside the repository"),
                           value);
  return check_variables (value, filename, line, error);
}

static gboolean
set_subject (PwTemplate  *self,
             const char  *value,
             const char  *filename,
             guint        line,
             GError     **error)
{
  if (g_str_equal (value, "feature"))
    self->subject = PW_TEMPLATE_SUBJECT_FEATURE;
  else if (g_str_equal (value, "endpoints"))
    self->subject = PW_TEMPLATE_SUBJECT_ENDPOINTS;
  else
    return set_line_error (error, PW_TEMPLATE_ERROR_INVALID_VALUE, filename, line,
                           _("subject must be “feature” or “endpoints”, not “%s”"), value);
  return TRUE;
}

static gboolean
set_analysis (PwTemplate  *self,
              const char  *value,
              const char  *filename,
              guint        line,
              GError     **error)
{
  if (!parse_bool (value, &self->analysis))
    return set_line_error (error, PW_TEMPLATE_ERROR_INVALID_VALUE, filename, line,
                           _("analysis must be “true” or “false”, not “%s”"), value);
  return TRUE;
}

static gboolean
add_status_codes (PwTemplate  *self,
                  const char  *value,
                  const char  *filename,
                  guint        line,
                  GError     **error)
{
  g_auto(GStrv) codes = g_strsplit (value, ",", -1);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (!add_status_code (self, codes[i], filename, line, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_placeholder_key (PwTemplate  *self,
                     const char  *value,
                     const char  *filename,
                     guint        line,
                     GError     **error)
{
  add_placeholder (self, value);
  return TRUE;
}

typedef gboolean (*KeySetter) (PwTemplate  *self,
                               const char  *value,
                               const char  *filename,
                               guint        line,
                               GError     **error);

/* Front matter keys; a list key may take `- item` lines. A key with a
 * field is stored there once @set (if any) accepts it; otherwise @set
 * takes the value. "steps" names a section and is resolved once they are
 * all read. */
static const struct
{
  const char *key;
  gboolean    list;
  KeySetter   set;
  gsize       field;
} known_keys[] = {
  { "id", FALSE, check_id, G_STRUCT_OFFSET (PwTemplate, id) },
  { "name", FALSE, NULL, G_STRUCT_OFFSET (PwTemplate, name) },
  { "description", FALSE, NULL, G_STRUCT_OFFSET (PwTemplate, description) },
  { "output", FALSE, check_output, G_STRUCT_OFFSET (PwTemplate, output) },
  { "subject", FALSE, set_subject, 0 },
  { "analysis", FALSE, set_analysis, 0 },
  { "status-codes", TRUE, add_status_codes, 0 },
  { "sections", TRUE, add_section, 0 },
  { "steps", FALSE, NULL, 0 },
  { "placeholders", TRUE, add_placeholder_key, 0 },
};

static gboolean
set_key (PwTemplate  *self,
         int          key,
         const char  *value,
         const char  *filename,
         guint        line,
         GError     **error)
{
  char **field;

  if (known_keys[key].set != NULL && !known_keys[key].set (self, value, filename, line, error))
    return FALSE;
  if (known_keys[key].field == 0)
    return TRUE;

  field = G_STRUCT_MEMBER_P (self, known_keys[key].field);
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static int
find_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_keys); i++)
    {
      if (g_str_equal (known_keys[i].key, key))
        return i;
    }

  return -1;
}

/* Reads one line of @data starting at *@pos into a new string without its
 * line ending, and advances *@pos past it. */
static char *
next_line (const char *data,
           gsize       length,
           gsize      *pos)
{
  gsize start = *pos;
  gsize end = start;
  gsize stop;

  while (end < length && data[end] != '\n')
    end++;

  *pos = end < length ? end + 1 : end;
  stop = end;
  if (stop > start && data[stop - 1] == '\r')
    stop--;

  return g_strndup (data + start, stop - start);
}

/* Where the reading of the front matter stands. */
typedef struct
{
  gboolean  seen[G_N_ELEMENTS (known_keys)];
  int       list_key;      /* the list key "- item" lines add to, or -1 */
  char     *steps;         /* the "steps" value, resolved at the end */
  guint     steps_line;
  guint     line;
} FrontMatter;

/* Checks the size and encoding and reads the opening "---"; *@pos ends
 * past it. */
static gboolean
read_opening (const char  *data,
              gsize        length,
              const char  *filename,
              gsize       *pos,
              GError     **error)
{
  g_autofree char *first = NULL;

  if (length > MAX_TEMPLATE_SIZE)
    return set_line_error (error, PW_TEMPLATE_ERROR_PARSE, filename, 1,
                           _("the file is too large for a template"));

  if (memchr (data, '\0', length) != NULL || !g_utf8_validate (data, length, NULL))
    return set_line_error (error, PW_TEMPLATE_ERROR_PARSE, filename, 1,
                           _("the file is not valid UTF-8 text"));

  /* A byte-order mark is not part of the first line. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    *pos = 3;

  first = next_line (data, length, pos);
  if (!g_str_equal (g_strchomp (first), "---"))
    return set_line_error (error, PW_TEMPLATE_ERROR_PARSE, filename, 1,
                           _("expected front matter starting with “---”"));
  return TRUE;
}

/* A "- item" line adds @item to the list key above it. */
static gboolean
read_list_item (PwTemplate   *self,
                FrontMatter  *fm,
                char         *item,
                const char   *filename,
                GError      **error)
{
  if (fm->list_key < 0)
    return set_line_error (error, PW_TEMPLATE_ERROR_PARSE, filename, fm->line,
                           _("a “- item” line must follow a list key"));
  return set_key (self, fm->list_key, g_strstrip (item), filename, fm->line, error);
}

/* A "key: value" line, or "key:" opening a list. */
static gboolean
read_key_line (PwTemplate   *self,
               FrontMatter  *fm,
               char         *text,
               const char   *filename,
               GError      **error)
{
  char *colon = strchr (text, ':');
  int key;

  if (colon == NULL)
    return set_line_error (error, PW_TEMPLATE_ERROR_PARSE, filename, fm->line,
                           _("expected “key: value”"));

  *colon = '\0';
  g_strstrip (text);
  key = find_key (text);
  if (key < 0)
    return set_line_error (error, PW_TEMPLATE_ERROR_UNKNOWN_KEY, filename, fm->line,
                           _("unknown key “%s”"), text);
  if (fm->seen[key])
    return set_line_error (error, PW_TEMPLATE_ERROR_PARSE, filename, fm->line,
                           _("duplicate key “%s”"), text);
  fm->seen[key] = TRUE;

  g_strstrip (colon + 1);
  fm->list_key = -1;
  if (colon[1] == '\0')
    {
      if (!known_keys[key].list)
        return set_line_error (error, PW_TEMPLATE_ERROR_INVALID_VALUE, filename, fm->line,
                               _("key “%s” needs a value"), text);
      fm->list_key = key;
      return TRUE;
    }
  if (known_keys[key].set == NULL && known_keys[key].field == 0)
    {
      /* Resolved against the sections once they are all read. */
      fm->steps = g_strdup (colon + 1);
      fm->steps_line = fm->line;
      return TRUE;
    }
  return set_key (self, key, colon + 1, filename, fm->line, error);
}

/* Reads the front matter up to its closing "---", after which *@pos
 * stands. */
static gboolean
read_front_matter (PwTemplate   *self,
                   FrontMatter  *fm,
                   const char   *data,
                   gsize         length,
                   const char   *filename,
                   gsize        *pos,
                   GError      **error)
{
  while (*pos < length)
    {
      g_autofree char *raw = next_line (data, length, pos);
      char *text = raw;
      gboolean ok = TRUE;

      fm->line++;
      g_strchomp (text);

      if (g_str_equal (text, "---"))
        return TRUE;

      while (*text == ' ' || *text == '\t')
        text++;

      if (*text == '\0' || *text == '#')
        continue;

      if (text[0] == '-' && (text[1] == ' ' || text[1] == '\0'))
        ok = read_list_item (self, fm, text + 1, filename, error);
      else
        ok = read_key_line (self, fm, text, filename, error);
      if (!ok)
        return FALSE;
    }

  return set_line_error (error, PW_TEMPLATE_ERROR_PARSE, filename, 1,
                         _("the front matter is not closed with “---”"));
}

/* The required keys are there and "steps" names a section. */
static gboolean
check_front_matter (PwTemplate   *self,
                    FrontMatter  *fm,
                    const char   *filename,
                    GError      **error)
{
  static const char * const required[] = { "id", "name", "output" };
  const char *values[] = { self->id, self->name, self->output };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      if (values[i] == NULL)
        return set_line_error (error, PW_TEMPLATE_ERROR_MISSING_KEY, filename, fm->line,
                               _("missing key “%s”"), required[i]);
    }

  if (fm->steps != NULL)
    {
      self->steps_section = pw_template_match_section (self, fm->steps);
      if (self->steps_section < 0)
        return set_line_error (error, PW_TEMPLATE_ERROR_INVALID_VALUE, filename, fm->steps_line,
                               _("steps section “%s” is not one of the sections"), fm->steps);
    }

  return TRUE;
}

static gboolean
parse_template (PwTemplate  *self,
                const char  *data,
                gsize        length,
                const char  *filename,
                GError     **error)
{
  FrontMatter fm = { .list_key = -1, .line = 1 };
  gsize pos = 0;
  gboolean ok;

  if (!read_opening (data, length, filename, &pos, error))
    return FALSE;

  ok = read_front_matter (self, &fm, data, length, filename, &pos, error)
       && check_front_matter (self, &fm, filename, error);
  g_free (fm.steps);
  if (!ok)
    return FALSE;

  self->body_line = fm.line + 1;
  self->body = g_strndup (data + pos, length - pos);

  if (!check_variables (self->body, filename, self->body_line, error))
    return FALSE;

  collect_body_placeholders (self);

  return TRUE;
}

static void
pw_template_finalize (GObject *object)
{
  PwTemplate *self = PW_TEMPLATE (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->output);
  g_free (self->filename);
  g_free (self->body);
  g_clear_pointer (&self->sections, g_ptr_array_unref);
  g_clear_pointer (&self->status_codes, g_array_unref);
  g_clear_pointer (&self->placeholders, g_ptr_array_unref);

  G_OBJECT_CLASS (pw_template_parent_class)->finalize (object);
}

static void
pw_template_class_init (PwTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pw_template_finalize;
}

static void
pw_template_init (PwTemplate *self)
{
  self->steps_section = -1;
  self->sections = g_ptr_array_new_with_free_func (section_free);
  self->status_codes = g_array_new (FALSE, FALSE, sizeof (guint));
  self->placeholders = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->placeholders, NULL);
}

/**
 * pw_template_new_from_data:
 * @data: the template file's contents
 * @length: length of @data, or -1 if nul-terminated
 * @filename: (nullable): the file name used in error messages
 * @origin: where the template comes from
 * @error: return location for a #PwTemplateError
 *
 * Parses a template (see the format at the top of pw-template.h). Errors
 * name the file and line: "feature.md:3: unknown key “outptu”".
 *
 * Returns: (transfer full) (nullable): the template, or %NULL on error
 */
PwTemplate *
pw_template_new_from_data (const char        *data,
                           gssize             length,
                           const char        *filename,
                           PwTemplateOrigin   origin,
                           GError           **error)
{
  g_autoptr(PwTemplate) self = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  self = g_object_new (PW_TYPE_TEMPLATE, NULL);
  self->origin = origin;
  self->filename = g_strdup (filename);

  if (!parse_template (self, data ? data : "", length, filename, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * pw_template_new_from_file:
 * @file: a template file
 * @origin: where it was found
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the template, or %NULL on error
 */
PwTemplate *
pw_template_new_from_file (GFile             *file,
                           PwTemplateOrigin   origin,
                           GError           **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!pw_file_read (file, PW_FILE_MAX_SIZE, &contents, &length, NULL, error))
    return NULL;

  path = g_file_get_path (file);
  return pw_template_new_from_data (contents, length, path, origin, error);
}

/**
 * pw_template_new_builtin:
 * @id: "feature-plan" or "endpoints-plan"
 * @error: return location for a #GError
 *
 * Loads a template shipped in the core's resources.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL on error
 */
PwTemplate *
pw_template_new_builtin (const char  *id,
                         GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *filename = NULL;
  gsize size = 0;
  const char *data;

  g_return_val_if_fail (id != NULL, NULL);

  pw_core_ensure_resources ();

  if (!is_valid_id (id))
    {
      g_set_error (error, PW_TEMPLATE_ERROR, PW_TEMPLATE_ERROR_NOT_FOUND,
                   _("No built-in template “%s”"), id);
      return NULL;
    }

  filename = g_strdup_printf ("%s.md", id);
  path = g_strdup_printf ("%s/templates/%s", PW_RESOURCE_PATH, filename);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, PW_TEMPLATE_ERROR, PW_TEMPLATE_ERROR_NOT_FOUND,
                   _("No built-in template “%s”"), id);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &size);
  return pw_template_new_from_data (data, size, filename, PW_TEMPLATE_ORIGIN_BUILTIN, error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
add_or_replace (GPtrArray  *templates,
                PwTemplate *template)
{
  for (guint i = 0; i < templates->len; i++)
    {
      PwTemplate *other = g_ptr_array_index (templates, i);

      if (g_str_equal (other->id, template->id))
        {
          g_debug ("Template %s from %s replaces the one from %s", template->id,
                   template->filename, other->filename);
          g_object_unref (other);
          templates->pdata[i] = g_object_ref (template);
          return;
        }
    }

  g_ptr_array_add (templates, g_object_ref (template));
}

/* A cloned repository must not change what a built-in template asks for
 * behind its familiar id: its templates keep to their own ids. */
static gboolean
takes_builtin_id (PwTemplate  *template,
                  GError     **error)
{
  gboolean builtin = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
    builtin = builtin || g_str_equal (builtin_ids[i], template->id);

  if (template->origin != PW_TEMPLATE_ORIGIN_REPOSITORY || !builtin)
    return FALSE;

  g_set_error (error, PW_TEMPLATE_ERROR, PW_TEMPLATE_ERROR_INVALID_VALUE,
               _("%s: “%s” is the id of a built-in template, which a repository template "
                 "cannot replace; give it another id"),
               template->filename, template->id);
  return TRUE;
}

/* Loads every *.md of @dir, in name order so that the result is the same
 * whatever order the file system lists them in. */
static void
load_folder (GPtrArray        *templates,
             GFile            *dir,
             PwTemplateOrigin  origin,
             GPtrArray        *errors)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (enumerator == NULL)
    {
      /* A missing folder is the common case, not an error. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY)
          && errors != NULL)
        g_ptr_array_add (errors, g_steal_pointer (&error));
      return;
    }

  while ((info = g_file_enumerator_next_file (enumerator, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_str_has_suffix (name, ".md") && name[0] != '.'
          && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        g_ptr_array_add (names, g_strdup (name));
      g_object_unref (info);
    }

  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (dir, g_ptr_array_index (names, i));
      g_autoptr(PwTemplate) template = NULL;
      g_autoptr(GError) local_error = NULL;

      template = pw_template_new_from_file (file, origin, &local_error);
      if (template != NULL && takes_builtin_id (template, &local_error))
        g_clear_object (&template);
      if (template != NULL)
        add_or_replace (templates, template);
      else if (errors != NULL)
        g_ptr_array_add (errors, g_steal_pointer (&local_error));
    }
}

/**
 * pw_template_load_all:
 * @repo_root: (nullable): the repository, for `.ai/templates/`
 * @errors: (nullable) (element-type GError): where to add an error for each
 *   template that could not be loaded; give it g_error_free() as free func
 *
 * Loads the built-in templates, then the user's, then the repository's. A
 * later template with the same id replaces the earlier one in place, so the
 * order is stable: built-ins first, then new ids in file-name order.
 *
 * Returns: (transfer container) (element-type PwTemplate): the templates
 */
GPtrArray *
pw_template_load_all (GFile     *repo_root,
                      GPtrArray *errors)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) user_dir = NULL;

  g_return_val_if_fail (repo_root == NULL || G_IS_FILE (repo_root), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PwTemplate) template = pw_template_new_builtin (builtin_ids[i], &error);

      /* A broken built-in is a packaging bug, caught by the tests. */
      if (template == NULL)
        g_critical ("Built-in template %s: %s", builtin_ids[i], error->message);
      else
        g_ptr_array_add (templates, g_steal_pointer (&template));
    }

  user_dir = g_file_new_build_filename (g_get_user_data_dir (), "planwright", "templates", NULL);
  load_folder (templates, user_dir, PW_TEMPLATE_ORIGIN_USER, errors);

  if (repo_root != NULL)
    {
      g_autoptr(GFile) repo_dir = g_file_resolve_relative_path (repo_root, ".ai/templates");

      load_folder (templates, repo_dir, PW_TEMPLATE_ORIGIN_REPOSITORY, errors);
    }

  return g_steal_pointer (&templates);
}

/**
 * pw_template_find:
 * @templates: (element-type PwTemplate): as from pw_template_load_all()
 * @id: a template id
 *
 * Returns: (transfer none) (nullable): the template with @id
 */
PwTemplate *
pw_template_find (GPtrArray  *templates,
                  const char *id)
{
  g_return_val_if_fail (templates != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < templates->len; i++)
    {
      PwTemplate *template = g_ptr_array_index (templates, i);

      if (g_str_equal (template->id, id))
        return template;
    }

  return NULL;
}

/**
 * pw_template_lookup:
 * @repo_root: (nullable): the repository
 * @id: a template id
 * @error: return location for a #GError
 *
 * Loads the templates and picks one. If the id is unknown and a custom
 * template failed to load, that failure is reported instead, as it is
 * probably the template that was meant.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL
 */
PwTemplate *
pw_template_lookup (GFile       *repo_root,
                    const char  *id,
                    GError     **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  g_autoptr(GPtrArray) templates = NULL;
  PwTemplate *template;

  g_return_val_if_fail (id != NULL, NULL);

  templates = pw_template_load_all (repo_root, errors);
  template = pw_template_find (templates, id);
  if (template != NULL)
    return g_object_ref (template);

  for (guint i = 0; i < errors->len; i++)
    {
      GError *load_error = g_ptr_array_index (errors, i);

      if (load_error->domain == PW_TEMPLATE_ERROR)
        {
          g_set_error (error, PW_TEMPLATE_ERROR, PW_TEMPLATE_ERROR_NOT_FOUND,
                       _("Unknown template “%s” (%s)"), id, load_error->message);
          return NULL;
        }
    }

  g_set_error (error, PW_TEMPLATE_ERROR, PW_TEMPLATE_ERROR_NOT_FOUND,
               _("Unknown template “%s”"), id);
  return NULL;
}

const char *
pw_template_get_id (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  return self->id;
}

const char *
pw_template_get_name (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  return self->name;
}

/**
 * pw_template_get_description:
 *
 * Returns: (nullable): the description, or %NULL
 */
const char *
pw_template_get_description (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  return self->description;
}

const char *
pw_template_get_output_pattern (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  return self->output;
}

/**
 * pw_template_get_filename:
 *
 * Returns: (nullable): the file the template was read from (for built-ins,
 *   just its resource name)
 */
const char *
pw_template_get_filename (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  return self->filename;
}

PwTemplateSubject
pw_template_get_subject (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), PW_TEMPLATE_SUBJECT_FEATURE);
  return self->subject;
}

PwTemplateOrigin
pw_template_get_origin (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), PW_TEMPLATE_ORIGIN_BUILTIN);
  return self->origin;
}

gboolean
pw_template_get_wants_analysis (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), FALSE);
  return self->analysis;
}

/**
 * pw_template_get_body:
 *
 * Returns: the markdown body after the front matter, byte for byte
 */
const char *
pw_template_get_body (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  return self->body;
}

/**
 * pw_template_get_body_line:
 *
 * Returns: the 1-based line of the template file where the body starts
 */
guint
pw_template_get_body_line (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), 0);
  return self->body_line;
}

guint
pw_template_get_n_sections (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), 0);
  return self->sections->len;
}

const char *
pw_template_get_section_name (PwTemplate *self,
                              guint       index)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (index < self->sections->len, NULL);

  return ((Section *)g_ptr_array_index (self->sections, index))->name;
}

/**
 * pw_template_get_section_aliases:
 *
 * Returns: (transfer none) (array zero-terminated=1): the other names of
 *   section @index
 */
const char * const *
pw_template_get_section_aliases (PwTemplate *self,
                                 guint       index)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (index < self->sections->len, NULL);

  return (const char * const *)((Section *)g_ptr_array_index (self->sections, index))->aliases;
}

/**
 * pw_template_get_steps_section:
 *
 * Returns: the index of the section holding the implementation steps, or -1
 */
int
pw_template_get_steps_section (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), -1);
  return self->steps_section;
}

/**
 * pw_template_heading_matches:
 * @heading: a heading's text, e.g. "3. **Szczegóły żądania**"
 * @name: a section name, e.g. "Szczegoly zadania"
 *
 * Matches tolerantly: case, numbering, emphasis, punctuation and Polish
 * diacritics are ignored, and a heading may continue after the name.
 *
 * Returns: %TRUE if @heading names the section @name
 */
gboolean
pw_template_heading_matches (const char *heading,
                             const char *name)
{
  g_autofree char *heading_slug = NULL;
  g_autofree char *name_slug = NULL;

  g_return_val_if_fail (heading != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  heading_slug = normalize_heading (heading);
  name_slug = normalize_heading (name);
  return slug_matches (heading_slug, name_slug);
}

/**
 * pw_template_match_section:
 * @heading: a heading's text
 *
 * Returns: the index of the first section @heading names, or -1
 */
int
pw_template_match_section (PwTemplate *self,
                           const char *heading)
{
  g_autofree char *slug = NULL;

  g_return_val_if_fail (PW_IS_TEMPLATE (self), -1);
  g_return_val_if_fail (heading != NULL, -1);

  slug = normalize_heading (heading);
  for (guint i = 0; i < self->sections->len; i++)
    {
      Section *section = g_ptr_array_index (self->sections, i);

      for (guint j = 0; section->slugs[j] != NULL; j++)
        {
          if (slug_matches (slug, section->slugs[j]))
            return i;
        }
    }

  return -1;
}

/**
 * pw_template_get_status_codes:
 * @n_codes: (out): number of codes
 *
 * Returns: (array length=n_codes): the HTTP status codes a plan may use
 */
const guint *
pw_template_get_status_codes (PwTemplate *self,
                              guint      *n_codes)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  g_return_val_if_fail (n_codes != NULL, NULL);

  *n_codes = self->status_codes->len;
  return (const guint *)(gpointer)self->status_codes->data;
}

/**
 * pw_template_allows_status:
 * @code: an HTTP status code
 *
 * Returns: %TRUE if @code is in the template's set, or the template has no set
 */
gboolean
pw_template_allows_status (PwTemplate *self,
                           guint       code)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), FALSE);

  if (self->status_codes->len == 0)
    return TRUE;

  for (guint i = 0; i < self->status_codes->len; i++)
    {
      if (g_array_index (self->status_codes, guint, i) == code)
        return TRUE;
    }

  return FALSE;
}

/**
 * pw_template_get_placeholders:
 *
 * Returns: (transfer none) (array zero-terminated=1): texts that, written in
 *   square brackets in a plan, mean the example was not filled in
 */
const char * const *
pw_template_get_placeholders (PwTemplate *self)
{
  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);
  return (const char * const *)self->placeholders->pdata;
}

/**
 * pw_template_expand_output:
 * @subject: the feature name or endpoint key ("GET /api/books/{id}")
 *
 * Fills the output pattern: `{{feature}}` and `{{slug}}` become the slug of
 * @subject (pw_slugify()).
 *
 * Returns: (transfer full) (nullable): the repository-relative output path,
 *   or %NULL if the pattern needs a slug and @subject gives an empty one
 */
char *
pw_template_expand_output (PwTemplate *self,
                           const char *subject)
{
  g_autofree char *slug = NULL;
  g_autoptr(GString) path = NULL;

  g_return_val_if_fail (PW_IS_TEMPLATE (self), NULL);

  slug = pw_slugify (subject != NULL ? subject : "");
  path = g_string_new (self->output);

  if (strstr (path->str, "{{feature}}") != NULL || strstr (path->str, "{{slug}}") != NULL)
    {
      if (*slug == '\0')
        return NULL;
      g_string_replace (path, "{{feature}}", slug, 0);
      g_string_replace (path, "{{slug}}", slug, 0);
    }

  /* Other variables make no sense in a file name. */
  for (guint i = 0; i < G_N_ELEMENTS (known_variables); i++)
    {
      g_autofree char *variable = g_strdup_printf ("{{%s}}", known_variables[i]);

      g_string_replace (path, variable, "", 0);
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}

const char *
pw_template_origin_to_string (PwTemplateOrigin origin)
{
  switch (origin)
    {
    case PW_TEMPLATE_ORIGIN_BUILTIN:
      return "builtin";
    case PW_TEMPLATE_ORIGIN_USER:
      return "user";
    case PW_TEMPLATE_ORIGIN_REPOSITORY:
      return "repository";
    default:
      return "unknown";
    }
}

const char *
pw_template_subject_to_string (PwTemplateSubject subject)
{
  switch (subject)
    {
    case PW_TEMPLATE_SUBJECT_FEATURE:
      return "feature";
    case PW_TEMPLATE_SUBJECT_ENDPOINTS:
      return "endpoints";
    default:
      return "unknown";
    }
}
