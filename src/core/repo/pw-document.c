/* pw-document.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-document"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pw-document.h"
#include "pw-file-io.h"

/*
 * PwDocument is one planning file, held byte-faithfully.
 *
 * The text is kept exactly as it is on disk except for a leading UTF-8 byte
 * order mark, which is remembered and written back. Line endings are not
 * normalised: a CRLF file keeps its CRs in the text, so a file with mixed
 * endings, or without a final newline, saves unchanged except where the user
 * edited. The newline type of the first line is exposed so that an editor can
 * insert matching line breaks.
 *
 * Reading and saving go through pw_file_read() and pw_file_replace(): only
 * a regular file of at most %PW_FILE_MAX_SIZE is read, and a save replaces
 * the file only once every byte is on disk, so a full disk leaves the old
 * file. The etag read at load makes a file that changed on disk since
 * never overwritten silently; a GFileMonitor reports outside changes
 * through the "changed-on-disk" property.
 *
 * A document given the repository's root is confined to it: when its path
 * leads out of the repository through a symbolic link it is "outside", and
 * is neither read nor written.
 */

#define UTF8_BOM "\xEF\xBB\xBF"

struct _PwDocument
{
  GObject         parent_instance;

  /* owned */
  GFile          *file;
  GFile          *root;            /* (nullable) the repository it must stay in */
  char           *relative_path;
  char           *kind;            /* (nullable) what kind of file of its role */
  char           *title;
  GString        *text;
  char           *saved_text;      /* (nullable) text as last loaded or saved */
  char           *etag;            /* (nullable) */
  GFileMonitor   *monitor;         /* (nullable) */

  /* state */
  PwDocumentRole  role;
  PwNewlineType   newline_type;
  guint           loaded : 1;
  guint           read_only : 1;
  guint           modified : 1;
  guint           has_bom : 1;
  guint           changed_on_disk : 1;
  guint           saving : 1;
  guint           outside : 1;
};

G_DEFINE_FINAL_TYPE (PwDocument, pw_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_RELATIVE_PATH,
  PROP_ROLE,
  PROP_TITLE,
  PROP_LOADED,
  PROP_READ_ONLY,
  PROP_MODIFIED,
  PROP_CHANGED_ON_DISK,
  PROP_OUTSIDE,
  N_PROPS
};

enum {
  TEXT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (pw-document-error-quark, pw_document_error)

static void
set_flag (PwDocument *self,
          guint       prop_id,
          gboolean    value)
{
  gboolean old;

  value = !!value;

  switch (prop_id)
    {
    case PROP_LOADED: old = self->loaded; self->loaded = value; break;
    case PROP_READ_ONLY: old = self->read_only; self->read_only = value; break;
    case PROP_MODIFIED: old = self->modified; self->modified = value; break;
    case PROP_CHANGED_ON_DISK: old = self->changed_on_disk; self->changed_on_disk = value; break;
    case PROP_OUTSIDE: old = self->outside; self->outside = value; break;
    default: g_assert_not_reached ();
    }

  if (old != value)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static PwNewlineType
detect_newline (const char *text,
                gsize       length)
{
  const char *p = memchr (text, '\n', length);
  const char *cr = memchr (text, '\r', length);

  if (cr != NULL && (p == NULL || cr < p))
    return (cr + 1 < text + length && cr[1] == '\n') ? PW_NEWLINE_CRLF : PW_NEWLINE_CR;

  return PW_NEWLINE_LF;
}

/* Takes the raw bytes of the file: splits off the BOM, checks the encoding.
 * On invalid UTF-8 the text is still shown, made valid, but read-only. */
static gboolean
take_contents (PwDocument  *self,
               const char  *contents,
               gsize        length,
               const char  *etag,
               GError     **error)
{
  gboolean bom = length >= 3 && memcmp (contents, UTF8_BOM, 3) == 0;
  const char *body = bom ? contents + 3 : contents;
  gsize body_length = bom ? length - 3 : length;
  const char *invalid = NULL;
  gboolean valid;

  valid = g_utf8_validate_len (body, body_length, &invalid);

  g_string_truncate (self->text, 0);
  self->has_bom = bom;

  if (valid)
    {
      g_string_append_len (self->text, body, body_length);
    }
  else
    {
      g_autofree char *fixed = g_utf8_make_valid (body, body_length);

      g_string_append (self->text, fixed);
    }

  g_free (self->saved_text);
  self->saved_text = g_strndup (self->text->str, self->text->len);
  g_free (self->etag);
  self->etag = g_strdup (etag);
  self->newline_type = detect_newline (self->text->str, self->text->len);

  set_flag (self, PROP_LOADED, TRUE);
  set_flag (self, PROP_MODIFIED, FALSE);
  set_flag (self, PROP_CHANGED_ON_DISK, FALSE);
  set_flag (self, PROP_READ_ONLY, !valid);
  g_signal_emit (self, signals[TEXT_CHANGED], 0);

  if (!valid)
    {
      glong line = 1;

      for (const char *p = body; p < invalid; p++)
        line += (*p == '\n');

      g_set_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_INVALID_UTF8,
                   _("“%s” is not valid UTF-8 text (line %ld); it is opened read-only"),
                   self->relative_path, line);
      return FALSE;
    }

  return TRUE;
}

/* Whether @file leads out of @root (thread-safe: it only reads the disk). */
static gboolean
leads_outside (GFile *root,
               GFile *file)
{
  g_autofree char *root_path = NULL;
  g_autofree char *path = NULL;

  if (root == NULL)
    return FALSE;

  root_path = g_file_get_path (root);
  path = g_file_get_path (file);

  return root_path != NULL && path != NULL && !pw_path_resolves_inside (root_path, path);
}

/* Checks again, at each read and write, that the document stays inside. */
static gboolean
check_confined (PwDocument  *self,
                GError     **error)
{
  set_flag (self, PROP_OUTSIDE, leads_outside (self->root, self->file));
  if (!self->outside)
    return TRUE;

  g_set_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_OUTSIDE,
               _("“%s” leads outside the repository through a symbolic link; "
                 "it is neither read nor written"),
               self->relative_path);
  return FALSE;
}

