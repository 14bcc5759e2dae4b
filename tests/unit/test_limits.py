"""Query limits (depth, aliases, tokens) reject oversized documents before any resolver runs."""

from __future__ import annotations

import pytest

from service.core.settings import Settings
from service.gql.schema import build_schema


def _schema(**limits: int) -> object:
    return build_schema(Settings(_env_file=None, **limits))  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("limits", "document", "fragment"),
    [
        ({"max_aliases": 2}, "{ a: __typename b: __typename c: __typename }", "aliases"),
        ({"max_tokens": 10}, "{ a: __typename b: __typename c: __typename d: __typename }", "token"),
    ],
)
async def test_oversized_documents_are_rejected(limits: dict[str, int], document: str, fragment: str) -> None:
    schema = _schema(**limits)
    result = await schema.execute(document)  # type: ignore[attr-defined]
    assert result.errors, result
    assert fragment in result.errors[0].message.lower()
    assert result.errors[0].extensions["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_documents_within_limits_pass() -> None:
    result = await _schema().execute("{ a: __typename }")  # type: ignore[attr-defined]
    assert result.errors is None
    assert result.data == {"a": "Query"}
