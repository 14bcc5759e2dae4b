"""Every network root field runs one statement, rejects out-of-bound arguments by name, and hides sensitive orgs."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from tests.integration.network.conftest import PARTNERSHIP, GqlRunner, Mark, SeedNetwork

pytestmark = pytest.mark.integration

ROOT_FIELDS = {
    "path": '{ path(from: "ba-moj", to: "me-moj") { found } }',
    "neighbourhood": '{ neighbourhood(id: "ba-hro") { totalNodes edges { id } nodes { id countryCodes } } }',
    "sharedPartners": '{ sharedPartners(ids: ["ba-moj", "me-moj"]) { partners { node { id } via { id } } } }',
    "countryLinks": '{ countryLinks(region: "western_balkans") { cells { countryA examples { id } } } }',
    "crossBorderPartners": '{ crossBorderPartners(org: "ba-moj") { partners { links { via { id } } } } }',
    "brokers": "{ brokers(top: 5) { brokers { node { id } score } } }",
    "gaps": '{ gaps(country: "BA") { gaps { subject { id } evidence { id } explanation } } }',
    "suggestedPartners": '{ suggestedPartners(org: "ba-moj") { suggestions { reason commonPartners { id } } } }',
    "changes": '{ changes(from: "2019-01-01", to: "2019-12-31") { changes { edge { id } org { id } } } }',
}


@pytest.mark.parametrize("field", sorted(ROOT_FIELDS))
async def test_one_statement_per_root_field(gql: GqlRunner, field: str) -> None:
    res = await gql(ROOT_FIELDS[field])
    assert res.errors == []
    assert len(res.statements) == 1, res.statements


@pytest.mark.parametrize("field", sorted(ROOT_FIELDS))
async def test_values_travel_as_parameters(gql: GqlRunner, field: str) -> None:
    """A statement's text holds names of the registry, its own variables and response keys: never a value."""
    res = await gql(ROOT_FIELDS[field])
    for value in ("ba-moj", "me-moj", "ba-hro", "western_balkans", "2019-01-01", "2019-12-31", '"BA"', "'BA'"):
        assert value not in res.statements[0], value


async def test_statements_equal_root_fields(gql: GqlRunner) -> None:
    document = "{ a: " + ROOT_FIELDS["path"][2:-2] + " b: " + ROOT_FIELDS["gaps"][2:-2] + " }"
    res = await gql(document)
    assert res.errors == []
    assert len(res.statements) == 2


BAD = [
    ('{ path(from: "ba-moj", to: "me-moj", maxHops: 7) { found } }', "LIMIT_EXCEEDED", "maxHops"),
    ('{ path(from: "ba-moj", to: "me-moj", maxHops: 0) { found } }', "BAD_USER_INPUT", "maxHops"),
    ('{ path(from: "ba-moj", to: "me-moj", k: 6) { found } }', "LIMIT_EXCEEDED", "k"),
    ('{ path(from: "ba-moj", to: "Organisation:ba-moj") { found } }', "BAD_USER_INPUT", "to"),
    ('{ path(from: "Country:BA", to: "me-moj") { found } }', "BAD_USER_INPUT", "from"),
    ('{ path(from: "ba-moj", to: "me-moj", roles: []) { found } }', "BAD_USER_INPUT", "roles"),
    ('{ path(from: "ba-moj", to: "me-moj", via: []) { found } }', "BAD_USER_INPUT", "via"),
    ('{ path(from: "nobody", to: "me-moj") { found } }', "NOT_FOUND", "from"),
    ('{ path(from: "ba-moj", to: "Project:me-moj") { found } }', "NOT_FOUND", "to"),
    ('{ neighbourhood(id: "ba-hro", hops: 4) { truncated } }', "LIMIT_EXCEEDED", "hops"),
    ('{ neighbourhood(id: "ba-hro", limit: 1001) { truncated } }', "LIMIT_EXCEEDED", "limit"),
    ('{ neighbourhood(id: "Organisation:nobody") { truncated } }', "NOT_FOUND", "id"),
    ('{ sharedPartners(ids: ["ba-moj"]) { truncated } }', "BAD_USER_INPUT", "ids"),
    (
        "{ sharedPartners(ids: [" + ", ".join(f'"o{i}"' for i in range(11)) + "]) { truncated } }",
        "LIMIT_EXCEEDED",
        "ids",
    ),
    ('{ sharedPartners(ids: ["ba-moj", "me-moj"], minShared: 3) { truncated } }', "LIMIT_EXCEEDED", "minShared"),
    ('{ sharedPartners(ids: ["ba-moj", "ba-moj"]) { truncated } }', "BAD_USER_INPUT", "ids"),
    ('{ sharedPartners(ids: ["ba-moj", "nobody"]) { truncated } }', "NOT_FOUND", "ids"),
    ('{ countryLinks(region: "atlantis") { symmetric } }', "NOT_FOUND", "region"),
    ('{ countryLinks(programme: "prog-nothing") { symmetric } }', "NOT_FOUND", "programme"),
    ("{ countryLinks(kinds: [PROJECT]) { symmetric } }", "BAD_USER_INPUT", "kinds"),
    ('{ countryLinks(from: "2022-01-01", until: "2020-12-31") { symmetric } }', "BAD_USER_INPUT", "from"),
    ('{ crossBorderPartners(org: "nobody") { truncated } }', "NOT_FOUND", "org"),
    ('{ crossBorderPartners(org: "ba-moj", limit: 1001) { truncated } }', "LIMIT_EXCEEDED", "limit"),
    ("{ brokers(top: 101) { rolesUsed } }", "LIMIT_EXCEEDED", "top"),
    ('{ brokers(region: "Region:atlantis") { rolesUsed } }', "NOT_FOUND", "region"),
    ('{ gaps(country: "QQ") { truncated } }', "NOT_FOUND", "country"),
    ('{ gaps(country: "BA", limit: 1001) { truncated } }', "LIMIT_EXCEEDED", "limit"),
    ('{ suggestedPartners(org: "ba-moj", top: 101) { rolesUsed } }', "LIMIT_EXCEEDED", "top"),
    ('{ suggestedPartners(org: "Organisation:nobody") { rolesUsed } }', "NOT_FOUND", "org"),
    ('{ changes(from: "2020-01-01", to: "2019-01-01") { total } }', "BAD_USER_INPUT", "from"),
    ('{ changes(from: "2020-01-01", to: "2019-01-01", limit: 0) { total } }', "BAD_USER_INPUT", "limit"),
    ('{ changes(from: "2020-01-01", to: "2021-01-01", limit: 1001) { total } }', "LIMIT_EXCEEDED", "limit"),
]


