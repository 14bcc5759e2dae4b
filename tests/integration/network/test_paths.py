"""path, neighbourhood and sharedPartners on the seed graph, checked against networkx over the seed YAML."""

from __future__ import annotations

from itertools import pairwise

import networkx as nx
import pytest

from tests.integration.network.conftest import PARTNERSHIP, GqlRunner, Mark, SeedNetwork, load_seed

pytestmark = pytest.mark.integration

PATH = """
query Path($from: ID!, $to: ID!, $maxHops: Int! = 6, $k: Int! = 1, $via: [NetworkLinkType!], $roles: [NetworkRole!],
           $avoid: [String!], $asOf: Date) {
  path(from: $from, to: $to, maxHops: $maxHops, k: $k, via: $via, roles: $roles, avoidCountries: $avoid,
       asOf: $asOf) {
    found maxHops rolesUsed asOf
    from { id kind countryCode } to { id }
    paths { length nodes { id } hops { from { id } to { id } forward edge { id type role source target } } }
  }
}
"""

MD_PA = "Organisation:md-peoples-advocate"
BA_HRO = "Organisation:ba-hro"
MK_OMB = "Organisation:mk-ombudsman"
RS_PROT = "Organisation:rs-protector"
BA_MOJ = "Organisation:ba-moj"
ME_MOJ = "Organisation:me-moj"


def _path_nodes(answer: dict) -> list[list[str]]:
    return [[n["id"] for n in p["nodes"]] for p in answer["paths"]]


def _assert_valid(g: nx.MultiGraph, nodes: list[str]) -> None:
    for a, b in pairwise(nodes):
        assert g.has_edge(a, b), (a, b)


async def test_moldova_peoples_advocate_reaches_bih_ombudsman_only_through_nhri_networks(
    gql: GqlRunner, seed_network: SeedNetwork
) -> None:
    g = seed_network.graph()
    expected = {p[1] for p in nx.all_shortest_paths(g, MD_PA, BA_HRO)}
    assert expected == {"Network:net-ennhri", "Network:net-ganhri"}  # the claim, on the seed files

    res = await gql(PATH, {"from": MD_PA, "to": "ba-hro", "k": 5})
    answer = res.data["path"]
    assert answer["found"]
    assert answer["rolesUsed"] == ["PARTNER", "BENEFICIARY", "CIVIL_SOCIETY_PARTNER", "MEMBER"]
    assert answer["from"] == {"id": MD_PA, "kind": "NHRI", "countryCode": "MD"}
    shortest = [p for p in _path_nodes(answer) if len(p) == 3]
    assert {p[1] for p in shortest} == expected
    for nodes in _path_nodes(answer):
        _assert_valid(g, nodes)

    # Without memberships there is no path at all: the regional components are disjoint.
    assert not nx.has_path(seed_network.graph(PARTNERSHIP), MD_PA, BA_HRO)
    res = await gql(PATH, {"from": MD_PA, "to": BA_HRO, "via": ["PARTICIPATES_IN"]})
    assert res.data["path"]["found"] is False
    assert res.data["path"]["paths"] == []
    assert res.data["path"]["rolesUsed"] == list(PARTNERSHIP)


async def test_bih_and_montenegro_ministries_of_justice_are_two_hops_apart(
    gql: GqlRunner, seed_network: SeedNetwork
) -> None:
    g = seed_network.graph()
    expected = {p[1] for p in nx.all_shortest_paths(g, BA_MOJ, ME_MOJ)}
    res = await gql(PATH, {"from": BA_MOJ, "to": ME_MOJ, "k": 5})
    answer = res.data["path"]
    lengths = [p["length"] for p in answer["paths"]]
    assert lengths[0] == nx.shortest_path_length(g, BA_MOJ, ME_MOJ) == 2
    assert lengths == sorted(lengths)
    assert {p[1] for p in _path_nodes(answer) if len(p) == 3} == expected
    hop = answer["paths"][0]["hops"][0]
    assert hop["from"]["id"] == BA_MOJ
    assert hop["forward"] is True
    assert hop["edge"]["source"] == BA_MOJ


