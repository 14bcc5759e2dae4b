"""The explorer's analyses and its self-explaining map in Chromium, each checked against the API's own answer."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import Any
from xml.etree import ElementTree

import pytest
from neo4j import AsyncDriver

from tests.browser.conftest import Browser

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BA_HRO = "Organisation:ba-hro"
BA_MOJ = "Organisation:ba-moj"
ME_MOJ = "Organisation:me-moj"
MD_PA = "Organisation:md-peoples-advocate"
TOP = 25  # brokers and suggestions the page asks for (explorer/src/queries-analysis.js)
ROWS = 200  # rows of gaps, partners and changes it asks for

# The page's own inputs for each panel (its URL), and the API's answer to the same question: what it must list.
CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "brokers": (
        "&ar=western_balkans",
        'query ($top: Int!) { a: brokers(region: "western_balkans", top: $top) { brokers { node { id } } } }',
        {"top": TOP},
    ),
    "gaps": (
        "&ac=ME",
        'query ($limit: Int!) { a: gaps(country: "ME", limit: $limit) { gaps { kind subject { id } other { id } } } }',
        {"limit": ROWS},
    ),
    "suggested": (
        f"&ao={BA_MOJ}",
        "query ($org: ID!, $top: Int!) { a: suggestedPartners(org: $org, top: $top) { suggestions { node { id } } } }",
        {"org": BA_MOJ, "top": TOP},
    ),
    "shared": (
        f"&aids={BA_MOJ},{ME_MOJ}",
        "query ($ids: [ID!]!) { a: sharedPartners(ids: $ids) { partners { node { id } } } }",
        {"ids": [BA_MOJ, ME_MOJ]},
    ),
    "cross": (
        f"&ao={MD_PA}",
        "query ($org: ID!) { a: crossBorderPartners(org: $org) { partners { node { id } } } }",
        {"org": MD_PA},
    ),
    "changes": (
        "&cf=2019-01-01&ct=2019-12-31",
        'query { a: changes(from: "2019-01-01", to: "2019-12-31") { changes { kind date edge { id } org { id } } } }',
        {},
    ),
    "communities": (
        "&ar=",
        "query { a: communities(limit: 200) { communities { index size members { id } connectors { id } } } }",
        {},
    ),
}


def expected_items(kind: str, answer: dict[str, Any]) -> list[str]:
    """What the page must list, in order: the ids (or edges, or community sizes) of the API's answer."""
    if kind == "brokers":
        return [b["node"]["id"] for b in answer["brokers"]]
    if kind == "gaps":
        order = ["NHRI_WITHOUT_CIVIL_SOCIETY", "AUTHORITY_WITHOUT_NHRI", "UNLINKED_NEIGHBOURS"]
        gaps = sorted(answer["gaps"], key=lambda g: order.index(g["kind"]))  # the page groups them by kind
        return [f"{g['subject']['id']}|{(g['other'] or {}).get('id', '')}" for g in gaps]
    if kind == "suggested":
        return [s["node"]["id"] for s in answer["suggestions"]]
    if kind in ("shared", "cross"):
        return [p["node"]["id"] for p in answer["partners"]]
    if kind == "changes":
        return [f"{c['edge']['id']}|{c['kind']}|{c['date']}" for c in answer["changes"]]
    return [f"{c['index']}|{c['size']}" for c in answer["communities"]]


def shown_items(kind: str, items: list[dict[str, str]]) -> list[str]:
    """What the page listed, in the same form."""
    if kind == "gaps":
        return [f"{i['id']}|{i['other']}" for i in items]
    if kind == "changes":
        return [f"{i['edge']}|{i['kind']}|{i['date']}" for i in items]
    if kind == "communities":
        return [f"{i['index']}|{i['size']}" for i in items]
    return [i["id"] for i in items]


async def test_each_analysis_lists_the_apis_answer_and_opens_on_the_map(
    browser: Browser, seeded_graph: AsyncDriver
) -> None:
    answers = {kind: (await browser.api(doc, variables))["a"] for kind, (_, doc, variables) in CASES.items()}
    shots = {"brokers": "analyses-brokers", "communities": "analyses-communities", "changes": "analyses-changes"}

    seen = await browser.run(
        "analyses",
        cases=[
            {"an": kind, "query": query, **({"shot": shots[kind]} if kind in shots else {})}
            for kind, (query, _, _) in CASES.items()
        ],
    )

    for kind, answer in answers.items():
        want = expected_items(kind, answer)
        assert want, f"{kind}: a case with results"
        shown = seen[kind]
        assert shown_items(kind, shown["items"]) == want, kind
        assert int(shown["status"]["count"]) == len(want), kind
        opened = shown["opened"]
        assert opened is not None, kind
        listed = set(opened["map"]["listed"])
        assert opened["query"]["sel"] in listed, kind
        assert int(opened["map"]["status"]["nodes"]) == len(listed)
        assert opened["highlighted"], f"{kind}: the result is highlighted on the map"
        assert set(opened["highlighted"]) <= listed
    # Each first result opens where it belongs.
    assert seen["brokers"]["opened"]["query"]["sel"] == answers["brokers"]["brokers"][0]["node"]["id"]
    first_change = answers["changes"]["changes"][0]
    assert seen["changes"]["opened"]["query"]["sel"] == first_change["org"]["id"]
    assert seen["changes"]["opened"]["query"]["asOf"] == first_change["date"]
    community = answers["communities"]["communities"][0]
    members = [m["id"] for m in community["members"]]
    assert seen["communities"]["members"][0] == members[:12]
    assert seen["communities"]["opened"]["query"]["colour"] == "community"
    assert set(seen["communities"]["opened"]["highlighted"]) <= set(members)
    for name in shots.values():
        browser.keep_screenshot(name)


