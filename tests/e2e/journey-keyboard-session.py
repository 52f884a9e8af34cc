#!/usr/bin/python3
"""A whole planning session by keyboard only, against the fake model server:
the wizard (Ctrl+N, Tab, Space, Alt+N), Ctrl+Return generates, Escape stops
the stream wherever the focus landed, Ctrl+R generates again to the end, a
step is ticked by keyboard in the rendered plan, Ctrl+E and Alt+S save the plan into
the repository, the walkthrough (F5) moves with → and ticks with X, and the
file on disk has both ticks."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from fakeserver import PARTIAL_MARK  # noqa: E402
from pwe2e import (Role, State, count_ticks, describe, find_all, focus_by_keys, generate_from_wizard,  # noqa: E402
                   has_state, key, label_with, name_of, plan_shows, role_of, wait_for)

# Where the feature template puts a plan for GET /api/books.
PLAN_PATH = os.path.join(".ai", "get-api-books-implementation-plan.md")


def journey_keyboard_session(session):
    server = session.use_fake_server(mode="hold")
    plan_file = os.path.join(session.repo, PLAN_PATH)
    session.launch()

    # 1. The wizard, then Ctrl+Return: the stream starts and holds.
    generate_from_wizard(session)
    wait_for(server.partial_sent.is_set, "the fake server to send the first part")
    if "GET /api/books" not in str(server.bodies[0]):
        raise pwe2e.JourneyFailed("the prompt sent does not name the endpoint picked in the filter")
    wait_for(lambda: plan_shows(session, "4. Data Flow"), "the partial plan in the view")
    pwe2e.log("focus after Ctrl+Return:", describe(session.focused()))

    # 2. Escape stops it, wherever the focus is.
    key("Escape")
    wait_for(server.client_left.is_set, "Escape to stop the stream (the client to hang up)")
    wait_for(lambda: label_with(session.window, "Stopped"), "the status to say the plan stopped")
    if not plan_shows(session, PARTIAL_MARK):
        raise pwe2e.JourneyFailed("the stopped plan lost the text that came")

    # 3. The wizard again, and Ctrl+Return generates to the end.
    server.set_mode("ok")
    generate_from_wizard(session)
    wait_for(lambda: len(server.posts()) == 2, "Ctrl+Return to send a second request")
    wait_for(lambda: label_with(session.window, "tokens in"), "the second generation to finish", timeout=20)

    # 4. Tick a step by keyboard in the rendered plan.
    expected_ticks = 1
    box = focus_by_keys(session, lambda n: role_of(n) == Role.CHECK_BOX, "a step's check box", limit=40)
    pwe2e.log("ticking", describe(box))
    key("space")
    # The row is rebuilt with the tick: ask the focus again, not the old node.
    wait_for(lambda: has_state(session.focused(), State.CHECKED) and name_of(session.focused()) == name_of(box)
             or label_with(session.window, "1 of 7 done"), "Space to tick the step")

    # 5. Ctrl+E saves the plan into the repository (Alt+S: its Save button).
    key("ctrl+e")
    session.window_named("Save to Repository")
    pwe2e.log("focus in the save dialog:", describe(session.focused()))
    key("alt+s")
    wait_for(lambda: os.path.exists(plan_file), f"Ctrl+E and Alt+S to write {PLAN_PATH}")
    wait_for(lambda: count_ticks(plan_file) == expected_ticks, "the saved plan to carry the keyboard tick")
    wait_for(lambda: len(session.windows()) == 1, "the save dialog to close")
    session.main_window_active()

    # 6. The walkthrough: F5, → to the next step, X ticks it, Escape leaves.
    key("F5")
    walkthrough = session.window_named("Walkthrough")
    first = [name_of(n) for n in find_all(walkthrough, Role.LABEL) if name_of(n).startswith("Step ")]
    key("Right")
    wait_for(lambda: [name_of(n) for n in find_all(walkthrough, Role.LABEL)
                      if name_of(n).startswith("Step ")] != first, "→ to move to another step")
    key("x")
    wait_for(lambda: count_ticks(plan_file) == expected_ticks + 1, "X in the walkthrough to tick a step on disk")
    key("Escape")
    wait_for(lambda: not any("Walkthrough" in t for t in session.window_titles()), "Escape to leave the walkthrough")
    # The walkthrough's tick is undone by Ctrl+Z back at the desk, wherever the focus rests.
    pwe2e.log("focus after the walkthrough:", describe(session.focused()))
    key("ctrl+z")
    wait_for(lambda: count_ticks(plan_file) == expected_ticks, "Ctrl+Z to undo the walkthrough's tick")
    key("ctrl+shift+z")
    wait_for(lambda: count_ticks(plan_file) == expected_ticks + 1, "Ctrl+Shift+Z to redo it")
    pwe2e.log("ticks on disk:", count_ticks(plan_file))


pwe2e.run(journey_keyboard_session)
