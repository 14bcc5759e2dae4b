"""The import plan (rows per import step, references to check) and its one-transaction apply, dry or real."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from neo4j import AsyncDriver, AsyncManagedTransaction

from service.db.driver import read
from service.io.import_cypher import EXISTING_IDS, STEP_BY_KEY, STEPS, node_step_key, rel_step_key
from service.io.models import AUDIT_KEYS, FieldChange, ImportOutcome, ImportReport, RecordOutcome
from service.io.problems import ImportValidationError, problem_order
from service.model.catalog import match_label
from service.model.enums import Confidence
from service.model.graph import NODE_TYPES
from service.model.spec import Prop
from service.seeding.errors import FileProblem
from service.seeding.loader import batches

BATCH_SIZE = 5_000
# Stored properties that are not part of the API (`synthetic`): a review leaves them out.
UNEXPOSED: Final = frozenset(p.name for t in NODE_TYPES for p in t.props if not p.exposed)
IMPORT_ACTOR = "importer"

Row = dict[str, Any]
# progress(step_key, rows_done_total, rows_total)
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Ref:
    """A reference from an input record to a node that must exist, in the import or in the graph."""

    label: str
    id: str
    problem: FileProblem


@dataclass
class ImportPlan:
    """What an import writes: rows per step key, the nodes it defines and the references it makes."""

    sources: list[str] = field(default_factory=list)
    rows: dict[str, list[Row]] = field(default_factory=dict)
    defined: dict[str, set[str]] = field(default_factory=dict)
    refs: list[Ref] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    notices: list[FileProblem] = field(default_factory=list)  # what a reviewer should know; nothing wrong
    seen: dict[tuple[str, str], str] = field(default_factory=dict)

    def _add(self, step: str, row: Row, key: tuple[str, str], where: tuple[str, str, str]) -> None:
        file, place, fieldname = where
        first = self.seen.get(key)
        if first is not None:
            self.problems.append(FileProblem(file, place, fieldname, f"duplicate {key[0]} {key[1]!r} ({first})"))
            return
        self.seen[key] = f"first at {file} {place}"
        self.rows.setdefault(step, []).append(row)

    def add_node(
        self, type_name: str, node_id: str, props: Mapping[str, Any], *, source: str, where: tuple[str, str, str],
        defaults: Mapping[str, Any] | None = None,
    ) -> None:  # fmt: skip
        """A node of a concrete type to MERGE on (label, id): its given properties (a property left out keeps its
        stored value), and `defaults`, set only when the node is created."""
        label = match_label(type_name)
        row = {
            "id": node_id,
            "props": _given(props),
            "meta": {"importSource": source},
            "defaults": dict(defaults or {}),
        }
        self._add(node_step_key(type_name), row, (label, node_id), where)
        self.defined.setdefault(label, set()).add(node_id)

    def add_link(
        self, a: tuple[str, str], rel: str, b: tuple[str, str], *, source: str, where: tuple[str, str, str],
        replace: bool = False, props: Mapping[str, Any] | None = None,
    ) -> None:  # fmt: skip
        """A relationship without an id (MERGEd on its endpoints); both endpoints must exist."""
        key = f"{a[0]}:{a[1]}-{rel}->{b[0]}:{b[1]}"
        row = {"key": key, "a": a[1], "b": b[1], "props": _given(props or {}), "meta": {"importSource": source}}
        self._add(rel_step_key(a[0], rel, b[0], replace=replace), row, (rel, key), where)

    def add_keyed(
        self, a: tuple[str, str], rel: str, b: tuple[str, str], rel_id: str, props: Mapping[str, Any], *,
        source: str, where: tuple[str, str, str], inherit: bool = False, derive: bool = False,
        defaults: Mapping[str, Any] | None = None,
    ) -> None:  # fmt: skip
        """A relationship with its own id (participation, membership), MERGEd on that id."""
        row = {
            "id": rel_id, "a": a[1], "b": b[1], "props": _given(props), "meta": {"importSource": source},
            "inherit": inherit, "derive": derive, "defaults": dict(defaults or {}),
        }  # fmt: skip
        self._add(rel_step_key(a[0], rel, b[0]), row, (rel, rel_id), where)

    def require(self, label: str, node_id: str, problem: FileProblem) -> None:
        """Record that `label:node_id` must exist; `problem` is reported when it does not."""
        self.refs.append(Ref(label, node_id, problem))

    @property
    def row_count(self) -> int:
        return sum(len(r) for r in self.rows.values())


# What a record an import creates holds where the input says nothing (MODEL.md: provenance on every record).
NEW_RECORD: Final[dict[str, Any]] = {
    "synthetic": False,
    "confidence": Confidence.HIGH.value,
    "notes": [],
    "sources": [],
}


def new_record(props: Iterable[Prop], **extra: Any) -> dict[str, Any]:
    """The values a record with these properties takes on create where the input leaves them out: provenance, the
    registry's defaults (a project's status UNKNOWN, a membership's MEMBER), and `extra`."""
    return NEW_RECORD | {p.name: p.default for p in props if p.default is not None} | extra


