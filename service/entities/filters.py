"""Operator inputs for one field each (`title: {contains: "court"}`); every condition given must hold."""

from __future__ import annotations

import strawberry

from service.entities.enums import (
    AuthorityKind,
    Confidence,
    DivisionAttribution,
    GanhriStatus,
    MembershipStatus,
    OrganisationKind,
    ParticipationRole,
    ProjectStatus,
    RoleClass,
)
from service.entities.scalars import Date

_EQ = "Equal to this value."
_IN = "Equal to one of these values."
_NULL = "true: the value is unknown (null); false: it is known."
_GT, _GTE, _LT, _LTE = "Greater than.", "Greater than or equal to.", "Less than.", "Less than or equal to."


@strawberry.input(description="Conditions on a text field; contains and startsWith ignore case.")
class StringFilter:
    eq: str | None = strawberry.field(default=None, description="Equal to this text, exactly.")
    in_: list[str] | None = strawberry.field(default=None, name="in", description=_IN)
    contains: str | None = strawberry.field(default=None, description="Contains this text, ignoring case.")
    starts_with: str | None = strawberry.field(default=None, description="Starts with this text, ignoring case.")
    is_null: bool | None = strawberry.field(default=None, description=_NULL)


@strawberry.input(description="Conditions on a global id; plain keys are accepted too.")
class IDFilter:
    eq: strawberry.ID | None = strawberry.field(default=None, description=_EQ)
    in_: list[strawberry.ID] | None = strawberry.field(default=None, name="in", description=_IN)


@strawberry.input(description="Conditions on a date field (YYYY-MM-DD).")
class DateFilter:
    eq: Date | None = strawberry.field(default=None, description=_EQ)
    in_: list[Date] | None = strawberry.field(default=None, name="in", description=_IN)
    gt: Date | None = strawberry.field(default=None, description="Later than.")
    gte: Date | None = strawberry.field(default=None, description="On or after.")
    lt: Date | None = strawberry.field(default=None, description="Earlier than.")
    lte: Date | None = strawberry.field(default=None, description="On or before.")
    is_null: bool | None = strawberry.field(default=None, description=_NULL)


@strawberry.input(description="Conditions on an integer field.")
class IntFilter:
    eq: int | None = strawberry.field(default=None, description=_EQ)
    in_: list[int] | None = strawberry.field(default=None, name="in", description=_IN)
    gt: int | None = strawberry.field(default=None, description=_GT)
    gte: int | None = strawberry.field(default=None, description=_GTE)
    lt: int | None = strawberry.field(default=None, description=_LT)
    lte: int | None = strawberry.field(default=None, description=_LTE)
    is_null: bool | None = strawberry.field(default=None, description=_NULL)


@strawberry.input(description="Conditions on a number field, such as a budget in euros.")
class FloatFilter:
    eq: float | None = strawberry.field(default=None, description=_EQ)
    in_: list[float] | None = strawberry.field(default=None, name="in", description=_IN)
    gt: float | None = strawberry.field(default=None, description=_GT)
    gte: float | None = strawberry.field(default=None, description=_GTE)
    lt: float | None = strawberry.field(default=None, description=_LT)
    lte: float | None = strawberry.field(default=None, description=_LTE)
    is_null: bool | None = strawberry.field(default=None, description=_NULL)


@strawberry.input(description="Conditions on a true/false field.")
class BooleanFilter:
    eq: bool | None = strawberry.field(default=None, description=_EQ)
    is_null: bool | None = strawberry.field(default=None, description=_NULL)


@strawberry.input(description="Conditions on a confidence mark.")
class ConfidenceFilter:
    eq: Confidence | None = strawberry.field(default=None, description=_EQ)
    in_: list[Confidence] | None = strawberry.field(default=None, name="in", description=_IN)
    is_null: bool | None = strawberry.field(default=None, description=_NULL)


@strawberry.input(description="Conditions on a project or programme status.")
class ProjectStatusFilter:
    eq: ProjectStatus | None = strawberry.field(default=None, description=_EQ)
    in_: list[ProjectStatus] | None = strawberry.field(default=None, name="in", description=_IN)


@strawberry.input(description="Conditions on a project's attribution to the Division.")
class DivisionAttributionFilter:
    eq: DivisionAttribution | None = strawberry.field(default=None, description=_EQ)
    in_: list[DivisionAttribution] | None = strawberry.field(default=None, name="in", description=_IN)
    is_null: bool | None = strawberry.field(default=None, description=_NULL)


@strawberry.input(description="Conditions on an organisation's kind.")
class OrganisationKindFilter:
    eq: OrganisationKind | None = strawberry.field(default=None, description=_EQ)
    in_: list[OrganisationKind] | None = strawberry.field(default=None, name="in", description=_IN)


@strawberry.input(description="Conditions on a national authority's kind (null for other organisations).")
class AuthorityKindFilter:
    eq: AuthorityKind | None = strawberry.field(default=None, description=_EQ)
    in_: list[AuthorityKind] | None = strawberry.field(default=None, name="in", description=_IN)
    is_null: bool | None = strawberry.field(default=None, description=_NULL)


@strawberry.input(description="Conditions on an NHRI's GANHRI status (null when unknown or not an NHRI).")
class GanhriStatusFilter:
    eq: GanhriStatus | None = strawberry.field(default=None, description=_EQ)
    in_: list[GanhriStatus] | None = strawberry.field(default=None, name="in", description=_IN)
    is_null: bool | None = strawberry.field(default=None, description=_NULL)


@strawberry.input(description="Conditions on a participation role.")
class ParticipationRoleFilter:
    eq: ParticipationRole | None = strawberry.field(default=None, description=_EQ)
    in_: list[ParticipationRole] | None = strawberry.field(default=None, name="in", description=_IN)


@strawberry.input(description="Conditions on a participation's role class.")
class RoleClassFilter:
    eq: RoleClass | None = strawberry.field(default=None, description=_EQ)
    in_: list[RoleClass] | None = strawberry.field(default=None, name="in", description=_IN)


@strawberry.input(description="Conditions on a network membership status.")
class MembershipStatusFilter:
    eq: MembershipStatus | None = strawberry.field(default=None, description=_EQ)
    in_: list[MembershipStatus] | None = strawberry.field(default=None, name="in", description=_IN)
