"""graphChanged over graphql-transport-ws against real uvicorn processes: changes made by another client, made
through a second service instance, resumed after a reconnect, filtered by privacy, refused for bad tokens."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from neo4j import AsyncDriver

from service.auth.repository import create_token
from service.client import post_graphql
from service.core.settings import Settings
from service.model.enums import TokenRole
from tests.e2e.conftest import LiveService, start_service, stop_service

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

SUBSCRIBE = (
    "subscription($after: Int, $kinds: [ChangeEntityType!]) { graphChanged(afterSeq: $after, kinds: $kinds) "
    "{ seq at op entityType entityId actor after } }"
)
TIMEOUT_S = 15


class Subscriber:
    """One graphql-transport-ws connection with one subscription."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, ack: dict[str, Any]) -> None:
        self.ws = ws
        self.ack = ack

    async def subscribe(self, variables: dict[str, Any] | None = None, op_id: str = "1") -> None:
        payload = {"query": SUBSCRIBE, "variables": variables or {}}
        await self.ws.send_json({"id": op_id, "type": "subscribe", "payload": payload})

    async def receive(self) -> dict[str, Any]:
        """The next message that is not a ping."""
        while True:
            msg = await asyncio.wait_for(self.ws.receive(), TIMEOUT_S)
            assert msg.type == aiohttp.WSMsgType.TEXT, msg
            data: dict[str, Any] = json.loads(msg.data)
            if data["type"] == "ping":
                await self.ws.send_json({"type": "pong"})
                continue
            return data

    async def next_change(self) -> dict[str, Any]:
        data = await self.receive()
        assert data["type"] == "next", data
        assert "errors" not in data["payload"], data
        change: dict[str, Any] = data["payload"]["data"]["graphChanged"]
        return change

    async def nothing_within(self, seconds: float) -> bool:
        try:
            msg = await asyncio.wait_for(self.ws.receive(), seconds)
        except TimeoutError:
            return True
        raise AssertionError(f"unexpected message {msg.data}")


@asynccontextmanager
async def subscriber(live: LiveService, init_payload: dict[str, Any] | None = None) -> AsyncIterator[Subscriber]:
    """A connected, acknowledged graphql-transport-ws client of `live`."""
    url = live.graphql_url.replace("http://", "ws://")
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, protocols=("graphql-transport-ws",)) as ws,
    ):
        await ws.send_json({"type": "connection_init", "payload": init_payload or {}})
        ack = json.loads((await asyncio.wait_for(ws.receive(), TIMEOUT_S)).data)
        assert ack["type"] == "connection_ack", ack
        yield Subscriber(ws, ack)


