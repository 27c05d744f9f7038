#!/usr/bin/env bash
# The soak: SOAK_SECONDS (default 600) of public reads across every village
# host with an operator publishing news every second, then: requests, any
# 5xx (counted by the server itself, from /metrics), and the server's
# resident memory sampled every 10 s. Run through `./balai.sh bench`.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${BALAI_BENCH_PORT:?run through ./balai.sh bench}
PID=${BALAI_BENCH_PID:?}
METRICS=${BALAI_BENCH_METRICS:?}
SOAK=${SOAK_SECONDS:-600}
HOSTS=${BENCH_HOSTS_FILE:?}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

fivexx() { curl -fsS "http://$METRICS/metrics" | awk '/^balai_http_requests_total/ && /status="5/ {s += $2} END {print s + 0}'; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$PID/status"; }
before=$(fivexx)
wrk -t1 -c16 -d"${SOAK}s" -s "$HERE/hosts.lua" "http://127.0.0.1:$PORT/" -- "$HOSTS" > "$WORK/wrk.txt" &
WRK=$!
python3 "$HERE/writes.py" "$PORT" "$SOAK" 1 1.0 > "$WORK/writes.json" &
WRITES=$!
echo "soak: ${SOAK}s, 16 connections across every village host, one operator publishing every second"
printf '%8s %10s\n' "second" "RSS MiB"
start=$(date +%s)
while kill -0 "$WRK" 2>/dev/null; do
  printf '%8s %10s\n' "$(( $(date +%s) - start ))" "$(rss_mb)" | tee -a "$WORK/rss.txt"
  sleep 10
done
wait "$WRK" "$WRITES"
after=$(fivexx)
echo "reads: $(awk '/requests in/ {print $1}' "$WORK/wrk.txt") requests, $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") req/s," \
     "non-2xx/3xx: $(awk '/Non-2xx/ {print $5}' "$WORK/wrk.txt" | grep . || echo 0), socket errors: $(grep -c 'Socket errors' "$WORK/wrk.txt" || true)"
echo "writes: $(cat "$WORK/writes.json")"
echo "server errors (5xx) during the soak: $((after - before))"
awk 'NR == 7 {warm = $2} {last = $2; if ($2 > max) max = $2} END {printf "RSS after the first minute %s MiB, highest %s MiB, at the end %s MiB\n", warm, max, last}' "$WORK/rss.txt"
