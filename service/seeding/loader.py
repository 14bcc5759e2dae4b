"""Load a validated seed graph: UNWIND batches, MERGE on ids, all in one write transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, LiteralString

from neo4j import AsyncDriver, AsyncManagedTransaction, RoutingControl

from service.core.errors import InvalidInputError
from service.engine.privacy import mirrored_labels
from service.seeding.cypher import (
    GRAPH_IS_NEW,
    NEW_NODES,
    NEW_RELATIONSHIPS,
    SEED_FINGERPRINT,
    SET_SEED_FINGERPRINT,
    STEPS,
    Step,
)
from service.seeding.models import LoadSummary, SeedGraph
from service.seeding.rows import Row, Rows, graph_rows
from service.seeding.validate import read_seed_dir

BATCH_SIZE = 5_000
LOADER_ACTOR = "seed-loader"

# progress(step_key, rows_done_in_step, rows_in_step, rows_done_total, rows_total)
Progress = Callable[[str, int, int, int, int], None]


def batches(rows: Sequence[Row], size: int) -> list[Sequence[Row]]:
    """`rows` cut into consecutive slices of at most `size` rows."""
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def fingerprint(plan: list[tuple[Step, list[Row]]]) -> str:
    """A digest of a load: every statement and every row it writes (the same seeds and loader, the same digest)."""
    digest = hashlib.sha256()
    for step, rows in plan:
        digest.update(step.cypher.encode())
        digest.update(json.dumps(rows, sort_keys=True, default=str).encode())
    return digest.hexdigest()


@dataclass
class _Load:
    """One load's writes, in its one transaction: the rows of every step and the change counters so far."""

    tx: AsyncManagedTransaction
    plan: list[tuple[Step, list[Row]]]
    params: dict[str, Any]
    progress: Progress | None
    batch_size: int
    totals: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("nodes_created", "relationships_created", "properties_set", "labels_added"), 0
        )
    )

    async def _run(self, cypher: LiteralString, rows: Sequence[Any]) -> Any:
        result = await self.tx.run(cypher, rows=list(rows), **self.params)
        record = await result.single()
        counters = (await result.consume()).counters
        for key in self.totals:
            self.totals[key] += getattr(counters, key)
        return record

    async def merge(self) -> None:
        """Each step's rows through its MERGE statement (any graph)."""
        grand = sum(len(rows) for _, rows in self.plan)
        done_total = 0
        for step, rows in self.plan:
            done = 0
            for chunk in batches(rows, self.batch_size):
                await self._run(step.cypher, chunk)
                done += len(chunk)
                done_total += len(chunk)
                if self.progress is not None:
                    self.progress(step.key, done, len(rows), done_total, grand)

    async def create(self) -> None:
        """Every row created in a graph that holds nothing yet: NEW_NODES, then NEW_RELATIONSHIPS (cypher.py says
        why)."""
        nodes: list[dict[str, Any]] = []
        for step, rows in self.plan:
            if step.is_node:
                for row in rows:
                    props = {**row["props"], "id": row["id"]}
                    labels = [*step.labels, *mirrored_labels(props)]
                    nodes.append({"ref": f"{step.labels[0]}:{row['id']}", "labels": labels, "props": props})
        ids: dict[str, str] = {}
        for chunk in batches(nodes, self.batch_size):
            ids.update((await self._run(NEW_NODES, chunk))["ids"])
        rels: list[dict[str, Any]] = []
        for step, rows in self.plan:
            if not step.is_node:
                source, target = step.ends
                for row in rows:
                    props = {**row["props"], "id": row["id"]} if step.record else {}
                    ends = [ids.get(f"{label}:{row[side]}") for label, side in ((source, "a"), (target, "b"))]
                    if None in ends:  # validated seeds never get here; any other rows fail whole, naming the link
                        raise InvalidInputError(
                            f"{step.key}: no {source} {row['a']!r} or no {target} {row['b']!r} to link"
                        )
                    rels.append({"a": ends[0], "b": ends[1], "type": step.counts_as, "props": props})
        for chunk in batches(rels, self.batch_size):
            await self._run(NEW_RELATIONSHIPS, chunk)
        if self.progress is not None:
            done_total, grand = 0, sum(len(rows) for _, rows in self.plan)
            for step, rows in self.plan:
                done_total += len(rows)
                self.progress(step.key, len(rows), len(rows), done_total, grand)


async def _write_all(
    tx: AsyncManagedTransaction,
    plan: list[tuple[Step, list[Row]]],
    params: dict[str, Any],
    progress: Progress | None,
    batch_size: int,
    mark: str | None = None,
) -> dict[str, int]:
    load = _Load(tx, plan, params, progress, batch_size)
    new = await (await tx.run(GRAPH_IS_NEW)).single(strict=True)
    if new["new"] and any(rows for _, rows in plan):
        await load.create()
    else:
        await load.merge()
    if mark is not None:
        await (await tx.run(SET_SEED_FINGERPRINT, fingerprint=mark, now=params["now"])).consume()
    return load.totals


async def load_rows(
    driver: AsyncDriver, *, database: str, rows: Rows, actor: str = LOADER_ACTOR, progress: Progress | None = None,
    batch_size: int = BATCH_SIZE, if_changed: bool = False,
) -> LoadSummary:  # fmt: skip
    """Write every step's rows in one write transaction; returns rows per label/type and change counters.

    `if_changed` (make run): when the graph's fingerprint says it holds exactly these rows, loaded by this
    loader, nothing is sent but that one read (`unchanged` in the summary): a server just started would
    otherwise plan all 33 statements again, seconds of work to change nothing; edits made through the API since
    are kept. Otherwise the load records the fingerprint.
    """
    plan = [(step, rows.get(step.key, [])) for step in STEPS]
    params = {"now": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "actor": actor}
    nodes: dict[str, int] = {}
    rels: dict[str, int] = {}
    for step, step_rows in plan:
        bucket = nodes if step.is_node else rels
        bucket[step.counts_as] = bucket.get(step.counts_as, 0) + len(step_rows)
    started = time.perf_counter()
    mark = fingerprint(plan) if if_changed else None
    if mark is not None:
        found, _, _ = await driver.execute_query(SEED_FINGERPRINT, database_=database, routing_=RoutingControl.READ)
        if found and found[0]["fingerprint"] == mark:
            return LoadSummary(nodes=nodes, relationships=rels, seconds=time.perf_counter() - started, unchanged=True)
    async with driver.session(database=database) as session:
        totals = await session.execute_write(_write_all, plan, params, progress, batch_size, mark)
    return LoadSummary(
        nodes=nodes,
        relationships=rels,
        seconds=time.perf_counter() - started,
        nodes_created=totals["nodes_created"],
        relationships_created=totals["relationships_created"],
        properties_set=totals["properties_set"],
        labels_added=totals["labels_added"],
    )


async def load_seed_graph(
    driver: AsyncDriver, *, database: str, graph: SeedGraph, progress: Progress | None = None, if_changed: bool = False
) -> LoadSummary:
    """Load a validated seed graph idempotently in one transaction; returns what was written (`if_changed`: see
    load_rows)."""
    return await load_rows(driver, database=database, rows=graph_rows(graph), progress=progress, if_changed=if_changed)


async def load_seed_dir(
    driver: AsyncDriver, *, database: str, path: Path, progress: Progress | None = None
) -> LoadSummary:
    """Validate every file in `path` (raising SeedValidationError before any write), then load them."""
    graph = read_seed_dir(path)
    return await load_seed_graph(driver, database=database, graph=graph, progress=progress)