async def test_north_macedonia_ombudsman_reaches_serbias_protector_in_six_partnership_hops(
    gql: GqlRunner, seed_network: SeedNetwork
) -> None:
    g = seed_network.graph(PARTNERSHIP)
    expected_len = nx.shortest_path_length(g, MK_OMB, RS_PROT)
    assert expected_len == 6
    res = await gql(PATH, {"from": MK_OMB, "to": RS_PROT, "via": ["PARTICIPATES_IN"], "k": 3})
    answer = res.data["path"]
    assert [p["length"] for p in answer["paths"]] == [6, 6, 6]
    assert len({tuple(p) for p in _path_nodes(answer)}) == 3
    for nodes in _path_nodes(answer):
        _assert_valid(g, nodes)
    # With memberships (the default) the SEE NPM Network, ENNHRI and GANHRI join them directly.
    res = await gql(PATH, {"from": MK_OMB, "to": RS_PROT})
    assert res.data["path"]["paths"][0]["length"] == nx.shortest_path_length(seed_network.graph(), MK_OMB, RS_PROT)


async def test_path_max_hops_and_avoid_countries(gql: GqlRunner, seed_network: SeedNetwork) -> None:
    res = await gql(PATH, {"from": MK_OMB, "to": RS_PROT, "via": ["PARTICIPATES_IN"], "maxHops": 5})
    assert res.data["path"]["found"] is False

    g = seed_network.graph(PARTNERSHIP)
    avoided = [n for n in g if n not in (MK_OMB, RS_PROT) and seed_network.country_of.get(n) == "RS"]
    avoided += [n for n, codes in seed_network.project_countries.items() if codes and set(codes) <= {"RS"} and n in g]
    g.remove_nodes_from(avoided)
    expected = nx.shortest_path_length(g, MK_OMB, RS_PROT) if nx.has_path(g, MK_OMB, RS_PROT) else None
    res = await gql(PATH, {"from": MK_OMB, "to": RS_PROT, "via": ["PARTICIPATES_IN"], "avoid": ["RS"]})
    paths = res.data["path"]["paths"]
    assert (paths[0]["length"] if paths else None) == expected


@pytest.mark.parametrize("as_of", ["2018-06-30", "2021-01-01", "2024-06-01"])
async def test_path_as_of(gql: GqlRunner, seed_network: SeedNetwork, as_of: str) -> None:
    g = seed_network.graph(PARTNERSHIP, as_of=as_of)
    expected = nx.shortest_path_length(g, BA_MOJ, ME_MOJ) if nx.has_path(g, BA_MOJ, ME_MOJ) else None
    res = await gql(PATH, {"from": BA_MOJ, "to": ME_MOJ, "via": ["PARTICIPATES_IN"], "asOf": as_of})
    answer = res.data["path"]
    assert answer["asOf"] == as_of
    got = answer["paths"][0]["length"] if answer["paths"] else None
    assert got == (expected if expected is not None and expected <= 6 else None)
    for nodes in _path_nodes(answer):
        _assert_valid(g, nodes)


NEIGHBOURHOOD = """
query N($id: ID!, $hops: Int! = 2, $limit: Int! = 200, $kinds: [NetworkNodeKind!], $asOf: Date) {
  neighbourhood(id: $id, hops: $hops, limit: $limit, kinds: $kinds, asOf: $asOf) {
    truncated totalNodes hops rolesUsed
    center { id }
    nodes { id kind distance countryCodes }
    edges { id source target role }
  }
}
"""


async def test_neighbourhood_matches_the_ego_graph(gql: GqlRunner, seed_network: SeedNetwork) -> None:
    g = nx.Graph(seed_network.graph())
    ego = nx.single_source_shortest_path_length(g, BA_HRO, cutoff=2)
    res = await gql(NEIGHBOURHOOD, {"id": "ba-hro"})
    answer = res.data["neighbourhood"]
    assert answer["center"]["id"] == BA_HRO
    assert {n["id"]: n["distance"] for n in answer["nodes"]} == ego
    assert answer["totalNodes"] == len(ego)
    assert answer["truncated"] is False
    distances = [n["distance"] for n in answer["nodes"]]
    assert distances == sorted(distances)
    expected_edges = {k for a, b, k in seed_network.graph().edges(keys=True) if a in ego and b in ego}
    assert {e["id"] for e in answer["edges"]} == expected_edges

    res = await gql(NEIGHBOURHOOD, {"id": BA_HRO, "limit": 5})
    capped = res.data["neighbourhood"]
    assert capped["truncated"] is True
    assert len(capped["nodes"]) == 6  # the centre and the 5 nearest
    kept = {n["id"] for n in capped["nodes"]}
    assert all(e["source"] in kept and e["target"] in kept for e in capped["edges"])


