"""The read API's GraphQL types, generated at import time from the registry (service/model/graph.py).

Made here, not written out by hand: the enums, the operator inputs, every `where` and `orderBy` input, the Node,
Entity and Organisation interfaces, one object type per node type, connections and edges, and the record types
(Participation, Membership, Link). A property or relationship added to the registry appears in all of them.
Generating at import time (rather than checking in generated code) keeps one copy of the model in the repository;
`schema/schema.graphql` is the generated artifact that reviewers read, and a test fails when it is stale.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Any, Final

import strawberry

from service.engine.stats import STATS
from service.gql.build import REQUIRED, Arg, F, Namespace
from service.gql.scalars import Date, DateTime
from service.model import catalog as c
from service.model import enums as e
from service.model.graph import AUDIT, EDGE_GROUPS, EDGE_VIEWS, ENTITY_PROPS, NODE_TYPES, ORGANISATION
from service.model.spec import EdgeGroup, NodeType, Prop, Rel, Scalar, Shape

NS: Final = Namespace(__name__, globals())
NS.scope.update({"Date": Date, "DateTime": DateTime, "ID": strawberry.ID, "JSON": strawberry.scalars.JSON})

# -- enums ------------------------------------------------------------------------------------------------------------

# GraphQL names of model enums whose Python name reads differently in the schema.
_ENUM_NAMES: Final[dict[str, str]] = {"GapKind": "NetworkGapKind", "LinkChangeKind": "NetworkChangeKind"}
GQL_ENUMS: dict[type[Enum], type[Enum]] = {}


def gql_enum(model: type[StrEnum]) -> type[Enum]:
    """The GraphQL enum of a model enum (made once): same values, the members' docstrings as descriptions."""
    made = GQL_ENUMS.get(model)
    if made is not None:
        return made
    name = _ENUM_NAMES.get(model.__name__, model.__name__)
    members = {
        m.name: strawberry.enum_value(m.value, description=(m.__doc__ if m.__doc__ != model.__doc__ else None))
        for m in model
    }
    made = _strawberry_enum(name, members, model.__doc__)
    NS.scope[name] = made
    GQL_ENUMS[model] = made
    return made


def _strawberry_enum(name: str, members: dict[str, Any], description: str | None) -> type[Enum]:
    """A Strawberry enum made with the functional Enum API (values are enum_value definitions)."""
    functional: Any = Enum  # mypy types the functional API for plain values only
    made: type[Enum] = strawberry.enum(functional(name, members), name=name, description=description)
    return made


def enum_name(model: type[StrEnum]) -> str:
    """The GraphQL name of a model enum (registering it)."""
    return gql_enum(model).__name__


_OTHER_ENUMS: tuple[type[StrEnum], ...] = (
    *c.enum_types(),
    e.NetworkRole,
    e.NetworkLinkType,
    e.NetworkNodeKind,
    e.GapKind,
    e.LinkChangeKind,
    e.ChangeOp,
    e.SortDirection,
    e.UserErrorCode,
    c.LinkKind,
    c.EntityKind,
    c.ChangeEntity,
)
for _model in _OTHER_ENUMS:
    gql_enum(_model)

# -- scalars of properties, and their filters ---------------------------------------------------------------------

_SCALAR_TYPES: Final[dict[Scalar, str]] = {
    Scalar.STRING: "str",
    Scalar.INT: "int",
    Scalar.FLOAT: "float",
    Scalar.BOOL: "bool",
    Scalar.DATE: "Date",
    Scalar.DATETIME: "DateTime",
    Scalar.STRING_LIST: "list[str]",
    Scalar.URL_LIST: "list[str]",
}


def value_type(prop: Prop) -> str:
    """The annotation of a property's value, without nullability."""
    if prop.enum is not None:
        return enum_name(prop.enum)
    return _SCALAR_TYPES[prop.type]


def read_type(prop: Prop) -> str:
    """The annotation of a property as an output field."""
    base = value_type(prop)
    return base if not prop.nullable else f"{base} | None"


