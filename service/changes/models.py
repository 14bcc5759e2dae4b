"""Change-log entries as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from service.mutations.models import ChangeEntity, ChangeOp


@dataclass(frozen=True)
class ChangeEvent:
    """One committed change: its place in the log, when, by whom, what, and the object before and after."""

    seq: int
    at: str
    actor: str | None
    op: ChangeOp
    entity_type: ChangeEntity
    entity_id: str
    related: tuple[str, ...]
    sensitive: bool
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> ChangeEvent:
        """Build from the `event` map projection of changes/cypher.py."""
        return cls(
            seq=rec["seq"],
            at=rec["at"],
            actor=rec["actor"],
            op=ChangeOp(rec["op"]),
            entity_type=ChangeEntity(rec["entityType"]),
            entity_id=rec["entityId"],
            related=tuple(rec["related"] or ()),
            sensitive=bool(rec["sensitive"]),
            before=orjson.loads(rec["before"]) if rec["before"] else None,
            after=orjson.loads(rec["after"]) if rec["after"] else None,
        )

    @property
    def global_id(self) -> str:
        """`<Type>:<id>` of what changed (for a link: `Link:<source>|<REL>|<target>`)."""
        return f"{self.entity_type.value}:{self.entity_id}"
