"""Measure load rates (nodes/s, relationships/s) of the seed graph and a synthetic graph; prints and writes JSON.

Usage: python bench/load_rate.py [--orgs 100000] [--projects 50000] [--seed 1] [--mode online|offline|both]
       [--repeat 3] [--batch N] [--concurrency 2] [--no-calibration] [--keep] [--out DIR]
Runs against PARTNERNET_NEO4J_URI and WIPES that database first: use a benchmark instance, not a dev graph.
- The seed graph is loaded twice (the second load changes nothing).
- Calibration: the synthetic plan's topology written the way the synthetic loader writes it, under a label and
  a type no index covers, thin (an id) and then with the model's properties, and last the loader's own
  statements with the real labels and schema through the same bare batch loop: the floor the online load is
  held to (target: at least 0.8 of it per phase).
- online: the synthetic graph through Cypher UNWIND batches, `--repeat` times into an emptied graph (median).
- offline: `neo4j-admin database import` (service.seeding.offline), which stops the managed server, REPLACES its
  database and starts it again; every phase is timed and counted.
Results go to bench/results/load_rate-<orgs>[-mode]-<when>.json, with a summary table (.md) of each way of
loading against its target (offline: the 100k graph usable within 60 s, generation included). When the server
is the managed one, the JSON also holds the server's CPU per row and the machine's load average, so a run on a
busy machine can be told apart from a slow loader.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import re
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, LiteralString

from neo4j import AsyncDriver, Query

from service.core.settings import REPO_ROOT, Settings
from service.db.driver import create_driver
from service.db.migrations import migrate
from service.seeding.cypher import SYNTHETIC_COUNTRY_IDS, SYNTHETIC_NODE, SYNTHETIC_REL
from service.seeding.loader import load_seed_dir, load_seed_graph
from service.seeding.models import LoadSummary, SeedGraph
from service.seeding.offline import build_offline
from service.seeding.synthetic import (
    SYNTHETIC_BATCH,
    SYNTHETIC_CONCURRENCY,
    Row,
    SyntheticPlan,
    by_element_id,
    chunks,
    generate,
    load_plan,
    write_batches,
)
from service.seeding.validate import read_seed_dir

RESULTS = REPO_ROOT / "bench" / "results"
# The targets (issue 18; issue 4's absolute 50k nodes/s is retired: bench/README.md says why): the online load
# reaches this share of the calibration floor with the same schema, per phase, and the offline build of the
# 100k graph is usable end to end (generation included) within this many seconds.
ONLINE_OVER_FLOOR: Final = 0.8
OFFLINE_USABLE_SECONDS: Final = 60.0
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
    if not settings.uses_managed_server:  # an external server's CPU is not ours to read
        return None
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


CALIBRATION_NODE: Final[LiteralString] = (
    "UNWIND $rows AS r CREATE (x:_LoadCalibration {id: r[0]}) RETURN collect([r[0], elementId(x)]) AS ids"
)
CALIBRATION_REL: Final[LiteralString] = (
    "UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r[0] MATCH (b) WHERE elementId(b) = r[1] "
    "CREATE (a)-[:_CALIBRATES]->(b)"
)


def unindexed(statement: LiteralString) -> LiteralString:
    """A synthetic node or relationship statement with its labels or type swapped for calibration ones, which no
    index or constraint covers: the same properties, written the same way, without the schema's upkeep."""
    swapped, nodes = re.subn(r"\(x:[A-Za-z_:]+ \{", "(x:_LoadCalibration {", statement)
    swapped, rels = re.subn(r"-\[:[A-Za-z0-9_]+(\]| \{)", r"-[:_CALIBRATES\1", swapped)
    if nodes + rels != 1:  # a statement this does not understand would be measured with its schema: refuse
        raise ValueError(f"cannot swap the label or type of exactly one pattern in: {statement}")
    return swapped  # built from literals only (mypy reads LiteralString as plain str)


