"""A small in-process HTTP client for the ASGI app: the app's lifespan runs, requests need no socket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import orjson
from starlette.applications import Starlette

from service.core.settings import Settings
from service.http.app import create_app


@dataclass
class Answer:
    """One response: status, headers (lower-case names) and the body (JSON decoded when it is JSON)."""

    status: int
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self) -> Any:
        return orjson.loads(self.raw)


class Client:
    """Sends requests straight into the ASGI app."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    async def request(
        self,
        method: str,
        path: str = "/graphql",
        *,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, str] | None = None,
        client: str = "10.0.0.1",
    ) -> Answer:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": urlencode(query or {}).encode(),
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()],
            "client": (client, 50000),
            "server": ("testserver", 80),
        }
        chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)] or [b""]
        sent = 0

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent < len(chunks):
                sent += 1
                return {"type": "http.request", "body": chunks[sent - 1], "more_body": sent < len(chunks)}
            await asyncio.Event().wait()  # the client stays connected until the response is complete
            return {"type": "http.disconnect"}

        status = 0
        out_headers: dict[str, str] = {}
        parts: list[bytes] = []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                out_headers.update({k.decode().lower(): v.decode() for k, v in message.get("headers", [])})
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return Answer(status, out_headers, b"".join(parts))

    async def post(
        self, document: str | None = None, *, accept: str = "application/json", client: str = "10.0.0.1", **extra: Any
    ) -> Answer:
        payload = ({"query": document} if document is not None else {}) | extra
        headers = {"content-type": "application/json", "accept": accept} | extra.pop("headers", {})
        payload.pop("headers", None)
        return await self.request("POST", body=orjson.dumps(payload), headers=headers, client=client)


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[Client]:
    """The app for `settings`, its lifespan running, as a client."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield Client(app)
