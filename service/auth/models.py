"""Issued tokens as frozen dataclasses (their roles are the model's TokenRole, service/model/enums.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from service.model.enums import TokenRole


class TokenKind(StrEnum):
    """A signed JWT (self-describing, checked against the graph for revocation) or an opaque API key."""

    JWT = "JWT"
    API_KEY = "API_KEY"


@dataclass(frozen=True)
class ApiToken:
    """One issued token as stored in the graph (never the secret itself)."""

    id: str
    name: str
    role: TokenRole
    kind: TokenKind
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    created_by: str | None

    @classmethod
    def from_record(cls, rec: Any) -> ApiToken:
        """Build from a map projection of an `ApiToken` node."""
        return cls(
            id=rec["id"],
            name=rec["name"],
            role=TokenRole(rec["role"]),
            kind=TokenKind(rec["kind"]),
            created_at=parse_instant(rec["createdAt"]),
            expires_at=parse_instant(rec["expiresAt"]),
            revoked_at=parse_instant(rec["revokedAt"]) if rec["revokedAt"] else None,
            created_by=rec.get("createdBy"),
        )

    def state(self, now: dt.datetime) -> str:
        """`active`, `expired` or `revoked` at `now`."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= now else "active"


@dataclass(frozen=True)
class IssuedToken:
    """A newly issued token: its stored record and the secret string, shown to the operator once."""

    token: ApiToken
    secret: str


def utc_now() -> dt.datetime:
    """Now, in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def iso_instant(value: dt.datetime) -> str:
    """An ISO 8601 UTC date-time string (`2026-01-31T12:00:00+00:00`), the form stored in the graph."""
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


def parse_instant(value: str) -> dt.datetime:
    """Parse a stored ISO date-time string."""
    return dt.datetime.fromisoformat(value)
