"""Follow the change log across instances: one poller per driver and database reads the entries after the last
seq seen and hands each batch to every subscriber, so 200 subscribers cost Neo4j what one does."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncDriver

from service.changes.models import ChangeEvent
from service.changes.repository import changes_after, last_seq
from service.core.errors import DatabaseUnavailableError

log = logging.getLogger("partnernet.changes")

BATCH = 500
# Batches a subscriber may have waiting; one that falls further behind reads what it missed from Neo4j itself.
QUEUE = 64


@dataclass(frozen=True)
class _Batch:
    """The changes with `after` < seq <= `upto`, oldest first."""

    after: int
    upto: int
    events: tuple[ChangeEvent, ...]


@dataclass(eq=False)
class _Subscriber:
    queue: asyncio.Queue[_Batch] = field(default_factory=lambda: asyncio.Queue(QUEUE))
    behind: bool = False  # batches were dropped: it reads from Neo4j until it is back


class ChangeHub:
    """The one poller of a driver and database, running while anyone subscribes (see the module docstring)."""

    def __init__(self, driver: AsyncDriver, *, database: str, timeout_s: float, interval_s: float) -> None:
        self.driver = driver
        self.database = database
        self.timeout_s = timeout_s
        self.interval_s = interval_s
        self.subscribers: set[_Subscriber] = set()
        self.cursor: int | None = None  # the last seq handed out; None while no poller runs
        self.polls = 0
        self.on_subscribers: Callable[[int], None] | None = None  # told the count whenever it changes
        self._task: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()

    async def follow(self, *, after: int | None, accept: Callable[[ChangeEvent], bool]) -> AsyncIterator[ChangeEvent]:
        """Yield every accepted change with seq > `after` (None: from now on), oldest first, forever.

        Seqs are allocated under a lock in commit order (service/editing/cypher.py: LOCK), so reading `seq > last`
        never skips a committed change. A database outage pauses the feed; it resumes from the same seq when
        Neo4j answers again."""
        sub = _Subscriber()
        position, now = await self._join(sub, after)
        try:
            async for event in self._read(position, now):  # a resumed subscription's backlog
                position = event.seq
                if accept(event):
                    yield event
            position = max(position, now)
            while True:
                if sub.behind and sub.queue.empty():
                    sub.behind = False
                    async for event in self._read(position, self.cursor or position):
                        position = event.seq
                        if accept(event):
                            yield event
                    continue
                batch = await sub.queue.get()
                if batch.after > position:  # it resumed from an older seq, or batches were dropped
                    async for event in self._read(position, batch.after):
                        position = event.seq
                        if accept(event):
                            yield event
                for event in batch.events:
                    if event.seq > position:
                        position = event.seq
                        if accept(event):
                            yield event
                position = max(position, batch.upto)
        finally:
            self._leave(sub)

    async def _join(self, sub: _Subscriber, after: int | None) -> tuple[int, int]:
        """Register `sub` (starting the poller if needed); (the seq it starts after, the poller's seq now)."""
        async with self._starting:
            latest = await last_seq(self.driver, database=self.database, timeout_s=self.timeout_s)
            # No poller yet, or the log restarted below the poller's seq (a restored backup, a wiped graph): the
            # poller follows the log as it is now, or it would wait for seqs that never come.
            if self.cursor is None or latest < self.cursor:
                self.cursor = latest
            self.subscribers.add(sub)
            if self._task is None or self._task.done():
                self._task = asyncio.create_task(self._poll(), name="partnernet-change-poller")
            self._told()
            return (after if after is not None else self.cursor), self.cursor

    def _leave(self, sub: _Subscriber) -> None:
        self.subscribers.discard(sub)
        self._told()

    def _told(self) -> None:
        if self.on_subscribers is not None:
            self.on_subscribers(len(self.subscribers))

    async def _read(self, after: int, upto: int) -> AsyncIterator[ChangeEvent]:
        """The changes with `after` < seq <= `upto` read from Neo4j for one subscriber (waiting out outages)."""
        while after < upto:
            try:
                batch = await changes_after(
                    self.driver, database=self.database, timeout_s=self.timeout_s, after=after, limit=BATCH
                )
            except DatabaseUnavailableError:
                await asyncio.sleep(self.interval_s * 4)
                continue
            if not batch:
                return
            for event in batch:
                if event.seq > upto:
                    return
                after = event.seq
                yield event

    async def _poll(self) -> None:
        """Read new changes and hand them out, until the last subscriber leaves."""
        try:
            while self.subscribers:
                assert self.cursor is not None  # set by `_join` before this task starts
                try:
                    self.polls += 1
                    batch = await changes_after(
                        self.driver, database=self.database, timeout_s=self.timeout_s, after=self.cursor, limit=BATCH
                    )
                except DatabaseUnavailableError:
                    await asyncio.sleep(self.interval_s * 4)
                    continue
                except Exception:  # the poller outlives a bad round; its subscribers wait for the next
                    log.exception("change poll failed")
                    await asyncio.sleep(self.interval_s * 4)
                    continue
                if batch:
                    self._hand_out(_Batch(self.cursor, batch[-1].seq, tuple(batch)))
                if len(batch) < BATCH:
                    await asyncio.sleep(self.interval_s)
        finally:
            # Nobody listens: the next subscriber starts from the log's end again ("from now on" means now).
            self.cursor = None

    def _hand_out(self, batch: _Batch) -> None:
        self.cursor = batch.upto
        for sub in self.subscribers:
            if sub.behind:
                continue
            try:
                sub.queue.put_nowait(batch)
            except asyncio.QueueFull:
                sub.behind = True

    async def close(self) -> None:
        """Stop the poller (subscribers still iterating wait for a next poller)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None


_HUBS: weakref.WeakKeyDictionary[Any, dict[str, ChangeHub]] = weakref.WeakKeyDictionary()


def hub_for(driver: AsyncDriver, *, database: str, timeout_s: float, interval_s: float) -> ChangeHub:
    """The ChangeHub of `driver` and `database`, made on first use (the service has one driver per process, so
    one poller per process)."""
    hubs = _HUBS.setdefault(driver, {})
    hub = hubs.get(database)
    if hub is None:
        hub = hubs[database] = ChangeHub(driver, database=database, timeout_s=timeout_s, interval_s=interval_s)
    return hub


def follow(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    after: int | None,
    interval_s: float,
    accept: Callable[[ChangeEvent], bool],
) -> AsyncIterator[ChangeEvent]:
    """Every accepted change with seq > `after` (None: from now on), oldest first, forever, from the one poller
    of `driver` and `database` (ChangeHub.follow)."""
    hub = hub_for(driver, database=database, timeout_s=timeout_s, interval_s=interval_s)
    return hub.follow(after=after, accept=accept)
