/* pw-profile-row.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "pw-profile-row"

#include "config.h"

#include <glib/gi18n.h>

#include "pw-profile-row.h"
#include "pw-secrets.h"

struct _PwProfileRow
{
  AdwExpanderRow  parent_instance;

  /* Template children */
  AdwEntryRow    *name_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *base_url_row;
  AdwEntryRow    *model_row;
  GtkMenuButton  *chooser;
  AdwActionRow   *connection_row;
  GtkWidget      *key_row;
  GtkLabel       *key_state;
  GtkSpinButton  *temperature;
  GtkSpinButton  *max_tokens;
  GtkSpinButton  *input_price;
  GtkSpinButton  *output_price;
  GtkSwitch      *insecure_switch;
  GtkSwitch      *default_switch;

  /* owned */
  PwProfile      *profile;
  char           *keys_unavailable;  /* (nullable) why keys cannot be stored */
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (PwProfileRow, pw_profile_row, ADW_TYPE_EXPANDER_ROW)

enum
{
  PROP_0,
  PROP_PROFILE,
  PROP_KEYS_UNAVAILABLE,
  N_PROPS
};

enum
{
  PROFILES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * pw_profile_kind_label:
 *
 * Returns: how the preferences name a kind of provider
 */
const char *
pw_profile_kind_label (PwProviderKind kind)
{
  switch (kind)
    {
    case PW_PROVIDER_KIND_OPENAI: return _("OpenAI-compatible");
    case PW_PROVIDER_KIND_ANTHROPIC: return "Anthropic";
    case PW_PROVIDER_KIND_OLLAMA: return "Ollama";
    case PW_PROVIDER_KIND_OFFLINE:
    default: return _("Offline draft");
    }
}

static gboolean
is_default (PwProfile *profile)
{
  g_autoptr(PwProfile) default_profile = pw_profile_get_default ();

  return default_profile != NULL
         && g_str_equal (pw_profile_get_id (default_profile), pw_profile_get_id (profile));
}

static void
add_toast (PwProfileRow *self,
           const char   *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static void
update_subtitle (PwProfileRow *self)
{
  g_autofree char *model = pw_profile_dup_model (self->profile);
  g_autofree char *subtitle = NULL;
  const char *kind = pw_profile_kind_label (pw_profile_get_kind (self->profile));
  const char *used = is_default (self->profile) ? _(" · used for new plans") : "";

  if (model != NULL && *model != '\0')
    subtitle = g_strdup_printf ("%s · %s%s", kind, model, used);
  else
    subtitle = g_strdup_printf ("%s%s", kind, used);

  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
}

static void
kind_selected_cb (PwProfileRow *self)
{
  pw_profile_set_kind (self->profile,
                       (PwProviderKind) (adw_combo_row_get_selected (self->kind_row) + 1));
}

/* Says next to the key field where the key comes from, if anywhere. */
static void
show_key_state (PwProfileRow *self,
                const char   *state)
{
  gtk_label_set_label (self->key_state, state);
  gtk_widget_set_visible (GTK_WIDGET (self->key_state), state != NULL);
}

/* The key was not stored: a dialog says why in full and what to do, as a
 * toast could not (it cuts long messages). */
static void
show_store_failure (PwProfileRow *self,
                    const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf (_("%s\n\nThe key is not saved anywhere. Create a default keyring "
                            "(for example the “Login” keyring in Passwords and Keys) and enter "
                            "the key again, or set PLANWRIGHT_API_KEY, OPENAI_API_KEY or "
                            "ANTHROPIC_API_KEY in the environment before starting Planwright."),
                          error->message);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("The API Key Was Not Stored"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  show_key_state (self, _("Not stored"));
}

static void
key_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PwProfileRow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!pw_secrets_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_store_failure (self, error);
    }
  else
    {
      show_key_state (self, _("Stored in the keyring"));
      add_toast (self, _("API key stored in the keyring"));
    }
}

static void
key_found_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PwProfileRow) self = user_data;
  char *key = pw_secrets_lookup_finish (result, NULL);

  if (key != NULL && !g_cancellable_is_cancelled (self->cancellable))
    show_key_state (self, _("Stored in the keyring"));
  secret_password_free (key);
}

