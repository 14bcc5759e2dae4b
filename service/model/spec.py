"""The vocabulary the registry (model/graph.py) is written in: properties, relationships, node types, edges."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

EnumClass = type[StrEnum]  # (inside Prop, `type` names a field)


class Scalar(Enum):
    """How a property is stored and typed; decides its GraphQL scalar, its filter operators and its cursor tag."""

    STRING = "String"
    INT = "Int"
    FLOAT = "Float"
    BOOL = "Boolean"
    DATE = "Date"  # ISO `YYYY-MM-DD` strings (lexical order is date order)
    DATETIME = "DateTime"  # ISO 8601 instants in UTC, stored as strings
    ENUM = "enum"
    STRING_LIST = "[String]"
    URL_LIST = "[URL]"  # http(s) URLs, typed [String!] in GraphQL

    @property
    def is_list(self) -> bool:
        return self in (Scalar.STRING_LIST, Scalar.URL_LIST)

    @property
    def is_text(self) -> bool:
        return self in (Scalar.STRING, Scalar.STRING_LIST, Scalar.URL_LIST)


class Write(Enum):
    """Whether the API writes a property: never (audit, derived), optionally, or always on create."""

    NEVER = "never"
    OPTIONAL = "optional"
    REQUIRED = "required"


class Partial(Enum):
    """A date a source may give as YYYY or YYYY-MM: stored as the first (START) or last (END) day of the period,
    with its precision in `<name>Precision`."""

    START = "start"
    END = "end"


class Shape(Enum):
    """How a relationship field answers: one node or null, a small list, or a paginated connection."""

    ONE = "one"
    LIST = "list"
    CONNECTION = "connection"


class RelFilter(Enum):
    """The where-input fields a relationship field contributes: `<name>Some`, `<name>None`, or `<name>`
    (for a field of shape ONE: the related node matches)."""

    SOME = "Some"
    NONE = "None"
    ONE = ""


MAX_TEXT = 2_000
MAX_LIST = 200


def field_name(type_name: str) -> str:
    """The field naming a node type at the root, in a record's read type, an input or a payload (`ActionPlan` ->
    `actionPlan`)."""
    return type_name[0].lower() + type_name[1:]


def snake_upper(name: str) -> str:
    """`ActionPlan` -> `ACTION_PLAN`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


@dataclass(frozen=True)
class Prop:
    """A stored property; its GraphQL field and its graph property share `name` (camelCase, MODEL.md)."""

    name: str
    type: Scalar
    description: str
    enum: EnumClass | None = None
    nullable: bool = True  # the GraphQL field may be null (non-null lists and flags read a default)
    write: Write = Write.OPTIONAL
    filter: bool = True  # appears in the owner's where input
    sortable: bool = False  # the owner's order-field enum has a value for it: `sort`
    minimum: float | None = None
    maximum: float | None = None
    max_length: int = MAX_TEXT  # text values and each list item
    max_items: int = MAX_LIST
    pattern: str | None = None  # text values must match (fullmatch), e.g. ISO codes
    pattern_help: str = ""
    partial: Partial | None = None  # dates that accept YYYY and YYYY-MM on write
    exposed: bool = True  # False: stored but not part of the API (e.g. `synthetic`)
    default: Any = None  # stored on create when the input leaves the property out
    free_text: bool = False  # prose that may name other records: names of hidden organisations are withheld
    # A boolean mirrored as a label the node carries exactly when the value is true: the engine tests the label
    # (cheaper than a property read, and counted from Neo4j's label counts); every writer keeps it in sync.
    label: str | None = None

    def __post_init__(self) -> None:
        if (self.type is Scalar.ENUM) != (self.enum is not None):
            raise ValueError(f"{self.name}: an ENUM property names its enum, others none")
        if self.pattern is not None:
            re.compile(self.pattern)
        if self.label is not None and self.type is not Scalar.BOOL:
            raise ValueError(f"{self.name}: only a boolean property is mirrored as a label")

    @property
    def sort(self) -> str | None:
        """Its value in the owner's order-field enum (`budgetEur` -> `BUDGET_EUR`), when sortable."""
        return snake_upper(self.name) if self.sortable else None

    @property
    def settable(self) -> bool:
        """Whether an input may set it: its write rule allows it and the API shows it."""
        return self.write is not Write.NEVER and self.exposed

    @property
    def precision(self) -> Prop | None:
        """The `<name>Precision` companion of a partial date (read-only)."""
        if self.partial is None:
            return None
        from service.model.enums import DatePrecision

        return Prop(
            self.name + "Precision",
            Scalar.ENUM,
            f"How much of `{self.name}` the source gives.",
            enum=DatePrecision,
            write=Write.NEVER,
            filter=False,
        )


