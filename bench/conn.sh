#!/bin/sh
# conn.sh - benchmark what idle long-polls and slow senders cost wicketd.
#
#   bench/conn.sh [-b BUILD_DIR] [-w WICKETD] [POLLS [SLOW]]
#
# Builds bench_conn and wicketd (make -C BUILD_DIR bench; default BUILD_DIR
# is _build at the top of the tree), then holds POLLS long-polls (default
# 2000) and SLOW slowloris sockets (default 500) open against wicketd (or
# the binary -w names, e.g. an older build to compare with) and prints its
# RSS and threads, its CPU idle and under 10 events/s, and a clerk's call
# latency on new connections (p50/p99/max).  Extra wicketd options go in
# $BENCH_WICKETD_ARGS.  Needs a descriptor limit above POLLS + SLOW + 100.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/_build
wicketd=
while getopts b:w:h opt; do
	case $opt in
	b) build=$(cd "$OPTARG" && pwd) ;;
	w) wicketd=$OPTARG ;;
	*) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

make -s -C "$build" bench >/dev/null
WICKETD=${wicketd:-$build/src/server/wicketd}
WICKET_DATADIR=${BENCH_DATADIR:-$top/data}   # an older wicketd may need its own data
WICKET_TEST_DATA=$top/tests/data
export WICKETD WICKET_DATADIR WICKET_TEST_DATA

"$build/bench/bench_conn" "$@"
