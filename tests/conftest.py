"""Session-wide fixtures: one real Neo4j per test session, one driver, a clean graph per test that asks."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from service.core.settings import REPO_ROOT, Settings
from service.db.driver import create_driver
from service.db.migrations import migrate

# Unless PARTNERNET_NEO4J_URI names a server, tests run against a managed server of their own (its own home and
# ports), so `make test` never wipes the graph that `make run` serves.
TEST_DEFAULTS = {
    "neo4j_home": REPO_ROOT / ".partnernet" / "neo4j-test",
    "neo4j_bolt_port": 7688,
    "neo4j_http_port": 7475,
    "neo4j_uri": "neo4j://127.0.0.1:7688",
}

FACTS = REPO_ROOT / "seeds" / "facts" / "coe-cooperation-facts.yaml"


def skip_unless_ci(reason: str, *, allow_module_level: bool = False) -> None:
    """Skip for a missing tool that CI installs; under CI=true the test fails instead, so nothing CI can install is
    skipped silently (the run's summary lists every skip with its reason)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must provide this: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=allow_module_level)


def make_test_settings(**overrides: Any) -> Settings:
    """Settings for tests: the environment wins over the test defaults, explicit overrides win over both."""
    values: dict[str, Any] = {}
    if "PARTNERNET_NEO4J_URI" not in os.environ:
        values.update(TEST_DEFAULTS)
    values.update(overrides)
    return Settings(**values)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def throwaway_settings(home: Path, **overrides: Any) -> Settings:
    """Settings for a managed Neo4j of one test's own (`home`, free ports, small memory), for the tests that stop,
    replace or wipe a whole server."""
    bolt, http = free_port(), free_port()
    values: dict[str, Any] = {
        "neo4j_home": home,
        "neo4j_bolt_port": bolt,
        "neo4j_http_port": http,
        "neo4j_uri": f"neo4j://127.0.0.1:{bolt}",
        "neo4j_heap": "512m",
        "neo4j_pagecache": "64m",
    }
    return make_test_settings(**(values | overrides))


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The settings every test of this session uses."""
    return make_test_settings()


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Settings:
    """Make sure the test Neo4j runs (starting the managed one if it is ours); returns its settings."""
    if settings.uses_managed_server:
        from service.db.server import ManagedNeo4j

        ManagedNeo4j(settings).start()
    return settings


@pytest.fixture(scope="session")
def database(settings: Settings) -> str:
    """The Neo4j database name tests use."""
    return settings.neo4j_database


@pytest.fixture(scope="session")
async def driver(neo4j_server: Settings) -> AsyncIterator[AsyncDriver]:
    """One async driver for the whole session, with the schema migrated."""
    drv = create_driver(neo4j_server)
    await drv.verify_connectivity()
    await migrate(drv, database=neo4j_server.neo4j_database)
    yield drv
    await drv.close()


class GraphState:
    """Tracks what the shared test graph holds, so read-only tests reuse one loaded seed graph."""

    def __init__(self) -> None:
        self.holds: str = "unknown"


@pytest.fixture(scope="session")
def graph_state() -> GraphState:
    """The session's knowledge of what the test graph holds."""
    return GraphState()


async def wipe(driver: AsyncDriver, database: str) -> None:
    """Delete every node and relationship except the migration records; constraints and indexes stay."""
    # CALL {} IN TRANSACTIONS needs an auto-commit transaction, hence session.run.
    async with driver.session(database=database) as session:
        result = await session.run(
            "MATCH (n) WHERE NOT n:_Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        )
        await result.consume()


@pytest.fixture
async def clean_graph(driver: AsyncDriver, database: str, graph_state: GraphState) -> AsyncDriver:
    """An empty graph (schema kept) for a test that writes; returns the driver."""
    await wipe(driver, database)
    graph_state.holds = "dirty"
    return driver


@pytest.fixture
def repo_root() -> Path:
    """The checkout's root folder."""
    return REPO_ROOT


@pytest.fixture
async def seeded_graph(driver: AsyncDriver, database: str, graph_state: GraphState) -> AsyncDriver:
    """The real seed graph from seeds/, loaded once and shared by read-only tests; returns the driver.

    A test that writes must use `clean_graph` or `writable_seeded_graph` instead, so the next reader reloads.
    """
    if graph_state.holds != "seeds":
        from service.seeding.loader import load_seed_dir

        await wipe(driver, database)
        await load_seed_dir(driver, database=database, path=REPO_ROOT / "seeds")
        graph_state.holds = "seeds"
    return driver


@pytest.fixture
async def writable_seeded_graph(seeded_graph: AsyncDriver, graph_state: GraphState) -> AsyncDriver:
    """The seed graph for a test that changes it; the next test that needs seeds reloads them."""
    graph_state.holds = "dirty"
    return seeded_graph
