"""A mutation payload's projection (service/editing/payload.py): compiled once per selection, the same on a retry."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse, validate
from graphql.execution.values import get_variable_values

from service.core.settings import Settings
from service.editing.payload import PayloadShape
from service.engine.selection import Field
from service.gql.collect import Collector, Document
from service.gql.schema import build_schema

SCHEMA = build_schema(Settings(_env_file=None)).pipeline.schema  # type: ignore[call-arg]
UPDATE = (
    'mutation($n: Int) { updateProject(input: {id: "Project:p1", expectedVersion: 1, budgetEur: 1.0}) '
    "{ project { id title participants(first: $n) { edges { node { key } } } } } }"
)


def mutation_field(document: str, variables: dict[str, Any]) -> Field:
    """The first root field of a mutation, as the pipeline collects it."""
    doc = parse(document)
    assert validate(SCHEMA, doc) == []
    op = doc.definitions[0]
    assert isinstance(op, OperationDefinitionNode)
    coerced = get_variable_values(SCHEMA, op.variable_definitions or (), variables)
    assert not isinstance(coerced, list), coerced
    assert SCHEMA.mutation_type is not None
    collector = Collector(SCHEMA, Document.of(doc), coerced)
    key, nodes = next(iter(collector.group(SCHEMA.mutation_type, [op.selection_set]).items()))
    return collector.field(SCHEMA.mutation_type, key, nodes)


def test_a_retried_transaction_projects_the_same_payload_again() -> None:
    # The driver runs a write transaction's function again after a transient error, with the same shape.
    shape = PayloadShape(mutation_field(UPDATE, {"n": 3}), "project", can_see_sensitive=False)
    first, params = shape.node("x", "Project"), shape.params()
    assert shape.node("x", "Project") == first
    assert shape.params() == params
    assert 3 in params.values()
    with pytest.raises(AssertionError, match="projects one thing"):
        shape.record("PARTICIPATION", ("Project",))


def test_the_cached_projection_follows_the_selection_and_the_privacy_flag() -> None:
    field = mutation_field(UPDATE, {"n": 3})
    hidden = PayloadShape(field, "project", can_see_sensitive=False)
    text = hidden.node("x", "Project")
    # The same selection object (a prepared mutation's next request) gets the same text and parameters.
    again = PayloadShape(field, "project", can_see_sensitive=False)
    assert again.node("x", "Project") == text
    assert again.params() == hidden.params()
    # Another privacy flag, another entry: the flag is a parameter of the projection.
    seeing = PayloadShape(field, "project", can_see_sensitive=True)
    seeing.node("x", "Project")
    assert seeing.params()["canSeeSensitive"] is True
    assert hidden.params()["canSeeSensitive"] is False
    # Another selection (another document, or the same one with another page size) compiles afresh.
    smaller = mutation_field(
        UPDATE.replace("mutation($n: Int)", "mutation").replace(
            " title participants(first: $n) { edges { node { key } } }", ""
        ),
        {},
    )
    other = PayloadShape(smaller, "project", can_see_sensitive=False)
    assert other.node("x", "Project") != text
    five = PayloadShape(mutation_field(UPDATE, {"n": 5}), "project", can_see_sensitive=False)
    five.node("x", "Project")
    assert 5 in five.params().values()
    assert 3 not in five.params().values()
