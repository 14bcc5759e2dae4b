"""The log lines' own code (service/http/logs.py): the request line's records and the JSON timestamp."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterator

import orjson
import pytest

from service.http.logs import FIELDS, JsonFormatter, LineMaker


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger whose lines go, formatted as JSON, to a buffer."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("partnernet.test-logs")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, out
    logger.handlers[:] = []


@pytest.mark.parametrize(
    "created",
    [0.0, 1_780_000_000.0, 1_780_000_000.0005, 1_780_000_000.9995, 1_780_000_000.9999996, 728_159_325.9279995,
     1_780_000_059.123456],
)  # fmt: skip
def test_the_timestamp_is_what_datetime_writes(created: float) -> None:
    expected = dt.datetime.fromtimestamp(created, dt.UTC).isoformat(timespec="milliseconds")
    formatter = JsonFormatter()
    assert formatter.timestamp(created) == expected
    assert formatter.timestamp(created) == expected  # again, from the second's cached text


def test_a_line_from_the_template_reads_as_one_from_make_record(captured: tuple[logging.Logger, io.StringIO]) -> None:
    logger, out = captured
    fields = {"request_id": "r-1", "status": 200, "operation": None}
    LineMaker(logger, logging.INFO, "request").log(fields)
    reference_record = logger.makeRecord(
        logger.name, logging.INFO, __file__, 0, "request", (), None, extra={FIELDS: fields}
    )
    logger.handle(reference_record)
    made, reference = (orjson.loads(line) for line in out.getvalue().splitlines())
    assert abs(dt.datetime.fromisoformat(made.pop("ts")) - dt.datetime.fromisoformat(reference.pop("ts"))) < (
        dt.timedelta(seconds=1)
    )
    assert made == reference == {
        "level": "info", "logger": "partnernet.test-logs", "pid": reference["pid"], "message": "request", **fields,
    }  # fmt: skip


def test_each_line_has_its_own_time_and_fields(captured: tuple[logging.Logger, io.StringIO]) -> None:
    logger, _ = captured
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger.addHandler(Keep())
    line = LineMaker(logger, logging.INFO, "request")
    line.log({"n": 1})
    line.log({"n": 2})
    assert [r.__dict__[FIELDS] for r in records] == [{"n": 1}, {"n": 2}]
    assert records[0] is not records[1]
    assert records[0].created <= records[1].created
    assert all(r.levelno == logging.INFO and r.name == logger.name and r.getMessage() == "request" for r in records)
    assert all(r.msecs == int((r.created - int(r.created)) * 1000) for r in records)


def test_a_line_below_the_level_is_not_enabled(captured: tuple[logging.Logger, io.StringIO]) -> None:
    logger, _ = captured
    quiet = LineMaker(logger, logging.DEBUG, "request")
    assert not quiet.enabled()
    assert LineMaker(logger, logging.INFO, "request").enabled()
