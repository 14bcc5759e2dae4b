"""countryLinks, crossBorderPartners, brokers, gaps, suggestedPartners and changes against the seed YAML."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx
import pytest

from tests.integration.network.conftest import DEFAULT_ROLES, GqlRunner, SeedNetwork

pytestmark = pytest.mark.integration

ORG_KINDS = ("NATIONAL_AUTHORITY", "NHRI", "CIVIL_SOCIETY", "DONOR", "INTERNATIONAL", "COE_ENTITY")


def _connectors(g: nx.MultiGraph) -> list[str]:
    return [n for n, a in g.nodes(data=True) if a["label"] != "Organisation"]


def _expected_matrix(
    net: SeedNetwork, countries: list[str], kinds: tuple[str, ...], partner_kinds: tuple[str, ...], as_of: str | None
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(countryA, countryB) -> (projects, networks, links) computed from the YAML."""
    g = net.graph(as_of=as_of)
    symmetric = set(kinds) == set(partner_kinds)
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in _connectors(g):
        members = {o for o in g[c] if net.country_of.get(o) in countries}
        for o1 in members:
            for o2 in members:
                a, b = net.country_of[o1], net.country_of[o2]
                if a == b or net.nodes[o1]["kind"] not in kinds or net.nodes[o2]["kind"] not in partner_kinds:
                    continue
                if symmetric and a > b:
                    continue
                cells[(a, b)][2] += 1
        pairs = {
            (net.country_of[o1], net.country_of[o2])
            for o1 in members
            for o2 in members
            if net.nodes[o1]["kind"] in kinds and net.nodes[o2]["kind"] in partner_kinds
        }
        for a, b in pairs:
            if a != b and not (symmetric and a > b):
                cells[(a, b)][1 if net.nodes[c]["label"] == "Network" else 0] += 1
    return {k: (v[0], v[1], v[2]) for k, v in cells.items()}


COUNTRY_LINKS = """
query C($region: String, $kinds: [NetworkNodeKind!], $partnerKinds: [NetworkNodeKind!], $asOf: Date) {
  countryLinks(region: $region, kinds: $kinds, partnerKinds: $partnerKinds, asOf: $asOf) {
    countries symmetric rolesUsed
    cells { countryA countryB links projects networks examples { id } }
  }
}
"""


@pytest.mark.parametrize(
    ("kinds", "partner_kinds", "as_of", "linked"),
    [
        (ORG_KINDS, ORG_KINDS, None, True),
        # Empty on the seeds: no Western Balkans NHRI or civil-society organisation shares a project or network
        # with an authority (or civil-society organisation) of another Western Balkans country.
        (("NHRI",), ("NATIONAL_AUTHORITY", "CIVIL_SOCIETY"), None, False),
        (("CIVIL_SOCIETY",), ("NATIONAL_AUTHORITY",), None, False),
        (("NHRI",), ("NHRI",), None, True),
        (("NATIONAL_AUTHORITY",), ("NATIONAL_AUTHORITY",), "2021-06-01", True),
    ],
)
async def test_western_balkans_country_matrix(
    gql: GqlRunner,
    seed_network: SeedNetwork,
    kinds: tuple[str, ...],
    partner_kinds: tuple[str, ...],
    as_of: str | None,
    linked: bool,
) -> None:
    wb = sorted(seed_network.regions["western_balkans"])
    res = await gql(
        COUNTRY_LINKS,
        {"region": "western_balkans", "kinds": list(kinds), "partnerKinds": list(partner_kinds), "asOf": as_of},
    )
    answer = res.data["countryLinks"]
    assert answer["countries"] == wb
    got = {(c["countryA"], c["countryB"]): (c["projects"], c["networks"], c["links"]) for c in answer["cells"]}
    assert got == _expected_matrix(seed_network, wb, kinds, partner_kinds, as_of)
    assert bool(got) is linked
    for cell in answer["cells"]:
        assert 1 <= len(cell["examples"]) <= 3
    if kinds == ORG_KINDS:
        assert answer["symmetric"] is True
        # Every pair of Western Balkans countries is linked (regional projects and networks).
        assert set(got) == set(combinations(wb, 2))


CROSS = """
query X($org: ID!, $asOf: Date) {
  crossBorderPartners(org: $org, asOf: $asOf) {
    org { id } truncated rolesUsed
    partners { node { id } countryCode links { via { id } roles partnerRoles } }
  }
}
"""


