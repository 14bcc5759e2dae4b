"""What each request did, told three ways: metrics, one JSON log line (a second one with its Cypher when slow) and,
when configured, a trace. The outermost middleware keeps a record per request; the driver's listener and the
/graphql endpoint fill it in."""

from __future__ import annotations

import contextvars
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, parse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.lru import LRU
from service.core.settings import Settings
from service.http.logs import FIELDS
from service.http.metrics import Metrics
from service.http.protocol import request_id
from service.http.tracing import Tracing

log = logging.getLogger("partnernet.request")

_KEPT_STATEMENTS = 10  # Cypher texts a record keeps for the slow-request log
_ROUTES = frozenset({"/graphql", "/export", "/healthz", "/readyz", "/metrics", "/explore"})
_QUIET = frozenset({"/healthz", "/readyz", "/metrics"})  # polled by machines: logged at debug level


@dataclass
class RequestRecord:
    """One HTTP request as the service saw it (never a secret: no headers, variables or tokens)."""

    request_id: str
    method: str
    path: str
    operation: str | None = None
    kind: str | None = None  # query, mutation, subscription
    token_id: str | None = None
    codes: list[str] = field(default_factory=list)
    statements: int = 0
    cypher_seconds: float = 0.0
    cypher: list[str] = field(default_factory=list)


CURRENT: contextvars.ContextVar[RequestRecord | None] = contextvars.ContextVar("partnernet_request", default=None)


def note_operation(ctx: Any, document: str | None, operation_name: str | None, codes: list[str]) -> None:
    """Tell the request's record which operation ran, for whom, and its error codes (graphql.py calls it after
    execution)."""
    record = CURRENT.get()
    if record is None:
        return
    record.kind, record.operation = _KINDS.of(document, operation_name)
    principal = getattr(ctx, "principal", None)
    record.token_id = getattr(principal, "token_id", None)
    record.codes = [c for c in codes if c]


def note_refusal(code: str) -> None:
    """Tell the request's record it was refused before execution with `code` (graphql.py calls it)."""
    record = CURRENT.get()
    if record is not None:
        record.codes = [code]


class _OperationKinds:
    """The type and name of the operation a document runs, parsed once per document (bounded LRU)."""

    def __init__(self, size: int = 512) -> None:
        self._found = LRU(size)  # (document, name) -> (operation type, name)

    def of(self, document: str | None, name: str | None) -> tuple[str, str | None]:
        """(query | mutation | subscription | unknown, the operation's name) of `document` run as `name`."""
        if not document:
            return "unknown", name
        key = (document, name)
        found: tuple[str, str | None] | None = self._found.get_fresh(key)
        if found is None:
            found = self._parse(document, name)
            self._found.put(key, found)
        return found

    @staticmethod
    def _parse(document: str, name: str | None) -> tuple[str, str | None]:
        try:
            definitions = parse(document, no_location=True, max_tokens=20_000).definitions
        except GraphQLError:
            return "unknown", name
        operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
        chosen = [o for o in operations if name is None or (o.name is not None and o.name.value == name)]
        if len(chosen) != 1:
            return "unknown", name
        op = chosen[0]
        return op.operation.value, name or (op.name.value if op.name else None)


_KINDS = _OperationKinds()


class Telemetry:
    """The driver's listener (service/db/observed.py): Cypher counts and times into the metrics, the request's
    record and its trace; the pool's figures into gauges."""

    def __init__(self, metrics: Metrics, tracing: Tracing | None) -> None:
        self.metrics = metrics
        self.tracing = tracing

    def on_statement(self, text: str, access: str) -> None:
        self.metrics.series(self.metrics.cypher_statements, access).inc()
        record = CURRENT.get()
        if record is not None:
            record.statements += 1
            if len(record.cypher) < _KEPT_STATEMENTS:
                record.cypher.append(text)

    def on_work(self, access: str, started: float, seconds: float, failed: bool) -> None:
        self.metrics.series(self.metrics.cypher_seconds, access).observe(seconds)
        record = CURRENT.get()
        if record is not None:
            record.cypher_seconds += seconds
        if self.tracing is not None:
            self.tracing.cypher_span(access, started, seconds, failed)

    def on_pool(self, in_use: int, waiting: int) -> None:
        self.metrics.pool_in_use.set(in_use)
        self.metrics.pool_waiting.set(waiting)


class ObserveRequests:
    """ASGI middleware (outermost): a request id for every HTTP request (the caller's X-Request-ID when usable,
    echoed back), its record, and on the way out its metrics, its log line and its trace span."""

    def __init__(
        self, app: ASGIApp, *, settings: Settings, metrics: Metrics, tracing: Tracing | None, pipeline: Any
    ) -> None:
        self.app = app
        self.pipeline = pipeline  # the compiled stage's (its cache counts hits and misses)
        self.metrics = metrics
        self.tracing = tracing
        self.slow_s = settings.slow_request_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        if not any(name == b"x-request-id" for name, _ in scope["headers"]):
            # Handlers read the id from the headers (graphql.py too): one id per request, whoever asks.
            scope = {**scope, "headers": [*scope["headers"], (b"x-request-id", rid.encode("latin-1"))]}
        record = RequestRecord(rid, scope["method"], scope["path"])
        token = CURRENT.set(record)
        status = 500
        started = time.perf_counter()

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"x-request-id" for name, _ in headers):
                    message = {**message, "headers": [*headers, (b"x-request-id", rid.encode("latin-1"))]}
            await send(message)

        span = self.tracing.request_span(scope, rid) if self.tracing is not None else None
        try:
            await self.app(scope, receive, observed_send)
        finally:
            CURRENT.reset(token)
            seconds = time.perf_counter() - started
            if span is not None:
                assert self.tracing is not None  # a span comes from it
                self.tracing.end_request_span(span, record, status)
            self._finish(record, status, seconds)

    def _finish(self, record: RequestRecord, status: int, seconds: float) -> None:
        m = self.metrics
        route = record.path if record.path in _ROUTES else "other"
        m.series(m.http_requests, route, str(status)).inc()
        if record.path == "/graphql":
            operation, kind = m.operation(record.operation), record.kind or "unknown"
            m.series(m.graphql_requests, operation, kind, str(status)).inc()
            m.series(m.graphql_seconds, operation, kind).observe(seconds)
            for code in record.codes:
                m.series(m.graphql_errors, code).inc()
            m.sync_cache(self.pipeline)
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
        level = logging.DEBUG if record.path in _QUIET else logging.INFO
        if log.isEnabledFor(level):
            # makeRecord and handle: Logger.log would also look up the caller's frame, which no line shows.
            log.handle(log.makeRecord(log.name, level, __file__, 0, "request", (), None, extra={FIELDS: fields}))
        if seconds >= self.slow_s:
            log.warning("slow request", extra={**fields, "cypher": record.cypher})


def _outcome(status: int, codes: list[str]) -> str:
    """ok, error (GraphQL errors in an answer), refused (4xx), failed (5xx)."""
    if status >= 500:
        return "failed"
    if status >= 400:
        return "refused"
    return "error" if codes else "ok"
