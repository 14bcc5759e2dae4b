"""The managed Neo4j launcher and the service's readiness as Neo4j stops and starts again."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from service.client import post_graphql
from service.core.settings import Settings
from service.db.server import ManagedNeo4j
from tests.conftest import free_port, make_test_settings, throwaway_settings
from tests.e2e.conftest import LiveService, start_service, stop_service

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def own_server(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagedNeo4j]:
    """A second managed Neo4j (own home, free ports) this module may stop and start."""
    if not settings.uses_managed_server:
        pytest.skip("PARTNERNET_NEO4J_URI names an external server; the launcher is not used")
    own = throwaway_settings(tmp_path_factory.mktemp("neo4j-launcher"), neo4j_pagecache="128m")
    server = ManagedNeo4j(own)
    server.stop()
    yield server
    server.stop()


def test_launcher_start_is_idempotent_and_stop_ends_it(own_server: ManagedNeo4j) -> None:
    first = own_server.start()
    assert first.running
    assert first.pid is not None
    second = own_server.start()
    assert second.pid == first.pid, "a second start must not launch another JVM"
    assert own_server.status().running
    assert own_server.stop() is True
    st = own_server.status()
    assert not st.running
    assert st.pid is None
    assert own_server.stop() is False
    bolt = own_server.settings.neo4j_bolt_port
    assert Path(own_server.conf_dir / "neo4j.conf").read_text().count(f"127.0.0.1:{bolt}") == 2


def test_a_new_home_takes_the_configured_password(own_server: ManagedNeo4j) -> None:
    # The launcher writes the first password itself (no neo4j-admin JVM): the server must accept it, refuse
    # another, and the file holding its hash must be the owner's alone.
    own_server.start()
    own = own_server.settings
    uri = f"bolt://127.0.0.1:{own.neo4j_bolt_port}"
    with GraphDatabase.driver(uri, auth=("neo4j", own.neo4j_password.get_secret_value())) as driver:
        driver.verify_connectivity()
    with GraphDatabase.driver(uri, auth=("neo4j", "not-the-password")) as driver, pytest.raises(AuthError):
        driver.verify_connectivity()
    assert (own_server.data_dir / "dbms" / "auth.ini").stat().st_mode & 0o777 == 0o600


async def _ready(live: LiveService) -> tuple[int, dict[str, str]]:
    async with aiohttp.ClientSession() as s, s.get(live.base_url + "/readyz") as r:
        return r.status, await r.json()


async def test_readiness_follows_neo4j_down_and_up(own_server: ManagedNeo4j, tmp_path: Path) -> None:
    own_server.start()
    live = start_service(own_server.settings, tmp_path)
    try:
        status, body = await _ready(live)
        assert status == 200, body

        own_server.stop()
        status, body = await _ready(live)
        assert status == 503
        assert body["status"] == "unavailable"
        assert "database unavailable" in body["reason"]
        _, gql = await post_graphql(live.graphql_url, "{ serviceInfo { neo4jVersion } }")
        err = gql["errors"][0]
        assert err["extensions"]["code"] == "DATABASE_UNAVAILABLE"
        assert "database unavailable" in err["message"]
        assert "Traceback" not in str(gql)

        own_server.start()
        # The service is not restarted: its driver reconnects by itself within a few polls.
        for _ in range(60):
            status, body = await _ready(live)
            if status == 200:
                break
            await asyncio.sleep(0.5)
        assert status == 200, body
        _, gql = await post_graphql(live.graphql_url, "{ serviceInfo { neo4jVersion } }")
        assert gql["data"]["serviceInfo"]["neo4jVersion"].startswith("5.26")
    finally:
        stop_service(live)


def test_start_refuses_a_port_another_process_holds(settings: Settings, tmp_path: Path) -> None:
    import socket

    from service.core.errors import LauncherError

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        other = make_test_settings(
            neo4j_home=tmp_path / "neo4j",
            neo4j_bolt_port=taken,
            neo4j_http_port=free_port(),
            neo4j_uri=f"neo4j://127.0.0.1:{taken}",
        )
        with pytest.raises(LauncherError, match=f"port {taken} is already in use"):
            ManagedNeo4j(other).start()