@pytest.mark.parametrize(("org", "as_of"), [("md-peoples-advocate", None), ("ba-moj", "2020-01-01")])
async def test_cross_border_partners(gql: GqlRunner, seed_network: SeedNetwork, org: str, as_of: str | None) -> None:
    me = f"Organisation:{org}"
    g = seed_network.graph(as_of=as_of)
    expected: dict[str, set[str]] = defaultdict(set)
    for c in g[me]:
        for p in g[c]:
            if p != me and seed_network.country_of.get(p) not in (None, seed_network.country_of[me]):
                expected[p].add(c)
    res = await gql(CROSS, {"org": me, "asOf": as_of})
    partners = res.data["crossBorderPartners"]["partners"]
    assert {p["node"]["id"]: {x["via"]["id"] for x in p["links"]} for p in partners} == expected
    assert [len(p["links"]) for p in partners] == sorted((len(p["links"]) for p in partners), reverse=True)
    for p in partners:
        assert p["countryCode"] == seed_network.country_of[p["node"]["id"]]


BROKERS = """
query B($region: String, $top: Int! = 10) {
  brokers(region: $region, top: $top) {
    rolesUsed
    brokers { node { id name } countryCode score countriesReached bridgingConnectors connectors }
  }
}
"""


@pytest.mark.parametrize("region", ["western_balkans", None])
async def test_brokers(gql: GqlRunner, seed_network: SeedNetwork, region: str | None) -> None:
    g = seed_network.graph()
    scope = set(seed_network.regions[region]) if region else {c for c in seed_network.country_of.values() if c}
    rows = []
    for o in seed_network.org_ids():
        home = seed_network.country_of.get(o)
        if home not in scope or o not in g:
            continue
        conns = set(g[o])
        spreads = [{seed_network.country_of.get(m) for m in g[c]} & scope for c in conns]
        reached = set().union(*spreads) - {home} if spreads else set()
        if reached:
            bridging = sum(1 for s in spreads if len(s) > 1)
            name = seed_network.nodes[o]["name"]
            rows.append((-len(reached), -bridging, name, o.split(":", 1)[1], o, sorted(reached)))
    rows.sort()
    res = await gql(BROKERS, {"region": region, "top": 10})
    got = [(b["node"]["id"], b["score"], b["countriesReached"]) for b in res.data["brokers"]["brokers"]]
    assert got == [(r[4], -r[0], r[5]) for r in rows[:10]]


GAPS = """
query G($country: String!, $kinds: [NetworkGapKind!], $limit: Int! = 1000) {
  gaps(country: $country, kinds: $kinds, limit: $limit) {
    countryCode truncated
    gaps { kind subject { id name } other { id } evidence { id } themes { key name } explanation }
  }
}
"""


def _themes(net: SeedNetwork, g: nx.MultiGraph, org: str) -> set[str]:
    return {
        t
        for c in g[org]
        for link in g.get_edge_data(org, c).values()
        if link["role"] != "MEMBER"
        for t in net.project_themes.get(c, [])
    }


