"""A schema-driven fuzz of every query and mutation, anonymous and as an admin, over HTTP (in-process): whatever a
client sends, the service answers without a 5xx and with a client-class `extensions.code` on every error.

hypothesis-graphql builds documents from the schema itself (arguments of every type, nested selections), so a root
field added to the schema is fuzzed without a change here. Each root field and caller gets a few dozen examples,
about a minute in all (6 documents per root field and caller).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import hypothesis_graphql
import orjson
import pytest
from graphql import GraphQLSchema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from neo4j import AsyncDriver

from service.auth.repository import create_token
from service.gql.schema import build_schema
from service.model.enums import TokenRole
from tests.asgi import Client, running
from tests.conftest import make_test_settings

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# Codes that say the client asked for something the service does not do; anything else (INTERNAL above all) fails.
CLIENT_CODES = frozenset(
    {
        "BAD_REQUEST", "BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED", "LIMIT_EXCEEDED", "NOT_FOUND", "CONFLICT",
        "STALE_UPDATE", "WOULD_ORPHAN", "UNAUTHENTICATED", "FORBIDDEN", "INVALID_TOKEN", "TOKEN_EXPIRED",
        "TOKEN_REVOKED", "QUERY_TIMEOUT", "RATE_LIMITED", "PERSISTED_QUERY_NOT_FOUND",
    }
)  # fmt: skip
SCALARS = {
    "Date": st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31))
    .map(dt.date.isoformat)
    .map(nodes.String),
    "DateTime": st.datetimes(timezones=st.just(dt.UTC)).map(dt.datetime.isoformat).map(nodes.String),
}
FUZZ = make_test_settings(rate_limit_per_minute=0, query_timeout_s=3.0)
SCHEMA: GraphQLSchema = build_schema(FUZZ).pipeline.schema
QUERIES = sorted(SCHEMA.query_type.fields) if SCHEMA.query_type else []
MUTATIONS = sorted(SCHEMA.mutation_type.fields) if SCHEMA.mutation_type else []


@pytest.fixture(scope="module")
async def app_client(driver: AsyncDriver) -> AsyncIterator[Client]:
    async with running(FUZZ) as client:
        yield client


@pytest.fixture
async def fuzz_client(app_client: Client, writable_seeded_graph: AsyncDriver) -> tuple[Client, str]:
    """The app and an admin token, on the seed graph (which the mutations change)."""
    admin = await create_token(writable_seeded_graph, settings=FUZZ, name="fuzzer", role=TokenRole.ADMIN)
    return app_client, admin.secret


def check(status: int, body: Any, document: str) -> None:
    assert status < 500, (status, document, body)
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code in CLIENT_CODES, (code, error["message"], document)


@pytest.mark.parametrize("caller", ["anonymous", "admin"])
@pytest.mark.parametrize("field", QUERIES)
async def test_queries(fuzz_client: tuple[Client, str], field: str, caller: str) -> None:
    client, admin = fuzz_client
    strategy = hypothesis_graphql.from_schema(SCHEMA, fields=[field], custom_scalars=SCALARS)
    await _run(client, admin if caller == "admin" else None, strategy)


@pytest.mark.parametrize("caller", ["anonymous", "admin"])
@pytest.mark.parametrize("field", MUTATIONS)
async def test_mutations(fuzz_client: tuple[Client, str], field: str, caller: str) -> None:
    client, admin = fuzz_client
    strategy = hypothesis_graphql.mutations(SCHEMA, fields=[field], custom_scalars=SCALARS)
    await _run(client, admin if caller == "admin" else None, strategy)


async def _run(client: Client, token: str | None, strategy: st.SearchStrategy[Any]) -> None:
    """Draw documents with hypothesis (synchronous) and send each through the app (asynchronous)."""
    examples: list[str] = []

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(document=strategy)
    def draw(document: str) -> None:
        examples.append(document)

    draw()
    headers = {} if token is None else {"authorization": f"Bearer {token}"}
    for document in examples:
        answer = await client.post(document, headers=headers)
        check(answer.status, orjson.loads(answer.raw), document)
