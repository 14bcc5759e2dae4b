"""Measure load rates (nodes/s, relationships/s) of the seed graph and a synthetic graph; prints and writes JSON.

Usage: python -m bench.load_rate [--orgs 100000] [--projects 50000] [--seed 1] [--keep] [--concurrency 2]
Runs against PARTNERNET_NEO4J_URI and WIPES that database first: use a benchmark instance, not a dev graph.
Results go to bench/results/load_rate-<orgs>-<when>.json. When the server is the managed one, the JSON also
holds the server's CPU seconds per phase and the machine's load average, so a run on a busy machine can be told
apart from a slow loader.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from service.db.driver import create_driver
from service.db.migrations import migrate
from service.seeding.loader import load_seed_dir, load_seed_graph
from service.seeding.models import SeedGraph
from service.seeding.synthetic import (
    SYNTHETIC_BATCH,
    SYNTHETIC_CONCURRENCY,
    clear_synthetic,
    generate,
    load_plan,
)
from service.seeding.validate import read_seed_dir
from service.settings import REPO_ROOT, Settings

RESULTS = REPO_ROOT / "bench" / "results"
# Relationships first, then nodes: deleting a hub with its tens of thousands of relationships in one inner
# transaction can outlast the transaction timeout on a busy machine.
WIPE = (
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS",
    "MATCH (n) WHERE NOT n:_Migration CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS",
)


def server_cpu_seconds(settings: Settings) -> float | None:
    """User + system CPU seconds of the managed Neo4j process so far, or None when it is not ours."""
    pid_file = settings.neo4j_home / "run" / "partnernet-neo4j.pid"
    try:
        pid = int(pid_file.read_text().strip())
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _delta(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else round(after - before, 2)


async def run(orgs: int, projects: int, seed: int, keep: bool, concurrency: int, batch: int) -> dict[str, Any]:
    settings = Settings()
    driver = create_driver(settings)
    db = settings.neo4j_database
    seeds = REPO_ROOT / "seeds"
    try:
        await migrate(driver, database=db)
        async with driver.session(database=db) as session:
            for statement in WIPE:
                await (await session.run(statement)).consume()
        cpu0 = server_cpu_seconds(settings)
        seed_sum = await load_seed_dir(driver, database=db, path=seeds)
        cpu1 = server_cpu_seconds(settings)
        # A second load of the same seeds: the plans are cached now and nothing changes (idempotency).
        seed_again = await load_seed_dir(driver, database=db, path=seeds)
        async with driver.session(database=db) as session:
            for statement in WIPE:
                await (await session.run(statement)).consume()
        real = read_seed_dir(seeds)
        await load_seed_graph(driver, database=db, graph=SeedGraph(regions=real.regions, countries=real.countries))
        started = time.perf_counter()
        plan = generate(orgs=orgs, projects=projects, seed=seed, countries=[c.id for c in real.countries if c.regions])
        gen_seconds = time.perf_counter() - started
        load0, cpu2 = os.getloadavg()[0], server_cpu_seconds(settings)
        phase_cpu: dict[str, float | None] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if phase == "nodes" and done == total:
                phase_cpu["nodes_done"] = server_cpu_seconds(settings)

        syn = await load_plan(
            driver, database=db, plan=plan, progress=progress, batch_size=batch, concurrency=concurrency
        )
        cpu3, load1 = server_cpu_seconds(settings), os.getloadavg()[0]
        if not keep:
            try:
                await clear_synthetic(driver, database=db)
            except Exception as exc:  # the measurement is done; the next run wipes the graph first anyway
                print(f"could not clear the synthetic graph: {exc}")
    finally:
        await driver.close()
    rel_seconds = syn.seconds - syn.node_seconds
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "neo4j": settings.neo4j_version,
            "neo4j_heap": settings.neo4j_heap,
            "neo4j_pagecache": settings.neo4j_pagecache,
            "load_average_1m_before_after": [round(load0, 2), round(load1, 2)],
        },
        "seed_graph": {
            "nodes": seed_sum.node_rows,
            "relationships": seed_sum.relationship_rows,
            "seconds": round(seed_sum.seconds, 3),
            "nodes_per_second": round(seed_sum.node_rows / seed_sum.seconds),
            "relationships_per_second": round(seed_sum.relationship_rows / seed_sum.seconds),
            "server_cpu_seconds": _delta(cpu1, cpu0),
            "second_load_seconds": round(seed_again.seconds, 3),
            "note": "one transaction, MERGE with change detection; nodes and relationships timed together, "
            "so each rate is that kind's rows over the whole load",
        },
        "synthetic": {
            "orgs": orgs,
            "projects": projects,
            "seed": seed,
            "batch": batch,
            "concurrency": concurrency,
            "generate_seconds": round(gen_seconds, 3),
            "nodes": syn.node_rows,
            "relationships": syn.relationship_rows,
            "node_seconds": round(syn.node_seconds, 3),
            "relationship_seconds": round(rel_seconds, 3),
            "nodes_per_second": round(syn.node_rows / syn.node_seconds),
            "relationships_per_second": round(syn.relationship_rows / rel_seconds),
            "server_cpu_seconds_nodes": _delta(phase_cpu.get("nodes_done"), cpu2),
            "server_cpu_seconds_relationships": _delta(cpu3, phase_cpu.get("nodes_done")),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=SYNTHETIC_BATCH, help="rows per write transaction")
    parser.add_argument("--concurrency", type=int, default=SYNTHETIC_CONCURRENCY, help="transactions in flight")
    parser.add_argument("--keep", action="store_true", help="leave the synthetic graph in place")
    args = parser.parse_args()
    result = asyncio.run(run(args.orgs, args.projects, args.seed, args.keep, args.concurrency, args.batch))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load_rate-{args.orgs}-{result['when'][:19].replace(':', '')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"written to {out.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
