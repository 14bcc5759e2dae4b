"""Read the change log: an entity's history, and the entries after a seq (for subscriptions)."""

from __future__ import annotations

from neo4j import AsyncDriver

from service.changes import cypher
from service.changes.models import ChangeEvent
from service.core.errors import InvalidInputError
from service.db.driver import read

MAX_AUDIT_PAGE = 500


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
    """Changes touching `entity` (a global id; None for all) at or after `since` (an instant in the log's form,
    UTC with milliseconds, as the DateTime scalar gives it), newest first, at most `first`."""
    if not 1 <= first <= MAX_AUDIT_PAGE:
        raise InvalidInputError(f"first must be between 1 and {MAX_AUDIT_PAGE}", field="first")
    records = await read(
        driver,
        cypher.AUDIT_LOG,
        {"entity": entity, "since": since, "first": first, "canSeeSensitive": can_see_sensitive},
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
