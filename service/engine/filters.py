"""`where` inputs to Cypher predicates, from the registry's where fields: AND/OR/NOT, operators, relationships."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from service.engine.compilation import Compilation, NotCompilableError
from service.engine.privacy import visible
from service.model.catalog import VIEWS, WhereField, WhereKind, is_private, match_label, where_fields
from service.model.ids import keys_for_type

_COMPARISONS: Final[dict[str, str]] = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _operators(comp: Compilation, expr: str, ops: Mapping[str, Any], field: str) -> list[str]:
    preds: list[str] = []
    for op, value in ops.items():
        if op == "isNull":
            if value is not None:
                preds.append(f"{expr} IS NULL" if value else f"{expr} IS NOT NULL")
            continue
        if value is None:
            continue  # an operator given as null is ignored, as if left out
        if op in _COMPARISONS:
            preds.append(f"{expr} {_COMPARISONS[op]} {comp.params.add(value)}")
        elif op == "in":
            preds.append(f"{expr} IN {comp.params.add(list(value))}")
        elif op == "contains":
            preds.append(f"toLower({expr}) CONTAINS {comp.params.add(str(value).lower())}")
        elif op == "startsWith":
            preds.append(f"toLower({expr}) STARTS WITH {comp.params.add(str(value).lower())}")
        else:
            raise NotCompilableError(f"unknown operator {op} on {field}")
    return preds


def _conjoin(preds: list[str]) -> str:
    if not preds:
        return "true"
    return preds[0] if len(preds) == 1 else "(" + " AND ".join(preds) + ")"


def compile_where(
    comp: Compilation,
    owner: str,
    where: Mapping[str, Any] | None,
    node_var: str,
    *,
    rel_var: str | None = None,
    depth: int = 0,
) -> list[str]:
    """Predicates (to AND together) for `where` on the node `node_var` (in an edge where, also `rel_var`).

    `owner` is a node type's name (every organisation kind filters as Organisation) or an edge view's.
    """
    if not where:
        return []
    fields = {f.name: f for f in where_fields(owner)}
    preds: list[str] = []
    for name, value in where.items():
        if value is None:
            continue
        if name in ("AND", "OR"):
            parts = [_conjoin(compile_where(comp, owner, w, node_var, rel_var=rel_var, depth=depth)) for w in value]
            joiner = " AND " if name == "AND" else " OR "
            preds.append("(" + joiner.join(parts) + ")" if parts else ("true" if name == "AND" else "false"))
            continue
        if name == "NOT":
            preds.append(f"NOT {_conjoin(compile_where(comp, owner, value, node_var, rel_var=rel_var, depth=depth))}")
            continue
        spec = fields.get(name)
        if spec is None:
            raise NotCompilableError(f"{owner} where has no filter {name}")
        preds.extend(_one(comp, owner, spec, value, node_var, rel_var, depth))
    return preds


def _one(
    comp: Compilation, owner: str, spec: WhereField, value: Any, node_var: str, rel_var: str | None, depth: int
) -> list[str]:
    var = rel_var if spec.on_rel else node_var
    if var is None:
        raise NotCompilableError(f"{owner}.{spec.name} filters a relationship outside an edge")
    match spec.kind:
        case WhereKind.PROP:
            assert spec.prop is not None  # PROP fields name their property
            return _operators(comp, f"{var}.{spec.prop.name}", value, spec.name)
        case WhereKind.KEY:
            return _operators(comp, f"{var}.id", value, spec.name)
        case WhereKind.ID:
            return _ids(comp, owner, node_var, value)
        case WhereKind.ACTIVE_ON:
            day = comp.params.add(value)
            return [f"({var}.startDate <= {day} AND ({var}.endDate IS NULL OR {var}.endDate >= {day}))"]
        case WhereKind.FAR:
            assert spec.target is not None  # FAR fields name the far type
            return compile_where(comp, spec.target, value, node_var, depth=depth)
        case WhereKind.REL:
            return [_exists(comp, spec, value, node_var, depth)]
    raise AssertionError(spec.kind)  # pragma: no cover  # the match covers every WhereKind


def _ids(comp: Compilation, owner: str, node_var: str, ops: Mapping[str, Any]) -> list[str]:
    preds: list[str] = []
    if ops.get("eq") is not None:
        keys = keys_for_type(owner, [ops["eq"]], field="where.id.eq")
        preds.append(f"{node_var}.id = {comp.params.add(keys[0])}")
    if ops.get("in") is not None:
        keys = keys_for_type(owner, list(ops["in"]), field="where.id.in")
        preds.append(f"{node_var}.id IN {comp.params.add(keys)}")
    return preds


def _exists(comp: Compilation, spec: WhereField, value: Mapping[str, Any], node_var: str, depth: int) -> str:
    rel = spec.rel
    assert rel is not None  # REL fields name their relationship
    assert spec.target is not None  # and the where input they nest
    far = f"_w{depth + 1}"
    rvar = f"_wr{depth + 1}" if rel.edge else ""
    label = match_label(rel.target)
    arrow = f"-[{rvar}:{rel.type}]->" if rel.out else f"<-[{rvar}:{rel.type}]-"
    preds: list[str] = [visible(far)] if is_private(rel.target) else []
    if rel.edge is not None and spec.target in VIEWS:
        preds += compile_where(comp, spec.target, value, far, rel_var=rvar, depth=depth + 1)
    else:
        preds += compile_where(comp, spec.target, value, far, depth=depth + 1)
    where = f" WHERE {' AND '.join(preds)}" if preds else ""
    exists = f"EXISTS {{ MATCH ({node_var}){arrow}({far}:{label}){where} }}"
    return f"NOT {exists}" if spec.negate else exists
