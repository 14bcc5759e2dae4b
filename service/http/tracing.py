"""OpenTelemetry traces, when PARTNERNET_OTLP_ENDPOINT names a collector: a server span per HTTP request (joined to
the caller's trace by its `traceparent` header) with a child span per unit of Neo4j work, sent over OTLP/HTTP.

The SDK is an optional extra (`pip install 'partnernet[otel]'`): imported only when an endpoint is configured, and
a configured endpoint without it stops the service at start rather than silently sending nothing.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from starlette.types import Scope

import service
from service.core.settings import Settings

_PACKAGES = ("opentelemetry.sdk", "opentelemetry.exporter.otlp.proto.http")


class TracingUnavailableError(RuntimeError):
    """An OTLP endpoint is configured but the OpenTelemetry extra is not installed."""


class Tracing:
    """A tracer provider of this app's own (the process-wide global is left alone) exporting in batches."""

    def __init__(self, endpoint: str) -> None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
        from opentelemetry.trace import SpanKind, Status, StatusCode, use_span
        from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

        resource = Resource.create({"service.name": "partnernet", "service.version": service.__version__})
        self.provider = TracerProvider(resource=resource)
        url = endpoint.rstrip("/") + "/v1/traces"
        self.provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=url)))
        self.tracer = self.provider.get_tracer("partnernet", service.__version__)
        self._propagator = TraceContextTextMapPropagator()
        self._kinds = SpanKind
        self._status = (Status, StatusCode)
        self._use_span = use_span

    def request_span(self, scope: Scope, rid: str) -> Any:
        """Start the server span of an HTTP request and make it current; `end_request_span` ends it."""
        carrier = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        parent = self._propagator.extract(carrier)
        span = self.tracer.start_span(
            f"{scope['method']} {scope['path']}",
            context=parent,
            kind=self._kinds.SERVER,
            attributes={
                "http.request.method": scope["method"],
                "url.path": scope["path"],
                "partnernet.request_id": rid,
            },
        )
        scope_cm = self._use_span(span, end_on_exit=False)
        scope_cm.__enter__()
        return (span, scope_cm)

    def end_request_span(self, handle: Any, record: Any, status: int) -> None:
        span, scope_cm = handle
        if record.operation:
            span.update_name(f"{record.kind or 'operation'} {record.operation}")
        span.set_attribute("http.response.status_code", status)
        span.set_attribute("graphql.operation.name", record.operation or "")
        span.set_attribute("graphql.operation.type", record.kind or "")
        span.set_attribute("partnernet.statements", record.statements)
        if record.codes:
            span.set_attribute("partnernet.error_codes", list(record.codes))
        if status >= 500:
            status_cls, code = self._status
            span.set_status(status_cls(code.ERROR))
        scope_cm.__exit__(None, None, None)
        span.end()

    def cypher_span(self, access: str, started: float, seconds: float, failed: bool) -> None:
        """A finished unit of Neo4j work (started at `started`, time.time()) as a child of the current span."""
        start_ns = int(started * 1e9)
        span = self.tracer.start_span(
            f"neo4j {access}",
            kind=self._kinds.CLIENT,
            start_time=start_ns,
            attributes={"db.system.name": "neo4j", "db.operation.name": access},
        )
        if failed:
            status_cls, code = self._status
            span.set_status(status_cls(code.ERROR))
        span.end(end_time=start_ns + int(seconds * 1e9))

    def shutdown(self) -> None:
        """Send what is buffered and stop the exporter."""
        self.provider.shutdown()


def tracing_for(settings: Settings) -> Tracing | None:
    """The app's Tracing when an OTLP endpoint is configured, else None; TracingUnavailableError without the extra."""
    if not settings.otlp_endpoint:
        return None
    if not _installed():
        raise TracingUnavailableError(
            "PARTNERNET_OTLP_ENDPOINT is set but OpenTelemetry is not installed: pip install 'partnernet[otel]'"
        )
    return Tracing(settings.otlp_endpoint)


def _installed() -> bool:
    try:
        return all(importlib.util.find_spec(name) is not None for name in _PACKAGES)
    except ModuleNotFoundError:
        return False
