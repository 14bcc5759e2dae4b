"""Token secrets: HS256 JWTs signed with the configured key, and opaque API keys stored as salted HMACs."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import jwt

from service.core.errors import InvalidTokenError, TokenExpiredError

API_KEY_PREFIX = "pnk"
_ALGORITHM = "HS256"


def new_token_id() -> str:
    """A fresh random token id (16 hex digits)."""
    return secrets.token_hex(8)


def new_salt() -> str:
    """A fresh random per-token salt (hex)."""
    return secrets.token_hex(16)


def digest(secret: str, salt: str) -> str:
    """HMAC-SHA256 of `secret` keyed by the token's own salt: what the graph stores instead of the secret."""
    return hmac.new(bytes.fromhex(salt), secret.encode("utf-8"), hashlib.sha256).hexdigest()


def matches(secret: str, salt: str, stored: str) -> bool:
    """Whether `secret` hashes to `stored`, compared in constant time."""
    return hmac.compare_digest(digest(secret, salt), stored)


def new_api_key(token_id: str) -> str:
    """An opaque API key naming its token id: `pnk_<id>_<43 random characters>`."""
    return f"{API_KEY_PREFIX}_{token_id}_{secrets.token_urlsafe(32)}"


def is_api_key(raw: str) -> bool:
    """Whether a bearer string has the API-key shape (else it is treated as a JWT)."""
    return raw.startswith(API_KEY_PREFIX + "_")


def split_api_key(raw: str) -> tuple[str, str]:
    """(token id, key) of an API key; INVALID_TOKEN when it is not one."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or not parts[1] or not parts[2]:
        raise InvalidTokenError("the API key is malformed")
    return parts[1], raw


@dataclass(frozen=True)
class JwtClaims:
    """The claims partnernet reads from a verified JWT."""

    token_id: str
    subject: str
    role: str
    expires_at: dt.datetime


def encode_jwt(
    *, token_id: str, subject: str, role: str, issued_at: dt.datetime, expires_at: dt.datetime, key: str, issuer: str
) -> str:
    """A signed HS256 JWT carrying the token id (jti), subject, role, issuer and expiry."""
    claims = {
        "jti": token_id,
        "sub": subject,
        "role": role,
        "iss": issuer,
        "iat": int(issued_at.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(claims, key, algorithm=_ALGORITHM)


def decode_jwt(raw: str, *, key: str, issuer: str) -> JwtClaims:
    """Verify signature, issuer and expiry; TOKEN_EXPIRED or INVALID_TOKEN when they fail."""
    try:
        claims = jwt.decode(
            raw,
            key,
            algorithms=[_ALGORITHM],
            issuer=issuer,
            options={"require": ["exp", "jti", "sub", "iss"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenExpiredError("the bearer token has expired; ask an operator for a new one") from exc
    except jwt.InvalidTokenError as exc:
        raise InvalidTokenError(f"the bearer token is not valid: {exc}") from exc
    role = claims.get("role")
    if not isinstance(role, str):
        raise InvalidTokenError("the bearer token carries no role")
    return JwtClaims(
        token_id=str(claims["jti"]),
        subject=str(claims["sub"]),
        role=role,
        expires_at=dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC),
    )
