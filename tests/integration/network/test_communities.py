"""communities against the same algorithm (networkx Louvain, the same seed) run on the seed YAML outside the service."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import pytest

from service.network.analysis import communities
from service.network.analysis.communities import MAX_COMMUNITIES, RESOLUTION, SEED
from tests.integration.network.conftest import DEFAULT_ROLES, STRUCTURAL, GqlRunner, Mark, SeedNetwork

pytestmark = pytest.mark.integration

COMMUNITIES = """
query C($region: String, $countries: [String!], $kinds: [NetworkNodeKind!], $roles: [NetworkRole!], $asOf: Date,
        $minSize: Int! = 2, $limit: Int! = 200) {
  communities(region: $region, countries: $countries, kinds: $kinds, roles: $roles, asOf: $asOf, minSize: $minSize,
              limit: $limit) {
    __typename total truncated modularity organisations links rolesUsed asOf
    communities {
      __typename index size links countries
      members { id name countryCode }
      connectors { id kind }
    }
  }
}
"""


def expected(
    net: SeedNetwork,
    *,
    roles: Iterable[str] = DEFAULT_ROLES,
    as_of: str | None = None,
    hidden: Iterable[str] = (),
    scope: set[str] | None = None,
    kinds: set[str] | None = None,
    min_size: int = 2,
) -> dict[str, Any]:
    """What `communities` answers, computed from the YAML: the bipartite graph of the followed links of the
    organisations in scope, partitioned by Louvain with the documented seed, then ranked as documented."""
    g = net.graph(roles=roles, as_of=as_of, hidden=hidden)
    pairs = set()
    for _, _, link in g.edges(data=True):
        org = link["org"]
        if scope is not None and net.country_of.get(org) not in scope:
            continue
        if kinds is not None and net.nodes[org]["kind"] not in kinds:
            continue
        pairs.add((org, link["target"]))
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edges_from(sorted(pairs))
    parts = nx.community.louvain_communities(graph, resolution=RESOLUTION, seed=SEED) if pairs else []
    orgs = {a for a, _ in pairs}
    rows = []
    for part in parts:
        members = sorted((n for n in part if n in orgs), key=lambda n: (net.nodes[n]["name"], n))
        inner = [(a, b) for a, b in pairs if a in part and b in part]
        if len(members) >= min_size:
            rows.append((members, {b for a, b in inner}, len(inner)))
    rows.sort(key=lambda r: (-len(r[0]), -r[2], min(r[0])))
    return {
        "modularity": nx.community.modularity(graph, parts, resolution=RESOLUTION) if pairs else 0.0,
        "organisations": len(orgs),
        "links": len(pairs),
        "communities": rows,
    }


def check(net: SeedNetwork, answer: dict[str, Any], want: dict[str, Any]) -> None:
    assert answer["__typename"] == "CommunitiesResult"
    assert answer["organisations"] == want["organisations"]
    assert answer["links"] == want["links"]
    assert answer["modularity"] == pytest.approx(want["modularity"])
    assert answer["total"] == len(want["communities"])
    assert answer["truncated"] is False
    got = answer["communities"]
    assert [[m["id"] for m in c["members"]] for c in got] == [r[0] for r in want["communities"]]
    for i, (c, (members, connectors, inner)) in enumerate(zip(got, want["communities"], strict=True)):
        assert c["__typename"] == "Community"
        assert c["index"] == i + 1
        assert c["size"] == len(members)
        assert c["links"] == inner
        assert {x["id"] for x in c["connectors"]} <= connectors
        assert all(x["kind"] in ("PROJECT", "PROGRAMME", "NETWORK") for x in c["connectors"])
        assert c["countries"] == sorted({net.country_of[m] for m in members if net.country_of[m]})
        for m in c["members"]:
            assert m["name"] == net.nodes[m["id"]]["name"]
            assert m["countryCode"] == net.country_of[m["id"]]


async def test_communities_of_every_organisation(gql: GqlRunner, seed_network: SeedNetwork) -> None:
    res = await gql(COMMUNITIES)
    assert res.errors == []
    assert len(res.statements) == 1, "one read statement"
    answer = res.data["communities"]
    want = expected(seed_network)
    check(seed_network, answer, want)
    assert answer["rolesUsed"] == list(DEFAULT_ROLES)
    assert answer["asOf"] is None
    assert len(want["communities"]) > 5, "the seeds hold several groups"
    assert answer["modularity"] > 0.5
    again = await gql(COMMUNITIES)
    assert again.data == res.data, "the same links give the same communities"


@pytest.mark.parametrize(
    ("variables", "options"),
    [
        ({"region": "western_balkans", "asOf": "2020-01-01"}, {"as_of": "2020-01-01", "region": "western_balkans"}),
        ({"countries": ["AL", "MK", "RS"], "kinds": ["NATIONAL_AUTHORITY", "NHRI"], "minSize": 1},
         {"scope": {"AL", "MK", "RS"}, "kinds": {"NATIONAL_AUTHORITY", "NHRI"}, "min_size": 1}),
        ({"roles": [*DEFAULT_ROLES, *STRUCTURAL], "region": "eastern_partnership"},
         {"roles": (*DEFAULT_ROLES, *STRUCTURAL), "region": "eastern_partnership"}),
    ],
)  # fmt: skip
async def test_communities_with_options(
    gql: GqlRunner, seed_network: SeedNetwork, variables: dict[str, Any], options: dict[str, Any]
) -> None:
    region = options.pop("region", None)
    if region is not None:
        options["scope"] = set(seed_network.regions[region])
    res = await gql(COMMUNITIES, variables)
    assert res.errors == []
    want = expected(seed_network, **options)
    assert want["communities"], "a case with communities to compare"
    check(seed_network, res.data["communities"], want)


async def test_a_small_limit_keeps_the_largest(gql: GqlRunner, seed_network: SeedNetwork) -> None:
    res = await gql(COMMUNITIES, {"limit": 2, "minSize": 1})
    answer = res.data["communities"]
    want = expected(seed_network, min_size=1)
    assert answer["total"] == len(want["communities"])
    assert answer["truncated"] is True
    assert [[m["id"] for m in c["members"]] for c in answer["communities"]] == [r[0] for r in want["communities"][:2]]
    # minSize 1: every organisation with a followed link is in exactly one community.
    assert sum(len(r[0]) for r in want["communities"]) == want["organisations"]


async def test_hidden_organisations_are_left_out_and_their_links_not_followed(
    gql: GqlRunner, seed_network: SeedNetwork, mark_sensitive: Mark
) -> None:
    await mark_sensitive("ba-hro", True)
    hidden = "Organisation:ba-hro"
    anonymous = await gql(COMMUNITIES)
    viewer = await gql(COMMUNITIES, role="viewer")
    editor = await gql(COMMUNITIES, role="editor")
    for seen in (anonymous, viewer):
        answer = seen.data["communities"]
        check(seed_network, answer, expected(seed_network, hidden=[hidden]))
        assert hidden not in {m["id"] for c in answer["communities"] for m in c["members"]}
    check(seed_network, editor.data["communities"], expected(seed_network))
    assert hidden in {m["id"] for c in editor.data["communities"]["communities"] for m in c["members"]}


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"region": "atlantis"}, "NOT_FOUND", "region"),
        ({"limit": MAX_COMMUNITIES + 1}, "LIMIT_EXCEEDED", "limit"),
        ({"minSize": 0}, "BAD_USER_INPUT", "minSize"),
        ({"kinds": ["PROJECT"]}, "BAD_USER_INPUT", "kinds"),
    ],
)
async def test_bad_arguments(gql: GqlRunner, variables: dict[str, Any], code: str, field: str) -> None:
    res = await gql(COMMUNITIES, variables)
    assert res.data is None
    assert (res.error["code"], res.error["field"]) == (code, field)


async def test_a_scope_with_more_links_than_the_bound_is_refused(
    gql: GqlRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(communities, "MAX_LINKS", 100)
    res = await gql(COMMUNITIES)
    assert (res.error["code"], res.error["field"]) == ("LIMIT_EXCEEDED", "region")
    assert "more than 100 followed links" in res.error["message"]
    assert len(res.statements) == 1
    small = await gql(COMMUNITIES, {"countries": ["AL"]})
    assert small.errors == []
