"""One Cypher statement per root field at any depth, counted at the driver; limits on depth hold on real queries."""

from __future__ import annotations

import pytest
import strawberry
from neo4j import AsyncDriver

from service.core.settings import Settings
from tests.integration.counting import CountingDriver
from tests.integration.read_api.conftest import Api

pytestmark = pytest.mark.integration


DEEP = """{
  projects(first: 10, orderBy: [{field: START_DATE, direction: DESC}]) {
    totalCount
    edges { node { title
      participants(first: 5, where: {roleClass: {eq: PARTNERSHIP}}) { totalCount edges { role since
        node { name
          locatedIn { iso2
            regions { name } } } } } } } } }"""


async def test_four_levels_deep_is_one_statement(
    seeded_graph: AsyncDriver, read_schema: strawberry.Schema, settings: Settings
) -> None:
    counting = CountingDriver(seeded_graph)
    api = Api(read_schema, counting, settings)  # type: ignore[arg-type]
    data = await api.data(DEEP)
    assert len(counting.statements) == 1
    edges = data["projects"]["edges"]
    assert len(edges) == 10
    regions = [
        r
        for e in edges
        for p in e["node"]["participants"]["edges"]
        if p["node"]["locatedIn"]
        for r in p["node"]["locatedIn"]["regions"]
    ]
    assert regions, "the query reaches the fourth level"


async def test_one_statement_per_root_field(
    seeded_graph: AsyncDriver, read_schema: strawberry.Schema, settings: Settings
) -> None:
    counting = CountingDriver(seeded_graph)
    api = Api(read_schema, counting, settings)  # type: ignore[arg-type]
    await api.data(
        """{ a: projects(first: 3) { edges { node { countries { name } } } }
             b: organisations(first: 3) { edges { node { participations(first: 2) { edges { node { title } } } } } }
             c: search(text: "prison") { node { id } }
             d: projectStats { count byCountry { key count } } }"""
    )
    assert len(counting.statements) == 4


async def test_depth_limit_holds_on_a_real_query(api: Api, settings: Settings) -> None:
    deep = (
        "{ projects { edges { node { participants { edges { node { participations { edges { node { "
        "participants { edges { node { locatedIn { regions { countries { name } } } } } } } } } } } } } } } }"
    )
    result = await api.run(deep)
    assert result.errors
    assert "exceeds maximum operation depth" in result.errors[0].message
    assert result.errors[0].extensions["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert settings.max_query_depth < 15