static GBytes *
build_contents (PwDocument *self)
{
  GString *out = g_string_sized_new (self->text->len + 3);

  if (self->has_bom)
    g_string_append_len (out, UTF8_BOM, 3);
  g_string_append_len (out, self->text->str, self->text->len);

  return g_string_free_to_bytes (out);
}

static gboolean
check_can_save (PwDocument  *self,
                GError     **error)
{
  if (!self->loaded)
    {
      g_set_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_NOT_LOADED,
                   _("“%s” has not been loaded"), self->relative_path);
      return FALSE;
    }

  if (self->read_only)
    {
      g_set_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_READ_ONLY,
                   _("“%s” is read-only because it is not valid UTF-8"), self->relative_path);
      return FALSE;
    }

  return TRUE;
}

/* A stale etag surfaces as G_IO_ERROR_WRONG_ETAG: say what it means. */
static void
translate_save_error (PwDocument  *self,
                      GError     **error)
{
  if (error != NULL && *error != NULL && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    {
      g_clear_error (error);
      g_set_error (error, PW_DOCUMENT_ERROR, PW_DOCUMENT_ERROR_CONFLICT,
                   _("“%s” was changed by another program since it was opened; "
                     "reload it or save anyway"),
                   self->relative_path);
    }
  else if (error != NULL && *error != NULL)
    {
      g_prefix_error (error, _("Could not save “%s”: "), self->relative_path);
    }
}

/* Checks the document may be saved and makes its folder. */
static gboolean
prepare_save (PwDocument    *self,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFile) parent = NULL;

  if (!check_confined (self, error) || !check_can_save (self, error))
    return FALSE;

  parent = g_file_get_parent (self->file);
  if (parent != NULL && !g_file_query_exists (parent, cancellable))
    g_file_make_directory_with_parents (parent, cancellable, NULL);

  return TRUE;
}

/* @written (owned) went to disk with @new_etag. Only what was written
 * counts as saved: edits made while the write was under way keep the
 * document modified. */
static void
saved (PwDocument *self,
       const char *new_etag,
       char       *written)
{
  g_free (self->etag);
  self->etag = g_strdup (new_etag);
  g_free (self->saved_text);
  self->saved_text = written;
  set_flag (self, PROP_MODIFIED, g_strcmp0 (self->saved_text, self->text->str) != 0);
  set_flag (self, PROP_CHANGED_ON_DISK, FALSE);
}

