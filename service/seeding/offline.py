"""Build a synthetic graph offline: CSV files for `neo4j-admin database import`, then schema and countries online.

The online loader (synthetic.py) pushes every row through Cypher, so each node and relationship pays for a
transaction's bookkeeping and for index maintenance one entry at a time. The importer writes the store files
directly and the indexes are then populated in bulk. It REPLACES the whole database, so it is only for a
managed server holding a benchmark graph (`partnernet seed synthetic --offline`). The graph is the one the online
loader writes from the same plan: same labels, properties, relationships, constraints and indexes (a test
compares the two).
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from neo4j import AsyncDriver, RoutingControl

from service.core.errors import ConflictError, InvalidInputError
from service.core.settings import Settings
from service.db.driver import create_driver
from service.db.migrations import migrate
from service.db.server import ManagedNeo4j
from service.model.catalog import GROUP_BY_TYPE
from service.model.graph import NODE_TYPES
from service.model.spec import NodeType, Prop, Scalar
from service.seeding.cypher import (
    EMPTY,
    NOW,
    SYNTHETIC_EMPTY_LISTS,
    SYNTHETIC_FOREIGN_COUNT,
    SYNTHETIC_NODE_SHAPES,
    SYNTHETIC_REL_SHAPES,
    At,
    Column,
    SyntheticShape,
)
from service.seeding.loader import load_seed_graph
from service.seeding.models import LoadSummary, SeedGraph
from service.seeding.synthetic import Row, SyntheticPlan, generate
from service.seeding.validate import read_seed_dir

# An import file's columns are the synthetic statements' (service.seeding.cypher: SYNTHETIC_NODE_SHAPES,
# SYNTHETIC_REL_SHAPES) with the importer's headers: `id:ID` for a node's key, the registry's type for numbers
# and booleans (strings need none). `sources` and `notes` ([]) are set after the import: a CSV field cannot hold
# an empty list (the importer leaves the property out).

_IMPORT_TYPES: Final[dict[Scalar, str]] = {Scalar.BOOL: ":boolean", Scalar.INT: ":long", Scalar.FLOAT: ":double"}


@dataclass(frozen=True)
class _Spec:
    """One import file: the labels (nodes) or type (relationships) it holds, and its columns."""

    name: str
    columns: tuple[Column, ...]  # (header, source)


def _headers(shape: SyntheticShape, props: Sequence[Prop], *, key: str) -> tuple[Column, ...]:
    """The import file's columns: `key` heads the stored key (`id`), the registry types the others."""
    types = {p.name: p.type for p in props}
    return tuple(
        (key if prop == "id" else prop + _IMPORT_TYPES.get(types[prop], ""), source)
        for prop, source in shape.columns
        if source is not EMPTY
    )


_BY_LABEL: Final[dict[str, NodeType]] = {t.node_label: t for t in NODE_TYPES}


def _node_spec(shape: SyntheticShape) -> _Spec:
    return _Spec(":".join(shape.labels), _headers(shape, _BY_LABEL[shape.labels[-1]].props, key="id:ID"))


NODE_SPECS: Final[dict[str, _Spec]] = {k: _node_spec(shape) for k, shape in SYNTHETIC_NODE_SHAPES.items()}
_ENDS: Final[tuple[Column, ...]] = ((":START_ID", At(0)), (":END_ID", At(1)))
REL_SPECS: Final[dict[str, _Spec]] = {
    k: _Spec(k, (*_ENDS, *_headers(shape, GROUP_BY_TYPE[k].props if k in GROUP_BY_TYPE else (), key="id")))
    for k, shape in SYNTHETIC_REL_SHAPES.items()
}
# The real countries the synthetic relationships point at: imported as stubs (id and createdAt), then completed
# by the seed loader's MERGE, which finds them by id and sets every property and audit field as on creation.
COUNTRY_STUB: Final = _Spec("Country", (("id:ID", At(0)), ("createdAt", NOW)))

# phase name, seconds so far (for a progress line)
OfflineProgress = Callable[[str], None]


@dataclass
class OfflineBuild:
    """What an offline build wrote and how long each phase took (seconds, in order)."""

    summary: LoadSummary
    phases: dict[str, float] = field(default_factory=dict)
    importer: dict[str, float] = field(default_factory=dict)  # the importer's own stage times

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())


def _cell(value: Any, now: str) -> Any:
    if value is NOW:
        return now
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _write(path: Path, spec: _Spec, rows: Iterable[Row], now: str) -> None:
    picks = [(src.i if isinstance(src, At) else None, _cell(src, now)) for _, src in spec.columns]
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow([header for header, _ in spec.columns])
        out.writerows([_cell(row[i], now) if i is not None else value for i, value in picks] for row in rows)


