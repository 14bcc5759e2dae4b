"""Seed-load Cypher: one UNWIND statement per node type and relationship pattern of the registry; values only as
parameters, labels and relationship types only from the registry (service/model/identifiers.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, LiteralString

from service.engine.privacy import mirror_labels
from service.model.catalog import KINDS, NODES, match_label
from service.model.enums import OrganisationKind
from service.model.graph import NODE_TYPES, REL_TYPES
from service.model.identifiers import identifiers
from service.model.spec import NodeType, RelType


def name(identifier: str) -> LiteralString:
    """A label, relationship type or property name of the registry, for a statement's text (nothing else is)."""
    if identifier not in identifiers():
        raise ValueError(f"{identifier!r} is not a name of the registry")
    return identifier  # one of the registry's closed set of names, each a plain identifier (identifiers.check())


# Audit fields (MODEL.md): set on create; updatedAt/updatedBy/version move only when a property changes,
# so a second load of the same seeds writes nothing.
_CREATED: Final[LiteralString] = "x.createdAt = $now, x.updatedAt = $now, x.updatedBy = $actor, x.version = 1"
_CHANGED: Final[LiteralString] = (
    "WITH x, row "
    "WHERE any(k IN keys(row.props) "
    "WHERE NOT coalesce(x[k] = row.props[k], x[k] IS NULL AND row.props[k] IS NULL)) "
)
_TOUCH: Final[LiteralString] = "x.updatedAt = $now, x.updatedBy = $actor, x.version = coalesce(x.version, 0) + 1"
# Every organisation kind's label: a kind changed in the seed files replaces the old kind label.
ALL_KIND_LABELS: Final[LiteralString] = ":".join(name(k.node_label) for k in KINDS)


@dataclass(frozen=True)
class Step:
    """One load statement: `key` names its rows, `counts_as` is the label or relationship type it writes."""

    key: str
    counts_as: str
    is_node: bool
    cypher: LiteralString
    # For a new graph (NEW_NODES, NEW_RELATIONSHIPS): a node's labels; a relationship's end labels, and whether
    # it is a record (its own id and properties) rather than a structural link (audit fields only).
    labels: tuple[str, ...] = ()
    ends: tuple[str, str] = ("", "")
    record: bool = False


def rel_key(source: str, rel_type: str, target: str) -> str:
    """The step key of a relationship pattern: `Project-IMPLEMENTED_IN->Country`."""
    return f"{source}-{rel_type}->{target}"


def _node(t: NodeType) -> LiteralString:
    label = name(match_label(t.name))
    set_kind: LiteralString = ""
    relabel: LiteralString = ""
    mirror: LiteralString = ""
    if t.implements is not None:
        set_kind = ", x:" + name(t.node_label)
        relabel = "REMOVE x:" + ALL_KIND_LABELS + " "
        # An organisation's `sensitive` and its label move together: once for a row the change test drops
        # (a new node, or one already as the seeds say), once after a change.
        mirror = " " + mirror_labels("x")
    return (
        "UNWIND $rows AS row "
        "MERGE (x:" + label + " {id: row.id}) "
        "ON CREATE SET x += row.props, " + _CREATED + set_kind + mirror + " "
        + _CHANGED
        + relabel
        + "SET x += row.props, " + _TOUCH + set_kind + mirror
    )  # fmt: skip


def _rel(r: RelType) -> LiteralString:
    """A structural link (MERGEd on its ends, audit fields only) or a record with its own id and properties."""
    head: LiteralString = (
        "UNWIND $rows AS row "
        "MATCH (a:" + name(match_label(r.source)) + " {id: row.a}) "
        "MATCH (b:" + name(match_label(r.target)) + " {id: row.b}) "
    )  # fmt: skip
    if r.group is None:
        return head + "MERGE (a)-[x:" + name(r.type) + "]->(b) ON CREATE SET " + _CREATED
    return (
        head + "MERGE (a)-[x:" + name(r.type) + " {id: row.id}]->(b) "
        "ON CREATE SET x += row.props, " + _CREATED + " "
        + _CHANGED
        + "SET x += row.props, " + _TOUCH
    )  # fmt: skip


def _labels(t: NodeType) -> tuple[str, ...]:
    return (name(match_label(t.name)), *((name(t.node_label),) if t.implements is not None else ()))


NODE_STEPS: Final[tuple[Step, ...]] = tuple(
    Step(t.name, match_label(t.name), True, _node(t), labels=_labels(t)) for t in NODE_TYPES if not t.abstract
)
REL_STEPS: Final[tuple[Step, ...]] = tuple(
    Step(
        rel_key(r.source, r.type, r.target), name(r.type), False, _rel(r),
        ends=(name(match_label(r.source)), name(match_label(r.target))), record=r.group is not None,
    )
    for r in REL_TYPES
)  # fmt: skip
STEPS: Final[tuple[Step, ...]] = NODE_STEPS + REL_STEPS

