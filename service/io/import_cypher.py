"""Import Cypher: one UNWIND statement per label and relationship pattern, each returning what it did per row.

Every statement reports `key`, `created` and `changed` (the property names that differ), so a dry run (the same
statements in a transaction that is rolled back) says exactly what a real import would create, change or leave.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, LiteralString

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
_ALL_KIND_LABELS: Final[LiteralString] = (
    "NationalAuthority:Nhri:CivilSocietyOrganisation:Donor:InternationalOrganisation:CoeEntity"
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
    if kind_label:
        relabel = "REMOVE x:" + _ALL_KIND_LABELS + " "
        set_kind = ", x:" + kind_label
    return (
        "UNWIND $rows AS row "
        "OPTIONAL MATCH (old:" + label + " {id: row.id}) "
        "WITH row, row.props AS props, old "
        "WITH row, props, old IS NULL AS created, " + _DIFF + " "
        "MERGE (x:" + label + " {id: row.id}) "
        "ON CREATE SET " + _CREATE + set_kind + " "
        "FOREACH (_ IN CASE WHEN size(changed) > 0 THEN [1] ELSE [] END | " + relabel + "SET " + _UPDATE + set_kind
        + ") "
        "RETURN row.id AS key, created, changed"
    )  # fmt: skip


def _link(a: LiteralString, rel: LiteralString, b: LiteralString, *, replace: bool) -> LiteralString:
    """A relationship without an id of its own: MERGEd on its endpoints. `replace` drops the other links of
    this type from `a` to a `b` label (an organisation is located in one country, has one parent)."""
    stale: LiteralString = "0 AS stale "
    drop: LiteralString = ""
    if replace:
        stale = "COUNT { (a)-[:" + rel + "]->(o:" + b + ") WHERE o <> b } AS stale "
        drop = "CALL (a, b) { MATCH (a)-[s:" + rel + "]->(o:" + b + ") WHERE o <> b DELETE s } "
    return (
        "UNWIND $rows AS row "
        "MATCH (a:" + a + " {id: row.a}) "
        "MATCH (b:" + b + " {id: row.b}) "
        "WITH row, row.props AS props, a, b, NOT EXISTS { (a)-[:" + rel + "]->(b) } AS created, " + stale
        + drop
        + "MERGE (a)-[x:" + rel + "]->(b) "
        "ON CREATE SET " + _CREATE + " "
        "RETURN row.key AS key, created AND stale = 0 AS created, "
        "CASE WHEN stale > 0 THEN ['" + b + "'] ELSE [] END AS changed"
    )  # fmt: skip


def _keyed(a: LiteralString, rel: LiteralString, b: LiteralString) -> LiteralString:
    """A relationship with its own id and provenance (participation, membership), MERGEd on the id. Staff rows
    without sources take the target's (`row.inherit`); `row.derive` copies the target's dates (MODEL.md)."""
    return (
        "UNWIND $rows AS row "
        "MATCH (a:" + a + " {id: row.a}) "
        "MATCH (b:" + b + " {id: row.b}) "
        "OPTIONAL MATCH (a)-[old:" + rel + " {id: row.id}]->(b) "
        "WITH row, a, b, old, row.props AS p0 "
        "WITH row, a, b, old, CASE WHEN row.inherit AND size(coalesce(p0.sources, [])) = 0 "
        "THEN p0 {.*, sources: coalesce(b.sources, [])} ELSE p0 END AS p1 "
        "WITH row, a, b, old, CASE WHEN row.derive THEN p1 {.*, since: b.startDate, "
        "sincePrecision: b.startDatePrecision, until: b.endDate, untilPrecision: b.endDatePrecision, "
        "datesDerived: true} ELSE p1 END AS props "
        "WITH row, a, b, props, old IS NULL AS created, " + _DIFF + " "
        "MERGE (a)-[x:" + rel + " {id: row.id}]->(b) "
        "ON CREATE SET " + _CREATE + " "
        "FOREACH (_ IN CASE WHEN size(changed) > 0 THEN [1] ELSE [] END | SET " + _UPDATE + ") "
        "RETURN row.id AS key, created, changed"
    )  # fmt: skip


NODE_LABELS: Final[tuple[LiteralString, ...]] = (
    "Region", "Country", "Theme", "Programme", "Project", "CoeBody", "ActionPlan", "Network",
)  # fmt: skip
ORG_KIND_STEPS: Final[tuple[tuple[LiteralString, LiteralString], ...]] = (
    ("NATIONAL_AUTHORITY", "NationalAuthority"),
    ("NHRI", "Nhri"),
    ("CIVIL_SOCIETY", "CivilSocietyOrganisation"),
    ("DONOR", "Donor"),
    ("INTERNATIONAL", "InternationalOrganisation"),
    ("COE_ENTITY", "CoeEntity"),
)
# (from label, type, to label, single-valued): the structural links of MODEL.md.
LINKS: Final[tuple[tuple[LiteralString, LiteralString, LiteralString, bool], ...]] = (
    ("Country", "IN_REGION", "Region", False),
    ("Organisation", "LOCATED_IN", "Country", True),
    ("Organisation", "SUBUNIT_OF", "Organisation", True),
    ("Project", "PART_OF", "Programme", False),
    ("Programme", "SUCCEEDS", "Programme", False),
    ("Project", "IMPLEMENTED_IN", "Country", False),
    ("Programme", "IMPLEMENTED_IN", "Country", False),
    ("Project", "ADDRESSES", "Theme", False),
    ("Programme", "ADDRESSES", "Theme", False),
    ("Project", "CONTRIBUTES_TO", "ActionPlan", False),
    ("ActionPlan", "FOR_COUNTRY", "Country", False),
    ("Project", "INFORMED_BY", "CoeBody", False),
    ("Network", "SUB_NETWORK_OF", "Network", False),
    ("Network", "OPERATED_BY", "Organisation", False),
    ("Network", "SUPPORTED_BY", "Organisation", False),
    ("Network", "FORMED_IN", "Project", False),
)
KEYED: Final[tuple[tuple[LiteralString, LiteralString, LiteralString], ...]] = (
    ("Organisation", "PARTICIPATES_IN", "Project"),
    ("Organisation", "PARTICIPATES_IN", "Programme"),
    ("Organisation", "MEMBER_OF", "Network"),
)


def node_step_key(label: str, kind: str | None = None) -> str:
    """The step writing nodes of `label` (organisations: of `kind`)."""
    return f"Organisation:{kind}" if label == "Organisation" else label


def rel_step_key(a: str, rel: str, b: str, *, replace: bool = False) -> str:
    """The step writing `(a)-[rel]->(b)` rows; `replace` for the single-valued links of staff files."""
    return f"{a}-{rel}->{b}" + (":replace" if replace else "")


def _steps() -> tuple[ImportStep, ...]:
    steps = [ImportStep(label, label, _node(label), True) for label in NODE_LABELS]
    steps += [ImportStep(node_step_key("Organisation", k), "Organisation", _node("Organisation", lbl), True)
              for k, lbl in ORG_KIND_STEPS]  # fmt: skip
    for a, rel, b, single in LINKS:
        steps.append(ImportStep(rel_step_key(a, rel, b), rel, _link(a, rel, b, replace=False), False))
        if single:
            steps.append(ImportStep(rel_step_key(a, rel, b, replace=True), rel, _link(a, rel, b, replace=True), False))
    steps += [ImportStep(rel_step_key(a, rel, b), rel, _keyed(a, rel, b), False) for a, rel, b in KEYED]
    return tuple(steps)


STEPS: Final[tuple[ImportStep, ...]] = _steps()
STEP_BY_KEY: Final[dict[str, ImportStep]] = {s.key: s for s in STEPS}
REL_PATTERNS: Final[frozenset[tuple[str, str, str]]] = frozenset(
    {(a, r, b) for a, r, b, _ in LINKS} | {(a, r, b) for a, r, b in KEYED}
)
KEYED_TYPES: Final[frozenset[str]] = frozenset(r for _, r, _ in KEYED)


def _existing(label: LiteralString) -> LiteralString:
    return "UNWIND $ids AS id MATCH (x:" + label + " {id: id}) RETURN x.id AS id"


EXISTING_IDS: Final[dict[str, LiteralString]] = {label: _existing(label) for label in (*NODE_LABELS, "Organisation")}
