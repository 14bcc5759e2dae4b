"""A node (or a record) as its response value: a map projection of the selected fields, relationships nested."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from service.engine import connection
from service.engine.compilation import Compilation, NotCompilableError, field_map, prop_expr, string_literal
from service.engine.privacy import visible, visible_count
from service.engine.selection import TYPENAME_HINT, Field, Selection
from service.model.catalog import CONCRETE, GROUPS, NODES, base_name, is_private, match_label, record_ends
from service.model.graph import REL_TYPES
from service.model.spec import EdgeGroup, Prop, Rel, Shape


def _props(props: Sequence[Prop]) -> dict[str, Prop]:
    out: dict[str, Prop] = {}
    for p in props:
        if not p.exposed:
            continue
        out[p.name] = p
        if p.precision is not None:
            out[p.precision.name] = p.precision
    return out


_NODE_PROPS = {name: _props(t.props) for name, t in NODES.items()}
_GROUP_PROPS = {name: _props(g.props) for name, g in GROUPS.items()}


def typename_case(var: str, type_names: Sequence[str]) -> str:
    """The concrete GraphQL type of the node bound to `var`, from its labels."""
    if len(type_names) == 1:
        return string_literal(type_names[0])
    whens = " ".join(f"WHEN {var}:{NODES[t].node_label} THEN {string_literal(t)}" for t in type_names)
    return f"CASE {whens} END"


def global_id_expr(var: str, type_name: str) -> str:
    """The global id of the node bound to `var`, whose type is `type_name` (concrete)."""
    return f"{string_literal(base_name(type_name) + ':')} + {var}.id"


def node_value(comp: Compilation, var: str, sel: Selection, depth: int, candidates: Sequence[str] | None = None) -> str:
    """The response value of the node bound to `var` for the selection `sel` (of a concrete or abstract type).

    For an abstract type the concrete types come from `sel.by_type` (narrowed to `candidates` when given, e.g. the
    organisation kinds); when the selected fields differ by type, the value is a CASE on the node's labels and
    carries TYPENAME_HINT.
    """
    if sel.type_name in NODES and not NODES[sel.type_name].abstract:
        return _concrete(comp, var, sel.type_name, sel.fields, depth, string_literal(sel.type_name), hint=False)
    possible = [t for t in (sel.by_type or {}) if t in NODES and (candidates is None or t in candidates)]
    if not possible:
        raise NotCompilableError(f"no concrete node type of {sel.type_name} among {candidates}")
    typename = typename_case(var, possible)
    branches = [(t, _concrete(comp, var, t, sel.for_type(t), depth, typename, hint=sel.varies)) for t in possible]
    if len({text for _, text in branches}) == 1:
        return branches[0][1]
    whens = " ".join(f"WHEN {var}:{NODES[t].node_label} THEN {text}" for t, text in branches)
    return f"CASE {whens} END"


def _concrete(
    comp: Compilation, var: str, type_name: str, fields: Sequence[Field], depth: int, typename: str, *, hint: bool
) -> str:
    node = NODES[type_name]
    props = _NODE_PROPS[type_name]

    def value(f: Field) -> str | None:
        if f.name == "id":
            return global_id_expr(var, type_name)
        if f.name == "key":
            return f"{var}.id"
        if f.name in props:
            return prop_expr(var, props[f.name], redact=not comp.ctx.can_see_sensitive)
        rel = node.rel(f.name)
        return None if rel is None else relationship(comp, var, rel, f, depth + 1)

    extra = [(TYPENAME_HINT, typename)] if hint else []
    return field_map(type_name, fields, value, "in the registry", typename=typename, extra=extra)


@cache
def _far_is_certain(rel: Rel) -> bool:
    """Whether every relationship of `rel`'s type, in its direction, ends at a node of its target's type (the
    registry's relationship types say so): the far node's label then needs no test."""
    ends = {(r.target if rel.out else r.source) for r in REL_TYPES if r.type == rel.type}
    return ends == {base_name(rel.target)}


def arrow(var: str, rel: Rel, far: str, rel_var: str = "", *, label: bool = True) -> str:
    """The pattern from `var` along `rel` to the far node `far`, naming the relationship if asked; the far node
    is labelled unless `label` is false or the registry says it can only be of the target type."""
    far_label = f":{match_label(rel.target)}" if label and not _far_is_certain(rel) else ""
    if rel.out:
        return f"({var})-[{rel_var}:{rel.type}]->({far}{far_label})"
    return f"({var})<-[{rel_var}:{rel.type}]-({far}{far_label})"


def _count(var: str, rel: Rel) -> str | None:
    """The number of far nodes along `rel` from `var` without counting them one by one, when the registry says
    they are all of the target type (a degree, less the hidden organisations for private targets)."""
    if not _far_is_certain(rel):
        return None
    if not is_private(rel.target):
        return f"COUNT {{ {arrow(var, rel, '')} }}"
    return visible_count(lambda label: f"{arrow(var, rel, '', label=False)[:-1]}{label})")


def relationship(comp: Compilation, var: str, rel: Rel, f: Field, depth: int) -> str:
    """The value of a relationship field of the node bound to `var`."""
    if f.sub is None:
        raise NotCompilableError(f"{rel.name} needs a selection")
    far = f"_n{depth}"
    base = (visible(far),) if is_private(rel.target) else ()
    if rel.shape is Shape.CONNECTION:
        rel_var = f"_r{depth}" if rel.edge else ""
        source = connection.Source(
            pattern=arrow(var, rel, far, rel_var),
            node_var=far,
            rel_var=rel_var or None,
            target=rel.target,
            view=rel.edge,
            base=base,
            count=_count(var, rel),
        )
        return connection.connection_value(comp, source, f, depth, node_value)
    where = f" WHERE {' AND '.join(base)}" if base else ""
    value = node_value(comp, far, f.sub, depth, CONCRETE[rel.target])
    match = f"MATCH {arrow(var, rel, far)}{where} WITH {far}"
    if rel.shape is Shape.ONE:
        return f"head(COLLECT {{ {match} ORDER BY {far}.id LIMIT 1 RETURN {value} }})"
    return f"COLLECT {{ {match} ORDER BY {far}.name, {far}.id RETURN {value} }}"


def record_value(
    comp: Compilation, group: EdgeGroup, rel_var: str, ends: dict[str, tuple[str, str]], sel: Selection, depth: int
) -> str:
    """The value of a record (a participation or membership) bound to `rel_var`: its properties, and the nodes
    at its ends by field name (`ends["organisation"] = ("o", "Organisation")`)."""
    props = _GROUP_PROPS[group.name]

    def value(f: Field) -> str | None:
        if f.name == "id":
            return f"{string_literal(group.name + ':')} + {rel_var}.id"
        if f.name == "key":
            return f"{rel_var}.id"
        if f.name in props:
            return prop_expr(rel_var, props[f.name], redact=not comp.ctx.can_see_sensitive)
        if f.name in ends and f.sub is not None:
            var, type_name = ends[f.name]
            return node_value(comp, var, f.sub, depth + 1, CONCRETE[type_name])
        if f.name in record_ends(group.name) and f.sub is not None:
            return "null"  # an end not bound here: the record's far end is of another kind
        return None

    return field_map(sel.type_name, sel.fields, value, "in the registry")
