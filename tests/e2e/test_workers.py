"""`partnernet serve --workers N`: the workers share nothing but Neo4j, so a token revoked while every worker
remembers it is refused by all of them at once, and a change made through one is read through any."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from neo4j import AsyncDriver

from service.auth.repository import create_token, revoke_token
from service.client import post_graphql
from service.core.settings import Settings
from service.model.enums import TokenRole
from tests.e2e.conftest import LiveService, start_service, stop_service

pytestmark = pytest.mark.e2e

WORKERS = 2
ROUNDS = 12  # requests per step, over fresh connections, so that every worker takes some (the kernel spreads them)


@pytest.fixture(scope="module")
def two_workers(neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    live = start_service(neo4j_server, Path(tmp_path_factory.mktemp("workers")), workers=WORKERS)
    yield live
    stop_service(live)


async def _each(live: LiveService, document: str, token: str) -> list[dict[str, object]]:
    """The same request ROUNDS times, each on a connection of its own."""

    async def one() -> dict[str, object]:
        async with aiohttp.ClientSession() as session:
            _, body = await post_graphql(live.graphql_url, document, token=token, session=session)
            return body

    return list(await asyncio.gather(*(one() for _ in range(ROUNDS))))


def _codes(body: dict[str, object]) -> list[str]:
    return [e.get("extensions", {}).get("code", "") for e in body.get("errors") or []]  # type: ignore[attr-defined]


async def test_a_revoked_token_is_refused_by_every_worker_at_once(
    two_workers: LiveService, clean_graph: AsyncDriver, settings: Settings
) -> None:
    editor = await create_token(clean_graph, settings=settings, name="leaver", role=TokenRole.EDITOR)
    create = 'mutation { createTheme(input: {name: "Prisons"}) { changeSeq userErrors { code } } }'
    created = await _each(two_workers, create, editor.secret)
    assert [_codes(b) for b in created] == [[]] * ROUNDS  # the token was accepted by whichever worker took each
    outcomes = sorted(str(b["data"]["createTheme"]["userErrors"]) for b in created)  # type: ignore[index]
    assert outcomes == ["[]"] + ["[{'code': 'CONFLICT'}]"] * (ROUNDS - 1)  # one create, then duplicates
    await revoke_token(clean_graph, settings=settings, token_id=editor.token.id)
    refused = await _each(two_workers, 'mutation { createTheme(input: {name: "Courts"}) { changeSeq } }', editor.secret)
    assert [_codes(b) for b in refused] == [["TOKEN_REVOKED"]] * ROUNDS
    themes = await clean_graph.execute_query("MATCH (t:Theme) RETURN collect(t.id) AS ids")
    assert themes.records[0]["ids"] == ["prisons"]


def _served(metrics: str, operation: str) -> float:
    """What /metrics counts of `operation` answered with 200, summed over its label sets."""
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith("partnernet_graphql_requests_total{")
        and f'operation="{operation}"' in line
        and 'status="200"' in line
    )


async def test_metrics_sum_every_worker_and_logs_are_json_with_request_ids(
    two_workers: LiveService, seeded_graph: AsyncDriver
) -> None:
    """Whichever worker answers a scrape, it counts the requests of all workers (prometheus-client's
    multiprocess mode); each request's log line is one JSON object with its id, which the answer echoes."""
    document = "query WorkerCount { __typename }"

    async def one(i: int) -> str:
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                two_workers.graphql_url, json={"query": document}, headers={"x-request-id": f"workers-{i}"}
            ) as r,
        ):
            assert r.status == 200
            return r.headers["x-request-id"]

    def logged() -> dict[str, dict[str, object]]:
        lines = [json.loads(line) for line in two_workers.log.read_text().splitlines() if line.startswith("{")]
        return {str(e["request_id"]): e for e in lines if str(e.get("request_id", "")).startswith("workers-")}

    # Batches of requests on fresh connections until both workers have answered some (the kernel spreads them).
    echoed: list[str] = []
    for _ in range(10):
        echoed += await asyncio.gather(*(one(len(echoed) + i) for i in range(ROUNDS)))
        await asyncio.sleep(0.2)  # their log lines are written within 0.05 s
        if len({e["pid"] for e in logged().values()}) == WORKERS:
            break
    assert echoed == [f"workers-{i}" for i in range(len(echoed))]
    # A worker logs and counts its requests in batches, at most PARTNERNET_REQUEST_LOG_INTERVAL_S (0.05 s) late,
    # in one go: once every request is logged, every worker has counted it too.
    for _ in range(100):
        if set(logged()) == set(echoed):
            break
        await asyncio.sleep(0.05)
    assert len({e["pid"] for e in logged().values()}) == WORKERS, "the requests did not reach both workers"
    scrapes = []
    for _ in range(6):  # fresh connections: the scrapes land on either worker
        async with aiohttp.ClientSession() as session, session.get(two_workers.base_url + "/metrics") as r:
            scrapes.append(_served(await r.text(), "WorkerCount"))
    assert scrapes == [float(len(echoed))] * len(scrapes)

    entries = logged()
    assert set(entries) == set(echoed)
    entry = entries["workers-0"]
    assert entry["operation"] == "WorkerCount"
    assert entry["operation_type"] == "query"
    assert entry["status"] == 200
    assert entry["outcome"] == "ok"
    assert isinstance(entry["duration_ms"], float | int)
