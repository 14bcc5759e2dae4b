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
SYNTHETIC_NODE: Final[dict[str, LiteralString]] = {
    "Organisation:NATIONAL_AUTHORITY": ("UNWIND $rows AS p CREATE (x:Organisation:NationalAuthority) SET x = p"),
    "Organisation:NHRI": "UNWIND $rows AS p CREATE (x:Organisation:Nhri) SET x = p",
    "Organisation:CIVIL_SOCIETY": ("UNWIND $rows AS p CREATE (x:Organisation:CivilSocietyOrganisation) SET x = p"),
    "Organisation:DONOR": "UNWIND $rows AS p CREATE (x:Organisation:Donor) SET x = p",
    "Organisation:INTERNATIONAL": ("UNWIND $rows AS p CREATE (x:Organisation:InternationalOrganisation) SET x = p"),
    "Organisation:COE_ENTITY": "UNWIND $rows AS p CREATE (x:Organisation:CoeEntity) SET x = p",
    "Programme": "UNWIND $rows AS p CREATE (x:Programme) SET x = p",
    "Project": "UNWIND $rows AS p CREATE (x:Project) SET x = p",
    "Network": "UNWIND $rows AS p CREATE (x:Network) SET x = p",
    "Theme": "UNWIND $rows AS p CREATE (x:Theme) SET x = p",
}
SYNTHETIC_REL: Final[dict[str, LiteralString]] = {
    "LOCATED_IN": (
        "UNWIND $rows AS row MATCH (a:Organisation {id: row.a}) MATCH (b:Country {id: row.b}) "
        "CREATE (a)-[:LOCATED_IN]->(b)"
    ),
    "IMPLEMENTED_IN": (
        "UNWIND $rows AS row MATCH (a:Project {id: row.a}) MATCH (b:Country {id: row.b}) "
        "CREATE (a)-[:IMPLEMENTED_IN]->(b)"
    ),
    "PART_OF": (
        "UNWIND $rows AS row MATCH (a:Project {id: row.a}) MATCH (b:Programme {id: row.b}) CREATE (a)-[:PART_OF]->(b)"
    ),
    "ADDRESSES": (
        "UNWIND $rows AS row MATCH (a:Project {id: row.a}) MATCH (b:Theme {id: row.b}) CREATE (a)-[:ADDRESSES]->(b)"
    ),
    "PARTICIPATES_IN": (
        "UNWIND $rows AS row MATCH (a:Organisation {id: row.a}) MATCH (b:Project {id: row.b}) "
        "CREATE (a)-[x:PARTICIPATES_IN]->(b) SET x = row.props"
    ),
    "MEMBER_OF": (
        "UNWIND $rows AS row MATCH (a:Organisation {id: row.a}) MATCH (b:Network {id: row.b}) "
        "CREATE (a)-[x:MEMBER_OF]->(b) SET x = row.props"
    ),
}
SYNTHETIC_COUNT: Final[LiteralString] = (
    "OPTIONAL MATCH (n) WHERE n.synthetic = true WITH count(n) AS nodes "
    "OPTIONAL MATCH (m)-[r]->() WHERE m.synthetic = true RETURN nodes, count(r) AS rels"
)
SYNTHETIC_DELETE_BATCH: Final[LiteralString] = (
    "MATCH (n) WHERE n.synthetic = true CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
)
