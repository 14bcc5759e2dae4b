"""Turn a bearer token into a Principal, and check a caller's role before it changes anything."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from neo4j import AsyncDriver

from service.auth.models import ApiToken, TokenKind, utc_now
from service.auth.repository import get_token_with_hash
from service.auth.tokens import decode_jwt, is_api_key, matches, split_api_key
from service.core.context import Context, Principal, Role
from service.core.errors import (
    ForbiddenError,
    InvalidTokenError,
    PartnernetError,
    TokenExpiredError,
    TokenRevokedError,
    UnauthenticatedError,
)
from service.core.lru import LRU
from service.core.settings import Settings
from service.model.enums import TokenRole


def role_of(role: TokenRole) -> Role:
    """A token role as the Principal holds it (TokenRole's values are the Role literals)."""
    return cast(Role, role.value)


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


@dataclass(frozen=True)
class _Verified:
    """What a verified API key stands for: the token's parts that never change once issued."""

    principal: Principal
    expires_at: dt.datetime


class VerifiedKeys:
    """Bearer tokens this process has verified, most recent last (bounded LRU): API keys checked against their
    stored salted hash, JWTs whose signature, issuer and claims held.

    Only what never changes after issue is kept (token id, name, role, expiry). Revocation is not cached:
    every use of a remembered key still checks it in the graph (a mutation inside its own statement, anything
    else by a lookup), so a revocation takes effect at once on every instance. Keys are held as SHA-256 digests.
    """

    def __init__(self, size: int = 1024) -> None:
        self._keys = LRU(size)  # SHA-256 of the token -> _Verified

    @staticmethod
    def _digest(raw: str) -> str:
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def get(self, raw: str) -> _Verified | None:
        """What the key stands for when this process verified it before (and it is still remembered)."""
        found: _Verified | None = self._keys.get_fresh(self._digest(raw))
        return found

    def put(self, raw: str, principal: Principal, expires_at: dt.datetime) -> None:
        """Remember a verified token; the least recently used one goes past `size`."""
        self._keys.put(self._digest(raw), _Verified(principal, expires_at))

    def __len__(self) -> int:
        return len(self._keys)


async def authenticate(driver: AsyncDriver, *, settings: Settings, raw: str) -> Principal:
    """The Principal a bearer token stands for; INVALID_TOKEN, TOKEN_EXPIRED or TOKEN_REVOKED when it fails.

    Every token, JWT or API key, is looked up in the graph so that a revocation takes effect at once on every
    instance of the service.
    """
    if is_api_key(raw):
        token_id, jwt_subject = split_api_key(raw)[0], None
    else:
        claims = decode_jwt(raw, key=settings.signing_key, issuer=settings.jwt_issuer)
        token_id, jwt_subject = claims.token_id, claims.subject
    found = await _lookup(driver, settings=settings, token_id=token_id)
    return _check(found, raw=raw, jwt_subject=jwt_subject)


async def authenticate_deferred(
    driver: AsyncDriver, *, settings: Settings, raw: str, keys: VerifiedKeys
) -> tuple[Principal, bool]:
    """(principal, pending): like `authenticate`, but without a lookup when the token proves itself.

    A JWT whose signature, issuer and expiry hold, or a token this process verified before (VerifiedKeys: a JWT
    is then not decoded again), gives its principal with `pending` True: whether the token was revoked is still
    to be checked in the graph (see `Context.pending_token`). Any other token is looked up at once, as
    `authenticate` does.
    """
    known = keys.get(raw)
    if known is not None:
        if known.expires_at <= utc_now():
            raise TokenExpiredError("the bearer token has expired; ask an operator for a new one")
        return known.principal, True
    if is_api_key(raw):
        found = await _lookup(driver, settings=settings, token_id=split_api_key(raw)[0])
        principal = _check(found, raw=raw, jwt_subject=None)
        keys.put(raw, principal, found[0].expires_at)
        return principal, False
    claims = decode_jwt(raw, key=settings.signing_key, issuer=settings.jwt_issuer)
    if claims.role not in {r.value for r in TokenRole}:
        raise InvalidTokenError("the bearer token carries an unknown role")
    principal = Principal(subject=claims.subject, role=role_of(TokenRole(claims.role)), token_id=claims.token_id)
    keys.put(raw, principal, claims.expires_at)
    return principal, True


async def _lookup(driver: AsyncDriver, *, settings: Settings, token_id: str) -> tuple[ApiToken, str, str]:
    found = await get_token_with_hash(driver, settings=settings, token_id=token_id)
    if found is None:
        raise InvalidTokenError("the bearer token was not issued by this service")
    return found


def _check(found: tuple[ApiToken, str, str], *, raw: str, jwt_subject: str | None) -> Principal:
    token, stored_hash, salt = found
    if not matches(raw, salt, stored_hash):
        raise InvalidTokenError("the bearer token does not match the issued one")
    if jwt_subject is not None and (token.kind is not TokenKind.JWT or jwt_subject != token.name):
        raise InvalidTokenError("the bearer token does not match the issued one")
    if token.revoked_at is not None:
        raise TokenRevokedError(f"the bearer token {token.id} was revoked; ask an operator for a new one")
    if token.expires_at <= utc_now():
        raise TokenExpiredError("the bearer token has expired; ask an operator for a new one")
    return Principal(subject=token.name, role=role_of(token.role), token_id=token.id)


async def ensure_credentials(ctx: Context) -> None:
    """Finish a deferred token check with a lookup (one statement): sets the principal or the auth error."""
    raw = ctx.pending_token
    if raw is None:
        return
    ctx.pending_token = None
    ctx.principal, ctx.auth_error = await resolve_principal(ctx.driver, settings=ctx.settings, raw=raw)


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


def require_role(ctx: Context, minimum: TokenRole, *, pending_ok: bool = False) -> Principal:
    """The caller, when its token is good and its role is `minimum` or stronger; else the matching error.

    A token whose revocation is not checked yet (`Context.pending_token`) passes only with `pending_ok`, for a
    caller that checks it in its own statement.
    """
    if ctx.pending_token is not None and not pending_ok:
        raise RuntimeError("the bearer token was not checked against the graph (call ensure_credentials first)")
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


async def require_good_credentials(ctx: Context) -> None:
    """Reads are open to anonymous callers, but credentials that were sent must be good (checked now if deferred)."""
    await ensure_credentials(ctx)
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


async def context_credentials(ctx: Context, *, header: str | None, keys: VerifiedKeys) -> None:
    """Set the context's caller from an `Authorization` header, deferring the revocation check when it can
    (`authenticate_deferred`): then `ctx.pending_token` holds the token until a statement or a lookup checks it."""
    try:
        raw = bearer_from_header(header)
        if raw is None:
            return
        principal, pending = await authenticate_deferred(ctx.driver, settings=ctx.settings, raw=raw, keys=keys)
    except PartnernetError as exc:
        ctx.auth_error = exc
        return
    ctx.principal = principal
    ctx.pending_token = raw if pending else None


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
