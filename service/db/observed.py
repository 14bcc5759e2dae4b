"""A driver proxy that reports each statement and unit of work to a listener (metrics, logs, traces) and how many
units hold or wait for a pooled connection; everything else goes to the real driver unchanged."""

# The driver has no public API for its pool's figures, so they are counted here: a unit of work (an
# `execute_query` call, or a session from enter to exit) holds at most one connection; units beyond the pool's
# size are waiting for one. Only public driver methods are wrapped.

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, cast

from neo4j import READ_ACCESS, AsyncDriver


class DriverListener(Protocol):
    """What the proxy reports; every method must be cheap and must not raise."""

    def on_statement(self, text: str, access: str) -> None:
        """One statement sent (`access`: "read" or "write")."""

    def on_work(self, access: str, started: float, seconds: float, failed: bool) -> None:
        """One unit of work ended (`started`: time.time() at its start)."""

    def on_pool(self, in_use: int, waiting: int) -> None:
        """The units holding a connection and the units waiting for one changed."""


def _text(query: Any) -> str:
    return str(getattr(query, "text", query))


class _Units:
    """Units of work in progress, against the pool's size."""

    def __init__(self, listener: DriverListener, pool_size: int) -> None:
        self.listener = listener
        self.pool_size = pool_size
        self.active = 0

    def enter(self) -> float:
        self.active += 1
        self._report()
        return time.perf_counter()

    def leave(self, access: str, started: float, failed: bool) -> None:
        self.active -= 1
        self._report()
        seconds = time.perf_counter() - started
        self.listener.on_work(access, time.time() - seconds, seconds, failed)

    def _report(self) -> None:
        self.listener.on_pool(min(self.active, self.pool_size), max(0, self.active - self.pool_size))


class _Tx:
    """A transaction whose statements are reported; the rest is the driver's transaction."""

    def __init__(self, inner: Any, listener: DriverListener, access: str) -> None:
        self._inner = inner
        self._listener = listener
        self._access = access

    async def run(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._listener.on_statement(_text(query), self._access)
        return await self._inner.run(query, *args, **kwargs)

    async def __aenter__(self) -> _Tx:
        await self._inner.__aenter__()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self._inner.__aexit__(*exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _Session:
    """A session counted as one unit of work from enter to exit, its statements reported."""

    def __init__(self, inner: Any, units: _Units, access: str) -> None:
        self._inner = inner
        self._units = units
        self._access = access
        self._started = 0.0

    async def __aenter__(self) -> _Session:
        self._started = self._units.enter()
        try:
            await self._inner.__aenter__()
        except BaseException:
            self._units.leave(self._access, self._started, True)
            raise
        return self

    async def __aexit__(self, *exc: Any) -> None:
        try:
            await self._inner.__aexit__(*exc)
        finally:
            self._units.leave(self._access, self._started, exc[0] is not None)

    async def run(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._units.listener.on_statement(_text(query), self._access)
        return await self._inner.run(query, *args, **kwargs)

    async def begin_transaction(self, *args: Any, **kwargs: Any) -> _Tx:
        return _Tx(await self._inner.begin_transaction(*args, **kwargs), self._units.listener, self._access)

    async def execute_read(self, fn: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
        return await self._inner.execute_read(self._wrap(fn, "read"), *args, **kwargs)

    async def execute_write(self, fn: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
        return await self._inner.execute_write(self._wrap(fn, "write"), *args, **kwargs)

    def _wrap(self, fn: Callable[..., Awaitable[Any]], access: str) -> Callable[..., Awaitable[Any]]:
        self._access = access
        listener = self._units.listener

        async def work(tx: Any, *args: Any, **kwargs: Any) -> Any:
            return await fn(_Tx(tx, listener, access), *args, **kwargs)

        for attr in ("timeout", "metadata"):  # what `neo4j.unit_of_work` set on the function
            if hasattr(fn, attr):
                setattr(work, attr, getattr(fn, attr))
        return work

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class ObservedDriver:
    """The real driver behind a listener (see the module docstring)."""

    def __init__(self, inner: AsyncDriver, listener: DriverListener, *, pool_size: int) -> None:
        self.inner = inner
        self._units = _Units(listener, pool_size)

    async def execute_query(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        routing = str(kwargs.get("routing_", "w")).lower()
        access = "read" if routing.endswith("r") or "read" in routing else "write"
        self._units.listener.on_statement(_text(query), access)
        started = self._units.enter()
        failed = True
        try:
            result = await self.inner.execute_query(query, *args, **kwargs)
            failed = False
            return result
        finally:
            self._units.leave(access, started, failed)

    def session(self, *args: Any, **kwargs: Any) -> Any:
        access = "read" if kwargs.get("default_access_mode") == READ_ACCESS else "write"
        return _Session(self.inner.session(*args, **kwargs), self._units, access)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def observe_driver(driver: AsyncDriver, listener: DriverListener, *, pool_size: int) -> AsyncDriver:
    """`driver` behind an ObservedDriver reporting to `listener`."""
    # Typed as the driver it stands for: it answers every method the service calls on one.
    return cast(AsyncDriver, ObservedDriver(driver, listener, pool_size=pool_size))
