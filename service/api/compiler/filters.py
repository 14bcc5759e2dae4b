"""Typed `where` inputs to Cypher predicates: AND/OR/NOT, scalar operators, relationship filters, activeOn."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from service.api.compiler.catalog import EDGES, ID, MATCH_LABEL, NAME, NODES, ORGANISATION, Prop, Rel
from service.api.compiler.ids import keys_for_type
from service.api.compiler.state import Compilation, NotCompilableError, privacy


@dataclass(frozen=True)
class PropFilter:
    """Operators on one property of the node (or, in an edge where, of the relationship)."""

    prop: Prop
    on_rel: bool = False


@dataclass(frozen=True)
class RelFilter:
    """Some (or, negated, no) related node matches a where input (an edge where when `rel.edge` is set)."""

    rel: Rel
    negate: bool = False


@dataclass(frozen=True)
class FarNode:
    """In an edge where: the far node matches its type's where input."""


@dataclass(frozen=True)
class ActiveOn:
    """Started on or before the date and not ended before it."""


@dataclass(frozen=True)
class GlobalIdFilter:
    """`eq`/`in` on global ids (or plain keys) of the owner's type."""


Filter = PropFilter | RelFilter | FarNode | ActiveOn | GlobalIdFilter


def _node_filters(type_name: str, fields: tuple[str, ...], extra: dict[str, Filter]) -> dict[str, Filter]:
    props = NODES[type_name].props
    out: dict[str, Filter] = {"id": GlobalIdFilter(), "key": PropFilter(ID), "name": PropFilter(NAME)}
    out |= {f: PropFilter(props[f]) for f in ("confidence", *fields)}
    return out | extra


def _rel(owner: str, field: str, *, negate: bool = False) -> RelFilter:
    return RelFilter(NODES[owner].rels[field], negate)


def _edge_filters(edge: str, fields: tuple[str, ...], far_field: str) -> dict[str, Filter]:
    props = EDGES[edge].props
    out: dict[str, Filter] = {
        f: PropFilter(props[f], on_rel=True) for f in ("key", "since", "until", "confidence", *fields)
    }
    out[far_field] = FarNode()
    return out


_PARTICIPATION = ("role", "roleClass", "iatiRole")
_MEMBERSHIP = ("membershipStatus",)
# Filters per where input, keyed by the GraphQL type it filters (edge wheres: "<edge group>:<far type>").
WHERE: Final[dict[str, dict[str, Filter]]] = {
    "Project": _node_filters(
        "Project",
        ("title", "status", "iatiStatus", "startDate", "endDate", "budgetEur", "divisionAttribution", "jpCode"),
        {
            "activeOn": ActiveOn(),
            "participantsSome": _rel("Project", "participants"),
            "participantsNone": _rel("Project", "participants", negate=True),
            "programmesSome": _rel("Project", "programmes"),
            "countriesSome": _rel("Project", "countries"),
            "themesSome": _rel("Project", "themes"),
            "coeBodiesSome": _rel("Project", "coeBodies"),
            "actionPlansSome": _rel("Project", "actionPlans"),
        },
    ),
    ORGANISATION: _node_filters(
        "Nhri",
        ("shortName", "kind", "category", "iatiOrgType", "ganhriStatus", "npmMandate"),
        {
            "authorityKind": PropFilter(NODES["NationalAuthority"].props["authorityKind"]),
            "locatedIn": _rel("Nhri", "locatedIn"),
            "parent": _rel("Nhri", "parent"),
            "participationsSome": _rel("Nhri", "participations"),
            "participationsNone": _rel("Nhri", "participations", negate=True),
            "programmeParticipationsSome": _rel("Nhri", "programmeParticipations"),
            "membershipsSome": _rel("Nhri", "memberships"),
        },
    ),
    "Country": _node_filters(
        "Country",
        ("iso2", "iso3", "coeMember", "coeMemberSince"),
        {"region": _rel("Country", "regions")},
    ),
    "Region": _node_filters("Region", (), {}),
    "Programme": _node_filters(
        "Programme",
        ("shortName", "type", "status", "startDate", "endDate", "budgetEur"),
        {
            "activeOn": ActiveOn(),
            "countriesSome": _rel("Programme", "countries"),
            "themesSome": _rel("Programme", "themes"),
            "participantsSome": _rel("Programme", "participants"),
        },
    ),
    "Network": _node_filters(
        "Network",
        ("shortName", "type"),
        {"membersSome": _rel("Network", "members"), "membersNone": _rel("Network", "members", negate=True)},
    ),
    "CoeBody": _node_filters("CoeBody", ("shortName",), {}),
    "Theme": _node_filters("Theme", (), {}),
    "ActionPlan": _node_filters(
        "ActionPlan", ("adopted", "startYear", "endYear", "budgetEur"), {"country": _rel("ActionPlan", "country")}
    ),
    "participation:Organisation": _edge_filters("participation", _PARTICIPATION, "organisation"),
    "participation:Project": _edge_filters("participation", _PARTICIPATION, "project"),
    "participation:Programme": _edge_filters("participation", _PARTICIPATION, "programme"),
    "membership:Organisation": _edge_filters("membership", _MEMBERSHIP, "organisation"),
    "membership:Network": _edge_filters("membership", _MEMBERSHIP, "network"),
}

