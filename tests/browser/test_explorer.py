"""The /explore page in Chromium on the seed graph: find, map, path finder, country links, date, share, export."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import networkx as nx
import pytest
from neo4j import AsyncDriver

from tests.browser.conftest import Browser, is_png

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

GE_PDO = "Organisation:ge-pdo"  # Public Defender (Ombudsman) of Georgia, an NHRI with GANHRI status A
BA_HRO = "Organisation:ba-hro"  # Institution of Human Rights Ombudsman of Bosnia and Herzegovina
MD_PA = "Organisation:md-peoples-advocate"  # People's Advocate of the Republic of Moldova

# The map's "Structural roles" box ticked: partnership roles, memberships, then implementers and funders.
EVERY_ROLE = [
    "PARTNER",
    "BENEFICIARY",
    "CIVIL_SOCIETY_PARTNER",
    "MEMBER",
    "IMPLEMENTER",
    "IMPLEMENTING_UNIT",
    "FUNDER",
    "CO_FUNDER",
]

NEIGHBOURHOOD = """
query ($id: ID!, $hops: Int!, $asOf: Date) {
  neighbourhood(id: $id, hops: $hops, asOf: $asOf, limit: 200) { truncated nodes { id } edges { id } }
}"""


async def neighbourhood_ids(browser: Browser, node: str, hops: int, as_of: str | None = None) -> tuple[set[str], int]:
    data = await browser.api(NEIGHBOURHOOD, {"id": node, "hops": hops, "asOf": as_of})
    hood = data["neighbourhood"]
    assert not hood["truncated"]
    return {n["id"] for n in hood["nodes"]}, len(hood["edges"])


async def test_search_and_select_an_nhri_shows_its_card_and_neighbourhood(
    browser: Browser, seeded_graph: AsyncDriver
) -> None:
    org = (
        await browser.api(
            "query ($id: ID!) { node(id: $id) { ... on Nhri { name ganhriStatus sources locatedIn { name } } } }",
            {"id": GE_PDO},
        )
    )["node"]
    expected_nodes, expected_edges = await neighbourhood_ids(browser, GE_PDO, 2)

    seen = await browser.run("search", text="Public Defender Georgia", id=GE_PDO)

    assert seen["empty"]["tone"] == "empty"
    assert "pick it" in seen["empty"]["text"]
    card = seen["card"]
    assert card["title"] == org["name"]
    assert card["facts"]["Kind"] == "NHRI"
    assert card["facts"]["Country"].startswith(org["locatedIn"]["name"])
    assert card["facts"]["GANHRI status"].startswith(org["ganhriStatus"])
    assert set(org["sources"]) <= set(card["sources"])
    assert card["projectRows"] > 0
    assert card["confidenceMarks"] > 0
    status = seen["map"]["status"]
    assert int(status["nodes"]) == len(expected_nodes)
    assert int(status["edges"]) == expected_edges
    assert set(seen["map"]["listed"]) == expected_nodes
    assert seen["map"]["canvases"] > 0
    browser.keep_screenshot("map")


async def test_the_page_works_with_the_keyboard_alone(browser: Browser, seeded_graph: AsyncDriver) -> None:
    seen = await browser.run("keyboard", text="Ombudsman Montenegro")

    assert seen["reached"] == "search-input"
    assert seen["focusedHit"], "ArrowDown from the search box focuses the first hit"
    assert int(seen["map"]["status"]["nodes"]) > 1
    assert seen["expandId"] in seen["expanded"]["listed"]
    assert int(seen["expanded"]["status"]["nodes"]) >= int(seen["map"]["status"]["nodes"])
    assert seen["pathVisible"]


async def test_path_between_two_nhris_in_different_countries(browser: Browser, seeded_graph: AsyncDriver) -> None:
    data = await browser.api(
        """query ($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4, k: 3) {
             found paths { length nodes { id } } } }""",
        {"from": MD_PA, "to": BA_HRO},
    )
    expected = data["path"]
    assert expected["found"]

    seen = await browser.run(
        "path", fromText="Advocate Moldova", toText="Ombudsman Bosnia", **{"from": MD_PA, "to": BA_HRO}
    )

    assert int(seen["status"]["paths"]) == len(expected["paths"])
    assert int(seen["status"]["hops"]) == expected["paths"][0]["length"]
    shown = [p["nodes"] for p in seen["paths"]]
    assert shown == [[n["id"] for n in p["nodes"]] for p in expected["paths"]]
    first = seen["paths"][0]
    assert first["nodes"][0] == MD_PA
    assert first["nodes"][-1] == BA_HRO
    assert all(" is " in hop for hop in first["hops"]), "each hop names its role"
    query = parse_qs(urlparse(seen["url"]).query)
    assert query["from"] == [MD_PA]
    assert query["to"] == [BA_HRO]
    browser.keep_screenshot("path-finder")


COUNTRY_LINKS = """
query ($asOf: Date) {
  countryLinks(
    region: "western_balkans", kinds: [NATIONAL_AUTHORITY], partnerKinds: [NATIONAL_AUTHORITY], asOf: $asOf
  ) {
    cells { countryA countryB links projects networks }
  }
}"""


async def test_country_matrix_cell_opens_its_projects_and_the_date_changes_counts(
    browser: Browser, seeded_graph: AsyncDriver
) -> None:
    date = "2016-06-01"
    cells = (await browser.api(COUNTRY_LINKS))["countryLinks"]["cells"]
    dated = (await browser.api(COUNTRY_LINKS, {"asOf": date}))["countryLinks"]["cells"]
    al_ba = next(c for c in cells if (c["countryA"], c["countryB"]) == ("AL", "BA"))

    seen = await browser.run(
        "matrix", region="western_balkans", ka="NATIONAL_AUTHORITY", kb="NATIONAL_AUTHORITY", cell="AL:BA", date=date
    )

    assert seen["cells"]["AL:BA"] == seen["cells"]["BA:AL"] == al_ba["links"]
    assert {k for k, v in seen["cells"].items() if v} == {
        f"{a}:{b}" for c in cells for a, b in ((c["countryA"], c["countryB"]), (c["countryB"], c["countryA"]))
    }
    assert int(seen["status"]["total"]) == sum(c["links"] for c in cells)
    assert "Albania" in seen["opened"]["heading"]
    assert "Bosnia" in seen["opened"]["heading"]
    assert len(seen["opened"]["projects"]) == al_ba["projects"]
    assert len(seen["opened"]["networks"]) == al_ba["networks"]
    assert all(p.startswith(("Project:", "Programme:")) for p in seen["opened"]["projects"])
    assert int(seen["after"]["total"]) == sum(c["links"] for c in dated)
    assert int(seen["after"]["total"]) != int(seen["status"]["total"])
    assert parse_qs(urlparse(seen["url"]).query)["asOf"] == [date]
    browser.keep_screenshot("country-links")


async def test_click_a_node_to_expand_it_then_filter_by_programme_and_country(
    browser: Browser, seeded_graph: AsyncDriver
) -> None:
    expand = "Organisation:me-ombudsman"
    around, _ = await neighbourhood_ids(browser, BA_HRO, 2)
    assert expand in around
    beyond, _ = await neighbourhood_ids(browser, expand, 1)
    programme = "Programme:prog-hf2"
    data = await browser.api(
        "query ($id: ID!) { programme(id: $id) { projects(first: 100) { edges { node { id } } } } }", {"id": programme}
    )
    in_programme = {e["node"]["id"] for e in data["programme"]["projects"]["edges"]}

    seen = await browser.run("filters", id=BA_HRO, expand=expand, programme=programme, country="BA")

    assert set(seen["before"]["listed"]) == around
    assert set(seen["expanded"]["listed"]) == around | beyond
    assert seen["card"].startswith("Protector of Human Rights and Freedoms of Montenegro")
    projects = {n for n in seen["programme"]["listed"] if n.startswith("Project:")}
    assert projects
    assert projects <= in_programme
    assert not any(n.startswith("Network:") for n in seen["programme"]["listed"])
    organisations = [n for n in seen["country"]["listed"] if n.startswith("Organisation:")]
    assert len(organisations) > 1
    assert all("BA" in seen["countries"][n] for n in organisations)


async def test_changing_the_date_redraws_the_map(browser: Browser, seeded_graph: AsyncDriver) -> None:
    date = "2012-06-01"
    everything, _ = await neighbourhood_ids(browser, BA_HRO, 2)
    then, _ = await neighbourhood_ids(browser, BA_HRO, 2, date)
    assert len(then) != len(everything)

    seen = await browser.run("date", id=BA_HRO, date=date)

    assert int(seen["before"]["status"]["nodes"]) == len(everything)
    assert int(seen["after"]["status"]["nodes"]) == len(then)
    assert set(seen["after"]["listed"]) == then
    assert date in seen["after"]["status"]["text"]


async def test_a_shared_url_reopens_the_same_view(browser: Browser, seeded_graph: AsyncDriver) -> None:
    seen = await browser.run("share", id=BA_HRO, hops="1", date="2020-06-01")

    query = parse_qs(urlparse(seen["url"]).query)
    assert query["sel"] == [BA_HRO]
    assert query["hops"] == ["1"]
    assert query["asOf"] == ["2020-06-01"]
    expected, _ = await neighbourhood_ids(browser, BA_HRO, 1, "2020-06-01")
    for view in ("original", "reopened", "reloaded"):
        assert set(seen[view]["listed"]) == expected, view
    assert seen["controls"]["hops"] == "1"
    assert seen["controls"]["asOf"] == "2020-06-01"
    assert seen["controls"]["card"]
    assert "Bosnia" in seen["controls"]["card"]


async def test_export_graphml_reads_back_with_networkx(browser: Browser, seeded_graph: AsyncDriver) -> None:
    expected, edges = await neighbourhood_ids(browser, GE_PDO, 2)

    seen = await browser.run("export", id=GE_PDO, outDir=str(browser.tmp))

    graph = nx.read_graphml(seen["graphml"])
    assert set(graph.nodes) == expected
    assert graph.number_of_edges() == edges
    centre = graph.nodes[GE_PDO]
    assert centre["kind"] == "NHRI"
    assert centre["country"] == "GE"
    assert centre["distance"] == 0
    assert {d["type"] for _, _, d in graph.edges(data=True)} <= {"PARTICIPATES_IN", "MEMBER_OF"}
    assert all(d.get("role") for _, _, d in graph.edges(data=True))
    assert graph.graph["view"] == "map"
    assert is_png(seen["png"])


async def test_clear_messages_for_unavailable_bound_empty_and_truncated(
    browser: Browser, seeded_graph: AsyncDriver
) -> None:
    hub = (
        await browser.api(
            'query ($roles: [NetworkRole!]) { neighbourhood(id: "Organisation:coe", hops: 3, roles: $roles, limit: 200)'
            " { truncated nodes { id } } }",
            {"roles": EVERY_ROLE},
        )
    )["neighbourhood"]
    assert hub["truncated"]

    seen = await browser.run(
        "messages",
        id=GE_PDO,
        noMatch="zzqxv nowhere",
        emptyId="Project:ge-pdo-capacities",
        hubId="Organisation:coe",
        emptyDate="1990-01-01",
        # The simulated outage makes Chromium log each refused request; that is the point of the step.
        allow_console=("net::ERR_CONNECTION_REFUSED", "Failed to load resource"),
    )

    assert "service is unavailable" in seen["unavailable"]["banner"]
    assert "unavailable" in seen["unavailable"]["map"]
    assert int(seen["recovered"]["status"]["nodes"]) > 1
    assert "exceeds a bound" in seen["bound"]
    assert "hops must be between 1 and 3" in seen["bound"]
    assert "Nothing matches" in seen["noHits"]
    assert "No links on 1990-01-01" in seen["noLinks"]
    assert "No partner institutions" in seen["noPartners"]
    assert seen["truncated"]["notice"].startswith("Truncated")
    assert int(seen["truncated"]["map"]["status"]["nodes"]) == len(hub["nodes"])


async def test_narrow_screen_is_one_column_without_sideways_scrolling(
    browser: Browser, seeded_graph: AsyncDriver
) -> None:
    seen = await browser.run("narrow", id=GE_PDO)

    layout = seen["layout"]
    assert layout["scrollWidth"] <= layout["width"]
    assert layout["sideBottom"] <= layout["mainTop"] + 1, "the finder stacks above the views"