NEIGHBOURHOOD = """
query ($id: ID!) {
  neighbourhood(id: $id, hops: 2, limit: 200) { nodes { id } edges { id source target sources role } }
}"""


def _sizes_follow(values: dict[str, float], sizes: dict[str, int]) -> bool:
    """Bigger values never get smaller nodes."""
    return all(sizes[a] >= sizes[b] for a in values for b in values if values[a] > values[b])


async def test_the_map_explains_itself(browser: Browser, seeded_graph: AsyncDriver) -> None:
    hood = (await browser.api(NEIGHBOURHOOD, {"id": BA_HRO}))["neighbourhood"]
    edge = next(e for e in hood["edges"] if e["source"] == BA_HRO and e["role"] == "PARTNER")
    communities = (
        await browser.api(
            "{ communities(minSize: 1, limit: 200) { communities { index members { id } connectors { id } } } }"
        )
    )["communities"]["communities"]
    community_of = {n["id"]: c["index"] for c in communities for n in (*c["members"], *c["connectors"])}
    scores = {
        b["node"]["id"]: b["score"]
        for b in (await browser.api("{ brokers(top: 100) { brokers { node { id } score } } }"))["brokers"]["brokers"]
    }
    cells = (await browser.api('{ countryLinks(region: "western_balkans") { cells { countryA countryB links } } }'))[
        "countryLinks"
    ]["cells"]

    seen = await browser.run(
        "mapExplains", id=BA_HRO, edge=edge["id"], outDir=str(browser.tmp), region="western_balkans"
    )

    nodes = {n["id"] for n in hood["nodes"]}
    assert set(seen["map"]["listed"]) == nodes
    assert seen["first"] == seen["again"], "the same data draws the same picture"
    looks = {n["id"]: n for n in seen["looks"]}
    assert set(looks) == nodes
    degree = {i: n["degree"] for i, n in looks.items()}
    assert _sizes_follow(degree, {i: n["size"] for i, n in looks.items()})
    colours: dict[int, set[str]] = defaultdict(set)
    for i, n in looks.items():
        if i in community_of:
            colours[community_of[i]].add(n["colour"])
    assert all(len(c) == 1 for c in colours.values()), "one colour per community"
    assert len(colours) > 1
    assert seen["overlaps"] == 0, "no two labels on show overlap"
    assert 0 < sum(not n["crowded"] for n in looks.values()) < len(looks)
    assert "Network membership" in seen["legend"]
    assert "Partnership" in seen["legend"]
    assert "Community" in seen["legend"]
    assert seen["edge"]["id"] == edge["id"]
    assert " is partner in " in seen["edge"]["title"]
    assert {"Role", "Dates", "Confidence", "Sources"} <= set(seen["edge"]["facts"])
    assert seen["edge"]["sources"] == edge["sources"]
    # CSV of the node table: every node once, with its links drawn.
    rows = list(csv.DictReader(io.StringIO(seen["csv"]["text"].lstrip("\ufeff"))))
    assert {r["id"] for r in rows} == nodes
    assert all(int(r["links"]) == degree[r["id"]] for r in rows)
    assert all(r["community"] == str(community_of.get(r["id"], "")) for r in rows)
    # SVG of the map: a node shape per node, a line per link.
    svg = ElementTree.fromstring(seen["svg"]["text"].split("\n", 1)[1])
    ns = "{http://www.w3.org/2000/svg}"
    groups = {g.get("class"): g for g in svg.iter(f"{ns}g") if g.get("class")}
    assert len(groups["nodes"]) == len(nodes)
    assert len(groups["links"].findall(f"{ns}line")) == len(hood["edges"])
    assert _sizes_follow({i: scores.get(i, 0) for i in nodes}, seen["brokerSizes"])
    # CSV of the country matrix: each pair both ways, with the API's counts.
    matrix = list(csv.DictReader(io.StringIO(seen["matrix"]["text"].lstrip("\ufeff"))))
    got = {(r["countryA"], r["countryB"]): int(r["links"]) for r in matrix}
    want = {(c["countryA"], c["countryB"]): c["links"] for c in cells}
    want |= {(b, a): n for (a, b), n in want.items()}
    assert got == want
    browser.keep_screenshot("map-communities")