async def _timed_batches(
    driver: AsyncDriver,
    settings: Settings,
    jobs: Sequence[tuple[LiteralString, Sequence[Row]]],
    *,
    concurrency: int,
    prepare: Callable[[Sequence[Row]], list[Row]] = list,
) -> tuple[list[list[Row]], float, float | None]:
    """Run the jobs as the synthetic loader does; returns their results, wall seconds and server CPU seconds."""
    cpu0, t0 = server_cpu_seconds(settings), time.perf_counter()
    results = await write_batches(
        driver, database=settings.neo4j_database, jobs=jobs, concurrency=concurrency, prepare=prepare,
        on_done=lambda _n: None,
    )  # fmt: skip
    return results, time.perf_counter() - t0, _delta(server_cpu_seconds(settings), cpu0)


def _rates(nodes: int, rels: int, times: tuple[float, float | None, float, float | None]) -> dict[str, Any]:
    node_s, node_cpu, rel_s, rel_cpu = times
    return {
        "node_seconds": round(node_s, 3),
        "relationship_seconds": round(rel_s, 3),
        "nodes_per_second": round(nodes / node_s),
        "relationships_per_second": round(rels / rel_s),
        "server_cpu_us_per_node": _per_row_us(node_cpu, nodes),
        "server_cpu_us_per_relationship": _per_row_us(rel_cpu, rels),
    }


async def _calibrate(
    driver: AsyncDriver, settings: Settings, plan: SyntheticPlan, real: SeedGraph, *, batch: int, concurrency: int
) -> dict[str, Any]:
    """Two loads of the plan's topology, written exactly as the synthetic loader writes (UNWIND batches, the same
    order and transactions in flight, endpoints by element id), under labels and a type no index covers:

    - thin: a node with one property (its id) per node of the plan and of the countries it links to, and the
      plan's relationships between them with no property;
    - with properties: the synthetic loader's own statements, properties and all, only without the schema.

    The synthetic load adds the real labels and the indexes: the three rows split a row's cost into the
    server's floor, the model's properties and the schema's upkeep. The thin load runs twice (the first, not
    counted, warms a just-started server's write path up, which would otherwise be charged to the calibration
    alone, since it runs first). Nothing of the calibration stays behind, even when a load fails."""
    ids = [row[0] for rows in plan.nodes.values() for row in rows]
    known = set(ids)
    ids += sorted({end for rows in plan.rels.values() for row in rows for end in row[:2] if end not in known})
    node_rows = [[i] for i in ids]
    thin_nodes = [(CALIBRATION_NODE, c) for c in chunks(node_rows, batch)]
    thin_rels = [(CALIBRATION_REL, c) for rows in plan.rels.values() for c in chunks(rows, batch)]
    full_nodes = [(unindexed(SYNTHETIC_NODE[k]), c) for k, rows in plan.nodes.items() for c in chunks(rows, batch)]
    full_rels = [(unindexed(SYNTHETIC_REL[k]), c) for k, rows in plan.rels.items() for c in chunks(rows, batch)]
    countries = [(CALIBRATION_NODE, c) for c in chunks(node_rows[plan.node_count :], batch)]

    def element_ids(results: list[list[Row]]) -> dict[str, str]:
        return {node_id: eid for pairs in results for node_id, eid in pairs}

    try:
        for _warm_up_first in (True, False):
            results, node_s, node_cpu = await _timed_batches(driver, settings, thin_nodes, concurrency=concurrency)
            prepare = by_element_id(element_ids(results), values=False)
            _, rel_s, rel_cpu = await _timed_batches(
                driver, settings, thin_rels, concurrency=concurrency, prepare=prepare
            )
            await _wipe(driver, settings.neo4j_database)
        thin = _rates(len(node_rows), plan.rel_count, (node_s, node_cpu, rel_s, rel_cpu))

        results, node_s, node_cpu = await _timed_batches(driver, settings, full_nodes, concurrency=concurrency)
        # the countries, written thin, are not part of the node figures (the synthetic load finds them in place)
        ends, _, _ = await _timed_batches(driver, settings, countries, concurrency=concurrency)
        prepare = by_element_id(element_ids(results + ends))
        _, rel_s, rel_cpu = await _timed_batches(driver, settings, full_rels, concurrency=concurrency, prepare=prepare)
        with_properties = _rates(plan.node_count, plan.rel_count, (node_s, node_cpu, rel_s, rel_cpu))
        await _wipe(driver, settings.neo4j_database)
        with_schema = await _floor_with_schema(driver, settings, plan, real, batch=batch, concurrency=concurrency)
    finally:
        await _wipe(driver, settings.neo4j_database)
    return {
        "nodes": len(node_rows),
        "relationships": plan.rel_count,
        "thin": thin,
        "with_properties": with_properties,
        "with_properties_nodes": plan.node_count,
        "with_schema": with_schema,
        "note": "the synthetic plan's topology under a label and a type no index covers (Neo4j's label and type "
        "lookup indexes aside): 'thin' with an id property only (its nodes include the countries the plan links "
        "to), 'with_properties' with the synthetic loader's own properties (the countries, written thin, are not "
        "counted), 'with_schema' the loader's own statements under the real labels, into a graph holding the real "
        "regions and countries, with every constraint and index (the floor the online load is held to); same "
        "batches, order and transactions in flight as the synthetic online load",
    }


