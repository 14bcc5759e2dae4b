"""The engine without a database: statement text from the registry's names only, values as parameters, errors."""

from __future__ import annotations

import base64
import string
from typing import Any

import pytest
from graphql import OperationDefinitionNode, OperationType, parse, validate
from graphql.execution.values import get_variable_values
from hypothesis import given, settings
from hypothesis import strategies as st

from service.core.errors import InvalidInputError, LimitExceededError
from service.core.settings import Settings
from service.engine.compilation import Compilation, CompileContext, Params, Statement
from service.engine.cursor import SortKey, decode, encode
from service.engine.projection import node_value
from service.engine.reads import compile_read, fold, lucene_query
from service.engine.selection import Field
from service.gql.collect import Collector, Document
from service.gql.schema import build_schema
from service.model.spec import Scalar

SCHEMA = build_schema(Settings(_env_file=None)).pipeline.schema  # type: ignore[call-arg]
CTX = CompileContext(can_see_sensitive=False)


def root_field(document: str, variables: dict[str, Any] | None = None) -> Field:
    """The selection tree of a document's first root field (a query's or a mutation's), as the pipeline builds it."""
    doc = parse(document)
    assert validate(SCHEMA, doc) == []
    op = doc.definitions[0]
    assert isinstance(op, OperationDefinitionNode)
    coerced = get_variable_values(SCHEMA, op.variable_definitions or (), variables or {})
    assert not isinstance(coerced, list), coerced
    collector = Collector(SCHEMA, Document.of(doc), coerced)
    root = SCHEMA.mutation_type if op.operation is OperationType.MUTATION else SCHEMA.query_type
    assert root is not None
    key, nodes = next(iter(collector.group(root, [op.selection_set]).items()))
    return collector.field(root, key, nodes)


def compile_query(document: str, variables: dict[str, Any] | None = None, ctx: CompileContext = CTX) -> Statement:
    return compile_read(root_field(document, variables), ctx)