async def test_neighbourhood_kinds_restrict_organisations(gql: GqlRunner, seed_network: SeedNetwork) -> None:
    res = await gql(NEIGHBOURHOOD, {"id": BA_HRO, "hops": 3, "kinds": ["NHRI"], "limit": 1000})
    answer = res.data["neighbourhood"]
    orgs = {n["id"] for n in answer["nodes"] if n["kind"] not in ("PROJECT", "PROGRAMME", "NETWORK")}
    assert all(seed_network.nodes[o]["kind"] == "NHRI" for o in orgs)
    g = nx.Graph(seed_network.graph())
    g.remove_nodes_from([o for o in seed_network.org_ids() if seed_network.nodes[o]["kind"] != "NHRI"])
    assert {n["id"] for n in answer["nodes"]} == set(nx.single_source_shortest_path_length(g, BA_HRO, cutoff=3))


SHARED = """
query S($ids: [ID!]!, $minShared: Int, $kinds: [NetworkNodeKind!], $limit: Int! = 200) {
  sharedPartners(ids: $ids, minShared: $minShared, kinds: $kinds, limit: $limit) {
    truncated minShared rolesUsed
    actors { id }
    partners { node { id kind } actors actorCount direct via { id } }
  }
}
"""


def _expected_shared(seed_network: SeedNetwork, actors: list[str], min_shared: int) -> dict[str, set[str]]:
    g = nx.Graph(seed_network.graph())
    linked: dict[str, set[str]] = {}
    for a in actors:
        reach = set(g[a])
        for c in list(g[a]):
            reach |= set(g[c])
        for s in reach - {a} - set(actors):
            linked.setdefault(s, set()).add(a)
    return {s: who for s, who in linked.items() if len(who) >= min_shared}


async def test_shared_partners_of_three_ministries_of_justice(gql: GqlRunner, seed_network: SeedNetwork) -> None:
    actors = [BA_MOJ, ME_MOJ, "Organisation:rs-moj"]
    expected = _expected_shared(seed_network, actors, 3)
    res = await gql(SHARED, {"ids": ["ba-moj", ME_MOJ, "rs-moj"]})
    answer = res.data["sharedPartners"]
    assert answer["minShared"] == 3
    assert [a["id"] for a in answer["actors"]] == actors
    got = {p["node"]["id"]: set(p["actors"]) for p in answer["partners"]}
    assert got == expected
    direct = {p["node"]["id"] for p in answer["partners"] if p["direct"]}
    assert direct == {"Project:wb-hf2-radicalisation", "Project:wb-hf3-vep", "Network:net-wb-prisons-pcve"}
    assert answer["partners"][0]["direct"] is True  # shared connectors rank before partners reached through them
    for p in answer["partners"]:
        if not p["direct"]:
            assert p["via"], p

    res = await gql(SHARED, {"ids": actors, "minShared": 2, "kinds": ["NHRI"]})
    got = {p["node"]["id"]: set(p["actors"]) for p in res.data["sharedPartners"]["partners"]}
    expected2 = {
        s: who
        for s, who in _expected_shared(seed_network, actors, 2).items()
        if seed_network.nodes[s]["kind"] == "NHRI"
    }
    assert got == expected2
    counts = [p["actorCount"] for p in res.data["sharedPartners"]["partners"]]
    assert counts == sorted(counts, reverse=True)


