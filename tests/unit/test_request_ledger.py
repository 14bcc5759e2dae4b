"""The ledger of finished requests (service/http/edge.py): their metrics and log lines, applied in batches."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import orjson
import pytest
from prometheus_client import generate_latest

from service.http.edge import Ledger
from service.http.logs import JsonFormatter, LineHandler, held_lines
from service.http.metrics import Metrics
from service.http.observe import RequestRecord


@dataclass
class Stage:
    hits: int = 0
    misses: int = 0


class CountingStream(io.StringIO):
    """A stream that counts its writes."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


@pytest.fixture
def out() -> Iterator[CountingStream]:
    """The request log's lines, as JSON, in a stream (the rest of the process's logging untouched)."""
    stream = CountingStream()
    handler = LineHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("partnernet.request")
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield stream
    logger.handlers[:], logger.propagate, logger.level = saved


@contextlib.contextmanager
def logger_to(*streams: io.StringIO) -> Iterator[logging.Logger]:
    """A logger of its own whose lines (their message alone) go to `streams`, one LineHandler each."""
    logger = logging.getLogger(f"partnernet.test-{id(streams)}")
    handlers = [LineHandler(stream) for stream in streams]
    for handler in handlers:
        handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = handlers
    logger.propagate = False
    try:
        yield logger
    finally:
        logger.handlers[:] = []


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in stream.getvalue().splitlines()]


def served(metrics: Metrics, operation: str) -> float:
    """partnernet_graphql_requests_total of `operation` (0 when not counted yet)."""
    for line in generate_latest(metrics.registry).decode().splitlines():
        if line.startswith("partnernet_graphql_requests_total{") and f'operation="{operation}"' in line:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def request(rid: str, operation: str = "One", codes: list[str] | None = None) -> RequestRecord:
    return RequestRecord(rid, "POST", "/graphql", operation=operation, kind="query", codes=codes or [])


async def test_requests_are_applied_together_within_the_interval(out: CountingStream) -> None:
    metrics, stage = Metrics(), Stage()
    ledger = Ledger(metrics=metrics, pipeline=stage, slow_s=10, interval_s=0.05)
    for i in range(3):
        ledger.add(request(f"r-{i}"), 200, 0.002)
    stage.hits = 3
    assert out.getvalue() == ""
    assert served(metrics, "One") == 0
    await asyncio.sleep(0.3)
    logged = lines(out)
    assert [e["request_id"] for e in logged] == ["r-0", "r-1", "r-2"]
    assert out.writes == 1  # one write for the batch
    assert served(metrics, "One") == 3
    assert "partnernet_cache_lookups_total" in generate_latest(metrics.registry).decode()
    first = logged[0]
    assert (first["status"], first["outcome"], first["operation"]) == (200, "ok", "One")


async def test_flush_applies_what_is_pending_at_once(out: CountingStream) -> None:
    metrics = Metrics()
    ledger = Ledger(metrics=metrics, pipeline=Stage(), slow_s=10, interval_s=5)
    ledger.add(request("r-1", codes=["NOT_FOUND"]), 200, 0.002)
    ended = time.time()
    await asyncio.sleep(0.5)
    ledger.flush()  # what /metrics and the app's shutdown do
    assert served(metrics, "One") == 1
    [line] = lines(out)
    assert line["outcome"] == "error"
    # Dated when the request ended, not when it was written.
    assert abs(dt.datetime.fromisoformat(str(line["ts"])).timestamp() - ended) < 0.1
    assert 'partnernet_graphql_errors_total{code="NOT_FOUND"} 1.0' in generate_latest(metrics.registry).decode()
    ledger.flush()
    assert len(lines(out)) == 1  # nothing twice


async def test_interval_zero_applies_each_request_as_it_ends(out: CountingStream) -> None:
    metrics = Metrics()
    ledger = Ledger(metrics=metrics, pipeline=Stage(), slow_s=10, interval_s=0)
    ledger.add(request("r-1"), 200, 0.002)
    assert served(metrics, "One") == 1
    assert len(lines(out)) == 1


async def test_a_slow_request_is_reported_at_once_with_its_cypher(out: CountingStream) -> None:
    ledger = Ledger(metrics=Metrics(), pipeline=Stage(), slow_s=0.5, interval_s=5)
    slow = request("r-slow")
    slow.cypher.append("MATCH (p:Project) RETURN p")
    ledger.add(slow, 200, 0.8)
    [warning] = lines(out)
    assert warning["message"] == "slow request"
    assert warning["level"] == "warning"
    assert warning["cypher"] == ["MATCH (p:Project) RETURN p"]
    ledger.flush()
    assert [e["message"] for e in lines(out)] == ["slow request", "request"]


def test_held_lines_are_written_once_per_handler_and_only_when_released() -> None:
    stream = CountingStream()
    with logger_to(stream) as logger:
        with held_lines():
            logger.warning("one")
            with held_lines():  # nested: still held until the outer one ends
                logger.warning("two")
            assert stream.getvalue() == ""
        assert stream.getvalue() == "one\ntwo\n"
        assert stream.writes == 1
        logger.warning("three")  # outside: written at once
        assert stream.getvalue().endswith("three\n")


def test_a_stream_that_fails_does_not_stop_the_batch(capsys: pytest.CaptureFixture[str]) -> None:
    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError("disk full")

    kept = CountingStream()
    with logger_to(Broken(), kept) as logger:
        with held_lines():
            logger.warning("one")
        assert kept.getvalue() == "one\n"
        assert "disk full" in capsys.readouterr().err


async def test_after_close_each_request_is_applied_as_it_ends(out: CountingStream) -> None:
    metrics = Metrics()
    ledger = Ledger(metrics=metrics, pipeline=Stage(), slow_s=10, interval_s=5)
    ledger.add(request("r-1"), 200, 0.002)
    ledger.close()  # the app stops
    assert served(metrics, "One") == 1
    ledger.add(request("r-2"), 200, 0.002)  # a request cancelled at the end of the drain finishes later
    assert served(metrics, "One") == 2
    assert [e["request_id"] for e in lines(out)] == ["r-1", "r-2"]


async def test_close_reports_a_failure_instead_of_raising(out: CountingStream) -> None:
    class Failing:
        @property
        def hits(self) -> int:
            raise RuntimeError("stage gone")

        misses = 0

    ledger = Ledger(metrics=Metrics(), pipeline=Failing(), slow_s=10, interval_s=5)
    ledger.add(request("r-1"), 200, 0.002)
    ledger.close()  # the rest of the app's shutdown still runs
    assert "could not write the last requests' metrics and log lines" in out.getvalue()


def test_lines_of_another_thread_are_not_held() -> None:
    stream = CountingStream()
    with logger_to(stream) as logger:
        with held_lines():
            logger.warning("held")
            other = threading.Thread(target=logger.warning, args=("from another thread",))
            other.start()
            other.join()
            assert stream.getvalue() == "from another thread\n"
        assert stream.getvalue() == "from another thread\nheld\n"
