"""Participations and memberships (the registry's edge groups): add, update, end and delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.core.errors import ConflictError, InvalidInputError, NotFoundError
from service.editing import cypher
from service.editing.models import Change, Done, Plan, Step, Subject
from service.editing.rules import check_periods, entity_key, input_props, record_key
from service.model.catalog import GROUPS, record_targets
from service.model.enums import ChangeOp, ParticipationRole
from service.model.graph import ORGANISATION
from service.model.ids import global_id, record_id, slug
from service.model.spec import EdgeGroup, Write, field_name

ORGANISATION_FIELD = field_name(ORGANISATION) + "Id"


def target_fields(group: str) -> dict[str, str]:
    """The input fields naming a record's target, by target type (`projectId` for a Project)."""
    return {t: field_name(t) + "Id" for t in record_targets(group)}


def _has(group: EdgeGroup, name: str) -> bool:
    return any(p.name == name for p in group.props)


def _key_prop(group: EdgeGroup) -> str | None:
    """The property that tells two records of one organisation in one target apart (a participation's role);
    None when any two conflict (memberships)."""
    return next((p.name for p in group.props if p.write is Write.REQUIRED), None)


def _derived(props: dict[str, Any]) -> dict[str, Any]:
    """Properties that follow others: a participation's roleClass follows its role."""
    if props.get("role") is not None:
        props["roleClass"] = ParticipationRole(props["role"]).role_class.value
    return props


def _view(rec: Mapping[str, Any], props: Mapping[str, Any]) -> dict[str, Any]:
    """A record as the change log keeps it: its properties and its ends."""
    return {**props, "organisationId": rec["organisation"], "targetId": rec["target"], "targetType": rec["targetType"]}


def _related(rec: Mapping[str, Any]) -> tuple[str, ...]:
    return global_id(ORGANISATION, rec["organisation"]), global_id(rec["targetType"], rec["target"])


def _subject(group: str, key: str) -> Subject:
    targets = record_targets(group)
    return Subject(cypher.record_subject(group), {"subjectId": key}, lambda shape: shape.record(group, targets))


