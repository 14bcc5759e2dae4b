"""The Date and DateTime scalars: ISO 8601 strings, as the graph stores them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The Python types of Date and DateTime fields and arguments; SCALAR_MAP tells the schema how they read and write.
Date = NewType("Date", str)
DateTime = NewType("DateTime", str)


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


def serialize_datetime(value: Any) -> str:
    """Stored instants are ISO strings in UTC and pass as they are; a `datetime` is written in UTC."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="milliseconds")
    return str(value)


def parse_datetime(value: Any) -> str:
    """An input instant in the stored form (UTC, milliseconds); a date alone means its midnight UTC."""
    text = str(value).strip()
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"DateTime must be ISO 8601, e.g. 2026-01-31T12:00:00Z; got {text!r}") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).isoformat(timespec="milliseconds")


SCALAR_MAP: dict[object, ScalarDefinition] = {
    Date: strawberry.scalar(
        name="Date",
        description="A calendar date, ISO 8601 `YYYY-MM-DD`. Partial source dates are stored at the first day of "
        "their period for starts and the last day for ends; `<field>Precision` says how much the source gave.",
        serialize=serialize_date,
        parse_value=parse_date,
    ),
    DateTime: strawberry.scalar(
        name="DateTime",
        description="An instant, ISO 8601 with a time zone (answers are in UTC, e.g. 2026-01-31T12:00:00.000+00:00).",
        serialize=serialize_datetime,
        parse_value=parse_datetime,
    ),
}
