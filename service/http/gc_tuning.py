"""The garbage collector of a serving worker, tuned for a heap that is mostly built at start-up.

Measured on a mutation (bench/README.md, "The garbage collector"): with Python's defaults a worker spent about
100 us of every request in the cyclic collector. Each request leaves about 85 objects in reference cycles (the
driver's session, transaction and result objects), so the youngest generation fills every 8 requests or so, and
every few hundred requests a full collection walks the whole heap, the schema and the caches built at start-up
included. Freezing the start-up heap takes it out of every later collection; a higher threshold for the youngest
generation collects the same garbage in fewer, larger passes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

_active = 0
_default: tuple[int, int, int] | None = None


def tune_gc(gen0_threshold: int) -> Callable[[], None]:
    """Collect once, freeze what is alive (start-up's heap, which lives as long as the worker) and collect the
    youngest generation after `gen0_threshold` allocations; returns the undo, which puts Python's settings back
    once the last app that tuned them stops (tests run several apps in one process). 0 changes nothing."""
    global _active, _default
    if gen0_threshold <= 0:
        return lambda: None
    if _active == 0:
        _default = gc.get_threshold()
        gc.collect()
        gc.freeze()
        gc.set_threshold(gen0_threshold, _default[1], _default[2])
    _active += 1
    done = False

    def undo() -> None:
        global _active
        nonlocal done
        if done:
            return
        done = True
        _active -= 1
        if _active == 0 and _default is not None:
            gc.set_threshold(*_default)
            gc.unfreeze()

    return undo
