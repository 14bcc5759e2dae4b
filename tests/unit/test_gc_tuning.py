"""The serving worker's garbage-collector settings (service/http/gc_tuning.py): set once, undone by the last app."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from service.http.gc_tuning import tune_gc


@pytest.fixture(autouse=True)
def python_defaults() -> Iterator[None]:
    """Each test starts from, and leaves, the process's own settings."""
    before = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.set_threshold(*before)
    gc.unfreeze()


def test_tuning_freezes_the_heap_and_raises_the_youngest_threshold_until_undone() -> None:
    before = gc.get_threshold()
    undo = tune_gc(12_345)
    assert gc.get_threshold() == (12_345, before[1], before[2])
    assert gc.get_freeze_count() > 0
    undo()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_zero_leaves_python_defaults_alone() -> None:
    before = gc.get_threshold()
    undo = tune_gc(0)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    undo()
    assert gc.get_threshold() == before


def test_the_last_app_to_stop_puts_the_settings_back_and_an_undo_counts_once() -> None:
    before = gc.get_threshold()
    first, second = tune_gc(10_000), tune_gc(10_000)
    first()
    first()  # a second call of the same undo must not end the other app's tuning
    assert gc.get_threshold()[0] == 10_000
    assert gc.get_freeze_count() > 0
    second()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
