"""The `NetworkQuery` root fields: each parses its arguments, makes one repository call, returns its type."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from service.core.context import Context
from service.network import inputs, repository
from service.network.analysis.resolvers import NetworkAnalysisQuery
from service.network.models import LinkType
from service.network.types import (
    LinkTypeEnum,
    Neighbourhood,
    NetworkRoleEnum,
    NodeKindEnum,
    PathResult,
    SharedPartnersResult,
    kinds_in,
    roles_in,
)

ROLES_DOC = (
    "Links to follow. Default: PARTNER, BENEFICIARY, CIVIL_SOCIETY_PARTNER and MEMBER (network memberships); "
    "structural roles (IMPLEMENTER, IMPLEMENTING_UNIT, FUNDER, CO_FUNDER) only when listed here."
)
AS_OF_DOC = "Only links active on this date (YYYY-MM-DD; YYYY or YYYY-MM mean their first day). Default: any date."
LIMIT_DOC = f"Node cap (default {inputs.DEFAULT_NODE_CAP}, at most {inputs.MAX_NODE_CAP}); see `truncated`."
NEIGHBOURHOOD_LIMIT_DOC = (
    f"Node cap: the centre plus at most this many nodes, nearest first (default {inputs.DEFAULT_NODE_CAP}, "
    f"at most {inputs.MAX_NODE_CAP}); see `truncated`."
)


@strawberry.type
class NetworkPathQuery:
    @strawberry.field(
        description=(
            "The shortest path(s) between two entities (organisations, projects, programmes, networks) over "
            "participations and network memberships; a hop is one relationship, so two organisations in one "
            "project are 2 hops apart. Paths never pass through organisations the caller may not see."
        )
    )
    async def path(
        self,
        info: Info[Context, None],
        from_: Annotated[
            strawberry.ID,
            strawberry.argument(name="from", description='Global id ("Organisation:md-peoples-advocate") or seed id.'),
        ],
        to: Annotated[strawberry.ID, strawberry.argument(description="Global id or seed id of the other endpoint.")],
        max_hops: Annotated[
            int, strawberry.argument(description=f"Longest path in relationships (1..{inputs.MAX_PATH_HOPS}).")
        ] = inputs.DEFAULT_PATH_HOPS,
        k: Annotated[
            int, strawberry.argument(description=f"Number of shortest paths to return (1..{inputs.MAX_PATHS}).")
        ] = 1,
        via: Annotated[
            list[LinkTypeEnum] | None,
            strawberry.argument(description="Relationship types to walk. Default: PARTICIPATES_IN and MEMBER_OF."),
        ] = None,
        roles: Annotated[list[NetworkRoleEnum] | None, strawberry.argument(description=ROLES_DOC)] = None,
        avoid_countries: Annotated[
            list[str] | None,
            strawberry.argument(
                description=(
                    "ISO alpha-2 codes: intermediate organisations located there, and projects or programmes run "
                    "only there, are not passed through."
                )
            ),
        ] = None,
        as_of: Annotated[str | None, strawberry.argument(description=AS_OF_DOC)] = None,
    ) -> PathResult:
        ctx = info.context
        links = inputs.link_filter(roles_in(roles), as_of, via=None if via is None else [LinkType(v.name) for v in via])
        answer = await repository.get_paths(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            start=inputs.parse_ref(from_, argument="from"),
            end=inputs.parse_ref(to, argument="to"),
            links=links,
            max_hops=max_hops,
            k=k,
            avoid_countries=inputs.check_countries(avoid_countries, argument="avoidCountries"),
            can_see_sensitive=ctx.can_see_sensitive,
        )
        return PathResult.from_domain(answer)

    @strawberry.field(
        description=(
            "The ego network of an entity: every node within `hops` relationships over followed links, nearest "
            "first, with the links among them, ready to draw. Capped at `limit` nodes (`truncated` says so)."
        )
    )
    async def neighbourhood(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Global id or seed id of the centre.")],
        hops: Annotated[
            int,
            strawberry.argument(
                description=(
                    f"Relationship hops from the centre (1..{inputs.MAX_NEIGHBOURHOOD_HOPS}); 2 reaches an "
                    "organisation's partners through its projects and networks."
                )
            ),
        ] = inputs.DEFAULT_NEIGHBOURHOOD_HOPS,
        kinds: Annotated[
            list[NodeKindEnum] | None,
            strawberry.argument(
                description=(
                    "Node kinds to include and walk through. Organisation kinds and connector kinds (PROJECT, "
                    "PROGRAMME, NETWORK) each default to all when none of them is listed."
                )
            ),
        ] = None,
        roles: Annotated[list[NetworkRoleEnum] | None, strawberry.argument(description=ROLES_DOC)] = None,
        as_of: Annotated[str | None, strawberry.argument(description=AS_OF_DOC)] = None,
        limit: Annotated[int, strawberry.argument(description=NEIGHBOURHOOD_LIMIT_DOC)] = inputs.DEFAULT_NODE_CAP,
    ) -> Neighbourhood:
        ctx = info.context
        graph = await repository.get_neighbourhood(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            center=inputs.parse_ref(id, argument="id"),
            links=inputs.link_filter(roles_in(roles), as_of),
            hops=hops,
            kinds=kinds_in(kinds),
            cap=limit,
            can_see_sensitive=ctx.can_see_sensitive,
        )
        return Neighbourhood.from_domain(graph)

    @strawberry.field(
        description=(
            "What links 2 to 10 actors: the projects, programmes and networks they share (direct) and the "
            "organisations that are partners of each of them through some project or network, ranked by how "
            "many of the actors they link."
        )
    )
    async def shared_partners(
        self,
        info: Info[Context, None],
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(
                description=f"{inputs.MIN_SHARED_IDS} to {inputs.MAX_SHARED_IDS} global ids or seed ids."
            ),
        ],
        min_shared: Annotated[
            int | None,
            strawberry.argument(description="Least number of the actors a result must link (2..size of ids; all)."),
        ] = None,
        kinds: Annotated[
            list[NodeKindEnum] | None,
            strawberry.argument(description="Kinds of shared nodes to return. Default: all."),
        ] = None,
        roles: Annotated[list[NetworkRoleEnum] | None, strawberry.argument(description=ROLES_DOC)] = None,
        as_of: Annotated[str | None, strawberry.argument(description=AS_OF_DOC)] = None,
        limit: Annotated[int, strawberry.argument(description=LIMIT_DOC)] = inputs.DEFAULT_NODE_CAP,
    ) -> SharedPartnersResult:
        ctx = info.context
        answer = await repository.list_shared_partners(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            actors=[inputs.parse_ref(i, argument="ids") for i in ids],
            links=inputs.link_filter(roles_in(roles), as_of),
            min_shared=min_shared,
            kinds=kinds_in(kinds),
            cap=limit,
            can_see_sensitive=ctx.can_see_sensitive,
        )
        return SharedPartnersResult.from_domain(answer)


# The root classes service/api/schema.py merges into Query.
NETWORK_QUERIES: tuple[type, ...] = (NetworkPathQuery, NetworkAnalysisQuery)
