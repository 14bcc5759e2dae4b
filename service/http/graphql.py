"""/graphql over HTTP (GraphQL over HTTP: POST and GET) and WebSocket, into the one Strawberry pipeline.

HTTP requests are rate-limited per caller, read (bounded body, JSON parameters; GET only with a preflight-forcing
header), resolved through persisted queries, get a Context with the caller's credentials, run through
`schema.execute`, and are answered as `application/graphql-response+json` when the client accepts it (status codes
per error class, service/http/protocol.py) or as `application/json`. WebSocket connections (subscriptions, and
queries over graphql-transport-ws) go to Strawberry's ASGI app, which runs the same schema, extensions and stage.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
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
from service.http.observe import note_operation, note_refusal
from service.http.persisted import EXPLORER_MANIFEST, PersistedQueries, PersistedQueryError, load_registered
from service.http.protocol import (
    GRAPHQL_RESPONSE,
    JSON,
    RequestError,
    check_csrf,
    media_type,
    params,
    query_params,
    read_body,
    request_id,
    status_of,
)
from service.http.ratelimit import RateLimiter


class GraphQLEndpoint:
    """ASGI app for /graphql."""

    def __init__(self, schema: Any, settings: Settings) -> None:
        self.schema = schema
        self.settings = settings
        self.ws = _WebSocketApp(schema, graphql_ide=None)
        self.limiter = RateLimiter(settings.rate_limit_per_minute)
        extra = [settings.persisted_queries_file] if settings.persisted_queries_file else []
        self.persisted = PersistedQueries(settings.persisted_queries, load_registered([EXPLORER_MANIFEST, *extra]))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await self.ws(scope, receive, send)
            return
        # Timing, metrics and the request log are the edge layer's (service/http/edge.py).
        await self._http(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        rid = request_id(scope)
        headers: dict[str, str] = {}  # the edge adds the request id and the security headers (service/http/edge.py)
        request = Request(scope, receive)
        state = scope["app"].state
        if scope["method"] == "GET" and self.settings.graphiql_on and "text/html" in request.headers.get("accept", ""):
            ide = get_graphql_ide_html(graphql_ide="graphiql").encode()
            await _send(send, 200, ide, "text/html", headers | {"x-graphiql": "1"})
            return
        try:
            media = media_type(request.headers)
            wait = (
                self.limiter.take(RateLimiter.key(request.headers.get("authorization"), _client(scope)))
                if self.limiter.on
                else 0.0
            )
            if wait > 0:
                _count_refusal(state)
                raise RequestError(429, "too many requests: slow down and retry after the time given",
                                   {"retry-after": str(max(1, math.ceil(wait)))}, code="RATE_LIMITED")  # fmt: skip
            if scope["method"] == "GET":
                check_csrf(request.headers)
                query, name, variables, extensions = params(query_params(request.query_params))
                allowed: tuple[OperationType, ...] = (OperationType.QUERY,)
            elif scope["method"] == "POST":
                content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
                if content_type != JSON:
                    raise RequestError(415, f"send the request as {JSON}")
                body = await read_body(receive, self.settings.max_body_bytes)
                try:
                    raw = orjson.loads(body)
                except orjson.JSONDecodeError as exc:
                    raise RequestError(400, f"the body is not JSON: {exc}") from None
                query, name, variables, extensions = params(raw)
                allowed = (OperationType.QUERY, OperationType.MUTATION)
            else:
                raise RequestError(405, "use GET or POST", {"allow": "GET, POST"})
            try:
                document = self.persisted.resolve(query, extensions)
            except PersistedQueryError as exc:
                status = 400 if exc.code == "BAD_REQUEST" else 200
                raise RequestError(status if media == GRAPHQL_RESPONSE else 200, exc.message, code=exc.code) from None
        except RequestError as exc:
            note_refusal(exc.code)
            await _send(send, exc.status, exc.body(), JSON if exc.status >= 400 else media, headers | exc.headers)
            return
        ctx = Context(driver=state.driver, settings=self.settings, request=request, request_id=rid)
        await context_credentials(ctx, header=request.headers.get("authorization"), keys=state.verified_keys)
        try:
            result = await self.schema.execute(
                document, variable_values=variables, context_value=ctx, operation_name=name,
                allowed_operation_types=allowed, operation_extensions=extensions,
            )  # fmt: skip
        except InvalidOperationTypeError:
            refusal = RequestError(405, "mutations and subscriptions are sent with POST", {"allow": "POST"})
            await _send(send, 405, refusal.body(), JSON, headers | refusal.headers)
            return
        except CannotGetOperationTypeError as exc:
            refusal = RequestError(400, str(exc))
            await _send(send, 400 if media == GRAPHQL_RESPONSE else 200, refusal.body(), media, headers)
            return
        errors = result.errors or []
        executed = any(e.path is not None for e in errors) or result.data is not None
        payload: dict[str, Any] = {}
        if errors:
            payload["errors"] = [e.formatted for e in errors]
        if executed:
            payload["data"] = result.data
        if result.extensions:
            payload["extensions"] = result.extensions
        codes = [str((e.extensions or {}).get("code", "")) for e in errors]
        body = orjson.dumps(payload)
        if len(body) > self.settings.max_response_bytes:
            body = orjson.dumps({"data": None, "errors": [{
                "message": f"the answer is larger than {self.settings.max_response_bytes} bytes: ask for less",
                "extensions": {"code": "LIMIT_EXCEEDED", "size": len(body)},
            }]})  # fmt: skip
            codes = ["LIMIT_EXCEEDED"]
        note_operation(ctx, name, codes)
        await _send(send, status_of(media, executed, codes), body, media, headers)


def _client(scope: Scope) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def _count_refusal(state: Any) -> None:
    """Tell /metrics about a rate-limit refusal, when the app keeps such a counter."""
    metrics = getattr(state, "metrics", None)
    count = getattr(metrics, "rate_limited", None)
    if callable(count):
        count()


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