# The registry type each network node kind is (what `entity { __typename }` says).
ENTITY_TYPES = {
    "NATIONAL_AUTHORITY": "NationalAuthority",
    "NHRI": "Nhri",
    "CIVIL_SOCIETY": "CivilSocietyOrganisation",
    "DONOR": "Donor",
    "INTERNATIONAL": "InternationalOrganisation",
    "COE_ENTITY": "CoeEntity",
    "PROJECT": "Project",
    "PROGRAMME": "Programme",
    "NETWORK": "Network",
}

ENTITY = """
query E($from: ID!, $to: ID!) {
  path(from: $from, to: $to, k: 5) {
    from { entity { __typename ... on Nhri { ganhriStatus npmMandate } } }
    paths { nodes { id kind entity { __typename id ... on Nhri { ganhriStatus } ... on Network { shortName }
                                     ... on Organisation { locatedIn { key } } } } }
  }
}
"""


def _seed(name: str) -> dict[str, dict]:
    return {r["id"]: r for r in load_seed(name)}


async def test_entity_exposes_the_node_itself(gql: GqlRunner, seed_network: SeedNetwork) -> None:
    """`NetworkNode.entity` is the read API's node, projected in the same statement: `... on Nhri { ganhriStatus }`
    works inside a path."""
    orgs = _seed("organisations")
    networks = _seed("networks")
    res = await gql(ENTITY, {"from": MD_PA, "to": BA_HRO})
    assert res.errors == []
    assert len(res.statements) == 1
    answer = res.data["path"]
    pao = orgs["md-peoples-advocate"]
    assert answer["from"]["entity"] == {
        "__typename": "Nhri",
        "ganhriStatus": pao["ganhri_status"],
        "npmMandate": pao["npm_mandate"],
    }
    seen: set[str] = set()
    for path in answer["paths"]:
        for node in path["nodes"]:
            entity = node["entity"]
            label, _, key = node["id"].partition(":")
            assert entity["__typename"] == ENTITY_TYPES[node["kind"]]
            assert entity["id"] == node["id"]  # global ids agree
            seen.add(entity["__typename"])
            if entity["__typename"] == "Nhri":
                assert list(entity) == ["__typename", "id", "ganhriStatus", "locatedIn"]
                assert entity["ganhriStatus"] == orgs[key]["ganhri_status"]
                assert entity["locatedIn"] == {"key": orgs[key]["country"]}
            elif entity["__typename"] == "Network":
                assert list(entity) == ["__typename", "id", "shortName"]
                assert entity["shortName"] == networks[key]["short_name"]
            elif label == "Organisation":
                assert list(entity) == ["__typename", "id", "locatedIn"]
    assert {"Nhri", "Network"} <= seen


async def test_entity_in_a_neighbourhood_hides_sensitive_relatives(
    gql: GqlRunner, seed_network: SeedNetwork, mark_sensitive: Mark
) -> None:
    """A node's entity answers the read API's relationships, with its privacy rule, in the same statement."""
    document = (
        '{ neighbourhood(id: "ba-hro", hops: 1) { nodes { id entity { ... on Project { status '
        "participants(first: 100) { totalCount edges { role node { key } } } } } } } }"
    )
    projects = _seed("projects")
    partner = next(
        link["org"] for link in seed_network.links
        if link["target"].startswith("Project:") and link["org"] != BA_HRO
        and any(x["org"] == BA_HRO and x["target"] == link["target"] for x in seed_network.links)
    )  # fmt: skip
    await mark_sensitive(partner.partition(":")[2], True)
    for role, hidden in ((None, {partner}), ("editor", set())):
        res = await gql(document, role=role)
        assert res.errors == []
        assert len(res.statements) == 1
        for node in res.data["neighbourhood"]["nodes"]:
            label, _, key = node["id"].partition(":")
            if label != "Project":
                assert node["entity"] == {}
                continue
            assert node["entity"]["status"] == projects[key]["status"]
            expected = {
                (link["org"], link["role"])
                for link in seed_network.links
                if link["target"] == node["id"] and link["org"] not in hidden
            }
            got = {(f"Organisation:{e['node']['key']}", e["role"]) for e in node["entity"]["participants"]["edges"]}
            assert got == expected
            assert node["entity"]["participants"]["totalCount"] == len(expected)
