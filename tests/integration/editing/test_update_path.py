"""Entity updates on the one path: what the fast path's parity tests compared is now asserted outright (the
answer in selection order, fragments and @include applied, one statement, the codes, what is written)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.counting import CountingDriver
from tests.integration.editing.conftest import ERRORS, Api
from tests.integration.editing.graph import build_small_graph, scalar

pytestmark = pytest.mark.integration

UPDATE = (
    """mutation U($v: Int!, $b: Float, $withAudit: Boolean!) {
  updateProject(input: {id: "Project:proj-1", expectedVersion: $v, budgetEur: $b, status: ACTIVE}) {
    __typename
    seq: changeSeq
    replayed
    project {
      id key t: title status budgetEur countries: __typename
      ...Audit @include(if: $withAudit)
      ... on Project { sources notes }
    }
    """
    + ERRORS
    + """
  }
}
fragment Audit on Entity { version updatedBy }"""
)

# (role, document, variables, top-level or user error code, statements when the token is a remembered one)
CASES: list[tuple[str, str, dict[str, Any], str | None]] = [
    ("editor", UPDATE, {"v": 1, "b": 2500.5, "withAudit": True}, None),
    ("api_key_editor", UPDATE, {"v": 1, "b": None, "withAudit": False}, None),
    ("editor", UPDATE, {"v": 9, "b": 1.0, "withAudit": True}, "STALE_UPDATE"),
    ("viewer", UPDATE, {"v": 1, "b": 1.0, "withAudit": True}, "FORBIDDEN"),
    ("anonymous", UPDATE, {"v": 1, "b": 1.0, "withAudit": True}, "UNAUTHENTICATED"),
    ("revoked", UPDATE, {"v": 1, "b": 1.0, "withAudit": True}, "TOKEN_REVOKED"),
    ("editor", 'mutation { updateTheme(input: {id: "nope", expectedVersion: 1, notes: ["x"]}) { changeSeq '
     + ERRORS + " } }", {}, "NOT_FOUND"),
    # A rule checked on the written properties: the end before the start rolls the write back.
    ("editor", 'mutation { updateProject(input: {id: "proj-1", expectedVersion: 1, endDate: "2010-01-01"}) '
     "{ changeSeq " + ERRORS + " } }", {}, "BAD_USER_INPUT"),
    # A natural-key change is checked in the same statement.
    ("editor", 'mutation { updateProject(input: {id: "proj-1", expectedVersion: 1, title: "Renamed"}) '
     "{ project { title name version } } }", {}, None),
    ("editor", 'mutation { updateCountry(input: {id: "BA", expectedVersion: 1, iso3: "BIH"}) { changeSeq } }', {},
     None),
]  # fmt: skip


async def _state(api: Api) -> Any:
    return await scalar(
        api,
        "MATCH (p:Project {id: 'proj-1'}) MATCH (s:ChangeSequence) "
        "RETURN [p.version, p.budgetEur, p.status, p.title, s.value, COUNT { (:ChangeEvent) }]",
    )


@pytest.mark.parametrize(("role", "document", "variables", "code"), CASES)
async def test_updates_on_the_one_path(api: Api, role: str, document: str, variables: dict[str, Any],
                                       code: str | None) -> None:  # fmt: skip
    await build_small_graph(api)
    before = await _state(api)
    drv = CountingDriver(api.driver)
    counted = Api(api.schema, drv, api.settings, api.tokens)  # type: ignore[arg-type]  # a proxy of the driver
    counted.verified_keys = api.verified_keys
    if role == "api_key_editor":  # an API key is looked up on its first use, then remembered by the process
        await counted.run("{ serviceInfo { version } }", role=role)
        drv.statements.clear()
    out = await counted.run(document, variables, role=role)
    after = await _state(api)
    if code is not None:
        assert out.code == code, (out.errors, out.user_errors)
        assert after == before, "a refused update writes nothing"
        return
    data = out.ok()
    assert len(drv.statements) == 1, drv.statements
    if document is not UPDATE:
        assert after[4] == before[4] + 1
        return
    payload = data["updateProject"]
    assert payload["seq"] == after[4] == before[4] + 1
    expected_keys = ["id", "key", "t", "status", "budgetEur", "countries"]
    expected_keys += ["version", "updatedBy"] if variables["withAudit"] else []
    assert list(payload) == ["__typename", "seq", "replayed", "project", "userErrors"]
    assert list(payload["project"]) == [*expected_keys, "sources", "notes"]
    project = payload["project"]
    assert (payload["__typename"], project["countries"], project["t"]) == ("ProjectPayload", "Project",
                                                                           "Detention project")  # fmt: skip
    assert (project["status"], project["budgetEur"]) == ("ACTIVE", variables["b"])
    assert after[:3] == [2, variables["b"], "ACTIVE"]
