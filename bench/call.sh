#!/bin/sh
# call.sh - benchmark calling tickets: POST /api/v1/windows/N/call.
#
#   bench/call.sh [-b BUILD_DIR] [-t TICKETS] [-c CALLS] [WINDOWS ...]
#
# Builds bench_call and wicketd (make -C BUILD_DIR bench; default BUILD_DIR
# is _build at the top of the tree), then runs one round per window count
# (default 10 20 50) over TICKETS tickets (default 5000) on the big test
# hall, printing calls/s and the call latency p50/p99 in ms.  With -c the
# windows stop after CALLS calls, so that about TICKETS wait at each call:
# its cost with that many waiting (bench/call.sh -t 100000 -c 1000 1).
# The database lives in $TMPDIR (default /tmp): point TMPDIR at a tmpfs to
# leave the disk's fsync out of the figures.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/_build
tickets=5000
calls=
while getopts b:t:c:h opt; do
	case $opt in
	b) build=$(cd "$OPTARG" && pwd) ;;
	t) tickets=$OPTARG ;;
	c) calls=$OPTARG ;;
	*) sed -n '2,14s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- 10 20 50

make -s -C "$build" bench >/dev/null
WICKETD=$build/src/server/wicketd
WICKET_DATADIR=$top/data
WICKET_TEST_DATA=$top/tests/data
export WICKETD WICKET_DATADIR WICKET_TEST_DATA

echo "wicketd call benchmark: $tickets tickets, database in ${TMPDIR:-/tmp}"
for n in "$@"; do
	"$build/bench/bench_call" "$n" "$tickets" $calls
done
