"""CSV files (and spreadsheets' sheets) as rows of cells (header checked, every structural problem named by file,
line and column), and cell text as the Python value a property of the registry takes: the registry's rules then
check it (values.py)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from service.io.encoding import from_json
from service.model.spec import Prop, Scalar
from service.seeding.errors import FileProblem

LIST_SEPARATOR = "|"
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})

Table = tuple[list[str], list[tuple[int, dict[str, str | None]]]]


def show(value: object) -> str:
    """A value as an error message quotes it (at most 60 characters)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def boolean(text: str) -> bool:
    """`true`/`yes`/`1` or `false`/`no`/`0`, any case; ValueError otherwise."""
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise ValueError(f"expected true or false, got {show(text)}")


def cell_value(prop: Prop, text: str) -> Any:
    """The value a staff file's cell gives `prop`: numbers, flags and `|`-separated lists parsed, enumeration
    values forgiven their case and `-`/space for `_`; ValueError saying why a cell cannot be one."""
    match prop.type:
        case Scalar.INT:
            try:
                return int(text)
            except ValueError:
                raise ValueError(f"expected a whole number, got {show(text)}") from None
        case Scalar.FLOAT:
            try:
                return float(text.replace("_", ""))
            except ValueError:
                raise ValueError(f"expected a number, got {show(text)}") from None
        case Scalar.BOOL:
            return boolean(text)
        case Scalar.ENUM:
            return text.upper().replace(" ", "_").replace("-", "_")
        case Scalar.STRING_LIST | Scalar.URL_LIST:
            return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
    return text


class Row:
    """One row of a CSV file or a spreadsheet: `line` is its line (row) number, `place` what it is a number of
    (`line`, or `organisations row` in a workbook); problems are appended to `problems`."""

    def __init__(
        self, file: str, line: int, raw: Mapping[str, str | None], problems: list[FileProblem], place: str = "line"
    ) -> None:
        self.file = file
        self.line = line
        self.raw = raw
        self.problems = problems
        self.at = place

    @property
    def where(self) -> str:
        return f"{self.at} {self.line}"

    def error(self, column: str, message: str) -> None:
        self.problems.append(self.problem(column, message))

    def problem(self, column: str, message: str) -> FileProblem:
        return FileProblem(self.file, self.where, column, message)

    def place(self, column: str) -> tuple[str, str, str]:
        return (self.file, self.where, column)

    def cell(self, name: str) -> str | None:
        """The cell's text, stripped; None when the column is absent or the cell empty (not given)."""
        value = self.raw.get(name)
        if value is None:
            return None
        return value.strip() or None

    def values(self, fields: Mapping[str, Prop]) -> dict[str, Any]:
        """The given cells of these property columns as values (a cell that is no value is reported)."""
        out: dict[str, Any] = {}
        for name, prop in fields.items():
            text = self.cell(name)
            if text is None:
                continue
            try:
                out[name] = cell_value(prop, text)
            except ValueError as exc:
                self.error(name, str(exc))
        return out

    def ids(self, name: str) -> list[str]:
        """A `|`-separated list of ids."""
        text = self.cell(name)
        return [] if text is None else [p.strip() for p in text.split(LIST_SEPARATOR) if p.strip()]


def read_table(name: str, text: str, problems: list[FileProblem]) -> Table | None:
    """Header and (line, cells) rows of a CSV file; structural problems (bad CSV, a row with the wrong number of
    cells, a column named twice) are recorded. None when there is not even a header."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        problems.append(FileProblem(name, "line 1", "-", "the file is empty (expected a header line)"))
        return None
    except csv.Error as exc:
        problems.append(FileProblem(name, "line 1", "-", f"not valid CSV: {exc}"))
        return None
    for column in sorted({h for h in header if header.count(h) > 1}):
        problems.append(FileProblem(name, "line 1", column, "column appears twice in the header"))
    records: list[tuple[int, dict[str, str | None]]] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                message = f"expected {len(header)} cells like the header, got {len(cells)}"
                problems.append(FileProblem(name, f"line {line}", "-", message))
                continue
            records.append((line, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        problems.append(FileProblem(name, f"line {reader.line_num}", "-", f"not valid CSV: {exc}"))
    return header, records


def table_rows(
    name: str, table: Table | None, *, required: Sequence[str], optional: Sequence[str], problems: list[FileProblem],
    place: str = "line",
) -> list[Row]:  # fmt: skip
    """The rows of one staff table after its header is checked (unknown and missing columns are problems)."""
    if table is None:
        return []
    header, records = table
    missing = [c for c in required if c not in header]
    for column in missing:
        problems.append(FileProblem(name, f"{place} 1", column, "required column is missing from the header"))
    for column in (c for c in header if c not in required and c not in optional):
        allowed = ", ".join([*required, *optional])
        problems.append(FileProblem(name, f"{place} 1", column, f"unknown column; the columns are: {allowed}"))
    if missing:
        return []
    return [Row(name, line, rec, problems, place) for line, rec in records]


def typed_cell(value: str, col_type: str) -> Any:
    """The value of a node/edge-list cell of `col_type` (as export_formats.csv_cell wrote it); ValueError if not."""
    if col_type == "string":
        return value
    if col_type == "int":
        return int(value)
    if col_type == "float":
        return float(value)
    if col_type == "boolean":
        return boolean(value)
    if col_type.endswith("[]") or col_type == "json":
        try:
            decoded = from_json(json.loads(value))
        except json.JSONDecodeError as exc:
            raise ValueError(f"expected JSON ({exc.msg})") from None
        if col_type.endswith("[]") and not isinstance(decoded, list):
            raise ValueError(f"expected a JSON array, got {show(value)}")
        return decoded
    raise ValueError(f"unknown column type {col_type!r}")
