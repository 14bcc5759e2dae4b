"""What each request did: its record, which the outermost layer (service/http/edge.py) keeps per request and tells
three ways on the way out (metrics, one JSON log line, and a trace when configured); the driver's listener and the
/graphql endpoint fill it in."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Any

from service.http.metrics import Metrics
from service.http.tracing import Tracing

_KEPT_STATEMENTS = 10  # Cypher texts a record keeps for the slow-request log


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


def note_operation(ctx: Any, operation_name: str | None, codes: list[str]) -> None:
    """Tell the request's record which operation ran (as the pipeline parsed it: `ctx.operation`; "unknown" with
    the name the client sent when the document did not parse), for whom, and its error codes (graphql.py calls it
    after execution)."""
    record = CURRENT.get()
    if record is None:
        return
    record.kind, record.operation = getattr(ctx, "operation", None) or ("unknown", operation_name)
    principal = getattr(ctx, "principal", None)
    record.token_id = getattr(principal, "token_id", None)
    record.codes = [c for c in codes if c]


def note_refusal(code: str) -> None:
    """Tell the request's record it was refused before execution with `code` (graphql.py calls it)."""
    record = CURRENT.get()
    if record is not None:
        record.codes = [code]


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
