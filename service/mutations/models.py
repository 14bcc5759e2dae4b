"""What can be edited: entity kinds and their writable fields, link kinds, change operations, outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any, Final, LiteralString

from service.seeding.models import (
    ORG_KIND_LABELS,
    AuthorityKind,
    Confidence,
    DivisionAttribution,
    GanhriStatus,
    OrgKind,
    ProjectStatus,
)


class FieldType(Enum):
    """How an input value is checked and stored."""

    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    BOOL = "bool"
    START_DATE = "start_date"  # a partial date stored as the first day of its period, with <field>Precision
    END_DATE = "end_date"  # a partial date stored as the last day of its period, with <field>Precision
    TEXT_LIST = "text_list"
    URL_LIST = "url_list"
    ENUM = "enum"


@dataclass(frozen=True)
class FieldSpec:
    """One writable property: its stored (and GraphQL) name, type, and whether create needs it."""

    name: str
    type: FieldType
    required: bool = False
    choices: frozenset[str] = frozenset()
    minimum: float | None = None


def _enum(name: str, values: type[StrEnum], *, required: bool = False) -> FieldSpec:
    return FieldSpec(name, FieldType.ENUM, required=required, choices=frozenset(v.value for v in values))


_PROVENANCE = (
    FieldSpec("name", FieldType.TEXT, required=True),
    FieldSpec("sources", FieldType.URL_LIST),
    _enum("confidence", Confidence),
    FieldSpec("notes", FieldType.TEXT_LIST),
)


class EntityKind(StrEnum):
    """The node kinds the API edits; the value is the GraphQL type name and the global-id prefix."""

    REGION = "Region"
    COUNTRY = "Country"
    THEME = "Theme"
    PROGRAMME = "Programme"
    PROJECT = "Project"
    ACTION_PLAN = "ActionPlan"
    COE_BODY = "CoeBody"
    NETWORK = "Network"
    ORGANISATION = "Organisation"

    @property
    def label(self) -> LiteralString:
        """The node label (a closed set: safe to splice into Cypher)."""
        return _LABELS[self]

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return ENTITY_FIELDS[self]


_LABELS: dict[EntityKind, LiteralString] = {
    EntityKind.REGION: "Region",
    EntityKind.COUNTRY: "Country",
    EntityKind.THEME: "Theme",
    EntityKind.PROGRAMME: "Programme",
    EntityKind.PROJECT: "Project",
    EntityKind.ACTION_PLAN: "ActionPlan",
    EntityKind.COE_BODY: "CoeBody",
    EntityKind.NETWORK: "Network",
    EntityKind.ORGANISATION: "Organisation",
}

ENTITY_FIELDS: dict[EntityKind, tuple[FieldSpec, ...]] = {
    EntityKind.REGION: _PROVENANCE,
    EntityKind.THEME: _PROVENANCE,
    EntityKind.COUNTRY: (
        *_PROVENANCE,
        FieldSpec("iso2", FieldType.TEXT, required=True),
        FieldSpec("iso3", FieldType.TEXT),
        FieldSpec("altNames", FieldType.TEXT_LIST),
        FieldSpec("coeMember", FieldType.BOOL),
        FieldSpec("coeMemberSince", FieldType.START_DATE),
        FieldSpec("coeFieldOffice", FieldType.TEXT),
    ),
    EntityKind.PROGRAMME: (
        *_PROVENANCE,
        FieldSpec("shortName", FieldType.TEXT),
        FieldSpec("type", FieldType.TEXT),
        FieldSpec("startDate", FieldType.START_DATE),
        FieldSpec("endDate", FieldType.END_DATE),
        FieldSpec("budgetEur", FieldType.FLOAT, minimum=0),
        _enum("status", ProjectStatus),
    ),
    EntityKind.PROJECT: (
        *_PROVENANCE,
        _enum("status", ProjectStatus),
        FieldSpec("iatiStatus", FieldType.INT, minimum=1),
        FieldSpec("startDate", FieldType.START_DATE),
        FieldSpec("endDate", FieldType.END_DATE),
        FieldSpec("budgetEur", FieldType.FLOAT, minimum=0),
        _enum("divisionAttribution", DivisionAttribution),
        FieldSpec("implementingUnit", FieldType.TEXT),
        FieldSpec("jpCode", FieldType.TEXT),
    ),
    EntityKind.ACTION_PLAN: (
        *_PROVENANCE,
        FieldSpec("adopted", FieldType.START_DATE),
        FieldSpec("startYear", FieldType.INT, minimum=1800),
        FieldSpec("endYear", FieldType.INT, minimum=1800),
        FieldSpec("budgetEur", FieldType.FLOAT, minimum=0),
    ),
    EntityKind.COE_BODY: (
        *_PROVENANCE,
        FieldSpec("shortName", FieldType.TEXT),
        FieldSpec("role", FieldType.TEXT),
    ),
    EntityKind.NETWORK: (
        *_PROVENANCE,
        FieldSpec("shortName", FieldType.TEXT),
        FieldSpec("type", FieldType.TEXT),
    ),
    EntityKind.ORGANISATION: (
        *_PROVENANCE,
        FieldSpec("shortName", FieldType.TEXT),
        _enum("kind", OrgKind, required=True),
        FieldSpec("category", FieldType.TEXT),
        FieldSpec("iatiOrgType", FieldType.INT, minimum=0),
        FieldSpec("sensitive", FieldType.BOOL),
        _enum("authorityKind", AuthorityKind),
        _enum("ganhriStatus", GanhriStatus),
        FieldSpec("ganhriStatusAsOf", FieldType.START_DATE),
        FieldSpec("npmMandate", FieldType.BOOL),
    ),
}

# The kind label every Organisation carries besides `Organisation` (MODEL.md), as Cypher-safe literals.
ORG_KIND_LABEL: Final[dict[OrgKind, LiteralString]] = ORG_KIND_LABELS


class LinkKind(StrEnum):
    """The structural links (no properties of their own besides audit) an editor adds and removes."""

    COUNTRY_IN_REGION = "COUNTRY_IN_REGION"
    ORGANISATION_LOCATED_IN_COUNTRY = "ORGANISATION_LOCATED_IN_COUNTRY"
    ORGANISATION_SUBUNIT_OF_ORGANISATION = "ORGANISATION_SUBUNIT_OF_ORGANISATION"
    PROJECT_PART_OF_PROGRAMME = "PROJECT_PART_OF_PROGRAMME"
    PROGRAMME_SUCCEEDS_PROGRAMME = "PROGRAMME_SUCCEEDS_PROGRAMME"
    PROJECT_IMPLEMENTED_IN_COUNTRY = "PROJECT_IMPLEMENTED_IN_COUNTRY"
    PROGRAMME_IMPLEMENTED_IN_COUNTRY = "PROGRAMME_IMPLEMENTED_IN_COUNTRY"
    PROJECT_ADDRESSES_THEME = "PROJECT_ADDRESSES_THEME"
    PROGRAMME_ADDRESSES_THEME = "PROGRAMME_ADDRESSES_THEME"
    PROJECT_CONTRIBUTES_TO_ACTION_PLAN = "PROJECT_CONTRIBUTES_TO_ACTION_PLAN"
    ACTION_PLAN_FOR_COUNTRY = "ACTION_PLAN_FOR_COUNTRY"
    PROJECT_INFORMED_BY_COE_BODY = "PROJECT_INFORMED_BY_COE_BODY"
    NETWORK_SUB_NETWORK_OF_NETWORK = "NETWORK_SUB_NETWORK_OF_NETWORK"
    NETWORK_OPERATED_BY_ORGANISATION = "NETWORK_OPERATED_BY_ORGANISATION"
    NETWORK_SUPPORTED_BY_ORGANISATION = "NETWORK_SUPPORTED_BY_ORGANISATION"
    NETWORK_FORMED_IN_PROJECT = "NETWORK_FORMED_IN_PROJECT"

    @property
    def pattern(self) -> LinkPattern:
        return LINK_PATTERNS[self]


@dataclass(frozen=True)
class LinkPattern:
    """`(source)-[:rel]->(target)`: labels and type from the closed sets of MODEL.md."""

    source: EntityKind
    rel: LiteralString
    target: EntityKind


LINK_PATTERNS: dict[LinkKind, LinkPattern] = {
    LinkKind.COUNTRY_IN_REGION: LinkPattern(EntityKind.COUNTRY, "IN_REGION", EntityKind.REGION),
    LinkKind.ORGANISATION_LOCATED_IN_COUNTRY: LinkPattern(EntityKind.ORGANISATION, "LOCATED_IN", EntityKind.COUNTRY),
    LinkKind.ORGANISATION_SUBUNIT_OF_ORGANISATION: LinkPattern(
        EntityKind.ORGANISATION, "SUBUNIT_OF", EntityKind.ORGANISATION
    ),
    LinkKind.PROJECT_PART_OF_PROGRAMME: LinkPattern(EntityKind.PROJECT, "PART_OF", EntityKind.PROGRAMME),
    LinkKind.PROGRAMME_SUCCEEDS_PROGRAMME: LinkPattern(EntityKind.PROGRAMME, "SUCCEEDS", EntityKind.PROGRAMME),
    LinkKind.PROJECT_IMPLEMENTED_IN_COUNTRY: LinkPattern(EntityKind.PROJECT, "IMPLEMENTED_IN", EntityKind.COUNTRY),
    LinkKind.PROGRAMME_IMPLEMENTED_IN_COUNTRY: LinkPattern(EntityKind.PROGRAMME, "IMPLEMENTED_IN", EntityKind.COUNTRY),
    LinkKind.PROJECT_ADDRESSES_THEME: LinkPattern(EntityKind.PROJECT, "ADDRESSES", EntityKind.THEME),
    LinkKind.PROGRAMME_ADDRESSES_THEME: LinkPattern(EntityKind.PROGRAMME, "ADDRESSES", EntityKind.THEME),
    LinkKind.PROJECT_CONTRIBUTES_TO_ACTION_PLAN: LinkPattern(
        EntityKind.PROJECT, "CONTRIBUTES_TO", EntityKind.ACTION_PLAN
    ),
    LinkKind.ACTION_PLAN_FOR_COUNTRY: LinkPattern(EntityKind.ACTION_PLAN, "FOR_COUNTRY", EntityKind.COUNTRY),
    LinkKind.PROJECT_INFORMED_BY_COE_BODY: LinkPattern(EntityKind.PROJECT, "INFORMED_BY", EntityKind.COE_BODY),
    LinkKind.NETWORK_SUB_NETWORK_OF_NETWORK: LinkPattern(EntityKind.NETWORK, "SUB_NETWORK_OF", EntityKind.NETWORK),
    LinkKind.NETWORK_OPERATED_BY_ORGANISATION: LinkPattern(EntityKind.NETWORK, "OPERATED_BY", EntityKind.ORGANISATION),
    LinkKind.NETWORK_SUPPORTED_BY_ORGANISATION: LinkPattern(
        EntityKind.NETWORK, "SUPPORTED_BY", EntityKind.ORGANISATION
    ),
    LinkKind.NETWORK_FORMED_IN_PROJECT: LinkPattern(EntityKind.NETWORK, "FORMED_IN", EntityKind.PROJECT),
}


class ChangeOp(StrEnum):
    """What a change did."""

    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"


class ChangeEntity(StrEnum):
    """What a change is about: an entity kind, a participation, a membership or a structural link."""

    REGION = "Region"
    COUNTRY = "Country"
    THEME = "Theme"
    PROGRAMME = "Programme"
    PROJECT = "Project"
    ACTION_PLAN = "ActionPlan"
    COE_BODY = "CoeBody"
    NETWORK = "Network"
    ORGANISATION = "Organisation"
    PARTICIPATION = "Participation"
    MEMBERSHIP = "Membership"
    LINK = "Link"


@dataclass(frozen=True)
class Change:
    """One change to append to the log: what, which, before and after (property maps, None when absent)."""

    op: ChangeOp
    entity: ChangeEntity
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    # Global ids of the entities the change touches (itself, or a link's two ends): auditLog finds it by them.
    related: tuple[str, ...] = ()
    sensitive: bool = False


@dataclass(frozen=True)
class Outcome:
    """What a mutation returns: the changed object's properties (None once deleted) and the log seq it got."""

    entity: ChangeEntity
    id: str
    props: dict[str, Any] | None
    seq: int
    replayed: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The form kept in an IdempotencyRecord, so a retried request gets the first answer back."""
        return {"entity": self.entity.value, "id": self.id, "props": self.props, "seq": self.seq, "extra": self.extra}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        return cls(
            entity=ChangeEntity(data["entity"]),
            id=data["id"],
            props=data["props"],
            seq=data["seq"],
            replayed=True,
            extra=data.get("extra") or {},
        )


def global_id(kind: EntityKind | ChangeEntity, raw_id: str) -> str:
    """The API's global id, `<Type>:<id>` (MODEL.md)."""
    return f"{kind.value}:{raw_id}"
