"""Seed records as frozen dataclasses, and the closed value sets of schema/MODEL.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import LiteralString

from service.model.dates import PartialDate


class Confidence(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


class DivisionAttribution(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"
    NONE = "NONE"


class ProjectStatus(StrEnum):
    PLANNED = "PLANNED"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    UNKNOWN = "UNKNOWN"


class OrgKind(StrEnum):
    """The closed organisation kinds; `label` is the extra node label each kind carries."""

    NATIONAL_AUTHORITY = "NATIONAL_AUTHORITY"
    NHRI = "NHRI"
    CIVIL_SOCIETY = "CIVIL_SOCIETY"
    DONOR = "DONOR"
    INTERNATIONAL = "INTERNATIONAL"
    COE_ENTITY = "COE_ENTITY"

    @property
    def label(self) -> str:
        return ORG_KIND_LABELS[self]


# Cypher-safe literals: the loaders and mutations put these labels into statements.
ORG_KIND_LABELS: dict[OrgKind, LiteralString] = {
    OrgKind.NATIONAL_AUTHORITY: "NationalAuthority",
    OrgKind.NHRI: "Nhri",
    OrgKind.CIVIL_SOCIETY: "CivilSocietyOrganisation",
    OrgKind.DONOR: "Donor",
    OrgKind.INTERNATIONAL: "InternationalOrganisation",
    OrgKind.COE_ENTITY: "CoeEntity",
}


class AuthorityKind(StrEnum):
    MINISTRY = "MINISTRY"
    MINISTRY_OF_JUSTICE = "MINISTRY_OF_JUSTICE"
    MINISTRY_OF_INTERIOR = "MINISTRY_OF_INTERIOR"
    JUDICIAL_COUNCIL = "JUDICIAL_COUNCIL"
    PROSECUTORIAL_COUNCIL = "PROSECUTORIAL_COUNCIL"
    COURT = "COURT"
    CONSTITUTIONAL_COURT = "CONSTITUTIONAL_COURT"
    SUPREME_COURT = "SUPREME_COURT"
    PROSECUTION = "PROSECUTION"
    PRISON_SERVICE = "PRISON_SERVICE"
    PROBATION_SERVICE = "PROBATION_SERVICE"
    POLICE = "POLICE"
    TRAINING_INSTITUTION = "TRAINING_INSTITUTION"
    PARLIAMENT = "PARLIAMENT"
    BAR_ASSOCIATION = "BAR_ASSOCIATION"
    GOVERNMENT_AGENT = "GOVERNMENT_AGENT"
    EQUALITY_BODY = "EQUALITY_BODY"
    GOVERNMENT = "GOVERNMENT"
    OTHER = "OTHER"


class GanhriStatus(StrEnum):
    A = "A"
    B = "B"
    NOT_ACCREDITED = "NOT_ACCREDITED"


class RoleClass(StrEnum):
    PARTNERSHIP = "PARTNERSHIP"
    STRUCTURAL = "STRUCTURAL"


class Role(StrEnum):
    """Participation roles; `role_class` says whether network queries follow them by default."""

    PARTNER = "PARTNER"
    BENEFICIARY = "BENEFICIARY"
    CIVIL_SOCIETY_PARTNER = "CIVIL_SOCIETY_PARTNER"
    IMPLEMENTER = "IMPLEMENTER"
    IMPLEMENTING_UNIT = "IMPLEMENTING_UNIT"
    FUNDER = "FUNDER"
    CO_FUNDER = "CO_FUNDER"

    @property
    def role_class(self) -> RoleClass:
        return ROLE_CLASSES[self]


ROLE_CLASSES: dict[Role, RoleClass] = {
    Role.PARTNER: RoleClass.PARTNERSHIP,
    Role.BENEFICIARY: RoleClass.PARTNERSHIP,
    Role.CIVIL_SOCIETY_PARTNER: RoleClass.PARTNERSHIP,
    Role.IMPLEMENTER: RoleClass.STRUCTURAL,
    Role.IMPLEMENTING_UNIT: RoleClass.STRUCTURAL,
    Role.FUNDER: RoleClass.STRUCTURAL,
    Role.CO_FUNDER: RoleClass.STRUCTURAL,
}

# IATI Organisation Role codes (1 Funding, 2 Accountable, 3 Extending, 4 Implementing).
IATI_ROLES = frozenset({1, 2, 3, 4})


class MembershipStatus(StrEnum):
    MEMBER = "MEMBER"
    FOUNDER = "FOUNDER"
    ASSOCIATE = "ASSOCIATE"
    OBSERVER = "OBSERVER"
    INITIATOR = "INITIATOR"


@dataclass(frozen=True)
class Provenance:
    """Where a record comes from and how sure it is."""

    confidence: Confidence = Confidence.HIGH
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionSeed:
    id: str
    name: str
    provenance: Provenance


@dataclass(frozen=True)
class CountrySeed:
    id: str
    iso2: str
    iso3: str | None
    name: str
    alt_names: tuple[str, ...]
    regions: tuple[str, ...]
    coe_member: bool | None
    coe_member_since: PartialDate | None
    coe_field_office: str | None
    provenance: Provenance


@dataclass(frozen=True)
class ThemeSeed:
    id: str
    name: str
    provenance: Provenance


@dataclass(frozen=True)
class ProgrammeSeed:
    id: str
    name: str
    short_name: str | None
    type: str | None
    start: PartialDate | None
    end: PartialDate | None
    budget_eur: float | None
    status: ProjectStatus
    countries: tuple[str, ...]
    themes: tuple[str, ...]
    predecessor: str | None
    provenance: Provenance


@dataclass(frozen=True)
class ProjectSeed:
    id: str
    title: str
    programmes: tuple[str, ...]
    countries: tuple[str, ...]
    start: PartialDate | None
    end: PartialDate | None
    budget_eur: float | None
    status: ProjectStatus
    iati_status: int | None
    division_attribution: DivisionAttribution | None
    implementing_unit: str | None
    jp_code: str | None
    themes: tuple[str, ...]
    action_plans: tuple[str, ...]
    coe_bodies: tuple[str, ...]
    provenance: Provenance


@dataclass(frozen=True)
class GanhriSeed:
    status: GanhriStatus | None
    as_of: PartialDate | None
    confidence: Confidence
    source: str | None
    notes: tuple[str, ...]


@dataclass(frozen=True)
class OrganisationSeed:
    id: str
    name: str
    short_name: str | None
    kind: OrgKind
    authority_kind: AuthorityKind | None
    category: str
    iati_org_type: int | None
    country: str | None
    parent: str | None
    sensitive: bool
    ganhri: GanhriSeed | None
    npm_mandate: bool | None
    provenance: Provenance


@dataclass(frozen=True)
class ParticipationSeed:
    id: str
    org: str
    project: str | None
    programme: str | None
    role: Role
    iati_role: int | None
    since: PartialDate | None
    until: PartialDate | None
    share: float | None
    amount_eur: float | None
    provenance: Provenance


@dataclass(frozen=True)
class MembershipSeed:
    id: str
    org: str
    status: MembershipStatus
    evidence: str | None
    since: PartialDate | None
    until: PartialDate | None
    confidence: Confidence
    notes: tuple[str, ...]


@dataclass(frozen=True)
class NetworkSeed:
    id: str
    name: str
    short_name: str | None
    type: str | None
    operated_by: str | None
    parent_network: str | None
    project: str | None
    supporters: tuple[str, ...]
    members: tuple[MembershipSeed, ...]
    provenance: Provenance


@dataclass(frozen=True)
class CoeBodySeed:
    id: str
    name: str
    short_name: str | None
    role: str | None
    provenance: Provenance


@dataclass(frozen=True)
class ActionPlanSeed:
    id: str
    name: str
    country: str
    adopted: PartialDate | None
    start_year: int | None
    end_year: int | None
    budget_eur: float | None
    provenance: Provenance


@dataclass(frozen=True)
class SeedGraph:
    """Every seed record, validated: references resolve and ids are unique."""

    regions: tuple[RegionSeed, ...] = ()
    countries: tuple[CountrySeed, ...] = ()
    themes: tuple[ThemeSeed, ...] = ()
    programmes: tuple[ProgrammeSeed, ...] = ()
    projects: tuple[ProjectSeed, ...] = ()
    organisations: tuple[OrganisationSeed, ...] = ()
    participations: tuple[ParticipationSeed, ...] = ()
    networks: tuple[NetworkSeed, ...] = ()
    coe_bodies: tuple[CoeBodySeed, ...] = ()
    action_plans: tuple[ActionPlanSeed, ...] = ()


@dataclass(frozen=True)
class LoadSummary:
    """What a load wrote: rows per node label and relationship type, and the database's change counters."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    labels_added: int = 0
    seconds: float = 0.0
    node_seconds: float = 0.0  # of `seconds`, the time spent writing nodes (synthetic loads measure it apart)

    @property
    def node_rows(self) -> int:
        return sum(self.nodes.values())

    @property
    def relationship_rows(self) -> int:
        return sum(self.relationships.values())
