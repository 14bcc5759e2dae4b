"""Small helpers for work functions running inside a mutation's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from service.core.errors import NotFoundError
from service.mutations import cypher
from service.mutations.models import EntityKind


async def rows(tx: AsyncManagedTransaction, statement: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """Every record of one statement as a dict."""
    result = await tx.run(statement, params)
    return await result.data()


async def one(tx: AsyncManagedTransaction, statement: LiteralString, **params: Any) -> dict[str, Any] | None:
    """The first record of one statement, or None."""
    found = await rows(tx, statement, **params)
    return found[0] if found else None


async def require_existing(tx: AsyncManagedTransaction, kind: EntityKind, ids: Sequence[str], *, field: str) -> bool:
    """NOT_FOUND (naming `field`) unless every id names a `kind`; returns whether any of them is sensitive."""
    if not ids:
        return False
    found = await rows(tx, cypher.EXISTING[kind], ids=list(ids))
    for i, rec in enumerate(found):
        if not rec["found"]:
            where = f"{field}[{i}]" if len(ids) > 1 else field
            raise NotFoundError(f"{where}: no {kind.value} with id {rec['id']!r}", field=field)
    return any(rec["sensitive"] for rec in found)
