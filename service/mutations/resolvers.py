"""The Mutation root: thin resolvers that check the caller's role, then run one audited transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from service.core.context import Context
from service.auth.authenticate import ensure_credentials, require_role
from service.auth.models import TokenRole
from service.core.errors import InvalidInputError, PartnernetError
from service.mutations import inputs as i
from service.mutations import types as t
from service.mutations.describe import describe_module
from service.mutations.entities import NewLink, create_entity_work, delete_entity_work, update_entity_work
from service.mutations.links import (
    MEMBERSHIP,
    PARTICIPATION,
    LinkRef,
    RecordRel,
    add_record_work,
    bulk_links_work,
    delete_record_work,
    link_work,
    unlink_work,
    update_record_work,
)
from service.mutations.models import EntityKind, LinkKind, Outcome, global_id
from service.mutations.onestatement import OneUpdate, plan_update, run_update
from service.mutations.unit import Actor, WorkFn, run_mutation
from service.mutations.validation import check_idempotency_key

_KEY_HELP = (
    "Idempotency key: a retried request with the same key (per caller) applies once and returns the first "
    "answer; the `Idempotency-Key` HTTP header works too."
)
IdempotencyKey = Annotated[str | None, strawberry.argument(description=_KEY_HELP)]

_UPDATE_SKIP = frozenset({"id", "expected_version"})


def _header_key(ctx: Context) -> str | None:
    headers = getattr(ctx.request, "headers", None)
    return headers.get("idempotency-key") if headers is not None else None


async def _apply(
    info: Info[Context, None],
    minimum: TokenRole,
    arguments: Any,
    idempotency_key: str | None,
    make_work: Callable[[], WorkFn],
    plan_one: Callable[[], OneUpdate | None] | None = None,
) -> Outcome:
    """Check the role, validate (building the work), then run it as one transaction.

    `plan_one` offers the change as one statement (onestatement.py); without an idempotency key it runs so, with
    the check of a deferred bearer token (`Context.pending_token`) inside it. Otherwise a deferred token is
    looked up first. A bad token's own error always wins over the request's.
    """
    ctx = info.context
    try:
        principal = require_role(ctx, minimum, pending_ok=True)
        key = check_idempotency_key(idempotency_key if idempotency_key is not None else _header_key(ctx))
        one = plan_one() if plan_one is not None and key is None else None
        work = make_work() if one is None else None
    except PartnernetError:
        if ctx.pending_token is not None:
            await ensure_credentials(ctx)
            require_role(ctx, minimum)
        raise
    actor = Actor(principal.subject, principal.token_id)
    if one is not None:
        return await run_update(
            ctx.driver,
            database=ctx.database,
            timeout_s=ctx.settings.query_timeout_s,
            actor=actor,
            role=principal.role,
            check_token=ctx.pending_token is not None,
            operation=info.field_name,
            plan=one,
        )
    assert work is not None
    if ctx.pending_token is not None:
        await ensure_credentials(ctx)
        principal = require_role(ctx, minimum)
        actor = Actor(principal.subject, principal.token_id)
    return await run_mutation(
        ctx.driver,
        database=ctx.database,
        timeout_s=ctx.settings.query_timeout_s,
        actor=actor,
        operation=info.field_name,
        arguments=arguments,
        idempotency_key=key,
        work=work,
    )


def _links(obj: Any, table: dict[str, tuple[LinkKind, bool]]) -> list[NewLink]:
    out: list[NewLink] = []
    for name, (kind, many) in table.items():
        value = getattr(obj, name, None)
        if not value:
            continue
        field = name.split("_")[0] + "".join(p.title() for p in name.split("_")[1:])
        target = kind.pattern.target
        from service.mutations.validation import parse_id

        for raw in value if many else [value]:
            out.append(NewLink(kind, parse_id(target, str(raw), field=field), field))
    return out


def _link_table(kind: EntityKind) -> dict[str, tuple[LinkKind, bool]]:
    if kind is EntityKind.PROGRAMME:
        return i.CREATE_LINK_FIELDS | i.PROGRAMME_LINK_FIELDS
    if kind is EntityKind.ACTION_PLAN:
        return i.CREATE_LINK_FIELDS | i.ACTION_PLAN_LINK_FIELDS
    return i.CREATE_LINK_FIELDS


async def _create(info: Info[Context, None], kind: EntityKind, data: Any, key: str | None) -> Outcome:
    table = _link_table(kind)
    skip = frozenset({"id", *table})
    values = i.input_values(data, skip=skip)
    if kind is EntityKind.PROJECT:
        values["name"] = values.pop("title")
    arguments = i.input_values(data)
    return await _apply(
        info,
        TokenRole.EDITOR,
        arguments,
        key,
        lambda: create_entity_work(kind, entity_id=data.id, values=values, links=_links(data, table)),
    )


async def _update(info: Info[Context, None], kind: EntityKind, data: Any, key: str | None) -> Outcome:
    values = i.input_values(data, skip=_UPDATE_SKIP)
    if kind is EntityKind.PROJECT and "title" in values:
        values["name"] = values.pop("title")
    return await _apply(
        info,
        TokenRole.EDITOR,
        i.input_values(data),
        key,
        lambda: update_entity_work(kind, entity_id=data.id, expected_version=data.expected_version, values=values),
        lambda: plan_update(kind, entity_id=data.id, expected_version=data.expected_version, values=values),
    )


async def _delete(info: Info[Context, None], kind: EntityKind, data: i.DeleteInput, key: str | None) -> t.DeletePayload:
    out = await _apply(
        info,
        TokenRole.ADMIN,
        i.input_values(data),
        key,
        lambda: delete_entity_work(kind, entity_id=data.id, expected_version=data.expected_version),
    )
    return t.DeletePayload(deleted_id=strawberry.ID(global_id(kind, out.id)), change_seq=out.seq, replayed=out.replayed)


def _seq(out: Outcome) -> dict[str, Any]:
    return {"change_seq": out.seq, "replayed": out.replayed}


@strawberry.type
class EntityMutations:
    """create/update (editor) and delete (admin) of every entity kind."""

    @strawberry.mutation(description="Create a region (editor).")
    async def create_region(
        self, info: Info[Context, None], input: i.CreateRegionInput, idempotency_key: IdempotencyKey = None
    ) -> t.RegionPayload:
        out = await _create(info, EntityKind.REGION, input, idempotency_key)
        return t.RegionPayload(region=t.edited_entity(EntityKind.REGION, out), **_seq(out))

    @strawberry.mutation(description="Change a region (editor).")
    async def update_region(
        self, info: Info[Context, None], input: i.UpdateRegionInput, idempotency_key: IdempotencyKey = None
    ) -> t.RegionPayload:
        out = await _update(info, EntityKind.REGION, input, idempotency_key)
        return t.RegionPayload(region=t.edited_entity(EntityKind.REGION, out), **_seq(out))

    @strawberry.mutation(description="Delete a region no country is in (admin).")
    async def delete_region(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete(info, EntityKind.REGION, input, idempotency_key)

    @strawberry.mutation(description="Create a theme (editor).")
    async def create_theme(
        self, info: Info[Context, None], input: i.CreateThemeInput, idempotency_key: IdempotencyKey = None
    ) -> t.ThemePayload:
        out = await _create(info, EntityKind.THEME, input, idempotency_key)
        return t.ThemePayload(theme=t.edited_entity(EntityKind.THEME, out), **_seq(out))

    @strawberry.mutation(description="Change a theme (editor).")
    async def update_theme(
        self, info: Info[Context, None], input: i.UpdateThemeInput, idempotency_key: IdempotencyKey = None
    ) -> t.ThemePayload:
        out = await _update(info, EntityKind.THEME, input, idempotency_key)
        return t.ThemePayload(theme=t.edited_entity(EntityKind.THEME, out), **_seq(out))

    @strawberry.mutation(description="Delete a theme nothing addresses (admin).")
    async def delete_theme(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete(info, EntityKind.THEME, input, idempotency_key)

    @strawberry.mutation(description="Create a country, optionally in regions (editor).")
    async def create_country(
        self, info: Info[Context, None], input: i.CreateCountryInput, idempotency_key: IdempotencyKey = None
    ) -> t.CountryPayload:
        out = await _create(info, EntityKind.COUNTRY, input, idempotency_key)
        return t.CountryPayload(country=t.edited_entity(EntityKind.COUNTRY, out), **_seq(out))

    @strawberry.mutation(description="Change a country (editor).")
    async def update_country(
        self, info: Info[Context, None], input: i.UpdateCountryInput, idempotency_key: IdempotencyKey = None
    ) -> t.CountryPayload:
        out = await _update(info, EntityKind.COUNTRY, input, idempotency_key)
        return t.CountryPayload(country=t.edited_entity(EntityKind.COUNTRY, out), **_seq(out))

    @strawberry.mutation(description="Delete a country nothing points at (admin).")
    async def delete_country(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete(info, EntityKind.COUNTRY, input, idempotency_key)

    @strawberry.mutation(description="Create a programme with its country and theme links (editor).")
    async def create_programme(
        self, info: Info[Context, None], input: i.CreateProgrammeInput, idempotency_key: IdempotencyKey = None
    ) -> t.ProgrammePayload:
        out = await _create(info, EntityKind.PROGRAMME, input, idempotency_key)
        return t.ProgrammePayload(programme=t.edited_entity(EntityKind.PROGRAMME, out), **_seq(out))

    @strawberry.mutation(description="Change a programme (editor).")
    async def update_programme(
        self, info: Info[Context, None], input: i.UpdateProgrammeInput, idempotency_key: IdempotencyKey = None
    ) -> t.ProgrammePayload:
        out = await _update(info, EntityKind.PROGRAMME, input, idempotency_key)
        return t.ProgrammePayload(programme=t.edited_entity(EntityKind.PROGRAMME, out), **_seq(out))

    @strawberry.mutation(description="Delete a programme without projects or participations (admin).")
    async def delete_programme(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete(info, EntityKind.PROGRAMME, input, idempotency_key)

    @strawberry.mutation(description="Create a project with its programme, country and theme links (editor).")
    async def create_project(
        self, info: Info[Context, None], input: i.CreateProjectInput, idempotency_key: IdempotencyKey = None
    ) -> t.ProjectPayload:
        out = await _create(info, EntityKind.PROJECT, input, idempotency_key)
        return t.ProjectPayload(project=t.edited_entity(EntityKind.PROJECT, out), **_seq(out))

    @strawberry.mutation(description="Change a project (editor).")
    async def update_project(
        self, info: Info[Context, None], input: i.UpdateProjectInput, idempotency_key: IdempotencyKey = None
    ) -> t.ProjectPayload:
        out = await _update(info, EntityKind.PROJECT, input, idempotency_key)
        return t.ProjectPayload(project=t.edited_entity(EntityKind.PROJECT, out), **_seq(out))

    @strawberry.mutation(description="Delete a project without participations or networks formed in it (admin).")
    async def delete_project(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete(info, EntityKind.PROJECT, input, idempotency_key)

    @strawberry.mutation(description="Create an action plan, optionally for a country (editor).")
    async def create_action_plan(
        self, info: Info[Context, None], input: i.CreateActionPlanInput, idempotency_key: IdempotencyKey = None
    ) -> t.ActionPlanPayload:
        out = await _create(info, EntityKind.ACTION_PLAN, input, idempotency_key)
        return t.ActionPlanPayload(action_plan=t.edited_entity(EntityKind.ACTION_PLAN, out), **_seq(out))

    @strawberry.mutation(description="Change an action plan (editor).")
    async def update_action_plan(
        self, info: Info[Context, None], input: i.UpdateActionPlanInput, idempotency_key: IdempotencyKey = None
    ) -> t.ActionPlanPayload:
        out = await _update(info, EntityKind.ACTION_PLAN, input, idempotency_key)
        return t.ActionPlanPayload(action_plan=t.edited_entity(EntityKind.ACTION_PLAN, out), **_seq(out))

    @strawberry.mutation(description="Delete an action plan no project contributes to (admin).")
    async def delete_action_plan(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete(info, EntityKind.ACTION_PLAN, input, idempotency_key)

    @strawberry.mutation(description="Create a Council of Europe body (editor).")
    async def create_coe_body(
        self, info: Info[Context, None], input: i.CreateCoeBodyInput, idempotency_key: IdempotencyKey = None
    ) -> t.CoeBodyPayload:
        out = await _create(info, EntityKind.COE_BODY, input, idempotency_key)
        return t.CoeBodyPayload(coe_body=t.edited_entity(EntityKind.COE_BODY, out), **_seq(out))

    @strawberry.mutation(description="Change a Council of Europe body (editor).")
    async def update_coe_body(
        self, info: Info[Context, None], input: i.UpdateCoeBodyInput, idempotency_key: IdempotencyKey = None
    ) -> t.CoeBodyPayload:
        out = await _update(info, EntityKind.COE_BODY, input, idempotency_key)
        return t.CoeBodyPayload(coe_body=t.edited_entity(EntityKind.COE_BODY, out), **_seq(out))

    @strawberry.mutation(description="Delete a Council of Europe body no project is informed by (admin).")
    async def delete_coe_body(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete(info, EntityKind.COE_BODY, input, idempotency_key)

    @strawberry.mutation(description="Create a network with its operator, supporters and parent (editor).")
    async def create_network(
        self, info: Info[Context, None], input: i.CreateNetworkInput, idempotency_key: IdempotencyKey = None
    ) -> t.NetworkPayload:
        out = await _create(info, EntityKind.NETWORK, input, idempotency_key)
        return t.NetworkPayload(network=t.edited_entity(EntityKind.NETWORK, out), **_seq(out))

    @strawberry.mutation(description="Change a network (editor).")
    async def update_network(
        self, info: Info[Context, None], input: i.UpdateNetworkInput, idempotency_key: IdempotencyKey = None
    ) -> t.NetworkPayload:
        out = await _update(info, EntityKind.NETWORK, input, idempotency_key)
        return t.NetworkPayload(network=t.edited_entity(EntityKind.NETWORK, out), **_seq(out))

    @strawberry.mutation(description="Delete a network without members or sub-networks (admin).")
    async def delete_network(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete(info, EntityKind.NETWORK, input, idempotency_key)

    @strawberry.mutation(description="Create an organisation, optionally in a country and under a parent (editor).")
    async def create_organisation(
        self, info: Info[Context, None], input: i.CreateOrganisationInput, idempotency_key: IdempotencyKey = None
    ) -> t.OrganisationPayload:
        out = await _create(info, EntityKind.ORGANISATION, input, idempotency_key)
        return t.OrganisationPayload(organisation=t.edited_entity(EntityKind.ORGANISATION, out), **_seq(out))

    @strawberry.mutation(description="Change an organisation, its kind included (editor).")
    async def update_organisation(
        self, info: Info[Context, None], input: i.UpdateOrganisationInput, idempotency_key: IdempotencyKey = None
    ) -> t.OrganisationPayload:
        out = await _update(info, EntityKind.ORGANISATION, input, idempotency_key)
        return t.OrganisationPayload(organisation=t.edited_entity(EntityKind.ORGANISATION, out), **_seq(out))

    @strawberry.mutation(
        description="Delete an organisation without participations, memberships, subunits or networks (admin)."
    )
    async def delete_organisation(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete(info, EntityKind.ORGANISATION, input, idempotency_key)


def _target(data: i.AddParticipationInput) -> tuple[EntityKind, str]:
    if (data.project_id is None) == (data.programme_id is None):
        raise InvalidInputError("give exactly one of projectId and programmeId", field="projectId")
    if data.project_id is not None:
        return EntityKind.PROJECT, str(data.project_id)
    return EntityKind.PROGRAMME, str(data.programme_id)


_ADD_SKIP = frozenset({"id", "organisation_id", "project_id", "programme_id", "network_id"})


async def _update_record(
    info: Info[Context, None],
    rel: RecordRel,
    input: i.UpdateParticipationInput | i.UpdateMembershipInput,
    idempotency_key: str | None,
) -> Outcome:
    values = i.input_values(input, skip=_UPDATE_SKIP)
    return await _apply(
        info,
        TokenRole.EDITOR,
        i.input_values(input),
        idempotency_key,
        lambda: update_record_work(rel, record_id=input.id, expected_version=input.expected_version, values=values),
    )


async def _end_record(info: Info[Context, None], rel: RecordRel, input: i.EndInput, key: str | None) -> Outcome:
    return await _apply(
        info,
        TokenRole.EDITOR,
        i.input_values(input),
        key,
        lambda: update_record_work(
            rel, record_id=input.id, expected_version=input.expected_version, values={"until": input.until}, ending=True
        ),
    )


async def _delete_record(
    info: Info[Context, None], rel: RecordRel, input: i.DeleteInput, key: str | None
) -> t.DeletePayload:
    out = await _apply(
        info,
        TokenRole.ADMIN,
        i.input_values(input),
        key,
        lambda: delete_record_work(rel, record_id=input.id, expected_version=input.expected_version),
    )
    return t.DeletePayload(deleted_id=strawberry.ID(global_id(rel.entity, out.id)), **_seq(out))


@strawberry.type
class LinkMutations:
    """Participations, memberships and structural links."""

    @strawberry.mutation(description="Add an organisation's participation in a project or programme (editor).")
    async def add_participation(
        self, info: Info[Context, None], input: i.AddParticipationInput, idempotency_key: IdempotencyKey = None
    ) -> t.ParticipationPayload:
        def make() -> WorkFn:
            target, target_id = _target(input)
            return add_record_work(
                PARTICIPATION,
                organisation_id=input.organisation_id,
                target=target,
                target_id=target_id,
                record_id=input.id,
                values=i.input_values(input, skip=_ADD_SKIP),
            )

        out = await _apply(info, TokenRole.EDITOR, i.input_values(input), idempotency_key, make)
        return t.ParticipationPayload(participation=t.edited_participation(out), **_seq(out))

    @strawberry.mutation(description="Change a participation's role, dates or amounts (editor).")
    async def update_participation(
        self, info: Info[Context, None], input: i.UpdateParticipationInput, idempotency_key: IdempotencyKey = None
    ) -> t.ParticipationPayload:
        out = await _update_record(info, PARTICIPATION, input, idempotency_key)
        return t.ParticipationPayload(participation=t.edited_participation(out), **_seq(out))

    @strawberry.mutation(description="End a running participation on a date (editor).")
    async def end_participation(
        self, info: Info[Context, None], input: i.EndInput, idempotency_key: IdempotencyKey = None
    ) -> t.ParticipationPayload:
        out = await _end_record(info, PARTICIPATION, input, idempotency_key)
        return t.ParticipationPayload(participation=t.edited_participation(out), **_seq(out))

    @strawberry.mutation(description="Delete a participation recorded by mistake (admin; use end to end one).")
    async def delete_participation(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete_record(info, PARTICIPATION, input, idempotency_key)

    @strawberry.mutation(description="Add an organisation's membership of a network (editor).")
    async def add_membership(
        self, info: Info[Context, None], input: i.AddMembershipInput, idempotency_key: IdempotencyKey = None
    ) -> t.MembershipPayload:
        out = await _apply(
            info,
            TokenRole.EDITOR,
            i.input_values(input),
            idempotency_key,
            lambda: add_record_work(
                MEMBERSHIP,
                organisation_id=input.organisation_id,
                target=EntityKind.NETWORK,
                target_id=input.network_id,
                record_id=input.id,
                values=i.input_values(input, skip=_ADD_SKIP),
            ),
        )
        return t.MembershipPayload(membership=t.edited_membership(out), **_seq(out))

    @strawberry.mutation(description="Change a membership's status, evidence or dates (editor).")
    async def update_membership(
        self, info: Info[Context, None], input: i.UpdateMembershipInput, idempotency_key: IdempotencyKey = None
    ) -> t.MembershipPayload:
        out = await _update_record(info, MEMBERSHIP, input, idempotency_key)
        return t.MembershipPayload(membership=t.edited_membership(out), **_seq(out))

    @strawberry.mutation(description="End a running membership on a date (editor).")
    async def end_membership(
        self, info: Info[Context, None], input: i.EndInput, idempotency_key: IdempotencyKey = None
    ) -> t.MembershipPayload:
        out = await _end_record(info, MEMBERSHIP, input, idempotency_key)
        return t.MembershipPayload(membership=t.edited_membership(out), **_seq(out))

    @strawberry.mutation(description="Delete a membership recorded by mistake (admin; use end to end one).")
    async def delete_membership(
        self, info: Info[Context, None], input: i.DeleteInput, idempotency_key: IdempotencyKey = None
    ) -> t.DeletePayload:
        return await _delete_record(info, MEMBERSHIP, input, idempotency_key)

    @strawberry.mutation(description="Add a structural link, e.g. a project to a country (editor).")
    async def link_entities(
        self, info: Info[Context, None], input: i.LinkInput, idempotency_key: IdempotencyKey = None
    ) -> t.LinkPayload:
        ref = LinkRef(input.kind, str(input.source_id), str(input.target_id))
        out = await _apply(info, TokenRole.EDITOR, i.input_values(input), idempotency_key, lambda: link_work(ref))
        return t.LinkPayload(link=t.edited_link(out), **_seq(out))

    @strawberry.mutation(description="Remove a structural link (editor).")
    async def unlink_entities(
        self, info: Info[Context, None], input: i.LinkInput, idempotency_key: IdempotencyKey = None
    ) -> t.LinkPayload:
        ref = LinkRef(input.kind, str(input.source_id), str(input.target_id))
        out = await _apply(info, TokenRole.EDITOR, i.input_values(input), idempotency_key, lambda: unlink_work(ref))
        return t.LinkPayload(link=t.edited_link(out), **_seq(out))

    @strawberry.mutation(
        description="Remove and add many structural links in one transaction: all of them or none (admin)."
    )
    async def bulk_edit_links(
        self,
        info: Info[Context, None],
        add: list[i.LinkInput] | None = None,
        remove: list[i.LinkInput] | None = None,
        idempotency_key: IdempotencyKey = None,
    ) -> t.BulkLinksPayload:
        adds = [LinkRef(x.kind, str(x.source_id), str(x.target_id)) for x in add or []]
        removes = [LinkRef(x.kind, str(x.source_id), str(x.target_id)) for x in remove or []]
        arguments = {"add": [i.input_values(x) for x in add or []], "remove": [i.input_values(x) for x in remove or []]}
        out = await _apply(info, TokenRole.ADMIN, arguments, idempotency_key, lambda: bulk_links_work(adds, removes))
        return t.BulkLinksPayload(added=out.extra.get("added", 0), removed=out.extra.get("removed", 0), **_seq(out))


MUTATIONS: tuple[type, ...] = (EntityMutations, LinkMutations)

# Every root field above goes through `_apply`, which checks a deferred bearer token itself (GraphQL names).
SELF_CHECKING_MUTATIONS: frozenset[str] = frozenset(
    to_camel_case(f.python_name)
    for cls in MUTATIONS
    for f in cls.__strawberry_definition__.fields  # type: ignore[attr-defined]
)


describe_module(globals())