/* An environment variable wins over the keyring; a stored key is looked
 * up so that the row can say it is there. */
static void
check_key (PwProfileRow *self)
{
  const char *variable = NULL;
  g_autofree char *state = NULL;

  if (pw_secrets_get_env_key (pw_profile_get_kind (self->profile), &variable) != NULL)
    {
      state = g_strdup_printf (_("Set by %s"), variable);
      show_key_state (self, state);
    }
  else if (self->keys_unavailable == NULL)
    pw_secrets_lookup_async (pw_profile_get_id (self->profile), self->cancellable,
                             key_found_cb, g_object_ref (self));
}

static void
key_apply_cb (PwProfileRow *self)
{
  g_autofree char *name = pw_profile_dup_name (self->profile);
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));

  if (*key == '\0')
    return;

  pw_secrets_store_async (pw_profile_get_id (self->profile), name, key, self->cancellable,
                          key_stored_cb, g_object_ref (self));
  /* The key is not kept in the widget once handed to the keyring. */
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
}

static void
model_chosen_cb (GtkButton    *button,
                 PwProfileRow *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  pw_profile_set_model (self->profile, gtk_button_get_label (button));
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* A popover of the server's models, one flat button each. */
static void
fill_chooser (PwProfileRow *self,
              GStrv         models)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  guint n = g_strv_length (models);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (models[i]);

      gtk_widget_add_css_class (button, "flat");
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      g_signal_connect_object (button, "clicked", G_CALLBACK (model_chosen_cb), self, 0);
      gtk_box_append (GTK_BOX (box), button);
    }
  /* As wide as the longest name: a scroller is otherwise as narrow as it
   * can be, and "gpt-4o-mini" reads "gpt-4". */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_menu_button_set_popover (self->chooser, gtk_popover_new ());
  gtk_popover_set_child (gtk_menu_button_get_popover (self->chooser), scroller);
  gtk_widget_set_visible (GTK_WIDGET (self->chooser), n > 0);
}

static void
models_listed_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PwProfileRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  g_autofree char *subtitle = NULL;
  guint n;

  models = pw_provider_list_models_finish (PW_PROVIDER (source), result, &error);
  if (models == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->connection_row), TRUE);
  if (models == NULL)
    {
      adw_action_row_set_subtitle (self->connection_row, error->message);
      return;
    }

  n = g_strv_length (models);
  subtitle = g_strdup_printf (ngettext ("Connected: %u model available",
                                        "Connected: %u models available", n), n);
  adw_action_row_set_subtitle (self->connection_row, subtitle);
  fill_chooser (self, models);
}

