#!/bin/sh
# start.sh - wicket from its start to a usable counter, on a real terminal.
#
#   bench/start.sh [-b BUILD_DIR] [-n RUNS]
#
# Builds the client, the server and bench_start (make -C BUILD_DIR bench;
# default _build at the top of the tree), then starts the real wicket on a
# pseudo-terminal rendered by libvterm against a real wicketd --demo, RUNS
# times each way (default 30), and prints p50/p99 of the time from the
# start to the counter usable (its window's state and the queue shown):
# signed in with the password (yescrypt on the server), resuming the session
# kept from the last run (no password, no hash), and `wicket --version`
# (exec, dynamic linking and the options: the floor under both).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/_build
runs=30
while getopts b:n:h opt; do
	case $opt in
	b) build=$(cd "$OPTARG" && pwd) ;;
	n) runs=$OPTARG ;;
	*) sed -n '2,14s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done

. "$top/bench/env.sh"
BENCH_RUNS=$runs
export BENCH_RUNS
# The figures without cmocka's frame; on a failure, everything it said,
# and its status (the program stops its wicketd and client either way).
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
"$build/bench/bench_start" >"$out" 2>&1 || rc=$?
if [ "$rc" -eq 0 ]; then
	grep -v '^\[' "$out" | grep -v ' WARN ' || true
else
	cat "$out" >&2
fi
exit "$rc"
