"""THE write pipeline: every mutation runs here, as one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from neo4j import AsyncManagedTransaction, unit_of_work
from neo4j.exceptions import ConstraintError

from service.core.context import Context, Principal
from service.core.errors import ConflictError, DomainError, PartnernetError
from service.db.driver import translate_driver_error
from service.editing import cypher
from service.editing.models import Done, Plan, Stamp, Step, TokenRefusedError, refusal
from service.editing.operations import Operation
from service.editing.payload import PayloadShape, payload_value, replayed
from service.editing.rules import idempotency_key
from service.engine.selection import Field


@dataclass(frozen=True)
class _Key:
    """An idempotency key claimed for one caller (and, from the header, one root field of the request)."""

    key: str
    scoped: str
    fingerprint: str


async def run(
    op: Operation, field: Field, ctx: Context, *, principal: Principal, confirm: Callable[[], Awaitable[None]]
) -> dict[str, Any]:
    """Run the mutation root field `field` as `op` for `principal` (whose role the caller checked); its payload
    keyed by the selection's response keys.

    In order: the input validated into a plan; then, in one write transaction, the sequence lock, the revocation
    check of a deferred bearer token, the idempotency key, the plan's writes, the change events, and the payload
    projected by the engine in the last statement. A plan of one statement (an entity update without an
    idempotency key) folds all of that into that statement. Domain failures roll everything back and come back
    as the payload's `userErrors`; authentication failures raise (top-level errors). `confirm` checks a deferred
    token at once, raising its error: a bad token's own error wins over the input's.
    """
    try:
        key = _idempotency(field, ctx, principal)
        plan = op.prepare(field.args)
    except DomainError as exc:  # reported in the payload's userErrors
        await confirm()
        return payload_value(field, subject=op.subject, errors=(exc,))
    shape = PayloadShape(field, op.subject, can_see_sensitive=ctx.can_see_sensitive)
    try:
        return await _transaction(ctx, principal, op, field, plan, shape, key)
    except DomainError as exc:  # reported in the payload's userErrors
        return payload_value(field, subject=op.subject, errors=(exc,))


def _idempotency(field: Field, ctx: Context, principal: Principal) -> _Key | None:
    from_header = field.args.get("idempotencyKey") is None
    headers = getattr(ctx.request, "headers", None)
    raw = headers.get("idempotency-key") if from_header and headers is not None else field.args.get("idempotencyKey")
    key = idempotency_key(raw)
    if key is None:
        return None
    # A header covers the whole request: each root field of it claims the key under its own response key.
    scoped = f"{principal.subject}\n{key}" + (f"\n{field.key}" if from_header else "")
    asked = {k: v for k, v in field.args.items() if k != "idempotencyKey"}
    body = orjson.dumps({"op": field.name, "args": asked, "selection": repr(field.sub)}, option=orjson.OPT_SORT_KEYS)
    return _Key(key, scoped, hashlib.sha256(body).hexdigest())


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


async def _transaction(
    ctx: Context, principal: Principal, op: Operation, field: Field, plan: Plan, shape: PayloadShape, key: _Key | None
) -> dict[str, Any]:
    check = principal.token_id if ctx.pending_token is not None else None
    folded = plan.single and key is None

    async def work(tx: AsyncManagedTransaction) -> dict[str, Any]:
        stamp = Stamp(_now(), principal.subject, principal.role, principal.token_id)
        step = Step(tx, stamp, op.name, shape, check if folded else None)
        if not folded:
            stored = await _prologue(step, op, key, check)
            if stored is not None:
                return replayed(field, stored)
        done = await plan.apply(step)
        seq, values = (done.seq, done.values) if done.values is not None else await _finish(step, op, done)
        value = payload_value(field, subject=op.subject, values=values, seq=seq, extra=done.extra)
        if key is not None:
            result = orjson.dumps(value).decode()
            await step.rows(cypher.STORE_RESULT, {"scopedKey": key.scoped, "resultJson": result})
        return value

    try:
        async with ctx.driver.session(database=ctx.database) as session:
            value = await session.execute_write(unit_of_work(timeout=ctx.settings.query_timeout_s)(work))
    except TokenRefusedError as refused:
        ctx.pending_token, ctx.principal, ctx.auth_error = None, None, refused.error
        raise refused.error from None
    except PartnernetError:
        raise
    except ConstraintError as exc:
        # Two writers racing for one key: the loser's insert breaks a uniqueness constraint.
        raise ConflictError(f"the change conflicts with an existing record: {exc.message}") from exc
    except Exception as exc:
        raise translate_driver_error(exc) from exc
    ctx.pending_token = None  # checked inside the transaction (which got as far as its own work)
    return value


async def _prologue(step: Step, op: Operation, key: _Key | None, check: str | None) -> dict[str, Any] | None:
    """Lock, check the token, claim the key; the payload remembered for the key when it was used before."""
    params = {
        **step.audit(),
        "role": step.stamp.role,
        "checkToken": check,
        "scopedKey": key.scoped if key else None,
        "key": key.key if key else None,
        "operation": op.name,
        "fingerprint": key.fingerprint if key else None,
    }
    rec = await step.one(cypher.PROLOGUE, params)
    assert rec is not None  # the statement always returns its row
    if rec["refused"] is not None:
        raise TokenRefusedError(refusal(rec["refused"], step.stamp.token_id))
    if key is None:
        return None
    if rec["fingerprint"] != key.fingerprint:
        raise ConflictError(
            f"idempotency key {key.key!r} was already used for a different request ({rec['recorded']}); "
            "use a new key for a new request",
            field="idempotencyKey",
        )
    if rec["resultJson"] is None:
        return None
    stored: dict[str, Any] = orjson.loads(rec["resultJson"])
    return stored


async def _finish(step: Step, op: Operation, done: Done) -> tuple[int, dict[str, Any] | None]:
    """Append the changes and project the payload in one statement: (the last seq, the object's values)."""
    changes = [{"event": c.event(step.stamp, op.name), "before": c.before, "after": c.after} for c in done.changes]
    subject = done.subject
    value = subject.project(step.shape) if subject is not None else "null"
    params = {"changes": changes, **(subject.params if subject else {}), **step.shape.params()}
    rec = await step.one(cypher.finish(subject.match if subject else None, value), params)
    if rec is None:
        raise RuntimeError(f"{op.name}: the changed object is gone before its payload was read")
    return int(rec["seq"]), rec["value"]
