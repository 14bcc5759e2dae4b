"""Fixtures for editing tests: the schema executed in-process with a real token per role, on the real Neo4j."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import strawberry
from neo4j import AsyncDriver

from service.auth.authenticate import VerifiedKeys, context_credentials
from service.auth.models import TokenKind
from service.auth.repository import create_token, revoke_token
from service.auth.tokens import encode_jwt, new_token_id
from service.core.context import Context
from service.core.settings import Settings
from service.gql.schema import build_schema
from service.model.enums import TokenRole


@dataclass
class FakeRequest:
    """Just enough of a Starlette request for resolvers that read headers."""

    headers: dict[str, str]


@dataclass
class Tokens:
    """A bearer string for every kind of caller; None means anonymous."""

    admin: str
    editor: str
    viewer: str
    expired: str
    revoked: str
    bad: str
    forged: str
    api_key_editor: str

    def for_role(self, role: str) -> str | None:
        return None if role == "anonymous" else str(getattr(self, role))


# The selection that reports a payload's domain failures.
ERRORS = "userErrors { field message code }"


@dataclass
class Result:
    """A GraphQL answer: data, top-level errors, and the user errors of every payload in it."""

    data: dict[str, Any] | None
    errors: list[dict[str, Any]]

    @property
    def user_errors(self) -> list[dict[str, Any]]:
        """Every payload's userErrors, in response order."""
        return [
            e for value in (self.data or {}).values() if isinstance(value, dict) for e in value.get("userErrors") or []
        ]

    @property
    def code(self) -> str | None:
        """The first top-level error's code, else the first user error's."""
        if self.errors:
            return str(self.errors[0]["extensions"].get("code"))
        return self.user_errors[0]["code"] if self.user_errors else None

    @property
    def field(self) -> str | None:
        """Where the first error is: a top-level error's field, else a user error's path joined with dots."""
        if self.errors:
            return self.errors[0]["extensions"].get("field")
        path = self.user_errors[0]["field"] if self.user_errors else None
        return ".".join(path) if path else None

    def ok(self) -> dict[str, Any]:
        assert not self.errors, self.errors
        assert not self.user_errors, self.user_errors
        assert self.data is not None
        return self.data


class Api:
    """Executes documents against the service's schema with the same auth as the HTTP endpoint."""

    def __init__(self, schema: strawberry.Schema, driver: AsyncDriver, settings: Settings, tokens: Tokens) -> None:
        self.schema = schema
        self.driver = driver
        self.settings = settings
        self.tokens = tokens
        self.verified_keys = VerifiedKeys()

    async def context(self, token: str | None, headers: dict[str, str] | None = None) -> Context:
        all_headers = dict(headers or {})
        if token is not None:
            all_headers["authorization"] = f"Bearer {token}"
        # As the HTTP endpoint does: a token that proves itself is checked for revocation later (pending).
        ctx = Context(driver=self.driver, settings=self.settings, request=FakeRequest(all_headers))
        await context_credentials(ctx, header=all_headers.get("authorization"), keys=self.verified_keys)
        return ctx

    async def run(
        self,
        document: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        role: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Result:
        if role is not None:
            token = self.tokens.for_role(role)
        ctx = await self.context(token, headers)
        result = await self.schema.execute(document, variable_values=variables, context_value=ctx)
        errors = [{"message": e.message, "extensions": e.extensions or {}, "path": e.path} for e in result.errors or []]
        return Result(result.data, errors)


@pytest.fixture(scope="session")
def schema(settings: Settings) -> strawberry.Schema:
    """The service's schema, built once."""
    return build_schema(settings)


async def make_tokens(driver: AsyncDriver, settings: Settings) -> Tokens:
    """Issue one token per kind of caller in the current graph."""

    async def issue(name: str, role: TokenRole, **kw: Any) -> str:
        return (await create_token(driver, settings=settings, name=name, role=role, **kw)).secret

    revoked = await create_token(driver, settings=settings, name="rita", role=TokenRole.ADMIN)
    await revoke_token(driver, settings=settings, token_id=revoked.token.id)
    now = dt.datetime.now(dt.UTC)
    forged = encode_jwt(
        token_id=new_token_id(),
        subject="mallory",
        role="admin",
        issued_at=now,
        expires_at=now + dt.timedelta(hours=1),
        key="not-the-service-secret-but-long-enough-0123456789",
        issuer=settings.jwt_issuer,
    )
    return Tokens(
        admin=await issue("ada", TokenRole.ADMIN),
        editor=await issue("eddie", TokenRole.EDITOR),
        viewer=await issue("vera", TokenRole.VIEWER),
        expired=await issue("old", TokenRole.ADMIN, ttl=dt.timedelta(seconds=-5)),
        revoked=revoked.secret,
        bad="not-a-token",
        forged=forged,
        api_key_editor=await issue("sync", TokenRole.EDITOR, kind=TokenKind.API_KEY),
    )


@pytest.fixture
async def seeded_api(writable_seeded_graph: AsyncDriver, schema: strawberry.Schema, settings: Settings) -> Api:
    """The seed graph (writable) with tokens issued in it."""
    return Api(schema, writable_seeded_graph, settings, await make_tokens(writable_seeded_graph, settings))


@pytest.fixture
async def api(clean_graph: AsyncDriver, schema: strawberry.Schema, settings: Settings) -> Api:
    """An empty graph with tokens issued in it."""
    return Api(schema, clean_graph, settings, await make_tokens(clean_graph, settings))
