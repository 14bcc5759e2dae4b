"""The one pipeline: every request through Strawberry's schema, compiled root fields answered by the stage, the
rest by graphql-core, in document order; prepared statements cached per document, variables and caller."""

from __future__ import annotations

import json
from typing import Any

import pytest
from graphql import ExecutionResult, parse
from neo4j import AsyncDriver

from service.core.context import Context, Principal
from service.core.settings import Settings
from service.engine.compilation import CAN_SEE_SENSITIVE
from service.gql.schema import PartnernetSchema, build_schema
from service.gql.stage import after_execution, before_execution

pytestmark = pytest.mark.integration

EDITOR = Principal(subject="eddie", role="editor", token_id="t")


@pytest.fixture
def schema(settings: Settings) -> PartnernetSchema:
    """A schema of its own, so each test starts with an empty pipeline cache."""
    return build_schema(settings)


async def _run(
    schema: PartnernetSchema,
    driver: AsyncDriver,
    settings: Settings,
    query: str,
    variables: dict[str, Any] | None = None,
    principal: Principal | None = None,
) -> dict[str, Any]:
    ctx = Context(driver=driver, settings=settings, principal=principal)
    result = await schema.execute(query, variable_values=variables, context_value=ctx)
    body: dict[str, Any] = {"data": result.data}
    if result.errors:
        body["errors"] = [e.formatted for e in result.errors]
    return body


async def _ok(*args: Any, **kwargs: Any) -> dict[str, Any]:
    body = await _run(*args, **kwargs)
    assert "errors" not in body, body["errors"]
    assert body["data"] is not None
    return body["data"]


PAGE = """query P($n: Int!, $withTitle: Boolean!) {
  projects(first: $n, orderBy: [{field: TITLE, direction: ASC}]) {
    edges { node { id title @include(if: $withTitle) startDate } }
  }
}"""
# The same shape with another selection: a plan or statement leaking from PAGE would answer the wrong keys.
PAGE_OTHER = PAGE.replace("id title", "key endDate title")
ORGS = "{ organisations(first: 1) { totalCount } }"


class _Execution:
    """What `before_execution` and `after_execution` read and write of Strawberry's execution context."""

    def __init__(self, query: str, context: Context) -> None:
        self.query, self.context = query, context
        self.graphql_document = parse(query)
        self.operation_name: str | None = None
        self.variables: dict[str, Any] | None = None
        self.result: ExecutionResult | None = None


