"""The graph vocabulary the compiler may write into Cypher: labels, relationship types and properties (MODEL.md).

Every name the compiler puts into a statement comes from this module; nothing from a request does. The GraphQL
types in `service/entities/` mirror these specs field for field (a unit test checks both directions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Final


class Kind(Enum):
    """How a property's value is stored, which decides its cursor encoding and its GraphQL scalar."""

    STRING = "s"
    DATE = "d"
    ENUM = "e"
    INT = "i"
    FLOAT = "f"
    BOOL = "b"
    STRING_LIST = "l"


class Shape(Enum):
    """How a relationship field answers: one node or null, a small list, or a paginated connection."""

    ONE = "one"
    LIST = "list"
    CONNECTION = "connection"


@dataclass(frozen=True)
class Prop:
    """A stored property: `name` in the graph, its `kind`, and whether the model lets it be null."""

    name: str
    kind: Kind
    nullable: bool = True


@dataclass(frozen=True)
class Rel:
    """A relationship field: `(this)-[:type]->(target)` when `outgoing`, else `(this)<-[:type]-(target)`.

    `target` names the GraphQL type of the far node (possibly abstract, e.g. Organisation); `edge` names the
    property group of the relationship when a connection's edges carry its properties.
    """

    type: str
    outgoing: bool
    target: str
    shape: Shape
    edge: str | None = None


@dataclass(frozen=True)
class EdgeSpec:
    """Properties a relationship carries to a connection's edges, its sort fields, and its where input."""

    props: dict[str, Prop]
    orders: dict[str, tuple[bool, Prop]]  # order enum name -> (on the relationship?, property)
    node_field: dict[str, str]  # far node's GraphQL type -> the where-input field naming it


@dataclass(frozen=True)
class NodeSpec:
    """A concrete GraphQL node type: its labels, global-id prefix, properties, relationships and sort fields."""

    type_name: str
    label: str
    base_label: str
    props: dict[str, Prop]
    rels: dict[str, Rel]
    orders: dict[str, Prop] = field(default_factory=dict)

    @property
    def private(self) -> bool:
        """True for organisations, which every statement filters by the `sensitive` rule (issue 7)."""
        return self.base_label == ORGANISATION


ORGANISATION: Final = "Organisation"
ID = Prop("id", Kind.STRING, nullable=False)
NAME = Prop("name", Kind.STRING, nullable=False)
_COMMON: Final[dict[str, Prop]] = {
    "name": NAME,
    "confidence": Prop("confidence", Kind.ENUM),
    "sources": Prop("sources", Kind.STRING_LIST, nullable=False),
    "notes": Prop("notes", Kind.STRING_LIST, nullable=False),
    # Audit fields (issue 7): a front end reads `version` to send it back as an update's expectedVersion.
    "version": Prop("version", Kind.INT),
    "createdAt": Prop("createdAt", Kind.STRING),
    "updatedAt": Prop("updatedAt", Kind.STRING),
    "updatedBy": Prop("updatedBy", Kind.STRING),
}
_SHORT = Prop("shortName", Kind.STRING)
_START = Prop("startDate", Kind.DATE)
_END = Prop("endDate", Kind.DATE)
_BUDGET = Prop("budgetEur", Kind.FLOAT)
_STATUS = Prop("status", Kind.ENUM, nullable=False)
_BASIC_ORDERS: Final[dict[str, Prop]] = {"KEY": ID, "NAME": NAME}


def _one(rel: str, target: str, *, out: bool = True) -> Rel:
    return Rel(rel, out, target, Shape.ONE)


def _list(rel: str, target: str, *, out: bool = True) -> Rel:
    return Rel(rel, out, target, Shape.LIST)


def _conn(rel: str, target: str, *, out: bool = True, edge: str | None = None) -> Rel:
    return Rel(rel, out, target, Shape.CONNECTION, edge)


def _node(
    type_name: str,
    props: dict[str, Prop],
    rels: dict[str, Rel],
    orders: dict[str, Prop],
    *,
    label: str | None = None,
    base_label: str | None = None,
) -> NodeSpec:
    label = label or type_name
    return NodeSpec(type_name, label, base_label or label, _COMMON | props, rels, _BASIC_ORDERS | orders)


