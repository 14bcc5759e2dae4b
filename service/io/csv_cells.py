"""Typed, problem-collecting access to one CSV row (empty cell = not given); headers checked per file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, TypeVar

from service.io.problems import ImportProblem
from service.model.dates import PartialDate, parse_partial_date
from service.seeding.models import Confidence

E = TypeVar("E", bound=StrEnum)
LIST_SEPARATOR = "|"
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class CellReader:
    """One CSV row: each failed check is recorded as an ImportProblem (file, line, column) and yields None."""

    def __init__(self, file: str, line: int, raw: Mapping[str, str | None], problems: list[ImportProblem]) -> None:
        self.file = file
        self.line = line
        self.raw = raw
        self.problems = problems

    @property
    def where(self) -> str:
        return f"line {self.line}"

    def error(self, column: str, message: str) -> None:
        self.problems.append(ImportProblem(self.file, self.where, column, message))

    def problem(self, column: str, message: str) -> ImportProblem:
        return ImportProblem(self.file, self.where, column, message)

    def place(self, column: str) -> tuple[str, str, str]:
        return (self.file, self.where, column)

    def cell(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None:
            return None
        value = value.strip()
        return value or None

    def str_(self, name: str, *, required: bool = False) -> str | None:
        value = self.cell(name)
        if value is None and required:
            self.error(name, "is required")
        return value

    def int_(self, name: str, *, allowed: range | frozenset[int] | None = None) -> int | None:
        value = self.cell(name)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            self.error(name, f"expected a whole number, got {show(value)}")
            return None
        if allowed is not None and number not in allowed:
            self.error(name, f"unknown code {number}; expected one of {', '.join(str(c) for c in sorted(allowed))}")
            return None
        return number

    def float_(self, name: str, *, maximum: float | None = None) -> float | None:
        value = self.cell(name)
        if value is None:
            return None
        try:
            number = float(value.replace("_", ""))
        except ValueError:
            self.error(name, f"expected a number, got {show(value)}")
            return None
        if number < 0 or (maximum is not None and number > maximum):
            bound = f"0..{maximum:g}" if maximum is not None else "0 or more"
            self.error(name, f"expected {bound}, got {value}")
            return None
        return number

    def bool_(self, name: str) -> bool | None:
        value = self.cell(name)
        if value is None:
            return None
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        self.error(name, f"expected true or false, got {show(value)}")
        return None

    def enum_(self, name: str, enum: type[E], *, required: bool = False) -> E | None:
        value = self.str_(name, required=required)
        if value is None:
            return None
        try:
            return enum(value.upper().replace(" ", "_").replace("-", "_"))
        except ValueError:
            self.error(name, f"unknown value {show(value)}; expected one of {', '.join(m.value for m in enum)}")
            return None

    def date_(self, name: str) -> PartialDate | None:
        value = self.cell(name)
        if value is None:
            return None
        try:
            return parse_partial_date(value)
        except ValueError as exc:
            self.error(name, str(exc))
            return None

    def list_(self, name: str) -> tuple[str, ...]:
        value = self.cell(name)
        if value is None:
            return ()
        return tuple(part.strip() for part in value.split(LIST_SEPARATOR) if part.strip())

    def provenance(self) -> dict[str, Any]:
        """confidence, notes and sources as stored (notes and sources: `|`-separated cells); None when empty."""
        confidence = self.enum_("confidence", Confidence)
        notes, sources = self.list_("notes"), self.list_("sources")
        return {
            "confidence": confidence.value if confidence else None,
            "notes": list(notes) if notes else None,
            "sources": list(sources) if sources else None,
        }


def read_rows(
    name: str, text: str, *, required: Sequence[str], optional: Sequence[str], problems: list[ImportProblem]
) -> list[CellReader]:
    """The rows of one staff CSV file after its header is checked (unknown and missing columns are problems)."""
    rows = _dict_rows(name, text, problems)
    if rows is None:
        return []
    header, records = rows
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required and c not in optional]
    for column in missing:
        problems.append(ImportProblem(name, "line 1", column, "required column is missing from the header"))
    for column in unknown:
        allowed = ", ".join([*required, *optional])
        problems.append(ImportProblem(name, "line 1", column, f"unknown column; the columns are: {allowed}"))
    if missing:
        return []
    return [CellReader(name, line, rec, problems) for line, rec in records]


def _dict_rows(
    name: str, text: str, problems: list[ImportProblem]
) -> tuple[list[str], list[tuple[int, dict[str, str | None]]]] | None:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        problems.append(ImportProblem(name, "line 1", "-", "the file is empty (expected a header line)"))
        return None
    except csv.Error as exc:
        problems.append(ImportProblem(name, "line 1", "-", f"not valid CSV: {exc}"))
        return None
    duplicates = sorted({h for h in header if header.count(h) > 1})
    for column in duplicates:
        problems.append(ImportProblem(name, "line 1", column, "column appears twice in the header"))
    records: list[tuple[int, dict[str, str | None]]] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                message = f"expected {len(header)} cells like the header, got {len(cells)}"
                problems.append(ImportProblem(name, f"line {line}", "-", message))
                continue
            records.append((line, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        problems.append(ImportProblem(name, f"line {reader.line_num}", "-", f"not valid CSV: {exc}"))
    return header, records


def read_table(
    name: str, text: str, problems: list[ImportProblem]
) -> tuple[list[str], list[tuple[int, dict[str, str | None]]]] | None:
    """Header and (line, cells) rows of a node or edge list; structural problems are recorded."""
    return _dict_rows(name, text, problems)


def typed_cell(value: str, col_type: str) -> Any:
    """The value of a node/edge-list cell of `col_type` (as export_formats.csv_cell wrote it); ValueError if not."""
    if col_type == "string":
        return value
    if col_type == "int":
        return int(value)
    if col_type == "float":
        return float(value)
    if col_type == "boolean":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise ValueError(f"expected true or false, got {show(value)}")
    if col_type.endswith("[]") or col_type == "json":
        from service.io.values import from_json

        try:
            decoded = from_json(json.loads(value))
        except json.JSONDecodeError as exc:
            raise ValueError(f"expected JSON ({exc.msg})") from None
        if col_type.endswith("[]") and not isinstance(decoded, list):
            raise ValueError(f"expected a JSON array, got {show(value)}")
        return decoded
    raise ValueError(f"unknown column type {col_type!r}")
