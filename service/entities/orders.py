"""Sort inputs: `orderBy: [{field: START_DATE, direction: DESC}]`; ties are broken by key, so order is stable."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from service.entities.enums import SortDirection

_FIELD = "The field to sort by."
_DIRECTION = "ASC (the default) or DESC; unknown values (null) sort last ascending and first descending."


@strawberry.enum(description="Fields projects sort by.")
class ProjectOrderField(StrEnum):
    KEY = "KEY"
    NAME = "NAME"
    TITLE = "TITLE"
    START_DATE = "START_DATE"
    END_DATE = "END_DATE"
    BUDGET_EUR = "BUDGET_EUR"
    STATUS = "STATUS"


@strawberry.enum(description="Fields programmes sort by.")
class ProgrammeOrderField(StrEnum):
    KEY = "KEY"
    NAME = "NAME"
    SHORT_NAME = "SHORT_NAME"
    START_DATE = "START_DATE"
    END_DATE = "END_DATE"
    BUDGET_EUR = "BUDGET_EUR"
    STATUS = "STATUS"


@strawberry.enum(description="Fields organisations sort by.")
class OrganisationOrderField(StrEnum):
    KEY = "KEY"
    NAME = "NAME"
    SHORT_NAME = "SHORT_NAME"
    KIND = "KIND"


@strawberry.enum(description="Fields countries sort by.")
class CountryOrderField(StrEnum):
    KEY = "KEY"
    NAME = "NAME"
    ISO2 = "ISO2"
    COE_MEMBER_SINCE = "COE_MEMBER_SINCE"


@strawberry.enum(description="Fields regions and themes sort by.")
class NameOrderField(StrEnum):
    KEY = "KEY"
    NAME = "NAME"


@strawberry.enum(description="Fields networks and Council of Europe bodies sort by.")
class AcronymOrderField(StrEnum):
    KEY = "KEY"
    NAME = "NAME"
    SHORT_NAME = "SHORT_NAME"


@strawberry.enum(description="Fields action plans sort by.")
class ActionPlanOrderField(StrEnum):
    KEY = "KEY"
    NAME = "NAME"
    ADOPTED = "ADOPTED"
    START_YEAR = "START_YEAR"
    BUDGET_EUR = "BUDGET_EUR"


@strawberry.enum(description="Fields participations sort by; NAME is the far organisation's, project's or programme's.")
class ParticipationOrderField(StrEnum):
    KEY = "KEY"
    ROLE = "ROLE"
    SINCE = "SINCE"
    UNTIL = "UNTIL"
    NAME = "NAME"


@strawberry.enum(description="Fields memberships sort by; NAME is the far organisation's or network's.")
class MembershipOrderField(StrEnum):
    KEY = "KEY"
    STATUS = "STATUS"
    SINCE = "SINCE"
    NAME = "NAME"


@strawberry.input(description="One sort key for projects.")
class ProjectOrder:
    field: ProjectOrderField = strawberry.field(description=_FIELD)
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One sort key for programmes.")
class ProgrammeOrder:
    field: ProgrammeOrderField = strawberry.field(description=_FIELD)
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One sort key for organisations.")
class OrganisationOrder:
    field: OrganisationOrderField = strawberry.field(description=_FIELD)
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One sort key for countries.")
class CountryOrder:
    field: CountryOrderField = strawberry.field(description=_FIELD)
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One sort key for regions or themes.")
class NameOrder:
    field: NameOrderField = strawberry.field(description=_FIELD)
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One sort key for networks or Council of Europe bodies.")
class AcronymOrder:
    field: AcronymOrderField = strawberry.field(description=_FIELD)
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One sort key for action plans.")
class ActionPlanOrder:
    field: ActionPlanOrderField = strawberry.field(description=_FIELD)
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One sort key for participations.")
class ParticipationOrder:
    field: ParticipationOrderField = strawberry.field(description=_FIELD)
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)


@strawberry.input(description="One sort key for memberships.")
class MembershipOrder:
    field: MembershipOrderField = strawberry.field(description=_FIELD)
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=_DIRECTION)
