"""Token secrets without a database: JWT signing and expiry, API-key shape, salted hashes, header parsing, TTLs."""

from __future__ import annotations

import datetime as dt

import pytest
import typer
from pydantic import ValidationError

from service.auth.authenticate import VerifiedKeys, bearer_from_connection_params, bearer_from_header
from service.auth.cli import parse_ttl
from service.auth.models import ApiToken, TokenKind
from service.auth.tokens import (
    decode_jwt,
    digest,
    encode_jwt,
    is_api_key,
    matches,
    new_api_key,
    new_salt,
    split_api_key,
)
from service.core.context import Principal
from service.core.errors import InvalidTokenError, TokenExpiredError
from service.core.settings import DEV_JWT_SECRET, Settings
from service.model.enums import TokenRole

KEY = "k" * 40


def _jwt(*, expires_in: dt.timedelta, key: str = KEY, issuer: str = "partnernet") -> str:
    now = dt.datetime.now(dt.UTC)
    return encode_jwt(
        token_id="abc",
        subject="alice",
        role="editor",
        issued_at=now,
        expires_at=now + expires_in,
        key=key,
        issuer=issuer,
    )


def test_jwt_round_trip() -> None:
    claims = decode_jwt(_jwt(expires_in=dt.timedelta(hours=1)), key=KEY, issuer="partnernet")
    assert (claims.token_id, claims.subject, claims.role) == ("abc", "alice", "editor")


def test_expired_jwt_says_so() -> None:
    with pytest.raises(TokenExpiredError) as info:
        decode_jwt(_jwt(expires_in=dt.timedelta(seconds=-10)), key=KEY, issuer="partnernet")
    assert info.value.code == "TOKEN_EXPIRED"


@pytest.mark.parametrize(
    "raw",
    [
        "garbage",
        "a.b.c",
        _jwt(expires_in=dt.timedelta(hours=1), key="x" * 40),  # signed with another key
        _jwt(expires_in=dt.timedelta(hours=1), issuer="someone-else"),
        _jwt(expires_in=dt.timedelta(hours=1)) + "x",  # tampered signature
    ],
)
def test_bad_jwts_are_invalid(raw: str) -> None:
    with pytest.raises(InvalidTokenError) as info:
        decode_jwt(raw, key=KEY, issuer="partnernet")
    assert info.value.code == "INVALID_TOKEN"


def test_api_keys_name_their_token_and_hash_with_a_salt() -> None:
    key = new_api_key("0123456789abcdef")
    assert is_api_key(key)
    assert split_api_key(key) == ("0123456789abcdef", key)
    salt, other_salt = new_salt(), new_salt()
    assert matches(key, salt, digest(key, salt))
    assert not matches(key + "x", salt, digest(key, salt))
    assert digest(key, salt) != digest(key, other_salt)


@pytest.mark.parametrize("raw", ["pnk_", "pnk__secret", "pnk_id_"])
def test_malformed_api_keys_are_invalid(raw: str) -> None:
    with pytest.raises(InvalidTokenError):
        split_api_key(raw)


@pytest.mark.parametrize(
    ("header", "token"),
    [(None, None), ("", None), ("Bearer abc", "abc"), ("bearer   abc ", "abc"), ("BEARER abc", "abc")],
)
def test_bearer_header(header: str | None, token: str | None) -> None:
    assert bearer_from_header(header) == token


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Token abc"])
def test_other_schemes_are_invalid(header: str) -> None:
    with pytest.raises(InvalidTokenError):
        bearer_from_header(header)


def test_websocket_init_payload() -> None:
    assert bearer_from_connection_params({"Authorization": "Bearer t1"}) == "t1"
    assert bearer_from_connection_params({"authorization": "Bearer t2"}) == "t2"
    assert bearer_from_connection_params({"token": "t3"}) == "t3"
    assert bearer_from_connection_params({}) is None
    assert bearer_from_connection_params(None) is None


@pytest.mark.parametrize(
    ("text", "seconds"), [("90d", 90 * 86400), ("12h", 43200), ("30m", 1800), ("45s", 45), ("2", 2 * 86400)]
)
def test_ttl(text: str, seconds: int) -> None:
    assert parse_ttl(text) == dt.timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["0d", "-1d", "soon", "5w"])
def test_bad_ttl(text: str) -> None:
    with pytest.raises(typer.BadParameter):
        parse_ttl(text)


def test_roles_are_ordered() -> None:
    assert TokenRole.VIEWER.rank < TokenRole.EDITOR.rank < TokenRole.ADMIN.rank


def test_prod_needs_a_real_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARTNERNET_JWT_SECRET", raising=False)
    with pytest.raises(ValidationError, match="PARTNERNET_JWT_SECRET"):
        Settings(_env_file=None, environment="prod")  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="PARTNERNET_JWT_SECRET"):
        Settings(_env_file=None, environment="prod", jwt_secret=DEV_JWT_SECRET)  # type: ignore[call-arg]
    with pytest.raises(ValidationError, match="32"):
        Settings(_env_file=None, jwt_secret="short")  # type: ignore[call-arg]
    good = Settings(_env_file=None, environment="prod", jwt_secret="s" * 48)  # type: ignore[call-arg]
    assert good.signing_key == "s" * 48
    assert Settings(_env_file=None).signing_key == DEV_JWT_SECRET  # type: ignore[call-arg]


def test_verified_keys_are_bounded_and_keep_no_secret() -> None:
    keys = VerifiedKeys(size=2)
    token = ApiToken(
        id="t1", name="sync", role=TokenRole.EDITOR, kind=TokenKind.API_KEY,
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), expires_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        revoked_at=None, created_by=None,
    )  # fmt: skip
    for n in range(3):
        keys.put(f"pnk_t1_secret{n}", Principal("sync", "editor", "t1"), token.expires_at)
    assert len(keys) == 2
    assert keys.get("pnk_t1_secret0") is None  # the least recently used one went
    found = keys.get("pnk_t1_secret2")
    assert found is not None
    assert found.principal.role == "editor"
    assert keys.get("pnk_t1_other") is None
    assert not any("secret" in k for k in keys._keys)  # held as digests
