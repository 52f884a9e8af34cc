/* test-preferences.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-preferences-window.h"
#include "pw-profile-row.h"
#include "pw-profile.h"
#include "pw-test-server.h"
#include "pw-test-ui.h"

static guint
count_rows (GtkWidget *widget)
{
  guint n = 0;

  if (ADW_IS_EXPANDER_ROW (widget))
    return 1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);

  return n;
}

static void
test_add_and_remove_profile (void)
{
  GtkWidget *window = pw_preferences_window_new (NULL);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  PwProfile *profile;

  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_cmpuint (count_rows (window), ==, 0);

  g_assert_true (gtk_widget_activate_action (window, "prefs.add-profile", "s", "ollama"));
  profiles = pw_profile_list ();
  g_assert_cmpuint (profiles->len, ==, 1);
  profile = g_ptr_array_index (profiles, 0);
  g_assert_cmpint (pw_profile_get_kind (profile), ==, PW_PROVIDER_KIND_OLLAMA);
  base_url = pw_profile_dup_base_url (profile);
  g_assert_cmpstr (base_url, ==, "http://127.0.0.1:11434");
  g_assert_cmpuint (count_rows (window), ==, 1);

  /* Rows write through to the profile's settings. */
  g_settings_set_string (pw_profile_get_settings (profile), "model", "llama3:8b");
  gtk_test_widget_wait_for_draw (window);

  g_assert_true (pw_profile_remove (profile, &error));
  g_assert_no_error (error);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The row shows its profile and follows the profile's settings. */
static void
test_profile_row (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwProfile) profile = pw_profile_create ("Local", PW_PROVIDER_KIND_OLLAMA, &error);
  g_autoptr(PwProfile) from_row = NULL;
  g_autofree char *unavailable = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row;

  g_assert_no_error (error);
  row = pw_profile_row_new (profile, "No keyring here");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));

  g_object_get (row, "profile", &from_row, "keys-unavailable", &unavailable, NULL);
  g_assert_true (from_row == profile);
  g_assert_cmpstr (unavailable, ==, "No keyring here");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Local");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==, "Ollama");

  g_settings_set_string (pw_profile_get_settings (profile), "model", "llama3:8b");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "Ollama · llama3:8b");
  pw_profile_set_default (profile);
  g_settings_set_string (pw_profile_get_settings (profile), "name", "Renamed");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Renamed");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                   "Ollama · llama3:8b · used for new plans");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (pw_profile_remove (profile, &error));
  g_assert_no_error (error);
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

/* Test Connection lists the server's models in a drop-down wide enough to
 * read each name whole. */
static void
test_model_names_readable (void)
{
  static const char *names[] = { "gpt-4o-mini", "gpt-4o", "gpt-4.1" };
  g_autoptr(GError) error = NULL;
  g_autoptr(PwProfile) profile = pw_profile_create ("Local", PW_PROVIDER_KIND_OLLAMA, &error);
  TestServer *server = test_server_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row;
  GtkWidget *chooser;
  GtkWidget *scroller;
  GtkPopover *popover;

  g_assert_no_error (error);
  test_server_add_reply (server, 200, "application/json", 1,
                         "{\"models\":[{\"name\":\"gpt-4o-mini\"},{\"name\":\"gpt-4o\"},"
                         "{\"name\":\"gpt-4.1\"}]}", NULL);
  pw_profile_set_base_url (profile, server->base);
  row = pw_profile_row_new (profile, NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  g_signal_emit_by_name (pw_test_find_button (row, "_Test Connection"), "clicked");
  chooser = pw_test_find_type (row, GTK_TYPE_MENU_BUTTON);
  pw_test_wait_until (widget_visible, chooser);
  gtk_menu_button_popup (GTK_MENU_BUTTON (chooser));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (chooser));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (popover));
  scroller = pw_test_find_type (GTK_WIDGET (popover), GTK_TYPE_SCROLLED_WINDOW);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *button = pw_test_find_button (scroller, names[i]);
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));
      graphene_rect_t bounds;
      int natural;

      g_assert_nonnull (button);
      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_assert_true (gtk_widget_compute_bounds (label, scroller, &bounds));
      g_assert_cmpint (gtk_widget_get_width (label), >=, natural);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (scroller));
    }

  gtk_popover_popdown (popover);
  /* The chooser, an arrow, is named for screen readers. */
  g_assert_true (pw_test_is_unlabelled_button (chooser));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (chooser),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (pw_profile_remove (profile, &error));
  g_assert_no_error (error);
  test_server_free (server);
}

static gboolean
message_shown (gpointer data)
{
  return pw_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* A key the keyring does not take (here: no Secret Service at all, as
 * with no default keyring) is said so in full, not in a cut toast, and
 * the row says it is not stored. */
static void
test_key_not_stored (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwProfile) profile = pw_profile_create ("Remote", PW_PROVIDER_KIND_OPENAI, &error);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row;
  GtkWidget *key_row;
  AdwMessageDialog *dialog;

  g_assert_no_error (error);
  row = pw_profile_row_new (profile, NULL);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (pw_profile_row_get_key_state (PW_PROFILE_ROW (row)));

  key_row = pw_test_find_type (row, ADW_TYPE_PASSWORD_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (key_row), "sk-test-not-stored");
  g_signal_emit_by_name (key_row, "apply");
  pw_test_wait_until (message_shown, NULL);
  dialog = ADW_MESSAGE_DIALOG (pw_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The API Key Was Not Stored");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "not saved anywhere"));
  g_assert_null (strstr (adw_message_dialog_get_body (dialog), "sk-test"));
  g_assert_cmpstr (pw_profile_row_get_key_state (PW_PROFILE_ROW (row)), ==, "Not stored");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (pw_profile_remove (profile, &error));
  g_assert_no_error (error);
}

/* A key from the environment is shown as set, by which variable. */
static void
test_key_from_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PwProfile) profile = pw_profile_create ("Env", PW_PROVIDER_KIND_ANTHROPIC, &error);
  GtkWidget *row;

  g_assert_no_error (error);
  g_setenv ("ANTHROPIC_API_KEY", "sk-from-env", TRUE);
  row = g_object_ref_sink (pw_profile_row_new (profile, "No keyring here"));
  g_assert_cmpstr (pw_profile_row_get_key_state (PW_PROFILE_ROW (row)), ==,
                   "Set by ANTHROPIC_API_KEY");
  g_unsetenv ("ANTHROPIC_API_KEY");

  g_object_unref (row);
  g_assert_true (pw_profile_remove (profile, &error));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/pw/preferences/add-and-remove-profile", test_add_and_remove_profile);
  g_test_add_func ("/pw/preferences/profile-row", test_profile_row);
  g_test_add_func ("/pw/preferences/model-names-readable", test_model_names_readable);
  g_test_add_func ("/pw/preferences/key-not-stored", test_key_not_stored);
  g_test_add_func ("/pw/preferences/key-from-environment", test_key_from_environment);

  return g_test_run ();
}
