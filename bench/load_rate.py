"""Measure load rates (nodes/s, relationships/s) of the seed graph and a synthetic graph; prints and writes JSON.

Usage: python -m bench.load_rate [--orgs 100000] [--projects 50000] [--seed 1] [--keep] [--concurrency 2] [--offline]
Runs against PARTNERNET_NEO4J_URI and WIPES that database first: use a benchmark instance, not a dev graph.
With --offline the synthetic graph is built by `neo4j-admin database import` (service.seeding.offline), which
stops the managed server, REPLACES its database and starts it again; every phase is timed and counted.
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
import resource
import time
from pathlib import Path
from typing import Any

from neo4j import AsyncDriver, Query

from service.db.driver import create_driver
from service.db.migrations import migrate
from service.seeding.loader import load_seed_dir, load_seed_graph
from service.seeding.models import LoadSummary, SeedGraph
from service.seeding.offline import build_offline
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
WIPE_TIMEOUT_S = 1800.0
WIPE = (
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS",
    "MATCH (n) WHERE NOT n:_Migration CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS",
)


async def _wipe(driver: AsyncDriver, database: str) -> None:
    # The whole wipe is one outer transaction: a 1M-relationship graph on a busy machine outlasts the server's
    # default timeout (120 s), so it gets its own.
    async with driver.session(database=database) as session:
        for statement in WIPE:
            await (await session.run(Query(statement, timeout=WIPE_TIMEOUT_S))).consume()


def _server_pid(settings: Settings) -> int | None:
    try:
        return int((settings.neo4j_home / "run" / "partnernet-neo4j.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def server_cpu_seconds(settings: Settings) -> float | None:
    """User + system CPU seconds of the managed Neo4j process so far, or None when it is not ours."""
    pid = _server_pid(settings)
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _delta(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else round(after - before, 2)


async def run(
    orgs: int, projects: int, seed: int, keep: bool, concurrency: int, batch: int, offline: bool = False
) -> dict[str, Any]:
    settings = Settings()
    driver = create_driver(settings)
    db = settings.neo4j_database
    seeds = REPO_ROOT / "seeds"
    try:
        await migrate(driver, database=db)
        await _wipe(driver, db)
        cpu0 = server_cpu_seconds(settings)
        seed_sum = await load_seed_dir(driver, database=db, path=seeds)
        cpu1 = server_cpu_seconds(settings)
        # A second load of the same seeds: the plans are cached now and nothing changes (idempotency).
        seed_again = await load_seed_dir(driver, database=db, path=seeds)
        await _wipe(driver, db)
        if offline:
            await driver.close()
            return _seed_result(settings, seed_sum, seed_again, cpu0, cpu1) | {
                "synthetic_offline": await _offline(settings, orgs, projects, seed)
            }
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
    result = _seed_result(settings, seed_sum, seed_again, cpu0, cpu1)
    result["machine"]["load_average_1m_before_after"] = [round(load0, 2), round(load1, 2)]
    return result | {
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


def _seed_result(
    settings: Settings, first: LoadSummary, again: LoadSummary, cpu0: float | None, cpu1: float | None
) -> dict[str, Any]:
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "neo4j": settings.neo4j_version,
            "neo4j_heap": settings.neo4j_heap,
            "neo4j_pagecache": settings.neo4j_pagecache,
        },
        "seed_graph": {
            "nodes": first.node_rows,
            "relationships": first.relationship_rows,
            "seconds": round(first.seconds, 3),
            "nodes_per_second": round(first.node_rows / first.seconds),
            "relationships_per_second": round(first.relationship_rows / first.seconds),
            "server_cpu_seconds": _delta(cpu1, cpu0),
            "second_load_seconds": round(again.seconds, 3),
            "second_load_nodes_per_second": round(again.node_rows / again.seconds),
            "second_load_relationships_per_second": round(again.relationship_rows / again.seconds),
            "note": "one transaction, MERGE with change detection; nodes and relationships timed together, "
            "so each rate is that kind's rows over the whole load",
        },
    }


async def _offline(settings: Settings, orgs: int, projects: int, seed: int) -> dict[str, Any]:
    """Build the synthetic graph offline and report every phase, the importer's own stages and CPU seconds."""
    load0 = os.getloadavg()[0]
    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Server CPU seconds per phase: the server restarts during the build, so a phase that ends on a new server
    # process is charged that process's CPU since its start (the JVM's start-up included).
    phase_cpu: dict[str, float | None] = {}
    last: list[tuple[int | None, float | None]] = [(_server_pid(settings), server_cpu_seconds(settings))]

    def progress(phase: str) -> None:
        pid, cpu = _server_pid(settings), server_cpu_seconds(settings)
        before_pid, before_cpu = last[0]
        phase_cpu[phase] = _delta(cpu, before_cpu if pid == before_pid else 0.0) if pid is not None else None
        last[0] = (pid, cpu)

    build = await build_offline(
        settings,
        orgs=orgs,
        projects=projects,
        seed=seed,
        seeds_path=REPO_ROOT / "seeds",
        replace=True,
        progress=progress,
    )
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    load1 = os.getloadavg()[0]
    nodes, rels = build.summary.node_rows, build.summary.relationship_rows
    total = build.seconds
    loading = total - build.phases.get("generate", 0.0)  # as the online figures, generation left out
    imp = build.importer
    rel_stage = imp.get("relationship_import", 0.0) + imp.get("relationship_linking", 0.0)
    return {
        "orgs": orgs,
        "projects": projects,
        "seed": seed,
        "nodes": nodes,
        "relationships": rels,
        "phases_seconds": build.phases,
        "importer_stages_seconds": imp,
        "importer_cpu_seconds": round(
            (children1.ru_utime - children0.ru_utime) + (children1.ru_stime - children0.ru_stime), 2
        ),
        "server_cpu_seconds_since_restart": server_cpu_seconds(settings),
        "server_cpu_seconds_per_phase": phase_cpu,
        "load_average_1m_before_after": [round(load0, 2), round(load1, 2)],
        "end_to_end_seconds": round(total, 3),
        "load_seconds_without_generate": round(loading, 3),
        "nodes_per_second_end_to_end": round(nodes / loading),
        "relationships_per_second_end_to_end": round(rels / loading),
        "entities_per_second_end_to_end": round((nodes + rels) / loading),
        "importer_nodes_per_second": round(nodes / imp["node_import"]) if imp.get("node_import") else None,
        "importer_relationships_per_second": round(rels / rel_stage) if rel_stage else None,
        "note": "end to end = write CSV + stop server + import + start server + empty lists + migrations (index "
        "and constraint creation) + real countries + index population; generation of the plan left out as in "
        "the online figures (phases_seconds has it). The importer stages count only neo4j-admin's own work.",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=SYNTHETIC_BATCH, help="rows per write transaction")
    parser.add_argument("--concurrency", type=int, default=SYNTHETIC_CONCURRENCY, help="transactions in flight")
    parser.add_argument("--keep", action="store_true", help="leave the synthetic graph in place")
    parser.add_argument(
        "--offline", action="store_true", help="build the synthetic graph with neo4j-admin import (kept in place)"
    )
    args = parser.parse_args()
    result = asyncio.run(
        run(args.orgs, args.projects, args.seed, args.keep, args.concurrency, args.batch, offline=args.offline)
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    mode = "-offline" if args.offline else ""
    out = RESULTS / f"load_rate-{args.orgs}{mode}-{result['when'][:19].replace(':', '')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(f"written to {out.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
