"""Import Cypher: one UNWIND statement per label and relationship pattern, each returning what it did per row.

Every statement reports `key`, `created`, `changes` (each property a created record gets; each one a changed record
changes, with its stored and its new value) and `names` (what the record is called, or its two ends), so a dry run
(the same statements in a transaction that is rolled back) says exactly what a real import would create, change or
leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, LiteralString

from service.engine.privacy import mirror_labels
from service.io.models import KEY_LABELS
from service.model.catalog import GROUPS, NODES, match_label
from service.model.graph import NODE_TYPES, REL_TYPES
from service.model.spec import RelType, Shape
from service.model.values import period
from service.seeding.cypher import ALL_KIND_LABELS, name, rel_key

# On create: the row's defaults (values a new record takes when its input leaves them empty), then the audit
# fields (MODEL.md), then the row's own properties, so a node/edge-list import of an
# exported graph keeps the exported createdAt/version. Import provenance: importSource per row, importedAt now.
_CREATE: Final[LiteralString] = (
    "x += coalesce(row.defaults, {}), x.createdAt = $now, x.updatedAt = $now, x.updatedBy = $actor, "
    "x.version = 1, x += props, x += row.meta, x.importedAt = $now"
)
_UPDATE: Final[LiteralString] = (
    "x += props, x += row.meta, x.importedAt = $now, "
    "x.updatedAt = $now, x.updatedBy = $actor, x.version = coalesce(x.version, 0) + 1"
)
# The property names whose value differs from the stored one (audit fields are the importer's own business).
_DIFF: Final[LiteralString] = (
    "CASE WHEN old IS NULL THEN [] ELSE [k IN keys(props) WHERE NOT k IN $audit "
    "AND NOT coalesce(old[k] = props[k], old[k] IS NULL AND props[k] IS NULL)] END AS changed"
)
# What a review shows: every property a created record gets (its input's, then its defaults), or each changed one
# with its stored value and the new.
_CHANGES: Final[LiteralString] = (
    "CASE WHEN created THEN [k IN keys(props) | {field: k, old: null, new: props[k]}] "
    "+ [k IN keys(coalesce(row.defaults, {})) WHERE NOT k IN keys(props) "
    "| {field: k, old: null, new: row.defaults[k]}] "
    "ELSE [k IN changed | {field: k, old: old[k], new: props[k]}] END AS changes"
)


@dataclass(frozen=True)
class ImportStep:
    """One import statement: `key` names its rows, `kind` is the label or relationship type it reports."""

    key: str
    kind: str
    cypher: LiteralString
    is_node: bool


def _node(label: LiteralString, kind_label: LiteralString = "") -> LiteralString:
    relabel: LiteralString = ""
    set_kind: LiteralString = ""
    mirror: LiteralString = ""
    if kind_label:
        relabel = "REMOVE x:" + ALL_KIND_LABELS + " "
        set_kind = ", x:" + kind_label
        mirror = mirror_labels("x")  # an organisation: `sensitive` and its label move together
    return (
        "UNWIND $rows AS row "
        "OPTIONAL MATCH (old:" + label + " {id: row.id}) "
        "WITH row, row.props AS props, old "
        "WITH row, props, old, old IS NULL AS created, " + _DIFF + " "
        "WITH row, props, created, changed, [coalesce(props.name, old.name, row.defaults.name)] AS names, "
        + _CHANGES + " "
        "MERGE (x:" + label + " {id: row.id}) "
        "ON CREATE SET " + _CREATE + set_kind + " "
        "FOREACH (_ IN CASE WHEN size(changed) > 0 THEN [1] ELSE [] END | " + relabel + "SET " + _UPDATE + set_kind
        + ") "
        + mirror
        + "RETURN row.id AS key, created, changes, names"
    )  # fmt: skip


def _link(a: LiteralString, rel: LiteralString, b: LiteralString, *, replace: bool) -> LiteralString:
    """A relationship without an id of its own: MERGEd on its endpoints. `replace` drops the other links of
    this type from `a` to a `b` label (an organisation is located in one country, has one parent)."""
    stale: LiteralString = "[] AS stale "
    drop: LiteralString = ""
    if replace:
        stale = "COLLECT { MATCH (a)-[:" + rel + "]->(o:" + b + ") WHERE o <> b RETURN o.id } AS stale "
        drop = "CALL (a, b) { MATCH (a)-[s:" + rel + "]->(o:" + b + ") WHERE o <> b DELETE s } "
    return (
        "UNWIND $rows AS row "
        "MATCH (a:" + a + " {id: row.a}) "
        "MATCH (b:" + b + " {id: row.b}) "
        "WITH row, row.props AS props, a, b, NOT EXISTS { (a)-[:" + rel + "]->(b) } AS created, " + stale
        + drop
        + "MERGE (a)-[x:" + rel + "]->(b) "
        "ON CREATE SET " + _CREATE + " "
        "RETURN row.key AS key, created AND size(stale) = 0 AS created, [a.name, b.name] AS names, "
        "CASE WHEN size(stale) > 0 THEN [{field: '" + b + "', old: stale, new: b.id}] ELSE [] END AS changes"
    )  # fmt: skip


def _derived_dates(r: RelType) -> LiteralString:
    """The map entries that make a record active over its target's period (MODEL.md: `datesDerived`), from the
    registry's periods of the edge group (since, until) and of the target (startDate, endDate); none without."""
    own, theirs = period(GROUPS[r.group or ""].props), period(NODES[r.target].props)
    if own is None or theirs is None:
        return ""
    entries: LiteralString = ""
    for mine, other in zip(own, theirs, strict=True):
        entries += name(mine) + ": b." + name(other) + ", " + name(mine + "Precision") + ": b."
        entries += name(other + "Precision") + ", "
    return entries + name("datesDerived") + ": true"


