"""The fast path answers exactly what Strawberry's execution answers: same data, same errors, same order."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import pytest
from neo4j import AsyncDriver

from service.api.compiled import run_compiled_field
from service.api.compiler import COMPILED_ROOT_FIELDS
from service.api.context import Context
from service.api.fastpath import FastPath, Prepared, Rejected
from service.api.schema import build_schema
from service.network.shape import NotShapeableError
from service.settings import Settings

pytestmark = pytest.mark.integration

QUERIES: list[tuple[str, dict[str, Any] | None]] = [
    ("{ __typename }", None),
    (
        """query P($n: Int!, $withTitle: Boolean!) {
             first: projects(first: $n, orderBy: [{field: TITLE, direction: ASC}]) {
               totalCount
               pageInfo { hasNextPage endCursor }
               edges { cursor node { id t: title @include(if: $withTitle) __typename ...Dates } }
             }
             kind: __typename
           }
           fragment Dates on Project { startDate endDate }""",
        {"n": 3, "withTitle": True},
    ),
    (
        """{ countries(first: 5) { edges { node { ... on Country { iso2 name } __typename } } } }""",
        None,
    ),
    (
        """{ search(text: "ombudsman", first: 5) {
             score node { __typename ... on Organisation { name kind } key } } }""",
        None,
    ),
    (
        """{ organisations(first: 2, where: {name: {contains: "ombuds"}}) {
             edges { node { id name __typename ... on Nhri { ganhriStatus } } }
           } }""",
        None,
    ),
    ("{ projects(first: 101) { totalCount } }", None),
    ("{ a: projects(first: 1) { totalCount } a: projects(first: 1) { edges { node { id } } } }", None),
    ('{ projects(first: 2, after: "not-a-cursor") { totalCount } }', None),
]


def _normalise(body: dict[str, Any]) -> dict[str, Any]:
    errors = [
        {"message": e["message"], "path": e.get("path"), "code": (e.get("extensions") or {}).get("code")}
        for e in body.get("errors") or []
    ]
    return {"data": body.get("data"), "errors": errors}


@pytest.fixture(scope="module")
def app_parts(settings: Settings) -> tuple[Any, FastPath]:
    schema = build_schema(settings)
    fast = FastPath(
        schema._schema,
        settings,
        compiled_fields=COMPILED_ROOT_FIELDS,
        run_field=partial(run_compiled_field, typename_hints=True),
    )
    return schema, fast


@pytest.mark.parametrize(("query", "variables"), QUERIES)
async def test_fast_path_matches_strawberry(
    seeded_graph: AsyncDriver, settings: Settings, app_parts: tuple[Any, FastPath], query: str, variables: Any
) -> None:
    schema, fast = app_parts
    ctx = Context(driver=seeded_graph, settings=settings)
    prepared = fast.prepare(query, None)
    assert isinstance(prepared, Prepared), f"the fast path should take this query: {prepared}"
    fast_body = await fast.execute(prepared, variables, ctx)
    assert fast_body is not None
    slow = await schema.execute(query, variable_values=variables, context_value=ctx)
    slow_body: dict[str, Any] = {"data": slow.data}
    if slow.errors:
        slow_body["errors"] = [e.formatted for e in slow.errors]
    assert _normalise(fast_body) == _normalise(slow_body)
    # Same key order at every depth, as the spec asks: compare the serialised texts, not just the values.
    assert json.dumps(fast_body.get("data")) == json.dumps(slow_body.get("data"))


@pytest.mark.parametrize(
    "query",
    [
        "{ __schema { queryType { name } } }",
        "mutation { __typename }",
        "{ serviceInfo { version } }",
    ],
)
def test_fast_path_declines_what_it_does_not_compile(app_parts: tuple[Any, FastPath], query: str) -> None:
    _, fast = app_parts
    assert not isinstance(fast.prepare(query, None), Prepared)


def test_invalid_documents_are_rejected_with_errors(app_parts: tuple[Any, FastPath]) -> None:
    _, fast = app_parts
    outcome = fast.prepare("{ projects { noSuchField } }", None)
    assert isinstance(outcome, Rejected)
    assert "noSuchField" in outcome.errors[0].message


async def test_variable_errors_are_reported(
    seeded_graph: AsyncDriver, settings: Settings, app_parts: tuple[Any, FastPath]
) -> None:
    _, fast = app_parts
    prepared = fast.prepare("query Q($n: Int!) { projects(first: $n) { totalCount } }", None)
    assert isinstance(prepared, Prepared)
    body = await fast.execute(prepared, {"n": "three"}, Context(driver=seeded_graph, settings=settings))
    assert body is not None
    assert "$n" in body["errors"][0]["message"]
    assert "data" not in body


async def test_a_selection_the_compilers_cannot_build_goes_back_to_strawberry(
    seeded_graph: AsyncDriver, settings: Settings
) -> None:
    """A field the compilers do not know yet (a schema change ahead of them) declines; it is not an error."""

    async def not_yet(*args: Any, **kwargs: Any) -> Any:
        raise NotShapeableError("no expression for field 'newField'")

    fast = FastPath(build_schema(settings)._schema, settings, compiled_fields=COMPILED_ROOT_FIELDS, run_field=not_yet)
    prepared = fast.prepare("{ projects(first: 1) { totalCount } }", None)
    assert isinstance(prepared, Prepared)
    assert await fast.execute(prepared, None, Context(driver=seeded_graph, settings=settings)) is None
