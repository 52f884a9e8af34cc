#!/usr/bin/python3
"""Notes and a revision with them, by keyboard: N on a focused step asks
for a note, Enter keeps it (it shows in the notes panel and in the notes
file beside the plan, never in the plan); Ctrl+Shift+R shows the revision
request, Ctrl+Return sends it to the fake model as a conversation, the
diff appears, Accept makes the new version the plan with the ticks of the
unchanged steps carried over, and the note is marked against it.  Then N
in the walkthrough notes the step on screen, and the note shows on the
slide and, back at the desk, in the notes panel."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import (Role, count_ticks, find, focus_by_keys, key, label_with, name_of,  # noqa: E402
                   plan_shows, type_text, wait_for)

# The view lists only the rows on screen: the new step is checked in the
# file, the note's status in the notes panel.

PLAN = os.path.join(".ai", "get-books-implementation-plan.md")
NOTE = "Use keyset pagination, not offset"
DECISION = "Decided: ship behind a flag"
NEW_STEP = "Implement `listBooks` with keyset pagination on (sort key, id), never OFFSET."


def revised_answer(text):
    """The plan as a model sends it back: no ticks, step 4 rewritten."""
    lines = text.replace("[x] ", "").replace("[ ] ", "").split("\n")
    out, skipping = [], False
    for line in lines:
        if line.startswith("<!-- planwright"):
            continue
        if line.startswith("4. "):
            out.append("4. " + NEW_STEP)
            skipping = True
            continue
        if skipping and line.startswith("   "):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out).lstrip("\n")


def journey_notes(session):
    path = os.path.join(session.repo, PLAN)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    ticks = count_ticks(path)
    server = session.use_fake_server(mode="ok")
    server.answer = revised_answer(original)
    session.launch(path)
    wait_for(lambda: plan_shows(session, "Endpoint Overview"), "the plan to open")

    # N on step 4: Tab enters the steps, ↓ moves between them.
    focus_by_keys(session, lambda n: n.get_role() == Role.CHECK_BOX, "a step's check box")
    check = focus_by_keys(session, lambda n: name_of(n).startswith("Implement listBooks"),
                          "step 4's check box", keys=("Down",), limit=8)
    pwe2e.log("noting", name_of(check))
    key("n")
    entry = wait_for(lambda: find(session.app, Role.TEXT, "Note") or find(session.app, Role.ENTRY, "Note"),
                     "the note's entry")
    pwe2e.log("entry", pwe2e.describe(entry))
    type_text(NOTE)
    key("Return")
    session.main_window_active()
    wait_for(lambda: label_with(session.window, NOTE), "the note in the notes panel")
    notes_file = path[:-len(".md")] + ".notes.json"
    wait_for(lambda: os.path.exists(notes_file) and NOTE in open(notes_file, encoding="utf-8").read(),
             "the note in the notes file beside the plan")
    with open(path, encoding="utf-8") as f:
        if f.read() != original:
            raise pwe2e.JourneyFailed("adding a note changed the plan's file")

    # Ctrl+Shift+R: the request first, then Ctrl+Return sends it.
    key("ctrl+shift+r")
    revision = pwe2e.revision_request(session)
    key("ctrl+Return")
    wait_for(lambda: len(server.posts()) == 1, "the revision request")
    wait_for(lambda: find(revision, Role.PUSH_BUTTON, "Accept"), "the diff with Accept", timeout=20)
    wait_for(lambda: label_with(revision, "added"), "the diff's summary")

    body = server.bodies[-1]
    roles = [m["role"] for m in body["messages"]]
    if roles != ["user", "assistant", "user"] or NOTE not in body["messages"][-1]["content"]:
        raise pwe2e.JourneyFailed(f"the request is not the conversation with the note: {roles}")

    key("ctrl+Return")
    session.main_window_active()
    wait_for(lambda: "never OFFSET" in open(path, encoding="utf-8").read(), "the new version saved")
    if count_ticks(path) != ticks:
        raise pwe2e.JourneyFailed(f"{count_ticks(path)} ticks after Accept, {ticks} before")
    wait_for(lambda: label_with(session.window, "Addressed"), "the note marked addressed")
    with open(notes_file, encoding="utf-8") as f:
        statuses = [n["status"] for n in json.load(f)["notes"]]
    pwe2e.log("statuses", statuses)

    # The walkthrough (F5): N notes the step on screen, the slide shows the
    # note, and back at the desk it is in the notes panel and the file.
    key("F5")
    walkthrough = session.window_named("Walkthrough")
    key("n")
    heading = wait_for(lambda: label_with(session.app, "Note on Step "), "the walkthrough's note dialog")
    step = int(name_of(heading).split()[-1])
    pwe2e.log("walkthrough note on step", step)
    type_text(DECISION)
    key("Return")
    wait_for(lambda: label_with(walkthrough, DECISION), "the note on the walkthrough's slide")
    key("Escape")
    wait_for(lambda: not any("Walkthrough" in t for t in session.window_titles()), "Escape to leave the walkthrough")
    session.main_window_active()
    wait_for(lambda: label_with(session.window, DECISION), "the walkthrough's note in the desk's notes panel")
    with open(notes_file, encoding="utf-8") as f:
        added = [n for n in json.load(f)["notes"] if n["body"] == DECISION]
    if len(added) != 1 or added[0]["anchor"] != "step" or added[0]["step"] != step:
        raise pwe2e.JourneyFailed(f"the walkthrough's note is not on step {step}: {added}")


pwe2e.run(journey_notes)
