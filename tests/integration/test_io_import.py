"""CSV and IATI imports against the seed graph: what they write, idempotency, dry runs, and precise rejections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j import AsyncDriver

from service.core.settings import REPO_ROOT
from service.io.csv_import import read_csv_inputs
from service.io.imports import ImportFormat, import_files
from service.io.models import ImportOutcome
from service.io.problems import ImportValidationError
from tests.integration.test_io_roundtrip import snapshot

pytestmark = pytest.mark.integration

DATA = REPO_ROOT / "tests" / "data"
IATI_FILE = DATA / "iati" / "coe-horizontal-facility.xml"


def iati_input(path: Path = IATI_FILE) -> list[tuple[str, str]]:
    return [(path.name, path.read_text(encoding="utf-8"))]


async def one(driver: AsyncDriver, database: str, cypher: Any, **params: Any) -> dict[str, Any]:
    records, _, _ = await driver.execute_query(cypher, params, database_=database)
    assert len(records) == 1, records
    return dict(records[0])


async def test_staff_csv_import_writes_records_with_provenance_and_is_idempotent(
    writable_seeded_graph: AsyncDriver, database: str
) -> None:
    driver = writable_seeded_graph
    files = read_csv_inputs(DATA / "import")
    before = await snapshot(driver, database)

    dry = await import_files(driver, database=database, fmt=ImportFormat.CSV, files=files, dry_run=True)
    assert dry.dry_run
    assert dry.count(ImportOutcome.CREATED) > 0
    assert await snapshot(driver, database) == before  # a dry run writes nothing

    report = await import_files(driver, database=database, fmt=ImportFormat.CSV, files=files)
    assert [(r.kind, r.key, r.outcome) for r in report.records] == [
        (r.kind, r.key, r.outcome) for r in dry.records
    ]  # the dry run said exactly what the import did
    counts = report.by_kind()
    assert counts["Organisation"][ImportOutcome.CREATED] == 2
    assert counts["Project"][ImportOutcome.CREATED] == 2
    assert counts["PARTICIPATES_IN"][ImportOutcome.CREATED] == 4
    assert counts["MEMBER_OF"][ImportOutcome.CREATED] == 1

    org = await one(
        driver,
        database,
        "MATCH (o:Organisation:NationalAuthority {id: 'me-ja-me-test'})-[:LOCATED_IN]->(c:Country) "
        "RETURN o {.*} AS o, c.id AS country",
    )
    assert org["country"] == "ME"
    assert org["o"]["authorityKind"] == "TRAINING_INSTITUTION"
    assert org["o"]["importSource"] == "organisations.csv"
    assert org["o"]["importedAt"]
    assert org["o"]["sources"] == ["https://example.org/ja-me"]
    assert org["o"]["sensitive"] is False
    assert org["o"]["version"] == 1

    project = await one(
        driver, database, "MATCH (p:Project {iatiIdentifier: 'XM-TEST-0001'}) RETURN p {.*} AS p, "
        "[(p)-[:IMPLEMENTED_IN]->(c) | c.id] AS countries",
    )  # fmt: skip
    assert project["p"]["id"] == "iati-xm-test-0001"
    assert project["p"]["endDate"] == "2023-06-30"
    assert sorted(project["countries"]) == ["ME", "RS"]
    judicial = await one(driver, database, "MATCH (p:Project {id: 'me-test-judicial'}) RETURN p {.*} AS p")
    assert judicial["p"]["status"] == "ACTIVE"  # from iati_status 2
    assert judicial["p"]["endDate"] == "2026-12-31"
    assert judicial["p"]["endDatePrecision"] == "YEAR"

    partner = await one(
        driver,
        database,
        "MATCH (:Organisation {id: 'me-ja-me-test'})-[r:PARTICIPATES_IN]->(:Project) RETURN r {.*} AS r",
    )
    assert partner["r"]["id"] == "me-ja-me-test--partner--me-test-judicial"
    assert partner["r"]["datesDerived"] is True
    assert partner["r"]["since"] == "2024-03-01"
    assert partner["r"]["sources"] == ["https://example.org/me-judicial"]  # the project's
    coe = await one(
        driver, database, "MATCH (:Organisation {id: 'coe'})-[r:PARTICIPATES_IN]->(:Project {id: 'me-test-judicial'}) "
        "RETURN r.iatiRole AS iati, r.roleClass AS cls",
    )  # fmt: skip
    assert coe == {"iati": 4, "cls": "STRUCTURAL"}

    after = await snapshot(driver, database)
    again = await import_files(driver, database=database, fmt=ImportFormat.CSV, files=files)
    assert again.count(ImportOutcome.CREATED) == again.count(ImportOutcome.CHANGED) == 0
    assert await snapshot(driver, database) == after  # not even importedAt moved


async def test_a_changed_cell_is_reported_and_written(writable_seeded_graph: AsyncDriver, database: str) -> None:
    driver = writable_seeded_graph
    csv_text = (
        "id,name,kind,authority_kind,country\n"
        "ba-moj,Ministry of Justice of BiH (renamed),NATIONAL_AUTHORITY,MINISTRY_OF_JUSTICE,BA\n"
    )
    report = await import_files(
        driver, database=database, fmt=ImportFormat.CSV, files=[("organisations.csv", csv_text)]
    )
    changed = [r for r in report.records if r.outcome is ImportOutcome.CHANGED]
    assert [(r.kind, r.key, r.fields) for r in changed] == [("Organisation", "ba-moj", ("name",))]
    row = await one(driver, database, "MATCH (o:Organisation {id: 'ba-moj'}) RETURN o {.*} AS o")
    assert row["o"]["name"] == "Ministry of Justice of BiH (renamed)"
    assert row["o"]["version"] == 2
    assert row["o"]["shortName"] == "MoJ BiH"  # an absent column leaves the stored value as is
    assert row["o"]["importSource"] == "organisations.csv"


async def test_broken_csv_rows_are_rejected_precisely_and_nothing_is_written(
    writable_seeded_graph: AsyncDriver, database: str
) -> None:
    driver = writable_seeded_graph
    before = await snapshot(driver, database)
    orgs = (
        "id,name,kind,authority_kind,country,iati_org_type\n"
        "x-ok,Fine organisation,CIVIL_SOCIETY,,BA,22\n"
        "x-bad,Bad kind,GOVERNMENTAL,,BA,\n"
        "x-na,Authority kind of a CSO,CIVIL_SOCIETY,COURT,ZZ,10\n"
        "x-short,too,few\n"
        "x-type,Bad type,CIVIL_SOCIETY,,BA,1000\n"
    )
    parts = (
        "org,project,role,since,until,share\n"
        "x-ok,no-such-project,PARTNER,2020-02-30,,1.5\n"
        "x-ok,ba-hf1-detained,HELPER,,,\n"
    )
    with pytest.raises(ImportValidationError) as err:
        await import_files(
            driver, database=database, fmt=ImportFormat.CSV,
            files=[("organisations.csv", orgs), ("participations.csv", parts)],
        )  # fmt: skip
    got = {(p.file, p.where, p.field) for p in err.value.problems}
    assert ("organisations.csv", "line 3", "kind") in got
    assert ("organisations.csv", "line 4", "authority_kind") in got
    assert ("organisations.csv", "line 5", "-") in got
    assert ("organisations.csv", "line 6", "iati_org_type") in got
    assert ("participations.csv", "line 2", "since") in got
    assert ("participations.csv", "line 2", "share") in got
    assert ("participations.csv", "line 3", "role") in got
    messages = {(p.where, p.field): p.message for p in err.value.problems if p.file == "organisations.csv"}
    assert messages["line 3", "kind"].startswith("must be one of NATIONAL_AUTHORITY, NHRI")
    assert messages["line 3", "kind"].endswith("got 'GOVERNMENTAL'")
    assert messages["line 4", "authority_kind"].startswith("only NATIONAL_AUTHORITY organisations have one")
    assert messages["line 6", "iati_org_type"] == "must be at most 999"
    assert messages["line 5", "-"] == "expected 6 cells like the header, got 3"
    assert await snapshot(driver, database) == before

    # parse-clean input with unknown references: the second check names them
    refs = "org,project,role\nx-nobody,no-such-project,PARTNER\n"
    with pytest.raises(ImportValidationError) as err:
        await import_files(driver, database=database, fmt=ImportFormat.CSV, files=[("participations.csv", refs)])
    assert {(p.where, p.field, p.message) for p in err.value.problems} == {
        ("line 2", "org", "unknown organisation id 'x-nobody'"),
        ("line 2", "project", "unknown project id 'no-such-project'"),
    }
    assert await snapshot(driver, database) == before


async def test_control_characters_are_refused_naming_file_line_and_column(
    writable_seeded_graph: AsyncDriver, database: str
) -> None:
    driver = writable_seeded_graph
    before = await snapshot(driver, database)
    orgs = "id,name,kind,notes\nx-ok,Fine,CIVIL_SOCIETY,\nx-bell,Bell\x07 rings,CIVIL_SOCIETY,a|b\u2028c\n"
    with pytest.raises(ImportValidationError) as err:
        await import_files(driver, database=database, fmt=ImportFormat.CSV, files=[("organisations.csv", orgs)])
    assert [(p.file, p.where, p.field, p.message) for p in err.value.problems] == [
        ("organisations.csv", "line 3", "name", "holds a control character (U+0007); remove it"),
        ("organisations.csv", "line 3", "notes[1]", "holds a control character (U+2028); remove it"),
    ]
    assert await snapshot(driver, database) == before


async def test_iati_values_are_checked_by_the_registry_naming_the_xpath(
    writable_seeded_graph: AsyncDriver, database: str
) -> None:
    driver = writable_seeded_graph
    text = IATI_FILE.read_text(encoding="utf-8")
    bad = text.replace("<title>", "<title><narrative>Line\u2028separated</narrative>", 1).replace(
        "<iati-identifier>", '<document-link url="ftp://example.org/doc.pdf"/><iati-identifier>', 1
    )
    with pytest.raises(ImportValidationError) as err:
        await import_files(driver, database=database, fmt=ImportFormat.IATI, files=[("bad.xml", bad)])
    act = "/iati-activities/iati-activity[1]"
    assert [(p.where, p.field, p.message) for p in err.value.problems] == [
        (act, "title/narrative", "holds a control character (U+2028); remove it")
    ]
    # A document link that is no http(s) URL is left out of the sources, which the review says: a publisher's
    # broken link is no reason to refuse its activity.
    link = text.replace("<iati-identifier>", '<document-link url="ftp://example.org/doc.pdf"/><iati-identifier>', 1)
    dry = await import_files(driver, database=database, fmt=ImportFormat.IATI, files=[("link.xml", link)],
                             dry_run=True)  # fmt: skip
    assert (f"{act}/document-link[1]", "@url", "must be an http(s) URL, got 'ftp://example.org/doc.pdf'; left out "
            "of the project's sources") in {(n.where, n.field, n.message) for n in dry.notices}  # fmt: skip


async def test_iati_activities_import_as_projects_roles_and_countries(
    writable_seeded_graph: AsyncDriver, database: str
) -> None:
    driver = writable_seeded_graph
    report = await import_files(driver, database=database, fmt=ImportFormat.IATI, files=iati_input())
    by_key = {(r.kind, r.key): r for r in report.records}
    # activities 1 and 2 describe seed projects (other-identifier A1), activity 3 is new
    assert by_key["Project", "ba-hf2-detained"].outcome is ImportOutcome.CHANGED
    assert by_key["Project", "iati-xi-iati-ec-near-hf3-rs-media-test"].outcome is ImportOutcome.CREATED

    hf2 = await one(driver, database, "MATCH (p:Project {id: 'ba-hf2-detained'}) RETURN p {.*} AS p")
    assert hf2["p"]["iatiIdentifier"] == "XI-IATI-EC_NEAR-HF2-BA-DETAINED"
    assert hf2["p"]["iatiStatus"] == 4
    assert hf2["p"]["status"] == "COMPLETED"
    assert hf2["p"]["budgetEur"] == 1000050.0
    assert hf2["p"]["budgetTotals"] == ["EUR 1000050"]
    assert hf2["p"]["sectorCodes"] == ["15160"]
    assert hf2["p"]["importSource"] == IATI_FILE.name

    roles = await driver.execute_query(
        "MATCH (o:Organisation)-[r:PARTICIPATES_IN]->(p:Project) "
        "WHERE p.iatiIdentifier STARTS WITH 'XI-IATI-EC_NEAR' AND r.importSource IS NOT NULL "
        "RETURN p.id AS p, o.id AS o, r.role AS role, r.iatiRole AS iati",
        database_=database,
    )
    got = {(r["p"], r["o"], r["role"], r["iati"]) for r in roles.records}
    new = "iati-xi-iati-ec-near-hf3-rs-media-test"
    assert ("ba-hf2-detained", "ba-moj", "PARTNER", 2) in got  # Accountable -> PARTNER
    assert ("ba-hf3-equal", "ba-hro", "PARTNER", 2) in got
    assert (new, "eu-dg-near", "FUNDER", 1) in got  # matched by short name "DG NEAR"...
    near = await one(driver, database, "MATCH (o:Organisation {id: 'eu-dg-near'}) RETURN o.iatiIdentifier AS ref")
    assert near == {"ref": "XI-IATI-EC_NEAR"}  # ...and given the file's identifier, for the next file
    assert by_key["Organisation", "eu-dg-near"].fields == ("iatiIdentifier",)
    assert (new, "coe", "IMPLEMENTER", 4) in got
    assert (new, "belgrade-media-freedom-centre-test", "PARTNER", 2) in got

    rs = await one(
        driver, database,
        "MATCH (p:Project {id: $id})-[:IMPLEMENTED_IN]->(c:Country) RETURN collect(c.id) AS c, "
        "p.startDate AS start, p.endDate AS end, p.budgetEur AS budget, p.status AS status", id=new,
    )  # fmt: skip
    assert rs == {"c": ["RS"], "start": "2023-01-01", "end": "2026-12-31", "budget": 750000.0, "status": "ACTIVE"}
    cso = await one(
        driver,
        database,
        "MATCH (o:Organisation:CivilSocietyOrganisation {id: 'belgrade-media-freedom-centre-test'}) "
        "RETURN o.iatiOrgType AS t",
    )
    assert cso == {"t": 22}

    after = await snapshot(driver, database)
    again = await import_files(driver, database=database, fmt=ImportFormat.IATI, files=iati_input())
    assert again.count(ImportOutcome.CREATED) == again.count(ImportOutcome.CHANGED) == 0
    assert await snapshot(driver, database) == after


BAD_CODES = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
  <iati-activity default-currency="EUR">
    <iati-identifier>XX-BAD-1</iati-identifier>
    <title><narrative>Bad codes</narrative></title>
    <participating-org role="7" type="10"><narrative>Someone</narrative></participating-org>
    <participating-org role="2" type="99"><narrative>Someone else</narrative></participating-org>
    <activity-status code="9"/>
    <activity-date iso-date="2020-01-01" type="start-planned"/>
    <recipient-country code="ZZ"/>
  </iati-activity>
</iati-activities>
"""