@pytest.fixture(scope="module")
def second_service(neo4j_server: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    """A second uvicorn process on the same Neo4j: another instance of the service."""
    live = start_service(neo4j_server, Path(tmp_path_factory.mktemp("uvicorn-b")))
    yield live
    stop_service(live)


async def _tokens(driver: AsyncDriver, settings: Settings) -> dict[str, str]:
    out = {}
    for role in TokenRole:
        out[role.value] = (await create_token(driver, settings=settings, name=f"{role.value}-1", role=role)).secret
    return out


async def _last_seq(driver: AsyncDriver, settings: Settings) -> int:
    records, _, _ = await driver.execute_query(
        "OPTIONAL MATCH (s:ChangeSequence) RETURN coalesce(s.value, 0) AS v", database_=settings.neo4j_database
    )
    return int(records[0]["v"])


async def _mutate(live: LiveService, token: str, document: str) -> dict[str, Any]:
    status, body = await post_graphql(live.graphql_url, document, token=token)
    assert status == 200
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_a_subscriber_receives_a_change_another_client_made(
    live_service: LiveService, clean_graph: AsyncDriver, settings: Settings
) -> None:
    tokens = await _tokens(clean_graph, settings)
    async with subscriber(live_service, {"Authorization": f"Bearer {tokens['viewer']}"}) as sub:
        await sub.subscribe({"after": await _last_seq(clean_graph, settings)})
        made = await _mutate(
            live_service, tokens["editor"], 'mutation { createTheme(input: {name: "Live theme"}) { changeSeq } }'
        )
        change = await sub.next_change()
        assert change == {
            "seq": made["createTheme"]["changeSeq"],
            "at": change["at"],
            "op": "CREATE",
            "entityType": "THEME",
            "entityId": "Theme:live-theme",
            "actor": "editor-1",
            "after": change["after"],
        }
        assert change["after"]["name"] == "Live theme"
        assert dt.datetime.fromisoformat(change["at"]).tzinfo is not None  # a DateTime, in UTC
        assert change["at"] == change["after"]["createdAt"]


async def test_a_change_made_through_a_second_instance_arrives(
    live_service: LiveService, second_service: LiveService, clean_graph: AsyncDriver, settings: Settings
) -> None:
    tokens = await _tokens(clean_graph, settings)
    async with subscriber(live_service, {"Authorization": f"Bearer {tokens['editor']}"}) as sub:
        await sub.subscribe({"after": await _last_seq(clean_graph, settings), "kinds": ["ORGANISATION"]})
        await _mutate(
            second_service,
            tokens["editor"],
            'mutation { t: createTheme(input: {name: "Not wanted"}) { changeSeq } '
            'o: createOrganisation(input: {id: "far", name: "Far Away Org", kind: DONOR}) { changeSeq } }',
        )
        change = await sub.next_change()
        assert (change["op"], change["entityType"], change["entityId"]) == (
            "CREATE",
            "ORGANISATION",
            "Organisation:far",
        )


async def test_a_reconnecting_client_resumes_after_the_last_seq_it_saw(
    live_service: LiveService, second_service: LiveService, clean_graph: AsyncDriver, settings: Settings
) -> None:
    tokens = await _tokens(clean_graph, settings)
    start = await _last_seq(clean_graph, settings)
    async with subscriber(live_service) as sub:
        await sub.subscribe({"after": start})
        await _mutate(second_service, tokens["editor"], 'mutation { createTheme(input: {name: "One"}) { changeSeq } }')
        first = await sub.next_change()
    # Disconnected: two more changes happen meanwhile.
    await _mutate(second_service, tokens["editor"], 'mutation { createTheme(input: {name: "Two"}) { changeSeq } }')
    await _mutate(second_service, tokens["editor"], 'mutation { createTheme(input: {name: "Three"}) { changeSeq } }')
    async with subscriber(second_service) as sub:
        await sub.subscribe({"after": first["seq"]})
        missed = [await sub.next_change(), await sub.next_change()]
    assert [c["entityId"] for c in missed] == ["Theme:two", "Theme:three"]
    assert [c["seq"] for c in missed] == [first["seq"] + 1, first["seq"] + 2]


async def test_only_editors_and_admins_receive_sensitive_changes_and_only_token_holders_see_actors(
    live_service: LiveService, clean_graph: AsyncDriver, settings: Settings
) -> None:
    tokens = await _tokens(clean_graph, settings)
    after = await _last_seq(clean_graph, settings)
    async with (
        subscriber(live_service) as public,
        subscriber(live_service, {"token": tokens["viewer"]}) as viewer,
        subscriber(live_service, {"token": tokens["editor"]}) as editor,
        subscriber(live_service, {"token": tokens["admin"]}) as admin,
    ):
        for each in (public, viewer, editor, admin):
            await each.subscribe({"after": after})
        await _mutate(
            live_service,
            tokens["editor"],
            'mutation { s: createOrganisation(input: {id: "hrd", name: "Defenders", kind: CIVIL_SOCIETY, '
            'sensitive: true}) { changeSeq } p: createTheme(input: {name: "Public"}) { changeSeq } }',
        )
        for sees_all in (editor, admin):
            assert (await sees_all.next_change())["entityId"] == "Organisation:hrd"
            assert (await sees_all.next_change())["entityId"] == "Theme:public"
        viewer_change = await viewer.next_change()
        assert (viewer_change["entityId"], viewer_change["actor"]) == ("Theme:public", "editor-1")
        public_change = await public.next_change()
        assert (public_change["entityId"], public_change["actor"]) == ("Theme:public", None)


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"Authorization": "Bearer garbage"}, "INVALID_TOKEN"),
        ({"Authorization": "Basic abc"}, "INVALID_TOKEN"),
        ({"token": "pnk_0000000000000000_nope"}, "INVALID_TOKEN"),
    ],
)
async def test_bad_tokens_in_the_init_payload_get_their_code(
    live_service: LiveService, clean_graph: AsyncDriver, payload: dict[str, Any], code: str
) -> None:
    async with subscriber(live_service, payload) as sub:
        assert sub.ack["payload"]["authError"]["code"] == code
        await sub.subscribe()
        error = await sub.receive()
        assert error["type"] == "error", error
        assert error["payload"][0]["extensions"]["code"] == code


async def test_mutations_over_http_need_a_token(live_service: LiveService, clean_graph: AsyncDriver) -> None:
    status, body = await post_graphql(
        live_service.graphql_url, 'mutation { createTheme(input: {name: "x"}) { changeSeq } }'
    )
    assert status == 200
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    status, body = await post_graphql(
        live_service.graphql_url, 'mutation { createTheme(input: {name: "x"}) { changeSeq } }', token="garbage"
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_TOKEN"


async def test_a_stale_mutation_over_http_is_a_user_error_beside_a_committed_one(
    live_service: LiveService, clean_graph: AsyncDriver, settings: Settings
) -> None:
    tokens = await _tokens(clean_graph, settings)
    await _mutate(live_service, tokens["editor"], 'mutation { createTheme(input: {id: "t", name: "T"}) { changeSeq } }')
    status, body = await post_graphql(
        live_service.graphql_url,
        'mutation { ok: updateTheme(input: {id: "t", expectedVersion: 1, notes: ["n"]}) { changeSeq } '
        'stale: updateTheme(input: {id: "t", expectedVersion: 1, notes: ["m"]}) '
        "{ theme { notes } changeSeq userErrors { field code } } }",
        token=tokens["editor"],
    )
    assert status == 200
    assert "errors" not in body, body
    assert body["data"]["ok"]["changeSeq"] == await _last_seq(clean_graph, settings)
    assert body["data"]["stale"] == {
        "theme": None,
        "changeSeq": None,
        "userErrors": [{"field": ["input", "expectedVersion"], "code": "STALE_UPDATE"}],
    }
