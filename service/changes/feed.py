"""Follow the change log across instances: poll Neo4j for the entries after the last seq seen."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from neo4j import AsyncDriver

from service.changes.models import ChangeEvent
from service.changes.repository import changes_after, last_seq
from service.core.errors import DatabaseUnavailableError

BATCH = 500


async def follow(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    after: int | None,
    interval_s: float,
    accept: Callable[[ChangeEvent], bool],
) -> AsyncIterator[ChangeEvent]:
    """Yield every accepted change with seq > `after` (None: from now on), oldest first, forever.

    Seqs are allocated under a lock in commit order (service/editing/cypher.py: LOCK), so reading `seq > last`
    never skips a committed change. A database outage pauses the feed; it resumes from the same seq when Neo4j
    answers again.
    """
    cursor = after if after is not None else await last_seq(driver, database=database, timeout_s=timeout_s)
    while True:
        try:
            batch = await changes_after(driver, database=database, timeout_s=timeout_s, after=cursor, limit=BATCH)
        except DatabaseUnavailableError:
            await asyncio.sleep(interval_s * 4)
            continue
        for event in batch:
            cursor = event.seq
            if accept(event):
                yield event
        if len(batch) < BATCH:
            await asyncio.sleep(interval_s)
