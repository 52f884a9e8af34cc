#!/usr/bin/python3
"""Preferences (Ctrl+,) → the profile → Test Connection against the fake
server: the server's model names show whole (gpt-4o-mini, gpt-4o and
gpt-4.1 must not all read "gpt-4"), and picking one fills the Model field."""

import os
import sys

import gi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pwe2e  # noqa: E402
from fakeserver import MODELS  # noqa: E402
from pwe2e import (Role, extents, find, find_all, focus_by_keys, is_inside, key, label_with, name_of,  # noqa: E402
                   text_of, wait_for)


def text_width(text):
    """The width @text needs, measured with Pango as GTK lays it out (GTK 4.8
    tells no character positions over AT-SPI).  GTK takes its font from
    XSETTINGS or the desktop's settings, else "Sans 10": the smaller of the
    widths counts, so that a font guessed too large fails nothing, while a
    name cut to a few letters ("gpt-4") still falls far short."""
    gi.require_version("Pango", "1.0")
    gi.require_version("PangoCairo", "1.0")
    from gi.repository import Gio, Pango, PangoCairo
    fonts = ["Sans 10"]
    source = Gio.SettingsSchemaSource.get_default()
    if source is not None and source.lookup("org.gnome.desktop.interface", True) is not None:
        fonts.append(Gio.Settings.new("org.gnome.desktop.interface").get_string("font-name"))
    context = PangoCairo.FontMap.get_default().create_context()
    widths = []
    for font in fonts:
        layout = Pango.Layout.new(context)
        layout.set_font_description(Pango.FontDescription.from_string(font))
        layout.set_text(text, -1)
        widths.append(layout.get_pixel_size()[0])
    return min(widths)


def journey_preferences(session):
    server = session.use_fake_server()
    session.launch()
    key("ctrl+comma")
    prefs = session.window_named("Preferences")
    session.click(wait_for(lambda: find(prefs, Role.LABEL, "Fake Server"), "the profile's row"))
    button = wait_for(lambda: find(prefs, Role.PUSH_BUTTON, "Test Connection"), "Test Connection")
    session.click(button)
    wait_for(lambda: label_with(prefs, f"Connected: {len(MODELS)} models"), "Test Connection to list the models")
    if not any(r[1].endswith("/models") for r in server.requests):
        raise pwe2e.JourneyFailed("Test Connection did not ask the server for its models")

    model_row = find(prefs, Role.TEXT, "Model")
    chooser = wait_for(lambda: [b for b in find_all(prefs, Role.PUSH_BUTTON) if is_inside(b, model_row)],
                       "a model chooser in the Model row")[0]
    session.click(chooser)
    labels = wait_for(lambda: [n for n in find_all(session.app, predicate=lambda n: name_of(n) in MODELS
                                                   and pwe2e.role_of(n) in (Role.LABEL, Role.PUSH_BUTTON,
                                                                            Role.LIST_ITEM, Role.MENU_ITEM))],
                      "the model names in the chooser")
    shown = {}
    # A name's own label when it has one (a button spans the popover).
    for node in sorted(labels, key=lambda n: pwe2e.role_of(n) != Role.LABEL):
        rect = extents(node)
        shown.setdefault(name_of(node), rect)
    pwe2e.log("model names shown:", shown)
    missing = [m for m in MODELS if m not in shown]
    if missing:
        raise pwe2e.JourneyFailed(f"the chooser does not show {missing}")
    for name, rect in shown.items():
        needed = text_width(name)
        if rect[2] + 2 < needed:
            raise pwe2e.JourneyFailed(f"{name!r} needs {needed} px and gets {rect[2]}: it reads cut")
    # GTK 4.8 places a popover's widgets, over AT-SPI, where the popover
    # hangs in the widget tree rather than where its surface shows: pick by
    # keyboard, as the popover gives the first name the focus.
    focus_by_keys(session, lambda n: name_of(n) == "gpt-4.1", "gpt-4.1 in the chooser", keys=("Down",), limit=8)
    key("Return")
    wait_for(lambda: text_of(model_row) and "gpt-4.1" in text_of(model_row) or
             label_with(prefs, "gpt-4.1"), "the Model field to read gpt-4.1")


pwe2e.run(journey_preferences)