async def test_keys_follow_the_selection_at_every_depth(
    seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    query = """query P($n: Int!, $withTitle: Boolean!) {
      first: projects(first: $n, orderBy: [{field: TITLE, direction: ASC}]) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id t: title @include(if: $withTitle) __typename ...Dates } }
      }
      kind: __typename
    }
    fragment Dates on Project { startDate endDate }"""
    data = await _ok(schema, seeded_graph, settings, query, {"n": 3, "withTitle": True})
    assert list(data) == ["first", "kind"]
    assert data["kind"] == "Query"
    assert list(data["first"]) == ["totalCount", "pageInfo", "edges"]
    assert list(data["first"]["pageInfo"]) == ["hasNextPage", "endCursor"]
    node = data["first"]["edges"][0]["node"]
    assert list(node) == ["id", "t", "__typename", "startDate", "endDate"]
    assert node["__typename"] == "Project"
    titles = [e["node"]["t"] for e in data["first"]["edges"]]
    assert titles == sorted(titles)
    # Cursors are opaque: base64url text, not the keyset values they carry.
    cursor = data["first"]["edges"][0]["cursor"]
    assert "|" not in cursor
    assert titles[0] not in cursor


async def test_abstract_values_take_each_concrete_types_keys(
    seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    query = """{ search(text: "ombudsman", first: 8) {
      node { ... on Nhri { ganhriStatus name } ... on Project { title } __typename key } } }"""
    data = await _ok(schema, seeded_graph, settings, query)
    kinds = set()
    for hit in data["search"]:
        node = hit["node"]
        kinds.add(node["__typename"])
        if node["__typename"] == "Nhri":
            assert list(node) == ["ganhriStatus", "name", "__typename", "key"]
        elif node["__typename"] == "Project":
            assert list(node) == ["title", "__typename", "key"]
        else:
            assert list(node) == ["__typename", "key"]
    assert "Nhri" in kinds


async def test_fields_without_a_handler_run_in_graphql_core_beside_the_compiled_ones(
    seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    query = """{ a: projects(first: 1) { totalCount } info: serviceInfo { version neo4jEdition }
                 __schema { queryType { name } } b: countries(first: 1) { edges { node { iso2 } } } }"""
    data = await _ok(schema, seeded_graph, settings, query)
    assert list(data) == ["a", "info", "__schema", "b"]
    assert data["a"]["totalCount"] > 0
    assert data["info"]["neo4jEdition"] in ("community", "enterprise")
    assert data["__schema"] == {"queryType": {"name": "Query"}}
    assert len(data["b"]["edges"][0]["node"]["iso2"]) == 2


@pytest.mark.parametrize(
    ("query", "code", "path"),
    [
        ("{ projects(first: 101) { totalCount } }", "LIMIT_EXCEEDED", ["projects"]),
        ('{ projects(first: 2, after: "not-a-cursor") { totalCount } }', "BAD_USER_INPUT", ["projects"]),
        ('{ project(id: "Region:x") { key } }', "BAD_USER_INPUT", ["project"]),
    ],
)
async def test_field_errors_carry_codes_and_paths(
    seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema, query: str, code: str, path: list[str]
) -> None:
    body = await _run(schema, seeded_graph, settings, query)
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    assert body["errors"][0]["path"] == path


async def test_a_failing_non_null_root_field_nulls_data_and_others_keep_theirs(
    seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    failed = await _run(
        schema,
        seeded_graph,
        settings,
        "{ ok: regions(first: 1) { totalCount } bad: projects(first: -1) { totalCount } }",
    )
    assert failed["data"] is None  # projects is non-null: its error propagates to data
    assert failed["errors"][0]["path"] == ["bad"]
    kept = await _run(
        schema, seeded_graph, settings, '{ ok: regions(first: 1) { totalCount } bad: project(id: "Region:x") { key } }'
    )
    assert kept["data"]["ok"]["totalCount"] > 0
    assert kept["data"]["bad"] is None  # project is nullable


async def test_variable_errors_come_before_execution(
    seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    body = await _run(schema, seeded_graph, settings, "query Q($n: Int!) { projects(first: $n) { totalCount } }",
                      {"n": "three"})  # fmt: skip
    assert body["data"] is None
    assert "$n" in body["errors"][0]["message"]
    assert "path" not in body["errors"][0]


async def test_a_repeated_request_reuses_its_statement_and_answers_the_same(
    seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    variables = {"n": 3, "withTitle": True}
    first = await _ok(schema, seeded_graph, settings, PAGE, variables)
    assert (schema.pipeline.hits, schema.pipeline.misses) == (0, 1)
    again = await _ok(schema, seeded_graph, settings, PAGE, variables)
    assert (schema.pipeline.hits, schema.pipeline.misses) == (1, 1)
    fresh = await _ok(build_schema(settings), seeded_graph, settings, PAGE, variables)
    assert json.dumps(first) == json.dumps(again) == json.dumps(fresh)


async def test_other_variables_documents_and_callers_get_their_own(
    seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    three = await _ok(schema, seeded_graph, settings, PAGE, {"n": 3, "withTitle": True})
    two = await _ok(schema, seeded_graph, settings, PAGE, {"n": 2, "withTitle": False})
    assert len(two["projects"]["edges"]) == 2
    assert list(two["projects"]["edges"][0]["node"]) == ["id", "startDate"]  # the plan follows @include
    assert list(three["projects"]["edges"][0]["node"]) == ["id", "title", "startDate"]
    other = await _ok(schema, seeded_graph, settings, PAGE_OTHER, {"n": 3, "withTitle": True})
    assert list(other["projects"]["edges"][0]["node"]) == ["key", "endDate", "title", "startDate"]
    anonymous = await _ok(schema, seeded_graph, settings, ORGS)
    await _ok(schema, seeded_graph, settings, ORGS, principal=EDITOR)
    assert schema.pipeline.misses == 5
    flags = [s.params[CAN_SEE_SENSITIVE] for s in schema.pipeline.cached_statements()]
    assert flags.count(True) == 1  # only the editor's statement lets sensitive organisations through
    assert await _ok(schema, seeded_graph, settings, ORGS) == anonymous
    assert schema.pipeline.hits == 1


SEARCH = "query S($t: String!) { search(text: $t, first: 5) { score node { __typename id } } }"


async def test_a_new_search_text_reuses_the_statement_with_its_own_parameter(
    seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    answers = []
    for text in ("ombudsman", "justice", "prison"):
        got = await _ok(schema, seeded_graph, settings, SEARCH, {"t": text})
        assert got == await _ok(build_schema(settings), seeded_graph, settings, SEARCH, {"t": text})
        answers.append(got)
    assert answers[0] != answers[1]
    assert (schema.pipeline.misses, schema.pipeline.hits) == (1, 2)
    # A bad text fails as a fresh compile fails it, cached statement or not.
    bad = await _run(schema, seeded_graph, settings, SEARCH, {"t": "%%%"})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # A text variable read elsewhere in the document keeps the text in the key.
    twice = (
        "query S($t: String!) { search(text: $t, first: 5) { score node { __typename "
        "... on Project { participants(first: 1, where: {key: {contains: $t}}) { totalCount } } } } }"
    )
    misses = schema.pipeline.misses
    await _ok(schema, seeded_graph, settings, twice, {"t": "justice"})
    await _ok(schema, seeded_graph, settings, twice, {"t": "prison"})
    assert schema.pipeline.misses == misses + 2


async def test_requests_sharing_a_prepared_operation_keep_their_own_half_of_the_answer(
    writable_seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    # Two requests of one mixed document (a compiled field beside one graphql-core answers) share the prepared
    # operation; the graph changes between them, so each one's compiled half differs and must stay its own.
    query = '{ project(id: "ba-hf2-detained") { title } serviceInfo { version } }'
    ctx = Context(driver=writable_seeded_graph, settings=settings)
    first, second = _Execution(query, ctx), _Execution(query, ctx)
    held_first, _ = await before_execution(schema.pipeline, first)
    await writable_seeded_graph.execute_query(
        "MATCH (p:Project {id: 'ba-hf2-detained'}) SET p.title = 'Renamed in between'",
        database_=settings.neo4j_database,
    )
    held_second, _ = await before_execution(schema.pipeline, second)
    assert schema.pipeline.hits == 1  # the second request reused the first one's prepared operation
    assert held_first is not None
    assert held_second is not None
    for execution, held in ((first, held_first), (second, held_second)):
        execution.result = ExecutionResult(data={"serviceInfo": {"version": "graphql-core's half"}})
        after_execution(held, execution)
    assert first.result is not None
    assert second.result is not None
    assert first.result.data is not None
    assert second.result.data is not None
    assert first.result.data["project"]["title"] != "Renamed in between"
    assert second.result.data["project"]["title"] == "Renamed in between"


UPDATE = """mutation U($id: ID!, $version: Int!, $budget: Float!) {
  updateProject(input: { id: $id, expectedVersion: $version, budgetEur: $budget }) {
    project { version participants(first: 5) { edges { role node { name } } } }
    userErrors { code }
  }
}"""


async def test_a_repeated_mutation_reuses_its_prepared_template_at_the_same_cost(
    writable_seeded_graph: AsyncDriver, settings: Settings, schema: PartnernetSchema
) -> None:
    # The second request of a mutation document takes the prepared template with its own arguments; the cost it
    # reports must be the one the first request computed from the whole selection, and pages still multiply.
    read = await _ok(
        build_schema(settings), writable_seeded_graph, settings, '{ project(id: "ba-hf2-detained") { version } }'
    )

    async def update(document: str, version: int) -> tuple[int, int]:
        ctx = Context(driver=writable_seeded_graph, settings=settings, principal=EDITOR)
        variables = {"id": "Project:ba-hf2-detained", "version": version, "budget": 1000.0 + version}
        result = await schema.execute(
            document, variable_values=variables, context_value=ctx, operation_extensions={"cost": True}
        )
        assert result.errors is None, result.errors
        assert result.data is not None
        assert result.extensions is not None
        payload = result.data["updateProject"]
        assert payload["userErrors"] == []
        return int(payload["project"]["version"]), int(result.extensions["cost"]["requested"])

    version, first = await update(UPDATE, int(read["project"]["version"]))
    assert (schema.pipeline.hits, schema.pipeline.misses) == (0, 1)
    version, again = await update(UPDATE, version)
    assert (schema.pipeline.hits, schema.pipeline.misses) == (1, 1)
    assert again == first
    _, smaller = await update(UPDATE.replace("first: 5", "first: 1"), version)
    assert smaller < first
