"""The floor: a bare Starlette endpoint on the service's stack that runs the captured Cypher and returns JSON.

Served by uvicorn with the service's worker count (`uvicorn --factory bench.floor:app_factory`), it reads the
captured units from the pickle named by BENCH_FLOOR_UNITS and answers POST /q {"q": query, "i": index} by
running that request's statements with the service's own driver settings and read/write helpers, then writing
the records as JSON with orjson. No GraphQL: what is left is HTTP, JSON and the driver.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson
from neo4j import AsyncDriver, AsyncManagedTransaction
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.inproc import Statement, Unit
from service.core.settings import Settings
from service.db.driver import create_driver, read, read_generated, write

Units = dict[str, list[list[Unit]]]


def _default(value: Any) -> Any:
    """JSON for the driver's own types (nodes, relationships, temporal values) the records may hold."""
    if hasattr(value, "items") and hasattr(value, "element_id"):
        return dict(value.items())
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(value: Any) -> bytes:
    """orjson with the driver's types handled."""
    return orjson.dumps(value, default=_default)


class ReplayRefused(Exception):
    """A replayed write that the graph refused even at the entity's current version: the floor did not do the
    service's work, so the request counts as failed."""


async def run_versioned(
    tx: Any, text: str, params: dict[str, Any], versions: dict[str, int]
) -> tuple[list[dict[str, Any]], Any]:
    """Run one statement and return its records and result.

    An optimistic-concurrency update of the write pipeline (service/editing: parameters `$id` and
    `$expectedVersion`, checked in the statement, whose record reports `problem`, `current` and `after`) is sent
    with the version this process last saw for the entity, as the bench client does with the service's answers.
    A stale guess (the first replay of an entity) is sent again with the version the statement reported, so every
    replay writes as the service's requests do; a refusal at that version raises ReplayRefused."""
    if "expectedVersion" not in params:
        result = await tx.run(text, params)
        return [dict(r) async for r in result], result
    key = str(params["id"])
    for _ in range(2):
        result = await tx.run(text, params | {"expectedVersion": versions.get(key, params["expectedVersion"])})
        records = [dict(r) async for r in result]
        rec = records[0] if records else {}
        if rec.get("problem") == "STALE_UPDATE" and rec.get("current") is not None:
            versions[key] = int(rec["current"])
            continue
        if rec.get("problem") is not None:
            break
        after = rec.get("after")
        if isinstance(after, dict) and "version" in after:
            versions[key] = int(after["version"])
        return records, result
    raise ReplayRefused(f"the replay of an update of {key} was refused: {rec.get('problem')}")


async def _tx_work(
    tx: AsyncManagedTransaction, statements: list[Statement], versions: dict[str, int]
) -> list[list[dict[str, Any]]]:
    return [(await run_versioned(tx, st.text, st.params, versions))[0] for st in statements]


async def run_units(
    driver: AsyncDriver, settings: Settings, units: list[Unit], versions: dict[str, int] | None = None
) -> list[Any]:
    """Run one request's units as the service ran them; the records of each, as dicts. `versions` carries the
    entities' versions from one request to the next (see run_versioned)."""
    versions = {} if versions is None else versions
    out: list[Any] = []
    db = settings.neo4j_database
    for unit in units:
        if unit.kind in ("read", "write", "run_read"):
            st = unit.statements[0]
            helper = {"read": read, "write": write, "run_read": read_generated}[unit.kind]
            records = await helper(
                driver,
                st.text,
                st.params,
                database=db,
                timeout_s=st.timeout or settings.query_timeout_s,
            )
            out.append([dict(r) for r in records])
        else:
            async with driver.session(database=db) as session:
                run = session.execute_write if unit.kind == "tx_write" else session.execute_read
                out.append(await run(_tx_work, unit.statements, versions))
    return out


def create_floor_app(settings: Settings, units: Units) -> Starlette:
    """The bare app: POST /q runs one captured request."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.driver = create_driver(settings)
        app.state.versions = {}
        try:
            yield
        finally:
            await app.state.driver.close()

    async def query(request: Request) -> Response:
        body = orjson.loads(await request.body())
        request_units = units[body["q"]][int(body["i"])]
        out = await run_units(request.app.state.driver, settings, request_units, request.app.state.versions)
        return Response(to_json(out[0] if len(out) == 1 else out), media_type="application/json")

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    return Starlette(routes=[Route("/q", query, methods=["POST"]), Route("/healthz", healthz)], lifespan=lifespan)


def app_factory() -> Starlette:
    """Entry point for `uvicorn --factory bench.floor:app_factory` (settings from PARTNERNET_* as the service)."""
    path = Path(os.environ["BENCH_FLOOR_UNITS"])
    units: Units = pickle.loads(path.read_bytes())  # noqa: S301  # written by this harness a moment ago
    return create_floor_app(Settings(), units)