_ORG_PROPS: Final[dict[str, Prop]] = {
    "shortName": _SHORT,
    "kind": Prop("kind", Kind.ENUM, nullable=False),
    "category": Prop("category", Kind.STRING),
    "iatiOrgType": Prop("iatiOrgType", Kind.INT),
    "sensitive": Prop("sensitive", Kind.BOOL, nullable=False),
}
_ORG_RELS: Final[dict[str, Rel]] = {
    "locatedIn": _one("LOCATED_IN", "Country"),
    "parent": _one("SUBUNIT_OF", ORGANISATION),
    "subunits": _list("SUBUNIT_OF", ORGANISATION, out=False),
    "participations": _conn("PARTICIPATES_IN", "Project", edge="participation"),
    "programmeParticipations": _conn("PARTICIPATES_IN", "Programme", edge="participation"),
    "memberships": _conn("MEMBER_OF", "Network", edge="membership"),
}
_ORG_ORDERS: Final[dict[str, Prop]] = {"SHORT_NAME": _SHORT, "KIND": _ORG_PROPS["kind"]}
_ORG_KIND_PROPS: Final[dict[str, dict[str, Prop]]] = {
    "NationalAuthority": {"authorityKind": Prop("authorityKind", Kind.ENUM)},
    "Nhri": {
        "ganhriStatus": Prop("ganhriStatus", Kind.ENUM),
        "ganhriStatusAsOf": Prop("ganhriStatusAsOf", Kind.DATE),
        "ganhriStatusConfidence": Prop("ganhriStatusConfidence", Kind.ENUM),
        "npmMandate": Prop("npmMandate", Kind.BOOL),
    },
    "CivilSocietyOrganisation": {},
    "Donor": {},
    "InternationalOrganisation": {},
    "CoeEntity": {},
}

NODES: Final[dict[str, NodeSpec]] = {
    spec.type_name: spec
    for spec in (
        _node("Region", {}, {"countries": _list("IN_REGION", "Country", out=False)}, {}),
        _node(
            "Country",
            {
                "iso2": Prop("iso2", Kind.STRING, nullable=False),
                "iso3": Prop("iso3", Kind.STRING),
                "coeMember": Prop("coeMember", Kind.BOOL),
                "coeMemberSince": Prop("coeMemberSince", Kind.DATE),
                "coeFieldOffice": Prop("coeFieldOffice", Kind.STRING),
                "altNames": Prop("altNames", Kind.STRING_LIST, nullable=False),
            },
            {
                "regions": _list("IN_REGION", "Region"),
                "organisations": _conn("LOCATED_IN", ORGANISATION, out=False),
                "projects": _conn("IMPLEMENTED_IN", "Project", out=False),
                "programmes": _list("IMPLEMENTED_IN", "Programme", out=False),
                "actionPlans": _list("FOR_COUNTRY", "ActionPlan", out=False),
            },
            {"ISO2": Prop("iso2", Kind.STRING, nullable=False), "COE_MEMBER_SINCE": Prop("coeMemberSince", Kind.DATE)},
        ),
        _node(
            "Programme",
            {
                "shortName": _SHORT,
                "type": Prop("type", Kind.STRING),
                "startDate": _START,
                "endDate": _END,
                "budgetEur": _BUDGET,
                "status": _STATUS,
            },
            {
                "projects": _conn("PART_OF", "Project", out=False),
                "countries": _list("IMPLEMENTED_IN", "Country"),
                "themes": _list("ADDRESSES", "Theme"),
                "participants": _conn("PARTICIPATES_IN", ORGANISATION, out=False, edge="participation"),
                "predecessor": _one("SUCCEEDS", "Programme"),
                "successor": _one("SUCCEEDS", "Programme", out=False),
            },
            {"SHORT_NAME": _SHORT, "START_DATE": _START, "END_DATE": _END, "BUDGET_EUR": _BUDGET, "STATUS": _STATUS},
        ),
        _node(
            "Project",
            {
                "title": Prop("title", Kind.STRING, nullable=False),
                "status": _STATUS,
                "iatiStatus": Prop("iatiStatus", Kind.INT),
                "startDate": _START,
                "endDate": _END,
                "budgetEur": _BUDGET,
                "divisionAttribution": Prop("divisionAttribution", Kind.ENUM),
                "implementingUnit": Prop("implementingUnit", Kind.STRING),
                "jpCode": Prop("jpCode", Kind.STRING),
            },
            {
                "programmes": _list("PART_OF", "Programme"),
                "countries": _list("IMPLEMENTED_IN", "Country"),
                "themes": _list("ADDRESSES", "Theme"),
                "actionPlans": _list("CONTRIBUTES_TO", "ActionPlan"),
                "coeBodies": _list("INFORMED_BY", "CoeBody"),
                "participants": _conn("PARTICIPATES_IN", ORGANISATION, out=False, edge="participation"),
                "networks": _list("FORMED_IN", "Network", out=False),
            },
            {
                "TITLE": Prop("title", Kind.STRING, nullable=False),
                "START_DATE": _START,
                "END_DATE": _END,
                "BUDGET_EUR": _BUDGET,
                "STATUS": _STATUS,
            },
        ),
        _node(
            "Theme",
            {},
            {
                "projects": _conn("ADDRESSES", "Project", out=False),
                "programmes": _list("ADDRESSES", "Programme", out=False),
            },
            {},
        ),
        _node(
            "ActionPlan",
            {
                "adopted": Prop("adopted", Kind.DATE),
                "startYear": Prop("startYear", Kind.INT),
                "endYear": Prop("endYear", Kind.INT),
                "budgetEur": _BUDGET,
            },
            {"country": _one("FOR_COUNTRY", "Country"), "projects": _conn("CONTRIBUTES_TO", "Project", out=False)},
            {"ADOPTED": Prop("adopted", Kind.DATE), "START_YEAR": Prop("startYear", Kind.INT), "BUDGET_EUR": _BUDGET},
        ),
        _node(
            "CoeBody",
            {"shortName": _SHORT, "role": Prop("role", Kind.STRING)},
            {"projects": _conn("INFORMED_BY", "Project", out=False)},
            {"SHORT_NAME": _SHORT},
        ),
        _node(
            "Network",
            {"shortName": _SHORT, "type": Prop("type", Kind.STRING)},
            {
                "members": _conn("MEMBER_OF", ORGANISATION, out=False, edge="membership"),
                "operatedBy": _one("OPERATED_BY", ORGANISATION),
                "supporters": _list("SUPPORTED_BY", ORGANISATION),
                "parentNetwork": _one("SUB_NETWORK_OF", "Network"),
                "subNetworks": _list("SUB_NETWORK_OF", "Network", out=False),
                "formedIn": _one("FORMED_IN", "Project"),
            },
            {"SHORT_NAME": _SHORT},
        ),
        *(
            _node(kind, _ORG_PROPS | extra, _ORG_RELS, _ORG_ORDERS, base_label=ORGANISATION)
            for kind, extra in _ORG_KIND_PROPS.items()
        ),
    )
}

