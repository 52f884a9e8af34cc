#!/usr/bin/python3
"""The coverage page and a stale plan.  A plan written by `planwright plan`
(the offline planner) records its inputs; the Coverage page (Alt+6) counts
what the spec and the plans hold.  The tech stack edited and saved in the
app marks the plan stale on the Coverage page and on the Plans page, whose
banner names the input, shows its changes from the history, and clears with
Accept as Reviewed, leaving every step of the file as it was."""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import (Role, State, find, find_all, has_state, key, label_with,  # noqa: E402
                   name_of, text_of, type_text, wait_for)

ENDPOINT = "POST /api/books"
PLAN = ".ai/post-api-books-implementation-plan.md"
STALE = "The tech stack changed since this plan was written"


def totals_text(status):
    return (f"{status['planned']} of {status['endpoints']} endpoints planned, "
            f"{status['done']} of {status['steps']} steps done")


def page_shown(session, tab):
    node = find(session.window, Role.PAGE_TAB, tab)
    return node is not None and has_state(node, State.SELECTED)


def endpoint_rows(session, keys):
    """The rows of the Coverage page named by an endpoint's key."""
    return [n for n in find_all(session.window, predicate=lambda n: name_of(n) in keys,
                                visible=False)
            if n.get_role() != Role.LABEL]


def button(root, label):
    return find(root, Role.PUSH_BUTTON, label)


def journey_stale_coverage(session):
    pwe2e.planwright(session, "plan", session.repo, "--template", "endpoints-plan", "--endpoint", ENDPOINT,
               "--provider", "offline", "--output", os.path.join(session.repo, PLAN))
    status = json.loads(pwe2e.planwright(session, "status", session.repo, "--json"))
    endpoints = json.loads(pwe2e.planwright(session, "endpoints", session.repo, "--json"))
    keys = {f"{e['method']} {e['path']}" for e in endpoints}
    if status["endpoints"] != len(keys) or status["planned"] != 2 or status["stale"] != 0:
        raise pwe2e.JourneyFailed(f"unexpected status before the journey: {status}")
    plan_path = os.path.join(session.repo, PLAN)
    before = pwe2e.read_file(plan_path)

    # 1. The Coverage page counts the spec's endpoints and the two plans.
    session.launch()
    key("alt+6")
    wait_for(lambda: page_shown(session, "Coverage"), "Alt+6 to show Coverage")
    wait_for(lambda: label_with(session.window, totals_text(status)), f"the totals {totals_text(status)!r}")
    rows = wait_for(lambda: len(endpoint_rows(session, keys)) == len(keys) and endpoint_rows(session, keys),
                    f"a row for each of the {len(keys)} endpoints")
    pwe2e.log("coverage rows", len(rows))

    # 2. The tech stack, edited and saved in the app, makes the plan stale.
    key("alt+2")
    wait_for(lambda: page_shown(session, "Tech Stack"), "the Tech Stack pane")
    text = wait_for(lambda: find(session.window, Role.TEXT, "Document text"), "the tech stack's text")
    session.click(text)
    key("ctrl+End")
    type_text("Redis for caching.")
    key("ctrl+s")
    tech = os.path.join(session.repo, ".ai", "tech-stack.md")
    wait_for(lambda: "Redis for caching." in pwe2e.read_file(tech), "Ctrl+S to write the tech stack")
    key("alt+6")
    wait_for(lambda: label_with(session.window, "1 plan is stale"), "the Coverage page to count a stale plan")

    # 3. Its row opens the plan; the banner names the input.
    row = wait_for(lambda: find(session.window, predicate=lambda n: name_of(n) == ENDPOINT
                                and n.get_role() != Role.LABEL), f"the row of {ENDPOINT}")
    session.click(row)
    wait_for(lambda: page_shown(session, "Plans"), "the plan's row to open the Plans page")
    wait_for(lambda: label_with(session.window, STALE), "the banner naming the changed tech stack")

    # 4. Show Changes: the input's diff, from the history's prompt.
    session.click(wait_for(lambda: button(session.window, "Show Changes"), "Show Changes"))
    changes = session.window_named("Changes in .ai/tech-stack.md")
    wait_for(lambda: label_with(changes, "1 added, 0 removed"), "the diff's summary")
    wait_for(lambda: "Redis for caching." in pwe2e.all_text(changes), "the added line shown first")
    key("Escape")
    wait_for(lambda: "Changes in .ai/tech-stack.md" not in session.window_titles(),
             "Escape to close the changes")
    session.main_window_active()

    # 5. Accept as Reviewed: the banner goes, only the provenance changed.
    session.click(wait_for(lambda: button(session.window, "Accept as Reviewed"), "Accept as Reviewed"))
    wait_for(lambda: pwe2e.read_file(plan_path) != before, "the plan to be saved with the new hashes")
    after = pwe2e.read_file(plan_path)
    if after.split("-->", 1)[1] != before.split("-->", 1)[1]:
        raise pwe2e.JourneyFailed("Accept as Reviewed changed more than the provenance")
    if re.sub(r"tech-stack@[^,]*", "", after) != re.sub(r"tech-stack@[^,]*", "", before):
        raise pwe2e.JourneyFailed("Accept as Reviewed changed another input's hash")
    wait_for(lambda: not label_with(session.window, STALE), "the banner to go")
    status = json.loads(pwe2e.planwright(session, "status", session.repo, "--json"))
    if status["stale"] != 0:
        raise pwe2e.JourneyFailed(f"the plan is still stale on disk: {status}")
    key("alt+6")
    wait_for(lambda: label_with(session.window, totals_text(status)), "the Coverage page counted again")
    wait_for(lambda: not label_with(session.window, "plan is stale"), "no stale plan on the Coverage page")


pwe2e.run(journey_stale_coverage)
