"""Put a compiled value's keys in the order the query selected them, and make its cursors opaque.

The GraphQL spec asks that a response map keep the selection's field order. A compiled statement returns the
right keys and values, but Bolt maps come back in the server's order, so each map is rebuilt along a plan made
once per selection. Values of abstract types whose selection differs by type carry TYPENAME_HINT, which picks the
concrete type's plan and is dropped from the answer.
"""

from __future__ import annotations

from typing import Any

from service.engine.cursor import encode
from service.engine.selection import TYPENAME_HINT, Field, Selection

_CURSORS = frozenset({"cursor", "startCursor", "endCursor"})


class Plan:
    """How to rebuild the maps of one selection (per concrete type when it varies)."""

    __slots__ = ("by_type", "cursors", "keys", "leaves", "subs")

    def __init__(self, fields: tuple[Field, ...] | None, by_type: dict[str, Plan] | None = None) -> None:
        self.by_type = by_type
        fields = fields or ()
        self.keys = tuple(f.key for f in fields)
        self.subs = tuple(plan_of(f.sub) if f.sub is not None else None for f in fields)
        self.cursors = frozenset(f.key for f in fields if f.name in _CURSORS)
        self.leaves = not self.cursors and all(s is None for s in self.subs)

    def apply(self, value: Any) -> Any:
        """`value` rebuilt with every map's keys in selection order (lists mapped item by item)."""
        if value is None:
            return None
        if type(value) is list:
            if self.by_type is None and self.leaves:  # a list of flat maps, rebuilt in one comprehension
                keys = self.keys
                return [None if item is None else {key: item[key] for key in keys} for item in value]
            return [self.apply(item) for item in value]
        plan = self if self.by_type is None else self.by_type[value[TYPENAME_HINT]]
        if plan.leaves:
            return {key: value[key] for key in plan.keys}
        out: dict[str, Any] = {}
        for key, sub in zip(plan.keys, plan.subs, strict=True):
            item = value[key]
            if sub is not None:
                out[key] = sub.apply(item)
            elif key in plan.cursors:
                out[key] = encode(item)
            else:
                out[key] = item
        return out


def plan_of(sel: Selection) -> Plan:
    """The ordering plan of a selection."""
    if sel.by_type and sel.varies:
        return Plan(None, {t: Plan(fields) for t, fields in sel.by_type.items()})
    first = next(iter(sel.by_type.values())) if sel.by_type else sel.fields
    return Plan(first)
