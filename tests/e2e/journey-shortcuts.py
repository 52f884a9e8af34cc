#!/usr/bin/python3
"""Every entry of the shortcuts window (Ctrl+?) shows its keys, the keys it
shows are the ones below, and each key, pressed for real, does what the
entry says.  The keys pressed by other journeys are named in `elsewhere`."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import (Role, State, children, extents, find, find_all, has_state, key,  # noqa: E402
                   label_with, name_of, role_of, text_of, type_text, wait_for)

PLAN_TITLE = "API Endpoint Implementation Plan: GET /api/books"

# The keys each entry must show, as the shortcut label's key caps read.
EXPECTED = {
    "Open a repository": "Ctrl + O",
    "New window": "Shift + Ctrl + N",
    "Close the window": "Ctrl + W",
    "Quit": "Ctrl + Q",
    "Save the document": "Ctrl + S",
    "Save all documents": "Shift + Ctrl + S",
    "Show a document or the plans": "Alt + 1 ⋯ 5",
    "Show the endpoint coverage": "Alt + 6",
    "New plan": "Ctrl + N",
    "Generate (in the new plan wizard)": "Ctrl + ⏎",
    "Stop generating": "Escape",
    "Regenerate": "Ctrl + R",
    "Save the plan to the repository": "Ctrl + E",
    "Rendered plan and markdown source": "Ctrl + 1 / Ctrl + 2",
    "Show the lint results": "Ctrl + L",
    "Undo and redo a tick": "Ctrl + Z / Shift + Ctrl + Z",
    "Add a note to the focused step": "N",
    "Add a note to the step or the plan": "Ctrl + Alt + N",
    "Revise with notes": "Shift + Ctrl + R",
    "Generation history": "Ctrl + H",
    "Hand off to a coding agent": "Shift + Ctrl + H",
    "Next and previous change (in a diff)": "Alt + ↓ / Alt + ↑",
    "Start the walkthrough": "F5",
    "Next and previous step": "→ / ← / ␣",
    "First and last step": "Home / End",
    "Tick or untick the step": "X",
    "Add a note to the current step": "N",
    "Zoom in, out and reset": "Ctrl + + / Ctrl + - / Ctrl + 0",
    "Leave the walkthrough": "Escape",
    "Find": "Ctrl + F",
    "Next and previous match": "Ctrl + G / Shift + Ctrl + G",
    "Undo": "Ctrl + Z",
    "Redo": "Shift + Ctrl + Z",
    "Preferences": "Ctrl + ,",
    "Keyboard shortcuts": "Ctrl + ?",
}


def shortcut_entries(window):
    """(title, keys) of every entry on the page shown: a GtkShortcutLabel
    and, beside it, the title."""
    entries = []
    for label in find_all(window, predicate=lambda n: name_of(n) == "GtkShortcutLabel", visible=False):
        row = label.get_parent()
        titles = [name_of(n) for n in pwe2e.walk(row, prune_hidden=False)
                  if role_of(n) == Role.LABEL and not pwe2e.is_inside(n, label)]
        keys = [name_of(n) for n in children(label) if role_of(n) == Role.LABEL]
        rect = extents(label)
        if rect is not None and rect[2] > 0 and titles:
            entries.append((titles[0], " ".join(keys) if rect[3] > 0 else ""))
    return entries


def read_pages(session, window, entries):
    """The entries of the section shown, page after page: the page
    switcher's tabs read "_1", "_2", …"""
    wait_for(lambda: shortcut_entries(window), "the shortcuts window's entries")
    entries.update(dict(shortcut_entries(window)))
    for page in find_all(window, Role.PAGE_TAB, predicate=lambda n: name_of(n).lstrip("_").isdigit()
                         and not has_state(n, State.SELECTED)):
        session.click(page)
        wait_for(lambda: any(t not in entries for t, _ in shortcut_entries(window)),
                 f"page {name_of(page)} of the shortcuts window")
        entries.update(dict(shortcut_entries(window)))


def section_button(window):
    """The header's section chooser (a menu button showing the section's
    title), when the window has more than one section."""
    menu = find(window, Role.PUSH_BUTTON, "GtkMenuButton")
    if menu is None:
        return None
    return find(menu, Role.PUSH_BUTTON, predicate=lambda n: name_of(n) != "GtkMenuButton")


def focused_section(session):
    """The title of the section the focused row of the section list names."""
    node = session.focused()
    if node is None or role_of(node) != Role.LIST_ITEM:
        return None
    labels = [name_of(n) for n in pwe2e.walk(node) if role_of(n) == Role.LABEL]
    return labels[0] if labels else name_of(node)


