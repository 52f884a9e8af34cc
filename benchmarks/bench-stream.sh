#!/bin/sh
# bench-stream.sh: run the streaming benchmark in its settings.
#
# Copyright 2026 The Planwright authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench-stream serves a 20 MB answer as an event stream on 127.0.0.1,
# receives it with Planwright's provider (parsing every event and
# reassembling the text), downloads the same response with
# `curl -s -o /dev/null`, and prints the median times of 5 runs and the
# client's peak memory growth.  Usage: benchmarks/bench-stream.sh [BUILDDIR]
# (default: _build)

set -eu

builddir=${1:-_build}
bench="$builddir/benchmarks/bench-stream"

if [ ! -x "$bench" ]; then
  echo "bench-stream.sh: build $bench first (ninja -C $builddir)" >&2
  exit 1
fi
command -v curl >/dev/null || echo "bench-stream.sh: curl not found, no comparison" >&2

for provider in openai anthropic ollama; do
  echo "== unpaced server, 4 KiB of text per event, $provider"
  "$bench" --provider "$provider" --answer-mb 20 --event-bytes 4096 --runs 5
  echo
done
echo "== unpaced server, 256 bytes of text per event, openai"
"$bench" --provider openai --answer-mb 20 --event-bytes 256 --runs 5
echo
echo "== paced server (2 ms after each 64 KiB, ~30 MB/s), 4 KiB per event, openai"
"$bench" --provider openai --answer-mb 20 --event-bytes 4096 --runs 5 --pace-us 2000
