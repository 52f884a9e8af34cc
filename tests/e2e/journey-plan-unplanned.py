#!/usr/bin/python3
"""Plan Unplanned on the Coverage page: a spec of four endpoints, one with
a plan; the queue asks with its estimate, plans the three others against
the fake server, which answers the second request with a 429 (Retry-After:
1), and leaves three plans for review; each is saved from Save to
Repository, and the Coverage page counts four of four."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import Role, State, find, has_state, key, label_with, wait_for  # noqa: E402

SPEC = """# REST API Plan

## Endpoints

#### GET /api/books

Lists the owner's books.

#### POST /api/books

Adds a book.

#### GET /api/books/{id}

One book.

#### DELETE /api/books/{id}

Deletes a book.
"""


def page_shown(session, tab):
    node = find(session.window, Role.PAGE_TAB, tab)
    return node is not None and has_state(node, State.SELECTED)


def plan_files(session):
    folder = os.path.join(session.repo, ".ai")
    return sorted(name for name in os.listdir(folder) if name.endswith("-implementation-plan.md"))


def journey_plan_unplanned(session):
    with open(os.path.join(session.repo, ".ai", "api-plan.md"), "w", encoding="utf-8") as out:
        out.write(SPEC)
    server = session.use_fake_server()
    server.rate_limited_posts = {2}
    before = plan_files(session)

    session.launch()
    key("alt+6")
    wait_for(lambda: page_shown(session, "Coverage"), "Alt+6 to show Coverage")
    wait_for(lambda: label_with(session.window, "1 of 4 endpoints planned"), "one of four planned")

    session.click(wait_for(lambda: find(session.window, Role.PUSH_BUTTON, "Plan Unplanned…"),
                           "Plan Unplanned…"))
    dialog = session.window_named("Plan 3 Endpoints?", active=False)
    wait_for(lambda: label_with(dialog, "3 plans, about "), "the estimate in the question")
    if server.posts():
        raise pwe2e.JourneyFailed("a request went out before the question was answered")
    session.click(wait_for(lambda: find(dialog, Role.PUSH_BUTTON, "Plan"), "the Plan button"))
    wait_for(lambda: label_with(session.window, "3 plans ready for review"),
             "the queue to end with three plans", timeout=30)
    if len(server.posts()) != 4:
        raise pwe2e.JourneyFailed(f"expected 4 requests (one answered 429), saw {len(server.posts())}")
    if plan_files(session) != before:
        raise pwe2e.JourneyFailed("a plan was saved before its review")

    session.click(wait_for(lambda: find(session.window, Role.PUSH_BUTTON, "Review Plans…"),
                           "Review Plans…"))
    for saved in range(1, 4):
        session.window_named("Save to Repository")
        key("Return")
        wait_for(lambda: len(plan_files(session)) == len(before) + saved, f"plan {saved} saved")
    session.main_window_active()
    wait_for(lambda: label_with(session.window, "4 of 4 endpoints planned"), "four of four planned")


pwe2e.run(journey_plan_unplanned)
