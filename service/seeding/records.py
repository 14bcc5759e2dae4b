"""The records of seed files and staff import files, read against the registry (service/model/graph.py).

A record's property fields are the registry's names in snake_case (`startDate` -> `start_date`), so a property
added to the registry is read, and checked by service/model/values.py, without a second declaration. Link fields
(`countries`, `parent`) and the ends of a participation or membership (`org`, `project`) name records by id; a
file keeps a name of its own only where `names` says so (an organisation's `country` is the registry's
`locatedIn`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from service.core.errors import InvalidInputError
from service.model.catalog import GROUPS, KINDS, NODES, entity_props, kind_type
from service.model.enums import OrganisationKind
from service.model.graph import ORGANISATION, REL_TYPES
from service.model.spec import Prop, Rel, Write, snake_upper
from service.model.values import clean_value, disordered, ordered_pairs

# (field, message): where a reader reports a problem of the record it reads.
Report = Callable[[str, str], None]

# The names the seed and staff files keep for what the registry calls otherwise: an organisation's country, the
# organisation end of a participation or membership, the project a network was formed in.
LOCATED_IN: Final = {"locatedIn": "country"}
ORG_END: Final = {ORGANISATION: "org"}
FORMED_IN: Final = {"formedIn": "project"}


def field_name(name: str) -> str:
    """A registry name as a file field: `startDate` -> `start_date`, `ActionPlan` -> `action_plan`."""
    return snake_upper(name).lower()


@dataclass(frozen=True)
class Link:
    """A field of a node record naming the records it links to; `rel` gives type, direction, target and shape."""

    field: str
    rel: Rel


@dataclass(frozen=True)
class End:
    """A field of a participation or membership naming one of its ends (a record of node type `type`)."""

    field: str
    type: str


@dataclass(frozen=True)
class RecordFormat:
    """The fields of one kind of record: a node type's (`Project`) or an edge group's (`Participation`)."""

    owner: str
    fields: Mapping[str, Prop]  # file field -> the property it sets
    links: tuple[Link, ...] = ()  # node types: the relationships the record names, leaving it
    source: End | None = None  # edge groups: the organisation end
    targets: tuple[End, ...] = ()  # edge groups: the ends it may point at (exactly one per record)
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, registry_name: str) -> str:
        """The file's field for a registry name."""
        return self.names.get(registry_name, field_name(registry_name))

    @property
    def props(self) -> tuple[Prop, ...]:
        return tuple(self.fields.values())

    @property
    def columns(self) -> tuple[str, ...]:
        """Every field a record may have: id, properties, links or ends."""
        ends = [e.field for e in (self.source, *self.targets) if e is not None]
        return ("id", *self.fields, *(link.field for link in self.links), *ends)

    @property
    def required(self) -> tuple[str, ...]:
        """The fields every record must give (besides its id): required properties, and the ends that are not a
        choice between several."""
        out = [f for f, p in self.fields.items() if p.write is Write.REQUIRED]
        if self.source is not None:
            out.append(self.source.field)
        if len(self.targets) == 1:
            out.append(self.targets[0].field)
        return tuple(out)


def record_format(owner: str, *, names: Mapping[str, str] | None = None, extra: Sequence[str] = ()) -> RecordFormat:
    """The format of `owner`'s records: every property an input may write (`extra`: also these, which only
    imports write, e.g. iatiIdentifier), its outgoing structural links, or an edge group's ends."""
    renamed = dict(names or {})
    name = RecordFormat(owner, {}, names=renamed).name
    base = GROUPS[owner].props if owner in GROUPS else entity_props(owner)
    props = [p for p in base if p.exposed and (p.write is not Write.NEVER or p.name in extra)]
    fields = {name(p.name): p for p in props}
    if owner in GROUPS:
        types = [r for r in REL_TYPES if r.group == owner]
        source = End(name(types[0].source), types[0].source)
        targets = tuple(End(name(r.target), r.target) for r in types)
        return RecordFormat(owner, fields, source=source, targets=targets, names=renamed)
    links = tuple(Link(name(r.name), r) for r in NODES[owner].rels if r.out and r.edge is None)
    return RecordFormat(owner, fields, links=links, names=renamed)


def split_message(exc: InvalidInputError, field: str) -> tuple[str, str]:
    """(field, message) of a values.py error, whose message starts with the field it names
    (`budget_eur must be a number`, `sources[2] must be an http(s) URL`)."""
    text = exc.message
    if text.startswith(field):
        head, _, rest = text.partition(" ")
        return head.rstrip(":"), rest
    return exc.field or field, text


_KIND_VALUES: Final = frozenset(k.value for k in OrganisationKind)


def kind_of(fmt: RecordFormat, values: Mapping[str, Any]) -> str | None:
    """The node type of a record: an organisation's kind type (None while its kind is unknown), else the owner."""
    if fmt.owner != ORGANISATION:
        return fmt.owner
    kind = str(values.get(fmt.name("kind")))
    return kind_type(kind).name if kind in _KIND_VALUES else None


def pick_target(fmt: RecordFormat, given: Sequence[tuple[End, str]], report: Report) -> tuple[End, str] | None:
    """The one far end a participation or membership names among the target fields given (`given`: field and id);
    None after reporting a record that names none, or more than one."""
    names = " or ".join(t.field for t in fmt.targets)
    if not given:
        report(fmt.targets[0].field, f"one of {names} is required" if len(fmt.targets) > 1 else "is required")
        return None
    if len(given) > 1:
        report(given[1][0].field, f"give either {names}, not both")
        return None
    return given[0]


def read_props(fmt: RecordFormat, values: Mapping[str, Any], report: Report, *, complete: bool) -> dict[str, Any]:
    """The stored properties of one record (`values`: file field -> value), each checked by values.py.

    A `complete` record (a seed record) states every property: one it leaves out is stored as its declared
    default, or null. Otherwise (an import row) only the fields given are returned and the stored values of the
    others stay. An organisation may hold only its kind's own properties; periods must not end before they start.
    """
    kind = kind_of(fmt, values)
    own = {p.name for p in NODES[kind].props} if fmt.owner == ORGANISATION and kind is not None else None
    out: dict[str, Any] = {}
    for name, prop in fmt.fields.items():
        value = values.get(name)
        if own is not None and prop.name not in own:
            if value is not None:
                having = ", ".join(k.kind_value or k.name for k in KINDS if k.prop(prop.name))
                report(name, f"only {having} organisations have one (this one is {values.get(fmt.name('kind'))})")
            continue
        if value is None and not complete:
            if prop.write is Write.REQUIRED:
                report(name, "is required")
            continue
        if value is None and prop.default is not None:
            value = prop.default
        try:
            out |= clean_value(prop, value, field=name)
        except InvalidInputError as exc:
            report(*split_message(exc, name))
    for first, last in disordered(out, ordered_pairs(fmt.props)):
        report(fmt.name(last), f"{out[last]} is before {fmt.name(first)} {out[first]}")
    return out
