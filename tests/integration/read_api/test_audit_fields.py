"""Entities expose their audit fields, so a front end can send `version` back as an update's expectedVersion."""

from __future__ import annotations

import pytest
from neo4j import AsyncDriver

from service.core.context import Context
from service.core.settings import Settings
from service.gql.schema import build_schema

pytestmark = pytest.mark.integration


async def test_version_and_timestamps_are_read_from_the_graph(seeded_graph: AsyncDriver, settings: Settings) -> None:
    records, _, _ = await seeded_graph.execute_query(
        "MATCH (p:Project {id: 'ba-hf1-detained'}) RETURN p.version AS v, p.updatedAt AS at",
        database_=settings.neo4j_database,
    )
    expected = records[0]
    result = await build_schema(settings).execute(
        '{ project(id: "Project:ba-hf1-detained") { version updatedAt createdAt updatedBy } }',
        context_value=Context(driver=seeded_graph, settings=settings),
    )
    assert result.errors is None, result.errors
    project = result.data["project"]
    assert project["version"] == expected["v"]
    assert project["updatedAt"] == expected["at"]
