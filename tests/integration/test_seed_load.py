"""The real seed graph in Neo4j: counts match the facts file, loading is idempotent and all-or-nothing."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from neo4j import AsyncDriver

from service.core.settings import REPO_ROOT
from service.seeding.errors import SeedValidationError
from service.seeding.loader import load_seed_dir
from tests.conftest import wipe
from tests.integration.counting import CountingDriver

pytestmark = pytest.mark.integration


@pytest.fixture
async def empty_graph(clean_graph: AsyncDriver) -> AsyncDriver:
    """An empty graph, schema kept (the shared `clean_graph`, which marks the seed graph dirty for the next reader)."""
    return clean_graph


FACTS = Path(__file__).parents[2] / "seeds" / "facts" / "coe-cooperation-facts.yaml"
SEEDS = REPO_ROOT / "seeds"
ROLE = {
    "implementer": "IMPLEMENTER",
    "implementing unit (Division or predecessor)": "IMPLEMENTING_UNIT",
    "funder": "FUNDER",
    "co-funder": "CO_FUNDER",
    "partner/beneficiary": "PARTNER",
    "civil society partner": "CIVIL_SOCIETY_PARTNER",
}


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    return data


def expected_counts(facts: dict[str, Any]) -> dict[str, int]:
    """Node and relationship counts computed from the facts file alone, independently of the converter."""
    countries = {c["iso2"] for c in facts["countries"]} | {o["country"] for o in facts["organisations"] if o["country"]}
    themes = {
        re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-")
        for rec in facts["projects"] + facts["programmes"]
        for t in rec.get("themes") or []
    }
    return {
        "Region": len(facts["regions"]),
        "Country": len(countries),
        "Programme": len(facts["programmes"]),
        "Project": len(facts["projects"]),
        "Organisation": len(facts["organisations"]),
        "Network": len(facts["cross_border_links"]),
        "CoeBody": len(facts["coe_bodies"]),
        "ActionPlan": len(facts["action_plans"]),
        "Theme": len(themes),
        "PARTICIPATES_IN": len(facts["participations"]),
        "MEMBER_OF": sum(len(n.get("members_in_scope") or []) for n in facts["cross_border_links"]),
        "IN_REGION": sum(len(c["regions"]) for c in facts["countries"]),
        "LOCATED_IN": sum(1 for o in facts["organisations"] if o["country"]),
        "IMPLEMENTED_IN": sum(len(r.get("countries") or []) for r in facts["projects"] + facts["programmes"]),
        "INFORMED_BY": sum(len(p.get("coe_bodies") or []) for p in facts["projects"]),
        "FOR_COUNTRY": len(facts["action_plans"]),
    }


async def graph_counts(driver: AsyncDriver, database: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for label in (
        "Region",
        "Country",
        "Programme",
        "Project",
        "Organisation",
        "Network",
        "CoeBody",
        "ActionPlan",
    ):
        records, _, _ = await driver.execute_query(
            "MATCH (n) WHERE $label IN labels(n) RETURN count(n) AS n", label=label, database_=database
        )
        counts[label] = records[0]["n"]
    records, _, _ = await driver.execute_query("MATCH (n:Theme) RETURN count(n) AS n", database_=database)
    counts["Theme"] = records[0]["n"]
    records, _, _ = await driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS n", database_=database
    )
    counts.update({rec["t"]: rec["n"] for rec in records})
    return counts


async def totals(driver: AsyncDriver, database: str) -> tuple[int, int]:
    records, _, _ = await driver.execute_query(
        "MATCH (n) WHERE NOT n:_Migration WITH count(n) AS nodes "
        "OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS rels",
        database_=database,
    )
    return records[0]["nodes"], records[0]["rels"]


async def test_load_counts_match_the_facts(empty_graph: AsyncDriver, database: str, facts: dict[str, Any]) -> None:
    summary = await load_seed_dir(empty_graph, database=database, path=SEEDS)
    counts = await graph_counts(empty_graph, database)
    expected = expected_counts(facts)
    assert {k: counts.get(k, 0) for k in expected} == expected
    assert summary.nodes["Organisation"] == expected["Organisation"]
    assert summary.relationships["PARTICIPATES_IN"] == expected["PARTICIPATES_IN"]


async def test_every_participation_of_the_facts_is_in_the_graph(
    empty_graph: AsyncDriver, database: str, facts: dict[str, Any]
) -> None:
    await load_seed_dir(empty_graph, database=database, path=SEEDS)
    records, _, _ = await empty_graph.execute_query(
        "MATCH (o:Organisation)-[r:PARTICIPATES_IN]->(t) RETURN o.id AS org, t.id AS target, r.role AS role",
        database_=database,
    )
    in_graph = {(r["org"], r["target"], r["role"]) for r in records}
    in_facts = {(p["org"], p.get("project") or p["programme"], ROLE[p["role"]]) for p in facts["participations"]}
    assert in_graph == in_facts


async def test_loading_twice_changes_nothing(empty_graph: AsyncDriver, database: str) -> None:
    await load_seed_dir(empty_graph, database=database, path=SEEDS)
    before = await totals(empty_graph, database)
    again = await load_seed_dir(empty_graph, database=database, path=SEEDS)
    assert await totals(empty_graph, database) == before
    assert (again.nodes_created, again.relationships_created, again.properties_set) == (0, 0, 0)


async def test_corrupted_seeds_leave_the_graph_unchanged(
    empty_graph: AsyncDriver, database: str, tmp_path: Path
) -> None:
    await load_seed_dir(empty_graph, database=database, path=SEEDS)
    before = await totals(empty_graph, database)
    bad = tmp_path / "seeds"
    shutil.copytree(SEEDS, bad, ignore=shutil.ignore_patterns("tools", "*.md"))
    text = (bad / "participations.yaml").read_text(encoding="utf-8")
    (bad / "participations.yaml").write_text(text.replace("org: ba-moj\n", "org: ba-nowhere\n", 1), encoding="utf-8")
    (bad / "countries.yaml").write_text(
        (bad / "countries.yaml").read_text(encoding="utf-8").replace("name: Albania", "name: Albania\n    x: 1"),
        encoding="utf-8",
    )
    with pytest.raises(SeedValidationError) as info:
        await load_seed_dir(empty_graph, database=database, path=bad)
    assert {e.file for e in info.value.errors} == {"participations.yaml", "countries.yaml"}
    assert await totals(empty_graph, database) == before


async def _occupy(driver: AsyncDriver, database: str) -> None:
    """One node outside the model, so the graph is not new and the loader MERGEs type by type."""
    await driver.execute_query("CREATE (:_Probe)", database_=database)


@pytest.mark.parametrize("graph", ["new", "not new"])
async def test_a_failing_write_rolls_back_everything(empty_graph: AsyncDriver, database: str, graph: str) -> None:
    from service.seeding.loader import load_rows
    from service.seeding.rows import graph_rows
    from service.seeding.validate import read_seed_dir

    if graph == "not new":
        await _occupy(empty_graph, database)
    before = await totals(empty_graph, database)
    rows = graph_rows(read_seed_dir(SEEDS))
    # Two memberships with one id break the relationship uniqueness constraint in the load's last step.
    member_of = rows["Organisation-MEMBER_OF->Network"]
    member_of.append(dict(member_of[0], b="net-ganhri"))
    with pytest.raises(Exception, match=r"already exists|constraint"):
        await load_rows(empty_graph, database=database, rows=rows)
    assert await totals(empty_graph, database) == before


def _unstamped(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in ("createdAt", "updatedAt")}


async def test_a_link_to_a_missing_node_fails_the_load_of_a_new_graph_whole(
    empty_graph: AsyncDriver, database: str
) -> None:
    from service.core.errors import InvalidInputError
    from service.seeding.loader import load_rows
    from service.seeding.rows import graph_rows
    from service.seeding.validate import read_seed_dir

    rows = graph_rows(read_seed_dir(SEEDS))
    member_of = rows["Organisation-MEMBER_OF->Network"]
    member_of.append(dict(member_of[0], id="member-of-nowhere", b="net-nowhere"))
    with pytest.raises(InvalidInputError, match=r"Organisation-MEMBER_OF->Network: .*'net-nowhere'"):
        await load_rows(empty_graph, database=database, rows=rows)
    assert await totals(empty_graph, database) == (0, 0)


async def _snapshot(driver: AsyncDriver, database: str) -> tuple[list[str], list[str]]:
    """Every seeded node and relationship as sorted JSON lines: labels, properties (but the load's instants)."""
    nodes, _, _ = await driver.execute_query(
        "MATCH (n) WHERE NOT n:_Migration AND NOT n:_Probe AND NOT n:_SeedLoad "
        "RETURN labels(n) AS labels, properties(n) AS props",
        database_=database,
    )
    rels, _, _ = await driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, labels(a) AS a, a.id AS aid, labels(b) AS b, b.id AS bid, "
        "properties(r) AS props",
        database_=database,
    )

    def line(value: dict[str, Any]) -> str:
        return json.dumps(value, sort_keys=True, default=str)

    return (
        sorted(line({"labels": sorted(n["labels"]), **_unstamped(n["props"])}) for n in nodes),
        sorted(
            line({**r.data(), "a": sorted(r["a"]), "b": sorted(r["b"]), "props": _unstamped(r["props"])}) for r in rels
        ),
    )


