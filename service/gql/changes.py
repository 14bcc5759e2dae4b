"""`auditLog` and `graphChanged`: plain Strawberry fields over the change log (service/changes)."""

# graphql-core runs them: a subscription is a stream the compiled stage cannot answer, and the audit log reads
# stored events rather than compiling a selection.

from __future__ import annotations

from collections.abc import AsyncGenerator
from enum import Enum, StrEnum
from typing import Annotated, Any, Final, cast

import strawberry
from strawberry.types import Info

from service.auth.authenticate import require_good_credentials
from service.changes.feed import follow
from service.changes.models import ChangeEvent
from service.changes.repository import MAX_AUDIT_PAGE, list_changes
from service.core.context import Context
from service.core.errors import InvalidInputError
from service.gql.build import F
from service.gql.model_types import NS, gql_enum
from service.gql.scalars import DateTime
from service.model.catalog import ChangeEntity
from service.model.enums import ChangeOp

_OP: Final = gql_enum(ChangeOp)
_ENTITY: Final = gql_enum(cast(type[StrEnum], ChangeEntity))  # a registry-derived enum

EVENT: Final = NS.make(
    "ChangeEvent",
    "One committed change, from the change log kept in the graph.",
    [
        F("seq", "int", "Position in the log; increases by one per change, in commit order."),
        F("at", "DateTime", "When it was committed."),
        F("actor", "str | None", "Who made it (a token's name); null for anonymous callers."),
        F("op", "ChangeOp", "What the change did."),
        F("entityType", "ChangeEntityType", "What the change is about."),
        F("entityId", "ID", "Global id of what changed (`Link:<source>|<TYPE>|<target>` for a link)."),
        F("related", "list[ID]", "Global ids of the entities the change touches."),
        F("before", "JSON | None", "Its stored properties before (null when created)."),
        F("after", "JSON | None", "Its stored properties after (null when deleted)."),
    ],
)


def event_value(event: ChangeEvent, *, show_actor: bool) -> Any:
    """The GraphQL value of a change event; the actor only for callers with a token."""
    return EVENT(
        seq=event.seq,
        at=event.at,
        actor=event.actor if show_actor else None,
        op=_OP(event.op.value),
        entityType=_ENTITY(event.entity_type),
        entityId=event.global_id,
        related=list(event.related),
        before=event.before,
        after=event.after,
    )


async def audit_log(
    info: Info[Context, None],
    entity: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="Global id of an entity (`Organisation:ba-moj`); omit for every change."),
    ] = None,
    since: Annotated[DateTime | None, strawberry.argument(description="Only changes at or after this instant.")] = None,
    first: Annotated[int, strawberry.argument(description=f"At most this many changes (1-{MAX_AUDIT_PAGE}).")] = 50,
) -> list[Any]:
    """Who changed what and when, newest first."""
    ctx = info.context
    await require_good_credentials(ctx)
    events = await list_changes(
        ctx.driver,
        database=ctx.database,
        timeout_s=ctx.settings.query_timeout_s,
        entity=str(entity) if entity is not None else None,
        since=since,
        first=first,
        can_see_sensitive=ctx.can_see_sensitive,
    )
    return [event_value(e, show_actor=ctx.principal is not None) for e in events]


async def _stream(ctx: Context, kinds: frozenset[str] | None, after_seq: int | None) -> AsyncGenerator[Any, None]:
    sees_sensitive = ctx.can_see_sensitive
    show_actor = ctx.principal is not None

    def accept(event: ChangeEvent) -> bool:
        return (kinds is None or event.entity_type in kinds) and (sees_sensitive or not event.sensitive)

    async for event in follow(
        ctx.driver,
        database=ctx.database,
        timeout_s=ctx.settings.query_timeout_s,
        after=after_seq,
        interval_s=ctx.settings.change_poll_interval_s,
        accept=accept,
    ):
        yield event_value(event, show_actor=show_actor)


async def graph_changed(
    info: Info[Context, None],
    kinds: Annotated[list[Enum] | None, strawberry.argument(description="Only changes about these (default: all).",
                     graphql_type=list[_ENTITY] | None)] = None,
    after_seq: Annotated[int | None, strawberry.argument(description="Deliver changes after this seq (the last one "
                         "you saw); omit to start from now.")] = None,
) -> AsyncGenerator[Any, None]:  # fmt: skip
    """The stream of committed changes (arguments and credentials are checked before it starts)."""
    ctx = info.context
    # Checked before the stream starts, so a bad token or argument is a clean `error` message.
    await require_good_credentials(ctx)
    if after_seq is not None and after_seq < 0:
        raise InvalidInputError("afterSeq must be 0 or more", field="afterSeq")
    wanted = frozenset(str(k.value) for k in kinds) if kinds else None
    return _stream(ctx, wanted, after_seq)


@strawberry.type
class ChangeLogQuery:
    """The audit log."""

    audit_log = strawberry.field(
        resolver=audit_log,
        graphql_type=list[EVENT],  # type: ignore[valid-type]  # a generated type
        description="Who changed what and when, newest first: every change touching `entity` (its "
        "participations, memberships and links included), or all changes when omitted. Changes about sensitive "
        "organisations are shown to editors and admins only; the actor to callers with a token.",
    )


@strawberry.type
class ChangeLogSubscription:
    """Live updates."""

    graph_changed = strawberry.subscription(
        resolver=graph_changed,
        graphql_type=EVENT,
        description="Every committed change, as it happens, whichever service instance made it (read from the "
        "change log in Neo4j). Give `afterSeq` (the last seq you saw) to resume after a reconnect without gaps; "
        "omit it to start from now. `kinds` filters by what changed. Sensitive changes reach editors and admins "
        "only.",
    )
