"""Security headers on every response, and CORS from the settings (no wildcard with credentials)."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.core.settings import Settings

_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    # The explorer loads nothing from elsewhere; GraphiQL (dev only) loads its scripts from a CDN.
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
     b"frame-ancestors 'none'"),
]  # fmt: skip
_GRAPHIQL_CSP = (
    b"default-src 'self' https://unpkg.com; script-src 'self' 'unsafe-inline' 'unsafe-eval' https://unpkg.com; "
    b"style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; connect-src 'self'"
)


class SecurityHeaders:
    """Adds the headers above (and HSTS in prod) to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp, *, prod: bool) -> None:
        self.app = app
        self.extra = [*_HEADERS, *([(b"strict-transport-security", b"max-age=31536000")] if prod else [])]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                for name, value in self.extra:
                    if name not in present:
                        is_ide = name == b"content-security-policy" and (b"x-graphiql", b"1") in headers
                        headers.append((name, _GRAPHIQL_CSP if is_ide else value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def middleware(settings: Settings) -> list[Middleware]:
    """The app's middleware, outermost first: the security headers, then CORS when origins are configured."""
    stack = [Middleware(SecurityHeaders, prod=settings.environment == "prod")]
    if settings.cors_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_credentials=settings.cors_allow_credentials,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=[
                    "authorization",
                    "content-type",
                    "idempotency-key",
                    "x-request-id",
                    "graphql-require-preflight",
                ],
                expose_headers=["x-request-id", "retry-after"],
                max_age=600,
            )
        )
    return stack
