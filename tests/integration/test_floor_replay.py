"""The benchmark's floor (bench/floor.py) replays the service's update statement as the service's requests run it:
each replay writes at the version the previous one left, so it runs one statement, never a stale try and a retry
(which would make the floor slower than it is and flatter the service's ratio)."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from bench.capture import editor_token
from bench.floor import run_units
from bench.inproc import in_process
from service.core.settings import REPO_ROOT, Settings

pytestmark = [pytest.mark.integration]


async def _version(driver: AsyncDriver, settings: Settings, key: str) -> int:
    records, _, _ = await driver.execute_query(
        "MATCH (p:Project {id: $id}) RETURN p.version AS v", id=key, database_=settings.neo4j_database
    )
    return int(records[0]["v"])


async def test_the_floor_follows_the_version_each_replayed_update_writes(
    writable_seeded_graph: AsyncDriver, settings: Settings
) -> None:
    driver = writable_seeded_graph
    records, _, _ = await driver.execute_query(
        "MATCH (p:Project) RETURN p.id AS id ORDER BY p.id LIMIT 1", database_=settings.neo4j_database
    )
    key = records[0]["id"]
    version = await _version(driver, settings, key)
    token = await editor_token(driver, settings)
    doc = (REPO_ROOT / "bench" / "queries" / "update_project.graphql").read_text()
    variables = {"id": f"Project:{key}", "version": version, "budget": 1234.0}
    async with in_process(settings) as svc:
        assert svc.recorder is not None
        svc.recorder.reset()
        status, body = await svc.post({"query": doc, "variables": variables}, {"authorization": f"Bearer {token}"})
        units = list(svc.recorder.units)
    assert status == 200, body
    assert body["data"]["updateProject"]["userErrors"] == [], body
    assert [(u.kind, len(u.statements)) for u in units] == [("tx_write", 1)]

    versions: dict[str, int] = {}
    # The first replay guesses the captured version, is told the current one and writes at it; from then on each
    # replay starts from the version the last one wrote.
    for _ in range(3):
        [[[record]]] = await run_units(driver, settings, units, versions)  # one unit, one statement, one record
        assert record["problem"] is None, record
        assert versions[key] == record["after"]["version"] == await _version(driver, settings, key)
