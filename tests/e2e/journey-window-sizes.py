#!/usr/bin/python3
"""At 800×600, 1000×700 and 1920×1080 no interactive widget of the main
screens lies outside the window: a document pane, the Plans page with a
plan open, the same with the lint panel, and the new-plan wizard."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import Role, find, key, layout_problems, name_of, wait_for  # noqa: E402

SIZES = [(800, 600), (1000, 700), (1920, 1080)]
PLAN_TITLE = "API Endpoint Implementation Plan: GET /api/books"


def plan_open(session):
    view = find(session.window, Role.LIST, "Plan")
    return view is not None and find(view, Role.LABEL, "1. Endpoint Overview")


def check(session, screen, size, problems):
    found = layout_problems(session.active_window())
    pwe2e.log(f"{size[0]}×{size[1]} {screen}: {len(found)} problem(s)")
    problems.extend(f"{size[0]}×{size[1]}, {screen}: {p}" for p in found)


def journey_window_sizes(session):
    session.launch()
    # Open the example's plan once; the page keeps it at every size.
    key("alt+5")
    row = wait_for(lambda: find(session.window, Role.LIST_ITEM,
                                predicate=lambda n: name_of(n).startswith(PLAN_TITLE)), "the plan's row")
    session.click(row, repeat=2)
    wait_for(lambda: plan_open(session), "the plan to open")

    problems = []
    for size in SIZES:
        problems += session.resize(*size)
        key("alt+1")
        wait_for(lambda: find(session.window, Role.TEXT, "Document text"), "the PRD pane")
        check(session, "PRD pane", size, problems)
        key("alt+5")
        wait_for(lambda: plan_open(session), "the plan")
        check(session, "Plans page", size, problems)
        key("ctrl+l")
        wait_for(lambda: pwe2e.lint_shown(session), "the lint toggle to be on", timeout=3)
        check(session, "Plans page with lint", size, problems)
        key("ctrl+l")
        key("ctrl+n")
        wizard = session.window_named("New Plan")
        wait_for(lambda: pwe2e.has_state(wizard, pwe2e.State.ACTIVE), "the wizard to take the keyboard")
        check(session, "new-plan wizard", size, problems)
        key("Escape")
        wait_for(lambda: len(session.windows()) == 1, "the wizard to close")
        session.main_window_active()
    if problems:
        raise pwe2e.JourneyFailed("widgets outside the window:\n  " + "\n  ".join(problems))


pwe2e.run(journey_window_sizes)
