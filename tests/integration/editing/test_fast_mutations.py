"""Entity updates on the fast path answer exactly what Strawberry's execution answers, and write the same."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import pytest

from service.api.compiled import run_compiled_field
from service.api.compiler import COMPILED_ROOT_FIELDS
from service.api.fast_mutations import accepts, run_update_field
from service.api.fastpath import FastPath, Prepared
from tests.integration.editing.conftest import Api
from tests.integration.editing.graph import build_small_graph, scalar

pytestmark = pytest.mark.integration

UPDATE = """mutation U($v: Int!, $b: Float, $withAudit: Boolean!) {
  updateProject(input: {id: "Project:proj-1", expectedVersion: $v, budgetEur: $b, status: ACTIVE}) {
    __typename
    seq: changeSeq
    replayed
    project {
      id key t: title status budgetEur countries: __typename
      ...Audit @include(if: $withAudit)
      ... on EditedProject { sources notes }
    }
  }
}
fragment Audit on Audited { version updatedBy createdAt }"""

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("editor", UPDATE, {"v": 1, "b": 2500.5, "withAudit": True}),
    ("api_key_editor", UPDATE, {"v": 1, "b": None, "withAudit": False}),
    ("editor", UPDATE, {"v": 9, "b": 1.0, "withAudit": True}),  # STALE_UPDATE
    ("viewer", UPDATE, {"v": 1, "b": 1.0, "withAudit": True}),  # FORBIDDEN
    ("anonymous", UPDATE, {"v": 1, "b": 1.0, "withAudit": True}),  # UNAUTHENTICATED
    ("revoked", UPDATE, {"v": 1, "b": 1.0, "withAudit": True}),  # TOKEN_REVOKED
    ("editor", 'mutation { updateTheme(input: {id: "nope", expectedVersion: 1, notes: ["x"]}) { changeSeq } }', {}),
    (
        "editor",
        'mutation { updateProject(input: {id: "proj-1", expectedVersion: 1, endDate: "2010-01-01"}) { changeSeq } }',
        {},
    ),  # BAD_USER_INPUT, checked on the written properties
    (
        "editor",
        'mutation { updateProject(input: {id: "proj-1", expectedVersion: 1, title: "Renamed"}) '
        "{ project { title name: title version } } }",
        {},
    ),  # a natural key change takes the general path inside the same resolver
    ("editor", 'mutation { updateCountry(input: {id: "BA", expectedVersion: 1, iso3: "BIH"}) { changeSeq } }', {}),
]


def _fast(api: Api) -> FastPath:
    return FastPath(
        api.schema._schema,
        api.settings,
        compiled_fields=COMPILED_ROOT_FIELDS,
        run_field=partial(run_compiled_field, typename_hints=True),
        run_mutation=run_update_field,
        accepts_mutation=accepts,
    )


def _normalise(body: dict[str, Any]) -> str:
    errors = [
        {"message": e["message"], "path": e.get("path"), "ext": e.get("extensions")} for e in body.get("errors") or []
    ]
    return json.dumps({"data": body.get("data"), "errors": errors})


async def _reset(api: Api) -> None:
    await scalar(api, "CALL () { MATCH (n) WHERE NOT n:ApiToken AND NOT n:_Migration DETACH DELETE n } RETURN 1")
    await build_small_graph(api)


async def _state(api: Api) -> Any:
    return await scalar(
        api,
        "MATCH (p:Project {id: 'proj-1'}) MATCH (s:ChangeSequence) "
        "RETURN [p.version, p.budgetEur, p.status, p.title, s.value, COUNT { (:ChangeEvent) }]",
    )


@pytest.mark.parametrize(("role", "document", "variables"), CASES)
async def test_fast_updates_match_strawberry(api: Api, role: str, document: str, variables: dict[str, Any]) -> None:
    fast = _fast(api)
    prepared = fast.prepare(document, None)
    assert isinstance(prepared, Prepared), prepared
    assert prepared.mutation
    await _reset(api)
    slow = await api.run(document, variables, role=role)
    slow_body: dict[str, Any] = {"data": slow.data}
    if slow.errors:
        slow_body["errors"] = slow.errors
    slow_state = await _state(api)
    await _reset(api)
    ctx = await api.context(api.tokens.for_role(role))
    fast_body = await fast.execute(prepared, variables, ctx)
    assert fast_body is not None
    fast_state = await _state(api)
    # updatedAt/createdAt differ between the two runs; everything else must be the same text.
    for body in (slow_body, fast_body):
        project = ((body.get("data") or {}).get("updateProject") or {}).get("project") or {}
        project.pop("createdAt", None)
    assert _normalise(fast_body) == _normalise(slow_body)
    assert fast_state == slow_state


@pytest.mark.parametrize(
    "document",
    [
        'mutation { updateOrganisation(input: {id: "org-a", expectedVersion: 1, shortName: "M"}) { changeSeq } }',
        'mutation { updateTheme(input: {id: "t", expectedVersion: 1}, idempotencyKey: "k") { changeSeq } }',
        'mutation { a: updateTheme(input: {id: "t", expectedVersion: 1}) { changeSeq } '
        'b: updateTheme(input: {id: "t", expectedVersion: 2}) { changeSeq } }',
        'mutation { createTheme(input: {name: "T"}) { changeSeq } }',
    ],
)
def test_other_mutations_are_left_to_strawberry(api: Api, document: str) -> None:
    assert not isinstance(_fast(api).prepare(document, None), Prepared)
