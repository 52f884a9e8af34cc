#!/usr/bin/python3
"""Revise… on a stale plan.  A plan written by `planwright plan` (the
offline planner) records its inputs; the tech stack changes under it.  The
Plans page's banner names the input; Revise… adds what changed as a note on
the whole plan and shows the revision request with it; sent to the fake
model and accepted, the new version is the plan, its provenance records
the tech stack as it is now, and the banner goes."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from pwe2e import Role, find, key, label_with, wait_for  # noqa: E402

ENDPOINT = "POST /api/books"
PLAN = ".ai/post-api-books-implementation-plan.md"
STALE = "The tech stack changed since this plan was written"
ADDED = "Redis for caching."
NEW_STEP = "Cache the ISBN lookups in Redis for an hour."


def revised_answer(text):
    """The plan as a model sends it back: no provenance, one step more."""
    lines = [line for line in text.split("\n") if not line.startswith("<!-- planwright")]
    for i, line in enumerate(lines):
        if line.startswith("1. "):
            lines.insert(i, "1. [ ] " + NEW_STEP)
            break
    return "\n".join(lines).lstrip("\n")


def banner(session):
    """The banner's label (the note in the notes panel says more)."""
    return (find(session.window, Role.LABEL, predicate=lambda n: pwe2e.name_of(n) == STALE)
            and find(session.window, Role.PUSH_BUTTON, "Accept as Reviewed"))


def journey_stale_revise(session):
    plan_path = os.path.join(session.repo, PLAN)
    pwe2e.planwright(session, "plan", session.repo, "--template", "endpoints-plan", "--endpoint", ENDPOINT,
               "--provider", "offline", "--output", plan_path)
    before = pwe2e.read_file(plan_path)
    tech = os.path.join(session.repo, ".ai", "tech-stack.md")
    with open(tech, "a", encoding="utf-8") as f:
        f.write("\n" + ADDED + "\n")
    status = json.loads(pwe2e.planwright(session, "status", session.repo, "--json"))
    if status["stale"] != 1:
        raise pwe2e.JourneyFailed(f"the edited tech stack left no stale plan: {status}")
    server = session.use_fake_server(mode="ok")
    server.answer = revised_answer(before)

    # 1. The plan opens with the banner naming the input.
    session.launch(plan_path)
    wait_for(lambda: banner(session), "the banner naming the changed tech stack")

    # 2. Revise…: the changes are a note, and the request carries them.
    session.click(wait_for(lambda: find(session.window, Role.PUSH_BUTTON, "Revise…"), "Revise…"))
    revision = pwe2e.revision_request(session)
    key("ctrl+Return")
    wait_for(lambda: len(server.posts()) == 1, "the revision request")
    body = server.bodies[-1]
    last = body["messages"][-1]["content"]
    if "+" + ADDED not in last or "The plan’s inputs changed" not in last:
        raise pwe2e.JourneyFailed(f"the request's notes lack the changes: {last[:400]!r}")

    # 3. Accept: the new version, the new hashes, no banner.
    wait_for(lambda: find(revision, Role.PUSH_BUTTON, "Accept"), "the diff with Accept", timeout=20)
    key("ctrl+Return")
    session.main_window_active()
    wait_for(lambda: NEW_STEP in pwe2e.read_file(plan_path), "the new version saved")
    status = json.loads(pwe2e.planwright(session, "status", session.repo, "--json"))
    if status["stale"] != 0:
        raise pwe2e.JourneyFailed(f"the revised plan is still stale on disk: {status['stale']} stale")
    wait_for(lambda: not banner(session), "the banner to go")
    # The note stays in the notes panel, its first line the input's sentence.
    wait_for(lambda: label_with(session.window, STALE + ". What changed:"), "the note in the notes panel")


pwe2e.run(journey_stale_revise)
