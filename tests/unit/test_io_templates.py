"""Import templates and reviews without a database: columns described from the registry, spreadsheet cells read as
CSV cells, and an import report rendered as a terminal review and as JSON."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console
from typer.testing import CliRunner

from service.cli.main import app
from service.io import spreadsheet
from service.io.models import FieldChange, ImportOutcome, ImportReport, RecordOutcome
from service.io.review import notices_table, records_table, report_json, summary_table
from service.io.spreadsheet import cell_text, plan_xlsx
from service.io.staff_rows import STAFF_KINDS
from service.io.template import columns, csv_template, xlsx_template
from service.model.graph import PROJECT
from service.seeding.errors import FileProblem


def test_template_columns_are_the_import_columns_described_by_the_registry() -> None:
    for kind, fmt in STAFF_KINDS.items():
        docs = columns(kind)
        assert {c.column for c in docs} == set(fmt.columns)
        assert [c.column for c in docs if c.required] == [c for c in fmt.columns if c in fmt.required]
        assert docs[0].column == "id"
    projects = {c.column: c for c in columns("projects")}
    budget = PROJECT.prop("budgetEur")
    assert budget is not None
    assert projects["budget_eur"].description == budget.description
    assert projects["budget_eur"].values == "a number, at least 0"
    assert projects["status"].values == "one of PLANNED, ACTIVE, COMPLETED, UNKNOWN"
    assert projects["start_date"].values == "YYYY, YYYY-MM or YYYY-MM-DD"
    assert projects["region_codes"].values.startswith("texts (<vocabulary>:<code>")
    assert projects["title"].required
    orgs = {c.column: c for c in columns("organisations")}
    assert orgs["ganhri_status"].description.endswith("Only for NHRI organisations.")
    assert orgs["country"].values == "one Country id (must exist)"
    participations = {c.column: c for c in columns("participations")}
    assert "Exactly one of project or programme per row." in participations["project"].description


def test_the_xlsx_template_has_a_sheet_per_kind_with_described_headers() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx_template()))
    assert book.sheetnames == [*STAFF_KINDS, "columns"]
    sheet = book["organisations"]
    header = [c.value for c in sheet[1]]
    assert header == [c.column for c in columns("organisations")]
    assert sheet.max_row == 1  # empty
    name = sheet.cell(row=1, column=header.index("name") + 1)
    assert name.font.bold
    assert name.comment is not None
    assert name.comment.text.startswith("Required. The name")
    described = list(book["columns"].iter_rows(min_row=2, values_only=True))
    assert described[header.index("kind")][:3] == ("organisations", "kind", "yes")


def test_the_csv_template_writes_header_lines_and_their_descriptions(tmp_path: Path) -> None:
    written = csv_template(tmp_path / "t")
    assert sorted(p.name for p in written) == sorted([*(f"{k}.csv" for k in STAFF_KINDS), "columns.md"])
    assert (tmp_path / "t" / "memberships.csv").read_text() == ",".join(c.column for c in columns("memberships")) + "\n"
    assert "| membership_status |  | How the organisation belongs." in (tmp_path / "t" / "columns.md").read_text()


def test_the_template_command(tmp_path: Path) -> None:
    out = tmp_path / "staff.xlsx"
    result = CliRunner().invoke(app, ["import", "template", "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "organisations"
    result = CliRunner().invoke(app, ["import", "template", "--format", "ods"])
    assert result.exit_code == 2


def test_spreadsheet_cells_read_as_csv_cells() -> None:
    assert cell_text(None) is None
    assert cell_text(True) == "true"
    assert cell_text(2016.0) == "2016"
    assert cell_text(0.25) == "0.25"
    assert cell_text(dt.datetime(2019, 5, 24)) == "2019-05-24"
    assert cell_text(dt.date(2019, 5, 24)) == "2019-05-24"
    assert cell_text(" BA ") == " BA "  # stripped later, as a CSV cell is


def test_a_report_reads_as_a_review() -> None:
    report = ImportReport(
        dry_run=True,
        records=(
            RecordOutcome("Organisation", "ba-moj", ImportOutcome.CHANGED,
                          (FieldChange("shortName", "MoJ", "MoJ BiH"), FieldChange("name", "Old", "New")), "New"),
            RecordOutcome("Project", "p1", ImportOutcome.CREATED, (FieldChange("title", None, "T"),), "T"),
            RecordOutcome("Country", "BA", ImportOutcome.UNCHANGED, (), "Bosnia and Herzegovina"),
        ),
        notices=(FileProblem("a.xml", "/x", "@code", "created from ISO 3166-1"),),
    )  # fmt: skip
    review = report_json(report)
    assert (review["created"], review["changed"], review["unchanged"]) == (1, 1, 1)
    changed = review["records"][0]
    assert changed["fields"] == ["shortName", "name"]
    assert [c["field"] for c in changed["changes"]] == ["name", "shortName"]  # the registry's order
    assert review["notices"] == [{"file": "a.xml", "where": "/x", "field": "@code",
                                  "message": "created from ISO 3166-1"}]  # fmt: skip
    console = Console(record=True, width=160)
    for table in (summary_table(report), records_table(report, verbose=False), notices_table(report)):
        assert table is not None
        console.print(table)
    text = console.export_text()
    assert "dry run: nothing was written" in text
    assert "MoJ BiH" in text
    assert "Old" in text
    assert "Bosnia and Herzegovina" not in text  # left alone: only counted unless verbose
    console = Console(record=True, width=160)
    console.print(records_table(report, verbose=True))
    assert "Bosnia and Herzegovina" in console.export_text()


def test_files_that_are_no_workbooks_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def zipped(name: str, text: str) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, text)
        return out.getvalue()

    entities = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Types>&a;</Types>'
    files = [("text.xlsx", b"id,name"), ("other.xlsx", zipped("a.txt", "hi")),
             ("entities.xlsx", zipped("[Content_Types].xml", entities))]  # fmt: skip
    plan = plan_xlsx(files)
    assert [(p.file, p.message.split(":")[0]) for p in plan.problems] == [
        (name, "not an Excel workbook (.xlsx)") for name, _ in files
    ]
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED", 1000)
    [problem] = plan_xlsx([("big.xlsx", zipped("a.txt", "x" * 5000))]).problems
    assert problem.message == "the workbook unpacks to 5,000 bytes; at most 1,000 are read"
