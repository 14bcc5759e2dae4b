"""Strawberry output types of mutations: the changed object as the write left it, and the payloads."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any, TypeVar

import strawberry

from service.entities.enums import (
    AuthorityKind,
    Confidence,
    DivisionAttribution,
    GanhriStatus,
    MembershipStatus,
    OrganisationKind,
    ParticipationRole,
    ProjectStatus,
    RoleClass,
)
from service.mutations.describe import describe_module
from service.mutations.models import ChangeEntity, EntityKind, LinkKind, Outcome, global_id

# The enums of the read API (service/entities/enums.py) are shared; the structural link kinds are ours.
strawberry.enum(LinkKind, name="LinkKind", description="A structural link: SOURCE_RELATIONSHIP_TARGET (MODEL.md).")

T = TypeVar("T")

# Properties whose stored string becomes a GraphQL enum value, per output type.
_ENUMS: dict[str, dict[str, type[Enum]]] = {}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def from_props(cls: type[T], gid: str, props: dict[str, Any]) -> T:
    """Build an output type from stored properties (camelCase names, as in the graph); `key` is the id
    without its type prefix, as in the read API."""
    enums = _ENUMS.get(cls.__name__, {})
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]  # strawberry types are dataclasses
        if f.name == "id":
            values["id"] = strawberry.ID(gid)
            continue
        if f.name == "key":
            values["key"] = gid.split(":", 1)[1] if ":" in gid else gid
            continue
        value = props.get(_camel(f.name))
        if f.name in enums and value is not None:
            value = enums[f.name](value)
        elif value is None and f.name in ("sources", "notes", "alt_names"):
            value = []
        values[f.name] = value
    return cls(**values)


@strawberry.interface(description="Audit fields of every node and relationship written through the API.")
class Audited:
    version: int | None = strawberry.field(description="+1 on every change; send it back as expectedVersion.")
    created_at: str | None = strawberry.field(description="When it was created (ISO 8601, UTC).")
    updated_at: str | None = strawberry.field(description="When it last changed (ISO 8601, UTC).")
    updated_by: str | None = strawberry.field(description="Who changed it last (a token's name, or seed-loader).")


@strawberry.type(description="A region as an edit left it.")
class EditedRegion(Audited):
    id: strawberry.ID
    key: str
    name: str
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="A theme as an edit left it.")
class EditedTheme(Audited):
    id: strawberry.ID
    key: str
    name: str
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="A country as an edit left it.")
class EditedCountry(Audited):
    id: strawberry.ID
    key: str
    name: str
    iso2: str
    iso3: str | None
    alt_names: list[str]
    coe_member: bool | None
    coe_member_since: str | None
    coe_field_office: str | None
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="A programme as an edit left it.")
class EditedProgramme(Audited):
    id: strawberry.ID
    key: str
    name: str
    short_name: str | None
    type: str | None
    start_date: str | None
    start_date_precision: str | None
    end_date: str | None
    end_date_precision: str | None
    budget_eur: float | None
    status: ProjectStatus | None
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="A project as an edit left it.")
class EditedProject(Audited):
    id: strawberry.ID
    key: str
    name: str
    title: str
    status: ProjectStatus | None
    iati_status: int | None
    start_date: str | None
    start_date_precision: str | None
    end_date: str | None
    end_date_precision: str | None
    budget_eur: float | None
    division_attribution: DivisionAttribution | None
    implementing_unit: str | None
    jp_code: str | None
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="An action plan as an edit left it.")
class EditedActionPlan(Audited):
    id: strawberry.ID
    key: str
    name: str
    adopted: str | None
    start_year: int | None
    end_year: int | None
    budget_eur: float | None
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="A Council of Europe body as an edit left it.")
class EditedCoeBody(Audited):
    id: strawberry.ID
    key: str
    name: str
    short_name: str | None
    role: str | None
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="A network as an edit left it.")
class EditedNetwork(Audited):
    id: strawberry.ID
    key: str
    name: str
    short_name: str | None
    type: str | None
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="An organisation as an edit left it.")
class EditedOrganisation(Audited):
    id: strawberry.ID
    key: str
    name: str
    short_name: str | None
    kind: OrganisationKind
    category: str | None
    iati_org_type: int | None
    sensitive: bool | None
    authority_kind: AuthorityKind | None
    ganhri_status: GanhriStatus | None
    ganhri_status_as_of: str | None
    npm_mandate: bool | None
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="A participation of an organisation in a project or programme, as an edit left it.")
class EditedParticipation(Audited):
    id: strawberry.ID
    key: str
    organisation_id: strawberry.ID
    target_id: strawberry.ID = strawberry.field(description="Global id of the Project or Programme.")
    role: ParticipationRole
    role_class: RoleClass
    iati_role: int | None
    since: str | None
    until: str | None
    dates_derived: bool | None = strawberry.field(description="True when the dates are the project's own.")
    share: float | None
    amount_eur: float | None
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="A membership of an organisation in a network, as an edit left it.")
class EditedMembership(Audited):
    id: strawberry.ID
    key: str
    organisation_id: strawberry.ID
    network_id: strawberry.ID
    membership_status: MembershipStatus
    evidence: str | None
    since: str | None
    until: str | None
    sources: list[str]
    confidence: Confidence | None
    notes: list[str]


@strawberry.type(description="A structural link between two entities.")
class EditedLink(Audited):
    id: strawberry.ID = strawberry.field(description="`<sourceId>|<RELATIONSHIP>|<targetId>`, as in the audit log.")
    key: str
    kind: LinkKind
    source_id: strawberry.ID
    target_id: strawberry.ID


_ENUMS.update(
    {
        "EditedRegion": {"confidence": Confidence},
        "EditedTheme": {"confidence": Confidence},
        "EditedCountry": {"confidence": Confidence},
        "EditedProgramme": {"confidence": Confidence, "status": ProjectStatus},
        "EditedProject": {
            "confidence": Confidence,
            "status": ProjectStatus,
            "division_attribution": DivisionAttribution,
        },
        "EditedActionPlan": {"confidence": Confidence},
        "EditedCoeBody": {"confidence": Confidence},
        "EditedNetwork": {"confidence": Confidence},
        "EditedOrganisation": {
            "confidence": Confidence,
            "kind": OrganisationKind,
            "authority_kind": AuthorityKind,
            "ganhri_status": GanhriStatus,
        },
        "EditedParticipation": {"confidence": Confidence, "role": ParticipationRole, "role_class": RoleClass},
        "EditedMembership": {"confidence": Confidence, "membership_status": MembershipStatus},
        "EditedLink": {"kind": LinkKind},
    }
)

EDITED_TYPES: dict[EntityKind, type] = {
    EntityKind.REGION: EditedRegion,
    EntityKind.THEME: EditedTheme,
    EntityKind.COUNTRY: EditedCountry,
    EntityKind.PROGRAMME: EditedProgramme,
    EntityKind.PROJECT: EditedProject,
    EntityKind.ACTION_PLAN: EditedActionPlan,
    EntityKind.COE_BODY: EditedCoeBody,
    EntityKind.NETWORK: EditedNetwork,
    EntityKind.ORGANISATION: EditedOrganisation,
}


def edited_entity(kind: EntityKind, outcome: Outcome) -> Any:
    """The Edited<Kind> of a create or update outcome."""
    assert outcome.props is not None  # creates and updates return the object
    return from_props(EDITED_TYPES[kind], global_id(kind, outcome.id), outcome.props)


def edited_participation(outcome: Outcome) -> EditedParticipation:
    """EditedParticipation from a participation outcome (ends as global ids)."""
    props = dict(outcome.props or {})
    props["organisationId"] = f"Organisation:{props['organisationId']}"
    props["targetId"] = f"{props['targetType']}:{props['targetId']}"
    return from_props(EditedParticipation, global_id(ChangeEntity.PARTICIPATION, outcome.id), props)


def edited_membership(outcome: Outcome) -> EditedMembership:
    """EditedMembership from a membership outcome (ends as global ids)."""
    props = dict(outcome.props or {})
    props["organisationId"] = f"Organisation:{props['organisationId']}"
    props["networkId"] = f"Network:{props['targetId']}"
    return from_props(EditedMembership, global_id(ChangeEntity.MEMBERSHIP, outcome.id), props)


def edited_link(outcome: Outcome) -> EditedLink:
    """EditedLink from a link outcome (ends as global ids)."""
    props = dict(outcome.props or {})
    kind = LinkKind(props["kind"])
    p = kind.pattern
    props["sourceId"] = global_id(p.source, props["sourceId"])
    props["targetId"] = global_id(p.target, props["targetId"])
    return from_props(EditedLink, outcome.id, props)


# -- payloads -------------------------------------------------------------------------------------------------------


@strawberry.interface(description="What every mutation answers besides the changed object.")
class MutationPayload:
    change_seq: int = strawberry.field(
        description="Sequence number of the (last) change-log entry this mutation wrote; graphChanged delivers it."
    )
    replayed: bool = strawberry.field(
        description="True when an earlier request with the same idempotency key already applied this change."
    )


@strawberry.type
class RegionPayload(MutationPayload):
    region: EditedRegion


@strawberry.type
class ThemePayload(MutationPayload):
    theme: EditedTheme


@strawberry.type
class CountryPayload(MutationPayload):
    country: EditedCountry


@strawberry.type
class ProgrammePayload(MutationPayload):
    programme: EditedProgramme


@strawberry.type
class ProjectPayload(MutationPayload):
    project: EditedProject


@strawberry.type
class ActionPlanPayload(MutationPayload):
    action_plan: EditedActionPlan


@strawberry.type
class CoeBodyPayload(MutationPayload):
    coe_body: EditedCoeBody


@strawberry.type
class NetworkPayload(MutationPayload):
    network: EditedNetwork


@strawberry.type
class OrganisationPayload(MutationPayload):
    organisation: EditedOrganisation


@strawberry.type
class ParticipationPayload(MutationPayload):
    participation: EditedParticipation


@strawberry.type
class MembershipPayload(MutationPayload):
    membership: EditedMembership


@strawberry.type
class LinkPayload(MutationPayload):
    link: EditedLink


@strawberry.type(description="A bulk link change: how many links were added and removed, all in one transaction.")
class BulkLinksPayload(MutationPayload):
    added: int
    removed: int


@strawberry.type(description="A deleted entity or record: its global id (it can no longer be read).")
class DeletePayload(MutationPayload):
    deleted_id: strawberry.ID


describe_module(globals())
