#!/usr/bin/env bash
# Balai against nginx, same machine, same run: wrk against a village page
# across every village host, and against nginx serving that page's bytes as
# a static file. Run through `./balai.sh bench` (it starts PostgreSQL and the
# release server and sets BALAI_BENCH_PORT).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${BALAI_BENCH_PORT:?run through ./balai.sh bench}
NGINX_PORT=$((PORT + 1))
DURATION=${BENCH_DURATION:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64 256}
WORK=$(mktemp -d)
trap '[ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT

# Every village host, and one page's exact bytes for nginx.
curl -fsS -H "Host: localhost:$PORT" "http://127.0.0.1:$PORT/" \
  | grep -o 'href="http://[a-z0-9-]*\.localhost:[0-9]*/"' | sed 's|href="http://||; s|/"||' > "$WORK/hosts.txt"
HOSTS=$(wc -l < "$WORK/hosts.txt")
mkdir -p "$WORK/www"
curl -fsS -H "Host: blumah.localhost:$PORT" "http://127.0.0.1:$PORT/" > "$WORK/www/index.html"
BYTES=$(wc -c < "$WORK/www/index.html")
sed "s|__ROOT__|$WORK|g; s|__PORT__|$NGINX_PORT|g" "$HERE/nginx.conf" > "$WORK/nginx.conf"
nginx -p "$WORK" -c "$WORK/nginx.conf" &
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$NGINX_PORT/" >/dev/null 2>&1 && break; sleep 0.1; done
# Warm both (Balai renders each village once, then serves it from its cache).
wrk -t1 -c8 -d2s -s "$HERE/hosts.lua" "http://127.0.0.1:$PORT/" -- "$WORK/hosts.txt" >/dev/null
wrk -t1 -c8 -d2s -s "$HERE/hosts.lua" "http://127.0.0.1:$NGINX_PORT/" -- "$WORK/hosts.txt" >/dev/null

rps() { awk '/Requests\/sec/ {print $2}'; }
p99() { awk '$1 == "99%" {print $2}'; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "page: $BYTES bytes; Balai across $HOSTS village hosts; nginx $(nginx -v 2>&1 | cut -d/ -f2)"
printf '%-12s %14s %10s %14s %10s %8s\n' connections "balai req/s" "p99" "nginx req/s" "p99" ratio
for c in $CONNECTIONS; do
  b=$(wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -s "$HERE/hosts.lua" "http://127.0.0.1:$PORT/" -- "$WORK/hosts.txt")
  # The same client script for both: wrk's work per request is identical.
  n=$(wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -s "$HERE/hosts.lua" "http://127.0.0.1:$NGINX_PORT/" -- "$WORK/hosts.txt")
  br=$(rps <<<"$b"); nr=$(rps <<<"$n")
  printf '%-12s %14s %10s %14s %10s %8.2f\n' "$c" "$br" "$(p99 <<<"$b")" "$nr" "$(p99 <<<"$n")" "$(echo "$br / $nr" | bc -l)"
done

# One cached page on one host, the plainest case, against nginx.
c=64
b=$(wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -H "Host: blumah.localhost:$PORT" "http://127.0.0.1:$PORT/")
n=$(wrk -t"$THREADS" -c"$c" -d"$DURATION" --latency -H "Host: blumah.localhost:$PORT" "http://127.0.0.1:$NGINX_PORT/")
br=$(rps <<<"$b"); nr=$(rps <<<"$n")
printf '%-12s %14s %10s %14s %10s %8.2f\n' "$c, 1 host" "$br" "$(p99 <<<"$b")" "$nr" "$(p99 <<<"$n")" "$(echo "$br / $nr" | bc -l)"

# Reads across every host while an operator publishes news (each post makes
# Blumah's cached pages stale): two writers as fast as the server answers.
secs=${DURATION%s}
python3 "$HERE/writes.py" "$PORT" "$secs" 2 > "$WORK/writes.json" &
r=$(wrk -t"$THREADS" -c64 -d"$DURATION" --latency -s "$HERE/hosts.lua" "http://127.0.0.1:$PORT/" -- "$WORK/hosts.txt")
wait $!
echo "reads during admin writes (64 connections, every host): $(rps <<<"$r") req/s, p99 $(p99 <<<"$r"); writes: $(cat "$WORK/writes.json")"
cp "$WORK/hosts.txt" "${BENCH_HOSTS_OUT:-/dev/null}" 2>/dev/null || true

# Cache misses: one connection, every request renders from PostgreSQL. A
# warm-up pass first lets each database connection load the catalog entries
# of the partitions it touches (a fresh backend pays that once per village):
# the figure is the steady state of a server that has been up for a while.
wrk -t1 -c4 -d15s -s "$HERE/miss.lua" "http://127.0.0.1:$PORT/" -- "$WORK/hosts.txt" >/dev/null
m=$(wrk -t1 -c1 -d"$DURATION" --latency -s "$HERE/miss.lua" "http://127.0.0.1:$PORT/" -- "$WORK/hosts.txt")
echo "cache miss (home page rendered from PostgreSQL, 1 connection): $(rps <<<"$m") req/s, p50 $(awk '$1 == "50%" {print $2}' <<<"$m"), p99 $(p99 <<<"$m")"
gz=$(curl -fsS -H "Host: blumah.localhost:$PORT" -H "Accept-Encoding: gzip" "http://127.0.0.1:$PORT/" | wc -c)
echo "home page: $BYTES bytes, $gz bytes gzip"
