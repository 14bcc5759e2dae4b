"""A mutation payload's projection (service/editing/payload.py): compiled once per selection, the same on a retry."""

from __future__ import annotations

import pytest

from service.editing.payload import PayloadShape
from tests.unit.test_engine import root_field

UPDATE = (
    'mutation($n: Int) { updateProject(input: {id: "Project:p1", expectedVersion: 1, budgetEur: 1.0}) '
    "{ project { id title participants(first: $n) { edges { node { key } } } } } }"
)


def test_a_retried_transaction_projects_the_same_payload_again() -> None:
    # The driver runs a write transaction's function again after a transient error, with the same shape.
    shape = PayloadShape(root_field(UPDATE, {"n": 3}), "project", can_see_sensitive=False)
    first, params = shape.node("x", "Project"), shape.params()
    assert shape.node("x", "Project") == first
    assert shape.params() == params
    assert 3 in params.values()
    with pytest.raises(AssertionError, match="projects one thing"):
        shape.record("PARTICIPATION", ("Project",))


def test_the_cached_projection_follows_the_selection_and_the_privacy_flag() -> None:
    field = root_field(UPDATE, {"n": 3})
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
    smaller = root_field(
        UPDATE.replace("mutation($n: Int)", "mutation").replace(
            " title participants(first: $n) { edges { node { key } } }", ""
        ),
        {},
    )
    other = PayloadShape(smaller, "project", can_see_sensitive=False)
    assert other.node("x", "Project") != text
    five = PayloadShape(root_field(UPDATE, {"n": 5}), "project", can_see_sensitive=False)
    five.node("x", "Project")
    assert 5 in five.params().values()
    assert 3 not in five.params().values()
