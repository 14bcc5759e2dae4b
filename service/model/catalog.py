"""Lookups derived from the registry (model/graph.py): by name, by label, by global-id prefix; the derived enums."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any, Final

from service.model.enums import DocEnum
from service.model.graph import EDGE_GROUPS, EDGE_VIEWS, NODE_TYPES, ORGANISATION, REL_TYPES
from service.model.spec import (
    EdgeGroup,
    EdgeView,
    NodeType,
    Prop,
    Rel,
    RelFilter,
    RelType,
    Scalar,
    field_name,
    snake_upper,
)

NODES: Final[dict[str, NodeType]] = {t.name: t for t in NODE_TYPES}
GROUPS: Final[dict[str, EdgeGroup]] = {g.name: g for g in EDGE_GROUPS}
VIEWS: Final[dict[str, EdgeView]] = {v.name: v for v in EDGE_VIEWS}
GROUP_BY_TYPE: Final[dict[str, EdgeGroup]] = {g.type: g for g in EDGE_GROUPS}

# The concrete types an abstract type stands for; a concrete type stands for itself.
KINDS: Final[tuple[NodeType, ...]] = tuple(t for t in NODE_TYPES if t.implements == ORGANISATION)
CONCRETE: Final[dict[str, tuple[str, ...]]] = {t.name: (t.name,) for t in NODE_TYPES if not t.abstract} | {
    ORGANISATION: tuple(k.name for k in KINDS)
}
# Entity types: what the API creates, updates and deletes (kinds are edited as Organisation).
ENTITY_TYPES: Final[tuple[NodeType, ...]] = tuple(t for t in NODE_TYPES if t.implements is None)


def base_name(type_name: str) -> str:
    """The entity type a node type belongs to: Organisation for every kind, else itself."""
    return NODES[type_name].implements or type_name


def match_label(type_name: str) -> str:
    """The label every node of a (possibly abstract) type carries, for MATCH patterns."""
    return base_name(type_name) if NODES[type_name].implements else NODES[type_name].node_label


def is_private(type_name: str) -> bool:
    """True for organisations (abstract or kind), which every read filters by the privacy rule."""
    return base_name(type_name) == ORGANISATION


# Global ids are "<prefix>:<key>"; every organisation kind shares the prefix "Organisation" (MODEL.md).
PREFIX_TYPES: Final[dict[str, str]] = {t.name: t.name for t in ENTITY_TYPES}


def kind_type(kind_value: str) -> NodeType:
    """The node type of an OrganisationKind value."""
    return next(k for k in KINDS if k.kind_value == kind_value)


def writable(props: tuple[Prop, ...]) -> tuple[Prop, ...]:
    """The properties an input may set."""
    return tuple(p for p in props if p.settable)


@cache  # one tuple for the process: model/values.py keeps what it derives from a tuple by the tuple's identity
def org_props() -> tuple[Prop, ...]:
    """Organisation's properties with every kind's own ones after them, once each."""
    seen = {p.name for p in NODES[ORGANISATION].props}
    extra = [p for k in KINDS for p in k.props if p.name not in seen and not seen.add(p.name)]  # type: ignore[func-returns-value]
    return (*NODES[ORGANISATION].props, *extra)


@cache
def entity_props(type_name: str) -> tuple[Prop, ...]:
    """Every property an entity of this type may hold (for Organisation: every kind's)."""
    return org_props() if type_name == ORGANISATION else NODES[type_name].props


# -- derived enums ----------------------------------------------------------------------------------------------------


def link_name(r: RelType) -> str:
    """The LinkKind of a structural relationship type: SOURCE_TYPE_TARGET, the target not repeated when the
    type names it already (COUNTRY_IN_REGION, ACTION_PLAN_FOR_COUNTRY)."""
    target = snake_upper(r.target)
    tail = "" if r.type.endswith("_" + target) else "_" + target
    return f"{snake_upper(r.source)}_{r.type}{tail}"


LINK_TYPES: Final[dict[str, RelType]] = {link_name(r): r for r in REL_TYPES if r.link}


def derived_enum(name: str, doc: str, members: list[tuple[str, tuple[str, str]]]) -> type[DocEnum]:
    """A DocEnum made from (member name, (value, description)) pairs derived from the registry."""
    functional: Any = DocEnum  # the functional Enum API, which mypy types for plain str values only
    made: type[DocEnum] = functional(name, members)
    made.__doc__ = doc
    return made


LinkKind = derived_enum(
    "LinkKind",
    "A structural link: SOURCE_RELATIONSHIP_TARGET (schema/MODEL.md).",
    [(name, (name, r.description)) for name, r in LINK_TYPES.items()],
)
EntityKind = derived_enum(
    "EntityKind",
    "The kinds of entity: what search can return, and what an id can name.",
    [(t.search_kind, (t.search_kind, t.description)) for t in ENTITY_TYPES if t.search_kind],
)
ENTITY_KIND_TYPES: Final[dict[str, str]] = {t.search_kind: t.name for t in ENTITY_TYPES if t.search_kind}

ChangeEntity = derived_enum(
    "ChangeEntityType",
    "What a change is about: an entity kind, a participation, a membership or a structural link.",
    [(snake_upper(t.name), (t.name, t.description)) for t in ENTITY_TYPES]
    + [(snake_upper(g.name), (g.name, g.description)) for g in EDGE_GROUPS]
    + [("LINK", ("Link", "A structural link (see LinkKind)."))],
)


@cache
def order_fields(owner: str) -> dict[str, tuple[bool, Prop]]:
    """Sort fields of a node type or edge group: enum value -> (on the relationship?, property); KEY first."""
    key = Prop("id", Scalar.STRING, "The key.", nullable=False)
    if owner in GROUPS:
        out: dict[str, tuple[bool, Prop]] = {"KEY": (True, key)}
        out |= {p.sort: (True, p) for p in GROUPS[owner].props if p.sort}
        name = next(p for p in NODES[ORGANISATION].props if p.name == "name")
        out[GROUPS[owner].sort_name] = (False, name)
        return out
    return {"KEY": (False, key)} | {p.sort: (False, p) for p in NODES[owner].props if p.sort}


def view_target(view: EdgeView, owner: str) -> str:
    """The far node type of an edge view seen from a node type (a participant's organisation, ...)."""
    for t in NODE_TYPES:
        for r in t.rels:
            if r.edge == view.name and (t.name == owner or base_name(t.name) == owner):
                return r.target
    raise KeyError(view.name)


def sort_enum_name(owner: str) -> str:
    """The GraphQL order-field enum of a node type or edge group: `ProjectOrderField`."""
    return f"{owner}OrderField"


def enum_types() -> list[type[StrEnum]]:
    """Every enum a property of the registry uses, once each, in declaration order."""
    seen: dict[str, type[StrEnum]] = {}
    for t in NODE_TYPES:
        for p in t.props:
            if p.enum is not None:
                seen.setdefault(p.enum.__name__, p.enum)
    for g in EDGE_GROUPS:
        for p in g.props:
            if p.enum is not None:
                seen.setdefault(p.enum.__name__, p.enum)
    return list(seen.values())


# -- where inputs -----------------------------------------------------------------------------------------------------


class WhereKind(StrEnum):
    """What a where-input field tests."""

    ID = "id"  # global ids (or plain keys) of the owner
    KEY = "key"  # the stored key
    PROP = "prop"  # a property of the node, or of the relationship in an edge where
    REL = "rel"  # some (or, negated, no; or the one) related node or record matches
    FAR = "far"  # in an edge where: the far node matches
    ACTIVE_ON = "activeOn"  # started on or before a day and not ended before it


@dataclass(frozen=True)
class WhereField:
    """One field of a where input: its name, what it tests, and the where input it nests (`target`)."""

    name: str
    kind: WhereKind
    description: str
    prop: Prop | None = None
    on_rel: bool = False
    rel: Rel | None = None
    negate: bool = False
    target: str | None = None  # a node type name or an edge view name


_ACTIVE = "Started on or before this date and not ended before it (an unknown end counts as still running)."


@cache
def where_fields(owner: str) -> tuple[WhereField, ...]:
    """The fields of the where input of a node type (`Project`) or an edge view (`Participant`)."""
    if owner in VIEWS:
        view = VIEWS[owner]
        group = GROUPS[view.group]
        out = [WhereField("key", WhereKind.KEY, "The record's key.", on_rel=True)]
        out += [WhereField(p.name, WhereKind.PROP, p.description, prop=p, on_rel=True) for p in group.props
                if p.filter and p.exposed]  # fmt: skip
        far = next(r.target for t in NODE_TYPES for r in t.rels if r.edge == view.name)
        far_owner = base_name(far) if far in NODES else far
        out.append(WhereField(view.far_field, WhereKind.FAR, f"The {view.far_field} matches this.", target=far_owner))
        return tuple(out)
    node = NODES[owner]
    out = [
        WhereField("id", WhereKind.ID, "The global id (or plain key)."),
        WhereField("key", WhereKind.KEY, "The stable key from the seed files, e.g. ba-moj."),
    ]
    out += [WhereField(p.name, WhereKind.PROP, p.description, prop=p) for p in entity_props(owner)
            if p.filter and p.exposed]  # fmt: skip
    if "activeOn" in node.extra_filters:
        out.append(WhereField("activeOn", WhereKind.ACTIVE_ON, _ACTIVE))
    for rel in node.rels:
        target = rel.edge or base_name(rel.target)
        for name, how in rel.where_names:
            if how is RelFilter.ONE:
                text = f"{rel.description.rstrip('.')}: matches this."
            elif how is RelFilter.NONE:
                text = f"None of: {rel.description[0].lower()}{rel.description[1:].rstrip('.')}, matches this."
            else:
                text = f"At least one of: {rel.description[0].lower()}{rel.description[1:].rstrip('.')}, matches this."
            out.append(WhereField(name, WhereKind.REL, text, rel=rel, negate=how is RelFilter.NONE, target=target))
    return tuple(out)


@cache
def record_targets(group: str) -> tuple[str, ...]:
    """The node types a record of `group` points at (a participation: Project, Programme), in the registry's order."""
    return tuple(r.target for r in REL_TYPES if r.group == group)


@cache
def record_ends(group: str) -> Mapping[str, str]:
    """A record's end fields and their node types: the organisation, then each target (`project`: Project, ...)."""
    return {field_name(ORGANISATION): ORGANISATION} | {field_name(t): t for t in record_targets(group)}
