"""Empty import templates (an .xlsx workbook, or a folder of CSV files) whose columns say what they hold: the
registry's descriptions, allowed values and formats, so a property added to the registry is in the next template."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from service.io.csv_cells import LIST_SEPARATOR
from service.io.spreadsheet import COLUMNS_SHEET, new_workbook, workbook_bytes, write_sheet
from service.io.staff_rows import STAFF_KINDS
from service.model.catalog import KINDS
from service.model.graph import ORGANISATION, PROVENANCE
from service.model.ids import KEY_HELP
from service.model.spec import Partial, Prop, Scalar, Shape
from service.seeding.records import RecordFormat

_ID_HELP: Final = {
    "organisations": "The organisation's id; empty: <country>-<slug of short_name or name>.",
    "projects": "The project's id; empty: iati-<slug of iati_identifier>, or a slug of the title.",
    "participations": "The participation's id; empty: <org>--<role>--<project or programme>.",
    "memberships": "The membership's id; empty: <org>--member-of--<network>.",
}


@dataclass(frozen=True)
class ColumnDoc:
    """One column of a staff file: its name, whether every row must fill it, what it means, what it takes."""

    column: str
    required: bool
    description: str
    values: str


def _number(p: Prop) -> str:
    word = "a whole number" if p.type is Scalar.INT else "a number"
    if p.minimum is not None and p.maximum is not None:
        return f"{word} from {p.minimum:g} to {p.maximum:g}"
    if p.minimum is not None:
        return f"{word}, at least {p.minimum:g}"
    return word


def prop_values(p: Prop) -> str:
    """What a cell of property `p` takes, as a template says it."""
    match p.type:
        case Scalar.ENUM:
            assert p.enum is not None  # ENUM properties name their enum
            return "one of " + ", ".join(m.value for m in p.enum)
        case Scalar.DATE:
            return "YYYY, YYYY-MM or YYYY-MM-DD" if p.partial is not None else "YYYY-MM-DD"
        case Scalar.BOOL:
            return "true or false"
        case Scalar.INT | Scalar.FLOAT:
            return _number(p)
        case Scalar.URL_LIST:
            return f"http(s) URLs, separated by {LIST_SEPARATOR}"
        case Scalar.STRING_LIST:
            item = f" ({p.pattern_help})" if p.pattern_help else ""
            return f"texts{item}, separated by {LIST_SEPARATOR}"
    return p.pattern_help or f"text, at most {p.max_length} characters"


def _only(fmt: RecordFormat, p: Prop) -> str:
    """` (only NHRI organisations)` for a property some organisation kinds have and others not."""
    if fmt.owner != ORGANISATION:
        return ""
    having = [k.kind_value or k.name for k in KINDS if k.prop(p.name)]
    return "" if len(having) == len(KINDS) else f" Only for {', '.join(having)} organisations."


def columns(kind: str) -> list[ColumnDoc]:
    """The columns of the staff file of `kind` (a key of STAFF_KINDS): the id, the required ones, the others,
    provenance last."""
    fmt = STAFF_KINDS[kind]
    out = [ColumnDoc("id", False, _ID_HELP[kind], KEY_HELP)]
    for name, p in fmt.fields.items():
        end = ""
        if p.partial is Partial.END:
            end = " A partial date stands for the last day of its year or month."
        out.append(ColumnDoc(name, name in fmt.required, p.description + _only(fmt, p) + end, prop_values(p)))
    for link in fmt.links:
        one = link.rel.shape is Shape.ONE
        values = f"one {link.rel.target} id" if one else f"{link.rel.target} ids, separated by {LIST_SEPARATOR}"
        out.append(ColumnDoc(link.field, False, link.rel.description, values + " (must exist)"))
    for end_ in (fmt.source, *fmt.targets):
        if end_ is None:
            continue
        choice = len(fmt.targets) > 1 and end_ in fmt.targets
        what = " or ".join(t.field for t in fmt.targets) if choice else end_.field
        note = f" Exactly one of {what} per row." if choice else ""
        out.append(ColumnDoc(end_.field, end_.field in fmt.required, f"The {end_.type.lower()} it belongs to.{note}",
                             f"one {end_.type} id (must exist)"))  # fmt: skip
    rank = dict.fromkeys((p.name for p in PROVENANCE), 3)
    return sorted(out, key=lambda c: 0 if c.column == "id" else 1 if c.required else rank.get(c.column, 2))


def _note(c: ColumnDoc) -> str:
    return f"{'Required. ' if c.required else ''}{c.description}\nValues: {c.values}"


def xlsx_template() -> bytes:
    """An empty workbook: a sheet per kind of staff record (header row only; required columns bold, each header
    with its description as a comment) and a `columns` sheet describing every column."""
    book = new_workbook()
    described: list[list[str]] = []
    for kind in STAFF_KINDS:
        docs = columns(kind)
        write_sheet(book.create_sheet(kind), [c.column for c in docs], [], notes=[_note(c) for c in docs],
                    bold=[c.required for c in docs])  # fmt: skip
        described += [[kind, c.column, "yes" if c.required else "", c.description, c.values] for c in docs]
    write_sheet(book.create_sheet(COLUMNS_SHEET), ["sheet", "column", "required", "description", "values"], described)
    return workbook_bytes(book)


def _markdown(rows: Iterable[ColumnDoc]) -> str:
    lines = ["| column | required | description | values |", "|---|---|---|---|"]
    for c in rows:
        cells = (c.column, "yes" if c.required else "", c.description, c.values)
        lines.append("| " + " | ".join(x.replace("|", "\\|") for x in cells) + " |")
    return "\n".join(lines)


def csv_template(folder: Path) -> list[Path]:
    """Write `<kind>.csv` (the header line only) for every kind of staff record, and `columns.md` describing the
    columns (not read by `partnernet import csv`, which takes *.csv); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    parts = ["# Import template columns", "", "Generated by `partnernet import template --format csv` from the model."]
    for kind in STAFF_KINDS:
        docs = columns(kind)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([c.column for c in docs])
        path = folder / f"{kind}.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        written.append(path)
        parts += ["", f"## {kind}.csv", "", _markdown(docs)]
    notes = folder / "columns.md"
    notes.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return [*written, notes]
