"""Create, update and delete entities inside a mutation transaction (see unit.run_mutation)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from service.core.errors import ConflictError, InvalidInputError, NotFoundError, StaleUpdateError, WouldOrphanError
from service.mutations import cypher
from service.mutations.models import (
    LINK_PATTERNS,
    Change,
    ChangeEntity,
    ChangeOp,
    EntityKind,
    LinkKind,
    Outcome,
    global_id,
)
from service.mutations.txutil import one, require_existing, rows
from service.mutations.unit import Stamp, Work, WorkFn
from service.mutations.validation import check_period, check_years, clean_props, parse_id, slug
from service.seeding.models import OrgKind

_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_PERIODS = (("startDate", "endDate"),)


@dataclass(frozen=True)
class NewLink:
    """A structural link from a new entity to an existing one, named in the create input's `field`."""

    kind: LinkKind
    target_id: str
    field: str


def link_id(kind: LinkKind, source: str, target: str) -> str:
    """The id a structural link has in the change log: `<source>|<REL>|<target>`."""
    return f"{source}|{LINK_PATTERNS[kind].rel}|{target}"


def link_change(
    op: ChangeOp, kind: LinkKind, source: str, target: str, props: dict[str, Any] | None, *, sensitive: bool
) -> Change:
    """The change-log entry of adding or removing a structural link."""
    p = LINK_PATTERNS[kind]
    body = None if props is None else {"kind": kind.value, "source": source, "target": target, **props}
    return Change(
        op=op,
        entity=ChangeEntity.LINK,
        entity_id=link_id(kind, source, target),
        before=body if op is ChangeOp.DELETE else None,
        after=body if op is not ChangeOp.DELETE else None,
        related=(global_id(p.source, source), global_id(p.target, target)),
        sensitive=sensitive,
    )