def write_import_files(
    plan: SyntheticPlan, *, countries: Sequence[str], directory: Path, now: str
) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """Write one CSV file (header row first) per node statement and relationship type of `plan`, plus the
    country stubs; returns (labels, file) and (type, file) pairs for ManagedNeo4j.admin_import."""
    directory.mkdir(parents=True, exist_ok=True)
    nodes: list[tuple[str, Path]] = []
    rels: list[tuple[str, Path]] = []
    stub = directory / "nodes-country.csv"
    _write(stub, COUNTRY_STUB, ([c] for c in countries), now)
    nodes.append((COUNTRY_STUB.name, stub))
    for key, rows in plan.nodes.items():
        path = directory / f"nodes-{key.replace(':', '-').lower()}.csv"
        _write(path, NODE_SPECS[key], rows, now)
        nodes.append((NODE_SPECS[key].name, path))
    for key, rows in plan.rels.items():
        path = directory / f"rels-{key.lower()}.csv"
        _write(path, REL_SPECS[key], rows, now)
        rels.append((REL_SPECS[key].name, path))
    return nodes, rels


_STAGE = re.compile(r"^(Node import|Relationship import|Relationship linking|Post processing) COMPLETED in (.+)$")
_DONE = re.compile(r"^IMPORT DONE in (.+?)\.?\s*$")
_PART = re.compile(r"(\d+)(ms|s|m|h)")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def _duration(text: str) -> float:
    return round(sum(int(n) * _UNIT[u] for n, u in _PART.findall(text)), 3)


def importer_stages(report: str) -> dict[str, float]:
    """Stage times (seconds) from neo4j-admin's import output: node import, relationship import, ..., total."""
    stages: dict[str, float] = {}
    for line in report.splitlines():
        line = line.strip()
        if m := _STAGE.match(line):
            stages[m[1].lower().replace(" ", "_")] = _duration(m[2])
        elif m := _DONE.match(line):
            stages["total"] = _duration(m[1])
    return stages


async def _refuse_foreign_data(settings: Settings) -> None:
    driver = create_driver(settings)
    try:
        records, _, _ = await driver.execute_query(
            SYNTHETIC_FOREIGN_COUNT, database_=settings.neo4j_database, routing_=RoutingControl.READ
        )
    finally:
        await driver.close()
    foreign = int(records[0]["n"])
    if foreign:
        raise ConflictError(
            f"the database holds {foreign} nodes besides a synthetic graph, regions and countries; an offline build "
            "replaces the whole database, so pass --clear to allow it (or use a benchmark home)"
        )


async def _finish(driver: AsyncDriver, *, database: str, real: SeedGraph, timed: Callable[[str], Any]) -> None:
    async with driver.session(database=database) as session:
        await (await session.run(SYNTHETIC_EMPTY_LISTS)).consume()
    timed("empty lists")
    await migrate(driver, database=database)
    timed("migrate")
    await load_seed_graph(driver, database=database, graph=real.places())
    timed("countries")
    await driver.execute_query("CALL db.awaitIndexes(1200)", database_=database)
    timed("index population")


async def build_offline(
    settings: Settings,
    *,
    orgs: int,
    projects: int,
    seed: int,
    seeds_path: Path,
    progress: OfflineProgress | None = None,
    replace: bool = False,
) -> OfflineBuild:
    """Replace the managed server's database with a synthetic graph built by neo4j-admin import (stopping and
    restarting the server), apply the migrations and load the real regions and countries; times every phase.

    Unless `replace`, a graph that holds anything but a synthetic graph, regions and countries is left alone
    (ConflictError): the import would delete it. A stopped server is started first so that its graph can be
    looked at.
    """
    if not settings.uses_managed_server:
        raise InvalidInputError("an offline build needs the managed server (PARTNERNET_NEO4J_URI on its bolt port)")
    server = ManagedNeo4j(settings)
    if not replace:
        if server.pid() is None:
            await asyncio.to_thread(server.start)
        await _refuse_foreign_data(settings)
    phases: dict[str, float] = {}
    mark = time.perf_counter()

    def timed(phase: str) -> None:
        nonlocal mark
        now_ = time.perf_counter()
        phases[phase] = round(now_ - mark, 3)
        mark = now_
        if progress is not None:
            progress(phase)

    real = read_seed_dir(seeds_path)  # validates before anything is touched
    countries = [c.id for c in real.countries]
    plan = generate(orgs=orgs, projects=projects, seed=seed, countries=real.regional_countries())
    timed("generate")
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    files = settings.neo4j_home / "import" / "synthetic"
    node_files, rel_files = await asyncio.to_thread(
        write_import_files, plan, countries=countries, directory=files, now=now
    )
    timed("write csv")
    await asyncio.to_thread(server.stop)
    timed("stop server")
    report = await asyncio.to_thread(
        server.admin_import, database=settings.neo4j_database, nodes=node_files, relationships=rel_files
    )
    timed("import")
    for path in (*(p for _, p in node_files), *(p for _, p in rel_files)):
        path.unlink(missing_ok=True)
    await asyncio.to_thread(server.start)
    timed("start server")
    driver = create_driver(settings)
    try:
        await _finish(driver, database=settings.neo4j_database, real=real, timed=timed)
    finally:
        await driver.close()
    node_counts: dict[str, int] = {}
    for key, rows in plan.nodes.items():
        label = key.split(":")[0]
        node_counts[label] = node_counts.get(label, 0) + len(rows)
    summary = LoadSummary(
        nodes=node_counts,
        relationships={key: len(rows) for key, rows in plan.rels.items()},
        nodes_created=plan.node_count,
        relationships_created=plan.rel_count,
        seconds=sum(phases.values()),
    )
    return OfflineBuild(summary=summary, phases=phases, importer=importer_stages(report))
