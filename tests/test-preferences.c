/* test-preferences.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-preferences-window.h"
#include "pw-profile-row.h"
#include "pw-profile.h"

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

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/pw/preferences/add-and-remove-profile", test_add_and_remove_profile);
  g_test_add_func ("/pw/preferences/profile-row", test_profile_row);

  return g_test_run ();
}
