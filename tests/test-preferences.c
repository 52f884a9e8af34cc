/* test-preferences.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "pw-preferences-window.h"
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

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/pw/preferences/add-and-remove-profile", test_add_and_remove_profile);

  return g_test_run ();
}
