"""GraphQL enums of the graph model; values are stored in the graph exactly as named here (MODEL.md)."""

from __future__ import annotations

from enum import StrEnum

import strawberry


@strawberry.enum(description="How sure the record is: HIGH when a cited source states it.")
class Confidence(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"


@strawberry.enum(description="Where a project or programme stands.")
class ProjectStatus(StrEnum):
    PLANNED = "PLANNED"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    UNKNOWN = "UNKNOWN"


@strawberry.enum(description="How firmly a project is attributed to the Co-operation Programmes Division.")
class DivisionAttribution(StrEnum):
    HIGH = "HIGH"
    MEDIUM = "MEDIUM"
    LOW = "LOW"
    NONE = "NONE"


@strawberry.enum(description="The kind of an organisation; each kind is a GraphQL type implementing Organisation.")
class OrganisationKind(StrEnum):
    NATIONAL_AUTHORITY = "NATIONAL_AUTHORITY"
    NHRI = "NHRI"
    CIVIL_SOCIETY = "CIVIL_SOCIETY"
    DONOR = "DONOR"
    INTERNATIONAL = "INTERNATIONAL"
    COE_ENTITY = "COE_ENTITY"


@strawberry.enum(description="What kind of national authority an organisation is.")
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


@strawberry.enum(description="GANHRI accreditation status of a national human rights institution.")
class GanhriStatus(StrEnum):
    A = "A"
    B = "B"
    NOT_ACCREDITED = "NOT_ACCREDITED"


@strawberry.enum(description="The role an organisation plays in a project or programme.")
class ParticipationRole(StrEnum):
    PARTNER = "PARTNER"
    BENEFICIARY = "BENEFICIARY"
    CIVIL_SOCIETY_PARTNER = "CIVIL_SOCIETY_PARTNER"
    IMPLEMENTER = "IMPLEMENTER"
    IMPLEMENTING_UNIT = "IMPLEMENTING_UNIT"
    FUNDER = "FUNDER"
    CO_FUNDER = "CO_FUNDER"


@strawberry.enum(
    description="PARTNERSHIP roles join partners; STRUCTURAL roles (implementers, funders) link hubs to everything."
)
class RoleClass(StrEnum):
    PARTNERSHIP = "PARTNERSHIP"
    STRUCTURAL = "STRUCTURAL"


@strawberry.enum(description="How an organisation belongs to a network.")
class MembershipStatus(StrEnum):
    MEMBER = "MEMBER"
    FOUNDER = "FOUNDER"
    ASSOCIATE = "ASSOCIATE"
    OBSERVER = "OBSERVER"
    INITIATOR = "INITIATOR"


@strawberry.enum(description="Sort direction; ties are always broken by key, ascending.")
class SortDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum(description="The kinds of entity full-text search can return.")
class EntityKind(StrEnum):
    PROJECT = "PROJECT"
    PROGRAMME = "PROGRAMME"
    ORGANISATION = "ORGANISATION"
    COUNTRY = "COUNTRY"
    REGION = "REGION"
    NETWORK = "NETWORK"
    COE_BODY = "COE_BODY"
    THEME = "THEME"
    ACTION_PLAN = "ACTION_PLAN"
