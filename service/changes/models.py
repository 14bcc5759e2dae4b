"""Change-log entries as frozen dataclasses, read from the one stored form (`before.<key>` / `after.<key>`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from service.model.enums import ChangeOp


@dataclass(frozen=True)
class ChangeEvent:
    """One committed change: its place in the log, when, by whom, what, and the object before and after."""

    seq: int
    at: str
    actor: str | None
    op: ChangeOp
    entity_type: str  # a ChangeEntity value: Project, ..., Participation, Membership, Link
    entity_id: str
    related: tuple[str, ...]
    sensitive: bool
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> ChangeEvent:
        """Build from the `event` map projection of changes/cypher.py."""
        return cls(
            seq=rec["seq"],
            at=rec["at"],
            actor=rec.get("actor"),
            op=ChangeOp(rec["op"]),
            entity_type=str(rec["entityType"]),
            entity_id=rec["entityId"],
            related=tuple(rec["related"] or ()),
            sensitive=bool(rec["sensitive"]),
            before=snapshot(rec, "before"),
            after=snapshot(rec, "after"),
        )

    @property
    def global_id(self) -> str:
        """`<Type>:<id>` of what changed (for a link: `Link:<source>|<REL>|<target>`)."""
        return f"{self.entity_type}:{self.entity_id}"


def snapshot(rec: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    """The properties kept as `<name>.<key>`, keys sorted; None when there are none."""
    prefix = name + "."
    props = {k[len(prefix) :]: v for k, v in sorted(rec.items()) if k.startswith(prefix)}
    return props or None
