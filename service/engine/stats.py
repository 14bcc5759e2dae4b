"""Aggregations in one statement: counts and budget sums of projects and organisations, bucketed by a dimension."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from service.engine.compilation import Compilation, field_map, fixed_map
from service.engine.filters import compile_where
from service.engine.privacy import visible
from service.engine.selection import Field, Selection
from service.model.graph import ORGANISATION

_V = "_n1"  # the counted node
_G = "_g1"  # the node a bucket groups by
_R = "_r1"  # a participation


@dataclass(frozen=True)
class Bucketing:
    """How a `by...` field groups the counted nodes: a pattern from them, the bucket's key and label."""

    description: str  # the `by...` field's
    pattern: str  # appended after the counted node's MATCH; empty when the key is the node's own property
    key: str
    label: str
    budget: bool  # whether budgetEur sums the counted nodes' budgets
    path: str = ""  # for a bucket per group node: the path from the counted node to the group node `_g1`
    group: str = ""  # and the group node's label


_YEAR = f"coalesce(substring({_V}.startDate, 0, 4), 'UNKNOWN')"


def _via(description: str, path: str, group: str, label: str = f"{_G}.name", *, budget: bool) -> Bucketing:
    """Buckets per group node reached along `path` (ending in `(_g1:<group>)`)."""
    return Bucketing(description, f"MATCH ({_V}){path}", f"{_G}.id", label, budget=budget, path=path, group=group)


def _own(description: str, key: str, *, budget: bool) -> Bucketing:
    """Buckets per value of the counted node's own `key`."""
    return Bucketing(description, "", key, key, budget=budget)


_BY, _SPREAD = "Matching projects grouped by ", "; a project in several counts in each."
_PROJECT_BUCKETS: Final[dict[str, Bucketing]] = {
    "byStatus": _own(_BY + "status.", f"{_V}.status", budget=True),
    "byYear": _own(_BY + "start year (UNKNOWN when not known).", _YEAR, budget=True),
    "byCountry": _via(_BY + "country" + _SPREAD, f"-[:IMPLEMENTED_IN]->({_G}:Country)", "Country", budget=True),
    "byRegion": _via(
        _BY + "region" + _SPREAD, f"-[:IMPLEMENTED_IN]->(:Country)-[:IN_REGION]->({_G}:Region)", "Region", budget=True
    ),
    "byProgramme": _via(
        _BY + "programme" + _SPREAD,
        f"-[:PART_OF]->({_G}:Programme)",
        "Programme",
        f"coalesce({_G}.shortName, {_G}.name)",
        budget=True,
    ),
    "byTheme": _via(_BY + "theme" + _SPREAD, f"-[:ADDRESSES]->({_G}:Theme)", "Theme", budget=True),
    # Only roles of organisations the caller may see count: a bucket never reveals a hidden participant.
    "byRole": Bucketing(
        "Projects with at least one participant the caller may see in each role (budgetEur null).",
        f"MATCH ({_V})<-[{_R}:PARTICIPATES_IN]-({_G}:{ORGANISATION}) WHERE {visible(_G)}",
        f"{_R}.role",
        f"{_R}.role",
        budget=False,
    ),
}
_ORGANISATION_BUCKETS: Final[dict[str, Bucketing]] = {
    "byKind": _own("Grouped by kind.", f"{_V}.kind", budget=False),
    "byCountry": _via("Grouped by the country they are located in.", f"-[:LOCATED_IN]->({_G}:Country)", "Country",
                      budget=False),
    "byRegion": _via("Grouped by the regions of their country.",
                     f"-[:LOCATED_IN]->(:Country)-[:IN_REGION]->({_G}:Region)", "Region", budget=False),
    "byRole": Bucketing("Organisations with at least one participation in each role.",
                        f"MATCH ({_V})-[{_R}:PARTICIPATES_IN]->()", f"{_R}.role", f"{_R}.role", budget=False),
}  # fmt: skip


@dataclass(frozen=True)
class StatsSpec:
    """One stats root field: the counted label (its where input's owner too), its buckets, and the descriptions
    of the field, its answer type (`<label>Stats`) and that type's count."""

    label: str
    buckets: Mapping[str, Bucketing]
    budget_description: str | None  # the answer's budgetEur field, when it sums budgets
    description: str
    type_description: str
    count_description: str


