"""/graphql over HTTP (GraphQL over HTTP: POST and GET) and WebSocket, into the one Strawberry pipeline.

HTTP requests are read here (bounded body, JSON parameters), get a Context with the caller's credentials, run
through `schema.execute`, and are answered as `application/graphql-response+json` when the client accepts it
(status codes per error class) or as `application/json`. WebSocket connections (subscriptions, and queries over
graphql-transport-ws) go to Strawberry's ASGI app, which runs the same schema, extensions and stage.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http.ides import get_graphql_ide_html
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UnsetType

from service.auth.authenticate import (
    VerifiedKeys,
    context_credentials,
    ensure_credentials,
    principal_from_connection_params,
)
from service.core.context import Context
from service.core.settings import Settings

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
MAX_BODY = 1 << 20  # 1 MiB: a GraphQL document with its variables is far smaller


class RequestError(Exception):
    """A request that is not a GraphQL-over-HTTP request: answered with `status` and one error, no `data`."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def request_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is a short printable token, else a new one."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            text: str = value.decode("latin-1").strip()
            if 0 < len(text) <= 64 and text.isprintable() and " " not in text:
                return text
    return uuid.uuid4().hex[:16]


async def read_body(receive: Receive, limit: int) -> bytes:
    """The request body, refused with 413 once it passes `limit` bytes (never buffering more than that)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise RequestError(413, f"the request body is larger than {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _media_type(headers: Mapping[str, str]) -> str:
    accept = headers.get("accept")
    if not accept:
        return JSON
    kinds = [part.split(";", 1)[0].strip().lower() for part in accept.split(",")]
    if GRAPHQL_RESPONSE in kinds:
        return GRAPHQL_RESPONSE
    if JSON in kinds or "*/*" in kinds or "application/*" in kinds:
        return JSON
    raise RequestError(406, f"cannot answer with {accept}; accept {GRAPHQL_RESPONSE} or {JSON}")


def _params(raw: Any) -> tuple[str, str | None, dict[str, Any] | None, dict[str, Any] | None]:
    if not isinstance(raw, dict):
        raise RequestError(400, "the request must be a JSON object with a `query`")
    query, name, variables, extensions = (
        raw.get("query"),
        raw.get("operationName"),
        raw.get("variables"),
        raw.get("extensions"),
    )
    if not isinstance(query, str) or not query.strip():
        raise RequestError(400, "`query` must be a non-empty string holding a GraphQL document")
    if name is not None and not isinstance(name, str):
        raise RequestError(400, "`operationName` must be a string or null")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError(400, "`variables` must be a JSON object or null")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestError(400, "`extensions` must be a JSON object or null")
    return query, name, variables, extensions


def _query_params(request: Request) -> dict[str, Any]:
    raw: dict[str, Any] = dict(request.query_params)
    for key in ("variables", "extensions"):
        if key in raw:
            try:
                raw[key] = orjson.loads(raw[key])
            except orjson.JSONDecodeError as exc:
                raise RequestError(400, f"`{key}` is not JSON: {exc}") from None
    return raw


class GraphQLEndpoint:
    """ASGI app for /graphql."""

    def __init__(self, schema: Any, settings: Settings) -> None:
        self.schema = schema
        self.settings = settings
        self.ws = _WebSocketApp(schema, graphql_ide=None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self.ws(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def timed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self._http(scope, receive, timed_send)
        finally:
            scope["app"].state.metrics.observe_request(time.perf_counter() - started, status)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        rid = request_id(scope)
        headers = {"x-request-id": rid}
        request = Request(scope, receive)
        try:
            media = _media_type(request.headers)
            if scope["method"] == "GET":
                if self.settings.environment == "dev" and "text/html" in request.headers.get("accept", ""):
                    await _send(send, 200, get_graphql_ide_html(graphql_ide="graphiql").encode(), "text/html", headers)
                    return
                query, name, variables, _ = _params(_query_params(request))
                allowed: tuple[OperationType, ...] = (OperationType.QUERY,)
            elif scope["method"] == "POST":
                content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                if content_type != JSON:
                    raise RequestError(415, f"send the request as {JSON}")
                body = await read_body(receive, MAX_BODY)
                try:
                    raw = orjson.loads(body)
                except orjson.JSONDecodeError as exc:
                    raise RequestError(400, f"the body is not JSON: {exc}") from None
                query, name, variables, _ = _params(raw)
                allowed = (OperationType.QUERY, OperationType.MUTATION)
            else:
                raise RequestError(405, "use GET or POST", {"allow": "GET, POST"})
        except RequestError as exc:
            headers |= exc.headers
            body = orjson.dumps({"errors": [{"message": exc.message, "extensions": {"code": "BAD_REQUEST"}}]})
            await _send(send, exc.status, body, JSON, headers)
            return
        ctx = Context(driver=scope["app"].state.driver, settings=self.settings, request=request, request_id=rid)
        await context_credentials(
            ctx, header=request.headers.get("authorization"), keys=scope["app"].state.verified_keys
        )
        try:
            result = await self.schema.execute(
                query, variable_values=variables, context_value=ctx, operation_name=name,
                allowed_operation_types=allowed,
            )  # fmt: skip
        except InvalidOperationTypeError:
            body = orjson.dumps({"errors": [{"message": "mutations and subscriptions are sent with POST",
                                             "extensions": {"code": "BAD_REQUEST"}}]})  # fmt: skip
            await _send(send, 405, body, JSON, headers | {"allow": "POST"})
            return
        except CannotGetOperationTypeError as exc:
            body = orjson.dumps({"errors": [{"message": str(exc), "extensions": {"code": "BAD_REQUEST"}}]})
            await _send(send, 400 if media == GRAPHQL_RESPONSE else 200, body, media, headers)
            return
        payload: dict[str, Any] = {}
        status = 200
        errors = result.errors or []
        started = any(e.path is not None for e in errors) or result.data is not None
        if errors:
            payload["errors"] = [e.formatted for e in errors]
        if started:
            payload["data"] = result.data
        elif media == GRAPHQL_RESPONSE:
            status = 400
        if result.extensions:
            payload["extensions"] = result.extensions
        await _send(send, status, orjson.dumps(payload), media, headers)


async def _send(send: Send, status: int, body: bytes, media: str, headers: Mapping[str, str]) -> None:
    raw = [(b"content-type", f"{media}; charset=utf-8".encode() if media.startswith("text/") else media.encode()),
           (b"content-length", str(len(body)).encode())]  # fmt: skip
    raw += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class _WebSocketApp(GraphQL[Context, None]):
    """Strawberry's ASGI app for WebSocket connections: the same schema, with the request's Context."""

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket | None) -> Context:
        state = request.app.state
        ctx = Context(driver=state.driver, settings=state.settings, request=request, response=response,
                      request_id=request_id(request.scope))  # fmt: skip
        keys: VerifiedKeys = state.verified_keys
        await context_credentials(ctx, header=request.headers.get("authorization"), keys=keys)
        return ctx

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        await ensure_credentials(context)  # a header's token is checked now: a subscription outlives requests
        found = await principal_from_connection_params(
            context.driver, settings=context.settings, params=context.connection_params
        )
        if found is not None:
            context.principal, context.auth_error = found
        if context.auth_error is not None:
            # Acknowledge, so the client learns why: every operation on this connection then fails with the code.
            error = context.auth_error
            return {"authError": {"code": error.code, "message": error.message}}
        return await super().on_ws_connect(context)
