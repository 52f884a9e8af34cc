"""The end-to-end harness: the real Planwright under Xvfb with a window
manager, found through AT-SPI, driven by real key presses and clicks.

A journey is a Python file that calls pwe2e.run(journey).  run() re-executes
the file inside a private session bus and a private X server (with the AT-SPI
bus the session bus starts on demand), starts metacity, and gives the journey
a Session: a copy of examples/shelfie in a temporary directory, isolated XDG
directories and settings, and optionally a fake OpenAI-compatible server on
loopback (fakeserver.py).  Exit status 77 is a skip, as meson expects.

Every wait polls a condition with a timeout; nothing sleeps blindly.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get("PW_SOURCE_ROOT", os.path.dirname(os.path.dirname(HERE)))
BUILD_ROOT = os.environ.get("PW_BUILD_ROOT", os.path.join(SOURCE_ROOT, "_build-test"))
SCREEN = (2048, 1280)
SKIP = 77
# Under ASan the app starts and draws several times slower.
SLOW = 3.0 if os.environ.get("PW_E2E_SANITIZED") else 1.0

Role = Atspi.Role
State = Atspi.StateType


class Skip(Exception):
    """Raised by a journey that cannot run here; the message says why."""


class JourneyFailed(AssertionError):
    pass


def log(*args):
    print("#", *args, flush=True)


# ------------------------------------------------------------------ #
# Waiting                                                             #
# ------------------------------------------------------------------ #

def wait_for(predicate, what, timeout=10.0, interval=0.1):
    """Polls @predicate until it returns a true value, which it returns;
    fails naming @what after @timeout seconds (scaled under sanitizers)."""
    start = time.monotonic()
    deadline = start + timeout * SLOW
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                if time.monotonic() - start > 2:
                    log(f"waited {time.monotonic() - start:.1f} s for {what}")
                return value
        except GLibErrors as error:  # an object went away while we looked
            last_error = error
        if time.monotonic() > deadline:
            detail = f" (last error: {last_error})" if last_error else ""
            raise JourneyFailed(f"timed out after {timeout * SLOW:.0f} s waiting for {what}{detail}")
        time.sleep(interval)


GLibErrors = (gi.repository.GLib.Error,)


# ------------------------------------------------------------------ #
# The accessibility tree                                              #
# ------------------------------------------------------------------ #

_memo = None


class snapshot:
    """Within it, each property of a node is asked of the application once:
    one walk of a large tree costs a fraction of the D-Bus round trips."""

    def __enter__(self):
        global _memo
        self.outer = _memo
        if _memo is None:
            _memo = {}
        return self

    def __exit__(self, *exc):
        global _memo
        _memo = self.outer


def _memoized(function):
    def wrapper(node):
        if _memo is None:
            return function(node)
        memo_key = (function.__name__, node)
        if memo_key not in _memo:
            _memo[memo_key] = function(node)
        return _memo[memo_key]
    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


@_memoized
def name_of(node):
    try:
        return node.get_name() or ""
    except GLibErrors:
        return ""


@_memoized
def role_of(node):
    try:
        return node.get_role()
    except GLibErrors:
        return None


@_memoized
def states_of(node):
    try:
        return node.get_state_set()
    except GLibErrors:
        return Atspi.StateSet.new([])


def has_state(node, state):
    return states_of(node).contains(state)


@_memoized
def children(node):
    try:
        count = node.get_child_count()
    except GLibErrors:
        return []
    result = []
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except GLibErrors:
            continue
        if child is not None:
            result.append(child)
    return result


@_memoized
def extents(node):
    """The node's rectangle (x, y, width, height) relative to its window,
    or None when it has none."""
    try:
        rect = node.get_extents(Atspi.CoordType.WINDOW)
    except GLibErrors:
        return None
    return (rect.x, rect.y, rect.width, rect.height)


def label_matches(accessible_name, wanted):
    """GTK names a button with a mnemonic "_Save Save": the label with its
    underline, then the label's own text.  Either spelling matches."""
    if accessible_name == wanted:
        return True
    plain = accessible_name.replace("_", "")
    if plain == wanted:
        return True
    half = len(plain) // 2
    return plain[:half].strip() == wanted and plain[half:].strip() == wanted