static void
check_disk_etag (PwDocument *self)
{
  g_autofree char *etag = NULL;

  if (!self->loaded || self->saving)
    return;

  etag = pw_file_query_etag (self->file);

  /* A deleted file counts as changed: saving would recreate it. */
  if (g_strcmp0 (etag, self->etag) != 0)
    {
      g_debug ("%s changed on disk", self->relative_path);
      set_flag (self, PROP_CHANGED_ON_DISK, TRUE);
    }
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  PwDocument *self = user_data;

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_RENAMED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      check_disk_etag (self);
      break;

    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    default:
      break;
    }
}

static void
pw_document_dispose (GObject *object)
{
  PwDocument *self = (PwDocument *)object;

  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_signal_handlers_disconnect_by_data (self->monitor, self);
    }
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (pw_document_parent_class)->dispose (object);
}

static void
pw_document_finalize (GObject *object)
{
  PwDocument *self = (PwDocument *)object;

  g_clear_object (&self->file);
  g_clear_object (&self->root);
  g_clear_pointer (&self->relative_path, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->saved_text, g_free);
  g_clear_pointer (&self->etag, g_free);
  g_string_free (self->text, TRUE);

  G_OBJECT_CLASS (pw_document_parent_class)->finalize (object);
}

static void
pw_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PwDocument *self = PW_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE: g_value_set_object (value, self->file); break;
    case PROP_RELATIVE_PATH: g_value_set_string (value, self->relative_path); break;
    case PROP_ROLE: g_value_set_int (value, self->role); break;
    case PROP_TITLE: g_value_set_string (value, pw_document_get_title (self)); break;
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    case PROP_READ_ONLY: g_value_set_boolean (value, self->read_only); break;
    case PROP_MODIFIED: g_value_set_boolean (value, self->modified); break;
    case PROP_CHANGED_ON_DISK: g_value_set_boolean (value, self->changed_on_disk); break;
    case PROP_OUTSIDE: g_value_set_boolean (value, self->outside); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_document_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PwDocument *self = PW_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE: self->file = g_value_dup_object (value); break;
    case PROP_RELATIVE_PATH: self->relative_path = g_value_dup_string (value); break;
    case PROP_ROLE: self->role = g_value_get_int (value); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_document_class_init (PwDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pw_document_dispose;
  object_class->finalize = pw_document_finalize;
  object_class->get_property = pw_document_get_property;
  object_class->set_property = pw_document_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RELATIVE_PATH] =
    g_param_spec_string ("relative-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, 0, PW_N_DOCUMENT_ROLES - 1, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGED_ON_DISK] =
    g_param_spec_boolean ("changed-on-disk", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OUTSIDE] =
    g_param_spec_boolean ("outside", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwDocument::text-changed:
   *
   * Emitted when the text was replaced from disk (load or reload), not for
   * edits made through pw_document_set_text().
   */
  signals[TEXT_CHANGED] =
    g_signal_new ("text-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pw_document_init (PwDocument *self)
{
  self->text = g_string_new (NULL);
}

/**
 * pw_document_new:
 * @file: the file on disk
 * @relative_path: its path relative to the repository, for messages
 * @role: what the document is for
 *
 * Creates a document; nothing is read until pw_document_load().
 *
 * Returns: (transfer full): a new #PwDocument
 */
PwDocument *
pw_document_new (GFile          *file,
                 const char     *relative_path,
                 PwDocumentRole  role)
{
  g_autofree char *basename = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (relative_path == NULL)
    basename = g_file_get_basename (file);

  return g_object_new (PW_TYPE_DOCUMENT,
                       "file", file,
                       "relative-path", relative_path ? relative_path : basename,
                       "role", role,
                       NULL);
}

GFile *
pw_document_get_file (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), NULL);

  return self->file;
}

const char *
pw_document_get_relative_path (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), NULL);

  return self->relative_path;
}

/**
 * pw_document_get_title:
 *
 * Returns: the file's base name, for tabs and lists
 */
const char *
pw_document_get_title (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), NULL);

  if (self->title == NULL)
    self->title = g_path_get_basename (self->relative_path);

  return self->title;
}

PwDocumentRole
pw_document_get_role (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), PW_DOCUMENT_ROLE_NONE);

  return self->role;
}

/**
 * pw_document_get_kind:
 *
 * Returns: (nullable): what kind of file the document is within its role:
 *   "markdown", "openapi" or "swagger" for an API spec, "cursor", "agents",
 *   "claude", … for rules (see pw_rules_kind_for_path()); %NULL when unset
 */
const char *
pw_document_get_kind (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), NULL);

  return self->kind;
}