_EQ, _IN, _NULL = "Equal to this value.", "Equal to one of these values.", "true: unknown (null); false: known."
_COMPARE: Final = (
    ("gt", "Greater than (later than)."),
    ("gte", "Greater than or equal to (on or after)."),
    ("lt", "Less than (earlier than)."),
    ("lte", "Less than or equal to (on or before)."),
)


def _ordered_filter(name: str, value: str, description: str) -> str:
    fields = [F("eq", f"{value} | None", _EQ), F("in", f"list[{value}] | None", _IN)]
    fields += [F(op, f"{value} | None", text) for op, text in _COMPARE]
    NS.make(name, description, [*fields, F("isNull", "bool | None", _NULL)], kind="input")
    return name


_FILTERS: Final[dict[Scalar, str]] = {
    Scalar.STRING: NS.make(
        "StringFilter",
        "Conditions on a text field; contains and startsWith ignore case.",
        [
            F("eq", "str | None", "Equal to this text, exactly."),
            F("in", "list[str] | None", _IN),
            F("contains", "str | None", "Contains this text, ignoring case."),
            F("startsWith", "str | None", "Starts with this text, ignoring case."),
            F("isNull", "bool | None", _NULL),
        ],
        kind="input",
    ).__name__,
    Scalar.INT: _ordered_filter("IntFilter", "int", "Conditions on a whole-number field."),
    Scalar.FLOAT: _ordered_filter("FloatFilter", "float", "Conditions on a number field, such as a budget in euros."),
    Scalar.DATE: _ordered_filter("DateFilter", "Date", "Conditions on a date field (YYYY-MM-DD)."),
    Scalar.DATETIME: _ordered_filter("DateTimeFilter", "DateTime", "Conditions on an instant (ISO 8601)."),
    Scalar.BOOL: NS.make(
        "BooleanFilter",
        "Conditions on a true/false field.",
        [F("eq", "bool | None", _EQ), F("isNull", "bool | None", _NULL)],
        kind="input",
    ).__name__,
}
NS.make(
    "IDFilter",
    "Conditions on a global id; plain keys are accepted too.",
    [F("eq", "ID | None", _EQ), F("in", "list[ID] | None", _IN)],
    kind="input",
)


def filter_type(prop: Prop) -> str:
    """The operator input of a filterable property (an enum's `<Enum>Filter` made on first use)."""
    if prop.enum is None:
        return _FILTERS[prop.type]
    name = enum_name(prop.enum) + "Filter"
    if name not in NS.scope:
        value = enum_name(prop.enum)
        NS.make(
            name,
            f"Conditions on a {value} value.",
            [F("eq", f"{value} | None", _EQ), F("in", f"list[{value}] | None", _IN), F("isNull", "bool | None", _NULL)],
            kind="input",
        )
    return name


# -- where and orderBy inputs ------------------------------------------------------------------------------------------

WHERE_OWNERS: Final[tuple[str, ...]] = (*(t.name for t in c.ENTITY_TYPES), *c.VIEWS)


def _where_field(w: c.WhereField) -> F:
    match w.kind:
        case c.WhereKind.ID:
            return F(w.name, "IDFilter | None", w.description)
        case c.WhereKind.KEY:
            return F(w.name, "StringFilter | None", w.description)
        case c.WhereKind.PROP:
            assert w.prop is not None  # PROP fields name their property
            return F(w.name, f"{filter_type(w.prop)} | None", w.description)
        case c.WhereKind.ACTIVE_ON:
            return F(w.name, "Date | None", w.description)
        case _:
            return F(w.name, f"{w.target}Where | None", w.description)


