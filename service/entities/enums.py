"""GraphQL enums of the graph model; values are stored in the graph exactly as named here (MODEL.md).

The closed value sets of the model are declared once, in service.seeding.models (the seed validator, the loaders and
the importers check against them); here they are exposed to GraphQL under their schema names, with descriptions.
Only the enums that exist for the API alone (sort direction, search kinds) are declared in this module.
"""

from __future__ import annotations

from enum import StrEnum

import strawberry

from service.seeding import models

strawberry.enum(models.Confidence, description="How sure the record is: HIGH when a cited source states it.")
strawberry.enum(models.ProjectStatus, description="Where a project or programme stands.")
strawberry.enum(
    models.DivisionAttribution,
    description="How firmly a project is attributed to the Co-operation Programmes Division.",
)
strawberry.enum(
    models.OrgKind,
    name="OrganisationKind",
    description="The kind of an organisation; each kind is a GraphQL type implementing Organisation.",
)
strawberry.enum(models.AuthorityKind, description="What kind of national authority an organisation is.")
strawberry.enum(models.GanhriStatus, description="GANHRI accreditation status of a national human rights institution.")
strawberry.enum(
    models.Role, name="ParticipationRole", description="The role an organisation plays in a project or programme."
)
strawberry.enum(
    models.RoleClass,
    description="PARTNERSHIP roles join partners; STRUCTURAL roles (implementers, funders) link hubs to everything.",
)
strawberry.enum(models.MembershipStatus, description="How an organisation belongs to a network.")

Confidence = models.Confidence
ProjectStatus = models.ProjectStatus
DivisionAttribution = models.DivisionAttribution
OrganisationKind = models.OrgKind
AuthorityKind = models.AuthorityKind
GanhriStatus = models.GanhriStatus
ParticipationRole = models.Role
RoleClass = models.RoleClass
MembershipStatus = models.MembershipStatus


@strawberry.enum(description="Sort direction; ties are always broken by key, ascending.")
class SortDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.enum(description="The kinds of entity full-text search can return.")
class EntityKind(StrEnum):
    PROJECT = "PROJECT"
    PROGRAMME = "PROGRAMME"
    ORGANISATION = "ORGANISATION"
    COUNTRY = "COUNTRY"
    REGION = "REGION"
    NETWORK = "NETWORK"
    COE_BODY = "COE_BODY"
    THEME = "THEME"
    ACTION_PLAN = "ACTION_PLAN"
