"""The privacy rule across the read API: a sensitive organisation is invisible to anonymous callers and viewers in
lists, lookups, search, nested participants, paths, neighbourhoods and counts; editors and admins see it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.editing.conftest import Api

pytestmark = pytest.mark.integration

HIDDEN = "mk-myla"  # Macedonian Young Lawyers Association, a partner of mk-hf2-fla with mk-moj and mk-bar
PUBLIC_ROLES = ("anonymous", "viewer")
TRUSTED_ROLES = ("editor", "admin")


@pytest.fixture
async def sensitive(seeded_api: Api) -> Api:
    """The seed graph with mk-myla marked sensitive by an editor."""
    out = await seeded_api.run(
        f'mutation {{ updateOrganisation(input: {{id: "{HIDDEN}", expectedVersion: 1, sensitive: true}}) '
        "{ organisation { sensitive } } }",
        role="editor",
    )
    assert out.ok()["updateOrganisation"]["organisation"]["sensitive"] is True
    return seeded_api


async def _each(api: Api, document: str, variables: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    return {role: (await api.run(document, variables, role=role)).ok() for role in PUBLIC_ROLES + TRUSTED_ROLES}


def _ids(value: Any) -> set[str]:
    """Every `id` or `key` string anywhere in a response value."""
    found: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("id", "key") and isinstance(v, str):
                found.add(v.split(":", 1)[-1])
            else:
                found |= _ids(v)
    elif isinstance(value, list):
        for v in value:
            found |= _ids(v)
    return found


def _check(answers: dict[str, dict[str, Any]]) -> None:
    for role in PUBLIC_ROLES:
        assert HIDDEN not in _ids(answers[role]), role
    for role in TRUSTED_ROLES:
        assert HIDDEN in _ids(answers[role]), role


async def test_lists_and_their_counts(sensitive: Api) -> None:
    answers = await _each(
        sensitive,
        '{ organisations(first: 100, where: {locatedIn: {key: {eq: "MK"}}}) { totalCount edges { node { key } } } }',
    )
    _check(answers)
    counts = {role: a["organisations"]["totalCount"] for role, a in answers.items()}
    assert counts["anonymous"] == counts["viewer"] == counts["editor"] - 1 == counts["admin"] - 1


async def test_lookups(sensitive: Api) -> None:
    answers = await _each(sensitive, f'{{ organisation(id: "{HIDDEN}") {{ key name }} }}')
    assert answers["anonymous"]["organisation"] is None
    assert answers["viewer"]["organisation"] is None
    assert answers["editor"]["organisation"]["key"] == HIDDEN


async def test_nested_participants(sensitive: Api) -> None:
    answers = await _each(
        sensitive, '{ project(id: "mk-hf2-fla") { participants(first: 50) { totalCount edges { node { key } } } } }'
    )
    _check(answers)
    counts = {role: a["project"]["participants"]["totalCount"] for role, a in answers.items()}
    assert counts["anonymous"] == counts["editor"] - 1


async def test_search(sensitive: Api) -> None:
    answers = await _each(sensitive, '{ search(text: "Young Lawyers") { node { ... on Node { id } } } }')
    _check(answers)


async def test_paths_never_reach_or_cross_a_hidden_organisation(sensitive: Api) -> None:
    doc = f'{{ path(from: "mk-moj", to: "{HIDDEN}") {{ found paths {{ nodes {{ key }} }} }} }}'
    for role in PUBLIC_ROLES:
        hidden = await sensitive.run(doc, role=role)
        assert (hidden.code, hidden.field) == ("NOT_FOUND", "to"), role  # as if it did not exist
    for role in TRUSTED_ROLES:
        found = (await sensitive.run(doc, role=role)).ok()["path"]
        assert found["found"] is True, role
        assert HIDDEN in _ids(found), role
    # Paths between visible organisations never pass through it either (k shortest paths, all roles followed).
    around = await _each(
        sensitive,
        '{ path(from: "mk-bar", to: "mk-moj", k: 5, maxHops: 6, roles: [PARTNER, BENEFICIARY, '
        "CIVIL_SOCIETY_PARTNER, MEMBER]) { found paths { nodes { key } } } }",
    )
    for role in PUBLIC_ROLES:
        assert around[role]["path"]["found"] is True
        assert HIDDEN not in _ids(around[role]), role


async def test_the_shortest_path_goes_around_a_hidden_organisation(seeded_api: Api) -> None:
    # Every 4-hop path between these two runs through ba-hro; without it the shortest has 6 hops (networkx over
    # the seed files). One path (k = 1) is searched differently from k shortest paths (network/cypher.py).
    doc = '{ path(from: "ba-moj", to: "md-peoples-advocate") { found paths { length nodes { key } } } }'
    before = (await seeded_api.run(doc, role="anonymous")).ok()["path"]
    assert [p["length"] for p in before["paths"]] == [4]
    assert "ba-hro" in _ids(before)
    out = await seeded_api.run(
        'mutation { updateOrganisation(input: {id: "ba-hro", expectedVersion: 1, sensitive: true}) '
        "{ organisation { sensitive } } }",
        role="editor",
    )
    assert out.ok()["updateOrganisation"]["organisation"]["sensitive"] is True
    answers = await _each(seeded_api, doc)
    for role in PUBLIC_ROLES:
        assert [p["length"] for p in answers[role]["path"]["paths"]] == [6], role
        assert "ba-hro" not in _ids(answers[role]), role
    for role in TRUSTED_ROLES:
        assert [p["length"] for p in answers[role]["path"]["paths"]] == [4], role
        assert "ba-hro" in _ids(answers[role]), role


async def test_neighbourhoods(sensitive: Api) -> None:
    answers = await _each(sensitive, '{ neighbourhood(id: "mk-hf2-fla", hops: 1) { nodes { key } totalNodes } }')
    _check(answers)
    assert answers["anonymous"]["neighbourhood"]["totalNodes"] == answers["editor"]["neighbourhood"]["totalNodes"] - 1


async def test_statistics_count_only_what_the_caller_sees(sensitive: Api) -> None:
    answers = await _each(sensitive, "{ organisationStats { count byCountry { key count } } }")

    def mk(role: str) -> int:
        return next(b["count"] for b in answers[role]["organisationStats"]["byCountry"] if b["key"] == "MK")

    assert answers["anonymous"]["organisationStats"]["count"] == answers["editor"]["organisationStats"]["count"] - 1
    assert mk("anonymous") == mk("viewer") == mk("editor") - 1


async def test_shared_partners(sensitive: Api) -> None:
    answers = await _each(
        sensitive,
        '{ sharedPartners(ids: ["mk-moj", "mk-bar"]) { actors { key } partners { node { key } via { key } } } }',
    )
    for role in PUBLIC_ROLES:
        assert HIDDEN not in _ids(answers[role]), role