for _owner in WHERE_OWNERS:
    _where = f"{_owner}Where"
    NS.make(
        _where,
        f"Conditions on {'a ' + _owner[0].lower() + _owner[1:] if _owner in c.VIEWS else 'a ' + _owner} "
        "(every condition given must hold).",
        [
            F("AND", f"list[{_where}] | None", "Every one of these conditions holds."),
            F("OR", f"list[{_where}] | None", "At least one of these conditions holds."),
            F("NOT", f"{_where} | None", "This condition does not hold."),
            *(_where_field(w) for w in c.where_fields(_owner)),
        ],
        kind="input",
    )

ORDER_OWNERS: Final[tuple[str, ...]] = (*(t.name for t in c.ENTITY_TYPES), *(g.name for g in EDGE_GROUPS))
_SORT = "Sort keys, most significant first; ties are broken by key. Default: by key."

for _owner in ORDER_OWNERS:
    _fields = c.order_fields(_owner)
    _enum_name = c.sort_enum_name(_owner)
    _members = {
        name: strawberry.enum_value(name, description="The key." if name == "KEY" else prop.description)
        for name, (_, prop) in _fields.items()
    }
    if _owner in c.GROUPS:
        _members[c.GROUPS[_owner].sort_name] = strawberry.enum_value(
            c.GROUPS[_owner].sort_name, description="The far organisation's, project's, programme's or network's name."
        )
    NS.scope[_enum_name] = _strawberry_enum(_enum_name, _members, f"Fields {_owner} lists sort by.")
    NS.make(
        f"{_owner}Order",
        f"One sort key for {_owner} lists.",
        [
            F("field", _enum_name, "The field to sort by.", default=REQUIRED),
            F(
                "direction",
                "SortDirection",
                "ASC (the default) or DESC; unknown values (null) sort last ascending and first descending.",
                default=GQL_ENUMS[e.SortDirection]["ASC"],
            ),
        ],
        kind="input",
    )

# -- interfaces, node types, connections, records ----------------------------------------------------------------------

_CURSOR = "Opaque cursor of this edge: pass it as `after` (or `before`) to page on from here."
_PAGE_ARGS: Final = (
    Arg("first", "int | None", "Page forwards: at most this many edges (default 20, at most 100)."),
    Arg("after", "str | None", "Page forwards from the edge with this cursor."),
    Arg("last", "int | None", "Page backwards: at most this many edges before `before` (at most 100)."),
    Arg("before", "str | None", "Page backwards from the edge with this cursor."),
)

NS.make(
    "PageInfo",
    "Where a page sits in its list (Relay).",
    [
        F("hasNextPage", "bool", "More edges follow this page."),
        F("hasPreviousPage", "bool", "Edges precede this page."),
        F("startCursor", "str | None", "Cursor of the first edge (null on an empty page)."),
        F("endCursor", "str | None", "Cursor of the last edge (null on an empty page)."),
    ],
)


def prop_fields(props: tuple[Prop, ...]) -> list[F]:
    """Output fields of exposed properties, each partial date followed by its precision."""
    out: list[F] = []
    for p in props:
        if not p.exposed:
            continue
        out.append(F(p.name, read_type(p), p.description))
        if p.precision is not None:
            out.append(F(p.precision.name, read_type(p.precision), p.precision.description))
    return out


def connection_name(rel: Rel) -> str:
    """The connection type of a relationship field of shape CONNECTION."""
    return f"{rel.edge or c.base_name(rel.target)}Connection"


def connection_args(where_owner: str, order_owner: str) -> tuple[Arg, ...]:
    """Arguments of a connection field: where, orderBy and the page."""
    return (
        Arg("where", f"{where_owner}Where | None", "Only edges matching these conditions."),
        Arg("orderBy", f"list[{order_owner}Order] | None", _SORT),
        *_PAGE_ARGS,
    )


def _rel_field(rel: Rel) -> F:
    target = c.base_name(rel.target) if rel.target in c.NODES else rel.target
    if rel.shape is Shape.ONE:
        return F(rel.name, f"{target} | None", rel.description)
    if rel.shape is Shape.LIST:
        return F(rel.name, f"list[{target}]", rel.description)
    order_owner = c.VIEWS[rel.edge].group if rel.edge else target
    return F(rel.name, connection_name(rel), rel.description, connection_args(rel.edge or target, order_owner))


