"""The token store: issue, look up, list and revoke `(:ApiToken)` nodes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import AsyncDriver

from service.auth import cypher
from service.auth.models import ApiToken, IssuedToken, TokenKind, iso_instant, utc_now
from service.auth.tokens import digest, encode_jwt, new_api_key, new_salt, new_token_id
from service.core.errors import InvalidInputError, NotFoundError
from service.core.settings import Settings
from service.db.driver import read, write
from service.model.enums import TokenRole


async def create_token(
    driver: AsyncDriver,
    *,
    settings: Settings,
    name: str,
    role: TokenRole,
    kind: TokenKind = TokenKind.JWT,
    ttl: dt.timedelta | None = None,
    created_by: str | None = None,
) -> IssuedToken:
    """Issue a token and store its salted hash; returns the record and the secret (shown once, never stored)."""
    name = name.strip()
    if not name:
        raise InvalidInputError("a token needs a name saying who or what uses it", field="name")
    now = utc_now()
    expires = now + (ttl if ttl is not None else dt.timedelta(days=settings.token_ttl_days))
    token_id = new_token_id()
    if kind is TokenKind.JWT:
        secret = encode_jwt(
            token_id=token_id,
            subject=name,
            role=role.value,
            issued_at=now,
            expires_at=expires,
            key=settings.signing_key,
            issuer=settings.jwt_issuer,
        )
    else:
        secret = new_api_key(token_id)
    salt = new_salt()
    records = await write(
        driver,
        cypher.CREATE_TOKEN,
        {
            "id": token_id,
            "name": name,
            "role": role.value,
            "kind": kind.value,
            "hash": digest(secret, salt),
            "salt": salt,
            "createdAt": iso_instant(now),
            "expiresAt": iso_instant(expires),
            "createdBy": created_by,
        },
        database=settings.neo4j_database,
        timeout_s=settings.query_timeout_s,
    )
    return IssuedToken(token=ApiToken.from_record(records[0]["token"]), secret=secret)


async def get_token_with_hash(
    driver: AsyncDriver, *, settings: Settings, token_id: str
) -> tuple[ApiToken, str, str] | None:
    """(token, hash, salt) of the token with this id, or None."""
    records = await read(
        driver,
        cypher.GET_TOKEN,
        {"id": token_id},
        database=settings.neo4j_database,
        timeout_s=settings.query_timeout_s,
    )
    if not records:
        return None
    rec: dict[str, Any] = records[0]["token"]
    return ApiToken.from_record(rec), rec["hash"], rec["salt"]


async def list_tokens(driver: AsyncDriver, *, settings: Settings) -> list[ApiToken]:
    """Every issued token, oldest first (revoked and expired ones included)."""
    records = await read(
        driver, cypher.LIST_TOKENS, database=settings.neo4j_database, timeout_s=settings.query_timeout_s
    )
    return [ApiToken.from_record(r["token"]) for r in records]


async def revoke_token(driver: AsyncDriver, *, settings: Settings, token_id: str) -> ApiToken:
    """Mark the token revoked from now on (a second revoke keeps the first time); NOT_FOUND for an unknown id."""
    records = await write(
        driver,
        cypher.REVOKE_TOKEN,
        {"id": token_id, "now": iso_instant(utc_now())},
        database=settings.neo4j_database,
        timeout_s=settings.query_timeout_s,
    )
    if not records:
        raise NotFoundError(f"no token with id {token_id!r}", field="id")
    return ApiToken.from_record(records[0]["token"])
