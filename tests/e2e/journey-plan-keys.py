#!/usr/bin/python3
"""The Plans page's keys work wherever the focus is in the window, as
Escape does (item 2), after Ctrl+Return in the wizard the focus lands in
the header bar, and from there Ctrl+R regenerates, Ctrl+2 and Ctrl+1 switch
between markdown and rendered plan, and Ctrl+L shows the lint results."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import (Role, describe, find, generate_from_wizard, key,  # noqa: E402
                   label_with, wait_for)


def journey_plan_keys(session):
    server = session.use_fake_server(mode="ok")
    session.launch()
    generate_from_wizard(session)
    wait_for(lambda: label_with(session.window, "tokens in"), "the generation to finish", timeout=20)
    pwe2e.log("focus after the generation:", describe(session.focused()))

    problems = []

    def expect(keys, condition, what):
        key(keys)
        try:
            wait_for(condition, what, timeout=5)
        except pwe2e.JourneyFailed:
            problems.append(f"{keys} with the focus on {describe(session.focused())}: no {what}")

    expect("ctrl+2", lambda: find(session.window, Role.TEXT, "Plan markdown"), "markdown source")
    expect("ctrl+1", lambda: not find(session.window, Role.TEXT, "Plan markdown"), "rendered plan")
    expect("ctrl+l", lambda: pwe2e.lint_shown(session), "lint results")
    expect("ctrl+r", lambda: len(server.posts()) == 2, "second request")
    if problems:
        raise pwe2e.JourneyFailed("; ".join(problems))

pwe2e.run(journey_plan_keys)
