#!/usr/bin/env bash
# tests/fuzz/run.sh - build the fuzz targets with clang's libFuzzer (and
# AddressSanitizer and UndefinedBehaviorSanitizer), and run each against a
# copy of its corpus, with its dictionary tests/fuzz/TARGET.dict.
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 60); TARGETs among request, response and
# calendar (default all three).  Needs a configured tree (./quickstart build:
# the config.h of WICKET_BUILD_DIR, default _build) and clang.  Binaries,
# corpus copies, logs and crash inputs go to WICKET_FUZZ_DIR (default
# _build-fuzz); the corpus in tests/fuzz/corpus is never changed: copy a
# crash input there (with a name that says what it was) once it is fixed,
# and `make check` replays it from then on.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(request response calendar)
build=$top/${WICKET_BUILD_DIR:-_build}
out=${WICKET_FUZZ_DIR:-$top/_build-fuzz}
cc=${FUZZ_CC:-clang}

say() { printf '\033[1mfuzz:\033[0m %s\n' "$*" >&2; }

case $secs in ''|*[!0-9]*) say "SECONDS must be a whole number, not '$secs'"; exit 2 ;; esac
if [ ! -f "$build/config.h" ]; then
	say "no $build/config.h: run ./quickstart build first"
	exit 2
fi
command -v "$cc" >/dev/null || { say "$cc is missing: ./quickstart build installs it"; exit 2; }

# The layers each target needs, as source files (the convenience libraries'
# sources, compiled with coverage instrumentation).
common=("$top"/src/common/*.c)
core=("$top"/src/core/*.c)
model=("$top"/src/model/*.c)
net=("$top"/src/net/*.c)
server=()
for f in "$top"/src/server/*.c; do
	[ "$(basename "$f")" = main.c ] || server+=("$f")
done

cflags=(-std=c11 -g -O1 -fno-omit-frame-pointer
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-DHAVE_CONFIG_H -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
	-DPKGDATADIR="\"$top/data\"" -DLOCALEDIR="\"$build/po/locale\""
	-I"$top/include" -I"$build" -pthread)

build_target() {
	local t=$1 srcs=() libs=()
	case $t in
		request)
			srcs=("${server[@]}" "${core[@]}" "${common[@]}")
			# shellcheck disable=SC2207
			libs=($(pkg-config --cflags --libs libmicrohttpd sqlite3 libcjson lunar-date-3.0 gobject-2.0) -lcrypt) ;;
		response)
			srcs=("${net[@]}" "${model[@]}" "${core[@]}" "${common[@]}")
			# shellcheck disable=SC2207
			libs=($(pkg-config --cflags --libs libcjson libcurl)) ;;
		calendar)
			srcs=("${core[@]}" "${common[@]}") ;;
		*) say "unknown target '$t' (request, response or calendar)"; return 2 ;;
	esac
	say "building fuzz_$t"
	"$cc" "${cflags[@]}" "$top/tests/fuzz/fuzz_$t.c" "${srcs[@]}" "${libs[@]}" -o "$out/fuzz_$t"
}

# Run target t for secs seconds; print what it did.  Returns 1 on a crash.
run_target() {
	local t=$1 corpus=$out/corpus-$t crashes=$out/crashes-$t log=$out/$t.log rc=0
	rm -rf "$corpus"
	mkdir -p "$corpus" "$crashes"
	cp "$top/tests/fuzz/corpus/$t"/* "$corpus/"
	local dict=()
	[ -f "$top/tests/fuzz/$t.dict" ] && dict=(-dict="$top/tests/fuzz/$t.dict")
	say "running fuzz_$t for ${secs}s (log: $log)"
	WICKET_DATADIR="$top/data" \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$out/fuzz_$t" "$corpus" "${dict[@]}" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
		-artifact_prefix="$crashes/" >"$log" 2>&1 || rc=$?
	local runs rate units
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	units=$(sed -n 's/^stat::new_units_added: *//p' "$log")
	printf '%-9s %10s executions  %6s exec/s  %4s new inputs  ' "$t" "${runs:-?}" "${rate:-?}" "${units:-?}"
	if [ $rc -eq 0 ]; then
		echo "no crash"
		return 0
	fi
	echo "CRASH (exit $rc)"
	grep -a -E 'ERROR: |SUMMARY: |property broken|runtime error|Test unit written' "$log" | head -20 ||
		tail -n 5 "$log"
	return 1
}

mkdir -p "$out"
for t in "${targets[@]}"; do
	build_target "$t"
done
status=0
for t in "${targets[@]}"; do
	run_target "$t" || status=1
done
exit $status