async def _floor_with_schema(
    driver: AsyncDriver, settings: Settings, plan: SyntheticPlan, real: SeedGraph, *, batch: int, concurrency: int
) -> dict[str, Any]:
    """The synthetic loader's own statements, real labels and schema, into a graph holding the real places, run
    by the calibration's bare batch loop: what the server needs for this load, without the loader around it."""
    db = settings.neo4j_database
    await load_seed_graph(driver, database=db, graph=real.places())
    records, _, _ = await driver.execute_query(SYNTHETIC_COUNTRY_IDS, database_=db)
    countries: dict[str, str] = dict(records[0]["ids"])
    nodes = [(SYNTHETIC_NODE[k], c) for k, rows in plan.nodes.items() for c in chunks(rows, batch)]
    rels = [(SYNTHETIC_REL[k], c) for k, rows in plan.rels.items() for c in chunks(rows, batch)]
    results, node_s, node_cpu = await _timed_batches(driver, settings, nodes, concurrency=concurrency)
    ids = countries | {node_id: eid for pairs in results for node_id, eid in pairs}
    prepare = by_element_id(ids)
    _, rel_s, rel_cpu = await _timed_batches(driver, settings, rels, concurrency=concurrency, prepare=prepare)
    return _rates(plan.node_count, plan.rel_count, (node_s, node_cpu, rel_s, rel_cpu))


def _per_row_us(cpu_seconds: float | None, rows: int) -> float | None:
    return None if cpu_seconds is None else round(cpu_seconds / rows * 1e6, 1)


async def _online_run(
    driver: AsyncDriver, settings: Settings, plan: SyntheticPlan, real: SeedGraph, *, batch: int, concurrency: int
) -> dict[str, Any]:
    """One online load of the synthetic plan into an emptied graph (the real regions and countries first)."""
    db = settings.neo4j_database
    await _wipe(driver, db)
    await load_seed_graph(driver, database=db, graph=real.places())
    load0, cpu0 = os.getloadavg()[0], server_cpu_seconds(settings)
    phase_cpu: dict[str, float | None] = {}

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "nodes" and done == total:
            phase_cpu["nodes_done"] = server_cpu_seconds(settings)

    syn = await load_plan(driver, database=db, plan=plan, progress=progress, batch_size=batch, concurrency=concurrency)
    cpu1, load1 = server_cpu_seconds(settings), os.getloadavg()[0]
    rel_seconds = syn.seconds - syn.node_seconds
    return {
        "node_seconds": round(syn.node_seconds, 3),
        "relationship_seconds": round(rel_seconds, 3),
        "nodes_per_second": round(syn.node_rows / syn.node_seconds),
        "relationships_per_second": round(syn.relationship_rows / rel_seconds),
        "entities_per_second": round((syn.node_rows + syn.relationship_rows) / syn.seconds),
        "server_cpu_us_per_node": _per_row_us(_delta(phase_cpu.get("nodes_done"), cpu0), syn.node_rows),
        "server_cpu_us_per_relationship": _per_row_us(_delta(cpu1, phase_cpu.get("nodes_done")), syn.relationship_rows),
        "load_average_1m_before_after": [round(load0, 2), round(load1, 2)],
    }


