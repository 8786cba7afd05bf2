#!/bin/sh
# tests/layers/check.sh - the layers are enforced, not only written.
#
#   common -> core -> model -> net / ui -> client;  server beside model, on core.
#
# Every source and header of a layer (src/LAYER/, include/wicket/LAYER/) may
# include the headers of its own layer and of the layers it is allowed below
# it, and none of a higher one.  The libraries of the outside world keep to
# their layers too: curses to ui and client, libcurl and cJSON to net (cJSON
# trees never leave the API layer), libmicrohttpd, SQLite and liblunar-date to server; core
# and model open no files, folders or sockets.
#
# Usage: check.sh [SRCDIR]   (default: the folder above tests/).  Prints TAP,
# one line per file, and a "not ok" line naming each include that breaks the
# rule; exits 1 on any.
top=${1:-${WICKET_SRCDIR:-$(dirname "$0")/../..}}
cd "$top" || exit 2

# The layers a layer may include (besides system headers).
allowed() {
	case $1 in
	common) echo "common" ;;
	core)   echo "common core" ;;
	model)  echo "common core model" ;;
	net)    echo "common core model net" ;;
	ui)     echo "common core model ui" ;;
	client) echo "common core model net ui client" ;;
	server) echo "common core server" ;;
	esac
}
# System headers a layer may not include: the outside world kept in place.
forbidden_sys() {
	case $1 in
	common) echo "curses.h ncurses.h curl/curl.h cjson/cJSON.h microhttpd.h sqlite3.h libpq-fe.h lunar-date/lunar-date.h" ;;
	core|model) echo "curses.h ncurses.h curl/curl.h cjson/cJSON.h microhttpd.h sqlite3.h libpq-fe.h lunar-date/lunar-date.h dirent.h fcntl.h sys/socket.h unistd.h" ;;
	net)    echo "curses.h ncurses.h microhttpd.h sqlite3.h libpq-fe.h lunar-date/lunar-date.h" ;;
	ui)     echo "curl/curl.h cjson/cJSON.h microhttpd.h sqlite3.h libpq-fe.h lunar-date/lunar-date.h" ;;
	client) echo "cjson/cJSON.h microhttpd.h sqlite3.h libpq-fe.h lunar-date/lunar-date.h" ;;
	server) echo "curses.h ncurses.h curl/curl.h" ;;
	esac
}

files=$(find src include/wicket -name '*.[ch]' | LC_ALL=C sort)
n=$(printf '%s\n' "$files" | grep -c .)
echo "1..$n"
i=0 bad=0
for f in $files; do
	i=$((i + 1))
	case $f in
	src/*) layer=${f#src/} ;;
	include/wicket/*) layer=${f#include/wicket/} ;;
	esac
	layer=${layer%%/*}
	ok=$(allowed "$layer")
	if [ -z "$ok" ]; then
		echo "not ok $i - $f: in no known layer (src/LAYER or include/wicket/LAYER)"
		bad=1; continue
	fi
	why=
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"wicket\/\([a-z_]*\)\/.*/\1/p' "$f"); do
		case " $ok " in *" $inc "*) ;; *) why="$why $inc" ;; esac
	done
	if grep -qE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"wicket/[a-z_]+\.h"' "$f"; then
		why="$why (a header outside every layer's folder)"
	fi
	for h in $(forbidden_sys "$layer"); do
		grep -qE "^[[:space:]]*#[[:space:]]*include[[:space:]]*<$h>" "$f" && why="$why <$h>"
	done
	if [ -n "$why" ]; then
		echo "not ok $i - $f ($layer) includes:$why"
		bad=1
	else
		echo "ok $i - $f ($layer)"
	fi
done
exit $bad
