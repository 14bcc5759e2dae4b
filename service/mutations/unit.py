"""One mutation = one write transaction: lock the change sequence, honour the idempotency key, do the work,
append the change events with their seqs, remember the answer for retries."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from neo4j import AsyncDriver, AsyncManagedTransaction, unit_of_work
from neo4j.exceptions import ConstraintError

from service.db.driver import translate_driver_error
from service.core.errors import ConflictError, PartnernetError
from service.mutations import cypher
from service.mutations.models import Change, Outcome


@dataclass(frozen=True)
class Actor:
    """Who makes the change: the token's subject (recorded as updatedBy and in the log) and its id."""

    subject: str
    token_id: str | None = None


@dataclass(frozen=True)
class Work:
    """What a mutation did inside its transaction: the changes to log and the object to return."""

    result: Outcome
    changes: list[Change]


@dataclass(frozen=True)
class Stamp:
    """The audit stamp of one mutation: when (the transaction's time) and by whom."""

    now: str
    actor: str


# The work of a mutation: given the open transaction and its stamp, do the writes and say what changed.
WorkFn = Callable[[AsyncManagedTransaction, Stamp], Awaitable[Work]]


def iso_now() -> str:
    """The transaction's timestamp: UTC, ISO 8601, milliseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def fingerprint(operation: str, arguments: Any) -> str:
    """A stable digest of a request, so an idempotency key reused for a different request is caught."""
    body = orjson.dumps({"op": operation, "args": arguments}, option=orjson.OPT_SORT_KEYS, default=str)
    return hashlib.sha256(body).hexdigest()


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


async def _transaction(
    tx: AsyncManagedTransaction,
    *,
    actor: Actor,
    operation: str,
    request_fingerprint: str,
    idempotency_key: str | None,
    work: WorkFn,
) -> Outcome:
    now = iso_now()
    seq = (await (await tx.run(cypher.LOCK_SEQUENCE, now=now)).single(strict=True))["value"]
    scoped_key = f"{actor.subject}\n{idempotency_key}" if idempotency_key else None
    if scoped_key is not None:
        rec = await (
            await tx.run(
                cypher.CLAIM_IDEMPOTENCY_KEY,
                scopedKey=scoped_key,
                key=idempotency_key,
                principal=actor.subject,
                operation=operation,
                fingerprint=request_fingerprint,
                now=now,
            )
        ).single(strict=True)
        if rec["fingerprint"] != request_fingerprint:
            raise ConflictError(
                f"idempotency key {idempotency_key!r} was already used for a different request "
                f"({rec['operation']}); use a new key for a new request",
                field="idempotencyKey",
            )
        if rec["resultJson"] is not None:
            return Outcome.from_json(orjson.loads(rec["resultJson"]))
    done = await work(tx, Stamp(now=now, actor=actor.subject))
    events = []
    for change in done.changes:
        seq += 1
        events.append(
            {
                "seq": seq,
                "at": now,
                "actor": actor.subject,
                "tokenId": actor.token_id,
                "operation": operation,
                "op": change.op.value,
                "entityType": change.entity.value,
                "entityId": change.entity_id,
                "related": list(change.related),
                "sensitive": change.sensitive,
                "before": _json(change.before),
                "after": _json(change.after),
            }
        )
    if events:
        await (await tx.run(cypher.APPEND_CHANGES, events=events, value=seq)).consume()
    outcome = Outcome(
        entity=done.result.entity, id=done.result.id, props=done.result.props, seq=seq, extra=done.result.extra
    )
    if scoped_key is not None:
        await (
            await tx.run(
                cypher.STORE_IDEMPOTENT_RESULT,
                scopedKey=scoped_key,
                resultJson=orjson.dumps(outcome.to_json()).decode(),
            )
        ).consume()
    return outcome


async def run_mutation(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    actor: Actor,
    operation: str,
    arguments: Any,
    idempotency_key: str | None,
    work: WorkFn,
) -> Outcome:
    """Run `work` in one write transaction with its change events; a retried idempotency key returns the first
    answer (with `replayed` set) without applying anything again. Any error rolls everything back."""
    request_fingerprint = fingerprint(operation, arguments)

    async def tx_fn(tx: AsyncManagedTransaction) -> Outcome:
        return await _transaction(
            tx,
            actor=actor,
            operation=operation,
            request_fingerprint=request_fingerprint,
            idempotency_key=idempotency_key,
            work=work,
        )

    return await execute_write(driver, database=database, timeout_s=timeout_s, work=tx_fn)


async def execute_write(
    driver: AsyncDriver,
    *,
    database: str,
    timeout_s: float,
    work: Callable[[AsyncManagedTransaction], Awaitable[Outcome]],
) -> Outcome:
    """`work` as one managed write transaction (retried on transient errors), driver errors as service errors."""
    tx_fn = unit_of_work(timeout=timeout_s)(work)
    try:
        async with driver.session(database=database) as session:
            return await session.execute_write(tx_fn)
    except PartnernetError:
        raise
    except ConstraintError as exc:
        # Two writers racing for the same id: the loser's insert breaks a uniqueness constraint.
        raise ConflictError(f"the change conflicts with an existing entity: {exc.message}") from exc
    except Exception as exc:
        raise translate_driver_error(exc) from exc
