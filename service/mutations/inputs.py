"""Strawberry input types of mutations; `input_values` turns one into stored-property names and plain values."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

import strawberry
from strawberry.types.unset import UnsetType

from service.entities.enums import (
    AuthorityKind,
    Confidence,
    DivisionAttribution,
    GanhriStatus,
    MembershipStatus,
    OrganisationKind,
    ParticipationRole,
    ProjectStatus,
)
from service.mutations import types as _types  # noqa: F401  # registers LinkKind as a GraphQL enum
from service.mutations.describe import describe_module
from service.mutations.models import LinkKind

UNSET: Any = strawberry.UNSET
_DATE = "A date YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known (precision is kept)."


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def input_values(obj: Any, *, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The fields a client sent (UNSET ones left out), camelCased, enums as their stored values."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if isinstance(value, UnsetType) or f.name in skip:
            continue
        out[_camel(f.name)] = _plain(value)
    return out


# -- shared field groups ------------------------------------------------------------------------------------------


@strawberry.input
class _Provenance:
    sources: list[str] | None = strawberry.field(default=UNSET, description="Source URLs (http/https).")
    confidence: Confidence | None = strawberry.field(default=UNSET, description="How sure the sources are.")
    notes: list[str] | None = strawberry.field(default=UNSET, description="Free-text notes.")


@strawberry.input
class _Update:
    id: strawberry.ID = strawberry.field(description="Global id (`Type:id`) or bare id of the entity to change.")
    expected_version: int = strawberry.field(
        description="The version you read; the update fails with STALE_UPDATE when it has changed since."
    )


# -- create inputs --------------------------------------------------------------------------------------------------


@strawberry.input(description="A new region.")
class CreateRegionInput(_Provenance):
    name: str
    id: strawberry.ID | None = strawberry.field(default=None, description="Stable id; default: a slug of the name.")


@strawberry.input(description="A new theme.")
class CreateThemeInput(_Provenance):
    name: str
    id: strawberry.ID | None = strawberry.field(default=None, description="Stable id; default: a slug of the name.")


@strawberry.input(description="A new country; its natural key is its ISO code (and its name).")
class CreateCountryInput(_Provenance):
    name: str
    iso2: str = strawberry.field(description="ISO 3166-1 alpha-2 code; also the default id.")
    id: strawberry.ID | None = None
    iso3: str | None = UNSET
    alt_names: list[str] | None = UNSET
    coe_member: bool | None = UNSET
    coe_member_since: str | None = strawberry.field(default=UNSET, description=_DATE)
    coe_field_office: str | None = UNSET
    region_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Regions it is in.")


@strawberry.input(description="A new programme.")
class CreateProgrammeInput(_Provenance):
    name: str
    id: strawberry.ID | None = None
    short_name: str | None = UNSET
    type: str | None = UNSET
    start_date: str | None = strawberry.field(default=UNSET, description=_DATE)
    end_date: str | None = strawberry.field(default=UNSET, description=_DATE)
    budget_eur: float | None = UNSET
    status: ProjectStatus | None = UNSET
    country_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Countries it runs in.")
    theme_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Themes it addresses.")
    predecessor_id: strawberry.ID | None = strawberry.field(default=None, description="The programme it succeeds.")


@strawberry.input(description="A new project, with its programme, country and theme links (all or nothing).")
class CreateProjectInput(_Provenance):
    title: str
    id: strawberry.ID | None = None
    status: ProjectStatus | None = UNSET
    iati_status: int | None = UNSET
    start_date: str | None = strawberry.field(default=UNSET, description=_DATE)
    end_date: str | None = strawberry.field(default=UNSET, description=_DATE)
    budget_eur: float | None = UNSET
    division_attribution: DivisionAttribution | None = UNSET
    implementing_unit: str | None = UNSET
    jp_code: str | None = UNSET
    programme_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Programmes (PART_OF).")
    country_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="IMPLEMENTED_IN countries.")
    theme_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="Themes it ADDRESSES.")
    action_plan_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="CONTRIBUTES_TO.")
    coe_body_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="INFORMED_BY bodies.")


@strawberry.input(description="A new action plan.")
class CreateActionPlanInput(_Provenance):
    name: str
    id: strawberry.ID | None = None
    adopted: str | None = strawberry.field(default=UNSET, description=_DATE)
    start_year: int | None = UNSET
    end_year: int | None = UNSET
    budget_eur: float | None = UNSET
    country_id: strawberry.ID | None = strawberry.field(default=None, description="The country it is FOR_COUNTRY.")


@strawberry.input(description="A new Council of Europe body.")
class CreateCoeBodyInput(_Provenance):
    name: str
    id: strawberry.ID | None = None
    short_name: str | None = UNSET
    role: str | None = UNSET


@strawberry.input(description="A new network.")
class CreateNetworkInput(_Provenance):
    name: str
    id: strawberry.ID | None = None
    short_name: str | None = UNSET
    type: str | None = UNSET
    parent_network_id: strawberry.ID | None = strawberry.field(default=None, description="SUB_NETWORK_OF.")
    operated_by_id: strawberry.ID | None = strawberry.field(default=None, description="OPERATED_BY organisation.")
    supporter_ids: list[strawberry.ID] | None = strawberry.field(default=None, description="SUPPORTED_BY orgs.")
    formed_in_project_id: strawberry.ID | None = strawberry.field(default=None, description="FORMED_IN project.")


@strawberry.input(description="A new organisation; its natural key is its name within its country.")
class CreateOrganisationInput(_Provenance):
    name: str
    kind: OrganisationKind
    id: strawberry.ID | None = None
    short_name: str | None = UNSET
    category: str | None = UNSET
    iati_org_type: int | None = UNSET
    sensitive: bool | None = strawberry.field(
        default=UNSET, description="Hidden from anonymous callers and viewers (schema/MODEL.md, Privacy)."
    )
    authority_kind: AuthorityKind | None = strawberry.field(default=UNSET, description="NATIONAL_AUTHORITY only.")
    ganhri_status: GanhriStatus | None = UNSET
    ganhri_status_as_of: str | None = strawberry.field(default=UNSET, description=_DATE)
    npm_mandate: bool | None = UNSET
    country_id: strawberry.ID | None = strawberry.field(default=None, description="The country it is LOCATED_IN.")
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="The organisation it is SUBUNIT_OF.")


# Create-input fields that name links rather than properties: field -> (link kind, is a list).
CREATE_LINK_FIELDS: dict[str, tuple[LinkKind, bool]] = {
    "region_ids": (LinkKind.COUNTRY_IN_REGION, True),
    "country_ids": (LinkKind.PROJECT_IMPLEMENTED_IN_COUNTRY, True),  # Programme: see PROGRAMME_LINK_FIELDS
    "theme_ids": (LinkKind.PROJECT_ADDRESSES_THEME, True),
    "programme_ids": (LinkKind.PROJECT_PART_OF_PROGRAMME, True),
    "action_plan_ids": (LinkKind.PROJECT_CONTRIBUTES_TO_ACTION_PLAN, True),
    "coe_body_ids": (LinkKind.PROJECT_INFORMED_BY_COE_BODY, True),
    "predecessor_id": (LinkKind.PROGRAMME_SUCCEEDS_PROGRAMME, False),
    "country_id": (LinkKind.ORGANISATION_LOCATED_IN_COUNTRY, False),  # ActionPlan: see ACTION_PLAN_LINK_FIELDS
    "parent_id": (LinkKind.ORGANISATION_SUBUNIT_OF_ORGANISATION, False),
    "parent_network_id": (LinkKind.NETWORK_SUB_NETWORK_OF_NETWORK, False),
    "operated_by_id": (LinkKind.NETWORK_OPERATED_BY_ORGANISATION, False),
    "supporter_ids": (LinkKind.NETWORK_SUPPORTED_BY_ORGANISATION, True),
    "formed_in_project_id": (LinkKind.NETWORK_FORMED_IN_PROJECT, False),
}
PROGRAMME_LINK_FIELDS: dict[str, tuple[LinkKind, bool]] = {
    "country_ids": (LinkKind.PROGRAMME_IMPLEMENTED_IN_COUNTRY, True),
    "theme_ids": (LinkKind.PROGRAMME_ADDRESSES_THEME, True),
}
ACTION_PLAN_LINK_FIELDS: dict[str, tuple[LinkKind, bool]] = {
    "country_id": (LinkKind.ACTION_PLAN_FOR_COUNTRY, False),
}


# -- update inputs --------------------------------------------------------------------------------------------------


@strawberry.input(description="Changes to a region; omitted fields stay as they are, null clears.")
class UpdateRegionInput(_Update, _Provenance):
    name: str | None = UNSET


@strawberry.input(description="Changes to a theme; omitted fields stay as they are, null clears.")
class UpdateThemeInput(_Update, _Provenance):
    name: str | None = UNSET


@strawberry.input(description="Changes to a country; omitted fields stay as they are, null clears.")
class UpdateCountryInput(_Update, _Provenance):
    name: str | None = UNSET
    iso2: str | None = UNSET
    iso3: str | None = UNSET
    alt_names: list[str] | None = UNSET
    coe_member: bool | None = UNSET
    coe_member_since: str | None = strawberry.field(default=UNSET, description=_DATE)
    coe_field_office: str | None = UNSET


@strawberry.input(description="Changes to a programme; omitted fields stay as they are, null clears.")
class UpdateProgrammeInput(_Update, _Provenance):
    name: str | None = UNSET
    short_name: str | None = UNSET
    type: str | None = UNSET
    start_date: str | None = strawberry.field(default=UNSET, description=_DATE)
    end_date: str | None = strawberry.field(default=UNSET, description=_DATE)
    budget_eur: float | None = UNSET
    status: ProjectStatus | None = UNSET


@strawberry.input(description="Changes to a project; omitted fields stay as they are, null clears.")
class UpdateProjectInput(_Update, _Provenance):
    title: str | None = UNSET
    status: ProjectStatus | None = UNSET
    iati_status: int | None = UNSET
    start_date: str | None = strawberry.field(default=UNSET, description=_DATE)
    end_date: str | None = strawberry.field(default=UNSET, description=_DATE)
    budget_eur: float | None = UNSET
    division_attribution: DivisionAttribution | None = UNSET
    implementing_unit: str | None = UNSET
    jp_code: str | None = UNSET


@strawberry.input(description="Changes to an action plan; omitted fields stay as they are, null clears.")
class UpdateActionPlanInput(_Update, _Provenance):
    name: str | None = UNSET
    adopted: str | None = strawberry.field(default=UNSET, description=_DATE)
    start_year: int | None = UNSET
    end_year: int | None = UNSET
    budget_eur: float | None = UNSET


@strawberry.input(description="Changes to a Council of Europe body; omitted fields stay as they are, null clears.")
class UpdateCoeBodyInput(_Update, _Provenance):
    name: str | None = UNSET
    short_name: str | None = UNSET
    role: str | None = UNSET


@strawberry.input(description="Changes to a network; omitted fields stay as they are, null clears.")
class UpdateNetworkInput(_Update, _Provenance):
    name: str | None = UNSET
    short_name: str | None = UNSET
    type: str | None = UNSET


@strawberry.input(description="Changes to an organisation; omitted fields stay as they are, null clears.")
class UpdateOrganisationInput(_Update, _Provenance):
    name: str | None = UNSET
    kind: OrganisationKind | None = UNSET
    short_name: str | None = UNSET
    category: str | None = UNSET
    iati_org_type: int | None = UNSET
    sensitive: bool | None = UNSET
    authority_kind: AuthorityKind | None = UNSET
    ganhri_status: GanhriStatus | None = UNSET
    ganhri_status_as_of: str | None = strawberry.field(default=UNSET, description=_DATE)
    npm_mandate: bool | None = UNSET


# -- participations, memberships, links ----------------------------------------------------------------------------


@strawberry.input(description="A new participation of an organisation in a project or in a programme (give one).")
class AddParticipationInput(_Provenance):
    organisation_id: strawberry.ID
    role: ParticipationRole
    project_id: strawberry.ID | None = None
    programme_id: strawberry.ID | None = None
    id: strawberry.ID | None = strawberry.field(default=None, description="Default: `<org>--<role>--<target>`.")
    iati_role: int | None = strawberry.field(default=UNSET, description="IATI Organisation Role: 1, 2, 3 or 4.")
    since: str | None = strawberry.field(default=UNSET, description=_DATE + " Default: the project's start.")
    until: str | None = strawberry.field(default=UNSET, description=_DATE + " Default: the project's end.")
    share: float | None = strawberry.field(default=UNSET, description="Share of the funding, 0 to 1.")
    amount_eur: float | None = UNSET


@strawberry.input(description="Changes to a participation; omitted fields stay as they are, null clears.")
class UpdateParticipationInput(_Provenance):
    id: strawberry.ID
    expected_version: int
    role: ParticipationRole | None = UNSET
    iati_role: int | None = UNSET
    since: str | None = strawberry.field(default=UNSET, description=_DATE)
    until: str | None = strawberry.field(default=UNSET, description=_DATE)
    share: float | None = UNSET
    amount_eur: float | None = UNSET


@strawberry.input(description="End a running participation or membership on a date.")
class EndInput:
    id: strawberry.ID
    until: str = strawberry.field(description=_DATE)
    expected_version: int | None = strawberry.field(default=None, description="Fail with STALE_UPDATE if changed.")


@strawberry.input(description="A new membership of an organisation in a network.")
class AddMembershipInput(_Provenance):
    organisation_id: strawberry.ID
    network_id: strawberry.ID
    membership_status: MembershipStatus = MembershipStatus.MEMBER
    id: strawberry.ID | None = strawberry.field(default=None, description="Default: `<org>--member--<network>`.")
    evidence: str | None = UNSET
    since: str | None = strawberry.field(default=UNSET, description=_DATE)
    until: str | None = strawberry.field(default=UNSET, description=_DATE)


@strawberry.input(description="Changes to a membership; omitted fields stay as they are, null clears.")
class UpdateMembershipInput(_Provenance):
    id: strawberry.ID
    expected_version: int
    membership_status: MembershipStatus | None = UNSET
    evidence: str | None = UNSET
    since: str | None = strawberry.field(default=UNSET, description=_DATE)
    until: str | None = strawberry.field(default=UNSET, description=_DATE)


@strawberry.input(description="A structural link: its kind and the ids of its source and target.")
class LinkInput:
    kind: LinkKind
    source_id: strawberry.ID
    target_id: strawberry.ID


@strawberry.input(description="Delete an entity or record; admin only.")
class DeleteInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description="Fail with STALE_UPDATE if changed.")


describe_module(globals())
