"""The compiled-statement cache and the key-order plans: reused when a request repeats, never across documents,
variables or callers; answers equal to a fresh compile."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import pytest
from neo4j import AsyncDriver

from service.api.compiled import CompiledCache, run_compiled_field
from service.api.compiler import CAN_SEE_SENSITIVE, COMPILED_ROOT_FIELDS
from service.api.context import Context, Principal
from service.api.fastpath import FastPath, Prepared
from service.api.schema import build_schema
from service.settings import Settings

pytestmark = pytest.mark.integration

PAGE = """query P($n: Int!, $withTitle: Boolean!) {
  projects(first: $n, orderBy: [{field: TITLE, direction: ASC}]) {
    edges { node { id title @include(if: $withTitle) startDate } }
  }
}"""
# The same shape with another selection: a plan or statement leaking from PAGE would answer the wrong keys.
PAGE_OTHER = PAGE.replace("id title", "key endDate title")
ORGS = "{ organisations(first: 1) { totalCount } }"


@pytest.fixture(scope="module")
def fast(settings: Settings) -> FastPath:
    schema = build_schema(settings)
    return FastPath(
        schema._schema,
        settings,
        compiled_fields=COMPILED_ROOT_FIELDS,
        run_field=partial(run_compiled_field, typename_hints=True),
    )


async def _ask(fast: FastPath, ctx: Context, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    prepared = fast.prepare(query, None)
    assert isinstance(prepared, Prepared)
    body = await fast.execute(prepared, variables, ctx)
    assert body is not None
    assert not body.get("errors"), body
    return body


async def test_a_repeated_request_reuses_its_statement_and_answers_the_same(
    seeded_graph: AsyncDriver, settings: Settings, fast: FastPath
) -> None:
    cache = CompiledCache()
    cached = Context(driver=seeded_graph, settings=settings, compiled_cache=cache)
    fresh = Context(driver=seeded_graph, settings=settings)
    first = await _ask(fast, cached, PAGE, {"n": 3, "withTitle": True})
    assert (cache.hits, cache.misses, len(cache)) == (0, 1, 1)
    again = await _ask(fast, cached, PAGE, {"n": 3, "withTitle": True})
    assert (cache.hits, len(cache)) == (1, 1)
    uncached = await _ask(fast, fresh, PAGE, {"n": 3, "withTitle": True})
    assert json.dumps(first) == json.dumps(again) == json.dumps(uncached)


async def test_other_variables_documents_and_callers_get_their_own(
    seeded_graph: AsyncDriver, settings: Settings, fast: FastPath
) -> None:
    cache = CompiledCache()
    anonymous = Context(driver=seeded_graph, settings=settings, compiled_cache=cache)
    three = await _ask(fast, anonymous, PAGE, {"n": 3, "withTitle": True})
    two = await _ask(fast, anonymous, PAGE, {"n": 2, "withTitle": False})
    assert len(two["data"]["projects"]["edges"]) == 2
    assert list(two["data"]["projects"]["edges"][0]["node"]) == ["id", "startDate"]  # the plan follows @include
    assert list(three["data"]["projects"]["edges"][0]["node"]) == ["id", "title", "startDate"]
    other = await _ask(fast, anonymous, PAGE_OTHER, {"n": 3, "withTitle": True})
    assert list(other["data"]["projects"]["edges"][0]["node"]) == ["key", "endDate", "title", "startDate"]
    assert len(cache) == 3
    # Who asks is part of the key: an editor sees sensitive organisations, an anonymous caller does not.
    editor = Context(
        driver=seeded_graph,
        settings=settings,
        compiled_cache=cache,
        principal=Principal(subject="eddie", role="editor", token_id="t"),
    )
    anonymous_answer = await _ask(fast, anonymous, ORGS)
    await _ask(fast, editor, ORGS)
    assert len(cache) == 5
    flags = [entry.params[CAN_SEE_SENSITIVE] for entry in cache.statements()]
    assert flags.count(True) == 1  # only the editor's statement lets sensitive organisations through
    assert await _ask(fast, anonymous, ORGS) == anonymous_answer
    assert cache.hits == 1


def test_the_cache_is_bounded() -> None:
    from graphql import FieldNode, NameNode

    from service.api.compiler import CompileContext, CompiledField

    cache = CompiledCache(size=2)
    ctx = CompileContext(can_see_sensitive=False)
    nodes = [(FieldNode(name=NameNode(value=f"f{n}")),) for n in range(3)]
    for n, node in enumerate(nodes):
        key = CompiledCache.key(node, {"n": n}, ctx)
        assert key is not None
        cache.put(key, node, CompiledField(cypher=f"RETURN {n}", params={}))
    assert len(cache) == 2
    first_key = CompiledCache.key(nodes[0], {"n": 0}, ctx)
    assert first_key is not None
    assert cache.get(first_key, nodes[0]) is None
    last_key = CompiledCache.key(nodes[2], {"n": 2}, ctx)
    assert last_key is not None
    found = cache.get(last_key, nodes[2])
    assert found is not None
    assert found.cypher == "RETURN 2"
    # A key whose node ids match but whose nodes are other objects is a miss, never another document's entry.
    assert cache.get(last_key, nodes[1]) is None


def test_requests_with_big_variables_are_not_kept() -> None:
    from graphql import FieldNode, NameNode

    from service.api.compiler import CompileContext

    node = (FieldNode(name=NameNode(value="projects")),)
    ctx = CompileContext(can_see_sensitive=False)
    assert CompiledCache.key(node, {"t": "x" * 100}, ctx) is not None
    assert CompiledCache.key(node, {"t": "x" * 10_000}, ctx) is None


SEARCH = "query S($t: String!) { search(text: $t, first: 5) { score node { __typename id } } }"


async def test_a_new_search_text_reuses_the_statement_with_its_own_parameter(
    seeded_graph: AsyncDriver, settings: Settings, fast: FastPath
) -> None:
    cache = CompiledCache()
    cached = Context(driver=seeded_graph, settings=settings, compiled_cache=cache)
    fresh = Context(driver=seeded_graph, settings=settings)
    answers = []
    for text in ("ombudsman", "justice", "prison"):
        got = await _ask(fast, cached, SEARCH, {"t": text})
        assert got == await _ask(fast, fresh, SEARCH, {"t": text})
        answers.append(got)
    assert answers[0] != answers[1]
    assert (cache.misses, cache.hits, len(cache)) == (1, 2, 1)
    # A bad text fails as the compiler fails it, cached statement or not.
    prepared = fast.prepare(SEARCH, None)
    assert isinstance(prepared, Prepared)
    bad = await fast.execute(prepared, {"t": "%%%"}, cached)
    assert bad is not None
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # A text variable read elsewhere in the field keeps the text in the key.
    twice = (
        "query S($t: String!) { search(text: $t, first: 5) { score node { __typename "
        "... on Project { participants(first: 1, where: {key: {contains: $t}}) { totalCount } } } } }"
    )
    await _ask(fast, cached, twice, {"t": "justice"})
    await _ask(fast, cached, twice, {"t": "prison"})
    assert len(cache) == 3
