"""The read API over the seeded graph: a schema for the session and a small client that runs documents in-process."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
import strawberry
from neo4j import AsyncDriver

from service.core.context import Context, Principal
from service.core.settings import Settings
from service.gql.schema import build_schema


class Api:
    """Runs GraphQL documents through the service's schema against the test Neo4j."""

    def __init__(self, schema: strawberry.Schema, driver: AsyncDriver, settings: Settings) -> None:
        self.schema = schema
        self.driver = driver
        self.settings = settings

    async def run(
        self, document: str, variables: Mapping[str, Any] | None = None, *, principal: Principal | None = None
    ) -> Any:
        ctx = Context(driver=self.driver, settings=self.settings, principal=principal)
        return await self.schema.execute(document, variable_values=dict(variables or {}), context_value=ctx)

    async def data(
        self, document: str, variables: Mapping[str, Any] | None = None, *, principal: Principal | None = None
    ) -> dict[str, Any]:
        """The `data` of a document that must succeed."""
        result = await self.run(document, variables, principal=principal)
        assert not result.errors, [e.formatted for e in result.errors]
        return dict(result.data)

    async def error_codes(self, document: str, variables: Mapping[str, Any] | None = None) -> list[str]:
        """The `extensions.code` of each error of a document that must fail."""
        result = await self.run(document, variables)
        assert result.errors, result.data
        return [(e.extensions or {}).get("code", "") for e in result.errors]

    async def walk(
        self,
        field: str,
        node: str = "key",
        *,
        args: str = "",
        variables: Mapping[str, Any] | None = None,
        var_decl: str = "",
        size: int = 7,
        backward: bool = False,
    ) -> list[Any]:
        """Every node of a root connection, page by page (forwards with first/after, or backwards)."""
        direction = "last: $n, before: $c" if backward else "first: $n, after: $c"
        document = (
            f"query($n: Int, $c: String{var_decl}) {{ {field}({direction}{args}) {{ "
            "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } "
            f"edges {{ cursor node {{ {node} }} }} }} }}"
        )
        out: list[Any] = []
        cursor = None
        for _ in range(1000):
            page = (await self.data(document, {**(variables or {}), "n": size, "c": cursor}))[field]
            nodes = [e["node"] for e in page["edges"]]
            info = page["pageInfo"]
            if page["edges"]:
                assert info["startCursor"] == page["edges"][0]["cursor"]
                assert info["endCursor"] == page["edges"][-1]["cursor"]
            if backward:
                out = nodes + out
                if not info["hasPreviousPage"]:
                    return out
                cursor = info["startCursor"]
            else:
                out += nodes
                if not info["hasNextPage"]:
                    return out
                cursor = info["endCursor"]
        raise AssertionError("pagination did not end")


@pytest.fixture(scope="session")
def read_schema(settings: Settings) -> strawberry.Schema:
    """The service's schema, built once."""
    return build_schema(settings)


@pytest.fixture
def api(seeded_graph: AsyncDriver, read_schema: strawberry.Schema, settings: Settings) -> Api:
    """A client of the read API over the real seed graph."""
    return Api(read_schema, seeded_graph, settings)


def keys(connection: Mapping[str, Any]) -> list[str]:
    """The node keys of a connection's edges, in order."""
    return [e["node"]["key"] for e in connection["edges"]]