@dataclass(frozen=True)
class Rel:
    """A field of a node type that follows a relationship: `(this)-[:type]->(target)` when `out`."""

    name: str
    type: str
    target: str  # a node type name, possibly abstract (Organisation)
    out: bool
    shape: Shape
    description: str
    filters: tuple[RelFilter, ...] = ()
    filter_name: str | None = None  # the where field's base name when it is not the field's name
    edge: str | None = None  # the EdgeView whose edges carry the relationship's properties
    create_input: str | None = None  # the create input's field naming the targets (`countryIds`)

    @property
    def where_names(self) -> tuple[tuple[str, RelFilter], ...]:
        """The where-input fields this relationship contributes, with their meaning."""
        base = self.filter_name or self.name
        return tuple((base + f.value, f) for f in self.filters)


@dataclass(frozen=True)
class EdgeGroup:
    """The properties of a relationship type that is a record of its own (a participation, a membership)."""

    name: str  # GraphQL name stem: ParticipationOrder, Participation (the record's read type)
    type: str  # the relationship type
    description: str
    props: tuple[Prop, ...]
    sort_name: str = "NAME"  # the order field that sorts by the far node's name


@dataclass(frozen=True)
class EdgeView:
    """A connection over an edge group seen from one side: `ParticipantConnection` (from a project)."""

    name: str  # stem of <name>Connection, <name>Edge, <name>Where
    group: str  # EdgeGroup name
    far_field: str  # where-input field (and its description) naming the far node
    description: str  # of the edge type
    node_description: str


@dataclass(frozen=True)
class NodeType:
    """A node type of the graph: its label(s), properties, relationships and API names.

    An organisation kind names the abstract type it implements (`Organisation`) and carries that type's
    properties and relationships besides its own (graph.py merges them).
    """

    name: str  # GraphQL type name
    description: str
    props: tuple[Prop, ...]
    rels: tuple[Rel, ...] = ()
    label: str = ""  # its own label (default: the name)
    abstract: bool = False
    implements: str | None = None  # the abstract type a kind implements
    kind_value: str | None = None  # OrganisationKind value of a kind
    root: bool = False  # listed, looked up and searched at the root (list_field, lookup_field, search_kind)
    edge_name: str | None = None  # connection edge type name when `<name>Edge` would clash
    name_from: str | None = None  # a writable property whose value `name` copies (a project's title)
    natural_key: tuple[str, ...] = ("name",)  # properties unique per type (case-insensitive for text)
    id_from: str | None = None  # the property a new node's default id is (a country's iso2); else a slug of name
    extra_filters: tuple[str, ...] = field(default=())  # special where fields ("activeOn")

    @property
    def node_label(self) -> str:
        return self.label or self.name

    @property
    def lookup_field(self) -> str | None:
        """The root lookup field of a root type: its name in lowerCamelCase (`actionPlan`)."""
        return field_name(self.name) if self.root else None

    @property
    def list_field(self) -> str | None:
        """The root connection field of a root type: the lookup field's plural (`countries`, `coeBodies`,
        `networks`): y after a consonant becomes ies, a sibilant takes es, anything else s. An irregular plural
        would need a rule here."""
        one = self.lookup_field
        if one is None:
            return None
        if one.endswith("y") and one[-2:-1] not in ("a", "e", "i", "o", "u"):
            return one[:-1] + "ies"
        return one + ("es" if one.endswith(("s", "x", "z", "ch", "sh")) else "s")

    @property
    def search_kind(self) -> str | None:
        """The EntityKind value of a root type in search: its name in UPPER_SNAKE (`ACTION_PLAN`)."""
        return snake_upper(self.name) if self.root else None

    def prop(self, name: str) -> Prop | None:
        return next((p for p in self.props if p.name == name), None)

    def rel(self, name: str) -> Rel | None:
        return next((r for r in self.rels if r.name == name), None)


@dataclass(frozen=True)
class RelType:
    """A relationship type between two node types (MODEL.md's table). Structural links (`link`) are edited
    with linkEntities under the LinkKind `<SOURCE>_<TYPE>_<TARGET>`; records (`group`) have an edge group."""

    type: str
    source: str
    target: str
    description: str
    link: bool = True
    group: str | None = None
