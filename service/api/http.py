"""The /graphql HTTP endpoint: the fast path for compiled queries, Strawberry's ASGI app for everything else."""

from __future__ import annotations

import time
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from service.api.fastpath import FastPath, Prepared
from service.auth.authenticate import ensure_credentials

_MAX_BODY = 1 << 20  # 1 MiB: a GraphQL document with variables is far smaller


class GraphQLEndpoint:
    """ASGI app for /graphql: times every request for /metrics and answers compiled queries on the fast path."""

    def __init__(self, strawberry_app: GraphQL[Any, Any], fastpath: FastPath | None) -> None:
        self.strawberry_app = strawberry_app
        self.fastpath = fastpath

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.strawberry_app(scope, receive, send)  # WebSocket subscriptions
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self._handle(scope, receive, send_wrapper)
        finally:
            scope["app"].state.metrics.observe_request(time.perf_counter() - started, status)

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.fastpath is None or scope["method"] != "POST" or not _is_json(scope):
            await self.strawberry_app(scope, receive, send)
            return
        body, more = await _read_body(receive)
        if not more:
            answered = await self._try_fast(scope, body, send)
            if answered:
                return
        await self.strawberry_app(scope, _replay(body, more, receive), send)

    async def _try_fast(self, scope: Scope, body: bytes, send: Send) -> bool:
        assert self.fastpath is not None
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return False  # Strawberry answers malformed bodies with its own 400
        if not isinstance(payload, dict):
            return False
        query, operation_name, variables = payload.get("query"), payload.get("operationName"), payload.get("variables")
        if (
            not isinstance(query, str)
            or not (operation_name is None or isinstance(operation_name, str))
            or not (variables is None or isinstance(variables, dict))
        ):
            return False
        prepared = self.fastpath.prepare(query, operation_name)
        if not isinstance(prepared, Prepared):
            return False  # invalid documents, most mutations, introspection: Strawberry answers them
        request = Request(scope)
        # The same context factory Strawberry uses (auth included); the fast path writes no headers, so the
        # response argument is a throwaway.
        context = await self.strawberry_app.get_context(request, Response())
        if not prepared.mutation:
            await ensure_credentials(context)  # a read checks a deferred token's revocation first (an update, itself)
        if getattr(context, "auth_error", None) is not None:
            return False  # Strawberry answers bad credentials with their code (INVALID_TOKEN, TOKEN_EXPIRED, ...)
        result = await self.fastpath.execute(prepared, variables, context)
        if result is None:
            return False
        content = orjson.dumps(result)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": content})
        return True


def _is_json(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return bool(value.split(b";", 1)[0].strip().lower() == b"application/json")
    return False


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The request body, and whether more remains unread (over the fast path's size cap)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), False
        if size > _MAX_BODY:
            return b"".join(chunks), True


def _replay(body: bytes, more: bool, receive: Receive) -> Receive:
    """A receive callable that first hands back the body already read, then the rest of the stream."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay
