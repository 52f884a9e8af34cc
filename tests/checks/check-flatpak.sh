#!/bin/sh
# check-flatpak.sh: the Flatpak manifest parses without warnings and keeps
# the application id, command and sandbox permissions we ship with.
#
# Usage: check-flatpak.sh [SOURCE_ROOT]      exit 0 ok, 1 fail, 77 skip
#
# Copyright 2026 The Planwright authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

srcdir=${1:-${PW_SOURCE_ROOT:-.}}
manifest="$srcdir/flatpak/io.github.planwright.Planwright.json"

for tool in flatpak-builder python3; do
  if ! command -v "$tool" > /dev/null 2>&1; then
    echo "SKIP: $tool not found"
    exit 77
  fi
done

if [ ! -f "$manifest" ]; then
  echo "FAIL: $manifest not found" >&2
  exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# --show-manifest loads the manifest as flatpak-builder does, without
# building or touching the network; unknown keys come out as warnings.
if ! flatpak-builder --show-manifest "$manifest" > "$tmp/out" 2> "$tmp/err"; then
  echo "FAIL: flatpak-builder cannot load $manifest:" >&2
  sed 's/^/  /' "$tmp/err" >&2
  exit 1
fi
if [ -s "$tmp/err" ]; then
  echo "FAIL: flatpak-builder warns about $manifest:" >&2
  sed 's/^/  /' "$tmp/err" >&2
  exit 1
fi

python3 - "$manifest" <<'PYEOF'
import json
import sys

path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    m = json.load(f)

errors = []
app_id = m.get("app-id", m.get("id"))
if app_id != "io.github.planwright.Planwright":
    errors.append("app-id is %r, expected 'io.github.planwright.Planwright'" % app_id)
if m.get("command") != "planwright":
    errors.append("command is %r, expected 'planwright'" % m.get("command"))
for key in ("runtime", "sdk", "runtime-version"):
    if not m.get(key):
        errors.append("%s is missing" % key)
if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
    errors.append("runtime/sdk must be org.gnome.Platform/org.gnome.Sdk")

expected = ["--share=network", "--share=ipc", "--socket=wayland",
            "--socket=fallback-x11", "--device=dri"]
finish = m.get("finish-args", [])
if sorted(finish) != sorted(expected):
    errors.append("finish-args are %s, expected exactly %s" % (finish, expected))

modules = [mod.get("name") for mod in m.get("modules", []) if isinstance(mod, dict)]
if not modules or modules[-1] != "planwright":
    errors.append("the last module must be planwright, modules are %s" % modules)

for e in errors:
    print("FAIL: %s" % e, file=sys.stderr)
if errors:
    sys.exit(1)
print("OK: %s, command %s, modules %s" % (app_id, m["command"], ", ".join(modules)))
PYEOF
