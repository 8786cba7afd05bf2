#!/bin/sh
# client.sh - what the clerk feels of wicket, on a real terminal.
#
#   bench/client.sh [-b BUILD_DIR] [-n CALLS] [-l]
#
# Builds the client, the server and bench_client (make -C BUILD_DIR bench;
# default _build at the top of the tree), then runs the real wicket on a
# pseudo-terminal rendered by libvterm against a real wicketd --demo and
# prints: key press (F2) to the called ticket on screen, p50/p99 over CALLS
# calls (default 200); the client's resident memory; the bytes it writes to
# the terminal while idle (a minute, with its redraws), and per queue update.
# -l: the key press and the memory only (no idle minute, no updates).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/_build
calls=200
latency_only=
while getopts b:n:lh opt; do
	case $opt in
	b) build=$(cd "$OPTARG" && pwd) ;;
	n) calls=$OPTARG ;;
	l) latency_only=1 ;;
	*) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done

. "$top/bench/env.sh"
BENCH_CALLS=$calls
BENCH_LATENCY_ONLY=$latency_only
export BENCH_CALLS BENCH_LATENCY_ONLY
# The figures without cmocka's frame; on a failure, everything it said,
# and its status (the program stops its wicketd and client either way).
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
"$build/bench/bench_client" >"$out" 2>&1 || rc=$?
if [ "$rc" -eq 0 ]; then
	grep -v '^\[' "$out" || true
else
	cat "$out" >&2
fi
exit "$rc"