/**
 * pw_document_set_kind:
 * @kind: (nullable): the kind, set by the workspace when it finds the file
 */
void
pw_document_set_kind (PwDocument *self,
                      const char *kind)
{
  g_return_if_fail (PW_IS_DOCUMENT (self));

  if (g_strcmp0 (self->kind, kind) == 0)
    return;
  g_free (self->kind);
  self->kind = g_strdup (kind);
}

gboolean
pw_document_get_loaded (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), FALSE);

  return self->loaded;
}

gboolean
pw_document_get_read_only (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), FALSE);

  return self->read_only;
}

gboolean
pw_document_get_modified (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), FALSE);

  return self->modified;
}

gboolean
pw_document_get_changed_on_disk (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), FALSE);

  return self->changed_on_disk;
}

/**
 * pw_document_set_root:
 * @root: (nullable): the repository the document must stay in
 *
 * Confines the document to @root: from now on, and at every load and
 * save, a path that leads out of @root through a symbolic link makes the
 * document "outside", and it is neither read nor written
 * (%PW_DOCUMENT_ERROR_OUTSIDE). Checks the path at once.
 */
void
pw_document_set_root (PwDocument *self,
                      GFile      *root)
{
  g_return_if_fail (PW_IS_DOCUMENT (self));
  g_return_if_fail (root == NULL || G_IS_FILE (root));

  g_set_object (&self->root, root);
  set_flag (self, PROP_OUTSIDE, leads_outside (self->root, self->file));
}

/**
 * pw_document_get_outside:
 *
 * Returns: whether the document's path leads outside its repository, as
 *   last checked
 */
gboolean
pw_document_get_outside (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), FALSE);

  return self->outside;
}

gboolean
pw_document_get_has_bom (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), FALSE);

  return self->has_bom;
}

PwNewlineType
pw_document_get_newline_type (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), PW_NEWLINE_LF);

  return self->newline_type;
}

/**
 * pw_document_get_newline:
 *
 * Returns: the line break an editor should insert: "\n", "\r\n" or "\r"
 */
const char *
pw_document_get_newline (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), "\n");

  switch (self->newline_type)
    {
    case PW_NEWLINE_CRLF: return "\r\n";
    case PW_NEWLINE_CR: return "\r";
    case PW_NEWLINE_LF:
    default: return "\n";
    }
}

/**
 * pw_document_get_text:
 *
 * Returns: the text without its byte order mark, line endings as on disk;
 *   empty until loaded
 */
const char *
pw_document_get_text (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), NULL);

  return self->text->str;
}

gsize
pw_document_get_length (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), 0);

  return self->text->len;
}

const char *
pw_document_get_etag (PwDocument *self)
{
  g_return_val_if_fail (PW_IS_DOCUMENT (self), NULL);

  return self->etag;
}

/**
 * pw_document_set_text:
 * @text: the new text, without a byte order mark
 * @length: its length, or -1
 *
 * Replaces the text, as an editor does on each change. The document is
 * modified while the text differs from what was loaded or saved last.
 */
void
pw_document_set_text (PwDocument *self,
                      const char *text,
                      gssize      length)
{
  g_return_if_fail (PW_IS_DOCUMENT (self));
  g_return_if_fail (text != NULL);

  if (length < 0)
    length = strlen (text);

  if (self->read_only)
    return;

  g_string_truncate (self->text, 0);
  g_string_append_len (self->text, text, length);

  if (!self->loaded)
    set_flag (self, PROP_LOADED, TRUE);

  set_flag (self, PROP_MODIFIED,
            self->saved_text == NULL
            || strlen (self->saved_text) != (gsize)length
            || memcmp (self->saved_text, text, length) != 0);
}

/**
 * pw_document_load:
 *
 * Reads the file. On invalid UTF-8 this returns %FALSE with
 * %PW_DOCUMENT_ERROR_INVALID_UTF8 but the document is still loaded, with the
 * bad bytes replaced for display, and read-only so nothing is written back.
 *
 * Returns: %TRUE if the file was read as valid text
 */
gboolean
pw_document_load (PwDocument    *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *etag = NULL;
  gsize length = 0;

  g_return_val_if_fail (PW_IS_DOCUMENT (self), FALSE);

  if (!check_confined (self, error))
    return FALSE;

  if (!pw_file_read (self->file, PW_FILE_MAX_SIZE, &contents, &length, &etag, error))
    {
      g_prefix_error (error, _("Could not read “%s”: "), self->relative_path);
      return FALSE;
    }

  return take_contents (self, contents, length, etag, error);
}