# A graph that holds nothing but its migrations (a new database: `make run`'s first start) is seeded by two
# statements instead of the MERGE per type and pattern above: each row brings its labels or relationship type
# (names of the registry, checked by the loader), so a server that has planned nothing yet plans two statements,
# not 33 (5.8 -> 1.7 s on the bench machine). Nodes come out as the MERGE form writes them (the id and properties,
# the kind label, the mirrored labels, the audit fields); relationships find their ends by element id.
GRAPH_IS_NEW: Final[LiteralString] = (
    "MATCH (n) WITH count(n) AS nodes MATCH (m:_Migration) WITH nodes, count(m) AS migrations "
    "RETURN nodes = migrations AS new"
)
NEW_NODES: Final[LiteralString] = (
    "UNWIND $rows AS row CREATE (x:$(row.labels)) SET x = row.props, " + _CREATED
    + " RETURN collect([row.ref, elementId(x)]) AS ids"
)  # fmt: skip
NEW_RELATIONSHIPS: Final[LiteralString] = (
    "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.a MATCH (b) WHERE elementId(b) = row.b "
    "CREATE (a)-[x:$(row.type)]->(b) SET x = row.props, " + _CREATED
)
STEP_BY_KEY: Final[dict[str, Step]] = {s.key: s for s in STEPS}
assert all(NODES[s.key] for s in NODE_STEPS)


# Synthetic graphs are written once into a graph the generator owns: plain CREATE, no change detection.
# Rows are compact lists and values shared by every row are literals in the statement: per-row maps and
# `SET x = map` cost the server a property-key lookup per key and row, which made the map form about 1.5x slower.
# Each node statement returns [id, elementId] pairs so that relationships find their endpoints by element id (a
# direct record lookup) instead of a uniqueness-index seek per endpoint. What each statement creates is declared
# once, below, as columns; the online statements and the offline build's import files (seeding/offline.py) are
# both made from it.


@dataclass(frozen=True)
class At:
    """A column taken from position `i` of the plan's row."""

    i: int


NOW: Final = object()  # the load's timestamp: $now online, the build's time in an import file
EMPTY: Final = object()  # an empty list: set after an offline import (a CSV field cannot hold one)
# (property, At(i) or the value every row shares)
Column = tuple[str, object]


@dataclass(frozen=True)
class SyntheticShape:
    """What one synthetic statement creates: node labels (or one relationship type) and its properties."""

    labels: tuple[str, ...]
    columns: tuple[Column, ...]


# Audit fields as the seed loader writes them (MODEL.md), so API updates (expectedVersion) work on synthetic nodes.
_SYN: Final[tuple[Column, ...]] = (
    ("synthetic", True), ("confidence", "LOW"), ("sources", EMPTY), ("notes", EMPTY), ("createdAt", NOW),
    ("updatedAt", NOW), ("updatedBy", "synthetic-generator"), ("version", 1),
)  # fmt: skip
_ID_NAME: Final[tuple[Column, ...]] = (("id", At(0)), ("name", At(1)))
# A synthetic organisation's columns after id, name and shortName: its kind's own properties, in this order.
SYNTHETIC_KIND_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    OrganisationKind.NATIONAL_AUTHORITY.value: ("authorityKind",),
    OrganisationKind.NHRI.value: ("ganhriStatus", "npmMandate"),
}


def synthetic_org_key(kind: str) -> str:
    """The SYNTHETIC_NODE key of organisations of an OrganisationKind value."""
    return f"Organisation:{kind}"


def _org_shape(kind: NodeType) -> SyntheticShape:
    value = kind.kind_value or ""
    own = tuple((prop, At(i)) for i, prop in enumerate(SYNTHETIC_KIND_COLUMNS.get(value, ()), start=3))
    columns = (*_ID_NAME, ("shortName", At(2)), ("kind", value), ("category", "synthetic"), ("sensitive", False))
    return SyntheticShape((match_label(kind.name), kind.node_label), (*columns, *own, *_SYN))


# Node statements by key; the plan's rows follow the At positions.
SYNTHETIC_NODE_SHAPES: Final[dict[str, SyntheticShape]] = {
    **{synthetic_org_key(k.kind_value or ""): _org_shape(k) for k in KINDS},
    "Programme": SyntheticShape(("Programme",), (*_ID_NAME, ("status", "ACTIVE"), ("type", "synthetic"), *_SYN)),
    "Project": SyntheticShape(("Project",), (
        *_ID_NAME, ("title", At(1)), ("status", At(2)), ("startDate", At(3)), ("endDate", At(4)),
        ("divisionAttribution", At(5)), *_SYN,
    )),
    "Network": SyntheticShape(("Network",), (*_ID_NAME, ("type", "synthetic"), *_SYN)),
    "Theme": SyntheticShape(("Theme",), (*_ID_NAME, *_SYN)),
}  # fmt: skip
# Relationship statements by type; a row starts with its start and end nodes' element ids (At 0 and 1).
SYNTHETIC_REL_SHAPES: Final[dict[str, SyntheticShape]] = {
    s.labels[0]: s
    for s in (
        *(SyntheticShape((t,), ()) for t in ("LOCATED_IN", "IMPLEMENTED_IN", "PART_OF", "ADDRESSES")),
        SyntheticShape(("PARTICIPATES_IN",), (
            ("id", At(2)), ("role", At(3)), ("roleClass", At(4)), ("synthetic", True), ("datesDerived", True),
            ("confidence", "LOW"),
        )),
        SyntheticShape(("MEMBER_OF",), (("id", At(2)), ("membershipStatus", At(3)), ("synthetic", True))),
    )
}  # fmt: skip

