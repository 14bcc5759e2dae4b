"""Projections of what a mutation changed, for its payload: a structural link, and a record whose far end varies."""

from __future__ import annotations

from collections.abc import Sequence

from service.engine.compilation import Compilation, field_map, prop_expr, string_literal
from service.engine.privacy import visible
from service.engine.projection import node_value, record_value
from service.engine.selection import Field, Selection
from service.model.catalog import CONCRETE, GROUPS, NODES, is_private
from service.model.graph import AUDIT, ORGANISATION
from service.model.spec import RelType, field_name

_LINK_PROPS = {p.name: p for p in AUDIT}


def _end(comp: Compilation, var: str, type_name: str, sel: Selection, depth: int) -> str:
    value = node_value(comp, var, sel, depth, CONCRETE[type_name])
    if not is_private(type_name):
        return value
    return f"CASE WHEN {visible(var)} THEN {value} END"


def link_value(
    comp: Compilation, kind: str, rel: RelType, ends: tuple[str, str], props: str, sel: Selection, depth: int
) -> str:
    """The read API's `Link` for the link `kind` (of type `rel`) between the nodes bound to `ends` (source,
    target); `props` is the relationship, or a map of its properties once it is deleted."""
    source, target = ends

    def value(f: Field) -> str | None:
        if f.name == "id":
            return f"{source}.id + {string_literal('|' + rel.type + '|')} + {target}.id"
        if f.name == "kind":
            return string_literal(kind)
        if f.name in ("source", "target") and f.sub is not None:
            var, type_name = (source, rel.source) if f.name == "source" else (target, rel.target)
            return _end(comp, var, type_name, f.sub, depth + 1)
        if f.name in _LINK_PROPS:
            return prop_expr(props, _LINK_PROPS[f.name], redact=not comp.ctx.can_see_sensitive)
        return None

    return field_map(sel.type_name, sel.fields, value, "a link field")


def record_payload(
    comp: Compilation, group: str, rel_var: str, ends: tuple[str, str], targets: Sequence[str], sel: Selection,
    depth: int,
) -> str:  # fmt: skip
    """A participation's or membership's value whose far end (bound to `ends[1]`) is one of `targets`; the
    organisation is bound to `ends[0]`."""
    organisation, far = ends
    values = []
    for target in targets:
        bound = {field_name(ORGANISATION): (organisation, ORGANISATION), field_name(target): (far, target)}
        values.append((target, record_value(comp, GROUPS[group], rel_var, bound, sel, depth)))
    if len(values) == 1:
        return values[0][1]
    whens = " ".join(f"WHEN {far}:{NODES[t].node_label} THEN {v}" for t, v in values)
    return f"CASE {whens} END"
