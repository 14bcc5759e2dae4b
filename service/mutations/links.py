"""Add and remove structural links, and add, update, end and delete participations and memberships."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from service.core.errors import ConflictError, InvalidInputError, NotFoundError, StaleUpdateError
from service.mutations import cypher
from service.mutations.entities import link_change
from service.mutations.models import (
    LINK_PATTERNS,
    Change,
    ChangeEntity,
    ChangeOp,
    EntityKind,
    FieldSpec,
    FieldType,
    LinkKind,
    Outcome,
    global_id,
)
from service.mutations.txutil import one, require_existing, rows
from service.mutations.unit import Stamp, Work, WorkFn
from service.mutations.validation import check_period, clean_props, parse_id, slug
from service.seeding.models import Confidence, MembershipStatus, Role

MAX_BULK_LINKS = 500

# -- structural links ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRef:
    """One structural link named by its kind and the ids of its two ends."""

    kind: LinkKind
    source_id: str
    target_id: str

    def parsed(self, field: str) -> LinkRef:
        p = LINK_PATTERNS[self.kind]
        return LinkRef(
            self.kind,
            parse_id(p.source, self.source_id, field=f"{field}.sourceId"),
            parse_id(p.target, self.target_id, field=f"{field}.targetId"),
        )


async def _add_link(tx: AsyncManagedTransaction, stamp: Stamp, link: LinkRef, field: str) -> Change:
    p = LINK_PATTERNS[link.kind]
    sensitive = await require_existing(tx, p.source, [link.source_id], field=f"{field}.sourceId")
    sensitive |= await require_existing(tx, p.target, [link.target_id], field=f"{field}.targetId")
    if await one(tx, cypher.FIND_LINK[link.kind], a=link.source_id, b=link.target_id) is not None:
        raise ConflictError(
            f"{global_id(p.source, link.source_id)} already has {p.rel} to {global_id(p.target, link.target_id)}",
            field=field,
        )
    if link.kind in cypher.LINK_CYCLE:
        if link.source_id == link.target_id:
            raise InvalidInputError(f"{field}: an entity cannot link to itself", field=f"{field}.targetId")
        rec = await one(tx, cypher.LINK_CYCLE[link.kind], a=link.source_id, b=link.target_id)
        if rec is not None and rec["cycle"]:
            raise InvalidInputError(f"{field}: this {p.rel} link would close a cycle", field=f"{field}.targetId")
    made = await one(
        tx, cypher.CREATE_LINK[link.kind], a=link.source_id, b=link.target_id, now=stamp.now, actor=stamp.actor
    )
    assert made is not None  # both ends exist
    return link_change(ChangeOp.CREATE, link.kind, link.source_id, link.target_id, made["props"], sensitive=sensitive)


async def _remove_link(tx: AsyncManagedTransaction, link: LinkRef, field: str) -> Change:
    p = LINK_PATTERNS[link.kind]
    sensitive = await require_existing(tx, p.source, [link.source_id], field=f"{field}.sourceId")
    sensitive |= await require_existing(tx, p.target, [link.target_id], field=f"{field}.targetId")
    rec = await one(tx, cypher.DELETE_LINK[link.kind], a=link.source_id, b=link.target_id)
    if rec is None:
        raise NotFoundError(
            f"{global_id(p.source, link.source_id)} has no {p.rel} link to {global_id(p.target, link.target_id)}",
            field=field,
        )
    return link_change(ChangeOp.DELETE, link.kind, link.source_id, link.target_id, rec["before"], sensitive=sensitive)


def _link_outcome(change: Change, link: LinkRef, extra: dict[str, Any] | None = None) -> Outcome:
    props = change.after if change.after is not None else change.before
    body = {"kind": link.kind.value, "sourceId": link.source_id, "targetId": link.target_id, **(props or {})}
    return Outcome(ChangeEntity.LINK, change.entity_id, body, 0, extra=extra or {})


def link_work(link: LinkRef) -> WorkFn:
    """Work that adds one structural link; CONFLICT when it exists, NOT_FOUND when an end is missing."""
    parsed = link.parsed("input")

    async def work(tx: AsyncManagedTransaction, stamp: Stamp) -> Work:
        change = await _add_link(tx, stamp, parsed, "input")
        return Work(_link_outcome(change, parsed), [change])

    return work


def unlink_work(link: LinkRef) -> WorkFn:
    """Work that removes one structural link; NOT_FOUND when it does not exist."""
    parsed = link.parsed("input")

    async def work(tx: AsyncManagedTransaction, stamp: Stamp) -> Work:
        change = await _remove_link(tx, parsed, "input")
        return Work(_link_outcome(change, parsed), [change])

    return work


def bulk_links_work(add: Sequence[LinkRef], remove: Sequence[LinkRef]) -> WorkFn:
    """Work that removes then adds many links in one transaction: all of them, or (on any error) none."""
    if len(add) + len(remove) == 0:
        raise InvalidInputError("give at least one link to add or remove", field="add")
    if len(add) + len(remove) > MAX_BULK_LINKS:
        raise InvalidInputError(f"at most {MAX_BULK_LINKS} links per bulk change", field="add")
    to_remove = [r.parsed(f"remove[{i}]") for i, r in enumerate(remove)]
    to_add = [a.parsed(f"add[{i}]") for i, a in enumerate(add)]

    async def work(tx: AsyncManagedTransaction, stamp: Stamp) -> Work:
        changes = [await _remove_link(tx, link, f"remove[{i}]") for i, link in enumerate(to_remove)]
        changes += [await _add_link(tx, stamp, link, f"add[{i}]") for i, link in enumerate(to_add)]
        summary = {"added": len(to_add), "removed": len(to_remove)}
        return Work(Outcome(ChangeEntity.LINK, "bulk", summary, 0, extra=summary), changes)

    return work


# -- participations and memberships -------------------------------------------------------------------------------

_RECORD_PROVENANCE = (
    FieldSpec("sources", FieldType.URL_LIST),
    FieldSpec("confidence", FieldType.ENUM, choices=frozenset(c.value for c in Confidence)),
    FieldSpec("notes", FieldType.TEXT_LIST),
    FieldSpec("since", FieldType.START_DATE),
    FieldSpec("until", FieldType.END_DATE),
)
PARTICIPATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("role", FieldType.ENUM, required=True, choices=frozenset(r.value for r in Role)),
    FieldSpec("iatiRole", FieldType.INT, minimum=1),
    FieldSpec("share", FieldType.FLOAT, minimum=0),
    FieldSpec("amountEur", FieldType.FLOAT, minimum=0),
    *_RECORD_PROVENANCE,
)
MEMBERSHIP_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("membershipStatus", FieldType.ENUM, required=True, choices=frozenset(m.value for m in MembershipStatus)),
    FieldSpec("evidence", FieldType.TEXT),
    *_RECORD_PROVENANCE,
)


@dataclass(frozen=True)
class RecordRel:
    """The two kinds of relationship records an organisation has: participations and memberships."""

    entity: ChangeEntity
    fields: tuple[FieldSpec, ...]
    lock: LiteralString
    update: LiteralString
    delete: LiteralString
    id_taken: LiteralString


PARTICIPATION = RecordRel(
    ChangeEntity.PARTICIPATION,
    PARTICIPATION_FIELDS,
    cypher.LOCK_PARTICIPATION,
    cypher.UPDATE_PARTICIPATION,
    cypher.DELETE_PARTICIPATION,
    cypher.PARTICIPATION_ID_TAKEN,
)
MEMBERSHIP = RecordRel(
    ChangeEntity.MEMBERSHIP,
    MEMBERSHIP_FIELDS,
    cypher.LOCK_MEMBERSHIP,
    cypher.UPDATE_MEMBERSHIP,
    cypher.DELETE_MEMBERSHIP,
    cypher.MEMBERSHIP_ID_TAKEN,
)


def _check_record(props: Mapping[str, Any]) -> None:
    check_period(props, "since", "until")
    if props.get("iatiRole") is not None and props["iatiRole"] not in (1, 2, 3, 4):
        raise InvalidInputError("iatiRole is an IATI Organisation Role code: 1, 2, 3 or 4", field="iatiRole")
    if props.get("share") is not None and props["share"] > 1:
        raise InvalidInputError("share is a fraction between 0 and 1", field="share")


def _overlaps(a_since: str | None, a_until: str | None, b_since: str | None, b_until: str | None) -> bool:
    """Whether two periods (None = open) share a day."""
    return (a_until is None or b_since is None or b_since <= a_until) and (
        b_until is None or a_since is None or a_since <= b_until
    )


def _record_view(rec: Mapping[str, Any]) -> dict[str, Any]:
    """A participation's or membership's properties with its two ends, as returned and logged."""
    out = dict(rec["props"])
    out["organisationId"] = rec["organisation"]
    out["targetId"] = rec["target"]
    out["targetType"] = rec["targetLabel"]
    return out


def _record_related(rec: Mapping[str, Any]) -> tuple[str, ...]:
    return (f"Organisation:{rec['organisation']}", f"{rec['targetLabel']}:{rec['target']}")


async def _free_id(tx: AsyncManagedTransaction, rel: RecordRel, base: str) -> str:
    candidate, n = base, 1
    while await one(tx, rel.id_taken, id=candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def add_record_work(
    rel: RecordRel,
    *,
    organisation_id: str,
    target: EntityKind,
    target_id: str,
    record_id: str | None,
    values: Mapping[str, Any],
) -> WorkFn:
    """Work that adds a participation (target Project/Programme) or membership (target Network).

    CONFLICT when the same organisation already has an overlapping one with the same role (or any membership in
    that network overlapping in time) or the id is taken; NOT_FOUND when an end is missing. A participation given
    no dates runs over its target's dates (`datesDerived`), as the seed loader does.
    """
    org = parse_id(EntityKind.ORGANISATION, organisation_id, field="organisationId")
    target_field = "networkId" if target is EntityKind.NETWORK else f"{target.value.lower()}Id"
    tgt = parse_id(target, target_id, field=target_field)
    props = clean_props(rel.fields, values, creating=True)
    _check_record(props)
    given_id = parse_id(rel.entity, record_id, field="id") if record_id else None
    if rel is PARTICIPATION:
        props["roleClass"] = Role(props["role"]).role_class.value
        key = str(props["role"])
        base = f"{org}--{key.lower().replace('_', '-')}--{tgt}"
        same = cypher.SAME_PARTICIPATION[target]
        create = cypher.CREATE_PARTICIPATION[target]
    else:
        key = str(props["membershipStatus"])
        base = f"{org}--member--{tgt}"
        same = cypher.SAME_MEMBERSHIP
        create = cypher.CREATE_MEMBERSHIP

    async def work(tx: AsyncManagedTransaction, stamp: Stamp) -> Work:
        await require_existing(tx, EntityKind.ORGANISATION, [org], field="organisationId")
        found = await rows(tx, cypher.EXISTING[target], ids=[tgt])
        if not found[0]["found"]:
            raise NotFoundError(f"no {target.value} with id {tgt!r}", field=target_field)
        record_props = dict(props)
        if rel is PARTICIPATION:
            derived = "since" not in values and "until" not in values
            record_props["datesDerived"] = derived
            if derived:
                dates = await one(tx, cypher.LOCK_NODE[target], id=tgt)
                assert dates is not None  # checked above
                t = dates["props"]
                record_props |= {
                    "since": t.get("startDate"),
                    "sincePrecision": t.get("startDatePrecision"),
                    "until": t.get("endDate"),
                    "untilPrecision": t.get("endDatePrecision"),
                }
        for other in await rows(tx, same, organisation=org, target=tgt, key=key):
            if _overlaps(other["since"], other["until"], record_props.get("since"), record_props.get("until")):
                raise ConflictError(
                    f"{global_id(EntityKind.ORGANISATION, org)} already has {rel.entity.value.lower()} "
                    f"{other['id']} in {global_id(target, tgt)} over an overlapping period",
                    field=target_field,
                )
        if given_id is not None:
            if await one(tx, rel.id_taken, id=given_id) is not None:
                raise ConflictError(f"a {rel.entity.value} with id {given_id!r} already exists", field="id")
            new_id = given_id
        else:
            new_id = await _free_id(tx, rel, slug(base) if len(base) > 120 else base)
        rec = await one(
            tx, create, organisation=org, target=tgt, id=new_id, props=record_props, now=stamp.now, actor=stamp.actor
        )
        assert rec is not None  # both ends exist
        view = _record_view(rec)
        change = Change(ChangeOp.CREATE, rel.entity, new_id, None, view, _record_related(rec), rec["sensitive"])
        return Work(Outcome(rel.entity, new_id, view, 0), [change])

    return work


def update_record_work(
    rel: RecordRel,
    *,
    record_id: str,
    expected_version: int | None,
    values: Mapping[str, Any],
    ending: bool = False,
) -> WorkFn:
    """Work that changes a participation or membership; with `ending`, sets `until` on one still running
    (CONFLICT when it has already ended)."""
    rid = parse_id(rel.entity, record_id, field="id")
    props = clean_props(rel.fields, values, creating=False)
    if not props:
        raise InvalidInputError("give at least one field to change", field="input")
    if "role" in props:
        props["roleClass"] = Role(props["role"]).role_class.value
    if "since" in props or "until" in props:
        props["datesDerived"] = False

    async def work(tx: AsyncManagedTransaction, stamp: Stamp) -> Work:
        found = await one(tx, rel.lock, id=rid)
        if found is None:
            raise NotFoundError(f"no {rel.entity.value} with id {rid!r}", field="id")
        before = _record_view(found)
        if expected_version is not None and before.get("version") != expected_version:
            raise StaleUpdateError(
                f"{rel.entity.value} {rid} is at version {before.get('version')}, not {expected_version}: "
                "read it again and reapply your change",
                field="expectedVersion",
            )
        if ending and before.get("until") is not None and not before.get("datesDerived"):
            raise ConflictError(f"{rel.entity.value} {rid} already ended on {before['until']}", field="until")
        _check_record(found["props"] | props)
        rec = await one(tx, rel.update, id=rid, props=props, now=stamp.now, actor=stamp.actor)
        assert rec is not None  # locked above
        after = _record_view(rec)
        change = Change(ChangeOp.UPDATE, rel.entity, rid, before, after, _record_related(rec), rec["sensitive"])
        return Work(Outcome(rel.entity, rid, after, 0), [change])

    return work


def delete_record_work(rel: RecordRel, *, record_id: str, expected_version: int | None) -> WorkFn:
    """Work that deletes a participation or membership (a mistake, not an ending: use end* for that)."""
    rid = parse_id(rel.entity, record_id, field="id")

    async def work(tx: AsyncManagedTransaction, stamp: Stamp) -> Work:
        found = await one(tx, rel.lock, id=rid)
        if found is None:
            raise NotFoundError(f"no {rel.entity.value} with id {rid!r}", field="id")
        before = _record_view(found)
        if expected_version is not None and before.get("version") != expected_version:
            raise StaleUpdateError(
                f"{rel.entity.value} {rid} is at version {before.get('version')}, not {expected_version}",
                field="expectedVersion",
            )
        await (await tx.run(rel.delete, id=rid)).consume()
        change = Change(ChangeOp.DELETE, rel.entity, rid, before, None, _record_related(found), found["sensitive"])
        return Work(Outcome(rel.entity, rid, None, 0, extra={"deletedProps": before}), [change])

    return work