TEXT = st.text(alphabet=string.printable + "äöüçşğıİ€'\"`\\{}$", min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(text=TEXT, key=TEXT)
def test_input_never_reaches_the_statement_text(text: str, key: str) -> None:
    document = (
        "query($t: String!, $k: String!) { projects(where: {OR: [{title: {contains: $t}}, {key: {eq: $k}}]}) "
        "{ totalCount edges { node { title participants(where: {organisation: {name: {startsWith: $t}}}) "
        "{ edges { node { name } } } } } } }"
    )
    compiled = compile_query(document, {"t": text, "k": key})
    values = list(compiled.params.values())
    assert text.lower() in values
    assert key in values
    # The text is the same whatever the values (a value that happens to spell a keyword, e.g. " OR ", is no leak).
    # (equal parameter values share one parameter, so the baseline's values are equal when these are.)
    baseline = {"t": "x", "k": "x" if key == text.lower() else "y"}
    assert compiled.cypher == compile_query(document, baseline).cypher


def test_same_shape_same_text_whatever_the_values() -> None:
    doc = (
        "query($n: Int, $s: ProjectStatus!) "
        "{ projects(first: $n, where: {status: {eq: $s}}) { edges { node { key } } } }"
    )
    a = compile_query(doc, {"n": 5, "s": "ACTIVE"})
    b = compile_query(doc, {"n": 50, "s": "COMPLETED"})
    assert a.cypher == b.cypher
    assert a.params != b.params
    assert a.params["canSeeSensitive"] is False


def test_aliases_and_typename_shape_the_value() -> None:
    compiled = compile_query('{ p: project(id: "x") { __typename t: title k: key } }')
    assert "`t`: _n1.title" in compiled.cypher
    assert "`k`: _n1.id" in compiled.cypher
    assert "`__typename`: 'Project'" in compiled.cypher
    assert compiled.cypher.startswith("RETURN ")
    assert compiled.cypher.endswith(" AS value")


def test_organisations_are_always_filtered_by_the_privacy_rule() -> None:
    compiled = compile_query(
        "{ projects { edges { node { participants { totalCount edges { node { name subunits { name } } } } } } } }"
    )
    # The participants' rows, their count and each one's subunits: the registry says these are organisations (no
    # label test needed), and each tests the rule through the Sensitive label.
    assert compiled.cypher.count(":Sensitive") >= 3
    assert compiled.cypher.count("$canSeeSensitive") >= 3


def test_typename_hints_only_where_the_selection_differs_by_type() -> None:
    same = compile_query('{ node(id: "Organisation:coe") { id } }')
    assert "#typename" not in same.cypher
    differs = compile_query('{ node(id: "Organisation:coe") { id ... on Nhri { ganhriStatus } } }')
    assert "`#typename`" in differs.cypher
    # The global id follows the node's own type even when the fields do not differ.
    assert "'Organisation:'" in same.cypher


@pytest.mark.parametrize(
    ("document", "error"),
    [
        ("{ projects(first: 101) { totalCount } }", LimitExceededError),
        ("{ projects(first: 1, last: 1) { totalCount } }", InvalidInputError),
        ('{ projects(after: "c1|TITLE.ASC|sx|sy") { totalCount } }', InvalidInputError),
        ('{ search(text: "...") { score } }', InvalidInputError),
        ('{ node(id: "Unknown:1") { id } }', InvalidInputError),
    ],
)
def test_bad_arguments_fail_before_any_statement(document: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        compile_query(document)


def test_page_size_bounds_come_from_the_context() -> None:
    small = CompileContext(can_see_sensitive=False, max_page_size=5, default_page_size=2)
    with pytest.raises(LimitExceededError):
        compile_query("{ projects(first: 6) { totalCount } }", ctx=small)
    compiled = compile_query("{ projects { edges { cursor } } }", ctx=small)
    assert 3 in compiled.params.values()  # the default page plus one row that tells whether more follow


def test_cursors_are_computed_only_when_selected() -> None:
    without = compile_query("{ projects(first: 2) { edges { node { key } } } }")
    assert "'c1|" not in without.cypher
    with_cursor = compile_query("{ projects(first: 2) { edges { cursor node { key } } } }")
    assert "'c1|" in with_cursor.cypher
    counted = compile_query("{ projects(first: 2) { totalCount } }")
    assert "COLLECT" not in counted.cypher  # no rows fetched when only the count is asked


KEYS = [SortKey("n.title", Scalar.STRING, False, True), SortKey("n.budget", Scalar.FLOAT, True, False),
        SortKey("n.id", Scalar.STRING, False, True)]  # fmt: skip


def _opaque(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def test_cursor_values_round_trip() -> None:
    assert decode(_opaque("c1|X|sa~pb~~c|~|sid"), "X", KEYS, field="after") == ["a|b~c", None, "id"]
    assert decode(_opaque("c1|X|s|n12.5|sid"), "X", KEYS, field="after") == ["", 12.5, "id"]
    assert decode(encode("c1|X|s|n7|sid") or "", "X", KEYS, field="after") == ["", 7, "id"]


@pytest.mark.parametrize(
    "bad", ["", "c1", "c2|X|s|n1|sid", "c1|Y|s|n1|sid", "c1|X|n1|n1|sid", "c1|X|s|n1|~", "c1|X|s|sid"]
)
def test_malformed_cursors_are_input_errors(bad: str) -> None:
    with pytest.raises(InvalidInputError):
        decode(_opaque(bad), "X", KEYS, field="after")
    with pytest.raises(InvalidInputError):
        decode(bad + "!", "X", KEYS, field="after")  # not base64url at all


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_lucene_query_holds_only_words(text: str) -> None:
    try:
        query = lucene_query(text)
    except InvalidInputError:
        assert not any(c.isalnum() for c in fold(text) if c != "_")
        return
    for token in query.replace("(", " ").replace(")", " ").split():
        assert token in ("AND", "OR") or token.rstrip("*").removesuffix("~1").isalnum()


def test_fold_strips_diacritics_and_case() -> None:
    assert fold("Türkiye Chișinău ÉCRI") == "turkiye chisinau ecri"
    assert lucene_query("Türk ombudsman") == "(turk OR turk*) AND (ombudsman OR ombudsman* OR ombudsman~1)"


def test_possessives_keep_the_word_before_the_apostrophe() -> None:
    assert lucene_query("People\u2019s Advocate") == lucene_query("People's Advocate")
    assert lucene_query("People's") == "(people OR people* OR people~1)"


def test_a_node_projection_serves_any_statement() -> None:
    field = root_field(
        '{ organisation(id: "x") { __typename id name ... on Nhri { ganhriStatus } '
        "participations(first: 2) { totalCount edges { role node { title } } } } }"
    )
    assert field.sub is not None
    comp = Compilation(CTX, Params("q"))
    expr = node_value(comp, "o", field.sub, 0)
    assert "o.name" in expr
    assert "WHEN o:Nhri THEN 'Nhri'" in expr  # the concrete type from the labels
    assert "(o)-[_r1:PARTICIPATES_IN]->(_n1:Project)" in expr
    assert all(name.startswith("q") for name in comp.params.values)


@pytest.mark.parametrize(
    ("order", "first_key_guarded"),
    [
        ("[{field: TITLE, direction: ASC}]", ".title IS NOT NULL"),  # never null: the index gives the order
        ("[{field: TITLE, direction: DESC}]", ".title IS NOT NULL"),
        ("[]", ".id IS NOT NULL"),  # the tie-breaker alone
        ("[{field: START_DATE, direction: ASC}]", None),  # nullable: a guard would drop the projects without one
    ],
)
def test_first_page_guards_a_never_null_first_sort_key(order: str, first_key_guarded: str | None) -> None:
    compiled = compile_query(f"{{ projects(first: 3, orderBy: {order}) {{ edges {{ node {{ key }} }} }} }}")
    guards = [g for g in (".title IS NOT NULL", ".id IS NOT NULL", ".startDate IS NOT NULL") if g in compiled.cypher]
    assert guards == ([first_key_guarded] if first_key_guarded else [])


def test_later_pages_seek_instead_of_guarding() -> None:
    first = compile_query("{ projects(first: 2, orderBy: [{field: TITLE, direction: ASC}]) { edges { cursor } } }")
    assert ".title IS NOT NULL" in first.cypher
    cursor = _opaque("c1|TITLE.ASC|sA title|sprj-1")
    later = compile_query(
        f'{{ projects(first: 2, after: "{cursor}", orderBy: [{{field: TITLE, direction: ASC}}]) '
        "{ edges { cursor } } }"
    )
    assert "IS NOT NULL" not in later.cypher
    assert ">=" in later.cypher


def test_ordering_plans_are_shared_by_shape_not_by_argument_values() -> None:
    """Mutations are prepared for every request: their ordering plan comes from the cache of shapes."""
    from service.engine.order import plan_of

    one = root_field('{ projects(first: 3, where: { title: { contains: "a" } }) { edges { node { id title } } } }')
    two = root_field('{ projects(first: 9, where: { title: { contains: "b" } }) { edges { node { id title } } } }')
    other = root_field("{ projects(first: 3) { edges { node { title id } } } }")
    assert one.sub is not None
    assert two.sub is not None
    assert other.sub is not None
    assert plan_of(one.sub) is plan_of(two.sub)
    assert plan_of(other.sub) is not plan_of(one.sub)
    value = {"edges": [{"node": {"title": "T", "id": "Project:x"}}]}
    assert list(plan_of(one.sub).apply(value)["edges"][0]["node"]) == ["id", "title"]
    assert list(plan_of(other.sub).apply(value)["edges"][0]["node"]) == ["title", "id"]
