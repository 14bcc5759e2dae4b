#!/bin/bash
# Issue 18's explorer gain before and after in one run: `make run` used to run `npm ci` and `npm run build` in
# explorer/ every time (before: the Makefile before 2facc69); it now rebuilds only when the sources changed (after:
# `make explorer` with nothing changed). Three rounds, taking turns at going first; each side's output goes to
# explorer-gain-<side>.log beside this checkout's .partnernet/. It rebuilds this checkout's explorer/node_modules
# and service/static/explorer/ (the same files `make explorer` writes).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "explorer_gain.sh: needs Node.js and npm on the PATH" >&2; exit 2; }
mkdir -p .partnernet
TIMEFORMAT=%R
before() { (cd explorer && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent); }
after() { make --no-print-directory explorer; }
echo "when: $(date -u +%Y-%m-%dT%H:%M:%SZ), load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in 1 2 3; do
  if [ $((r % 2)) -eq 1 ]; then order="before after"; else order="after before"; fi
  for side in $order; do
    s=$( { time $side >>".partnernet/explorer-gain-$side.log" 2>&1; } 2>&1 )
    echo "round $r $side: $s s"
  done
done
echo "end load: $(cut -d' ' -f1-3 /proc/loadavg)"
