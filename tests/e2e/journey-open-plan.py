#!/usr/bin/python3
"""Opening a repository from the start page's recent list and a plan from
the Plans page's sidebar: by Tab and Enter, then (in a second run) by
double-click."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import Role, describe, find, focus_by_keys, key, name_of, wait_for  # noqa: E402

PLAN_TITLE = "API Endpoint Implementation Plan: GET /api/books"


def plan_row(window):
    return find(window, Role.LIST_ITEM, predicate=lambda n: name_of(n).startswith(PLAN_TITLE))


def plan_is_open(session):
    """The rendered view shows the plan's first section."""
    view = find(session.window, Role.LIST, "Plan")
    return view is not None and find(view, Role.LABEL, "1. Endpoint Overview")


def open_plans_page(session):
    key("alt+5")
    return wait_for(lambda: plan_row(session.window), "the plan in the Plans sidebar")


def journey_open_plan(session):
    session.settings["recent-repositories"] = f"['{session.repo}']"

    # 1. Enter: Tab to the recent repository, Enter; Tab to the plan, Enter.
    session.launch_no_args()
    focus_by_keys(session, lambda n: n.get_role() == Role.LIST_ITEM and name_of(n).startswith("shelfie"),
                  "the recent repository row")
    key("Return")
    wait_for(lambda: find(session.window, Role.PAGE_TAB, "Plans"), "the repository to open")
    open_plans_page(session)
    focus_by_keys(session, lambda n: name_of(n).startswith(PLAN_TITLE), "the plan's row in the sidebar")
    key("Return")
    wait_for(lambda: plan_is_open(session), "the plan to open after Enter on its row")
    session.quit()

    # 2. Double-click: the recent repository, then the plan.
    session.launch_no_args()
    row = wait_for(lambda: find(session.window, Role.LIST_ITEM,
                                predicate=lambda n: name_of(n).startswith("shelfie")),
                   "the recent repository row")
    session.click(row, repeat=2)
    wait_for(lambda: find(session.window, Role.PAGE_TAB, "Plans"), "the repository to open")
    row = open_plans_page(session)
    pwe2e.log("double-clicking", describe(row))
    session.click(row, repeat=2)
    wait_for(lambda: plan_is_open(session), "the plan to open after a double-click on its row")


pwe2e.run(journey_open_plan)