@pytest.mark.parametrize(("document", "code", "argument"), BAD)
async def test_bounds_and_bad_ids_name_the_argument(gql: GqlRunner, document: str, code: str, argument: str) -> None:
    res = await gql(document)
    assert res.data is None
    assert res.error["code"] == code, res.errors
    assert res.error["field"] == argument
    assert f"`{argument}`" in res.error["message"]
    if code != "NOT_FOUND":
        assert res.statements == []  # bounds are checked before anything runs


@pytest.mark.parametrize(
    "document",
    [
        '{ path(from: "ba-moj", to: "me-moj", asOf: "2020-13-01") { found } }',
        '{ neighbourhood(id: "ba-hro", asOf: "2020") { truncated } }',
        '{ countryLinks(from: "2020-02-30") { symmetric } }',
        '{ changes(from: "2020-01", to: "2021-01-01") { total } }',
    ],
)
async def test_dates_are_days(gql: GqlRunner, document: str) -> None:
    """`asOf`, `from`, `to`, `until` are Dates: anything but a real YYYY-MM-DD fails validation, before any read."""
    res = await gql(document)
    assert res.data is None
    assert res.error["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Date" in res.error["message"]
    assert res.statements == []


async def test_avoid_countries_is_bounded(gql: GqlRunner) -> None:
    codes = ", ".join(f'"C{i}"' for i in range(61))
    res = await gql('{ path(from: "ba-moj", to: "me-moj", avoidCountries: [' + codes + "]) { found } }")
    assert (res.error["code"], res.error["field"]) == ("LIMIT_EXCEEDED", "avoidCountries")


@pytest.fixture
async def hidden_mk_moj(mark_sensitive: Mark) -> str:
    """North Macedonia's Ministry of Justice marked sensitive for one test, then restored."""
    await mark_sensitive("mk-moj", True)
    return "Organisation:mk-moj"


async def test_sensitive_organisations_are_hidden_from_anonymous_callers(
    gql: GqlRunner, seed_network: SeedNetwork, hidden_mk_moj: str
) -> None:
    mk, rs = "Organisation:mk-ombudsman", "Organisation:rs-protector"
    doc = (
        "query($from: ID!, $to: ID!) { path(from: $from, to: $to, via: [PARTICIPATES_IN], k: 5) "
        "{ found paths { nodes { id } } } }"
    )
    hidden = seed_network.graph(PARTNERSHIP, hidden=[hidden_mk_moj])
    visible = seed_network.graph(PARTNERSHIP)
    assert nx.shortest_path_length(visible, mk, rs) == 6
    assert any(hidden_mk_moj in p for p in nx.all_shortest_paths(visible, mk, rs))

    anonymous = await gql(doc, {"from": mk, "to": rs})
    paths = [[n["id"] for n in p["nodes"]] for p in anonymous.data["path"]["paths"]]
    assert all(hidden_mk_moj not in p for p in paths)
    expected = nx.shortest_path_length(hidden, mk, rs) if nx.has_path(hidden, mk, rs) else None
    assert (len(paths[0]) - 1 if paths else None) == (expected if expected is not None and expected <= 6 else None)

    editor = await gql(doc, {"from": mk, "to": rs}, role="editor")
    assert any(hidden_mk_moj in [n["id"] for n in p["nodes"]] for p in editor.data["path"]["paths"])

    viewer = await gql(doc, {"from": hidden_mk_moj, "to": rs}, role="viewer")
    assert (viewer.error["code"], viewer.error["field"]) == ("NOT_FOUND", "from")

    neighbourhood = await gql('{ neighbourhood(id: "mk-ombudsman") { nodes { id } edges { source } } }')
    ids = {n["id"] for n in neighbourhood.data["neighbourhood"]["nodes"]}
    assert hidden_mk_moj not in ids
    assert hidden_mk_moj not in {e["source"] for e in neighbourhood.data["neighbourhood"]["edges"]}

    for document in (
        '{ sharedPartners(ids: ["mk-ombudsman", "mk-bar"], minShared: 2) { partners { node { id } } } }',
        '{ crossBorderPartners(org: "ba-moj") { partners { node { id } } } }',
        '{ suggestedPartners(org: "ba-moj", top: 100) { suggestions { node { id } commonPartners { id } } } }',
        "{ brokers(top: 100) { brokers { node { id } } } }",
        '{ gaps(country: "MK") { gaps { subject { id } other { id } } } }',
        '{ changes(from: "2000-01-01", to: "2030-12-31", limit: 1000) { changes { org { id } } } }',
    ):
        anonymous = await gql(document)
        assert anonymous.errors == []
        assert hidden_mk_moj not in str(anonymous.data), document
        editor = await gql(document, role="admin")
        assert editor.errors == []


SENSITIVE = [
    '{ path(from: "mk-ombudsman", to: "rs-protector", via: [PARTICIPATES_IN], k: 5) { paths { nodes { id } } } }',
    '{ path(from: "mk-moj", to: "rs-protector") { found } }',
    '{ neighbourhood(id: "mk-ombudsman") { nodes { id } edges { source target } } }',
    '{ neighbourhood(id: "Organisation:mk-moj", hops: 1) { center { id } } }',
    '{ sharedPartners(ids: ["mk-ombudsman", "mk-bar"], minShared: 2) { actors { id } partners { node { id } } } }',
    '{ sharedPartners(ids: ["mk-ombudsman", "mk-moj"]) { partners { node { id } } } }',
    '{ crossBorderPartners(org: "ba-moj") { partners { node { id } links { via { id } } } } }',
    '{ crossBorderPartners(org: "mk-moj") { org { id } } }',
    '{ countryLinks(region: "western_balkans", kinds: [NATIONAL_AUTHORITY]) { cells { links examples { id } } } }',
    "{ brokers(top: 100) { brokers { node { id } connectors } } }",
    '{ changes(from: "2000-01-01", to: "2030-12-31", limit: 1000) { total changes { org { id } edge { source } } } }',
    '{ gaps(country: "MK") { gaps { subject { id } other { id } explanation } } }',
    '{ suggestedPartners(org: "mk-ombudsman", top: 100) { suggestions { node { id } reason commonPartners { id } } } }',
]


@pytest.mark.parametrize("document", SENSITIVE)
async def test_a_sensitive_organisation_is_seen_by_editors_only(
    gql: GqlRunner, seed_network: SeedNetwork, mark_sensitive: Mark, document: str
) -> None:
    hidden = "Organisation:mk-moj"
    name = seed_network.nodes[hidden]["name"]
    await mark_sensitive("mk-moj", False)
    public = await gql(document)
    assert public.errors == []
    await mark_sensitive("mk-moj", True)
    editor = await gql(document, role="editor")
    # Editors see the graph as it is: the answer everyone got before the organisation was marked.
    assert json.dumps(editor.body) == json.dumps(public.body)
    for role in (None, "viewer"):
        res = await gql(document, role=role)
        if res.errors:  # the organisation is an argument: as if it did not exist
            assert [e["code"] for e in res.errors] == ["NOT_FOUND"]
        text = json.dumps(res.data, ensure_ascii=False)
        assert "mk-moj" not in text
        assert name not in text
