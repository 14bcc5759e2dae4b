"""One change poller per process: 200 subscribers cost Neo4j what one does (one statement per poll round), and every
one of them receives each change. Counted on the real driver; no timing is asserted."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest
from neo4j import AsyncDriver

from service.auth.repository import create_token
from service.changes.feed import ChangeHub
from service.changes.models import ChangeEvent
from service.core.settings import Settings
from service.model.enums import TokenRole
from tests.asgi import running
from tests.conftest import make_test_settings
from tests.integration.counting import CountingDriver

pytestmark = pytest.mark.integration

ROUNDS = 10


async def _until(check: Any) -> None:
    """Wait (at most 30 s) until `check()` holds."""
    async with asyncio.timeout(30):
        while not check():  # noqa: ASYNC110 - the hub has no event to wait on; this polls its counters
            await asyncio.sleep(0.01)


async def _statements_per_round(hub: ChangeHub, counting: CountingDriver) -> tuple[int, int]:
    """(statements sent, poll rounds) over the next ROUNDS rounds of the hub's poller."""
    statements, polls = len(counting.statements), hub.polls
    await _until(lambda: hub.polls >= polls + ROUNDS)
    # A round's statement is counted before its round number moves on: stop at a round's boundary.
    done_polls = hub.polls
    return len(counting.statements) - statements, done_polls - polls


@pytest.mark.parametrize("subscribers", [1, 200])
async def test_subscribers_share_one_poller_and_each_receives_every_change(
    clean_graph: AsyncDriver, database: str, settings: Settings, subscribers: int
) -> None:
    counting = CountingDriver(clean_graph)
    hub = ChangeHub(cast(AsyncDriver, counting), database=database, timeout_s=5.0, interval_s=0.02)
    received: list[list[ChangeEvent]] = [[] for _ in range(subscribers)]

    async def subscriber(inbox: list[ChangeEvent]) -> None:
        async for event in hub.follow(after=None, accept=lambda _: True):
            inbox.append(event)

    tasks = [asyncio.create_task(subscriber(inbox)) for inbox in received]
    try:
        await _until(lambda: len(hub.subscribers) == subscribers)
        sent, rounds = await _statements_per_round(hub, counting)
        # Each round is one statement, however many listen (a round may be mid-flight at either end).
        assert rounds - 1 <= sent <= rounds + 1, (sent, rounds)
        assert [t for t in asyncio.all_tasks() if t.get_name() == "partnernet-change-poller"] == [hub._task]

        editor = await create_token(clean_graph, settings=settings, name="poller", role=TokenRole.EDITOR)
        async with running(make_test_settings(rate_limit_per_minute=0)) as client:
            answer = await client.post(
                'mutation { createTheme(input: {name: "Shared poller"}) { changeSeq } }',
                headers={"authorization": f"Bearer {editor.secret}"},
            )
        seq = answer.json["data"]["createTheme"]["changeSeq"]
        await _until(lambda: all(inbox for inbox in received))
        assert {tuple(e.seq for e in inbox) for inbox in received} == {(seq,)}
        assert {(inbox[0].entity_type, inbox[0].entity_id) for inbox in received} == {("Theme", "shared-poller")}
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await hub.close()
