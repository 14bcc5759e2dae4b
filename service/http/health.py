"""Health: /healthz (the process answers; never touches Neo4j) and /readyz (the state of a background probe of
Neo4j, so it answers at once whatever Neo4j does)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

import service
from service.db.health import ping

log = logging.getLogger("partnernet.health")


class DatabaseProbe:
    """Pings Neo4j every `interval_s` (twice as often while it is down) in a background task; `up` and `detail`
    are the last answer. Requests read the state; none of them waits for Neo4j to find out."""

    def __init__(self, *, database: str, interval_s: float, on_change: Callable[[bool], None] | None = None) -> None:
        self.driver: Any = None  # given by `start`: the app's lifespan makes it
        self.database = database
        self.interval_s = interval_s
        # Bounded so that an unreachable host (packets dropped, not refused) is noticed within a second too.
        self.timeout_s = min(1.0, max(0.25, interval_s))
        self.on_change = on_change
        self.up = False
        self.detail = "not checked yet"
        self.checked_at = 0.0
        self._task: asyncio.Task[None] | None = None

    async def check(self) -> bool:
        """Ping now and record the answer; returns whether Neo4j is up."""
        up, detail = await ping(self.driver, database=self.database, timeout_s=self.timeout_s)
        if up != self.up or self.checked_at == 0.0:
            if up:
                log.info("neo4j is reachable", extra={"neo4j": detail})
            else:
                log.warning("neo4j is unavailable", extra={"reason": detail})
            if self.on_change is not None:
                self.on_change(up)
        self.up, self.detail, self.checked_at = up, detail, time.monotonic()
        return up

    async def start(self, driver: Any) -> bool:
        """Check with `driver` now, then in the background until `stop`; returns whether Neo4j is up now."""
        self.driver = driver
        up = await self.check()
        self._task = asyncio.create_task(self._run(), name="partnernet-readiness-probe")
        return up

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            started = time.monotonic()
            try:
                up = await self.check()
            except Exception:  # the probe must outlive anything; the next round tries again
                log.exception("readiness probe failed")
                up = False
            pause = self.interval_s if up else self.interval_s / 2
            await asyncio.sleep(max(0.0, pause - (time.monotonic() - started)))


async def healthz(request: Request) -> Response:
    """200 while the process can answer at all (a liveness check: no Neo4j, no waiting)."""
    return JSONResponse({"status": "ok", "version": service.__version__})


async def readyz(request: Request) -> Response:
    """200 when the probe last reached Neo4j and the worker is not shutting down, else 503 with the reason."""
    state = request.app.state
    probe: DatabaseProbe = state.probe
    age_ms = round((time.monotonic() - probe.checked_at) * 1000) if probe.checked_at else None
    if state.lifecycle.draining:
        return JSONResponse({"status": "draining", "reason": "the service is shutting down"}, status_code=503)
    if probe.up:
        return JSONResponse({"status": "ready", "neo4j": probe.detail, "checkedMsAgo": age_ms})
    return JSONResponse({"status": "unavailable", "reason": probe.detail, "checkedMsAgo": age_ms}, status_code=503)
