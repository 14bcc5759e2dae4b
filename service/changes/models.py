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
            actor=rec.get("actor"),
            op=ChangeOp(rec["op"]),
            entity_type=ChangeEntity(rec["entityType"]),
            entity_id=rec["entityId"],
            related=tuple(rec["related"] or ()),
            sensitive=bool(rec["sensitive"]),
            before=_snapshot(rec, "before"),
            after=_snapshot(rec, "after"),
        )

    @property
    def global_id(self) -> str:
        """`<Type>:<id>` of what changed (for a link: `Link:<source>|<REL>|<target>`)."""
        return f"{self.entity_type.value}:{self.entity_id}"


def _snapshot(rec: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The properties kept as JSON text under `name`, or as `<name>.<key>` properties; None when neither."""
    text = rec.get(name)
    if text:
        loaded: dict[str, Any] = orjson.loads(text)
        return loaded
    prefix = name + "."
    props = {k[len(prefix) :]: v for k, v in sorted(rec.items()) if k.startswith(prefix)}
    return props or None  # keys sorted, as in the JSON form