def is_visible(node):
    """Mapped and with an area: a widget on a hidden stack page has none."""
    rect = extents(node)
    if rect is None or rect[2] <= 0 or rect[3] <= 0:
        return False
    return has_state(node, State.VISIBLE)


def _zero_sized(node):
    rect = extents(node)
    return rect is not None and (rect[2] <= 0 or rect[3] <= 0)


@_memoized
def parent_of(node):
    try:
        return node.get_parent()
    except GLibErrors:
        return None


def toplevel_of(node):
    current = node
    while current is not None:
        parent = parent_of(current)
        if parent is None or role_of(parent) == Role.APPLICATION:
            return current
        current = parent
    return current


def is_inside(node, ancestor, depth=60):
    """Whether @node is @ancestor or lies under it."""
    current = node
    for _ in range(depth):
        if current is None:
            return False
        if current == ancestor:
            return True
        current = parent_of(current)
    return False


def hit(node, x, y):
    """The accessible GTK picks at window point (x, y) of @node's window."""
    top = toplevel_of(node)
    if top is None:
        return None
    try:
        return top.get_accessible_at_point(x, y, Atspi.CoordType.WINDOW)
    except GLibErrors:
        return None


def _picked_inside(content, rect=None):
    """True when GTK picks something of @content at one of a few points of
    @rect (its own rectangle by default), False when it picks something
    else, None when it picks nothing there."""
    rect = rect or extents(content)
    if rect is None or rect[2] <= 0 or rect[3] <= 0:
        return False
    x, y, w, h = rect
    verdict = None
    for fx, fy in ((0.5, 0.5), (0.2, 0.2), (0.8, 0.2), (0.2, 0.8), (0.8, 0.8), (0.5, 0.1)):
        picked = hit(content, int(x + w * fx), int(y + h * fy))
        if picked is None:
            continue
        if is_inside(picked, content):
            return True
        verdict = False
    return verdict


def _page_shown(page):
    kids = children(page)
    return _picked_inside(kids[0]) if kids else None


def _shown_children(node, kids):
    """GTK 4.8 keeps the last allocation of a stack's hidden pages (and of
    other unmapped children) and says nothing of their being unmapped over
    AT-SPI; hit-testing tells which of the children that overlap shows.
    A GtkStackPage is a panel without a component (no extents), named after
    the page's title, or "GtkStackPage" when it has none; an AdwViewStack's
    pages are children with one and the same rectangle."""
    pages = [kid for kid in kids if role_of(kid) == Role.PANEL and extents(kid) is None]
    verdicts = {kid: _page_shown(kid) for kid in pages}
    by_rect = {}
    for kid in kids:
        if kid not in verdicts and extents(kid) is not None:
            by_rect.setdefault(extents(kid), []).append(kid)
    for group in by_rect.values():
        if len(group) > 1:
            verdicts.update({kid: _picked_inside(kid) for kid in group})
    confirmed = any(v is True for v in verdicts.values())
    shown = []
    for kid in kids:
        verdict = verdicts.get(kid, True)
        if verdict is True or (verdict is None and not confirmed):
            shown.append(kid)
    return shown


