"""Excel workbooks (.xlsx): one sheet per kind of staff record, with the CSV files' columns; read into the same
rows the CSV import plans (service/io/staff_rows.py), so every value meets the same rules.

openpyxl reads the workbook's XML through defusedxml when it is installed (it is: the IATI reader needs it); the
archive's unpacked size is checked first, so a small file cannot unpack into gigabytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any, Final

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from service.io.csv_cells import Table
from service.io.importer import ImportPlan
from service.io.staff_rows import STAFF_KINDS, plan_staff_table
from service.seeding.errors import FileProblem

MAX_UNPACKED = 200 * 1024 * 1024  # bytes a workbook may unpack to
# The template's sheet that describes the columns: the import skips it.
COLUMNS_SHEET: Final = "columns"
_SHEETS: Final = ", ".join(STAFF_KINDS)


def cell_text(value: Any) -> str | None:
    """A spreadsheet cell as the text a CSV cell would hold: flags `true`/`false`, whole numbers without `.0`,
    dates `YYYY-MM-DD`; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _sheet_table(name: str, sheet: str, ws: Any, problems: list[FileProblem]) -> Table | None:
    """Header and (row number, cells) rows of one sheet; a value right of the last named column is a problem."""
    rows = ws.iter_rows(values_only=True)
    first = next(rows, None)
    header = [(cell_text(c) or "").strip() for c in first or ()]
    while header and not header[-1]:
        header.pop()
    if not header:
        problems.append(FileProblem(name, f"{sheet} row 1", "-", "the sheet is empty (expected a header row)"))
        return None
    for column in sorted({h for h in header if header.count(h) > 1}):
        problems.append(FileProblem(name, f"{sheet} row 1", column, "column appears twice in the header"))
    records: list[tuple[int, dict[str, str | None]]] = []
    for number, cells in enumerate(rows, start=2):
        texts = [cell_text(c) for c in cells]
        if not any(t and t.strip() for t in texts):
            continue
        extra = [t for t in texts[len(header) :] if t and t.strip()]
        if extra:
            problems.append(FileProblem(name, f"{sheet} row {number}", "-", f"a value right of the last column "
                                        f"({header[-1]}): {extra[0]!r}"))  # fmt: skip
            continue
        texts += [None] * (len(header) - len(texts))
        records.append((number, dict(zip(header, texts[: len(header)], strict=True))))
    return header, records


def _open(name: str, data: bytes, problems: list[FileProblem]) -> Any:
    """The workbook, or None after a problem saying why it cannot be read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED:
            problems.append(FileProblem(name, "-", "-", f"the workbook unpacks to {unpacked:,} bytes; at most "
                                        f"{MAX_UNPACKED:,} are read"))  # fmt: skip
            return None
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        problems.append(FileProblem(name, "-", "-", f"not an Excel workbook (.xlsx): {exc}"))
        return None


def plan_xlsx(files: Sequence[tuple[str, bytes]]) -> ImportPlan:
    """Plan every workbook (name, bytes): sheets `organisations`, `projects`, `participations`, `memberships`
    (any case) read as the CSV files of those names; problems name the file, `<sheet> row N` and the column."""
    plan = ImportPlan(sources=[name for name, _ in files])
    for name, data in files:
        book = _open(name, data, plan.problems)
        if book is None:
            continue
        sheets: dict[str, str] = {}
        for title in book.sheetnames:
            kind = title.strip().lower()
            if kind in STAFF_KINDS:
                sheets[kind] = title
            elif kind != COLUMNS_SHEET:
                plan.problems.append(FileProblem(name, title, "-", f"unknown sheet; the sheets are: {_SHEETS} (and "
                                                 f"{COLUMNS_SHEET!r}, which is not read)"))  # fmt: skip
        for kind in (k for k in STAFF_KINDS if k in sheets):
            title = sheets[kind]
            table = _sheet_table(name, title, book[title], plan.problems)
            plan_staff_table(kind, name, table, plan, place=f"{title} row")
        book.close()
    return plan


def write_sheet(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[Any]], *,
                notes: Sequence[str] = (), bold: Sequence[bool] = ()) -> None:  # fmt: skip
    """Fill a sheet: a header row (bold where `bold` says, each with its `notes` as a comment), frozen, then the
    rows; columns as wide as their header or widest cell (within reason)."""
    ws.append(list(header))
    for i, column in enumerate(header, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=bool(bold[i - 1]) if i <= len(bold) else True)
        if i <= len(notes) and notes[i - 1]:
            cell.comment = Comment(notes[i - 1], "partnernet", width=320, height=160)
        widest = max([len(column), *(len(str(r[i - 1])) for r in rows if i <= len(r) and r[i - 1] is not None)])
        ws.column_dimensions[get_column_letter(i)].width = min(max(widest + 2, 10), 60)
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "A2"


def new_workbook() -> openpyxl.Workbook:
    """An empty workbook (its default sheet removed)."""
    book = openpyxl.Workbook()
    if book.active is not None:
        book.remove(book.active)
    return book


def workbook_bytes(book: openpyxl.Workbook) -> bytes:
    """The workbook as an .xlsx file."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