_COMPARISONS: Final[dict[str, str]] = {"eq": "=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def node_owner(type_name: str) -> str:
    """The where-input owner of a node type (every organisation kind shares Organisation's)."""
    spec = NODES.get(type_name)
    return ORGANISATION if spec is not None and spec.private else type_name


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
    far_type: str | None = None,
    depth: int = 0,
) -> list[str]:
    """Predicates (to AND together) for `where` on the node `node_var` (edge wheres: also `rel_var`)."""
    if not where:
        return []
    filters = WHERE[owner]
    preds: list[str] = []
    for field, value in where.items():
        if value is None:
            continue
        if field in ("AND", "OR"):
            parts = [
                _conjoin(compile_where(comp, owner, w, node_var, rel_var=rel_var, far_type=far_type, depth=depth))
                for w in value
            ]
            joiner = " AND " if field == "AND" else " OR "
            preds.append("(" + joiner.join(parts) + ")" if parts else ("true" if field == "AND" else "false"))
            continue
        if field == "NOT":
            inner = compile_where(comp, owner, value, node_var, rel_var=rel_var, far_type=far_type, depth=depth)
            preds.append(f"NOT {_conjoin(inner)}")
            continue
        spec = filters.get(field)
        if spec is None:
            raise NotCompilableError(f"{owner} where has no filter {field}")
        preds.extend(_one_filter(comp, owner, spec, field, value, node_var, rel_var, far_type, depth))
    return preds


def _one_filter(
    comp: Compilation,
    owner: str,
    spec: Filter,
    field: str,
    value: Any,
    node_var: str,
    rel_var: str | None,
    far_type: str | None,
    depth: int,
) -> list[str]:
    if isinstance(spec, PropFilter):
        var = rel_var if spec.on_rel else node_var
        if var is None:
            raise NotCompilableError(f"{owner}.{field} filters a relationship outside an edge")
        return _operators(comp, f"{var}.{spec.prop.name}", value, field)
    if isinstance(spec, GlobalIdFilter):
        return _id_filter(comp, owner, node_var, value)
    if isinstance(spec, ActiveOn):
        day = comp.params.add(value)
        return [f"({node_var}.startDate <= {day} AND ({node_var}.endDate IS NULL OR {node_var}.endDate >= {day}))"]
    if isinstance(spec, FarNode):
        if far_type is None:
            raise NotCompilableError(f"{owner}.{field} outside an edge")
        return compile_where(comp, far_type, value, node_var, depth=depth)
    return [_exists(comp, spec, value, node_var, depth)]


def _id_filter(comp: Compilation, owner: str, node_var: str, ops: Mapping[str, Any]) -> list[str]:
    preds: list[str] = []
    if ops.get("eq") is not None:
        keys = keys_for_type(owner, [ops["eq"]], field="where.id.eq")
        preds.append(f"{node_var}.id = {comp.params.add(keys[0])}")
    if ops.get("in") is not None:
        keys = keys_for_type(owner, list(ops["in"]), field="where.id.in")
        preds.append(f"{node_var}.id IN {comp.params.add(keys)}")
    return preds


def _exists(comp: Compilation, spec: RelFilter, value: Mapping[str, Any], node_var: str, depth: int) -> str:
    rel = spec.rel
    far = f"_w{depth + 1}"
    rvar = f"_wr{depth + 1}" if rel.edge else ""
    label = MATCH_LABEL[rel.target]
    arrow = f"-[{rvar}:{rel.type}]->" if rel.outgoing else f"<-[{rvar}:{rel.type}]-"
    preds: list[str] = []
    if label == ORGANISATION:
        preds.append(privacy(far))
    if rel.edge:
        owner = f"{rel.edge}:{rel.target}"
        preds += compile_where(comp, owner, value, far, rel_var=rvar, far_type=rel.target, depth=depth + 1)
    else:
        preds += compile_where(comp, node_owner(rel.target), value, far, depth=depth + 1)
    where = f" WHERE {' AND '.join(preds)}" if preds else ""
    exists = f"EXISTS {{ MATCH ({node_var}){arrow}({far}:{label}){where} }}"
    return f"NOT {exists}" if spec.negate else exists