def _overlaps(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two periods (`since`/`until`, None open) share a day."""
    return (a.get("until") is None or b.get("since") is None or b["since"] <= a["until"]) and (
        b.get("until") is None or a.get("since") is None or a["since"] <= b["until"]
    )


def add_plan(name: str, args: Mapping[str, Any]) -> Plan:
    """Add a record of an organisation in a target. CONFLICT when it already has one overlapping in time (with
    the same role, for a participation) or the id is taken; NOT_FOUND for a missing end. A participation given no
    dates runs over its target's (`datesDerived`), as the seed loader does."""
    group, data = GROUPS[name], args["input"]
    organisation = entity_key(ORGANISATION, data[ORGANISATION_FIELD], field="input." + ORGANISATION_FIELD)
    given = [(t, f) for t, f in target_fields(name).items() if data.get(f) is not None]
    if len(given) != 1:
        listed = " and ".join(target_fields(name).values())
        raise InvalidInputError(
            f"give exactly one of {listed}", field="input." + next(iter(target_fields(name).values()))
        )
    target_type, target_field = given[0]
    target = entity_key(target_type, data[target_field], field="input." + target_field)
    props = _derived(input_props(group.props, data, creating=True))
    check_periods(props)
    record = record_key(name, data["id"], field="input.id") if data.get("id") is not None else None
    key_prop = _key_prop(group)
    base = record_id(organisation, str(props[key_prop]) if key_prop else group.type, target)
    base = slug(base) if len(base) > 120 else base

    async def apply(step: Step) -> Done:
        params = {"organisation": organisation, "target": target, "key": props.get(key_prop or ""), "base": base,
                  "prefix": base + "-", "given": record}  # fmt: skip
        rec = await step.one(cypher.record_context(name, target_type, key_prop), params)
        assert rec is not None  # OPTIONAL MATCHes always return a row
        if not rec["hasOrganisation"]:
            raise NotFoundError(f"no {ORGANISATION} with id {organisation!r}", field="input." + ORGANISATION_FIELD)
        if rec["target"] is None:
            raise NotFoundError(f"no {target_type} with id {target!r}", field="input." + target_field)
        stored = dict(props)
        if _has(group, "datesDerived"):
            derived = "since" not in data and "until" not in data
            stored["datesDerived"] = derived
            if derived:
                t = rec["target"]
                stored |= {"since": t.get("startDate"), "sincePrecision": t.get("startDatePrecision"),
                           "until": t.get("endDate"), "untilPrecision": t.get("endDatePrecision")}  # fmt: skip
        for other in rec["same"]:
            if _overlaps(other, stored):
                raise ConflictError(
                    f"{global_id(ORGANISATION, organisation)} already has {name.lower()} {other['id']} in "
                    f"{global_id(target_type, target)} over an overlapping period",
                    field="input." + target_field,
                )
        if record is not None and rec["givenTaken"]:
            raise ConflictError(f"a {name} with id {record!r} already exists", field="input.id")
        key = record or _free(base, set(rec["taken"]))
        stored = {k: v for k, v in stored.items() if v is not None}
        made = await step.one(cypher.create_record(name, target_type),
                              {**params, "id": key, "props": stored, **step.audit()})  # fmt: skip
        assert made is not None  # both ends exist
        ends = {"organisation": organisation, "target": target, "targetType": target_type}
        change = Change(ChangeOp.CREATE, name, key, None, _view(ends, made["props"]), _related(ends), rec["sensitive"])
        return Done((change,), _subject(name, key))

    return Plan(apply)


def _free(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... whichever no record has."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def update_plan(name: str, args: Mapping[str, Any], *, ending: bool = False) -> Plan:
    """Change a record (omitted fields stay, null clears); with `ending`, set `until` on one still running
    (CONFLICT when it has ended already). STALE_UPDATE when `expectedVersion` is given and no longer holds."""
    group, data = GROUPS[name], args["input"]
    key = record_key(name, data["id"], field="input.id")
    expected = data.get("expectedVersion")
    given = {"until": data["until"]} if ending else data
    props = _derived(input_props(group.props, given, creating=False))
    if not props:
        raise InvalidInputError("give at least one field to change", field="input")
    if _has(group, "datesDerived") and ("since" in props or "until" in props):
        props["datesDerived"] = False

    async def apply(step: Step) -> Done:
        found = await step.locked(cypher.inspect_record(name), key, expected, type_name=name)
        before = found["props"]
        if ending and before.get("until") is not None and not before.get("datesDerived"):
            raise ConflictError(f"{name} {key} already ended on {before['until']}", field="input.until")
        check_periods({**before, **props})
        made = await step.one(cypher.update_record(name), {"id": key, "props": props, **step.audit()})
        assert made is not None  # locked above
        change = Change(ChangeOp.UPDATE, name, key, _view(found, before), _view(found, made["props"]),
                        _related(found), found["sensitive"])  # fmt: skip
        return Done((change,), _subject(name, key))

    return Plan(apply)


def delete_plan(name: str, args: Mapping[str, Any]) -> Plan:
    """Delete a record entered by mistake (ending one is `end`); STALE_UPDATE when `expectedVersion` no longer
    holds."""
    data = args["input"]
    key = record_key(name, data["id"], field="input.id")
    expected = data.get("expectedVersion")

    async def apply(step: Step) -> Done:
        found = await step.locked(cypher.inspect_record(name), key, expected, type_name=name)
        before = found["props"]
        await step.rows(cypher.delete_record(name), {"id": key})
        change = Change(ChangeOp.DELETE, name, key, _view(found, before), None, _related(found), found["sensitive"])
        return Done((change,), extra={"deletedId": f"{name}:{key}"})

    return Plan(apply)
