"""Seed-load Cypher: one UNWIND statement per label and relationship pattern; values only as parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, LiteralString

from service.seeding.models import ORG_KIND_LABELS, OrgKind

# Audit fields (MODEL.md): set on create; updatedAt/updatedBy/version move only when a property changes,
# so a second load of the same seeds writes nothing.
_CREATED: Final[LiteralString] = "x.createdAt = $now, x.updatedAt = $now, x.updatedBy = $actor, x.version = 1"
_CHANGED: Final[LiteralString] = (
    "WITH x, row "
    "WHERE any(k IN keys(row.props) "
    "WHERE NOT coalesce(x[k] = row.props[k], x[k] IS NULL AND row.props[k] IS NULL)) "
)
_TOUCH: Final[LiteralString] = "x.updatedAt = $now, x.updatedBy = $actor, x.version = coalesce(x.version, 0) + 1"
_ALL_KIND_LABELS: Final[LiteralString] = (
    "NationalAuthority:Nhri:CivilSocietyOrganisation:Donor:InternationalOrganisation:CoeEntity"
)


@dataclass(frozen=True)
class Step:
    """One load statement: `key` names its rows, `counts_as` is the label or relationship type it writes."""

    key: str
    counts_as: str
    is_node: bool
    cypher: LiteralString


def _node(label: LiteralString, extra_label: LiteralString = "") -> LiteralString:
    set_kind: LiteralString = ""
    if extra_label:
        set_kind = ", x:" + extra_label
    return (
        "UNWIND $rows AS row "
        "MERGE (x:" + label + " {id: row.id}) "
        "ON CREATE SET x += row.props, " + _CREATED + set_kind + " "
        + _CHANGED
        + ("REMOVE x:" + _ALL_KIND_LABELS + " " if extra_label else "")
        + "SET x += row.props, " + _TOUCH + set_kind
    )  # fmt: skip


def _link(a: LiteralString, rel: LiteralString, b: LiteralString) -> LiteralString:
    """A relationship without properties of its own (structure derived from the owning record)."""
    return (
        "UNWIND $rows AS row "
        "MATCH (a:" + a + " {id: row.a}) "
        "MATCH (b:" + b + " {id: row.b}) "
        "MERGE (a)-[x:" + rel + "]->(b) "
        "ON CREATE SET " + _CREATED
    )  # fmt: skip


def _rel(a: LiteralString, rel: LiteralString, b: LiteralString) -> LiteralString:
    """A relationship with its own id and provenance (participation, membership)."""
    return (
        "UNWIND $rows AS row "
        "MATCH (a:" + a + " {id: row.a}) "
        "MATCH (b:" + b + " {id: row.b}) "
        "MERGE (a)-[x:" + rel + " {id: row.id}]->(b) "
        "ON CREATE SET x += row.props, " + _CREATED + " "
        + _CHANGED
        + "SET x += row.props, " + _TOUCH
    )  # fmt: skip


NODE_STEPS: Final[tuple[Step, ...]] = (
    Step("Region", "Region", True, _node("Region")),
    Step("Country", "Country", True, _node("Country")),
    Step("Theme", "Theme", True, _node("Theme")),
    Step("Programme", "Programme", True, _node("Programme")),
    Step("Project", "Project", True, _node("Project")),
    Step("CoeBody", "CoeBody", True, _node("CoeBody")),
    Step("ActionPlan", "ActionPlan", True, _node("ActionPlan")),
    Step("Network", "Network", True, _node("Network")),
    Step("Organisation:NATIONAL_AUTHORITY", "Organisation", True, _node("Organisation", "NationalAuthority")),
    Step("Organisation:NHRI", "Organisation", True, _node("Organisation", "Nhri")),
    Step("Organisation:CIVIL_SOCIETY", "Organisation", True, _node("Organisation", "CivilSocietyOrganisation")),
    Step("Organisation:DONOR", "Organisation", True, _node("Organisation", "Donor")),
    Step("Organisation:INTERNATIONAL", "Organisation", True, _node("Organisation", "InternationalOrganisation")),
    Step("Organisation:COE_ENTITY", "Organisation", True, _node("Organisation", "CoeEntity")),
)

REL_STEPS: Final[tuple[Step, ...]] = (
    Step("IN_REGION", "IN_REGION", False, _link("Country", "IN_REGION", "Region")),
    Step("LOCATED_IN", "LOCATED_IN", False, _link("Organisation", "LOCATED_IN", "Country")),
    Step("SUBUNIT_OF", "SUBUNIT_OF", False, _link("Organisation", "SUBUNIT_OF", "Organisation")),
    Step("PART_OF", "PART_OF", False, _link("Project", "PART_OF", "Programme")),
    Step("SUCCEEDS", "SUCCEEDS", False, _link("Programme", "SUCCEEDS", "Programme")),
    Step("IMPLEMENTED_IN:Project", "IMPLEMENTED_IN", False, _link("Project", "IMPLEMENTED_IN", "Country")),
    Step("IMPLEMENTED_IN:Programme", "IMPLEMENTED_IN", False, _link("Programme", "IMPLEMENTED_IN", "Country")),
    Step("ADDRESSES:Project", "ADDRESSES", False, _link("Project", "ADDRESSES", "Theme")),
    Step("ADDRESSES:Programme", "ADDRESSES", False, _link("Programme", "ADDRESSES", "Theme")),
    Step("CONTRIBUTES_TO", "CONTRIBUTES_TO", False, _link("Project", "CONTRIBUTES_TO", "ActionPlan")),
    Step("FOR_COUNTRY", "FOR_COUNTRY", False, _link("ActionPlan", "FOR_COUNTRY", "Country")),
    Step("INFORMED_BY", "INFORMED_BY", False, _link("Project", "INFORMED_BY", "CoeBody")),
    Step("SUB_NETWORK_OF", "SUB_NETWORK_OF", False, _link("Network", "SUB_NETWORK_OF", "Network")),
    Step("OPERATED_BY", "OPERATED_BY", False, _link("Network", "OPERATED_BY", "Organisation")),
    Step("SUPPORTED_BY", "SUPPORTED_BY", False, _link("Network", "SUPPORTED_BY", "Organisation")),
    Step("FORMED_IN", "FORMED_IN", False, _link("Network", "FORMED_IN", "Project")),
    Step(
        "PARTICIPATES_IN:Project",
        "PARTICIPATES_IN",
        False,
        _rel("Organisation", "PARTICIPATES_IN", "Project"),
    ),
    Step(
        "PARTICIPATES_IN:Programme",
        "PARTICIPATES_IN",
        False,
        _rel("Organisation", "PARTICIPATES_IN", "Programme"),
    ),
    Step("MEMBER_OF", "MEMBER_OF", False, _rel("Organisation", "MEMBER_OF", "Network")),
)

STEPS: Final[tuple[Step, ...]] = NODE_STEPS + REL_STEPS
STEP_BY_KEY: Final[dict[str, Step]] = {s.key: s for s in STEPS}


def org_step_key(kind: OrgKind) -> str:
    """The node step that writes organisations of `kind` (their kind label is fixed in that statement)."""
    assert kind in ORG_KIND_LABELS
    return f"Organisation:{kind.value}"


# Synthetic graphs are written once into a graph the generator owns: plain CREATE, no change detection.
# Rows are compact lists (column order in the comments) and values shared by every row are literals in the
# statement: per-row maps and `SET x = map` cost the server a property-key lookup per key and row, which made
# the map form about 1.5x slower. Each node statement returns [id, elementId] pairs so that relationships
# find their endpoints by element id (a direct record lookup) instead of a uniqueness-index seek per endpoint.
# Audit fields as the seed loader writes them (MODEL.md), so API updates (expectedVersion) work on synthetic nodes.
_SYN: Final[LiteralString] = (
    "synthetic: true, confidence: 'LOW', sources: [], notes: [], "
    "createdAt: $now, updatedAt: $now, updatedBy: 'synthetic-generator', version: 1"
)
_SYN_RETURN: Final[LiteralString] = " RETURN collect([r[0], elementId(x)]) AS ids"


def _syn_org(label: LiteralString, kind: LiteralString, extra: LiteralString = "") -> LiteralString:
    # columns: id, name, shortName, then the kind's own (authorityKind | ganhriStatus, npmMandate)
    return (
        "UNWIND $rows AS r CREATE (x:Organisation:" + label + " {id: r[0], name: r[1], shortName: r[2], "
        "kind: '" + kind + "', category: 'synthetic', sensitive: false, " + extra + _SYN + "})" + _SYN_RETURN
    )  # fmt: skip


SYNTHETIC_NODE: Final[dict[str, LiteralString]] = {
    "Organisation:NATIONAL_AUTHORITY": _syn_org("NationalAuthority", "NATIONAL_AUTHORITY", "authorityKind: r[3], "),
    "Organisation:NHRI": _syn_org("Nhri", "NHRI", "ganhriStatus: r[3], npmMandate: r[4], "),
    "Organisation:CIVIL_SOCIETY": _syn_org("CivilSocietyOrganisation", "CIVIL_SOCIETY"),
    "Organisation:DONOR": _syn_org("Donor", "DONOR"),
    "Organisation:INTERNATIONAL": _syn_org("InternationalOrganisation", "INTERNATIONAL"),
    "Organisation:COE_ENTITY": _syn_org("CoeEntity", "COE_ENTITY"),
    # columns: id, name
    "Programme": (
        "UNWIND $rows AS r CREATE (x:Programme {id: r[0], name: r[1], status: 'ACTIVE', type: 'synthetic', "
        + _SYN + "})" + _SYN_RETURN
    ),
    # columns: id, name (= title), status, startDate, endDate, divisionAttribution
    "Project": (
        "UNWIND $rows AS r CREATE (x:Project {id: r[0], name: r[1], title: r[1], status: r[2], startDate: r[3], "
        "endDate: r[4], divisionAttribution: r[5], " + _SYN + "})" + _SYN_RETURN
    ),
    # columns: id, name
    "Network": "UNWIND $rows AS r CREATE (x:Network {id: r[0], name: r[1], type: 'synthetic', " + _SYN + "})"
    + _SYN_RETURN,
    "Theme": "UNWIND $rows AS r CREATE (x:Theme {id: r[0], name: r[1], " + _SYN + "})" + _SYN_RETURN,
}  # fmt: skip

_ENDS: Final[LiteralString] = (
    "UNWIND $rows AS r MATCH (a) WHERE elementId(a) = r[0] MATCH (b) WHERE elementId(b) = r[1] "
)
# columns: element id of the start node, element id of the end node, then the relationship's own values
SYNTHETIC_REL: Final[dict[str, LiteralString]] = {
    "LOCATED_IN": _ENDS + "CREATE (a)-[:LOCATED_IN]->(b)",
    "IMPLEMENTED_IN": _ENDS + "CREATE (a)-[:IMPLEMENTED_IN]->(b)",
    "PART_OF": _ENDS + "CREATE (a)-[:PART_OF]->(b)",
    "ADDRESSES": _ENDS + "CREATE (a)-[:ADDRESSES]->(b)",
    # ..., id, role, roleClass
    "PARTICIPATES_IN": _ENDS
    + "CREATE (a)-[:PARTICIPATES_IN {id: r[2], role: r[3], roleClass: r[4], synthetic: true, datesDerived: true, "
    "confidence: 'LOW'}]->(b)",
    # ..., id, membershipStatus
    "MEMBER_OF": _ENDS + "CREATE (a)-[:MEMBER_OF {id: r[2], membershipStatus: r[3], synthetic: true}]->(b)",
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
# synthetic node carries empty are set here, before any index exists (neither property is indexed anyway).
SYNTHETIC_EMPTY_LISTS: Final[LiteralString] = (
    "MATCH (n) WHERE n.synthetic = true AND n.sources IS NULL "
    "CALL (n) { SET n.sources = [], n.notes = [] } IN TRANSACTIONS OF 50000 ROWS"
)
# What an offline build would destroy: nodes that are neither synthetic nor the schema's own nor real places.
SYNTHETIC_FOREIGN_COUNT: Final[LiteralString] = (
    "MATCH (n) WHERE NOT coalesce(n.synthetic, false) AND NOT n:_Migration AND NOT n:Region AND NOT n:Country "
    "RETURN count(n) AS n"
)
