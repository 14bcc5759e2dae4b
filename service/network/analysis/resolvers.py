"""The `NetworkAnalysisQuery` root fields: country links, cross-border partners, brokers, gaps, suggestions, changes."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from service.core.context import Context
from service.network import inputs
from service.network.analysis import repository
from service.network.analysis.types import (
    BROKER_SCORE_DOC,
    BrokersResult,
    ChangesResult,
    CountryLinksResult,
    CrossBorderPartnersResult,
    GapKindEnum,
    GapsResult,
    SuggestedPartnersResult,
)
from service.network.models import GapKind
from service.network.types import NetworkRoleEnum, NodeKindEnum, kinds_in, roles_in

ROLES_DOC = (
    "Links to follow. Default: PARTNER, BENEFICIARY, CIVIL_SOCIETY_PARTNER and MEMBER (network memberships); "
    "structural roles (IMPLEMENTER, IMPLEMENTING_UNIT, FUNDER, CO_FUNDER) only when listed here."
)
AS_OF_DOC = "Only links active on this date (YYYY-MM-DD; YYYY or YYYY-MM mean their first day). Default: any date."
ORG_DOC = 'Global id ("Organisation:ba-moj") or seed id of an organisation.'
REGION_DOC = 'Only countries of this region (id such as "western_balkans", or "Region:<id>").'
COUNTRIES_DOC = f"Only these countries (ISO alpha-2 or Country:<id>; at most {inputs.MAX_COUNTRIES})."
TOP_DOC = f"How many to return (1..{inputs.MAX_TOP})."
ROWS_DOC = f"Row cap (default {inputs.DEFAULT_ROWS}, at most {inputs.MAX_ROWS}); see `truncated`."


def _optional_key(value: str | None, *, argument: str, label: str) -> str | None:
    return None if value is None else inputs.plain_key(value, argument=argument, label=label)


@strawberry.type
class NetworkAnalysisQuery:
    @strawberry.field(
        description=(
            "The country-by-country matrix of cross-border links: for each pair of countries, the projects, "
            "programmes and networks in which an actor of `kinds` in one and an actor of `partnerKinds` in the "
            "other take part (e.g. kinds: [NHRI], partnerKinds: [NATIONAL_AUTHORITY]), with counts and examples."
        )
    )
    async def country_links(
        self,
        info: Info[Context, None],
        kinds: Annotated[
            list[NodeKindEnum] | None,
            strawberry.argument(description="Organisation kinds of the row actors. Default: every kind."),
        ] = None,
        partner_kinds: Annotated[
            list[NodeKindEnum] | None,
            strawberry.argument(description="Organisation kinds of the column actors. Default: the same as kinds."),
        ] = None,
        region: Annotated[str | None, strawberry.argument(description=REGION_DOC)] = None,
        countries: Annotated[list[str] | None, strawberry.argument(description=COUNTRIES_DOC)] = None,
        programme: Annotated[
            str | None,
            strawberry.argument(
                description="Only links through this programme or its projects (id or Programme:<id>)."
            ),
        ] = None,
        from_: Annotated[
            str | None,
            strawberry.argument(name="from", description="Only links active at some time on or after this date."),
        ] = None,
        until: Annotated[
            str | None, strawberry.argument(description="Only links active at some time on or before this date.")
        ] = None,
        roles: Annotated[list[NetworkRoleEnum] | None, strawberry.argument(description=ROLES_DOC)] = None,
        as_of: Annotated[str | None, strawberry.argument(description=AS_OF_DOC)] = None,
    ) -> CountryLinksResult:
        ctx = info.context
        answer = await repository.list_country_links(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            links=inputs.link_filter(roles_in(roles), as_of),
            kinds=kinds_in(kinds),
            partner_kinds=kinds_in(partner_kinds),
            region=_optional_key(region, argument="region", label="Region"),
            countries=inputs.check_countries(countries, argument="countries"),
            programme=_optional_key(programme, argument="programme", label="Programme"),
            period_from=inputs.check_date(from_, argument="from"),
            period_until=inputs.check_date(until, argument="until", end=True),
            can_see_sensitive=ctx.can_see_sensitive,
        )
        return CountryLinksResult.from_domain(answer)

    @strawberry.field(
        description=(
            "Institutions in other countries that share a project, programme or network with the given "
            "organisation, with what links them and each side's roles."
        )
    )
    async def cross_border_partners(
        self,
        info: Info[Context, None],
        org: Annotated[strawberry.ID, strawberry.argument(description=ORG_DOC)],
        countries: Annotated[
            list[str] | None, strawberry.argument(description="Only partners located in these countries.")
        ] = None,
        roles: Annotated[list[NetworkRoleEnum] | None, strawberry.argument(description=ROLES_DOC)] = None,
        as_of: Annotated[str | None, strawberry.argument(description=AS_OF_DOC)] = None,
        limit: Annotated[int, strawberry.argument(description=ROWS_DOC)] = inputs.DEFAULT_ROWS,
    ) -> CrossBorderPartnersResult:
        ctx = info.context
        answer = await repository.list_cross_border_partners(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            org=inputs.plain_key(org, argument="org", label="Organisation"),
            countries=inputs.check_countries(countries, argument="countries"),
            links=inputs.link_filter(roles_in(roles), as_of),
            cap=limit,
            can_see_sensitive=ctx.can_see_sensitive,
        )
        return CrossBorderPartnersResult.from_domain(answer)

    @strawberry.field(description="The organisations that bridge the most countries. " + BROKER_SCORE_DOC)
    async def brokers(
        self,
        info: Info[Context, None],
        region: Annotated[str | None, strawberry.argument(description=REGION_DOC)] = None,
        countries: Annotated[list[str] | None, strawberry.argument(description=COUNTRIES_DOC)] = None,
        kinds: Annotated[
            list[NodeKindEnum] | None,
            strawberry.argument(description="Organisation kinds to rank. Default: every kind."),
        ] = None,
        top: Annotated[int, strawberry.argument(description=TOP_DOC)] = inputs.DEFAULT_TOP,
        roles: Annotated[list[NetworkRoleEnum] | None, strawberry.argument(description=ROLES_DOC)] = None,
        as_of: Annotated[str | None, strawberry.argument(description=AS_OF_DOC)] = None,
    ) -> BrokersResult:
        ctx = info.context
        answer = await repository.list_brokers(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            region=_optional_key(region, argument="region", label="Region"),
            countries=inputs.check_countries(countries, argument="countries"),
            kinds=kinds_in(kinds),
            top=top,
            links=inputs.link_filter(roles_in(roles), as_of),
            can_see_sensitive=ctx.can_see_sensitive,
        )
        return BrokersResult.from_domain(answer)

    @strawberry.field(
        description=(
            "Structural holes around one country: NHRIs sharing no project with civil society, authorities whose "
            "projects have no NHRI partner, and same-kind institutions in neighbouring countries working on the "
            "same themes but never linked. Each gap has a kind, its evidence and an explanation."
        )
    )
    async def gaps(
        self,
        info: Info[Context, None],
        country: Annotated[str, strawberry.argument(description="ISO alpha-2 code (or Country:<id>) to examine.")],
        kinds: Annotated[
            list[GapKindEnum] | None, strawberry.argument(description="Kinds of gap to look for. Default: all.")
        ] = None,
        roles: Annotated[list[NetworkRoleEnum] | None, strawberry.argument(description=ROLES_DOC)] = None,
        as_of: Annotated[str | None, strawberry.argument(description=AS_OF_DOC)] = None,
        limit: Annotated[int, strawberry.argument(description=ROWS_DOC)] = inputs.DEFAULT_ROWS,
    ) -> GapsResult:
        ctx = info.context
        answer = await repository.list_gaps(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            country=inputs.plain_key(country, argument="country", label="Country").upper(),
            kinds=None if kinds is None else [GapKind(k.name) for k in kinds],
            links=inputs.link_filter(roles_in(roles), as_of),
            cap=limit,
            can_see_sensitive=ctx.can_see_sensitive,
        )
        return GapsResult.from_domain(answer)

    @strawberry.field(
        description=(
            "Institutions abroad the organisation is not linked with yet but could be: partners of its partners "
            "(common neighbours) and institutions of the same kind working on its themes (up to "
            f"{inputs.CANDIDATES_PER_THEME} per theme), ranked by score, each with a reason and the evidence."
        )
    )
    async def suggested_partners(
        self,
        info: Info[Context, None],
        org: Annotated[strawberry.ID, strawberry.argument(description=ORG_DOC)],
        top: Annotated[int, strawberry.argument(description=TOP_DOC)] = inputs.DEFAULT_TOP,
        roles: Annotated[list[NetworkRoleEnum] | None, strawberry.argument(description=ROLES_DOC)] = None,
        as_of: Annotated[str | None, strawberry.argument(description=AS_OF_DOC)] = None,
    ) -> SuggestedPartnersResult:
        ctx = info.context
        answer = await repository.list_suggested_partners(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            org=inputs.plain_key(org, argument="org", label="Organisation"),
            top=top,
            links=inputs.link_filter(roles_in(roles), as_of),
            can_see_sensitive=ctx.can_see_sensitive,
        )
        return SuggestedPartnersResult.from_domain(answer)

    @strawberry.field(
        description="Participations and memberships that began (since) or ended (until) between two dates."
    )
    async def changes(
        self,
        info: Info[Context, None],
        from_: Annotated[str, strawberry.argument(name="from", description="First day of the period (YYYY-MM-DD).")],
        to: Annotated[str, strawberry.argument(description="Last day of the period (YYYY-MM-DD), inclusive.")],
        roles: Annotated[list[NetworkRoleEnum] | None, strawberry.argument(description=ROLES_DOC)] = None,
        countries: Annotated[
            list[str] | None, strawberry.argument(description="Only organisations located in these countries.")
        ] = None,
        limit: Annotated[int, strawberry.argument(description=ROWS_DOC)] = inputs.DEFAULT_ROWS,
    ) -> ChangesResult:
        ctx = info.context
        start = inputs.check_date(from_, argument="from")
        end = inputs.check_date(to, argument="to", end=True)
        assert start is not None
        assert end is not None
        answer = await repository.list_changes(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            period_from=start,
            period_until=end,
            countries=inputs.check_countries(countries, argument="countries"),
            links=inputs.link_filter(roles_in(roles), None),
            cap=limit,
            can_see_sensitive=ctx.can_see_sensitive,
        )
        return ChangesResult.from_domain(answer)
