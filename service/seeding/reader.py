"""Typed, error-collecting access to one raw seed record (the validator's field readers)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from service.model.dates import PartialDate, parse_partial_date
from service.seeding.errors import SeedError
from service.seeding.models import Confidence, Provenance

E = TypeVar("E", bound=StrEnum)


class RecordReader:
    """Typed access to one raw record; each failed check is recorded as a SeedError and yields None."""

    def __init__(self, file: str, index: int, raw: Mapping[str, Any], errors: list[SeedError]) -> None:
        self.file = file
        self.raw = raw
        self.errors = errors
        rid = raw.get("id")
        self.key = rid if isinstance(rid, str) and rid else f"#{index}"
        self.seen: set[str] = set()

    def error(self, fieldname: str, message: str) -> None:
        self.errors.append(SeedError(self.file, self.key, fieldname, message))

    def _get(self, name: str, required: bool) -> Any:
        self.seen.add(name)
        value = self.raw.get(name)
        if value is None and required:
            self.error(name, "is required")
        return value

    def str_(self, name: str, *, required: bool = False) -> str | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(name, f"expected a non-empty text, got {show(value)}")
            return None
        return value

    def int_(self, name: str, *, required: bool = False) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(name, f"expected a whole number, got {show(value)}")
            return None
        return value

    def float_(self, name: str, *, minimum: float = 0.0) -> float | None:
        value = self._get(name, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(name, f"expected a number, got {show(value)}")
            return None
        if value < minimum:
            self.error(name, f"must be at least {minimum}, got {value}")
            return None
        return float(value)

    def bool_(self, name: str, *, required: bool = False) -> bool | None:
        value = self._get(name, required)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.error(name, f"expected true or false, got {show(value)}")
            return None
        return value

    def enum_(self, name: str, enum: type[E], *, required: bool = False) -> E | None:
        value = self._get(name, required)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.error(name, f"unknown value {show(value)}; expected one of {allowed}")
            return None

    def date_(self, name: str) -> PartialDate | None:
        value = self._get(name, False)
        if value is None:
            return None
        try:
            return parse_partial_date(value)
        except ValueError as exc:
            self.error(name, str(exc))
            return None

    def strs(self, name: str) -> tuple[str, ...]:
        value = self._get(name, False)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(name, f"expected a list, got {show(value)}")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.error(f"{name}[{i}]", f"expected a non-empty text, got {show(item)}")
            else:
                out.append(item)
        return tuple(out)

    def provenance(self) -> Provenance:
        conf = self.enum_("confidence", Confidence) or Confidence.HIGH
        return Provenance(confidence=conf, notes=self.strs("notes"), sources=self.strs("sources"))

    def finish(self) -> None:
        for name in sorted(set(self.raw) - self.seen):
            self.error(name, "unknown field (see seeds/README.md for the fields of this file)")


def show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_range(rec: RecordReader, first: PartialDate | None, last: PartialDate | None, name: str) -> None:
    if first is not None and last is not None and last.last < first.first:
        rec.error(name, f"{last} is before {first}")


class PrefixedReader(RecordReader):
    """A nested mapping whose errors name the field as `outer.inner`."""

    def __init__(self, inner: RecordReader, prefix: str) -> None:
        super().__init__(inner.file, 0, inner.raw, inner.errors)
        self.key = inner.key
        self.prefix = prefix

    def error(self, fieldname: str, message: str) -> None:
        super().error(self.prefix + fieldname, message)
