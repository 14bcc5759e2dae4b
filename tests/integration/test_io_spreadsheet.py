"""Spreadsheets: the import template filled with the seed files' own rows round-trips through an .xlsx import to the
very graph the seed loader wrote; problems name the file, the sheet and row, and the column."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from neo4j import AsyncDriver

from service.core.settings import REPO_ROOT
from service.io.imports import ImportFormat, import_files
from service.io.models import AUDIT_KEYS, IMPORT_META_KEYS, ImportOutcome
from service.io.problems import ImportValidationError
from service.io.spreadsheet import COLUMNS_SHEET
from service.io.template import xlsx_template
from tests.integration.test_io_roundtrip import snapshot

pytestmark = pytest.mark.integration

SEEDS = REPO_ROOT / "seeds"
BOOKKEEPING = AUDIT_KEYS | IMPORT_META_KEYS  # what an import moves by itself


def seed_rows() -> dict[str, list[dict[str, Any]]]:
    """The seed files' records of the four staff kinds, as the files hold them (memberships with their network)."""

    def load(stem: str) -> list[dict[str, Any]]:
        return list(yaml.safe_load((SEEDS / f"{stem}.yaml").read_text(encoding="utf-8"))[stem])

    members = [m | {"network": n["id"]} for n in load("networks") for m in n.get("members") or []]
    return {"organisations": load("organisations"), "projects": load("projects"),
            "participations": load("participations"), "memberships": members}  # fmt: skip


def cell(value: Any) -> Any:
    """A seed value as a person would type it in a spreadsheet cell."""
    if isinstance(value, list):
        return "|".join(str(v) for v in value) or None
    if isinstance(value, dt.date | bool | int | float | str) or value is None:
        return value
    raise AssertionError(f"unexpected seed value {value!r}")


def filled_template(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    """The import template (`partnernet import template --format xlsx`) with these rows in its sheets."""
    book = openpyxl.load_workbook(io.BytesIO(xlsx_template()))
    for kind, records in rows.items():
        sheet = book[kind]
        header = [c.value for c in sheet[1]]
        for record in records:
            assert set(record) - {"members"} <= set(header), f"{kind}: the template lacks a seed field"
            sheet.append([cell(record.get(column)) for column in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_template_filled_with_seed_rows_round_trips(
    writable_seeded_graph: AsyncDriver, database: str, tmp_path: Path
) -> None:
    driver = writable_seeded_graph
    rows = seed_rows()
    workbook = tmp_path / "seed-rows.xlsx"
    workbook.write_bytes(filled_template(rows))
    files: list[tuple[str, str | bytes]] = [(workbook.name, workbook.read_bytes())]
    seeded = await snapshot(driver, database, drop=BOOKKEEPING)

    # Into the seed graph itself: every row is exactly what the seed loader wrote.
    same = await import_files(driver, database=database, fmt=ImportFormat.XLSX, files=files, dry_run=True)
    assert same.count(ImportOutcome.CREATED) == same.count(ImportOutcome.CHANGED) == 0, [
        r for r in same.records if r.outcome is not ImportOutcome.UNCHANGED
    ][:5]
    assert {k: sum(c.values()) for k, c in same.by_kind().items() if k in ("Project", "Organisation")} == {
        "Project": len(rows["projects"]), "Organisation": len(rows["organisations"])
    }  # fmt: skip

    # With some records gone, the import brings them back as they were.
    for doomed in (
        "MATCH (x:Organisation) WHERE NOT EXISTS { (:Network)-[:OPERATED_BY|SUPPORTED_BY]->(x) } "
        "AND EXISTS { (x)-[:MEMBER_OF]->() } AND EXISTS { (x)-[:PARTICIPATES_IN]->() }",
        "MATCH (x:Project) WHERE NOT EXISTS { (:Network)-[:FORMED_IN]->(x) } AND EXISTS { (x)-[:PART_OF]->() }",
    ):  # members of networks taking part in projects (those with sub-units first); projects of programmes
        gone = await driver.execute_query(
            doomed + " WITH x ORDER BY COUNT { (x)<-[:SUBUNIT_OF]-() } DESC, x.id LIMIT 3 DETACH DELETE x "
            "RETURN count(*) AS n", database_=database,
        )  # fmt: skip
        assert gone.records[0]["n"] == 3
    report = await import_files(driver, database=database, fmt=ImportFormat.XLSX, files=files)
    created = {k: c[ImportOutcome.CREATED] for k, c in report.by_kind().items()}
    assert created["Organisation"] == created["Project"] == 3
    assert created["PARTICIPATES_IN"] > 6
    assert created["MEMBER_OF"] >= 3
    assert created["SUBUNIT_OF"] >= 1
    assert report.count(ImportOutcome.CHANGED) == 0
    assert await snapshot(driver, database, drop=BOOKKEEPING) == seeded

    again = await import_files(driver, database=database, fmt=ImportFormat.XLSX, files=files)
    assert again.count(ImportOutcome.CREATED) == again.count(ImportOutcome.CHANGED) == 0


async def test_workbook_problems_name_the_sheet_row_and_column(
    writable_seeded_graph: AsyncDriver, database: str
) -> None:
    driver = writable_seeded_graph
    book = openpyxl.load_workbook(io.BytesIO(xlsx_template()))
    orgs = book["organisations"]
    header = [c.value for c in orgs[1]]
    orgs.append([{"name": "Fine CSO", "kind": "civil society", "country": "BA", "sensitive": False}.get(h)
                 for h in header])  # fmt: skip
    orgs.append([{"name": "Bad kind", "kind": "GOVERNMENTAL", "iati_org_type": 12.5}.get(h) for h in header])
    book.create_sheet("budgets").append(["a", "b"])
    assert COLUMNS_SHEET in book.sheetnames  # the template's descriptions are not read
    out = io.BytesIO()
    book.save(out)
    before = await snapshot(driver, database)
    with pytest.raises(ImportValidationError) as err:
        await import_files(driver, database=database, fmt=ImportFormat.XLSX, files=[("staff.xlsx", out.getvalue())])
    got = {(p.file, p.where, p.field): p.message for p in err.value.problems}
    assert got[("staff.xlsx", "organisations row 3", "kind")].endswith("got 'GOVERNMENTAL'")
    assert got[("staff.xlsx", "organisations row 3", "iati_org_type")] == "expected a whole number, got '12.5'"
    assert got[("staff.xlsx", "budgets", "-")].startswith("unknown sheet; the sheets are: organisations, projects")
    assert len(got) == 3  # row 2 is fine: an enum forgiven its case and space, a real boolean cell
    assert await snapshot(driver, database) == before

    with pytest.raises(ImportValidationError, match="not an Excel workbook"):
        await import_files(driver, database=database, fmt=ImportFormat.XLSX, files=[("x.xlsx", b"not a zip")])