_ROW: Final[tuple[LiteralString, ...]] = ("r[0]", "r[1]", "r[2]", "r[3]", "r[4]", "r[5]")
_PLAIN_TEXT: Final = re.compile(r"[A-Za-z0-9 _-]*")


def _value(source: object) -> LiteralString:
    """A column's expression: the row's cell, $now, or the shared value as a literal (our own constants only)."""
    if isinstance(source, At):
        return _ROW[source.i]
    if source is NOW:
        return "$now"
    if source is EMPTY:
        return "[]"
    if isinstance(source, bool):
        return "true" if source else "false"
    if isinstance(source, int):
        return str(source)  # digits
    if isinstance(source, str) and _PLAIN_TEXT.fullmatch(source):
        return "'" + source + "'"  # letters, digits, ' ', '_', '-': nothing to escape
    raise ValueError(f"{source!r} cannot be a synthetic column's shared value")


def _props(shape: SyntheticShape) -> LiteralString:
    return ", ".join(name(prop) + ": " + _value(source) for prop, source in shape.columns)


SYNTHETIC_NODE: Final[dict[str, LiteralString]] = {
    key: "UNWIND $rows AS r CREATE (x:" + ":".join(name(label) for label in shape.labels) + " {" + _props(shape)
    + "}) RETURN collect([r[0], elementId(x)]) AS ids"
    for key, shape in SYNTHETIC_NODE_SHAPES.items()
}  # fmt: skip
_ENDS: Final[LiteralString] = (
    "UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r[0] MATCH (b) WHERE elementId(b) = r[1] "
)
SYNTHETIC_REL: Final[dict[str, LiteralString]] = {
    key: _ENDS + "CREATE (a)-[:" + name(shape.labels[0]) + (" {" + _props(shape) + "}" if shape.columns else "")
    + "]->(b)"
    for key, shape in SYNTHETIC_REL_SHAPES.items()
}  # fmt: skip
SYNTHETIC_COUNTRY_IDS: Final[LiteralString] = "MATCH (c:Country) RETURN collect([c.id, elementId(c)]) AS ids"
SYNTHETIC_COUNT: Final[LiteralString] = (
    "OPTIONAL MATCH (n) WHERE n.synthetic = true WITH count(n) AS nodes "
    "OPTIONAL MATCH (m)-[r]->() WHERE m.synthetic = true RETURN nodes, count(r) AS rels"
)
SYNTHETIC_DELETE_BATCH: Final[LiteralString] = (
    "MATCH (n) WHERE n.synthetic = true CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS"
)
# After an offline import (service.seeding.offline): a CSV field cannot hold an empty list, so the lists every
# synthetic node carries empty (the EMPTY columns) are set here, before any index exists (none is indexed anyway).
_EMPTY_LISTS: Final = tuple(name(prop) for prop, source in _SYN if source is EMPTY)
SYNTHETIC_EMPTY_LISTS: Final[LiteralString] = (
    "MATCH (n) WHERE n.synthetic = true AND n." + _EMPTY_LISTS[0] + " IS NULL "
    "CALL (n) { SET " + ", ".join("n." + p + " = []" for p in _EMPTY_LISTS) + " } IN TRANSACTIONS OF 50000 ROWS"
)
# What an offline build would destroy: nodes that are neither synthetic nor the schema's own nor real places.
SYNTHETIC_FOREIGN_COUNT: Final[LiteralString] = (
    "MATCH (n) WHERE NOT coalesce(n.synthetic, false) AND NOT n:_Migration AND NOT n:Region AND NOT n:Country "
    "RETURN count(n) AS n"
)

# What `seed load --if-changed` (make run) compares: the fingerprint of the rows and statements last loaded that
# way. The bookkeeping node is written in the load's own transaction, so it never claims a load that failed; a
# wipe deletes it with everything else, and a plain load leaves it (the same seeds give the same fingerprint).
SEED_FINGERPRINT: Final[LiteralString] = "MATCH (m:_SeedLoad {id: 'seeds'}) RETURN m.fingerprint AS fingerprint"
SET_SEED_FINGERPRINT: Final[LiteralString] = (
    "MERGE (m:_SeedLoad {id: 'seeds'}) SET m.fingerprint = $fingerprint, m.loadedAt = $now"
)
