#!/bin/sh
# check-po.sh: every language in po/LINGUAS is complete. Each catalogue is
# merged against a template generated now from po/POTFILES.in with the same
# xgettext keywords as meson's glib preset, so a string added to the sources
# but not yet translated fails here even if nobody ran update-po.
# Fails on syntax or format errors, fuzzy and untranslated entries.
#
# Usage: check-po.sh [SOURCE_ROOT]      exit 0 ok, 1 fail, 77 skip
#
# Copyright 2026 The Planwright authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -u

srcdir=${1:-${PW_SOURCE_ROOT:-.}}
podir="$srcdir/po"
status=0

for tool in xgettext msgmerge msgfmt msgattrib; do
  if ! command -v "$tool" > /dev/null 2>&1; then
    echo "SKIP: $tool not found"
    exit 77
  fi
done

if [ ! -f "$podir/LINGUAS" ] || [ ! -f "$podir/POTFILES.in" ]; then
  echo "FAIL: $podir/LINGUAS or $podir/POTFILES.in not found" >&2
  exit 1
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# meson's i18n module reads POTFILES.in as a --files-from list; comments
# and blank lines are dropped here so that xgettext sees only paths.
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e 's/^[[:space:]]*//' "$podir/POTFILES.in" \
  | grep -v '^$' > "$tmp/POTFILES"

# Keywords and flags of meson's i18n preset 'glib'. xgettext picks the
# extractor per file: C by extension, Desktop for .desktop(.in), ITS rules
# for .ui, .gschema.xml and .metainfo.xml(.in).
if ! xgettext --package-name=planwright --from-code=UTF-8 --add-comments \
       --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
       --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
       --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
       --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
       --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
       --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
       --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
       --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format \
       --directory="$srcdir" --files-from="$tmp/POTFILES" \
       --output="$tmp/planwright.pot" 2> "$tmp/xgettext.err"; then
  echo "FAIL: xgettext could not extract the template:" >&2
  sed 's/^/  /' "$tmp/xgettext.err" >&2
  exit 1
fi

if [ ! -f "$tmp/planwright.pot" ]; then
  # xgettext writes nothing when no file has a translatable string.
  echo "OK: no translatable strings"
  exit 0
fi

total=$(msgattrib --no-obsolete "$tmp/planwright.pot" | grep -c '^msgid ')
total=$((total - 1))

langs=$(sed -e 's/#.*//' "$podir/LINGUAS" | tr -s '[:space:]' ' ' | sed -e 's/^ //' -e 's/ $//')
if [ -z "$langs" ]; then
  echo "OK: po/LINGUAS lists no languages"
  exit 0
fi

for lang in $langs; do
  po="$podir/$lang.po"
  merged="$tmp/$lang.po"

  if [ ! -f "$po" ]; then
    echo "FAIL: $lang: $po not found" >&2
    status=1
    continue
  fi

  if ! msgfmt --check --output-file=/dev/null "$po" 2> "$tmp/msgfmt.err"; then
    echo "FAIL: $lang: $po does not compile:" >&2
    grep -v "warning: header field" "$tmp/msgfmt.err" | sed 's/^/  /' >&2
    status=1
    continue
  fi

  if ! msgmerge --quiet --output-file="$merged" "$po" "$tmp/planwright.pot" 2> "$tmp/msgmerge.err"; then
    echo "FAIL: $lang: msgmerge failed:" >&2
    sed 's/^/  /' "$tmp/msgmerge.err" >&2
    status=1
    continue
  fi

  # The merged catalogue carries the template's c-format flags, so --check
  # also catches translations whose conversions do not match the source.
  if ! msgfmt --check --statistics --output-file=/dev/null "$merged" 2> "$tmp/stats"; then
    echo "FAIL: $lang: format errors against the current sources:" >&2
    grep -v "warning: header field" "$tmp/stats" | sed 's/^/  /' >&2
    status=1
    continue
  fi

  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$merged" | grep -c '^msgid ')
  untranslated=$(msgattrib --untranslated --no-obsolete "$merged" | grep -c '^msgid ')
  # Each non-empty msgattrib output includes the header entry.
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  [ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))

  if [ "$fuzzy" -gt 0 ] || [ "$untranslated" -gt 0 ]; then
    echo "FAIL: $lang: $untranslated untranslated and $fuzzy fuzzy of $total messages" >&2
    msgattrib --only-fuzzy --no-obsolete --no-wrap "$merged" \
      | sed -n 's/^msgid "\(..*\)"$/  fuzzy: \1/p' | head -n 20 >&2
    msgattrib --untranslated --no-obsolete --no-wrap "$merged" \
      | sed -n 's/^msgid "\(..*\)"$/  untranslated: \1/p' | head -n 20 >&2
    status=1
  else
    echo "OK: $lang: $(tail -n 1 "$tmp/stats")"
  fi
done

exit "$status"
