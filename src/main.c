/* main.c
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>
#include <stdio.h>

#include "pw-application.h"
#include "pw-cli.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(PwApplication) app = NULL;
  /* Set by `meson devenv` (tools/run): the build tree's catalogues. */
  const char *localedir = g_getenv ("PW_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  localedir != NULL && localedir[0] != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Everything but opening a window is headless: it must work without a
   * display, so it is dispatched before GTK is touched. */
  if (argc >= 2)
    {
      if (g_str_equal (argv[1], "--version"))
        {
          printf ("planwright %s\n", PACKAGE_VERSION);
          return 0;
        }
      if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
        {
          g_autofree char *help = pw_cli_print_help ();

          fputs (help, stdout);
          return 0;
        }
      if (pw_cli_is_command (argv[1]))
        return pw_cli_run (argc, argv);
      if (argv[1][0] == '-' && !g_str_has_prefix (argv[1], "--gapplication")
          && !g_str_equal (argv[1], "--new-window"))
        return pw_cli_usage_error (NULL, _("Unknown option “%s”; try --help"), argv[1]);

      /* Anything else names folders to open; say so now rather than in a
       * window (or, without a display, not at all). */
      for (int i = 1; i < argc; i++)
        {
          if (argv[i][0] != '-' && !g_file_test (argv[i], G_FILE_TEST_IS_DIR)
              && !(g_str_has_suffix (argv[i], ".md")
                   && g_file_test (argv[i], G_FILE_TEST_IS_REGULAR)))
            return pw_cli_usage_error (NULL, _("“%s” is neither a command, a folder nor a "
                                               "plan; try --help"), argv[i]);
        }
    }

  gtk_source_init ();
  app = pw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