async def test_gaps_of_bosnia_and_herzegovina(gql: GqlRunner, seed_network: SeedNetwork) -> None:
    net = seed_network
    g = net.graph()
    home = "BA"
    in_home = [o for o in net.org_ids() if net.country_of[o] == home]

    def projects(o: str) -> set[str]:
        return {c for c in g[o] if any(v["role"] != "MEMBER" for v in g.get_edge_data(o, c).values())}

    def partners_of(c: str) -> set[str]:
        return {o for o in g[c] if any(v["role"] != "MEMBER" for v in g.get_edge_data(o, c).values())}

    expected_nhri = {
        o
        for o in in_home
        if net.nodes[o]["kind"] == "NHRI"
        and not any(net.nodes[p]["kind"] == "CIVIL_SOCIETY" for c in projects(o) for p in partners_of(c))
    }
    expected_auth = {
        o
        for o in in_home
        if net.nodes[o]["kind"] == "NATIONAL_AUTHORITY"
        and projects(o)
        and not any(net.nodes[p]["kind"] == "NHRI" for c in projects(o) for p in partners_of(c))
    }
    neighbours = {c for cs in net.regions.values() if home in cs for c in cs} - {home}
    expected_pairs: dict[tuple[str, str], set[str]] = {}
    for s in in_home:
        mine = _themes(net, g, s)
        for o in net.org_ids():
            if net.country_of.get(o) not in neighbours or o not in g or s not in g:
                continue
            same = (net.nodes[o]["kind"], net.nodes[o]["authority_kind"]) == (
                net.nodes[s]["kind"],
                net.nodes[s]["authority_kind"],
            )
            shared = mine & _themes(net, g, o)
            if same and shared and not set(g[s]) & set(g[o]):
                expected_pairs[(s, o)] = shared

    res = await gql(GAPS, {"country": "Country:BA"})
    answer = res.data["gaps"]
    assert answer["countryCode"] == "BA"
    assert answer["truncated"] is False
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for gap in answer["gaps"]:
        by_kind[gap["kind"]].append(gap)
    assert {x["subject"]["id"] for x in by_kind["NHRI_WITHOUT_CIVIL_SOCIETY"]} == expected_nhri
    assert {x["subject"]["id"] for x in by_kind["AUTHORITY_WITHOUT_NHRI"]} == expected_auth
    got_pairs = {
        (x["subject"]["id"], x["other"]["id"]): {t["key"] for t in x["themes"]} for x in by_kind["UNLINKED_NEIGHBOURS"]
    }
    assert got_pairs == expected_pairs
    kinds_in_order = [x["kind"] for x in answer["gaps"]]
    assert kinds_in_order == sorted(
        kinds_in_order,
        key=["NHRI_WITHOUT_CIVIL_SOCIETY", "AUTHORITY_WITHOUT_NHRI", "UNLINKED_NEIGHBOURS"].index,
    )

    # The BiH Ombudsman is in three projects, none with a civil-society partner: a named gap with its explanation.
    assert "Organisation:ba-hro" in expected_nhri
    hro = next(x for x in by_kind["NHRI_WITHOUT_CIVIL_SOCIETY"] if x["subject"]["id"] == "Organisation:ba-hro")
    assert {e["id"] for e in hro["evidence"]} == projects("Organisation:ba-hro")
    assert hro["explanation"].startswith("Institution of Human Rights Ombudsman of Bosnia and Herzegovina (BA) takes")
    assert "none with a civil-society partner" in hro["explanation"]
    pair = by_kind["UNLINKED_NEIGHBOURS"][0]
    assert "share no project, programme or network" in pair["explanation"]
    assert pair["themes"][0]["name"] in pair["explanation"]

    res = await gql(GAPS, {"country": "BA", "kinds": ["AUTHORITY_WITHOUT_NHRI"], "limit": 2})
    assert res.data["gaps"]["truncated"] is (len(expected_auth) > 2)
    assert {x["kind"] for x in res.data["gaps"]["gaps"]} == {"AUTHORITY_WITHOUT_NHRI"}


SUGGEST = """
query S($org: ID!, $top: Int! = 10) {
  suggestedPartners(org: $org, top: $top) {
    org { id } rolesUsed
    suggestions { node { id name } countryCode score reason sameKind commonPartners { id } commonPartnerCount
                  sharedThemes { key name } }
  }
}
"""


def _expected_suggestions(net: SeedNetwork, org: str) -> list[tuple[str, int, set[str], set[str]]]:
    g = net.graph()
    mine = set(g[org])
    partners = {p for c in mine for p in g[c]} - {org}
    common: dict[str, set[str]] = defaultdict(set)
    for n in partners:
        for c in set(g[n]) - mine:
            for cand in g[c]:
                common[cand].add(n)
    my_themes = _themes(net, g, org)
    kind = (net.nodes[org]["kind"], net.nodes[org]["authority_kind"])
    for cand in net.org_ids():
        same = (net.nodes[cand]["kind"], net.nodes[cand]["authority_kind"]) == kind
        if cand in g and same and my_themes & _themes(net, g, cand):
            common.setdefault(cand, set())
    rows = []
    for cand, via in common.items():
        country = net.country_of.get(cand)
        if cand == org or cand in partners or country is None or country == net.country_of[org]:
            continue
        shared = my_themes & _themes(net, g, cand)
        same = (net.nodes[cand]["kind"], net.nodes[cand]["authority_kind"]) == kind
        score = 2 * len(via) + len(shared) + (1 if same else 0)
        rows.append((-score, -len(via), net.nodes[cand]["name"], cand.split(":", 1)[1], cand, via, shared))
    rows.sort()
    return [(r[4], -r[0], r[5], r[6]) for r in rows]


