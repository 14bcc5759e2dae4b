"""Turn a bearer token into a Principal, and check a caller's role before it changes anything."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import AsyncDriver

from service.api.context import Context, Principal
from service.auth.models import TokenKind, TokenRole, utc_now
from service.auth.repository import get_token_with_hash
from service.auth.tokens import decode_jwt, is_api_key, matches, split_api_key
from service.errors import (
    ForbiddenError,
    InvalidTokenError,
    PartnernetError,
    TokenExpiredError,
    TokenRevokedError,
    UnauthenticatedError,
)
from service.settings import Settings


def bearer_from_header(value: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` value; None when absent; INVALID_TOKEN for other schemes."""
    if value is None or not value.strip():
        return None
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidTokenError("send credentials as 'Authorization: Bearer <token>'")
    return token.strip()


def bearer_from_connection_params(params: Mapping[str, Any] | None) -> str | None:
    """The token of a graphql-transport-ws `connection_init` payload.

    Accepts `{"Authorization": "Bearer <token>"}` (any case of the key), as browsers cannot set WebSocket
    headers, or `{"token": "<token>"}`.
    """
    if not params:
        return None
    for key, value in params.items():
        if key.lower() == "authorization" and isinstance(value, str):
            return bearer_from_header(value)
    token = params.get("token")
    if isinstance(token, str) and token.strip():
        return token.strip()
    return None


async def authenticate(driver: AsyncDriver, *, settings: Settings, raw: str) -> Principal:
    """The Principal a bearer token stands for; INVALID_TOKEN, TOKEN_EXPIRED or TOKEN_REVOKED when it fails.

    Every token, JWT or API key, is looked up in the graph so that a revocation takes effect at once on every
    instance of the service.
    """
    if is_api_key(raw):
        token_id, secret = split_api_key(raw)
        jwt_subject: str | None = None
    else:
        claims = decode_jwt(raw, key=settings.signing_key, issuer=settings.jwt_issuer)
        token_id, secret, jwt_subject = claims.token_id, raw, claims.subject
    found = await get_token_with_hash(driver, settings=settings, token_id=token_id)
    if found is None:
        raise InvalidTokenError("the bearer token was not issued by this service")
    token, stored_hash, salt = found
    if not matches(secret, salt, stored_hash):
        raise InvalidTokenError("the bearer token does not match the issued one")
    if jwt_subject is not None and (token.kind is not TokenKind.JWT or jwt_subject != token.name):
        raise InvalidTokenError("the bearer token does not match the issued one")
    if token.revoked_at is not None:
        raise TokenRevokedError(f"the bearer token {token.id} was revoked; ask an operator for a new one")
    if token.expires_at <= utc_now():
        raise TokenExpiredError("the bearer token has expired; ask an operator for a new one")
    return Principal(subject=token.name, role=token.role.value, token_id=token.id)


async def resolve_principal(
    driver: AsyncDriver, *, settings: Settings, raw: str | None
) -> tuple[Principal | None, PartnernetError | None]:
    """(principal, None) for a good token, (None, None) for none, (None, error) for a bad one or a failed lookup."""
    if raw is None:
        return None, None
    try:
        return await authenticate(driver, settings=settings, raw=raw), None
    except PartnernetError as exc:
        return None, exc


def require_role(ctx: Context, minimum: TokenRole) -> Principal:
    """The caller, when its token is good and its role is `minimum` or stronger; else the matching error."""
    if ctx.auth_error is not None:
        raise ctx.auth_error
    if ctx.principal is None:
        raise UnauthenticatedError(
            "this operation changes the graph and needs a bearer token (Authorization: Bearer <token>)"
        )
    if TokenRole(ctx.principal.role).rank < minimum.rank:
        raise ForbiddenError(
            f"this operation needs the {minimum.value} role or stronger; your token has {ctx.principal.role}"
        )
    return ctx.principal


def require_good_credentials(ctx: Context) -> None:
    """Reads are open to anonymous callers, but credentials that were sent must be good."""
    if ctx.auth_error is not None:
        raise ctx.auth_error


async def principal_from_header(
    driver: AsyncDriver, *, settings: Settings, header: str | None
) -> tuple[Principal | None, PartnernetError | None]:
    """The caller named by an `Authorization` header value, as (principal, error); both None when anonymous."""
    try:
        raw = bearer_from_header(header)
    except PartnernetError as exc:
        return None, exc
    return await resolve_principal(driver, settings=settings, raw=raw)


async def principal_from_connection_params(
    driver: AsyncDriver, *, settings: Settings, params: Mapping[str, Any] | None
) -> tuple[Principal | None, PartnernetError | None] | None:
    """Like `principal_from_header` for a WebSocket `connection_init` payload; None when it carries no token."""
    try:
        raw = bearer_from_connection_params(params)
    except PartnernetError as exc:
        return None, exc
    if raw is None:
        return None
    return await resolve_principal(driver, settings=settings, raw=raw)
