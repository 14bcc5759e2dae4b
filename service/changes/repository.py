"""Read the change log: an entity's history, and the entries after a seq (for subscriptions)."""

from __future__ import annotations

import datetime as dt

from neo4j import AsyncDriver

from service.changes import cypher
from service.changes.models import ChangeEvent
from service.db.driver import read
from service.core.errors import InvalidInputError

MAX_AUDIT_PAGE = 500


def normalise_since(value: str | None) -> str | None:
    """An ISO date or date-time as the log's UTC form (`2026-01-31T00:00:00.000+00:00`); None passes."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInputError(f"since: {value!r} is not an ISO date or date-time", field="since") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC).isoformat(timespec="milliseconds")


async def list_changes(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    entity: str | None,
    since: str | None,
    first: int,
    can_see_sensitive: bool,
) -> list[ChangeEvent]:
    """Changes touching `entity` (a global id; None for all) at or after `since`, newest first, at most `first`."""
    if not 1 <= first <= MAX_AUDIT_PAGE:
        raise InvalidInputError(f"first must be between 1 and {MAX_AUDIT_PAGE}", field="first")
    records = await read(
        driver,
        cypher.AUDIT_LOG,
        {"entity": entity, "since": normalise_since(since), "first": first, "canSeeSensitive": can_see_sensitive},
        database=database,
        timeout_s=timeout_s,
    )
    return [ChangeEvent.from_record(r["event"]) for r in records]


async def changes_after(
    driver: AsyncDriver, *, database: str, timeout_s: float, after: int, limit: int = 500
) -> list[ChangeEvent]:
    """Every change with seq > `after`, oldest first, at most `limit` (unfiltered: callers filter)."""
    records = await read(
        driver, cypher.CHANGES_AFTER, {"after": after, "limit": limit}, database=database, timeout_s=timeout_s
    )
    return [ChangeEvent.from_record(r["event"]) for r in records]


async def last_seq(driver: AsyncDriver, *, database: str, timeout_s: float) -> int:
    """The seq of the newest change (0 when none)."""
    records = await read(driver, cypher.LAST_SEQ, database=database, timeout_s=timeout_s)
    return int(records[0]["value"])
