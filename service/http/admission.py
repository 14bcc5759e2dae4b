"""Admission to the routes that do work (/graphql, /export): refused at once with 503 and Retry-After, never queued,
while the worker drains, while the readiness probe finds Neo4j away, or beyond the in-flight bound per worker; and
when the probe finds Neo4j gone, requests still waiting for it are cut short with the same 503 (the driver would
retry a transaction for seconds first)."""

# Queueing past the bound only moves the wait into every request's latency (measured: p99 6 s at 200 clients on
# one worker); a refusal costs microseconds and tells the client, or its load balancer, to go elsewhere or retry.

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.http.lifecycle import Lifecycle
from service.http.metrics import Metrics
from service.http.observe import note_refusal
from service.http.protocol import JSON, RequestError, media_type

GATED = frozenset({"/graphql", "/export"})
RETRY_AFTER_S = 1


@dataclass(eq=False)
class _Running:
    task: asyncio.Task[Any] | None
    responding: bool = False
    cut: bool = False


class InFlight:
    """The requests one worker runs now, against its bound; `cut` ends those not yet answering."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.running: set[_Running] = set()

    @property
    def count(self) -> int:
        return len(self.running)

    def cut(self) -> int:
        """Cancel every running request that has not started its answer (each then answers 503
        DATABASE_UNAVAILABLE); returns how many."""
        cut = 0
        for entry in self.running:
            if not entry.responding and not entry.cut and entry.task is not None:
                entry.cut = True
                entry.task.cancel()
                cut += 1
        return cut


class Admission:
    """ASGI middleware: see the module docstring."""

    def __init__(
        self, app: ASGIApp, *, in_flight: InFlight, metrics: Metrics, lifecycle: Lifecycle, probe: Any
    ) -> None:
        self.app = app
        self.in_flight = in_flight
        self.metrics = metrics
        self.lifecycle = lifecycle
        self.probe = probe  # anything with `up` and `detail` (service/http/health.py's DatabaseProbe)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in GATED:
            await self.app(scope, receive, send)
            return
        if scope["method"] == "GET" and "text/html" in Headers(scope=scope).get("accept", ""):
            await self.app(scope, receive, send)  # GraphiQL's page needs no database
            return
        refusal = self._refusal()
        if refusal is not None:
            await self._refuse(send, Headers(scope=scope), *refusal)
            return
        entry = _Running(asyncio.current_task())

        async def answering(message: Message) -> None:
            entry.responding = True
            await send(message)

        self.in_flight.running.add(entry)
        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, answering)
        except asyncio.CancelledError:
            if not entry.cut or entry.task is None:
                raise
            entry.task.uncancel()  # cut short by the probe, not by the server: answer the client
            await self._refuse(send, Headers(scope=scope), "database_unavailable", "DATABASE_UNAVAILABLE", self._gone())
        finally:
            self.in_flight.running.discard(entry)
            self.metrics.in_flight.dec()

    def _gone(self) -> str:
        return f"{self.probe.detail}: retry shortly"

    def _refusal(self) -> tuple[str, str, str] | None:
        """(reason, code, message) when the request must be refused now, else None."""
        if self.lifecycle.draining:
            return "draining", "SHUTTING_DOWN", "the service is shutting down: retry (another instance will answer)"
        if not self.probe.up:
            return "database_unavailable", "DATABASE_UNAVAILABLE", self._gone()
        if self.in_flight.limit and self.in_flight.count >= self.in_flight.limit:
            return "overloaded", "OVERLOADED", "the service is at capacity: retry after the time given"
        return None

    async def _refuse(self, send: Send, headers: Headers, reason: str, code: str, message: str) -> None:
        self.metrics.shed.labels(reason).inc()
        note_refusal(code)
        await _refuse(send, headers, code, message, close=reason == "draining")


async def _refuse(send: Send, headers: Headers, code: str, message: str, *, close: bool) -> None:
    """A 503 with one GraphQL error, in the media type the client asked for (JSON when it asked for neither)."""
    try:
        media = media_type(headers)
    except RequestError:
        media = JSON
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    raw = [
        (b"content-type", media.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(RETRY_AFTER_S).encode()),
    ]
    if close:
        raw.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": 503, "headers": raw})
    await send({"type": "http.response.body", "body": body})
