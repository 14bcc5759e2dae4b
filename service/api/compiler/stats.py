"""Aggregations in one statement: counts and budget sums of projects and organisations, bucketed by a dimension."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from graphql import FieldNode, GraphQLObjectType

from service.api.compiler.filters import compile_where
from service.api.compiler.selection import collect, field_def, named_type, object_type
from service.api.compiler.state import Compilation, NotCompilableError, map_literal, privacy, string_literal

_V = "_n1"  # the counted node
_G = "_g1"  # the node a bucket groups by
_R = "_r1"  # a participation


@dataclass(frozen=True)
class Bucketing:
    """How a `by...` field groups the counted nodes: a pattern from them, the bucket's key and label."""

    pattern: str  # appended after the counted node's MATCH; empty when the key is the node's own property
    key: str
    label: str
    budget: bool  # whether budgetEur sums the counted nodes' budgets


_ORG = "Organisation"
_UNKNOWN = "coalesce({}, 'UNKNOWN')"
_PROJECT_BUCKETS: Final[dict[str, Bucketing]] = {
    "byStatus": Bucketing("", f"{_V}.status", f"{_V}.status", budget=True),
    "byYear": Bucketing(
        "",
        _UNKNOWN.format(f"substring({_V}.startDate, 0, 4)"),
        _UNKNOWN.format(f"substring({_V}.startDate, 0, 4)"),
        budget=True,
    ),
    "byCountry": Bucketing(f"MATCH ({_V})-[:IMPLEMENTED_IN]->({_G}:Country)", f"{_G}.id", f"{_G}.name", budget=True),
    "byRegion": Bucketing(
        f"MATCH ({_V})-[:IMPLEMENTED_IN]->(:Country)-[:IN_REGION]->({_G}:Region)",
        f"{_G}.id",
        f"{_G}.name",
        budget=True,
    ),
    "byProgramme": Bucketing(
        f"MATCH ({_V})-[:PART_OF]->({_G}:Programme)", f"{_G}.id", f"coalesce({_G}.shortName, {_G}.name)", budget=True
    ),
    "byTheme": Bucketing(f"MATCH ({_V})-[:ADDRESSES]->({_G}:Theme)", f"{_G}.id", f"{_G}.name", budget=True),
    "byRole": Bucketing(
        f"MATCH ({_V})<-[{_R}:PARTICIPATES_IN]-({_G}:{_ORG}) WHERE {privacy(_G)}",
        f"{_R}.role",
        f"{_R}.role",
        budget=False,
    ),
}
_ORGANISATION_BUCKETS: Final[dict[str, Bucketing]] = {
    "byKind": Bucketing("", f"{_V}.kind", f"{_V}.kind", budget=False),
    "byCountry": Bucketing(f"MATCH ({_V})-[:LOCATED_IN]->({_G}:Country)", f"{_G}.id", f"{_G}.name", budget=False),
    "byRegion": Bucketing(
        f"MATCH ({_V})-[:LOCATED_IN]->(:Country)-[:IN_REGION]->({_G}:Region)",
        f"{_G}.id",
        f"{_G}.name",
        budget=False,
    ),
    "byRole": Bucketing(f"MATCH ({_V})-[{_R}:PARTICIPATES_IN]->()", f"{_R}.role", f"{_R}.role", budget=False),
}


@dataclass(frozen=True)
class StatsSpec:
    """One stats root field: the counted label, its where-input owner, and its buckets."""

    label: str
    owner: str
    buckets: Mapping[str, Bucketing]
    has_budget: bool


STATS: Final[dict[str, StatsSpec]] = {
    "projectStats": StatsSpec("Project", "Project", _PROJECT_BUCKETS, has_budget=True),
    "organisationStats": StatsSpec(_ORG, _ORG, _ORGANISATION_BUCKETS, has_budget=False),
}


def stats_value(
    comp: Compilation,
    spec: StatsSpec,
    stats_type: GraphQLObjectType,
    nodes: Sequence[FieldNode],
    args: Mapping[str, Any],
) -> str:
    """The response value of a stats field: only the selected figures are computed."""
    preds = [privacy(_V)] if spec.label == _ORG else []
    preds += compile_where(comp, spec.owner, args.get("where"), _V, depth=1)
    match = f"MATCH ({_V}:{spec.label})" + (f" WHERE {' AND '.join(preds)}" if preds else "")
    entries: list[tuple[str, str]] = []
    for key, field_nodes in collect(comp, stats_type, nodes).items():
        name = field_nodes[0].name.value
        if name == "__typename":
            entries.append((key, string_literal(stats_type.name)))
        elif name == "count":
            entries.append((key, f"COUNT {{ {match} }}"))
        elif name == "budgetEur" and spec.has_budget:
            entries.append((key, f"head(COLLECT {{ {match} RETURN toFloat(sum({_V}.budgetEur)) }})"))
        elif name in spec.buckets:
            bucket_type = object_type(comp, named_type(field_def(stats_type, field_nodes[0]).type).name)
            entries.append((key, _buckets(comp, match, spec.buckets[name], bucket_type, field_nodes)))
        else:
            raise NotCompilableError(f"{stats_type.name}.{name} is not a statistic")
    return map_literal(entries)


def _buckets(
    comp: Compilation, match: str, how: Bucketing, bucket_type: GraphQLObjectType, nodes: Sequence[FieldNode]
) -> str:
    values = {
        "__typename": string_literal(bucket_type.name),
        "key": "k",
        "label": "l",
        "count": "n",
        "budgetEur": "b" if how.budget else "null",
    }
    entries: list[tuple[str, str]] = []
    for key, field_nodes in collect(comp, bucket_type, nodes).items():
        name = field_nodes[0].name.value
        if name not in values:
            raise NotCompilableError(f"{bucket_type.name}.{name} is not a bucket field")
        entries.append((key, values[name]))
    # DISTINCT: a node reached twice on the way to one bucket (two countries of one region) counts once.
    budget = f", toFloat(sum({_V}.budgetEur)) AS b" if how.budget else ""
    return (
        f"COLLECT {{ {match} {how.pattern} WITH DISTINCT {how.key} AS k, {how.label} AS l, {_V} "
        f"WITH k, l, count({_V}) AS n{budget} ORDER BY n DESC, k ASC RETURN {map_literal(entries)} }}"
    )
