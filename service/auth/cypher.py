"""Cypher of the token store: `(:ApiToken)` nodes, one per issued token."""

from __future__ import annotations

from typing import Final, LiteralString

_PROJECTION: Final[LiteralString] = (
    "t {.id, .name, .role, .kind, .createdAt, .expiresAt, .revokedAt, .createdBy, .hash, .salt}"
)

CREATE_TOKEN: Final[LiteralString] = (
    "CREATE (t:ApiToken {id: $id, name: $name, role: $role, kind: $kind, hash: $hash, salt: $salt, "
    "createdAt: $createdAt, expiresAt: $expiresAt, revokedAt: null, createdBy: $createdBy}) "
    "RETURN " + _PROJECTION + " AS token"
)

GET_TOKEN: Final[LiteralString] = "MATCH (t:ApiToken {id: $id}) RETURN " + _PROJECTION + " AS token"

LIST_TOKENS: Final[LiteralString] = "MATCH (t:ApiToken) RETURN " + _PROJECTION + " AS token ORDER BY t.createdAt, t.id"

REVOKE_TOKEN: Final[LiteralString] = (
    "MATCH (t:ApiToken {id: $id}) SET t.revokedAt = coalesce(t.revokedAt, $now) RETURN " + _PROJECTION + " AS token"
)
