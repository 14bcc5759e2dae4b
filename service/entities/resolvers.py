"""Root fields of the read API; each is answered by one compiled Cypher statement (service/api/compiler)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from service.api.compiled import run_compiled_field
from service.api.context import Context
from service.entities.args import ORDER_BY, After, Before, First, Last
from service.entities.connections import (
    ActionPlanConnection,
    CoeBodyConnection,
    CountryConnection,
    NetworkConnection,
    OrganisationConnection,
    ProgrammeConnection,
    ProjectConnection,
    RegionConnection,
    ThemeConnection,
)
from service.entities.enums import EntityKind
from service.entities.orders import (
    AcronymOrder,
    ActionPlanOrder,
    CountryOrder,
    NameOrder,
    OrganisationOrder,
    ProgrammeOrder,
    ProjectOrder,
)
from service.entities.results import OrganisationStats, ProjectStats, SearchHit
from service.entities.types import (
    ActionPlan,
    CoeBody,
    Country,
    Network,
    Node,
    Organisation,
    Programme,
    Project,
    Region,
    Theme,
)
from service.entities.wheres import (
    ActionPlanWhere,
    CoeBodyWhere,
    CountryWhere,
    NetworkWhere,
    OrganisationWhere,
    ProgrammeWhere,
    ProjectWhere,
    RegionWhere,
    ThemeWhere,
)

_WHERE = "Only items matching these conditions."


async def answer(info: Info[Context, None]) -> Any:
    """The compiled statement's value for the resolver's root field."""
    # Strawberry's Info does not expose the AST; graphql-core's resolve info (its `_raw_info`) does.
    raw = info._raw_info
    return await run_compiled_field(
        raw.schema, raw.field_nodes, raw.fragments, raw.variable_values, info.context, typename_hints=True
    )


@strawberry.type
class EntityQuery:
    @strawberry.field(description="Projects, filtered, sorted and a page at a time.")
    async def projects(
        self,
        info: Info[Context, None],
        where: Annotated[ProjectWhere | None, strawberry.argument(description=_WHERE)] = None,
        order_by: Annotated[list[ProjectOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ProjectConnection:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Organisations of every kind, filtered, sorted and a page at a time.")
    async def organisations(
        self,
        info: Info[Context, None],
        where: Annotated[OrganisationWhere | None, strawberry.argument(description=_WHERE)] = None,
        order_by: Annotated[list[OrganisationOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> OrganisationConnection:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Countries, filtered, sorted and a page at a time.")
    async def countries(
        self,
        info: Info[Context, None],
        where: Annotated[CountryWhere | None, strawberry.argument(description=_WHERE)] = None,
        order_by: Annotated[list[CountryOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> CountryConnection:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Regions, filtered, sorted and a page at a time.")
    async def regions(
        self,
        info: Info[Context, None],
        where: Annotated[RegionWhere | None, strawberry.argument(description=_WHERE)] = None,
        order_by: Annotated[list[NameOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> RegionConnection:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Programmes, filtered, sorted and a page at a time.")
    async def programmes(
        self,
        info: Info[Context, None],
        where: Annotated[ProgrammeWhere | None, strawberry.argument(description=_WHERE)] = None,
        order_by: Annotated[list[ProgrammeOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ProgrammeConnection:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Networks, filtered, sorted and a page at a time.")
    async def networks(
        self,
        info: Info[Context, None],
        where: Annotated[NetworkWhere | None, strawberry.argument(description=_WHERE)] = None,
        order_by: Annotated[list[AcronymOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> NetworkConnection:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Council of Europe bodies, filtered, sorted and a page at a time.")
    async def coe_bodies(
        self,
        info: Info[Context, None],
        where: Annotated[CoeBodyWhere | None, strawberry.argument(description=_WHERE)] = None,
        order_by: Annotated[list[AcronymOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> CoeBodyConnection:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Themes, filtered, sorted and a page at a time.")
    async def themes(
        self,
        info: Info[Context, None],
        where: Annotated[ThemeWhere | None, strawberry.argument(description=_WHERE)] = None,
        order_by: Annotated[list[NameOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ThemeConnection:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Action plans, filtered, sorted and a page at a time.")
    async def action_plans(
        self,
        info: Info[Context, None],
        where: Annotated[ActionPlanWhere | None, strawberry.argument(description=_WHERE)] = None,
        order_by: Annotated[list[ActionPlanOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> ActionPlanConnection:
        return await answer(info)  # type: ignore[no-any-return]


_ID = Annotated[strawberry.ID, strawberry.argument(description='Global id ("Project:x") or plain key ("x").')]
_NULL = " Null when there is none (or the caller may not see it)."


@strawberry.type
class LookupQuery:
    @strawberry.field(description="The project with this id." + _NULL)
    async def project(self, info: Info[Context, None], id: _ID) -> Project | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(
        description="The organisation with this id, or with this acronym when exactly one has it." + _NULL
    )
    async def organisation(
        self,
        info: Info[Context, None],
        id: Annotated[
            strawberry.ID | None, strawberry.argument(description='Global id ("Organisation:x") or plain key.')
        ] = None,
        acronym: Annotated[str | None, strawberry.argument(description="The acronym, exactly, e.g. ENNHRI.")] = None,
    ) -> Organisation | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="The country with this ISO code." + _NULL)
    async def country(
        self,
        info: Info[Context, None],
        code: Annotated[str, strawberry.argument(description="ISO alpha-2 or alpha-3 code, any case (ba, BIH).")],
    ) -> Country | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="The region with this id." + _NULL)
    async def region(self, info: Info[Context, None], id: _ID) -> Region | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="The programme with this id." + _NULL)
    async def programme(self, info: Info[Context, None], id: _ID) -> Programme | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="The network with this id." + _NULL)
    async def network(self, info: Info[Context, None], id: _ID) -> Network | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="The Council of Europe body with this id." + _NULL)
    async def coe_body(self, info: Info[Context, None], id: _ID) -> CoeBody | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="The theme with this id." + _NULL)
    async def theme(self, info: Info[Context, None], id: _ID) -> Theme | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="The action plan with this id." + _NULL)
    async def action_plan(self, info: Info[Context, None], id: _ID) -> ActionPlan | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="The object with this global id (Relay)." + _NULL)
    async def node(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description='Global id, e.g. "Organisation:ba-moj".')],
    ) -> Node | None:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="The objects with these global ids, in the same order; null where none.")
    async def nodes(
        self,
        info: Info[Context, None],
        ids: Annotated[list[strawberry.ID], strawberry.argument(description="Global ids (at most 100).")],
    ) -> list[Node | None]:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(
        description="Full-text search over names, titles, acronyms and other names; case and diacritics are "
        "folded (Turkiye finds Türkiye), words match whole or as prefixes, best hits first."
    )
    async def search(
        self,
        info: Info[Context, None],
        text: Annotated[str, strawberry.argument(description="Words to find (all must match).")],
        kinds: Annotated[
            list[EntityKind] | None, strawberry.argument(description="Only these kinds of entity (default: all).")
        ] = None,
        first: Annotated[int, strawberry.argument(description="At most this many hits (at most 100).")] = 20,
    ) -> list[SearchHit]:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Counts and budget sums of the projects matching a filter.")
    async def project_stats(
        self,
        info: Info[Context, None],
        where: Annotated[ProjectWhere | None, strawberry.argument(description="Only these projects.")] = None,
    ) -> ProjectStats:
        return await answer(info)  # type: ignore[no-any-return]

    @strawberry.field(description="Counts of the organisations matching a filter.")
    async def organisation_stats(
        self,
        info: Info[Context, None],
        where: Annotated[OrganisationWhere | None, strawberry.argument(description="Only these organisations.")] = None,
    ) -> OrganisationStats:
        return await answer(info)  # type: ignore[no-any-return]