def node_fields(t: NodeType) -> list[F]:
    """Every output field of a node type: id, key, properties, relationships."""
    return [
        F("id", "ID", 'Global id "<Type>:<key>", e.g. "Organisation:ba-moj".'),
        F("key", "str", "The stable key from the seed files, e.g. ba-moj or BA."),
        *prop_fields(t.props),
        *(_rel_field(r) for r in t.rels),
    ]


NODE: Final = NS.make(
    "Node",
    "An object with a global id (Relay): fetch it again with `node(id:)`.",
    node_fields(c.NODES["Region"])[:1],
    kind="interface",
)
ENTITY: Final = NS.make(
    "Entity",
    "Every node of the partner graph: named, sourced and marked for confidence.",
    [*node_fields(c.NODES["Region"])[1:2], *prop_fields(ENTITY_PROPS)],
    kind="interface",
    bases=(NODE,),
)
_ORG_INTERFACE: Final = NS.make(
    ORGANISATION,
    c.NODES[ORGANISATION].description,
    node_fields(c.NODES[ORGANISATION])[1:],
    kind="interface",
    bases=(ENTITY,),
)

NODE_CLASSES: dict[str, type] = {}
for _t in NODE_TYPES:
    if _t.abstract:
        continue
    NODE_CLASSES[_t.name] = NS.make(
        _t.name, _t.description, node_fields(_t), bases=(_ORG_INTERFACE if _t.implements else ENTITY,)
    )


def _connection(name: str, description: str, edge: str) -> None:
    """A Relay connection type over `edge`."""
    NS.make(
        name,
        description,
        [
            F("edges", f"list[{edge}]", "The page's edges, in the requested order."),
            F("pageInfo", "PageInfo", "Where this page sits in the whole list."),
            F("totalCount", "int", "How many edges match the filter in all (counted only when selected)."),
        ],
    )


for _t in c.ENTITY_TYPES:
    _edge = _t.edge_name or f"{_t.name}Edge"
    NS.make(_edge, f"A {_t.name} in a page of them.", [F("cursor", "str", _CURSOR), F("node", _t.name, "The node.")])
    _connection(f"{_t.name}Connection", f"A page of {_t.list_field or _t.name}.", _edge)


def record_fields(group: EdgeGroup) -> list[F]:
    """The fields every edge of a record's connections and its read type share: key and properties."""
    return [F("key", "str", "The record's stable key."), *prop_fields(group.props)]


for _view in EDGE_VIEWS:
    _group = c.GROUPS[_view.group]
    _target = next(r.target for t in NODE_TYPES for r in t.rels if r.edge == _view.name)
    NS.make(
        f"{_view.name}Edge",
        _view.description,
        [F("cursor", "str", _CURSOR), *record_fields(_group), F("node", c.base_name(_target), _view.node_description)],
    )
    _connection(
        f"{_view.name}Connection",
        f"A page of {_view.description[0].lower()}{_view.description[1:].rstrip('.')}.",
        f"{_view.name}Edge",
    )

# Record read types: what a mutation of a participation or membership returns, with both ends.
for _group in EDGE_GROUPS:
    NS.make(
        _group.name,
        _group.description,
        [
            F("id", "ID", f'Global id "{_group.name}:<key>".'),
            *record_fields(_group),
            *(
                F(end, f"{t} | None", f"The {end} (null when of the other kind, or hidden from the caller).")
                for end, t in c.record_ends(_group.name).items()
            ),
        ],
    )

NS.make(
    "Link",
    "A structural link between two entities (see LinkKind).",
    [
        F("id", "ID", "`<sourceKey>|<RELATIONSHIP>|<targetKey>`, as in the change log."),
        F("kind", "LinkKind", "What links the two."),
        F("source", "Entity | None", "The entity the link starts from (null when hidden from the caller)."),
        F("target", "Entity | None", "The entity the link points at (null when hidden from the caller)."),
        *prop_fields(tuple(p for p in AUDIT if p.name in ("createdAt", "updatedBy"))),
    ],
)

