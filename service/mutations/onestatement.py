"""Entity updates as one statement: version check, write, change event and token revocation check together."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from service.core.errors import (
    InvalidInputError,
    InvalidTokenError,
    NotFoundError,
    PartnernetError,
    StaleUpdateError,
    TokenExpiredError,
    TokenRevokedError,
)
from service.mutations import cypher
from service.mutations.entities import check_shape
from service.mutations.models import ChangeEntity, ChangeOp, EntityKind, Outcome, global_id
from service.mutations.unit import Actor, execute_write, iso_now
from service.mutations.validation import clean_props, parse_id

# Properties whose change needs more than one statement (a natural-key check against other nodes).
_NATURAL_KEYS = frozenset({"name", "iso2"})


@dataclass(frozen=True)
class OneUpdate:
    """A validated entity update that one statement can apply (see `plan_update`)."""

    kind: EntityKind
    raw_id: str
    expected_version: int
    props: dict[str, Any]
    values: Mapping[str, Any]


def plan_update(
    kind: EntityKind, *, entity_id: str, expected_version: int, values: Mapping[str, Any]
) -> OneUpdate | None:
    """The update as one statement, or None when it needs the general path (entities.update_entity_work).

    Organisations (a kind change moves labels and may clear authorityKind) and changes of a natural key (name,
    iso2: checked against other nodes) take the general path. Input errors are raised here, as there.
    """
    raw_id = parse_id(kind, entity_id, field="id")
    props = clean_props(kind.fields, values, creating=False)
    if not props:
        raise InvalidInputError("give at least one field to change", field="input")
    if kind is EntityKind.ORGANISATION or _NATURAL_KEYS & props.keys():
        return None
    return OneUpdate(kind, raw_id, expected_version, props, values)


async def run_update(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    actor: Actor,
    role: str,
    check_token: bool,
    operation: str,
    plan: OneUpdate,
) -> Outcome:
    """Apply `plan` in one write transaction of one statement; `check_token` checks the actor's token there too.

    Errors come back in the order the general path gives them: the token's, then NOT_FOUND, STALE_UPDATE, and the
    cross-field rules (checked on the written properties, which roll back when they fail).
    """
    kind = plan.kind
    now = iso_now()
    params = {
        "now": now,
        "actor": actor.subject,
        "role": role,
        "checkToken": actor.token_id if check_token else None,
        "id": plan.raw_id,
        "expectedVersion": plan.expected_version,
        "props": plan.props,
        "event": {
            "at": now,
            "actor": actor.subject,
            "tokenId": actor.token_id,
            "operation": operation,
            "op": ChangeOp.UPDATE.value,
            "entityType": ChangeEntity(kind.value).value,
            "entityId": plan.raw_id,
            "related": [global_id(kind, plan.raw_id)],
        },
    }

    async def work(tx: AsyncManagedTransaction) -> Outcome:
        rec = await (await tx.run(cypher.UPDATE_IN_ONE[kind], params)).single(strict=True)
        problem = rec["problem"]
        if problem is not None:
            raise _refusal(problem, kind=kind, plan=plan, current=rec["current"], token_id=actor.token_id)
        after: dict[str, Any] = rec["after"]
        if check_shape(kind, after, plan.values):
            raise RuntimeError("a one-statement update cleared a property")  # plan_update excludes those kinds
        return Outcome(ChangeEntity(kind.value), plan.raw_id, after, int(rec["seq"]))

    return await execute_write(driver, database=database, timeout_s=timeout_s, work=work)


def _refusal(problem: str, *, kind: EntityKind, plan: OneUpdate, current: Any, token_id: str | None) -> PartnernetError:
    if problem == "TOKEN_UNKNOWN":
        return InvalidTokenError("the bearer token was not issued by this service")
    if problem == "INVALID_TOKEN":
        return InvalidTokenError("the bearer token does not match the issued one")
    if problem == "TOKEN_REVOKED":
        return TokenRevokedError(f"the bearer token {token_id} was revoked; ask an operator for a new one")
    if problem == "TOKEN_EXPIRED":
        return TokenExpiredError("the bearer token has expired; ask an operator for a new one")
    if problem == "NOT_FOUND":
        return NotFoundError(f"no {kind.value} with id {plan.raw_id!r}", field="id")
    return StaleUpdateError(
        f"{global_id(kind, plan.raw_id)} is at version {current}, not {plan.expected_version}: "
        "someone changed it since you read it; read it again and reapply your change",
        field="expectedVersion",
    )
