"""Capture, per query and parameter set, the exact statements the service sends, and PROFILE them for db hits."""

from __future__ import annotations

import datetime as dt
import random
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver

from bench.floor import ReplayRefused, run_versioned
from bench.inproc import InProcessService, Unit
from bench.mix import QuerySpec, Sample, answer_problems
from service.core.settings import Settings


@dataclass
class Captured:
    """What one query of the mix needs for the load phases: variables, the service's statements, their costs."""

    spec: QuerySpec
    variables: list[dict[str, Any]]
    units: list[list[Unit]]  # per parameter set: the units of work the service sent
    root_fields: int
    statements: list[int]  # per parameter set: statements sent
    errors: list[str] = field(default_factory=list)
    db_hits: list[int] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.units) and not self.errors


async def editor_token(driver: AsyncDriver, settings: Settings) -> str:
    """A fresh editor JWT stored in the bench graph (the mutation needs one)."""
    from service.auth.models import TokenKind
    from service.auth.repository import create_token
    from service.model.enums import TokenRole

    issued = await create_token(
        driver,
        settings=settings,
        name="bench-harness",
        role=TokenRole.EDITOR,
        kind=TokenKind.JWT,
        ttl=dt.timedelta(days=1),
    )
    return issued.secret


async def find_deep_cursor(svc: InProcessService, sample: Sample, *, position: int = 10_000) -> None:
    """Walk the title-ordered project list through the API to the cursor after item `position` (or near the end)."""
    status, body = await svc.post({"query": "{ projects { totalCount } }"})
    total = int(body["data"]["projects"]["totalCount"]) if status == 200 and body.get("data") else 0
    target = min(position, max(0, total - 10))
    after: str | None = None
    seen = 0
    doc = (
        "query($n: Int!, $after: String) { projects(first: $n, after: $after, orderBy: [{field: TITLE}]) "
        "{ pageInfo { endCursor } } }"
    )
    while seen < target:
        n = min(100, target - seen)
        status, body = await svc.post({"query": doc, "variables": {"n": n, "after": after}})
        if status != 200 or body.get("errors"):
            sample.notes.append(f"deep page: walking the list failed: {body.get('errors') if body else status}")
            return
        after = body["data"]["projects"]["pageInfo"]["endCursor"]
        seen += n
    sample.deep_cursor = after
    sample.deep_position = seen
    if seen < position:
        sample.notes.append(f"deep page: the graph holds {total} projects, so the page starts after item {seen}")


async def auth_statements(svc: InProcessService, headers: dict[str, str]) -> frozenset[str]:
    """The statements the service sends just to check the credentials in `headers`: what `{ __typename }` (which
    reads nothing) costs with them, asked twice (a token's first use and its later ones may be checked apart)."""
    if not headers:
        return frozenset()
    assert svc.recorder is not None
    texts: set[str] = set()
    for _ in range(2):
        svc.recorder.reset()
        await svc.post({"query": "{ __typename }"}, headers)
        texts.update(st.text for unit in svc.recorder.units for st in unit.statements)
    return frozenset(texts)


async def capture_query(
    svc: InProcessService,
    spec: QuerySpec,
    sample: Sample,
    *,
    count: int,
    seed: int,
    headers: dict[str, str],
) -> Captured:
    """Send `count` parameter sets through the in-process service, recording what it sends to Neo4j.

    A unit made only of credential checks (see auth_statements) runs before the GraphQL layer; the floor receives
    no token, so it replays none. A statement that checks the token as part of its work is replayed whole."""
    rng = random.Random(f"{seed}:{spec.name}")
    variables = spec.variables(sample, rng, count)
    doc = spec.document
    cap = Captured(spec=spec, variables=variables, units=[], root_fields=len(spec.roots), statements=[])
    auth = await auth_statements(svc, headers)
    assert svc.recorder is not None
    for v in variables:
        svc.recorder.reset()
        status, body = await svc.post({"query": doc, "variables": v}, headers)
        errs = answer_problems(body)
        if status != 200 or errs:
            cap.errors.append(f"HTTP {status}: {'; '.join(errs)[:300]}")
            break
        cap.units.append([u for u in svc.recorder.units if not all(s.text in auth for s in u.statements)])
        # Every statement counts, the token check of an authenticated request included.
        cap.statements.append(sum(len(u.statements) for u in svc.recorder.units))
    if not variables:
        cap.errors.append("no parameters could be drawn from this graph")
    return cap


_VERSION = re.compile(r"\s*CYPHER\s+\d+\b", re.IGNORECASE)


def profiled(text: str) -> str:
    """The statement under PROFILE, after its `CYPHER <version>` prefix when it has one (the reference's do)."""
    m = _VERSION.match(text)
    return f"{text[: m.end()]} PROFILE{text[m.end() :]}" if m else "PROFILE " + text


def _hits(plan: Any) -> int:
    if plan is None:
        return 0
    own = int(plan.get("dbHits", 0)) if isinstance(plan, dict) else 0
    children = plan.get("children", []) if isinstance(plan, dict) else []
    return own + sum(_hits(c) for c in children)


async def profile_units(driver: AsyncDriver, *, database: str, units: list[Unit]) -> tuple[int, int]:
    """(db hits, rows) of one request's statements under PROFILE, inside a transaction that is rolled back."""
    hits = rows = 0
    async with driver.session(database=database) as session:
        tx = await session.begin_transaction()
        try:
            for unit in units:
                for st in unit.statements:
                    records, result = await run_versioned(tx, profiled(st.text), st.params, {})
                    summary = await result.consume()
                    hits += _hits(summary.profile)
                    rows += len(records)
        finally:
            await tx.rollback()
    return hits, rows


async def profile_query(driver: AsyncDriver, *, database: str, cap: Captured, samples: int = 5) -> None:
    """PROFILE the first `samples` parameter sets; keeps db hits and rows per set."""
    for units in cap.units[:samples]:
        try:
            hits, rows = await profile_units(driver, database=database, units=units)
        except ReplayRefused as exc:
            cap.errors.append(str(exc))
            return
        cap.db_hits.append(hits)
        cap.rows.append(rows)


def median_or_none(values: list[int] | list[float]) -> float | None:
    return statistics.median(values) if values else None
