#!/usr/bin/python3
"""Notes by mouse: the pointer on a step shows its note button, a click
asks for the note, the text typed is kept with a click on Save Note; the
note shows beside the step (its button keeps it) and in the notes panel.
Then a word double-clicked in a paragraph takes a note with Ctrl+Alt+N,
kept as a quoted span.  Neither touches the plan's file."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import (Role, find, key, label_with, name_of, parent_of,  # noqa: E402
                   plan_shows, plan_view, type_text, wait_for)

PLAN = os.path.join(".ai", "get-books-implementation-plan.md")
NOTE = "Add an index on author first"
SPAN_NOTE = "Why not cursor paging"


def description_of(node):
    try:
        return node.get_description() or ""
    except pwe2e.GLibErrors:
        return ""


def note_button_of(check):
    """The note button in the row of a step's check box."""
    row = parent_of(check)
    return find(row, Role.PUSH_BUTTON, "Add a note to the step", visible=False)


def save_note(session, text):
    """Types @text in the note dialog and clicks Save Note."""
    entry = wait_for(lambda: find(session.app, Role.TEXT, "Note") or find(session.app, Role.ENTRY, "Note"),
                     "the note's entry")
    dialog = pwe2e.toplevel_of(entry)
    type_text(text)
    save = wait_for(lambda: find(dialog, Role.PUSH_BUTTON, "Save Note"), "the Save Note button")
    session.click(save)
    session.main_window_active()


def notes_in_file(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return json.load(f)["notes"]


def journey_notes_mouse(session):
    path = os.path.join(session.repo, PLAN)
    notes_file = path[:-len(".md")] + ".notes.json"
    with open(path, encoding="utf-8") as f:
        original = f.read()
    session.launch(path)
    wait_for(lambda: plan_shows(session, "Endpoint Overview"), "the plan to open")

    # The wheel down to step 4, the pointer on it, on its note button, a click.
    check = scroll_to(session, lambda: find(plan_view(session), Role.CHECK_BOX,
                                            predicate=lambda n: name_of(n).startswith("Implement listBooks")),
                      "step 4's check box")
    session.move_to(check)
    button = wait_for(lambda: note_button_of(check), "step 4's note button")
    pwe2e.log("note button", pwe2e.describe(button), pwe2e.extents(button))
    session.click(button)
    wait_for(lambda: label_with(session.app, "Note on Step 4"), "the note dialog for step 4")
    save_note(session, NOTE)

    # In the notes panel, and beside the step: its button carries the note.
    wait_for(lambda: label_with(session.window, NOTE), "the note in the notes panel")
    wait_for(lambda: NOTE in description_of(note_button_of(check)), "the note on step 4's button")
    wait_for(lambda: [n["body"] for n in notes_in_file(notes_file)] == [NOTE],
             "the note in the notes file beside the plan")

    # A word of the overview selected with the mouse, then Ctrl+Alt+N.
    paragraph = scroll_to(session, lambda: find(plan_view(session), Role.LABEL,
                                                   predicate=lambda n: name_of(n).startswith("GET /api/books returns")),
                          "the overview's paragraph", button="4")
    select_first_word(session, paragraph)
    key("ctrl+alt+n")
    wait_for(lambda: label_with(session.app, "Note on the Selected Text"), "the note dialog for the selection")
    save_note(session, SPAN_NOTE)
    wait_for(lambda: label_with(session.window, SPAN_NOTE), "the selection's note in the notes panel")
    wait_for(lambda: len(notes_in_file(notes_file)) == 2, "both notes in the notes file")
    span = notes_in_file(notes_file)[1]
    pwe2e.log("span note", span)
    if span["anchor"] != "text" or span["quote"] != "GET":
        raise pwe2e.JourneyFailed(f"the selection's note is not on the selected text: {span}")

    with open(path, encoding="utf-8") as f:
        if f.read() != original:
            raise pwe2e.JourneyFailed("adding notes changed the plan's file")


def inside_view(session, node):
    """Whether @node's top lines show inside the plan view."""
    vx, vy, vw, vh = pwe2e.extents(plan_view(session))
    x, y, w, h = pwe2e.extents(node)
    return vy <= y and y + min(h, 40) <= vy + vh


def scroll_to(session, look, what, limit=40, button="5"):
    """Turns the mouse wheel (down, or up with button 4) over the plan
    until @look finds something."""
    session.move_to(plan_view(session))
    for _ in range(limit):
        found = look()
        if found is not None and inside_view(session, found):
            return found
        pwe2e.xdotool("click", "--repeat", "3", "--delay", "30", button)
        pwe2e.settle()
    raise pwe2e.JourneyFailed(f"the wheel never brought {what} into view")


def select_first_word(session, label):
    """A double click at the start of @label selects its first word, as
    a person selects a word."""
    ox, oy = session.x_origin()
    x, y, _, _ = pwe2e.extents(label)
    pwe2e.xdotool("mousemove", "--sync", str(ox + x + 6), str(oy + y + 8))
    pwe2e.xdotool("click", "--repeat", "2", "--delay", "60", "1")
    pwe2e.settle()


pwe2e.run(journey_notes_mouse)
