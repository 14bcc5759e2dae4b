"""Relay connections: PageInfo, an edge and a connection type per node kind, edges carrying relationship data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from service.entities.enums import Confidence, MembershipStatus, ParticipationRole, RoleClass
from service.entities.scalars import Date

if TYPE_CHECKING:
    from service.entities.types import (
        ActionPlan,
        CoeBody,
        Country,
        Network,
        Organisation,
        Programme,
        Project,
        Region,
        Theme,
    )

_T = "service.entities.types"
_CURSOR = "Opaque cursor of this edge: pass it as `after` (or `before`) to page on from here."
_EDGES = "The page's edges, in the requested order."
_PAGE = "Where this page sits in the whole list."
_TOTAL = "How many edges match the filter in all (counted only when selected)."


@strawberry.type(description="Where a page sits in its list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More edges follow this page.")
    has_previous_page: bool = strawberry.field(description="Edges precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge (null on an empty page).")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge (null on an empty page).")


@strawberry.type(description="A project in a page of projects.")
class ProjectEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Annotated[Project, strawberry.lazy(_T)] = strawberry.field(description="The project.")


@strawberry.type(description="A page of projects.")
class ProjectConnection:
    edges: list[ProjectEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="A programme in a page of programmes.")
class ProgrammeEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Annotated[Programme, strawberry.lazy(_T)] = strawberry.field(description="The programme.")


@strawberry.type(description="A page of programmes.")
class ProgrammeConnection:
    edges: list[ProgrammeEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="An organisation in a page of organisations.")
class OrganisationEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Annotated[Organisation, strawberry.lazy(_T)] = strawberry.field(description="The organisation.")


@strawberry.type(description="A page of organisations.")
class OrganisationConnection:
    edges: list[OrganisationEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="A country in a page of countries.")
class CountryEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Annotated[Country, strawberry.lazy(_T)] = strawberry.field(description="The country.")


@strawberry.type(description="A page of countries.")
class CountryConnection:
    edges: list[CountryEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="A region in a page of regions.")
class RegionEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Annotated[Region, strawberry.lazy(_T)] = strawberry.field(description="The region.")


@strawberry.type(description="A page of regions.")
class RegionConnection:
    edges: list[RegionEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="A network in a page of networks.")
class NetworkConnectionEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Annotated[Network, strawberry.lazy(_T)] = strawberry.field(description="The network.")


@strawberry.type(description="A page of networks.")
class NetworkConnection:
    edges: list[NetworkConnectionEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="A Council of Europe body in a page of them.")
class CoeBodyEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Annotated[CoeBody, strawberry.lazy(_T)] = strawberry.field(description="The body.")


@strawberry.type(description="A page of Council of Europe bodies.")
class CoeBodyConnection:
    edges: list[CoeBodyEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="A theme in a page of themes.")
class ThemeEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Annotated[Theme, strawberry.lazy(_T)] = strawberry.field(description="The theme.")


@strawberry.type(description="A page of themes.")
class ThemeConnection:
    edges: list[ThemeEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="An action plan in a page of action plans.")
class ActionPlanEdge:
    cursor: str = strawberry.field(description=_CURSOR)
    node: Annotated[ActionPlan, strawberry.lazy(_T)] = strawberry.field(description="The action plan.")


@strawberry.type(description="A page of action plans.")
class ActionPlanConnection:
    edges: list[ActionPlanEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="What a participation records, whichever side it is seen from.")
class ParticipationFacts:
    cursor: str = strawberry.field(description=_CURSOR)
    key: str = strawberry.field(description="The participation's stable key.")
    role: ParticipationRole = strawberry.field(description="The organisation's role.")
    role_class: RoleClass = strawberry.field(description="PARTNERSHIP or STRUCTURAL (implementers, funders).")
    iati_role: int | None = strawberry.field(description="IATI Organisation Role code (1 funding, 4 implementing).")
    since: Date | None = strawberry.field(description="When the participation began.")
    until: Date | None = strawberry.field(description="When the participation ended.")
    dates_derived: bool | None = strawberry.field(
        description="True when since/until are the project's dates, the participation having none of its own."
    )
    share: float | None = strawberry.field(description="Share of the funding, when known (0 to 1).")
    amount_eur: float | None = strawberry.field(description="Amount in euros, when known.")
    sources: list[str] = strawberry.field(description="Source URLs (the project's when the record has none).")
    confidence: Confidence | None = strawberry.field(description="How sure the record is.")
    notes: list[str] = strawberry.field(description="Notes from the sources.")


@strawberry.type(description="An organisation taking part in a project or programme, with its role and dates.")
class ParticipantEdge(ParticipationFacts):
    node: Annotated[Organisation, strawberry.lazy(_T)] = strawberry.field(description="The organisation.")


@strawberry.type(description="A project an organisation takes part in, with its role and dates.")
class ParticipationEdge(ParticipationFacts):
    node: Annotated[Project, strawberry.lazy(_T)] = strawberry.field(description="The project.")


@strawberry.type(description="A programme an organisation takes part in, with its role and dates.")
class ProgrammeParticipationEdge(ParticipationFacts):
    node: Annotated[Programme, strawberry.lazy(_T)] = strawberry.field(description="The programme.")


@strawberry.type(description="A page of participants.")
class ParticipantConnection:
    edges: list[ParticipantEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="A page of project participations.")
class ParticipationConnection:
    edges: list[ParticipationEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="A page of programme participations.")
class ProgrammeParticipationConnection:
    edges: list[ProgrammeParticipationEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="What a network membership records, whichever side it is seen from.")
class MembershipFacts:
    cursor: str = strawberry.field(description=_CURSOR)
    key: str = strawberry.field(description="The membership's stable key.")
    membership_status: MembershipStatus = strawberry.field(description="How the organisation belongs.")
    evidence: str | None = strawberry.field(description="What shows the membership, as the sources say.")
    since: Date | None = strawberry.field(description="When the membership began.")
    until: Date | None = strawberry.field(description="When the membership ended.")
    sources: list[str] = strawberry.field(description="Source URLs (the network's).")
    confidence: Confidence | None = strawberry.field(description="How sure the record is.")
    notes: list[str] = strawberry.field(description="Notes from the sources.")


@strawberry.type(description="A member of a network, with its membership.")
class MemberEdge(MembershipFacts):
    node: Annotated[Organisation, strawberry.lazy(_T)] = strawberry.field(description="The member organisation.")


@strawberry.type(description="A network an organisation belongs to, with its membership.")
class MembershipEdge(MembershipFacts):
    node: Annotated[Network, strawberry.lazy(_T)] = strawberry.field(description="The network.")


@strawberry.type(description="A page of network members.")
class MemberConnection:
    edges: list[MemberEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)


@strawberry.type(description="A page of network memberships.")
class MembershipConnection:
    edges: list[MembershipEdge] = strawberry.field(description=_EDGES)
    page_info: PageInfo = strawberry.field(description=_PAGE)
    total_count: int = strawberry.field(description=_TOTAL)
