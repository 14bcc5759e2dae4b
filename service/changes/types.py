"""Strawberry types of the change log."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from service.changes.models import ChangeEvent
from service.mutations.describe import describe_module
from service.mutations.models import ChangeEntity, ChangeOp

strawberry.enum(ChangeOp, name="ChangeOp", description="What a change did.")
strawberry.enum(
    ChangeEntity,
    name="ChangeEntityType",
    description="What a change is about: an entity kind, a participation, a membership or a structural link.",
)


@strawberry.type(name="ChangeEvent", description="One committed change, from the change log kept in the graph.")
class ChangeEventType:
    seq: int = strawberry.field(description="Position in the log; increases by one per change, in commit order.")
    at: str = strawberry.field(description="When it was committed (ISO 8601, UTC).")
    actor: str | None = strawberry.field(description="Who made it (a token's name); null for anonymous callers.")
    op: ChangeOp
    entity_type: ChangeEntity
    entity_id: strawberry.ID = strawberry.field(description="Global id of what changed (`Link:<src>|<REL>|<dst>`).")
    related: list[strawberry.ID] = strawberry.field(description="Global ids of the entities the change touches.")
    before: JSON | None = strawberry.field(description="Its stored properties before (null when created).")
    after: JSON | None = strawberry.field(description="Its stored properties after (null when deleted).")

    @classmethod
    def from_domain(cls, event: ChangeEvent, *, show_actor: bool) -> ChangeEventType:
        return cls(
            seq=event.seq,
            at=event.at,
            actor=event.actor if show_actor else None,
            op=event.op,
            entity_type=event.entity_type,
            entity_id=strawberry.ID(event.global_id),
            related=[strawberry.ID(r) for r in event.related],
            before=cast(JSON, event.before),
            after=cast(JSON, event.after),
        )


describe_module(globals())
