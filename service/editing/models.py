"""What a mutation is made of: its validated plan, the step it runs in, the changes it logs, what its payload shows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from neo4j import AsyncManagedTransaction

from service.core.errors import (
    InvalidTokenError,
    NotFoundError,
    PartnernetError,
    StaleUpdateError,
    TokenExpiredError,
    TokenRevokedError,
)
from service.editing.payload import PayloadShape
from service.model.enums import ChangeOp


@dataclass(frozen=True)
class Stamp:
    """The audit stamp of one mutation: when (the transaction's time), by whom, with which token."""

    now: str
    actor: str
    role: str
    token_id: str | None


@dataclass(frozen=True)
class Change:
    """One entry for the change log: what, which, before and after (stored properties, None when absent)."""

    op: ChangeOp
    entity: str  # a ChangeEntity value: Project, ..., Participation, Membership, Link
    entity_id: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    # Global ids of the entities the change touches (itself, or a record's or link's two ends).
    related: tuple[str, ...] = ()
    sensitive: bool = False

    def event(self, stamp: Stamp, operation: str) -> dict[str, Any]:
        """The change event's fields besides its seq and its before/after maps (cypher.flatten writes those)."""
        return {
            "at": stamp.now,
            "actor": stamp.actor,
            "tokenId": stamp.token_id,
            "operation": operation,
            "op": self.op.value,
            "entityType": self.entity,
            "entityId": self.entity_id,
            "related": list(self.related),
            "sensitive": self.sensitive,
        }


@dataclass(frozen=True)
class Subject:
    """How the mutation's last statement finds what the payload shows: a clause binding variables (values as
    `params`), and the payload's value projected from them."""

    match: str
    params: Mapping[str, Any]
    project: Callable[[PayloadShape], str]


@dataclass(frozen=True)
class Done:
    """What a plan did inside its transaction.

    `changes` are appended to the log by the runner's last statement, which also projects `subject`. A plan whose
    own statement already appended its change and projected the payload (an entity update) sets `seq` and
    `values` instead. `extra` holds the payload's other fields by name (deletedId, added, removed).
    """

    changes: tuple[Change, ...] = ()
    subject: Subject | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    seq: int | None = None
    values: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Step:
    """The open transaction a plan runs in, with its stamp, the mutation's name and the payload to project;
    `check_token` is the id of a token the plan's statement must check for revocation (only for a plan of one
    statement)."""

    tx: AsyncManagedTransaction
    stamp: Stamp
    operation: str
    shape: PayloadShape
    check_token: str | None = None

    async def rows(self, cypher: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Every record of one statement as a dict.

        The statements of service/editing are built from the registry's names and constant text; every value is
        a parameter, so the text is as safe as a literal. The statements return maps and scalars, never nodes, so a
        record's values are taken as they are (the driver's `data()` walks every nested value again to convert
        graph types: about 0.25 ms of CPU per `updateProject` with its projected payload).
        """
        result = await self.tx.run(cypher, dict(params))
        return [dict(zip(record.keys(), record.values(), strict=True)) async for record in result]

    async def one(self, cypher: str, params: Mapping[str, Any]) -> dict[str, Any] | None:
        """The first record of one statement, or None."""
        found = await self.rows(cypher, params)
        return found[0] if found else None

    async def locked(self, statement: str, key: str, expected: int | None, *, type_name: str) -> dict[str, Any]:
        """The record `statement` locks and returns for the key `key` (its `props` and more): NOT_FOUND when there is
        none, STALE_UPDATE when `expected` is given and its version is another."""
        found = await self.one(statement, {"id": key})
        if found is None:
            raise NotFoundError(f"no {type_name} with id {key!r}", field="input.id")
        version = found["props"].get("version")
        if expected is not None and version != expected:
            raise stale(f"{type_name}:{key}", version, expected)
        return found

    def audit(self) -> dict[str, Any]:
        """The audit parameters every write statement takes."""
        return {"now": self.stamp.now, "actor": self.stamp.actor}


@dataclass(frozen=True)
class Plan:
    """A validated mutation, ready to run: `apply` does its work in the transaction. `single`: the work is one
    statement that also takes the sequence lock, checks `Step.check_token` and appends its change itself."""

    apply: Callable[[Step], Awaitable[Done]]
    single: bool = False


def stale(gid: str, current: Any, expected: int) -> StaleUpdateError:
    """The error of a change sent with a version that is no longer the stored one."""
    return StaleUpdateError(
        f"{gid} is at version {current}, not {expected}: someone changed it since you read it; read it again and "
        "reapply your change",
        field="input.expectedVersion",
    )


def refusal(reason: str, token_id: str | None) -> PartnernetError:
    """The error of a bearer token the graph refused inside a mutation's transaction (cypher.REVOCATION_CHECK)."""
    if reason == "TOKEN_REVOKED":
        return TokenRevokedError(f"the bearer token {token_id} was revoked; ask an operator for a new one")
    if reason == "TOKEN_EXPIRED":
        return TokenExpiredError("the bearer token has expired; ask an operator for a new one")
    if reason == "TOKEN_UNKNOWN":
        return InvalidTokenError("the bearer token was not issued by this service")
    return InvalidTokenError("the bearer token does not match the issued one")


class TokenRefusedError(Exception):
    """Raised inside the transaction when the deferred token check refuses: rolls back, then re-raised as the
    token's own error outside."""

    def __init__(self, error: PartnernetError) -> None:
        super().__init__(error.message)
        self.error = error
