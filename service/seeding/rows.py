"""Turn a validated SeedGraph into parameter rows, one list per load step, adding what MODEL.md derives at load
time: `synthetic: false`, a participation's role class, and a record's dates and sources taken from its target
when it has none of its own."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields
from typing import Any

from service.model.catalog import GROUPS, NODES, base_name
from service.model.enums import ParticipationRole
from service.model.graph import REL_TYPES
from service.model.values import period
from service.seeding.cypher import rel_key
from service.seeding.models import SeedGraph, SeedNode, SeedRecord

Row = dict[str, Any]
Rows = dict[str, list[Row]]


def _record_row(rec: SeedRecord, target: SeedNode) -> Row:
    """A participation's or membership's row: its role class follows its role; without dates of its own it is
    active over its target's (`datesDerived`), without sources it takes its target's."""
    props = dict(rec.props)
    group = GROUPS[rec.group]
    if any(p.name == "roleClass" for p in group.props):
        props["roleClass"] = ParticipationRole(props["role"]).role_class.value
    if any(p.name == "datesDerived" for p in group.props):
        own, theirs = period(group.props), period(NODES[target.type].props)
        derived = own is not None and props.get(own[0]) is None and props.get(own[1]) is None
        if derived and own is not None and theirs is not None:
            for mine, other in zip(own, theirs, strict=True):
                props[mine] = target.props.get(other)
                props[mine + "Precision"] = target.props.get(other + "Precision")
        props["datesDerived"] = derived
    if not props.get("sources"):
        props["sources"] = list(target.props.get("sources") or [])
    props["synthetic"] = False
    return {"id": rec.id, "a": rec.source, "b": rec.target, "props": props}


def graph_rows(graph: SeedGraph) -> Rows:
    """Rows per step key of service.seeding.cypher.STEPS, in file order."""
    rows: Rows = defaultdict(list)
    nodes: dict[tuple[str, str], SeedNode] = {}
    records: list[SeedRecord] = []
    for f in fields(graph):
        for item in getattr(graph, f.name):
            if isinstance(item, SeedRecord):
                records.append(item)
                continue
            node: SeedNode = item
            nodes[base_name(node.type), node.id] = node
            rows[node.type].append({"id": node.id, "props": {**node.props, "synthetic": False}})
            own = NODES[node.type]
            for rel_name, targets in node.links.items():
                rel = own.rel(rel_name)
                assert rel is not None  # links are read from the type's own relationships
                key = rel_key(base_name(node.type), rel.type, base_name(rel.target))
                rows[key].extend({"a": node.id, "b": t} for t in targets)
            records.extend(node.records)
    for rec in records:
        r = next(t for t in REL_TYPES if t.group == rec.group and t.target == rec.target_type)
        rows[rel_key(r.source, r.type, r.target)].append(_record_row(rec, nodes[rec.target_type, rec.target]))
    return dict(rows)
