"""`partnernet serve --workers N`: the workers share nothing but Neo4j, so a token revoked while every worker
remembers it is refused by all of them at once, and a change made through one is read through any."""

from __future__ import annotations

import asyncio
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