# Abstract GraphQL types whose concrete types the compiler tells apart by label.
ORGANISATION_KINDS: Final[tuple[str, ...]] = tuple(_ORG_KIND_PROPS)
ABSTRACT_TARGETS: Final[dict[str, tuple[str, ...]]] = {ORGANISATION: ORGANISATION_KINDS}
# The label every node of a (possibly abstract) GraphQL type carries, for MATCH patterns.
MATCH_LABEL: Final[dict[str, str]] = {name: spec.base_label for name, spec in NODES.items()} | {
    ORGANISATION: ORGANISATION
}

_SINCE = Prop("since", Kind.DATE)
_UNTIL = Prop("until", Kind.DATE)
_EDGE_COMMON: Final[dict[str, Prop]] = {
    "key": ID,
    "since": _SINCE,
    "until": _UNTIL,
    "sources": Prop("sources", Kind.STRING_LIST, nullable=False),
    "confidence": Prop("confidence", Kind.ENUM),
    "notes": Prop("notes", Kind.STRING_LIST, nullable=False),
}
EDGES: Final[dict[str, EdgeSpec]] = {
    "participation": EdgeSpec(
        props=_EDGE_COMMON
        | {
            "role": Prop("role", Kind.ENUM, nullable=False),
            "roleClass": Prop("roleClass", Kind.ENUM, nullable=False),
            "iatiRole": Prop("iatiRole", Kind.INT),
            "datesDerived": Prop("datesDerived", Kind.BOOL),
            "share": Prop("share", Kind.FLOAT),
            "amountEur": Prop("amountEur", Kind.FLOAT),
        },
        orders={
            "KEY": (True, ID),
            "ROLE": (True, Prop("role", Kind.ENUM, nullable=False)),
            "SINCE": (True, _SINCE),
            "UNTIL": (True, _UNTIL),
            "NAME": (False, NAME),
        },
        node_field={ORGANISATION: "organisation", "Project": "project", "Programme": "programme"},
    ),
    "membership": EdgeSpec(
        props=_EDGE_COMMON
        | {
            "membershipStatus": Prop("membershipStatus", Kind.ENUM, nullable=False),
            "evidence": Prop("evidence", Kind.STRING),
        },
        orders={
            "KEY": (True, ID),
            "STATUS": (True, Prop("membershipStatus", Kind.ENUM, nullable=False)),
            "SINCE": (True, _SINCE),
            "NAME": (False, NAME),
        },
        node_field={ORGANISATION: "organisation", "Network": "network"},
    ),
}

# Global ids are "<prefix>:<key>"; every organisation kind shares the prefix "Organisation" (MODEL.md).
GLOBAL_PREFIX: Final[dict[str, str]] = {name: spec.base_label for name, spec in NODES.items()}
PREFIX_TYPES: Final[dict[str, str]] = {
    prefix: (ORGANISATION if prefix == ORGANISATION else name) for name, prefix in GLOBAL_PREFIX.items()
}

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_identifiers() -> list[str]:
    """Names in this catalog that are not plain identifiers (must be empty: they go into Cypher unquoted)."""
    names: set[str] = set()
    for spec in NODES.values():
        names |= {spec.label, spec.base_label} | {p.name for p in spec.props.values()}
        names |= {r.type for r in spec.rels.values()} | {p.name for p in spec.orders.values()}
    for edge in EDGES.values():
        names |= {p.name for p in edge.props.values()}
    return sorted(n for n in names if not _IDENT.match(n))