async def test_a_new_graph_is_seeded_as_the_merge_per_type_seeds_it(empty_graph: AsyncDriver, database: str) -> None:
    # The first load of a new database takes two statements (labels and types from each row); any other load
    # MERGEs type by type. Both must leave the same graph: labels (kind and mirrored ones), properties, links.
    from service.model.catalog import NODES
    from service.seeding.cypher import NEW_NODES
    from service.seeding.loader import load_rows
    from service.seeding.rows import graph_rows
    from service.seeding.validate import read_seed_dir

    rows = graph_rows(read_seed_dir(SEEDS))
    organisations = next(key for key, found in rows.items() if key in NODES and NODES[key].implements and found)
    rows[organisations][0]["props"]["sensitive"] = True  # the seeds mark none: the mirrored label is compared too
    counted = CountingDriver(empty_graph)
    # Small batches: relationships find ends created by other batches of the same transaction.
    fresh = await load_rows(counted, database=database, rows=rows, batch_size=100)  # type: ignore[arg-type]  # a counting proxy
    assert counted.statements.count(NEW_NODES) > 1
    new_form = await _snapshot(empty_graph, database)
    assert any('"Sensitive"' in n for n in new_form[0])
    await wipe(empty_graph, database)
    await _occupy(empty_graph, database)
    counted.statements.clear()
    merged = await load_rows(counted, database=database, rows=rows)  # type: ignore[arg-type]  # a counting proxy
    assert NEW_NODES not in counted.statements
    assert await _snapshot(empty_graph, database) == new_form
    assert (fresh.nodes_created, fresh.relationships_created) == (merged.nodes_created, merged.relationships_created)


