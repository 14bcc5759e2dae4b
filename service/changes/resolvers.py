"""`auditLog` (Query) and `graphChanged` (Subscription over graphql-transport-ws)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from strawberry.types import Info

from service.core.context import Context
from service.auth.authenticate import require_good_credentials
from service.changes.feed import follow
from service.changes.models import ChangeEvent
from service.changes.repository import list_changes
from service.changes.types import ChangeEventType
from service.core.errors import InvalidInputError
from service.mutations.describe import describe_module
from service.mutations.models import ChangeEntity


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description=(
            "Who changed what and when, newest first: every change touching `entity` (a global id such as "
            "`Organisation:ba-moj`; its participations, memberships and links included), or all changes when "
            "omitted. Changes about sensitive organisations are shown to editors and admins only; the actor to "
            "callers with a token."
        )
    )
    async def audit_log(
        self,
        info: Info[Context, None],
        entity: strawberry.ID | None = None,
        since: Annotated[str | None, strawberry.argument(description="ISO date or date-time (UTC).")] = None,
        first: Annotated[int, strawberry.argument(description="At most this many changes (1-500).")] = 50,
    ) -> list[ChangeEventType]:
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
        return [ChangeEventType.from_domain(e, show_actor=ctx.principal is not None) for e in events]


async def _changes(
    ctx: Context, kinds: frozenset[ChangeEntity] | None, after_seq: int | None
) -> AsyncGenerator[ChangeEventType, None]:
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
        yield ChangeEventType.from_domain(event, show_actor=show_actor)


@strawberry.type
class ChangesSubscription:
    @strawberry.subscription(
        description=(
            "Every committed change, as it happens, whichever service instance made it (read from the change log "
            "in Neo4j). Give `afterSeq` (the last seq you saw) to resume after a reconnect without gaps; omit it "
            "to start from now. `kinds` filters by what changed. Sensitive changes reach editors and admins only."
        )
    )
    async def graph_changed(
        self,
        info: Info[Context, None],
        kinds: list[ChangeEntity] | None = None,
        after_seq: int | None = None,
    ) -> AsyncGenerator[ChangeEventType, None]:
        ctx = info.context
        # Checked before the stream starts, so a bad token or argument is a clean `error` message.
        await require_good_credentials(ctx)
        if after_seq is not None and after_seq < 0:
            raise InvalidInputError("afterSeq must be 0 or more", field="afterSeq")
        wanted = frozenset(kinds) if kinds else None
        return _changes(ctx, wanted, after_seq)  # a coroutine returning the stream


describe_module(globals())