def read_shortcuts_window(session):
    key("ctrl+question")
    window = session.window_named("Shortcuts")
    entries = {}
    read_pages(session, window, entries)
    chooser = section_button(window)
    seen = [name_of(chooser)] if chooser is not None else []
    while chooser is not None and len(seen) < 8:
        # The next section: open the chooser, ↓ past the sections read, Enter.
        session.click(chooser)
        wait_for(lambda: focused_section(session) is not None, "the section list")
        while focused_section(session) in seen:
            title = focused_section(session)
            key("Down")
            try:
                wait_for(lambda: focused_section(session) != title, "↓ to the next section", timeout=3)
            except pwe2e.JourneyFailed:
                break  # ↓ on the last section stays there: all were read
        title = focused_section(session)
        if title in seen:
            key("Escape")
            break
        key("Return")
        wait_for(lambda: name_of(section_button(window)) == title, f"the section {title!r}")
        seen.append(title)
        read_pages(session, window, entries)
    pwe2e.log("sections:", seen)
    # Escape closes the section list if it is still open, then the window.
    for _ in range(2):
        key("Escape")
        try:
            wait_for(lambda: not any("Shortcuts" in t for t in session.window_titles()),
                     "Escape to close the shortcuts window", timeout=3)
            break
        except pwe2e.JourneyFailed:
            continue
    else:
        raise pwe2e.JourneyFailed("Escape does not close the shortcuts window")
    return entries


def page_shown(session, tab):
    node = find(session.window, Role.PAGE_TAB, tab)
    return node is not None and has_state(node, State.SELECTED)


def window_comes_and_goes(session, keys, title, close="Escape", active=True):
    before = len(session.windows())
    key(keys)
    session.window_named(title, active=active)
    key(close)
    wait_for(lambda: len(session.windows()) == before, f"{close} to close {title!r}")
    session.main_window_active()


def document_text(session):
    node = find(session.window, Role.TEXT, "Document text")
    return node, (text_of(node) if node is not None else None)


