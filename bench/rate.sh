#!/bin/sh
# rate.sh - wicketd's request rates beside their anchors, in one run.
#
#   bench/rate.sh [-b BUILD_DIR] [-w WICKETD] [CONNS [SECONDS [WAITING]]]
#
# Builds bench_rate and wicketd (make -C BUILD_DIR bench; default BUILD_DIR
# is _build at the top of the tree), then with CONNS kept-alive connections
# (default 16) for SECONDS each (default 5) measures:
#   - SQLite's own one-row commit rate on this disk (WAL, synchronous=FULL),
#     the anchor of wicketd's committed POSTs;
#   - wicketd (or the binary -w names): GET /api/v1/windows/1/queue with
#     WAITING waiting (default 20; the counter asks for up to 200), and
#     POST /api/v1/tickets, each a committed write;
#   - a private nginx (started here, as the current user) serving the very
#     bytes of that queue reply as a static file: the anchor of the GET.
# Everything lives in $TMPDIR (default /tmp): the disk's fsync is in it.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/_build
wicketd=
while getopts b:w:h opt; do
	case $opt in
	b) build=$(cd "$OPTARG" && pwd) ;;
	w) wicketd=$OPTARG ;;
	*) sed -n '2,16s/^# \{0,1\}//p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
conns=${1:-16}
secs=${2:-5}
waiting=${3:-20}

make -s -C "$build" bench >/dev/null
WICKETD=${wicketd:-$build/src/server/wicketd}
WICKET_DATADIR=${BENCH_DATADIR:-$top/data}   # an older wicketd may need its own data
WICKET_TEST_DATA=$top/tests/data
export WICKETD WICKET_DATADIR WICKET_TEST_DATA

dir=$(mktemp -d "${TMPDIR:-/tmp}/wicket-rate.XXXXXX")
nginx_pid=
cleanup() {
	[ -z "$nginx_pid" ] || kill "$nginx_pid" 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM

echo "wicketd request rates, $conns connections, $secs s each ($WICKETD)"
"$build/bench/bench_rate" sqlite "$dir" "$secs"
mkdir -p "$dir/www"
"$build/bench/bench_rate" wicketd "$dir/www/queue.json" "$conns" "$secs" "$waiting"

# nginx: one process, every file under $dir, on a free port.
nginx=$(command -v nginx || echo /usr/sbin/nginx)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        root $dir/www;
        default_type application/json;
    }
}
CONF
"$nginx" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" &
nginx_pid=$!
i=0
until [ -s "$dir/nginx.pid" ] || [ $i -ge 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
"$build/bench/bench_rate" get "http://127.0.0.1:$port/queue.json" "$conns" "$secs"
