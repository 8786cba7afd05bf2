#!/bin/sh
# platform.sh - benchmark a county's platform: two wicketd on one PostgreSQL.
#
#   bench/platform.sh [-b BUILD_DIR] [-w WINDOWS] [-H HALLS] [-f FLAT] [-p PACED] [-m PACE_MS]
#                     [-e EVENTS]
#
# Builds bench_platform and wicketd (make -C BUILD_DIR bench; default
# BUILD_DIR is _build at the top of the tree), then WINDOWS windows
# (default 300) spread over HALLS halls (default 20; -H 1: one hall): a
# private PostgreSQL (tests/pg/pgtest.c, fsync off) with two wicketd on
# one database, hall 1 a generated big hall and the others added through
# the API, each hall's tickets issued in it; the odd windows calling through
# the first and the even ones through the second (call, start, finish per
# ticket), FLAT tickets a window flat out (default 20), then PACED a window
# (default 5) with a clerk's pause of 0..2*PACE_MS ms before each call
# (default 3000: 100 calls/s offered at 300 windows): calls/s and the call
# and finish latency p50/p99 in ms of each round; the event latency across
# the processes (a call on the first to the answer of a long-poll parked on
# the second, EVENTS times, default 200); then both rounds on SQLite with
# one wicketd and one hall of WINDOWS windows.  The databases live in
# $TMPDIR (default /dev/shm when there is one: PostgreSQL runs there
# without fsync, so SQLite is given no disk either).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/_build
windows=300
flat=20
paced=5
pace=3000
events=200
halls=20
while getopts b:w:H:f:p:m:e:h opt; do
	case $opt in
	b) build=$(cd "$OPTARG" && pwd) ;;
	w) windows=$OPTARG ;;
	H) halls=$OPTARG ;;
	f) flat=$OPTARG ;;
	p) paced=$OPTARG ;;
	m) pace=$OPTARG ;;
	e) events=$OPTARG ;;
	*) sed -n '2,23s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
if [ -z "${TMPDIR:-}" ] && [ -w /dev/shm ]; then
	TMPDIR=/dev/shm
	export TMPDIR
fi

. "$top/bench/env.sh"
[ "$halls" = 1 ] && in="one hall" || in="$halls halls"
echo "wicketd platform benchmark: $windows windows in $in, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/bench/bench_platform" "$windows" "$flat" "$paced" "$pace" "$events" "$halls"
