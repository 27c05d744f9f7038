#!/usr/bin/env bash
# Time from a 12 MP camera JPEG to every stored variant, through the admin
# API of a running Balai (default: the demo at admin.localhost:8080, signed in
# as the demo's editor). Needs Debian's libvips-tools for the test picture.
# Usage: tests/bench/photo.sh [PORT] [RUNS]
set -euo pipefail
port=${1:-8080} runs=${2:-5}
command -v vips >/dev/null || { echo "install libvips-tools first" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# 4000 x 3000 with fine detail, like a phone photo of a rice field: ~4-6 MB at Q90.
vips gaussnoise "$dir/n.v" 4000 3000 --sigma 40 --mean 128
vips bandjoin "$dir/n.v $dir/n.v $dir/n.v" "$dir/rgb.v"
vips cast "$dir/rgb.v" "$dir/u8.v" uchar
host="admin.localhost:$port"
curl -fsS -c "$dir/c" -H "Host: $host" -H 'Content-Type: application/json' \
  -d '{"username":"editor.blumah","sandi":"Editor-Demo-2026"}' "http://127.0.0.1:$port/api/masuk" > "$dir/s.json"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf"])' "$dir/s.json")
for i in $(seq "$runs"); do
  vips copy "$dir/u8.v" "$dir/p$i.jpg[Q=90]"
  printf "run-%s" "$i" >> "$dir/p$i.jpg"  # a different file each run (no content-hash reuse)
  size=$(stat -c %s "$dir/p$i.jpg")
  t=$(curl -fsS -o /dev/null -w '%{time_total}' -b "$dir/c" -H "Host: $host" -H "X-CSRF-Token: $csrf" \
      -H 'Content-Type: image/jpeg' --data-binary @"$dir/p$i.jpg" "http://127.0.0.1:$port/api/media?alt=bench")
  echo "run $i: $size bytes, upload + decode + 4 WebP + 1 JPEG: ${t}s"
done
