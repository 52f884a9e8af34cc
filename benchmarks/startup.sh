#!/usr/bin/env bash
# Start-up benchmark: Planwright opening examples/shelfie against
# gnome-text-editor opening the same repository's PRD, both under Xvfb with
# GSK_RENDERER=cairo, each in a fresh session bus, alternating, RUNS runs.
# Reports the median time to the first mapped window and the median RSS
# 3 s after start. Usage: benchmarks/startup.sh [BUILD_DIR] [RUNS]
#
# Planwright is measured as users get it: a release configuration
# (-Ddevelopment=false, as the Flatpak is built; BUILD_DIR defaults to
# _build-startup, set up that way when missing), installed into a staging
# directory so that its own icons are found as they are once installed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/_build-startup}
runs=${2:-5}
"$top/tools/ensure-deps" gnome-text-editor libx11-dev
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -o "$out/mapwait" "$top/benchmarks/mapwait.c" -lX11

. "$top/benchmarks/stage-release.sh"

export GSK_RENDERER=cairo GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
export GSETTINGS_SCHEMA_DIR="$build/data"
export XDG_CONFIG_HOME="$out/config" XDG_DATA_HOME="$out/data" XDG_CACHE_HOME="$out/cache"

measure() {
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$out/mapwait" 3 "$@" 2>/dev/null
}

for i in $(seq "$runs"); do
  measure env XDG_DATA_DIRS="$staged/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}" \
    "$staged/bin/planwright" "$top/examples/shelfie" >>"$out/planwright.txt"
  measure gnome-text-editor --standalone "$top/examples/shelfie/.ai/prd.md" >>"$out/gte.txt"
done

python3 - "$out/planwright.txt" "$out/gte.txt" <<'PY'
import re, statistics, sys
def load(path):
    rows = [dict(re.findall(r"(\w+)=([\d.-]+)", l)) for l in open(path) if "map_ms" in l]
    return ([float(r["map_ms"]) for r in rows], [float(r["rss_kb"]) for r in rows])
pw_map, pw_rss = load(sys.argv[1])
te_map, te_rss = load(sys.argv[2])
m = lambda xs: statistics.median(xs)
print(f"runs: planwright {len(pw_map)}, gnome-text-editor {len(te_map)}")
print(f"planwright         map {m(pw_map):7.1f} ms   rss {m(pw_rss)/1024:6.1f} MiB   (maps {pw_map})")
print(f"gnome-text-editor  map {m(te_map):7.1f} ms   rss {m(te_rss)/1024:6.1f} MiB   (maps {te_map})")
print(f"ratio              map {m(pw_map)/m(te_map):.2f}x          rss {m(pw_rss)/m(te_rss):.2f}x")
PY