typedef struct
{
  GFile *file;
  GFile *root;
  char  *contents;
  gsize  length;
  char  *etag;
  guint  outside : 1;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->file);
  g_clear_object (&data->root);
  g_free (data->contents);
  g_free (data->etag);
  g_free (data);
}

/* Reads in a worker thread; the document changes on its own thread. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;

  data->outside = leads_outside (data->root, data->file);
  if (data->outside
      || pw_file_read (data->file, PW_FILE_MAX_SIZE, &data->contents, &data->length,
                       &data->etag, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
load_thread_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PwDocument *self = g_task_get_source_object (task);
  LoadData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_prefix_error (&error, _("Could not read “%s”: "), self->relative_path);
  else if (data->outside)
    check_confined (self, &error);
  else
    take_contents (self, data->contents, data->length, data->etag, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
pw_document_load_async (PwDocument          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;
  LoadData *data;

  g_return_if_fail (PW_IS_DOCUMENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_document_load_async);

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (self->file);
  data->root = self->root != NULL ? g_object_ref (self->root) : NULL;
  /* The worker holds its task a moment after the callback: not the document. */
  read = g_task_new (NULL, cancellable, load_thread_cb, g_steal_pointer (&task));
  g_task_set_task_data (read, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (read, load_thread);
}

gboolean
pw_document_load_finish (PwDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pw_document_save:
 * @force: write even if the file changed on disk since it was loaded
 *
 * Writes the document atomically (a temporary file renamed over the old
 * one). Unless @force, the write is refused with %PW_DOCUMENT_ERROR_CONFLICT
 * when the file's etag no longer matches the one read at load.
 *
 * Returns: %TRUE on success
 */
gboolean
pw_document_save (PwDocument    *self,
                  gboolean       force,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *new_etag = NULL;
  gboolean ok;

  g_return_val_if_fail (PW_IS_DOCUMENT (self), FALSE);

  if (!prepare_save (self, cancellable, error))
    return FALSE;

  contents = build_contents (self);
  self->saving = TRUE;
  ok = pw_file_replace (self->file,
                        g_bytes_get_data (contents, NULL),
                        g_bytes_get_size (contents),
                        force ? NULL : self->etag,
                        PW_FILE_REPLACE_NONE, &new_etag, cancellable, error);
  self->saving = FALSE;

  if (!ok)
    {
      translate_save_error (self, error);
      return FALSE;
    }

  saved (self, new_etag, g_strndup (self->text->str, self->text->len));

  return TRUE;
}

static void
replace_contents_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PwDocument *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *new_etag = NULL;

  self->saving = FALSE;

  if (!pw_file_replace_finish (G_FILE (source), result, &new_etag, &error))
    {
      translate_save_error (self, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  saved (self, new_etag, g_strdup (g_task_get_task_data (task)));

  g_task_return_boolean (task, TRUE);
}

void
pw_document_save_async (PwDocument          *self,
                        gboolean             force,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;

  g_return_if_fail (PW_IS_DOCUMENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pw_document_save_async);

  if (!prepare_save (self, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, g_strndup (self->text->str, self->text->len), g_free);
  contents = build_contents (self);
  self->saving = TRUE;
  pw_file_replace_async (self->file, contents, force ? NULL : self->etag, cancellable,
                         replace_contents_cb, g_steal_pointer (&task));
}

gboolean
pw_document_save_finish (PwDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * pw_document_set_monitored:
 *
 * Starts or stops watching the file for changes made by other programs;
 * they show as the "changed-on-disk" property.
 */
void
pw_document_set_monitored (PwDocument *self,
                           gboolean    monitored)
{
  g_return_if_fail (PW_IS_DOCUMENT (self));

  if (monitored == (self->monitor != NULL))
    return;

  if (monitored)
    {
      g_autoptr(GError) error = NULL;

      self->monitor = g_file_monitor_file (self->file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
      if (self->monitor == NULL)
        {
          g_debug ("Cannot watch %s: %s", self->relative_path, error->message);
          return;
        }
      g_file_monitor_set_rate_limit (self->monitor, 250);
      g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
    }
  else
    {
      g_file_monitor_cancel (self->monitor);
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_clear_object (&self->monitor);
    }
}
