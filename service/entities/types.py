"""The node types of the graph (MODEL.md), with the Relay Node and Entity interfaces they implement."""

from __future__ import annotations

import strawberry

from service.entities.connections import (
    MemberConnection,
    MembershipConnection,
    OrganisationConnection,
    ParticipantConnection,
    ParticipationConnection,
    ProgrammeParticipationConnection,
    ProjectConnection,
)
from service.entities.enums import (
    AuthorityKind,
    Confidence,
    DivisionAttribution,
    GanhriStatus,
    OrganisationKind,
    ProjectStatus,
)
from service.entities.pages import (
    member_page,
    membership_page,
    organisation_page,
    participant_page,
    participation_page,
    programme_participation_page,
    project_page,
)
from service.entities.scalars import Date

_SHORT = "The short name or acronym, when there is one."
_BUDGET = "Budget in euros (null when unknown)."
_PROJECTS = "Projects linked to this, a page at a time."


@strawberry.interface(description="An object with a global id (Relay): fetch it again with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description='Global id "<Type>:<key>", e.g. "Organisation:ba-moj".')


@strawberry.interface(description="Every node of the partner graph: named, sourced and marked for confidence.")
class Entity(Node):
    key: str = strawberry.field(description="The stable key from the seed files, e.g. ba-moj or BA.")
    name: str = strawberry.field(description="The name (a project's name is its title).")
    confidence: Confidence | None = strawberry.field(description="HIGH when a cited source states the record.")
    sources: list[str] = strawberry.field(description="Source URLs.")
    notes: list[str] = strawberry.field(description="Notes from the sources.")
    version: int | None = strawberry.field(
        description="Incremented by every change; send it as `expectedVersion` to update without overwriting."
    )
    created_at: str | None = strawberry.field(description="When the record was first written (ISO date-time, UTC).")
    updated_at: str | None = strawberry.field(description="When the record last changed (ISO date-time, UTC).")
    updated_by: str | None = strawberry.field(description="Who made the last change (a token's subject, or seed).")


@strawberry.type(description="A group of countries, e.g. the Western Balkans or the Eastern Partnership.")
class Region(Entity):
    countries: list[Country] = strawberry.field(description="Countries in the region, by name.")


@strawberry.type(description="A country where projects run or organisations sit.")
class Country(Entity):
    iso2: str = strawberry.field(description="ISO 3166-1 alpha-2 code, e.g. BA.")
    iso3: str | None = strawberry.field(description="ISO 3166-1 alpha-3 code, e.g. BIH (null for Kosovo*).")
    coe_member: bool | None = strawberry.field(description="Member state of the Council of Europe.")
    coe_member_since: Date | None = strawberry.field(description="Date of accession to the Council of Europe.")
    coe_field_office: str | None = strawberry.field(description="The Council of Europe office in the country.")
    alt_names: list[str] = strawberry.field(description="Other names the sources use, e.g. BiH.")
    regions: list[Region] = strawberry.field(description="Regions the country belongs to, by name.")
    organisations: OrganisationConnection = strawberry.field(
        resolver=organisation_page, description="Organisations located in the country, a page at a time."
    )
    projects: ProjectConnection = strawberry.field(
        resolver=project_page, description="Projects implemented in the country, a page at a time."
    )
    programmes: list[Programme] = strawberry.field(description="Programmes implemented in the country, by name.")
    action_plans: list[ActionPlan] = strawberry.field(description="Council of Europe action plans for the country.")


@strawberry.type(description="A co-operation programme, such as the EU/CoE Horizontal Facility, grouping projects.")
class Programme(Entity):
    short_name: str | None = strawberry.field(description=_SHORT)
    type: str | None = strawberry.field(description="The programme type, as the sources word it.")
    start_date: Date | None = strawberry.field(description="Start date.")
    end_date: Date | None = strawberry.field(description="End date.")
    budget_eur: float | None = strawberry.field(description=_BUDGET)
    status: ProjectStatus = strawberry.field(description="Where the programme stands.")
    projects: ProjectConnection = strawberry.field(resolver=project_page, description="The programme's projects.")
    countries: list[Country] = strawberry.field(description="Countries the programme covers, by name.")
    themes: list[Theme] = strawberry.field(description="Themes the programme addresses, by name.")
    participants: ParticipantConnection = strawberry.field(
        resolver=participant_page, description="Organisations taking part in the programme itself, with roles."
    )
    predecessor: Programme | None = strawberry.field(description="The programme this one succeeds.")
    successor: Programme | None = strawberry.field(description="The programme succeeding this one.")


@strawberry.type(description="A co-operation project: what is done, where, when, with whom and with what money.")
class Project(Entity):
    title: str = strawberry.field(description="The title.")
    status: ProjectStatus = strawberry.field(description="Where the project stands.")
    iati_status: int | None = strawberry.field(description="IATI activity status code (2 implementing, 4 closed).")
    start_date: Date | None = strawberry.field(description="Start date.")
    end_date: Date | None = strawberry.field(description="End date.")
    budget_eur: float | None = strawberry.field(description=_BUDGET)
    division_attribution: DivisionAttribution | None = strawberry.field(
        description="How firmly the project is attributed to the Co-operation Programmes Division."
    )
    implementing_unit: str | None = strawberry.field(description="The Council of Europe unit running the project.")
    jp_code: str | None = strawberry.field(description="Joint programme code, when there is one.")
    programmes: list[Programme] = strawberry.field(description="Programmes the project is part of, by name.")
    countries: list[Country] = strawberry.field(description="Countries the project is implemented in, by name.")
    themes: list[Theme] = strawberry.field(description="Themes the project addresses, by name.")
    action_plans: list[ActionPlan] = strawberry.field(description="Action plans the project contributes to.")
    coe_bodies: list[CoeBody] = strawberry.field(description="Council of Europe bodies whose findings inform it.")
    participants: ParticipantConnection = strawberry.field(
        resolver=participant_page, description="Organisations taking part, with their role and dates."
    )
    networks: list[Network] = strawberry.field(description="Networks formed in the project, by name.")


@strawberry.type(description="A subject of co-operation, e.g. prison reform.")
class Theme(Entity):
    projects: ProjectConnection = strawberry.field(resolver=project_page, description=_PROJECTS)
    programmes: list[Programme] = strawberry.field(description="Programmes addressing the theme, by name.")


@strawberry.type(description="A Council of Europe action plan or co-operation document for one country.")
class ActionPlan(Entity):
    adopted: Date | None = strawberry.field(description="Adoption date.")
    start_year: int | None = strawberry.field(description="First year of the plan.")
    end_year: int | None = strawberry.field(description="Last year of the plan.")
    budget_eur: float | None = strawberry.field(description=_BUDGET)
    country: Country | None = strawberry.field(description="The country the plan is for.")
    projects: ProjectConnection = strawberry.field(resolver=project_page, description="Projects contributing to it.")


@strawberry.type(description="A Council of Europe monitoring or advisory body whose findings inform projects.")
class CoeBody(Entity):
    short_name: str | None = strawberry.field(description=_SHORT)
    role: str | None = strawberry.field(description="What the body does, as the sources say.")
    projects: ProjectConnection = strawberry.field(resolver=project_page, description="Projects it informs.")


@strawberry.type(description="A cross-border network of organisations, e.g. ENNHRI.")
class Network(Entity):
    short_name: str | None = strawberry.field(description=_SHORT)
    type: str | None = strawberry.field(description="The network type, as the sources word it.")
    members: MemberConnection = strawberry.field(
        resolver=member_page, description="Member organisations with their membership."
    )
    operated_by: Organisation | None = strawberry.field(description="The network's secretariat or legal body.")
    supporters: list[Organisation] = strawberry.field(description="Organisations supporting the network, by name.")
    parent_network: Network | None = strawberry.field(description="The network this one is part of.")
    sub_networks: list[Network] = strawberry.field(description="Networks that are part of this one, by name.")
    formed_in: Project | None = strawberry.field(description="The project whose activity formed the network.")


@strawberry.interface(description="An organisation of any kind; its GraphQL type says which kind.")
class Organisation(Entity):
    short_name: str | None = strawberry.field(description=_SHORT)
    kind: OrganisationKind = strawberry.field(description="The kind of organisation.")
    category: str | None = strawberry.field(description="The category as the sources word it.")
    iati_org_type: int | None = strawberry.field(description="IATI organisation type code (10 government, ...).")
    sensitive: bool = strawberry.field(description="Hidden from anonymous callers (issue 7's privacy rule).")
    located_in: Country | None = strawberry.field(description="The country the organisation is in.")
    parent: Organisation | None = strawberry.field(description="The organisation this one is a sub-unit of.")
    subunits: list[Organisation] = strawberry.field(description="The organisation's sub-units, by name.")
    participations: ParticipationConnection = strawberry.field(
        resolver=participation_page, description="Projects the organisation takes part in, with its role."
    )
    programme_participations: ProgrammeParticipationConnection = strawberry.field(
        resolver=programme_participation_page, description="Programmes the organisation takes part in directly."
    )
    memberships: MembershipConnection = strawberry.field(
        resolver=membership_page, description="Networks the organisation belongs to, with the membership."
    )


@strawberry.type(description="A national authority: ministry, council, court, prosecution, prison service, ...")
class NationalAuthority(Organisation):
    authority_kind: AuthorityKind | None = strawberry.field(description="What kind of authority.")


@strawberry.type(description="A national human rights institution (ombudsman, human rights commission).")
class Nhri(Organisation):
    ganhri_status: GanhriStatus | None = strawberry.field(description="GANHRI accreditation (null when unknown).")
    ganhri_status_as_of: Date | None = strawberry.field(description="When the GANHRI status was stated.")
    ganhri_status_confidence: Confidence | None = strawberry.field(description="How sure the GANHRI status is.")
    npm_mandate: bool | None = strawberry.field(
        description="Holds the National Preventive Mechanism mandate (null when the sources do not say)."
    )


@strawberry.type(description="A civil-society organisation: NGO, professional association, research institute.")
class CivilSocietyOrganisation(Organisation):
    pass


@strawberry.type(description="A donor: the EU, a donor government or a trust fund.")
class Donor(Organisation):
    pass


@strawberry.type(description="An international organisation or network body (UN, OSCE, GANHRI, ...).")
class InternationalOrganisation(Organisation):
    pass


@strawberry.type(description="The Council of Europe or one of its directorates, divisions or field offices.")
class CoeEntity(Organisation):
    pass


ORGANISATION_TYPES: tuple[type, ...] = (
    NationalAuthority,
    Nhri,
    CivilSocietyOrganisation,
    Donor,
    InternationalOrganisation,
    CoeEntity,
)