def check_shape(kind: EntityKind, merged: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """Cross-field rules of MODEL.md; returns properties to clear as a consequence of the change."""
    for start, end in _PERIODS:
        check_period(merged, start, end)
    if kind is EntityKind.ACTION_PLAN:
        check_years(merged)
    if kind is EntityKind.COUNTRY:
        if merged.get("iso2") is not None and not _ISO2.match(merged["iso2"]):
            raise InvalidInputError("iso2 is two upper-case letters (ISO 3166-1 alpha-2)", field="iso2")
        if merged.get("iso3") is not None and not _ISO3.match(merged["iso3"]):
            raise InvalidInputError("iso3 is three upper-case letters (ISO 3166-1 alpha-3)", field="iso3")
    cleared: dict[str, Any] = {}
    if (
        kind is EntityKind.ORGANISATION
        and merged.get("authorityKind") is not None
        and merged.get("kind") != OrgKind.NATIONAL_AUTHORITY.value
    ):
        if "authorityKind" in given:
            raise InvalidInputError(
                "authorityKind applies only to organisations of kind NATIONAL_AUTHORITY", field="authorityKind"
            )
        cleared["authorityKind"] = None
    return cleared


async def _check_natural_key(
    tx: AsyncManagedTransaction, kind: EntityKind, entity_id: str, props: Mapping[str, Any], country: str | None
) -> None:
    if kind is EntityKind.COUNTRY:
        dup = await one(tx, cypher.SAME_COUNTRY, iso2=props.get("iso2"), name=props["name"], id=entity_id)
        field = "iso2"
    elif kind is EntityKind.ORGANISATION:
        dup = await one(tx, cypher.SAME_ORGANISATION, name=props["name"], id=entity_id, country=country)
        field = "name"
    else:
        dup = await one(tx, cypher.SAME_NAME[kind], name=props["name"], id=entity_id)
        field = "name"
    if dup is not None:
        raise ConflictError(
            f"a {kind.value} with this {field} already exists: {global_id(kind, dup['id'])}", field=field
        )


def default_id(kind: EntityKind, props: Mapping[str, Any]) -> str:
    """The id of a new entity created without one: a country's ISO code, else a slug of the name."""
    if kind is EntityKind.COUNTRY:
        return str(props["iso2"])
    return slug(str(props["name"]))


def create_entity_work(
    kind: EntityKind, *, entity_id: str | None, values: Mapping[str, Any], links: Sequence[NewLink] = ()
) -> WorkFn:
    """Work that creates an entity and its links; CONFLICT when the id or natural key exists, NOT_FOUND for a
    missing link target, and nothing written when any part fails."""
    props = clean_props(kind.fields, values, creating=True)
    if kind is EntityKind.PROJECT:
        props["title"] = props["name"]  # MODEL.md: a project's name equals its title
    props.update(check_shape(kind, props, values))
    new_id = parse_id(kind, entity_id, field="id") if entity_id else default_id(kind, props)
    for link in links:
        if LINK_PATTERNS[link.kind].source is not kind:
            raise InvalidInputError(
                f"{link.field}: a {kind.value} cannot have a {link.kind.value} link", field=link.field
            )

    async def work(tx: AsyncManagedTransaction, stamp: Stamp) -> Work:
        if await one(tx, cypher.LOCK_NODE[kind], id=new_id) is not None:
            raise ConflictError(f"{global_id(kind, new_id)} already exists", field="id")
        country = next((lk.target_id for lk in links if lk.kind is LinkKind.ORGANISATION_LOCATED_IN_COUNTRY), None)
        await _check_natural_key(tx, kind, new_id, props, country)
        sensitive_links: dict[int, bool] = {}
        for i, link in enumerate(links):
            target_kind = LINK_PATTERNS[link.kind].target
            sensitive_links[i] = await require_existing(tx, target_kind, [link.target_id], field=link.field)
        if kind is EntityKind.ORGANISATION:
            statement = cypher.CREATE_ORGANISATION[OrgKind(props["kind"])]
        else:
            statement = cypher.CREATE_NODE[kind]
        rec = await one(tx, statement, id=new_id, props=props, now=stamp.now, actor=stamp.actor)
        assert rec is not None  # CREATE always returns its row
        created: dict[str, Any] = rec["props"]
        sensitive = bool(created.get("sensitive"))
        changes = [
            Change(
                op=ChangeOp.CREATE,
                entity=ChangeEntity(kind.value),
                entity_id=new_id,
                before=None,
                after=created,
                related=(global_id(kind, new_id),),
                sensitive=sensitive,
            )
        ]
        seen: set[tuple[LinkKind, str]] = set()
        for i, link in enumerate(links):
            if (link.kind, link.target_id) in seen:
                continue
            seen.add((link.kind, link.target_id))
            if link.kind in cypher.LINK_CYCLE and link.target_id == new_id:
                raise InvalidInputError(f"{link.field}: an entity cannot link to itself", field=link.field)
            made = await one(
                tx, cypher.CREATE_LINK[link.kind], a=new_id, b=link.target_id, now=stamp.now, actor=stamp.actor
            )
            assert made is not None  # both ends were checked above
            changes.append(
                link_change(
                    ChangeOp.CREATE, link.kind, new_id, link.target_id, made["props"],
                    sensitive=sensitive or sensitive_links[i],
                )
            )  # fmt: skip
        return Work(Outcome(ChangeEntity(kind.value), new_id, created, 0), changes)

    return work


def update_entity_work(kind: EntityKind, *, entity_id: str, expected_version: int, values: Mapping[str, Any]) -> WorkFn:
    """Work that updates an entity's properties when its version is still `expected_version` (else STALE_UPDATE)."""
    raw_id = parse_id(kind, entity_id, field="id")
    props = clean_props(kind.fields, values, creating=False)
    if not props:
        raise InvalidInputError("give at least one field to change", field="input")
    if kind is EntityKind.PROJECT and "name" in props:
        props["title"] = props["name"]

    async def work(tx: AsyncManagedTransaction, stamp: Stamp) -> Work:
        found = await one(tx, cypher.LOCK_NODE[kind], id=raw_id)
        if found is None:
            raise NotFoundError(f"no {kind.value} with id {raw_id!r}", field="id")
        before: dict[str, Any] = found["props"]
        current = before.get("version")
        if current != expected_version:
            raise StaleUpdateError(
                f"{global_id(kind, raw_id)} is at version {current}, not {expected_version}: "
                "someone changed it since you read it; read it again and reapply your change",
                field="expectedVersion",
            )
        merged = before | props
        updates = props | check_shape(kind, merged, values)
        merged |= updates
        if ("name" in props and props["name"] != before.get("name")) or (
            "iso2" in props and props["iso2"] != before.get("iso2")
        ):
            country = None
            if kind is EntityKind.ORGANISATION:
                rec = await one(tx, cypher.ORGANISATION_COUNTRY, id=raw_id)
                country = rec["id"] if rec else None
            await _check_natural_key(tx, kind, raw_id, merged, country)
        if kind is EntityKind.ORGANISATION and "kind" in props and props["kind"] != before.get("kind"):
            await (await tx.run(cypher.SET_ORGANISATION_KIND[OrgKind(props["kind"])], id=raw_id)).consume()
        rec = await one(tx, cypher.UPDATE_NODE[kind], id=raw_id, props=updates, now=stamp.now, actor=stamp.actor)
        assert rec is not None  # locked above
        after: dict[str, Any] = rec["props"]
        change = Change(
            op=ChangeOp.UPDATE,
            entity=ChangeEntity(kind.value),
            entity_id=raw_id,
            before=before,
            after=after,
            related=(global_id(kind, raw_id),),
            sensitive=bool(before.get("sensitive") or after.get("sensitive")),
        )
        return Work(Outcome(ChangeEntity(kind.value), raw_id, after, 0), [change])

    return work


_LINK_BY_SOURCE = {(p.source, p.rel): k for k, p in LINK_PATTERNS.items()}


def delete_entity_work(kind: EntityKind, *, entity_id: str, expected_version: int | None) -> WorkFn:
    """Work that deletes an entity with the links it owns; WOULD_ORPHAN when other records point at it."""
    raw_id = parse_id(kind, entity_id, field="id")

    async def work(tx: AsyncManagedTransaction, stamp: Stamp) -> Work:
        found = await one(tx, cypher.LOCK_NODE[kind], id=raw_id)
        if found is None:
            raise NotFoundError(f"no {kind.value} with id {raw_id!r}", field="id")
        if expected_version is not None and found["props"].get("version") != expected_version:
            raise StaleUpdateError(
                f"{global_id(kind, raw_id)} is at version {found['props'].get('version')}, not {expected_version}",
                field="expectedVersion",
            )
        blockers = await rows(tx, cypher.DELETE_BLOCKERS[kind], id=raw_id)
        if blockers:
            listed = ", ".join(f"{b['n']} {b['type']}" for b in blockers)
            raise WouldOrphanError(f"{global_id(kind, raw_id)} still has {listed}; end or move those first", field="id")
        rec = await one(tx, cypher.DELETE_NODE[kind], id=raw_id)
        assert rec is not None  # locked above
        before: dict[str, Any] = rec["before"]
        sensitive = bool(before.get("sensitive"))
        changes = [
            Change(
                op=ChangeOp.DELETE,
                entity=ChangeEntity(kind.value),
                entity_id=raw_id,
                before=before,
                after=None,
                related=(global_id(kind, raw_id),),
                sensitive=sensitive,
            )
        ]
        for link in rec["links"]:
            link_kind = _LINK_BY_SOURCE.get((kind, link["type"]))
            if link_kind is not None:
                changes.append(link_change(ChangeOp.DELETE, link_kind, raw_id, link["target"], {}, sensitive=sensitive))
        return Work(Outcome(ChangeEntity(kind.value), raw_id, None, 0, extra={"deletedProps": before}), changes)

    return work
