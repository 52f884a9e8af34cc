#!/bin/sh
# check-potfiles.sh: po/POTFILES.in must list every file with translatable
# strings, list nothing that does not exist, and stay sorted.
#
# Usage: check-potfiles.sh [SOURCE_ROOT]
#
# Copyright 2026 The Planwright authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

srcdir=${1:-${PW_SOURCE_ROOT:-.}}
potfiles="$srcdir/po/POTFILES.in"
status=0

if [ ! -f "$potfiles" ]; then
  echo "FAIL: $potfiles not found" >&2
  exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# The listed files, without comments and blank lines.
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$potfiles" \
  | grep -v '^$' > "$tmp/listed"

# Files that need translation. C: a gettext macro call not preceded by an
# identifier character, so that foo_(x) or g_(x) do not count.
cd "$srcdir" || exit 1
: > "$tmp/needed.unsorted"
for dir in src ui; do
  [ -d "$dir" ] || continue
  find "$dir" -type f \( -name '*.c' -o -name '*.h' \) -print | while read -r f; do
    if grep -Eq '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext)[[:space:]]*\(' "$f"; then
      echo "$f"
    fi
  done >> "$tmp/needed.unsorted"
  find "$dir" -type f -name '*.ui' -print | while read -r f; do
    if grep -q 'translatable="yes"' "$f"; then
      echo "$f"
    fi
  done >> "$tmp/needed.unsorted"
done
if [ -d data ]; then
  find data -maxdepth 1 -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' \
    -o -name '*.appdata.xml.in' -o -name '*.gschema.xml' \) -print >> "$tmp/needed.unsorted"
fi
sed 's|^\./||' "$tmp/needed.unsorted" | LC_ALL=C sort -u > "$tmp/needed"
LC_ALL=C sort -u "$tmp/listed" > "$tmp/listed.sorted"

missing=$(LC_ALL=C comm -23 "$tmp/needed" "$tmp/listed.sorted")
if [ -n "$missing" ]; then
  echo "FAIL: files with translatable strings missing from po/POTFILES.in:" >&2
  echo "$missing" | sed 's/^/  /' >&2
  status=1
fi

stale=$(while read -r f; do [ -e "$f" ] || echo "$f"; done < "$tmp/listed")
if [ -n "$stale" ]; then
  echo "FAIL: po/POTFILES.in lists files that do not exist:" >&2
  echo "$stale" | sed 's/^/  /' >&2
  status=1
fi

dups=$(LC_ALL=C sort "$tmp/listed" | uniq -d)
if [ -n "$dups" ]; then
  echo "FAIL: po/POTFILES.in lists files more than once:" >&2
  echo "$dups" | sed 's/^/  /' >&2
  status=1
fi

if ! LC_ALL=C sort -c "$tmp/listed" 2>/dev/null; then
  echo "FAIL: po/POTFILES.in is not sorted (LC_ALL=C sort); first line out of order:" >&2
  LC_ALL=C sort -c "$tmp/listed" 2>&1 | sed 's/^/  /' >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "OK: po/POTFILES.in lists all $(wc -l < "$tmp/needed" | tr -d ' ') files with translatable strings"
fi
exit "$status"
