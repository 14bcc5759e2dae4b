"""The offline synthetic build (neo4j-admin import) gives the graph the online loader gives: same nodes, labels,
properties, relationships and schema; run on a throwaway server of its own (home and ports), since it replaces
the whole database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from service.core.errors import ConflictError
from service.core.settings import REPO_ROOT
from service.db.driver import create_driver
from service.db.server import ManagedNeo4j
from service.seeding.offline import build_offline
from service.seeding.synthetic import load_synthetic
from tests.conftest import throwaway_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ARGS: dict[str, Any] = {"orgs": 120, "projects": 40, "seed": 11, "seeds_path": REPO_ROOT / "seeds"}
# Timestamps differ between two builds by construction; everything else must be equal.
_CLOCK = {"createdAt", "updatedAt"}
_NODES = "MATCH (n) WHERE NOT n:_Migration RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
_RELS = "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props"
_SCHEMA = (
    "SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint, state "
    "WHERE NOT 'Migration' IN [x IN labelsOrTypes | substring(x, 1)] AND type <> 'LOOKUP' "
    "RETURN name, type, entityType, labelsOrTypes, properties, owningConstraint IS NOT NULL AS constraint, state"
)


async def _snapshot(driver: AsyncDriver, database: str) -> dict[str, Any]:
    nodes, _, _ = await driver.execute_query(_NODES, database_=database)
    rels, _, _ = await driver.execute_query(_RELS, database_=database)
    schema, _, _ = await driver.execute_query(_SCHEMA, database_=database)

    def plain(props: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in props.items() if k not in _CLOCK}

    return {
        "nodes": sorted((r["id"], sorted(r["labels"]), sorted(plain(r["props"]).items())) for r in nodes),
        "rels": sorted((r["a"], r["type"], r["b"], sorted(plain(r["props"]).items())) for r in rels),
        "schema": sorted(tuple(str(v) for v in r.values()) for r in schema),
    }


@pytest.fixture
async def online(clean_graph: AsyncDriver, database: str) -> dict[str, Any]:
    """The online loader's graph of ARGS, in the session's test graph (wiped first)."""
    await load_synthetic(clean_graph, database=database, **ARGS)
    await clean_graph.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return await _snapshot(clean_graph, database)


async def test_offline_build_equals_online_load(online: dict[str, Any], tmp_path: Path) -> None:
    settings = throwaway_settings(tmp_path / "neo4j")
    try:
        build = await build_offline(settings, **ARGS)
        driver = create_driver(settings)
        try:
            offline = await _snapshot(driver, settings.neo4j_database)
            with pytest.raises(Exception, match="already exists"):  # the id constraints hold after the import
                await driver.execute_query(
                    "CREATE (:Organisation {id: 'syn-org-000001'})", database_=settings.neo4j_database
                )
        finally:
            await driver.close()
    finally:
        ManagedNeo4j(settings).stop()
    assert build.summary.node_rows == len([n for n in offline["nodes"] if n[0].startswith("syn-")])
    assert build.summary.relationship_rows == len([r for r in offline["rels"] if r[0].startswith("syn-")])
    assert {"import", "start server", "migrate", "index population"} <= set(build.phases)
    assert offline["schema"] == online["schema"]
    assert offline["nodes"] == online["nodes"]
    assert offline["rels"] == online["rels"]
    assert all(row[-1] == "ONLINE" for row in offline["schema"])


async def test_offline_build_refuses_to_replace_other_data(
    clean_graph: AsyncDriver, database: str, settings: Any
) -> None:
    driver = clean_graph
    await driver.execute_query("CREATE (:Project {id: 'kept', title: 'Kept'})", database_=database)
    if not settings.uses_managed_server:
        pytest.skip("the test server is not a managed one")
    with pytest.raises(ConflictError, match="pass --clear"):
        await build_offline(settings, **ARGS)
    records, _, _ = await driver.execute_query("MATCH (p:Project {id: 'kept'}) RETURN p.title AS t", database_=database)
    assert [r["t"] for r in records] == ["Kept"]
    await driver.execute_query("MATCH (p:Project {id: 'kept'}) DELETE p", database_=database)
