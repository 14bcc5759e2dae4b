"""The service's ASGI app in this process, with a driver proxy that records every statement it sends."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from neo4j import READ_ACCESS, AsyncDriver

from service.core.settings import Settings
from service.db.driver import create_driver
from service.http.app import create_app


@dataclass
class Statement:
    """One Cypher statement as the service sent it."""

    text: str
    params: dict[str, Any]
    timeout: float | None = None


@dataclass
class Unit:
    """A round of work the service sent: an auto-commit query (`execute_query`) or a managed transaction."""

    kind: str  # "read" | "write" (execute_query with routing) | "run_read" (auto-commit read) | "tx_write" | "tx_read"
    statements: list[Statement] = field(default_factory=list)


def _text(query: Any) -> tuple[str, float | None]:
    return str(getattr(query, "text", query)), getattr(query, "timeout", None)


class _RecordingTx:
    def __init__(self, inner: Any, unit: Unit) -> None:
        self._inner = inner
        self._unit = unit

    async def run(self, query: Any, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        text, timeout = _text(query)
        self._unit.statements.append(Statement(text, {**(parameters or {}), **kwargs}, timeout))
        return await self._inner.run(query, parameters, **kwargs)

    async def __aenter__(self) -> _RecordingTx:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._inner.__aexit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _RecordingSession:
    def __init__(self, inner: Any, recorder: Recorder, *, read_access: bool) -> None:
        self._inner = inner
        self._recorder = recorder
        self._tx_kind = "tx_read" if read_access else "tx_write"
        self._run_kind = "run_read" if read_access else "write"  # an auto-commit statement (the API's reads)

    async def __aenter__(self) -> _RecordingSession:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._inner.__aexit__(*exc)

    async def _managed(self, kind: str, method: Any, fn: Callable[..., Awaitable[Any]], *args: Any, **kw: Any) -> Any:
        unit = Unit(kind)
        self._recorder.units.append(unit)

        async def wrapped(tx: Any, *a: Any, **k: Any) -> Any:
            unit.statements.clear()  # a retried transaction sends its statements again
            return await fn(_RecordingTx(tx, unit), *a, **k)

        # keep the unit_of_work metadata (timeout) of the service's function
        for attr in ("timeout", "metadata"):
            if hasattr(fn, attr):
                setattr(wrapped, attr, getattr(fn, attr))
        return await method(wrapped, *args, **kw)

    async def execute_write(self, fn: Callable[..., Awaitable[Any]], *args: Any, **kw: Any) -> Any:
        return await self._managed("tx_write", self._inner.execute_write, fn, *args, **kw)

    async def execute_read(self, fn: Callable[..., Awaitable[Any]], *args: Any, **kw: Any) -> Any:
        return await self._managed("tx_read", self._inner.execute_read, fn, *args, **kw)

    async def begin_transaction(self, *args: Any, **kw: Any) -> _RecordingTx:
        """An explicit transaction, recorded as one unit (replayed as a managed transaction of its access mode)."""
        unit = Unit(self._tx_kind)
        self._recorder.units.append(unit)
        return _RecordingTx(await self._inner.begin_transaction(*args, **kw), unit)

    async def run(self, query: Any, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        text, timeout = _text(query)
        self._recorder.units.append(Unit(self._run_kind, [Statement(text, {**(parameters or {}), **kwargs}, timeout)]))
        return await self._inner.run(query, parameters, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class Recorder:
    """Forwards to the real driver; `units` lists what was sent since the last `reset()`."""

    def __init__(self, inner: AsyncDriver) -> None:
        self._inner = inner
        self.units: list[Unit] = []
        self.enabled = True

    def reset(self) -> None:
        self.units = []

    async def execute_query(self, query: Any, parameters: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if self.enabled:
            text, timeout = _text(query)
            routing = str(kwargs.get("routing_", "w")).lower()
            kind = "read" if routing.endswith("r") or "read" in routing else "write"
            params = {**(parameters or {}), **{k: v for k, v in kwargs.items() if not k.endswith("_")}}
            self.units.append(Unit(kind, [Statement(text, params, timeout)]))
        return await self._inner.execute_query(query, parameters, **kwargs)

    def session(self, **kwargs: Any) -> Any:
        inner = self._inner.session(**kwargs)
        read_access = kwargs.get("default_access_mode") == READ_ACCESS
        return _RecordingSession(inner, self, read_access=read_access) if self.enabled else inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class InProcessService:
    """The app from service.http.app.create_app, lifespan running, answering ASGI requests without a socket."""

    def __init__(self, settings: Settings, *, record: bool = True) -> None:
        self.settings = settings
        self.record = record
        self.recorder: Recorder | None = None
        self._stack = contextlib.AsyncExitStack()
        self.app: Any = None

    def _driver(self, settings: Settings) -> Any:
        """create_app's driver factory: the real driver, behind a Recorder when recording."""
        driver = create_driver(settings)
        if not self.record:
            return driver
        self.recorder = Recorder(driver)
        return self.recorder

    async def __aenter__(self) -> InProcessService:
        self.app = create_app(self.settings, driver_factory=self._driver)
        await self._stack.enter_async_context(self.app.router.lifespan_context(self.app))
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._stack.aclose()

    async def post(self, body: dict[str, Any], headers: dict[str, str] | None = None) -> tuple[int, Any]:
        """POST a GraphQL body to /graphql; (status, parsed JSON answer)."""
        status, raw = await asgi_post(self.app, "/graphql", orjson.dumps(body), headers or {})
        return status, orjson.loads(raw) if raw else None

    async def root_fields(self) -> set[str]:
        """The names of the schema's query and mutation root fields, asked of the app by introspection."""
        doc = "{ __schema { queryType { fields { name } } mutationType { fields { name } } } }"
        status, body = await self.post({"query": doc})
        if status != 200 or not isinstance(body, dict) or body.get("errors"):
            raise RuntimeError(f"introspection failed: HTTP {status}: {body}")
        roots = body["data"]["__schema"]
        return {f["name"] for kind in ("queryType", "mutationType") for f in (roots[kind] or {}).get("fields", [])}


async def asgi_post(app: Any, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """One HTTP POST through an ASGI app; (status, body)."""
    raw_headers = [(b"content-type", b"application/json"), (b"host", b"bench")]
    raw_headers += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": raw_headers,
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


@contextlib.asynccontextmanager
async def in_process(settings: Settings, *, record: bool = True) -> AsyncIterator[InProcessService]:
    """`async with in_process(settings) as svc:` the service app, lifespan started and stopped."""
    async with InProcessService(settings, record=record) as svc:
        yield svc
