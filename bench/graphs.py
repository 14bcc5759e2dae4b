"""The benchmark graphs: each lives in its own managed Neo4j home and ports, built once and reused when present."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from service.core.settings import REPO_ROOT, Settings
from service.db.driver import create_driver
from service.db.migrations import migrate
from service.db.server import ManagedNeo4j
from service.seeding.loader import load_seed_dir
from service.seeding.offline import build_offline

BENCH_HOMES = REPO_ROOT / ".partnernet"
MARKER = "bench-graph.json"
# Relationships first, then nodes: deleting a hub with its tens of thousands of relationships in one inner
# transaction can outlast the transaction timeout on a busy machine.
WIPE = (
    "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS",
    "MATCH (n) WHERE NOT n:_Migration CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS",
)


@dataclass(frozen=True)
class GraphSpec:
    """A named benchmark graph: the seeds, or a synthetic graph of `orgs` organisations and `projects` projects."""

    name: str
    kind: str  # "seed" | "synthetic"
    bolt_port: int
    http_port: int
    heap: str
    pagecache: str
    orgs: int = 0
    projects: int = 0
    seed: int = 1

    def identity(self) -> dict[str, Any]:
        """What makes two builds the same graph (ports and memory may change without a rebuild)."""
        return {"kind": self.kind, "orgs": self.orgs, "projects": self.projects, "seed": self.seed}


# Bench ports 7762-7769 / 7862-7869: never the dev (7687) or test (7688) servers.
GRAPHS: dict[str, GraphSpec] = {
    "seed": GraphSpec("seed", "seed", 7762, 7862, "512m", "512m"),
    "10k": GraphSpec("10k", "synthetic", 7763, 7863, "1g", "1g", orgs=10_000, projects=5_000),
    "100k": GraphSpec("100k", "synthetic", 7764, 7864, "2g", "2g", orgs=100_000, projects=50_000),
}


@dataclass
class BenchGraph:
    """A graph ready to query: its spec, the settings that reach it, and whether this run started its server."""

    spec: GraphSpec
    settings: Settings
    started_here: bool
    build: dict[str, Any]


def settings_for(spec: GraphSpec, base: Settings) -> Settings:
    """Settings that point at the graph's own managed server (everything else as in `base`)."""
    home = BENCH_HOMES / f"bench-{spec.name}"
    return base.model_copy(
        update={
            "neo4j_home": home,
            "neo4j_bolt_port": spec.bolt_port,
            "neo4j_http_port": spec.http_port,
            "neo4j_uri": f"neo4j://127.0.0.1:{spec.bolt_port}",
            "neo4j_heap": spec.heap,
            "neo4j_pagecache": spec.pagecache,
        }
    )


def read_marker(home: Path) -> dict[str, Any] | None:
    """The build record of a graph home, or None when it was never (completely) built."""
    try:
        data: dict[str, Any] = json.loads((home / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


async def _build_offline(spec: GraphSpec, settings: Settings, log: Any) -> dict[str, Any]:
    """A synthetic graph through neo4j-admin import (the home is the graph's own, so replacing its database is
    what a rebuild means anyway)."""
    build = await build_offline(
        settings, orgs=spec.orgs, projects=spec.projects, seed=spec.seed, seeds_path=REPO_ROOT / "seeds", replace=True
    )
    summary = build.summary
    log(
        f"built graph {spec.name} offline: {summary.node_rows} nodes, {summary.relationship_rows} relationships "
        f"in {build.seconds:.1f}s"
    )
    return {
        "nodes": summary.node_rows,
        "relationships": summary.relationship_rows,
        "seconds": round(build.seconds, 2),
        "phases": build.phases,
        "how": "offline (neo4j-admin database import)",
    }


async def _build(spec: GraphSpec, settings: Settings, log: Any) -> dict[str, Any]:
    if spec.kind == "synthetic":
        return await _build_offline(spec, settings, log)
    driver = create_driver(settings)
    db = settings.neo4j_database
    seeds = REPO_ROOT / "seeds"
    try:
        await migrate(driver, database=db)
        async with driver.session(database=db) as session:
            for statement in WIPE:
                await (await session.run(statement)).consume()
        started = time.perf_counter()
        summary = await load_seed_dir(driver, database=db, path=seeds)
        await driver.execute_query("CALL db.awaitIndexes(600)", database_=db)
        seconds = time.perf_counter() - started
    finally:
        await driver.close()
    rows = f"{summary.node_rows} nodes, {summary.relationship_rows} relationships"
    log(f"built graph {spec.name}: {rows} in {seconds:.1f}s")
    return {
        "nodes": summary.node_rows,
        "relationships": summary.relationship_rows,
        "seconds": round(seconds, 2),
        "node_seconds": round(summary.node_seconds, 2),
    }


async def _migrate(settings: Settings) -> None:
    driver = create_driver(settings)
    try:
        await migrate(driver, database=settings.neo4j_database)  # other engineers' new indexes land here too
        await driver.execute_query("CALL db.awaitIndexes(600)", database_=settings.neo4j_database)
    finally:
        await driver.close()


def ensure_graph(spec: GraphSpec, base: Settings, *, log: Any, rebuild: bool = False) -> BenchGraph:
    """Start the graph's server (if needed) and build the graph unless a complete build of it is present."""
    settings = settings_for(spec, base)
    server = ManagedNeo4j(settings)
    started_here = server.pid() is None
    if started_here:
        log(f"starting Neo4j for graph {spec.name} on bolt port {spec.bolt_port} ({settings.neo4j_home})")
    server.start()
    marker = read_marker(settings.neo4j_home)
    if rebuild or marker is None or marker.get("identity") != spec.identity():
        (settings.neo4j_home / MARKER).unlink(missing_ok=True)
        log(f"building graph {spec.name} (once; later runs reuse it)")
        build = asyncio.run(_build(spec, settings, log))
        marker = {"identity": spec.identity(), "spec": asdict(spec), "build": build}
        (settings.neo4j_home / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    else:
        asyncio.run(_migrate(settings))
    return BenchGraph(spec=spec, settings=settings, started_here=started_here, build=marker["build"])


def current_server_graph(name: str, base: Settings) -> BenchGraph:
    """The graph the configured server already holds (PARTNERNET_NEO4J_URI), used as-is: for the smoke test."""
    spec = GRAPHS.get(name, GraphSpec(name, "seed", base.neo4j_bolt_port, base.neo4j_http_port, "", ""))
    return BenchGraph(spec=spec, settings=base, started_here=False, build={"note": "existing server, not built"})


def stop_graph(graph: BenchGraph) -> None:
    """Stop the graph's server if this run started it."""
    if graph.started_here:
        ManagedNeo4j(graph.settings).stop()
