"""OpenTelemetry traces: with `PARTNERNET_OTLP_ENDPOINT` set, a request's span and its Cypher's span reach an OTLP/HTTP
collector (a real HTTP server in the test, decoding what it receives with OpenTelemetry's own protobuf types)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from neo4j import AsyncDriver
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from tests.asgi import running
from tests.conftest import make_test_settings

pytestmark = pytest.mark.integration


@pytest.fixture
def collector() -> Iterator[tuple[str, list[ExportTraceServiceRequest]]]:
    """A collector in a thread of its own: the exporter posts synchronously, from the app's own thread."""
    received: list[ExportTraceServiceRequest] = []

    class Traces(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            message = ExportTraceServiceRequest()
            message.ParseFromString(self.rfile.read(int(self.headers["content-length"])))
            if self.path == "/v1/traces":
                received.append(message)
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Traces)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    thread.join()
    server.server_close()


async def test_a_request_and_its_cypher_reach_the_collector(
    seeded_graph: AsyncDriver, collector: tuple[str, list[ExportTraceServiceRequest]]
) -> None:
    endpoint, received = collector
    async with running(make_test_settings(otlp_endpoint=endpoint, rate_limit_per_minute=0)) as client:
        answer = await client.post(
            'query Traced { organisation(id: "ba-hro") { name } }', headers={"x-request-id": "traced-1"}
        )
        assert answer.status == 200
    # The app's shutdown flushed the batch to the collector.
    spans = [
        span
        for message in received
        for resource in message.resource_spans
        for scope in resource.scope_spans
        for span in scope.spans
    ]
    services = {
        attr.value.string_value
        for message in received
        for resource in message.resource_spans
        for attr in resource.resource.attributes
        if attr.key == "service.name"
    }
    assert services == {"partnernet"}
    by_id = {span.span_id: span for span in spans}
    request = next(
        s
        for s in spans
        if any(a.key == "partnernet.request_id" and a.value.string_value == "traced-1" for a in s.attributes)
    )
    cypher = [s for s in spans if s.parent_span_id == request.span_id]
    assert cypher, [s.name for s in spans]
    assert all(s.trace_id == request.trace_id for s in cypher)
    assert request.parent_span_id not in by_id  # the request's span is the root of its trace