static void
test_connection_cb (PwProfileRow *self)
{
  g_autoptr(PwProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = pw_profile_create_provider (self->profile, self->cancellable, &error);
  if (provider == NULL)
    {
      adw_action_row_set_subtitle (self->connection_row, error->message);
      return;
    }

  adw_action_row_set_subtitle (self->connection_row, _("Connecting…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->connection_row), FALSE);
  pw_provider_list_models_async (provider, self->cancellable, models_listed_cb,
                                 g_object_ref (self));
}

static void
default_toggled_cb (PwProfileRow *self)
{
  pw_profile_set_default (gtk_switch_get_active (self->default_switch) ? self->profile : NULL);
  g_signal_emit (self, signals[PROFILES_CHANGED], 0, pw_profile_get_id (self->profile));
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    PwProfileRow     *self)
{
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove"))
    return;

  pw_secrets_clear_async (pw_profile_get_id (self->profile), NULL, NULL, NULL);
  if (!pw_profile_remove (self->profile, &error) && ADW_IS_PREFERENCES_WINDOW (window))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window),
                                      adw_toast_new (error->message));
  g_signal_emit (self, signals[PROFILES_CHANGED], 0, NULL);
}

static void
remove_clicked_cb (PwProfileRow *self)
{
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autofree char *name = pw_profile_dup_name (self->profile);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Remove Profile?"), NULL));
  adw_message_dialog_format_body (dialog,
                                  _("“%s” and its stored API key will be removed."), name);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Every row but the key writes through to the profile's settings. */
static void
bind_settings (PwProfileRow *self)
{
  GSettings *settings = pw_profile_get_settings (self->profile);

  g_settings_bind (settings, "name", self, "title", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "name", self->name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "base-url", self->base_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "model", self->model_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "temperature", self->temperature, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "max-tokens", self->max_tokens, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "input-price", self->input_price, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "output-price", self->output_price, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "allow-insecure", self->insecure_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed", G_CALLBACK (update_subtitle), self,
                           G_CONNECT_SWAPPED);
}

static void
pw_profile_row_constructed (GObject *object)
{
  PwProfileRow *self = PW_PROFILE_ROW (object);

  G_OBJECT_CLASS (pw_profile_row_parent_class)->constructed (object);

  g_assert (self->profile != NULL);
  bind_settings (self);
  update_subtitle (self);

  /* The initial state is set before the handlers that act on changes. */
  if (pw_profile_get_kind (self->profile) != PW_PROVIDER_KIND_OFFLINE)
    adw_combo_row_set_selected (self->kind_row, pw_profile_get_kind (self->profile) - 1);
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (kind_selected_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_switch_set_active (self->default_switch, is_default (self->profile));
  g_signal_connect_object (self->default_switch, "notify::active",
                           G_CALLBACK (default_toggled_cb), self, G_CONNECT_SWAPPED);

  if (self->keys_unavailable != NULL)
    {
      gtk_widget_set_sensitive (self->key_row, FALSE);
      gtk_widget_set_tooltip_text (self->key_row, self->keys_unavailable);
    }
  check_key (self);
}

static void
pw_profile_row_dispose (GObject *object)
{
  PwProfileRow *self = PW_PROFILE_ROW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), PW_TYPE_PROFILE_ROW);
  g_clear_object (&self->profile);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->keys_unavailable, g_free);

  G_OBJECT_CLASS (pw_profile_row_parent_class)->dispose (object);
}

static void
pw_profile_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PwProfileRow *self = PW_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_KEYS_UNAVAILABLE:
      g_value_set_string (value, self->keys_unavailable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_profile_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PwProfileRow *self = PW_PROFILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      self->profile = g_value_dup_object (value);
      break;
    case PROP_KEYS_UNAVAILABLE:
      self->keys_unavailable = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pw_profile_row_class_init (PwProfileRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pw_profile_row_constructed;
  object_class->dispose = pw_profile_row_dispose;
  object_class->get_property = pw_profile_row_get_property;
  object_class->set_property = pw_profile_row_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, PW_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * PwProfileRow:keys-unavailable:
   *
   * Why API keys cannot be stored on this computer, or %NULL when they can.
   */
  properties[PROP_KEYS_UNAVAILABLE] =
    g_param_spec_string ("keys-unavailable", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PwProfileRow::profiles-changed:
   * @expand_id: (nullable): the profile whose row to show expanded
   *
   * A profile was removed or the default changed: the list is out of date.
   */
  signals[PROFILES_CHANGED] =
    g_signal_new ("profiles-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               PW_RESOURCE_PATH "/ui/pw-profile-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, name_row);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, model_row);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, chooser);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, connection_row);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, key_row);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, key_state);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, temperature);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, max_tokens);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, input_price);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, output_price);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, insecure_switch);
  gtk_widget_class_bind_template_child (widget_class, PwProfileRow, default_switch);
  gtk_widget_class_bind_template_callback (widget_class, key_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_connection_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
pw_profile_row_init (PwProfileRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
pw_profile_row_new (PwProfile  *profile,
                    const char *keys_unavailable)
{
  g_return_val_if_fail (PW_IS_PROFILE (profile), NULL);

  return g_object_new (PW_TYPE_PROFILE_ROW,
                       "profile", profile,
                       "keys-unavailable", keys_unavailable,
                       NULL);
}

PwProfile *
pw_profile_row_get_profile (PwProfileRow *self)
{
  g_return_val_if_fail (PW_IS_PROFILE_ROW (self), NULL);

  return self->profile;
}

/**
 * pw_profile_row_get_key_state:
 *
 * Returns: (nullable): what the row says about the profile's API key
 *   (stored, set by an environment variable, not stored), or %NULL
 */
const char *
pw_profile_row_get_key_state (PwProfileRow *self)
{
  g_return_val_if_fail (PW_IS_PROFILE_ROW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->key_state)))
    return NULL;

  return gtk_label_get_label (self->key_state);
}
