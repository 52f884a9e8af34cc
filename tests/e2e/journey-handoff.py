#!/usr/bin/python3
"""The hand-off: with a plan open, Ctrl+Shift+H shows the prompt for the
next three open steps; Ctrl+Return runs the agent command set in
Preferences (here a stand-in script) in a terminal in the repository; the
script ticks two steps in the plan file, a moment apart, and both ticks
arrive in the open plan while it runs.

With PW_E2E_SCREENSHOTS set to a folder, the agent terminal is saved there
as agent-terminal.png (the README's picture)."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import Role, count_ticks, find, key, label_with, text_of, wait_for  # noqa: E402

PLAN = os.path.join(".ai", "get-books-implementation-plan.md")

# A stand-in for a coding agent: it reads the prompt file, "works" on the
# first two steps of the batch, ticks each in the plan as it finishes it,
# summarises and stops, as the prompt asks.
AGENT = r"""#!/bin/sh
cp "$1" "{seen}"
printf '\033[1mstand-in agent\033[0m: read %s bytes of instructions\n' "$(wc -c < "$1")"
sleep 1
echo "Step 4: implementing listBooks in src/lib/services/books.service.ts ... done"
sed -i 's/^4\. \[ \]/4. [x]/' {plan}
sleep 1.5
echo "Step 5: creating src/pages/api/books/index.ts ... done"
sed -i 's/^5\. \[ \]/5. [x]/' {plan}
sleep 1
echo
echo "Summary: steps 4 and 5 are done and ticked in the plan."
echo "Next: step 6, unit tests for listBooks against a seeded Supabase."
echo "Stopping here for your feedback."
"""


def journey_handoff(session):
    plan_file = os.path.join(session.repo, PLAN)
    seen = os.path.join(session.tmp, "seen-prompt.md")
    script = os.path.join(session.tmp, "agent.sh")
    with open(script, "w", encoding="utf-8") as out:
        out.write(AGENT.format(seen=seen, plan=PLAN))
    os.chmod(script, 0o755)
    session.settings["agent-command"] = f"\"'{script}' {{prompt_file}}\""

    session.launch(plan_file)
    wait_for(lambda: label_with(session.window, "3 of 8 done"), "the plan, three of eight steps done")

    # 1. Ctrl+Shift+H: the prompt for steps 4, 5 and 6.
    key("ctrl+shift+h")
    dialog = session.window_named("Hand Off to a Coding Agent")
    wait_for(lambda: label_with(dialog, "Steps 4, 5, 6 of " + PLAN), "the batch in the dialog's title")
    prompt = wait_for(lambda: find(dialog, Role.TEXT, "Prompt"), "the prompt")
    text = text_of(prompt)
    for needle in ("<steps>\n4. [ ] Implement `listBooks`", "6. [ ] Unit-test", "File: .cursor/rules/"):
        if needle not in text:
            raise pwe2e.JourneyFailed(f"the prompt shown lacks {needle!r}")

    # 2. Ctrl+Return runs the agent in the terminal.
    key("ctrl+Return")
    wait_for(lambda: label_with(dialog, "Running"), "the agent to start in the terminal")

    # 3. Its two ticks reach the file, and the open plan, while it runs.
    wait_for(lambda: count_ticks(plan_file) == 4, "the agent's first tick on disk", timeout=15)
    wait_for(lambda: label_with(session.window, "4 of 8 done"), "the first tick in the open plan")
    wait_for(lambda: count_ticks(plan_file) == 5, "the agent's second tick on disk", timeout=15)
    wait_for(lambda: label_with(session.window, "5 of 8 done"), "the second tick in the open plan")
    wait_for(lambda: label_with(dialog, "The agent finished"), "the agent to finish", timeout=15)

    with open(seen, encoding="utf-8") as f:
        if "<steps>\n4. [ ] Implement `listBooks`" not in f.read():
            raise pwe2e.JourneyFailed("the agent did not get the prompt shown")

    shots = os.environ.get("PW_E2E_SCREENSHOTS")
    if shots:
        os.makedirs(shots, exist_ok=True)
        subprocess.run(["import", "-window", str(session.active_xid()),
                        os.path.join(shots, "agent-terminal.png")], check=True)

    # 4. Once the agent is done, Escape closes the dialog (while it runs, the
    #    terminal keeps Escape for the agent); the plan keeps the ticks.
    key("Escape")
    wait_for(lambda: not any("Hand Off" in t for t in session.window_titles()), "Escape to close the dialog")
    session.main_window_active()
    if not label_with(session.window, "5 of 8 done"):
        raise pwe2e.JourneyFailed("the plan lost the agent's ticks after the dialog closed")


pwe2e.run(journey_handoff)
