/* mapwait.c: start a program, report when its first window is mapped and
 * its resident memory a few seconds later.
 *
 *   mapwait SECONDS PROGRAM [ARG…]
 *
 * Prints "map_ms=N rss_kb=N". Under a bare X server (Xvfb, no window
 * manager) top-level windows are children of the root window, so a MapNotify
 * on the root is the moment the first window appears on screen.
 *
 * Copyright 2026 The Planwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <X11/Xlib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static long
rss_kb (pid_t pid)
{
  char path[64], line[256];
  long kb = -1;
  FILE *f;

  snprintf (path, sizeof path, "/proc/%d/status", (int)pid);
  f = fopen (path, "r");
  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, "VmRSS:", 6) == 0)
      kb = strtol (line + 6, NULL, 10);
  fclose (f);
  return kb;
}

int
main (int    argc,
      char **argv)
{
  Display *display;
  double start, mapped = -1;
  double settle;
  pid_t pid;
  XEvent event;

  if (argc < 3)
    {
      fprintf (stderr, "usage: mapwait SECONDS PROGRAM [ARG…]\n");
      return 2;
    }

  settle = atof (argv[1]) * 1000.0;
  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "mapwait: no X display\n");
      return 2;
    }
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, False);

  start = now_ms ();
  pid = fork ();
  if (pid == 0)
    {
      execvp (argv[2], argv + 2);
      _exit (127);
    }

  while (mapped < 0 && now_ms () - start < 30000)
    {
      if (XPending (display) == 0)
        {
          usleep (200);
          continue;
        }
      XNextEvent (display, &event);
      if (event.type == MapNotify)
        mapped = now_ms () - start;
    }

  while (now_ms () - start < settle)
    usleep (10000);

  printf ("map_ms=%.1f rss_kb=%ld\n", mapped, rss_kb (pid));
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  XCloseDisplay (display);

  return mapped < 0;
}
