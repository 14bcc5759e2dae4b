"""Overload: many closed-loop clients against one worker, with and without the in-flight bound (issue 17).

    python bench/overload.py                        # seed graph, 200 clients, 30 s per run, bound 64 then none
    python bench/overload.py --clients 200 --duration 60 --bounds 64,0

For each bound (`PARTNERNET_MAX_IN_FLIGHT`; 0: no bound) it starts `partnernet serve --workers 1` on the bench's
seed graph (its own Neo4j, bench/graphs.py), runs the clients for a warm-up and then the measured window, and
reports the served requests' rate and latency percentiles, and the refusals (503 OVERLOADED; a refused client
waits what `Retry-After` says, as a well-behaved client or load balancer does, then sends again). Results go to
bench/results/overload-<when>.{json,md}. A benchmark, not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.graphs import GRAPHS, ensure_graph, stop_graph
from bench.load import free_port, settings_env, start_server
from bench.machine import machine_facts
from service.core.settings import Settings

RESULTS = Path(__file__).resolve().parent / "results"
QUERY = (
    "query Nested { projects(first: 10) { edges { node { title countries { name } participants(first: 5) "
    "{ edges { role node { __typename name locatedIn { name } } } } } } } }"
)


@dataclass
class Tally:
    served: list[float] = field(default_factory=list)  # seconds, answered 200
    refused: int = 0  # 503
    failed: int = 0  # anything else, or no answer


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def _clients(url: str, clients: int, warmup_s: float, duration_s: float) -> Tally:
    tally = Tally()
    start = time.monotonic()
    measure_from, stop_at = start + warmup_s, start + warmup_s + duration_s
    body = json.dumps({"query": QUERY}).encode()
    headers = {"content-type": "application/json"}

    async def client(session: aiohttp.ClientSession) -> None:
        while (now := time.monotonic()) < stop_at:
            status, retry_after = 0, 0.0
            try:
                async with session.post(url, data=body, headers=headers) as r:
                    await r.read()
                    status = r.status
                    retry_after = float(r.headers.get("retry-after", "0"))
            except (aiohttp.ClientError, TimeoutError):
                status = 0
            ended = time.monotonic()
            if now >= measure_from and ended <= stop_at:
                if status == 200:
                    tally.served.append(ended - now)
                elif status == 503:
                    tally.refused += 1
                else:
                    tally.failed += 1
            if status == 503:
                await asyncio.sleep(retry_after)

    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))
    return tally


def run_bound(settings: Settings, bound: int, args: argparse.Namespace, log_dir: Path) -> dict[str, Any]:
    port = free_port()
    env = settings_env(settings) | {"PARTNERNET_MAX_IN_FLIGHT": str(bound), "PARTNERNET_LOG_LEVEL": "warning"}
    argv = [sys.executable, "-m", "service", "serve", "--port", str(port), "--workers", "1"]
    server = start_server("service", argv, env, port, log_dir)
    try:
        tally = asyncio.run(_clients(server.base_url + "/graphql", args.clients, args.warmup, args.duration))
    finally:
        server.stop()
    served = tally.served
    return {
        "bound": bound,
        "clients": args.clients,
        "duration_s": args.duration,
        "served": len(served),
        "served_per_s": round(len(served) / args.duration, 1),
        "refused": tally.refused,
        "failed": tally.failed,
        "p50_ms": round(_pct(served, 0.50), 1),
        "p95_ms": round(_pct(served, 0.95), 1),
        "p99_ms": round(_pct(served, 0.99), 1),
        "max_ms": round(max(served) * 1000, 1) if served else None,
        "mean_ms": round(statistics.fmean(served) * 1000, 1) if served else None,
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--duration", type=float, default=30.0, help="measured seconds per run")
    p.add_argument("--warmup", type=float, default=5.0)
    p.add_argument("--bounds", default="64,0", help="PARTNERNET_MAX_IN_FLIGHT values to run, 0 for none")
    p.add_argument("--out", type=Path, default=RESULTS)
    p.add_argument("--note", action="append", default=[])
    args = p.parse_args(argv)

    graph = ensure_graph(GRAPHS["seed"], Settings(), log=lambda m: print(f"[overload] {m}", flush=True))
    runs = []
    try:
        log_dir = Path(tempfile.mkdtemp(prefix="partnernet-overload-"))  # the servers' logs, left for a look
        for bound in (int(b) for b in args.bounds.split(",")):
            result = run_bound(graph.settings, bound, args, log_dir)
            print(f"[overload] {result}", flush=True)
            runs.append(result)
    finally:
        stop_graph(graph)
    when = datetime.now(UTC)
    stamp = when.strftime("%Y-%m-%dT%H%M%S")
    facts = machine_facts(graph.settings.neo4j_version)
    report = {"when": when.isoformat(timespec="seconds"), "query": QUERY, "machine": facts, "notes": args.note,
              "runs": runs}  # fmt: skip
    (args.out / f"overload-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    lines = [
        f"# Overload, {report['when']}: {args.clients} closed-loop clients, one worker, seed graph",
        "",
        f"Machine: {facts.get('cores')} cores; load average at the end {facts.get('load_average')}. "
        + " ".join(args.note),
        "",
        "| in-flight bound | served/s | p50 ms | p95 ms | p99 ms | max ms | refused (503) | failed |",
        "|---|---|---|---|---|---|---|---|",
        *(
            f"| {r['bound'] or 'none'} | {r['served_per_s']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
            f"{r['max_ms']} | {r['refused']} | {r['failed']} |"
            for r in runs
        ),
    ]
    (args.out / f"overload-{stamp}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
