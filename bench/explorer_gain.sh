#!/bin/bash
# Issue 18's explorer gain before and after in one run: `make run` used to run `npm ci` and `npm run build` in
# explorer/ every time (before, the Makefile of 2facc69^); it now rebuilds only when the sources changed (after,
# `make explorer` with nothing changed). Three rounds, taking turns at going first.
cd "$(dirname "$0")/.."
TIMEFORMAT=%R
before() { (cd explorer && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run build --silent >/dev/null); }
after() { make --no-print-directory explorer >/dev/null; }
echo "when: $(date -u +%Y-%m-%dT%H:%M:%SZ), load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in 1 2 3; do
  if [ $((r % 2)) -eq 1 ]; then order="before after"; else order="after before"; fi
  for side in $order; do
    s=$( { time $side; } 2>&1 )
    echo "round $r $side: $s s"
  done
done
echo "end load: $(cut -d' ' -f1-3 /proc/loadavg)"
