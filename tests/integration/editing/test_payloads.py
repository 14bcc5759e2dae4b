"""Payloads are the read API's own types, projected in the mutation's statement, and user errors keep one failing
mutation from nulling the others of its document."""

from __future__ import annotations

import pytest

from tests.integration.counting import CountingDriver
from tests.integration.editing.conftest import ERRORS, Api
from tests.integration.editing.graph import build_small_graph, scalar

pytestmark = pytest.mark.integration

NESTED_UPDATE = """mutation($v: Int!) {
  updateProject(input: {id: "proj-1", expectedVersion: $v, budgetEur: 1200}) {
    changeSeq
    project {
      id budgetEur version
      participants(orderBy: [{field: NAME}]) { totalCount edges { role node { name locatedIn { iso2 } } } }
      programmes { key }
    }
  }
}"""


def counting(api: Api) -> tuple[Api, CountingDriver]:
    """A copy of `api` whose requests go through a counting driver."""
    drv = CountingDriver(api.driver)
    return Api(api.schema, drv, api.settings, api.tokens), drv  # type: ignore[arg-type]  # a proxy of the driver


async def test_an_update_payload_with_nested_relationships_is_its_one_statement(api: Api) -> None:
    await build_small_graph(api)
    counted, drv = counting(api)
    out = (await counted.run(NESTED_UPDATE, {"v": 1}, role="editor")).ok()["updateProject"]
    assert len(drv.statements) == 1, drv.statements
    assert "ChangeEvent" in drv.statements[0]
    assert out["project"] == {
        "id": "Project:proj-1",
        "budgetEur": 1200.0,
        "version": 2,
        "participants": {
            "totalCount": 2,  # an editor sees the sensitive partner
            "edges": [
                {"role": "CIVIL_SOCIETY_PARTNER", "node": {"name": "Defenders Shelter", "locatedIn": {"iso2": "BA"}}},
                {"role": "PARTNER", "node": {"name": "Ministry of Justice", "locatedIn": {"iso2": "BA"}}},
            ],
        },
        "programmes": [{"key": "prog-1"}],
    }


async def test_a_create_payload_is_projected_in_its_last_statement(api: Api) -> None:
    await build_small_graph(api)
    counted, drv = counting(api)
    out = await counted.run(
        'mutation { createProject(input: {id: "proj-2", title: "Courts", countryIds: ["BA"], programmeIds: '
        '["prog-1"]}) { changeSeq project { title status countries { name regions { key } } '
        "programmes { projects(first: 5, orderBy: [{field: KEY}]) { edges { node { key } } } } } } }",
        role="editor",
    )
    project = out.ok()["createProject"]["project"]
    assert project == {
        "title": "Courts",
        "status": "UNKNOWN",  # the registry's default
        "countries": [{"name": "Bosnia and Herzegovina", "regions": [{"key": "wb"}]}],
        "programmes": [{"projects": {"edges": [{"node": {"key": "proj-1"}}, {"node": {"key": "proj-2"}}]}}],
    }
    # The lock and token check, the checks of the id and the link targets, the write, then the change events
    # with the payload: several statements in one transaction, the projection in the last.
    assert "ChangeEvent" in drv.statements[-1]
    assert "COLLECT" in drv.statements[-1]
    assert len(drv.statements) == 4, drv.statements


async def test_a_stale_update_is_a_user_error_and_the_other_mutation_commits(api: Api) -> None:
    await build_small_graph(api)
    out = await api.run(
        "mutation { "
        'ok: updateTheme(input: {id: "prison-reform", expectedVersion: 1, notes: ["kept"]}) '
        "{ theme { key notes version } changeSeq " + ERRORS + " } "
        'stale: updateProject(input: {id: "proj-1", expectedVersion: 5, budgetEur: 1}) '
        "{ project { key } changeSeq replayed " + ERRORS + " } "
        "}",
        role="editor",
    )
    assert not out.errors
    assert out.data is not None
    committed = out.data["ok"]
    assert committed["theme"] == {"key": "prison-reform", "notes": ["kept"], "version": 2}
    assert committed["userErrors"] == []
    assert out.data["stale"] == {
        "project": None,
        "changeSeq": None,
        "replayed": False,
        "userErrors": [
            {
                "field": ["input", "expectedVersion"],
                "message": "Project:proj-1 is at version 1, not 5: someone changed it since you read it; read it "
                "again and reapply your change",
                "code": "STALE_UPDATE",
            }
        ],
    }
    last = await scalar(api, "MATCH (s:ChangeSequence) RETURN s.value")
    assert committed["changeSeq"] == last
    assert await scalar(api, "MATCH (t:Theme {id: 'prison-reform'}) RETURN t.notes") == ["kept"]


async def test_record_payloads_show_both_ends(api: Api) -> None:
    await build_small_graph(api)
    out = await api.run(
        'mutation { addParticipation(input: {organisationId: "org-a", programmeId: "prog-1", role: FUNDER}) '
        "{ participation { __typename key role organisation { __typename name } project { key } "
        "programme { key name } } } "
        'updateMembership(input: {id: "Membership:org-a--member-of--net-1", expectedVersion: 1, evidence: "charter"}) '
        "{ membership { evidence version network { name members { totalCount } } } } }",
        role="editor",
    )
    data = out.ok()
    assert data["addParticipation"]["participation"] == {
        "__typename": "Participation",
        "key": "org-a--funder--prog-1",
        "role": "FUNDER",
        "organisation": {"__typename": "NationalAuthority", "name": "Ministry of Justice"},
        "project": None,
        "programme": {"key": "prog-1", "name": "Horizontal Facility"},
    }
    assert data["updateMembership"]["membership"] == {
        "evidence": "charter",
        "version": 2,
        "network": {"name": "Prison Network", "members": {"totalCount": 1}},
    }


async def test_aliases_of_the_payload_object_each_get_their_selection(api: Api) -> None:
    await build_small_graph(api)
    out = await api.run(
        'mutation { createTheme(input: {name: "Probation"}) { __typename a: theme { id } b: theme { name } '
        "seq: changeSeq } }",
        role="editor",
    )
    data = out.ok()["createTheme"]
    assert list(data) == ["__typename", "a", "b", "seq"]
    assert data == {"__typename": "ThemePayload", "a": {"id": "Theme:probation"}, "b": {"name": "Probation"},
                    "seq": data["seq"]}  # fmt: skip
