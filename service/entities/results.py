"""Search hits and statistics: the read API's answers that are not nodes."""

from __future__ import annotations

import strawberry

from service.entities.types import Entity


@strawberry.type(description="One full-text search result.")
class SearchHit:
    score: float = strawberry.field(description="Relevance; hits come best first.")
    node: Entity = strawberry.field(description="The matching entity; ask for its fields with `... on Type`.")


@strawberry.type(description="One group of a breakdown, largest first (ties by key).")
class StatBucket:
    key: str = strawberry.field(description="What the group is: a key (BA, prog-hf2) or a value (ACTIVE, 2019).")
    label: str = strawberry.field(description="A readable name for the group.")
    count: int = strawberry.field(description="How many of the counted things fall in the group.")
    budget_eur: float | None = strawberry.field(
        description="Sum of the known budgets in the group (null where budgets do not apply)."
    )


_BY = "Matching projects grouped by "
_SPREAD = "; a project in several counts in each."


@strawberry.type(description="Counts and budget sums over the projects matching a filter.")
class ProjectStats:
    count: int = strawberry.field(description="How many projects match.")
    budget_eur: float = strawberry.field(description="Sum of their known budgets (projects without one add 0).")
    by_status: list[StatBucket] = strawberry.field(description=_BY + "status.")
    by_year: list[StatBucket] = strawberry.field(description=_BY + "start year (UNKNOWN when not known).")
    by_country: list[StatBucket] = strawberry.field(description=_BY + "country" + _SPREAD)
    by_region: list[StatBucket] = strawberry.field(description=_BY + "region" + _SPREAD)
    by_programme: list[StatBucket] = strawberry.field(description=_BY + "programme" + _SPREAD)
    by_theme: list[StatBucket] = strawberry.field(description=_BY + "theme" + _SPREAD)
    by_role: list[StatBucket] = strawberry.field(
        description="Projects with at least one participant in each role (budgetEur null)."
    )


@strawberry.type(description="Counts over the organisations matching a filter.")
class OrganisationStats:
    count: int = strawberry.field(description="How many organisations match.")
    by_kind: list[StatBucket] = strawberry.field(description="Grouped by kind.")
    by_country: list[StatBucket] = strawberry.field(description="Grouped by the country they are located in.")
    by_region: list[StatBucket] = strawberry.field(description="Grouped by the regions of their country.")
    by_role: list[StatBucket] = strawberry.field(
        description="Organisations with at least one participation in each role."
    )
