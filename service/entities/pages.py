"""Argument signatures of the nested connection fields; the compiled statement answers them, not these bodies."""

from __future__ import annotations

from typing import Annotated

import strawberry

from service.entities.args import ORDER_BY, WHERE, After, Before, First, Last, compiled_only
from service.entities.connections import (
    MemberConnection,
    MembershipConnection,
    OrganisationConnection,
    ParticipantConnection,
    ParticipationConnection,
    ProgrammeParticipationConnection,
    ProjectConnection,
)
from service.entities.orders import MembershipOrder, OrganisationOrder, ParticipationOrder, ProjectOrder
from service.entities.wheres import (
    MembershipWhere,
    MemberWhere,
    OrganisationWhere,
    ParticipantWhere,
    ParticipationWhere,
    ProgrammeParticipationWhere,
    ProjectWhere,
)


def project_page(
    where: Annotated[ProjectWhere | None, strawberry.argument(description=WHERE)] = None,
    order_by: Annotated[list[ProjectOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> ProjectConnection:
    raise compiled_only()


def organisation_page(
    where: Annotated[OrganisationWhere | None, strawberry.argument(description=WHERE)] = None,
    order_by: Annotated[list[OrganisationOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> OrganisationConnection:
    raise compiled_only()


def participant_page(
    where: Annotated[ParticipantWhere | None, strawberry.argument(description=WHERE)] = None,
    order_by: Annotated[list[ParticipationOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> ParticipantConnection:
    raise compiled_only()


def participation_page(
    where: Annotated[ParticipationWhere | None, strawberry.argument(description=WHERE)] = None,
    order_by: Annotated[list[ParticipationOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> ParticipationConnection:
    raise compiled_only()


def programme_participation_page(
    where: Annotated[ProgrammeParticipationWhere | None, strawberry.argument(description=WHERE)] = None,
    order_by: Annotated[list[ParticipationOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> ProgrammeParticipationConnection:
    raise compiled_only()


def member_page(
    where: Annotated[MemberWhere | None, strawberry.argument(description=WHERE)] = None,
    order_by: Annotated[list[MembershipOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> MemberConnection:
    raise compiled_only()


def membership_page(
    where: Annotated[MembershipWhere | None, strawberry.argument(description=WHERE)] = None,
    order_by: Annotated[list[MembershipOrder] | None, strawberry.argument(description=ORDER_BY)] = None,
    first: First = None,
    after: After = None,
    last: Last = None,
    before: Before = None,
) -> MembershipConnection:
    raise compiled_only()
