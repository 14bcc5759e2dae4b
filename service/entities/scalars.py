"""The Date scalar: ISO dates as the graph stores them (`YYYY-MM-DD` strings, whose lexical order is date order)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The Python type of Date fields and arguments; SCALAR_MAP tells the schema how it reads and writes.
Date = NewType("Date", str)


def serialize_date(value: Any) -> str:
    """Stored dates are ISO strings already and pass as they are; a `datetime.date` is formatted."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def parse_date(value: Any) -> str:
    """An input date as the ISO string the graph compares against; rejects anything but a real YYYY-MM-DD."""
    text = str(value)
    if not _ISO_DATE.match(text):
        raise ValueError(f"Date must be YYYY-MM-DD; got {text!r}")
    dt.date.fromisoformat(text)  # rejects 2024-02-30
    return text


SCALAR_MAP: dict[object, ScalarDefinition] = {
    Date: strawberry.scalar(
        name="Date",
        description="A calendar date, ISO 8601 `YYYY-MM-DD`. Partial source dates are stored at the first day of "
        "their period for starts and the last day for ends; the precision is in the record's notes.",
        serialize=serialize_date,
        parse_value=parse_date,
    )
}