async def run(
    orgs: int,
    projects: int,
    seed: int,
    *,
    keep: bool = False,
    concurrency: int = SYNTHETIC_CONCURRENCY,
    batch: int = SYNTHETIC_BATCH,
    mode: str = "online",
    repeat: int = 3,
    calibrate: bool = True,
) -> dict[str, Any]:
    """Seed load (twice), calibration, then the synthetic graph online (`repeat` times), offline, or both."""
    settings = Settings()
    driver = create_driver(settings)
    db = settings.neo4j_database
    seeds = REPO_ROOT / "seeds"
    result: dict[str, Any] = {}
    try:
        await migrate(driver, database=db)
        await _wipe(driver, db)
        cpu0 = server_cpu_seconds(settings)
        seed_sum = await load_seed_dir(driver, database=db, path=seeds)
        cpu1 = server_cpu_seconds(settings)
        # A second load of the same seeds: the plans are cached now and nothing changes (idempotency).
        seed_again = await load_seed_dir(driver, database=db, path=seeds)
        result = _seed_result(settings, seed_sum, seed_again, cpu0, cpu1)
        await _wipe(driver, db)
        real = read_seed_dir(seeds)
        started = time.perf_counter()
        plan = generate(orgs=orgs, projects=projects, seed=seed, countries=real.regional_countries())
        gen_seconds = time.perf_counter() - started
        if calibrate:
            result["calibration"] = await _calibrate(driver, settings, plan, real, batch=batch, concurrency=concurrency)
        if mode in ("online", "both"):
            runs = [
                await _online_run(driver, settings, plan, real, batch=batch, concurrency=concurrency)
                for _ in range(repeat)
            ]
            result["synthetic"] = {
                "orgs": orgs,
                "projects": projects,
                "seed": seed,
                "batch": batch,
                "concurrency": concurrency,
                "generate_seconds": round(gen_seconds, 3),
                "nodes": plan.node_count,
                "relationships": plan.rel_count,
                "runs": runs,
                # per key, and always one run's figure (the lower middle one for an even number of runs)
                "median": {
                    key: statistics.median_low(r[key] for r in runs)
                    for key in ("nodes_per_second", "relationships_per_second", "entities_per_second")
                },
                "note": "each run loads into an emptied graph, after the calibration (which has warmed the server's "
                "write path up); median per key",
            }
            if not keep and mode == "online":
                await _wipe(driver, db)
    finally:
        await driver.close()
    if mode in ("offline", "both"):
        result["synthetic_offline"] = await _offline(settings, orgs, projects, seed)
    result["summary"] = summarise(result)
    return result


