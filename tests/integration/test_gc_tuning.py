"""A running app tunes its worker's garbage collector (PARTNERNET_GC_GEN0_THRESHOLD) and stops tuning it on
shutdown; 0 leaves Python's defaults."""

from __future__ import annotations

import gc

import pytest

from tests.asgi import running
from tests.conftest import make_test_settings

pytestmark = pytest.mark.integration


async def test_the_lifespan_tunes_the_collector_while_it_runs() -> None:
    before = gc.get_threshold()
    async with running(make_test_settings(gc_gen0_threshold=20_000, rate_limit_per_minute=0)) as client:
        assert gc.get_threshold()[0] == 20_000
        assert gc.get_freeze_count() > 0
        answer = await client.post("{ __typename }")
        assert answer.json == {"data": {"__typename": "Query"}}
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


async def test_zero_keeps_python_defaults() -> None:
    before = gc.get_threshold()
    async with running(make_test_settings(gc_gen0_threshold=0, rate_limit_per_minute=0)):
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() == 0