def read_file(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def ticks(path):
    """How many steps the file on disk marks done."""
    return len(re.findall(r"^\s*(?:\d+\.|[-*])\s+\[[xX]\]", read_file(path), re.MULTILINE))


def plan_open(session):
    view = find(session.window, Role.LIST, "Plan")
    return view is not None and find(view, Role.LABEL, "1. Endpoint Overview")


def zoom_of(walkthrough):
    """The walkthrough's text size in percent, as its label reads."""
    label = wait_for(lambda: find(walkthrough, Role.LABEL, predicate=lambda n: re.fullmatch(r"\d+\s?%", name_of(n))),
                     "the walkthrough's zoom label")
    return int(re.match(r"\d+", name_of(label)).group())


def match_position(session):
    """n of "n of N" in the search bar, or None (also while it reads
    "N matches", before a match is selected)."""
    label = find(session.window, Role.LABEL, predicate=lambda n: re.fullmatch(r"\d+ of \d+", name_of(n)))
    return int(name_of(label).split()[0]) if label is not None else None


def scroll_to_step(session):
    """Scrolls the rendered plan with the mouse wheel until a step's check
    box shows whole inside the view; returns it."""
    view = find(session.window, Role.LIST, "Plan")
    pane = view.get_parent()

    def step_box():
        frame = extents(pane)
        for box in find_all(view, Role.CHECK_BOX):
            if pwe2e._contains(frame, extents(box), slack=0):
                return box
        return None

    session.move_to(view)
    for _ in range(60):
        box = step_box()
        if box is not None:
            return box
        pwe2e.xdotool("click", "--repeat", "3", "5")
        pwe2e.settle()
    raise pwe2e.JourneyFailed("the mouse wheel never brought a step's check box into view")


def add_note(session, parent, keys, text):
    """@keys ask for a note (the dialog gives its entry the keyboard);
    Enter keeps it, and it shows in @parent."""
    key(keys)
    wait_for(lambda: find(session.app, Role.TEXT, "Note") or find(session.app, Role.ENTRY, "Note"),
             f"{keys} to ask for a note")
    type_text(text)
    key("Return")
    wait_for(lambda: label_with(parent(), text), f"the note kept by {keys}")


def exercise_keys(session):
    """Presses each shortcut and watches for what its entry promises."""
    done = set()
    tabs = ["PRD", "Tech Stack", "Rules", "API Spec", "Plans"]
    for number, tab in enumerate(tabs, 1):
        key(f"alt+{number}")
        wait_for(lambda: page_shown(session, tab), f"Alt+{number} to show {tab}")
    done.add("Show a document or the plans")
    key("alt+6")
    wait_for(lambda: page_shown(session, "Coverage"), "Alt+6 to show Coverage")
    done.add("Show the endpoint coverage")

    key("alt+1")
    window_comes_and_goes(session, "ctrl+n", "New Plan")
    done.add("New plan")
    window_comes_and_goes(session, "ctrl+h", "Generation History")
    done.add("Generation history")
    window_comes_and_goes(session, "ctrl+comma", "Preferences")
    done.add("Preferences")
    window_comes_and_goes(session, "ctrl+question", "Shortcuts")
    done.add("Keyboard shortcuts")
    window_comes_and_goes(session, "ctrl+o", "Open Repository", active=False)
    done.add("Open a repository")

    # Editing in the PRD pane: Find, Undo, Redo, Save.
    key("alt+1")
    text, original = wait_for(lambda: document_text(session)[1] and document_text(session),
                              "the PRD's text")
    session.click(text)
    key("ctrl+Home")
    type_text("Q")
    wait_for(lambda: document_text(session)[1].startswith("Q"), "the typed letter")
    key("ctrl+z")
    wait_for(lambda: document_text(session)[1] == original, "Ctrl+Z to undo the typing")
    done.add("Undo")
    key("ctrl+shift+z")
    wait_for(lambda: document_text(session)[1].startswith("Q"), "Ctrl+Shift+Z to redo it")
    done.add("Redo")
    prd = os.path.join(session.repo, ".ai", "prd.md")
    key("ctrl+s")
    wait_for(lambda: read_file(prd).startswith("Q"), "Ctrl+S to write the PRD")
    done.add("Save the document")
    key("ctrl+f")
    wait_for(lambda: find(session.window, predicate=lambda n: role_of(n) in (Role.ENTRY, Role.TEXT)
                          and has_state(n, State.FOCUSED) and name_of(n) != "Document text"),
             "Ctrl+F to focus a search entry")
    type_text("Shelfie")
    key("Return")
    done.add("Find")
    # The search bar counts the matches, "n of N": Ctrl+G and Ctrl+Shift+G move.
    key("ctrl+g")
    first = wait_for(lambda: match_position(session), "Ctrl+G to select a match, n of N")
    key("ctrl+g")
    wait_for(lambda: match_position(session) not in (None, first), "Ctrl+G to go to the next match")
    key("ctrl+shift+g")
    wait_for(lambda: match_position(session) == first, "Ctrl+Shift+G to go back")
    done.add("Next and previous match")
    key("Escape")

    key("alt+2")
    wait_for(lambda: page_shown(session, "Tech Stack"), "the Tech Stack pane")
    text, _ = wait_for(lambda: document_text(session)[1] and document_text(session), "the tech stack's text")
    session.click(text)
    key("ctrl+End")
    type_text("Z")
    key("alt+1")
    text, _ = wait_for(lambda: document_text(session)[1] and document_text(session), "the PRD's text")
    session.click(text)
    key("ctrl+End")
    type_text("Y")
    key("ctrl+shift+s")
    tech = os.path.join(session.repo, ".ai", "tech-stack.md")
    wait_for(lambda: read_file(tech).rstrip().endswith("Z") and read_file(prd).rstrip().endswith("Y"),
             "Ctrl+Shift+S to write both documents")
    done.add("Save all documents")

    # The Plans page with the example's plan.
    key("alt+5")
    row = wait_for(lambda: find(session.window, Role.LIST_ITEM,
                                predicate=lambda n: name_of(n).startswith(PLAN_TITLE)), "the plan's row")
    session.click(row, repeat=2)
    wait_for(lambda: plan_open(session), "the plan to open")
    key("ctrl+2")
    wait_for(lambda: find(session.window, Role.TEXT, "Plan markdown"), "Ctrl+2 to show the markdown")
    key("ctrl+1")
    wait_for(lambda: plan_open(session) and not find(session.window, Role.TEXT, "Plan markdown"),
             "Ctrl+1 to show the rendered plan")
    done.add("Rendered plan and markdown source")
    key("ctrl+l")
    wait_for(lambda: pwe2e.lint_shown(session), "Ctrl+L to show the lint results")
    key("ctrl+l")
    done.add("Show the lint results")
    window_comes_and_goes(session, "ctrl+e", "Save")
    done.add("Save the plan to the repository")

    # Notes: Ctrl+Alt+N asks for one on the plan, Ctrl+Shift+R shows the
    # revision request, Escape leaves it unsent.
    add_note(session, lambda: session.window, "ctrl+alt+n", "Cache the list for a minute")
    done.add("Add a note to the step or the plan")
    window_comes_and_goes(session, "ctrl+shift+r", "Revise with Notes", active=False)
    done.add("Revise with notes")

    # Walkthrough: F5, X ticks, Escape leaves; Ctrl+Z undoes the tick.
    plan_path = os.path.join(session.repo, ".ai", "get-books-implementation-plan.md")
    ticks_before = ticks(plan_path)
    key("F5")
    session.window_named("Walkthrough")
    key("x")
    wait_for(lambda: ticks(plan_path) == ticks_before + 1, "X to tick the step on disk")
    done.add("Start the walkthrough")
    done.add("Tick or untick the step")
    walkthrough = session.active_window()
    for keys, wanted in (("End", "Step 8 of 8"), ("Home", "Step 1 of 8"), ("Right", "Step 2 of 8"),
                         ("space", "Step 3 of 8"), ("Left", "Step 2 of 8")):
        key(keys)
        wait_for(lambda: find(walkthrough, Role.LABEL, wanted), f"{keys} to show {wanted}")
    done.update({"First and last step", "Next and previous step"})
    start = zoom_of(walkthrough)
    for keys, bigger in (("ctrl+plus", True), ("ctrl+minus", False), ("ctrl+plus", True), ("ctrl+0", False)):
        key(keys)
        wait_for(lambda: (zoom_of(walkthrough) > start) if bigger else (zoom_of(walkthrough) == start),
                 f"{keys} to {'enlarge' if bigger else 'reset'} the text from {start} %")
    done.add("Zoom in, out and reset")
    add_note(session, lambda: walkthrough, "n", "Ask the team about paging")
    session.window_named("Walkthrough")
    done.add("Add a note to the current step")
    key("Escape")
    wait_for(lambda: not any("Walkthrough" in t for t in session.window_titles()), "Escape to leave the walkthrough")
    done.add("Leave the walkthrough")
    # A tick by mouse in the rendered plan, undone and redone by keys.
    box = scroll_to_step(session)
    before = ticks(plan_path)
    session.click(box)
    wait_for(lambda: ticks(plan_path) != before, "a click on a step to tick it on disk")
    after = ticks(plan_path)
    key("ctrl+z")
    wait_for(lambda: ticks(plan_path) == before, "Ctrl+Z to undo the tick on disk")
    key("ctrl+shift+z")
    wait_for(lambda: ticks(plan_path) == after, "Ctrl+Shift+Z to redo the tick")
    done.add("Undo and redo a tick")

    # Windows: a new one, closed again; then quit.
    key("ctrl+shift+n")
    wait_for(lambda: len([w for w in session.windows() if role_of(w) == Role.FRAME]) == 2, "Ctrl+Shift+N's window")
    done.add("New window")
    key("ctrl+w")
    wait_for(lambda: len([w for w in session.windows() if role_of(w) == Role.FRAME]) == 1, "Ctrl+W to close it")
    done.add("Close the window")
    session.quit()
    done.add("Quit")
    return done


def journey_shortcuts(session):
    session.launch()
    entries = read_shortcuts_window(session)
    pwe2e.log(f"{len(entries)} entries in the shortcuts window")
    problems = []
    for title, keys in sorted(entries.items()):
        if not keys:
            problems.append(f"{title!r} shows no keys")
        elif title in EXPECTED and keys != EXPECTED[title]:
            problems.append(f"{title!r} shows {keys!r}, expected {EXPECTED[title]!r}")
    for title in EXPECTED:
        if title not in entries:
            problems.append(f"{title!r} is missing from the shortcuts window")
    try:
        done = exercise_keys(session)
    except pwe2e.JourneyFailed as failure:
        problems.append(f"a key did not do what its entry says: {failure}")
        done = set(entries)
    # Ctrl+Return, Escape and Ctrl+R: e2e-keyboard-session and e2e-plan-keys;
    # Alt+↓/↑ in a diff: the ui test test-export-dialog; Ctrl+Shift+H:
    # e2e-handoff; N on a focused step: e2e-notes.
    elsewhere = {"Generate (in the new plan wizard)", "Stop generating", "Regenerate",
                 "Next and previous change (in a diff)", "Hand off to a coding agent",
                 "Add a note to the focused step"}
    untested = set(entries) - done - elsewhere
    if untested:
        problems.append(f"entries no journey presses: {sorted(untested)}")
    if problems:
        raise pwe2e.JourneyFailed("\n  ".join(["the shortcuts:"] + problems))


pwe2e.run(journey_shortcuts)