async def test_provenance_is_queryable(empty_graph: AsyncDriver, database: str) -> None:
    await load_seed_dir(empty_graph, database=database, path=SEEDS)
    records, _, _ = await empty_graph.execute_query(
        "MATCH (p:Project {id: 'ba-hf2-diversity'}) RETURN p.confidence AS c, p.divisionAttribution AS d, "
        "p.sources AS s, p.notes AS notes",
        database_=database,
    )
    rec = records[0]
    assert rec["c"] == "HIGH"
    assert rec["d"] == "LOW"
    assert "https://www.coe.int/web/sarajevo/promotion-of-diversity-and-equality-in-bih" in rec["s"]
    assert any("outside DGI" in n for n in rec["notes"])
    records, _, _ = await empty_graph.execute_query(
        "MATCH (:Organisation {id: 'ba-moj'})-[r:PARTICIPATES_IN]->(:Project {id: 'ba-hf1-detained'}) "
        "RETURN r.confidence AS c, r.datesDerived AS derived, r.since AS since, r.until AS until, "
        "r.sources AS s",
        database_=database,
    )
    rec = records[0]
    assert (rec["c"], rec["derived"], rec["since"], rec["until"]) == (
        "MEDIUM",
        True,
        "2016-05-01",
        "2019-05-22",
    )
    assert rec["s"]
    records, _, _ = await empty_graph.execute_query(
        "MATCH (n:Nhri {id: 'ba-hro'}) RETURN n.ganhriStatus AS g, n.ganhriStatusAsOf AS asof",
        database_=database,
    )
    assert (records[0]["g"], records[0]["asof"]) == ("A", "2024-04-29")


async def test_full_text_search_folds_diacritics(empty_graph: AsyncDriver, database: str) -> None:
    await load_seed_dir(empty_graph, database=database, path=SEEDS)
    records, _, _ = await empty_graph.execute_query(
        "CALL db.index.fulltext.queryNodes('entitySearch', 'Turkiye') YIELD node RETURN collect(node.id) AS ids",
        database_=database,
    )
    assert "TR" in records[0]["ids"]
