"""A real driver that counts the statements sent through it (counting only; nothing is mocked)."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncDriver


class CountingDriver:
    """Forwards to the real driver and records every statement: auto-commit queries, session runs and the
    statements of managed transactions."""

    def __init__(self, driver: AsyncDriver) -> None:
        self._driver = driver
        self.statements: list[str] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []  # (text, parameters) of each statement, in order

    def _record(self, query: Any, params: Any) -> None:
        text = str(getattr(query, "text", query))
        self.statements.append(text)
        self.calls.append((text, dict(params or {})))

    async def execute_query(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._record(query, args[0] if args else kwargs.get("parameters_"))
        return await self._driver.execute_query(query, *args, **kwargs)

    def session(self, *args: Any, **kwargs: Any) -> Any:
        counter = self
        inner = self._driver.session(*args, **kwargs)

        class CountingTx:
            def __init__(self, tx: Any) -> None:
                self._tx = tx

            async def run(self, query: Any, *a: Any, **k: Any) -> Any:
                counter._record(query, a[0] if a else k.get("parameters"))
                return await self._tx.run(query, *a, **k)

        async def managed(run: Any, fn: Any, *a: Any, **k: Any) -> Any:
            async def counted(tx: Any, *aa: Any, **kk: Any) -> Any:
                return await fn(CountingTx(tx), *aa, **kk)

            return await run(counted, *a, **k)

        class CountingSession:
            async def __aenter__(self) -> CountingSession:
                await inner.__aenter__()
                return self

            async def __aexit__(self, *exc: Any) -> None:
                await inner.__aexit__(*exc)

            async def run(self, query: Any, *a: Any, **k: Any) -> Any:
                counter._record(query, a[0] if a else k.get("parameters"))
                return await inner.run(query, *a, **k)

            async def execute_write(self, fn: Any, *a: Any, **k: Any) -> Any:
                return await managed(inner.execute_write, fn, *a, **k)

            async def execute_read(self, fn: Any, *a: Any, **k: Any) -> Any:
                return await managed(inner.execute_read, fn, *a, **k)

            def __getattr__(self, name: str) -> Any:
                return getattr(inner, name)

        return CountingSession()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)
