#!/usr/bin/env bash
# Lighthouse 12 (mobile profile) on a running Balai: the home page and an
# article of one village. Usage: tests/bench/lighthouse.sh [BASE_URL]
# (default http://blumah.localhost:8080). Prints the four category scores.
set -euo pipefail
cd "$(dirname "$0")/lighthouse"
[ -d node_modules/lighthouse ] || npm ci --no-audit --no-fund --loglevel=error
base=${1:-http://blumah.localhost:8080}
article=$(curl -fsS "$base/berita" | grep -o 'href="/berita/[0-9]\{4\}/[0-9]\{2\}/[^"]*"' | head -1 | cut -d'"' -f2)
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for url in "$base/" "$base$article"; do
  out=$(mktemp)
  npx lighthouse "$url" --quiet --output=json --output-path="$out" --form-factor=mobile \
    --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$flags" >/dev/null 2>&1 || true
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const c = r.categories, s = (k) => Math.round(c[k].score * 100);
    const a = r.audits;
    console.log(`${process.argv[2]}\n  performance ${s("performance")}  accessibility ${s("accessibility")}  best-practices ${s("best-practices")}  seo ${s("seo")}`);
    console.log(`  FCP ${a["first-contentful-paint"].displayValue}  LCP ${a["largest-contentful-paint"].displayValue}  TBT ${a["total-blocking-time"].displayValue}  CLS ${a["cumulative-layout-shift"].displayValue}  transfer ${a["total-byte-weight"].displayValue}`);
    for (const [k, cat] of Object.entries(c))
      for (const ref of cat.auditRefs)
        if (ref.weight > 0 && a[ref.id].score !== null && a[ref.id].score < 0.9) console.log(`  - ${k}: ${a[ref.id].title} (${a[ref.id].displayValue || a[ref.id].score})`);
  ' "$out" "$url"
  rm -f "$out"
done
