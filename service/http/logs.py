"""Logging for the service: one JSON object per line (or plain text for a terminal), request ids included."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import math
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from typing import Any

import orjson

from service.core.settings import Settings

# Attributes every LogRecord has; anything else on a record came through `extra=` and is logged as a field.
# uvicorn's `color_message` repeats the message with terminal colours.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",
}


# A record's fields as one map (`extra={FIELDS: {...}}`, as the request log line sends them): read as they are,
# where other records' fields are picked out of the record's attributes.
FIELDS = "_fields"


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    given: dict[str, Any] | None = record.__dict__.get(FIELDS)
    if given is not None:
        return given
    return {k: v for k, v in record.__dict__.items() if k not in _STANDARD and not k.startswith("_")}


class LineMaker:
    """LogRecords for one logger's lines of one level and message, each with its fields (`extra={FIELDS: ...}`),
    made from a template: what `Logger.makeRecord` works out on every call from the caller's file, thread and
    process is the same for every line of a worker, and the request log writes a line per request."""

    def __init__(self, logger: logging.Logger, level: int, message: str) -> None:
        self.logger = logger
        self.level = level
        self.message = message
        # Made at the first line, in the process that logs it (its pid, even when the app was built before a fork).
        self._template: dict[str, Any] | None = None
        self._started = 0.0

    def enabled(self) -> bool:
        return self.logger.isEnabledFor(self.level)

    def log(self, fields: dict[str, Any], *, at: float | None = None) -> None:
        """Hand one line with `fields` to the logger's handlers (as `Logger.handle` does: filters apply), dated
        `at` (`time.time()`; default: now)."""
        if self._template is None:
            first = self.logger.makeRecord(self.logger.name, self.level, __file__, 0, self.message, (), None)
            self._template = dict(first.__dict__)
            self._started = first.created - first.relativeCreated / 1000  # when logging was imported
        record = logging.LogRecord.__new__(logging.LogRecord)
        values = record.__dict__
        values.update(self._template)
        now = time.time() if at is None else at
        values["created"] = now
        values["msecs"] = int((now - int(now)) * 1000) + 0.0  # as LogRecord sets it
        values["relativeCreated"] = (now - self._started) * 1000
        values[FIELDS] = fields
        self.logger.handle(record)


class LineHandler(logging.StreamHandler):  # type: ignore[type-arg]  # generic in typeshed only
    """A StreamHandler (what `configure_logging` installs) whose lines may be held and written together: inside
    `held_lines()`, one write for all the lines the holding thread logs instead of one each; lines from other
    threads are written at once, as always."""

    def emit(self, record: logging.LogRecord) -> None:
        held: dict[LineHandler, list[str]] | None = getattr(_holding, "lines", None)
        if held is None:
            super().emit(record)
            return
        try:
            held.setdefault(self, []).append(self.format(record) + self.terminator)
        except Exception:  # as StreamHandler.emit does: a line that cannot be formatted is reported, not raised
            self.handleError(record)

    def write_held(self, lines: list[str]) -> None:
        try:
            with self.lock:  # type: ignore[union-attr]  # set by Handler.__init__
                self.stream.write("".join(lines))
                self.flush()
        except Exception:  # as Handler.handleError does: reported on stderr, never raised into the caller
            if logging.raiseExceptions:
                traceback.print_exc(file=sys.stderr)


_holding = threading.local()  # `lines`: what LineHandlers hold for this thread, inside held_lines()


@contextlib.contextmanager
def held_lines() -> Iterator[None]:
    """Inside, the lines this thread logs through LineHandlers are held; on leaving, each handler writes them at once
    (the ledger of requests logs a batch of lines this way: service/http/edge.py). A nested call holds nothing more:
    the outermost one writes. Nothing inside may await."""
    if getattr(_holding, "lines", None) is not None:
        yield
        return
    held: dict[LineHandler, list[str]] = {}
    _holding.lines = held
    try:
        yield
    finally:
        _holding.lines = None
        for handler, lines in held.items():
            handler.write_held(lines)


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "pid", "message", ...extra fields, "exception"?}` on one line."""

    def __init__(self) -> None:
        super().__init__()
        self._second = -1
        self._prefix = ""

    def timestamp(self, created: float) -> str:
        """`created` in ISO 8601, UTC, to the millisecond (`2026-12-06T03:04:05.678+00:00`); the date and time
        are formatted once per second (a request's log line is on the hot path)."""
        fraction, whole = math.modf(created)  # as datetime.fromtimestamp rounds it
        second, micro = int(whole), round(fraction * 1_000_000)
        if micro >= 1_000_000:
            second, micro = second + 1, micro - 1_000_000
        if second != self._second:
            self._prefix = dt.datetime.fromtimestamp(second, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
            self._second = second
        return f"{self._prefix}.{micro // 1000:03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": self.timestamp(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,  # the worker process (several share a log under --workers N)
            "message": record.getMessage(),
        }
        entry.update(_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class TextFormatter(logging.Formatter):
    """The message, then the extra fields as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        extra = [f"{k}={v}" for k, v in _fields(record).items()]
        return " ".join([text, *extra])


def configure_logging(settings: Settings) -> None:
    """Send the root logger (and uvicorn's) to stderr in the configured format and level."""
    handler = LineHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # Neither format shows a thread's or a multiprocessing process's name: a record need not look them up.
    logging.logThreads = False
    logging.logMultiprocessing = False
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # The app logs each request itself, with its id and operation (service/http/edge.py).
    access = logging.getLogger("uvicorn.access")
    access.handlers[:] = []
    access.propagate = False
    # The driver logs every failed connection and retry (at ERROR while Neo4j is away, each probe and request);
    # the service reports the outcome itself: the probe's change of state, each request's outcome.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's `log_config`: leave its loggers to `configure_logging` (no handlers of its own)."""
    return {"version": 1, "disable_existing_loggers": False}