def walk(node, prune_hidden=True):
    """Every node under @node, depth first; with @prune_hidden, subtrees of
    zero-sized nodes and of the stack pages not shown are skipped."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        kids = children(current)
        if prune_hidden:
            kids = [kid for kid in kids if not _zero_sized(kid) and has_state(kid, State.VISIBLE)]
            kids = _shown_children(current, kids)
        stack.extend(reversed(kids))


def find_all(root, role=None, name=None, predicate=None, visible=True):
    with snapshot():
        return _find_all(root, role, name, predicate, visible)


def _find_all(root, role, name, predicate, visible):
    found = []
    for node in walk(root, prune_hidden=visible):
        if role is not None and role_of(node) != role:
            continue
        if name is not None and not label_matches(name_of(node), name):
            continue
        if visible and not is_visible(node):
            continue
        if predicate is not None and not predicate(node):
            continue
        found.append(node)
    return found


def find(root, role=None, name=None, predicate=None, visible=True):
    for node in find_all(root, role, name, predicate, visible):
        return node
    return None


def describe(node):
    if node is None:
        return "nothing"
    return f"{Atspi.role_get_name(role_of(node)) if role_of(node) is not None else '?'} '{name_of(node)}'"


def dump(node, depth=0, out=None):
    """The tree under @node as text, for failure logs."""
    lines = out if out is not None else []
    lines.append("  " * depth + f"{describe(node)} {extents(node)}")
    for kid in children(node):
        if has_state(kid, State.VISIBLE):
            dump(kid, depth + 1, lines)
    return lines if out is None else None


def text_of(node):
    """The text of a label or text widget."""
    try:
        text = node.get_text_iface()
        if text is not None:
            return text.get_text(0, text.get_character_count())
    except (GLibErrors + (AttributeError,)):
        pass
    try:
        return Atspi.Text.get_text(node, 0, Atspi.Text.get_character_count(node))
    except GLibErrors:
        return name_of(node)


def all_text(root):
    """The names and texts of every visible label under @root, joined."""
    parts = []
    for node in walk(root):
        if role_of(node) in (Role.LABEL, Role.TEXT, Role.PARAGRAPH, Role.HEADING) and is_visible(node):
            parts.append(name_of(node) or text_of(node) or "")
    return "\n".join(parts)


# ------------------------------------------------------------------ #
# Input: real events through XTest (xdotool)                          #
# ------------------------------------------------------------------ #

def xdotool(*args):
    subprocess.run(["xdotool", *args], check=True)


def key(*keys):
    """Presses each key combination in turn, as xdotool spells them:
    "ctrl+n", "Return", "Escape", "alt+Down"."""
    for combo in keys:
        xdotool("key", "--clearmodifiers", combo)
        time.sleep(0.05)


def settle():
    """Lets the application handle the events just sent: a short pause
    between repeated inputs whose effect has no single sign to wait for."""
    time.sleep(0.1 * SLOW)


def type_text(text):
    xdotool("type", "--delay", "25", text)


# ------------------------------------------------------------------ #
# The session                                                         #
# ------------------------------------------------------------------ #

class Session:
    """One run of the real application on a copy of the example."""

    def __init__(self, journey_name, language=None):
        self.name = journey_name
        self.tmp = tempfile.mkdtemp(prefix=f"pw-e2e-{journey_name}-")
        self.repo = os.path.join(self.tmp, "shelfie")
        shutil.copytree(os.path.join(SOURCE_ROOT, "examples", "shelfie"), self.repo)
        self.language = language
        self.settings = {}
        self.profiles = {}
        self.env_extra = {}
        self.process = None
        self.app = None
        self.server = None
        self.log_path = os.path.join(self.tmp, "planwright.log")
        self.default_size = None

    # -- configuration before launch ----------------------------------

    def set_window_size(self, width, height):
        self.default_size = (width, height)
        self.settings["window-width"] = str(width)
        self.settings["window-height"] = str(height)

    def add_profile(self, ident, name, base_url, model, kind="openai", default=True):
        self.profiles[ident] = {
            "name": f"'{name}'",
            "kind": f"'{kind}'",
            "base-url": f"'{base_url}'",
            "model": f"'{model}'",
        }
        if default:
            self.settings["default-profile"] = f"'{ident}'"

    def use_fake_server(self, **options):
        from fakeserver import FakeServer
        self.server = FakeServer(**options)
        self.server.start()
        self.add_profile("fake", "Fake Server", self.server.base_url, "gpt-4o-mini")
        self.env_extra["PLANWRIGHT_API_KEY"] = "sk-e2e-test-key"
        return self.server

    def write_settings(self):
        """A keyfile settings backend in the session's own config folder:
        as isolated as the memory backend, but it can be seeded."""
        folder = os.path.join(self.tmp, "config", "glib-2.0", "settings")
        os.makedirs(folder, exist_ok=True)
        lines = ["[io/github/planwright/Planwright]"]
        settings = dict(self.settings)
        if self.profiles:
            settings["profiles"] = "[" + ", ".join(f"'{p}'" for p in self.profiles) + "]"
        lines += [f"{k}={v}" for k, v in settings.items()]
        for ident, values in self.profiles.items():
            lines.append("")
            lines.append(f"[io/github/planwright/Planwright/profiles/{ident}]")
            lines += [f"{k}={v}" for k, v in values.items()]
        with open(os.path.join(folder, "keyfile"), "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")

    def environment(self):
        env = dict(os.environ)
        for name in ("NO_AT_BRIDGE", "GTK_A11Y", "PLANWRIGHT_API_KEY", "OPENAI_API_KEY",
                     "ANTHROPIC_API_KEY", "OLLAMA_HOST", "OLLAMA_API_KEY", "G_DEBUG",
                     "LANGUAGE", "LANG", "LC_MESSAGES"):
            env.pop(name, None)
        for sub in ("config", "data", "cache", "state"):
            os.makedirs(os.path.join(self.tmp, sub), exist_ok=True)
        env.update({
            "XDG_CONFIG_HOME": os.path.join(self.tmp, "config"),
            "XDG_DATA_HOME": os.path.join(self.tmp, "data"),
            "XDG_CACHE_HOME": os.path.join(self.tmp, "cache"),
            "XDG_STATE_HOME": os.path.join(self.tmp, "state"),
            "GSETTINGS_BACKEND": "keyfile",
            "GSETTINGS_SCHEMA_DIR": os.path.join(BUILD_ROOT, "data"),
            "GSK_RENDERER": "cairo",
            "GTK_THEME": "",
            "LC_ALL": "C.UTF-8",
            "GIO_USE_VFS": "local",
            "GIO_USE_PROXY_RESOLVER": "dummy",
        })
        env.pop("GTK_THEME")
        if self.language:
            # As `meson devenv` (tools/run) points the uninstalled build at
            # its own catalogues.
            env["LANGUAGE"] = self.language
            env["PW_LOCALEDIR"] = os.path.join(BUILD_ROOT, "po")
        env.update(self.env_extra)
        return env

    # -- launch ----------------------------------------------------------

    def launch(self, *args, wait_title=None):
        """Starts the real binary on the repository copy (or on @args) and
        waits for its window."""
        self.write_settings()
        argv = [os.path.join(BUILD_ROOT, "src", "planwright"), *(args or (self.repo,))]
        return self._start(argv, wait_title)

    def launch_no_args(self):
        """Starts the real binary with no repository: the start page."""
        self.write_settings()
        return self._start([os.path.join(BUILD_ROOT, "src", "planwright")], None)

    def quit(self):
        """Ctrl+Q, and waits for the process to end."""
        key("ctrl+q")
        try:
            self.process.wait(timeout=10 * SLOW)
        except subprocess.TimeoutExpired:
            raise JourneyFailed("Ctrl+Q did not end the application")
        self.app = None

    def _start(self, argv, wait_title):
        log("launch", " ".join(argv))
        self.log_file = open(self.log_path, "w", encoding="utf-8")
        self.process = subprocess.Popen(argv, env=self.environment(), cwd=self.tmp,
                                        stdout=self.log_file, stderr=subprocess.STDOUT)
        self.app = wait_for(self._find_app, "the application on the accessibility bus", timeout=30)
        self.window = wait_for(lambda: self.active_window(), "the main window", timeout=30)
        if wait_title:
            wait_for(lambda: wait_title in self.window_titles(), f"a window titled {wait_title}")
        self.xid = wait_for(self._find_xid, "the X window", timeout=10)
        return self.window

    def _find_app(self):
        if self.process.poll() is not None:
            raise JourneyFailed(f"planwright exited with {self.process.returncode}:\n{self.app_log()}")
        desktop = Atspi.get_desktop(0)
        for app in children(desktop):
            try:
                if app.get_process_id() == self.process.pid:
                    return app
            except GLibErrors:
                continue
        return None

    def _find_xid(self):
        result = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.process.pid)],
                                capture_output=True, text=True)
        ids = result.stdout.split()
        return ids[-1] if ids else None

    def windows(self):
        # GTK 4.8 gives a file chooser dialog the role "filler".
        return [w for w in children(self.app) if has_state(w, State.VISIBLE)]

    def window_titles(self):
        return [name_of(w) for w in self.windows()]

    def active_window(self):
        """The window that has the keyboard, or the only one."""
        wins = self.windows()
        for w in wins:
            if has_state(w, State.ACTIVE):
                return w
        return wins[-1] if len(wins) == 1 else None

    def main_window_active(self):
        """Waits for the main window to have the keyboard again, after a
        dialog closed: keys sent before that would reach no one."""
        wait_for(lambda: has_state(self.window, State.ACTIVE), "the main window to have the keyboard")

    def window_named(self, title, timeout=10, active=True):
        """Waits for a window whose title has @title and, with @active, for
        it to have the keyboard."""
        def look():
            for w in self.windows():
                if (label_matches(name_of(w), title) or title in name_of(w)) and (
                        not active or has_state(w, State.ACTIVE)):
                    return w
            return None
        return wait_for(look, f"a window named {title!r}{' with the keyboard' if active else ''}", timeout)

    def _xwininfo(self, xid):
        out = subprocess.run(["xwininfo", "-id", str(xid or self.active_xid())],
                             capture_output=True, text=True, check=True).stdout
        values = {}
        for line in out.splitlines():
            name, _, value = line.strip().partition(":")
            if value.strip().lstrip("-").isdigit():
                values[name] = int(value)
        return values

    def x_origin(self, xid=None):
        """The window's top-left corner on the screen."""
        values = self._xwininfo(xid)
        return values["Absolute upper-left X"], values["Absolute upper-left Y"]

    def x_size(self, xid=None):
        """The X window's size, as the window manager sees it."""
        values = self._xwininfo(xid or self.xid)
        return values["Width"], values["Height"]

    def resize(self, width, height):
        """Resizes the X window as a person dragging its corner would;
        returns the problems found (a window that cannot take the size)."""
        subprocess.run(["xdotool", "windowsize", self.xid, str(width), str(height)], check=True)
        try:
            wait_for(lambda: self.x_size() == (width, height), f"the window at {width}×{height}", timeout=5)
        except JourneyFailed:
            return [f"the window cannot take {width}×{height}: it stays {self.x_size()[0]}×{self.x_size()[1]}"]

        # GTK allocates after the X window changed: wait for the frame to follow.
        def followed():
            rect = extents(self.window)
            return abs(rect[2] - width) <= 20 and abs(rect[3] - height) <= 20

        wait_for(followed, f"the window's content at {width}×{height}", timeout=5)
        return []

    def active_xid(self):
        result = subprocess.run(["xdotool", "getactivewindow"], capture_output=True, text=True)
        return result.stdout.strip() or self.xid

    def move_to(self, node):
        """Moves the pointer to the middle of @node."""
        rect = extents(node)
        if rect is None or rect[2] <= 0:
            raise JourneyFailed(f"cannot point at {describe(node)}: it has no area")
        ox, oy = self.x_origin()
        x = ox + rect[0] + rect[2] // 2
        y = oy + rect[1] + rect[3] // 2
        xdotool("mousemove", "--sync", str(x), str(y))
        time.sleep(0.05)

    def click(self, node, button=1, repeat=1):
        """A real click at the middle of @node."""
        self.move_to(node)
        xdotool("click", "--repeat", str(repeat), "--delay", "80", str(button))

    def focused(self):
        """The node that has the keyboard focus in the active window."""
        window = self.active_window()
        if window is None:
            return None
        with snapshot():
            for node in walk(window):
                if has_state(node, State.FOCUSED):
                    return node
        return None

    def app_log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.server is not None:
            self.server.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


