"""Structural links (LinkKind): add one, remove one, or remove and add many in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from service.core.errors import ConflictError, InvalidInputError, LimitExceededError, NotFoundError
from service.editing import cypher
from service.editing.models import Change, Done, Plan, Step, Subject
from service.editing.rules import entity_key
from service.model.catalog import LINK_TYPES, base_name
from service.model.enums import ChangeOp
from service.model.ids import global_id

MAX_BULK_LINKS: Final = 500
LINK: Final = "Link"  # the ChangeEntity value of structural links


@dataclass(frozen=True)
class LinkRef:
    """One structural link named by its kind and its ends' keys; `field` is where the input names it."""

    kind: str
    source: str
    target: str
    field: str

    @classmethod
    def parse(cls, data: Mapping[str, Any], field: str) -> LinkRef:
        """The link a LinkInput names; BAD_USER_INPUT (at `field`.sourceId/targetId) for ids of another type."""
        kind = str(data["kind"])
        rt = LINK_TYPES[kind]
        source = entity_key(base_name(rt.source), data["sourceId"], field=f"{field}.sourceId")
        target = entity_key(base_name(rt.target), data["targetId"], field=f"{field}.targetId")
        return cls(kind, source, target, field)

    @property
    def id(self) -> str:
        """The link's id, as in the change log: `<source>|<TYPE>|<target>`."""
        return f"{self.source}|{LINK_TYPES[self.kind].type}|{self.target}"

    @property
    def params(self) -> dict[str, str]:
        return {"a": self.source, "b": self.target}


def link_change(op: ChangeOp, ref: LinkRef, props: Mapping[str, Any] | None, *, sensitive: bool) -> Change:
    """The change-log entry of adding or removing a structural link."""
    rt = LINK_TYPES[ref.kind]
    body = {"kind": ref.kind, "source": ref.source, "target": ref.target, **(props or {})}
    return Change(
        op=op,
        entity=LINK,
        entity_id=ref.id,
        before=body if op is ChangeOp.DELETE else None,
        after=None if op is ChangeOp.DELETE else body,
        related=(global_id(rt.source, ref.source), global_id(rt.target, ref.target)),
        sensitive=sensitive,
    )


async def _context(step: Step, ref: LinkRef) -> dict[str, Any]:
    rec = await step.one(cypher.link_context(ref.kind), ref.params)
    assert rec is not None  # OPTIONAL MATCHes always return a row
    rt = LINK_TYPES[ref.kind]
    if not rec["hasSource"]:
        raise NotFoundError(f"{ref.field}.sourceId: no {base_name(rt.source)} with id {ref.source!r}",
                            field=f"{ref.field}.sourceId")  # fmt: skip
    if not rec["hasTarget"]:
        raise NotFoundError(f"{ref.field}.targetId: no {base_name(rt.target)} with id {ref.target!r}",
                            field=f"{ref.field}.targetId")  # fmt: skip
    return rec


async def add_link(step: Step, ref: LinkRef) -> Change:
    """Add one link; CONFLICT when it exists, NOT_FOUND for a missing end, BAD_USER_INPUT for a loop."""
    rt = LINK_TYPES[ref.kind]
    if rt.source == rt.target and ref.source == ref.target:
        raise InvalidInputError(f"{ref.field}: an entity cannot link to itself", field=f"{ref.field}.targetId")
    rec = await _context(step, ref)
    if rec["linked"]:
        raise ConflictError(
            f"{global_id(rt.source, ref.source)} already has {rt.type} to {global_id(rt.target, ref.target)}",
            field=ref.field,
        )
    if rec["cycle"]:
        raise InvalidInputError(f"{ref.field}: this {rt.type} link would close a cycle", field=f"{ref.field}.targetId")
    made = await step.one(cypher.create_link(ref.kind), {**ref.params, **step.audit()})
    assert made is not None  # both ends exist
    return link_change(ChangeOp.CREATE, ref, made["props"], sensitive=rec["sensitive"])


async def remove_link(step: Step, ref: LinkRef) -> Change:
    """Remove one link; NOT_FOUND when it (or an end) does not exist."""
    rec = await _context(step, ref)
    gone = await step.one(cypher.delete_link(ref.kind), ref.params)
    if gone is None:
        rt = LINK_TYPES[ref.kind]
        raise NotFoundError(
            f"{global_id(rt.source, ref.source)} has no {rt.type} link to {global_id(rt.target, ref.target)}",
            field=ref.field,
        )
    return link_change(ChangeOp.DELETE, ref, gone["before"], sensitive=rec["sensitive"])


def _subject(ref: LinkRef, props: str, removed: Mapping[str, Any] | None = None) -> Subject:
    params: dict[str, Any] = {"subjectSource": ref.source, "subjectTarget": ref.target}
    if removed is not None:
        params["removed"] = dict(removed)
    return Subject(cypher.link_subject(ref.kind), params, lambda shape: shape.link(ref.kind, props))


def link_plan(args: Mapping[str, Any]) -> Plan:
    """linkEntities: add the link the input names; the payload shows it."""
    ref = LinkRef.parse(args["input"], "input")

    async def apply(step: Step) -> Done:
        return Done((await add_link(step, ref),), _subject(ref, "r"))

    return Plan(apply)


def unlink_plan(args: Mapping[str, Any]) -> Plan:
    """unlinkEntities: remove the link the input names; the payload shows it as it was."""
    ref = LinkRef.parse(args["input"], "input")

    async def apply(step: Step) -> Done:
        change = await remove_link(step, ref)
        return Done((change,), _subject(ref, "$removed", change.before))

    return Plan(apply)


def bulk_plan(args: Mapping[str, Any]) -> Plan:
    """bulkEditLinks: remove, then add, every link named; all of them or (on any error) none."""
    add, remove = args.get("add") or [], args.get("remove") or []
    if not add and not remove:
        raise InvalidInputError("give at least one link to add or remove", field="add")
    if len(add) + len(remove) > MAX_BULK_LINKS:
        raise LimitExceededError(f"at most {MAX_BULK_LINKS} links per bulk change", field="add")
    removes = [LinkRef.parse(x, f"remove[{i}]") for i, x in enumerate(remove)]
    adds = [LinkRef.parse(x, f"add[{i}]") for i, x in enumerate(add)]

    async def apply(step: Step) -> Done:
        changes = [await remove_link(step, ref) for ref in removes]
        changes += [await add_link(step, ref) for ref in adds]
        return Done(tuple(changes), extra={"added": len(adds), "removed": len(removes)})

    return Plan(apply)
