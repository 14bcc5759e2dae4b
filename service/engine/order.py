"""Put a compiled value's keys in the order the query selected them, and make its cursors opaque.

The GraphQL spec asks that a response map keep the selection's field order. A compiled statement returns the
right keys and values, but Bolt maps come back in the server's order, so each map is rebuilt along a plan made
once per selection. Values of abstract types whose selection differs by type carry TYPENAME_HINT, which picks the
concrete type's plan and is dropped from the answer.

A plan is compiled into Python functions, one per composite selection: a rebuilt map is one dict display whose
keys are the selection's response keys (GraphQL names, written as string literals), so rebuilding an answer costs
one call per map instead of a loop over its fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from service.core.lru import LRU
from service.engine.cursor import encode
from service.engine.selection import TYPENAME_HINT, Field, Selection

_CURSORS = frozenset({"cursor", "startCursor", "endCursor"})
Rebuild = Callable[[Any], Any]


class _Builder:
    """Writes the source of the functions that rebuild one selection's values."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def function(self, sel: Selection) -> str:
        """The name of a function rebuilding a value (null, a map, or a list of maps) of selection `sel`."""
        name = f"_r{self.count}"
        self.count += 1
        if sel.by_type and sel.varies:
            table = {t: self.function(Selection(t, fields)) for t, fields in sel.by_type.items()}
            entries = ", ".join(f"{t!r}: {f}" for t, f in table.items())
            pick = f"_t{name}[x[{TYPENAME_HINT!r}]](x)"
            self.lines += [
                f"_t{name} = {{{entries}}}",
                f"def {name}(v):",
                "    if v is None: return None",
                f"    if v.__class__ is list: return [None if x is None else {pick} for x in v]",
                "    x = v",
                f"    return {pick}",
            ]
            return name
        fields = next(iter(sel.by_type.values())) if sel.by_type else sel.fields
        body = self.display(fields, "x")
        self.lines += [
            f"def {name}(v):",
            "    if v is None: return None",
            f"    if v.__class__ is list: return [None if x is None else {body} for x in v]",
            "    x = v",
            f"    return {body}",
        ]
        return name

    def display(self, fields: tuple[Field, ...], var: str) -> str:
        """A dict display rebuilding the map bound to `var` with `fields`' keys in order."""
        parts = []
        for f in fields:
            read = f"{var}[{f.key!r}]"
            if f.sub is not None:
                parts.append(f"{f.key!r}: {self.function(f.sub)}({read})")
            elif f.name in _CURSORS:
                parts.append(f"{f.key!r}: _encode({read})")
            else:
                parts.append(f"{f.key!r}: {read}")
        return "{" + ", ".join(parts) + "}"


class Plan:
    """How to rebuild the values of one selection: `apply(value)`."""

    __slots__ = ("apply",)

    def __init__(self, sel: Selection) -> None:
        builder = _Builder()
        entry = builder.function(sel)
        namespace: dict[str, Any] = {"_encode": encode}
        # The source holds only generated names and response keys (GraphQL names) as string literals.
        exec("\n".join(builder.lines), namespace)  # noqa: S102
        self.apply: Rebuild = namespace[entry]


# Plans by selection shape: a plan reads only response keys, field names and the selection's structure, never
# argument values, so operations whose variables change every time (mutations are not cached by the stage) reuse
# the plan of their shape instead of compiling it anew (0.5 ms of a mutation's CPU on the bench machine).
_PLANS = LRU(1024)


def _shape(sel: Selection) -> tuple[Any, ...]:
    """What of a selection its plan depends on, hashable."""

    def fields(fs: tuple[Field, ...]) -> tuple[Any, ...]:
        return tuple((f.key, f.name, None if f.sub is None else _shape(f.sub)) for f in fs)

    by_type = tuple((t, fields(fs)) for t, fs in sel.by_type.items()) if sel.by_type else ()
    return (sel.type_name, sel.varies, fields(sel.fields), by_type)


def plan_of(sel: Selection) -> Plan:
    """The ordering plan of a selection (one per shape, the last 1024 shapes kept)."""
    key = _shape(sel)
    found: Plan | None = _PLANS.get_fresh(key)
    if found is None:
        found = Plan(sel)
        _PLANS.put(key, found)
    return found
