#!/usr/bin/python3
"""A whole planning session by keyboard only, against the fake model server:
the wizard (Ctrl+N, Tab, Space, Alt+N), Ctrl+Return generates, Escape stops
the stream wherever the focus landed, Ctrl+R generates again to the end, a
step is ticked by keyboard in the rendered plan, Ctrl+E and Alt+S save the plan into
the repository, the walkthrough (F5) moves with → and ticks with X, and the
file on disk has both ticks."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from fakeserver import PARTIAL_MARK  # noqa: E402
from pwe2e import (Role, State, all_text, describe, find, find_all, focus_by_keys, has_state,  # noqa: E402
                   key, name_of, role_of, type_text, wait_for)

# Where the feature template puts a plan for GET /api/books.
PLAN_PATH = os.path.join(".ai", "get-api-books-implementation-plan.md")


def ticks(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return len(re.findall(r"^\s*(?:\d+\.|[-*])\s+\[[xX]\]", text, re.MULTILINE))


def plan_view(session):
    return find(session.window, Role.LIST, "Plan")


def plan_shows(session, text):
    view = plan_view(session)
    return view is not None and text in all_text(view)


def status_shows(session, text):
    return find(session.window, Role.LABEL, predicate=lambda n: text in name_of(n))


def wizard_to_review(session):
    """Ctrl+N, Next, the endpoint chosen by typing in the filter and Enter
    (the first match), Next to Review."""
    key("ctrl+n")
    wizard = session.window_named("New Plan")
    key("Return")  # the focus starts on Next
    wait_for(lambda: find(wizard, Role.LABEL, "Step 2 of 4: Subject"), "the Subject step")
    wait_for(lambda: has_state(session.focused(), State.FOCUSED)
             and name_of(session.focused()) == "Filter endpoints", "the focus in the endpoint filter")
    type_text("GET /api/books")
    key("Return")
    for step in ("Step 3 of 4: Inputs", "Step 4 of 4: Review"):
        key("alt+n")
        wait_for(lambda: find(wizard, Role.LABEL, step), step)
    return wizard


def journey_keyboard_session(session):
    server = session.use_fake_server(mode="hold")
    plan_file = os.path.join(session.repo, PLAN_PATH)
    session.launch()

    # 1. The wizard, then Ctrl+Return: the stream starts and holds.
    wizard_to_review(session)
    key("ctrl+Return")
    wait_for(lambda: not any("New Plan" in t for t in session.window_titles()), "Ctrl+Return to close the wizard")
    wait_for(server.partial_sent.is_set, "the fake server to send the first part")
    if "GET /api/books" not in str(server.bodies[0]):
        raise pwe2e.JourneyFailed("the prompt sent does not name the endpoint picked in the filter")
    wait_for(lambda: plan_shows(session, "4. Data Flow"), "the partial plan in the view")
    pwe2e.log("focus after Ctrl+Return:", describe(session.focused()))

    # 2. Escape stops it, wherever the focus is.
    key("Escape")
    wait_for(server.client_left.is_set, "Escape to stop the stream (the client to hang up)")
    wait_for(lambda: status_shows(session, "Stopped"), "the status to say the plan stopped")
    if not plan_shows(session, PARTIAL_MARK):
        raise pwe2e.JourneyFailed("the stopped plan lost the text that came")

    # 3. The wizard again, and Ctrl+Return generates to the end.
    server.set_mode("ok")
    wizard_to_review(session)
    key("ctrl+Return")
    wait_for(lambda: len(server.posts()) == 2, "Ctrl+Return to send a second request")
    wait_for(lambda: status_shows(session, "tokens in"), "the second generation to finish", timeout=20)

    # 4. Tick a step by keyboard in the rendered plan.
    expected_ticks = 1
    box = focus_by_keys(session, lambda n: role_of(n) == Role.CHECK_BOX, "a step's check box", limit=40)
    pwe2e.log("ticking", describe(box))
    key("space")
    wait_for(lambda: has_state(box, State.CHECKED), "Space to tick the step")

    # 5. Ctrl+E saves the plan into the repository (Alt+S: its Save button).
    key("ctrl+e")
    session.window_named("Save to Repository")
    pwe2e.log("focus in the save dialog:", describe(session.focused()))
    key("alt+s")
    wait_for(lambda: os.path.exists(plan_file), f"Ctrl+E and Alt+S to write {PLAN_PATH}")
    wait_for(lambda: ticks(plan_file) == expected_ticks, "the saved plan to carry the keyboard tick")

    # 6. The walkthrough: F5, → to the next step, X ticks it, Escape leaves.
    key("F5")
    walkthrough = session.window_named("Walkthrough")
    first = [name_of(n) for n in find_all(walkthrough, Role.LABEL) if name_of(n).startswith("Step ")]
    key("Right")
    wait_for(lambda: [name_of(n) for n in find_all(walkthrough, Role.LABEL)
                      if name_of(n).startswith("Step ")] != first, "→ to move to another step")
    key("x")
    wait_for(lambda: ticks(plan_file) == expected_ticks + 1, "X in the walkthrough to tick a step on disk")
    key("Escape")
    wait_for(lambda: not any("Walkthrough" in t for t in session.window_titles()), "Escape to leave the walkthrough")
    pwe2e.log("ticks on disk:", ticks(plan_file))


pwe2e.run(journey_keyboard_session)
