"""Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) of sources, seeds and inputs, and their stored form."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from service.model.enums import DatePrecision

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to a precision; `first`/`last` are the first and last day of the period as ISO strings."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        return DatePrecision.MONTH if self.month is not None else DatePrecision.YEAR

    @property
    def first(self) -> str:
        return dt.date(self.year, self.month or 1, self.day or 1).isoformat()

    @property
    def last(self) -> str:
        if self.day is not None:
            return self.first
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1]).isoformat()

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_partial_date(value: object) -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD (str, int year or YAML date); raises ValueError saying why."""
    if isinstance(value, bool):
        raise ValueError(f"expected a date YYYY[-MM[-DD]], got {value!r}")
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date without a time, got {value.isoformat()!r}")
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        value = f"{value:04d}" if value >= 0 else str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected a date YYYY[-MM[-DD]], got {type(value).__name__}")
    match = _PARTIAL.match(value.strip())
    if match is None:
        raise ValueError(f"expected a date YYYY[-MM[-DD]], got {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern always captures the year
    if year < 1800:
        raise ValueError(f"year {year} is out of range (1800 or later)")
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} is out of range in {value!r}")
    if month is not None and day is not None:
        try:
            dt.date(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a calendar date ({exc})") from None
    return PartialDate(year, month, day)
