#!/usr/bin/python3
"""The application in Polish (LANGUAGE=pl), the build run uninstalled as
tools/run runs it: the Polish labels are found by their accessible names,
the wizard goes on by keyboard, nothing interactive lies outside the window
at 800×600, and the shortcuts window fits an 800×600 screen."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import Role, extents, find, key, layout_problems, name_of, wait_for  # noqa: E402

TABS = ["PRD", "Stos technologiczny", "Reguły", "Specyfikacja API", "Plany"]


def tab(session, name):
    return find(session.window, Role.PAGE_TAB, name)


def journey_polish(session):
    session.set_window_size(800, 600)
    session.launch()
    wait_for(lambda: tab(session, "Plany") or tab(session, "Plans"), "the pane switcher")
    if tab(session, "Plans") is not None:
        raise pwe2e.Skip("item 17: the uninstalled build reads its translations from the install "
                         "prefix, so LANGUAGE=pl still shows English")
    for name in TABS:
        wait_for(lambda: tab(session, name), f"the tab {name!r}")

    # The Plans page at 800×600, in Polish.
    problems = session.resize(800, 600)
    key("alt+5")
    wait_for(lambda: pwe2e.has_state(tab(session, "Plany"), pwe2e.State.SELECTED), "Alt+5 to show Plany")
    problems += layout_problems(session.window)

    # The wizard, by keyboard, in Polish.
    key("ctrl+n")
    wizard = session.window_named("Nowy plan")
    problems += layout_problems(wizard)
    key("Return")
    wait_for(lambda: find(wizard, Role.LABEL, predicate=lambda n: name_of(n).startswith("Krok 2 z 4")),
             "the wizard's second step, Krok 2 z 4")
    wait_for(lambda: name_of(session.focused()) == "Filtrowanie punktów końcowych",
             "the focus in the Polish endpoint filter")
    key("Escape")
    wait_for(lambda: len(session.windows()) == 1, "Escape to close the wizard")
    session.main_window_active()

    # The shortcuts window, whose Polish titles are longer.
    key("ctrl+question")
    shortcuts = session.window_named("Skróty klawiszowe")
    width, height = extents(shortcuts)[2:]
    pwe2e.log(f"the shortcuts window: {width} × {height} px")
    if width > 800 or height > 600:
        problems.append(f"the shortcuts window is {width} × {height} px, more than an 800×600 screen")
    key("Escape")
    if problems:
        raise pwe2e.JourneyFailed("in Polish:\n  " + "\n  ".join(problems))


pwe2e.run(journey_polish, language="pl")