def _keyed(r: RelType) -> LiteralString:
    """A relationship with its own id and provenance (participation, membership), MERGEd on the id. Staff rows
    without sources take the target's (`row.inherit`); `row.derive` copies the target's dates (MODEL.md)."""
    a, rel, b = name(r.source), name(r.type), name(r.target)
    derived = _derived_dates(r)
    derive: LiteralString = ""
    if derived:
        derive = "WITH row, a, b, old, CASE WHEN row.derive THEN p1 {.*, " + derived + "} ELSE p1 END AS p1 "
    return (
        "UNWIND $rows AS row "
        "MATCH (a:" + a + " {id: row.a}) "
        "MATCH (b:" + b + " {id: row.b}) "
        "OPTIONAL MATCH (a)-[old:" + rel + " {id: row.id}]->(b) "
        "WITH row, a, b, old, row.props AS p0 "
        "WITH row, a, b, old, CASE WHEN row.inherit AND size(coalesce(p0.sources, [])) = 0 "
        "THEN p0 {.*, sources: coalesce(b.sources, [])} ELSE p0 END AS p1 "
        + derive
        + "WITH row, a, b, old, p1 AS props "
        "WITH row, a, b, props, old, old IS NULL AS created, " + _DIFF + " "
        "WITH row, a, b, props, created, changed, " + _CHANGES + " "
        "MERGE (a)-[x:" + rel + " {id: row.id}]->(b) "
        "ON CREATE SET " + _CREATE + " "
        "FOREACH (_ IN CASE WHEN size(changed) > 0 THEN [1] ELSE [] END | SET " + _UPDATE + ") "
        "RETURN row.id AS key, created, changes, [a.name, b.name] AS names"
    )  # fmt: skip


def node_step_key(type_name: str) -> str:
    """The step writing nodes of a concrete node type (an organisation's kind type: its kind label is set)."""
    return type_name


def rel_step_key(a: str, rel: str, b: str, *, replace: bool = False) -> str:
    """The step writing `(a)-[rel]->(b)` rows; `replace` for a single-valued link (it drops the link it replaces)."""
    return rel_key(a, rel, b) + (":replace" if replace else "")


def single_valued(r: RelType) -> bool:
    """Whether a node has at most one link of this relationship type to this target (its field's shape is ONE)."""
    rel = next((x for x in NODES[r.source].rels if x.out and x.type == r.type and x.target == r.target), None)
    return rel is not None and rel.shape is Shape.ONE


def _steps() -> tuple[ImportStep, ...]:
    steps: list[ImportStep] = []
    for t in NODE_TYPES:
        if not t.abstract:
            kind_label = name(t.node_label) if t.implements is not None else ""
            steps.append(
                ImportStep(
                    node_step_key(t.name), match_label(t.name), _node(name(match_label(t.name)), kind_label), True
                )
            )
    for r in REL_TYPES:
        a, rel, b = name(r.source), name(r.type), name(r.target)
        if r.group is not None:
            steps.append(ImportStep(rel_step_key(a, rel, b), rel, _keyed(r), False))
            continue
        steps.append(ImportStep(rel_step_key(a, rel, b), rel, _link(a, rel, b, replace=False), False))
        if single_valued(r):
            steps.append(ImportStep(rel_step_key(a, rel, b, replace=True), rel, _link(a, rel, b, replace=True), False))
    return tuple(steps)


STEPS: Final[tuple[ImportStep, ...]] = _steps()
STEP_BY_KEY: Final[dict[str, ImportStep]] = {s.key: s for s in STEPS}
REL_PATTERNS: Final[frozenset[tuple[str, str, str]]] = frozenset((r.source, r.type, r.target) for r in REL_TYPES)
KEYED_TYPES: Final[frozenset[str]] = frozenset(r.type for r in REL_TYPES if r.group is not None)


def _existing(label: LiteralString) -> LiteralString:
    return "UNWIND $ids AS id MATCH (x:" + label + " {id: id}) RETURN x.id AS id"


EXISTING_IDS: Final[dict[str, LiteralString]] = {label: _existing(name(label)) for label in KEY_LABELS}
