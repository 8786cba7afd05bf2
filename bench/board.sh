#!/bin/sh
# board.sh - the supervisor's hall board with 50 windows, on a real terminal.
#
#   bench/board.sh [-b BUILD_DIR] [-n REDRAWS]
#
# Builds the client, the server and bench_board (make -C BUILD_DIR bench;
# default _build at the top of the tree), then runs the real wicket signed
# in as the supervisor on a pseudo-terminal rendered by libvterm against a
# real wicketd on tests/data/big-hall (40 of 50 windows open) and prints, at
# 80x24 and 132x40: key press to the board redrawn, p50/p99 over REDRAWS
# (default 200), with the client's CPU time a redraw; a clerk's pause to its
# reason on the board; the bytes written per second while idle over a
# minute, and the redraws in it.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/_build
redraws=200
while getopts b:n:h opt; do
	case $opt in
	b) build=$(cd "$OPTARG" && pwd) ;;
	n) redraws=$OPTARG ;;
	*) sed -n '2,14s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done

. "$top/bench/env.sh"
BENCH_REDRAWS=$redraws
export BENCH_REDRAWS
# The figures without cmocka's frame; on a failure, everything it said,
# and its status (the program stops its wicketd and client either way).
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
"$build/bench/bench_board" >"$out" 2>&1 || rc=$?
if [ "$rc" -eq 0 ]; then
	grep -v '^\[' "$out" || true
else
	cat "$out" >&2
fi
exit "$rc"
