"""The token store and `partnernet token create|list|revoke`, against the real graph."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from neo4j import AsyncDriver

from service.auth.authenticate import authenticate
from service.auth.models import TokenKind
from service.auth.repository import create_token, list_tokens, revoke_token
from service.core.errors import InvalidTokenError, NotFoundError, TokenExpiredError, TokenRevokedError
from service.core.settings import Settings
from service.model.enums import TokenRole
from tests.e2e.conftest import settings_env

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("kind", list(TokenKind))
async def test_issue_authenticate_revoke(clean_graph: AsyncDriver, settings: Settings, kind: TokenKind) -> None:
    issued = await create_token(clean_graph, settings=settings, name="alice", role=TokenRole.EDITOR, kind=kind)
    principal = await authenticate(clean_graph, settings=settings, raw=issued.secret)
    assert (principal.subject, principal.role, principal.token_id) == ("alice", "editor", issued.token.id)
    stored = await list_tokens(clean_graph, settings=settings)
    assert [t.id for t in stored] == [issued.token.id]
    async with clean_graph.session(database=settings.neo4j_database) as s:
        props = await (await s.run("MATCH (t:ApiToken) RETURN properties(t) AS p")).single(strict=True)
    assert issued.secret not in json.dumps(props["p"])  # only the salted hash is stored
    assert set(props["p"]) >= {"id", "name", "role", "hash", "createdAt", "expiresAt"}
    revoked = await revoke_token(clean_graph, settings=settings, token_id=issued.token.id)
    assert revoked.revoked_at is not None
    with pytest.raises(TokenRevokedError):
        await authenticate(clean_graph, settings=settings, raw=issued.secret)


async def test_expired_and_unknown_tokens(clean_graph: AsyncDriver, settings: Settings) -> None:
    old = await create_token(
        clean_graph, settings=settings, name="old", role=TokenRole.ADMIN, kind=TokenKind.API_KEY,
        ttl=dt.timedelta(seconds=-1),
    )  # fmt: skip
    with pytest.raises(TokenExpiredError):
        await authenticate(clean_graph, settings=settings, raw=old.secret)
    with pytest.raises(InvalidTokenError):
        await authenticate(clean_graph, settings=settings, raw=old.secret[:-2] + "zz")  # tampered key
    with pytest.raises(InvalidTokenError):
        await authenticate(clean_graph, settings=settings, raw="pnk_ffffffffffffffff_nothing")
    other = Settings(**{**settings.model_dump(), "jwt_secret": "another-secret-of-at-least-32-characters!"})
    issued_elsewhere = await create_token(clean_graph, settings=other, name="x", role=TokenRole.ADMIN)
    with pytest.raises(InvalidTokenError):
        await authenticate(clean_graph, settings=settings, raw=issued_elsewhere.secret)
    with pytest.raises(NotFoundError):
        await revoke_token(clean_graph, settings=settings, token_id="nope")


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", "token", *args],
        capture_output=True,
        text=True,
        env=settings_env(settings),
        check=False,
    )


async def test_token_cli(clean_graph: AsyncDriver, settings: Settings) -> None:
    made = _cli(settings, "create", "--name", "crm-sync", "--role", "viewer", "--ttl", "12h", "--json")
    assert made.returncode == 0, made.stderr
    info = json.loads(made.stdout)
    assert (info["name"], info["role"], info["kind"]) == ("crm-sync", "viewer", "JWT")
    principal = await authenticate(clean_graph, settings=settings, raw=info["token"])
    assert principal.role == "viewer"

    plain = _cli(settings, "create", "--name", "ops", "--role", "admin", "--api-key")
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.strip().startswith("pnk_")  # only the token on stdout, the rest on stderr
    assert "shown only now" in plain.stderr

    listed = _cli(settings, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert sorted(r["name"] for r in rows) == ["crm-sync", "ops"]
    assert all("token" not in r and "hash" not in r for r in rows)

    revoked = _cli(settings, "revoke", info["id"])
    assert revoked.returncode == 0, revoked.stderr
    rows = json.loads(_cli(settings, "list", "--json").stdout)
    assert {r["name"]: r["state"] for r in rows} == {"crm-sync": "revoked", "ops": "active"}
    with pytest.raises(TokenRevokedError):
        await authenticate(clean_graph, settings=settings, raw=info["token"])

    assert _cli(settings, "revoke", "nope").returncode == 1
    assert _cli(settings, "create", "--name", "x", "--ttl", "soon").returncode == 2
    assert _cli(settings, "create", "--name", "x", "--role", "root").returncode == 2
