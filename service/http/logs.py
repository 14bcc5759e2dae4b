"""Logging for the service: one JSON object per line (or plain text for a terminal), request ids included."""

from __future__ import annotations

import datetime as dt
import logging
import sys
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


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "pid", "message", ...extra fields, "exception"?}` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
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
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # The app logs each request itself, with its id and operation (service/http/observe.py).
    access = logging.getLogger("uvicorn.access")
    access.handlers[:] = []
    access.propagate = False
    # The driver logs every failed connection and retry (at ERROR while Neo4j is away, each probe and request);
    # the service reports the outcome itself: the probe's change of state, each request's outcome.
    logging.getLogger("neo4j").setLevel(logging.CRITICAL)


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's `log_config`: leave its loggers to `configure_logging` (no handlers of its own)."""
    return {"version": 1, "disable_existing_loggers": False}
