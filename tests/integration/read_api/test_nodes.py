"""node/nodes, lookups by id and natural key, relationship fields, and what unknown or malformed ids give."""

from __future__ import annotations

import pytest

from tests.integration.read_api import facts
from tests.integration.read_api.conftest import Api

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("gid", "typename"),
    [
        ("Project:ba-hf2-detained", "Project"),
        ("Programme:prog-hf2", "Programme"),
        ("Organisation:coe", "CoeEntity"),
        ("Organisation:ba-moj", "NationalAuthority"),
        ("Country:BA", "Country"),
        ("Region:western_balkans", "Region"),
        ("Network:net-ennhri", "Network"),
        ("CoeBody:cpt", "CoeBody"),
        ("Theme:prison-reform", "Theme"),
        ("ActionPlan:ap-ba-2018-2021", "ActionPlan"),
    ],
)
async def test_node_by_global_id(api: Api, gid: str, typename: str) -> None:
    data = await api.data("query($id: ID!) { node(id: $id) { __typename id ... on Entity { key name } } }", {"id": gid})
    node = data["node"]
    assert node["__typename"] == typename
    assert node["id"] == gid
    assert node["key"] == gid.split(":", 1)[1]


async def test_nodes_keep_order_and_give_null_for_unknown(api: Api) -> None:
    ids = ["Country:BA", "Project:nope", "Organisation:coe", "Country:BA", "Theme:prison-reform"]
    data = await api.data(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Country { iso3 } ... on Organisation { kind } } }",
        {"ids": ids},
    )
    assert data["nodes"] == [
        {"id": "Country:BA", "iso3": "BIH"},
        None,
        {"id": "Organisation:coe", "kind": "COE_ENTITY"},
        {"id": "Country:BA", "iso3": "BIH"},
        {"id": "Theme:prison-reform"},
    ]


async def test_lookups(api: Api) -> None:
    data = await api.data(
        """{ a: project(id: "Project:ba-hf2-detained") { key budgetEur startDate endDate status }
             b: project(id: "ba-hf2-detained") { key }
             c: country(code: "bih") { key iso2 } d: country(code: "ba") { key } e: country(code: "Country:MD") { key }
             f: organisation(id: "ba-moj") { key __typename ... on NationalAuthority { authorityKind } }
             g: organisation(acronym: "ENNHRI") { key }
             h: organisation(acronym: "MoJ") { key }
             i: programme(id: "prog-hf2") { shortName predecessor { key } successor { key } }
             j: network(id: "net-ennhri") { shortName operatedBy { key } parentNetwork { key } }
             k: coeBody(id: "cpt") { shortName } l: theme(id: "prison-reform") { name }
             m: region(id: "western_balkans") { name }
             n: actionPlan(id: "ap-ba-2018-2021") { startYear endYear budgetEur adopted country { key } }
             unknown: project(id: "nope") { key } }"""
    )
    p = facts.projects()["ba-hf2-detained"]
    assert data["a"] == {
        "key": "ba-hf2-detained",
        "budgetEur": float(p["budgetEur"]),
        "startDate": p["startDate"],
        "endDate": p["endDate"],
        "status": p["status"],
    }
    assert data["b"] == {"key": "ba-hf2-detained"}
    assert data["c"] == {"key": "BA", "iso2": "BA"}
    assert data["d"] == {"key": "BA"}
    assert data["e"] == {"key": "MD"}
    assert data["f"] == {"key": "ba-moj", "__typename": "NationalAuthority", "authorityKind": "MINISTRY_OF_JUSTICE"}
    assert data["g"] == {"key": "ennhri"}
    assert data["h"] is None  # several organisations share "MoJ": no guess
    hf2 = facts.programmes()["prog-hf2"]
    assert data["i"]["predecessor"] == {"key": hf2["predecessor"]}
    assert data["i"]["successor"] == {"key": "prog-hf3"}
    assert data["j"] == {"shortName": "ENNHRI", "operatedBy": {"key": "ennhri"}, "parentNetwork": {"key": "net-ganhri"}}
    assert data["k"] == {"shortName": "CPT"}
    assert data["n"] == {
        "startYear": 2018,
        "endYear": 2021,
        "budgetEur": 18100000.0,
        "adopted": "2018-06-01",
        "country": {"key": "BA"},
    }
    assert data["unknown"] is None


