"""IATI files from any publisher: the IATI Standard's own 2.03 example into an empty graph (countries from ISO
3166-1, organisations, roles, regions, budgets), funding links from transactions, and organisations matched across
files by identifier, then by name, with near-duplicates reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from service.core.settings import REPO_ROOT
from service.io.imports import ImportFormat, import_files
from service.io.models import ImportOutcome, ImportReport
from service.io.problems import ImportValidationError
from service.io.review import report_json
from tests.integration.test_io_roundtrip import snapshot

pytestmark = pytest.mark.integration

IATI = REPO_ROOT / "tests" / "data" / "iati"
EXAMPLE = IATI / "activity-standard-example-annotated.xml"
PROJECT = "iati-aa-aaa-123456789-abc123"


def inputs(*paths: Path) -> list[tuple[str, str | bytes]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths]


async def rows(driver: AsyncDriver, database: str, cypher: Any, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = await driver.execute_query(cypher, params, database_=database)
    return [dict(r) for r in records]


async def iati(driver: AsyncDriver, database: str, *paths: Path, dry_run: bool = False) -> ImportReport:
    return await import_files(driver, database=database, fmt=ImportFormat.IATI, files=inputs(*paths), dry_run=dry_run)


def notices(report: ImportReport) -> dict[tuple[str, str], str]:
    return {(n.where.rsplit("/", 1)[-1], n.field): n.message for n in report.notices}


async def test_the_iati_standard_example_imports_into_an_empty_graph_and_again_changes_nothing(
    clean_graph: AsyncDriver, database: str
) -> None:
    driver = clean_graph
    empty = await snapshot(driver, database)
    dry = await iati(driver, database, EXAMPLE, dry_run=True)
    assert await snapshot(driver, database) == empty  # a dry run writes nothing
    report = await iati(driver, database, EXAMPLE)
    assert [(r.kind, r.key, r.outcome, r.changes) for r in report.records] == [
        (r.kind, r.key, r.outcome, r.changes) for r in dry.records
    ]  # the review said exactly what the import did
    assert {k: c[ImportOutcome.CREATED] for k, c in report.by_kind().items()} == {
        "Project": 1, "Country": 2, "Organisation": 3, "IMPLEMENTED_IN": 2, "PARTICIPATES_IN": 3,
    }  # fmt: skip

    [project] = await rows(driver, database, "MATCH (p:Project {id: $id}) RETURN p {.*} AS p", id=PROJECT)
    p = project["p"]
    assert (p["title"], p["name"]) == ("Activity title", "Activity title")
    assert p["iatiIdentifier"] == "AA-AAA-123456789-ABC123"
    assert (p["iatiStatus"], p["status"]) == (2, "ACTIVE")
    assert (p["startDate"], p["endDate"]) == ("2012-04-28", "2015-12-31")  # actual start, planned end
    assert (p["budgetEur"], p["budgetTotals"]) == (3000.0, ["EUR 3000"])
    assert p["regionCodes"] == ["1:489", "99:A1"]  # DAC region 489 and the publisher's own A1
    assert p["sectorCodes"] == ["111", "112"]  # DAC 3-digit codes; the vocabulary-99 sector is not a DAC code
    assert p["notes"] == [
        "IATI description: General activity description text.  Long description of the activity with no "
        "particular structure."
    ]
    assert p["sources"] == []  # its one document link, http:www.example.org/..., is no http(s) URL
    assert p["importSource"] == EXAMPLE.name

    countries = await rows(
        driver, database, "MATCH (:Project {id: $id})-[:IMPLEMENTED_IN]->(c:Country) "
        "RETURN c.id AS id, c.name AS name, c.iso2 AS iso2, c.iso3 AS iso3, c.altNames AS alt, c.notes AS notes, "
        "c.importSource AS src, c.confidence AS confidence ORDER BY id", id=PROJECT,
    )  # fmt: skip
    assert [(c["id"], c["name"], c["iso2"], c["iso3"]) for c in countries] == [
        ("AF", "Afghanistan", "AF", "AFG"),
        ("AG", "Antigua and Barbuda", "AG", "ATG"),
    ]
    assert countries[0]["alt"] == ["Islamic Republic of Afghanistan"]
    for c in countries:  # marked as created by the import, from ISO 3166-1
        assert c["src"] == EXAMPLE.name
        assert c["notes"][0].startswith("Created by an IATI import from ISO 3166-1 (pycountry ")
        assert c["confidence"] == "HIGH"

    roles = await rows(
        driver, database, "MATCH (o:Organisation)-[r:PARTICIPATES_IN]->(:Project {id: $id}) "
        "RETURN o.name AS org, o.iatiIdentifier AS ref, o.kind AS kind, o.iatiOrgType AS type, r.role AS role, "
        "r.roleClass AS class, r.iatiRole AS iati, r.since AS since, r.datesDerived AS derived ORDER BY ref",
        id=PROJECT,
    )  # fmt: skip
    assert [(r["org"], r["ref"], r["kind"], r["type"], r["role"], r["class"], r["iati"]) for r in roles] == [
        ("Name of Agency A", "AA-AAA-123456789", "CIVIL_SOCIETY", 21, "IMPLEMENTER", "STRUCTURAL", 3),  # Extending
        ("Name of Agency B", "BB-BBB-123456789", "DONOR", 40, "FUNDER", "STRUCTURAL", 1),  # Funding
        ("Name of Agency C", "CC-CCC-123456789", "NATIONAL_AUTHORITY", 10, "PARTNER", "PARTNERSHIP", 2),  # Accountable
    ]
    assert all(r["since"] == "2012-04-28" and r["derived"] for r in roles)
    # the transaction's provider (B) and receiver (A) already participate: no funding link of their own
    assert len(await rows(driver, database, "MATCH ()-[r:PARTICIPATES_IN]->() RETURN r")) == 3

    said = notices(report)
    assert said["recipient-country[1]", "@code"] == "Country AF (Afghanistan) is not in the graph: the import " \
        "creates it from ISO 3166-1"  # fmt: skip
    assert said["document-link[1]", "@url"].endswith("left out of the project's sources")
    assert said["sector[3]", "@vocabulary"] == "sector 'A1' of vocabulary 99 is not a DAC code; not kept"

    after = await snapshot(driver, database)
    again = await iati(driver, database, EXAMPLE)
    assert again.count(ImportOutcome.CREATED) == again.count(ImportOutcome.CHANGED) == 0
    assert again.count(ImportOutcome.UNCHANGED) == len(report.records)  # every record reviewed as left alone
    assert await snapshot(driver, database) == after  # not even importedAt moved


async def test_transactions_become_funding_links_and_budgets_sum_per_currency(
    clean_graph: AsyncDriver, database: str
) -> None:
    driver = clean_graph
    report = await iati(driver, database, IATI / "funding-flows.xml")
    [p] = await rows(driver, database, "MATCH (p:Project) RETURN p.budgetEur AS eur, p.budgetTotals AS totals, "
                     "p.regionCodes AS regions")  # fmt: skip
    # 2024: the revised 120000 replaces the original 100000; 2026: 80000; 2025 in dollars
    assert p == {"eur": 200000.0, "totals": ["EUR 200000", "USD 50000.5"], "regions": ["1:89", "2:150"]}
    links = await rows(
        driver, database, "MATCH (o:Organisation)-[r:PARTICIPATES_IN]->(:Project) "
        "RETURN o.iatiIdentifier AS ref, o.kind AS kind, r.role AS role, r.iatiRole AS iati, "
        "r.confidence AS confidence, r.notes AS notes ORDER BY ref",
    )  # fmt: skip
    got = {r["ref"]: (r["kind"], r["role"], r["iati"], r["confidence"]) for r in links}
    assert got == {
        "XM-TEST-FUNDER": ("DONOR", "FUNDER", 1, "HIGH"),  # a participating-org (a funder is a donor): no second link
        "XM-TEST-IMPL": ("CIVIL_SOCIETY", "IMPLEMENTER", 4, "HIGH"),
        "XM-TEST-TRUST": ("DONOR", "FUNDER", None, "MEDIUM"),  # incoming funds' provider
        "XM-TEST-NGO": ("CIVIL_SOCIETY", "IMPLEMENTER", None, "MEDIUM"),  # a disbursement's receiver
    }  # the loan repayment's borrower is no funder
    trust = next(r for r in links if r["ref"] == "XM-TEST-TRUST")
    assert trust["notes"] == [
        "Funding link from the IATI transaction 1 (Incoming Funds) of EUR 60000 on 2024-02-01 (provider-org)"
    ]
    said = notices(report)
    assert said["receiver-org", "@type"] == "'Some Consultant Without A Type': no @type, and not in the graph: no " \
        "link made"  # fmt: skip


async def test_organisations_match_across_files_by_identifier_then_name_with_near_duplicates(
    clean_graph: AsyncDriver, database: str
) -> None:
    driver = clean_graph
    await iati(driver, database, IATI / "matching-a.xml")
    dry = await iati(driver, database, IATI / "matching-b.xml", dry_run=True)
    created = {r.key for r in dry.records if r.kind == "Organisation" and r.outcome is ImportOutcome.CREATED}
    left = {r.key for r in dry.records if r.kind == "Organisation" and r.outcome is ImportOutcome.UNCHANGED}
    # the identifier decides (another name, same @ref); a name decides only without an identifier
    assert left == {"ombudsman-of-testland", "test-rights-network"}
    # a namesake with another identifier, and a misspelt name, are organisations of their own...
    assert created == {"ombudsman-of-testland-2", "test-rigths-network"}
    said = {(n.where.rsplit("/", 1)[-1], n.message) for n in dry.notices}
    assert ("participating-org[2]", "'test rights network' matched organisation test-rights-network (Test Rights "
            "Network) by name") in said  # fmt: skip
    near = sorted(m for _, m in said if "near-duplicate" in m)
    assert len(near) == 2  # ...for a reviewer to check
    assert near[0].startswith("new organisation ombudsman-of-testland-2 (Ombudsman of Testland) may be a "
                              "near-duplicate of ombudsman-of-testland (Ombudsman of Testland)")  # fmt: skip
    assert near[1].startswith("new organisation test-rigths-network (Test Rigths Network) may be a near-duplicate "
                              "of test-rights-network (Test Rights Network)")  # fmt: skip
    review = report_json(dry)
    assert review["notices"]
    assert all(set(n) == {"file", "where", "field", "message"} for n in review["notices"])


async def test_a_name_match_in_the_graph_takes_the_files_identifier(
    writable_seeded_graph: AsyncDriver, database: str
) -> None:
    driver = writable_seeded_graph
    text = (
        '<iati-activities version="2.02"><iati-activity><iati-identifier>XM-TEST-NAMES</iati-identifier>'
        "<title><narrative>Name match test</narrative></title>"
        '<participating-org ref="XM-TEST-COE" role="4" type="40"><narrative>COUNCIL OF EUROPE</narrative>'
        "</participating-org></iati-activity></iati-activities>"
    )
    report = await import_files(driver, database=database, fmt=ImportFormat.IATI, files=[("names.xml", text)])
    [coe] = [r for r in report.records if r.key == "coe"]
    assert coe.outcome is ImportOutcome.CHANGED
    assert [(c.field, c.old, c.new) for c in coe.changes] == [("iatiIdentifier", None, "XM-TEST-COE")]
    assert [n.message for n in report.notices] == ["'COUNCIL OF EUROPE' matched organisation coe (Council of Europe) "
                                                   "by name"]  # fmt: skip
    other = text.replace("XM-TEST-NAMES", "XM-TEST-NAMES-2").replace("COUNCIL OF EUROPE", "CoE by identifier")
    again = await import_files(driver, database=database, fmt=ImportFormat.IATI, files=[("names-2.xml", other)])
    assert ("PARTICIPATES_IN", "coe--implementer--iati-xm-test-names-2") in {(r.kind, r.key) for r in again.records}
    assert again.notices == ()  # found by its identifier now


async def test_unknown_countries_and_old_versions_are_refused(clean_graph: AsyncDriver, database: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace('code="AG"', 'code="ZZ"')
    with pytest.raises(ImportValidationError) as err:
        await import_files(clean_graph, database=database, fmt=ImportFormat.IATI, files=[("zz.xml", text)])
    assert [(p.where, p.field, p.message) for p in err.value.problems] == [(
        "/iati-activities/iati-activity[1]/recipient-country[2]", "@code",
        "unknown country code 'ZZ': not an ISO 3166-1 alpha-2 code, and no such Country in the graph",
    )]  # fmt: skip
    old = '<iati-activities version="1.04"><iati-activity><iati-identifier>X</iati-identifier></iati-activity>'
    old += "</iati-activities>"
    with pytest.raises(ImportValidationError, match=r"upgrade it to 2\.03 first"):
        await import_files(clean_graph, database=database, fmt=ImportFormat.IATI, files=[("old.xml", old)])
    assert await snapshot(clean_graph, database) == {"nodes": [], "rels": []}
