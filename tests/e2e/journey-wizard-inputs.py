#!/usr/bin/python3
"""The wizard's Inputs page by keyboard only, at 800×600: Tab reaches the
rules files' check boxes and the PRD's headings, Space leaves the backend
rules out and narrows the PRD to its user stories, nothing on the page lies
outside the window, and the prompt Ctrl+Return sends says both: the PRD
excerpt is announced and the rules left out are not in it."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import (Role, State, describe, find, focus_by_keys, has_state, key, layout_problems,  # noqa: E402
                   name_of, role_of, type_text, wait_for)

BACKEND_RULES = "Include backend.mdc"
USER_STORIES = "Include 5. User Stories"


def toggle_by_keyboard(session, name, checked):
    box = focus_by_keys(session, lambda n: role_of(n) == Role.CHECK_BOX and name_of(n).startswith(name + " "),
                        f"the check box “{name}”", limit=80)
    pwe2e.log("toggling", describe(box))
    key("space")
    wait_for(lambda: has_state(session.focused(), State.CHECKED) == checked,
             f"Space to {'pick' if checked else 'leave out'} “{name}”")


def journey_wizard_inputs(session):
    server = session.use_fake_server(mode="ok")
    session.launch()
    problems = session.resize(800, 600)

    key("ctrl+n")
    wizard = session.window_named("New Plan")
    # The wizard itself at 800×600, as on a small screen.
    xid = session.active_xid()
    subprocess.run(["xdotool", "windowsize", xid, "800", "600"], check=True)
    wait_for(lambda: session.x_size(xid) == (800, 600), "the wizard at 800×600", timeout=5)
    key("Return")
    wait_for(lambda: find(wizard, Role.LABEL, "Step 2 of 4: Subject"), "the Subject step")
    wait_for(lambda: name_of(session.focused()) == "Filter endpoints", "the focus in the endpoint filter")
    type_text("GET /api/books")
    key("Return")
    key("alt+n")
    wait_for(lambda: find(wizard, Role.LABEL, "Step 3 of 4: Inputs"), "the Inputs step")

    toggle_by_keyboard(session, BACKEND_RULES, False)
    toggle_by_keyboard(session, USER_STORIES, True)
    problems += layout_problems(session.active_window())

    key("alt+n")
    wait_for(lambda: find(wizard, Role.LABEL, "Step 4 of 4: Review"), "the Review step")
    key("ctrl+Return")
    wait_for(lambda: len(server.posts()) == 1, "Ctrl+Return to send the prompt")
    body = str(server.bodies[0])
    if "narrowed to its sections “5. User Stories”" not in body and \
       "narrowed to its sections \\u201c5. User Stories\\u201d" not in body:
        raise pwe2e.JourneyFailed("the prompt sent does not say the PRD was narrowed to its user stories")
    if "Shelfie – backend rules" in body or "Shelfie \\u2013 backend rules" in body:
        raise pwe2e.JourneyFailed("the backend rules left out by keyboard were sent")
    if "Shelfie – shared rules" not in body and "Shelfie \\u2013 shared rules" not in body:
        raise pwe2e.JourneyFailed("the shared rules, still picked, were not sent")
    if problems:
        raise pwe2e.JourneyFailed("widgets outside the 800×600 window:\n  " + "\n  ".join(problems))


pwe2e.run(journey_wizard_inputs)
