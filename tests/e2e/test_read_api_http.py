"""The read API over HTTP answers exactly what the same schema answers in process: the transport adds nothing."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from neo4j import AsyncDriver

from service.auth.models import TokenKind
from service.auth.repository import create_token, revoke_token
from service.client import post_graphql
from service.core.context import Context
from service.core.settings import Settings
from service.gql.schema import build_schema
from service.model.enums import TokenRole
from tests.e2e.conftest import LiveService

pytestmark = pytest.mark.e2e

DOCUMENTS: list[tuple[str, dict[str, Any]]] = [
    (
        """query($n: Int!, $s: ProjectStatus!) {
             projects(first: $n, where: {status: {eq: $s}}, orderBy: [{field: START_DATE, direction: DESC}]) {
               totalCount pageInfo { hasNextPage endCursor }
               edges { cursor node { __typename id t: title budgetEur startDate
                 participants(first: 3) { edges { role since node { __typename name ...Kinds
                   locatedIn { iso2 regions { key } } } } } } } } }
           fragment Kinds on Organisation {
             kind ... on Nhri { ganhriStatus } ... on NationalAuthority { authorityKind } }""",
        {"n": 5, "s": "COMPLETED"},
    ),
    (
        """{ a: node(id: "Organisation:ba-hro") { __typename id ... on Nhri { npmMandate } }
             b: nodes(ids: ["Country:BA", "Project:nope"]) { id ... on Country { iso3 } }
             c: search(text: "Turkiye", first: 3) { node { __typename ... on Entity { key } } }
             d: projectStats { count byRole { key count } }
             e: organisation(acronym: "ENNHRI") { key memberships { totalCount } } }""",
        {},
    ),
    ("{ projects(first: 500) { totalCount } }", {}),
]


@pytest.mark.parametrize(("document", "variables"), DOCUMENTS)
async def test_http_answer_equals_in_process_execution(
    seeded_graph: AsyncDriver, live_service: LiveService, settings: Settings, document: str, variables: dict[str, Any]
) -> None:
    schema: strawberry.Schema = build_schema(settings)
    expected = await schema.execute(
        document, variable_values=variables, context_value=Context(driver=seeded_graph, settings=settings)
    )
    status, body = await post_graphql(live_service.graphql_url, document, variables)
    assert status == 200
    assert body.get("data") == expected.data
    codes = [e["extensions"]["code"] for e in body.get("errors", [])]
    assert codes == [(e.extensions or {})["code"] for e in expected.errors or []]


@pytest.mark.parametrize("kind", list(TokenKind))
async def test_a_compiled_read_refuses_a_token_revoked_after_use(
    writable_seeded_graph: AsyncDriver, live_service: LiveService, settings: Settings, kind: TokenKind
) -> None:
    """The service remembers a verified token; a compiled read still sees its revocation at once."""
    driver = writable_seeded_graph
    issued = await create_token(driver, settings=settings, name="compiled-read", role=TokenRole.VIEWER, kind=kind)
    query = "{ projects(first: 1) { totalCount } }"
    status, body = await post_graphql(live_service.graphql_url, query, token=issued.secret)
    assert status == 200
    assert body["data"]["projects"]["totalCount"] > 0
    await revoke_token(driver, settings=settings, token_id=issued.token.id)
    status, body = await post_graphql(live_service.graphql_url, query, token=issued.secret)
    assert [e["extensions"]["code"] for e in body.get("errors", [])] == ["TOKEN_REVOKED"]
    assert not (body.get("data") or {}).get("projects")
