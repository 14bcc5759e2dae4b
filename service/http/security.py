"""Security headers on every response, and CORS from the settings (no wildcard with credentials)."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

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
_CSP = b"content-security-policy"
_GRAPHIQL = (b"x-graphiql", b"1")  # what /graphql sets on GraphiQL's page
_GRAPHIQL_CSP = (
    b"default-src 'self' https://unpkg.com; script-src 'self' 'unsafe-inline' 'unsafe-eval' https://unpkg.com; "
    b"style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data:; connect-src 'self'"
)


class ResponseHeaders:
    """Completes the headers of every HTTP response (service/http/edge.py calls it once per response): the
    request's id and the security headers above (HSTS too in prod), each only when the response does not set it."""

    def __init__(self, *, prod: bool) -> None:
        self.extra = [*_HEADERS, *([(b"strict-transport-security", b"max-age=31536000")] if prod else [])]

    def complete(self, headers: Iterable[tuple[bytes, bytes]], request_id: bytes) -> list[tuple[bytes, bytes]]:
        """`headers` with what is missing appended (a new list)."""
        out = list(headers)
        present = {name.lower() for name, _ in out}
        if b"x-request-id" not in present:
            out.append((b"x-request-id", request_id))
        for name, value in self.extra:
            if name not in present:
                out.append((name, _GRAPHIQL_CSP if name == _CSP and _GRAPHIQL in out else value))
        return out


def cors(settings: Settings) -> list[Middleware]:
    """CORS as configured (PARTNERNET_CORS_ORIGINS): Starlette's middleware, or none when no origin is allowed."""
    if not settings.cors_origins:
        return []
    return [
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
    ]