# -- root fields of the read API --------------------------------------------------------------------------------------

_NULL = " Null when there is none (or the caller may not see it)."
_ID = 'Global id ("Project:x") or plain key ("x").'


def read_root_fields() -> list[F]:
    """Query fields the engine's read handlers answer (service/engine/reads.py)."""
    fields = [
        F(
            t.list_field,
            f"{t.name}Connection",
            f"{t.list_field[0].upper()}{t.list_field[1:]}, filtered, sorted and a page at a time.",
            connection_args(t.name, t.name),
        )
        for t in c.ENTITY_TYPES
        if t.list_field
    ]
    for t in c.ENTITY_TYPES:
        if t.lookup_field is None:
            continue
        if t.name == "Country":
            args: tuple[Arg, ...] = (Arg("code", "str", "ISO alpha-2 or alpha-3 code, any case (ba, BIH).", REQUIRED),)
            text = "The country with this ISO code."
        elif t.name == ORGANISATION:
            args = (Arg("id", "ID | None", _ID), Arg("acronym", "str | None", "The acronym, exactly, e.g. ENNHRI."))
            text = "The organisation with this id, or with this acronym when exactly one has it."
        else:
            args = (Arg("id", "ID", _ID, REQUIRED),)
            text = f"The {t.name} with this id."
        fields.append(F(t.lookup_field, f"{t.name} | None", text + _NULL, args))
    fields += [
        F(
            "node",
            "Node | None",
            "The object with this global id (Relay)." + _NULL,
            (Arg("id", "ID", 'Global id, e.g. "Organisation:ba-moj".', REQUIRED),),
        ),
        F(
            "nodes",
            "list[Node | None]",
            "The objects with these global ids, in the same order; null where none.",
            (Arg("ids", "list[ID]", "Global ids (at most 100).", REQUIRED),),
        ),
        F(
            "search",
            "list[SearchHit]",
            "Full-text search over names, titles, acronyms and other names; case and "
            "diacritics are folded (Turkiye finds Türkiye), words match whole or as prefixes, best hits first.",
            (
                Arg("text", "str", "Words to find (all must match).", REQUIRED),
                Arg("kinds", "list[EntityKind] | None", "Only these kinds of entity (default: all)."),
                Arg("first", "int", "At most this many hits (at most 100).", 20),
            ),
        ),
        *(
            F(
                name,
                f"{spec.label}Stats",
                spec.description,
                (Arg("where", f"{spec.label}Where | None", f"Only these {c.NODES[spec.label].list_field}."),),
            )
            for name, spec in STATS.items()
        ),
    ]
    return fields


NS.make(
    "SearchHit",
    "One full-text search result.",
    [
        F("score", "float", "Relevance; hits come best first."),
        F("node", "Entity", "The matching entity; ask for its fields with `... on Type`."),
    ],
)
NS.make(
    "StatBucket",
    "One group of a breakdown, largest first (ties by key).",
    [
        F("key", "str", "What the group is: a key (BA, prog-hf2) or a value (ACTIVE, 2019)."),
        F("label", "str", "A readable name for the group."),
        F("count", "int", "How many of the counted things fall in the group."),
        F("budgetEur", "float | None", "Sum of the known budgets in the group (null where budgets do not apply)."),
    ],
)
for _spec in STATS.values():
    NS.make(
        f"{_spec.label}Stats",
        _spec.type_description,
        [
            F("count", "int", _spec.count_description),
            *([F("budgetEur", "float", _spec.budget_description)] if _spec.budget_description else []),
            *(F(name, "list[StatBucket]", b.description) for name, b in _spec.buckets.items()),
        ],
    )


def type_of(name: str) -> Any:
    """A generated type (or enum) by its GraphQL name."""
    return NS.scope[name]
