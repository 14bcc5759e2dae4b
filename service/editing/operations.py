"""Every mutation root field, derived from the registry: arguments, inputs, payload, role and plan."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import partial
from typing import Any, Final

from service.editing import entities, links, records
from service.editing.models import Plan
from service.editing.records import ORGANISATION_FIELD, target_fields
from service.model.catalog import ENTITY_TYPES, GROUPS, entity_props, writable
from service.model.enums import TokenRole
from service.model.graph import ORGANISATION
from service.model.spec import Prop, Shape, Write, field_name


class Kind(Enum):
    """The type of an input or payload field that is not a property of the registry."""

    ID = "ID"
    IDS = "[ID]"
    INT = "Int"
    STRING = "String"
    LINK_KIND = "LinkKind"


@dataclass(frozen=True)
class InputField:
    """A field of an input type, an argument, or an extra field of a payload: typed by its property, by `kind`,
    or as the input type `input` (a list of them when `many`)."""

    name: str
    description: str
    prop: Prop | None = None
    kind: Kind | None = None
    required: bool = False
    input: str | None = None
    many: bool = False


@dataclass(frozen=True)
class InputType:
    """An input object type."""

    name: str
    description: str
    fields: tuple[InputField, ...]


@dataclass(frozen=True)
class Payload:
    """A payload type: the read type it shows the changed object as (under `subject`), and its extra fields."""

    name: str
    description: str
    subject: str | None = None
    subject_type: str | None = None
    extra: tuple[InputField, ...] = ()


@dataclass(frozen=True)
class Operation:
    """A mutation root field: its name, description, arguments and payload, the role it needs, and how its
    coerced arguments become a plan (raising domain errors for bad input)."""

    name: str
    description: str
    role: TokenRole
    arguments: tuple[InputField, ...]
    payload: Payload
    prepare: Callable[[Mapping[str, Any]], Plan]

    @property
    def subject(self) -> str | None:
        return self.payload.subject


_DATE_HELP = " A date YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known (the precision is kept)."
_KEY_HELP = (
    "Idempotency key (1-200 visible ASCII characters): a retried request with the same key (per caller) is applied "
    "once and answers the first payload with `replayed: true`. The `Idempotency-Key` HTTP header works too (each "
    "mutation of the request claims it under its own response key)."
)
_ID: Final = InputField("id", 'Global id ("Type:key") or key of what to change.', kind=Kind.ID, required=True)
_VERSION: Final = InputField("expectedVersion", "The version you read; the change fails with STALE_UPDATE when it "
                             "has changed since.", kind=Kind.INT, required=True)  # fmt: skip
_OPTIONAL_VERSION: Final = InputField("expectedVersion", "Fail with STALE_UPDATE unless the version is still this.",
                                      kind=Kind.INT)  # fmt: skip


def _props(props: tuple[Prop, ...], *, creating: bool) -> tuple[InputField, ...]:
    return tuple(
        InputField(p.name, p.description + (_DATE_HELP if p.partial else ""), prop=p,
                   required=creating and p.write is Write.REQUIRED)
        for p in writable(props)
    )  # fmt: skip


def _article(name: str) -> str:
    """`an Organisation`, `a Project`."""
    return ("an " if name[0] in "AEIOU" else "a ") + name


INPUTS: dict[str, InputType] = {}
PAYLOADS: dict[str, Payload] = {}
OPERATIONS: dict[str, Operation] = {}


def _input(name: str, description: str, *fields: InputField) -> str:
    INPUTS[name] = InputType(name, description, fields)
    return name


def _operation(name: str, description: str, role: TokenRole, payload: Payload, prepare: Callable[..., Plan],
               *arguments: InputField) -> None:  # fmt: skip
    PAYLOADS[payload.name] = payload
    key = InputField("idempotencyKey", _KEY_HELP, kind=Kind.STRING)
    OPERATIONS[name] = Operation(name, description, role, (*arguments, key), payload, prepare)


def _one(input_name: str) -> InputField:
    return InputField("input", INPUTS[input_name].description, input=input_name, required=True)


_DELETE_PAYLOAD: Final = Payload("DeletePayload", "What a delete answers: the id of what is gone.",
                                 extra=(InputField("deletedId", "Global id of what was deleted (null when nothing "
                                                   "was).", kind=Kind.ID),))  # fmt: skip
_input("DeleteInput", "What to delete (admin).", _ID, _OPTIONAL_VERSION)

for _t in ENTITY_TYPES:
    _name, _field = _t.name, field_name(_t.name)
    _a = _article(_name)
    _payload = Payload(f"{_name}Payload", f"What a create or update of {_a} answers.", _field, _name)
    _links = tuple(
        InputField(r.create_input, f"What it is linked to by {r.type} ({r.target}: global ids or keys); the links are "
                   "made with it, all or nothing.", kind=Kind.IDS if r.shape is not Shape.ONE else Kind.ID)
        for r in _t.rels if r.create_input
    )  # fmt: skip
    _id = InputField("id", "Its key; by default " + (f"its {_t.id_from}." if _t.id_from else "a slug of its name."),
                     kind=Kind.ID)  # fmt: skip
    _input(f"Create{_name}Input", f"A new {_name}.", _id, *_props(entity_props(_name), creating=True), *_links)
    _input(f"Update{_name}Input", f"Changes to {_a}: omitted fields stay as they are, null clears.", _ID,
           _VERSION, *_props(entity_props(_name), creating=False))  # fmt: skip
    _operation(f"create{_name}", f"Create {_a} (editor).", TokenRole.EDITOR, _payload,
               partial(entities.create_plan, _name), _one(f"Create{_name}Input"))  # fmt: skip
    _operation(f"update{_name}", f"Change {_a} (editor)" + (", its kind included." if _name == ORGANISATION
               else "."), TokenRole.EDITOR, _payload, partial(entities.update_plan, _name),
               _one(f"Update{_name}Input"))  # fmt: skip
    _operation(f"delete{_name}", f"Delete {_a} with the links it owns (admin); WOULD_ORPHAN while anything "
               "else points at it.", TokenRole.ADMIN, _DELETE_PAYLOAD, partial(entities.delete_plan, _name),
               _one("DeleteInput"))  # fmt: skip

for _g in GROUPS.values():
    _name, _field = _g.name, field_name(_g.name)
    _payload = Payload(f"{_name}Payload", f"What a change to a {_name.lower()} answers.", _field, _name)
    _targets = target_fields(_name)
    _ends = (
        InputField(ORGANISATION_FIELD, "The organisation (global id or key).", kind=Kind.ID, required=True),
        *(InputField(f, f"The {t.lower()} (global id or key)" + (f"; give one of {', '.join(_targets.values())}."
                     if len(_targets) > 1 else "."), kind=Kind.ID, required=len(_targets) == 1)
          for t, f in _targets.items()),
        InputField("id", "Its key; by default `<organisation>--<role or member-of>--<target>`.",
                   kind=Kind.ID),
    )  # fmt: skip
    _until = next(p for p in _g.props if p.name == "until")
    _input(f"Add{_name}Input", f"A new {_name.lower()}.", *_ends, *_props(_g.props, creating=True))
    _input(f"Update{_name}Input", f"Changes to a {_name.lower()}: omitted fields stay as they are, null clears.",
           _ID, _VERSION, *_props(_g.props, creating=False))  # fmt: skip
    _input(
        f"End{_name}Input",
        f"When a running {_name.lower()} ended.",
        _ID,
        InputField("until", _until.description + _DATE_HELP, prop=_until, required=True),
        _OPTIONAL_VERSION,
    )
    _operation(f"add{_name}", f"Add a {_name.lower()} (editor).", TokenRole.EDITOR, _payload,
               partial(records.add_plan, _name), _one(f"Add{_name}Input"))  # fmt: skip
    _operation(f"update{_name}", f"Change a {_name.lower()} (editor).", TokenRole.EDITOR, _payload,
               partial(records.update_plan, _name), _one(f"Update{_name}Input"))  # fmt: skip
    _operation(f"end{_name}", f"End a running {_name.lower()} on a date (editor).", TokenRole.EDITOR, _payload,
               partial(records.update_plan, _name, ending=True), _one(f"End{_name}Input"))  # fmt: skip
    _operation(
        f"delete{_name}",
        f"Delete a {_name.lower()} entered by mistake (admin); one that ended is ended with end{_name}.",
        TokenRole.ADMIN,
        _DELETE_PAYLOAD,
        partial(records.delete_plan, _name),
        _one("DeleteInput"),
    )

_input(
    "LinkInput",
    "A structural link: its kind and its two ends.",
    InputField("kind", "What links the two.", kind=Kind.LINK_KIND, required=True),
    InputField("sourceId", "The entity the link starts from (global id or key).", kind=Kind.ID, required=True),
    InputField("targetId", "The entity the link points at (global id or key).", kind=Kind.ID, required=True),
)
_LINK_PAYLOAD: Final = Payload("LinkPayload", "What adding or removing a link answers.", "link", "Link")
_operation("linkEntities", "Add a structural link, e.g. a project to a country (editor).", TokenRole.EDITOR,
           _LINK_PAYLOAD, links.link_plan, _one("LinkInput"))  # fmt: skip
_operation("unlinkEntities", "Remove a structural link (editor); the payload shows it as it was.", TokenRole.EDITOR,
           _LINK_PAYLOAD, links.unlink_plan, _one("LinkInput"))  # fmt: skip
_operation(
    "bulkEditLinks",
    f"Remove, then add, up to {links.MAX_BULK_LINKS} structural links in one transaction: all of them or none (admin).",
    TokenRole.ADMIN,
    Payload(
        "BulkEditLinksPayload",
        "What a bulk change of links answers.",
        extra=(
            InputField("added", "How many links were added (null when nothing applied).", kind=Kind.INT),
            InputField("removed", "How many links were removed (null when nothing applied).", kind=Kind.INT),
        ),
    ),
    links.bulk_plan,
    InputField("add", "Links to add (after the removals).", input="LinkInput", many=True),
    InputField("remove", "Links to remove.", input="LinkInput", many=True),
)