STATS: Final[dict[str, StatsSpec]] = {
    "projectStats": StatsSpec(
        "Project",
        _PROJECT_BUCKETS,
        budget_description="Sum of their known budgets (projects without one add 0).",
        description="Counts and budget sums of the projects matching a filter.",
        type_description="Counts and budget sums over the projects matching a filter.",
        count_description="How many projects match.",
    ),
    "organisationStats": StatsSpec(
        ORGANISATION,
        _ORGANISATION_BUCKETS,
        budget_description=None,
        description="Counts of the organisations matching a filter.",
        type_description="Counts over the organisations matching a filter (only organisations the caller may see "
        "count).",
        count_description="How many organisations match.",
    ),
}


def stats_value(comp: Compilation, spec: StatsSpec, f: Field) -> str:
    """The response value of a stats field: only the selected figures are computed."""
    assert f.sub is not None  # stats are objects
    where = f.args.get("where")
    preds = [visible(_V)] if spec.label == ORGANISATION else []
    preds += compile_where(comp, spec.label, where, _V, depth=1)
    match = f"MATCH ({_V}:{spec.label})" + (f" WHERE {' AND '.join(preds)}" if preds else "")
    # Buckets per group node start from the groups (a few dozen countries, themes...), whose relationships Neo4j
    # reads as one short list each, rather than from every counted node, whose relationships of every type are
    # walked to find one (projects are not dense nodes): on the 10k graph, projectStats by country for a status
    # took 4.3-5.7 ms instead of 7.1. A filter on ids picks a few nodes: those then come first.
    from_groups = not any(k in ("id", "key") and v is not None for k, v in (where or {}).items())

    def value(sub: Field) -> str | None:
        if sub.name == "count":
            return f"COUNT {{ {match} }}"
        if sub.name == "budgetEur" and spec.budget_description is not None:
            return f"head(COLLECT {{ {match} RETURN toFloat(sum({_V}.budgetEur)) }})"
        if sub.name in spec.buckets and sub.sub is not None:
            how = spec.buckets[sub.name]
            if from_groups and how.group:
                return _group_buckets(spec.label, preds, how, sub.sub)
            return _buckets(match, how, sub.sub)
        return None

    return field_map(f.sub.type_name, f.sub.fields, value, "a statistic")


def _bucket_map(how: Bucketing, sel: Selection) -> str:
    values = {
        "key": "k",
        "label": "l",
        "count": "n",
        "budgetEur": "b" if how.budget else "null",
    }
    return fixed_map(sel, values, "bucket")


def _buckets(match: str, how: Bucketing, sel: Selection) -> str:
    # DISTINCT: a node reached twice on the way to one bucket (two countries of one region) counts once.
    budget = f", toFloat(sum({_V}.budgetEur)) AS b" if how.budget else ""
    return (
        f"COLLECT {{ {match} {how.pattern} WITH DISTINCT {how.key} AS k, {how.label} AS l, {_V} "
        f"WITH k, l, count({_V}) AS n{budget} ORDER BY n DESC, k ASC RETURN {_bucket_map(how, sel)} }}"
    )


def _group_buckets(label: str, preds: list[str], how: Bucketing, sel: Selection) -> str:
    """The same buckets, each group node's counted nodes found from the group node (empty buckets left out)."""
    where = f" WHERE {' AND '.join(preds)}" if preds else ""
    budget, carried = (f", toFloat(sum({_V}.budgetEur)) AS b", ", b") if how.budget else ("", "")
    return (
        f"COLLECT {{ MATCH ({_G}:{how.group}) CALL ({_G}) {{ MATCH ({_V}:{label}){how.path}{where} "
        f"WITH DISTINCT {_V} RETURN count({_V}) AS n{budget} }} "
        f"WITH {how.key} AS k, {how.label} AS l, n{carried} WHERE n > 0 "
        f"ORDER BY n DESC, k ASC RETURN {_bucket_map(how, sel)} }}"
    )