@pytest.mark.parametrize("org", ["ba-moj", "md-peoples-advocate", "ge-pdo"])
async def test_suggested_partners(gql: GqlRunner, seed_network: SeedNetwork, org: str) -> None:
    me = f"Organisation:{org}"
    expected = _expected_suggestions(seed_network, me)[:10]
    res = await gql(SUGGEST, {"org": org})
    got = res.data["suggestedPartners"]["suggestions"]
    assert [(s["node"]["id"], s["score"]) for s in got] == [(e[0], e[1]) for e in expected]
    for s, e in zip(got, expected, strict=True):
        assert s["commonPartnerCount"] == len(e[2])
        assert {n["id"] for n in s["commonPartners"]} <= e[2]
        assert {t["key"] for t in s["sharedThemes"]} == e[3]
        assert s["reason"].startswith(s["node"]["name"])
        assert "is not linked with" in s["reason"]


async def test_a_suggestion_and_its_reason(gql: GqlRunner) -> None:
    """The Moldovan People's Advocate is steered towards the Montenegrin and Kosovo* ombudspersons."""
    res = await gql(SUGGEST, {"org": "md-peoples-advocate", "top": 2})
    top = {s["node"]["id"]: s for s in res.data["suggestedPartners"]["suggestions"]}
    assert set(top) == {"Organisation:me-ombudsman", "Organisation:xk-oik"}
    me = top["Organisation:me-ombudsman"]
    assert me["sameKind"] is True
    assert me["commonPartnerCount"] == 4
    assert me["reason"] == (
        "Protector of Human Rights and Freedoms of Montenegro (Ombudsman; NPM) (ME) is not linked with "
        "PAO (MD) yet; they have 4 common "
        "partners (HRO BiH (BA), Ombudsman of the Republic of North Macedonia (MK), "
        "People's Advocate (Ombudsman) of Albania (AL) and 1 more); the same kind of institution (nhri)."
    )


CHANGES = """
query Ch($from: Date!, $to: Date!, $limit: Int! = 1000, $roles: [NetworkRole!]) {
  changes(from: $from, to: $to, limit: $limit, roles: $roles) {
    total truncated rolesUsed
    changes { kind date edge { id role } org { id } target { id } }
  }
}
"""


@pytest.mark.parametrize(("start", "end"), [("2019-01-01", "2019-12-31"), ("2022-12-31", "2023-01-01")])
async def test_changes(gql: GqlRunner, seed_network: SeedNetwork, start: str, end: str) -> None:
    expected = []
    for link in seed_network.links:
        if link["role"] not in DEFAULT_ROLES:
            continue
        if link["since"] and start <= link["since"] <= end:
            expected.append((link["since"], "BEGAN", link["id"]))
        if link["until"] and start <= link["until"] <= end:
            expected.append((link["until"], "ENDED", link["id"]))
    expected.sort()
    res = await gql(CHANGES, {"from": start, "to": end})
    answer = res.data["changes"]
    assert answer["total"] == len(expected)
    assert [(c["date"], c["kind"], c["edge"]["id"]) for c in answer["changes"]] == expected

    funders = []
    for link in seed_network.links:
        if link["role"] != "FUNDER":
            continue
        funders += [(link[end_], kind, link["id"]) for end_, kind in (("since", "BEGAN"), ("until", "ENDED"))]
    funders = sorted(change for change in funders if change[0] and start <= change[0] <= end)
    res = await gql(CHANGES, {"from": start, "to": end, "limit": 3, "roles": ["FUNDER"]})
    answer = res.data["changes"]
    assert answer["rolesUsed"] == ["FUNDER"]
    assert answer["total"] == len(funders)
    assert [(c["date"], c["kind"], c["edge"]["id"]) for c in answer["changes"]] == funders[:3]
    assert {c["edge"]["role"] for c in answer["changes"]} <= {"FUNDER"}
    assert answer["truncated"] is (len(funders) > 3)


@pytest.mark.parametrize("day", ["2019", "2019-06", "2019-02-30", "19-01-01"])
async def test_changes_takes_days_only(gql: GqlRunner, day: str) -> None:
    """Link dates are days (Date): a year or month alone, or a day that does not exist, is refused before the read."""
    res = await gql(CHANGES, {"from": day, "to": "2020-12-31"})
    assert res.data is None
    assert res.error["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert res.statements == []