async def test_malformed_xml_and_unknown_codes_are_rejected_with_xpaths(
    writable_seeded_graph: AsyncDriver, database: str
) -> None:
    driver = writable_seeded_graph
    before = await snapshot(driver, database)
    with pytest.raises(ImportValidationError) as err:
        await import_files(driver, database=database, fmt=ImportFormat.IATI, files=[("bad.xml", BAD_CODES)])
    got = {(p.where, p.field): p.message for p in err.value.problems}
    act = "/iati-activities/iati-activity[1]"
    assert got[f"{act}/participating-org[1]", "@role"] == "unknown code '7'; expected one of 1, 2, 3, 4"
    assert got[f"{act}/participating-org[2]", "@type"].startswith("unknown code '99'; expected one of 10, 11, 15")
    assert got[f"{act}/activity-status", "@code"] == "unknown code '9'; expected one of 1, 2, 3, 4, 5, 6"
    assert got[f"{act}/activity-date[1]", "@type"] == "unknown code 'start-planned'; expected one of 1, 2, 3, 4"
    assert await snapshot(driver, database) == before

    unknown_country = BAD_CODES.replace('role="7"', 'role="4"').replace('type="99"', 'type="22"')
    unknown_country = unknown_country.replace('code="9"', 'code="2"').replace('type="start-planned"', 'type="1"')
    with pytest.raises(ImportValidationError) as err:
        await import_files(driver, database=database, fmt=ImportFormat.IATI, files=[("bad.xml", unknown_country)])
    assert [(p.where, p.field, p.message) for p in err.value.problems] == [
        (
            f"{act}/recipient-country[1]",
            "@code",
            "unknown country code 'ZZ': not an ISO 3166-1 alpha-2 code, and no such Country in the graph",
        )
    ]

    broken = IATI_FILE.read_text(encoding="utf-8").replace(
        "</iati-activity>\n  <iati-activity", "\n  <iati-activity", 1
    )
    with pytest.raises(ImportValidationError) as err:
        await import_files(driver, database=database, fmt=ImportFormat.IATI, files=[("broken.xml", broken)])
    [problem] = err.value.problems
    assert problem.file == "broken.xml"
    assert problem.where.startswith("line ")
    assert "malformed XML: mismatched tag" in problem.message

    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><iati-activities>&a;</iati-activities>'
    with pytest.raises(ImportValidationError, match="refused unsafe XML"):
        await import_files(driver, database=database, fmt=ImportFormat.IATI, files=[("bomb.xml", bomb)])
    assert await snapshot(driver, database) == before
