#!/bin/bash
# `make run` on a new clone of this checkout whose downloads are cached (pip's and npm's caches, the Neo4j jars
# in ~/.cache): seconds from `make run` to the first answered query, and when each step was done (the .venv
# stamp, the built explorer, Neo4j's start line). Its own Neo4j home and ports; the clone is removed after.
set -euo pipefail
SRC=${1:-$(cd "$(dirname "$0")/.." && pwd)}
if ! git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
  echo "usage: bench/clone_make_run.sh [CHECKOUT]  (default: this checkout; $SRC is not a git checkout)" >&2
  exit 2
fi
D=$(mktemp -d /tmp/clone-makerun.XXXX)
trap 'rm -rf "$D"' EXIT
git clone -q "$SRC" "$D/repo"
cd "$D/repo"
export PARTNERNET_NEO4J_BOLT_PORT=7791 PARTNERNET_NEO4J_HTTP_PORT=7891 PARTNERNET_NEO4J_URI=neo4j://127.0.0.1:7791 PARTNERNET_HTTP_PORT=8791
echo "when: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit: $(git rev-parse --short HEAD), load: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
( setsid make run > "$D/make.log" 2>&1 & echo $! > "$D/pid" )
stamp() { awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN{printf "%.1f", n-s}'; }
seen_install=""; seen_explorer=""; seen_neo4j=""
while true; do
  [ -z "$seen_install" ] && [ -f .venv/.installed ] && seen_install=$(stamp) && echo "install done (.venv stamp): $seen_install s"
  [ -z "$seen_explorer" ] && [ -f service/static/explorer/index.html ] && seen_explorer=$(stamp) && echo "explorer built: $seen_explorer s"
  [ -z "$seen_neo4j" ] && grep -q "running (pid" "$D/make.log" 2>/dev/null && seen_neo4j=$(stamp) && echo "Neo4j running: $seen_neo4j s"
  if curl -s -m 2 -H 'content-type: application/json' -d '{"query":"{ countries(first: 1) { totalCount } }"}' http://127.0.0.1:8791/graphql | grep -q totalCount; then
    echo "first answer: $(stamp) s"; break
  fi
  if ! kill -0 "$(cat "$D/pid")" 2>/dev/null; then echo "make run ended without answering:"; tail -20 "$D/make.log"; break; fi
  sleep 0.2
done
kill -TERM -- -"$(cat "$D/pid")" 2>/dev/null || true
sleep 1
PARTNERNET_NEO4J_HOME=$D/repo/.partnernet/neo4j .venv/bin/partnernet neo4j stop >/dev/null 2>&1 || true
echo "end load: $(cut -d' ' -f1-3 /proc/loadavg)"
