"""Create, update and delete entities of every type the registry declares (organisation kinds as Organisation)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, Final

from service.core.errors import ConflictError, InvalidInputError, NotFoundError, WouldOrphanError
from service.editing import cypher
from service.editing.links import LinkRef, link_change
from service.editing.models import Change, Done, Plan, Step, Subject, TokenRefusedError, refusal, stale
from service.editing.rules import check_kind_props, check_periods, cleared_by_kind, entity_key, input_props
from service.model.catalog import LINK_TYPES, NODES, base_name, entity_props, kind_type
from service.model.enums import ChangeOp
from service.model.graph import ORGANISATION
from service.model.ids import global_id, slug
from service.model.spec import NodeType, Rel

# The LinkKind of a relationship type leaving an entity type: (source, type) -> kind.
_LINK_KIND: Final = {(rt.source, rt.type): name for name, rt in LINK_TYPES.items()}
_REFUSED_BY_RECORD: Final = frozenset({"NOT_FOUND", "STALE_UPDATE"})


def _input_field(node: NodeType, prop: str) -> str:
    """The input field that sets a stored property (a project's `name` is set through `title`)."""
    return node.name_from if prop == "name" and node.name_from else prop


def _check_after(node: NodeType, after: Mapping[str, Any], conflict: str | None) -> None:
    """The rules the entity as written must keep; raising rolls the write back."""
    check_periods(after)
    if node.name == ORGANISATION:
        check_kind_props(after)
    if conflict is not None:
        prop, other = conflict.split("|", 1)
        raise ConflictError(
            f"a {node.name} with this {prop} already exists: {global_id(node.name, other)}",
            field="input." + _input_field(node, prop),
        )


def _subject(type_name: str, key: str) -> Subject:
    return Subject(cypher.entity_subject(type_name), {"subjectId": key}, lambda shape: shape.node("x", type_name))


def create_plan(type_name: str, args: Mapping[str, Any]) -> Plan:
    """Create an entity with the links its input names; CONFLICT for a taken id or natural key, NOT_FOUND for a
    missing link target; nothing is written when any part fails."""
    node, data = NODES[type_name], args["input"]
    props = input_props(entity_props(type_name), data, creating=True)
    if node.name_from:
        props["name"] = props[node.name_from]
    check_periods(props)
    labels = node.node_label
    if type_name == ORGANISATION:
        check_kind_props(props)
        labels = f"{ORGANISATION}:{kind_type(props['kind']).node_label}"
    if data.get("id") is not None:
        key = entity_key(type_name, data["id"], field="input.id")
    else:
        key = str(props[node.id_from]) if node.id_from else slug(str(props["name"]))
    links: list[tuple[Rel, list[str]]] = []
    for rel in node.rels:
        given = data.get(rel.create_input) if rel.create_input else None
        if given is None:
            continue
        field = f"input.{rel.create_input}"
        keys = [
            entity_key(base_name(rel.target), v, field=field) for v in (given if isinstance(given, list) else [given])
        ]
        links.append((rel, list(dict.fromkeys(keys))))

    async def apply(step: Step) -> Done:
        targets = [(rel, k) for rel, keys in links for k in keys]
        types = [type_name, *(base_name(rel.target) for rel, _ in targets)]
        rec = await step.one(cypher.lookup(types), {"keys": [key, *(k for _, k in targets)]})
        assert rec is not None  # a RETURN always returns its row
        if rec["found"][0] is not None:
            raise ConflictError(f"{global_id(type_name, key)} already exists", field="input.id")
        for (rel, k), hit in zip(targets, rec["found"][1:], strict=True):
            if hit is None:
                field = f"input.{rel.create_input}"
                raise NotFoundError(f"{field}: no {base_name(rel.target)} with id {k!r}", field=field)
        params = {"props": props, "id": key, "links": [keys for _, keys in links], **step.audit()}
        made = await step.one(cypher.create_entity(type_name, labels, [rel for rel, _ in links]), params)
        assert made is not None  # CREATE returns its row
        _check_after(node, made["props"], made["conflict"])
        sensitive = bool(made["props"].get("sensitive"))
        changes = [Change(ChangeOp.CREATE, type_name, key, None, made["props"], (global_id(type_name, key),),
                          sensitive)]  # fmt: skip
        for (rel, _), created in zip(links, made["links"], strict=True):
            kind = _LINK_KIND[(type_name, rel.type)]
            for link in created:
                ref = LinkRef(kind, key, link["target"], f"input.{rel.create_input}")
                changes.append(
                    link_change(ChangeOp.CREATE, ref, link["props"], sensitive=sensitive or link["sensitive"])
                )
        return Done(tuple(changes), _subject(type_name, key))

    return Plan(apply)


def update_plan(type_name: str, args: Mapping[str, Any]) -> Plan:
    """Update an entity in one statement when its version is still `expectedVersion` (else STALE_UPDATE);
    omitted fields stay, null clears. Changing an organisation's kind moves its kind label and clears the
    properties the new kind lacks."""
    node, data = NODES[type_name], args["input"]
    key = entity_key(type_name, data["id"], field="input.id")
    expected = int(data["expectedVersion"])
    props = input_props(entity_props(type_name), data, creating=False)
    if not props:
        raise InvalidInputError("give at least one field to change", field="input")
    if node.name_from and node.name_from in props:
        props["name"] = props[node.name_from]
    kind_label = None
    if type_name == ORGANISATION and props.get("kind") is not None:
        props |= cleared_by_kind(props["kind"], data)
        check_kind_props(props)
        kind_label = kind_type(props["kind"]).node_label
    check_key = any(k in props for k in node.natural_key)
    gid = global_id(type_name, key)

    async def apply(step: Step) -> Done:
        value = step.shape.node("x", type_name)
        statement = cypher.update_entity(type_name, kind_label=kind_label, check_key=check_key, value=value)
        change = Change(ChangeOp.UPDATE, type_name, key, None, None, (gid,))
        params = {
            **step.audit(),
            **step.shape.params(),
            "role": step.stamp.role,
            "checkToken": step.check_token,
            "id": key,
            "expectedVersion": expected,
            "props": props,
            "event": change.event(step.stamp, step.operation),
        }
        rec = await step.one(statement, params)
        assert rec is not None  # the statement always returns its row
        problem = rec["problem"]
        if problem is not None and problem not in _REFUSED_BY_RECORD:
            raise TokenRefusedError(refusal(problem, step.stamp.token_id))
        if problem == "NOT_FOUND":
            raise NotFoundError(f"no {type_name} with id {key!r}", field="input.id")
        if problem == "STALE_UPDATE":
            raise stale(gid, rec["current"], expected)
        _check_after(node, rec["after"], rec["conflict"])
        return Done(seq=int(rec["seq"]), values=rec["value"])

    return Plan(apply, single=True)


def delete_plan(type_name: str, args: Mapping[str, Any]) -> Plan:
    """Delete an entity with the links it owns; WOULD_ORPHAN while other records or links point at it."""
    data = args["input"]
    key = entity_key(type_name, data["id"], field="input.id")
    expected = data.get("expectedVersion")
    gid = global_id(type_name, key)

    async def apply(step: Step) -> Done:
        found = await step.locked(cypher.inspect_entity(type_name), key, expected, type_name=type_name)
        before = found["props"]
        if found["blockers"]:
            listed = ", ".join(f"{n} {t}" for t, n in sorted(Counter(found["blockers"]).items()))
            raise WouldOrphanError(f"{gid} still has {listed}; end or move those first", field="input.id")
        gone = await step.one(cypher.delete_entity(type_name), {"id": key})
        assert gone is not None  # found above, under the lock
        sensitive = bool(before.get("sensitive"))
        changes = [Change(ChangeOp.DELETE, type_name, key, before, None, (gid,), sensitive)]
        for link in gone["links"]:
            kind = _LINK_KIND.get((type_name, link["type"]))
            if kind is not None:
                ref = LinkRef(kind, key, link["target"], "input.id")
                changes.append(
                    link_change(ChangeOp.DELETE, ref, link["props"], sensitive=sensitive or link["sensitive"])
                )
        return Done(tuple(changes), extra={"deletedId": gid})

    return Plan(apply)