async def test_relationship_fields_match_the_seeds(api: Api) -> None:
    data = await api.data(
        """{ project(id: "ba-hf1-detained") { programmes { key } countries { key } themes { key } coeBodies { key }
               participants(first: 100) { totalCount edges { key role roleClass iatiRole since until datesDerived
                 node { key locatedIn { key regions { key } } } } } }
             country(code: "BA") { regions { key } organisations(first: 100) { totalCount } projects { totalCount } }
             organisation(id: "ba-hro") {
               memberships(first: 100) { edges { key membershipStatus evidence node { key } } }
               participations(first: 100) { totalCount } } }"""
    )
    project = data["project"]
    fact = facts.projects()["ba-hf1-detained"]
    assert {x["key"] for x in project["programmes"]} == set(fact["programmes"])
    assert {x["key"] for x in project["countries"]} == set(fact["countries"])
    assert [x["key"] for x in project["themes"]] == sorted(
        fact["themes"], key=lambda t: (next(r["name"] for r in facts.records("themes") if r["id"] == t), t)
    )
    assert {x["key"] for x in project["coeBodies"]} == set(fact["coe_bodies"])
    expected = {p["id"]: p for p in facts.project_participants("ba-hf1-detained")}
    edges = project["participants"]["edges"]
    assert project["participants"]["totalCount"] == len(expected) == len(edges)
    for edge in edges:
        seed = expected[edge["key"]]
        assert (edge["role"], edge["iatiRole"], edge["since"], edge["until"]) == (
            seed["role"], seed["iati_role"], seed["since"], seed["until"]
        )  # fmt: skip
        assert edge["datesDerived"] == (seed["since"] == fact["startDate"] and seed["until"] == fact["endDate"])
        org = facts.organisations()[seed["org"]]
        assert edge["node"]["key"] == org["key"]
        located = edge["node"]["locatedIn"]
        assert (located or {}).get("key") == org["country"]
        if located:
            assert {r["key"] for r in located["regions"]} == facts.region_of(org["country"])
    country = data["country"]
    assert {r["key"] for r in country["regions"]} == facts.region_of("BA")
    assert country["organisations"]["totalCount"] == sum(o["country"] == "BA" for o in facts.organisations().values())
    assert country["projects"]["totalCount"] == sum("BA" in p["countries"] for p in facts.projects().values())
    hro = data["organisation"]
    assert {e["node"]["key"] for e in hro["memberships"]["edges"]} == {
        m["network"] for m in facts.memberships() if m["org"] == "ba-hro"
    }
    assert hro["participations"]["totalCount"] == sum(
        1 for p in facts.participations() if p["org"] == "ba-hro" and p.get("project")
    )


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ('{ node(id: "Nope:x") { id } }', "BAD_USER_INPUT"),
        ('{ node(id: "no-colon") { id } }', "BAD_USER_INPUT"),
        ('{ project(id: "Country:BA") { key } }', "BAD_USER_INPUT"),
        ('{ organisation(id: "coe", acronym: "CoE") { key } }', "BAD_USER_INPUT"),
        ("{ organisation { key } }", "BAD_USER_INPUT"),
        ('{ projects(where: {id: {eq: "Country:BA"}}) { totalCount } }', "BAD_USER_INPUT"),
        ('{ projects(where: {startDate: {gt: "2020-13-01"}}) { totalCount } }', "GRAPHQL_VALIDATION_FAILED"),
    ],
)
async def test_id_errors(api: Api, document: str, code: str) -> None:
    assert await api.error_codes(document) == [code]


async def test_nodes_limit(api: Api) -> None:
    ids = [f"Country:X{i}" for i in range(101)]
    codes = await api.error_codes("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert codes == ["LIMIT_EXCEEDED"]


async def test_aliases_fragments_directives_and_typename(api: Api) -> None:
    document = """
      query($withBudget: Boolean!, $skipTitle: Boolean!) {
        p: project(id: "ba-hf2-detained") {
          __typename ...Basics
          t: title @skip(if: $skipTitle)
          money: budgetEur @include(if: $withBudget)
          partners: participants(first: 2, orderBy: [{field: KEY}]) { edges { node { ...OrgBits } } }
          allPartners: participants(first: 100) { totalCount }
        }
      }
      fragment Basics on Project { id k: key }
      fragment OrgBits on Organisation {
        __typename kind ... on NationalAuthority { authorityKind } ... on Nhri { ganhriStatus } }
    """
    data = await api.data(document, {"withBudget": False, "skipTitle": True})
    p = data["p"]
    assert set(p) == {"__typename", "id", "k", "partners", "allPartners"}
    assert p["__typename"] == "Project"
    assert p["k"] == "ba-hf2-detained"
    participants = sorted(facts.project_participants("ba-hf2-detained"), key=lambda x: x["id"])[:2]
    for edge, seed in zip(p["partners"]["edges"], participants, strict=True):
        org = facts.organisations()[seed["org"]]
        node = edge["node"]
        assert node["kind"] == org["kind"]
        if org["kind"] == "NATIONAL_AUTHORITY":
            assert node == {
                "__typename": "NationalAuthority",
                "kind": org["kind"],
                "authorityKind": org["authorityKind"],
            }
        elif org["kind"] == "NHRI":
            assert node == {"__typename": "Nhri", "kind": org["kind"], "ganhriStatus": org["ganhriStatus"]}
        else:
            assert set(node) == {"__typename", "kind"}
    data = await api.data(document, {"withBudget": True, "skipTitle": False})
    assert data["p"]["money"] == 1000050.0
    assert data["p"]["t"].startswith("Strengthening")