def summarise(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per load measured: nodes/s, relationships/s, and, for the online and offline loads, the target
    they are held to and whether they meet it (the calibration rows are the yardsticks)."""
    rows: list[dict[str, Any]] = []

    def row(load: str, n: Any, r: Any, target: str = "", met: bool | None = None, **extra: Any) -> None:
        rows.append({"load": load, "nodes_per_second": n, "relationships_per_second": r, "target": target,
                     "meets_target": met, **extra})  # fmt: skip

    floor = None
    if "calibration" in result:
        cal = result["calibration"]
        thin, full = cal["thin"], cal["with_properties"]
        row("calibration: the same topology, thin (an id, no index), UNWIND batches",
            thin["nodes_per_second"], thin["relationships_per_second"])  # fmt: skip
        row("calibration: the same topology with the model's properties, no index",
            full["nodes_per_second"], full["relationships_per_second"])  # fmt: skip
        floor = cal.get("with_schema")
        if floor is not None:
            row("calibration floor: the loader's statements, the same schema, a bare batch loop",
                floor["nodes_per_second"], floor["relationships_per_second"])  # fmt: skip
    if "synthetic" in result:
        syn = result["synthetic"]
        med = syn["median"]
        worst = min(syn["runs"], key=lambda run: run["entities_per_second"])
        for name, figures in (
            (f"online, UNWIND batches of {syn['batch']}: median of {len(syn['runs'])} runs (per column)", med),
            ("online, the slowest run", worst),
        ):
            n, r = figures["nodes_per_second"], figures["relationships_per_second"]
            if floor is None:
                row(name, n, r, f">= {ONLINE_OVER_FLOOR} of the calibration floor (not measured: --no-calibration)")
                continue
            shares = (round(n / floor["nodes_per_second"], 2), round(r / floor["relationships_per_second"], 2))
            row(name, n, r, f">= {ONLINE_OVER_FLOOR} of the floor: {shares[0]} / {shares[1]}",
                min(shares) >= ONLINE_OVER_FLOOR, share_of_floor=shares)  # fmt: skip
    if "synthetic_offline" in result:
        off = result["synthetic_offline"]
        row("offline: neo4j-admin import stages", off["importer_nodes_per_second"],
            off["importer_relationships_per_second"])  # fmt: skip
        seconds = off["end_to_end_seconds"]
        row("offline: usable end to end (generation, import, restart, schema, index population)",
            off["nodes_per_second_end_to_end"], off["relationships_per_second_end_to_end"],
            f"<= {OFFLINE_USABLE_SECONDS:.0f} s: {seconds:.1f} s", seconds <= OFFLINE_USABLE_SECONDS)  # fmt: skip
    return rows


def summary_markdown(result: dict[str, Any]) -> str:
    lines = ["| load | nodes/s | relationships/s | target | met |", "|---|---|---|---|---|"]
    for r in result["summary"]:
        n, rel = (r[k] for k in ("nodes_per_second", "relationships_per_second"))
        rates = " | ".join("n/a" if v is None else f"{v:,}" for v in (n, rel))
        met = "" if r["meets_target"] is None else ("met" if r["meets_target"] else "missed")
        lines.append(f"| {r['load']} | {rates} | {r['target']} | {met} |")
    return "\n".join(lines)


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
    parser.add_argument(
        "--mode",
        choices=("online", "offline", "both"),
        default="online",
        help="online: Cypher UNWIND batches; offline: neo4j-admin import (graph kept); both: one, then the other",
    )
    parser.add_argument("--offline", action="store_true", help="same as --mode offline")
    parser.add_argument("--repeat", type=int, default=3, help="online loads of the synthetic graph (median reported)")
    parser.add_argument("--no-calibration", action="store_true", help="skip both calibration loads")
    parser.add_argument("--keep", action="store_true", help="leave the online synthetic graph in place")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results directory (default {RESULTS})")
    args = parser.parse_args()
    for name in ("repeat", "batch", "concurrency"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1, got {getattr(args, name)}")
    mode = "offline" if args.offline else args.mode
    result = asyncio.run(
        run(
            args.orgs,
            args.projects,
            args.seed,
            keep=args.keep,
            concurrency=args.concurrency,
            batch=args.batch,
            mode=mode,
            repeat=args.repeat,
            calibrate=not args.no_calibration,
        )
    )
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if mode == "online" else f"-{mode}"
    out = args.out / f"load_rate-{args.orgs}{suffix}-{result['when'][:19].replace(':', '')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    table = summary_markdown(result)
    out.with_suffix(".md").write_text(table + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(table)
    print(f"written to {out} and {out.with_suffix('.md').name}")


if __name__ == "__main__":
    main()
