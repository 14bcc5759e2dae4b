"""The outermost layer of the app, one ASGI middleware for every connection.

An HTTP request gets its id (the caller's X-Request-ID when usable, echoed back) and its record
(service/http/observe.py); its response gets the id and the security headers (service/http/security.py); on the way
out it is traced when tracing is configured, and handed to the ledger, which counts it in the metrics and logs it
in one line (a second line, at once, with its Cypher when it was slow). A WebSocket is registered for the drain
(service/http/lifecycle.py).

It is one layer, with one wrapper of `send`, because each ASGI layer costs every request a coroutine and a wrapper;
and the ledger works in batches, because a request's metrics and log line cost about three times as much CPU when
done one at a time between requests, with cold caches, as in a batch (bench/README.md, "The layers of a
request")."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.settings import Settings
from service.http.lifecycle import Lifecycle
from service.http.logs import LineMaker, held_lines
from service.http.metrics import Metrics
from service.http.observe import CURRENT, RequestRecord
from service.http.protocol import REQUEST_ID, request_id
from service.http.security import ResponseHeaders
from service.http.tracing import Tracing

log = logging.getLogger("partnernet.request")

_ROUTES = frozenset({"/graphql", "/export", "/healthz", "/readyz", "/metrics", "/explore"})
_QUIET = frozenset({"/healthz", "/readyz", "/metrics"})  # polled by machines: logged at debug level


class Ledger:
    """The metrics and log lines of finished requests, applied in batches: at most `interval_s` after a request
    ends (0: at once), before every scrape of /metrics, and when the app stops (`close`: after it, at once).
    One per app."""

    def __init__(self, *, metrics: Metrics, pipeline: Any, slow_s: float, interval_s: float) -> None:
        self.metrics = metrics
        self.pipeline = pipeline  # the compiled stage's (its cache counts hits and misses)
        self.slow_s = slow_s
        self.interval_s = interval_s
        self.line = LineMaker(log, logging.INFO, "request")
        self.quiet_line = LineMaker(log, logging.DEBUG, "request")
        self._pending: list[tuple[RequestRecord, int, float, float]] = []
        self._timer: asyncio.TimerHandle | None = None

    def add(self, record: RequestRecord, status: int, seconds: float) -> None:
        """Take one finished request (applied at once after `close`)."""
        if seconds >= self.slow_s:
            log.warning("slow request", extra={**_fields(record, status, seconds), "cypher": record.cypher})
        self._pending.append((record, status, seconds, time.time()))
        if self.interval_s <= 0:
            self.flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.interval_s, self.flush)

    def close(self) -> None:
        """Apply what is pending, and from now on every request as it ends (the app is stopping: requests cancelled
        at the end of the drain may still finish after this, and no timer would fire for them). Never raises."""
        self.interval_s = 0
        try:
            self.flush()
        except Exception:
            log.exception("could not write the last requests' metrics and log lines")

    def flush(self) -> None:
        """Apply every request taken so far."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if not batch:
            return
        m = self.metrics
        counts: Counter[tuple[Any, tuple[str, ...]]] = Counter()  # counter and labels -> requests of the batch
        with held_lines():
            for record, status, seconds, ended in batch:
                route = record.path if record.path in _ROUTES else "other"
                counts[m.http_requests, (route, str(status))] += 1
                if record.path == "/graphql":
                    operation, kind = m.operation(record.operation), record.kind or "unknown"
                    counts[m.graphql_requests, (operation, kind, str(status))] += 1
                    m.series(m.graphql_seconds, operation, kind).observe(seconds)
                    for code in record.codes:
                        counts[m.graphql_errors, (code,)] += 1
                line = self.quiet_line if record.path in _QUIET else self.line
                if line.enabled():
                    line.log(_fields(record, status, seconds), at=ended)
            # Counted before the lines are written: a request that is logged is counted.
            for (counter, labels), n in counts.items():
                m.series(counter, *labels).inc(n)
            m.sync_cache(self.pipeline)


class Edge:
    """ASGI middleware (outermost): see the module docstring."""

    def __init__(
        self, app: ASGIApp, *, settings: Settings, tracing: Tracing | None, lifecycle: Lifecycle, ledger: Ledger
    ) -> None:
        self.app = app
        self.tracing = tracing
        self.lifecycle = lifecycle
        self.ledger = ledger
        self.headers = ResponseHeaders(prod=settings.environment == "prod")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "websocket":
            await self.lifecycle.serve_socket(self.app, scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        rid = request_id(scope)
        scope[REQUEST_ID] = rid  # handlers read it from here (protocol.request_id): one id per request
        rid_header = rid.encode("latin-1")
        record = RequestRecord(rid, scope["method"], scope["path"])
        token = CURRENT.set(record)
        status = 500
        started = time.perf_counter()

        async def edge_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": self.headers.complete(message.get("headers", ()), rid_header)}
            await send(message)

        span = self.tracing.request_span(scope, rid) if self.tracing is not None else None
        try:
            await self.app(scope, receive, edge_send)
        finally:
            CURRENT.reset(token)
            seconds = time.perf_counter() - started
            if span is not None:
                assert self.tracing is not None  # a span comes from it
                self.tracing.end_request_span(span, record, status)
            self.ledger.add(record, status, seconds)


def _fields(record: RequestRecord, status: int, seconds: float) -> dict[str, Any]:
    """The fields of a request's log line."""
    fields = {
        "request_id": record.request_id,
        "method": record.method,
        "path": record.path,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "operation": record.operation,
        "operation_type": record.kind,
        "statements": record.statements,
        "cypher_ms": round(record.cypher_seconds * 1000, 2),
        "outcome": _outcome(status, record.codes),
        "token_id": record.token_id,
    }
    if record.codes:
        fields["codes"] = record.codes
    return fields


def _outcome(status: int, codes: list[str]) -> str:
    """ok, error (GraphQL errors in an answer), refused (4xx), failed (5xx)."""
    if status >= 500:
        return "failed"
    if status >= 400:
        return "refused"
    return "error" if codes else "ok"
