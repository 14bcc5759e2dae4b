"""The mutation API's GraphQL types, rendered from service/editing/operations.py's declarations."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from typing import Any, Final, cast

from service.auth.authenticate import ensure_credentials, require_role
from service.core.context import Context
from service.core.errors import PartnernetError
from service.editing import runner
from service.editing.operations import INPUTS, OPERATIONS, PAYLOADS, InputField, Kind, Operation
from service.engine.selection import Field
from service.gql.build import REQUIRED, Arg, F
from service.gql.model_types import NS, enum_name, value_type
from service.gql.stage import RootHandler, Service
from service.model.catalog import LinkKind
from service.model.enums import TokenRole, UserErrorCode
from service.model.spec import Scalar

_KINDS: Final = {Kind.ID: "ID", Kind.IDS: "list[ID]", Kind.INT: "int", Kind.STRING: "str"}


def _annotation(f: InputField) -> str:
    if f.prop is not None:
        # Partial dates (YYYY, YYYY-MM) are accepted on write, so their inputs are strings, not Date.
        partial_date = f.prop.type is Scalar.DATE and f.prop.partial is not None
        base = "str" if partial_date else value_type(f.prop)
    elif f.input is not None:
        base = f"list[{f.input}]" if f.many else f.input
    elif f.kind is Kind.LINK_KIND:
        base = enum_name(cast(type[StrEnum], LinkKind))  # a registry-derived enum
    else:
        assert f.kind is not None  # a field is typed by its property, its input type or its kind
        base = _KINDS[f.kind]
    return base if f.required else f"{base} | None"


def _argument(a: InputField) -> Arg:
    return Arg(a.name, _annotation(a), a.description, REQUIRED if a.required else None)


for _input in INPUTS.values():
    # No defaults: a field left out is absent from the coerced input (unchanged), null clears.
    _fields = [F(f.name, _annotation(f), f.description, default=REQUIRED) for f in _input.fields]
    NS.make(_input.name, _input.description, _fields, kind="input")

NS.make(
    "UserError",
    "Why a mutation did not apply: a domain failure (stale version, conflict, not found, invalid value, would "
    "orphan); nothing of that mutation was written.",
    [
        F(
            "field",
            "list[str] | None",
            'Where in the arguments, e.g. ["input", "expectedVersion"] (null: the whole mutation).',
        ),
        F("message", "str", "What went wrong, for people."),
        F("code", enum_name(UserErrorCode), "What went wrong, for programs."),
    ],
)

for _payload in PAYLOADS.values():
    _fields = []
    if _payload.subject is not None:
        _fields.append(F(_payload.subject, f"{_payload.subject_type} | None",
                         f"The {_payload.subject} as the change left it, with any of its relationships (null when "
                         "nothing applied)."))  # fmt: skip
    _fields += [F(f.name, _annotation(f), f.description) for f in _payload.extra]
    _fields += [
        F("userErrors", "list[UserError]", "Why nothing applied; empty when the change was made."),
        F("changeSeq", "int | None", "The seq of the change's (last) change-log entry; null when nothing applied."),
        F("replayed", "bool", "True when a retried idempotency key answered the first request's payload again."),
    ]
    NS.make(_payload.name, _payload.description, _fields)

ROOT: Final = NS.make(
    "EditingMutation",
    "Mutations of the partner graph.",
    [
        F(op.name, f"{op.payload.name} | None", op.description, tuple(_argument(a) for a in op.arguments))
        for op in OPERATIONS.values()
    ],
)


async def _confirm(ctx: Context, minimum: TokenRole) -> None:
    """Check a deferred token now (one lookup), raising its error or the role's."""
    if ctx.pending_token is not None:
        await ensure_credentials(ctx)
        require_role(ctx, minimum)


async def _run(op: Operation, field: Field, ctx: Context) -> Any:
    """A mutation for a caller with the role it needs (else the top-level error), through the write pipeline.

    A token accepted without a lookup passes here; the mutation's own transaction checks its revocation.
    """
    minimum = op.role
    try:
        principal = require_role(ctx, minimum, pending_ok=True)
    except PartnernetError:
        await _confirm(ctx, minimum)  # a refused token may be revoked too: that is what its holder needs to hear
        raise
    return await runner.run(op, field, ctx, principal=principal, confirm=partial(_confirm, ctx, minimum))


HANDLERS: Final[dict[str, RootHandler]] = {name: Service(partial(_run, op)) for name, op in OPERATIONS.items()}
# Every mutation checks a deferred bearer token inside its own transaction (runner.py).
SELF_CHECKING: Final = frozenset(OPERATIONS)
