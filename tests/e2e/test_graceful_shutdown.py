"""SIGTERM to `partnernet serve`: open subscriptions close with 1001 (going away), new requests are refused, the
request already running finishes and is answered, and the process exits. The running request is held by a lock
another transaction keeps, released after the signal, so nothing depends on timing."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

import aiohttp
import pytest
from neo4j import AsyncDriver

from service.auth.repository import create_token
from service.core.settings import Settings
from service.model.enums import TokenRole
from tests.e2e.conftest import start_service, stop_service

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

UPDATE = (
    'mutation($v: Int!) { updateOrganisation(input: {id: "md-moj", expectedVersion: $v, shortName: "MoJ MD"}) '
    "{ changeSeq userErrors { code } } }"
)
SUBSCRIBE = "subscription { graphChanged { seq } }"


async def test_sigterm_closes_subscriptions_refuses_new_work_and_finishes_the_running_request(
    writable_seeded_graph: AsyncDriver, database: str, settings: Settings, tmp_path: Path
) -> None:
    editor = await create_token(writable_seeded_graph, settings=settings, name="drain", role=TokenRole.EDITOR)
    version = (
        await writable_seeded_graph.execute_query(
            "MATCH (o:Organisation {id: 'md-moj'}) RETURN o.version AS v", database_=database
        )
    ).records[0]["v"]
    live = start_service(settings, tmp_path)
    try:
        async with (
            aiohttp.ClientSession() as http,
            writable_seeded_graph.session(database=database) as holder,
            http.ws_connect(live.graphql_url.replace("http://", "ws://"), protocols=("graphql-transport-ws",)) as ws,
        ):
            await ws.send_json({"type": "connection_init", "payload": {}})
            assert json.loads((await ws.receive(timeout=10)).data)["type"] == "connection_ack"
            await ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}})

            tx = await holder.begin_transaction()
            await tx.run("MATCH (o:Organisation {id: 'md-moj'}) SET o.lockedByTest = true")
            running = asyncio.create_task(
                http.post(
                    live.graphql_url,
                    json={"query": UPDATE, "variables": {"v": version}},
                    headers={"authorization": f"Bearer {editor.secret}"},
                )
            )
            try:
                await _until_in_flight(http, live.base_url)
                live.process.send_signal(signal.SIGTERM)
                closed = await ws.receive(timeout=10)
                assert closed.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), closed
                assert ws.close_code == 1001
                assert await _refused(http, live.graphql_url)
            finally:
                await tx.rollback()
            answer = await asyncio.wait_for(running, 30)
            assert answer.status == 200
            body = await answer.json()
            assert body["data"]["updateOrganisation"]["userErrors"] == []
        assert await asyncio.to_thread(live.process.wait, 30) is not None
    finally:
        stop_service(live)
    stored = await writable_seeded_graph.execute_query(
        "MATCH (o:Organisation {id: 'md-moj'}) RETURN o.shortName AS s", database_=database
    )
    assert stored.records[0]["s"] == "MoJ MD"  # the drained request's write was committed


async def _until_in_flight(http: aiohttp.ClientSession, base: str) -> None:
    """Wait until the worker reports the held request in flight (its /metrics gauge)."""
    async with asyncio.timeout(30):
        while True:
            async with http.get(base + "/metrics") as r:
                text = await r.text()
            if any(
                line.startswith("partnernet_requests_in_flight") and not line.endswith(" 0.0")
                for line in text.splitlines()
            ):
                return
            await asyncio.sleep(0.05)


async def _refused(http: aiohttp.ClientSession, url: str) -> bool:
    """A new request while draining: refused with 503 SHUTTING_DOWN, or its connection refused once uvicorn stopped
    listening."""
    try:
        async with http.post(url, json={"query": "{ __typename }"}, timeout=aiohttp.ClientTimeout(total=10)) as r:
            body = await r.json(content_type=None)
            return r.status == 503 and body["errors"][0]["extensions"]["code"] == "SHUTTING_DOWN"
    except aiohttp.ClientConnectionError:
        return True
