"""Every closed value set of the model, declared once: stored in the graph and exposed to GraphQL as named here.

A member's docstring (the second item of its declaration) becomes the GraphQL value's description; the class
docstring the enum's. Values are stored exactly as named (MODEL.md: UPPER_SNAKE), so answers pass through.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from service.core import errors


class DocEnum(StrEnum):
    """A string enum whose members may carry a description: `A = "A", "what A means"`."""

    def __new__(cls, value: str, doc: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.__doc__ = doc
        return member


class Confidence(DocEnum):
    """How sure the record is: HIGH when a cited source states it."""

    HIGH = "HIGH", "A cited source states it."
    MEDIUM = "MEDIUM", "Sources suggest it; not stated outright."
    LOW = "LOW", "Inferred, or from a weak source."


class ProjectStatus(DocEnum):
    """Where a project or programme stands."""

    PLANNED = "PLANNED", "Not started yet."
    ACTIVE = "ACTIVE", "Running."
    COMPLETED = "COMPLETED", "Ended."
    UNKNOWN = "UNKNOWN", "The sources do not say."


class DivisionAttribution(DocEnum):
    """How firmly a project is attributed to the Co-operation Programmes Division."""

    HIGH = "HIGH", "The Division's own pages list it."
    MEDIUM = "MEDIUM", "Run by a unit the Division co-ordinates."
    LOW = "LOW", "Only loosely linked to the Division."
    NONE = "NONE", "Not the Division's."


class OrganisationKind(DocEnum):
    """The kind of an organisation; each kind is a GraphQL type implementing Organisation."""

    NATIONAL_AUTHORITY = "NATIONAL_AUTHORITY", "A national authority."
    NHRI = "NHRI", "A national human rights institution (ombudsman)."
    CIVIL_SOCIETY = "CIVIL_SOCIETY", "A civil-society organisation."
    DONOR = "DONOR", "A donor."
    INTERNATIONAL = "INTERNATIONAL", "An international organisation."
    COE_ENTITY = "COE_ENTITY", "The Council of Europe or one of its units."


class AuthorityKind(DocEnum):
    """What kind of national authority an organisation is."""

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


class GanhriStatus(DocEnum):
    """GANHRI accreditation status of a national human rights institution."""

    A = "A", "Fully compliant with the Paris Principles."
    B = "B", "Partly compliant with the Paris Principles."
    NOT_ACCREDITED = "NOT_ACCREDITED", "Not accredited."


class RoleClass(DocEnum):
    """PARTNERSHIP roles join partners; STRUCTURAL roles (implementers, funders) link hubs to everything."""

    PARTNERSHIP = "PARTNERSHIP", "Partners, beneficiaries, civil-society partners."
    STRUCTURAL = "STRUCTURAL", "Implementers and funders."


class ParticipationRole(DocEnum):
    """The role an organisation plays in a project or programme."""

    PARTNER = "PARTNER", "Partner (or partner/beneficiary) of a project."
    BENEFICIARY = "BENEFICIARY", "Beneficiary institution of a project."
    CIVIL_SOCIETY_PARTNER = "CIVIL_SOCIETY_PARTNER", "Civil-society partner of a project."
    IMPLEMENTER = "IMPLEMENTER", "Implements the project (structural)."
    IMPLEMENTING_UNIT = "IMPLEMENTING_UNIT", "The Council of Europe unit that implements it (structural)."
    FUNDER = "FUNDER", "Funds the project (structural)."
    CO_FUNDER = "CO_FUNDER", "Co-funds the project (structural)."

    @property
    def role_class(self) -> RoleClass:
        """PARTNERSHIP or STRUCTURAL (MODEL.md's role table)."""
        return RoleClass.STRUCTURAL if self in _STRUCTURAL else RoleClass.PARTNERSHIP


_STRUCTURAL = frozenset(
    {
        ParticipationRole.IMPLEMENTER,
        ParticipationRole.IMPLEMENTING_UNIT,
        ParticipationRole.FUNDER,
        ParticipationRole.CO_FUNDER,
    }
)


class MembershipStatus(DocEnum):
    """How an organisation belongs to a network."""

    MEMBER = "MEMBER", "A member."
    FOUNDER = "FOUNDER", "A founding member."
    ASSOCIATE = "ASSOCIATE", "An associate member."
    OBSERVER = "OBSERVER", "An observer."
    INITIATOR = "INITIATOR", "Initiated the network."


class DatePrecision(DocEnum):
    """How much of a date the source gives."""

    DAY = "DAY", "The day is known."
    MONTH = "MONTH", "Only the month is known."
    YEAR = "YEAR", "Only the year is known."


class NetworkRole(DocEnum):
    """A kind of link an actor has to a project, programme or network. PARTNER, BENEFICIARY and
    CIVIL_SOCIETY_PARTNER are partnership roles; IMPLEMENTER, IMPLEMENTING_UNIT, FUNDER and CO_FUNDER are
    structural roles (the Council of Europe and the big donors, hubs linked to almost everything); MEMBER is
    membership of a network (MEMBER_OF). Network queries follow partnership roles and MEMBER unless their
    `roles` argument says otherwise."""

    # The participation roles, then MEMBER: generated the enum HOWTO's way, so type checkers see only MEMBER (reach
    # the others by value, `NetworkRole("PARTNER")`, or as ParticipationRole members).
    _ignore_ = "members role"
    members = vars()
    for role in ParticipationRole:
        members[role.name] = role.value, role.__doc__ or ""
    MEMBER = "MEMBER", "Member of a network (a MEMBER_OF relationship)."

    @property
    def is_structural(self) -> bool:
        """True for the structural participation roles, which network queries follow only when asked."""
        return self.value in {r.value for r in _STRUCTURAL}


# MODEL.md: network queries follow PARTNERSHIP roles and MEMBER_OF unless a `roles` argument asks for more.
DEFAULT_NETWORK_ROLES: tuple[NetworkRole, ...] = tuple(r for r in NetworkRole if not r.is_structural)


class NetworkLinkType(DocEnum):
    """The relationship types network queries walk."""

    PARTICIPATES_IN = "PARTICIPATES_IN", "An organisation's participation in a project or programme."
    MEMBER_OF = "MEMBER_OF", "An organisation's membership of a network."


class NetworkNodeKind(DocEnum):
    """What a network node is: an organisation's kind or a connector."""

    # The organisation kinds, then the connectors: generated as in NetworkRole (type checkers see the connectors).
    _ignore_ = "members kind"
    members = vars()
    for kind in OrganisationKind:
        members[kind.name] = kind.value, kind.__doc__ or ""
    PROJECT = "PROJECT", "A project (connects its participants)."
    PROGRAMME = "PROGRAMME", "A programme (connects its direct participants)."
    NETWORK = "NETWORK", "A cross-border network (connects its members)."

    @property
    def is_organisation(self) -> bool:
        """True for the organisation kinds, False for the connectors (projects, programmes, networks)."""
        return self.value in OrganisationKind.__members__


class GapKind(DocEnum):
    """The structural holes `gaps` looks for."""

    NHRI_WITHOUT_CIVIL_SOCIETY = (
        "NHRI_WITHOUT_CIVIL_SOCIETY",
        "An NHRI of the country that shares no project with any civil-society organisation.",
    )
    AUTHORITY_WITHOUT_NHRI = (
        "AUTHORITY_WITHOUT_NHRI",
        "A national authority of the country whose projects all lack an NHRI partner.",
    )
    UNLINKED_NEIGHBOURS = (
        "UNLINKED_NEIGHBOURS",
        "Two institutions of the same kind (and authority kind) in neighbouring countries (countries that share a "
        "region; the model has no borders) whose projects address a common theme, with no project, programme or "
        "network in common.",
    )


class LinkChangeKind(DocEnum):
    """Whether a link began or ended in the period."""

    BEGAN = "BEGAN", "The link's `since` falls in the period."
    ENDED = "ENDED", "The link's `until` falls in the period."


class ChangeOp(DocEnum):
    """What a change did."""

    CREATE = "CREATE", "Something was created."
    UPDATE = "UPDATE", "Something changed."
    DELETE = "DELETE", "Something was deleted."


class SortDirection(DocEnum):
    """Sort direction; ties are always broken by key, ascending."""

    ASC = "ASC", "Smallest first; unknown values (null) last."
    DESC = "DESC", "Largest first; unknown values (null) first."


class TokenRole(DocEnum):
    """What a token may do: viewer reads, editor creates/updates/links, admin also deletes and bulk-changes."""

    VIEWER = "viewer", "Reads; organisations marked sensitive stay hidden."
    EDITOR = "editor", "Reads everything, creates, updates and links."
    ADMIN = "admin", "Also deletes and changes links in bulk."

    @property
    def rank(self) -> int:
        """1 for viewer, 2 for editor, 3 for admin."""
        return list(TokenRole).index(self) + 1


class UserErrorCode(DocEnum):
    """Why a mutation did not apply (a domain failure, reported in the payload's `userErrors`)."""

    # The codes of the DomainError classes (service/core/errors.py), each declared there once.
    BAD_USER_INPUT = errors.InvalidInputError.code, "A value is malformed or breaks a rule of the model."
    NOT_FOUND = errors.NotFoundError.code, "Something the input names does not exist."
    CONFLICT = errors.ConflictError.code, "The change would duplicate an existing record."
    STALE_UPDATE = errors.StaleUpdateError.code, "The record changed since you read it (see expectedVersion)."
    WOULD_ORPHAN = errors.WouldOrphanError.code, "Other records still point at what you delete."
    LIMIT_EXCEEDED = errors.LimitExceededError.code, "The input is larger than a documented bound."
