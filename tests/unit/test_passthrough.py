"""graphql-core reads compiled values as they are: enums from stored names, dates as strings, interfaces by hint."""

from __future__ import annotations

from typing import Any

from graphql import graphql_sync

from service.api.schema import build_schema
from service.settings import Settings


def _run(document: str, value: Any, field: str) -> Any:
    schema = build_schema(Settings(_env_file=None))._schema  # type: ignore[call-arg]
    assert schema.query_type is not None
    # The root resolver stands in for the compiled statement: it returns the value a statement would.
    schema.query_type.fields[field].resolve = lambda *_args, **_kw: value
    return graphql_sync(schema, document)


def test_enum_date_float_and_alias_values_pass_through() -> None:
    value = {
        "t": "A title",
        "status": "COMPLETED",
        "startDate": "2019-05-24",
        "budgetEur": 1000050.0,
        "parts": {"edges": [{"role": "PARTNER", "roleClass": "PARTNERSHIP", "since": None}]},
    }
    result = _run(
        '{ project(id: "x") { t: title status startDate budgetEur '
        "parts: participants { edges { role roleClass since } } } }",
        value,
        "project",
    )
    assert result.errors is None
    assert result.data == {"project": value}


def test_interfaces_resolve_from_the_hint() -> None:
    value = {"__typename": "Nhri", "kind": "NHRI", "ganhriStatus": "A", "#typename": "Nhri"}
    result = _run('{ organisation(id: "x") { __typename kind ... on Nhri { ganhriStatus } } }', value, "organisation")
    assert result.errors is None
    assert result.data == {"organisation": {"__typename": "Nhri", "kind": "NHRI", "ganhriStatus": "A"}}


def test_a_wrong_enum_value_is_an_error_not_garbage() -> None:
    result = _run('{ project(id: "x") { status } }', {"status": "NOT_A_STATUS"}, "project")
    assert result.errors