def _given(props: Mapping[str, Any]) -> dict[str, Any]:
    """The properties an input gives: a null one (an empty cell) leaves the stored value as it is."""
    return {k: v for k, v in props.items() if v is not None}


async def check_references(driver: AsyncDriver, *, database: str, plan: ImportPlan, timeout_s: float) -> None:
    """Add a problem for every reference that names neither a node of the import nor one in the graph."""
    wanted: dict[str, set[str]] = {}
    for ref in plan.refs:
        if ref.id not in plan.defined.get(ref.label, set()):
            wanted.setdefault(ref.label, set()).add(ref.id)
    found: dict[str, set[str]] = {}
    for label, ids in wanted.items():
        records = await read(driver, EXISTING_IDS[label], {"ids": sorted(ids)}, database=database, timeout_s=timeout_s)
        found[label] = {r["id"] for r in records}
    for ref in plan.refs:
        if ref.id not in plan.defined.get(ref.label, set()) and ref.id not in found.get(ref.label, set()):
            plan.problems.append(ref.problem)


def raise_problems(plan: ImportPlan) -> None:
    """Raise ImportValidationError when the plan has collected any problem."""
    if plan.problems:
        raise ImportValidationError(plan.problems)


class _DryRun(Exception):
    """Raised inside the write transaction of a dry run so the driver rolls it back."""

    def __init__(self, outcomes: list[RecordOutcome]) -> None:
        super().__init__("dry run")
        self.outcomes = outcomes


async def _apply_tx(
    tx: AsyncManagedTransaction,
    plan: ImportPlan,
    params: dict[str, Any],
    dry_run: bool,
    progress: Progress | None,
    batch_size: int,
) -> list[RecordOutcome]:
    outcomes: list[RecordOutcome] = []
    total = plan.row_count
    done = 0
    for step in STEPS:
        rows = plan.rows.get(step.key, [])
        for chunk in batches(rows, batch_size):
            async for rec in await tx.run(step.cypher, rows=list(chunk), **params):
                changes = tuple(
                    FieldChange(c["field"], c["old"], c["new"]) for c in rec["changes"] if c["field"] not in UNEXPOSED
                )
                outcome = (
                    ImportOutcome.CREATED if rec["created"]
                    else ImportOutcome.CHANGED if changes else ImportOutcome.UNCHANGED
                )  # fmt: skip
                name = " -> ".join(str(n) for n in rec["names"] if n is not None)
                outcomes.append(RecordOutcome(step.kind, rec["key"], outcome, changes, name))
            done += len(chunk)
            if progress is not None:
                progress(step.key, done, total)
    if dry_run:
        raise _DryRun(outcomes)
    return outcomes


async def apply_plan(
    driver: AsyncDriver,
    *,
    database: str,
    plan: ImportPlan,
    dry_run: bool = False,
    actor: str = IMPORT_ACTOR,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Write a valid plan in one transaction (rolled back when `dry_run`); returns each record's outcome."""
    raise_problems(plan)
    unknown = set(plan.rows) - set(STEP_BY_KEY)
    assert not unknown, f"rows for unknown import steps {unknown}"
    params = {
        "now": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "actor": actor,
        "audit": sorted(AUDIT_KEYS),
    }
    started = time.perf_counter()
    async with driver.session(database=database) as session:
        try:
            outcomes = await session.execute_write(_apply_tx, plan, params, dry_run, progress, batch_size)
        except _DryRun as dry:
            outcomes = dry.outcomes
    return ImportReport(
        dry_run=dry_run,
        records=tuple(outcomes),
        seconds=time.perf_counter() - started,
        sources=tuple(plan.sources),
        notices=tuple(sorted(set(plan.notices), key=problem_order)),
    )