# ------------------------------------------------------------------ #
# Running a journey                                                   #
# ------------------------------------------------------------------ #

def _inside_display():
    return os.environ.get("PW_E2E_INSIDE") == "1"


def _run_inside():
    """Runs this script again in a private session bus (which starts the
    AT-SPI bus, and the keyring when asked, on demand) with a home of its
    own, and exits with its status."""
    for tool in ("dbus-run-session", "Xvfb", "xdotool", "metacity", "xwininfo", "xprop"):
        if shutil.which(tool) is None:
            print(f"# SKIP {tool} is not installed (tools/debian-packages.txt)")
            sys.exit(SKIP)
    home = tempfile.mkdtemp(prefix="pw-e2e-home-")
    env = dict(os.environ, PW_E2E_INSIDE="1", HOME=home, XDG_RUNTIME_DIR=home)
    for name in ("DBUS_SESSION_BUS_ADDRESS", "AT_SPI_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        env.pop(name, None)
    try:
        status = subprocess.run(["dbus-run-session", "--", sys.executable, *sys.argv], env=env).returncode
    finally:
        shutil.rmtree(home, ignore_errors=True)
    sys.exit(status)


def _start_display():
    """A private X server on a free display number."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-nolisten", "tcp",
                             "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    number = b""
    with os.fdopen(read_fd, "rb") as pipe:
        while not number.endswith(b"\n"):
            byte = pipe.read(1)
            if not byte:
                raise JourneyFailed("Xvfb did not start")
            number += byte
    os.environ["DISPLAY"] = ":" + number.decode().strip()
    return xvfb


def _start_window_manager():
    wm_log = tempfile.TemporaryFile(mode="w+")
    wm = subprocess.Popen(["metacity", "--sm-disable", "--no-composite"],
                          stdout=wm_log, stderr=subprocess.STDOUT)

    def managed():
        if wm.poll() is not None:
            wm_log.seek(0)
            raise JourneyFailed(f"metacity exited with {wm.returncode}: {wm_log.read()[-2000:]}")
        out = subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
                             capture_output=True, text=True).stdout
        return "window id" in out

    wait_for(managed, "metacity to manage the screen", timeout=20)
    return wm


def _start_desktop(attempts=3):
    """Xvfb and metacity; on a busy machine the window manager has been
    seen to find no display once in a while: a fresh pair is tried."""
    for attempt in range(attempts):
        xvfb = _start_display()
        try:
            return xvfb, _start_window_manager()
        except JourneyFailed as failure:
            xvfb.terminate()
            xvfb.wait()
            if attempt == attempts - 1:
                raise
            log("starting the desktop again:", str(failure).splitlines()[0])


def run(journey, **session_options):
    """Runs @journey(session) in a fresh session and exits with its result."""
    if not _inside_display():
        _run_inside()
    if not os.path.exists(os.path.join(BUILD_ROOT, "src", "planwright")):
        print(f"# SKIP no binary in {BUILD_ROOT}")
        sys.exit(SKIP)
    sys.path.insert(0, HERE)
    xvfb, wm = _start_desktop()
    session = Session(journey.__name__, **session_options)
    status = 0
    try:
        journey(session)
        log("journey", journey.__name__, "passed")
    except Skip as why:
        print(f"# SKIP {why}")
        status = SKIP
    except Exception:  # noqa: BLE001: report any failure with the app's log
        traceback.print_exc()
        print("---- planwright's output ----")
        print(session.app_log())
        if session.app is not None:
            try:
                for w in session.windows():
                    print("---- window", name_of(w), "----")
                    print("\n".join(dump(w)[:400]))
            except Exception:  # noqa: BLE001
                pass
        status = 1
    finally:
        session.close()
        for process in (wm, xvfb):
            process.terminate()
            process.wait()
    sys.exit(status)


# ------------------------------------------------------------------ #
# Keyboard navigation                                                 #
# ------------------------------------------------------------------ #

def focus_by_keys(session, predicate, what, keys=("Tab",), limit=60):
    """Presses @keys (Tab by default) until the focused node satisfies
    @predicate; returns it.  Fails after @limit presses."""
    seen = []
    for _ in range(limit):
        node = session.focused()
        if node is not None and predicate(node):
            return node
        seen.append(describe(node) if node is not None else "nothing")
        before = node
        key(*keys)
        try:
            wait_for(lambda: session.focused() != before, "the focus to move", timeout=1.5, interval=0.05)
        except JourneyFailed:
            pass
    raise JourneyFailed(f"{limit} presses of {'+'.join(keys)} never focused {what}; focus went "
                        + " → ".join(seen[:40]))


# ------------------------------------------------------------------ #
# Layout                                                              #
# ------------------------------------------------------------------ #

INTERACTIVE = {
    Role.PUSH_BUTTON, Role.TOGGLE_BUTTON, Role.CHECK_BOX, Role.RADIO_BUTTON, Role.COMBO_BOX,
    Role.ENTRY, Role.PASSWORD_TEXT, Role.SPIN_BUTTON, Role.PAGE_TAB, Role.MENU_ITEM,
    Role.LINK, Role.SLIDER,
}
SCROLLERS = {Role.SCROLL_PANE, Role.VIEWPORT}


def _contains(outer, inner, slack=1):
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[0] + inner[2] <= outer[0] + outer[2] + slack
            and inner[1] + inner[3] <= outer[1] + outer[3] + slack)


def _cut_and_showing(node, rect, bounds):
    """A widget that sticks out of the window and shows in its part inside.
    One wholly outside is a folded sidebar or a page slid away: GTK clips
    every widget to its window, so nothing is seen there either way."""
    left, top = max(rect[0], bounds[0]), max(rect[1], bounds[1])
    right = min(rect[0] + rect[2], bounds[0] + bounds[2])
    bottom = min(rect[1] + rect[3], bounds[1] + bounds[3])
    if right <= left or bottom <= top:
        return False
    return _picked_inside(node, (left, top, right - left, bottom - top)) is not False


def layout_problems(window):
    """Interactive widgets that show but lie partly or wholly outside the
    window.  Inside a scroller a widget may be scrolled out of view, so
    there the scroller itself is what must fit."""
    with snapshot():
        return _layout_problems(window)


def _layout_problems(window):
    frame = extents(window)
    bounds = (0, 0, frame[2], frame[3])
    problems = []
    stack = [(window, False)]
    while stack:
        node, scrolled = stack.pop()
        role = role_of(node)
        rect = extents(node)
        checked = role in SCROLLERS or (role in INTERACTIVE and not scrolled)
        if checked and rect is not None and not _contains(bounds, rect) and _cut_and_showing(node, rect, bounds):
            problems.append(f"{describe(node)} at {rect} lies outside the {bounds[2]}×{bounds[3]} window")
        kids = [kid for kid in children(node) if not _zero_sized(kid) and has_state(kid, State.VISIBLE)]
        for kid in reversed(_shown_children(node, kids)):
            stack.append((kid, scrolled or role in SCROLLERS))
    return problems


# ------------------------------------------------------------------ #
# Planwright's screens                                                #
# ------------------------------------------------------------------ #

def plan_view(session):
    """The rendered plan (a list named "Plan"), when it shows."""
    return find(session.window, Role.LIST, "Plan")


def plan_shows(session, text):
    view = plan_view(session)
    return view is not None and text in all_text(view)


def planwright(session, *args):
    """The command line, in the app's environment (the same history)."""
    binary = os.path.join(BUILD_ROOT, "src", "planwright")
    result = subprocess.run([binary, *args], env=session.environment(), cwd=session.tmp,
                            capture_output=True, text=True, timeout=60 * SLOW)
    if result.returncode != 0:
        raise JourneyFailed(f"planwright {' '.join(args)}: {result.stderr}")
    return result.stdout


def read_file(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def revision_request(session):
    """The Revise with Notes window, showing its request before it is sent."""
    # X gives it the keyboard; its accessible state does not always say so.
    revision = session.window_named("Revise with Notes", active=False)
    wait_for(lambda: find(revision, Role.PUSH_BUTTON, "Send"), "the Send button")
    wait_for(lambda: find(revision, Role.TEXT, "The revision request, exactly as it is sent"),
             "the request shown before it is sent")
    return revision


def label_with(root, text):
    """A showing label whose text has @text."""
    return find(root, Role.LABEL, predicate=lambda n: text in name_of(n))


def lint_shown(session):
    """The Plans page's lint toggle is on.  It has no accessible name: the
    only toggle button of the page, it reads as its type's name."""
    return find(session.window, predicate=lambda n: role_of(n) in (Role.TOGGLE_BUTTON, Role.PUSH_BUTTON)
                and name_of(n) in ("GtkToggleButton", "Lint Results")
                and (has_state(n, State.PRESSED) or has_state(n, State.CHECKED)))


def wizard_to_review(session):
    """Ctrl+N, Next, the endpoint GET /api/books chosen by typing in the
    filter and Enter (the first match), Next to the Review step."""
    key("ctrl+n")
    wizard = session.window_named("New Plan")
    key("Return")  # the focus starts on Next
    wait_for(lambda: find(wizard, Role.LABEL, "Step 2 of 4: Subject"), "the Subject step")
    wait_for(lambda: name_of(session.focused()) == "Filter endpoints", "the focus in the endpoint filter")
    type_text("GET /api/books")
    key("Return")
    for step in ("Step 3 of 4: Inputs", "Step 4 of 4: Review"):
        key("alt+n")
        wait_for(lambda: find(wizard, Role.LABEL, step), step)
    return wizard


def generate_from_wizard(session):
    wizard_to_review(session)
    key("ctrl+Return")
    wait_for(lambda: not any("New Plan" in t for t in session.window_titles()), "Ctrl+Return to close the wizard")
    session.main_window_active()


def count_ticks(path):
    """How many steps the file on disk marks done."""
    import re
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return len(re.findall(r"^\s*(?:\d+\.|[-*])\s+\[[xX]\]", text, re.MULTILINE))
