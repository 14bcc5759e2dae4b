"""Typed `where` inputs: field conditions, AND/OR/NOT, and conditions on related nodes and relationship edges."""

from __future__ import annotations

from typing import Any

import strawberry

from service.entities.filters import (
    AuthorityKindFilter,
    BooleanFilter,
    ConfidenceFilter,
    DateFilter,
    DivisionAttributionFilter,
    FloatFilter,
    GanhriStatusFilter,
    IDFilter,
    IntFilter,
    MembershipStatusFilter,
    OrganisationKindFilter,
    ParticipationRoleFilter,
    ProjectStatusFilter,
    RoleClassFilter,
    StringFilter,
)
from service.entities.scalars import Date

_AND = "Every one of these conditions holds."
_OR = "At least one of these conditions holds."
_NOT = "This condition does not hold."
_ID = "The global id (or plain key)."
_KEY = "The stable key from the seed files, e.g. ba-moj."
_NAME = "The name (a project's name is its title)."
_CONF = "The record's confidence mark."
_ACTIVE = "Started on or before this date and not ended before it (an unknown end counts as still running)."
_SINCE = "When the relationship began."
_UNTIL = "When the relationship ended."


def _f(description: str) -> Any:
    return strawberry.field(default=None, description=description)


@strawberry.input(description="Conditions on regions.")
class RegionWhere:
    and_: list[RegionWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[RegionWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: RegionWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    id: IDFilter | None = _f(_ID)
    key: StringFilter | None = _f(_KEY)
    name: StringFilter | None = _f(_NAME)
    confidence: ConfidenceFilter | None = _f(_CONF)


@strawberry.input(description="Conditions on countries.")
class CountryWhere:
    and_: list[CountryWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[CountryWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: CountryWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    id: IDFilter | None = _f(_ID)
    key: StringFilter | None = _f(_KEY)
    name: StringFilter | None = _f(_NAME)
    confidence: ConfidenceFilter | None = _f(_CONF)
    iso2: StringFilter | None = _f("ISO 3166-1 alpha-2 code.")
    iso3: StringFilter | None = _f("ISO 3166-1 alpha-3 code.")
    coe_member: BooleanFilter | None = _f("Member state of the Council of Europe.")
    coe_member_since: DateFilter | None = _f("Date of accession to the Council of Europe.")
    region: RegionWhere | None = _f("The country belongs to a region matching this.")


@strawberry.input(description="Conditions on themes.")
class ThemeWhere:
    and_: list[ThemeWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[ThemeWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: ThemeWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    id: IDFilter | None = _f(_ID)
    key: StringFilter | None = _f(_KEY)
    name: StringFilter | None = _f(_NAME)
    confidence: ConfidenceFilter | None = _f(_CONF)


@strawberry.input(description="Conditions on Council of Europe bodies.")
class CoeBodyWhere:
    and_: list[CoeBodyWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[CoeBodyWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: CoeBodyWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    id: IDFilter | None = _f(_ID)
    key: StringFilter | None = _f(_KEY)
    name: StringFilter | None = _f(_NAME)
    confidence: ConfidenceFilter | None = _f(_CONF)
    short_name: StringFilter | None = _f("The acronym, e.g. CPT.")


@strawberry.input(description="Conditions on action plans.")
class ActionPlanWhere:
    and_: list[ActionPlanWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[ActionPlanWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: ActionPlanWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    id: IDFilter | None = _f(_ID)
    key: StringFilter | None = _f(_KEY)
    name: StringFilter | None = _f(_NAME)
    confidence: ConfidenceFilter | None = _f(_CONF)
    adopted: DateFilter | None = _f("Adoption date.")
    start_year: IntFilter | None = _f("First year of the plan.")
    end_year: IntFilter | None = _f("Last year of the plan.")
    budget_eur: FloatFilter | None = _f("Budget in euros.")
    country: CountryWhere | None = _f("The plan's country matches this.")


@strawberry.input(description="Conditions on programmes.")
class ProgrammeWhere:
    and_: list[ProgrammeWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[ProgrammeWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: ProgrammeWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    id: IDFilter | None = _f(_ID)
    key: StringFilter | None = _f(_KEY)
    name: StringFilter | None = _f(_NAME)
    confidence: ConfidenceFilter | None = _f(_CONF)
    short_name: StringFilter | None = _f("The short name, e.g. HF II.")
    type: StringFilter | None = _f("The programme type, as the sources word it.")
    status: ProjectStatusFilter | None = _f("The status.")
    start_date: DateFilter | None = _f("Start date.")
    end_date: DateFilter | None = _f("End date.")
    budget_eur: FloatFilter | None = _f("Budget in euros.")
    active_on: Date | None = _f(_ACTIVE)
    countries_some: CountryWhere | None = _f("Implemented in at least one country matching this.")
    themes_some: ThemeWhere | None = _f("Addresses at least one theme matching this.")
    participants_some: ParticipantWhere | None = _f("At least one participation matches this.")


@strawberry.input(description="Conditions on projects.")
class ProjectWhere:
    and_: list[ProjectWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[ProjectWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: ProjectWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    id: IDFilter | None = _f(_ID)
    key: StringFilter | None = _f(_KEY)
    name: StringFilter | None = _f(_NAME)
    confidence: ConfidenceFilter | None = _f(_CONF)
    title: StringFilter | None = _f("The title.")
    status: ProjectStatusFilter | None = _f("The status.")
    iati_status: IntFilter | None = _f("IATI activity status code.")
    start_date: DateFilter | None = _f("Start date.")
    end_date: DateFilter | None = _f("End date.")
    budget_eur: FloatFilter | None = _f("Budget in euros (null when unknown).")
    division_attribution: DivisionAttributionFilter | None = _f("Attribution to the Division.")
    jp_code: StringFilter | None = _f("Joint programme code.")
    active_on: Date | None = _f(_ACTIVE)
    participants_some: ParticipantWhere | None = _f("At least one participation matches this.")
    participants_none: ParticipantWhere | None = _f("No participation matches this.")
    programmes_some: ProgrammeWhere | None = _f("Part of at least one programme matching this.")
    countries_some: CountryWhere | None = _f("Implemented in at least one country matching this.")
    themes_some: ThemeWhere | None = _f("Addresses at least one theme matching this.")
    coe_bodies_some: CoeBodyWhere | None = _f("Informed by at least one Council of Europe body matching this.")
    action_plans_some: ActionPlanWhere | None = _f("Contributes to at least one action plan matching this.")


@strawberry.input(description="Conditions on organisations (kind-specific fields are null on other kinds).")
class OrganisationWhere:
    and_: list[OrganisationWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[OrganisationWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: OrganisationWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    id: IDFilter | None = _f(_ID)
    key: StringFilter | None = _f(_KEY)
    name: StringFilter | None = _f(_NAME)
    confidence: ConfidenceFilter | None = _f(_CONF)
    short_name: StringFilter | None = _f("The acronym, e.g. MoJ.")
    kind: OrganisationKindFilter | None = _f("The kind of organisation.")
    category: StringFilter | None = _f("The free-text category of the sources.")
    iati_org_type: IntFilter | None = _f("IATI organisation type code.")
    authority_kind: AuthorityKindFilter | None = _f("National authorities: what kind.")
    ganhri_status: GanhriStatusFilter | None = _f("NHRIs: GANHRI accreditation status.")
    npm_mandate: BooleanFilter | None = _f("NHRIs: holds the National Preventive Mechanism mandate.")
    located_in: CountryWhere | None = _f("Located in a country matching this.")
    parent: OrganisationWhere | None = _f("A sub-unit of an organisation matching this.")
    participations_some: ParticipationWhere | None = _f("At least one project participation matches this.")
    participations_none: ParticipationWhere | None = _f("No project participation matches this.")
    programme_participations_some: ProgrammeParticipationWhere | None = _f(
        "At least one programme participation matches this."
    )
    memberships_some: MembershipWhere | None = _f("At least one network membership matches this.")


@strawberry.input(description="Conditions on networks.")
class NetworkWhere:
    and_: list[NetworkWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[NetworkWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: NetworkWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    id: IDFilter | None = _f(_ID)
    key: StringFilter | None = _f(_KEY)
    name: StringFilter | None = _f(_NAME)
    confidence: ConfidenceFilter | None = _f(_CONF)
    short_name: StringFilter | None = _f("The acronym, e.g. ENNHRI.")
    type: StringFilter | None = _f("The network type, as the sources word it.")
    members_some: MemberWhere | None = _f("At least one membership matches this.")
    members_none: MemberWhere | None = _f("No membership matches this.")


@strawberry.input(description="Conditions on a participation of an organisation (in a project or programme).")
class ParticipantWhere:
    and_: list[ParticipantWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[ParticipantWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: ParticipantWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    key: StringFilter | None = _f("The participation's key.")
    role: ParticipationRoleFilter | None = _f("The role.")
    role_class: RoleClassFilter | None = _f("The role's class.")
    iati_role: IntFilter | None = _f("IATI organisation role code.")
    since: DateFilter | None = _f(_SINCE)
    until: DateFilter | None = _f(_UNTIL)
    confidence: ConfidenceFilter | None = _f(_CONF)
    organisation: OrganisationWhere | None = _f("The participating organisation matches this.")


@strawberry.input(description="Conditions on an organisation's participation in a project.")
class ParticipationWhere:
    and_: list[ParticipationWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[ParticipationWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: ParticipationWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    key: StringFilter | None = _f("The participation's key.")
    role: ParticipationRoleFilter | None = _f("The role.")
    role_class: RoleClassFilter | None = _f("The role's class.")
    iati_role: IntFilter | None = _f("IATI organisation role code.")
    since: DateFilter | None = _f(_SINCE)
    until: DateFilter | None = _f(_UNTIL)
    confidence: ConfidenceFilter | None = _f(_CONF)
    project: ProjectWhere | None = _f("The project matches this.")


@strawberry.input(description="Conditions on an organisation's participation in a programme.")
class ProgrammeParticipationWhere:
    and_: list[ProgrammeParticipationWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[ProgrammeParticipationWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: ProgrammeParticipationWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    key: StringFilter | None = _f("The participation's key.")
    role: ParticipationRoleFilter | None = _f("The role.")
    role_class: RoleClassFilter | None = _f("The role's class.")
    iati_role: IntFilter | None = _f("IATI organisation role code.")
    since: DateFilter | None = _f(_SINCE)
    until: DateFilter | None = _f(_UNTIL)
    confidence: ConfidenceFilter | None = _f(_CONF)
    programme: ProgrammeWhere | None = _f("The programme matches this.")


@strawberry.input(description="Conditions on a network's membership (seen from the network).")
class MemberWhere:
    and_: list[MemberWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[MemberWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: MemberWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    key: StringFilter | None = _f("The membership's key.")
    membership_status: MembershipStatusFilter | None = _f("The membership status.")
    since: DateFilter | None = _f(_SINCE)
    until: DateFilter | None = _f(_UNTIL)
    confidence: ConfidenceFilter | None = _f(_CONF)
    organisation: OrganisationWhere | None = _f("The member organisation matches this.")


@strawberry.input(description="Conditions on an organisation's network membership (seen from the organisation).")
class MembershipWhere:
    and_: list[MembershipWhere] | None = strawberry.field(default=None, name="AND", description=_AND)
    or_: list[MembershipWhere] | None = strawberry.field(default=None, name="OR", description=_OR)
    not_: MembershipWhere | None = strawberry.field(default=None, name="NOT", description=_NOT)
    key: StringFilter | None = _f("The membership's key.")
    membership_status: MembershipStatusFilter | None = _f("The membership status.")
    since: DateFilter | None = _f(_SINCE)
    until: DateFilter | None = _f(_UNTIL)
    confidence: ConfidenceFilter | None = _f(_CONF)
    network: NetworkWhere | None = _f("The network matches this.")
