#!/usr/bin/env bash
# Memory with a 1 MB plan open: Planwright showing the plan rendered (its
# repository open, Plans page) against gnome-text-editor holding the same
# file, both under Xvfb with GSK_RENDERER=cairo, alternating, RUNS runs;
# VmRSS 6 s after start, medians. Usage: benchmarks/plan-rss.sh [BUILD_DIR] [RUNS]
# Planwright is a release build, installed (see stage-release.sh).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build-startup}
runs=${2:-5}
"$top/tools/ensure-deps" gnome-text-editor libx11-dev
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -o "$out/mapwait" "$top/benchmarks/mapwait.c" -lX11
. "$top/benchmarks/stage-release.sh"

# A 1 MB plan made of the example plan's sections, repeated with numbered
# steps, so it has headings, lists, code, tables and ~2,000 steps.
mkdir -p "$out/repo/.ai"
python3 - "$top/examples/shelfie/.ai/get-books-implementation-plan.md" \
  "$out/repo/.ai/big-implementation-plan.md" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
out = ["# API Endpoint Implementation Plan: a large plan\n\n"]
n = 0
size = 0
while size < 1024 * 1024:
    part = src.replace("# ", "## ", 1)
    part = re.sub(r"^(\s*)(\d+)\. ", lambda m: f"{m.group(1)}{int(m.group(2)) + n}. ", part, flags=re.M)
    n += 20
    part += "\n| Field | Type | Notes |\n| --- | --- | --- |\n| id | uuid | primary key |\n| title | text | required |\n\n```sql\nselect * from books where user_id = $1;\n```\n\n"
    out.append(part)
    size += len(part.encode())
open(sys.argv[2], "w", encoding="utf-8").write("".join(out))
PY
ls -l "$out/repo/.ai/big-implementation-plan.md" | awk '{print "plan: " $5 " bytes"}'

export GSK_RENDERER=cairo GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
export GSETTINGS_SCHEMA_DIR="$build/data"
export XDG_CONFIG_HOME="$out/config" XDG_DATA_HOME="$out/data" XDG_CACHE_HOME="$out/cache"

measure() {
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$out/mapwait" 6 "$@" 2>/dev/null
}

for i in $(seq "$runs"); do
  measure env XDG_DATA_DIRS="$staged/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
    "$staged/bin/planwright" "$out/repo/.ai/big-implementation-plan.md" >>"$out/planwright.txt"
  measure gnome-text-editor --standalone "$out/repo/.ai/big-implementation-plan.md" >>"$out/gte.txt"
done

python3 - "$out/planwright.txt" "$out/gte.txt" <<'PY'
import re, statistics, sys
def load(path):
    rows = [dict(re.findall(r"(\w+)=([\d.-]+)", l)) for l in open(path) if "rss_kb" in l]
    return [float(r["rss_kb"]) for r in rows]
pw, te = load(sys.argv[1]), load(sys.argv[2])
m = statistics.median
print(f"runs: planwright {len(pw)}, gnome-text-editor {len(te)}")
print(f"planwright         rss {m(pw)/1024:6.1f} MiB  ({[round(x/1024,1) for x in pw]})")
print(f"gnome-text-editor  rss {m(te)/1024:6.1f} MiB  ({[round(x/1024,1) for x in te]})")
print(f"ratio              rss {m(pw)/m(te):.2f}x")
PY
